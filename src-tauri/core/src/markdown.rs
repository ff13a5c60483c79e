//! Markdown events in bounded memory.
//!
//! pulldown-cmark builds a tree of the whole text before its first event, a
//! node (about 48 bytes, in a vector that doubles) per `[`, `*`, `<`, list
//! marker or line of a block: up to about 80 bytes per byte of hostile
//! Markdown. [`Events`] gives the events of a text as one parse of it would,
//! but never lets pulldown-cmark see more than [`WINDOW`] bytes at once:
//!
//! - A text of at most [`WHOLE`] bytes (every real entry) is parsed whole.
//! - A larger one is parsed in pieces, cut at the start of a top-level block
//!   (one not inside a list, quote or fence), found by parsing a window of
//!   the text. The blocks before such a cut parse the same without the text
//!   after it, since every container is closed there; reference definitions
//!   are collected from every window first and reach every piece.
//! - Only a single block longer than a window (one huge paragraph, list or
//!   line) has no such cut. It is cut at a line boundary, or in a line at a
//!   space, and parsed in parts: markup across a cut (a list split in two, a
//!   link cut in half) can come out differently. Such a block is listed in
//!   [`Events::split_blocks`], and validation reports it (`block-too-large`).
//!
//! Every event's range indexes into the whole text.

use std::ops::Range;
use std::rc::Rc;

use pulldown_cmark::{BrokenLink, BrokenLinkCallback, CowStr, Event, LinkType, OffsetIter, Parser, RefDefs, Tag};
use unicase::UniCase;

use crate::entry::markdown_options;

/// Texts up to this size are parsed whole.
pub(crate) const WHOLE: usize = 256 * 1024;
/// The most bytes pulldown-cmark parses at once in a larger text; a block
/// longer than this is split.
pub(crate) const WINDOW: usize = 128 * 1024;
/// A piece ends at the first top-level block starting this far into it.
const PIECE: usize = 32 * 1024;
/// The longest link or footnote label, in bytes (999 characters).
const MAX_LABEL_BYTES: usize = 999 * 4;

/// A block longer than [`WINDOW`] that was parsed in parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitBlock {
    /// Where the block starts.
    pub start: usize,
    /// Where it was cut, in order.
    pub cuts: Vec<usize>,
}

/// Reference definitions (`[label]: destination "title"`) of the whole text,
/// the first one of a label winning, by label as CommonMark matches them.
type References = std::collections::HashMap<UniCase<String>, (String, String)>;

/// Footnote labels defined in the text, each with where it is first defined.
type Footnotes = std::collections::HashMap<UniCase<String>, usize>;

/// The events of `text` with ranges into it; see the module documentation.
pub(crate) struct Events<'a> {
    text: &'a str,
    /// Piece boundaries: 0, the cuts, `text.len()`.
    bounds: Vec<usize>,
    /// The next piece to parse, as an index into `bounds`.
    next: usize,
    current: Option<Piece<'a>>,
    references: Rc<References>,
    footnotes: Footnotes,
    split_blocks: Vec<SplitBlock>,
}

