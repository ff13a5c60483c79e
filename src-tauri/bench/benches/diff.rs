//! The time `quire_core::diff_texts` takes on entries of 10 KB, 100 KB and
//! 1 MB with 1%, 10% and 50% of their paragraphs changed (BENCHMARKS.md,
//! "Diff"; DESIGN.md's target: a 1 MB entry under 100 ms).
//!
//! `cargo bench -p quire-bench --bench diff`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use quire_bench::diff_pairs::{CHANGES, SIZES, edit, entry_of_size};

fn diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(20);
    for (name, bytes) in SIZES {
        let old = entry_of_size(bytes, 1);
        for percent in CHANGES {
            let new = edit(&old, percent, u64::from(percent));
            group.throughput(Throughput::Bytes((old.len() + new.len()) as u64));
            group.bench_with_input(BenchmarkId::new(name, format!("{percent}%")), &(&old, &new), |b, (old, new)| {
                b.iter(|| quire_core::diff_texts("old", old, "new", new))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
