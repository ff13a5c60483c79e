//! Sync: bring the team's work in from the clone's remote and send ours out.
//!
//! [`sync`] does what a careful person does in a terminal, in order: commit
//! what is staged (only when given a message), fetch, list what comes in,
//! integrate it (a merge by default, a rebase on request) with Quire's
//! entry-aware merge driver, validate the merge before it is committed, and
//! push. A push rejected because someone pushed meanwhile fetches and
//! integrates again, a few times.
//!
//! Invariants:
//! - The transport is the system `git` ([`git`]): what works in the user's
//!   terminal works here, and nothing ever waits on a hidden prompt.
//! - A failure before the merge changes nothing. A merge stopped by
//!   conflicts or by validation is left as git leaves one (`MERGE_HEAD`), so
//!   any git tool understands it, and [`abort`] restores the state before
//!   the sync, including a commit the sync made of what was staged
//!   (recorded in `<git dir>/QUIRE_SYNC` before anything changes).
//! - Nothing here reads or writes an editor's unsaved text: the app saves
//!   nothing on the user's behalf and merges its buffers afterwards.

mod git;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::changes::validate_staged;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use git::Git;

/// The name of the merge driver in git's configuration and attributes.
pub const MERGE_DRIVER: &str = "quire";
/// The file in the git folder that remembers `HEAD` before a sync.
const RECORD_FILE: &str = "QUIRE_SYNC";
/// How often a push rejected as behind is retried after integrating again.
pub const DEFAULT_ATTEMPTS: u32 = 3;

/// A step of a sync, for progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncStep {
    /// Committing what is staged.
    Commit,
    /// Fetching from the remote.
    Fetch,
    /// Merging or rebasing onto what came in.
    Integrate,
    /// Validating the merged wiki.
    Validate,
    /// Pushing to the remote.
    Push,
}

/// Progress of a long step, from git's own `--progress` lines.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    /// The step.
    pub step: SyncStep,
    /// What git is doing, such as `Receiving objects`.
    pub phase: String,
    /// How far, when git says.
    pub percent: Option<u8>,
}

/// A git operation left in progress in the clone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// A merge (`MERGE_HEAD` exists).
    Merge,
    /// A rebase.
    Rebase,
}

/// Why a sync could not run. Nothing was changed by the failed step.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// `git` is not installed or could not start.
    #[error("`git` could not be started: {0}")]
    GitMissing(String),
    /// The folder is in no git repository.
    #[error("`{0}` is not in a git repository")]
    NotARepository(String),
    /// `HEAD` is detached: there is no branch to sync.
    #[error("no branch is checked out (a detached `HEAD`); check out a branch to sync")]
    DetachedHead,
    /// The clone has no remote.
    #[error("the repository has no remote; add one with `git remote add origin URL`")]
    NoRemote,
    /// The remote could not be reached.
    #[error("the remote cannot be reached; check the network and the remote's address\n{0}")]
    Offline(String),
    /// The remote refused the credentials, or none could be asked for.
    #[error("the remote refused the credentials\n{0}")]
    Authentication(String),
    /// The remote has no such repository.
    #[error("the remote repository was not found\n{0}")]
    RemoteMissing(String),
    /// The remote refused the push for a reason other than being behind
    /// (a protected branch, a server hook).
    #[error("the remote refused the push\n{0}")]
    PushRefused(String),
    /// Others kept pushing: every attempt was rejected as behind.
    #[error("the push was rejected {0} times because others pushed meanwhile; sync again")]
    StillBehind(u32),
    /// Changes are staged and no commit message was given.
    #[error("changes are staged; commit them first, or give a commit message to sync")]
    StagedChanges,
    /// Files edited in the working copy would be overwritten.
    #[error("local changes would be overwritten by the merge; commit or discard them first\n{0}")]
    LocalChanges(String),
    /// A merge or rebase is already in progress.
    #[error("a {} is in progress: resolve it and continue the sync, or abort it", match .0 { Operation::Merge => "merge", Operation::Rebase => "rebase" })]
    InProgress(Operation),
    /// `--continue` with conflicts still in files.
    #[error("conflicts remain in {0}")]
    ConflictsRemain(String),
    /// Nothing to continue or abort.
    #[error("no sync is in progress")]
    NothingInProgress,
    /// Any other failure of git.
    #[error("`{command}` failed\n{detail}")]
    Git {
        /// The command line.
        command: String,
        /// What git said last.
        detail: String,
    },
}

