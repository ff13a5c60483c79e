//! The one door for writes into the wiki folder.
//!
//! Every write is all or nothing: the new bytes go to a temporary file in
//! the same folder, are flushed to disk, and only then take the target's
//! name; the folder is flushed too. A crash leaves the old file or the new
//! one, never a torn mix. Creating an entry never replaces an existing file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a write into the wiki did not happen.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The target already exists and creating must not replace it.
    #[error("`{}` already exists; not overwriting it", path.display())]
    Exists {
        /// The file that exists.
        path: PathBuf,
    },
    /// The id would leave the wiki root or is not an entry file name.
    #[error("`{id}` is not a valid entry path inside the wiki")]
    InvalidId {
        /// The id given.
        id: String,
    },
    /// The file system refused.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
}

/// Creates entry `id` (a `/`-separated path ending in `.md`) under `root`
/// with `contents`, atomically, creating its folder if needed. Fails with
/// [`StoreError::Exists`] when the file is already there.
pub fn create_entry(root: &Path, id: &str, contents: &str) -> Result<PathBuf, StoreError> {
    let target = entry_path(root, id)?;
    let folder = target.parent().unwrap_or(root);
    let io_error = |source| StoreError::Io { path: target.clone(), source };
    fs::create_dir_all(folder).map_err(io_error)?;
    if fs::symlink_metadata(&target).is_ok() {
        return Err(StoreError::Exists { path: target });
    }
    let temporary = write_temporary(folder, contents.as_bytes()).map_err(io_error)?;
    // A hard link fails when the name is taken, so no check-then-write race
    // can replace a file created meanwhile.
    let linked = fs::hard_link(&temporary, &target);
    let removed = fs::remove_file(&temporary);
    match linked {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => return Err(StoreError::Exists { path: target }),
        Err(error) => return Err(io_error(error)),
    }
    removed.map_err(io_error)?;
    sync_folder(folder).map_err(io_error)?;
    Ok(target)
}

/// The file of entry `id` under `root`, refusing ids that could leave it.
fn entry_path(root: &Path, id: &str) -> Result<PathBuf, StoreError> {
    let invalid = || StoreError::InvalidId { id: id.to_owned() };
    let relative = Path::new(id);
    let plain = relative.components().all(|component| match component {
        Component::Normal(part) => part.to_str().is_some_and(|part| !part.starts_with('.')),
        _ => false,
    });
    if !plain || id.contains('\0') || !id.ends_with(".md") || id.contains('\\') {
        return Err(invalid());
    }
    Ok(root.join(relative))
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to a new hidden file in `folder`, flushed to disk.
fn write_temporary(folder: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    loop {
        let number = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!(".quire-{}-{number}.tmp", std::process::id()));
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(error) = written {
            // The temporary file is ours and useless now; its removal failing
            // changes nothing for the caller, who gets the write error.
            let _ = fs::remove_file(&path);
            return Err(error);
        }
        return Ok(path);
    }
}

/// Flushes a folder's entries (the rename or link) to disk.
fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    // `quire new` must never replace an entry someone already wrote.
    #[test]
    fn creates_once_and_never_overwrites() {
        let root = tempfile::tempdir().unwrap();
        let path = create_entry(root.path(), "people/a.md", "one").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let again = create_entry(root.path(), "people/a.md", "two");
        assert!(matches!(again, Err(StoreError::Exists { .. })), "{again:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let leftovers: Vec<_> =
            fs::read_dir(root.path().join("people")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["a.md"], "no temporary file is left behind");
    }

    // Ids come from users and the UI; none may reach outside the root.
    #[test]
    fn refuses_ids_that_leave_the_root() {
        let root = tempfile::tempdir().unwrap();
        for id in ["../x.md", "/etc/x.md", "a/../../x.md", ".git/x.md", "x.txt", "a\0.md", "", "a\\..\\x.md"] {
            assert!(matches!(create_entry(root.path(), id, ""), Err(StoreError::InvalidId { .. })), "{id:?}");
        }
    }
}
