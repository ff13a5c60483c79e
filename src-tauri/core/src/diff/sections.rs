//! Which section of the old version is which of the new one, and what
//! happened to it.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use super::SectionStatus;
use crate::entry::Entry;

/// Below this similarity of their texts, two sections with other headings
/// are not the same section renamed.
const RENAME_SIMILARITY: f64 = 0.5;
/// Past this many (removed × added) pairs, renames are not looked for: each
/// pair costs a comparison of two sections.
const MAX_RENAME_PAIRS: usize = 10_000;

/// One version of an entry cut into sections: the lead part (everything
/// before the first H2, BOM included) and the H2 sections.
pub(super) struct File<'a> {
    /// The file's text, BOM included, so sections tile the file exactly.
    pub(super) text: Cow<'a, str>,
    pub(super) parts: Vec<Part>,
}

/// A section of one version.
pub(super) struct Part {
    /// `None` for the lead part.
    pub(super) heading: Option<String>,
    /// The section in [`File::text`].
    pub(super) span: Range<usize>,
    /// Where the text after the heading line starts.
    pub(super) body_start: usize,
}

impl<'a> File<'a> {
    pub(super) fn new(entry: &'a Entry) -> File<'a> {
        let (text, shift) = if entry.has_bom() {
            (Cow::Owned(format!("\u{feff}{}", entry.text())), '\u{feff}'.len_utf8())
        } else {
            (Cow::Borrowed(entry.text()), 0)
        };
        let first_h2 = entry.sections().first().map_or(entry.text().len(), |section| section.span.start);
        let mut parts = vec![Part { heading: None, span: 0..first_h2 + shift, body_start: 0 }];
        parts.extend(entry.sections().iter().map(|section| Part {
            heading: section.title().map(str::to_owned),
            span: section.span.start + shift..section.span.end + shift,
            body_start: section.body.start + shift,
        }));
        File { text, parts }
    }

    pub(super) fn part_text(&self, index: usize) -> &str {
        &self.text[self.parts[index].span.clone()]
    }

    fn body_text(&self, index: usize) -> &str {
        let part = &self.parts[index];
        &self.text[part.body_start..part.span.end]
    }
}

/// A section across the versions: its index in each (`None` where it is
/// absent) and its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Row {
    pub(super) old: Option<usize>,
    pub(super) new: Option<usize>,
    pub(super) status: SectionStatus,
}

