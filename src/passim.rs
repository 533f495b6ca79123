//! passim interop: writing passim's input and reading its output back as an
//! [`Analysis`], so that clusters computed on a Spark cluster open in the
//! reader like refrain's own. No terminal, no command line.
//!
//! **Export** ([`export`]): one JSON object per line, `{"id", "series",
//! "text", "path"}`: `id` is the document's path relative to the corpus root
//! (`/`-separated; the file name for the bundled seeds), `series` follows a
//! [`SeriesRule`] (passim suppresses reuse within one series), `text` the
//! exact document text, `path` the file's absolute path (absent for the
//! seeds), so that an import can find the documents without being told.
//!
//! **Import** ([`read_records`], [`import`]): passim writes JSON Lines,
//! usually as Spark `part-*` files in folders such as `out.json/` and
//! `align.json/` (gzip-compressed or not). Cluster records carry `cluster`,
//! `size`, `id`, `begin`, `end`, `text` and, where present, `src` and
//! `pboiler`; `--pairwise` alignment records carry `id`/`begin`/`end` and
//! `id2`/`begin2`/`end2`. Records are told apart by their fields, not by
//! file names. passim counts offsets as Java does, in UTF-16 code units of
//! the document text; they are mapped back to byte offsets in the files (an
//! offset inside a surrogate pair widens the passage to the whole
//! character). A record naming a document that is not among those given, or
//! whose offsets fall outside it, or whose `text` does not match the file
//! there (compared without whitespace, which passim may normalise), marks
//! that document as missing or changed: it is reported by name and all its
//! passages are left out — never shifted.
//!
//! Cluster records make the clusters (a cluster's boilerplate share is the
//! mean `pboiler` of its records); alignment records are used, one cluster
//! per pair, only when there are no cluster records. Similarity is computed
//! here (lowest Dice ratio of the words of each occurrence with those of the
//! first, as multisets), since passim's records do not carry one.

use crate::corpus::{Corpus, Document};
use crate::reuse::{Analysis, Cluster, Params, Passage};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How a document's passim `series` is named from its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesRule {
    /// The top-level folder under the corpus root (files at the root: their id).
    Top,
    /// The document's own folder (files at the root: their id).
    Parent,
    /// Every document is its own series.
    File,
    /// The first N folders of the id (fewer when the file is shallower).
    Depth(usize),
}

impl FromStr for SeriesRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "top" => Ok(SeriesRule::Top),
            "parent" => Ok(SeriesRule::Parent),
            "file" => Ok(SeriesRule::File),
            _ => s
                .strip_prefix("depth:")
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .map(SeriesRule::Depth)
                .ok_or_else(|| {
                    format!("--series: unknown rule '{s}' (top, parent, file or depth:N)")
                }),
        }
    }
}

impl SeriesRule {
    /// The series of the document with this id.
    pub fn series(self, id: &str) -> String {
        let folders: Vec<&str> = id.split('/').collect();
        let folders = &folders[..folders.len() - 1];
        let take = match self {
            SeriesRule::File => 0,
            SeriesRule::Top => 1,
            SeriesRule::Parent => folders.len(),
            SeriesRule::Depth(n) => n,
        }
        .min(folders.len());
        if take == 0 {
            id.to_string()
        } else {
            folders[..take].join("/")
        }
    }
}

