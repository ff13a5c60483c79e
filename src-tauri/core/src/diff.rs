//! Section-aware, word-level diff of two versions of an entry.
//!
//! A reviewer reads an entry by sections, so the diff does too. Sections are
//! matched by heading (the n-th section of a heading with the n-th), then
//! what is left by content similarity (a renamed heading); the order of the
//! matched sections tells which moved. Inside a changed section, changes are
//! word-level (see `words`), and a paragraph that went to another section
//! is one moved paragraph with its own small diff, not a deletion here and
//! an insertion there. On top, the entry's structure: Snapshot keys,
//! Related Pages, Sources and front matter fields.
//!
//! Invariants (checked by property tests):
//! - In every section, the equal and deleted texts concatenate to the old
//!   section's text, the equal and inserted ones to the new section's text;
//!   the sections, in old (or new) order, tile the old (or new) file exactly.
//!   Nothing is normalised: a BOM or a CRLF that changed is a change.
//! - The diff of a text with itself is all `unchanged`, every change `equal`.
//! - Never a panic, whatever the texts; past a complexity cap, changes get
//!   coarser (whole runs of lines), never wrong.
//!
//! The first "section" (`old_index`/`new_index` 0, heading `None`) is
//! everything before the first H2: front matter, title line and lead. H2
//! sections are numbered from 1 in their entry.

mod paragraphs;
mod sections;
mod structure;
mod words;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::entry::Entry;

pub use structure::{FieldChange, FieldChanges, FieldValue, ListChanges};
pub(crate) use words::word_tokens;

/// The version of the JSON shape (DESIGN.md, "Diff").
pub const DIFF_FORMAT_VERSION: u32 = 1;

/// How long the word-level comparisons of one diff may take before they
/// give up on the smallest edit (the result stays exact, only coarser).
const DIFF_TIME_LIMIT: Duration = Duration::from_millis(300);

/// The diff of two versions of an entry: DESIGN.md's JSON contract, plus
/// `front_matter` and `moves` (see ARCHITECTURE.md, "Departures from DESIGN.md").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryDiff {
    /// Always [`DIFF_FORMAT_VERSION`].
    pub version: u32,
    /// What the old side is, as the user named it (`HEAD~1:content/x.md`).
    pub old: String,
    /// What the new side is.
    pub new: String,
    /// Every section of both versions: in the new order, each removed
    /// section after the section it followed in the old version.
    pub sections: Vec<SectionDiff>,
    /// Snapshot items (`Key: value`) added, removed and changed.
    pub snapshot: FieldChanges,
    /// Related Pages added and removed, by the title each item links to.
    pub related: ListChanges,
    /// Sources added and removed (an edited source is one of each).
    pub sources: ListChanges,
    /// Front matter fields added, removed and changed.
    pub front_matter: FieldChanges,
    /// Paragraphs that moved from one section to another; the changes that
    /// delete and insert them carry the index of their move here.
    pub moves: Vec<ParagraphMove>,
}

/// One section across the two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    /// The heading in the old version; `None` for the lead or an added section.
    pub old_heading: Option<String>,
    /// The heading in the new version; `None` for the lead or a removed section.
    pub new_heading: Option<String>,
    /// Position in the old version (0 the lead, 1 the first H2); `None` when added.
    pub old_index: Option<usize>,
    /// Position in the new version; `None` when removed.
    pub new_index: Option<usize>,
    /// What happened to the section.
    pub status: SectionStatus,
    /// The section's text as equal, deleted and inserted pieces.
    pub changes: Vec<Change>,
}

/// What happened to a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SectionStatus {
    /// Same heading, same place, same text.
    Unchanged,
    /// Same heading and place, other text.
    Modified,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Same heading, other place among the sections; its text may also have changed.
    Moved,
    /// Other heading, mostly the same text (its place may also have changed).
    Renamed,
}

impl SectionStatus {
    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionStatus::Unchanged => "unchanged",
            SectionStatus::Modified => "modified",
            SectionStatus::Added => "added",
            SectionStatus::Removed => "removed",
            SectionStatus::Moved => "moved",
            SectionStatus::Renamed => "renamed",
        }
    }
}

