//! Rendering an entry to the HTML a reader sees, safely.
//!
//! The page is rendered part by part — the title with the lead, then each H2
//! section — so the app can replace only the parts that changed while
//! someone types (replacing the whole preview costs 55–65 ms in WebKitGTK).
//! Each top-level block carries `data-line`, its source line counted within
//! its part (1 is the part's first line; add [`RenderedPart::line`] − 1 for
//! the line in the entry), for scroll sync. Counting within the part keeps a
//! part's HTML the same when lines are added above it, so
//! [`render_entry_cached`] can reuse it. Wiki links are resolved through the index: a link to an
//! existing entry carries `data-entry` (its id), a red link `data-title`.
//! A link's `#section` is its `data-anchor`, and each top-level heading
//! carries its own `data-anchor` ([`anchor_slug`]): the preview matches the
//! two without slugging anything itself. (Not `id`: an entry's ids could
//! clobber the webview's global names.)
//!
//! Everything leaves through [`sanitize`]: an allow-list of tags, attributes
//! and URL schemes (http, https, mailto; `#` fragments only for relative
//! links), so no script, event handler, frame, form, style, SVG or MathML
//! from an entry reaches the webview. Sanitizing is idempotent.
//!
//! The sanitizer's HTML parser takes time proportional to the number of
//! tags times their nesting depth, so a part whose tree would nest deeper
//! than [`MAX_NESTING`] (estimated in linear time, see `nesting`) is
//! rendered flattened instead: Markdown nesting cut at that depth, raw HTML
//! shown as text. No real entry nests that deep; a hostile one still
//! renders in linear time.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::entry::Entry;
use crate::index::{Index, resolve_relative};
use crate::markdown::Events;
use crate::slug::anchor_slug;
use crate::text::LineIndex;

mod nesting;

/// The deepest a part's HTML may nest before the part is rendered flattened.
pub(crate) const MAX_NESTING: usize = 64;

/// One rendered part of a page: the title and lead, or one H2 section.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RenderedPart {
    /// The section heading; `None` for the title-and-lead part.
    pub heading: Option<String>,
    /// The part's first source line (1-based).
    pub line: usize,
    /// Sanitized HTML.
    pub html: String,
    /// A hash of `html`, so callers can tell which parts changed cheaply.
    pub hash: String,
}

/// A rendered entry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RenderedPage {
    /// The entry's title, when it has one.
    pub title: Option<String>,
    /// The parts, in page order.
    pub parts: Vec<RenderedPart>,
}

/// Renders entry `id` for reading, resolving links through `index`.
pub fn render_entry(id: &str, entry: &Entry, index: &Index) -> RenderedPage {
    render_entry_cached(id, entry, index, &mut RenderCache::default())
}

/// The parts of the last page rendered through it, by source, so rendering
/// the next draft of the same entry renders only the parts that changed.
/// It forgets everything when the entry or the index (the targets of links)
/// is another, and keeps only the last page's parts.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// The entry id and the index generation the parts were rendered for.
    key: Option<(String, u64)>,
    /// Part source (and heading) → sanitized HTML and its hash.
    parts: HashMap<(Option<String>, String), (String, String)>,
}

