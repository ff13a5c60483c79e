//! Benchmark tooling for Quire.
//!
//! - [`generate`]: a deterministic generator of realistic wikis shaped like the
//!   seed entry (used by the `quire-gen-wiki` binary);
//! - [`diff_pairs`]: entry versions of a chosen size and share of changes,
//!   for the diff benchmarks (`benches/diff.rs`, `quire-gen-diff-pairs`);
//! - [`files`]: finding the Markdown entries of a wiki the way Quire does;
//! - [`floor`]: the "parse floor", reading and fully parsing every entry with
//!   pulldown-cmark alone (used by the `quire-parse-floor` binary);
//! - [`pathological`]: hostile Markdown for the R2 test and benchmark.

pub mod diff_pairs;
pub mod files;
pub mod floor;
pub mod generate;
pub mod pathological;
pub mod rng;
#[rustfmt::skip]
mod words;
