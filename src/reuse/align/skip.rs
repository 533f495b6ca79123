//! Which anchors need no alignment: the two-hit rule's second anchor, the
//! sketches' proof that an anchor cannot trigger, and the stretches already
//! aligned (within one task, and shared between the parts of one document).

use super::*;

/// Two-hit rule: a second anchor counts when it lies within this many words
/// of the first (on side A)…
pub(super) const HIT_WINDOW: usize = 40;
/// …on a diagonal at most this far from the first's (the widest shift the
/// gapped extension follows, [`xdrop::MAX_SHIFT`]).
pub(super) const HIT_BAND: usize = xdrop::MAX_SHIFT;
/// Anchors looked at for a second hit (stock phrases give many neighbours).
pub(super) const HIT_SCAN: usize = 64;

/// True when the sketches of the two documents (see [`chance`]) prove that
/// anchor `idx` (across documents, anchors sorted by `a`) changes nothing:
/// its shingles differ (a hash collision), or its ungapped extension cannot
/// reach [`trigger`], it has no [`second_hit`], and the stretch that
/// extension would leave as covered cannot hold a later anchor. Such an
/// anchor is skipped before its words are read; results are the same.
pub(super) fn cannot_matter(
    ra: &Region<'_>,
    rb: &Region<'_>,
    anchors: &[Anchor],
    idx: usize,
    k: usize,
) -> bool {
    let (Some(sa), Some(sb)) = (ra.sketch(), rb.sketch()) else {
        return false;
    };
    let (a, b) = (anchors[idx].a as usize, anchors[idx].b as usize);
    let Some(r) = chance::ungapped_reach(&sa, &sb, a, b, k) else {
        return true;
    };
    if r.score >= trigger(k) || second_hit(anchors, idx, false, k) {
        return false;
    }
    // The real cover lies within a - left .. a + k + right on side A (and
    // the same around b on side B); later anchors start at `a` or after.
    let (b0, end) = (b - r.left, a + k + r.right);
    !anchors[idx + 1..]
        .iter()
        .take_while(|y| (y.a as usize) < end)
        .any(|y| (b0..b + k + r.right).contains(&(y.b as usize)))
}

/// Within one document: true when the sketch proves that anchor `idx`
/// would be found wanting by its ungapped extension (no [`second_hit`],
/// and the codes' walk, an upper bound of the real one, cannot reach
/// [`trigger`]). Such an anchor is skipped before its words are read;
/// its stretch is then not recorded as covered, and a later anchor in it is
/// tried on its own (covers within one document only save work, see
/// [`align_pair_part`]). On 100 MB of planted copies in one file
/// (`bench_engine real:DIR`): 975 k anchors on itself, alignment 2.80 →
/// 1.58 s, the report byte-identical; likewise on every bench corpus, the
/// seeds and the licences; on `/usr/share/doc` 5 of 310 k occurrences, in
/// logs of near-identical lines, come out shorter (0.3% of the bytes).
pub(super) fn cannot_trigger_within(
    ra: &Region<'_>,
    anchors: &[Anchor],
    idx: usize,
    k: usize,
) -> bool {
    let Some(s) = ra.sketch() else {
        return false;
    };
    let (a, b) = (anchors[idx].a as usize, anchors[idx].b as usize);
    !second_hit(anchors, idx, true, k) && !chance::ungapped_reaches(&s, &s, a, b, k, trigger(k))
}

/// The long stretches (1,024 words or more) aligned by the parallel tasks
/// that align the parts of one document paired with itself: an anchor
/// inside one is skipped by every later part. A file holding 9 MB of CJK
/// text twice (27 MB with English between: 442 k anchors on itself, 27
/// parts) had the copy's anchors extended again by part after part:
/// alignment 6.1 s, 2.2 s with the stretches shared.
///
/// The parts run in waves (see `reuse::tasks`), and a part sees the
/// stretches of the waves before its own only, [sealed](SharedCovers::seal)
/// between waves: what a part skips does not depend on how fast the
/// other parts of its wave run, so the report is the same on any machine
/// and any number of threads. (Seen as soon as published, the stretches
/// made a 12.7 MB PostScript file's report differ between two and three
/// threads.)
#[derive(Debug, Default)]
pub struct SharedCovers {
    sealed: std::sync::RwLock<Vec<Cover>>,
    pending: std::sync::Mutex<Vec<Cover>>,
}

/// Stretches of at least this many words are shared between parts (few
/// enough that every anchor can check them all).
pub(super) const LONG_COVER: usize = 1 << 10;

impl SharedCovers {
    /// No stretches yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when a stretch sealed before holds the anchor at `(a, b)`.
    pub(super) fn cover(&self, a: usize, b: usize) -> bool {
        let v = self.sealed.read().unwrap_or_else(|e| e.into_inner());
        v.iter()
            .any(|c| a >= c.a0 && a < c.a1 && b >= c.b0 && b < c.b1)
    }

    /// Shares `c` when it is long, from the next [`SharedCovers::seal`] on.
    pub(super) fn publish(&self, c: Cover) {
        if c.a1 - c.a0 >= LONG_COVER {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(c);
        }
    }

    /// Makes the stretches published so far seen by `SharedCovers::cover`
    /// (between two waves of parts, when none runs).
    pub fn seal(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        self.sealed
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut pending);
    }
}

/// A stretch of a document pair already aligned or found wanting (word
/// ranges on both sides); anchors inside it are skipped.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cover {
    pub(super) a0: usize,
    pub(super) a1: usize,
    pub(super) b0: usize,
    pub(super) b1: usize,
}

/// True when another anchor, not overlapping anchor `idx` on its diagonal,
/// lies within [`HIT_WINDOW`] words of it on a diagonal at most
/// [`HIT_BAND`] away (anchors sorted by `a`, or within one document by
/// offset then `a`).
pub(in crate::reuse) fn second_hit(anchors: &[Anchor], idx: usize, same: bool, k: usize) -> bool {
    let x = anchors[idx];
    let diag = |y: &Anchor| y.b as i64 - y.a as i64;
    let d0 = diag(&x);
    let near = |y: &Anchor| {
        let dd = diag(y).abs_diff(d0) as usize;
        let da = (y.a as usize).abs_diff(x.a as usize);
        dd <= HIT_BAND && da <= HIT_WINDOW && (da >= k || dd > 0)
    };
    // Neighbours in sort order, both ways, until out of reach.
    let in_reach = |y: &Anchor| {
        if same {
            diag(y).abs_diff(d0) as usize <= HIT_BAND
        } else {
            (y.a as usize).abs_diff(x.a as usize) <= HIT_WINDOW
        }
    };
    let after = anchors[idx + 1..]
        .iter()
        .take(HIT_SCAN)
        .take_while(|y| in_reach(y));
    let before = anchors[..idx]
        .iter()
        .rev()
        .take(HIT_SCAN)
        .take_while(|y| in_reach(y));
    after.chain(before).any(near)
}
