//! Triage marks: which clusters an editor put aside as boilerplate and which
//! they starred as interesting, saved in a small human-readable TOML file.
//!
//! A mark is keyed by the passage's *text key* ([`TextKey`]): a stable hash of
//! its normalised words (the same keys the engine matches on, so case, quote
//! style and re-wrapping do not change it) written as 16 hex digits, plus the
//! first words for people reading the file. Keys do not depend on cluster
//! ids, document order or byte offsets, so a mark survives re-analysis, edits
//! elsewhere in the corpus and a copy of the file to another machine. A
//! cluster carries a mark when any of its occurrences has the marked key.
//!
//! The file (`.refrain.toml` at the corpus root when writable, else one file
//! per corpus root in the user's data directory; see [`MarksLocation`]):
//!
//! ```toml
//! [boilerplate]
//! 3f2a9c0d1e2b4c5d = "this program is free software you can redistribute …"
//!
//! [interesting]
//! 9a0b1c2d3e4f5061 = "in 2015 at the opening of the second world internet …"
//! ```
//!
//! Saving re-reads the file and applies only the one change, so two readers
//! (or two SSH sessions) marking the same corpus do not undo each other.
//! No terminal here.

use crate::reuse::{Analysis, Cluster};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Words of a passage kept in a mark file next to its key, for people.
const LABEL_WORDS: usize = 10;
/// Words per shingle of a key's sketch.
const SHINGLE: usize = 5;
/// Shingle hashes kept in a key (the smallest ones: a bottom-k sketch).
const SKETCH: usize = 4;

/// The text key of a passage: a sketch of its normalised words and its first words.
///
/// The sketch is the `SKETCH` smallest hashes (32 bits, hex) of the
/// passage's 5-word shingles, joined by `-`. Two keys [`TextKey::matches`]
/// when they share at least half of their hashes, so a passage whose ends
/// moved by a few words (its neighbours were edited, thresholds changed) keeps
/// its key, while unrelated text never shares one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextKey {
    /// The sketch: up to four groups of 8 lower-case hex digits joined by `-`.
    pub hash: String,
    /// The first normalised words, "…" appended when there are more.
    pub label: String,
}

impl TextKey {
    /// The key of `text` (any passage text: words are normalised first).
    pub fn of(text: &str) -> TextKey {
        let mut label = String::new();
        let mut n = 0;
        let mut key = String::new();
        let mut words: Vec<u64> = Vec::new();
        crate::segment::for_each_word(text, |_, _, w| {
            crate::segment::normalize_into(w, &mut key);
            words.push(fnv(0xcbf2_9ce4_8422_2325, key.as_bytes()));
            if n < LABEL_WORDS {
                if n > 0 {
                    label.push(' ');
                }
                label.push_str(&key);
            } else if n == LABEL_WORDS {
                label.push_str(" …");
            }
            n += 1;
        });
        let mut shingles: Vec<u32> = words
            .windows(SHINGLE.min(words.len()).max(1))
            .map(|w| {
                let h = w
                    .iter()
                    .fold(0u64, |h, &x| crate::segment::mix64(h.rotate_left(17) ^ x));
                (h >> 32) as u32
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        shingles.truncate(SKETCH);
        let hash = shingles
            .iter()
            .map(|h| format!("{h:08x}"))
            .collect::<Vec<_>>()
            .join("-");
        TextKey { hash, label }
    }

    /// The sketch's hashes.
    pub fn parts(&self) -> Vec<u32> {
        parse_sketch(&self.hash).unwrap_or_default()
    }

    /// True when the two keys share at least half of their hashes (the same
    /// passage, give or take a few words at its ends).
    pub fn matches(&self, other: &TextKey) -> bool {
        let (a, b) = (self.parts(), other.parts());
        let common = a.iter().filter(|x| b.contains(x)).count();
        common > 0 && common * 2 >= a.len().min(b.len())
    }
}

/// The hashes of a sketch string, or `None` when it is not one.
pub fn parse_sketch(s: &str) -> Option<Vec<u32>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split('-')
        .map(|p| {
            (p.len() == 8 && p.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(p, 16).ok())
                .flatten()
        })
        .collect::<Option<Vec<u32>>>()
        .filter(|v| v.len() <= SKETCH)
}

/// Finds which of many stored keys a passage's key matches, through an
/// index from each hash to the keys holding it.
#[derive(Debug, Clone)]
pub struct KeyIndex<T> {
    by_part: rustc_hash::FxHashMap<u32, Vec<usize>>,
    entries: Vec<(usize, T)>,
}

impl<T> Default for KeyIndex<T> {
    fn default() -> Self {
        KeyIndex {
            by_part: Default::default(),
            entries: Vec::new(),
        }
    }
}

impl<T: Copy> KeyIndex<T> {
    /// An index of `keys` (sketch strings) with a value each.
    pub fn new<'a>(keys: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut ix = KeyIndex {
            by_part: Default::default(),
            entries: Vec::new(),
        };
        for (k, v) in keys {
            let parts = parse_sketch(k).unwrap_or_default();
            let e = ix.entries.len();
            ix.entries.push((parts.len(), v));
            for p in parts {
                ix.by_part.entry(p).or_default().push(e);
            }
        }
        ix
    }

    /// The values of the stored keys that `key` matches ([`TextKey::matches`]).
    pub fn find(&self, key: &TextKey) -> Vec<T> {
        let parts = key.parts();
        let mut hits: Vec<usize> = parts
            .iter()
            .filter_map(|p| self.by_part.get(p))
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        let mut out = Vec::new();
        for g in hits.chunk_by(|a, b| a == b) {
            let (len, v) = self.entries[g[0]];
            if g.len() * 2 >= len.min(parts.len()) {
                out.push(v);
            }
        }
        out
    }

    /// True when no key is stored.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The mark of a cluster whose occurrences have `keys`: that of any stored
