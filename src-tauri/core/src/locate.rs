//! Which folder is the wiki: the one rule every `quire` subcommand, the git
//! hook and the desktop app share, as cargo finds `Cargo.toml`.
//!
//! 1. A folder named explicitly (`--wiki PATH`, a PATH argument, the app's
//!    command line or "Open Wiki Folder").
//! 2. Else the nearest folder at or above the starting one that holds
//!    [`SCHEMA_FILE`]: inside a wiki whose `wiki.toml` sits at the top of the
//!    repository, or from any of its subfolders, that wiki.
//! 3. Else `content` in the starting folder, the layout of a repository with
//!    the wiki in `content/`.
//!
//! The starting folder is given, never read from the process: the function
//! looks only at the file system, so it can be tested on real folders and
//! the app can start from wherever it likes.

use std::path::{Path, PathBuf};

use crate::schema::SCHEMA_FILE;

/// The folder rule 3 looks for in the starting folder.
pub const DEFAULT_WIKI_FOLDER: &str = "content";

/// How [`locate_wiki`] found the wiki.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoundBy {
    /// It was named explicitly.
    Explicit,
    /// The nearest folder at or above the starting one with a `wiki.toml`.
    Schema,
    /// `content` in the starting folder.
    Default,
}

/// A wiki folder, and how it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiLocation {
    /// The wiki folder, relative to the starting folder when it was found
    /// from it (`.`, `..`, `../..`, `content`) and as given when explicit:
    /// the path a person would type there. Join it to the starting folder to
    /// use it from anywhere else.
    pub root: PathBuf,
    /// Which of the rules found it.
    pub found_by: FoundBy,
}

/// Why no wiki folder was found. Each variant names every place looked at.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// The folder named explicitly does not exist.
    #[error("`{}` does not exist", path.display())]
    Missing {
        /// The path as given.
        path: PathBuf,
    },
    /// The path named explicitly could not be looked at.
    #[error("cannot read `{}`: {source}", path.display())]
    Unreadable {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The path named explicitly is not a folder.
    #[error("`{}` is not a folder", path.display())]
    NotAFolder {
        /// The path as given.
        path: PathBuf,
    },
    /// Nothing named, no `wiki.toml` at or above the starting folder, and no
    /// `content` folder in it.
    #[error(
        "no wiki found: no `{SCHEMA_FILE}` in `{}` or any folder above it, and no `{}` folder",
        start.display(),
        default.display()
    )]
    NotFound {
        /// The starting folder.
        start: PathBuf,
        /// The folders searched for a `wiki.toml`, nearest first.
        searched: Vec<PathBuf>,
        /// The `content` folder that rule 3 looked for.
        default: PathBuf,
    },
}

/// Finds the wiki folder from the folder `start` (usually the current one),
/// or checks the folder named by `explicit` (a relative path is relative to
/// `start`). See the module documentation for the rule.
pub fn locate_wiki(start: &Path, explicit: Option<&Path>) -> Result<WikiLocation, LocateError> {
    if let Some(path) = explicit {
        let metadata = std::fs::metadata(start.join(path));
        return match metadata {
            Ok(metadata) if metadata.is_dir() => {
                Ok(WikiLocation { root: path.to_owned(), found_by: FoundBy::Explicit })
            }
            Ok(_) => Err(LocateError::NotAFolder { path: path.to_owned() }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Err(LocateError::Missing { path: path.to_owned() })
            }
            Err(source) => Err(LocateError::Unreadable { path: path.to_owned(), source }),
        };
    }
    // Walk the real folders: `..` from `start` is the physical parent,
    // whatever symbolic links led there.
    let real_start = start.canonicalize().or_else(|_| std::path::absolute(start)).unwrap_or_else(|_| start.to_owned());
    let mut searched = Vec::new();
    let mut root = PathBuf::from(".");
    for folder in real_start.ancestors() {
        if folder.join(SCHEMA_FILE).is_file() {
            return Ok(WikiLocation { root, found_by: FoundBy::Schema });
        }
        searched.push(folder.to_owned());
        root = if root == Path::new(".") { PathBuf::from("..") } else { root.join("..") };
    }
    let default = start.join(DEFAULT_WIKI_FOLDER);
    if default.is_dir() {
        return Ok(WikiLocation { root: PathBuf::from(DEFAULT_WIKI_FOLDER), found_by: FoundBy::Default });
    }
    Err(LocateError::NotFound { start: start.to_owned(), searched, default })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(root: &Path, path: &str) -> PathBuf {
        let folder = root.join(path);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    // Rule 2 from the wiki's own folder and from deep below it: the answer is
    // the path to type from there, and `content` beside it does not win.
    #[test]
    fn finds_the_nearest_schema_at_or_above() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SCHEMA_FILE), "").unwrap();
        folder(dir.path(), "content");
        let deep = folder(dir.path(), "people/more");
        let here = locate_wiki(dir.path(), None).unwrap();
        assert_eq!(here, WikiLocation { root: PathBuf::from("."), found_by: FoundBy::Schema });
        let below = locate_wiki(&deep, None).unwrap();
        assert_eq!(below, WikiLocation { root: PathBuf::from("../.."), found_by: FoundBy::Schema });
        assert_eq!(deep.join(&below.root).canonicalize().unwrap(), dir.path().canonicalize().unwrap());
    }

    // Rule 3, then the error that names where it looked.
    #[test]
    fn falls_back_to_content_then_says_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        folder(dir.path(), "content");
        let found = locate_wiki(dir.path(), None).unwrap();
        assert_eq!(found, WikiLocation { root: PathBuf::from("content"), found_by: FoundBy::Default });
        let empty = folder(dir.path(), "elsewhere");
        match locate_wiki(&empty, None) {
            Err(LocateError::NotFound { start, searched, default }) => {
                assert_eq!(start, empty);
                assert_eq!(searched.first(), Some(&empty.canonicalize().unwrap()));
                assert_eq!(searched.last().map(PathBuf::as_path), Some(Path::new("/")));
                assert_eq!(default, empty.join("content"));
            }
            other => panic!("expected NotFound, got {other:?}"),
        }
    }

    // Rule 1 wins over the others, and is checked: a missing folder or a file
    // is an error naming the path as given, never a fallback.
    #[test]
    fn an_explicit_path_is_checked_not_searched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SCHEMA_FILE), "").unwrap();
        folder(dir.path(), "docs/wiki");
        let named = locate_wiki(dir.path(), Some(Path::new("docs/wiki"))).unwrap();
        assert_eq!(named, WikiLocation { root: PathBuf::from("docs/wiki"), found_by: FoundBy::Explicit });
        let missing = locate_wiki(dir.path(), Some(Path::new("nowhere"))).unwrap_err();
        assert_eq!(missing.to_string(), "`nowhere` does not exist");
        let file = locate_wiki(dir.path(), Some(Path::new(SCHEMA_FILE))).unwrap_err();
        assert_eq!(file.to_string(), "`wiki.toml` is not a folder");
    }
}
