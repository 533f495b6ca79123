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
    /// A word read to see whether it continues a word broken by a hyphen,
    /// and found not to (see [`Words::joined`]): the next one to give.
    pending: Option<(usize, &'a str)>,
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
    while j < b.len() {
        let c = CLASS[b[j] as usize];
        if c & WORD == 0 {
            break;
        }
        seen |= c;
        j += 1;
    }
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
        let w = match self.pending.take() {
            Some(w) => w,
            None => self.next_word()?,
        };
        let e = w.0 + w.1.len();
        match self.text.as_bytes().get(e) {
            Some(b'-' | 0xE2) => Some(self.joined(w)),
            _ => Some(w),
        }
    }
}

/// True for white space between the halves of a word broken by a hyphen:
/// spaces, tabs and carriage returns around one line break.
fn line_break_gap(gap: &str) -> bool {
    let rest = gap.trim_start_matches([' ', '\t', '\r']);
    rest.strip_prefix('\n')
        .is_some_and(|r| r.trim_start_matches([' ', '\t']).is_empty())
}

/// True for a hyphen that breaks a word at a line end: `-` or U+2010.
fn line_end_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
}

impl<'a> Words<'a> {
    /// `w`, or `w` joined with the next word when `w` is the first half of
    /// a word broken by a hyphen at the end of its line: `w` ends in a
    /// cased letter, a hyphen (`-` or U+2010) follows it, then white space
    /// holding one line break (not a blank line), and the next word starts
    /// there with a lower-case letter (`docu-\n   mented`, `Überset-\n
    /// zung`). The joined word spans both halves; its key is the word
    /// without the hyphen and the line break ([`super::keys::dehyphenated`]).
    /// Typeset, scanned and rendered text breaks words so wherever its lines
    /// end, and the same text set at another width breaks others: taken as
    /// two words, each break cost a copy two mismatched words. A hyphen
    /// before a capital or a digit (`Jean-\nPaul`, `ISO-\n8859`), after a
    /// digit, or before a blank line is a real hyphen or an end, and the
    /// words stay apart.
    #[cold]
    fn joined(&mut self, w: (usize, &'a str)) -> (usize, &'a str) {
        let text = self.text;
        let e = w.0 + w.1.len();
        let cased = |c: char| c.is_lowercase() || c.is_uppercase();
        let Some(h) = text[e..].chars().next().filter(|&c| line_end_hyphen(c)) else {
            return w;
        };
        if !w.1.chars().next_back().is_some_and(cased) {
            return w;
        }
        let Some(next) = self.next_word() else {
            return w;
        };
        let after = e + h.len_utf8();
        if next.0 > after
            && line_break_gap(&text[after..next.0])
            && next.1.chars().next().is_some_and(char::is_lowercase)
        {
            return (w.0, &text[w.0..next.0 + next.1.len()]);
        }
        self.pending = Some(next);
        w
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
                self.unicode = Some(i);
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
                let piece = first_piece(&text[at..end]);
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
                    }
                    return Some((at, &text[at..from]));
                }
            }
            let seg = first_segment(text, from);
            if seg.len() > 3 && seg.chars().any(syllabic) {
                self.split = Some(from + seg.len());
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

/// Longest piece of ASCII text (no white space) read by the ASCII scanner;
/// a longer one is segmented as non-ASCII text is, with the same words.
const LONG_PIECE: usize = 1024;

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

/// True for a character of a syllabic CJK script: a Hangul syllable or
/// jamo, katakana (full or half width). UAX #29 joins a run of them into
/// one word (they are letters of an alphabet to it), but a run of Hangul
/// or katakana with no white space is a phrase, not a word — Japanese
/// writes none, and generated or scraped Korean often drops it — and one
/// edited syllable would then make the whole run a different word. So such
/// text is taken a character at a time, as Han ideographs and hiragana
/// are under UAX #29 itself: alignment, diffs and counts work per
/// character in every CJK script (on a corpus of mixed CJK copies with
/// 20–30% edits this raised the pairs found whole from 81% to 88%).
pub fn syllabic(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x11FF
            | 0x3131..=0x318E
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xD7B0..=0xD7FF
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9D
    )
}

