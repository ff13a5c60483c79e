//! `quire hook install|uninstall [--wiki PATH]`: the git pre-commit hook
//! that runs `quire validate --staged` and blocks commits with errors.
//!
//! The hook calls `quire` by the absolute path of the executable that
//! installed it, and falls back to `quire` on `PATH` when that file is gone
//! (after an upgrade to another place, say). A pre-commit hook that is not
//! Quire's is never overwritten: it is moved aside to
//! `pre-commit.quire-chained`, run first by Quire's hook, and put back by
//! `uninstall`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use quire_core::Revisions;

use crate::terminal::say;

/// The line that marks a hook as Quire's.
const MARKER: &str = "# quire-managed-hook";
const HOOK: &str = "pre-commit";
const CHAINED: &str = "pre-commit.quire-chained";

/// Installs the hook for the wiki at `wiki`; prints what it did.
pub(crate) fn install(wiki: &Path) -> Result<u8, String> {
    let place = Place::find(wiki)?;
    let quire = std::env::current_exe()
        .and_then(|path| path.canonicalize())
        .map_err(|error| format!("cannot tell where this `quire` executable is: {error}"))?;
    let script = script(&quire.to_string_lossy(), &place.wiki);
    fs::create_dir_all(&place.hooks).map_err(|error| io_message(&place.hooks, &error))?;
    let hook = place.hooks.join(HOOK);
    let chained = place.hooks.join(CHAINED);
    match read_hook(&hook)? {
        Some(existing) if is_ours(&existing) => {
            if existing == script {
                say(&format!(
                    "the Quire pre-commit hook is already installed at `{}`; nothing changed",
                    hook.display()
                ));
                return Ok(0);
            }
            write_hook(&hook, &script)?;
            say(&format!("updated the Quire pre-commit hook at `{}`", hook.display()));
        }
        Some(_) => {
            if fs::symlink_metadata(&chained).is_ok() {
                return Err(format!(
                    "`{}` is not Quire's hook, and `{}` already exists: move one of them away, then install again",
                    hook.display(),
                    chained.display()
                ));
            }
            fs::rename(&hook, &chained).map_err(|error| io_message(&hook, &error))?;
            if let Err(error) = write_hook(&hook, &script) {
                // Put the user's hook back rather than leave no hook at all.
                return match fs::rename(&chained, &hook) {
                    Ok(()) => Err(error),
                    Err(undo) => Err(format!(
                        "{error}; moving your hook back failed too ({undo}): it is at `{}`",
                        chained.display()
                    )),
                };
            }
            say(&format!("installed the Quire pre-commit hook at `{}`", hook.display()));
            say(&format!(
                "your existing pre-commit hook was moved to `{}` and runs first; `quire hook uninstall` puts it back",
                chained.display()
            ));
        }
        None => {
            write_hook(&hook, &script)?;
            say(&format!("installed the Quire pre-commit hook at `{}`", hook.display()));
        }
    }
    say(&format!("commits now run `quire validate --staged -- {}` and stop on errors", place.wiki));
    Ok(0)
}

/// Removes the hook, putting back the one it chained; prints what it did.
pub(crate) fn uninstall(wiki: &Path) -> Result<u8, String> {
    let place = Place::find(wiki)?;
    let hook = place.hooks.join(HOOK);
    let chained = place.hooks.join(CHAINED);
    match read_hook(&hook)? {
        Some(existing) if !is_ours(&existing) => {
            return Err(format!("`{}` is not Quire's hook; leaving it as it is", hook.display()));
        }
        Some(_) => {
            fs::remove_file(&hook).map_err(|error| io_message(&hook, &error))?;
            say(&format!("removed the Quire pre-commit hook from `{}`", hook.display()));
        }
        None if fs::symlink_metadata(&chained).is_err() => {
            say(&format!("no Quire pre-commit hook is installed in `{}`; nothing changed", place.hooks.display()));
            return Ok(0);
        }
        None => {}
    }
    if fs::symlink_metadata(&chained).is_ok() {
        fs::rename(&chained, &hook).map_err(|error| io_message(&chained, &error))?;
        say(&format!("put your previous pre-commit hook back at `{}`", hook.display()));
    }
    Ok(0)
}

/// Where the hook goes and how it names the wiki.
struct Place {
    hooks: PathBuf,
    /// The wiki folder relative to the top of the working tree, where git
    /// runs hooks (`.` at the top).
    wiki: String,
}

impl Place {
    fn find(wiki: &Path) -> Result<Place, String> {
        if !wiki.is_dir() {
            return Err(format!("`{}` is not a folder; name the wiki with `--wiki PATH`", wiki.display()));
        }
        let revisions = Revisions::open(wiki).map_err(|error| format!("{error}; a git hook needs a repository"))?;
        let hooks = revisions.hooks_dir().map_err(|error| error.to_string())?;
        let prefix = revisions.repo_path("");
        let wiki = match prefix.trim_end_matches('/') {
            "" => ".".to_owned(),
            folder => folder.to_owned(),
        };
        Ok(Place { hooks, wiki })
    }
}

/// The hook's text; `quire` is the absolute path of the executable. The
/// `--` before the wiki keeps a folder named like an option (`-wiki`) a path.
fn script(quire: &str, wiki: &str) -> String {
    format!(
        r#"#!/bin/sh
{MARKER}: written by `quire hook install`; `quire hook uninstall` removes it.
# Stops a commit when the staged wiki entries have errors (`quire validate --staged`).
hooks_dir=$(dirname -- "$0")
if [ -x "$hooks_dir/{CHAINED}" ]; then
    "$hooks_dir/{CHAINED}" "$@" || exit $?
fi
installed={quire}
quire=$installed
if [ ! -x "$quire" ]; then
    quire=$(command -v quire) || {{
        echo "quire pre-commit hook: no \`quire\` at $installed nor on PATH; install it, or run \`quire hook uninstall\`" >&2
        exit 1
    }}
fi
exec "$quire" validate --staged -- {wiki}
"#,
        quire = shell_quote(quire),
        wiki = shell_quote(wiki),
    )
}

/// `text` as one word for `sh`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn is_ours(text: &str) -> bool {
    text.lines().any(|line| line.starts_with(MARKER))
}

/// The hook's text; `None` when there is none. A hook that is not text is
/// not ours (its bytes are only compared with the marker).
fn read_hook(path: &Path) -> Result<Option<String>, String> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // A dangling symbolic link is still someone's hook.
            match fs::symlink_metadata(path) {
                Ok(_) => Ok(Some(String::new())),
                Err(_) => Ok(None),
            }
        }
        Err(error) => Err(io_message(path, &error)),
    }
}

/// Writes the hook all at once (a temporary file renamed into place),
/// executable.
fn write_hook(path: &Path, text: &str) -> Result<(), String> {
    let temporary = path.with_file_name(format!(".{HOOK}.quire-{}.tmp", std::process::id()));
    let written = (|| {
        fs::write(&temporary, text)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&temporary, fs::Permissions::from_mode(0o755))?;
        }
        fs::File::open(&temporary)?.sync_all()?;
        fs::rename(&temporary, path)
    })();
    written.map_err(|error| {
        // Nothing else refers to the temporary file; a failed removal leaves
        // a hidden leftover, not a wrong hook.
        let _ = fs::remove_file(&temporary);
        io_message(path, &error)
    })
}

fn io_message(path: &Path, error: &io::Error) -> String {
    format!("cannot access `{}`: {error}", path.display())
}