/// The piece being read.
enum Piece<'a> {
    /// Parsed from the text itself.
    Borrowed(usize, Box<OffsetIter<'a, Lookup>>),
    /// Parsed from a copy with footnote definitions from other pieces
    /// appended (see [`Events::footnote_stubs`]), the events read already.
    Owned(usize, std::vec::IntoIter<(Event<'static>, Range<usize>)>),
}

impl<'a> Events<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let plan = plan(text);
        let mut bounds = Vec::with_capacity(plan.cuts.len() + 2);
        bounds.push(0);
        bounds.extend(plan.cuts);
        bounds.push(text.len());
        Self {
            text,
            bounds,
            next: 0,
            current: None,
            references: Rc::new(plan.references),
            footnotes: plan.footnotes,
            split_blocks: plan.split_blocks,
        }
    }

    /// GFM footnotes (`[^note]`) are references only when their definition
    /// is in the same parse, and pulldown-cmark takes no outside ones: the
    /// labels the piece `start..end` uses but another piece defines.
    fn footnote_stubs(&self, start: usize, end: usize) -> Vec<&'a str> {
        if self.footnotes.is_empty() {
            return Vec::new();
        }
        let piece = &self.text[start..end];
        let mut stubs: Vec<&'a str> = Vec::new();
        let mut seen: std::collections::HashSet<&'a str> = std::collections::HashSet::new();
        for at in memchr::memmem::find_iter(piece.as_bytes(), b"[^") {
            // A label is at most 999 characters on one line (CommonMark), so
            // a run of `[^` without `]` costs no more than that each.
            let rest = &self.text[start + at + 2..end];
            let rest = &rest[..floor_char_boundary(rest, rest.len().min(MAX_LABEL_BYTES))];
            let Some(close) = memchr::memchr2(b']', b'\n', rest.as_bytes()) else { continue };
            let label = &rest[..close];
            if !rest[close..].starts_with(']') || label.is_empty() || label.contains(char::is_whitespace) {
                continue;
            }
            if !seen.insert(label) {
                continue;
            }
            let key = UniCase::new(label.to_owned());
            if self.footnotes.get(&key).is_some_and(|&defined| defined < start || defined >= end) {
                stubs.push(label);
            }
        }
        stubs
    }

    /// Parses the piece `start..end` with a definition of each footnote in
    /// `stubs` appended, keeping the events of the piece itself; `None`
    /// when the definitions would change the piece (they would fall inside
    /// a block it leaves open, or join its last list's range).
    fn parse_with_stubs(&self, start: usize, end: usize, stubs: &[&str]) -> Option<Piece<'a>> {
        let piece = &self.text[start..end];
        // Right after the piece as the next top-level block follows it, or
        // after a blank line when the piece's last paragraph would take it.
        let separators: &[&str] = if piece.ends_with('\n') { &["", "\n"] } else { &["\n", "\n\n"] };
        separators.iter().find_map(|separator| {
            let mut copy =
                String::with_capacity(piece.len() + stubs.iter().map(|label| label.len() + 10).sum::<usize>());
            copy.push_str(piece);
            copy.push_str(separator);
            for label in stubs {
                copy.push_str("[^");
                copy.push_str(label);
                copy.push_str("]: .\n\n");
            }
            let lookup = Lookup(Rc::clone(&self.references));
            let mut events = Vec::new();
            let parser = Parser::new_with_broken_link_callback(&copy, markdown_options(), Some(lookup));
            for (event, range) in parser.into_offset_iter() {
                if range.start < piece.len() && range.end > piece.len() {
                    return None;
                }
                if range.end <= piece.len() {
                    events.push((event.into_static(), range));
                }
            }
            Some(Piece::Owned(start, events.into_iter()))
        })
    }

    /// The blocks too long to parse whole, parsed in parts.
    pub(crate) fn split_blocks(&self) -> &[SplitBlock] {
        &self.split_blocks
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let next = match self.current.as_mut() {
                Some(Piece::Borrowed(offset, parser)) => parser.next().map(|found| (*offset, found)),
                Some(Piece::Owned(offset, events)) => events.next().map(|found| (*offset, found)),
                None => None,
            };
            if let Some((offset, (event, range))) = next {
                return Some((resolved(event), range.start + offset..range.end + offset));
            }
            // Drop the finished piece's tree before the next is built.
            self.current = None;
            if self.next + 1 >= self.bounds.len() {
                return None;
            }
            let (start, end) = (self.bounds[self.next], self.bounds[self.next + 1]);
            self.next += 1;
            // A piece ending in a split block is not closed: no definition
            // can follow it unchanged.
            let split_end = self.split_blocks.iter().any(|split| split.cuts.contains(&end));
            let stubs = if split_end { Vec::new() } else { self.footnote_stubs(start, end) };
            let with_stubs = (!stubs.is_empty()).then(|| self.parse_with_stubs(start, end, &stubs)).flatten();
            self.current = Some(with_stubs.unwrap_or_else(|| {
                let lookup = Lookup(Rc::clone(&self.references));
                let parser =
                    Parser::new_with_broken_link_callback(&self.text[start..end], markdown_options(), Some(lookup));
                Piece::Borrowed(start, Box::new(parser.into_offset_iter()))
            }));
        }
    }
}

