//! `quire validate`'s human format stays linear on pathological entries
//! (RELIABILITY R2, R3): many diagnostics in one file, and many on one long
//! line. The JSON format was linear already; the human one built the whole
//! file's line index for every diagnostic and printed long lines whole.
//! Timing is not asserted: a generous harness limit (10 s) catches the
//! quadratic blow-up (tens of seconds to minutes before), and the size of
//! every output line is counted.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::quire_binary;
use quire_tests::{TODAY, write_file};

/// Only a hang or a blow-up takes this long; a linear run takes well under
/// a second in release and a few in debug.
const HARNESS_LIMIT: Duration = Duration::from_secs(10);

/// No line of the human report is longer than this: a window of a long
/// line, never the line.
const LONGEST_LINE: usize = 400;

/// Runs `quire validate --format human` on `wiki` under the harness limit;
/// returns its standard output. The child is killed at the limit.
fn validate_human(dir: &Path, wiki: &str) -> String {
    let mut child = Command::new(quire_binary())
        .args(["validate", wiki, "--format", "human"])
        .current_dir(dir)
        .env("QUIRE_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > HARNESS_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`quire validate {wiki} --format human` ran past {HARNESS_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    reader.join().unwrap().unwrap()
}

// 20,000 `## Same` sections in one 320 KB entry: 19,999 duplicate-section
// errors, each with its snippet (11.5 s before, linear now).
#[test]
fn many_diagnostics_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# Entry\n\nLead.\n\n{}", "## Same\n\nText.\n\n".repeat(20_000));
    write_file(dir.path(), "wiki/entry.md", &text);
    let report = validate_human(dir.path(), "wiki");
    assert_eq!(report.matches("error[duplicate-section]").count(), 19_999, "{}", &report[..2000.min(report.len())]);
    let last = format!("--> entry.md:{}:4\n", 4 + 4 * 19_999 + 1);
    assert!(report.contains(&last), "the last duplicate is shown at its line");
}

// 12,500 red links on one 212 KB line: each snippet is a window of the line
// around its link, marked `…` where cut (22 s before, with the whole line
// shown for every link).
#[test]
fn many_diagnostics_on_one_long_line() {
    let dir = tempfile::tempdir().unwrap();
    let line = "[[Missing page]] ".repeat(12_500);
    write_file(dir.path(), "wiki/entry.md", &format!("# Entry\n\n{line}\n"));
    let report = validate_human(dir.path(), "wiki");
    assert_eq!(report.matches("warning[broken-link]").count(), 12_500);
    let longest = report.lines().map(str::len).max().unwrap_or(0);
    assert!(longest <= LONGEST_LINE, "a line of {longest} bytes: the long line was printed whole");
    // The 6,000th link: its location is exact, its window starts and ends cut.
    let column = 17 * 5_999 + 1;
    let block = report.split("\n\n").find(|block| block.contains(&format!("--> entry.md:3:{column}\n"))).unwrap();
    let source = block.lines().find(|line| line.starts_with("3 | ")).unwrap();
    assert!(source.starts_with("3 | \u{2026}") && source.ends_with('\u{2026}'), "{block}");
    let caret = block.lines().find(|line| line.contains('^')).unwrap();
    assert_eq!(caret.matches('^').count(), "[[Missing page]]".len(), "{block}");
    let under: String = source.chars().skip(caret.chars().position(|c| c == '^').unwrap()).collect();
    assert!(under.starts_with("[[Missing page]]"), "the caret is under the link: {block}");
}
