//! Three-way merge of an entry with many sections (R2): `merge3` of the
//! `many-sections` pathology at 1 to 8 MB, one section changed on each
//! side, best of three runs. Run: `cargo run --release -p quire-bench
//! --example merge_sections`.

use std::time::{Duration, Instant};

use quire_bench::pathological::find;

fn main() {
    let Some(pathology) = find("many-sections") else { return };
    for bytes in [1 << 20, 2 << 20, 4 << 20, 8_000_000] {
        let base = pathology.entry(bytes);
        let ours = base.replacen("Text with [[Link 1]].", "Text with [[Link 1]] and more.", 1);
        let theirs = base.replacen("Text with [[Link 7]].", "Other text with [[Link 7]].", 1);
        let mut best = Duration::MAX;
        let mut clean = false;
        for _ in 0..3 {
            let started = Instant::now();
            clean = quire_core::merge3(&base, &ours, &theirs).is_clean();
            best = best.min(started.elapsed());
        }
        let sections = base.matches("\n## ").count();
        println!("{} bytes, {sections} sections: {best:.2?} (clean: {clean})", base.len());
    }
}
