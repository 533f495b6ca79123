//! End-to-end: the real reader on a saved analysis (`refrain index -o FILE`,
//! then `refrain --index FILE`): the library opens from the file, a document
//! is read when opened, and one rewritten in place since the analysis was
//! saved (same size and time) shows a notice naming it, never its new text.

mod pty_support;
use pty_support::*;

/// A folder `docs` in `dir` holding the seed articles.
fn seed_folder(dir: &std::path::Path) -> std::path::PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (path, bytes) in refrain::corpus::SEEDS {
        let name = std::path::Path::new(path).file_name().unwrap();
        std::fs::write(docs.join(name), bytes).unwrap();
    }
    docs
}

#[test]
fn the_reader_reopens_a_saved_analysis_and_names_a_rewritten_document() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = seed_folder(tmp.path());
    let file = tmp.path().join("seeds.refrain");
    let f = file.to_str().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(["index", "-o", f, docs.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let victim = docs.join("001_8d315d2a224e7f08.txt");
    let mtime = std::fs::metadata(&victim).unwrap().modified().unwrap();
    let original = std::fs::read_to_string(&victim).unwrap();
    std::fs::write(&victim, original.to_uppercase()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&victim)
        .unwrap()
        .set_modified(mtime)
        .unwrap();

    let mut s = Session::start(&["--index", f], &[], 220, 30);
    let lib = s.wait_for("Library");
    assert!(lib.contains("5 documents"), "{lib}");
    // The first document opens with its own text.
    s.send("\r");
    s.wait_for("Scholars' Perspectives");
    s.send("\x1b");
    s.wait_for("Library");
    // The second was rewritten: a notice, and its name in the status line.
    s.send("\x1b[B\r");
    let screen = s.wait_for("changed since the analysis was saved");
    assert!(screen.contains("001_8d315d2a224e7f08.txt"), "{screen}");
    assert!(!screen.contains(&original.to_uppercase()[..30]), "{screen}");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn an_unusable_saved_analysis_is_named_in_the_status_bar_without_its_path() {
    // At 80 columns the status bar once showed the saved file's path and
    // cut the reason ("…/x.refrain: saved analysi…"): the reader now shows
    // the reason; stderr still names the file.
    let tmp = tempfile::tempdir().unwrap();
    let docs = seed_folder(tmp.path());
    let file = tmp.path().join("a-saved-analysis-with-a-long-name.refrain");
    std::fs::write(&file, b"not an analysis").unwrap();
    let mut s = Session::start(
        &["--index", file.to_str().unwrap(), docs.to_str().unwrap()],
        &[],
        80,
        24,
    );
    let screen = s.wait_for("saved analysis is corrupt (not a refrain analysis file)");
    assert!(screen.contains("Library"), "{screen}");
    assert!(!screen.contains("long-name"), "{screen}");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}
