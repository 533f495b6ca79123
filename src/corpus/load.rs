//! Loading a corpus from paths: walking folders in a deterministic order,
//! reading each file safely ([`crate::readfile`]), and skipping bad files
//! with a one-line [`Warning`] each. Nothing here knows about words or reuse.

use super::*;

/// Options for [`load`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this many bytes are refused with a warning (checked
    /// as the file is read, and on the decompressed size of gzip files).
    pub max_file_bytes: u64,
    /// Mask markup out of `.html`, `.htm`, `.xhtml` and `.xml` files.
    pub markup: bool,
    /// Read gzip files decompressed (else skip them as compressed).
    pub decompress: bool,
    /// Files and folders a folder's walk leaves out (`--exclude`).
    pub exclude: Exclude,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            markup: true,
            decompress: true,
            exclude: Exclude::default(),
        }
    }
}

/// Why a file was skipped, by category (for summaries such as "12 files
/// skipped: 10 compressed, 2 binary").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipKind {
    /// Contains NUL bytes or looks like a binary format.
    Binary,
    /// Text in an encoding refrain does not read.
    NotUtf8,
    /// Larger than the size limit.
    TooLarge,
    /// A compressed file that refrain does not decompress.
    Compressed,
    /// Not a regular file (FIFO, socket, device), or a dangling or looping link.
    Special,
    /// Could not be read (permissions, I/O error).
    Unreadable,
    /// Starts with a UTF-16 byte order mark but is not valid UTF-16.
    BadUtf16,
}

impl SkipKind {
    /// A short plural-friendly name ("binary", "compressed", …).
    pub fn name(self) -> &'static str {
        match self {
            SkipKind::Binary => "binary",
            SkipKind::NotUtf8 => "not UTF-8",
            SkipKind::TooLarge => "too large",
            SkipKind::Compressed => "compressed",
            SkipKind::Special => "special",
            SkipKind::Unreadable => "unreadable",
            SkipKind::BadUtf16 => "invalid UTF-16",
        }
    }
}

/// A file that was skipped, and why (printed as one line, like ripgrep).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file that was skipped.
    pub path: String,
    /// The category of the reason.
    pub kind: SkipKind,
    /// Why, in a few words ("not UTF-8 text", "binary file (NUL bytes)", …).
    pub reason: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: skipped: {}",
            sanitize(&self.path),
            sanitize(&self.reason)
        )
    }
}

/// "3 skipped: 2 binary, 1 special": the warnings counted by kind.
pub fn skip_summary(warnings: &[Warning]) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for w in warnings {
        *counts.entry(w.kind).or_insert(0usize) += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.name()))
        .collect();
    format!("{} skipped: {}", warnings.len(), parts.join(", "))
}

/// A failure that stops loading altogether.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A path the user named does not exist.
    NotFound(String),
    /// A path the user named could not be read.
    Unreadable(String, String),
    /// No document at all: an empty folder, or nothing readable left after
    /// skipping bad files (the warnings say why; empty for an empty folder).
    NothingReadable(Vec<Warning>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "{}: no such file or directory", sanitize(p)),
            LoadError::Unreadable(p, why) => write!(f, "{}: {}", sanitize(p), sanitize(why)),
            LoadError::NothingReadable(w) if w.is_empty() => write!(f, "no text files found"),
            LoadError::NothingReadable(w) => {
                write!(f, "no readable text files ({})", skip_summary(w))
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// What [`load`] produced: the corpus and the files it skipped.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The documents that were read.
    pub corpus: Corpus,
    /// One warning per skipped file.
    pub warnings: Vec<Warning>,
}

/// Loads files and directories (recursively, skipping hidden entries and never
/// following a symlinked directory twice; a file reached through several paths
/// is read once) into a corpus sorted by path.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load_progress(paths, opts, &crate::progress::Progress::new())
}

