//! Chance document pairs, rejected before their text is read.
//!
//! On prose, most document pairs the index joins share one phrase of the
//! language by chance (a run of five common words that recurs in a few
//! places); alignment's two-hit rule ([`super::align::align_pair`]) rejects
//! each of them — its anchors' *ungapped* extension scores below
//! [`super::align::trigger`] and no second anchor lies near — but only after
//! both documents were tokenised around the anchor. On 100 MB of Markov prose
//! that was 780 k of 900 k document pairs and most of the alignment time.
//!
//! The index keeps a [`Sketch`] of each document: four bits per word, the
//! top bits of its seed key ([`code`]), filled while it hashes the seeds
//! anyway (half a byte per word: about a twelfth of English text).
//! [`worth_aligning`] repeats the ungapped extension on those codes. Equal
//! words have equal codes (a word whose key is ASCII but whose text is not, a
//! ligature or a full-width form, gets a [`WILD`] code that equals anything,
//! since its seed key is computed on other bytes than an ASCII spelling's),
//! so every step scores at least what it scores on the words; an X-drop walk
//! whose steps score at least as much stops no earlier and reaches at least
//! the same best. The sketch's score is thus an upper bound of the real one:
//! a pair is skipped only when no anchor could pass on its words either, and
//! results are identical. Different words share a code one time in fifteen,
//! which lets a few chance pairs through to alignment, where they fail as
//! before. Pairs within one document (tandem repeats, their own rules) are
//! never skipped.
//!
//! Alignment keeps using the sketches (freed when it ends): within a pair
//! worth aligning, an anchor whose walk on codes ([`ungapped_reach`]) cannot
//! reach the trigger, that has no second hit and whose stretch could hold no
//! later anchor is skipped unread, and two words whose codes differ are
//! known to differ without hashing them (see `align::cannot_matter`).

use super::align;
use super::index::{Anchor, Profiles};
use super::xdrop;

/// A code that equals any other (see the module doc).
pub const WILD: u8 = 0;

/// The code kept for a word of seed key `seed`: its top four bits (never
/// [`WILD`]), or [`WILD`] when `wild`.
pub fn code(seed: u64, wild: bool) -> u8 {
    if wild {
        WILD
    } else {
        ((seed >> 60) as u8).max(1)
    }
}

/// True when two words with codes `x` and `y` may be the same word (or
/// the same by seed key): equal codes, or either is the wild code.
pub fn same(x: u8, y: u8) -> bool {
    x == y || x == WILD || y == WILD
}

/// One document's words as 4-bit codes ([`code`]), two to a byte: a view
/// of the codes the index keeps for all documents together (see
/// `index::Profiles`), built with a [`SketchBuilder`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Sketch<'a> {
    nibbles: &'a [u8],
    len: usize,
}

impl<'a> Sketch<'a> {
    /// The sketch of `len` words whose codes are `nibbles` (two to a byte,
    /// as [`SketchBuilder`] packs them).
    pub fn new(nibbles: &'a [u8], len: usize) -> Self {
        debug_assert_eq!(nibbles.len(), len.div_ceil(2));
        Sketch { nibbles, len }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no word was kept.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The code of word `i` (`i < len`).
    pub(crate) fn get(&self, i: usize) -> u8 {
        (self.nibbles[i / 2] >> (4 * (i % 2))) & 0xF
    }
}

/// A [`Sketch`] being built, a word at a time.
#[derive(Debug, Default)]
pub struct SketchBuilder {
    nibbles: Vec<u8>,
    len: usize,
}

impl SketchBuilder {
    /// An empty sketch with room for `words` codes.
    pub fn with_capacity(words: usize) -> Self {
        SketchBuilder {
            nibbles: Vec::with_capacity(words.div_ceil(2)),
            len: 0,
        }
    }

    /// Appends the code of the next word.
    pub fn push(&mut self, code: u8) {
        if self.len.is_multiple_of(2) {
            self.nibbles.push(code & 0xF);
        } else if let Some(last) = self.nibbles.last_mut() {
            *last |= (code & 0xF) << 4;
        }
        self.len += 1;
    }

