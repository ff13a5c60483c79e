//! The commands the webview may call. Each takes the state lock, calls one
//! session (quire-core) function and returns its result; entry ids, never
//! paths, come in from the UI, and resolve only inside the wiki root.

use std::sync::{Mutex, MutexGuard};

use tauri::{Emitter, Manager, State};

use crate::askpass::AskpassSlot;
use crate::commit::{self, Git};
use crate::history;
use crate::ipc::{
    Analysis, ChangedEntryView, CommitDone, CommitView, DiffView, EntryView, ErrorCode, HistoryItem, IpcError,
    MergeResult, Problem, RenameResult, SaveOutcome, StartUp, UnsavedEdit, VersionSpec, WikiView,
};
use crate::ipc::{IncomingView, SyncConflict, SyncResult, SyncSettings, SyncStatusView};
use crate::session::{SessionLock, WikiSession, merge_with_disk};
use crate::sync::{self, SYNC_PROGRESS, SyncGate};

/// The app's state: the open wiki, if any, or why none is open.
pub struct AppState {
    session: Mutex<Option<WikiSession>>,
    error: Mutex<Option<IpcError>>,
    /// Held while git writes the index or commits: one at a time.
    git_busy: Mutex<()>,
}

impl SessionLock for AppState {
    fn with_session<T>(&self, work: impl FnOnce(&mut WikiSession) -> T) -> Result<T, IpcError> {
        self.with(|session| Ok(work(session)))
    }
}

impl AppState {
    /// State holding `session`.
    pub fn new(session: Option<WikiSession>) -> Self {
        AppState { session: Mutex::new(session), error: Mutex::new(None), git_busy: Mutex::new(()) }
    }

    /// Runs `work` on the open session.
    pub fn with<T>(&self, work: impl FnOnce(&mut WikiSession) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let mut guard = self.lock();
        let Some(session) = guard.as_mut() else {
            let error = self.error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
            return Err(error.unwrap_or_else(|| IpcError::new(ErrorCode::NoWiki, "no wiki is open")));
        };
        work(session)
    }

    /// Records why no wiki could be opened, for the UI to show.
    pub fn set_error(&self, error: IpcError) {
        *self.error.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(error);
    }

    /// Replaces the open session.
    pub fn replace(&self, session: WikiSession) {
        *self.lock() = Some(session);
        self.error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    }

    /// The wiki folder and today's date, read under the lock; git work and
    /// whole-wiki validation then run without holding it, so typing goes on.
    fn root_and_today(&self) -> Result<(std::path::PathBuf, quire_core::Date), IpcError> {
        self.with(|session| Ok((session.root().to_owned(), session.today())))
    }

    /// The wiki folder, read under the lock, for git reads that run
    /// without it.
    fn root(&self) -> Result<std::path::PathBuf, IpcError> {
        self.with(|session| Ok(session.root().to_owned()))
    }

    /// Runs `work` unless another staging or commit is running.
    fn one_git_write<T>(&self, work: impl FnOnce() -> Result<T, IpcError>) -> Result<T, IpcError> {
        let _guard = match self.git_busy.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                return Err(IpcError::new(
                    ErrorCode::Busy,
                    "a commit or staging is already running; wait for it to finish",
                ));
            }
        };
        work()
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

