//! Word collation of two passages that tells the whole truth: the engine's
//! word diff ([`diff_passages`], from the same alignment that judged the
//! pair), whose [`DiffKind::Variant`] runs mark key-equal words whose raw text
//! differs (case, punctuation attached to the words, quote or dash style),
//! plus the pair's own similarity. Shared by the compare view and the
//! all-occurrences view; knows nothing of drawing.

use crate::corpus::Corpus;
use crate::reuse::Passage;
use crate::reuse::diff::{DiffKind, DiffRun, diff_passages};
use crate::segment::words;
use std::ops::Range;

/// Byte spans (absolute) of the words of passage `p`.
pub fn word_spans(corpus: &Corpus, p: &Passage) -> Vec<Range<usize>> {
    let t = &corpus.documents[p.document].text[p.start..p.end];
    words(t)
        .map(|(s, w)| p.start + s..p.start + s + w.len())
        .collect()
}

/// A collated pair: runs (with `Variant`s) and word counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Collation {
    /// The runs, in order; `Equal` runs are identical raw words.
    pub runs: Vec<DiffRun>,
    /// Words of the left passage.
    pub left_words: usize,
    /// Words of the right passage.
    pub right_words: usize,
    /// Words equal by key on both sides (in `Equal` and `Variant` runs).
    pub same_words: usize,
}

impl Collation {
    /// The pair's own similarity: Dice ratio of words equal by key.
    pub fn similarity(&self) -> f64 {
        let n = self.left_words + self.right_words;
        if n == 0 {
            1.0
        } else {
            2.0 * self.same_words as f64 / n as f64
        }
    }

    /// Number of differences (runs that are not `Equal`).
    pub fn differences(&self) -> usize {
        self.runs
            .iter()
            .filter(|r| r.kind != DiffKind::Equal)
            .count()
    }
}

/// Collates passage `a` (left) with passage `b` (right): the engine's runs
/// as they are (one source of truth for what differs), counted.
pub fn collate(corpus: &Corpus, a: &Passage, b: &Passage) -> Collation {
    let runs = diff_passages(corpus, a, b);
    let (wa, wb) = (word_spans(corpus, a), word_spans(corpus, b));
    // Words whose start lies in `r`.
    let count = |w: &[Range<usize>], r: &Range<usize>| {
        w.partition_point(|s| s.start < r.end) - w.partition_point(|s| s.start < r.start)
    };
    let same = runs
        .iter()
        .filter(|r| matches!(r.kind, DiffKind::Equal | DiffKind::Variant))
        .map(|r| count(&wa, &r.left).min(count(&wb, &r.right)))
        .sum();
    Collation {
        runs,
        left_words: wa.len(),
        right_words: wb.len(),
        same_words: same,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn runs(a: &str, b: &str) -> (Vec<(DiffKind, String, String)>, Collation) {
        let c = Corpus {
            documents: vec![Document::new("a", a), Document::new("b", b)],
        };
        let pa = Passage {
            document: 0,
            start: 0,
            end: a.len(),
        };
        let pb = Passage {
            document: 1,
            start: 0,
            end: b.len(),
        };
        let col = collate(&c, &pa, &pb);
        let v = col
            .runs
            .iter()
            .map(|r| (r.kind, a[r.left.clone()].into(), b[r.right.clone()].into()))
            .collect();
        (v, col)
    }

    #[test]
    fn punctuation_case_and_quote_style_are_variants_with_exact_spans() {
        use DiffKind::*;
        let (v, col) = runs(
            "Open, Cooperative, Secure, and he said, \"We go",
            "Open, Cooperative, Secure and he said “we go",
        );
        assert_eq!(
            v,
            [
                (
                    Equal,
                    "Open, Cooperative".into(),
                    "Open, Cooperative".into()
                ),
                (Variant, "Secure,".into(), "Secure".into()),
                (Equal, "and he".into(), "and he".into()),
                (Variant, "said, \"We".into(), "said “we".into()),
                (Equal, "go".into(), "go".into()),
            ]
        );
        assert_eq!(col.differences(), 2);
        assert_eq!(col.similarity(), 1.0);
    }

    #[test]
    fn identical_text_and_rewrapping_are_one_equal_run() {
        let (v, col) = runs("one two\nthree.", "one two three.");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].0, DiffKind::Equal);
        assert_eq!(col.differences(), 0);
    }

    #[test]
    fn similarity_is_the_pairs_own_dice_ratio() {
        let (_, col) = runs("a b c d", "a b x d e");
        assert_eq!((col.left_words, col.right_words, col.same_words), (4, 5, 3));
        assert!((col.similarity() - 6.0 / 9.0).abs() < 1e-9);
    }
}
