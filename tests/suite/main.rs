//! Quire's test suite, one binary: fixture cases, the bundled wiki, bad
//! input, CLI runs and properties.

mod bad_input;
mod bundled_wiki;
mod cli;
mod diff_cases;
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
mod validate_cases;
mod validate_git;
mod xss;
