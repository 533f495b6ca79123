//! Passages inside a long text a document holds twice, given to its second
//! copy.
//!
//! A document holding a long text twice (a book or a log concatenated with
//! itself) has the second copy's fingerprints thinned past its first 32 k
//! words ([`super::index`]'s repeats beyond the ring): its anchors find the
//! one pair of the two copies, but a passage inside the text that is also
//! copied elsewhere is then paired through its first copy only. As
//! [`super::twins`] gives a copied file every passage of its original, a
//! long verbatim pair of one document gives its second side every passage
//! lying inside its first, at the same offsets: clustering adds to each
//! group of passages the same span of the second copy for each passage
//! inside the first (no pairs are made: on a file holding 9 MB of CJK text
//! twice, a pair per passage nearly tripled the pairs clustering holds). A chain of three copies gives the third only what the second
//! was found with.

use super::align::{PairMatch, Side};
use super::cluster::Node;
use crate::corpus::Corpus;

/// Fewest words of a verbatim pair within one document whose passages are
/// given to its second side: beyond what the repeats within the ring's
/// reach (about 8 k words) cover, so a tandem repeat of an article keeps
/// its copies as they were found.
pub const MIN_WORDS: u32 = 1 << 13;

/// The long verbatim pairs within one document of an analysis (see the
/// module doc), for [`with_mirrors`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Repeats {
    /// Each as its first and second side, by (document, first word).
    pairs: Vec<(Side, Side)>,
    /// The furthest end of a first side among `pairs[..=i]` of `pairs[i]`'s
    /// document: where the look back for first sides holding a passage stops.
    reach: Vec<u32>,
}

/// The long verbatim pairs within one document among `pairs`: at least
/// [`MIN_WORDS`] words, similarity 1, the same bytes on both sides, the
/// second after the first.
pub fn repeats(corpus: &Corpus, pairs: &[PairMatch]) -> Repeats {
    let text =
        |s: &Side| &corpus.documents[s.doc as usize].text.as_bytes()[s.b0 as usize..s.b1 as usize];
    let mut out: Vec<(Side, Side)> = pairs
        .iter()
        .filter(|p| {
            p.a.doc == p.b.doc
                && p.similarity >= 1.0
                && p.a.w1 - p.a.w0 >= MIN_WORDS
                && p.a.w1 - p.a.w0 == p.b.w1 - p.b.w0
                && p.a.b1 <= p.b.b0
                && text(&p.a) == text(&p.b)
        })
        .map(|p| (p.a, p.b))
        .collect();
    out.sort_unstable_by_key(|(a, b)| (a.doc, a.w0, b.w0));
    out.dedup();
    let mut reach = Vec::with_capacity(out.len());
    for (i, (a, _)) in out.iter().enumerate() {
        let before = (i > 0 && out[i - 1].0.doc == a.doc).then(|| reach[i - 1]);
        reach.push(before.map_or(a.w1, |r: u32| r.max(a.w1)));
    }
    Repeats { pairs: out, reach }
}

impl Repeats {
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// `members` (in (document, first word) order) with, for each that lies
/// inside the first side of one of `repeats`, the same span of its second
/// side added, still in order (see the module doc).
pub(super) fn with_mirrors(mut members: Vec<Node>, repeats: &Repeats) -> Vec<Node> {
    if repeats.is_empty() {
        return members;
    }
    let list = &repeats.pairs;
    let mut added = Vec::new();
    for n in &members {
        let mut i = list.partition_point(|(a, _)| (a.doc, a.w0) <= (n.doc, n.w0));
        while i > 0 && list[i - 1].0.doc == n.doc && repeats.reach[i - 1] >= n.w1 {
            i -= 1;
            let (a, b) = list[i];
            if n.w1 <= a.w1 && (a.w0, a.w1) != (n.w0, n.w1) {
                added.push(Node {
                    doc: n.doc,
                    w0: n.w0 + (b.w0 - a.w0),
                    w1: n.w1 + (b.w0 - a.w0),
                    b0: n.b0 + (b.b0 - a.b0),
                    b1: n.b1 + (b.b0 - a.b0),
                });
            }
        }
    }
    if !added.is_empty() {
        members.extend(added);
        members.sort_unstable_by_key(|n| (n.doc, n.w0, n.w1));
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn side(doc: u32, w0: u32, w1: u32) -> Side {
        Side {
            doc,
            w0,
            w1,
            b0: w0 * 5,
            b1: w1 * 5,
        }
    }

    fn node(doc: u32, w0: u32, w1: u32) -> Node {
        let s = side(doc, w0, w1);
        Node {
            doc,
            w0,
            w1,
            b0: s.b0,
            b1: s.b1,
        }
    }

    #[test]
    fn passages_inside_a_long_repeat_are_given_to_its_second_copy() {
        // Document 0: 10,000 words "wNNN" (5 bytes each with their
        // space), twice.
        let half: String = (0..10_000).map(|i| format!("w{:03} ", i % 1000)).collect();
        let corpus = Corpus {
            documents: vec![Document::new("d0.txt", format!("{half}{half}"))],
        };
        let whole = PairMatch {
            a: side(0, 0, 10_000),
            b: side(0, 10_000, 20_000),
            similarity: 1.0,
        };
        let r = repeats(&corpus, &[whole]);
        assert_eq!(r.pairs, vec![(whole.a, whole.b)]);
        // A passage of the first copy gets its twin; one straddling the
        // first copy's end, one in another document and the first copy
        // itself do not.
        let members = vec![
            node(0, 0, 10_000),
            node(0, 100, 150),
            node(0, 9_990, 10_020),
            node(1, 100, 150),
        ];
        assert_eq!(
            with_mirrors(members, &r),
            vec![
                node(0, 0, 10_000),
                node(0, 100, 150),
                node(0, 9_990, 10_020),
                node(0, 10_100, 10_150),
                node(1, 100, 150),
            ]
        );
        // Text that differs is no repeat; nor is a shorter one.
        let mut other = corpus.clone();
        other.documents[0] =
            Document::new("d0.txt", format!("{half}{}", half.replace("w999", "v999")));
        assert!(repeats(&other, &[whole]).is_empty());
        let short = PairMatch {
            a: side(0, 0, MIN_WORDS - 1),
            b: side(0, 10_000, 10_000 + MIN_WORDS - 1),
            similarity: 1.0,
        };
        assert!(repeats(&corpus, &[short]).is_empty());
    }
}
