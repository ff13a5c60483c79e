//! The lossless parse of one entry.
//!
//! An [`Entry`] keeps the file's text and the structure found in it: front
//! matter, the H1 title, the lead, the H2 sections with their list items, and
//! links, all as byte spans into the text. The parts tile the text exactly:
//! front matter, preamble (up to and including the H1), lead, sections. So
//! [`Entry::to_source`] of an unchanged entry gives back identical bytes
//! (BOM, CRLF and a missing final newline included), and later edits can
//! replace one part and keep every other byte.
//!
//! Parsing never fails. Whatever is malformed is left for validation to
//! report; one parse feeds validation, the index, rendering and diffs.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Tag, TagEnd};

use crate::front_matter::{self, FrontMatter};
use crate::markdown::{Events, SplitBlock};
use crate::text::{LineEnding, end_of_line, start_of_line, trim_range};

const BOM: &str = "\u{feff}";

/// The pulldown-cmark options every part of Quire parses entries with.
pub fn markdown_options() -> Options {
    Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// A heading anywhere in the entry's top level (not inside a quote or list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// The heading's text, inline markup removed, trimmed.
    pub text: String,
    /// The heading's lines, line ending included.
    pub span: Range<usize>,
    /// The heading's text in the source (after `## `), trimmed.
    pub text_span: Range<usize>,
}

/// A top-level item of a list in a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItem {
    /// The item, marker included, trimmed of its final line ending.
    pub span: Range<usize>,
    /// The item's text after the marker, trimmed.
    pub content_span: Range<usize>,
    /// The item's plain text: inline markup removed, soft breaks as spaces,
    /// nested lists left out.
    pub text: String,
    /// Indexes into [`Entry::links`] of the links in this item.
    pub links: Vec<usize>,
    /// Whether the item holds text outside its links.
    pub has_text_outside_links: bool,
}

/// The lead (heading `None`) or an H2 section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The H2 that opens the section; `None` for the lead.
    pub heading: Option<Heading>,
    /// The whole section, heading included, up to the next H2.
    pub span: Range<usize>,
    /// The section after its heading line.
    pub body: Range<usize>,
    /// Top-level list items in the section, in order.
    pub items: Vec<ListItem>,
}

impl Section {
    /// The heading text; `None` for the lead.
    pub fn title(&self) -> Option<&str> {
        self.heading.as_ref().map(|heading| heading.text.as_str())
    }
}

/// What a link points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// `[[Title]]`, `[[Title|text]]`, `[[Title#Section]]`: by title, alias or slug.
    Wiki {
        /// The name, before any `#`; empty for a link within the page.
        name: String,
    },
    /// `[text](other.md)`: a relative path to another entry file.
    File {
        /// The path as written, before any `#`.
        path: String,
    },
}

/// A link to another entry (or a section of this one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// What it points at.
    pub target: LinkTarget,
    /// The section named after `#`, if any.
    pub anchor: Option<String>,
    /// The whole link in the source.
    pub span: Range<usize>,
}

/// One parsed entry. See the module documentation for the invariants.
#[derive(Clone, Debug)]
pub struct Entry {
    text: String,
    bom: bool,
    line_ending: LineEnding,
    front_matter: Option<FrontMatter>,
    preamble: Range<usize>,
    title: Option<Heading>,
    headings: Vec<Heading>,
    lead: Section,
    sections: Vec<Section>,
    links: Vec<Link>,
    conflict_markers: Vec<Range<usize>>,
    split_blocks: Vec<SplitBlock>,
}

impl Entry {
    /// Parses an entry's text as read from its file (a leading BOM is kept
    /// aside and given back by [`Entry::to_source`]).
    pub fn parse(source: &str) -> Self {
        Self::parse_owned(source.to_owned())
    }

    /// Like [`Entry::parse`], keeping `source` as the entry's text rather
    /// than copying it (files are read into a `String` already).
    pub fn parse_owned(mut source: String) -> Self {
        let bom = source.starts_with(BOM);
        if bom {
            source.drain(..BOM.len());
        }
        let mut entry = Builder::new(&source).build();
        entry.text = source;
        entry.bom = bom;
        entry
    }

