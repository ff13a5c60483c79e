//! Pathological Markdown (R2): inputs known to make Markdown parsers,
//! HTML sanitizers or an entry's own passes go superlinear. Most follow
//! cmark's `test/pathological_tests.py`; the rest aim at Quire's code
//! (sections, list items, links on one line, tables).
//!
//! Each pathology builds an entry of about the size asked for: front matter,
//! an H1 and the hostile text in a section, so that parse, validate and
//! render all see it. The same texts serve the R2 test (no panic, lossless
//! round trip) and the `pathological` benchmark (growth per doubling).

use std::hint::black_box;

use quire_core::{Date, Entry, Index, IndexedEntry, Schema, render_entry, validate_entry};

/// One kind of hostile input.
#[derive(Clone, Copy, Debug)]
pub struct Pathology {
    /// A short kebab-case name.
    pub name: &'static str,
    body: fn(usize) -> String,
}

impl Pathology {
    /// An entry of about `bytes` bytes (never less) holding this pathology.
    pub fn entry(&self, bytes: usize) -> String {
        let mut text = format!(
            "---\ntitle: Pathological\nkind: concept\n---\n# Pathological\n\nA hostile page: {}.\n\n## Snapshot\n\n- Field: robustness\n\n## Definition\n\n",
            self.name
        );
        let tail = "\n\n## Related Pages\n\n- [[Kaiming He]]\n\n## Sources\n\n- The R2 corpus, 2026.\n";
        let budget = bytes.saturating_sub(text.len() + tail.len()).max(1);
        text.push_str(&(self.body)(budget));
        text.push_str(tail);
        text
    }
}

/// `unit` repeated until at least `bytes` long.
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()).max(1))
}

/// `open` repeated, `middle`, then `close` repeated, `bytes` long in all.
fn nest(open: &str, middle: &str, close: &str, bytes: usize) -> String {
    let depth = (bytes.saturating_sub(middle.len()) / (open.len() + close.len())).max(1);
    format!("{}{middle}{}", open.repeat(depth), close.repeat(depth))
}

/// Lines made by `line(number)` until at least `bytes` long.
fn lines(bytes: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = String::with_capacity(bytes + 64);
    let mut number = 0;
    while text.len() < bytes {
        text.push_str(&line(number));
        number += 1;
    }
    text
}

