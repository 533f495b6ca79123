//! "Where else does this appear?": an index of the whole corpus that answers,
//! for any piece of text, the places where it recurs, including passages too
//! short or too rare to be clusters (down to [`MIN_WORDS`] words at
//! [`MIN_SIMILARITY`]).
//!
//! Index: winnowed 3-word shingles (window 2, so every shared run of 4 words
//! has a shared fingerprint), 8 bytes each: the top 32 bits of the shingle
//! hash and a corpus-wide word number, sorted. About half the words are
//! stored: roughly 4 bytes per word, ~70 MB for 100 MB of English. Built once,
//! lazily, on the first query.
//!
//! A hit needs [`MIN_WORDS`] matching words including an exact run of 4 (what
//! the index guarantees to find), at [`MIN_SIMILARITY`] or more.
//!
//! Query: every shingle of the query text is looked up (shingles shared by
//! more than [`STOCK_LIMIT`] places are stock phrases and skipped); hits vote
//! for a document region on their diagonal; each region is re-tokenised and
//! aligned with the query word by word (`similar`), and every stretch of
//! matching words without a gap wider than [`MAX_GAP`] is a hit, with the
//! Dice similarity of its own span and the query span it matches.
//!
//! One index serves every reader of the same text: [`SharedQueryIndex`] is
//! the slot it lives in, built lazily once (at once or on a background job)
//! and handed to every app over that text (`refrain serve` gives all its
//! sessions the same slot), so fifty sessions share one index.
//!
//! Knows nothing of the terminal.

use super::Passage;
use super::words::{Word, scan, words_between};
use crate::corpus::Corpus;
use crate::job::Job;
use crate::segment::key_hash;
use rayon::prelude::*;
use std::sync::{Arc, Mutex, MutexGuard};

/// Shingle length in words.
const K: usize = 3;
/// Winnowing window in shingles.
const W: usize = 2;
/// Shortest hit in words.
pub const MIN_WORDS: usize = 5;
/// Lowest similarity of a hit.
pub const MIN_SIMILARITY: f64 = 0.6;
/// Shingles stored more often than this are skipped at query time.
pub const STOCK_LIMIT: usize = 2_000;
/// Widest run of unmatched words inside one hit.
pub const MAX_GAP: usize = 4;
/// Longest query, in words (a longer selection is cut).
pub const MAX_QUERY_WORDS: usize = 2_000;
/// Most document regions aligned per query (the best voted first).
const MAX_REGIONS: usize = 200;
/// Words of drift (insertions, deletions) allowed around the shared shingles of a region.
const SLACK: i64 = 16;

/// A stretch of one document that shares shingles with the query: the
/// diagonals (document word − query word) and query words it covers.
struct Region {
    doc: usize,
    s0: i64,
    s1: i64,
    q0: usize,
    q1: usize,
    votes: usize,
}

/// One place where the query text recurs.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The matching passage.
    pub passage: Passage,
    /// Dice similarity of the passage and the part of the query it matches.
    pub similarity: f64,
    /// Words of the passage.
    pub words: usize,
    /// Words of the query matched.
    pub matched: usize,
}

impl Hit {
    /// Rank of a hit: words matched, weighted by the square of the similarity
    /// (twelve words at 96% rank above twenty at 61%).
    pub fn score(&self) -> f64 {
        self.matched as f64 * self.similarity * self.similarity
    }
}

/// The query index of one corpus.
#[derive(Debug, Clone, Default)]
pub struct QueryIndex {
    /// (shingle hash top 32 bits) << 32 | corpus-wide word number, sorted.
    entries: Vec<u64>,
    /// Corpus-wide number of each document's first word (one more at the end).
    first_word: Vec<u64>,
    /// Each document's word checkpoints (see [`super::words`]).
    checkpoints: Vec<Vec<u32>>,
}

fn shingle(keys: &[u64]) -> u32 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &k in keys {
        h = crate::segment::mix64(h ^ k);
    }
    (h >> 32) as u32
}

