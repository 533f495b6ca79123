//! Alignment: grows an anchor (two equal shingles) into a pair of passages at
//! their natural, maximal extent, and scores their similarity.
//!
//! An alignment is a chain of *solid runs*: stretches of at least `k` words
//! that are equal on both sides. From the anchor's run the engine extends
//! exactly (word by word while the keys agree), then *bridges*: it looks for
//! the nearest `k`-word run that starts within `max_gap` words of the current
//! end on both sides (an inserted, dropped or replaced word, re-wrapping or a
//! changed punctuation mark leaves such a gap), jumps to it and extends again;
//! likewise to the left. It stops when no run lies within the gap bound.
//! Requiring a full `k`-word run after a gap means a passage never ends on a
//! chance match of a word or two ("the", "in the"). For the same reason a
//! passage does not end on a fragment of fewer than `k` words that begins a new
//! paragraph (after a blank line).
//!
//! Similarity is the Dice ratio of the word alignment, `2·matched / (len_a +
//! len_b)`, with the words inside gaps matched by `similar`. A pair below the
//! minimum similarity is split at its widest gap and each side re-scored.

use super::index::{Anchor, shingle_hash};
use super::words::Region;
use rustc_hash::FxHashMap;

/// Settings for alignment (derived from [`super::Params`]).
#[derive(Debug, Clone, Copy)]
pub struct AlignCfg {
    /// Shingle length: the shortest solid run.
    pub k: usize,
    /// Widest gap (in words, on either side) bridged between solid runs.
    pub max_gap: usize,
    /// Fewest words on each side of a reported pair.
    pub min_words: usize,
    /// Lowest similarity of a reported pair.
    pub min_similarity: f64,
}

/// A run of equal words: `len` words from word `a` of one side and `b` of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// First word on side A.
    pub a: usize,
    /// First word on side B.
    pub b: usize,
    /// Number of equal words.
    pub len: usize,
}

/// A side of an aligned pair: word range and byte range in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// Document index.
    pub doc: u32,
    /// First word.
    pub w0: u32,
    /// One past the last word.
    pub w1: u32,
    /// Byte offset of the first word.
    pub b0: u32,
    /// Byte offset of the end of the last word.
    pub b1: u32,
}

/// Two passages judged the same text, with their similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairMatch {
    /// The passage in the first document.
    pub a: Side,
    /// The passage in the second document.
    pub b: Side,
    /// Dice similarity of the word alignment (1.0 = identical words).
    pub similarity: f64,
}

/// How many of the latest alignments of a document pair are checked for
/// covering the next anchor.
const RECENT: usize = 32;

/// Aligns every uncovered anchor of one document pair (anchors sorted by `a`).
pub fn align_pair(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    anchors: &[Anchor],
    cfg: &AlignCfg,
) -> Vec<PairMatch> {
    let same = anchors.first().is_some_and(|x| x.da == x.db);
    let (da, db) = anchors.first().map_or((0, 0), |x| (x.da, x.db));
    let mut covered: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for an in anchors {
        let (a, b) = (an.a as usize, an.b as usize);
        // Only recent alignments can cover an anchor (anchors come in order
        // of `a`); checking a bounded number keeps periodic text linear, and a
        // missed cover only repeats work that clustering merges anyway.
        if covered
            .iter()
            .rev()
            .take(RECENT)
            .any(|&(a0, a1, b0, b1)| a >= a0 && a < a1 && b >= b0 && b < b1)
        {
            continue;
        }
        let Some(runs) = extend(ra, rb, a, b, same, cfg) else {
            continue;
        };
        let first = runs[0];
        let last = runs[runs.len() - 1];
        covered.push((first.a, last.a + last.len, first.b, last.b + last.len));
        score(ra, rb, &runs, da, db, cfg, &mut out);
    }
    out
}

fn equal(ra: &mut Region<'_>, rb: &mut Region<'_>, a: usize, b: usize) -> bool {
    match (ra.get(a), rb.get(b)) {
        (Some(x), Some(y)) => x.key == y.key,
        _ => false,
    }
}