/// Every pathology, in a fixed order.
pub const ALL: &[Pathology] = &[
    // Deep nesting of blocks.
    Pathology { name: "nested-block-quotes", body: |bytes| nest("> ", "a", "", bytes) },
    Pathology { name: "nested-lists-one-line", body: |bytes| nest("- ", "a", "", bytes) },
    Pathology {
        name: "nested-lists-indented",
        body: |bytes| {
            // Indentation grows with depth, so depth grows as √bytes.
            let mut text = String::new();
            let mut depth = 0;
            while text.len() < bytes {
                text.push_str(&format!("{}- a\n", "  ".repeat(depth)));
                depth += 1;
            }
            text
        },
    },
    Pathology { name: "nested-html-divs", body: |bytes| nest("<div>", "a", "</div>", bytes) },
    // Inline delimiters (cmark's pathological tests).
    Pathology { name: "nested-emphasis", body: |bytes| nest("*a **a ", "b", " a** a*", bytes) },
    Pathology { name: "emphasis-closers-without-openers", body: |bytes| repeat("a_ ", bytes) },
    Pathology { name: "emphasis-openers-without-closers", body: |bytes| repeat("_a ", bytes) },
    Pathology { name: "mismatched-emphasis", body: |bytes| repeat("*a_ ", bytes) },
    Pathology { name: "emphasis-multiple-of-3", body: |bytes| format!("a**b{}", repeat("c* ", bytes)) },
    Pathology { name: "run-of-stars", body: |bytes| nest("*", "a", "*", bytes) },
    Pathology { name: "run-of-underscores", body: |bytes| nest("_", "a", "_", bytes) },
    Pathology {
        name: "backtick-runs",
        body: |bytes| lines(bytes, |number| format!("e{}", "`".repeat(number % 512 + 1))),
    },
    Pathology { name: "run-of-backticks", body: |bytes| repeat("`", bytes) },
    // Links and brackets.
    Pathology { name: "link-closers-without-openers", body: |bytes| repeat("a]", bytes) },
    Pathology { name: "link-openers-without-closers", body: |bytes| repeat("[a", bytes) },
    Pathology { name: "run-of-open-brackets", body: |bytes| repeat("[", bytes) },
    Pathology { name: "nested-brackets", body: |bytes| nest("[", "a", "]", bytes) },
    Pathology { name: "link-openers-and-emphasis-closers", body: |bytes| repeat("[ a_", bytes) },
    Pathology { name: "nested-links", body: |bytes| nest("[a ", "b", "](c)", bytes) },
    Pathology { name: "pattern-bracket-paren", body: |bytes| repeat("[ (](", bytes) },
    Pathology { name: "pattern-image-link", body: |bytes| repeat("![[]()", bytes) },
    Pathology { name: "unclosed-link-destinations", body: |bytes| repeat("[a](<b", bytes) },
    Pathology { name: "unclosed-link-titles", body: |bytes| repeat("[a](b \"", bytes) },
    Pathology { name: "run-of-wiki-link-openers", body: |bytes| repeat("[[a ", bytes) },
    Pathology {
        name: "wiki-links-on-one-line",
        body: |bytes| lines(bytes, |number| format!("[[Missing Page {number}]] ")),
    },
    Pathology {
        name: "reference-definitions",
        body: |bytes| {
            let half = lines(bytes / 2, |number| format!("[r{number}]: https://example.org/{number}\n"));
            let uses = lines(bytes / 2, |number| format!("[r{number}] "));
            format!("{half}\n{uses}")
        },
    },
    // Raw HTML.
    Pathology { name: "run-of-angle-brackets", body: |bytes| repeat("<", bytes) },
    Pathology { name: "unclosed-tags", body: |bytes| repeat("<a ", bytes) },
    Pathology { name: "unclosed-comments", body: |bytes| format!("</{}", repeat("<!--", bytes)) },
    Pathology { name: "unclosed-html-attributes", body: |bytes| repeat("<a href=\"", bytes) },
    Pathology { name: "nested-inline-tags", body: |bytes| nest("<b><i>", "a", "</i></b>", bytes) },
    // Tables.
    Pathology {
        name: "huge-table",
        body: |bytes| {
            format!("| a | b | c |\n|---|:-:|--:|\n{}", lines(bytes, |n| format!("| {n} | [[Row {n}]] | *x* |\n")))
        },
    },
    Pathology {
        name: "wide-table",
        body: |bytes| {
            let columns = (bytes / 8).max(1);
            format!("{}|\n{}|\n{}|\n", "| a ".repeat(columns), "|---".repeat(columns), "| b ".repeat(columns))
        },
    },
    Pathology {
        name: "table-rows-without-cells",
        body: |bytes| format!("| a | b |\n|---|---|\n{}", repeat("|\n", bytes)),
    },
    // Shapes aimed at an entry's own passes.
    Pathology {
        name: "many-sections",
        body: |bytes| lines(bytes, |number| format!("## Section {number}\n\nText with [[Link {number}]].\n\n")),
    },
    Pathology {
        name: "many-list-items",
        body: |bytes| lines(bytes, |number| format!("- Key {number}: [[Link {number}]], 2026\n")),
    },
    Pathology { name: "one-long-line", body: |bytes| repeat("word é 😀 ", bytes) },
    Pathology {
        name: "many-footnotes",
        body: |bytes| {
            let uses = lines(bytes / 2, |number| format!("x[^{number}] "));
            let notes = lines(bytes / 2, |number| format!("[^{number}]: note {number}\n"));
            format!("{uses}\n\n{notes}")
        },
    },
    Pathology {
        name: "conflict-markers",
        body: |bytes| lines(bytes, |number| format!("<<<<<<< a\nx {number}\n=======\ny\n>>>>>>> b\n")),
    },
    Pathology { name: "nul-and-carriage-returns", body: |bytes| repeat("abc\0de\r\rf\r\n", bytes) },
    // Shapes aimed at the rules (issue 14's measurements).
    Pathology {
        name: "many-sources",
        body: |bytes| {
            let sources = lines(bytes, |number| format!("- Report number {number}, a source, 2026.\n"));
            format!("## Sources\n\n{sources}")
        },
    },
    Pathology {
        name: "many-broken-links",
        body: |bytes| lines(bytes, |number| format!("[[Missing Page {number}]]\n")),
    },
    Pathology { name: "many-duplicate-sections", body: |bytes| repeat("## Same\n\nx\n\n", bytes) },
    Pathology {
        name: "many-broken-anchors",
        body: |bytes| {
            let headings = lines(bytes / 2, |number| format!("### Heading {number}\n\n"));
            let links = lines(bytes / 2, |number| format!("[[#Missing {number}]]\n"));
            format!("{headings}{links}")
        },
    },
];

