//! The open wiki as the app holds it: plain Rust over quire-core, with no
//! Tauri types, so it is tested directly.
//!
//! The editor works on LF text without a BOM; the session remembers each
//! loaded file's BOM and line ending and restores them on save, so a file
//! saved without edits keeps its bytes. The hash of what the app last loaded
//! or wrote is kept per entry: a watcher event whose file still has that
//! hash is the app's own write and is ignored.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use quire_core::{
    Catalog, Date, Entry, FileForm, IntentLog, Journal, LineEnding, MergeOutcome, RenameError, RenderCache, Severity,
    StoreError, anchor_slug, content_hash, create_entry, merge3, read_entry_file, rename_entry, render_entry_cached,
    resolve_entry_path, save_entry, validate_entry,
};

use crate::ipc::{
    Analysis, EntryInfo, EntryRef, EntryView, ErrorCode, IpcError, KindInfo, MergeResult, OutlinePart, PagePart,
    RenameResult, SaveOutcome, StartUp, UnsavedEdit, Utf16Offsets, WikiChanged, WikiView, problem,
};
use crate::watcher::Change;

/// The open wiki and what the app knows of its files.
pub struct WikiSession {
    /// The index, metadata and diagnostics of every entry; no entry text
    /// (an entry opened is read from disk).
    wiki: Catalog,
    /// Hash of the bytes the app last loaded or wrote, per entry.
    known: HashMap<String, String>,
    forms: HashMap<String, FileForm>,
    /// Error and warning counts per entry, kept current incrementally.
    counts: HashMap<String, (u32, u32)>,
    /// Where unsaved edits are kept against a crash (the app's data folder).
    journal: Option<Journal>,
    /// The parts of the page last rendered, so a keystroke renders one part.
    render_cache: RenderCache,
    /// Where multi-file changes (a rename) record what they do, so a crash
    /// midway is completed or undone at the next start.
    intents: Option<IntentLog>,
    /// What opening the wiki found unfinished and completed or undone, in
    /// words, for the window to say.
    recovered: Vec<String>,
    /// How many writes the app made; per entry, the count at its last one.
    /// A read of the disk planned before a write is not taken after it.
    writes: u64,
    written: HashMap<String, u64>,
}

impl WikiSession {
    /// Opens the wiki at `root`.
    pub fn open(root: &Path, today: Date) -> Result<WikiSession, IpcError> {
        let wiki = Catalog::load(root, today).map_err(|error| IpcError::new(ErrorCode::NoWiki, error.to_string()))?;
        let mut session = WikiSession {
            wiki,
            known: HashMap::new(),
            forms: HashMap::new(),
            counts: HashMap::new(),
            journal: None,
            render_cache: RenderCache::default(),
            intents: None,
            recovered: Vec::new(),
            writes: 0,
            written: HashMap::new(),
        };
        session.recount_all();
        Ok(session)
    }

