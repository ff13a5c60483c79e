//! Many editors, one remote: a deterministic simulation of a team syncing
//! through `git daemon` on 127.0.0.1, once with `quire sync` (Quire's merge
//! driver) and once, on the same schedule, with plain `git pull` (git's line
//! merge). CI runs 4 editors and 40 rounds; `bench/sync.sh` runs 8 and 300
//! and BENCHMARKS.md reports the conflicts per 100 syncs of both.
//!
//! Each round one editor makes one or two realistic edits (change a word of
//! a sentence, add or remove a source, add a Related link, move or rename a
//! section, change a Snapshot value, set a reviewed date), commits, and
//! sometimes syncs; with Quire, a few syncs meet a network drop (the daemon
//! stopped) or are killed with SIGKILL part-way. A conflict is resolved as a hurried person would: by
//! keeping their own side. Invariants, checked at the end:
//! - no commit on the remote contains conflict markers;
//! - no editor's commit is lost (each is in the final `main`);
//! - every edit pushed is in the final `main`, unless a later edit replaced
//!   it or a conflict was resolved against it;
//! - with `quire sync`, the wiki has no errors after any sync. git's line
//!   merge can break an entry (a section moved on one side and edited on
//!   the other comes out twice); such syncs are counted and repaired.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quire_bench::rng::Rng;
use quire_tests::remote::GitDaemon;
use quire_tests::{TODAY, git};

use crate::quire_binary;

/// Sections whose place the kinds fix (a person's order holds every kind's
/// ordered sections); moves and renames leave them alone.
fn ordered() -> &'static [&'static str] {
    quire_bench::generate::Kind::Person.section_order()
}

/// How the team integrates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Merger {
    /// `quire sync`.
    Quire,
    /// `git pull --no-rebase`, then `git push`.
    GitPull,
}

/// What a run counted.
#[derive(Debug, Default)]
struct Counts {
    syncs: usize,
    conflicted_syncs: usize,
    conflict_blocks: usize,
    edits: usize,
    /// Syncs tried while the remote was unreachable.
    network_drops: usize,
    /// Syncs killed with SIGKILL part-way.
    kills: usize,
    /// Syncs after which the wiki had errors (then repaired by hand).
    breaking_syncs: usize,
}

impl Counts {
    fn per_hundred(&self) -> f64 {
        100.0 * self.conflicted_syncs as f64 / self.syncs.max(1) as f64
    }
}

/// Something an edit put in a file that must survive: a unique token, or a
/// Related Pages line.
#[derive(Debug)]
struct Mark {
    text: String,
    path: String,
    editor: usize,
    pushed: bool,
    excused: bool,
}

struct Team {
    daemon: GitDaemon,
    bare: PathBuf,
    editors: Vec<PathBuf>,
    merger: Merger,
    marks: Vec<Mark>,
    commits: Vec<String>,
    counts: Counts,
    next_token: usize,
    _folder: tempfile::TempDir,
}