/// The corpus root of the paths the user named: the folder itself for one
/// folder, the parent for one file, the longest common folder of several
/// (canonical). `None` for the bundled seeds (no path).
pub fn corpus_root(paths: &[PathBuf]) -> Option<PathBuf> {
    let canon: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let mut root = match canon.as_slice() {
        [] => return None,
        [one] if one.is_dir() => return Some(one.clone()),
        [one, ..] => one.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    for p in &canon[1..] {
        while !p.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    Some(root)
}

/// Each document's passim id: its path relative to `root`, `/`-separated
/// (its display path when it is not under the root). Without a root (the
/// bundled seeds), the file name.
pub fn document_ids(corpus: &Corpus, root: Option<&Path>) -> Vec<String> {
    use rayon::prelude::*;
    corpus
        .documents
        .par_iter()
        .map(|d| {
            let Some(root) = root else {
                return d.path.rsplit('/').next().unwrap_or(&d.path).to_string();
            };
            Some(root)
                .and_then(|root| {
                    let canon = std::fs::canonicalize(&d.path).ok()?;
                    let rel = canon.strip_prefix(root).ok()?;
                    let parts: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    Some(parts.join("/"))
                })
                .unwrap_or_else(|| d.path.clone())
        })
        .collect()
}

#[derive(Serialize)]
struct ExportRecord<'a> {
    id: &'a str,
    series: String,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

/// Writes passim's input for `corpus` (one JSON object per line) to `out`;
/// returns the number of records written.
pub fn export(
    corpus: &Corpus,
    root: Option<&Path>,
    rule: SeriesRule,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let ids = document_ids(corpus, root);
    for (d, id) in corpus.documents.iter().zip(&ids) {
        // The seeds (no root) are compiled in: no path to record.
        let path = root.map(|_| {
            std::fs::canonicalize(&d.path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| d.path.clone())
        });
        let rec = ExportRecord {
            id,
            series: rule.series(id),
            text: &d.text,
            path,
        };
        serde_json::to_writer(&mut *out, &rec)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ids.len())
}

/// One line of passim's output, cluster record or alignment record (all
/// fields optional; unknown fields are ignored).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Record {
    /// Cluster id (cluster records).
    pub cluster: Option<i64>,
    /// Number of passages in the cluster.
    pub size: Option<i64>,
    /// Document id (both kinds).
    pub id: Option<String>,
    /// Start, in UTF-16 code units of the document text.
    pub begin: Option<u64>,
    /// End (exclusive), in UTF-16 code units.
    pub end: Option<u64>,
    /// The passage text (cluster records).
    pub text: Option<String>,
    /// Share of the passage's links within its series (boilerplate).
    pub pboiler: Option<f64>,
    /// The document's path as exported by refrain.
    pub path: Option<String>,
    /// Second document of an alignment record.
    pub id2: Option<String>,
    /// Start in the second document.
    pub begin2: Option<u64>,
    /// End in the second document.
    pub end2: Option<u64>,
}

/// The records found in a passim output folder (or file).
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Cluster records (`out.json`).
    pub clusters: Vec<Record>,
    /// Alignment records (`align.json`, `--pairwise`).
    pub pairs: Vec<Record>,
}

fn output_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // passim's own working files (`tmp/*.parquet`) and Spark's markers
        // are not records; its JSON output is.
        let binary = [".parquet", ".orc", ".avro"]
            .iter()
            .any(|e| name.ends_with(e));
        if name.starts_with('.') || name.starts_with('_') || name.ends_with(".crc") || binary {
            continue;
        }
        if p.is_dir() {
            output_files(&p, out)?;
        } else if name.starts_with("part-")
            || [".json", ".jsonl", ".json.gz", ".jsonl.gz"]
                .iter()
                .any(|e| name.ends_with(e))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every passim record under `path` (a folder searched recursively for
/// `part-*`, `*.json` and `*.jsonl` files, `.gz` or not; or one such file).
/// Errors are one line: `FILE:LINE: problem`.
pub fn read_records(path: &Path) -> Result<Records, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{shown}: no such file or directory"),
        _ => format!("{shown}: {e}"),
    })?;
    let mut files = Vec::new();
    if meta.is_dir() {
        output_files(path, &mut files).map_err(|e| format!("{shown}: {e}"))?;
        if files.is_empty() {
            return Err(format!(
                "{shown}: no passim output (part-* or *.json files)"
            ));
        }
    } else {
        files.push(path.to_path_buf());
    }
    let mut records = Records::default();
    for f in files {
        let shown = f.display();
        let file = std::fs::File::open(&f).map_err(|e| format!("{shown}: {e}"))?;
        let reader: Box<dyn BufRead> = if f.extension().is_some_and(|e| e == "gz") {
            Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
                file,
            )))
        } else {
            Box::new(std::io::BufReader::new(file))
        };
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| format!("{shown}:{}: {e}", n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: Record = serde_json::from_str(&line)
                .map_err(|e| format!("{shown}:{}: not a passim record ({e})", n + 1))?;
            let complete = rec.id.is_some() && rec.begin.is_some() && rec.end.is_some();
            if complete && rec.id2.is_some() && rec.begin2.is_some() && rec.end2.is_some() {
                records.pairs.push(rec);
            } else if complete && rec.cluster.is_some() {
                records.clusters.push(rec);
            } else {
                return Err(format!(
                    "{shown}:{}: not a passim record (needs cluster, id, begin, end; or id/begin/end and id2/begin2/end2)",
                    n + 1
                ));
            }
        }
    }
    Ok(records)
}

