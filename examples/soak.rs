//! SSH soak test: `refrain serve` with many concurrent OpenSSH clients on
//! loopback, each typing random keys, clicking, scrolling, resizing and now
//! and then flooding keys for a while, then pressing `q` (the driver is
//! `tests/ssh_support/soak.rs`, shared with the short run in `cargo test`).
//!
//! Passes (exit 0) when the server logged no panic, every session showed the
//! reader and still answered at the end, every `q` ended its session within
//! a second, and the server's VmRSS after all sessions ended is within 20% of
//! what it was before. Prints the figures the README records.
//!
//! Run: `cargo run --release --example soak -- --clients 50 --seconds 120`
//! (`--seed N` repeats a run; `--corpus PATH…` serves a folder instead of the
//! bundled seeds; needs the `ssh` client).

#[path = "../tests/ssh_support/soak.rs"]
mod soak;

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The system allocator, counting the bytes live (allocated, not yet freed)
/// and the allocations, so the soak can tell memory the program still holds
/// from memory the allocator keeps.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
            LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
            LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// In the server child: writes `LIVE_BYTES LIVE_BLOCKS` to `path` every
/// 100 ms (the driver reads it as [`soak::heap_live`]).
fn report_heap(path: std::ffi::OsString) {
    std::thread::spawn(move || {
        loop {
            let line = format!(
                "{} {}\n",
                LIVE_BYTES.load(Ordering::Relaxed),
                LIVE_BLOCKS.load(Ordering::Relaxed)
            );
            let tmp = format!("{}.tmp", path.to_string_lossy());
            if std::fs::write(&tmp, line).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        if let Some(path) = std::env::var_os(soak::HEAP_FILE_VAR) {
            report_heap(path);
        }
        // The server process: exactly `refrain serve …`.
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
    let mut config = soak::Config {
        clients: 50,
        duration: Duration::from_secs(120),
        seed: 1,
        sample_every: Duration::from_secs(5),
    };
    let mut corpus = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> String {
            it.next()
                .cloned()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--clients" => config.clients = number(&value("--clients")) as usize,
            "--seconds" => config.duration = Duration::from_secs(number(&value("--seconds"))),
            "--seed" => config.seed = number(&value("--seed")),
            "--corpus" => corpus.push(value("--corpus")),
            other => fail(&format!("unknown argument {other}")),
        }
    }
    if Command::new("ssh").arg("-V").output().is_err() {
        fail("the ssh client is needed (apt-get install openssh-client)");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.args(["--serve-child", "serve", "--listen", "127.0.0.1:0"])
        .args(["--rate-limit", "0", "--idle-timeout", "0"])
        .args(["--max-sessions", &(config.clients + 8).to_string()])
        .arg("--host-key")
        .arg(dir.path().join("host_key"))
        .args(&corpus)
        .env("XDG_CONFIG_HOME", dir.path().join("config"));
    let server = soak::SoakServer::spawn(cmd);
    println!(
        "soak: {} clients for {} s on {} (seed {})",
        config.clients,
        config.duration.as_secs(),
        if corpus.is_empty() {
            "the seed articles".to_string()
        } else {
            corpus.join(" ")
        },
        config.seed
    );
    let report = soak::run(&server, &config);
    let ms =
        |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.0} ms", d.as_secs_f64() * 1e3));
    println!(
        "sessions           {} of {}",
        report.sessions, config.clients
    );
    println!("answered at end    {}", report.answered);
    println!(
        "input events sent  {} (+ {} resizes)",
        report.keys, report.resizes
    );
    println!("panics             {}", report.panics.len());
    println!(
        "quit latency       p50 {}, p90 {}, max {} ({} quit, {} not)",
        ms(report.latency(0.5)),
        ms(report.latency(0.9)),
        ms(report.latency(1.0)),
        report.quit_latency.len(),
        report.not_quit
    );
    println!(
        "server VmRSS       cold {:.1} MB, before (warm) {:.1} MB, peak {:.1} MB, after {:.1} MB",
        report.rss_cold as f64 / 1024.0,
        report.rss_before as f64 / 1024.0,
        report.rss_peak as f64 / 1024.0,
        report.rss_after as f64 / 1024.0
    );
    let over_time: Vec<String> = report
        .rss_samples
        .iter()
        .map(|(t, kib)| format!("{t:.0}s {:.1}", *kib as f64 / 1024.0))
        .collect();
    println!("VmRSS over time    {} (MB)", over_time.join(", "));
    println!(
        "server RssAnon     before {:.1} MB, after {:.1} MB (heap only, without the binary's pages)",
        report.anon_before as f64 / 1024.0,
        report.anon_after as f64 / 1024.0
    );
    if let (Some(b), Some(a)) = (report.heap_before, report.heap_after) {
        println!(
            "server heap live   before {:.2} MB in {} blocks, after {:.2} MB in {} blocks",
            b.0 as f64 / 1e6,
            b.1,
            a.0 as f64 / 1e6,
            a.1
        );
    }
    let mut reasons = std::collections::BTreeMap::new();
    for line in server.lines_with("session-end") {
        let reason =
            line.split(" reason=")
                .nth(1)
                .map_or("?".to_string(), |r| match r.strip_prefix('"') {
                    Some(quoted) => quoted.split('"').next().unwrap_or(quoted).to_string(),
                    None => r.split(' ').next().unwrap_or(r).to_string(),
                });
        *reasons.entry(reason).or_insert(0) += 1;
    }
    println!("session ends       {reasons:?}");
    for line in server.lines_with("session-end") {
        if !line.contains(" reason=quit ") {
            println!("not ended by q     {line}");
        }
    }
    let problems = report.problems(config.clients);
    drop(server);
    if problems.is_empty() {
        println!("result             pass");
    } else {
        for p in &problems {
            println!("problem            {p}");
        }
        std::process::exit(1);
    }
}

fn number(text: &str) -> u64 {
    text.parse()
        .unwrap_or_else(|_| fail(&format!("not a number: {text}")))
}

fn fail(message: &str) -> ! {
    eprintln!("soak: {message}");
    std::process::exit(2);
}
