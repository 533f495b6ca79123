//! The index's first pass: a counting filter of which shingle hashes recur,
//! updated a cache-sized region at a time (see [`Seen`]).

use rayon::prelude::*;

/// Which fingerprint hashes occur more than once in the corpus, as two bit
/// sets filled by a first pass over the text (a counting Bloom filter with one
/// hash function and a count that saturates at two). A hash whose `twice` bit
/// is clear occurred once and cannot give an anchor, so the second pass does
/// not store it: most shingles of a corpus are unique, and storing only the
/// rest keeps the index well under the size of the text. A set bit may be a
/// collision; the exact grouping after sorting drops such fingerprints, so the
/// filter changes memory, never the result. About 4 bits per expected
/// fingerprint in each set (⅛ byte per byte of text for both).
///
/// The sets outgrow the processor's caches on large corpora (64 MB each at
/// 1 GB of text), where one random update per fingerprint would cost a memory
/// round trip each. So hashes are recorded a batch at a time: partitioned by
/// *region* (the top bits of their slot; a region of both sets is 512 kB and
/// fits in a core's L2 cache) with a counting sort, then each region's
/// updates are applied by one task, in parallel and without atomics (a region
/// belongs to one task). Lookups in the second pass are likewise made in a
/// tight loop over a document's fingerprints, so their cache misses overlap.
pub(super) struct Seen {
    once: Vec<u64>,
    twice: Vec<u64>,
    mask: u64,
    /// log2 of the bits per region.
    shift: u32,
    /// How many of the hashes recorded [`Seen::maybe_shared`] answers yes
    /// for (see [`Seen::shared`]).
    shared: usize,
}

/// log2 of the bits per region of each set (2²¹ bits = 256 kB).
const REGION_SHIFT: u32 = 21;

impl Seen {
    /// Empty sets sized for about `expected` fingerprints.
    pub(super) fn new(expected: usize) -> Self {
        Self::with_regions(expected, REGION_SHIFT)
    }

    /// [`Seen::new`] with regions of `2^shift` bits (at least one word).
    fn with_regions(expected: usize, shift: u32) -> Self {
        let bits = (expected.saturating_mul(4)).next_power_of_two().max(64);
        let words = bits / 64;
        Seen {
            once: vec![0; words],
            twice: vec![0; words],
            mask: (bits - 1) as u64,
            shift: shift.clamp(6, bits.trailing_zeros()),
            shared: 0,
        }
    }

    fn region(&self, hash: u64) -> usize {
        ((hash & self.mask) >> self.shift) as usize
    }

    /// Records one occurrence of every hash in `batches` (all slices, in
    /// any order: the result is the same).
    pub(super) fn add_all(&mut self, batches: &[&[u64]]) {
        debug_assert!(!self.once.is_empty(), "recording after stop_recording");
        let regions = ((self.mask + 1) >> self.shift) as usize;
        let n: usize = batches.iter().map(|b| b.len()).sum();
        // Counting sort by region.
        let mut starts = vec![0usize; regions + 1];
        for &h in batches.iter().flat_map(|b| b.iter()) {
            starts[self.region(h) + 1] += 1;
        }
        for r in 0..regions {
            starts[r + 1] += starts[r];
        }
        let mut fill = starts.clone();
        let mut sorted = vec![0u64; n];
        for &h in batches.iter().flat_map(|b| b.iter()) {
            let r = self.region(h);
            sorted[fill[r]] = h;
            fill[r] += 1;
        }
        let per_region = 1usize << self.shift;
        let words = (per_region / 64).max(1);
        let low = (per_region - 1) as u64;
        // A hash meeting its slot's first for the first time makes both
        // shared, any later one itself.
        let apply = |r: usize, once: &mut [u64], twice: &mut [u64]| {
            let mut shared = 0;
            for &h in &sorted[starts[r]..starts[r + 1]] {
                let bit = h & low;
                let (i, b) = ((bit / 64) as usize, 1u64 << (bit % 64));
                if twice[i] & b != 0 {
                    shared += 1;
                } else if once[i] & b != 0 {
                    twice[i] |= b;
                    shared += 2;
                } else {
                    once[i] |= b;
                }
            }
            shared
        };
        self.shared += self
            .once
            .par_chunks_mut(words)
            .zip(self.twice.par_chunks_mut(words))
            .enumerate()
            .map(|(r, (once, twice))| apply(r, once, twice))
            .sum::<usize>();
    }

