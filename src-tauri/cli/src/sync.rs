//! `quire sync`: fetch, integrate with Quire's merge driver, validate and
//! push, for scripts, bots and terminals (the app's Sync button does the same).

use std::io::{IsTerminal, Write};
use std::path::Path;

use quire_core::{Date, Progress, SyncError, SyncOptions, SyncOutcome, SyncReport};
use serde::Serialize;

use crate::terminal::escape_line;

/// How `quire sync` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SyncFormat {
    /// Lines for people.
    Text,
    /// One JSON object (README, "quire sync --format json").
    Json,
}

/// What `quire sync` was asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// A sync.
    Sync,
    /// Finish a sync that stopped on conflicts or errors.
    Continue,
    /// Undo a sync that stopped.
    Abort,
}

/// The JSON document: the report, or the reason it could not run.
#[derive(Serialize)]
struct JsonSync<'a> {
    version: u32,
    #[serde(flatten)]
    report: &'a SyncReport,
}

#[derive(Serialize)]
struct JsonFailure<'a> {
    version: u32,
    outcome: &'static str,
    error: JsonError<'a>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    kind: &'static str,
    message: &'a str,
}

/// Runs the sync of the clone holding `wiki`. Returns the exit code: 0
/// synced (or nothing to do), 1 stopped by conflicts or errors.
pub(crate) fn run(
    wiki: &Path,
    action: Action,
    format: SyncFormat,
    rebase: bool,
    message: Option<String>,
    today: Date,
) -> Result<u8, String> {
    let options = SyncOptions {
        rebase,
        askpass: None,
        merge_driver: std::env::current_exe().ok(),
        message,
        attempts: quire_core::DEFAULT_ATTEMPTS,
        today,
    };
    let show_progress = format == SyncFormat::Text && std::io::stderr().is_terminal();
    let mut progress = |progress: &Progress| {
        if show_progress {
            let percent = progress.percent.map(|percent| format!(" {percent}%")).unwrap_or_default();
            eprint!("\r\x1b[2K{}{percent}", escape_line(&progress.phase));
        }
    };
    if action == Action::Abort {
        return match quire_core::abort_sync(wiki) {
            Ok(()) => {
                match format {
                    SyncFormat::Json => println!("{{\"version\":1,\"outcome\":\"aborted\"}}"),
                    SyncFormat::Text => println!("Aborted: commits, staged changes and files are as before the sync."),
                }
                Ok(0)
            }
            Err(error) => fail(format, &error),
        };
    }
    let result = match action {
        Action::Continue => quire_core::resume_sync(wiki, &options, &mut progress),
        _ => quire_core::sync(wiki, &options, &mut progress),
    };
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    let report = match result {
        Ok(report) => report,
        Err(error) => return fail(format, &error),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        SyncFormat::Json => serde_json::to_writer(&mut out, &JsonSync { version: 1, report: &report })
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        SyncFormat::Text => write_text(&mut out, &report),
    };
    match written {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(error) => return Err(format!("cannot write the report: {error}")),
    }
    Ok(match report.outcome {
        SyncOutcome::UpToDate | SyncOutcome::Synced => 0,
        SyncOutcome::Conflicts | SyncOutcome::Invalid => 1,
    })
}

/// A sync that could not run: exit 2, with the reason on standard error
/// (and, for JSON, also as a JSON object on standard output).
fn fail(format: SyncFormat, error: &SyncError) -> Result<u8, String> {
    let message = error.to_string();
    if format == SyncFormat::Json {
        let document =
            JsonFailure { version: 1, outcome: "error", error: JsonError { kind: error.kind(), message: &message } };
        if let Ok(text) = serde_json::to_string(&document) {
            println!("{text}");
        }
    }
    Err(message)
}

fn write_text(out: &mut impl Write, report: &SyncReport) -> std::io::Result<()> {
    if let Some(commit) = &report.committed {
        writeln!(out, "Committed what was staged as {}.", short(commit))?;
    }
    if !report.incoming.is_empty() {
        let count = report.incoming.len();
        writeln!(out, "Incoming from {}: {count} commit{}", escape_line(&report.upstream), plural(count))?;
        for commit in &report.incoming {
            writeln!(
                out,
                "  {} {}: {}",
                short(&commit.commit),
                escape_line(&commit.author),
                escape_line(&commit.summary)
            )?;
        }
    }
    match report.outcome {
        SyncOutcome::UpToDate => writeln!(out, "Up to date with {}.", escape_line(&report.upstream)),
        SyncOutcome::Synced => {
            if report.integrated {
                writeln!(out, "Integrated {}.", escape_line(&report.upstream))?;
            }
            if report.pushed > 0 {
                writeln!(
                    out,
                    "Pushed {} commit{} to {}.",
                    report.pushed,
                    plural(report.pushed),
                    escape_line(&report.upstream)
                )?;
            }
            writeln!(out, "Synced.")
        }
        SyncOutcome::Conflicts => {
            writeln!(out, "Conflicts stopped the merge of {}:", escape_line(&report.upstream))?;
            for file in &report.conflicts {
                writeln!(out, "  {}: {}", escape_line(&file.path), escape_line(&file.sections.join(", ")))?;
            }
            writeln!(out, "Resolve them in the files, then run `quire sync --continue`; or `quire sync --abort`.")
        }
        SyncOutcome::Invalid => {
            writeln!(
                out,
                "The merge of {} is clean but has errors; it is not committed:",
                escape_line(&report.upstream)
            )?;
            for problem in &report.problems {
                writeln!(
                    out,
                    "  {}:{}: {} [{}]",
                    escape_line(&problem.path),
                    problem.line,
                    escape_line(&problem.message),
                    problem.code
                )?;
            }
            writeln!(
                out,
                "Fix them, stage the fixes (`git add`), then run `quire sync --continue`; or `quire sync --abort`."
            )
        }
    }
}

fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
