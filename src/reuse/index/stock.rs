//! Stock fingerprints (shingles recurring in many places) kept as runs: the
//! banality filter's evidence.

use super::*;

/// Fingerprints shared by fewer positions than this are never stock.
pub const STOCK_MIN: usize = 6;

/// A stretch of one document covered by the shingles of stock fingerprints
/// (each recurring at least [`STOCK_MIN`] times) that all recur the same
/// number of times: consecutive such fingerprints whose shingles overlap or
/// touch merge into one run, so a text repeated a thousand times needs a
/// few runs per copy, not one entry per fingerprint. Word numbers are
/// corpus-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct StockRun {
    /// First word covered.
    pub(super) start: u32,
    /// One past the last word covered.
    pub(super) end: u32,
    /// How many positions in the corpus share each of its fingerprints.
    pub(super) count: u32,
}

/// Thinned periods looked at per fingerprint by [`Index::recurrence`].
const THINNED_SCAN: usize = 16;

/// Groups of at least this many places have their recurrence counted once
/// before the stock map's pass (see `stock_map_from`).
const LARGE_GROUP: usize = 64;

/// Longest [`StockRun`] in words (longer stretches are split), so the runs
/// that may cover a word lie a bounded distance before it.
pub(super) const MAX_RUN: u32 = 1024;

/// Where the corpus's stock shingles lie: the banality filter's evidence
/// (see [`StockMap::covered`]). 12 bytes per run.
#[derive(Debug, Clone, Default)]
pub struct StockMap {
    pub(super) runs: Vec<StockRun>,
    /// Corpus-wide number of the first word of each document (plus the total).
    pub(super) first_word: Vec<u32>,
    pub(super) k: u32,
    /// Per document, the document whose words stand for its own (a copy
    /// has none in the index, see [`crate::reuse::twins`]); empty when no
    /// document is a copy.
    pub(super) originals: Vec<u32>,
    /// Words in the whole corpus, copies included.
    pub(super) words: u64,
}

impl StockMap {
    /// Words in the whole corpus (the scale stock counts grow with).
    pub fn corpus_words(&self) -> u64 {
        self.words
    }

    /// Words of `w0..w1` in document `doc` covered by shingles of stock
    /// fingerprints recurring more than `above` times. `above` is at least
    /// [`stock_floor`] of the corpus's words (as
    /// [`crate::reuse::cluster::stock_above`] always gives): fingerprints
    /// recurring no more than that are not kept.
    pub fn covered(&self, doc: u32, w0: u32, w1: u32, above: u32) -> usize {
        let doc = self.originals.get(doc as usize).copied().unwrap_or(doc);
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

/// The fewest recurrences the banality filter ever asks about in a corpus
/// of `words` words: it asks for fingerprints recurring more than
/// [`crate::reuse::cluster::stock_above`] times, which is never less than
/// once per [`crate::reuse::cluster::STOCK_RATE`] words. A fingerprint
/// recurring no more often than that never counts, so the [`StockMap`]
/// leaves it out: on 100 MB of prose (17 M words) most stock fingerprints
/// recur 6 to 17 times, and keeping them made 1.4 M runs, one per
/// fingerprint (runs merge only equal counts), which cost a tenth of a
/// second to build and as much again to skip while clustering.
pub fn stock_floor(words: u64) -> u64 {
    words / crate::reuse::cluster::STOCK_RATE
}

/// Stock entries gathered at a time while building the [`StockMap`].
pub(super) const STOCK_BLOCK: usize = 1 << 14;

impl Index {
    /// The stock runs of the shared fingerprints (those of groups of at
    /// least [`STOCK_MIN`]), gathered a block of the corpus at a time so that
    /// no per-fingerprint list of them is ever held whole.
    pub(super) fn stock_map(&self) -> StockMap {
        let words = self.corpus_words();
        let min = stock_floor(words).saturating_add(1).max(STOCK_MIN as u64);
        self.stock_map_from(usize::try_from(min).unwrap_or(usize::MAX))
    }

    /// How many places a group's shingle recurs in: its fingerprints, and
    /// for each one stored in a period that a thinned run of repeats
    /// repeats (see `repeats`), the copies of it left out.
    pub(super) fn recurrence(&self, g: &[u32]) -> usize {
        if self.thinned.is_empty() && self.multiplicity.is_empty() {
            return g.len();
        }
        g.iter()
            .map(|f| {
                let w = *f;
                let i = self.thinned.partition_point(|t| t.start <= w);
                // Periods may overlap (two runs repeating parts of one
                // stretch): the nearest few starting at or before the word.
                let here = 1 + self.thinned[..i]
                    .iter()
                    .rev()
                    .take(THINNED_SCAN)
                    .filter(|t| w < t.end)
                    .map(|t| t.extra as usize)
                    .sum::<usize>();
                // Each copy of the document holds it as often again.
                let copies = match self.multiplicity.is_empty() {
                    true => 1,
                    false => self.multiplicity[self.locate(w).0 as usize] as usize,
                };
                here * copies
            })
            .sum()
    }

    /// Words in the corpus, copies of documents included (they have none
    /// in the index, see [`crate::reuse::twins`]).
    pub(super) fn corpus_words(&self) -> u64 {
        let indexed = u64::from(self.first_word.last().copied().unwrap_or(0));
        if self.multiplicity.is_empty() {
            return indexed;
        }
        self.profiles
            .iter()
            .zip(&self.multiplicity)
            .map(|(p, &m)| p.words as u64 * u64::from(m))
            .sum()
    }

    /// [`Index::stock_map`] of the groups of at least `min` fingerprints.
    pub(super) fn stock_map_from(&self, min: usize) -> StockMap {
        let entries: usize = self
            .shared
            .each_group()
            .map(|(_, g)| g.len())
            .filter(|&n| n >= min)
            .sum();
        let k = self.k as u32;
        // At most one run per entry (see `spanning_anchors` on reserving).
        let mut runs: Vec<StockRun> = Vec::with_capacity(entries);
        let blocks = self.word_blocks(entries.div_ceil(STOCK_BLOCK / SIZED_FOR));
        // A group is visited once per block its places lie in, and its
        // recurrence costs a look-up per place: for the large groups it is
        // counted once, here (a header in 8,000 generated manual pages
        // spans every block: counting it at each visit was 6.7% of
        // /usr/share/man/man1's analysis).
        let count = |g: &[u32]| u32::try_from(self.recurrence(g)).unwrap_or(u32::MAX);
        let large: rustc_hash::FxHashMap<u32, u32> = self
            .shared
            .each_group()
            .filter(|(_, g)| g.len() >= LARGE_GROUP)
            .map(|(start, g)| (start, count(g)))
            .collect();
        self.blockwise(
            &blocks,
            Reach::All,
            // A group's recurrence is at least its size: counted only for
            // the smaller groups.
            |g| g.len() >= min || self.recurrence(g) >= min,
            |start, g, r| {
                let count = match large.get(&start) {
                    Some(&c) => c,
                    None => count(g),
                };
                g[r].iter().map(move |&f| (f, count))
            },
            |mut v: Vec<(u32, u32)>| {
                v.sort_unstable();
                v
            },
            |v| {
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
            originals: self.originals.clone(),
            words: self.corpus_words(),
        }
    }
}
