//! Renaming an entry: a new title, the file moved to the new title's slug,
//! and every link to it across the wiki rewritten, in one step that
//! completes or changes nothing.
//!
//! What changes:
//! - the entry's H1 and, when present, its front matter `title`;
//! - its file: `<folder>/<slug of the new title>.md`, in the same folder;
//! - when it has front matter, the old title is added to `aliases`, so
//!   links from outside the wiki (bookmarks, other wikis, old commits)
//!   still resolve; an entry without front matter gets none (creating a
//!   block would change more of the file than the rename needs);
//! - every wiki link naming it by its old title or old slug, in any case:
//!   `[[Old]]`, `[[Old|text]]`, `[[Old#Section]]` (Related Pages items are
//!   such links) become `[[New…]]`; links through an alias are left alone,
//!   as aliases are kept; relative `.md` links written inline get the new
//!   file name.
//!
//! All new texts are prepared in memory first. Then every new file is written
//! to a temporary file beside its target and flushed; only when all are on
//! disk are they renamed into place, each after checking that its target
//! still holds what was read (a file changed on disk meanwhile stops the
//! rename). Should a step fail, the files already replaced are put back from
//! hard-linked backups and the new file is removed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::entry::{Entry, LinkTarget};
use crate::front_matter::{check_written, field_nodes, yaml_scalar};
use crate::index::Index;
use crate::index::{resolve_relative, slug_of_id};
use crate::intent::{ChangeError, FileWrite, IntentLog, Stop, commit};
use crate::names::check_new_id;
use crate::slug::{name_key, slugify};
use crate::store::{Loaded, read_entry_file};
use crate::store::{StoreError, resolve_entry_path};
use crate::wiki::{Catalog, WikiError};

/// Why an entry was not renamed. Nothing was changed on disk.
#[derive(Debug, thiserror::Error)]
pub enum RenameError {
    /// The wiki could not be opened.
    #[error(transparent)]
    Wiki(#[from] WikiError),
    /// No entry has that title, alias, slug or id.
    #[error("no entry is named `{name}` (by title, alias, slug or path)")]
    NotFound {
        /// The name given.
        name: String,
    },
    /// More than one entry answers to the name.
    #[error("`{name}` names more than one entry: {}; give the entry's path", ids.join(", "))]
    Ambiguous {
        /// The name given.
        name: String,
        /// The entries it names.
        ids: Vec<String>,
    },
    /// The entry could not be read as text, or has no `# Title`.
    #[error("`{id}` cannot be renamed: {reason}")]
    NotRenamable {
        /// The entry.
        id: String,
        /// Why.
        reason: String,
    },
    /// The new title cannot be used.
    #[error("`{title}` cannot be a title: {reason}")]
    InvalidTitle {
        /// The title given.
        title: String,
        /// Why.
        reason: &'static str,
    },
    /// The new file's name cannot be used on every platform the wiki is
    /// checked out on.
    #[error("{reason}")]
    InvalidName {
        /// Why, naming the file.
        reason: String,
    },
    /// The new file already exists.
    #[error("`{id}` already exists; not overwriting it")]
    TargetExists {
        /// The file that exists.
        id: String,
    },
    /// Another entry already answers to the new title.
    #[error("`{title}` already names `{id}`; links to it would become ambiguous")]
    NameTaken {
        /// The new title.
        title: String,
        /// The entry that has it.
        id: String,
    },
    /// A file changed on disk between reading and writing.
    #[error("`{id}` changed on disk during the rename; nothing was changed, run it again")]
    Changed {
        /// The entry.
        id: String,
    },
    /// The id of the entry or of its new file is not valid, or reading failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing failed; what was already written has been put back.
    #[error("cannot write `{}`: {source}; nothing was changed{rollback}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
        /// Empty, or what could not be put back.
        rollback: String,
    },
}

/// One file whose text the rename changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewrittenFile {
    /// The entry's id after the rename.
    pub id: String,
    /// How many links in it were rewritten.
    pub links: usize,
}

