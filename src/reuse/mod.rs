//! Reuse detection: find every passage that occurs more than once, across and
//! within documents, and group the passages into clusters.
//!
//! Pipeline: index → candidates → alignment into passages → clusters →
//! banality filter. [`diff`] gives word-level differences between two
//! occurrences. Knows nothing of the terminal.

pub mod diff;

use crate::corpus::Corpus;
use serde::Serialize;

/// Tuning knobs for [`analyse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Shortest passage reported, in words.
    pub min_words: usize,
    /// Lowest similarity (0..=1) for two passages to join one cluster.
    pub min_similarity: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_words: 12,
            min_similarity: 0.8,
        }
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
    /// Lowest pairwise similarity among the occurrences (1.0 = identical words).
    pub similarity: f64,
    /// The occurrences, sorted by (document, start).
    pub occurrences: Vec<Passage>,
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
///
/// PLACEHOLDER: groups identical non-blank lines of at least `min_words` words.
/// The real engine replaces this.
pub fn analyse(corpus: Corpus, params: &Params) -> Analysis {
    use std::collections::BTreeMap;
    let mut by_key: BTreeMap<String, Vec<Passage>> = BTreeMap::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        for i in 0..doc.line_count() {
            let line = doc.line_text(i);
            let trimmed = line.trim();
            if crate::segment::tokenize(trimmed).len() < params.min_words {
                continue;
            }
            let start = doc.line_starts()[i] + (line.len() - line.trim_start().len());
            by_key
                .entry(trimmed.to_string())
                .or_default()
                .push(Passage {
                    document: d,
                    start,
                    end: start + trimmed.len(),
                });
        }
    }
    let mut clusters: Vec<Cluster> = by_key
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, occurrences)| Cluster {
            id: 0,
            words: crate::segment::tokenize(&k).len(),
            similarity: 1.0,
            occurrences,
        })
        .collect();
    clusters.sort_by(|a, b| {
        (b.words * b.occurrences.len())
            .cmp(&(a.words * a.occurrences.len()))
            .then(a.occurrences.cmp(&b.occurrences))
    });
    for (i, c) in clusters.iter_mut().enumerate() {
        c.id = i;
    }
    Analysis {
        corpus,
        clusters,
        params: params.clone(),
    }
}
