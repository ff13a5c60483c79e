//! R1 and R2: hostile and random input for the parser, the renderer and
//! sanitizer, the id resolver and the three-way merge (no panic, invariants
//! hold), and pathological Markdown (no panic, lossless round trip).

use std::ops::Range;
use std::path::{Component, Path};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use quire_core::{
    Entry, Index, IndexedEntry, MergeOutcome, StoreError, merge3, render_entry, resolve_entry_path, sanitize,
};

use crate::xss::problems_in;

/// Pieces of Markdown and of trouble: block markers, inline delimiters,
/// front matter and conflict-marker lines, HTML, line endings of every
/// kind, control characters and awkward Unicode.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "# ", "## ", "### ", "#", "---", "***", "===", "- ", "* ", "+ ", "1. ", "2) ", "> ", "```", "~~~", "    ", "\t",
    "[[", "]]", "[", "]", "(", ")", "![", "](", "|", "|---|", "[x] ", "[^1]", "[^1]: ", "*", "**", "_", "__", "`",
    "``", "~~", "\\", "&", "&amp;", "&#0;", "&#x110000;", "<", ">", "<!--", "-->", "<div>", "</div>", "<script>",
    "<img src=x onerror=y>", "<a href=\"javascript:x\">", "https://example.org/", "<https://example.org>",
    "[a]: javascript:x", "title: x", "kind: person", "aliases: [a, b]", "Key: value", ": ", "'", "\"",
    "<<<<<<< yours", "=======", ">>>>>>> on disk", "<<<<<<< HEAD", "\n", "\n", "\n", "\n\n", "\r\n", "\r", "\u{0}",
    "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{feff}", "\u{200b}", "\u{202e}", "\u{301}", "é", "😀", "👩‍👩‍👧", "ß",
    "İ", " ", "  ", "Kaiming He", "Sources", "Snapshot", "Related Pages",
];

/// Random mixes of [`TOKENS`], words and arbitrary characters, sometimes
/// opening with front matter that may never close.
fn nasty_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(TOKENS).prop_map(str::to_owned),
        2 => "[a-zA-Z ]{1,10}",
        1 => any::<char>().prop_map(String::from),
    ];
    let opening = prop_oneof![
        Just(""),
        Just("---\n"),
        Just("---\r\n"),
        Just("\u{feff}---\n"),
        Just("---\ntitle: T\n---\n# T\n"),
        Just("# T\n\n## Snapshot\n\n- Field: x\n"),
    ];
    (opening, prop::collection::vec(piece, 0..80)).prop_map(|(opening, pieces)| format!("{opening}{}", pieces.concat()))
}

fn check_span(text: &str, span: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} outside {} bytes", text.len());
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} splits a character"
    );
    Ok(())
}

/// Every invariant of a parse: lossless, parts tiling the text, every span
/// inside the text on character boundaries, nested spans nested.
fn check_parse(source: &str) -> Result<Entry, TestCaseError> {
    let entry = Entry::parse(source);
    prop_assert_eq!(entry.to_source(), source);
    let text = entry.text();
    let mut end = 0;
    for part in entry.parts() {
        prop_assert_eq!(part.start, end, "parts tile the text");
        check_span(text, &part, "part")?;
        end = part.end;
    }
    prop_assert_eq!(end, text.len());
    if let Some(block) = entry.front_matter() {
        check_span(text, &block.span, "front matter")?;
        check_span(text, &block.yaml, "front matter YAML")?;
        prop_assert!(block.span.start <= block.yaml.start && block.yaml.end <= block.span.end);
        for problem in &block.problems {
            check_span(text, &problem.span, "front matter problem")?;
        }
    }
    for heading in entry.headings() {
        check_span(text, &heading.span, "heading")?;
        check_span(text, &heading.text_span, "heading text")?;
        prop_assert!((1..=6).contains(&heading.level));
    }
    for section in std::iter::once(entry.lead()).chain(entry.sections()) {
        check_span(text, &section.span, "section")?;
        check_span(text, &section.body, "section body")?;
        prop_assert!(section.span.start <= section.body.start && section.body.end <= section.span.end);
        for item in &section.items {
            check_span(text, &item.span, "list item")?;
            check_span(text, &item.content_span, "list item content")?;
            prop_assert!(section.span.start <= item.span.start && item.span.end <= section.span.end);
            for &link in &item.links {
                prop_assert!(link < entry.links().len());
            }
        }
    }
    for section in entry.sections() {
        prop_assert_eq!(section.heading.as_ref().map(|heading| heading.level), Some(2));
    }
    for link in entry.links() {
        check_span(text, &link.span, "link")?;
    }
    for marker in entry.conflict_markers() {
        check_span(text, marker, "conflict marker")?;
    }
    Ok(entry)
}

