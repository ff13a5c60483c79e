//! The wiki that ships with Quire, in `content/`.

use quire_core::{Date, Entry, Severity};
use quire_tests::reference::Reference;
use quire_tests::{TODAY, repo_root};

// Opening and saving an entry without edits must give identical bytes;
// the bundled entries are the most realistic files we have.
#[test]
fn every_bundled_entry_round_trips() {
    let wiki = Reference::load(&repo_root().join("content")).expect("content/ loads");
    assert!(wiki.files().len() >= 6, "the bundled wiki has the seed and at least five more entries");
    for file in wiki.files() {
        let bytes = std::fs::read(repo_root().join("content").join(&file.id)).unwrap();
        let source = String::from_utf8(bytes).expect("bundled entries are UTF-8");
        assert_eq!(Entry::parse(&source).to_source(), source, "{}", file.id);
    }
}

// `quire validate content` must pass: maintainers start from a clean wiki.
#[test]
fn bundled_wiki_has_no_errors_and_shows_every_kind_of_link() {
    let wiki = Reference::load(&repo_root().join("content")).expect("content/ loads");
    let report = wiki.validate(Date::parse(TODAY).unwrap());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let index = wiki.index();
    assert!(!index.wanted().is_empty(), "the bundled wiki shows red links");
    assert!(!index.backlinks("kaiming-he.md").is_empty(), "the seed has backlinks");
    let kinds: std::collections::BTreeSet<_> = index.entries().filter_map(|e| e.kind.as_deref()).collect();
    assert!(kinds.len() >= 3, "more than one kind: {kinds:?}");
}
