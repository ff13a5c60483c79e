//! The rule catalog: one file per rule, each opening with its documentation.

use std::ops::Range;

use super::{Context, Rule};

pub(crate) mod block_too_large;
pub(crate) mod broken_anchor;
pub(crate) mod broken_link;
pub(crate) mod conflict_marker;
pub(crate) mod duplicate_section;
pub(crate) mod duplicate_source;
pub(crate) mod duplicate_title;
pub(crate) mod empty_section;
pub(crate) mod encoding;
pub(crate) mod file_name;
pub(crate) mod file_too_large;
pub(crate) mod front_matter;
pub(crate) mod heading_level;
pub(crate) mod missing_section;
pub(crate) mod orphan;
pub(crate) mod related_format;
pub(crate) mod section_order;
pub(crate) mod snapshot_format;
pub(crate) mod snapshot_key;
pub(crate) mod source_date;
pub(crate) mod source_format;
pub(crate) mod stale_review;
pub(crate) mod symlink;
pub(crate) mod title_heading;
pub(crate) mod title_mismatch;
pub(crate) mod unreadable;

/// Every rule, in catalog order.
pub(crate) const ALL: &[Rule] = &[
    encoding::RULE,
    unreadable::RULE,
    file_too_large::RULE,
    symlink::RULE,
    front_matter::RULE,
    conflict_marker::RULE,
    block_too_large::RULE,
    title_heading::RULE,
    title_mismatch::RULE,
    file_name::RULE,
    duplicate_title::RULE,
    missing_section::RULE,
    section_order::RULE,
    duplicate_section::RULE,
    empty_section::RULE,
    heading_level::RULE,
    snapshot_format::RULE,
    snapshot_key::RULE,
    related_format::RULE,
    broken_link::RULE,
    broken_anchor::RULE,
    source_format::RULE,
    source_date::RULE,
    stale_review::RULE,
    duplicate_source::RULE,
    orphan::RULE,
];

/// Where to point when a problem concerns the whole entry: its H1's text,
/// else the start of the file.
pub(crate) fn title_span(entry: &crate::entry::Entry) -> Range<usize> {
    match entry.title_heading() {
        Some(heading) => heading.text_span.clone(),
        None => 0..0,
    }
}

/// The span of a section's heading text, for problems with the section.
pub(crate) fn heading_span(section: &crate::entry::Section) -> Range<usize> {
    section.heading.as_ref().map_or(section.span.start..section.span.start, |heading| heading.text_span.clone())
}

/// The items of the section called `name`, if the entry has it.
pub(crate) fn section_items<'a>(context: &Context<'a>, name: &str) -> &'a [crate::entry::ListItem] {
    context.entry.section(name).map_or(&[], |section| section.items.as_slice())
}

/// A review date written in a source: the span of the date after the word
/// `reviewed` (and an optional `on`): one token such as `2026-06-16`, or up
/// to three words such as `June 16, 2026`, stopping at `;`, `(` or `)`. When
/// no date follows, an empty span just after `reviewed`, where it belongs.
///
/// `reviewed` counts only as a word of its own followed by nothing or by
/// something date-like (a number, a month, or a number as the second word):
/// `peer-reviewed`, `"Reviewed Papers"` and `reviewed by the editors` are
/// words of the citation, not review notes. Of several, the last counts.
pub(crate) fn reviewed_date_span(text: &str, item: Range<usize>) -> Option<Range<usize>> {
    const MARKER: &str = "reviewed";
    let source = &text[item.clone()];
    let bytes = source.as_bytes();
    let mut found = None;
    // `reviewed` in any case: ASCII, so a match starts and ends on character
    // boundaries. Scanning for its first letter keeps this cheap per source.
    for start in memchr::memchr2_iter(b'r', b'R', bytes) {
        let from = start + MARKER.len();
        if !bytes.get(start..from).is_some_and(|word| word.eq_ignore_ascii_case(MARKER.as_bytes())) {
            continue;
        }
        let before = source[..start].chars().next_back();
        let after = source[from..].chars().next();
        let stands_alone = before.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
            && after.is_none_or(|c| !c.is_alphanumeric());
        if stands_alone && let Some(date) = date_after(source, from) {
            found = Some(item.start + date.start..item.start + date.end);
        }
    }
    found
}

