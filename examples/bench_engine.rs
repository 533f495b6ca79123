//! Benchmark of the reuse engine on generated corpora of 1, 10 and 100 MB.
//!
//! `cargo run --release --example bench_engine [SIZE_MB…]`
//!
//! For each size it writes a planted corpus (see `refrain::synth`) to a
//! temporary folder in one child process, then runs `load → clusters` in a
//! fresh child process (so peak memory figures do not mix) and prints wall
//! time, throughput, peak RSS (VmHWM) and recall/precision on the planted
//! copies.

use refrain::corpus::{self, LoadOptions};
use refrain::reuse::{self, Params, Passage};
use refrain::synth::{self, Planted, SynthParams};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => generate(args[1].parse().expect("size in MB"), Path::new(&args[2])),
        Some("run") => run(Path::new(&args[1])),
        _ => {
            let sizes: Vec<usize> = if args.is_empty() {
                vec![1, 10, 100]
            } else {
                args.iter()
                    .map(|a| a.parse().expect("size in MB"))
                    .collect()
            };
            drive(&sizes);
        }
    }
}

fn drive(sizes: &[usize]) {
    let me = std::env::current_exe().expect("own path");
    println!(
        "| corpus | docs | wall time load→clusters | CPU time | MB/s (wall) | peak RSS | RSS / corpus | clusters | recall (verbatim, edited) | precision |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!(
        "machine: {} CPUs, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for &mb in sizes {
        let dir = std::env::temp_dir().join(format!("refrain-bench-{mb}mb-{}", std::process::id()));
        let ok = Command::new(&me)
            .args(["gen", &mb.to_string(), dir.to_str().unwrap()])
            .status()
            .expect("run generator")
            .success();
        assert!(ok, "generator failed");
        let out = Command::new(&me)
            .args(["run", dir.to_str().unwrap()])
            .output()
            .expect("run engine");
        let _ = std::fs::remove_dir_all(&dir);
        let line = String::from_utf8_lossy(&out.stdout);
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            panic!("engine run failed");
        }
        print!("{line}");
    }
}

fn generate(mb: usize, dir: &Path) {
    let g = synth::generate(&SynthParams {
        seed: 42,
        total_bytes: mb * 1_000_000,
        ..SynthParams::default()
    });
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("create folder");
    for (i, d) in g.corpus.documents.iter().enumerate() {
        std::fs::write(docs.join(format!("{i:06}.txt")), &d.text).expect("write document");
    }
    let mut truth = String::new();
    for p in &g.planted {
        truth.push_str(&format!(
            "{} {} {} {} {} {} {} {}\n",
            p.group,
            p.edited as u8,
            p.source.document,
            p.source.start,
            p.source.end,
            p.copy.document,
            p.copy.start,
            p.copy.end
        ));
    }
    std::fs::write(dir.join("truth.txt"), truth).expect("write truth");
}

fn read_truth(path: &Path) -> Vec<Planted> {
    let text = std::fs::read_to_string(path).expect("truth file");
    text.lines()
        .map(|l| {
            let v: Vec<usize> = l.split(' ').map(|x| x.parse().unwrap()).collect();
            Planted {
                group: v[0],
                edited: v[1] == 1,
                source: Passage {
                    document: v[2],
                    start: v[3],
                    end: v[4],
                },
                copy: Passage {
                    document: v[5],
                    start: v[6],
                    end: v[7],
                },
            }
        })
        .collect()
}

/// User + system CPU time of this process so far (from /proc/self/stat).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line: 11 and 12 of `f`.
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn run(dir: &Path) {
    let planted = read_truth(&dir.join("truth.txt"));
    let paths: Vec<PathBuf> = vec![dir.join("docs")];
    let t0 = Instant::now();
    let loaded = corpus::load(&paths, &LoadOptions::default()).expect("load");
    let t_load = t0.elapsed().as_secs_f64();
    let bytes = loaded.corpus.total_bytes();
    let docs = loaded.corpus.documents.len();
    let params = Params::default();
    let (clusters, timings) = reuse::find_clusters_timed(&loaded.corpus, &params);
    let analysis = reuse::Analysis {
        corpus: loaded.corpus,
        clusters,
        params,
    };
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds();
    let rss = peak_rss_bytes();
    let s = synth::score(&analysis.clusters, &planted);
    if std::env::var_os("BENCH_DEBUG").is_some() {
        debug_misses(&analysis, &planted);
    }
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "{mb:.1} MB: load {t_load:.2} s, index {:.2} s, align {:.2} s ({} anchors, {} pairs), cluster {:.2} s, CPU {cpu:.2} s",
        timings.index, timings.align, timings.anchors, timings.pairs, timings.cluster
    );
    println!(
        "| {:.1} MB | {} | {:.2} s | {:.2} s | {:.1} | {:.0} MB | {:.2}× | {} | {:.1}% ({}/{} verbatim, {}/{} edited) | {:.1}% ({}/{}) |",
        mb,
        docs,
        secs,
        cpu,
        mb / secs,
        rss as f64 / 1e6,
        rss as f64 / bytes as f64,
        analysis.clusters.len(),
        100.0 * s.recall(),
        s.verbatim.1,
        s.verbatim.0,
        s.edited.1,
        s.edited.0,
        100.0 * s.precision(),
        s.true_occurrences,
        s.occurrences,
    );
}

/// Prints each planted copy that was not recovered (set BENCH_DEBUG=1).
fn debug_misses(analysis: &reuse::Analysis, planted: &[Planted]) {
    for p in planted {
        let one = [*p];
        if synth::score(&analysis.clusters, &one).recovered == 1 {
            continue;
        }
        let src = analysis.text(&p.source);
        let copy = analysis.text(&p.copy);
        let near = |x: &Passage| -> Vec<(usize, usize, usize)> {
            analysis
                .occurrences_in(x.document)
                .iter()
                .filter(|o| o.passage.end > x.start && o.passage.start < x.end)
                .map(|o| (o.cluster, o.passage.start, o.passage.end))
                .collect()
        };
        eprintln!(
            "MISS group {} edited {} words {}\n  src {:?} {:?}\n  copy {:?} {:?}\n  SRC: {}\n  COPY: {}",
            p.group,
            p.edited,
            refrain::segment::word_count(src),
            p.source,
            near(&p.source),
            p.copy,
            near(&p.copy),
            src,
            copy
        );
    }
}
