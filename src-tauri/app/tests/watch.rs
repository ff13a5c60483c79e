//! The watcher and the session together, on real folders and a real git
//! repository (RELIABILITY.md W1, W4, C2): what the app knows after files
//! change under it must equal what a fresh scan finds, and its own saves
//! must never look like someone else's.
//!
//! These run the same code the app runs (`watcher::watch` feeding
//! `session::follow_disk`), without a window.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quire_core::Date;
use quire_desktop::ipc::{Problem, SaveOutcome, WikiView};
use quire_desktop::session::{WikiSession, follow_disk};
use quire_desktop::watcher::{self, Change, Watch};
use quire_tests::git;

/// How long to wait for the watcher to converge before calling it a failure
/// (a deadline for correctness, not a speed claim: BENCHMARKS.md has those).
const CONVERGE: Duration = Duration::from_secs(20);
/// No event for this long counts as "quiet".
const QUIET: Duration = Duration::from_millis(800);

fn today() -> Date {
    Date::parse("2026-11-29").unwrap()
}

/// A session fed by a real watcher, recording what the watcher reported.
struct Watched {
    session: Arc<Mutex<WikiSession>>,
    log: Arc<Mutex<Log>>,
    _watch: Watch,
}

#[derive(Default)]
struct Log {
    last_event: Option<Instant>,
    /// Ids the session reported as changed by someone else, with when.
    changed: Vec<(String, Instant)>,
    rescans: usize,
    /// Every path the watcher named.
    paths: Vec<PathBuf>,
}

impl Watched {
    fn start(root: &Path) -> Watched {
        let session = Arc::new(Mutex::new(WikiSession::open(root, today()).expect("open wiki")));
        let log = Arc::new(Mutex::new(Log::default()));
        let (session_for_events, log_for_events) = (session.clone(), log.clone());
        let on_change = move |change: Change| {
            let named = match &change {
                Change::Paths(paths) => paths.clone(),
                Change::Rescan(_) => Vec::new(),
            };
            let result = follow_disk(&*session_for_events, change).expect("follow the disk");
            let now = Instant::now();
            let mut log = log_for_events.lock().unwrap();
            log.paths.extend(named);
            log.last_event = Some(now);
            log.rescans += usize::from(result.rescanned);
            log.changed.extend(result.changed.into_iter().map(|id| (id, now)));
        };
        let (watch, notice) = watcher::watch(root, on_change).expect("watch");
        assert!(notice.is_none(), "native watching expected here: {notice:?}");
        Watched { session, log, _watch: watch }
    }

    /// Waits until the watcher has been quiet for [`QUIET`] and `done`
    /// holds; false if that does not happen within [`CONVERGE`].
    fn settle(&self, done: impl Fn(&WikiSession) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < CONVERGE {
            let quiet = self.log.lock().unwrap().last_event.is_none_or(|last| last.elapsed() >= QUIET);
            if quiet && done(&self.session.lock().unwrap()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

/// What the app shows of a wiki: the list (titles, kinds, counts), wanted
/// pages, file problems, and every diagnostic.
fn snapshot(session: &WikiSession) -> (WikiView, Vec<Problem>) {
    (session.view(), session.all_problems())
}

fn fresh(root: &Path) -> (WikiView, Vec<Problem>) {
    snapshot(&WikiSession::open(root, today()).unwrap())
}

const SCHEMA: &str = "[wiki]\ndefault_kind = \"concept\"\n\n[kinds.concept]\nrequired_sections = [\"Sources\"]\n";

/// Entry `n` of a generated wiki: links to its neighbours, so renames and
/// edits move backlinks and red links around.
fn entry(n: usize, variant: &str, total: usize) -> String {
    let next = (n + 1) % total;
    let wanted = if variant == "b" && n % 7 == 0 { format!(" See also [[Missing {n}]].") } else { String::new() };
    format!(
        "# Topic {n}\n\nTopic {n} ({variant}) links to [[Topic {next}]].{wanted}\n\n## Sources\n\n- Source {n}, 2024. Reviewed 2026-11-01.\n"
    )
}

// W1: a git checkout that rewrites 1,000 entries (and adds and deletes
// some) while the app watches. After quiet, the app's view of the wiki is
// exactly a fresh scan's — back and forth, every time.
#[test]
fn git_checkout_of_1000_entries_converges_to_a_fresh_scan() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().join("wiki");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("wiki.toml"), SCHEMA).unwrap();
    const TOTAL: usize = 1000;
    for n in 0..TOTAL {
        std::fs::write(root.join(format!("topic-{n}.md")), entry(n, "a", TOTAL)).unwrap();
    }
    git(repo.path(), &["init", "-q", "-b", "a"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "a"]);
    git(repo.path(), &["checkout", "-q", "-b", "b"]);
    for n in 0..TOTAL {
        let path = root.join(format!("topic-{n}.md"));
        match n % 50 {
            // Some entries go, some move to a subfolder, the rest change.
            0 => std::fs::remove_file(&path).unwrap(),
            1 => {
                std::fs::create_dir_all(root.join("moved")).unwrap();
                std::fs::remove_file(&path).unwrap();
                std::fs::write(root.join(format!("moved/topic-{n}.md")), entry(n, "b", TOTAL)).unwrap();
            }
            _ => std::fs::write(&path, entry(n, "b", TOTAL)).unwrap(),
        }
    }
    std::fs::write(root.join("new-page.md"), "# New Page\n\nOnly on b. [[Topic 3]]\n\n## Sources\n\n- N, 2025.\n")
        .unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "b"]);

