//! Every `quire` subcommand finds its wiki as cargo finds `Cargo.toml`:
//! `--wiki` or PATH, else the nearest folder at or above the current one with
//! a `wiki.toml`, else `./content`. Run on real folders and real git
//! repositories, from their top and from subfolders.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::run_quire;
use quire_tests::{git, git_commit_all, git_init, git_output, write_file};
use serde_json::Value;

const ADA: &str = "# Ada\n\nWorked with [[Babbage]].\n";
const BABBAGE: &str = "# Babbage\n\nBuilt engines; see [[Ada]].\n";
const BAD: &str = "An entry that forgot its title.\n";
/// A schema with one kind, the default, that requires nothing.
const SCHEMA: &str = "[wiki]\ndefault_kind = \"note\"\n\n[kinds.note]\ndescription = \"A note\"\n";

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("not JSON ({error}): {}", text(output)))
}

fn succeeds(dir: &Path, args: &[&str]) -> Output {
    let output = run_quire(dir, args);
    assert_eq!(output.status.code(), Some(0), "`quire {}` in {}: {}", args.join(" "), dir.display(), text(&output));
    output
}

/// A repository whose wiki is the repository itself: `wiki.toml` at the top,
/// entries there and in `people/`.
fn wiki_at_the_top(dir: &Path) {
    git_init(dir);
    write_file(dir, "wiki.toml", SCHEMA);
    write_file(dir, "ada.md", ADA);
    write_file(dir, "people/babbage.md", BABBAGE);
    git_commit_all(dir, "Two entries", 1);
}

// The new user's case: inside a wiki whose `wiki.toml` is at the top of the
// repository, `quire validate` validates it, from the top and from below.
#[test]
fn validate_finds_a_wiki_at_the_top_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    wiki_at_the_top(dir.path());
    let report = json(&succeeds(dir.path(), &["validate", "--format", "json"]));
    assert_eq!((report["root"].as_str(), report["entries"].as_u64()), (Some("."), Some(2)));
    let below = json(&succeeds(&dir.path().join("people"), &["validate", "--format", "json"]));
    assert_eq!((below["root"].as_str(), below["entries"].as_u64()), (Some(".."), Some(2)));
    write_file(dir.path(), "people/bad.md", BAD);
    let failed = run_quire(&dir.path().join("people"), &["validate"]);
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    assert!(text(&failed).contains("--> people/bad.md:1:1"), "{}", text(&failed));
}

// `quire rename`, `quire new`, `quire log ENTRY` and `quire diff ENTRY` work
// there without `--wiki` too.
#[test]
fn every_subcommand_finds_a_wiki_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    wiki_at_the_top(dir.path());
    let people = dir.path().join("people");
    succeeds(&people, &["new", "Grace Hopper"]);
    assert!(dir.path().join("grace-hopper.md").is_file(), "the entry went into the wiki's root");
    succeeds(&people, &["rename", "Babbage", "Charles Babbage"]);
    assert!(people.join("charles-babbage.md").is_file());
    assert!(fs::read_to_string(dir.path().join("ada.md")).unwrap().contains("[[Charles Babbage]]"));
    let log = json(&succeeds(dir.path(), &["log", "ada.md", "--format", "json"]));
    assert_eq!(log[0]["summary"], "Two entries");
    let diff = run_quire(dir.path(), &["diff", "ada.md"]);
    assert_eq!(diff.status.code(), Some(1), "the rename rewrote a link in ada.md: {}", text(&diff));
}

// The hook: installed from the top without `--wiki`, it validates the wiki
// at the top (`.`) and stops a bad commit.
#[test]
fn the_hook_validates_a_wiki_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    wiki_at_the_top(dir.path());
    succeeds(&dir.path().join("people"), &["hook", "install"]);
    let hook = fs::read_to_string(dir.path().join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("validate --staged -- '.'"), "{hook}");
    write_file(dir.path(), "people/bad.md", BAD);
    git(dir.path(), &["add", "people/bad.md"]);
    let blocked = git_output(dir.path(), &["commit", "--quiet", "--message", "bad"]);
    assert!(!blocked.status.success(), "the commit went through");
    assert!(text(&blocked).contains("error[title-heading]"), "{}", text(&blocked));
    git(dir.path(), &["rm", "--quiet", "--cached", "people/bad.md"]);
    write_file(dir.path(), "grace.md", "# Grace\n\nCompilers.\n");
    git(dir.path(), &["add", "grace.md"]);
    let passed = git_output(dir.path(), &["commit", "--quiet", "--message", "good"]);
    assert!(passed.status.success(), "{}", text(&passed));
}

