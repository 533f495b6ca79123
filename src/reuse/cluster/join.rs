//! The graph of clustering: the sides of aligned pairs as nodes, joined
//! across their pair and, within a document, when they overlap reciprocally
//! (union–find); and [`Links`], which tells the second wave of anchors
//! which pairs the first wave's passages leave unjoined.

use super::PairMatch;
use rayon::slice::ParallelSliceMut;

/// One side of an aligned pair (and, once merged, an occurrence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::reuse) struct Node {
    /// Document.
    pub(in crate::reuse) doc: u32,
    /// First word and one past the last.
    pub(in crate::reuse) w0: u32,
    pub(in crate::reuse) w1: u32,
    /// Byte offsets of the first word's start and the last word's end.
    pub(in crate::reuse) b0: u32,
    pub(in crate::reuse) b1: u32,
}

/// Union–find with path halving.
pub(super) struct Sets(Vec<u32>);

impl Sets {
    pub(super) fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = p;
            x = p;
        }
        x
    }

    fn union(&mut self, x: u32, y: u32) {
        let (a, b) = (self.find(x), self.find(y));
        if a != b {
            // The smaller index becomes the root: deterministic.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi as usize] = lo;
        }
    }
}

/// The nodes of `pairs` (two per pair: side A, side B), their order by
/// (document, start, end) and the union–find joining them across each pair
/// and where two nodes of one document overlap reciprocally (≥ `overlap` of each).
pub(super) fn join(pairs: &[PairMatch], overlap: f64) -> (Vec<Node>, Vec<u32>, Sets) {
    let nodes: Vec<Node> = pairs
        .iter()
        .flat_map(|p| [p.a, p.b])
        .map(|s| Node {
            doc: s.doc,
            w0: s.w0,
            w1: s.w1,
            b0: s.b0,
            b1: s.b1,
        })
        .collect();
    let mut sets = Sets((0..nodes.len() as u32).collect());
    for i in 0..pairs.len() as u32 {
        sets.union(2 * i, 2 * i + 1);
    }
    // The key holds the node, so no two are equal: an unstable parallel
    // sort gives the one order.
    let mut order: Vec<u32> = (0..nodes.len() as u32).collect();
    order.par_sort_unstable_by_key(|&i| {
        let n = nodes[i as usize];
        (n.doc, n.w0, n.w1, i)
    });
    // Nodes of one extent (a passage aligned with many others) are joined
    // at once, and only the first of them takes part in the overlap scan:
    // any node overlapping one overlaps all, and scanning each against the
    // others was quadratic in how many pairs share the passage.
    let extent = |i: &u32| {
        let n = nodes[*i as usize];
        (n.doc, n.w0, n.w1)
    };
    let mut firsts: Vec<u32> = Vec::with_capacity(order.len());
    for run in order.chunk_by(|x, y| extent(x) == extent(y)) {
        for &j in &run[1..] {
            sets.union(run[0], j);
        }
        firsts.push(run[0]);
    }
    for (x, &i) in firsts.iter().enumerate() {
        let n = nodes[i as usize];
        let len = (n.w1 - n.w0) as f64;
        for &j in &firsts[x + 1..] {
            let m = nodes[j as usize];
            if m.doc != n.doc || m.w0 >= n.w1 || (m.w0 - n.w0) as f64 > (1.0 - overlap) * len {
                break;
            }
            let ov = (m.w1.min(n.w1) - m.w0) as f64;
            if ov >= overlap * len && ov >= overlap * (m.w1 - m.w0) as f64 {
                sets.union(i, j);
            }
        }
    }
    (nodes, order, sets)
}

/// What the first wave of aligned pairs tied together, to decide which
/// anchors of the second wave ([`crate::reuse::index::Index::extra_anchors`]) are
/// worth aligning: only those whose two shingles both lie inside first-wave
/// passages that did not end up in one cluster at matching offsets. A shingle
/// no first-wave passage covers is one whose every path alignment failed (a
/// phrase shared by chance with unrelated text), and pairing it with the rest
/// of its group fails the same way; two shingles inside passages of one
/// cluster at the same offset would only find that cluster again.
pub struct Links {
    /// Nodes in (document, start) order with their cluster root and the
    /// furthest end of any node of the same document up to this one.
    nodes: Vec<(Node, u32, u32)>,
    /// Per document, a bit per word set when some node holds the word: a
    /// test in one lookup that rules out most shingles (those no passage
    /// covers) before `nodes` is searched. About a bit per word of the
    /// corpus at most.
    inside: Vec<Vec<u64>>,
}

