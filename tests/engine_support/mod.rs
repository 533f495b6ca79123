//! Helpers shared by the engine tests: hand-made corpora of tagged words and
//! passages located in the text independently of the engine.
#![allow(dead_code)]

use refrain::corpus::{Corpus, Document};
use refrain::reuse::{Analysis, Params, Passage, analyse};

/// `n` words unique to `tag`, so filler never matches anything.
pub fn filler(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{tag}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A passage of `n` distinct words tagged `tag`.
pub fn passage(tag: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{tag}w{i}")).collect()
}

/// Analyses `texts` as documents `doc0.txt`, `doc1.txt`, … with default parameters.
pub fn run(texts: &[String]) -> Analysis {
    let documents = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("doc{i}.txt"), t.clone()))
        .collect();
    analyse(Corpus { documents }, &Params::default())
}

/// The passage from the first byte of `first` to the last byte of `last` in document `d`.
pub fn span(a: &Analysis, d: usize, first: &str, last: &str) -> Passage {
    let t = &a.corpus.documents[d].text;
    let start = t.find(first).unwrap();
    let end = start + t[start..].find(last).unwrap() + last.len();
    Passage {
        document: d,
        start,
        end,
    }
}
