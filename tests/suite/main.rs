//! Quire's test suite, one binary: the bundled wiki, bad input, durability
//! and properties. The fixture cases are the `cases` binary
//! (`tests/harness`), one test each; the runs of the `quire` command are
//! quire-cli's `cli` test (`src-tauri/cli/tests/cli`), which cargo hands
//! the binary it built.

mod bad_input;
mod bundled_wiki;
mod diff_properties;
mod durability;
mod incremental;
mod merge;
mod merge_entries;
mod properties;
mod revisions;
mod robustness;
mod xss;
