//! End-to-end tests: the real `quire-desktop` binary in a real WebKitGTK
//! webview under Xvfb, driven through tauri-driver and WebKitWebDriver, on
//! a temporary git repository holding a copy of the bundled wiki.
//!
//! Needs: Xvfb, tauri-driver and WebKitWebDriver on PATH, and the app built
//! with its UI (`scripts/test.sh` does all of that). Screenshots of each
//! step go to `target/e2e/<test>/`.

mod commit;
mod history;
mod measure;
mod screen;
mod sync;
mod webdriver;
mod xss;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use quire_core::Entry;
use quire_tests::{copy_tree, git, repo_root};
use serde_json::json;
use webdriver::Session;

const WAIT: Duration = Duration::from_secs(15);

/// One test's world: a display, a driver, a wiki repository, the app.
struct World {
    session: Option<Session>,
    processes: Vec<Child>,
    wiki: PathBuf,
    /// The app's `XDG_DATA_HOME`: its crash journal lives here, not in the user's.
    data: PathBuf,
    /// tauri-driver's port, to start the app again.
    port: u16,
    /// The program started: the app, or a baseline for measurements.
    application: PathBuf,
    /// The X display (Xvfb) the app runs on.
    display: String,
    shots: PathBuf,
    step: usize,
    _dir: tempfile::TempDir,
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            session.close();
        }
        for process in self.processes.iter_mut().rev() {
            // SIGTERM first: tauri-driver stops its WebKitWebDriver only then.
            let _ = Command::new("kill").args(["-TERM", &process.id().to_string()]).status();
            let start = Instant::now();
            while matches!(process.try_wait(), Ok(None)) && start.elapsed() < Duration::from_secs(2) {
                std::thread::sleep(Duration::from_millis(20));
            }
            // Already-exited processes make kill fail; either way it is gone.
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Starts an Xvfb server on a display no other server holds, and waits
/// until it accepts clients. A display whose lock file another server left
/// behind (one killed without cleaning up) makes Xvfb exit at once; then
/// the next number is tried.
fn start_xvfb() -> (Child, String) {
    let first = 100 + usize::from(free_port()) % 400;
    for number in (first..first + 400).map(|number| 100 + (number - 100) % 400) {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        if Path::new(&format!("/tmp/.X{number}-lock")).exists() || socket.exists() {
            continue;
        }
        let display = format!(":{number}");
        let mut xvfb = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is installed (apt-get install xvfb)");
        let start = Instant::now();
        loop {
            if matches!(xvfb.try_wait(), Ok(Some(_))) {
                break;
            }
            if socket.exists() {
                return (xvfb, display);
            }
            if start.elapsed() > WAIT {
                let _ = xvfb.kill();
                let _ = xvfb.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("no X display between :100 and :499 could be started with Xvfb");
}

/// The app binary, built from the current sources once per run
/// (`QUIRE_APP_BINARY` names another, such as a release build to measure).
fn app_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            if let Some(binary) = std::env::var_os("QUIRE_APP_BINARY") {
                return PathBuf::from(binary);
            }
            assert!(
                repo_root().join("ui/dist/index.html").exists(),
                "ui/dist is missing: build the UI first (`npm --prefix ui ci && npm --prefix ui run build`)"
            );
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "--quiet", "-p", "quire-desktop", "--bin", "quire-desktop"])
                .current_dir(repo_root())
                .status()
                .expect("cargo runs");
            assert!(status.success(), "building quire-desktop failed");
            let target =
                std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
            target.join("debug").join("quire-desktop")
        })
        .clone()
}

