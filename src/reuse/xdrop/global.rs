//! The banded global alignment behind the differences shown between two
//! occurrences, under the extension's scores (see the parent module).

use super::*;

/// Global alignment of all of A with all of B under the same scores, in a
/// band of diagonals around the corner-to-corner line (wide enough for any
/// burst the extension would bridge). Returns the steps from the start.
pub fn global(w: &mut impl Words2) -> Vec<Op> {
    let (na, nb) = (w.len_a(), w.len_b());
    let margin = 2 * (X_DROP / -GAP) as usize + 16;
    // Diagonal d = j - i ranges over [dlo, dhi].
    let dlo = -(margin as isize) + (nb as isize - na as isize).min(0);
    let dhi = margin as isize + (nb as isize - na as isize).max(0);
    let width = (dhi - dlo + 1) as usize;
    let idx = |i: usize, j: usize| -> Option<usize> {
        let d = j as isize - i as isize;
        (d >= dlo && d <= dhi).then(|| (d - dlo) as usize)
    };
    let mut score = vec![DEAD; width * (na + 1)];
    let mut dirs = vec![DIAG; width * (na + 1)];
    for i in 0..=na {
        let jlo = (i as isize + dlo).max(0) as usize;
        let jhi = ((i as isize + dhi).max(-1) as usize).min(nb);
        if (i as isize + dlo) > nb as isize {
            continue;
        }
        for j in jlo..=jhi {
            let Some(c) = idx(i, j) else { continue };
            let at = i * width + c;
            if i == 0 && j == 0 {
                score[at] = 0;
                continue;
            }
            let mut best = DEAD;
            let mut dir = DIAG;
            if i > 0
                && j > 0
                && let Some(p) = idx(i - 1, j - 1)
                && score[(i - 1) * width + p] > DEAD
            {
                best = score[(i - 1) * width + p] + w.cmp(i - 1, j - 1).score();
            }
            if i > 0
                && let Some(p) = idx(i - 1, j)
            {
                let s = score[(i - 1) * width + p];
                let g = w.gap_a(i - 1);
                // On a tie a gap wins: traced back from the end, the words on
                // one side only come as late as possible ("a [Community with
                // a] Shared", not "[a Community with] a Shared").
                if s > DEAD && s + g >= best {
                    best = s + g;
                    dir = UP;
                }
            }
            if j > 0
                && let Some(p) = idx(i, j - 1)
            {
                let s = score[i * width + p];
                let g = w.gap_b(j - 1);
                if s > DEAD && s + g >= best {
                    best = s + g;
                    dir = LEFT;
                }
            }
            score[at] = best;
            dirs[at] = dir;
        }
    }
    let (mut i, mut j) = (na, nb);
    let mut ops = Vec::with_capacity(na.max(nb));
    while i > 0 || j > 0 {
        let dir = idx(i, j).map_or(if i > 0 { UP } else { LEFT }, |c| dirs[i * width + c]);
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
