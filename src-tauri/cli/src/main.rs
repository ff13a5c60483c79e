//! `quire`: the wiki's checks in a terminal, a git hook or CI.
//!
//! A thin shell over quire-core: it parses arguments, calls the same core
//! functions as the desktop app, and formats what they return. Exit codes
//! follow DESIGN.md: 0 when there is nothing wrong, 1 when there are errors,
//! 2 when the command could not run.

mod diff;
mod explain;
mod hook;
mod log;
mod merge_file;
mod new;
mod output;
mod recover;
mod rename;
mod sync;
mod terminal;
mod validate;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use quire_core::{Date, LocateError, locate_wiki};

// Validating a wiki allocates many small strings from several threads;
// mimalloc handles that pattern markedly better than the system allocator
// (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Quire: checks for a source-disciplined reference wiki.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every entry of a wiki (or one entry) against the rules.
    ///
    /// Exits 0 when there are no errors, 1 when there are, 2 when the check
    /// could not run. With `--staged` or `--changed` the wiki must be in a
    /// git repository.
    Validate {
        /// The wiki folder, or one entry file inside a wiki. Without it: the
        /// nearest folder at or above the current one with a `wiki.toml`,
        /// else `./content`.
        path: Option<PathBuf>,
        /// The wiki folder (the same as PATH).
        #[arg(long, conflicts_with = "path")]
        wiki: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Judge what is staged (git's index), not the working copy: the
        /// staged entries and those whose links they affect, in the wiki as
        /// it would be committed. What the pre-commit hook runs.
        #[arg(long, conflicts_with = "changed")]
        staged: bool,
        /// Report only the entries changed since REV (default `HEAD`): edited,
        /// new (untracked too), deleted or renamed ones, and the entries whose
        /// links they affect. Put PATH before it, or write `--changed=REV`.
        #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = "HEAD")]
        changed: Option<String>,
        /// First apply the fixes that cannot change what an entry says (see
        /// `quire explain heading-level`), print each change, then report
        /// what remains.
        #[arg(long, conflicts_with_all = ["staged", "changed"])]
        fix: bool,
    },
    /// Give an entry a new title: move its file to the new slug and rewrite every link to it.
    ///
    /// OLD is the entry's title, alias, slug or path. Its H1 and front matter
    /// title change; with front matter, the old title is kept as an alias.
    /// `[[Old]]`, `[[Old|text]]`, `[[Old#Section]]` and relative `.md` links
    /// across the wiki are rewritten. All files change or none: nothing is
    /// written when the new file exists or a file changed on disk meanwhile.
    Rename {
        /// The entry: its title, alias, slug or path.
        old: String,
        /// The new title.
        new_title: String,
        /// The wiki folder (found as `quire validate` finds it when not given).
        #[arg(long)]
        wiki: Option<PathBuf>,
    },
    /// Print a rule's documentation: what it checks, why, an example, the fix.
    Explain {
        /// The rule code, such as `broken-link`.
        code: String,
    },
    /// List every rule code with its default severity.
    Rules,
    /// Compare two versions of an entry, section by section and word by word.
    ///
    /// Each side is a file or, as git spells it, `REV:path` (`HEAD~1:content/x.md`;
    /// `:path` is the staged version). With one ENTRY, compares its working copy
    /// with `HEAD`; with `--wiki`, ENTRY may be the entry's id in the wiki
    /// (`kaiming-he.md`). Exits 0 when the two are the same, 1 when they differ,
    /// 2 when the comparison could not run.
    Diff {
        /// The old version (or, alone, the entry to compare with `HEAD`).
        old: String,
        /// The new version.
        new: Option<String>,
        /// The wiki of ENTRY: ENTRY is then its id in that wiki (or a path).
        #[arg(long, conflicts_with = "new")]
        wiki: Option<PathBuf>,
        /// With one ENTRY: compare the staged version with `HEAD`.
        #[arg(long)]
        staged: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Text)]
        format: diff::DiffFormat,
    },
    /// List the commits that touched an entry, newest first, following renames.
    Log {
        /// The entry file; with `--wiki`, its id in the wiki (`kaiming-he.md`) or a path.
        entry: String,
        /// The wiki of ENTRY.
        #[arg(long)]
        wiki: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = log::LogFormat::Text)]
        format: log::LogFormat,
    },
    /// Install or remove the git pre-commit hook and the merge driver for entries.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Bring in the team's work from the remote and send yours: fetch, merge, validate, push.
    ///
    /// Merges with Quire's entry-aware merge (by section, list item and word),
    /// validates the merged wiki as the pre-commit hook would, and pushes; a
    /// push rejected because someone pushed meanwhile is retried after
    /// merging again. Exits 0 when synced, 1 when conflicts or errors stop
    /// the merge (it is left in progress: resolve, then `--continue`, or
    /// `--abort`), 2 when it could not run (network, credentials, no remote).
    Sync {
        /// The wiki folder (found as `quire validate` finds it when not given).
        #[arg(long)]
        wiki: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = sync::SyncFormat::Text)]
        format: sync::SyncFormat,
        /// Rebase your commits onto the remote's instead of merging.
        #[arg(long)]
        rebase: bool,
        /// Commit what is staged with this message first.
        #[arg(long, short = 'm', value_name = "MESSAGE")]
        message: Option<String>,
        /// Finish a sync stopped by conflicts or errors, once they are resolved.
        #[arg(long = "continue", conflicts_with_all = ["abort", "message"])]
        resume: bool,
        /// Undo a stopped sync: commits, staged changes and files as before it.
        #[arg(long, conflicts_with_all = ["message", "rebase"])]
        abort: bool,
    },
    /// Merge two changes to an entry into CURRENT, by section, list item and word (git's merge driver).
    ///
    /// Arguments in `git merge-file`'s order: CURRENT holds one side and
    /// receives the result, BASE is the common ancestor, OTHER the other
    /// side. Conflicts are confined to a paragraph, list item or front
    /// matter key, between markers naming the section. A file that is not
    /// Markdown is merged by lines. Exits 0 when clean, 1 when conflicts
    /// remain, 2 when the merge could not run.
    MergeFile {
        /// Our version; the merge is written here.
        current: PathBuf,
        /// The common ancestor.
        base: PathBuf,
        /// Their version.
        other: PathBuf,
        /// The file's path in the repository: named in messages, and its
        /// extension tells whether it is merged as Markdown (git's `%P`).
        #[arg(long)]
        path: Option<PathBuf>,
        /// How many `<`, `=` and `>` a conflict marker has (git's `%L`).
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u16).range(1..))]
        marker_size: u16,
    },
    /// Write a new entry from its kind's skeleton.
    New {
        /// The new entry's title.
        title: String,
        /// The kind of entry, as defined in the wiki's `wiki.toml`.
        #[arg(long)]
        kind: Option<String>,
        /// The wiki folder (found as `quire validate` finds it when not given).
        #[arg(long)]
        wiki: Option<PathBuf>,
        /// A subfolder of the wiki to put the entry in, such as `people`.
        #[arg(long)]
        folder: Option<String>,
    },
}

