//! Revisions of entries from git, read with gix (no C library, no `git`
//! process).
//!
//! [`Revisions::open`] takes the wiki folder, which may be anywhere inside
//! a larger repository; entry ids stay relative to that folder, as
//! everywhere else in Quire, and are turned into repository paths here.
//! A folder outside any repository is [`RevisionsError::NotInRepository`],
//! which callers show and then carry on without history.
//!
//! A version is a revision (anything `git rev-parse` reads: `HEAD`,
//! `HEAD~2`, a hash, a branch), the staged version (the index) or the
//! working copy. History follows renames the way `git log --follow` does:
//! when an entry appears in a commit, a file that the same commit removed
//! with the same or mostly the same text is its former name.
//!
//! The repository is opened again for each call: it keeps the type `Send`
//! and `Sync` without gix's thread-safe build, and every call sees the
//! current `HEAD` and index. Opening costs well under a millisecond.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use serde::{Deserialize, Serialize};

use crate::store::{StoreError, resolve_entry_path};

/// Past this many files removed in one commit, a rename whose text also
/// changed is not looked for (each candidate is read and compared).
const MAX_RENAME_CANDIDATES: usize = 100;
/// The object cache of each reader of staged blobs.
const STAGED_OBJECT_CACHE_BYTES: usize = 16 * 1024 * 1024;
/// Below this similarity, a removed file and an added one are not a rename
/// (git's default is 50% too).
const RENAME_SIMILARITY: f64 = 0.5;

/// Why history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RevisionsError {
    /// The folder is in no git repository: history and revisions are
    /// unavailable, everything else works.
    #[error("`{path}` is not in a git repository")]
    NotInRepository {
        /// The folder that was looked up.
        path: PathBuf,
    },
    /// The repository is bare: there is no working copy to compare with.
    #[error("the git repository at `{path}` has no working tree")]
    NoWorkingTree {
        /// The repository's git folder.
        path: PathBuf,
    },
    /// The folder is not below the repository's working tree.
    #[error("`{path}` is outside the working tree of the git repository at `{workdir}`")]
    OutsideWorkingTree {
        /// The folder or file.
        path: PathBuf,
        /// The repository's working tree.
        workdir: PathBuf,
    },
    /// A revision that the repository does not have.
    #[error("`{revision}` is not a revision of this repository: {reason}")]
    UnknownRevision {
        /// The revision as given.
        revision: String,
        /// What gix said.
        reason: String,
    },
    /// The file at that version is not UTF-8 text.
    #[error("`{path}` in {version} is not UTF-8 text")]
    NotText {
        /// The file's path in the repository.
        path: String,
        /// The version, as shown to people.
        version: String,
    },
    /// A file of the working copy could not be read.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The entry id would leave the wiki folder, is not an entry file name,
    /// or reaches the working copy through a symbolic link.
    #[error(transparent)]
    Id(#[from] StoreError),
    /// The repository could not be read.
    #[error("cannot read the git repository at `{path}`: {reason}")]
    Git {
        /// The repository's git folder.
        path: PathBuf,
        /// What gix said.
        reason: String,
    },
}

/// Which version of a file: a revision, the index, or the working copy.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "revision", rename_all = "snake_case")]
pub enum Version {
    /// A revision, as `git rev-parse` reads it (`HEAD`, `HEAD~1`, a hash, a branch).
    Revision(String),
    /// The staged version: what the index holds.
    Staged,
    /// The file on disk.
    WorkingCopy,
}

impl Version {
    /// The last commit.
    pub fn head() -> Version {
        Version::Revision("HEAD".to_owned())
    }

    /// How git spells this version of `path`: `HEAD:path`, `:path`
    /// (staged), or the path itself.
    pub fn label(&self, path: &str) -> String {
        match self {
            Version::Revision(revision) => format!("{revision}:{path}"),
            Version::Staged => format!(":{path}"),
            Version::WorkingCopy => path.to_owned(),
        }
    }

