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
//!
//! Word iteration lives in `words`, keys and hashes in `keys`; this module
//! joins them into [`Token`]s.

mod keys;
mod words;

pub use keys::{SeedCache, key_hash, mix64, normalize, normalize_into, seed_hash};
pub use words::{
    EOJEOL_MAX, Words, for_each_word, fresh_start, is_word, spaced_word_around, syllabic, words,
};

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

/// True when `word` is one CJK ideograph, kana or Hangul syllable: a letter
/// that is its own key (no compatibility form, no case), so neither the
/// Unicode tables nor normalisation need to see it. In CJK text every
/// ideograph is a word, and these lookups were most of its tokenising time.
pub fn plain_cjk(word: &str) -> bool {
    plain_cjk_bytes(word.as_bytes())
}

/// [`plain_cjk`] of a word's UTF-8 bytes (no check that they are a whole
/// character of a `str`: for a span known to be one word).
pub fn plain_cjk_bytes(b: &[u8]) -> bool {
    // All of these take three bytes in UTF-8: 1110xxxx 10xxxxxx 10xxxxxx.
    if b.len() != 3 || b[0] & 0xF0 != 0xE0 {
        return false;
    }
    let c = (u32::from(b[0] & 0x0F) << 12) | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F);
    matches!(c, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
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
    use super::keys::fold_char;
    use super::*;
    use unicode_normalization::UnicodeNormalization;

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
    fn word_count_counts_words_only() {
        assert_eq!(
            word_count("David Gosset Photo: Courtesy of David Gosset"),
            7
        );
    }
}
