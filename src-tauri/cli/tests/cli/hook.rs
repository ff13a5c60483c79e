//! `quire hook install|uninstall`: the pre-commit hook on real git
//! repositories, committing with the real `git`.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::run_quire;
use quire_tests::{git, git_commit_all, git_init, git_output, write_file};

const GOOD: &str = "# Ada\n\nA lead.\n";
const BAD: &str = "An entry that forgot its title.\n";

fn repository(dir: &Path) {
    git_init(dir);
    write_file(dir, "content/ada.md", GOOD);
    git_commit_all(dir, "First entry", 1);
}

fn install(dir: &Path) -> Output {
    let output = run_quire(dir, &["hook", "install"]);
    assert_eq!(output.status.code(), Some(0), "install failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

fn commit(dir: &Path) -> Output {
    git_output(dir, &["commit", "--quiet", "--message", "change"])
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn hook_path(dir: &Path) -> std::path::PathBuf {
    dir.join(".git/hooks/pre-commit")
}

// The point of the hook: a staged error stops the commit, with rustc-style
// output naming the entry; a good entry goes through.
#[test]
fn blocks_a_commit_with_errors_and_lets_a_good_one_through() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    install(dir.path());
    write_file(dir.path(), "content/bad.md", BAD);
    git(dir.path(), &["add", "content/bad.md"]);
    let blocked = commit(dir.path());
    assert!(!blocked.status.success(), "the commit went through");
    let shown = text(&blocked);
    assert!(shown.contains("error[title-heading]"), "{shown}");
    assert!(shown.contains("bad.md"), "{shown}");
    assert_eq!(git(dir.path(), &["rev-list", "--count", "HEAD"]).trim(), "1");

    write_file(dir.path(), "content/bad.md", "# Bad No More\n\nFixed.\n");
    git(dir.path(), &["add", "content/bad.md"]);
    let passed = commit(dir.path());
    assert!(passed.status.success(), "{}", text(&passed));
    assert_eq!(git(dir.path(), &["rev-list", "--count", "HEAD"]).trim(), "2");
}

// Partial staging: what is staged decides, not the working copy, both ways;
// `git commit -a` stages everything first and is judged on that.
#[test]
fn judges_what_is_staged() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    install(dir.path());
    // Working copy bad, staged good: passes.
    write_file(dir.path(), "content/babbage.md", "# Babbage\n\nGood when staged.\n");
    git(dir.path(), &["add", "content/babbage.md"]);
    write_file(dir.path(), "content/babbage.md", BAD);
    let passed = commit(dir.path());
    assert!(passed.status.success(), "{}", text(&passed));
    // Staged bad, working copy good: blocked.
    git(dir.path(), &["add", "content/babbage.md"]);
    write_file(dir.path(), "content/babbage.md", "# Babbage\n\nGood again, not staged.\n");
    assert!(!commit(dir.path()).status.success(), "a bad staged version went through");
    // `commit -a` judges the working copy it stages.
    let all = git_output(dir.path(), &["commit", "--quiet", "--all", "--message", "all"]);
    assert!(all.status.success(), "{}", text(&all));
    write_file(dir.path(), "content/babbage.md", BAD);
    let all = git_output(dir.path(), &["commit", "--quiet", "--all", "--message", "all"]);
    assert!(!all.status.success(), "`commit -a` with a bad working copy went through");
}

// An existing hook is never lost: it is moved aside, run first (its failure
// blocks, its success lets Quire decide), and put back by uninstall.
#[test]
fn chains_an_existing_hook_and_uninstall_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let original = "#!/bin/sh\necho ran >> chained-ran.txt\nexit 1\n";
    write_file(dir.path(), ".git/hooks/pre-commit", original);
    make_executable(&hook_path(dir.path()));
    let installed = install(dir.path());
    assert!(text(&installed).contains("pre-commit.quire-chained"), "the user is told: {}", text(&installed));
    assert_eq!(fs::read_to_string(dir.path().join(".git/hooks/pre-commit.quire-chained")).unwrap(), original);

    write_file(dir.path(), "content/babbage.md", "# Babbage\n\nGood.\n");
    git(dir.path(), &["add", "content/babbage.md"]);
    assert!(!commit(dir.path()).status.success(), "the chained hook's failure must block");
    assert_eq!(fs::read_to_string(dir.path().join("chained-ran.txt")).unwrap(), "ran\n");

    // The chained hook passes now: Quire decides.
    let passing = "#!/bin/sh\necho ran >> chained-ran.txt\nexit 0\n";
    write_file(dir.path(), ".git/hooks/pre-commit.quire-chained", passing);
    write_file(dir.path(), "content/bad.md", BAD);
    git(dir.path(), &["add", "content/bad.md"]);
    assert!(!commit(dir.path()).status.success(), "Quire's check still runs after the chained hook");
    git(dir.path(), &["rm", "--quiet", "--cached", "content/bad.md"]);
    let passed = commit(dir.path());
    assert!(passed.status.success(), "{}", text(&passed));

    let uninstalled = run_quire(dir.path(), &["hook", "uninstall"]);
    assert_eq!(uninstalled.status.code(), Some(0), "{}", text(&uninstalled));
    assert_eq!(fs::read_to_string(hook_path(dir.path())).unwrap(), passing);
    assert!(!dir.path().join(".git/hooks/pre-commit.quire-chained").exists());
}

