//! Validating what a change touches: the staged versions of entries (for a
//! pre-commit hook) or the entries changed since a revision.
//!
//! Index rules need the whole wiki, so the whole wiki of the version being
//! judged is parsed and indexed (`Catalog::load_unchecked`: no rule runs):
//! for [`validate_staged`] every entry as the git index holds it (and
//! `wiki.toml` as staged), never the working copy; for [`validate_changed`]
//! the working copy. Only the entries reported are read again and validated,
//! against that index: the changed entries and the entries whose diagnostics the change can
//! alter (a deleted or renamed entry turns its backlinks' links red, a new
//! title can collide with another's). Those are found by replaying the
//! change backwards on a copy of the index: each step returns the ids it
//! affects, as incremental validation in the app does.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::date::Date;
use crate::entry::Entry;
use crate::index::{Index, IndexedEntry};
use crate::revisions::{ChangedEntry, FileChange, Revisions, RevisionsError, Version};
use crate::schema::SCHEMA_FILE;
use crate::wiki::{Catalog, Validated, WikiError};

/// Why a scoped validation could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    /// The repository (or the revision) could not be read; includes a folder
    /// that is in no repository.
    #[error(transparent)]
    Revisions(#[from] RevisionsError),
    /// The wiki folder could not be opened.
    #[error(transparent)]
    Wiki(#[from] WikiError),
}

/// The outcome of a scoped validation.
#[derive(Clone, Debug)]
pub struct ScopedValidation {
    /// The validation of the whole wiki version, with the report narrowed to
    /// `selected` (plus `wiki.toml` and problems with folders);
    /// `report.entries` counts the selected entries.
    pub validated: Validated,
    /// The entries that differ from the base version.
    pub changed: Vec<ChangedEntry>,
    /// The entries reported on: the changed ones that still exist and those
    /// whose diagnostics the change can alter.
    pub selected: BTreeSet<String>,
    /// Whether `wiki.toml` changed (then every entry is selected).
    pub schema_changed: bool,
}

/// Validates the staged version of the wiki at `root` (the git index): the
/// entries staged since `HEAD` and those they affect, judged by what is
/// staged, in the wiki as it would be committed.
pub fn validate_staged(root: &Path, today: Date) -> Result<ScopedValidation, ScopeError> {
    let revisions = Revisions::open(root)?;
    let schema = revisions.bytes_at_path(&Version::Staged, &revisions.repo_path(SCHEMA_FILE))?;
    let catalog = Catalog::from_files(root, schema, revisions.staged_entries()?, today, false);
    let base = revisions.has_commits()?.then(Version::head);
    let changed = match &base {
        Some(base) => revisions.changed_entries(base, &Version::Staged)?,
        // No commit yet: every entry is new.
        None => catalog
            .ids()
            .map(|id| ChangedEntry { id: id.to_owned(), change: FileChange::Added, previous_id: None })
            .collect(),
    };
    let (selected, schema_changed) = select(&revisions, &catalog, base.as_ref(), &Version::Staged, &changed)?;
    let bytes: HashMap<String, Vec<u8>> = revisions.staged_entries_among(&selected)?.into_iter().collect();
    let validated = catalog.validate_selected(&selected, |id| bytes.get(id).cloned());
    Ok(ScopedValidation { validated, changed, selected, schema_changed })
}

/// Validates the working copy of the wiki at `root` and reports the entries
/// changed since `since` (a revision, such as `HEAD` or `main`; new untracked
/// entries, deletions and renames included) and those they affect.
pub fn validate_changed(root: &Path, since: &str, today: Date) -> Result<ScopedValidation, ScopeError> {
    let revisions = Revisions::open(root)?;
    let base = Version::Revision(since.to_owned());
    // The revision is checked before the wiki is read: a typo fails fast.
    let changed = revisions.changed_entries(&base, &Version::WorkingCopy)?;
    let catalog = Catalog::load_unchecked(root, today)?;
    let (selected, schema_changed) = select(&revisions, &catalog, Some(&base), &Version::WorkingCopy, &changed)?;
    let validated = catalog.validate_selected(&selected, |id| std::fs::read(root.join(id)).ok());
    Ok(ScopedValidation { validated, changed, selected, schema_changed })
}

/// The entries to report (see the module documentation), and whether
/// `wiki.toml` changed.
fn select(
    revisions: &Revisions,
    catalog: &Catalog,
    base: Option<&Version>,
    new: &Version,
    changed: &[ChangedEntry],
) -> Result<(BTreeSet<String>, bool), ScopeError> {
    let schema_path = revisions.repo_path(SCHEMA_FILE);
    let schema_changed = match base {
        Some(base) => revisions.bytes_at_path(base, &schema_path)? != revisions.bytes_at_path(new, &schema_path)?,
        None => revisions.bytes_at_path(new, &schema_path)?.is_some(),
    };
    let mut selected = if schema_changed {
        catalog.ids().map(str::to_owned).collect()
    } else {
        let old_summary = |id: &str| -> Result<Option<IndexedEntry>, RevisionsError> {
            let Some(base) = base else { return Ok(None) };
            match revisions.text(base, id) {
                Ok(Some(text)) => Ok(Some(IndexedEntry::new(id, &Entry::parse(&text)))),
                // Not text in the base version: it named nothing links could use.
                Ok(None) | Err(RevisionsError::NotText { .. }) => Ok(None),
                Err(error) => Err(error),
            }
        };
        affected(catalog.index(), changed, old_summary)?
    };
    selected.retain(|id| catalog.contains(id));
    Ok((selected, schema_changed))
}

/// The ids whose diagnostics can differ between the base version and the
/// new one (whose index is `index`): the change replayed backwards on a copy
/// of the index, each step's affected ids collected.
fn affected(
    index: &Index,
    changed: &[ChangedEntry],
    old_summary: impl Fn(&str) -> Result<Option<IndexedEntry>, RevisionsError>,
) -> Result<BTreeSet<String>, RevisionsError> {
    let mut index = index.clone();
    let mut selected = BTreeSet::new();
    for change in changed {
        let id = change.id.as_str();
        if change.change != FileChange::Deleted {
            selected.insert(id.to_owned());
            selected.extend(index.remove(id));
        }
        let old_id = match change.change {
            FileChange::Added => None,
            FileChange::Modified | FileChange::Deleted => Some(id),
            FileChange::Renamed => change.previous_id.as_deref(),
        };
        if let Some(old_id) = old_id
            && let Some(summary) = old_summary(old_id)?
        {
            selected.extend(index.upsert(summary));
        }
    }
    Ok(selected)
}
