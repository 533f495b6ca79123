//! Copies found only at the core of a passage, kept with it.
//!
//! A passage copied into many places is found at its full extent where the
//! copies agree to their ends, and only as its middle where a copy's first
//! and last lines drew bursts of edits. The middle is then a cluster of its
//! own: the one edited copy plus the middles of every full occurrence (each
//! pair of the edited copy with another occurrence stops at the same
//! place). That cluster recurs as often as the passage does, but is shorter,
//! so the banality filter drops it (a passage must be longer the more often
//! it recurs) — and with it the only link of the edited copy. On Russian
//! man pages a 33-word passage in nine places lost a tenth, edited copy that
//! way: its 21-word middle recurred ten times, where the filter asks for 23
//! (10 · (log2 10 − 1)).
//!
//! Such a middle is not a stock phrase: most of its occurrences lie inside
//! the occurrences of one reported cluster, it spans at least half of that
//! cluster's passage, and its other occurrences are copies that cluster
//! lacks. Those are added to that cluster, which is what "one passage, one
//! cluster" asks; a short phrase that merely recurs inside a longer passage
//! (a slogan quoted in a paragraph copied twice) has most of its
//! occurrences elsewhere, or is too short a part of it, and stays dropped.

use super::{Cluster, Passage};
use std::collections::BTreeMap;

/// The occurrences of a cluster the banality filter dropped.
#[derive(Debug, Clone)]
pub(super) struct Core {
    /// Its longest occurrence, in words.
    pub(super) words: usize,
    /// Its lowest pair similarity.
    pub(super) similarity: f64,
    /// Its occurrences, in (document, start) order.
    pub(super) occurrences: Vec<Passage>,
}

/// Occurrences of a reported cluster scanned back from a query's start for
/// one holding it: nesting is shallow, and a missed holder only leaves a
/// core dropped, as before.
const SCAN: usize = 64;

/// Adds to a reported cluster of `kept` the other occurrences of each core
/// in `banal` that it holds mostly: at least three quarters of the core's
/// occurrences (two or more) lie inside occurrences of that one cluster,
/// and the core is at least half as long as it (see the module doc).
pub(super) fn absorb_cores(kept: &mut [(Cluster, bool)], banal: Vec<Core>) {
    if banal.is_empty() || kept.is_empty() {
        return;
    }
    // Per document a core lies in (only those: a corpus has far more
    // reported occurrences than dropped clusters touch), the reported
    // occurrences as (start, end, cluster), by start.
    let mut spans: BTreeMap<usize, Vec<(u32, u32, u32)>> = banal
        .iter()
        .flat_map(|c| c.occurrences.iter().map(|o| (o.document, Vec::new())))
        .collect();
    for (i, (c, _)) in kept.iter().enumerate() {
        for o in &c.occurrences {
            if let Some(v) = spans.get_mut(&o.document) {
                v.push((o.start as u32, o.end as u32, i as u32));
            }
        }
    }
    for v in spans.values_mut() {
        v.sort_unstable();
    }
    let holders = |o: &Passage| -> Vec<usize> {
        let Some(v) = spans.get(&o.document) else {
            return Vec::new();
        };
        let end = v.partition_point(|&(s, _, _)| s as usize <= o.start);
        let mut h: Vec<usize> = v[..end]
            .iter()
            .rev()
            .take(SCAN)
            .filter(|&&(_, e, _)| o.end <= e as usize)
            .map(|&(_, _, i)| i as usize)
            .collect();
        h.sort_unstable();
        h.dedup();
        h
    };
    for core in banal {
        let n = core.occurrences.len();
        let held: Vec<Vec<usize>> = core.occurrences.iter().map(&holders).collect();
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for h in &held {
            for &i in h {
                *counts.entry(i).or_default() += 1;
            }
        }
        // The holder of most occurrences (the first such cluster on a tie).
        let Some((k, c)) = counts
            .into_iter()
            .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0)))
        else {
            continue;
        };
        let cluster = &mut kept[k].0;
        if c < 2 || c == n || c * 4 < n * 3 || core.words * 2 < cluster.words {
            continue;
        }
        let extra: Vec<Passage> = core
            .occurrences
            .iter()
            .zip(&held)
            .filter(|(_, h)| !h.contains(&k))
            .map(|(o, _)| *o)
            // A copy overlapping one of the cluster's occurrences is that
            // occurrence at another extent: left as it is.
            .filter(|o| {
                !cluster
                    .occurrences
                    .iter()
                    .any(|p| p.document == o.document && p.start < o.end && o.start < p.end)
            })
            .collect();
        if extra.is_empty() {
            continue;
        }
        cluster.occurrences.extend(extra);
        cluster.occurrences.sort_unstable();
        cluster.similarity = cluster.similarity.min(core.similarity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(document: usize, start: usize, end: usize) -> Passage {
        Passage {
            document,
            start,
            end,
        }
    }

    fn cluster(words: usize, occurrences: Vec<Passage>) -> (Cluster, bool) {
        (
            Cluster {
                id: 0,
                words,
                similarity: 0.9,
                occurrences,
                boilerplate: None,
            },
            false,
        )
    }

    /// A 33-word passage in four places, and its 21-word middle found in
    /// those four and in a fifth, edited copy.
    fn passage_and_middle() -> (Vec<(Cluster, bool)>, Core) {
        let kept = vec![cluster(
            33,
            vec![p(0, 100, 300), p(1, 0, 200), p(2, 50, 250), p(3, 10, 210)],
        )];
        let core = Core {
            words: 21,
            similarity: 0.8,
            occurrences: vec![
                p(0, 140, 260),
                p(1, 40, 160),
                p(2, 90, 210),
                p(3, 50, 170),
                p(4, 500, 620),
            ],
        };
        (kept, core)
    }

    #[test]
    fn an_edited_copy_found_only_at_its_middle_joins_the_passage() {
        let (mut kept, core) = passage_and_middle();
        absorb_cores(&mut kept, vec![core]);
        assert_eq!(
            kept[0].0.occurrences,
            vec![
                p(0, 100, 300),
                p(1, 0, 200),
                p(2, 50, 250),
                p(3, 10, 210),
                p(4, 500, 620)
            ]
        );
        assert_eq!(kept[0].0.similarity, 0.8);
    }

    #[test]
    fn a_phrase_mostly_elsewhere_or_too_short_a_part_stays_out() {
        // Only half its occurrences inside the passage: a phrase that recurs.
        let (mut kept, mut core) = passage_and_middle();
        core.occurrences
            .extend([p(5, 0, 120), p(6, 0, 120), p(7, 0, 120)]);
        absorb_cores(&mut kept, vec![core]);
        assert_eq!(kept[0].0.occurrences.len(), 4);
        // Less than half the passage: a quotation inside it.
        let (mut kept, mut core) = passage_and_middle();
        core.words = 16;
        absorb_cores(&mut kept, vec![core]);
        assert_eq!(kept[0].0.occurrences.len(), 4);
    }

    #[test]
    fn a_copy_overlapping_an_occurrence_is_left_as_it_is() {
        let (mut kept, mut core) = passage_and_middle();
        core.occurrences[4] = p(3, 150, 400);
        absorb_cores(&mut kept, vec![core]);
        assert_eq!(kept[0].0.occurrences.len(), 4);
        assert_eq!(kept[0].0.similarity, 0.9);
    }
}