/// What [`rename_entry`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameOutcome {
    /// The entry's id before.
    pub old_id: String,
    /// The entry's id after (the same when the slug did not change).
    pub new_id: String,
    /// The title before.
    pub old_title: String,
    /// The title after.
    pub new_title: String,
    /// Whether the old title was added to the entry's aliases.
    pub alias_added: bool,
    /// Every file whose text changed, the renamed entry first.
    pub files: Vec<RewrittenFile>,
    /// Links to the entry that could not be rewritten (reference-style
    /// Markdown links, whose destination is elsewhere): `(id, byte offset)`.
    pub left_alone: Vec<(String, usize)>,
}

/// Renames the entry `old` (its id, a path to its file, its title, an alias
/// or its slug) of the wiki at `root` to `new_title`. See the module
/// documentation.
///
/// `log` records the change while it runs, so that a process killed midway
/// leaves nothing half-done: the next [`IntentLog::recover`] completes or
/// undoes it.
pub fn rename_entry(log: &IntentLog, root: &Path, old: &str, new_title: &str) -> Result<RenameOutcome, RenameError> {
    rename_entry_failing_at(log, root, old, new_title, None)
}

/// [`rename_entry`], stopped on purpose at `stop` (tests of the rollback and
/// of recovery).
fn rename_entry_failing_at(
    log: &IntentLog,
    root: &Path,
    old: &str,
    new_title: &str,
    stop: Option<Stop>,
) -> Result<RenameOutcome, RenameError> {
    // The index alone: only the entries that link here are read again.
    let catalog = Catalog::load_unchecked(root, Date::today())?;
    let old_id = find_entry(&catalog, root, old)?;
    let not_renamable = |reason: &str| RenameError::NotRenamable { id: old_id.clone(), reason: reason.to_owned() };
    if !catalog.is_parsed(&old_id) {
        return Err(not_renamable("it could not be read as text"));
    }
    let (old_loaded, entry) = read_entry(root, &old_id)?;
    let entry = &entry;
    let heading = entry.title_heading().ok_or_else(|| not_renamable("it has no `# Title` heading"))?;
    let old_title = heading.text.clone();
    let new_title = check_title(new_title)?;
    let new_id = renamed_entry_id(&old_id, &new_title, catalog.ids())?;
    let new_name = new_id.rsplit_once('/').map_or(new_id.as_str(), |(_, name)| name).to_owned();
    let new_path = resolve_entry_path(root, &new_id)?;
    if new_id != old_id && fs::symlink_metadata(&new_path).is_ok() {
        return Err(RenameError::TargetExists { id: new_id });
    }
    let index = catalog.index();
    if let Some(other) = index.resolve_name(&new_title).into_iter().find(|other| other.id != old_id) {
        return Err(RenameError::NameTaken { title: new_title, id: other.id.clone() });
    }

    // Links name the entry by its H1, its front matter title (when the two
    // differ) or its slug: each is rewritten.
    let mut old_keys = vec![name_key(&old_title), name_key(slug_of_id(&old_id))];
    if let Some(title) = entry.front_matter().and_then(|block| block.fields.title.as_deref()) {
        old_keys.push(name_key(title));
    }
    // The entries whose links can name it, and itself, in id order.
    let mut linking = Vec::new();
    for id in index.backlinks(&old_id) {
        let (loaded, linking_entry) = read_entry(root, id)?;
        linking.push((id, loaded, linking_entry));
    }
    let mut files_in_order: Vec<(&str, &Loaded, &Entry)> =
        linking.iter().map(|(id, loaded, linking_entry)| (*id, loaded, linking_entry)).collect();
    files_in_order.push((old_id.as_str(), &old_loaded, entry));
    files_in_order.sort_by(|a, b| a.0.cmp(b.0));

    let mut writes = Vec::new();
    let mut files = Vec::new();
    let mut left_alone = Vec::new();
    let mut alias_added = false;
    for (file_id, loaded, linking_entry) in files_in_order {
        let mut edits = link_edits(index, file_id, linking_entry, &old_id, &old_keys, &new_title, &new_name);
        left_alone.extend(edits.left_alone.iter().map(|&offset| (file_id.to_owned(), offset)));
        let links = edits.edits.len();
        if file_id == old_id {
            edits.edits.extend(title_edits(entry, &old_title, &new_title, &mut alias_added));
        }
        if edits.edits.is_empty() {
            continue;
        }
        let new_text = apply(linking_entry, edits.edits);
        if file_id == old_id {
            check_front_matter(entry, &new_text, &new_title, alias_added).map_err(|reason| not_renamable(&reason))?;
        }
        let id = if file_id == old_id { new_id.clone() } else { file_id.to_owned() };
        files.push(RewrittenFile { id: id.clone(), links });
        let expected = if id == file_id { Some(loaded.hash.clone()) } else { None };
        writes.push(FileWrite { id, text: new_text, expected });
    }
    // The renamed entry first.
    if let Some(position) = files.iter().position(|file| file.id == new_id) {
        let first = files.remove(position);
        files.insert(0, first);
    }
    let removal = (new_id != old_id).then(|| (old_id.clone(), old_loaded.hash.clone()));
    let description = format!("rename of `{old_title}` to `{new_title}`");
    let removal = removal.as_ref().map(|(id, hash)| (id.as_str(), hash.as_str()));
    commit(log, root, &description, &writes, removal, stop)?;
    Ok(RenameOutcome { old_id, new_id, old_title, new_title, alias_added, files, left_alone })
}