/// A piece of a section's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether the piece is in both versions, only the old, or only the new.
    pub op: ChangeOp,
    /// The text, exactly as in the file (line endings included).
    pub text: String,
    /// For a paragraph that moved to or from another section: its index in
    /// [`EntryDiff::moves`]. Left out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<usize>,
}

/// Whether a piece of text is in both versions, only the old or only the new.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    /// In both.
    Equal,
    /// Only in the new version.
    Insert,
    /// Only in the old version.
    Delete,
}

/// A paragraph that left one section for another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParagraphMove {
    /// The old section's heading (`None`: the lead).
    pub from_heading: Option<String>,
    /// The old section's index in the old version.
    pub from_index: usize,
    /// The new section's heading (`None`: the lead).
    pub to_heading: Option<String>,
    /// The new section's index in the new version.
    pub to_index: usize,
    /// The paragraph's own changes on the way, trailing blank lines aside.
    pub changes: Vec<Change>,
}

/// Compares two versions of an entry. The labels ([`EntryDiff::old`],
/// [`EntryDiff::new`]) start empty; callers set them to what they compared.
pub fn diff_entries(old: &Entry, new: &Entry) -> EntryDiff {
    let deadline = Instant::now() + DIFF_TIME_LIMIT;
    let old_file = sections::File::new(old);
    let new_file = sections::File::new(new);
    let rows = sections::match_sections(&old_file, &new_file);
    let (sections, moves) = paragraphs::section_changes(&old_file, &new_file, &rows, deadline);
    EntryDiff {
        version: DIFF_FORMAT_VERSION,
        old: String::new(),
        new: String::new(),
        sections,
        snapshot: structure::snapshot(old, new),
        related: structure::related(old, new),
        sources: structure::sources(old, new),
        front_matter: structure::front_matter(old, new),
        moves,
    }
}

/// Word-level changes between two short texts (a Snapshot value, a
/// heading), with the same cap and deadline as inside sections.
pub fn diff_words(old: &str, new: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    words::push_changes(&mut changes, old, new, Instant::now() + DIFF_TIME_LIMIT);
    changes
}

/// How alike two texts are, by the words they share: 1 for the same
/// words, 0 for none in common. Used to pair renamed files too.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    sections::Words::new(a).similarity(&sections::Words::new(b))
}

/// The sections that differ between two versions, matched as
/// [`diff_entries`] matches them (a moved or renamed section is one
/// section), without their word changes: each one's heading (the new one,
/// the old one for a removed section, `None` for the lead) and status, in
/// the new order, a removed section after the one it followed.
pub fn changed_sections(old: &Entry, new: &Entry) -> Vec<(Option<String>, SectionStatus)> {
    let old_file = sections::File::new(old);
    let new_file = sections::File::new(new);
    sections::match_sections(&old_file, &new_file)
        .into_iter()
        .filter(|row| row.status != SectionStatus::Unchanged)
        .map(|row| {
            let heading = match (row.new, row.old) {
                (Some(index), _) => new_file.parts[index].heading.clone(),
                (None, Some(index)) => old_file.parts[index].heading.clone(),
                (None, None) => None,
            };
            (heading, row.status)
        })
        .collect()
}

/// For each H2 section of `old` (its index in [`Entry::sections`]), the
/// section of `new` it is, paired as [`diff_entries`] pairs them: by
/// heading, then by content (a renamed section); `None` when it is gone.
/// The merge pairs sections with it, so a section the diff shows as moved
/// or renamed is one section there too.
pub(crate) fn section_pairs(old: &Entry, new: &Entry) -> Vec<Option<usize>> {
    let old_file = sections::File::new(old);
    let new_file = sections::File::new(new);
    let mut pairs = vec![None; old.sections().len()];
    for row in sections::match_sections(&old_file, &new_file) {
        // Index 0 is the lead part in both files, not a section.
        if let (Some(old_index @ 1..), Some(new_index @ 1..)) = (row.old, row.new) {
            pairs[old_index - 1] = Some(new_index - 1);
        }
    }
    pairs
}