/// The date written after a `reviewed` that ends at `offset` in `source`, or
/// `None` when the words there are not a date (`reviewed by ...`).
fn date_after(source: &str, offset: usize) -> Option<Range<usize>> {
    let stop = source[offset..].find([';', '(', ')']).map_or(source.len(), |index| offset + index);
    let mut words = words(source, offset..stop);
    let mut empty_at = offset;
    if let Some(first) = words.first()
        && source[first.clone()].eq_ignore_ascii_case("on")
    {
        empty_at = first.end;
        words.remove(0);
    }
    let word = |index: usize| words.get(index).map(|range| &source[range.clone()]);
    let starts_with_digit =
        |word: Option<&str>| word.is_some_and(|word| word.starts_with(|c: char| c.is_ascii_digit()));
    let Some(first) = word(0) else { return Some(empty_at..empty_at) };
    if !(starts_with_digit(Some(first)) || is_month(first) || starts_with_digit(word(1))) {
        return None;
    }
    let count = if starts_with_digit(Some(first)) && !word(1).is_some_and(is_month) { 1 } else { words.len().min(3) };
    Some(words[0].start..words[count - 1].end)
}

/// The words of `source[range]`, split at spaces, commas and colons, without a
/// final `.`; empty words left out.
fn words(source: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (index, character) in source[range.clone()].char_indices().chain(std::iter::once((range.len(), ' '))) {
        let at = range.start + index;
        if character.is_whitespace() || character == ',' || character == ':' {
            if let Some(begin) = start.take() {
                let word = source[begin..at].trim_end_matches('.');
                if !word.is_empty() {
                    words.push(begin..begin + word.len());
                }
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    words
}

/// Whether `word` names a month, in full or shortened to three letters or more.
fn is_month(word: &str) -> bool {
    crate::date::month_number(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::reviewed_date_span;

    fn date(item: &str) -> Option<&str> {
        reviewed_date_span(item, 0..item.len()).map(|span| &item[span])
    }

    // Only a review note is a date to check: a word of the citation that
    // contains `reviewed` must not become an unreadable-date error.
    #[test]
    fn finds_only_review_notes() {
        assert_eq!(date("MIT profile, reviewed June 16, 2026."), Some("June 16, 2026"));
        assert_eq!(date("MIT profile (reviewed on 16 June 2026)."), Some("16 June 2026"));
        assert_eq!(date("MIT profile, reviewed 2026-06-16; mirrored."), Some("2026-06-16"));
        assert_eq!(date("MIT profile. Reviewed: June 16, 2026."), Some("June 16, 2026"));
        assert_eq!(
            date("MIT profile, reviewed June 16, 2026, archived at https://example.org."),
            Some("June 16, 2026")
        );
        assert_eq!(date("\"Peer-reviewed or not\", 2021."), None);
        assert_eq!(date("Unreviewed preprints, 2015."), None);
        assert_eq!(date("Book review, reviewed by Jane Doe in Nature, 2017."), None);
        assert_eq!(date("\"Reviewed Papers of 2016\", list, reviewed 2026-06-16."), Some("2026-06-16"));
    }

    // Dates that are wrong must still be found, so `source-date` reports them.
    #[test]
    fn keeps_unreadable_dates() {
        assert_eq!(date("Project page, reviewed June 31, 2026."), Some("June 31, 2026"));
        assert_eq!(date("Project page, reviewed Juen 16, 2026."), Some("Juen 16, 2026"));
        assert_eq!(date("Project page, reviewed 2026-6-16."), Some("2026-6-16"));
        assert_eq!(date("Project page, reviewed June 2026."), Some("June 2026"));
        assert_eq!(date("Project page, reviewed 2025 (section Publications)."), Some("2025"));
        assert_eq!(date("README, 2016, last reviewed."), Some(""));
        assert_eq!(date("README, 2016, reviewed on."), Some(""));
    }

    // Any text after `reviewed` must be sliced at character boundaries.
    #[test]
    fn never_splits_a_character() {
        assert_eq!(date("Яндекс, страница, reviewed дата 2026."), Some("дата 2026"));
        assert_eq!(date("Page, reviewed éé 16, 2026."), Some("éé 16, 2026"));
        assert_eq!(date("reviewed"), Some(""));
    }
}
