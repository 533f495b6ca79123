//! The candidate index: winnowed word-shingle fingerprints of every document,
//! grouped by hash into *anchors* — pairs of word positions (across documents
//! or within one) whose `k`-word shingles are equal.
//!
//! A shingle is made of *seed keys* ([`crate::segment::seed_hash`]): word keys
//! with what OCR confuses folded (`rn`/`m`, `0`/`o`, `1`/`l`, `c`/`e`, doubled
//! letters), so a scanned copy shares whole shingles with a clean one where
//! exact keys would share few (most OCR noise on a word is a confusion or a
//! doubled letter, which the fold removes; dropped letters and words split by
//! a hyphen remain). The fold costs no
//! memory and no extra fingerprints; alignment still compares the real words
//! ([`super::align`]). Denser seeding was measured and rejected: with `w = 2`
//! or `w = 1` (every 6- or 5-word run anchored) recall on the harsh bench
//! corpus moves by under half a point while fingerprints, anchors and time
//! grow by 1.4–2× — misses at 20–30% edits are alignments that stop short or
//! fall below the similarity floor, not pairs without an anchor (see
//! `examples/diag_recall.rs`).
//!
//! Every shingle (k consecutive seed keys) is hashed; winnowing (Schleimer,
//! Wilkerson & Aiken 2003, as in MOSS) keeps the smallest hash of every window
//! of `w` consecutive shingles, which guarantees that any run of `w + k − 1`
//! shared words yields at least one shared fingerprint while storing only about
//! `2/(w+1)` of the shingles. The fingerprints of all documents go into one
//! vector sorted by (hash, position), comparing the top 44 bits of the hash;
//! fingerprints nobody shares are dropped at once, and each group of equal
//! hashes gives anchors.
//!
//! # Cost linear in occurrences
//!
//! A passage copied into `n` files must cost about `n` alignments, not
//! `n(n−1)/2`. The anchors of a group come in two *waves*:
//!
//! 1. [`Index::spanning_anchors`]: each position paired with the next one in
//!    (document, position) order — a path through the group, `n − 1` anchors,
//!    which clustering (transitive) turns into one cluster when the copies
//!    align. Consecutive copies of a passage are the same documents for every
//!    fingerprint along it, so one document pair aligns the passage once.
//! 2. [`Index::extra_anchors`]: for groups of up to `all_pairs_limit`
//!    positions, the other pairs — but only those the caller finds worth it
//!    ([`super::cluster::Links::needed`]: both positions inside first-wave
//!    passages that are not yet one cluster at matching offsets). They join
//!    copies whose path alignments came out as different clusters, without
//!    aligning the `n²` pairs of a passage whose copies all joined already,
//!    nor the pairs of a shingle shared by chance (its path alignments all
//!    failed). On the harsh 10 MB bench corpus this second wave aligns 4 k
//!    anchors instead of 98 k: alignment CPU halves, recall moves by 0.3
//!    points, precision rises 3.6 points (chance pairs are not aligned).
//!    For larger groups, [`Index::dominant_anchors`]: a passage *shape* (its
//!    extent around the shingle) that covers a quarter of the group's
//!    positions or more is offered every other covered position once, so a
//!    navigation line alone in some files and followed by a header in most
//!    comes out as one cluster of every file, not a chain of small ones.
//!
//! Other designs weighed: collapsing identical regions first needs exact
//! duplicates (edited boilerplate has none) and a suffix structure; grouping
//! documents by shared fingerprint sets needs a similarity join over sets.
//! The waves need nothing but the union–find clustering already does, keep
//! both cores busy (each wave is a parallel loop over document pairs), and the
//! second wave only does work the first left undone.
//!
//! Chance matches are cheap and few: the first wave keeps one anchor per run
//! of equal words (a document pair's anchors on one diagonal whose shingles
//! overlap), and an anchor of a *common* group (a stock phrase of the
//! language, more than [`COMMON_GROUP`] positions) only when something
//! confirms it — its run is a shingle long or more, or another run of the
//! same document pair lies near on the same diagonal band (BLAST's two-hit
//! rule, applied before any text is read). On Markov prose trained on real
//! text (the harsh bench corpus, 100 MB) this halves the alignment CPU with
//! the same recall and precision: most document pairs a stock phrase joins
//! share nothing else, and opening both documents was the cost.
//!
//! Memory: a fingerprint is 8 bytes once sorted (32 hash bits and a
//! corpus-wide word number; 12 more hash bits are implicit in which of 2¹²
//! buckets holds it, see [`Groups`]: a third less than a 64-bit hash). The
//! first pass counts the fingerprints of each bucket, so the second writes
//! each one that may be shared straight into its bucket's region
//! ([`BucketFill`]) in that 8-byte form, and each bucket is sorted on its
//! own; only the shared ones are kept, and they are released before
//! the second wave's alignments. Anchors are generated, thinned and
//! confirmed a block of the corpus at a time, and the stock fingerprints are
//! kept as runs ([`StockMap`]), so a file of one article repeated needs a few
//! anchors and runs per copy, not one per shingle.

use super::seen::Seen;
use super::words;

use crate::corpus::Corpus;
use rayon::prelude::*;

/// What the index keeps of one document.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Number of words.
    pub words: usize,
    /// Byte offset of every [`words::CHECKPOINT`]-th word.
    pub checkpoints: Vec<u32>,
    /// A 4-bit code per word standing for its seed key, for rejecting
    /// chance document pairs before their text is read (empty when not kept).
    pub sketch: super::chance::Sketch,
}

/// Most top bits of a shingle hash that choose its *bucket* (2¹² buckets).
const BUCKET_BITS: u32 = 12;

/// Bucket bits for a corpus of about `expected` fingerprints: one bucket
/// per 2¹⁵ fingerprints (a 256 kB region of [`BucketFill`]), between 2 and
/// 2¹² buckets. A bucket's region is written in part, so each costs up to a
/// page beyond what it holds: with 2¹² buckets on a 10 MB corpus (regions
/// under a page) every page of the fill was resident. Fewer bits on small
/// corpora compare fewer hash bits (`32 + bits`), but a small corpus has
/// proportionally fewer shingles to confuse: the chance that a fingerprint
/// joins a group it does not belong to stays about `n / 2^(32 + bits)`,
/// under 10⁻⁵ at every size.
fn bucket_bits(expected: usize) -> u32 {
    (expected >> 15).max(2).ilog2().clamp(1, BUCKET_BITS)
}

/// One stored fingerprint, 8 bytes: `[h, at]`, the 32 hash bits below the
/// bucket's and where its shingle starts, as a word number counted across
/// the whole corpus. The bucket (the top [`BUCKET_BITS`] of the hash) is not
/// stored: it is where in [`Groups`] the fingerprint lies.
type Fingerprint = [u32; 2];

/// Word number of a fingerprint.
fn at(f: &Fingerprint) -> u32 {
    f[1]
}