/// The id of the entry `name` names.
fn find_entry(catalog: &Catalog, root: &Path, name: &str) -> Result<String, RenameError> {
    let as_id = name.trim_start_matches("./").replace('\\', "/");
    if catalog.contains(&as_id) {
        return Ok(as_id);
    }
    // A path to the file, from the current folder.
    if let (Ok(file), Ok(root)) = (Path::new(name).canonicalize(), root.canonicalize())
        && let Ok(relative) = file.strip_prefix(&root)
    {
        let id = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if catalog.contains(&id) {
            return Ok(id);
        }
    }
    let found = catalog.index().resolve_name(name);
    match found.as_slice() {
        [] => Err(RenameError::NotFound { name: name.to_owned() }),
        [one] => Ok(one.id.clone()),
        many => {
            let mut ids: Vec<String> = many.iter().map(|entry| entry.id.clone()).collect();
            ids.sort();
            Err(RenameError::Ambiguous { name: name.to_owned(), ids })
        }
    }
}

/// The id entry `old_id` takes when renamed to `new_title`: the new title's
/// slug in the same folder, checked against the ids of `existing` (which
/// may hold `old_id`). What the Rename dialog shows before renaming.
pub fn renamed_entry_id<'a>(
    old_id: &str,
    new_title: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<String, RenameError> {
    let new_title = check_title(new_title)?;
    let folder = old_id.rsplit_once('/').map_or("", |(folder, _)| folder);
    let new_name = format!("{}.md", slugify(&new_title));
    let new_id = if folder.is_empty() { new_name } else { format!("{folder}/{new_name}") };
    check_new_id(&new_id, existing.into_iter().filter(|id| *id != old_id))
        .map_err(|error| RenameError::InvalidName { reason: error.to_string() })?;
    Ok(new_id)
}

fn check_title(title: &str) -> Result<String, RenameError> {
    let invalid = |reason| RenameError::InvalidTitle { title: title.to_owned(), reason };
    let trimmed = title.trim();
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    if trimmed.chars().any(|character| character.is_control()) {
        return Err(invalid("it holds a line break or another control character"));
    }
    if trimmed.contains(['[', ']', '|', '#']) {
        return Err(invalid("wiki links cannot name a title with `[`, `]`, `|` or `#`"));
    }
    if slugify(trimmed).is_empty() {
        return Err(invalid("it has no letter or digit to name the file after"));
    }
    Ok(trimmed.to_owned())
}

