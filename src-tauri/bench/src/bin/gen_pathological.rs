//! `quire-gen-pathological`: writes a wiki holding one pathological entry
//! (R2, R3), for measuring `quire validate` and `quire diff` on it.
//!
//! `quire-gen-pathological NAME BYTES OUT_DIR [--changed]` writes
//! `OUT_DIR/wiki.toml` (the bundled schema) and `OUT_DIR/pathological.md`,
//! about BYTES long; `--changed` writes the second version that the diff
//! cases compare against the first. `--list` prints the names.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use quire_bench::pathological::{ALL, find, write_wiki};

/// Write a wiki holding one pathological entry.
#[derive(Debug, Parser)]
#[command(name = "quire-gen-pathological", version)]
struct Args {
    /// Print the name of every pathology and stop.
    #[arg(long)]
    list: bool,
    /// Write the changed version (for `quire diff`).
    #[arg(long)]
    changed: bool,
    /// The pathology's name.
    #[arg(required_unless_present = "list")]
    name: Option<String>,
    /// The entry's size in bytes (about).
    #[arg(required_unless_present = "list")]
    bytes: Option<usize>,
    /// Directory to write into (created when missing).
    #[arg(required_unless_present = "list")]
    out_dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.list {
        for pathology in ALL {
            println!("{}", pathology.name);
        }
        return ExitCode::SUCCESS;
    }
    let (Some(name), Some(bytes), Some(out_dir)) = (args.name, args.bytes, args.out_dir) else {
        return ExitCode::from(2);
    };
    let Some(pathology) = find(&name) else {
        eprintln!("quire-gen-pathological: no pathology is called `{name}` (see `--list`)");
        return ExitCode::from(2);
    };
    match write_wiki(&out_dir, pathology, bytes, args.changed) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("quire-gen-pathological: {}: {error}", out_dir.display());
            ExitCode::from(2)
        }
    }
}
