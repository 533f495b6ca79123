//! Documents that are exact copies of another (a folder beside its backup,
//! a licence shipped twice): the copy is one passage with its original, and
//! holds every passage its original shares, at the same offsets, in the same
//! clusters. Expected extents are found in the text, not by the engine.

use refrain::reuse::{Analysis, Passage};

mod engine_support;
use engine_support::{filler, passage, run, span};

/// The clusters of `an` as sorted lists of occurrences, sorted.
fn clusters(an: &Analysis) -> Vec<Vec<Passage>> {
    let mut out: Vec<Vec<Passage>> = an
        .clusters
        .iter()
        .map(|c| {
            let mut o = c.occurrences.clone();
            o.sort();
            o
        })
        .collect();
    out.sort();
    out
}

/// Fillers of `n` words tagged `a`, `b`, `c` with `x` and `y` between
/// them, each on a line of its own.
fn between_fillers(n: usize, x: &str, y: &str) -> String {
    let [a, b, c] = ["a", "b", "c"].map(|t| filler(t, n));
    format!("{a}\n{x}\n{b}\n{y}\n{c}")
}

#[test]
fn a_copied_document_is_one_passage_with_its_original_and_holds_its_passages() {
    let p = passage("p", 30).join(" ");
    let q = passage("q", 30).join(" ");
    let original = between_fillers(20, &p, &q);
    let an = run(&[
        original.clone(),
        format!("{} {p} {}", filler("d", 20), filler("e", 20)),
        original,
        format!("{} {q} {}", filler("f", 20), filler("g", 20)),
    ]);
    let whole = |d| span(&an, d, "a0", "c19");
    let p_in = |d| span(&an, d, "pw0", "pw29");
    let q_in = |d| span(&an, d, "qw0", "qw29");
    let mut want = vec![
        vec![whole(0), whole(2)],
        vec![p_in(0), p_in(1), p_in(2)],
        vec![q_in(0), q_in(2), q_in(3)],
    ];
    want.sort();
    assert_eq!(clusters(&an), want);
}

#[test]
fn a_passage_repeated_inside_a_copied_document_is_one_cluster_of_every_place() {
    // Twice in the original, so four times in the corpus: one cluster of
    // four (aligned one by one, the copy's two came out as a cluster of
    // their own beside the original's).
    let r = passage("r", 25).join(" ");
    let text = between_fillers(30, &r, &r);
    let an = run(&[text.clone(), filler("x", 40), text]);
    let t = &an.corpus.documents[0].text;
    let first = t.find("rw0").unwrap();
    let second = first + 1 + t[first + 1..].find("rw0").unwrap();
    let len = r.len();
    let at = |document, start| Passage {
        document,
        start,
        end: start + len,
    };
    let mut want = vec![
        vec![span(&an, 0, "a0", "c29"), span(&an, 2, "a0", "c29")],
        vec![at(0, first), at(0, second), at(2, first), at(2, second)],
    ];
    want.sort();
    assert_eq!(clusters(&an), want);
}

#[test]
fn a_copied_line_is_a_passage_as_aligning_it_would_make_it_and_shorter_copies_are_not() {
    // Eight words on a line of their own: as long as a byline or caption
    // must be (two thirds of --min-words), so its copy is one passage, as
    // aligning the copy would have made it. Six words are too few, and
    // empty files are no copies.
    let line = "one two three four five six seven eight".to_string();
    let an = run(&[
        line.clone(),
        line,
        "alpha beta gamma delta epsilon zeta".to_string(),
    ]);
    assert_eq!(
        clusters(&an),
        [vec![
            span(&an, 0, "one", "eight"),
            span(&an, 1, "one", "eight")
        ]]
    );
    let six = "one two three four five six".to_string();
    let an = run(&[six.clone(), six, String::new(), String::new()]);
    assert!(an.clusters.is_empty(), "{:#?}", an.clusters);
}
