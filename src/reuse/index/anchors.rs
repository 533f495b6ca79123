//! Anchors drawn from the groups: the first wave (a path through each group),
//! the second wave (other pairs on demand) and boilerplate representatives.

use super::*;
use rayon::prelude::*;

/// Groups of up to this many positions give all their pairs in the second
/// wave, explained or not: a short near-duplicate whose shingle recurs once
/// more by chance (between the two copies in corpus order) is still paired,
/// at a cost of at most three extra anchors per group.
pub const SMALL_GROUP: usize = 4;

/// Groups of more positions than this are *common* (stock phrases of the
/// language, boilerplate): their first-wave anchors need confirmation by a
/// neighbour ([`Index::spanning_anchors`]). A planted or quoted passage is
/// rarely copied this often; a phrase that is, and that two documents share
/// only once, is chance — yet aligning it opens both documents.
pub const COMMON_GROUP: usize = 8;

/// A common anchor is confirmed by another anchor of its document pair
/// within this many words (on side A)…
pub(super) const CONFIRM_WINDOW: u32 = 40;
/// …on a diagonal at most this far from its own (the two-hit rule of
/// [`super::align`], applied before any text is read).
pub(super) const CONFIRM_BAND: u32 = 6;
/// Neighbours looked at each way for a confirmation.
pub(super) const CONFIRM_SCAN: usize = 64;

/// A passage shape is *dominant* in a large group when first-wave passages
/// of that shape cover at least one in this many of the group's positions
/// (see [`Index::dominant_anchors`]): at most this many shapes per group.
pub const DOMINANT_SHARE: usize = 4;

/// Positions of one first-wave cluster, covered by passages of a
/// representative's shape, paired with that representative (see
/// `worth_pairing`): one would do when its alignment joins the two
/// clusters; three allow for a copy whose alignment ends elsewhere. With
/// one, text reshuffled from a hundred sentences (see the README) covered
/// 4% fewer bytes than pairing every position; with three 0.7%.
pub(super) const SAME_SHAPE_TRIES: u32 = 3;

/// Blocks of groups ([`GROUP_BLOCK`] fingerprints each) read in parallel
/// before their fingerprints are freed by [`Index::take_extra_anchors`].
pub(super) const CONSUME_BATCH: usize = 4;

/// Anchors generated at a time by [`Index::spanning_anchors`] before they
/// are thinned and confirmed (between all the blocks in flight, see
/// [`blocks_in_flight`])…
pub(super) const ANCHOR_BLOCK: usize = 1 << 14;
/// …in at most this many blocks per block in flight: on a large corpus a
/// block then holds a few more (about a hundredth of a byte each per byte
/// of text, a 48th of the anchors' 20 bytes). On harsh:100 (2.2 M anchors
/// drawn) 132 blocks took 0.36 s, 48 blocks 0.29 s when blocks were
/// visited one at a time (timers around this phase, not kept); a larger
/// block on 10 MB (2¹⁶ anchors, 1.3 MB) put its peak over twice the text.
pub(super) const MAX_ANCHOR_BLOCKS: usize = 48;

