//! The fingerprint store: shared shingle hashes in buckets, as groups of equal
//! hashes.

use rayon::prelude::*;

/// Most low bits of a shingle hash that choose its *bucket* (2¹² buckets).
pub(super) const BUCKET_BITS: u32 = 12;

/// Bucket bits for a corpus of about `expected` fingerprints: one bucket
/// per 2¹⁵ fingerprints (a 256 kB region of [`BucketFill`]), between 2 and
/// 2¹² buckets. A bucket's region is written in part, so each costs up to a
/// page beyond what it holds: with 2¹² buckets on a 10 MB corpus (regions
/// under a page) every page of the fill was resident. Fewer bits on small
/// corpora compare fewer hash bits (`32 + bits`), but a small corpus has
/// proportionally fewer shingles to confuse: the chance that a fingerprint
/// joins a group it does not belong to stays about `n / 2^(32 + bits)`,
/// under 10⁻⁵ at every size.
pub(super) fn bucket_bits(expected: usize) -> u32 {
    (expected >> 15).max(2).ilog2().clamp(1, BUCKET_BITS)
}

/// One stored fingerprint, 8 bytes: `[h, at]`, the top 32 hash bits and
/// where its shingle starts, as a word number counted across the whole
/// corpus. The bucket (up to the low [`BUCKET_BITS`] of the hash) is not
/// stored: it is where in [`Groups`] the fingerprint lies.
pub(super) type Fingerprint = [u32; 2];

/// The bucket of a shingle hash: its low `bits` (1 to [`BUCKET_BITS`]).
/// Low bits, not top ones: winnowing keeps the *smallest* hash of each
/// window, so the top bits of the fingerprints it keeps lean towards zero
/// (on 100 MB of prose the lowest of 256 buckets held 63,000 of them,
/// the highest one), while their low bits stay uniform — the second pass can then
/// size the buckets evenly when there is no first pass to count them.
pub(super) fn bucket(hash: u64, bits: u32) -> usize {
    (hash & ((1u64 << bits) - 1)) as usize
}

/// The stored hash bits of a shingle hash: its top 32 (never the bucket's).
pub(super) fn stored_bits(hash: u64, _bits: u32) -> u32 {
    (hash >> 32) as u32
}

/// The fingerprints of the second pass, written straight into their
/// buckets: each bucket has a region as large as the first pass counted
/// for it (every fingerprint, shared or not), and only the ones that may
/// be shared are written. The regions are zeroed memory, never touched
/// where nothing is written, so resident memory is about 8 bytes per
/// fingerprint kept (plus at most a page per bucket): no 12- or 16-byte
/// form of them is ever held, and nothing is copied to grow.
pub(super) struct BucketFill {
    /// `[h, at]` pairs, flattened; region `b` is `start[b]..start[b + 1]`
    /// (in fingerprints).
    pub(super) flat: Vec<u32>,
    pub(super) start: Vec<usize>,
    /// Next free slot of each region.
    pub(super) fill: Vec<usize>,
    /// Bucket bits (`per_bucket.len()` is `2^bits`).
    pub(super) bits: u32,
    /// Fingerprints whose region was full (only when the regions were sized
    /// by an estimate, see `passes`): `(bucket, [h, at])`, merged by
    /// [`BucketFill::finish`].
    spill: Vec<(u32, Fingerprint)>,
}

impl BucketFill {
    /// Empty regions of `per_bucket[b]` fingerprints each.
    pub(super) fn new(per_bucket: &[usize]) -> Self {
        let mut start = Vec::with_capacity(per_bucket.len() + 1);
        let mut n = 0usize;
        for &c in per_bucket {
            start.push(n);
            n += c;
        }
        start.push(n);
        BucketFill {
            flat: vec![0; 2 * n],
            fill: start[..per_bucket.len()].to_vec(),
            start,
            bits: per_bucket.len().trailing_zeros(),
            spill: Vec::new(),
        }
    }

    /// Records the shingle of hash `hash` at word number `at` (in the
    /// spill when its bucket's region is full).
    pub(super) fn push(&mut self, hash: u64, at: u32) {
        let b = bucket(hash, self.bits);
        self.push_stored(b, stored_bits(hash, self.bits), at);
    }

    /// [`BucketFill::push`] of a fingerprint known by its bucket and stored bits.
    fn push_stored(&mut self, b: usize, h: u32, at: u32) {
        let i = self.fill[b];
        if i < self.start[b + 1] {
            self.flat[2 * i] = h;
            self.flat[2 * i + 1] = at;
            self.fill[b] = i + 1;
        } else {
            self.spill.push((b as u32, [h, at]));
        }
    }

    /// Number of buckets.
    pub(super) fn buckets(&self) -> usize {
        self.fill.len()
    }

    /// The [`Groups`] of two fingerprints or more, every bucket finished
    /// at once ([`BucketFill::finish_buckets`]).
    pub(super) fn finish(mut self) -> Groups {
        let mut out = Groups::with_capacity(self.start[self.buckets()] + self.spill.len());
        self.finish_buckets(0..self.buckets(), &mut out);
        out.shrink_to_fit();
        out
    }

