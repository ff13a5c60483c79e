//! `quire merge-file CURRENT BASE OTHER [--path P] [--marker-size N]`: the
//! entry-aware three-way merge, in `git merge-file`'s argument order, and
//! git's merge driver (`quire hook install` sets it up).
//!
//! The result goes into CURRENT, in place (git reads the driver's result
//! from that file). Exit 0 when clean, 1 when conflicts remain between
//! markers, 2 when the merge could not run (CURRENT is then untouched). A
//! file that is not Markdown (by the name `--path` gives, else CURRENT's)
//! is merged by lines, as git would. A version that is not UTF-8 is merged
//! by `git merge-file` on its bytes: a driver that gave up would leave git
//! with our side alone and no markers, and the other side's edits would be
//! one `git add` from lost.

use std::fs;
use std::path::Path;
use std::process::Command;

use quire_core::{MergeOptions, MergeOutcome, merge_texts};

use crate::terminal::escape_line;

/// Merges into `current` the changes from `base` to `other`.
pub(crate) fn run(
    current: &Path,
    base: &Path,
    other: &Path,
    path: Option<&Path>,
    marker_size: u16,
) -> Result<u8, String> {
    // Git hands the driver temporary files: messages name the entry by
    // `--path`, and which version is meant.
    let shown = path.unwrap_or(current);
    let read = |file: &Path, version: &str| {
        read_text(file, &format!("`{}` ({version}, `{}`)", shown.display(), file.display()))
    };
    let versions = (read(current, "ours")?, read(base, "base")?, read(other, "theirs")?);
    let (ours, ancestor, theirs) = match versions {
        (Ok(ours), Ok(ancestor), Ok(theirs)) => (ours, ancestor, theirs),
        (ours, ancestor, theirs) => {
            let reason = [ours, ancestor, theirs].into_iter().find_map(Result::err).unwrap_or_default();
            return merge_bytes(current, base, other, marker_size, &reason);
        }
    };
    let options = MergeOptions {
        ours_label: "ours".to_owned(),
        theirs_label: "theirs".to_owned(),
        marker_size: usize::from(marker_size),
        markdown: is_markdown(shown),
    };
    let outcome = merge_texts(&ancestor, &ours, &theirs, &options);
    fs::write(current, outcome.text()).map_err(|error| format!("cannot write `{}`: {error}", current.display()))?;
    match outcome {
        MergeOutcome::Clean(_) => Ok(0),
        MergeOutcome::Conflicted { conflicts, .. } => {
            let plural = if conflicts == 1 { "" } else { "s" };
            eprintln!(
                "{}",
                escape_line(&format!("`{}`: {conflicts} conflict{plural} left between markers", shown.display()))
            );
            Ok(1)
        }
    }
}

/// Whether a file is merged as an entry: `.md` and `.markdown` files.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown"))
}

/// A version's text, or why it is not UTF-8 (named by line and offset);
/// `Err` when the file cannot be read at all.
fn read_text(file: &Path, named: &str) -> Result<Result<String, String>, String> {
    let bytes = fs::read(file).map_err(|error| format!("cannot read {named}: {error}"))?;
    Ok(String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..offset].iter().filter(|&&byte| byte == b'\n').count() + 1;
        format!("{named} is not UTF-8 text (line {line}, byte {offset})")
    }))
}

/// Merges the three versions' bytes by lines with `git merge-file`, which
/// writes into `current` and exits with the number of conflicts.
fn merge_bytes(current: &Path, base: &Path, other: &Path, marker_size: u16, reason: &str) -> Result<u8, String> {
    eprintln!("{}", escape_line(&format!("{reason}; merged by lines with `git merge-file`")));
    let status = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(format!("--marker-size={marker_size}"))
        .args([current, base, other])
        .status()
        .map_err(|error| format!("{reason}, and `git merge-file` could not run: {error}; nothing was merged"))?;
    match status.code() {
        Some(0) => Ok(0),
        Some(1..=127) => Ok(1),
        _ => Err(format!("{reason}, and `git merge-file` failed ({status}); nothing was merged")),
    }
}