/// tauri-driver starts one app at a time; tests take turns.
fn turn() -> std::sync::MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl World {
    /// Starts Xvfb, tauri-driver and the app on a fresh copy of the bundled
    /// wiki (plus `extra` files), committed in a new git repository.
    fn start(name: &str, extra: &[(&str, &str)]) -> World {
        World::start_program(name, extra, app_binary())
    }

    /// [`World::start`] with another program in the app's place (the
    /// measurements' empty Tauri window); it gets the wiki folder as its
    /// argument all the same.
    fn start_program(name: &str, extra: &[(&str, &str)], application: PathBuf) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = dir.path().join("repo");
        let wiki = repo.join("content");
        copy_tree(&repo_root().join("content"), &wiki);
        for (path, text) in extra {
            std::fs::write(wiki.join(path), text).expect("write extra entry");
        }
        git(&repo, &["init", "-q"]);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", "wiki"]);

        let shots = repo_root().join("target/e2e").join(name);
        let _ = std::fs::remove_dir_all(&shots);
        let data = dir.path().join("data");
        let (xvfb, display) = start_xvfb();
        let mut world = World {
            session: None,
            processes: Vec::new(),
            wiki,
            data,
            port: 0,
            application,
            display: display.clone(),
            shots,
            step: 0,
            _dir: dir,
        };
        world.processes.push(xvfb);
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", &display)
            .env("XDG_DATA_HOME", &world.data)
            // The app runs git (the Commit view): only the test repository's
            // configuration counts, never this machine's user or system one.
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
        world.processes.push(driver);
        // tauri-driver forwards to WebKitWebDriver, which it starts on the
        // native port; until that listens, a new session is refused with a
        // dropped connection. On a loaded machine it can take seconds.
        for (listener, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
            let start = Instant::now();
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(start.elapsed() < WAIT, "{listener} did not start listening on port {port}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        world.port = port;
        world.launch();
        world
    }

    /// Starts the app on the wiki (through tauri-driver) and waits for its entry list.
    fn launch(&mut self) {
        let start = || {
            Session::start(self.port, &self.application.to_string_lossy(), &[self.wiki.to_string_lossy().into_owned()])
        };
        let session = start().or_else(|error| {
            // A dropped connection (not a WebDriver error answer) means the
            // driver chain failed before an answer: clear any app it had
            // begun to start, then try once more.
            if !error.contains(": io:") {
                return Err(error);
            }
            eprintln!("retrying the WebDriver session after: {error}");
            for pid in self.app_pids() {
                let _ = Command::new("kill").args(["-9", &pid]).status();
            }
            std::thread::sleep(Duration::from_secs(1));
            start()
        });
        self.session = Some(session.expect("a WebDriver session on the app"));
        if self.application == app_binary() {
            self.app().wait_for("[data-testid=entry-item]", WAIT).expect("the entry list appears");
        }
    }

    /// The process id of the app running on this world's wiki.
    fn app_pid(&self) -> String {
        let pids = self.app_pids();
        assert_eq!(pids.len(), 1, "exactly one app process runs on this wiki: {pids:?}");
        pids.into_iter().next().unwrap()
    }

    /// The process ids of every app running on this world's wiki.
    fn app_pids(&self) -> Vec<String> {
        let binary = &self.application;
        let wiki = self.wiki.to_string_lossy().into_owned();
        std::fs::read_dir("/proc")
            .expect("/proc")
            .flatten()
            .filter(|item| item.file_name().to_string_lossy().bytes().all(|byte| byte.is_ascii_digit()))
            .filter(|item| {
                let command = std::fs::read(item.path().join("cmdline")).unwrap_or_default();
                let args: Vec<&[u8]> = command.split(|byte| *byte == 0).collect();
                args.first().is_some_and(|first| Path::new(&*String::from_utf8_lossy(first)) == binary.as_path())
                    && args.contains(&wiki.as_bytes())
            })
            .map(|item| item.file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// Ends the app the ordinary way and starts it again.
    fn relaunch(&mut self) {
        if let Some(session) = self.session.take() {
            session.close();
        }
        self.launch();
    }

    /// Kills the app with SIGKILL, as a crash or power cut would, and starts it again.
    fn crash_and_restart(&mut self) {
        let pid = self.app_pid();
        let status = Command::new("kill").args(["-9", &pid]).status().expect("kill runs");
        assert!(status.success());
        let stat = Path::new("/proc").join(&pid).join("stat");
        wait_until("the killed app is gone", || {
            std::fs::read_to_string(&stat).map_or(true, |stat| stat.contains(") Z "))
        });
        self.relaunch();
    }

    /// The crash journal's record files.
    fn journal_records(&self) -> Vec<PathBuf> {
        let dir = self.data.join("org.quire.desktop/journal");
        let Ok(listing) = std::fs::read_dir(dir) else { return Vec::new() };
        listing
            .flatten()
            .map(|item| item.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "json"))
            .collect()
    }

    fn editor_text(&self) -> String {
        let value = self
            .app()
            .execute(
                "const content = document.querySelector('[data-testid=section-editor] .cm-content'); \
                 return content?.cmTile?.root?.view?.state.doc.toString() ?? content?.textContent ?? ''",
                vec![],
            )
            .expect("editor text");
        value.as_str().unwrap_or_default().to_owned()
    }

    fn app(&self) -> &Session {
        self.session.as_ref().expect("session")
    }

    /// Saves a screenshot of the display, named after the step. Taken with
    /// ImageMagick's `import` as a user would, not through WebDriver: on a
    /// machine without a GPU the app paints without compositing (see
    /// `software_rendering_only` in the app), where WebKitWebDriver's
    /// snapshot never answers.
    fn shot(&mut self, step: &str) {
        self.step += 1;
        let path = self.shots.join(format!("{:02}-{step}.png", self.step));
        std::fs::create_dir_all(&self.shots).expect("the screenshot folder");
        // What the page just changed is painted a frame or two later (and a
        // dialog fades in over 90 ms): give the window that long.
        std::thread::sleep(Duration::from_millis(250));
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(&path)
            .status()
            .expect("ImageMagick's import is installed (apt-get install imagemagick)");
        assert!(status.success(), "import could not take {path:?}");
    }

    fn open_entry(&self, title: &str) {
        let item = self
            .app()
            .find_with_text("[data-testid=entry-item]", title)
            .expect("entry items")
            .unwrap_or_else(|| panic!("no entry item shows `{title}`"));
        self.app().click(&item).expect("click entry");
        self.app()
            .wait_until(
                "return document.querySelector('[data-testid=preview] h1')?.textContent === arguments[0]",
                vec![json!(title)],
                WAIT,
            )
            .expect("the preview shows the entry");
    }

    fn edit_section(&self, heading: &str) -> webdriver::Element {
        let control = self
            .app()
            .wait_for(&format!("[data-testid=section-edit][data-heading=\"{heading}\"]"), WAIT)
            .expect("section edit control");
        self.app().click(&control).expect("click edit section");
        self.app().wait_for("[data-testid=section-editor] .cm-content", WAIT).expect("the section editor opens")
    }

    fn save_state(&self) -> String {
        let value = self
            .app()
            .execute("return document.querySelector('[data-testid=save-state]')?.dataset.state ?? null", vec![])
            .expect("save state");
        value.as_str().unwrap_or_default().to_owned()
    }

    fn wait_state(&self, state: &str) {
        self.app()
            .wait_until(
                "return document.querySelector('[data-testid=save-state]')?.dataset.state === arguments[0]",
                vec![json!(state)],
                WAIT,
            )
            .unwrap_or_else(|error| panic!("save state never became `{state}` (is `{}`): {error}", self.save_state()));
    }

    fn read(&self, id: &str) -> String {
        std::fs::read_to_string(self.wiki.join(id)).expect("read entry")
    }
}

/// Waits up to [`WAIT`] for `condition` on the test's side (files, processes).
fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < WAIT, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The text of each part of an entry, by heading (the lead under "").
fn parts(text: &str) -> Vec<(String, String)> {
    let entry = Entry::parse(text);
    let mut parts = vec![(String::new(), entry.text()[entry.lead().span.clone()].to_owned())];
    for section in entry.sections() {
        parts.push((section.title().unwrap_or_default().to_owned(), entry.text()[section.span.clone()].to_owned()));
    }
    parts
}

const CONTROL: &str = "\u{E009}";

// The editor's core loop: open an entry, edit one section, see the preview
// follow, save, and find exactly that section changed on disk.
#[test]
fn edit_one_section_and_save() {
    let _turn = turn();
    let mut world = World::start("edit_one_section_and_save", &[]);
    world.open_entry("Kaiming He");
    world.shot("entry-open");
    let before = world.read("kaiming-he.md");

    let editor = world.edit_section("Open Questions");
    world.shot("section-editor");
    world.app().click(&editor).expect("focus editor");
    world.app().chord(CONTROL, "\u{E010}").expect("Ctrl+End");
    world.app().send_keys(&editor, "\n- Which benchmarks will outlive their datasets?").expect("type");
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview]').textContent.includes(arguments[0])",
            vec![json!("Which benchmarks will outlive their datasets?")],
            WAIT,
        )
        .expect("the preview shows the new text");
    world.wait_state("dirty");
    world.shot("typed");
    world.app().chord(CONTROL, "s").expect("Ctrl+S");
    world.wait_state("saved");
    world.shot("saved");

    let after = world.read("kaiming-he.md");
    let (old, new) = (parts(&before), parts(&after));
    assert_eq!(old.len(), new.len(), "same sections");
    for ((heading, old_text), (_, new_text)) in old.iter().zip(&new) {
        if heading == "Open Questions" {
            assert!(new_text.contains("- Which benchmarks will outlive their datasets?"), "{new_text}");
            assert!(new_text.starts_with(old_text.trim_end()), "the rest of the section is kept");
        } else {
            assert_eq!(old_text, new_text, "section `{heading}` must be untouched");
        }
    }
}

