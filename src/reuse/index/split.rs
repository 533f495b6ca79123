//! One long document segmented on every core: the text is cut into parts
//! where segmentation starts afresh ([`crate::segment::fresh_start`]), the
//! parts of a round are segmented and hashed in parallel, and their words
//! are fed in order to the one shingler of the document. The words, their
//! numbers and the checkpoints are those of [`words::scan_seeds`]: a part
//! whose restarts at checkpoints would change its words (checked with
//! [`words::restarts_agree`]; restarting at a word's start almost never
//! changes anything) is segmented again exactly as `scan_seeds` does.
//!
//! Before, a corpus of one large file was indexed on one core: with this,
//! 100 MB of planted copies in one file (`bench_engine real:DIR`) is
//! indexed in 1.11 s instead of 1.41 s and a 50 MB file of one article
//! repeated (`repeat:50`) in 0.28 s instead of 0.42 s, with the same
//! report; feeding the shingler stays on one thread.

use crate::reuse::words::{self, CHECKPOINT, PartWord};
use rayon::prelude::*;

/// Bytes of text per part (about: a part ends where segmentation may start
/// afresh). Each part's words take about four times its bytes while its
/// round is fed (24 bytes a word, a word per 6 bytes of prose), and two
/// rounds of a part per core are held at once: 2 MB on two cores.
const PART_BYTES: usize = 1 << 17;

/// Texts shorter than this are segmented on one core (as a batch's
/// documents are each, side by side): the parts' words would be a
/// noticeable share of a small corpus's peak.
const SPLIT_MIN_BYTES: usize = 16 << 20;

/// Calls `f(index, seed, wild)` for every word of `text` as
/// [`words::scan_seeds`] does and returns the checkpoints, segmenting in
/// parallel parts; `None` (nothing called) for a text too short to split or
/// on one core.
pub(super) fn scan_in_parts(
    text: &str,
    f: impl FnMut(usize, u64, bool) + Send,
) -> Option<Vec<u32>> {
    if rayon::current_num_threads() < 2 || text.len() < SPLIT_MIN_BYTES {
        return None;
    }
    scan_parts(text, PART_BYTES, f)
}

/// [`scan_in_parts`] with parts of about `size` bytes; `None` when the text
/// is one part. While one round's words are fed (on this thread), the next
/// round is segmented (on the others, and on this one when it is done).
fn scan_parts(
    text: &str,
    size: usize,
    mut f: impl FnMut(usize, u64, bool) + Send,
) -> Option<Vec<u32>> {
    let threads = rayon::current_num_threads().max(2);
    let parts = parts(text, size);
    if parts.len() < 2 {
        return None;
    }
    let mut feed = Feed {
        text,
        n: 0,
        checkpoints: Vec::with_capacity(text.len() / 6 / CHECKPOINT + 1),
    };
    let mut rounds = parts.chunks(threads);
    let mut ready = rounds.next().map(|r| scan_round(text, r, 0));
    for next in rounds {
        let Some(now) = ready.take() else { break };
        // Where the next round starts unless this one is segmented again.
        let base = feed.n + now.words.iter().map(Vec::len).sum::<usize>();
        let (_, scanned) = rayon::join(|| feed.round(now, &mut f), || scan_round(text, next, base));
        ready = Some(scanned);
    }
    if let Some(round) = ready {
        feed.round(round, &mut f);
    }
    Some(feed.checkpoints)
}

/// One round's parts (byte ranges), each segmented without restarts, and
/// whether its restarts agree where it was expected to start in the
/// numbering (checked again if it starts elsewhere, see [`Feed::round`]).
struct Round<'a> {
    parts: &'a [(usize, usize)],
    words: Vec<Vec<PartWord>>,
    /// Where each part was checked to start in the numbering and whether
    /// its restarts agree there.
    checked: Vec<(usize, bool)>,
}

/// Segments a round's parts in parallel and checks their restarts, the
/// round numbered from word `base`.
fn scan_round<'a>(text: &str, parts: &'a [(usize, usize)], base: usize) -> Round<'a> {
    let words: Vec<Vec<PartWord>> = parts
        .par_iter()
        .map(|&(from, to)| words::scan_part(text, from, to, 0, false))
        .collect();
    let mut at = base;
    let starts: Vec<usize> = words
        .iter()
        .map(|w| {
            let s = at;
            at += w.len();
            s
        })
        .collect();
    let checked = words
        .par_iter()
        .zip(&starts)
        .zip(parts)
        .map(|((w, &s), &(_, to))| (s, words::restarts_agree(text, to, w, s)))
        .collect();
    Round {
        parts,
        words,
        checked,
    }
}