/// What `quire hook` does.
#[derive(Debug, Subcommand)]
enum HookAction {
    /// Write a pre-commit hook that blocks commits whose staged entries have
    /// errors, and set up `quire merge-file` as git's merge driver for entries.
    ///
    /// Honours `core.hooksPath`. Running it twice changes nothing. An existing
    /// hook that is not Quire's is moved to `pre-commit.quire-chained` and run
    /// first. The hook calls this `quire` executable by its absolute path, or
    /// `quire` on `PATH` when that file is gone. The driver: `<wiki>/**/*.md
    /// merge=quire` in the top-level `.gitattributes` (commit it) and
    /// `merge.quire.driver` in this clone's git config.
    Install {
        /// The wiki folder the hook validates (found as `quire validate` finds
        /// it when not given).
        #[arg(long)]
        wiki: Option<PathBuf>,
    },
    /// Remove Quire's pre-commit hook and merge driver; put back the hook it chained, if any.
    Uninstall {
        /// The wiki folder (any folder of the repository will do).
        #[arg(long)]
        wiki: Option<PathBuf>,
    },
}

/// How `quire validate` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style text for people.
    Human,
    /// The JSON contract of DESIGN.md.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// Exit codes, as DESIGN.md promises them.
const EXIT_ERRORS: u8 = 1;
const EXIT_COULD_NOT_RUN: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version are ours; an error quotes the arguments, which
        // may be file names written by anyone: escaped like all output.
        Err(error) if error.use_stderr() => {
            eprint!("{}", terminal::escape(&error.render().to_string()));
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        Err(error) => error.exit(),
    };
    let result = match cli.command {
        Command::Validate { path, wiki, format, staged, changed, fix } => {
            let scope = match (staged, changed) {
                (true, _) => validate::Scope::Staged,
                (false, Some(revision)) => validate::Scope::ChangedSince(revision),
                (false, None) => validate::Scope::All,
            };
            validate::run(path.or(wiki).as_deref(), format, &scope, fix, today())
        }
        Command::Explain { code } => explain::explain(&code),
        Command::Rules => explain::list(),
        Command::Diff { old, new, wiki, staged, format } => {
            entry_argument(&old, wiki.as_deref()).and_then(|old| diff::run(&old, new.as_deref(), staged, format))
        }
        Command::Log { entry, wiki, format } => {
            entry_argument(&entry, wiki.as_deref()).and_then(|entry| log::run(Path::new(&entry), format))
        }
        Command::Rename { old, new_title, wiki } => {
            find_wiki(wiki.as_deref()).and_then(|wiki| rename::run(&wiki, &old, &new_title))
        }
        Command::Hook { action: HookAction::Install { wiki } } => {
            find_wiki(wiki.as_deref()).and_then(|wiki| hook::install(&wiki))
        }
        Command::Hook { action: HookAction::Uninstall { wiki } } => {
            // Uninstalling needs only the repository: from a folder where no
            // wiki is found, the current folder names it.
            let wiki = match wiki {
                Some(wiki) => find_wiki(Some(&wiki)),
                None => Ok(find_wiki(None).unwrap_or_else(|_| PathBuf::from("."))),
            };
            wiki.and_then(|wiki| hook::uninstall(&wiki))
        }
        Command::Sync { wiki, format, rebase, message, resume, abort } => {
            let action = match (resume, abort) {
                (true, _) => sync::Action::Continue,
                (_, true) => sync::Action::Abort,
                _ => sync::Action::Sync,
            };
            find_wiki(wiki.as_deref()).and_then(|wiki| sync::run(&wiki, action, format, rebase, message, today()))
        }
        Command::MergeFile { current, base, other, path, marker_size } => {
            merge_file::run(&current, &base, &other, path.as_deref(), marker_size)
        }
        Command::New { title, kind, wiki, folder } => find_wiki(wiki.as_deref())
            .and_then(|wiki| new::run(&title, kind.as_deref(), &wiki, folder.as_deref(), today())),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            let prefix = if use_colour(&std::io::stderr()) { "\x1b[1;31merror\x1b[0m" } else { "error" };
            eprintln!("{prefix}: {}", terminal::escape(&message));
            ExitCode::from(EXIT_COULD_NOT_RUN)
        }
    }
}

