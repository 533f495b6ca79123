//! Saved analyses from the command line: `refrain index` writes one, `report`
//! reuses it when current, and a changed corpus or a damaged file is reported
//! in one line and rebuilt, never trusted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn refrain(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(args)
        .env("REFRAIN_CACHE_DIR", cache)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A copy of the seeds in a temporary folder, and an empty cache folder.
fn corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (path, bytes) in refrain::corpus::SEEDS {
        let name = Path::new(path).file_name().unwrap();
        std::fs::write(docs.join(name), bytes).unwrap();
    }
    let cache = tmp.path().join("cache");
    (tmp, docs, cache)
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cache)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn index_writes_the_cache_and_report_reuses_it() {
    let (_tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    let fresh = stdout(&refrain(&cache, &["report", "--no-cache", d]));
    assert!(cache_files(&cache).is_empty(), "--no-cache writes nothing");
    let out = refrain(&cache, &["index", d]);
    let line = stdout(&out);
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1);
    assert!(files[0].extension().unwrap() == "refrain");
    assert!(
        line.starts_with(&format!("{}: 5 documents (", files[0].display())),
        "{line}"
    );
    // Prove the saved clusters are what the report shows: keep only the
    // first cluster in the file (a valid file), and the report follows it.
    let mut saved = refrain::store::read(&files[0]).unwrap();
    let all = saved.clusters.len();
    assert!(all > 1);
    saved.clusters.truncate(1);
    std::fs::write(&files[0], refrain::store::encode(&saved)).unwrap();
    let reused = refrain(&cache, &["report", d]);
    assert_eq!(stderr(&reused), "");
    assert!(stdout(&reused).ends_with("1 cluster in 5 documents\n"));
    // --no-cache ignores it.
    assert_eq!(
        stdout(&refrain(&cache, &["report", "--no-cache", d])),
        fresh
    );
    assert!(fresh.ends_with(&format!("{all} clusters in 5 documents\n")));
}

#[test]
fn a_changed_document_makes_it_stale_and_it_is_rebuilt() {
    let (_tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    stdout(&refrain(&cache, &["index", d]));
    let file = cache_files(&cache).remove(0);
    let victim = docs.join("002_12c1d0372e55340a.txt");
    let mut text = std::fs::read_to_string(&victim).unwrap();
    text.push_str("\nA new closing line.\n");
    std::fs::write(&victim, &text).unwrap();
    let out = refrain(&cache, &["report", "--format", "json", d]);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {}: saved analysis is stale (1 document changed); re-analysing\n",
            file.display()
        )
    );
    let fresh = stdout(&refrain(
        &cache,
        &["report", "--format", "json", "--no-cache", d],
    ));
    assert_eq!(stdout(&out), fresh);
    // Rebuilt: the next run reuses it silently.
    let again = refrain(&cache, &["report", "--format", "json", d]);
    assert_eq!(stderr(&again), "");
    assert_eq!(stdout(&again), fresh);
    // A removed document, and other parameters, are stale too.
    std::fs::remove_file(&victim).unwrap();
    let out = refrain(&cache, &["report", d]);
    assert!(
        stderr(&out).ends_with("saved analysis is stale (1 document removed); re-analysing\n"),
        "{}",
        stderr(&out)
    );
    let out = refrain(&cache, &["report", "--min-words", "12", d]);
    assert!(stderr(&out).ends_with("stale (analysis parameters changed); re-analysing\n"));
}

