//! Compact word streams for the engine: each word as a byte span (u32) and a
//! 64-bit key hash, produced from a document's text on demand; the index reads
//! *seed keys* instead (the key folded for OCR, [`crate::segment::seed_hash`]),
//! and a [`Region`] computes a word's seed key only when alignment asks.
//!
//! The index pass never keeps a whole document's words: it keeps one
//! *checkpoint* (the byte offset of every [`CHECKPOINT`]-th word) and the word
//! count. [`Region`] later re-tokenises just the stretch of words an alignment
//! needs, starting at a checkpoint. Segmentation is *defined* as restarting at
//! every checkpoint (the index pass restarts there too), so word numbers from
//! the index and from a region always agree.

use crate::reuse::chance::Sketch;
use crate::segment::{key_hash, plain_cjk_bytes, seed_hash, words};

/// Every this many words the byte offset of the word is kept as a checkpoint.
pub const CHECKPOINT: usize = 32;

/// One word: byte span in its document and the hash of its normalised key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// [`key_hash`] of the word.
    pub key: u64,
}

impl Word {
    /// True when this word of `text` is one CJK character (an ideograph, a
    /// kana or a Hangul syllable, see [`crate::segment::plain_cjk`]): a
    /// piece of a word rather than a word.
    pub fn is_cjk_in(&self, text: &str) -> bool {
        self.end - self.start == 3
            && plain_cjk_bytes(&text.as_bytes()[self.start as usize..self.end as usize])
    }
}

/// Calls `f(index, word)` for every word of `text`, numbering from 0, and
/// returns the checkpoints (byte offset of word 0, `CHECKPOINT`, `2·CHECKPOINT`, …).
pub fn scan(text: &str, mut f: impl FnMut(usize, Word)) -> Vec<u32> {
    let mut scratch = String::new();
    segments(text, |index, start, seg| {
        f(index, word(start, seg, &mut scratch))
    })
}

/// Calls `f(index, seed, wild)` with the [`seed_hash`] of every word of
/// `text` (what the index's shingles are made of), numbering as [`scan`]
/// does, and returns the checkpoints. `wild` is true for a word whose text is
/// not ASCII but whose key is (a ligature, a full-width form): its seed key
/// is its key hash, while an ASCII spelling of the same key has a folded one
/// (see `reuse::chance`).
pub fn scan_seeds(text: &str, mut f: impl FnMut(usize, u64, bool)) -> Vec<u32> {
    let mut scratch = String::new();
    let mut cache = crate::segment::SeedCache::take();
    segments(text, |index, _, seg| {
        let seed = cache.seed_hash(seg, &mut scratch);
        // `seed_hash` of a non-ASCII word leaves its key in `scratch`.
        let wild = !seg.is_ascii() && scratch.is_ascii();
        f(index, seed, wild)
    })
}

/// Calls `f(index, start, segment)` for every word of `text`, restarting
/// segmentation at every checkpoint, and returns the checkpoints.
fn segments(text: &str, f: impl FnMut(usize, usize, &str)) -> Vec<u32> {
    segments_from(text, 0, 0, true, f)
}

/// [`segments`] of `text[from..]`, its first word numbered `base`; without
/// `restart`, segmentation runs on through the checkpoints (the numbering
/// and the checkpoints returned are the same).
fn segments_from(
    text: &str,
    mut from: usize,
    base: usize,
    restart: bool,
    mut f: impl FnMut(usize, usize, &str),
) -> Vec<u32> {
    let mut checkpoints = Vec::new();
    let mut index = base;
    'outer: loop {
        for (off, seg) in words(&text[from..]) {
            let start = from + off;
            if index.is_multiple_of(CHECKPOINT) {
                if restart && start != from {
                    // Restart segmentation exactly at the checkpoint.
                    from = start;
                    continue 'outer;
                }
                checkpoints.push(start as u32);
            }
            f(index, start, seg);
            index += 1;
        }
        break;
    }
    checkpoints
}

