//! What the index keeps of each document (its word count, checkpoints and
//! sketch), all documents together in a few shared vectors.

use crate::reuse::chance::{Sketch, SketchBuilder};
use crate::reuse::words;

/// What the index keeps of one document, as profiling builds it (kept in
/// [`Profiles`] with all the others).
#[derive(Debug, Default)]
pub struct Built {
    /// Number of words.
    pub words: usize,
    /// Byte offset of every [`words::CHECKPOINT`]-th word.
    pub checkpoints: Vec<u32>,
    /// A 4-bit code per word (empty when not kept).
    pub sketch: SketchBuilder,
}

/// What the index keeps of one document, borrowed from [`Profiles`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Profile<'a> {
    /// Number of words.
    pub words: usize,
    /// Byte offset of every [`words::CHECKPOINT`]-th word.
    pub checkpoints: &'a [u32],
    /// A 4-bit code per word standing for its seed key, for rejecting
    /// chance document pairs before their text is read (empty when not
    /// kept, or once released).
    pub sketch: Sketch<'a>,
}

/// The profiles of all documents, in document order, kept in a few shared
/// vectors rather than two small allocations each: on a folder of 46 k
/// files of 200 bytes those were 64 bytes of vector headers and two heap
/// blocks of 32 bytes for a few bytes of data per document.
#[derive(Debug, Default)]
pub struct Profiles {
    /// Words of each document.
    words: Vec<u32>,
    /// Where each document's checkpoints start in `checkpoints` (plus the end).
    checkpoints_at: Vec<u32>,
    checkpoints: Vec<u32>,
    /// Where each document's sketch starts in `nibbles` (plus the end);
    /// empty once the sketches are released.
    nibbles_at: Vec<u32>,
    nibbles: Vec<u8>,
}

impl Profiles {
    /// No profiles, with room for documents of `words` words each (made
    /// beforehand: grown by doubling in the heap, the vectors left their
    /// old blocks behind, 2.03× instead of 1.97× on 4,767 files of 2 kB).
    pub(super) fn with_capacity(words: impl Iterator<Item = usize> + Clone) -> Self {
        let docs = words.clone().count();
        let checkpoints = words.clone().map(|n| n.div_ceil(words::CHECKPOINT)).sum();
        let mut p = Profiles {
            words: Vec::with_capacity(docs),
            checkpoints_at: Vec::with_capacity(docs + 1),
            checkpoints: Vec::with_capacity(checkpoints),
            nibbles_at: Vec::with_capacity(docs + 1),
            nibbles: Vec::with_capacity(words.map(|n| n.div_ceil(2)).sum()),
        };
        p.checkpoints_at.push(0);
        p.nibbles_at.push(0);
        p
    }

    /// Appends the next document's profile. A first document that fills
    /// the room made for all takes its place (no copy: a corpus of one
    /// document never holds its sketch twice, which was 2.06× instead of
    /// 1.93× on a 5 MB file); others are copied in.
    pub(super) fn push(&mut self, b: Built) {
        let (nibbles, len) = b.sketch.into_parts();
        debug_assert!(len == 0 || len == b.words);
        self.words.push(u32::try_from(b.words).unwrap_or(u32::MAX));
        adopt_or_extend(&mut self.checkpoints, b.checkpoints);
        self.checkpoints_at.push(offset(self.checkpoints.len()));
        adopt_or_extend(&mut self.nibbles, nibbles);
        self.nibbles_at.push(offset(self.nibbles.len()));
    }

    /// Frees the room left over once every document is in.
    pub(super) fn shrink_to_fit(&mut self) {
        self.checkpoints.shrink_to_fit();
        self.nibbles.shrink_to_fit();
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Document `d`'s profile.
    pub fn get(&self, d: usize) -> Profile<'_> {
        let words = self.words[d] as usize;
        let range = |at: &[u32]| at[d] as usize..at[d + 1] as usize;
        // No ends once the sketches are released; an empty range when none was kept.
        let sketch = match self.nibbles_at.get(d..d + 2) {
            Some(&[start, end]) if start < end => {
                Sketch::new(&self.nibbles[start as usize..end as usize], words)
            }
            _ => Sketch::default(),
        };
        Profile {
            words,
            checkpoints: &self.checkpoints[range(&self.checkpoints_at)],
            sketch,
        }
    }

    /// Number of words of document `d`.
    pub fn words(&self, d: usize) -> usize {
        self.words[d] as usize
    }

    /// Every document's profile, in order.
    pub fn iter(&self) -> impl Iterator<Item = Profile<'_>> {
        (0..self.len()).map(|d| self.get(d))
    }

    /// Frees the sketches (every document's is empty afterwards).
    pub(super) fn release_sketches(&mut self) {
        self.nibbles = Vec::new();
        self.nibbles_at = Vec::new();
    }
}

/// Appends `more` to `all`, taking `more` itself when `all` is empty and
/// `more` fills its room.
fn adopt_or_extend<T: Copy>(all: &mut Vec<T>, more: Vec<T>) {
    if all.is_empty() && more.len() >= all.capacity() {
        *all = more;
    } else {
        all.extend_from_slice(&more);
    }
}

/// A position in one of [`Profiles`]' shared vectors (they hold a word's
/// worth or less per word, and word numbers are 32-bit).
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