/// The heading of the section holding 1-based `line` of `text` ("" for the lead).
fn section_at_line(text: &str, line: usize) -> String {
    let entry = Entry::parse(text);
    let lines = quire_core::LineIndex::new(entry.text());
    entry
        .sections()
        .iter()
        .rev()
        .find(|section| lines.position(entry.text(), section.span.start).line <= line)
        .map(|section| section.title().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

const EDITOR_TOP_LINE: &str = "const view = document.querySelector('[data-testid=section-editor] .cm-content').cmTile.root.view; \
     const top = view.scrollDOM.getBoundingClientRect().top; \
     const block = view.lineBlockAtHeight(Math.max(0, top - view.documentTop + 6)); \
     return view.state.doc.lineAt(block.from).number;";

const PREVIEW_TOP_PART: &str = "const page = document.querySelector('[data-testid=preview]'); \
     const top = page.parentElement.getBoundingClientRect().top + 12; \
     for (const block of page.querySelectorAll('[data-line]')) \
       if (block.getBoundingClientRect().bottom > top) return block.closest('.page-part').dataset.heading; \
     return null;";

// Scrolling either side brings the other to the same place: the editor's
// top line's section at the preview's top, and back.
#[test]
fn scroll_sync_both_ways() {
    let _turn = turn();
    let mut world = World::start("scroll_sync_both_ways", &[]);
    world.open_entry("Kaiming He");
    let text = world.read("kaiming-he.md");
    let top_line = |world: &World| world.app().execute(EDITOR_TOP_LINE, vec![]).unwrap().as_u64().unwrap() as usize;
    let preview_part = |world: &World| world.app().execute(PREVIEW_TOP_PART, vec![]).unwrap();

    // The editor, scrolled to 55% of the entry: the preview follows.
    world
        .app()
        .execute(
            "const scroller = document.querySelector('[data-testid=section-editor] .cm-scroller'); \
             scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * 0.55;",
            vec![],
        )
        .unwrap();
    let mut expected = String::new();
    wait_until("the preview shows the editor's section at its top", || {
        expected = section_at_line(&text, top_line(&world));
        preview_part(&world) == json!(expected)
    });
    assert!(!expected.is_empty(), "scrolled past the lead");
    world.shot("editor-scrolled");

    // The preview, scrolled to Related Pages: the editor follows.
    world
        .app()
        .execute(
            "[...document.querySelectorAll('[data-testid=preview] h2')] \
               .find((heading) => heading.textContent === 'Related Pages').scrollIntoView({block: 'start'});",
            vec![],
        )
        .unwrap();
    wait_until("the editor shows Related Pages at its top", || {
        section_at_line(&text, top_line(&world)) == "Related Pages"
    });
    let heading_line = text.lines().position(|line| line == "## Related Pages").unwrap() + 1;
    let line = top_line(&world);
    assert!((heading_line..heading_line + 3).contains(&line), "editor top line {line}, heading at {heading_line}");
    world.shot("preview-scrolled");
}

// Opening a section brings the preview to it at once, whatever either pane
// showed before: just after another entry opened (whose preview the user had
// scrolled), from one section straight to another (the editor's scroll
// position can stay the same), and back to a section after the user
// scrolled the preview away from it.
#[test]
fn opening_a_section_brings_the_preview_to_it() {
    let _turn = turn();
    let mut world = World::start("opening_a_section_brings_the_preview_to_it", &[]);
    let preview_part = |world: &World| world.app().execute(PREVIEW_TOP_PART, vec![]).unwrap();
    let scroll_preview_to = |world: &World, heading: &str| {
        world
            .app()
            .execute(
                "[...document.querySelectorAll('[data-testid=preview] h1, [data-testid=preview] h2')] \
                   .find((heading) => heading.textContent === arguments[0]).scrollIntoView({block: 'start'});",
                vec![json!(heading)],
            )
            .unwrap();
    };
    world.open_entry("Kaiming He");
    scroll_preview_to(&world, "Related Pages");
    wait_until("the preview is scrolled", || preview_part(&world) == json!("Related Pages"));

    world.open_entry("ImageNet");
    world.edit_section("Open Questions");
    wait_until("the preview shows Open Questions", || preview_part(&world) == json!("Open Questions"));

    world.edit_section("Governance Implications");
    wait_until("the preview shows Governance Implications", || {
        preview_part(&world) == json!("Governance Implications")
    });
    world.shot("section-to-section");

    scroll_preview_to(&world, "ImageNet");
    wait_until("the preview is scrolled to the top", || preview_part(&world) == json!(""));
    world.edit_section("Governance Implications");
    wait_until("the preview shows Governance Implications again", || {
        preview_part(&world) == json!("Governance Implications")
    });
    // Only the panes scrolled: the window's top bar is still at its top.
    let top = world.app().execute("return document.getElementById('app').getBoundingClientRect().top", vec![]).unwrap();
    assert_eq!(top.as_f64(), Some(0.0), "the window itself scrolled");
    world.shot("section-again");
}

// A link to a section of another entry opens that entry there: the preview
// at the section (and it stays there), the editor following it.
#[test]
fn a_link_to_a_section_opens_the_entry_there() {
    let _turn = turn();
    let mut world = World::start("a_link_to_a_section_opens_the_entry_there", &[]);
    let text = world.read("kaiming-he.md");
    let top_line = |world: &World| world.app().execute(EDITOR_TOP_LINE, vec![]).unwrap().as_u64().unwrap() as usize;
    let preview_part = |world: &World| world.app().execute(PREVIEW_TOP_PART, vec![]).unwrap();
    world.open_entry("Contrastive Learning");
    let link = world
        .app()
        .wait_for("[data-testid=preview] a[data-anchor]", WAIT)
        .expect("a link to a section of another entry");
    world.app().click(&link).unwrap();
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview] h1')?.textContent === 'Kaiming He'",
            vec![],
            WAIT,
        )
        .expect("the linked entry opens");
    wait_until("the preview shows the linked section", || preview_part(&world) == json!("Self-Supervised Vision"));
    wait_until("the editor follows to the linked section", || {
        section_at_line(&text, top_line(&world)) == "Self-Supervised Vision"
    });
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(preview_part(&world), json!("Self-Supervised Vision"), "the preview stays at the linked section");
    world.shot("linked-section");
}

