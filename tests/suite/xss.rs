//! S1: the XSS corpus (`tests/cases/xss/corpus.toml`) through the real
//! render path, whole entries at a time. The output is parsed as the
//! webview parses it and checked against an allow-list kept here, apart
//! from the sanitizer's own, so a loosened sanitizer fails this test.

use std::collections::BTreeSet;

use quire_core::{Entry, Index, IndexedEntry, render_entry, sanitize};
use quire_tests::xss::{Place, SENTINEL, corpus};
use scraper::{Html, Node};

/// The corpus must stay broad: this many classes at least.
const MINIMUM_CLASSES: usize = 40;

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Elements a preview may hold. No script, style, frame, form, media,
/// SVG or MathML; nothing that loads or runs anything but an image.
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
];

/// Attributes allowed on one element, or on any (`*`).
const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("*", &["data-line", "lang"]),
    ("a", &["href", "title", "data-entry", "data-title", "data-anchor", "class", "rel"]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("input", &["type", "checked", "disabled"]),
    ("td", &["align", "colspan", "rowspan"]),
    ("th", &["align", "colspan", "rowspan"]),
    ("ol", &["start"]),
    ("code", &["class"]),
    ("sup", &["class"]),
    // The heading's anchor, which the preview matches with a link's (a name, never a URL).
    ("h1", &["data-anchor"]),
    ("h2", &["data-anchor"]),
    ("h3", &["data-anchor"]),
    ("h4", &["data-anchor"]),
    ("h5", &["data-anchor"]),
    ("h6", &["data-anchor"]),
    ("div", &["class"]),
    ("span", &["class"]),
];

/// Attributes whose value the webview takes for a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src"];

/// What the preview of one entry breaks, if anything.
pub(crate) fn problems_in(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let document = Html::parse_fragment(html);
    for node in document.tree.root().descendants() {
        match node.value() {
            Node::Element(element) => {
                // The fragment parser's own wrapper.
                if node.parent().is_some_and(|parent| parent.value().is_fragment()) && element.name() == "html" {
                    continue;
                }
                let name = element.name();
                if &*element.name.ns != HTML_NAMESPACE {
                    problems.push(format!("element `{name}` outside the HTML namespace ({})", &*element.name.ns));
                }
                if !ELEMENTS.contains(&name) {
                    problems.push(format!("element `{name}`"));
                }
                for (attribute, value) in &element.attrs {
                    let key = attribute.local.as_ref();
                    let allowed =
                        ATTRIBUTES.iter().any(|(on, names)| (*on == "*" || *on == name) && names.contains(&key));
                    if !attribute.ns.is_empty() || !allowed {
                        problems.push(format!("attribute `{key}` on `{name}`"));
                    }
                    if let Some(problem) = value_problem(name, key, value) {
                        problems.push(problem);
                    }
                }
            }
            Node::Comment(comment) => problems.push(format!("comment `{}`", &**comment)),
            Node::Doctype(_) => problems.push("doctype".to_owned()),
            Node::ProcessingInstruction(instruction) => {
                problems.push(format!("processing instruction `{}`", &*instruction.target))
            }
            Node::Document | Node::Fragment | Node::Text(_) => {}
        }
    }
    problems.extend(substring_problems(html));
    problems
}

/// What is wrong with one allowed attribute's value.
fn value_problem(element: &str, attribute: &str, value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if URL_ATTRIBUTES.contains(&attribute) {
        let safe = ["#", "http://", "https://", "mailto:"].iter().any(|prefix| lower.starts_with(prefix));
        if !safe || value.chars().any(char::is_control) {
            return Some(format!("URL `{value}` in `{attribute}` on `{element}`"));
        }
    }
    let allowed_classes: &[&str] = match (element, attribute) {
        ("a", "class") => &["wikilink", "red"],
        ("div", "class") => &["footnote-definition"],
        ("span", "class") => &["footnote-definition-label"],
        ("sup", "class") => &["footnote-reference"],
        ("code", "class") => {
            let language = value.strip_prefix("language-").unwrap_or("");
            let plain =
                !language.is_empty() && language.chars().all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c));
            return (!plain).then(|| format!("class `{value}` on `code`"));
        }
        _ => return None,
    };
    let bad: Vec<&str> = value.split_ascii_whitespace().filter(|class| !allowed_classes.contains(class)).collect();
    (!bad.is_empty()).then(|| format!("class `{}` on `{element}`", bad.join(" ")))
}

/// The same promises checked on the raw text with a tokenizer of its own:
/// text `<` is always escaped, and attribute values are always in double
/// quotes, so every `<` opens a tag and every `"` opens or closes a value.
fn substring_problems(html: &str) -> Vec<String> {
    const TAGS: &[&str] = &[
        "script", "style", "iframe", "frame", "frameset", "svg", "math", "object", "embed", "form", "base", "meta",
        "link", "template", "noscript", "button", "textarea", "select", "!--", "?", "!doctype",
    ];
    const SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:", "file:", "livescript:"];
    let mut problems = Vec::new();
    for (name, attributes) in raw_tags(&html.to_ascii_lowercase()) {
        let name = name.trim_start_matches('/');
        if TAGS.iter().any(|tag| name == *tag || (!tag.ends_with(char::is_alphabetic) && name.starts_with(tag))) {
            problems.push(format!("`<{name}` in the text"));
        }
        for (attribute, value) in attributes {
            if (attribute.starts_with("on") && attribute.len() > 2)
                || ["style", "srcdoc", "id", "name"].contains(&attribute.as_str())
            {
                problems.push(format!("`{attribute}=` in the text"));
            }
            if ["href", "src"].contains(&attribute.as_str())
                && SCHEMES.iter().any(|scheme| value.trim_start().starts_with(scheme))
            {
                problems.push(format!("`{attribute}=\"{value}\"` in the text"));
            }
        }
    }
    problems
}

