//! Tandem repeats: a text repeated back to back within one document, found
//! whole along one diagonal and cut into consecutive copies.

use super::*;
use rayon::prelude::*;

/// A stretch of one document that repeats with a fixed period (in words).
#[derive(Debug, Clone, Copy)]
pub(super) struct Tandem {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) period: usize,
}

/// A text repeated back to back with period `period` around word `a`: walks
/// the diagonal `b = a + period` in both directions (equal and near-equal
/// words score as in alignment, other words as mismatches; no gaps), keeps the
/// best-scoring stretch and cuts it into consecutive copies starting at its
/// first word. Consecutive copies are reported as pairs.
pub(super) fn tandem(
    r: &mut Region<'_>,
    a: usize,
    period: usize,
    doc: u32,
    cfg: &AlignCfg,
    out: &mut Vec<PairMatch>,
) -> Option<Tandem> {
    let n = r.len();
    let mut other = Region::new(r.text(), r.checkpoints(), n, a + period, a + period + 1);
    // Walking left: the anchor's `k` equal words lie just behind.
    let mut left = Walk::new(cfg.k as u32);
    for x in (0..a).rev() {
        if x + period >= n || !left.step(compare(r, &mut other, x, x + period)) {
            break;
        }
    }
    let right = walk_right(r, &mut other, a, period);
    let (right, m1, left, m2) = (
        right.best_at,
        right.best_matched,
        left.best_at,
        left.best_matched,
    );
    let start = a - left;
    let end = a + right + period;
    let region = Tandem { start, end, period };
    if period < cfg.min_words {
        return Some(region);
    }
    let copies = (end - start) / period;
    let similarity = (m1 + m2) as f64 / (right + left).max(1) as f64;
    if copies < 2 || similarity + 1e-9 < cfg.min_similarity {
        return Some(region);
    }
    for c in 0..copies - 1 {
        let s0 = start + c * period;
        let x = side(r, doc, s0, s0 + period);
        let y = side(r, doc, s0 + period, s0 + 2 * period);
        out.push(PairMatch {
            a: x,
            b: y,
            similarity: similarity.min(1.0),
        });
    }
    Some(region)
}

/// The X-drop walk along a tandem repeat's diagonal, one step per word:
/// equal and near-equal words score as in alignment, other words as
/// mismatches, no gaps. As in the gapped extension, the stretch ends on a
/// run of `xdrop::SOLID` equal words, never on a lone chance match.
struct Walk {
    score: i32,
    best: i32,
    /// Steps up to the best score, and words matched up to it.
    best_at: usize,
    best_matched: usize,
    matched: usize,
    run: u32,
    steps: usize,
}

impl Walk {
    /// A walk whose first step follows `run` equal words.
    fn new(run: u32) -> Self {
        Walk {
            score: 0,
            best: 0,
            best_at: 0,
            best_matched: 0,
            matched: 0,
            run,
            steps: 0,
        }
    }

    /// Takes one step; false when the walk has dropped too far below its
    /// best and stops.
    fn step(&mut self, s: Sim) -> bool {
        self.score += match s {
            Sim::Equal => xdrop::MATCH,
            Sim::Near => xdrop::NEAR,
            Sim::Differ => xdrop::MISMATCH,
        };
        if s != Sim::Differ {
            self.matched += 1;
        }
        self.run = if s == Sim::Equal { self.run + 1 } else { 0 };
        self.steps += 1;
        if self.score > self.best && self.run >= xdrop::SOLID {
            self.best = self.score;
            self.best_at = self.steps;
            self.best_matched = self.matched;
        }
        self.score >= self.best - xdrop::X_DROP
    }
}

/// Words walked on one thread before a long walk goes on in parallel
/// rounds (when the diagonal is longer than [`PARALLEL_MIN_WORDS`])…
const SERIAL_STEPS: usize = 1 << 16;
/// …the diagonals shorter than this (about 12 MB of prose) being walked on
/// one thread: on a 5 MB file (`repeat:5`) the second thread's buffers
/// alone put the peak over twice the text…
const PARALLEL_MIN_WORDS: usize = 1 << 21;
/// …and rounds of this many words per core, compared in parallel (a byte per word
/// held) and then walked in order. A 50 MB file of one article repeated
/// (`bench_engine repeat:50`, 8 M words on one diagonal) walked on one core
/// was 0.57 s of its 0.89 s.
const ROUND_STEPS: usize = 1 << 16;

