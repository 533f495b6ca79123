//! Segmentation: a document's words (UAX #29 via unicode-segmentation), each with
//! its byte span and a normalised key, so that case, curly quotes, dashes and
//! compatibility forms do not hide a match. Knows nothing of reuse or terminals.
//!
//! A *word* is a UAX #29 word segment that contains at least one alphanumeric
//! character (so punctuation and spaces are never words). CJK ideographs are
//! words on their own: UAX #29 puts no boundary-free rule between them.
//!
//! The *key* of a word is: NFKC (compatibility forms such as full-width letters
//! and ligatures fold to plain ones), then lower case (with `ß` as `ss` and a
//! final `ς` as `σ`, so capitalised copies match), then curly quotes and
//! apostrophes become straight ones and dash variants become `-`. ASCII words
//! take a fast path (lower-casing only). The reuse engine works on a 64-bit hash
//! of the key ([`key_hash`]); [`tokenize`] gives the key itself for people and
//! for tests.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// One word of a document: its byte span in the document and its normalised key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte of the word.
    pub start: usize,
    /// Byte offset one past the last byte of the word.
    pub end: usize,
    /// The normalised form used for matching (lower case, compatibility-folded).
    pub key: String,
}

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

/// True when `word` is one CJK ideograph, kana or Hangul syllable: a letter
/// that is its own key (no compatibility form, no case), so neither the
/// Unicode tables nor normalisation need to see it. In CJK text every
/// ideograph is a word, and these lookups were most of its tokenising time.
fn plain_cjk(word: &str) -> bool {
    let b = word.as_bytes();
    // All of these take three bytes in UTF-8: 1110xxxx 10xxxxxx 10xxxxxx.
    if b.len() != 3 || b[0] & 0xF0 != 0xE0 {
        return false;
    }
    let c = (u32::from(b[0] & 0x0F) << 12) | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F);
    matches!(c, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}

/// Calls `f(start, end, word)` for every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    for (start, w) in words(text) {
        f(start, start + w.len(), w);
    }
}

/// The words of `text` with their byte offsets, in order.
///
/// Same result as filtering `split_word_bound_indices` with [`is_word`], but
/// faster: UAX #29 never joins a word across white space, so the text is cut
/// at ASCII white space and each piece segmented alone; a piece that is pure
/// ASCII goes through a small scanner implementing the ASCII subset of the
/// UAX #29 rules (letters and digits join, `_` joins anything, `:` `.` `'`
/// join two letters, `,` `;` `.` `'` join two digits), anything else through
/// unicode-segmentation.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        pos: 0,
        piece_end: 0,
        pending: None,
    }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
    /// End of the current all-ASCII piece (words before it are scanned here).
    piece_end: usize,
    pending: Option<(usize, unicode_segmentation::UWordBoundIndices<'a>)>,
}

/// ASCII white space, as a table (the hottest test of the tokenizer).
static SPACE: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[0x0b] = true;
    t[0x0c] = true;
    t
};

fn is_ascii_space(b: u8) -> bool {
    SPACE[b as usize]
}

fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        loop {
            if let Some((base, it)) = &mut self.pending {
                let base = *base;
                for (off, w) in it.by_ref() {
                    if is_word(w) {
                        return Some((base + off, w));
                    }
                }
                self.pending = None;
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
            let mut i = self.pos;
            while i < b.len() && is_ascii_space(b[i]) {
                i += 1;
            }
            if i >= b.len() {
                self.pos = i;
                return None;
            }
            // Find the end of the piece, noting any non-ASCII byte on the way.
            let mut end = i;
            let mut high = 0u8;
            while end < b.len() && !is_ascii_space(b[end]) {
                high |= b[end];
                end += 1;
            }
            if high >= 0x80 {
                self.pos = end;
                self.pending = Some((i, self.text[i..end].split_word_bound_indices()));
            } else {
                self.pos = i;
                self.piece_end = end;
            }
        }
    }
}

