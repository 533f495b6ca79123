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