/// [`diff_entries`] on two texts as read from their files, with labels.
pub fn diff_texts(old_label: &str, old: &str, new_label: &str, new: &str) -> EntryDiff {
    // A 1 MB entry takes milliseconds to parse: both at once.
    let (old_entry, new_entry) = rayon::join(|| Entry::parse(old), || Entry::parse(new));
    let mut diff = diff_entries(&old_entry, &new_entry);
    diff.old = old_label.to_owned();
    diff.new = new_label.to_owned();
    diff
}

impl EntryDiff {
    /// Whether the two versions are the same, byte for byte.
    pub fn is_unchanged(&self) -> bool {
        self.sections.iter().all(|section| section.status == SectionStatus::Unchanged)
    }

    /// The old version's text, rebuilt from the changes (old order).
    pub fn old_text(&self) -> String {
        let mut sections: Vec<&SectionDiff> = self.sections.iter().filter(|s| s.old_index.is_some()).collect();
        sections.sort_by_key(|section| section.old_index);
        sections.iter().flat_map(|section| section.changes.iter()).filter(|c| c.op != ChangeOp::Insert).fold(
            String::new(),
            |mut text, change| {
                text.push_str(&change.text);
                text
            },
        )
    }

    /// The new version's text, rebuilt from the changes: applying the diff
    /// to the old text.
    pub fn new_text(&self) -> String {
        let sections = self.sections.iter().filter(|section| section.new_index.is_some());
        sections.flat_map(|section| section.changes.iter()).filter(|c| c.op != ChangeOp::Delete).fold(
            String::new(),
            |mut text, change| {
                text.push_str(&change.text);
                text
            },
        )
    }

