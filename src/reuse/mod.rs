//! Reuse detection: find every passage that occurs more than once, across and
//! within documents, and group the passages into clusters.
//!
//! # Design
//!
//! The pipeline is index → anchors → alignment → clusters (with chaining) →
//! banality filter;
//! [`diff`] then gives word-level differences between any two occurrences.
//!
//! * **Words** come from [`crate::segment`] (UAX #29, normalised keys hashed to
//!   64 bits; a hash instead of an interned id needs no shared table, so
//!   documents are tokenised in parallel, and equal hashes mean equal keys with
//!   overwhelming probability — alignment re-checks every word anyway).
//! * **Copies** ([`twins`]): a document that is a byte-for-byte copy of an
//!   earlier one (a folder beside its backup, a licence file shipped by many
//!   packages) is left out of the index and of alignment; before clustering
//!   it gets every passage of its original, at the same offsets, and is one
//!   passage with the whole original. A folder beside its copy costs what
//!   the folder alone costs.
//! * **Index** ([`index`]): winnowed `k`-word shingles (default `k = 5`, window
//!   `w = 3`, so every shared run of `w + k − 1 = 7` words is guaranteed a shared
//!   fingerprint; about half the shingles are stored, 16 bytes each). A suffix
//!   array would find exact repeats too but costs more memory (≥ 4 bytes per
//!   byte of text) and does not help with near matches, which alignment handles.
//!   Fingerprints are sorted by hash; equal hashes give *anchors* (pairs of
//!   positions, across documents and within one, never overlapping), in two
//!   waves so that the cost is linear in the number of occurrences, not
//!   quadratic in a cluster's size: first a path through each group of equal
//!   fingerprints (each position with the next), then — for groups of up to
//!   `all_pairs_limit` — the other pairs whose positions the first wave's
//!   passages cover without tying them into one cluster (see [`index`] and
//!   [`cluster::Links`]). A passage pasted into 600 files is aligned about
//!   600 times, not 180,000.
//! * **Alignment** ([`align`]): an anchor grows into two passages by the
//!   X-drop gapped extension of [`xdrop`] (equal words +8, near-equal +4,
//!   other words −6, a word on one side only −4, a CJK character −3; it
//!   stops 44 below its best and ends on a run of equal words), started
//!   only when the anchor's ungapped extension is long enough or a second
//!   anchor lies near (BLAST's two-hit rule), and held to the ungapped
//!   stretch on a side where no run of two equal words lies within reach
//!   (`align::probe`: the common phrase
//!   two unrelated texts share by chance, most of what reaches it on prose). Replaced, inserted and dropped words, OCR errors,
//!   re-wrapping and punctuation changes do not break a passage; a chance
//!   match of a word or two never extends one. Anchors already inside an
//!   aligned pair are skipped. Similarity is the Dice ratio of that alignment.
//! * **Chaining** (`chain`): a copy cut in two by an edit longer than the
//!   extension bridges (a sentence inserted, dropped or rewritten) gives two
//!   clusters over the same documents, one after the other in each; such
//!   pieces, close together and in the same order everywhere, become one
//!   cluster before clusters are judged.
//! * **Clusters** ([`cluster`]): the sides of all aligned pairs are nodes,
//!   joined across their pair and, within one document, when they overlap
//!   reciprocally (≥ `overlap` of each), so a long passage and a short passage
//!   nested in it stay separate clusters. Single-link, like passim.
//! * **Banality** (in [`cluster`]): a cluster of `n` occurrences needs a
//!   median length of `min_words · clamp(log2 n − 1, 1, 3)` words, and at least
//!   `min_words` of them must lie outside *stock* shingles (fingerprints that
//!   recur more than `2n + 2` times in the corpus). Short *and* frequent
//!   phrases (slogans, stock formulas, a slogan plus a word or two of context)
//!   are dropped; short rare ones (a byline copied twice) and long frequent
//!   ones (a reprinted article) are kept; past sixteen occurrences a passage
//!   is boilerplate (a header, a footer, a navigation line) and needs three
//!   times `min_words` however often it recurs. Passages that are whole lines
//!   wherever they occur (bylines, captions, headings; nine in ten
//!   occurrences of more than ten) need only
//!   [`Params::min_block_words`]. Thresholds are in words, the same for every
//!   language; nothing is tuned to one corpus.
//!
//! Parameters were chosen on principle and checked on the seeds, on a
//! generated corpus with planted copies (`synth`, benchmark) and on
//! unrelated text (the Debian licence files, which share much wording).
//!
//! Everything is deterministic, on any number of threads: parallel steps
//! collect in input order, sorts have total orders, blocks and waves of
//! parallel work have sizes that do not depend on the pool (see
//! `index::SIZED_FOR` and `align::SharedCovers`), and clusters are ordered
//! by words × occurrences, then words, then position.
//!
//! Memory: the corpus text, two bit sets of ⅛ byte per byte of text that tell
//! which shingle hashes recur (a first pass over the text, skipped when every
//! fingerprint fits within twice the text: see [`index`]), an 8-byte
//! fingerprint per *recurring* winnowed shingle only while they are sorted,
//! 4 bytes and a bit once they are (freed before the second wave), 12 bytes per run of stock shingles, 16 bytes per anchor of the
//! current wave (one per run of equal words; generated a block at a time),
//! checkpoints (4 bytes per 32 words), a 4-bit code per word until alignment
//! ends (`chance`), and the words of the regions being aligned (a bounded
//! window).
//! Knows nothing of the terminal.