/// The walk from word `a` rightwards along the diagonal `b = a + period`
/// (`other` a second window on the same document), the same steps as one
/// walk: past [`SERIAL_STEPS`], the words of each round are compared in
/// parallel, a window pair per core, and the walk takes them in order,
/// stopping where it would have.
fn walk_right(r: &mut Region<'_>, other: &mut Region<'_>, a: usize, period: usize) -> Walk {
    walk_right_in(
        r,
        other,
        (a, period),
        (SERIAL_STEPS, PARALLEL_MIN_WORDS, ROUND_STEPS),
    )
}

/// [`walk_right`] with its sizes: words walked on one thread first, the
/// shortest diagonal walked in rounds, and a round's words per core.
fn walk_right_in(
    r: &mut Region<'_>,
    other: &mut Region<'_>,
    (a, period): (usize, usize),
    (serial_steps, parallel_min_words, round_steps): (usize, usize, usize),
) -> Walk {
    let n = r.len();
    let end = n.saturating_sub(period);
    let mut walk = Walk::new(0);
    let mut x = a;
    let serial = if end - a.min(end) < parallel_min_words {
        end
    } else {
        a + serial_steps
    };
    while x < end && x < serial {
        if !walk.step(compare(r, other, x, x + period)) {
            return walk;
        }
        x += 1;
    }
    let (text, checkpoints, sketch) = (r.text(), r.checkpoints(), r.sketch());
    let window = |lo: usize| {
        let w = Region::new(text, checkpoints, n, lo, lo + 1);
        match sketch {
            Some(s) => w.with_sketch(s),
            None => w,
        }
    };
    let cores = rayon::current_num_threads().max(1);
    while x < end {
        let chunks: Vec<(usize, usize)> = (0..cores)
            .map(|c| (x + c * round_steps, (x + (c + 1) * round_steps).min(end)))
            .filter(|(lo, hi)| lo < hi)
            .collect();
        let sims: Vec<Vec<Sim>> = chunks
            .par_iter()
            .map(|&(lo, hi)| {
                let (mut ra, mut rb) = (window(lo), window(lo + period));
                (lo..hi)
                    .map(|i| compare(&mut ra, &mut rb, i, i + period))
                    .collect()
            })
            .collect();
        for s in sims.into_iter().flatten() {
            if !walk.step(s) {
                return walk;
            }
            x += 1;
        }
    }
    walk
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reuse::words;

    #[test]
    fn the_walk_in_parallel_rounds_takes_the_same_steps_as_one_walk() {
        // Forty copies of a 50-word text, one word in 25 changed in some
        // and a burst of 20 changed words in copy 30 (where the walk
        // stops), walked from word 3 with rounds of 7 words per core.
        let mut text = String::new();
        for c in 0..40 {
            for i in 0..50 {
                let w = match (c, i) {
                    (30, 10..30) => format!("burst{i}"),
                    (c, i) if c % 3 == 1 && i % 25 == 7 => format!("edit{c}"),
                    _ => format!("w{i}"),
                };
                text.push_str(&w);
                text.push(' ');
            }
        }
        let mut n = 0;
        let cp = words::scan(&text, |_, _| n += 1);
        assert_eq!(n, 2000);
        let walk = |sizes: (usize, usize, usize)| {
            let mut r = Region::new(&text, &cp, n, 0, n);
            let mut other = Region::new(&text, &cp, n, 53, 54);
            let w = walk_right_in(&mut r, &mut other, (3, 50), sizes);
            (w.best_at, w.best_matched, w.steps)
        };
        let one = walk((usize::MAX, usize::MAX, 1));
        // The walk runs to copy 30's burst, past a dozen rounds.
        assert!(one.0 > 1400 && one.0 < 1500, "{one:?}");
        for sizes in [(0, 0, 7), (5, 100, 7), (64, 0, 1000)] {
            assert_eq!(walk(sizes), one, "{sizes:?}");
        }
    }
}
