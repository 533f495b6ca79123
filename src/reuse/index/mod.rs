//! The candidate index: winnowed word-shingle fingerprints of every document,
//! grouped by hash into *anchors* — pairs of word positions (across documents
//! or within one) whose `k`-word shingles are equal.
//!
//! A shingle is made of *seed keys* ([`crate::segment::seed_hash`]): word keys
//! with what OCR confuses folded (`rn`/`m`, `0`/`o`, `1`/`l`, `c`/`e`, doubled
//! letters), so a scanned copy shares whole shingles with a clean one where
//! exact keys would share few (most OCR noise on a word is a confusion or a
//! doubled letter, which the fold removes; a word broken by a hyphen at a
//! line end is one word already, see [`crate::segment::words`]; dropped
//! letters remain). The fold costs no
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
//! vector sorted by (hash, position), comparing 44 bits of the hash;
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
//! Memory: a fingerprint is 8 bytes while it is sorted (32 hash bits and a
//! corpus-wide word number; 12 more hash bits are implicit in which of 2¹²
//! buckets holds it: a third less than a 64-bit hash) and 4 bytes and a
//! bit once sorted (its word number, and whether it starts a group: see
//! `Groups`). The
//! first pass counts the fingerprints of each bucket, so the second writes
//! each one that may be shared straight into its bucket's region
//! (`BucketFill`) in that 8-byte form, and each bucket is sorted on its
//! own; only the shared ones are kept (where even they would not fit
//! at 8 bytes each, the second pass runs in rounds, each storing and
//! sorting a share of the buckets: see `passes::rounds`), and they are
//! released before
//! the second wave's alignments. When every fingerprint fits beside the
//! text within twice its size, the first pass is skipped (`passes`): the
//! regions are sized from an estimate, the second pass writes every
//! fingerprint, and sorting drops the unique ones — the same groups, one
//! tokenisation of the corpus fewer. Anchors are generated, thinned and
//! confirmed a block of the corpus at a time, and the stock fingerprints are
//! kept as runs ([`StockMap`]), so a file of one article repeated needs a few
//! anchors and runs per copy, not one per shingle.

mod anchors;
mod blocks;
mod far;
mod passes;
mod profiles;
mod repeats;
mod shingles;
mod split;
mod stock;
mod store;
#[cfg(test)]
mod tests;

pub use anchors::{COMMON_GROUP, DOMINANT_SHARE, SMALL_GROUP};
use blocks::*;
pub use profiles::{Built, Profile, Profiles};
use repeats::Thinned;
pub use shingles::shingle_hash;
use shingles::*;
pub use stock::{STOCK_MIN, StockMap, stock_floor};
use store::*;

use super::seen::Seen;
use super::twins::Twins;
use super::words;

use crate::corpus::Corpus;
use rayon::prelude::*;

/// Fingerprints per block when groups are processed in parallel blocks.
const GROUP_BLOCK: usize = 1 << 16;

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

/// The index of a corpus: per-document profiles, the shared fingerprints and
/// the stock ones. Anchors are drawn from it in two waves (see the module doc).
#[derive(Debug)]
pub struct Index {
    /// What was kept of each document.
    pub profiles: Profiles,
    /// Where fingerprints that recur (at least [`STOCK_MIN`] positions, and
    /// more than [`stock_floor`] of the corpus's words) lie: the banality
    /// filter's evidence. Made from the groups when first asked for
    /// ([`Index::stock`]), at the latest before anything consumes them.
    stock: Option<StockMap>,
    /// Fingerprints shared by two positions or more, as groups of equal hashes.
    shared: Groups,
    /// Corpus-wide number of the first word of each document (plus the total).
    first_word: Vec<u32>,
    /// For every [`HINT_SHIFT`]-aligned block of word numbers, the document
    /// holding its first word (see [`Index::locate`]).
    doc_hint: Vec<u32>,
    /// Where fingerprints left out as repeats inside a document recur, for
    /// the stock counts (see `repeats`), sorted by start.
    thinned: Vec<Thinned>,
    k: usize,
    all_pairs_limit: usize,
    /// Per document, how many times its text occurs in the corpus (see
    /// [`Twins::multiplicity`]); empty when no document is a copy.
    multiplicity: Vec<u32>,
    /// Per document, the document it is a copy of (see
    /// [`Twins::originals`]); empty when no document is a copy.
    originals: Vec<u32>,
}

/// Profiles every document and builds the [`Index`]: shingles of `k` words,
/// winnowing window `w`, all pairs of a group only up to `all_pairs_limit`
/// positions. The first pass runs only when the fingerprints would not fit
/// in memory without it (see `passes`); the index is the same either way.
pub fn build(corpus: &Corpus, k: usize, w: usize, all_pairs_limit: usize) -> Index {
    build_except(corpus, &Twins::default(), k, w, all_pairs_limit)
}

