//! The wiki model the app, the CLI and the hook share, without the
//! entries' text.
//!
//! [`Catalog`] keeps, per entry, only what later questions need: its kind
//! and status (the entry list) and, when it was loaded to be checked, the
//! entry rules' diagnostics (they depend on the entry alone, the schema and
//! the day) and [`LinksAndNames`], what the index rules need once the text is
//! gone. Each text is dropped by the task that read it. An edited entry is
//! parsed again from its new text; an entry opened is read from disk.
//!
//! - The app loads it once ([`Catalog::load`]) and keeps it current entry
//!   by entry; [`Catalog::validate`] reports the whole wiki.
//! - `quire validate` loads it the same way and consumes it
//!   ([`Catalog::into_validated`]), so nothing is copied for the report.
//! - A scoped check (`--staged`, `--changed`) loads only the index
//!   ([`Catalog::load_unchecked`]) and checks the few entries it reports on
//!   ([`Catalog::validate_selected`]), read again.
//!
//! Its diagnostics equal those of every entry kept whole and validated
//! against the index (the tests' `Reference`; the property and fixture
//! tests check this).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{
    CheckedFile, Report, Validated, Walk, WalkedFile, WikiError, entry_from_bytes, indexed, read_all, schema_from,
    walk_root, with_overrides,
};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::entry::{Entry, LinkTarget};
use crate::front_matter::Status;
use crate::index::{Index, IndexedEntry};
use crate::schema::{SCHEMA_FILE, Schema};
use crate::slug::name_key;
use crate::validate::{LinksAndNames, validate_entry, validate_entry_rules};

/// What the catalog keeps of one readable entry.
#[derive(Debug)]
struct CatalogEntry {
    /// The front matter's `kind`, as written.
    kind: Option<String>,
    status: Option<Status>,
    /// `None` in a catalog loaded unchecked.
    checks: Option<EntryChecks>,
}

/// An entry's checks that outlive its text.
#[derive(Debug)]
struct EntryChecks {
    /// The entry rules' diagnostics for the catalog's day.
    entry_rules: Vec<Diagnostic>,
    links_and_names: LinksAndNames,
}

impl CatalogEntry {
    fn new(id: &str, entry: Entry, schema: &Schema, today: Date, checked: bool) -> (CatalogEntry, IndexedEntry) {
        let summary = IndexedEntry::new(id, &entry);
        let fields = entry.front_matter().map(|block| &block.fields);
        let kind = fields.and_then(|fields| fields.kind.clone());
        let status = fields.and_then(|fields| fields.status);
        let checks = checked.then(|| EntryChecks {
            entry_rules: validate_entry_rules(id, &entry, schema, today),
            links_and_names: LinksAndNames::new(entry),
        });
        (CatalogEntry { kind, status, checks }, summary)
    }
}

#[derive(Debug)]
struct CatalogFile {
    id: String,
    /// `None` when the file could not be read as an entry (a file problem says why).
    entry: Option<CatalogEntry>,
}

/// A wiki's index, its entries' metadata and their diagnostics for one day,
/// kept current entry by entry; no entry text is kept.
#[derive(Debug)]
pub struct Catalog {
    root: PathBuf,
    today: Date,
    schema: Schema,
    schema_problems: Vec<Diagnostic>,
    /// Sorted by id.
    files: Vec<CatalogFile>,
    file_problems: Vec<Diagnostic>,
    index: Index,
}

impl Catalog {
    /// Reads every entry of the wiki at `root` (in parallel), checks it by
    /// the entry rules for `today`, and indexes it; each text is dropped by
    /// the task that read it.
    pub fn load(root: &Path, today: Date) -> Result<Catalog, WikiError> {
        Ok(Self::from_walk(root, walk_root(root)?, today, true))
    }

    /// Reads and indexes every entry of the wiki at `root`, and runs no
    /// rule: for checking a few entries against the whole wiki
    /// ([`Catalog::validate_selected`]).
    pub fn load_unchecked(root: &Path, today: Date) -> Result<Catalog, WikiError> {
        Ok(Self::from_walk(root, walk_root(root)?, today, false))
    }

