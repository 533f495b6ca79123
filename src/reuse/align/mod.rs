//! Alignment: grows an anchor (two equal shingles) into a pair of passages at
//! their natural, maximal extent, and scores their similarity.
//!
//! From the anchor's `k` equal words the engine runs the X-drop gapped
//! extension of [`super::xdrop`] to the right and to the left: it takes equal
//! words, bridges replaced, inserted and dropped words (alone or in bursts),
//! credits near-equal words (OCR and typing errors) and stops once the score
//! falls [`super::xdrop::X_DROP`] below its best, trimming each end back to
//! the best-scoring point that closes a run of equal words. A passage does not
//! end on a short fragment that begins a new paragraph (after a blank line).
//!
//! Chance anchors are cheap (BLAST's two-hit rule, see [`align_pair`]): an
//! anchor is first extended ungapped along its diagonal, and the gapped
//! extension starts only when that scores [`trigger`] or a second anchor lies
//! nearby on the same diagonal band. Across documents, the documents'
//! sketches (`reuse::chance`) rule out most chance anchors before their
//! words are read, with the same result.
//!
//! Two words are equal when their keys are, or their OCR-folded seed keys
//! ([`crate::segment::seed_hash`]: `c0pyright` and `copyright`); near-equal
//! words ([`xdrop::near_equal`]) are credited less.
//!
//! Similarity is the Dice ratio of that same alignment, `2·matched / (len_a +
//! len_b)` (near-equal words count as matched); a pair below the minimum, or
//! with differences and a score below [`evidence`], is not reported. Nor is a
//! pair below 0.8 whose differences are mostly numbers, ids and file names (a
//! filled-in template such as a changelog line, see `slot_like`): the
//! default minimum is 0.7 because a copy with 30% of its words edited has a
//! Dice ratio of about 0.8, but templates sit in the same range.
//!
//! Within one document side B always lies after side A. When the two sides
//! touch (a text repeated back to back), the pair is a *tandem repeat*: the
//! whole periodic stretch is found by one walk along its diagonal and cut into
//! consecutive copies at a common phase, so `N` back-to-back copies give `N`
//! occurrences in time linear in the text.

use super::chance;
use super::index::Anchor;
use super::words::{Region, Word};
use super::xdrop::{self, Op, Sim, Words2};

/// Settings for alignment (derived from [`super::Params`]).
#[derive(Debug, Clone, Copy)]
pub struct AlignCfg {
    /// Shingle length: the anchor's run of equal words.
    pub k: usize,
    /// Fewest words on each side of a reported pair.
    pub min_words: usize,
    /// Fewest words on each side of the two pieces an edit on both sides
    /// lies between, for the extension to be carried across it
    /// (`xdrop::bridge`): a passage's `min_words`, as in chaining.
    pub min_piece: usize,
    /// Lowest similarity of a reported pair.
    pub min_similarity: f64,
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

/// Within one document (anchors sorted by offset, not by position), how
/// many of the latest alignments are checked for covering the next anchor.
const RECENT: usize = 32;

/// The two regions seen from an origin, walking right (`forward`) or left.
struct Walk<'r, 'a, 'b> {
    ra: &'r mut Region<'a>,
    rb: &'r mut Region<'b>,
    a0: usize,
    b0: usize,
    len_a: usize,
    len_b: usize,
    forward: bool,
}

impl<'r, 'a, 'b> Walk<'r, 'a, 'b> {
    /// The regions seen from `(a0, b0)`, with `len` words of each side,
    /// walking right (`forward`) or left.
    fn new(
        ra: &'r mut Region<'a>,
        rb: &'r mut Region<'b>,
        (a0, b0): (usize, usize),
        (len_a, len_b): (usize, usize),
        forward: bool,
    ) -> Self {
        Walk {
            ra,
            rb,
            a0,
            b0,
            len_a,
            len_b,
            forward,
        }
    }
}

