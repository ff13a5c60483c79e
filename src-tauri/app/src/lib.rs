//! The Quire desktop app: a Tauri v2 shell over quire-core.
//!
//! The domain lives in quire-core; this crate wires it to the webview:
//! [`session`] holds the open wiki (plain Rust, tested directly),
//! [`commands`] are thin IPC wrappers over it, [`history`] reads git
//! history and diffs of entries, [`commit`] stages and commits them, [`watcher`] turns file-system
//! events into index updates, and [`ipc`] defines every type that crosses
//! to the UI (generated for TypeScript).

pub mod askpass;
pub mod commands;
pub mod commit;
pub mod history;
pub mod ipc;
pub mod logs;
pub mod session;
pub mod sync;
pub mod watcher;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod command_lists;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::menu::{MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::commands::AppState;
use crate::ipc::{ErrorCode, IpcError, WikiChanged, WikiView};
use crate::session::WikiSession;
use crate::watcher::Change;

/// The event the UI listens to for changes made outside the app.
pub const WIKI_CHANGED: &str = "wiki-changed";
/// The event asking the UI to open another wiki folder (from the menu): the
/// UI asks about unsaved edits first, then calls `choose_wiki_folder`.
pub const OPEN_WIKI_REQUESTED: &str = "open-wiki-requested";
const OPEN_WIKI_MENU_ID: &str = "open-wiki";
/// Help › Show Logs: opens the log folder (`logs.rs`).
const SHOW_LOGS_MENU_ID: &str = "show-logs";

/// Registers the app's state and commands: shared by [`run`] and the
/// mock-runtime tests.
pub fn builder<R: Runtime>(session: Option<WikiSession>) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(session))
        .manage(sync::SyncGate::default())
        .manage(askpass::AskpassSlot::default())
        .invoke_handler(tauri::generate_handler![
            commands::wiki_view,
            commands::load_entry,
            commands::analyze_entry,
            commands::save_entry,
            commands::create_entry,
            commands::new_entry_id,
            commands::renamed_entry_id,
            commands::wiki_problems,
            commands::record_unsaved,
            commands::discard_unsaved,
            commands::unsaved_edits,
            commands::start_up,
            commands::merge_with_disk_text,
            commands::choose_wiki_folder,
            commands::open_external,
            commands::entry_history,
            commands::entry_diff,
            commands::changed_entries,
            commands::restore_section,
            commands::commit_view,
            commands::stage_entry,
            commands::commit_staged,
            commands::rename_entry,
            commands::editor_ready,
            commands::sync_status,
            commands::sync_fetch,
            commands::sync_incoming,
            commands::sync_run,
            commands::sync_continue,
            commands::sync_conflicts,
            commands::sync_resolve,
            commands::sync_abort,
            commands::add_remote,
            commands::sync_settings,
            commands::set_sync_settings,
            commands::askpass_answer,
        ])
}

/// The crash journal in the app's data folder (`$XDG_DATA_HOME/org.quire.desktop/journal`).
fn journal<R: Runtime>(app: &tauri::AppHandle<R>) -> Option<quire_core::Journal> {
    in_data_folder(app, "journal", |dir| quire_core::Journal::open(dir), "unsaved edits cannot be kept")
}

/// The log of multi-file changes in the app's data folder
/// (`$XDG_DATA_HOME/org.quire.desktop/intents`), shared with `quire`.
fn intents<R: Runtime>(app: &tauri::AppHandle<R>) -> Option<quire_core::IntentLog> {
    in_data_folder(app, "intents", |dir| quire_core::IntentLog::open(dir), "renames cannot be recorded")
}

/// What `open` makes of the folder `name` of the app's data folder; `None`,
/// said on standard error, when it cannot.
fn in_data_folder<R: Runtime, T>(
    app: &tauri::AppHandle<R>,
    name: &str,
    open: impl FnOnce(&Path) -> std::io::Result<T>,
    consequence: &str,
) -> Option<T> {
    let dir = app.path().app_data_dir().ok()?.join(name);
    open(&dir).map_err(|error| tracing::error!("{consequence} in `{}`: {error}", dir.display())).ok()
}

/// Opens the wiki at `root` in place of the open one, with the app's crash
/// journal and intent log, and watches it.
pub fn open_wiki<R: Runtime>(app: &tauri::AppHandle<R>, root: &Path) -> Result<WikiView, IpcError> {
    open_wiki_with(app, root, journal(app), intents(app))
}

/// [`open_wiki`] with a given journal and intent log (tests use temporary
/// ones). A change an earlier process left unfinished in the wiki is
/// completed or undone first, before the wiki is read.
pub fn open_wiki_with<R: Runtime>(
    app: &tauri::AppHandle<R>,
    root: &Path,
    journal: Option<quire_core::Journal>,
    intents: Option<quire_core::IntentLog>,
) -> Result<WikiView, IpcError> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    let recovered = intents.as_ref().map(|log| log.recover(&root)).unwrap_or_default();
    for recovery in &recovered {
        tracing::warn!("{recovery}");
    }
    let started = std::time::Instant::now();
    let mut session = WikiSession::open(&root, quire_core::Date::today())?;
    if let Some(journal) = journal {
        session = session.with_journal(journal);
    }
    if let Some(intents) = intents {
        session = session.with_intents(intents, recovered.iter().map(ToString::to_string).collect());
    }
    let view = session.view();
    tracing::info!(
        wiki = %root.display(),
        entries = view.entries.len(),
        milliseconds = started.elapsed().as_millis() as u64,
        "wiki opened"
    );
    app.state::<AppState>().replace(session);
    start_watching(app.clone(), root);
    Ok(view)
}

/// Whether the webview may navigate to `url`: only the app's own page. The
/// UI never navigates (it is one page); any other path of the app's origin
/// would replace the app with a blank page or a reload and lose unsaved
/// edits, so only the page itself passes (a fragment is harmless).
fn is_app_url(url: &tauri::Url) -> bool {
    let origin = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    };
    origin && matches!(url.path(), "" | "/" | "/index.html") && url.query().is_none()
}

/// Whether this machine has no GPU for WebKit (no DRM render node: a VM,
/// Xvfb, most remote desktops). WebKitGTK then composites with a software
/// GL, and each frame costs tens of milliseconds more than its
/// non-composited path: keystroke to preview 74/95 ms against 59/70 (p50 /
/// p95) on a typical entry, 287/381 against 122/157 on a 200 KB one
/// (BENCHMARKS.md). With a GPU, WebKit's own policy stands.
#[cfg(target_os = "linux")]
fn software_rendering_only() -> bool {
    let render_node = |name: &std::ffi::OsStr| name.to_string_lossy().starts_with("renderD");
    std::fs::read_dir("/dev/dri")
        .map_or(true, |entries| !entries.flatten().any(|entry| render_node(&entry.file_name())))
}

/// Asks for what the window shows first (`start_up`) as its page begins:
/// the page's script takes about 0.2 s to load and run, and the answer is
/// ready by then instead of being asked for after it (`ui/src/main.ts`
/// takes it, or asks the usual way when it is missing or failed).
const START_UP_SCRIPT: &str = "window.__QUIRE_START_UP__ = window.__TAURI_INTERNALS__.invoke('start_up');\n\
     window.__QUIRE_START_UP__.catch(() => {});";