    /// A wiki held in memory, as [`Catalog::load`] (`checked`) or
    /// [`Catalog::load_unchecked`] read one from disk: `schema` is the bytes
    /// of its `wiki.toml` (`None` when it has none) and `files` the bytes of
    /// each entry by id. For a version of the wiki that is not the working
    /// copy, such as the one git's index holds; `root` is only its name.
    pub fn from_files(
        root: &Path,
        schema: Option<Vec<u8>>,
        files: Vec<(String, Vec<u8>)>,
        today: Date,
        checked: bool,
    ) -> Catalog {
        let (schema, schema_problems) =
            schema_from(schema.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)));
        let found = files.into_iter().map(|(id, bytes)| WalkedFile::Bytes(id, bytes)).collect();
        Self::from_walk(root, Walk { schema, schema_problems, found }, today, checked)
    }

    fn from_walk(root: &Path, walk: Walk, today: Date, checked: bool) -> Catalog {
        let Walk { schema, schema_problems, found } = walk;
        let (read, file_problems) =
            read_all(found, schema.max_entry_bytes, |id, entry| CatalogEntry::new(id, entry, &schema, today, checked));
        let (files, index) = indexed(read, |id, entry| CatalogFile { id, entry });
        Catalog { root: root.to_owned(), today, schema, schema_problems, files, file_problems, index }
    }

    /// The wiki's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The day the review rules judged by.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The schema (empty when `wiki.toml` is missing or broken).
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The index of every readable entry.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Every entry file's id, sorted; unreadable files too.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|file| file.id.as_str())
    }

    /// Whether `id` is an entry file of the wiki (readable or not).
    pub fn contains(&self, id: &str) -> bool {
        self.position(id).is_ok()
    }

    /// Whether `id` is an entry file that was read and parsed.
    pub fn is_parsed(&self, id: &str) -> bool {
        self.entry(id).is_some()
    }

    /// The `kind` its front matter names, as written.
    pub fn kind_of(&self, id: &str) -> Option<&str> {
        self.entry(id)?.kind.as_deref()
    }

    /// The `status` of its front matter.
    pub fn status_of(&self, id: &str) -> Option<Status> {
        self.entry(id)?.status
    }

    /// Problems with files that could not be parsed, and with the schema.
    pub fn file_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.schema_problems.iter().chain(&self.file_problems)
    }

    /// How some entry writes each of `keys` (lower-cased wiki-link names, as
    /// [`Index::wanted`] lists them), in one pass over every link: the first
    /// spelling found, in id order. A key no link writes is left out.
    pub fn written_names<'a>(&'a self, keys: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, &'a str> {
        let mut wanted: BTreeSet<&str> = keys.into_iter().collect();
        let mut written = BTreeMap::new();
        let links = self
            .files
            .iter()
            .filter_map(|file| file.entry.as_ref()?.checks.as_ref())
            .flat_map(|checks| checks.links_and_names.links());
        for link in links {
            if wanted.is_empty() {
                break;
            }
            if let LinkTarget::Wiki { name } = &link.target
                && let Some(key) = wanted.take(name_key(name).as_str())
            {
                written.insert(key, name.trim());
            }
        }
        written
    }

    /// Replaces (or adds) one entry from its new text, as after a save or a
    /// change on disk, and returns the ids whose diagnostics may have changed.
    pub fn update_entry(&mut self, id: &str, source: &str) -> BTreeSet<String> {
        let (entry, summary) = CatalogEntry::new(id, Entry::parse(source), &self.schema, self.today, true);
        let affected = self.index.upsert(summary);
        match self.position(id) {
            Ok(position) => self.files[position].entry = Some(entry),
            Err(position) => self.files.insert(position, CatalogFile { id: id.to_owned(), entry: Some(entry) }),
        }
        self.file_problems.retain(|problem| problem.path != id);
        affected
    }

    /// Removes one entry, as after a deletion, and returns the ids whose
    /// diagnostics may have changed.
    pub fn remove_entry(&mut self, id: &str) -> BTreeSet<String> {
        if let Ok(position) = self.position(id) {
            self.files.remove(position);
        }
        self.file_problems.retain(|problem| problem.path != id);
        self.index.remove(id)
    }

    /// Diagnostics of one entry against the current index, sorted.
    pub fn validate_one(&self, id: &str) -> Vec<Diagnostic> {
        let mut diagnostics = self.entry(id).map(|entry| self.diagnostics_of(id, entry)).unwrap_or_default();
        diagnostics
            .extend(with_overrides(&self.schema, self.file_problems.iter().filter(|problem| problem.path == id)));
        sort_diagnostics(&mut diagnostics);
        diagnostics
    }

    /// Every diagnostic of the wiki, sorted.
    pub fn validate(&self) -> Report {
        let mut diagnostics: Vec<Diagnostic> = self
            .files
            .par_iter()
            .filter_map(|file| Some((file.id.as_str(), file.entry.as_ref()?)))
            .flat_map_iter(|(id, entry)| self.diagnostics_of(id, entry))
            .collect();
        diagnostics.extend(with_overrides(&self.schema, self.file_problems()));
        sort_diagnostics(&mut diagnostics);
        Report { entries: self.files.len(), diagnostics }
    }

    /// [`Catalog::validate`], consuming the catalog: for a one-shot check
    /// such as the CLI's, each entry's checks are moved into the report and
    /// freed by the worker that runs its index rules.
    pub fn into_validated(self) -> Validated {
        let Catalog { schema, schema_problems, files, file_problems, index, .. } = self;
        let mut checked = Vec::with_capacity(files.len());
        let mut checks = Vec::with_capacity(files.len());
        for file in files {
            checked.push(CheckedFile { id: file.id, parsed: file.entry.is_some() });
            checks.extend(file.entry.and_then(|entry| entry.checks).map(|found| (checked.len() - 1, found)));
        }
        let mut diagnostics: Vec<Diagnostic> = checks
            .into_par_iter()
            .flat_map_iter(|(file, EntryChecks { mut entry_rules, links_and_names })| {
                entry_rules.extend(links_and_names.validate(&checked[file].id, &schema, &index));
                entry_rules
            })
            .collect();
        diagnostics.extend(with_overrides(&schema, schema_problems.iter().chain(&file_problems)));
        sort_diagnostics(&mut diagnostics);
        Validated { report: Report { entries: checked.len(), diagnostics }, files: checked, index }
    }

    /// Validates the `selected` entries (each read again through `source`,
    /// which gives an entry's bytes) against the whole index, as
    /// [`Catalog::validate`] would: the same diagnostics for them. Problems
    /// of the schema and of paths that are not entry files are kept too;
    /// `report.entries` counts the selected entries.
    pub fn validate_selected(
        self,
        selected: &BTreeSet<String>,
        source: impl Fn(&str) -> Option<Vec<u8>> + Sync,
    ) -> Validated {
        let ids: Vec<&String> = selected.iter().filter(|id| self.is_parsed(id)).collect();
        let mut diagnostics: Vec<Diagnostic> = ids
            .into_par_iter()
            .flat_map_iter(|id| {
                let entry = source(id).and_then(|bytes| entry_from_bytes(id, bytes, self.schema.max_entry_bytes).ok());
                entry.map(|entry| validate_entry(id, &entry, &self.schema, &self.index, self.today)).unwrap_or_default()
            })
            .collect();
        let entry = self.file_problems().filter(|problem| {
            problem.path == SCHEMA_FILE || selected.contains(&problem.path) || !self.contains(&problem.path)
        });
        diagnostics.extend(with_overrides(&self.schema, entry));
        sort_diagnostics(&mut diagnostics);
        let entries = selected.iter().filter(|id| self.contains(id)).count();
        let files =
            self.files.into_iter().map(|file| CheckedFile { parsed: file.entry.is_some(), id: file.id }).collect();
        Validated { report: Report { entries, diagnostics }, files, index: self.index }
    }

    /// An entry's diagnostics by its rules; none in a catalog loaded
    /// unchecked (see [`Catalog::validate_selected`]).
    fn diagnostics_of(&self, id: &str, entry: &CatalogEntry) -> Vec<Diagnostic> {
        let Some(checks) = &entry.checks else {
            return Vec::new();
        };
        let mut diagnostics = checks.entry_rules.clone();
        diagnostics.extend(checks.links_and_names.validate(id, &self.schema, &self.index));
        diagnostics
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.files.binary_search_by(|file| file.id.as_str().cmp(id))
    }

    fn entry(&self, id: &str) -> Option<&CatalogEntry> {
        self.files[self.position(id).ok()?].entry.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::Catalog;
    use crate::date::Date;

    fn write(root: &std::path::Path, name: &str, text: &str) {
        std::fs::write(root.join(name), text).unwrap();
    }

    // The sidebar's wanted pages show a red link's name as an entry wrote
    // it: the first spelling in id order, found whatever the case or the
    // spaces around it; names that match an entry are not wanted.
    #[test]
    fn wanted_names_are_shown_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "wiki.toml", "");
        write(root, "a.md", "---\ntitle: A\n---\n\n# A\n\nSee [[ Deep Learning ]] and [[B]].\n");
        write(root, "b.md", "---\ntitle: B\n---\n\n# B\n\nSee [[deep learning]], [[A]] and [[Graph Networks]].\n");
        let catalog = Catalog::load(root, Date::parse("2026-11-29").unwrap()).unwrap();
        let wanted = catalog.index().wanted();
        assert_eq!(wanted.keys().copied().collect::<Vec<_>>(), ["deep learning", "graph networks"]);
        let written = catalog.written_names(wanted.keys().copied().chain(["never linked"]));
        assert_eq!(
            written.into_iter().collect::<Vec<_>>(),
            [("deep learning", "Deep Learning"), ("graph networks", "Graph Networks")]
        );
    }
}