// The usual layout, `content/wiki.toml`: from the top the rule falls back to
// `./content`; from inside `content/people` the nearest `wiki.toml` wins.
#[test]
fn a_wiki_in_content_from_the_top_and_from_inside() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "content/wiki.toml", SCHEMA);
    write_file(dir.path(), "content/ada.md", ADA);
    write_file(dir.path(), "content/people/babbage.md", BABBAGE);
    git_commit_all(dir.path(), "Two entries", 1);
    let top = json(&succeeds(dir.path(), &["validate", "--format", "json"]));
    assert_eq!((top["root"].as_str(), top["entries"].as_u64()), (Some("content"), Some(2)));
    let inside = dir.path().join("content/people");
    let below = json(&succeeds(&inside, &["validate", "--format", "json"]));
    assert_eq!((below["root"].as_str(), below["entries"].as_u64()), (Some(".."), Some(2)));
    succeeds(&inside, &["rename", "Ada", "Ada Lovelace"]);
    assert!(dir.path().join("content/ada-lovelace.md").is_file());
}

// `quire log` and `quire diff ENTRY` take `--wiki`; ENTRY is then the
// entry's id in the wiki, or a path from the current folder.
#[test]
fn log_and_diff_take_the_wiki_and_an_id() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "docs/wiki/people/ada.md", ADA);
    git_commit_all(dir.path(), "Add Ada", 1);
    write_file(dir.path(), "docs/wiki/people/ada.md", "# Ada\n\nWorked with [[Charles Babbage]].\n");
    for entry in ["people/ada.md", "docs/wiki/people/ada.md"] {
        let log = json(&succeeds(dir.path(), &["log", "--wiki", "docs/wiki", entry, "--format", "json"]));
        assert_eq!(log[0]["summary"], "Add Ada", "ENTRY `{entry}`");
        let diff = run_quire(dir.path(), &["diff", "--wiki", "docs/wiki", entry, "--format", "json"]);
        assert_eq!(diff.status.code(), Some(1), "ENTRY `{entry}`: {}", text(&diff));
        assert_eq!(json(&diff)["old"], "HEAD:docs/wiki/people/ada.md");
    }
    // A deleted entry is still named by its id.
    fs::remove_file(dir.path().join("docs/wiki/people/ada.md")).unwrap();
    let gone = run_quire(dir.path(), &["diff", "--wiki", "docs/wiki", "people/ada.md", "--format", "json"]);
    assert_eq!(gone.status.code(), Some(1), "{}", text(&gone));
    assert_eq!(json(&gone)["old"], "HEAD:docs/wiki/people/ada.md");
}

// An explicit wiki that does not exist is an error naming it, for every
// subcommand that takes one; nothing is searched instead.
#[test]
fn an_explicit_wiki_that_does_not_exist_is_named() {
    let dir = tempfile::tempdir().unwrap();
    wiki_at_the_top(dir.path());
    let commands: [&[&str]; 7] = [
        &["validate", "nowhere"],
        &["validate", "--wiki", "nowhere"],
        &["rename", "Ada", "Ada Lovelace", "--wiki", "nowhere"],
        &["new", "Grace", "--wiki", "nowhere"],
        &["hook", "install", "--wiki", "nowhere"],
        &["log", "ada.md", "--wiki", "nowhere"],
        &["diff", "ada.md", "--wiki", "nowhere"],
    ];
    for args in commands {
        let output = run_quire(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "`quire {}`: {}", args.join(" "), text(&output));
        assert_eq!(text(&output).trim(), "error: `nowhere` does not exist", "`quire {}`", args.join(" "));
    }
}

// Where there is no wiki, the error says what was looked for and where.
#[test]
fn no_wiki_found_names_what_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_quire(dir.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(2));
    let folder = dir.path().canonicalize().unwrap();
    let expected = format!(
        "error: no wiki found: no `wiki.toml` in `{}` or any folder above it, and no `{}` folder; \
         run `quire` inside a wiki, or name it with `--wiki PATH`",
        folder.display(),
        folder.join("content").display()
    );
    assert_eq!(text(&output).trim(), expected);
}
