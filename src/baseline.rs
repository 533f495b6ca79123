//! CI that fails only on new reuse: a *baseline* records the clusters present
//! today by their text keys ([`crate::marks::TextKey`]), and a later report
//! keeps only the clusters none of whose occurrences is in it. The same
//! module drops the clusters a marks file puts aside (`--ignore`).
//!
//! The file is TOML, one line per distinct occurrence text:
//!
//! ```toml
//! [clusters]
//! 3f2a9c0d1e2b4c5d = "this program is free software you can redistribute …"
//! ```
//!
//! Keys are independent of cluster ids, paths and offsets, so a baseline
//! written on one machine holds on another, and edits elsewhere in the corpus
//! do not make old clusters look new. No terminal here.

use crate::marks::{KeyIndex, Mark, Marks, TextKey, cluster_keys, cluster_mark, write_atomic};
use crate::reuse::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The clusters known when the baseline was written: text key → first words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// One entry per distinct occurrence text of every cluster.
    #[serde(default)]
    pub clusters: BTreeMap<String, String>,
}

const HEADER: &str = "# refrain baseline: the shared passages present when it was written.\n\
# `refrain report --baseline FILE --exit-code` fails only on a cluster none of\n\
# whose passages is listed here. Keys hash the normalised words; the text is\n\
# their first words. Rewrite with `refrain report --write-baseline FILE`.\n\n";

impl Baseline {
    /// The baseline of every cluster of `a`.
    pub fn of(a: &Analysis) -> Baseline {
        let mut clusters = BTreeMap::new();
        for c in &a.clusters {
            for k in cluster_keys(a, c) {
                clusters.insert(k.hash, k.label);
            }
        }
        Baseline { clusters }
    }

    /// Parses a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline =
            toml::from_str(text).map_err(|e| crate::marks::one_line(&e.to_string()))?;
        if let Some(k) = b
            .clusters
            .keys()
            .find(|k| crate::marks::parse_sketch(k).is_none_or(|v| v.is_empty()))
        {
            return Err(format!(
                "{k:?} is not a text key (up to four groups of 8 hex digits)"
            ));
        }
        Ok(b)
    }

    /// Reads a baseline file (it must exist).
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {}", path.display(), crate::marks::io_reason(&e)))?;
        Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes the baseline to `path`.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let body = toml::to_string(self).unwrap_or_default();
        write_atomic(path, &format!("{HEADER}{body}"))
    }

    /// An index of the baseline's keys for [`knows`].
    pub fn index(&self) -> KeyIndex<()> {
        KeyIndex::new(self.clusters.keys().map(|k| (k.as_str(), ())))
    }
}

/// True when any of `keys` matches a key of the baseline `index`.
pub fn knows(index: &KeyIndex<()>, keys: &[TextKey]) -> bool {
    keys.iter().any(|k| !index.find(k).is_empty())
}

impl Baseline {}

/// How many clusters [`retain`] dropped, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Put aside as boilerplate in the marks file.
    pub ignored: usize,
    /// Already in the baseline.
    pub known: usize,
}

/// Drops from `a` the clusters marked boilerplate in `ignore` and those in
/// `baseline`; the clusters kept are renumbered in order (ids stay ranks).
pub fn retain(a: &mut Analysis, ignore: Option<&Marks>, baseline: Option<&Baseline>) -> Dropped {
    let mut dropped = Dropped::default();
    if ignore.is_none() && baseline.is_none() {
        return dropped;
    }
    let marks = ignore.map(Marks::index);
    let known = baseline.map(Baseline::index);
    let keep: Vec<bool> = a
        .clusters
        .iter()
        .map(|c| {
            let keys = cluster_keys(a, c);
            if marks
                .as_ref()
                .is_some_and(|m| cluster_mark(m, &keys) == Some(Mark::Boilerplate))
            {
                dropped.ignored += 1;
                false
            } else if known.as_ref().is_some_and(|b| knows(b, &keys)) {
                dropped.known += 1;
                false
            } else {
                true
            }
        })
        .collect();
    let mut i = 0;
    a.clusters.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    for (id, c) in a.clusters.iter_mut().enumerate() {
        c.id = id;
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document};
    use crate::reuse::{Params, analyse};

    const PARA: &str = "the committee agreed that the harbour wall must be rebuilt before the winter storms arrive in the north";
    const OTHER: &str = "every library in the province will open on sundays from next spring according to the new budget plan";

    fn corpus(texts: &[String]) -> Analysis {
        let docs = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}.txt"), t.clone()))
            .collect();
        analyse(Corpus { documents: docs }, &Params::default())
    }

    #[test]
    fn baseline_round_trip_keeps_old_clusters_and_flags_new_ones() {
        let today = corpus(&[
            format!("Intro one. {PARA}. Outro one."),
            format!("Intro two. {PARA}. Outro two."),
        ]);
        assert_eq!(today.clusters.len(), 1);
        let b = Baseline::of(&today);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.toml");
        b.write(&file).unwrap();
        assert_eq!(Baseline::read(&file).unwrap(), b);

        // Same corpus with an edit elsewhere: nothing new.
        let mut again = corpus(&[
            format!("A new intro here. {PARA}. Outro one."),
            format!("Intro two. {PARA}. Outro two, edited."),
        ]);
        let d = retain(&mut again, None, Some(&b));
        assert_eq!(
            d,
            Dropped {
                ignored: 0,
                known: 1
            }
        );
        assert!(again.clusters.is_empty());

        // A new shared paragraph is the only cluster left.
        let mut later = corpus(&[
            format!("Intro one. {PARA}. {OTHER}."),
            format!("Intro two. {PARA}. Outro two."),
            format!("Third. {OTHER}."),
        ]);
        assert_eq!(later.clusters.len(), 2);
        retain(&mut later, None, Some(&b));
        assert_eq!(later.clusters.len(), 1);
        assert_eq!(later.clusters[0].id, 0);
        assert!(
            later
                .text(&later.clusters[0].occurrences[0])
                .contains("every library")
        );
    }

    #[test]
    fn ignore_drops_boilerplate_only() {
        let mut a = corpus(&[
            format!("{PARA}. x. {OTHER}."),
            format!("{PARA}. y. {OTHER}."),
        ]);
        assert!(!a.clusters.is_empty());
        let mut m = Marks::default();
        let first = a.text(&a.clusters[0].occurrences[0]).to_string();
        m.set(&[TextKey::of(&first)], Some(Mark::Boilerplate));
        let n = a.clusters.len();
        let d = retain(&mut a, Some(&m), None);
        assert_eq!(d.ignored, 1);
        assert_eq!(a.clusters.len(), n - 1);
    }

    #[test]
    fn bad_baseline_is_one_line() {
        assert!(Baseline::parse("[clusters]\nabc = \"x\"\n").is_err());
        assert!(Baseline::parse("[clusters]\n\"0123abcd-89abcdef\" = \"x\"\n").is_ok());
        let e = Baseline::parse("[clusters\n").unwrap_err();
        assert!(!e.contains('\n'), "{e}");
    }
}