/// The bucket of a shingle hash: its top `bits` (1 to [`BUCKET_BITS`]).
fn bucket(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// The stored hash bits of a shingle hash: the 32 below the bucket's `bits`.
fn stored_bits(hash: u64, bits: u32) -> u32 {
    (hash >> (32 - bits)) as u32
}

/// The fingerprints of the second pass, written straight into their
/// buckets: each bucket has a region as large as the first pass counted
/// for it (every fingerprint, shared or not), and only the ones that may
/// be shared are written. The regions are zeroed memory, never touched
/// where nothing is written, so resident memory is about 8 bytes per
/// fingerprint kept (plus at most a page per bucket): no 12- or 16-byte
/// form of them is ever held, and nothing is copied to grow.
struct BucketFill {
    /// `[h, at]` pairs, flattened; region `b` is `start[b]..start[b + 1]`
    /// (in fingerprints).
    flat: Vec<u32>,
    start: Vec<usize>,
    /// Next free slot of each region.
    fill: Vec<usize>,
    /// Bucket bits (`per_bucket.len()` is `2^bits`).
    bits: u32,
}

impl BucketFill {
    /// Empty regions of `per_bucket[b]` fingerprints each.
    fn new(per_bucket: &[usize]) -> Self {
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
        }
    }

    /// Records the shingle of hash `hash` at word number `at` (ignored if
    /// its bucket is full: the first pass counted every fingerprint, so it
    /// never is).
    fn push(&mut self, hash: u64, at: u32) {
        let b = bucket(hash, self.bits);
        let i = self.fill[b];
        if i < self.start[b + 1] {
            self.flat[2 * i] = stored_bits(hash, self.bits);
            self.flat[2 * i + 1] = at;
            self.fill[b] = i + 1;
        }
    }

    /// The [`Groups`] of two fingerprints or more: regions moved together,
    /// the unused tail freed, each bucket sorted (in parallel, each in
    /// cache), singletons dropped.
    fn finish(mut self) -> Groups {
        let buckets = self.fill.len();
        let mut bucket_starts = Vec::with_capacity(buckets + 1);
        let mut kept = 0usize;
        for b in 0..buckets {
            bucket_starts.push(kept as u32);
            let (s, e) = (self.start[b], self.fill[b]);
            self.flat.copy_within(2 * s..2 * e, 2 * kept);
            kept += e - s;
        }
        bucket_starts.push(kept as u32);
        self.flat.truncate(2 * kept);
        self.flat.shrink_to_fit();
        let mut rest: &mut [Fingerprint] = self.flat.as_chunks_mut::<2>().0;
        let mut parts: Vec<&mut [Fingerprint]> = Vec::with_capacity(buckets);
        for b in bucket_starts.windows(2) {
            let (part, tail) = rest.split_at_mut((b[1] - b[0]) as usize);
            parts.push(part);
            rest = tail;
        }
        parts.par_iter_mut().for_each(|p| p.sort_unstable());
        let mut groups = Groups {
            flat: self.flat,
            bucket_starts,
        };
        groups.retain(2);
        groups
    }
}

/// The shared fingerprints, sorted by (hash, word number), as groups of equal
/// hashes: stored 8 bytes each ([`Fingerprint`]) with the start of each of the
/// buckets beside them (up to 2¹², see [`bucket_bits`]), so a group is a run of equal `h` inside one
/// bucket. Two fingerprints of equal `h` on either side of a bucket boundary
/// are two groups.
///
/// Up to 44 hash bits are compared, not 64: a fingerprint falls into a group
/// it does not belong to with probability about `n / 2⁴⁴` for `n` distinct
/// shingles at 2¹² buckets (under 10⁻⁶ at 10⁷; fewer buckets on small corpora
/// keep it about as low, see [`bucket_bits`]), and such a false anchor costs one failed
/// alignment — alignment compares the words themselves, so it never reaches
/// a result. One third less memory than a 64-bit hash (12 bytes), on the
/// largest structure the engine holds while it aligns.
#[derive(Debug, Default)]
struct Groups {
    /// `[h, at]` pairs, flattened.
    flat: Vec<u32>,
    /// Index of the first fingerprint of each bucket, plus the total.
    bucket_starts: Vec<u32>,
}

impl Groups {
    /// The fingerprints, in order.
    fn all(&self) -> &[Fingerprint] {
        self.flat.as_chunks::<2>().0
    }

    /// Number of fingerprints.
    fn len(&self) -> usize {
        self.flat.len() / 2
    }

    /// True when fingerprint `i` starts a bucket.
    fn starts_bucket(&self, i: usize) -> bool {
        self.bucket_starts.binary_search(&(i as u32)).is_ok()
    }

    /// True when fingerprints `i` and `i + 1` are in one group.
    fn same_group(&self, i: usize) -> bool {
        let f = self.all();
        f[i][0] == f[i + 1][0] && !self.starts_bucket(i + 1)
    }

    /// The groups lying wholly inside `r` (a range that starts and ends at
    /// group boundaries), in order.
    fn groups(&self, r: std::ops::Range<usize>) -> impl Iterator<Item = &[Fingerprint]> {
        let all = self.all();
        let first = self
            .bucket_starts
            .partition_point(|&s| s as usize <= r.start)
            .saturating_sub(1);
        self.bucket_starts[first..]
            .windows(2)
            .take_while(move |b| (b[0] as usize) < r.end)
            .flat_map(move |b| {
                let (s, e) = ((b[0] as usize).max(r.start), (b[1] as usize).min(r.end));
                all[s..e.max(s)].chunk_by(|x, y| x[0] == y[0])
            })
    }

    /// Where each group starts (plus the end).
    fn group_starts(&self) -> Vec<u32> {
        let all = self.all();
        let mut starts: Vec<u32> = Vec::new();
        for b in self.bucket_starts.windows(2) {
            for i in b[0]..b[1] {
                if i == b[0] || all[i as usize][0] != all[i as usize - 1][0] {
                    starts.push(i);
                }
            }
        }
        starts.push(self.len() as u32);
        starts
    }

    /// Keeps only the groups of at least `min` fingerprints (in place).
    fn retain(&mut self, min: usize) {
        let starts = self.group_starts();
        let mut kept = 0usize;
        let mut new_starts = Vec::with_capacity(self.bucket_starts.len());
        let mut b = 0;
        for w in starts.windows(2) {
            let (g, e) = (w[0] as usize, w[1] as usize);
            while b < self.bucket_starts.len() && self.bucket_starts[b] as usize <= g {
                new_starts.push(kept as u32);
                b += 1;
            }
            if e - g >= min {
                self.flat.copy_within(2 * g..2 * e, 2 * kept);
                kept += e - g;
            }
        }
        while new_starts.len() < self.bucket_starts.len() {
            new_starts.push(kept as u32);
        }
        self.bucket_starts = new_starts;
        self.flat.truncate(2 * kept);
        self.flat.shrink_to_fit();
    }

