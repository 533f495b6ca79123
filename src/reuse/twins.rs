//! Documents that are byte-for-byte copies of an earlier one (*twins*): a
//! folder and its backup side by side, a site scraped twice, the same
//! licence file shipped by hundreds of packages (345 of the 2,398 text
//! files of `/usr/share/doc`, a sixth of its bytes, are exact copies of
//! another).
//!
//! Every shingle of a copy is shared, so indexing it costs a fingerprint
//! per other word, and aligning it re-reads the whole text once per
//! passage it holds: the harsh 10 MB bench corpus beside a copy of itself
//! took 1.4 s (the corpus alone 0.27 s) and held 2.8 times its text at the
//! peak; two copies of one 14 MB file took 2.1 s on one core. Yet what the engine
//! would find in a copy is known without reading it: the whole document
//! is one passage shared with its original, and every other passage of
//! the original has an occurrence at the same offsets in the copy.
//!
//! So the index leaves copies out ([`crate::reuse::index::build_except`]
//! gives them no words and no fingerprints; the stock counts weigh the
//! original's fingerprints by how many copies it has, see
//! `index::stock`), alignment never sees them, and before clustering
//! [`Twins::mirror`] adds, for each copy, a pair joining each passage its
//! original holds to the same span of the copy, and one pair of the two
//! whole documents. Clustering then sees in each copy exactly the passages
//! of its original (what aligning the copy would give, word for word), and
//! which clusters a copy's passages join no longer depends on which path
//! alignments happened to run: aligned one by one, a passage said twice in
//! a copied document came out as two clusters of two, the copy's beside
//! the original's. The cost is one hash of each document whose size
//! another document shares.

use super::align::{PairMatch, Side};
use crate::corpus::Document;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Which documents are copies of which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Twins {
    /// `(original, copy)`, sorted: each copy once, with the earliest
    /// document holding the same bytes.
    pairs: Vec<(u32, u32)>,
    /// Per document, the document it is a copy of (itself when it is no
    /// copy); empty when no document is a copy.
    original: Vec<u32>,
}

impl Twins {
    /// The copies among `docs`: documents of the same length whose bytes
    /// hash alike are compared whole, and a document equal to an earlier
    /// one is a copy of the earliest. Empty documents are never copies.
    pub fn find(docs: &[Document]) -> Twins {
        let mut by_len: HashMap<usize, Vec<u32>> = HashMap::new();
        for (d, doc) in docs.iter().enumerate() {
            if !doc.text.is_empty() {
                by_len.entry(doc.text.len()).or_default().push(d as u32);
            }
        }
        let mut same_len: Vec<Vec<u32>> = by_len.into_values().filter(|v| v.len() > 1).collect();
        if same_len.is_empty() {
            return Twins::default();
        }
        same_len.sort_unstable();
        let mut pairs: Vec<(u32, u32)> = same_len
            .par_iter()
            .flat_map_iter(|group| {
                let mut keyed: Vec<(u64, u32)> = group
                    .iter()
                    .map(|&d| {
                        let mut h = DefaultHasher::new();
                        docs[d as usize].text.as_bytes().hash(&mut h);
                        (h.finish(), d)
                    })
                    .collect();
                keyed.sort_unstable();
                let mut out = Vec::new();
                for run in keyed.chunk_by(|x, y| x.0 == y.0) {
                    // Within one hash, each document is compared with the
                    // earlier ones left as originals (one, but for a hash
                    // collision).
                    let mut originals: Vec<u32> = Vec::new();
                    for &(_, d) in run {
                        let text: &str = &docs[d as usize].text;
                        match originals.iter().find(|&&o| *docs[o as usize].text == *text) {
                            Some(&o) => out.push((o, d)),
                            None => originals.push(d),
                        }
                    }
                }
                out
            })
            .collect();
        pairs.sort_unstable();
        let mut original: Vec<u32> = (0..docs.len() as u32).collect();
        for &(o, c) in &pairs {
            original[c as usize] = o;
        }
        Twins { pairs, original }
    }

    /// True when some document is a copy of another.
    pub fn any(&self) -> bool {
        !self.pairs.is_empty()
    }

    /// How many documents are copies of another.
    pub fn copies(&self) -> usize {
        self.pairs.len()
    }

    /// True when document `d` is a copy of an earlier one.
    pub fn is_copy(&self, d: usize) -> bool {
        self.original.get(d).is_some_and(|&o| o as usize != d)
    }

    /// The document `d` is a copy of (`d` itself when it is none).
    pub fn original_of(&self, d: u32) -> u32 {
        self.original.get(d as usize).copied().unwrap_or(d)
    }

