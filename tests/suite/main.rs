//! Quire's test suite, one binary: the bundled wiki, bad input, CLI runs
//! and properties. The fixture cases are the `cases` binary (`tests/harness`),
//! one test each.

mod bad_input;
mod bundled_wiki;
mod cli;
mod diff_cli;
mod diff_properties;
mod durability;
mod fix_rename;
mod hook;
mod human_output;
mod incremental;
mod interrupted_rename;
mod locate;
mod merge;
mod pathological;
mod properties;
mod revisions;
mod robustness;
mod terminal_safety;
mod validate_git;
mod xss;