/// Listens for git's credential questions (`askpass.rs`) in the user's
/// runtime folder; without it git fails authentication with a clear message.
fn start_askpass<R: Runtime>(app: &tauri::AppHandle<R>) {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let handle = app.clone();
    let ask = move |question: &askpass::Question| {
        if let Err(error) = handle.emit(askpass::ASKPASS_EVENT, question) {
            tracing::error!("cannot ask the window for a credential: {error}");
        }
    };
    match std::env::current_exe().and_then(|program| askpass::Askpass::start(&runtime, &program, ask)) {
        Ok(askpass) => {
            *app.state::<askpass::AskpassSlot>().0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some(askpass);
        }
        Err(error) => tracing::warn!("credentials cannot be asked for in the app: {error}"),
    }
}

/// Runs the app on the wiki folder named on the command line, else the
/// one `quire` would find from the current folder.
pub fn run() {
    // Flushes the log file when the app ends.
    let log = logs::start();
    // The same rule as `quire`: the folder named, else the nearest folder
    // holding `wiki.toml` at or above the current one, else `./content`.
    let named = std::env::args_os().nth(1).map(PathBuf::from);
    let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = quire_core::locate_wiki(&current, named.as_deref())
        .map(|found| current.join(found.root))
        .map_err(|error| IpcError::new(ErrorCode::NoWiki, error.to_string()));
    let result = builder::<tauri::Wry>(None)
        .setup(move |app| {
            let open = MenuItemBuilder::with_id(OPEN_WIKI_MENU_ID, "Open Wiki Folder…")
                .accelerator("CmdOrCtrl+O")
                .build(app)?;
            let file = SubmenuBuilder::new(app, "File").item(&open).separator().quit().build()?;
            let edit =
                SubmenuBuilder::new(app, "Edit").undo().redo().separator().cut().copy().paste().select_all().build()?;
            let show_logs_item = MenuItemBuilder::with_id(SHOW_LOGS_MENU_ID, "Show Logs").build(app)?;
            let help = SubmenuBuilder::new(app, "Help").item(&show_logs_item).build()?;
            let menu = MenuBuilder::new(app).items(&[&file, &edit, &help]).build()?;
            let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Quire")
                .menu(menu)
                .inner_size(1360.0, 860.0)
                .min_inner_size(820.0, 520.0)
                .on_navigation(is_app_url)
                .initialization_script(START_UP_SCRIPT)
                .build()?;
            #[cfg(target_os = "linux")]
            if software_rendering_only() {
                window.with_webview(|webview| {
                    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
                    if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                    }
                })?;
            }
            #[cfg(not(target_os = "linux"))]
            let _ = window;
            app.on_menu_event(|app, event| {
                if event.id() == OPEN_WIKI_MENU_ID
                    && let Err(error) = app.emit(OPEN_WIKI_REQUESTED, ())
                {
                    tracing::error!("cannot ask the window to open a wiki: {error}");
                }
                if event.id() == SHOW_LOGS_MENU_ID {
                    show_logs();
                }
            });
            start_askpass(app.handle());
            if let Err(error) = root.clone().and_then(|root| open_wiki(app.handle(), &root)) {
                tracing::error!("{}", error.message);
                app.state::<AppState>().set_error(error);
            }
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        tracing::error!("{error}");
        drop(log);
        std::process::exit(1);
    }
}

/// Opens the log folder in the system's file manager.
fn show_logs() {
    let Some(dir) = logs::folder() else {
        tracing::warn!("this user has no data folder, so no log folder");
        return;
    };
    if let Err(error) = quire_core::private_folder(&dir).and_then(|()| open::that_detached(&dir)) {
        tracing::error!("cannot open the log folder `{}`: {error}", dir.display());
    }
}

/// Keeps the watch alive for the app's lifetime and forwards changes.
struct Watching(Mutex<Option<watcher::Watch>>);

fn start_watching<R: Runtime>(app: tauri::AppHandle<R>, root: PathBuf) {
    // Stop watching the wiki open before, if any.
    if let Some(watching) = app.try_state::<Watching>() {
        watching.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    }
    let handle = app.clone();
    let on_change = move |change: Change| {
        // Planned and taken under the session, read without it: a keystroke
        // never waits behind the disk.
        let result = crate::session::follow_disk(&*handle.state::<AppState>(), change);
        match result {
            Ok(changed) if changed.changed.is_empty() && changed.removed.is_empty() && !changed.rescanned => {}
            Ok(changed) => emit(&handle, changed),
            Err(error) => tracing::error!("{}", error.message),
        }
    };
    match watcher::watch(&root, on_change) {
        Ok((watch, notice)) => {
            match app.try_state::<Watching>() {
                Some(watching) => *watching.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(watch),
                None => {
                    app.manage(Watching(Mutex::new(Some(watch))));
                }
            }
            if let Some(notice) = notice {
                emit(&app, WikiChanged::notice(notice));
            }
        }
        Err(message) => emit(&app, WikiChanged::notice(message)),
    }
}

