//! `quire diff OLD NEW` and `quire diff ENTRY`: what changed in an entry,
//! section by section and word by word.
//!
//! A side is a file path or, as git spells it, `REV:path` (`:path` is the
//! staged version). As in git, the path after `REV:` starts at the top of
//! the repository, or at the current folder when it starts with `./` or
//! `../`. A path that exists as a file is always the file.

mod html;
mod text;

use std::path::{Component, Path};

use quire_core::{EntryDiff, Revisions, Version, diff_texts};

use crate::EXIT_ERRORS;

/// How `quire diff` prints the diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DiffFormat {
    /// Sections with word-level changes, for terminals.
    Text,
    /// The JSON contract of DESIGN.md.
    Json,
    /// A self-contained page for a browser.
    Html,
}

/// One side of the comparison, read.
struct Side {
    label: String,
    text: String,
}

/// Compares `old` with `new`, or the working copy of `old` with `HEAD`
/// (the staged version with `HEAD` when `staged`). Returns the exit code.
pub(crate) fn run(old: &str, new: Option<&str>, staged: bool, format: DiffFormat) -> Result<u8, String> {
    let (old, new) = match new {
        Some(new) if staged => {
            return Err(format!("`--staged` compares one entry with `HEAD`; drop it to compare `{old}` with `{new}`"));
        }
        Some(new) => (read_side(old)?, read_side(new)?),
        None => entry_against_head(old, staged)?,
    };
    let diff = diff_texts(&old.label, &old.text, &new.label, &new.text);
    let stdout = std::io::stdout();
    let written = match format {
        DiffFormat::Text => text::write(&mut stdout.lock(), &diff, crate::use_colour(&stdout)),
        DiffFormat::Json => write_json(&mut stdout.lock(), &diff),
        DiffFormat::Html => html::write(&mut stdout.lock(), &diff),
    };
    match written {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(error) => return Err(format!("cannot write the diff: {error}")),
    }
    Ok(if diff.is_unchanged() { 0 } else { EXIT_ERRORS })
}

fn write_json(out: &mut impl std::io::Write, diff: &EntryDiff) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, diff)?;
    writeln!(out)
}

/// Reads a side given as a file path or `REV:path`.
fn read_side(argument: &str) -> Result<Side, String> {
    let path = Path::new(argument);
    if path.exists() {
        return Ok(Side { label: argument.to_owned(), text: read_file(path)? });
    }
    let Some((revision, path)) = argument.split_once(':') else {
        return Err(format!("`{argument}` does not exist"));
    };
    let current = std::env::current_dir().map_err(|error| format!("cannot read the current folder: {error}"))?;
    let revisions = Revisions::open(&current).map_err(|error| {
        format!("{error}, so `{argument}` cannot be read (compare two files, or run from inside the repository)")
    })?;
    let version = if revision.is_empty() { Version::Staged } else { Version::Revision(revision.to_owned()) };
    let repo_path = if path.starts_with("./") || path.starts_with("../") || path == "." {
        let relative = current.strip_prefix(revisions.workdir()).unwrap_or(Path::new(""));
        normalise(&relative.join(path)).ok_or_else(|| format!("`{path}` leaves the repository"))?
    } else {
        normalise(Path::new(path)).ok_or_else(|| format!("`{path}` leaves the repository"))?
    };
    match revisions.text_at_path(&version, &repo_path).map_err(|error| error.to_string())? {
        Some(text) => Ok(Side { label: argument.to_owned(), text }),
        None => {
            let shown = if revision.is_empty() { "the index".to_owned() } else { format!("`{revision}`") };
            let hint = if current != revisions.workdir() && !path.starts_with('.') {
                " (the path after `REV:` starts at the top of the repository; write `REV:./path` for one from the current folder)"
            } else {
                ""
            };
            Err(format!("`{repo_path}` does not exist in {shown}{hint}"))
        }
    }
}

/// `quire diff ENTRY`: the working copy (or the staged version) against
/// `HEAD`. A side where the entry does not exist is empty: a new entry
/// shows as all added, a deleted one as all removed.
fn entry_against_head(argument: &str, staged: bool) -> Result<(Side, Side), String> {
    let path = Path::new(argument);
    let absolute = std::path::absolute(path).map_err(|error| format!("cannot read `{argument}`: {error}"))?;
    let (Some(folder), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return Err(format!("`{argument}` is not a file"));
    };
    if absolute.is_dir() {
        return Err(format!("`{argument}` is a folder; `quire diff` compares one entry"));
    }
    let revisions = Revisions::open(folder).map_err(|error| match error {
        quire_core::RevisionsError::NotInRepository { .. } => {
            format!("{error}, so it has no `HEAD` to compare with; compare two files with `quire diff OLD NEW`")
        }
        quire_core::RevisionsError::Io { .. } if !absolute.exists() => format!("`{argument}` does not exist"),
        error => error.to_string(),
    })?;
    let repo_path = revisions.repo_path(&name.to_string_lossy());
    let head = Version::head();
    let old = revisions.text_at_path(&head, &repo_path).map_err(|error| error.to_string())?;
    let (new_label, new) = if staged {
        let staged_text = revisions.text_at_path(&Version::Staged, &repo_path).map_err(|error| error.to_string())?;
        (Version::Staged.label(&repo_path), staged_text)
    } else {
        let text = if absolute.exists() { Some(read_file(path)?) } else { None };
        (argument.to_owned(), text)
    };
    if old.is_none() && new.is_none() {
        let side = if staged { "the index" } else { "the working copy" };
        return Err(format!("`{argument}` is neither in `HEAD` nor in {side}"));
    }
    Ok((
        Side { label: head.label(&repo_path), text: old.unwrap_or_default() },
        Side { label: new_label, text: new.unwrap_or_default() },
    ))
}

fn read_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
}

/// `a/./b/../c` as `a/c`, `/`-separated; `None` when it climbs above the start.
fn normalise(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::normalise;

    fn normalised(path: &str) -> Option<String> {
        normalise(Path::new(path))
    }

    // `REV:./x` and `REV:../x` are resolved like git does, never above the top.
    #[test]
    fn normalises_repository_paths() {
        assert_eq!(normalised("content/./people/../x.md").as_deref(), Some("content/x.md"));
        assert_eq!(normalised("../x.md"), None);
        assert_eq!(normalised("/etc/passwd"), None);
    }
}