impl Index {
    /// First wave: each position with the next position of its group it may
    /// pair with (a path through the group), generated a block of the
    /// corpus at a time and thinned as it goes:
    ///
    /// * **Runs.** Anchors of one document pair on one diagonal whose
    ///   shingles overlap or touch lie in one run of equal words; the first
    ///   anchor's extension covers the rest, so only it is kept. A text
    ///   repeated a thousand times gives a few anchors, not one per shingle.
    /// * **Common groups** (more than [`COMMON_GROUP`] positions: stock
    ///   phrases of the language) are kept only when confirmed: their run is
    ///   `k` words long or more, holds an anchor of a rarer group, or another
    ///   run of the same document pair lies near on the same diagonal band
    ///   (`confirmed`).
    ///
    /// Sorted. Afterwards only the groups the second wave draws from (3
    /// positions or more) are kept.
    pub fn spanning_anchors(&mut self) -> Vec<Anchor> {
        let k = self.k;
        let upper = self.shared.len() - self.shared.each_group().count();
        // Reserved at the most it can hold (pages never written are never
        // resident, and the vector is never copied to grow).
        let mut out: Vec<Anchor> = Vec::with_capacity(upper);
        let this: &Index = self;
        // Blocks of ANCHOR_BLOCK anchors between all those in flight.
        let width = SIZED_FOR;
        let n = upper
            .div_ceil(ANCHOR_BLOCK / width)
            .min(MAX_ANCHOR_BLOCKS * width);
        let blocks = this.word_blocks(n);
        this.blockwise(
            &blocks,
            Reach::ButLast,
            |_| true,
            |_, g, r| {
                let common = g.len() > COMMON_GROUP;
                r.filter_map(move |i| {
                    let x = this.locate(g[i]);
                    let y = g[i + 1..]
                        .iter()
                        .map(|&f| this.locate(f))
                        .find(|y| pairable(x, *y, k))?;
                    Some((anchor(x, y), common))
                })
            },
            |v| thin_and_confirm(v, k as u32),
            |v| out.extend(v),
        );
        out.par_sort_unstable();
        out.dedup();
        out.shrink_to_fit();
        self.shared.retain(3);
        out
    }

    /// Second wave: the other pairs of every group of up to
    /// `all_pairs_limit` positions, across documents, for which `needed` is
    /// true (the caller drops those the first wave explains), and all of
    /// them in groups of up to [`SMALL_GROUP`]. Sorted.
    pub fn extra_anchors(&self, needed: impl Fn(&Anchor) -> bool + Sync) -> Vec<Anchor> {
        let mut out: Vec<Anchor> = self.per_group(|g, v| self.extra_of(g, &needed, v));
        out.par_sort_unstable();
        out.dedup();
        out
    }

    /// [`Index::extra_anchors`], consuming the fingerprints as it goes: the
    /// groups are read from the end a batch at a time, and each batch's
    /// fingerprints are freed before the next is read, so the anchors never
    /// sit in memory beside all the fingerprints they come from (on
    /// /usr/share/doc 15 MB of anchors from 13 MB of fingerprints). The same
    /// anchors; the index gives none afterwards.
    pub fn take_extra_anchors(&mut self, needed: impl Fn(&Anchor) -> bool + Sync) -> Vec<Anchor> {
        // The stock counts need the groups this consumes.
        self.stock();
        let blocks = self.group_blocks();
        // Each batch's anchors join the result before the next batch is
        // read, so only one batch's are ever held twice.
        let mut out: Vec<Anchor> = Vec::new();
        for batch in blocks.rchunks(CONSUME_BATCH) {
            let this: &Index = self;
            let parts: Vec<Vec<Anchor>> = batch
                .par_iter()
                .map(|r| {
                    let mut v = Vec::new();
                    this.each_group(r.clone(), |g| this.extra_of(g, &needed, &mut v));
                    v
                })
                .collect();
            self.shared.truncate(batch[0].start);
            for part in parts {
                out.extend(part);
            }
        }
        self.release_fingerprints();
        out.par_sort_unstable();
        out.dedup();
        out
    }

    /// The second-wave anchors of one group (its positions as (document,
    /// position), in order), pushed to `v` (see [`Index::extra_anchors`]).
    pub(super) fn extra_of(
        &self,
        g: &[(u32, u32)],
        needed: &(impl Fn(&Anchor) -> bool + Sync),
        v: &mut Vec<Anchor>,
    ) {
        let (k, limit) = (self.k, self.all_pairs_limit);
        if g.len() <= 2 || g.len() > limit {
            return;
        }
        for (i, x) in g.iter().enumerate() {
            let next = g[i + 1..].iter().position(|y| pairable(*x, *y, k));
            let Some(next) = next else { continue };
            // Within one document the path already visits every
            // copy in order (and a tandem repeat must be seen whole).
            for y in g[i + 2 + next..].iter().filter(|y| y.0 != x.0) {
                let an = anchor(*x, *y);
                if g.len() <= SMALL_GROUP || needed(&an) {
                    v.push(an);
                }
            }
        }
    }

