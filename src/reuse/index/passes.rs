//! Whether the index needs its first pass.
//!
//! The first pass ([`super::shingles::first_pass`]) only saves memory: it
//! marks which fingerprint hashes recur, so that the second stores those
//! alone (most shingles of a corpus are unique) and never holds all of
//! them. It costs a whole tokenisation of the corpus — about a fifth of the
//! engine's time on 100 MB of prose. When every fingerprint fits beside the
//! text within the engine's memory target (peak resident memory at most
//! twice the corpus), the index skips it: the second pass then stores every
//! fingerprint and the store drops the unique ones when it sorts
//! ([`super::store::BucketFill::finish`]), with exactly the same groups.
//!
//! How many fingerprints there will be is estimated before any is hashed,
//! from the words per byte of [`SAMPLES`] windows of text spread over the
//! corpus (winnowing keeps about `2 / (w + 1)` of the shingles): prose has a
//! word per six bytes, CJK text one per three, so the answer depends on the
//! text, not only its size. The memory already resident is what the process
//! holds now (the text among it); where it cannot be read the first pass
//! always runs.

use crate::corpus::Document;

/// Windows of text sampled for the words-per-byte estimate…
pub(super) const SAMPLES: usize = 256;
/// …each of this many bytes (256 of them: 1 MB, about 1% of the corpora
/// where the first pass matters, read in a few milliseconds).
pub(super) const SAMPLE_BYTES: usize = 4096;

/// Estimated number of words in `docs` (those `skip` leaves out count as
/// empty), from [`SAMPLES`] windows evenly spread over the concatenated
/// text (the whole text when it is smaller).
pub(super) fn estimate_words(docs: &[Document], skip: impl Fn(usize) -> bool) -> usize {
    let text = |d: usize| -> &str { if skip(d) { "" } else { &docs[d].text } };
    let total: usize = (0..docs.len()).map(|d| text(d).len()).sum();
    if total <= SAMPLES * SAMPLE_BYTES {
        return (0..docs.len())
            .map(|d| crate::segment::words(text(d)).count())
            .sum();
    }
    let (mut words, mut bytes) = (0usize, 0usize);
    let mut doc = 0usize;
    let mut doc_start = 0usize;
    for s in 0..SAMPLES {
        let at = total / SAMPLES * s + total / (2 * SAMPLES);
        while doc_start + text(doc).len() <= at {
            doc_start += text(doc).len();
            doc += 1;
        }
        let t = text(doc);
        let (lo, hi) = window(t, at - doc_start, SAMPLE_BYTES);
        words += crate::segment::words(&t[lo..hi]).count();
        bytes += hi - lo;
    }
    if bytes == 0 {
        return total / 6;
    }
    (total as u128 * words as u128 / bytes as u128) as usize
}

/// A window of about `len` bytes of `text` from `at`, on character
/// boundaries, starting after white space (not inside a word) when there
/// is any.
fn window(text: &str, at: usize, len: usize) -> (usize, usize) {
    let mut lo = at.min(text.len());
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    if lo > 0
        && let Some(sp) = text[lo..].find(char::is_whitespace)
    {
        lo += sp;
    }
    let mut hi = (lo + len).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    (lo, hi.max(lo))
}

/// Margin on the estimated fingerprint count. Winnowing keeps 2/(w+1) of
/// the words almost exactly (0.4997 per word at `w = 3` on 100 MB of
/// prose), so the error is the words-per-byte estimate's: within 1.5% on
/// seven corpora from 0.1 to 224 MB (prose, prose with CJK, boilerplate,
/// a CJK-only corpus, five 20 MB files, /usr/share/doc, the licences).
/// With 64 samples and a 15% margin, 100 MB of prose whose fingerprints
/// fit with 7 MB to spare was planned over budget and ran both passes
/// (0.5 s more).
const MARGIN: f64 = 1.05;

/// What the index plans for, from one estimate of the corpus's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Plan {
    /// Fingerprints expected (with [`MARGIN`]): the one-pass regions, or
    /// the first pass's set of hashes, are sized for them.
    pub(super) fingerprints: usize,
    /// Whether the first pass is skipped (see the module doc).
    pub(super) one_pass: bool,
}

/// The [`Plan`] for `docs` (less those `skip` leaves out: copies of
/// others, see [`crate::reuse::twins`]) at winnowing window `w`: one pass when every
/// fingerprint fits beside the `resident` bytes the process holds now
/// within twice the text's size — every fingerprint (8 bytes each), the
/// sketches (half a byte per word), the checkpoints (4 bytes per 32 words)
/// and a batch's buffers (16 bytes per fingerprint of about a 32nd of the
/// corpus). Two passes when it does not fit or `resident` is unknown.
pub(super) fn plan(
    docs: &[Document],
    skip: impl Fn(usize) -> bool + Copy,
    w: usize,
    resident: Option<usize>,
) -> Plan {
    let total: usize = docs.iter().map(|d| d.text.len()).sum();
    let words = estimate_words(docs, skip);
    let fingerprints = (words as f64 * 2.0 / (w as f64 + 1.0) * MARGIN) as usize + 1;
    let need = fingerprints * 8 + words / 2 + words / 8 + fingerprints / 2;
    Plan {
        fingerprints,
        one_pass: resident.is_some_and(|r| r.saturating_add(need) <= 2 * total),
    }
}

