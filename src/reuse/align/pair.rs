//! From an anchor's two extensions to a reported pair: carrying them
//! across edits too long for the X-drop ([`bridge_ends`]), growing the
//! copy's edges to the lines it was pasted at, trimming fragments at
//! paragraph breaks, and the tests every reported pair must pass
//! ([`judge`]).

use super::*;

/// An anchor being aligned: its words on each side, whether both are in
/// one document, and the documents.
#[derive(Debug, Clone, Copy)]
pub(super) struct Anchored {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) same: bool,
    pub(super) da: u32,
    pub(super) db: u32,
}

/// Carries the extensions `left` and `right` of anchor `at` across edits
/// too long for the X-drop where what follows pays for them
/// ([`xdrop::bridge`]), and returns them as they were when a bridge was
/// made (`None` when none was): the caller judges both. Only a pair that
/// is a passage already (`min_piece` words on each side and the evidence
/// of two shingles) is carried on, so that phrases common to the
/// language, each too short to report, are never strung together into
/// one. `cap_a` is where side A must end (side B's start within one
/// document). The probe's hold (nothing solid within the X-drop's reach)
/// does not bound a bridge, which looks further.
pub(super) fn bridge_ends(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    at: Anchored,
    (left, right): (&mut xdrop::Extension, &mut xdrop::Extension),
    cap_a: usize,
    cfg: &AlignCfg,
) -> Option<(xdrop::Extension, xdrop::Extension)> {
    let Anchored { a, b, same, .. } = at;
    let k = cfg.k;
    if (left.a + k + right.a).min(left.b + k + right.b) < cfg.min_piece
        || xdrop::word_score(&left.ops) + xdrop::word_score(&right.ops) + xdrop::MATCH * (k as i32)
            < evidence(k)
    {
        return None;
    }
    let before = [
        (left.a, left.b, left.ops.len()),
        (right.a, right.b, right.ops.len()),
    ];
    let len = (cap_a - (a + k), rb.len() - (b + k));
    let held = (k + left.a, k + left.b);
    let mut walk = Walk::new(ra, rb, (a + k, b + k), len, true);
    let mut made = xdrop::bridge(&mut walk, right, held, cfg.min_piece);
    // Within one document side B may not start before side A ends.
    let b_floor = if same { a + k + right.a } else { 0 };
    let held = (k + right.a, k + right.b);
    let mut walk = Walk::new(ra, rb, (a, b), (a, b - b_floor), false);
    made += xdrop::bridge(&mut walk, left, held, cfg.min_piece);
    // A bridge only appends to its extension's steps.
    let part = |e: &xdrop::Extension, (a, b, n): (usize, usize, usize)| xdrop::Extension {
        a,
        b,
        ops: e.ops[..n].to_vec(),
    };
    (made > 0).then(|| (part(left, before[0]), part(right, before[1])))
}

/// Judges the pair that the extensions `left` and `right` of anchor `at`
/// make: grows its edges to lines, trims fragments at paragraph breaks,
/// and tests it as a reported pair must be. Returns the stretch walked
/// (covered) and the pair when it passes.
pub(super) fn judge(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    at: Anchored,
    left: xdrop::Extension,
    right: xdrop::Extension,
    cfg: &AlignCfg,
) -> (Found, Option<PairMatch>) {
    let Anchored { a, b, same, da, db } = at;
    let k = cfg.k;
    let b_start = b - left.b;
    let a0 = a - left.a;
    let mut a1 = a + k + right.a;
    let mut b1 = b + k + right.b;
    // The steps from the pair's start: the left extension's reversed, the
    // anchor's, then the right extension's, in the right one's buffer (a
    // copy of a whole long document is one alignment of millions of steps,
    // never held twice).
    let mut ops = right.ops;
    let head = left.ops.into_iter().rev();
    ops.splice(
        0..0,
        head.chain(std::iter::repeat_n(Op::Pair(Sim::Equal), k)),
    );
    let (mut a0, mut b_start) = (a0, b_start);
    // A copy's edges grown to the lines it was pasted at (see `edges`):
    // only pairs long enough to be reported (most anchors grow into a
    // chance phrase of a few words, not worth the look).
    if !same && a1 - a0 >= cfg.min_words && b1 - b_start >= cfg.min_words {
        let at = (a0, b_start);
        let grown_head = edges::grow(ra, rb, edges::End::Head, at, at, cfg.min_similarity);
        grow_to_lines(
            ra,
            rb,
            &mut ops,
            grown_head,
            (&mut a0, &mut b_start),
            (&mut a1, &mut b1),
            cfg,
        );
    }
    // The stretch the extension walked, head included: an anchor in a head
    // cut off below would only be grown into this same pair again (and cut
    // again), so it counts as covered.
    let (walked_a, walked_b) = (a0, b_start);
    let bar = Bar {
        k,
        min_words: cfg.min_words,
        min_similarity: cfg.min_similarity,
    };
    let breaks = Breaks::of(ra, rb, &ops, (a0, b_start));
    trim_leading_fragment(ra, rb, &mut ops, (&mut a0, &mut b_start), &breaks, bar);
    let ends = (&mut a1, &mut b1);
    trim_trailing_fragment(ra, rb, &mut ops, (a0, b_start), ends, &breaks, bar);
    let found = Found::Pair(Cover {
        a0: walked_a,
        a1: a1.max(a + k),
        b0: walked_b,
        b1: b1.max(b + k),
    });
    if a1 - a0 < cfg.min_words || b1 - b_start < cfg.min_words {
        return (found, None);
    }
    let matched = ops
        .iter()
        .filter(|o| matches!(o, Op::Pair(Sim::Equal | Sim::Near)))
        .count();
    let similarity = 2.0 * matched as f64 / ((a1 - a0) + (b1 - b_start)) as f64;
    if similarity + 1e-9 < cfg.min_similarity {
        return (found, None);
    }
    // A pair with differences must carry the evidence of two whole shingles:
    // two chance phrases bridged by a few words do not.
    if ops.iter().any(|o| *o != Op::Pair(Sim::Equal)) && xdrop::word_score(&ops) < evidence(k) {
        return (found, None);
    }
    if similarity + 1e-9 < TEMPLATE_SIMILARITY && slot_like(ra, rb, &ops, (a0, b_start)) {
        return (found, None);
    }
    let pair = PairMatch {
        a: side(ra, da, a0, a1),
        b: side(rb, db, b_start, b1),
        similarity: similarity.min(1.0),
    };
    (found, Some(pair))
}

