//! The real `refrain` binary in a pseudo-terminal (portable-pty), its output
//! parsed by a terminal emulator (vt100), for the end-to-end tests: keys go
//! in, screens come back, and the terminal's state can be checked after exit.
//! Every wait polls the screen with a generous timeout (CI has 2 busy cores).

#![allow(dead_code)]

pub use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
pub use std::io::{Read, Write};
pub use std::sync::{Arc, Mutex};
pub use std::time::{Duration, Instant};

/// How long any wait for a screen or an exit may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// One run of the binary in a pseudo-terminal.
pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// The release `refrain` with `args` and extra `env`, in a `cols`×`rows` terminal.
    pub fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_refrain"), args, env, cols, rows)
    }

    /// Any `program` (e.g. `sh -c` around refrain) in a `cols`×`rows` terminal.
    pub fn start_program(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        // Marks, saved analyses and config go to a scratch place, never the user's.
        let scratch = std::env::temp_dir().join(format!("refrain-e2e-{}", std::process::id()));
        cmd.env("XDG_DATA_HOME", scratch.join("data"));
        cmd.env("XDG_CACHE_HOME", scratch.join("cache"));
        cmd.env("XDG_CONFIG_HOME", scratch.join("config"));
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn refrain");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            parser,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?}; screen:\n{s}\n(end of screen)");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // A lone ESC followed at once by another key would read as alt-key.
        std::thread::sleep(Duration::from_millis(if keys.contains('\x1b') {
            150
        } else {
            30
        }));
    }

    /// Writes `keys` as they are, at once (no pause after them).
    pub fn send_bytes(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the exit.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        self.wait_exit_since(Instant::now()).0
    }

    /// Waits for the exit; also returns how long after `since` it came.
    pub fn wait_exit_since(&mut self, since: Instant) -> (portable_pty::ExitStatus, Duration) {
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let took = since.elapsed();
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return (status, took);
            }
            if since.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("refrain did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    pub fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture still on"
        );
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a refrain behind when a test fails half-way.
        let _ = self.child.kill();
    }
}