// A file changed by another program while the editor is clean reloads in
// place, whatever way the program writes (C2): in place, vim's rename dance,
// `sed -i`, `git checkout -- file`.
#[test]
fn external_edit_while_clean_reloads() {
    let _turn = turn();
    let mut world = World::start("external_edit_while_clean_reloads", &[]);
    world.open_entry("ImageNet");
    let path = world.wiki.join("imagenet.md");
    let committed = world.read("imagenet.md");
    let shows = |world: &World, text: &str, how: &str| {
        world
            .app()
            .wait_until(
                "return document.querySelector('[data-testid=preview]').textContent.includes(arguments[0])",
                vec![json!(text)],
                WAIT,
            )
            .unwrap_or_else(|error| panic!("{how}: the change never showed: {error}"));
        assert_eq!(world.save_state(), "saved", "{how}");
        assert!(world.app().find_all("[data-testid=conflict-banner]").unwrap().is_empty(), "{how}: no conflict");
    };

    std::fs::write(&path, committed.replacen("## Snapshot\n", "## Snapshot\n\n- Edited elsewhere: yes\n", 1)).unwrap();
    shows(&world, "Edited elsewhere", "written in place");
    world.shot("reloaded");

    let backup = world.wiki.join("imagenet.md~");
    std::fs::rename(&path, &backup).unwrap();
    std::fs::write(&path, committed.replacen("## Snapshot\n", "## Snapshot\n\n- Edited in vim: yes\n", 1)).unwrap();
    std::fs::remove_file(&backup).unwrap();
    shows(&world, "Edited in vim", "vim-style rename");

    let status = Command::new("sed").args(["-i", "s/Edited in vim/Edited by sed/"]).arg(&path).status().unwrap();
    assert!(status.success());
    shows(&world, "Edited by sed", "sed -i");

    git(world.wiki.parent().unwrap(), &["checkout", "--", "content/imagenet.md"]);
    world
        .app()
        .wait_until(
            "return !document.querySelector('[data-testid=preview]').textContent.includes('Edited by sed')",
            vec![],
            WAIT,
        )
        .expect("git checkout brings the committed text back");
    assert_eq!(world.read("imagenet.md"), committed);
    assert_eq!(world.save_state(), "saved");
}

