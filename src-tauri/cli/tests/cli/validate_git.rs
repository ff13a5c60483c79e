//! `quire validate --staged` and `--changed [REV]` on real git repositories.

use std::path::Path;
use std::process::Output;

use crate::run_quire;
use quire_tests::{findings, git, git_commit_all, git_init, write_file};
use serde_json::Value;

/// Entries without a schema: only the structural rules apply, and a missing
/// `# Title` is an error.
const ADA: &str = "# Ada\n\nWorked with [[Babbage]].\n";
const BABBAGE: &str = "# Babbage\n\nBuilt engines; see [[Ada]].\n";
const NO_TITLE: &str = "An entry that forgot its title.\n";

/// A repository with the wiki in `content/`: Ada and Babbage linking each
/// other, committed.
fn repository(dir: &Path) {
    git_init(dir);
    write_file(dir, "content/ada.md", ADA);
    write_file(dir, "content/babbage.md", BABBAGE);
    git_commit_all(dir, "Two entries", 1);
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn validate(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["validate", "content", "--format", "json"];
    all.extend_from_slice(args);
    run_quire(dir, &all)
}

// The hook's question is "what would be committed?": the index decides, in
// both directions, whatever the working copy holds.
#[test]
fn staged_judges_the_index_not_the_working_copy() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    // Bad in the working copy only.
    write_file(dir.path(), "content/ada.md", NO_TITLE);
    assert_eq!(validate(dir.path(), &[]).status.code(), Some(1), "the working copy has an error");
    assert_eq!(validate(dir.path(), &["--staged"]).status.code(), Some(0), "nothing bad is staged");
    // Bad staged, good again in the working copy.
    git(dir.path(), &["add", "content/ada.md"]);
    write_file(dir.path(), "content/ada.md", ADA);
    assert_eq!(validate(dir.path(), &[]).status.code(), Some(0));
    let staged = validate(dir.path(), &["--staged"]);
    assert_eq!(staged.status.code(), Some(1), "the staged version has an error");
    assert!(findings(&json(&staged)).contains(&("ada.md".to_owned(), "title-heading".to_owned())));
}

// Human output shows the staged line under the caret, not the working
// copy's (the hook prints it).
#[test]
fn staged_human_output_quotes_the_staged_text() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    write_file(dir.path(), "content/ada.md", "# Ada\n\n#### Deep\n\nStaged text.\n");
    git(dir.path(), &["add", "content/ada.md"]);
    write_file(dir.path(), "content/ada.md", "# Ada\n\nWorking copy only.\n");
    let output = run_quire(dir.path(), &["validate", "content", "--staged"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("warning[heading-level]"), "{text}");
    assert!(text.contains("#### Deep"), "the staged line is quoted: {text}");
}

// Only what the commit touches is reported: an old error elsewhere does not
// block an unrelated commit, and the entry count says how many were judged.
#[test]
fn staged_reports_only_staged_entries_and_their_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    write_file(dir.path(), "content/old-problem.md", NO_TITLE);
    git_commit_all(dir.path(), "An old problem", 2);
    write_file(dir.path(), "content/carol.md", "# Carol\n\nA new entry, linking [[Ada]].\n");
    git(dir.path(), &["add", "content/carol.md"]);
    let output = validate(dir.path(), &["--staged"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let report = json(&output);
    let paths: Vec<String> = findings(&report).into_iter().map(|(path, _)| path).collect();
    assert!(!paths.iter().any(|path| path == "old-problem.md"), "{paths:?}");
    // Carol, and Ada (no longer an orphan candidate: it gains a backlink).
    assert_eq!(report["entries"], 2);
}

// Deleting an entry in the index turns its backlinks red: those backlinks
// are reported even though they were not staged.
#[test]
fn staged_deletion_reports_the_backlinks() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    git(dir.path(), &["rm", "--quiet", "content/babbage.md"]);
    let report = json(&validate(dir.path(), &["--staged"]));
    assert!(findings(&report).contains(&("ada.md".to_owned(), "broken-link".to_owned())), "{report}");
}