    /// Keeps only the first `n` fingerprints (a group boundary) and frees
    /// the rest.
    fn truncate(&mut self, n: usize) {
        self.flat.truncate(2 * n);
        self.flat.shrink_to_fit();
        for s in &mut self.bucket_starts {
            *s = (*s).min(n as u32);
        }
    }
}

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
const CONFIRM_WINDOW: u32 = 40;
/// …on a diagonal at most this far from its own (the two-hit rule of
/// [`super::align`], applied before any text is read).
const CONFIRM_BAND: u32 = 6;
/// Neighbours looked at each way for a confirmation.
const CONFIRM_SCAN: usize = 64;

/// A passage shape is *dominant* in a large group when first-wave passages
/// of that shape cover at least one in this many of the group's positions
/// (see [`Index::dominant_anchors`]): at most this many shapes per group.
pub const DOMINANT_SHARE: usize = 4;

/// Fingerprints shared by fewer positions than this are never stock.
pub const STOCK_MIN: usize = 6;

/// A stretch of one document covered by the shingles of stock fingerprints
/// (each recurring at least [`STOCK_MIN`] times) that all recur the same
/// number of times: consecutive such fingerprints whose shingles overlap or
/// touch merge into one run, so a text repeated a thousand times needs a
/// few runs per copy, not one entry per fingerprint. Word numbers are
/// corpus-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct StockRun {
    /// First word covered.
    start: u32,
    /// One past the last word covered.
    end: u32,
    /// How many positions in the corpus share each of its fingerprints.
    count: u32,
}

/// Longest [`StockRun`] in words (longer stretches are split), so the runs
/// that may cover a word lie a bounded distance before it.
const MAX_RUN: u32 = 1024;

/// Where the corpus's stock shingles lie: the banality filter's evidence
/// (see [`StockMap::covered`]). 12 bytes per run.
#[derive(Debug, Clone, Default)]
pub struct StockMap {
    runs: Vec<StockRun>,
    /// Corpus-wide number of the first word of each document (plus the total).
    first_word: Vec<u32>,
    k: u32,
}

impl StockMap {
    /// Words in the whole corpus (the scale stock counts grow with).
    pub fn corpus_words(&self) -> u64 {
        self.first_word.last().map_or(0, |&w| u64::from(w))
    }

    /// Words of `w0..w1` in document `doc` covered by shingles of stock
    /// fingerprints recurring more than `above` times.
    pub fn covered(&self, doc: u32, w0: u32, w1: u32, above: u32) -> usize {
        let Some(&base) = self.first_word.get(doc as usize) else {
            return 0;
        };
        let (g0, g1) = (base + w0, base + w1);
        let from = g0.saturating_sub(MAX_RUN + self.k);
        let lo = self.runs.partition_point(|r| r.start < from);
        let mut covered = 0usize;
        let mut reach = g0;
        for r in &self.runs[lo..] {
            if r.start >= g1 {
                break;
            }
            if r.count <= above {
                continue;
            }
            let a = r.start.max(reach);
            let b = r.end.min(g1);
            if b > a {
                covered += (b - a) as usize;
                reach = b;
            }
        }
        covered
    }

    /// Number of runs (for tests and statistics).
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// True when the corpus has no stock shingles.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// Stock entries gathered at a time while building the [`StockMap`].
const STOCK_BLOCK: usize = 1 << 16;

/// Fingerprints per block when groups are processed in parallel blocks.
const GROUP_BLOCK: usize = 1 << 16;

/// Blocks of groups ([`GROUP_BLOCK`] fingerprints each) read in parallel
/// before their fingerprints are freed by [`Index::take_extra_anchors`].
const CONSUME_BATCH: usize = 4;

/// Anchors generated at a time by [`Index::spanning_anchors`] before they
/// are thinned and confirmed.
const ANCHOR_BLOCK: usize = 1 << 14;

/// Two positions whose shingles are equal: word `a` of document `da` and word
/// `b` of document `db`, with `(da, a) < (db, b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    /// First document.
    pub da: u32,
    /// Second document (`>= da`).
    pub db: u32,
    /// Word index in `da`.
    pub a: u32,
    /// Word index in `db`.
    pub b: u32,
}

/// Multiplier of the polynomial shingle hash (odd, so invertible mod 2⁶⁴).
const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// Combines `k` word hashes into a shingle hash (order-sensitive): the
/// polynomial `Σ key_i · BASE^(k−1−i)` mod 2⁶⁴, finalised. The index
/// computes the same value as a rolling hash.
pub fn shingle_hash(keys: impl Iterator<Item = u64>) -> u64 {
    let mut h = 0u64;
    for k in keys {
        h = h.wrapping_mul(BASE).wrapping_add(k);
    }
    crate::segment::mix64(h)
}

/// Tokenises one document, calling `emit(pos, hash)` for each winnowed
/// fingerprint; keeps its words' [`super::chance::Sketch`] when `bytes` gives their number
/// (from the first pass: the vector is allocated once, at its size). A text
/// beyond 32-bit offsets (never loaded from disk, see
/// [`crate::corpus::MAX_DOCUMENT_BYTES`]) is treated as having no words.
fn profile_doc(
    text: &str,
    k: usize,
    w: usize,
    bytes: Option<usize>,
    mut emit: impl FnMut(u32, u64),
) -> Profile {
    if text.len() as u64 > crate::corpus::MAX_DOCUMENT_BYTES {
        return Profile::default();
    }
    let keep = bytes.is_some();
    let mut sketch = super::chance::Sketch::with_capacity(bytes.unwrap_or(0));
    let mut ring = vec![0u64; k];
    // BASE^(k-1): the weight of the word leaving the rolling window.
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut rolling = 0u64;
    // Last `w` shingle hashes with their start positions (a ring).
    let mut window: Vec<(u64, u32)> = vec![(0, 0); w];
    let mut last_pick: Option<u32> = None;
    let mut n = 0usize;
    let checkpoints = words::scan_seeds(text, |i, seed, wild| {
        if keep {
            sketch.push(super::chance::code(seed, wild));
        }
        let slot = i % k;
        if i >= k {
            rolling = rolling.wrapping_sub(ring[slot].wrapping_mul(top));
        }
        rolling = rolling.wrapping_mul(BASE).wrapping_add(seed);
        ring[slot] = seed;
        n = i + 1;
        if n < k {
            return;
        }
        let start = n - k;
        window[start % w] = (crate::segment::mix64(rolling), start as u32);
        if start + 1 >= w {
            pick(&window, &mut last_pick, &mut emit);
        }
    });
    // A document with fewer than `w` shingles: its one window is all of them.
    if n >= k && n - k + 1 < w {
        pick(&window[..n - k + 1], &mut last_pick, &mut emit);
    }
    sketch.shrink_to_fit();
    Profile {
        words: n,
        checkpoints,
        sketch,
    }
}

/// Winnowing: the rightmost minimal hash of the window (ties to the later
/// position), unless already taken.
fn pick(window: &[(u64, u32)], last: &mut Option<u32>, emit: &mut impl FnMut(u32, u64)) {
    let mut best = window[0];
    for &c in &window[1..] {
        if c.0 < best.0 || (c.0 == best.0 && c.1 > best.1) {
            best = c;
        }
    }
    if *last != Some(best.1) {
        *last = Some(best.1);
        emit(best.1, best.0);
    }
}