/// Maps one (already NFKC-normalised, lower-cased) character to its matching form:
/// curly quotes and apostrophes to straight ones, dash variants to `-`.
fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => ' ',
        c => c,
    }
}

/// Writes the normalised key of `word` into `out` (cleared first).
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    if plain_cjk(word) {
        out.push_str(word);
        return;
    }
    for c in word.nfkc().flat_map(char::to_lowercase) {
        match c {
            // Case folding beyond lower-casing: the two cases where a capital
            // spelling lower-cases to something else.
            'ß' => out.push_str("ss"),
            'ς' => out.push('σ'),
            c => out.push(fold_char(c)),
        }
    }
}

/// The normalised key of `word`.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// A 64-bit hash of the normalised key of `word`; `scratch` is reused between
/// calls to avoid allocating. Two words match when their key hashes are equal
/// (a collision between different keys has probability about 2⁻⁶⁴ per pair).
/// ASCII words are lower-cased eight bytes at a time while hashing, without
/// copying; other words are normalised first.
pub fn key_hash(word: &str, scratch: &mut String) -> u64 {
    if word.is_ascii() {
        hash_bytes(word.as_bytes(), true)
    } else {
        normalize_into(word, scratch);
        hash_bytes(scratch.as_bytes(), false)
    }
}

/// Longest ASCII word folded by [`seed_hash`] (longer words keep their key).
const SEED_MAX_BYTES: usize = 48;

/// The *seed key* hash of `word`: [`key_hash`] of the word after folding
/// what OCR confuses, so that a scanned copy still shares whole shingles with
/// a clean one. On top of the key's normalisation, `rn` → `m`, `vv` → `w`,
/// `cl` → `d`, `c` → `e`, and between letters `1` `|` `!` → `l`, `0` → `o`,
/// `5` → `s` (a digit next to another digit is part of a number); then any
/// doubled letter is collapsed (`perrmission`, `c0pyright` and `permission`,
/// `copyright` have one seed key each). Lossy on purpose: `case` and `ease`
/// share a seed key. The index hashes shingles of seed keys; alignment still
/// compares keys and raw text. Words that are not ASCII, longer than 48
/// bytes or with fewer than three letters (`c0` and `e0` are codes, not a
/// misread word) have their key hash as seed key; so has every ASCII word
/// the fold leaves as it is (lower case aside).
pub fn seed_hash(word: &str, scratch: &mut String) -> u64 {
    let b = word.as_bytes();
    if !word.is_ascii() || b.len() > SEED_MAX_BYTES {
        return key_hash(word, scratch);
    }
    // One pass over the bytes: fold, collapse doubles, count letters. Most
    // bytes need only the table; `SPECIAL` ones look at their neighbours.
    let mut out = [0u8; SEED_MAX_BYTES];
    let mut n = 0usize;
    let mut letters = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let x = b[i];
        letters += usize::from(x.is_ascii_alphabetic());
        let mut f = FOLD[x as usize];
        if SPECIAL[x as usize] {
            let next = b.get(i + 1).map(u8::to_ascii_lowercase);
            match (f, next) {
                (b'r', Some(b'n')) | (b'v', Some(b'v')) | (b'e', Some(b'l')) => {
                    // `rn` → m, `vv` → w, `cl` → d (`c` folds to `e` first).
                    f = match f {
                        b'r' => b'm',
                        b'v' => b'w',
                        _ => b'd',
                    };
                    // The second byte is consumed: count it if a letter.
                    letters += 1;
                    i += 1;
                }
                (b'1' | b'|' | b'!' | b'0' | b'5', _) if misread_digit(b, i) => {
                    f = match f {
                        b'0' => b'o',
                        b'5' => b's',
                        _ => b'l',
                    };
                }
                _ => {}
            }
        }
        i += 1;
        if n > 0 && out[n - 1] == f && f.is_ascii_alphabetic() {
            continue;
        }
        out[n] = f;
        n += 1;
    }
    if letters < 3 {
        return key_hash(word, scratch);
    }
    hash_bytes(&out[..n], false)
}

