//! Three-way merge of entry texts, for "changed on disk while I was editing".
//!
//! `base` is the version the editor loaded, `ours` the editor's text,
//! `theirs` what the disk holds now. The merge works on the entry's parts
//! first (front matter, preamble, lead, and H2 sections matched by heading
//! text, else by position), because people edit sections: a part changed
//! on one side only takes that side, whatever happened elsewhere. Only a
//! part changed differently on both sides is merged line by line, diff3
//! style; edits there that touch the same lines become conflict markers
//! (`<<<<<<< yours`, `=======`, `>>>>>>> on disk`) holding both sides.
//!
//! Nothing is dropped: every line either side added is in the result, in a
//! clean merge or between markers. A section deleted on one side and
//! changed on the other is a conflict, not a deletion. Sections follow the
//! order of `ours`, unless only `theirs` reordered them.
//!
//! The result keeps the BOM and line ending of `ours`; a side that did not
//! change gives the other side verbatim. Whether the text ends with a line
//! ending is merged like a one-line change (never removing a blank line).

use std::collections::HashMap;
use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::entry::Entry;
use crate::text::LineEnding;

const BOM: &str = "\u{feff}";
const OURS_MARKER: &str = "<<<<<<< yours";
const SEPARATOR: &str = "=======";
const THEIRS_MARKER: &str = ">>>>>>> on disk";
/// Past this, a line diff gives up on finding the smallest edit and reports
/// a coarser (still correct) one, so a pathological text cannot hang a save.
const DIFF_TIME_LIMIT: Duration = Duration::from_millis(500);

