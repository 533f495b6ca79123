//! The candidate index: winnowed word-shingle fingerprints of every document,
//! grouped by hash into *anchors* — pairs of word positions (across documents
//! or within one) whose `k`-word shingles are equal.
//!
//! Every shingle (k consecutive word keys) is hashed; winnowing (Schleimer,
//! Wilkerson & Aiken 2003, as in MOSS) keeps the smallest hash of every window
//! of `w` consecutive shingles, which guarantees that any run of `w + k − 1`
//! shared words yields at least one shared fingerprint while storing only about
//! `2/(w+1)` of the shingles. The fingerprints of all documents go into one
//! vector that is sorted by hash; each group of equal hashes becomes anchors.
//! A group of up to `all_pairs_limit` positions gives all its pairs; a larger
//! group (a stock phrase) gives only consecutive pairs, so its cost stays linear
//! while clustering, which is transitive, still connects every occurrence.

use super::words;
use crate::corpus::Corpus;
use rayon::prelude::*;

/// What the index keeps of one document.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Number of words.
    pub words: usize,
    /// Byte offset of every [`words::CHECKPOINT`]-th word.
    pub checkpoints: Vec<u32>,
}

/// One fingerprint: a shingle hash and where its shingle starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Fingerprint {
    hash: u64,
    doc: u32,
    pos: u32,
}

/// Fingerprints shared by fewer positions than this are never stock.
pub const STOCK_MIN: usize = 6;

/// A fingerprint whose shingle recurs often (at least [`STOCK_MIN`] times):
/// the banality filter measures how much of a passage such shingles cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stock {
    /// Document.
    pub doc: u32,
    /// Word position where the shingle starts.
    pub pos: u32,
    /// How many positions in the corpus share this fingerprint.
    pub count: u32,
}

/// Two positions whose shingles are equal: word `a` of document `da` and word
/// `b` of document `db`, with `(da, a) < (db, b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    /// First document.
    pub da: u32,
    /// Second document (`>= da`).
    pub db: u32,
    /// Word index in `da`.
    pub a: u32,
    /// Word index in `db`.
    pub b: u32,
}

/// Multiplier of the polynomial shingle hash (odd, so invertible mod 2⁶⁴).
const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// Combines `k` word hashes into a shingle hash (order-sensitive): the
/// polynomial `Σ key_i · BASE^(k−1−i)` mod 2⁶⁴, finalised. The index
/// computes the same value as a rolling hash.
pub fn shingle_hash(keys: impl Iterator<Item = u64>) -> u64 {
    let mut h = 0u64;
    for k in keys {
        h = h.wrapping_mul(BASE).wrapping_add(k);
    }
    crate::segment::mix64(h)
}

/// Tokenises one document, calling `emit(pos, hash)` for each winnowed
/// fingerprint. A text beyond 32-bit offsets (never loaded from disk, see
/// [`crate::corpus::MAX_DOCUMENT_BYTES`]) is treated as having no words.
fn profile_doc(text: &str, k: usize, w: usize, mut emit: impl FnMut(u32, u64)) -> Profile {
    if text.len() as u64 > crate::corpus::MAX_DOCUMENT_BYTES {
        return Profile::default();
    }
    let mut ring = vec![0u64; k];
    // BASE^(k-1): the weight of the word leaving the rolling window.
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut rolling = 0u64;
    // Last `w` shingle hashes with their start positions (a ring).
    let mut window: Vec<(u64, u32)> = vec![(0, 0); w];
    let mut last_pick: Option<u32> = None;
    let mut n = 0usize;
    let checkpoints = words::scan(text, |i, word| {
        let slot = i % k;
        if i >= k {
            rolling = rolling.wrapping_sub(ring[slot].wrapping_mul(top));
        }
        rolling = rolling.wrapping_mul(BASE).wrapping_add(word.key);
        ring[slot] = word.key;
        n = i + 1;
        if n < k {
            return;
        }
        let start = n - k;
        window[start % w] = (crate::segment::mix64(rolling), start as u32);
        if start + 1 >= w {
            pick(&window, &mut last_pick, &mut emit);
        }
    });
    // A document with fewer than `w` shingles: its one window is all of them.
    if n >= k && n - k + 1 < w {
        pick(&window[..n - k + 1], &mut last_pick, &mut emit);
    }
    Profile {
        words: n,
        checkpoints,
    }
}