/// [`seed_hash`]'s one-byte fold: ASCII lower-cased, `c` → `e`.
const FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = (i as u8).to_ascii_lowercase();
        t[i] = if c == b'c' { b'e' } else { c };
        i += 1;
    }
    t
};

/// Bytes whose fold depends on their neighbours: `r` (`rn`), `v` (`vv`), `c`
/// (`cl`), and `1` `|` `!` `0` `5` (misread letters between letters).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"rRvVcC1|!05";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// True when the digit (or `|`, `!`) at `b[i]` stands among letters, so it is
/// a misread letter (`c0pyright`, `1icense`), not part of a number (`2015`,
/// `lw11`): a letter on one side and no digit on the other.
fn misread_digit(b: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| b[j]);
    let after = b.get(i + 1).copied();
    let letter = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());
    (letter(before) || letter(after)) && !digit(before) && !digit(after)
}

/// Lower-cases the ASCII capitals among eight ASCII bytes packed in a `u64`.
fn lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ge_a = x + ONES * (0x80 - b'A' as u64);
    let gt_z = x + ONES * (0x7F - b'Z' as u64);
    let upper = ge_a & !gt_z & HIGH;
    x | (upper >> 2)
}

/// Hashes bytes eight at a time (lower-casing ASCII when `lower`), then
/// finalises with the length.
fn hash_bytes(bytes: &[u8], lower: bool) -> u64 {
    const K: u64 = 0xF135_7AEA_2E62_A9C5;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        if lower {
            x = lower8(x);
        }
        h = (h.rotate_left(26) ^ x).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        let mut x = u64::from_le_bytes(buf);
        if lower {
            x = lower8(x);
        }
        h = (h.rotate_left(26) ^ x).wrapping_mul(K);
    }
    mix64(h ^ bytes.len() as u64)
}

/// A strong 64-bit finaliser (splitmix64), so hash bits are uniform.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Splits `text` into words with byte spans and normalised keys.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, w| {
        out.push(Token {
            start,
            end,
            key: normalize(w),
        })
    });
    out
}

