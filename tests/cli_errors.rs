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

/// Runs `refrain report` on one file `name` holding `bytes`, which must be
/// skipped for `why` and counted as `kind` in the one-line error after it.
#[track_caller]
fn only_file_skipped(name: &str, bytes: &[u8], why: &str, kind: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join(name);
    std::fs::write(&bad, bytes).unwrap();
    let o = refrain(&["report", path(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    let d = bad.display();
    assert_eq!(
        lines,
        [
            format!("refrain: {d}: skipped: {why}").as_str(),
            format!("refrain: {d}: no readable text files (1 skipped: 1 {kind})").as_str(),
        ]
    );
}

#[test]
fn invalid_utf8_is_skipped_and_nothing_readable_is_an_error() {
    only_file_skipped(
        "latin1.txt",
        b"caf\xe9 cr\xe8me",
        "not UTF-8 text (invalid byte at offset 3)",
        "not UTF-8",
    );
}

#[test]
fn a_utf16_byte_order_mark_on_invalid_utf16_is_named_as_such_in_both_lines() {
    only_file_skipped(
        "odd.txt",
        b"\xff\xfeh\0i",
        "invalid UTF-16 text (odd number of bytes)",
        "invalid UTF-16",
    );
}

#[test]
fn an_empty_folder_and_a_folder_of_binaries_are_both_errors_an_empty_file_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let o = refrain(&["report", "--exit-code", path(tmp.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("refrain: {}: no text files found\n", tmp.path().display())
    );
    assert!(stdout(&o).is_empty());
    let bins = tmp.path().join("bins");
    std::fs::create_dir(&bins).unwrap();
    std::fs::write(bins.join("a.bin"), b"\0\0").unwrap();
    std::fs::write(bins.join("b.bin"), b"\0\0").unwrap();
    let o = refrain(&["report", "--exit-code", path(&bins)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(
        err.lines().last().unwrap(),
        format!(
            "refrain: {}: no readable text files (2 skipped: 2 binary)",
            bins.display()
        )
    );
    assert_eq!(err.lines().count(), 3, "{err}");
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = refrain(&["report", "--format", "json", path(&empty)]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["documents"][0]["bytes"], 0);
    assert_eq!(v["documents"][0]["lines"], 0);
}

/// Runs refrain, failing the test if it has not finished within 10 s.
fn refrain_within(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("refrain {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn special_files_named_explicitly_are_refused_by_type_without_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    mkfifo(&fifo);
    // A FIFO nobody writes to: refused at once, never opened for reading.
    let o = refrain_within(&["report", path(&fifo)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {0}: skipped: not a regular file (FIFO)\nrefrain: {0}: no readable text files (1 skipped: 1 special)\n",
            fifo.display()
        )
    );
    // /dev/zero and /dev/urandom never end: refused by type, no memory growth.
    for dev in ["/dev/zero", "/dev/urandom"] {
        let o = refrain_within(&["report", dev]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            stderr(&o).lines().next().unwrap(),
            format!("refrain: {dev}: skipped: not a regular file (character device)")
        );
    }
    // Even in the reader, before any terminal set-up.
    let o = refrain_within(&[path(&fifo)]);
    assert_eq!(o.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn special_files_in_a_folder_are_each_named_and_the_rest_read() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("ok.txt"), "some words here").unwrap();
    mkfifo(&d.join("fifo"));
    let _sock = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling")).unwrap();
    std::os::unix::fs::symlink(d.join("loop2"), d.join("loop1")).unwrap();
    std::os::unix::fs::symlink(d.join("loop1"), d.join("loop2")).unwrap();
    let o = refrain_within(&["report", path(d)]);
    assert_eq!(o.status.code(), Some(0));
    let want = [
        ("dangling", "dangling symbolic link"),
        ("fifo", "not a regular file (FIFO)"),
        ("loop1", "symbolic link loop"),
        ("loop2", "symbolic link loop"),
        ("sock", "not a regular file (socket)"),
    ]
    .map(|(f, why)| format!("refrain: {}: skipped: {why}\n", d.join(f).display()))
    .concat();
    assert_eq!(stderr(&o), want);
    assert_eq!(stdout(&o), "0 clusters in 1 document\n");
}

#[test]
fn the_size_limit_applies_as_the_file_is_read_and_to_decompressed_size() {
    let tmp = tempfile::tempdir().unwrap();
    // 1 MB of text that gzip makes 1 kB: refused on its decompressed size.
    let gz = tmp.path().join("bomb.txt.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut e, &b"word ".repeat(200_000)).unwrap();
    std::fs::write(&gz, e.finish().unwrap()).unwrap();
    std::fs::write(tmp.path().join("ok.txt"), "fine").unwrap();
    let o = refrain(&["report", "--max-file-size", "10000", path(tmp.path())]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {}: skipped: too large (more than 10000 bytes; the limit is 10000 bytes, see --max-file-size)\n",
            gz.display()
        )
    );
}

/// Two documents sharing a passage whose text is hostile.
fn hostile_pair(dir: &Path, name: &str) -> String {
    let shared = "the committee agreed \x1b]52;c;SGVsbG8=\x07 that the \x1b]0;owned\x07 budget \x1b[2J would rise\x08\x08 by ten percent next year";
    std::fs::write(dir.join(name), format!("Intro one.\n{shared}\nEnd one.\n")).unwrap();
    std::fs::write(
        dir.join("b.txt"),
        format!("Other intro.\n{shared}\nEnd two.\n"),
    )
    .unwrap();
    shared.to_string()
}

#[test]
fn report_text_and_warnings_never_carry_escape_sequences() {
    let tmp = tempfile::tempdir().unwrap();
    let evil = "x\x1b[2J\x1b]0;t\x07.txt";
    hostile_pair(tmp.path(), evil);
    std::fs::write(tmp.path().join("y\x1b[2J.bin"), b"\0").unwrap();
    let o = refrain(&["report", "--min-words", "5", path(tmp.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for out in [&o.stdout, &o.stderr] {
        assert!(
            !out.iter().any(|&b| b == 0x1b || b == 0x07 || b == 0x08),
            "{}",
            String::from_utf8_lossy(out)
        );
    }
    let text = stdout(&o);
    assert!(text.contains("x␛[2J␛]0;t␇.txt:2:1"), "{text}");
    assert!(
        text.contains("\"the committee agreed ␛]52;c;SGVsbG8=␇ that the ␛"),
        "{text}"
    );
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {}/y␛[2J.bin: skipped: binary file (contains NUL bytes)\n",
            tmp.path().display()
        )
    );
    // An error naming a hostile path is sanitised too.
    let o = refrain(&["report", "/no/such/\x1b[2Jfile"]);
    assert_eq!(
        stderr(&o),
        "refrain: /no/such/␛[2Jfile: no such file or directory\n"
    );
    // So is a usage error echoing a hostile argument.
    let o = refrain(&["report", "--bogus\x1b[2J\x1b]0;t\x07\x08x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !o.stderr.iter().any(|&b| b < 0x20 && b != b'\n'),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).starts_with("error: unexpected argument '--bogus"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn json_output_stays_exact_with_control_characters_escaped_by_json() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = hostile_pair(tmp.path(), "a.txt");
    let o = refrain(&[
        "report",
        "--format",
        "json",
        "--min-words",
        "5",
        path(tmp.path()),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!o.stdout.contains(&0x1b));
    assert!(stdout(&o).contains("\\u001b]52;c;"));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let occ = &v["clusters"][0]["occurrences"][0];
    let raw = std::fs::read(tmp.path().join("a.txt")).unwrap();
    let (s, e) = (
        occ["start"].as_u64().unwrap() as usize,
        occ["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(occ["text"].as_str().unwrap().as_bytes(), &raw[s..e]);
    assert!(occ["text"].as_str().unwrap().starts_with(&shared));
}

#[test]
fn utf16_html_and_gzip_are_read_and_say_so_in_the_json() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let shared = "the river rose three metres overnight and the bridge was closed";
    let mut utf16 = vec![0xff, 0xfe];
    for u in format!("Notes.\r\n{shared}\r\n").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(d.join("a-utf16.txt"), utf16).unwrap();
    let html = format!(
        "<html><body><p class=\"lead\">{}</p><!-- {shared} --></body></html>\n",
        shared.replace(" was ", " <b>was</b> ")
    );
    std::fs::write(d.join("b.html"), &html).unwrap();
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut e, format!("Gz.\n{shared}\n").as_bytes()).unwrap();
    std::fs::write(d.join("c.txt.gz"), e.finish().unwrap()).unwrap();
    let o = refrain(&[
        "report",
        "--no-cache",
        "--format",
        "json",
        "--min-words",
        "5",
        path(d),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs[0]["decoded"], serde_json::json!(["utf-16le"]));
    assert_eq!(docs[1]["markup"], true);
    assert!(docs[1].get("decoded").is_none());
    assert_eq!(docs[2]["decoded"], serde_json::json!(["gzip"]));
    assert!(docs[0].get("markup").is_none());
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "{}", stdout(&o));
    let occ = clusters[0]["occurrences"].as_array().unwrap();
    assert_eq!(occ.len(), 3);
    // In the HTML, offsets are into the raw file: the passage starts at the
    // word after the <p> tag; the comment's copy is not a passage.
    let html_occ = occ.iter().find(|o| o["document"] == 1).unwrap();
    let start = html_occ["start"].as_u64().unwrap() as usize;
    assert_eq!(start, html.find("the river").unwrap());
    assert_eq!(&html[start..start + 9], "the river");
    // --no-markup and --no-decompress turn both off.
    let o = refrain(&[
        "report",
        "--no-cache",
        "--format",
        "json",
        "--no-markup",
        "--no-decompress",
        "--min-words",
        "5",
        path(d),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {}: skipped: compressed file (gzip; not decompressed with --no-decompress)\n",
            d.join("c.txt.gz").display()
        )
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["documents"][1].get("markup").is_none());
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
    // Streamed to standard output, it is the library's report byte for byte.
    let a = refrain::reuse::analyse(refrain::corpus::seeds(), &Default::default());
    assert_eq!(stdout(&o), refrain::report::json(&a));
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
        "--no-markup",
        "--no-decompress",
    ] {
        assert!(help.contains(flag), "{flag} missing from help");
    }
    let o = refrain(&["--version"]);
    assert_eq!(
        stdout(&o),
        format!("refrain {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    // `refrain report | head -c 0`: standard output is closed before the
    // report is written. Every format ends quietly with its usual code.
    for format in ["text", "json", "jsonl"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_refrain"))
            .args(["report", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run refrain");
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("wait");
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert_eq!(o.status.code(), Some(0), "{format}: {err}");
    }
}

#[test]
fn a_glob_that_cannot_be_read_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "some words here").unwrap();
    let o = refrain(&[
        "report",
        "--exclude",
        "*.md",
        "--exclude",
        "[ab",
        path(tmp.path()),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "refrain: --exclude '[ab': unclosed character class; missing ']'\n"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn excluded_files_are_left_out_of_the_report() {
    // The same paragraph in a page and in a search index beside it: with
    // `--exclude '*.js'` the index is not read and nothing is shared.
    let tmp = tempfile::tempdir().unwrap();
    let para = "A paragraph long enough to be reported when it is found twice in the folder, word for word.";
    std::fs::write(tmp.path().join("page.txt"), para).unwrap();
    std::fs::create_dir(tmp.path().join("assets")).unwrap();
    std::fs::write(tmp.path().join("assets/searchindex.js"), para).unwrap();
    let all = refrain(&["report", "--no-cache", path(tmp.path())]);
    assert_eq!(
        stdout(&all).lines().next(),
        Some("cluster 0: 2 occurrences, 18 words, similarity 1.00")
    );
    let some = refrain(&[
        "report",
        "--no-cache",
        "--exclude",
        "*.js",
        path(tmp.path()),
    ]);
    assert_eq!(some.status.code(), Some(0));
    assert_eq!(stdout(&some), "0 clusters in 1 document\n");
    assert!(stderr(&some).is_empty(), "{}", stderr(&some));
    // Globs that leave nothing: the error says they did.
    let none = refrain(&[
        "report",
        "--no-cache",
        "--exclude",
        "*.js",
        "--exclude",
        "*.txt",
        path(tmp.path()),
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        stderr(&none),
        format!(
            "refrain: {}: no text files found (with --exclude '*.js' --exclude '*.txt')\n",
            tmp.path().display()
        )
    );
}