/// Outline, problems and page of an unsaved draft. Page parts whose hash
/// is in `shown` (the preview shows them already) come without their HTML.
#[tauri::command]
pub async fn analyze_entry(
    state: State<'_, AppState>,
    id: String,
    text: String,
    shown: Option<Vec<String>>,
) -> Result<Analysis, IpcError> {
    state.with(|session| Ok(session.analyze(&id, &text, shown.as_deref().unwrap_or_default())))
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

/// The id `create_entry` would give an entry called `title` in `folder`, or
/// why it would refuse (before the kind): the New entry dialog's file name.
#[tauri::command]
pub async fn new_entry_id(
    state: State<'_, AppState>,
    title: String,
    folder: Option<String>,
) -> Result<String, IpcError> {
    state.with(|session| session.new_entry_id(&title, folder.as_deref()))
}

/// The id `rename_entry` would move entry `id` to for `title`, or why it
/// would refuse: the Rename dialog's file name.
#[tauri::command]
pub async fn renamed_entry_id(state: State<'_, AppState>, id: String, title: String) -> Result<String, IpcError> {
    state.with(|session| session.renamed_entry_id(&id, &title))
}

/// Every problem in the wiki.
#[tauri::command]
pub async fn wiki_problems(state: State<'_, AppState>) -> Result<Vec<Problem>, IpcError> {
    state.with(|session| Ok(session.all_problems()))
}

/// Keeps the editor's unsaved text of an entry in the crash journal.
#[tauri::command]
pub async fn record_unsaved(
    state: State<'_, AppState>,
    id: String,
    text: String,
    base_hash: Option<String>,
) -> Result<(), IpcError> {
    state.with(|session| session.record_unsaved(&id, &text, base_hash.as_deref()))
}

/// Forgets an entry's journaled edits (the user gave them up).
#[tauri::command]
pub async fn discard_unsaved(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.with(|session| session.discard_unsaved(&id))
}

/// The entry list, the drafts and the first entry in one answer. The window
/// asks for it as its page begins (`lib.rs`, `START_UP_SCRIPT`), while the
/// page's script is still loading.
#[tauri::command]
pub async fn start_up(state: State<'_, AppState>) -> Result<StartUp, IpcError> {
    state.with(|session| Ok(session.start_up()))
}

/// Edits an earlier run left unsaved, to offer back.
#[tauri::command]
pub async fn unsaved_edits(state: State<'_, AppState>) -> Result<Vec<UnsavedEdit>, IpcError> {
    state.with(|session| Ok(session.unsaved_edits()))
}

/// Merges the editor's edits with a version of the file changed on disk.
/// Pure text in, text out: reads and writes nothing.
#[tauri::command]
pub async fn merge_with_disk_text(base: String, ours: String, theirs: String) -> Result<MergeResult, IpcError> {
    Ok(merge_with_disk(&base, &ours, &theirs))
}

/// Asks for a wiki folder with the system's folder picker and opens it. The
/// path never comes from the webview. `None` when the user cancels.
#[tauri::command]
pub async fn choose_wiki_folder<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<Option<WikiView>, IpcError> {
    use tauri_plugin_dialog::DialogExt;
    let Some(picked) = app.dialog().file().set_title("Open a wiki folder").blocking_pick_folder() else {
        return Ok(None);
    };
    let root =
        picked.into_path().map_err(|error| IpcError::new(ErrorCode::Io, format!("cannot use that folder: {error}")))?;
    crate::open_wiki(&app, &root).map(Some)
}

/// Opens an http, https or mailto link in the system's browser or mail
/// client. The UI asks the user first; anything else is refused here.
#[tauri::command]
pub async fn open_external(url: String) -> Result<(), IpcError> {
    let url = external_url(&url)?;
    open::that_detached(&url).map_err(|error| IpcError::new(ErrorCode::Io, format!("cannot open `{url}`: {error}")))
}

/// `url` as handed to the system, when it may be: an http, https or mailto
/// URL, parsed and written back by the URL standard's rules (a host in
/// Unicode becomes its ASCII form, which the UI's confirmation shows too).
/// Refused: control and format characters (U+202E can show a host
/// reversed), and mailto parameters other than `subject`, `cc` and `body`
/// (`attach=` could hand a local file to the mail client).
pub fn external_url(url: &str) -> Result<String, IpcError> {
    let shown: String = url.escape_debug().collect();
    let refuse = |why: &str| Err(IpcError::new(ErrorCode::InvalidUrl, format!("`{shown}` cannot be opened: {why}")));
    if url.chars().any(|character| character.is_control() || is_format_character(character)) {
        return refuse("it holds a control or invisible formatting character");
    }
    let Ok(parsed) = tauri::Url::parse(url.trim()) else { return refuse("it is not a valid URL") };
    match parsed.scheme() {
        "http" | "https" if parsed.host_str().is_some_and(|host| !host.is_empty()) => {}
        "http" | "https" => return refuse("it names no host"),
        "mailto" => {
            if let Some((name, _)) = parsed
                .query_pairs()
                .find(|(name, _)| !["subject", "cc", "body"].contains(&name.to_ascii_lowercase().as_str()))
            {
                return refuse(&format!("a mail link may set `subject`, `cc` and `body`, not `{name}`"));
            }
        }
        _ => return refuse("only http, https and mailto links open outside the app"),
    }
    Ok(parsed.into())
}

/// Whether `character` is of Unicode's category Cf (format): invisible, and
/// able to reorder or hide what a link shows.
fn is_format_character(character: char) -> bool {
    matches!(
        u32::from(character),
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

// The git reads below run without the session, as `commit_view` does, so a
// keystroke (which needs it) never waits behind a history walk.

/// The commits that touched an entry, newest first, following renames.
#[tauri::command]
pub async fn entry_history(state: State<'_, AppState>, id: String) -> Result<Vec<HistoryItem>, IpcError> {
    history::history(&state.root()?, &id)
}

/// The diff of an entry between two versions; `text`, when given, is the
/// editor's unsaved text and stands for the working copy; `old_id` is the
/// entry's id on the old side when it was renamed since.
#[tauri::command]
pub async fn entry_diff(
    state: State<'_, AppState>,
    id: String,
    old_id: Option<String>,
    old: VersionSpec,
    new: VersionSpec,
    text: Option<String>,
) -> Result<DiffView, IpcError> {
    let diff = history::diff(&state.root()?, &id, old_id.as_deref(), &old, &new, text.as_deref())?;
    // Only the rendering needs the session (its index, for links).
    state.with(|session| Ok(history::diff_view(&id, &diff, session.wiki().index())))
}

/// The entries whose saved files differ from `HEAD`, each with its summary.
#[tauri::command]
pub async fn changed_entries(state: State<'_, AppState>) -> Result<Vec<ChangedEntryView>, IpcError> {
    history::changed_entries(&state.root()?)
}

/// The editor's `text` with one section of version `old` put back. Reads
/// only: the UI applies the result as an undoable edit.
#[tauri::command]
pub async fn restore_section(
    state: State<'_, AppState>,
    id: String,
    old: VersionSpec,
    old_index: u32,
    text: String,
) -> Result<String, IpcError> {
    history::restore_section(&state.root()?, &id, &old, old_index, &text)
}

/// The Commit view: changed entries with their staging, summaries and
/// problems; what blocks the commit; the identity it will carry.
#[tauri::command]
pub async fn commit_view(state: State<'_, AppState>) -> Result<CommitView, IpcError> {
    let (root, today) = state.root_and_today()?;
    commit::view(&root, today, &Git::default())
}

/// Stages (or unstages) every path of a changed entry; returns the view anew.
#[tauri::command]
pub async fn stage_entry(state: State<'_, AppState>, id: String, staged: bool) -> Result<CommitView, IpcError> {
    let (root, today) = state.root_and_today()?;
    let git = Git::default();
    state.one_git_write(|| commit::stage(&root, &git, &id, staged))?;
    commit::view(&root, today, &git)
}

/// Commits what is staged with `message`, unless it has errors.
#[tauri::command]
pub async fn commit_staged(state: State<'_, AppState>, message: String) -> Result<CommitDone, IpcError> {
    let (root, today) = state.root_and_today()?;
    state.one_git_write(|| commit::commit(&root, today, &Git::default(), &message))
}

/// Renames an entry: new title, file moved, every link rewritten, all or nothing.
#[tauri::command]
pub async fn rename_entry(state: State<'_, AppState>, id: String, title: String) -> Result<RenameResult, IpcError> {
    state.with(|session| session.rename(&id, &title))
}

// Sync runs the system `git` on a blocking thread, outside the session lock
// (typing goes on), one sync or fetch at a time (`SyncGate`).

/// Where the clone stands against its remote, as of the last fetch.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>, gate: State<'_, SyncGate>) -> Result<SyncStatusView, IpcError> {
    sync::status(&state.root()?, gate.running())
}

/// Fetches from the remote with git's progress as `sync-progress` events.
/// A `background` fetch is skipped on a metered network unless the
/// settings allow it, and refused (`busy`) while a sync runs.
#[tauri::command]
pub async fn sync_fetch<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    background: bool,
) -> Result<SyncStatusView, IpcError> {
    let root = state.root()?;
    let skip = background && !sync_settings_of(&app).fetch_when_metered && sync::metered();
    off_the_lock(app, move |app| {
        let gate = app.state::<SyncGate>();
        let _running = gate.enter()?;
        if !skip {
            let mut report = |progress: &quire_core::Progress| {
                let _ = app.emit(SYNC_PROGRESS, sync::progress(progress));
            };
            quire_core::fetch(&root, app.state::<AskpassSlot>().program().as_deref(), &mut report)
                .map_err(sync::sync_error)?;
        }
        // Not `running`: the fetch is over by the time the window reads this,
        // and a stale flag would stop every later background fetch.
        sync::status(&root, false)
    })
    .await
}

/// What the next sync brings in: commits with authors, each changed entry with its summary.
#[tauri::command]
pub async fn sync_incoming(state: State<'_, AppState>) -> Result<IncomingView, IpcError> {
    let root = state.root()?;
    tauri::async_runtime::spawn_blocking(move || sync::incoming(&root)).await.map_err(stopped)?
}

/// Fetches, integrates with Quire's merge driver, validates and pushes,
/// with progress as `sync-progress` events. Nothing staged is committed:
/// the UI offers the Commit view first.
#[tauri::command]
pub async fn sync_run<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SyncResult, IpcError> {
    run_sync(app, &state, quire_core::sync).await
}

/// Completes a sync stopped on conflicts once they are resolved in the
/// files: validates, commits the merge, pushes.
#[tauri::command]
pub async fn sync_continue<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SyncResult, IpcError> {
    run_sync(app, &state, quire_core::resume_sync).await
}

/// A sync step of core (`sync` or `resume_sync`) with the app's options,
/// off the lock, progress to the window.
type SyncStep = fn(
    &std::path::Path,
    &quire_core::SyncOptions,
    &mut dyn FnMut(&quire_core::Progress),
) -> Result<quire_core::SyncReport, quire_core::SyncError>;

async fn run_sync<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: &AppState,
    step: SyncStep,
) -> Result<SyncResult, IpcError> {
    let (root, today) = state.root_and_today()?;
    let options = sync::options(&sync_settings_of(&app), today, app.state::<AskpassSlot>().program());
    off_the_lock(app, move |app| {
        let gate = app.state::<SyncGate>();
        let _running = gate.enter()?;
        let mut report = |progress: &quire_core::Progress| {
            let _ = app.emit(SYNC_PROGRESS, sync::progress(progress));
        };
        let done = step(&root, &options, &mut report).map_err(sync::sync_error)?;
        Ok(sync::result(&root, &done))
    })
    .await
}