/// Winnowing: the rightmost minimal hash of the window (ties to the later
/// position), unless already taken.
fn pick(window: &[(u64, u32)], last: &mut Option<u32>, emit: &mut impl FnMut(u32, u64)) {
    let mut best = window[0];
    for &c in &window[1..] {
        if c.0 < best.0 || (c.0 == best.0 && c.1 > best.1) {
            best = c;
        }
    }
    if *last != Some(best.1) {
        *last = Some(best.1);
        emit(best.1, best.0);
    }
}

/// Documents are profiled in parallel batches of about this many bytes, so the
/// per-document fingerprint vectors alive at once stay small.
const BATCH_BYTES: usize = 8 << 20;

/// Profiles every document and returns the profiles, all anchors (sorted) and
/// the stock fingerprints (sorted by document and position).
pub fn build(
    corpus: &Corpus,
    k: usize,
    w: usize,
    all_pairs_limit: usize,
) -> (Vec<Profile>, Vec<Anchor>, Vec<Stock>) {
    let docs = &corpus.documents;
    let mut profiles = vec![Profile::default(); docs.len()];
    // Room for one fingerprint per 8 bytes of text (prose has about one word
    // per 6 bytes and winnowing keeps about half the shingles), so the vector
    // rarely grows; untouched capacity costs no memory.
    let estimate: usize = docs.iter().map(|d| d.len() / 8 + 1).sum();
    let mut fps: Vec<Fingerprint> = Vec::with_capacity(estimate);
    let mut i = 0;
    while i < docs.len() {
        let mut j = i;
        let mut bytes = 0;
        while j < docs.len() && (j == i || bytes + docs[j].len() <= BATCH_BYTES) {
            bytes += docs[j].len();
            j += 1;
        }
        if j == i + 1 {
            // One large document: write straight into the shared vector.
            let d = i as u32;
            profiles[i] = profile_doc(&docs[i].text, k, w, |pos, hash| {
                fps.push(Fingerprint { hash, doc: d, pos })
            });
        } else {
            let batch: Vec<(Profile, Vec<Fingerprint>)> = (i..j)
                .into_par_iter()
                .map(|d| {
                    let mut v = Vec::new();
                    let p = profile_doc(&docs[d].text, k, w, |pos, hash| {
                        v.push(Fingerprint {
                            hash,
                            doc: d as u32,
                            pos,
                        })
                    });
                    (p, v)
                })
                .collect();
            for (off, (p, v)) in batch.into_iter().enumerate() {
                profiles[i + off] = p;
                fps.extend_from_slice(&v);
            }
        }
        i = j;
    }
    // Sorting by hash alone is enough: equal hashes are rare, and each group
    // is put in (document, position) order below.
    fps.par_sort_unstable_by_key(|f| f.hash);
    let anchors = anchors(&fps, k, all_pairs_limit);
    let mut stock: Vec<Stock> = fps
        .chunk_by(|x, y| x.hash == y.hash)
        .filter(|g| g.len() >= STOCK_MIN)
        .flat_map(|g| {
            g.iter().map(move |f| Stock {
                doc: f.doc,
                pos: f.pos,
                count: g.len() as u32,
            })
        })
        .collect();
    drop(fps);
    stock.par_sort_unstable();
    (profiles, anchors, stock)
}

/// True when two fingerprints may pair: different documents, or the same
/// document with shingles that do not overlap.
fn pairable(x: &Fingerprint, y: &Fingerprint, k: usize) -> bool {
    x.doc != y.doc || y.pos as usize >= x.pos as usize + k
}