    fn describe(&self) -> String {
        match self {
            Version::Revision(revision) => format!("`{revision}`"),
            Version::Staged => "the index".to_owned(),
            Version::WorkingCopy => "the working copy".to_owned(),
        }
    }
}

/// What a commit (or a comparison) did to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FileChange {
    /// The file appeared.
    Added,
    /// The file's text changed.
    Modified,
    /// The file was deleted (git's word, and the one every view uses).
    Deleted,
    /// The file came from another path (its text may also have changed).
    Renamed,
}

impl FileChange {
    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Modified => "modified",
            FileChange::Deleted => "deleted",
            FileChange::Renamed => "renamed",
        }
    }
}

/// A commit that touched an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The full commit hash.
    pub id: String,
    /// The first seven characters of the hash.
    pub short_id: String,
    /// The author's name.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// When the author made it: seconds since 1970 (UTC).
    pub time: i64,
    /// The same, ISO 8601 in the author's time zone (`2026-06-16T10:00:00+02:00`).
    pub date: String,
    /// The first line of the message.
    pub summary: String,
    /// The whole message.
    pub message: String,
    /// The entry's id in this commit (it differs from today's after a rename).
    pub path: String,
    /// What this commit did to the entry.
    pub change: FileChange,
    /// For a rename: the id the entry had before.
    pub previous_path: Option<String>,
}

/// An entry that differs between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangedEntry {
    /// The entry's id (in the new version; in the old one when removed).
    pub id: String,
    /// What happened to it.
    pub change: FileChange,
    /// For a rename: the id in the old version.
    pub previous_id: Option<String>,
}

/// The history of the entries of one wiki folder. See the module
/// documentation.
///
/// It keeps git's index once read, and reads it again only when the file's
/// size or modification time changed: a check that reads a thousand staged
/// texts must not read and hash the index a thousand times, and a later
/// call still sees a later index.
#[derive(Clone)]
pub struct Revisions {
    git_dir: PathBuf,
    workdir: PathBuf,
    /// The wiki folder relative to the working tree, `/`-separated, with a
    /// final `/` (empty at the top).
    prefix: String,
    index: std::sync::Arc<std::sync::Mutex<Option<KnownIndex>>>,
}

/// The index as last read, and the size and time of its file then.
struct KnownIndex {
    stamp: Option<(u64, Option<std::time::SystemTime>)>,
    file: std::sync::Arc<gix::index::File>,
}