/// [`render_entry`], taking unchanged parts from `cache` and leaving this
/// page's parts in it. The result is the same as [`render_entry`]'s.
pub fn render_entry_cached(id: &str, entry: &Entry, index: &Index, cache: &mut RenderCache) -> RenderedPage {
    let text = entry.text();
    let lines = LineIndex::new(text);
    let key = (id.to_owned(), index.generation());
    let mut previous = std::mem::take(&mut cache.parts);
    if cache.key.as_ref() != Some(&key) {
        previous.clear();
        cache.key = Some(key);
    }
    let front_matter_end = entry.front_matter().map_or(0, |block| block.span.end);
    let spans = std::iter::once((front_matter_end..entry.lead().span.end, None))
        .chain(entry.sections().iter().map(|section| (section.span.clone(), section.title().map(str::to_owned))));
    let anchors: Vec<(Range<usize>, String)> =
        entry.headings().iter().map(|heading| (heading.span.clone(), anchor_slug(&heading.text))).collect();
    let mut parts = Vec::with_capacity(entry.sections().len() + 1);
    for (span, heading) in spans {
        let line = lines.position(text, span.start).line;
        let source_key = (heading, text[span.clone()].to_owned());
        let (html, hash) = match previous.remove(&source_key) {
            Some(done) => done,
            None => render_part(id, text, span, &lines, index, &anchors),
        };
        cache.parts.insert(source_key.clone(), (html.clone(), hash.clone()));
        parts.push(RenderedPart { heading: source_key.0, line, html, hash });
    }
    RenderedPage { title: entry.title().map(str::to_owned), parts }
}

/// The sanitized HTML of `text[span]` and its hash. `anchors` holds the
/// entry's top-level headings (their lines in `text`) with their anchors.
fn render_part(
    id: &str,
    text: &str,
    span: Range<usize>,
    lines: &LineIndex,
    index: &Index,
    anchors: &[(Range<usize>, String)],
) -> (String, String) {
    let source = Source { id, text, lines, index, anchors };
    let mut rendered = render_markdown(&source, span.clone(), Nesting::AsWritten);
    if rendered.too_deep || nesting::deeper_than(&rendered.html, MAX_NESTING) {
        rendered = render_markdown(&source, span, Nesting::Flattened);
    }
    // pulldown-cmark's own HTML is well formed, so one pass is a fixed
    // point (the property tests check it); raw HTML may need more.
    let html = if rendered.raw_html { sanitize(&rendered.html) } else { clean_once(&rendered.html) };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    html.hash(&mut hasher);
    (html, format!("{:016x}", hasher.finish()))
}

/// How [`render_markdown`] treats nesting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nesting {
    /// As the Markdown and HTML are written.
    AsWritten,
    /// Elements deeper than [`MAX_NESTING`] left out (their contents kept),
    /// raw HTML shown as text.
    Flattened,
}

/// Unsanitized HTML of a part.
struct Rendered {
    html: String,
    /// Whether the HTML holds raw HTML from the entry.
    raw_html: bool,
    /// Whether rendering as written stopped at Markdown nested deeper than
    /// [`MAX_NESTING`] (the HTML is then incomplete).
    too_deep: bool,
}

/// What rendering one part of an entry reads.
struct Source<'a> {
    id: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
    index: &'a Index,
    /// The entry's top-level headings' lines and anchors, in order.
    anchors: &'a [(Range<usize>, String)],
}

impl Source<'_> {
    /// The anchor of the top-level heading whose lines hold `offset`; none
    /// for a heading without a letter or digit, which no link can name.
    fn anchor_at(&self, offset: usize) -> Option<&str> {
        let index = self.anchors.partition_point(|(lines, _)| lines.end <= offset);
        let (lines, anchor) = self.anchors.get(index)?;
        (lines.contains(&offset) && !anchor.is_empty()).then_some(anchor.as_str())
    }
}

