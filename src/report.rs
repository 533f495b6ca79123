//! Reports of an [`Analysis`]: the stable JSON contract
//! and the human-readable text format. No terminal UI here.
//!
//! JSON (`refrain report --format json`), one object:
//!
//! ```text
//! {"version":   1,
//!  "documents": [{"path": str, "bytes": int, "lines": int,
//!                 "decoded": [str]?, "markup": true?}],
//!  "clusters":  [{"id": int, "words": int, "similarity": float,
//!                 "boilerplate": float (only when known, e.g. from passim),
//!                 "occurrences": [{"document": int, "start": int, "end": int,
//!                                  "line": int, "column": int, "text": str}]}],
//!  "params":    {"min_words": int, "min_similarity": float}}
//! ```
//!
//! `document` indexes `documents`; `start`/`end` are byte offsets (half-open)
//! into that file's raw bytes; `line`/`column` are 1-based (column in
//! characters) and locate `start`; `text` is the passage's exact text.
//! `decoded` is present only for files that were decoded before analysis
//! (`"gzip"`, `"utf-16le"`, `"utf-16be"`, in the order applied): their
//! offsets, `bytes` and `text` refer to the decoded text, not to the file.
//! `markup` is present (true) only for HTML/XML whose markup was masked by
//! spaces: offsets are still into the file, and `text` has the markup blanked.
//! JSON strings escape control characters themselves, so the JSON output is
//! exact and still safe to print; the text format is sanitised
//! ([`crate::sanitize`]).
//!
//! JSON Lines (`--format jsonl`), streamed, one object per line, each with a
//! `type`: first `{"type": "header", "version": 1, "documents": int,
//! "clusters": int, "params": {…}}`, then one `{"type": "document", "index":
//! int, "path", "bytes", "lines"}` per document, then one `{"type":
//! "cluster", …}` per cluster with the fields of a cluster above.
//!
//! [`SCHEMA_VERSION`] changes only when a field changes meaning or goes
//! away; new fields may appear within a version.

use crate::reuse::{Analysis, Cluster, Passage};
use crate::sanitize::sanitize;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the JSON and JSON Lines schema (the `version` field).
pub const SCHEMA_VERSION: u32 = 1;

/// One document in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    /// Path as given or found.
    pub path: &'a str,
    /// Size in bytes.
    pub bytes: usize,
    /// Number of lines.
    pub lines: usize,
    /// Decodings applied before analysis (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decoded: Vec<&'static str>,
    /// Present and true when markup was masked out of the text.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub markup: bool,
}

/// One occurrence in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonOccurrence<'a> {
    /// Index into `documents`.
    pub document: usize,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column (characters) of `start`.
    pub column: usize,
    /// The passage's text.
    pub text: &'a str,
}

/// One cluster in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonCluster<'a> {
    /// Rank in the report (0-based).
    pub id: usize,
    /// Length in words of the longest occurrence.
    pub words: usize,
    /// Lowest similarity among the aligned pairs of the cluster (rounded to 4 places).
    pub similarity: f64,
    /// Boilerplate share (passim's `pboiler`), only when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<f64>,
    /// The occurrences, by document then position.
    pub occurrences: Vec<JsonOccurrence<'a>>,
}

/// The parameters of the analysis, echoed in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonParams {
    /// `--min-words`.
    pub min_words: usize,
    /// `--min-similarity`.
    pub min_similarity: f64,
}

/// The whole JSON report. Its lists are serialised from the analysis as
/// they are written, a document or a cluster at a time, so the report is
/// never held in memory whole (on a folder of changelogs it is three times
/// the corpus).
#[derive(Serialize)]
pub struct JsonReport<'a> {
    /// [`SCHEMA_VERSION`].
    pub version: u32,
    /// The documents analysed, in order.
    pub documents: JsonDocuments<'a>,
    /// The clusters, largest / most repeated first.
    pub clusters: JsonClusters<'a>,
    /// The parameters used.
    pub params: JsonParams,
}