impl std::fmt::Debug for Revisions {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Revisions")
            .field("git_dir", &self.git_dir)
            .field("workdir", &self.workdir)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl Revisions {
    /// Finds the repository holding `folder` (the wiki root, or any folder
    /// whose files are to be named relative to it).
    pub fn open(folder: &Path) -> Result<Revisions, RevisionsError> {
        let folder = std::path::absolute(folder)
            .and_then(|path| path.canonicalize())
            .map_err(|source| RevisionsError::Io { path: folder.to_owned(), source })?;
        let repo = gix::discover(&folder).map_err(|error| {
            if folder.ancestors().any(|ancestor| ancestor.join(".git").exists()) {
                RevisionsError::Git { path: folder.clone(), reason: error.to_string() }
            } else {
                RevisionsError::NotInRepository { path: folder.clone() }
            }
        })?;
        let git_dir = repo.git_dir().to_owned();
        let workdir = repo.workdir().ok_or_else(|| RevisionsError::NoWorkingTree { path: git_dir.clone() })?;
        let workdir =
            workdir.canonicalize().map_err(|source| RevisionsError::Io { path: workdir.to_owned(), source })?;
        let relative = folder
            .strip_prefix(&workdir)
            .map_err(|_| RevisionsError::OutsideWorkingTree { path: folder.clone(), workdir: workdir.clone() })?;
        let mut prefix = path_to_slashes(relative);
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Ok(Revisions { git_dir, workdir, prefix, index: Default::default() })
    }

    /// The repository's working tree.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The path in the repository of the entry `id` (`content/people/x.md`).
    pub fn repo_path(&self, id: &str) -> String {
        format!("{}{id}", self.prefix)
    }

    /// The commits that touched the entry `id`, newest first, following
    /// renames. Empty when there are no commits yet.
    pub fn history(&self, id: &str) -> Result<Vec<Revision>, RevisionsError> {
        self.check_id(id)?;
        let repo = self.repo()?;
        let Some(head) = repo.head_id().ok() else { return Ok(Vec::new()) };
        let sorting = gix::revision::walk::Sorting::ByCommitTime(Default::default());
        let walk = repo.rev_walk([head.detach()]).sorting(sorting).all().map_err(|error| self.git_error(error))?;
        let mut path = self.repo_path(id);
        let mut revisions = Vec::new();
        for info in walk {
            let info = info.map_err(|error| self.git_error(error))?;
            let commit = repo.find_commit(info.id).map_err(|error| self.git_error(error))?;
            let tree = commit.tree_id().map_err(|error| self.git_error(error))?.detach();
            let here = self.blob_in_tree(&repo, tree, &path)?;
            let mut parent_trees = Vec::new();
            for parent in info.parent_ids() {
                let parent = repo.find_commit(parent).map_err(|error| self.git_error(error))?;
                parent_trees.push(parent.tree_id().map_err(|error| self.git_error(error))?.detach());
            }
            let mut parent_blobs = Vec::with_capacity(parent_trees.len());
            for &parent_tree in &parent_trees {
                parent_blobs.push(self.blob_in_tree(&repo, parent_tree, &path)?);
            }
            // Like git's history simplification: a commit that left the file
            // as one of its parents had it did not touch it.
            if parent_blobs.contains(&here) || (parent_blobs.is_empty() && here.is_none()) {
                continue;
            }
            let first_parent_blob = parent_blobs.first().copied().flatten();
            let (change, previous) = match (here, first_parent_blob) {
                (None, _) => (FileChange::Deleted, None),
                (Some(_), Some(_)) => (FileChange::Modified, None),
                (Some(blob), None) => match parent_trees.first() {
                    Some(&parent_tree) => match self.rename_source(&repo, parent_tree, tree, blob)? {
                        Some(from) => (FileChange::Renamed, Some(from)),
                        None => (FileChange::Added, None),
                    },
                    None => (FileChange::Added, None),
                },
            };
            revisions.push(self.revision(&commit, &path, change, previous.as_deref())?);
            if let Some(from) = previous {
                path = from;
            }
        }
        Ok(revisions)
    }

    /// The entry's text in `version`; `None` when it does not exist there.
    /// The id is checked as the store checks it: nothing outside the wiki
    /// folder, and no symbolic link on the way to a working-copy file.
    pub fn text(&self, version: &Version, id: &str) -> Result<Option<String>, RevisionsError> {
        self.check_id(id)?;
        self.text_at_path(version, &self.repo_path(id))
    }

    fn check_id(&self, id: &str) -> Result<(), RevisionsError> {
        resolve_entry_path(&self.workdir.join(&self.prefix), id)?;
        Ok(())
    }

    /// Like [`Revisions::text`], with a path relative to the working tree
    /// (as in git's `REV:path`) rather than an entry id, and no checks: for
    /// a command line, where the user names the file.
    pub fn text_at_path(&self, version: &Version, path: &str) -> Result<Option<String>, RevisionsError> {
        let Some(bytes) = self.bytes_at_path(version, path)? else { return Ok(None) };
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| RevisionsError::NotText { path: path.to_owned(), version: version.describe() })
    }

    /// The bytes of the file at `path` (relative to the working tree) in
    /// `version`; `None` when it does not exist there.
    pub fn bytes_at_path(&self, version: &Version, path: &str) -> Result<Option<Vec<u8>>, RevisionsError> {
        let repo = self.repo()?;
        let bytes = match version {
            Version::WorkingCopy => {
                let file = self.workdir.join(path);
                match std::fs::read(&file) {
                    Ok(bytes) => bytes,
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(source) => return Err(RevisionsError::Io { path: file, source }),
                }
            }
            Version::Staged => {
                let index = self.staged_index(&repo)?;
                let Some(entry) = index.entry_by_path(path.as_bytes().as_bstr()) else { return Ok(None) };
                let id = entry.id;
                self.blob(&repo, id)?
            }
            Version::Revision(revision) => {
                let tree = self.tree_of(&repo, revision)?;
                let Some(id) = self.blob_in_tree(&repo, tree, path)? else { return Ok(None) };
                self.blob(&repo, id)?
            }
        };
        Ok(Some(bytes))
    }

