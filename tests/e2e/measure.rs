//! Measurements of the real app for BENCHMARKS.md (DESIGN.md "Targets"):
//! keystroke to preview painted (inside the page, and on the screen from a
//! real key press), start to an interactive editor, memory of all the
//! app's processes. They are `#[ignore]`d — numbers, not checks —
//! and `bench/app.sh` runs them on a release build:
//!
//! ```text
//! QUIRE_APP_BINARY=target/release/quire-desktop \
//!   cargo test --release -p quire-tests --test e2e -- --ignored --nocapture --test-threads 1 measure_
//! ```
//!
//! Each prints `MEASURE name value unit` lines.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::screen::{Rect, Screen, changed};
use super::{CONTROL, WAIT, World, app_binary, copy_tree, repo_root, start_xvfb, turn};

fn report(name: &str, value: f64, unit: &str) {
    println!("MEASURE {name} {value:.1} {unit}");
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    let index = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[index]
}

/// A 200 KB entry: the seed entry with many more History-like sections.
fn big_entry() -> String {
    let seed = std::fs::read_to_string(repo_root().join("content/kaiming-he.md")).unwrap();
    let split = seed.find("\n## Governance Implications").expect("the seed has Governance Implications");
    let (head, tail) = seed.split_at(split + 1);
    let mut text = head.replace("title: Kaiming He", "title: Big Entry").replace("# Kaiming He", "# Big Entry");
    let mut n = 0;
    while text.len() + tail.len() < 200 * 1024 {
        n += 1;
        text.push_str(&format!(
            "## Period {n}\n\nIn period {n} the work continued with [[Kaiming He]] and colleagues on residual \
             networks, detection and self-supervised learning; this paragraph stands for a long section of a \
             large entry, with a sentence or two more so that it is of realistic length for a wiki.\n\n- Item one \
             of period {n}.\n- Item two of period {n}, with a link to [[ImageNet]].\n\n"
        ));
    }
    text.push_str(tail);
    text
}

/// Types one character at a time at the end of `section` and returns, per
/// keystroke, the milliseconds from the keydown event to the first frame
/// after the preview changed (measured inside the page).
fn keystrokes(world: &World, title: &str, section: &str, count: usize) -> Vec<f64> {
    // A new item at the end of the section.
    let editor = start_typing(world, title, section, "\u{E010}", "\n- Measured item ", "Measured item");
    world
        .app()
        .execute(
            // The first frame after the preview changed: its animation-frame
            // callback, then a zero timeout (after that frame's paint, and
            // after tasks that arrived meanwhile, such as the backend's
            // answer). `frame` is the first frame after the keydown, the
            // one that shows the keystroke in the editor.
            "window.__latency = []; window.__steps = []; let start = null; \
             document.addEventListener('keydown', () => { start = performance.now(); const trace = window.__quireTrace = {}; \
               requestAnimationFrame(() => { trace.frame = performance.now(); }); }, true); \
             new MutationObserver(() => { \
               if (start === null) return; const from = start; start = null; \
               const trace = window.__quireTrace; \
               requestAnimationFrame(() => { \
                 trace['preview-frame'] = performance.now(); \
                 setTimeout(() => { \
                   window.__latency.push(performance.now() - from); \
                   const steps = {}; \
                   for (const [step, at] of Object.entries(trace)) steps[step] = at - from; \
                   window.__steps.push(steps); \
                 }, 0); \
               }); \
             }).observe(document.querySelector('[data-testid=preview]'), {subtree: true, childList: true, characterData: true});",
            vec![],
        )
        .unwrap();
    for typed in 0..count {
        world.app().send_keys(&editor, "x").unwrap();
        world
            .app()
            .wait_until("return window.__latency.length > arguments[0]", vec![json!(typed)], WAIT)
            .expect("the preview changes after each keystroke");
    }
    let values = world.app().execute("return window.__latency", vec![]).unwrap();
    let mut values: Vec<f64> = values.as_array().unwrap().iter().filter_map(Value::as_f64).collect();
    values.sort_by(f64::total_cmp);
    // Where the time goes: the median time from the keydown to each step
    // the UI traces (src/ipc/trace.ts).
    let steps = world.app().execute("return window.__steps", vec![]).unwrap();
    let steps = steps.as_array().cloned().unwrap_or_default();
    let mut names: Vec<String> =
        steps.iter().filter_map(Value::as_object).flat_map(|step| step.keys().cloned()).collect();
    names.sort();
    names.dedup();
    let mut medians: Vec<(f64, String)> = names
        .into_iter()
        .map(|name| {
            let mut at: Vec<f64> = steps.iter().filter_map(|step| step.get(&name).and_then(Value::as_f64)).collect();
            at.sort_by(f64::total_cmp);
            (percentile(&at, 0.5), name)
        })
        .collect();
    medians.sort_by(|a, b| a.0.total_cmp(&b.0));
    let shown: Vec<String> = medians.iter().map(|(at, name)| format!("{name} {at:.1} ms")).collect();
    println!("MEASURE-DETAIL {title}: keydown to each step, medians: {}", shown.join(", "));
    values
}