/// Feeds rounds' words in order, numbering them and keeping checkpoints.
struct Feed<'t> {
    text: &'t str,
    /// Words fed so far.
    n: usize,
    checkpoints: Vec<u32>,
}

impl Feed<'_> {
    /// Feeds a round's parts: a part checked at another position than the
    /// one it starts at is checked again, and one whose restarts disagree
    /// is segmented again exactly.
    fn round(&mut self, round: Round<'_>, f: &mut impl FnMut(usize, u64, bool)) {
        for ((mut part, &(from, to)), &(at, agree)) in
            round.words.into_iter().zip(round.parts).zip(&round.checked)
        {
            let ok = if at == self.n {
                agree
            } else {
                words::restarts_agree(self.text, to, &part, self.n)
            };
            if !ok {
                part = words::scan_part(self.text, from, to, self.n, true);
            }
            for w in part {
                if self.n.is_multiple_of(CHECKPOINT) {
                    self.checkpoints.push(w.start);
                }
                f(self.n, w.seed, w.wild);
                self.n += 1;
            }
        }
    }
}

/// `text` cut into parts of about `size` bytes, as byte ranges, each
/// after the first starting afresh.
fn parts(text: &str, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut at = size;
    while at < text.len() {
        match (at..text.len()).find(|&p| crate::segment::fresh_start(text, p)) {
            Some(p) => {
                out.push((from, p));
                from = p;
                at = p + size;
            }
            None => break,
        }
    }
    out.push((from, text.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`words::scan_seeds`] gives: each word's number, seed and
    /// wildness, and the checkpoints.
    fn serial(text: &str) -> (Vec<(usize, u64, bool)>, Vec<u32>) {
        let mut v = Vec::new();
        let cp = words::scan_seeds(text, |i, s, w| v.push((i, s, w)));
        (v, cp)
    }

    /// [`scan_parts`] with parts of `size` bytes (at least two parts).
    fn in_parts(text: &str, size: usize) -> (Vec<(usize, u64, bool)>, Vec<u32>) {
        let parts = parts(text, size);
        assert!(parts.len() >= 2, "{}", parts.len());
        // The parts tile the text, each after the first a fresh start.
        assert_eq!(parts[0].0, 0);
        assert_eq!(parts.last().unwrap().1, text.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].1, w[1].0);
            assert!(crate::segment::fresh_start(text, w[1].0));
        }
        let mut v = Vec::new();
        let cp = scan_parts(text, size, |i, s, w| v.push((i, s, w))).unwrap();
        (v, cp)
    }

    #[test]
    fn a_text_in_parts_gives_the_words_and_checkpoints_of_a_whole_scan() {
        // Prose, CJK, words broken by a hyphen at line ends (never cut
        // between their halves), lines of one long word, blank lines.
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!(
                "Line {i} of the text, with a docu-\nmented word and \u{201c}quotes\u{201d}.\n"
            ));
            if i % 7 == 0 {
                text.push_str("中文的句子没有空格，一个字一个词。日本語もそうです。\n\n");
            }
            if i % 11 == 0 {
                text.push_str(&"x".repeat(300));
                text.push_str("-\n  ");
            }
        }
        let whole = serial(&text);
        for size in [64, 100, 333, 1000, 4096] {
            assert_eq!(in_parts(&text, size), whole, "parts of {size} bytes");
        }
    }

    #[test]
    fn a_part_is_never_cut_after_a_line_end_hyphen() {
        let text = "alpha beta-\ngamma delta-  \n  epsilon zeta";
        let cuts: Vec<usize> = (0..text.len())
            .filter(|&p| crate::segment::fresh_start(text, p))
            .collect();
        // At the start, before "beta-" and before "zeta"; not before
        // "gamma" or "epsilon", which may continue a broken word.
        let at = |w: &str| text.find(w).unwrap();
        assert_eq!(cuts, [0, at("beta"), at("delta"), at("zeta")]);
    }

    #[test]
    fn restarts_agree_says_whether_restarting_changes_a_part() {
        // Checkpoints inside runs of Thai letters (no spaces) are checked by
        // segmenting again from them; at every phase the check says what an
        // exact scan with restarts gives (here the same words: no input
        // found so far makes a restart at a word's start change them).
        let text = "ภาษาไทยไม่มีช่องว่างระหว่างคำ ".repeat(40);
        let part = words::scan_part(&text, 0, text.len(), 0, false);
        assert!(part.len() > 2 * CHECKPOINT);
        for base in 0..CHECKPOINT {
            let exact = words::scan_part(&text, 0, text.len(), base, true);
            assert_eq!(
                words::restarts_agree(&text, text.len(), &part, base),
                part == exact
            );
        }
    }
}