/// Documents are profiled in parallel batches of at most this many bytes, so
/// the per-document fingerprint vectors alive at once stay small…
const BATCH_BYTES: usize = 8 << 20;
/// …and of about a [`BATCH_SHARE`]th of the corpus (but at least this many
/// bytes): a batch's buffers (16 bytes per fingerprint, two per 16 bytes of
/// text) then stay a small part of the peak on a small corpus too.
const MIN_BATCH_BYTES: usize = 1 << 18;
/// See [`MIN_BATCH_BYTES`].
const BATCH_SHARE: usize = 32;

/// Hashes buffered per large document before they are recorded in [`Seen`].
const SEEN_BUFFER: usize = 1 << 18;

/// Splits `docs` into batches of about [`BATCH_BYTES`] (less on a small
/// corpus, see [`MIN_BATCH_BYTES`]; a document larger than that is a batch
/// of its own), as ranges of document numbers.
fn batches(docs: &[crate::corpus::Document]) -> Vec<std::ops::Range<usize>> {
    let total: usize = docs.iter().map(|d| d.len()).sum();
    let limit = (total / BATCH_SHARE).clamp(MIN_BATCH_BYTES, BATCH_BYTES);
    let mut out = Vec::new();
    let mut i = 0;
    while i < docs.len() {
        let mut j = i;
        let mut bytes = 0;
        while j < docs.len() && (j == i || bytes + docs[j].len() <= limit) {
            bytes += docs[j].len();
            j += 1;
        }
        out.push(i..j);
        i = j;
    }
    out
}

/// First pass: records every winnowed fingerprint hash of the corpus in a
/// [`Seen`] sized for about `expected` of them; also returns how many there
/// were in each bucket (see [`Groups`]) and each document's word count.
fn first_pass(
    docs: &[crate::corpus::Document],
    k: usize,
    w: usize,
    expected: usize,
) -> (Seen, Vec<usize>, Vec<usize>) {
    let mut seen = Seen::new(expected);
    let mut words = Vec::with_capacity(docs.len());
    let bits = bucket_bits(expected);
    let mut count = vec![0usize; 1 << bits];
    let tally = |count: &mut [usize], hashes: &[u64]| {
        for &h in hashes {
            count[bucket(h, bits)] += 1;
        }
    };
    for range in batches(docs) {
        if range.len() == 1 {
            // One large document: recorded a buffer at a time.
            let mut buf: Vec<u64> = Vec::with_capacity(SEEN_BUFFER);
            let p = profile_doc(&docs[range.start].text, k, w, None, |_, hash| {
                buf.push(hash);
                if buf.len() == SEEN_BUFFER {
                    seen.add_all(&[&buf]);
                    tally(&mut count, &buf);
                    buf.clear();
                }
            });
            words.push(p.words);
            seen.add_all(&[&buf]);
            tally(&mut count, &buf);
        } else {
            let hashes: Vec<(usize, Vec<u64>)> = docs[range]
                .par_iter()
                .map(|d| {
                    let mut v = Vec::new();
                    let p = profile_doc(&d.text, k, w, None, |_, hash| v.push(hash));
                    (p.words, v)
                })
                .collect();
            words.extend(hashes.iter().map(|h| h.0));
            let slices: Vec<&[u64]> = hashes.iter().map(|h| h.1.as_slice()).collect();
            seen.add_all(&slices);
            for s in &slices {
                tally(&mut count, s);
            }
        }
    }
    (seen, count, words)
}

/// The index of a corpus: per-document profiles, the shared fingerprints and
/// the stock ones. Anchors are drawn from it in two waves (see the module doc).
#[derive(Debug)]
pub struct Index {
    /// What was kept of each document.
    pub profiles: Vec<Profile>,
    /// Where fingerprints that recur (at least [`STOCK_MIN`] positions) lie:
    /// the banality filter's evidence.
    pub stock: StockMap,
    /// Fingerprints shared by two positions or more, as groups of equal hashes.
    shared: Groups,
    /// Corpus-wide number of the first word of each document (plus the total).
    first_word: Vec<u32>,
    k: usize,
    all_pairs_limit: usize,
}

/// Profiles every document and builds the [`Index`]: shingles of `k` words,
/// winnowing window `w`, all pairs of a group only up to `all_pairs_limit`
/// positions.
pub fn build(corpus: &Corpus, k: usize, w: usize, all_pairs_limit: usize) -> Index {
    let docs = &corpus.documents;
    let mut profiles = vec![Profile::default(); docs.len()];
    let mut first_word: Vec<u32> = Vec::with_capacity(docs.len() + 1);
    // About one fingerprint per 8 bytes of text (prose has about one word per
    // 6 bytes and winnowing keeps about half the shingles).
    let estimate: usize = docs.iter().map(|d| d.len() / 8 + 1).sum();
    // First pass: which hashes occur twice or more (see `Seen`).
    let (seen, per_bucket, n_words) = first_pass(docs, k, w, estimate);
    let mut fps = BucketFill::new(&per_bucket);
    // Word numbers are 32-bit: a corpus of more than 4·10⁹ words (far beyond
    // what fits in memory as text) has its later documents left unindexed.
    let mut total: u64 = 0;
    let room = |total: u64| total < u64::from(u32::MAX);
    let push = |fps: &mut BucketFill, base: u64, v: &[(u32, u64)]| {
        for &(pos, hash) in v {
            if let Ok(at) = u32::try_from(base + u64::from(pos)) {
                fps.push(hash, at);
            }
        }
    };
    for range in batches(docs) {
        if range.len() == 1 {
            // One large document: its fingerprints a buffer at a time.
            let i = range.start;
            first_word.push(total.min(u64::from(u32::MAX)) as u32);
            let base = total;
            if room(total) {
                let mut buf: Vec<(u32, u64)> = Vec::with_capacity(SEEN_BUFFER);
                profiles[i] = profile_doc(&docs[i].text, k, w, Some(n_words[i]), |pos, hash| {
                    buf.push((pos, hash));
                    if buf.len() == SEEN_BUFFER {
                        seen.retain_shared(&mut buf);
                        push(&mut fps, base, &buf);
                        buf.clear();
                    }
                });
                seen.retain_shared(&mut buf);
                push(&mut fps, base, &buf);
            }
            total += profiles[i].words as u64;
        } else {
            let start = range.start;
            let batch: Vec<(Profile, Vec<(u32, u64)>)> = range
                .into_par_iter()
                .map(|d| {
                    let mut v = Vec::new();
                    let p = profile_doc(&docs[d].text, k, w, Some(n_words[d]), |pos, hash| {
                        v.push((pos, hash))
                    });
                    seen.retain_shared(&mut v);
                    v.shrink_to_fit();
                    (p, v)
                })
                .collect();
            for (off, (p, v)) in batch.into_iter().enumerate() {
                first_word.push(total.min(u64::from(u32::MAX)) as u32);
                let base = total;
                if room(total) {
                    push(&mut fps, base, &v);
                    total += p.words as u64;
                    profiles[start + off] = p;
                }
            }
        }
    }
    first_word.push(total.min(u64::from(u32::MAX)) as u32);
    drop(seen);
    let shared = fps.finish();
    let mut index = Index {
        profiles,
        stock: StockMap::default(),
        shared,
        first_word,
        k,
        all_pairs_limit,
    };
    index.stock = index.stock_map();
    index
}