    /// The folder git runs hooks from: `core.hooksPath` when set (relative
    /// to the top of the working tree, `~/` for the home folder, as git reads
    /// it), else `hooks` in the repository's (common) git folder.
    pub fn hooks_dir(&self) -> Result<PathBuf, RevisionsError> {
        let repo = self.repo()?;
        let configured = repo.config_snapshot().string("core.hooksPath").map(|value| value.to_str_lossy().into_owned());
        Ok(match configured.filter(|value| !value.is_empty()) {
            Some(value) => match value.strip_prefix("~/") {
                Some(rest) => std::env::var_os("HOME")
                    .map_or_else(|| PathBuf::from(&value), |home| PathBuf::from(home).join(rest)),
                None => self.workdir.join(value),
            },
            None => repo.common_dir().join("hooks"),
        })
    }

    /// Whether `HEAD` names a commit (a new repository has none yet).
    pub fn has_commits(&self) -> Result<bool, RevisionsError> {
        Ok(self.repo()?.head_id().is_ok())
    }

    /// Every entry of the wiki folder as the index holds it: the staged
    /// bytes by id, sorted by id (files being merged are left out).
    pub fn staged_entries(&self) -> Result<Vec<(String, Vec<u8>)>, RevisionsError> {
        self.staged_blobs(None)
    }

    /// [`Revisions::staged_entries`] restricted to the entries `ids` (those
    /// the index does not hold are left out): one read of the index for all.
    pub fn staged_entries_among(
        &self,
        ids: &std::collections::BTreeSet<String>,
    ) -> Result<Vec<(String, Vec<u8>)>, RevisionsError> {
        self.staged_blobs(Some(ids))
    }

    fn staged_blobs(
        &self,
        wanted: Option<&std::collections::BTreeSet<String>>,
    ) -> Result<Vec<(String, Vec<u8>)>, RevisionsError> {
        use rayon::prelude::*;
        let files: Vec<(String, ObjectId)> = self
            .entry_files(&self.repo()?, &Version::Staged)?
            .into_iter()
            .filter(|(id, _)| wanted.is_none_or(|wanted| wanted.contains(id)))
            .collect();
        // Reading a blob from a pack decompresses it and its delta bases:
        // worth spreading over the cores. gix's handle is not `Send` without
        // its `parallel` feature, so each chunk opens its own, with a cache
        // for the delta bases its blobs share.
        let chunk = files.len().div_ceil(rayon::current_num_threads() * 4).max(64);
        let chunks: Vec<Vec<(String, Vec<u8>)>> = files
            .par_chunks(chunk)
            .map(|part| {
                let mut repo = self.repo()?;
                repo.object_cache_size_if_unset(STAGED_OBJECT_CACHE_BYTES);
                part.iter().map(|(id, blob)| Ok((id.clone(), self.blob(&repo, *blob)?))).collect()
            })
            .collect::<Result<_, RevisionsError>>()?;
        Ok(chunks.into_iter().flatten().collect())
    }