/// Grows the anchor at `(a, b)` into a chain of solid runs, or `None` when the
/// anchor's shingles are not in fact equal (a hash collision).
fn extend(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    a: usize,
    b: usize,
    same: bool,
    cfg: &AlignCfg,
) -> Option<Vec<Run>> {
    let k = cfg.k;
    if !(0..k).all(|t| equal(ra, rb, a + t, b + t)) {
        return None;
    }
    // Within one document side B always starts at or after the end of side A.
    let mut left = vec![Run { a, b, len: k }];
    loop {
        let i = left.len() - 1;
        let limit_b = if same { left[0].a + left[0].len } else { 0 };
        let mut r = left[i];
        while r.a > 0 && r.b > limit_b && equal(ra, rb, r.a - 1, r.b - 1) {
            r.a -= 1;
            r.b -= 1;
            r.len += 1;
        }
        left[i] = r;
        match bridge_left(ra, rb, r, limit_b, cfg) {
            Some((trimmed, n)) => {
                left[i] = trimmed;
                left.push(n);
            }
            None => break,
        }
    }
    left.reverse();
    let mut runs = left;
    let cap_a = if same { runs[0].b } else { usize::MAX };
    loop {
        let i = runs.len() - 1;
        let mut r = runs[i];
        while r.a + r.len < cap_a && equal(ra, rb, r.a + r.len, r.b + r.len) {
            r.len += 1;
        }
        runs[i] = r;
        match bridge_right(ra, rb, r, cap_a, cfg) {
            Some((trimmed, n)) => {
                runs[i] = trimmed;
                runs.push(n);
            }
            None => break,
        }
    }
    trim_trailing_fragment(ra, rb, &mut runs, k);
    Some(runs)
}

/// All `(a', b')` with `a'` in `a_range`, `b'` in `b_range` whose `k` words are equal.
fn equal_shingles(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    a_range: std::ops::Range<usize>,
    b_range: std::ops::Range<usize>,
    k: usize,
) -> Vec<(usize, usize)> {
    let hashes = |r: &mut Region<'_>, range: std::ops::Range<usize>| -> Vec<(usize, u64)> {
        let n = r.len();
        range
            .filter(|&s| s + k <= n)
            .map(|s| {
                let keys: Vec<u64> = (s..s + k).map(|i| r.key(i)).collect();
                (s, shingle_hash(keys.into_iter()))
            })
            .collect()
    };
    let hb = hashes(rb, b_range);
    let mut by_hash: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (s, h) in hb {
        by_hash.entry(h).or_default().push(s);
    }
    let mut out = Vec::new();
    for (sa, h) in hashes(ra, a_range) {
        if let Some(list) = by_hash.get(&h) {
            for &sb in list {
                if (0..k).all(|t| equal(ra, rb, sa + t, sb + t)) {
                    out.push((sa, sb));
                }
            }
        }
    }
    out
}

/// A bridge candidate: its cost (larger gap, total gap, words given up) and
/// the shortened previous run with the new one.
type Bridge = ((usize, usize, usize), (Run, Run));

/// The nearest solid run after run `r` within `max_gap` words on both sides.
/// The new run may start inside the end of `r` (then `r` is shortened), so a
/// word that exact extension took greedily — the `a` of "a [community with]
/// a shared future" — can still start the next run. Returns `(r shortened, new run)`.
fn bridge_right(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    r: Run,
    cap_a: usize,
    cfg: &AlignCfg,
) -> Option<(Run, Run)> {
    let (k, g) = (cfg.k, cfg.max_gap);
    let (ea, eb) = (r.a + r.len, r.b + r.len);
    let lo_a = (ea + 1).saturating_sub(k).max(r.a + 1);
    let lo_b = (eb + 1).saturating_sub(k).max(r.b + 1);
    let mut best: Option<Bridge> = None;
    for (a2, b2) in equal_shingles(ra, rb, lo_a..ea + g + 1, lo_b..eb + g + 1, k) {
        if a2 + k > cap_a || (a2 - r.a == b2 - r.b && a2 < ea) {
            continue;
        }
        let keep = r.len.min(a2 - r.a).min(b2 - r.b);
        let (ga, gb) = (a2 - (r.a + keep), b2 - (r.b + keep));
        if ga > g || gb > g || keep == 0 {
            continue;
        }
        let cost = (ga.max(gb), ga + gb, r.len - keep);
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((
                cost,
                (
                    Run { len: keep, ..r },
                    Run {
                        a: a2,
                        b: b2,
                        len: k,
                    },
                ),
            ));
        }
    }
    best.map(|(_, x)| x)
}