/// Byte offsets of UTF-16 offsets in `text`, for sorted unique `targets`:
/// `(down, up)` per target — equal unless the target falls inside a
/// surrogate pair, where `down` is the character's start and `up` its end.
/// `None` past the end of the text.
fn utf16_to_bytes(text: &str, targets: &[u64]) -> Vec<Option<(usize, usize)>> {
    let mut out = Vec::with_capacity(targets.len());
    let mut units = 0u64;
    let mut chars = text.char_indices().peekable();
    for &t in targets {
        loop {
            match chars.peek() {
                Some(&(byte, c)) => {
                    let next = units + c.len_utf16() as u64;
                    if t == units {
                        out.push(Some((byte, byte)));
                        break;
                    }
                    if t < next {
                        out.push(Some((byte, byte + c.len_utf8())));
                        break;
                    }
                    units = next;
                    chars.next();
                }
                None => {
                    out.push((t == units).then_some((text.len(), text.len())));
                    break;
                }
            }
        }
    }
    out
}

/// Converts UTF-16 offsets of one document to byte ranges.
struct OffsetMap {
    targets: Vec<u64>,
    bytes: Vec<Option<(usize, usize)>>,
}

impl OffsetMap {
    fn new(text: &str, mut targets: Vec<u64>) -> Self {
        targets.sort_unstable();
        targets.dedup();
        let bytes = if text.is_ascii() {
            let n = text.len() as u64;
            targets
                .iter()
                .map(|&t| (t <= n).then_some((t as usize, t as usize)))
                .collect()
        } else {
            utf16_to_bytes(text, &targets)
        };
        OffsetMap { targets, bytes }
    }

    fn range(&self, begin: u64, end: u64) -> Option<(usize, usize)> {
        let at = |t| self.bytes[self.targets.binary_search(&t).ok()?];
        let (b, _) = at(begin)?;
        let (_, e) = at(end)?;
        (b <= e).then_some((b, e))
    }
}

fn same_but_whitespace(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn word_keys(text: &str) -> Vec<u64> {
    let mut scratch = String::new();
    let mut keys = Vec::new();
    crate::segment::for_each_word(text, |_, _, w| {
        keys.push(crate::segment::key_hash(w, &mut scratch))
    });
    keys
}

/// Dice ratio of two passages' words as multisets: twice the words they
/// share over the words of both. Linear after sorting, so large imports
/// stay fast; it equals the Dice ratio of the word alignment whenever the
/// shared words come in the same order, as they do in aligned passages.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_unstable();
    b.sort_unstable();
    let (mut i, mut j, mut equal) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                equal += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * equal as f64 / (a.len() + b.len()) as f64
}

/// What [`import`] produced: the analysis and one line per document that
/// was missing or changed.
#[derive(Debug, Clone)]
pub struct Imported {
    /// passim's clusters over the documents given.
    pub analysis: Analysis,
    /// `ID: problem` lines, one per document left out, in id order.
    pub warnings: Vec<String>,
}

/// One side of a record: document id, UTF-16 range, text and cluster key.
struct Side<'a> {
    id: &'a str,
    begin: u64,
    end: u64,
    text: Option<&'a str>,
    group: i64,
    pboiler: Option<f64>,
}

fn sides(records: &Records) -> Vec<Side<'_>> {
    let mut out = Vec::new();
    if !records.clusters.is_empty() {
        for r in &records.clusters {
            out.push(Side {
                id: r.id.as_deref().unwrap_or_default(),
                begin: r.begin.unwrap_or_default(),
                end: r.end.unwrap_or_default(),
                text: r.text.as_deref(),
                group: r.cluster.unwrap_or_default(),
                pboiler: r.pboiler,
            });
        }
    } else {
        for (i, r) in records.pairs.iter().enumerate() {
            for (id, begin, end) in [(&r.id, r.begin, r.end), (&r.id2, r.begin2, r.end2)] {
                out.push(Side {
                    id: id.as_deref().unwrap_or_default(),
                    begin: begin.unwrap_or_default(),
                    end: end.unwrap_or_default(),
                    text: None,
                    group: i as i64,
                    pboiler: None,
                });
            }
        }
    }
    out
}

