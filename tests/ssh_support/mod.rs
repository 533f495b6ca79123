//! Shared harness of the `ssh_*` tests: a `refrain serve` process on a free
//! loopback port, and real OpenSSH clients, each in its own pseudo-terminal
//! read back through a vt100 parser. Every process is killed when its guard is
//! dropped, so a failing test leaves nothing running. Waits poll with generous
//! deadlines (a loaded 2-core CI machine is slow), never fixed sleeps.

#![allow(dead_code)]

pub mod soak;

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// The TERM every test client announces.
pub const TERM: &str = "xterm-256color";

/// Polls `f` every 50 ms until it returns `Some`, or panics with `what` after `limit`.
pub fn wait_until<T>(limit: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        if start.elapsed() > limit {
            panic!("timed out after {limit:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A running `refrain serve` and the lines it wrote on stderr.
pub struct Server {
    child: Child,
    /// The bound port.
    pub port: u16,
    /// Every stderr line so far.
    pub log: Arc<Mutex<Vec<String>>>,
    /// Holds the host key (and anything else the test puts there).
    pub dir: tempfile::TempDir,
}

impl Server {
    /// Starts a server on 127.0.0.1:0 with a host key in a fresh temporary
    /// folder, no rate limit (unless `extra` sets one), and `extra` arguments.
    pub fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("host_key");
        Server::start_in(dir, &key, extra)
    }

    /// Like [`Server::start`], with environment variables for the server.
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("host_key");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_refrain"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(&key)
            .args(extra)
            .envs(env.iter().copied());
        if !extra.contains(&"--rate-limit") {
            cmd.args(["--rate-limit", "0"]);
        }
        Server::spawn(cmd, dir)
    }

    /// Starts a server with the host key at `key`, keeping `dir` alive.
    pub fn start_in(dir: tempfile::TempDir, key: &Path, extra: &[&str]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_refrain"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(key)
            .args(extra);
        if !extra.contains(&"--rate-limit") {
            cmd.args(["--rate-limit", "0"]);
        }
        Server::spawn(cmd, dir)
    }

    /// Spawns a prepared `refrain serve` command and waits for its port.
    pub fn spawn(mut cmd: Command, dir: tempfile::TempDir) -> Server {
        // No keymap file of the person running the tests.
        cmd.env("XDG_CONFIG_HOME", dir.path().join("config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start refrain serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
            dir,
        };
        server.port = wait_until(DEADLINE, "the listening line", || {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("server exited with {status}: {:?}", server.lines());
            }
            server.lines().iter().find_map(|l| {
                l.strip_prefix("refrain: listening on 127.0.0.1:")
                    .map(|p| p.parse().unwrap())
            })
        });
        server
    }

    /// A copy of the stderr lines so far.
    pub fn lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits for a stderr line containing every one of `parts`.
    pub fn wait_log(&self, parts: &[&str]) -> String {
        self.wait_log_for(DEADLINE, parts)
    }

    /// The log lines containing every one of `parts`.
    pub fn log_lines(&self, parts: &[&str]) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| parts.iter().all(|p| l.contains(p)))
            .collect()
    }

    /// Waits at most `limit` for a stderr line containing every one of `parts`.
    pub fn wait_log_for(&self, limit: Duration, parts: &[&str]) -> String {
        wait_until(limit, &format!("a log line with {parts:?}"), || {
            self.lines()
                .into_iter()
                .find(|l| parts.iter().all(|p| l.contains(p)))
        })
    }

    /// The process id (for signals).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to exit by itself.
    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        wait_until(DEADLINE, "the server to exit", || {
            self.child.try_wait().unwrap()
        })
    }

    /// The ssh command line options every client uses for this server.
    pub fn ssh_args(&self) -> Vec<String> {
        ssh_options(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Options for a non-interactive OpenSSH client of the server on `port`: no
/// user config, no known-hosts file, never a password prompt.
pub fn ssh_options(port: u16) -> Vec<String> {
    [
        "-F",
        "/dev/null",
        "-p",
        &port.to_string(),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=30",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Runs `ssh` without a terminal (stdin closed) and returns its output; the
/// client is killed if it is still running after the deadline.
pub fn ssh_output(port: u16, args: &[&str]) -> std::process::Output {
    Command::new("timeout")
        .arg(DEADLINE.as_secs().to_string())
        .arg("ssh")
        .args(ssh_options(port))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run ssh")
}

/// The reader the server should be showing, computed in-process: the same
/// session type fed the same keys, its bytes read by a vt100 parser.
pub struct LocalReader {
    session: refrain::ssh::session::ReaderSession,
    parser: vt100::Parser,
}

impl LocalReader {
    /// A reader on the seed articles for a `cols`x`rows` window.
    pub fn new(cols: u16, rows: u16) -> LocalReader {
        let analysis =
            refrain::reuse::analyse(refrain::corpus::seeds(), &refrain::reuse::Params::default());
        let mut session = refrain::ssh::session::ReaderSession::new(
            Arc::new(analysis),
            Arc::new(refrain::keymap::Keymap::default()),
            refrain::ui::ColorMode::detect(Some(TERM), None, false),
            (cols, rows),
        )
        .unwrap();
        let mut parser = vt100::Parser::new(rows, cols, 0);
        parser.process(&session.start().unwrap());
        LocalReader { session, parser }
    }

    /// Types `bytes`.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.session.feed(bytes);
        let out = self.session.render().unwrap();
        self.parser.process(&out);
    }

    /// Resizes the window.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.screen_mut().set_size(rows, cols);
        self.session.resize((cols, rows)).unwrap();
        let out = self.session.render().unwrap();
        self.parser.process(&out);
    }

    /// The screen's text.
    pub fn contents(&self) -> String {
        self.parser.screen().contents()
    }
}

/// The first `n` characters of the first seed document's title, its spaces
/// (some are no-break spaces) as plain spaces.
pub fn first_title(n: usize) -> String {
    plain_spaces(refrain::corpus::seeds().documents[0].title())
        .chars()
        .take(n)
        .collect()
}

/// `text` with every run of whitespace (no-break spaces included) as one space.
pub fn plain_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An OpenSSH client in a pseudo-terminal, its screen kept by a vt100 parser.
pub struct Client {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the client's terminal received.
    pub raw: Arc<Mutex<Vec<u8>>>,
}

impl Client {
    /// Connects `ssh -tt … localhost` in a `cols`x`rows` terminal, with extra ssh options.
    pub fn connect(port: u16, cols: u16, rows: u16, extra: &[&str]) -> Client {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new("ssh");
        cmd.arg("-tt");
        cmd.args(ssh_options(port));
        cmd.args(extra);
        cmd.arg("localhost");
        cmd.env("TERM", TERM);
        cmd.env_remove("COLORTERM");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("spawn ssh");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        s.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Client {
            child,
            master: pair.master,
            writer,
            screen,
            raw,
        }
    }

    /// The screen's text now.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Whether the client's terminal is on the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen contains `text` (compared with [`plain_spaces`]
    /// on both sides, so a no-break space matches a space).
    pub fn wait_for_text(&self, text: &str) {
        let text = plain_spaces(text);
        wait_until(DEADLINE, &format!("{text:?} on screen"), || {
            plain_spaces(&self.contents()).contains(&text).then_some(())
        });
    }

    /// Waits until the screen is exactly `expected` (text), or panics showing both.
    pub fn wait_for_screen(&self, expected: &str, step: &str) {
        let start = Instant::now();
        loop {
            let now = self.contents();
            if now == expected {
                return;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "{step}: the screen over SSH is not the reader's screen\n\
                     --- over SSH ---\n{now}\n--- expected ---\n{expected}"
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal (the ssh client forwards a window change).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Takes the terminal's input, for a thread that types while the test
    /// watches; [`Client::send`] types nothing afterwards.
    pub fn take_writer(&mut self) -> Box<dyn Write + Send> {
        std::mem::replace(&mut self.writer, Box::new(std::io::sink()))
    }

    /// Waits for ssh to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let status = wait_until(DEADLINE, "ssh to exit", || self.child.try_wait().unwrap());
        status.exit_code()
    }

    /// The ssh process id (for signals).
    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// True while ssh runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        signal(self.pid(), "CONT");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes an ed25519 key pair with ssh-keygen in `dir`; returns the private key path.
pub fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .stdin(Stdio::null())
        .status()
        .expect("run ssh-keygen");
    assert!(status.success());
    path
}

/// Sends `SIG<name>` to process `pid` (through the shell's `kill`).
pub fn signal(pid: u32, name: &str) {
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -{name} {pid} 2>/dev/null")])
        .status();
}
