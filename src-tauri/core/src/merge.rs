//! Three-way merge of entry texts: "changed on disk while I was editing" in
//! the app, and git's merge driver (`quire merge-file`).
//!
//! `base` is the common ancestor, `ours` the text being merged into (the
//! editor's, or git's current branch), `theirs` the other change (the disk,
//! or the branch being merged). The merge goes from the largest unit to the
//! smallest, and a unit changed on one side only takes that side, whatever
//! happened elsewhere:
//!
//! 1. Parts: front matter, preamble, lead, and H2 sections paired as the
//!    diff pairs them (by heading, then by content, so a section moved or
//!    renamed on one side still meets its edits from the other).
//! 2. The front matter, key by key: a key changed on one side takes that
//!    side; lists (`aliases: [a, b]` or `- a` lines) merge by item; two
//!    different `reviewed` dates give the later one.
//! 3. Within a part, units (see `blocks`): paragraphs, list items, headings,
//!    code blocks. Items both sides added or removed around the same place
//!    merge as a union in a stable order, without duplicates, removals
//!    honoured.
//! 4. Within a paragraph or item changed on both sides, words (UAX #29, the
//!    diff's splitter); a code block by lines.
//!
//! What is still left changed two ways becomes one conflict per unit (a
//! paragraph, an item, a key), both versions between markers that name the
//! section (`<<<<<<< ours: Definition`); the rest of the text is merged. A
//! section deleted on one side and changed on the other is a conflict, not a
//! deletion. Sections follow the order of `ours`, unless only `theirs`
//! reordered them. A text that is not Markdown is merged by lines, as git
//! does.
//!
//! Nothing is dropped: everything either side added is in the result, in a
//! clean merge or between markers. The result keeps the BOM and line ending
//! of `ours`; a side that did not change gives the other side verbatim.
//! Whether the text ends with a line ending is merged like a one-line
//! change (never removing a blank line). Diffs share one deadline, past
//! which they get coarser (more conflicts, never a wrong merge).

mod blocks;
mod diff3;
mod front_matter;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::date::Date;
use crate::diff::{section_pairs, word_tokens};
use crate::entry::Entry;
use crate::text::LineEnding;

use blocks::Kind;
use diff3::{Region, diff3};

const BOM: &str = "\u{feff}";
/// Past this, the diffs of one merge give up on finding the smallest edit
/// and report coarser (still correct) ones, so a pathological text cannot
/// hang a save or a `git merge`.
const DIFF_TIME_LIMIT: Duration = Duration::from_millis(500);
/// Larger paragraphs are not merged word by word (the diff's own cap): both
/// versions of such a paragraph changed two ways are a conflict.
const WORD_MERGE_MAX_BYTES: usize = 16 * 1024;

/// How a merge writes its conflicts and reads its texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeOptions {
    /// Named on the line that opens a conflict (`<<<<<<< yours: Definition`).
    pub ours_label: String,
    /// Named on the line that closes it (`>>>>>>> on disk: Definition`).
    pub theirs_label: String,
    /// How many `<`, `=` and `>` a marker has (git's `--marker-size`; at least 1).
    pub marker_size: usize,
    /// Whether the texts are Markdown entries; when not, they are merged by
    /// lines only.
    pub markdown: bool,
}

impl Default for MergeOptions {
    /// The app's: `yours` and `on disk`, markers of 7, Markdown.
    fn default() -> Self {
        MergeOptions {
            ours_label: "yours".to_owned(),
            theirs_label: "on disk".to_owned(),
            marker_size: 7,
            markdown: true,
        }
    }
}

/// The result of [`merge3`] and [`merge_texts`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeOutcome {
    /// Both sides' changes, merged without a conflict.
    Clean(String),
    /// Some changes overlapped; they are in the text between conflict
    /// markers, both sides of the unit in full.
    Conflicted {
        /// The merged text with `<<<<<<< yours: …` / `=======` / `>>>>>>> on disk: …` blocks.
        merged_with_markers: String,
        /// How many conflict blocks the text holds.
        conflicts: usize,
    },
}

impl MergeOutcome {
    /// The merged text, with conflict markers if there are conflicts.
    pub fn text(&self) -> &str {
        match self {
            MergeOutcome::Clean(text) => text,
            MergeOutcome::Conflicted { merged_with_markers, .. } => merged_with_markers,
        }
    }

    /// Whether the merge had no conflict.
    pub fn is_clean(&self) -> bool {
        matches!(self, MergeOutcome::Clean(_))
    }
}

/// Merges the changes from `base` to `ours` (the editor) and from `base` to
/// `theirs` (the disk), with the app's markers ([`MergeOptions::default`]).
/// See the module documentation for the rules.
pub fn merge3(base: &str, ours: &str, theirs: &str) -> MergeOutcome {
    merge_texts(base, ours, theirs, &MergeOptions::default())
}