/// The result of [`merge3`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeOutcome {
    /// Both sides' changes, merged without a conflict.
    Clean(String),
    /// Some changes overlapped; they are in the text between conflict
    /// markers, both sides in full.
    Conflicted {
        /// The merged text with `<<<<<<< yours` / `=======` / `>>>>>>> on disk` blocks.
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
/// `theirs` (the disk). See the module documentation for the rules.
pub fn merge3(base: &str, ours: &str, theirs: &str) -> MergeOutcome {
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

    let mut conflicts = 0;
    let mut merged = String::with_capacity(ours.text.len() + theirs.text.len() / 4);
    if ours_bom {
        merged.push_str(BOM);
    }
    let (base_parts, ours_parts, theirs_parts) = (parts(&base.text), parts(&ours.text), parts(&theirs.text));
    for identity in identities(&base_parts, &ours_parts, &theirs_parts) {
        let (text, count) = merge_part(
            part_text(&base_parts, identity.base),
            part_text(&ours_parts, identity.ours),
            part_text(&theirs_parts, identity.theirs),
            ending,
        );
        merged.push_str(&text);
        conflicts += count;
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
    if conflicts == 0 {
        MergeOutcome::Clean(merged)
    } else {
        MergeOutcome::Conflicted { merged_with_markers: merged, conflicts }
    }
}

fn part_text(parts: &[Part], index: Option<usize>) -> Option<&str> {
    index.map(|index| parts[index].text.as_str())
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

/// What matches a part across versions: the fixed parts by kind, sections
/// by heading text (the n-th section of that title).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Fixed(usize),
    Section(String, usize),
}

struct Part {
    key: Key,
    text: String,
}

/// The parts of an entry text, in order: front matter, preamble, lead,
/// sections. They tile the text.
fn parts(text: &str) -> Vec<Part> {
    let entry = Entry::parse(text);
    // A second BOM, which the parse keeps aside, stays with the first part.
    let lost_bom = if entry.has_bom() { BOM } else { "" };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let titles = entry.sections().iter().map(|section| {
        let title = section.title().unwrap_or("");
        let count = seen.entry(title).or_insert(0);
        *count += 1;
        Key::Section(title.to_owned(), *count - 1)
    });
    let keys = (0..3).map(Key::Fixed).chain(titles);
    entry
        .parts()
        .zip(keys)
        .enumerate()
        .map(|(index, (span, key))| {
            let prefix = if index == 0 { lost_bom } else { "" };
            Part { key, text: format!("{prefix}{}", &entry.text()[span]) }
        })
        .collect()
}

/// One part across the three versions (indexes into each one's parts).
#[derive(Clone, Copy, Debug, Default)]
struct Identity {
    base: Option<usize>,
    ours: Option<usize>,
    theirs: Option<usize>,
}

/// Matches the parts of the three versions and puts them in output order.
fn identities(base: &[Part], ours: &[Part], theirs: &[Part]) -> Vec<Identity> {
    let ours_of_base = match_parts(base, ours);
    let theirs_of_base = match_parts(base, theirs);
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
    // The secondary side's own parts go after the part they follow there
    // (the last one both orders hold), in their order; those before any go
    // first. Collected per part, not inserted into the order one by one,
    // which was quadratic in the number of sections (R2).
    let mut in_primary = vec![false; identities.len()];
    for &id in &primary {
        in_primary[id] = true;
    }
    // `following[0]`: before every part; `following[id + 1]`: after `id`.
    let mut following: Vec<Vec<usize>> = vec![Vec::new(); identities.len() + 1];
    let mut after = 0;
    for id in secondary {
        if in_primary[id] {
            after = id + 1;
        } else {
            following[after].push(id);
        }
    }
    let mut order = std::mem::take(&mut following[0]);
    order.reserve(identities.len());
    for id in primary {
        order.push(id);
        order.append(&mut following[id + 1]);
    }
    // Parts both sides deleted appear in neither order, and are gone.
    order.into_iter().map(|id| identities[id]).collect()
}

/// For each part of `base`, the matching part of `side`: the fixed parts by
/// kind, sections by heading; then, between matched sections, runs of
/// unmatched ones of the same length pair up in order (renamed headings).
fn match_parts(base: &[Part], side: &[Part]) -> Vec<Option<usize>> {
    let by_key: HashMap<&Key, usize> = side.iter().enumerate().map(|(index, part)| (&part.key, index)).collect();
    let mut pairs: Vec<Option<usize>> = base.iter().map(|part| by_key.get(&part.key).copied()).collect();
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

/// Merges one part: the text to emit and how many conflicts it holds.
fn merge_part(base: Option<&str>, ours: Option<&str>, theirs: Option<&str>, ending: &str) -> (String, usize) {
    match (base, ours, theirs) {
        (_, Some(ours), Some(theirs)) if ours == theirs => (ours.to_owned(), 0),
        (Some(base), Some(ours), Some(theirs)) if ours == base => (theirs.to_owned(), 0),
        (Some(base), Some(ours), Some(theirs)) if theirs == base => (ours.to_owned(), 0),
        (Some(base), Some(ours), Some(theirs)) => merge_lines(base, ours, theirs, ending),
        // Added on both sides: what both wrote is the common ground.
        (None, Some(ours), Some(theirs)) => merge_lines(&common_lines(ours, theirs), ours, theirs, ending),
        // Deleted on one side: gone if the other left it alone, else a conflict.
        (Some(base), Some(ours), None) if ours == base => (String::new(), 0),
        (Some(base), None, Some(theirs)) if theirs == base => (String::new(), 0),
        (Some(_), Some(ours), None) => (conflict_block(ours, "", ending), 1),
        (Some(_), None, Some(theirs)) => (conflict_block("", theirs, ending), 1),
        (None, Some(only), None) | (None, None, Some(only)) => (only.to_owned(), 0),
        (_, None, None) => (String::new(), 0),
    }
}

/// A side's change: base lines `base` became side lines `side`.
#[derive(Clone, Debug)]
struct Hunk {
    base: Range<usize>,
    side: Range<usize>,
    ours: bool,
}

/// diff3 on lines: changes that do not overlap both apply; overlapping,
/// different ones become one conflict block.
fn merge_lines(base: &str, ours: &str, theirs: &str, ending: &str) -> (String, usize) {
    let base_lines: Vec<&str> = base.split_inclusive('\n').collect();
    let ours_lines: Vec<&str> = ours.split_inclusive('\n').collect();
    let theirs_lines: Vec<&str> = theirs.split_inclusive('\n').collect();
    let mut hunks = changes(&base_lines, &ours_lines, true);
    hunks.extend(changes(&base_lines, &theirs_lines, false));
    // At one base line, an insertion (empty range) comes before a change.
    hunks.sort_by_key(|hunk| (hunk.base.start, hunk.base.end, !hunk.ours));

    let mut merged = String::with_capacity(ours.len().max(theirs.len()));
    let mut conflicts = 0;
    let mut cursor = 0; // in base
    let (mut ours_cursor, mut theirs_cursor) = (0, 0); // the same place in each side
    let mut next = 0;
    while next < hunks.len() {
        // A cluster: hunks whose base ranges overlap, an insertion inside a
        // changed range, or insertions at the same place.
        let start = hunks[next].base.start;
        let mut end = hunks[next].base.end;
        let first = next;
        next += 1;
        while let Some(hunk) = hunks.get(next) {
            let joins = if end == start { hunk.base == (start..start) } else { hunk.base.start < end };
            if !joins {
                break;
            }
            end = end.max(hunk.base.end);
            next += 1;
        }
        let cluster = &hunks[first..next];
        merged.extend(base_lines[cursor..start].iter().copied());
        let side_range = |is_ours: bool, side_cursor: usize| {
            let mut own = cluster.iter().filter(|hunk| hunk.ours == is_ours);
            match (own.next(), own.next_back()) {
                (Some(first), last) => {
                    let last = last.unwrap_or(first);
                    first.side.start - (first.base.start - start)..last.side.end + (end - last.base.end)
                }
                (None, _) => side_cursor + (start - cursor)..side_cursor + (end - cursor),
            }
        };
        let ours_range = side_range(true, ours_cursor);
        let theirs_range = side_range(false, theirs_cursor);
        let ours_text = ours_lines[ours_range.clone()].concat();
        let theirs_text = theirs_lines[theirs_range.clone()].concat();
        let ours_changed = cluster.iter().any(|hunk| hunk.ours);
        let theirs_changed = cluster.iter().any(|hunk| !hunk.ours);
        if !theirs_changed || ours_text == theirs_text {
            merged.push_str(&ours_text);
        } else if !ours_changed {
            merged.push_str(&theirs_text);
        } else {
            merged.push_str(&conflict_block(&ours_text, &theirs_text, ending));
            conflicts += 1;
        }
        cursor = end;
        ours_cursor = ours_range.end;
        theirs_cursor = theirs_range.end;
    }
    merged.extend(base_lines[cursor..].iter().copied());
    (merged, conflicts)
}

/// The changes from `base` to `side`, adjacent ones joined.
fn changes(base: &[&str], side: &[&str], ours: bool) -> Vec<Hunk> {
    let deadline = Instant::now() + DIFF_TIME_LIMIT;
    let mut hunks: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices_deadline(Algorithm::Patience, base, side, Some(deadline)) {
        if let DiffOp::Equal { .. } = op {
            continue;
        }
        let (base_range, side_range) = (op.old_range(), op.new_range());
        match hunks.last_mut() {
            Some(last) if last.base.end == base_range.start && last.side.end == side_range.start => {
                last.base.end = base_range.end;
                last.side.end = side_range.end;
            }
            _ => hunks.push(Hunk { base: base_range, side: side_range, ours }),
        }
    }
    hunks
}

/// The lines `a` and `b` have in common, in order (their longest common
/// subsequence, as far as the diff finds it).
fn common_lines(a: &str, b: &str) -> String {
    let a_lines: Vec<&str> = a.split_inclusive('\n').collect();
    let b_lines: Vec<&str> = b.split_inclusive('\n').collect();
    let deadline = Instant::now() + DIFF_TIME_LIMIT;
    let mut common = String::new();
    for op in capture_diff_slices_deadline(Algorithm::Patience, &a_lines, &b_lines, Some(deadline)) {
        if let DiffOp::Equal { old_index, len, .. } = op {
            common.extend(a_lines[old_index..old_index + len].iter().copied());
        }
    }
    common
}

/// Both sides of a conflict between markers.
fn conflict_block(ours: &str, theirs: &str, ending: &str) -> String {
    let mut block = String::with_capacity(ours.len() + theirs.len() + 48);
    for (marker, text) in [(OURS_MARKER, ours), (SEPARATOR, theirs)] {
        block.push_str(marker);
        block.push_str(ending);
        block.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            block.push_str(ending);
        }
    }
    block.push_str(THEIRS_MARKER);
    block.push_str(ending);
    block
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

    // Within one section, lines far apart still merge; the same line does not.
    #[test]
    fn same_section_merges_by_line_and_conflicts_on_the_same_line() {
        let ours = BASE.replace("first", "FIRST");
        let theirs = BASE.replace("third", "THIRD");
        assert_eq!(clean(merge3(BASE, &ours, &theirs)), BASE.replace("first", "FIRST").replace("third", "THIRD"));

        let theirs = BASE.replace("first", "First!");
        let outcome = merge3(BASE, &ours, &theirs);
        let MergeOutcome::Conflicted { merged_with_markers, conflicts } = &outcome else { panic!("{outcome:?}") };
        assert_eq!(*conflicts, 1);
        assert!(
            merged_with_markers.contains("<<<<<<< yours\nFIRST\n=======\nFirst!\n>>>>>>> on disk\nsecond\n"),
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
        assert!(outcome.text().contains("<<<<<<< yours\nsame\n=======\nother\n>>>>>>> on disk\n"));
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
        assert!(merged_with_markers.contains("<<<<<<< yours\n=======\n## One\n\nfirst\nSECOND\n"), "{outcome:?}");
        let outcome = merge3(BASE, &edited_same, &deleted);
        assert!(outcome.text().contains("<<<<<<< yours\n## One\n\nfirst\nSECOND\nthird\n\n=======\n>>>>>>> on disk\n"));
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
        assert!(conflicted.text().contains("<<<<<<< yours\r\nFIRST\r\n=======\r\n1st\r\n>>>>>>> on disk\r\n"));
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

    // Insertions at the same place by both sides cannot be ordered, so they conflict unless equal.
    #[test]
    fn insertions_at_one_place() {
        let base = "a\nb\n";
        let outcome = merge3(base, "a\nours\nb\n", "a\ntheirs\nb\n");
        assert_eq!(outcome.text(), "a\n<<<<<<< yours\nours\n=======\ntheirs\n>>>>>>> on disk\nb\n");
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
