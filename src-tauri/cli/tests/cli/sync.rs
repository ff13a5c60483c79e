//! `quire sync` between clones of one remote, reached over a real protocol
//! on 127.0.0.1 that the test starts: `git daemon` (git://) and OpenSSH
//! (ssh://, with its own keys).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quire_tests::remote::{GitDaemon, SshServer};
use quire_tests::{TODAY, git, write_file};
use serde_json::Value;
use tempfile::TempDir;

use crate::quire_binary;

const ADA: &str =
    "# Ada\n\nAda wrote the first program.\n\n## Work\n\nShe worked with [[Babbage]].\n\n## Notes\n\nNone yet.\n";
const BABBAGE: &str = "# Babbage\n\nBabbage designed engines.\n\n## Work\n\nThe Analytical Engine; see [[Ada]].\n";

/// One editor's clone of the team's remote.
struct Editor {
    dir: PathBuf,
    name: &'static str,
}

impl Editor {
    fn clone_from(folder: &Path, name: &'static str, url: &str, ssh_command: Option<&str>) -> Editor {
        let dir = folder.join(name);
        let mut clone = Command::new("git");
        clone
            .args(["clone", "--quiet", url])
            .arg(&dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        if let Some(ssh) = ssh_command {
            clone.env("GIT_SSH_COMMAND", ssh);
        }
        let output = clone.output().expect("git clone runs");
        assert!(output.status.success(), "git clone failed: {}", String::from_utf8_lossy(&output.stderr));
        let editor = Editor { dir, name };
        editor.git(&["config", "user.name", name]);
        editor.git(&["config", "user.email", &format!("{}@example.org", name.to_lowercase())]);
        editor.git(&["config", "commit.gpgsign", "false"]);
        if let Some(ssh) = ssh_command {
            editor.git(&["config", "core.sshCommand", ssh]);
        }
        editor
    }

    /// Runs git as this editor (no user or system configuration).
    fn git(&self, args: &[&str]) -> String {
        let email = format!("{}@example.org", self.name.to_lowercase());
        let output = Command::new("git")
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs([("GIT_AUTHOR_NAME", self.name), ("GIT_COMMITTER_NAME", self.name)])
            .envs([("GIT_AUTHOR_EMAIL", &email), ("GIT_COMMITTER_EMAIL", &email)])
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn write(&self, path: &str, text: &str) {
        write_file(&self.dir, path, text);
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.join(path)).expect("read file")
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "-m", message]);
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// `quire sync --format json` (plus `args`) as this editor, with no
    /// user or system git configuration.
    fn sync(&self, args: &[&str]) -> (Output, Value) {
        let output = self.quire_with(args, &[]);
        let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output, json)
    }

    fn quire_with(&self, args: &[&str], environment: &[(&str, &str)]) -> Output {
        let mut all = vec!["sync", "--wiki", "content", "--format", "json"];
        all.extend_from_slice(args);
        Command::new(quire_binary())
            .args(&all)
            .current_dir(&self.dir)
            .env("QUIRE_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs(environment.iter().copied())
            .output()
            .expect("quire runs")
    }
}

/// The remote's `main` after seeding it with Ada and Babbage.
fn seed(folder: &Path, url: &str, ssh_command: Option<&str>) {
    let seeder = Editor::clone_from(folder, "Seeder", url, ssh_command);
    seeder.write("content/ada.md", ADA);
    seeder.write("content/babbage.md", BABBAGE);
    seeder.commit("Two entries");
    seeder.git(&["push", "--quiet", "origin", "HEAD:main"]);
}

/// The text of `path` on the remote's `main`.
fn remote_file(bare: &Path, path: &str) -> String {
    git(bare, &["show", &format!("main:{path}")])
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("quire exited")
}

fn team(url: &str, ssh_command: Option<&str>) -> (TempDir, Editor, Editor) {
    let folder = tempfile::tempdir().unwrap();
    seed(folder.path(), url, ssh_command);
    let ada = Editor::clone_from(folder.path(), "Ada", url, ssh_command);
    let grace = Editor::clone_from(folder.path(), "Grace", url, ssh_command);
    (folder, ada, grace)
}

