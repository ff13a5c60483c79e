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
use std::sync::atomic::{AtomicU64, Ordering};

use crate::entry::{Entry, LinkTarget};
use crate::index::{resolve_relative, slug_of_id};
use crate::slug::{name_key, slugify};
use crate::store::{StoreError, content_hash, resolve_entry_path, sync_folder, write_temporary};
use crate::wiki::{Wiki, WikiError};

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
pub fn rename_entry(root: &Path, old: &str, new_title: &str) -> Result<RenameOutcome, RenameError> {
    rename_entry_failing_at(root, old, new_title, None)
}

/// [`rename_entry`], failing on purpose before the `fail_at`-th file is put
/// in place (tests of the rollback).
fn rename_entry_failing_at(
    root: &Path,
    old: &str,
    new_title: &str,
    fail_at: Option<usize>,
) -> Result<RenameOutcome, RenameError> {
    let wiki = Wiki::load(root)?;
    let old_id = find_entry(&wiki, root, old)?;
    let not_renamable = |reason: &str| RenameError::NotRenamable { id: old_id.clone(), reason: reason.to_owned() };
    let entry = wiki.entry(&old_id).ok_or_else(|| not_renamable("it could not be read as text"))?;
    let heading = entry.title_heading().ok_or_else(|| not_renamable("it has no `# Title` heading"))?;
    let old_title = heading.text.clone();
    let new_title = check_title(new_title)?;
    let folder = old_id.rsplit_once('/').map_or("", |(folder, _)| folder);
    let new_name = format!("{}.md", slugify(&new_title));
    let new_id = if folder.is_empty() { new_name.clone() } else { format!("{folder}/{new_name}") };
    let new_path = resolve_entry_path(root, &new_id)?;
    if new_id != old_id && fs::symlink_metadata(&new_path).is_ok() {
        return Err(RenameError::TargetExists { id: new_id });
    }
    if let Some(other) = wiki.index().resolve_name(&new_title).into_iter().find(|other| other.id != old_id) {
        return Err(RenameError::NameTaken { title: new_title, id: other.id.clone() });
    }

    let old_keys = [name_key(&old_title), name_key(slug_of_id(&old_id))];
    let mut writes = Vec::new();
    let mut files = Vec::new();
    let mut left_alone = Vec::new();
    let mut alias_added = false;
    for file in wiki.files() {
        let Some(linking) = &file.entry else { continue };
        let mut edits = link_edits(&wiki, &file.id, linking, &old_id, &old_keys, &new_title, &new_name);
        left_alone.extend(edits.left_alone.iter().map(|&offset| (file.id.clone(), offset)));
        let links = edits.edits.len();
        if file.id == old_id {
            edits.edits.extend(title_edits(entry, &old_title, &new_title, &mut alias_added));
        }
        if edits.edits.is_empty() {
            continue;
        }
        let loaded = read_unchanged(root, &file.id, linking)?;
        let new_text = apply(linking, edits.edits);
        let id = if file.id == old_id { new_id.clone() } else { file.id.clone() };
        files.push(RewrittenFile { id: id.clone(), links });
        let expected = if id == file.id { Some(loaded.hash) } else { None };
        writes.push(Write { id, text: new_text, expected });
    }
    // The renamed entry first.
    if let Some(position) = files.iter().position(|file| file.id == new_id) {
        let first = files.remove(position);
        files.insert(0, first);
    }
    let removal = if new_id == old_id {
        None
    } else {
        let loaded = read_unchanged(root, &old_id, entry)?;
        Some((old_id.clone(), loaded.hash))
    };
    commit(root, &writes, removal.as_ref(), fail_at)?;
    Ok(RenameOutcome { old_id, new_id, old_title, new_title, alias_added, files, left_alone })
}