impl Words2 for Walk<'_, '_, '_> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        if self.forward {
            compare(self.ra, self.rb, self.a0 + i, self.b0 + j)
        } else {
            compare(self.ra, self.rb, self.a0 - 1 - i, self.b0 - 1 - j)
        }
    }
    fn len_a(&self) -> usize {
        self.len_a
    }
    fn len_b(&self) -> usize {
        self.len_b
    }
    fn equal_ahead(&mut self, i: usize, j: usize) -> usize {
        if self.forward {
            identical_ahead(self.ra, self.rb, self.a0 + i, self.b0 + j)
        } else {
            0
        }
    }
    fn code_a(&mut self, i: usize) -> Option<u8> {
        let at = if self.forward {
            self.a0 + i
        } else {
            self.a0 - 1 - i
        };
        let s = self.ra.sketch()?;
        (at < s.len()).then(|| s.get(at))
    }
    fn code_b(&mut self, j: usize) -> Option<u8> {
        let at = if self.forward {
            self.b0 + j
        } else {
            self.b0 - 1 - j
        };
        let s = self.rb.sketch()?;
        (at < s.len()).then(|| s.get(at))
    }
    fn blank_across(&mut self, a: usize, n: usize, b: usize, m: usize) -> bool {
        let forward = self.forward;
        let blank = |r: &mut Region<'_>, o: usize, t: usize, len: usize| {
            // The words on either side of the edit, in text order.
            let (before, after) = if forward {
                (o + t - 1, o + t + len)
            } else {
                (o - t - len - 1, o - t)
            };
            match (r.span(before), r.span(after)) {
                (Some(x), Some(y)) if x.end < y.start => {
                    crate::reuse::lines::has_blank_line(&r.text()[x.end as usize..y.start as usize])
                }
                _ => false,
            }
        };
        blank(self.ra, self.a0, a, n) || blank(self.rb, self.b0, b, m)
    }
}

/// Aligns every uncovered anchor of one document pair (anchors sorted by `a`).
///
/// Chance anchors (a common phrase shared by unrelated text) are made cheap
/// by BLAST's two-hit rule: an anchor is first extended *ungapped* along its
/// diagonal (keys only, X-drop); only when that scores at least
/// [`trigger`] (a solid run of `k + 2` equal words, or a run with scattered
/// replacements worth as much), or when a second anchor lies on the same
/// diagonal band nearby, does the gapped extension start. Anchors inside a
/// stretch already aligned (or already found wanting) are skipped: across
/// documents, where anchors come sorted by `a`, the check is exact over the
/// stretches still open at `a`.
pub fn align_pair(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    anchors: &[Anchor],
    cfg: &AlignCfg,
) -> Vec<PairMatch> {
    let same = anchors.first().is_some_and(|x| x.da == x.db);
    // Within one document, shorter offsets first: the true period of a
    // repeated text is found before its multiples.
    let mut sorted;
    let anchors = if same && !anchors.is_sorted_by_key(|x| (x.b - x.a, x.a)) {
        sorted = anchors.to_vec();
        sorted.sort_unstable_by_key(|x| (x.b - x.a, x.a));
        &sorted[..]
    } else {
        anchors
    };
    align_pair_part(ra, rb, anchors, 0..anchors.len(), cfg, None)
}