fn run(dir: &Path, program: &Path, args: &[&str], editor: usize) -> Output {
    let name = format!("Editor {editor}");
    let email = format!("editor{editor}@example.org");
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs([("GIT_AUTHOR_NAME", &name), ("GIT_COMMITTER_NAME", &name)])
        .envs([("GIT_AUTHOR_EMAIL", &email), ("GIT_COMMITTER_EMAIL", &email)])
        .env("QUIRE_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("the command runs")
}

fn checked(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

impl Team {
    fn new(editors: usize, merger: Merger, seed: u64) -> Team {
        let daemon = GitDaemon::start();
        let mut folder = tempfile::tempdir().unwrap();
        if std::env::var_os("QUIRE_SIM_KEEP").is_some() {
            // The clones stay for a look after a failure.
            folder.disable_cleanup(true);
            eprintln!("the clones are in {}", folder.path().display());
        }
        let seed_dir = folder.path().join("seed");
        quire_bench::generate::write_wiki(&seed_dir.join("content"), 8, seed).expect("generate the wiki");
        git(&seed_dir, &["init", "--quiet", "--initial-branch=main"]);
        git(&seed_dir, &["add", "--all"]);
        git(&seed_dir, &["-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "The wiki"]);
        git(&seed_dir, &["push", "--quiet", &daemon.url(), "HEAD:main"]);
        let dirs = (0..editors)
            .map(|index| {
                let dir = folder.path().join(format!("editor-{index}"));
                git(folder.path(), &["clone", "--quiet", &daemon.url(), dir.to_str().unwrap()]);
                dir
            })
            .collect();
        Team {
            bare: daemon.bare().to_owned(),
            daemon,
            editors: dirs,
            merger,
            marks: Vec::new(),
            commits: Vec::new(),
            counts: Counts::default(),
            next_token: 0,
            _folder: folder,
        }
    }

    fn git(&self, editor: usize, args: &[&str]) -> String {
        checked(run(&self.editors[editor], Path::new("git"), args, editor), &format!("git {args:?}"))
    }

    fn entries(&self, editor: usize) -> Vec<String> {
        let listed = self.git(editor, &["ls-files", "content"]);
        listed.lines().filter(|path| path.ends_with(".md")).map(str::to_owned).collect()
    }

    /// One edit by `editor`, drawn from `rng` (always the same number of
    /// draws, so both mergers see the same schedule), committed.
    fn edit(&mut self, editor: usize, rng: &mut Rng) {
        let entries = self.entries(editor);
        let (pick, kind, a, b) =
            (rng.next_u64() as usize, rng.below(8), rng.next_u64() as usize, rng.next_u64() as usize);
        // Half the edits go to two popular entries, as on a real team wiki.
        let path =
            if pick % 2 == 0 { entries[(pick / 2) % 2].clone() } else { entries[(pick / 2) % entries.len()].clone() };
        let titles: Vec<String> = entries.iter().filter_map(|other| title_of(&self.read(editor, other))).collect();
        let text = self.read(editor, &path);
        let token = format!("zq{}x", self.next_token);
        self.next_token += 1;
        let Some((new_text, added, replaced)) = apply_edit(&text, kind, a, b, &token, &titles) else { return };
        if new_text == text {
            // The same reviewed date again: nothing to commit.
            return;
        }
        for mark in self.marks.iter_mut().filter(|mark| mark.path == path) {
            if replaced.contains(&mark.text) && !new_text.contains(&mark.text) {
                mark.excused = true;
            }
        }
        if let Some(added) = added {
            self.marks.push(Mark { text: added, path: path.clone(), editor, pushed: false, excused: false });
        }
        std::fs::write(self.editors[editor].join(&path), new_text).unwrap();
        self.git(editor, &["add", "--all"]);
        self.git(editor, &["-c", "commit.gpgsign=false", "commit", "--quiet", "-m", &format!("Edit {token}")]);
        self.commits.push(self.git(editor, &["rev-parse", "HEAD"]).trim().to_owned());
        self.counts.edits += 1;
    }

    fn read(&self, editor: usize, path: &str) -> String {
        std::fs::read_to_string(self.editors[editor].join(path)).unwrap()
    }

    /// Syncs `editor` with the remote; a conflict is resolved by keeping
    /// the editor's side.
    fn sync(&mut self, editor: usize) {
        self.counts.syncs += 1;
        let dir = self.editors[editor].clone();
        let conflicted = match self.merger {
            Merger::Quire => {
                let output = run(&dir, &quire_binary(), &["sync", "--wiki", "content", "--format", "json"], editor);
                match output.status.code() {
                    Some(0) => false,
                    Some(1) => true,
                    _ => panic!(
                        "editor {editor}'s quire sync {} failed: {}\nstatus: {}\nlog: {}",
                        self.counts.syncs,
                        String::from_utf8_lossy(&output.stderr),
                        self.git(editor, &["status"]),
                        self.git(editor, &["log", "--oneline", "--graph", "-8"])
                    ),
                }
            }
            Merger::GitPull => {
                let output = run(&dir, Path::new("git"), &["pull", "--quiet", "--no-rebase", "--no-edit"], editor);
                !output.status.success()
            }
        };
        if conflicted {
            self.counts.conflicted_syncs += 1;
            self.resolve_keeping_ours(editor);
        }
        if self.merger == Merger::GitPull {
            self.git(editor, &["push", "--quiet", "origin", "HEAD:main"]);
        }
        for mark in self.marks.iter_mut().filter(|mark| mark.editor == editor) {
            mark.pushed = true;
        }
        let errors = self.errors(editor);
        // git's line merge can break an entry (a section moved on one side
        // and edited on the other comes out twice): counted, not fatal.
        if self.merger == Merger::GitPull {
            if !errors.is_empty() {
                self.counts.breaking_syncs += 1;
                self.repair(editor);
            }
            return;
        }
        assert!(
            errors.is_empty(),
            "{:?}: after editor {editor}'s sync {} (merge {}), the wiki has errors: {errors:?}",
            self.merger,
            self.counts.syncs,
            self.git(editor, &["log", "-1", "--format=%H %P"]).trim()
        );
    }

    /// What a person does after git's merge duplicated a section: deletes
    /// the second copy of each duplicated heading's section, commits and
    /// pushes.
    fn repair(&mut self, editor: usize) {
        let top = self.editors[editor].clone();
        for path in self.entries(editor) {
            let text = std::fs::read_to_string(top.join(&path)).unwrap();
            let lines: Vec<String> = text.lines().map(str::to_owned).collect();
            let mut seen = BTreeSet::new();
            let mut drop = Vec::new();
            for (heading, start, end) in sections(&lines) {
                if !seen.insert(heading) {
                    drop.push(start..end);
                }
            }
            if drop.is_empty() {
                continue;
            }
            let kept: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(index, _)| !drop.iter().any(|range| range.contains(index)))
                .map(|(_, line)| line.as_str())
                .collect();
            let repaired = kept.join("\n") + "\n";
            for mark in self.marks.iter_mut().filter(|mark| mark.path == path) {
                if text.contains(&mark.text) && !repaired.contains(&mark.text) {
                    mark.excused = true;
                }
            }
            std::fs::write(top.join(&path), repaired).unwrap();
        }
        self.git(editor, &["-c", "commit.gpgsign=false", "commit", "--quiet", "-am", "Remove duplicated sections"]);
        self.commits.push(self.git(editor, &["rev-parse", "HEAD"]).trim().to_owned());
        self.git(editor, &["push", "--quiet", "origin", "HEAD:main"]);
    }

    /// The errors `quire validate` finds in `editor`'s working copy.
    fn errors(&self, editor: usize) -> Vec<String> {
        let output = run(&self.editors[editor], &quire_binary(), &["validate", "content", "--format", "json"], editor);
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|diagnostic| diagnostic["severity"] == "error")
            .map(|diagnostic| format!("{}:{} {}", diagnostic["path"], diagnostic["line"], diagnostic["code"]))
            .collect()
    }

    fn resolve_keeping_ours(&mut self, editor: usize) {
        let unmerged = self.git(editor, &["diff", "--name-only", "--diff-filter=U"]);
        let top = self.editors[editor].clone();
        for path in unmerged.lines() {
            let text = std::fs::read_to_string(top.join(path)).unwrap();
            let (resolved, ours, theirs, blocks) = keep_ours(&text);
            assert!(blocks > 0, "{path} is unmerged but has no conflict markers");
            self.counts.conflict_blocks += blocks;
            for mark in self.marks.iter_mut().filter(|mark| mark.path == path) {
                if theirs.contains(&mark.text) && !ours.contains(&mark.text) {
                    mark.excused = true;
                }
            }
            std::fs::write(top.join(path), resolved).unwrap();
        }
        match self.merger {
            Merger::Quire => {
                let output = run(
                    &top,
                    &quire_binary(),
                    &["sync", "--wiki", "content", "--format", "json", "--continue"],
                    editor,
                );
                checked(output, "quire sync --continue");
            }
            Merger::GitPull => {
                self.git(editor, &["add", "--all"]);
                self.git(editor, &["-c", "commit.gpgsign=false", "commit", "--quiet", "--no-edit"]);
            }
        }
    }

    /// A sync while the network is down: it fails as offline and changes
    /// nothing.
    fn sync_offline(&mut self, editor: usize) {
        self.counts.network_drops += 1;
        let head = self.git(editor, &["rev-parse", "HEAD"]);
        let status = self.git(editor, &["status", "--porcelain"]);
        self.daemon.stop();
        let output =
            run(&self.editors[editor], &quire_binary(), &["sync", "--wiki", "content", "--format", "json"], editor);
        self.daemon.restart();
        assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stdout));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["error"]["kind"], "offline");
        assert_eq!(self.git(editor, &["rev-parse", "HEAD"]), head, "an offline sync moved HEAD");
        assert_eq!(self.git(editor, &["status", "--porcelain"]), status, "an offline sync touched files");
    }

    /// A sync killed with SIGKILL after `delay` milliseconds. What it
    /// leaves must be a state git understands: a merge in progress is
    /// continued (as the app offers at its next start), then the editor
    /// syncs again.
    fn sync_killed(&mut self, editor: usize, delay: u64) {
        eprintln!("kill: editor {editor} after {delay} ms, sync {}", self.counts.syncs);
        use std::os::unix::process::CommandExt;
        self.counts.kills += 1;
        let dir = self.editors[editor].clone();
        let name = format!("Editor {editor}");
        let mut child = Command::new(quire_binary())
            .args(["sync", "--wiki", "content", "--format", "json"])
            .current_dir(&dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs([("GIT_AUTHOR_NAME", &name), ("GIT_COMMITTER_NAME", &name)])
            .env("GIT_AUTHOR_EMAIL", "editor@example.org")
            .env("GIT_COMMITTER_EMAIL", "editor@example.org")
            .env("QUIRE_TODAY", TODAY)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let group = child.id();
        let _ = child.kill();
        let _ = child.wait();
        // The git that quire was running goes on to its end, as after a crash.
        while Command::new("kill").args(["-0", "--", &format!("-{group}")]).output().unwrap().status.success() {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        self.git(editor, &["status", "--porcelain"]);
        if dir.join(".git/MERGE_HEAD").exists() {
            if !self.git(editor, &["diff", "--name-only", "--diff-filter=U"]).trim().is_empty() {
                self.counts.conflicted_syncs += 1;
                self.resolve_keeping_ours(editor);
            } else {
                let output = run(
                    &dir,
                    &quire_binary(),
                    &["sync", "--wiki", "content", "--format", "json", "--continue"],
                    editor,
                );
                checked(output, "quire sync --continue after a kill");
            }
        }
        self.sync(editor);
    }

    /// Every editor syncs until all hold the remote's `main`.
    fn settle(&mut self) {
        for _ in 0..3 {
            for editor in 0..self.editors.len() {
                self.sync(editor);
            }
        }
        let main = git(&self.bare, &["rev-parse", "main"]);
        for editor in 0..self.editors.len() {
            assert_eq!(self.git(editor, &["rev-parse", "HEAD"]), main, "editor {editor} holds main after settling");
        }
    }

    fn check_invariants(&self) {
        let history = git(&self.bare, &["rev-list", "main"]);
        for commit in history.lines() {
            let grep = Command::new("git")
                .args(["grep", "-q", "-E", "^(<<<<<<<|>>>>>>>)", commit, "--", "*.md"])
                .current_dir(&self.bare)
                .output()
                .unwrap();
            assert!(!grep.status.success(), "commit {commit} on the remote holds conflict markers");
        }
        let history: BTreeSet<&str> = history.lines().collect();
        for commit in &self.commits {
            assert!(history.contains(commit.as_str()), "the commit {commit} was lost");
        }
        let mut missing = Vec::new();
        for mark in self.marks.iter().filter(|mark| mark.pushed && !mark.excused) {
            let text = git(&self.bare, &["show", &format!("main:{}", mark.path)]);
            if !text.contains(&mark.text) {
                missing.push(format!("{} in {}", mark.text, mark.path));
            }
        }
        assert!(missing.is_empty(), "pushed edits missing from main: {missing:?}");
        let errors = self.errors(0);
        assert!(errors.is_empty(), "{:?}: the final wiki has errors: {errors:?}", self.merger);
    }
}

/// Runs the schedule of `seed` with `merger`.
fn simulate(editors: usize, rounds: usize, merger: Merger, seed: u64) -> Counts {
    let mut team = Team::new(editors, merger, seed);
    let mut rng = Rng::new(seed);
    for _ in 0..rounds {
        let editor = rng.below(editors);
        let edits = 1 + rng.below(2);
        for _ in 0..edits {
            team.edit(editor, &mut rng);
        }
        let (perturbation, delay) = (rng.below(100), rng.range(5, 250) as u64);
        if rng.chance(60) {
            match perturbation {
                // The same draws in both runs; only Quire's sync has the
                // machinery (and the promise) these exercise.
                0..8 if merger == Merger::Quire => team.sync_offline(editor),
                8..16 if merger == Merger::Quire => team.sync_killed(editor, delay),
                _ => team.sync(editor),
            }
        }
    }
    team.settle();
    team.check_invariants();
    team.counts
}

/// The text of `text`'s H1.
fn title_of(text: &str) -> Option<String> {
    text.lines().find_map(|line| line.strip_prefix("# ")).map(|title| title.trim().to_owned())
}

/// The H2 sections of `lines`: heading and the range of lines they cover.
fn sections(lines: &[String]) -> Vec<(String, usize, usize)> {
    let starts: Vec<usize> = (0..lines.len()).filter(|&index| lines[index].starts_with("## ")).collect();
    starts
        .iter()
        .enumerate()
        .map(|(position, &start)| {
            let end = starts.get(position + 1).copied().unwrap_or(lines.len());
            (lines[start][3..].trim().to_owned(), start, end)
        })
        .collect()
}

fn items_in(lines: &[String], section: Option<&(String, usize, usize)>) -> Vec<usize> {
    let Some((_, start, end)) = section else { return Vec::new() };
    (start + 1..*end).filter(|&index| lines[index].starts_with("- ")).collect()
}

/// One edit of kind `kind` (0–7) on `text`, using `a` and `b` to choose
/// where. Returns the new text, the mark it adds, and the text it replaced
/// (marks in it may legitimately disappear).
fn apply_edit(
    text: &str,
    kind: usize,
    a: usize,
    b: usize,
    token: &str,
    titles: &[String],
) -> Option<(String, Option<String>, String)> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let body_start = if lines.first().is_some_and(|line| line == "---") {
        lines.iter().skip(1).position(|line| line == "---").map_or(0, |end| end + 2)
    } else {
        0
    };
    let all = sections(&lines);
    let named = |name: &str| all.iter().find(|(heading, _, _)| heading == name);
    let (added, replaced) = match kind {
        0 => {
            // A word of a sentence in a prose paragraph.
            let prose: Vec<usize> = all
                .iter()
                .filter(|(heading, _, _)| !["Snapshot", "Related Pages", "Sources"].contains(&heading.as_str()))
                .flat_map(|(_, start, end)| start + 1..*end)
                .filter(|&index| {
                    let line = &lines[index];
                    !line.is_empty() && !line.starts_with(['#', '-', '|', '>']) && index >= body_start
                })
                .collect();
            let line = *prose.get(a % prose.len().max(1))?;
            let mut words: Vec<String> = lines[line].split(' ').map(str::to_owned).collect();
            let candidates: Vec<usize> = (0..words.len())
                .filter(|&index| words[index].len() >= 4 && words[index].chars().all(|c| c.is_ascii_lowercase()))
                .collect();
            let word = *candidates.get(b % candidates.len().max(1))?;
            let old = std::mem::replace(&mut words[word], token.to_owned());
            lines[line] = words.join(" ");
            (Some(token.to_owned()), old)
        }
        1 => {
            let items = items_in(&lines, named("Sources"));
            let after = *items.last()?;
            lines.insert(after + 1, format!("- Editor Team, \"Field Notes {token}\", Workshop on Wikis 2026."));
            (Some(token.to_owned()), String::new())
        }
        2 => {
            let items = items_in(&lines, named("Sources"));
            if items.len() < 2 {
                return None;
            }
            (None, lines.remove(items[a % items.len()]))
        }
        3 => {
            let items = items_in(&lines, named("Related Pages"));
            let own = title_of(text)?;
            let title = &titles[a % titles.len()];
            let line = format!("- [[{title}]]");
            if *title == own || items.iter().any(|&index| lines[index] == line) {
                return None;
            }
            lines.insert(*items.last()? + 1, line.clone());
            (Some(line), String::new())
        }
        4 | 5 => {
            let free: Vec<&(String, usize, usize)> = all
                .iter()
                .filter(|(heading, _, _)| !ordered().iter().any(|fixed| heading.starts_with(fixed)))
                .collect();
            if kind == 4 {
                // Swap two neighbouring free sections.
                let pairs: Vec<(usize, usize)> = all
                    .windows(2)
                    .filter(|pair| free.contains(&&pair[0]) && free.contains(&&pair[1]))
                    .map(|pair| (pair[0].1, pair[1].1))
                    .collect();
                let (first, second) = *pairs.get(a % pairs.len().max(1))?;
                let end = all.iter().find(|(_, start, _)| *start == second)?.2;
                let moved: Vec<String> = lines.drain(second..end).collect();
                lines.splice(first..first, moved);
                (None, String::new())
            } else {
                let (heading, start, _) = free.get(a % free.len().max(1))?;
                let old = lines[*start].clone();
                let base = heading.split(" zq").next().unwrap_or(heading);
                lines[*start] = format!("## {base} {token}");
                (Some(token.to_owned()), old)
            }
        }
        6 => {
            let items = items_in(&lines, named("Snapshot"));
            let line = *items.get(a % items.len().max(1))?;
            let (key, _) = lines[line].split_once(": ")?;
            let old = lines[line].clone();
            lines[line] = format!("{key}: Revised {token}.");
            (Some(token.to_owned()), old)
        }
        _ => {
            let line = (0..body_start).find(|&index| lines[index].starts_with("reviewed: "))?;
            lines[line] = format!("reviewed: 2026-{:02}-{:02}", 1 + a % 10, 1 + b % 28);
            (None, String::new())
        }
    };
    let mut new_text = lines.join("\n");
    if text.ends_with('\n') {
        new_text.push('\n');
    }
    Some((new_text, added, replaced))
}

