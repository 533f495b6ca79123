//! Repeats further back than [`super::repeats`]'s ring: a large document
//! holding a long text twice (a book or a log concatenated with itself, a
//! file written out twice), thinned as a run of near repeats is.
//!
//! The ring sees a repeat within about 4 k fingerprints; one 9 MB or 20 MB
//! back needs the fingerprint that far back, and a table of every
//! fingerprint of a 27 MB document would cost as much as the index it
//! saves. Instead one fingerprint in [`SAMPLE`] (chosen by its hash, so the
//! same text samples the same places wherever it lies) is kept in a table
//! with a digest of the fingerprints since the sample before it. When a
//! sample's hash was last seen more than a ring's length back, with the
//! same digest over the same number of fingerprints, the segment between
//! the two samples repeats that one exactly (to a 64-bit digest), so its
//! fingerprints are judged a segment at a time: they wait in a buffer until
//! the next sample (about [`SAMPLE`] fingerprints) says whether the segment
//! repeats. A run of repeating segments at one distance keeps its first [`KEEP`]
//! fingerprints, and the rest are left out and counted ([`Thinned`]).
//!
//! On a file holding 20 MB of prose twice, every shingle recurs, so the
//! index stored every fingerprint (peak 2.02× the text) and aligned 345 k
//! anchors between the two halves; the anchors of the second half's first
//! 32 k words now find the same one passage pair.

use super::repeats::Thinned;
use std::collections::HashMap;

/// Fingerprints kept at the start of each run (about 32 k words of
/// prose, 200 kB): only a text repeated at length is thinned. A run keeps
/// far more than the ring's runs do ([`super::repeats::KEEP`]) because a
/// passage inside it that is copied elsewhere at another extent is paired
/// through the fingerprints thinning drops, and only a verbatim repeat
/// gets them back ([`crate::reuse::mirror`]): on `/usr/share/doc`, a JSON
/// file holding its error list twice, 240 kB apart and escaped differently,
/// lost a 223-word passage's second occurrence when runs kept 1 k.
const KEEP: u32 = 1 << 14;

/// One fingerprint in this many is a sample (those whose hash has 8 given
/// bits clear).
const SAMPLE: u64 = 256;

/// Whether the fingerprint `hash` is a sample.
fn is_sample(hash: u64) -> bool {
    (hash >> 24).is_multiple_of(SAMPLE)
}

/// Most fingerprints waiting for a sample: past this (text whose samples
/// are too far apart, which uniform hashes make vanishingly rare) they are
/// released as they are and no run goes on across them.
const MAX_WAITING: usize = 1 << 14;

/// Documents smaller than this are left to the ring alone: a repeat beyond
/// the ring needs more than twice its 4 k fingerprints of text.
pub(super) const MIN_BYTES: usize = 256 << 10;

/// A sample as last seen.
#[derive(Debug, Clone, Copy)]
struct Sample {
    /// Its ordinal among the document's fingerprints.
    ordinal: u32,
    /// Digest of the fingerprints after the sample before it, up to it.
    digest: u64,
    /// Their number.
    gap: u32,
    /// Word position of the first of them.
    first: u32,
    /// Word position of the sample.
    pos: u32,
}

/// The per-document state (see the module doc).
pub(super) struct Far {
    /// The ring's reach: shorter distances are the ring's.
    near: u32,
    /// The last sample of each hash, to start a run…
    samples: HashMap<u64, Sample>,
    /// …and every sample in order, to go on with one: text that says a
    /// phrase twice samples its hash twice, and the last one is not the
    /// one a run at its distance needs.
    order: Vec<(u64, Sample)>,
    /// Fingerprints since the last sample: (word position, hash, whether
    /// the ring keeps it).
    waiting: Vec<(u32, u64, bool)>,
    digest: u64,
    /// Ordinal of the last sample (none at the start or after a release
    /// past [`MAX_WAITING`]).
    last: Option<u32>,
    /// The current run's distance in fingerprints (0: none).
    period: u32,
    /// Fingerprints in the current run.
    run: u32,
    /// Word range of the text the dropped fingerprints repeat.
    mirror: Option<(u32, u32)>,
    /// What was left out, in position order.
    pub(super) thinned: Vec<Thinned>,
}

impl Far {
    /// The state for a document, with the ring reaching `near` fingerprints back.
    pub(super) fn new(near: usize) -> Self {
        Far {
            near: near as u32,
            samples: HashMap::new(),
            order: Vec::new(),
            waiting: Vec::new(),
            digest: 0,
            last: None,
            period: 0,
            run: 0,
            mirror: None,
            thinned: Vec::new(),
        }
    }

    /// Takes the fingerprint with ordinal `n` (in order), which the ring
    /// keeps when `near_keeps`; the fingerprints judged go to `emit` (in
    /// order, those kept only), at the latest when the next sample comes.
    pub(super) fn push(
        &mut self,
        n: u32,
        pos: u32,
        hash: u64,
        near_keeps: bool,
        emit: &mut impl FnMut(u32, u64),
    ) {
        self.waiting.push((pos, hash, near_keeps));
        self.digest = crate::segment::mix64(self.digest.rotate_left(7) ^ hash);
        if !is_sample(hash) {
            if self.waiting.len() >= MAX_WAITING {
                self.release(emit);
                self.last = None;
            }
            return;
        }
        let gap = self.last.map_or(0, |l| n - l);
        let first = self.waiting[0].0;
        let sample = Sample {
            ordinal: n,
            digest: self.digest,
            gap,
            first,
            pos,
        };
        let same = |s: &Sample| {
            gap > 0 && s.gap == gap && s.digest == sample.digest && n - s.ordinal > self.near
        };
        // The run's own distance first, then the hash's last sample.
        let along = (self.period > 0)
            .then(|| {
                let at = n - self.period;
                let i = self.order.partition_point(|(_, s)| s.ordinal < at);
                self.order
                    .get(i)
                    .filter(|(h, s)| *h == hash && s.ordinal == at && same(s))
                    .map(|(_, s)| *s)
            })
            .flatten();
        let last = self.samples.insert(hash, sample).filter(same);
        self.order.push((hash, sample));
        let repeats = along.or(last);
        match repeats {
            Some(s) => self.repeat(n - s.ordinal, &s, emit),
            None => self.release(emit),
        }
        self.last = Some(n);
    }

