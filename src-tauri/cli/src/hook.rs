//! `quire hook install|uninstall [--wiki PATH]`: the git pre-commit hook
//! that runs `quire validate --staged` and blocks commits with errors, and
//! the merge driver that merges entries by section, item and word.
//!
//! The hook calls `quire` by the absolute path of the executable that
//! installed it, and falls back to `quire` on `PATH` when that file is gone
//! (after an upgrade to another place, say). A pre-commit hook that is not
//! Quire's is never overwritten: it is moved aside to
//! `pre-commit.quire-chained`, run first by Quire's hook, and put back by
//! `uninstall`.
//!
//! The merge driver is two things: `<wiki>/**/*.md merge=quire` in the
//! repository's top-level `.gitattributes` (committed, so every clone of the
//! team merges entries the same way) and `merge.quire.name` and
//! `merge.quire.driver` in the clone's own git config (a driver is a command,
//! which git never takes from a repository). The driver calls plain `quire`
//! when the `quire` on `PATH` is this executable, so an upgrade in place
//! keeps working; otherwise this executable's absolute path, since git and
//! the GUI clients that run the driver may not share the shell's `PATH`.
//! `uninstall` removes the line and the two keys, and nothing else.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use quire_core::Revisions;

use crate::terminal::say;

/// The line that marks a hook as Quire's.
const MARKER: &str = "# quire-managed-hook";
const HOOK: &str = "pre-commit";
const CHAINED: &str = "pre-commit.quire-chained";
const ATTRIBUTES: &str = ".gitattributes";
const DRIVER_NAME: &str = "Quire: entries merged by section, front matter key, list item and word";
/// What follows the executable in `merge.quire.driver`: git's placeholders
/// in `git merge-file`'s order. Also how uninstall knows the driver is ours.
const DRIVER_ARGUMENTS: &str = "merge-file %A %O %B --path %P --marker-size %L";

/// Installs the hook and the merge driver for the wiki at `wiki`; prints
/// what it did.
pub(crate) fn install(wiki: &Path) -> Result<u8, String> {
    let place = Place::find(wiki)?;
    let quire = std::env::current_exe()
        .and_then(|path| path.canonicalize())
        .map_err(|error| format!("cannot tell where this `quire` executable is: {error}"))?;
    install_hook(&place, &quire)?;
    install_driver(&place, &quire)?;
    Ok(0)
}

/// Writes the pre-commit hook, chaining one that is not Quire's.
fn install_hook(place: &Place, quire: &Path) -> Result<(), String> {
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
                return Ok(());
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
    Ok(())
}

/// Removes the merge driver and the hook, putting back the hook it chained;
/// prints what it did.
pub(crate) fn uninstall(wiki: &Path) -> Result<u8, String> {
    let place = Place::find(wiki)?;
    uninstall_driver(&place)?;
    uninstall_hook(&place)
}