    /// Frees what only recording needs: afterwards [`Seen::maybe_shared`]
    /// still answers, and recording more is not allowed.
    pub(super) fn stop_recording(&mut self) {
        self.once = Vec::new();
    }

    /// How many of the hashes recorded so far [`Seen::maybe_shared`] now
    /// answers yes for: exactly the fingerprints a second pass over the
    /// same hashes keeps ([`Seen::retain_shared`]).
    pub(super) fn shared(&self) -> usize {
        self.shared
    }

    /// False when `hash` certainly occurred only once.
    pub(super) fn maybe_shared(&self, hash: u64) -> bool {
        let bit = hash & self.mask;
        self.twice[(bit / 64) as usize] & (1u64 << (bit % 64)) != 0
    }

    /// Keeps in `fps` only the `(position, hash)` fingerprints whose hash may
    /// recur, in order. One tight loop without a branch on the answer (each
    /// fingerprint is written and the end advanced by 0 or 1): about half
    /// the answers are yes, so a branch would be mispredicted half the time,
    /// and each misprediction would keep the next lookup's cache miss from
    /// overlapping this one's.
    pub(super) fn retain_shared(&self, fps: &mut Vec<(u32, u64)>) {
        let mut kept = 0;
        for i in 0..fps.len() {
            let x = fps[i];
            fps[kept] = x;
            kept += usize::from(self.maybe_shared(x.1));
        }
        fps.truncate(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pass_keeps_recurring_hashes_and_drops_unique_ones() {
        let mut seen = Seen::new(1000);
        let hashes: Vec<u64> = (1..=500u64).map(crate::segment::mix64).collect();
        seen.add_all(&[&hashes[..250], &hashes[..100]]);
        seen.add_all(&[&hashes[250..]]);
        // Every hash seen twice is kept: the filter never loses a shared shingle.
        assert!(hashes[..100].iter().all(|&h| seen.maybe_shared(h)));
        // Most hashes seen once are dropped (at 4 bits per hash, collisions
        // keep about one in eight).
        let kept = hashes[100..]
            .iter()
            .filter(|&&h| seen.maybe_shared(h))
            .count();
        assert!(kept < 80, "{kept} of 400 unique hashes kept");
        // The count of shared hashes is what a second pass keeps, collisions
        // included.
        let mut again: Vec<(u32, u64)> = hashes[..250]
            .iter()
            .chain(&hashes[..100])
            .chain(&hashes[250..])
            .map(|&h| (0, h))
            .collect();
        seen.retain_shared(&mut again);
        assert_eq!(seen.shared(), again.len());
        assert_eq!(seen.shared(), 200 + kept);
    }

    #[test]
    fn retaining_keeps_exactly_the_maybe_shared_fingerprints_in_order() {
        let mut seen = Seen::new(1000);
        let hashes: Vec<u64> = (1..=600u64).map(crate::segment::mix64).collect();
        seen.add_all(&[&hashes, &hashes[..200]]);
        let mut fps: Vec<(u32, u64)> = hashes
            .iter()
            .enumerate()
            .map(|(i, &h)| (i as u32, h))
            .collect();
        let want: Vec<(u32, u64)> = fps
            .iter()
            .copied()
            .filter(|&(_, h)| seen.maybe_shared(h))
            .collect();
        seen.retain_shared(&mut fps);
        assert_eq!(fps, want);
        assert!(fps[..200].iter().enumerate().all(|(i, f)| f.0 == i as u32));
        assert!(fps.len() < 300, "{}", fps.len());
    }

    #[test]
    fn recording_by_region_equals_recording_one_by_one() {
        // Regions of 64 bits: 64 regions over 4096 bits, updates in any order.
        let mut seen = Seen::with_regions(1000, 6);
        assert_eq!(((seen.mask + 1) >> seen.shift), 64);
        let hashes: Vec<u64> = (1..=3000u64)
            .map(|i| crate::segment::mix64(i % 1700))
            .collect();
        seen.add_all(&[&hashes[..1000], &hashes[2000..]]);
        seen.add_all(&[&hashes[1000..2000]]);
        // The reference: a plain counting filter, one hash at a time.
        let mut once = vec![0u64; 64];
        let mut twice = vec![0u64; 64];
        for &h in &hashes {
            let bit = h & 4095;
            let (i, b) = ((bit / 64) as usize, 1u64 << (bit % 64));
            if once[i] & b != 0 {
                twice[i] |= b;
            }
            once[i] |= b;
        }
        assert_eq!((seen.once, seen.twice), (once, twice));
    }
}
