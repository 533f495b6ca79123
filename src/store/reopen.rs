//! Reopening a saved analysis: is it current for the corpus on disk now,
//! and its clusters checked against the documents. No terminal.
//!
//! # When a saved analysis is current
//!
//! It records every document (path, text length, the file's size and
//! modification time when it was read, an xxh3-128 hash of its text, and
//! what the library shows: line count and title), the files skipped and why,
//! the parameters and load options (their full `Debug` form, so any new knob
//! invalidates old files) and the refrain build (version, size and
//! modification time of the executable).
//!
//! Reopening ([`reopen_on_demand`]) lists the files the paths name now
//! (reading none) and stats each: the same files, each with the same size
//! and modification time, is current, and the documents are opened **on
//! demand** ([`crate::doctext`]): the library shows the recorded sizes,
//! lines and titles, and a document's text is read (and checked against its
//! hash) only when it is opened, so browsing a saved 1 GB analysis needs a
//! few documents in memory, not the corpus. A file whose time changed but
//! whose text hashes the same (touched, copied) is current too. An added,
//! removed or changed file makes the analysis *stale*: the caller says why
//! in one line and re-analyses.
//!
//! # Why a stale analysis is re-analysed whole
//!
//! Incremental re-analysis (keep the unchanged documents' fingerprints,
//! re-align only pairs involving changed documents) would not give the
//! analysis a fresh run gives, which is the contract of `report` and of
//! baselines: clusters are single-link over *all* aligned pairs, so one new
//! passage can join two clusters of unchanged documents; the banality rule
//! counts each shingle over the whole corpus, so a change in one document
//! can turn another document's passage stock (dropped) or rare (kept); and a
//! very common shingle is paired only with its neighbours in the sorted
//! fingerprint list, so adding one position changes which unchanged pairs
//! are anchored. Saving the aligned pairs and shingle counts would cost
//! roughly the corpus's size again on disk and still need those corpus-wide
//! passes. A full analysis is the engine's fast path (100 MB in seconds);
//! what the saved file spares is re-reading and re-analysing an *unchanged*
//! corpus, the common case of reopening.

use super::*;

/// "2 documents changed, 1 document added" (or "documents reordered").
fn describe_changes(changed: usize, added: usize, removed: usize) -> String {
    let mut parts = Vec::new();
    if changed > 0 {
        parts.push(format!("{} changed", plural(changed, "document")));
    }
    if added > 0 {
        parts.push(format!("{} added", plural(added, "document")));
    }
    if removed > 0 {
        parts.push(format!("{} removed", plural(removed, "document")));
    }
    if parts.is_empty() {
        parts.push("documents reordered".into());
    }
    parts.join(", ")
}

/// The saved clusters, each passage checked to lie inside its document
/// (`lens`) and, where `texts` has the text, on character boundaries.
fn saved_clusters<'t>(
    saved: &Saved,
    lens: &[usize],
    texts: &dyn Fn(usize) -> Option<&'t str>,
) -> Result<Vec<Cluster>, Unusable> {
    let mut clusters = Vec::with_capacity(saved.clusters.len());
    for (id, c) in saved.clusters.iter().enumerate() {
        let mut occurrences = Vec::with_capacity(c.occurrences.len());
        for &(d, start, end) in &c.occurrences {
            let (document, start, end) = (d as usize, start as usize, end as usize);
            let sound = lens.get(document).is_some_and(|&len| {
                start <= end
                    && end <= len
                    && texts(document)
                        .is_none_or(|t| t.is_char_boundary(start) && t.is_char_boundary(end))
            });
            if !sound {
                return Err(Unusable::Corrupt(format!(
                    "cluster {id} has a passage outside its document"
                )));
            }
            occurrences.push(Passage {
                document,
                start,
                end,
            });
        }
        clusters.push(Cluster {
            id,
            words: c.words as usize,
            similarity: c.similarity,
            boilerplate: c.boilerplate,
            occurrences,
        });
    }
    Ok(clusters)
}

