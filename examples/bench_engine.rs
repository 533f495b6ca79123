//! Benchmark of the reuse engine on generated corpora (and real folders).
//!
//! `cargo run --release --example bench_engine [SHAPE:MB | real:PATH …]`
//!
//! Shapes (see `refrain::synth`): `legacy` (the unigram generator, 50% of
//! copies with 10% edits), `harsh` (Markov prose trained on the licence and
//! documentation files of this machine, 10% CJK documents, edited copies with
//! 0–30% edits each, bursts, inserts, case/punctuation/quote transforms),
//! `ocr` (`harsh` with ≤15% edits plus 2% OCR-like character noise on all
//! text), `sentences` (`harsh` with passages of 4–7 sentences, ≤15% word
//! edits, and every edited copy with one sentence inserted, dropped or
//! rewritten where that touches at most a fifth of its words: longer edits
//! than the alignment bridges), `paragraphs` (`harsh` with every source
//! of two sentences or more spanning a paragraph break, kept in its copies),
//! `boilerplate`
//! (`harsh` plus a header in ~70% of files, footers in tens, HTML-ish
//! markup, 25 kB files), `repeat` (one file made of one seed article
//! repeated back to back). Default: `legacy:10 legacy:100 harsh:10
//! harsh:100 ocr:10 sentences:10 paragraphs:10 boilerplate:100 repeat:5
//! repeat:50`; the
//! 1 GB run is
//! opt-in (`harsh:1000`, generated on the fly, never committed). `real:PATH`
//! runs on a folder's text files as they are (no .gz), without scores.
//!
//! For each run a child process writes the corpus to a temporary folder and
//! another runs `load → clusters` (so peak memory figures do not mix), then
//! prints wall and CPU time, throughput, peak RSS (VmHWM), and recall over all
//! pairs of copies with the 80%-coverage rule, per category and per edit-rate
//! band, and precision. Boilerplate groups (the header, the footers) and the
//! repeated article are not scored pair by pair — their hundreds of copies
//! would swamp the planted passages — but as a whole: does one cluster cover
//! 95% of their copies. The targets of issue 9 are printed at the end, each
//! with PASS or FAIL. `BENCH_BEST=N` runs the engine N times on each
//! corpus and reports the fastest run (timings drift by a tenth within
//! minutes on a shared 2-core machine).

use refrain::corpus::{self, LoadOptions};
use refrain::reuse::{self, Params, Passage};
use refrain::synth::{self, BANDS, PairScore, Planted, Prose, SynthParams};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    refrain::allocator::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => generate(
            &args[1],
            args[2].parse().expect("size in MB"),
            Path::new(&args[3]),
        ),
        Some("run") => run(&args[1], Path::new(&args[2])),
        _ => {
            let runs: Vec<String> = if args.is_empty() {
                [
                    "legacy:10",
                    "legacy:100",
                    "harsh:10",
                    "harsh:100",
                    "ocr:10",
                    "sentences:10",
                    "paragraphs:10",
                    "boilerplate:100",
                    "repeat:5",
                    "repeat:50",
                ]
                .map(String::from)
                .to_vec()
            } else {
                args
            };
            drive(&runs);
        }
    }
}

/// One result line, as printed by a `run` child.
#[derive(Debug, Default, Clone)]
struct Row {
    name: String,
    mb: f64,
    secs: f64,
    cpu: f64,
    rss: f64,
    pairs: Option<PairScore>,
    precision: f64,
    /// Boilerplate / repeated groups: (groups, found whole, copies).
    whole: (usize, usize, usize),
    /// Resident memory of the run's process before it read the corpus.
    base: f64,
}