impl Index {
    /// Document and position of a corpus-wide word number.
    fn locate(&self, at: u32) -> (u32, u32) {
        let d = self.first_word.partition_point(|&f| f <= at) - 1;
        // Empty documents share their first word number with the next one:
        // the partition point already skips past them.
        (d as u32, at - self.first_word[d])
    }

    /// Ranges of `shared` holding whole groups of equal hashes, about
    /// [`GROUP_BLOCK`] fingerprints each (a larger group is a block of its own).
    fn group_blocks(&self) -> Vec<std::ops::Range<usize>> {
        let n = self.shared.len();
        let mut out = Vec::with_capacity(n / GROUP_BLOCK + 1);
        let mut s = 0;
        while s < n {
            let mut e = (s + GROUP_BLOCK).min(n);
            while e < n && self.shared.same_group(e - 1) {
                e += 1;
            }
            out.push(s..e);
            s = e;
        }
        out
    }

    /// Calls `f(group, out)` for every group of equal hashes (its positions
    /// as (document, position), in order), in parallel over blocks of groups,
    /// and concatenates what the calls push, in group order. No per-group
    /// list is built up front, and each block's output is freed as it is
    /// copied, so the peak is about one copy of the result.
    fn per_group<T: Send>(&self, f: impl Fn(&[(u32, u32)], &mut Vec<T>) + Sync) -> Vec<T> {
        let parts: Vec<Vec<T>> = self
            .group_blocks()
            .into_par_iter()
            .map(|r| {
                let mut out = Vec::new();
                self.each_group(r, |g| f(g, &mut out));
                out.shrink_to_fit();
                out
            })
            .collect();
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            out.extend(part);
        }
        out
    }

    /// Calls `f(group)` for every group of equal hashes in `r` (a range of
    /// whole groups), its positions as (document, position), in order.
    fn each_group(&self, r: std::ops::Range<usize>, mut f: impl FnMut(&[(u32, u32)])) {
        let mut members: Vec<(u32, u32)> = Vec::new();
        for g in self.shared.groups(r) {
            members.clear();
            members.extend(g.iter().map(|x| self.locate(at(x))));
            f(&members);
        }
    }

    /// Where each group of equal hashes starts in `shared` (plus the end).
    fn group_starts(&self) -> Vec<u32> {
        self.shared.group_starts()
    }

    /// Splits the corpus's word numbers into `n` ranges of about equal size,
    /// each starting at a document's first word unless that document spans
    /// the whole range (a large document is split inside).
    fn word_blocks(&self, n: usize) -> Vec<std::ops::Range<u32>> {
        let total = *self.first_word.last().unwrap_or(&0);
        let n = n.max(1);
        let mut bounds = vec![0u32];
        for b in 1..n {
            let raw = (u64::from(total) * b as u64 / n as u64) as u32;
            let d = self
                .first_word
                .partition_point(|&f| f <= raw)
                .saturating_sub(1);
            let snapped = self.first_word.get(d).copied().unwrap_or(raw);
            let prev = *bounds.last().unwrap_or(&0);
            let at = if snapped > prev { snapped } else { raw };
            if at > prev && at < total {
                bounds.push(at);
            }
        }
        bounds.push(total.max(1));
        bounds.windows(2).map(|w| w[0]..w[1]).collect()
    }

    /// Visits the groups of equal hashes (`starts`, as from
    /// [`Groups::group_starts`]) that `keep` accepts a block of corpus words
    /// at a time (`blocks`: contiguous, in order, as from
    /// [`Index::word_blocks`]): for each block, `f(group, i0..i1)` gives the
    /// items of the group's fingerprints `i0..i1` (those whose word lies in
    /// the block), in parallel, and `each` receives the block's items. Each
    /// group is visited only in the blocks its words lie in (a queue per
    /// block holds the groups whose next word lies there), so the cost
    /// follows the fingerprints, not groups × blocks.
    fn blockwise<'a, T, I>(
        &'a self,
        starts: &[u32],
        blocks: &[std::ops::Range<u32>],
        keep: impl Fn(&[Fingerprint]) -> bool,
        f: impl Fn(&'a [Fingerprint], std::ops::Range<usize>) -> I + Sync,
        mut each: impl FnMut(Vec<T>),
    ) where
        T: Send,
        I: Iterator<Item = T>,
    {
        let all = self.shared.all();
        let group = |gi: u32| &all[starts[gi as usize] as usize..starts[gi as usize + 1] as usize];
        let block_of = |w: u32| blocks.partition_point(|b| b.end <= w) as u32;
        let n_groups = starts.len().saturating_sub(1);
        // Per group, its first fingerprint not visited yet.
        let mut cursor: Vec<u32> = vec![0; n_groups];
        let mut queue: Vec<Vec<u32>> = vec![Vec::new(); blocks.len()];
        for gi in 0..n_groups as u32 {
            let g = group(gi);
            if keep(g)
                && let Some(q) = queue.get_mut(block_of(at(&g[0])) as usize)
            {
                q.push(gi);
            }
        }
        for (b, block) in blocks.iter().enumerate() {
            let mut list = std::mem::take(&mut queue[b]);
            // In group order: the groups are read in the order they lie in
            // memory, and the items come out as a scan of all groups gives them.
            list.sort_unstable();
            let cursors = &cursor;
            // Per listed group: its fingerprints in the block, and the block
            // of the next one (`u32::MAX`: none).
            let spans: Vec<(u32, u32, u32)> = list
                .par_iter()
                .map(|&gi| {
                    let g = group(gi);
                    let i0 = cursors[gi as usize] as usize;
                    let i1 = i0 + g[i0..].iter().take_while(|x| at(x) < block.end).count();
                    let next = g.get(i1).map_or(u32::MAX, |x| block_of(at(x)));
                    (i0 as u32, i1 as u32, next)
                })
                .collect();
            let v: Vec<T> = list
                .par_iter()
                .zip(&spans)
                .flat_map_iter(|(&gi, &(i0, i1, _))| f(group(gi), i0 as usize..i1 as usize))
                .collect();
            for (&gi, &(_, i1, next)) in list.iter().zip(&spans) {
                cursor[gi as usize] = i1;
                if let Some(q) = queue.get_mut(next as usize) {
                    q.push(gi);
                }
            }
            each(v);
        }
    }

    /// The stock runs of the shared fingerprints (those of groups of at
    /// least [`STOCK_MIN`]), gathered a block of the corpus at a time so that
    /// no per-fingerprint list of them is ever held whole.
    fn stock_map(&self) -> StockMap {
        let starts = self.group_starts();
        let entries: usize = starts
            .windows(2)
            .map(|w| (w[1] - w[0]) as usize)
            .filter(|&n| n >= STOCK_MIN)
            .sum();
        let k = self.k as u32;
        // At most one run per entry (see `spanning_anchors` on reserving).
        let mut runs: Vec<StockRun> = Vec::with_capacity(entries);
        let blocks = self.word_blocks(entries.div_ceil(STOCK_BLOCK));
        self.blockwise(
            &starts,
            &blocks,
            |g| g.len() >= STOCK_MIN,
            |g, r| {
                let count = g.len() as u32;
                g[r].iter().map(move |f| (at(f), count))
            },
            |mut v: Vec<(u32, u32)>| {
                v.par_sort_unstable();
                let mut doc_end = 0u32;
                let mut open: Option<StockRun> = None;
                for (at, count) in v {
                    if at >= doc_end {
                        let d = self.first_word.partition_point(|&f| f <= at);
                        doc_end = self.first_word.get(d).copied().unwrap_or(u32::MAX);
                        runs.extend(open.take());
                    }
                    let end = at.saturating_add(k).min(doc_end);
                    match open.as_mut() {
                        Some(r) if r.count == count && at <= r.end && end - r.start <= MAX_RUN => {
                            r.end = r.end.max(end);
                        }
                        _ => {
                            runs.extend(open.take());
                            open = Some(StockRun {
                                start: at,
                                end,
                                count,
                            });
                        }
                    }
                }
                runs.extend(open);
            },
        );
        runs.shrink_to_fit();
        StockMap {
            runs,
            first_word: self.first_word.clone(),
            k,
        }
    }

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
    ///   ([`confirmed`]).
    ///
    /// Sorted. Afterwards only the groups the second wave draws from (3
    /// positions or more) are kept.
    pub fn spanning_anchors(&mut self) -> Vec<Anchor> {
        let k = self.k;
        let starts = self.group_starts();
        let upper = self.shared.len() + 1 - starts.len();
        // Reserved at the most it can hold (pages never written are never
        // resident, and the vector is never copied to grow).
        let mut out: Vec<Anchor> = Vec::with_capacity(upper);
        let this: &Index = self;
        let blocks = this.word_blocks(upper.div_ceil(ANCHOR_BLOCK));
        this.blockwise(
            &starts,
            &blocks,
            |_| true,
            |g, r| {
                let common = g.len() > COMMON_GROUP;
                r.filter_map(move |i| {
                    let x = this.locate(at(&g[i]));
                    let y = g[i + 1..]
                        .iter()
                        .map(|f| this.locate(at(f)))
                        .find(|y| pairable(x, *y, k))?;
                    Some((anchor(x, y), common))
                })
            },
            |v| out.extend(thin_and_confirm(v, k as u32)),
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
    fn extra_of(
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
    /// phrase's chance matches — get none). Sorted.
    pub fn dominant_anchors(
        &self,
        cover: impl Fn(u32, u32) -> Vec<(u32, u32, u32)> + Sync,
    ) -> Vec<Anchor> {
        let limit = self.all_pairs_limit;
        let mut out: Vec<Anchor> = self.per_group(|g, v| {
            if g.len() <= limit {
                return;
            }
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
            let dominant: Vec<(u32, u32)> = shapes
                .chunk_by(|x, y| x == y)
                .filter(|c| c.len() >= 2 && c.len() * DOMINANT_SHARE >= g.len())
                .map(|c| c[0])
                .collect();
            for sh in dominant {
                // The representative: covered by passages of this shape
                // only (else by one of them at least).
                let of_shape = |i: usize| cs[i].iter().find(|c| shape(g[i].1, c) == sh);
                let tight = (0..g.len())
                    .find(|&i| !cs[i].is_empty() && cs[i].iter().all(|c| shape(g[i].1, c) == sh));
                let Some(r) = tight.or_else(|| (0..g.len()).find(|&i| of_shape(i).is_some()))
                else {
                    continue;
                };
                let Some(&(root, _, _)) = of_shape(r) else {
                    continue;
                };
                let y = g[r];
                for (&x, c) in g.iter().zip(&cs) {
                    if c.is_empty() || x.0 == y.0 || c.iter().any(|c| c.0 == root) {
                        continue;
                    }
                    v.push(if x < y { anchor(x, y) } else { anchor(y, x) });
                }
            }
        });
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

    /// Frees the shared fingerprints (no anchors can be drawn afterwards).
    pub fn release_fingerprints(&mut self) {
        self.shared = Groups::default();
    }

    /// Frees the documents' sketches, once the last anchors have been
    /// filtered ([`super::chance`]).
    pub fn release_sketches(&mut self) {
        for p in &mut self.profiles {
            p.sketch = super::chance::Sketch::default();
        }
    }
}

/// The diagonal of an anchor, as a sort key (equal for equal diagonals).
fn diagonal(x: &Anchor) -> u32 {
    x.b.wrapping_sub(x.a)
}

/// Thins a block of first-wave anchors (each tagged `true` when its group
/// is common) to one per run and drops the common ones nothing confirms
/// (see [`Index::spanning_anchors`]). Sorted.
fn thin_and_confirm(mut v: Vec<(Anchor, bool)>, k: u32) -> Vec<Anchor> {
    v.par_sort_unstable_by_key(|(x, _)| (x.da, x.db, diagonal(x), x.a));
    // One anchor per run, tagged `true` while it still needs confirmation.
    let mut w = 0;
    let mut i = 0;
    while i < v.len() {
        let (first, mut weak) = v[i];
        let mut last = first.a;
        let mut j = i + 1;
        while j < v.len() {
            let (y, common) = v[j];
            if (y.da, y.db, diagonal(&y)) != (first.da, first.db, diagonal(&first))
                || y.a > last + k
            {
                break;
            }
            weak &= common;
            last = y.a;
            j += 1;
        }
        v[w] = (first, weak && last < first.a + k);
        w += 1;
        i = j;
    }
    v.truncate(w);
    v.shrink_to_fit();
    v.par_sort_unstable_by_key(|(x, _)| *x);
    let keep: Vec<bool> = (0..v.len())
        .into_par_iter()
        .map(|i| !v[i].1 || confirmed(&v, i, k))
        .collect();
    v.into_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|((x, _), _)| x)
        .collect()
}

/// True when anchor `i` of `v` (sorted, one per run) has a neighbour: same
/// document pair, within [`CONFIRM_WINDOW`] words on side A, diagonals at
/// most [`CONFIRM_BAND`] apart (another run: on its own diagonal it lies
/// `k` words away at least).
fn confirmed(v: &[(Anchor, bool)], i: usize, k: u32) -> bool {
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
fn pairable(x: (u32, u32), y: (u32, u32), k: usize) -> bool {
    x.0 != y.0 || y.1 as usize >= x.1 as usize + k
}

fn anchor(x: (u32, u32), y: (u32, u32)) -> Anchor {
    Anchor {
        da: x.0,
        db: y.0,
        a: x.1,
        b: y.1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn corpus(texts: &[&str]) -> Corpus {
        Corpus {
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("d{i}"), *t))
                .collect(),
        }
    }

    #[test]
    fn shared_run_gives_an_anchor_on_its_diagonal() {
        let c = corpus(&[
            "alpha beta gamma delta epsilon zeta eta theta iota kappa",
            "one two alpha beta gamma delta epsilon zeta eta three",
        ]);
        let mut ix = build(&c, 5, 3, 16);
        let anchors = ix.all_anchors();
        assert_eq!(ix.profiles[0].words, 10);
        assert_eq!(ix.profiles[1].words, 10);
        assert!(!anchors.is_empty());
        for a in &anchors {
            assert_eq!((a.da, a.db), (0, 1));
            assert_eq!(a.b, a.a + 2);
        }
    }

    #[test]
    fn ocr_misreadings_share_shingles_through_seed_keys() {
        // No word of the shingle has equal keys on both sides.
        let c = corpus(&[
            "one the copyright permission notice appears two",
            "three thc c0pyright perrnission n0tice appcars four",
        ]);
        let anchors = build(&c, 5, 1, 16).all_anchors();
        assert_eq!(
            anchors,
            [Anchor {
                da: 0,
                db: 1,
                a: 1,
                b: 1
            }]
        );
    }

    #[test]
    fn repeats_within_one_document_pair_without_overlap() {
        let c = corpus(&["x a b c d e f g y a b c d e f g z"]);
        let anchors = build(&c, 5, 3, 16).all_anchors();
        assert!(!anchors.is_empty());
        for a in &anchors {
            assert_eq!((a.da, a.db), (0, 0));
            assert_eq!(a.b, a.a + 8);
        }
    }

    #[test]
    fn short_documents_still_get_a_fingerprint() {
        let c = corpus(&["a b c d e", "a b c d e"]);
        let anchors = build(&c, 5, 3, 16).all_anchors();
        assert_eq!(
            anchors,
            [Anchor {
                da: 0,
                db: 1,
                a: 0,
                b: 0
            }]
        );
    }

    #[test]
    fn large_groups_pair_consecutively_one_anchor_per_run() {
        // Forty documents sharing eleven words: seven groups of forty
        // positions, each document pair's anchors on one diagonal run.
        let texts = vec!["p q r s t u v w x y z"; 40];
        let anchors = build(&corpus(&texts), 5, 1, 16).all_anchors();
        // A path of 39 consecutive pairs, not all 780 pairs, and one anchor
        // per run, not seven.
        assert_eq!(anchors.len(), 39);
        assert!(
            anchors
                .iter()
                .all(|x| x.a == 0 && x.b == 0 && x.db == x.da + 1)
        );
    }

    #[test]
    fn a_common_shingle_needs_a_confirming_neighbour() {
        // Ten documents share one five-word phrase (a common group); only
        // documents 4 and 5 share more: a rare shingle nine words on.
        let texts: Vec<String> = (0..10)
            .map(|i| {
                let tail = if i == 4 || i == 5 {
                    "m n o p q".to_string()
                } else {
                    format!("m{i} n{i} o{i} p{i} q{i}")
                };
                format!("u{i} a b c d e f{i} g{i} h{i} i{i} {tail} z{i}")
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut ix = build(&corpus(&refs), 5, 1, 16);
        let at = |da, a, db, b| Anchor { da, db, a, b };
        // The lone common anchors are dropped; 4–5's is confirmed by the
        // rare one on its diagonal.
        assert_eq!(ix.spanning_anchors(), [at(4, 1, 5, 1), at(4, 10, 5, 10)]);
    }

    #[test]
    fn a_repeated_text_gives_one_anchor_per_run() {
        // One document: the same twelve words four times.
        let unit = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 ";
        let text = unit.repeat(4);
        let anchors = build(&corpus(&[&text]), 5, 1, 16).all_anchors();
        // Each copy with the next, on diagonal 12: one run from word 0.
        assert_eq!(
            anchors,
            [Anchor {
                da: 0,
                db: 0,
                a: 0,
                b: 12
            }]
        );
    }

    #[test]
    fn blockwise_visits_each_fingerprint_once_in_its_block_in_group_order() {
        // Groups of two to nine places spread over eight documents, and a
        // document larger than a block (split inside).
        let mut docs = vec![String::new(); 8];
        for j in 0..300usize {
            let passage: String = (0..30).map(|i| format!("p{j}q{i} ")).collect();
            for c in 0..2 + j % 8 {
                docs[(j * 5 + c * 3) % 8].push_str(&passage);
            }
        }
        let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
        let ix = build(&corpus(&texts), 5, 1, 16);
        let starts = ix.group_starts();
        let all = ix.shared.all();
        let keep = |g: &[Fingerprint]| !g.len().is_multiple_of(3);
        for n in [1, 3, 17, 64] {
            let blocks = ix.word_blocks(n);
            let mut got: Vec<Vec<(usize, u32)>> = Vec::new();
            ix.blockwise(
                &starts,
                &blocks,
                keep,
                |g, r| {
                    // The group's number, recovered from its first fingerprint.
                    let gi = starts.partition_point(|&s| {
                        (s as usize) < (g.as_ptr() as usize - all.as_ptr() as usize) / 8
                    });
                    r.map(move |i| (gi, at(&g[i])))
                },
                |v| got.push(v),
            );
            let expected: Vec<Vec<(usize, u32)>> = blocks
                .iter()
                .map(|b| {
                    (0..starts.len() - 1)
                        .flat_map(|gi| {
                            let g = &all[starts[gi] as usize..starts[gi + 1] as usize];
                            g.iter()
                                .filter(move |_| keep(g))
                                .map(move |f| (gi, at(f)))
                                .filter(|&(_, w)| b.contains(&w))
                        })
                        .collect()
                })
                .collect();
            assert!(
                blocks.len() >= n.min(8),
                "{n} blocks asked, {} made",
                blocks.len()
            );
            assert_eq!(got, expected, "{n} blocks");
        }
    }

    #[test]
    fn taking_the_second_wave_gives_the_same_anchors_and_frees_the_fingerprints() {
        // 2,000 passages of 200 words, each in four of twelve documents:
        // about 1.6 M fingerprints, so the groups are read in several batches.
        let mut docs = vec![String::new(); 12];
        for j in 0..2000usize {
            let passage: String = (0..200).map(|i| format!("w{}x{} ", j, i % 97)).collect();
            for d in [j, j + 1, j + 3, j + 7] {
                docs[d % 12].push_str(&passage);
            }
        }
        let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
        let c = corpus(&texts);
        let needed = |x: &Anchor| (x.a + x.b + x.da).is_multiple_of(3);
        let mut ix = build(&c, 5, 1, 16);
        ix.spanning_anchors();
        assert!(ix.group_blocks().len() > 2 * CONSUME_BATCH);
        let expected = ix.extra_anchors(needed);
        assert!(expected.len() > 100_000);
        assert_eq!(ix.take_extra_anchors(needed), expected);
        assert_eq!(ix.shared.len(), 0);
        assert!(ix.extra_anchors(|_| true).is_empty());
    }

    #[test]
    fn small_groups_pair_along_a_path_first_and_the_rest_on_demand() {
        // Four documents sharing one shingle, an empty document among them.
        let c = corpus(&["p q r s t", "", "p q r s t", "x p q r s t", "p q r s t"]);
        let mut ix = build(&c, 5, 1, 16);
        let at = |da, a, db, b| Anchor { da, db, a, b };
        assert_eq!(
            ix.spanning_anchors(),
            [at(0, 0, 2, 0), at(2, 0, 3, 1), at(3, 1, 4, 0)]
        );
        assert_eq!(
            ix.extra_anchors(|_| true),
            [at(0, 0, 3, 1), at(0, 0, 4, 0), at(2, 0, 4, 0)]
        );
        // The caller drops the pairs the path explains.
        // Groups of four give all their pairs whatever the caller says.
        assert_eq!(ix.extra_anchors(|_| false).len(), 3);
        // Larger groups only those the caller needs.
        let mut ix = build(&corpus(&["p q r s t"; 6]), 5, 1, 16);
        assert_eq!(ix.spanning_anchors().len(), 5);
        assert_eq!(
            ix.extra_anchors(|x| x.da == 0),
            [
                at(0, 0, 2, 0),
                at(0, 0, 3, 0),
                at(0, 0, 4, 0),
                at(0, 0, 5, 0)
            ]
        );
        assert_eq!(ix.all_anchors().len(), 15);
    }

    #[test]
    fn only_shared_fingerprints_are_kept_and_stock_is_located() {
        // Six copies of one shingle (stock) in documents with other words.
        let texts: Vec<String> = (0..6)
            .map(|i| format!("u{i} v{i} w{i} a b c d e"))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let ix = build(&corpus(&refs), 5, 1, 16);
        assert_eq!(ix.shared.len(), 6);
        assert_eq!(ix.stock.len(), 6);
        for d in 0..6 {
            // Words 3..8 of each document, when the threshold is below six.
            assert_eq!(ix.stock.covered(d, 0, 8, 5), 5);
            assert_eq!(ix.stock.covered(d, 4, 6, 5), 2);
            assert_eq!(ix.stock.covered(d, 0, 3, 5), 0);
            assert_eq!(ix.stock.covered(d, 0, 8, 6), 0);
        }
        assert_eq!(std::mem::size_of::<Fingerprint>(), 8);
    }

    /// The hash whose bucket is `b` and stored bits `h`.
    fn hash_of(b: u32, h: u32) -> u64 {
        (u64::from(b) << 52) | (u64::from(h) << 20) | 0x5_4321
    }

    #[test]
    fn groups_are_runs_of_equal_hash_inside_one_bucket() {
        // (bucket, h, at), in any order. Bucket 3 ends and bucket 4 starts
        // with the same `h`: two groups, not one. Singletons are dropped.
        let v: Vec<[u32; 3]> = vec![
            [3, 9, 8],
            [0, 7, 1],
            [3, 5, 9],
            [4095, 1, 12],
            [3, 5, 2],
            [3, 9, 4],
            [4, 9, 5],
            [3, 9, 6],
            [4, 9, 3],
            [4, 11, 0],
            [4095, 1, 10],
        ];
        let mut per_bucket = vec![0usize; 1 << BUCKET_BITS];
        for e in &v {
            per_bucket[e[0] as usize] += 1;
        }
        // A region larger than what is written (unshared fingerprints).
        per_bucket[4] += 3;
        let mut fill = BucketFill::new(&per_bucket);
        for e in &v {
            fill.push(hash_of(e[0], e[1]), e[2]);
        }
        let mut g = fill.finish();
        assert_eq!(
            g.all(),
            &[
                [5, 2],
                [5, 9],
                [9, 4],
                [9, 6],
                [9, 8],
                [9, 3],
                [9, 5],
                [1, 10],
                [1, 12]
            ]
        );
        assert_eq!(g.group_starts(), vec![0, 2, 5, 7, 9]);
        assert!(g.same_group(3) && !g.same_group(4) && g.same_group(5));
        let groups: Vec<Vec<u32>> = g.groups(0..9).map(|x| x.iter().map(at).collect()).collect();
        assert_eq!(
            groups,
            vec![vec![2, 9], vec![4, 6, 8], vec![3, 5], vec![10, 12]]
        );
        let tail: Vec<usize> = g.groups(5..9).map(<[_]>::len).collect();
        assert_eq!(tail, vec![2, 2]);
        // Keeping groups of three: the bucket starts follow.
        g.retain(3);
        assert_eq!(g.all(), &[[9, 4], [9, 6], [9, 8]]);
        assert_eq!(g.group_starts(), vec![0, 3]);
        assert_eq!(g.bucket_starts[3], 0);
        assert_eq!(g.bucket_starts[4], 3);
        assert_eq!(g.bucket_starts[1 << BUCKET_BITS], 3);
    }

    #[test]
    fn a_fingerprint_keeps_the_top_44_bits_of_the_hash() {
        let h = 0xABCD_EF01_2345_6789;
        assert_eq!((bucket(h, 12), stored_bits(h, 12)), (0xABC, 0xDEF0_1234));
        // Fewer bucket bits on a small corpus: the 32 bits below them.
        assert_eq!((bucket(h, 5), stored_bits(h, 5)), (0x15, 0x79BD_E024));
        assert_eq!(bucket_bits(0), 1);
        assert_eq!(bucket_bits(1_270_000), 5);
        assert_eq!(bucket_bits(130_000_000), 11);
        assert_eq!(bucket_bits(1 << 40), 12);
        assert_eq!(hash_of(0xABC, 0xDEF0_1234) >> 20, h >> 20);
    }

    #[test]
    fn stock_shingles_of_equal_count_merge_into_runs() {
        // Eight documents of the same ten words: six stock fingerprints each,
        // all recurring eight times, one run per document.
        let texts = vec!["a b c d e f g h i j"; 8];
        let ix = build(&corpus(&texts), 5, 1, 16);
        assert_eq!(ix.shared.len(), 48);
        assert_eq!(ix.stock.len(), 8);
        assert_eq!(ix.stock.covered(3, 0, 10, 7), 10);
        assert_eq!(ix.stock.covered(3, 2, 5, 7), 3);
        assert_eq!(ix.stock.covered(7, 9, 10, 7), 1);
        assert_eq!(ix.stock.covered(3, 0, 10, 8), 0);
    }

    #[test]
    fn rolling_hash_equals_shingle_hash() {
        let text = "one two three four five six seven";
        let mut keys = Vec::new();
        words::scan_seeds(text, |_, s, _| keys.push(s));
        let mut got = Vec::new();
        profile_doc(text, 5, 1, None, |pos, h| got.push((pos, h)));
        let want: Vec<(u32, u64)> = (0..3)
            .map(|p| (p as u32, shingle_hash(keys[p..p + 5].iter().copied())))
            .collect();
        assert_eq!(got, want);
    }
}
