//! The Quire desktop app: a Tauri v2 shell over quire-core.
//!
//! The domain lives in quire-core; this crate wires it to the webview:
//! [`session`] holds the open wiki (plain Rust, tested directly),
//! [`commands`] are thin IPC wrappers over it, [`watcher`] turns file-system
//! events into index updates, and [`ipc`] defines every type that crosses
//! to the UI (generated for TypeScript).

pub mod commands;
pub mod ipc;
pub mod session;
pub mod watcher;

#[cfg(test)]
mod bindings;

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::commands::AppState;
use crate::ipc::WikiChanged;
use crate::session::WikiSession;
use crate::watcher::Change;

/// The event the UI listens to for changes made outside the app.
pub const WIKI_CHANGED: &str = "wiki-changed";

/// Registers the app's state and commands: shared by [`run`] and the
/// mock-runtime tests.
pub fn builder<R: Runtime>(session: Option<WikiSession>) -> tauri::Builder<R> {
    tauri::Builder::<R>::new().manage(AppState::new(session)).invoke_handler(tauri::generate_handler![
        commands::wiki_view,
        commands::load_entry,
        commands::analyze_entry,
        commands::save_entry,
        commands::create_entry,
        commands::wiki_problems,
        commands::open_external,
    ])
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

/// Runs the app on the wiki folder named on the command line (default
/// `./content`).
pub fn run() {
    let root = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("content"));
    let root = std::path::absolute(&root).unwrap_or(root);
    let today = quire_core::Date::today();
    let opened = WikiSession::open(&root, today);
    let open_error = opened.as_ref().err().map(|error| error.message.clone());
    let watched_root = root.clone();
    let result = builder::<tauri::Wry>(opened.ok())
        .setup(move |app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Quire")
                .inner_size(1360.0, 860.0)
                .min_inner_size(820.0, 520.0)
                .on_navigation(is_app_url)
                .build()?;
            if let Some(message) = &open_error {
                eprintln!("quire-desktop: {message}");
            } else {
                start_watching(app.handle().clone(), watched_root.clone());
            }
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("quire-desktop: {error}");
        std::process::exit(1);
    }
}

/// Keeps the watch alive for the app's lifetime and forwards changes.
struct Watching(#[allow(dead_code)] Mutex<Option<watcher::Watch>>);

fn start_watching<R: Runtime>(app: tauri::AppHandle<R>, root: PathBuf) {
    let handle = app.clone();
    let on_change = move |change: Change| {
        let state = handle.state::<AppState>();
        let result = state.with(|session| match change {
            Change::Paths(paths) => Ok(session.disk_changed(&paths)),
            Change::Rescan(notice) => session.rescan(Some(notice)),
        });
        match result {
            Ok(changed) if changed.changed.is_empty() && changed.removed.is_empty() && !changed.rescanned => {}
            Ok(changed) => emit(&handle, changed),
            Err(error) => eprintln!("quire-desktop: {}", error.message),
        }
    };
    match watcher::watch(&root, on_change) {
        Ok((watch, notice)) => {
            app.manage(Watching(Mutex::new(Some(watch))));
            if let Some(notice) = notice {
                emit(
                    &app,
                    WikiChanged { changed: Vec::new(), removed: Vec::new(), rescanned: false, notice: Some(notice) },
                );
            }
        }
        Err(message) => emit(
            &app,
            WikiChanged { changed: Vec::new(), removed: Vec::new(), rescanned: false, notice: Some(message) },
        ),
    }
}

fn emit<R: Runtime>(app: &tauri::AppHandle<R>, changed: WikiChanged) {
    if let Err(error) = app.emit(WIKI_CHANGED, changed) {
        eprintln!("quire-desktop: cannot notify the window: {error}");
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
    use crate::ipc::{EntryView, IpcError, SaveOutcome, WikiView};

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
        let session = WikiSession::open(root, quire_core::Date::parse("2026-11-29").unwrap()).unwrap();
        // The real config and capabilities, so the tests also check that the
        // main window is granted each command.
        let app = builder(Some(session)).build(tauri::generate_context!("tauri.conf.json")).unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        (app, window)
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
        assert!(alpha.analysis.page[0].html.contains("data-entry=\"beta.md\""));

        let draft = alpha.text.replace("[[Beta]]", "[[Gamma]]");
        let analysis: crate::ipc::Analysis =
            invoke(&window, "analyze_entry", json!({"id": "alpha.md", "text": draft})).unwrap();
        let problem = analysis.problems.iter().find(|p| p.code == "broken-link").expect("a red link while typing");
        assert_eq!(
            &draft.encode_utf16().collect::<Vec<_>>()[problem.from as usize..problem.to as usize],
            "[[Gamma]]".encode_utf16().collect::<Vec<_>>()
        );

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
}
