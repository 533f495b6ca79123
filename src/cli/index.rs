//! Writing files for later: `refrain index` (the saved analysis) and
//! `refrain export --passim` (passim's input).

use super::args::{CorpusArgs, ExportArgs, IndexArgs};
use super::load::{load_corpus, load_corpus_with};
use super::wait::print_warnings;
use crate::progress::Progress;
use crate::reuse::{self, Params};

/// `refrain index`: analyses the corpus and saves the analysis; prints one
/// line (file, documents, clusters, size relative to the corpus, time).
pub fn run_index(args: &IndexArgs) -> Result<i32, String> {
    if args.corpus.from_passim.is_some() {
        return Err(
            "index: passim's output is read directly (--from-passim); there is nothing to index"
                .into(),
        );
    }
    let t0 = std::time::Instant::now();
    let mut skipped = Vec::new();
    let loaded = load_corpus_with(&args.corpus, &Progress::new(), &mut skipped);
    print_warnings(&skipped);
    let corpus = loaded?;
    let out = args
        .output
        .clone()
        .or_else(|| args.corpus.index.clone())
        .or_else(|| crate::store::cache_path(&args.corpus.paths))
        .ok_or("no user cache directory; name the file with -o FILE")?;
    let (docs, bytes) = (corpus.documents.len(), corpus.total_bytes());
    let analysis = reuse::analyse(corpus, &args.corpus.params());
    let meta = crate::store::Meta {
        roots: crate::store::roots(&args.corpus.paths),
        options: args.corpus.load_options(),
        skipped,
    };
    let size = crate::store::save(&out, &analysis, &meta)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{}: {docs} documents ({:.1} MB), {} clusters, {size} bytes ({:.1}% of the corpus), {:.2} s",
        out.display(),
        bytes as f64 / 1e6,
        analysis.clusters.len(),
        100.0 * size as f64 / bytes.max(1) as f64,
        t0.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// `refrain export --passim FILE`: writes passim's input.
pub fn run_export(args: &ExportArgs) -> Result<i32, String> {
    let rule: crate::passim::SeriesRule = args.series.parse()?;
    let corpus = load_corpus(&CorpusArgs {
        paths: args.paths.clone(),
        min_words: Params::default().min_words,
        min_similarity: Params::default().min_similarity,
        max_file_size: args.max_file_size,
        no_markup: false,
        no_decompress: false,
        exclude: args.exclude.clone(),
        no_cache: true,
        index: None,
        from_passim: None,
        max_boilerplate: None,
    })?;
    let root = crate::passim::corpus_root(&args.paths);
    let shown = args.passim.display();
    let file = std::fs::File::create(&args.passim).map_err(|e| format!("{shown}: {e}"))?;
    let mut w = std::io::BufWriter::new(file);
    let n = crate::passim::export(&corpus, root.as_deref(), rule, &mut w)
        .map_err(|e| format!("{shown}: {e}"))?;
    eprintln!("refrain: {shown}: {n} documents written for passim");
    Ok(0)
}