/// Opens ImageNet's Snapshot section and types `line` at its end; waits for "dirty".
fn type_in_snapshot(world: &World, line: &str) {
    let editor = world.edit_section("Snapshot");
    world.app().click(&editor).unwrap();
    world.app().chord(CONTROL, "\u{E010}").unwrap();
    world.app().send_keys(&editor, &format!("\n{line}")).unwrap();
    world.wait_state("dirty");
}

// Changed elsewhere in another section while the user has unsaved edits:
// both are kept, merged, and the user is told; nothing is written until Ctrl+S.
#[test]
fn external_edit_elsewhere_while_dirty_merges() {
    let _turn = turn();
    let mut world = World::start("external_edit_elsewhere_while_dirty_merges", &[]);
    world.open_entry("ImageNet");
    type_in_snapshot(&world, "- Mine: typed in the app");
    let text = world.read("imagenet.md");
    let theirs = text.replacen("## Definition\n", "## Definition\n\nTheirs: written elsewhere.\n", 1);
    std::fs::write(world.wiki.join("imagenet.md"), &theirs).unwrap();
    world.app().wait_for("[data-testid=merged-notice]", WAIT).expect("a merge notice");
    let said = world.app().execute("return document.querySelector('[data-testid=merged-notice]').textContent", vec![]);
    assert!(said.unwrap().as_str().unwrap_or_default().contains("Definition"), "the notice names the section");
    world.shot("merged");
    assert!(world.app().find_all("[data-testid=conflict-banner]").unwrap().is_empty(), "no conflict to resolve");
    assert_eq!(world.save_state(), "dirty");
    assert_eq!(world.read("imagenet.md"), theirs, "nothing written before Ctrl+S");
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview]').textContent.includes('Theirs: written elsewhere')",
            vec![],
            WAIT,
        )
        .expect("the preview shows their change");
    world.app().chord(CONTROL, "s").unwrap();
    world.wait_state("saved");
    let saved = world.read("imagenet.md");
    assert!(saved.contains("- Mine: typed in the app") && saved.contains("Theirs: written elsewhere."), "{saved}");
}