#[test]
fn a_corrupt_file_is_reported_and_rebuilt_never_trusted() {
    let (tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    let file = tmp.path().join("seeds.refrain");
    let f = file.to_str().unwrap();
    stdout(&refrain(&cache, &["index", d, "-o", f]));
    let fresh = stdout(&refrain(&cache, &["report", "--no-cache", d]));
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x55;
    std::fs::write(&file, &bytes).unwrap();
    let out = refrain(&cache, &["report", "--index", f, d]);
    assert_eq!(
        stderr(&out),
        format!("refrain: {f}: saved analysis is corrupt (checksum mismatch); re-analysing\n")
    );
    assert_eq!(stdout(&out), fresh);
    std::fs::write(&file, "not an analysis").unwrap();
    let out = refrain(&cache, &["report", "--index", f, d]);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {f}: saved analysis is corrupt (not a refrain analysis file); re-analysing\n"
        )
    );
    assert_eq!(stdout(&out), fresh);
    // Rewritten, and sound again.
    assert!(refrain::store::read(&file).is_ok());
    assert!(
        cache_files(&cache).is_empty(),
        "-o/--index bypass the cache dir"
    );
}

#[test]
fn an_index_file_alone_reopens_the_documents_it_records() {
    let (tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    let file = tmp.path().join("a.refrain");
    let f = file.to_str().unwrap();
    stdout(&refrain(&cache, &["index", "-o", f, d]));
    let with_paths = stdout(&refrain(&cache, &["report", "--no-cache", d]));
    let out = refrain(&cache, &["report", "--index", f]);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), with_paths);
}

#[test]
fn index_of_a_missing_path_is_a_one_line_error() {
    let (tmp, _docs, cache) = corpus();
    let missing = tmp.path().join("nope");
    let out = refrain(&cache, &["index", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {}: no such file or directory\n",
            missing.display()
        )
    );
}

#[test]
fn an_index_file_without_paths_must_be_sound() {
    let (tmp, _docs, cache) = corpus();
    let file = tmp.path().join("none.refrain");
    let f = file.to_str().unwrap();
    let out = refrain(&cache, &["report", "--index", f]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("refrain: {f}: no saved analysis; name the documents to analyse them\n")
    );
    std::fs::write(&file, "junk").unwrap();
    let out = refrain(&cache, &["report", "--index", f]);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {f}: saved analysis is corrupt (not a refrain analysis file); name the documents to analyse them\n"
        )
    );
}

/// Three short documents; `b.txt` and `c.txt` share nothing yet.
fn small_corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "Harbour notes.\n\nThe river pilots of the northern estuary agreed on Tuesday \
         to share their tide tables with every “fishing” cooperative along the coast, \
         ending a quarrel of twelve years.\n\nOther news followed.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("b.txt"),
        "Market report.\n\nPrices of barley rose slightly while oats stayed where they were.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("c.txt"),
        "Weather.\n\n中文 rain is expected in the hills, with sun on the plain by evening.\n",
    )
    .unwrap();
    let cache = tmp.path().join("cache");
    (tmp, docs, cache)
}

/// (document path suffix, start, end, text) of every occurrence, by cluster.
fn occurrences(json: &str) -> Vec<Vec<(String, u64, u64, String)>> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = v["documents"].as_array().unwrap();
    v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    let d = &docs[o["document"].as_u64().unwrap() as usize];
                    let path = d["path"].as_str().unwrap();
                    (
                        path.rsplit('/').next().unwrap().to_string(),
                        o["start"].as_u64().unwrap(),
                        o["end"].as_u64().unwrap(),
                        o["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn one_changed_file_is_reanalysed_to_the_exact_passages() {
    let (_tmp, docs, cache) = small_corpus();
    let d = docs.to_str().unwrap();
    stdout(&refrain(&cache, &["index", d]));
    let before = stdout(&refrain(&cache, &["report", "--format", "json", d]));
    assert_eq!(occurrences(&before), Vec::<Vec<_>>::new());
    // c.txt now quotes a.txt.
    let c = docs.join("c.txt");
    let old = std::fs::read_to_string(&c).unwrap();
    std::fs::write(
        &c,
        format!(
            "{old}\nQuoted: the river pilots of the northern estuary agreed on Tuesday to share \
             their tide tables with every \"fishing\" cooperative along the coast. More later.\n"
        ),
    )
    .unwrap();
    let out = refrain(&cache, &["report", "--format", "json", d]);
    let file = cache_files(&cache).remove(0);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {}: saved analysis is stale (1 document changed); re-analysing\n",
            file.display()
        )
    );
    let a_text = "The river pilots of the northern estuary agreed on Tuesday to share their \
                  tide tables with every “fishing” cooperative along the coast";
    // (The period ends the sentence in c.txt, and is taken with it there.)
    let c_text = "the river pilots of the northern estuary agreed on Tuesday to share their \
                  tide tables with every \"fishing\" cooperative along the coast.";
    let (a_start, c_start) = (16, old.len() as u64 + 9);
    assert_eq!(
        occurrences(&stdout(&out)),
        vec![vec![
            (
                "a.txt".to_string(),
                a_start,
                a_start + a_text.len() as u64,
                a_text.to_string()
            ),
            (
                "c.txt".to_string(),
                c_start,
                c_start + c_text.len() as u64,
                c_text.to_string()
            ),
        ]]
    );
    // The rebuilt analysis is reused, silently, with the same passages.
    let again = refrain(&cache, &["report", "--format", "json", d]);
    assert_eq!(stderr(&again), "");
    assert_eq!(stdout(&again), stdout(&out));
}