fn drive(runs: &[String]) {
    let me = std::env::current_exe().expect("own path");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "machine: {} CPUs, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "| run | MB | docs | wall | CPU (×wall) | MB/s | peak RSS (×corpus) | clusters | pairs verbatim EN / edited EN / verbatim CJK / edited CJK | bands {} | boilerplate groups whole | precision |",
        BANDS.map(|b| b.1).join(" / ")
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut rows: Vec<Row> = Vec::new();
    for spec in runs {
        let (shape, arg) = spec.split_once(':').expect("SHAPE:MB or real:PATH");
        let (dir, tmp) = if shape == "real" {
            (PathBuf::from(arg), false)
        } else {
            let dir = std::env::temp_dir().join(format!(
                "refrain-bench-{shape}-{arg}-{}",
                std::process::id()
            ));
            let ok = Command::new(&me)
                .args(["gen", shape, arg, dir.to_str().unwrap()])
                .status()
                .expect("run generator")
                .success();
            assert!(ok, "generator failed");
            (dir, true)
        };
        // The fastest of `BENCH_BEST` runs on the same corpus (default 1):
        // this machine's speed drifts by a tenth within minutes.
        let best_of: usize = std::env::var("BENCH_BEST")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1)
            .max(1);
        let out = (0..best_of)
            .map(|_| {
                Command::new(&me)
                    .args(["run", spec, dir.to_str().unwrap()])
                    .output()
                    .expect("run engine")
            })
            .min_by(|a, b| wall_of(a).total_cmp(&wall_of(b)))
            .expect("at least one run");
        if tmp {
            let _ = std::fs::remove_dir_all(&dir);
        }
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            panic!("engine run failed");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            if let Some(r) = line.strip_prefix("ROW ") {
                rows.push(parse_row(r));
            } else if let Some(b) = line.strip_prefix("BASE ") {
                if let Some(r) = rows.last_mut() {
                    r.base = b.parse().unwrap_or(0.0);
                }
            } else {
                println!("{line}");
            }
        }
    }
    targets(&rows);
}

/// Wall time of a `run` child, from its `ROW` line (infinite when it failed).
fn wall_of(out: &std::process::Output) -> f64 {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("ROW "))
        .filter(|_| out.status.success())
        .map_or(f64::INFINITY, |r| parse_row(r).secs)
}

fn parse_row(r: &str) -> Row {
    let v: Vec<&str> = r.split(' ').collect();
    let f = |i: usize| v[i].parse::<f64>().unwrap_or(0.0);
    let n = |i: usize| v[i].parse::<usize>().unwrap_or(0);
    let pairs = (v.len() > 10).then(|| {
        let mut p = PairScore::default();
        for c in 0..4 {
            p.category[c / 2][c % 2] = (n(10 + 2 * c), n(11 + 2 * c));
        }
        for b in 0..5 {
            p.bands[b] = (n(18 + 2 * b), n(19 + 2 * b));
            p.cjk_bands[b] = (n(28 + 2 * b), n(29 + 2 * b));
        }
        p
    });
    Row {
        name: v[0].to_string(),
        mb: f(1),
        secs: f(2),
        cpu: f(3),
        rss: f(4),
        precision: f(5),
        whole: (n(7), n(8), n(9)),
        pairs,
        base: 0.0,
    }
}