    /// The codes, two to a byte, and their number.
    pub fn into_parts(self) -> (Vec<u8>, usize) {
        (self.nibbles, self.len)
    }
}

/// An upper bound of the ungapped score of the anchor at words `(a, b)` of
/// two different documents sketched as `sa` and `sb` (the score of
/// [`super::align`]'s ungapped extension: `k` equal words, then each way the
/// best of an X-drop walk along the diagonal). `None` when the anchor's own
/// `k` words differ (a hash collision: alignment skips it too).
fn ungapped_bound(sa: &Sketch, sb: &Sketch, a: usize, b: usize, k: usize) -> Option<i32> {
    ungapped_reach(sa, sb, a, b, k).map(|r| r.score)
}

/// The walk on codes of an anchor: an upper bound of its ungapped score and
/// how far each way the walk on the words can possibly reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// Upper bound of the ungapped score ([`ungapped_bound`]).
    pub score: i32,
    /// Words walked to the left of the anchor: the walk on the words stops
    /// no later, so its stretch starts at `a - left` or after.
    pub left: usize,
    /// Words walked to the right of the anchor's `k` words: the stretch on
    /// the words ends at `a + k + right` or before.
    pub right: usize,
}

/// [`ungapped_bound`] with the reach of each walk. An X-drop walk whose
/// every step scores at least as much stops no earlier: at each step its
/// score exceeds the real one by the extra credit so far, and its best by at
/// most that much, so it is never further below its best than the real walk
/// is. The real stretch thus lies within the codes' walk.
pub fn ungapped_reach(sa: &Sketch, sb: &Sketch, a: usize, b: usize, k: usize) -> Option<Reach> {
    if !shingle_same(sa, sb, a, b, k) {
        return None;
    }
    let right_steps = (sa.len() - (a + k)).min(sb.len() - (b + k));
    let (right, right_reach) = walk(sa, sb, right_steps, i32::MAX, &|t| (a + k + t, b + k + t));
    let (left, left_reach) = walk(sa, sb, a.min(b), i32::MAX, &|t| (a - 1 - t, b - 1 - t));
    Some(Reach {
        score: xdrop::MATCH * k as i32 + right + left,
        left: left_reach,
        right: right_reach,
    })
}

/// True when the `k` codes from `a` in `sa` and from `b` in `sb` may be the
/// same words (both within their sketches).
fn shingle_same(sa: &Sketch, sb: &Sketch, a: usize, b: usize, k: usize) -> bool {
    a + k <= sa.len() && b + k <= sb.len() && (0..k).all(|t| same(sa.get(a + t), sb.get(b + t)))
}

/// One way of the codes' X-drop walk, `steps` at most, step `t` comparing
/// the codes at `at(t)`: its best score and the steps taken. It also stops
/// once its best reaches `enough`.
fn walk(
    sa: &Sketch,
    sb: &Sketch,
    steps: usize,
    enough: i32,
    at: &dyn Fn(usize) -> (usize, usize),
) -> (i32, usize) {
    let (mut score, mut best) = (0i32, 0i32);
    for t in 0..steps {
        if best >= enough {
            return (best, t);
        }
        let (x, y) = at(t);
        score += if same(sa.get(x), sb.get(y)) {
            xdrop::MATCH
        } else {
            xdrop::MISMATCH
        };
        if score > best {
            best = score;
        } else if score < best - xdrop::X_DROP {
            return (best, t + 1);
        }
    }
    (best, steps)
}

/// True when the codes' walk of the anchor at `(a, b)` scores `target` or
/// more ([`ungapped_reach`]'s score, the anchor's words equal by their
/// codes): each walk stops as soon as the bound reaches `target`, so an
/// anchor on a copy millions of words long costs a few steps, not the
/// copy's length.
pub fn ungapped_reaches(
    sa: &Sketch,
    sb: &Sketch,
    a: usize,
    b: usize,
    k: usize,
    target: i32,
) -> bool {
    if !shingle_same(sa, sb, a, b, k) {
        return false;
    }
    let base = xdrop::MATCH * k as i32;
    let right_steps = (sa.len() - (a + k)).min(sb.len() - (b + k));
    let (right, _) = walk(sa, sb, right_steps, target - base, &|t| {
        (a + k + t, b + k + t)
    });
    let (left, _) = walk(sa, sb, a.min(b), target - base - right, &|t| {
        (a - 1 - t, b - 1 - t)
    });
    base + right + left >= target
}