#[test]
#[ignore = "a measurement: run by bench/app.sh"]
fn measure_keystroke_to_preview() {
    let _turn = turn();
    let big = big_entry();
    let world = World::start("measure_keystroke_to_preview", &[("big-entry.md", &big)]);
    for (label, title) in [("typical", "Kaiming He"), ("200kb", "Big Entry")] {
        let values = keystrokes(&world, title, "Open Questions", 60);
        report(&format!("keystroke_to_preview_{label}_p50"), percentile(&values, 0.5), "ms");
        report(&format!("keystroke_to_preview_{label}_p95"), percentile(&values, 0.95), "ms");
        report(&format!("keystroke_to_preview_{label}_max"), percentile(&values, 1.0), "ms");
        // Leave the entry clean so the next one opens without a prompt.
        world.app().chord(CONTROL, "s").unwrap();
        world.wait_state("saved");
    }
    report("big_entry_size", big.len() as f64 / 1024.0, "KiB");
}

/// Opens `title`, edits `section`, goes to its start or end (`to`: the
/// WebDriver key Home or End, with Control), types `keys` and waits until
/// the preview shows `shows`: where typing is measured from.
fn start_typing(
    world: &World,
    title: &str,
    section: &str,
    to: &str,
    keys: &str,
    shows: &str,
) -> super::webdriver::Element {
    world.app().wait_for("[data-testid=preview] h1", WAIT).expect("an entry opens at start");
    world.open_entry(title);
    let editor = world.edit_section(section);
    world.app().click(&editor).unwrap();
    world.app().chord(CONTROL, to).unwrap();
    world.app().send_keys(&editor, keys).unwrap();
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview]').textContent.includes(arguments[0])",
            vec![json!(shows)],
            WAIT,
        )
        .expect("the preview follows");
    std::thread::sleep(Duration::from_millis(300));
    editor
}

/// Types `count` letters of a sentence at the end of `section` with real
/// key presses (XTest) and returns, per letter, the milliseconds from the
/// press to the first change of the preview's pixels on the screen. (The
/// spaces between words are typed too, not measured: a space at the end of
/// a line shows nothing.)
fn keystrokes_on_screen(world: &World, screen: &Screen, title: &str, section: &str, count: usize) -> Vec<f64> {
    // The end of the section's first item, near the top of the editor and
    // the preview, so that what is typed stays in view as the item grows.
    start_typing(world, title, section, "\u{E011}", "\u{E015}\u{E015}\u{E010} measured", " measured");
    screen.focus_largest_window();
    std::thread::sleep(Duration::from_millis(200));
    let type_key = |keycode| {
        screen.press(keycode);
        screen.release(keycode);
    };
    // Where the preview shows the line typed into: the pixels one
    // keystroke changes right of the preview's left edge.
    let left = world
        .app()
        .execute("return document.querySelector('[data-testid=preview]').getBoundingClientRect().left", vec![])
        .unwrap()
        .as_f64()
        .expect("the preview's position") as i16;
    let all = screen.all();
    let before = screen.grab(all);
    type_key(screen.keycode(u32::from(b'a')));
    std::thread::sleep(Duration::from_millis(500));
    let line = changed(all, &before, &screen.grab(all), left..all.x + all.width as i16)
        .expect("a key press changes the preview on the screen");
    // From a line above the one typed into to the bottom: the item grows
    // downwards as it wraps.
    let top = (line.y - 30).max(0);
    let watch = Rect { x: left, y: top, width: all.width - left as u16, height: all.height - top as u16 };
    let sentence = b" the quick brown fox jumps over the lazy dog while we measure";
    let mut values = Vec::with_capacity(count);
    for &letter in sentence.iter().cycle() {
        if values.len() == count {
            break;
        }
        let keycode = screen.keycode(u32::from(letter));
        if letter == b' ' {
            type_key(keycode);
            std::thread::sleep(Duration::from_millis(150));
            continue;
        }
        let before = screen.grab(watch);
        let pressed = std::time::Instant::now();
        // Released at once: held, the X server would repeat it.
        type_key(keycode);
        let took = screen.wait_change(watch, &before, pressed, WAIT);
        let took = took.expect("the preview changes on the screen after each letter");
        values.push(took.as_secs_f64() * 1000.0);
        // Let the backend's render land before the next key.
        std::thread::sleep(Duration::from_millis(150));
    }
    values.sort_by(f64::total_cmp);
    values
}

