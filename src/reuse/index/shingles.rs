//! Winnowed shingle fingerprints of each document, and the first pass that
//! learns which recur.

use super::*;
use rayon::prelude::*;

/// Multiplier of the polynomial shingle hash (odd, so invertible mod 2⁶⁴).
pub(super) const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

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
/// fingerprint; keeps its words' [`crate::reuse::chance::Sketch`] when `bytes` gives their number
/// (from the first pass: the vector is allocated once, at its size). A text
/// beyond 32-bit offsets (never loaded from disk, see
/// [`crate::corpus::MAX_DOCUMENT_BYTES`]) is treated as having no words.
/// A long document is segmented in parallel parts (see `split`), with the
/// same result.
pub(super) fn profile_doc(
    text: &str,
    k: usize,
    w: usize,
    bytes: Option<usize>,
    emit: impl FnMut(u32, u64) + Send,
) -> Built {
    if text.len() as u64 > crate::corpus::MAX_DOCUMENT_BYTES {
        return Built::default();
    }
    let mut shingler = Shingler::new(k, w, bytes, emit);
    if let Some(checkpoints) =
        super::split::scan_in_parts(text, |i, seed, wild| shingler.word(i, seed, wild))
    {
        return shingler.finish(checkpoints);
    }
    let checkpoints = words::scan_seeds(text, |i, seed, wild| shingler.word(i, seed, wild));
    shingler.finish(checkpoints)
}

/// The fingerprints and sketch of one document, fed its words' seed keys in
/// order (see [`profile_doc`]).
struct Shingler<E> {
    k: usize,
    w: usize,
    keep: bool,
    sketch: crate::reuse::chance::SketchBuilder,
    ring: Vec<u64>,
    /// BASE^(k-1): the weight of the word leaving the rolling window.
    top: u64,
    rolling: u64,
    /// Last `w` shingle hashes with their start positions (a ring).
    window: Vec<(u64, u32)>,
    last_pick: Option<u32>,
    /// Words fed so far.
    n: usize,
    /// `n % k` and (once `n >= k`) `(n - k) % w`, kept as counters: the
    /// places in `ring` and `window` of the next word and shingle (a
    /// division per word each, otherwise).
    ring_at: usize,
    window_at: usize,
    emit: E,
}

impl<E: FnMut(u32, u64)> Shingler<E> {
    /// Shingles of `k` words winnowed in windows of `w`; the sketch kept
    /// when `bytes` gives the number of words.
    fn new(k: usize, w: usize, bytes: Option<usize>, emit: E) -> Self {
        Shingler {
            k,
            w,
            keep: bytes.is_some(),
            sketch: crate::reuse::chance::SketchBuilder::with_capacity(bytes.unwrap_or(0)),
            ring: vec![0u64; k],
            top: (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE)),
            rolling: 0,
            window: vec![(0, 0); w],
            last_pick: None,
            n: 0,
            ring_at: 0,
            window_at: 0,
            emit,
        }
    }

    /// Word `i` (the next one), of seed key `seed`.
    #[inline]
    fn word(&mut self, i: usize, seed: u64, wild: bool) {
        let k = self.k;
        if self.keep {
            self.sketch.push(crate::reuse::chance::code(seed, wild));
        }
        debug_assert_eq!(i, self.n, "words are fed in order");
        let slot = self.ring_at;
        self.ring_at = if slot + 1 == k { 0 } else { slot + 1 };
        if i >= k {
            self.rolling = self
                .rolling
                .wrapping_sub(self.ring[slot].wrapping_mul(self.top));
        }
        self.rolling = self.rolling.wrapping_mul(BASE).wrapping_add(seed);
        self.ring[slot] = seed;
        self.n = i + 1;
        if self.n < k {
            return;
        }
        let start = self.n - k;
        let at = self.window_at;
        self.window_at = if at + 1 == self.w { 0 } else { at + 1 };
        self.window[at] = (crate::segment::mix64(self.rolling), start as u32);
        if start + 1 >= self.w {
            pick(&self.window, &mut self.last_pick, &mut self.emit);
        }
    }

    /// The document's profile, given its checkpoints.
    fn finish(mut self, checkpoints: Vec<u32>) -> Built {
        let (n, k, w) = (self.n, self.k, self.w);
        // A document with fewer than `w` shingles: its one window is all of them.
        if n >= k && n - k + 1 < w {
            pick(
                &self.window[..n - k + 1],
                &mut self.last_pick,
                &mut self.emit,
            );
        }
        Built {
            words: n,
            checkpoints,
            sketch: self.sketch,
        }
    }
}

