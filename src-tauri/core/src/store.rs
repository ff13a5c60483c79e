//! The one door for reads and writes of entry files in the wiki folder.
//!
//! Entries are named by ids (`people/kaiming-he.md`), never by paths:
//! [`resolve_entry_path`] turns an id into a file strictly inside the root,
//! refusing anything that could leave it (`..`, absolute paths, hidden
//! names, symbolic links anywhere on the way).
//!
//! Every write is all or nothing: the new bytes go to a hidden temporary
//! file in the same folder, are flushed to disk, and only then take the
//! target's name; the folder is flushed too. A crash leaves the old file or
//! the new one, never a torn mix. Creating an entry never replaces an
//! existing file, and saving replaces only the version the caller loaded
//! (by its [`content_hash`]): a file changed on disk meanwhile becomes a
//! [`StoreError::Conflict`], never a silent overwrite.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::folder::Folder;
use crate::id::EntryId;

/// How long a temporary file of ours may exist before it is taken for the
/// leftover of a crash: a save holds one for milliseconds.
const STALE_TEMPORARY_AGE: Duration = Duration::from_secs(10 * 60);
const TEMPORARY_PREFIX: &str = ".quire-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// Why a read or write of an entry file did not happen.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The target already exists and creating must not replace it.
    #[error("`{}` already exists; not overwriting it", path.display())]
    Exists {
        /// The file that exists.
        path: PathBuf,
    },
    /// The id would leave the wiki root or is not an entry file name.
    #[error("`{}` is not a valid entry id: {reason}", shown(id))]
    InvalidId {
        /// The id given.
        id: String,
        /// What is wrong with it, in a few words.
        reason: &'static str,
    },
    /// The entry file, or a folder on the way to it, is a symbolic link.
    #[error("`{}` is a symbolic link; entries are never read or written through links", path.display())]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// The file's bytes are not UTF-8 text.
    #[error("`{}` is not valid UTF-8 (first bad byte at offset {offset})", path.display())]
    NotUtf8 {
        /// The file read.
        path: PathBuf,
        /// The offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// The file on disk is not the version the save was based on: someone
    /// else changed, created or deleted it. Nothing was written.
    #[error("`{}` changed on disk since it was loaded; not overwriting it", path.display())]
    Conflict {
        /// The entry file.
        path: PathBuf,
        /// What the file holds now; `None` when it was deleted or is not
        /// UTF-8 text.
        disk_text: Option<String>,
        /// The [`content_hash`] of the file now; `None` when it was deleted.
        disk_hash: Option<String>,
    },
    /// The file system refused.
    #[error("cannot access `{}`: {source}", path.display())]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
}

/// An entry file as read from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// The file's text, exactly as on disk (BOM and line endings included).
    pub text: String,
    /// The [`content_hash`] of the file's bytes: pass it to [`save_entry`].
    pub hash: String,
}

/// The lowercase hex SHA-256 of `bytes`: how the store recognises a version
/// of a file.
pub fn content_hash(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

/// The file of entry `id` under `root`.
///
/// An id is a relative, `/`-separated path whose last name ends in `.md`
/// (any case). Refused with [`StoreError::InvalidId`]: empty or overlong ids,
/// absolute paths, `.` and `..`, hidden names (starting with `.`), empty
/// names, backslashes and control characters. Refused with
/// [`StoreError::Symlink`]: any folder or file on the way that exists and is
/// a symbolic link, wherever it points. A name used as a folder that is an
/// existing file is an [`StoreError::InvalidId`] too. So the path returned is inside
/// `root` and reaching it follows no link.
pub fn resolve_entry_path(root: &Path, id: &str) -> Result<PathBuf, StoreError> {
    EntryId::check(id).map_err(|reason| StoreError::InvalidId { id: id.to_owned(), reason })?;
    let mut path = root.to_owned();
    let mut names = id.split('/').peekable();
    while let Some(name) = names.next() {
        path.push(name);
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => return Err(StoreError::Symlink { path }),
            // `entry.md/x.md`: a file cannot hold anything.
            Ok(metadata) if !metadata.is_dir() && names.peek().is_some() => {
                return Err(StoreError::InvalidId {
                    id: id.to_owned(),
                    reason: "a folder on the way is a file, not a folder",
                });
            }
            Ok(_) => {}
            // Nothing below a missing name can exist either.
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(root.join(id)),
            Err(source) => return Err(StoreError::Io { path, source }),
        }
    }
    Ok(path)
}

