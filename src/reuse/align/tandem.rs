//! Tandem repeats: a text repeated back to back within one document, found
//! whole along one diagonal and cut into consecutive copies.

use super::*;

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
    let mut walk = |from: usize, forward: bool| -> (usize, usize) {
        // Returns (best distance, matched words up to it).
        let (mut score, mut best, mut best_at, mut matched, mut best_matched) =
            (0i32, 0i32, 0usize, 0usize, 0usize);
        // As in the gapped extension, the stretch ends on a run of
        // `xdrop::SOLID` equal words, never on a lone chance match (walking
        // left, the anchor's `k` equal words lie just behind).
        let mut run = if forward { 0 } else { cfg.k as u32 };
        let mut t = 0usize;
        loop {
            let x = if forward {
                from + t
            } else {
                match from.checked_sub(t + 1) {
                    Some(x) => x,
                    None => break,
                }
            };
            if x + period >= n {
                break;
            }
            let s = compare(r, &mut other, x, x + period);
            score += match s {
                Sim::Equal => xdrop::MATCH,
                Sim::Near => xdrop::NEAR,
                Sim::Differ => xdrop::MISMATCH,
            };
            if s != Sim::Differ {
                matched += 1;
            }
            run = if s == Sim::Equal { run + 1 } else { 0 };
            t += 1;
            if score > best && run >= xdrop::SOLID {
                best = score;
                best_at = t;
                best_matched = matched;
            } else if score < best - xdrop::X_DROP {
                break;
            }
        }
        (best_at, best_matched)
    };
    let (right, m1) = walk(a, true);
    let (left, m2) = walk(a, false);
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
