//! Running the system `git`: the transport of sync.
//!
//! Fetch and push go through the user's own `git`, so SSH keys, credential
//! helpers, proxies and `insteadOf` work as in a terminal. Every run has
//! `GIT_TERMINAL_PROMPT=0` (an invisible prompt would hang the app; a
//! question goes to `GIT_ASKPASS` or fails) and `LC_ALL=C` (the messages
//! classified below are git's English ones).

use std::ffi::OsString;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Progress, SyncError, SyncStep};

/// How git is run: in which folder, with which program asking for
/// credentials, and with which extra `-c` settings.
#[derive(Clone, Debug)]
pub(super) struct Git {
    folder: PathBuf,
    askpass: Option<PathBuf>,
    settings: Vec<String>,
}

/// What a finished git run printed.
#[derive(Debug)]
pub(super) struct Output {
    pub(super) success: bool,
    pub(super) stdout: String,
    pub(super) stderr: String,
}

impl Git {
    pub(super) fn new(folder: &Path, askpass: Option<&Path>) -> Self {
        Git { folder: folder.to_path_buf(), askpass: askpass.map(Path::to_path_buf), settings: Vec::new() }
    }

    /// Adds `-c key=value` to every later run.
    pub(super) fn setting(&mut self, key: &str, value: &str) {
        self.settings.push(format!("{key}={value}"));
    }

    fn command(&self, arguments: &[&str]) -> Command {
        let mut command = Command::new("git");
        command.current_dir(&self.folder);
        for setting in &self.settings {
            command.arg("-c").arg(setting);
        }
        command.args(arguments);
        command.env("GIT_TERMINAL_PROMPT", "0").env("LC_ALL", "C").env("GIT_MERGE_AUTOEDIT", "no");
        if let Some(askpass) = &self.askpass {
            command.env("GIT_ASKPASS", askpass).env("SSH_ASKPASS", askpass).env("SSH_ASKPASS_REQUIRE", "force");
        }
        command.stdin(Stdio::null());
        command
    }

    /// Runs git and waits; `Err` only when git itself could not start.
    ///
    /// Its output goes to unnamed temporary files, not pipes: if this
    /// process is killed, a pipe would close and git would die of SIGPIPE
    /// at its next message, half-way through a merge (working files
    /// changed, no `MERGE_HEAD`). Writing to a file, git finishes its step
    /// and leaves a state it understands.
    pub(super) fn run(&self, arguments: &[&str]) -> Result<Output, SyncError> {
        let spawn_failed = |error: io::Error| SyncError::GitMissing(error.to_string());
        let stdout = tempfile::tempfile().map_err(spawn_failed)?;
        let stderr = tempfile::tempfile().map_err(spawn_failed)?;
        let status = self
            .command(arguments)
            .stdout(stdout.try_clone().map_err(spawn_failed)?)
            .stderr(stderr.try_clone().map_err(spawn_failed)?)
            .status()
            .map_err(spawn_failed)?;
        Ok(Output { success: status.success(), stdout: read_back(stdout), stderr: read_back(stderr) })
    }

    /// Runs git and returns its trimmed output, or the classified failure.
    pub(super) fn read(&self, arguments: &[&str]) -> Result<String, SyncError> {
        let output = self.run(arguments)?;
        if output.success { Ok(output.stdout.trim_end().to_owned()) } else { Err(classify(arguments, &output.stderr)) }
    }

    /// Runs a network command (`fetch`, `push`) with `--progress`, passing
    /// each progress line of its standard error to `progress` as it comes.
    pub(super) fn run_with_progress(
        &self,
        step: SyncStep,
        arguments: &[&str],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Output, SyncError> {
        let mut child = self
            .command(arguments)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| SyncError::GitMissing(error.to_string()))?;
        let mut stdout = child.stdout.take().expect("stdout was piped");
        // Standard output is small (push's ref lines) but must be drained
        // while standard error is read, or a full pipe would block git.
        let reader = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stdout.read_to_end(&mut text);
            text
        });
        let mut stderr = child.stderr.take().expect("stderr was piped");
        let mut collected = Vec::new();
        let mut line = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let read = match stderr.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            for &byte in &buffer[..read] {
                collected.push(byte);
                // git redraws a progress line with `\r` and ends it with `\n`.
                if byte == b'\r' || byte == b'\n' {
                    if let Some(parsed) = parse_progress(step, &String::from_utf8_lossy(&line)) {
                        progress(&parsed);
                    }
                    line.clear();
                } else {
                    line.push(byte);
                }
            }
        }
        let status = child.wait().map_err(|error| SyncError::GitMissing(error.to_string()))?;
        let stdout = reader.join().unwrap_or_default();
        Ok(Output {
            success: status.success(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&collected).into_owned(),
        })
    }
}