/// An id for a message: escaped, and shortened when very long.
fn shown(id: &str) -> String {
    const LIMIT: usize = 80;
    let escaped: String = id.escape_debug().collect();
    match escaped.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped,
    }
}

/// Reads entry `id` under `root`. The file must be UTF-8 text
/// ([`StoreError::NotUtf8`] otherwise); its hash is what [`save_entry`]
/// checks the disk against later.
pub fn read_entry_file(root: &Path, id: &str) -> Result<Loaded, StoreError> {
    let path = resolve_entry_path(root, id)?;
    let io_error = |source| StoreError::Io { path: path.clone(), source };
    let (folder, name) = Folder::of_entry(root, id, false).map_err(io_error)?;
    let bytes = folder
        .read(&name)
        .and_then(|bytes| bytes.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file")))
        .map_err(io_error)?;
    let hash = content_hash(&bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Loaded { text, hash }),
        Err(error) => Err(StoreError::NotUtf8 { path, offset: error.utf8_error().valid_up_to() }),
    }
}

/// Saves `text` as entry `id` under `root`, atomically, provided the file on
/// disk is still the version the caller loaded: the one whose
/// [`content_hash`] is `expected_hash`, or no file at all when it is `None`.
/// Returns the hash of the new contents.
///
/// When the disk holds something else, nothing is written and the error is
/// a [`StoreError::Conflict`] carrying what the disk holds. When the disk
/// already holds exactly `text`, nothing is written either (whatever was
/// expected: nothing can be lost) and the hash is returned, so saving an
/// unedited entry leaves its bytes and modification time alone. A replaced
/// file keeps its permissions; a read-only file is refused.
///
/// The disk is checked once more just before the rename, after the new
/// bytes are safely on disk, so the window in which an outside write can
/// still be replaced is the time of one rename.
pub fn save_entry(root: &Path, id: &str, text: &str, expected_hash: Option<&str>) -> Result<String, StoreError> {
    let target = resolve_entry_path(root, id)?;
    let io_error = |source| StoreError::Io { path: target.clone(), source };
    let new_hash = content_hash(text.as_bytes());
    // Every step below goes through the folder's handle: a folder on the way
    // swapped for a link meanwhile cannot redirect a read or a write.
    let (folder, name) = Folder::of_entry(root, id, expected_hash.is_none()).map_err(io_error)?;
    let disk = read_hashed(&folder, &name).map_err(io_error)?;
    if disk.as_ref().is_some_and(|(_, hash)| *hash == new_hash) {
        return Ok(new_hash);
    }
    if disk.as_ref().map(|(_, hash)| hash.as_str()) != expected_hash {
        return Err(conflict(target, disk));
    }
    if expected_hash.is_none() {
        let outcome = link_new(&folder, &name, &target, text.as_bytes());
        if let Err(StoreError::Exists { .. }) = outcome {
            // Created by someone else between our check and our link.
            let disk = read_hashed(&folder, &name).map_err(io_error)?;
            return Err(conflict(target, disk));
        }
        outcome?;
    } else {
        let permissions = folder.permissions(&name).map_err(io_error)?;
        if permissions.readonly() {
            return Err(io_error(io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only")));
        }
        let temporary = write_fresh(&folder, text.as_bytes(), Some(permissions)).map_err(io_error)?;
        let replaced = replace_if_unchanged(&folder, &temporary, &name, &target, expected_hash);
        if replaced.is_err() {
            // The temporary file is ours and useless now; failing to remove
            // it changes nothing for the caller, who gets the first error,
            // and a later save sweeps it.
            let _ = folder.remove(&temporary);
        }
        replaced?;
        folder.sync().map_err(io_error)?;
    }
    remove_stale_temporaries(folder.path());
    Ok(new_hash)
}

/// Renames `temporary` over `name` (both in `folder`) if `name` still
/// hashes to `expected_hash`.
fn replace_if_unchanged(
    folder: &Folder,
    temporary: &str,
    name: &str,
    target: &Path,
    expected_hash: Option<&str>,
) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io { path: target.to_owned(), source };
    let disk = read_hashed(folder, name).map_err(io_error)?;
    if disk.as_ref().map(|(_, hash)| hash.as_str()) != expected_hash {
        return Err(conflict(target.to_owned(), disk));
    }
    folder.rename(temporary, name).map_err(io_error)
}

/// The bytes and hash of the file `name` in `folder`; `None` when there is none.
fn read_hashed(folder: &Folder, name: &str) -> io::Result<Option<(Vec<u8>, String)>> {
    Ok(folder.read(name)?.map(|bytes| {
        let hash = content_hash(&bytes);
        (bytes, hash)
    }))
}

fn conflict(path: PathBuf, disk: Option<(Vec<u8>, String)>) -> StoreError {
    let (disk_text, disk_hash) = match disk {
        Some((bytes, hash)) => (String::from_utf8(bytes).ok(), Some(hash)),
        None => (None, None),
    };
    StoreError::Conflict { path, disk_text, disk_hash }
}

/// Creates entry `id` (a `/`-separated path ending in `.md`) under `root`
/// with `contents`, atomically, creating its folder if needed. Fails with
/// [`StoreError::Exists`] when the file is already there.
pub fn create_entry(root: &Path, id: &str, contents: &str) -> Result<PathBuf, StoreError> {
    let target = resolve_entry_path(root, id)?;
    let (folder, name) =
        Folder::of_entry(root, id, true).map_err(|source| StoreError::Io { path: target.clone(), source })?;
    link_new(&folder, &name, &target, contents.as_bytes())?;
    remove_stale_temporaries(folder.path());
    Ok(target)
}

/// Writes `bytes` as the new file `name` (at `target`) in `folder`,
/// atomically, failing with [`StoreError::Exists`] rather than replacing a file.
fn link_new(folder: &Folder, name: &str, target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io { path: target.to_owned(), source };
    let temporary = write_fresh(folder, bytes, None).map_err(io_error)?;
    // A hard link fails when the name is taken, so no check-then-write race
    // can replace a file created meanwhile.
    let linked = folder.link(&temporary, name);
    let removed = folder.remove(&temporary);
    match linked {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(StoreError::Exists { path: target.to_owned() });
        }
        Err(error) => return Err(io_error(error)),
    }
    removed.map_err(io_error)?;
    folder.sync().map_err(io_error)
}