    /// The entries (Markdown files of the wiki folder, hidden folders left
    /// out) that differ between two versions, by id. A file removed and
    /// one added with the same or mostly the same text are one rename.
    pub fn changed_entries(&self, old: &Version, new: &Version) -> Result<Vec<ChangedEntry>, RevisionsError> {
        let repo = self.repo()?;
        let old_files = self.entry_files(&repo, old)?;
        let new_files = self.entry_files(&repo, new)?;
        let change = |id: &str, change, previous_id: Option<&str>| ChangedEntry {
            id: id.to_owned(),
            change,
            previous_id: previous_id.map(str::to_owned),
        };
        let mut changed = Vec::new();
        let mut removed: Vec<&str> = Vec::new();
        for (id, old_blob) in &old_files {
            match new_files.get(id) {
                Some(new_blob) if new_blob != old_blob => changed.push(change(id, FileChange::Modified, None)),
                Some(_) => {}
                None => removed.push(id),
            }
        }
        let added: Vec<&str> = new_files.keys().filter(|id| !old_files.contains_key(*id)).map(String::as_str).collect();

        // Renames: the same blob first (score 2), then the most similar text.
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for (removed_index, old_id) in removed.iter().enumerate() {
            for (added_index, new_id) in added.iter().enumerate() {
                if old_files[*old_id] == new_files[*new_id] {
                    candidates.push((2.0, removed_index, added_index));
                }
            }
        }
        if !removed.is_empty() && removed.len() * added.len() <= MAX_RENAME_CANDIDATES * MAX_RENAME_CANDIDATES {
            let read = |version: &Version, id: &str, blob: ObjectId| self.text_for_comparing(&repo, version, id, blob);
            let old_texts: Vec<String> =
                removed.iter().map(|id| read(old, id, old_files[*id])).collect::<Result<_, _>>()?;
            let new_texts: Vec<String> =
                added.iter().map(|id| read(new, id, new_files[*id])).collect::<Result<_, _>>()?;
            for (removed_index, old_text) in old_texts.iter().enumerate() {
                for (added_index, new_text) in new_texts.iter().enumerate() {
                    let score = crate::diff::similarity(old_text, new_text);
                    if (RENAME_SIMILARITY..2.0).contains(&score) {
                        candidates.push((score, removed_index, added_index));
                    }
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut removed_paired = vec![false; removed.len()];
        let mut added_paired = vec![false; added.len()];
        for (_, removed_index, added_index) in candidates {
            if !removed_paired[removed_index] && !added_paired[added_index] {
                removed_paired[removed_index] = true;
                added_paired[added_index] = true;
                changed.push(change(added[added_index], FileChange::Renamed, Some(removed[removed_index])));
            }
        }
        let unpaired = |ids: &[&str], paired: &[bool]| -> Vec<String> {
            ids.iter().zip(paired).filter(|(_, paired)| !**paired).map(|(id, _)| (*id).to_owned()).collect()
        };
        changed.extend(unpaired(&added, &added_paired).iter().map(|id| change(id, FileChange::Added, None)));
        changed.extend(unpaired(&removed, &removed_paired).iter().map(|id| change(id, FileChange::Deleted, None)));
        changed.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(changed)
    }

    fn repo(&self) -> Result<gix::Repository, RevisionsError> {
        gix::open(&self.git_dir).map_err(|error| self.git_error(error))
    }

    /// git's index, read again only when its file changed (see [`Revisions`]).
    fn staged_index(&self, repo: &gix::Repository) -> Result<std::sync::Arc<gix::index::File>, RevisionsError> {
        let stamp = std::fs::metadata(repo.index_path()).ok().map(|meta| (meta.len(), meta.modified().ok()));
        let mut known = self.index.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(known) = known.as_ref().filter(|known| stamp.is_some() && known.stamp == stamp) {
            return Ok(known.file.clone());
        }
        let index = repo.index_or_empty().map_err(|error| self.git_error(error))?;
        let file = std::sync::Arc::new(gix::index::File::clone(&index));
        *known = Some(KnownIndex { stamp, file: file.clone() });
        Ok(file)
    }

    fn git_error(&self, error: impl std::fmt::Display) -> RevisionsError {
        RevisionsError::Git { path: self.git_dir.clone(), reason: error.to_string() }
    }

    /// The tree a revision names (a commit's tree, or a tree itself).
    fn tree_of(&self, repo: &gix::Repository, revision: &str) -> Result<ObjectId, RevisionsError> {
        let unknown = |error: &dyn std::fmt::Display| RevisionsError::UnknownRevision {
            revision: revision.to_owned(),
            reason: error.to_string(),
        };
        let id = repo.rev_parse_single(revision).map_err(|error| unknown(&error))?;
        let object = id.object().map_err(|error| unknown(&error))?;
        let tree = object.peel_to_tree().map_err(|error| unknown(&error))?;
        Ok(tree.id)
    }

    /// The blob at `path` in `tree`, if it is a file there.
    fn blob_in_tree(
        &self,
        repo: &gix::Repository,
        tree: ObjectId,
        path: &str,
    ) -> Result<Option<ObjectId>, RevisionsError> {
        let tree = repo.find_tree(tree).map_err(|error| self.git_error(error))?;
        let entry = tree.lookup_entry(path.split('/').map(str::as_bytes)).map_err(|error| self.git_error(error))?;
        Ok(entry.filter(|entry| entry.mode().is_blob()).map(|entry| entry.object_id()))
    }

    fn blob(&self, repo: &gix::Repository, id: ObjectId) -> Result<Vec<u8>, RevisionsError> {
        let mut blob = repo.find_blob(id).map_err(|error| self.git_error(error))?;
        Ok(blob.take_data())
    }

    /// An entry's text in `version`, lossily decoded: only for comparing.
    /// Working-copy files are read from disk (their blobs are not stored).
    fn text_for_comparing(
        &self,
        repo: &gix::Repository,
        version: &Version,
        id: &str,
        blob: ObjectId,
    ) -> Result<String, RevisionsError> {
        let bytes = match version {
            Version::WorkingCopy => {
                let path = self.workdir.join(self.repo_path(id));
                std::fs::read(&path).map_err(|source| RevisionsError::Io { path, source })?
            }
            _ => self.blob(repo, blob)?,
        };
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Where `blob` (added at `new_tree`) came from: a Markdown file of
    /// `old_tree` that `new_tree` no longer has, with the same text or
    /// mostly the same.
    fn rename_source(
        &self,
        repo: &gix::Repository,
        old_tree: ObjectId,
        new_tree: ObjectId,
        blob: ObjectId,
    ) -> Result<Option<String>, RevisionsError> {
        let mut old_files = BTreeMap::new();
        let mut new_files = BTreeMap::new();
        self.list_tree(repo, old_tree, "", &mut old_files, false)?;
        self.list_tree(repo, new_tree, "", &mut new_files, false)?;
        let gone: Vec<(String, ObjectId)> =
            old_files.into_iter().filter(|(path, _)| !new_files.contains_key(path) && is_markdown(path)).collect();
        if let Some((path, _)) = gone.iter().find(|(_, id)| *id == blob) {
            return Ok(Some(path.clone()));
        }
        if gone.is_empty() || gone.len() > MAX_RENAME_CANDIDATES {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&self.blob(repo, blob)?).into_owned();
        let mut best: Option<(f64, String)> = None;
        for (path, id) in gone {
            let old_text = String::from_utf8_lossy(&self.blob(repo, id)?).into_owned();
            let score = crate::diff::similarity(&old_text, &text);
            if score >= RENAME_SIMILARITY && best.as_ref().is_none_or(|(top, _)| score > *top) {
                best = Some((score, path));
            }
        }
        Ok(best.map(|(_, path)| path))
    }

    /// Every file below `tree`, by path from it; with `entries_only`, only
    /// what Quire counts as entries (Markdown, no hidden folders).
    fn list_tree(
        &self,
        repo: &gix::Repository,
        tree: ObjectId,
        prefix: &str,
        out: &mut BTreeMap<String, ObjectId>,
        entries_only: bool,
    ) -> Result<(), RevisionsError> {
        let tree = repo.find_tree(tree).map_err(|error| self.git_error(error))?;
        let decoded = tree.decode().map_err(|error| self.git_error(error))?;
        for entry in &decoded.entries {
            let Ok(name) = entry.filename.to_str() else { continue };
            if entries_only && name.starts_with('.') {
                continue;
            }
            let path = format!("{prefix}{name}");
            if entry.mode.is_tree() {
                self.list_tree(repo, entry.oid.to_owned(), &format!("{path}/"), out, entries_only)?;
            } else if entry.mode.is_blob() && (!entries_only || is_markdown(&path)) {
                out.insert(path, entry.oid.to_owned());
            }
        }
        Ok(())
    }

    /// The entries of the wiki folder in `version`, by id, with their blob
    /// ids (for the working copy, computed from the files).
    fn entry_files(
        &self,
        repo: &gix::Repository,
        version: &Version,
    ) -> Result<BTreeMap<String, ObjectId>, RevisionsError> {
        let mut files = BTreeMap::new();
        match version {
            Version::Revision(revision) => {
                let tree = self.tree_of(repo, revision)?;
                let folder = match self.prefix.trim_end_matches('/') {
                    "" => Some(tree),
                    folder => {
                        let tree = repo.find_tree(tree).map_err(|error| self.git_error(error))?;
                        let entry = tree
                            .lookup_entry(folder.split('/').map(str::as_bytes))
                            .map_err(|error| self.git_error(error))?;
                        entry.filter(|entry| entry.mode().is_tree()).map(|entry| entry.object_id())
                    }
                };
                if let Some(folder) = folder {
                    self.list_tree(repo, folder, "", &mut files, true)?;
                }
            }
            Version::Staged => {
                let index = self.staged_index(repo)?;
                for entry in index.entries() {
                    let path = entry.path(&index);
                    let Ok(path) = path.to_str() else { continue };
                    let Some(id) = path.strip_prefix(self.prefix.as_str()) else { continue };
                    let stage_zero = entry.stage() == gix::index::entry::Stage::Unconflicted;
                    let is_blob = entry.mode.to_tree_entry_mode().is_some_and(|mode| mode.is_blob());
                    if stage_zero && is_blob && is_entry_id(id) {
                        files.insert(id.to_owned(), entry.id);
                    }
                }
            }
            Version::WorkingCopy => {
                let folder = self.workdir.join(&self.prefix);
                for (id, path) in crate::wiki::entry_paths(&folder) {
                    let bytes = std::fs::read(&path).map_err(|source| RevisionsError::Io { path, source })?;
                    let blob = gix::objs::compute_hash(repo.object_hash(), gix::objs::Kind::Blob, &bytes)
                        .map_err(|error| self.git_error(error))?;
                    files.insert(id, blob);
                }
            }
        }
        Ok(files)
    }

    fn revision(
        &self,
        commit: &gix::Commit<'_>,
        path: &str,
        change: FileChange,
        previous: Option<&str>,
    ) -> Result<Revision, RevisionsError> {
        let author = commit.author().map_err(|error| self.git_error(error))?;
        let time = author.time().map_err(|error| self.git_error(error))?;
        let message = commit.message_raw_sloppy().to_str_lossy().into_owned();
        let id = commit.id.to_string();
        Ok(Revision {
            short_id: id.chars().take(7).collect(),
            id,
            author: author.name.to_str_lossy().trim().to_owned(),
            email: author.email.to_str_lossy().trim().to_owned(),
            time: time.seconds,
            date: time.format_or_unix(gix::date::time::format::ISO8601_STRICT),
            summary: message.lines().next().unwrap_or_default().trim().to_owned(),
            message: message.trim_end().to_owned(),
            path: self.entry_id(path),
            change,
            previous_path: previous.map(|previous| self.entry_id(previous)),
        })
    }

    /// A repository path as an entry id: relative to the wiki folder when
    /// below it, else as it is (from the top of the working tree).
    fn entry_id(&self, path: &str) -> String {
        path.strip_prefix(self.prefix.as_str()).unwrap_or(path).to_owned()
    }
}

fn is_markdown(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".md")
}

/// Whether an id (relative to the wiki folder) names an entry.
fn is_entry_id(id: &str) -> bool {
    crate::id::EntryId::is_valid(id)
}

fn path_to_slashes(path: &Path) -> String {
    path.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