impl QueryIndex {
    /// Indexes every document of `corpus` (in parallel).
    pub fn build(corpus: &Corpus) -> Self {
        // Per document: checkpoints, picked (shingle hash, word), word count.
        type DocIndex = (Vec<u32>, Vec<(u32, u32)>, usize);
        let per_doc: Vec<DocIndex> = corpus
            .documents
            .par_iter()
            .map(|d| {
                let mut keys = Vec::new();
                let cps = scan(&d.text, |_, w| keys.push(w.key));
                let hashes: Vec<u32> = keys.windows(K).map(shingle).collect();
                let mut picked: Vec<(u32, u32)> = Vec::with_capacity(hashes.len() / 2 + 1);
                for (i, win) in hashes.windows(W.min(hashes.len()).max(1)).enumerate() {
                    let (j, h) = win
                        .iter()
                        .enumerate()
                        .min_by_key(|&(j, h)| (*h, std::cmp::Reverse(j)))
                        .map(|(j, h)| (i + j, *h))
                        .unwrap_or((i, 0));
                    if picked.last().is_none_or(|&(_, p)| p as usize != j) {
                        picked.push((h, j as u32));
                    }
                }
                (cps, picked, keys.len())
            })
            .collect();
        let mut first_word = Vec::with_capacity(per_doc.len() + 1);
        let mut total = 0u64;
        for (_, _, n) in &per_doc {
            first_word.push(total);
            total += *n as u64;
        }
        first_word.push(total);
        let mut entries: Vec<u64> = per_doc
            .par_iter()
            .enumerate()
            .flat_map_iter(|(d, (_, picked, _))| {
                let base = first_word[d];
                picked
                    .iter()
                    .map(move |&(h, j)| ((h as u64) << 32) | (base + j as u64))
            })
            .collect();
        entries.par_sort_unstable();
        QueryIndex {
            entries,
            first_word,
            checkpoints: per_doc.into_iter().map(|(c, _, _)| c).collect(),
        }
    }

    /// Bytes of memory the index holds.
    pub fn memory(&self) -> usize {
        self.entries.len() * 8
            + self.first_word.len() * 8
            + self.checkpoints.iter().map(|c| c.len() * 4).sum::<usize>()
    }

    /// Where else the words of `text` appear in `corpus`, best first ([`Hit::score`]); hits
    /// overlapping `exclude` (the query's own place) are left out.
    pub fn find(&self, corpus: &Corpus, text: &str, exclude: Option<Passage>) -> Vec<Hit> {
        let mut scratch = String::new();
        let q: Vec<u64> = crate::segment::words(text)
            .take(MAX_QUERY_WORDS)
            .map(|(_, w)| key_hash(w, &mut scratch))
            .collect();
        if q.len() < MIN_WORDS {
            return Vec::new();
        }
        let m = q.len();
        // Votes: (document, diagonal start word) per shared shingle.
        let mut votes: Vec<(usize, i64, usize)> = Vec::new();
        for (qi, win) in q.windows(K).enumerate() {
            let h = shingle(win) as u64;
            let lo = self.entries.partition_point(|&e| e >> 32 < h);
            let hi = self.entries.partition_point(|&e| e >> 32 <= h);
            if hi - lo > STOCK_LIMIT {
                continue;
            }
            for &e in &self.entries[lo..hi] {
                let g = e & 0xFFFF_FFFF;
                let d = self.first_word.partition_point(|&f| f <= g) - 1;
                let wp = (g - self.first_word[d]) as i64;
                votes.push((d, wp - qi as i64, qi));
            }
        }
        votes.sort_unstable();
        // Regions: nearby diagonals of one document, with the query words they cover.
        let mut regions: Vec<Region> = Vec::new();
        for &(d, s, qi) in &votes {
            match regions.last_mut() {
                Some(r) if r.doc == d && s <= r.s1 + SLACK && s - r.s0 <= 2 * SLACK => {
                    r.s1 = r.s1.max(s);
                    r.q0 = r.q0.min(qi);
                    r.q1 = r.q1.max(qi + K);
                    r.votes += 1;
                }
                _ => regions.push(Region {
                    doc: d,
                    s0: s,
                    s1: s,
                    q0: qi,
                    q1: qi + K,
                    votes: 1,
                }),
            }
        }
        // Neighbouring regions on one diagonal band belong together.
        regions.sort_by_key(|r| (r.doc, r.s0 + r.q0 as i64));
        let mut merged: Vec<Region> = Vec::new();
        for r in regions {
            match merged.last_mut() {
                Some(m)
                    if m.doc == r.doc
                        && r.s0 + r.q0 as i64 <= m.s1 + m.q1 as i64 + SLACK
                        && (r.s0 - m.s1).abs() <= SLACK =>
                {
                    m.s0 = m.s0.min(r.s0);
                    m.s1 = m.s1.max(r.s1);
                    m.q0 = m.q0.min(r.q0);
                    m.q1 = m.q1.max(r.q1);
                    m.votes += r.votes;
                }
                _ => merged.push(r),
            }
        }
        let mut regions = merged;
        regions.sort_by_key(|r| std::cmp::Reverse(r.votes));
        regions.truncate(MAX_REGIONS);
        let mut hits: Vec<Hit> = regions
            .par_iter()
            .flat_map_iter(|r| {
                let n = (self.first_word[r.doc + 1] - self.first_word[r.doc]) as i64;
                let slack = SLACK as usize;
                let (q0, q1) = (r.q0.saturating_sub(slack), (r.q1 + slack).min(m));
                let lo = (r.s0 + q0 as i64).clamp(0, n) as usize;
                let hi = (r.s1 + q1 as i64).clamp(0, n) as usize;
                let text = &corpus.documents[r.doc].text;
                let words = words_between(text, &self.checkpoints[r.doc], lo, hi);
                let mut hits = local_hits(r.doc, &q[q0..q1], &words);
                for h in &mut hits {
                    h.passage.end = super::cluster::closing_end(text, h.passage.end);
                }
                hits
            })
            .collect();
        if let Some(x) = exclude {
            hits.retain(|h| {
                h.passage.document != x.document
                    || h.passage.end <= x.start
                    || h.passage.start >= x.end
            });
        }
        hits.sort_by(|a, b| {
            b.score()
                .total_cmp(&a.score())
                .then(b.matched.cmp(&a.matched))
                .then(a.passage.cmp(&b.passage))
        });
        // Overlapping hits (from neighbouring regions): keep the best.
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            let p = h.passage;
            if !kept.iter().any(|k| {
                k.passage.document == p.document
                    && k.passage.start < p.end
                    && p.start < k.passage.end
            }) {
                kept.push(h);
            }
        }
        kept
    }
}