/// One word of a part of a document with its seed key, as [`scan_part`]
/// gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartWord {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// [`seed_hash`] of the word.
    pub seed: u64,
    /// As [`scan_seeds`] says.
    pub wild: bool,
}

/// The words of `text[from..to]` with their seed keys, as [`scan_seeds`]
/// gives them when its numbering reaches `from` at word `base` — with
/// `restart` exactly so; without it, segmentation runs on through the
/// checkpoints, which gives the same words wherever [`restarts_agree`]. A
/// long document's parts are scanned in parallel that way, each part
/// starting where segmentation starts afresh
/// ([`crate::segment::fresh_start`]).
pub fn scan_part(text: &str, from: usize, to: usize, base: usize, restart: bool) -> Vec<PartWord> {
    let mut scratch = String::new();
    let mut cache = crate::segment::SeedCache::take();
    let mut out = Vec::with_capacity((to - from) / 6 + 1);
    segments_from(&text[..to], from, base, restart, |_, start, seg| {
        let seed = cache.seed_hash(seg, &mut scratch);
        out.push(PartWord {
            start: start as u32,
            end: (start + seg.len()) as u32,
            seed,
            wild: !seg.is_ascii() && scratch.is_ascii(),
        });
    });
    out
}

/// True when restarting segmentation at each checkpoint among `part` (the
/// words of `text[..to]` from some fresh start on, segmented without
/// restarts, the first numbered `base`) gives the same words: checked by
/// segmenting again from each checkpoint that is not a fresh start of its
/// own, up to the next one. Restarting at a word's start almost never
/// changes anything; this makes it certain.
pub fn restarts_agree(text: &str, to: usize, part: &[PartWord], base: usize) -> bool {
    let first = (CHECKPOINT - base % CHECKPOINT) % CHECKPOINT;
    (first..part.len()).step_by(CHECKPOINT).all(|i| {
        let start = part[i].start as usize;
        crate::segment::fresh_start(text, start)
            || words(&text[start..to])
                .take(CHECKPOINT)
                .map(|(off, seg)| ((start + off) as u32, (start + off + seg.len()) as u32))
                .eq(part[i..].iter().take(CHECKPOINT).map(|w| (w.start, w.end)))
    })
}

/// The [`Word`] for segment `seg` starting at byte `start`.
fn word(start: usize, seg: &str, scratch: &mut String) -> Word {
    Word {
        start: start as u32,
        end: (start + seg.len()) as u32,
        key: key_hash(seg, scratch),
    }
}

/// Words `lo..hi` of `text` (clamped to `n_words`), re-tokenised from the
/// nearest checkpoint at or before `lo`.
pub fn words_between(text: &str, checkpoints: &[u32], lo: usize, hi: usize) -> Vec<Word> {
    let mut scratch = String::new();
    let mut out = spans_between(text, checkpoints, lo, hi);
    for w in &mut out {
        w.key = key_hash(&text[w.start as usize..w.end as usize], &mut scratch);
    }
    out
}

/// A key not computed yet ([`Region`] hashes a word's key when first asked).
const UNKEYED: u64 = 0;

/// [`words_between`] without the keys (all [`UNKEYED`]): segmentation only.
fn spans_between(text: &str, checkpoints: &[u32], lo: usize, hi: usize) -> Vec<Word> {
    let mut out = Vec::with_capacity(hi.saturating_sub(lo));
    push_spans(text, checkpoints, lo, hi, &mut out);
    out
}

/// Appends words `lo..hi` of `text` to `out` as [`spans_between`] gives them.
fn push_spans(text: &str, checkpoints: &[u32], lo: usize, hi: usize, out: &mut Vec<Word>) {
    if lo >= hi {
        return;
    }
    if let Some(mut c) = Cursor::at(text, checkpoints, lo) {
        c.fill(lo, hi, out);
    }
}