    /// Second wave, for groups of more than `all_pairs_limit` positions
    /// (boilerplate: a header in most files, a footer in tens). `cover(doc,
    /// pos)` gives the first-wave passages covering a position, as (cluster
    /// root, first word, end word). A *shape* is a passage's extent around
    /// the position (words before it, words from it); a shape is *dominant*
    /// when passages of that shape cover at least a [`DOMINANT_SHARE`]th of
    /// the group's positions. For each dominant shape, one position covered
    /// by that shape only becomes its representative, and every other
    /// covered position not yet in the representative's cluster is paired
    /// with it. A navigation line alone in some files and followed by a
    /// header in most comes out whole: the path through the group alternates
    /// between the two extents, so its nav-only passages form many small
    /// clusters, and the header files never get a nav-only passage; pairing
    /// all of them with one nav-only file joins them. At most a few anchors
    /// per position (positions no first-wave passage covers — a stock
    /// phrase's chance matches — get none), and a few per first-wave
    /// cluster among positions already of the representative's shape
    /// (`worth_pairing`). Drawn a block of the corpus at a
    /// time, without the anchors whose shingles overlap a kept one's on its
    /// diagonal (`drop_overlapping`): sentences recurring in every one of a
    /// hundred documents gave one anchor per fingerprint, 35 MB of them on
    /// 30 MB of text, all drawn while every fingerprint was held. Sorted.
    pub fn dominant_anchors(
        &self,
        cover: impl Fn(u32, u32) -> Vec<(u32, u32, u32)> + Sync,
    ) -> Vec<Anchor> {
        let limit = self.all_pairs_limit;
        // Each large group's representatives (few: one per dominant shape),
        // by the group's first fingerprint…
        let large: Vec<(u32, &[u32])> = self
            .shared
            .each_group()
            .filter(|(_, g)| g.len() > limit)
            .collect();
        let reps: Vec<(u32, Position, u32, Shape)> = large
            .par_iter()
            .flat_map_iter(|&(gi, g)| {
                let g: Vec<(u32, u32)> = g.iter().map(|&f| self.locate(f)).collect();
                representatives(&g, &cover)
                    .into_iter()
                    .map(move |(y, root, shape)| (gi, y, root, shape))
            })
            .collect();
        if reps.is_empty() {
            return Vec::new();
        }
        // …then the positions paired with them, a block of the corpus at a
        // time, each block thinned of anchors overlapping a kept one.
        let total: usize = large.iter().map(|(_, g)| g.len()).sum();
        drop(large);
        let blocks = self.word_blocks(total.div_ceil(ANCHOR_BLOCK / SIZED_FOR));
        let k = self.k as u32;
        let mut out: Vec<Anchor> = Vec::new();
        let (reps, cover) = (&reps, &cover);
        self.blockwise(
            &blocks,
            Reach::All,
            |g| g.len() > limit,
            |gi, g, r| {
                let lo = reps.partition_point(|x| x.0 < gi);
                let hi = reps.partition_point(|x| x.0 <= gi);
                let mine = &reps[lo..hi];
                // Each position's cover is looked up again here rather than
                // kept from the first step: all of them at once would be as
                // large as the anchors this avoids holding.
                let mut tries = Tries::default();
                let mut v = Vec::new();
                for i in r.filter(|_| !mine.is_empty()) {
                    let x = self.locate(g[i]);
                    let c = cover(x.0, x.1);
                    for (n, &(_, y, root, sh)) in mine.iter().enumerate() {
                        if x.0 != y.0 && worth_pairing(x.1, &c, (n, root, sh), &mut tries) {
                            v.push(if x < y { anchor(x, y) } else { anchor(y, x) });
                        }
                    }
                }
                v.into_iter()
            },
            |v| drop_overlapping(v, k),
            |v| out.extend(v),
        );
        out.par_sort_unstable();
        out.dedup();
        out
    }

