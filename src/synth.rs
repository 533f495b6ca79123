//! A deterministic corpus generator with planted reuse, for benchmarks and
//! recall/precision tests.
//!
//! Documents are paragraphs of sentences of English words drawn from the seed
//! articles' vocabulary with the seeds' own word frequencies (a unigram model:
//! realistic word statistics, but no accidental long repeats). Into them the
//! generator plants known reuse: *source* passages (runs of whole sentences)
//! copied into other documents (or later in the same document) either
//! verbatim or lightly edited (about one word in ten replaced, dropped or
//! inserted, some case and punctuation changes, often re-wrapped), spliced
//! between sentences or as paragraphs of their own. Every planted copy is
//! recorded with the byte ranges of its source and of the copy.
//!
//! The random generator is a fixed splitmix64, so a seed gives the same corpus
//! on every platform and with every version of every crate.

use crate::corpus::{Corpus, Document};
use crate::reuse::Passage;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A small, fixed pseudo-random generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        crate::segment::mix64(self.0)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// Fewest words of a planted source passage (sources are runs of two to four
/// whole sentences, so usually 20 to 70 words).
pub const MIN_SOURCE_WORDS: usize = 20;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthParams {
    /// Seed of the random generator.
    pub seed: u64,
    /// Approximate total size in bytes.
    pub total_bytes: usize,
    /// Approximate mean document size in bytes.
    pub doc_bytes: usize,
    /// Source passages planted per megabyte of text.
    pub sources_per_mb: f64,
    /// Most copies of one source (at least one).
    pub max_copies: usize,
    /// Share of copies that are edited rather than verbatim.
    pub edited_share: f64,
    /// Share of words touched in an edited copy.
    pub edit_rate: f64,
}

impl Default for SynthParams {
    fn default() -> Self {
        SynthParams {
            seed: 1,
            total_bytes: 1 << 20,
            doc_bytes: 40_000,
            sources_per_mb: 30.0,
            max_copies: 3,
            edited_share: 0.5,
            edit_rate: 0.1,
        }
    }
}

/// One planted copy: where its source is and where the copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planted {
    /// Index of the source passage (copies of one source share it).
    pub group: usize,
    /// The source passage.
    pub source: Passage,
    /// The copy.
    pub copy: Passage,
    /// Whether the copy was edited (else verbatim).
    pub edited: bool,
}

/// A generated corpus and its ground truth.
#[derive(Debug, Clone)]
pub struct SynthCorpus {
    /// The documents.
    pub corpus: Corpus,
    /// Every planted copy.
    pub planted: Vec<Planted>,
}

