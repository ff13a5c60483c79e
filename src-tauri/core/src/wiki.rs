//! A whole wiki on disk: finding the entry files, reading them (in
//! parallel), building the index and validating every entry.
//!
//! Bad input never stops the run: a file that cannot be read, is not UTF-8,
//! is too large or is a symlink becomes a diagnostic naming it, and every
//! other entry is still checked. Only a root that cannot be opened at all is
//! an error.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::entry::Entry;
use crate::index::{Index, IndexedEntry};
use crate::schema::{SCHEMA_FILE, Schema};
mod catalog;

pub use catalog::Catalog;

use crate::validate::{encoding, file_too_large, symlink, unreadable};

/// Why a wiki could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum WikiError {
    /// The root does not exist or is not a folder.
    #[error("`{path}` is not a folder")]
    NotAFolder {
        /// The root given.
        path: PathBuf,
    },
    /// The root could not be listed.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The root given.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
}

/// The outcome of validating a wiki.
#[derive(Clone, Debug)]
pub struct Report {
    /// How many entry files were found (read or not).
    pub entries: usize,
    /// Every diagnostic, sorted by path and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count()
    }
}

enum WalkedFile {
    Entry(String, PathBuf),
    /// An entry whose bytes are already in memory (from git's index, say).
    Bytes(String, Vec<u8>),
    Problem(Diagnostic),
}

/// What became of one file found.
enum Outcome<T> {
    Parsed(T),
    Problem(Box<Diagnostic>),
}

/// One file of a wiki checked by [`validate_wiki`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedFile {
    /// Its id: the path under the root, `/`-separated.
    pub id: String,
    /// Whether it was read and parsed as an entry; when not, a diagnostic in
    /// the report says why.
    pub parsed: bool,
}

/// What [`validate_wiki`] found.
#[derive(Clone, Debug)]
pub struct Validated {
    /// The diagnostics, sorted.
    pub report: Report,
    /// Every entry file, sorted by id.
    pub files: Vec<CheckedFile>,
    /// The index of every parsed entry.
    pub index: Index,
}

/// Validates the wiki at `root`, for a one-shot check such as the CLI's:
/// [`Catalog::load`] then [`Catalog::into_validated`], so no entry text is
/// kept and nothing is copied for the report. The same report as
/// [`Catalog::validate`].
pub fn validate_wiki(root: &Path, today: Date) -> Result<Validated, WikiError> {
    Ok(Catalog::load(root, today)?.into_validated())
}

/// Validates a wiki held in memory, as [`validate_wiki`] validates one on
/// disk (see [`Catalog::from_files`]).
pub fn validate_files(schema: Option<Vec<u8>>, files: Vec<(String, Vec<u8>)>, today: Date) -> Validated {
    Catalog::from_files(Path::new(""), schema, files, today, true).into_validated()
}

/// Files read by [`read_all`] with what is kept of each and its summary:
/// the files made by `file` (in order), and the index of the summaries.
fn indexed<T, F>(
    read: Vec<(String, Option<(T, IndexedEntry)>)>,
    file: impl Fn(String, Option<T>) -> F,
) -> (Vec<F>, Index) {
    let mut summaries = Vec::with_capacity(read.len());
    let files = read
        .into_iter()
        .map(|(id, parsed)| {
            let kept = parsed.map(|(kept, summary)| {
                summaries.push(summary);
                kept
            });
            file(id, kept)
        })
        .collect();
    (files, Index::from_entries(summaries))
}

/// File problems carry their rule's default severity: the schema's
/// overrides applied, those turned off left out.
fn with_overrides<'a>(
    schema: &'a Schema,
    problems: impl Iterator<Item = &'a Diagnostic> + 'a,
) -> impl Iterator<Item = Diagnostic> + 'a {
    problems.filter_map(|problem| {
        let severity = schema.severity_of(problem.code, problem.severity)?;
        Some(Diagnostic { severity, ..problem.clone() })
    })
}

/// A wiki root, opened and walked.
struct Walk {
    schema: Schema,
    schema_problems: Vec<Diagnostic>,
    found: Vec<WalkedFile>,
}