/// The pathology called `name`.
pub fn find(name: &str) -> Option<&'static Pathology> {
    ALL.iter().find(|pathology| pathology.name == name)
}

impl Pathology {
    /// A second version of [`Pathology::entry`] for diffs: the body's lines
    /// in reverse order (every section and paragraph moves) and an `x`
    /// inserted about every 4 KiB (every long line changes).
    pub fn changed_entry(&self, bytes: usize) -> String {
        let text = self.entry(bytes);
        let body_start = text.find("## Definition\n\n").map_or(0, |at| at + "## Definition\n\n".len());
        let body_end = text.rfind("\n\n## Related Pages").unwrap_or(text.len()).max(body_start);
        let mut body: Vec<&str> = text[body_start..body_end].split_inclusive('\n').collect();
        body.reverse();
        let mut changed = String::with_capacity(text.len() + text.len() / 4096 + 2);
        changed.push_str(&text[..body_start]);
        let mut since_insert = 0;
        for character in body.concat().chars() {
            changed.push(character);
            since_insert += character.len_utf8();
            if since_insert >= 4096 {
                changed.push('x');
                since_insert = 0;
            }
        }
        if !changed.ends_with('\n') {
            changed.push('\n');
        }
        changed.push_str(&text[body_end..]);
        changed
    }
}

/// Writes a wiki holding one entry of this pathology, `pathological.md`, of
/// about `bytes` bytes, with the bundled wiki's schema; with `changed`, the
/// entry is [`Pathology::changed_entry`] instead. Returns the entry's path.
pub fn write_wiki(
    directory: &std::path::Path,
    pathology: &Pathology,
    bytes: usize,
    changed: bool,
) -> std::io::Result<std::path::PathBuf> {
    std::fs::create_dir_all(directory)?;
    std::fs::write(directory.join("wiki.toml"), SCHEMA)?;
    let text = if changed { pathology.changed_entry(bytes) } else { pathology.entry(bytes) };
    let path = directory.join("pathological.md");
    std::fs::write(&path, text)?;
    Ok(path)
}

const SCHEMA: &str = include_str!("../../../content/wiki.toml");

/// The bundled wiki's schema, so validation runs every rule it would.
pub fn schema() -> Schema {
    Schema::parse(SCHEMA, "wiki.toml").0
}

/// Parses, validates and renders `text` as the app does for an open entry;
/// returns the rendered size, so nothing is optimised away.
pub fn process(text: &str, schema: &Schema) -> usize {
    let entry = Entry::parse(text);
    let mut index = Index::new();
    index.upsert(IndexedEntry::new("pathological.md", &entry));
    let today = Date::parse("2026-11-29").expect("a valid date");
    let diagnostics = validate_entry("pathological.md", &entry, schema, &index, today);
    let page = render_entry("pathological.md", &entry, &index);
    black_box(diagnostics.len()) + page.parts.iter().map(|part| part.html.len()).sum::<usize>()
}
