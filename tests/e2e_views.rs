//! End-to-end: the views of reuse on the real `refrain` binary in a
//! pseudo-terminal (portable-pty), its output parsed by vt100: `a` lists and
//! stacks every occurrence, `w` finds where the cursor line appears, `c`
//! compares with every difference counted, and quitting restores the terminal.

#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_refrain"));
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

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
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

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // A lone ESC followed at once by another key would read as alt-key.
        std::thread::sleep(Duration::from_millis(if keys.contains('\x1b') {
            150
        } else {
            30
        }));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("refrain did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn assert_restored(&self) {
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

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a refrain behind when a test fails half-way.
        let _ = self.child.kill();
    }
}

#[test]
fn all_occurrences_where_else_and_compare_on_the_seeds() {
    let mut s = Session::start(&[], &[], 100, 30);
    s.wait_for("Library");
    s.send("\r");
    s.wait_for("000 1/");
    // The byline, copied in three places.
    s.send("]");
    s.wait_for("passage 1/");
    s.send("a");
    let screen = s.wait_for("All occurrences");
    assert!(
        screen.contains("cluster 4 · 3 occurrences · 24 words"),
        "{screen}"
    );
    assert!(screen.contains("1/3 000 line 4 · reference"), "{screen}");
    assert!(
        screen.contains("3/3 000 line 21 · 96% to reference"),
        "{screen}"
    );
    s.send("G");
    s.send("c");
    let screen = s.wait_for("similar");
    assert!(screen.contains("occurrence 3/3"), "{screen}");
    assert!(screen.contains("differences │ 96% similar"), "{screen}");
    s.send("]");
    s.wait_for("difference 1/");
    s.send("\x1b");
    s.wait_for("All occurrences");
    s.send("\x1b");
    s.wait_for("passage 1/");
    // Where else: the line under the cursor, found in the other places.
    s.send("w");
    let screen = s.wait_for("Where else");
    assert!(
        screen.contains("where else │ 000 line 4 │ 2 found"),
        "{screen}"
    );
    s.send("j");
    s.send("\r");
    s.wait_for("Professor");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}