/// Opens `root`, reads its schema and lists its files.
fn walk_root(root: &Path) -> Result<Walk, WikiError> {
    let metadata = fs::metadata(root).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => WikiError::NotAFolder { path: root.to_owned() },
        _ => WikiError::Io { path: root.to_owned(), source },
    })?;
    if !metadata.is_dir() {
        return Err(WikiError::NotAFolder { path: root.to_owned() });
    }
    let (schema, schema_problems) = load_schema(root);
    let mut found = Vec::new();
    fs::read_dir(root).map_err(|source| WikiError::Io { path: root.to_owned(), source })?;
    walk(root, "", &mut found);
    Ok(Walk { schema, schema_problems, found })
}

/// Reads and parses every entry file found, in parallel, and hands each
/// parsed entry to `keep` in the same task, while its text is still in
/// cache. Returns every file, sorted by id, with what `keep` made of it
/// (`None` when it could not be parsed), and the problems of the files.
/// Symlinks are reported but are not files of the wiki.
fn read_all<T: Send>(
    found: Vec<WalkedFile>,
    max_bytes: u64,
    keep: impl Fn(&str, Entry) -> T + Sync,
) -> (Vec<(String, Option<T>)>, Vec<Diagnostic>) {
    let loaded: Vec<(String, Outcome<T>)> = found
        .into_par_iter()
        .map(|item| match item {
            WalkedFile::Problem(problem) => (problem.path.clone(), Outcome::Problem(Box::new(problem))),
            WalkedFile::Entry(id, path) => match read_entry(&id, &path, max_bytes) {
                Ok(entry) => {
                    let kept = keep(&id, entry);
                    (id, Outcome::Parsed(kept))
                }
                Err(problem) => (id, Outcome::Problem(problem)),
            },
            WalkedFile::Bytes(id, bytes) => match entry_from_bytes(&id, bytes, max_bytes) {
                Ok(entry) => {
                    let kept = keep(&id, entry);
                    (id, Outcome::Parsed(kept))
                }
                Err(problem) => (id, Outcome::Problem(problem)),
            },
        })
        .collect();
    let mut files = Vec::with_capacity(loaded.len());
    let mut problems = Vec::new();
    for (id, read) in loaded {
        match read {
            Outcome::Parsed(kept) => files.push((id, Some(kept))),
            Outcome::Problem(problem) => {
                files.push((id, None));
                problems.push(*problem);
            }
        }
    }
    files.retain(|(id, kept)| {
        kept.is_some() || !problems.iter().any(|problem| problem.path == *id && problem.code == "symlink")
    });
    files.sort_by(|a, b| a.0.cmp(&b.0));
    (files, problems)
}

fn load_schema(root: &Path) -> (Schema, Vec<Diagnostic>) {
    schema_from(fs::read(root.join(SCHEMA_FILE)))
}

