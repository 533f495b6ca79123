//! Clustering: aligned pairs of passages become clusters of occurrences.
//!
//! Each side of each aligned pair is a *node*. Nodes are joined (union–find)
//! across their pair, and two nodes in the same document are joined when they
//! overlap *reciprocally* — the overlap covers at least `overlap` of each — so
//! the same passage found through different partners becomes one occurrence,
//! while a short passage nested inside a long one stays its own cluster (it
//! covers little of the long one). Within a cluster, overlapping nodes of one
//! document merge into one occurrence spanning them all.
//!
//! Banality: a passage must be longer the more often it recurs. A cluster of
//! `n` occurrences needs a median occurrence length of at least
//! `min_words · max(1, log2 n − 1)` words: up to four occurrences need
//! `min_words`, eight need twice that, sixteen and more three times
//! ([`BANALITY_CAP`]: boilerplate pasted into hundreds of files is reported).
//! So a byline copied twice or a quotation repeated four times is kept, while
//! a nine-to-twelve-word slogan repeated a dozen or two dozen times is not, and
//! a long article reprinted thirty times still is. This is the
//! frequency-aware filter; `--min-words` scales it. A cluster whose
//! occurrences are all whole lines (bylines, captions, headings copied
//! verbatim; nine in ten of them when there are more than ten) starts from
//! the lower [`super::Params::min_block_words`] instead. A cluster the filter
//! drops that is the middle of a reported one (most of its occurrences lie
//! inside that cluster's, at half its length or more) gives that cluster its
//! other occurrences: copies found only at their middle ([`absorb`]).

mod absorb;
mod banality;
mod join;

use absorb::Core;
pub use banality::*;
pub use join::Links;
pub(in crate::reuse) use join::Node;
use join::join;

/// What judging one group of nodes gave: a cluster to report (and whether
/// it holds a chain), or the occurrences of one too short for how often it
/// recurs (see [`absorb`]).
enum Judged {
    Kept(Cluster, bool),
    Banal(Core),
}

use super::align::PairMatch;
use super::index::StockMap;
use super::{Cluster, Passage};
use crate::corpus::Corpus;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Settings for clustering.
#[derive(Debug, Clone, Copy)]
pub struct ClusterCfg {
    /// Fewest words of a reported passage (scaled up for frequent ones).
    pub min_words: usize,
    /// Fewest words of a passage that is a whole line wherever it occurs.
    pub min_block_words: usize,
    /// Reciprocal overlap (0..=1) at which two passages of one document are the same.
    pub overlap: f64,
    /// Shingle length (words covered by one fingerprint).
    pub shingle: usize,
    /// Pairs from this index on are chains of the pairs before it (the
    /// `reuse::chain` module; `usize::MAX` when there are none).
    pub chained_from: usize,
}

