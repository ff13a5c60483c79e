//! `quire rename OLD "New Title" [--wiki PATH]`.

use std::path::Path;

use quire_core::{IntentLog, rename_entry};

use crate::terminal::say;

/// Renames the entry and prints what changed. Returns the exit code.
pub(crate) fn run(wiki: &Path, old: &str, new_title: &str) -> Result<u8, String> {
    crate::recover::recover(wiki);
    let log = IntentLog::open_default()
        .map_err(|error| format!("cannot keep a record of the rename in the app's data folder: {error}"))?;
    let outcome = rename_entry(&log, wiki, old, new_title).map_err(|error| error.to_string())?;
    if outcome.old_id == outcome.new_id {
        say(&format!("renamed `{}` to `{}` in `{}`", outcome.old_title, outcome.new_title, outcome.new_id));
    } else {
        say(&format!(
            "renamed `{}` to `{}`: `{}` → `{}`",
            outcome.old_title, outcome.new_title, outcome.old_id, outcome.new_id
        ));
    }
    if outcome.alias_added {
        say(&format!("kept `{}` as an alias in its front matter", outcome.old_title));
    }
    let links: usize = outcome.files.iter().map(|file| file.links).sum();
    for file in outcome.files.iter().filter(|file| file.links > 0) {
        let plural = if file.links == 1 { "link" } else { "links" };
        say(&format!("  {}: {} {plural} rewritten", file.id, file.links));
    }
    say(&format!("{links} links rewritten in {} files", outcome.files.iter().filter(|file| file.links > 0).count()));
    for (id, offset) in &outcome.left_alone {
        say(&format!("left alone: a reference-style link in `{id}` (byte {offset}); edit its definition by hand"));
    }
    Ok(0)
}
