//! Changes to many files that complete or are undone, even across a crash.
//!
//! A rename rewrites every file that links to the entry. Replacing one file
//! is atomic (a rename over it), but thousands are not: a process killed
//! halfway would leave some files linking to the new name, some to the old,
//! and hidden temporary files beside them. So before the first file is
//! replaced, an *intent record* names every step: each target with the hash
//! of the version read and of the version to write, the temporary file that
//! holds the new bytes, and the backup (a hard link to the old version)
//! taken just before the target is replaced. The record lives outside the
//! wiki, in the app's data folder beside the crash journal, so it never shows
//! in `git status`.
//!
//! The process that runs the change holds an exclusive lock on its record.
//! Whoever starts next (`quire` or the app, through [`IntentLog::recover`])
//! and can take the lock knows the owner is gone, and finishes its work
//! from what the disk holds:
//! - when every step is either done (the target holds the new bytes) or can
//!   still be done (the target holds the old bytes and the temporary file
//!   holds the new ones, complete), the change is **completed**;
//! - otherwise (killed while the temporary files were being written, or a
//!   file was changed by someone else since), it is **undone**: each target
//!   that holds the new bytes gets its backup back, each created file is
//!   removed, and a file that holds a third version is left as it is and
//!   named in the report.
//!
//! Then the temporary files, the backups and the record are removed. The
//! decision rests on hashes of what is on disk, not on how far the record
//! says the work went, so it holds wherever the process was killed.
//!
//! What power loss can take (beyond a kill): each temporary file and the
//! record are flushed (`fsync`) before the first target is replaced, and
//! each folder after its renames, so after a power cut the record and the
//! new bytes are on disk; a rename not yet flushed with its folder may be
//! lost, which recovery sees as a step not done yet, and completes.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::folder::Folder;
use crate::journal::{private_folder, private_permissions, root_key};
use crate::store::{
    StoreError, content_hash, remove_stale_temporaries, resolve_entry_path, sync_folder, write_temporary,
};

/// The version of the record format.
const FORMAT_VERSION: u32 = 1;

/// The folder of intent records under the app's data folder.
pub(crate) const INTENTS_FOLDER: &str = "intents";

/// Where multi-file changes record what they are about to do: a folder
/// outside every wiki (the app's data folder), private to the user.
#[derive(Clone, Debug)]
pub struct IntentLog {
    dir: PathBuf,
}

/// What [`IntentLog::recover`] did with a change an earlier process left
/// unfinished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// What the change was, in words (`rename \`A\` to \`B\``).
    pub description: String,
    /// Whether it was completed or undone.
    pub outcome: RecoveryOutcome,
    /// How many files the change touched.
    pub files: usize,
    /// Entries left as they are because they changed since (neither the old
    /// nor the new version), or could not be put back (with the reason).
    pub left_alone: Vec<String>,
}

/// How an unfinished change ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryOutcome {
    /// Every file now holds the new version.
    Completed,
    /// Every file holds the version it had before (but those in
    /// [`Recovery::left_alone`]).
    Undone,
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let done = match self.outcome {
            RecoveryOutcome::Completed => "was completed",
            RecoveryOutcome::Undone => "was undone",
        };
        let files = if self.files == 1 { "1 file".to_owned() } else { format!("{} files", self.files) };
        write!(formatter, "the interrupted {} {done} ({files})", self.description)?;
        if !self.left_alone.is_empty() {
            write!(formatter, "; left as they are: {}", self.left_alone.join(", "))?;
        }
        Ok(())
    }
}

/// The record's format.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    version: u32,
    root: String,
    root_key: String,
    description: String,
    steps: Vec<Step>,
}

/// One file of the change. Paths are relative to the wiki root, `/`-separated.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Step {
    /// `target` (holding `old_hash`) becomes `temporary` (holding `new_hash`);
    /// `backup` is a hard link to the old version, made just before.
    Replace { target: String, temporary: String, backup: String, old_hash: String, new_hash: String },
    /// `target` (absent) is made from `temporary` (holding `new_hash`).
    Create { target: String, temporary: String, new_hash: String },
    /// `target` (holding `old_hash`) is removed; `backup` keeps it meanwhile.
    Remove { target: String, backup: String, old_hash: String },
}