/// A replacement of a byte range of an entry's text (after any BOM).
struct Edit {
    span: std::ops::Range<usize>,
    replacement: String,
}

struct LinkEdits {
    edits: Vec<Edit>,
    left_alone: Vec<usize>,
}

/// The edits that make the links of `entry` (at `id`) that name the
/// renamed entry name it by its new title or file.
fn link_edits(
    index: &Index,
    id: &str,
    entry: &Entry,
    old_id: &str,
    old_keys: &[String],
    new_title: &str,
    new_name: &str,
) -> LinkEdits {
    let text = entry.text();
    let mut edits = Vec::new();
    let mut left_alone = Vec::new();
    for link in entry.links() {
        let written = &text[link.span.clone()];
        match &link.target {
            LinkTarget::Wiki { name } => {
                let key = name_key(name);
                if !old_keys.contains(&key) || !index.resolve_name(name).iter().any(|found| found.id == old_id) {
                    continue;
                }
                let Some(inner) = written.strip_prefix("[[").and_then(|rest| rest.strip_suffix("]]")) else {
                    left_alone.push(link.span.start);
                    continue;
                };
                let name_end = inner.find(['#', '|']).unwrap_or(inner.len());
                let start = link.span.start + 2;
                edits.push(Edit { span: start..start + name_end, replacement: new_title.to_owned() });
            }
            LinkTarget::File { path } => {
                if resolve_relative(id, path).as_deref() != Some(old_id) {
                    continue;
                }
                // Inline links only: `[text](path)` or `[text](<path>)`.
                let found = written
                    .find(&format!("]({path}"))
                    .map(|at| at + 2)
                    .or_else(|| written.find(&format!("](<{path}")).map(|at| at + 3));
                let Some(at) = found else {
                    left_alone.push(link.span.start);
                    continue;
                };
                let name_start = path.rfind('/').map_or(0, |slash| slash + 1);
                let start = link.span.start + at + name_start;
                edits.push(Edit { span: start..link.span.start + at + path.len(), replacement: new_name.to_owned() });
            }
        }
    }
    LinkEdits { edits, left_alone }
}

/// The edits of the renamed entry itself: its H1, its front matter title,
/// the old title kept as an alias. Each front matter field is replaced
/// whole (its node may span lines: `title: >` and the title below, a flow
/// list over two lines), never a line of it.
fn title_edits(entry: &Entry, old_title: &str, new_title: &str, alias_added: &mut bool) -> Vec<Edit> {
    let text = entry.text();
    let mut edits = Vec::new();
    if let Some(heading) = entry.title_heading() {
        edits.push(Edit { span: heading.text_span.clone(), replacement: new_title.to_owned() });
    }
    let Some(front_matter) = entry.front_matter() else { return edits };
    // YAML that does not read: leave it to the person fixing it.
    if !front_matter.problems.is_empty() {
        return edits;
    }
    let Some(nodes) = field_nodes(text, front_matter) else { return edits };
    let node = |key: &str| nodes.iter().find(|(name, _)| name == key).map(|(_, span)| span.clone());
    let newline = entry.line_ending().as_str();
    let title_node = node("title");
    if let Some(span) = &title_node {
        edits.push(Edit { span: span.clone(), replacement: format!("title: {}", yaml_scalar(new_title)) });
    }
    let keeps_old = front_matter.fields.aliases.iter().any(|alias| name_key(alias) == name_key(old_title));
    if keeps_old || name_key(old_title) == name_key(new_title) {
        return edits;
    }
    let mut aliases: Vec<String> = front_matter.fields.aliases.iter().map(|alias| yaml_scalar(alias)).collect();
    aliases.push(yaml_scalar(old_title));
    let flow = format!("aliases: [{}]", aliases.join(", "));
    *alias_added = true;
    match node("aliases") {
        Some(span) => {
            let written = &text[span.clone()];
            let key_line = written.lines().next().unwrap_or("");
            let value = key_line.split_once(':').map_or("", |(_, value)| value).trim();
            let block_item = written.lines().skip(1).find(|line| line.trim_start().starts_with('-'));
            let replacement = match block_item {
                // A block list stays one: its items, one a line, as indented as before.
                Some(item) if value.is_empty() => {
                    let indent = &item[..item.len() - item.trim_start().len()];
                    let items: Vec<String> =
                        aliases.iter().map(|alias| format!("{newline}{indent}- {alias}")).collect();
                    format!("aliases:{}", items.concat())
                }
                _ => flow,
            };
            edits.push(Edit { span, replacement });
        }
        None => {
            let at = match &title_node {
                Some(span) => span.end,
                None => {
                    // Before the closing `---`: the end of the YAML, after its last line ending.
                    let yaml_end = front_matter.yaml.end;
                    let before = text[..yaml_end].trim_end_matches(['\r', '\n']).len();
                    before.max(front_matter.yaml.start)
                }
            };
            let replacement = if at == front_matter.yaml.start && front_matter.yaml.is_empty() {
                format!("{flow}{newline}")
            } else {
                format!("{newline}{flow}")
            };
            edits.push(Edit { span: at..at, replacement });
        }
    }
    edits
}