/// The first piece of a UAX #29 segment holding [`syllabic`] characters:
/// its first grapheme when that starts with one, else its graphemes up to
/// the next that does (so `CPU를` is `CPU` and `를`, and a mark that joined
/// two syllables is a piece of its own, not a word).
fn first_piece(seg: &str) -> &str {
    let starts_syllabic = |g: &str| g.chars().next().is_some_and(syllabic);
    let mut graphemes = seg.grapheme_indices(true);
    match graphemes.next() {
        None => seg,
        Some((_, g)) if starts_syllabic(g) => g,
        Some(_) => graphemes
            .find(|(_, g)| starts_syllabic(g))
            .map_or(seg, |(i, _)| &seg[..i]),
    }
}

/// Longest run of Hangul syllables that is taken for one spaced Korean word
/// (eojeol); a longer one is text written without spaces.
pub const EOJEOL_MAX: usize = 8;

/// True for a Hangul syllable.
fn hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The spaced Korean word (eojeol) around byte `at` of `text`, when `at`
/// lies inside one (a Hangul syllable on each side): its start and end.
/// Hangul is one word per syllable here ([`syllabic`]), so a passage can
/// start or end inside a word of Korean written with spaces, on its shared
/// ending (`…니다` of two different verbs); such a word is a run of at most
/// [`EOJEOL_MAX`] syllables with no Han or kana letter on either side (white
/// space, a mark, Latin text or an end of the text).
pub fn spaced_word_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let before = text.get(..at)?;
    let after = text.get(at..)?;
    if !(before.chars().next_back().is_some_and(hangul) && after.chars().next().is_some_and(hangul))
    {
        return None;
    }
    let back = before.chars().rev().take_while(|&c| hangul(c)).count();
    let fwd = after.chars().take_while(|&c| hangul(c)).count();
    let start = at - 3 * back;
    // Korean is spaced where a run of syllables lies between white space,
    // marks or Latin text (markup, `CPU를`), not next to a Han or kana letter.
    let end = at + 3 * fwd;
    let apart = |c: Option<char>| c.is_none_or(|c| c.is_ascii() || !c.is_alphabetic());
    let spaced = apart(text[..start].chars().next_back()) && apart(text[end..].chars().next());
    (spaced && back + fwd <= EOJEOL_MAX).then_some((start, end))
}

/// For a character that joins only its own kind among the characters a
/// run of it can meet without the general segmenter (see
/// `Words::next_unicode`): its kind — 1 for a Hangul syllable (word-break
/// property ALetter), 2 for katakana (Katakana) — or `None`.
fn run_class(c: char) -> Option<u8> {
    match u32::from(c) {
        _ if hangul(c) => Some(1),
        0x30A1..=0x30FA | 0x30FC..=0x30FF => Some(2),
        _ => None,
    }
}

/// True for ASCII white space.
fn is_ascii_space_char(c: char) -> bool {
    c.is_ascii() && is_ascii_space(c as u8)
}

