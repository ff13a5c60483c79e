//! The crash journal: unsaved edits, kept where a crash cannot take them.
//!
//! While the user types, the app records the buffer of each entry with
//! unsaved edits; after a successful save it discards the record. After a
//! crash, [`Journal::pending`] gives back what was never saved, with the hash
//! of the version it was based on, so the app can offer it again (and merge
//! it with [`crate::merge3`] when the file changed meanwhile).
//!
//! The journal lives outside the wiki (the app's data folder), so it never
//! shows in `git status` and the wiki scan never sees it. One JSON file per
//! (wiki, entry), named by a hash of both, written atomically like entries
//! are: a crash during a record leaves the previous record whole.

use std::fs::{self, Permissions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::store::{content_hash, remove_stale_temporaries, sync_folder, write_temporary};

/// The version of the record format, so a later format can tell old files.
const FORMAT_VERSION: u32 = 1;

/// The journal of unsaved edits, kept in a folder of its own.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
}

/// One unsaved edit found in the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    /// The entry's id in its wiki.
    pub id: String,
    /// The text in the editor when it was recorded.
    pub text: String,
    /// The hash of the file the edit was based on (`None`: a new entry).
    pub base_hash: Option<String>,
    /// When it was recorded, in milliseconds since the Unix epoch.
    pub saved_at_unix_ms: u64,
}

/// The file format. `root_key` identifies the wiki; `root` is for people
/// reading the folder.
#[derive(Serialize, Deserialize)]
struct Record {
    version: u32,
    root: String,
    root_key: String,
    id: String,
    text: String,
    base_hash: Option<String>,
    saved_at_unix_ms: u64,
}

impl Journal {
    /// Opens the journal in `dir`, creating the folder when needed. `dir`
    /// must be outside every wiki (the app's data folder).
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<Journal> {
        let dir = dir.into();
        private_folder(&dir)?;
        remove_stale_temporaries(&dir);
        Ok(Journal { dir })
    }

    /// The journal's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records `text` as the unsaved state of entry `id` of the wiki at
    /// `wiki_root`, based on the file whose hash is `base_hash`. Replaces the
    /// previous record of that entry, atomically.
    pub fn record(&self, wiki_root: &Path, id: &str, text: &str, base_hash: Option<&str>) -> io::Result<()> {
        let record = Record {
            version: FORMAT_VERSION,
            root: wiki_root.to_string_lossy().into_owned(),
            root_key: root_key(wiki_root),
            id: id.to_owned(),
            text: text.to_owned(),
            base_hash: base_hash.map(str::to_owned),
            saved_at_unix_ms: now_unix_ms(),
        };
        let bytes = serde_json::to_vec(&record).map_err(io::Error::other)?;
        let temporary = write_temporary(&self.dir, &bytes, private_permissions())?;
        let renamed = fs::rename(&temporary, self.file(wiki_root, id));
        if renamed.is_err() {
            // The caller gets the rename's error; a leftover temporary file
            // is hidden and swept when the journal is next opened.
            let _ = fs::remove_file(&temporary);
        }
        renamed?;
        sync_folder(&self.dir)
    }

    /// The unsaved edits of the wiki at `wiki_root`, sorted by id. Records
    /// that cannot be read or parsed are skipped: a damaged journal must not
    /// stop the app from opening.
    pub fn pending(&self, wiki_root: &Path) -> Vec<JournalEntry> {
        let Ok(listing) = fs::read_dir(&self.dir) else { return Vec::new() };
        let key = root_key(wiki_root);
        let mut found: Vec<JournalEntry> = listing
            .flatten()
            .filter(|item| {
                item.file_name().to_str().is_some_and(|name| !name.starts_with('.') && name.ends_with(".json"))
            })
            .filter_map(|item| fs::read(item.path()).ok())
            .filter_map(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .filter(|record| record.root_key == key)
            .map(|record| JournalEntry {
                id: record.id,
                text: record.text,
                base_hash: record.base_hash,
                saved_at_unix_ms: record.saved_at_unix_ms,
            })
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }

    /// Forgets the unsaved edit of entry `id` (after a save, or when the user
    /// declines it). Forgetting what is not there is not an error.
    pub fn discard(&self, wiki_root: &Path, id: &str) -> io::Result<()> {
        match fs::remove_file(self.file(wiki_root, id)) {
            Ok(()) => sync_folder(&self.dir),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// The record file of (wiki, entry).
    fn file(&self, wiki_root: &Path, id: &str) -> PathBuf {
        let mut key = root_key(wiki_root).into_bytes();
        key.push(0);
        key.extend_from_slice(id.as_bytes());
        let hash = content_hash(&key);
        self.dir.join(format!("{}.json", &hash[..32]))
    }
}

/// The app's data folder (`$XDG_DATA_HOME/org.quire.desktop` on Linux), as
/// Tauri names it, so the CLI finds what the app keeps there and the other
/// way round. `None` when the user has no home folder.
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER))
}

/// The desktop app's identifier (`tauri.conf.json`), which names its folders.
const APP_IDENTIFIER: &str = "org.quire.desktop";