/// False when the codes of word `i` of `sa` and word `j` of `sb` prove the
/// words are not equal (nor equal by seed key); true when they may be.
pub fn may_be_same(sa: &Sketch, sb: &Sketch, i: usize, j: usize) -> bool {
    same(sa.get(i), sb.get(j))
}

/// False when alignment would certainly find nothing in this document pair
/// (its anchors, sorted as [`align::align_pair`] takes them): no anchor has
/// a second hit and none's ungapped extension can reach the trigger.
pub fn worth_aligning(profiles: &Profiles, anchors: &[Anchor], k: usize) -> bool {
    let Some(first) = anchors.first() else {
        return false;
    };
    let (da, db) = (first.da as usize, first.db as usize);
    let (pa, pb) = (profiles.get(da), profiles.get(db));
    let (sa, sb) = (&pa.sketch, &pb.sketch);
    // Within one document, or no sketch kept: align as always.
    if da == db || sa.len() != pa.words || sb.len() != pb.words {
        return true;
    }
    let trigger = align::trigger(k);
    (0..anchors.len()).any(|i| {
        align::second_hit(anchors, i, false, k)
            || ungapped_bound(sa, sb, anchors[i].a as usize, anchors[i].b as usize, k)
                .is_some_and(|s| s >= trigger)
    })
}

