//! passim interop: `refrain export --passim` writes passim's input, and
//! `--from-passim` reads its output (hand-checked fixtures in
//! tests/fixtures/passim/, in passim's format: Spark `part-*` files of JSON
//! lines) back to exact byte offsets — across CJK, curly quotes and
//! characters outside the BMP, which Java counts as two UTF-16 units.
//!
//! Running real passim (pyspark + passim from PyPI) is not part of these
//! tests: it needs Java and Spark, which the test machine does not have.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/passim");

fn refrain(args: &[&str]) -> Output {
    let cache = std::env::temp_dir().join("refrain-passim-test-cache");
    Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(args)
        .env("REFRAIN_CACHE_DIR", cache)
        .output()
        .unwrap()
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Each cluster as (boilerplate, [(document path, start, end, text)]).
type Occ = (String, u64, u64, String);
fn clusters(v: &Value) -> Vec<(Option<f64>, Vec<Occ>)> {
    let docs = v["documents"].as_array().unwrap();
    v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let occ = c["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    let d = o["document"].as_u64().unwrap() as usize;
                    (
                        docs[d]["path"].as_str().unwrap().to_string(),
                        o["start"].as_u64().unwrap(),
                        o["end"].as_u64().unwrap(),
                        o["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (c["boilerplate"].as_f64(), occ)
        })
        .collect()
}

const CAPTION: &str = "The 2025 World Internet Conference (WIC) Wuzhen Summit is held in the ancient water town of Wuzhen in East China’s Zhejiang Province. Photo: Chi Jingyi/GT";
const CAPTION2: &str = "2025 World Internet Conference (WIC) Wuzhen Summit held in the ancient water town of Wuzhen in East China’s Zhejiang Province.";
const LEAD: &str = "Lead: China's push for a shared future online is reshaping the global conversation on tech governance, putting digital inclusion";

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn cluster_records_on_the_seeds_map_to_exact_byte_offsets() {
    // No PATH: the ids are the seeds' file names, so the seeds are opened.
    let out = refrain(&[
        "report",
        "--format",
        "json",
        "--from-passim",
        &format!("{FIX}/seeds"),
    ]);
    assert_eq!(stderr(&out), "");
    let v = json(&out);
    let got = clusters(&v);
    assert_eq!(got.len(), 3);
    // The editor's note (000 has a no-break space and a dash before it: 3
    // bytes more than UTF-16 units; 003 has 6 more).
    let (boil, occ) = &got[0];
    assert_eq!(*boil, Some(0.0));
    let pos: Vec<(&str, u64, u64)> = occ.iter().map(|o| (&o.0[..], o.1, o.2)).collect();
    assert_eq!(
        pos,
        [
            ("seeds/000_c6664d7b5d4dc99c.txt", 473, 2422),
            ("seeds/003_4a37616d70ecd5f6.txt", 384, 2335)
        ]
    );
    assert!(occ[0].3.starts_with("In 2015, at the opening"));
    assert!(occ[1].3.ends_with("value of this concept."));
    // The caption with a curly apostrophe, twice in full and once in a
    // sentence; boilerplate share = mean pboiler (1 + 1 + 0.5) / 3.
    let (boil, occ) = &got[1];
    assert_eq!(*boil, Some(0.8333));
    let d1 = s("seeds/001_8d315d2a224e7f08.txt");
    assert_eq!(
        occ,
        &[
            (d1.clone(), 176, 332, s(CAPTION)),
            (d1.clone(), 334, 490, s(CAPTION)),
            (d1, 990, 1118, s(CAPTION2)),
        ]
    );
    // The lead, after nine CJK characters (2 more bytes each than units).
    let d2 = s("seeds/002_12c1d0372e55340a.txt");
    assert_eq!(
        got[2],
        (
            Some(0.0),
            vec![(d2.clone(), 101, 229, s(LEAD)), (d2, 252, 380, s(LEAD))]
        )
    );
    let sims: Vec<f64> = v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["similarity"].as_f64().unwrap())
        .collect();
    // The short caption is the long one without "The", "is" and "Photo: Chi
    // Jingyi/GT": 20 of 26 and 20 words aligned, Dice 40 / 46.
    assert_eq!(sims, [1.0, 0.8696, 1.0]);
}

#[test]
fn the_boilerplate_filter_drops_clusters_above_the_share() {
    let out = refrain(&[
        "report",
        "--format",
        "json",
        "--max-boilerplate",
        "0.5",
        "--from-passim",
        &format!("{FIX}/seeds"),
    ]);
    let got = clusters(&json(&out));
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|(b, _)| *b == Some(0.0)));
}