/// Merges the changes from `base` to `ours` and from `base` to `theirs`.
/// See the module documentation for the rules.
pub fn merge_texts(base: &str, ours: &str, theirs: &str, options: &MergeOptions) -> MergeOutcome {
    if ours == theirs || theirs == base {
        return MergeOutcome::Clean(ours.to_owned());
    }
    if ours == base {
        return MergeOutcome::Clean(theirs.to_owned());
    }
    let ours_bom = ours.starts_with(BOM);
    let ending = LineEnding::detect(strip_bom(ours)).as_str();
    let base = Version::new(base, ending, true);
    let ours = Version::new(ours, ending, false);
    let theirs = Version::new(theirs, ending, true);

    let mut merger = Merger { options, ending, deadline: Instant::now() + DIFF_TIME_LIMIT, conflicts: 0 };
    let mut merged = String::with_capacity(ours.text.len() + theirs.text.len() / 4);
    if ours_bom {
        merged.push_str(BOM);
    }
    if options.markdown {
        // Parsing is most of a merge's time (a 1 MB entry takes
        // milliseconds): the three at once.
        let ((base_parts, ours_parts), theirs_parts) =
            rayon::join(|| rayon::join(|| parts(&base.text), || parts(&ours.text)), || parts(&theirs.text));
        for identity in identities(&base_parts, &ours_parts, &theirs_parts) {
            let (base_part, ours_part, theirs_part) = (
                identity.base.map(|index| &base_parts.parts[index]),
                identity.ours.map(|index| &ours_parts.parts[index]),
                identity.theirs.map(|index| &theirs_parts.parts[index]),
            );
            // Named as it was, so that both sides write the same markers.
            let name = base_part.or(ours_part).or(theirs_part).map(|part| part.name.as_str());
            let is_front_matter = identity.base == Some(0) || identity.ours == Some(0) || identity.theirs == Some(0);
            merger.merge_part(
                &mut merged,
                base_part.map(|part| part.text.as_str()),
                ours_part.map(|part| part.text.as_str()),
                theirs_part.map(|part| part.text.as_str()),
                name,
                is_front_matter,
            );
        }
    } else {
        merger.merge_lines(&mut merged, &base.text, &ours.text, &theirs.text, None);
    }

    // The final line ending, merged like a one-line change (an empty text
    // has no last line, so no say). Never at the cost of a blank line.
    let final_newline = match (ours.text.is_empty(), theirs.text.is_empty()) {
        (false, false) if ours.final_newline == base.final_newline && !base.text.is_empty() => theirs.final_newline,
        (false, _) => ours.final_newline,
        (true, false) => theirs.final_newline,
        (true, true) => true,
    };
    if !final_newline {
        let without = merged.strip_suffix(ending).or_else(|| merged.strip_suffix('\n'));
        // Only a last line with text gives up its ending: the ending of an
        // empty last line is the whole line.
        if let Some(without) = without.filter(|rest| !rest.is_empty() && !rest.ends_with('\n')) {
            merged.truncate(without.len());
        }
    }
    match merger.conflicts {
        0 => MergeOutcome::Clean(merged),
        conflicts => MergeOutcome::Conflicted { merged_with_markers: merged, conflicts },
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// One side, ready to merge: without its BOM, in the line ending of
/// `ours`, ending with a line ending so that every line is whole.
struct Version {
    text: String,
    final_newline: bool,
}

impl Version {
    fn new(text: &str, ending: &str, convert: bool) -> Version {
        let text = strip_bom(text);
        let final_newline = text.ends_with('\n');
        let mut text = match (convert, ending) {
            (false, _) => text.to_owned(),
            (true, "\n") => text.replace("\r\n", "\n"),
            (true, _) => text.replace("\r\n", "\n").replace('\n', ending),
        };
        if !text.is_empty() && !final_newline {
            text.push_str(ending);
        }
        Version { text, final_newline }
    }
}

/// What matches a part across versions when nothing else does: sections
/// both sides added under the same heading (the n-th of that title).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Fixed(usize),
    Section(String, usize),
}

struct Part {
    key: Key,
    /// What conflict markers call the part.
    name: String,
    text: String,
}

/// An entry text's parts and the pairing input for its sections.
struct Parts {
    entry: Entry,
    parts: Vec<Part>,
}

/// The parts of an entry text, in order: front matter, preamble, lead,
/// sections. They tile the text.
fn parts(text: &str) -> Parts {
    let entry = Entry::parse(text);
    // A second BOM, which the parse keeps aside, stays with the first part.
    let lost_bom = if entry.has_bom() { BOM } else { "" };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let titles = entry.sections().iter().map(|section| {
        let title = section.title().unwrap_or("");
        let count = seen.entry(title).or_insert(0);
        *count += 1;
        (Key::Section(title.to_owned(), *count - 1), title.to_owned())
    });
    let fixed = ["front matter", "title", "lead"]
        .into_iter()
        .enumerate()
        .map(|(index, name)| (Key::Fixed(index), name.to_owned()));
    let parts = entry
        .parts()
        .zip(fixed.chain(titles))
        .enumerate()
        .map(|(index, (span, (key, name)))| {
            let prefix = if index == 0 { lost_bom } else { "" };
            Part { key, name, text: format!("{prefix}{}", &entry.text()[span]) }
        })
        .collect();
    Parts { entry, parts }
}

/// Parts before the sections: front matter, preamble, lead.
const FIXED_PARTS: usize = 3;

/// One part across the three versions (indexes into each one's parts).
#[derive(Clone, Copy, Debug, Default)]
struct Identity {
    base: Option<usize>,
    ours: Option<usize>,
    theirs: Option<usize>,
}

/// Matches the parts of the three versions and puts them in output order.
fn identities(base_parts: &Parts, ours_parts: &Parts, theirs_parts: &Parts) -> Vec<Identity> {
    let (base, ours, theirs) = (&base_parts.parts, &ours_parts.parts, &theirs_parts.parts);
    let ours_of_base = match_parts(base_parts, ours_parts);
    let theirs_of_base = match_parts(base_parts, theirs_parts);
    let mut identities: Vec<Identity> = (0..base.len())
        .map(|index| Identity { base: Some(index), ours: ours_of_base[index], theirs: theirs_of_base[index] })
        .collect();
    let mut identity_of_ours = vec![None; ours.len()];
    let mut identity_of_theirs = vec![None; theirs.len()];
    for (index, identity) in identities.iter().enumerate() {
        if let Some(side) = identity.ours {
            identity_of_ours[side] = Some(index);
        }
        if let Some(side) = identity.theirs {
            identity_of_theirs[side] = Some(index);
        }
    }
    // Sections both sides added under the same heading are one section.
    let theirs_added: HashMap<&Key, usize> = (0..theirs.len())
        .filter(|&index| identity_of_theirs[index].is_none())
        .map(|index| (&theirs[index].key, index))
        .collect();
    for index in 0..ours.len() {
        if identity_of_ours[index].is_some() {
            continue;
        }
        let theirs_index = theirs_added.get(&ours[index].key).copied();
        identity_of_ours[index] = Some(identities.len());
        if let Some(theirs_index) = theirs_index {
            identity_of_theirs[theirs_index] = Some(identities.len());
        }
        identities.push(Identity { base: None, ours: Some(index), theirs: theirs_index });
    }
    for (index, slot) in identity_of_theirs.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = Some(identities.len());
            identities.push(Identity { base: None, ours: None, theirs: Some(index) });
        }
    }

    let ours_order: Vec<usize> = identity_of_ours.into_iter().flatten().collect();
    let theirs_order: Vec<usize> = identity_of_theirs.into_iter().flatten().collect();
    let keeps_base_order =
        |order: &[usize]| order.iter().filter_map(|&id| identities[id].base).collect::<Vec<_>>().is_sorted();
    let (primary, secondary) = if keeps_base_order(&ours_order) && !keeps_base_order(&theirs_order) {
        (theirs_order, ours_order)
    } else {
        (ours_order, theirs_order)
    };
    // Each side's own parts go after the part they follow there (the last
    // one both orders hold). Where both sides have parts of their own after
    // the same part, the two runs go in text order, so that the result does
    // not depend on which side is ours. Collected per part, not inserted
    // into the order one by one, which was quadratic in the number of
    // sections (R2).
    let mut in_primary = vec![false; identities.len()];
    for &id in &primary {
        in_primary[id] = true;
    }
    let mut in_secondary = vec![false; identities.len()];
    // `following[0]`: before every part; `following[id + 1]`: after `id`.
    let mut following: Vec<Vec<usize>> = vec![Vec::new(); identities.len() + 1];
    let mut after = 0;
    for id in secondary {
        in_secondary[id] = true;
        if in_primary[id] {
            after = id + 1;
        } else {
            following[after].push(id);
        }
    }
    let texts = |ids: &[usize]| -> Vec<&str> {
        let text = |id: usize| {
            let identity = identities[id];
            identity.ours.map(|index| &ours[index]).or(identity.theirs.map(|index| &theirs[index]))
        };
        ids.iter().filter_map(|&id| text(id)).map(|part| part.text.as_str()).collect()
    };
    let mut order = Vec::with_capacity(identities.len());
    let mut run: Vec<usize> = Vec::new();
    let mut anchor = 0;
    for id in primary.into_iter().map(Some).chain([None]) {
        if id.is_some_and(|id| !in_secondary[id]) {
            run.extend(id);
            continue;
        }
        let other = std::mem::take(&mut following[anchor]);
        let (first, second) = if texts(&run) <= texts(&other) { (&run, &other) } else { (&other, &run) };
        order.extend(first.iter().chain(second));
        run.clear();
        if let Some(id) = id {
            order.push(id);
            anchor = id + 1;
        }
    }
    // Parts both sides deleted appear in neither order, and are gone.
    order.into_iter().map(|id| identities[id]).collect()
}

