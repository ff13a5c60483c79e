//! R2: parse + validate + render time of pathological Markdown at sizes
//! doubling from 64 KiB to 1 MiB, and the growth per doubling.
//!
//! Run: `cargo bench -p quire-bench --bench pathological` (add a name to run
//! some: `-- nested`). After criterion's own report, a table of medians and
//! of the ratio between consecutive sizes is printed and written to
//! `target/criterion/pathological.md`. Target: at most 2.5x per doubling,
//! 1 MiB in under 1 s. Single doublings are noisy on a shared machine;
//! the table's `mean` (geometric, over the four) is the figure to compare.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use quire_bench::pathological::{ALL, process, schema};

const SIZES_KIB: [usize; 5] = [64, 128, 256, 512, 1024];

fn output_directory() -> PathBuf {
    // The bench runs from target/<profile>/deps/.
    let executable = std::env::current_exe().expect("the benchmark's own path");
    let target = executable.ancestors().nth(3).expect("target/<profile>/deps/<exe>").to_owned();
    target.join("criterion")
}

fn bench(criterion: &mut Criterion) {
    let schema = schema();
    for pathology in ALL {
        let mut group = criterion.benchmark_group(pathology.name);
        for kib in SIZES_KIB {
            let text = pathology.entry(kib * 1024);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(format!("{kib}KiB")), &text, |bencher, text| {
                bencher.iter(|| process(text, &schema))
            });
        }
        group.finish();
    }
}

/// The median of one measurement in seconds, if it has been run.
fn median(directory: &Path, name: &str, kib: usize) -> Option<f64> {
    let path = directory.join(name).join(format!("{kib}KiB")).join("new").join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64().map(|nanoseconds| nanoseconds / 1e9)
}

fn shown(seconds: f64) -> String {
    if seconds >= 1.0 { format!("{seconds:.2} s") } else { format!("{:.2} ms", seconds * 1e3) }
}

/// The table of medians and growth per doubling, as Markdown. `mean` is the
/// geometric mean of the doublings (64 KiB to 1 MiB), steadier than any one
/// of them on a busy machine; ⚠ marks a mean above 2.5x or 1 MiB over 1 s.
fn summary(directory: &Path) -> String {
    let mut table = String::from("| input | ");
    table.push_str(&SIZES_KIB.map(|kib| format!("{kib} KiB")).join(" | "));
    table.push_str(" | growth per doubling | mean |\n|---|");
    table.push_str(&"---:|".repeat(SIZES_KIB.len() + 2));
    table.push('\n');
    for pathology in ALL {
        let times: Vec<Option<f64>> = SIZES_KIB.iter().map(|&kib| median(directory, pathology.name, kib)).collect();
        if times.iter().all(Option::is_none) {
            continue;
        }
        let ratios: Vec<f64> = times.windows(2).filter_map(|pair| Some(pair[1]? / pair[0]?)).collect();
        let mean = match (times.first().copied().flatten(), times.last().copied().flatten()) {
            (Some(first), Some(last)) => (last / first).powf(1.0 / (SIZES_KIB.len() - 1) as f64),
            _ => f64::NAN,
        };
        let cells: Vec<String> = times.iter().map(|time| time.map_or("–".to_owned(), shown)).collect();
        let growth: Vec<String> = ratios.iter().map(|ratio| format!("{ratio:.2}")).collect();
        let over = mean > 2.5 || times.last().copied().flatten().is_some_and(|time| time > 1.0);
        table.push_str(&format!(
            "| {} | {} | {} | {mean:.2}x{} |\n",
            pathology.name,
            cells.join(" | "),
            growth.join(", "),
            if over { " ⚠" } else { "" }
        ));
    }
    table
}

fn main() {
    let directory = output_directory();
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .output_directory(&directory)
        .configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    let table = summary(&directory);
    println!("\nParse + validate + render, median per size:\n\n{table}");
    let path = directory.join("pathological.md");
    match std::fs::write(&path, &table) {
        Ok(()) => println!("written to {}", path.display()),
        Err(error) => eprintln!("cannot write {}: {error}", path.display()),
    }
}