// Installing twice changes nothing (no second chaining of our own hook);
// uninstall leaves no hook when there was none.
#[test]
fn install_is_idempotent_and_uninstall_leaves_no_hook() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    install(dir.path());
    let first = fs::read(hook_path(dir.path())).unwrap();
    let again = install(dir.path());
    assert!(text(&again).contains("already installed"), "{}", text(&again));
    assert_eq!(fs::read(hook_path(dir.path())).unwrap(), first);
    assert!(!dir.path().join(".git/hooks/pre-commit.quire-chained").exists());

    assert_eq!(run_quire(dir.path(), &["hook", "uninstall"]).status.code(), Some(0));
    assert!(!hook_path(dir.path()).exists());
    let nothing = run_quire(dir.path(), &["hook", "uninstall"]);
    assert_eq!(nothing.status.code(), Some(0));
    assert!(text(&nothing).contains("nothing changed"));
}

// `core.hooksPath` is where git looks, so that is where the hook goes; a
// wiki in a subfolder is validated there.
#[test]
fn honours_core_hooks_path_and_a_wiki_in_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "docs/wiki/ada.md", GOOD);
    git_commit_all(dir.path(), "First entry", 1);
    git(dir.path(), &["config", "core.hooksPath", ".githooks"]);
    let output = run_quire(dir.path(), &["hook", "install", "--wiki", "docs/wiki"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let hook = fs::read_to_string(dir.path().join(".githooks/pre-commit")).unwrap();
    assert!(hook.contains("validate --staged -- 'docs/wiki'"), "{hook}");
    write_file(dir.path(), "docs/wiki/bad.md", BAD);
    git(dir.path(), &["add", "docs/wiki/bad.md"]);
    assert!(!commit(dir.path()).status.success());
}

// A wiki folder whose name starts with `-` is a path to the hook, not an
// option: it must neither block every commit nor let a bad one through.
#[test]
fn a_wiki_named_like_an_option_is_still_validated() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "-wiki/ada.md", GOOD);
    git_commit_all(dir.path(), "First entry", 1);
    let output = run_quire(dir.path(), &["hook", "install", "--wiki=-wiki"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    write_file(dir.path(), "-wiki/babbage.md", "# Babbage\n\nGood.\n");
    git(dir.path(), &["add", "--", "-wiki/babbage.md"]);
    let passed = commit(dir.path());
    assert!(passed.status.success(), "a good commit was blocked: {}", text(&passed));
    write_file(dir.path(), "-wiki/bad.md", BAD);
    git(dir.path(), &["add", "--", "-wiki/bad.md"]);
    let blocked = commit(dir.path());
    assert!(!blocked.status.success(), "the commit went through");
    assert!(text(&blocked).contains("error[title-heading]"), "{}", text(&blocked));
}

// A Quire hook that is not ours is never overwritten by uninstall, and a
// folder outside git cannot get a hook.
#[test]
fn refuses_what_it_cannot_do_safely() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let foreign = "#!/bin/sh\nexit 0\n";
    write_file(dir.path(), ".git/hooks/pre-commit", foreign);
    let output = run_quire(dir.path(), &["hook", "uninstall"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("not Quire's"));
    assert_eq!(fs::read_to_string(hook_path(dir.path())).unwrap(), foreign);

    let outside = tempfile::tempdir().unwrap();
    write_file(outside.path(), "content/ada.md", GOOD);
    let output = run_quire(outside.path(), &["hook", "install"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("not in a git repository"), "{}", text(&output));
}

fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }
}
