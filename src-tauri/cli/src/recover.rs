//! Finishing what a killed `quire` or app left half-done in a wiki.

use std::path::Path;

use quire_core::IntentLog;

/// Completes or undoes every multi-file change (a rename) to the wiki at
/// `root` that a killed process left unfinished, and says so on standard
/// error. Without a data folder there can be no record to finish.
pub(crate) fn recover(root: &Path) {
    let Some(log) = IntentLog::find_default() else { return };
    for recovery in log.recover(root) {
        eprintln!("note: {}", crate::terminal::escape_line(&recovery.to_string()));
    }
}