/// Prints every target of issue 9 with the measured figure and PASS/FAIL.
fn targets(rows: &[Row]) {
    let find = |name: &str| rows.iter().find(|r| r.name == name);
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let mark = |ok: bool| if ok { "PASS" } else { "FAIL" };
    println!("\ntargets (issue 9):");
    for r in rows {
        if let Some(p) = &r.pairs {
            let ocr = r.name.starts_with("ocr");
            let english: [(usize, usize); 5] = std::array::from_fn(|b| {
                (
                    p.bands[b].0 - p.cjk_bands[b].0,
                    p.bands[b].1 - p.cjk_bands[b].1,
                )
            });
            for (lang, bands) in [("English", english), ("CJK", p.cjk_bands)] {
                let of = |r: std::ops::Range<usize>| {
                    r.fold((0, 0), |a: (usize, usize), b| {
                        (a.0 + bands[b].0, a.1 + bands[b].1)
                    })
                };
                let (low, high, all) = (of(0..3), bands[4], of(0..5));
                if all.0 == 0 {
                    continue;
                }
                if ocr {
                    println!(
                        "  {} {}: {lang} recall with 2% OCR noise {} (target ≥ 90%)",
                        mark(PairScore::share(all) >= 0.9),
                        r.name,
                        pct(PairScore::share(all))
                    );
                    continue;
                }
                println!(
                    "  {} {}: {lang} recall ≤15% edits {} of {} pairs (target ≥ 97%)",
                    mark(PairScore::share(low) >= 0.97),
                    r.name,
                    pct(PairScore::share(low)),
                    low.0
                );
                if high.0 > 0 {
                    println!(
                        "  {} {}: {lang} recall 20–30% edits {} of {} pairs (target ≥ 90%)",
                        mark(PairScore::share(high) >= 0.9),
                        r.name,
                        pct(PairScore::share(high)),
                        high.0
                    );
                }
            }
            for (c, lang) in [(0, "English"), (1, "CJK")] {
                let edited = p.category[1][c];
                let verbatim = p.category[0][c];
                if edited.0 + verbatim.0 > 0 {
                    println!(
                        "       {}: {lang} verbatim {} / edited {} (all bands)",
                        r.name,
                        pct(PairScore::share(verbatim)),
                        pct(PairScore::share(edited))
                    );
                }
            }
            println!(
                "  {} {}: precision {} (target ≥ 98%)",
                mark(r.precision >= 0.98),
                r.name,
                pct(r.precision)
            );
        }
        if r.whole.0 > 0 {
            println!(
                "  {} {}: boilerplate/repeated groups found whole {}/{} ({} copies)",
                mark(r.whole.1 == r.whole.0),
                r.name,
                r.whole.1,
                r.whole.0,
                r.whole.2
            );
        }
        let x = r.rss / (r.mb * 1e6);
        println!(
            "  {} {}: peak RSS {:.2}× corpus (target ≤ 2×; the process held {:.1} MB before reading it)",
            mark(x <= 2.0),
            r.name,
            x,
            r.base / 1e6
        );
    }
    for shape in ["legacy", "harsh"] {
        if let Some(b) = find(&format!("{shape}:100")) {
            println!(
                "  {} {shape}: 100 MB in {:.2} s (target ≤ 2 s)",
                mark(b.secs <= 2.0),
                b.secs
            );
        }
    }
    for (shape, lo, hi) in [
        ("legacy", 10, 100),
        ("harsh", 10, 100),
        ("harsh", 100, 1000),
        ("repeat", 5, 50),
    ] {
        if let (Some(a), Some(b)) = (
            find(&format!("{shape}:{lo}")),
            find(&format!("{shape}:{hi}")),
        ) {
            let x = b.secs / a.secs;
            let cpu = b.cpu / a.cpu.max(0.01);
            let limit = if hi == 1000 { 12.0 } else { 11.0 };
            println!(
                "  {} {shape}: {lo} → {hi} MB time ×{x:.1}, CPU ×{cpu:.1} (target ≤ {limit}×)",
                mark(x <= limit)
            );
        }
    }
    if let (Some(p), Some(b)) = (
        find("harsh:100").or_else(|| find("harsh:10")),
        rows.iter().find(|r| r.name.starts_with("boilerplate")),
    ) {
        let share = (b.mb / b.secs) / (p.mb / p.secs);
        println!(
            "  {} {}: {:.1} MB/s = {:.0}% of {}'s {:.1} MB/s (target ≥ 50%)",
            mark(share >= 0.5),
            b.name,
            b.mb / b.secs,
            100.0 * share,
            p.name,
            p.mb / p.secs
        );
        println!(
            "  {} {}: CPU {:.2}× wall (target ≥ 1.6×)",
            mark(b.cpu >= 1.6 * b.secs),
            b.name,
            b.cpu / b.secs
        );
    }
}

/// The training text for the Markov background: the licence texts, the
/// packages' copyright files and the editor's manual on this machine
/// (English), and the CJK test texts shipped with Python.
fn training() -> (Vec<String>, Vec<String>) {
    let mut en = Vec::new();
    let mut budget = 6_000_000usize;
    let add =
        |dir: &str, filter: &dyn Fn(&Path) -> bool, out: &mut Vec<String>, budget: &mut usize| {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                let p = if p.is_dir() { p.join("copyright") } else { p };
                if !filter(&p) || *budget == 0 {
                    continue;
                }
                if let Ok(t) = std::fs::read_to_string(&p) {
                    *budget = budget.saturating_sub(t.len());
                    out.push(t);
                }
            }
        };
    add(
        "/usr/share/common-licenses",
        &|_| true,
        &mut en,
        &mut budget,
    );
    add(
        "/usr/share/doc",
        &|p| p.ends_with("copyright"),
        &mut en,
        &mut budget,
    );
    add(
        "/usr/share/vim/vim90/doc",
        &|p| p.extension().is_some_and(|e| e == "txt"),
        &mut en,
        &mut budget,
    );
    let mut cjk = Vec::new();
    let mut cb = 1_000_000usize;
    if let Ok(rd) = std::fs::read_dir("/root/.pyenv/versions") {
        let mut vs: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        vs.sort();
        for v in vs.iter().take(1) {
            if let Ok(libs) = std::fs::read_dir(v.join("lib")) {
                for l in libs.flatten() {
                    let d = l.path().join("test/cjkencodings");
                    add(
                        d.to_str().unwrap_or(""),
                        &|p| p.to_string_lossy().ends_with("-utf8.txt"),
                        &mut cjk,
                        &mut cb,
                    );
                }
            }
        }
    }
    add(
        "/usr/share/vim/vim90/tutor",
        &|p| {
            let n = p.to_string_lossy();
            (n.contains(".zh") || n.contains(".ja") || n.contains(".ko")) && n.ends_with("utf-8")
        },
        &mut cjk,
        &mut cb,
    );
    (en, cjk)
}