// Changed elsewhere on the same lines while the user has unsaved edits:
// a conflict that loses neither side, and never a silent overwrite.
#[test]
fn external_edit_while_dirty_shows_conflict() {
    let _turn = turn();
    let mut world = World::start("external_edit_while_dirty_shows_conflict", &[]);
    world.open_entry("ImageNet");
    type_in_snapshot(&world, "- Mine: typed in the app");
    // Another line written at the very place of the typing: the two overlap.
    let mine = world.editor_text();
    assert!(mine.contains("\n- Mine: typed in the app\n"), "the editor's whole text: {mine}");
    let theirs = mine.replace("- Mine: typed in the app", "- Theirs: written elsewhere");
    std::fs::write(world.wiki.join("imagenet.md"), &theirs).unwrap();
    world.app().wait_for("[data-testid=conflict-banner]", WAIT).expect("a conflict banner");
    world.shot("conflict");
    assert_eq!(world.read("imagenet.md"), theirs, "the other program's text is on disk, untouched");
    assert!(world.editor_text().contains("Mine: typed in the app"), "my edit is still in the editor");
    world.app().chord(CONTROL, "s").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(world.read("imagenet.md"), theirs, "Ctrl+S does not silently overwrite during a conflict");

    // Merge by hand: both versions in the editor between markers, the conflict flagged as a problem.
    let merge = world.app().wait_for("[data-testid=conflict-merge]", WAIT).expect("a merge-by-hand button");
    world.app().click(&merge).unwrap();
    world
        .app()
        .wait_until("return !document.querySelector('[data-testid=conflict-banner]')", vec![], WAIT)
        .expect("the banner goes once both sides are in the editor");
    world.app().wait_for("[data-testid=problem][data-code=conflict-marker]", WAIT).expect("the markers are flagged");
    world.shot("merge-by-hand");
    let both = world.editor_text();
    assert!(both.contains("Mine: typed in the app") && both.contains("Theirs: written elsewhere"), "{both}");
}

// D5: killed while typing, the app offers the text back on the next start.
#[test]
fn crash_journal_brings_typing_back() {
    let _turn = turn();
    let mut world = World::start("crash_journal_brings_typing_back", &[]);
    world.open_entry("ImageNet");
    type_in_snapshot(&world, "- Typed before the crash: yes");
    wait_until("the unsaved text reaches the journal", || {
        world.journal_records().iter().any(|record| {
            std::fs::read_to_string(record).is_ok_and(|json| json.contains("- Typed before the crash: yes"))
        })
    });
    let journal = world.data.join("org.quire.desktop/journal");
    assert!(!journal.starts_with(&world.wiki), "the journal is outside the wiki");
    let before = world.read("imagenet.md");

    world.crash_and_restart();
    world.app().wait_for("[data-testid=draft-banner]", WAIT).expect("the draft is offered after the restart");
    assert_eq!(world.read("imagenet.md"), before, "nothing was written to the entry");
    world.shot("draft-offered");
    let restore = world.app().wait_for("[data-testid=draft-restore]", WAIT).unwrap();
    world.app().click(&restore).unwrap();
    world.wait_state("dirty");
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview]').textContent.includes('Typed before the crash')",
            vec![],
            WAIT,
        )
        .expect("the typed text is back");
    world.shot("restored");
    world.app().chord(CONTROL, "s").unwrap();
    world.wait_state("saved");
    assert!(world.read("imagenet.md").contains("- Typed before the crash: yes"));
    wait_until("the save removes the journal record", || world.journal_records().is_empty());
}