// `wiki.toml` as staged is the schema: staging a stricter schema judges
// every entry by it.
#[test]
fn staged_schema_applies_to_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    write_file(dir.path(), "content/wiki.toml", "[severity]\nbroken-link = \"error\"\n");
    write_file(dir.path(), "content/ada.md", "# Ada\n\nWorked with [[Nobody]].\n");
    git(dir.path(), &["add", "content/wiki.toml", "content/ada.md"]);
    // The working copy's schema is the same; remove it to show the staged one is read.
    std::fs::remove_file(dir.path().join("content/wiki.toml")).unwrap();
    let output = validate(dir.path(), &["--staged"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(json(&output)["entries"], 2, "a changed schema selects every entry");
}

// `--changed`: edited, new untracked and renamed entries, plus the entries
// whose links a rename or deletion breaks; untouched problems stay quiet.
#[test]
fn changed_reports_changed_entries_and_broken_backlinks() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "content/ada.md", "# Ada\n\nSee [the engine man](babbage.md).\n");
    write_file(dir.path(), "content/babbage.md", BABBAGE);
    write_file(dir.path(), "content/old-problem.md", NO_TITLE);
    git_commit_all(dir.path(), "Three entries", 1);
    assert_eq!(validate(dir.path(), &["--changed"]).status.code(), Some(0), "nothing changed, nothing reported");

    git(dir.path(), &["mv", "content/babbage.md", "content/charles-babbage.md"]);
    write_file(dir.path(), "content/new.md", "New entry without a title.\n");
    let output = validate(dir.path(), &["--changed"]);
    assert_eq!(output.status.code(), Some(1));
    let found = findings(&json(&output));
    assert!(found.contains(&("new.md".to_owned(), "title-heading".to_owned())), "{found:?}");
    assert!(found.contains(&("ada.md".to_owned(), "broken-link".to_owned())), "{found:?}");
    assert!(!found.iter().any(|(path, _)| path == "old-problem.md"), "{found:?}");

    // Against an older revision, by name (`--changed=REV`).
    git_commit_all(dir.path(), "Rename", 2);
    let output = validate(dir.path(), &["--changed=HEAD~1"]);
    assert!(findings(&json(&output)).contains(&("ada.md".to_owned(), "broken-link".to_owned())));
    assert_eq!(validate(dir.path(), &["--changed"]).status.code(), Some(0), "nothing changed since HEAD");
}

// Outside git, or with a revision git does not know, the check cannot run:
// exit 2 with a message naming the problem.
#[test]
fn staged_and_changed_need_git() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "content/ada.md", ADA);
    for flag in ["--staged", "--changed"] {
        let output = run_quire(dir.path(), &["validate", "content", flag]);
        assert_eq!(output.status.code(), Some(2), "{flag}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains("is not in a git repository"), "{flag}: {message}");
    }
    std::fs::create_dir(dir.path().join("repo")).unwrap();
    repository(&dir.path().join("repo"));
    let output = run_quire(&dir.path().join("repo"), &["validate", "content", "--changed=no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-branch"));
}

// Scoped validation parses every entry for the index but checks only the
// selected ones again: their diagnostics must be exactly what a full
// validation says about them, for the working copy and for the index.
#[test]
fn scoped_diagnostics_equal_a_full_validation_of_the_same_entries() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    quire_tests::copy_tree(&quire_tests::repo_root().join("content"), &dir.path().join("content"));
    git_commit_all(dir.path(), "The bundled wiki", 1);
    let imagenet = dir.path().join("content/imagenet.md");
    let text = std::fs::read_to_string(&imagenet).unwrap();
    let edited = text.replacen("## Sources\n", "## Sources\n\n- An undated blog post.\n\nSee [[Nowhere]].\n", 1);
    assert_ne!(edited, text);
    std::fs::write(&imagenet, edited).unwrap();
    std::fs::remove_file(dir.path().join("content/masked-autoencoders.md")).unwrap();

    let root = dir.path().join("content");
    let today = quire_core::Date::parse(quire_tests::TODAY).unwrap();
    let full = quire_core::validate_wiki(&root, today).unwrap().report.diagnostics;
    let expected = |selected: &std::collections::BTreeSet<String>| -> Vec<quire_core::Diagnostic> {
        full.iter().filter(|d| selected.contains(&d.path) || d.path == "wiki.toml").cloned().collect()
    };
    let changed = quire_core::validate_changed(&root, "HEAD", today).unwrap();
    assert!(changed.selected.contains("imagenet.md"), "{:?}", changed.selected);
    assert!(changed.selected.len() > 1, "the deletion's backlinks are selected: {:?}", changed.selected);
    assert_eq!(changed.validated.report.diagnostics, expected(&changed.selected));

    git(dir.path(), &["add", "--all"]);
    let staged = quire_core::validate_staged(&root, today).unwrap();
    assert_eq!(staged.selected, changed.selected, "the index now holds the working copy");
    assert_eq!(staged.validated.report.diagnostics, expected(&staged.selected));
}
