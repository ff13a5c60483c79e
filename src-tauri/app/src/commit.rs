//! The Commit view: every entry that differs from `HEAD`, staged or not,
//! with its summary and problems; staging by entry; the commit itself,
//! blocked while what is staged has errors. Plain Rust, no Tauri types.
//!
//! Reading (what changed, what is staged, validation) goes through
//! quire-core (gix). Writing the index and making the commit go through the
//! `git` program: it applies the user's identity, configuration and hooks
//! (the pre-commit hook of `quire hook install` included) exactly as `git
//! commit` in a terminal would. Arguments are passed to the program, never
//! through a shell; paths come after `--` with literal pathspecs, and only
//! the paths of a listed change are ever staged, so an id from the webview
//! cannot name anything else.
//!
//! Staging is by entry: each path of the entry (both for a rename) is
//! compared in `HEAD`, the index and the working copy. The index holding
//! the working copy's bytes is staged, holding `HEAD`'s is unstaged,
//! anything else is partial (for example `git add -p` of some lines).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use quire_core::{
    ChangedEntry, Date, Diagnostic, Revisions, ScopeError, Severity, Version, validate_changed, validate_staged,
};

use crate::history::{revisions, revisions_error, title_and_summary};
use crate::ipc::{
    AffectedEntry, CommitDone, CommitEntry, CommitView, ErrorCode, IpcError, Problem, Staging, Utf16Offsets, problem,
};

/// What the UI shows when git does not know who the user is.
pub const NO_IDENTITY: &str = "git does not know who you are, so the commit cannot carry your name. Set it once with \
     `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org` \
     (without `--global`, for this repository only), then commit again";

/// How to run the `git` program: its name and any environment to add (the
/// tests isolate it from the user's configuration).
#[derive(Clone, Debug)]
pub struct Git {
    program: OsString,
    env: Vec<(OsString, OsString)>,
}

impl Default for Git {
    fn default() -> Self {
        Git { program: "git".into(), env: Vec::new() }
    }
}

impl Git {
    /// Runs `program` in place of `git`.
    pub fn program(program: impl Into<OsString>) -> Self {
        Git { program: program.into(), env: Vec::new() }
    }

