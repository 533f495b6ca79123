//! Measures clusters against the planted truth: copy recall and occurrence
//! precision ([`score`]), recall over every pair of copies by edit-rate band
//! ([`score_pairs`]), and boilerplate groups found whole ([`score_whole`]).

use super::Planted;
use crate::corpus::Corpus;
use crate::reuse::Passage;
use std::collections::BTreeMap;

/// Recall and precision of clusters against the planted copies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Planted copies.
    pub copies: usize,
    /// Planted copies found: some cluster has an occurrence on the copy and
    /// one on its source (each overlapping at least half of it).
    pub recovered: usize,
    /// Of them, verbatim / edited copies planted and found.
    pub verbatim: (usize, usize),
    /// Edited copies planted and found.
    pub edited: (usize, usize),
    /// Occurrences reported.
    pub occurrences: usize,
    /// Occurrences lying (at least half) on a planted source or copy.
    pub true_occurrences: usize,
}

impl Score {
    /// Share of planted copies recovered.
    pub fn recall(&self) -> f64 {
        self.recovered as f64 / self.copies.max(1) as f64
    }

    /// Share of reported occurrences that are planted text.
    pub fn precision(&self) -> f64 {
        if self.occurrences == 0 {
            1.0
        } else {
            self.true_occurrences as f64 / self.occurrences as f64
        }
    }
}

/// True when `x` and `y` share at least half of the shorter one.
fn overlaps_half(x: &Passage, y: &Passage) -> bool {
    if x.document != y.document {
        return false;
    }
    let ov = x.end.min(y.end).saturating_sub(x.start.max(y.start));
    let shorter = (x.end - x.start).min(y.end - y.start).max(1);
    ov * 2 >= shorter
}

/// Scores clusters against the ground truth.
pub fn score(clusters: &[crate::reuse::Cluster], planted: &[Planted]) -> Score {
    let mut s = Score {
        copies: planted.len(),
        recovered: 0,
        verbatim: (0, 0),
        edited: (0, 0),
        occurrences: 0,
        true_occurrences: 0,
    };
    // Index occurrences by document for the recall check.
    let mut by_doc: BTreeMap<usize, Vec<(usize, Passage)>> = BTreeMap::new();
    for (ci, c) in clusters.iter().enumerate() {
        for o in &c.occurrences {
            by_doc.entry(o.document).or_default().push((ci, *o));
        }
    }
    let clusters_on = |p: &Passage| -> Vec<usize> {
        by_doc
            .get(&p.document)
            .map(|v| {
                v.iter()
                    .filter(|(_, o)| overlaps_half(o, p))
                    .map(|(c, _)| *c)
                    .collect()
            })
            .unwrap_or_default()
    };
    for pl in planted {
        let a = clusters_on(&pl.copy);
        let b = clusters_on(&pl.source);
        let found = a.iter().any(|c| b.contains(c));
        let bucket = if pl.edited {
            &mut s.edited
        } else {
            &mut s.verbatim
        };
        bucket.0 += 1;
        if found {
            bucket.1 += 1;
            s.recovered += 1;
        }
    }
    let mut truth: BTreeMap<usize, Vec<Passage>> = BTreeMap::new();
    for pl in planted {
        truth.entry(pl.copy.document).or_default().push(pl.copy);
        truth.entry(pl.source.document).or_default().push(pl.source);
    }
    for c in clusters {
        for o in &c.occurrences {
            s.occurrences += 1;
            if truth
                .get(&o.document)
                .is_some_and(|v| v.iter().any(|t| overlaps_half(o, t)))
            {
                s.true_occurrences += 1;
            }
        }
    }
    s
}

/// Edit-rate bands of [`PairScore::bands`] (upper bounds, inclusive): a
/// pair falls in the band of the larger edit rate of its two copies.
pub const BANDS: [(f64, &str); 5] = [
    (0.0, "0%"),
    (0.05, "≤5%"),
    (0.15, "5–15%"),
    (0.20, "15–20%"),
    (0.30, "20–30%"),
];

/// Recall over every pair of copies of each planted passage (its source and
/// all its copies, edited↔edited included): a pair counts when the clusters
/// that have occurrences on both cover at least 80% of each (in bytes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairScore {
    /// (pairs, pairs found) per category: `[verbatim, edited]` × `[English, CJK]`.
    pub category: [[(usize, usize); 2]; 2],
    /// (pairs, pairs found) per band of [`BANDS`].
    pub bands: [(usize, usize); 5],
    /// The same as `bands`, counting only the pairs of CJK passages (the
    /// targets hold for each language on its own).
    pub cjk_bands: [(usize, usize); 5],
}

impl PairScore {
    /// Share found of a (pairs, found) count.
    pub fn share(x: (usize, usize)) -> f64 {
        if x.0 == 0 {
            1.0
        } else {
            x.1 as f64 / x.0 as f64
        }
    }
}