/// `text` with each conflict block replaced by its first side; also the
/// text of all first sides, of all other sides, and the number of blocks.
fn keep_ours(text: &str) -> (String, String, String, usize) {
    let (mut out, mut ours, mut theirs) = (String::new(), String::new(), String::new());
    let mut blocks = 0;
    // 0 outside, 1 in ours, 2 in the base (diff3), 3 in theirs.
    let mut state = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<<") && state == 0 {
            state = 1;
            blocks += 1;
        } else if line.starts_with("|||||||") && state == 1 {
            state = 2;
        } else if line.starts_with("=======") && (state == 1 || state == 2) {
            state = 3;
        } else if line.starts_with(">>>>>>>") && state == 3 {
            state = 0;
        } else {
            match state {
                0 => out.push_str(line),
                1 => {
                    out.push_str(line);
                    ours.push_str(line);
                }
                3 => theirs.push_str(line),
                _ => {}
            }
        }
    }
    (out, ours, theirs, blocks)
}

fn report(editors: usize, rounds: usize, seed: u64) -> BTreeMap<&'static str, Counts> {
    let quire = simulate(editors, rounds, Merger::Quire, seed);
    let git = simulate(editors, rounds, Merger::GitPull, seed);
    for (name, counts) in [("quire sync", &quire), ("git pull", &git)] {
        println!(
            "SIMULATION {name}: {editors} editors, {rounds} rounds, {} edits, {} syncs, {} with conflicts \
             ({:.1} per 100 syncs), {} conflict blocks, {} syncs that broke the wiki, {} network drops, {} kills",
            counts.edits,
            counts.syncs,
            counts.conflicted_syncs,
            counts.per_hundred(),
            counts.conflict_blocks,
            counts.breaking_syncs,
            counts.network_drops,
            counts.kills
        );
    }
    BTreeMap::from([("quire", quire), ("git", git)])
}

// Four editors, forty rounds: nothing is lost, no marker reaches the
// remote, the wiki stays valid, and Quire's merge stops on conflicts no
// more often than git's line merge on the same schedule.
#[test]
fn a_team_of_four_syncs_forty_rounds_without_losing_an_edit() {
    let counts = report(4, 40, 7);
    let (quire, git) = (&counts["quire"], &counts["git"]);
    assert!(git.conflicted_syncs > 0, "the schedule makes git's line merge conflict at least once");
    assert!(quire.network_drops > 0 && quire.kills > 0, "the schedule drops the network and kills a sync: {quire:?}");
    assert!(
        quire.conflicted_syncs <= git.conflicted_syncs,
        "quire sync conflicted {} times, git pull {} times",
        quire.conflicted_syncs,
        git.conflicted_syncs
    );
}

// The benchmark's size (bench/sync.sh): QUIRE_SIM_EDITORS, QUIRE_SIM_ROUNDS.
#[test]
#[ignore = "a benchmark: run by bench/sync.sh"]
fn simulation_benchmark() {
    let number = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    report(number("QUIRE_SIM_EDITORS", 8), number("QUIRE_SIM_ROUNDS", 300), 11);
}