/// [`align_pair`] for the anchors `range` of `anchors` only, the others
/// still seen as neighbours (each anchor's second hit and chance test look
/// at its neighbours in the whole list). Within one document the anchors
/// must be sorted by offset, then position (as `align_pair` sorts them):
/// a document pair too large for one task is aligned a part at a time,
/// each part not knowing what the parts before it covered (within one
/// document only the latest stretches are checked anyway, so a missed
/// cover repeats an alignment that clustering merges).
pub fn align_pair_part(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    anchors: &[Anchor],
    range: std::ops::Range<usize>,
    cfg: &AlignCfg,
    shared: Option<&SharedCovers>,
) -> Vec<PairMatch> {
    let same = anchors.first().is_some_and(|x| x.da == x.db);
    let (da, db) = anchors.first().map_or((0, 0), |x| (x.da, x.db));
    let mut covered: Vec<Cover> = Vec::new();
    let mut tandems: Vec<Tandem> = Vec::new();
    let mut out = Vec::new();
    for (idx, an) in anchors.iter().enumerate().take(range.end).skip(range.start) {
        let (a, b) = (an.a as usize, an.b as usize);
        let hit = |c: &Cover| a >= c.a0 && a < c.a1 && b >= c.b0 && b < c.b1;
        if same {
            // Sorted by offset: only recent stretches can cover (bounded
            // check, linear on periodic text; a missed cover only repeats
            // work that clustering merges anyway).
            if covered.iter().rev().take(RECENT).any(hit) {
                continue;
            }
            if tandems
                .iter()
                .rev()
                .take(RECENT)
                .any(|t| a >= t.start && b < t.end && (b - a) % t.period == 0)
            {
                continue;
            }
            if cannot_trigger_within(ra, anchors, idx, cfg.k) {
                continue;
            }
            if shared.is_some_and(|s| s.cover(a, b)) {
                continue;
            }
        } else {
            // Sorted by `a`: a stretch ending at or before `a` covers no
            // later anchor, so the open ones are exactly those to check.
            covered.retain(|c| c.a1 > a);
            if covered.iter().any(hit) {
                continue;
            }
            if cannot_matter(ra, rb, anchors, idx, cfg.k) {
                continue;
            }
        }
        // With a second hit the gapped extension starts anyway (and checks
        // the anchor's words itself): the ungapped walk would decide nothing.
        let mut hold = Hold::default();
        if !second_hit(anchors, idx, same, cfg.k) {
            let Some(u) = ungapped(ra, rb, a, b, same, cfg.k) else {
                continue;
            };
            if u.score < trigger(cfg.k) {
                covered.push(u.cover);
                continue;
            }
            if !same {
                hold = Hold::probe(ra, rb, &u.cover, b, cfg.k);
            }
        }
        if let Some(t) = align_anchor(ra, rb, a, b, same, da, db, hold, cfg, &mut out) {
            match t {
                Found::Pair(c) => {
                    if same && let Some(s) = shared {
                        s.publish(c);
                    }
                    covered.push(c);
                }
                Found::Tandem(t) => tandems.push(t),
            }
        }
    }
    out
}

/// Ungapped score that starts a gapped extension on its own: a solid run of
/// `k + 2` equal words (or a run with scattered replacements worth as much).
pub fn trigger(k: usize) -> i32 {
    xdrop::MATCH * (k as i32 + 2)
}

/// Lowest alignment score of a reported pair with differences: that of two
/// whole shingles copied exactly (`2k` equal words).
pub fn evidence(k: usize) -> i32 {
    xdrop::MATCH * 2 * k as i32
}

/// Where the gapped extension of an anchor is held to its ungapped stretch
/// (see [`probe`]): the stretch's first words `(a0, b0)` when nothing solid
/// lies before them, its ends `(a1, b1)` when nothing solid lies after.
#[derive(Debug, Clone, Copy, Default)]
struct Hold {
    left: Option<(usize, usize)>,
    right: Option<(usize, usize)>,
}

impl Hold {
    /// Probes both ends of the ungapped stretch `c` of an anchor across
    /// documents whose `k` words on side B start at word `b` (each way the
    /// gapped extension reads side B from there).
    fn probe(ra: &mut Region<'_>, rb: &mut Region<'_>, c: &Cover, b: usize, k: usize) -> Hold {
        let right = !probe::solid_ahead(ra, rb, (c.a1, c.b1), true, b + k..usize::MAX);
        let left = !probe::solid_ahead(ra, rb, (c.a0, c.b0), false, 0..b);
        Hold {
            left: left.then_some((c.a0, c.b0)),
            right: right.then_some((c.a1, c.b1)),
        }
    }
}

/// The ungapped X-drop extension of an anchor along its diagonal.
struct Ungapped {
    /// Its score: the anchor's `k` words plus the best of each side.
    score: i32,
    /// The stretch it spans.
    cover: Cover,
}