/// For each part of `base`, the matching part of `side`: the fixed parts by
/// kind, sections as the diff pairs them (heading, then content); then,
/// between paired sections, runs of unpaired ones of the same length pair
/// up in order (a heading renamed along with most of its text).
fn match_parts(base: &Parts, side: &Parts) -> Vec<Option<usize>> {
    let mut pairs: Vec<Option<usize>> = (0..FIXED_PARTS).map(Some).collect();
    pairs.extend(section_pairs(&base.entry, &side.entry).into_iter().map(|pair| pair.map(|index| index + FIXED_PARTS)));
    let (base, side) = (&base.parts, &side.parts);
    pairs.resize(base.len(), None);
    let mut used = vec![false; side.len()];
    for &index in pairs.iter().flatten() {
        used[index] = true;
    }
    let mut index = 0;
    while index < base.len() {
        if pairs[index].is_some() {
            index += 1;
            continue;
        }
        let run = index;
        while index < base.len() && pairs[index].is_none() {
            index += 1;
        }
        // The run is maximal: the part before it is matched (or it starts the text).
        let from = run.checked_sub(1).and_then(|before| pairs[before]).map_or(0, |side| side + 1);
        let to = pairs.get(index).copied().flatten().unwrap_or(side.len());
        let free: Vec<usize> = (from..to.max(from)).filter(|&side| !used[side]).collect();
        if free.len() == index - run {
            for (offset, side) in free.into_iter().enumerate() {
                pairs[run + offset] = Some(side);
                used[side] = true;
            }
        }
    }
    pairs
}