/// Two editors commit in different files; each sync brings the other's
/// work in and sends its own out, and the remote ends with both.
fn both_editors_work_reaches_everyone(ada: &Editor, grace: &Editor, bare: &Path) {
    ada.write("content/ada.md", &ADA.replace("None yet.", "She translated Menabrea."));
    ada.commit("Ada: a note");
    grace.write("content/babbage.md", &BABBAGE.replace("designed engines", "designed calculating engines"));
    grace.commit("Grace: engines");

    let (output, report) = ada.sync(&[]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["outcome"], "synced");
    assert_eq!(report["pushed"], 1);

    let (output, report) = grace.sync(&[]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["outcome"], "synced");
    assert_eq!(report["incoming"][0]["author"], "Ada");
    assert_eq!(report["incoming"][0]["summary"], "Ada: a note");
    assert_eq!(report["integrated"], true);
    assert_eq!(report["pushed"], 2, "Grace's commit and the merge commit");
    assert!(grace.read("content/ada.md").contains("Menabrea"));

    assert!(remote_file(bare, "content/ada.md").contains("Menabrea"));
    assert!(remote_file(bare, "content/babbage.md").contains("calculating engines"));

    let (output, report) = ada.sync(&[]);
    assert_eq!(code(&output), 0);
    assert_eq!(report["outcome"], "synced", "Grace's work comes in by fast-forward");
    assert!(ada.read("content/babbage.md").contains("calculating engines"));
    assert_eq!(ada.head(), grace.head());
    let (_, report) = ada.sync(&[]);
    assert_eq!(report["outcome"], "up-to-date");
}

// The team's everyday loop over git's own protocol.
#[test]
fn sync_brings_work_in_and_sends_it_out_over_git_daemon() {
    let daemon = GitDaemon::start();
    let (_folder, ada, grace) = team(&daemon.url(), None);
    both_editors_work_reaches_everyone(&ada, &grace, daemon.bare());
}

// The same loop over SSH with keys, as most teams reach their forge.
#[test]
fn sync_brings_work_in_and_sends_it_out_over_ssh() {
    let server = SshServer::start();
    let ssh = server.ssh_command();
    let (_folder, ada, grace) = team(&server.url(), Some(&ssh));
    both_editors_work_reaches_everyone(&ada, &grace, server.bare());
}

// Someone pushes between our fetch and our push: the rejected push is
// merged again and retried, and nobody's commit is lost.
#[test]
fn a_push_rejected_because_someone_pushed_meanwhile_is_merged_and_retried() {
    let daemon = GitDaemon::start();
    let (folder, ada, grace) = team(&daemon.url(), None);
    grace.write("content/babbage.md", &BABBAGE.replace("designed engines", "designed the Difference Engine"));
    grace.commit("Grace: Difference Engine");
    ada.write("content/ada.md", &ADA.replace("None yet.", "A note."));
    ada.commit("Ada: a note");

    // A `git` first on PATH that, at Ada's first push, has Grace push first.
    let real_git = String::from_utf8_lossy(&Command::new("sh").args(["-c", "command -v git"]).output().unwrap().stdout)
        .trim()
        .to_owned();
    let wrapper_dir = folder.path().join("bin");
    let mark = folder.path().join("grace-pushed");
    let script = format!(
        "#!/bin/sh\nfor argument in \"$@\"; do\n  if [ \"$argument\" = push ] && [ ! -e '{mark}' ]; then\n    touch '{mark}'\n    (cd '{grace}' && '{real_git}' push --quiet origin HEAD:main) || exit 99\n  fi\ndone\nexec '{real_git}' \"$@\"\n",
        mark = mark.display(),
        grace = grace.dir.display(),
    );
    write_file(&wrapper_dir, "git", &script);
    Command::new("chmod").arg("+x").arg(wrapper_dir.join("git")).status().unwrap();
    let path = format!("{}:{}", wrapper_dir.display(), std::env::var("PATH").unwrap_or_default());

    let output = ada.quire_with(&[], &[("PATH", &path)]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert!(mark.exists(), "Grace pushed in the middle of Ada's sync");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["outcome"], "synced");
    assert_eq!(report["incoming"][0]["summary"], "Grace: Difference Engine");
    let log = git(daemon.bare(), &["log", "--format=%s", "main"]);
    assert!(log.contains("Grace: Difference Engine") && log.contains("Ada: a note"), "{log}");
}