impl SyncError {
    /// A stable name for the reason, for JSON and the app.
    pub fn kind(&self) -> &'static str {
        match self {
            SyncError::GitMissing(_) => "git-missing",
            SyncError::NotARepository(_) => "not-a-repository",
            SyncError::DetachedHead => "detached-head",
            SyncError::NoRemote => "no-remote",
            SyncError::Offline(_) => "offline",
            SyncError::Authentication(_) => "authentication",
            SyncError::RemoteMissing(_) => "remote-missing",
            SyncError::PushRefused(_) => "push-refused",
            SyncError::StillBehind(_) => "still-behind",
            SyncError::StagedChanges => "staged-changes",
            SyncError::LocalChanges(_) => "local-changes",
            SyncError::InProgress(_) => "in-progress",
            SyncError::ConflictsRemain(_) => "conflicts-remain",
            SyncError::NothingInProgress => "nothing-in-progress",
            SyncError::Git { .. } => "git",
        }
    }
}

/// Where the clone stands against its remote.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SyncStatus {
    /// The checked-out branch; `None` when `HEAD` is detached.
    pub branch: Option<String>,
    /// The remote sync uses, such as `origin`; `None` without one.
    pub remote: Option<String>,
    /// The remote-tracking branch, such as `origin/main`, once it exists.
    pub upstream: Option<String>,
    /// Commits here and not upstream.
    pub ahead: usize,
    /// Commits upstream and not here (as of the last fetch).
    pub behind: usize,
    /// When the clone last fetched, from `FETCH_HEAD`.
    #[serde(skip)]
    pub last_fetched: Option<SystemTime>,
    /// A merge or rebase left in progress.
    pub in_progress: Option<Operation>,
}

/// How [`sync`] runs.
#[derive(Clone, Debug)]
pub struct SyncOptions {
    /// Rebase onto what came in instead of merging it.
    pub rebase: bool,
    /// The program git asks for credentials (`GIT_ASKPASS`); `None` keeps
    /// the environment's.
    pub askpass: Option<PathBuf>,
    /// The `quire` executable git runs as the merge driver; `None` leaves
    /// the clone's own configuration (`quire hook install`) to decide.
    pub merge_driver: Option<PathBuf>,
    /// Commit what is staged with this message before syncing.
    pub message: Option<String>,
    /// How many times a push rejected as behind is tried.
    pub attempts: u32,
    /// Today, for validation.
    pub today: Date,
}

/// A commit that came in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct IncomingCommit {
    /// The full commit id.
    pub commit: String,
    /// The author's name.
    pub author: String,
    /// The author's time, seconds since the Unix epoch.
    pub time: i64,
    /// The first line of the message.
    pub summary: String,
}

/// A file with conflicts, and the sections that hold them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConflictedFile {
    /// The path from the repository's top.
    pub path: String,
    /// The sections (H2 headings; `lead` before the first) with conflict
    /// markers, in the file's order.
    pub sections: Vec<String>,
}

/// How a sync ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncOutcome {
    /// Nothing came in and nothing was to push.
    UpToDate,
    /// What came in is integrated and ours is pushed.
    Synced,
    /// The merge stopped on conflicts, left in progress.
    Conflicts,
    /// The merge is clean but its result has errors; left uncommitted.
    Invalid,
}

/// What a sync did.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SyncReport {
    /// How it ended.
    pub outcome: SyncOutcome,
    /// The branch.
    pub branch: String,
    /// The remote-tracking branch.
    pub upstream: String,
    /// The commits that came in, oldest first.
    pub incoming: Vec<IncomingCommit>,
    /// The commit made of what was staged.
    pub committed: Option<String>,
    /// Whether a merge commit was made or a rebase done.
    pub integrated: bool,
    /// How many commits were pushed.
    pub pushed: usize,
    /// Files with conflicts (outcome `conflicts`).
    pub conflicts: Vec<ConflictedFile>,
    /// Errors in the merged wiki (outcome `invalid`).
    pub problems: Vec<Diagnostic>,
}