/// Keeps only the anchors of document pairs [`worth_aligning`] (`anchors`
/// sorted, as alignment takes them: a pair's anchors together), in place.
pub fn keep_worth_aligning(profiles: &Profiles, anchors: &mut Vec<Anchor>, k: usize) {
    use rayon::prelude::*;
    let pair = |x: &Anchor, y: &Anchor| (x.da, x.db) == (y.da, y.db);
    let keep: Vec<bool> = anchors
        .par_chunk_by(pair)
        .map(|g| worth_aligning(profiles, g, k))
        .collect();
    let mut kept = 0;
    let mut start = 0;
    for keep in keep {
        let mut end = start + 1;
        while end < anchors.len() && pair(&anchors[start], &anchors[end]) {
            end += 1;
        }
        if keep {
            anchors.copy_within(start..end, kept);
            kept += end - start;
        }
        start = end;
    }
    anchors.truncate(kept);
    anchors.shrink_to_fit();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sketch of the given codes.
    fn sketch(codes: &[u8]) -> Sketch<'static> {
        let mut s = SketchBuilder::with_capacity(codes.len());
        for &c in codes {
            s.push(c);
        }
        // Leaked: a test's sketches live as long as it.
        let len = s.len;
        Sketch::new(Box::leak(s.nibbles.into_boxed_slice()), len)
    }

    /// Codes from letters (`a` = 1 …), `*` = [`WILD`].
    fn letters(s: &str) -> Sketch<'static> {
        let codes: Vec<u8> = s
            .bytes()
            .map(|b| {
                if b == b'*' {
                    WILD
                } else {
                    b.wrapping_sub(b'a') % 15 + 1
                }
            })
            .collect();
        sketch(&codes)
    }

    #[test]
    fn the_walk_that_stops_at_a_target_agrees_with_the_whole_walk() {
        // Sketches of 4 000 pseudo-random codes over three letters, with a
        // long stretch copied, probed at every target the bound can take.
        let mut state = 7u64;
        let mut text: Vec<u8> = (0..4000)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                b'a' + (state >> 60) as u8 % 3
            })
            .collect();
        let copy = text[100..1900].to_vec();
        text[2100..3900].copy_from_slice(&copy);
        let s = letters(std::str::from_utf8(&text).unwrap());
        let k = 5;
        let mut long = 0;
        for (a, b) in [(100, 2100), (500, 2500), (30, 31), (7, 3000), (1000, 1003)] {
            let whole = ungapped_reach(&s, &s, a, b, k);
            for target in (0..4000).step_by(7) {
                assert_eq!(
                    ungapped_reaches(&s, &s, a, b, k, target),
                    whole.is_some_and(|r| r.score >= target),
                    "{a} {b} {target}"
                );
            }
            long += usize::from(whole.is_some_and(|r| r.score > 1000));
        }
        assert!(long >= 2);
    }

    #[test]
    fn codes_pack_two_to_a_byte() {
        let s = sketch(&[1, 15, 7, 0, 9]);
        assert_eq!(s.len(), 5);
        assert_eq!(s.nibbles.len(), 3);
        assert_eq!(
            (0..5).map(|i| s.get(i)).collect::<Vec<_>>(),
            [1, 15, 7, 0, 9]
        );
        assert_eq!(code(0, false), 1);
        assert_eq!(code(u64::MAX, true), WILD);
        assert_eq!(code(0xAB << 56, false), 0xA);
    }

    #[test]
    fn the_bound_scores_the_anchor_and_the_best_of_each_walk() {
        // Anchor "bcdef" at 2 and 1; right: one more equal word, then
        // differing ones; left: one equal word, then the start of B.
        let sa = letters("zqbcdefxyyyyyyyyy");
        let sb = letters("qbcdefxmmmmmmmmm");
        let k = 5;
        assert_eq!(
            ungapped_bound(&sa, &sb, 2, 1, k),
            Some(xdrop::MATCH * (k as i32 + 2))
        );
        // A differing word inside the anchor: nothing to extend.
        assert_eq!(ungapped_bound(&sa, &letters("qbcXef"), 2, 1, k), None);
        // Out of range.
        assert_eq!(ungapped_bound(&sa, &sb, 14, 1, k), None);
        // The walk goes on past a mismatch while the score may recover.
        let sa = letters("bcdefxghijklm");
        let sb = letters("bcdefyghijnop");
        assert_eq!(
            ungapped_bound(&sa, &sb, 0, 0, k),
            Some(xdrop::MATCH * 5 + xdrop::MISMATCH + 4 * xdrop::MATCH)
        );
    }

    /// Every document pair the filter rejects gives nothing when aligned
    /// all the same, and it does reject some: prose from a dozen words
    /// shares five-word phrases by chance everywhere, plus one real copy.
    #[test]
    fn a_rejected_pair_never_aligns() {
        use crate::corpus::{Corpus, Document};
        use crate::reuse::{align, index, words::Region};
        let vocab = [
            "river", "stone", "light", "green", "house", "after", "under", "north", "quiet",
            "field", "small", "night",
        ];
        let mut rng = crate::synth::Rng::new(7);
        let mut texts: Vec<String> = (0..12)
            .map(|_| {
                (0..600)
                    .map(|_| vocab[rng.below(vocab.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let copy: String = texts[0]
            .split(' ')
            .skip(100)
            .take(60)
            .collect::<Vec<_>>()
            .join(" ");
        texts[5] = format!("{} {copy} {}", &texts[5][..200], &texts[5][200..]);
        let corpus = Corpus {
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("d{i}"), t.as_str()))
                .collect(),
        };
        let k = 5;
        let mut ix = index::build(&corpus, k, 3, 16);
        let anchors = ix.all_anchors();
        let cfg = align::AlignCfg {
            k,
            min_words: 7,
            min_piece: 10,
            min_similarity: 0.7,
        };
        let (mut rejected, mut found) = (0, 0);
        for g in anchors.chunk_by(|x, y| (x.da, x.db) == (y.da, y.db)) {
            let (da, db) = (g[0].da as usize, g[0].db as usize);
            let region = |d: usize| {
                let p = ix.profiles.get(d);
                Region::new(
                    &corpus.documents[d].text,
                    p.checkpoints,
                    p.words,
                    0,
                    p.words,
                )
            };
            let (mut ra, mut rb) = (region(da), region(db));
            let got = align::align_pair(&mut ra, &mut rb, g, &cfg);
            if worth_aligning(&ix.profiles, g, k) {
                found += usize::from(!got.is_empty());
            } else {
                assert!(got.is_empty(), "{da} {db}: {got:?}");
                rejected += 1;
            }
        }
        assert!(rejected > 10, "{rejected}");
        assert!(found > 0);
    }

    #[test]
    fn a_wild_code_equals_anything() {
        let sa = letters("bcdefgg");
        let sb = letters("b*def*h");
        assert_eq!(ungapped_bound(&sa, &sb, 0, 0, 5), Some(xdrop::MATCH * 6));
    }
}