impl Step {
    fn target(&self) -> &str {
        match self {
            Step::Replace { target, .. } | Step::Create { target, .. } | Step::Remove { target, .. } => target,
        }
    }

    fn temporary(&self) -> Option<&str> {
        match self {
            Step::Replace { temporary, .. } | Step::Create { temporary, .. } => Some(temporary),
            Step::Remove { .. } => None,
        }
    }

    fn backup(&self) -> Option<&str> {
        match self {
            Step::Replace { backup, .. } | Step::Remove { backup, .. } => Some(backup),
            Step::Create { .. } => None,
        }
    }
}

/// A file a change writes: replacing the version with hash `expected`, or
/// new (`None`: it must not exist).
pub(crate) struct FileWrite {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) expected: Option<String>,
}

/// Why a change was not made. What was already done has been put back
/// (see `rollback`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ChangeError {
    /// An id is not valid or a file could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file changed on disk between reading and writing.
    #[error("`{id}` changed on disk")]
    Changed { id: String },
    /// A file to create appeared meanwhile.
    #[error("`{id}` already exists")]
    Exists { id: String },
    /// Writing failed.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: io::Error,
        /// Empty, or what could not be put back.
        rollback: String,
    },
}

impl IntentLog {
    /// Opens the intent log in `dir`, creating it (private to the user)
    /// when needed. `dir` must be outside every wiki.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<IntentLog> {
        let dir = dir.into();
        private_folder(&dir)?;
        remove_stale_temporaries(&dir);
        Ok(IntentLog { dir })
    }

    /// The log of the app's data folder (`$XDG_DATA_HOME/org.quire.desktop/intents`
    /// on Linux), which the CLI and the app share.
    pub fn open_default() -> io::Result<IntentLog> {
        let data = crate::journal::data_dir()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no data folder for this user (is `HOME` set?)"))?;
        IntentLog::open(data.join(INTENTS_FOLDER))
    }

    /// The log of the app's data folder when it exists, without creating
    /// anything: where [`IntentLog::recover`] looks at every start.
    pub fn find_default() -> Option<IntentLog> {
        let dir = crate::journal::data_dir()?.join(INTENTS_FOLDER);
        if !dir.is_dir() {
            return None;
        }
        // A record being written when its process died.
        remove_stale_temporaries(&dir);
        Some(IntentLog { dir })
    }

    /// The log's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Finishes every change to the wiki at `root` that a process killed
    /// before its end left behind (see the module documentation), and says
    /// what it did. Changes still running in a live process are left to it.
    /// A record that cannot be read is left in place and skipped.
    pub fn recover(&self, root: &Path) -> Vec<Recovery> {
        let Ok(listing) = fs::read_dir(&self.dir) else { return Vec::new() };
        let key = root_key(root);
        let mut paths: Vec<PathBuf> = listing
            .flatten()
            .map(|item| item.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| !name.starts_with('.') && name.ends_with(".json"))
            })
            .collect();
        paths.sort();
        let mut recovered = Vec::new();
        for path in paths {
            let Ok(file) = OpenOptions::new().read(true).write(true).open(&path) else { continue };
            // Locked: its process is alive and still at work.
            if !try_lock(&file) {
                continue;
            }
            let Ok(bytes) = fs::read(&path) else { continue };
            let Ok(record) = serde_json::from_slice::<Record>(&bytes) else { continue };
            if record.root_key != key || record.version != FORMAT_VERSION {
                continue;
            }
            let recovery = finish(root, &record);
            if let Ok(recovery) = recovery {
                // The work is finished; a record left behind would only be
                // looked at again, and find nothing to do.
                let _ = fs::remove_file(&path);
                recovered.push(recovery);
            }
            drop(file);
        }
        recovered
    }
}

/// The state of a file named by a step.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Held {
    Old,
    New,
    Absent,
    Other,
}

fn held(folder: &Folder, name: &str, old: Option<&str>, new: Option<&str>) -> io::Result<Held> {
    Ok(match folder.read(name)? {
        None => Held::Absent,
        Some(bytes) => {
            let hash = content_hash(&bytes);
            if Some(hash.as_str()) == new {
                Held::New
            } else if Some(hash.as_str()) == old {
                Held::Old
            } else {
                Held::Other
            }
        }
    })
}

