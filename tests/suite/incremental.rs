//! Incremental index updates must agree with a fresh load of the wiki.

use std::collections::BTreeMap;

use proptest::prelude::*;
use quire_core::{Catalog, Date, Diagnostic};
use quire_tests::reference::Reference;

const TITLES: [&str; 5] = ["Alpha", "Beta", "Gamma", "Delta", "Alpha Prime"];
const IDS: [&str; 4] = ["alpha.md", "beta.md", "sub/gamma.md", "delta.md"];

/// An entry text: a title from the pool, maybe an alias, links to pool names.
fn entry_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&TITLES[..]),
        prop::option::of(prop::sample::select(&TITLES[..])),
        prop::collection::vec((prop::sample::select(&TITLES[..]), prop::option::of(Just("Sources"))), 0..4),
    )
        .prop_map(|(title, alias, links)| {
            let alias = alias.map(|alias| format!("aliases: [{alias}]\n")).unwrap_or_default();
            let links: String = links
                .into_iter()
                .map(|(name, anchor)| match anchor {
                    Some(anchor) => format!("- [[{name}#{anchor}]]\n"),
                    None => format!("- [[{name}]]\n"),
                })
                .collect();
            format!("---\ntitle: {title}\n{alias}---\n# {title}\n\nLead.\n\n## Related Pages\n\n{links}\n## Sources\n\n- A source, 2020.\n")
        })
}

fn by_path(diagnostics: Vec<Diagnostic>) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut map: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for diagnostic in diagnostics {
        map.entry(diagnostic.path.clone()).or_default().push(diagnostic);
    }
    map
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    // The app re-validates only the entries an edit affects; if the index
    // under-reports them, stale diagnostics (a red link that is no longer
    // red, a missed duplicate title) would stay on screen.
    #[test]
    fn revalidating_affected_entries_equals_a_fresh_validation(
        initial in prop::collection::vec(entry_text(), IDS.len()),
        edits in prop::collection::vec((0..IDS.len(), prop::option::of(entry_text())), 1..8),
    ) {
        let today = Date::parse(quire_tests::TODAY).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        for (id, text) in IDS.iter().zip(&initial) {
            std::fs::write(dir.path().join(id), text).unwrap();
        }
        let mut wiki = Reference::load(dir.path()).unwrap();
        let mut shown = by_path(wiki.validate(today).diagnostics);
        // The app keeps a catalog, without texts: it must agree as well.
        let mut catalog = Catalog::load(dir.path(), today).unwrap();
        let mut catalog_shown = by_path(catalog.validate().diagnostics);
        for (which, edit) in edits {
            let id = IDS[which];
            let affected = match &edit {
                Some(text) => {
                    std::fs::write(dir.path().join(id), text).unwrap();
                    let affected = wiki.update_entry(id, text);
                    prop_assert_eq!(&catalog.update_entry(id, text), &affected);
                    affected
                }
                None => {
                    std::fs::remove_file(dir.path().join(id)).ok();
                    let affected = wiki.remove_entry(id);
                    prop_assert_eq!(&catalog.remove_entry(id), &affected);
                    affected
                }
            };
            shown.remove(id);
            catalog_shown.remove(id);
            for path in &affected {
                shown.remove(path);
                catalog_shown.remove(path);
                let diagnostics = wiki.validate_one(path, today);
                if !diagnostics.is_empty() {
                    shown.insert(path.clone(), diagnostics);
                }
                let diagnostics = catalog.validate_one(path);
                if !diagnostics.is_empty() {
                    catalog_shown.insert(path.clone(), diagnostics);
                }
            }
            let fresh = by_path(quire_tests::validate_both_ways(dir.path(), today).1.diagnostics);
            prop_assert_eq!(&shown, &fresh);
            prop_assert_eq!(&catalog_shown, &fresh);
            prop_assert_eq!(&by_path(catalog.validate().diagnostics), &fresh);
        }
    }
}

// One entry's diagnostics carry the wiki's severity overrides, as the whole
// wiki's do: a file problem (here an entry that is not UTF-8) made a warning
// in wiki.toml must not show as an error when that entry is checked alone.
#[test]
fn one_entry_has_the_same_severities_as_the_whole_wiki() {
    let today = Date::parse(quire_tests::TODAY).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wiki.toml"), "[severity]\nencoding = \"warning\"\n").unwrap();
    std::fs::write(dir.path().join("alpha.md"), b"---\ntitle: Alpha\n---\n# Alpha\n\nLatin-1: \xe9t\xe9.\n").unwrap();
    let wiki = Reference::load(dir.path()).unwrap();
    let whole = wiki.validate(today).diagnostics;
    let encoding: Vec<&Diagnostic> = whole.iter().filter(|diagnostic| diagnostic.code == "encoding").collect();
    assert_eq!(encoding.len(), 1, "the entry that is not UTF-8 is reported: {whole:?}");
    assert_eq!(encoding[0].severity, quire_core::Severity::Warning);
    let alone = wiki.validate_one("alpha.md", today);
    assert_eq!(alone, whole.iter().filter(|diagnostic| diagnostic.path == "alpha.md").cloned().collect::<Vec<_>>());
    let catalog = Catalog::load(dir.path(), today).unwrap();
    assert_eq!(catalog.validate_one("alpha.md"), alone);
}
