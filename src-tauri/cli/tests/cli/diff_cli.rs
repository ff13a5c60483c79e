//! `quire diff` and `quire log` run as users run them: on files, on real
//! git repositories made with the `git` command, and outside git.

use std::path::Path;
use std::process::{Command, Output};

use crate::{quire_binary, run_quire};
use quire_tests::{git, git_commit_all, git_init, write_file};
use serde_json::Value;

const OLD: &str = "# Ada\n\nA lead.\n\n## Snapshot\n\n- Born: 1815\n\n## Notes\n\nShe wrote the first program.\n\n## Sources\n\n- A book, 1992.\n";
const NEW: &str = "# Ada\n\nA lead.\n\n## Snapshot\n\n- Born: 1815, London\n\n## Notes\n\nShe wrote the first published program.\n\n## Sources\n\n- A book, 1992.\n- An article, 2015.\n";

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|error| panic!("not JSON ({error}): {}", stdout(output)))
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

// Exit codes are `diff`'s: scripts branch on them.
#[test]
fn two_files_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "old.md", OLD);
    write_file(dir.path(), "new.md", NEW);
    write_file(dir.path(), "same.md", OLD);
    let same = run_quire(dir.path(), &["diff", "old.md", "same.md"]);
    assert_eq!(same.status.code(), Some(0), "{}{}", stdout(&same), stderr(&same));
    assert!(stdout(&same).contains("no changes"));
    let different = run_quire(dir.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(different.status.code(), Some(1), "{}", stderr(&different));
    let missing = run_quire(dir.path(), &["diff", "old.md", "gone.md"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr(&missing).trim(), "error: `gone.md` does not exist");
    write_file(dir.path(), "binary.md", "");
    std::fs::write(dir.path().join("binary.md"), [0xff, 0xfe, 0x00]).unwrap();
    let binary = run_quire(dir.path(), &["diff", "old.md", "binary.md"]);
    assert_eq!(binary.status.code(), Some(2));
    assert!(stderr(&binary).contains("`binary.md` is not UTF-8 text"), "{}", stderr(&binary));
}

// The JSON shape is a contract (DESIGN.md, "Diff"); `front_matter` and
// `moves` are the two additions ARCHITECTURE.md records.
#[test]
fn json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "old.md", OLD);
    write_file(dir.path(), "new.md", NEW);
    let output = run_quire(dir.path(), &["diff", "old.md", "new.md", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let diff = json(&output);
    assert_eq!(
        keys(&diff),
        ["front_matter", "moves", "new", "old", "related", "sections", "snapshot", "sources", "version"]
    );
    assert_eq!(
        (diff["version"].as_u64(), diff["old"].as_str(), diff["new"].as_str()),
        (Some(1), Some("old.md"), Some("new.md"))
    );
    for section in diff["sections"].as_array().unwrap() {
        assert_eq!(keys(section), ["changes", "new_heading", "new_index", "old_heading", "old_index", "status"]);
        for change in section["changes"].as_array().unwrap() {
            assert_eq!(keys(change), ["op", "text"], "no `moved` where nothing moved");
            assert!(["equal", "insert", "delete"].contains(&change["op"].as_str().unwrap()));
        }
    }
    let lead = &diff["sections"][0];
    assert_eq!(
        (lead["old_heading"].is_null(), lead["old_index"].as_u64(), lead["status"].as_str()),
        (true, Some(0), Some("unchanged"))
    );
    let notes = &diff["sections"][2];
    assert_eq!(
        (notes["new_heading"].as_str(), notes["new_index"].as_u64(), notes["status"].as_str()),
        (Some("Notes"), Some(2), Some("modified"))
    );
    assert!(notes["changes"].as_array().unwrap().iter().any(|c| c["op"] == "insert" && c["text"] == "published "));
    assert_eq!(keys(&diff["snapshot"]), ["added", "changed", "removed"]);
    assert_eq!(
        diff["snapshot"]["changed"][0],
        serde_json::json!({"key": "Born", "old": "1815", "new": "1815, London"})
    );
    assert_eq!(diff["sources"], serde_json::json!({"added": ["An article, 2015."], "removed": []}));
    assert_eq!(diff["related"], serde_json::json!({"added": [], "removed": []}));
}

// A reviewer's terminal gets colour; a pipe gets word-diff markers.
#[test]
fn text_output_colour_and_markers() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "old.md", OLD);
    write_file(dir.path(), "new.md", NEW);
    let plain = stdout(&run_quire(dir.path(), &["diff", "old.md", "new.md"]));
    assert!(!plain.contains('\u{1b}'), "no colour when not on a terminal: {plain}");
    assert!(plain.contains("She wrote the first {+published +}program."), "{plain}");
    assert!(plain.contains("## Notes \u{b7} modified \u{b7} +1 \u{2212}0 words"), "{plain}");
    assert!(plain.contains("## Sources \u{b7} modified"), "{plain}");
    assert!(plain.lines().nth(2).unwrap().contains("Snapshot: Born changed"), "the summary comes first: {plain}");
    let run_with = |set: &str, remove: &str| {
        Command::new(quire_binary())
            .args(["diff", "old.md", "new.md"])
            .current_dir(dir.path())
            .env(set, "1")
            .env_remove(remove)
            .output()
            .unwrap()
    };
    let forced = stdout(&run_with("CLICOLOR_FORCE", "NO_COLOR"));
    assert!(forced.contains("\u{1b}[32mpublished \u{1b}[0m"), "CLICOLOR_FORCE=1 gives colour: {forced}");
    assert!(!forced.contains("{+"), "no markers with colour");
    let no_colour = stdout(&run_with("NO_COLOR", "CLICOLOR_FORCE"));
    assert!(!no_colour.contains('\u{1b}'));
}

