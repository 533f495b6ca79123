//! Diagnoses recall misses of the engine on a generated corpus written by
//! `bench_engine gen SHAPE MB DIR`: for each planted source↔copy pair that the
//! engine does not link whole, whether the index gave it any anchor, whether
//! aligning those anchors alone gives a pair, and how much of the copy that
//! pair covers. A pair that aligns whole alone is aligned again with every
//! anchor of its document pair and scored in bytes as `synth::score_pairs`
//! does, then sorted by what lost it: under 80% of the bytes (the ends are
//! trimmed; 80% of the words is not 80% of the bytes), no reported cluster
//! on either passage (the banality / stock-phrase filter dropped it), or a
//! cluster that covers it short or keeps the two apart.
//!
//! It also prints where the reported occurrences on planted text end: words
//! taken in past a planted passage (overhang) and words of it left out
//! (shortfall). `DIAG_SHOW=CLASS` prints missed pairs of a class, `DIAG_PART=1`
//! the partial alignments with their anchors, `DIAG_FALSE=1` occurrences on
//! no planted passage.
//!
//! `cargo run --release --example diag_recall -- DIR`

use refrain::corpus::{self, LoadOptions};
use refrain::reuse::{self, Params, Passage, align, index, words};
use refrain::synth::{self, Planted};
use std::collections::HashMap;
use std::path::Path;

fn read_truth(path: &Path) -> Vec<Planted> {
    let text = std::fs::read_to_string(path).expect("truth file");
    text.lines()
        .map(|l| Planted::parse(l).expect("a truth line"))
        .collect()
}

