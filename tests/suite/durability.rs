//! Durability, concurrency and containment of the store, on real files:
//! kill -9 during saves (D1), byte fidelity of no-edit saves (D6), app saves
//! interleaved with outside writes (C1), hostile entry ids (S4) and symbolic
//! links leading out of the wiki (S5).

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use quire_core::{
    Catalog, Date, Entry, StoreError, content_hash, create_entry, read_entry_file, resolve_entry_path, save_entry,
};

/// The entry every test here saves.
const ID: &str = "entry.md";
/// Set in the child process of the kill test: the wiki root it saves into.
const SAVER_ROOT: &str = "QUIRE_TEST_SAVER_ROOT";
/// What the child prints once it is saving.
const SAVER_READY: &str = "quire-saver-ready";

/// A small deterministic random source (xorshift64*), so a failure can be
/// replayed from its seed.
struct Random(u64);

impl Random {
    fn seeded() -> Random {
        let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
        Random(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

/// The two contents the kill test alternates: tens of KB each, of different
/// lengths, neither a prefix of the other.
fn alternating_contents() -> (String, String) {
    let a: String = (0..1500).map(|line| format!("- alpha line {line}: Ça été 😀\n")).collect();
    let b: String = (0..2500).map(|line| format!("- beta line {line}\n")).collect();
    (format!("# A\n\n{a}"), format!("# B\n\n{b}"))
}

/// The files in `folder` other than the entry.
fn others(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|item| item.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != ID)
        .collect();
    names.sort();
    names
}

// Not a check of its own: the child process of `kill_nine_leaves_the_old_or_the_new_file`,
// which saves alternating contents until it is killed (it returns at once in a normal run).
#[test]
fn saver_child() {
    let Some(root) = std::env::var_os(SAVER_ROOT) else { return };
    let root = PathBuf::from(root);
    let (a, b) = alternating_contents();
    let loaded = read_entry_file(&root, ID).unwrap();
    let (mut text, mut hash) = (loaded.text, loaded.hash);
    let mut saves = 0u64;
    loop {
        let next = if text == a { &b } else { &a };
        hash = save_entry(&root, ID, next, Some(&hash)).unwrap();
        text.clone_from(next);
        saves += 1;
        if saves == 1 {
            println!("{SAVER_READY}");
        }
    }
}

// D1: a save is all or nothing even when the process dies at any instant (SIGKILL, no unwinding).
#[test]
fn kill_nine_leaves_the_old_or_the_new_file() {
    const ROUNDS: usize = 120;
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let (a, b) = alternating_contents();
    save_entry(root, ID, &a, None).unwrap();
    let mut random = Random::seeded();
    let seed = random.0;
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut seen = (0, 0);
    let mut most_leftovers = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args(["durability::saver_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(SAVER_ROOT, root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let ready = BufReader::new(stdout).lines().map_while(Result::ok).any(|line| line.contains(SAVER_READY));
        assert!(ready, "the saver child stopped before saving (round {round})");
        std::thread::sleep(Duration::from_micros(random.below(30_001)));
        child.kill().unwrap();
        child.wait().unwrap();

        let bytes = fs::read(root.join(ID)).unwrap();
        if bytes == a.as_bytes() {
            seen.0 += 1;
        } else if bytes == b.as_bytes() {
            seen.1 += 1;
        } else {
            panic!("round {round} (seed {seed}): the file is neither A nor B ({} bytes)", bytes.len());
        }
        let leftovers = others(root);
        for name in &leftovers {
            assert!(name.starts_with(".quire-") && name.ends_with(".tmp"), "unexpected file {name:?}");
        }
        most_leftovers = most_leftovers.max(leftovers.len());
        if round % 20 == 0 {
            let wiki = Catalog::load_unchecked(root, Date::today()).unwrap();
            let ids: Vec<&str> = wiki.ids().collect();
            assert_eq!(ids, [ID], "temporary files are hidden from the wiki");
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "kills landed on both contents: {seen:?}");

    // The next save works whatever was left, and sweeps the dead processes' temporary files.
    let loaded = read_entry_file(root, ID).unwrap();
    let next = if loaded.text == a { &b } else { &a };
    save_entry(root, ID, next, Some(&loaded.hash)).unwrap();
    assert_eq!(fs::read_to_string(root.join(ID)).unwrap(), *next);
    if cfg!(target_os = "linux") {
        assert_eq!(others(root), Vec::<String>::new(), "leftovers of killed savers are swept");
    }
    eprintln!(
        "D1: {ROUNDS} kills in {:.1?} (seed {seed}); old/new seen {seen:?}; at most {most_leftovers} temporary files left by a kill",
        started.elapsed()
    );
}

/// Generated entry files: BOM or not, front matter or not, LF, CRLF or a
/// mix, with or without a final newline, Unicode of several kinds.
fn varied_file(random: &mut Random, number: usize) -> String {
    const WORDS: &[&str] = &[
        "plain",
        "Ça",
        "été",
        "東京",
        "😀",
        "e\u{301}",
        "שלום",
        "**bold**",
        "[[Link]]",
        "`code`",
        "\t",
        "trailing ",
        "<!-- c -->",
        "\u{a0}",
        "\u{200b}",
        "x\ry",
        "---",
        "#",
    ];
    let ending = match random.below(4) {
        0 | 1 => "\n",
        2 => "\r\n",
        _ => "mixed",
    };
    let mut lines: Vec<String> = Vec::new();
    if random.chance(2) {
        lines.push("---".into());
        lines.push(format!("title: Entry {number}"));
        if random.chance(2) {
            lines.push("aliases: [a, b]".into());
        }
        lines.push("---".into());
    }
    if !random.chance(5) {
        lines.push(format!("# Entry {number}"));
        lines.push(String::new());
    }
    for _ in 0..random.below(6) {
        if random.chance(3) {
            lines.push(format!("## Section {}", random.below(100)));
        }
        let words = random.below(12) as usize;
        let line: Vec<&str> = (0..words).map(|_| WORDS[random.below(WORDS.len() as u64) as usize]).collect();
        lines.push(line.join(" "));
        if random.chance(3) {
            lines.push(String::new());
        }
    }
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate() {
        text.push_str(line);
        if index + 1 < lines.len() || random.chance(2) {
            text.push_str(match ending {
                "mixed" if random.chance(2) => "\r\n",
                "mixed" => "\n",
                ending => ending,
            });
        }
    }
    if random.chance(4) {
        text.insert(0, '\u{feff}');
    }
    text
}

// D6: opening and saving without edits must give identical bytes, for every form a file can take.
#[test]
fn no_edit_saves_keep_every_byte() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let mut random = Random::seeded();
    let seed = random.0;
    let mut files = Vec::new();
    for number in 0..1000 {
        let text =
            if number < 3 { ["", "\u{feff}", "\r\n"][number].to_owned() } else { varied_file(&mut random, number) };
        let id = format!("folder{}/entry-{number}.md", number % 10);
        fs::create_dir_all(root.join(format!("folder{}", number % 10))).unwrap();
        fs::write(root.join(&id), &text).unwrap();
        files.push((id, text));
    }
    for (number, (id, original)) in files.iter().enumerate() {
        let loaded = read_entry_file(root, id).unwrap();
        assert_eq!(loaded.text, *original, "seed {seed}: {id} reads back exactly");
        let source = Entry::parse(&loaded.text).to_source();
        let hash = save_entry(root, id, &source, Some(&loaded.hash)).unwrap();
        assert_eq!(hash, loaded.hash);
        assert_eq!(fs::read(root.join(id)).unwrap(), original.as_bytes(), "seed {seed}: {id}");
        if number % 10 == 0 {
            // The write path too: an edit and its undo, both saved, give the original bytes.
            let edited = save_entry(root, id, &format!("{source}edit"), Some(&hash)).unwrap();
            let back = save_entry(root, id, &source, Some(&edited)).unwrap();
            assert_eq!(back, loaded.hash);
            assert_eq!(fs::read(root.join(id)).unwrap(), original.as_bytes(), "seed {seed}: {id} after a round trip");
        }
    }
    for folder in 0..10 {
        let names = fs::read_dir(root.join(format!("folder{folder}"))).unwrap().count();
        assert_eq!(names, 100, "no temporary file is left behind");
    }
}

/// How someone else writes the file.
#[derive(Clone, Copy, Debug)]
enum OutsideWrite {
    /// `fs::write`: truncate and write.
    Plain,
    /// The same number of bytes, and the modification time set back: only the contents tell.
    SameSizeOldTime,
    /// Write a new file and rename it over, as vim and git do.
    Rename,
    /// Remove the file.
    Delete,
}

// C1: every outside change followed by an app save is a conflict (no silent overwrite),
// and the app's own saves never conflict with themselves (no false conflict).
#[test]
fn outside_writes_always_conflict_and_own_saves_never_do() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let path = root.join(ID);
    let mut random = Random::seeded();
    let seed = random.0;
    let mut counter = 0;
    let mut text_of_length = |prefix: &str, length: usize| {
        counter += 1;
        let mut text = format!("{prefix} {counter} ");
        while text.len() < length {
            text.push(if prefix == "app" { 'a' } else { 'e' });
        }
        text.truncate(length.max(12));
        text
    };
    let mut known = Some(save_entry(root, ID, &text_of_length("app", 100), None).unwrap());
    let mut changed_outside = false;
    let (mut conflicts, mut saves) = (0, 0);
    for step in 0..2000 {
        if random.chance(3) {
            let kind = match random.below(4) {
                0 => OutsideWrite::Plain,
                1 => OutsideWrite::SameSizeOldTime,
                2 => OutsideWrite::Rename,
                _ => OutsideWrite::Delete,
            };
            let current = fs::read(&path).ok();
            let length = match (kind, &current) {
                (OutsideWrite::SameSizeOldTime, Some(bytes)) => bytes.len(),
                _ => 12 + random.below(300) as usize,
            };
            let text = text_of_length("ext", length);
            match kind {
                OutsideWrite::Plain => fs::write(&path, &text).unwrap(),
                OutsideWrite::SameSizeOldTime => {
                    let modified = fs::metadata(&path).ok().and_then(|metadata| metadata.modified().ok());
                    fs::write(&path, &text).unwrap();
                    if let Some(modified) = modified {
                        File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
                    }
                }
                OutsideWrite::Rename => {
                    let swap = root.join(".entry.md.swp");
                    fs::write(&swap, &text).unwrap();
                    fs::rename(&swap, &path).unwrap();
                }
                OutsideWrite::Delete => {
                    if current.is_none() {
                        continue;
                    }
                    fs::remove_file(&path).unwrap();
                    // Created and deleted again outside: the disk is back to what the app knew (no file).
                    changed_outside = known.is_some();
                    continue;
                }
            }
            changed_outside = true;
            continue;
        }
        let text = text_of_length("app", 12 + random.below(300) as usize);
        let saved = save_entry(root, ID, &text, known.as_deref());
        saves += 1;
        if changed_outside {
            let Err(StoreError::Conflict { disk_hash, disk_text, .. }) = saved else {
                panic!("step {step} (seed {seed}): a save over an outside change must conflict, got {saved:?}");
            };
            assert_eq!(disk_hash, fs::read(&path).ok().map(|bytes| content_hash(&bytes)));
            assert_eq!(disk_text, fs::read_to_string(&path).ok());
            conflicts += 1;
            // The app shows the disk version and goes on from there.
            known = disk_hash;
            changed_outside = false;
        } else {
            let hash = saved.unwrap_or_else(|error| panic!("step {step} (seed {seed}): a false conflict: {error}"));
            assert_eq!(fs::read_to_string(&path).unwrap(), text);
            known = Some(hash);
        }
    }
    assert!(conflicts > 100 && saves > 500, "the run exercised both cases: {conflicts} conflicts in {saves} saves");
    assert_eq!(others(root), Vec::<String>::new(), "no temporary file is left behind");
}

/// `path` is `root` joined with plain names only.
fn assert_inside(root: &Path, path: &Path) {
    assert!(path.starts_with(root), "{} is outside {}", path.display(), root.display());
    assert!(
        path.strip_prefix(root).unwrap().components().all(|part| matches!(part, std::path::Component::Normal(_))),
        "{} is not a plain path under the root",
        path.display()
    );
}

/// A work folder with `wiki/` (the root) beside canary files, and a canary
/// inside the root's `.git`.
fn wiki_with_canaries() -> (tempfile::TempDir, PathBuf, Vec<(PathBuf, Vec<u8>)>) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("wiki");
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(work.path().join("outside")).unwrap();
    let canaries: Vec<(PathBuf, Vec<u8>)> = [
        work.path().join("x.md"),
        work.path().join("outside/canary.md"),
        work.path().join("passwd"),
        root.join(".git/config"),
    ]
    .into_iter()
    .map(|path| {
        let bytes = format!("canary {}\n", path.display()).into_bytes();
        fs::write(&path, &bytes).unwrap();
        (path, bytes)
    })
    .collect();
    (work, root, canaries)
}

fn assert_canaries_intact(work: &Path, canaries: &[(PathBuf, Vec<u8>)]) {
    for (path, bytes) in canaries {
        assert_eq!(&fs::read(path).unwrap(), bytes, "{} changed", path.display());
    }
    let mut outside: Vec<String> =
        fs::read_dir(work).unwrap().map(|item| item.unwrap().file_name().into_string().unwrap()).collect();
    outside.sort();
    assert_eq!(outside, ["outside", "passwd", "wiki", "x.md"], "nothing new appeared outside the root");
    assert_eq!(fs::read_dir(work.join("outside")).unwrap().count(), 1);
}

// S4: ids come from the UI over IPC; whatever they hold, nothing outside the root is read or written.
#[test]
fn hostile_ids_never_leave_the_root() {
    let (work, root, canaries) = wiki_with_canaries();
    let absolute_canary = work.path().join("x.md").display().to_string();
    let long = format!("{}.md", "a".repeat(2000));
    let deep = format!("{}x.md", "../".repeat(40));
    // Traversal, absolute paths, hidden files, NUL, overlong, other separators: refused.
    let refused: &[&str] = &[
        "../x.md",
        "a/../../x.md",
        "../wiki/../x.md",
        &deep,
        &absolute_canary,
        "/etc/passwd",
        "//etc/passwd.md",
        ".git/config",
        ".git/config.md",
        "a\0.md",
        "x.md\0",
        &long,
        "..\\x.md",
        "a\\..\\..\\x.md",
        "C:\\x.md",
        "\\\\server\\share\\x.md",
        "x.txt",
        "x.md/..",
        "./x.md",
        "a/./x.md",
        "",
        "/",
        "..",
        "x.md\n",
        "..%2fx.md",
        "..\u{2215}x.md",
    ];
    // Percent escapes and look-alikes are literal names: inside the root, or refused.
    let literal = ["%2e%2e/x.md", "%2e%2e%2fx.md", "‥/x.md", "．．/x.md", "~/x.md", "x.md"];
    for id in refused.iter().chain(&literal) {
        // Reading never reaches a canary.
        if let Ok(loaded) = read_entry_file(&root, id) {
            panic!("{id:?} read {:?}", loaded.text);
        }
        match resolve_entry_path(&root, id) {
            Err(StoreError::InvalidId { .. }) => {
                let saved = save_entry(&root, id, "pwned", None);
                assert!(matches!(saved, Err(StoreError::InvalidId { .. })), "{id:?}: {saved:?}");
                let created = create_entry(&root, id, "pwned");
                assert!(matches!(created, Err(StoreError::InvalidId { .. })), "{id:?}: {created:?}");
            }
            Ok(path) => {
                assert!(literal.contains(id), "{id:?} must be refused, resolved to {}", path.display());
                assert_inside(&root, &path);
                save_entry(&root, id, "written inside", None).unwrap();
                assert_eq!(fs::read_to_string(&path).unwrap(), "written inside", "{id:?}");
                let created = create_entry(&root, id, "pwned");
                assert!(matches!(created, Err(StoreError::Exists { .. })), "{id:?}: {created:?}");
            }
            Err(error) => panic!("{id:?}: unexpected {error:?}"),
        }
    }
    assert!(root.join("%2e%2e/x.md").is_file(), "percent escapes are literal names");
    assert_canaries_intact(work.path(), &canaries);
}

// S5: a symbolic link in the wiki may lead anywhere; it is never followed, to read or to write.
#[cfg(unix)]
#[test]
fn symlinks_are_never_followed() {
    use std::os::unix::fs::symlink;
    let (work, root, canaries) = wiki_with_canaries();
    let outside = work.path().join("outside");
    let canary = outside.join("canary.md");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(root.join("real.md"), "real").unwrap();
    symlink(&canary, root.join("file.md")).unwrap();
    symlink(&outside, root.join("folder")).unwrap();
    symlink(outside.join("new.md"), root.join("dangling.md")).unwrap();
    symlink(&canary, root.join("sub/inner.md")).unwrap();
    symlink("../outside/canary.md", root.join("relative.md")).unwrap();
    symlink(root.join("real.md"), root.join("alias.md")).unwrap();
    let canary_hash = content_hash(&fs::read(&canary).unwrap());
    for id in [
        "file.md",
        "folder/canary.md",
        "folder/new.md",
        "folder/deeper/new.md",
        "dangling.md",
        "sub/inner.md",
        "relative.md",
        "alias.md",
    ] {
        let symlink_error = |result: Result<_, StoreError>| matches!(result, Err(StoreError::Symlink { .. }));
        assert!(symlink_error(resolve_entry_path(&root, id).map(|_| ())), "{id}: resolve");
        assert!(symlink_error(read_entry_file(&root, id).map(|_| ())), "{id}: read");
        assert!(symlink_error(save_entry(&root, id, "pwned", None).map(|_| ())), "{id}: save as new");
        assert!(symlink_error(save_entry(&root, id, "pwned", Some(&canary_hash)).map(|_| ())), "{id}: save");
        assert!(symlink_error(create_entry(&root, id, "pwned").map(|_| ())), "{id}: create");
    }
    assert_canaries_intact(work.path(), &canaries);
    assert_eq!(fs::read_to_string(root.join("real.md")).unwrap(), "real");
    assert!(fs::symlink_metadata(root.join("file.md")).unwrap().file_type().is_symlink(), "the link itself stays");
}

// S6: a folder swapped for a link to the outside while saves run (between a
// path's check and its use) must never redirect a read, a save or a new
// entry out of the wiki.
#[cfg(unix)]
#[test]
fn a_folder_swapped_for_a_link_during_saves_never_leads_outside() {
    use std::os::unix::fs::symlink;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("wiki");
    let outside = work.path().join("outside");
    fs::create_dir_all(root.join("people")).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(root.join("people/a.md"), "inside 0").unwrap();
    fs::write(outside.join("a.md"), "outside").unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let swapped = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let swapper = {
        let (stop, swapped, root, outside) = (stop.clone(), swapped.clone(), root.clone(), outside.clone());
        std::thread::spawn(move || {
            let mut swaps = 0u64;
            // A new entry may make `people` again while it is away: that
            // folder is moved aside, and the swap goes on.
            let mut strays = 0;
            let mut move_stray = |root: &Path| {
                strays += 1;
                fs::rename(root.join("people"), root.join(format!("stray{strays}"))).unwrap();
            };
            while !stop.load(Ordering::Relaxed) {
                fs::rename(root.join("people"), root.join("people.real")).unwrap();
                while symlink(&outside, root.join("people")).is_err() {
                    move_stray(&root);
                }
                std::thread::yield_now();
                fs::remove_file(root.join("people")).unwrap();
                while fs::rename(root.join("people.real"), root.join("people")).is_err() {
                    move_stray(&root);
                }
                swaps += 1;
                swapped.store(swaps, Ordering::Relaxed);
                // Now and then the real folder stays a while, so that saves
                // go through on a busy machine too.
                if swaps % 16 == 0 {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            swaps
        })
    };
    let mut read_outside = 0;
    let mut saved = 0;
    let started = Instant::now();
    let mut round = 0;
    while (swapped.load(Ordering::Relaxed) < 1000 || saved == 0) && started.elapsed() < Duration::from_secs(60) {
        round += 1;
        if let Ok(loaded) = read_entry_file(&root, "people/a.md") {
            if loaded.text == "outside" {
                read_outside += 1;
                continue;
            }
            if save_entry(&root, "people/a.md", &format!("inside {round}"), Some(&loaded.hash)).is_ok() {
                saved += 1;
            }
        }
        let _ = create_entry(&root, &format!("people/new{round}.md"), "new");
    }
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert!(swaps >= 1000, "the folder was swapped {swaps} times only");
    assert!(saved > 0, "some saves went through between swaps");
    assert_eq!(read_outside, 0, "reads reached the file outside");
    let mut names: Vec<String> =
        fs::read_dir(&outside).unwrap().map(|item| item.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["a.md"], "nothing was created outside");
    assert_eq!(fs::read_to_string(outside.join("a.md")).unwrap(), "outside", "nothing was written outside");
}
