//! `quire validate [PATH] --format human|json|sarif [--staged | --changed [REV]]`.

use std::path::{Path, PathBuf};

use std::io::{BufWriter, Write};

use quire_core::{
    Date, FixReport, Report, Revisions, RevisionsError, SCHEMA_FILE, ScopeError, Severity, Validated, Version,
    apply_safe_fixes, validate_changed, validate_staged, validate_wiki,
};

use crate::output::{human, json, sarif};
use crate::terminal::escape_line;
use crate::{EXIT_ERRORS, Format};

/// Which version of the wiki to judge, and which entries to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The working copy, every entry.
    All,
    /// The staged version (git's index): staged entries and those they affect.
    Staged,
    /// The working copy: entries changed since the revision and those they affect.
    ChangedSince(String),
}

/// Validates the wiki at `path` (or the wiki holding the entry file `path`,
/// or the wiki found from the current folder) and prints the findings.
/// Returns the exit code.
pub(crate) fn run(path: Option<&Path>, format: Format, scope: &Scope, fix: bool, today: Date) -> Result<u8, String> {
    let target = Target::find(path)?;
    crate::recover::recover(&target.root);
    if fix {
        let fixed =
            apply_safe_fixes(&target.root, target.entry.as_deref(), today).map_err(|error| error.to_string())?;
        // JSON and SARIF keep standard output to themselves.
        let shown = match format {
            Format::Human => print_fixes(&mut std::io::stdout().lock(), &target.root, &fixed),
            Format::Json | Format::Sarif => print_fixes(&mut std::io::stderr().lock(), &target.root, &fixed),
        };
        shown.map_err(|error| format!("cannot write the report: {error}"))?;
    }
    // The one-pass check keeps no entry: the human format reads again the
    // few entries it shows, from the version that was judged.
    let (Validated { mut report, files, index }, staged) = match scope {
        Scope::All => (validate_wiki(&target.root, today).map_err(|error| error.to_string())?, None),
        Scope::Staged => {
            let scoped = validate_staged(&target.root, today).map_err(|error| scope_error(&error))?;
            let revisions = Revisions::open(&target.root).map_err(|error| error.to_string())?;
            (scoped.validated, Some(revisions))
        }
        Scope::ChangedSince(revision) => {
            let scoped = validate_changed(&target.root, revision, today).map_err(|error| scope_error(&error))?;
            (scoped.validated, None)
        }
    };
    if let Some(entry) = &target.entry {
        if !files.iter().any(|file| file.id == *entry) {
            let shown = path.map_or_else(|| entry.clone(), |path| path.display().to_string());
            return Err(format!("`{shown}` is not an entry of the wiki at `{}`", target.root.display()));
        }
        report.diagnostics.retain(|diagnostic| diagnostic.path == *entry || diagnostic.path == SCHEMA_FILE);
        report.entries = 1;
    }
    let read_text = |id: &str| -> Option<String> {
        match &staged {
            Some(revisions) => revisions.text_at_path(&Version::Staged, &revisions.repo_path(id)).ok().flatten(),
            None => std::fs::read_to_string(target.root.join(id)).ok(),
        }
    };
    let stdout = std::io::stdout();
    let colour = crate::use_colour(&stdout);
    let mut out = BufWriter::new(stdout.lock());
    let written = match format {
        Format::Human => human::write(&mut out, &files, &report, &read_text, colour),
        Format::Json => json::write(&mut out, &target.root, &report),
        Format::Sarif => sarif::write(&mut out, &target.root, &report),
    }
    .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        // A closed pipe (`quire validate | head`) is the reader's choice, not a failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(error) => return Err(format!("cannot write the report: {error}")),
    }
    let code = if report.count(Severity::Error) > 0 { EXIT_ERRORS } else { 0 };
    // The process ends next: freeing the index and every diagnostic one by
    // one would only delay the exit (about 5% of a 10,000-entry run).
    std::mem::forget(index);
    std::mem::forget(report);
    Ok(code)
}

/// What `--fix` changed and left, before the report of what remains.
fn print_fixes(out: &mut impl Write, root: &Path, fixed: &FixReport) -> std::io::Result<()> {
    let root = display_root(root);
    let file = |path: &str| if root.is_empty() || root == "." { path.to_owned() } else { format!("{root}/{path}") };
    let mut lines = Vec::new();
    for change in &fixed.applied {
        lines.push(format!(
            "fixed {}:{} [{}]: `{}` → `{}`",
            file(&change.path),
            change.line,
            change.code,
            change.before,
            change.after
        ));
    }
    for skipped in &fixed.skipped {
        lines.push(format!(
            "not fixed {}:{} [{}]: {} ({})",
            file(&skipped.path),
            skipped.line,
            skipped.code,
            skipped.description,
            skipped.reason
        ));
    }
    for (path, reason) in &fixed.failed {
        lines.push(format!("could not fix {}: {reason}", file(path)));
    }
    for line in lines {
        writeln!(out, "{}", escape_line(&line))?;
    }
    let count = fixed.applied.len();
    writeln!(
        out,
        "{} applied; validating again\n",
        if count == 1 { "1 fix".to_owned() } else { format!("{count} fixes") }
    )
}

/// A scoped validation's error, with what to do about a folder outside git.
fn scope_error(error: &ScopeError) -> String {
    match error {
        ScopeError::Revisions(RevisionsError::NotInRepository { .. }) => {
            format!("{error}; `--staged` and `--changed` compare versions that only git keeps")
        }
        _ => error.to_string(),
    }
}

/// What to validate: a wiki root, and optionally one entry in it.
struct Target {
    root: PathBuf,
    entry: Option<String>,
}

impl Target {
    /// A folder or nothing names the wiki by [`crate::find_wiki`]'s rule; a
    /// file is an entry of its wiki.
    fn find(path: Option<&Path>) -> Result<Target, String> {
        let path = match path {
            Some(path) if std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_dir()) => path,
            _ => return Ok(Target { root: crate::find_wiki(path)?, entry: None }),
        };
        // An entry file: its wiki is the nearest folder above with a
        // `wiki.toml`, else the folder holding it.
        let absolute = std::path::absolute(path).map_err(|error| error.to_string())?;
        let parent = absolute.parent().ok_or_else(|| format!("`{}` has no folder", path.display()))?;
        let root = parent.ancestors().find(|folder| folder.join(SCHEMA_FILE).is_file()).unwrap_or(parent);
        let relative = absolute.strip_prefix(root).map_err(|error| error.to_string())?;
        let id = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let shown_root = relative_to_current(root);
        Ok(Target { root: shown_root, entry: Some(id) })
    }
}

/// `path` relative to the current folder when it is below it, for output.
fn relative_to_current(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|current| path.strip_prefix(&current).ok().map(Path::to_owned))
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_owned())
}

/// The root as shown in reports: `/`-separated, as given.
pub(crate) fn display_root(root: &Path) -> String {
    root.to_string_lossy().replace('\\', "/")
}

/// A short account of the counts: "8 entries: 1 error, 2 warnings, 1 info".
pub(crate) fn summary(report: &Report) -> String {
    let plural =
        |count: usize, word: &str| if count == 1 { format!("{count} {word}") } else { format!("{count} {word}s") };
    format!(
        "{}: {}, {}, {} info",
        plural(report.entries, "entry").replace("entrys", "entries"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        report.count(Severity::Info)
    )
}