fn main() {
    let dir = std::env::args().nth(1).expect("DIR");
    let dir = Path::new(&dir);
    let planted = read_truth(&dir.join("truth.txt"));
    let loaded = corpus::load(&[dir.join("docs")], &LoadOptions::default()).expect("load");
    let corpus = loaded.corpus;
    let params = Params::default();
    let (k, w) = params.effective_shingle_window();
    let clusters = reuse::find_clusters(&corpus, &params);
    let mut ix = index::build(&corpus, k, w, params.all_pairs_limit);
    let anchors = ix.all_anchors();
    let mut doc_words: HashMap<usize, Vec<words::Word>> = HashMap::new();
    let mut get_words = |d: usize| -> Vec<words::Word> {
        doc_words
            .entry(d)
            .or_insert_with(|| {
                let mut v = Vec::new();
                words::scan(&corpus.documents[d].text, |_, w| v.push(w));
                v
            })
            .clone()
    };
    let cfg = align::AlignCfg {
        k,
        min_words: params.min_block_words(),
        min_piece: params.min_words,
        min_similarity: params.min_similarity,
    };
    // Per band (≤15, 15–20, 20–30, verbatim): counts of outcomes.
    let bands = ["verbatim", "<=15%", "15-20%", "20-30%"];
    let mut tally: HashMap<(usize, bool, &str), usize> = HashMap::new();
    let filter = std::env::var("DIAG_CJK").ok();
    let mut shown = 0;
    for p in planted.iter().filter(|p| !p.boilerplate) {
        if filter.as_ref().is_some_and(|f| (f == "1") != p.cjk) {
            continue;
        }
        let band = if !p.edited {
            0
        } else if p.rate <= 0.15 {
            1
        } else if p.rate <= 0.2 {
            2
        } else {
            3
        };
        let s = synth::score_pairs(&clusters, &[*p]);
        let found = s.bands.iter().map(|b| b.1).sum::<usize>() > 0;
        let range = |x: &Passage, ws: &[words::Word]| {
            let a = ws.partition_point(|w| (w.start as usize) < x.start);
            let b = ws.partition_point(|w| (w.start as usize) < x.end);
            (a, b)
        };
        let wa = get_words(p.source.document);
        let wb = get_words(p.copy.document);
        let (s0, s1) = range(&p.source, &wa);
        let (c0, c1) = range(&p.copy, &wb);
        // Longest common run of equal keys.
        let ka: Vec<u64> = wa[s0..s1].iter().map(|w| w.key).collect();
        let kb: Vec<u64> = wb[c0..c1].iter().map(|w| w.key).collect();
        let mut best = 0;
        let mut prev = vec![0usize; kb.len() + 1];
        for x in &ka {
            let mut cur = vec![0usize; kb.len() + 1];
            for (j, y) in kb.iter().enumerate() {
                if x == y {
                    cur[j + 1] = prev[j] + 1;
                    best = best.max(cur[j + 1]);
                }
            }
            prev = cur;
        }
        // Order the two sides as the index does.
        let src_first = (p.source.document, s0) < (p.copy.document, c0);
        let ((da, a0, a1), (db, b0, b1)) = if src_first {
            ((p.source.document, s0, s1), (p.copy.document, c0, c1))
        } else {
            ((p.copy.document, c0, c1), (p.source.document, s0, s1))
        };
        let lo = anchors.partition_point(|x| (x.da as usize, x.db as usize) < (da, db));
        let hi = anchors.partition_point(|x| (x.da as usize, x.db as usize) <= (da, db));
        let mine: Vec<index::Anchor> = anchors[lo..hi]
            .iter()
            .filter(|x| (a0..a1).contains(&(x.a as usize)) && (b0..b1).contains(&(x.b as usize)))
            .copied()
            .collect();
        let outcome = if found {
            "found"
        } else if mine.is_empty() {
            if best >= 7 {
                "no anchor (run>=7!)"
            } else if best >= 5 {
                "no anchor, run 5-6"
            } else if best == 4 {
                "no anchor, run 4"
            } else {
                "no anchor, run<=3"
            }
        } else {
            let pa = ix.profiles.get(da);
            let pb = ix.profiles.get(db);
            let mut ra =
                words::Region::new(&corpus.documents[da].text, pa.checkpoints, pa.words, a0, a1);
            let mut rb =
                words::Region::new(&corpus.documents[db].text, pb.checkpoints, pb.words, b0, b1);
            let got = align::align_pair(&mut ra, &mut rb, &mine, &cfg);
            let cover = got
                .iter()
                .map(|m| {
                    let ca = (m.a.w1.min(a1 as u32) as f64 - m.a.w0.max(a0 as u32) as f64)
                        / (a1 - a0) as f64;
                    let cb = (m.b.w1.min(b1 as u32) as f64 - m.b.w0.max(b0 as u32) as f64)
                        / (b1 - b0) as f64;
                    ca.min(cb)
                })
                .fold(0.0, f64::max);
            // Again with no similarity floor: the Dice and extent it reaches.
            let loose = align::AlignCfg {
                min_similarity: 0.0,
                ..cfg
            };
            let got0 = align::align_pair(&mut ra, &mut rb, &mine, &loose);
            let best0 = got0
                .iter()
                .map(|m| {
                    let ca = (m.a.w1.min(a1 as u32) as f64 - m.a.w0.max(a0 as u32) as f64)
                        / (a1 - a0) as f64;
                    let cb = (m.b.w1.min(b1 as u32) as f64 - m.b.w0.max(b0 as u32) as f64)
                        / (b1 - b0) as f64;
                    (ca.min(cb), m.similarity)
                })
                .fold((0.0, 0.0), |x, y| if y.0 > x.0 { y } else { x });
            if std::env::var_os("DIAG_PART").is_some() && !got.is_empty() && cover < 0.8 {
                let mark = |r: &mut words::Region<'_>, lo: usize, hi: usize, m: &[(u32, u32)]| {
                    let mut s = String::new();
                    for i in lo..hi {
                        let w = r.get(i).unwrap();
                        if m.iter().any(|x| x.0 as usize == i) {
                            s.push('[');
                        }
                        s.push_str(&r.text()[w.start as usize..w.end as usize]);
                        if m.iter().any(|x| x.1 as usize == i + 1) {
                            s.push(']');
                        }
                        s.push(' ');
                    }
                    s
                };
                let ma: Vec<(u32, u32)> = got.iter().map(|m| (m.a.w0, m.a.w1)).collect();
                let mb: Vec<(u32, u32)> = got.iter().map(|m| (m.b.w0, m.b.w1)).collect();
                let an: Vec<(u32, u32)> = mine
                    .iter()
                    .map(|x| (x.a - a0 as u32, x.b - b0 as u32))
                    .collect();
                eprintln!(
                    "--- partial rate {:.2} cover {cover:.2} anchors {an:?}\nA: {}\nB: {}",
                    p.rate,
                    mark(&mut ra, a0, a1, &ma),
                    mark(&mut rb, b0, b1, &mb)
                );
            }
            if got.is_empty() {
                if got0.is_empty() {
                    "anchor, rejected even at sim 0"
                } else if best0.0 >= 0.8 && best0.1 < 0.8 {
                    "anchor, whole but Dice<0.8"
                } else if best0.0 >= 0.8 {
                    "anchor, whole at sim 0 (other)"
                } else {
                    "anchor, partial at sim 0"
                }
            } else if cover >= 0.8 {
                // Again with every anchor of the document pair, as the
                // pipeline does, and scored in bytes as `score_pairs` does
                // (a pair covering 80% of the words may cover less of the
                // bytes).
                let mut fa = words::Region::new(
                    &corpus.documents[da].text,
                    pa.checkpoints,
                    pa.words,
                    0,
                    pa.words,
                );
                let mut fb = words::Region::new(
                    &corpus.documents[db].text,
                    pb.checkpoints,
                    pb.words,
                    0,
                    pb.words,
                );
                let all = &anchors[lo..hi];
                let got_all = align::align_pair(&mut fa, &mut fb, all, &cfg);
                let (xa, xb) = if src_first {
                    (&p.source, &p.copy)
                } else {
                    (&p.copy, &p.source)
                };
                let bytes = |r: &mut words::Region<'_>, w0: u32, w1: u32, x: &Passage| {
                    let s = r.get(w0 as usize).map_or(0, |w| w.start as usize);
                    let e = r.get(w1 as usize - 1).map_or(0, |w| w.end as usize);
                    (e.min(x.end) as f64 - s.max(x.start) as f64) / (x.end - x.start) as f64
                };
                let cover_bytes = got_all
                    .iter()
                    .map(|m| {
                        bytes(&mut fa, m.a.w0, m.a.w1, xa).min(bytes(&mut fb, m.b.w0, m.b.w1, xb))
                    })
                    .fold(0.0, f64::max);
                // The reported clusters touching each passage.
                let touches = |x: &Passage| -> Vec<usize> {
                    clusters
                        .iter()
                        .filter(|c| {
                            c.occurrences.iter().any(|o| {
                                o.document == x.document && o.start < x.end && o.end > x.start
                            })
                        })
                        .map(|c| c.id)
                        .collect()
                };
                let (ts, tc) = (touches(&p.source), touches(&p.copy));
                if cover_bytes < 0.8 {
                    "aligned whole in words, <80% of bytes"
                } else if ts.iter().any(|c| tc.contains(c)) {
                    "aligned whole, clustered short"
                } else if ts.is_empty() && tc.is_empty() {
                    "aligned whole, no cluster (filtered)"
                } else {
                    "aligned whole, clustered apart"
                }
            } else if best0.0 >= 0.8 {
                "aligned partly; whole but Dice<0.8"
            } else {
                "aligned partly (<80%)"
            }
        };
        *tally.entry((band, p.cjk, outcome)).or_default() += 1;
        if !found
            && shown < 8
            && std::env::var_os("DIAG_SHOW").is_some()
            && outcome.starts_with(std::env::var("DIAG_SHOW").unwrap().as_str())
        {
            shown += 1;
            eprintln!(
                "--- {outcome} rate {:.2} words {} / {} run {best} anchors {}\nSRC: {}\nCOPY: {}",
                p.rate,
                s1 - s0,
                c1 - c0,
                mine.len(),
                &corpus.documents[p.source.document].text[p.source.start..p.source.end],
                &corpus.documents[p.copy.document].text[p.copy.start..p.copy.end]
            );
        }
    }
    ends(&corpus, &clusters, &planted);
    let mut keys: Vec<_> = tally.keys().copied().collect();
    keys.sort();
    for (band, cjk, what) in keys {
        println!(
            "{:9} {} {:40} {}",
            bands[band],
            if cjk { "CJK" } else { "EN " },
            what,
            tally[&(band, cjk, what)]
        );
    }
}

