//! `quire-gen-diff-pairs OUT_DIR`: writes the entry pairs of BENCHMARKS.md,
//! "Diff": `OUT_DIR/<size>-<percent>/{old.md,new.md}` for sizes 10k, 100k
//! and 1m and 1%, 10% and 50% of paragraphs changed. Deterministic.

use std::path::PathBuf;
use std::process::ExitCode;

use quire_bench::diff_pairs::{CHANGES, SIZES, edit, entry_of_size};

fn main() -> ExitCode {
    let Some(out_dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: quire-gen-diff-pairs OUT_DIR");
        return ExitCode::from(2);
    };
    for (name, bytes) in SIZES {
        let old = entry_of_size(bytes, 1);
        for percent in CHANGES {
            let folder = out_dir.join(format!("{name}-{percent}"));
            let written = std::fs::create_dir_all(&folder)
                .and_then(|()| std::fs::write(folder.join("old.md"), &old))
                .and_then(|()| std::fs::write(folder.join("new.md"), edit(&old, percent, u64::from(percent))));
            if let Err(error) = written {
                eprintln!("error: cannot write {}: {error}", folder.display());
                return ExitCode::from(2);
            }
            eprintln!("{}: {} bytes", folder.display(), old.len());
        }
    }
    ExitCode::SUCCESS
}
