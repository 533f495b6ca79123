//! End-to-end: the reader on a large generated corpus, in a pseudo-terminal
//! (portable-pty + vt100, as in tests/e2e_reader.rs). The progress screen
//! appears at once; `q` and ctrl-c quit during the analysis within a second;
//! SIGINT and SIGTERM during the analysis restore the terminal (alternate
//! screen left, cursor shown, mouse reporting off) and exit 128 + signal.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use refrain::synth::{self, SynthParams};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);
/// The longest a quit may take once the key or signal is sent.
const QUIT_LIMIT: Duration = Duration::from_secs(1);

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_refrain"), args)
    }

    fn start_program(program: &str, args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
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
        let child = pair.slave.spawn_command(cmd).expect("spawn refrain");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
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
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the exit; returns the exit code and the time it took.
    fn wait_exit(&mut self, since: Instant) -> (u32, Duration) {
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let took = since.elapsed();
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return (status.exit_code(), took);
            }
            if since.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("refrain did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(2));
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

    fn library_was_shown(&self) -> bool {
        let raw = self.raw.lock().unwrap();
        raw.windows(7).any(|w| w == b"Library")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Writes a generated corpus of about 60 MB in some 3,000 files.
/// One way to stop the reader: its name, the exit code expected, and how.
type Way<'a> = (&'a str, u32, &'a dyn Fn(&mut Session));

fn big_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let g = synth::generate(&SynthParams {
        seed: 7,
        total_bytes: 60_000_000,
        doc_bytes: 20_000,
        ..SynthParams::default()
    });
    for (i, d) in g.corpus.documents.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:05}.txt")), &d.text).unwrap();
    }
    dir
}

fn kill(s: &Session, sig: &str) {
    let pid = s.child.process_id().unwrap();
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Each way out, in turn (one corpus, one analysis at a time): start the
/// reader, wait for the progress screen, quit, and check the time, the exit
/// code, that the library never appeared and that the terminal is restored.
#[test]
fn q_ctrl_c_and_signals_quit_during_analysis_within_a_second() {
    let corpus = big_corpus();
    let dir = corpus.path().to_str().unwrap();
    let ways: [Way; 5] = [
        ("q", 0, &|s| s.send(b"q")),
        ("ctrl-c", 0, &|s| s.send(b"\x03")),
        ("SIGINT", 130, &|s| kill(s, "-INT")),
        ("SIGTERM", 143, &|s| kill(s, "-TERM")),
        ("SIGHUP", 129, &|s| kill(s, "-HUP")),
    ];
    for (name, code, quit) in ways {
        let mut s = Session::start(&[dir]);
        let screen = s.wait_for("q or ctrl-c to quit");
        assert!(screen.contains("analysing"), "{screen}");
        let sent = Instant::now();
        quit(&mut s);
        let (exit, took) = s.wait_exit(sent);
        eprintln!("{name}: exited {exit} after {took:?}");
        assert!(took < QUIT_LIMIT, "{name}: took {took:?}");
        assert_eq!(exit, code, "{name}");
        assert!(
            !s.library_was_shown(),
            "{name}: the analysis finished first, so this did not test quitting during it"
        );
        s.assert_restored();
    }

    // `refrain report` on a terminal draws its progress on stderr, then clears it.
    let cmd = format!(
        "{} report {dir} > /dev/null; echo report-done",
        env!("CARGO_BIN_EXE_refrain")
    );
    let mut s = Session::start_program("sh", &["-c", &cmd]);
    let screen = s.wait_for("report-done");
    s.wait_exit(Instant::now());
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(raw.contains("refrain: reading"), "{raw}");
    assert!(raw.contains("files"), "{raw}");
    assert!(
        !screen.contains("refrain: "),
        "the bar was not cleared:\n{screen}"
    );
}

#[test]
fn sigint_in_the_library_restores_the_terminal() {
    let mut s = Session::start(&[]);
    s.wait_for("Library");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    let sent = Instant::now();
    kill(&s, "-INT");
    let (exit, took) = s.wait_exit(sent);
    assert!(took < QUIT_LIMIT, "took {took:?}");
    assert_eq!(exit, 130);
    s.assert_restored();
}
