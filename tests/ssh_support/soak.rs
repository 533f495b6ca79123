//! The SSH soak test: many real OpenSSH clients on one `refrain serve` for a
//! while, each typing random keys, clicking, scrolling the wheel, resizing and
//! now and then flooding keys; then each presses `q`. Shared by
//! `examples/soak.rs` (the full run: 50 clients, two minutes) and
//! `tests/ssh_soak.rs` (a short run in `cargo test`). Self-contained (no
//! `env!("CARGO_BIN_EXE_…")`), so the example can include it by path.
//!
//! What it checks, in [`Report::problems`]: no panic in the server's log, every
//! session showed the reader and still answered (redrew after a resize) at the
//! end, every `q` ended its session within a second, and the server's resident
//! memory after all sessions ended is within 20% of what it was before.

#![allow(dead_code)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a soak run goes.
#[derive(Debug, Clone)]
pub struct Config {
    /// OpenSSH clients at once.
    pub clients: usize,
    /// How long they type.
    pub duration: Duration,
    /// Seed of the random input (each client derives its own).
    pub seed: u64,
    /// How often the server's memory is sampled.
    pub sample_every: Duration,
}

/// What a soak run saw.
#[derive(Debug, Default)]
pub struct Report {
    /// Sessions that showed the reader.
    pub sessions: usize,
    /// Sessions that still redrew after a resize at the end.
    pub answered: usize,
    /// Input events sent (keys, clicks, wheel), over all clients.
    pub keys: u64,
    /// Resizes sent.
    pub resizes: u64,
    /// Time from typing `q` to the ssh client exiting, per client that quit.
    pub quit_latency: Vec<Duration>,
    /// Clients that did not exit within 5 s of `q`.
    pub not_quit: usize,
    /// Clients whose ssh exited with a status other than 0 after `q`.
    pub bad_exit: usize,
    /// Server log lines reporting a panic.
    pub panics: Vec<String>,
    /// Server VmRSS (KiB) right after start, before any session.
    pub rss_cold: u64,
    /// Server VmRSS (KiB) after one warm-up session came and went, before the
    /// clients: the baseline.
    pub rss_before: u64,
    /// Server VmRSS (KiB) after every session ended.
    pub rss_after: u64,
    /// Server RssAnon (KiB, the heap: VmRSS without the binary's pages) at the baseline.
    pub anon_before: u64,
    /// Server RssAnon (KiB) after every session ended.
    pub anon_after: u64,
    /// Largest VmRSS (KiB) seen.
    pub rss_peak: u64,
    /// (seconds since the clients started, VmRSS KiB) samples.
    pub rss_samples: Vec<(f64, u64)>,
    /// Bytes (and blocks) the server's program held allocated at the
    /// baseline, when it counts them (the soak example's server does).
    pub heap_before: Option<(u64, u64)>,
    /// Bytes (and blocks) it held after every session ended.
    pub heap_after: Option<(u64, u64)>,
    /// Everything that went wrong on the client side.
    pub errors: Vec<String>,
}

impl Report {
    /// The quit latency at quantile `q` (0.5: median), if any client quit.
    pub fn latency(&self, q: f64) -> Option<Duration> {
        let mut v = self.quit_latency.clone();
        v.sort();
        if v.is_empty() {
            return None;
        }
        let i = ((v.len() - 1) as f64 * q).round() as usize;
        Some(v[i])
    }

    /// Every way the run failed its promises; empty when it passed.
    pub fn problems(&self, clients: usize) -> Vec<String> {
        let mut p = self.errors.clone();
        if !self.panics.is_empty() {
            p.push(format!("{} panic(s): {:?}", self.panics.len(), self.panics));
        }
        if self.sessions != clients {
            p.push(format!(
                "{} of {clients} sessions showed the reader",
                self.sessions
            ));
        }
        if self.answered != clients {
            p.push(format!(
                "{} of {clients} sessions answered at the end",
                self.answered
            ));
        }
        if self.not_quit > 0 || self.bad_exit > 0 {
            p.push(format!(
                "{} clients did not quit, {} exited with an error",
                self.not_quit, self.bad_exit
            ));
        }
        if let Some(max) = self.latency(1.0)
            && max > Duration::from_secs(1)
        {
            p.push(format!("slowest q took {max:?} (limit 1 s)"));
        }
        if let (Some(before), Some(after)) = (self.heap_before, self.heap_after)
            && after.0 > before.0 + HEAP_SLACK
        {
            p.push(format!(
                "the server still holds {} bytes in {} allocations more than before the sessions",
                after.0 - before.0,
                after.1.saturating_sub(before.1)
            ));
        }
        if self.rss_after as f64 > self.rss_before as f64 * 1.2 {
            p.push(format!(
                "server memory after the sessions {} KiB > before {} KiB + 20%",
                self.rss_after, self.rss_before
            ));
        }
        p
    }
}