/// Refuses the renamed entry's new text unless its front matter reads back
/// as intended: the new title, the aliases with the old title added, every
/// other field as it was.
fn check_front_matter(entry: &Entry, new_text: &str, new_title: &str, alias_added: bool) -> Result<(), String> {
    let Some(front_matter) = entry.front_matter() else { return Ok(()) };
    if !front_matter.problems.is_empty() {
        return Ok(());
    }
    let mut changed = Vec::new();
    if front_matter.fields.title.is_some() {
        changed.push(("title", Some(serde_json::Value::from(new_title))));
    }
    if alias_added {
        let mut aliases = front_matter.fields.aliases.clone();
        if let Some(heading) = entry.title_heading() {
            aliases.push(heading.text.clone());
        }
        changed.push(("aliases", Some(serde_json::Value::from(aliases))));
    }
    let new_text = new_text.strip_prefix('\u{feff}').unwrap_or(new_text);
    check_written(Some(entry.text()), new_text, &changed)
}

/// The entry's file text (BOM included) with `edits` applied.
fn apply(entry: &Entry, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|edit| (std::cmp::Reverse(edit.span.start), std::cmp::Reverse(edit.span.end)));
    let mut text = entry.text().to_owned();
    let mut limit = usize::MAX;
    for edit in edits {
        // Overlapping edits (a link inside the title, say): the later one wins.
        if edit.span.end > limit {
            continue;
        }
        text.replace_range(edit.span.clone(), &edit.replacement);
        limit = edit.span.start;
    }
    if entry.has_bom() { format!("\u{feff}{text}") } else { text }
}

/// An entry's file as on disk, and its parse.
fn read_entry(root: &Path, id: &str) -> Result<(Loaded, Entry), RenameError> {
    let loaded = read_entry_file(root, id)?;
    let entry = Entry::parse(&loaded.text);
    Ok((loaded, entry))
}

