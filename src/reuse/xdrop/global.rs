//! The banded global alignment behind the differences shown between two
//! occurrences, under the extension's scores (see the parent module).

use super::*;

/// Global alignment of all of A with all of B under the same scores, in a
/// band of diagonals around the corner-to-corner line (wide enough for any
/// burst the extension would bridge). Returns the steps from the start.
pub fn global(w: &mut impl Words2) -> Vec<Op> {
    let (na, nb) = (w.len_a(), w.len_b());
    Prefixes::fill(w).steps_to(w, na, nb)
}

/// The table of a banded global alignment from the start of A and B: for
/// each cell `(i, j)` in the band, the best score of aligning A's first `i`
/// words with B's first `j`, the step that reached it and how many words
/// that alignment matched. Every cell's alignment is the one [`global`]
/// gives for those two prefixes when the band covers them, so the ends a
/// copy's edge may grow to ([`crate::reuse::align`]'s edges) are all judged
/// from one table instead of one alignment each.
pub struct Prefixes {
    /// Diagonals `j - i` in `dlo..=dhi` are in the band.
    dlo: isize,
    dhi: isize,
    width: usize,
    score: Vec<i32>,
    dirs: Vec<u8>,
    matched: Vec<u32>,
}

impl Prefixes {
    /// Fills the table for all of `w`'s two sides.
    pub fn fill(w: &mut impl Words2) -> Prefixes {
        let (na, nb) = (w.len_a(), w.len_b());
        let margin = 2 * (X_DROP / -GAP) as usize + 16;
        // Diagonal d = j - i ranges over [dlo, dhi].
        let dlo = -(margin as isize) + (nb as isize - na as isize).min(0);
        let dhi = margin as isize + (nb as isize - na as isize).max(0);
        let width = (dhi - dlo + 1) as usize;
        let mut t = Prefixes {
            dlo,
            dhi,
            width,
            score: vec![DEAD; width * (na + 1)],
            dirs: vec![DIAG; width * (na + 1)],
            matched: vec![0; width * (na + 1)],
        };
        // Each word's gap cost, looked up once instead of once per cell.
        let gaps_a: Vec<i32> = (0..na).map(|i| w.gap_a(i)).collect();
        let gaps_b: Vec<i32> = (0..nb).map(|j| w.gap_b(j)).collect();
        for i in 0..=na {
            let jlo = (i as isize + dlo).max(0) as usize;
            let jhi = ((i as isize + dhi).max(-1) as usize).min(nb);
            if (i as isize + dlo) > nb as isize {
                continue;
            }
            for j in jlo..=jhi {
                let Some(at) = t.at(i, j) else { continue };
                if i == 0 && j == 0 {
                    t.score[at] = 0;
                    continue;
                }
                let mut best = DEAD;
                let mut dir = DIAG;
                let mut matched = 0;
                if i > 0
                    && j > 0
                    && let Some(p) = t.at(i - 1, j - 1)
                    && t.score[p] > DEAD
                {
                    let sim = w.cmp(i - 1, j - 1);
                    best = t.score[p] + sim.score();
                    matched = t.matched[p] + u32::from(sim != Sim::Differ);
                }
                // A word of A only (from the cell above), one of B only
                // (from the left). On a tie a gap wins: traced back from
                // the end, the words on one side only come as late as
                // possible ("a [Community with a] Shared", not "[a
                // Community with] a Shared").
                let up = (i > 0)
                    .then(|| t.at(i - 1, j).map(|p| (p, gaps_a[i - 1], UP)))
                    .flatten();
                let left = (j > 0)
                    .then(|| t.at(i, j - 1).map(|p| (p, gaps_b[j - 1], LEFT)))
                    .flatten();
                for (p, g, d) in [up, left].into_iter().flatten() {
                    if t.score[p] > DEAD && t.score[p] + g >= best {
                        best = t.score[p] + g;
                        dir = d;
                        matched = t.matched[p];
                    }
                }
                t.score[at] = best;
                t.dirs[at] = dir;
                t.matched[at] = matched;
            }
        }
        t
    }

    /// The index of cell `(i, j)`, when it is in the band.
    fn at(&self, i: usize, j: usize) -> Option<usize> {
        let d = j as isize - i as isize;
        (d >= self.dlo && d <= self.dhi).then(|| i * self.width + (d - self.dlo) as usize)
    }

    /// The score of aligning A's first `i` words with B's first `j`, and how
    /// many pairs of words that alignment matches (equal or near-equal);
    /// `None` outside the band.
    pub fn get(&self, i: usize, j: usize) -> Option<(i32, usize)> {
        let at = self.at(i, j)?;
        (self.score[at] > DEAD).then(|| (self.score[at], self.matched[at] as usize))
    }

    /// The steps of that alignment, from the start.
    pub fn steps_to(&self, w: &mut impl Words2, i: usize, j: usize) -> Vec<Op> {
        let (mut i, mut j) = (i, j);
        let mut ops = Vec::with_capacity(i.max(j));
        while i > 0 || j > 0 {
            let dir = self
                .at(i, j)
                .map_or(if i > 0 { UP } else { LEFT }, |c| self.dirs[c]);
            let dir = if i == 0 {
                LEFT
            } else if j == 0 {
                UP
            } else {
                dir
            };
            trace_step(w, dir, &mut i, &mut j, &mut ops);
        }
        ops.reverse();
        ops
    }
}
