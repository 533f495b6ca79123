//! Text repeated inside one document, thinned before it is stored: of a run
//! of fingerprints that each repeat the fingerprint the same distance back
//! in the same document, only the first [`KEEP`] are stored.
//!
//! A file holding one article many times gives every fingerprint of every
//! copy after the first — each of them shared, so each stored — yet the
//! anchors it needs are one per pair of neighbouring copies: the first wave
//! keeps one anchor per run of equal words on a diagonal, and a tandem walk
//! from it covers every copy ([`crate::reuse::align`]). On a 5 MB file of one
//! article repeated 235 times the stored fingerprints were most of the
//! index's memory (435 k of them, 3.5 MB beside the 5 MB of text). A copy
//! that differs somewhere starts a new run after the difference; other
//! documents pair with the copies whose fingerprints stay.
//!
//! Only long runs are thinned (more than [`KEEP`] fingerprints, about 2 k
//! words), because a passage inside a run may be shared with other
//! documents at another extent than the run's, and the second wave pairs
//! such copies through the very fingerprints thinning drops. And what is
//! dropped is still counted ([`Thinned`]): the banality filter asks how
//! often a shingle recurs, and a sentence an article says twice, in a file
//! holding that article 235 times, recurs 470 times — counted from the
//! stored fingerprints alone it was 4, and came out as a cluster of 4.
//!
//! A run starts where a small table of the document's fingerprints (hash →
//! last ordinal, one per slot) finds the fingerprint's hash less than a
//! ring's length back, and goes on while each fingerprint equals the one
//! as far back in a ring of the last fingerprints: exact, so the table's
//! collisions only delay a run's start. Repeats further back than the ring
//! (4 k fingerprints, about 8 k words) are [`super::far`]'s, in documents
//! large enough to hold them; elsewhere they are stored as before. The table is
//! sized from the document's bytes, so the index is the same whether or not
//! its first pass ran.

/// Fingerprints kept at the start of each run of repeats (about 2 k
/// words): only long repeats are thinned. A shorter run is stored whole,
/// because a passage inside it may be shared with other documents at
/// another extent than the run's — the seeds' quotation, in four places,
/// twice in one article inside a longer repeated stretch, lost its fourth
/// occurrence when runs kept 4 fingerprints: the second wave pairs its
/// copies across documents through fingerprints the thinning had dropped.
pub(super) const KEEP: u32 = 1024;

/// Most slots of a document's table and ring (2¹²: 32 kB and 64 kB): a repeat
/// is seen within about 4 k fingerprints (8 k words), a long article's
/// length. At 2¹³ (until session 13) the two tables were 256 kB, a tenth of
/// what the engine adds to the text at its peak on a 5 MB file of one
/// article repeated (2.00× the text with them, 1.94–1.97× at this size).
/// The bench, the seeds and the licences give the same clusters; on
/// `/usr/share/doc` one changelog whose entries repeat about 6 k
/// fingerprints apart is no longer thinned there, and 6 of its clusters
/// change.
const MAX_SLOTS: usize = 1 << 12;

/// Bytes of text per slot below [`MAX_SLOTS`] (about four words of prose):
/// a small document gets a small table. Sized from the text alone, so the
/// index is the same whether or not its first pass ran.
const BYTES_PER_SLOT: usize = 24;

/// What the thinning left out, for the stock counts: each fingerprint
/// stored at a word in `start..end` (document-relative when recorded,
/// corpus-wide in the index) recurs `extra` more times in a thinned run. The
/// banality filter asks how often a shingle recurs; without these, a
/// sentence an article says twice, in a file holding that article 235 times,
/// would count 4 places instead of 470.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Thinned {
    /// First word of the period the dropped fingerprints repeat.
    pub(super) start: u32,
    /// One past its last word.
    pub(super) end: u32,
    /// Times each fingerprint stored in the period recurs among the dropped.
    pub(super) extra: u32,
}

