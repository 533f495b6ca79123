//! Word iteration: where the words of a text are, as byte offsets. A word is
//! a UAX #29 word segment holding a letter or a digit, except that CJK text
//! is taken a character at a time in every script (see [`syllabic`]) and a
//! word broken by a hyphen at a line end is one word (see `Words::joined`);
//! ASCII pieces go through a small scanner that follows the ASCII subset of
//! the rules, the rest through unicode-segmentation. Knows nothing of keys.

use super::plain_cjk;
use unicode_segmentation::UnicodeSegmentation;

/// True when a UAX #29 segment is a word (contains a letter or a digit).
pub fn is_word(segment: &str) -> bool {
    let b = segment.as_bytes();
    match b.first() {
        None => false,
        Some(c) if c.is_ascii_alphanumeric() => true,
        _ if segment.is_ascii() => b.iter().any(u8::is_ascii_alphanumeric),
        _ if plain_cjk(segment) => true,
        _ => segment.chars().any(char::is_alphanumeric),
    }
}

/// Calls `f(start, end, word)` for every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    for (start, w) in words(text) {
        f(start, start + w.len(), w);
    }
}

/// The words of `text` with their byte offsets, in order.
///
/// Same result as filtering `split_word_bound_indices` with [`is_word`] and
/// cutting each segment holding a [`syllabic`] character into its pieces
/// (its graphemes, see `first_piece`), then joining each word broken by a
/// hyphen at a line end with its second half (`Words::joined`), but faster: UAX #29 never joins a
/// word across white space, so the text is cut at ASCII white space and
/// each piece segmented alone; a piece that is pure
/// ASCII goes through a small scanner implementing the ASCII subset of the
/// UAX #29 rules (letters and digits join, `_` joins anything, `:` `.` `'`
/// join two letters, `,` `;` `.` `'` join two digits), anything else through
/// unicode-segmentation.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        pos: 0,
        piece_end: 0,
        unicode: None,
        split: None,
        split_chars: false,
        pending: None,
    }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
    /// End of the current all-ASCII piece (words before it are scanned here).
    piece_end: usize,
    /// Where the rest of a piece holding non-ASCII text starts (a word
    /// boundary; see `Words::next_unicode`).
    unicode: Option<usize>,
    /// End of the UAX #29 segment being given a piece at a time (it holds
    /// [`syllabic`] characters; see [`first_piece`]).
    split: Option<usize>,
    /// True when every character of the segment being given a piece at a
    /// time is a grapheme of its own (a run of one [`run_class`]): its
    /// pieces are its characters, found without grapheme segmentation.
    split_chars: bool,
    /// A word read to see whether it continues a word broken by a hyphen,
    /// and found not to (see [`Words::joined`]): the next one to give.
    pending: Option<(usize, &'a str)>,
}

/// True when the words of `text[p..]` segmented alone are the words of
/// `text` from `p` on, wherever segmentation of `text` started before `p`:
/// `p` starts a piece of text after ASCII white space (which UAX #29 never
/// joins across, see [`words`]) that does not follow a hyphen (which may
/// join a word across a line end, see `Words::joined`). Where a long text
/// may be cut to be segmented in parallel parts.
pub fn fresh_start(text: &str, p: usize) -> bool {
    let b = text.as_bytes();
    if p == 0 || p >= b.len() || is_ascii_space(b[p]) || !is_ascii_space(b[p - 1]) {
        return p == 0;
    }
    let run = b[..p].iter().rposition(|&c| !is_ascii_space(c));
    run.is_none_or(|q| !text[..=q].ends_with(|c: char| hyphen::line_end_hyphen(c)))
}

/// Byte classes, as a table (the hottest tests of the tokenizer): ASCII
/// white space (space, tab, line feed, carriage return, vertical tab, form
/// feed)…
const SPACE: u8 = 1;
/// …a byte of an ASCII word (a letter, a digit or `_`)…
const WORD: u8 = 2;
/// …an ASCII letter or digit.
const ALNUM: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            t[i] = SPACE;
        } else if b.is_ascii_alphanumeric() {
            t[i] = WORD | ALNUM;
        } else if b == b'_' {
            t[i] = WORD;
        }
        i += 1;
    }
    t
};

/// True for ASCII white space.
fn is_ascii_space(b: u8) -> bool {
    CLASS[b as usize] & SPACE != 0
}

/// True for a byte that is part of an ASCII word: a letter, a digit or `_`.
fn word_byte(b: u8) -> bool {
    CLASS[b as usize] & WORD != 0
}

