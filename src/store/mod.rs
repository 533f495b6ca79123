//! Saved analyses: writing an [`Analysis`] to a compact versioned file and
//! reusing it when the corpus has not changed. No terminal, no command line.
//!
//! # Format
//!
//! ```text
//! magic "REFRAIN\x1a" (8 bytes) · format version u32 LE · payload length u64 LE
//! · xxh3-64 of the payload u64 LE · payload (postcard encoding of `Saved`)
//! ```
//!
//! **Why postcard**: the payload is a tree of integers and short strings read
//! whole at start-up, so a serde format that writes integers as varints gives
//! the smallest file (offsets and ids are mostly 1–4 bytes) and decodes at
//! memory speed; postcard is stable (1.x wire format), `no_std`-grade simple
//! and widely used. bincode is unmaintained since 2025; SQLite would add a C
//! library and query planning for data that is only ever read in full.
//! postcard itself carries no schema or checksum, so the header adds both: a
//! version bump or any flipped byte is detected before decoding, and a
//! decoded analysis is checked again against the corpus (passages inside
//! their documents, on character boundaries) before it is trusted.
//!
//! When a saved analysis is current, and why a stale one is re-analysed
//! whole, is explained in the `reopen` module.
//!
//! The default location is the user cache dir (`$REFRAIN_CACHE_DIR`, else
//! `<cache>/refrain/analyses`), one file per corpus root, named by a hash of
//! the canonical paths given.

pub mod reopen;

pub use reopen::{Reopened, clusters_if_current, reopen, reopen_on_demand};

use crate::corpus::{
    Corpus, Decoding, Document, FileStamp, LoadOptions, Recorded, SkipKind, Source, Warning,
};
use crate::reuse::{Analysis, Cluster, Params, Passage};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// The first eight bytes of every saved analysis.
pub const MAGIC: &[u8; 8] = b"REFRAIN\x1a";

/// Version of the saved format; files of any other version are rebuilt.
pub const FORMAT_VERSION: u32 = 2;

/// Bytes before the payload: magic, version, length, checksum.
const HEADER_LEN: usize = 8 + 4 + 8 + 8;

/// File name extension of saved analyses.
pub const EXTENSION: &str = "refrain";

/// One document as recorded in a saved analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDocument {
    /// Display path when it was analysed.
    pub path: String,
    /// Length of its text in bytes (after decoding).
    pub size: u64,
    /// Size and modification time of the file when it was read.
    pub stamp: FileStamp,
    /// xxh3-128 hash of the document's text.
    pub hash: u128,
    /// Number of lines, for the library.
    pub lines: u64,
    /// Title, for the library.
    pub title: String,
    /// Decodings applied (see [`decoding_code`]).
    pub decoded: Vec<u8>,
    /// Markup was masked.
    pub markup: bool,
}

/// A file skipped when the analysis was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSkip {
    /// Display path.
    pub path: String,
    /// The kind of reason (see [`skip_code`]).
    pub kind: u8,
    /// Why, as reported.
    pub reason: String,
    /// Size and time of the file (None for an entry that is not a regular file).
    pub stamp: Option<FileStamp>,
}

/// How a document was read and what was skipped, saved with the analysis
/// so that reopening can read the documents the same way.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The paths the user named ([`roots`]).
    pub roots: Vec<String>,
    /// The options the documents were read with.
    pub options: LoadOptions,
    /// The files skipped.
    pub skipped: Vec<Warning>,
}

/// In the order their codes were given: a new kind goes at the end, so
/// that stores written before it read the same.
const SKIP_KINDS: [SkipKind; 7] = [
    SkipKind::Binary,
    SkipKind::NotUtf8,
    SkipKind::TooLarge,
    SkipKind::Compressed,
    SkipKind::Special,
    SkipKind::Unreadable,
    SkipKind::BadUtf16,
];

const DECODINGS: [Decoding; 3] = [Decoding::Gzip, Decoding::Utf16Le, Decoding::Utf16Be];

/// The number a skip kind is saved as.
pub fn skip_code(k: SkipKind) -> u8 {
    SKIP_KINDS.iter().position(|&x| x == k).unwrap_or(0) as u8
}

/// The number a decoding is saved as.
pub fn decoding_code(d: Decoding) -> u8 {
    DECODINGS.iter().position(|&x| x == d).unwrap_or(0) as u8
}

/// One cluster as recorded in a saved analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedCluster {
    /// Length in words.
    pub words: u64,
    /// Lowest similarity of its aligned pairs.
    pub similarity: f64,
    /// Boilerplate share, when known (passim's `pboiler`).
    pub boilerplate: Option<f64>,
    /// Occurrences as (document, start, end).
    pub occurrences: Vec<(u32, u64, u64)>,
}