/// Extends the anchor at `(a, b)` along its diagonal both ways, comparing
/// keys only (equal `+MATCH`, else `MISMATCH`), each way up to its best
/// score before the score falls [`xdrop::X_DROP`] below it. `None` when the
/// anchor's shingles are not in fact equal (a hash collision).
fn ungapped(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    a: usize,
    b: usize,
    same: bool,
    k: usize,
) -> Option<Ungapped> {
    if !(0..k).all(|t| ra.get(a + t).is_some() && same_word(ra, rb, a + t, b + t)) {
        return None;
    }
    let walk = |ra: &mut Region<'_>, rb: &mut Region<'_>, steps: usize, forward: bool| {
        let (mut score, mut best, mut best_at) = (0i32, 0i32, 0usize);
        let mut t = 0;
        let mut next_try = 0;
        while t < steps {
            let (x, y) = if forward {
                (a + k + t, b + k + t)
            } else {
                (a - 1 - t, b - 1 - t)
            };
            // Identical text taken at once (see `identical_ahead`): every
            // step of it would add MATCH and be the best so far.
            if forward && next_try == 0 && score == best {
                let n = identical_ahead(ra, rb, x, y).min(steps - t);
                next_try = xdrop::EQUAL_AHEAD_EVERY;
                if n > 0 {
                    score += xdrop::MATCH * n as i32;
                    best = score;
                    t += n;
                    best_at = t;
                    continue;
                }
            }
            next_try = next_try.saturating_sub(1);
            t += 1;
            score += if same_word(ra, rb, x, y) {
                xdrop::MATCH
            } else {
                xdrop::MISMATCH
            };
            if score > best {
                best = score;
                best_at = t;
            } else if score < best - xdrop::X_DROP {
                break;
            }
        }
        (best, best_at)
    };
    // Within one document side A stays before side B.
    let right_steps = if same {
        b.saturating_sub(a + k).min(rb.len() - (b + k))
    } else {
        (ra.len() - (a + k)).min(rb.len() - (b + k))
    };
    let left_steps = if same {
        a.min(b - (a + k).min(b))
    } else {
        a.min(b)
    };
    let (r, r_at) = walk(ra, rb, right_steps, true);
    let (l, l_at) = walk(ra, rb, left_steps, false);
    Some(Ungapped {
        score: xdrop::MATCH * k as i32 + r + l,
        cover: Cover {
            a0: a - l_at,
            a1: a + k + r_at,
            b0: b - l_at,
            b1: b + k + r_at,
        },
    })
}

/// What one anchor gave.
enum Found {
    /// An aligned pair (or one found wanting) covering these word ranges.
    Pair(Cover),
    /// A tandem repeat.
    Tandem(Tandem),
}

