//! The fixture cases, one test each: every folder under
//! `tests/cases/validate/<code>/`, `tests/cases/diff/` and `tests/cases/merge/` is a test named by
//! its path, so one case runs alone:
//!
//! ```sh
//! cargo test -p quire-tests --test cases -- validate/broken-link/fires-on-missing-entry
//! ```
//!
//! Beside the cases, one test per folder checks that the set of cases is
//! whole (every rule fires and passes somewhere, every section status has a
//! case). Rewrite the expected files with `QUIRE_BLESS=1 cargo test -p
//! quire-tests --test cases` and review the diff.

mod diff;
mod merge;
mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Trial};
use snapbox::assert::Action;
use snapbox::data::DataFormat;
use snapbox::{Assert, Data};

fn main() {
    let arguments = Arguments::from_args();
    let mut trials = validate::trials();
    trials.extend(diff::trials());
    trials.extend(merge::trials());
    libtest_mimic::run(&arguments, trials).exit();
}

/// The folders directly inside `folder`, sorted; none when it cannot be read.
fn case_folders(folder: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// A folder's own name.
fn folder_name(folder: &Path) -> &str {
    folder.file_name().and_then(|name| name.to_str()).unwrap_or_default()
}

/// A trial named `name` whose `Err` is the failure message.
fn trial(name: String, test: impl FnOnce() -> Result<(), String> + Send + 'static) -> Trial {
    Trial::test(name, move || test().map_err(Into::into))
}

/// Compares `actual` with the expected file at `path`, or rewrites the file
/// when blessing (`QUIRE_BLESS=1`). A mismatch reads as a line diff.
fn check_expected(path: &Path, actual: String) -> Result<(), String> {
    let blessing = std::env::var_os("QUIRE_BLESS").is_some_and(|value| value != "0");
    let action = if blessing { Action::Overwrite } else { Action::Verify };
    // Raw text: the bytes are the contract, so none of snapbox's wildcards,
    // path rewriting or JSON reading applies; only line endings are normalised.
    let expected = Data::read_from(path, Some(DataFormat::Text)).raw();
    Assert::new()
        .action(action)
        .normalize_paths(false)
        .try_eq(Some(&"actual"), Data::text(actual), expected)
        .map_err(|difference| format!("{difference}\nrun with QUIRE_BLESS=1 to accept, then review the diff"))
}
