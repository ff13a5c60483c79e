//! Entry ids: the one definition of what names an entry.
//!
//! An id is an entry file's path under the wiki root, `/`-separated: a
//! relative path whose last name ends in `.md` (any case), with no hidden
//! name (starting with `.`), no `..`, no empty or over-long name, no
//! backslash or control character. The store refuses any other id, and the
//! history, the commit view and the watcher take a path for an entry's
//! exactly when it is one.

use std::fmt;
use std::path::{Component, Path};

/// The longest entry id accepted, in bytes.
const MAX_ID_BYTES: usize = 1024;
/// The longest file or folder name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// A checked entry id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(String);

/// Why a text is not an entry id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidId {
    /// The text.
    pub id: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for InvalidId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "`{}` is not an entry id: {}", self.id.escape_debug(), self.reason)
    }
}

impl std::error::Error for InvalidId {}

impl EntryId {
    /// `id` as an entry id, when it is one.
    pub fn new(id: impl Into<String>) -> Result<EntryId, InvalidId> {
        let id = id.into();
        match Self::check(&id) {
            Ok(()) => Ok(EntryId(id)),
            Err(reason) => Err(InvalidId { id, reason }),
        }
    }

    /// Whether `id` is an entry id.
    pub fn is_valid(id: &str) -> bool {
        Self::check(id).is_ok()
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What is wrong with `id` as an entry id, if anything.
    pub(crate) fn check(id: &str) -> Result<(), &'static str> {
        if id.is_empty() {
            return Err("an entry id cannot be empty");
        }
        if id.len() > MAX_ID_BYTES {
            return Err("an entry id is at most 1024 bytes long");
        }
        if id.contains('\\') {
            return Err("folders are separated by `/`, not `\\`");
        }
        if id.chars().any(char::is_control) {
            return Err("an entry id cannot contain control characters");
        }
        if id.starts_with('/') {
            return Err("an entry id is relative to the wiki folder, not an absolute path");
        }
        for name in id.split('/') {
            if name.is_empty() {
                return Err("an entry id cannot have an empty folder name");
            }
            if name == ".." {
                return Err("`..` would leave the wiki folder");
            }
            if name.starts_with('.') {
                return Err("hidden names (starting with `.`) are not entries");
            }
            if name.len() > MAX_NAME_BYTES {
                return Err("a file or folder name is at most 255 bytes long");
            }
        }
        if !id.to_ascii_lowercase().ends_with(".md") {
            return Err("an entry file name ends in `.md`");
        }
        // What the platform itself takes for a root, drive or prefix (`C:` on
        // Windows) is not a plain name either.
        if !Path::new(id).components().all(|component| matches!(component, Component::Normal(_))) {
            return Err("an entry id is relative to the wiki folder, not an absolute path");
        }
        Ok(())
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl AsRef<str> for EntryId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One rule for every place that asks "is this an entry": Markdown, in
    // no hidden folder, inside the wiki.
    #[test]
    fn entry_ids_are_markdown_paths_inside_the_wiki() {
        for id in ["a.md", "people/kaiming-he.md", "A.MD", "किताब.md", "a b/c.Md"] {
            assert_eq!(EntryId::new(id).unwrap().as_str(), id);
        }
        for (id, why) in [
            ("", "empty"),
            ("notes.txt", "`.md`"),
            (".hidden/a.md", "hidden"),
            ("a/.quire-1.tmp.md", "hidden"),
            ("../a.md", "`..`"),
            ("/etc/a.md", "absolute"),
            ("a\\b.md", "`/`"),
            ("a//b.md", "empty folder name"),
            ("a\nb.md", "control"),
        ] {
            let error = EntryId::new(id).unwrap_err();
            assert!(error.reason.contains(why), "{id:?}: {}", error.reason);
            assert!(!EntryId::is_valid(id));
        }
    }
}
