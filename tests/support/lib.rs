//! Shared helpers for Quire's test suite: where the fixtures are, how
//! expected files are blessed, and running the real `quire` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod diff;
pub mod reference;
pub mod remote;
pub mod xss;
use quire_core::{Catalog, CheckedFile, Date, Report, validate_wiki};

use crate::reference::Reference;

/// The fixed "today" of every test, so review dates do not age the fixtures.
pub const TODAY: &str = "2026-11-29";

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_owned()
}

/// `tests/cases`.
pub fn cases_root() -> PathBuf {
    repo_root().join("tests").join("cases")
}

/// Runs the `quire` at `binary` with `args` in `dir`, with the fixed date
/// and no colour (quire-cli's tests pass the binary cargo built for them).
pub fn run_binary(binary: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(binary)
        .args(args)
        .current_dir(dir)
        .env("QUIRE_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("quire runs")
}

/// Copies a folder tree (files and subfolders) to `to`. Symbolic links are
/// copied as links, never followed: fixtures hold dangling links and loops.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create target folder");
    for item in std::fs::read_dir(from).expect("read source folder") {
        let item = item.expect("read folder entry");
        let target = to.join(item.file_name());
        let file_type = item.file_type().expect("file type");
        if file_type.is_symlink() {
            let points_at = std::fs::read_link(item.path()).expect("read symbolic link");
            #[cfg(unix)]
            std::os::unix::fs::symlink(&points_at, &target).expect("copy symbolic link");
            #[cfg(not(unix))]
            panic!("cannot copy the symbolic link {} on this platform", points_at.display());
        } else if file_type.is_dir() {
            copy_tree(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), &target).expect("copy file");
        }
    }
}

/// Runs `git` in `dir` as a fixed author, with no user or system config,
/// and returns its standard output. Panics with git's message on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    run_git(git_command(dir).args(args), args)
}

fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org");
    command
}

fn run_git(command: &mut Command, args: &[&str]) -> String {
    let output = command.output().expect("git runs");
    assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `git` in `dir` as [`git`] does, but hands back the whole output
/// whatever the exit status: for commands expected to fail (a commit that a
/// hook blocks).
pub fn git_output(dir: &Path, args: &[&str]) -> Output {
    git_command(dir).args(["-c", "commit.gpgsign=false"]).args(args).output().expect("git runs")
}

/// A new git repository in `dir` (branch `main`).
pub fn git_init(dir: &Path) {
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
}

/// Stages everything and commits it with `message`, dated June `day`, 2026
/// (so the history's order does not depend on the clock).
pub fn git_commit_all(dir: &Path, message: &str, day: u32) {
    git(dir, &["add", "--all"]);
    let date = format!("2026-06-{day:02}T10:00:00+02:00");
    let args = ["-c", "commit.gpgsign=false", "commit", "--quiet", "--message", message];
    run_git(git_command(dir).args(args).env("GIT_AUTHOR_DATE", &date).env("GIT_COMMITTER_DATE", &date), &args);
}

/// Writes `text` to `dir/path`, creating folders on the way.
pub fn write_file(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).expect("create folder");
    }
    std::fs::write(&path, text).expect("write file");
}

/// Validates the wiki at `root` every way Quire does, and fails unless they
/// agree with the [`Reference`] (every entry kept whole): the same
/// diagnostics in the same order, the same files. The ways: the catalog
/// consumed for a report (`validate_wiki`, as the CLI does) and kept
/// (`Catalog::validate`, as the app does). Returns the reference and its
/// report.
pub fn validate_both_ways(root: &Path, today: Date) -> (Reference, Report) {
    let reference = Reference::load(root).expect("the wiki root opens");
    let report = reference.validate(today);
    let one_pass = validate_wiki(root, today).expect("the wiki root opens in one pass");
    assert_eq!(one_pass.report.diagnostics, report.diagnostics, "the CLI's validation and the reference differ");
    assert_eq!(one_pass.report.entries, report.entries);
    let loaded_files = reference.checked_files();
    assert_eq!(one_pass.files, loaded_files);
    let catalog = Catalog::load(root, today).expect("the wiki root opens as a catalog");
    let catalogued = catalog.validate();
    assert_eq!(catalogued.diagnostics, report.diagnostics, "the catalog and the reference differ");
    assert_eq!(catalogued.entries, report.entries);
    let catalog_files: Vec<CheckedFile> =
        catalog.ids().map(|id| CheckedFile { id: id.to_owned(), parsed: catalog.is_parsed(id) }).collect();
    assert_eq!(catalog_files, loaded_files);
    (reference, report)
}

/// `(path, code)` of every diagnostic of a `quire validate --format json` report.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("a report has diagnostics")
        .iter()
        .map(|d| (d["path"].as_str().unwrap_or_default().to_owned(), d["code"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// Every file under `root` (hidden ones too) with its bytes, sorted: to show
/// that nothing changed, or exactly what did.
pub fn tree_snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(folder) = stack.pop() {
        for item in std::fs::read_dir(&folder).expect("read folder") {
            let path = item.expect("read folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(root).expect("inside root").to_string_lossy().into_owned();
                files.push((name, std::fs::read(&path).expect("read file")));
            }
        }
    }
    files.sort();
    files
}