// The page is opened by a reviewer in a browser: nothing from the entry
// may become markup, and nothing may load or run.
#[test]
fn html_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "old.md", OLD);
    let hostile = NEW.replace("A lead.", "A lead <script>alert(1)</script> <img src=x onerror=alert(2)> & \"quotes\".");
    write_file(dir.path(), "new.md", &hostile);
    let output = run_quire(dir.path(), &["diff", "old.md", "new.md", "--format", "html"]);
    assert_eq!(output.status.code(), Some(1));
    let page = stdout(&output);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;"));
    for forbidden in ["<script", "<img", "<link", "<iframe", "http://", "https://", "@import"] {
        assert!(!page.contains(forbidden), "`{forbidden}` in the page");
    }
    assert!(page.contains("<ins>published </ins>"), "{page}");
    assert!(page.contains("default-src 'none'"));
}

// Outside git, files still compare; what needs git says why it cannot.
#[test]
fn outside_git() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "entry.md", OLD);
    write_file(dir.path(), "other.md", NEW);
    assert_eq!(run_quire(dir.path(), &["diff", "entry.md", "other.md"]).status.code(), Some(1));
    let alone = run_quire(dir.path(), &["diff", "entry.md"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(
        stderr(&alone).contains("is not in a git repository, so it has no `HEAD` to compare with"),
        "{}",
        stderr(&alone)
    );
    let revision = run_quire(dir.path(), &["diff", "HEAD:entry.md", "entry.md"]);
    assert_eq!(revision.status.code(), Some(2));
    assert!(
        stderr(&revision).contains("is not in a git repository, so `HEAD:entry.md` cannot be read"),
        "{}",
        stderr(&revision)
    );
    let log = run_quire(dir.path(), &["log", "entry.md"]);
    assert_eq!(log.status.code(), Some(2));
    assert!(stderr(&log).contains("is not in a git repository"), "{}", stderr(&log));
}

/// A repository where the wiki is `docs/wiki`: `lovelace.md` added, renamed
/// to `ada.md`, then edited.
fn repository(dir: &Path) {
    git_init(dir);
    write_file(dir, "README.md", "The project; the wiki is in docs/wiki.\n");
    write_file(dir, "docs/wiki/lovelace.md", OLD);
    git_commit_all(dir, "Add Ada", 1);
    git(dir, &["mv", "docs/wiki/lovelace.md", "docs/wiki/ada.md"]);
    git_commit_all(dir, "Rename to ada.md", 2);
    write_file(dir, "docs/wiki/ada.md", NEW);
    git_commit_all(dir, "Ada: birthplace, published, a source", 3);
}

// History survives renames; `quire log` lists it newest first.
#[test]
fn log_follows_renames() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let output = run_quire(dir.path(), &["log", "docs/wiki/ada.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(|line| line.split_once(' ').unwrap().1.to_owned()).collect();
    assert_eq!(
        lines,
        [
            "2026-06-03 Ada Lovelace  Ada: birthplace, published, a source",
            "2026-06-02 Ada Lovelace  Rename to ada.md (renamed from lovelace.md)",
            "2026-06-01 Ada Lovelace  Add Ada (added)",
        ]
    );
    let log = json(&run_quire(dir.path().join("docs/wiki").as_path(), &["log", "ada.md", "--format", "json"]));
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!((log[1]["change"].as_str(), log[1]["previous_path"].as_str()), (Some("renamed"), Some("lovelace.md")));
    assert_eq!(log[2]["path"], "lovelace.md");
    // Across the rename, the two revisions compare like any two files.
    let across =
        run_quire(dir.path(), &["diff", "HEAD~2:docs/wiki/lovelace.md", "HEAD:docs/wiki/ada.md", "--format", "json"]);
    assert_eq!(across.status.code(), Some(1), "{}", stderr(&across));
    assert_eq!(json(&across)["old"], "HEAD~2:docs/wiki/lovelace.md");
}

// A wiki inside a larger repository: `REV:path` is from the top as in git,
// `REV:./path` from the current folder, and a wrong path says which it is.
#[test]
fn wiki_in_a_subfolder_of_a_larger_repository() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let wiki = dir.path().join("docs/wiki");
    write_file(&wiki, "ada.md", &NEW.replace("1992", "1998"));
    let working = json(&run_quire(&wiki, &["diff", "ada.md", "--format", "json"]));
    assert_eq!((working["old"].as_str(), working["new"].as_str()), (Some("HEAD:docs/wiki/ada.md"), Some("ada.md")));
    assert_eq!(working["sources"], serde_json::json!({"added": ["A book, 1998."], "removed": ["A book, 1992."]}));
    for old in ["HEAD~1:./ada.md", "HEAD~1:docs/wiki/ada.md", "HEAD~1:../wiki/ada.md"] {
        let output = run_quire(&wiki, &["diff", old, "HEAD:./ada.md", "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{old}: {}", stderr(&output));
        assert_eq!(json(&output)["snapshot"]["changed"][0]["key"], "Born", "{old}");
    }
    let wrong = run_quire(&wiki, &["diff", "HEAD:ada.md", "ada.md"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("`ada.md` does not exist in `HEAD` (the path after `REV:` starts at the top of the repository; write `REV:./path`"), "{}", stderr(&wrong));
    let unknown = run_quire(&wiki, &["diff", "no-such-branch:./ada.md", "ada.md"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("`no-such-branch` is not a revision of this repository"), "{}", stderr(&unknown));
    // From the top of the repository, the same entry by its path there.
    let from_top = run_quire(dir.path(), &["diff", "docs/wiki/ada.md", "--format", "json"]);
    assert_eq!(json(&from_top)["new"], "docs/wiki/ada.md");
}

// Staged and working copy are separate versions: `--staged` and `:path`
// reach the index, the entry alone the working copy.
#[test]
fn staged_and_working_copy() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "ada.md", OLD);
    git_commit_all(dir.path(), "Add", 1);
    write_file(dir.path(), "ada.md", &OLD.replace("A lead.", "A staged lead."));
    git(dir.path(), &["add", "ada.md"]);
    write_file(dir.path(), "ada.md", &OLD.replace("A lead.", "A working lead."));
    let insertions = |args: &[&str]| -> Vec<String> {
        let output = run_quire(dir.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        json(&output)["sections"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|change| change["op"] == "insert")
            .map(|change| change["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(insertions(&["diff", "--staged", "ada.md", "--format", "json"]), ["staged "]);
    assert_eq!(insertions(&["diff", "ada.md", "--format", "json"]), ["working "]);
    assert_eq!(insertions(&["diff", ":ada.md", "ada.md", "--format", "json"]), ["working"]);
    let staged = json(&run_quire(dir.path(), &["diff", "--staged", "ada.md", "--format", "json"]));
    assert_eq!((staged["old"].as_str(), staged["new"].as_str()), (Some("HEAD:ada.md"), Some(":ada.md")));

    // A new entry not yet committed shows as all added; a committed, clean one is the same.
    write_file(dir.path(), "new.md", NEW);
    let new = run_quire(dir.path(), &["diff", "new.md", "--format", "json"]);
    assert_eq!(new.status.code(), Some(1));
    assert!(json(&new)["sections"].as_array().unwrap().iter().skip(1).all(|section| section["status"] == "added"));
    git_commit_all(dir.path(), "Both", 2);
    assert_eq!(run_quire(dir.path(), &["diff", "ada.md"]).status.code(), Some(0));
    assert_eq!(run_quire(dir.path(), &["diff", "never.md"]).status.code(), Some(2));
}
