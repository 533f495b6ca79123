//! Word-level differences between two occurrences, computed with `similar`,
//! with byte spans on both sides for every equal / inserted / deleted /
//! replaced run (the reader highlights exactly these).

use super::Passage;
use crate::corpus::Corpus;
use crate::segment::tokenize;
use serde::Serialize;
use std::ops::Range;

/// What happened to a run of words between the left and the right passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The same words on both sides.
    Equal,
    /// Words present only on the right.
    Insert,
    /// Words present only on the left.
    Delete,
    /// Words on the left replaced by other words on the right.
    Replace,
    /// The same words (equal keys) whose raw text differs: case, punctuation
    /// attached to them, quote or dash style ("Secure," vs "secure").
    Variant,
}

/// One run of a word diff: byte ranges into the left and right documents
/// (an empty range on the side that has no words for this run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRun {
    /// What kind of run this is.
    pub kind: DiffKind,
    /// Byte range in the left passage's document.
    pub left: Range<usize>,
    /// Byte range in the right passage's document.
    pub right: Range<usize>,
}

/// Word-level diff of passage `a` (left) against passage `b` (right).
pub fn diff_passages(corpus: &Corpus, a: &Passage, b: &Passage) -> Vec<DiffRun> {
    let ta = &corpus.documents[a.document].text;
    let tb = &corpus.documents[b.document].text;
    let wa: Vec<_> = tokenize(&ta[a.start..a.end]);
    let wb: Vec<_> = tokenize(&tb[b.start..b.end]);
    let ka: Vec<&str> = wa.iter().map(|t| t.key.as_str()).collect();
    let kb: Vec<&str> = wb.iter().map(|t| t.key.as_str()).collect();
    let span = |w: &[crate::segment::Token], base: usize, r: Range<usize>, at: usize| {
        if r.is_empty() {
            let pos = w.get(r.start).map(|t| t.start).unwrap_or(at - base);
            base + pos..base + pos
        } else {
            base + w[r.start].start..base + w[r.end - 1].end
        }
    };
    similar::capture_diff_slices(similar::Algorithm::Patience, &ka, &kb)
        .iter()
        .map(|op| {
            let (tag, ra, rb) = op.as_tag_tuple();
            let kind = match tag {
                similar::DiffTag::Equal => DiffKind::Equal,
                similar::DiffTag::Insert => DiffKind::Insert,
                similar::DiffTag::Delete => DiffKind::Delete,
                similar::DiffTag::Replace => DiffKind::Replace,
            };
            DiffRun {
                kind,
                left: span(&wa, a.start, ra, a.end),
                right: span(&wb, b.start, rb, b.end),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn corpus(a: &str, b: &str) -> Corpus {
        Corpus {
            documents: vec![Document::new("a", a), Document::new("b", b)],
        }
    }

    fn whole(c: &Corpus, d: usize) -> Passage {
        Passage {
            document: d,
            start: 0,
            end: c.documents[d].len(),
        }
    }

    /// The runs as (kind, left text, right text).
    fn runs(a: &str, b: &str) -> Vec<(DiffKind, String, String)> {
        let c = corpus(a, b);
        diff_passages(&c, &whole(&c, 0), &whole(&c, 1))
            .into_iter()
            .map(|r| (r.kind, a[r.left].to_string(), b[r.right].to_string()))
            .collect()
    }

    #[test]
    fn identical_passages_are_one_equal_run() {
        assert_eq!(
            runs("One two, three.", "one TWO three"),
            [(
                DiffKind::Equal,
                "One two, three".into(),
                "one TWO three".into()
            )]
        );
    }

    #[test]
    fn inserted_dropped_and_replaced_words_have_exact_spans() {
        use DiffKind::*;
        assert_eq!(
            runs(
                "the quick fox jumps over the dog",
                "the quick brown fox leaps over the dog"
            ),
            [
                (Equal, "the quick".into(), "the quick".into()),
                (Insert, "".into(), "brown".into()),
                (Equal, "fox".into(), "fox".into()),
                (Replace, "jumps".into(), "leaps".into()),
                (Equal, "over the dog".into(), "over the dog".into()),
            ]
        );
        assert_eq!(
            runs("a b c d e", "a b d e"),
            [
                (Equal, "a b".into(), "a b".into()),
                (Delete, "c".into(), "".into()),
                (Equal, "d e".into(), "d e".into()),
            ]
        );
    }

    #[test]
    fn empty_sides_sit_at_the_right_place() {
        let c = corpus("x y z", "x y z w");
        let d = diff_passages(&c, &whole(&c, 0), &whole(&c, 1));
        assert_eq!(d.last().unwrap().kind, DiffKind::Insert);
        assert_eq!(d.last().unwrap().left, 5..5);
        assert_eq!(d.last().unwrap().right, 6..7);
    }

    #[test]
    fn spans_are_offsets_into_the_documents() {
        // Passages in the middle of their documents: spans are absolute.
        let c = corpus("intro. alpha beta gamma", "other text: alpha delta gamma!");
        let pa = Passage {
            document: 0,
            start: 7,
            end: 23,
        };
        let pb = Passage {
            document: 1,
            start: 12,
            end: 29,
        };
        let d = diff_passages(&c, &pa, &pb);
        let ta = &c.documents[0].text;
        let tb = &c.documents[1].text;
        assert_eq!(d[1].kind, DiffKind::Replace);
        assert_eq!(&ta[d[1].left.clone()], "beta");
        assert_eq!(&tb[d[1].right.clone()], "delta");
    }
}