/// The conflicts a stopped sync left in the clone, for the Resolve view after a restart.
#[tauri::command]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<SyncConflict>, IpcError> {
    let root = state.root()?;
    tauri::async_runtime::spawn_blocking(move || sync::conflicts(&root)).await.map_err(stopped)?
}

/// Writes the Resolve view's text of a conflicted entry (refused, `changed`,
/// when the file is no longer at `base_hash`); returns the new hash.
#[tauri::command]
pub async fn sync_resolve(
    state: State<'_, AppState>,
    id: String,
    text: String,
    base_hash: String,
) -> Result<String, IpcError> {
    sync::write_resolved(&state.root()?, &id, &text, &base_hash)
}

/// Undoes a stopped sync: commits, index and files as before it. The
/// editor's unsaved text is not on disk and is kept.
#[tauri::command]
pub async fn sync_abort<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let root = state.root()?;
    off_the_lock(app, move |app| {
        let gate = app.state::<SyncGate>();
        let _running = gate.enter()?;
        quire_core::abort_sync(&root).map_err(sync::sync_error)
    })
    .await
}

/// Makes `url` the clone's `origin` once `git ls-remote` reaches it, and
/// the current branch track it.
#[tauri::command]
pub async fn add_remote<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
) -> Result<SyncStatusView, IpcError> {
    let root = state.root()?;
    off_the_lock(app, move |app| {
        let gate = app.state::<SyncGate>();
        let _running = gate.enter()?;
        quire_core::add_remote(&root, url.trim(), app.state::<AskpassSlot>().program().as_deref())
            .map_err(sync::sync_error)?;
        sync::status(&root, false)
    })
    .await
}

