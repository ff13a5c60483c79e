//! `quire new "Title" --kind KIND`: a new entry from the kind's skeleton.

use std::path::Path;

use quire_core::{Catalog, Date, create_entry, new_entry_id};

use crate::terminal::say;

/// Writes the skeleton; refuses to overwrite an existing file.
pub(crate) fn run(
    title: &str,
    kind: Option<&str>,
    wiki_root: &Path,
    folder: Option<&str>,
    today: Date,
) -> Result<u8, String> {
    let title = title.trim();
    // Refused before the wiki is read: a folder outside it, a title with no name.
    new_entry_id(title, folder, []).map_err(|error| error.to_string())?;
    crate::recover::recover(wiki_root);
    let wiki = Catalog::load_unchecked(wiki_root, today).map_err(|error| error.to_string())?;
    let schema = wiki.schema();
    let defined = || schema.kinds.keys().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
    let kind = kind
        .or(schema.default_kind.as_deref())
        .ok_or_else(|| format!("say which kind of entry with `--kind`: {}", defined()))?;
    let text = schema.skeleton(title, kind, today).ok_or_else(|| {
        format!(
            "kind `{kind}` is not defined in `{}`; defined kinds: {}",
            wiki_root.join("wiki.toml").display(),
            defined()
        )
    })?;
    let existing = wiki.index().resolve_name(title);
    if let Some(other) = existing.first() {
        return Err(format!("`{}` already has the name `{title}`", other.id));
    }
    let id = new_entry_id(title, folder, wiki.ids()).map_err(|error| error.to_string())?;
    let path = create_entry(wiki_root, &id, &text).map_err(|error| error.to_string())?;
    say(&format!("created {}", path.display()));
    Ok(0)
}
