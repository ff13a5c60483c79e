//! What the backend does on each keystroke (`analyze_entry`): parse the
//! draft, validate it against the index, render its page. Rendering is
//! measured twice: every part afresh (as before the render cache) and
//! through `RenderCache` with one part changed since the last render, as
//! when someone types. Entries of 20 KB (typical) and 200 KB, shaped like
//! the seed entry (BENCHMARKS.md, "The desktop app").
//!
//! `cargo bench -p quire-bench --bench keystroke`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use quire_bench::diff_pairs::entry_of_size;
use quire_core::{
    Date, Entry, Index, IndexedEntry, RenderCache, Schema, render_entry, render_entry_cached, validate_entry,
};

const ID: &str = "entry.md";

/// `text` and the same text with one character typed in its middle section.
fn typing(text: &str) -> [String; 2] {
    let entry = Entry::parse(text);
    let middle = &entry.sections()[entry.sections().len() / 2];
    let mut typed = text.to_owned();
    typed.insert(middle.span.end - 1, 'x');
    [text.to_owned(), typed]
}

fn keystroke(c: &mut Criterion) {
    let schema_text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/wiki.toml"))
        .expect("the bundled wiki.toml");
    let (schema, _) = Schema::parse(&schema_text, "wiki.toml");
    let today = Date::new(2026, 11, 29).expect("a date");
    let mut group = c.benchmark_group("keystroke");
    group.sample_size(30);
    for (name, bytes) in [("20 KB", 20 * 1024), ("200 KB", 200 * 1024)] {
        let texts = typing(&entry_of_size(bytes, 1));
        let mut index = Index::new();
        index.upsert(IndexedEntry::new(ID, &Entry::parse(&texts[0])));
        group.bench_function(BenchmarkId::new("parse + validate", name), |b| {
            b.iter(|| {
                let entry = Entry::parse(&texts[1]);
                validate_entry(ID, &entry, &schema, &index, today)
            })
        });
        let entries = texts.clone().map(|text| Entry::parse(&text));
        group.bench_function(BenchmarkId::new("render, every part", name), |b| {
            b.iter(|| render_entry(ID, &entries[1], &index))
        });
        let mut cache = RenderCache::default();
        let mut turn = 0;
        group.bench_function(BenchmarkId::new("render, one part changed (cache)", name), |b| {
            b.iter(|| {
                turn ^= 1;
                render_entry_cached(ID, &entries[turn], &index, &mut cache)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
