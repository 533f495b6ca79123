//! Reports of an [`Analysis`](crate::reuse::Analysis): the stable JSON contract
//! and the human-readable text format. No terminal UI here.

use crate::reuse::Analysis;
use std::fmt::Write as _;

/// Renders the analysis in the human-readable text format.
pub fn text(analysis: &Analysis) -> String {
    let mut out = String::new();
    for c in &analysis.clusters {
        let _ = writeln!(
            out,
            "cluster {}: {} occurrences, {} words, similarity {:.2}",
            c.id,
            c.occurrences.len(),
            c.words,
            c.similarity
        );
        for p in &c.occurrences {
            let doc = &analysis.corpus.documents[p.document];
            let (l, col) = doc.line_col(p.start);
            let _ = writeln!(out, "  {}:{}:{}", doc.path, l, col);
        }
    }
    out
}