/// Turns passim's records into an analysis of `corpus`, whose documents have
/// the passim ids `ids` (see [`document_ids`]). Missing or changed documents
/// are reported in [`Imported::warnings`] and left out; clusters left with
/// fewer than two occurrences are dropped, and so are clusters whose
/// boilerplate share exceeds `max_boilerplate`.
pub fn import(
    records: &Records,
    corpus: Corpus,
    ids: &[String],
    params: &Params,
    max_boilerplate: Option<f64>,
) -> Analysis {
    import_checked(records, corpus, ids, params, max_boilerplate).analysis
}

/// [`import`], also returning the warnings.
pub fn import_checked(
    records: &Records,
    corpus: Corpus,
    ids: &[String],
    params: &Params,
    max_boilerplate: Option<f64>,
) -> Imported {
    use rayon::prelude::*;
    let by_id: FxHashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let sides = sides(records);
    let mut problems: std::collections::BTreeMap<String, String> = Default::default();
    let mut targets: Vec<Vec<u64>> = vec![Vec::new(); ids.len()];
    for s in &sides {
        match by_id.get(s.id) {
            Some(&d) => targets[d].extend([s.begin, s.end]),
            None => {
                problems.entry(s.id.to_string()).or_insert_with(|| {
                    "not among the documents given; its passages are left out".into()
                });
            }
        }
    }
    let docs = &corpus.documents;
    let maps: Vec<OffsetMap> = docs
        .par_iter()
        .zip(targets.into_par_iter())
        .map(|(d, t)| OffsetMap::new(&d.text, t))
        .collect();
    // Resolve every side, marking documents whose offsets or text disagree.
    let mut resolved: Vec<Option<Passage>> = Vec::with_capacity(sides.len());
    let mut changed: FxHashSet<usize> = FxHashSet::default();
    for s in &sides {
        let Some(&d) = by_id.get(s.id) else {
            resolved.push(None);
            continue;
        };
        let doc: &Document = &docs[d];
        let passage = maps[d].range(s.begin, s.end).and_then(|(start, end)| {
            let ok = s
                .text
                .is_none_or(|t| same_but_whitespace(t, &doc.text[start..end]));
            ok.then_some(Passage {
                document: d,
                start,
                end,
            })
        });
        if passage.is_none() && changed.insert(d) {
            problems.insert(
                s.id.to_string(),
                format!(
                    "changed since export (passim's passage at {}..{} does not match the file); its passages are left out",
                    s.begin, s.end
                ),
            );
        }
        resolved.push(passage);
    }
    // Group into clusters, skipping changed documents entirely.
    let mut groups: FxHashMap<i64, (Vec<Passage>, Vec<f64>)> = FxHashMap::default();
    for (s, p) in sides.iter().zip(&resolved) {
        if let Some(p) = p.filter(|p| !changed.contains(&p.document)) {
            let g = groups.entry(s.group).or_default();
            g.0.push(p);
            g.1.extend(s.pboiler);
        }
    }
    let mut groups: Vec<(Vec<Passage>, Vec<f64>)> = groups
        .into_values()
        .filter_map(|(mut occ, boil)| {
            occ.sort_unstable();
            occ.dedup();
            (occ.len() >= 2).then_some((occ, boil))
        })
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let mut clusters: Vec<Cluster> = groups
        .into_par_iter()
        .map(|(occurrences, boil)| {
            let keys: Vec<Vec<u64>> = occurrences
                .iter()
                .map(|p| word_keys(&docs[p.document].text[p.start..p.end]))
                .collect();
            let words = keys.iter().map(Vec::len).max().unwrap_or(0);
            let similarity = keys[1..]
                .iter()
                .map(|k| dice(&keys[0], k))
                .fold(1.0, f64::min);
            let boilerplate =
                (!boil.is_empty()).then(|| boil.iter().sum::<f64>() / boil.len() as f64);
            Cluster {
                id: 0,
                words,
                similarity,
                occurrences,
                boilerplate,
            }
        })
        .filter(|c| match (max_boilerplate, c.boilerplate) {
            (Some(max), Some(b)) => b <= max,
            _ => true,
        })
        .collect();
    crate::reuse::cluster::rank(&mut clusters);
    Imported {
        analysis: Analysis {
            corpus,
            clusters,
            params: params.clone(),
        },
        warnings: problems
            .into_iter()
            .map(|(id, why)| format!("{id}: {why}"))
            .collect(),
    }
}