/// Renders `text[span]` to unsanitized HTML, one top-level block at a time,
/// each tagged with its source line within the part.
fn render_markdown(source_of: &Source<'_>, span: Range<usize>, nesting: Nesting) -> Rendered {
    let Source { id, text, lines, index, .. } = *source_of;
    let source = &text[span.clone()];
    let first_line = lines.position(text, span.start).line;
    let within = |offset: usize| lines.position(text, offset).line - first_line + 1;
    let mut html = String::with_capacity(source.len() * 3 / 2);
    let mut block: Vec<Event<'_>> = Vec::new();
    let mut depth = 0usize;
    let mut block_start = 0usize;
    // Whether each open element is written, and how many are (Flattened).
    let mut written: Vec<bool> = Vec::new();
    let mut written_depth = 0usize;
    let mut raw_html = false;
    for (event, range) in Events::new(source) {
        raw_html |= nesting == Nesting::AsWritten && matches!(event, Event::Html(_) | Event::InlineHtml(_));
        match &event {
            Event::Start(_) => {
                if depth == 0 {
                    block_start = range.start;
                }
                depth += 1;
                if depth > MAX_NESTING && nesting == Nesting::AsWritten {
                    // No need to finish: this part renders flattened.
                    return Rendered { html, raw_html, too_deep: true };
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {
                if depth == 0 {
                    block_start = range.start;
                }
            }
        }
        let event = match event {
            // Only top-level headings are the entry's headings (entry.rs).
            Event::Start(Tag::Heading { level, classes, .. }) if depth == 1 => {
                let attrs = source_of
                    .anchor_at(span.start + range.start)
                    .map(|anchor| vec![("data-anchor".into(), Some(anchor.to_owned().into()))])
                    .unwrap_or_default();
                Event::Start(Tag::Heading { level, id: None, classes, attrs })
            }
            event => event,
        };
        let event = match (nesting, event) {
            (Nesting::AsWritten, event) => Some(event),
            (Nesting::Flattened, Event::Start(tag)) => {
                let write = written_depth < MAX_NESTING;
                written.push(write);
                written_depth += usize::from(write);
                write.then_some(Event::Start(tag))
            }
            (Nesting::Flattened, Event::End(tag)) => {
                let write = written.pop().unwrap_or(false);
                written_depth -= usize::from(write);
                write.then_some(Event::End(tag))
            }
            (Nesting::Flattened, Event::Html(raw) | Event::InlineHtml(raw)) => Some(Event::Text(raw)),
            (Nesting::Flattened, event) => Some(event),
        };
        if let Some(event) = event {
            block.push(link_event(id, event, index));
        }
        if depth == 0 {
            flush_block(&mut html, &mut block, within(span.start + block_start));
        }
    }
    flush_block(&mut html, &mut block, within(span.end));
    Rendered { html, raw_html, too_deep: false }
}

/// Writes one top-level block, adding `data-line` to its first element.
fn flush_block(html: &mut String, block: &mut Vec<Event<'_>>, line: usize) {
    if block.is_empty() {
        return;
    }
    let mut piece = String::new();
    pulldown_cmark::html::push_html(&mut piece, block.drain(..));
    // pulldown-cmark writes blocks as `<tag` followed by ` ` or `>`.
    if let Some(rest) = piece.strip_prefix('<')
        && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && let Some(end) = rest.find([' ', '>', '/'])
    {
        html.push('<');
        html.push_str(&rest[..end]);
        html.push_str(&format!(" data-line=\"{line}\""));
        html.push_str(&rest[end..]);
    } else {
        html.push_str(&piece);
    }
}

/// Turns wiki links and relative `.md` links into links the app handles.
fn link_event<'a>(id: &str, event: Event<'a>, index: &Index) -> Event<'a> {
    match event {
        Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
            let (name, anchor) = split_anchor(&dest_url);
            let target = crate::entry::LinkTarget::Wiki { name: name.trim().to_owned() };
            Event::InlineHtml(internal_link(id, &target, anchor, index).into())
        }
        Event::Start(Tag::Link { dest_url, .. }) if is_relative_entry_link(&dest_url) => {
            let (path, anchor) = split_anchor(&dest_url);
            let target = crate::entry::LinkTarget::File { path: path.to_owned() };
            Event::InlineHtml(internal_link(id, &target, anchor, index).into())
        }
        // Anchors come from the heading text (`data-anchor`, set by
        // `render_markdown`); ids from `{#id}` syntax could clobber DOM
        // names, so they are dropped.
        Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
            Event::Start(Tag::Heading { level, id: None, classes, attrs })
        }
        other => other,
    }
}

