//! Quire's test suite, one binary: fixture cases, the bundled wiki, bad
//! input, CLI runs and properties.

mod bad_input;
mod bundled_wiki;
mod cli;
mod durability;
mod incremental;
mod merge;
mod properties;
mod robustness;
mod validate_cases;
mod xss;
