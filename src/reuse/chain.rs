//! Chaining: a copy cut in two by a long edit comes out as one occurrence.
//!
//! The gapped extension ([`super::xdrop`]) bridges bursts of up to
//! [`super::xdrop::MAX_SHIFT`] inserted or dropped words and about seven
//! replaced ones; a longer edit — a sentence inserted into a quoted
//! paragraph, dropped from it, or rewritten — stops it, and the copy is
//! aligned as two pairs on either side of the edit. Clustered as they are,
//! the pieces would make two clusters (or, with copies edited in different
//! places, several over different documents), the reader would show one
//! copied paragraph as two passages, and a piece shorter than `min_words`
//! would be dropped as banal.
//!
//! So, as BLAST links the high-scoring segment pairs of one sequence pair,
//! the aligned pairs of each document pair are *chained* ([`chain_pairs`]):
//! two pairs, in order along both documents, chain when on each side the
//! second starts after the first (overlapping by at most [`SLACK`] words)
//! and at most [`MAX_GAP`] words after its end — about two sentences, what
//! an editor inserts or rewrites in a paragraph — and the pieces cover at
//! least `min_similarity` of the merged span; when the merged pair's
//! similarity (Dice, estimated from the pieces' matched words over the
//! merged spans) is at least `min_similarity`, the floor a single alignment
//! must reach; and when together the pieces hold at least two `min_words`
//! passages' worth of words on each side. When the gap is on both sides (a
//! rewritten stretch rather than an insertion), each piece must also be
//! `min_words` long and neither gap may hold a blank line: a sentence is
//! rewritten inside a paragraph, while two elements of a template with
//! other text between them in every copy (a slogan, then the shared article
//! in a paragraph of its own) are two passages.
//! Pieces in another order (a transposition) stay apart.
//!
//! The chain is added as a pair of its own and the pieces stay: a piece may
//! also belong to a cluster over other documents (a header that a quotation
//! follows in two of a hundred files). Clustering then joins the chains of
//! a passage's copies where they overlap, and drops a cluster of pieces
//! that one cluster holding a chain contains whole.

use super::align::{PairMatch, Side};
use super::cluster::Node;
use rayon::slice::ParallelSliceMut;

/// Largest gap between two chained pieces, in words.
pub const MAX_GAP: u32 = 40;

/// Words by which two chained pieces may overlap (the edit's boundary
/// word taken by both alignments).
pub const SLACK: u32 = 2;

/// Pieces being chained: the two sides (document A's, then B's) and the
/// similarity.
type Group = ([Node; 2], f64);

/// Settings for chaining (from [`super::Params`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct ChainCfg {
    /// Fewest words of a reported passage.
    pub(super) min_words: usize,
    /// Lowest similarity of a reported pair.
    pub(super) min_similarity: f64,
}

/// Chains of the aligned pairs of each document pair: for each run of two
/// or more pairs (across two documents, in order along both) that chain
/// (see the module doc), one pair spanning them.
///
/// Pairs are chained rather than clusters because a passage's copies may
/// be edited in different places: a sentence dropped from one copy and
/// another inserted into the next cut them at different words, so their
/// pieces make clusters over different documents, while their chains
/// overlap in the source and join there.
///
/// `blank(p, q)` tells whether the text between the end of `p` and the start
/// of `q` (two sides in one document, `q` after `p`) holds a blank line.
pub(super) fn chain_pairs(
    pairs: &[PairMatch],
    cfg: &ChainCfg,
    blank: impl Fn(Side, Side) -> bool,
) -> Vec<PairMatch> {
    let mut idx: Vec<usize> = (0..pairs.len())
        .filter(|&i| pairs[i].a.doc != pairs[i].b.doc)
        .collect();
    // Ties in pair order, as a stable sort leaves them; the key holds the
    // pair, so an unstable parallel sort gives the one order.
    idx.par_sort_unstable_by_key(|&i| {
        let p = &pairs[i];
        (p.a.doc, p.b.doc, p.a.w0, p.b.w0, p.a.w1, p.b.w1, i)
    });
    let group = |p: &PairMatch| -> Group { ([node(p.a), node(p.b)], p.similarity) };
    let mut out = Vec::new();
    let mut emit = |g: Group, pieces: usize| {
        if pieces > 1 {
            out.push(PairMatch {
                a: side(g.0[0]),
                b: side(g.0[1]),
                similarity: g.1,
            });
        }
    };
    let mut cur: Option<(Group, usize)> = None;
    for &i in &idx {
        let p = &pairs[i];
        let g = group(p);
        cur = match cur.take() {
            Some((c, n)) if (c.0[0].doc, c.0[1].doc) == (p.a.doc, p.b.doc) => {
                if p.a.w1 <= c.0[0].w1 || p.b.w1 <= c.0[1].w1 {
                    // Within what the chain holds on a side: no piece of it.
                    Some((c, n))
                } else if let Some(m) = merge(&c, &g, cfg, |p, q| blank(side(*p), side(*q))) {
                    Some((m, n + 1))
                } else {
                    emit(c, n);
                    Some((g, 1))
                }
            }
            Some((c, n)) => {
                emit(c, n);
                Some((g, 1))
            }
            None => Some((g, 1)),
        };
    }
    if let Some((c, n)) = cur {
        emit(c, n);
    }
    out
}