fn split_anchor(destination: &str) -> (&str, Option<&str>) {
    match destination.split_once('#') {
        Some((target, anchor)) => (target, Some(anchor).filter(|anchor| !anchor.trim().is_empty())),
        None => (destination, None),
    }
}

fn is_relative_entry_link(destination: &CowStr<'_>) -> bool {
    let (path, _) = split_anchor(destination);
    !path.contains(':') && !path.starts_with("//") && path.to_ascii_lowercase().ends_with(".md")
}

/// The opening `<a>` of an internal link; pulldown-cmark's own `</a>` closes it.
fn internal_link(id: &str, target: &crate::entry::LinkTarget, anchor: Option<&str>, index: &Index) -> String {
    let resolved = index.resolve(id, target);
    let anchor_attribute =
        anchor.map(|anchor| format!(" data-anchor=\"{}\"", escape_html(&anchor_slug(anchor)))).unwrap_or_default();
    let href = format!("#{}", escape_html(&anchor.map(anchor_slug).unwrap_or_default()));
    match resolved.first() {
        Some(entry) => format!(
            "<a class=\"wikilink\" href=\"{href}\" data-entry=\"{}\" title=\"{}\"{anchor_attribute}>",
            escape_html(&entry.id),
            escape_html(&entry.title)
        ),
        None => {
            let wanted = match target {
                crate::entry::LinkTarget::Wiki { name } => name.clone(),
                crate::entry::LinkTarget::File { path } => resolve_relative(id, path).unwrap_or_else(|| path.clone()),
            };
            format!(
                "<a class=\"wikilink red\" href=\"{href}\" data-title=\"{}\" title=\"{} (page does not exist)\"{anchor_attribute}>",
                escape_html(&wanted),
                escape_html(&wanted)
            )
        }
    }
}

/// Text as HTML: the five characters that could end an element or an
/// attribute, escaped. For text only; markup goes through [`sanitize`].
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "caption",
            "code",
            "col",
            "colgroup",
            "dd",
            "del",
            "div",
            "dl",
            "dt",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "input",
            "ins",
            "kbd",
            "li",
            "mark",
            "ol",
            "p",
            "pre",
            "q",
            "s",
            "samp",
            "small",
            "span",
            "strike",
            "strong",
            "sub",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "u",
            "ul",
            "var",
            "section",
            "aside",
            "figure",
            "figcaption",
        ]
        .into_iter()
        .collect();
        let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
        attributes.insert("a", ["href", "title", "data-entry", "data-title", "data-anchor"].into_iter().collect());
        for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            attributes.insert(heading, ["data-anchor"].into_iter().collect());
        }
        attributes.insert("img", ["src", "alt", "title", "width", "height"].into_iter().collect());
        attributes.insert("input", ["type", "checked", "disabled"].into_iter().collect());
        attributes.insert("td", ["align", "colspan", "rowspan"].into_iter().collect());
        attributes.insert("th", ["align", "colspan", "rowspan"].into_iter().collect());
        attributes.insert("ol", ["start"].into_iter().collect());
        attributes.insert("code", ["class"].into_iter().collect());
        attributes.insert("sup", ["class", "id"].into_iter().collect());
        let mut classes: HashMap<&str, HashSet<&str>> = HashMap::new();
        classes.insert("a", ["wikilink", "red"].into_iter().collect());
        classes.insert("div", ["footnote-definition"].into_iter().collect());
        classes.insert("span", ["footnote-definition-label"].into_iter().collect());
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(tags)
            .tag_attributes(attributes)
            .generic_attributes(["data-line", "lang"].into_iter().collect())
            .allowed_classes(classes)
            .set_tag_attribute_value("input", "type", "checkbox")
            .set_tag_attribute_value("input", "disabled", "")
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::Custom(Box::new(only_fragments)))
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true)
            .clean_content_tags(
                [
                    "script", "style", "template", "noscript", "xmp", "iframe", "noembed", "noframes", "title",
                    "textarea", "svg", "math", "object", "embed",
                ]
                .into_iter()
                .collect(),
            );
        builder.attribute_filter(|element, attribute, value| match (element, attribute) {
            // Only `language-xxx` classes on code, as pulldown-cmark writes them.
            ("code", "class") => value
                .strip_prefix("language-")
                .filter(|lang| lang.chars().all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c)))
                .map(|_| value.into()),
            ("sup", "class") => (value == "footnote-reference").then(|| value.into()),
            ("sup", "id") => None,
            _ => Some(value.into()),
        });
        builder
    })
}

