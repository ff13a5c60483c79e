//! The reference the wiki model is checked against: every entry kept whole
//! and validated the plainest way, `validate_entry` against the index.
//!
//! Quire itself has one wiki model, `Catalog`, which keeps no text. This is
//! the simple model it must agree with (`validate_both_ways`, the
//! incremental property test); it is built from the catalog's walk, so the
//! two differ only in what they keep and how they validate.

use std::collections::BTreeSet;
use std::path::Path;

use quire_core::{
    Catalog, CheckedFile, Date, Diagnostic, Entry, Index, IndexedEntry, Report, Schema, WikiError, read_entry_file,
    sort_diagnostics, validate_entry,
};

/// One entry file: its id and, when it was read as text, its parse.
pub struct EntryFile {
    /// Its id: the path under the root, `/`-separated.
    pub id: String,
    /// The parsed entry, or `None` when it could not be read as text.
    pub entry: Option<Entry>,
}

/// A wiki with every entry parsed and kept.
pub struct Reference {
    schema: Schema,
    /// Problems of the schema and of files not read, as found.
    file_problems: Vec<Diagnostic>,
    /// Sorted by id.
    files: Vec<EntryFile>,
    index: Index,
}

impl Reference {
    /// Loads the wiki at `root`: the files the catalog finds, each read and
    /// parsed again and kept.
    pub fn load(root: &Path) -> Result<Reference, WikiError> {
        let catalog = Catalog::load_unchecked(root, Date::today())?;
        let files: Vec<EntryFile> = catalog
            .ids()
            .map(|id| {
                let entry = catalog
                    .is_parsed(id)
                    .then(|| read_entry_file(root, id).expect("a parsed entry reads again"))
                    .map(|loaded| Entry::parse(&loaded.text));
                EntryFile { id: id.to_owned(), entry }
            })
            .collect();
        let index = Index::from_entries(
            files.iter().filter_map(|file| Some(IndexedEntry::new(&file.id, file.entry.as_ref()?))),
        );
        Ok(Reference {
            schema: catalog.schema().clone(),
            file_problems: catalog.file_problems().cloned().collect(),
            files,
            index,
        })
    }

    /// Every entry file, sorted by id.
    pub fn files(&self) -> &[EntryFile] {
        &self.files
    }

    /// The index of every parsed entry.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The parsed entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        let position = self.files.binary_search_by(|file| file.id.as_str().cmp(id)).ok()?;
        self.files[position].entry.as_ref()
    }

    /// The ids of the files, and whether each was parsed.
    pub fn checked_files(&self) -> Vec<CheckedFile> {
        self.files.iter().map(|file| CheckedFile { id: file.id.clone(), parsed: file.entry.is_some() }).collect()
    }

    /// Replaces (or adds) one entry from new text; the ids whose
    /// diagnostics may have changed.
    pub fn update_entry(&mut self, id: &str, source: &str) -> BTreeSet<String> {
        let entry = Entry::parse(source);
        let affected = self.index.upsert(IndexedEntry::new(id, &entry));
        match self.files.binary_search_by(|file| file.id.as_str().cmp(id)) {
            Ok(position) => self.files[position].entry = Some(entry),
            Err(position) => self.files.insert(position, EntryFile { id: id.to_owned(), entry: Some(entry) }),
        }
        self.file_problems.retain(|problem| problem.path != id);
        affected
    }

    /// Removes one entry; the ids whose diagnostics may have changed.
    pub fn remove_entry(&mut self, id: &str) -> BTreeSet<String> {
        if let Ok(position) = self.files.binary_search_by(|file| file.id.as_str().cmp(id)) {
            self.files.remove(position);
        }
        self.file_problems.retain(|problem| problem.path != id);
        self.index.remove(id)
    }

    /// Diagnostics of one entry against the current index, sorted.
    pub fn validate_one(&self, id: &str, today: Date) -> Vec<Diagnostic> {
        let mut diagnostics = match self.entry(id) {
            Some(entry) => validate_entry(id, entry, &self.schema, &self.index, today),
            None => Vec::new(),
        };
        diagnostics.extend(self.problems(|problem| problem.path == id));
        sort_diagnostics(&mut diagnostics);
        diagnostics
    }

    /// Every diagnostic of the wiki, sorted.
    pub fn validate(&self, today: Date) -> Report {
        let mut diagnostics: Vec<Diagnostic> = self
            .files
            .iter()
            .filter_map(|file| Some((file.id.as_str(), file.entry.as_ref()?)))
            .flat_map(|(id, entry)| validate_entry(id, entry, &self.schema, &self.index, today))
            .collect();
        diagnostics.extend(self.problems(|_| true));
        sort_diagnostics(&mut diagnostics);
        Report { entries: self.files.len(), diagnostics }
    }

    /// File problems that `keep` keeps, with the schema's severities.
    fn problems(&self, keep: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
        self.file_problems
            .iter()
            .filter(|problem| keep(problem))
            .filter_map(|problem| {
                let severity = self.schema.severity_of(problem.code, problem.severity)?;
                Some(Diagnostic { severity, ..problem.clone() })
            })
            .collect()
    }
}