/// The id of the entry `name` names.
fn find_entry(wiki: &Wiki, root: &Path, name: &str) -> Result<String, RenameError> {
    let as_id = name.trim_start_matches("./").replace('\\', "/");
    if wiki.files().iter().any(|file| file.id == as_id) {
        return Ok(as_id);
    }
    // A path to the file, from the current folder.
    if let (Ok(file), Ok(root)) = (Path::new(name).canonicalize(), root.canonicalize())
        && let Ok(relative) = file.strip_prefix(&root)
    {
        let id = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if wiki.files().iter().any(|file| file.id == id) {
            return Ok(id);
        }
    }
    let found = wiki.index().resolve_name(name);
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
    wiki: &Wiki,
    id: &str,
    entry: &Entry,
    old_id: &str,
    old_keys: &[String; 2],
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
                if !old_keys.contains(&key) || !wiki.index().resolve_name(name).iter().any(|found| found.id == old_id) {
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
/// the old title kept as an alias.
fn title_edits(entry: &Entry, old_title: &str, new_title: &str, alias_added: &mut bool) -> Vec<Edit> {
    let text = entry.text();
    let mut edits = Vec::new();
    if let Some(heading) = entry.title_heading() {
        edits.push(Edit { span: heading.text_span.clone(), replacement: new_title.to_owned() });
    }
    let Some(front_matter) = entry.front_matter() else { return edits };
    if !front_matter.problems.is_empty() {
        // YAML that does not read: leave it to the person fixing it.
        return edits;
    }
    let newline = entry.line_ending().as_str();
    if let Some(span) = &front_matter.field_spans.title {
        edits.push(Edit { span: span.clone(), replacement: format!("title: {}", yaml_scalar(new_title)) });
    }
    let keeps_old = front_matter.fields.aliases.iter().any(|alias| name_key(alias) == name_key(old_title));
    if keeps_old || name_key(old_title) == name_key(new_title) {
        return edits;
    }
    let alias = yaml_scalar(old_title);
    match &front_matter.field_spans.aliases {
        Some(span) => {
            let line = &text[span.clone()];
            let value = line.split_once(':').map_or("", |(_, value)| value).trim();
            if let Some(list) = value.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
                let replacement = if list.trim().is_empty() {
                    format!("aliases: [{alias}]")
                } else {
                    format!("aliases: [{}, {alias}]", list.trim())
                };
                edits.push(Edit { span: span.clone(), replacement });
                *alias_added = true;
            } else if value.is_empty() {
                // A block list: one more `- item` line after the last one.
                let mut end = span.end;
                let mut indent = "  ".to_owned();
                let mut rest = &text[span.end..front_matter.yaml.end];
                while let Some(line_end) = rest.find('\n') {
                    let line = &rest[line_end + 1..];
                    let next = line.find('\n').map_or(line.len(), |at| at);
                    let item = line[..next].trim_end_matches('\r');
                    if !item.trim_start().starts_with('-') {
                        break;
                    }
                    indent = item[..item.len() - item.trim_start().len()].to_owned();
                    end += line_end + 1 + item.len();
                    rest = &rest[line_end + 1..];
                }
                edits.push(Edit { span: end..end, replacement: format!("{newline}{indent}- {alias}") });
                *alias_added = true;
            } else {
                // One alias written as text.
                edits.push(Edit { span: span.clone(), replacement: format!("aliases: [{value}, {alias}]") });
                *alias_added = true;
            }
        }
        None => {
            let at = match &front_matter.field_spans.title {
                Some(span) => span.end,
                None => {
                    // Before the closing `---`: the end of the YAML, after its last line ending.
                    let yaml_end = front_matter.yaml.end;
                    let before = text[..yaml_end].trim_end_matches(['\r', '\n']).len();
                    before.max(front_matter.yaml.start)
                }
            };
            let line = format!("aliases: [{alias}]");
            let replacement = if at == front_matter.yaml.start && front_matter.yaml.is_empty() {
                format!("{line}{newline}")
            } else {
                format!("{newline}{line}")
            };
            edits.push(Edit { span: at..at, replacement });
            *alias_added = true;
        }
    }
    edits
}

/// `text` as a YAML scalar: plain when YAML reads it back as the same text,
/// double-quoted otherwise.
fn yaml_scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text.chars().all(|character| character.is_alphanumeric() || " -.()'".contains(character))
        && !matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "null");
    if plain { text.to_owned() } else { format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")) }
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

/// The file of `id`, checked to be the text that was parsed.
fn read_unchanged(root: &Path, id: &str, entry: &Entry) -> Result<crate::store::Loaded, RenameError> {
    let loaded = crate::store::read_entry_file(root, id)?;
    let text = loaded.text.strip_prefix('\u{feff}').unwrap_or(&loaded.text);
    if text != entry.text() {
        return Err(RenameError::Changed { id: id.to_owned() });
    }
    Ok(loaded)
}

/// A file to write: replacing the version with hash `expected`, or new
/// (`None`: it must not exist).
struct Write {
    id: String,
    text: String,
    expected: Option<String>,
}

/// What has been put in place, to undo on failure.
enum Done {
    Replaced { target: PathBuf, backup: PathBuf },
    Created { target: PathBuf },
    Removed { target: PathBuf, backup: PathBuf },
}

static BACKUPS: AtomicU64 = AtomicU64::new(0);

/// A hard link to `target` under a hidden name beside it.
fn backup(target: &Path) -> io::Result<PathBuf> {
    let folder = target.parent().unwrap_or(Path::new("."));
    loop {
        let number = BACKUPS.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!(".quire-backup-{}-{number}.tmp", std::process::id()));
        match fs::hard_link(target, &path) {
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            outcome => return outcome.map(|()| path),
        }
    }
}