    /// Per document: `d` is a copy of `original[d]` (empty when there are
    /// no copies).
    pub fn originals(&self) -> &[u32] {
        &self.original
    }

    /// The copies of document `d`, in order.
    pub fn copies_of(&self, d: u32) -> impl Iterator<Item = u32> + '_ {
        let lo = self.pairs.partition_point(|p| p.0 < d);
        self.pairs[lo..]
            .iter()
            .take_while(move |p| p.0 == d)
            .map(|p| p.1)
    }

    /// Per document, how many times its text occurs in the corpus: 1 plus
    /// its copies for an original, 0 for a copy (its text is counted with
    /// its original's); empty when there are no copies.
    pub fn multiplicity(&self) -> Vec<u32> {
        if !self.any() {
            return Vec::new();
        }
        let mut m = vec![1u32; self.original.len()];
        for &(o, c) in &self.pairs {
            m[o as usize] += 1;
            m[c as usize] = 0;
        }
        m
    }

    /// The pairs that put the copies into the clusters: for every distinct
    /// passage of an original in the `pairs` lists, one pair joining it to the same
    /// span of each copy, and for each copy one pair of the whole original
    /// and the whole copy (`whole(d)`: the span of all of document `d`'s
    /// words, `None` when it has too few to be a passage). Similarity 1.
    pub fn mirror(
        &self,
        pairs: &[&[PairMatch]],
        whole: impl Fn(u32) -> Option<Side>,
    ) -> Vec<PairMatch> {
        if !self.any() {
            return Vec::new();
        }
        let has_copies = |d: u32| self.copies_of(d).next().is_some();
        let mut sides: Vec<Side> = pairs
            .iter()
            .flat_map(|list| list.iter())
            .flat_map(|p| [p.a, p.b])
            .filter(|s| has_copies(s.doc))
            .collect();
        sides.sort_unstable_by_key(|s| (s.doc, s.w0, s.w1, s.b0, s.b1));
        sides.dedup();
        let copy_of = |s: Side, c: u32| PairMatch {
            a: s,
            b: Side { doc: c, ..s },
            similarity: 1.0,
        };
        let mut out: Vec<PairMatch> = Vec::new();
        for s in sides {
            out.extend(self.copies_of(s.doc).map(|c| copy_of(s, c)));
        }
        for &(o, c) in &self.pairs {
            if let Some(s) = whole(o) {
                out.push(copy_of(s, c));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&str]) -> Vec<Document> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}.txt"), t.to_string()))
            .collect()
    }

    #[test]
    fn copies_are_found_by_their_bytes_and_point_to_the_earliest() {
        // Same length, different bytes ("abcd" / "abce") are no copies;
        // empty documents never are.
        let t = Twins::find(&docs(&[
            "abcd", "xyz", "abce", "abcd", "", "", "abcd", "xyz",
        ]));
        assert_eq!(t.pairs, vec![(0, 3), (0, 6), (1, 7)]);
        assert_eq!(t.originals(), &[0, 1, 2, 0, 4, 5, 0, 1]);
        assert!(t.is_copy(3) && t.is_copy(7) && !t.is_copy(0) && !t.is_copy(4));
        assert_eq!(t.copies_of(0).collect::<Vec<_>>(), vec![3, 6]);
        assert_eq!(t.multiplicity(), vec![3, 2, 1, 0, 1, 1, 0, 0]);
        let none = Twins::find(&docs(&["one", "two words", "three"]));
        assert!(!none.any());
        assert!(none.multiplicity().is_empty());
    }

    #[test]
    fn mirroring_joins_each_passage_of_an_original_to_its_copies() {
        let t = Twins::find(&docs(&["same text", "other", "same text"]));
        let side = |doc, w0, w1| Side {
            doc,
            w0,
            w1,
            b0: w0 * 5,
            b1: w1 * 5,
        };
        let pairs = [
            PairMatch {
                a: side(0, 0, 10),
                b: side(1, 3, 13),
                similarity: 0.9,
            },
            PairMatch {
                a: side(0, 0, 10),
                b: side(0, 20, 30),
                similarity: 1.0,
            },
        ];
        let got = t.mirror(&[&pairs[..1], &pairs[1..]], |d| Some(side(d, 0, 40)));
        let want: Vec<(Side, Side)> = vec![
            (side(0, 0, 10), side(2, 0, 10)),
            (side(0, 20, 30), side(2, 20, 30)),
            (side(0, 0, 40), side(2, 0, 40)),
        ];
        assert_eq!(got.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(), want);
        assert!(got.iter().all(|p| p.similarity == 1.0));
        assert_eq!(t.mirror(&[&pairs], |_| None).len(), 2);
    }
}
