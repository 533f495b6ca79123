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
/// fingerprint; keeps its words' [`crate::reuse::chance::Sketch`] when
/// `sketch_words` is given (room for that many words is reserved). A text
/// beyond 32-bit offsets (never loaded from disk, see
/// [`crate::corpus::MAX_DOCUMENT_BYTES`]) is treated as having no words.
pub(super) fn profile_doc(
    text: &str,
    k: usize,
    w: usize,
    sketch_words: Option<usize>,
    mut emit: impl FnMut(u32, u64),
) -> Profile {
    if text.len() as u64 > crate::corpus::MAX_DOCUMENT_BYTES {
        return Profile::default();
    }
    let keep = sketch_words.is_some();
    let mut sketch = crate::reuse::chance::Sketch::with_capacity(sketch_words.unwrap_or(0));
    let mut ring = vec![0u64; k];
    // BASE^(k-1): the weight of the word leaving the rolling window.
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut rolling = 0u64;
    // Last `w` shingle hashes with their start positions (a ring).
    let mut window: Vec<(u64, u32)> = vec![(0, 0); w];
    let mut last_pick: Option<u32> = None;
    let mut n = 0usize;
    // Ring slots as wrapping counters (`i % k` and `start % w` without a
    // division per word: `k` and `w` are not constants).
    let (mut slot, mut wslot) = (0usize, 0usize);
    let checkpoints = words::scan_seeds(text, |i, seed, wild| {
        if keep {
            sketch.push(crate::reuse::chance::code(seed, wild));
        }
        if i >= k {
            rolling = rolling.wrapping_sub(ring[slot].wrapping_mul(top));
        }
        rolling = rolling.wrapping_mul(BASE).wrapping_add(seed);
        ring[slot] = seed;
        slot = if slot + 1 == k { 0 } else { slot + 1 };
        n = i + 1;
        if n < k {
            return;
        }
        let start = n - k;
        window[wslot] = (crate::segment::mix64(rolling), start as u32);
        wslot = if wslot + 1 == w { 0 } else { wslot + 1 };
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

/// Hashes buffered per large document before they are recorded in [`Seen`].
pub(super) const SEEN_BUFFER: usize = 1 << 18;

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

/// Low bits of a fingerprint as the first pass keeps it for the second: its
/// distance in words from the previous fingerprint of its document. The hash
/// bits they replace are never read ([`Seen`] reads the bits above them, the
/// store the top `32 + bits`, see [`stored_bits`]).
pub(super) use crate::reuse::seen::GAP_BITS;

/// Mask of [`GAP_BITS`].
const GAP_MASK: u64 = (1 << GAP_BITS) - 1;

/// Of every byte of text, at most this share (as 1/n) is spent on keeping
/// the first pass's fingerprints for the second (8 bytes each, so about
/// half of an English corpus's; see [`first_pass`]).
pub(super) const KEEP_DIVISOR: usize = 2;

/// How many fingerprints the first pass may keep for a corpus of `bytes`.
pub(super) fn keep_budget(bytes: usize) -> usize {
    bytes / KEEP_DIVISOR / 8
}

/// A fingerprint as the first pass keeps it: the hash with its low
/// [`GAP_BITS`] replaced by `gap` (`None` when the gap does not fit).
pub(super) fn pack(hash: u64, gap: u32) -> Option<u64> {
    (u64::from(gap) <= GAP_MASK).then_some((hash & !GAP_MASK) | u64::from(gap))
}

/// The `(position, hash)` fingerprints of a document kept as [`pack`]
/// made them (the hash's low [`GAP_BITS`] zero), `kept` starting after
/// position `from` (0 for a whole document).
pub(super) fn unpack(kept: &[u64], from: u32) -> impl Iterator<Item = (u32, u64)> + '_ {
    let mut pos = from;
    kept.iter().map(move |&x| {
        pos += (x & GAP_MASK) as u32;
        (pos, x & !GAP_MASK)
    })
}

/// The fingerprints the first pass kept for the second, packed ([`pack`]),
/// documents in order, in one vector reserved at the budget's size (pages
/// never written are never resident) so that the second pass can give
/// memory back by truncating it as it consumes documents from the last.
#[derive(Default)]
pub(super) struct Kept {
    arena: Vec<u64>,
    /// Where each document's fingerprints lie in `arena`, if kept.
    ranges: Vec<Option<(usize, usize)>>,
}

impl Kept {
    /// Room for `budget` fingerprints.
    fn with_budget(budget: usize) -> Self {
        Kept {
            arena: Vec::with_capacity(budget),
            ranges: Vec::new(),
        }
    }

    /// Fingerprints that still fit.
    fn room(&self) -> usize {
        self.arena.capacity() - self.arena.len()
    }

    /// Records the next document's fingerprints (`None`: not kept).
    fn push(&mut self, v: Option<&[u64]>) {
        let range = v.filter(|v| v.len() <= self.room()).map(|v| {
            let at = self.arena.len();
            self.arena.extend_from_slice(v);
            (at, at + v.len())
        });
        self.ranges.push(range);
    }

    /// The kept fingerprints of document `d`, packed.
    pub(super) fn of(&self, d: usize) -> Option<&[u64]> {
        let (s, e) = self.ranges.get(d).copied().flatten()?;
        Some(&self.arena[s..e])
    }

    /// Calls `f` with the kept fingerprints of document `d` (false when it
    /// has none), from its last to its first, in chunks of `chunk` (as
    /// [`unpack`] gives them), each freed before the next is read: the
    /// fingerprints of one large document never sit in memory beside all
    /// of its stored ones. Only for the last document kept.
    pub(super) fn drain_last(
        &mut self,
        d: usize,
        chunk: usize,
        mut f: impl FnMut(&mut dyn Iterator<Item = (u32, u64)>),
    ) -> bool {
        let Some((s, e)) = self.ranges.get(d).copied().flatten() else {
            return false;
        };
        debug_assert_eq!(e, self.arena.len());
        // The position before each chunk.
        let mut before = Vec::new();
        let mut pos = 0u32;
        for (j, x) in self.arena[s..e].iter().enumerate() {
            if j % chunk == 0 {
                before.push(pos);
            }
            pos += (x & GAP_MASK) as u32;
        }
        for (c, &from) in before.iter().enumerate().rev() {
            let lo = s + c * chunk;
            f(&mut unpack(&self.arena[lo..(lo + chunk).min(e)], from));
            self.arena.truncate(lo);
            self.arena.shrink_to_fit();
        }
        self.ranges[d] = None;
        true
    }

    /// Frees the fingerprints of documents `from..` (all kept ones lie
    /// after those of earlier documents).
    pub(super) fn release_from(&mut self, from: usize) {
        let cut = self.ranges[from.min(self.ranges.len())..]
            .iter()
            .flatten()
            .map(|r| r.0)
            .min();
        if let Some(cut) = cut {
            self.arena.truncate(cut);
            self.arena.shrink_to_fit();
        }
        self.ranges.truncate(from);
    }
}

/// What the first pass learns and keeps.
pub(super) struct FirstPass {
    /// Which hashes occur twice or more.
    pub(super) seen: Seen,
    /// How many fingerprints fall in each bucket (see [`Groups`]).
    pub(super) per_bucket: Vec<usize>,
    /// Each document's profile: word count, checkpoints and sketch.
    pub(super) profiles: Vec<Profile>,
    /// The fingerprints of the documents that fit in the budget; the
    /// second pass tokenises the others again.
    pub(super) kept: Kept,
}

/// Tokenises one document for the first pass: its profile (with its
/// sketch) and its fingerprints packed with [`pack`] (`false` beside them
/// when a gap did not fit: the hash bits are right, the positions not).
fn first_profile(text: &str, k: usize, w: usize, mut emit: impl FnMut(u64)) -> (Profile, bool) {
    let (mut last, mut fits) = (0u32, true);
    let p = profile_doc(text, k, w, Some(0), |pos, hash| {
        let gap = pos - last;
        last = pos;
        match pack(hash, gap) {
            Some(x) => emit(x),
            None => {
                fits = false;
                emit(hash & !GAP_MASK);
            }
        }
    });
    (p, fits)
}

/// First pass: profiles every document and records every winnowed
/// fingerprint hash of the corpus in a [`Seen`] sized for about `expected`
/// of them, counting them per bucket. The fingerprints of documents are
/// also kept while they fit in `budget` (see [`keep_budget`]), so the second pass reads them instead of tokenising those
/// documents again: tokenising and hashing are most of the index's time,
/// and the kept ones are freed as the second pass consumes them, before
/// the store fills (on English text about three quarters of the corpus is
/// kept; on CJK text, with more words per byte, less).
pub(super) fn first_pass(
    docs: &[crate::corpus::Document],
    k: usize,
    w: usize,
    expected: usize,
    budget: usize,
) -> FirstPass {
    let mut seen = Seen::new(expected);
    let mut profiles = Vec::with_capacity(docs.len());
    let mut kept = Kept::with_budget(budget);
    let bits = bucket_bits(expected);
    let mut count = vec![0usize; 1 << bits];
    let tally = |count: &mut [usize], hashes: &[u64]| {
        for &h in hashes {
            count[bucket(h, bits)] += 1;
        }
    };
    for range in batches(docs) {
        if range.len() == 1 {
            // One large document: recorded a buffer at a time, and kept
            // while the budget lasts.
            let mut buf: Vec<u64> = Vec::with_capacity(SEEN_BUFFER);
            let start = kept.arena.len();
            let mut keeping = true;
            let mut flush = |buf: &mut Vec<u64>, keeping: &mut bool| {
                seen.add_all(&[buf]);
                tally(&mut count, buf);
                if *keeping && buf.len() <= kept.room() {
                    kept.arena.extend_from_slice(buf);
                } else {
                    *keeping = false;
                }
                buf.clear();
            };
            let (p, fits) = first_profile(&docs[range.start].text, k, w, |x| {
                buf.push(x);
                if buf.len() == SEEN_BUFFER {
                    flush(&mut buf, &mut keeping);
                }
            });
            flush(&mut buf, &mut keeping);
            let end = kept.arena.len();
            if keeping && fits {
                kept.ranges.push(Some((start, end)));
            } else {
                kept.arena.truncate(start);
                kept.ranges.push(None);
            }
            profiles.push(p);
        } else {
            let batch: Vec<(Profile, Vec<u64>, bool)> = docs[range]
                .par_iter()
                .map(|d| {
                    let mut v = Vec::new();
                    let (p, fits) = first_profile(&d.text, k, w, |x| v.push(x));
                    (p, v, fits)
                })
                .collect();
            let slices: Vec<&[u64]> = batch.iter().map(|b| b.1.as_slice()).collect();
            seen.add_all(&slices);
            for s in &slices {
                tally(&mut count, s);
            }
            for (p, v, fits) in batch {
                profiles.push(p);
                kept.push(fits.then_some(v.as_slice()));
            }
        }
    }
    seen.stop_recording();
    // Pages written for a large document that then did not fit go back.
    kept.arena.shrink_to_fit();
    FirstPass {
        seen,
        per_bucket: count,
        profiles,
        kept,
    }
}