/// Boilerplate groups of at least this many words are scored by
/// [`score_whole`] (shorter ones, such as a navigation line in every file,
/// are banal by design and expected to be filtered out).
pub const WHOLE_MIN_WORDS: usize = 20;

/// The planted boilerplate groups by group number: each group's source
/// first, then its copies in planting order.
pub fn boilerplate_groups(planted: &[Planted]) -> BTreeMap<usize, Vec<Passage>> {
    let mut groups: BTreeMap<usize, Vec<Passage>> = BTreeMap::new();
    for pl in planted.iter().filter(|p| p.boilerplate) {
        let g = groups.entry(pl.group).or_default();
        if g.is_empty() {
            g.push(pl.source);
        }
        g.push(pl.copy);
    }
    groups
}

/// How many boilerplate groups (of at least [`WHOLE_MIN_WORDS`] words) came
/// out whole: one cluster has an occurrence covering at least 80% of each of
/// at least 95% of the group's copies (the source included). Returns
/// (groups, groups found whole, copies in them).
pub fn score_whole(
    clusters: &[crate::reuse::Cluster],
    planted: &[Planted],
    corpus: &Corpus,
) -> (usize, usize, usize) {
    let mut out = (0, 0, 0);
    for members in boilerplate_groups(planted).values() {
        let p = members[0];
        let text = &corpus.documents[p.document].text[p.start..p.end];
        if crate::segment::word_count(text) < WHOLE_MIN_WORDS {
            continue;
        }
        out.0 += 1;
        out.2 += members.len();
        let need = (members.len() * 19).div_ceil(20);
        let whole = clusters
            .iter()
            .filter(|c| c.occurrences.len() >= need)
            .any(|c| {
                // Occurrences are sorted by (document, start).
                let occ = &c.occurrences;
                let found = members
                    .iter()
                    .filter(|m| {
                        let lo = occ
                            .partition_point(|o| (o.document, o.start) < (m.document, m.start))
                            .saturating_sub(1);
                        occ[lo..]
                            .iter()
                            .take_while(|o| o.document <= m.document && o.start < m.end)
                            .any(|o| {
                                let ov = o.end.min(m.end).saturating_sub(o.start.max(m.start));
                                ov * 5 >= (m.end - m.start) * 4
                            })
                    })
                    .count();
                found >= need
            });
        if !whole && std::env::var_os("WHOLE_DIAG").is_some() {
            let best = clusters
                .iter()
                .map(|c| {
                    let occ = &c.occurrences;
                    members
                        .iter()
                        .filter(|m| {
                            occ.iter().any(|o| {
                                o.document == m.document && {
                                    let ov = o.end.min(m.end).saturating_sub(o.start.max(m.start));
                                    ov * 5 >= (m.end - m.start) * 4
                                }
                            })
                        })
                        .count()
                })
                .max()
                .unwrap_or(0);
            eprintln!(
                "NOT WHOLE: {} copies, {} words, need {need}, best cluster covers {best}; text {:?}",
                members.len(),
                crate::segment::word_count(text),
                &text[..text.len().min(300)]
            );
            let mut hist = std::collections::BTreeMap::new();
            for c in clusters {
                let n = members
                    .iter()
                    .filter(|m| {
                        c.occurrences
                            .iter()
                            .any(|o| o.document == m.document && o.start < m.end && m.start < o.end)
                    })
                    .count();
                if n > 0 {
                    *hist.entry((n, c.words)).or_insert(0) += 1;
                }
            }
            eprintln!(
                "  clusters touching it (copies touched, words): {:?}",
                hist.iter().rev().take(12).collect::<Vec<_>>()
            );
        }
        out.1 += usize::from(whole);
    }
    out
}