/// Most nodes looked at, back from an anchor's position, for those covering it.
const LINK_SCAN: usize = 256;

impl Links {
    /// The links of `pairs`, joined as [`super::cluster`] joins them.
    pub fn new(pairs: &[PairMatch], overlap: f64) -> Links {
        let (nodes, order, mut sets) = join(pairs, overlap);
        let mut reach = (u32::MAX, 0u32);
        let nodes: Vec<(Node, u32, u32)> = order
            .iter()
            .map(|&i| {
                let n = nodes[i as usize];
                if reach.0 != n.doc {
                    reach = (n.doc, 0);
                }
                reach.1 = reach.1.max(n.w1);
                (n, sets.find(i), reach.1)
            })
            .collect();
        let mut inside: Vec<Vec<u64>> = Vec::new();
        for (n, _, _) in &nodes {
            set_bits(&mut inside, n.doc as usize, n.w0 as usize, n.w1 as usize);
        }
        Links { nodes, inside }
    }

    /// True when some node holds word `pos` of document `doc` (false rules
    /// out any node covering a shingle starting there).
    pub(super) fn inside(&self, doc: u32, pos: u32) -> bool {
        let pos = pos as usize;
        self.inside
            .get(doc as usize)
            .and_then(|v| v.get(pos / 64))
            .is_some_and(|w| w >> (pos % 64) & 1 == 1)
    }

    /// Nodes of document `doc` covering words `pos..pos + k`, with their
    /// roots (looking back from `pos` until no earlier node reaches it, or
    /// [`LINK_SCAN`] nodes).
    pub(super) fn covering(
        &self,
        doc: u32,
        pos: u32,
        k: u32,
    ) -> impl Iterator<Item = (&Node, u32)> {
        let end = self
            .nodes
            .partition_point(|(n, _, _)| (n.doc, n.w0) <= (doc, pos));
        self.nodes[..end]
            .iter()
            .rev()
            .take(LINK_SCAN)
            .take_while(move |(n, _, reach)| n.doc == doc && *reach >= pos + k)
            .filter(move |(n, _, _)| n.w1 >= pos + k)
            .map(|(n, r, _)| (n, *r))
    }

