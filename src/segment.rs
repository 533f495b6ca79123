//! Segmentation: a document's words (UAX #29 via unicode-segmentation), each with
//! its byte span and a normalised key, so that case, curly quotes, dashes and
//! compatibility forms do not hide a match. Knows nothing of reuse or terminals.
//!
//! A *word* is a UAX #29 word segment that contains at least one alphanumeric
//! character (so punctuation and spaces are never words). CJK ideographs are
//! words on their own: UAX #29 puts no boundary-free rule between them.
//!
//! The *key* of a word is: NFKC (compatibility forms such as full-width letters
//! and ligatures fold to plain ones), then lower case, then curly quotes and
//! apostrophes become straight ones and dash variants become `-`. ASCII words
//! take a fast path (lower-casing only). The reuse engine works on a 64-bit hash
//! of the key ([`key_hash`]); [`tokenize`] gives the key itself for people and
//! for tests.

use std::hash::Hasher as _;
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
        _ => segment.chars().any(char::is_alphanumeric),
    }
}

/// Calls `f(start, end, word)` for every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    for (start, w) in text.split_word_bound_indices() {
        if is_word(w) {
            f(start, start + w.len(), w);
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
    for c in word.nfkc().flat_map(char::to_lowercase) {
        out.push(fold_char(c));
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
pub fn key_hash(word: &str, scratch: &mut String) -> u64 {
    normalize_into(word, scratch);
    let mut h = rustc_hash::FxHasher::default();
    h.write(scratch.as_bytes());
    mix64(h.finish())
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

    fn keys(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.key).collect()
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
    }

    #[test]
    fn word_count_counts_words_only() {
        assert_eq!(
            word_count("David Gosset Photo: Courtesy of David Gosset"),
            7
        );
    }
}