/// The merge's state: its options, its deadline, the conflicts so far.
struct Merger<'a> {
    options: &'a MergeOptions,
    /// The line ending of `ours`, which every version was given.
    ending: &'a str,
    deadline: Instant,
    conflicts: usize,
}

impl Merger<'_> {
    /// Merges one part into `out`.
    fn merge_part(
        &mut self,
        out: &mut String,
        base: Option<&str>,
        ours: Option<&str>,
        theirs: Option<&str>,
        name: Option<&str>,
        is_front_matter: bool,
    ) {
        match (base, ours, theirs) {
            (_, Some(ours), Some(theirs)) if ours == theirs => out.push_str(ours),
            (Some(base), Some(ours), Some(theirs)) if ours == base => out.push_str(theirs),
            (Some(base), Some(ours), Some(theirs)) if theirs == base => out.push_str(ours),
            (Some(base), Some(ours), Some(theirs)) => {
                if !(is_front_matter && self.merge_front_matter(out, base, ours, theirs, name)) {
                    self.merge_units(out, base, ours, theirs, name);
                }
            }
            // Added on both sides: what both wrote is the common ground.
            (None, Some(ours), Some(theirs)) => {
                let (ours, theirs) = (blocks::blocks(ours), blocks::blocks(theirs));
                let common = diff3::common(&ours, &theirs, self.deadline);
                let common: Vec<&str> = common.iter().map(String::as_str).collect();
                self.merge_unit_lists(out, &common, &ours, &theirs, name);
            }
            // Deleted on one side: gone if the other left it alone, else a conflict.
            (Some(base), Some(ours), None) if ours == base => {}
            (Some(base), None, Some(theirs)) if theirs == base => {}
            (Some(_), Some(ours), None) => self.conflict(out, ours, "", name),
            (Some(_), None, Some(theirs)) => self.conflict(out, "", theirs, name),
            (None, Some(only), None) | (None, None, Some(only)) => out.push_str(only),
            (_, None, None) => {}
        }
    }

    /// Merges a part unit by unit (paragraphs, items, headings, code).
    fn merge_units(&mut self, out: &mut String, base: &str, ours: &str, theirs: &str, name: Option<&str>) {
        self.merge_unit_lists(out, &blocks::blocks(base), &blocks::blocks(ours), &blocks::blocks(theirs), name);
    }

    /// [`Merger::merge_units`] on texts already cut into units.
    fn merge_unit_lists(
        &mut self,
        out: &mut String,
        base: &[&str],
        ours: &[&str],
        theirs: &[&str],
        name: Option<&str>,
    ) {
        for region in diff3(base, ours, theirs, self.deadline) {
            match region {
                Region::Resolved(blocks) => blocks.iter().for_each(|block| out.push_str(block)),
                Region::Conflict { base, ours, theirs } => self.resolve_units(out, base, ours, theirs, name),
            }
        }
    }

    /// Units changed two ways at one place: inside the unit when it is one,
    /// a union when they are list items, unit by unit when both sides kept
    /// the count; else one conflict for the whole stretch.
    fn resolve_units(&mut self, out: &mut String, base: &[&str], ours: &[&str], theirs: &[&str], name: Option<&str>) {
        // What both sides have at either end (and the base too, if it has
        // anything) is no part of the change.
        let prefix = ours.iter().zip(theirs).take_while(|(ours, theirs)| ours == theirs).count();
        let suffix = ours[prefix..]
            .iter()
            .rev()
            .zip(theirs[prefix..].iter().rev())
            .take_while(|(ours, theirs)| ours == theirs)
            .count();
        let base_has = |units: &[&str]| {
            base.len() >= prefix + suffix
                && base[..prefix] == units[..prefix]
                && base[base.len() - suffix..] == units[units.len() - suffix..]
        };
        if prefix + suffix > 0 && (base.is_empty() || base_has(ours)) {
            let base = if base.is_empty() { base } else { &base[prefix..base.len() - suffix] };
            ours[..prefix].iter().for_each(|unit| out.push_str(unit));
            self.resolve_units(
                out,
                base,
                &ours[prefix..ours.len() - suffix],
                &theirs[prefix..theirs.len() - suffix],
                name,
            );
            ours[ours.len() - suffix..].iter().for_each(|unit| out.push_str(unit));
            return;
        }
        let all_items = |units: &[&str]| units.iter().all(|unit| blocks::kind(unit) == Kind::Item);
        if base.len() == 1 && ours.len() == 1 && theirs.len() == 1 {
            self.merge_unit(out, base[0], ours[0], theirs[0], name);
        } else if all_items(base) && all_items(ours) && all_items(theirs) {
            // Items one side removed and the other rewrote: like a section
            // deleted on one side and edited on the other, a conflict.
            let rewrote = |side: &[&str]| !side.is_empty() && !side.iter().any(|item| base.contains(item));
            if !base.is_empty() && ((ours.is_empty() && rewrote(theirs)) || (theirs.is_empty() && rewrote(ours))) {
                self.conflict(out, &ours.concat(), &theirs.concat(), name);
            } else {
                out.extend(union(base, ours, theirs));
            }
        } else if base.len() == ours.len() && ours.len() == theirs.len() {
            for ((base, ours), theirs) in base.iter().zip(ours).zip(theirs) {
                match (ours == theirs || theirs == base, ours == base) {
                    (true, _) => out.push_str(ours),
                    (false, true) => out.push_str(theirs),
                    (false, false) => self.merge_unit(out, base, ours, theirs, name),
                }
            }
        } else {
            // Units split or joined (a blank line added inside a paragraph):
            // their lines may still merge. Else one conflict, without what
            // both sides have at its ends.
            if let Some(merged) = self.merge_clean(&base.concat(), &ours.concat(), &theirs.concat(), lines) {
                out.push_str(&merged);
                return;
            }
            ours[..prefix].iter().for_each(|unit| out.push_str(unit));
            let middle = |units: &[&str]| units[prefix..units.len() - suffix].concat();
            self.conflict(out, &middle(ours), &middle(theirs), name);
            ours[ours.len() - suffix..].iter().for_each(|unit| out.push_str(unit));
        }
    }

    /// One unit changed two ways: merged by words (code by lines), else a
    /// conflict holding the unit's two versions.
    fn merge_unit(&mut self, out: &mut String, base: &str, ours: &str, theirs: &str, name: Option<&str>) {
        let code = [base, ours, theirs].iter().any(|unit| blocks::kind(unit) == Kind::Code);
        let merged =
            if code { self.merge_clean(base, ours, theirs, lines) } else { self.merge_words(base, ours, theirs) };
        match merged {
            Some(text) => out.push_str(&text),
            None => self.conflict(out, ours, theirs, name),
        }
    }

    /// diff3 by words; `None` when two changes overlap or a version is too
    /// large to compare by words.
    fn merge_words(&self, base: &str, ours: &str, theirs: &str) -> Option<String> {
        if [base, ours, theirs].iter().any(|text| text.len() > WORD_MERGE_MAX_BYTES) {
            return None;
        }
        self.merge_clean(base, ours, theirs, word_tokens)
    }

    /// diff3 on the tokens `split` gives; `None` when two changes overlap.
    fn merge_clean<'t>(
        &self,
        base: &'t str,
        ours: &'t str,
        theirs: &'t str,
        split: fn(&str) -> Vec<&str>,
    ) -> Option<String> {
        let (base, ours, theirs) = (split(base), split(ours), split(theirs));
        let mut merged = String::new();
        for region in diff3(&base, &ours, &theirs, self.deadline) {
            match region {
                Region::Resolved(tokens) => tokens.iter().for_each(|token| merged.push_str(token)),
                Region::Conflict { .. } => return None,
            }
        }
        Some(merged)
    }

    /// diff3 by lines, a conflict per overlapping stretch (texts that are
    /// not Markdown, as git merges them).
    fn merge_lines(&mut self, out: &mut String, base: &str, ours: &str, theirs: &str, name: Option<&str>) {
        let (base, ours, theirs) = (lines(base), lines(ours), lines(theirs));
        for region in diff3(&base, &ours, &theirs, self.deadline) {
            match region {
                Region::Resolved(tokens) => tokens.iter().for_each(|token| out.push_str(token)),
                Region::Conflict { ours, theirs, .. } => self.conflict(out, &ours.concat(), &theirs.concat(), name),
            }
        }
    }

    /// The front matter key by key; `false` (nothing written) when a
    /// version is not a block of keys this merge reads.
    fn merge_front_matter(
        &mut self,
        out: &mut String,
        base: &str,
        ours: &str,
        theirs: &str,
        name: Option<&str>,
    ) -> bool {
        use front_matter::Block;
        let (Some(base), Some(ours), Some(theirs)) = (Block::parse(base), Block::parse(ours), Block::parse(theirs))
        else {
            return false;
        };
        if ours.open != theirs.open {
            return false;
        }
        out.push_str(ours.open);
        // Keys ordered as list items are; a key one side removed stays in
        // place for now (gone below, or a conflict if the other changed it).
        fn keys<'t>(block: &Block<'t>) -> Vec<&'t str> {
            block.fields.iter().map(|field| field.key).collect()
        }
        let (base_keys, ours_keys, theirs_keys) = (keys(&base), keys(&ours), keys(&theirs));
        let mut order = union(&base_keys, &ours_keys, &theirs_keys);
        for (position, key) in base_keys.iter().enumerate() {
            if !order.contains(key) && (ours_keys.contains(key) || theirs_keys.contains(key)) {
                let anchor =
                    base_keys[..position].iter().rev().find_map(|before| order.iter().position(|kept| kept == before));
                order.insert(anchor.map_or(0, |anchor| anchor + 1), key);
            }
        }
        for key in order {
            let (base_field, ours_field, theirs_field) = (base.field(key), ours.field(key), theirs.field(key));
            match (base_field, ours_field, theirs_field) {
                (_, Some(ours), Some(theirs)) if ours == theirs => out.push_str(ours),
                (Some(base), Some(ours), Some(theirs)) if ours == base => out.push_str(theirs),
                (Some(base), Some(ours), Some(theirs)) if theirs == base => out.push_str(ours),
                (base, Some(ours), Some(theirs)) => self.merge_field(out, key, base, ours, theirs, name),
                (Some(base), Some(side), None) | (Some(base), None, Some(side)) if side == base => {}
                (Some(_), Some(ours), None) => self.conflict(out, ours, "", name),
                (Some(_), None, Some(theirs)) => self.conflict(out, "", theirs, name),
                (None, Some(only), None) | (None, None, Some(only)) => out.push_str(only),
                (_, None, None) => {}
            }
        }
        if ours.close == theirs.close || theirs.close == base.close {
            out.push_str(ours.close);
        } else if ours.close == base.close {
            out.push_str(theirs.close);
        } else {
            self.merge_units(out, base.close, ours.close, theirs.close, name);
        }
        true
    }

    /// One key changed two ways: the later `reviewed` date, lists by item,
    /// other values by words; else a conflict on the key.
    fn merge_field(
        &mut self,
        out: &mut String,
        key: &str,
        base: Option<&str>,
        ours: &str,
        theirs: &str,
        name: Option<&str>,
    ) {
        use front_matter::{block_items, flow_items, inline_value};
        if key == "reviewed"
            && let (Some(ours_date), Some(theirs_date)) =
                (Date::parse(inline_value(ours)), Date::parse(inline_value(theirs)))
        {
            out.push_str(if theirs_date > ours_date { theirs } else { ours });
            return;
        }
        if let (Some(ours_items), Some(theirs_items)) = (flow_items(ours), flow_items(theirs)) {
            let base_items = base.and_then(flow_items).unwrap_or_default();
            let prefix = ours.split_once(':').map_or(key, |(prefix, _)| prefix);
            out.push_str(&format!(
                "{prefix}: [{}]{}",
                union(&base_items, &ours_items, &theirs_items).join(", "),
                self.ending
            ));
            return;
        }
        if let (Some((ours_key, ours_items)), Some((theirs_key, theirs_items))) =
            (block_items(ours), block_items(theirs))
            && ours_key == theirs_key
        {
            let base_items = base.and_then(block_items).map(|(_, items)| items).unwrap_or_default();
            out.push_str(ours_key);
            out.extend(union(&base_items, &ours_items, &theirs_items));
            return;
        }
        match base {
            Some(base) => self.merge_unit(out, base, ours, theirs, name),
            None => self.conflict(out, ours, theirs, name),
        }
    }

    /// Both versions of a unit between markers that name its section.
    fn conflict(&mut self, out: &mut String, ours: &str, theirs: &str, name: Option<&str>) {
        self.conflicts += 1;
        let ending = self.ending;
        let size = self.options.marker_size.max(1);
        // A heading that looks like a marker, or spans lines, would make
        // the block ambiguous: the label alone then.
        let name = name.filter(|name| {
            !name.contains(['\r', '\n'])
                && !["<<<<<<<", "=======", ">>>>>>>", "|||||||"].iter().any(|sign| name.contains(sign))
        });
        let marker = |sign: &str, label: &str| {
            let mut line = sign.repeat(size);
            let label = match name {
                Some(name) if !label.is_empty() => format!("{label}: {name}"),
                Some(name) => name.to_owned(),
                None => label.to_owned(),
            };
            if !label.is_empty() {
                line.push(' ');
                line.push_str(&label);
            }
            line.push_str(ending);
            line
        };
        out.push_str(&marker("<", &self.options.ours_label));
        out.push_str(ours);
        if !ours.is_empty() && !ours.ends_with('\n') {
            out.push_str(ending);
        }
        out.push_str(&"=".repeat(size));
        out.push_str(ending);
        out.push_str(theirs);
        if !theirs.is_empty() && !theirs.ends_with('\n') {
            out.push_str(ending);
        }
        out.push_str(&marker(">", &self.options.theirs_label));
    }
}

