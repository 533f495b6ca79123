//! Word collation of two passages that tells the whole truth: the engine's
//! word diff, with every run of key-equal words whose raw text differs (case,
//! punctuation attached to the words, quote or dash style) split out as a
//! [`DiffKind::Variant`] run, plus the pair's own similarity. Shared by the
//! compare view and the all-occurrences view; knows nothing of drawing.
//!
//! The engine may emit `Variant` runs itself; this only splits `Equal` runs,
//! so it is a no-op on a diff that already carries them.

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

/// The word at `span` with the non-blank characters attached to it on both
/// sides (`"We`, `Secure,`), kept inside `lo..hi`.
fn attached(text: &str, span: &Range<usize>, lo: usize, hi: usize) -> Range<usize> {
    let mut s = span.start;
    for (i, c) in text[lo..s].char_indices().rev() {
        if c.is_whitespace() {
            break;
        }
        s = lo + i;
    }
    let mut e = span.end;
    for (i, c) in text[e..hi].char_indices() {
        if c.is_whitespace() {
            break;
        }
        e = span.end + i + c.len_utf8();
    }
    s..e
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

/// Collates passage `a` (left) with passage `b` (right).
pub fn collate(corpus: &Corpus, a: &Passage, b: &Passage) -> Collation {
    let runs = diff_passages(corpus, a, b);
    let (ta, tb) = (
        &corpus.documents[a.document].text,
        &corpus.documents[b.document].text,
    );
    let (wa, wb) = (word_spans(corpus, a), word_spans(corpus, b));
    let idx = |w: &[Range<usize>], r: &Range<usize>| {
        (
            w.partition_point(|s| s.start < r.start),
            w.partition_point(|s| s.start < r.end),
        )
    };
    let mut out = Vec::with_capacity(runs.len());
    let mut same = 0;
    for run in runs {
        let (la, lb) = idx(&wa, &run.left);
        let (ra, rb) = idx(&wb, &run.right);
        if matches!(run.kind, DiffKind::Equal | DiffKind::Variant) {
            same += (lb - la).min(rb - ra);
        }
        if run.kind != DiffKind::Equal || lb - la != rb - ra {
            out.push(run);
            continue;
        }
        // Split the equal run where the raw text of a word pair differs.
        let mut k = 0;
        let n = lb - la;
        while k < n {
            let chunk = |w: &[Range<usize>], t: &str, p: &Passage, i: usize| {
                let lo = if i > 0 { w[i - 1].end } else { p.start };
                let hi = w.get(i + 1).map(|x| x.start).unwrap_or(p.end);
                attached(t, &w[i], lo, hi)
            };
            let differs = |k: usize| {
                let (ca, cb) = (chunk(&wa, ta, a, la + k), chunk(&wb, tb, b, ra + k));
                ta[ca] != tb[cb]
            };
            let v = differs(k);
            let mut j = k + 1;
            while j < n && differs(j) == v {
                j += 1;
            }
            if v {
                let l = chunk(&wa, ta, a, la + k).start..chunk(&wa, ta, a, la + j - 1).end;
                let r = chunk(&wb, tb, b, ra + k).start..chunk(&wb, tb, b, ra + j - 1).end;
                out.push(DiffRun {
                    kind: DiffKind::Variant,
                    left: l,
                    right: r,
                });
            } else {
                out.push(DiffRun {
                    kind: DiffKind::Equal,
                    left: wa[la + k].start..wa[la + j - 1].end,
                    right: wb[ra + k].start..wb[ra + j - 1].end,
                });
            }
            k = j;
        }
    }
    Collation {
        runs: out,
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