/// The name of a hidden file of ours that a record places beside the
/// entry `target`: `.quire-…tmp` in the target's own folder, nowhere else.
fn own_name(target: &str, relative: &str) -> Option<String> {
    let (folder, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    let target_folder = target.rsplit_once('/').map_or("", |(folder, _)| folder);
    let ours = name.starts_with(".quire-") && name.ends_with(".tmp") && !name.contains('\\');
    (ours && folder == target_folder).then(|| name.to_owned())
}

/// Completes or undoes the change `record` describes.
fn finish(root: &Path, record: &Record) -> io::Result<Recovery> {
    let invalid = || io::Error::new(io::ErrorKind::InvalidData, "a path in the record is not inside the wiki");
    struct Resolved {
        folder: Folder,
        name: String,
        temporary: Option<String>,
        backup: Option<String>,
        target_held: Held,
        temporary_complete: bool,
    }
    let mut steps = Vec::with_capacity(record.steps.len());
    for step in &record.steps {
        let target = step.target();
        resolve_entry_path(root, target).map_err(|_| invalid())?;
        let (folder, name) = Folder::of_entry(root, target, false)?;
        let temporary = step.temporary().map(|name| own_name(target, name).ok_or_else(invalid)).transpose()?;
        let backup = step.backup().map(|name| own_name(target, name).ok_or_else(invalid)).transpose()?;
        let (old, new) = match step {
            Step::Replace { old_hash, new_hash, .. } => (Some(old_hash.as_str()), Some(new_hash.as_str())),
            Step::Create { new_hash, .. } => (None, Some(new_hash.as_str())),
            Step::Remove { old_hash, .. } => (Some(old_hash.as_str()), None),
        };
        let target_held = held(&folder, &name, old, new)?;
        let temporary_complete = match &temporary {
            Some(temporary) => held(&folder, temporary, None, new)? == Held::New,
            None => false,
        };
        steps.push(Resolved { folder, name, temporary, backup, target_held, temporary_complete });
    }
    let can_complete = record.steps.iter().zip(&steps).all(|(step, state)| match step {
        Step::Replace { .. } => {
            state.target_held == Held::New || state.target_held == Held::Old && state.temporary_complete
        }
        Step::Create { .. } => {
            state.target_held == Held::New || state.target_held == Held::Absent && state.temporary_complete
        }
        Step::Remove { .. } => matches!(state.target_held, Held::Absent | Held::Old),
    });
    let mut left_alone = Vec::new();
    for (step, state) in record.steps.iter().zip(&steps) {
        let (folder, name) = (&state.folder, state.name.as_str());
        let backup_exists = || state.backup.as_ref().is_some_and(|backup| folder.exists(backup));
        let outcome = if can_complete {
            match (step, state.target_held, &state.temporary) {
                (Step::Replace { .. }, Held::Old, Some(temporary)) => folder.rename(temporary, name),
                (Step::Create { .. }, Held::Absent, Some(temporary)) => folder.link(temporary, name),
                (Step::Remove { .. }, Held::Old, _) => folder.remove(name),
                _ => Ok(()),
            }
        } else {
            match (step, state.target_held, &state.backup) {
                (Step::Replace { .. }, Held::New, Some(backup)) if backup_exists() => folder.rename(backup, name),
                (Step::Replace { .. }, Held::New, _) => {
                    Err(io::Error::new(io::ErrorKind::NotFound, "its backup is gone"))
                }
                (Step::Create { .. }, Held::New, _) => folder.remove(name),
                // Without a backup it was removed by someone else before the change reached it.
                (Step::Remove { .. }, Held::Absent, Some(backup)) if backup_exists() => folder.link(backup, name),
                (_, Held::Other, _) => {
                    left_alone.push(format!("`{}` (changed since)", step.target()));
                    Ok(())
                }
                _ => Ok(()),
            }
        };
        if let Err(error) = outcome {
            left_alone.push(format!("`{}` ({error})", step.target()));
        }
    }
    for state in &steps {
        for leftover in [&state.temporary, &state.backup].into_iter().flatten() {
            // Gone already, or ours to remove; either way it is gone after.
            let _ = state.folder.remove(leftover);
        }
    }
    let mut synced: Vec<&Path> = Vec::new();
    for state in &steps {
        if !synced.contains(&state.folder.path()) {
            state.folder.sync()?;
            synced.push(state.folder.path());
        }
    }
    Ok(Recovery {
        description: record.description.clone(),
        outcome: if can_complete { RecoveryOutcome::Completed } else { RecoveryOutcome::Undone },
        files: record.steps.len(),
        left_alone,
    })
}

static NAMES: AtomicU64 = AtomicU64::new(0);

/// A fresh hidden name in `folder` for a temporary file (`prefix` `.quire-`)
/// or a backup (`.quire-backup-`) of this process.
fn fresh_name(prefix: &str) -> String {
    let number = NAMES.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.subsec_nanos());
    format!("{prefix}{}-{number}{nanos:09}.tmp", std::process::id())
}