/// [`build`], leaving out the documents that are copies of another
/// (`twins`): they get no words and no fingerprints, and each fingerprint
/// of an original counts once per copy where the stock counts ask how
/// often a shingle recurs (see [`super::twins`]).
pub fn build_except(
    corpus: &Corpus,
    twins: &Twins,
    k: usize,
    w: usize,
    all_pairs_limit: usize,
) -> Index {
    let skip = |d: usize| twins.is_copy(d);
    let plan = passes::plan(
        &corpus.documents,
        skip,
        w,
        crate::allocator::resident_bytes(),
    );
    let text: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    build_with(
        corpus,
        twins,
        (k, w),
        all_pairs_limit,
        plan,
        |shared, words| passes::rounds(crate::allocator::resident_bytes(), shared, words, text),
    )
}

/// [`build_except`], following `plan` (whether the first pass runs, and
/// the fingerprints expected), the second pass in `rounds(shared, words)`
/// rounds when the first finds `shared` fingerprints to store among
/// `words` words (see `passes::rounds`).
fn build_with(
    corpus: &Corpus,
    twins: &Twins,
    (k, w): (usize, usize),
    all_pairs_limit: usize,
    plan: passes::Plan,
    rounds: impl FnOnce(usize, usize) -> usize,
) -> Index {
    let docs = &corpus.documents;
    let mut first_word: Vec<u32> = Vec::with_capacity(docs.len() + 1);
    // About one fingerprint per 8 bytes of text (prose has about one word per
    // 6 bytes and winnowing keeps about half the shingles): it sets how many
    // hash bits choose a bucket, the same with or without the first pass.
    let skip = |d: usize| twins.is_copy(d);
    let estimate: usize = (0..docs.len())
        .filter(|&d| !skip(d))
        .map(|d| docs[d].len() / 8 + 1)
        .sum();
    let fps = plan.fingerprints;
    let (seen, per_bucket, n_words) = if plan.one_pass {
        // Regions sized by the plan, evenly (the buckets' hash bits are
        // uniform), with room for a bucket holding a phrase that recurs a
        // thousand times; pages never written are never resident, and a
        // region that fills up spills (see `BucketFill::finish`).
        let buckets = 1usize << bucket_bits(estimate);
        let each = fps.div_ceil(buckets) * 2 + 2048;
        (None, vec![each; buckets], None)
    } else {
        // First pass: which hashes occur twice or more (see `Seen`), its
        // set of hashes sized for the fingerprints the text's words per
        // byte foretell (one per 12 bytes of prose, one per 6 of CJK text),
        // not for `estimate`.
        let (seen, per_bucket, n_words) = first_pass(docs, skip, k, w, estimate, fps);
        (Some(seen), per_bucket, Some(n_words))
    };
    let words_hint = |d: usize| n_words.as_ref().map_or(docs[d].len() / 6 + 1, |n| n[d]);
    let mut profiles =
        Profiles::with_capacity((0..docs.len()).map(|d| if skip(d) { 0 } else { words_hint(d) }));
    let retain = |v: &mut Vec<(u32, u64)>| {
        if let Some(seen) = &seen {
            seen.retain_shared(v);
        }
    };
    let mut fps = BucketFill::new(&per_bucket);
    // Where the shared fingerprints would not fit at once, the second pass
    // runs in rounds, each storing a share of the buckets (see
    // `passes::rounds`); the first also profiles the documents.
    let rounds = match (&seen, &n_words) {
        (Some(seen), Some(n)) => {
            passes::round_buckets(&per_bucket, rounds(seen.shared(), n.iter().sum()))
        }
        _ => std::iter::once(0..fps.buckets()).collect(),
    };
    let bits = fps.bits;
    let first_round = |hash: u64| rounds[0].contains(&bucket(hash, bits));
    // What the thinning of repeats left out, corpus-wide, in position order.
    let mut thinned: Vec<Thinned> = Vec::new();
    let thin = |all: &mut Vec<Thinned>, base: u64, t: Vec<Thinned>| {
        let at = |w: u32| u32::try_from(base + u64::from(w)).unwrap_or(u32::MAX);
        all.extend(t.into_iter().map(|x| Thinned {
            start: at(x.start),
            end: at(x.end),
            extra: x.extra,
        }));
    };
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
            let mut p = Built::default();
            if room(total) && !skip(i) {
                let t;
                (p, t) = hash_buffered(
                    &docs[i].text,
                    (k, w),
                    Some(words_hint(i)),
                    first_round,
                    retain,
                    |v| push(&mut fps, base, v),
                );
                thin(&mut thinned, base, t);
            }
            total += p.words as u64;
            profiles.push(p);
        } else {
            let batch: Vec<Profiled> = range
                .into_par_iter()
                .map(|d| {
                    if skip(d) {
                        return (Built::default(), Vec::new(), Vec::new());
                    }
                    hash_one(
                        &docs[d].text,
                        (k, w),
                        Some(words_hint(d)),
                        first_round,
                        retain,
                    )
                })
                .collect();
            for (p, v, t) in batch {
                first_word.push(total.min(u64::from(u32::MAX)) as u32);
                let base = total;
                if room(total) {
                    push(&mut fps, base, &v);
                    thin(&mut thinned, base, t);
                    total += p.words as u64;
                    profiles.push(p);
                } else {
                    profiles.push(Built::default());
                }
            }
        }
    }
    first_word.push(total.min(u64::from(u32::MAX)) as u32);
    profiles.shrink_to_fit();
    thinned.sort_unstable();
    let shared = if let [_, later @ ..] = rounds.as_slice()
        && !later.is_empty()
    {
        let mut shared = Groups::with_capacity(seen.as_ref().map_or(0, Seen::shared));
        fps.finish_buckets(rounds[0].clone(), &mut shared);
        for r in later {
            let wanted = |hash: u64| r.contains(&bucket(hash, bits));
            store_round(
                docs,
                &profiles,
                &first_word,
                (k, w),
                wanted,
                &retain,
                &mut fps,
            );
            fps.finish_buckets(r.clone(), &mut shared);
        }
        drop(seen);
        crate::allocator::give_back();
        shared.shrink_to_fit();
        shared
    } else {
        drop(seen);
        crate::allocator::give_back();
        fps.finish()
    };
    Index {
        profiles,
        stock: None,
        shared,
        doc_hint: doc_hints(&first_word),
        first_word,
        thinned,
        k,
        all_pairs_limit,
        multiplicity: twins.multiplicity(),
        originals: twins.originals().to_vec(),
    }
}