/// [`load`], reporting files read to `progress` ([`crate::progress::Stage::Reading`]).
/// When the progress is cancelled, the files not yet read are left out.
pub fn load_progress(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &crate::progress::Progress,
) -> Result<Loaded, LoadError> {
    progress.stage(crate::progress::Stage::Reading, 0);
    let (files, mut warnings) = list(paths, &opts.exclude)?;
    // Read and check files in parallel; results keep the sorted order.
    // Each file becomes its document where it is read, and the documents
    // are then taken out of the same vector (collected in place): a
    // separate vector of read results beside the documents was 5 MB more
    // at the peak of loading 46 k files of 200 bytes.
    use rayon::prelude::*;
    progress.stage(crate::progress::Stage::Reading, files.len() as u64);
    enum Outcome {
        Read(Document),
        Skipped(Warning),
        Cancelled,
    }
    let read: Vec<Outcome> = files
        .par_iter()
        .map(|f| {
            if progress.is_cancelled() {
                return Outcome::Cancelled;
            }
            // The stamp is taken before reading (see `read_file_stamped`).
            let display = f.display().to_string();
            let r = match crate::readfile::read_file_stamped(f, opts) {
                Ok((t, stamp)) => {
                    let mut d = Document::new(display, t.text);
                    d.decoded = t.decoded.into_iter().collect();
                    d.markup = t.markup;
                    if let Some(title) = t.title {
                        d.set_title(title);
                    }
                    d.stamp = Some(stamp);
                    Outcome::Read(d)
                }
                Err((kind, reason)) => Outcome::Skipped(Warning {
                    path: display,
                    kind,
                    reason,
                }),
            };
            progress.advance(1);
            r
        })
        .collect();
    drop(files);
    let mut documents: Vec<Document> = read
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Read(d) => Some(d),
            Outcome::Skipped(w) => {
                warnings.push(w);
                None
            }
            Outcome::Cancelled => None,
        })
        .collect();
    documents.shrink_to_fit();
    warnings.sort_by(|a, b| a.path.cmp(&b.path));
    if documents.is_empty() && !progress.is_cancelled() {
        return Err(LoadError::NothingReadable(warnings));
    }
    Ok(Loaded {
        corpus: Corpus { documents },
        warnings,
    })
}

/// The files [`load`] would read for `paths`, in its order (folders walked,
/// hidden entries and those `exclude` names left out, a file reached twice
/// listed once), and the entries passed over while walking (special files,
/// unreadable folders). Reads no file.
pub fn list(
    paths: &[PathBuf],
    exclude: &Exclude,
) -> Result<(Vec<PathBuf>, Vec<Warning>), LoadError> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(p.display().to_string()),
            _ => LoadError::Unreadable(p.display().to_string(), e.to_string()),
        })?;
        if meta.is_dir() {
            let mut seen = Vec::new();
            let mut walk_state = Walk {
                root: p,
                exclude,
                files: &mut files,
                warnings: &mut warnings,
                seen: &mut seen,
            };
            walk_state.walk(p);
        } else {
            files.push((p.clone(), file_id(&meta)));
        }
    }
    files.sort();
    files.dedup();
    // The same file reached twice (a symlink to it, or named twice) is read
    // once, under its own name if that is among the paths, else the first.
    // Only a file whose identity (device and inode) another path shares can
    // be reached twice, so only those are resolved: resolving every path
    // (a `readlink` and a `stat` per component) was most of the time spent
    // listing a folder of 224 k files.
    let mut ids: Vec<FileId> = files.iter().filter_map(|f| f.1).collect();
    ids.sort_unstable();
    let shared = |id: Option<FileId>| {
        id.is_none_or(|id| {
            let at = ids.partition_point(|&x| x < id);
            ids.get(at + 1) == Some(&id)
        })
    };
    let mut keyed: Vec<(PathBuf, bool, PathBuf)> = files
        .into_iter()
        .map(|(f, id)| {
            if !shared(id) {
                // No other path leads to this file: its own path is a key
                // no resolved path of another file can equal.
                return (f.clone(), false, f);
            }
            let canon = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
            let link = std::fs::symlink_metadata(&f).is_ok_and(|m| m.file_type().is_symlink());
            (canon, link, f)
        })
        .collect();
    keyed.sort();
    keyed.dedup_by(|x, y| x.0 == y.0);
    let mut files: Vec<PathBuf> = keyed.into_iter().map(|(_, _, f)| f).collect();
    files.sort();
    Ok((files, warnings))
}

/// A file's identity where the platform gives one: its device and inode,
/// shared by every path that leads to it (symlinks and hard links alike).
type FileId = (u64, u64);