    /// Appends the groups of two fingerprints or more of `buckets` (the
    /// next ones after those finished before) to `out`: each bucket sorted
    /// and its singletons dropped where it lies (in parallel, each in
    /// cache), then its word numbers copied to `out` bucket by bucket (the
    /// hash bits have done their work: a group's start is a bit), each
    /// region's pages handed back as soon as it is copied
    /// ([`crate::allocator::release_pages`]), so the two are never both
    /// resident whole. A bucket with spilled fingerprints is sorted and
    /// thinned with them when it is copied. A fill holding every
    /// fingerprint of the corpus (no first pass) thus shrinks to the shared
    /// ones at about the memory it already holds; a fill written in rounds
    /// (see `index::build_with`) holds one round's at 8 bytes beside the
    /// rounds before at 4.
    pub(super) fn finish_buckets(&mut self, buckets: std::ops::Range<usize>, out: &mut Groups) {
        self.spill.sort_unstable();
        let spill = &self.spill;
        let spilled_to = |b: usize| -> &[(u32, Fingerprint)] {
            let lo = spill.partition_point(|x| (x.0 as usize) < b);
            let hi = spill.partition_point(|x| (x.0 as usize) <= b);
            &spill[lo..hi]
        };
        let mut kept_in: Vec<usize> = Vec::with_capacity(buckets.len());
        {
            let (lo, hi) = (self.start[buckets.start], self.start[buckets.end]);
            let mut rest: &mut [Fingerprint] = &mut self.flat.as_chunks_mut::<2>().0[lo..hi];
            let mut parts: Vec<(&mut [Fingerprint], bool)> = Vec::with_capacity(buckets.len());
            let mut at = lo;
            for b in buckets.clone() {
                let (_, tail) = rest.split_at_mut(self.start[b] - at);
                let (part, tail) = tail.split_at_mut(self.fill[b] - self.start[b]);
                parts.push((part, !spilled_to(b).is_empty()));
                rest = tail;
                at = self.fill[b];
            }
            parts
                .par_iter_mut()
                .map(|(p, spilled)| {
                    if *spilled {
                        return p.len();
                    }
                    p.sort_unstable_by_key(order);
                    keep_groups(p, 2)
                })
                .collect_into_vec(&mut kept_in);
        }
        for (b, &n) in buckets.zip(&kept_in) {
            let s = self.start[b];
            let extra = spilled_to(b);
            let mut copy = |fps: &[Fingerprint]| {
                for (i, f) in fps.iter().enumerate() {
                    out.push(f[1], i == 0 || fps[i - 1][0] != f[0]);
                }
            };
            if extra.is_empty() {
                copy(self.flat[2 * s..2 * (s + n)].as_chunks::<2>().0);
            } else {
                let mut all: Vec<Fingerprint> =
                    self.flat[2 * s..2 * (s + n)].as_chunks::<2>().0.to_vec();
                all.extend(extra.iter().map(|x| x.1));
                all.sort_unstable_by_key(order);
                let m = keep_groups(&mut all, 2);
                copy(&all[..m]);
            }
            crate::allocator::release_pages(&mut self.flat[2 * s..2 * self.start[b + 1]]);
        }
    }
}

/// A fingerprint's place in the sorted store, `(h, at)`, as one integer:
/// sorting by it is sorting the pairs, with one comparison instead of two.
fn order(f: &Fingerprint) -> u64 {
    (u64::from(f[0]) << 32) | u64::from(f[1])
}

/// Moves the groups of at least `min` equal hashes of sorted `part` to its
/// front, in order; returns how many fingerprints they hold.
fn keep_groups(part: &mut [Fingerprint], min: usize) -> usize {
    let mut kept = 0usize;
    let mut g = 0usize;
    while g < part.len() {
        let mut e = g + 1;
        while e < part.len() && part[e][0] == part[g][0] {
            e += 1;
        }
        if e - g >= min {
            part.copy_within(g..e, kept);
            kept += e - g;
        }
        g = e;
    }
    kept
}

/// The shared fingerprints as groups of equal hashes: the word number of
/// each (4 bytes), group after group in the order of their hashes, each
/// group's in word order, and a bit per fingerprint set where a group
/// starts. The hashes themselves are not kept: once the store is sorted,
/// which fingerprints are equal is all anyone asks of them. Two
/// fingerprints of equal stored bits in two buckets are two groups.
///
/// Up to 44 hash bits are compared, not 64: a fingerprint falls into a group
/// it does not belong to with probability about `n / 2⁴⁴` for `n` distinct
/// shingles at 2¹² buckets (under 10⁻⁶ at 10⁷; fewer buckets on small corpora
/// keep it about as low, see [`bucket_bits`]), and such a false anchor costs one failed
/// alignment — alignment compares the words themselves, so it never reaches
/// a result. Where every shingle recurs (two versions of a folder, a file
/// holding its text twice) this is the largest structure the engine holds
/// beside the text: half a byte per byte of prose, and two thirds of one
/// of CJK text, where it was twice that with the hash bits kept.
#[derive(Debug, Default)]
pub(super) struct Groups {
    /// Word number of each fingerprint, group after group.
    pub(super) at: Vec<u32>,
    /// Bit `i` (of word `i / 64`) set when fingerprint `i` starts a group.
    pub(super) heads: Vec<u64>,
}

