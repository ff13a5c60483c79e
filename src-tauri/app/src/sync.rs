//! Sync in the app: quire-core's `sync` module (the system `git`) turned
//! into the wire types of [`crate::ipc`]. Plain Rust; the commands call
//! these outside the session lock, so a keystroke never waits on git.
//!
//! One sync or fetch at a time ([`SyncGate`]): a background fetch that
//! finds a sync running is refused (`busy`) rather than queued. Nothing
//! here reads or writes an editor buffer: git changes files, the watcher
//! tells the UI, and the UI merges unsaved edits as it does any outside edit.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::UNIX_EPOCH;

use quire_core::{
    ConflictedFile, FileForm, Operation, Progress, StoreError, SyncError, SyncOptions, SyncOutcome, SyncReport, Version,
};

use crate::history::{changed_between, revisions};
use crate::ipc::{
    ErrorCode, IncomingCommitView, IncomingView, IpcError, SyncConflict, SyncEnd, SyncOperation, SyncProgress,
    SyncResult, SyncSettings, SyncStatusView,
};

/// The event that carries [`SyncProgress`] to the UI.
pub const SYNC_PROGRESS: &str = "sync-progress";

/// The settings file in the app's configuration folder.
const SETTINGS_FILE: &str = "sync.json";

/// Held while a sync, fetch, continue, abort or remote set-up runs.
#[derive(Default)]
pub struct SyncGate(Mutex<()>);

impl SyncGate {
    /// The gate, or `busy` when another sync or fetch holds it.
    pub fn enter(&self) -> Result<MutexGuard<'_, ()>, IpcError> {
        match self.0.try_lock() {
            Ok(guard) => Ok(guard),
            Err(TryLockError::Poisoned(poisoned)) => Ok(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => {
                Err(IpcError::new(ErrorCode::Busy, "a sync is already running; wait for it to finish"))
            }
        }
    }

    /// Whether a sync or fetch runs now.
    pub fn running(&self) -> bool {
        matches!(self.0.try_lock(), Err(TryLockError::WouldBlock))
    }
}

/// The `quire` program git runs as the merge driver: beside the app's own
/// executable (where cargo and the package put it), else on `PATH`.
/// `None`: git's line merge is used.
pub fn merge_driver() -> Option<PathBuf> {
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|folder| folder.join("quire")));
    if let Some(beside) = beside.filter(|path| path.is_file()) {
        return Some(beside);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|folder| folder.join("quire")).find(|candidate| candidate.is_file())
}

/// The clone's standing, for the top bar.
pub fn status(root: &Path, running: bool) -> Result<SyncStatusView, IpcError> {
    let status = quire_core::sync_status(root).map_err(sync_error)?;
    let fetched_at = status
        .last_fetched
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX));
    Ok(SyncStatusView {
        branch: status.branch,
        remote: status.remote,
        upstream: status.upstream,
        ahead: count(status.ahead),
        behind: count(status.behind),
        fetched_at,
        in_progress: status.in_progress.map(operation),
        interrupted: quire_core::sync_interrupted(root).map_err(sync_error)?,
        running,
        merge_driver: merge_driver().map(|path| path.display().to_string()),
    })
}

/// What the next sync brings in: the commits and each entry they change,
/// diffed from where the branches parted to the upstream.
pub fn incoming(root: &Path) -> Result<IncomingView, IpcError> {
    let incoming = quire_core::sync_incoming(root).map_err(sync_error)?;
    let entries = match (&incoming.upstream, incoming.commits.is_empty()) {
        (Some(upstream), false) => {
            let old = incoming.base.clone().map_or(Version::head(), Version::Revision);
            changed_between(root, &old, &Version::Revision(upstream.clone()))?
        }
        _ => Vec::new(),
    };
    let commits = incoming
        .commits
        .into_iter()
        .map(|commit| IncomingCommitView {
            short_id: commit.commit.chars().take(7).collect(),
            id: commit.commit,
            author: commit.author,
            time: commit.time,
            summary: commit.summary,
        })
        .collect();
    Ok(IncomingView { upstream: incoming.upstream, base: incoming.base, commits, entries })
}

