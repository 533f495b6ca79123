//! Segmentation speed: how long [`refrain::segment::words`] takes per word
//! on a folder's text files, CJK documents (a quarter or more of their bytes
//! outside ASCII) and the rest apart, best of three passes.
//!
//! Usage: `cargo run --release --example bench_segment -- DIR`
//! (e.g. the harsh corpus: `bench_engine gen harsh 100 /tmp/h100`, then
//! `DIR` = `/tmp/h100/docs`).
use std::time::{Duration, Instant};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: bench_segment DIR");
        std::process::exit(2);
    };
    let mut texts = Vec::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        eprintln!("bench_segment: {dir}: {e}");
        std::process::exit(2);
    });
    for e in entries.flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            texts.push(t);
        }
    }
    let (cjk, spaced): (Vec<&String>, Vec<&String>) = texts
        .iter()
        .partition(|t| t.bytes().filter(|&b| b >= 0x80).count() * 4 > t.len());
    for (name, set) in [("CJK", &cjk), ("spaced", &spaced)] {
        let bytes: usize = set.iter().map(|t| t.len()).sum();
        let mut best = Duration::MAX;
        let mut n = 0;
        for _ in 0..3 {
            let t0 = Instant::now();
            n = set
                .iter()
                .map(|t| refrain::segment::words(t).count())
                .sum::<usize>();
            best = best.min(t0.elapsed());
        }
        println!(
            "{name}: {} documents, {:.1} MB, {n} words in {:.0} ms ({:.1} ns a word)",
            set.len(),
            bytes as f64 / 1e6,
            best.as_secs_f64() * 1e3,
            best.as_nanos() as f64 / n.max(1) as f64
        );
    }
}
