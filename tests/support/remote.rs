//! Real remotes for sync tests, on 127.0.0.1 and started by the test: a
//! `git daemon` serving bare repositories over `git://` with push enabled,
//! and an OpenSSH server with its own host key and `authorized_keys`. Each
//! is stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::git;

/// A free TCP port on 127.0.0.1 (bound, read, released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind a free port").local_addr().expect("local address").port()
}

/// Waits until something listens on `port`, or panics with `what` after 20 s.
fn wait_for(port: u16, child: &mut Child, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{what} did not listen on port {port} within 20 s");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `git-daemon` serving `folder` on `port`, once it listens.
fn spawn_daemon(folder: &Path, port: u16) -> Child {
    // `git daemon` runs `git-daemon` as a child process; killing `git`
    // would leave it serving, so the program itself is started.
    let exec_path = Command::new("git").arg("--exec-path").output().expect("git runs").stdout;
    let daemon = PathBuf::from(String::from_utf8_lossy(&exec_path).trim()).join("git-daemon");
    let mut child = Command::new(daemon)
        .args(["--reuseaddr", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1"])
        .arg(format!("--port={port}"))
        .arg(format!("--base-path={}", folder.display()))
        .arg(folder)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("git daemon starts");
    wait_for(port, &mut child, "git daemon");
    child
}

/// A bare repository `wiki.git` with branch `main`, in `folder`.
fn bare_repository(folder: &Path) -> PathBuf {
    let bare = folder.join("wiki.git");
    std::fs::create_dir_all(&bare).expect("create the bare repository's folder");
    git(&bare, &["init", "--quiet", "--bare", "--initial-branch=main"]);
    bare
}

/// `git daemon --enable=receive-pack` over a bare repository.
pub struct GitDaemon {
    child: Child,
    port: u16,
    bare: PathBuf,
    folder: TempDir,
}

impl GitDaemon {
    /// Starts a daemon on a free port serving a new, empty `wiki.git`.
    pub fn start() -> GitDaemon {
        let folder = tempfile::tempdir().expect("temporary folder");
        let bare = bare_repository(folder.path());
        let port = free_port();
        let child = spawn_daemon(folder.path(), port);
        GitDaemon { child, port, bare, folder }
    }

    /// Starts the daemon again on the same port after [`GitDaemon::stop`]:
    /// the network comes back.
    pub fn restart(&mut self) {
        self.stop();
        self.child = spawn_daemon(self.folder.path(), self.port);
    }

    /// The repository's URL.
    pub fn url(&self) -> String {
        format!("git://127.0.0.1:{}/wiki.git", self.port)
    }

    /// The bare repository on disk, for assertions.
    pub fn bare(&self) -> &Path {
        &self.bare
    }

    /// Stops the daemon: the remote becomes unreachable.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for GitDaemon {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An OpenSSH server on 127.0.0.1 that lets in one key, over a bare
/// repository.
pub struct SshServer {
    child: Child,
    port: u16,
    folder: TempDir,
    bare: PathBuf,
}

impl SshServer {
    /// Starts `sshd` with a new host key and client key (README's setup
    /// installs OpenSSH).
    pub fn start() -> SshServer {
        let folder = tempfile::tempdir().expect("temporary folder");
        let dir = folder.path();
        let bare = bare_repository(dir);
        for (key, comment) in [("host_key", "host"), ("client_key", "client")] {
            let status = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
                .arg(dir.join(key))
                .status()
                .expect("ssh-keygen runs (OpenSSH's client is installed by scripts/setup.sh)");
            assert!(status.success(), "ssh-keygen failed");
        }
        std::fs::copy(dir.join("client_key.pub"), dir.join("authorized_keys")).expect("authorized_keys");
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {dir}/host_key\nAuthorizedKeysFile {dir}/authorized_keys\n\
             PidFile {dir}/sshd.pid\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\n\
             LogLevel ERROR\n",
            dir = dir.display()
        );
        std::fs::write(dir.join("sshd_config"), config).expect("sshd_config");
        // sshd running as root wants its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let mut child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(dir.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("/usr/sbin/sshd starts (OpenSSH's server is installed by scripts/setup.sh)");
        wait_for(port, &mut child, "sshd");
        SshServer { child, port, folder, bare }
    }

    /// The repository's URL, as the current user.
    pub fn url(&self) -> String {
        let user = std::env::var("USER").ok().filter(|user| !user.is_empty()).unwrap_or_else(whoami);
        format!("ssh://{user}@127.0.0.1:{}{}", self.port, self.bare.display())
    }

    /// The `core.sshCommand` a clone needs: the client key, no host key
    /// prompt, never a password prompt.
    pub fn ssh_command(&self) -> String {
        format!(
            "ssh -i {} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o BatchMode=yes -o LogLevel=ERROR",
            self.folder.path().join("client_key").display()
        )
    }

    /// The bare repository on disk.
    pub fn bare(&self) -> &Path {
        &self.bare
    }
}

fn whoami() -> String {
    let output = Command::new("id").arg("-un").output().expect("id runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

impl Drop for SshServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