/// The wiki folder by quire-core's rule ([`locate_wiki`]), from the current
/// folder: `explicit`, else the nearest folder at or above with a
/// `wiki.toml`, else `./content`.
fn find_wiki(explicit: Option<&Path>) -> Result<PathBuf, String> {
    let current = std::env::current_dir().map_err(|error| format!("cannot read the current folder: {error}"))?;
    match locate_wiki(&current, explicit) {
        Ok(location) => Ok(location.root),
        Err(error @ LocateError::NotFound { .. }) => {
            Err(format!("{error}; run `quire` inside a wiki, or name it with `--wiki PATH`"))
        }
        Err(error) => Err(error.to_string()),
    }
}

/// ENTRY of `quire log` and `quire diff`: a path; with `--wiki`, its id in
/// that wiki (`kaiming-he.md`, `people/x.md`), or a path from the current
/// folder when the wiki has no such file and that path exists. An id that
/// is nowhere on disk stays an id: a deleted entry is still in git.
fn entry_argument(entry: &str, wiki: Option<&Path>) -> Result<String, String> {
    let Some(wiki) = wiki else { return Ok(entry.to_owned()) };
    let in_wiki = find_wiki(Some(wiki))?.join(entry);
    if in_wiki.exists() || !Path::new(entry).exists() {
        Ok(in_wiki.to_string_lossy().into_owned())
    } else {
        Ok(entry.to_owned())
    }
}

/// Today's date; `QUIRE_TODAY=YYYY-MM-DD` pins it for reproducible runs.
fn today() -> Date {
    std::env::var("QUIRE_TODAY").ok().and_then(|text| Date::parse(&text)).unwrap_or_else(Date::today)
}

/// Colour on a terminal only, and never when `NO_COLOR` is set.
fn use_colour(stream: &impl IsTerminal) -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()) {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|value| value != "0") {
        return true;
    }
    stream.is_terminal()
}
