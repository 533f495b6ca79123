//! The document model: loading files, keeping their raw bytes, and mapping byte
//! offsets to lines and columns.
//!
//! Every position refrain reports is a byte offset into a document's text
//! (half-open `start..end`). For plain UTF-8 files the text *is* the raw bytes,
//! so offsets into `text` are offsets into the file; HTML/XML has its markup
//! masked by spaces of equal length (offsets unchanged, `markup` set); gzip and
//! UTF-16 files are decoded and say so in `decoded` (offsets then refer to the
//! decoded text). Reading one file safely is [`crate::readfile`]'s job.
//! Nothing here knows about words, reuse or the terminal.
//!
//! Loading files from disk (walking folders, skipping and reporting bad
//! files) is the job of the `load` submodule.

mod exclude;
mod load;

pub use exclude::Exclude;
pub use load::{
    LoadError, LoadOptions, Loaded, SkipKind, Warning, list, load, load_progress, skip_summary,
};

pub use crate::doctext::{DocText, Source};
use crate::sanitize::sanitize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default largest file refrain will read, in bytes (1 GiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest document refrain can hold: positions are kept as 32-bit
/// offsets inside the engine (4 GiB − 1).
pub const MAX_DOCUMENT_BYTES: u64 = u32::MAX as u64;

/// A decoding applied to a file's raw bytes before analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decoding {
    /// Decompressed from gzip.
    Gzip,
    /// Decoded from UTF-16, little-endian, with a byte order mark.
    Utf16Le,
    /// Decoded from UTF-16, big-endian, with a byte order mark.
    Utf16Be,
}

impl Decoding {
    /// The name used in the JSON report (`"gzip"`, `"utf-16le"`, `"utf-16be"`).
    pub fn name(self) -> &'static str {
        match self {
            Decoding::Gzip => "gzip",
            Decoding::Utf16Le => "utf-16le",
            Decoding::Utf16Be => "utf-16be",
        }
    }
}

/// The decodings applied to a file, in order: at most two (gzip, then
/// UTF-16), kept in two bytes rather than a vector's 24.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Decodings([Option<Decoding>; 2]);

impl Decodings {
    /// The decodings, in the order they were applied.
    pub fn iter(&self) -> impl Iterator<Item = Decoding> + '_ {
        self.0.iter().map_while(|d| *d)
    }

    /// True when the text is the file's bytes as they are.
    pub fn is_empty(&self) -> bool {
        self.0[0].is_none()
    }

    /// Number of decodings applied.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
}

impl FromIterator<Decoding> for Decodings {
    /// The first two decodings of `iter` (no file is decoded more than
    /// twice: gzip, then UTF-16).
    fn from_iter<I: IntoIterator<Item = Decoding>>(iter: I) -> Self {
        let mut d = Decodings::default();
        for (slot, x) in d.0.iter_mut().zip(iter) {
            *slot = Some(x);
        }
        d
    }
}

/// One loaded document: its display path and its full text, byte for byte.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as given or found (relative to what the user named), for display.
    pub path: String,
    /// The file's exact contents (a BOM, CRLF and trailing spaces are kept),
    /// after the decodings in `decoded` and with markup masked if `markup`.
    /// Dereferences to `&str`; read from the file on first use when the
    /// document comes from a saved analysis (see [`crate::doctext`]).
    pub text: DocText,
    /// Decodings applied to the file's bytes, in order; when not empty,
    /// offsets refer to the decoded text, not to the file.
    pub decoded: Decodings,
    /// True when HTML/XML markup was replaced by spaces (offsets still into
    /// the file's bytes).
    pub markup: bool,
    /// The file's size and modification time when it was read (None for
    /// text that did not come from a file).
    pub stamp: Option<FileStamp>,
    /// The title as a byte range of the text, found when first asked for
    /// ([`TITLE_ELSEWHERE`] when it is not one: see `Lazy::title`). Kept
    /// here, not in `lazy`: the library asks for every document's title.
    title: OnceLock<(u32, u32)>,
    /// Line starts, and what a saved analysis knew of lines and title:
    /// boxed apart, made when first needed, since most documents' lines
    /// are never asked for (see `Lazy`).
    lazy: OnceLock<Box<Lazy>>,
}

/// [`Document::title`]'s range when the title is not a range of the text
/// (known from a saved analysis, or made up): it is in `Lazy::title`.
const TITLE_ELSEWHERE: (u32, u32) = (u32::MAX, u32::MAX);

/// The parts of a [`Document`] computed when first needed.
#[derive(Debug, Clone, Default)]
struct Lazy {
    /// Byte offset of the start of each line (the first is always 0).
    line_starts: OnceLock<Vec<usize>>,
    /// Line count known without the text (from a saved analysis).
    known_lines: Option<usize>,
    /// The title when it is not a range of the text (known from a saved
    /// analysis, or made up by [`crate::title`]).
    title: OnceLock<Box<str>>,
}