/// Removes the hook, putting back the one it chained.
fn uninstall_hook(place: &Place) -> Result<u8, String> {
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

/// Adds the attributes line and the driver's config; what is there already
/// is left as it is.
fn install_driver(place: &Place, quire: &Path) -> Result<(), String> {
    let line = attributes_line(&place.wiki);
    let path = place.workdir.join(ATTRIBUTES);
    let existing = read_attributes(&path)?;
    if existing.as_deref().is_some_and(|text| text.lines().any(|present| present.trim_end() == line)) {
        say(&format!("`{}` already has `{line}`; nothing changed", path.display()));
    } else {
        let mut text = existing.unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        fs::write(&path, text).map_err(|error| io_message(&path, &error))?;
        say(&format!(
            "added `{line}` to `{}`; commit it so that the whole team merges entries this way",
            path.display()
        ));
    }
    let driver = format!("{} {DRIVER_ARGUMENTS}", driver_command(quire));
    let mut changed = false;
    for (key, value) in [("merge.quire.name", DRIVER_NAME), ("merge.quire.driver", driver.as_str())] {
        if git_config(place, &["--get", key])?.as_deref() != Some(value) {
            git_config(place, &[key, value])?;
            changed = true;
        }
    }
    if changed {
        say(&format!("set `merge.quire.driver` to `{driver}` in this clone's git config"));
    } else {
        say("the Quire merge driver is already in this clone's git config; nothing changed");
    }
    say("`git merge`, `pull`, `rebase` and `cherry-pick` now merge entries by section, list item and word");
    Ok(())
}

/// Removes what [`install_driver`] adds: the attributes line (the file too
/// when nothing else is left in it) and the driver's two keys, if the
/// driver is Quire's. Any line of the shape install writes goes, whatever
/// wiki it names: uninstall may be run where no wiki is found.
fn uninstall_driver(place: &Place) -> Result<(), String> {
    let path = place.workdir.join(ATTRIBUTES);
    let written_by_install =
        |line: &str| ["**/*.md merge=quire", "**/*.md\" merge=quire"].iter().any(|end| line.trim_end().ends_with(end));
    if let Some(text) = read_attributes(&path)?
        && let Some(line) = text.lines().find(|line| written_by_install(line))
    {
        let line = line.trim_end().to_owned();
        let kept: String = text.split_inclusive('\n').filter(|present| !written_by_install(present)).collect();
        if kept.trim().is_empty() {
            fs::remove_file(&path).map_err(|error| io_message(&path, &error))?;
        } else {
            fs::write(&path, kept).map_err(|error| io_message(&path, &error))?;
        }
        say(&format!("removed `{line}` from `{}`", path.display()));
    }
    let ours =
        git_config(place, &["--get", "merge.quire.driver"])?.is_some_and(|driver| driver.ends_with(DRIVER_ARGUMENTS));
    if ours {
        git_config(place, &["--unset", "merge.quire.driver"])?;
        if git_config(place, &["--get", "merge.quire.name"])?.as_deref() == Some(DRIVER_NAME) {
            git_config(place, &["--unset", "merge.quire.name"])?;
        }
        // git keeps an empty `[merge "quire"]` header; it goes when nothing else is in it.
        if git_config(place, &["--get-regexp", r"^merge\.quire\."])?.is_none() {
            let _ = git_config(place, &["--remove-section", "merge.quire"]);
        }
        say("removed the Quire merge driver from this clone's git config");
    }
    Ok(())
}

/// `<wiki>/**/*.md merge=quire`, the wiki relative to the top of the
/// working tree (`**/*.md` at the top); a path with spaces or quotes is
/// written in git's C-style quotes.
fn attributes_line(wiki: &str) -> String {
    let pattern = if wiki == "." { "**/*.md".to_owned() } else { format!("{wiki}/**/*.md") };
    if pattern.contains([' ', '\t', '"', '\\']) {
        format!("\"{}\" merge=quire", pattern.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("{pattern} merge=quire")
    }
}

fn read_attributes(path: &Path) -> Result<Option<String>, String> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io_message(path, &error)),
    }
}

/// How the driver calls `quire`: by name when the `quire` on `PATH` is this
/// executable, else by this executable's path (see the module documentation).
fn driver_command(quire: &Path) -> String {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|folder| folder.join(if cfg!(windows) { "quire.exe" } else { "quire" }))
            .find(|candidate| candidate.is_file())
    });
    match on_path.and_then(|found| found.canonicalize().ok()) {
        Some(found) if found == quire => "quire".to_owned(),
        _ => shell_quote(&quire.to_string_lossy()),
    }
}

/// Runs `git config --local ARGS` in the working tree: its output (trimmed),
/// `None` when git reports nothing found (exit 1 or 5 for `--get`/`--unset`).
fn git_config(place: &Place, args: &[&str]) -> Result<Option<String>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(&place.workdir)
        .args(["config", "--local"])
        .args(args)
        .output()
        .map_err(|error| format!("cannot run `git config` for the merge driver: {error}"))?;
    match output.status.code() {
        Some(0) => Ok(Some(String::from_utf8_lossy(&output.stdout).trim_end_matches(['\n', '\r']).to_owned())),
        Some(1 | 5) => Ok(None),
        _ => Err(format!(
            "`git config --local {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}

/// Where the hook goes and how it names the wiki.
struct Place {
    hooks: PathBuf,
    /// The top of the working tree, where `.gitattributes` goes.
    workdir: PathBuf,
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
        Ok(Place { hooks, workdir: revisions.workdir().to_path_buf(), wiki })
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