/// Grows the pair of `ops` from words `(a0, b0)` to `(a1, b1)` at each end
/// to the line it was pasted at ([`edges::grow`]; the head's stretch, if
/// any, found already), each end only when the
/// pair as a whole stays as alike as a pair must be and keeps the evidence
/// of two shingles.
fn grow_to_lines(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    ops: &mut Vec<Op>,
    head: Option<(usize, usize, Vec<Op>)>,
    (a0, b0): (&mut usize, &mut usize),
    (a1, b1): (&mut usize, &mut usize),
    cfg: &AlignCfg,
) {
    let (na, nb) = (ra.len(), rb.len());
    let tail = edges::grow(
        ra,
        rb,
        edges::End::Tail,
        (*a1, *b1),
        (na.saturating_sub(*a1), nb.saturating_sub(*b1)),
        cfg.min_similarity,
    );
    if head.is_none() && tail.is_none() {
        return;
    }
    // The pair's own tally, once, for the tests below.
    let tally = |ops: &[Op]| {
        let matched = ops
            .iter()
            .filter(|o| matches!(o, Op::Pair(Sim::Equal | Sim::Near)))
            .count();
        let words: usize = ops.iter().map(|o| o.step().0 + o.step().1).sum();
        (matched, words, xdrop::word_score(ops))
    };
    let (mut matched, mut words, mut score) = tally(ops);
    let mut keeps = |add: &[Op]| {
        let (m, w, s) = tally(add);
        let ok = 2.0 * (matched + m) as f64 + 1e-9 >= cfg.min_similarity * (words + w) as f64
            && score + s >= evidence(cfg.k);
        if ok {
            (matched, words, score) = (matched + m, words + w, score + s);
        }
        ok
    };
    if let Some((t, u, add)) = head
        && keeps(&add)
    {
        ops.splice(0..0, add);
        *a0 -= t;
        *b0 -= u;
    }
    if let Some((t, u, add)) = tail
        && keeps(&add)
    {
        ops.extend(add);
        *a1 += t;
        *b1 += u;
    }
}

/// Below this similarity a pair whose differences are mostly numbers and
/// identifiers is a filled-in template, not an edited copy (see [`slot_like`]).
const TEMPLATE_SIMILARITY: f64 = 0.8;

/// True when at least a third of the words that differ between the two sides
/// (replaced, inserted or dropped) are *slots*: words holding a digit, `_` or
/// an inner `.` (version numbers, commit ids, issue numbers, dates, file and
/// host names) — changelog lines and generated listings between equal frames,
/// whose shared words are the template. Edited prose changes words, not
/// numbers and file names. The pair starts at words `(a0, b0)`.
fn slot_like(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    ops: &[Op],
    (a0, b0): (usize, usize),
) -> bool {
    let has_digit = |r: &mut Region<'_>, i: usize| {
        r.get(i).is_some_and(|w| {
            r.text()[w.start as usize..w.end as usize]
                .bytes()
                .any(|c| c.is_ascii_digit() || c == b'_' || c == b'.')
        })
    };
    let (mut x, mut y) = (a0, b0);
    let (mut differ, mut digits) = (0usize, 0usize);
    for o in ops {
        match o {
            Op::Pair(Sim::Equal) => {}
            Op::Pair(_) => {
                differ += 2;
                digits += usize::from(has_digit(ra, x)) + usize::from(has_digit(rb, y));
            }
            Op::OnlyA => {
                differ += 1;
                digits += usize::from(has_digit(ra, x));
            }
            Op::OnlyB => {
                differ += 1;
                digits += usize::from(has_digit(rb, y));
            }
        }
        let (dx, dy) = o.step();
        x += dx;
        y += dy;
    }
    differ > 0 && digits * 3 >= differ
}