/// The options of a sync run from the app.
pub fn options(settings: &SyncSettings, today: quire_core::Date, askpass: Option<PathBuf>) -> SyncOptions {
    SyncOptions {
        rebase: settings.rebase,
        askpass,
        merge_driver: merge_driver(),
        message: None,
        attempts: quire_core::DEFAULT_ATTEMPTS,
        today,
    }
}

/// Progress as the UI gets it.
pub fn progress(progress: &Progress) -> SyncProgress {
    let step = serde_json::to_value(progress.step).ok().and_then(|value| value.as_str().map(str::to_owned));
    SyncProgress { step: step.unwrap_or_default(), phase: progress.phase.clone(), percent: progress.percent }
}

/// A sync's report as the UI gets it; conflicted files named by entry id.
pub fn result(root: &Path, report: &SyncReport) -> SyncResult {
    let problems = report
        .problems
        .iter()
        .map(|problem| format!("{}:{}: {}", problem.path, problem.line, problem.message))
        .collect();
    SyncResult {
        end: match report.outcome {
            SyncOutcome::UpToDate => SyncEnd::UpToDate,
            SyncOutcome::Synced => SyncEnd::Synced,
            SyncOutcome::Conflicts => SyncEnd::Conflicts,
            SyncOutcome::Invalid => SyncEnd::Invalid,
        },
        incoming: count(report.incoming.len()),
        pushed: count(report.pushed),
        conflicts: conflict_views(root, &report.conflicts),
        problems,
    }
}

/// The conflicts of a stopped sync, read from the clone (after a restart).
pub fn conflicts(root: &Path) -> Result<Vec<SyncConflict>, IpcError> {
    Ok(conflict_views(root, &quire_core::sync_conflicts(root).map_err(sync_error)?))
}

/// Conflicted files named by entry id when they are in the wiki.
fn conflict_views(root: &Path, files: &[ConflictedFile]) -> Vec<SyncConflict> {
    let prefix = revisions(root).map(|revisions| revisions.repo_path("")).unwrap_or_default();
    files
        .iter()
        .map(|file| {
            let id = file.path.strip_prefix(prefix.as_str());
            SyncConflict {
                id: id.unwrap_or(&file.path).to_owned(),
                entry: id.is_some() && file.path.ends_with(".md"),
                sections: file.sections.clone(),
            }
        })
        .collect()
}

/// Writes the Resolve view's text of conflicted entry `id` as git writes a
/// file: to disk, not through the session, so the watcher reports it (the
/// open editor merges it with its unsaved edits) and the entry's unsaved
/// edits stay in the journal. `text` is in the editor's form; the file's
/// BOM and line endings are kept. Refused (`changed`) when the file is no
/// longer the version read (`base_hash`). Returns the new hash.
pub fn write_resolved(root: &Path, id: &str, text: &str, base_hash: &str) -> Result<String, IpcError> {
    let changed =
        || IpcError::new(ErrorCode::Changed, format!("`{id}` changed on disk meanwhile; read its conflicts again"));
    let store = |error: StoreError| match error {
        StoreError::Conflict { .. } => changed(),
        StoreError::InvalidId { .. } => IpcError::new(ErrorCode::InvalidId, error.to_string()),
        other => IpcError::new(ErrorCode::Io, other.to_string()),
    };
    let loaded = quire_core::read_entry_file(root, id).map_err(store)?;
    if loaded.hash != base_hash {
        return Err(changed());
    }
    let bytes = FileForm::split(&loaded.text).0.restore(text);
    quire_core::save_entry(root, id, &bytes, Some(base_hash)).map_err(store)
}