/// Tags in `html`: each name with its attributes (names and raw values).
fn raw_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    for piece in html.split('<').skip(1) {
        // A `>` inside a value does not end the tag: rejoin until outside quotes.
        let mut inside = String::new();
        let mut quoted = false;
        for character in piece.chars() {
            match character {
                '"' => quoted = !quoted,
                '>' if !quoted => break,
                _ => {}
            }
            inside.push(character);
        }
        let (name, mut rest) = inside.split_once(|c: char| c.is_whitespace()).unwrap_or((&inside, ""));
        let mut attributes = Vec::new();
        while !rest.trim_start().is_empty() {
            rest = rest.trim_start();
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len()).max(first);
            let attribute = rest[..name_end].to_owned();
            rest = &rest[name_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').unwrap_or(after.len());
                value = after[..end].to_owned();
                rest = after.get(end + 1..).unwrap_or("");
            }
            attributes.push((attribute, value));
        }
        tags.push((name.to_owned(), attributes));
    }
    tags
}

/// The rendered parts of `text` as the app renders an entry it shows.
fn render(id: &str, text: &str) -> Vec<String> {
    let entry = Entry::parse(text);
    let mut index = Index::new();
    index.upsert(IndexedEntry::new(id, &entry));
    index.upsert(IndexedEntry::new("kaiming-he.md", &Entry::parse("# Kaiming He\n")));
    render_entry(id, &entry, &index).parts.into_iter().map(|part| part.html).collect()
}

// Scripts in the preview have been the way into Markdown editors again and
// again; every variant of every class must come out inert, and sanitizing
// the output again must change nothing (a second parse would otherwise see
// different markup: the root of mutation XSS).
#[test]
fn corpus_renders_to_inert_html() {
    let classes = corpus();
    let names: BTreeSet<&str> = classes.iter().map(|class| class.name.as_str()).collect();
    assert_eq!(names.len(), classes.len(), "class names are unique");
    assert!(classes.len() >= MINIMUM_CLASSES, "only {} payload classes; at least {MINIMUM_CLASSES}", classes.len());
    let mut failures = Vec::new();
    let mut variants = 0;
    for class in &classes {
        assert!(class.payloads.len() >= 2, "class `{}` needs variants", class.name);
        for (id, text) in class.entry_per_payload() {
            variants += 1;
            let parts = render(&id, &text);
            let mut problems = Vec::new();
            for html in &parts {
                problems.extend(problems_in(html));
                let again = sanitize(html);
                if &again != html {
                    problems.push(format!("sanitizing again changes it to:\n{again}"));
                }
            }
            let page = parts.concat();
            // An unclosed `<script>` or `<style>` block runs to the end of the
            // entry in CommonMark; otherwise the sections after a payload
            // still render.
            let sources_parsed = Entry::parse(&text).section("Sources").is_some();
            if class.place != Place::Entry && sources_parsed && !page.contains(SENTINEL) {
                problems.push("the parts after the payload are lost".to_owned());
            }
            if !problems.is_empty() {
                failures.push(format!("{id} ({}):\n  {}\n--- html:\n{page}", class.name, problems.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {variants} variants unsafe:\n{}", failures.len(), failures.join("\n\n"));
    println!("{} classes, {variants} variants: all inert", classes.len());
}

// The oracle itself must catch what it is there to catch; otherwise a
// sanitizer that let everything through would pass the test above.
#[test]
fn oracle_flags_unsafe_html() {
    for unsafe_html in [
        "<script>x</script>",
        "<p onclick=\"x\">a</p>",
        "<a href=\"javascript:x\">a</a>",
        "<a href=\" javascript:x\">a</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<svg></svg>",
        "<math><mi>x</mi></math>",
        "<p style=\"color:red\">a</p>",
        "<!-- c -->",
        "<a class=\"evil\" href=\"#\">a</a>",
        "<code class=\"language-x onload\">a</code>",
        "<div id=\"x\">a</div>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<a href=\"tauri://localhost/\">a</a>",
    ] {
        assert!(!problems_in(unsafe_html).is_empty(), "not flagged: {unsafe_html}");
    }
    let safe = "<p data-line=\"3\"><a class=\"wikilink red\" href=\"#x\" data-title=\"javascript:x\" rel=\"noopener noreferrer\">a</a> <code class=\"language-rust\">x</code> <img src=\"https://example.org/a.png\" alt=\"a\"></p>";
    assert_eq!(problems_in(safe), Vec::<String>::new());
}