/// The stretches of `words` (of document `doc`) that match the query `q`.
fn local_hits(doc: usize, q: &[u64], words: &[Word]) -> Vec<Hit> {
    let keys: Vec<u64> = words.iter().map(|w| w.key).collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, q, &keys) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            pairs.extend((0..len).map(|k| (old_index + k, new_index + k)));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i + 1;
        while j < pairs.len()
            && pairs[j].0 - pairs[j - 1].0 <= MAX_GAP + 1
            && pairs[j].1 - pairs[j - 1].1 <= MAX_GAP + 1
        {
            j += 1;
        }
        let matched = j - i;
        let qspan = pairs[j - 1].0 - pairs[i].0 + 1;
        let dspan = pairs[j - 1].1 - pairs[i].1 + 1;
        let similarity = 2.0 * matched as f64 / (qspan + dspan) as f64;
        // A chance match of common words is no hit: ask for the exact run of
        // K + W - 1 words the index guarantees to find.
        let run = K + W - 1;
        let exact = pairs[i..j].windows(run).any(|w| {
            w.windows(2)
                .all(|p| p[1].0 == p[0].0 + 1 && p[1].1 == p[0].1 + 1)
        });
        if matched >= MIN_WORDS && similarity >= MIN_SIMILARITY && exact {
            out.push(Hit {
                passage: Passage {
                    document: doc,
                    start: words[pairs[i].1].start as usize,
                    end: words[pairs[j - 1].1].end as usize,
                },
                similarity,
                words: dspan,
                matched,
            });
        }
        i = j;
    }
    out
}

/// Where a [`SharedQueryIndex`] stands.
#[derive(Debug, Clone)]
pub enum IndexState {
    /// Nobody asked for it yet (or the last build failed and was reported).
    Missing,
    /// A background job is building it.
    Building,
    /// Built.
    Ready(Arc<QueryIndex>),
    /// The background build died without an index (a new request retries).
    Failed,
}

/// What a [`SharedQueryIndex`] holds.
#[derive(Default)]
enum Slot {
    #[default]
    Missing,
    Building(Job<QueryIndex>),
    Ready(Arc<QueryIndex>),
    Failed,
}

/// The slot of a [`SharedQueryIndex`]; a build still running when the last
/// handle goes is cancelled.
#[derive(Default)]
struct Cell(Mutex<Slot>);

impl Drop for Cell {
    fn drop(&mut self) {
        if let Ok(Slot::Building(job)) = self.0.get_mut() {
            job.cancel();
        }
    }
}

/// The where-else index of one text, built at most once and shared by every
/// app reading that text: cloning the handle shares the slot. Whoever asks
/// first builds it (at once with [`SharedQueryIndex::get_or_build`], or on a
/// background job with [`SharedQueryIndex::build_in_background`]); everyone
/// else gets the same `Arc`. A new text needs a new handle.
#[derive(Clone, Default)]
pub struct SharedQueryIndex(Arc<Cell>);