/// Groups aligned pairs into clusters, filters banal ones and orders the rest
/// (most words × occurrences first, ties by position; ids = ranks).
pub fn cluster(
    corpus: &Corpus,
    pairs: Vec<PairMatch>,
    cfg: &ClusterCfg,
    stock: &StockMap,
    repeats: &crate::reuse::mirror::Repeats,
) -> Vec<Cluster> {
    let (nodes, order, mut sets) = join(&pairs, cfg.overlap);
    // The pairs (48 bytes each) are released once their sides are nodes
    // (20 bytes) and their similarities kept: clustering is where the
    // engine peaks on text whose every sentence recurs (a corpus reshuffled
    // from a few hundred sentences: 378 k pairs).
    let similarity: Vec<f64> = pairs.iter().map(|p| p.similarity).collect();
    drop(pairs);
    // Collect nodes and the lowest pair similarity per cluster root, the
    // groups then in order of their roots. (Each root's group is found in
    // a table indexed by node: a map ordered by root took most of
    // clustering's time, on one core.)
    let mut group_of: Vec<u32> = vec![u32::MAX; nodes.len()];
    let mut groups: Vec<(u32, Vec<Node>, f64, bool)> = Vec::new();
    for &i in &order {
        let root = sets.find(i);
        let slot = &mut group_of[root as usize];
        if *slot == u32::MAX {
            *slot = groups.len() as u32;
            groups.push((root, Vec::new(), 1.0, false));
        }
        let g = &mut groups[*slot as usize];
        g.1.push(nodes[i as usize]);
        let sim = similarity[(i / 2) as usize];
        if sim < g.2 {
            g.2 = sim;
        }
        g.3 |= (i / 2) as usize >= cfg.chained_from;
    }
    drop(group_of);
    groups.sort_unstable_by_key(|g| g.0);
    // Each group is judged on its own (in parallel: banality and stock
    // checks read the text and the stock runs of every occurrence).
    // Members are in (doc, w0) order: overlapping ones of a document merge
    // into one occurrence.
    let groups: Vec<(Vec<Node>, f64, bool)> = groups
        .into_par_iter()
        .map(|(_, members, similarity, chained)| {
            let members = crate::reuse::mirror::with_mirrors(members, repeats);
            let occ = occurrences(members)
                .into_iter()
                .map(|n| whole_words(n, &corpus.documents[n.doc as usize].text))
                .collect();
            (occ, similarity, chained)
        })
        .collect();
    let (mut clusters, banal): (Vec<(Cluster, bool)>, Vec<Core>) = groups
        .into_par_iter()
        .filter_map(|(occ, similarity, chained)| {
            if occ.len() < 2 {
                return None;
            }
            let words = occ
                .iter()
                .map(|o| (o.w1 - o.w0) as usize)
                .max()
                .unwrap_or(0);
            let blocks = occ
                .iter()
                .filter(|o| {
                    is_block(
                        &corpus.documents[o.doc as usize].text,
                        o.b0 as usize,
                        o.b1 as usize,
                    )
                })
                .count();
            // Whole lines wherever it occurs: all of up to ten occurrences, nine
            // in ten of more (a navigation line in hundreds of files that runs
            // on into the next line's markup in a few).
            let block = blocks * 10 >= occ.len() * 9 && (occ.len() > 10 || blocks == occ.len());
            let base = if block {
                cfg.min_block_words
            } else {
                cfg.min_words
            };
            let mut lens: Vec<u32> = occ.iter().map(|o| o.w1 - o.w0).collect();
            lens.sort_unstable();
            let median = lens[lens.len() / 2] as f64;
            let passages = |occ: &[Node]| -> Vec<Passage> {
                occ.iter()
                    .map(|o| {
                        let text = &corpus.documents[o.doc as usize].text;
                        Passage {
                            document: o.doc as usize,
                            start: o.b0 as usize,
                            end: closing_end(text, o.b1 as usize),
                        }
                    })
                    .collect()
            };
            if median < base as f64 * banality_factor(occ.len()) {
                // Kept for `absorb` only when it could be absorbed: three
                // quarters of its occurrences and not all of them take four.
                if occ.len() < 4 {
                    return None;
                }
                return Some(Judged::Banal(Core {
                    words,
                    similarity,
                    occurrences: passages(&occ),
                }));
            }
            // Stock phrases: shingles recurring far more often than this cluster.
            let above = stock_above(occ.len(), stock.corpus_words());
            let mut own: Vec<usize> = occ
                .iter()
                .map(|o| distinctive_words(o, stock, above))
                .collect();
            own.sort_unstable();
            if own[own.len() / 2] < base {
                return None;
            }
            Some(Judged::Kept(
                Cluster {
                    id: 0,
                    words,
                    similarity,
                    occurrences: passages(&occ),
                    boilerplate: None,
                },
                chained,
            ))
        })
        // Straight into the two lists, not a list of both first.
        .partition_map(|j| match j {
            Judged::Kept(c, chained) => rayon::iter::Either::Left((c, chained)),
            Judged::Banal(c) => rayon::iter::Either::Right(c),
        });
    absorb::absorb_cores(&mut clusters, banal);
    let mut clusters = drop_contained(clusters);
    rank(&mut clusters);
    clusters
}

/// Orders clusters most words × occurrences first (ties: longer first,
/// then by position) and numbers them by rank.
pub fn rank(clusters: &mut [Cluster]) {
    clusters.sort_by(|x, y| {
        (y.words * y.occurrences.len())
            .cmp(&(x.words * x.occurrences.len()))
            .then(y.words.cmp(&x.words))
            .then(x.occurrences.cmp(&y.occurrences))
    });
    for (i, c) in clusters.iter_mut().enumerate() {
        c.id = i;
    }
}

