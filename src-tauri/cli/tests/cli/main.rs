//! The `quire` command run as users and git hooks run it: real files, real
//! git repositories, the binary cargo built for these tests
//! (`CARGO_BIN_EXE_quire`, never a stale one). Support shared with the
//! other suites is `quire-tests` (`tests/support`).

mod commands;
mod diff_cli;
mod fix_rename;
mod hook;
mod human_output;
mod interrupted_rename;
mod locate;
mod merge_driver;
mod merge_file;
mod pathological;
mod simulation;
mod sync;
mod terminal_safety;
mod validate_git;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The `quire` binary of this build.
pub(crate) fn quire_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_quire"))
}

/// Runs `quire` with `args` in `dir`, with the fixed date and no colour.
pub(crate) fn run_quire(dir: &Path, args: &[&str]) -> Output {
    quire_tests::run_binary(&quire_binary(), dir, args)
}
