//! `quire log ENTRY`: the commits that touched an entry, newest first,
//! following renames.

use std::io::Write;
use std::path::Path;

use quire_core::{FileChange, Revision, Revisions};

use crate::terminal::escape_line;

/// How `quire log` prints the revisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LogFormat {
    /// One line per commit.
    Text,
    /// A JSON array of revisions.
    Json,
}

/// Lists the revisions of the entry file `path`. Returns the exit code.
pub(crate) fn run(path: &Path, format: LogFormat) -> Result<u8, String> {
    let absolute = std::path::absolute(path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    let (Some(folder), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return Err(format!("`{}` is not a file", path.display()));
    };
    let revisions = Revisions::open(folder).map_err(|error| error.to_string())?;
    let id = name.to_string_lossy();
    let history = revisions.history(&id).map_err(|error| error.to_string())?;
    if history.is_empty() && !absolute.exists() {
        return Err(format!("`{}` does not exist and no commit has it", path.display()));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        LogFormat::Json => {
            serde_json::to_writer(&mut out, &history).map_err(std::io::Error::from).and_then(|()| writeln!(out))
        }
        LogFormat::Text => history.iter().try_for_each(|revision| writeln!(out, "{}", escape_line(&line(revision)))),
    };
    match written {
        Ok(()) => Ok(0),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(error) => Err(format!("cannot write the log: {error}")),
    }
}

/// `abc1234 2026-06-16 Ada Lovelace  Rename the entry (renamed from old.md)`.
fn line(revision: &Revision) -> String {
    let day = revision.date.get(..10).unwrap_or(&revision.date);
    let note = match (revision.change, &revision.previous_path) {
        (FileChange::Renamed, Some(previous)) => format!(" (renamed from {previous})"),
        (FileChange::Added, _) => " (added)".to_owned(),
        (FileChange::Deleted, _) => " (deleted)".to_owned(),
        _ => String::new(),
    };
    format!("{} {day} {}  {}{note}", revision.short_id, revision.author, revision.summary)
}