/// A file's size on disk and modification time, to tell whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Size in bytes on disk (before any decoding).
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` now (None when it cannot be read).
    pub fn of(path: &Path) -> Option<FileStamp> {
        std::fs::metadata(path)
            .ok()
            .map(|m| FileStamp::of_metadata(&m))
    }

    /// The stamp a file's metadata gives.
    pub fn of_metadata(m: &std::fs::Metadata) -> FileStamp {
        let mtime_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        FileStamp {
            size: m.len(),
            mtime_ns,
        }
    }
}

/// What a saved analysis knows about a document, to show it without reading it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Display path.
    pub path: String,
    /// Where and how to read the text, and what it must be.
    pub source: Source,
    /// Decodings applied when it was read.
    pub decoded: Decodings,
    /// Markup masked when it was read.
    pub markup: bool,
    /// Size and time of the file when it was read.
    pub stamp: FileStamp,
    /// Number of lines ([`Document::line_count`]).
    pub lines: usize,
    /// Its title ([`Document::title`]).
    pub title: String,
}

impl Document {
    /// Builds a document from a display path and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            path: path.into(),
            text: DocText::from(text.into()),
            decoded: Decodings::default(),
            markup: false,
            stamp: None,
            title: OnceLock::new(),
            lazy: OnceLock::new(),
        }
    }

    /// Gives the document the title `title` (one its text no longer shows,
    /// such as a manual page's NAME line before its roff was masked).
    pub fn set_title(&mut self, title: String) {
        self.title = OnceLock::from(TITLE_ELSEWHERE);
        self.lazy = OnceLock::from(Box::new(Lazy {
            title: OnceLock::from(title.into_boxed_str()),
            ..Lazy::default()
        }));
    }

    /// A document of a saved analysis: its text is read on first use.
    pub fn on_demand(r: Recorded) -> Self {
        Document {
            path: r.path,
            text: DocText::on_demand(r.source),
            decoded: r.decoded,
            markup: r.markup,
            stamp: Some(r.stamp),
            title: OnceLock::from(TITLE_ELSEWHERE),
            lazy: OnceLock::from(Box::new(Lazy {
                line_starts: OnceLock::new(),
                known_lines: Some(r.lines),
                title: OnceLock::from(r.title.into_boxed_str()),
            })),
        }
    }

    /// Number of bytes in the document (known without reading an on-demand text).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the document has no bytes.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Number of lines, counting a last line without a newline; an empty file has 0.
    pub fn line_count(&self) -> usize {
        let lazy = self.lazy.get();
        if let Some(n) = lazy.and_then(|l| l.known_lines)
            && !self.text.is_loaded()
        {
            return n;
        }
        // Counted without building (and keeping) the line index when it is
        // not built yet: saving an analysis counts every document's lines.
        let newlines = match lazy.and_then(|l| l.line_starts.get()) {
            Some(starts) => starts.len() - 1,
            None => memchr::memchr_iter(b'\n', self.text.as_bytes()).count(),
        };
        if self.text.is_empty() {
            0
        } else if self.text.ends_with('\n') {
            newlines
        } else {
            newlines + 1
        }
    }

    /// Byte offsets at which each line starts.
    pub fn line_starts(&self) -> &[usize] {
        self.lazy().line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(memchr_newlines(&self.text).map(|i| i + 1));
            v
        })
    }

    /// 0-based index of the line that contains byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The text of 0-based line `index`, without its line ending (`\n` or `\r\n`).
    pub fn line_text(&self, index: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[index];
        let end = starts.get(index + 1).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// 1-based line and 1-based column (in characters) of byte `offset`, for people.
    /// A BOM at the start of the file is not counted as a column.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let mut start = self.line_starts()[line];
        if start == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The title people see: a Markdown `#` heading, else the first line that
    /// reads like a headline (section labels, "Field:" lines, bylines and dates
    /// are passed over), else the first non-empty line; trimmed, BOM removed,
    /// and in a Markdown document rendered as plain text (links, emphasis,
    /// badges and entities as they read, see [`crate::title::shown`]).
    /// See [`crate::title`]. Known without reading an on-demand text.
    pub fn title(&self) -> &str {
        let &(start, end) = self.title.get_or_init(|| {
            let text: &str = &self.text;
            let t = match crate::title::shown(&self.path, text) {
                std::borrow::Cow::Borrowed(t) => t,
                std::borrow::Cow::Owned(rendered) => {
                    // Set before the range says where to look.
                    let _ = self.lazy().title.set(rendered.into());
                    return TITLE_ELSEWHERE;
                }
            };
            let start = (t.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            if t.is_empty() || start > text.len() {
                let _ = self.lazy().title.set(t.into());
                TITLE_ELSEWHERE
            } else {
                (start as u32, (start + t.len()) as u32)
            }
        });
        if (start, end) == TITLE_ELSEWHERE {
            return self.lazy().title.get().map_or("", |t| t);
        }
        &self.text[start as usize..end as usize]
    }

    /// The lazily computed parts, boxed on first use.
    fn lazy(&self) -> &Lazy {
        self.lazy.get_or_init(Box::default)
    }

    /// Why the text shown is a notice instead of the document (an on-demand
    /// text found changed or missing when read): one line naming it.
    pub fn problem(&self) -> Option<&str> {
        self.text.problem()
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
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
        include_bytes!("../../seeds/000_c6664d7b5d4dc99c.txt"),
    ),
    (
        "seeds/001_8d315d2a224e7f08.txt",
        include_bytes!("../../seeds/001_8d315d2a224e7f08.txt"),
    ),
    (
        "seeds/002_12c1d0372e55340a.txt",
        include_bytes!("../../seeds/002_12c1d0372e55340a.txt"),
    ),
    (
        "seeds/003_4a37616d70ecd5f6.txt",
        include_bytes!("../../seeds/003_4a37616d70ecd5f6.txt"),
    ),
    (
        "seeds/004_929978ade9822152.txt",
        include_bytes!("../../seeds/004_929978ade9822152.txt"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_columns_with_crlf() {
        let d = Document::new("t", "one\r\ntwo words\r\n\r\nlast");
        assert_eq!(d.line_count(), 4);
        assert_eq!(d.line_starts(), &[0, 5, 16, 18]);
        assert_eq!(d.line_text(0), "one");
        assert_eq!(d.line_text(1), "two words");
        assert_eq!(d.line_text(2), "");
        assert_eq!(d.line_text(3), "last");
        let w = d.text.find("words").unwrap();
        assert_eq!(d.line_col(w), (2, 5));
        assert_eq!(d.line_index(w), 1);
        assert_eq!(d.line_col(d.text.len()), (4, 5));
    }

    #[test]
    fn a_bom_is_kept_in_the_bytes_but_not_counted_as_a_column() {
        let d = Document::new("t", "\u{feff}Title line\nsecond");
        assert_eq!(d.len(), 3 + 17);
        assert_eq!(d.line_col(3), (1, 1));
        assert_eq!(d.line_col(3 + "Title ".len()), (1, 7));
        assert_eq!(d.title(), "Title line");
        assert_eq!(d.line_col(d.text.find("second").unwrap()), (2, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let d = Document::new("t", "中文 text — “quoted”\nnext");
        let q = d.text.find("quoted").unwrap();
        assert_eq!(d.line_col(q), (1, 12));
        assert_eq!(d.line_count(), 2);
    }

    #[test]
    fn decodings_keep_their_order_in_two_bytes() {
        let none = Decodings::default();
        assert!(none.is_empty() && none.iter().next().is_none());
        assert_eq!(none.len(), 0);
        let both: Decodings = [Decoding::Gzip, Decoding::Utf16Be].into_iter().collect();
        assert_eq!(
            both.iter().collect::<Vec<_>>(),
            [Decoding::Gzip, Decoding::Utf16Be]
        );
        assert_eq!((both.is_empty(), both.len()), (false, 2));
        let one: Decodings = std::iter::once(Decoding::Utf16Le).collect();
        assert_eq!(one.iter().collect::<Vec<_>>(), [Decoding::Utf16Le]);
        assert_ne!(one, both);
        assert_eq!(std::mem::size_of::<Decodings>(), 2);
    }

    #[test]
    fn line_count_of_edge_cases() {
        assert_eq!(Document::new("t", "").line_count(), 0);
        assert_eq!(Document::new("t", "x").line_count(), 1);
        assert_eq!(Document::new("t", "x\n").line_count(), 1);
        assert_eq!(Document::new("t", "\n\n").line_count(), 2);
        assert_eq!(Document::new("t", "  \n  ").title(), "");
    }

    #[test]
    fn seeds_are_the_five_bundled_articles() {
        let c = seeds();
        assert_eq!(c.documents.len(), 5);
        assert!(c.documents.iter().all(|d| d.path.starts_with("seeds/")));
        assert!(c.documents[0].title().starts_with("Scholars' Perspectives"));
        // One seed has a 2,700-character line.
        let longest = c.documents[4]
            .text
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap();
        assert!(longest > 2_600, "{longest}");
    }
}
