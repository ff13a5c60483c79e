//! Properties of the entry parser, over generated entries.

use proptest::prelude::*;
use quire_core::{Date, Entry, Index, IndexedEntry, Schema, validate_entry};

/// A line of entry text: words, wiki links, Markdown, and some awkward characters.
fn inline() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[a-z ]{0,8}",
        Just("[[Kaiming He]]".to_owned()),
        Just("[[ImageNet|the dataset]]".to_owned()),
        Just("[[Kaiming He#Snapshot]]".to_owned()),
        Just("[x](other.md)".to_owned()),
        Just("**bold**".to_owned()),
        Just("`code`".to_owned()),
        Just("Ça, été — 😀".to_owned()),
        Just("Key: value".to_owned()),
        Just("reviewed June 16, 2026".to_owned()),
        Just("[[".to_owned()),
        Just("<!-- c -->".to_owned()),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.join(" "))
}

fn block() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        inline().prop_map(|line| vec![line]),
        prop::collection::vec(inline().prop_map(|line| format!("- {line}")), 1..5),
        Just(vec!["### Deeper".to_owned()]),
        Just(vec!["```".to_owned(), "## not a heading".to_owned(), "```".to_owned()]),
        Just(vec!["> ## quoted".to_owned()]),
        Just(vec!["<<<<<<< HEAD".to_owned(), "=======".to_owned(), ">>>>>>> x".to_owned()]),
        Just(vec!["Setext".to_owned(), "---".to_owned()]),
    ]
}

/// Whole entries: optional BOM and front matter, an H1, a lead, sections;
/// LF or CRLF; with or without a final newline.
pub(crate) fn entry_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::option::of(prop::collection::vec("[a-z]{1,6}: [a-zA-Z0-9 \\[\\],-]{0,12}", 0..4)),
        prop::option::of("[A-Za-z][A-Za-z ]{0,20}"),
        prop::collection::vec(block(), 0..3),
        prop::collection::vec(("[A-Za-z][A-Za-z ]{0,16}", prop::collection::vec(block(), 0..3)), 0..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(bom, front_matter, title, lead, sections, crlf, final_newline)| {
            let mut lines = Vec::new();
            if let Some(fields) = front_matter {
                lines.push("---".to_owned());
                lines.extend(fields);
                lines.push("---".to_owned());
            }
            if let Some(title) = title {
                lines.push(format!("# {title}"));
            }
            lines.extend(lead.into_iter().flatten());
            for (heading, blocks) in sections {
                lines.push(String::new());
                lines.push(format!("## {heading}"));
                for block in blocks {
                    lines.push(String::new());
                    lines.extend(block);
                }
            }
            let ending = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(ending);
            if final_newline {
                text.push_str(ending);
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // Opening and saving an entry without edits must give identical bytes,
    // and the parts must tile the text so a section can be replaced alone.
    #[test]
    fn unchanged_entries_serialise_identically(text in entry_text()) {
        let entry = Entry::parse(&text);
        prop_assert_eq!(entry.to_source(), text.clone());
        let mut end = 0;
        for part in entry.parts() {
            prop_assert_eq!(part.start, end);
            end = part.end;
        }
        prop_assert_eq!(end, entry.text().len());
        for section in entry.sections() {
            let heading = section.heading.as_ref().unwrap();
            prop_assert_eq!(heading.level, 2);
            prop_assert_eq!(section.span.start, heading.span.start);
            prop_assert_eq!(section.body.start, heading.span.end);
        }
    }

    // Any text at all — not just plausible entries — parses and validates
    // without a panic, and every diagnostic points inside the text.
    #[test]
    fn any_text_parses_and_validates(text in any::<String>(), entry in entry_text()) {
        let schema_text = std::fs::read_to_string(quire_tests::repo_root().join("content/wiki.toml")).unwrap();
        let (schema, _) = Schema::parse(&schema_text, "wiki.toml");
        for source in [text, entry] {
            let parsed = Entry::parse(&source);
            prop_assert_eq!(parsed.to_source(), source.clone());
            let mut index = Index::new();
            index.upsert(IndexedEntry::new("entry.md", &parsed));
            let today = Date::parse("2026-11-29").unwrap();
            for diagnostic in validate_entry("entry.md", &parsed, &schema, &index, today) {
                prop_assert!(diagnostic.span.end <= parsed.text().len());
                prop_assert!(diagnostic.line >= 1 && diagnostic.column >= 1);
                prop_assert!((diagnostic.end_line, diagnostic.end_column) >= (diagnostic.line, diagnostic.column));
            }
        }
    }
}