/// The clusters of a saved analysis, if it is current for `corpus` (already
/// read into memory) analysed with `params`; else why not. Compares every
/// document's hash; never trusts the file: every passage is checked to lie
/// inside its document on character boundaries.
pub fn clusters_if_current(
    saved: &Saved,
    corpus: &Corpus,
    params: &Params,
) -> Result<Vec<Cluster>, Unusable> {
    use rayon::prelude::*;
    check_build_and_params(saved, params)?;
    let docs = &corpus.documents;
    let hashes: Vec<u128> = docs
        .par_iter()
        .map(|d| content_hash(d.text.as_bytes()))
        .collect();
    let same = hashes.len() == saved.documents.len()
        && hashes
            .iter()
            .zip(&saved.documents)
            .all(|(h, s)| *h == s.hash);
    if !same {
        // Say what changed, matching documents by path.
        let then: std::collections::HashMap<&str, u128> = saved
            .documents
            .iter()
            .map(|d| (d.path.as_str(), d.hash))
            .collect();
        let (mut changed, mut added) = (0, 0);
        for (d, h) in docs.iter().zip(&hashes) {
            match then.get(d.path.as_str()) {
                Some(old) if old != h => changed += 1,
                Some(_) => {}
                None => added += 1,
            }
        }
        let removed = saved.documents.len() + added - docs.len();
        return Err(Unusable::Stale(describe_changes(changed, added, removed)));
    }
    let lens: Vec<usize> = docs.iter().map(Document::len).collect();
    saved_clusters(saved, &lens, &|d| Some(docs[d].text.as_str()))
}

/// Opens the saved analysis at `path` for `corpus` (already read): the
/// analysis when it is current, else why not (the corpus is handed back so
/// the caller can analyse it).
pub fn reopen(
    path: &Path,
    corpus: Corpus,
    params: &Params,
) -> Result<Analysis, (Corpus, Unusable)> {
    let clusters = read(path).and_then(|saved| clusters_if_current(&saved, &corpus, params));
    match clusters {
        Ok(clusters) => Ok(Analysis {
            corpus,
            clusters,
            params: params.clone(),
        }),
        Err(why) => Err((corpus, why)),
    }
}

/// A saved analysis reopened without reading its documents.
#[derive(Debug)]
pub struct Reopened {
    /// The analysis; its documents are read on demand.
    pub analysis: Analysis,
    /// The files skipped (as when the analysis was made, or found now
    /// while listing the folders).
    pub warnings: Vec<Warning>,
    /// Documents whose modification time changed but whose text did not
    /// (read and hashed now): saving the analysis again spares that next time.
    pub touched: usize,
}

/// What one saved document is now.
enum Now {
    /// Same size and time: read on demand.
    Unchanged,
    /// Other time, same text (read now).
    Touched(Document),
    /// Gone, unreadable or another text.
    Changed,
}

