//! The askpass round trip: git asks for credentials through the app's own
//! executable started by the link's name, over the real Unix socket, and
//! the answer the app gives reaches git.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;

use quire_desktop::askpass::{Askpass, Question};

/// Starts the helper machinery with the real `quire-desktop` binary.
fn start(runtime: &std::path::Path) -> (std::sync::Arc<Askpass>, std::sync::mpsc::Receiver<Question>) {
    let (sender, receiver) = channel();
    let sender = std::sync::Mutex::new(sender);
    let askpass = Askpass::start(runtime, env!("CARGO_BIN_EXE_quire-desktop").as_ref(), move |question| {
        let _ = sender.lock().unwrap().send(question.clone());
    })
    .unwrap();
    (askpass, receiver)
}

// Git's own credential prompts (user name, then password) go to the app and
// its answers come back to git: the sync's credential dialog end to end,
// without a terminal prompt.
#[test]
fn git_asks_the_app_and_gets_its_answers() {
    let runtime = tempfile::tempdir().unwrap();
    let (askpass, questions) = start(runtime.path());
    let program = askpass.program();
    let git = std::thread::spawn(move || {
        let mut child = Command::new("git")
            .args(["credential", "fill"])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_ASKPASS", &program)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"protocol=https\nhost=example.org\n\n").unwrap();
        child.wait_with_output().unwrap()
    });
    let timeout = std::time::Duration::from_secs(20);
    let user = questions.recv_timeout(timeout).expect("git asks for the user name");
    assert_eq!(user.prompt, "Username for 'https://example.org':");
    askpass.answer(user.id, Some("ada".to_owned()));
    let password = questions.recv_timeout(timeout).expect("git asks for the password");
    assert_eq!(password.prompt, "Password for 'https://ada@example.org':");
    askpass.answer(password.id, Some("s3cret words".to_owned()));
    let output = git.join().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("username=ada\n") && said.contains("password=s3cret words\n"), "{said}");
}

// Cancel in the dialog: the helper answers nothing and fails, so git stops
// with an authentication error instead of waiting or using an empty password.
#[test]
fn a_cancelled_question_fails_the_helper() {
    let runtime = tempfile::tempdir().unwrap();
    let (askpass, questions) = start(runtime.path());
    let program = askpass.program();
    let helper =
        std::thread::spawn(move || Command::new(program).arg("Password for 'https://example.org': ").output().unwrap());
    let question = questions.recv_timeout(std::time::Duration::from_secs(20)).expect("the question arrives");
    askpass.answer(question.id, None);
    let output = helper.join().unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "no answer printed");
    drop(askpass);
    // The thread that served the question lets go of it just after the helper's answer.
    let start = std::time::Instant::now();
    while std::fs::read_dir(runtime.path()).unwrap().next().is_some() {
        assert!(start.elapsed().as_secs() < 10, "the private folder is removed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
