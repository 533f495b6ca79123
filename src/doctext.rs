//! A document's text, held in memory or read from its file on demand.
//!
//! [`DocText`] dereferences to `&str`, so the rest of refrain reads it like a
//! `String`. A text loaded from disk for analysis is *owned*. A document of
//! a reopened saved analysis is *on demand*: nothing is read until something
//! looks at its text (the reader opening it, a comparison, a report); then
//! the file is read once, checked, and kept. Opening the library of a saved
//! 1 GB analysis therefore reads no document text: the library shows the
//! size, line count and title recorded in the saved analysis.
//!
//! # Why read on demand and not memory-map
//!
//! A memory map of a file that is truncated while mapped raises SIGBUS on
//! the next access to the lost pages: a crash refrain cannot catch without
//! a signal handler and `siglongjmp`-style recovery. Mapping also cannot
//! serve gzip, UTF-16 or markup-masked documents (their text is not the
//! file's bytes), and the text must be validated as UTF-8 (and hashed, to
//! know it is still the analysed text) before use, which touches every page
//! anyway. Reading the file into memory when it is first opened costs one
//! copy of the documents actually opened, never of the corpus, and after the
//! read nothing on disk can change what refrain shows.
//!
//! # A document changed since the analysis was saved
//!
//! Reopening compares each file's size and modification time with the saved
//! ones (cheap, no reading); the read on demand then checks the text's byte
//! length and xxh3-128 hash against the saved analysis, and that every
//! passage offset falls on a character boundary. If anything differs (the
//! file was rewritten keeping its size and time, removed, or made
//! unreadable), the text is replaced by a notice padded with spaces to the
//! saved length, so every saved offset stays valid and nothing panics or
//! shows another text's words at the saved positions; [`DocText::problem`]
//! says what happened in one line naming the document.

use crate::corpus::LoadOptions;
use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Where an on-demand text is read from, and what it must be.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file to read.
    pub file: PathBuf,
    /// How it was read for the analysis (decompression, markup masking, limit).
    pub options: LoadOptions,
    /// Length of the text in bytes, as analysed.
    pub len: usize,
    /// xxh3-128 hash of the text as analysed ([`crate::store::content_hash`]).
    pub hash: u128,
    /// Byte offsets that must be character boundaries (passage starts and
    /// ends in this document), sorted.
    pub boundaries: Vec<usize>,
}

#[derive(Debug)]
struct Loaded {
    text: Box<str>,
    problem: Option<String>,
}

#[derive(Debug)]
struct OnDemand {
    source: Source,
    loaded: OnceLock<Loaded>,
}

#[derive(Clone)]
enum Repr {
    Owned(String),
    OnDemand(Arc<OnDemand>),
}

/// A document's text: owned, or read from its file the first time it is
/// looked at (see the module doc). Clones of an on-demand text share the
/// one read.
#[derive(Clone)]
pub struct DocText(Repr);

impl DocText {
    /// A text read from its file when first used, checked against `source`.
    pub fn on_demand(source: Source) -> Self {
        DocText(Repr::OnDemand(Arc::new(OnDemand {
            source,
            loaded: OnceLock::new(),
        })))
    }

    /// The text (read from the file first if it is on demand).
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::OnDemand(d) => &d.get().text,
        }
    }

    /// Length in bytes, without reading an on-demand text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(s) => s.len(),
            Repr::OnDemand(d) => d.source.len,
        }
    }

    /// True when the text has no bytes (without reading it).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the text is in memory (owned, or on demand and already read).
    pub fn is_loaded(&self) -> bool {
        match &self.0 {
            Repr::Owned(_) => true,
            Repr::OnDemand(d) => d.loaded.get().is_some(),
        }
    }

    /// The file an on-demand text is read from.
    pub fn source(&self) -> Option<&Source> {
        match &self.0 {
            Repr::Owned(_) => None,
            Repr::OnDemand(d) => Some(&d.source),
        }
    }

    /// Why the text shown is a notice instead of the document (read on
    /// demand and found changed, missing or unreadable): one line naming the
    /// document. Reads an on-demand text first.
    pub fn problem(&self) -> Option<&str> {
        match &self.0 {
            Repr::Owned(_) => None,
            Repr::OnDemand(d) => d.get().problem.as_deref(),
        }
    }
}

impl OnDemand {
    fn get(&self) -> &Loaded {
        self.loaded.get_or_init(|| load(&self.source))
    }
}

