//! `quire hook install` as git's merge driver: what it writes, that it
//! undoes exactly that, and real `git merge`, `pull`, `rebase` and
//! `cherry-pick` between two clones of one bare repository, with and
//! without the driver.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::quire_binary;
use quire_tests::{TODAY, write_file};

const ENTRY: &str = "# Ada Lovelace\n\nAda Lovelace wrote the first published program for the Analytical Engine in 1843.\n\n\
                     ## Sources\n\n- Menabrea, Sketch of the Analytical Engine, 1842.\n";
const DRIVER: &str = "quire merge-file %A %O %B --path %P --marker-size %L";

/// `PATH` with the folder of the `quire` under test first, so that git finds
/// the driver's `quire` as a user's shell would.
fn path_with_quire() -> OsString {
    let folder = quire_binary().parent().map(Path::to_path_buf).unwrap_or_default();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(folder).chain(std::env::split_paths(&rest))).unwrap()
}

/// Runs `program` in `dir` with `quire` on `PATH`, a fixed author and no
/// user or system git config.
fn run(program: &Path, dir: &Path, args: &[&str], path: &OsString) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("QUIRE_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_EDITOR", "true")
        .output()
        .expect("the program runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Runs git and expects it to succeed.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = run(Path::new("git"), dir, args, &path_with_quire());
    assert!(output.status.success(), "git {args:?} failed: {}", text(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn quire(dir: &Path, args: &[&str], path: &OsString) -> Output {
    let output = run(&quire_binary(), dir, args, path);
    assert_eq!(output.status.code(), Some(0), "quire {args:?} failed: {}", text(&output));
    output
}

fn clone(origin: &Path, into: &Path) {
    let url = format!("file://{}", origin.display());
    git(into.parent().unwrap(), &["clone", "--quiet", &url, &into.to_string_lossy()]);
}

// What install writes: the attributes line (the wiki relative to the top)
// and the driver in the clone's config, by name when `quire` on PATH is
// this one; a second install changes no byte; uninstall gives back the
// exact `.gitattributes` and `.git/config` there were, even when run
// where it cannot find the wiki.
#[test]
fn install_writes_the_driver_once_and_uninstall_removes_exactly_it() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "--quiet", "--initial-branch=main"]);
    write_file(repo, "docs/wiki/ada.md", ENTRY);
    write_file(repo, ".gitattributes", "*.png binary\n");
    let config_before = fs::read(repo.join(".git/config")).unwrap();
    let path = path_with_quire();

    quire(repo, &["hook", "install", "--wiki", "docs/wiki"], &path);
    let attributes = fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.png binary\ndocs/wiki/**/*.md merge=quire\n");
    assert_eq!(git(repo, &["config", "--local", "merge.quire.driver"]).trim(), DRIVER);
    assert!(!git(repo, &["config", "--local", "merge.quire.name"]).trim().is_empty());
    assert_eq!(
        git(repo, &["check-attr", "merge", "docs/wiki/people/ada.md"]).trim(),
        "docs/wiki/people/ada.md: merge: quire"
    );
    let config_installed = fs::read(repo.join(".git/config")).unwrap();

    let again = quire(repo, &["hook", "install", "--wiki", "docs/wiki"], &path);
    assert!(text(&again).contains("nothing changed"), "{}", text(&again));
    assert_eq!(fs::read_to_string(repo.join(".gitattributes")).unwrap(), attributes);
    assert_eq!(fs::read(repo.join(".git/config")).unwrap(), config_installed);

    // Run where no wiki is found (the wiki has no `wiki.toml`): the line still goes.
    quire(repo, &["hook", "uninstall"], &path);
    assert_eq!(fs::read_to_string(repo.join(".gitattributes")).unwrap(), "*.png binary\n");
    assert_eq!(
        String::from_utf8_lossy(&fs::read(repo.join(".git/config")).unwrap()),
        String::from_utf8_lossy(&config_before)
    );
    assert!(!repo.join(".git/hooks/pre-commit").exists(), "the pre-commit hook goes too");
}

