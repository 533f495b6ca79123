//! A deterministic corpus generator with planted reuse, for benchmarks and
//! recall/precision tests.
//!
//! Documents are paragraphs of sentences of English words drawn from the seed
//! articles' vocabulary with the seeds' own word frequencies (a unigram model:
//! realistic word statistics, but no accidental long repeats), or — with
//! [`SynthParams::prose`] — from a word-level Markov chain trained on real
//! text the caller supplies ([`Prose::train`]; the benchmark uses the licence
//! and documentation files on the machine), so common phrases recur as in real
//! text, plus a share of CJK documents from a character-level chain. The
//! harsher edit model ([`SynthParams::edit_rate_max`]) gives each copy its own
//! edit rate, bursts of 3–5 neighbouring edits, inserted words and whole-copy
//! case, punctuation and quote transforms; [`SynthParams::ocr_rate`] adds
//! OCR-like character noise to all text; [`SynthParams::boilerplate`] adds a
//! header pasted into hundreds of files and footers in tens, with HTML-ish
//! markup. [`score_pairs`] measures recall over every pair of copies. Into them the
//! generator plants known reuse: *source* passages (runs of whole sentences)
//! copied into other documents (or later in the same document) either
//! verbatim or lightly edited (about one word in ten replaced, dropped or
//! inserted, some case and punctuation changes, often re-wrapped), spliced
//! between sentences or as paragraphs of their own. Every planted copy is
//! recorded with the byte ranges of its source and of the copy.
//!
//! The random generator is a fixed splitmix64, so a seed gives the same corpus
//! on every platform and with every version of every crate.
//!
//! The parts: `rng` (the random numbers), `prose` (the background text
//! models), `edits` (what is done to a copy), `plant` (the corpus assembled,
//! its truth recorded), `score` (clusters measured against the truth); this
//! module holds the parameters and the truth's types.

mod edits;
mod plant;
mod prose;
mod rng;
mod score;

pub use edits::ocr_noise;
pub use plant::{generate, repeated};
pub use prose::Prose;
pub use rng::Rng;
pub use score::{
    BANDS, PairScore, Score, WHOLE_MIN_WORDS, boilerplate_groups, score, score_pairs, score_whole,
};

use crate::corpus::Corpus;
use crate::reuse::Passage;

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
    /// When above zero: the harsh edit model. Each edited copy draws its own
    /// rate in `0..=edit_rate_max`; half of the edit events are bursts of 3–5
    /// neighbouring words; copies also get case, punctuation and quote
    /// transforms.
    pub edit_rate_max: f64,
    /// OCR-like character noise per character, on copies and background alike.
    pub ocr_rate: f64,
    /// Adds a boilerplate header to hundreds of files, footers to tens, and
    /// HTML-ish markup.
    pub boilerplate: bool,
    /// Background text model (`None`: the seeds' unigram vocabulary).
    pub prose: Option<std::sync::Arc<Prose>>,
    /// Share of documents written in CJK (needs a `prose` with CJK text).
    pub cjk_share: f64,
    /// Share of edited copies of three sentences or more that also get one
    /// long edit: a new sentence inserted between two of theirs, or an
    /// inner sentence dropped or replaced by a new one (longer than any
    /// burst the alignment bridges).
    pub sentence_edits: f64,
    /// Fewest and most sentences of a planted source passage.
    pub source_sentences: (usize, usize),
    /// Share of sources of two sentences or more that span a paragraph
    /// break: a blank line between two of their sentences, in the source
    /// and in every copy (each side of it edited on its own, so the break
    /// stays), as an editor's note or a quoted section of several
    /// paragraphs is copied.
    pub paragraph_sources: f64,
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
            edit_rate_max: 0.0,
            ocr_rate: 0.0,
            boilerplate: false,
            prose: None,
            cjk_share: 0.0,
            sentence_edits: 0.0,
            source_sentences: (2, 4),
            paragraph_sources: 0.0,
        }
    }
}

/// One planted copy: where its source is and where the copy is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Planted {
    /// Index of the source passage (copies of one source share it).
    pub group: usize,
    /// The source passage.
    pub source: Passage,
    /// The copy.
    pub copy: Passage,
    /// Whether the copy was edited (else verbatim).
    pub edited: bool,
    /// The copy's edit rate (0 for verbatim copies).
    pub rate: f64,
    /// Whether the passage is CJK text.
    pub cjk: bool,
    /// Whether the group is boilerplate or repeated text (a header in most
    /// files, a footer in tens, one article repeated): scored as a whole by
    /// [`score_whole`], not pair by pair by [`score_pairs`] (its hundreds of
    /// copies would outweigh the planted passages tens of thousands to one).
    pub boilerplate: bool,
}

impl Planted {
    /// One line of a truth file (`bench_engine gen` writes one per copy):
    /// group, edited, source document/start/end, copy document/start/end,
    /// rate, cjk, boilerplate, space-separated.
    pub fn line(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {} {} {} {}",
            self.group,
            self.edited as u8,
            self.source.document,
            self.source.start,
            self.source.end,
            self.copy.document,
            self.copy.start,
            self.copy.end,
            self.rate,
            self.cjk as u8,
            self.boilerplate as u8
        )
    }

    /// Parses a [`Planted::line`]; `None` when it is not one.
    pub fn parse(line: &str) -> Option<Planted> {
        let v: Vec<&str> = line.split(' ').collect();
        if v.len() != 11 {
            return None;
        }
        let n = |i: usize| v[i].parse::<usize>().ok();
        let passage = |i: usize| {
            Some(Passage {
                document: n(i)?,
                start: n(i + 1)?,
                end: n(i + 2)?,
            })
        };
        Some(Planted {
            group: n(0)?,
            edited: n(1)? == 1,
            source: passage(2)?,
            copy: passage(5)?,
            rate: v[8].parse().ok()?,
            cjk: n(9)? == 1,
            boilerplate: n(10)? == 1,
        })
    }
}

/// A generated corpus and its ground truth.
#[derive(Debug, Clone)]
pub struct SynthCorpus {
    /// The documents.
    pub corpus: Corpus,
    /// Every planted copy.
    pub planted: Vec<Planted>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truth_line_reads_back_as_the_planted_copy() {
        let p = Planted {
            group: 3,
            source: Passage {
                document: 1,
                start: 10,
                end: 90,
            },
            copy: Passage {
                document: 7,
                start: 5,
                end: 77,
            },
            edited: true,
            rate: 0.25,
            cjk: false,
            boilerplate: true,
        };
        assert_eq!(p.line(), "3 1 1 10 90 7 5 77 0.25 0 1");
        assert_eq!(Planted::parse(&p.line()), Some(p));
        assert_eq!(Planted::parse("3 1 1 10"), None);
    }
}