/// Grace has pushed "published program"; Ada has written "computer
/// program" over the same words, not yet committed.
fn same_words_changed_twice(daemon: &GitDaemon) -> (TempDir, Editor, Editor) {
    let (folder, ada, grace) = team(&daemon.url(), None);
    grace.write("content/ada.md", &ADA.replace("the first program", "the first published program"));
    grace.commit("Grace: published");
    assert_eq!(code(&grace.sync(&[]).0), 0);
    ada.write("content/ada.md", &ADA.replace("the first program", "the first computer program"));
    (folder, ada, grace)
}

// A true conflict stops the sync with the entry and section named, leaves a
// merge git understands, and --abort restores commits, index and files,
// including the commit the sync made of what was staged.
#[test]
fn a_true_conflict_is_named_by_section_and_abort_restores_everything() {
    let daemon = GitDaemon::start();
    let (_folder, ada, _grace) = same_words_changed_twice(&daemon);
    ada.git(&["add", "content/ada.md"]);
    ada.write("content/notes.txt", "unstaged work, not in the wiki\n");
    let head_before = ada.head();
    let staged_before = ada.git(&["diff", "--cached"]);

    let (output, report) = ada.sync(&["-m", "Ada: computer program"]);
    assert_eq!(code(&output), 1, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["outcome"], "conflicts");
    assert_eq!(report["conflicts"][0]["path"], "content/ada.md");
    assert_eq!(report["conflicts"][0]["sections"][0], "lead");
    assert!(ada.dir.join(".git/MERGE_HEAD").exists(), "git sees a merge in progress");
    assert!(ada.read("content/ada.md").contains("<<<<<<<"));

    let refused = ada.quire_with(&[], &[]);
    assert_eq!(code(&refused), 2, "a second sync is refused while the merge is open");

    let aborted = ada.quire_with(&["--abort"], &[]);
    assert_eq!(code(&aborted), 0, "{}", String::from_utf8_lossy(&aborted.stderr));
    assert_eq!(ada.head(), head_before);
    assert_eq!(ada.git(&["diff", "--cached"]), staged_before, "the staged change is staged again");
    assert_eq!(ada.read("content/ada.md"), ADA.replace("the first program", "the first computer program"));
    assert_eq!(ada.read("content/notes.txt"), "unstaged work, not in the wiki\n");
    assert!(!ada.dir.join(".git/MERGE_HEAD").exists());
}

// After resolving the conflict in the file, --continue commits the merge
// and pushes it.
#[test]
fn continue_after_resolving_commits_the_merge_and_pushes() {
    let daemon = GitDaemon::start();
    let (_folder, ada, _grace) = same_words_changed_twice(&daemon);
    ada.commit("Ada: computer program");
    assert_eq!(code(&ada.sync(&[]).0), 1);

    let unresolved = ada.quire_with(&["--continue"], &[]);
    assert_eq!(code(&unresolved), 2, "markers still in the file");
    assert!(String::from_utf8_lossy(&unresolved.stderr).contains("content/ada.md"));

    let resolved = ADA.replace("the first program", "the first published computer program");
    ada.write("content/ada.md", &resolved);
    let (output, report) = ada.sync(&["--continue"]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["outcome"], "synced");
    assert_eq!(remote_file(daemon.bare(), "content/ada.md"), resolved);
}