// A `.gitattributes` that install created goes with uninstall; with no
// `quire` on PATH, the driver names this executable by its absolute path,
// and git can still run it.
#[test]
fn without_quire_on_path_the_driver_uses_the_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "--quiet", "--initial-branch=main"]);
    write_file(repo, "content/ada.md", ENTRY);
    let bare_path = std::env::join_paths([PathBuf::from("/usr/bin"), PathBuf::from("/bin")]).unwrap();
    quire(repo, &["hook", "install"], &bare_path);
    assert_eq!(fs::read_to_string(repo.join(".gitattributes")).unwrap(), "content/**/*.md merge=quire\n");
    let driver = git(repo, &["config", "--local", "merge.quire.driver"]);
    let absolute = quire_binary().canonicalize().unwrap();
    assert!(driver.starts_with(&format!("'{}' merge-file", absolute.display())), "{driver}");
    quire(repo, &["hook", "uninstall"], &bare_path);
    assert!(!repo.join(".gitattributes").exists());
}

/// How a clone brings in the other's commit.
#[derive(Clone, Copy, Debug)]
enum Integrate {
    Merge,
    Pull,
    Rebase,
    CherryPick,
}

/// Two clones of one bare repository: Alice and Bob change different words
/// of one paragraph and each add a source, Alice pushes, Bob integrates.
/// Returns whether git succeeded and Bob's entry after it.
fn two_editors(integrate: Integrate, with_driver: bool) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin.git");
    fs::create_dir(&origin).unwrap();
    git(&origin, &["init", "--quiet", "--bare", "--initial-branch=main"]);
    let (alice, bob) = (dir.path().join("alice"), dir.path().join("bob"));
    let path = path_with_quire();

    clone(&origin, &alice);
    write_file(&alice, "content/ada-lovelace.md", ENTRY);
    if with_driver {
        quire(&alice, &["hook", "install"], &path);
    }
    git(&alice, &["add", "--all"]);
    git(&alice, &["commit", "--quiet", "--message", "Ada Lovelace"]);
    git(&alice, &["push", "--quiet", "origin", "main"]);
    clone(&origin, &bob);
    if with_driver {
        quire(&bob, &["hook", "install"], &path);
    }

    let edit = |clone: &Path, from: &str, to: &str, source: &str, message: &str| {
        let text = ENTRY.replace(from, to).replace("1842.\n", &format!("1842.\n- {source}\n"));
        write_file(clone, "content/ada-lovelace.md", &text);
        git(clone, &["commit", "--quiet", "--all", "--message", message]);
    };
    edit(&alice, "first published program", "first program", "Toole, Ada, the Enchantress of Numbers, 1992.", "Alice");
    git(&alice, &["push", "--quiet", "origin", "main"]);
    edit(&bob, "in 1843", "in her Notes of 1843", "Lovelace, Notes by the Translator, 1843.", "Bob");

    let args: &[&str] = match integrate {
        Integrate::Merge => {
            git(&bob, &["fetch", "--quiet"]);
            &["merge", "--no-edit", "origin/main"]
        }
        Integrate::Pull => &["pull", "--no-rebase", "--no-edit"],
        Integrate::Rebase => {
            git(&bob, &["fetch", "--quiet"]);
            &["rebase", "origin/main"]
        }
        Integrate::CherryPick => {
            git(&bob, &["fetch", "--quiet"]);
            &["cherry-pick", "origin/main"]
        }
    };
    let output = run(Path::new("git"), &bob, args, &path);
    (output.status.success(), fs::read_to_string(bob.join("content/ada-lovelace.md")).unwrap())
}

// The point of the driver: what plain git conflicts on (two words of one
// line, two sources appended to one list) merges under every way git
// integrates, with both edits kept; the same repository without the
// driver conflicts.
#[test]
fn git_merges_entries_with_the_driver_where_its_line_merge_conflicts() {
    let expected = "# Ada Lovelace\n\nAda Lovelace wrote the first program for the Analytical Engine in her Notes of 1843.\n\n\
                    ## Sources\n\n- Menabrea, Sketch of the Analytical Engine, 1842.\n\
                    - Lovelace, Notes by the Translator, 1843.\n- Toole, Ada, the Enchantress of Numbers, 1992.\n";
    for integrate in [Integrate::Merge, Integrate::Pull, Integrate::Rebase, Integrate::CherryPick] {
        let (succeeded, merged) = two_editors(integrate, true);
        assert!(succeeded, "{integrate:?} with the driver failed:\n{merged}");
        assert_eq!(merged, expected, "{integrate:?} with the driver");

        let (succeeded, conflicted) = two_editors(integrate, false);
        assert!(!succeeded, "{integrate:?} without the driver did not conflict:\n{conflicted}");
        assert!(conflicted.contains("<<<<<<<"), "{integrate:?} without the driver:\n{conflicted}");
    }
}
