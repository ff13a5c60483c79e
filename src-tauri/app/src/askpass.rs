//! Credentials for git, asked in the app's own dialog, never at a hidden
//! terminal (core sets `GIT_TERMINAL_PROMPT=0`).
//!
//! The app listens on a Unix socket in a private folder (mode 0700) that
//! also holds `quire-askpass`, a link to the app's own executable; sync
//! hands git that link as `GIT_ASKPASS`. Git runs it with the prompt as its
//! argument; `main` sees the name it was started by ([`helper`]), sends the
//! prompt to the socket beside the link and prints the answer for git. The
//! app asks the user (the `askpass` event; `askpass_answer` replies) while
//! the helper waits. A cancelled or unanswered question fails git's
//! authentication, which sync reports as such.
//!
//! The protocol, one connection per question: the helper writes the prompt
//! and closes its side; the app writes `ok ` and the answer, or `cancel`.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

pub use crate::ipc::AskpassQuestion as Question;

/// The name the helper is started by: the link's file name.
pub const HELPER_NAME: &str = "quire-askpass";
/// The socket's file name, beside the link.
const SOCKET_NAME: &str = "socket";
/// The event that asks the UI for a credential.
pub const ASKPASS_EVENT: &str = "askpass";
/// How long a question waits for the user before git is told no.
const PATIENCE: Duration = Duration::from_secs(300);

/// Where the app keeps the link and socket, once started; the commands hand its link to git.
#[derive(Default)]
pub struct AskpassSlot(pub Mutex<Option<std::sync::Arc<Askpass>>>);

impl AskpassSlot {
    /// The program git runs for credentials; `None` when the app could not listen.
    pub fn program(&self) -> Option<PathBuf> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref().map(|askpass| askpass.program())
    }

    /// Passes the user's answer to question `id` on.
    pub fn answer(&self, id: u64, answer: Option<String>) {
        if let Some(askpass) = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
            askpass.answer(id, answer);
        }
    }
}

/// When this process was started as the helper (by the link's name), asks
/// the app and returns the exit status for `main`; `None` for the app itself.
pub fn helper() -> Option<i32> {
    let program = PathBuf::from(std::env::args_os().next()?);
    if program.file_name()? != HELPER_NAME {
        return None;
    }
    let prompt = std::env::args().nth(1).unwrap_or_default();
    Some(match ask_app(&program.with_file_name(SOCKET_NAME), &prompt) {
        Ok(Some(answer)) => {
            println!("{answer}");
            0
        }
        Ok(None) => 1,
        Err(error) => {
            eprintln!("quire-askpass: cannot reach the Quire app: {error}");
            1
        }
    })
}

/// The helper's side: the prompt out, the answer (`None`: cancelled) back.
pub fn ask_app(socket: &Path, prompt: &str) -> io::Result<Option<String>> {
    let mut stream = UnixStream::connect(socket)?;
    stream.write_all(prompt.as_bytes())?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    Ok(reply.strip_prefix("ok ").map(str::to_owned))
}

/// The app's side: the private folder, the link and the listening socket.
/// Dropping it removes the folder; the listening thread then finds no
/// more connections.
pub struct Askpass {
    folder: PathBuf,
    questions: Mutex<HashMap<u64, Sender<Option<String>>>>,
    next: AtomicU64,
}

impl Askpass {
    /// Makes the folder (`runtime`/quire-askpass-<pid>), links `program`
    /// (the app's executable) there and listens; each question goes to
    /// `ask` (the UI), whose answer comes back through [`Askpass::answer`].
    pub fn start(
        runtime: &Path,
        program: &Path,
        ask: impl Fn(&Question) + Send + Sync + 'static,
    ) -> io::Result<std::sync::Arc<Askpass>> {
        let folder = runtime.join(format!("quire-askpass-{}", std::process::id()));
        if folder.exists() {
            std::fs::remove_dir_all(&folder)?;
        }
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&folder)?;
        std::os::unix::fs::symlink(program, folder.join(HELPER_NAME))?;
        let listener = UnixListener::bind(folder.join(SOCKET_NAME))?;
        let askpass =
            std::sync::Arc::new(Askpass { folder, questions: Mutex::new(HashMap::new()), next: AtomicU64::new(1) });
        let serving = std::sync::Arc::downgrade(&askpass);
        let ask = std::sync::Arc::new(ask);
        std::thread::Builder::new().name("askpass".to_owned()).spawn(move || {
            for stream in listener.incoming() {
                let (Ok(stream), Some(askpass)) = (stream, serving.upgrade()) else { break };
                let ask = ask.clone();
                // One thread per question: a second git process may ask while the user reads the first.
                let _ = std::thread::Builder::new()
                    .name("askpass-question".to_owned())
                    .spawn(move || askpass.serve(stream, &*ask));
            }
        })?;
        Ok(askpass)
    }

    /// The program git runs (`GIT_ASKPASS`).
    pub fn program(&self) -> PathBuf {
        self.folder.join(HELPER_NAME)
    }

    /// The user's answer to question `id`; `None` cancels it.
    pub fn answer(&self, id: u64, answer: Option<String>) {
        let waiting = self.questions.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id);
        if let Some(waiting) = waiting {
            let _ = waiting.send(answer);
        }
    }

    fn serve(&self, mut stream: UnixStream, ask: &dyn Fn(&Question)) {
        let mut prompt = String::new();
        if stream.read_to_string(&mut prompt).is_err() {
            return;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = channel();
        self.questions.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id, sender);
        ask(&Question { id, prompt: prompt.trim_end().to_owned() });
        let answer = receiver.recv_timeout(PATIENCE).ok().flatten();
        self.questions.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id);
        let reply = answer.map_or_else(|| "cancel".to_owned(), |answer| format!("ok {answer}"));
        let _ = stream.write_all(reply.as_bytes());
    }
}

impl Drop for Askpass {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
