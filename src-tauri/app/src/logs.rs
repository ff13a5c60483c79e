//! The app's log: what it did and what went wrong, in a file a day under
//! `logs/` of the app's data folder (beside the crash journal), the last
//! seven days kept, and on standard error as before. Help › Show Logs opens
//! the folder. `QUIRE_LOG` sets the level (`error`, `warn`, `info` (the
//! default), `debug`, `trace`).

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, Registry, fmt};

/// Days of logs kept.
const DAYS_KEPT: usize = 7;

/// The log folder: `$XDG_DATA_HOME/org.quire.desktop/logs` on Linux.
pub fn folder() -> Option<PathBuf> {
    quire_core::app_data_dir().map(|dir| dir.join("logs"))
}

/// A subscriber writing to a daily file in `dir` and to standard error,
/// and the guard that flushes the file when dropped.
pub fn subscriber(
    dir: &Path,
    level: LevelFilter,
) -> std::io::Result<(impl tracing::Subscriber + Send + Sync + use<>, WorkerGuard)> {
    quire_core::private_folder(dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("quire-desktop")
        .filename_suffix("log")
        .max_log_files(DAYS_KEPT)
        .build(dir)
        .map_err(std::io::Error::other)?;
    let (file, guard) = tracing_appender::non_blocking(appender);
    let to_file = fmt::layer().with_writer(file).with_ansi(false).with_target(false).with_filter(level);
    let to_terminal = fmt::layer().with_writer(std::io::stderr).with_ansi(false).with_target(false).with_filter(level);
    Ok((Registry::default().with(to_file).with(to_terminal), guard))
}

/// Starts logging for the whole process; the guard must live as long as the
/// app. Without a data folder, logs go to standard error only.
pub fn start() -> Option<WorkerGuard> {
    let level = std::env::var("QUIRE_LOG").ok().and_then(|level| level.parse().ok()).unwrap_or(LevelFilter::INFO);
    match folder().map(|dir| subscriber(&dir, level).map(|made| (dir, made))) {
        Some(Ok((dir, (subscriber, guard)))) => {
            tracing::subscriber::set_global_default(subscriber).ok()?;
            tracing::info!(folder = %dir.display(), version = env!("CARGO_PKG_VERSION"), "quire-desktop started");
            Some(guard)
        }
        problem => {
            let terminal = fmt().with_writer(std::io::stderr).with_ansi(false).with_max_level(level).finish();
            tracing::subscriber::set_global_default(terminal).ok()?;
            if let Some(Err(error)) = problem {
                tracing::warn!("the log cannot be written to a file: {error}");
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What the app logs must reach a file the user can open, private to them.
    #[test]
    fn events_reach_a_private_daily_file() {
        let data = tempfile::tempdir().unwrap();
        let dir = data.path().join("logs");
        let (subscriber, guard) = subscriber(&dir, LevelFilter::INFO).unwrap();
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!("cannot notify the window: gone");
            tracing::debug!("not at the info level");
        });
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|item| item.unwrap().path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.starts_with("quire-desktop.") && name.ends_with(".log"), "{name}");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("WARN") && text.contains("cannot notify the window: gone"), "{text}");
        assert!(!text.contains("not at the info level"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        }
    }
}