/// Segmentation of a document stopped after some word, ready to go on:
/// what [`push_spans`] does from a checkpoint, kept so that a [`Region`]
/// growing at its end segments only its new words (resuming from the last
/// checkpoint instead segmented up to 31 words twice per growth).
struct Cursor<'a> {
    text: &'a str,
    /// Where the running segmentation started (a checkpoint).
    from: usize,
    words: crate::segment::Words<'a>,
    /// Number of the next word to give.
    index: usize,
}

impl<'a> Cursor<'a> {
    /// Segmentation from the checkpoint at or before word `lo`; `None` for
    /// a document without words.
    fn at(text: &'a str, checkpoints: &[u32], lo: usize) -> Option<Self> {
        let last = checkpoints.len().checked_sub(1)?;
        let cp = (lo / CHECKPOINT).min(last);
        let from = checkpoints[cp] as usize;
        Some(Cursor {
            text,
            from,
            words: words(&text[from..]),
            index: cp * CHECKPOINT,
        })
    }

    /// Goes on to word `hi`, appending words `lo..hi` to `out` (the words
    /// before `lo` are read and skipped), restarting segmentation at every
    /// checkpoint as [`scan`] does.
    fn fill(&mut self, lo: usize, hi: usize, out: &mut Vec<Word>) {
        while self.index < hi {
            // Past the text's last word `words` gives `None` every time.
            let Some((off, seg)) = self.words.next() else {
                return;
            };
            let start = self.from + off;
            if self.index.is_multiple_of(CHECKPOINT) && start != self.from {
                // Restart segmentation exactly at the checkpoint.
                self.from = start;
                self.words = words(&self.text[start..]);
                continue;
            }
            if self.index >= lo {
                out.push(Word {
                    start: start as u32,
                    end: (start + seg.len()) as u32,
                    key: UNKEYED,
                });
            }
            self.index += 1;
        }
    }
}

/// Words tokenised at a time when a [`Region`] moves.
const MIN_WINDOW: usize = 16;

/// Most words a [`Region`] grows to hold (28 bytes each with their mask
/// and seed key). A walk along a long passage slides the window a half at a
/// time, re-tokenising from a checkpoint, so a small window costs little:
/// at 2¹⁵ words the two windows of a tandem repeat's walk (a 5 MB file of
/// one article repeated) held 3.7 MB, at 2¹² 0.2 MB, at 2¹⁰ 60 kB, with the
/// same time on the bench corpora. (A region opened on a whole document,
/// see `reuse::tasks::align_all`, is not bounded by this.)
const MAX_WINDOW: usize = 1 << 10;

/// A letter mask not computed yet: never a real mask, which is either
/// within the low 26 bits, [`crate::reuse::xdrop::FEW_LETTERS`] or
/// [`crate::reuse::xdrop::ANY_LETTERS`].
const UNSET: u32 = 1 << 31;

/// A growable window onto one document's words, re-tokenised on demand
/// (segmentation only: a word's key is hashed when first asked for).
pub struct Region<'a> {
    text: &'a str,
    checkpoints: &'a [u32],
    n_words: usize,
    base: usize,
    words: Vec<Word>,
    /// [`crate::reuse::xdrop::letter_mask`] of each word in `words`, computed
    /// on first use ([`UNSET`] until then): most words are only ever compared
    /// by key.
    masks: Vec<u32>,
    /// [`seed_hash`] of each word in `words`, 0 until asked for.
    seeds: Vec<u64>,
    scratch: String,
    /// The document's sketch (a 4-bit code per word, see
    /// [`crate::reuse::chance`]), when kept: alignment rules out words whose
    /// codes differ without reading them.
    sketch: Option<Sketch<'a>>,
    /// Segmentation stopped at the window's end (after its last word), to
    /// grow it from there; `None` until the window has been loaded.
    cursor: Option<Cursor<'a>>,
}