// The ways around the wiki: quick open by part of a name, a new entry from
// its kind's skeleton (which turns red links blue), and the wiki-wide
// problems view.
#[test]
fn quick_open_new_entry_and_wiki_problems() {
    let _turn = turn();
    let mut world = World::start("quick_open_new_entry_and_wiki_problems", &[]);

    world.app().chord(CONTROL, "p").expect("Ctrl+P");
    let search = world.app().wait_for("[data-testid=quick-open] input", WAIT).expect("quick open");
    world.app().send_keys(&search, "hint").unwrap();
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=quick-open-item]')?.textContent.includes('Geoffrey Hinton')",
            vec![],
            WAIT,
        )
        .expect("Geoffrey Hinton is the first match for `hint`");
    world.shot("quick-open");
    world.app().send_keys(&search, "\u{E007}").unwrap();
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview] h1')?.textContent === 'Geoffrey Hinton'",
            vec![],
            WAIT,
        )
        .expect("Enter opens the match");

    world.app().chord(CONTROL, "n").expect("Ctrl+N");
    let title = world.app().wait_for("[data-testid=new-entry-dialog] input", WAIT).expect("new entry dialog");
    world.app().send_keys(&title, "Yann LeCun").unwrap();
    world
        .app()
        .execute(
            "const s = document.querySelector('[data-testid=new-entry-dialog] select'); s.value = 'person'; s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .unwrap();
    world.shot("new-entry");
    world.app().send_keys(&title, "\u{E007}").unwrap();
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview] h1')?.textContent === 'Yann LeCun'",
            vec![],
            WAIT,
        )
        .expect("the new entry opens");
    let created = world.read("yann-lecun.md");
    assert!(created.contains("kind: person") && created.contains("## Open Questions"), "{created}");
    world
        .app()
        .wait_until(
            "return ![...document.querySelectorAll('[data-testid=wanted-item]')].some(e => e.textContent.includes('Yann LeCun'))",
            vec![],
            WAIT,
        )
        .expect("Yann LeCun is no longer a wanted page");
    world.shot("created");

    let tab = world.app().find_with_text("[role=tab]", "Whole wiki").unwrap().expect("the whole-wiki tab");
    world.app().click(&tab).unwrap();
    world.app().wait_for("[data-testid=problem-code]", WAIT).expect("counts by code");
    let broken = world
        .app()
        .execute("return [...document.querySelectorAll('[data-testid=problem-code]')].some(e => e.textContent.includes('broken-link'))", vec![])
        .unwrap();
    assert_eq!(broken, json!(true));
    world.shot("wiki-problems");

    // A problem of another entry opens that entry with the problem selected.
    // The app keeps no text of entries not open: the list places problems
    // by line and column, which the editor turns into its own offsets.
    let row = world
        .app()
        .find_with_text("[data-testid=wiki-problem]", "no entry is called")
        .unwrap()
        .expect("a broken link in the wiki-wide list");
    let missing = world
        .app()
        .execute(
            "return [...document.querySelectorAll('[data-testid=wiki-problem]')] \
               .find(e => e.textContent.includes('no entry is called')).textContent",
            vec![],
        )
        .unwrap();
    let missing = missing.as_str().unwrap_or_default().to_owned();
    world.app().click(&row).unwrap();
    let selected = world
        .app()
        .wait_until(
            "const view = document.querySelector('[data-testid=section-editor] .cm-content')?.cmTile?.root?.view;              if (!view) return null;              const range = view.state.selection.main;              return range.empty ? null : view.state.sliceDoc(range.from, range.to);",
            vec![],
            WAIT,
        )
        .expect("the problem's link is selected");
    let selected = selected.as_str().unwrap_or_default().to_owned();
    assert!(selected.starts_with("[[") && selected.ends_with("]]"), "selected: {selected:?}");
    let name = selected.trim_start_matches("[[").trim_end_matches("]]").split(['|', '#']).next().unwrap_or_default();
    assert!(missing.contains(name), "the row `{missing}` is about the selected link `{selected}`");
    world.shot("wiki-problem-opened");
}

/// Whether the element matching `css` is on screen and on top at its centre
/// (not clipped by a pane, not hidden under another element).
fn on_top(world: &World, css: &str) -> bool {
    let value = world
        .app()
        .execute(
            "const element = document.querySelector(arguments[0]); \
             if (!element) return false; \
             const box = element.getBoundingClientRect(); \
             if (box.width < 40 || box.height < 10) return false; \
             const x = box.left + box.width / 2, y = box.top + box.height / 2; \
             if (x > innerWidth || y > innerHeight) return false; \
             const hit = document.elementFromPoint(x, y); \
             return hit !== null && (element === hit || element.contains(hit));",
            vec![json!(css)],
        )
        .expect("hit test");
    value.as_bool().unwrap_or(false)
}