/// Finds references another piece defines.
struct Lookup(Rc<References>);

impl<'input> BrokenLinkCallback<'input> for Lookup {
    fn handle_broken_link(&mut self, link: BrokenLink<'input>) -> Option<(CowStr<'input>, CowStr<'input>)> {
        if self.0.is_empty() {
            return None;
        }
        let (destination, title) = self.0.get(&UniCase::new(label_key(&link.reference)))?;
        Some((CowStr::from(destination.clone()), CowStr::from(title.clone())))
    }
}

/// A link found through [`Lookup`] reads as pulldown-cmark would have read
/// it with the definition in the same piece.
fn resolved(event: Event<'_>) -> Event<'_> {
    fn known(link_type: LinkType) -> LinkType {
        match link_type {
            LinkType::ReferenceUnknown => LinkType::Reference,
            LinkType::CollapsedUnknown => LinkType::Collapsed,
            LinkType::ShortcutUnknown => LinkType::Shortcut,
            other => other,
        }
    }
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type: known(link_type), dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type: known(link_type), dest_url, title, id })
        }
        other => other,
    }
}

/// A label as CommonMark compares them: inner white space collapsed, case
/// folded (by [`UniCase`]).
fn label_key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where to cut a text, and what every piece needs to know.
#[derive(Default)]
struct Plan {
    cuts: Vec<usize>,
    split_blocks: Vec<SplitBlock>,
    references: References,
    footnotes: Footnotes,
}

fn plan(text: &str) -> Plan {
    let mut plan = Plan::default();
    if text.len() <= WHOLE {
        return plan;
    }
    // A definition needs `]:`; most large texts have none and skip the work.
    let has_definitions = memchr::memmem::find(text.as_bytes(), b"]:").is_some();
    let mut start = 0;
    while text.len() - start > WINDOW {
        let window = &text[start..floor_char_boundary(text, start + WINDOW)];
        let mut parser = Parser::new_ext(window, markdown_options()).into_offset_iter();
        let (blocks, footnotes) = top_level_blocks(&mut parser);
        let cut = match exact_cut(window, &blocks) {
            Some(cut) => cut,
            None => {
                let cut = split_cut(window);
                // The block the cut falls in.
                let block = blocks.iter().rev().find(|&&block| block < cut).copied().unwrap_or(0);
                match plan.split_blocks.last_mut() {
                    // The same block, split again.
                    Some(split) if split.cuts.last() == Some(&start) && block == 0 => split.cuts.push(start + cut),
                    _ => plan.split_blocks.push(SplitBlock { start: start + block, cuts: vec![start + cut] }),
                }
                cut
            }
        };
        if has_definitions {
            add_definitions(&mut plan.references, parser.reference_definitions(), cut);
            add_footnotes(&mut plan.footnotes, footnotes, start, cut);
        }
        plan.cuts.push(start + cut);
        start += cut;
    }
    if has_definitions {
        // The last piece's own: a piece before it may use them.
        let rest = &text[start..];
        let mut parser = Parser::new_ext(rest, markdown_options()).into_offset_iter();
        let (_, footnotes) = top_level_blocks(&mut parser);
        add_definitions(&mut plan.references, parser.reference_definitions(), rest.len());
        add_footnotes(&mut plan.footnotes, footnotes, start, rest.len());
    }
    plan
}

/// Adds the footnote definitions that start before `before` in a window
/// starting at `start`: the first definition of a label wins.
fn add_footnotes(defined: &mut Footnotes, found: Vec<(String, usize)>, start: usize, before: usize) {
    for (label, at) in found.into_iter().filter(|&(_, at)| at < before) {
        defined.entry(UniCase::new(label)).or_insert(start + at);
    }
}