/// The [`FileId`] of a file from its metadata (symlinks followed); `None`
/// where the platform has none, and then every path is resolved.
fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// A folder's walk: where it started, what it leaves out, what it found.
struct Walk<'a> {
    root: &'a Path,
    exclude: &'a Exclude,
    files: &'a mut Vec<(PathBuf, Option<FileId>)>,
    warnings: &'a mut Vec<Warning>,
    seen: &'a mut Vec<PathBuf>,
}

impl Walk<'_> {
    /// Walks folder `dir` (inside `root`), each folder once.
    fn walk(&mut self, dir: &Path) {
        let Ok(canon) = std::fs::canonicalize(dir) else {
            return;
        };
        if self.seen.contains(&canon) {
            return;
        }
        self.seen.push(canon);
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.warnings.push(Warning {
                    path: dir.display().to_string(),
                    kind: SkipKind::Unreadable,
                    reason: e.to_string(),
                });
                return;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let meta = std::fs::metadata(&path);
            let left_out = |dir: bool| {
                !self.exclude.is_empty()
                    && path
                        .strip_prefix(self.root)
                        .is_ok_and(|rel| self.exclude.excludes(rel, dir))
            };
            let skip = match meta {
                Ok(m) if m.is_dir() => {
                    if !left_out(true) {
                        self.walk(&path);
                    }
                    continue;
                }
                Ok(m) if m.is_file() => {
                    if !left_out(false) {
                        self.files.push((path, file_id(&m)));
                    }
                    continue;
                }
                Ok(m) => (
                    SkipKind::Special,
                    format!(
                        "not a regular file ({})",
                        crate::readfile::special_name(&m.file_type())
                    ),
                ),
                Err(e) => crate::readfile::metadata_error(&path, &e),
            };
            self.warnings.push(Warning {
                path: path.display().to_string(),
                kind: skip.0,
                reason: skip.1,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn load_walks_folders_sorted_skipping_hidden_and_bad_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "b.txt", b"bee");
        write(dir, "a.md", b"ay");
        write(dir, "sub/c.txt", "c\u{e9}".as_bytes());
        write(dir, ".hidden.txt", b"no");
        write(dir, ".git/x.txt", b"no");
        write(dir, "bin.dat", b"ab\0cd");
        write(dir, "latin1.txt", b"caf\xe9");
        write(dir, "empty.txt", b"");
        let loaded = load(&[dir.to_path_buf()], &LoadOptions::default()).unwrap();
        let names: Vec<String> = loaded
            .corpus
            .documents
            .iter()
            .map(|d| {
                d.path
                    .strip_prefix(&dir.display().to_string())
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["/a.md", "/b.txt", "/empty.txt", "/sub/c.txt"]);
        let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].ends_with("bin.dat: skipped: binary file (contains NUL bytes)"));
        assert!(
            warnings[1].ends_with("latin1.txt: skipped: not UTF-8 text (invalid byte at offset 3)")
        );
    }

    #[test]
    fn excluded_files_and_folders_are_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("book");
        write(&dir, "index.html", b"<p>pages</p>");
        write(&dir, "searchindex-2a25.js", b"{\"tf\":1.0}");
        write(&dir, "ed/searchindex-44e3.js", b"{}");
        write(&dir, "ed/print.html", b"all");
        write(&dir, "ed/ch01.html", b"one");
        write(&dir, "node_modules/x/readme.md", b"no");
        write(&dir, "theme/book.css", b"css");
        let named = write(tmp.path(), "alone.js", b"asked for");
        let opts = LoadOptions {
            exclude: Exclude::new(&["*.js", "node_modules", "ed/print.html", "theme/"]).unwrap(),
            ..LoadOptions::default()
        };
        let loaded = load(&[dir.clone(), named], &opts).unwrap();
        let names: Vec<String> = loaded
            .corpus
            .documents
            .iter()
            .map(|d| {
                let p = Path::new(&d.path);
                let below = p.strip_prefix(&dir).or_else(|_| p.strip_prefix(tmp.path()));
                below.unwrap().display().to_string()
            })
            .collect();
        // A file named on the command line is read even though `*.js`
        // matches it; nothing excluded is a warning.
        assert_eq!(names, ["alone.js", "ed/ch01.html", "index.html"]);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        // Without the globs, every file is read.
        let all = load(&[dir], &LoadOptions::default()).unwrap();
        assert_eq!(all.corpus.documents.len(), 7);
    }

    #[test]
    fn load_errors_and_limits() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let missing = dir.join("nope.txt");
        assert_eq!(
            load(std::slice::from_ref(&missing), &LoadOptions::default()).unwrap_err(),
            LoadError::NotFound(missing.display().to_string())
        );
        // An empty folder is an error, like a folder of only binaries.
        let empty = dir.join("empty");
        std::fs::create_dir(&empty).unwrap();
        let e = load(&[empty], &LoadOptions::default()).unwrap_err();
        assert_eq!(e, LoadError::NothingReadable(Vec::new()));
        assert_eq!(e.to_string(), "no text files found");
        // Only unreadable files: an error.
        let bin = write(dir, "only/bin.dat", b"\0\0");
        match load(&[bin], &LoadOptions::default()).unwrap_err() {
            LoadError::NothingReadable(w) => {
                assert_eq!(w[0].reason, "binary file (contains NUL bytes)")
            }
            e => panic!("{e:?}"),
        }
        // Too large: refused with a message, the rest still read.
        let big = write(dir, "big/big.txt", &[b'a'; 100]);
        let small = write(dir, "big/small.txt", b"ok");
        let opts = LoadOptions {
            max_file_bytes: 50,
            ..LoadOptions::default()
        };
        let l = load(&[big, small], &opts).unwrap();
        assert_eq!(l.corpus.documents.len(), 1);
        assert!(
            l.warnings[0]
                .reason
                .starts_with("too large (100 bytes; the limit is 50 bytes")
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_do_not_hang() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "d/x.txt", b"x");
        std::os::unix::fs::symlink(dir.join("d"), dir.join("d/loop")).unwrap();
        // A symlink to a file already read is not a second document; the
        // file keeps its own name even when the link sorts first.
        std::os::unix::fs::symlink(dir.join("d/x.txt"), dir.join("d/a.txt")).unwrap();
        let l = load(&[dir.to_path_buf()], &LoadOptions::default()).unwrap();
        assert_eq!(l.corpus.documents.len(), 1);
        assert!(l.corpus.documents[0].path.ends_with("x.txt"));
    }

    #[test]
    fn each_document_is_stamped_as_its_file_is() {
        let tmp = tempfile::tempdir().unwrap();
        let a = write(tmp.path(), "a.txt", b"alpha");
        let b = write(tmp.path(), "b.txt", b"beta beta");
        let l = load(&[tmp.path().to_path_buf()], &LoadOptions::default()).unwrap();
        let stamps: Vec<_> = l.corpus.documents.iter().map(|d| d.stamp).collect();
        assert_eq!(stamps, [FileStamp::of(&a), FileStamp::of(&b)]);
        assert_eq!(stamps[1].map(|s| s.size), Some(9));
    }

    #[test]
    fn a_file_named_twice_is_read_once_and_hard_links_are_two_files() {
        // Only paths that share a file's identity are resolved (see `list`):
        // the same file spelt two ways (`d/../d/y.txt`; `d/./x.txt` is the
        // same `Path` as `d/x.txt`) is one document, a hard link (a name of
        // its own, not a link to another) stays a document of its own, as
        // when every path was resolved, and files no other path reaches
        // keep their names.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "d/x.txt", b"x");
        write(dir, "d/y.txt", b"y");
        std::fs::hard_link(dir.join("d/x.txt"), dir.join("d/z.txt")).unwrap();
        let names = |paths: &[PathBuf]| -> Vec<String> {
            let (files, _) = list(paths, &Exclude::default()).unwrap();
            files
                .iter()
                .map(|f| f.strip_prefix(dir).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(names(&[dir.join("d")]), ["d/x.txt", "d/y.txt", "d/z.txt"]);
        assert_eq!(
            names(&[
                dir.join("d/x.txt"),
                dir.join("d/./x.txt"),
                dir.join("d/y.txt")
            ]),
            ["d/x.txt", "d/y.txt"]
        );
        assert_eq!(
            names(&[dir.join("d"), dir.join("d/../d/y.txt")]),
            ["d/../d/y.txt", "d/x.txt", "d/z.txt"]
        );
    }
}