    /// Adds a variable to git's environment.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs git in `workdir` with `args` (and `input` on its standard
    /// input); a failure to start it is an error, its exit status is not.
    fn run(&self, workdir: &Path, args: &[&str], input: Option<&str>) -> Result<Output, IpcError> {
        let mut command = Command::new(&self.program);
        command
            .current_dir(workdir)
            // Paths are file names, never patterns or `:(magic)`.
            .arg("--literal-pathspecs")
            .args(args)
            .envs(self.env.iter().map(|(key, value)| (key, value)))
            .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                IpcError::new(
                    ErrorCode::NoGitProgram,
                    "the `git` program is not installed (or not on PATH): install git to stage and commit from Quire",
                )
            } else {
                IpcError::new(ErrorCode::Git, format!("cannot run `git`: {error}"))
            }
        })?;
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin
                .write_all(input.as_bytes())
                .map_err(|error| IpcError::new(ErrorCode::Git, format!("cannot talk to `git`: {error}")))?;
        }
        child
            .wait_with_output()
            .map_err(|error| IpcError::new(ErrorCode::Git, format!("`git` did not finish: {error}")))
    }

    /// Runs git and requires success; `what` names the action in the error.
    fn run_ok(&self, workdir: &Path, args: &[&str], input: Option<&str>, what: &str) -> Result<String, IpcError> {
        let output = self.run(workdir, args, input)?;
        if !output.status.success() {
            let said = String::from_utf8_lossy(&output.stderr);
            let said = said.trim();
            let code = if what == "commit" { ErrorCode::CommitFailed } else { ErrorCode::Git };
            return Err(IpcError::new(code, format!("git could not {what}: {said}")));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// `Name <email>` as a commit would carry it, or `None` when git does
    /// not know (it is not allowed to guess one from the host name).
    fn identity(&self, workdir: &Path) -> Result<Option<String>, IpcError> {
        let output = self.run(workdir, &["-c", "user.useConfigOnly=true", "var", "GIT_AUTHOR_IDENT"], None)?;
        if !output.status.success() {
            return Ok(None);
        }
        // `Name <email> 1700000000 +0100`: the identity without the time.
        let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let mut parts = line.rsplitn(3, ' ');
        let identity = parts.nth(2).unwrap_or(&line).to_owned();
        Ok(Some(identity))
    }
}

/// The Commit view of the wiki at `root`.
pub fn view(root: &Path, today: Date, git: &Git) -> Result<CommitView, IpcError> {
    let revisions = revisions(root)?;
    require_commits(&revisions)?;
    let changes = changes(&revisions)?;

    let changed = validate_changed(root, "HEAD", today).map_err(scope_error)?;
    let mut working: BTreeMap<String, Vec<Problem>> =
        problems_by_entry(&changed.validated.report.diagnostics, |id| std::fs::read(root.join(id)).ok());
    let mut entries = Vec::with_capacity(changes.len());
    for change in &changes {
        let (title, summary) = title_and_summary(&revisions, change)?;
        entries.push(CommitEntry {
            id: change.id.clone(),
            previous_id: change.previous_id.clone(),
            title,
            change: change.change,
            summary,
            staging: staging(&revisions, change)?,
            problems: working.remove(&change.id).unwrap_or_default(),
        });
    }
    let affected = working
        .into_iter()
        .map(|(id, problems)| {
            let title = changed.validated.index.get(&id).map_or_else(|| id.clone(), |entry| entry.title.clone());
            AffectedEntry { id, title, problems }
        })
        .collect();

    let (other_staged, anything_staged) = staged_files(&revisions, git)?;
    Ok(CommitView {
        entries,
        affected,
        blocking: blocking(root, &revisions, today)?,
        other_staged,
        anything_staged,
        identity: git.identity(revisions.workdir())?,
    })
}

/// Stages (`staged`) or unstages every path of the changed entry `id`: both
/// paths of a rename, the removal of a deleted entry.
pub fn stage(root: &Path, git: &Git, id: &str, staged: bool) -> Result<(), IpcError> {
    let revisions = revisions(root)?;
    require_commits(&revisions)?;
    let change = changes(&revisions)?
        .into_iter()
        .find(|change| change.id == id)
        .ok_or_else(|| IpcError::new(ErrorCode::NotFound, format!("`{id}` has no change to stage")))?;
    let paths: Vec<String> =
        std::iter::once(&change.id).chain(&change.previous_id).map(|id| revisions.repo_path(id)).collect();
    let mut args: Vec<&str> = if staged { vec!["add", "--all", "--"] } else { vec!["reset", "--quiet", "--"] };
    args.extend(paths.iter().map(String::as_str));
    git.run_ok(revisions.workdir(), &args, None, if staged { "stage the entry" } else { "unstage the entry" })?;
    Ok(())
}

/// Commits what is staged with `message`, as the user's git identity, after
/// checking that there is something staged and that it has no errors.
pub fn commit(root: &Path, today: Date, git: &Git, message: &str) -> Result<CommitDone, IpcError> {
    let message = message.trim_end();
    let summary = message.lines().next().unwrap_or_default().trim().to_owned();
    if summary.is_empty() {
        return Err(IpcError::new(
            ErrorCode::EmptyMessage,
            "the commit message needs a first line saying what the commit does",
        ));
    }
    let revisions = revisions(root)?;
    require_commits(&revisions)?;
    let workdir = revisions.workdir();
    if git.identity(workdir)?.is_none() {
        return Err(IpcError::new(ErrorCode::NoIdentity, NO_IDENTITY));
    }
    if !staged_files(&revisions, git)?.1 {
        return Err(IpcError::new(ErrorCode::NothingStaged, "nothing is staged: tick the entries to commit first"));
    }
    let blocking = blocking(root, &revisions, today)?;
    if let Some(first) = blocking.first() {
        return Err(IpcError::new(
            ErrorCode::Blocked,
            format!(
                "not committed: the staged entries have {} error{} (first: `{}` line {}: {})",
                blocking.len(),
                if blocking.len() == 1 { "" } else { "s" },
                first.path,
                first.line,
                first.message
            ),
        ));
    }
    let message = format!("{message}\n");
    git.run_ok(workdir, &["-c", "user.useConfigOnly=true", "commit", "--quiet", "--file=-"], Some(&message), "commit")?;
    let id = git.run_ok(workdir, &["rev-parse", "HEAD"], None, "read the new commit")?.trim().to_owned();
    Ok(CommitDone { short_id: id.chars().take(7).collect(), id, summary })
}

fn require_commits(revisions: &Revisions) -> Result<(), IpcError> {
    if revisions.has_commits().map_err(revisions_error)? {
        Ok(())
    } else {
        Err(IpcError::new(
            ErrorCode::NoCommits,
            "this repository has no commit yet: make the first one with git (`git add` and `git commit`), then commit here",
        ))
    }
}

fn scope_error(error: ScopeError) -> IpcError {
    match error {
        ScopeError::Revisions(error) => revisions_error(error),
        ScopeError::Wiki(error) => IpcError::new(ErrorCode::NoWiki, error.to_string()),
    }
}

/// Every entry that differs from `HEAD` in the working copy, then those
/// that differ only in the index (staged, then changed back on disk).
fn changes(revisions: &Revisions) -> Result<Vec<ChangedEntry>, IpcError> {
    let mut changes = revisions.changed_entries(&Version::head(), &Version::WorkingCopy).map_err(revisions_error)?;
    let listed: BTreeSet<String> =
        changes.iter().flat_map(|change| std::iter::once(&change.id).chain(&change.previous_id)).cloned().collect();
    let staged = revisions.changed_entries(&Version::head(), &Version::Staged).map_err(revisions_error)?;
    changes.extend(staged.into_iter().filter(|change| {
        !listed.contains(&change.id) && change.previous_id.as_ref().is_none_or(|previous| !listed.contains(previous))
    }));
    changes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(changes)
}

/// How much of `change` the index holds (see the module documentation).
fn staging(revisions: &Revisions, change: &ChangedEntry) -> Result<Staging, IpcError> {
    let mut states = Vec::with_capacity(2);
    for id in std::iter::once(&change.id).chain(&change.previous_id) {
        let path = revisions.repo_path(id);
        let read = |version: &Version| revisions.bytes_at_path(version, &path).map_err(revisions_error);
        let index = read(&Version::Staged)?;
        states.push(if index == read(&Version::WorkingCopy)? {
            Staging::Staged
        } else if index == read(&Version::head())? {
            Staging::Unstaged
        } else {
            Staging::Partial
        });
    }
    // One state for all the paths, else partly staged (half of a rename).
    Ok(if states.iter().all(|state| *state == states[0]) { states[0] } else { Staging::Partial })
}

/// The staged files that are not entries of the wiki, and whether anything
/// at all is staged.
fn staged_files(revisions: &Revisions, git: &Git) -> Result<(Vec<String>, bool), IpcError> {
    let listing = git.run_ok(
        revisions.workdir(),
        &["-c", "core.quotePath=false", "diff", "--cached", "--name-only", "--no-renames", "-z"],
        None,
        "list the staged files",
    )?;
    let files: Vec<&str> = listing.split('\0').filter(|path| !path.is_empty()).collect();
    let entry_prefix = revisions.repo_path("");
    let others = files
        .iter()
        .filter(|path| {
            let id = path.strip_prefix(entry_prefix.as_str());
            id.is_none_or(|id| !quire_core::EntryId::is_valid(id))
        })
        .map(|path| (*path).to_owned())
        .collect();
    Ok((others, !files.is_empty()))
}

/// The errors of the staged wiki, as `quire validate --staged` reports
/// them, positioned in the staged texts.
fn blocking(root: &Path, revisions: &Revisions, today: Date) -> Result<Vec<Problem>, IpcError> {
    let staged = validate_staged(root, today).map_err(scope_error)?;
    let errors: Vec<Diagnostic> = staged
        .validated
        .report
        .diagnostics
        .into_iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .collect();
    let staged_bytes = |id: &str| revisions.bytes_at_path(&Version::Staged, &revisions.repo_path(id)).ok().flatten();
    Ok(problems_by_entry(&errors, staged_bytes).into_values().flatten().collect())
}

/// Diagnostics as problems, by entry, their UTF-16 offsets counted in the
/// text `bytes_of` gives for the entry (what they were found in).
fn problems_by_entry(
    diagnostics: &[Diagnostic],
    bytes_of: impl Fn(&str) -> Option<Vec<u8>>,
) -> BTreeMap<String, Vec<Problem>> {
    let mut by_entry: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for diagnostic in diagnostics {
        by_entry.entry(diagnostic.path.clone()).or_default().push(diagnostic);
    }
    by_entry
        .into_iter()
        .map(|(id, diagnostics)| {
            let text = bytes_of(&id).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            let body = text.as_deref().map(|text| text.strip_prefix('\u{feff}').unwrap_or(text));
            let offsets = body.map(Utf16Offsets::new);
            let problems = diagnostics.into_iter().map(|diagnostic| problem(diagnostic, offsets.as_ref())).collect();
            (id, problems)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use quire_core::FileChange;

    use super::*;

    /// git as the app runs it, without the user's or the system's configuration.
    fn isolated() -> Git {
        Git::default().env("GIT_CONFIG_GLOBAL", "/dev/null").env("GIT_CONFIG_NOSYSTEM", "1")
    }

    fn today() -> Date {
        Date::parse("2026-11-29").unwrap()
    }

    /// Runs git in the repository as a test setup step (isolated too).
    fn git(repo: &Path, args: &[&str]) -> String {
        let output = isolated().run(repo, args, None).unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    const SOURCES: &str = "\n## Sources\n\n- A source, 2020.\n";

    /// A repository whose wiki is `content/`, with alpha, beta (linking to
    /// alpha) and gamma committed by a repository-configured identity.
    fn repo() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        let root = repo.join("content");
        std::fs::create_dir(&root).unwrap();
        git(repo, &["init", "--quiet", "--initial-branch=main"]);
        git(repo, &["config", "user.name", "Grace Hopper"]);
        git(repo, &["config", "user.email", "grace@example.org"]);
        git(repo, &["config", "commit.gpgsign", "false"]);
        std::fs::write(
            root.join("wiki.toml"),
            "[wiki]\ndefault_kind = \"concept\"\n[kinds.concept]\nrequired_sections = [\"Sources\"]\n",
        )
        .unwrap();
        std::fs::write(root.join("alpha.md"), format!("# Alpha\n\nThe first.\n{SOURCES}")).unwrap();
        std::fs::write(root.join("beta.md"), format!("# Beta\n\nSee [[Alpha]] and [[Gamma]].\n{SOURCES}")).unwrap();
        std::fs::write(root.join("gamma.md"), format!("# Gamma\n\nThe third, after [[Beta]].\n{SOURCES}")).unwrap();
        git(repo, &["add", "--all"]);
        git(repo, &["commit", "--quiet", "--message", "Start the wiki"]);
        (dir, root)
    }

    fn listed(view: &CommitView) -> Vec<(String, Option<String>, FileChange, Staging)> {
        view.entries
            .iter()
            .map(|entry| (entry.id.clone(), entry.previous_id.clone(), entry.change, entry.staging))
            .collect()
    }

    fn staged_paths(repo: &Path) -> String {
        git(repo, &["diff", "--cached", "--name-status", "--no-renames"])
    }

    // Staging by entry writes the real index: every kind of change, a
    // rename's two paths together, and back again.
    #[test]
    fn entries_are_staged_and_unstaged_in_the_real_index() {
        let (dir, root) = repo();
        let repo = dir.path();
        std::fs::write(root.join("alpha.md"), format!("# Alpha\n\nThe first, edited.\n{SOURCES}")).unwrap();
        // Unlike gamma in every word, or the two would be paired as a rename.
        std::fs::write(root.join("delta.md"), "# Delta\n\nSomething else entirely, with its own words.\n").unwrap();
        std::fs::remove_file(root.join("gamma.md")).unwrap();
        std::fs::rename(root.join("beta.md"), root.join("bravo.md")).unwrap();
        let git_tool = isolated();

        let view = view(&root, today(), &git_tool).unwrap();
        let unstaged = |id: &str, previous: Option<&str>, change| {
            (id.to_owned(), previous.map(str::to_owned), change, Staging::Unstaged)
        };
        assert_eq!(
            listed(&view),
            [
                unstaged("alpha.md", None, FileChange::Modified),
                unstaged("bravo.md", Some("beta.md"), FileChange::Renamed),
                unstaged("delta.md", None, FileChange::Added),
                unstaged("gamma.md", None, FileChange::Deleted),
            ]
        );
        assert_eq!(view.entries[0].summary, "Lead modified");
        assert_eq!(view.entries[3].title, "Gamma", "a deleted entry keeps its old title");
        assert!(!view.anything_staged);
        assert_eq!(view.identity.as_deref(), Some("Grace Hopper <grace@example.org>"));

        for id in ["alpha.md", "bravo.md", "delta.md", "gamma.md"] {
            stage(&root, &git_tool, id, true).unwrap();
        }
        let view = super::view(&root, today(), &git_tool).unwrap();
        assert!(view.entries.iter().all(|entry| entry.staging == Staging::Staged), "{:?}", listed(&view));
        assert_eq!(
            staged_paths(repo),
            "M\tcontent/alpha.md\nD\tcontent/beta.md\nA\tcontent/bravo.md\nA\tcontent/delta.md\nD\tcontent/gamma.md\n"
        );

        // Unstaging a rename puts both of its paths back as HEAD has them.
        stage(&root, &git_tool, "bravo.md", false).unwrap();
        assert_eq!(staged_paths(repo), "M\tcontent/alpha.md\nA\tcontent/delta.md\nD\tcontent/gamma.md\n");
        let view = super::view(&root, today(), &git_tool).unwrap();
        assert_eq!(view.entries[1].staging, Staging::Unstaged);
        assert!(view.anything_staged);

        // Only a listed change can be staged: an unchanged entry or a path outside is refused.
        for id in ["gamma-not-here.md", "../content/alpha.md", "wiki.toml"] {
            assert_eq!(stage(&root, &git_tool, id, true).unwrap_err().code, "not-found", "{id}");
        }
    }

    // An entry staged and edited again, or half of a rename staged outside
    // the app, shows as partly staged.
    #[test]
    fn partly_staged_entries_show_as_partial() {
        let (dir, root) = repo();
        let repo = dir.path();
        std::fs::write(root.join("alpha.md"), format!("# Alpha\n\nThe first, edited.\n{SOURCES}")).unwrap();
        git(repo, &["add", "content/alpha.md"]);
        std::fs::write(root.join("alpha.md"), format!("# Alpha\n\nThe first, edited twice.\n{SOURCES}")).unwrap();
        std::fs::rename(root.join("beta.md"), root.join("bravo.md")).unwrap();
        git(repo, &["add", "content/bravo.md"]);
        let view = view(&root, today(), &isolated()).unwrap();
        assert_eq!(
            listed(&view),
            [
                ("alpha.md".to_owned(), None, FileChange::Modified, Staging::Partial),
                ("bravo.md".to_owned(), Some("beta.md".to_owned()), FileChange::Renamed, Staging::Partial),
            ]
        );
        // Ticking a partial entry stages all of it.
        stage(&root, &isolated(), "alpha.md", true).unwrap();
        let view = super::view(&root, today(), &isolated()).unwrap();
        assert_eq!(view.entries[0].staging, Staging::Staged);
    }

    // The commit carries the identity configured in the repository and the
    // message as typed; committed entries leave the view.
    #[test]
    fn commit_uses_the_repository_identity() {
        let (dir, root) = repo();
        let repo = dir.path();
        std::fs::write(root.join("delta.md"), format!("# Delta\n\nNew, see [[Alpha]].\n{SOURCES}")).unwrap();
        std::fs::write(root.join("alpha.md"), format!("# Alpha\n\nThe first, edited.\n{SOURCES}")).unwrap();
        let git_tool = isolated();
        stage(&root, &git_tool, "delta.md", true).unwrap();
        let done = commit(&root, today(), &git_tool, "Add Delta\n\nIt links to Alpha.\n\n").unwrap();
        assert_eq!(done.summary, "Add Delta");
        assert_eq!(done.short_id, &done.id[..7]);
        assert_eq!(git(repo, &["rev-parse", "HEAD"]).trim(), done.id);
        assert_eq!(
            git(repo, &["log", "-1", "--format=%an <%ae>|%cn <%ce>|%B"]),
            "Grace Hopper <grace@example.org>|Grace Hopper <grace@example.org>|Add Delta\n\nIt links to Alpha.\n\n"
        );
        assert_eq!(
            git(repo, &["show", "--name-only", "--format=", "HEAD"]),
            "content/delta.md\n",
            "only what was staged"
        );
        let view = view(&root, today(), &git_tool).unwrap();
        assert_eq!(listed(&view), [("alpha.md".to_owned(), None, FileChange::Modified, Staging::Unstaged)]);
    }

    // Errors in what is staged block the commit, judged on the staged text,
    // not the working copy; warnings do not.
    #[test]
    fn commit_is_blocked_while_staged_entries_have_errors() {
        let (dir, root) = repo();
        let repo = dir.path();
        let head = git(repo, &["rev-parse", "HEAD"]);
        let git_tool = isolated();
        // No Sources section: `missing-section`, an error.
        std::fs::write(root.join("delta.md"), "# Delta\n\nNew, and unsourced.\n").unwrap();
        stage(&root, &git_tool, "delta.md", true).unwrap();
        let view = view(&root, today(), &git_tool).unwrap();
        assert_eq!(
            view.blocking.iter().map(|problem| (problem.path.as_str(), problem.code.as_str())).collect::<Vec<_>>(),
            [("delta.md", "missing-section")]
        );
        assert!(view.entries[0].problems.iter().any(|problem| problem.code == "missing-section"));
        let error = commit(&root, today(), &git_tool, "Add Delta").unwrap_err();
        assert_eq!(error.code, "blocked");
        assert!(error.message.contains("delta.md") && error.message.contains("1 error"), "{}", error.message);

        // Fixed on disk but not staged: still blocked, as the index is what gets committed.
        std::fs::write(root.join("delta.md"), format!("# Delta\n\nNew.\n{SOURCES}")).unwrap();
        let view = super::view(&root, today(), &git_tool).unwrap();
        assert_eq!(view.entries[0].staging, Staging::Partial);
        assert!(
            view.entries[0].problems.iter().all(|problem| problem.level != quire_core::Severity::Error),
            "the working copy has no error: {:?}",
            view.entries[0].problems
        );
        assert_eq!(view.blocking.len(), 1, "the staged text is not");
        assert_eq!(commit(&root, today(), &git_tool, "Add Delta").unwrap_err().code, "blocked");
        assert_eq!(git(repo, &["rev-parse", "HEAD"]), head, "nothing committed");

        stage(&root, &git_tool, "delta.md", true).unwrap();
        assert!(super::view(&root, today(), &git_tool).unwrap().blocking.is_empty());
        commit(&root, today(), &git_tool, "Add Delta").unwrap();
        assert_ne!(git(repo, &["rev-parse", "HEAD"]), head);
    }

    // A deleted entry's backlinks turn red: their problems belong to the commit.
    #[test]
    fn a_deleted_entry_lists_its_broken_backlinks() {
        let (_dir, root) = repo();
        std::fs::remove_file(root.join("gamma.md")).unwrap();
        let view = view(&root, today(), &isolated()).unwrap();
        assert_eq!(view.affected.iter().map(|entry| entry.id.as_str()).collect::<Vec<_>>(), ["beta.md"]);
        let broken = &view.affected[0].problems;
        assert!(broken.iter().any(|problem| problem.code == "broken-link" && problem.message.contains("Gamma")));
        assert_eq!(view.affected[0].title, "Beta");
    }

    // Without an identity git would refuse (or invent one): say how to set it.
    #[test]
    fn missing_identity_is_a_clear_error() {
        let (dir, root) = repo();
        let repo = dir.path();
        git(repo, &["config", "--unset", "user.name"]);
        git(repo, &["config", "--unset", "user.email"]);
        std::fs::write(root.join("delta.md"), format!("# Delta\n\nNew.\n{SOURCES}")).unwrap();
        let git_tool = isolated();
        stage(&root, &git_tool, "delta.md", true).unwrap();
        assert_eq!(view(&root, today(), &git_tool).unwrap().identity, None);
        let error = commit(&root, today(), &git_tool, "Add Delta").unwrap_err();
        assert_eq!((error.code.as_str(), error.message.as_str()), ("no-identity", NO_IDENTITY));
        assert!(error.message.contains("git config --global user.email"));
    }

    // Nothing staged, an empty first line: refused before git runs.
    #[test]
    fn empty_commits_and_messages_are_refused() {
        let (_dir, root) = repo();
        let git_tool = isolated();
        assert_eq!(commit(&root, today(), &git_tool, "Nothing").unwrap_err().code, "nothing-staged");
        std::fs::write(root.join("delta.md"), format!("# Delta\n\nNew.\n{SOURCES}")).unwrap();
        stage(&root, &git_tool, "delta.md", true).unwrap();
        for message in ["", "   \nbody only", "\n"] {
            assert_eq!(commit(&root, today(), &git_tool, message).unwrap_err().code, "empty-message", "{message:?}");
        }
    }

    // A hook that stops the commit: git's own words reach the user.
    #[test]
    fn a_failing_hook_is_reported() {
        let (dir, root) = repo();
        let hook = dir.path().join(".git/hooks/pre-commit");
        std::fs::write(&hook, "#!/bin/sh\necho 'stopped by the hook' >&2\nexit 1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::write(root.join("delta.md"), format!("# Delta\n\nNew.\n{SOURCES}")).unwrap();
        stage(&root, &isolated(), "delta.md", true).unwrap();
        let error = commit(&root, today(), &isolated(), "Add Delta").unwrap_err();
        assert_eq!(error.code, "commit-failed");
        assert!(error.message.contains("stopped by the hook"), "{}", error.message);
    }

    // Outside git, and without the git program: clear errors, nothing else.
    #[test]
    fn no_repository_and_no_git_program_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("alpha.md"), "# Alpha\n").unwrap();
        let git_tool = isolated();
        assert_eq!(view(dir.path(), today(), &git_tool).unwrap_err().code, "no-git");
        assert_eq!(stage(dir.path(), &git_tool, "alpha.md", true).unwrap_err().code, "no-git");
        assert_eq!(commit(dir.path(), today(), &git_tool, "x").unwrap_err().code, "no-git");

        let (_repo, root) = repo();
        let missing = Git::program("/nonexistent/quire-test-git");
        let error = commit(&root, today(), &missing, "x").unwrap_err();
        assert_eq!(error.code, "no-git-program", "{error:?}");
        assert!(error.message.contains("install git"));
    }
}