#[test]
#[ignore = "a measurement: run by bench/app.sh"]
fn measure_keystroke_to_screen() {
    let _turn = turn();
    let big = big_entry();
    let world = World::start("measure_keystroke_to_screen", &[("big-entry.md", &big)]);
    let screen = Screen::open(&world.display);
    for (label, title) in [("typical", "Kaiming He"), ("200kb", "Big Entry")] {
        let values = keystrokes_on_screen(&world, &screen, title, "Open Questions", 60);
        report(&format!("keystroke_to_screen_{label}_p50"), percentile(&values, 0.5), "ms");
        report(&format!("keystroke_to_screen_{label}_p95"), percentile(&values, 0.95), "ms");
        report(&format!("keystroke_to_screen_{label}_max"), percentile(&values, 1.0), "ms");
        world.app().chord(CONTROL, "s").unwrap();
        world.wait_state("saved");
    }
}

/// Milliseconds since the Unix epoch.
fn epoch_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |since| since.as_secs_f64() * 1000.0)
}

/// Launches `program args` on `display` the way a user does (not through
/// WebDriver: an automated WebKit takes about 600 ms longer to reach its
/// page here), with `QUIRE_REPORT_STARTUP=exit`, and returns the
/// milliseconds from the spawn to the time the program reports
/// (`QUIRE-STARTUP <what>_at=<epoch ms> <steps>`), with the report's steps.
fn direct_start(display: &str, program: &Path, args: &[&Path], data: &Path) -> (f64, String) {
    let errors = tempfile::NamedTempFile::new().expect("a temporary file");
    let spawned = epoch_ms();
    let mut child = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .env("QUIRE_REPORT_STARTUP", "exit")
        .env("XDG_DATA_HOME", data)
        .stdout(Stdio::piped())
        .stderr(errors.reopen().expect("the temporary file"))
        .spawn()
        .expect("the program starts");
    // A program that never reports is ended, and the measurement fails.
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(WAIT).is_err() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    });
    let stdout = std::io::BufReader::new(child.stdout.take().expect("piped"));
    let report = std::io::BufRead::lines(stdout)
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("QUIRE-STARTUP ").map(str::to_owned));
    let status = child.wait();
    let _ = done.send(());
    let _ = watchdog.join();
    let report = report.unwrap_or_else(|| {
        let errors = std::fs::read_to_string(errors.path()).unwrap_or_default();
        panic!("{} reported no start-up ({status:?}); its errors:\n{errors}", program.display())
    });
    let (at, steps) = report.split_once(' ').unwrap_or((report.as_str(), ""));
    let at: f64 = at.split_once('=').and_then(|(_, value)| value.parse().ok()).expect("an epoch time");
    (at - spawned, steps.to_owned())
}

/// Start to an interactive editor on the bundled wiki, and the floor under
/// it: an empty Tauri window's start to its page loaded, in the same run,
/// alternating. The app reports the first frame painted with the entry in
/// an editor that takes keys (`editor_ready`); the first run of each pays
/// for cold caches and is left out.
#[test]
#[ignore = "a measurement: run by bench/app.sh"]
fn measure_start_to_interactive() {
    let _turn = turn();
    let (mut xvfb, display) = start_xvfb();
    let dir = tempfile::tempdir().unwrap();
    let wiki = dir.path().join("content");
    copy_tree(&repo_root().join("content"), &wiki);
    let data = dir.path().join("data");
    let app = app_binary();
    let empty = empty_window_binary();
    let (mut interactive, mut floor) = (Vec::new(), Vec::new());
    for run in 0..9 {
        let (app_ms, steps) = direct_start(&display, &app, &[&wiki], &data);
        let (empty_ms, _) = direct_start(&display, &empty, &[], &data);
        println!(
            "MEASURE-DETAIL run {run}: app {app_ms:.0} ms, empty window {empty_ms:.0} ms; app page steps (ms after the page started): {steps}"
        );
        if run > 0 {
            interactive.push(app_ms);
            floor.push(empty_ms);
        }
    }
    let _ = Command::new("kill").arg(xvfb.id().to_string()).status();
    let _ = xvfb.wait();
    interactive.sort_by(f64::total_cmp);
    floor.sort_by(f64::total_cmp);
    report("start_to_interactive_median", percentile(&interactive, 0.5), "ms");
    report("start_to_interactive_max", percentile(&interactive, 1.0), "ms");
    report("empty_window_start_to_page_median", percentile(&floor, 0.5), "ms");
}

