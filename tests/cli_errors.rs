//! Bad input through the real binary: each case gives a one-line message
//! naming the file and the problem, and the documented exit code.

use std::path::Path;
use std::process::{Command, Output};

fn refrain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(args)
        .output()
        .expect("run refrain")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-file.txt");
    let o = refrain(&["report", path(&missing)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {}: no such file or directory\n",
            missing.display()
        )
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn a_binary_file_is_skipped_with_a_warning_and_the_rest_analysed() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("image.bin"), b"\x89PNG\0\0\0data").unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "some words here").unwrap();
    let o = refrain(&["report", path(tmp.path())]);
    assert_eq!(o.status.code(), Some(0));
    let bin = tmp.path().join("image.bin");
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {}: skipped: binary file (contains NUL bytes)\n",
            bin.display()
        )
    );
    assert_eq!(stdout(&o), "0 clusters in 1 document\n");
}

#[test]
fn invalid_utf8_is_skipped_and_nothing_readable_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("latin1.txt");
    std::fs::write(&bad, b"caf\xe9 cr\xe8me").unwrap();
    let o = refrain(&["report", path(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "refrain: {}: skipped: not UTF-8 text (invalid byte at offset 3)",
                bad.display()
            )
            .as_str(),
            "refrain: no readable text files among the paths given",
        ]
    );
}

#[test]
fn an_empty_folder_or_empty_file_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = refrain(&["report", "--exit-code", path(tmp.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "0 clusters in 0 documents\n");
    assert!(stderr(&o).is_empty());
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = refrain(&["report", "--format", "json", path(&empty)]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["documents"][0]["bytes"], 0);
    assert_eq!(v["documents"][0]["lines"], 0);
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(100)).unwrap();
    std::fs::write(tmp.path().join("small.txt"), "ok").unwrap();
    let o = refrain(&["report", "--max-file-size", "100", path(tmp.path())]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {}: skipped: too large (500 bytes; the limit is 100 bytes, see --max-file-size)\n",
            big.display()
        )
    );
}

#[test]
fn exit_code_reports_whether_clusters_were_found() {
    // The bundled seeds have clusters.
    let o = refrain(&["report", "--exit-code"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("cluster 0: 2 occurrences"));
    // Without --exit-code, finding clusters is success.
    assert_eq!(refrain(&["report"]).status.code(), Some(0));
    // Errors stay 2 with --exit-code.
    let o = refrain(&["report", "--exit-code", "/definitely/not/here"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bad_options_are_errors() {
    let o = refrain(&["report", "--min-similarity", "1.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "refrain: --min-similarity must be between 0 and 1, not 1.5\n"
    );
    let o = refrain(&["report", "--min-words", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "refrain: --min-words must be at least 1\n");
    let o = refrain(&["report", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn json_report_of_the_seeds_parses() {
    let o = refrain(&["report", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    assert!(!v["clusters"].as_array().unwrap().is_empty());
}

#[test]
fn help_and_version() {
    let o = refrain(&["report", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for flag in [
        "--format",
        "--min-words",
        "--min-similarity",
        "--exit-code",
        "--max-file-size",
    ] {
        assert!(help.contains(flag), "{flag} missing from help");
    }
    let o = refrain(&["--version"]);
    assert_eq!(
        stdout(&o),
        format!("refrain {}\n", env!("CARGO_PKG_VERSION"))
    );
}