/// Whether the file at `path` is the version `expected` (`None`: no file).
fn is_unchanged(path: &Path, expected: Option<&str>) -> io::Result<bool> {
    match fs::read(path) {
        Ok(bytes) => Ok(expected == Some(content_hash(&bytes).as_str())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(expected.is_none()),
        Err(error) => Err(error),
    }
}

/// Writes every file and removes `removal`, all or nothing.
fn commit(
    root: &Path,
    writes: &[Write],
    removal: Option<&(String, String)>,
    fail_at: Option<usize>,
) -> Result<(), RenameError> {
    let write_error =
        |path: &Path, source: io::Error| RenameError::Write { path: path.to_owned(), source, rollback: String::new() };
    // Every new text on disk beside its target before anything is replaced.
    let mut temporaries: Vec<(PathBuf, PathBuf)> = Vec::new();
    let remove_temporaries = |temporaries: &[(PathBuf, PathBuf)]| {
        for (temporary, _) in temporaries {
            // Ours and hidden; a leftover is swept by a later save.
            let _ = fs::remove_file(temporary);
        }
    };
    for write in writes {
        let target = resolve_entry_path(root, &write.id)?;
        let folder = target.parent().unwrap_or(root).to_owned();
        let permissions = match &write.expected {
            Some(_) => {
                let permissions = fs::metadata(&target).map_err(|error| write_error(&target, error))?.permissions();
                if permissions.readonly() {
                    remove_temporaries(&temporaries);
                    let error = io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only");
                    return Err(write_error(&target, error));
                }
                Some(permissions)
            }
            None => None,
        };
        match write_temporary(&folder, write.text.as_bytes(), permissions) {
            Ok(temporary) => temporaries.push((temporary, target)),
            Err(error) => {
                remove_temporaries(&temporaries);
                return Err(write_error(&target, error));
            }
        }
    }
    let mut done: Vec<Done> = Vec::new();
    let outcome = (|| -> Result<(), RenameError> {
        for (number, (write, (temporary, target))) in writes.iter().zip(&temporaries).enumerate() {
            if fail_at == Some(number) {
                return Err(write_error(target, io::Error::other("failure injected by a test")));
            }
            if !is_unchanged(target, write.expected.as_deref()).map_err(|error| write_error(target, error))? {
                return Err(RenameError::Changed { id: write.id.clone() });
            }
            match write.expected {
                Some(_) => {
                    let backup = backup(target).map_err(|error| write_error(target, error))?;
                    if let Err(error) = fs::rename(temporary, target) {
                        // Nothing replaced: only the backup link to drop.
                        let _ = fs::remove_file(&backup);
                        return Err(write_error(target, error));
                    }
                    done.push(Done::Replaced { target: target.clone(), backup });
                }
                None => {
                    // A hard link never replaces a file created meanwhile.
                    fs::hard_link(temporary, target).map_err(|error| match error.kind() {
                        io::ErrorKind::AlreadyExists => RenameError::TargetExists { id: write.id.clone() },
                        _ => write_error(target, error),
                    })?;
                    done.push(Done::Created { target: target.clone() });
                }
            }
        }
        if let Some((id, hash)) = removal {
            let target = resolve_entry_path(root, id)?;
            if fail_at == Some(writes.len()) {
                return Err(write_error(&target, io::Error::other("failure injected by a test")));
            }
            if !is_unchanged(&target, Some(hash)).map_err(|error| write_error(&target, error))? {
                return Err(RenameError::Changed { id: id.clone() });
            }
            let backup = backup(&target).map_err(|error| write_error(&target, error))?;
            fs::remove_file(&target).map_err(|error| write_error(&target, error))?;
            done.push(Done::Removed { target, backup });
        }
        Ok(())
    })();
    remove_temporaries(&temporaries);
    match outcome {
        Ok(()) => {
            let mut folders: Vec<PathBuf> = Vec::new();
            for step in &done {
                let (target, backup) = match step {
                    Done::Replaced { target, backup } | Done::Removed { target, backup } => (target, Some(backup)),
                    Done::Created { target } => (target, None),
                };
                if let Some(backup) = backup {
                    // The rename is done; a backup left behind is a hidden file the wiki ignores.
                    let _ = fs::remove_file(backup);
                }
                if let Some(folder) = target.parent()
                    && !folders.iter().any(|known| known == folder)
                {
                    folders.push(folder.to_owned());
                }
            }
            for folder in folders {
                sync_folder(&folder).map_err(|error| write_error(&folder, error))?;
            }
            Ok(())
        }
        Err(error) => {
            let failures = roll_back(done);
            match (error, failures.is_empty()) {
                (error, true) => Err(error),
                (RenameError::Write { path, source, .. }, false) => {
                    Err(RenameError::Write { path, source, rollback: format!("; but could not put back: {failures}") })
                }
                (error, false) => Err(RenameError::Write {
                    path: root.to_owned(),
                    source: io::Error::other(error.to_string()),
                    rollback: format!("; but could not put back: {failures}"),
                }),
            }
        }
    }
}

/// Undoes `done`, last step first; returns what could not be undone.
fn roll_back(done: Vec<Done>) -> String {
    let mut failures = Vec::new();
    for step in done.into_iter().rev() {
        let outcome = match &step {
            Done::Replaced { target, backup } | Done::Removed { target, backup } => fs::rename(backup, target),
            Done::Created { target } => fs::remove_file(target),
        };
        if let Err(error) = outcome {
            let target = match &step {
                Done::Replaced { target, .. } | Done::Removed { target, .. } | Done::Created { target } => target,
            };
            failures.push(format!("`{}` ({error})", target.display()));
        }
    }
    failures.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiki(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (id, text) in files {
            let path = dir.path().join(id);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![root.to_owned()];
        while let Some(folder) = stack.pop() {
            for item in fs::read_dir(&folder).unwrap() {
                let path = item.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    files.push((name, fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
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
        for fail_at in 0..4 {
            let dir = wiki(&files);
            let before = snapshot(dir.path());
            let error = rename_entry_failing_at(dir.path(), "Babbage", "Charles Babbage", Some(fail_at)).unwrap_err();
            assert!(error.to_string().contains("nothing was changed"), "{error}");
            assert_eq!(snapshot(dir.path()), before, "failing at step {fail_at} changed the wiki");
        }
        // A file changed on disk after it was read stops the commit: nothing
        // is written over it, and what was already put in place goes back.
        let dir = wiki(&files);
        let ada = dir.path().join("ada.md");
        let read = content_hash(&fs::read(&ada).unwrap());
        let writes = [
            Write { id: "people/carol.md".to_owned(), text: "# Carol\n\nNew.\n".to_owned(), expected: None },
            Write { id: "ada.md".to_owned(), text: "# Ada\n\nOurs.\n".to_owned(), expected: Some(read) },
        ];
        fs::remove_file(dir.path().join("people/carol.md")).unwrap();
        fs::write(&ada, "# Ada\n\nSomeone else's edit.\n").unwrap();
        let before = snapshot(dir.path());
        let error = commit(dir.path(), &writes, None, None).unwrap_err();
        assert!(matches!(&error, RenameError::Changed { id } if id == "ada.md"), "{error}");
        assert_eq!(snapshot(dir.path()), before, "the created file was removed again, the edit kept");

        // And without a failure, every step happens.
        let dir = wiki(&files);
        rename_entry(dir.path(), "Babbage", "Charles Babbage").unwrap();
        assert!(dir.path().join("charles-babbage.md").exists());
        assert!(!dir.path().join("babbage.md").exists());
    }
}