    /// The first-wave passages covering words `pos..pos + k` of document
    /// `doc`, as (cluster root, first word, end word), in order.
    pub fn cover(&self, doc: u32, pos: u32, k: u32) -> Vec<(u32, u32, u32)> {
        if !self.inside(doc, pos) {
            return Vec::new();
        }
        let mut v: Vec<(u32, u32, u32)> = self
            .covering(doc, pos, k)
            .map(|(n, r)| (r, n.w0, n.w1))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// True when the anchor with shingles of `k` words at word `a` of
    /// document `da` and word `b` of `db` is worth aligning: both shingles lie
    /// in first-wave passages, and no two of those passages (distinct, not
    /// overlapping) are in one cluster with the shingles at offsets from their
    /// starts that agree within an eighth of their length plus eight words.
    pub fn needed(&self, da: u32, a: u32, db: u32, b: u32, k: u32) -> bool {
        if !self.inside(da, a) || !self.inside(db, b) {
            return false;
        }
        let mut xs = self.covering(da, a, k).peekable();
        if xs.peek().is_none() || self.covering(db, b, k).next().is_none() {
            return false;
        }
        !xs.any(|(x, rx)| {
            self.covering(db, b, k).any(|(y, ry)| {
                let apart = x.doc != y.doc || x.w1 <= y.w0 || y.w1 <= x.w0;
                let (oa, ob) = (i64::from(a - x.w0), i64::from(b - y.w0));
                let len = i64::from((x.w1 - x.w0).max(y.w1 - y.w0));
                rx == ry && apart && (oa - ob).abs() <= 8 + len / 8
            })
        })
    }
}

/// Sets the bits of words `w0..w1` of document `doc` in per-document bit
/// sets (grown as needed).
pub(super) fn set_bits(sets: &mut Vec<Vec<u64>>, doc: usize, w0: usize, w1: usize) {
    if w1 <= w0 {
        return;
    }
    if sets.len() <= doc {
        sets.resize_with(doc + 1, Vec::new);
    }
    let v = &mut sets[doc];
    if v.len() < w1.div_ceil(64) {
        v.resize(w1.div_ceil(64), 0);
    }
    for (w, bits) in v.iter_mut().enumerate().take(w1.div_ceil(64)).skip(w0 / 64) {
        let lo = (w * 64).max(w0) - w * 64;
        let hi = ((w + 1) * 64).min(w1) - w * 64;
        // Bits lo..hi of this word (hi − lo from 1 to 64).
        *bits |= (u64::MAX >> (64 - (hi - lo))) << lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reuse::align::Side;

    fn pair(da: u32, db: u32, w0: u32, w1: u32) -> PairMatch {
        let side = |doc| Side {
            doc,
            w0,
            w1,
            b0: w0 * 6,
            b1: w1 * 6,
        };
        PairMatch {
            a: side(da),
            b: side(db),
            similarity: 1.0,
        }
    }

    #[test]
    fn cover_lists_the_first_wave_passages_around_a_shingle() {
        // Document 1: a long passage (0..40) and a short one nested in it.
        let links = Links::new(&[pair(0, 1, 0, 40), pair(1, 2, 10, 20)], 0.8);
        assert_eq!(links.cover(1, 12, 5), [(0, 0, 40), (2, 10, 20)]);
        assert_eq!(links.cover(1, 30, 5), [(0, 0, 40)]);
        assert_eq!(links.cover(2, 30, 5), []);
    }

    #[test]
    fn word_bits_mark_exactly_the_words_of_some_passage() {
        let mut sets = Vec::new();
        for (doc, w0, w1) in [
            (2, 3, 5),
            (2, 60, 130),
            (2, 64, 64),
            (0, 0, 64),
            (0, 200, 201),
        ] {
            set_bits(&mut sets, doc, w0, w1);
        }
        let set = |d: usize, w: usize| {
            sets.get(d)
                .and_then(|v| v.get(w / 64))
                .is_some_and(|x| x >> (w % 64) & 1 == 1)
        };
        let expected = |d: usize, w: usize| match d {
            0 => w < 64 || w == 200,
            2 => (3..5).contains(&w) || (60..130).contains(&w),
            _ => false,
        };
        for d in 0..4 {
            for w in 0..300 {
                assert_eq!(set(d, w), expected(d, w), "doc {d} word {w}");
            }
        }
        // The quick test never rules out a shingle some passage covers.
        let links = Links::new(
            &[pair(0, 1, 3, 70), pair(1, 2, 66, 140), pair(3, 4, 0, 20)],
            0.8,
        );
        for d in 0..5 {
            for w in 0..160 {
                if links.covering(d, w, 5).next().is_some() {
                    assert!(links.inside(d, w), "doc {d} word {w}");
                }
                assert_eq!(
                    links.inside(d, w),
                    links.covering(d, w, 1).next().is_some(),
                    "doc {d} word {w}"
                );
            }
        }
    }

    #[test]
    fn second_wave_aligns_only_what_the_first_left_apart() {
        // Documents 0–1–2 joined along a path; 3–4 a cluster of their own.
        let links = Links::new(
            &[pair(0, 1, 0, 20), pair(1, 2, 0, 20), pair(3, 4, 0, 20)],
            0.8,
        );
        // 0 and 2 are one cluster at the same offset: nothing to find.
        assert!(!links.needed(0, 5, 2, 5, 5));
        assert!(!links.needed(0, 2, 2, 12, 5));
        // Same cluster but offsets 13 words apart (more than 8 + 20/8).
        assert!(links.needed(0, 2, 2, 15, 5));
        // Both covered, different clusters: the anchor may join them.
        assert!(links.needed(0, 5, 3, 5, 5));
        // A shingle outside every first-wave passage: a chance match.
        assert!(!links.needed(0, 30, 3, 5, 5));
        assert!(!links.needed(0, 5, 3, 18, 5));
    }
}
