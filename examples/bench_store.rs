//! Benchmark of saved analyses and of passim import on generated corpora.
//!
//! `cargo run --release --example bench_store [SIZE_MB…]` (default 10 100;
//! `-- 10 100 1000` adds 1 GB: about 2.5 GB of free disk in the temp dir)
//!
//! For each size, in separate child processes (so peak memory figures do not
//! mix): generate a corpus with `refrain::synth` into a temporary folder
//! (above 100 MB, in 100 MB parts of distinct seeds, so the generator's own
//! memory stays bounded); **index** it (load, analyse, save — what
//! `refrain index` does); **reopen** it (list and stat the documents, check
//! them against the saved analysis and take its clusters — what `refrain`,
//! `report` and `serve` do before showing anything) and **browse** it: build
//! the reader on the reopened analysis, draw the library, then open the three
//! documents with the most shared passages and draw each (RSS after each
//! step, documents read on demand); and **import** a passim output of
//! 100 000 clusters (two occurrences each, records written beforehand as
//! Spark part files; 10 and 100 MB only). Prints wall and CPU time, peak RSS
//! (VmHWM) or current RSS (VmRSS), and the saved file's size relative to the
//! corpus. The temporary folder is removed afterwards.

use refrain::cli::{CorpusArgs, Prepared, prepare};
use refrain::corpus::{self, LoadOptions};
use refrain::reuse::Params;
use refrain::synth::{self, Rng, SynthParams};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Clusters in the generated passim output.
const PASSIM_CLUSTERS: usize = 100_000;

fn main() {
    refrain::allocator::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some(step @ ("gen" | "index" | "reopen" | "passim")) => {
            let dir = Path::new(&args[1]);
            match step {
                "gen" => generate(args[2].parse().expect("size in MB"), dir),
                "index" => index(dir),
                "reopen" => reopen(dir),
                _ => import(dir),
            }
        }
        _ => {
            let sizes: Vec<usize> = if args.is_empty() {
                vec![10, 100]
            } else {
                args.iter()
                    .map(|a| a.parse().expect("size in MB"))
                    .collect()
            };
            drive(&sizes);
        }
    }
}

fn child(step: &str, dir: &Path, extra: &[String]) -> String {
    let me = std::env::current_exe().expect("own path");
    let out = Command::new(me)
        .arg(step)
        .arg(dir)
        .args(extra)
        .output()
        .expect("run child");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{step} failed");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn drive(sizes: &[usize]) {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!(
        "machine: {} CPUs, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "| corpus | docs | index time | index peak RSS | saved file (vs corpus) | reopen time | RSS: reopened, library drawn, 3 documents opened | import 100k passim clusters | import peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for &mb in sizes {
        let dir = std::env::temp_dir().join(format!("refrain-store-{mb}mb-{}", std::process::id()));
        child("gen", &dir, &[mb.to_string()]);
        let index = child("index", &dir, &[]);
        let reopen = child("reopen", &dir, &[]);
        let passim = if mb > 100 {
            "not measured | –".to_string()
        } else {
            child("passim", &dir, &[])
        };
        let _ = std::fs::remove_dir_all(&dir);
        println!("| {index} | {reopen} | {passim} |");
    }
}

fn generate(mb: usize, dir: &Path) {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("create folder");
    if mb > 100 {
        // In parts of 100 MB (distinct seeds, distinct names); the import is
        // measured on 10 and 100 MB only.
        for part in 0..mb.div_ceil(100) {
            let g = synth::generate(&SynthParams {
                seed: 42 + part as u64,
                total_bytes: 100_000_000.min((mb - part * 100) * 1_000_000),
                ..SynthParams::default()
            });
            for (i, d) in g.corpus.documents.iter().enumerate() {
                let name = format!("{part:02}{i:06}.txt");
                std::fs::write(docs.join(name), d.text.as_str()).expect("write document");
            }
        }
        return;
    }
    let g = synth::generate(&SynthParams {
        seed: 42,
        total_bytes: mb * 1_000_000,
        ..SynthParams::default()
    });
    for (i, d) in g.corpus.documents.iter().enumerate() {
        std::fs::write(docs.join(format!("{i:06}.txt")), d.text.as_str()).expect("write document");
    }
    // passim's output over these documents: random passages, two per cluster.
    let mut rng = Rng::new(7);
    let out = dir.join("passim/out.json");
    std::fs::create_dir_all(&out).expect("create folder");
    let texts: Vec<&str> = g.corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let mut parts = vec![String::new(); 8];
    for c in 0..PASSIM_CLUSTERS {
        for _ in 0..2 {
            let d = rng.below(texts.len());
            let t = texts[d];
            let len = rng.range(200, 800).min(t.len());
            let mut b = rng.below(t.len() - len + 1);
            while !t.is_char_boundary(b) {
                b -= 1;
            }
            let mut e = b + len;
            while !t.is_char_boundary(e) {
                e -= 1;
            }
            let units = |x: usize| t[..x].encode_utf16().count();
            let rec = serde_json::json!({
                "uid": d, "cluster": c, "size": 2, "id": format!("{d:06}.txt"),
                "series": format!("{d:06}.txt"), "begin": units(b), "end": units(e),
                "text": &t[b..e], "pboiler": 0.0,
            });
            parts[c % 8] += &format!("{rec}\n");
        }
    }
    for (i, p) in parts.iter().enumerate() {
        std::fs::write(out.join(format!("part-{i:05}-b-c000.json")), p).expect("write part");
    }
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb * 1024.0 / 1e6)
}