// A merge that is clean can still break the wiki: Ada and Grace each add
// an entry called Turing, each valid alone. The merge is validated before
// it is committed, and nothing of it is pushed.
#[test]
fn a_clean_merge_that_breaks_the_wiki_is_not_committed() {
    let daemon = GitDaemon::start();
    let (_folder, ada, grace) = team(&daemon.url(), None);
    grace.write("content/people/turing.md", "# Turing\n\nAlan Turing, by Grace. See [[Ada]].\n");
    grace.commit("Grace: Turing");
    assert_eq!(code(&grace.sync(&[]).0), 0);

    ada.write("content/turing.md", "# Turing\n\nAlan Turing, by Ada. See [[Babbage]].\n");
    ada.commit("Ada: Turing");
    let (output, report) = ada.sync(&[]);
    assert_eq!(code(&output), 1, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["outcome"], "invalid");
    let problems: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| (problem["path"].as_str().unwrap(), problem["code"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, [("people/turing.md", "duplicate-title"), ("turing.md", "duplicate-title")]);
    assert!(ada.dir.join(".git/MERGE_HEAD").exists(), "the merge waits uncommitted");
    assert!(!git(daemon.bare(), &["log", "--format=%s", "main"]).contains("Ada: Turing"));
}

/// The reason `quire sync` could not run, from its JSON.
fn failure(editor: &Editor) -> String {
    let output = editor.quire_with(&[], &[]);
    assert_eq!(
        code(&output),
        2,
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).trim().is_empty(), "a message on standard error");
    report["error"]["kind"].as_str().unwrap().to_owned()
}

// Offline, a missing repository, refused credentials, a protected branch and
// no remote at all each get their own message, and change nothing.
#[test]
fn failures_are_explained_and_change_nothing() {
    let mut daemon = GitDaemon::start();
    let (folder, ada, _grace) = team(&daemon.url(), None);
    ada.write("content/ada.md", &ADA.replace("None yet.", "A note."));
    ada.commit("Ada: a note");
    let head = ada.head();

    // A server hook that protects `main`, as forges do.
    let hook = daemon.bare().join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'error: refusing to update protected branch main' >&2\nexit 1\n").unwrap();
    Command::new("chmod").arg("+x").arg(&hook).status().unwrap();
    assert_eq!(failure(&ada), "push-refused");
    std::fs::remove_file(&hook).unwrap();

    ada.git(&["remote", "set-url", "origin", &daemon.url().replace("wiki.git", "nowhere.git")]);
    assert_eq!(failure(&ada), "remote-missing");
    ada.git(&["remote", "set-url", "origin", &daemon.url()]);

    daemon.stop();
    assert_eq!(failure(&ada), "offline");

    let server = SshServer::start();
    let stranger_key = folder.path().join("stranger");
    Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", ""]).arg("-f").arg(&stranger_key).status().unwrap();
    let ssh = server.ssh_command().replace(
        &format!("-i {}", server.ssh_command().split_whitespace().nth(2).unwrap()),
        &format!("-i {}", stranger_key.display()),
    );
    ada.git(&["config", "core.sshCommand", &ssh]);
    ada.git(&["remote", "set-url", "origin", &server.url()]);
    assert_eq!(failure(&ada), "authentication");

    ada.git(&["remote", "remove", "origin"]);
    assert_eq!(failure(&ada), "no-remote");

    assert_eq!(ada.head(), head, "no failure moved HEAD");
    assert_eq!(ada.git(&["status", "--porcelain"]), "", "nor touched a file");
}

// With --rebase, our commits go on top of the team's: the remote's history
// stays a line, and the driver merges entries while rebasing too.
#[test]
fn rebase_puts_our_commits_on_top_and_merges_entries_by_word() {
    let daemon = GitDaemon::start();
    let (_folder, ada, grace) = team(&daemon.url(), None);
    grace.write("content/ada.md", &ADA.replace("the first program", "the first published program"));
    grace.commit("Grace: published");
    assert_eq!(code(&grace.sync(&[]).0), 0);
    // A different word of the same line: git's line merge would conflict.
    ada.write("content/ada.md", &ADA.replace("Ada wrote", "Ada Lovelace wrote"));
    ada.commit("Ada: full name");

    let (output, report) = ada.sync(&["--rebase"]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["outcome"], "synced");
    assert_eq!(report["pushed"], 1, "one rebased commit, no merge commit");
    let merged = ADA.replace("Ada wrote the first program", "Ada Lovelace wrote the first published program");
    assert_eq!(remote_file(daemon.bare(), "content/ada.md"), merged);
    assert_eq!(git(daemon.bare(), &["rev-list", "--merges", "main"]), "", "no merge commit");
    assert_eq!(git(daemon.bare(), &["log", "-1", "--format=%s", "main"]).trim(), "Ada: full name");
}