    /// Keeps unsaved edits in `journal` (see [`WikiSession::record_unsaved`]).
    pub fn with_journal(mut self, journal: Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Records multi-file changes in `intents`; `recovered` says what an
    /// earlier process left unfinished and was finished before the wiki was
    /// read (see [`IntentLog::recover`]).
    pub fn with_intents(mut self, intents: IntentLog, recovered: Vec<String>) -> Self {
        self.intents = Some(intents);
        self.recovered = recovered;
        self
    }

    /// The wiki as loaded and kept current.
    pub fn wiki(&self) -> &Catalog {
        &self.wiki
    }

    /// The wiki folder.
    pub fn root(&self) -> &Path {
        self.wiki.root()
    }

    /// The date the review rules judge by.
    pub fn today(&self) -> Date {
        self.wiki.today()
    }

    fn recount_all(&mut self) {
        let report = self.wiki.validate();
        self.counts.clear();
        for id in self.wiki.ids() {
            self.counts.insert(id.to_owned(), (0, 0));
        }
        for diagnostic in &report.diagnostics {
            count(&mut self.counts, &diagnostic.path, diagnostic.severity);
        }
    }

    fn recount(&mut self, ids: &BTreeSet<String>) {
        for id in ids {
            self.counts.remove(id);
            if !self.wiki.contains(id) {
                continue;
            }
            self.counts.insert(id.clone(), (0, 0));
            for diagnostic in self.wiki.validate_one(id) {
                count(&mut self.counts, id, diagnostic.severity);
            }
        }
    }

    /// The sidebar's view of the wiki.
    pub fn view(&self) -> WikiView {
        let schema = self.wiki.schema();
        let mut entries: Vec<EntryInfo> = self
            .wiki
            .ids()
            .map(|id| {
                let (errors, warnings) = self.counts.get(id).copied().unwrap_or((0, 0));
                let indexed = self.wiki.index().get(id);
                let kind = schema.kind_name(self.wiki.kind_of(id));
                EntryInfo {
                    id: id.to_owned(),
                    title: indexed.map_or_else(|| id.to_owned(), |entry| entry.title.clone()),
                    aliases: indexed.map(|entry| entry.aliases.clone()).unwrap_or_default(),
                    kind: kind.map(str::to_owned),
                    status: self.wiki.status_of(id).map(|status| status.as_str().to_owned()),
                    errors,
                    warnings,
                }
            })
            .collect();
        entries.sort_by(|a, b| a.title.to_lowercase().cmp(&b.title.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
        let wanted = self.wiki.index().wanted();
        let written = self.wiki.written_names(wanted.keys().copied());
        let mut wanted: Vec<(usize, String)> = wanted
            .iter()
            .map(|(key, sources)| (sources.len(), written.get(key).copied().unwrap_or(key).to_owned()))
            .collect();
        wanted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        WikiView {
            root: self.root().display().to_string(),
            entries,
            kinds: schema
                .kinds
                .iter()
                .map(|(name, kind)| KindInfo { name: name.clone(), description: kind.description.clone() })
                .collect(),
            file_problems: self.wiki.file_problems().map(|diagnostic| problem(diagnostic, None)).collect(),
            wanted: wanted.into_iter().map(|(_, name)| name).collect(),
            recovered: self.recovered.clone(),
        }
    }

    /// Reads entry `id` from disk.
    pub fn load(&mut self, id: &str) -> Result<EntryView, IpcError> {
        let loaded = read_entry_file(self.root(), id).map_err(store_error)?;
        let (form, text) = FileForm::split(&loaded.text);
        self.known.insert(id.to_owned(), loaded.hash.clone());
        self.forms.insert(id.to_owned(), form);
        let analysis = self.analyze(id, &text, &[]);
        Ok(EntryView { id: id.to_owned(), analysis, text, hash: loaded.hash })
    }

    /// Outline, problems and page of `text` as entry `id`'s draft. Runs on
    /// every edit: it reads nothing from disk and changes nothing on it.
    /// Only parts that changed are rendered again, and a part whose hash is
    /// in `shown` (the caller shows it already) comes without its HTML.
    pub fn analyze(&mut self, id: &str, text: &str, shown: &[String]) -> Analysis {
        let entry = Entry::parse(text);
        let offsets = Utf16Offsets::new(entry.text());
        let index = self.wiki.index();
        let mut diagnostics = validate_entry(id, &entry, self.wiki.schema(), index, self.wiki.today());
        quire_core::sort_diagnostics(&mut diagnostics);
        let lines = quire_core::LineIndex::new(entry.text());
        let mut outline = Vec::with_capacity(entry.sections().len() + 1);
        let lead = entry.lead();
        let lead_from = entry.preamble().start;
        outline.push(OutlinePart {
            heading: None,
            anchor: None,
            from: offsets.at(lead_from),
            body_from: offsets.at(lead.body.start),
            to: offsets.at(lead.span.end),
            line: lines.position(entry.text(), lead_from).line as u32,
        });
        for section in entry.sections() {
            outline.push(OutlinePart {
                anchor: section.title().map(anchor_slug),
                heading: section.title().map(str::to_owned),
                from: offsets.at(section.span.start),
                body_from: offsets.at(section.body.start),
                to: offsets.at(section.span.end),
                line: lines.position(entry.text(), section.span.start).line as u32,
            });
        }
        let page = render_entry_cached(id, &entry, index, &mut self.render_cache);
        let shown: HashSet<&str> = shown.iter().map(String::as_str).collect();
        let missing_sections = self.missing_sections(&entry);
        Analysis {
            title: entry.title().map(str::to_owned),
            outline,
            problems: diagnostics.iter().map(|diagnostic| problem(diagnostic, Some(&offsets))).collect(),
            page: page
                .parts
                .into_iter()
                .map(|part| PagePart {
                    heading: part.heading,
                    line: part.line as u32,
                    html: (!shown.contains(part.hash.as_str())).then_some(part.html),
                    hash: part.hash,
                })
                .collect(),
            backlinks: self.backlinks(id),
            missing_sections,
        }
    }

    fn missing_sections(&self, entry: &Entry) -> Vec<String> {
        let schema = self.wiki.schema();
        let named = entry.front_matter().and_then(|block| block.fields.kind.as_deref());
        let Some(kind) = schema.kind_name(named).and_then(|name| schema.kind(name)) else { return Vec::new() };
        kind.skeleton_sections().into_iter().filter(|name| entry.section(name).is_none()).map(str::to_owned).collect()
    }

    fn backlinks(&self, id: &str) -> Vec<EntryRef> {
        let index = self.wiki.index();
        let mut links: Vec<EntryRef> = index
            .backlinks(id)
            .into_iter()
            .filter_map(|source| index.get(source))
            .map(|entry| EntryRef { id: entry.id.clone(), title: entry.title.clone() })
            .collect();
        links.sort_by(|a, b| a.title.cmp(&b.title));
        links
    }

    /// Saves `text` (LF, no BOM, as the editor holds it) as entry `id`,
    /// provided the file on disk still has `base_hash`.
    pub fn save(&mut self, id: &str, text: &str, base_hash: Option<&str>) -> Result<SaveOutcome, IpcError> {
        // Only the lines the user edited take the file's usual line ending;
        // the others keep their own (a file may mix CRLF, LF and lone CRs).
        let bytes = match self.forms.get(id) {
            Some(form) => form.restore(text),
            None => FileForm::new_file(LineEnding::Lf).restore(text),
        };
        self.note_write(id);
        match save_entry(self.root(), id, &bytes, base_hash) {
            Ok(hash) => {
                self.known.insert(id.to_owned(), hash.clone());
                self.forms.insert(id.to_owned(), FileForm::split(&bytes).0);
                let affected = self.wiki.update_entry(id, &bytes);
                self.recount(&affected);
                // The file holds the edits now. A journal record left behind
                // would only offer them again after the next start.
                if let Err(error) = self.discard_unsaved(id) {
                    tracing::warn!("{}", error.message);
                }
                Ok(SaveOutcome::Saved { hash })
            }
            Err(StoreError::Conflict { disk_text, disk_hash, .. }) => {
                Ok(SaveOutcome::Conflict { disk_text: disk_text.as_deref().map(editor_text), disk_hash })
            }
            Err(error) => Err(store_error(error)),
        }
    }

    /// Keeps `text` (the editor's unsaved text of entry `id`, based on the
    /// file with `base_hash`) in the crash journal, replacing the last record.
    pub fn record_unsaved(&self, id: &str, text: &str, base_hash: Option<&str>) -> Result<(), IpcError> {
        resolve_entry_path(self.root(), id).map_err(store_error)?;
        let Some(journal) = &self.journal else { return Ok(()) };
        journal.record(self.root(), id, text, base_hash).map_err(|error| {
            IpcError::new(ErrorCode::Io, format!("cannot keep unsaved edits in `{}`: {error}", journal.dir().display()))
        })
    }

    /// Forgets the journaled edits of entry `id` (saved, or given up).
    pub fn discard_unsaved(&self, id: &str) -> Result<(), IpcError> {
        let Some(journal) = &self.journal else { return Ok(()) };
        journal.discard(self.root(), id).map_err(|error| {
            IpcError::new(
                ErrorCode::Io,
                format!("cannot remove unsaved edits of `{id}` from `{}`: {error}", journal.dir().display()),
            )
        })
    }

    /// The entry list, the drafts and the first entry, loaded, for the
    /// window's first frame (see [`StartUp`]).
    pub fn start_up(&mut self) -> StartUp {
        let wiki = self.view();
        let drafts = self.unsaved_edits();
        let listed = |id: &str| wiki.entries.iter().any(|entry| entry.id == id);
        let start = drafts
            .iter()
            .map(|draft| draft.id.as_str())
            .find(|id| listed(id))
            .or_else(|| wiki.entries.first().map(|entry| entry.id.as_str()))
            .map(str::to_owned);
        let entry = start.and_then(|id| self.load(&id).ok());
        StartUp { wiki, drafts, entry }
    }

    /// Edits left unsaved by an earlier run (a crash), with what the disk
    /// holds now. Records whose text the file already has are dropped.
    pub fn unsaved_edits(&self) -> Vec<UnsavedEdit> {
        let Some(journal) = &self.journal else { return Vec::new() };
        let mut edits = Vec::new();
        for pending in journal.pending(self.root()) {
            let disk = read_entry_file(self.root(), &pending.id).ok();
            let disk_text = disk.as_ref().map(|loaded| editor_text(&loaded.text));
            if disk_text.as_deref() == Some(pending.text.as_str()) {
                let _ = journal.discard(self.root(), &pending.id);
                continue;
            }
            let title =
                self.wiki.index().get(&pending.id).map_or_else(|| pending.id.clone(), |entry| entry.title.clone());
            edits.push(UnsavedEdit {
                title,
                disk_hash: disk.map(|loaded| loaded.hash),
                id: pending.id,
                text: pending.text,
                base_hash: pending.base_hash,
                saved_at_unix_ms: pending.saved_at_unix_ms,
            });
        }
        edits
    }

    /// The id a new entry called `title`, in `folder` if given, would get,
    /// or why it cannot be created: what [`Session::create`] checks before
    /// the kind. The New entry dialog shows it as the user types.
    pub fn new_entry_id(&self, title: &str, folder: Option<&str>) -> Result<String, IpcError> {
        let title = title.trim();
        let id = quire_core::new_entry_id(title, folder, self.wiki.ids()).map_err(|error| {
            let code = match error {
                quire_core::NameError::NoSlug { .. } => ErrorCode::InvalidTitle,
                quire_core::NameError::CaseCollision { .. } => ErrorCode::Exists,
                quire_core::NameError::Folder { .. } | quire_core::NameError::Reserved { .. } => ErrorCode::InvalidId,
            };
            IpcError::new(code, error.to_string())
        })?;
        if let Some(other) = self.wiki.index().resolve_name(title).first() {
            return Err(IpcError::new(ErrorCode::Exists, format!("`{}` already has the name `{title}`", other.id)));
        }
        Ok(id)
    }

    /// The id entry `id` would get renamed to `title`, or why it cannot be:
    /// what the Rename dialog shows as the user types.
    pub fn renamed_entry_id(&self, id: &str, title: &str) -> Result<String, IpcError> {
        quire_core::renamed_entry_id(id, title, self.wiki.ids()).map_err(rename_error)
    }

    /// Creates a new entry of `kind` called `title`, in `folder` if given.
    pub fn create(&mut self, title: &str, kind: &str, folder: Option<&str>) -> Result<String, IpcError> {
        let title = title.trim();
        let id = self.new_entry_id(title, folder)?;
        let text = self.wiki.schema().skeleton(title, kind, self.wiki.today()).ok_or_else(|| {
            IpcError::new(ErrorCode::UnknownKind, format!("kind `{kind}` is not defined in `wiki.toml`"))
        })?;
        self.note_write(&id);
        create_entry(self.root(), &id, &text).map_err(store_error)?;
        self.known.insert(id.clone(), content_hash(text.as_bytes()));
        let affected = self.wiki.update_entry(&id, &text);
        self.recount(&affected);
        Ok(id)
    }

    /// Renames entry `id` to `title` with quire-core's `rename_entry` (file
    /// moved to the new slug, links rewritten across the wiki, all or
    /// nothing), then takes the new texts into the index as the app's own
    /// writes, so the watcher does not report them as changes from outside.
    pub fn rename(&mut self, id: &str, title: &str) -> Result<RenameResult, IpcError> {
        // An id of the wiki, never a title or a path for core to look up.
        resolve_entry_path(self.root(), id).map_err(store_error)?;
        if !self.wiki.is_parsed(id) {
            return Err(IpcError::new(ErrorCode::NotFound, format!("`{id}` is not an entry of this wiki")));
        }
        let intents = self.intents.as_ref().ok_or_else(|| {
            IpcError::new(ErrorCode::Io, "renaming needs the app's data folder, to record the change against a crash")
        })?;
        let outcome = rename_entry(intents, self.root(), id, title).map_err(rename_error)?;
        for file in &outcome.files {
            self.note_write(&file.id);
        }
        self.note_write(&outcome.old_id);
        let mut affected = BTreeSet::new();
        if outcome.new_id != outcome.old_id {
            affected.extend(self.wiki.remove_entry(&outcome.old_id));
            self.known.remove(&outcome.old_id);
            if let Some(form) = self.forms.remove(&outcome.old_id) {
                self.forms.insert(outcome.new_id.clone(), form);
            }
        }
        for file in &outcome.files {
            let loaded = read_entry_file(self.root(), &file.id).map_err(store_error)?;
            self.known.insert(file.id.clone(), loaded.hash);
            affected.extend(self.wiki.update_entry(&file.id, &loaded.text));
        }
        self.recount(&affected);
        let mut left_alone: Vec<String> = outcome.left_alone.iter().map(|(id, _)| id.clone()).collect();
        left_alone.dedup();
        Ok(RenameResult {
            rewritten: outcome
                .files
                .iter()
                .filter(|file| file.id != outcome.new_id)
                .map(|file| file.id.clone())
                .collect(),
            links: outcome.files.iter().map(|file| file.links as u32).sum(),
            old_id: outcome.old_id,
            new_id: outcome.new_id,
            new_title: outcome.new_title,
            alias_added: outcome.alias_added,
            left_alone,
        })
    }

    /// Every problem of the wiki, for the wiki-wide view. The entries'
    /// texts are not at hand: the problems are placed by line and column.
    pub fn all_problems(&self) -> Vec<crate::ipc::Problem> {
        self.wiki.validate().diagnostics.iter().map(|diagnostic| problem(diagnostic, None)).collect()
    }

    /// Takes note of files that changed on disk (paths from the watcher),
    /// skipping the app's own writes, all at once: [`follow_disk`] does the
    /// same without holding the session while it reads.
    pub fn disk_changed(&mut self, paths: &[PathBuf]) -> WikiChanged {
        let change = Change::Paths(paths.to_vec());
        for _ in 0..3 {
            let read = self.plan_disk_change(&change).read();
            if let Applied::Done(changed) = self.apply_disk_change(read) {
                return changed;
            }
        }
        self.rescan(None).unwrap_or_else(|error| WikiChanged::notice(error.message))
    }

    /// What a watcher's `change` calls for reading: the entries its paths
    /// name, or the whole wiki again (a folder created, removed or renamed,
    /// a changed `wiki.toml`: a folder's event does not name the entries
    /// inside it, and the schema affects every entry). Reads nothing.
    pub fn plan_disk_change(&self, change: &Change) -> DiskPlan {
        let root = self.root().to_owned();
        let rescan = |notice: Option<String>| DiskPlan::Rescan {
            root: root.clone(),
            today: self.today(),
            writes: self.writes,
            notice,
        };
        match change {
            Change::Rescan(notice) => rescan(Some(notice.clone()).filter(|notice| !notice.is_empty())),
            Change::Paths(paths) if paths.iter().any(|path| self.needs_rescan(path)) => rescan(None),
            Change::Paths(paths) => {
                let mut ids: Vec<(String, u64)> = paths
                    .iter()
                    .filter_map(|path| self.id_of(path))
                    .map(|id| {
                        let written = self.written.get(&id).copied().unwrap_or(0);
                        (id, written)
                    })
                    .collect();
                ids.sort();
                ids.dedup();
                DiskPlan::Read { root, ids, max_bytes: self.wiki.schema().max_entry_bytes }
            }
        }
    }

    /// Takes what [`DiskPlan::read`] found. A file the app wrote itself since
    /// the plan is skipped (the event of that write follows), and a whole
    /// wiki read while the app wrote is not taken: [`Applied::Again`].
    pub fn apply_disk_change(&mut self, read: DiskRead) -> Applied {
        match read {
            DiskRead::Rescanned { catalog, writes, notice } => {
                if writes != self.writes {
                    return Applied::Again;
                }
                let before: BTreeSet<String> = self.wiki.ids().map(str::to_owned).collect();
                match catalog {
                    Ok(catalog) => self.wiki = *catalog,
                    Err(error) => return Applied::Done(WikiChanged::notice(error.message)),
                }
                self.recount_all();
                let after: BTreeSet<String> = self.wiki.ids().map(str::to_owned).collect();
                Applied::Done(WikiChanged {
                    changed: after.iter().cloned().collect(),
                    removed: before.difference(&after).cloned().collect(),
                    rescanned: true,
                    notice,
                })
            }
            DiskRead::Files(files) => {
                let mut changed = BTreeSet::new();
                let mut removed = BTreeSet::new();
                let mut affected = BTreeSet::new();
                for (id, written, file) in files {
                    if self.written.get(&id).copied().unwrap_or(0) != written {
                        continue;
                    }
                    match file {
                        FileRead::Text(loaded) => {
                            if self.known.get(&id) == Some(&loaded.hash) {
                                continue;
                            }
                            affected.extend(self.wiki.update_entry(&id, &loaded.text));
                            changed.insert(id);
                        }
                        FileRead::Gone => {
                            if self.wiki.contains(&id) {
                                affected.extend(self.wiki.remove_entry(&id));
                                self.known.remove(&id);
                                removed.insert(id);
                            }
                        }
                        // Over the size limit: the loader's `file-too-large`
                        // problem, as a fresh scan reports it.
                        FileRead::TooLarge => return Applied::Again,
                        // Unreadable now (mid-write, permissions): the next
                        // event or a rescan picks it up; nothing is dropped.
                        FileRead::Unreadable => {}
                    }
                }
                self.recount(&affected);
                Applied::Done(WikiChanged {
                    changed: changed.into_iter().collect(),
                    removed: removed.into_iter().collect(),
                    rescanned: false,
                    notice: None,
                })
            }
        }
    }

    /// Notes a write of the app's own to entry `id`: a read of the disk
    /// planned before it must not be taken after it.
    fn note_write(&mut self, id: &str) {
        self.writes += 1;
        self.written.insert(id.to_owned(), self.writes);
    }

    /// Reloads the whole wiki from disk, holding the session meanwhile.
    pub fn rescan(&mut self, notice: Option<String>) -> Result<WikiChanged, IpcError> {
        let read = self.plan_disk_change(&Change::Rescan(notice.unwrap_or_default())).read();
        match self.apply_disk_change(read) {
            Applied::Done(changed) => Ok(changed),
            Applied::Again => Err(IpcError::new(ErrorCode::Io, "the wiki changed while it was read; read it again")),
        }
    }

    /// Whether an event on `path` can only be followed by reading the whole
    /// wiki again: the root itself, `wiki.toml`, or a folder (existing now,
    /// or holding entries the index knows).
    fn needs_rescan(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(self.root()) else { return false };
        let Some(parts) = relative.components().map(|part| part.as_os_str().to_str()).collect::<Option<Vec<_>>>()
        else {
            return false;
        };
        if parts.iter().any(|part| part.starts_with('.')) {
            return false;
        }
        let relative = parts.join("/");
        if relative.is_empty() || relative == quire_core::SCHEMA_FILE {
            return true;
        }
        if relative.to_ascii_lowercase().ends_with(".md") {
            return false;
        }
        let inside = format!("{relative}/");
        // A link to a folder is not a folder of the wiki: it is never read.
        let is_folder = std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_dir());
        is_folder || self.wiki.ids().any(|id| id.starts_with(&inside))
    }

    /// The entry id of a path under the root, if it names an entry file.
    pub fn id_of(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(self.root()).ok()?;
        let parts: Vec<&str> = relative.components().map(|part| part.as_os_str().to_str()).collect::<Option<_>>()?;
        let id = parts.join("/");
        quire_core::EntryId::is_valid(&id).then_some(id)
    }
}

/// A file's text as the editor holds it: `\n` line breaks, no BOM.
fn editor_text(text: &str) -> String {
    FileForm::split(text).1
}

/// Merges the editor's changes (`base` → `ours`) with the disk's (`base` →
/// `theirs`); says which parts the disk changed, for the notice.
pub fn merge_with_disk(base: &str, ours: &str, theirs: &str) -> MergeResult {
    let outcome = merge3(base, ours, theirs);
    let (clean, conflicts) = match &outcome {
        MergeOutcome::Clean(_) => (true, 0),
        MergeOutcome::Conflicted { conflicts, .. } => (false, u32::try_from(*conflicts).unwrap_or(u32::MAX)),
    };
    MergeResult { clean, text: outcome.text().to_owned(), conflicts, disk_changed: disk_changed(base, theirs) }
}

/// The sections the disk changed from `base` to `theirs`, as a diff pairs
/// them (a moved or renamed section is one): headings, `None` for the lead.
fn disk_changed(base: &str, theirs: &str) -> Vec<Option<String>> {
    let (base, theirs) = (Entry::parse(base), Entry::parse(theirs));
    quire_core::changed_sections(&base, &theirs).into_iter().map(|(heading, _)| heading).collect()
}

fn count(counts: &mut HashMap<String, (u32, u32)>, id: &str, severity: Severity) {
    let entry = counts.entry(id.to_owned()).or_insert((0, 0));
    match severity {
        Severity::Error => entry.0 += 1,
        Severity::Warning => entry.1 += 1,
        Severity::Info => {}
    }
}

fn rename_error(error: RenameError) -> IpcError {
    let code = match &error {
        RenameError::NotFound { .. } => ErrorCode::NotFound,
        RenameError::TargetExists { .. } | RenameError::NameTaken { .. } => ErrorCode::Exists,
        RenameError::InvalidTitle { .. } => ErrorCode::InvalidTitle,
        RenameError::InvalidName { .. } => ErrorCode::InvalidId,
        RenameError::Changed { .. } => ErrorCode::Changed,
        RenameError::Store(StoreError::InvalidId { .. } | StoreError::Symlink { .. }) => ErrorCode::InvalidId,
        RenameError::Wiki(_) => ErrorCode::NoWiki,
        _ => ErrorCode::Io,
    };
    IpcError::new(code, error.to_string())
}

fn store_error(error: StoreError) -> IpcError {
    let code = match &error {
        StoreError::Exists { .. } => ErrorCode::Exists,
        StoreError::InvalidId { .. } | StoreError::Symlink { .. } => ErrorCode::InvalidId,
        StoreError::NotUtf8 { .. } => ErrorCode::NotUtf8,
        _ => ErrorCode::Io,
    };
    IpcError::new(code, error.to_string())
}

/// What a watcher event calls for reading, made under the session and read
/// without it ([`DiskPlan::read`]): a slow disk, a huge file or a FIFO never
/// holds up a keystroke.
pub enum DiskPlan {
    /// Read the whole wiki again.
    Rescan {
        /// The wiki folder.
        root: PathBuf,
        /// The date the rules judge by.
        today: Date,
        /// The app's write count when planned.
        writes: u64,
        /// What to tell the user, if anything.
        notice: Option<String>,
    },
    /// Read these entries, each with the app's write count of it when planned.
    Read {
        /// The wiki folder.
        root: PathBuf,
        /// The entries named by the event.
        ids: Vec<(String, u64)>,
        /// `wiki.toml`'s size limit: a larger file is not read.
        max_bytes: u64,
    },
}

/// What [`DiskPlan::read`] found.
pub enum DiskRead {
    /// The whole wiki, read again.
    Rescanned {
        /// The wiki as read, or why it could not be.
        catalog: Result<Box<Catalog>, IpcError>,
        /// The app's write count when planned.
        writes: u64,
        /// What to tell the user, if anything.
        notice: Option<String>,
    },
    /// The entries named, each with the app's write count of it when planned.
    Files(Vec<(String, u64, FileRead)>),
}

/// One entry file as the watcher found it.
pub enum FileRead {
    /// Its text and hash.
    Text(quire_core::Loaded),
    /// No file any more.
    Gone,
    /// Larger than `wiki.toml` allows.
    TooLarge,
    /// Could not be read now.
    Unreadable,
}

/// How [`WikiSession::apply_disk_change`] went.
pub enum Applied {
    /// Taken; the UI is told this.
    Done(WikiChanged),
    /// Not taken: plan and read again, the whole wiki this time.
    Again,
}

impl DiskPlan {
    /// Reads what the plan names. Holds nothing: the app's typing and saves
    /// go on meanwhile.
    pub fn read(self) -> DiskRead {
        match self {
            DiskPlan::Rescan { root, today, writes, notice } => DiskRead::Rescanned {
                catalog: Catalog::load(&root, today)
                    .map(Box::new)
                    .map_err(|error| IpcError::new(ErrorCode::NoWiki, error.to_string())),
                writes,
                notice,
            },
            DiskPlan::Read { root, ids, max_bytes } => DiskRead::Files(
                ids.into_iter()
                    .map(|(id, written)| {
                        let file = read_watched(&root, &id, max_bytes);
                        (id, written, file)
                    })
                    .collect(),
            ),
        }
    }
}

/// Entry `id` as the watcher reads it: never through a link, never a FIFO,
/// never more than `max_bytes`.
fn read_watched(root: &Path, id: &str, max_bytes: u64) -> FileRead {
    let Ok(path) = resolve_entry_path(root, id) else { return FileRead::Unreadable };
    match std::fs::symlink_metadata(&path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return FileRead::Gone,
        Ok(metadata) if metadata.is_file() && metadata.len() > max_bytes => return FileRead::TooLarge,
        _ => {}
    }
    match read_entry_file(root, id) {
        Ok(loaded) if loaded.text.len() as u64 > max_bytes => FileRead::TooLarge,
        Ok(loaded) => FileRead::Text(loaded),
        Err(_) if !path.exists() => FileRead::Gone,
        Err(_) => FileRead::Unreadable,
    }
}

/// The open session, however it is held: the app's state, or a mutex.
pub trait SessionLock {
    /// Runs `work` on the session, holding it.
    fn with_session<T>(&self, work: impl FnOnce(&mut WikiSession) -> T) -> Result<T, IpcError>;
}

impl SessionLock for std::sync::Mutex<WikiSession> {
    fn with_session<T>(&self, work: impl FnOnce(&mut WikiSession) -> T) -> Result<T, IpcError> {
        Ok(work(&mut self.lock().unwrap_or_else(std::sync::PoisonError::into_inner)))
    }
}

/// Follows a watcher's `change`: plans under the session, reads the disk
/// without it, takes the result under it again. What the app's watcher and
/// its tests run.
pub fn follow_disk(session: &impl SessionLock, change: Change) -> Result<WikiChanged, IpcError> {
    let mut change = change;
    for _ in 0..3 {
        let plan = session.with_session(|session| session.plan_disk_change(&change))?;
        let read = plan.read();
        match session.with_session(|session| session.apply_disk_change(read))? {
            Applied::Done(changed) => return Ok(changed),
            Applied::Again => change = Change::Rescan(String::new()),
        }
    }
    // The app kept writing while the wiki was read: read it holding the session.
    session.with_session(|session| session.rescan(None))?
}
