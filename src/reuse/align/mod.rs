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

    /// The document word that word `i` of side A is, seen from the origin.
    fn at_a(&self, i: usize) -> usize {
        if self.forward {
            self.a0 + i
        } else {
            self.a0 - 1 - i
        }
    }

    /// The document word that word `j` of side B is, seen from the origin.
    fn at_b(&self, j: usize) -> usize {
        if self.forward {
            self.b0 + j
        } else {
            self.b0 - 1 - j
        }
    }
}

impl Words2 for Walk<'_, '_, '_> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        let (a, b) = (self.at_a(i), self.at_b(j));
        compare(self.ra, self.rb, a, b)
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
        let at = self.at_a(i);
        let s = self.ra.sketch()?;
        (at < s.len()).then(|| s.get(at))
    }
    fn code_b(&mut self, j: usize) -> Option<u8> {
        let at = self.at_b(j);
        let s = self.rb.sketch()?;
        (at < s.len()).then(|| s.get(at))
    }
    fn gap_a(&mut self, i: usize) -> i32 {
        let at = self.at_a(i);
        xdrop::gap(self.ra.is_cjk(at))
    }
    fn gap_b(&mut self, j: usize) -> i32 {
        let at = self.at_b(j);
        xdrop::gap(self.rb.is_cjk(at))
    }
    fn blank_across(&mut self, a: usize, n: usize, b: usize, m: usize) -> bool {
        // The words a blank line may precede, from the first after the
        // pair's end to the continuation's first, in text order.
        let forward = self.forward;
        let words = |o: usize, t: usize, len: usize| {
            if forward {
                (o + t, o + t + len + 1)
            } else {
                (o - t - len, o - t + 1)
            }
        };
        let (lo, hi) = words(self.a0, a, n);
        let (lo_b, hi_b) = words(self.b0, b, m);
        !breaks_in(self.ra, lo, hi).is_empty() || !breaks_in(self.rb, lo_b, hi_b).is_empty()
    }
}

/// A [`Walk`] whose words' sketch codes, spans and letter masks are read
/// once, for a table that compares every word of one side with many of
/// the other (an edge's, see `edges`). Two words whose codes differ are
/// near-equal at best, and most such pairs are ruled out by their lengths
/// or letter masks ([`compare::near`]'s first tests) without going back to
/// the regions. Compares as [`Walk`] does.
struct Known<'w, 'r, 'a, 'b> {
    walk: &'w mut Walk<'r, 'a, 'b>,
    /// Each word of side A…
    a: Vec<Seen>,
    /// …and of side B.
    b: Vec<Seen>,
}

/// What [`Known`] holds of a word.
#[derive(Clone, Copy)]
struct Seen {
    /// Its sketch code, when its document has one.
    code: Option<u8>,
    /// Its byte span.
    start: u32,
    end: u32,
    /// Its letter mask, once asked for.
    mask: Option<u32>,
}

impl<'w, 'r, 'a, 'b> Known<'w, 'r, 'a, 'b> {
    /// The walk with its words' codes and spans read.
    fn new(walk: &'w mut Walk<'r, 'a, 'b>) -> Self {
        let seen = |r: &mut Region<'_>, at: usize, code: Option<u8>| {
            let (start, end) = r.span(at).map_or((0, 0), |w| (w.start, w.end));
            Seen {
                code,
                start,
                end,
                mask: None,
            }
        };
        let a = (0..walk.len_a)
            .map(|i| {
                let code = walk.code_a(i);
                seen(walk.ra, walk.at_a(i), code)
            })
            .collect();
        let b = (0..walk.len_b)
            .map(|j| {
                let code = walk.code_b(j);
                seen(walk.rb, walk.at_b(j), code)
            })
            .collect();
        Known { walk, a, b }
    }
}