/// key one of them matches (boilerplate wins).
pub fn cluster_mark(index: &KeyIndex<Mark>, keys: &[TextKey]) -> Option<Mark> {
    let mut found = None;
    for k in keys {
        for m in index.find(k) {
            if m == Mark::Boilerplate {
                return Some(m);
            }
            found = Some(m);
        }
    }
    found
}

/// The distinct text keys of a cluster's occurrences (sorted by hash).
pub fn cluster_keys(a: &Analysis, c: &Cluster) -> Vec<TextKey> {
    let mut keys: Vec<TextKey> = c
        .occurrences
        .iter()
        .map(|p| TextKey::of(a.text(p)))
        .collect();
    keys.sort();
    keys.dedup_by(|x, y| x.hash == y.hash);
    keys
}

/// What an editor said about a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Put aside: not highlighted, not listed (unless hidden ones are shown).
    Boilerplate,
    /// Starred: listed first.
    Interesting,
}

/// The marks of one corpus, as in the file: hash → label, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    /// Clusters put aside.
    #[serde(default)]
    pub boilerplate: BTreeMap<String, String>,
    /// Clusters starred.
    #[serde(default)]
    pub interesting: BTreeMap<String, String>,
}

/// The header written at the top of a marks file.
const HEADER: &str = "# refrain triage marks: clusters put aside as boilerplate (x) or starred as\n\
# interesting (i), keyed by a hash of the passage's normalised words; the text\n\
# after each key is its first words, for people. Safe to edit by hand.\n\n";

impl Marks {
    /// Parses a marks file's text.
    pub fn parse(text: &str) -> Result<Marks, String> {
        let m: Marks = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
        for k in m.boilerplate.keys().chain(m.interesting.keys()) {
            if parse_sketch(k).is_none_or(|v| v.is_empty()) {
                return Err(format!(
                    "{k:?} is not a text key (up to four groups of 8 hex digits)"
                ));
            }
        }
        Ok(m)
    }