fn emit<R: Runtime>(app: &tauri::AppHandle<R>, changed: WikiChanged) {
    if let Err(error) = app.emit(WIKI_CHANGED, changed) {
        tracing::error!("cannot notify the window: {error}");
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::MockRuntime;
    use tauri::webview::InvokeRequest;

    use super::*;
    use crate::ipc::{EntryView, IpcError, MergeResult, SaveOutcome, StartUp, UnsavedEdit, WikiView};

    fn wiki() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("wiki.toml"),
            "[wiki]\ndefault_kind = \"concept\"\n[kinds.concept]\nrequired_sections = [\"Sources\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("alpha.md"),
            "# Alpha\r\n\r\nSee [[Beta]].\r\n\r\n## Sources\r\n\r\n- A, 2020.\r\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("beta.md"),
            "\u{feff}# Beta\n\nBack to [[Alpha]].\n\n## Sources\n\n- B, 2021.\n",
        )
        .unwrap();
        dir
    }

    fn app(root: &Path) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
        // One intent log for every test: records are per wiki and gone after each change.
        static DATA: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
        let data = DATA.get_or_init(|| tempfile::tempdir().unwrap());
        let intents = quire_core::IntentLog::open(data.path().join("intents")).unwrap();
        let session = WikiSession::open(root, quire_core::Date::parse("2026-11-29").unwrap())
            .unwrap()
            .with_intents(intents, Vec::new());
        // The real config and capabilities, so the tests also check that the
        // main window is granted each command.
        let app = builder(Some(session)).build(tauri::generate_context!("tauri.conf.json")).unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        (app, window)
    }

    /// The app on `root` with its crash journal in `data` (kept across "restarts").
    fn app_with_journal(root: &Path, data: &Path) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
        let (app, window) = app(root);
        let journal = quire_core::Journal::open(data.join("journal")).unwrap();
        let intents = quire_core::IntentLog::open(data.join("intents")).unwrap();
        open_wiki_with(app.handle(), root, Some(journal), Some(intents)).unwrap();
        (app, window)
    }

    /// Records `text` as unsaved edits of entry `id`, based on what is on disk.
    fn record_draft(window: &tauri::WebviewWindow<MockRuntime>, id: &str, text: &str) {
        let loaded: EntryView = invoke(window, "load_entry", json!({ "id": id })).unwrap();
        invoke::<()>(window, "record_unsaved", json!({"id": id, "text": text, "baseHash": loaded.hash})).unwrap();
    }

    fn invoke<T: serde::de::DeserializeOwned>(
        window: &tauri::WebviewWindow<MockRuntime>,
        cmd: &str,
        args: Value,
    ) -> Result<T, IpcError> {
        invoke_from(window, "tauri://localhost", cmd, args).map_err(|value| serde_json::from_value(value).unwrap())
    }

    /// Invokes `cmd` as a page at `origin` would; the error is the raw reply.
    fn invoke_from<T: serde::de::DeserializeOwned>(
        window: &tauri::WebviewWindow<MockRuntime>,
        origin: &str,
        cmd: &str,
        args: Value,
    ) -> Result<T, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: window.app_handle().invoke_key().to_owned(),
        };
        tauri::test::get_ipc_response(window, request).map(|body| body.deserialize::<T>().unwrap())
    }

    // Only the app's own pages may call commands: a remote page loaded into
    // the webview (by a bug or a link) gets nothing.
    #[test]
    fn commands_are_refused_to_other_origins() {
        let dir = wiki();
        let (_app, window) = app(dir.path());
        let denied = invoke_from::<WikiView>(&window, "https://evil.example", "wiki_view", json!({})).unwrap_err();
        assert!(denied.as_str().is_some_and(|message| message.contains("not allowed")), "{denied}");
        assert!(invoke::<WikiView>(&window, "wiki_view", json!({})).is_ok());
    }

    // The UI's whole edit loop goes through these commands: list, load,
    // analyze a draft, save; CRLF and BOM files must come back byte-identical.
    #[test]
    fn commands_load_analyze_and_save_through_the_ipc_layer() {
        let dir = wiki();
        let (_app, window) = app(dir.path());
        let view: WikiView = invoke(&window, "wiki_view", json!({})).unwrap();
        assert_eq!(view.entries.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Alpha", "Beta"]);

        let alpha: EntryView = invoke(&window, "load_entry", json!({"id": "alpha.md"})).unwrap();
        assert!(!alpha.text.contains('\r'), "the editor gets LF text");
        assert_eq!(alpha.analysis.outline.len(), 2);
        assert_eq!(alpha.analysis.backlinks.len(), 1);
        assert!(alpha.analysis.page[0].html.as_deref().is_some_and(|html| html.contains("data-entry=\"beta.md\"")));

        let draft = alpha.text.replace("[[Beta]]", "[[Gamma]]");
        let analysis: crate::ipc::Analysis =
            invoke(&window, "analyze_entry", json!({"id": "alpha.md", "text": draft})).unwrap();
        let problem = analysis.problems.iter().find(|p| p.code == "broken-link").expect("a red link while typing");
        let (from, to) = (problem.from.expect("placed in the draft"), problem.to.expect("placed in the draft"));
        assert_eq!(
            &draft.encode_utf16().collect::<Vec<_>>()[from as usize..to as usize],
            "[[Gamma]]".encode_utf16().collect::<Vec<_>>()
        );

        // The preview already shows the unchanged Sources part: it comes
        // without HTML; the edited lead comes with its new HTML.
        let shown: Vec<&str> = alpha.analysis.page.iter().map(|part| part.hash.as_str()).collect();
        let analysis: crate::ipc::Analysis =
            invoke(&window, "analyze_entry", json!({"id": "alpha.md", "text": draft, "shown": shown})).unwrap();
        assert_eq!(analysis.page.len(), 2);
        assert!(analysis.page[0].html.as_deref().is_some_and(|html| html.contains("Gamma")));
        assert_eq!(analysis.page[1].hash, alpha.analysis.page[1].hash);
        assert_eq!(analysis.page[1].html, None);

        // An unchanged save keeps the bytes (CRLF) exactly.
        let before = std::fs::read(dir.path().join("alpha.md")).unwrap();
        let saved: SaveOutcome =
            invoke(&window, "save_entry", json!({"id": "alpha.md", "text": alpha.text, "baseHash": alpha.hash}))
                .unwrap();
        assert!(matches!(saved, SaveOutcome::Saved { .. }));
        assert_eq!(std::fs::read(dir.path().join("alpha.md")).unwrap(), before);

        // An edit is written with the file's own line endings.
        let edited = alpha.text.replace("See", "Compare");
        let SaveOutcome::Saved { hash } =
            invoke(&window, "save_entry", json!({"id": "alpha.md", "text": edited, "baseHash": alpha.hash})).unwrap()
        else {
            panic!("saved")
        };
        assert_eq!(
            std::fs::read_to_string(dir.path().join("alpha.md")).unwrap(),
            "# Alpha\r\n\r\nCompare [[Beta]].\r\n\r\n## Sources\r\n\r\n- A, 2020.\r\n"
        );

        // Someone else writes; a save based on the old hash is a conflict, not an overwrite.
        std::fs::write(dir.path().join("alpha.md"), "# Alpha\n\nTheirs.\n").unwrap();
        let outcome: SaveOutcome =
            invoke(&window, "save_entry", json!({"id": "alpha.md", "text": "# Alpha\n\nMine.\n", "baseHash": hash}))
                .unwrap();
        assert_eq!(
            outcome,
            SaveOutcome::Conflict {
                disk_text: Some("# Alpha\n\nTheirs.\n".into()),
                disk_hash: Some(quire_core::content_hash(b"# Alpha\n\nTheirs.\n"))
            }
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("alpha.md")).unwrap(), "# Alpha\n\nTheirs.\n");

        // A BOM file keeps its BOM.
        let beta: EntryView = invoke(&window, "load_entry", json!({"id": "beta.md"})).unwrap();
        assert!(!beta.text.starts_with('\u{feff}'));
        invoke::<SaveOutcome>(
            &window,
            "save_entry",
            json!({"id": "beta.md", "text": beta.text.replace("Back", "Return"), "baseHash": beta.hash}),
        )
        .unwrap();
        assert!(std::fs::read_to_string(dir.path().join("beta.md")).unwrap().starts_with("\u{feff}# Beta\n\nReturn"));
    }

    // The crash journal through the commands: typing is recorded, a restart
    // offers it back with the disk's hash, a save or a "discard" forgets it.
    #[test]
    fn unsaved_edits_survive_a_restart_until_saved() {
        let dir = wiki();
        let data = tempfile::tempdir().unwrap();
        let (app, window) = app_with_journal(dir.path(), data.path());
        let alpha: EntryView = invoke(&window, "load_entry", json!({"id": "alpha.md"})).unwrap();
        let typed = alpha.text.replace("See", "See also");
        invoke::<()>(&window, "record_unsaved", json!({"id": "alpha.md", "text": typed, "baseHash": alpha.hash}))
            .unwrap();
        record_draft(&window, "beta.md", "# Beta\n\nMine.\n");
        let refused = invoke::<()>(&window, "record_unsaved", json!({"id": "../x.md", "text": "x", "baseHash": null}));
        assert_eq!(refused.unwrap_err().code, "invalid-id");
        drop((app, window));

        // "Restart": a new app on the same wiki and journal.
        let (_app, window) = app_with_journal(dir.path(), data.path());
        let edits: Vec<UnsavedEdit> = invoke(&window, "unsaved_edits", json!({})).unwrap();
        assert_eq!(edits.iter().map(|edit| edit.title.as_str()).collect::<Vec<_>>(), ["Alpha", "Beta"]);
        assert_eq!(edits[0].text, typed);
        assert_eq!(edits[0].base_hash.as_deref(), Some(alpha.hash.as_str()));
        assert_eq!(edits[0].disk_hash.as_deref(), Some(alpha.hash.as_str()), "the file is unchanged since");

        // Saving alpha forgets its record; discarding beta forgets that one.
        invoke::<SaveOutcome>(&window, "save_entry", json!({"id": "alpha.md", "text": typed, "baseHash": alpha.hash}))
            .unwrap();
        invoke::<()>(&window, "discard_unsaved", json!({"id": "beta.md"})).unwrap();
        assert!(invoke::<Vec<UnsavedEdit>>(&window, "unsaved_edits", json!({})).unwrap().is_empty());
        assert_eq!(std::fs::read_dir(data.path().join("journal")).unwrap().count(), 0, "no record left");
        let listing: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|item| item.unwrap().file_name()).collect();
        assert_eq!(listing.len(), 3, "nothing written into the wiki but the save: {listing:?}");
    }

    // The window's first answer: the list, the drafts and the entry to start
    // with, loaded — the first by title, or the one with unsaved edits.
    #[test]
    fn start_up_loads_the_entry_to_start_with() {
        let dir = wiki();
        let data = tempfile::tempdir().unwrap();
        let (app, window) = app_with_journal(dir.path(), data.path());
        let start: StartUp = invoke(&window, "start_up", json!({})).unwrap();
        let titles: Vec<&str> = start.wiki.entries.iter().map(|entry| entry.title.as_str()).collect();
        assert_eq!(titles, ["Alpha", "Beta"]);
        assert!(start.drafts.is_empty());
        let alpha = start.entry.expect("the first entry, loaded");
        assert_eq!(alpha, invoke::<EntryView>(&window, "load_entry", json!({"id": "alpha.md"})).unwrap());

        record_draft(&window, "beta.md", "# Beta\n\nMine.\n");
        drop((app, window));
        let (_app, window) = app_with_journal(dir.path(), data.path());
        let start: StartUp = invoke(&window, "start_up", json!({})).unwrap();
        assert_eq!(start.drafts.iter().map(|draft| draft.id.as_str()).collect::<Vec<_>>(), ["beta.md"]);
        assert_eq!(start.entry.map(|entry| entry.id), Some("beta.md".to_owned()), "the entry with unsaved edits");
    }

    // A file that mixes CRLF, LF and a lone CR, without a final newline:
    // saving an edit through the app's save path changes only the edited
    // line, and every other line keeps its own ending.
    #[test]
    fn saving_an_edit_keeps_each_line_ending() {
        let dir = wiki();
        let disk = "# Mixed\r\n\r\nFirst line.\nSecond line.\r\nThird\rline.\r\n\r\n## Sources\n\n- A, 2020.";
        std::fs::write(dir.path().join("mixed.md"), disk).unwrap();
        let (_app, window) = app(dir.path());
        let loaded: EntryView = invoke(&window, "load_entry", json!({ "id": "mixed.md" })).unwrap();
        assert!(!loaded.text.contains('\r'), "the editor gets `\\n` line breaks: {:?}", loaded.text);
        let saved: SaveOutcome =
            invoke(&window, "save_entry", json!({"id": "mixed.md", "text": loaded.text, "baseHash": loaded.hash}))
                .unwrap();
        assert!(matches!(saved, SaveOutcome::Saved { .. }));
        assert_eq!(std::fs::read_to_string(dir.path().join("mixed.md")).unwrap(), disk, "a save without edits");
        let edited = loaded.text.replace("Second line.", "Second line, edited.");
        let saved: SaveOutcome =
            invoke(&window, "save_entry", json!({"id": "mixed.md", "text": edited, "baseHash": loaded.hash})).unwrap();
        let SaveOutcome::Saved { hash } = saved else { panic!("{saved:?}") };
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mixed.md")).unwrap(),
            "# Mixed\r\n\r\nFirst line.\nSecond line, edited.\r\nThird\rline.\r\n\r\n## Sources\n\n- A, 2020."
        );
        // The next save goes by what the file now holds.
        let edited = edited.replace("First line.", "First line!");
        invoke::<SaveOutcome>(&window, "save_entry", json!({"id": "mixed.md", "text": edited, "baseHash": hash}))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mixed.md")).unwrap(),
            "# Mixed\r\n\r\nFirst line!\r\nSecond line, edited.\r\nThird\rline.\r\n\r\n## Sources\n\n- A, 2020."
        );
    }

    // A rename killed midway (here: one link rewritten, the new file not yet
    // made) is completed when the app opens the wiki, before it is read, and
    // the window is told so; no hidden file is left in the wiki.
    #[test]
    fn a_rename_left_half_done_is_completed_when_the_wiki_opens() {
        use quire_core::content_hash;
        let dir = wiki();
        let data = tempfile::tempdir().unwrap();
        let root = dir.path();
        let alpha_old = std::fs::read(root.join("alpha.md")).unwrap();
        let alpha_new = String::from_utf8(alpha_old.clone()).unwrap().replace("[[Beta]]", "[[Bravo]]");
        let beta_old = std::fs::read(root.join("beta.md")).unwrap();
        let bravo = String::from_utf8(beta_old.clone()).unwrap().replace("# Beta", "# Bravo");
        // What the killed process had done: alpha.md replaced (its backup kept),
        // bravo.md's text written beside it, beta.md still there.
        std::fs::write(root.join(".quire-backup-1-1.tmp"), &alpha_old).unwrap();
        std::fs::write(root.join("alpha.md"), &alpha_new).unwrap();
        std::fs::write(root.join(".quire-1-2.tmp"), &bravo).unwrap();
        let canonical = std::fs::canonicalize(root).unwrap();
        let record = json!({
            "version": 1,
            "root": root.to_string_lossy(),
            "root_key": content_hash(canonical.as_os_str().as_encoded_bytes()),
            "description": "rename of `Beta` to `Bravo`",
            "steps": [
                {"kind": "replace", "target": "alpha.md", "temporary": ".quire-1-0.tmp", "backup": ".quire-backup-1-1.tmp",
                 "old_hash": content_hash(&alpha_old), "new_hash": content_hash(alpha_new.as_bytes())},
                {"kind": "create", "target": "bravo.md", "temporary": ".quire-1-2.tmp", "new_hash": content_hash(bravo.as_bytes())},
                {"kind": "remove", "target": "beta.md", "backup": ".quire-backup-1-3.tmp", "old_hash": content_hash(&beta_old)},
            ],
        });
        std::fs::create_dir_all(data.path().join("intents")).unwrap();
        std::fs::write(data.path().join("intents/0123456789abcdef-1-1.json"), record.to_string()).unwrap();

        let (_app, window) = app_with_journal(root, data.path());
        let start: StartUp = invoke(&window, "start_up", json!({})).unwrap();
        assert_eq!(start.wiki.recovered, ["the interrupted rename of `Beta` to `Bravo` was completed (3 files)"]);
        let ids: Vec<&str> = start.wiki.entries.iter().map(|entry| entry.id.as_str()).collect();
        assert_eq!(ids, ["alpha.md", "bravo.md"], "the wiki is read after the rename is completed");
        assert_eq!(std::fs::read_to_string(root.join("bravo.md")).unwrap(), bravo);
        assert_eq!(std::fs::read_to_string(root.join("alpha.md")).unwrap(), alpha_new);
        let mut names: Vec<String> =
            std::fs::read_dir(root).unwrap().map(|item| item.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["alpha.md", "bravo.md", "wiki.toml"], "no hidden file left");
        assert_eq!(std::fs::read_dir(data.path().join("intents")).unwrap().count(), 0, "no record left");
    }

    // A record whose text the file already holds (saved by another route) is not offered.
    #[test]
    fn journaled_text_already_on_disk_is_not_offered() {
        let dir = wiki();
        let data = tempfile::tempdir().unwrap();
        let (app, window) = app(dir.path());
        open_wiki_with(app.handle(), dir.path(), Some(quire_core::Journal::open(data.path()).unwrap()), None).unwrap();
        let beta: EntryView = invoke(&window, "load_entry", json!({"id": "beta.md"})).unwrap();
        invoke::<()>(&window, "record_unsaved", json!({"id": "beta.md", "text": beta.text, "baseHash": beta.hash}))
            .unwrap();
        assert!(invoke::<Vec<UnsavedEdit>>(&window, "unsaved_edits", json!({})).unwrap().is_empty());
    }

    // Disk and editor changed different sections: both kept, and the notice can say which.
    #[test]
    fn merge_command_keeps_both_sides() {
        let dir = wiki();
        let (_app, window) = app(dir.path());
        let base = "# A\n\nLead.\n\n## One\n\nFirst.\n\n## Two\n\nSecond.\n";
        let ours = base.replace("First.", "First, edited here.");
        let theirs = base.replace("Second.", "Second, edited on disk.");
        let merged: MergeResult =
            invoke(&window, "merge_with_disk_text", json!({"base": base, "ours": ours, "theirs": theirs})).unwrap();
        assert!(merged.clean);
        assert_eq!(merged.text, "# A\n\nLead.\n\n## One\n\nFirst, edited here.\n\n## Two\n\nSecond, edited on disk.\n");
        assert_eq!(merged.disk_changed, [Some("Two".to_owned())]);

        let theirs = base.replace("First.", "First, theirs.");
        let merged: MergeResult =
            invoke(&window, "merge_with_disk_text", json!({"base": base, "ours": ours, "theirs": theirs})).unwrap();
        assert!(!merged.clean);
        assert_eq!(merged.conflicts, 1);
        assert!(merged.text.contains("First, edited here.") && merged.text.contains("First, theirs."));
    }

    // Opening another folder replaces the wiki the commands see; a folder that is not a wiki is a clear error.
    #[test]
    fn another_wiki_folder_replaces_the_open_one() {
        let first = wiki();
        let second = tempfile::tempdir().unwrap();
        std::fs::write(second.path().join("gamma.md"), "# Gamma\n\nAlone.\n").unwrap();
        let (app, window) = app(first.path());
        let view = open_wiki_with(app.handle(), second.path(), None, None).unwrap();
        assert_eq!(view.entries.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Gamma"]);
        let listed: WikiView = invoke(&window, "wiki_view", json!({})).unwrap();
        assert_eq!(listed.root, std::path::absolute(second.path()).unwrap().display().to_string());
        let error = open_wiki_with(app.handle(), &second.path().join("gamma.md"), None, None).unwrap_err();
        assert_eq!(error.code, "no-wiki");
        assert!(error.message.contains("gamma.md"), "{}", error.message);
        let still: WikiView = invoke(&window, "wiki_view", json!({})).unwrap();
        assert_eq!(still.entries.len(), 1, "a failed open keeps the wiki that was open");
    }

    // Ids come from the webview; none may reach outside the wiki root (S4).
    #[test]
    fn hostile_ids_are_refused_with_a_typed_error() {
        let dir = wiki();
        let outside = dir.path().parent().unwrap().join(format!("canary-{}.md", std::process::id()));
        std::fs::write(&outside, "canary").unwrap();
        let (_app, window) = app(dir.path());
        let name = outside.file_name().unwrap().to_str().unwrap().to_owned();
        for id in [
            format!("../{name}"),
            outside.display().to_string(),
            ".git/config".into(),
            "a/../../x.md".into(),
            "x\0.md".into(),
        ] {
            let error = invoke::<EntryView>(&window, "load_entry", json!({"id": id})).unwrap_err();
            assert_eq!(error.code, "invalid-id", "{id}: {error:?}");
            let error =
                invoke::<SaveOutcome>(&window, "save_entry", json!({"id": id, "text": "pwned", "baseHash": null}))
                    .unwrap_err();
            assert_eq!(error.code, "invalid-id", "{id}: {error:?}");
        }
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "canary");
        std::fs::remove_file(outside).unwrap();
    }

    /// Runs git in `dir` with a fixed identity and no user configuration.
    fn git(dir: &Path, args: &[&str], day: u32) {
        let date = format!("2026-06-{day:02}T10:00:00+02:00");
        let output = std::process::Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada Lovelace")
            .env("GIT_AUTHOR_EMAIL", "ada@example.org")
            .env("GIT_COMMITTER_NAME", "Ada Lovelace")
            .env("GIT_COMMITTER_EMAIL", "ada@example.org")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    fn commit_all(dir: &Path, message: &str, day: u32) {
        git(dir, &["add", "--all"], day);
        git(dir, &["-c", "commit.gpgsign=false", "commit", "--quiet", "--message", message], day);
    }

    // History, diffs (revision against revision, against the editor's
    // unsaved text), Review changes and restoring a section, through the
    // commands on a real git repository whose wiki is a subfolder.
    #[test]
    fn history_and_diff_commands_read_a_real_repository() {
        use crate::ipc::{ChangedEntryView, DiffView, HistoryItem};
        use quire_core::{ChangeOp, SectionStatus};
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().join("content");
        std::fs::create_dir(&root).unwrap();
        git(repo.path(), &["init", "--quiet", "--initial-branch=main"], 1);
        std::fs::write(root.join("wiki.toml"), "[wiki]\ndefault_kind = \"concept\"\n").unwrap();
        let first = "# Alpha\n\nA lead.\n\n## Definition\n\nAlpha is a letter.\n\n## Sources\n\n- A, 2020.\n";
        std::fs::write(root.join("alpha.md"), first).unwrap();
        std::fs::write(root.join("beta.md"), "# Beta\n\nSee [[Alpha]].\n").unwrap();
        commit_all(repo.path(), "Add alpha and beta", 1);
        let second = first.replace("is a letter", "is the first Greek letter");
        std::fs::write(root.join("alpha.md"), &second).unwrap();
        commit_all(repo.path(), "Sharpen the definition", 2);
        let (_app, window) = app(&root);

        let history: Vec<HistoryItem> = invoke(&window, "entry_history", json!({"id": "alpha.md"})).unwrap();
        assert_eq!(
            history.iter().map(|item| item.summary.as_str()).collect::<Vec<_>>(),
            ["Sharpen the definition", "Add alpha and beta"]
        );
        assert_eq!(history[0].author, "Ada Lovelace");
        assert_eq!(history[0].short_id.len(), 7);

        let diff: DiffView = invoke(
            &window,
            "entry_diff",
            json!({"id": "alpha.md", "old": {"kind": "revision", "revision": history[1].id},
                   "new": {"kind": "revision", "revision": history[0].id}, "text": null}),
        )
        .unwrap();
        assert_eq!(diff.summary, "Definition modified");
        let definition = diff.sections.iter().find(|s| s.new_heading.as_deref() == Some("Definition")).unwrap();
        assert_eq!(definition.status, SectionStatus::Modified);
        let inserted: String =
            definition.changes.iter().filter(|c| c.op == ChangeOp::Insert).map(|c| c.text.as_str()).collect();
        assert!(inserted.contains("first Greek"), "{inserted:?}");
        let new_html = definition.new_html.as_deref().unwrap();
        assert!(new_html.contains("<ins>") && new_html.contains("<h2"), "{new_html}");
        assert!(definition.old_html.as_deref().unwrap().contains("<del>"));
        assert!(diff.sections.iter().filter(|s| s.status == SectionStatus::Unchanged).all(|s| s.new_html.is_some()));

        // The editor's unsaved text is the working copy when it is given.
        let typed = second.replace("A lead.", "A better lead.");
        let diff: DiffView = invoke(
            &window,
            "entry_diff",
            json!({"id": "alpha.md", "old": {"kind": "revision", "revision": "HEAD"},
                   "new": {"kind": "working_copy"}, "text": typed}),
        )
        .unwrap();
        assert_eq!((diff.summary.as_str(), diff.new_label.as_str()), ("Lead modified", "editor"));
        let saved: DiffView = invoke(
            &window,
            "entry_diff",
            json!({"id": "alpha.md", "old": {"kind": "revision", "revision": "HEAD"}, "new": {"kind": "working_copy"}}),
        )
        .unwrap();
        assert!(saved.unchanged, "without text the saved file is compared: {}", saved.summary);

        // Review changes: saved files against HEAD, with summaries.
        std::fs::write(root.join("beta.md"), "# Beta\n\nSee [[Alpha]] again.\n").unwrap();
        std::fs::write(root.join("gamma.md"), "# Gamma\n\nNew.\n").unwrap();
        let changed: Vec<ChangedEntryView> = invoke(&window, "changed_entries", json!({})).unwrap();
        let listed: Vec<_> =
            changed.iter().map(|c| (c.id.as_str(), c.title.as_str(), c.change.as_str(), c.summary.as_str())).collect();
        assert_eq!(
            listed,
            [("beta.md", "Beta", "modified", "Lead modified"), ("gamma.md", "Gamma", "added", "new entry")]
        );

        // Restore: the old Definition into the editor's text, nothing written.
        let restored: String = invoke(
            &window,
            "restore_section",
            json!({"id": "alpha.md", "old": {"kind": "revision", "revision": history[1].id}, "oldIndex": 1, "text": typed}),
        )
        .unwrap();
        assert_eq!(restored, typed.replace("is the first Greek letter", "is a letter"));
        assert_eq!(std::fs::read_to_string(root.join("alpha.md")).unwrap(), second);

        let unknown = invoke::<DiffView>(
            &window,
            "entry_diff",
            json!({"id": "alpha.md", "old": {"kind": "revision", "revision": "no-such-rev"}, "new": {"kind": "working_copy"}}),
        )
        .unwrap_err();
        assert_eq!(unknown.code, "not-found", "{unknown:?}");
        let hostile = invoke::<Vec<HistoryItem>>(&window, "entry_history", json!({"id": "../alpha.md"})).unwrap_err();
        assert_eq!(hostile.code, "invalid-id", "{hostile:?}");
    }

    // A history walk must not hold the session: while git is slow to answer
    // (here `.git/HEAD` is a FIFO that nobody has written yet), the editor's
    // commands, which need the session, still answer.
    #[cfg(unix)]
    #[test]
    fn git_reads_never_hold_the_session() {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        use std::sync::atomic::{AtomicBool, Ordering};
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().join("content");
        std::fs::create_dir(&root).unwrap();
        git(repo.path(), &["init", "--quiet", "--initial-branch=main"], 1);
        std::fs::write(root.join("wiki.toml"), "[wiki]\ndefault_kind = \"concept\"\n").unwrap();
        std::fs::write(root.join("alpha.md"), "# Alpha\n\nA lead.\n\n## Sources\n\n- A, 2020.\n").unwrap();
        commit_all(repo.path(), "Add alpha", 1);
        let (_app, window) = app(&root);
        let head = repo.path().join(".git/HEAD");
        let head_text = std::fs::read_to_string(&head).unwrap();
        let revision = json!({"kind": "revision", "revision": "HEAD"});
        let text = "# Alpha\n\nAnother lead.\n";
        let commands = [
            ("entry_history", json!({"id": "alpha.md"})),
            ("entry_diff", json!({"id": "alpha.md", "old": revision, "new": {"kind": "working_copy"}})),
            ("changed_entries", json!({})),
            ("restore_section", json!({"id": "alpha.md", "old": revision, "oldIndex": 0, "text": text})),
        ];
        for (command, args) in commands {
            std::fs::remove_file(&head).unwrap();
            let made = std::process::Command::new("mkfifo").arg(&head).status().unwrap();
            assert!(made.success());
            let reader = {
                let window = window.clone();
                std::thread::spawn(move || invoke::<Value>(&window, command, args))
            };
            // Opening the FIFO for writing returns once git has opened it to
            // read: the command is then inside its git read.
            let mut writer = std::fs::OpenOptions::new().write(true).open(&head).unwrap();
            let (answered, answer) = std::sync::mpsc::channel();
            {
                let window = window.clone();
                std::thread::spawn(move || {
                    answered
                        .send(invoke::<WikiView>(&window, "wiki_view", json!({})).map(|view| view.entries.len()))
                        .ok()
                });
            }
            let view = answer.recv_timeout(std::time::Duration::from_secs(20));
            // Let git go on: this read, and any later open of HEAD, get its text.
            writer.write_all(head_text.as_bytes()).unwrap();
            drop(writer);
            let done = std::sync::Arc::new(AtomicBool::new(false));
            let feeder = {
                let (done, head, head_text) = (done.clone(), head.clone(), head_text.clone());
                std::thread::spawn(move || {
                    while !done.load(Ordering::SeqCst) {
                        if let Ok(mut writer) = std::fs::OpenOptions::new().write(true).open(&head) {
                            writer.write_all(head_text.as_bytes()).ok();
                        }
                    }
                })
            };
            let result = reader.join().unwrap();
            done.store(true, Ordering::SeqCst);
            // Free the feeder if it waits for a reader (O_NONBLOCK: there may
            // be no writer), and keep the read end open until it is gone.
            let unblock = std::fs::OpenOptions::new().read(true).custom_flags(0o4000).open(&head).unwrap();
            feeder.join().unwrap();
            drop(unblock);
            std::fs::remove_file(&head).unwrap();
            std::fs::write(&head, &head_text).unwrap();
            assert!(view.is_ok(), "`wiki_view` waited while `{command}` read git");
            assert_eq!(view.unwrap().unwrap(), 1, "the wiki's one entry");
            assert!(result.is_ok(), "`{command}`: {result:?}");
        }
    }

    // Outside git, history and diffs say so plainly and the rest keeps working.
    #[test]
    fn history_outside_git_is_a_clear_error() {
        let dir = wiki();
        let (_app, window) = app(dir.path());
        let version = json!({"kind": "revision", "revision": "HEAD"});
        let errors = [
            invoke::<Value>(&window, "entry_history", json!({"id": "alpha.md"})).unwrap_err(),
            invoke::<Value>(&window, "changed_entries", json!({})).unwrap_err(),
            invoke::<Value>(
                &window,
                "entry_diff",
                json!({"id": "alpha.md", "old": version, "new": {"kind": "working_copy"}, "text": "x"}),
            )
            .unwrap_err(),
            invoke::<Value>(
                &window,
                "restore_section",
                json!({"id": "alpha.md", "old": version, "oldIndex": 0, "text": "x"}),
            )
            .unwrap_err(),
            invoke::<Value>(&window, "commit_view", json!({})).unwrap_err(),
            invoke::<Value>(&window, "stage_entry", json!({"id": "alpha.md", "staged": true})).unwrap_err(),
            invoke::<Value>(&window, "commit_staged", json!({"message": "x"})).unwrap_err(),
        ];
        for error in errors {
            assert_eq!(error.code, "no-git");
            assert_eq!(error.message, crate::history::NOT_IN_GIT);
        }
        assert!(invoke::<EntryView>(&window, "load_entry", json!({"id": "alpha.md"})).is_ok());
    }

    // Renaming through the command: file moved, links rewritten (the CRLF
    // file keeps its line endings), the index follows; refusals change nothing.
    #[test]
    fn rename_command_moves_the_entry_and_rewrites_links() {
        use crate::ipc::RenameResult;
        let dir = wiki();
        let (_app, window) = app(dir.path());
        let renamed: RenameResult =
            invoke(&window, "rename_entry", json!({"id": "beta.md", "title": "Bravo"})).unwrap();
        assert_eq!((renamed.old_id.as_str(), renamed.new_id.as_str()), ("beta.md", "bravo.md"));
        assert_eq!((renamed.rewritten.as_slice(), renamed.links), (&["alpha.md".to_owned()][..], 1));
        assert!(!dir.path().join("beta.md").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("alpha.md")).unwrap(),
            "# Alpha\r\n\r\nSee [[Bravo]].\r\n\r\n## Sources\r\n\r\n- A, 2020.\r\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("bravo.md")).unwrap(),
            "\u{feff}# Bravo\n\nBack to [[Alpha]].\n\n## Sources\n\n- B, 2021.\n"
        );
        let view: WikiView = invoke(&window, "wiki_view", json!({})).unwrap();
        assert_eq!(view.entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["alpha.md", "bravo.md"]);
        assert!(view.entries.iter().all(|e| e.warnings == 0 && e.errors == 0), "no red link left: {view:?}");

        let before: Vec<Vec<u8>> =
            ["alpha.md", "bravo.md"].iter().map(|id| std::fs::read(dir.path().join(id)).unwrap()).collect();
        for (id, title, code) in [
            ("alpha.md", "Bravo", "exists"),
            ("alpha.md", "A | B", "invalid-title"),
            ("../alpha.md", "X", "invalid-id"),
            ("beta.md", "X", "not-found"),
        ] {
            let error = invoke::<RenameResult>(&window, "rename_entry", json!({"id": id, "title": title})).unwrap_err();
            assert_eq!(error.code, code, "{id} → {title}: {error:?}");
        }
        let after: Vec<Vec<u8>> =
            ["alpha.md", "bravo.md"].iter().map(|id| std::fs::read(dir.path().join(id)).unwrap()).collect();
        assert_eq!(before, after, "a refused rename writes nothing");
    }

    /// A git repository whose wiki is `content/` (empty), with an identity
    /// of its own, so committing from the app works.
    fn repository_with_identity() -> (tempfile::TempDir, PathBuf) {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().join("content");
        std::fs::create_dir(&root).unwrap();
        git(repo.path(), &["init", "--quiet", "--initial-branch=main"], 1);
        git(repo.path(), &["config", "user.name", "Grace Hopper"], 1);
        git(repo.path(), &["config", "user.email", "grace@example.org"], 1);
        (repo, root)
    }

    // The commit commands are granted to the window and reach the real
    // index: stage an entry, commit it, find it in `git log`.
    #[test]
    fn commit_commands_stage_and_commit_through_the_ipc_layer() {
        use crate::ipc::{CommitDone, CommitView, Staging};
        let (repo, root) = repository_with_identity();
        std::fs::write(root.join("alpha.md"), "# Alpha\n\nA lead.\n").unwrap();
        commit_all(repo.path(), "Add alpha", 1);
        std::fs::write(root.join("alpha.md"), "# Alpha\n\nA better lead.\n").unwrap();
        let (_app, window) = app(&root);

        let view: CommitView = invoke(&window, "commit_view", json!({})).unwrap();
        assert_eq!(view.entries.len(), 1);
        assert_eq!(view.entries[0].staging, Staging::Unstaged);
        let view: CommitView = invoke(&window, "stage_entry", json!({"id": "alpha.md", "staged": true})).unwrap();
        assert_eq!(view.entries[0].staging, Staging::Staged);
        let done: CommitDone = invoke(&window, "commit_staged", json!({"message": "Sharpen the lead"})).unwrap();
        assert_eq!(done.summary, "Sharpen the lead");
        let output = std::process::Command::new("git")
            .current_dir(repo.path())
            .args(["log", "-1", "--format=%H %s"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout), format!("{} Sharpen the lead\n", done.id));
        let view: CommitView = invoke(&window, "commit_view", json!({})).unwrap();
        assert!(view.entries.is_empty());
    }

    // One change, one word: the history panel, Review changes and the Commit
    // view name a deleted entry's change alike (history once said "removed"
    // where the Commit view said "deleted").
    #[test]
    fn a_deleted_entry_is_named_alike_in_history_review_and_commit() {
        let (repo, root) = repository_with_identity();
        std::fs::write(root.join("alpha.md"), "# Alpha\n\nA lead.\n").unwrap();
        std::fs::write(root.join("beta.md"), "# Beta\n\nAnother lead.\n").unwrap();
        commit_all(repo.path(), "Add alpha and beta", 1);
        std::fs::remove_file(root.join("alpha.md")).unwrap();
        commit_all(repo.path(), "Delete alpha", 2);
        std::fs::write(root.join("alpha.md"), "# Alpha\n\nBack, with other words entirely.\n").unwrap();
        commit_all(repo.path(), "Bring alpha back", 3);
        std::fs::remove_file(root.join("beta.md")).unwrap();
        let (_app, window) = app(&root);

        let history: Vec<Value> = invoke(&window, "entry_history", json!({"id": "alpha.md"})).unwrap();
        let changes: Vec<&Value> = history.iter().map(|item| &item["change"]).collect();
        let review: Vec<Value> = invoke(&window, "changed_entries", json!({})).unwrap();
        let commit: Value = invoke(&window, "commit_view", json!({})).unwrap();
        assert_eq!(changes, [&json!("added"), &json!("deleted"), &json!("added")]);
        assert_eq!((&review[0]["id"], &review[0]["change"]), (&json!("beta.md"), &json!("deleted")));
        assert_eq!(
            (&commit["entries"][0]["id"], &commit["entries"][0]["change"]),
            (&json!("beta.md"), &json!("deleted"))
        );
    }

    // The New entry and Rename dialogs show the file name the backend would
    // write, in any script: the UI's own slug once split Devanagari words.
    #[test]
    fn file_names_for_new_and_renamed_entries_come_from_core() {
        let dir = wiki();
        let (_app, window) = app(dir.path());
        let new_id = |title: &str, folder: Value| {
            invoke::<String>(&window, "new_entry_id", json!({"title": title, "folder": folder}))
        };
        assert_eq!(new_id("किताब", Value::Null).unwrap(), "किताब.md");
        assert_eq!(new_id("  ภาษาไทย ง่าย ", json!("notes")).unwrap(), "notes/ภาษาไทย-ง่าย.md");
        assert_eq!(new_id("A\u{30a}ngstro\u{308}m", Value::Null).unwrap(), "ångström.md");
        assert_eq!(new_id("🚀", Value::Null).unwrap_err().code, "invalid-title");
        assert_eq!(new_id("Alpha", Value::Null).unwrap_err().code, "exists", "the title is taken");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().all(|file| !file
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("किताब"))
        );

        let renamed =
            |id: &str, title: &str| invoke::<String>(&window, "renamed_entry_id", json!({"id": id, "title": title}));
        assert_eq!(renamed("alpha.md", "東京 タワー").unwrap(), "東京-タワー.md");
        assert_eq!(renamed("alpha.md", "ALPHA").unwrap(), "alpha.md", "its own file is no collision");
        assert_eq!(renamed("alpha.md", "x|y").unwrap_err().code, "invalid-title");
    }

    // Only http, https and mailto links may leave the app.
    #[test]
    fn only_web_and_mail_links_open_externally() {
        let dir = wiki();
        let (_app, window) = app(dir.path());
        for url in ["file:///etc/passwd", "javascript:alert(1)", "smb://host/share", "\\\\host\\share", "quire://x"] {
            let error = invoke::<()>(&window, "open_external", json!({"url": url})).unwrap_err();
            assert_eq!(error.code, "invalid-url", "{url}");
        }
    }

    #[test]
    fn navigation_stays_inside_the_app() {
        assert!(is_app_url(&"tauri://localhost/index.html".parse().unwrap()));
        assert!(is_app_url(&"tauri://localhost".parse().unwrap()));
        assert!(is_app_url(&"tauri://localhost/#section".parse().unwrap()));
        assert!(is_app_url(&"http://tauri.localhost/".parse().unwrap()));
        // Found by the raw-payload e2e test: a link to another path of the
        // app's origin replaced the app.
        assert!(!is_app_url(&"tauri://localhost/etc/passwd".parse().unwrap()));
        assert!(!is_app_url(&"tauri://localhost/index.html?x=1".parse().unwrap()));
        assert!(!is_app_url(&"tauri://attacker.invalid/".parse().unwrap()));
        assert!(!is_app_url(&"https://example.org/".parse().unwrap()));
        assert!(!is_app_url(&"file:///etc/passwd".parse().unwrap()));
    }

    // The sync commands through the IPC layer, on a clone of a bare
    // repository (a file remote: the real network remote is the e2e test's):
    // a fetch brings the standing up to date and says no job runs any more
    // (a stale "running" would stop every later background fetch), and
    // Incoming names the colleague's commit and the entry's changed section.
    #[test]
    fn sync_commands_fetch_and_list_what_comes_in() {
        use crate::ipc::{IncomingView, SyncStatusView};
        let (repo, root) = repository_with_identity();
        std::fs::write(root.join("alpha.md"), "# Alpha\n\nA lead.\n\n## Sources\n\n- A, 2020.\n").unwrap();
        commit_all(repo.path(), "Add alpha", 1);
        let remote = tempfile::tempdir().unwrap();
        git(remote.path(), &["init", "--quiet", "--bare", "--initial-branch=main"], 1);
        let url = format!("file://{}", remote.path().display());
        git(repo.path(), &["remote", "add", "origin", &url], 1);
        git(repo.path(), &["push", "--quiet", "-u", "origin", "main"], 1);
        let colleague = tempfile::tempdir().unwrap();
        git(colleague.path(), &["clone", "--quiet", &url, "."], 2);
        std::fs::write(
            colleague.path().join("content/alpha.md"),
            "# Alpha\n\nA lead.\n\n## Sources\n\n- A, 2020.\n- B, 2021.\n",
        )
        .unwrap();
        commit_all(colleague.path(), "Add a source", 2);
        git(colleague.path(), &["push", "--quiet", "origin", "main"], 2);
        let (_app, window) = app(&root);

        let before: SyncStatusView = invoke(&window, "sync_status", json!({})).unwrap();
        assert_eq!(
            (before.branch.as_deref(), before.upstream.as_deref(), before.behind),
            (Some("main"), Some("origin/main"), 0)
        );
        let fetched: SyncStatusView = invoke(&window, "sync_fetch", json!({"background": false})).unwrap();
        assert_eq!((fetched.ahead, fetched.behind, fetched.running), (0, 1, false));
        assert!(fetched.fetched_at.is_some());
        let incoming: IncomingView = invoke(&window, "sync_incoming", json!({})).unwrap();
        let commits: Vec<(&str, &str)> =
            incoming.commits.iter().map(|commit| (commit.summary.as_str(), commit.author.as_str())).collect();
        assert_eq!(commits, [("Add a source", "Ada Lovelace")]);
        let entries: Vec<(&str, &str)> =
            incoming.entries.iter().map(|entry| (entry.id.as_str(), entry.summary.as_str())).collect();
        assert_eq!(entries, [("alpha.md", "Sources modified · Sources +1 −0")]);
    }
}