/// Proportional set size of `pid` and all its descendants, in MiB, with
/// each process's name and share.
fn pss_tree(pid: u32) -> (f64, Vec<(String, f64)>) {
    let mut parents = Vec::new();
    for item in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let Ok(stat) = std::fs::read_to_string(item.path().join("stat")) else { continue };
        let Some(close) = stat.rfind(')') else { continue };
        let parent: u32 = stat[close + 2..].split(' ').nth(1).and_then(|field| field.parse().ok()).unwrap_or(0);
        if let Ok(child) = name.parse::<u32>() {
            parents.push((child, parent, stat[stat.find('(').unwrap() + 1..close].to_owned()));
        }
    }
    let mut tree = vec![pid];
    let mut index = 0;
    while index < tree.len() {
        let current = tree[index];
        tree.extend(parents.iter().filter(|(_, parent, _)| *parent == current).map(|(child, _, _)| *child));
        index += 1;
    }
    let mut total = 0.0;
    let mut parts = Vec::new();
    for member in tree {
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{member}/smaps_rollup")) else { continue };
        let kib: f64 = rollup
            .lines()
            .find_map(|line| line.strip_prefix("Pss:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        let name = parents.iter().find(|(child, _, _)| *child == member).map(|(_, _, name)| name.clone());
        total += kib / 1024.0;
        parts.push((name.unwrap_or_default(), kib / 1024.0));
    }
    (total, parts)
}

/// Runs `program args` on its own virtual display until idle, measures its
/// process tree, and ends it.
fn idle_pss(label: &str, program: &Path, args: &[&Path], settle: Duration) -> f64 {
    let (mut xvfb, display) = start_xvfb();
    let mut app = Command::new(program)
        .args(args)
        .env("DISPLAY", &display)
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .env("XDG_DATA_HOME", std::env::temp_dir().join("quire-measure-data"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the program starts");
    std::thread::sleep(settle);
    let (total, parts) = pss_tree(app.id());
    let _ = app.kill();
    let _ = app.wait();
    let _ = Command::new("kill").arg(xvfb.id().to_string()).status();
    let _ = xvfb.wait();
    let detail: Vec<String> = parts.iter().map(|(name, mib)| format!("{name} {mib:.1}")).collect();
    println!("MEASURE-DETAIL {label}: {}", detail.join(", "));
    report(&format!("pss_{label}"), total, "MiB");
    total
}

/// The baseline: an empty Tauri window (`src-tauri/app/examples/empty_window.rs`).
fn empty_window_binary() -> std::path::PathBuf {
    let empty = std::env::var_os("QUIRE_EMPTY_WINDOW_BINARY")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| app_binary().with_file_name("examples").join("empty-window"));
    assert!(empty.exists(), "build the baseline first: cargo build -p quire-desktop --example empty-window");
    empty
}

#[test]
#[ignore = "a measurement: run by bench/app.sh"]
fn measure_memory() {
    let _turn = turn();
    let app = app_binary();
    let empty = empty_window_binary();
    let dir = tempfile::tempdir().unwrap();
    let wiki = dir.path().join("content");
    copy_tree(&repo_root().join("content"), &wiki);
    let settle = Duration::from_secs(8);
    let baseline = idle_pss("empty_window", &empty, &[], settle);
    let bundled = idle_pss("app_bundled_wiki", &app, &[&wiki], settle);
    report("pss_ratio_bundled", bundled / baseline, "x");
    if let Some(large) = std::env::var_os("QUIRE_BENCH_WIKI") {
        let large = std::path::PathBuf::from(large);
        let with_large = idle_pss("app_large_wiki", &app, &[&large], Duration::from_secs(20));
        report("pss_ratio_large", with_large / baseline, "x");
    }
}