/// Where the reported occurrences on planted text end: words past the
/// planted passage (overhang: chance matches or background text taken in)
/// and words of it left out (shortfall), at the start and end of each
/// occurrence that lies at least half on a planted source or copy.
fn ends(corpus: &corpus::Corpus, clusters: &[reuse::Cluster], planted: &[Planted]) {
    let mut truth: HashMap<usize, Vec<Passage>> = HashMap::new();
    for p in planted {
        truth.entry(p.source.document).or_default().push(p.source);
        truth.entry(p.copy.document).or_default().push(p.copy);
    }
    let words = |t: &str, a: usize, b: usize| t[a..b].split_whitespace().count();
    let (mut n, mut over_n, mut short_n) = (0usize, 0usize, 0usize);
    let (mut total, mut over, mut short) = (0usize, 0usize, 0usize);
    let mut false_shown = 0usize;
    let show_false = std::env::var_os("DIAG_FALSE").is_some();
    for (c, o) in clusters
        .iter()
        .flat_map(|c| c.occurrences.iter().map(move |o| (c, o)))
    {
        let Some(t) = truth.get(&o.document).and_then(|v| {
            v.iter()
                .filter(|t| {
                    let ov = t.end.min(o.end).saturating_sub(t.start.max(o.start));
                    ov * 2 >= (t.end - t.start).min(o.end - o.start)
                })
                .max_by_key(|t| t.end.min(o.end).saturating_sub(t.start.max(o.start)))
        }) else {
            if show_false && false_shown < 30 {
                false_shown += 1;
                eprintln!(
                    "--- false occurrence of cluster {} ({} occurrences, similarity {:.2}): {}",
                    c.id,
                    c.occurrences.len(),
                    c.similarity,
                    &corpus.documents[o.document].text[o.start..o.end]
                );
            }
            continue;
        };
        let text = &corpus.documents[o.document].text;
        n += 1;
        total += words(text, t.start, t.end);
        let ov = words(text, o.start, t.start.max(o.start)) + words(text, t.end.min(o.end), o.end);
        let sh = words(text, t.start, o.start.max(t.start)) + words(text, o.end.min(t.end), t.end);
        over += ov;
        short += sh;
        over_n += usize::from(ov > 0);
        short_n += usize::from(sh > 0);
    }
    println!(
        "ends: {n} occurrences on planted text ({total} planted words): {over_n} overhang by \
         {over} words in all, {short_n} fall short by {short} words in all"
    );
}