/// Bytes the server may hold allocated after all sessions ended beyond what it
/// held before them (a log line being formatted, a timer wheel slot); a
/// session's own state is far larger (its screens alone are tens of KB).
pub const HEAP_SLACK: u64 = 32 << 10;

/// The server's resident memory in KiB (0 when unreadable).
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

/// The server's resident anonymous memory (heap, stacks) in KiB.
pub fn anon_kib(pid: u32) -> u64 {
    status_kib(pid, "RssAnon:")
}

/// A `kB` field of `/proc/PID/status`.
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A small deterministic random generator (xorshift64*), so a run can be repeated.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Keys a visitor might press that open no prompt and do not quit: motion,
/// panes, passages, compare, help, back. (`/` and `q` are left out so that a
/// random `q` does not end the session early and a prompt does not eat the
/// final `q`; `esc` is sent on its own, never followed at once by a key.)
const KEYS: &[&[u8]] = &[
    b"j", b"k", b"d", b"u", b" ", b"b", b"g", b"G", b"z", b"\t", b"]", b"[", b"c", b"o", b"s",
    b"p", b"l", b"n", b"N", b"\r", b"?", b"\x1b[A", b"\x1b[B", b"\x1b[5~", b"\x1b[6~", b"\x1b[H",
    b"\x1b[F",
];

/// The environment variable naming the file where a server that counts its
/// allocations (the soak example's) writes `LIVE_BYTES LIVE_BLOCKS`.
pub const HEAP_FILE_VAR: &str = "REFRAIN_SOAK_HEAP_FILE";

/// The running server of a soak: a child process and its log.
pub struct SoakServer {
    child: Child,
    heap_file: std::path::PathBuf,
    /// The port it listens on.
    pub port: u16,
    /// Its stderr lines.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl SoakServer {
    /// Spawns `cmd` (a `refrain serve … --listen 127.0.0.1:0` command) and waits
    /// for its port.
    pub fn spawn(mut cmd: Command) -> SoakServer {
        let heap_file = std::env::temp_dir().join(format!(
            "refrain-soak-heap-{}-{}",
            std::process::id(),
            NEXT_SERVER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_file(&heap_file);
        cmd.env(HEAP_FILE_VAR, &heap_file)
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
        let start = Instant::now();
        let port = loop {
            let found = log.lock().unwrap().iter().find_map(|l| {
                l.strip_prefix("refrain: listening on 127.0.0.1:")
                    .and_then(|p| p.parse().ok())
            });
            if let Some(p) = found {
                break p;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("server exited with {status}: {:?}", log.lock().unwrap());
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        SoakServer {
            child,
            heap_file,
            port,
            log,
        }
    }

    /// What the server's program holds allocated, (bytes, blocks), when it
    /// counts (None for the plain `refrain` binary).
    pub fn heap_live(&self) -> Option<(u64, u64)> {
        let text = std::fs::read_to_string(&self.heap_file).ok()?;
        let mut it = text.split_whitespace().map(|v| v.parse().ok());
        Some((it.next()??, it.next()??))
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Log lines containing `part`.
    pub fn lines_with(&self, part: &str) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(part))
            .cloned()
            .collect()
    }
}

/// Numbers the heap files of servers started by this process.
static NEXT_SERVER: AtomicU64 = AtomicU64::new(0);

impl Drop for SoakServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.heap_file);
    }
}