/// Reads and checks an on-demand text (see the module doc).
fn load(s: &Source) -> Loaded {
    let name = s.file.display().to_string();
    let why = match crate::readfile::read_file(&s.file, &s.options) {
        Err((_, why)) => why,
        Ok(t) if t.text.len() != s.len => format!(
            "{} bytes, {} bytes when the analysis was saved",
            t.text.len(),
            s.len
        ),
        Ok(t) if crate::store::content_hash(t.text.as_bytes()) != s.hash => {
            "same size, other text".to_string()
        }
        Ok(t) if !s.boundaries.iter().all(|&b| t.text.is_char_boundary(b)) => {
            "the saved passages do not fit its text".to_string()
        }
        Ok(t) => {
            return Loaded {
                text: t.text.into_boxed_str(),
                problem: None,
            };
        }
    };
    let problem = format!(
        "{}: changed since the analysis was saved ({}); run refrain again to re-analyse it",
        crate::sanitize::sanitize(&name),
        crate::sanitize::sanitize(&why)
    );
    Loaded {
        text: placeholder(&problem, s.len).into_boxed_str(),
        problem: Some(problem),
    }
}

/// `note` then lines of spaces, exactly `len` bytes of ASCII (so every
/// offset is a character boundary); the note is cut when `len` is short.
pub fn placeholder(note: &str, len: usize) -> String {
    let mut out = String::with_capacity(len);
    for c in note.chars().filter(char::is_ascii) {
        if out.len() + 2 > len {
            break;
        }
        out.push(c);
    }
    if out.len() < len {
        out.push('\n');
    }
    while out.len() < len {
        let n = (len - out.len()).min(80);
        if n == 1 {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', n - 1));
            out.push('\n');
        }
    }
    out
}

impl Deref for DocText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for DocText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for DocText {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

impl std::borrow::Borrow<str> for DocText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for DocText {
    fn from(s: String) -> Self {
        DocText(Repr::Owned(s))
    }
}

impl From<&str> for DocText {
    fn from(s: &str) -> Self {
        DocText(Repr::Owned(s.to_string()))
    }
}

impl PartialEq for DocText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for DocText {}

impl PartialEq<str> for DocText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for DocText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for DocText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for DocText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Owned(s) => fmt::Debug::fmt(s, f),
            Repr::OnDemand(d) => write!(
                f,
                "DocText(on demand: {}, {} bytes)",
                d.source.file.display(),
                d.source.len
            ),
        }
    }
}

impl fmt::Display for DocText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(file: PathBuf, text: &str, boundaries: Vec<usize>) -> Source {
        Source {
            file,
            options: LoadOptions::default(),
            len: text.len(),
            hash: crate::store::content_hash(text.as_bytes()),
            boundaries,
        }
    }

    #[test]
    fn an_on_demand_text_is_read_on_first_use_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("a.txt");
        let text = "中文 “quoted” text\n";
        std::fs::write(&f, text).unwrap();
        let t = DocText::on_demand(source(f.clone(), text, vec![0, 7]));
        assert_eq!(t.len(), text.len());
        assert!(!t.is_loaded());
        assert_eq!(&t[7..], "“quoted” text\n");
        assert!(t.is_loaded());
        assert_eq!(t.problem(), None);
        // Read once: removing the file changes nothing now.
        std::fs::remove_file(&f).unwrap();
        assert_eq!(t, text);
    }

    #[test]
    fn a_changed_file_shows_a_notice_of_the_saved_length() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("b.txt");
        let text = "the analysed text, long enough to hold part of a notice. ".repeat(4);
        std::fs::write(&f, text.to_uppercase()).unwrap();
        let t = DocText::on_demand(source(f.clone(), &text, vec![]));
        let name = f.display().to_string();
        assert_eq!(
            t.problem(),
            Some(
                format!(
                    "{name}: changed since the analysis was saved (same size, other text); run refrain again to re-analyse it"
                )
                .as_str()
            )
        );
        assert_eq!(t.as_str().len(), text.len());
        assert!(t.as_str().starts_with(&name[..20]));
        // Truncated or removed: the same, with the reason.
        std::fs::write(&f, "short").unwrap();
        let t = DocText::on_demand(source(f.clone(), &text, vec![]));
        assert!(
            t.problem()
                .unwrap()
                .contains("(5 bytes, 228 bytes when the analysis was saved)")
        );
        std::fs::remove_file(&f).unwrap();
        let t = DocText::on_demand(source(f, &text, vec![]));
        assert!(t.problem().unwrap().contains("No such file"));
        assert_eq!(t.len(), 228);
        assert_eq!(t.as_str().len(), 228);
    }

    #[test]
    fn saved_offsets_off_character_boundaries_are_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("c.txt");
        let text = "中文中文";
        std::fs::write(&f, text).unwrap();
        let t = DocText::on_demand(source(f, text, vec![3, 4]));
        assert!(t.problem().unwrap().ends_with(
            "(the saved passages do not fit its text); run refrain again to re-analyse it"
        ));
        assert!(t.is_char_boundary(4));
        assert_eq!(t.len(), 12);
    }

    #[test]
    fn placeholders_have_the_exact_length() {
        for len in [0, 1, 2, 3, 10, 81, 82, 200] {
            let p = placeholder("note: changed", len);
            assert_eq!(p.len(), len, "{len}");
            assert!(p.is_ascii());
        }
        assert_eq!(placeholder("note", 8), "note\n  \n");
        assert_eq!(placeholder("note", 3), "no\n");
    }
}
