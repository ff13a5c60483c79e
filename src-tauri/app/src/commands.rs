//! The commands the webview may call. Each takes the state lock, calls one
//! session (quire-core) function and returns its result; entry ids, never
//! paths, come in from the UI, and resolve only inside the wiki root.

use std::sync::{Mutex, MutexGuard};

use tauri::State;

use crate::ipc::{Analysis, EntryView, IpcError, Problem, SaveOutcome, WikiView};
use crate::session::WikiSession;

/// The app's state: the open wiki, if any.
pub struct AppState {
    session: Mutex<Option<WikiSession>>,
}

impl AppState {
    /// State holding `session`.
    pub fn new(session: Option<WikiSession>) -> Self {
        AppState { session: Mutex::new(session) }
    }

    /// Runs `work` on the open session.
    pub fn with<T>(&self, work: impl FnOnce(&mut WikiSession) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let mut guard = self.lock();
        let session = guard.as_mut().ok_or_else(|| IpcError::new("no-wiki", "no wiki is open"))?;
        work(session)
    }

    /// Replaces the open session.
    pub fn replace(&self, session: WikiSession) {
        *self.lock() = Some(session);
    }

    fn lock(&self) -> MutexGuard<'_, Option<WikiSession>> {
        // A panic while holding the lock leaves the session as it was after
        // its last complete operation; keep serving it rather than failing
        // every later command.
        self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The open wiki: entries, kinds, file problems, wanted pages.
#[tauri::command]
pub async fn wiki_view(state: State<'_, AppState>) -> Result<WikiView, IpcError> {
    state.with(|session| Ok(session.view()))
}

/// Loads an entry from disk.
#[tauri::command]
pub async fn load_entry(state: State<'_, AppState>, id: String) -> Result<EntryView, IpcError> {
    state.with(|session| session.load(&id))
}

/// Outline, problems and page of an unsaved draft.
#[tauri::command]
pub async fn analyze_entry(state: State<'_, AppState>, id: String, text: String) -> Result<Analysis, IpcError> {
    state.with(|session| Ok(session.analyze(&id, &text)))
}

/// Saves an entry unless it changed on disk since `base_hash`.
#[tauri::command]
pub async fn save_entry(
    state: State<'_, AppState>,
    id: String,
    text: String,
    base_hash: Option<String>,
) -> Result<SaveOutcome, IpcError> {
    state.with(|session| session.save(&id, &text, base_hash.as_deref()))
}

/// Creates an entry from its kind's skeleton; returns its id.
#[tauri::command]
pub async fn create_entry(
    state: State<'_, AppState>,
    title: String,
    kind: String,
    folder: Option<String>,
) -> Result<String, IpcError> {
    state.with(|session| session.create(&title, &kind, folder.as_deref()))
}

/// Every problem in the wiki.
#[tauri::command]
pub async fn wiki_problems(state: State<'_, AppState>) -> Result<Vec<Problem>, IpcError> {
    state.with(|session| Ok(session.all_problems()))
}

/// Opens an http, https or mailto link in the system's browser or mail
/// client. The UI asks the user first; anything else is refused here.
#[tauri::command]
pub async fn open_external(url: String) -> Result<(), IpcError> {
    let allowed = ["http://", "https://", "mailto:"].iter().any(|scheme| url.to_ascii_lowercase().starts_with(scheme));
    if !allowed || url.chars().any(char::is_control) {
        return Err(IpcError::new("invalid-url", format!("`{url}` is not an http, https or mailto link")));
    }
    open::that_detached(&url).map_err(|error| IpcError::new("io", format!("cannot open `{url}`: {error}")))
}