pub mod align;
mod chain;
mod chance;
pub mod cluster;
pub mod diff;
pub mod index;
mod lines;
mod mirror;
pub mod query;
mod seen;
mod tasks;
pub mod twins;
pub mod words;
pub mod xdrop;

use crate::corpus::Corpus;
use crate::progress::{Progress, Stage};
use rayon::slice::ParallelSliceMut;
use serde::Serialize;
use tasks::{align_all, sort_within_documents};

/// Tuning knobs for [`analyse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Shortest passage reported, in words (passages that recur often must be
    /// longer: see the banality rule in the module docs).
    pub min_words: usize,
    /// Lowest similarity (0..=1) for two passages to join one cluster.
    pub min_similarity: f64,
    /// Shingle length `k` in words: the shortest exact run that counts as evidence.
    pub shingle: usize,
    /// Winnowing window `w` in shingles.
    pub window: usize,
    /// Shingles shared by more positions than this are paired only with neighbours.
    pub all_pairs_limit: usize,
    /// Reciprocal overlap (0..=1) at which two passages of one document are one.
    pub overlap: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_words: 10,
            min_similarity: 0.7,
            shingle: 5,
            window: 3,
            all_pairs_limit: 16,
            overlap: 0.8,
        }
    }
}

impl Params {
    /// Shortest passage reported when every occurrence is a whole line (or
    /// several): a byline, a caption, a heading copied verbatim. Layout-aligned
    /// copies are strong evidence even when short, so they need only two thirds
    /// of `min_words` (rounded up).
    pub fn min_block_words(&self) -> usize {
        (self.min_words.max(1) * 2).div_ceil(3)
    }

    /// Shingle length and winnowing window actually used: never longer than
    /// `min_words`, and `w + k − 1 <= min_words` so that every passage of
    /// `min_words` identical words is guaranteed an anchor.
    pub fn effective_shingle_window(&self) -> (usize, usize) {
        let min = self.min_block_words();
        let k = self.shingle.clamp(1, min);
        let w = self.window.clamp(1, (min + 1 - k).max(1));
        (k, w)
    }
}

/// A span of one document: `start..end` are byte offsets into its raw bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Passage {
    /// Index of the document in the corpus.
    pub document: usize,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A set of passages judged to be the same text; each is an occurrence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// Stable id: the cluster's rank in the deterministic output order (0-based).
    pub id: usize,
    /// Length in words (of the longest occurrence).
    pub words: usize,
    /// Lowest similarity among the aligned pairs that joined the cluster
    /// (Dice ratio of their word alignment; 1.0 = identical words).
    pub similarity: f64,
    /// The occurrences, sorted by (document, start).
    pub occurrences: Vec<Passage>,
    /// Share (0..=1) of the cluster's links that are boilerplate, when the
    /// source knows it (passim's `pboiler`); `None` for refrain's own clusters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<f64>,
}