impl std::fmt::Debug for SharedQueryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SharedQueryIndex")
            .field(&self.state())
            .finish()
    }
}

impl SharedQueryIndex {
    /// An empty slot, for a text nobody has indexed yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        // A panic while holding the lock leaves a valid slot: carry on.
        self.0.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// True when `other` is a handle on the same slot.
    pub fn same_as(&self, other: &SharedQueryIndex) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Where the index stands, collecting a finished background build.
    /// Never blocks on a build.
    pub fn state(&self) -> IndexState {
        let mut slot = self.slot();
        if let Slot::Building(job) = &*slot {
            match job.try_finish() {
                None => return IndexState::Building,
                Some(Ok(index)) => *slot = Slot::Ready(Arc::new(index)),
                Some(Err(_)) => *slot = Slot::Failed,
            }
        }
        match &*slot {
            Slot::Missing => IndexState::Missing,
            Slot::Building(_) => IndexState::Building,
            Slot::Ready(index) => IndexState::Ready(Arc::clone(index)),
            Slot::Failed => IndexState::Failed,
        }
    }

    /// The index, when it is built.
    pub fn get(&self) -> Option<Arc<QueryIndex>> {
        match self.state() {
            IndexState::Ready(index) => Some(index),
            _ => None,
        }
    }

    /// The index, building it of `corpus` on this thread when nobody has
    /// (a background build under way is waited for). Other callers wait for
    /// the build rather than start their own.
    pub fn get_or_build(&self, corpus: &Corpus) -> Arc<QueryIndex> {
        let mut slot = self.slot();
        let index = match std::mem::take(&mut *slot) {
            Slot::Ready(index) => index,
            Slot::Building(job) => {
                Arc::new(job.wait().unwrap_or_else(|_| QueryIndex::build(corpus)))
            }
            Slot::Missing | Slot::Failed => Arc::new(QueryIndex::build(corpus)),
        };
        *slot = Slot::Ready(Arc::clone(&index));
        index
    }

    /// Starts building the index of `analysis`'s corpus on a background job,
    /// unless it is built or being built. Poll [`SharedQueryIndex::state`].
    pub fn build_in_background(&self, analysis: Arc<super::Analysis>) {
        let mut slot = self.slot();
        if matches!(*slot, Slot::Missing | Slot::Failed) {
            *slot = Slot::Building(Job::spawn(move |p| {
                p.stage(crate::progress::Stage::Indexing, 0);
                QueryIndex::build(&analysis.corpus)
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn corpus(docs: &[&str]) -> Corpus {
        Corpus {
            documents: docs
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("d{i}"), *t))
                .collect(),
        }
    }

    #[test]
    fn finds_a_short_rare_phrase_with_its_exact_span() {
        let c = corpus(&[
            "alpha beta. The quick brown fox jumps over it. gamma",
            "nothing here at all",
            "intro words, then the quick brown fox leaps over it! end",
        ]);
        let ix = QueryIndex::build(&c);
        let hits = ix.find(&c, "The quick brown fox jumps over it", None);
        let found: Vec<(usize, &str)> = hits
            .iter()
            .map(|h| {
                let p = h.passage;
                (p.document, &c.documents[p.document].text[p.start..p.end])
            })
            .collect();
        assert_eq!(
            found,
            [
                (0, "The quick brown fox jumps over it."),
                (2, "the quick brown fox leaps over it!")
            ]
        );
        assert_eq!(hits[0].similarity, 1.0);
        assert!((hits[1].similarity - 12.0 / 14.0).abs() < 1e-9);
    }

    #[test]
    fn the_query_place_itself_is_excluded_and_short_queries_find_nothing() {
        let c = corpus(&["one two three four five six", "one two three four five six"]);
        let ix = QueryIndex::build(&c);
        let own = Passage {
            document: 0,
            start: 0,
            end: c.documents[0].len(),
        };
        let hits = ix.find(&c, &c.documents[0].text, Some(own));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].passage.document, 1);
        assert!(ix.find(&c, "one two", None).is_empty());
    }

    #[test]
    fn a_shared_index_is_built_once_for_every_handle() {
        let c = corpus(&["one two three four five six", "one two three four five six"]);
        let shared = SharedQueryIndex::new();
        let other = shared.clone();
        assert!(shared.get().is_none());
        let first = shared.get_or_build(&c);
        let second = other.get_or_build(&c);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(Arc::ptr_eq(&first, &other.get().unwrap()));
        let fresh = SharedQueryIndex::new();
        assert!(!fresh.same_as(&shared) && other.same_as(&shared));
        assert!(fresh.get().is_none());
    }
}