/// Documents smaller than this are never thinned: a run longer than
/// [`KEEP`] needs twice as many fingerprints, some 4 k words (12 kB of CJK
/// text, 20 kB of prose).
const MIN_BYTES: usize = 8 << 10;

/// The part of a fingerprint's hash its table slot keeps (the slot itself
/// comes from other bits).
fn tag_of(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The per-document state of the thinning.
pub(super) struct Repeats {
    /// (hash tag, ordinal + 1) of the last fingerprint seen in each slot
    /// (0: none): where a run of repeats may start. The tag is the hash's
    /// high half; a match is confirmed on the ring's whole hash, so the
    /// table costs 8 bytes a slot (64 kB at most) with the same runs.
    table: Vec<(u32, u32)>,
    /// The hashes and word positions of the last `ring.len()` fingerprints,
    /// by ordinal: where a run goes on (exactly, whatever the table's
    /// collisions), and where the period a thinned run repeats lies.
    ring: Vec<(u64, u32)>,
    /// Ordinal of the next fingerprint.
    next: u32,
    /// The run's distance back, in fingerprints (0: no run).
    period: u32,
    /// Fingerprints in the current run.
    run: u32,
    /// Words of the period the current run's dropped fingerprints repeat
    /// (set when it starts dropping).
    repeated: Option<(u32, u32)>,
    /// What was left out, in position order.
    pub(super) thinned: Vec<Thinned>,
    /// Repeats beyond the ring, in a document large enough to hold them
    /// ([`super::far`]).
    far: Option<super::far::Far>,
}

impl Repeats {
    /// The state for a document of `bytes` bytes: none (everything kept)
    /// below [`MIN_BYTES`].
    pub(super) fn new(bytes: usize) -> Self {
        let slots = if bytes < MIN_BYTES {
            0
        } else {
            (bytes / BYTES_PER_SLOT)
                .next_power_of_two()
                .clamp(64, MAX_SLOTS)
        };
        Repeats {
            table: vec![(0, 0); slots],
            ring: vec![(0, 0); slots],
            next: 0,
            period: 0,
            run: 0,
            repeated: None,
            thinned: Vec::new(),
            far: (bytes >= super::far::MIN_BYTES).then(|| super::far::Far::new(slots)),
        }
    }

    /// Takes the fingerprint `hash` at word `pos` (fingerprints come in
    /// position order) and passes it on to `emit` when it is stored: at
    /// once as [`Repeats::keep`] judges it, or — in a document large enough
    /// to hold a repeat beyond the ring — once the segment it belongs to is
    /// judged ([`super::far`]), in order either way.
    pub(super) fn push(&mut self, pos: u32, hash: u64, emit: &mut impl FnMut(u32, u64)) {
        let n = self.next;
        let keep = self.keep(pos, hash);
        match &mut self.far {
            Some(far) => far.push(n, pos, hash, keep, emit),
            None if keep => emit(pos, hash),
            None => {}
        }
    }

    /// Whether the fingerprint `hash` at word `pos` (fingerprints come in
    /// position order) is stored: false only inside a run of repeats, past
    /// its first [`KEEP`]. A run goes on while each fingerprint equals the
    /// one `period` fingerprints back; it starts where the table holds the
    /// fingerprint's hash less than a ring's length back.
    pub(super) fn keep(&mut self, pos: u32, hash: u64) -> bool {
        if self.ring.is_empty() {
            return true;
        }
        let n = self.next;
        self.next += 1;
        let mask = self.ring.len() - 1;
        let goes_on = self.period != 0 && self.ring[(n - self.period) as usize & mask].0 == hash;
        if goes_on {
            self.run += 1;
        } else {
            self.end_run();
            let slot = (hash.rotate_right(17) as usize) & (self.table.len() - 1);
            let (tag, at) = self.table[slot];
            let back = n + 1 - at;
            if tag == tag_of(hash)
                && at > 0
                && (back as usize) < self.ring.len()
                && self.ring[(at - 1) as usize & mask].0 == hash
            {
                self.period = back;
                self.run = 1;
            } else {
                self.period = 0;
                self.run = 0;
            }
        }
        let slot = (hash.rotate_right(17) as usize) & (self.table.len() - 1);
        self.table[slot] = (tag_of(hash), n + 1);
        if self.run == KEEP + 1 {
            // The first one dropped: the period before it is what the rest
            // of the run repeats.
            let first = self.ring[(n - self.period) as usize & mask].1;
            let last = self.ring[(n - 1) as usize & mask].1;
            self.repeated = Some((first, last + 1));
        }
        self.ring[n as usize & mask] = (hash, pos);
        self.run <= KEEP
    }

    /// Records what the run that just ended left out (see [`Thinned`]).
    fn end_run(&mut self) {
        if let Some((start, end)) = self.repeated.take() {
            let dropped = self.run - KEEP;
            self.thinned.push(Thinned {
                start,
                end,
                extra: dropped.div_ceil(self.period),
            });
        }
    }

    /// What was left out of the document (see [`Thinned`]), once its last
    /// fingerprint is seen.
    /// The fingerprints still waiting go to `emit` first (see
    /// [`Repeats::push`]).
    pub(super) fn finish(mut self, emit: &mut impl FnMut(u32, u64)) -> Vec<Thinned> {
        self.end_run();
        if let Some(far) = self.far.take() {
            self.thinned.extend(far.finish(emit));
            self.thinned.sort_unstable();
        }
        self.thinned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_repeats_keeps_its_first_fingerprints() {
        let mut r = Repeats::new(1 << 20);
        // A text of 2,000 fingerprints, then twice again, then with its
        // 1,500th changed.
        let n = 2000usize;
        let mix = |i: u64| crate::segment::mix64(i);
        let text: Vec<u64> = (0..n as u64).map(|i| mix(1000 + i)).collect();
        let mut kept: Vec<usize> = Vec::new();
        for copy in 0..4 {
            for (i, &h) in text.iter().enumerate() {
                let h = if copy == 3 && i == 1500 { mix(7) } else { h };
                if r.keep((copy * n + i) as u32, h) {
                    kept.push(copy * n + i);
                }
            }
        }
        let per_copy = |c: usize| kept.iter().filter(|&&p| p / n == c).count();
        // The first copy whole; the second its first KEEP fingerprints; the
        // third none (the run goes on from copy to copy); the fourth its
        // changed fingerprint (which repeats nothing) and the rest of the
        // copy, a new run shorter than KEEP.
        let keep = KEEP as usize;
        assert_eq!(per_copy(0), n);
        assert_eq!(per_copy(1), keep);
        assert!(kept.contains(&(n + keep - 1)) && !kept.contains(&(n + keep)));
        assert_eq!(per_copy(2), 0);
        assert_eq!(per_copy(3), n - 1500);
        assert!(kept.contains(&(3 * n + 1500)) && !kept.contains(&(3 * n + 1499)));
        // One run thinned, from the second copy's KEEPth fingerprint to the
        // fourth copy's change: what it dropped repeats the period before
        // it, each fingerprint about twice more.
        let dropped = (4 * n - (n + keep)) - (n - 1500);
        assert_eq!(
            r.finish(&mut |_, _| {}),
            [Thinned {
                start: keep as u32,
                end: (n + keep) as u32,
                extra: dropped.div_ceil(n) as u32,
            }]
        );
    }

    #[test]
    fn a_short_repeat_is_kept_whole() {
        // A passage of 300 fingerprints repeated at once: shorter than KEEP.
        let mut r = Repeats::new(1 << 20);
        let mix = |i: u64| crate::segment::mix64(i);
        let all: Vec<u64> = (0..300u64).chain(0..300).map(mix).collect();
        assert!(all.iter().enumerate().all(|(i, &h)| r.keep(i as u32, h)));
    }

    #[test]
    fn text_without_repeats_is_kept_whole() {
        let mut r = Repeats::new(60_000);
        assert!(
            (0..10_000u32).all(|i| r.keep(i, u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        );
        assert!(r.finish(&mut |_, _| {}).is_empty());
    }
}