/// Renders as the app does and checks each part: inert (the S1 oracle) and
/// a fixed point of the sanitizer.
fn check_render(entry: &Entry) -> Result<(), TestCaseError> {
    let mut index = Index::new();
    index.upsert(IndexedEntry::new("entry.md", entry));
    index.upsert(IndexedEntry::new("kaiming-he.md", &Entry::parse("# Kaiming He\n")));
    let page = render_entry("entry.md", entry, &index);
    prop_assert_eq!(page.parts.len(), entry.sections().len() + 1);
    for part in &page.parts {
        prop_assert_eq!(&sanitize(&part.html), &part.html, "sanitizing again changes the part");
        let problems = problems_in(&part.html);
        prop_assert!(problems.is_empty(), "{:?} in {}", problems, part.html);
    }
    Ok(())
}

/// HTML soup: tags the sanitizer keeps and drops, foreign content, tables
/// (foster parenting), raw-text elements, comments, attributes and quotes.
fn html_soup() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "<p>", "</p>", "<a href=\"#x\">", "<a href=\"https://example.org/\">", "</a>", "<b>", "</b>", "<i>", "</i>",
        "<table>", "</table>", "<tr>", "<td>", "</td>", "<caption>", "<ul>", "<li>", "</ul>", "<pre>", "<code>",
        "<blockquote>", "<h1>", "</h1>", "<h6>", "<div>", "</div>", "<span lang=\"x\">", "<br>", "<hr>",
        "<img src=x>", "<input type=checkbox checked>", "<svg>", "</svg>", "<math>", "</math>", "<mtext>", "<mglyph>",
        "<mi>", "<foreignObject>", "<desc>", "<style>", "</style>", "<script>", "</script>", "<noscript>",
        "</noscript>", "<template>", "</template>", "<textarea>", "</textarea>", "<title>", "<xmp>", "<iframe>",
        "<noembed>", "<select>", "<option>", "<form>", "</form>", "<button>", "<object>", "<plaintext>", "<!--",
        "-->", "--!>", "<![CDATA[", "]]>", "<?x ?>", "<!DOCTYPE html>", "\"", "'", "=", " title=\"", " onerror=",
        " style=", ">", "<", "&lt;", "&amp;", "&quot;", "&#0;", "\u{0}", "text", " ", "\n", "é",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

/// Entry ids assembled from what has broken path checks elsewhere:
/// traversal, separators of other systems, encodings, look-alikes.
fn hostile_id() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "..", ".", "/", "//", "\\", "a", "b.md", ".md", ".MD", "x.md", "%2e%2e", "%2f", "\u{0}", "\n", "\u{ff0e}",
        "\u{2024}", "\u{2215}", "\u{ff0f}", "C:", "c:\\", "~", ".git", "config", " ", "\u{202e}", "con.md", "aux",
        "linked", "linked.md", "folder", "entry.md", "é", "\u{301}", "…",
    ];
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..10).prop_map(|pieces| pieces.concat()),
        1 => any::<String>(),
        1 => "[a-z./]{0,3}".prop_map(|start| format!("{start}{}x.md", "a/".repeat(600))),
    ]
}

