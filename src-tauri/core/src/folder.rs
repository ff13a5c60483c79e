//! A folder of the wiki, opened once and used by handle.
//!
//! Checking a path for links and then opening it by name leaves a window:
//! a folder swapped for a link between the two sends the read or the write
//! wherever the link points. On Unix a [`Folder`] is reached from the opened
//! root one name at a time with `openat(O_NOFOLLOW | O_DIRECTORY)`, and
//! every file in it is opened, created, renamed and linked relative to that
//! handle (`openat`, `renameat`, `linkat`): no later swap of any folder on the
//! way can redirect it. Elsewhere it falls back to paths checked by
//! [`crate::store::resolve_entry_path`].

use std::fs::{File, Permissions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// A folder of the wiki, and the path it was reached by (for messages).
pub(crate) struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    handle: std::os::fd::OwnedFd,
}

#[cfg(unix)]
mod unix {
    use std::os::fd::OwnedFd;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};

    pub(super) fn open_directory(at: Option<&OwnedFd>, name: &str, follow: bool) -> rustix::io::Result<OwnedFd> {
        let mut flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC;
        if !follow {
            flags |= OFlags::NOFOLLOW;
        }
        match at {
            Some(folder) => rustix::fs::openat(folder, name, flags, Mode::empty()),
            None => rustix::fs::openat(CWD, name, flags, Mode::empty()),
        }
    }

    pub(super) fn make_directory(at: &OwnedFd, name: &str) -> rustix::io::Result<()> {
        match rustix::fs::mkdirat(at, name, Mode::from_raw_mode(0o777)) {
            Err(rustix::io::Errno::EXIST) => Ok(()),
            outcome => outcome,
        }
    }

    pub(super) fn no_flags() -> AtFlags {
        AtFlags::empty()
    }
}

impl Folder {
    /// The folder holding entry `id` (its `/`-separated folders) under
    /// `root`, reached without following a link; created when `create` and
    /// missing. The root itself is the user's choice and may be a link.
    pub(crate) fn of_entry(root: &Path, id: &str, create: bool) -> io::Result<(Folder, String)> {
        let (folders, name) = match id.rsplit_once('/') {
            Some((folders, name)) => (Some(folders), name),
            None => (None, id),
        };
        let mut path = root.to_owned();
        #[cfg(unix)]
        {
            let root_text = root.to_str().ok_or_else(|| io::Error::other("the wiki's path is not UTF-8"))?;
            let mut handle = unix::open_directory(None, root_text, true)?;
            for folder in folders.into_iter().flat_map(|folders| folders.split('/')) {
                path.push(folder);
                handle = match unix::open_directory(Some(&handle), folder, false) {
                    Err(rustix::io::Errno::NOENT) if create => {
                        unix::make_directory(&handle, folder)?;
                        unix::open_directory(Some(&handle), folder, false)?
                    }
                    Err(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR) => {
                        return Err(io::Error::other(format!(
                            "`{}` is a symbolic link or not a folder; entries are never reached through links",
                            path.display()
                        )));
                    }
                    outcome => outcome?,
                };
            }
            Ok((Folder { path, handle }, name.to_owned()))
        }
        #[cfg(not(unix))]
        {
            if let Some(folders) = folders {
                path.push(folders);
                if create {
                    std::fs::create_dir_all(&path)?;
                }
            }
            Ok((Folder { path }, name.to_owned()))
        }
    }

    /// The folder's path, for messages.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The regular file `name` opened for reading, never through a link and
    /// without waiting (a FIFO is refused, not waited on).
    pub(crate) fn open_regular(&self, name: &str) -> io::Result<File> {
        #[cfg(unix)]
        let file = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            File::from(rustix::fs::openat(&self.handle, name, flags, Mode::empty())?)
        };
        #[cfg(not(unix))]
        let file = File::open(self.path.join(name))?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
        }
        Ok(file)
    }

    /// The bytes of the regular file `name`; `None` when there is none.
    pub(crate) fn read(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        let mut file = match self.open_regular(name) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |metadata| metadata.len() as usize));
        file.read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    }

    /// The permissions of the file `name` (not following a link).
    pub(crate) fn permissions(&self, name: &str) -> io::Result<Permissions> {
        Ok(self.open_regular(name)?.metadata()?.permissions())
    }

    /// Writes `bytes` to the new file `name` (which must not exist), with
    /// `permissions` from its creation on, flushed to disk when `flush`.
    pub(crate) fn write_new(
        &self,
        name: &str,
        bytes: &[u8],
        permissions: Option<Permissions>,
        flush: bool,
    ) -> io::Result<()> {
        #[cfg(unix)]
        let mut file = {
            use rustix::fs::{Mode, OFlags};
            use std::os::unix::fs::PermissionsExt;
            let mode = permissions.as_ref().map_or(0o666, |permissions| permissions.mode() & 0o777);
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            File::from(rustix::fs::openat(&self.handle, name, flags, Mode::from_raw_mode(mode))?)
        };
        #[cfg(not(unix))]
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(self.path.join(name))?;
        let written = file
            .write_all(bytes)
            .and_then(|()| permissions.map_or(Ok(()), |permissions| file.set_permissions(permissions)))
            .and_then(|()| if flush { file.sync_all() } else { Ok(()) });
        if written.is_err() {
            // Ours and useless; the caller gets the write's error.
            let _ = self.remove(name);
        }
        written
    }

    /// Whether this folder holds a file (or anything) named `name`.
    pub(crate) fn exists(&self, name: &str) -> bool {
        #[cfg(unix)]
        return rustix::fs::statat(&self.handle, name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW).is_ok();
        #[cfg(not(unix))]
        self.path.join(name).symlink_metadata().is_ok()
    }

    /// Flushes everything written on this folder's file system (Linux's
    /// `syncfs`); elsewhere this folder's names only.
    pub(crate) fn sync_file_system(&self) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        return Ok(rustix::fs::syncfs(&self.handle)?);
        #[cfg(not(target_os = "linux"))]
        self.sync()
    }

    /// Renames `from` over `to`, both in this folder.
    pub(crate) fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        #[cfg(unix)]
        return Ok(rustix::fs::renameat(&self.handle, from, &self.handle, to)?);
        #[cfg(not(unix))]
        std::fs::rename(self.path.join(from), self.path.join(to))
    }

    /// Gives the file `from` the second name `to`; fails when `to` exists.
    pub(crate) fn link(&self, from: &str, to: &str) -> io::Result<()> {
        #[cfg(unix)]
        return Ok(rustix::fs::linkat(&self.handle, from, &self.handle, to, unix::no_flags())?);
        #[cfg(not(unix))]
        std::fs::hard_link(self.path.join(from), self.path.join(to))
    }

    /// Removes the file `name`.
    pub(crate) fn remove(&self, name: &str) -> io::Result<()> {
        #[cfg(unix)]
        return Ok(rustix::fs::unlinkat(&self.handle, name, unix::no_flags())?);
        #[cfg(not(unix))]
        std::fs::remove_file(self.path.join(name))
    }

    /// Flushes the folder's names (a rename or link) to disk.
    pub(crate) fn sync(&self) -> io::Result<()> {
        #[cfg(unix)]
        return Ok(rustix::fs::fsync(&self.handle)?);
        #[cfg(not(unix))]
        File::open(&self.path)?.sync_all()
    }
}