/// End of the ASCII word starting at `i` (a letter, digit or `_`) within `b`.
fn ascii_word_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        let c = b[i];
        if word_byte(c) {
            i += 1;
            continue;
        }
        if i + 1 < b.len() {
            let (prev, next) = (b[i - 1], b[i + 1]);
            let letters = prev.is_ascii_alphabetic()
                && next.is_ascii_alphabetic()
                && matches!(c, b':' | b'.' | b'\'');
            let digits = prev.is_ascii_digit()
                && next.is_ascii_digit()
                && matches!(c, b',' | b';' | b'.' | b'\'');
            if letters || digits {
                i += 2;
                continue;
            }
        }
        break;
    }
    i
}

/// The first byte at or after `i` that is not ASCII white space.
#[inline]
fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ascii_space(b[i]) {
        i += 1;
    }
    i
}

/// The piece of text at `i` when it is one plain word holding a letter or a
/// digit (letters, digits and `_` up to white space or the end), or such a
/// word and one ASCII mark closing the piece (`end.`, `word,`: a mark joins
/// words only between two of them): where the word ends and where the piece
/// ends. `None` for anything else (the general scanner's cases).
#[inline]
fn plain_word(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    let mut seen = 0u8;
    // Eight bytes at a time while there are eight (see `swar`): most words
    // end within the first eight, found without a branch per byte.
    while let Some(chunk) = b.get(j..j + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let (word, alnum) = swar::classes(x);
        let stop = !word & swar::HIGH;
        // The bytes before the first that is not a word's.
        let before = if stop == 0 {
            u64::MAX
        } else {
            (stop & stop.wrapping_neg()) - 1
        };
        if alnum & before != 0 {
            seen = ALNUM;
        }
        if stop != 0 {
            j += (stop.trailing_zeros() / 8) as usize;
            return plain_end(b, i, j, seen);
        }
        j += 8;
    }
    while j < b.len() {
        let c = CLASS[b[j] as usize];
        if c & WORD == 0 {
            break;
        }
        seen |= c;
        j += 1;
    }
    plain_end(b, i, j, seen)
}

/// [`plain_word`]'s verdict on the word bytes `i..j` (`seen` holding
/// [`ALNUM`] when one of them is a letter or a digit).
#[inline]
fn plain_end(b: &[u8], i: usize, j: usize, seen: u8) -> Option<(usize, usize)> {
    if j > i && seen & ALNUM != 0 {
        match b.get(j) {
            None => return Some((j, j)),
            Some(&c) if is_ascii_space(c) => return Some((j, j)),
            Some(&c) if c < 0x80 && b.get(j + 1).is_none_or(|&d| is_ascii_space(d)) => {
                return Some((j, j + 1));
            }
            _ => {}
        }
    }
    None
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    /// The next word (`Words::next_word`), joined with the one after it
    /// when it is the first half of a word broken by a hyphen at a line end
    /// (`Words::joined`). One byte is looked at per word.
    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        // Two paths, each handing its word on in registers: one `match`
        // joining them went through the stack, and reading the word back
        // whole from two halves just stored stalled every word.
        if self.pending.is_some() {
            return self.pending.take().map(|w| self.hyphen_checked(w));
        }
        let w = self.next_word()?;
        Some(self.hyphen_checked(w))
    }
}

