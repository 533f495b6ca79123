//! The seed report in both formats, snapshotted, and the JSON contract checked
//! field by field.

use refrain::corpus::seeds;
use refrain::report;
use refrain::reuse::{Params, analyse};
use serde_json::Value;

/// What `write` writes, as text.
fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn seed_report_text() {
    let a = analyse(seeds(), &Params::default());
    insta::assert_snapshot!("seed_report_text", report::text(&a));
}

#[test]
fn seed_report_json() {
    let a = analyse(seeds(), &Params::default());
    insta::assert_snapshot!("seed_report_json", report::json(&a));
}

#[test]
fn json_follows_the_contract() {
    let a = analyse(seeds(), &Params::default());
    let v: Value = serde_json::from_str(&report::json(&a)).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    for (doc, d) in docs.iter().zip(&a.corpus.documents) {
        assert_eq!(doc["path"], d.path.as_str());
        assert_eq!(doc["bytes"], d.len());
        assert_eq!(doc["lines"], d.line_count());
    }
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), a.clusters.len());
    for (i, c) in clusters.iter().enumerate() {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        // (serde_json's Value sorts keys; the snapshot shows the written order.)
        assert_eq!(keys, ["id", "occurrences", "similarity", "words"]);
        assert_eq!(c["id"], i);
        assert!(c["words"].as_u64().unwrap() > 0);
        let sim = c["similarity"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&sim));
        for o in c["occurrences"].as_array().unwrap() {
            let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["column", "document", "end", "line", "start", "text"]);
            let d = &a.corpus.documents[o["document"].as_u64().unwrap() as usize];
            let (s, e) = (
                o["start"].as_u64().unwrap() as usize,
                o["end"].as_u64().unwrap() as usize,
            );
            // start/end are byte offsets into the file: the text is exactly there.
            assert_eq!(o["text"], &d.text[s..e]);
            let (line, col) = d.line_col(s);
            assert_eq!(
                (
                    o["line"].as_u64().unwrap() as usize,
                    o["column"].as_u64().unwrap() as usize
                ),
                (line, col)
            );
        }
    }
}

#[test]
fn an_empty_corpus_reports_nothing() {
    let a = analyse(refrain::Corpus::default(), &Params::default());
    assert_eq!(report::text(&a), "0 clusters in 0 documents\n");
    let v: Value = serde_json::from_str(&report::json(&a)).unwrap();
    assert_eq!(v["documents"], Value::Array(vec![]));
    assert_eq!(v["clusters"], Value::Array(vec![]));
}

#[test]
fn json_carries_the_schema_version() {
    let a = analyse(seeds(), &Params::default());
    let v: Value = serde_json::from_str(&report::json(&a)).unwrap();
    assert_eq!(v["version"], 1);
}

#[test]
fn jsonl_streams_a_header_the_documents_then_one_cluster_per_line() {
    let a = analyse(seeds(), &Params::default());
    let text = written(|out| report::jsonl(&a, out));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1 + 5 + a.clusters.len());
    assert_eq!(
        lines[0],
        serde_json::json!({"type": "header", "version": 1, "documents": 5,
            "clusters": a.clusters.len(),
            "params": {"min_words": 10, "min_similarity": Params::default().min_similarity}})
    );
    let whole: Value = serde_json::from_str(&report::json(&a)).unwrap();
    for (i, doc) in whole["documents"].as_array().unwrap().iter().enumerate() {
        let mut expect = doc.clone();
        expect["type"] = "document".into();
        expect["index"] = i.into();
        assert_eq!(lines[1 + i], expect);
    }
    // Every cluster line is the JSON report's cluster plus its type.
    for (i, c) in whole["clusters"].as_array().unwrap().iter().enumerate() {
        let mut expect = c.clone();
        expect["type"] = "cluster".into();
        assert_eq!(lines[6 + i], expect);
    }
    assert!(text.ends_with("}\n"));
}

#[test]
fn the_json_report_streamed_to_a_writer_is_the_same_text() {
    // `refrain report --format json` streams the report as it serialises
    // it (`write_json`): the same bytes as the report serialised whole.
    let a = analyse(seeds(), &Params::default());
    let text = written(|out| report::write_json(&a, out));
    let whole = serde_json::to_string_pretty(&report::json_value(&a)).unwrap() + "\n";
    assert_eq!(text, whole);
    assert!(text.ends_with("}\n"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["clusters"].as_array().unwrap().len(), a.clusters.len());
}