/// A later round of the second pass (see `passes::rounds`): every indexed
/// document hashed again, and the fingerprints `wanted` (those of the
/// round's buckets) that `retain` keeps stored in `fps` at their
/// corpus-wide word numbers (`first_word`, as the first round set them). A
/// document that is a batch of its own is stored a buffer at a time.
fn store_round(
    docs: &[crate::corpus::Document],
    profiles: &Profiles,
    first_word: &[u32],
    (k, w): (usize, usize),
    wanted: impl Fn(u64) -> bool + Sync,
    retain: &(impl Fn(&mut Vec<(u32, u64)>) + Sync),
    fps: &mut BucketFill,
) {
    let push = |fps: &mut BucketFill, d: usize, v: &[(u32, u64)]| {
        for &(pos, hash) in v {
            fps.push(hash, first_word[d] + pos);
        }
    };
    for range in batches(docs) {
        if range.len() == 1 {
            let d = range.start;
            if profiles.words(d) > 0 {
                let wanted = &wanted;
                hash_buffered(&docs[d].text, (k, w), None, wanted, retain, |v| {
                    push(fps, d, v)
                });
            }
        } else {
            let batch: Vec<(usize, Profiled)> = range
                .into_par_iter()
                .filter(|&d| profiles.words(d) > 0)
                .map(|d| (d, hash_one(&docs[d].text, (k, w), None, &wanted, retain)))
                .collect();
            for (d, (_, v, _)) in batch {
                push(fps, d, &v);
            }
        }
    }
}

/// Profiles one document (its sketch kept when `words` gives its number
/// of words, see [`profile_doc`]): its fingerprints that the thinning of
/// repeats and `wanted` (a round's buckets) keep, less those `retain`
/// drops (certainly unique, see `Seen`), and what the thinning left out.
fn hash_one(
    text: &str,
    (k, w): (usize, usize),
    words: Option<usize>,
    wanted: impl Fn(u64) -> bool + Sync,
    retain: impl Fn(&mut Vec<(u32, u64)>) + Sync,
) -> Profiled {
    let mut v = Vec::new();
    let mut repeats = repeats::Repeats::new(text.len());
    let mut take = |pos: u32, hash: u64| {
        if wanted(hash) {
            v.push((pos, hash))
        }
    };
    let p = profile_doc(text, k, w, words, |pos, hash| {
        repeats.push(pos, hash, &mut take)
    });
    let thinned = repeats.finish(&mut take);
    retain(&mut v);
    v.shrink_to_fit();
    (p, v, thinned)
}