/// The documents of a [`JsonReport`]: a list of [`JsonDocument`]s.
pub struct JsonDocuments<'a>(&'a Analysis);

/// The clusters of a [`JsonReport`]: a list of [`JsonCluster`]s.
pub struct JsonClusters<'a>(&'a Analysis);

impl Serialize for JsonDocuments<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.corpus.documents.iter().map(json_document))
    }
}

impl Serialize for JsonClusters<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let analysis = self.0;
        s.collect_seq(analysis.clusters.iter().map(|c| json_cluster(analysis, c)))
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The JSON form of one cluster.
pub fn json_cluster<'a>(analysis: &'a Analysis, c: &Cluster) -> JsonCluster<'a> {
    let docs = &analysis.corpus.documents;
    JsonCluster {
        id: c.id,
        words: c.words,
        similarity: round4(c.similarity),
        boilerplate: c.boilerplate.map(round4),
        occurrences: c
            .occurrences
            .iter()
            .map(|p| {
                let (line, column) = docs[p.document].line_col(p.start);
                JsonOccurrence {
                    document: p.document,
                    start: p.start,
                    end: p.end,
                    line,
                    column,
                    text: analysis.text(p),
                }
            })
            .collect(),
    }
}

fn json_params(analysis: &Analysis) -> JsonParams {
    JsonParams {
        min_words: analysis.params.min_words,
        min_similarity: analysis.params.min_similarity,
    }
}

fn json_document(d: &crate::corpus::Document) -> JsonDocument<'_> {
    JsonDocument {
        path: &d.path,
        bytes: d.len(),
        lines: d.line_count(),
        decoded: d.decoded.iter().map(|x| x.name()).collect(),
        markup: d.markup,
    }
}

/// The JSON report of an analysis (serialised as it is written).
pub fn json_value(analysis: &Analysis) -> JsonReport<'_> {
    JsonReport {
        version: SCHEMA_VERSION,
        documents: JsonDocuments(analysis),
        clusters: JsonClusters(analysis),
        params: json_params(analysis),
    }
}

/// A line of the JSON Lines report.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JsonLine<'a> {
    /// The first line: schema version, counts and parameters.
    Header {
        /// [`SCHEMA_VERSION`].
        version: u32,
        /// Number of document lines that follow.
        documents: usize,
        /// Number of cluster lines that follow them.
        clusters: usize,
        /// The parameters used.
        params: JsonParams,
    },
    /// One document; `index` is what occurrences' `document` refers to.
    Document {
        /// Position in the corpus.
        index: usize,
        /// The document.
        #[serde(flatten)]
        document: JsonDocument<'a>,
    },
    /// One cluster.
    Cluster(JsonCluster<'a>),
}

/// Streams the analysis as JSON Lines to `out` (see the module docs): one
/// header line, one line per document, one line per cluster.
pub fn jsonl(analysis: &Analysis, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut line = |l: &JsonLine| -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, l)?;
        out.write_all(b"\n")
    };
    line(&JsonLine::Header {
        version: SCHEMA_VERSION,
        documents: analysis.corpus.documents.len(),
        clusters: analysis.clusters.len(),
        params: json_params(analysis),
    })?;
    for (index, d) in analysis.corpus.documents.iter().enumerate() {
        line(&JsonLine::Document {
            index,
            document: json_document(d),
        })?;
    }
    for c in &analysis.clusters {
        line(&JsonLine::Cluster(json_cluster(analysis, c)))?;
    }
    out.flush()
}