/// Writes `bytes` to a new temporary file of this process in `folder`
/// (swept by [`remove_stale_temporaries`] once the process is gone),
/// flushed; returns its name. A name left by an earlier process with the
/// same id is skipped, never reused.
fn write_fresh(folder: &Folder, bytes: &[u8], permissions: Option<Permissions>) -> io::Result<String> {
    loop {
        let number = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{TEMPORARY_PREFIX}{}-{number}{TEMPORARY_SUFFIX}", std::process::id());
        match folder.write_new(&name, bytes, permissions.clone(), true) {
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            outcome => return outcome.map(|()| name),
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to a new hidden file in `folder` (with `permissions` when
/// given), flushed to disk.
pub(crate) fn write_temporary(folder: &Path, bytes: &[u8], permissions: Option<Permissions>) -> io::Result<PathBuf> {
    loop {
        let number = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!("{TEMPORARY_PREFIX}{}-{number}{TEMPORARY_SUFFIX}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // Created with its final mode, so private bytes are never readable
        // by others, not even between the write and the chmod.
        #[cfg(unix)]
        if let Some(permissions) = &permissions {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(permissions.mode() & 0o777);
        }
        let mut file = match options.open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        };
        let written = file
            .write_all(bytes)
            .and_then(|()| permissions.map_or(Ok(()), |permissions| file.set_permissions(permissions)))
            .and_then(|()| file.sync_all());
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
pub(crate) fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Removes the temporary files a killed process left in `folder`: ours by
/// name, and either older than any save takes or (where `/proc` tells)
/// belonging to a process that no longer runs. Best effort: a leftover is
/// hidden, so the wiki ignores it, and the next save tries again.
pub(crate) fn remove_stale_temporaries(folder: &Path) {
    let Ok(listing) = fs::read_dir(folder) else { return };
    let now = SystemTime::now();
    for item in listing.flatten() {
        let name = item.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else { continue };
        let Ok(metadata) = item.metadata() else { continue };
        let old = metadata
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_TEMPORARY_AGE);
        if metadata.is_file() && (old || process_is_gone(pid)) {
            // Another process may have removed it first; either way it is gone.
            let _ = fs::remove_file(item.path());
        }
    }
}

/// The process id in the name of one of our temporary files.
fn temporary_pid(name: &str) -> Option<u32> {
    let (pid, _number) = name.strip_prefix(TEMPORARY_PREFIX)?.strip_suffix(TEMPORARY_SUFFIX)?.split_once('-')?;
    pid.parse().ok()
}

/// Whether process `pid` has certainly exited. Only Linux's `/proc` can
/// tell; elsewhere nothing is certain and the age rule alone applies.
fn process_is_gone(pid: u32) -> bool {
    cfg!(target_os = "linux")
        && pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(folder).unwrap().map(|item| item.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }

    // `quire new` must never replace an entry someone already wrote.
    #[test]
    fn creates_once_and_never_overwrites() {
        let root = tempfile::tempdir().unwrap();
        let path = create_entry(root.path(), "people/a.md", "one").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let again = create_entry(root.path(), "people/a.md", "two");
        assert!(matches!(again, Err(StoreError::Exists { .. })), "{again:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        assert_eq!(leftovers(&root.path().join("people")), ["a.md"], "no temporary file is left behind");
    }

    // Ids come from users and the UI; none may reach outside the root.
    #[test]
    fn refuses_ids_that_leave_the_root() {
        let root = tempfile::tempdir().unwrap();
        let long = format!("{}.md", "a".repeat(2000));
        let long_name = format!("{}.md", "a".repeat(300));
        for id in [
            "../x.md",
            "/etc/x.md",
            "a/../../x.md",
            ".git/x.md",
            "x.txt",
            "a\0.md",
            "",
            "a\\..\\x.md",
            "./x.md",
            "a//x.md",
            "x.md/",
            "a\n.md",
            ".md",
            &long,
            &long_name,
        ] {
            let created = create_entry(root.path(), id, "");
            assert!(matches!(created, Err(StoreError::InvalidId { .. })), "{id:?}: {created:?}");
            let resolved = resolve_entry_path(root.path(), id);
            assert!(matches!(resolved, Err(StoreError::InvalidId { .. })), "{id:?}: {resolved:?}");
        }
        assert!(leftovers(root.path()).is_empty());
    }

    // Odd but harmless names are entries like any other, inside the root.
    #[test]
    fn accepts_plain_ids() {
        let root = tempfile::tempdir().unwrap();
        for id in ["a.md", "A.MD", "people/kaiming-he.md", "%2e%2e/x.md", "‥/x.md", "été/ça.md", "a b.Md"] {
            assert_eq!(resolve_entry_path(root.path(), id).unwrap(), root.path().join(id), "{id:?}");
        }
    }

    // The message names the id (escaped, shortened) and says what is wrong, in rustc's voice.
    #[test]
    fn invalid_id_messages_are_readable() {
        let root = tempfile::tempdir().unwrap();
        let message = resolve_entry_path(root.path(), "../x.md").unwrap_err().to_string();
        assert_eq!(message, "`../x.md` is not a valid entry id: `..` would leave the wiki folder");
        let message = resolve_entry_path(root.path(), "a\0.md").unwrap_err().to_string();
        assert!(message.starts_with("`a\\0.md` is not"), "{message}");
        let message = resolve_entry_path(root.path(), &"a".repeat(3000)).unwrap_err().to_string();
        assert!(message.len() < 200, "{message}");
    }

    // A link anywhere on the way could lead outside the root, so none is followed.
    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_on_the_way() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("x.md"), "outside").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("folder")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.md"), root.path().join("file.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("new.md"), root.path().join("dangling.md")).unwrap();
        for id in ["folder/x.md", "folder/new.md", "file.md", "dangling.md"] {
            assert!(matches!(resolve_entry_path(root.path(), id), Err(StoreError::Symlink { .. })), "{id}");
            assert!(matches!(save_entry(root.path(), id, "pwned", None), Err(StoreError::Symlink { .. })), "{id}");
            assert!(matches!(create_entry(root.path(), id, "pwned"), Err(StoreError::Symlink { .. })), "{id}");
        }
        assert_eq!(fs::read_to_string(outside.path().join("x.md")).unwrap(), "outside");
        assert_eq!(leftovers(outside.path()), ["x.md"]);
    }

    // S6: a FIFO named like an entry must never block a read or a save (the
    // app reads changed files while holding its session lock).
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("x.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let (sender, receiver) = std::sync::mpsc::channel();
        let dir = root.path().to_owned();
        std::thread::spawn(move || {
            let read = read_entry_file(&dir, "x.md");
            let saved = save_entry(&dir, "x.md", "text", Some("hash"));
            sender.send((read.is_err(), saved.is_err())).unwrap();
        });
        let outcome = receiver.recv_timeout(Duration::from_secs(10)).expect("reading a FIFO blocked");
        assert_eq!(outcome, (true, true));
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is left as it is");
    }

    // Hashes are the store's notion of a version; the app compares them as strings.
    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(content_hash(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    // Loading gives the exact text and the hash a later save is checked against.
    #[test]
    fn reads_text_and_hash() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("a.md"), "\u{feff}# A\r\n").unwrap();
        let loaded = read_entry_file(root.path(), "a.md").unwrap();
        assert_eq!(loaded.text, "\u{feff}# A\r\n");
        assert_eq!(loaded.hash, content_hash("\u{feff}# A\r\n".as_bytes()));
    }

    // Bad bytes are a typed error naming the file and where the text breaks.
    #[test]
    fn non_utf8_is_a_typed_error() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("a.md"), b"ok \xff\xfe").unwrap();
        let error = read_entry_file(root.path(), "a.md").unwrap_err();
        assert!(matches!(error, StoreError::NotUtf8 { offset: 3, .. }), "{error:?}");
        assert!(error.to_string().contains("a.md` is not valid UTF-8"), "{error}");
    }

    // The basic cycle: create through save, edit, and save again on the new hash.
    #[test]
    fn saves_on_the_expected_version() {
        let root = tempfile::tempdir().unwrap();
        let first = save_entry(root.path(), "people/a.md", "one", None).unwrap();
        assert_eq!(first, content_hash(b"one"));
        let second = save_entry(root.path(), "people/a.md", "two", Some(&first)).unwrap();
        assert_eq!(fs::read_to_string(root.path().join("people/a.md")).unwrap(), "two");
        save_entry(root.path(), "people/a.md", "three", Some(&second)).unwrap();
        assert_eq!(fs::read_to_string(root.path().join("people/a.md")).unwrap(), "three");
        assert_eq!(leftovers(&root.path().join("people")), ["a.md"], "no temporary file is left behind");
    }

    // Someone else's change must reach the user, never be replaced unseen.
    #[test]
    fn a_changed_file_is_a_conflict() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.md");
        let hash = save_entry(root.path(), "a.md", "mine", None).unwrap();
        fs::write(&path, "theirs").unwrap();
        let error = save_entry(root.path(), "a.md", "mine, edited", Some(&hash)).unwrap_err();
        let StoreError::Conflict { disk_text, disk_hash, .. } = error else { panic!("{error:?}") };
        assert_eq!(disk_text.as_deref(), Some("theirs"));
        assert_eq!(disk_hash, Some(content_hash(b"theirs")));
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs");
        assert_eq!(leftovers(root.path()), ["a.md"]);
    }

    // A deleted file and a file that appeared are conflicts too, told apart by the hash.
    #[test]
    fn deleted_and_appeared_files_are_conflicts() {
        let root = tempfile::tempdir().unwrap();
        let hash = save_entry(root.path(), "a.md", "mine", None).unwrap();
        fs::remove_file(root.path().join("a.md")).unwrap();
        let error = save_entry(root.path(), "a.md", "mine, edited", Some(&hash)).unwrap_err();
        assert!(matches!(error, StoreError::Conflict { disk_text: None, disk_hash: None, .. }), "{error:?}");
        assert!(leftovers(root.path()).is_empty());
        fs::write(root.path().join("a.md"), "theirs").unwrap();
        let error = save_entry(root.path(), "a.md", "mine", None).unwrap_err();
        assert!(matches!(error, StoreError::Conflict { disk_text: Some(_), .. }), "{error:?}");
        fs::write(root.path().join("a.md"), b"\xff").unwrap();
        let error = save_entry(root.path(), "a.md", "mine", Some(&hash)).unwrap_err();
        assert!(matches!(error, StoreError::Conflict { disk_text: None, disk_hash: Some(_), .. }), "{error:?}");
    }

    // Saving what is already there is a no-op, whatever the caller expected: nothing can be lost.
    #[test]
    fn saving_the_same_text_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.md");
        fs::write(&path, "same").unwrap();
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        File::options().write(true).open(&path).unwrap().set_modified(old).unwrap();
        let hash = save_entry(root.path(), "a.md", "same", Some("stale")).unwrap();
        assert_eq!(hash, content_hash(b"same"));
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old, "the file was not touched");
    }

    // Replacing a file must not change who may read it.
    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_refuses_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.md");
        let hash = save_entry(root.path(), "a.md", "one", None).unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        let hash = save_entry(root.path(), "a.md", "two", Some(&hash)).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        fs::set_permissions(&path, Permissions::from_mode(0o444)).unwrap();
        let error = save_entry(root.path(), "a.md", "three", Some(&hash)).unwrap_err();
        assert!(error.to_string().contains("read-only"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(leftovers(root.path()), ["a.md"]);
    }

    // A crash leaves a hidden temporary file; the next save in the folder removes it once it is stale.
    #[test]
    fn sweeps_stale_temporaries() {
        let root = tempfile::tempdir().unwrap();
        let stale = root.path().join(format!(".quire-{}-7.tmp", std::process::id()));
        let fresh = root.path().join(format!(".quire-{}-8.tmp", std::process::id()));
        let unrelated = root.path().join(".quire-notes.tmp");
        for path in [&stale, &fresh, &unrelated] {
            fs::write(path, "partial").unwrap();
        }
        let old = SystemTime::now() - Duration::from_secs(3600);
        File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
        File::options().write(true).open(&unrelated).unwrap().set_modified(old).unwrap();
        save_entry(root.path(), "a.md", "one", None).unwrap();
        let names = leftovers(root.path());
        assert!(!stale.exists(), "{names:?}");
        assert!(fresh.exists(), "a live process's temporary file stays: {names:?}");
        assert!(unrelated.exists(), "only names of ours are removed: {names:?}");
    }
}