    let watched = Watched::start(&root);
    for (round, branch) in ["a", "b", "a", "b"].iter().enumerate() {
        git(repo.path(), &["checkout", "-q", branch]);
        let expected = fresh(&root);
        watched.settle(|session| snapshot(session) == expected);
        let got = snapshot(&watched.session.lock().unwrap());
        let only_app: Vec<_> =
            got.0.entries.iter().filter(|entry| !expected.0.entries.contains(entry)).take(3).collect();
        let only_fresh: Vec<_> =
            expected.0.entries.iter().filter(|entry| !got.0.entries.contains(entry)).take(3).collect();
        assert!(
            only_app.is_empty() && only_fresh.is_empty(),
            "round {round}: entries only in the app {only_app:?}, only in a fresh scan {only_fresh:?}"
        );
        assert_eq!(got, expected, "round {round} (checkout {branch}): the app's view differs from a fresh scan");
    }
}

// W4: a thousand saves by the app itself, with the watcher running: not
// one of them may come back as a change made by someone else.
#[test]
fn a_thousand_own_saves_raise_no_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wiki.toml"), SCHEMA).unwrap();
    for n in 0..10 {
        std::fs::write(root.join(format!("topic-{n}.md")), entry(n, "a", 10)).unwrap();
    }
    let watched = Watched::start(root);
    let mut hashes: Vec<Option<String>> =
        (0..10).map(|n| Some(watched.session.lock().unwrap().load(&format!("topic-{n}.md")).unwrap().hash)).collect();
    for save in 0..1000 {
        let n = save % 10;
        let id = format!("topic-{n}.md");
        let text = entry(n, &format!("save {save}"), 10);
        let outcome = watched.session.lock().unwrap().save(&id, &text, hashes[n].as_deref()).unwrap();
        let SaveOutcome::Saved { hash } = outcome else { panic!("save {save} of {id} was refused: {outcome:?}") };
        hashes[n] = Some(hash);
    }
    // Let every event of those writes arrive (the first may come after the
    // last save: events are debounced) and be looked at.
    let start = Instant::now();
    while watched.log.lock().unwrap().last_event.is_none() {
        assert!(start.elapsed() < CONVERGE, "the watcher never saw the writes");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(watched.settle(|_| true), "the watcher never went quiet");
    let log = watched.log.lock().unwrap();
    assert_eq!(log.changed, Vec::new(), "own saves reported as external changes");
    assert_eq!(log.rescans, 0);
}