/// Relative URLs are kept only as `#fragment`s (internal links); anything
/// else relative could navigate the app's own origin.
fn only_fragments(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    url.starts_with('#').then(|| url.into())
}

/// How many times [`sanitize`] cleans at most before its output is stable.
const SANITIZE_PASSES: usize = 4;

/// Cleans HTML to the preview's allow-list. Idempotent.
///
/// Removing an element can leave a tree the HTML parser would never build
/// (`<h1><foreignObject><h1>` becomes `<h1>` directly inside `<h1>`),
/// which the webview, reparsing, turns into a different one. So the HTML
/// is cleaned again until it no longer changes: what is returned is what
/// the webview will show. Every pass keeps to the allow-list, so even an
/// unsettled result (not seen in practice) is safe.
pub fn sanitize(html: &str) -> String {
    let mut clean = clean_once(html);
    for _ in 1..SANITIZE_PASSES {
        let again = clean_once(&clean);
        if again == clean {
            break;
        }
        clean = again;
    }
    clean
}

fn clean_once(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexedEntry;

    fn page(text: &str) -> RenderedPage {
        let mut index = Index::new();
        let entry = Entry::parse(text);
        index.upsert(IndexedEntry::new("kaiming-he.md", &entry));
        index.upsert(IndexedEntry::new("people/fei-fei-li.md", &Entry::parse("# Fei-Fei Li\n")));
        render_entry("kaiming-he.md", &entry, &index)
    }

    // The preview patches parts by position; each must carry its own HTML and line.
    #[test]
    fn renders_parts_with_source_lines() {
        let page = page("---\ntitle: Kaiming He\n---\n# Kaiming He\n\nLead.\n\n## Snapshot\n\n- Known for: ResNets\n");
        assert_eq!(page.title.as_deref(), Some("Kaiming He"));
        assert_eq!(page.parts.len(), 2);
        assert_eq!(page.parts[0].line, 4);
        assert_eq!(
            page.parts[0].html,
            "<h1 data-line=\"1\" data-anchor=\"kaiming-he\">Kaiming He</h1>\n<p data-line=\"3\">Lead.</p>\n"
        );
        assert_eq!(page.parts[1].heading.as_deref(), Some("Snapshot"));
        assert_eq!(page.parts[1].line, 8);
        assert!(page.parts[1].html.contains("<ul data-line=\"3\">"), "{}", page.parts[1].html);
    }

    // A draft rendered through the cache is the page rendered afresh, edit
    // after edit, including lines added above a part and a link that turns
    // blue when its page appears.
    #[test]
    fn cached_renders_equal_fresh_ones() {
        let mut index = Index::new();
        index.upsert(IndexedEntry::new("people/fei-fei-li.md", &Entry::parse("# Fei-Fei Li\n")));
        let mut cache = RenderCache::default();
        let drafts = [
            "# Kaiming He\n\nLead.\n\n## Career\n\nWorked with [[Fei-Fei Li]].\n\n## Research\n\nSee [[ResNet]].\n",
            "# Kaiming He\n\nLead, longer.\n\n## Career\n\nWorked with [[Fei-Fei Li]].\n\n## Research\n\nSee [[ResNet]].\n",
            "# Kaiming He\n\nLead,\n\nnow two paragraphs.\n\n## Career\n\nWorked with [[Fei-Fei Li]].\n\n## Research\n\nSee [[ResNet]].\n",
            "# Kaiming He\n\nLead.\n\n## Research\n\nSee [[ResNet]].\n\n## Career\n\nWorked with [[Fei-Fei Li]].\n",
        ];
        for draft in drafts {
            let entry = Entry::parse(draft);
            let cached = render_entry_cached("kaiming-he.md", &entry, &index, &mut cache);
            assert_eq!(cached, render_entry("kaiming-he.md", &entry, &index), "{draft}");
        }
        let research = |page: &RenderedPage| {
            page.parts.iter().find(|part| part.heading.as_deref() == Some("Research")).unwrap().html.clone()
        };
        let entry = Entry::parse(drafts[0]);
        assert!(research(&render_entry_cached("kaiming-he.md", &entry, &index, &mut cache)).contains("wikilink red"));
        index.upsert(IndexedEntry::new("resnet.md", &Entry::parse("# ResNet\n")));
        let after = render_entry_cached("kaiming-he.md", &entry, &index, &mut cache);
        assert!(research(&after).contains("data-entry=\"resnet.md\""), "{}", research(&after));
        assert_eq!(after, render_entry("kaiming-he.md", &entry, &index));
        // Another entry with the same text resolves its own relative links.
        let other = render_entry_cached("people/kaiming-he.md", &entry, &index, &mut cache);
        assert_eq!(other, render_entry("people/kaiming-he.md", &entry, &index));
    }

    // A part keeps its HTML when lines are added above it.
    #[test]
    fn a_part_does_not_change_when_lines_move_it() {
        let before = page("# Kaiming He\n\nLead.\n\n## Snapshot\n\n- Known for: ResNets\n");
        let after = page("# Kaiming He\n\nLead.\n\nMore lead.\n\n## Snapshot\n\n- Known for: ResNets\n");
        assert_eq!((before.parts[1].line, after.parts[1].line), (5, 7));
        assert_eq!(before.parts[1].html, after.parts[1].html);
        assert_eq!(before.parts[1].hash, after.parts[1].hash);
    }

    // Links that resolve open the entry; red links name the wanted page.
    #[test]
    fn resolves_wiki_links_and_marks_red_links() {
        let page =
            page("# Kaiming He\n\n[[Fei-Fei Li|Li]], [[Nowhere]], [x](people/fei-fei-li.md#career), [[#Snapshot]]\n");
        let html = &page.parts[0].html;
        assert!(html.contains("<a class=\"wikilink\" href=\"#\" data-entry=\"people/fei-fei-li.md\" title=\"Fei-Fei Li\" rel=\"noopener noreferrer\">Li</a>"), "{html}");
        assert!(html.contains("class=\"wikilink red\" href=\"#\" data-title=\"Nowhere\""), "{html}");
        assert!(
            html.contains("data-entry=\"people/fei-fei-li.md\" title=\"Fei-Fei Li\" data-anchor=\"career\""),
            "{html}"
        );
        assert!(html.contains("data-entry=\"kaiming-he.md\""), "{html}");
    }

    /// The values of `data-anchor` on the elements `tag` opens in `html`.
    fn anchors_on(html: &str, tag: &str) -> Vec<String> {
        html.split(&format!("<{tag}"))
            .skip(1)
            .filter_map(|element| {
                let element = &element[..element.find('>')?];
                let value = element.split_once("data-anchor=\"")?.1;
                Some(value[..value.find('"')?].to_owned())
            })
            .collect()
    }

    // The preview scrolls a `[[Page#Section]]` link to the heading whose
    // `data-anchor` equals the link's: in every script, however the link
    // spells the section (case, accents composed or not), they must meet.
    // The UI once slugged headings itself and split Devanagari words.
    #[test]
    fn link_anchors_meet_heading_anchors_in_every_script() {
        let sections = [
            ("किताब", "किताब"),
            ("हिन्दी भाषा", "हिन्दी भाषा"),
            ("العربية الفصحى", "العربية الفصحى"),
            ("ภาษาไทย", "ภาษาไทย"),
            ("東京 タワー", "東京 タワー"),
            ("Rocket 🚀 Launch", "rocket 🚀 launch"),
            ("Ångström", "A\u{30a}ngstro\u{308}m"),
            ("Cafe\u{301} Society", "CAFÉ SOCIETY"),
        ];
        let mut text = String::from("# Kaiming He\n\n");
        for (_, link) in &sections {
            text.push_str(&format!("[[#{link}]] "));
        }
        text.push('\n');
        for (heading, _) in &sections {
            text.push_str(&format!("\n## {heading}\n\nText.\n"));
        }
        let page = page(&text);
        let links = anchors_on(&page.parts[0].html, "a");
        let headings: Vec<String> = page.parts[1..].iter().flat_map(|part| anchors_on(&part.html, "h2")).collect();
        assert_eq!(links.len(), sections.len(), "{}", page.parts[0].html);
        assert_eq!(links, headings);
        assert_eq!(headings[0], "किताब");
        assert_eq!(headings[6], "ångström");
    }

    // Only the entry's own headings are targets: one inside a quote is not a
    // section (entry.rs), so it gets no anchor; nor does one no link can name.
    #[test]
    fn headings_in_quotes_carry_no_anchor() {
        let page = page("# Kaiming He\n\n> ## Quoted\n\n## Real\n\n## ???\n");
        assert_eq!(anchors_on(&page.parts[0].html, "h2"), Vec::<String>::new(), "{}", page.parts[0].html);
        assert_eq!(anchors_on(&page.parts[1].html, "h2"), ["real"]);
        assert_eq!(anchors_on(&page.parts[2].html, "h2"), Vec::<String>::new(), "no letter, no anchor");
    }

    // No script reaches the webview, whatever the entry holds.
    #[test]
    fn strips_scripts_and_dangerous_urls() {
        let page = page(
            "# T\n\n<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) <a href=\"data:text/html,x\">b</a> <svg onload=alert(1)></svg>\n",
        );
        let html = &page.parts[0].html;
        for bad in ["<script", "onerror", "javascript:", "data:", "<svg", "alert(1)</"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert_eq!(sanitize(html), *html, "sanitizing twice changes nothing");
    }

    // Deep nesting makes the sanitizer's parser quadratic or worse (R2); a
    // part that deep renders flattened, its text kept, other parts as written.
    #[test]
    fn deep_nesting_renders_flattened() {
        let text = format!("# T\n\n{}deep\n\n<div>raw</div>\n\n## S\n\n<div>kept</div>\n", "> ".repeat(1000));
        let page = page(&text);
        let flattened = &page.parts[0].html;
        assert_eq!(flattened.matches("<blockquote").count(), MAX_NESTING, "{flattened}");
        assert!(flattened.contains("deep"), "{flattened}");
        assert!(flattened.contains("&lt;div&gt;raw&lt;/div&gt;"), "raw HTML shown as text: {flattened}");
        assert!(page.parts[1].html.contains(">kept</div>"), "{}", page.parts[1].html);
        assert_eq!(sanitize(flattened), *flattened);
    }

    // WalkedFile by the R1 property test: unwrapping a dropped element nested a
    // heading in a heading, which a reparse splits; the result must be
    // what a reparse gives.
    #[test]
    fn sanitizing_settles_trees_a_parser_would_not_build() {
        assert_eq!(sanitize("<h1><foreignObject><h1>"), "<h1></h1><h1></h1>");
        let page = page("# T\n\n<h1><foreignObject><h1>x\n");
        assert_eq!(sanitize(&page.parts[0].html), page.parts[0].html);
    }
}