/// The settings kept in `folder` (the app's configuration folder); the
/// defaults when there are none or they cannot be read.
pub fn load_settings(folder: Option<&Path>) -> SyncSettings {
    folder
        .and_then(|folder| std::fs::read(folder.join(SETTINGS_FILE)).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes the settings into `folder`, atomically.
pub fn save_settings(folder: &Path, settings: &SyncSettings) -> Result<(), IpcError> {
    let io = |error: std::io::Error| {
        IpcError::new(ErrorCode::Io, format!("cannot keep the sync settings in `{}`: {error}", folder.display()))
    };
    std::fs::create_dir_all(folder).map_err(io)?;
    let text = serde_json::to_vec_pretty(settings)
        .map_err(|error| IpcError::new(ErrorCode::Io, format!("cannot write the sync settings: {error}")))?;
    let temporary = folder.join(format!("{SETTINGS_FILE}.tmp"));
    std::fs::write(&temporary, text).map_err(io)?;
    std::fs::rename(&temporary, folder.join(SETTINGS_FILE)).map_err(io)
}

/// Whether the system says the network is metered (GIO's network monitor:
/// NetworkManager's answer where it runs; never metered without one).
#[cfg(target_os = "linux")]
pub fn metered() -> bool {
    use gio::prelude::NetworkMonitorExt;
    gio::NetworkMonitor::default().is_network_metered()
}

/// Other systems: no monitor is asked; background fetch follows the setting alone.
#[cfg(not(target_os = "linux"))]
pub fn metered() -> bool {
    false
}

fn count(number: usize) -> u32 {
    u32::try_from(number).unwrap_or(u32::MAX)
}

fn operation(operation: Operation) -> SyncOperation {
    match operation {
        Operation::Merge => SyncOperation::Merge,
        Operation::Rebase => SyncOperation::Rebase,
    }
}

/// A sync failure as the UI branches on it; the message is core's.
pub fn sync_error(error: SyncError) -> IpcError {
    let code = match &error {
        SyncError::GitMissing(_) => ErrorCode::NoGitProgram,
        SyncError::NotARepository(_) => ErrorCode::NoGit,
        SyncError::DetachedHead => ErrorCode::DetachedHead,
        SyncError::NoRemote => ErrorCode::NoRemote,
        SyncError::Offline(_) => ErrorCode::Offline,
        SyncError::Authentication(_) => ErrorCode::Authentication,
        SyncError::RemoteMissing(_) => ErrorCode::RemoteMissing,
        SyncError::PushRefused(_) => ErrorCode::PushRefused,
        SyncError::StillBehind(_) => ErrorCode::StillBehind,
        SyncError::StagedChanges => ErrorCode::StagedChanges,
        SyncError::LocalChanges(_) => ErrorCode::LocalChanges,
        SyncError::InProgress(_) => ErrorCode::InProgress,
        SyncError::ConflictsRemain(_) => ErrorCode::ConflictsRemain,
        SyncError::NothingInProgress => ErrorCode::NothingInProgress,
        SyncError::Git { .. } => ErrorCode::Git,
    };
    IpcError::new(code, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Settings live outside the wiki and survive a restart; a damaged file
    // falls back to the defaults instead of failing the app.
    #[test]
    fn settings_round_trip_and_fall_back() {
        let folder = tempfile::tempdir().unwrap();
        assert_eq!(load_settings(Some(folder.path())), SyncSettings::default());
        let chosen = SyncSettings { fetch_minutes: 12, fetch_when_metered: true, rebase: true };
        save_settings(folder.path(), &chosen).unwrap();
        assert_eq!(load_settings(Some(folder.path())), chosen);
        std::fs::write(folder.path().join(SETTINGS_FILE), "{not json").unwrap();
        assert_eq!(load_settings(Some(folder.path())), SyncSettings::default());
    }
}

#[cfg(test)]
mod resolve_tests {
    use super::*;

    // The resolution keeps the file's own line endings and BOM, and is
    // refused when someone changed the file after the Resolve view read it.
    #[test]
    fn resolved_text_keeps_the_file_form_and_checks_the_version() {
        let root = tempfile::tempdir().unwrap();
        let original = "\u{feff}# T\r\n\r\n<<<<<<< ours\r\na\r\n=======\r\nb\r\n>>>>>>> theirs\r\n";
        std::fs::write(root.path().join("t.md"), original).unwrap();
        let hash = quire_core::content_hash(original.as_bytes());
        let stale = write_resolved(root.path(), "t.md", "# T\n\nb\n", "0000").unwrap_err();
        assert_eq!(stale.code, "changed");
        write_resolved(root.path(), "t.md", "# T\n\nb\n", &hash).unwrap();
        assert_eq!(std::fs::read_to_string(root.path().join("t.md")).unwrap(), "\u{feff}# T\r\n\r\nb\r\n");
    }
}