/// Rewrites `path` as the given external writer would.
fn write_as(style: &str, repo: &Path, path: &Path, text: &str) {
    match style {
        // vim (backupcopy=auto): rename the original away, write a new file, delete the backup.
        "vim" => {
            let backup = PathBuf::from(format!("{}~", path.display()));
            std::fs::rename(path, &backup).unwrap();
            std::fs::write(path, text).unwrap();
            std::fs::remove_file(backup).unwrap();
        }
        // Truncate, then write in two pieces: a reader may see the empty or half file in between.
        "truncate" => {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().write(true).truncate(true).open(path).unwrap();
            let (head, tail) = text.split_at(text.len() / 2);
            file.write_all(head.as_bytes()).unwrap();
            file.flush().unwrap();
            std::thread::sleep(Duration::from_millis(30));
            file.write_all(tail.as_bytes()).unwrap();
        }
        // The real sed: a temporary file renamed over the original.
        "sed" => {
            let status = Command::new("sed").args(["-i", "s/Topic 1 (a)/Topic 1 (edited by sed)/"]).arg(path).status();
            assert!(status.unwrap().success());
            assert_eq!(std::fs::read_to_string(path).unwrap(), text, "sed made the expected edit");
        }
        // git restoring the committed version.
        "git" => {
            git(repo, &["checkout", "--", path.strip_prefix(repo).unwrap().to_str().unwrap()]);
            assert_eq!(std::fs::read_to_string(path).unwrap(), text, "git restored the committed text");
        }
        other => unreachable!("{other}"),
    }
}

// C2: the common ways programs write a file. Each must reach the app as a
// change of that entry, with the new text.
#[test]
fn external_writers_of_every_style_are_seen() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().join("wiki");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("wiki.toml"), SCHEMA).unwrap();
    for n in 0..3 {
        std::fs::write(root.join(format!("topic-{n}.md")), entry(n, "a", 3)).unwrap();
    }
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "wiki"]);
    let watched = Watched::start(&root);
    let path = root.join("topic-1.md");
    let committed = std::fs::read_to_string(&path).unwrap();
    let steps = [
        ("vim", entry(1, "by vim", 3)),
        ("truncate", entry(1, "truncated and rewritten", 3)),
        ("git", committed.clone()),
        ("sed", committed.replace("Topic 1 (a)", "Topic 1 (edited by sed)")),
    ];
    let mut latencies = Vec::new();
    for (style, text) in steps {
        let mark = Instant::now();
        write_as(style, repo.path(), &path, &text);
        // Reported to the UI, then quiet: the editor's reload comes next.
        let seen = |_: &WikiSession| {
            watched.log.lock().unwrap().changed.iter().any(|(id, at)| id == "topic-1.md" && *at >= mark)
        };
        assert!(watched.settle(seen), "{style}: the new text never reached the app");
        let log = watched.log.lock().unwrap();
        let reported = log.changed.iter().filter(|(id, at)| id == "topic-1.md" && *at >= mark).map(|(_, at)| *at).min();
        let reported = reported.unwrap_or_else(|| panic!("{style}: the change was never reported to the UI"));
        latencies.push((style, reported - mark));
        let ids: BTreeSet<&str> = log.changed.iter().filter(|(_, at)| *at >= mark).map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, BTreeSet::from(["topic-1.md"]), "{style}: only the written entry changed");
        drop(log);
        let loaded = watched.session.lock().unwrap().load("topic-1.md").unwrap();
        assert_eq!(loaded.text, text, "{style}: the editor would show the new text");
    }
    eprintln!("change reported after: {latencies:?}");
}

// A changed wiki.toml changes what every entry is checked against: the app
// must pick it up without a restart.
#[test]
fn a_changed_schema_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wiki.toml"), SCHEMA).unwrap();
    std::fs::write(root.join("topic-0.md"), entry(0, "a", 1)).unwrap();
    let watched = Watched::start(root);
    let missing =
        |session: &WikiSession| session.all_problems().iter().any(|problem| problem.code == "missing-section");
    assert!(!missing(&watched.session.lock().unwrap()));
    std::fs::write(root.join("wiki.toml"), SCHEMA.replace("[\"Sources\"]", "[\"Sources\", \"History\"]")).unwrap();
    let missing =
        |session: &WikiSession| session.all_problems().iter().any(|problem| problem.code == "missing-section");
    assert!(watched.settle(missing), "the new required section is never asked for");
}

