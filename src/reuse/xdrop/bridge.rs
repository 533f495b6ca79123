//! Carrying an extension across an edit too long for the X-drop.
//!
//! [`super::extend`] stops once its score falls [`X_DROP`] below its best,
//! and its band follows diagonals at most [`MAX_SHIFT`] apart: a burst of
//! eight replaced words, a clause of seven inserted ones or a dozen
//! characters pasted into a CJK sentence end it, and what follows is lost
//! to the passage even when it is a long, plain copy. A local alignment
//! (Smith–Waterman, as passim aligns) would take it, since the words after
//! the edit pay for it; the X-drop cannot see that far.
//!
//! So where the extension stopped, [`bridge`] looks up to [`WINDOW`] words
//! further on each side for a run of [`RUN`] equal words, extends from
//! there with the same X-drop, and takes the edit and what follows when
//! that continuation scores at least [`MIN_CONTINUATION`] (ten equal
//! words, what a reported pair must score) *and* more than the edit costs
//! under the alignment's own scores (the edit aligned globally, as the
//! differences are shown). That is the local alignment's own rule — a
//! stretch is kept when it raises the score — limited to edits of at most
//! `WINDOW` words and to continuations that are copies in their own right.
//! As in chaining (`reuse::chain`), an edit on both sides (a rewritten
//! stretch rather than an insertion) is crossed only between pieces of
//! `min_words` words or more on each side, and not across a paragraph
//! break on either: a sentence is rewritten inside a paragraph, while two
//! elements of a template with other text between them in every copy (a
//! slogan, then the shared article in a paragraph of its own; a book's
//! title, a clause about it reworded, then the quotation from it) are two
//! passages.
//!
//! An edit the X-drop could have bridged is never one of these (it would
//! have been taken already), so the words a bridge adds cost at least
//! `X_DROP`, and the continuation must win that back. Only a pair that is
//! a passage already is carried on (`align`): phrases common to a
//! language, each too short to report, are never strung into one.
//!
//! Measured on copies planted into rendered man pages of seven languages by
//! an independent script (`examples/independent/run.sh` with seeds 11–20):
//! Chinese pairs at 15–30% edits found whole 68.2% → 71.0% (copies whose
//! burst pasted a dozen characters or a Latin word into a CJK sentence),
//! French 94.5 → 95.1%, every other language and band the same or a pair
//! better but one Chinese pair at ≤ 15% (the bench's `sentences` shape:
//! English pairs 96.8 → 98.2%, precision 99.1 → 98.9%; harsh:100 and
//! boilerplate:100 a few pairs better, precision unchanged; see session
//! 26 in docs/performance-history.md).

use super::{Extension, Op, Shift, Sim, Words2, extend, global, score_in};
use crate::reuse::chance::WILD;

/// Words looked at past the end, on each side, for the copy's continuation.
pub const WINDOW: usize = 32;

/// Equal words in a row that mark a candidate continuation.
pub const RUN: usize = 3;

/// Lowest score of a continuation: ten equal words, what a reported pair
/// with differences must score (two whole shingles, `align::evidence`).
pub const MIN_CONTINUATION: i32 = 10 * super::MATCH;

/// Candidate continuations tried at each end, nearest first (the first
/// that pays for its edit is taken).
const TRIES: usize = 4;