    /// The waiting segment repeats the one ending at `earlier`, `period`
    /// fingerprints back: it goes on the run (or starts one).
    fn repeat(&mut self, period: u32, earlier: &Sample, emit: &mut impl FnMut(u32, u64)) {
        if period != self.period {
            self.end_run();
            self.period = period;
        }
        for (pos, hash, keep) in self.waiting.drain(..) {
            self.run += 1;
            if self.run <= KEEP {
                if keep {
                    emit(pos, hash);
                }
            } else if keep {
                let m = self.mirror.get_or_insert((earlier.first, earlier.pos + 1));
                m.1 = earlier.pos + 1;
            }
        }
        self.digest = 0;
    }

    /// The waiting fingerprints released as the ring judged them: the run,
    /// if any, ends before them.
    fn release(&mut self, emit: &mut impl FnMut(u32, u64)) {
        self.end_run();
        for (pos, hash, keep) in self.waiting.drain(..) {
            if keep {
                emit(pos, hash);
            }
        }
        self.digest = 0;
    }

    /// Records what the run that just ended left out.
    fn end_run(&mut self) {
        if let Some((start, end)) = self.mirror.take() {
            self.thinned.push(Thinned {
                start,
                end,
                extra: 1,
            });
        }
        self.period = 0;
        self.run = 0;
    }

    /// Releases what still waits, once the document's last fingerprint is
    /// pushed, and returns what was left out.
    pub(super) fn finish(mut self, emit: &mut impl FnMut(u32, u64)) -> Vec<Thinned> {
        self.release(emit);
        self.thinned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushes `hashes` (word position = ordinal) through a [`Far`] whose
    /// ring reaches `near` back, the ring keeping everything; returns the
    /// ordinals emitted and what was thinned.
    fn run(hashes: &[u64], near: usize) -> (Vec<u32>, Vec<Thinned>) {
        let mut far = Far::new(near);
        let mut kept = Vec::new();
        let mut emit = |pos: u32, _: u64| kept.push(pos);
        for (i, &h) in hashes.iter().enumerate() {
            far.push(i as u32, i as u32, h, true, &mut emit);
        }
        let thinned = far.finish(&mut emit);
        (kept, thinned)
    }

    fn text(from: u64, n: usize) -> Vec<u64> {
        (from..from + n as u64).map(crate::segment::mix64).collect()
    }

    #[test]
    fn a_text_held_twice_keeps_its_second_copy_up_to_the_run_s_first_fingerprints() {
        // 40 k fingerprints, 5 k of others, the 40 k again.
        let n = 40_000usize;
        let copy = text(0, n);
        let mut all = copy.clone();
        all.extend(text(1 << 40, 5_000));
        all.extend(&copy);
        let (kept, thinned) = run(&all, 4096);
        // Everything before the second copy, in order; of the second copy,
        // its first segment (it follows other text, so repeats nothing as
        // a whole), the run's first KEEP after it, and what follows its
        // last sample (no sample after it says it repeats).
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        let second = (n + 5_000) as u32;
        assert!((0..second).all(|p| kept.binary_search(&p).is_ok()));
        let in_second = kept.iter().filter(|&&p| p >= second).count();
        let first_segment = copy.iter().position(|&h| is_sample(h)).unwrap() + 1;
        let tail = n - 1 - copy.iter().rposition(|&h| is_sample(h)).unwrap();
        assert_eq!(in_second, first_segment + KEEP as usize + tail);
        // What was left out repeats the first copy's later part: counted
        // once more there.
        assert_eq!(thinned.len(), 1);
        let t = thinned[0];
        assert_eq!(t.extra, 1);
        assert!(
            t.start as usize >= first_segment
                && (t.start as usize) < first_segment + KEEP as usize + 512
        );
        assert!(t.end as usize > n - 512 && t.end as usize <= n);
    }

    #[test]
    fn a_changed_fingerprint_ends_the_run_and_a_near_repeat_is_the_ring_s() {
        let n = 40_000usize;
        let copy = text(0, n);
        let mut changed = copy.clone();
        changed[30_000] = crate::segment::mix64(u64::MAX);
        let mut all = copy.clone();
        all.extend(&changed);
        let (kept, thinned) = run(&all, 4096);
        // The run from the second copy's start is cut where the change
        // lies: the segment holding it, and a new run after it, are kept
        // (the new run is shorter than KEEP).
        let lost: Vec<u32> = (n as u32..2 * n as u32)
            .filter(|p| kept.binary_search(p).is_err())
            .collect();
        assert!(!lost.is_empty());
        assert!(lost.iter().all(|&p| (p as usize) < n + 30_000));
        assert!(kept.binary_search(&((n + 30_000) as u32)).is_ok());
        assert_eq!(thinned.len(), 1);
        // A repeat within the ring's reach is left to the ring.
        let short = text(0, 3_000);
        let twice: Vec<u64> = short.iter().chain(&short).copied().collect();
        let (kept, thinned) = run(&twice, 4096);
        assert_eq!(kept.len(), 6_000);
        assert!(thinned.is_empty());
    }
}