/// The result of analysing a corpus: the corpus itself plus its clusters.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The documents analysed.
    pub corpus: Corpus,
    /// The clusters, largest / most repeated first.
    pub clusters: Vec<Cluster>,
    /// The parameters used.
    pub params: Params,
}

/// An occurrence seen from one document: the passage and the cluster it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccurrenceRef {
    /// The passage.
    pub passage: Passage,
    /// Index into [`Analysis::clusters`].
    pub cluster: usize,
    /// Index of this passage in the cluster's occurrences.
    pub index: usize,
}

impl Analysis {
    /// All occurrences lying in document `doc`, sorted by start (then end).
    pub fn occurrences_in(&self, doc: usize) -> Vec<OccurrenceRef> {
        let mut out: Vec<OccurrenceRef> = self
            .clusters
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| {
                c.occurrences
                    .iter()
                    .enumerate()
                    .filter(move |(_, p)| p.document == doc)
                    .map(move |(i, p)| OccurrenceRef {
                        passage: *p,
                        cluster: ci,
                        index: i,
                    })
            })
            .collect();
        out.sort_by_key(|o| (o.passage.start, o.passage.end, o.cluster));
        out
    }

    /// The text of a passage.
    pub fn text(&self, p: &Passage) -> &str {
        &self.corpus.documents[p.document].text[p.start..p.end]
    }
}

/// Finds the clusters of shared passages in `corpus`.
pub fn analyse(corpus: Corpus, params: &Params) -> Analysis {
    let clusters = find_clusters(&corpus, params);
    Analysis {
        corpus,
        clusters,
        params: params.clone(),
    }
}

/// The clusters of `corpus` (the work behind [`analyse`]).
pub fn find_clusters(corpus: &Corpus, params: &Params) -> Vec<Cluster> {
    find_clusters_timed(corpus, params).0
}

/// Wall time spent in each stage of [`find_clusters`], in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Tokenising, fingerprinting, sorting and pairing (the index).
    pub index: f64,
    /// Growing anchors into aligned pairs.
    pub align: f64,
    /// Clustering, banality filter and ordering.
    pub cluster: f64,
    /// Anchors aligned (both waves).
    pub anchors: usize,
    /// Of them, anchors of the second wave (pairs the first did not explain).
    pub second_wave: usize,
    /// Anchors dropped before alignment, their document pairs joined by
    /// chance only (see `chance`; not counted in `anchors`).
    pub chance: usize,
    /// Aligned pairs produced.
    pub pairs: usize,
}

/// [`find_clusters`], also reporting how long each stage took (for benchmarks).
pub fn find_clusters_timed(corpus: &Corpus, params: &Params) -> (Vec<Cluster>, Timings) {
    find_clusters_progress(corpus, params, &Progress::new()).expect("never cancelled")
}

/// [`analyse`], reporting its stages to `progress` and giving up (`None`) soon
/// after [`Progress::cancel`] is called from another thread.
pub fn analyse_progress(corpus: Corpus, params: &Params, progress: &Progress) -> Option<Analysis> {
    let (clusters, _) = find_clusters_progress(&corpus, params, progress)?;
    progress.stage(Stage::Done, 0);
    Some(Analysis {
        corpus,
        clusters,
        params: params.clone(),
    })
}

