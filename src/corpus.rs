//! The document model: loading files, keeping their raw bytes, and mapping byte
//! offsets to lines and columns.
//!
//! Every position refrain reports is a byte offset into a document's original
//! bytes (half-open `start..end`). A document's `text` *is* its raw bytes (files
//! that are not UTF-8 are refused), so offsets into `text` are offsets into the
//! file. Nothing here knows about words, reuse or the terminal.

use std::fmt;
use std::path::{Path, PathBuf};

/// The default largest file refrain will read, in bytes (1 GiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;

/// One loaded document: its display path and its full text, byte for byte.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as given or found (relative to what the user named), for display.
    pub path: String,
    /// The file's exact contents (a BOM, CRLF and trailing spaces are kept).
    pub text: String,
    /// Byte offset of the start of each line (the first is always 0).
    line_starts: Vec<usize>,
}

impl Document {
    /// Builds a document from a display path and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text).map(|i| i + 1));
        Document {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Number of bytes in the document.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the document has no bytes.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Number of lines, counting a last line without a newline; an empty file has 0.
    pub fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// Byte offsets at which each line starts.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based index of the line that contains byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The text of 0-based line `index`, without its line ending (`\n` or `\r\n`).
    pub fn line_text(&self, index: usize) -> &str {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// 1-based line and 1-based column (in characters) of byte `offset`, for people.
    /// A BOM at the start of the file is not counted as a column.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let mut start = self.line_starts[line];
        if start == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The title people see: the first non-empty line, trimmed (BOM removed).
    pub fn title(&self) -> &str {
        self.text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

/// An ordered set of documents (sorted by path when loaded from disk).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The documents, in a deterministic order.
    pub documents: Vec<Document>,
}

impl Corpus {
    /// Total size of all documents in bytes.
    pub fn total_bytes(&self) -> usize {
        self.documents.iter().map(Document::len).sum()
    }
}

/// The five bundled seed articles, compiled into the binary.
pub const SEEDS: [(&str, &[u8]); 5] = [
    (
        "seeds/000_c6664d7b5d4dc99c.txt",
        include_bytes!("../seeds/000_c6664d7b5d4dc99c.txt"),
    ),
    (
        "seeds/001_8d315d2a224e7f08.txt",
        include_bytes!("../seeds/001_8d315d2a224e7f08.txt"),
    ),
    (
        "seeds/002_12c1d0372e55340a.txt",
        include_bytes!("../seeds/002_12c1d0372e55340a.txt"),
    ),
    (
        "seeds/003_4a37616d70ecd5f6.txt",
        include_bytes!("../seeds/003_4a37616d70ecd5f6.txt"),
    ),
    (
        "seeds/004_929978ade9822152.txt",
        include_bytes!("../seeds/004_929978ade9822152.txt"),
    ),
];

/// The bundled seed corpus (the default when no path is given).
pub fn seeds() -> Corpus {
    Corpus {
        documents: SEEDS
            .iter()
            .map(|(path, bytes)| Document::new(*path, String::from_utf8_lossy(bytes).into_owned()))
            .collect(),
    }
}

/// Options for [`load`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this many bytes are refused with a warning.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// A file that was skipped, and why (printed as one line, like ripgrep).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file that was skipped.
    pub path: String,
    /// Why, in a few words ("not UTF-8 text", "binary file (NUL bytes)", …).
    pub reason: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped: {}", self.path, self.reason)
    }
}

/// A failure that stops loading altogether.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A path the user named does not exist.
    NotFound(String),
    /// A path the user named could not be read.
    Unreadable(String, String),
    /// Nothing readable was left after skipping bad files.
    NothingReadable,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "{p}: no such file or directory"),
            LoadError::Unreadable(p, why) => write!(f, "{p}: {why}"),
            LoadError::NothingReadable => {
                write!(f, "no readable text files among the paths given")
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
/// following a symlinked directory twice) into a corpus sorted by path.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut any_dir = false;
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(p.display().to_string()),
            _ => LoadError::Unreadable(p.display().to_string(), e.to_string()),
        })?;
        if meta.is_dir() {
            any_dir = true;
            let mut seen = Vec::new();
            walk(p, &mut files, &mut warnings, &mut seen);
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    let mut documents = Vec::new();
    for f in files {
        let display = f.display().to_string();
        match read_text(&f, opts) {
            Ok(text) => documents.push(Document::new(display, text)),
            Err(reason) => warnings.push(Warning {
                path: display,
                reason,
            }),
        }
    }
    if documents.is_empty() && !warnings.is_empty() {
        return Err(LoadError::NothingReadable);
    }
    let _ = any_dir;
    Ok(Loaded {
        corpus: Corpus { documents },
        warnings,
    })
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    seen: &mut Vec<PathBuf>,
) {
    let Ok(canon) = std::fs::canonicalize(dir) else {
        return;
    };
    if seen.contains(&canon) {
        return;
    }
    seen.push(canon);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(Warning {
                path: dir.display().to_string(),
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
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, files, warnings, seen),
            Ok(m) if m.is_file() => files.push(path),
            _ => {}
        }
    }
}

fn read_text(path: &Path, opts: &LoadOptions) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > opts.max_file_bytes {
        return Err(format!(
            "too large ({} bytes; the limit is {} bytes, see --max-file-size)",
            meta.len(),
            opts.max_file_bytes
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}