/// Adds the definitions that end by `before`, in the text's order: the
/// first definition of a label wins.
fn add_definitions(references: &mut References, found: &RefDefs<'_>, before: usize) {
    let mut definitions: Vec<_> = found.iter().filter(|(_, definition)| definition.span.end <= before).collect();
    definitions.sort_by_key(|(_, definition)| definition.span.start);
    for (label, definition) in definitions {
        let title = definition.title.as_deref().unwrap_or_default().to_owned();
        references.entry(UniCase::new(label_key(label))).or_insert_with(|| (definition.dest.to_string(), title));
    }
}

/// Where each top-level block of a parse starts (the offset of every event
/// at depth 0 that is not an end), and the footnotes it defines.
fn top_level_blocks(parser: &mut OffsetIter<'_>) -> (Vec<usize>, Vec<(String, usize)>) {
    let mut blocks = Vec::new();
    let mut footnotes = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    blocks.push(range.start);
                }
                if let Tag::FootnoteDefinition(label) = tag {
                    footnotes.push((label.to_string(), range.start));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => blocks.push(range.start),
            _ => {}
        }
    }
    (blocks, footnotes)
}

/// A cut at the start of a line where a top-level block starts, whose
/// first line the window holds whole (so the window's parse of everything
/// before it is the whole text's): the last such line at least [`PIECE`]
/// bytes in after a blank line, else the first at least that far, else the
/// last one. The latest cut makes the pieces long, so the windows that find
/// the cuts overlap little and the text is parsed about twice, not five
/// times.
fn exact_cut(window: &str, blocks: &[usize]) -> Option<usize> {
    let candidates = blocks.iter().filter_map(|&block| {
        let line = window[..block].rfind('\n').map_or(0, |newline| newline + 1);
        let indented = window[line..block].bytes().all(|byte| byte == b' ' || byte == b'\t');
        let whole_line = memchr::memchr(b'\n', &window.as_bytes()[block..]).is_some();
        (line > 0 && indented && whole_line).then_some(line)
    });
    let after_blank = |line: usize| {
        let before = &window[..line - 1];
        let previous = before.rfind('\n').map_or(before, |newline| &before[newline + 1..]);
        previous.trim().is_empty()
    };
    let mut last_far_after_blank = None;
    let mut first_far = None;
    let mut last = None;
    for line in candidates {
        if line >= PIECE {
            if after_blank(line) {
                last_far_after_blank = Some(line);
            }
            first_far.get_or_insert(line);
        }
        last = Some(line);
    }
    last_far_after_blank.or(first_far).or(last)
}

