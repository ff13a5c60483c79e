//! `quire merge-file` on 1 MB entries (issue 16's target: under 50 ms):
//! the merge in process, best of five, for three pairs of edits of one
//! generated 1 MB entry; then the three versions written to
//! `target/merge-file-bench/<case>/` so that the whole command can be timed
//! with hyperfine (the command is printed). Run: `cargo run --release -p
//! quire-bench --example merge_file`.

use std::path::Path;
use std::time::{Duration, Instant};

use quire_bench::diff_pairs::{edit, entry_of_size};
use quire_bench::pathological::find;
use quire_core::{MergeOptions, merge_texts};

fn main() -> std::io::Result<()> {
    let base = entry_of_size(1 << 20, 16);
    let mut cases = vec![
        // A few paragraphs reworded, moved or added on each side.
        ("1m-1pct-each-side", base.clone(), edit(&base, 1, 1), edit(&base, 1, 2)),
        ("1m-10pct-each-side", base.clone(), edit(&base, 10, 3), edit(&base, 10, 4)),
    ];
    // Thousands of sections, one changed on each side (R2's pathology).
    if let Some(pathology) = find("many-sections") {
        let base = pathology.entry(1 << 20);
        let ours = base.replacen("Text with [[Link 1]].", "Text with [[Link 1]] and more.", 1);
        let theirs = base.replacen("Text with [[Link 7]].", "Other text with [[Link 7]].", 1);
        cases.push(("1m-many-sections", base, ours, theirs));
    }
    let options = MergeOptions {
        ours_label: "ours".to_owned(),
        theirs_label: "theirs".to_owned(),
        marker_size: 7,
        markdown: true,
    };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/merge-file-bench");
    for (name, base, ours, theirs) in &cases {
        let mut best = Duration::MAX;
        let mut conflicts = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let outcome = merge_texts(base, ours, theirs, &options);
            best = best.min(started.elapsed());
            conflicts = outcome.text().lines().filter(|line| line.starts_with("<<<<<<< ")).count();
        }
        println!("{name}: {} bytes, merge {best:.2?} in process, {conflicts} conflict blocks", base.len());
        let case = folder.join(name);
        std::fs::create_dir_all(&case)?;
        for (file, text) in [("base.md", base), ("ours.md", ours), ("theirs.md", theirs)] {
            std::fs::write(case.join(file), text)?;
        }
    }
    println!(
        "the whole command: cd {} && hyperfine --warmup 2 --prepare 'cp ours.md current.md' \
         '../../release/quire merge-file current.md base.md theirs.md --path entry.md' (in each case folder)",
        folder.display()
    );
    Ok(())
}