    /// One line for people: "Definition modified · Snapshot: Current public
    /// role changed · Sources +2 −1"; "no changes" when there are none.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for section in &self.sections {
            let name = |heading: &Option<String>| heading.clone().unwrap_or_else(|| "Lead".to_owned());
            match section.status {
                SectionStatus::Unchanged => {}
                SectionStatus::Renamed => {
                    parts.push(format!("{} renamed to {}", name(&section.old_heading), name(&section.new_heading)))
                }
                SectionStatus::Removed => parts.push(format!("{} removed", name(&section.old_heading))),
                status => parts.push(format!("{} {}", name(&section.new_heading), status.as_str())),
            }
        }
        if !self.moves.is_empty() {
            let count = self.moves.len();
            parts.push(format!("{count} paragraph{} moved", if count == 1 { "" } else { "s" }));
        }
        if let Some(text) = self.snapshot.summary() {
            parts.push(format!("Snapshot: {text}"));
        }
        if let Some(text) = self.front_matter.summary() {
            parts.push(format!("Front matter: {text}"));
        }
        for (name, list) in [("Related Pages", &self.related), ("Sources", &self.sources)] {
            if !list.is_empty() {
                parts.push(format!("{name} +{} \u{2212}{}", list.added.len(), list.removed.len()));
            }
        }
        if parts.is_empty() { "no changes".to_owned() } else { parts.join(" \u{b7} ") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "---\ntitle: T\n---\n\n# T\n\nLead text.\n\n## Snapshot\n\n- Role: professor\n- Born: 1984\n\n## Definition\n\nThe first paragraph says one thing.\n\nA paragraph that will travel to another section.\n\n## History\n\nIt began in 2010.\n\n## Awards\n\nMany awards were given over the years.\n\n## Related Pages\n\n- [[A]]\n- [[B]]\n\n## Sources\n\n- Source one, 2020.\n";
    const NEW: &str = "---\ntitle: T\nreviewed: 2026-06-16\n---\n\n# T\n\nLead text.\n\n## Snapshot\n\n- Role: associate professor\n- Field: vision\n\n## Honours\n\nMany awards were given over the years.\n\n## Definition\n\nThe first paragraph says another thing.\n\n## History\n\nIt began in 2010.\n\nA paragraph that will travel to another section.\n\n## Related Pages\n\n- [[A]]\n- [[C]]\n\n## Sources\n\n- Source one, 2020.\n- Source two, 2024.\n";

    fn statuses(diff: &EntryDiff) -> Vec<(Option<&str>, &str)> {
        diff.sections
            .iter()
            .map(|s| (s.new_heading.as_deref().or(s.old_heading.as_deref()), s.status.as_str()))
            .collect()
    }

    // The example a reviewer meets: each kind of section change at once.
    // What the disk changed is told by the diff's pairing: a renamed
    // section is one change under its new heading, not one removed and one
    // added; an edit and a removal are named; unchanged sections are not.
    #[test]
    fn changed_sections_pair_as_the_diff_does() {
        let body =
            "Residual learning reformulates the layers as learning residual functions with reference to the inputs.";
        let old =
            format!("# A\n\nLead.\n\n## Method\n\n{body}\n\n## Results\n\nGood.\n\n## Gone\n\nG.\n\n## Notes\n\nN.\n");
        let new = format!("# A\n\nLead.\n\n## Approach\n\n{body}\n\n## Results\n\nBetter.\n\n## Notes\n\nN.\n");
        let changed = changed_sections(&Entry::parse(&old), &Entry::parse(&new));
        let named: Vec<(Option<&str>, SectionStatus)> =
            changed.iter().map(|(heading, status)| (heading.as_deref(), *status)).collect();
        assert_eq!(
            named,
            [
                (Some("Approach"), SectionStatus::Renamed),
                (Some("Results"), SectionStatus::Modified),
                (Some("Gone"), SectionStatus::Removed),
            ]
        );
    }

    #[test]
    fn reports_each_section_status() {
        let diff = diff_texts("old", OLD, "new", NEW);
        assert_eq!(
            statuses(&diff),
            [
                (None, "modified"),
                (Some("Snapshot"), "modified"),
                (Some("Honours"), "renamed"),
                (Some("Definition"), "modified"),
                (Some("History"), "modified"),
                (Some("Related Pages"), "modified"),
                (Some("Sources"), "modified"),
            ]
        );
        assert_eq!(diff.moves.len(), 1, "{:#?}", diff.moves);
        assert_eq!(diff.moves[0].from_heading.as_deref(), Some("Definition"));
        assert_eq!(diff.moves[0].to_heading.as_deref(), Some("History"));
        assert_eq!(diff.old_text(), OLD);
        assert_eq!(diff.new_text(), NEW);
        assert_eq!(
            diff.summary(),
            "Lead modified · Snapshot modified · Awards renamed to Honours · Definition modified · History modified · Related Pages modified · Sources modified · 1 paragraph moved · Snapshot: Role changed, Field added, Born removed · Front matter: reviewed added · Related Pages +1 −1 · Sources +1 −0"
        );
    }

    // Same text: nothing to report, and the exit code says so.
    #[test]
    fn same_text_is_unchanged() {
        let diff = diff_texts("a", OLD, "b", OLD);
        assert!(diff.is_unchanged());
        assert!(diff.sections.iter().all(|s| s.changes.iter().all(|c| c.op == ChangeOp::Equal)));
        assert_eq!(diff.summary(), "no changes");
    }

    // A section whose place changed, heading kept, is `moved`, not removed and added.
    #[test]
    fn reordered_sections_are_moved() {
        let old = "# T\n\n## A\n\na\n\n## B\n\nb\n\n## C\n\nc\n";
        let new = "# T\n\n## B\n\nb\n\n## C\n\nc\n\n## A\n\na\n";
        let diff = diff_texts("", old, "", new);
        let moved: Vec<_> = diff.sections.iter().filter(|s| s.status == SectionStatus::Moved).collect();
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].new_heading.as_deref(), Some("A"));
        assert_eq!((moved[0].old_index, moved[0].new_index), (Some(1), Some(3)));
        assert_eq!(diff.new_text(), new);
        assert_eq!(diff.old_text(), old);
    }
}