fn anchors(fps: &[Fingerprint], k: usize, all_pairs_limit: usize) -> Vec<Anchor> {
    // Group boundaries, found in parallel over chunks.
    let groups: Vec<&[Fingerprint]> = fps
        .chunk_by(|x, y| x.hash == y.hash)
        .filter(|g| g.len() > 1)
        .collect();
    let mut out: Vec<Anchor> = groups
        .par_iter()
        .flat_map_iter(|g| {
            let mut g = g.to_vec();
            g.sort_unstable();
            let mut v = Vec::new();
            if g.len() <= all_pairs_limit {
                for (i, x) in g.iter().enumerate() {
                    for y in &g[i + 1..] {
                        if pairable(x, y, k) {
                            v.push(anchor(x, y));
                        }
                    }
                }
            } else {
                for (i, x) in g.iter().enumerate() {
                    if let Some(y) = g[i + 1..].iter().find(|y| pairable(x, y, k)) {
                        v.push(anchor(x, y));
                    }
                }
            }
            v
        })
        .collect();
    out.par_sort_unstable();
    out.dedup();
    out
}

fn anchor(x: &Fingerprint, y: &Fingerprint) -> Anchor {
    Anchor {
        da: x.doc,
        db: y.doc,
        a: x.pos,
        b: y.pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn corpus(texts: &[&str]) -> Corpus {
        Corpus {
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("d{i}"), *t))
                .collect(),
        }
    }

    #[test]
    fn shared_run_gives_an_anchor_on_its_diagonal() {
        let c = corpus(&[
            "alpha beta gamma delta epsilon zeta eta theta iota kappa",
            "one two alpha beta gamma delta epsilon zeta eta three",
        ]);
        let (profiles, anchors, _) = build(&c, 5, 3, 16);
        assert_eq!(profiles[0].words, 10);
        assert_eq!(profiles[1].words, 10);
        assert!(!anchors.is_empty());
        for a in &anchors {
            assert_eq!((a.da, a.db), (0, 1));
            assert_eq!(a.b, a.a + 2);
        }
    }

    #[test]
    fn repeats_within_one_document_pair_without_overlap() {
        let c = corpus(&["x a b c d e f g y a b c d e f g z"]);
        let (_, anchors, _) = build(&c, 5, 3, 16);
        assert!(!anchors.is_empty());
        for a in &anchors {
            assert_eq!((a.da, a.db), (0, 0));
            assert_eq!(a.b, a.a + 8);
        }
    }

    #[test]
    fn short_documents_still_get_a_fingerprint() {
        let c = corpus(&["a b c d e", "a b c d e"]);
        let (_, anchors, _) = build(&c, 5, 3, 16);
        assert_eq!(
            anchors,
            [Anchor {
                da: 0,
                db: 1,
                a: 0,
                b: 0
            }]
        );
    }

    #[test]
    fn large_groups_pair_consecutively() {
        // Forty one-shingle documents: one group of forty positions.
        let texts = vec!["p q r s t"; 40];
        let (_, anchors, _) = build(&corpus(&texts), 5, 3, 16);
        // A path of 39 consecutive pairs, not all 780 pairs.
        assert_eq!(anchors.len(), 39);
        assert!(
            anchors
                .iter()
                .all(|x| x.a == 0 && x.b == 0 && x.db == x.da + 1)
        );
    }

    #[test]
    fn rolling_hash_equals_shingle_hash() {
        let text = "one two three four five six seven";
        let mut keys = Vec::new();
        words::scan(text, |_, w| keys.push(w.key));
        let mut got = Vec::new();
        profile_doc(text, 5, 1, |pos, h| got.push((pos, h)));
        let want: Vec<(u32, u64)> = (0..3)
            .map(|p| (p as u32, shingle_hash(keys[p..p + 5].iter().copied())))
            .collect();
        assert_eq!(got, want);
    }
}