/// Number of words in `text`.
pub fn word_count(text: &str) -> usize {
    let mut n = 0;
    for_each_word(text, |_, _, _| n += 1);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_driven_seed_hash_agrees_with_the_plain_one() {
        let mut s = String::new();
        let mut words: Vec<String> = Vec::new();
        for (_, bytes) in crate::corpus::SEEDS {
            let text = String::from_utf8_lossy(bytes);
            words.extend(super::words(&text).map(|(_, w)| w.to_string()));
        }
        let edges = [
            "rn",
            "RN",
            "cl",
            "CL",
            "Cl",
            "vv",
            "VV",
            "c0pyright",
            "1icense",
            "l1cense",
            "2015",
            "lw11",
            "a|b",
            "x!y",
            "0o0",
            "5s",
            "s5",
            "ab5",
            "perrmission",
            "cc",
            "ccl",
            "rnrn",
            "vvv",
            "clcl",
            "c",
            "cc1",
            "a1",
            "1a",
            "aa",
            "AAa",
            "e0",
            "c0",
            "r",
            "n",
        ];
        words.extend(edges.iter().map(|w| w.to_string()));
        // OCR-style variants of every seed word.
        let base = words.clone();
        for w in &base {
            for (from, to) in [
                ("m", "rn"),
                ("w", "vv"),
                ("d", "cl"),
                ("l", "1"),
                ("o", "0"),
            ] {
                words.push(w.replacen(from, to, 1));
            }
            words.push(w.to_uppercase());
        }
        for w in &words {
            assert_eq!(seed_hash(w, &mut s), seed_hash_reference(w, &mut s), "{w}");
        }
    }

    /// The first, plainer [`seed_hash`]: the fast one must agree with it.
    fn seed_hash_reference(word: &str, scratch: &mut String) -> u64 {
        let b = word.as_bytes();
        if !word.is_ascii()
            || b.len() > SEED_MAX_BYTES
            || b.iter().filter(|c| c.is_ascii_alphabetic()).count() < 3
        {
            return key_hash(word, scratch);
        }
        let mut out = [0u8; SEED_MAX_BYTES];
        let mut n = 0usize;
        let mut i = 0usize;
        while i < b.len() {
            let c = b[i].to_ascii_lowercase();
            let next = b.get(i + 1).map(u8::to_ascii_lowercase);
            let f = match (c, next) {
                (b'r', Some(b'n')) => {
                    i += 1;
                    b'm'
                }
                (b'v', Some(b'v')) => {
                    i += 1;
                    b'w'
                }
                (b'c', Some(b'l')) => {
                    i += 1;
                    b'd'
                }
                (b'c', _) => b'e',
                (b'1' | b'|' | b'!' | b'0' | b'5', _) if misread_digit(b, i) => match c {
                    b'0' => b'o',
                    b'5' => b's',
                    _ => b'l',
                },
                (c, _) => c,
            };
            i += 1;
            if n > 0 && out[n - 1] == f && f.is_ascii_alphabetic() {
                continue;
            }
            out[n] = f;
            n += 1;
        }
        hash_bytes(&out[..n], false)
    }

    #[test]
    fn seed_keys_fold_ocr_confusions_and_doubled_letters() {
        let mut sc = String::new();
        let seed = |w: &str, sc: &mut String| seed_hash(w, sc);
        for (noisy, clean) in [
            ("c0pyright", "copyright"),
            ("perrmission", "permission"),
            ("Perrnission", "permission"),
            ("pub1ic", "public"),
            ("1icense", "license"),
            ("thc", "the"),
            ("vvork", "work"),
            ("5oftware", "software"),
            ("BOOKKEEPER", "bokeper"),
        ] {
            assert_eq!(seed(noisy, &mut sc), seed(clean, &mut sc), "{noisy}");
        }
        // A word the fold leaves alone has its key hash as seed key.
        assert_eq!(seed("Stationery", &mut sc), key_hash("stationery", &mut sc));
        assert_eq!(seed("東京", &mut sc), key_hash("東京", &mut sc));
        // Different words stay different.
        assert_ne!(seed("2015", &mut sc), seed("2016", &mut sc));
        assert_ne!(seed("lw1", &mut sc), seed("lw11", &mut sc));
        assert_ne!(seed("x10", &mut sc), seed("xlo", &mut sc));
        assert_ne!(seed("c0", &mut sc), seed("e0", &mut sc));
        assert_ne!(seed("form", &mut sc), seed("from", &mut sc));
        assert_ne!(seed("licence", &mut sc), seed("license", &mut sc));
    }

    fn keys(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn plain_cjk_letters_are_their_own_key_and_words() {
        let ranges = [
            0x3041..=0x3096,
            0x30A1..=0x30FA,
            0x3400..=0x4DBF,
            0x4E00..=0x9FFF,
            0xAC00..=0xD7A3,
        ];
        let mut n = 0;
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let w = c.to_string();
            assert!(plain_cjk(&w), "{c}");
            // What the general path makes of it.
            let slow: String = w
                .nfkc()
                .flat_map(char::to_lowercase)
                .map(fold_char)
                .collect();
            assert_eq!(normalize(&w), slow, "{c}");
            assert_eq!(slow, w, "{c}");
            assert!(c.is_alphanumeric(), "{c}");
            n += 1;
        }
        assert_eq!(n, 86 + 90 + 6592 + 20992 + 11172);
        // Neighbours outside the ranges, longer words, other scripts.
        for w in [
            "\u{3040}", "\u{3099}", "\u{309B}", "\u{30FB}", "\u{F900}", "中国", "é", "ｶ",
        ] {
            assert!(!plain_cjk(w), "{w}");
        }
    }

    #[test]
    fn words_have_exact_byte_spans() {
        let text = "Hello, wörld! 2025";
        let toks = tokenize(text);
        let spans: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Hello", "wörld", "2025"]);
        assert_eq!(toks[1].start, 7);
        assert_eq!(toks[1].end, 13);
    }

    #[test]
    fn punctuation_and_spaces_are_not_words() {
        assert_eq!(keys(" -- , . ! “ ” \u{a0} "), Vec::<String>::new());
    }

    #[test]
    fn case_and_curly_quotes_do_not_hide_a_match() {
        assert_eq!(keys("China’s WORLD"), keys("china's world"));
        assert_eq!(keys("China’s"), ["china's"]);
        assert_eq!(keys("don\u{02BC}t"), ["don't"]);
    }

    #[test]
    fn compatibility_forms_fold_under_nfkc() {
        // Full-width letters, a ligature and a superscript digit (UAX #29
        // makes the superscript a word of its own).
        assert_eq!(keys("ＡＢＣ"), ["abc"]);
        assert_eq!(keys("ﬁne"), ["fine"]);
        assert_eq!(keys("x²"), keys("x 2"));
    }

    #[test]
    fn a_bom_is_not_part_of_the_first_word() {
        let v: Vec<(usize, &str)> = words("\u{feff}Hello world\r\nx").collect();
        assert_eq!(v, [(3, "Hello"), (9, "world"), (16, "x")]);
    }

    #[test]
    fn capitals_fold_like_case_folding() {
        assert_eq!(keys("STRASSE"), keys("Straße"));
        assert_eq!(keys("ΣΚΈΨΗΣ"), keys("σκέψης"));
        assert_eq!(keys("ПРАВО"), ["право"]);
    }

    #[test]
    fn cjk_ideographs_are_separate_words() {
        let text = "来源:中国网";
        let toks = tokenize(text);
        let spans: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["来", "源", "中", "国", "网"]);
    }

    #[test]
    fn non_breaking_spaces_and_dashes_separate_words() {
        assert_eq!(
            keys("trade\u{2011}costs a\u{a0}b"),
            ["trade", "costs", "a", "b"]
        );
    }

    #[test]
    fn key_hash_agrees_with_the_key() {
        let mut s = String::new();
        assert_eq!(
            key_hash("Cyberspace", &mut s),
            key_hash("cyberspace", &mut s)
        );
        assert_eq!(key_hash("China’s", &mut s), key_hash("CHINA'S", &mut s));
        assert_ne!(key_hash("china", &mut s), key_hash("chinas", &mut s));
        assert_eq!(key_hash("ＡＢＣ", &mut s), key_hash("abc", &mut s));
        // The eight-bytes-at-a-time lower-casing: every ASCII byte, long words.
        let all: String = (0x21u8..0x7F).map(char::from).collect();
        assert_eq!(
            key_hash(&all, &mut s),
            key_hash(&all.to_ascii_lowercase(), &mut s)
        );
        assert_eq!(
            key_hash(&all, &mut s),
            hash_bytes(all.to_ascii_lowercase().as_bytes(), false)
        );
        assert_ne!(key_hash("ab", &mut s), key_hash("ab\0", &mut s));
    }

    #[test]
    fn ascii_scanner_follows_uax29() {
        for text in [
            "S:t a.b.c e.g. 1,000.5 3;4 don't 'quoted' x_y __ _a a_ 1a a1 a1.b",
            "end. Next,word: (paren) [x]--y a..b 1..2 a'' ''a 'a' 1'2 a:1 1:a",
            "tabs\tand\nnew\r\nlines  café naïve «x» 中文 mixed-ASCII",
        ] {
            let uax: Vec<(usize, &str)> = text
                .split_word_bound_indices()
                .filter(|(_, w)| is_word(w))
                .collect();
            let fast: Vec<(usize, &str)> = words(text).collect();
            assert_eq!(fast, uax, "{text}");
        }
    }

    #[test]
    fn word_count_counts_words_only() {
        assert_eq!(
            word_count("David Gosset Photo: Courtesy of David Gosset"),
            7
        );
    }
}