impl<'a> Region<'a> {
    /// A region of the document covering at least words `lo..hi`.
    pub fn new(
        text: &'a str,
        checkpoints: &'a [u32],
        n_words: usize,
        lo: usize,
        hi: usize,
    ) -> Self {
        let mut r = Region {
            text,
            checkpoints,
            n_words,
            base: 0,
            words: Vec::new(),
            masks: Vec::new(),
            seeds: Vec::new(),
            scratch: String::new(),
            sketch: None,
            cursor: None,
        };
        r.load(lo, hi);
        r
    }

    /// An empty region, to be pointed at a document with [`Region::reset`]
    /// (its buffers then serve document after document).
    pub fn empty() -> Self {
        Region::new("", &[], 0, 0, 0)
    }

    /// Points the region at another document (or the same one afresh),
    /// keeping its buffers; words are segmented when first asked for. A
    /// `sketch` is used when it has a code for every word.
    pub fn reset(
        &mut self,
        text: &'a str,
        checkpoints: &'a [u32],
        n_words: usize,
        sketch: Option<Sketch<'a>>,
    ) {
        self.text = text;
        self.checkpoints = checkpoints;
        self.n_words = n_words;
        self.base = 0;
        self.words.clear();
        self.masks.clear();
        self.seeds.clear();
        self.cursor = None;
        self.sketch = sketch.filter(|s| s.len() == n_words);
    }

    /// Uses the document's `sketch` when it has a code for every word.
    pub fn with_sketch(mut self, sketch: Sketch<'a>) -> Self {
        self.sketch = (sketch.len() == self.n_words).then_some(sketch);
        self
    }