/// Grows the anchor at `(a, b)` into a pair and reports it when it passes.
#[allow(clippy::too_many_arguments)]
fn align_anchor(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    a: usize,
    b: usize,
    same: bool,
    da: u32,
    db: u32,
    hold: Hold,
    cfg: &AlignCfg,
    out: &mut Vec<PairMatch>,
) -> Option<Found> {
    let k = cfg.k;
    // A hash collision: the shingles are not in fact equal.
    if !(0..k).all(|t| compare(ra, rb, a + t, b + t) == Sim::Equal) {
        return None;
    }
    let (na, nb) = (ra.len(), rb.len());
    let limit_b = if same { a + k } else { 0 };
    let left_len = (
        a - hold.left.map_or(0, |h| h.0),
        b - limit_b.max(hold.left.map_or(0, |h| h.1)),
    );
    let mut left = xdrop::extend(&mut Walk::new(ra, rb, (a, b), left_len, false), k as u32);
    let b_start = b - left.b;
    let cap_a = if same { b_start } else { na };
    let right_len = (
        cap_a.min(hold.right.map_or(na, |h| h.0)) - (a + k),
        nb.min(hold.right.map_or(nb, |h| h.1)) - (b + k),
    );
    let mut right = xdrop::extend(
        &mut Walk::new(ra, rb, (a + k, b + k), right_len, true),
        k as u32,
    );
    if same && a + k + right.a == b - left.b {
        return tandem(ra, a, b - a, da, cfg, out).map(Found::Tandem);
    }
    // A copy cut by an edit too long for the X-drop is carried across it
    // when what follows pays for it (`xdrop::bridge`): only pairs that are
    // a passage already (`min_piece` words on each side and the evidence of
    // two shingles), so that phrases common to the language, each too
    // short to report, are never strung together into one. The
    // pair so carried is judged as any pair, and so is the pair without
    // it: the longer that passes is kept (what the bridge added may be a
    // common phrase after all, or end a passage at another paragraph break).
    let mut plain = None;
    let strong = xdrop::score(&left.ops) + xdrop::score(&right.ops) + xdrop::MATCH * k as i32
        >= evidence(k)
        && (left.a + k + right.a).min(left.b + k + right.b) >= cfg.min_piece;
    if strong {
        let before = [
            (left.a, left.b, left.ops.len()),
            (right.a, right.b, right.ops.len()),
        ];
        // The probe's hold (nothing solid within the X-drop's reach) does
        // not bound a bridge, which looks further.
        let len = (cap_a - (a + k), nb - (b + k));
        let mut walk = Walk::new(ra, rb, (a + k, b + k), len, true);
        let held = (k + left.a, k + left.b);
        let mut made = xdrop::bridge(&mut walk, &mut right, held, cfg.min_piece);
        // Within one document side B may not start before side A ends.
        let a_end = if same { a + k + right.a } else { 0 };
        let len = (a, b - limit_b.max(a_end));
        let mut walk = Walk::new(ra, rb, (a, b), len, false);
        let held = (k + right.a, k + right.b);
        made += xdrop::bridge(&mut walk, &mut left, held, cfg.min_piece);
        if made > 0 {
            // A bridge only appends to its extension's steps.
            let part = |e: &xdrop::Extension, (a, b, n): (usize, usize, usize)| xdrop::Extension {
                a,
                b,
                ops: e.ops[..n].to_vec(),
            };
            plain = Some((part(&left, before[0]), part(&right, before[1])));
        }
    }
    let at = Anchored { a, b, same, da, db };
    let (mut found, mut pair) = judge(ra, rb, at, left, right, cfg);
    if let Some((left, right)) = plain {
        let (found0, pair0) = judge(ra, rb, at, left, right, cfg);
        let words = |p: &Option<PairMatch>| p.map_or(0, |p| p.a.w1 - p.a.w0 + p.b.w1 - p.b.w0);
        if words(&pair0) > words(&pair) {
            (found, pair) = (found0, pair0);
        }
    }
    out.extend(pair);
    Some(found)
}

/// An anchor being aligned: its words on each side, whether both are in
/// one document, and the documents.
#[derive(Debug, Clone, Copy)]
struct Anchored {
    a: usize,
    b: usize,
    same: bool,
    da: u32,
    db: u32,
}

/// Judges the pair that the extensions `left` and `right` of anchor `at`
/// make: grows its edges to lines, trims fragments at paragraph breaks,
/// and tests it as a reported pair must be. Returns the stretch walked
/// (covered) and the pair when it passes.
fn judge(
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
    if ops.iter().any(|o| *o != Op::Pair(Sim::Equal)) && xdrop::score(&ops) < evidence(k) {
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
        (matched, words, xdrop::score(ops))
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

fn side(r: &mut Region<'_>, doc: u32, w0: usize, w1: usize) -> Side {
    Side {
        doc,
        w0: w0 as u32,
        w1: w1 as u32,
        b0: r.get(w0).map_or(0, |w| w.start),
        b1: r.get(w1 - 1).map_or(0, |w| w.end),
    }
}

mod compare;
mod edges;
mod fragments;
mod probe;
mod skip;
use compare::{compare, identical_ahead, same_word};
#[cfg(test)]
use fragments::breaks_in;
#[cfg(test)]
use fragments::paragraph_break_before;
use fragments::{Bar, Breaks, trim_leading_fragment, trim_trailing_fragment};
pub use skip::SharedCovers;
pub(super) use skip::second_hit;
use skip::{Cover, cannot_matter, cannot_trigger_within};
mod tandem;
use tandem::{Tandem, tandem};

#[cfg(test)]
mod tests;
