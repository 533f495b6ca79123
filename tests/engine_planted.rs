//! Recall and precision on a small generated corpus with planted copies
//! (verbatim and lightly edited), the same measure the benchmark prints.

use refrain::reuse::{Params, analyse};
use refrain::synth::{self, SynthParams};

#[test]
fn planted_copies_are_recovered_precisely() {
    let g = synth::generate(&SynthParams {
        seed: 7,
        total_bytes: 400_000,
        doc_bytes: 20_000,
        ..SynthParams::default()
    });
    assert!(g.planted.len() >= 15, "{}", g.planted.len());
    let a = analyse(g.corpus, &Params::default());
    let s = synth::score(&a.clusters, &g.planted);
    assert!(s.verbatim.0 > 0 && s.edited.0 > 0, "{s:?}");
    assert!(s.recall() >= 0.95, "recall {:.3}: {s:?}", s.recall());
    assert!(
        s.precision() >= 0.95,
        "precision {:.3}: {s:?}",
        s.precision()
    );
    // Every verbatim copy is found.
    assert_eq!(s.verbatim.0, s.verbatim.1, "{s:?}");
}

#[test]
fn the_score_counts_misses_and_false_occurrences() {
    let g = synth::generate(&SynthParams {
        seed: 3,
        total_bytes: 100_000,
        ..SynthParams::default()
    });
    // No clusters: nothing recovered, precision vacuously 1.
    let s = synth::score(&[], &g.planted);
    assert_eq!(s.recovered, 0);
    assert_eq!(s.precision(), 1.0);
    // A cluster pairing two unrelated spans: not a recovery, not precise.
    let bogus = refrain::reuse::Cluster {
        id: 0,
        words: 10,
        similarity: 1.0,
        boilerplate: None,
        occurrences: vec![
            refrain::reuse::Passage {
                document: 0,
                start: 0,
                end: 8,
            },
            refrain::reuse::Passage {
                document: 1,
                start: 0,
                end: 8,
            },
        ],
    };
    let s = synth::score(&[bogus], &g.planted);
    assert_eq!(s.recovered, 0);
    assert_eq!(s.true_occurrences, 0);
    assert_eq!(s.occurrences, 2);
}
