//! Watching the wiki folder: notify with a debouncer, events treated as
//! hints (the session re-reads and compares hashes), a rescan on overflow or
//! error, and polling when the system's inotify limits are reached.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, new_debouncer_opt};

/// What the watcher reports to the app.
pub enum Change {
    /// These paths may have changed (created, modified, removed, renamed).
    Paths(Vec<PathBuf>),
    /// Events were lost or the watch failed: the wiki must be rescanned.
    Rescan(String),
}

/// A running watch; dropping it stops watching.
pub enum Watch {
    /// inotify (or the platform's native watcher).
    Native(Debouncer<RecommendedWatcher, NoCache>),
    /// Polling, after the native watcher could not be set up.
    Polling(Debouncer<PollWatcher, NoCache>),
}

const DEBOUNCE: Duration = Duration::from_millis(75);
const POLL_INTERVAL: Duration = Duration::from_millis(500);

fn handler(on_change: impl Fn(Change) + Send + 'static) -> impl FnMut(DebounceEventResult) + Send + 'static {
    move |result: DebounceEventResult| match result {
        Ok(events) => {
            if events.iter().any(|event| event.need_rescan()) {
                on_change(Change::Rescan("the file watcher missed events; the wiki was read again".to_owned()));
                return;
            }
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|event| changes_content(&event.kind))
                .flat_map(|event| event.paths.iter().cloned())
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                on_change(Change::Paths(paths));
            }
        }
        Err(errors) => {
            let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
            on_change(Change::Rescan(format!(
                "the file watcher failed ({}); the wiki was read again",
                reasons.join("; ")
            )));
        }
    }
}

/// Whether an event can mean new content. Reads (open, close without
/// writing) cannot, and must be dropped: the session reads the files an
/// event names, so passing reads on would make every change echo forever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Other => true,
    }
}

/// Watches `root` recursively. Falls back to polling when the native
/// watcher cannot be set up, and says so in the returned notice.
pub fn watch(
    root: &Path,
    on_change: impl Fn(Change) + Clone + Send + 'static,
) -> Result<(Watch, Option<String>), String> {
    // A link inside the wiki (`x -> /`) is never followed: following it
    // would watch, and in polling re-read, whatever it points at. notify
    // follows links by default, and the debouncer's file-id cache (used off
    // Linux to pair renames) walks through them, so neither is used: the
    // session treats events as hints and reads what they name anyway.
    let native = new_debouncer_opt::<_, RecommendedWatcher, NoCache>(
        DEBOUNCE,
        None,
        handler(on_change.clone()),
        NoCache,
        notify::Config::default().with_follow_symlinks(false),
    )
    .and_then(|mut debouncer| {
        debouncer.watch(root, RecursiveMode::Recursive)?;
        Ok(debouncer)
    });
    match native {
        Ok(debouncer) => Ok((Watch::Native(debouncer), None)),
        Err(native_error) => {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_follow_symlinks(false);
            let mut polling =
                new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, handler(on_change), NoCache, config)
                    .map_err(|error| format!("cannot watch `{}`: {error}", root.display()))?;
            polling
                .watch(root, RecursiveMode::Recursive)
                .map_err(|error| format!("cannot watch `{}`: {error}", root.display()))?;
            let notice = format!(
                "watching `{}` by polling every {} ms: {native_error} (raise fs.inotify.max_user_watches to watch natively)",
                root.display(),
                POLL_INTERVAL.as_millis()
            );
            Ok((Watch::Polling(polling), Some(notice)))
        }
    }
}