/// Carries `ext` (an extension of `w` from its origin) across edits too
/// long for the X-drop while a continuation pays for them (see the module
/// doc). `before` is how many words of A and B the pair holds besides
/// `ext`; an edit on both sides is crossed only between pieces of at least
/// `min_words` words on each side. Returns how many edits were bridged.
pub fn bridge(
    w: &mut impl Words2,
    ext: &mut Extension,
    before: (usize, usize),
    min_words: usize,
) -> usize {
    let mut made = 0;
    loop {
        let piece = (before.0 + ext.a).min(before.1 + ext.b);
        let (ea, eb) = (ext.a, ext.b);
        let na = (w.len_a() - ea).min(WINDOW + RUN);
        let nb = (w.len_b() - eb).min(WINDOW + RUN);
        if na < RUN || nb < RUN {
            break;
        }
        // The nearest candidate that pays for its edit.
        let mut taken = None;
        for (i, j) in candidates(w, ea, eb, na, nb) {
            let both = i > 0 && j > 0;
            if both && (piece < min_words || w.blank_across(ea, i, eb, j)) {
                continue;
            }
            let mut from = Shift::new(w, ea + i, eb + j);
            let cont = extend(&mut from, 0);
            let s = score_in(&mut from, &cont.ops);
            if s < MIN_CONTINUATION || (both && cont.a.min(cont.b) < min_words) {
                continue;
            }
            let gap = gap_ops(w, ea, eb, i, j);
            if s + score_in(&mut Shift::new(w, ea, eb), &gap) > 0 {
                taken = Some((i, j, gap, cont));
                break;
            }
        }
        let Some((i, j, gap, cont)) = taken else {
            break;
        };
        ext.ops.extend(gap);
        ext.ops.extend(cont.ops);
        ext.a = ea + i + cont.a;
        ext.b = eb + j + cont.b;
        made += 1;
    }
    made
}

/// The steps across an edit of `i` words of A and `j` of B from `(ea, eb)`.
fn gap_ops(w: &mut impl Words2, ea: usize, eb: usize, i: usize, j: usize) -> Vec<Op> {
    match (i, j) {
        (0, _) => vec![Op::OnlyB; j],
        (_, 0) => vec![Op::OnlyA; i],
        _ => global(&mut Shift {
            w,
            da: ea,
            db: eb,
            na: i,
            nb: j,
        }),
    }
}

/// Starts `(i, j)` (words past `(ea, eb)`) of runs of [`RUN`] equal words
/// within `na` × `nb` words, the first on each diagonal, nearest first, at
/// most [`TRIES`]. When the walk has codes for its words (the documents'
/// sketches), a cell is compared only when the codes of its run's words
/// agree: side B's runs of codes are marked in a bit set, so a window of
/// unrelated text costs a look-up per word.
fn candidates(
    w: &mut impl Words2,
    ea: usize,
    eb: usize,
    na: usize,
    nb: usize,
) -> Vec<(usize, usize)> {
    let (mut ca, mut cb) = ([WILD; WINDOW + RUN], [WILD; WINDOW + RUN]);
    let coded = (0..na).all(|i| w.code_a(ea + i).map(|c| ca[i] = c).is_some())
        && (0..nb).all(|j| w.code_b(eb + j).map(|c| cb[j] = c).is_some())
        && !ca[..na].contains(&WILD)
        && !cb[..nb].contains(&WILD);
    let mut found: Vec<(usize, usize)> = Vec::new();
    // The first run on each diagonal, its words compared.
    fn take(
        w: &mut impl Words2,
        (ea, eb): (usize, usize),
        (i, j): (usize, usize),
        found: &mut Vec<(usize, usize)>,
    ) {
        let d = j as isize - i as isize;
        if (i, j) != (0, 0)
            && !found.iter().any(|&(x, y)| y as isize - x as isize == d)
            && (0..RUN).all(|t| w.cmp(ea + i + t, eb + j + t) == Sim::Equal)
        {
            found.push((i, j));
        }
    }
    if coded {
        let run =
            |c: &[u8], t: usize| (0..RUN).fold(0usize, |x, u| (x << 4) | usize::from(c[t + u]));
        let mut seen = [0u64; 1 << (4 * RUN - 6)];
        for j in 0..=nb - RUN {
            let r = run(&cb, j);
            seen[r >> 6] |= 1 << (r & 63);
        }
        for i in 0..=na - RUN {
            let r = run(&ca, i);
            if seen[r >> 6] & (1 << (r & 63)) == 0 {
                continue;
            }
            for j in 0..=nb - RUN {
                if run(&cb, j) == r {
                    take(w, (ea, eb), (i, j), &mut found);
                }
            }
        }
    } else {
        for i in 0..=na - RUN {
            for j in 0..=nb - RUN {
                take(w, (ea, eb), (i, j), &mut found);
            }
        }
    }
    found.sort_by_key(|&(i, j)| (i + j, i));
    found.truncate(TRIES);
    found
}