/// Winnowing: the rightmost minimal hash of the window (ties to the later
/// position), unless already taken.
pub(super) fn pick(window: &[(u64, u32)], last: &mut Option<u32>, emit: &mut impl FnMut(u32, u64)) {
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
pub(super) const BATCH_BYTES: usize = 8 << 20;
/// …and of about a [`BATCH_SHARE`]th of the corpus (but at least this many
/// bytes): a batch's buffers (16 bytes per fingerprint, two per 16 bytes of
/// text) then stay a small part of the peak on a small corpus too.
pub(super) const MIN_BATCH_BYTES: usize = 1 << 18;
/// See [`MIN_BATCH_BYTES`].
pub(super) const BATCH_SHARE: usize = 32;

/// Most hashes buffered per large document before they are recorded in
/// [`Seen`] (see [`seen_buffer`]).
pub(super) const SEEN_BUFFER: usize = 1 << 18;

/// Hashes buffered for a document of `bytes` bytes that is a batch of its
/// own: about one per 256 bytes of text (the second pass's buffer holds 16
/// bytes per hash, so it stays near 6% of the document's size rather than
/// the 4 MB of a full buffer, which was most of the peak on a 5 MB file of
/// one article repeated), between 2¹⁴ and [`SEEN_BUFFER`]. A buffer
/// recorded in [`Seen`] costs a pass over its regions, so it is not made
/// smaller than that.
pub(super) fn seen_buffer(bytes: usize) -> usize {
    (bytes / 256).clamp(1 << 14, SEEN_BUFFER)
}

/// Splits `docs` into batches of about [`BATCH_BYTES`] (less on a small
/// corpus, see [`MIN_BATCH_BYTES`]; a document larger than that is a batch
/// of its own), as ranges of document numbers.
pub(super) fn batches(docs: &[crate::corpus::Document]) -> Vec<std::ops::Range<usize>> {
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

/// First pass: records every winnowed fingerprint hash of the corpus that
/// the second pass may store (those the thinning of repeats keeps, see
/// `repeats`) in a [`Seen`] sized for about `fingerprints` of them; also
/// returns how many there were in each bucket (see [`Groups`]: `estimate`
/// sets the bucket bits) and each document's word count. What the pass
/// freed is handed back before the second pass starts (see
/// [`crate::allocator::give_back`]): the set of hashes seen once, the
/// buffers and the thinning's tables, which stayed resident through the
/// second pass (heap blocks under the mmap threshold).
///
/// The thinning runs here too so that the second pass's regions are sized
/// for what it stores: sized for every fingerprint of a 5 MB file of one
/// article repeated 235 times, they spread the few thousand fingerprints
/// the thinning keeps over 2.9 MB of regions, a page touched for each few
/// (`bench_engine repeat:5`: the engine's peak 1.98–2.00× the text with a
/// first pass that does not thin, 1.94–1.97× with this one). A hash that recurs only in thinned runs is not recorded; the second
/// pass would find it alone among the stored ones and drop it anyway, so
/// the groups are the same.
pub(super) fn first_pass(
    docs: &[crate::corpus::Document],
    skip: impl Fn(usize) -> bool + Sync,
    k: usize,
    w: usize,
    estimate: usize,
    fingerprints: usize,
) -> (Seen, Vec<usize>, Vec<usize>) {
    let mut seen = Seen::new(fingerprints);
    let mut words = Vec::with_capacity(docs.len());
    let bits = bucket_bits(estimate);
    let mut count = vec![0usize; 1 << bits];
    let tally = |count: &mut [usize], hashes: &[u64]| {
        for &h in hashes {
            count[bucket(h, bits)] += 1;
        }
    };
    for range in batches(docs) {
        if range.len() == 1 && skip(range.start) {
            words.push(0);
        } else if range.len() == 1 {
            // One large document: recorded a buffer at a time.
            let cap = seen_buffer(docs[range.start].len());
            let mut buf: Vec<u64> = Vec::with_capacity(cap);
            let mut repeats = repeats::Repeats::new(docs[range.start].len());
            let mut take = |_: u32, hash: u64| {
                buf.push(hash);
                if buf.len() == cap {
                    seen.add_all(&[&buf]);
                    tally(&mut count, &buf);
                    buf.clear();
                }
            };
            let p = profile_doc(&docs[range.start].text, k, w, None, |pos, hash| {
                repeats.push(pos, hash, &mut take)
            });
            repeats.finish(&mut take);
            words.push(p.words);
            seen.add_all(&[&buf]);
            tally(&mut count, &buf);
        } else {
            let hashes: Vec<(usize, Vec<u64>)> = range
                .into_par_iter()
                .map(|i| {
                    let d = &docs[i];
                    let mut v = Vec::new();
                    if skip(i) {
                        return (0, v);
                    }
                    let mut repeats = repeats::Repeats::new(d.len());
                    let mut take = |_: u32, hash: u64| v.push(hash);
                    let p = profile_doc(&d.text, k, w, None, |pos, hash| {
                        repeats.push(pos, hash, &mut take)
                    });
                    repeats.finish(&mut take);
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
    // Only the second pass's lookups remain.
    seen.stop_recording();
    crate::allocator::give_back();
    (seen, count, words)
}