/// What git wrote to a temporary file, from its start.
fn read_back(mut file: std::fs::File) -> String {
    use std::io::Seek;
    let mut bytes = Vec::new();
    let _ = file.rewind().and_then(|()| file.read_to_end(&mut bytes));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A progress line of git (`Receiving objects:  45% (9/20)`), as a step,
/// its phase and a percentage.
fn parse_progress(step: SyncStep, line: &str) -> Option<Progress> {
    let line = line.trim().strip_prefix("remote: ").unwrap_or(line.trim());
    let (phase, rest) = line.split_once(':')?;
    if phase.is_empty() || phase.len() > 40 || !phase.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
        return None;
    }
    let percent = rest.trim_start().split_once('%').and_then(|(number, _)| number.trim().parse::<u8>().ok());
    if percent.is_none() && !rest.trim_end().ends_with("done.") {
        return None;
    }
    Some(Progress { step, phase: phase.to_owned(), percent })
}

/// Turns git's failure into a reason a person can act on. The patterns are
/// git's and ssh's own messages (`LC_ALL=C`).
pub(super) fn classify(arguments: &[&str], stderr: &str) -> SyncError {
    let detail = last_lines(stderr);
    let lower = stderr.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|needle| lower.contains(needle));
    if has(&[
        "could not resolve host",
        "could not resolve hostname",
        "connection refused",
        "network is unreachable",
        "no route to host",
        "connection timed out",
        "operation timed out",
        "unable to connect",
    ]) && !has(&["permission denied", "authentication failed"])
    {
        return SyncError::Offline(detail);
    }
    if has(&[
        "authentication failed",
        "permission denied (publickey",
        "permission denied, please try again",
        "could not read username",
        "could not read password",
        "terminal prompts disabled",
        "host key verification failed",
        "invalid username or password",
        "http basic: access denied",
    ]) {
        return SyncError::Authentication(detail);
    }
    if has(&[
        "does not appear to be a git repository",
        "repository not found",
        "not found",
        "no such remote",
        "no such repository",
        "repository not exported",
    ]) {
        return SyncError::RemoteMissing(detail);
    }
    if has(&["protected branch", "pre-receive hook declined", "hook declined", "deny updating", "[remote rejected]"]) {
        return SyncError::PushRefused(detail);
    }
    SyncError::Git { command: format!("git {}", arguments.join(" ")), detail }
}

/// The end of git's message: what it says last is what went wrong.
fn last_lines(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .flat_map(|line| line.rsplit('\r').next())
        .map(str::trim_end)
        .filter(|line| {
            !line.trim().is_empty() && parse_progress(SyncStep::Fetch, line).is_none_or(|p| p.percent.is_none())
        })
        .collect();
    let start = lines.len().saturating_sub(6);
    lines[start..].join("\n")
}

/// `git` as a command line for `merge.<driver>.driver`, quoting the
/// executable for the shell git runs drivers with.
pub(super) fn shell_quote(path: &Path) -> String {
    let text = path.to_string_lossy();
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The path of the global attributes file git reads when
/// `core.attributesFile` is not set.
pub(super) fn default_attributes_file() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(config.join("git").join("attributes"))
}

/// An `OsString` path for `git -c` values, lossily as UTF-8.
pub(super) fn path_text(path: &Path) -> String {
    OsString::from(path.as_os_str()).to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The step bar shows git's own phases with their percentages.
    #[test]
    fn progress_lines_become_phases_with_percentages() {
        let progress = parse_progress(SyncStep::Fetch, "Receiving objects:  45% (9/20)").unwrap();
        assert_eq!(progress.phase, "Receiving objects");
        assert_eq!(progress.percent, Some(45));
        let remote = parse_progress(SyncStep::Fetch, "remote: Counting objects: 100% (3/3), done.").unwrap();
        assert_eq!((remote.phase.as_str(), remote.percent), ("Counting objects", Some(100)));
        assert!(parse_progress(SyncStep::Fetch, "From git://127.0.0.1:9418/wiki").is_none());
    }

    // Each failure a user can act on gets its own reason, not "git failed".
    #[test]
    fn failures_are_classified_by_what_the_user_can_do() {
        let offline = "fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused\n";
        assert!(matches!(classify(&["fetch"], offline), SyncError::Offline(_)));
        let publickey = "git@127.0.0.1: Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n";
        assert!(matches!(classify(&["fetch"], publickey), SyncError::Authentication(_)));
        let missing = "fatal: '/srv/none.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n";
        assert!(matches!(classify(&["fetch"], missing), SyncError::RemoteMissing(_)));
        let protected = "remote: error: refusing to update protected branch main\n ! [remote rejected] HEAD -> main (pre-receive hook declined)\n";
        assert!(matches!(classify(&["push"], protected), SyncError::PushRefused(_)));
    }
}