impl Groups {
    /// No groups, with room for `n` fingerprints (pages never written are
    /// never resident).
    pub(super) fn with_capacity(n: usize) -> Self {
        Groups {
            at: Vec::with_capacity(n),
            heads: Vec::with_capacity(n.div_ceil(64)),
        }
    }

    /// Appends fingerprint of word number `at`, starting a group when `head`.
    fn push(&mut self, at: u32, head: bool) {
        let i = self.at.len();
        if i.is_multiple_of(64) {
            self.heads.push(0);
        }
        self.at.push(at);
        if head {
            self.heads[i / 64] |= 1 << (i % 64);
        }
    }

    /// Frees the room no fingerprint took.
    pub(super) fn shrink_to_fit(&mut self) {
        self.at.shrink_to_fit();
        self.heads.shrink_to_fit();
    }

    /// The word numbers of the fingerprints, in order.
    #[cfg(test)]
    pub(super) fn all(&self) -> &[u32] {
        &self.at
    }

    /// Number of fingerprints.
    pub(super) fn len(&self) -> usize {
        self.at.len()
    }

    /// True when fingerprint `i` starts a group.
    pub(super) fn is_head(&self, i: usize) -> bool {
        self.heads[i / 64] >> (i % 64) & 1 == 1
    }

    /// True when fingerprints `i` and `i + 1` are in one group.
    pub(super) fn same_group(&self, i: usize) -> bool {
        i + 1 < self.len() && !self.is_head(i + 1)
    }

    /// The starts of the groups from fingerprint `from` on, in order.
    fn heads_from(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        let n = self.len();
        let mut w = from / 64;
        let mut word = self.heads.get(w).map_or(0, |x| x & (!0u64 << (from % 64)));
        std::iter::from_fn(move || {
            while word == 0 {
                w += 1;
                word = *self.heads.get(w)?;
            }
            let i = w * 64 + word.trailing_zeros() as usize;
            word &= word - 1;
            (i < n).then_some(i)
        })
    }

    /// The groups starting at or after fingerprint `from`, in order, each
    /// with the index of its first fingerprint.
    fn groups_from(&self, from: usize) -> impl Iterator<Item = (u32, &[u32])> {
        let n = self.len();
        let mut heads = self.heads_from(from).peekable();
        std::iter::from_fn(move || {
            let s = heads.next()?;
            let e = heads.peek().copied().unwrap_or(n);
            Some((s as u32, &self.at[s..e]))
        })
    }

    /// The group starting at fingerprint `start`.
    pub(super) fn group_at(&self, start: usize) -> &[u32] {
        let end = self.heads_from(start + 1).next().unwrap_or(self.len());
        &self.at[start..end]
    }

    /// The groups lying wholly inside `r` (a range that starts and ends at
    /// group boundaries), in order.
    pub(super) fn groups(&self, r: std::ops::Range<usize>) -> impl Iterator<Item = &[u32]> {
        self.groups_from(r.start)
            .take_while(move |&(s, _)| (s as usize) < r.end)
            .map(|(_, g)| g)
    }

    /// The groups, in order, each with the index of its first fingerprint.
    pub(super) fn each_group(&self) -> impl Iterator<Item = (u32, &[u32])> {
        self.groups_from(0)
    }

    /// Where each group starts (plus the end).
    #[cfg(test)]
    pub(super) fn group_starts(&self) -> Vec<u32> {
        let mut starts: Vec<u32> = self.each_group().map(|(s, _)| s).collect();
        starts.push(self.len() as u32);
        starts
    }

    /// Keeps only the groups of at least `min` fingerprints (in place).
    pub(super) fn retain(&mut self, min: usize) {
        let mut heads = vec![0u64; self.heads.len()];
        let mut kept = 0usize;
        let mut g = 0usize;
        while g < self.len() {
            let e = self.heads_from(g + 1).next().unwrap_or(self.len());
            if e - g >= min {
                self.at.copy_within(g..e, kept);
                heads[kept / 64] |= 1 << (kept % 64);
                kept += e - g;
            }
            g = e;
        }
        self.heads = heads;
        self.truncate(kept);
    }

    /// Keeps only the first `n` fingerprints (a group boundary) and frees
    /// the rest.
    pub(super) fn truncate(&mut self, n: usize) {
        self.at.truncate(n);
        self.at.shrink_to_fit();
        self.heads.truncate(n.div_ceil(64));
        if !n.is_multiple_of(64)
            && let Some(last) = self.heads.last_mut()
        {
            *last &= (1u64 << (n % 64)) - 1;
        }
        self.heads.shrink_to_fit();
    }
}