/// The payload of a saved analysis file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// [`build_stamp`] of the refrain that wrote the file.
    pub refrain: String,
    /// The paths the user named (canonical), to reopen the corpus without them.
    pub roots: Vec<String>,
    /// `Debug` form of the [`Params`] used.
    pub params: String,
    /// `Debug` form of the [`LoadOptions`] the documents were read with.
    pub options: String,
    /// `--min-words` and `--min-similarity`, for people reading `index` output.
    pub min_words: u64,
    /// See `min_words`.
    pub min_similarity: f64,
    /// The documents, in corpus order.
    pub documents: Vec<SavedDocument>,
    /// The files skipped, by path.
    pub skipped: Vec<SavedSkip>,
    /// The clusters, in analysis order (ids are their ranks).
    pub clusters: Vec<SavedCluster>,
}

/// Why a saved analysis cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// There is no file.
    Missing,
    /// The file could not be read.
    Unreadable(String),
    /// The file is not a saved analysis, or is damaged.
    Corrupt(String),
    /// The file is sound but describes another corpus, parameters or version.
    Stale(String),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::Missing => write!(f, "no saved analysis"),
            Unusable::Unreadable(why) => write!(f, "saved analysis unreadable ({why})"),
            Unusable::Corrupt(why) => write!(f, "saved analysis is corrupt ({why})"),
            Unusable::Stale(why) => write!(f, "saved analysis is stale ({why})"),
        }
    }
}

/// xxh3-128 of a document's bytes (the content hash recorded per document).
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Where analyses are cached: `$REFRAIN_CACHE_DIR`, else
/// `<user cache dir>/refrain/analyses` (None when there is no cache dir).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("REFRAIN_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    dirs::cache_dir().map(|d| d.join("refrain").join("analyses"))
}

/// The canonical form of the paths the user named (as given when a path
/// cannot be resolved); the bundled seeds are `<seeds>`.
pub fn roots(paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        return vec!["<seeds>".into()];
    }
    paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect()
}

/// The default saved-analysis file for a corpus named by `paths`: in
/// [`cache_dir`], named by a hash of its [`roots`].
pub fn cache_path(paths: &[PathBuf]) -> Option<PathBuf> {
    let key = roots(paths).join("\0");
    let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    cache_dir().map(|d| d.join(format!("{hash:016x}.{EXTENSION}")))
}

/// Which refrain wrote a file: its version and the size and modification
/// time of the running executable, so that a rebuilt engine (which may
/// find other clusters) never trusts an older build's analysis.
pub fn build_stamp() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {t}", m.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

fn fingerprint(params: &Params) -> String {
    format!("{params:?}")
}

fn options_fingerprint(options: &LoadOptions) -> String {
    format!("{options:?}")
}

/// What is saved of one document (its text is read only if its hash is
/// not known yet).
fn saved_document(d: &Document) -> SavedDocument {
    let hash = match d.text.source() {
        Some(src) => src.hash,
        None => content_hash(d.text.as_bytes()),
    };
    SavedDocument {
        path: d.path.clone(),
        size: d.len() as u64,
        stamp: d
            .stamp
            .or_else(|| FileStamp::of(Path::new(&d.path)))
            .unwrap_or(FileStamp {
                size: 0,
                mtime_ns: 0,
            }),
        hash,
        lines: d.line_count() as u64,
        title: d.title().to_string(),
        decoded: d.decoded.iter().map(decoding_code).collect(),
        markup: d.markup,
    }
}

/// The saved form of an analysis whose corpus was named by `roots` (read
/// with default options, nothing skipped; see [`to_saved_with`]).
pub fn to_saved(analysis: &Analysis, roots: Vec<String>) -> Saved {
    to_saved_with(
        analysis,
        &Meta {
            roots,
            ..Meta::default()
        },
    )
}

/// The saved form of an analysis read as `meta` says.
pub fn to_saved_with(analysis: &Analysis, meta: &Meta) -> Saved {
    use rayon::prelude::*;
    let documents = analysis
        .corpus
        .documents
        .par_iter()
        .map(saved_document)
        .collect();
    let skipped = meta
        .skipped
        .iter()
        .map(|w| SavedSkip {
            path: w.path.clone(),
            kind: skip_code(w.kind),
            reason: w.reason.clone(),
            stamp: std::fs::metadata(&w.path)
                .ok()
                .filter(|m| m.is_file())
                .and_then(|_| FileStamp::of(Path::new(&w.path))),
        })
        .collect();
    let clusters = analysis
        .clusters
        .iter()
        .map(|c| SavedCluster {
            words: c.words as u64,
            similarity: c.similarity,
            boilerplate: c.boilerplate,
            occurrences: c
                .occurrences
                .iter()
                .map(|p| (p.document as u32, p.start as u64, p.end as u64))
                .collect(),
        })
        .collect();
    Saved {
        refrain: build_stamp(),
        roots: meta.roots.clone(),
        params: fingerprint(&analysis.params),
        options: options_fingerprint(&meta.options),
        min_words: analysis.params.min_words as u64,
        min_similarity: analysis.params.min_similarity,
        documents,
        skipped,
        clusters,
    }
}

