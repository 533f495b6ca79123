//! Benchmark of `refrain serve`: bytes sent to a client per step, and memory
//! per idle session.
//!
//! 1. Bytes: drives the SSH session type (`ReaderSession`, the code each SSH
//!    channel runs) in-process at 100x30 on the seed articles and counts the
//!    terminal bytes it produces for the first screen, opening a document, one
//!    line scroll, one page scroll, jumping to a shared passage and opening
//!    compare. These are the channel payload bytes; SSH adds about 40–60 bytes
//!    of packet framing and MAC per frame. Target: one scroll step < 2 KB.
//! 2. Memory: re-runs this program as a real `refrain serve` process on a free
//!    loopback port, connects 20 OpenSSH clients (`ssh -tt`, each in its own
//!    pseudo-terminal), waits until each shows the library, and compares the
//!    server's resident memory (VmRSS) with 0 and with 20 idle sessions.
//!
//! 3. With `--files N`: part 2 on N small generated one-line files (a shared
//!    sentence each, so there are clusters) instead of the seeds, and the
//!    server's memory again after every session ended. Part 1 is skipped.
//!
//! Run: `cargo run --release --example bench_ssh` (or `-- --files 10000`)

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use refrain::ssh::session::ReaderSession;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const IDLE_SESSIONS: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        // The server process of part 2: exactly `refrain serve …`.
        let cli = <refrain::cli::Cli as clap::Parser>::parse_from(
            std::iter::once("refrain".to_string()).chain(args[2..].iter().cloned()),
        );
        std::process::exit(match refrain::cli::run(cli) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("refrain: {e}");
                2
            }
        });
    }
    let files = args.iter().position(|a| a == "--files").map(|i| {
        args.get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .expect("--files needs a number")
    });
    if files.is_none() {
        bytes_per_step();
    }
    memory_per_session(files);
}

/// Writes `n` one-line files into `dir`: each a shared sentence (one of 40)
/// between words of its own.
fn small_files(dir: &std::path::Path, n: usize) {
    let words = [
        "river", "stone", "lantern", "harbour", "meadow", "copper", "window", "garden", "signal",
        "winter", "ladder", "orchard", "market", "engine", "pocket", "silver",
    ];
    for i in 0..n {
        let shared = i % 40;
        let own: Vec<&str> = (0..6)
            .map(|k| words[(i * 7 + k * 3 + i / 16) % words.len()])
            .collect();
        let text = format!(
            "Note {i} about the {} and the {}. The committee agreed that proposal number {shared} \
             should go to the full assembly before the end of the season. {} {} {} {}.\n",
            own[0], own[1], own[2], own[3], own[4], own[5]
        );
        std::fs::write(dir.join(format!("note{i:06}.txt")), text).expect("write a file");
    }
}

fn bytes_per_step() {
    let analysis = Arc::new(refrain::reuse::analyse(
        refrain::corpus::seeds(),
        &refrain::reuse::Params::default(),
    ));
    let mut session = ReaderSession::new(
        analysis,
        Arc::new(refrain::keymap::Keymap::default()),
        refrain::ui::ColorMode::detect(Some("xterm-256color"), None, false),
        (COLS, ROWS),
    )
    .expect("session");
    println!("bytes sent to the client at {COLS}x{ROWS} (seed articles, xterm-256color):");
    let first = session.start().expect("first frame");
    println!("  {:<32} {:>7} B", "first screen (with setup)", first.len());
    let steps: [(&str, &[u8]); 6] = [
        ("open document (enter)", b"\r"),
        ("one line scroll (j)", b"j"),
        ("one page scroll (space)", b" "),
        ("next shared passage (])", b"]"),
        ("open compare (c)", b"c"),
        ("compare: one line scroll (j)", b"j"),
    ];
    for (name, keys) in steps {
        let start = Instant::now();
        session.feed(keys);
        let out = session.render().expect("frame");
        let took = start.elapsed();
        println!(
            "  {name:<32} {:>7} B  ({:.2} ms to handle + draw)",
            out.len(),
            took.as_secs_f64() * 1e3
        );
    }
    let bye = session.finish(None);
    println!("  {:<32} {:>7} B", "restore on quit", bye.len());
}

/// Whitespace runs (no-break spaces too) as single spaces.
fn plain(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

struct Guard(std::process::Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn memory_per_session(files: Option<usize>) {
    if Command::new("ssh").arg("-V").output().is_err() {
        println!("memory per idle session: skipped (no ssh client)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("host_key");
    let mut corpus = Vec::new();
    if let Some(n) = files {
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).expect("mkdir");
        small_files(&docs, n);
        corpus.push(docs);
    }
    let started = Instant::now();
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .args(["--serve-child", "serve", "--listen", "127.0.0.1:0"])
        .args(["--rate-limit", "0", "--host-key"])
        .arg(&key)
        .args(&corpus)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let pid = child.id();
    let stderr = child.stderr.take().expect("stderr");
    let server = Guard(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(p) = line.strip_prefix("refrain: listening on 127.0.0.1:") {
                let _ = tx.send(p.parse::<u16>().expect("port"));
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(900))
        .expect("listening line");
    let ready = started.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let rss0 = rss_kib(pid);

    let title: String = plain(refrain::corpus::seeds().documents[0].title())
        .chars()
        .take(8)
        .collect();
    let mut clients = Vec::new();
    for _ in 0..IDLE_SESSIONS {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new("ssh");
        cmd.args(["-tt", "-F", "/dev/null", "-p", &port.to_string()]);
        cmd.args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
        ]);
        cmd.args(["-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "localhost"]);
        cmd.env("TERM", "xterm-256color");
        let ssh = pair.slave.spawn_command(cmd).expect("spawn ssh");
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let s = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        clients.push((ssh, pair.master, screen));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let shown = |screen: &vt100::Parser| match files {
        None => plain(&screen.screen().contents()).contains(&title),
        Some(_) => {
            screen.screen().alternate_screen() && screen.screen().contents().contains("note0")
        }
    };
    for (_, _, screen) in &clients {
        while !shown(&screen.lock().unwrap()) {
            assert!(
                Instant::now() < deadline,
                "a session never showed the library"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    std::thread::sleep(Duration::from_millis(1000));
    let rss20 = rss_kib(pid);
    let what = files.map_or("the seed articles".to_string(), |n| {
        format!("{n} small files")
    });
    println!("server memory (VmRSS), 20 idle sessions at {COLS}x{ROWS} on {what}:");
    println!(
        "  {:<32} {:>7.1} s",
        "analysis until listening",
        ready.as_secs_f64()
    );
    println!("  {:<32} {:>7} KiB", "no session", rss0);
    println!("  {:<32} {:>7} KiB", "20 idle sessions", rss20);
    println!(
        "  {:<32} {:>7} KiB",
        "per idle session",
        rss20.saturating_sub(rss0) / IDLE_SESSIONS as u64
    );
    for (mut ssh, _, _) in clients {
        let _ = ssh.kill();
        let _ = ssh.wait();
    }
    std::thread::sleep(Duration::from_secs(3));
    println!(
        "  {:<32} {:>7} KiB",
        "after the sessions ended",
        rss_kib(pid)
    );
    drop(server);
}