/// The documents a passim output refers to when no PATH is given: the
/// `path` fields refrain's export wrote (carried through by passim), else
/// the bundled seeds (an empty list) when every id is a seed's file name.
/// `None`: PATH needed.
pub fn recorded_paths(records: &Records) -> Option<Vec<PathBuf>> {
    let all = || records.clusters.iter().chain(&records.pairs);
    let mut paths: Vec<PathBuf> = all()
        .filter_map(|r| r.path.as_ref().map(PathBuf::from))
        .collect();
    if !paths.is_empty() {
        paths.sort();
        paths.dedup();
        return Some(paths);
    }
    let seeds: FxHashSet<&str> = crate::corpus::SEEDS
        .iter()
        .map(|(p, _)| p.rsplit('/').next().unwrap_or(p))
        .collect();
    let ids = all().flat_map(|r| [r.id.as_deref(), r.id2.as_deref()].into_iter().flatten());
    let mut ids = ids.peekable();
    (ids.peek().is_some() && ids.all(|id| seeds.contains(id))).then(Vec::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_map_to_bytes_across_bmp_and_astral_characters() {
        // "a" (1 unit, 1 byte) "中" (1 unit, 3 bytes) "😀" (2 units, 4 bytes) "”" (1, 3)
        let text = "a中😀”b";
        let m = OffsetMap::new(text, vec![0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(m.range(0, 1), Some((0, 1)));
        assert_eq!(m.range(1, 2), Some((1, 4)));
        assert_eq!(m.range(2, 4), Some((4, 8)));
        // Inside the surrogate pair: widened to the whole character.
        assert_eq!(m.range(3, 3), Some((4, 8)));
        assert_eq!(m.range(4, 5), Some((8, 11)));
        assert_eq!(m.range(5, 6), Some((11, 12)));
        assert_eq!(m.range(6, 6), Some((12, 12)));
        assert_eq!(m.range(0, 7), None);
    }

    #[test]
    fn series_rules() {
        assert_eq!(SeriesRule::Top.series("nyt/1890/a.txt"), "nyt");
        assert_eq!(SeriesRule::Parent.series("nyt/1890/a.txt"), "nyt/1890");
        assert_eq!(SeriesRule::Depth(2).series("nyt/1890/a.txt"), "nyt/1890");
        assert_eq!(SeriesRule::Depth(5).series("nyt/a.txt"), "nyt");
        assert_eq!(SeriesRule::File.series("nyt/a.txt"), "nyt/a.txt");
        assert_eq!(SeriesRule::Top.series("a.txt"), "a.txt");
        assert_eq!("depth:3".parse(), Ok(SeriesRule::Depth(3)));
        assert!("depth:0".parse::<SeriesRule>().is_err());
        assert!("folder".parse::<SeriesRule>().is_err());
    }

    #[test]
    fn the_corpus_root_is_the_folder_or_the_common_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        for f in ["a/x.txt", "a/b/y.txt", "c/z.txt"] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "t").unwrap();
        }
        assert_eq!(corpus_root(&[root.join("a")]), Some(root.join("a")));
        assert_eq!(corpus_root(&[root.join("a/x.txt")]), Some(root.join("a")));
        assert_eq!(
            corpus_root(&[root.join("a/x.txt"), root.join("a/b/y.txt")]),
            Some(root.join("a"))
        );
        assert_eq!(
            corpus_root(&[root.join("a/b"), root.join("c/z.txt")]),
            Some(root.clone())
        );
        assert_eq!(corpus_root(&[]), None);
    }

    #[test]
    fn dice_counts_aligned_words() {
        assert_eq!(dice(&[1, 2, 3, 4], &[1, 2, 3, 4]), 1.0);
        assert_eq!(dice(&[1, 2, 3, 4], &[1, 2, 9, 4]), 0.75);
        assert_eq!(dice(&[1, 1, 2], &[2, 1, 3, 3, 3]), 0.5);
    }
}
