//! A wiki kept for an editing session without the entries' text.
//!
//! [`Wiki`](super::Wiki) keeps every parsed entry, which a long-lived
//! process pays for in memory: on 10,000 entries, the texts and their parses
//! are most of the app's resident set. [`Catalog`] keeps, per entry, only
//! what later questions need: its kind and status (the entry list), the
//! entry rules' diagnostics (they depend on the entry alone, the schema and
//! the day), and [`Deferred`], what the index rules need once the text is
//! gone. An edited entry is parsed again from its new text; an entry opened
//! is read from disk. Its diagnostics equal [`Wiki`](super::Wiki)'s for the
//! same files (the property and fixture tests check this).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Report, Walk, WikiError, indexed, read_all, walk_root, with_overrides};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::entry::{Entry, LinkTarget};
use crate::front_matter::Status;
use crate::index::{Index, IndexedEntry};
use crate::schema::Schema;
use crate::slug::name_key;
use crate::validate::{Deferred, validate_entry_rules};

/// What the catalog keeps of one readable entry.
#[derive(Debug)]
struct Kept {
    /// The front matter's `kind`, as written.
    kind: Option<String>,
    status: Option<Status>,
    /// The entry rules' diagnostics for the catalog's day.
    entry_rules: Vec<Diagnostic>,
    deferred: Deferred,
}

impl Kept {
    fn new(id: &str, entry: Entry, schema: &Schema, today: Date) -> (Kept, IndexedEntry) {
        let entry_rules = validate_entry_rules(id, &entry, schema, today);
        let summary = IndexedEntry::new(id, &entry);
        let fields = entry.front_matter().map(|block| &block.fields);
        let kind = fields.and_then(|fields| fields.kind.clone());
        let status = fields.and_then(|fields| fields.status);
        (Kept { kind, status, entry_rules, deferred: Deferred::new(entry) }, summary)
    }
}

#[derive(Debug)]
struct CatalogFile {
    id: String,
    /// `None` when the file could not be read as an entry (a file problem says why).
    kept: Option<Kept>,
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
        let Walk { schema, schema_problems, found } = walk_root(root)?;
        let (read, file_problems) =
            read_all(found, schema.max_entry_bytes, |id, entry| Kept::new(id, entry, &schema, today));
        let (files, index) = indexed(read, |id, kept| CatalogFile { id, kept });
        Ok(Catalog { root: root.to_owned(), today, schema, schema_problems, files, file_problems, index })
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
        self.kept(id).is_some()
    }

    /// The `kind` its front matter names, as written.
    pub fn kind_of(&self, id: &str) -> Option<&str> {
        self.kept(id)?.kind.as_deref()
    }

    /// The `status` of its front matter.
    pub fn status_of(&self, id: &str) -> Option<Status> {
        self.kept(id)?.status
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
        let links = self.files.iter().filter_map(|file| file.kept.as_ref()).flat_map(|kept| kept.deferred.links());
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
        let (kept, summary) = Kept::new(id, Entry::parse(source), &self.schema, self.today);
        let affected = self.index.upsert(summary);
        match self.position(id) {
            Ok(position) => self.files[position].kept = Some(kept),
            Err(position) => self.files.insert(position, CatalogFile { id: id.to_owned(), kept: Some(kept) }),
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
        let mut diagnostics = self.kept(id).map(|kept| self.diagnostics_of(id, kept)).unwrap_or_default();
        diagnostics
            .extend(with_overrides(&self.schema, self.file_problems.iter().filter(|problem| problem.path == id)));
        sort_diagnostics(&mut diagnostics);
        diagnostics
    }

    /// Every diagnostic of the wiki, as [`Wiki::validate`](super::Wiki::validate) reports them.
    pub fn validate(&self) -> Report {
        let mut diagnostics: Vec<Diagnostic> = self
            .files
            .par_iter()
            .filter_map(|file| Some((file.id.as_str(), file.kept.as_ref()?)))
            .flat_map_iter(|(id, kept)| self.diagnostics_of(id, kept))
            .collect();
        diagnostics.extend(with_overrides(&self.schema, self.file_problems()));
        sort_diagnostics(&mut diagnostics);
        Report { entries: self.files.len(), diagnostics }
    }

    fn diagnostics_of(&self, id: &str, kept: &Kept) -> Vec<Diagnostic> {
        let mut diagnostics = kept.entry_rules.clone();
        diagnostics.extend(kept.deferred.validate(id, &self.schema, &self.index));
        diagnostics
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.files.binary_search_by(|file| file.id.as_str().cmp(id))
    }

    fn kept(&self, id: &str) -> Option<&Kept> {
        self.files[self.position(id).ok()?].kept.as_ref()
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
