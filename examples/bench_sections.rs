//! Recall on real text with long shared sections under systematic word
//! changes: licence families whose versions share most paragraphs with edits
//! (GPL-2 vs LGPL-2.1, GFDL-1.2 vs 1.3, GPL-3 vs LGPL-3, MPL-1.1 vs 2.0).
//!
//! `cargo run --release --example bench_sections [-- A B [A B …]]`
//! (default: those four pairs from `/usr/share/common-licenses`)
//!
//! There is no planted truth in real text, so the truth is taken from the
//! text itself, independently of refrain's engine: each file is split into
//! paragraphs (blank-line separated); a paragraph of at least 20 words of
//! one file and its most similar paragraph in the other form a **shared
//! section** when their word-level similarity (`similar`'s Myers ratio over
//! lower-cased words) is at least 0.8. A section pair counts as found when
//! the clusters with an occurrence in both paragraphs cover ≥ 80% of the
//! bytes of each (the bench's 80%-coverage rule). Prints, per file pair, the
//! shared sections, how many were found, and those missed with their
//! similarity and coverage.

use refrain::corpus::{Corpus, Document};
use refrain::reuse::{self, Analysis, Params};
use similar::{Algorithm, TextDiff};
use std::path::Path;

/// Shortest paragraph scored, in words.
const MIN_WORDS: usize = 20;
/// Similarity at which two paragraphs are one shared section.
const SHARED: f32 = 0.8;
/// Coverage of both paragraphs at which a section pair is found.
const COVER: f64 = 0.8;

const DEFAULT: [(&str, &str); 4] = [
    ("GPL-2", "LGPL-2.1"),
    ("GFDL-1.2", "GFDL-1.3"),
    ("GPL-3", "LGPL-3"),
    ("MPL-1.1", "MPL-2.0"),
];

/// A paragraph: byte range in its document and its lower-cased words.
struct Para {
    start: usize,
    end: usize,
    words: Vec<String>,
}

fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |start: usize, end: usize| {
        let words: Vec<String> = refrain::segment::words(&text[start..end])
            .map(|(_, w)| w.to_lowercase())
            .collect();
        if words.len() >= MIN_WORDS {
            out.push(Para { start, end, words });
        }
    };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if offset > start {
                push(start, offset);
            }
            start = offset + line.len();
        }
        offset += line.len();
    }
    if offset > start {
        push(start, offset);
    }
    out
}

fn similarity(a: &[String], b: &[String]) -> f32 {
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(std::time::Duration::from_millis(200))
        .diff_slices(&a, &b)
        .ratio()
}

/// Share of `start..end` of document `doc` covered by occurrences in `doc`
/// of the clusters in `clusters`.
fn coverage(analysis: &Analysis, clusters: &[usize], doc: usize, start: usize, end: usize) -> f64 {
    let mut spans: Vec<(usize, usize)> = clusters
        .iter()
        .flat_map(|&c| analysis.clusters[c].occurrences.iter())
        .filter(|p| p.document == doc && p.start < end && p.end > start)
        .map(|p| (p.start.max(start), p.end.min(end)))
        .collect();
    spans.sort_unstable();
    let (mut covered, mut reach) = (0, start);
    for (s, e) in spans {
        let s = s.max(reach);
        if e > s {
            covered += e - s;
            reach = e;
        }
    }
    covered as f64 / (end - start).max(1) as f64
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pairs: Vec<(String, String)> = if args.is_empty() {
        let dir = Path::new("/usr/share/common-licenses");
        DEFAULT
            .iter()
            .map(|(a, b)| {
                (
                    dir.join(a).display().to_string(),
                    dir.join(b).display().to_string(),
                )
            })
            .collect()
    } else {
        args.chunks(2)
            .map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default()))
            .collect()
    };
    let mut names: Vec<String> = pairs
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    names.sort();
    names.dedup();
    let mut documents = Vec::new();
    for n in &names {
        match std::fs::read_to_string(n) {
            Ok(t) => documents.push(Document::new(n.clone(), t)),
            Err(e) => {
                eprintln!("bench_sections: {n}: {e}");
                std::process::exit(1);
            }
        }
    }
    let t = std::time::Instant::now();
    let analysis = reuse::analyse(Corpus { documents }, &Params::default());
    println!(
        "{} files, {} clusters in {:.2} s",
        names.len(),
        analysis.clusters.len(),
        t.elapsed().as_secs_f64()
    );
    let doc = |n: &str| names.iter().position(|x| x == n).expect("loaded");
    let (mut all, mut all_found) = (0, 0);
    println!("| pair | shared sections | found | share |");
    println!("|---|---|---|---|");
    let mut misses = Vec::new();
    for (a, b) in &pairs {
        let (da, db) = (doc(a), doc(b));
        let pa = paragraphs(analysis.corpus.documents[da].text.as_str());
        let pb = paragraphs(analysis.corpus.documents[db].text.as_str());
        let (mut shared, mut found) = (0, 0);
        for p in &pa {
            let best = pb
                .iter()
                .map(|q| (similarity(&p.words, &q.words), q))
                .max_by(|x, y| x.0.total_cmp(&y.0));
            let Some((sim, q)) = best else { continue };
            if sim < SHARED {
                continue;
            }
            shared += 1;
            // Clusters with an occurrence in both paragraphs.
            let linking: Vec<usize> = (0..analysis.clusters.len())
                .filter(|&c| {
                    let occ = &analysis.clusters[c].occurrences;
                    let hits = |d: usize, s: usize, e: usize| {
                        occ.iter()
                            .any(|o| o.document == d && o.start < e && o.end > s)
                    };
                    hits(da, p.start, p.end) && hits(db, q.start, q.end)
                })
                .collect();
            let ca = coverage(&analysis, &linking, da, p.start, p.end);
            let cb = coverage(&analysis, &linking, db, q.start, q.end);
            if ca >= COVER && cb >= COVER {
                found += 1;
            } else {
                misses.push(format!(
                    "{} @{} ~ {} @{}: {} words, similarity {:.2}, covered {:.0}% / {:.0}%",
                    short(a),
                    p.start,
                    short(b),
                    q.start,
                    p.words.len(),
                    sim,
                    ca * 100.0,
                    cb * 100.0
                ));
            }
        }
        all += shared;
        all_found += found;
        println!(
            "| {} vs {} | {shared} | {found} | {:.1}% |",
            short(a),
            short(b),
            100.0 * found as f64 / shared.max(1) as f64
        );
    }
    println!(
        "| all | {all} | {all_found} | {:.1}% |",
        100.0 * all_found as f64 / all.max(1) as f64
    );
    if !misses.is_empty() {
        println!("\nmissed section pairs:");
        for m in misses {
            println!("  {m}");
        }
    }
}

fn short(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