/// The seeds' English vocabulary with cumulative frequencies.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Vocabulary {
    fn from_seeds() -> Self {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for d in crate::corpus::seeds().documents {
            for t in crate::segment::tokenize(&d.text) {
                let w = &d.text[t.start..t.end];
                if w.bytes().all(|b| b.is_ascii_alphabetic()) {
                    *counts.entry(w.to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
        let mut words = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0;
        for (w, c) in counts {
            total += c;
            words.push(w);
            cumulative.push(total);
        }
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.next_u64() % total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(v: &Vocabulary, rng: &mut Rng) -> String {
    let n = rng.range(8, 24);
    let mut s = String::new();
    for i in 0..n {
        let w = v.word(rng);
        if i == 0 {
            s.push_str(&capitalise(w));
        } else {
            s.push(' ');
            s.push_str(w);
            if i + 1 < n && rng.chance(0.08) {
                s.push(',');
            }
        }
    }
    s.push('.');
    s
}

/// Applies light edits to a passage: replaced, dropped and inserted words,
/// case and punctuation changes.
fn edit(text: &str, v: &Vocabulary, rng: &mut Rng, rate: f64) -> String {
    let mut out: Vec<String> = Vec::new();
    let words: Vec<&str> = text.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        // Never touch the first and last two words, so the copy's extent is
        // the source's.
        let inner = i >= 2 && i + 2 < words.len();
        if inner && rng.chance(rate) {
            match rng.below(3) {
                0 => out.push(v.word(rng).to_string()),
                1 => {}
                _ => {
                    out.push(w.to_string());
                    out.push(v.word(rng).to_string());
                }
            }
        } else if inner && rng.chance(0.03) {
            out.push(w.to_uppercase());
        } else if inner && rng.chance(0.03) {
            out.push(format!("{w};"));
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

/// Re-wraps text at about `width` columns.
fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in text.split(' ') {
        if col > 0 && col + 1 + w.len() > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

/// Where a copy goes: before sentence `sentence` of paragraph `para`, or as a
/// paragraph of its own before paragraph `para` when `sentence` is `None`.
type Slot = (usize, usize, Option<usize>);

/// Generates a corpus with planted reuse.
pub fn generate(p: &SynthParams) -> SynthCorpus {
    let v = Vocabulary::from_seeds();
    let mut rng = Rng::new(p.seed);
    // Base documents: paragraphs of sentences.
    let mut docs: Vec<Vec<Vec<String>>> = Vec::new();
    let mut total = 0;
    while total < p.total_bytes.max(1) {
        let target = rng.range(p.doc_bytes / 2, p.doc_bytes * 3 / 2).max(200);
        let mut paras = Vec::new();
        let mut size = 0;
        while size < target {
            let mut para = Vec::new();
            for _ in 0..rng.range(3, 7) {
                let s = sentence(&v, &mut rng);
                size += s.len() + 1;
                para.push(s);
            }
            size += 1;
            paras.push(para);
        }
        total += size;
        docs.push(paras);
    }
    // Sources: a run of sentences inside one paragraph, at most one per paragraph.
    let n_sources = ((p.total_bytes as f64 / 1e6) * p.sources_per_mb)
        .round()
        .max(1.0) as usize;
    let mut sources: Vec<(usize, usize, usize, usize)> = Vec::new(); // doc, para, i, j
    let mut used: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for _ in 0..n_sources * 4 {
        if sources.len() >= n_sources {
            break;
        }
        let d = rng.below(docs.len());
        let q = rng.below(docs[d].len());
        if used.contains_key(&(d, q)) {
            continue;
        }
        let len = docs[d][q].len();
        let i = rng.below(len);
        let j = (i + rng.range(2, 4)).min(len);
        let words: usize = docs[d][q][i..j].iter().map(|s| s.split(' ').count()).sum();
        if words < MIN_SOURCE_WORDS {
            continue;
        }
        used.insert((d, q), sources.len());
        sources.push((d, q, i, j));
    }
    // Copies.
    let mut slots: BTreeMap<Slot, Vec<(usize, String, bool)>> = BTreeMap::new();
    for (g, &(d, q, i, j)) in sources.iter().enumerate() {
        let text = docs[d][q][i..j].join(" ");
        for _ in 0..rng.range(1, p.max_copies.max(1)) {
            let t = if rng.chance(0.1) {
                d
            } else {
                rng.below(docs.len())
            };
            let para = rng.below(docs[t].len());
            let slot = if rng.chance(0.5) {
                (t, para, None)
            } else {
                let len = docs[t][para].len();
                let mut r = rng.range(0, len);
                if let Some(&s) = used.get(&(t, para)) {
                    let (_, _, si, sj) = sources[s];
                    if r > si && r < sj {
                        r = sj;
                    }
                }
                (t, para, Some(r))
            };
            let edited = rng.chance(p.edited_share);
            let mut copy = if edited {
                edit(&text, &v, &mut rng, p.edit_rate)
            } else {
                text.clone()
            };
            if edited && rng.chance(0.5) {
                copy = rewrap(&copy, 60 + rng.below(20));
            }
            slots.entry(slot).or_default().push((g, copy, edited));
        }
    }
    // Assemble, recording byte ranges.
    let mut source_at: Vec<Passage> = vec![
        Passage {
            document: 0,
            start: 0,
            end: 0
        };
        sources.len()
    ];
    let mut copies: Vec<(usize, Passage, bool)> = Vec::new();
    let mut documents = Vec::new();
    for (d, paras) in docs.iter().enumerate() {
        let mut text = String::new();
        let _ = writeln!(text, "Document {d}\n");
        for (q, para) in paras.iter().enumerate() {
            for (g, copy, edited) in slots.get(&(d, q, None)).into_iter().flatten() {
                let start = text.len();
                text.push_str(copy);
                copies.push((
                    *g,
                    Passage {
                        document: d,
                        start,
                        end: text.len(),
                    },
                    *edited,
                ));
                text.push_str("\n\n");
            }
            let src = used.get(&(d, q)).copied();
            for (r, s) in para.iter().enumerate() {
                for (g, copy, edited) in slots.get(&(d, q, Some(r))).into_iter().flatten() {
                    let start = text.len();
                    text.push_str(copy);
                    copies.push((
                        *g,
                        Passage {
                            document: d,
                            start,
                            end: text.len(),
                        },
                        *edited,
                    ));
                    text.push(' ');
                }
                if let Some(g) = src {
                    let (_, _, i, j) = sources[g];
                    if r == i {
                        source_at[g].document = d;
                        source_at[g].start = text.len();
                    }
                    if r + 1 == j {
                        source_at[g].end = text.len() + s.len();
                    }
                }
                text.push_str(s);
                text.push(' ');
            }
            for (g, copy, edited) in slots.get(&(d, q, Some(para.len()))).into_iter().flatten() {
                let start = text.len();
                text.push_str(copy);
                copies.push((
                    *g,
                    Passage {
                        document: d,
                        start,
                        end: text.len(),
                    },
                    *edited,
                ));
                text.push(' ');
            }
            text.pop();
            text.push_str("\n\n");
        }
        documents.push(Document::new(format!("synth/{d:05}.txt"), text));
    }
    let planted = copies
        .into_iter()
        .map(|(group, copy, edited)| Planted {
            group,
            source: source_at[group],
            copy,
            edited,
        })
        .collect();
    SynthCorpus {
        corpus: Corpus { documents },
        planted,
    }
}

/// Recall and precision of clusters against the planted copies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Planted copies.
    pub copies: usize,
    /// Planted copies found: some cluster has an occurrence on the copy and
    /// one on its source (each overlapping at least half of it).
    pub recovered: usize,
    /// Of them, verbatim / edited copies planted and found.
    pub verbatim: (usize, usize),
    /// Edited copies planted and found.
    pub edited: (usize, usize),
    /// Occurrences reported.
    pub occurrences: usize,
    /// Occurrences lying (at least half) on a planted source or copy.
    pub true_occurrences: usize,
}

impl Score {
    /// Share of planted copies recovered.
    pub fn recall(&self) -> f64 {
        self.recovered as f64 / self.copies.max(1) as f64
    }

    /// Share of reported occurrences that are planted text.
    pub fn precision(&self) -> f64 {
        if self.occurrences == 0 {
            1.0
        } else {
            self.true_occurrences as f64 / self.occurrences as f64
        }
    }
}

fn overlaps_half(x: &Passage, y: &Passage) -> bool {
    if x.document != y.document {
        return false;
    }
    let ov = x.end.min(y.end).saturating_sub(x.start.max(y.start));
    let shorter = (x.end - x.start).min(y.end - y.start).max(1);
    ov * 2 >= shorter
}

/// Scores clusters against the ground truth.
pub fn score(clusters: &[crate::reuse::Cluster], planted: &[Planted]) -> Score {
    let mut s = Score {
        copies: planted.len(),
        recovered: 0,
        verbatim: (0, 0),
        edited: (0, 0),
        occurrences: 0,
        true_occurrences: 0,
    };
    // Index occurrences by document for the recall check.
    let mut by_doc: BTreeMap<usize, Vec<(usize, Passage)>> = BTreeMap::new();
    for (ci, c) in clusters.iter().enumerate() {
        for o in &c.occurrences {
            by_doc.entry(o.document).or_default().push((ci, *o));
        }
    }
    let clusters_on = |p: &Passage| -> Vec<usize> {
        by_doc
            .get(&p.document)
            .map(|v| {
                v.iter()
                    .filter(|(_, o)| overlaps_half(o, p))
                    .map(|(c, _)| *c)
                    .collect()
            })
            .unwrap_or_default()
    };
    for pl in planted {
        let a = clusters_on(&pl.copy);
        let b = clusters_on(&pl.source);
        let found = a.iter().any(|c| b.contains(c));
        let bucket = if pl.edited {
            &mut s.edited
        } else {
            &mut s.verbatim
        };
        bucket.0 += 1;
        if found {
            bucket.1 += 1;
            s.recovered += 1;
        }
    }
    let mut truth: BTreeMap<usize, Vec<Passage>> = BTreeMap::new();
    for pl in planted {
        truth.entry(pl.copy.document).or_default().push(pl.copy);
        truth.entry(pl.source.document).or_default().push(pl.source);
    }
    for c in clusters {
        for o in &c.occurrences {
            s.occurrences += 1;
            if truth
                .get(&o.document)
                .is_some_and(|v| v.iter().any(|t| overlaps_half(o, t)))
            {
                s.true_occurrences += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let p = SynthParams {
            total_bytes: 200_000,
            ..SynthParams::default()
        };
        let a = generate(&p);
        let b = generate(&p);
        assert_eq!(a.planted, b.planted);
        assert_eq!(a.corpus.documents.len(), b.corpus.documents.len());
        let total = a.corpus.total_bytes();
        assert!((200_000..300_000).contains(&total), "{total}");
        assert!(!a.planted.is_empty());
    }

    #[test]
    fn planted_ranges_hold_the_source_text() {
        let g = generate(&SynthParams {
            total_bytes: 200_000,
            ..SynthParams::default()
        });
        for pl in &g.planted {
            let src = &g.corpus.documents[pl.source.document].text[pl.source.start..pl.source.end];
            let copy = &g.corpus.documents[pl.copy.document].text[pl.copy.start..pl.copy.end];
            assert!(src.ends_with('.'), "{src}");
            if !pl.edited {
                assert_eq!(src, copy);
            }
        }
    }
}