    /// Reads a marks file; a missing file is no marks, a bad one is
    /// `PATH: problem`.
    pub fn read(path: &Path) -> Result<Marks, String> {
        match std::fs::read_to_string(path) {
            Ok(t) => Marks::parse(&t).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Marks::default()),
            Err(e) => Err(format!("{}: {}", path.display(), io_reason(&e))),
        }
    }

    /// The file's text (header, then both tables, keys sorted).
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    /// Writes the marks to `path` (through a temporary file, so a reader never
    /// sees half a file).
    pub fn write(&self, path: &Path) -> Result<(), String> {
        write_atomic(path, &self.to_toml())
    }

    /// The mark stored under exactly this sketch, if any (boilerplate wins).
    pub fn get(&self, hash: &str) -> Option<Mark> {
        if self.boilerplate.contains_key(hash) {
            Some(Mark::Boilerplate)
        } else if self.interesting.contains_key(hash) {
            Some(Mark::Interesting)
        } else {
            None
        }
    }

    /// Marks a cluster whose occurrences have `keys` (the one the editor
    /// pointed at first): every stored key matching any of them is removed,
    /// then `keys[0]` is stored under `mark` (`None` only clears).
    pub fn set(&mut self, keys: &[TextKey], mark: Option<Mark>) {
        for table in [&mut self.boilerplate, &mut self.interesting] {
            table.retain(|k, label| {
                let stored = TextKey {
                    hash: k.clone(),
                    label: label.clone(),
                };
                !keys.iter().any(|x| x.matches(&stored))
            });
        }
        let (Some(key), Some(mark)) = (keys.first(), mark) else {
            return;
        };
        let table = match mark {
            Mark::Boilerplate => &mut self.boilerplate,
            Mark::Interesting => &mut self.interesting,
        };
        table.insert(key.hash.clone(), key.label.clone());
    }

    /// An index of the marks, to look clusters up quickly.
    pub fn index(&self) -> KeyIndex<Mark> {
        KeyIndex::new(
            self.boilerplate
                .keys()
                .map(|k| (k.as_str(), Mark::Boilerplate))
                .chain(
                    self.interesting
                        .keys()
                        .map(|k| (k.as_str(), Mark::Interesting)),
                ),
        )
    }

    /// Number of marks of both kinds.
    pub fn len(&self) -> usize {
        self.boilerplate.len() + self.interesting.len()
    }

    /// True when there is no mark.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An I/O error as a short reason ("Permission denied", without "(os error 13)").
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The first line of a (possibly multi-line) parser message.
pub(crate) fn one_line(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    match lines.as_slice() {
        [] => "invalid TOML".into(),
        // toml's messages: "TOML parse error at line 2, column 1", excerpt, "reason".
        [first, .., last] => format!("{first}: {last}"),
        [only] => only.to_string(),
    }
}

/// Writes `text` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {}", path.display(), io_reason(&e));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("marks");
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// Where the marks of a corpus live: `.refrain.toml` at its root, or (when
/// that cannot be written) a file in the user's data directory named after
/// the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarksLocation {
    /// `ROOT/.refrain.toml` (`None` for the bundled seeds).
    pub primary: Option<PathBuf>,
    /// `DATA/refrain/marks/<hash of the root>.toml` (`None` without a data dir).
    pub fallback: Option<PathBuf>,
}

/// File name of the marks file at a corpus root.
pub const MARKS_FILE: &str = ".refrain.toml";

impl MarksLocation {
    /// The location for a corpus read from `paths` (the seeds when empty):
    /// the root is the folder given, the folder of the file given, or the
    /// deepest folder holding all of them.
    pub fn for_paths(paths: &[PathBuf]) -> MarksLocation {
        let root = corpus_root(paths);
        let name = match &root {
            Some(r) => r.to_string_lossy().into_owned(),
            None => "refrain-seeds".into(),
        };
        let fallback = dirs::data_dir().map(|d| {
            d.join("refrain")
                .join("marks")
                .join(format!("{}.toml", TextKey::of(&name).hash))
        });
        MarksLocation {
            primary: root.map(|r| r.join(MARKS_FILE)),
            fallback,
        }
    }

    /// A location that is exactly `file` (`--marks FILE`).
    pub fn file(file: PathBuf) -> MarksLocation {
        MarksLocation {
            primary: Some(file),
            fallback: None,
        }
    }

    /// The file to read: the first of primary, fallback that exists (else primary).
    pub fn existing(&self) -> Option<&Path> {
        [&self.primary, &self.fallback]
            .into_iter()
            .flatten()
            .find(|p| p.is_file())
            .or(self.primary.as_ref().or(self.fallback.as_ref()))
            .map(PathBuf::as_path)
    }

    /// Reads the marks (none when no file exists yet).
    pub fn load(&self) -> Result<Marks, String> {
        match self.existing() {
            Some(p) => Marks::read(p),
            None => Ok(Marks::default()),
        }
    }

    /// Applies [`Marks::set`] to the file (re-read first, so marks saved
    /// meanwhile by another reader are kept) and returns the file written.
    /// Tries the file that exists, then the root, then the data directory.
    pub fn save_change(&self, keys: &[TextKey], mark: Option<Mark>) -> Result<PathBuf, String> {
        let mut tried = Vec::new();
        let mut candidates: Vec<&Path> = Vec::new();
        if let Some(p) = [&self.primary, &self.fallback]
            .into_iter()
            .flatten()
            .find(|p| p.is_file())
        {
            candidates.push(p);
        }
        for p in [&self.primary, &self.fallback].into_iter().flatten() {
            if !candidates.contains(&p.as_path()) {
                candidates.push(p);
            }
        }
        for path in candidates {
            let mut marks = Marks::read(path)?;
            marks.set(keys, mark);
            match marks.write(path) {
                Ok(()) => return Ok(path.to_path_buf()),
                Err(e) => tried.push(e),
            }
        }
        Err(tried
            .pop()
            .unwrap_or_else(|| "no place to save marks (no data directory)".into()))
    }
}

