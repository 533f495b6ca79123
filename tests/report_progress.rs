//! `refrain report` off a terminal: no progress output at all, the skipped
//! files named one per line when few, summarised in one line when many.

use std::process::{Command, Output};

fn report(dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(["report", dir.to_str().unwrap()])
        .output()
        .unwrap()
}

#[test]
fn many_skipped_files_make_one_summary_line_and_no_progress() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..11 {
        std::fs::write(tmp.path().join(format!("b{i:02}.bin")), b"\x89PNG\0\0").unwrap();
    }
    std::fs::write(tmp.path().join("latin1.txt"), b"caf\xe9").unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "some words here").unwrap();
    let o = report(tmp.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "refrain: 12 files skipped: 11 binary, 1 not UTF-8 (the reader lists them: `!` in the library)\n"
    );
}

#[test]
fn a_few_skipped_files_are_named_one_per_line() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..2 {
        std::fs::write(tmp.path().join(format!("b{i}.bin")), b"\x89PNG\0\0").unwrap();
    }
    std::fs::write(tmp.path().join("notes.txt"), "some words here").unwrap();
    let o = report(tmp.path());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].ends_with("b0.bin: skipped: binary file (contains NUL bytes)"),
        "{err}"
    );
}