/// A text's lines, each with its ending.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The items of a list after both sides' changes: the base items both
/// kept, in ours' order; each side's added items after the kept item they
/// follow there; each item once. Two runs added after the same item go in
/// text order, so that the merge does not depend on which side is ours.
fn union<'a>(base: &[&'a str], ours: &[&'a str], theirs: &[&'a str]) -> Vec<&'a str> {
    let in_base: HashSet<&str> = base.iter().copied().collect();
    let (in_ours, in_theirs): (HashSet<&str>, HashSet<&str>) =
        (ours.iter().copied().collect(), theirs.iter().copied().collect());
    let kept = |item: &&str| in_base.contains(item) && in_ours.contains(item) && in_theirs.contains(item);
    // A side's added items, by the kept item before them (`None`: the start).
    let added = |side: &[&'a str]| {
        let mut runs: HashMap<Option<&'a str>, Vec<&'a str>> = HashMap::new();
        let mut anchor = None;
        for item in side {
            if kept(item) {
                anchor = Some(*item);
            } else if !in_base.contains(item) {
                runs.entry(anchor).or_default().push(item);
            }
        }
        runs
    };
    let (mut ours_added, mut theirs_added) = (added(ours), added(theirs));
    let mut merged = Vec::with_capacity(ours.len() + theirs.len());
    let mut seen: HashSet<&str> = HashSet::new();
    let anchors = std::iter::once(None).chain(ours.iter().copied().filter(kept).map(Some));
    for anchor in anchors {
        if let Some(item) = anchor
            && seen.insert(item)
        {
            merged.push(item);
        }
        let ours_run = ours_added.remove(&anchor).unwrap_or_default();
        let theirs_run = theirs_added.remove(&anchor).unwrap_or_default();
        let (first, second) = if ours_run <= theirs_run { (ours_run, theirs_run) } else { (theirs_run, ours_run) };
        merged.extend(first.into_iter().chain(second).filter(|item| seen.insert(item)));
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\ntitle: A\n---\n# A\n\nLead.\n\n## One\n\nfirst\nsecond\nthird\n\n## Two\n\nalpha\nbeta\n";

    fn clean(outcome: MergeOutcome) -> String {
        match outcome {
            MergeOutcome::Clean(text) => text,
            other => panic!("expected a clean merge, got {other:#?}"),
        }
    }

    // The everyday case: the user edits one section, someone else another.
    #[test]
    fn edits_in_different_sections_both_apply() {
        let ours = BASE.replace("first", "FIRST");
        let theirs = BASE.replace("beta", "BETA");
        assert_eq!(clean(merge3(BASE, &ours, &theirs)), BASE.replace("first", "FIRST").replace("beta", "BETA"));
    }

    // Front matter and lead are parts too, merged apart from the sections.
    #[test]
    fn front_matter_and_lead_merge_apart() {
        let ours = BASE.replace("title: A", "title: A\nkind: person");
        let theirs = BASE.replace("Lead.", "Lead, longer.");
        assert_eq!(clean(merge3(BASE, &ours, &theirs)), ours.replace("Lead.", "Lead, longer."));
    }

    // Within one paragraph, different lines (words) merge; the same words
    // do not, and the conflict holds that paragraph only, named by section.
    #[test]
    fn same_paragraph_merges_by_words_and_conflicts_on_the_same_words() {
        let ours = BASE.replace("first", "FIRST");
        let theirs = BASE.replace("third", "THIRD");
        assert_eq!(clean(merge3(BASE, &ours, &theirs)), BASE.replace("first", "FIRST").replace("third", "THIRD"));

        let theirs = BASE.replace("first", "First!");
        let outcome = merge3(BASE, &ours, &theirs);
        let MergeOutcome::Conflicted { merged_with_markers, conflicts } = &outcome else { panic!("{outcome:?}") };
        assert_eq!(*conflicts, 1);
        assert!(
            merged_with_markers.contains(
                "## One\n\n<<<<<<< yours: One\nFIRST\nsecond\nthird\n=======\nFirst!\nsecond\nthird\n>>>>>>> on disk: One\n\n"
            ),
            "{merged_with_markers}"
        );
        assert!(merged_with_markers.contains("## Two\n\nalpha\nbeta\n"), "the rest is merged");
    }

    // Both sides adding sections: both kept, each where its author put it.
    #[test]
    fn added_sections_are_kept_in_place() {
        let ours = BASE.replace("## Two", "## Mine\n\nm\n\n## Two");
        let theirs = format!("{BASE}\n## Theirs\n\nt\n");
        let merged = clean(merge3(BASE, &ours, &theirs));
        assert_eq!(merged, format!("{ours}\n## Theirs\n\nt\n"));
    }

    // The same section added on both sides is one section, merged by line.
    #[test]
    fn the_same_new_section_on_both_sides_is_one() {
        let ours = format!("{BASE}\n## New\n\nsame\n");
        let theirs = ours.replace("same", "same\nmore");
        assert_eq!(clean(merge3(BASE, &ours, &theirs)), theirs);
        let outcome = merge3(BASE, &ours, &ours.replace("same", "other"));
        assert_eq!(outcome.text().matches("## New").count(), 1, "{}", outcome.text());
        assert!(outcome.text().contains("<<<<<<< yours: New\nsame\n=======\nother\n>>>>>>> on disk: New\n"));
    }

    // A deletion wins over an untouched section, but never over someone's edit.
    #[test]
    fn deletions_apply_unless_the_other_side_changed_the_section() {
        let deleted = BASE.replace("## One\n\nfirst\nsecond\nthird\n\n", "");
        let edited_other = BASE.replace("beta", "BETA");
        assert_eq!(clean(merge3(BASE, &deleted, &edited_other)), deleted.replace("beta", "BETA"));
        assert_eq!(clean(merge3(BASE, &edited_other, &deleted)), deleted.replace("beta", "BETA"));

        let edited_same = BASE.replace("second", "SECOND");
        let outcome = merge3(BASE, &deleted, &edited_same);
        let MergeOutcome::Conflicted { merged_with_markers, conflicts: 1 } = &outcome else { panic!("{outcome:?}") };
        assert!(merged_with_markers.contains("<<<<<<< yours: One\n=======\n## One\n\nfirst\nSECOND\n"), "{outcome:?}");
        let outcome = merge3(BASE, &edited_same, &deleted);
        assert!(
            outcome
                .text()
                .contains("<<<<<<< yours: One\n## One\n\nfirst\nSECOND\nthird\n\n=======\n>>>>>>> on disk: One\n")
        );
    }

    // A renamed heading is still the same section, matched by position.
    #[test]
    fn renamed_sections_match_by_position() {
        let ours = BASE.replace("## One", "## Uno");
        let theirs = BASE.replace("third", "THIRD");
        assert_eq!(clean(merge3(BASE, &ours, &theirs)), ours.replace("third", "THIRD"));
    }

    // A reorder on one side is kept, with the other side's edits in the moved sections.
    #[test]
    fn follows_the_side_that_reordered() {
        let reordered = "---\ntitle: A\n---\n# A\n\nLead.\n\n## Two\n\nalpha\nbeta\n\n## One\n\nfirst\nsecond\nthird\n";
        let edited = BASE.replace("alpha", "ALPHA");
        let expected = reordered.replace("alpha", "ALPHA");
        assert_eq!(clean(merge3(BASE, &edited, reordered)), expected);
        assert_eq!(clean(merge3(BASE, reordered, &edited)), expected);
    }

    // The file keeps the user's BOM and CRLF even when the disk side uses LF.
    #[test]
    fn keeps_the_form_of_ours() {
        let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let ours = crlf(&BASE.replace("first", "FIRST"));
        let theirs = BASE.replace("beta", "BETA");
        let merged = clean(merge3(&crlf(BASE), &ours, &theirs));
        assert_eq!(merged, crlf(&BASE.replace("first", "FIRST").replace("beta", "BETA")));

        let conflicted = merge3(BASE, &ours, &BASE.replace("first", "1st"));
        assert!(conflicted.text().contains(
            "<<<<<<< yours: One\r\nFIRST\r\nsecond\r\nthird\r\n=======\r\n1st\r\nsecond\r\nthird\r\n>>>>>>> on disk: One\r\n"
        ));
    }

    // A missing final newline does not make the last line conflict, and its change merges.
    #[test]
    fn final_newline_is_a_change_of_its_own() {
        let base = "# A\n\n## One\n\nx\n";
        let ours = "# A\n\n## One\n\nx\n\n## Two\n\ny";
        let theirs = "# A\n\n## One\n\nX\n";
        assert_eq!(clean(merge3(base, ours, theirs)), "# A\n\n## One\n\nX\n\n## Two\n\ny");
        assert_eq!(clean(merge3(base, "# A\n\n## One\n\nx", theirs)), "# A\n\n## One\n\nX");
    }

    // A blank line added on one side stays when the other side empties the
    // text without a final newline (the blank line was dropped as "the final
    // line ending").
    #[test]
    fn a_blank_line_is_never_taken_for_the_final_newline() {
        assert_eq!(merge3("z", "\nz", "").text(), "\n");
        assert_eq!(merge3("z", "\r\nz", "").text(), "\r\n");
        assert_eq!(merge3("a\nz", "a\n\nz", "a\n").text(), "a\n\n");
    }

    // Insertions at the same place by both sides cannot be ordered, so they
    // conflict unless equal; the conflict is the paragraph they are in.
    #[test]
    fn insertions_at_one_place() {
        let base = "a\nb\n";
        let outcome = merge3(base, "a\nours\nb\n", "a\ntheirs\nb\n");
        assert_eq!(outcome.text(), "<<<<<<< yours: lead\na\nours\nb\n=======\na\ntheirs\nb\n>>>>>>> on disk: lead\n");
        assert_eq!(clean(merge3(base, "a\nsame\nb\nours\n", "a\nsame\nb\n")), "a\nsame\nb\nours\n");
        assert_eq!(clean(merge3(base, "a\nmid\nb\n", "a\nb\nend\n")), "a\nmid\nb\nend\n");
    }

    // Unchanged sides short-cut, whatever the text is.
    #[test]
    fn trivial_merges_are_exact() {
        for text in ["", "x", "\u{feff}a\r\nb", "<<<<<<< yours\n"] {
            assert_eq!(clean(merge3("base", text, text)), text);
            assert_eq!(clean(merge3("base", "base", text)), text);
            assert_eq!(clean(merge3("base", text, "base")), text);
        }
    }
}