/// A cut in a window that one block fills: after the last line break at
/// least [`PIECE`] bytes in (before a line that starts with text, if there
/// is one), else after the last space outside brackets (so that a
/// `[[wiki link]]` is not cut in half), else after the last space, else at
/// the window's end.
fn split_cut(window: &str) -> usize {
    let bytes = window.as_bytes();
    let tail = &bytes[PIECE..];
    let after = |found: Option<usize>| found.map(|at| PIECE + at + 1);
    let before_text = memchr::memrchr_iter(b'\n', tail)
        .find(|&at| bytes.get(PIECE + at + 1).is_some_and(|&next| !next.is_ascii_whitespace()));
    after(before_text).or_else(|| after(memchr::memrchr(b'\n', tail))).unwrap_or_else(|| {
        let mut depth = 0usize;
        let mut outside = None;
        let mut any = None;
        for (at, &byte) in bytes.iter().enumerate() {
            match byte {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b' ' | b'\t' if at >= PIECE => {
                    any = Some(at + 1);
                    if depth == 0 {
                        outside = Some(at + 1);
                    }
                }
                _ => {}
            }
        }
        outside.or(any).unwrap_or(window.len())
    })
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new_ext(text, markdown_options()).into_offset_iter().collect()
    }

    /// Real blocks of every kind, some spanning blank lines (fences, HTML
    /// comments, loose lists, indented code), in a text far over [`WHOLE`].
    fn varied(bytes: usize) -> String {
        varied_in_order(bytes, &mut (0..).map(|n: usize| n))
    }

    fn varied_in_order(bytes: usize, order: &mut dyn Iterator<Item = usize>) -> String {
        let blocks = [
            "## Section {n}\n\nA paragraph with [[Entry {n}]], [a reference][ref-{n}], *emphasis* and `code`.\n",
            "Setext heading {n}\n---\n",
            "- item one [[A {n}]]\n- item two\n\n- loose item after a blank line\n\n  continued in the item\n",
            "1. first\n2. second\n   - nested\n\n     still nested\n",
            "```rust\nfn main() {{}}\n\n\nlet x = [[not a link]];\n\n```\n",
            "~~~\n\n# not a heading inside a fence\n\n~~~\n",
            "<!-- a comment\n\n# not a heading\n\n-->\n",
            "<div>\n\n*markdown inside html*\n\n</div>\n",
            "> a quote [[Quoted {n}]]\n>\n> more\nlazy line\n",
            "| a | b |\n| --- | --- |\n| [[Cell {n}]] | 2 |\n",
            "    indented code\n\n    more code after a blank\n",
            "Footnote use[^f{n}].\n\n[^f{n}]: The note {n}.\n",
            "[ref-{n}]: https://example.org/{n} \"Title {n}\"\n",
            "***\n",
            "Para line one\nline two with [link](other.md#part) and ![image](i.png)\n",
            "<custom-element>\ncontent {n}\n</custom-element>\n",
            "Heading {n}\n===\nparagraph right after\n",
            "[ref-b{n}]:\n  /url-{n}\n  'title on its own line'\n",
            "> ```\n> code in a quote\n>\n> ```\n",
            "Paragraph {n}\n# ATX heading right after #\n- list right after\n",
            "<script>\nlet a = 1;\n\nlet b = 2;\n</script>\n",
            "Trailing spaces  \nhard break\\\nagain [ref-b{n}]\n",
        ];
        let mut text = String::from("# Title\n\nUses [late], [late][] and a note[^late] defined at the very end.\n\n");
        let mut n = 0usize;
        while text.len() < bytes {
            let block = order.next().unwrap_or(n);
            text.push_str(&blocks[block % blocks.len()].replace("{n}", &n.to_string()).replace("{{}}", "{}"));
            text.push('\n');
            n += 1;
        }
        text.push_str("[late]: /the-end.md\n\n[^late]: The last note.\n");
        text
    }

    /// Where the pieced events first differ from a whole parse's.
    fn first_difference(text: &str) -> Option<String> {
        let events = Events::new(text);
        let bounds = events.bounds.clone();
        let pieced: Vec<_> = events.collect();
        let expected = whole(text);
        let context = |range: &Range<usize>| {
            let start = floor_char_boundary(text, range.start.saturating_sub(200));
            &text[start..floor_char_boundary(text, (range.start + 100).min(text.len()))]
        };
        for (got, want) in pieced.iter().zip(&expected) {
            if got != want {
                return Some(format!("got {got:?}, not {want:?}, after {:?}; cuts {bounds:?}", context(&want.1)));
            }
        }
        (pieced.len() != expected.len()).then(|| format!("{} events, not {}", pieced.len(), expected.len()))
    }

    #[test]
    fn a_large_text_gives_the_events_of_a_whole_parse() {
        let text = varied(3 * WHOLE);
        let mut events = Events::new(&text);
        let pieced: Vec<_> = events.by_ref().collect();
        assert!(events.split_blocks().is_empty(), "{:?}", events.split_blocks());
        assert!(events.bounds.len() > 5, "the text was parsed in {} pieces", events.bounds.len() - 1);
        let expected = whole(&text);
        assert_eq!(pieced.len(), expected.len());
        for (got, want) in pieced.iter().zip(&expected) {
            assert_eq!(got, want, "at {:?}", &text[want.1.start..want.1.end.min(want.1.start + 80)]);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]
        /// Blocks in any order, the cuts falling anywhere among them.
        #[test]
        fn blocks_in_any_order_give_the_events_of_a_whole_parse(
            order in proptest::collection::vec(0usize..22, 50..400),
        ) {
            let text = varied_in_order(WHOLE + WINDOW, &mut order.into_iter().cycle());
            let difference = first_difference(&text);
            proptest::prop_assert!(difference.is_none(), "{}", difference.unwrap_or_default());
        }
    }

    #[test]
    fn references_defined_in_a_later_piece_resolve() {
        let text = varied(2 * WHOLE);
        let links: Vec<_> = Events::new(&text)
            .filter_map(|(event, _)| match event {
                Event::Start(Tag::Link { link_type, dest_url, .. }) if dest_url.as_ref() == "/the-end.md" => {
                    Some(link_type)
                }
                _ => None,
            })
            .collect();
        assert_eq!(links, [LinkType::Shortcut, LinkType::Collapsed]);
        let notes: Vec<_> = Events::new(&text)
            .filter_map(|(event, range)| match event {
                Event::FootnoteReference(label) if label.as_ref() == "late" => Some(range.start),
                _ => None,
            })
            .collect();
        assert_eq!(notes, [text.find("[^late]").unwrap()], "a footnote defined in the last piece");
    }

    #[test]
    fn a_small_text_is_one_parse() {
        let text = varied(WHOLE - 1000);
        let events = Events::new(&text);
        assert_eq!(events.bounds, [0, text.len()]);
        assert_eq!(events.collect::<Vec<_>>(), whole(&text));
    }

    #[test]
    fn a_block_longer_than_a_window_is_split_and_listed() {
        // One line of `[`, as issue 14 found: 8 MB took 1.2 GB to parse.
        let text = format!("# Title\n\n{}\n\nAfter.\n", "[".repeat(3 * WHOLE));
        let mut events = Events::new(&text);
        let mut texts = String::new();
        let mut last_end = 0;
        for (event, range) in events.by_ref() {
            assert!(range.end <= text.len());
            if let Event::Text(piece) = event {
                assert!(range.start >= last_end, "text comes in order");
                last_end = range.end;
                texts.push_str(&piece);
            }
        }
        assert_eq!(texts.matches('[').count(), 3 * WHOLE, "no `[` is lost");
        let split = events.split_blocks();
        assert_eq!(split.len(), 1, "{split:?}");
        assert_eq!(split[0].start, "# Title\n\n".len());
        assert!(split[0].cuts.len() >= 3 * WHOLE / WINDOW, "{:?}", split[0].cuts);
        assert!(split[0].cuts.windows(2).all(|pair| pair[1] - pair[0] <= WINDOW));
    }

    #[test]
    fn a_long_list_is_cut_between_items() {
        let items: String = (0..40_000).map(|n| format!("- [[Source {n}]], 2020.\n")).collect();
        let text = format!("# Title\n\n## Sources\n\n{items}");
        let mut events = Events::new(&text);
        let mut links = 0;
        for (event, _) in events.by_ref() {
            if let Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, .. }) = event {
                links += 1;
            }
        }
        assert_eq!(links, 40_000, "every item's link is found");
        let split = events.split_blocks();
        assert_eq!(split.len(), 1);
        for &cut in &split[0].cuts {
            assert!(text[cut..].starts_with("- [[Source "), "cut at {:?}", &text[cut..cut + 20]);
        }
    }

    #[test]
    fn a_long_line_is_cut_between_wiki_links() {
        let links: String = (0..40_000).map(|n| format!("see [[Missing Page {n}]] and ")).collect();
        let text = format!("# Title\n\n{links}\n");
        let mut events = Events::new(&text);
        let found = events
            .by_ref()
            .filter(|(event, _)| matches!(event, Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, .. })))
            .count();
        assert_eq!(found, 40_000, "no link is cut in half");
        assert_eq!(events.split_blocks().len(), 1);
    }

    #[test]
    fn labels_match_as_commonmark_matches_them() {
        assert_eq!(label_key("  Foo \t bar\n baz "), "Foo bar baz");
        assert_eq!(UniCase::new(label_key("ÉCOLE")), UniCase::new(label_key("école")));
    }
}