impl<'a> Words<'a> {
    /// `w`, or `w` joined with the next word when it is the first half of
    /// a word broken by a hyphen at a line end (`Words::joined`).
    #[inline]
    fn hyphen_checked(&mut self, w: (usize, &'a str)) -> (usize, &'a str) {
        let e = w.0 + w.1.len();
        match self.text.as_bytes().get(e) {
            Some(b'-' | 0xE2) => self.joined(w),
            _ => w,
        }
    }
}

impl<'a> Words<'a> {
    /// The next word, as UAX #29 (with CJK cut, see [`syllabic`]) gives it.
    /// The common case inline: a piece of text that is one plain word
    /// (letters, digits and `_` up to white space or the end, or closed by
    /// one ASCII mark) is found in one scan; anything else, with the state
    /// untouched, goes to `Words::next_slow`, which starts over from the
    /// same place. Most words of prose take the inline path, so they cost
    /// no call to a large function.
    #[inline]
    fn next_word(&mut self) -> Option<(usize, &'a str)> {
        if self.unicode.is_none() && self.pos >= self.piece_end {
            let b = self.text.as_bytes();
            let i = skip_space(b, self.pos);
            if let Some((j, end)) = plain_word(b, i) {
                self.pos = end;
                self.piece_end = end;
                return Some((i, &self.text[i..j]));
            }
        }
        self.next_slow()
    }
}

impl<'a> Words<'a> {
    /// [`Iterator::next`] for every case (see there).
    #[inline(never)]
    fn next_slow(&mut self) -> Option<(usize, &'a str)> {
        loop {
            if let Some(from) = self.unicode {
                if let Some(w) = self.next_unicode(from) {
                    return Some(w);
                }
                self.unicode = None;
            }
            let b = self.text.as_bytes();
            if self.pos < self.piece_end {
                // Inside a piece known to be ASCII: the next word, if any.
                let end = self.piece_end;
                let mut j = self.pos;
                while j < end && !word_byte(b[j]) {
                    j += 1;
                }
                if j == end {
                    self.pos = end;
                    continue;
                }
                let we = ascii_word_end(&b[..end], j);
                self.pos = we;
                if b[j..we].iter().any(u8::is_ascii_alphanumeric) {
                    return Some((j, &self.text[j..we]));
                }
                continue;
            }
            let i = skip_space(b, self.pos);
            if i >= b.len() {
                self.pos = i;
                return None;
            }
            if let Some((j, end)) = plain_word(b, i) {
                self.pos = end;
                self.piece_end = end;
                return Some((i, &self.text[i..j]));
            }
            // The end of an ASCII piece of at most `LONG_PIECE` bytes; a
            // piece with non-ASCII text, or a longer one, is walked without
            // looking for its end (a line of CJK text or minified markup has
            // no white space, and tokenising restarts at every checkpoint:
            // scanning to the end each time made such a line quadratic).
            let limit = (i + LONG_PIECE).min(b.len());
            let mut end = i;
            while end < limit && !is_ascii_space(b[end]) && b[end] < 0x80 {
                end += 1;
            }
            if end < b.len() && !is_ascii_space(b[end]) {
                // ASCII on past `LONG_PIECE` (minified JSON or markup), or
                // up to a non-ASCII character: up to its last mark that
                // parts words on both sides, it is a piece of its own for
                // the ASCII scanner, as fast as prose (the general
                // segmenter took 480–700 ns a word on a search index of
                // 4.7 MB of JSON); `next_unicode` comes back here at the
                // next such mark.
                match ascii_cut(&b[i..end]) {
                    Some(cut) => {
                        self.pos = i;
                        self.piece_end = i + cut;
                    }
                    None => self.unicode = Some(i),
                }
            } else {
                self.pos = i;
                self.piece_end = end;
            }
        }
    }
}

impl<'a> Words<'a> {
    /// The next word of the piece holding non-ASCII text that continues at
    /// `from` (a word boundary) up to the next ASCII white space, advancing
    /// it; `None` (and the position set past the piece) when it has no more.
    /// A character of [`alone`] followed by one that cannot attach to it
    /// (ASCII, another of them, or the end) is a segment of its own under
    /// UAX #29 — its word-break property is Other, and nothing before it
    /// joins it either, since `from` is a boundary — so it is taken without
    /// the general segmenter. CJK text is mostly such characters, one word
    /// each. Anything else is one segment of unicode-segmentation's, started
    /// at `from` ([`first_segment`]).
    fn next_unicode(&mut self, mut from: usize) -> Option<(usize, &'a str)> {
        let text: &'a str = self.text;
        let b = text.as_bytes();
        while from < b.len() && !is_ascii_space(b[from]) {
            if let Some(end) = self.split.take_if(|&mut end| from < end) {
                let at = from;
                let piece = if self.split_chars {
                    let n = text[at..].chars().next().map_or(1, char::len_utf8);
                    &text[at..at + n]
                } else {
                    first_piece(&text[at..end])
                };
                from += piece.len();
                self.unicode = Some(from);
                if from < end {
                    self.split = Some(end);
                }
                if is_word(piece) {
                    return Some((at, piece));
                }
                continue;
            }
            // A mark that parts words on both sides, followed by ASCII: the
            // ASCII scanner takes over from here (see `next_slow`).
            if is_part(b[from]) && b.get(from + 1).is_some_and(|&c| c < 0x80) {
                break;
            }
            let mut chars = text[from..].chars();
            let c = chars.next()?;
            let at = from;
            if let Some(word) = alone(c)
                && chars
                    .next()
                    .is_none_or(|d| d.is_ascii() || alone(d).is_some())
            {
                from += c.len_utf8();
                self.unicode = Some(from);
                if word {
                    return Some((at, &text[at..from]));
                }
                continue;
            }
            if let Some(class) = run_class(c) {
                // A run of one class; it ends where the next character
                // cannot join it (white space, the end, or one of `alone`).
                let mut end = from + c.len_utf8();
                let mut rest = text[end..].chars();
                let mut next = rest.next();
                while let Some(d) = next.filter(|&d| run_class(d) == Some(class)) {
                    end += d.len_utf8();
                    next = rest.next();
                }
                if next.is_none_or(|d| is_ascii_space_char(d) || alone(d).is_some()) {
                    // Its characters one at a time (each is a grapheme).
                    from += c.len_utf8();
                    self.unicode = Some(from);
                    if from < end {
                        self.split = Some(end);
                        self.split_chars = true;
                    }
                    return Some((at, &text[at..from]));
                }
            }
            let seg = first_segment(text, from);
            if seg.len() > 3 && seg.chars().any(syllabic) {
                self.split = Some(from + seg.len());
                self.split_chars = false;
                continue;
            }
            from += seg.len().max(1);
            self.unicode = Some(from);
            if is_word(seg) {
                return Some((at, seg));
            }
        }
        self.pos = from;
        None
    }
}

/// Longest piece of ASCII text (no white space) read by the ASCII scanner
/// at once; a longer one is read a part at a time, each ending at a mark
/// UAX #29 always breaks around ([`ascii_cut`]), or else segmented as
/// non-ASCII text is, with the same words.
const LONG_PIECE: usize = 1024;

/// ASCII marks whose word-break property is Other: UAX #29 breaks on both
/// sides of one whatever surrounds it (rule WB999), unless a combining
/// mark follows it; `-` is left out (a word broken at a line end is
/// joined across it, `Words::joined`).
const PARTS: &[u8] = b"!#$%&()*+/<=>?@[\\]^`{|}~";

/// [`PARTS`] as a bit per ASCII byte: the test runs on every character of
/// the general segmenter's text (each CJK character), so it is one shift.
const PART_BITS: u128 = {
    let mut bits = 0u128;
    let mut i = 0;
    while i < PARTS.len() {
        bits |= 1 << PARTS[i];
        i += 1;
    }
    bits
};

/// True when `c` is one of [`PARTS`].
#[inline]
fn is_part(c: u8) -> bool {
    c < 128 && PART_BITS >> c & 1 == 1
}

/// Where a part of a long ASCII piece `run` (no white space, all ASCII)
/// may end: just after its last ASCII mark whose word-break property is
/// Other (`{`, `}`, `(`, `=`, `/`, …), which has a boundary on both sides
/// whatever surrounds it (UAX #29 rule WB999; only a combining mark could
/// attach to it, and the byte after it is ASCII, so the mark is not the
/// run's last byte). Not `-`, which a word broken at a line end is joined
/// across (`Words::joined`), nor the marks that join words (`.`, `:`, `,`,
/// `;`, `'`, `"`, `_`).
fn ascii_cut(run: &[u8]) -> Option<usize> {
    let last = run.len().checked_sub(1)?;
    run[..last].iter().rposition(|&c| is_part(c)).map(|p| p + 1)
}

/// Bytes of lookahead the segmenter is given past a segment before its end
/// is trusted (its rules look a character or two ahead, more only across
/// runs of combining marks).
const LOOKAHEAD: usize = 64;

/// The UAX #29 segment of `text` starting at `from` (a boundary), within
/// the piece of text that ends at the next ASCII white space: segmented in
/// a window that grows until the segment ends [`LOOKAHEAD`] bytes before
/// its edge or the window reaches the piece's end, so a long piece is not
/// scanned to its end for every segment.
fn first_segment(text: &str, from: usize) -> &str {
    let b = text.as_bytes();
    let mut window = 4 * LOOKAHEAD;
    loop {
        let mut lim = (from + window).min(b.len());
        while !text.is_char_boundary(lim) {
            lim -= 1;
        }
        let space = b[from..lim].iter().position(|&c| is_ascii_space(c));
        let cut = space.map_or(lim, |p| from + p);
        let seg = text[from..cut].split_word_bounds().next().unwrap_or("");
        if space.is_some() || lim == b.len() || from + seg.len() + LOOKAHEAD <= cut {
            return seg;
        }
        window *= 4;
    }
}

/// True for ASCII white space.
fn is_ascii_space_char(c: char) -> bool {
    c.is_ascii() && is_ascii_space(c as u8)
}

mod cjk;
mod hyphen;
mod swar;
pub(super) use hyphen::line_end_hyphen;
#[cfg(test)]
mod tests;

pub use cjk::{EOJEOL_MAX, spaced_word_around, syllabic};
use cjk::{alone, first_piece, run_class};