fn node(s: Side) -> Node {
    Node {
        doc: s.doc,
        w0: s.w0,
        w1: s.w1,
        b0: s.b0,
        b1: s.b1,
    }
}

fn side(n: Node) -> Side {
    Side {
        doc: n.doc,
        w0: n.w0,
        w1: n.w1,
        b0: n.b0,
        b1: n.b1,
    }
}

/// The pieces `x` followed by `y` (same documents, in the same order) as
/// one, when they chain (see the module doc).
fn merge(
    x: &Group,
    y: &Group,
    cfg: &ChainCfg,
    blank: impl Fn(&Node, &Node) -> bool,
) -> Option<Group> {
    let (xs, ys) = (&x.0, &y.0);
    let len = |n: &Node| n.w1 - n.w0;
    let mut gaps = [0u32; 2];
    for (side, (p, q)) in xs.iter().zip(ys).enumerate() {
        if q.w0 < p.w0 || q.w1 <= p.w1 || q.w0 + SLACK < p.w1 {
            return None;
        }
        gaps[side] = q.w0.saturating_sub(p.w1);
        let span = q.w1 - p.w0;
        let pieces = len(p) + len(q) - p.w1.saturating_sub(q.w0);
        if gaps[side] > MAX_GAP || (pieces as f64) < cfg.min_similarity * span as f64 {
            return None;
        }
    }
    let min_words = cfg.min_words as u32;
    if (0..2).any(|t| len(&xs[t]) + len(&ys[t]) < 2 * min_words) {
        return None;
    }
    // A rewritten stretch (a gap on both sides).
    let short = xs.iter().chain(ys).any(|n| len(n) < min_words);
    if gaps.iter().all(|&g| g > 0) && (short || (0..2).any(|t| blank(&xs[t], &ys[t]))) {
        return None;
    }
    let merged = [0, 1].map(|t| Node {
        w1: ys[t].w1,
        b1: ys[t].b1,
        ..xs[t]
    });
    // Dice, estimated from the pieces' matched words over the merged spans.
    let matched = x.1 * f64::from(len(&xs[0]) + len(&xs[1])) / 2.0
        + y.1 * f64::from(len(&ys[0]) + len(&ys[1])) / 2.0;
    let dice = 2.0 * matched / f64::from(len(&merged[0]) + len(&merged[1]));
    let sim = dice.min(x.1).min(y.1);
    (sim >= cfg.min_similarity).then_some((merged, sim))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(doc: u32, w0: u32, w1: u32) -> Side {
        Side {
            doc,
            w0,
            w1,
            b0: w0 * 10,
            b1: w1 * 10 - 1,
        }
    }

    /// A pair of words `a.0..a.1` of document 0 and `b.0..b.1` of document 1.
    fn pair(a: (u32, u32), b: (u32, u32), similarity: f64) -> PairMatch {
        PairMatch {
            a: side(0, a.0, a.1),
            b: side(1, b.0, b.1),
            similarity,
        }
    }

    fn no_blank(_: Side, _: Side) -> bool {
        false
    }

    const CFG: ChainCfg = ChainCfg {
        min_words: 10,
        min_similarity: 0.7,
    };

    fn spans(v: &[PairMatch]) -> Vec<((u32, u32), (u32, u32))> {
        v.iter()
            .map(|p| ((p.a.w0, p.a.w1), (p.b.w0, p.b.w1)))
            .collect()
    }

    #[test]
    fn an_inserted_sentence_joins_the_two_pieces() {
        // 45 + 45 words, contiguous in document 0, 16 words apart in 1.
        let got = chain_pairs(
            &[
                pair((100, 145), (0, 45), 1.0),
                pair((145, 190), (61, 106), 1.0),
            ],
            &CFG,
            no_blank,
        );
        assert_eq!(spans(&got), [((100, 190), (0, 106))]);
        assert_eq!((got[0].a.b0, got[0].a.b1), (1000, 1899));
        assert_eq!((got[0].b.b0, got[0].b.b1), (0, 1059));
        // Dice of 90 matched words over 90 and 106.
        assert!((got[0].similarity - 180.0 / 196.0).abs() < 1e-9);
    }

    #[test]
    fn a_chain_of_three_pieces_is_one_pair_and_other_documents_stay_apart() {
        let mut pairs = vec![
            pair((0, 30), (0, 30), 0.9),
            pair((30, 60), (38, 68), 1.0),
            pair((60, 90), (76, 106), 1.0),
        ];
        // The same words of document 0 against document 2: another chain.
        pairs.push(PairMatch {
            b: side(2, 0, 30),
            ..pairs[0]
        });
        let got = chain_pairs(&pairs, &CFG, no_blank);
        assert_eq!(spans(&got), [((0, 90), (0, 106))]);
        assert_eq!(got[0].b.doc, 1);
        // A pair nested in the chain on one side does not break it.
        pairs.insert(1, pair((10, 20), (200, 210), 1.0));
        assert_eq!(
            spans(&chain_pairs(&pairs, &CFG, no_blank)),
            [((0, 90), (0, 106))]
        );
    }

    #[test]
    fn pieces_too_far_apart_transposed_or_too_different_stay_apart() {
        let cases = [
            // 41 words inserted.
            [
                pair((0, 60), (0, 60), 1.0),
                pair((60, 120), (101, 161), 1.0),
            ],
            // Second before first in document 1.
            [pair((0, 30), (50, 80), 1.0), pair((35, 65), (0, 30), 1.0)],
            // Pieces covering under 70% of the merged span (20 of 30).
            [pair((0, 10), (0, 10), 1.0), pair((10, 20), (20, 30), 1.0)],
            // A rewritten stretch between a short piece and a long one.
            [pair((0, 8), (0, 8), 1.0), pair((11, 60), (12, 61), 1.0)],
            // Pieces that cover enough, but edited: Dice under 0.7.
            [pair((0, 30), (0, 30), 0.72), pair((30, 60), (38, 68), 0.72)],
        ];
        for case in cases {
            assert!(chain_pairs(&case, &CFG, no_blank).is_empty(), "{case:?}");
        }
    }

    #[test]
    fn a_rewritten_sentence_between_long_pieces_is_bridged() {
        let got = chain_pairs(
            &[
                pair((0, 40), (10, 50), 1.0),
                pair((52, 100), (61, 109), 0.95),
            ],
            &CFG,
            no_blank,
        );
        assert_eq!(spans(&got), [((0, 100), (10, 109))]);
        // Not when the stretch between them ends a paragraph: an 11-word
        // slogan, other words on each side, then an article of its own.
        let slogan = [pair((0, 11), (0, 11), 1.0), pair((21, 81), (21, 81), 1.0)];
        assert_eq!(chain_pairs(&slogan, &CFG, no_blank).len(), 1);
        assert!(chain_pairs(&slogan, &CFG, |_, _| true).is_empty());
        // An inserted paragraph is still an insertion.
        let inserted = [pair((0, 30), (0, 30), 1.0), pair((30, 60), (45, 75), 1.0)];
        assert_eq!(chain_pairs(&inserted, &CFG, |_, _| true).len(), 1);
    }
}