// S6: a link inside the wiki to a large tree outside it (`x -> /` in the
// issue) is never followed: opening, watching and rescanning the wiki open
// no folder or file out there, and a change out there reaches the app as
// nothing at all.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_an_outside_tree_is_neither_watched_nor_read() {
    use notify_debouncer_full::notify::{self, EventKind, Watcher};
    let outside = tempfile::tempdir().unwrap();
    for folder in 0..40 {
        let path = outside.path().join(format!("folder{folder}"));
        std::fs::create_dir(&path).unwrap();
        for file in 0..25 {
            std::fs::write(path.join(format!("f{file}.md")), "# Outside\n").unwrap();
        }
    }
    // Every open of anything out there, by anyone, from now on.
    let opened = Arc::new(Mutex::new(Vec::<PathBuf>::new()));
    let opened_by_handler = opened.clone();
    let mut spy = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && matches!(event.kind, EventKind::Access(notify::event::AccessKind::Open(_)))
        {
            opened_by_handler.lock().unwrap().extend(event.paths);
        }
    })
    .unwrap();
    spy.watch(outside.path(), notify::RecursiveMode::Recursive).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wiki.toml"), SCHEMA).unwrap();
    std::fs::write(root.join("a.md"), "# A\n\nText.\n\n## Sources\n\n- S, 2020.\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("x")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    opened.lock().unwrap().clear();

    let watched = Watched::start(root);
    // An edit, a changed schema (a rescan) and a new folder (a rescan).
    std::fs::write(root.join("a.md"), "# A\n\nEdited.\n\n## Sources\n\n- S, 2020.\n").unwrap();
    std::fs::write(root.join("wiki.toml"), format!("{SCHEMA}\n")).unwrap();
    std::fs::create_dir(root.join("people")).unwrap();
    let start = Instant::now();
    while watched.log.lock().unwrap().rescans == 0 && start.elapsed() < CONVERGE {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(watched.settle(|_| true));
    assert!(watched.log.lock().unwrap().rescans > 0, "the rescans this test is about happened");
    std::thread::sleep(Duration::from_millis(300));
    let seen: Vec<PathBuf> = opened.lock().unwrap().clone();
    assert!(seen.is_empty(), "opened outside the wiki: {} paths, first {:?}", seen.len(), seen.first());

    // A change out there is nothing to the app.
    let before = watched.log.lock().unwrap().paths.len();
    std::fs::write(outside.path().join("folder3/f1.md"), "# Changed outside\n").unwrap();
    std::fs::create_dir(outside.path().join("folder3/new")).unwrap();
    // The same changes inside the wiki are seen: the watcher is alive.
    std::fs::write(root.join("a.md"), "# A\n\nEdited again.\n\n## Sources\n\n- S, 2020.\n").unwrap();
    let start = Instant::now();
    while !watched.log.lock().unwrap().paths[before..].iter().any(|path| path.ends_with("a.md")) {
        assert!(start.elapsed() < CONVERGE, "the edit inside the wiki was never seen");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(watched.settle(|_| true));
    let log = watched.log.lock().unwrap();
    let outside_paths: Vec<&PathBuf> =
        log.paths[before..].iter().filter(|path| path.starts_with(root.join("x"))).collect();
    assert!(outside_paths.is_empty(), "{outside_paths:?}");
    let session = watched.session.lock().unwrap();
    assert_eq!(session.view().entries.len(), 1, "only the wiki's own entry");
}

// S6: a FIFO named like an entry (`mkfifo x.md`) froze the app: the watcher
// read it, waiting for a writer, while holding the session. Now the session
// stays free and the FIFO is no entry.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_in_the_wiki_never_holds_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("wiki.toml"), SCHEMA).unwrap();
    std::fs::write(root.join("a.md"), "# A\n\nText.\n\n## Sources\n\n- S, 2020.\n").unwrap();
    let watched = Watched::start(root);
    let made = Command::new("mkfifo").arg(root.join("x.md")).status().unwrap();
    assert!(made.success());
    std::fs::write(root.join("a.md"), "# A\n\nEdited.\n\n## Sources\n\n- S, 2020.\n").unwrap();
    // The session must be free again at once after each event; a watcher
    // stuck on the FIFO would hold it for good.
    let start = Instant::now();
    let mut free_for = Duration::ZERO;
    while free_for < QUIET * 2 {
        assert!(start.elapsed() < CONVERGE, "the session stayed held: the watcher is stuck on the FIFO");
        let before = Instant::now();
        let free = (0..100).any(|_| {
            let taken = watched.session.try_lock().is_ok();
            if !taken {
                std::thread::sleep(Duration::from_millis(10));
            }
            taken
        });
        free_for = if free { free_for + before.elapsed().max(Duration::from_millis(50)) } else { Duration::ZERO };
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(watched.settle(|session| session.view().entries.iter().any(|entry| entry.id == "a.md")));
    let session = watched.session.lock().unwrap();
    assert!(session.view().entries.iter().all(|entry| entry.id != "x.md"), "a FIFO is no entry");
}