/// [`find_clusters_timed`] with progress and cancellation (`None` when cancelled).
pub fn find_clusters_progress(
    corpus: &Corpus,
    params: &Params,
    progress: &Progress,
) -> Option<(Vec<Cluster>, Timings)> {
    let t0 = std::time::Instant::now();
    let (k, w) = params.effective_shingle_window();
    progress.stage(Stage::Indexing, corpus.documents.len() as u64);
    // Copies of other documents are left out until clustering (`twins`).
    let twins = twins::Twins::find(&corpus.documents);
    let mut ix = index::build_except(corpus, &twins, k, w, params.all_pairs_limit.max(2));
    if progress.is_cancelled() {
        return None;
    }
    let t1 = std::time::Instant::now();
    let cfg = align::AlignCfg {
        k,
        min_words: params.min_block_words(),
        min_piece: params.min_words,
        min_similarity: params.min_similarity,
    };
    // First wave: a path through each group of equal fingerprints.
    let mut first = ix.spanning_anchors();
    // Document pairs joined by chance only are dropped before any text is
    // read (see `chance`): results are the same.
    let drawn = first.len();
    chance::keep_worth_aligning(&ix.profiles, &mut first, k);
    let mut n_chance = drawn - first.len();
    sort_within_documents(&mut first);
    let n_first = first.len();
    // Drawing the first wave and dropping its chance anchors freed their
    // buffers in the worker threads' heaps: handed back before the wave is
    // aligned (one file of CJK text twice: peak 2.71 → 2.66× the text).
    crate::allocator::give_back();
    let mut pairs = align_all(corpus, &ix.profiles, &first, &cfg, progress, 0)?;
    drop(first);
    // Each alignment wave leaves its tasks' freed buffers in the worker
    // threads' heaps, where the main thread's next phases cannot use them:
    // handed back after each wave and before clustering too (a folder of
    // 4,767 files of 2 kB: peak 2.07× → 2.01× the text).
    crate::allocator::give_back();
    // The banality filter's evidence, made now that the first wave — where
    // the peak lies — is over, and before the second consumes the groups.
    ix.stock();
    // Second wave: the other pairs of small groups whose two positions the
    // first wave's passages cover without tying them together.
    let links = cluster::Links::new(&pairs, params.overlap);
    let k32 = k as u32;
    // The large groups' anchors first: the other pairs then consume the
    // fingerprints as they are drawn, so the two never sit side by side;
    // the fewer are then moved to the end of the more.
    let dominant = ix.dominant_anchors(|d, p| links.cover(d, p, k32));
    let mut second = ix.take_extra_anchors(|x| links.needed(x.da, x.a, x.db, x.b, k32));
    if second.len() < dominant.len() {
        let extra = std::mem::replace(&mut second, dominant);
        second.extend(extra);
    } else {
        second.extend(dominant);
    }
    second.par_sort_unstable();
    second.dedup();
    drop(links);
    let drawn = second.len();
    chance::keep_worth_aligning(&ix.profiles, &mut second, k);
    n_chance += drawn - second.len();
    sort_within_documents(&mut second);
    let n_second = second.len();
    pairs.extend(align_all(
        corpus,
        &ix.profiles,
        &second,
        &cfg,
        progress,
        progress.snapshot().done,
    )?);
    drop(second);
    crate::allocator::give_back();
    // A long text held twice by one document: its second copy's thinned
    // fingerprints found only the pair of the two; clustering gives it the
    // first copy's passages (see `mirror`).
    let repeats = mirror::repeats(corpus, &pairs);
    // A copy cut in two by a long edit: its pieces' pairs chained.
    let chains = chain::chain_pairs(
        &pairs,
        &chain::ChainCfg {
            min_words: params.min_words.max(1),
            min_similarity: params.min_similarity,
        },
        |p, q| {
            let text = &corpus.documents[p.doc as usize].text;
            let (end, start) = (p.b1 as usize, q.b0 as usize);
            end < start && lines::has_blank_line(&text[end..start])
        },
    );
    // Each copy of a document: the passages of its original, at the same
    // offsets, and the whole of it (see `twins`). Before the chains, which
    // clustering tells apart by their place at the end.
    let mirrored = twins.mirror(&[&pairs, &chains], |d| {
        whole_document(corpus, &ix.profiles, d, cfg.min_words)
    });
    pairs.extend(mirrored);
    let chained_from = pairs.len();
    pairs.extend(chains);
    ix.release_sketches();
    crate::allocator::give_back();
    let t2 = std::time::Instant::now();
    progress.stage(Stage::Clustering, pairs.len() as u64);
    let n_pairs = pairs.len();
    let clusters = cluster::cluster(
        corpus,
        pairs,
        &cluster::ClusterCfg {
            min_words: params.min_words.max(1),
            min_block_words: params.min_block_words(),
            overlap: params.overlap,
            shingle: k,
            chained_from,
        },
        ix.stock(),
        &repeats,
    );
    let t3 = std::time::Instant::now();
    let timings = Timings {
        index: (t1 - t0).as_secs_f64(),
        align: (t2 - t1).as_secs_f64(),
        cluster: (t3 - t2).as_secs_f64(),
        anchors: n_first + n_second,
        chance: n_chance,
        second_wave: n_second,
        pairs: n_pairs,
    };
    Some((clusters, timings))
}