/// Encodes a saved analysis: header then postcard payload.
pub fn encode(saved: &Saved) -> Vec<u8> {
    let payload = postcard::to_stdvec(saved).expect("serialising to memory cannot fail");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Decodes a saved analysis, checking magic, version, length and checksum.
pub fn decode(bytes: &[u8]) -> Result<Saved, Unusable> {
    let corrupt = |why: &str| Unusable::Corrupt(why.to_string());
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(corrupt("not a refrain analysis file"));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(Unusable::Stale(format!(
            "format version {version}, this refrain reads {FORMAT_VERSION}"
        )));
    }
    let len = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
    let sum = u64::from_le_bytes(bytes[20..28].try_into().expect("8 bytes"));
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len {
        return Err(corrupt("truncated"));
    }
    if xxhash_rust::xxh3::xxh3_64(payload) != sum {
        return Err(corrupt("checksum mismatch"));
    }
    postcard::from_bytes(payload).map_err(|e| Unusable::Corrupt(format!("undecodable: {e}")))
}

/// Reads and decodes a saved analysis file.
pub fn read(path: &Path) -> Result<Saved, Unusable> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unusable::Missing,
        _ => Unusable::Unreadable(e.to_string()),
    })?;
    decode(&bytes)
}

/// Writes the analysis to `path` (atomically: a temporary file renamed into
/// place; parent folders are created). Returns the file size in bytes.
pub fn save(path: &Path, analysis: &Analysis, meta: &Meta) -> std::io::Result<u64> {
    let bytes = encode(&to_saved_with(analysis, meta));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(bytes.len() as u64)
}

/// "1 document", "2 documents".
pub fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn check_build_and_params(saved: &Saved, params: &Params) -> Result<(), Unusable> {
    if saved.refrain != build_stamp() {
        return Err(Unusable::Stale(
            "written by another build of refrain".into(),
        ));
    }
    if saved.params != fingerprint(params) {
        return Err(Unusable::Stale("analysis parameters changed".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, seeds};

    fn seeds_analysis() -> Analysis {
        crate::reuse::analyse(seeds(), &Params::default())
    }

    #[test]
    fn encode_decode_round_trip_keeps_every_cluster() {
        let a = seeds_analysis();
        let saved = to_saved(&a, roots(&[]));
        let back = decode(&encode(&saved)).unwrap();
        assert_eq!(back, saved);
        let clusters = clusters_if_current(&back, &a.corpus, &a.params).unwrap();
        assert_eq!(clusters, a.clusters);
    }

    #[test]
    fn damaged_files_are_corrupt_never_trusted() {
        let a = seeds_analysis();
        let bytes = encode(&to_saved(&a, roots(&[])));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            decode(&flipped).unwrap_err(),
            Unusable::Corrupt("checksum mismatch".into())
        );
        assert_eq!(
            decode(&bytes[..bytes.len() - 3]).unwrap_err(),
            Unusable::Corrupt("truncated".into())
        );
        assert_eq!(
            decode(b"hello world, not an analysis").unwrap_err(),
            Unusable::Corrupt("not a refrain analysis file".into())
        );
        let mut v2 = bytes.clone();
        v2[8] = 1;
        assert_eq!(
            decode(&v2).unwrap_err(),
            Unusable::Stale("format version 1, this refrain reads 2".into())
        );
    }

    #[test]
    fn a_passage_outside_its_document_is_corrupt() {
        let a = seeds_analysis();
        let mut saved = to_saved(&a, roots(&[]));
        let len = a.corpus.documents[0].len() as u64;
        saved.clusters[0].occurrences[0] = (0, 0, len + 1);
        assert_eq!(
            clusters_if_current(&saved, &a.corpus, &a.params).unwrap_err(),
            Unusable::Corrupt("cluster 0 has a passage outside its document".into())
        );
    }

    #[test]
    fn changed_added_and_removed_documents_make_it_stale() {
        let a = seeds_analysis();
        let saved = to_saved(&a, roots(&[]));
        let mut c = a.corpus.clone();
        let path = |i: usize| a.corpus.documents[i].path.clone();
        c.documents[1] = Document::new(path(1), "changed");
        c.documents[2] = Document::new(path(2), "changed too");
        c.documents.push(Document::new("z", "new"));
        assert_eq!(
            clusters_if_current(&saved, &c, &a.params).unwrap_err(),
            Unusable::Stale("2 documents changed, 1 document added".into())
        );
        c.documents.truncate(3);
        assert_eq!(
            clusters_if_current(&saved, &c, &a.params).unwrap_err(),
            Unusable::Stale("2 documents changed, 2 documents removed".into())
        );
        c.documents.remove(1);
        assert_eq!(
            clusters_if_current(&saved, &c, &a.params).unwrap_err(),
            Unusable::Stale("1 document changed, 3 documents removed".into())
        );
        let p = Params {
            min_words: 12,
            ..Params::default()
        };
        assert_eq!(
            clusters_if_current(&saved, &a.corpus, &p).unwrap_err(),
            Unusable::Stale("analysis parameters changed".into())
        );
    }

    #[test]
    fn cache_paths_are_keyed_by_the_canonical_roots() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c");
        std::fs::create_dir(&dir).unwrap();
        let a = cache_path(std::slice::from_ref(&dir));
        let b = cache_path(&[tmp.path().join("c/../c")]);
        assert_eq!(a, b);
        assert_ne!(a, cache_path(&[tmp.path().to_path_buf()]));
    }
}