/// The sync settings (the app's configuration folder, not the wiki), and
/// whether the network is metered now.
#[tauri::command]
pub async fn sync_settings<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<(SyncSettings, bool), IpcError> {
    Ok((sync_settings_of(&app), sync::metered()))
}

/// Keeps new sync settings.
#[tauri::command]
pub async fn set_sync_settings<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    settings: SyncSettings,
) -> Result<(), IpcError> {
    let folder = app
        .path()
        .app_config_dir()
        .map_err(|error| IpcError::new(ErrorCode::Io, format!("no configuration folder: {error}")))?;
    sync::save_settings(&folder, &settings)
}

/// The user's answer to git's credential question `id`; `null` cancels it.
#[tauri::command]
pub async fn askpass_answer(askpass: State<'_, AskpassSlot>, id: u64, answer: Option<String>) -> Result<(), IpcError> {
    askpass.answer(id, answer);
    Ok(())
}

fn sync_settings_of<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> SyncSettings {
    sync::load_settings(app.path().app_config_dir().ok().as_deref())
}

/// Runs `work` on a blocking thread: git may take minutes, and the async
/// workers must stay free for the editor's commands.
async fn off_the_lock<R: tauri::Runtime, T: Send + 'static>(
    app: tauri::AppHandle<R>,
    work: impl FnOnce(&tauri::AppHandle<R>) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(move || work(&app)).await.map_err(stopped)?
}