/// The folder a corpus read from `paths` is rooted at (`None` for the seeds).
pub fn corpus_root(paths: &[PathBuf]) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            if p.is_dir() {
                p
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or(p)
            }
        })
        .collect();
    let mut root = dirs.first()?.clone();
    for d in &dirs[1..] {
        while !d.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_key_ignores_case_quotes_and_wrapping() {
        let a = TextKey::of("The “Quick” brown fox\njumps over the lazy dog.");
        let b = TextKey::of("the \"quick\" brown  fox jumps over the lazy dog");
        assert_eq!(a, b);
        assert_eq!(a.label, "the quick brown fox jumps over the lazy dog");
        assert_eq!(a.parts().len(), 4);
        assert!(!a.matches(&TextKey::of(
            "a completely different sentence about the weather in spring"
        )));
    }

    #[test]
    fn keys_match_when_the_ends_move_by_a_few_words() {
        let core = "the committee agreed that the harbour wall must be rebuilt before the winter storms arrive in the north of the county";
        let a = TextKey::of(core);
        let b = TextKey::of(&format!("{core} and the council"));
        let c = TextKey::of(&format!("Yesterday {core}"));
        assert!(a.matches(&b) && a.matches(&c) && b.matches(&c));
        let ix = KeyIndex::new([(a.hash.as_str(), 7)]);
        assert_eq!(ix.find(&b), vec![7]);
        assert_eq!(
            ix.find(&TextKey::of(
                "nothing in common with the stored passage at all here"
            )),
            Vec::<i32>::new()
        );
    }

    #[test]
    fn label_is_cut_after_ten_words() {
        let k = TextKey::of("one two three four five six seven eight nine ten eleven twelve");
        assert_eq!(
            k.label,
            "one two three four five six seven eight nine ten …"
        );
    }

    #[test]
    fn marks_round_trip_through_toml() {
        let mut m = Marks::default();
        let k1 = TextKey::of("this program is free software you can redistribute it");
        let k2 = TextKey::of("an editor's note on the forum was added to the story");
        m.set(std::slice::from_ref(&k1), Some(Mark::Boilerplate));
        m.set(std::slice::from_ref(&k2), Some(Mark::Interesting));
        let text = m.to_toml();
        assert!(text.starts_with("# refrain triage marks"));
        assert!(
            text.contains(&format!(
                "{} = \"this program is free software you can redistribute it\"",
                k1.hash
            )),
            "{text}"
        );
        assert_eq!(Marks::parse(&text), Ok(m.clone()));
        // Re-marking a shifted version of the same passage replaces the mark.
        let shifted = TextKey::of("this program is free software you can redistribute it and");
        m.set(std::slice::from_ref(&shifted), Some(Mark::Interesting));
        assert!(m.boilerplate.is_empty());
        assert_eq!(
            cluster_mark(&m.index(), std::slice::from_ref(&k1)),
            Some(Mark::Interesting)
        );
        m.set(std::slice::from_ref(&k1), None);
        assert_eq!(cluster_mark(&m.index(), &[k1]), None);
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn bad_files_are_one_line_errors() {
        assert!(Marks::parse("[boilerplate]\nnothex = \"x\"\n").is_err());
        let e = Marks::parse("[boilerplate\n").unwrap_err();
        assert!(!e.contains('\n'), "{e}");
        assert!(Marks::parse("[other]\n").is_err());
    }

    #[test]
    fn root_is_the_deepest_common_folder() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("x.txt"), "x").unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(corpus_root(std::slice::from_ref(&a)), Some(base.join("a")));
        assert_eq!(corpus_root(&[a.join("x.txt")]), Some(base.join("a")));
        assert_eq!(corpus_root(&[a.clone(), b.clone()]), Some(base.clone()));
        assert_eq!(corpus_root(&[]), None);
    }

    #[test]
    fn save_change_keeps_marks_written_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let loc = MarksLocation::for_paths(&[dir.path().to_path_buf()]);
        let k1 = TextKey::of("first passage text with enough words to shingle");
        let k2 = TextKey::of("second passage text, also long enough to shingle well");
        let written = loc
            .save_change(std::slice::from_ref(&k1), Some(Mark::Boilerplate))
            .unwrap();
        assert_eq!(written.file_name().unwrap(), MARKS_FILE);
        loc.save_change(std::slice::from_ref(&k2), Some(Mark::Interesting))
            .unwrap();
        let m = loc.load().unwrap();
        assert_eq!(m.get(&k1.hash), Some(Mark::Boilerplate));
        assert_eq!(m.get(&k2.hash), Some(Mark::Interesting));
    }
}
