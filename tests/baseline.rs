//! CI that fails only on new reuse, through the real binary: write a
//! baseline of a folder, then `--baseline --exit-code` passes while the
//! reuse is the same (even after edits elsewhere) and fails, listing only
//! it, when a new shared passage appears.

use std::path::Path;
use std::process::{Command, Output};

const LICENSE: &str = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files, to deal in the software without restriction.";
const NEWS: &str = "The harbour committee agreed on Tuesday that the old sea wall must be rebuilt before the winter storms reach the northern coast.";

fn refrain(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(args)
        .arg(dir)
        .output()
        .expect("run refrain")
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn baseline_fails_only_on_a_new_cluster() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    std::fs::create_dir(&dir).unwrap();
    write(
        &dir,
        "a.txt",
        &format!("Alpha notes.\n\n{LICENSE}\n\nAlpha ends."),
    );
    write(
        &dir,
        "b.txt",
        &format!("Beta notes.\n\n{LICENSE}\n\nBeta ends."),
    );
    let base = tmp.path().join("baseline.toml");
    let b = base.to_str().unwrap();

    // Today: one cluster; --exit-code alone fails, writing the baseline records it.
    let out = refrain(&["report", "--exit-code", "--write-baseline", b], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("1 cluster in 2 documents\n"));
    let file = std::fs::read_to_string(&base).unwrap();
    assert!(file.starts_with("# refrain baseline"), "{file}");
    assert!(
        file.contains("= \"permission is hereby granted free of charge to any person …\""),
        "{file}"
    );

    // Same reuse, with edits elsewhere: passes, nothing reported.
    write(
        &dir,
        "a.txt",
        &format!("Alpha notes, revised.\n\n{LICENSE}\n\nAlpha ends here now."),
    );
    let out = refrain(&["report", "--exit-code", "--baseline", b], &dir);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "0 clusters in 2 documents\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l == "refrain: 1 clusters in the baseline, 0 new"),
        "{stderr}"
    );

    // The old text copied into a third file is still the old cluster.
    write(&dir, "c.txt", &format!("Gamma.\n\n{LICENSE}\n"));
    let out = refrain(&["report", "--exit-code", "--baseline", b], &dir);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    // A new shared passage fails, and is the only one listed.
    write(&dir, "d.txt", &format!("Delta.\n\n{NEWS}\n"));
    write(&dir, "e.txt", &format!("Epsilon reprints it:\n\n{NEWS}\n"));
    let out = refrain(&["report", "--exit-code", "--baseline", b], &dir);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("cluster 0: 2 occurrences"), "{stdout}");
    assert!(
        stdout.contains("d.txt:3:1  \"The harbour committee"),
        "{stdout}"
    );
    assert!(!stdout.contains("Permission"), "{stdout}");
    assert!(stdout.ends_with("1 cluster in 5 documents\n"), "{stdout}");

    // Updating the baseline in place accepts it.
    let out = refrain(&["report", "--baseline", b, "--write-baseline", b], &dir);
    assert_eq!(out.status.code(), Some(0));
    let out = refrain(&["report", "--exit-code", "--baseline", b], &dir);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn bad_baseline_and_marks_files_are_one_line_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope.toml");
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[clusters]\nnot-a-key = \"x\"\n").unwrap();
    for (flag, file, problem) in [
        ("--baseline", &missing, "No such file or directory"),
        ("--ignore", &missing, "no such marks file"),
        ("--baseline", &bad, "\"not-a-key\" is not a text key"),
        ("--ignore", &bad, "unknown field `clusters`"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_refrain"))
            .args(["report", flag])
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {file:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("refrain: {}: ", file.display())),
            "{err}"
        );
        assert!(err.contains(problem), "{err}");
    }
}