/// Renders the analysis as pretty-printed JSON (with a final newline).
pub fn json(analysis: &Analysis) -> String {
    let mut out = Vec::new();
    match write_json(analysis, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Writes [`json`]'s report ([`json_value`]) to `out` as it is
/// serialised, one cluster at a time: the same bytes, without holding the
/// whole report in memory first.
pub fn write_json(analysis: &Analysis, out: &mut impl std::io::Write) -> std::io::Result<()> {
    index_lines(analysis);
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    json_value(analysis).serialize(&mut ser)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Builds, in parallel, the line index of every document an occurrence
/// lies in: the report's line and column numbers read it (and the
/// document keeps it), and built as the report is written it was one
/// document after another on one core.
fn index_lines(analysis: &Analysis) {
    use rayon::prelude::*;
    let mut docs: Vec<usize> = analysis
        .clusters
        .iter()
        .flat_map(|c| c.occurrences.iter().map(|p| p.document))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    docs.par_iter().for_each(|&d| {
        analysis.corpus.documents[d].line_starts();
    });
}

/// Longest excerpt shown per occurrence in the text report, in characters.
const EXCERPT_CHARS: usize = 72;

/// A one-line excerpt of a passage: whitespace collapsed, control characters
/// made visible ([`sanitize`]), long middles elided.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let flat = sanitize(&flat.join(" ")).into_owned();
    let n = flat.chars().count();
    if n <= max_chars {
        return flat;
    }
    let head = max_chars * 2 / 3;
    let tail = max_chars - head - 3;
    let h: String = flat.chars().take(head).collect();
    let t: String = flat.chars().skip(n - tail).collect();
    format!("{} … {}", h.trim_end(), t.trim_start())
}

/// `path:line:col` of a passage's start (the path sanitised).
pub fn location(analysis: &Analysis, p: &Passage) -> String {
    let doc = &analysis.corpus.documents[p.document];
    let (l, col) = doc.line_col(p.start);
    format!("{}:{}:{}", sanitize(&doc.path), l, col)
}

/// Renders the analysis in the human-readable text format: per cluster a
/// header line, then one line per occurrence, `path:line:col` first (so the
/// output greps and pipes like a compiler's), then an excerpt.
pub fn text(analysis: &Analysis) -> String {
    index_lines(analysis);
    let mut out = String::new();
    for c in &analysis.clusters {
        let _ = writeln!(
            out,
            "cluster {}: {} occurrences, {} words, similarity {:.2}",
            c.id,
            c.occurrences.len(),
            c.words,
            // Copies 99.6% alike are not shown as 1.00.
            if c.similarity < 1.0 {
                c.similarity.min(0.99)
            } else {
                1.0
            }
        );
        for p in &c.occurrences {
            let _ = writeln!(
                out,
                "  {}  \"{}\"",
                location(analysis, p),
                excerpt(analysis.text(p), EXCERPT_CHARS)
            );
        }
    }
    let docs = analysis.corpus.documents.len();
    let _ = writeln!(
        out,
        "{} cluster{} in {} document{}",
        analysis.clusters.len(),
        if analysis.clusters.len() == 1 {
            ""
        } else {
            "s"
        },
        docs,
        if docs == 1 { "" } else { "s" }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_collapses_whitespace_and_elides_the_middle() {
        assert_eq!(excerpt("a\n\n  b\tc", 72), "a b c");
        let long = "word ".repeat(40);
        let e = excerpt(&long, 30);
        assert!(e.contains(" … "), "{e}");
        assert!(e.chars().count() <= 31, "{e}");
    }

    #[test]
    fn excerpt_shows_escape_sequences_as_symbols() {
        let osc52 = "copy \x1b]52;c;SGVsbG8=\x07 this \x1b]0;pwned\x07 now\x1b[2J\x08!";
        assert_eq!(
            excerpt(osc52, 72),
            "copy ␛]52;c;SGVsbG8=␇ this ␛]0;pwned␇ now␛[2J␈!"
        );
    }

    #[test]
    fn excerpt_never_splits_a_character() {
        let s = "中".repeat(100);
        let e = excerpt(&s, 10);
        assert!(e.starts_with("中中"));
    }
}