/// Creates `dir` (and missing parents) readable by the user alone, and makes
/// an existing one so: unsaved text and change records are nobody else's.
pub fn private_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        fs::set_permissions(dir, Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// The permissions of a file only its user may read (`None` where the
/// platform has no such mode bits).
pub(crate) fn private_permissions() -> Option<Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// What identifies a wiki across runs: its canonical path when it has one,
/// so `wiki` and `wiki/` (or a path through a link) are the same wiki.
pub(crate) fn root_key(wiki_root: &Path) -> String {
    let canonical = fs::canonicalize(wiki_root).unwrap_or_else(|_| wiki_root.to_owned());
    content_hash(canonical.as_os_str().as_encoded_bytes())
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The whole cycle: record, find it again after a "restart", discard after the save.
    #[test]
    fn records_finds_and_discards() {
        let data = tempfile::tempdir().unwrap();
        let wiki = tempfile::tempdir().unwrap();
        let journal = Journal::open(data.path().join("journal")).unwrap();
        journal.record(wiki.path(), "b.md", "typed", Some("abc")).unwrap();
        journal.record(wiki.path(), "a.md", "first", None).unwrap();
        journal.record(wiki.path(), "a.md", "first, more", None).unwrap();
        let reopened = Journal::open(data.path().join("journal")).unwrap();
        let pending = reopened.pending(wiki.path());
        let summary: Vec<_> =
            pending.iter().map(|e| (e.id.as_str(), e.text.as_str(), e.base_hash.as_deref())).collect();
        assert_eq!(summary, [("a.md", "first, more", None), ("b.md", "typed", Some("abc"))]);
        assert!(pending[0].saved_at_unix_ms > 1_600_000_000_000);
        reopened.discard(wiki.path(), "a.md").unwrap();
        reopened.discard(wiki.path(), "a.md").unwrap();
        assert_eq!(reopened.pending(wiki.path()).len(), 1);
        let names: Vec<_> = fs::read_dir(reopened.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "one file per entry, no temporary left: {names:?}");
    }

    // Two wikis open in turn must not see each other's edits, even for the same id.
    #[test]
    fn keeps_wikis_apart() {
        let data = tempfile::tempdir().unwrap();
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        let journal = Journal::open(data.path()).unwrap();
        journal.record(first.path(), "a.md", "one", None).unwrap();
        journal.record(second.path(), "a.md", "two", None).unwrap();
        assert_eq!(journal.pending(first.path())[0].text, "one");
        assert_eq!(journal.pending(second.path())[0].text, "two");
        let with_slash = PathBuf::from(format!("{}/", first.path().display()));
        assert_eq!(journal.pending(&with_slash).len(), 1, "the same folder, spelled differently");
    }

    // A damaged journal (a torn file, junk, another program's files) must not stop recovery of the rest.
    #[test]
    fn skips_damaged_records() {
        let data = tempfile::tempdir().unwrap();
        let wiki = tempfile::tempdir().unwrap();
        let journal = Journal::open(data.path()).unwrap();
        journal.record(wiki.path(), "a.md", "kept", None).unwrap();
        fs::write(data.path().join("0123.json"), "{\"version\": 1, \"id\": ").unwrap();
        fs::write(data.path().join("bad.json"), b"\xff\xfe").unwrap();
        fs::write(data.path().join("other.txt"), "x").unwrap();
        fs::create_dir(data.path().join("folder.json")).unwrap();
        let pending = journal.pending(wiki.path());
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].text, "kept");
        let missing = Journal { dir: data.path().join("gone") };
        assert!(missing.pending(wiki.path()).is_empty());
    }

    // Unsaved text is the user's alone: records 0600, the folder 0700 even
    // when it existed with wider permissions.
    #[cfg(unix)]
    #[test]
    fn records_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().unwrap();
        let wiki = tempfile::tempdir().unwrap();
        let folder = data.path().join("journal");
        fs::create_dir(&folder).unwrap();
        fs::set_permissions(&folder, Permissions::from_mode(0o755)).unwrap();
        let journal = Journal::open(&folder).unwrap();
        journal.record(wiki.path(), "a.md", "secret draft", None).unwrap();
        assert_eq!(fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700);
        let record = fs::read_dir(&folder).unwrap().next().unwrap().unwrap().path();
        assert_eq!(fs::metadata(record).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // Unicode, CRLF and a BOM come back exactly: the journal is the user's only copy.
    #[test]
    fn keeps_text_exactly() {
        let data = tempfile::tempdir().unwrap();
        let wiki = tempfile::tempdir().unwrap();
        let journal = Journal::open(data.path()).unwrap();
        let text = "\u{feff}# Été\r\n\r\n\"quoted\" \\ 😀\u{0}\n";
        journal.record(wiki.path(), "people/été.md", text, None).unwrap();
        assert_eq!(journal.pending(wiki.path())[0].text, text);
        assert_eq!(journal.pending(wiki.path())[0].id, "people/été.md");
    }
}