fn shape_params(shape: &str, mb: usize) -> SynthParams {
    let base = SynthParams {
        seed: 42,
        total_bytes: mb * 1_000_000,
        ..SynthParams::default()
    };
    if shape == "legacy" {
        return base;
    }
    let (en, cjk) = training();
    eprintln!(
        "training text: {:.1} MB English, {:.2} MB CJK",
        en.iter().map(String::len).sum::<usize>() as f64 / 1e6,
        cjk.iter().map(String::len).sum::<usize>() as f64 / 1e6
    );
    let prose = Arc::new(Prose::train(&en, &cjk));
    let harsh = SynthParams {
        prose: Some(prose),
        cjk_share: 0.1,
        edited_share: 0.75,
        edit_rate_max: 0.3,
        max_copies: 4,
        ..base
    };
    match shape {
        "harsh" => harsh,
        "ocr" => SynthParams {
            edit_rate_max: 0.15,
            ocr_rate: 0.02,
            ..harsh
        },
        "sentences" => SynthParams {
            edit_rate_max: 0.15,
            sentence_edits: 1.0,
            source_sentences: (4, 7),
            ..harsh
        },
        "paragraphs" => SynthParams {
            paragraph_sources: 1.0,
            source_sentences: (2, 5),
            ..harsh
        },
        "boilerplate" => SynthParams {
            boilerplate: true,
            doc_bytes: 25_000,
            ..harsh
        },
        _ => panic!("unknown shape {shape}"),
    }
}

fn generate(shape: &str, mb: usize, dir: &Path) {
    let g = if shape == "repeat" {
        synth::repeated(&refrain::corpus::seeds().documents[4].text, mb * 1_000_000)
    } else {
        synth::generate(&shape_params(shape, mb))
    };
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("create folder");
    for (i, d) in g.corpus.documents.iter().enumerate() {
        std::fs::write(docs.join(format!("{i:06}.txt")), &d.text).expect("write document");
    }
    let truth: String = g.planted.iter().map(|p| p.line() + "\n").collect();
    std::fs::write(dir.join("truth.txt"), truth).expect("write truth");
}

fn read_truth(path: &Path) -> Vec<Planted> {
    let text = std::fs::read_to_string(path).expect("truth file");
    text.lines()
        .map(|l| Planted::parse(l).expect("a truth line"))
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
    status_bytes("VmHWM:")
}