// Each pane of the window contains its own layout and paint (App.svelte),
// which would clip anything that floats out of it: the completions of `[[`
// and the Add section dialog must still show whole, on top, and work.
#[test]
fn completions_and_dialogs_float_above_the_panes() {
    let _turn = turn();
    let mut world = World::start("completions_and_dialogs_float_above_the_panes", &[]);
    world.open_entry("Kaiming He");
    let editor = world.edit_section("Open Questions");
    world.app().chord(CONTROL, "\u{E010}").unwrap();
    world.app().send_keys(&editor, "\nSee [[Geoff").unwrap();
    world
        .app()
        .wait_until(
            "return document.querySelector('.cm-tooltip-autocomplete li')?.textContent.includes('Geoffrey Hinton')",
            vec![],
            WAIT,
        )
        .expect("`[[` offers entry titles");
    assert!(on_top(&world, ".cm-tooltip-autocomplete li"), "the completions show above the panes");
    world.shot("completions");
    world.app().send_keys(&editor, "\u{E007}").unwrap();
    wait_until("the completion is inserted", || world.editor_text().contains("See [[Geoffrey Hinton]]"));

    let add = world.app().wait_for("[data-testid=add-section]", WAIT).expect("the Add section button");
    world.app().click(&add).unwrap();
    world.app().wait_for("[data-testid=add-section-dialog]", WAIT).expect("the dialog opens");
    assert!(on_top(&world, "[data-testid=add-section-dialog]"), "the dialog shows whole, above the panes");
    world.shot("add-section-dialog");
    let name = world.app().wait_for("[data-testid=add-section-dialog] input", WAIT).expect("the name field");
    world.app().send_keys(&name, "\u{E00C}").unwrap();
    world
        .app()
        .wait_until("return !document.querySelector('[data-testid=add-section-dialog]')", vec![], WAIT)
        .expect("Escape closes the dialog");

    // F1 lists the keyboard shortcuts, as the top bar's ? button does.
    world.app().send_keys(&editor, "\u{E031}").unwrap();
    let list = world.app().wait_for("[data-testid=shortcuts-dialog]", WAIT).expect("F1 opens the shortcuts");
    assert!(on_top(&world, "[data-testid=shortcuts-dialog]"), "the shortcuts show whole, above the panes");
    let text = world
        .app()
        .execute("return document.querySelector('[data-testid=shortcuts-dialog]').innerText", vec![])
        .unwrap();
    let text = text.as_str().unwrap_or_default();
    for (keys, what) in [("Ctrl S", "Save"), ("Ctrl E", "One section"), ("F2", "Rename"), ("[[", "Complete")] {
        assert!(text.contains(keys) && text.contains(what), "the list names {keys}: {text}");
    }
    world.shot("shortcuts");
    world.app().send_keys(&list, "\u{E00C}").unwrap();
    world
        .app()
        .wait_until("return !document.querySelector('[data-testid=shortcuts-dialog]')", vec![], WAIT)
        .expect("Escape closes the shortcuts");
    let button = world.app().wait_for("[data-testid=shortcuts-button]", WAIT).expect("the ? button");
    world.app().click(&button).unwrap();
    world.app().wait_for("[data-testid=shortcuts-dialog]", WAIT).expect("the ? button opens the shortcuts");
}

// A wiki of 1,000 entries: the sidebar draws only the rows in view, yet
// every entry can be scrolled to, and clicked to open it; the filter finds
// one far down the list.
#[test]
fn a_long_entry_list_draws_the_rows_in_view() {
    let _turn = turn();
    let texts: Vec<(String, String)> = (0..1000)
        .map(|n| {
            let title = format!("Zz Generated {n:04}");
            (
                format!("zz-generated-{n:04}.md"),
                format!("---\ntitle: {title}\nkind: concept\n---\n\n# {title}\n\n{title} is one of many.\n"),
            )
        })
        .collect();
    let extra: Vec<(&str, &str)> = texts.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let mut world = World::start("a_long_entry_list_draws_the_rows_in_view", &extra);
    world.app().wait_for("[data-testid=preview] h1", WAIT).expect("an entry opens at start");
    let drawn =
        world.app().execute("return document.querySelectorAll('[data-testid=entry-item]').length", vec![]).unwrap();
    let drawn = drawn.as_u64().expect("a count");
    assert!((10..200).contains(&drawn), "the rows in view and a margin are drawn, not all 1,008: {drawn}");

    world
        .app()
        .execute("const list = document.querySelector('.entries'); list.scrollTop = list.scrollHeight;", vec![])
        .unwrap();
    world
        .app()
        .wait_until(
            "return [...document.querySelectorAll('[data-testid=entry-item]')].some((item) => item.textContent.includes('Zz Generated 0999'))",
            vec![],
            WAIT,
        )
        .expect("the last entry is drawn once the list is scrolled to its end");
    world.shot("scrolled-to-the-end");
    world.open_entry("Zz Generated 0999");

    let filter = world.app().wait_for("input[type=search]", WAIT).expect("the filter box");
    world.app().send_keys(&filter, "generated 0500").unwrap();
    world
        .app()
        .wait_until(
            "const items = document.querySelectorAll('[data-testid=entry-item]'); \
             return items.length === 1 && items[0].textContent.includes('Zz Generated 0500')",
            vec![],
            WAIT,
        )
        .expect("the filter finds an entry in the middle of the list");
    world.open_entry("Zz Generated 0500");
}
