//! Real passim on the seeds, when it is installed: `refrain export --passim`,
//! passim (pyspark, local mode) with `--pairwise`, then
//! `refrain report --from-passim` on its output. Every pairwise alignment
//! passim wrote must come back as a cluster of two occurrences at the exact
//! byte ranges its UTF-16 offsets name, holding the text passim aligned.
//!
//! Optional: it runs only when `REFRAIN_PASSIM_VENV` names a Python
//! environment with pyspark and passim installed (`pip install pyspark==4.0.1
//! graphframes-py intervaltree`, then passim from github:dasmiq/passim), or
//! when passim's `seriatim` is on PATH; otherwise it prints why it is
//! skipped and passes. It takes one to two minutes (Spark's start-up).
//!
//! passim's `bin/passim` asks spark-submit for the GraphFrames jar with
//! `--packages` (a download from Maven Central); offline, the test runs the
//! same script without it (`REFRAIN_PASSIM_PACKAGES` passes `--packages`
//! when the jar can be fetched). Without the jar passim writes its pairwise
//! alignments (`align.json`) and then fails at the clustering step: the test
//! accepts exactly that failure and checks the alignments; with the jar it
//! checks the clusters (`out.json`) too.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment's `bin` folder holding `spark-submit` and passim.
fn passim_bin() -> Option<PathBuf> {
    if let Some(v) = std::env::var_os("REFRAIN_PASSIM_VENV") {
        let bin = PathBuf::from(v).join("bin");
        return bin.join("seriatim").is_file().then_some(bin);
    }
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .find(|d| d.join("seriatim").is_file() && d.join("spark-submit").is_file())
    })
}

/// The byte offset of UTF-16 offset `units` in `text` (as Java counts).
fn byte_of(text: &str, units: u64) -> usize {
    let mut n = 0u64;
    for (i, c) in text.char_indices() {
        if n >= units {
            return i;
        }
        n += c.len_utf16() as u64;
    }
    text.len()
}

fn records(dir: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("part-") && name.ends_with(".json") {
            for line in std::fs::read_to_string(&f).unwrap().lines() {
                out.push(serde_json::from_str(line).unwrap());
            }
        }
    }
    out
}

#[test]
fn real_passim_pairwise_output_opens_at_exact_offsets() {
    let Some(bin) = passim_bin() else {
        println!(
            "skipped: passim is not installed (set REFRAIN_PASSIM_VENV to a Python environment with pyspark and passim)"
        );
        return;
    };
    let venv = bin.parent().unwrap().to_path_buf();
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (path, bytes) in refrain::corpus::SEEDS {
        std::fs::write(docs.join(Path::new(path).file_name().unwrap()), bytes).unwrap();
    }
    let input = tmp.path().join("in.jsonl");
    let out = tmp.path().join("out");
    let st = Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(["export", "--passim"])
        .arg(&input)
        .arg(&docs)
        .status()
        .unwrap();
    assert!(st.success());
    let mut cmd = Command::new(bin.join("spark-submit"));
    cmd.env("SPARK_CONF_DIR", venv.join("conf"))
        .env("PYSPARK_PYTHON", bin.join("python"))
        .args(["--master", "local[2]", "--driver-memory", "1g"]);
    if let Some(p) = std::env::var_os("REFRAIN_PASSIM_PACKAGES") {
        cmd.arg("--packages").arg(p);
    }
    let run = cmd
        .arg(venv.join("share/submit-seriatim.py"))
        .args([
            "--all-pairs",
            "--fields",
            "xxhash64(series) as gid",
            "--filterpairs",
            "gid < gid2",
            "--pairwise",
        ])
        .arg(&input)
        .arg(&out)
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let aligned = out.join("align.json/_SUCCESS").is_file();
    assert!(
        run.status.success()
            || (aligned && log.contains("ClassNotFoundException: org.graphframes")),
        "passim failed:\n{log}"
    );
    let pairs = records(&out.join("align.json"));
    assert!(!pairs.is_empty(), "passim aligned nothing on the seeds");

    let report = Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(["report", "--format", "json", "--from-passim"])
        .arg(out.join("align.json"))
        .arg(&docs)
        .output()
        .unwrap();
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&report.stderr), "");
    let v: Value = serde_json::from_slice(&report.stdout).unwrap();
    let paths: Vec<String> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    let got: Vec<Vec<(String, u64, u64, String)>> = v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut occ: Vec<_> = c["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    (
                        paths[o["document"].as_u64().unwrap() as usize].clone(),
                        o["start"].as_u64().unwrap(),
                        o["end"].as_u64().unwrap(),
                        o["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            occ.sort();
            occ
        })
        .collect();
    for r in &pairs {
        let mut expect = Vec::new();
        for (id, b, e, s) in [
            ("id", "begin", "end", "s1"),
            ("id2", "begin2", "end2", "s2"),
        ] {
            let file = docs.join(r[id].as_str().unwrap());
            let text = std::fs::read_to_string(&file).unwrap();
            let (start, end) = (
                byte_of(&text, r[b].as_u64().unwrap()),
                byte_of(&text, r[e].as_u64().unwrap()),
            );
            let slice = &text[start..end];
            // passim's alignment string is the passage with gaps ('-') put
            // in and its own hyphens written U+2010: without the gaps it
            // has the passage's length, and the same letters and digits.
            let aligned = r[s].as_str().unwrap();
            let units = aligned
                .chars()
                .filter(|&c| c != '-')
                .map(char::len_utf16)
                .sum::<usize>();
            assert_eq!(
                units as u64,
                r[e].as_u64().unwrap() - r[b].as_u64().unwrap(),
                "{id} {start}..{end}"
            );
            let alnum = |t: &str| {
                t.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            };
            assert_eq!(alnum(aligned), alnum(slice), "{id} {start}..{end}");
            expect.push((
                file.display().to_string(),
                start as u64,
                end as u64,
                slice.to_string(),
            ));
        }
        expect.sort();
        assert!(
            got.contains(&expect),
            "passim's pair {expect:?} is not a cluster of the report"
        );
    }
    println!(
        "real passim: {} pairwise alignments opened at exact offsets",
        pairs.len()
    );
}