impl Known<'_, '_, '_, '_> {
    /// False when word `i` of side A and word `j` of side B certainly
    /// differ: their codes differ (so they are near-equal at best) and
    /// their lengths or letter masks rule near-equality out
    /// ([`compare::may_be_near`], the first tests of [`compare::near`]).
    /// Whatever compares equal or near-equal passes.
    fn may_match(&mut self, i: usize, j: usize) -> bool {
        let (x, y) = (self.a[i], self.b[j]);
        let (Some(cx), Some(cy)) = (x.code, y.code) else {
            return true;
        };
        if chance::same(cx, cy) {
            return true;
        }
        let (lx, ly) = ((x.end - x.start) as usize, (y.end - y.start) as usize);
        compare::may_be_near(lx, ly, || {
            (
                mask_of(&mut self.a[i], self.walk.ra.text()),
                mask_of(&mut self.b[j], self.walk.rb.text()),
            )
        })
    }

    /// For each number `t` of side A's words (0 to all), a bit vector
    /// from which [`most_matched`] reads the most words any alignment of
    /// A's first `t` words with B's first `u` can match: the longest common
    /// subsequence of the two under [`Known::may_match`], by the
    /// bit-parallel algorithm (Allison and Dix; Hyyrö), one 64-bit word per
    /// row. Side B has at most 63 words.
    fn match_rows(&mut self) -> Vec<u64> {
        let (na, nb) = (self.a.len(), self.b.len());
        debug_assert!(nb < 64);
        let masks: Vec<u64> = (0..na)
            .map(|i| {
                (0..nb)
                    .filter(|&j| self.may_match(i, j))
                    .fold(0, |m, j| m | 1 << j)
            })
            .collect();
        lcs_rows(&masks)
    }
}

/// The bit-parallel longest common subsequence: given for each word of
/// side A the bits of the words of side B (at most 63) it may match, the
/// state after each number of A's words (see [`most_matched`]).
fn lcs_rows(masks: &[u64]) -> Vec<u64> {
    let mut rows = Vec::with_capacity(masks.len() + 1);
    let mut v = u64::MAX;
    rows.push(v);
    for &m in masks {
        let u = v & m;
        v = v.wrapping_add(u) | (v - u);
        rows.push(v);
    }
    rows
}

/// The most words an alignment of side A's first `t` words with side B's
/// first `u` can match, from [`Known::match_rows`]'s row `t`: the zero
/// bits among its lowest `u`.
fn most_matched(row: u64, u: usize) -> usize {
    let low = if u >= 64 { u64::MAX } else { (1u64 << u) - 1 };
    u - (row & low).count_ones() as usize
}

/// The letter mask of `w`, a word of `text`, computed on first use.
fn mask_of(w: &mut Seen, text: &str) -> u32 {
    *w.mask
        .get_or_insert_with(|| xdrop::letter_mask(&text[w.start as usize..w.end as usize]))
}

impl Words2 for Known<'_, '_, '_, '_> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        if !self.may_match(i, j) {
            return Sim::Differ;
        }
        self.walk.cmp(i, j)
    }
    fn len_a(&self) -> usize {
        self.walk.len_a
    }
    fn len_b(&self) -> usize {
        self.walk.len_b
    }
    fn gap_a(&mut self, i: usize) -> i32 {
        self.walk.gap_a(i)
    }
    fn gap_b(&mut self, j: usize) -> i32 {
        self.walk.gap_b(j)
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
/// whole shingles copied exactly (`2k` equal words), the pair scored with
/// every gap at a word's cost ([`xdrop::word_score`]).
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
    let at = Anchored { a, b, same, da, db };
    // A bridged pair is judged as any pair, and so is the pair without
    // what the bridges added: the longer that passes is kept (what was
    // added may be a common phrase after all, or end the passage at
    // another paragraph break).
    let plain = bridge_ends(ra, rb, at, (&mut left, &mut right), cap_a, cfg);
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
mod pair;
mod probe;
mod skip;
use compare::{compare, identical_ahead, same_word};
use fragments::breaks_in;
#[cfg(test)]
use fragments::paragraph_break_before;
use fragments::{Bar, Breaks, trim_leading_fragment, trim_trailing_fragment};
use pair::{Anchored, bridge_ends, judge};
pub use skip::SharedCovers;
pub(super) use skip::second_hit;
use skip::{Cover, cannot_matter, cannot_trigger_within};
mod tandem;
use tandem::{Tandem, tandem};

#[cfg(test)]
mod tests;