/// The clusters without those made of pieces of a chain: a cluster with
/// one occurrence per document, each inside an occurrence of one cluster
/// that holds a chain (`reuse::chain`). A cluster with two occurrences in
/// one document, or reaching outside every chain, stays.
fn drop_contained(clusters: Vec<(Cluster, bool)>) -> Vec<Cluster> {
    // Per document, the chained clusters' occurrences as (start, end, cluster).
    let mut chains: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (i, (c, chained)) in clusters.iter().enumerate() {
        if *chained {
            for o in &c.occurrences {
                chains
                    .entry(o.document)
                    .or_default()
                    .push((o.start, o.end, i));
            }
        }
    }
    if chains.is_empty() {
        return clusters.into_iter().map(|(c, _)| c).collect();
    }
    let holders = |o: &Passage| -> Vec<usize> {
        let mut v: Vec<usize> = chains
            .get(&o.document)
            .into_iter()
            .flatten()
            .filter(|&&(s, e, _)| s <= o.start && o.end <= e)
            .map(|&(_, _, i)| i)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    clusters
        .into_iter()
        .filter(|(c, chained)| {
            let occ = &c.occurrences;
            if *chained || occ.windows(2).any(|w| w[0].document == w[1].document) {
                return true;
            }
            let mut common = holders(&occ[0]);
            for o in &occ[1..] {
                if common.is_empty() {
                    break;
                }
                let h = holders(o);
                common.retain(|i| h.binary_search(i).is_ok());
            }
            common.is_empty()
        })
        .map(|(c, _)| c)
        .collect()
}

/// `members` (in (doc, w0) order) with the overlapping ones of each document
/// merged into one.
fn occurrences(members: Vec<Node>) -> Vec<Node> {
    let mut occ: Vec<Node> = Vec::new();
    for n in members {
        match occ.last_mut() {
            Some(l) if l.doc == n.doc && n.w0 < l.w1 => {
                if n.w1 > l.w1 {
                    l.w1 = n.w1;
                    l.b1 = n.b1;
                }
            }
            _ => occ.push(n),
        }
    }
    occ
}

/// `n` without the part of a spaced Korean word it starts or ends inside
/// (see [`crate::segment::spaced_word_around`]: Hangul is one word per
/// syllable, so an alignment can start or end on the shared ending of two
/// different words); unchanged when that would leave no word.
fn whole_words(n: Node, text: &str) -> Node {
    let mut m = n;
    let (b0, b1) = (n.b0 as usize, n.b1 as usize);
    if let Some((_, end)) = crate::segment::spaced_word_around(text, b0)
        && let Some((off, _)) = text
            .get(end..b1)
            .and_then(|t| crate::segment::words(t).next())
    {
        m.w0 += crate::segment::words(&text[b0..end + off]).count() as u32;
        m.b0 = (end + off) as u32;
    }
    if let Some((start, _)) = crate::segment::spaced_word_around(text, b1)
        && let Some((off, w)) = text
            .get(m.b0 as usize..start)
            .and_then(|t| crate::segment::words(t).last())
    {
        let last_end = m.b0 as usize + off + w.len();
        m.w1 -= crate::segment::words(&text[last_end..b1]).count() as u32;
        m.b1 = last_end as u32;
    }
    if m.w0 < m.w1 { m } else { n }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The node of `text` from the word starting at byte `b0` to the one
    /// ending at byte `b1`.
    fn node_of(text: &str, b0: usize, b1: usize) -> Node {
        let words: Vec<(usize, &str)> = crate::segment::words(text).collect();
        let w0 = words.iter().position(|w| w.0 == b0).unwrap();
        let w1 = words.iter().position(|w| w.0 + w.1.len() == b1).unwrap() + 1;
        Node {
            doc: 0,
            w0: w0 as u32,
            w1: w1 as u32,
            b0: b0 as u32,
            b1: b1 as u32,
        }
    }

    #[test]
    fn occurrences_do_not_start_or_end_inside_a_spaced_korean_word() {
        let text = "값을 설정합니다. 이 옵션은 파일을 읽습니다 끝";
        let at = |s: &str| text.find(s).unwrap();
        // From the ending of 설정합니다 to the middle of 읽습니다: both
        // partial words go.
        let n = node_of(text, at("니다"), at("습니다"));
        let m = whole_words(n, text);
        assert_eq!((m.b0 as usize, m.b1 as usize), (at("이"), at(" 읽")));
        assert_eq!((m.w0, m.w1), (n.w0 + 2, n.w1 - 1));
        assert_eq!(&text[m.b0 as usize..m.b1 as usize], "이 옵션은 파일을");
        // Whole words stay as they are.
        let whole = node_of(text, at("이"), at(" 끝"));
        assert_eq!(whole_words(whole, text), whole);
        // Hangul beside Han letters is text without spaces (every syllable
        // a word), and so is a run longer than a word.
        for text in ["拿몇움직입니다解", "설정합니다설정합니다설정합니다"] {
            let b0 = text.find("입").or(text.find("정")).unwrap();
            let n = node_of(text, b0, text.len() - 3);
            assert_eq!(whole_words(n, text), n, "{text}");
        }
    }

    #[test]
    fn stock_phrases_are_judged_by_frequency_not_count() {
        // Small corpora: more than twice as often as the cluster.
        assert_eq!(stock_above(2, 0), 6);
        assert_eq!(stock_above(4, 9_999_999), 10);
        // 18 M words: a phrase recurring 11 to 18 times is not stock yet.
        assert_eq!(stock_above(4, 18_000_000), 18);
        assert_eq!(stock_above(20, 18_000_000), 42);
    }

    #[test]
    fn the_banality_factor_grows_with_doublings_up_to_its_cap() {
        let f: Vec<f64> = [2, 4, 8, 16, 32, 4000].map(banality_factor).to_vec();
        assert_eq!(f, [1.0, 1.0, 2.0, 3.0, 3.0, 3.0]);
    }
}