/// For a character whose UAX #29 word-break property is Other and that is
/// not pictographic (so it is a segment of its own unless a combining mark,
/// format character or joiner follows): `Some(true)` for a word (a Han
/// ideograph, a hiragana letter), `Some(false)` for common CJK punctuation
/// (、。「」『』【】（）！？); `None` for anything else.
fn alone(c: char) -> Option<bool> {
    match u32::from(c) {
        0x3041..=0x3096 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(true),
        0x3001 | 0x3002 | 0x300C..=0x300F | 0x3010 | 0x3011 | 0xFF01 | 0xFF08 | 0xFF09 | 0xFF1F => {
            Some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_not_part_of_the_first_word() {
        let v: Vec<(usize, &str)> = words("\u{feff}Hello world\r\nx").collect();
        assert_eq!(v, [(3, "Hello"), (9, "world"), (16, "x")]);
    }

    #[test]
    fn ascii_scanner_follows_uax29() {
        for text in [
            "S:t a.b.c e.g. 1,000.5 3;4 don't 'quoted' x_y __ _a a_ 1a a1 a1.b",
            "end. Next,word: (paren) [x]--y a..b 1..2 a'' ''a 'a' 1'2 a:1 1:a",
            "tabs\tand\nnew\r\nlines  café naïve «x» 中文 mixed-ASCII",
            // Plain words closed by white space, the end or one mark.
            "end. word, x' y\" __ _, a.\tb;\n1. 2,\r\nz) q\x01 w: e.é f,’ g.",
        ] {
            assert_eq!(words(text).collect::<Vec<_>>(), uax_words(text), "{text}");
        }
    }

    #[test]
    fn a_word_broken_by_a_hyphen_at_a_line_end_is_one_word() {
        let text = "the docu-\n   mented way, pack-\r\n\taging.\nwell-known Jean-\nPaul ISO-\n8859 end-\n\nnext (par-\nen) x-\ny Überset‐\n zung 7-\nb";
        let v: Vec<&str> = words(text).map(|w| w.1).collect();
        assert_eq!(
            v,
            [
                "the",
                "docu-\n   mented",
                "way",
                "pack-\r\n\taging",
                "well",
                "known",
                "Jean",
                "Paul",
                "ISO",
                "8859",
                "end",
                "next",
                "par-\nen",
                "x-\ny",
                "Überset‐\n zung",
                "7",
                "b"
            ]
        );
        assert_eq!(v, uax_words(text).iter().map(|w| w.1).collect::<Vec<_>>());
        let key = |w: &str| crate::segment::normalize(w);
        assert_eq!(key("docu-\n   mented"), "documented");
        assert_eq!(key("Pack-\r\n\tAging"), "packaging");
        assert_eq!(key("Überset‐\n zung"), "übersetzung");
        let mut s = String::new();
        let hash = |w: &str, s: &mut String| crate::segment::key_hash(w, s);
        assert_eq!(hash("docu-\n   mented", &mut s), hash("documented", &mut s));
        let seed = |w: &str, s: &mut String| crate::segment::seed_hash(w, s);
        assert_eq!(
            seed("docu-\n   rnented", &mut s),
            seed("documented", &mut s)
        );
    }

    #[test]
    fn a_segment_longer_than_the_first_window_is_found_whole() {
        // 1,500 bytes of accented Latin letters (one segment), then 600 of
        // Cyrillic (another), between ideographs: the window grows twice.
        let text = format!("日{}本{}語", "é".repeat(750), "ж".repeat(300));
        let v: Vec<(usize, &str)> = words(&text).collect();
        let uax = uax_words(&text);
        assert_eq!(v, uax);
        assert_eq!(v.len(), 5);
        assert_eq!(v[1].1.len(), 1500);
    }

    #[test]
    fn hangul_and_katakana_are_taken_a_character_at_a_time() {
        let text = "대상에서 CPU를 カード、ｶｰﾄﾞ 가.나 한국abc어 ガ";
        let v: Vec<&str> = words(text).map(|w| w.1).collect();
        assert_eq!(
            v,
            [
                "대", "상", "에", "서", "CPU", "를", "カ", "ー", "ド", "ｶ", "ｰ", "ﾄﾞ", "가", "나",
                "한", "국", "abc", "어", "ガ"
            ]
        );
        assert_eq!(v, uax_words(text).iter().map(|w| w.1).collect::<Vec<_>>());
        // A long run, as in a line of text with no white space.
        let long = "ア".repeat(500);
        assert_eq!(words(&long).count(), 500);
        assert!(words(&long).all(|(at, w)| w == "ア" && at % 3 == 0));
    }

    #[test]
    fn a_long_ascii_piece_gives_the_same_words() {
        // 6 kB without white space (minified markup, a list in one line):
        // past `LONG_PIECE` it is segmented as non-ASCII text is.
        let piece: String = (0..800).map(|i| format!("w{i},x.y;{i}:")).collect();
        let text = format!("start {piece} end");
        assert!(piece.len() > 4 * LONG_PIECE);
        let v: Vec<(usize, &str)> = words(&text).collect();
        let uax = uax_words(&text);
        assert_eq!(v, uax);
    }

    /// Characters around the CJK fast path: ideographs, kana, Hangul, CJK
    /// and full-width punctuation (some of them joining letters or digits),
    /// combining marks, format characters, joiners, emoji, regional
    /// indicators, Latin, digits, spaces and ASCII marks.
    const MIXED: &[char] = &[
        '日', '本', '语', '中', '㐀', '龥', 'あ', 'ゖ', 'ぁ', 'ア', 'ン', 'ー', 'ｱ', '한', '국',
        '、', '。', '「', '」', '『', '』', '【', '】', '（', '）', '！', '？', '，', '：', '；',
        '．', '＇', '・', '々', '〃', '〆', 'ゝ', '゛', '\u{3099}', '\u{309A}', '\u{0301}',
        '\u{200D}', '\u{200B}', '\u{FE0F}', '\u{00AD}', '\u{2060}', '😀', '🇯', '🇵', 'é', 'ß', 'Ａ',
        '１', '٣', 'a', 'Z', '7', '’', '“', '_', '.', ',', '\'', ':', '-',
        // The last ten may be left out (a long piece has no white space).
        ' ', '\n', '_', '.', ',', '\'', ':', '-', ' ', '\n',
    ];

    /// Characters around words broken by a hyphen at a line end.
    const HYPHENS: &[char] = &[
        'a', 'b', 'Z', 'é', 'Ü', 'ß', '7', '日', 'ア', '-', '-', '\u{2010}', '\u{2011}', ' ', ' ',
        '\n', '\n', '\t', '\r', '.', '\'', '\u{00AD}', '\u{0301}',
    ];

    /// The words of `text` as UAX #29 and [`is_word`] give them, each
    /// segment holding a [`syllabic`] character cut into its graphemes,
    /// with the other graphemes between them kept together.
    fn uax_words(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for (at, seg) in text.split_word_bound_indices() {
            if !seg.chars().any(syllabic) {
                out.push((at, seg));
                continue;
            }
            let mut run: Option<usize> = None;
            for (i, g) in seg.grapheme_indices(true) {
                if g.chars().next().is_some_and(syllabic) {
                    if let Some(r) = run.take() {
                        out.push((at + r, &seg[r..i]));
                    }
                    out.push((at + i, g));
                } else {
                    run.get_or_insert(i);
                }
            }
            if let Some(r) = run {
                out.push((at + r, &seg[r..]));
            }
        }
        out.retain(|(_, w)| is_word(w));
        join_hyphenated(text, out)
    }

    /// `words` with each word broken by a hyphen at a line end joined to
    /// its second half (see `Words::joined`): a first word ending in a
    /// cased letter, closed by `-` or U+2010, white space with one line
    /// break (spaces, tabs and carriage returns before it, spaces and tabs
    /// after), and a next word starting there with a lower-case letter.
    fn join_hyphenated<'t>(text: &'t str, words: Vec<(usize, &'t str)>) -> Vec<(usize, &'t str)> {
        let cased = |c: char| c.is_lowercase() || c.is_uppercase();
        let gap_ok = |gap: &str| {
            let (before, after) = gap.split_once('\n').unwrap_or((gap, "\n"));
            before.chars().all(|c| matches!(c, ' ' | '\t' | '\r'))
                && after.chars().all(|c| matches!(c, ' ' | '\t'))
        };
        let mut out: Vec<(usize, &str)> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (s1, w1) = words[i];
            let e1 = s1 + w1.len();
            if let Some(&(s2, w2)) = words.get(i + 1) {
                let hyphen = text[e1..]
                    .chars()
                    .next()
                    .filter(|&c| c == '-' || c == '\u{2010}');
                let joined = hyphen.is_some_and(|h| {
                    e1 + h.len_utf8() < s2
                        && gap_ok(&text[e1 + h.len_utf8()..s2])
                        && w1.chars().next_back().is_some_and(cased)
                        && w2.chars().next().is_some_and(char::is_lowercase)
                });
                if joined {
                    out.push((s1, &text[s1..s2 + w2.len()]));
                    i += 2;
                    continue;
                }
            }
            out.push((s1, w1));
            i += 1;
        }
        out
    }

    /// The text of `picks` (indices into [`MIXED`]), and whether [`words`]
    /// gives the same words as UAX #29 on it.
    fn same_words(picks: &[usize]) -> (String, bool) {
        let text: String = picks.iter().map(|&i| MIXED[i]).collect();
        let same = words(&text).collect::<Vec<_>>() == uax_words(&text);
        (text, same)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn words_follow_uax29_on_mixed_cjk_text(
            picks in proptest::collection::vec(0..MIXED.len(), 0..24)
        ) {
            let (text, same) = same_words(&picks);
            proptest::prop_assert!(same, "{:?}", text);
        }

        /// Words broken by a hyphen at a line end, among cased and uncased
        /// letters, digits, marks and every kind of white space.
        #[test]
        fn hyphen_joins_follow_the_reference(
            picks in proptest::collection::vec(0..HYPHENS.len(), 0..20)
        ) {
            let text: String = picks.iter().map(|&i| HYPHENS[i]).collect();
            let same = words(&text).collect::<Vec<_>>() == uax_words(&text);
            proptest::prop_assert!(same, "{:?}", text);
        }

        /// Long pieces (no white space, up to 2 kB): segments found in
        /// windows that grow, as in a line of CJK text.
        #[test]
        fn words_follow_uax29_on_long_pieces(
            picks in proptest::collection::vec(0..MIXED.len() - 10, 100..700)
        ) {
            let (text, same) = same_words(&picks);
            proptest::prop_assert!(same, "{:?}", text);
        }
    }
}