    /// The text after any BOM. Every span of this entry indexes into it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the file starts with a byte order mark.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// The line ending the file uses.
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// The front matter block, if the entry has one.
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter.as_ref()
    }

    /// Text between the front matter and the lead: the H1 line and anything
    /// before it.
    pub fn preamble(&self) -> Range<usize> {
        self.preamble.clone()
    }

    /// The first H1, which names the entry.
    pub fn title_heading(&self) -> Option<&Heading> {
        self.title.as_ref()
    }

    /// Every top-level heading, in order.
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The text between the H1 and the first H2.
    pub fn lead(&self) -> &Section {
        &self.lead
    }

    /// The H2 sections, in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The first section whose heading equals `title`, ignoring case.
    pub fn section(&self, title: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.title().is_some_and(|heading| heading.eq_ignore_ascii_case(title)))
    }

    /// Every wiki link and relative `.md` link, in order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The links, giving up the rest of the entry.
    pub(crate) fn into_links(self) -> Vec<Link> {
        self.links
    }

    /// Lines that look like unresolved merge conflict markers.
    pub fn conflict_markers(&self) -> &[Range<usize>] {
        &self.conflict_markers
    }

    /// Blocks too long to parse whole, parsed in parts (see
    /// [`crate::markdown`]): only in entries over 256 KiB.
    pub fn split_blocks(&self) -> &[SplitBlock] {
        &self.split_blocks
    }

    /// The entry's name: the H1, else the front matter title.
    pub fn title(&self) -> Option<&str> {
        self.title
            .as_ref()
            .map(|heading| heading.text.as_str())
            .filter(|title| !title.is_empty())
            .or_else(|| self.front_matter.as_ref()?.fields.title.as_deref())
    }

    /// The file's bytes, rebuilt from the parts: for an unchanged entry,
    /// exactly what was parsed.
    pub fn to_source(&self) -> String {
        let mut source = String::with_capacity(self.text.len() + BOM.len());
        if self.bom {
            source.push_str(BOM);
        }
        for part in self.parts() {
            source.push_str(&self.text[part]);
        }
        source
    }

    /// The spans that tile the text: front matter, preamble, lead, sections.
    pub fn parts(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let front_matter = self.front_matter.as_ref().map_or(0..0, |block| block.span.clone());
        [front_matter, self.preamble.clone(), self.lead.span.clone()]
            .into_iter()
            .chain(self.sections.iter().map(|section| section.span.clone()))
    }
}

