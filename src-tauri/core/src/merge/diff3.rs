//! diff3 over any sequence of tokens (lines, blocks, words): changes that do
//! not overlap both apply; overlapping, different ones are handed back as a
//! region for the caller to resolve at its own level.

use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

/// A stretch of the merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Region<'a> {
    /// Tokens taken as they are: unchanged, or changed on one side only
    /// (or the same way on both).
    Resolved(&'a [&'a str]),
    /// Both sides changed these base tokens, differently.
    Conflict { base: &'a [&'a str], ours: &'a [&'a str], theirs: &'a [&'a str] },
}

/// A side's change: base tokens `base` became side tokens `side`.
#[derive(Clone, Debug)]
struct Hunk {
    base: Range<usize>,
    side: Range<usize>,
    ours: bool,
}

/// Splits the three-way merge of `ours` and `theirs` (both from `base`)
/// into regions. Past `deadline` the diffs get coarser, never wrong.
pub(super) fn diff3<'a>(
    base: &'a [&'a str],
    ours: &'a [&'a str],
    theirs: &'a [&'a str],
    deadline: Instant,
) -> Vec<Region<'a>> {
    let mut hunks = changes(base, ours, true, deadline);
    hunks.extend(changes(base, theirs, false, deadline));
    // At one base token, an insertion (empty range) comes before a change.
    hunks.sort_by_key(|hunk| (hunk.base.start, hunk.base.end, !hunk.ours));

    let mut regions = Vec::new();
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
        if cursor < start {
            regions.push(Region::Resolved(&base[cursor..start]));
        }
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
        let ours_part = &ours[ours_range.clone()];
        let theirs_part = &theirs[theirs_range.clone()];
        let ours_changed = cluster.iter().any(|hunk| hunk.ours);
        let theirs_changed = cluster.iter().any(|hunk| !hunk.ours);
        if !theirs_changed || ours_part == theirs_part {
            regions.push(Region::Resolved(ours_part));
        } else if !ours_changed {
            regions.push(Region::Resolved(theirs_part));
        } else {
            regions.push(Region::Conflict { base: &base[start..end], ours: ours_part, theirs: theirs_part });
        }
        cursor = end;
        ours_cursor = ours_range.end;
        theirs_cursor = theirs_range.end;
    }
    if cursor < base.len() {
        regions.push(Region::Resolved(&base[cursor..]));
    }
    regions
}

/// The changes from `base` to `side`, adjacent ones joined.
fn changes(base: &[&str], side: &[&str], ours: bool, deadline: Instant) -> Vec<Hunk> {
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

/// What two texts written independently have in common, as a base to
/// merge them from: the units they share, in order, and where one unit
/// stands for one unit, the lines those two share (a paragraph one side
/// extended keeps the other's lines as common ground).
pub(super) fn common(a: &[&str], b: &[&str], deadline: Instant) -> Vec<String> {
    let mut common = Vec::new();
    for op in capture_diff_slices_deadline(Algorithm::Patience, a, b, Some(deadline)) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                common.extend(a[old_index..old_index + len].iter().map(|unit| unit.to_string()))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } if old_len == new_len => {
                for (a_unit, b_unit) in a[old_index..old_index + old_len].iter().zip(&b[new_index..new_index + new_len])
                {
                    let (a_lines, b_lines): (Vec<&str>, Vec<&str>) =
                        (a_unit.split_inclusive('\n').collect(), b_unit.split_inclusive('\n').collect());
                    let mut shared = String::new();
                    for op in capture_diff_slices_deadline(Algorithm::Patience, &a_lines, &b_lines, Some(deadline)) {
                        if let DiffOp::Equal { old_index, len, .. } = op {
                            a_lines[old_index..old_index + len].iter().for_each(|line| shared.push_str(line));
                        }
                    }
                    if !shared.is_empty() {
                        common.push(shared);
                    }
                }
            }
            _ => {}
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    fn far() -> Instant {
        Instant::now() + std::time::Duration::from_secs(5)
    }

    // Changes next to each other (not overlapping) are two changes, both taken.
    #[test]
    fn adjacent_changes_do_not_conflict() {
        let (base, ours, theirs) = (["a", "b", "c"], ["A", "b", "c"], ["a", "B", "c"]);
        let regions = diff3(&base, &ours, &theirs, far());
        let merged: Vec<&str> = regions
            .iter()
            .flat_map(|region| match region {
                Region::Resolved(tokens) => tokens.to_vec(),
                Region::Conflict { .. } => panic!("{regions:?}"),
            })
            .collect();
        assert_eq!(merged, ["A", "B", "c"]);
    }

    // The same token changed two ways is handed back with its three versions.
    #[test]
    fn overlapping_changes_are_a_region() {
        let (base, ours, theirs) = (["a", "b"], ["x", "b"], ["y", "b"]);
        let regions = diff3(&base, &ours, &theirs, far());
        assert_eq!(regions[0], Region::Conflict { base: &["a"], ours: &["x"], theirs: &["y"] });
        assert_eq!(regions[1], Region::Resolved(&["b"]));
    }
}