impl SyncReport {
    fn new(outcome: SyncOutcome, branch: &str, upstream: String) -> SyncReport {
        SyncReport {
            outcome,
            branch: branch.to_owned(),
            upstream,
            incoming: Vec::new(),
            committed: None,
            integrated: false,
            pushed: 0,
            conflicts: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// The clone around a folder.
struct Repo {
    git: Git,
    git_dir: PathBuf,
    top: PathBuf,
}

impl Repo {
    fn open(folder: &Path, askpass: Option<&Path>) -> Result<Repo, SyncError> {
        let git = Git::new(folder, askpass);
        let output = git.run(&["rev-parse", "--show-toplevel", "--absolute-git-dir"])?;
        if !output.success {
            return Err(SyncError::NotARepository(folder.display().to_string()));
        }
        let mut lines = output.stdout.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let git_dir = PathBuf::from(lines.next().unwrap_or_default());
        Ok(Repo { git, git_dir, top })
    }

    fn in_progress(&self) -> Option<Operation> {
        if self.git_dir.join("MERGE_HEAD").exists() {
            Some(Operation::Merge)
        } else if self.git_dir.join("rebase-merge").exists() || self.git_dir.join("rebase-apply").exists() {
            Some(Operation::Rebase)
        } else {
            None
        }
    }

    fn branch(&self) -> Result<Option<String>, SyncError> {
        let output = self.git.run(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
        Ok(output.success.then(|| output.stdout.trim().to_owned()))
    }

    fn remote(&self, branch: Option<&str>) -> Result<Option<String>, SyncError> {
        if let Some(branch) = branch {
            let configured = self.git.run(&["config", "--get", &format!("branch.{branch}.remote")])?;
            if configured.success && !configured.stdout.trim().is_empty() && configured.stdout.trim() != "." {
                return Ok(Some(configured.stdout.trim().to_owned()));
            }
        }
        let remotes = self.git.read(&["remote"])?;
        let names: Vec<&str> = remotes.lines().collect();
        Ok(names.iter().find(|name| **name == "origin").or(names.first()).map(|name| (*name).to_owned()))
    }

    /// The remote-tracking branch of `branch` on `remote`, when it exists.
    fn upstream(&self, remote: &str, branch: &str) -> Result<Option<String>, SyncError> {
        let configured = self.git.run(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"])?;
        if configured.success && !configured.stdout.trim().is_empty() {
            return Ok(Some(configured.stdout.trim().to_owned()));
        }
        let tracking = format!("refs/remotes/{remote}/{branch}");
        let exists = self.git.run(&["rev-parse", "--verify", "--quiet", &tracking])?;
        Ok(exists.success.then(|| format!("{remote}/{branch}")))
    }

    fn has_commits(&self) -> Result<bool, SyncError> {
        Ok(self.git.run(&["rev-parse", "--verify", "--quiet", "HEAD"])?.success)
    }

    /// Commits on `HEAD` and not on `upstream`, and the other way round.
    fn counts(&self, upstream: Option<&str>) -> Result<(usize, usize), SyncError> {
        if !self.has_commits()? {
            return Ok((0, 0));
        }
        let Some(upstream) = upstream else {
            return Ok((self.git.read(&["rev-list", "--count", "HEAD"])?.parse().unwrap_or(0), 0));
        };
        let counts = self.git.read(&["rev-list", "--left-right", "--count", &format!("HEAD...{upstream}")])?;
        let mut numbers = counts.split_whitespace().map(|number| number.parse().unwrap_or(0));
        Ok((numbers.next().unwrap_or(0), numbers.next().unwrap_or(0)))
    }

    fn head(&self) -> Result<Option<String>, SyncError> {
        let output = self.git.run(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
        Ok(output.success.then(|| output.stdout.trim().to_owned()))
    }

    fn incoming(&self, upstream: &str) -> Result<Vec<IncomingCommit>, SyncError> {
        let range = if self.has_commits()? { format!("HEAD..{upstream}") } else { upstream.to_owned() };
        let log = self.git.read(&["log", "--reverse", "--format=%H%x00%an%x00%at%x00%s", &range])?;
        Ok(log
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\0');
                Some(IncomingCommit {
                    commit: fields.next()?.to_owned(),
                    author: fields.next()?.to_owned(),
                    time: fields.next()?.parse().unwrap_or(0),
                    summary: fields.next().unwrap_or_default().to_owned(),
                })
            })
            .collect())
    }

    fn has_staged_changes(&self) -> Result<bool, SyncError> {
        if !self.has_commits()? {
            let staged = self.git.read(&["ls-files", "--cached"])?;
            return Ok(!staged.is_empty());
        }
        Ok(!self.git.run(&["diff", "--cached", "--quiet"])?.success)
    }

    fn conflicted_paths(&self) -> Result<Vec<String>, SyncError> {
        let listed = self.git.read(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
        Ok(listed.split('\0').filter(|path| !path.is_empty()).map(str::to_owned).collect())
    }

    fn conflicts(&self) -> Result<Vec<ConflictedFile>, SyncError> {
        Ok(self
            .conflicted_paths()?
            .into_iter()
            .map(|path| {
                let text = fs::read(self.top.join(&path)).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
                let sections = text.map(|text| conflicted_sections(&text)).unwrap_or_default();
                ConflictedFile { path, sections }
            })
            .collect())
    }

    /// Sets up the merge driver for this process's git runs: the `quire`
    /// executable as `merge.quire.driver`, and the wiki's Markdown files
    /// given `merge=quire` through a private attributes file that also
    /// holds the user's own global attributes. A committed `.gitattributes`
    /// (from `quire hook install`) says the same and takes precedence.
    fn use_merge_driver(&mut self, quire: &Path, wiki: &Path) -> Result<(), SyncError> {
        let driver = format!("{} merge-file %A %O %B --path %P --marker-size %L", git::shell_quote(quire));
        self.git.setting(&format!("merge.{MERGE_DRIVER}.name"), "Quire's entry-aware merge");
        self.git.setting(&format!("merge.{MERGE_DRIVER}.driver"), &driver);
        let configured = self.git.run(&["config", "--path", "--get", "core.attributesFile"])?;
        let global = if configured.success {
            Some(PathBuf::from(configured.stdout.trim()))
        } else {
            git::default_attributes_file()
        };
        let mut attributes = global.and_then(|path| fs::read_to_string(path).ok()).unwrap_or_default();
        if !attributes.is_empty() && !attributes.ends_with('\n') {
            attributes.push('\n');
        }
        let relative = wiki.strip_prefix(&self.top).unwrap_or(Path::new(""));
        let pattern = if relative.as_os_str().is_empty() {
            "*.md".to_owned()
        } else {
            format!("/{}/**/*.md", git::path_text(relative))
        };
        attributes.push_str(&format!("{pattern} merge={MERGE_DRIVER}\n"));
        let file = self.git_dir.join("quire-sync-attributes");
        fs::write(&file, attributes).map_err(|error| SyncError::Git {
            command: "write the merge attributes".to_owned(),
            detail: format!("{}: {error}", file.display()),
        })?;
        self.git.setting("core.attributesFile", &git::path_text(&file));
        Ok(())
    }

    fn record_path(&self) -> PathBuf {
        self.git_dir.join(RECORD_FILE)
    }
}

/// The sections holding conflict markers: the name a marker gives
/// (`<<<<<<< ours: Definition`), else the H2 heading above it.
fn conflicted_sections(text: &str) -> Vec<String> {
    let mut sections: Vec<String> = Vec::new();
    let mut current = String::from("lead");
    let mut inside = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("<<<<<<<") {
            inside = true;
            let label = rest.trim_start_matches('<').trim();
            let named = label.split_once(": ").map(|(_, section)| section.trim().to_owned());
            let section = named.unwrap_or_else(|| current.clone());
            if !sections.contains(&section) {
                sections.push(section);
            }
        } else if line.starts_with(">>>>>>>") {
            inside = false;
        } else if !inside && let Some(heading) = line.strip_prefix("## ") {
            current = heading.trim().trim_end_matches('#').trim().to_owned();
        }
    }
    sections
}

/// Where the clone at `folder` stands against its remote, as of the last
/// fetch. Reads only; never touches the network.
pub fn status(folder: &Path) -> Result<SyncStatus, SyncError> {
    let clone = Repo::open(folder, None)?;
    let branch = clone.branch()?;
    let remote = clone.remote(branch.as_deref())?;
    let upstream = match (&remote, &branch) {
        (Some(remote), Some(branch)) => clone.upstream(remote, branch)?,
        _ => None,
    };
    let (ahead, behind) = clone.counts(upstream.as_deref())?;
    let last_fetched = fs::metadata(clone.git_dir.join("FETCH_HEAD")).and_then(|meta| meta.modified()).ok();
    Ok(SyncStatus { branch, remote, upstream, ahead, behind, last_fetched, in_progress: clone.in_progress() })
}

/// What the last fetch brought: the commits on the upstream and not on
/// `HEAD`, and where the two parted (the old side of what comes in).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Incoming {
    /// The remote-tracking branch; `None` before it exists.
    pub upstream: Option<String>,
    /// The merge base of `HEAD` and the upstream; `None` when they share no commit.
    pub base: Option<String>,
    /// The commits, oldest first.
    pub commits: Vec<IncomingCommit>,
}

/// What comes in on the next sync, as of the last fetch. Reads only.
pub fn incoming(folder: &Path) -> Result<Incoming, SyncError> {
    let clone = Repo::open(folder, None)?;
    let branch = clone.branch()?.ok_or(SyncError::DetachedHead)?;
    let remote = clone.remote(Some(&branch))?.ok_or(SyncError::NoRemote)?;
    let Some(upstream) = clone.upstream(&remote, &branch)? else {
        return Ok(Incoming { upstream: None, base: None, commits: Vec::new() });
    };
    let commits = clone.incoming(&upstream)?;
    let base = if clone.has_commits()? {
        let output = clone.git.run(&["merge-base", "HEAD", &upstream])?;
        output.success.then(|| output.stdout.trim().to_owned())
    } else {
        None
    };
    Ok(Incoming { upstream: Some(upstream), base, commits })
}

/// The files a stopped merge or rebase left with conflicts, and their
/// sections: what the Resolve view lists after a restart. Reads only.
pub fn conflicts(folder: &Path) -> Result<Vec<ConflictedFile>, SyncError> {
    Repo::open(folder, None)?.conflicts()
}

/// Whether a sync was interrupted before it finished or was aborted: its
/// record of `HEAD` is still in the git folder (a crash mid-sync, or a
/// merge stopped on conflicts).
pub fn interrupted(folder: &Path) -> Result<bool, SyncError> {
    let clone = Repo::open(folder, None)?;
    Ok(clone.record_path().exists())
}

/// Makes `url` the clone's `origin` after checking it answers
/// (`git ls-remote`), fetches it, and makes the current branch track its
/// namesake there when the remote has one (else the first push sets it).
pub fn add_remote(folder: &Path, url: &str, askpass: Option<&Path>) -> Result<(), SyncError> {
    let clone = Repo::open(folder, askpass)?;
    if clone.remote(None)?.is_some() {
        return Err(SyncError::Git {
            command: "git remote add origin".to_owned(),
            detail: "the repository has a remote already".to_owned(),
        });
    }
    let probe = ["ls-remote", "--heads", "--", url];
    let answer = clone.git.run(&probe)?;
    if !answer.success {
        return Err(git::classify(&probe, &answer.stderr));
    }
    let added = clone.git.run(&["remote", "add", "origin", url])?;
    if !added.success {
        return Err(SyncError::Git { command: "git remote add origin".to_owned(), detail: added.stderr });
    }
    fetch_remote(&clone, "origin", &mut |_| {})?;
    if let Some(branch) = clone.branch()?
        && clone.upstream("origin", &branch)?.is_some()
    {
        clone.git.read(&["branch", "--set-upstream-to", &format!("origin/{branch}")])?;
    }
    Ok(())
}

/// Fetches from the clone's remote, reporting git's progress.
pub fn fetch(folder: &Path, askpass: Option<&Path>, progress: &mut dyn FnMut(&Progress)) -> Result<(), SyncError> {
    let clone = Repo::open(folder, askpass)?;
    let branch = clone.branch()?;
    let remote = clone.remote(branch.as_deref())?.ok_or(SyncError::NoRemote)?;
    fetch_remote(&clone, &remote, progress)
}

fn fetch_remote(clone: &Repo, remote: &str, progress: &mut dyn FnMut(&Progress)) -> Result<(), SyncError> {
    let arguments = ["fetch", "--progress", "--prune", remote];
    let output = clone.git.run_with_progress(SyncStep::Fetch, &arguments, progress)?;
    if output.success { Ok(()) } else { Err(git::classify(&arguments, &output.stderr)) }
}

/// Syncs the clone holding the wiki at `wiki`: commit (with
/// [`SyncOptions::message`]), fetch, integrate, validate, push. A failure
/// after the first change (a push refused by the server) undoes what the
/// sync did, so a failed sync changes nothing.
pub fn sync(wiki: &Path, options: &SyncOptions, progress: &mut dyn FnMut(&Progress)) -> Result<SyncReport, SyncError> {
    let mut clone = Repo::open(wiki, options.askpass.as_deref())?;
    if let Some(operation) = clone.in_progress() {
        return Err(SyncError::InProgress(operation));
    }
    let branch = clone.branch()?.ok_or(SyncError::DetachedHead)?;
    let remote = clone.remote(Some(&branch))?.ok_or(SyncError::NoRemote)?;
    if let Some(quire) = &options.merge_driver {
        clone.use_merge_driver(quire, wiki)?;
    }
    let staged = clone.has_staged_changes()?;
    if staged && options.message.is_none() {
        return Err(SyncError::StagedChanges);
    }
    // Fetch before anything changes: an unreachable remote changes nothing.
    fetch_remote(&clone, &remote, progress)?;
    let before = clone.head()?;
    if let Some(head) = &before {
        write_record(&clone, head)?;
    }
    let mut report = SyncReport::new(SyncOutcome::UpToDate, &branch, format!("{remote}/{branch}"));
    match sync_steps(&clone, &remote, &branch, staged, options, wiki, &mut report, progress) {
        Ok(()) => {
            if matches!(report.outcome, SyncOutcome::UpToDate | SyncOutcome::Synced) {
                remove_record(&clone);
            }
            Ok(report)
        }
        Err(error) => {
            undo(&clone, before.as_deref(), report.committed.as_deref());
            Err(error)
        }
    }
}

/// Puts the clone back as it was before a failed sync: an open merge
/// aborted, a merge commit or fast-forward taken back (files too, as
/// `git reset --keep` does, which never overwrites unstaged work), and a
/// commit of what was staged turned back into staged changes.
fn undo(clone: &Repo, before: Option<&str>, committed: Option<&str>) {
    match clone.in_progress() {
        Some(Operation::Merge) => {
            let _ = clone.git.run(&["merge", "--abort"]);
        }
        Some(Operation::Rebase) => {
            let _ = clone.git.run(&["rebase", "--abort"]);
        }
        None => {}
    }
    if let Some(before) = before {
        let after_commit = committed.unwrap_or(before);
        if clone.head().ok().flatten().as_deref() != Some(after_commit) {
            let _ = clone.git.run(&["reset", "--quiet", "--keep", after_commit]);
        }
        if committed.is_some() {
            let _ = clone.git.run(&["reset", "--quiet", "--soft", before]);
        }
    }
    remove_record(clone);
}

/// The steps of [`sync`] after the fetch, filling `report`.
#[allow(clippy::too_many_arguments)]
fn sync_steps(
    clone: &Repo,
    remote: &str,
    branch: &str,
    staged: bool,
    options: &SyncOptions,
    wiki: &Path,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(), SyncError> {
    if staged && let Some(message) = &options.message {
        progress(&Progress { step: SyncStep::Commit, phase: "Committing".to_owned(), percent: None });
        let output = clone.git.run(&["commit", "--quiet", "-m", message])?;
        if !output.success {
            return Err(SyncError::Git { command: "git commit".to_owned(), detail: output.stderr.trim().to_owned() });
        }
        report.committed = clone.head()?;
    }
    let mut fetched = true;
    for _ in 0..options.attempts.max(1) {
        if !fetched {
            fetch_remote(clone, remote, progress)?;
        }
        fetched = false;
        let upstream = clone.upstream(remote, branch)?;
        if let Some(upstream) = &upstream {
            report.upstream = upstream.clone();
            for commit in clone.incoming(upstream)? {
                if !report.incoming.iter().any(|known| known.commit == commit.commit) {
                    report.incoming.push(commit);
                }
            }
            let (ahead, behind) = clone.counts(Some(upstream))?;
            if behind > 0 {
                progress(&Progress { step: SyncStep::Integrate, phase: "Merging".to_owned(), percent: None });
                if let Some(stopped) = integrate(clone, upstream, ahead, options, wiki, report)? {
                    report.outcome = stopped;
                    return Ok(());
                }
            }
        }
        let (ahead, _) = clone.counts(upstream.as_deref())?;
        if ahead == 0 {
            let nothing_done = report.incoming.is_empty() && report.pushed == 0 && report.committed.is_none();
            report.outcome = if nothing_done { SyncOutcome::UpToDate } else { SyncOutcome::Synced };
            return Ok(());
        }
        progress(&Progress { step: SyncStep::Push, phase: "Pushing".to_owned(), percent: None });
        let target = format!("HEAD:refs/heads/{branch}");
        let mut arguments = vec!["push", "--progress", "--porcelain"];
        if !clone.git.run(&["rev-parse", "--abbrev-ref", "@{upstream}"])?.success {
            arguments.push("--set-upstream");
        }
        arguments.extend([remote, target.as_str()]);
        let output = clone.git.run_with_progress(SyncStep::Push, &arguments, progress)?;
        if output.success {
            report.pushed += ahead;
            report.outcome = SyncOutcome::Synced;
            return Ok(());
        }
        let said = format!("{}\n{}", output.stdout, output.stderr);
        if !is_behind(&said) {
            return Err(git::classify(&arguments, &said));
        }
    }
    Err(SyncError::StillBehind(options.attempts.max(1)))
}

/// Whether a push was rejected only because the remote moved on.
fn is_behind(said: &str) -> bool {
    said.contains("[rejected]") && (said.contains("fetch first") || said.contains("non-fast-forward"))
}

/// Integrates `upstream` into `HEAD`. `Some(outcome)` when it stopped on
/// conflicts or errors; `None` when done.
fn integrate(
    clone: &Repo,
    upstream: &str,
    ahead: usize,
    options: &SyncOptions,
    wiki: &Path,
    report: &mut SyncReport,
) -> Result<Option<SyncOutcome>, SyncError> {
    if ahead == 0 || !clone.has_commits()? {
        let arguments = ["merge", "--ff-only", "--quiet", upstream];
        let output = clone.git.run(&arguments)?;
        return if output.success { Ok(None) } else { Err(refused_merge(&arguments, &output.stderr)) };
    }
    let arguments: Vec<&str> = if options.rebase {
        vec!["rebase", "--quiet", upstream]
    } else {
        vec!["merge", "--no-ff", "--no-commit", "--quiet", upstream]
    };
    let output = clone.git.run(&arguments)?;
    if !output.success {
        if clone.in_progress().is_none() {
            return Err(refused_merge(&arguments, &output.stderr));
        }
        report.conflicts = clone.conflicts()?;
        if report.conflicts.is_empty() {
            return Err(SyncError::Git { command: format!("git {}", arguments.join(" ")), detail: output.stderr });
        }
        return Ok(Some(SyncOutcome::Conflicts));
    }
    report.integrated = true;
    if options.rebase {
        return Ok(None);
    }
    finish_merge(clone, options, wiki, report)
}

/// Validates a merge that holds no conflicts and commits it.
fn finish_merge(
    clone: &Repo,
    options: &SyncOptions,
    wiki: &Path,
    report: &mut SyncReport,
) -> Result<Option<SyncOutcome>, SyncError> {
    let problems = merged_errors(wiki, options.today)?;
    if !problems.is_empty() {
        report.problems = problems;
        return Ok(Some(SyncOutcome::Invalid));
    }
    // Validated just now by the same rules the pre-commit hook runs.
    let output = clone.git.run(&["commit", "--no-edit", "--no-verify", "--quiet"])?;
    if !output.success {
        return Err(SyncError::Git { command: "git commit".to_owned(), detail: output.stderr.trim().to_owned() });
    }
    report.integrated = true;
    Ok(None)
}

/// The errors in what a merge staged: the changed entries and those their
/// links affect, as `quire validate --staged` judges a commit.
fn merged_errors(wiki: &Path, today: Date) -> Result<Vec<Diagnostic>, SyncError> {
    let scoped = validate_staged(wiki, today)
        .map_err(|error| SyncError::Git { command: "validate the merge".to_owned(), detail: error.to_string() })?;
    Ok(scoped
        .validated
        .report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .cloned()
        .collect())
}

/// A merge git refused before changing anything.
fn refused_merge(arguments: &[&str], stderr: &str) -> SyncError {
    if stderr.contains("would be overwritten") || stderr.contains("Please commit your changes or stash them") {
        let files: Vec<&str> = stderr
            .lines()
            .filter(|line| line.starts_with('\t'))
            .map(str::trim)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        return SyncError::LocalChanges(files.join("\n"));
    }
    git::classify(arguments, stderr)
}

/// Continues a sync that stopped on conflicts or errors, after the user
/// resolved them in the files: stages the resolved files, validates,
/// commits the merge (or continues the rebase), then syncs the rest.
pub fn resume(
    wiki: &Path,
    options: &SyncOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncReport, SyncError> {
    let clone = Repo::open(wiki, options.askpass.as_deref())?;
    let Some(operation) = clone.in_progress() else { return Err(SyncError::NothingInProgress) };
    let conflicted = clone.conflicts()?;
    let unresolved: Vec<String> = conflicted
        .iter()
        .filter(|file| {
            fs::read(clone.top.join(&file.path))
                .map(|bytes| has_markers(&String::from_utf8_lossy(&bytes)))
                .unwrap_or(false)
        })
        .map(|file| file.path.clone())
        .collect();
    if !unresolved.is_empty() {
        return Err(SyncError::ConflictsRemain(unresolved.join(", ")));
    }
    for file in &conflicted {
        let output = clone.git.run(&["add", "--", &format!(":(top,literal){}", file.path)])?;
        if !output.success {
            return Err(SyncError::Git { command: "git add".to_owned(), detail: output.stderr });
        }
    }
    match operation {
        Operation::Merge => {
            let branch = clone.branch()?.ok_or(SyncError::DetachedHead)?;
            let remote = clone.remote(Some(&branch))?.ok_or(SyncError::NoRemote)?;
            let upstream = clone.upstream(&remote, &branch)?.unwrap_or_else(|| format!("{remote}/{branch}"));
            let mut report = SyncReport::new(SyncOutcome::Synced, &branch, upstream);
            if let Some(stopped) = finish_merge(&clone, options, wiki, &mut report)? {
                report.outcome = stopped;
                return Ok(report);
            }
        }
        Operation::Rebase => {
            let mut git = Git::new(wiki, options.askpass.as_deref());
            git.setting("core.editor", "true");
            let output = git.run(&["rebase", "--continue"])?;
            if !output.success {
                return Err(SyncError::Git { command: "git rebase --continue".to_owned(), detail: output.stderr });
            }
        }
    }
    let mut rest = sync(wiki, &SyncOptions { message: None, ..options.clone() }, progress)?;
    rest.integrated = true;
    Ok(rest)
}

/// Whether a text still holds a conflict block.
fn has_markers(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("<<<<<<<")) && text.lines().any(|line| line.starts_with(">>>>>>>"))
}

/// Aborts a sync that stopped: the merge or rebase is undone and a commit
/// the sync made of what was staged is turned back into staged changes, so
/// commits, index and working files are as before the sync.
pub fn abort(wiki: &Path) -> Result<(), SyncError> {
    let clone = Repo::open(wiki, None)?;
    let recorded = fs::read_to_string(clone.record_path()).ok();
    match clone.in_progress() {
        Some(Operation::Merge) => {
            clone.git.read(&["merge", "--abort"])?;
        }
        Some(Operation::Rebase) => {
            clone.git.read(&["rebase", "--abort"])?;
        }
        None if recorded.is_none() => return Err(SyncError::NothingInProgress),
        None => {}
    }
    if let Some(before) = recorded.as_deref().and_then(|text| text.strip_prefix("head ")).map(str::trim)
        && clone.head()?.as_deref() != Some(before)
        && clone.git.run(&["merge-base", "--is-ancestor", before, "HEAD"])?.success
    {
        clone.git.read(&["reset", "--soft", before])?;
    }
    remove_record(&clone);
    Ok(())
}

fn write_record(clone: &Repo, head: &str) -> Result<(), SyncError> {
    let path = clone.record_path();
    fs::write(&path, format!("head {head}\n")).map_err(|error| SyncError::Git {
        command: "record the sync".to_owned(),
        detail: format!("{}: {error}", path.display()),
    })
}

fn remove_record(clone: &Repo) {
    let _ = fs::remove_file(clone.record_path());
}

#[cfg(test)]
mod tests {
    use super::*;

    // The Resolve list names the section of every conflict, whether the
    // marker names it (Quire's driver) or only a heading above does (git's).
    #[test]
    fn conflicts_are_listed_by_section() {
        let text = "# T\n\nLead.\n\n## Career\n\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> origin/main\n\n## Sources\n\n<<<<<<< ours: Sources\n- x\n=======\n- y\n>>>>>>> theirs: Sources\n";
        assert_eq!(conflicted_sections(text), ["Career", "Sources"]);
        assert_eq!(conflicted_sections("<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n"), ["lead"]);
    }
}