/// User + system CPU time of this process so far, in seconds (the machine
/// may be shared: wall time then overstates the work).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn args(dir: &Path) -> CorpusArgs {
    CorpusArgs {
        paths: vec![dir.join("docs")],
        min_words: Params::default().min_words,
        min_similarity: Params::default().min_similarity,
        max_file_size: corpus::DEFAULT_MAX_FILE_BYTES,
        no_markup: false,
        no_decompress: false,
        exclude: Vec::new(),
        no_cache: false,
        index: Some(dir.join("corpus.refrain")),
        from_passim: None,
        max_boilerplate: None,
    }
}

fn index(dir: &Path) {
    let t0 = Instant::now();
    let paths: Vec<PathBuf> = vec![dir.join("docs")];
    let loaded = corpus::load(&paths, &LoadOptions::default()).expect("load");
    let (docs, bytes) = (loaded.corpus.documents.len(), loaded.corpus.total_bytes());
    let (after_load, load_cpu) = (peak_rss_mb(), cpu_seconds());
    let analysis = refrain::reuse::analyse(loaded.corpus, &Params::default());
    let analyse_cpu = cpu_seconds() - load_cpu;
    let file = dir.join("corpus.refrain");
    let meta = refrain::store::Meta {
        roots: refrain::store::roots(&paths),
        options: LoadOptions::default(),
        skipped: loaded.warnings,
    };
    let size = refrain::store::save(&file, &analysis, &meta).expect("save");
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds();
    print!(
        "{:.1} MB | {docs} | {secs:.2} s (CPU {cpu:.2} s: load {load_cpu:.2}, analyse {analyse_cpu:.2}, save {:.2}) | {:.0} MB ({after_load:.0} MB after loading) | {:.2} MB ({:.1}%), {} clusters",
        bytes as f64 / 1e6,
        cpu - load_cpu - analyse_cpu,
        peak_rss_mb(),
        size as f64 / 1e6,
        100.0 * size as f64 / bytes as f64,
        analysis.clusters.len()
    );
}

fn reopen(dir: &Path) {
    use refrain::app::{App, AppOptions};
    use refrain::keymap::Keymap;
    use std::sync::Arc;
    let t0 = Instant::now();
    let Ok(Prepared::Ready(a)) = prepare(&args(dir)) else {
        panic!("the saved analysis was not reused");
    };
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds();
    let reopened = rss_mb();
    let a = Arc::new(a);
    let mut app = App::new(
        Arc::clone(&a),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    let _ = refrain::ui::snapshot::render(&mut app, 160, 48);
    let library = rss_mb();
    let mut by_shared: Vec<usize> = (0..a.corpus.documents.len()).collect();
    let mut shared = vec![0usize; by_shared.len()];
    for c in &a.clusters {
        for p in &c.occurrences {
            shared[p.document] += 1;
        }
    }
    by_shared.sort_by_key(|&d| std::cmp::Reverse(shared[d]));
    for &d in by_shared.iter().take(3) {
        app.open_document(d);
        let _ = refrain::ui::snapshot::render(&mut app, 160, 48);
    }
    let docs = &a.corpus.documents;
    let read: Vec<&refrain::Document> = docs.iter().filter(|d| d.text.is_loaded()).collect();
    let read_bytes: usize = read.iter().map(|d| d.len()).sum();
    print!(
        "{:.0} ms (CPU {:.0} ms; {} clusters) | {reopened:.0} MB, {library:.0} MB, {:.0} MB ({} of {} documents read, {:.2} MB)",
        secs * 1000.0,
        cpu * 1000.0,
        a.clusters.len(),
        rss_mb(),
        read.len(),
        docs.len(),
        read_bytes as f64 / 1e6,
    );
}

fn import(dir: &Path) {
    use refrain::passim;
    let t0 = Instant::now();
    let records = passim::read_records(&dir.join("passim")).expect("records");
    let t_read = t0.elapsed().as_secs_f64();
    let paths = vec![dir.join("docs")];
    let loaded = corpus::load(&paths, &LoadOptions::default()).expect("load");
    let t_load = t0.elapsed().as_secs_f64() - t_read;
    let root = passim::corpus_root(&paths);
    let ids = passim::document_ids(&loaded.corpus, root.as_deref());
    let imported = passim::import_checked(&records, loaded.corpus, &ids, &Params::default(), None);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let secs = t0.elapsed().as_secs_f64();
    print!(
        "{secs:.2} s (CPU {:.2} s; read records {t_read:.2} s, load {t_load:.2} s, map {:.2} s; {} clusters) | {:.0} MB",
        cpu_seconds(),
        secs - t_read - t_load,
        imported.analysis.clusters.len(),
        peak_rss_mb()
    );
}