/// Scores clusters over all pairs of copies (see [`PairScore`]).
pub fn score_pairs(clusters: &[crate::reuse::Cluster], planted: &[Planted]) -> PairScore {
    // Occurrences per document, sorted by start.
    let mut by_doc: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (ci, c) in clusters.iter().enumerate() {
        for o in &c.occurrences {
            by_doc
                .entry(o.document)
                .or_default()
                .push((o.start, o.end, ci));
        }
    }
    for v in by_doc.values_mut() {
        v.sort_unstable();
    }
    // Per copy: the clusters on it with the byte ranges they cover.
    let on = |p: &Passage| -> BTreeMap<usize, Vec<(usize, usize)>> {
        let mut m: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        if let Some(v) = by_doc.get(&p.document) {
            let lo = v.partition_point(|o| o.0 < p.start.saturating_sub(1 << 20));
            for &(s, e, c) in &v[lo..] {
                if s >= p.end {
                    break;
                }
                let (a, b) = (s.max(p.start), e.min(p.end));
                if a < b {
                    m.entry(c).or_default().push((a, b));
                }
            }
        }
        m
    };
    let covered =
        |m: &BTreeMap<usize, Vec<(usize, usize)>>, keep: &dyn Fn(usize) -> bool| -> usize {
            let mut iv: Vec<(usize, usize)> = m
                .iter()
                .filter(|(c, _)| keep(**c))
                .flat_map(|(_, v)| v.iter().copied())
                .collect();
            iv.sort_unstable();
            let (mut total, mut reach) = (0usize, 0usize);
            for (a, b) in iv {
                let a = a.max(reach);
                if b > a {
                    total += b - a;
                    reach = b;
                }
            }
            total
        };
    // Members of each group: the source (verbatim) and every copy.
    let mut groups: BTreeMap<usize, Vec<(Passage, bool, f64, bool)>> = BTreeMap::new();
    for pl in planted.iter().filter(|p| !p.boilerplate) {
        let g = groups.entry(pl.group).or_default();
        if g.is_empty() {
            g.push((pl.source, false, 0.0, pl.cjk));
        }
        g.push((pl.copy, pl.edited, pl.rate, pl.cjk));
    }
    let mut out = PairScore::default();
    for members in groups.values() {
        let maps: Vec<_> = members.iter().map(|m| on(&m.0)).collect();
        for x in 0..members.len() {
            for y in x + 1..members.len() {
                let (px, ex, rx, cjk) = members[x];
                let (py, ey, ry, _) = members[y];
                let (mx, my) = (&maps[x], &maps[y]);
                let linking = |c: usize| mx.contains_key(&c) && my.contains_key(&c);
                let found = covered(mx, &linking) * 5 >= (px.end - px.start) * 4
                    && covered(my, &linking) * 5 >= (py.end - py.start) * 4;
                let cat = &mut out.category[usize::from(ex || ey)][usize::from(cjk)];
                cat.0 += 1;
                cat.1 += usize::from(found);
                let rate = rx.max(ry);
                let band = if ex || ey {
                    BANDS
                        .iter()
                        .position(|(hi, _)| rate <= *hi + 1e-12 && *hi > 0.0)
                        .unwrap_or(BANDS.len() - 1)
                } else {
                    0
                };
                out.bands[band].0 += 1;
                out.bands[band].1 += usize::from(found);
                if cjk {
                    out.cjk_bands[band].0 += 1;
                    out.cjk_bands[band].1 += usize::from(found);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::repeated;

    #[test]
    fn repeated_text_is_one_group_scored_whole() {
        let g = repeated(
            "  one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.\n",
            1000,
        );
        let doc = &g.corpus.documents[0];
        assert_eq!(g.planted.len() + 1, doc.text.len().div_ceil(132 + 2));
        assert!(g.planted.iter().all(|p| p.boilerplate && p.group == 0));
        let whole = crate::reuse::Cluster {
            id: 0,
            words: 20,
            similarity: 1.0,
            occurrences: std::iter::once(g.planted[0].source)
                .chain(g.planted.iter().map(|p| p.copy))
                .collect(),
            boilerplate: None,
        };
        let n = g.planted.len() + 1;
        assert_eq!(
            score_whole(std::slice::from_ref(&whole), &g.planted, &g.corpus),
            (1, 1, n)
        );
        // Missing more than one copy in twenty: not whole.
        let mut part = whole;
        part.occurrences.truncate(n - 2);
        assert_eq!(score_whole(&[part], &g.planted, &g.corpus), (1, 0, n));
        assert_eq!(score_pairs(&[], &g.planted), PairScore::default());
    }

    #[test]
    fn pairs_are_scored_per_band_and_per_language() {
        let at = |document: usize| Passage {
            document,
            start: 0,
            end: 100,
        };
        let copy = |group, source, copy, rate: f64, cjk| Planted {
            group,
            source: at(source),
            copy: at(copy),
            edited: rate > 0.0,
            rate,
            cjk,
            boilerplate: false,
        };
        // English: a source, a verbatim copy and one with 25% edits, all in
        // one cluster; CJK: a source and a copy with 10% edits, not found
        // (the cluster covers only 70 of the copy's 100 bytes).
        let planted = [
            copy(0, 0, 1, 0.0, false),
            copy(0, 0, 2, 0.25, false),
            copy(1, 3, 4, 0.1, true),
        ];
        let cluster = |occurrences: Vec<Passage>| crate::reuse::Cluster {
            id: 0,
            words: 20,
            similarity: 0.9,
            occurrences,
            boilerplate: None,
        };
        let short = Passage { end: 70, ..at(4) };
        let clusters = [
            cluster(vec![at(0), at(1), at(2)]),
            cluster(vec![at(3), short]),
        ];
        let p = score_pairs(&clusters, &planted);
        // Pairs: 0–1 verbatim; 0–2 and 1–2 edited (25%); 3–4 edited CJK (10%).
        assert_eq!(p.category, [[(1, 1), (0, 0)], [(2, 2), (1, 0)]]);
        assert_eq!(p.bands, [(1, 1), (0, 0), (1, 0), (0, 0), (2, 2)]);
        assert_eq!(p.cjk_bands, [(0, 0), (0, 0), (1, 0), (0, 0), (0, 0)]);
    }
}