/// `relative` (a folder of the wiki, or empty) joined with `name`.
fn relative_join(id: &str, name: &str) -> String {
    match id.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{name}"),
        None => name.to_owned(),
    }
}

/// Where a test makes a change stop: fail (and roll back) before step `n`,
/// or die without any cleanup, as a killed process would, after writing `n`
/// temporary files or before step `n` (the removal is step `writes.len()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) enum Stop {
    Fail(usize),
    DieWriting(usize),
    Die(usize),
}

/// What has been put in place, to undo on failure: a file of a planned
/// folder (by its index), and the backup of its old version.
enum Done {
    Replaced { folder: usize, name: String, backup: String },
    Created { folder: usize, name: String },
    Removed { folder: usize, name: String, backup: String },
}

/// How [`apply`] ended.
enum Applied {
    Done,
    /// Failed; what was done is undone but for what the text names.
    Failed(ChangeError, String),
    /// A test's death: nothing cleaned up.
    Died,
}

/// Writes every file of `writes` and removes `removal` (an id and the hash
/// of the version read), all or nothing, with an intent record in `log`
/// for the whole time (see the module documentation). `stop` is for tests.
pub(crate) fn commit(
    log: &IntentLog,
    root: &Path,
    description: &str,
    writes: &[FileWrite],
    removal: Option<(&str, &str)>,
    stop: Option<Stop>,
) -> Result<(), ChangeError> {
    let write_error =
        |path: &Path, source: io::Error| ChangeError::Write { path: path.to_owned(), source, rollback: String::new() };
    // Plan: every folder, name and permission to keep, before anything is written.
    let mut steps = Vec::with_capacity(writes.len() + 1);
    let mut plan =
        Plan { folders: Vec::new(), files: Vec::with_capacity(writes.len()), removal: None, removal_hash: None };
    for write in writes {
        let target = resolve_entry_path(root, &write.id)?;
        let folder =
            plan.folder(root, &write.id, write.expected.is_none()).map_err(|error| write_error(&target, error))?;
        let (name, temporary_name) = (file_name(&write.id), fresh_name(".quire-"));
        let new_hash = content_hash(write.text.as_bytes());
        let temporary = relative_join(&write.id, &temporary_name);
        let permissions = match &write.expected {
            Some(old_hash) => {
                let permissions =
                    plan.folders[folder].permissions(&name).map_err(|error| write_error(&target, error))?;
                if permissions.readonly() {
                    let error = io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only");
                    return Err(write_error(&target, error));
                }
                let backup = fresh_name(".quire-backup-");
                steps.push(Step::Replace {
                    target: write.id.clone(),
                    temporary,
                    backup: relative_join(&write.id, &backup),
                    old_hash: old_hash.clone(),
                    new_hash,
                });
                plan.files.push(Planned {
                    folder,
                    name,
                    target,
                    temporary: temporary_name,
                    backup,
                    permissions: Some(permissions),
                });
                continue;
            }
            None => None,
        };
        steps.push(Step::Create { target: write.id.clone(), temporary, new_hash });
        plan.files.push(Planned {
            folder,
            name,
            target,
            temporary: temporary_name,
            backup: String::new(),
            permissions,
        });
    }
    if let Some((id, hash)) = removal {
        let target = resolve_entry_path(root, id)?;
        let folder = plan.folder(root, id, false).map_err(|error| write_error(&target, error))?;
        let backup = fresh_name(".quire-backup-");
        steps.push(Step::Remove {
            target: id.to_owned(),
            backup: relative_join(id, &backup),
            old_hash: hash.to_owned(),
        });
        plan.removal_hash = Some(hash.to_owned());
        plan.removal =
            Some(Planned { folder, name: file_name(id), target, temporary: String::new(), backup, permissions: None });
    }
    let record = Record {
        version: FORMAT_VERSION,
        root: root.to_string_lossy().into_owned(),
        root_key: root_key(root),
        description: description.to_owned(),
        steps,
    };
    let (record_path, lock) = write_record(log, &record).map_err(|error| write_error(log.dir(), error))?;
    let outcome = apply(writes, &plan, stop);
    let finished = match outcome {
        Applied::Done => Ok(()),
        Applied::Failed(error, failures) if failures.is_empty() => Err(error),
        // Something could not be put back: the record stays, for the next
        // start to try again.
        Applied::Failed(error, failures) => {
            let rollback = format!("; but could not put back: {failures}");
            return Err(match error {
                ChangeError::Write { path, source, .. } => ChangeError::Write { path, source, rollback },
                error => {
                    ChangeError::Write { path: root.to_owned(), source: io::Error::other(error.to_string()), rollback }
                }
            });
        }
        Applied::Died => {
            return Err(write_error(root, io::Error::other("died on purpose (a test)")));
        }
    };
    // The change is finished either way; a record left behind would find
    // nothing to do at the next start. Removed before the lock is let go.
    let _ = fs::remove_file(&record_path);
    drop(lock);
    finished
}