/// Lines for the merge: plain and structural lines, stray markers, line
/// endings of every kind, Unicode.
fn merge_text() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    const LINES: &[&str] = &[
        "# T", "## A", "## B", "## A", "### C", "x", "y", "z", "", "---", "title: t", "<<<<<<< yours", "=======",
        ">>>>>>> on disk", "- item", "```", "> q", "é 😀", "\u{feff}", "\t", " ",
    ];
    let ending = prop::sample::select(&["\n", "\r\n", "\r", ""][..]);
    prop::collection::vec((prop::sample::select(LINES), ending), 0..20)
        .prop_map(|lines| lines.into_iter().map(|(line, ending)| format!("{line}{ending}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // The parser's contract is "never fails, never panics, loses nothing",
    // so the nastiest mixes of its own syntax must hold to it.
    #[test]
    fn nasty_text_parses_losslessly(text in nasty_text()) {
        check_parse(&text)?;
    }

    // What the preview shows of any text is inert and stable under
    // re-sanitizing, whatever the Markdown around the HTML does.
    #[test]
    fn nasty_text_renders_inert(text in nasty_text()) {
        let entry = check_parse(&text)?;
        check_render(&entry)?;
    }

    // Arbitrary strings too, not only our tokens.
    #[test]
    fn any_text_renders_inert(text in any::<String>()) {
        let entry = check_parse(&text)?;
        check_render(&entry)?;
    }

    // clean(clean(h)) == clean(h) on HTML soup: mutation XSS lives where a
    // second parse of serialized markup sees a different tree.
    #[test]
    fn sanitizing_is_idempotent(html in html_soup()) {
        let once = sanitize(&html);
        prop_assert_eq!(&sanitize(&once), &once);
        let problems = problems_in(&once);
        prop_assert!(problems.is_empty(), "{:?} in {}", problems, once);
    }

    // A save after an external change must never panic or drop a side that
    // did not change, however strange the lines.
    #[test]
    fn merge_of_strange_texts_keeps_its_laws(base in merge_text(), ours in merge_text(), theirs in merge_text()) {
        prop_assert_eq!(merge3(&base, &ours, &ours), MergeOutcome::Clean(ours.clone()));
        prop_assert_eq!(merge3(&base, &base, &theirs), MergeOutcome::Clean(theirs.clone()));
        prop_assert_eq!(merge3(&base, &ours, &base), MergeOutcome::Clean(ours.clone()));
        let outcome = merge3(&base, &ours, &theirs);
        // Each conflict block writes one marker; other markers came in with the texts.
        let written = outcome.text().matches("<<<<<<< yours").count();
        let carried = [&base, &ours, &theirs].iter().map(|text| text.matches("<<<<<<< yours").count()).sum::<usize>();
        let conflicts = match &outcome {
            MergeOutcome::Clean(_) => 0,
            MergeOutcome::Conflicted { conflicts, .. } => *conflicts,
        };
        prop_assert!(outcome.is_clean() || conflicts >= 1);
        prop_assert!(conflicts <= written && written <= conflicts + carried, "{conflicts} conflicts, {written} markers");
        check_parse(outcome.text())?;
    }
}

// Ids come from the webview, which a script could control: whatever the
// string, resolving must not panic, and an accepted id must name a `.md`
// file strictly inside the root, reached without following a link.
#[test]
fn hostile_ids_resolve_inside_the_root_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("wiki");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(root.join("folder")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(root.join("entry.md"), "# Entry\n").unwrap();
    std::fs::write(outside.join("x.md"), "# Secret\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, root.join("linked")).unwrap();
        std::os::unix::fs::symlink(outside.join("x.md"), root.join("linked.md")).unwrap();
    }
    let check = |id: &str| -> Result<(), TestCaseError> {
        match resolve_entry_path(&root, id) {
            Ok(path) => check_inside(&root, id, &path)?,
            Err(StoreError::InvalidId { .. } | StoreError::Symlink { .. }) => {}
            Err(other) => prop_assert!(false, "{id:?}: unexpected {other}"),
        }
        Ok(())
    };
    // Cases random runs have found, checked on every run.
    for id in ["entry.md/x.md", "entry.md/entry.md", "folder/entry.md/a/b.md", "linked/x.md", "linked.md/x.md"] {
        check(id).unwrap();
    }
    let mut runner = TestRunner::new(Config { failure_persistence: None, ..Config::with_cases(1024) });
    runner.run(&hostile_id(), |id| check(&id)).unwrap();
}

fn check_inside(root: &Path, id: &str, path: &Path) -> Result<(), TestCaseError> {
    let relative =
        path.strip_prefix(root).map_err(|_| TestCaseError::fail(format!("{id:?} left the root: {path:?}")))?;
    prop_assert!(relative.components().all(|part| matches!(part, Component::Normal(_))), "{id:?} -> {path:?}");
    prop_assert!(relative.components().count() >= 1);
    prop_assert!(id.to_ascii_lowercase().ends_with(".md"), "{id:?} is not a .md file");
    let mut walked = root.to_owned();
    for part in relative.components() {
        walked.push(part);
        if let Ok(metadata) = std::fs::symlink_metadata(&walked) {
            prop_assert!(!metadata.file_type().is_symlink(), "{id:?} passes the link {walked:?}");
        }
    }
    Ok(())
}

// R2: inputs that make Markdown tools go superlinear or blow the stack must
// parse, validate and render without a panic, round-trip byte for byte, and
// render to sanitizer fixed points. Their timing is measured by the
// `pathological` benchmark (BENCHMARKS.md), never here.
#[test]
fn pathological_markdown_parses_renders_and_round_trips() {
    let schema = quire_bench::pathological::schema();
    let today = quire_core::Date::parse(quire_tests::TODAY).unwrap();
    for pathology in quire_bench::pathological::ALL {
        let text = pathology.entry(16 * 1024);
        let entry = Entry::parse(&text);
        assert_eq!(entry.to_source(), text, "{} does not round-trip", pathology.name);
        let mut index = Index::new();
        index.upsert(IndexedEntry::new("pathological.md", &entry));
        for diagnostic in quire_core::validate_entry("pathological.md", &entry, &schema, &index, today) {
            assert!(diagnostic.span.end <= text.len(), "{}: {diagnostic:?}", pathology.name);
        }
        let page = render_entry("pathological.md", &entry, &index);
        assert_eq!(page.parts.len(), entry.sections().len() + 1, "{}", pathology.name);
        for part in page.parts {
            assert_eq!(sanitize(&part.html), part.html, "{}: sanitizing again changes a part", pathology.name);
        }
    }
}