impl From<ChangeError> for RenameError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::Store(error) => RenameError::Store(error),
            ChangeError::Changed { id } => RenameError::Changed { id },
            ChangeError::Exists { id } => RenameError::TargetExists { id },
            ChangeError::Write { path, source, rollback } => RenameError::Write { path, source, rollback },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::tests::{snapshot, wiki};
    use crate::store::content_hash;

    // Valid front matter written over several lines must come out valid and
    // meaning what it meant, with the new title and the old one as an alias.
    #[test]
    fn rewrites_front_matter_fields_whole() {
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        let cases = [
            // A folded title on the next line (it used to leave `  Kaiming He` dangling).
            (
                "---\ntitle: >\n  Kaiming He\nkind: person\n---\n\n# Kaiming He\n",
                "---\ntitle: Kai Ming\naliases: [Kaiming He]\nkind: person\n---\n\n# Kai Ming\n",
            ),
            // A flow list over two lines (it used to become `[[KH,, Kaiming He]`).
            (
                "---\ntitle: Kaiming He\naliases: [KH,\n  Kaiming]\nstatus: draft\n---\n\n# Kaiming He\n",
                "---\ntitle: Kai Ming\naliases: [KH, Kaiming, Kaiming He]\nstatus: draft\n---\n\n# Kai Ming\n",
            ),
            // A block list stays a block list, as indented as it was, CRLF kept.
            (
                "---\r\ntitle: Kaiming He\r\naliases:\r\n    - KH # initials\r\n    - \"He, K.\"\r\n---\r\n\r\n# Kaiming He\r\n",
                "---\r\ntitle: Kai Ming\r\naliases:\r\n    - KH\r\n    - \"He, K.\"\r\n    - Kaiming He\r\n---\r\n\r\n# Kai Ming\r\n",
            ),
            // A quoted key and a title YAML would read as something else.
            (
                "---\n\"title\": 'Kaiming He'\n---\n\n# Kaiming He\n",
                "---\ntitle: Kai Ming\naliases: [Kaiming He]\n---\n\n# Kai Ming\n",
            ),
        ];
        for (before, after) in cases {
            let dir = wiki(&[("kaiming-he.md", before)]);
            rename_entry(&log, dir.path(), "Kaiming He", "Kai Ming").unwrap();
            let written = fs::read_to_string(dir.path().join("kai-ming.md")).unwrap();
            assert_eq!(written, after, "from {before:?}");
            let entry = Entry::parse(&written);
            assert!(entry.front_matter().unwrap().problems.is_empty(), "{written:?}");
        }
        // Titles YAML would read as a boolean, a number or a comment come out quoted.
        for title in ["Yes", "2001", "Null", "Kaiming: He", "- Dash", "Tab\there"] {
            let dir = wiki(&[("kaiming-he.md", "---\ntitle: Kaiming He\n---\n\n# Kaiming He\n")]);
            let renamed = rename_entry(&log, dir.path(), "Kaiming He", title);
            if title.contains('\t') {
                assert!(renamed.is_err(), "a control character is refused");
                continue;
            }
            let outcome = renamed.unwrap();
            let written = fs::read_to_string(dir.path().join(&outcome.new_id)).unwrap();
            let front_matter = Entry::parse(&written).front_matter().unwrap().clone();
            assert_eq!(front_matter.fields.title.as_deref(), Some(title), "{written}");
            assert_eq!(front_matter.fields.aliases, ["Kaiming He"], "{written}");
        }
    }

    // A front matter title that differs from the H1 names the entry too: the
    // links using it are rewritten with the others.
    #[test]
    fn rewrites_links_by_the_front_matter_title() {
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        let dir = wiki(&[
            ("faster-r-cnn.md", "---\ntitle: Faster R-CNN\n---\n\n# Faster RCNN\n"),
            ("a.md", "# A\n\n[[Faster R-CNN]], [[Faster RCNN]] and [[faster-r-cnn|it]].\n"),
        ]);
        rename_entry(&log, dir.path(), "Faster RCNN", "Faster Region CNN").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.md")).unwrap(),
            "# A\n\n[[Faster Region CNN]], [[Faster Region CNN]] and [[Faster Region CNN|it]].\n"
        );
    }

    // A new name Windows keeps for a device, or one differing from another
    // entry only by case, is refused before anything is written.
    #[test]
    fn refuses_names_other_platforms_cannot_hold() {
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        let dir = wiki(&[("ada.md", "# Ada\n"), ("Carol.md", "# Caroline\n")]);
        let before = snapshot(dir.path());
        let error = rename_entry(&log, dir.path(), "Ada", "Con").unwrap_err();
        assert!(error.to_string().contains("`con.md` is a device name on Windows"), "{error}");
        let error = rename_entry(&log, dir.path(), "Ada", "Carol").unwrap_err();
        assert!(error.to_string().contains("differs only by case"), "{error}");
        assert_eq!(snapshot(dir.path()), before);
    }

    // The check before writing: a front matter that would not read back as
    // intended is refused, and nothing is written.
    #[test]
    fn refuses_front_matter_that_would_not_read_back() {
        let old = "---\ntitle: A\nkind: person\n---\n# A\n";
        assert!(
            check_written(Some(old), "---\ntitle: B\nkind: person\n---\n# B\n", &[("title", Some("B".into()))]).is_ok()
        );
        let dangling = "---\ntitle: B\n  A\nkind: person\n---\n# B\n";
        let error = check_written(Some(old), dangling, &[("title", Some("B".into()))]).unwrap_err();
        assert!(error.contains("would not read back"), "{error}");
        let lost_kind = "---\ntitle: B\n---\n# B\n";
        let error = check_written(Some(old), lost_kind, &[("title", Some("B".into()))]).unwrap_err();
        assert!(error.contains("field `kind`"), "{error}");
    }

    // All or nothing: a failure at every step of putting files in place
    // (after some were already replaced, and at the final removal) leaves
    // every byte of the wiki as it was, hidden files included.
    #[test]
    fn a_failure_midway_puts_everything_back() {
        let files = [
            ("ada.md", "# Ada\n\nSee [[Babbage]].\n"),
            ("babbage.md", "---\ntitle: Babbage\n---\n\n# Babbage\n\nLinks [[Ada]].\n"),
            ("people/carol.md", "# Carol\n\n[[babbage|B]] and [[Babbage#Life]].\n"),
        ];
        let data = tempfile::tempdir().unwrap();
        let log = IntentLog::open(data.path()).unwrap();
        for fail_at in 0..4 {
            let dir = wiki(&files);
            let before = snapshot(dir.path());
            let error =
                rename_entry_failing_at(&log, dir.path(), "Babbage", "Charles Babbage", Some(Stop::Fail(fail_at)))
                    .unwrap_err();
            assert!(error.to_string().contains("nothing was changed"), "{error}");
            assert_eq!(snapshot(dir.path()), before, "failing at step {fail_at} changed the wiki");
            assert_eq!(fs::read_dir(data.path()).unwrap().count(), 0, "no intent record is left");
        }
        // A file changed on disk after it was read stops the commit: nothing
        // is written over it, and what was already put in place goes back.
        let dir = wiki(&files);
        let ada = dir.path().join("ada.md");
        let read = content_hash(&fs::read(&ada).unwrap());
        let writes = [
            FileWrite { id: "people/carol.md".to_owned(), text: "# Carol\n\nNew.\n".to_owned(), expected: None },
            FileWrite { id: "ada.md".to_owned(), text: "# Ada\n\nOurs.\n".to_owned(), expected: Some(read) },
        ];
        fs::remove_file(dir.path().join("people/carol.md")).unwrap();
        fs::write(&ada, "# Ada\n\nSomeone else's edit.\n").unwrap();
        let before = snapshot(dir.path());
        let error = RenameError::from(commit(&log, dir.path(), "test", &writes, None, None).unwrap_err());
        assert!(matches!(&error, RenameError::Changed { id } if id == "ada.md"), "{error}");
        assert_eq!(snapshot(dir.path()), before, "the created file was removed again, the edit kept");

        // And without a failure, every step happens.
        let dir = wiki(&files);
        rename_entry(&log, dir.path(), "Babbage", "Charles Babbage").unwrap();
        assert!(dir.path().join("charles-babbage.md").exists());
        assert!(!dir.path().join("babbage.md").exists());
    }
}