/// [`hash_one`] for a document that is a batch of its own: its
/// fingerprints go to `flush` a buffer at a time ([`seen_buffer`]), never
/// all at once.
fn hash_buffered(
    text: &str,
    (k, w): (usize, usize),
    words: Option<usize>,
    wanted: impl Fn(u64) -> bool + Sync,
    retain: impl Fn(&mut Vec<(u32, u64)>) + Sync,
    mut flush: impl FnMut(&[(u32, u64)]) + Send,
) -> (Built, Vec<Thinned>) {
    let cap = seen_buffer(text.len());
    let mut buf: Vec<(u32, u64)> = Vec::with_capacity(cap);
    let mut repeats = repeats::Repeats::new(text.len());
    let mut take = |pos: u32, hash: u64| {
        if wanted(hash) {
            buf.push((pos, hash));
            if buf.len() == cap {
                retain(&mut buf);
                flush(&buf);
                buf.clear();
            }
        }
    };
    let p = profile_doc(text, k, w, words, |pos, hash| {
        repeats.push(pos, hash, &mut take)
    });
    let thinned = repeats.finish(&mut take);
    retain(&mut buf);
    flush(&buf);
    (p, thinned)
}

/// One document of a batch, profiled: what the index keeps of it, its
/// fingerprints that may be shared (word, hash), and what thinning left out.
type Profiled = (Built, Vec<(u32, u64)>, Vec<Thinned>);

/// log2 of the word numbers per entry of [`Index::doc_hint`].
const HINT_SHIFT: u32 = 10;

/// [`Index::doc_hint`] for documents starting at `first_word` (plus the total).
fn doc_hints(first_word: &[u32]) -> Vec<u32> {
    range_hints(first_word, HINT_SHIFT)
}

/// For consecutive ranges of word numbers starting at `starts` (in order,
/// the total last), the last range starting at or before the first word
/// of each stretch of 2^`shift` word numbers: where [`range_of`] starts
/// looking.
pub(super) fn range_hints(starts: &[u32], shift: u32) -> Vec<u32> {
    let total = starts.last().copied().unwrap_or(0);
    (0..=total >> shift)
        .map(|j| (starts.partition_point(|&f| f <= j << shift).max(1) - 1) as u32)
        .collect()
}

/// The range (of `starts`, with `hints` from [`range_hints`] at `shift`)
/// holding word `at`, below the total: the last starting at or before it,
/// a step or two from its stretch's hint instead of a binary search.
pub(super) fn range_of(starts: &[u32], hints: &[u32], shift: u32, at: u32) -> usize {
    let mut d = hints[(at >> shift) as usize] as usize;
    while starts[d + 1] <= at {
        d += 1;
    }
    d
}

/// [`Index::locate`] given the index's `first_word` and `doc_hint`.
fn locate(first_word: &[u32], doc_hint: &[u32], at: u32) -> (u32, u32) {
    let d = range_of(first_word, doc_hint, HINT_SHIFT, at);
    (d as u32, at - first_word[d])
}

impl Index {
    /// Document and position of a corpus-wide word number: the document
    /// holding the word's block ([`Index::doc_hint`]), then forward to the
    /// last document starting at or before it (empty documents share their
    /// first word number with the next one, and are skipped). Documents are
    /// thousands of words long, so this is one or two steps where a binary
    /// search over all documents was a dozen: it runs for every fingerprint
    /// of every group, twice in the first wave.
    fn locate(&self, at: u32) -> (u32, u32) {
        locate(&self.first_word, &self.doc_hint, at)
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
            members.extend(g.iter().map(|&x| self.locate(x)));
            f(&members);
        }
    }

    /// Where each group of equal hashes starts in `shared` (plus the end).
    #[cfg(test)]
    fn group_starts(&self) -> Vec<u32> {
        self.shared.group_starts()
    }

    /// The [`StockMap`], made from the groups of shared fingerprints the
    /// first time it is asked for. Not at once when the index is built: the
    /// engine asks for it once the first wave of anchors is aligned, so
    /// that it is not held through that wave and the drawing of its anchors,
    /// where the engine's peak lies (two versions of a folder: 2.03 →
    /// 1.93× the text). Whatever consumes the groups makes it first.
    pub fn stock(&mut self) -> &StockMap {
        if self.stock.is_none() {
            self.stock = Some(self.stock_map());
        }
        self.stock.get_or_insert_default()
    }

    /// Frees the shared fingerprints (no anchors can be drawn afterwards;
    /// the [`StockMap`] is made first).
    pub fn release_fingerprints(&mut self) {
        self.stock();
        self.shared = Groups::default();
    }

    /// Frees the documents' sketches, once the last anchors have been
    /// filtered (`reuse::chance`).
    pub fn release_sketches(&mut self) {
        self.profiles.release_sketches();
    }
}
