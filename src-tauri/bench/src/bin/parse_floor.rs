//! `quire-parse-floor`: the benchmark floor for `quire validate`.
//!
//! `quire-parse-floor DIR` finds every `*.md` file under DIR (skipping hidden
//! folders), reads it and parses it fully with pulldown-cmark (wiki links,
//! tables and strikethrough on, consuming every event with its byte range
//! from `into_offset_iter`), in parallel with rayon, and prints
//! `files=N events=M`. No validator can be cheaper than reading and parsing
//! the same files; the targets compare `quire validate` against this.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Read and parse every Markdown file under a directory with pulldown-cmark.
#[derive(Debug, Parser)]
#[command(name = "quire-parse-floor", version)]
struct Args {
    /// The wiki's root directory.
    dir: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let run = || -> std::io::Result<quire_bench::floor::FloorStats> {
        let files = quire_bench::files::find_markdown_files(&args.dir)?;
        quire_bench::floor::parse_files(&files)
    };
    match run() {
        Ok(stats) => {
            println!("files={} events={}", stats.files, stats.events);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("quire-parse-floor: {}: {err}", args.dir.display());
            ExitCode::from(2)
        }
    }
}