/// All the words of document `d` as one side of a pair, `None` when it has
/// fewer than `min_words` (no alignment would give a passage of it).
fn whole_document(
    corpus: &Corpus,
    profiles: &index::Profiles,
    d: u32,
    min_words: usize,
) -> Option<align::Side> {
    let p = profiles.get(d as usize);
    if p.words < min_words.max(1) {
        return None;
    }
    let text = &corpus.documents[d as usize].text;
    let first = words::words_between(text, p.checkpoints, 0, 1);
    let last = words::words_between(text, p.checkpoints, p.words - 1, p.words);
    Some(align::Side {
        doc: d,
        w0: 0,
        w1: p.words as u32,
        b0: first.first()?.start,
        b1: last.first()?.end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    /// Words nobody else uses: `n` of them, tagged with `tag`.
    fn unique(tag: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("{tag}q{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_navigation_line_and_a_header_in_most_files_come_out_whole() {
        let nav = "<div class=\"nav\"><a href=\"index.html\">Home</a> | <a href=\"news.html\">News</a> | <a href=\"archive.html\">Archive</a> | <a href=\"about.html\">About us</a></div>";
        let header = "Published by the committee for the preservation of old town houses, \
                      which meets on the first Tuesday of every month in the library hall \
                      and welcomes letters from readers about the history of their homes.";
        // Forty files: the navigation line in all, the header in those
        // whose number is not a multiple of three (26 of them).
        let docs: Vec<Document> = (0..40)
            .map(|i| {
                let mut text = format!("Page {i}\n\n{nav}\n\n");
                if i % 3 != 0 {
                    text.push_str(&format!("<header>\n{header}\n</header>\n\n"));
                }
                text.push_str(&format!("<p>{}</p>\n", unique(&format!("d{i}"), 60)));
                Document::new(format!("site/{i:02}.html"), text)
            })
            .collect();
        let corpus = Corpus { documents: docs };
        let clusters = find_clusters(&corpus, &Params::default());
        let line = |d: usize| {
            let text = &corpus.documents[d].text;
            let start = text.find("div class").unwrap();
            Passage {
                document: d,
                start,
                end: start + "div class".len() + text[start + 9..].find('\n').unwrap() - 1,
            }
        };
        // The navigation line alone, in every file.
        let navs: Vec<Passage> = (0..40).map(line).collect();
        assert!(
            clusters.iter().any(|c| c.occurrences == navs),
            "{:?}",
            clusters
                .iter()
                .map(|c| (c.words, c.occurrences.len()))
                .collect::<Vec<_>>()
        );
        // The navigation line with the header (and its closing tag, markup
        // they share too), in the 26 files with both.
        let both: Vec<usize> = (0..40).filter(|i| i % 3 != 0).collect();
        assert!(clusters.iter().any(|c| {
            c.occurrences.iter().map(|o| o.document).collect::<Vec<_>>() == both
                && c.occurrences.iter().all(|o| {
                    let t = &corpus.documents[o.document].text[o.start..o.end];
                    t.starts_with("div class") && t.ends_with("of their homes.\n</header")
                })
        }));
    }
}