#[test]
fn pairwise_alignments_become_clusters_of_two() {
    let out = refrain(&[
        "report",
        "--format",
        "json",
        "--from-passim",
        &format!("{FIX}/pairwise"),
    ]);
    let got = clusters(&json(&out));
    let d1 = s("seeds/001_8d315d2a224e7f08.txt");
    let d2 = s("seeds/002_12c1d0372e55340a.txt");
    assert_eq!(
        got,
        [
            (
                None,
                vec![
                    (d1.clone(), 176, 332, s(CAPTION)),
                    (d1, 990, 1118, s(CAPTION2))
                ]
            ),
            (
                None,
                vec![(d2.clone(), 101, 229, s(LEAD)), (d2, 252, 380, s(LEAD))]
            ),
        ]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn astral_characters_count_two_units_and_ids_are_relative_to_the_root() {
    let docs = format!("{FIX}/emoji/docs");
    let out = refrain(&[
        "report",
        "--format",
        "json",
        "--from-passim",
        &format!("{FIX}/emoji/out"),
        &docs,
    ]);
    assert_eq!(stderr(&out), "");
    let got = clusters(&json(&out));
    let passage = s("The shared passage mentions 🎉 party and “quotes” here.");
    assert_eq!(
        got,
        [(
            Some(0.5),
            vec![
                (format!("{docs}/x/a.txt"), 21, 82, passage.clone()),
                (format!("{docs}/y/b.txt"), 24, 85, passage),
            ]
        )]
    );
}

#[test]
fn changed_or_missing_documents_are_named_never_shifted() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_dir(&PathBuf::from(format!("{FIX}/emoji/docs")), &docs);
    let a = docs.join("x/a.txt");
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, format!("¡{text}")).unwrap();
    let outdir = format!("{FIX}/emoji/out");
    let d = docs.to_str().unwrap();
    let out = refrain(&["report", "--format", "json", "--from-passim", &outdir, d]);
    assert_eq!(
        stderr(&out),
        "refrain: x/a.txt: changed since export (passim's passage at 17..72 does not match the file); its passages are left out\n"
    );
    assert!(clusters(&json(&out)).is_empty());
    std::fs::write(&a, text).unwrap();
    std::fs::remove_file(docs.join("y/b.txt")).unwrap();
    let out = refrain(&["report", "--format", "json", "--from-passim", &outdir, d]);
    assert_eq!(
        stderr(&out),
        "refrain: y/b.txt: not among the documents given; its passages are left out\n"
    );
    assert!(clusters(&json(&out)).is_empty());
}

#[test]
fn gzip_part_files_are_read() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let part = tmp.path().join("part-00000-x-c000.json.gz");
    let plain = std::fs::read(format!("{FIX}/emoji/out/part-00000.json")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&part).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all(&plain).unwrap();
    gz.finish().unwrap();
    let docs = format!("{FIX}/emoji/docs");
    let out = refrain(&[
        "report",
        "--format",
        "json",
        "--from-passim",
        tmp.path().to_str().unwrap(),
        &docs,
    ]);
    assert_eq!(clusters(&json(&out)).len(), 1);
}

#[test]
fn bad_passim_output_is_a_one_line_error() {
    let tmp = tempfile::tempdir().unwrap();
    let part = tmp.path().join("part-00000");
    std::fs::write(
        &part,
        "{\"cluster\": 1, \"id\": \"a\", \"begin\": 0, \"end\": 3}\nnot json\n",
    )
    .unwrap();
    let out = refrain(&["report", "--from-passim", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "refrain: {}:2: not a passim record (",
            part.display()
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    std::fs::write(&part, "{\"size\": 2}\n").unwrap();
    let out = refrain(&["report", "--from-passim", tmp.path().to_str().unwrap()]);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {}:1: not a passim record (needs cluster, id, begin, end; or id/begin/end and id2/begin2/end2)\n",
            part.display()
        )
    );
    let empty = tempfile::tempdir().unwrap();
    let out = refrain(&["report", "--from-passim", empty.path().to_str().unwrap()]);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {}: no passim output (part-* or *.json files)\n",
            empty.path().display()
        )
    );
}

#[test]
fn export_writes_ids_relative_to_the_root_with_series_and_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("in.jsonl");
    let docs = format!("{FIX}/emoji/docs");
    let out = refrain(&["export", "--passim", file.to_str().unwrap(), &docs]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let root = std::fs::canonicalize(&docs).unwrap();
    let a = std::fs::read_to_string(root.join("x/a.txt")).unwrap();
    let b = std::fs::read_to_string(root.join("y/b.txt")).unwrap();
    assert_eq!(
        lines,
        [
            serde_json::json!({"id": "x/a.txt", "series": "x", "text": a,
                "path": root.join("x/a.txt").display().to_string()}),
            serde_json::json!({"id": "y/b.txt", "series": "y", "text": b,
                "path": root.join("y/b.txt").display().to_string()}),
        ]
    );
    let out = refrain(&[
        "export",
        "--passim",
        file.to_str().unwrap(),
        "--series",
        "file",
        &docs,
    ]);
    assert!(out.status.success());
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["series"], "x/a.txt");
    let out = refrain(&["export", "--passim", "x", "--series", "nope", &docs]);
    assert_eq!(
        stderr(&out),
        "refrain: --series: unknown rule 'nope' (top, parent, file or depth:N)\n"
    );
}