/// Reopens `saved` for the documents `paths` name now, read with `options`
/// and analysed with `params`, without reading them (see the module doc):
/// current when the same files are there with the same sizes and times (or
/// the same text). Else why not.
pub fn reopen_on_demand(
    saved: &Saved,
    paths: &[PathBuf],
    options: &LoadOptions,
    params: &Params,
) -> Result<Reopened, Unusable> {
    use rayon::prelude::*;
    check_build_and_params(saved, params)?;
    if saved.options != options_fingerprint(options) {
        return Err(Unusable::Stale("reading options changed".into()));
    }
    // A path that cannot be listed is the caller's error to report when it
    // loads the corpus (one line); the saved analysis has nothing to add.
    let (files, mut warnings) =
        crate::corpus::list(paths, &options.exclude).map_err(|_| Unusable::Missing)?;
    let listed: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let saved_docs: std::collections::HashMap<&str, usize> = saved
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let skipped: std::collections::HashMap<&str, &SavedSkip> = saved
        .skipped
        .iter()
        .filter(|s| s.stamp.is_some())
        .map(|s| (s.path.as_str(), s))
        .collect();
    let (mut changed, mut added, mut order) = (0usize, 0usize, Vec::new());
    for (path, file) in listed.iter().zip(&files) {
        if let Some(&i) = saved_docs.get(path.as_str()) {
            order.push(i);
        } else if let Some(s) = skipped.get(path.as_str()) {
            if s.stamp == FileStamp::of(file) {
                warnings.push(Warning {
                    path: s.path.clone(),
                    kind: SKIP_KINDS
                        .get(s.kind as usize)
                        .copied()
                        .unwrap_or(SkipKind::Unreadable),
                    reason: s.reason.clone(),
                });
            } else {
                changed += 1;
            }
        } else {
            added += 1;
        }
    }
    let removed = saved.documents.len() - order.len();
    if changed + added + removed > 0 {
        return Err(Unusable::Stale(describe_changes(changed, added, removed)));
    }
    if order.iter().enumerate().any(|(k, &i)| k != i) {
        return Err(Unusable::Stale(describe_changes(0, 0, 0)));
    }
    // A length no document can have is damage (a notice of that length
    // would be allocated if the file then differed).
    if let Some(i) = saved
        .documents
        .iter()
        .position(|d| d.size > crate::corpus::MAX_DOCUMENT_BYTES)
    {
        return Err(Unusable::Corrupt(format!(
            "document {i} is larger than refrain reads"
        )));
    }
    // Passage offsets per document, checked when its text is read.
    let mut boundaries: Vec<Vec<usize>> = vec![Vec::new(); saved.documents.len()];
    for c in &saved.clusters {
        for &(d, start, end) in &c.occurrences {
            if let Some(b) = boundaries.get_mut(d as usize) {
                b.extend([start as usize, end as usize]);
            }
        }
    }
    let now: Vec<Now> = saved
        .documents
        .par_iter()
        .map(|d| {
            let file = Path::new(&d.path);
            if FileStamp::of(file) == Some(d.stamp) {
                return Now::Unchanged;
            }
            let stamp = FileStamp::of(file);
            match crate::readfile::read_file(file, options) {
                Ok(t)
                    if t.text.len() as u64 == d.size
                        && content_hash(t.text.as_bytes()) == d.hash =>
                {
                    let mut doc = Document::new(d.path.clone(), t.text);
                    doc.decoded = t.decoded.into_iter().collect();
                    doc.markup = t.markup;
                    if let Some(title) = t.title {
                        doc.set_title(title);
                    }
                    doc.stamp = stamp;
                    Now::Touched(doc)
                }
                _ => Now::Changed,
            }
        })
        .collect();
    let changed = now.iter().filter(|n| matches!(n, Now::Changed)).count();
    if changed > 0 {
        return Err(Unusable::Stale(describe_changes(changed, 0, 0)));
    }
    let touched = now.iter().filter(|n| matches!(n, Now::Touched(_))).count();
    let documents: Vec<Document> = now
        .into_iter()
        .zip(&saved.documents)
        .zip(boundaries)
        .map(|((n, d), mut b)| match n {
            Now::Touched(doc) => doc,
            _ => {
                b.sort_unstable();
                b.dedup();
                Document::on_demand(Recorded {
                    path: d.path.clone(),
                    source: Source {
                        file: PathBuf::from(&d.path),
                        options: options.clone(),
                        len: d.size as usize,
                        hash: d.hash,
                        boundaries: b,
                    },
                    decoded: d
                        .decoded
                        .iter()
                        .filter_map(|&c| DECODINGS.get(c as usize).copied())
                        .collect(),
                    markup: d.markup,
                    stamp: d.stamp,
                    lines: d.lines as usize,
                    title: d.title.clone(),
                })
            }
        })
        .collect();
    let lens: Vec<usize> = documents.iter().map(Document::len).collect();
    let clusters = saved_clusters(saved, &lens, &|d| {
        let t = &documents[d].text;
        t.is_loaded().then(|| t.as_str())
    })?;
    warnings.sort_by(|a, b| a.path.cmp(&b.path));
    warnings.dedup_by(|a, b| a.path == b.path);
    Ok(Reopened {
        analysis: Analysis {
            corpus: Corpus { documents },
            clusters,
            params: params.clone(),
        },
        warnings,
        touched,
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    /// The seeds written to a folder, analysed as `refrain index` does, and
    /// the saved form.
    fn seeds_on_disk() -> (tempfile::TempDir, Vec<PathBuf>, Analysis, Saved) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("docs");
        std::fs::create_dir(&dir).unwrap();
        for (path, bytes) in crate::corpus::SEEDS {
            std::fs::write(dir.join(Path::new(path).file_name().unwrap()), bytes).unwrap();
        }
        std::fs::write(dir.join("zz.bin"), b"\0\0binary").unwrap();
        let paths = vec![dir];
        let opts = LoadOptions::default();
        let loaded = crate::corpus::load(&paths, &opts).unwrap();
        let a = crate::reuse::analyse(loaded.corpus, &Params::default());
        let meta = Meta {
            roots: roots(&paths),
            options: opts,
            skipped: loaded.warnings,
        };
        let saved = decode(&encode(&to_saved_with(&a, &meta))).unwrap();
        (tmp, paths, a, saved)
    }

    #[test]
    fn reopening_on_demand_reads_no_document_until_one_is_opened() {
        let (_tmp, paths, a, saved) = seeds_on_disk();
        let opts = LoadOptions::default();
        let r = reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap();
        assert_eq!(r.touched, 0);
        assert_eq!(r.analysis.clusters, a.clusters);
        let docs = &r.analysis.corpus.documents;
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].path.ends_with("zz.bin"));
        assert_eq!(r.warnings[0].kind, SkipKind::Binary);
        // What the library shows is known without reading.
        for (d, fresh) in docs.iter().zip(&a.corpus.documents) {
            assert_eq!(d.path, fresh.path);
            assert_eq!(d.len(), fresh.len());
            assert_eq!(d.line_count(), fresh.line_count());
            assert_eq!(d.title(), fresh.title());
            assert!(!d.text.is_loaded(), "{} was read", d.path);
        }
        // Opening one reads that one only, byte for byte.
        let p = &r.analysis.clusters[0].occurrences[0];
        assert_eq!(r.analysis.text(p), a.text(p));
        assert!(docs[p.document].text.is_loaded());
        assert_eq!(docs.iter().filter(|d| d.text.is_loaded()).count(), 1);
        assert_eq!(docs[p.document].problem(), None);
    }

    fn set_mtime(path: &Path, stamp: FileStamp) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(stamp.mtime_ns);
        f.set_modified(t).unwrap();
    }

    #[test]
    fn a_touched_document_is_current_a_changed_one_is_stale() {
        let (_tmp, paths, a, saved) = seeds_on_disk();
        let opts = LoadOptions::default();
        let file = PathBuf::from(&a.corpus.documents[2].path);
        let stamp = FileStamp::of(&file).unwrap();
        // Touched: same text, another time.
        set_mtime(
            &file,
            FileStamp {
                mtime_ns: stamp.mtime_ns + 1_000_000_000,
                ..stamp
            },
        );
        let r = reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap();
        assert_eq!(r.touched, 1);
        assert!(r.analysis.corpus.documents[2].text.is_loaded());
        assert_eq!(r.analysis.clusters, a.clusters);
        // Changed: stale, saying so.
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\nOne more line.\n")).unwrap();
        assert_eq!(
            reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap_err(),
            Unusable::Stale("1 document changed".into())
        );
        // Rewritten keeping its size and time: current by its stamp, and
        // caught when the document is opened (a notice, never other text).
        let swapped = text.replacen("the", "THE", 1);
        assert_eq!(swapped.len(), text.len());
        std::fs::write(&file, &swapped).unwrap();
        set_mtime(&file, stamp);
        let r = reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap();
        let d = &r.analysis.corpus.documents[2];
        assert_eq!(
            d.problem().unwrap(),
            format!(
                "{}: changed since the analysis was saved (same size, other text); run refrain again to re-analyse it",
                file.display()
            )
        );
        assert_eq!(d.text.as_str().len(), text.len());
        assert!(!d.text.contains("THE"));
        for c in &r.analysis.clusters {
            for p in &c.occurrences {
                let _ = r.analysis.text(p); // every saved passage still slices
            }
        }
    }

    #[test]
    fn an_impossible_document_length_is_corrupt() {
        let (_tmp, paths, a, mut saved) = seeds_on_disk();
        saved.documents[3].size = crate::corpus::MAX_DOCUMENT_BYTES + 1;
        assert_eq!(
            reopen_on_demand(&saved, &paths, &LoadOptions::default(), &a.params).unwrap_err(),
            Unusable::Corrupt("document 3 is larger than refrain reads".into())
        );
    }

    #[test]
    fn added_removed_and_unskipped_files_make_it_stale() {
        let (_tmp, paths, a, saved) = seeds_on_disk();
        let opts = LoadOptions::default();
        let dir = &paths[0];
        std::fs::write(dir.join("new.txt"), "a new document").unwrap();
        assert_eq!(
            reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap_err(),
            Unusable::Stale("1 document added".into())
        );
        std::fs::remove_file(dir.join("new.txt")).unwrap();
        std::fs::remove_file(&a.corpus.documents[0].path).unwrap();
        assert_eq!(
            reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap_err(),
            Unusable::Stale("1 document removed".into())
        );
        std::fs::write(
            &a.corpus.documents[0].path,
            a.corpus.documents[0].text.as_str(),
        )
        .unwrap();
        // The skipped binary became text: it must be read now.
        std::fs::write(dir.join("zz.bin"), "now text").unwrap();
        assert_eq!(
            reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap_err(),
            Unusable::Stale("1 document changed".into())
        );
        std::fs::remove_file(dir.join("zz.bin")).unwrap();
        // Other reading options: stale.
        let other = LoadOptions {
            markup: false,
            ..LoadOptions::default()
        };
        assert_eq!(
            reopen_on_demand(&saved, &paths, &other, &a.params).unwrap_err(),
            Unusable::Stale("reading options changed".into())
        );
        // Files left out by `--exclude` now: stale too (the saved analysis
        // holds them), even where no file matches.
        let fewer = LoadOptions {
            exclude: crate::corpus::Exclude::new(&["*.nothing"]).unwrap(),
            ..LoadOptions::default()
        };
        assert_eq!(
            reopen_on_demand(&saved, &paths, &fewer, &a.params).unwrap_err(),
            Unusable::Stale("reading options changed".into())
        );
        // Restored (its time differs, its text is the same): current.
        let r = reopen_on_demand(&saved, &paths, &opts, &a.params).unwrap();
        assert_eq!(r.touched, 1);
        assert_eq!(r.analysis.clusters, a.clusters);
    }
}