/// Matches the sections of the two versions and orders the rows: the new
/// order, each removed section after the one it followed in the old.
pub(super) fn match_sections(old: &File<'_>, new: &File<'_>) -> Vec<Row> {
    let mut new_of_old: Vec<Option<usize>> = vec![None; old.parts.len()];
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.parts.len()];
    // The lead is always the lead.
    new_of_old[0] = Some(0);
    old_of_new[0] = Some(0);

    // By heading: the n-th section of a heading is the n-th one of it.
    let mut by_heading: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (index, part) in old.parts.iter().enumerate().skip(1) {
        by_heading.entry(part.heading.as_deref().unwrap_or("")).or_default().push_back(index);
    }
    for (index, part) in new.parts.iter().enumerate().skip(1) {
        if let Some(old_index) = by_heading.get_mut(part.heading.as_deref().unwrap_or("")).and_then(VecDeque::pop_front)
        {
            new_of_old[old_index] = Some(index);
            old_of_new[index] = Some(old_index);
        }
    }

    // By content: what is left may be the same section under another heading.
    let mut renamed = vec![false; old.parts.len()];
    let removed: Vec<usize> = (1..old.parts.len()).filter(|&index| new_of_old[index].is_none()).collect();
    let added: Vec<usize> = (1..new.parts.len()).filter(|&index| old_of_new[index].is_none()).collect();
    if !removed.is_empty() && !added.is_empty() && removed.len() * added.len() <= MAX_RENAME_PAIRS {
        let old_words: Vec<Words<'_>> = removed.iter().map(|&index| Words::new(old.body_text(index))).collect();
        let new_words: Vec<Words<'_>> = added.iter().map(|&index| Words::new(new.body_text(index))).collect();
        let mut candidates = Vec::new();
        for (old_position, &old_index) in removed.iter().enumerate() {
            for (new_position, &new_index) in added.iter().enumerate() {
                let same_heading_but_case = old.parts[old_index]
                    .heading
                    .as_deref()
                    .zip(new.parts[new_index].heading.as_deref())
                    .is_some_and(|(a, b)| a.to_lowercase() == b.to_lowercase());
                let score = if same_heading_but_case {
                    1.0
                } else {
                    old_words[old_position].similarity(&new_words[new_position])
                };
                if score >= RENAME_SIMILARITY {
                    candidates.push((score, old_index, new_index));
                }
            }
        }
        // Best pairs first; between equals, the nearer in position.
        candidates.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2))).then_with(|| a.1.cmp(&b.1))
        });
        for (_, old_index, new_index) in candidates {
            if new_of_old[old_index].is_none() && old_of_new[new_index].is_none() {
                new_of_old[old_index] = Some(new_index);
                old_of_new[new_index] = Some(old_index);
                renamed[old_index] = true;
            }
        }
    }

    // Order: the matched sections in the longest run that kept its order
    // stayed; the others moved.
    let matched: Vec<(usize, usize)> =
        new_of_old.iter().enumerate().filter_map(|(old_index, new_index)| Some((old_index, (*new_index)?))).collect();
    let kept = longest_increasing(&matched.iter().map(|&(_, new_index)| new_index).collect::<Vec<_>>());
    let mut in_place = vec![false; old.parts.len()];
    for position in kept {
        in_place[matched[position].0] = true;
    }
    let status_of = |old_index: usize, new_index: usize| {
        if renamed[old_index] {
            SectionStatus::Renamed
        } else if !in_place[old_index] {
            SectionStatus::Moved
        } else if old.part_text(old_index) == new.part_text(new_index) {
            SectionStatus::Unchanged
        } else {
            SectionStatus::Modified
        }
    };

    // Rows in the new order; a removed section follows the nearest section
    // before it in the old version that is still there (the lead at worst).
    let mut removed_after: Vec<Vec<usize>> = vec![Vec::new(); old.parts.len()];
    let mut anchor = 0;
    for (old_index, new_index) in new_of_old.iter().enumerate() {
        match new_index {
            Some(_) => anchor = old_index,
            None => removed_after[anchor].push(old_index),
        }
    }
    let mut rows = Vec::with_capacity(old.parts.len().max(new.parts.len()));
    for (new_index, old_index) in old_of_new.iter().enumerate() {
        match *old_index {
            Some(old_index) => {
                rows.push(Row { old: Some(old_index), new: Some(new_index), status: status_of(old_index, new_index) });
                rows.extend(removed_after[old_index].iter().map(|&removed| Row {
                    old: Some(removed),
                    new: None,
                    status: SectionStatus::Removed,
                }));
            }
            None => rows.push(Row { old: None, new: Some(new_index), status: SectionStatus::Added }),
        }
    }
    rows
}

/// The positions of one longest strictly increasing subsequence of
/// `values` (patience sorting, O(n log n)).
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    // tails[k]: position of the smallest last value of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (position, &value) in values.iter().enumerate() {
        let length = tails.partition_point(|&tail| values[tail] < value);
        previous[position] = length.checked_sub(1).map(|before| tails[before]);
        if length == tails.len() {
            tails.push(position);
        } else {
            tails[length] = position;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut cursor = tails.last().copied();
    while let Some(position) = cursor {
        run.push(position);
        cursor = previous[position];
    }
    run.reverse();
    run
}

/// A text's words, counted, for a similarity that costs one pass.
pub(super) struct Words<'a> {
    counts: HashMap<&'a str, usize>,
    total: usize,
}

impl<'a> Words<'a> {
    pub(super) fn new(text: &'a str) -> Words<'a> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut total = 0;
        for word in text.split_whitespace() {
            *counts.entry(word).or_default() += 1;
            total += 1;
        }
        Words { counts, total }
    }

    /// Dice's coefficient over the word multisets: 1 for the same words, 0
    /// for none in common (or no words at all).
    pub(super) fn similarity(&self, other: &Words<'_>) -> f64 {
        if self.total == 0 || other.total == 0 {
            return 0.0;
        }
        let (small, large) = if self.counts.len() <= other.counts.len() { (self, other) } else { (other, self) };
        let common: usize =
            small.counts.iter().map(|(word, &count)| count.min(large.counts.get(word).copied().unwrap_or(0))).sum();
        2.0 * common as f64 / (self.total + other.total) as f64
    }

    pub(super) fn total(&self) -> usize {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The sections that stay are the longest run in order; the rest moved.
    #[test]
    fn longest_increasing_run() {
        assert_eq!(longest_increasing(&[0, 3, 1, 2]), [0, 2, 3]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[2, 1, 0]).len(), 1);
    }

    // Renames are told by words in common, not by order or heading.
    #[test]
    fn similarity_counts_common_words() {
        let a = Words::new("one two three four");
        assert_eq!(a.similarity(&Words::new("four three two one")), 1.0);
        assert_eq!(a.similarity(&Words::new("one two five six")), 0.5);
        assert_eq!(a.similarity(&Words::new("")), 0.0);
    }
}
