//! The rule catalog: one file per rule, each opening with its documentation.

use std::ops::Range;

use super::{Context, Rule};

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
pub(crate) fn title_span(context: &Context<'_>) -> Range<usize> {
    match context.entry.title_heading() {
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

/// A review date written in a source: the span of the date text after
/// `reviewed` (and an optional `on`), up to the end of the item or a `;`.
pub(crate) fn reviewed_date_span(text: &str, item: Range<usize>) -> Option<Range<usize>> {
    let lower = text[item.clone()].to_ascii_lowercase();
    let at = lower.find("reviewed")?;
    let mut start = item.start + at + "reviewed".len();
    let rest = &text[start..item.end];
    let trimmed = rest.trim_start();
    start += rest.len() - trimmed.len();
    if trimmed.len() >= 3 && trimmed[..3].eq_ignore_ascii_case("on ") {
        start += 3;
    }
    let tail = &text[start..item.end];
    let end = start + tail.find([';', '(', ')']).unwrap_or(tail.len());
    let date = text[start..end].trim_end().trim_end_matches(['.', ',']).trim_end();
    Some(start..start + date.len())
}