/// UTF-16 offset of byte `b` in `text`, as Java counts.
fn units(text: &str, b: usize) -> usize {
    text[..b].encode_utf16().count()
}

#[test]
fn round_trip_export_then_passim_records_then_import_gives_refrains_own_clusters() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("seeds.jsonl");
    let out = refrain(&["export", "--passim", input.to_str().unwrap()]);
    assert!(out.status.success());
    // What passim would be given: id → text.
    let exported: Vec<Value> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seeds = refrain::corpus::seeds();
    assert_eq!(exported.len(), 5);
    for (e, d) in exported.iter().zip(&seeds.documents) {
        assert_eq!(e["text"], d.text.as_str());
        assert_eq!(format!("seeds/{}", e["id"].as_str().unwrap()), d.path);
        assert_eq!(e["series"], e["id"]);
        assert!(e.get("path").is_none());
    }
    // passim's output for refrain's own clusters, offsets in UTF-16 units of
    // the exported text, written the way Spark does (several part files).
    let own: Value = json(&refrain(&["report", "--format", "json"]));
    let outdir = tmp.path().join("passim-out/out.json");
    std::fs::create_dir_all(&outdir).unwrap();
    let mut parts = [String::new(), String::new()];
    for (ci, c) in own["clusters"].as_array().unwrap().iter().enumerate() {
        let occ = c["occurrences"].as_array().unwrap();
        for o in occ {
            let d = o["document"].as_u64().unwrap() as usize;
            let text = exported[d]["text"].as_str().unwrap();
            let (b, e) = (
                o["start"].as_u64().unwrap() as usize,
                o["end"].as_u64().unwrap() as usize,
            );
            let rec = serde_json::json!({
                "uid": d, "cluster": 1000 + ci, "size": occ.len(),
                "id": exported[d]["id"], "series": exported[d]["series"],
                "begin": units(text, b), "end": units(text, e), "text": &text[b..e],
            });
            parts[ci % 2] += &format!("{rec}\n");
        }
    }
    std::fs::write(outdir.join("part-00000-r-c000.json"), &parts[0]).unwrap();
    std::fs::write(outdir.join("part-00001-r-c000.json"), &parts[1]).unwrap();
    let back = refrain(&[
        "report",
        "--format",
        "json",
        "--from-passim",
        tmp.path().join("passim-out").to_str().unwrap(),
    ]);
    assert_eq!(stderr(&back), "");
    let back = json(&back);
    let key = |v: &Value| {
        let mut c: Vec<Vec<Occ>> = clusters(v).into_iter().map(|(_, o)| o).collect();
        c.sort();
        c
    };
    assert_eq!(key(&back), key(&own));
    assert_eq!(
        back["clusters"].as_array().unwrap().len(),
        own["clusters"].as_array().unwrap().len()
    );
}

/// The seeds with passim's clusters from the fixture, in the reader.
fn passim_app(w: u16, h: u16) -> refrain::app::App {
    let records = refrain::passim::read_records(Path::new(&format!("{FIX}/seeds"))).unwrap();
    let corpus = refrain::corpus::seeds();
    let ids = refrain::passim::document_ids(&corpus, None);
    let analysis =
        refrain::passim::import(&records, corpus, &ids, &refrain::Params::default(), None);
    let mut app = refrain::app::App::new(
        std::sync::Arc::new(analysis),
        std::sync::Arc::new(refrain::keymap::Keymap::default()),
        refrain::app::AppOptions {
            color: refrain::ui::ColorMode::None,
            allow_editor: false,
        },
    );
    app.resize(w, h);
    app
}

#[test]
fn the_reader_shows_passims_boilerplate_share_with_the_cluster() {
    use refrain::ui::snapshot::{render, text};
    // The caption cluster (1): reader on its first occurrence, then compare.
    let mut app = passim_app(120, 40);
    app.open_occurrence(1, 0);
    insta::assert_snapshot!(
        "passim_reader_caption_120x40",
        text(&render(&mut app, 120, 40))
    );
    app.open_compare();
    insta::assert_snapshot!(
        "passim_compare_caption_120x40",
        text(&render(&mut app, 120, 40))
    );
}