#[test]
fn a_truncated_saved_file_is_reported_in_one_line_and_rebuilt() {
    let (tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    let file = tmp.path().join("t.refrain");
    let f = file.to_str().unwrap();
    stdout(&refrain(&cache, &["index", d, "-o", f]));
    let fresh = stdout(&refrain(&cache, &["report", "--no-cache", d]));
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let out = refrain(&cache, &["report", "--index", f, d]);
    assert_eq!(
        stderr(&out),
        format!("refrain: {f}: saved analysis is corrupt (truncated); re-analysing\n")
    );
    assert_eq!(stdout(&out), fresh);
    assert_eq!(std::fs::read(&file).unwrap().len(), bytes.len());
    assert!(refrain::store::read(&file).is_ok());
}

#[test]
fn the_library_of_a_reopened_analysis_reads_no_document() {
    use refrain::app::{App, AppOptions};
    use refrain::cli::{CorpusArgs, Prepared};
    use refrain::ui::snapshot::{render, text};
    use std::sync::Arc;
    let (tmp, docs, _cache) = corpus();
    let file = tmp.path().join("lib.refrain");
    // Saved by this test's own build (a file from another build is stale).
    let paths = vec![docs.clone()];
    let loaded = refrain::corpus::load(&paths, &Default::default()).unwrap();
    let analysed = refrain::analyse(loaded.corpus, &refrain::Params::default());
    let meta = refrain::store::Meta {
        roots: refrain::store::roots(&paths),
        options: Default::default(),
        skipped: loaded.warnings,
    };
    refrain::store::save(&file, &analysed, &meta).unwrap();
    let args = CorpusArgs {
        paths: vec![docs.clone()],
        min_words: refrain::Params::default().min_words,
        min_similarity: refrain::Params::default().min_similarity,
        max_file_size: refrain::corpus::DEFAULT_MAX_FILE_BYTES,
        no_markup: false,
        no_decompress: false,
        exclude: Vec::new(),
        no_cache: false,
        index: Some(file),
        from_passim: None,
        max_boilerplate: None,
    };
    let Ok(Prepared::Ready(reopened)) = refrain::cli::prepare(&args) else {
        panic!("not reopened");
    };
    let fresh = analysed;
    let screen = |a: refrain::Analysis| {
        let a = Arc::new(a);
        let mut app = App::new(
            Arc::clone(&a),
            Arc::new(refrain::keymap::Keymap::default()),
            AppOptions::default(),
        );
        let shown = text(&render(&mut app, 120, 30));
        let read = a
            .corpus
            .documents
            .iter()
            .filter(|d| d.text.is_loaded())
            .count();
        (shown, read)
    };
    let (fresh_screen, _) = screen(fresh);
    let (reopened_screen, read) = screen(reopened);
    assert_eq!(read, 0, "the library read documents");
    assert_eq!(reopened_screen, fresh_screen);
}

#[test]
fn a_document_rewritten_in_place_shows_a_notice_in_the_reader() {
    use refrain::app::{App, AppOptions};
    use refrain::cli::{CorpusArgs, Prepared};
    use refrain::ui::snapshot::{render, text};
    use std::sync::Arc;
    let (tmp, docs, _cache) = corpus();
    let file = tmp.path().join("lib.refrain");
    let paths = vec![docs.clone()];
    let loaded = refrain::corpus::load(&paths, &Default::default()).unwrap();
    let analysed = refrain::analyse(loaded.corpus, &refrain::Params::default());
    let meta = refrain::store::Meta {
        roots: refrain::store::roots(&paths),
        options: Default::default(),
        skipped: loaded.warnings,
    };
    refrain::store::save(&file, &analysed, &meta).unwrap();
    // Rewrite one document keeping its size and modification time.
    let victim = docs.join("001_8d315d2a224e7f08.txt");
    let mtime = std::fs::metadata(&victim).unwrap().modified().unwrap();
    let original = std::fs::read_to_string(&victim).unwrap();
    std::fs::write(&victim, original.to_uppercase()).unwrap();
    assert_eq!(original.to_uppercase().len(), original.len());
    std::fs::File::options()
        .write(true)
        .open(&victim)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let args = CorpusArgs {
        paths,
        min_words: refrain::Params::default().min_words,
        min_similarity: refrain::Params::default().min_similarity,
        max_file_size: refrain::corpus::DEFAULT_MAX_FILE_BYTES,
        no_markup: false,
        no_decompress: false,
        exclude: Vec::new(),
        no_cache: false,
        index: Some(file),
        from_passim: None,
        max_boilerplate: None,
    };
    let Ok(Prepared::Ready(reopened)) = refrain::cli::prepare(&args) else {
        panic!("not reopened");
    };
    let mut app = App::new(
        Arc::new(reopened),
        Arc::new(refrain::keymap::Keymap::default()),
        AppOptions::default(),
    );
    app.open_document(1);
    let screen = text(&render(&mut app, 250, 20));
    let line = format!(
        "{}: changed since the analysis was saved (same size, other text); run refrain again to re-analyse it",
        victim.display()
    );
    assert!(screen.contains(&line), "{screen}");
    // The document's own words are not shown at the saved positions.
    assert!(!screen.contains(&original.to_uppercase()[..40]), "{screen}");
}

#[test]
fn a_saved_corpus_whose_folder_is_gone_is_one_line() {
    let (_tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    stdout(&refrain(&cache, &["index", d]));
    std::fs::remove_dir_all(&docs).unwrap();
    let out = refrain(&cache, &["report", d]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("refrain: {d}: no such file or directory\n")
    );
}

#[test]
fn report_rereads_a_document_rewritten_in_place_and_reanalyses() {
    let (_tmp, docs, cache) = corpus();
    let d = docs.to_str().unwrap();
    stdout(&refrain(&cache, &["index", d]));
    let file = cache_files(&cache).remove(0);
    let victim = docs.join("003_4a37616d70ecd5f6.txt");
    let mtime = std::fs::metadata(&victim).unwrap().modified().unwrap();
    let original = std::fs::read_to_string(&victim).unwrap();
    let rewritten = original.replacen("China", "CHINA", 3);
    assert_ne!(rewritten, original);
    std::fs::write(&victim, &rewritten).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&victim)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let out = refrain(&cache, &["report", "--format", "json", d]);
    assert_eq!(
        stderr(&out),
        format!(
            "refrain: {}: saved analysis is stale (1 document changed); re-analysing\n",
            file.display()
        )
    );
    let fresh = stdout(&refrain(
        &cache,
        &["report", "--format", "json", "--no-cache", d],
    ));
    assert_eq!(stdout(&out), fresh);
}
