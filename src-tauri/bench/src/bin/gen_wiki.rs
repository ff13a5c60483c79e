//! `quire-gen-wiki`: writes a deterministic, realistic Quire wiki for
//! benchmarks.
//!
//! `quire-gen-wiki --entries N --seed S OUT_DIR` writes `OUT_DIR/wiki.toml`
//! and N entries shaped like the seed entry (about 13 KB each), about a fifth
//! of them in `people/` and `organizations/`. The same arguments always give
//! byte-identical output. Entries are valid per the schema; about 5% of
//! Related Pages links are red links, so a validator reports warnings only.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

/// Write a deterministic, realistic wiki for benchmarks.
#[derive(Debug, Parser)]
#[command(name = "quire-gen-wiki", version)]
struct Args {
    /// Number of entries to generate.
    #[arg(long, default_value_t = 1000)]
    entries: usize,
    /// Seed of the generator: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to write into (created; must be empty if it exists).
    out_dir: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    match quire_bench::generate::write_wiki(&args.out_dir, args.entries, args.seed) {
        Ok(summary) => {
            let average = summary.bytes / (summary.entries.max(1) as u64);
            eprintln!(
                "wrote {} entries ({} bytes, {} bytes on average) to {} in {:.2?}",
                summary.entries,
                summary.bytes,
                average,
                args.out_dir.display(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("quire-gen-wiki: {}: {err}", args.out_dir.display());
            ExitCode::from(2)
        }
    }
}