/// A memory field of /proc/self/status (`VmHWM:`, `VmRSS:`) in bytes.
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn run(name: &str, dir: &Path) {
    let base = resident_bytes();
    let truth = dir.join("truth.txt");
    let planted = if truth.exists() {
        Some(read_truth(&truth))
    } else {
        None
    };
    let paths: Vec<PathBuf> = if planted.is_some() {
        vec![dir.join("docs")]
    } else {
        vec![dir.to_path_buf()]
    };
    let t0 = Instant::now();
    // Real folders: the text files as they are (no .gz), as `refrain report
    // --no-decompress` reads them.
    let opts = LoadOptions {
        decompress: planted.is_some(),
        ..LoadOptions::default()
    };
    let loaded = corpus::load(&paths, &opts).expect("load");
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
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "{name} {mb:.1} MB: load {t_load:.2} s, index {:.2} s, align {:.2} s ({} anchors, {} of them second-wave, {} more dropped as chance, {} pairs), cluster {:.2} s, CPU {cpu:.2} s",
        timings.index,
        timings.align,
        timings.anchors,
        timings.second_wave,
        timings.chance,
        timings.pairs,
        timings.cluster
    );
    let (pairs, precision, whole) = match &planted {
        Some(pl) => {
            if std::env::var_os("BENCH_DEBUG").is_some() {
                debug_misses(&analysis, pl);
            }
            if std::env::var_os("BENCH_DEBUG_WHOLE").is_some() {
                debug_whole(&analysis, pl);
            }
            let pairs = synth::score_pairs(&analysis.clusters, pl);
            (
                (pairs.bands.iter().map(|b| b.0).sum::<usize>() > 0).then_some(pairs),
                synth::score(&analysis.clusters, pl).precision(),
                synth::score_whole(&analysis.clusters, pl, &analysis.corpus),
            )
        }
        None => (None, 0.0, (0, 0, 0)),
    };
    let pct = |x: (usize, usize)| format!("{:.1}% ({}/{})", 100.0 * PairScore::share(x), x.1, x.0);
    let (cats, bands) = match &pairs {
        Some(p) => (
            [
                p.category[0][0],
                p.category[1][0],
                p.category[0][1],
                p.category[1][1],
            ]
            .map(pct)
            .join(" / "),
            p.bands
                .map(|b| format!("{:.1}%", 100.0 * PairScore::share(b)))
                .join(" / "),
        ),
        None => ("–".into(), "–".into()),
    };
    println!(
        "| {name} | {mb:.1} | {docs} | {secs:.2} s | {cpu:.2} s ({:.2}×) | {:.1} | {:.0} MB ({:.2}×) | {} | {cats} | {bands} | {} | {} |",
        cpu / secs,
        mb / secs,
        rss as f64 / 1e6,
        rss as f64 / bytes as f64,
        analysis.clusters.len(),
        if whole.0 > 0 {
            format!("{}/{} ({} copies)", whole.1, whole.0, whole.2)
        } else {
            "–".into()
        },
        if planted.is_some() {
            format!("{:.1}%", 100.0 * precision)
        } else {
            "–".into()
        },
    );
    let mut row = format!(
        "ROW {name} {mb} {secs} {cpu} {rss} {precision} {docs} {} {} {}",
        whole.0, whole.1, whole.2
    );
    if let Some(p) = &pairs {
        for c in [
            p.category[0][0],
            p.category[0][1],
            p.category[1][0],
            p.category[1][1],
        ] {
            row.push_str(&format!(" {} {}", c.0, c.1));
        }
        for b in p.bands.iter().chain(&p.cjk_bands) {
            row.push_str(&format!(" {} {}", b.0, b.1));
        }
    }
    println!("{row}");
    println!("BASE {base}");
}

/// Resident memory of this process now (VmRSS).
fn resident_bytes() -> u64 {
    status_bytes("VmRSS:")
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
            "MISS group {} edited {} rate {:.2} words {}\n  src {:?} {:?}\n  copy {:?} {:?}\n  SRC: {}\n  COPY: {}",
            p.group,
            p.edited,
            p.rate,
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

/// For each boilerplate group, the clusters its copies fall in (set
/// BENCH_DEBUG_WHOLE=1): how many copies each covers by 80%, and how the
/// copies no cluster covers are split.
fn debug_whole(analysis: &reuse::Analysis, planted: &[Planted]) {
    use std::collections::BTreeMap;
    for (g, members) in &synth::boilerplate_groups(planted) {
        let mut per_cluster: BTreeMap<usize, usize> = BTreeMap::new();
        let mut uncovered = 0;
        let mut shown = 0;
        for m in members {
            let occ: Vec<(usize, usize, usize)> = analysis
                .occurrences_in(m.document)
                .iter()
                .filter(|o| o.passage.end > m.start && o.passage.start < m.end)
                .map(|o| (o.cluster, o.passage.start, o.passage.end))
                .collect();
            let whole: Vec<usize> = occ
                .iter()
                .filter(|(_, s, e)| {
                    let ov = (*e).min(m.end).saturating_sub((*s).max(m.start));
                    ov * 5 >= (m.end - m.start) * 4
                })
                .map(|o| o.0)
                .collect();
            for c in &whole {
                *per_cluster.entry(*c).or_default() += 1;
            }
            if whole.is_empty() {
                uncovered += 1;
                if shown < 3 {
                    shown += 1;
                    eprintln!(
                        "  group {g} copy {:?} ({} words) pieces {:?}",
                        m,
                        refrain::segment::word_count(analysis.text(m)),
                        occ
                    );
                }
            }
        }
        let mut top: Vec<(usize, usize)> = per_cluster.into_iter().collect();
        top.sort_by_key(|x| std::cmp::Reverse(x.1));
        top.truncate(4);
        eprintln!(
            "WHOLE group {g}: {} copies, {} words, uncovered {uncovered}, top clusters (id, copies, occurrences): {:?}",
            members.len(),
            refrain::segment::word_count(analysis.text(&members[0])),
            top.iter()
                .map(|&(c, n)| (c, n, analysis.clusters[c].occurrences.len()))
                .collect::<Vec<_>>()
        );
    }
}
