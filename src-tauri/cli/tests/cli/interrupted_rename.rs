//! D7: `quire rename` across 3,000 files, killed with SIGKILL at many points
//! of its work. The next start of `quire` completes or undoes it: the tree is
//! then byte-identical to all-old or all-new, with no stray file in the wiki
//! and no record left in the data folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::quire_binary;
use quire_tests::tree_snapshot;

/// How many entries link to the one renamed.
const LINKING: usize = 3000;

/// A wiki where every entry links to `Target`, some from a subfolder.
fn write_wiki(root: &Path) {
    fs::create_dir_all(root.join("people")).unwrap();
    fs::write(root.join("target.md"), "---\ntitle: Target\n---\n\n# Target\n\nThe entry renamed.\n").unwrap();
    for number in 0..LINKING {
        let id = if number % 10 == 0 { format!("people/p{number}.md") } else { format!("e{number}.md") };
        let text = format!("# E{number}\n\nSee [[Target]] and [[target|it]].\n\n## Related Pages\n\n- [[Target]]\n");
        fs::write(root.join(id), text).unwrap();
    }
}

/// `quire` with its data folder (where intent records live) in `data`.
fn quire(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(quire_binary());
    command.args(args).env("XDG_DATA_HOME", data).env("NO_COLOR", "1").env("QUIRE_TODAY", "2026-06-16");
    command
}

fn count_names(folder: &Path, prefix: &str) -> usize {
    count_matching(folder, |name| name.starts_with(prefix))
}

fn count_matching(folder: &Path, matches: impl Fn(&str) -> bool) -> usize {
    fs::read_dir(folder)
        .map(|listing| listing.flatten().filter(|item| matches(&item.file_name().to_string_lossy())).count())
        .unwrap_or(0)
}

/// When to kill the rename: once the folder shows this much progress.
#[derive(Clone, Copy, Debug)]
enum Point {
    /// The intent record is written.
    Recorded,
    /// This many new texts are written beside their targets (counting
    /// those already put in place, whose backups stand in for them).
    Temporaries(usize),
    /// This many files are replaced (each leaves a backup until the end).
    Replaced(usize),
}

fn reached(point: Point, root: &Path, intents: &Path) -> bool {
    match point {
        Point::Recorded => count_matching(intents, |name| name.ends_with(".json")) > 0,
        Point::Temporaries(count) => count_names(root, ".quire-") >= count,
        Point::Replaced(count) => count_names(root, ".quire-backup-") >= count,
    }
}

// A rename killed at any point must not leave a wiki where some links name
// the new title and some the old, nor hidden files that show in `git status`.
#[test]
fn a_rename_killed_anywhere_is_completed_or_undone_at_the_next_start() {
    let work = tempfile::tempdir().unwrap();
    let all_old = work.path().join("old");
    write_wiki(&all_old);
    let old_snapshot = tree_snapshot(&all_old);
    let all_new = work.path().join("new");
    write_wiki(&all_new);
    let data = work.path().join("data");
    let done = quire(&data, &["rename", "Target", "New Target", "--wiki", all_new.to_str().unwrap()]).output().unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let new_snapshot = tree_snapshot(&all_new);
    assert!(new_snapshot.iter().any(|(name, _)| name == "new-target.md"));

    let points = [
        Point::Recorded,
        Point::Temporaries(LINKING / 3),
        Point::Temporaries(LINKING - 1),
        Point::Replaced(1),
        Point::Replaced(LINKING / 3),
        Point::Replaced(LINKING * 2 / 3),
    ];
    let mut outcomes = Vec::new();
    for (run, point) in points.into_iter().enumerate() {
        let root: PathBuf = work.path().join(format!("run{run}"));
        write_wiki(&root);
        let data = work.path().join(format!("data{run}"));
        let intents = data.join("org.quire.desktop/intents");
        let mut child = quire(&data, &["rename", "Target", "New Target", "--wiki", root.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let mut killed_midway = false;
        while started.elapsed() < Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if reached(point, &root, &intents) {
                child.kill().unwrap();
                killed_midway = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let status = child.wait().unwrap();
        let middle = tree_snapshot(&root);
        let stray = middle.iter().filter(|(name, _)| name.contains(".quire-")).count();

        // The next start: any `quire` command on the wiki.
        let next = quire(&data, &["validate", root.to_str().unwrap(), "--format", "json"]).output().unwrap();
        let note = String::from_utf8_lossy(&next.stderr).into_owned();
        let after = tree_snapshot(&root);
        let outcome = if after == old_snapshot {
            "all old"
        } else if after == new_snapshot {
            "all new"
        } else {
            let differing = after.iter().filter(|file| !old_snapshot.contains(file) && !new_snapshot.contains(file));
            let names: Vec<&String> = differing.map(|(name, _)| name).take(5).collect();
            panic!("{point:?}: after recovery the wiki is neither all old nor all new: {names:?}; {note}");
        };
        let records = count_names(&intents, "");
        assert_eq!(records, 0, "{point:?}: the intent record is gone");
        if killed_midway {
            assert!(!status.success(), "{point:?}");
            assert!(note.contains("note: the interrupted rename of `Target` to `New Target` was"), "{point:?}: {note}");
        }
        outcomes.push((point, killed_midway, stray, outcome));
    }
    // The kills did land midway, with the half-done state this test is about.
    let midway: Vec<_> = outcomes.iter().filter(|(_, killed, stray, _)| *killed && *stray > 0).collect();
    assert!(midway.len() >= 4, "too few kills landed midway: {outcomes:?}");
    assert!(outcomes.iter().any(|(_, _, _, outcome)| *outcome == "all old"), "{outcomes:?}");
    assert!(outcomes.iter().any(|(_, _, _, outcome)| *outcome == "all new"), "{outcomes:?}");
}