/// Most rounds the second pass runs in (see [`rounds`]): each is one more
/// tokenisation of the corpus.
pub(super) const MAX_ROUNDS: usize = 3;

/// How many rounds the second pass runs in, once the first has found that
/// `shared` fingerprints will be stored (of a corpus of `words` words and
/// `text` bytes, with `resident` bytes held now): the fewest whose peak
/// fits within twice the text, up to [`MAX_ROUNDS`]; one when none does
/// (the engine's peak then lies elsewhere too, and each round costs a
/// tokenisation: on a file holding 9 MB of CJK text twice, a build that
/// always ran three took `refrain report` from 6.2 to 9.4 s, and its peak,
/// reached later in alignment, stayed 78 MB) or when
/// `resident` is unknown. A round stores the fingerprints of a share of the buckets
/// (8 bytes each while they are sorted) and ends by sorting them into
/// groups (4 bytes each), so with `n` rounds the peak is about
/// `4 + 4 / n` bytes per fingerprint instead of 8, beside the sketches
/// and checkpoints (the first round's) and a batch's buffers. Where every
/// shingle recurs (two versions of a folder, a file holding its text twice)
/// the fingerprints are 0.7 times the text at 8 bytes each: one round
/// cannot fit.
pub(super) fn rounds(resident: Option<usize>, shared: usize, words: usize, text: usize) -> usize {
    let Some(resident) = resident else {
        return 1;
    };
    let beside = resident + words / 2 + words / 8 + shared / 2;
    (1..=MAX_ROUNDS)
        .find(|&n| beside + 4 * shared + (4 * shared).div_ceil(n) <= 2 * text)
        .unwrap_or(1)
}

/// The buckets (with `per_bucket[b]` fingerprints in bucket `b`) split
/// into `n` ranges holding about as many fingerprints each, in order (fewer
/// when there are fewer buckets; never an empty one).
pub(super) fn round_buckets(per_bucket: &[usize], n: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = per_bucket.iter().sum();
    let mut out = Vec::with_capacity(n);
    let (mut start, mut sum) = (0, 0);
    for (b, &c) in per_bucket.iter().enumerate() {
        sum += c;
        let round = out.len() + 1;
        if round < n && sum * n >= total * round {
            out.push(start..b + 1);
            start = b + 1;
        }
    }
    out.push(start..per_bucket.len());
    out.retain(|r| !r.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[String]) -> Vec<Document> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}.txt"), t.clone()))
            .collect()
    }

    #[test]
    fn the_estimate_counts_small_corpora_exactly_and_samples_large_ones() {
        let small = docs(&["one two three".into(), "four, five".into()]);
        assert_eq!(estimate_words(&small, |_| false), 5);
        // 1 MB of six-byte words ("word1 " …) and 1 MB of CJK text (one
        // word per character, three bytes each): sampled across both.
        let latin: String = (0..174_763).map(|i| format!("w{:04} ", i % 9973)).collect();
        let cjk: String = "漢字仮名交じり文".repeat(43_690);
        let big = docs(&[latin.clone(), cjk.clone()]);
        let exact = crate::segment::words(&latin).count() + crate::segment::words(&cjk).count();
        let est = estimate_words(&big, |_| false);
        assert!(
            est.abs_diff(exact) * 50 < exact,
            "estimate {est}, exact {exact}"
        );
    }

    #[test]
    fn rounds_are_the_fewest_that_fit_and_split_the_buckets_evenly() {
        // 10 MB of text, 1 M words, 5 MB held, so 15 MB for the
        // fingerprints and their buffers: 1.5 M shared fingerprints fit in
        // one round (12 MB at 8 bytes); 2 M need two (16 MB in one, 12 MB
        // in two), 2.5 M three; 3 M fit in none, and take one.
        let mb = 1 << 20;
        let r = |shared| rounds(Some(5 * mb), shared, mb, 10 * mb);
        assert_eq!(
            [r(1_500_000), r(2_000_000), r(2_500_000), r(3_000_000)],
            [1, 2, 3, 1]
        );
        assert_eq!(rounds(None, 3_000_000, mb, 10 * mb), 1);
        assert_eq!(round_buckets(&[4, 4, 4, 4], 1), vec![(0..4)]);
        assert_eq!(round_buckets(&[4, 4, 4, 4], 2), [0..2, 2..4]);
        assert_eq!(round_buckets(&[1, 1, 10, 1, 1], 2), [0..3, 3..5]);
        assert_eq!(round_buckets(&[3, 3, 3, 3, 3, 3], 3), [0..2, 2..4, 4..6]);
        assert_eq!(round_buckets(&[5, 5], 7), [0..1, 1..2]);
    }

    #[test]
    fn one_pass_only_when_every_fingerprint_fits_beside_the_text() {
        let text: String = (0..200_000).map(|i| format!("w{:04} ", i % 9973)).collect();
        let d = docs(&[text]);
        let bytes = d[0].text.len();
        // Nothing else resident: 1.2 MB of text has room for its fingerprints.
        let roomy = plan(&d, |_| false, 3, Some(bytes));
        assert!(roomy.one_pass);
        // A process already holding twice the text has none.
        assert!(!plan(&d, |_| false, 3, Some(2 * bytes)).one_pass);
        // Unknown memory: the first pass runs, sized the same.
        assert_eq!(
            plan(&d, |_| false, 3, None),
            Plan {
                one_pass: false,
                ..roomy
            }
        );
    }
}