fn schema_from(read: io::Result<Vec<u8>>) -> (Schema, Vec<Diagnostic>) {
    match read {
        Ok(bytes) => match encoding::decode(SCHEMA_FILE, bytes) {
            Ok(text) => Schema::parse(&text, SCHEMA_FILE),
            Err(problem) => (Schema::default(), vec![*problem]),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => (Schema::default(), Vec::new()),
        Err(error) => (Schema::default(), vec![unreadable_problem(SCHEMA_FILE, &error)]),
    }
}

/// The entry files under `root`, by id, found as [`Catalog::load`] finds them
/// (files it cannot read are left out).
pub(crate) fn entry_paths(root: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    walk(root, "", &mut found);
    found
        .into_iter()
        .filter_map(|found| match found {
            WalkedFile::Entry(id, path) => Some((id, path)),
            WalkedFile::Bytes(..) | WalkedFile::Problem(_) => None,
        })
        .collect()
}

/// Lists entry files under `folder`, depth first, never following symlinks.
fn walk(folder: &Path, prefix: &str, found: &mut Vec<WalkedFile>) {
    let listing = match fs::read_dir(folder) {
        Ok(listing) => listing,
        Err(error) => {
            found.push(WalkedFile::Problem(unreadable_problem(prefix.trim_end_matches('/'), &error)));
            return;
        }
    };
    for item in listing {
        let item = match item {
            Ok(item) => item,
            Err(error) => {
                found.push(WalkedFile::Problem(unreadable_problem(prefix.trim_end_matches('/'), &error)));
                continue;
            }
        };
        let name = item.file_name();
        let Some(name) = name.to_str() else {
            let shown = name.to_string_lossy().into_owned();
            let id = format!("{prefix}{shown}");
            found.push(WalkedFile::Problem(Diagnostic::for_file(
                &id,
                encoding::RULE.doc.code,
                Severity::Error,
                format!("the file name `{id}` is not valid UTF-8"),
            )));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let id = format!("{prefix}{name}");
        let path = item.path();
        let file_type = match item.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                found.push(WalkedFile::Problem(unreadable_problem(&id, &error)));
                continue;
            }
        };
        if file_type.is_symlink() {
            let points_at = fs::read_link(&path).map(|target| target.display().to_string()).unwrap_or_default();
            found.push(WalkedFile::Problem(
                Diagnostic::for_file(
                    &id,
                    symlink::RULE.doc.code,
                    symlink::RULE.doc.default_severity,
                    format!("`{id}` is a symbolic link (to `{points_at}`) and is not followed"),
                )
                .with_help("replace the link by the file itself, or remove it"),
            ));
        } else if file_type.is_dir() {
            walk(&path, &format!("{id}/"), found);
        } else if name.to_ascii_lowercase().ends_with(".md") {
            if file_type.is_file() {
                found.push(WalkedFile::Entry(id, path));
            } else {
                // A FIFO or socket would block or fail the reader; never open it.
                found.push(WalkedFile::Problem(
                    Diagnostic::for_file(
                        &id,
                        unreadable::RULE.doc.code,
                        unreadable::RULE.doc.default_severity,
                        format!("`{id}` is not a regular file (a pipe, socket or device) and was not read"),
                    )
                    .with_help("entries are plain files; remove or rename this one"),
                ));
            }
        }
    }
}

fn read_entry(id: &str, path: &Path, max_bytes: u64) -> Result<Entry, Box<Diagnostic>> {
    let unreadable = |error: io::Error| Box::new(unreadable_problem(id, &error));
    // One open for the size and the bytes: a path lookup less per entry.
    // Not through a link and without waiting: the walk saw a regular file,
    // but what is there by now may be a link or a FIFO.
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32);
    }
    let mut file = options.open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(unreadable(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file any more")));
    }
    let size = metadata.len();
    if size > max_bytes {
        return Err(Box::new(too_large(id, size, max_bytes)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    let text = encoding::decode(id, bytes)?;
    Ok(Entry::parse_owned(text))
}

/// [`read_entry`] for bytes already read: the same size limit and decoding.
fn entry_from_bytes(id: &str, bytes: Vec<u8>, max_bytes: u64) -> Result<Entry, Box<Diagnostic>> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > max_bytes {
        return Err(Box::new(too_large(id, size, max_bytes)));
    }
    Ok(Entry::parse_owned(encoding::decode(id, bytes)?))
}

fn too_large(id: &str, size: u64, max_bytes: u64) -> Diagnostic {
    Diagnostic::for_file(
        id,
        file_too_large::RULE.doc.code,
        file_too_large::RULE.doc.default_severity,
        format!("`{id}` is {size} bytes, more than the limit of {max_bytes}; it was not checked"),
    )
    .with_help("split the entry, or raise `max_entry_bytes` in `wiki.toml`")
}

fn unreadable_problem(id: &str, error: &io::Error) -> Diagnostic {
    let shown = if id.is_empty() { "." } else { id };
    Diagnostic::for_file(
        shown,
        unreadable::RULE.doc.code,
        unreadable::RULE.doc.default_severity,
        format!("cannot read `{shown}`: {}", io_reason(error)),
    )
    .with_help("check the file's permissions")
}

/// The operating system's reason, without Rust's "(os error N)" suffix.
fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(index) => text[..index].to_owned(),
        None => text,
    }
}
