//! The banality filter's thresholds (how long a passage recurring `n`
//! times must be, which shingles are stock phrases) and the passage-end
//! rules clustering shares with the query path (closing punctuation, whole
//! lines).

use super::Node;
use crate::reuse::index::StockMap;

/// Words of the corpus per recurrence a stock phrase has at least.
pub const STOCK_RATE: u64 = 1_000_000;

/// How many times a shingle must recur, in a corpus of `corpus_words`
/// words, to count as a stock phrase against a cluster of `n` occurrences:
/// more than twice as often as the cluster (`2n + 2`), and more than once
/// per [`STOCK_RATE`] words. A phrase's count grows with the corpus while
/// the cluster's does not, so without the second bound a passage copied
/// four times and stitched from phrases that recur ten times in 10 MB is
/// kept at 10 MB and dropped as stock at 100 MB (a phrase is stock by its
/// frequency in the language, not by its count).
pub fn stock_above(n: usize, corpus_words: u64) -> u32 {
    let above = ((2 * n + 2) as u64).max(corpus_words / STOCK_RATE);
    above.min(u64::from(u32::MAX)) as u32
}

/// Words of an occurrence not covered by a stock shingle recurring more than
/// `above` times.
pub(super) fn distinctive_words(o: &Node, stock: &StockMap, above: u32) -> usize {
    (o.w1 - o.w0) as usize - stock.covered(o.doc, o.w0, o.w1, above)
}

/// Most times `min_words` a passage must be long however often it recurs.
/// Past sixteen occurrences a passage is boilerplate rather than a stock
/// phrase — a header, a footer, a navigation line pasted into hundreds of
/// files — and is reported whole (a 25-word navigation line that is a line
/// of its own, or a 30-word footer, in every file of a site), while slogans
/// of nine to twelve words stay banal however often they recur.
pub const BANALITY_CAP: f64 = 3.0;

/// How many times `min_words` a passage recurring `n` times must be long:
/// 1 up to four occurrences, then one more `min_words` per doubling
/// (`log2 n − 1`) up to [`BANALITY_CAP`]: a passage quoted a few times is
/// normal reuse, a short one repeated eight or thirty times is a stock phrase.
pub fn banality_factor(n: usize) -> f64 {
    ((n as f64).log2() - 1.0).clamp(1.0, BANALITY_CAP)
}

/// Closing punctuation that belongs to the passage when it directly follows
/// its last word: sentence ends, closing quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '"'
            | '\''
            | '”'
            | '’'
            | ')'
            | ']'
            | '»'
            | '」'
            | '』'
            | '。'
            | '！'
            | '？'
            | '）'
    )
}

/// Extends a passage end over the punctuation glued to its last word, up to
/// the last closing mark (so `cyberspace."` ends after the quote, while
/// `cyberspace,` stops before the comma).
pub fn closing_end(text: &str, end: usize) -> usize {
    let mut best = end;
    for (i, c) in text[end..].char_indices() {
        if c.is_whitespace() || c.is_alphanumeric() {
            break;
        }
        if is_closer(c) {
            best = end + i + c.len_utf8();
        }
    }
    best
}

/// True when `start..end` covers whole lines: nothing alphanumeric precedes it
/// on its first line or follows it on its last line.
pub fn is_block(text: &str, start: usize, end: usize) -> bool {
    crate::reuse::lines::starts_line(text, start) && crate::reuse::lines::ends_line(text, end)
}