    /// Every anchor of both waves, with nothing explained away (sorted).
    pub fn all_anchors(&mut self) -> Vec<Anchor> {
        let mut v = self.spanning_anchors();
        v.extend(self.extra_anchors(|_| true));
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// The diagonal of an anchor, as a sort key (equal for equal diagonals).
pub(super) fn diagonal(x: &Anchor) -> u32 {
    x.b.wrapping_sub(x.a)
}

/// The representatives of a large group (its positions as (document,
/// position), in order) for [`Index::dominant_anchors`]: for each dominant
/// shape, a position covered by passages of that shape only (else by one
/// of them at least), with the cluster root of that passage and the shape.
fn representatives(
    g: &[(u32, u32)],
    cover: &(impl Fn(u32, u32) -> Vec<(u32, u32, u32)> + Sync),
) -> Vec<(Position, u32, Shape)> {
    let cs: Vec<Vec<(u32, u32, u32)>> = g.iter().map(|&(d, p)| cover(d, p)).collect();
    let shape = |p: u32, c: &(u32, u32, u32)| (p - c.1, c.2 - p);
    let mut shapes: Vec<(u32, u32)> = g
        .iter()
        .zip(&cs)
        .flat_map(|(&(_, p), c)| {
            let mut v: Vec<(u32, u32)> = c.iter().map(|c| shape(p, c)).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    shapes.sort_unstable();
    let mut out = Vec::new();
    for sh in shapes
        .chunk_by(|x, y| x == y)
        .filter(|c| c.len() >= 2 && c.len() * DOMINANT_SHARE >= g.len())
        .map(|c| c[0])
    {
        let of_shape = |i: usize| cs[i].iter().find(|c| shape(g[i].1, c) == sh);
        let tight = (0..g.len())
            .find(|&i| !cs[i].is_empty() && cs[i].iter().all(|c| shape(g[i].1, c) == sh));
        let Some(r) = tight.or_else(|| (0..g.len()).find(|&i| of_shape(i).is_some())) else {
            continue;
        };
        if let Some(&(root, _, _)) = of_shape(r) {
            out.push((g[r], root, sh));
        }
    }
    out
}

/// A position in the corpus: (document, word).
type Position = (u32, u32);

/// A passage's extent around a position: words before it, words from it.
type Shape = (u32, u32);

/// Per (representative, cluster root): positions of that cluster, covered
/// by a passage of the representative's shape, paired with it so far.
pub(super) type Tries = std::collections::HashMap<(usize, u32), u32>;

/// Whether a position `p` of a large group, covered by the first-wave
/// passages `c` (cluster root, first word, end word), is paired with the
/// representative `n` of root `root` and shape `sh` ([`Index::dominant_anchors`]).
/// Never when no passage covers it (a stock phrase's chance match) or one
/// is in the representative's cluster already. A position covered by a
/// passage of the representative's own shape is paired only
/// [`SAME_SHAPE_TRIES`] times per cluster (counted within each block of
/// the corpus the anchors are drawn in): such an alignment only joins
/// that cluster to the representative's (union–find), so the cluster's
/// other positions of that shape would find the same (on 30 MB of text
/// reshuffled from a hundred sentences, see the README, the second wave
/// drew 1.15 M anchors before and 378 k with this, `bench_engine
/// real:DIR`). A
/// position of another shape is always paired: its alignment makes a
/// passage of the representative's shape in its document (the navigation
/// line of a file where a header follows it).
pub(super) fn worth_pairing(
    p: u32,
    c: &[(u32, u32, u32)],
    (n, root, sh): (usize, u32, Shape),
    tries: &mut Tries,
) -> bool {
    if c.is_empty() || c.iter().any(|c| c.0 == root) {
        return false;
    }
    match c.iter().find(|c| (p - c.1, c.2 - p) == sh) {
        None => true,
        Some(same) => {
            let t = tries.entry((n, same.0)).or_default();
            *t += 1;
            *t <= SAME_SHAPE_TRIES
        }
    }
}

/// `v` without the anchors that start within `k` words after a kept anchor
/// of the same document pair and diagonal (their shingles overlap its
/// shingle: its extension covers them). Unlike the first wave's thinning to
/// one anchor per run, an anchor `k` words on or more is kept, so every
/// second hit of the two-hit rule ([`super::super::align`]) survives and the
/// alignments are the same. Unsorted.
pub(super) fn drop_overlapping(mut v: Vec<Anchor>, k: u32) -> Vec<Anchor> {
    v.sort_unstable_by_key(|x| (x.da, x.db, diagonal(x), x.a));
    let mut w = 0;
    let mut i = 0;
    while i < v.len() {
        let first = v[i];
        let mut j = i + 1;
        while j < v.len()
            && (v[j].da, v[j].db, diagonal(&v[j])) == (first.da, first.db, diagonal(&first))
            && v[j].a < first.a + k
        {
            j += 1;
        }
        v[w] = first;
        w += 1;
        i = j;
    }
    v.truncate(w);
    v
}

/// Thins a block of first-wave anchors (each tagged `true` when its group
/// is common) to one per run and drops the common ones nothing confirms
/// (see [`Index::spanning_anchors`]). Sorted.
pub(super) fn thin_and_confirm(mut v: Vec<(Anchor, bool)>, k: u32) -> Vec<Anchor> {
    v.par_sort_unstable_by_key(|(x, _)| (x.da, x.db, diagonal(x), x.a));
    // One anchor per run (consecutive anchors of one document pair and
    // diagonal, each at most `k` words after the one before), tagged `true`
    // while it still needs confirmation: every anchor of its run is common
    // and the run is shorter than a shingle.
    let same_run = |x: &(Anchor, bool), y: &(Anchor, bool)| {
        let (x, y) = (x.0, y.0);
        (x.da, x.db, diagonal(&x)) == (y.da, y.db, diagonal(&y)) && y.a <= x.a + k
    };
    let mut runs: Vec<(Anchor, bool)> = v
        .par_chunk_by(same_run)
        .map(|run| {
            let first = run[0].0;
            let last = run[run.len() - 1].0.a;
            let weak = run.iter().all(|(_, common)| *common) && last < first.a + k;
            (first, weak)
        })
        .collect();
    drop(v);
    runs.par_sort_unstable_by_key(|(x, _)| *x);
    (0..runs.len())
        .into_par_iter()
        .filter(|&i| !runs[i].1 || confirmed(&runs, i, k))
        .map(|i| runs[i].0)
        .collect()
}

/// True when anchor `i` of `v` (sorted, one per run) has a neighbour: same
/// document pair, within [`CONFIRM_WINDOW`] words on side A, diagonals at
/// most [`CONFIRM_BAND`] apart (another run: on its own diagonal it lies
/// `k` words away at least).
pub(super) fn confirmed(v: &[(Anchor, bool)], i: usize, k: u32) -> bool {
    let x = v[i].0;
    let near = |y: &Anchor| {
        let dd = (i64::from(y.b) - i64::from(y.a)).abs_diff(i64::from(x.b) - i64::from(x.a));
        let da = y.a.abs_diff(x.a);
        dd <= u64::from(CONFIRM_BAND) && da <= CONFIRM_WINDOW && (da >= k || dd > 0)
    };
    let pair = |y: &&(Anchor, bool)| (y.0.da, y.0.db) == (x.da, x.db);
    let lo = x.a.saturating_sub(CONFIRM_WINDOW);
    let hi = x.a.saturating_add(CONFIRM_WINDOW);
    v[i + 1..]
        .iter()
        .take(CONFIRM_SCAN)
        .take_while(|y| pair(y) && y.0.a <= hi)
        .any(|y| near(&y.0))
        || v[..i]
            .iter()
            .rev()
            .take(CONFIRM_SCAN)
            .take_while(|y| pair(y) && y.0.a >= lo)
            .any(|y| near(&y.0))
}

/// True when two positions `(doc, pos)` may pair: different documents, or
/// the same document with shingles that do not overlap.
pub(super) fn pairable(x: (u32, u32), y: (u32, u32), k: usize) -> bool {
    x.0 != y.0 || y.1 as usize >= x.1 as usize + k
}

pub(super) fn anchor(x: (u32, u32), y: (u32, u32)) -> Anchor {
    Anchor {
        da: x.0,
        db: y.0,
        a: x.1,
        b: y.1,
    }
}
