//! Names for new entry files: what `quire new`, New entry and rename may
//! create.
//!
//! A wiki is cloned onto every team member's machine, so a name must work on
//! each: not a name Windows reserves for a device (`con.md` cannot be
//! checked out there), and not one that differs from an existing entry only
//! by case (macOS and Windows would see one file). And a folder given for
//! a new entry is a folder of the wiki, never a path elsewhere.

use crate::slug::slugify;

/// Why a new entry cannot have the name it would get.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The title has no letter or digit to make a file name of.
    #[error("the title `{title}` has no letters or digits to name a file after")]
    NoSlug {
        /// The title given.
        title: String,
    },
    /// The folder is not a plain folder inside the wiki.
    #[error("`{folder}` is not a folder of the wiki: {reason}")]
    Folder {
        /// The folder given.
        folder: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A name Windows keeps for a device.
    #[error("`{name}` is a device name on Windows (`con`, `nul`, `com1`, …); the wiki could not be checked out there")]
    Reserved {
        /// The name.
        name: String,
    },
    /// An entry's path differs from this one only by case.
    #[error("`{id}` differs only by case from `{existing}`; on macOS and Windows they would be one file")]
    CaseCollision {
        /// The new entry's id.
        id: String,
        /// The entry already there.
        existing: String,
    },
}

/// Device names Windows reserves, whatever the case and extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether Windows reserves `name` (a file or folder name) for a device:
/// `con`, `CON.md`, `nul.tar.gz`, `com1`… (also with the superscript digits
/// Windows counts as digits there).
pub fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_lowercase();
    let stem = stem.replace(['¹', '²', '³'], "1");
    RESERVED.contains(&stem.as_str())
}

/// The id of a new entry titled `title` in `folder` (of the wiki; `None` or
/// empty: its top), checked against the ids of the entries already there.
pub fn new_entry_id<'a>(
    title: &str,
    folder: Option<&str>,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<String, NameError> {
    let slug = slugify(title.trim());
    if slug.is_empty() {
        return Err(NameError::NoSlug { title: title.trim().to_owned() });
    }
    let folder = folder.map(str::trim).unwrap_or("");
    let id = if folder.trim_matches('/').is_empty() {
        format!("{slug}.md")
    } else {
        check_folder(folder)?;
        format!("{}/{slug}.md", folder.trim_end_matches('/'))
    };
    check_new_id(&id, existing)?;
    Ok(id)
}

/// EntryChecks the id a new file would take: no device name on the way, no
/// entry whose id is the same but for case (`id` itself excepted: a rename
/// that keeps the file).
pub fn check_new_id<'a>(id: &str, existing: impl IntoIterator<Item = &'a str>) -> Result<(), NameError> {
    if let Some(name) = id.split('/').find(|name| is_reserved_name(name)) {
        return Err(NameError::Reserved { name: name.to_owned() });
    }
    let key = id.to_lowercase();
    match existing.into_iter().find(|other| *other != id && other.to_lowercase() == key) {
        Some(other) => Err(NameError::CaseCollision { id: id.to_owned(), existing: other.to_owned() }),
        None => Ok(()),
    }
}

fn check_folder(folder: &str) -> Result<(), NameError> {
    let refuse = |reason| Err(NameError::Folder { folder: folder.to_owned(), reason });
    if folder.starts_with('/') || folder.starts_with('\\') || folder.chars().nth(1) == Some(':') {
        return refuse("an absolute path; give a folder inside the wiki, such as `people`");
    }
    if folder.contains('\\') {
        return refuse("folders are separated by `/`");
    }
    for name in folder.trim_end_matches('/').split('/') {
        if name.is_empty() || name == "." {
            return refuse("it has an empty folder name");
        }
        if name == ".." {
            return refuse("`..` would leave the wiki");
        }
        if name.starts_with('.') {
            return refuse("hidden folders (starting with `.`) hold no entries");
        }
        if name.chars().any(char::is_control) {
            return refuse("it holds a control character");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every spelling of a device name Windows refuses, and lookalikes it accepts.
    #[test]
    fn knows_windows_device_names() {
        for name in ["con", "CON.md", "Nul.tar.gz", "com1", "LPT9.md", "aux ", "com¹.md"] {
            assert!(is_reserved_name(name), "{name}");
        }
        for name in ["console.md", "con-artist.md", "com10.md", "lpt0", "nullable.md", "a.con"] {
            assert!(!is_reserved_name(name), "{name}");
        }
    }

    // `quire new --folder /abs/path` used to write `wiki/abs/path/…` silently.
    #[test]
    fn refuses_folders_that_are_not_the_wikis() {
        for folder in ["/abs/path", "../up", "people/../..", ".git", "C:\\wiki", "a\\b", "a//b"] {
            let error = new_entry_id("Ada", Some(folder), []).unwrap_err();
            assert!(matches!(error, NameError::Folder { .. }), "{folder}: {error}");
        }
        assert_eq!(new_entry_id("Ada Lovelace", Some("people/"), []).unwrap(), "people/ada-lovelace.md");
        assert_eq!(new_entry_id("Ada", Some(""), []).unwrap(), "ada.md");
    }

    // A name Windows cannot check out, or one macOS would merge with another, is refused.
    #[test]
    fn refuses_device_names_and_case_collisions() {
        let error = new_entry_id("Con", None, []).unwrap_err();
        assert!(error.to_string().starts_with("`con.md` is a device name on Windows"), "{error}");
        assert!(matches!(new_entry_id("Ada", Some("aux"), []), Err(NameError::Reserved { .. })));
        let existing = ["People/ada.md", "b.md"];
        let error = new_entry_id("Ada", Some("people"), existing).unwrap_err();
        assert_eq!(error, NameError::CaseCollision { id: "people/ada.md".into(), existing: "People/ada.md".into() });
        assert!(check_new_id("b.md", existing).is_ok(), "the same id is the entry itself");
        assert!(matches!(check_new_id("B.md", existing), Err(NameError::CaseCollision { .. })));
    }
}