/// The folders and files of a change, opened and named before anything is
/// written.
struct Plan {
    folders: Vec<Folder>,
    files: Vec<Planned>,
    /// The entry removed last (the renamed entry's old file), and the hash
    /// of the version read.
    removal: Option<Planned>,
    removal_hash: Option<String>,
}

impl Plan {
    /// The index of the folder of entry `id`, opened once.
    fn folder(&mut self, root: &Path, id: &str, create: bool) -> io::Result<usize> {
        let (folder, _) = Folder::of_entry(root, id, create)?;
        if let Some(known) = self.folders.iter().position(|known| known.path() == folder.path()) {
            return Ok(known);
        }
        self.folders.push(folder);
        Ok(self.folders.len() - 1)
    }
}

/// A file of the change: its folder (an index into [`Plan::folders`]), its
/// name, its path for messages, its temporary file and backup (names in the
/// same folder), the permissions the new version keeps.
struct Planned {
    folder: usize,
    name: String,
    target: PathBuf,
    temporary: String,
    backup: String,
    permissions: Option<Permissions>,
}

/// The file name of entry `id`.
fn file_name(id: &str) -> String {
    id.rsplit_once('/').map_or(id, |(_, name)| name).to_owned()
}

/// Writes `record` into the log, flushed and locked by this process.
fn write_record(log: &IntentLog, record: &Record) -> io::Result<(PathBuf, File)> {
    let bytes = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    let temporary = write_temporary(&log.dir, &bytes, private_permissions())?;
    let file = OpenOptions::new().read(true).write(true).open(&temporary)?;
    // Locked before it can be seen under its name: nobody takes it for the
    // leftover of a dead process.
    if !try_lock(&file) {
        return Err(io::Error::other("cannot lock the intent record"));
    }
    let name = format!("{}-{}.json", &record.root_key[..16], fresh_name("").trim_end_matches(".tmp"));
    let path = log.dir.join(name);
    if let Err(error) = fs::rename(&temporary, &path) {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    sync_folder(&log.dir)?;
    Ok((path, file))
}

/// Takes an exclusive lock on `file` without waiting: `false` when another
/// open file holds it. The lock goes with the process, however it ends.
/// Without `flock` (not Unix) there is no lock, and a record is taken for
/// a dead process's.
fn try_lock(file: &File) -> bool {
    #[cfg(unix)]
    {
        rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

/// What a test's `stop` makes of step `number` (of file `target`): a
/// failure, a quiet end (a death: the caller sees the step not done), or
/// `None` to go on.
fn stop_before(stop: Option<Stop>, number: usize, target: &Path) -> Option<Result<(), ChangeError>> {
    match stop {
        Some(Stop::Fail(at)) if at == number => Some(Err(ChangeError::Write {
            path: target.to_owned(),
            source: io::Error::other("failure injected by a test"),
            rollback: String::new(),
        })),
        Some(Stop::Die(at)) if at == number => Some(Ok(())),
        _ => None,
    }
}

/// Writes the temporary files, then puts each in place; on failure, undoes
/// what was done.
fn apply(writes: &[FileWrite], plan: &Plan, stop: Option<Stop>) -> Applied {
    let write_error =
        |path: &Path, source: io::Error| ChangeError::Write { path: path.to_owned(), source, rollback: String::new() };
    let remove_temporaries = || {
        for file in &plan.files {
            // Ours and hidden; what is not there was never written.
            let _ = plan.folders[file.folder].remove(&file.temporary);
        }
    };
    for (number, (write, file)) in writes.iter().zip(&plan.files).enumerate() {
        if stop == Some(Stop::DieWriting(number)) {
            return Applied::Died;
        }
        let written = plan.folders[file.folder].write_new(
            &file.temporary,
            write.text.as_bytes(),
            file.permissions.clone(),
            !FLUSH_ALL_AT_ONCE,
        );
        if let Err(error) = written {
            remove_temporaries();
            return Applied::Failed(write_error(&file.target, error), String::new());
        }
    }
    // Every new text on disk before the first target is replaced.
    if let Some(file) = plan.files.first()
        && let Err(error) = flush_all(&plan.folders[file.folder])
    {
        remove_temporaries();
        return Applied::Failed(write_error(&file.target, error), String::new());
    }
    let mut done: Vec<Done> = Vec::new();
    let mut step_number = 0;
    let outcome = (|| -> Result<(), ChangeError> {
        for (write, file) in writes.iter().zip(&plan.files) {
            let (folder, target) = (&plan.folders[file.folder], &file.target);
            if let Some(stopped) = stop_before(stop, step_number, target) {
                return stopped;
            }
            step_number += 1;
            if !is_unchanged(folder, &file.name, write.expected.as_deref())
                .map_err(|error| write_error(target, error))?
            {
                return Err(ChangeError::Changed { id: write.id.clone() });
            }
            if write.expected.is_some() {
                folder.link(&file.name, &file.backup).map_err(|error| write_error(target, error))?;
                if let Err(error) = folder.rename(&file.temporary, &file.name) {
                    // Nothing replaced: only the backup link to drop.
                    let _ = folder.remove(&file.backup);
                    return Err(write_error(target, error));
                }
                done.push(Done::Replaced { folder: file.folder, name: file.name.clone(), backup: file.backup.clone() });
            } else {
                // A hard link never replaces a file created meanwhile.
                folder.link(&file.temporary, &file.name).map_err(|error| match error.kind() {
                    io::ErrorKind::AlreadyExists => ChangeError::Exists { id: write.id.clone() },
                    _ => write_error(target, error),
                })?;
                done.push(Done::Created { folder: file.folder, name: file.name.clone() });
            }
        }
        if let Some(file) = &plan.removal {
            let (folder, target) = (&plan.folders[file.folder], &file.target);
            if let Some(stopped) = stop_before(stop, step_number, target) {
                return stopped;
            }
            step_number += 1;
            let old_hash = plan.removal_hash.as_deref();
            if !is_unchanged(folder, &file.name, old_hash).map_err(|error| write_error(target, error))? {
                return Err(ChangeError::Changed { id: file.name.clone() });
            }
            folder.link(&file.name, &file.backup).map_err(|error| write_error(target, error))?;
            folder.remove(&file.name).map_err(|error| write_error(target, error))?;
            done.push(Done::Removed { folder: file.folder, name: file.name.clone(), backup: file.backup.clone() });
        }
        Ok(())
    })();
    let steps = plan.files.len() + usize::from(plan.removal.is_some());
    if matches!(stop, Some(Stop::Die(at)) if at < steps) && step_number < steps && outcome.is_ok() {
        return Applied::Died;
    }
    remove_temporaries();
    if let Err(error) = outcome {
        let failures = roll_back(plan, done);
        return Applied::Failed(error, failures);
    }
    for folder in &plan.folders {
        if let Err(error) = folder.sync() {
            return Applied::Failed(write_error(folder.path(), error), roll_back(plan, done));
        }
    }
    // Only once every rename is on disk: until then a backup is what
    // recovery would undo with.
    for step in &done {
        if let Done::Replaced { folder, backup, .. } | Done::Removed { folder, backup, .. } = step {
            // Hidden, and swept by the next start's recovery if it stays.
            let _ = plan.folders[*folder].remove(backup);
        }
    }
    Applied::Done
}

/// Whether the temporary files are flushed together, by [`flush_all`],
/// rather than each as it is written.
const FLUSH_ALL_AT_ONCE: bool = cfg!(target_os = "linux");

/// Flushes every file written on the file system of `folder` to disk: on
/// Linux with one `syncfs` rather than an `fsync` per file, which for a
/// rename across thousands of files is thousands of waits for the disk.
/// Elsewhere each file was flushed as it was written.
fn flush_all(folder: &Folder) -> io::Result<()> {
    if FLUSH_ALL_AT_ONCE { folder.sync_file_system() } else { Ok(()) }
}

/// Whether the file `name` in `folder` is the version `expected` (`None`: no file).
fn is_unchanged(folder: &Folder, name: &str, expected: Option<&str>) -> io::Result<bool> {
    Ok(match folder.read(name)? {
        Some(bytes) => expected == Some(content_hash(&bytes).as_str()),
        None => expected.is_none(),
    })
}

/// Undoes `done`, last step first; returns what could not be undone.
fn roll_back(plan: &Plan, done: Vec<Done>) -> String {
    let mut failures = Vec::new();
    for step in done.into_iter().rev() {
        let (folder, name, outcome) = match &step {
            Done::Replaced { folder, name, backup } | Done::Removed { folder, name, backup } => {
                (folder, name, plan.folders[*folder].rename(backup, name))
            }
            Done::Created { folder, name } => (folder, name, plan.folders[*folder].remove(name)),
        };
        if let Err(error) = outcome {
            failures.push(format!("`{}` ({error})", plan.folders[*folder].path().join(name).display()));
        }
    }
    failures.join(", ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every file under `root` (hidden ones too) with its bytes.
    pub(crate) fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![root.to_owned()];
        while let Some(folder) = stack.pop() {
            for item in fs::read_dir(&folder).unwrap() {
                let path = item.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    files.push((name, fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    /// A wiki folder holding `files`.
    pub(crate) fn wiki(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (id, text) in files {
            let path = dir.path().join(id);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    const OLD: [(&str, &str); 3] = [("a.md", "# A\n\n[[B]]\n"), ("people/c.md", "# C\n\n[[B]]\n"), ("b.md", "# B\n")];
    const NEW: [(&str, &str); 3] = [("a.md", "# A\n\n[[D]]\n"), ("people/c.md", "# C\n\n[[D]]\n"), ("d.md", "# D\n")];

    /// The change from OLD to NEW: two files rewritten, one created, one removed.
    fn change(log: &IntentLog, root: &Path, stop: Option<Stop>) -> Result<(), ChangeError> {
        let hash = |id: &str| content_hash(&fs::read(root.join(id)).unwrap());
        let writes: Vec<FileWrite> = NEW
            .iter()
            .map(|(id, text)| FileWrite {
                id: (*id).to_owned(),
                text: (*text).to_owned(),
                expected: root.join(id).exists().then(|| hash(id)),
            })
            .collect();
        let old = hash("b.md");
        commit(log, root, "rename of `B` to `D`", &writes, Some(("b.md", &old)), stop)
    }

    // A process killed anywhere in a multi-file change leaves, after the next
    // start's recovery, every byte as before or every byte as after, and no
    // hidden file or record behind.
    #[test]
    fn recovery_after_death_at_every_point_gives_all_old_or_all_new() {
        let all_new = snapshot(wiki(&NEW).path());
        let all_old = snapshot(wiki(&OLD).path());
        let mut outcomes = Vec::new();
        let stops = (0..3).map(Stop::DieWriting).chain((0..=3).map(Stop::Die));
        for stop in stops {
            let data = tempfile::tempdir().unwrap();
            let log = IntentLog::open(data.path()).unwrap();
            let dir = wiki(&OLD);
            assert!(change(&log, dir.path(), Some(stop)).is_err(), "{stop:?}");
            assert_eq!(fs::read_dir(data.path()).unwrap().count(), 1, "{stop:?}: the record stays after a death");
            let recovered = log.recover(dir.path());
            assert_eq!(recovered.len(), 1, "{stop:?}");
            let expected = match recovered[0].outcome {
                RecoveryOutcome::Completed => &all_new,
                RecoveryOutcome::Undone => &all_old,
            };
            assert_eq!(&snapshot(dir.path()), expected, "{stop:?}: {}", recovered[0]);
            assert!(recovered[0].left_alone.is_empty(), "{stop:?}");
            assert_eq!(fs::read_dir(data.path()).unwrap().count(), 0, "{stop:?}: the record is gone");
            assert!(log.recover(dir.path()).is_empty(), "{stop:?}: nothing to do a second time");
            outcomes.push((stop, recovered[0].outcome));
        }
        // Killed while writing the new texts, the change cannot be completed;
        // once they are all on disk, it is.
        for (stop, outcome) in outcomes {
            let expected = match stop {
                Stop::DieWriting(_) => RecoveryOutcome::Undone,
                _ => RecoveryOutcome::Completed,
            };
            assert_eq!(outcome, expected, "{stop:?}");
        }
    }

    // A file someone changed between the death and the recovery is neither
    // version: the change is undone around it, and it is left as it is and named.
    #[test]
    fn a_file_changed_since_is_left_alone_and_named() {
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        let dir = wiki(&OLD);
        change(&log, dir.path(), Some(Stop::Die(1))).unwrap_err();
        fs::write(dir.path().join("a.md"), "# A\n\nSomeone's edit.\n").unwrap();
        let recovered = log.recover(dir.path());
        assert_eq!(recovered[0].outcome, RecoveryOutcome::Undone);
        assert_eq!(recovered[0].left_alone, ["`a.md` (changed since)"]);
        let mut expected = snapshot(wiki(&OLD).path());
        expected[0].1 = b"# A\n\nSomeone's edit.\n".to_vec();
        assert_eq!(snapshot(dir.path()), expected);
        assert!(recovered[0].to_string().starts_with("the interrupted rename of `B` to `D` was undone (4 files)"));
    }

    // A change still running in a live process is its own: recovery leaves it.
    #[test]
    fn a_live_change_is_not_recovered() {
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        let dir = wiki(&OLD);
        let record = Record {
            version: FORMAT_VERSION,
            root: String::new(),
            root_key: root_key(dir.path()),
            description: "live".to_owned(),
            steps: vec![Step::Create {
                target: "x.md".to_owned(),
                temporary: ".quire-1-1.tmp".to_owned(),
                new_hash: String::new(),
            }],
        };
        let (path, lock) = write_record(&log, &record).unwrap();
        assert!(log.recover(dir.path()).is_empty());
        assert!(path.exists());
        drop(lock);
        assert_eq!(log.recover(dir.path()).len(), 1, "once its process is gone it is recovered");
        assert!(!path.exists());
    }

    // A record naming paths outside the wiki (damaged, or planted) is never acted on.
    #[test]
    fn a_record_leading_outside_is_refused() {
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("victim.md"), "keep").unwrap();
        let dir = wiki(&OLD);
        for (target, temporary) in [("../victim.md", ".quire-1-1.tmp"), ("a.md", "../.quire-1-1.tmp"), ("a.md", "b.md")]
        {
            let record = Record {
                version: FORMAT_VERSION,
                root: String::new(),
                root_key: root_key(dir.path()),
                description: "planted".to_owned(),
                steps: vec![Step::Create {
                    target: target.to_owned(),
                    temporary: temporary.to_owned(),
                    new_hash: String::new(),
                }],
            };
            let (path, lock) = write_record(&log, &record).unwrap();
            drop(lock);
            assert!(log.recover(dir.path()).is_empty(), "{target} {temporary}");
            fs::remove_file(path).unwrap();
        }
        assert_eq!(snapshot(dir.path()), snapshot(wiki(&OLD).path()));
        assert_eq!(fs::read_to_string(outside.path().join("victim.md")).unwrap(), "keep");
    }

    // Intent records hold entry texts: readable by their user alone.
    #[cfg(unix)]
    #[test]
    fn records_and_their_folder_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().unwrap();
        let folder = data.path().join("intents");
        fs::create_dir(&folder).unwrap();
        fs::set_permissions(&folder, Permissions::from_mode(0o755)).unwrap();
        let log = IntentLog::open(&folder).unwrap();
        assert_eq!(fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700);
        let dir = wiki(&OLD);
        change(&log, dir.path(), Some(Stop::Die(0))).unwrap_err();
        let record = fs::read_dir(&folder).unwrap().next().unwrap().unwrap().path();
        assert_eq!(fs::metadata(record).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