struct Builder<'a> {
    text: &'a str,
    headings: Vec<Heading>,
    items: Vec<ListItem>,
    item_section: Vec<Option<usize>>,
    links: Vec<Link>,
    split_blocks: Vec<SplitBlock>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            text,
            headings: Vec::new(),
            items: Vec::new(),
            item_section: Vec::new(),
            links: Vec::new(),
            split_blocks: Vec::new(),
        }
    }

    fn build(mut self) -> Entry {
        let text = self.text;
        let front_matter = front_matter::parse(text);
        let body_start = front_matter.as_ref().map_or(0, |block| block.span.end);
        self.walk(body_start);

        let h2_starts: Vec<(usize, usize)> = self
            .headings
            .iter()
            .enumerate()
            .filter(|(_, heading)| heading.level == 2)
            .map(|(index, heading)| (index, heading.span.start))
            .collect();
        let first_h2 = h2_starts.first().map_or(text.len(), |&(_, start)| start);
        let title = self.headings.iter().find(|heading| heading.level == 1).cloned();
        let lead_start = match &title {
            Some(heading) if heading.span.start < first_h2 => heading.span.end,
            _ => body_start,
        };
        let preamble = body_start..lead_start;

        let mut sections = Vec::with_capacity(h2_starts.len());
        for (position, &(heading_index, start)) in h2_starts.iter().enumerate() {
            let end = h2_starts.get(position + 1).map_or(text.len(), |&(_, next)| next);
            let heading = self.headings[heading_index].clone();
            sections.push(Section {
                body: heading.span.end..end,
                span: start..end,
                heading: Some(heading),
                items: Vec::new(),
            });
        }
        let mut lead =
            Section { heading: None, span: lead_start..first_h2, body: lead_start..first_h2, items: Vec::new() };
        for (item, section) in self.items.into_iter().zip(self.item_section) {
            match section {
                Some(index) => sections[index].items.push(item),
                None if item.span.start >= lead_start => lead.items.push(item),
                // Above the title, in the preamble: no section's item.
                None => {}
            }
        }

        Entry {
            // The caller moves the text in; parsing only borrows it.
            text: String::new(),
            bom: false,
            line_ending: LineEnding::detect(text),
            conflict_markers: conflict_markers(text),
            split_blocks: self.split_blocks,
            front_matter,
            preamble,
            title,
            headings: self.headings,
            lead,
            sections,
            links: self.links,
        }
    }

    /// One pass of pulldown-cmark over the body, collecting headings, list
    /// items and links with their spans.
    fn walk(&mut self, body_start: usize) {
        let text = self.text;
        let body = &text[body_start..];
        let mut containers = 0usize; // block quotes and list items around us
        let mut list_depth = 0usize;
        let mut section: Option<usize> = None;
        let mut h2_count = 0usize;
        let mut heading: Option<(u8, Range<usize>, String)> = None;
        let mut item: Option<ListItem> = None;
        let mut link_depth = 0usize;

        let mut events = Events::new(body);
        for (event, range) in events.by_ref() {
            let range = range.start + body_start..range.end + body_start;
            match event {
                Event::Start(Tag::Heading { level, .. }) if containers == 0 => {
                    heading = Some((heading_level(level), range, String::new()));
                }
                Event::End(TagEnd::Heading(_)) if containers == 0 => {
                    if let Some((level, range, heading_text)) = heading.take() {
                        let start = start_of_line(text, range.start);
                        let end = end_of_line(text, range.end.saturating_sub(1).max(range.start));
                        let text_span = heading_text_span(text, range.clone(), level);
                        if level == 2 {
                            section = Some(h2_count);
                            h2_count += 1;
                        }
                        self.headings.push(Heading {
                            level,
                            text: heading_text.trim().to_owned(),
                            span: start..end,
                            text_span,
                        });
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => containers += 1,
                Event::End(TagEnd::BlockQuote(_)) => containers = containers.saturating_sub(1),
                Event::Start(Tag::List(_)) => list_depth += 1,
                Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
                Event::Start(Tag::Item) => {
                    containers += 1;
                    if list_depth == 1 && containers == 1 {
                        let span = trim_range(text, range.clone());
                        item = Some(ListItem {
                            content_span: item_content_span(text, span.clone()),
                            span,
                            text: String::new(),
                            links: Vec::new(),
                            has_text_outside_links: false,
                        });
                    }
                }
                Event::End(TagEnd::Item) => {
                    containers = containers.saturating_sub(1);
                    if containers == 0
                        && let Some(mut done) = item.take()
                    {
                        done.text = done.text.trim().to_owned();
                        self.items.push(done);
                        self.item_section.push(section);
                    }
                }
                Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                    link_depth += 1;
                    if let Some(link) = make_link(link_type, &dest_url, range) {
                        if list_depth == 1
                            && let Some(item) = item.as_mut()
                        {
                            item.links.push(self.links.len());
                        }
                        self.links.push(link);
                    } else if let Some(item) = item.as_mut().filter(|_| list_depth == 1) {
                        // An external link is text, not a wiki link.
                        item.has_text_outside_links = true;
                    }
                }
                Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
                Event::Text(piece) | Event::Code(piece) | Event::InlineMath(piece) | Event::DisplayMath(piece) => {
                    if let Some((_, _, heading_text)) = heading.as_mut() {
                        heading_text.push_str(&piece);
                    }
                    if let Some(item) = item.as_mut().filter(|_| list_depth == 1) {
                        item.text.push_str(&piece);
                        if link_depth == 0 && !piece.trim().is_empty() {
                            item.has_text_outside_links = true;
                        }
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((_, _, heading_text)) = heading.as_mut() {
                        heading_text.push(' ');
                    }
                    if let Some(item) = item.as_mut().filter(|_| list_depth == 1) {
                        item.text.push(' ');
                    }
                }
                _ => {}
            }
        }
        self.split_blocks = events
            .split_blocks()
            .iter()
            .map(|split| SplitBlock {
                start: split.start + body_start,
                cuts: split.cuts.iter().map(|cut| cut + body_start).collect(),
            })
            .collect();
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The heading's own words: after the `#`s (ATX) or on the first line (setext).
fn heading_text_span(text: &str, range: Range<usize>, level: u8) -> Range<usize> {
    let first_line_end = text[range.clone()].find('\n').map_or(range.end, |index| range.start + index);
    let line = &text[range.start..first_line_end];
    let trimmed = line.trim_start();
    let start = range.start + (line.len() - trimmed.len());
    if trimmed.starts_with('#') {
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count().min(usize::from(level).max(1));
        let mut end = first_line_end;
        // A closing sequence of `#`s is not part of the text.
        let without_close = text[start + hashes..end].trim_end().trim_end_matches('#');
        if without_close.ends_with(' ') || without_close.trim().is_empty() {
            end = start + hashes + without_close.len();
        }
        trim_range(text, start + hashes..end)
    } else {
        trim_range(text, start..first_line_end)
    }
}

/// The item's text after its marker (`-`, `*`, `+`, `1.` or `1)`).
fn item_content_span(text: &str, span: Range<usize>) -> Range<usize> {
    let item = &text[span.clone()];
    let marker = if item.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && item[digits..].starts_with(['.', ')']) { digits + 1 } else { 0 }
    };
    trim_range(text, span.start + marker..span.end)
}

fn make_link(link_type: LinkType, destination: &str, span: Range<usize>) -> Option<Link> {
    let (target, anchor) = match destination.split_once('#') {
        Some((target, anchor)) => (target, Some(anchor.trim().to_owned()).filter(|anchor| !anchor.is_empty())),
        None => (destination, None),
    };
    match link_type {
        LinkType::WikiLink { .. } => {
            Some(Link { target: LinkTarget::Wiki { name: target.trim().to_owned() }, anchor, span })
        }
        LinkType::Inline | LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
            let is_external = target.contains(':') || target.starts_with("//");
            let is_entry = target.to_ascii_lowercase().ends_with(".md");
            (!is_external && is_entry).then(|| Link {
                target: LinkTarget::File { path: target.to_owned() },
                anchor,
                span,
            })
        }
        _ => None,
    }
}

/// Lines that start with `<<<<<<<`, `>>>>>>>` or `|||||||`, and `=======`
/// lines between an opening and a closing marker.
fn conflict_markers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"<<<<<<<").is_none() && memchr::memmem::find(bytes, b">>>>>>>").is_none() {
        return Vec::new();
    }
    let mut markers = Vec::new();
    let mut open = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let marker =
            |sign: &str| content.starts_with(sign) && content[sign.len()..].chars().next().is_none_or(|c| c == ' ');
        let is_marker = if marker("<<<<<<<") {
            open = true;
            true
        } else if marker(">>>>>>>") {
            open = false;
            true
        } else {
            open && (marker("|||||||") || content == "=======")
        };
        if is_marker {
            markers.push(offset..offset + content.len());
        }
        offset += line.len();
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "---\ntitle: Kaiming He\nkind: person\n---\n\n# Kaiming He\n\nLead with [[ImageNet]].\n\n## Snapshot\n\n- Known for: ResNets\n- Role: [[MIT|the institute]] and more\n  - nested: not an item of the section\n\n## Related Pages\n\n- [[Masked Autoencoders]]\n- [[Kaiming He#Snapshot]]\n- [other](people/fei-fei-li.md#career)\n- [web](https://example.org/x.md)\n\n### Deeper\n\ntext\n";

    // Every later feature reads this structure; check each part of it.
    #[test]
    fn finds_the_structure() {
        let entry = Entry::parse(SAMPLE);
        assert_eq!(entry.title(), Some("Kaiming He"));
        assert_eq!(entry.front_matter().unwrap().fields.kind.as_deref(), Some("person"));
        assert_eq!(entry.text()[entry.lead().span.clone()].trim(), "Lead with [[ImageNet]].");
        let titles: Vec<_> = entry.sections().iter().map(|s| s.title().unwrap()).collect();
        assert_eq!(titles, ["Snapshot", "Related Pages"]);
        let snapshot = entry.section("snapshot").unwrap();
        let items: Vec<_> = snapshot.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(items, ["Known for: ResNets", "Role: the institute and more"]);
        assert_eq!(&entry.text()[snapshot.items[0].content_span.clone()], "Known for: ResNets");
        let related = entry.section("Related Pages").unwrap();
        assert_eq!(related.items.len(), 4);
        assert!(!related.items[0].has_text_outside_links);
        assert_eq!(related.items[0].links.len(), 1);
        assert!(related.items[3].links.is_empty(), "external links are not entry links");
        assert!(entry.text()[related.span.clone()].contains("### Deeper"), "H3 belongs to its section");
        let link = &entry.links()[3];
        assert_eq!(link.target, LinkTarget::Wiki { name: "Kaiming He".into() });
        assert_eq!(link.anchor.as_deref(), Some("Snapshot"));
        assert_eq!(entry.links()[4].target, LinkTarget::File { path: "people/fei-fei-li.md".into() });
        assert_eq!(&entry.text()[entry.links()[1].span.clone()], "[[MIT|the institute]]");
        assert_eq!(entry.headings().iter().map(|h| h.level).collect::<Vec<_>>(), [1, 2, 2, 3]);
    }

    // Lossless: the parts tile the text, so unchanged entries write back identically.
    #[test]
    fn round_trips_bytes() {
        for source in [
            SAMPLE,
            "\u{feff}# T\r\n\r\nLead\r\n## A\r\ntext",
            "",
            "no heading at all",
            "## Only a section\n",
            "text before\n# Title\n## A\n# Second H1\n",
            "---\nunclosed: true\n# T\n",
            "# 東京",
            "## Ünïcode ✓",
        ] {
            let entry = Entry::parse(source);
            assert_eq!(entry.to_source(), source);
            let mut end = 0;
            for part in entry.parts() {
                assert_eq!(part.start, end, "parts must be contiguous in {source:?}");
                end = part.end;
            }
            assert_eq!(end, entry.text().len());
        }
    }

    // `=======` alone is a setext underline; only inside a conflict is it a marker.
    #[test]
    fn finds_conflict_markers() {
        let text = "Title\n=======\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n";
        let entry = Entry::parse(text);
        let lines: Vec<_> = entry.conflict_markers().iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(lines, ["<<<<<<< HEAD", "=======", ">>>>>>> branch"]);
    }

    #[test]
    fn heading_text_spans_skip_markers() {
        let text = "# Title #\n\n## Snapshot ##\nSetext\n---\n";
        let entry = Entry::parse(text);
        let spans: Vec<_> = entry.headings().iter().map(|h| &text[h.text_span.clone()]).collect();
        assert_eq!(spans, ["Title", "Snapshot", "Setext"]);
    }

    // WalkedFile by the R1 fuzzer: a lone `\r` ends a line in Markdown, so a
    // heading after one starts there, not at the previous `\n`.
    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "# T\n\n- item\r## A\rbody\r";
        let entry = Entry::parse(text);
        let section = &entry.sections()[0];
        assert_eq!(&text[section.span.clone()], "## A\rbody\r");
        assert_eq!(&text[section.heading.as_ref().unwrap().span.clone()], "## A\r");
        assert_eq!(entry.lead().items.len(), 1);
        assert!(entry.lead().items[0].span.end <= entry.lead().span.end);
    }

    // WalkedFile by the R1 fuzzer: a list above the title was counted as the
    // lead's, though the lead's span starts after the title.
    #[test]
    fn items_above_the_title_belong_to_no_section() {
        for text in ["- a\n# Title\n\n- b\n", "- a\r# Title\n\n- b\n"] {
            let entry = Entry::parse(text);
            let items: Vec<_> = entry.lead().items.iter().map(|item| item.text.as_str()).collect();
            assert_eq!(items, ["b"], "{text:?}");
        }
    }
}
