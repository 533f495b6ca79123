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
//! the lower [`super::Params::min_block_words`] instead.

use super::align::PairMatch;
use super::index::StockMap;
use super::{Cluster, Passage};
use crate::corpus::Corpus;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One side of an aligned pair (and, once merged, an occurrence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Node {
    /// Document.
    pub(super) doc: u32,
    /// First word and one past the last.
    pub(super) w0: u32,
    pub(super) w1: u32,
    /// Byte offsets of the first word's start and the last word's end.
    pub(super) b0: u32,
    pub(super) b1: u32,
}

/// Union–find with path halving.
struct Sets(Vec<u32>);

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
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
fn join(pairs: &[PairMatch], overlap: f64) -> (Vec<Node>, Vec<u32>, Sets) {
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
    let mut order: Vec<u32> = (0..nodes.len() as u32).collect();
    order.sort_by_key(|&i| {
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
/// anchors of the second wave ([`super::index::Index::extra_anchors`]) are
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
    /// The links of `pairs`, joined as [`cluster`] joins them.
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
    fn inside(&self, doc: u32, pos: u32) -> bool {
        let pos = pos as usize;
        self.inside
            .get(doc as usize)
            .and_then(|v| v.get(pos / 64))
            .is_some_and(|w| w >> (pos % 64) & 1 == 1)
    }

    /// Nodes of document `doc` covering words `pos..pos + k`, with their
    /// roots (looking back from `pos` until no earlier node reaches it, or
    /// [`LINK_SCAN`] nodes).
    fn covering(&self, doc: u32, pos: u32, k: u32) -> impl Iterator<Item = (&Node, u32)> {
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
fn set_bits(sets: &mut Vec<Vec<u64>>, doc: usize, w0: usize, w1: usize) {
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
    pairs: &[PairMatch],
    cfg: &ClusterCfg,
    stock: &StockMap,
) -> Vec<Cluster> {
    let (nodes, order, mut sets) = join(pairs, cfg.overlap);
    // Collect nodes and the lowest pair similarity per cluster root.
    let mut groups: BTreeMap<u32, (Vec<Node>, f64, bool)> = BTreeMap::new();
    for &i in &order {
        let root = sets.find(i);
        let g = groups
            .entry(root)
            .or_insert_with(|| (Vec::new(), 1.0, false));
        g.0.push(nodes[i as usize]);
        let sim = pairs[(i / 2) as usize].similarity;
        if sim < g.1 {
            g.1 = sim;
        }
        g.2 |= (i / 2) as usize >= cfg.chained_from;
    }
    // Each group is judged on its own (in parallel: banality and stock
    // checks read the text and the stock runs of every occurrence).
    // Members are in (doc, w0) order: overlapping ones of a document merge
    // into one occurrence.
    let groups: Vec<(Vec<Node>, f64, bool)> = groups
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(members, similarity, chained)| {
            let occ = occurrences(members)
                .into_iter()
                .map(|n| whole_words(n, &corpus.documents[n.doc as usize].text))
                .collect();
            (occ, similarity, chained)
        })
        .collect();
    let clusters: Vec<(Cluster, bool)> = groups
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
            if median < base as f64 * banality_factor(occ.len()) {
                if occ.len() >= 20 && std::env::var_os("CDIAG").is_some() {
                    eprintln!(
                        "BANAL n={} median={} base={} block={}",
                        occ.len(),
                        median,
                        base,
                        block
                    );
                }
                return None;
            }
            // Stock phrases: shingles recurring far more often than this cluster.
            let above = stock_above(occ.len(), stock.corpus_words());
            let mut own: Vec<usize> = occ
                .iter()
                .map(|o| distinctive_words(o, stock, above))
                .collect();
            own.sort_unstable();
            if own[own.len() / 2] < base {
                if occ.len() >= 20 && std::env::var_os("CDIAG").is_some() {
                    eprintln!(
                        "STOCK n={} median={} own={} base={} block={} above={}",
                        occ.len(),
                        median,
                        own[own.len() / 2],
                        base,
                        block,
                        above
                    );
                }
                return None;
            }
            let occurrences = occ
                .iter()
                .map(|o| {
                    let text = &corpus.documents[o.doc as usize].text;
                    Passage {
                        document: o.doc as usize,
                        start: o.b0 as usize,
                        end: closing_end(text, o.b1 as usize),
                    }
                })
                .collect();
            Some((
                Cluster {
                    id: 0,
                    words,
                    similarity,
                    occurrences,
                    boilerplate: None,
                },
                chained,
            ))
        })
        .collect();
    let mut clusters = drop_contained(clusters);
    clusters.sort_by(|x, y| {
        (y.words * y.occurrences.len())
            .cmp(&(x.words * x.occurrences.len()))
            .then(y.words.cmp(&x.words))
            .then(x.occurrences.cmp(&y.occurrences))
    });
    for (i, c) in clusters.iter_mut().enumerate() {
        c.id = i;
    }
    clusters
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

/// Longest run of Hangul syllables that is taken for one spaced Korean word
/// (eojeol); a longer one is text written without spaces.
const EOJEOL_MAX: usize = 8;

/// True for a Hangul syllable.
fn hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The spaced Korean word around byte `at` of `text`, when `at` lies inside
/// one (a Hangul syllable on each side): its start and end. Hangul is one
/// word per syllable ([`crate::segment::syllabic`]), so an alignment can
/// start or end inside a word of Korean written with spaces, on its shared
/// ending (`…니다` of two different verbs); such a word is a run of at most
/// [`EOJEOL_MAX`] syllables with no Han or kana letter on either side (white
/// space, a mark, Latin text or an end of the text).
fn eojeol_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let before = text.get(..at)?;
    let after = text.get(at..)?;
    if !(before.chars().next_back().is_some_and(hangul) && after.chars().next().is_some_and(hangul))
    {
        return None;
    }
    let back = before.chars().rev().take_while(|&c| hangul(c)).count();
    let fwd = after.chars().take_while(|&c| hangul(c)).count();
    let start = at - 3 * back;
    // Korean is spaced where a run of syllables lies between white space,
    // marks or Latin text (markup, `CPU를`), not next to a Han or kana letter.
    let end = at + 3 * fwd;
    let apart = |c: Option<char>| c.is_none_or(|c| c.is_ascii() || !c.is_alphabetic());
    let spaced = apart(text[..start].chars().next_back()) && apart(text[end..].chars().next());
    (spaced && back + fwd <= EOJEOL_MAX).then_some((start, end))
}

/// `n` without the part of a spaced Korean word it starts or ends inside
/// (see [`eojeol_around`]); unchanged when that would leave no word.
fn whole_words(n: Node, text: &str) -> Node {
    let mut m = n;
    let (b0, b1) = (n.b0 as usize, n.b1 as usize);
    if let Some((_, end)) = eojeol_around(text, b0)
        && let Some((off, _)) = text
            .get(end..b1)
            .and_then(|t| crate::segment::words(t).next())
    {
        m.w0 += crate::segment::words(&text[b0..end + off]).count() as u32;
        m.b0 = (end + off) as u32;
    }
    if let Some((start, _)) = eojeol_around(text, b1)
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

/// Words of the corpus per recurrence a stock phrase has at least.
pub const STOCK_RATE: u64 = 1_000_000;

/// How many times a shingle must recur, in a corpus of `corpus_words`
/// words, to count as a stock phrase against a cluster of `n` occurrences:
/// more than twice as often as the cluster (`2n + 2`), and more than once
/// per [`STOCK_RATE`] words. A phrase's count grows with the corpus while
/// the cluster's does not, so without the second bound a passage copied
/// four times and stitched from phrases that recur ten times in 10 MB is
/// kept at 10 MB and dropped as stock at 100 MB (a phrase is stock by its
/// frequency in the language, not by its count).
pub fn stock_above(n: usize, corpus_words: u64) -> u32 {
    let above = ((2 * n + 2) as u64).max(corpus_words / STOCK_RATE);
    above.min(u64::from(u32::MAX)) as u32
}

/// Words of an occurrence not covered by a stock shingle recurring more than
/// `above` times.
fn distinctive_words(o: &Node, stock: &StockMap, above: u32) -> usize {
    (o.w1 - o.w0) as usize - stock.covered(o.doc, o.w0, o.w1, above)
}

/// Most times `min_words` a passage must be long however often it recurs.
/// Past sixteen occurrences a passage is boilerplate rather than a stock
/// phrase — a header, a footer, a navigation line pasted into hundreds of
/// files — and is reported whole (a 25-word navigation line that is a line
/// of its own, or a 30-word footer, in every file of a site), while slogans
/// of nine to twelve words stay banal however often they recur.
pub const BANALITY_CAP: f64 = 3.0;

/// How many times `min_words` a passage recurring `n` times must be long:
/// 1 up to four occurrences, then one more `min_words` per doubling
/// (`log2 n − 1`) up to [`BANALITY_CAP`]: a passage quoted a few times is
/// normal reuse, a short one repeated eight or thirty times is a stock phrase.
pub fn banality_factor(n: usize) -> f64 {
    ((n as f64).log2() - 1.0).clamp(1.0, BANALITY_CAP)
}

/// Closing punctuation that belongs to the passage when it directly follows
/// its last word: sentence ends, closing quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '"'
            | '\''
            | '”'
            | '’'
            | ')'
            | ']'
            | '»'
            | '」'
            | '』'
            | '。'
            | '！'
            | '？'
            | '）'
    )
}

/// Extends a passage end over the punctuation glued to its last word, up to
/// the last closing mark (so `cyberspace."` ends after the quote, while
/// `cyberspace,` stops before the comma).
pub fn closing_end(text: &str, end: usize) -> usize {
    let mut best = end;
    for (i, c) in text[end..].char_indices() {
        if c.is_whitespace() || c.is_alphanumeric() {
            break;
        }
        if is_closer(c) {
            best = end + i + c.len_utf8();
        }
    }
    best
}

/// True when `start..end` covers whole lines: nothing alphanumeric precedes it
/// on its first line or follows it on its last line.
pub fn is_block(text: &str, start: usize, end: usize) -> bool {
    super::lines::starts_line(text, start) && super::lines::ends_line(text, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reuse::align::Side;

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
    fn the_banality_factor_grows_with_doublings_up_to_its_cap() {
        let f: Vec<f64> = [2, 4, 8, 16, 32, 4000].map(banality_factor).to_vec();
        assert_eq!(f, [1.0, 1.0, 2.0, 3.0, 3.0, 3.0]);
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