    /// The document's sketch, when the region was given one.
    pub fn sketch(&self) -> Option<Sketch<'a>> {
        self.sketch
    }

    /// Loads words `lo..hi` afresh, starting at the checkpoint at or before
    /// `lo`: the words segmented on the way there are kept, not thrown away.
    fn load(&mut self, lo: usize, hi: usize) {
        let hi = hi.min(self.n_words);
        let lo = lo.min(hi);
        let lo = lo - lo % CHECKPOINT;
        self.base = lo;
        self.words.clear();
        self.cursor = Cursor::at(self.text, self.checkpoints, lo);
        if let Some(c) = self.cursor.as_mut() {
            c.fill(lo, hi, &mut self.words);
        }
        self.masks.clear();
        self.masks.resize(self.words.len(), UNSET);
        self.seeds.clear();
        self.seeds.resize(self.words.len(), 0);
    }

    /// Extends the window to end at word `hi`, segmenting only the new words.
    fn append(&mut self, hi: usize) {
        let end = self.base + self.words.len();
        let hi = hi.min(self.n_words);
        if hi <= end {
            return;
        }
        if self.cursor.as_ref().is_none_or(|c| c.index != end) {
            self.cursor = Cursor::at(self.text, self.checkpoints, end);
        }
        if let Some(c) = self.cursor.as_mut() {
            c.fill(end, hi, &mut self.words);
        }
        self.masks.resize(self.words.len(), UNSET);
        self.seeds.resize(self.words.len(), 0);
    }

    /// Extends the window to start at the checkpoint at or before word `lo`,
    /// segmenting only the new words (a whole number of checkpoint blocks).
    fn prepend(&mut self, lo: usize) {
        let lo = lo - lo % CHECKPOINT;
        if lo >= self.base {
            return;
        }
        let words = spans_between(self.text, self.checkpoints, lo, self.base);
        let added = words.len();
        self.words.splice(0..0, words);
        self.masks.splice(0..0, std::iter::repeat_n(UNSET, added));
        self.seeds.splice(0..0, std::iter::repeat_n(0, added));
        self.base = lo;
    }

    /// The letter mask of word `i` ([`crate::reuse::xdrop::letter_mask`]),
    /// once [`Region::get`] has returned it.
    pub fn mask(&mut self, i: usize) -> u32 {
        let Some(m) = self.masks.get_mut(i.wrapping_sub(self.base)) else {
            return crate::reuse::xdrop::ANY_LETTERS;
        };
        if *m == UNSET {
            let w = self.words[i - self.base];
            *m = crate::reuse::xdrop::letter_mask(&self.text[w.start as usize..w.end as usize]);
        }
        *m
    }

    /// Number of words in the whole document.
    pub fn len(&self) -> usize {
        self.n_words
    }

    /// True when the document has no words.
    pub fn is_empty(&self) -> bool {
        self.n_words == 0
    }

    /// Word `i` of the document, or `None` past the end. When `i` lies just
    /// outside the window, the window grows (by a quarter, segmenting only
    /// the new words); when it lies far away, the window moves there.
    #[inline]
    pub fn get(&mut self, i: usize) -> Option<Word> {
        let slot = self.slot(i)?;
        let w = self.words[slot];
        if w.key != UNKEYED {
            return Some(w);
        }
        Some(self.hash_key(slot))
    }

    /// The word in `slot` with its key hashed (on first use: most words of
    /// a window are never compared).
    #[inline(never)]
    fn hash_key(&mut self, slot: usize) -> Word {
        let w = &mut self.words[slot];
        w.key = key_hash(
            &self.text[w.start as usize..w.end as usize],
            &mut self.scratch,
        );
        *w
    }

    /// Word `i` as [`Region::get`] gives it, but its key may be left
    /// unhashed (0): for comparing text when the keys are known to differ.
    pub fn span(&mut self, i: usize) -> Option<Word> {
        self.slot(i).map(|s| self.words[s])
    }

    /// The place of word `i` in the window, moving or growing the window to
    /// hold it; `None` past the end of the document. Inline when the word
    /// is in the window already (most calls: alignment walks word by word).
    #[inline]
    fn slot(&mut self, i: usize) -> Option<usize> {
        let s = i.wrapping_sub(self.base);
        if s < self.words.len() {
            return Some(s);
        }
        self.slot_moving(i)
    }

    /// [`Region::slot`] for a word outside the window.
    #[inline(never)]
    fn slot_moving(&mut self, i: usize) -> Option<usize> {
        if i >= self.n_words {
            return None;
        }
        let end = self.base + self.words.len();
        if i < self.base || i >= end {
            let span = self.words.len().max(MIN_WINDOW);
            if i + span < self.base || i >= end + span {
                self.load(i.saturating_sub(MIN_WINDOW / 2), i + MIN_WINDOW / 2);
            } else if self.words.len() >= MAX_WINDOW {
                // A long walk slides the window instead of growing it, so a
                // passage of millions of words needs bounded memory.
                if i >= end {
                    self.load(i.saturating_sub(MIN_WINDOW), i + MAX_WINDOW / 2);
                } else {
                    self.load((i + 1).saturating_sub(MAX_WINDOW / 2), i + MIN_WINDOW);
                }
            } else if i >= end {
                // Grown by a quarter (a block at least): walking along a
                // long passage stays linear, and only new words are segmented.
                self.append(i + 1 + (self.words.len() / 4).max(MIN_WINDOW));
            } else {
                self.prepend(i.saturating_sub((self.words.len() / 4).max(MIN_WINDOW)));
            }
        }
        let slot = i - self.base;
        (slot < self.words.len()).then_some(slot)
    }

    /// True when word `i` is one CJK character (an ideograph, a kana or a
    /// Hangul syllable, see [`crate::segment::plain_cjk`]): a piece of a
    /// word rather than a word.
    pub fn is_cjk(&mut self, i: usize) -> bool {
        self.span(i).is_some_and(|w| w.is_cjk_in(self.text))
    }

    /// Key hash of word `i` (0 past the end, which never equals a real key in practice).
    pub fn key(&mut self, i: usize) -> u64 {
        self.get(i).map_or(0, |w| w.key)
    }

    /// Seed key hash of word `i` ([`seed_hash`]; 0 past the end), computed
    /// the first time it is asked for.
    pub fn seed(&mut self, i: usize) -> u64 {
        let Some(w) = self.get(i) else {
            return 0;
        };
        let slot = i - self.base;
        if self.seeds[slot] == 0 {
            let seg = &self.text[w.start as usize..w.end as usize];
            self.seeds[slot] = seed_hash(seg, &mut self.scratch);
        }
        self.seeds[slot]
    }

    /// The document text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The document's checkpoints (to open another region on it).
    pub fn checkpoints(&self) -> &'a [u32] {
        self.checkpoints
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(text: &str) -> (Vec<Word>, Vec<u32>) {
        let mut v = Vec::new();
        let cps = scan(text, |i, w| {
            assert_eq!(i, v.len());
            v.push(w)
        });
        (v, cps)
    }

    #[test]
    fn regions_agree_with_the_full_scan() {
        let text: String = (0..500)
            .map(|i| format!("w{} «x{}» — ", i % 37, i % 11))
            .collect();
        let (all, cps) = all_words(&text);
        assert_eq!(all.len(), 1000);
        assert_eq!(cps.len(), 1000usize.div_ceil(CHECKPOINT));
        for (lo, hi) in [(0, 10), (63, 65), (64, 200), (999, 1000), (990, 2000)] {
            let part = words_between(&text, &cps, lo, hi);
            assert_eq!(part, all[lo..hi.min(1000)]);
        }
        let mut r = Region::new(&text, &cps, all.len(), 500, 510);
        assert_eq!(r.get(3), Some(all[3]));
        assert_eq!(r.get(999), Some(all[999]));
        assert_eq!(r.get(1000), None);
        // Walking out of a window both ways grows it word by word.
        let mut r = Region::new(&text, &cps, all.len(), 500, 510);
        assert_eq!(r.base, 500 - 500 % CHECKPOINT);
        for i in (300..500).rev().chain(500..800) {
            assert_eq!(r.get(i), Some(all[i]), "{i}");
        }
        assert_eq!(r.base % CHECKPOINT, 0);
        assert!(r.base <= 300 && r.base + r.words.len() >= 800);
        let span = |w: &Word| (w.start, w.end);
        assert!(
            r.words
                .iter()
                .map(span)
                .eq(all[r.base..].iter().take(r.words.len()).map(span))
        );
        assert_eq!(r.masks.len(), r.words.len());
        assert_eq!(r.seeds.len(), r.words.len());
    }

    #[test]
    fn a_region_grown_word_by_word_gives_the_full_scan_words() {
        // Hangul and katakana runs, Chinese with full-width commas, words
        // broken by a hyphen at a line end: segmentation resumed where the
        // window ended must agree with one scan, checkpoint restarts and all.
        let text: String = (0..900)
            .map(|i| match i % 5 {
                0 => format!("한국어{i}，中文，句子。 "),
                1 => format!("カタカナ{} ", i % 7),
                2 => format!("hyphen-\n  ated w{i} "),
                3 => "“quoted”, (paren) ".to_string(),
                _ => format!("plain{} words here\n", i % 13),
            })
            .collect();
        let (all, cps) = all_words(&text);
        assert!(all.len() > 3 * MAX_WINDOW);
        let mut r = Region::new(&text, &cps, all.len(), 0, 1);
        for (i, w) in all.iter().enumerate() {
            assert_eq!(r.get(i), Some(*w), "{i}");
        }
        // Jumping ahead, then walking on from there.
        let mut r = Region::new(&text, &cps, all.len(), 0, 1);
        for i in (all.len() / 2..all.len()).chain(5..40) {
            assert_eq!(r.get(i), Some(all[i]), "{i}");
        }
    }

    #[test]
    fn empty_text_has_no_words_or_checkpoints() {
        let (all, cps) = all_words("  ,, ");
        assert!(all.is_empty());
        assert!(cps.is_empty());
        assert!(words_between("  ", &cps, 0, 5).is_empty());
    }
}