fn stopped(error: tauri::Error) -> IpcError {
    IpcError::new(ErrorCode::Git, format!("the sync stopped unexpectedly: {error}"))
}

/// What `QUIRE_REPORT_STARTUP` asks of the app: nothing (unset), a report of
/// the start-up on standard output (`1`), or the report and then exit
/// (`exit`), for the whole-process start-up benchmark (BENCHMARKS.md).
pub fn startup_report_wanted() -> Option<bool> {
    std::env::var_os("QUIRE_REPORT_STARTUP").map(|value| value == "exit")
}

/// The UI calls this once, when the first entry is in an editor that takes
/// keys (`interactive_at`: milliseconds since the Unix epoch; `marks`: the
/// start-up steps in milliseconds after the page started). Reported only
/// when `QUIRE_REPORT_STARTUP` is set.
#[tauri::command]
pub fn editor_ready<R: tauri::Runtime>(app: tauri::AppHandle<R>, interactive_at: f64, marks: Vec<(String, f64)>) {
    let Some(exit) = startup_report_wanted() else { return };
    let steps: Vec<String> = marks.iter().map(|(step, at)| format!("{step}={at:.0}")).collect();
    println!("QUIRE-STARTUP interactive_at={interactive_at:.0} {}", steps.join(" "));
    if exit {
        app.exit(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A link handed to the system must be what the user confirmed: no
    // reversed host, no local file attached to a mail, no other scheme.
    #[test]
    fn external_links_are_checked_and_normalised() {
        assert_eq!(external_url("https://example.org/a b").unwrap(), "https://example.org/a%20b");
        assert_eq!(external_url("https://bücher.example/").unwrap(), "https://xn--bcher-kva.example/");
        assert_eq!(
            external_url("mailto:a@example.org?subject=Hi&cc=b@example.org&body=x").unwrap(),
            "mailto:a@example.org?subject=Hi&cc=b@example.org&body=x"
        );
        for (url, why) in [
            ("https://exa\u{202E}lpmoc.example/", "formatting character"),
            ("https://example.org/\u{200B}", "formatting character"),
            ("https://example.org/\n", "control"),
            ("mailto:a@example.org?attach=/etc/passwd", "not `attach`"),
            ("mailto:a@example.org?subject=x&Bcc=c@example.org", "not `Bcc`"),
            ("file:///etc/passwd", "only http, https and mailto"),
            ("javascript:alert(1)", "only http, https and mailto"),
            ("https://", "not a valid URL"),
        ] {
            let error = external_url(url).unwrap_err();
            assert_eq!(error.code, "invalid-url");
            assert!(error.message.contains(why), "{url}: {}", error.message);
        }
    }
}