/// What one client did.
#[derive(Debug, Default)]
struct ClientOutcome {
    shown: bool,
    answered: bool,
    keys: u64,
    resizes: u64,
    quit: Option<Duration>,
    exit_ok: bool,
    error: Option<String>,
}

/// Runs `config.clients` clients against `server` and reports.
pub fn run(server: &SoakServer, config: &Config) -> Report {
    let pid = server.pid();
    // Warm up with one session typing for 3 s (the code pages of every screen
    // are read in from the binary once, the runtime starts its threads, what
    // sessions share is built), let the server settle, then take the baseline.
    let cold = rss_kib(pid);
    let warm_up = Instant::now() + Duration::from_secs(3);
    let warm = client(server.port, !config.seed, warm_up, &AtomicU64::new(0));
    std::thread::sleep(Duration::from_millis(1000));
    let mut report = Report {
        rss_cold: cold,
        rss_before: rss_kib(pid),
        anon_before: anon_kib(pid),
        heap_before: server.heap_live(),
        ..Report::default()
    };
    if let Some(e) = warm.error {
        report.errors.push(format!("warm-up: {e}"));
    }
    let keys = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + config.duration;
    let handles: Vec<_> = (0..config.clients)
        .map(|i| {
            let port = server.port;
            let seed = config.seed ^ (i as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407);
            let keys = keys.clone();
            std::thread::spawn(move || client(port, seed, deadline, &keys))
        })
        .collect();
    while handles.iter().any(|h| !h.is_finished()) {
        let rss = rss_kib(pid);
        report.rss_peak = report.rss_peak.max(rss);
        report
            .rss_samples
            .push((start.elapsed().as_secs_f64(), rss));
        let next = Instant::now() + config.sample_every;
        while Instant::now() < next && handles.iter().any(|h| !h.is_finished()) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    for h in handles {
        let o = h.join().unwrap_or_else(|_| ClientOutcome {
            error: Some("client thread panicked".into()),
            ..ClientOutcome::default()
        });
        report.sessions += usize::from(o.shown);
        report.answered += usize::from(o.answered);
        report.keys += o.keys;
        report.resizes += o.resizes;
        match o.quit {
            Some(d) => {
                report.quit_latency.push(d);
                report.bad_exit += usize::from(!o.exit_ok);
            }
            None => report.not_quit += 1,
        }
        if let Some(e) = o.error {
            report.errors.push(e);
        }
    }
    // Every session has ended in the server's log; then memory is compared.
    let settle = Instant::now();
    while server.lines_with("session-end").len() < report.sessions + 1
        && settle.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    report.rss_after = rss_kib(pid);
    report.anon_after = anon_kib(pid);
    report.heap_after = server.heap_live();
    report
        .rss_samples
        .push((start.elapsed().as_secs_f64(), report.rss_after));
    report.panics = server.lines_with("refrain: panic ");
    report
}

/// One client: connect, wait for the reader, type at random until `deadline`,
/// check it still answers, press `q` and time the exit.
fn client(port: u16, seed: u64, deadline: Instant, keys: &AtomicU64) -> ClientOutcome {
    let mut out = ClientOutcome::default();
    let mut rng = Rng::new(seed);
    let (mut cols, mut rows) = (80 + rng.below(60) as u16, 24 + rng.below(20) as u16);
    let pty = native_pty_system();
    let pair = match pty.openpty(PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }) {
        Ok(p) => p,
        Err(e) => {
            out.error = Some(format!("openpty: {e}"));
            return out;
        }
    };
    let mut cmd = CommandBuilder::new("ssh");
    cmd.args([
        "-tt",
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
        "localhost",
    ]);
    cmd.env("TERM", "xterm-256color");
    let mut child = match pair.slave.spawn_command(cmd) {
        Ok(c) => c,
        Err(e) => {
            out.error = Some(format!("spawn ssh: {e}"));
            return out;
        }
    };
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let received = Arc::new(AtomicU64::new(0));
    let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    {
        let (received, screen) = (received.clone(), screen.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                received.fetch_add(n as u64, Ordering::Relaxed);
                screen.lock().unwrap().process(&buf[..n]);
            }
        });
    }
    let wait = |what: &dyn Fn() -> bool, limit: Duration| {
        let t = Instant::now();
        while t.elapsed() < limit {
            if what() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        what()
    };
    out.shown = wait(
        &|| {
            screen.lock().unwrap().screen().alternate_screen()
                && received.load(Ordering::Relaxed) > 500
        },
        Duration::from_secs(60),
    );
    if !out.shown {
        out.error = Some(format!("client {seed:x}: the reader never appeared"));
        let _ = child.kill();
        return out;
    }
    let mut send = |bytes: &[u8], n: u64| -> bool {
        keys.fetch_add(n, Ordering::Relaxed);
        writer.write_all(bytes).is_ok() && writer.flush().is_ok()
    };
    while Instant::now() < deadline {
        let roll = rng.below(100);
        let ok = if roll < 70 {
            let k = KEYS[rng.below(KEYS.len() as u64) as usize];
            out.keys += 1;
            send(k, 1)
        } else if roll < 82 {
            // A click (press and release) somewhere on the screen.
            let (x, y) = (
                1 + rng.below(u64::from(cols)),
                1 + rng.below(u64::from(rows)),
            );
            out.keys += 1;
            send(format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m").as_bytes(), 1)
        } else if roll < 90 {
            // The wheel.
            let (x, y) = (
                1 + rng.below(u64::from(cols)),
                1 + rng.below(u64::from(rows)),
            );
            let b = if rng.below(2) == 0 { 64 } else { 65 };
            out.keys += 1;
            send(format!("\x1b[<{b};{x};{y}M").as_bytes(), 1)
        } else if roll < 94 {
            out.keys += 1;
            std::thread::sleep(Duration::from_millis(60));
            let ok = send(b"\x1b", 1);
            std::thread::sleep(Duration::from_millis(60));
            ok
        } else if roll < 98 {
            cols = 40 + rng.below(160) as u16;
            rows = 10 + rng.below(50) as u16;
            screen.lock().unwrap().screen_mut().set_size(rows, cols);
            out.resizes += 1;
            pair.master
                .resize(PtySize {
                    rows,
                    cols,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .is_ok()
        } else {
            // A flood: a few hundred of one key in one write.
            let k = KEYS[rng.below(KEYS.len() as u64) as usize];
            let n = 100 + rng.below(400);
            out.keys += n;
            send(&k.repeat(n as usize), n)
        };
        if !ok {
            out.error = Some(format!(
                "client {seed:x}: the connection closed while typing"
            ));
            break;
        }
        std::thread::sleep(Duration::from_millis(10 + rng.below(60)));
    }
    // Does it still answer? A resize makes the server redraw the whole screen.
    let before = received.load(Ordering::Relaxed);
    cols = if cols == 100 { 101 } else { 100 };
    rows = 30;
    screen.lock().unwrap().screen_mut().set_size(rows, cols);
    let _ = pair.master.resize(PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    });
    out.answered = wait(
        &|| received.load(Ordering::Relaxed) > before + 200,
        Duration::from_secs(10),
    );
    if !out.answered && out.error.is_none() {
        out.error = Some(format!("client {seed:x}: no redraw after a resize"));
    }
    // End any pending key sequence (`z` in compare) with a key that completes
    // none, then quit. Not `esc`: a loaded machine can let ssh read `esc` and
    // `q` from its terminal together, and `ESC q` is alt-q, as from any
    // terminal (8 of 50 sessions in one 120 s run under load "did not quit").
    std::thread::sleep(Duration::from_millis(100));
    let _ = writer.write_all(b"j");
    let _ = writer.flush();
    std::thread::sleep(Duration::from_millis(150));
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let typed = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                out.quit = Some(typed.elapsed());
                out.exit_ok = status.success();
                break;
            }
            Ok(None) if typed.elapsed() < Duration::from_secs(5) => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                // What the client was looking at, to tell why.
                let shown = screen.lock().unwrap().screen().contents();
                let last: Vec<&str> = shown.lines().rev().take(3).collect();
                out.error.get_or_insert(format!(
                    "client {seed:x}: still running 5 s after q; bottom of its screen: {last:?}"
                ));
                break;
            }
        }
    }
    out
}
