//! End-to-end: the reader on a large generated corpus, in a pseudo-terminal
//! (portable-pty + vt100, as in tests/e2e_reader.rs). The progress screen
//! appears at once; `q` and ctrl-c quit during the analysis within a second;
//! SIGINT and SIGTERM during the analysis restore the terminal (alternate
//! screen left, cursor shown, mouse reporting off) and exit 128 + signal.

mod pty_support;
use pty_support::*;
use refrain::synth::{self, SynthParams};

/// The longest a quit may take once the key or signal is sent.
const QUIT_LIMIT: Duration = Duration::from_secs(1);

/// Whether the library was ever drawn (the analysis finished before the quit).
fn library_was_shown(s: &Session) -> bool {
    s.raw().windows(7).any(|w| w == b"Library")
}

/// Waits for the exit: the exit code and the time since `since`.
fn wait_exit(s: &mut Session, since: Instant) -> (u32, Duration) {
    let (status, took) = s.wait_exit_since(since);
    (status.exit_code(), took)
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
        ("q", 0, &|s| s.send_bytes(b"q")),
        ("ctrl-c", 0, &|s| s.send_bytes(b"\x03")),
        ("SIGINT", 130, &|s| kill(s, "-INT")),
        ("SIGTERM", 143, &|s| kill(s, "-TERM")),
        ("SIGHUP", 129, &|s| kill(s, "-HUP")),
    ];
    for (name, code, quit) in ways {
        let mut s = Session::start(&[dir], &[], 80, 24);
        let screen = s.wait_for("q or ctrl-c to quit");
        assert!(screen.contains("analysing"), "{screen}");
        let sent = Instant::now();
        quit(&mut s);
        let (exit, took) = wait_exit(&mut s, sent);
        eprintln!("{name}: exited {exit} after {took:?}");
        assert!(took < QUIT_LIMIT, "{name}: took {took:?}");
        assert_eq!(exit, code, "{name}");
        assert!(
            !library_was_shown(&s),
            "{name}: the analysis finished first, so this did not test quitting during it"
        );
        s.assert_restored();
    }

    // `refrain report` on a terminal draws its progress on stderr, then clears it.
    let cmd = format!(
        "{} report {dir} > /dev/null; echo report-done",
        env!("CARGO_BIN_EXE_refrain")
    );
    let mut s = Session::start_program("sh", &["-c", &cmd], &[], 80, 24);
    let screen = s.wait_for("report-done");
    wait_exit(&mut s, Instant::now());
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    // Which stages are drawn depends on how fast each one is (reading 60 MB
    // from the page cache may finish before the first frame): one at least.
    assert!(
        ["reading", "indexing", "aligning"]
            .iter()
            .any(|stage| raw.contains(&format!("refrain: {stage}"))),
        "{raw}"
    );
    assert!(raw.contains("files") || raw.contains("documents"), "{raw}");
    assert!(
        !screen.contains("refrain: "),
        "the bar was not cleared:\n{screen}"
    );
}

#[test]
fn sigint_in_the_library_restores_the_terminal() {
    let mut s = Session::start(&[], &[], 80, 24);
    s.wait_for("Library");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    let sent = Instant::now();
    kill(&s, "-INT");
    let (exit, took) = wait_exit(&mut s, sent);
    assert!(took < QUIT_LIMIT, "took {took:?}");
    assert_eq!(exit, 130);
    s.assert_restored();
}