/// The nearest solid run before run `f` within `max_gap` words on both sides
/// (mirror of [`bridge_right`]); side B may not start before `limit_b`.
fn bridge_left(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    f: Run,
    limit_b: usize,
    cfg: &AlignCfg,
) -> Option<(Run, Run)> {
    let (k, g) = (cfg.k, cfg.max_gap);
    // Starts s such that the run s..s+k ends within g words before f (or
    // overlaps f's first k-1 words).
    let range = |start: usize, len: usize| {
        let hi = (start + k - 1).min(start + len - 1).saturating_sub(k) + 1;
        start.saturating_sub(g + k)..hi
    };
    let mut best: Option<Bridge> = None;
    let a_range = range(f.a, f.len);
    let b_range = range(f.b, f.len);
    for (a2, b2) in equal_shingles(ra, rb, a_range, b_range, k) {
        let (xa, xb) = (a2 + k, b2 + k);
        if b2 < limit_b || (f.a as isize - a2 as isize == f.b as isize - b2 as isize && xa > f.a) {
            continue;
        }
        let cut = xa.saturating_sub(f.a).max(xb.saturating_sub(f.b));
        if cut >= f.len {
            continue;
        }
        let (na, nb) = (f.a + cut, f.b + cut);
        if na < xa || nb < xb {
            continue;
        }
        let (ga, gb) = (na - xa, nb - xb);
        if ga > g || gb > g {
            continue;
        }
        let cost = (ga.max(gb), ga + gb, cut);
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            let trimmed = Run {
                a: na,
                b: nb,
                len: f.len - cut,
            };
            best = Some((
                cost,
                (
                    trimmed,
                    Run {
                        a: a2,
                        b: b2,
                        len: k,
                    },
                ),
            ));
        }
    }
    best.map(|(_, x)| x)
}

/// True when a blank line separates word `i - 1` from word `i`.
fn paragraph_break_before(r: &mut Region<'_>, i: usize) -> bool {
    let (Some(p), Some(w)) = (r.get(i.wrapping_sub(1)), r.get(i)) else {
        return false;
    };
    let between = &r.text()[p.end as usize..w.start as usize];
    let lines: Vec<&str> = between.split('\n').collect();
    lines.len() >= 3
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Drops a last fragment of fewer than `k` words that begins a new paragraph.
fn trim_trailing_fragment(ra: &mut Region<'_>, rb: &mut Region<'_>, runs: &mut [Run], k: usize) {
    let last = runs.len() - 1;
    let r = runs[last];
    let from = r.len.saturating_sub(k - 1).max(1);
    for t in from..r.len {
        if paragraph_break_before(ra, r.a + t) || paragraph_break_before(rb, r.b + t) {
            runs[last].len = t;
            return;
        }
    }
}

/// Scores a chain of runs; emits it if it passes, else splits at the widest gap.
#[allow(clippy::too_many_arguments)]
fn score(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    runs: &[Run],
    da: u32,
    db: u32,
    cfg: &AlignCfg,
    out: &mut Vec<PairMatch>,
) {
    let first = runs[0];
    let last = runs[runs.len() - 1];
    let (a0, a1) = (first.a, last.a + last.len);
    let (b0, b1) = (first.b, last.b + last.len);
    if a1 - a0 < cfg.min_words || b1 - b0 < cfg.min_words {
        return;
    }
    let mut matched: usize = runs.iter().map(|r| r.len).sum();
    let mut widest = (0, 0);
    for (i, w) in runs.windows(2).enumerate() {
        let (x0, x1) = (w[0].a + w[0].len, w[1].a);
        let (y0, y1) = (w[0].b + w[0].len, w[1].b);
        let gap = (x1 - x0).max(y1 - y0);
        if gap > widest.0 {
            widest = (gap, i + 1);
        }
        if x1 > x0 && y1 > y0 {
            let xa: Vec<u64> = (x0..x1).map(|i| ra.key(i)).collect();
            let yb: Vec<u64> = (y0..y1).map(|i| rb.key(i)).collect();
            matched += similar::capture_diff_slices(similar::Algorithm::Myers, &xa, &yb)
                .iter()
                .filter_map(|op| match op {
                    similar::DiffOp::Equal { len, .. } => Some(*len),
                    _ => None,
                })
                .sum::<usize>();
        }
    }
    let similarity = 2.0 * matched as f64 / ((a1 - a0) + (b1 - b0)) as f64;
    if similarity + 1e-9 < cfg.min_similarity {
        if widest.1 > 0 {
            let (l, r) = runs.split_at(widest.1);
            score(ra, rb, l, da, db, cfg, out);
            score(ra, rb, r, da, db, cfg, out);
        }
        return;
    }
    let side = |r: &mut Region<'_>, doc: u32, w0: usize, w1: usize| Side {
        doc,
        w0: w0 as u32,
        w1: w1 as u32,
        b0: r.get(w0).map_or(0, |w| w.start),
        b1: r.get(w1 - 1).map_or(0, |w| w.end),
    };
    out.push(PairMatch {
        a: side(ra, da, a0, a1),
        b: side(rb, db, b0, b1),
        similarity: similarity.min(1.0),
    });
}
