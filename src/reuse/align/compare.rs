//! How two words compare in alignment: equal (by key, or by seed key for
//! OCR misreadings), near-equal, or different, reading as little as the
//! sketches allow.

use super::*;

/// Longer words (codes, hashes, URLs) are never near-equal: not worth the
/// comparison.
pub(super) const NEAR_MAX_BYTES: usize = 48;

/// True when the documents' sketches prove word `i` of `ra` and word `j` of
/// `rb` neither equal nor equal by seed key (their codes differ, see
/// [`chance`]): no key or seed key need be hashed.
pub(super) fn codes_differ(ra: &Region<'_>, rb: &Region<'_>, i: usize, j: usize) -> bool {
    match (ra.sketch(), rb.sketch()) {
        (Some(sa), Some(sb)) if i < sa.len() && j < sb.len() => {
            !chance::may_be_same(&sa, &sb, i, j)
        }
        _ => false,
    }
}

/// Bytes compared at a time by [`common_prefix`].
const PREFIX_CHUNK: usize = 256;

/// Length of the longest common prefix of `x` and `y`, compared a chunk at
/// a time (a `memcmp` each) and then byte by byte inside the chunk that
/// differs.
fn common_prefix(x: &[u8], y: &[u8]) -> usize {
    let n = x.len().min(y.len());
    let mut at = 0;
    while at + PREFIX_CHUNK <= n && x[at..at + PREFIX_CHUNK] == y[at..at + PREFIX_CHUNK] {
        at += PREFIX_CHUNK;
    }
    at + x[at..n]
        .iter()
        .zip(&y[at..n])
        .take_while(|(a, b)| a == b)
        .count()
}

/// How many words from word `i` of `ra` and word `j` of `rb` on are
/// byte-for-byte the same text, found without segmenting them: the texts
/// are compared from the two words' starts, and the stretch taken ends at
/// the last of `ra`'s checkpoints inside the identical bytes (every
/// [`crate::reuse::words::CHECKPOINT`]-th word starts at one), where `rb` must start a
/// word at the same distance — the same bytes after a word start make the
/// same words, so the two sides then hold the same number of words in
/// between, each equal to its counterpart. 0 when no checkpoint of `ra`
/// lies inside. Exact copies (two versions of a file, a folder beside its
/// backup with a few words changed) are walked at the speed of `memcmp`
/// instead of tokenised word by word on both sides.
pub(super) fn identical_ahead(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    i: usize,
    j: usize,
) -> usize {
    let (Some(x), Some(y)) = (ra.span(i), rb.span(j)) else {
        return 0;
    };
    let (sa, sb) = (x.start as usize, y.start as usize);
    let (ta, tb) = (ra.text().as_bytes(), rb.text().as_bytes());
    let same = common_prefix(&ta[sa..], &tb[sb..]);
    let checkpoints = ra.checkpoints();
    let m = checkpoints.partition_point(|&c| c as usize <= sa + same);
    let Some(m) = m.checked_sub(1) else {
        return 0;
    };
    let land = m * crate::reuse::words::CHECKPOINT;
    if land <= i {
        return 0;
    }
    let steps = land - i;
    let at = checkpoints[m] as usize - sa;
    match rb.span(j + steps) {
        Some(z) if z.start as usize == sb + at => steps,
        _ => 0,
    }
}

/// How word `i` of `ra` compares with word `j` of `rb`.
pub(super) fn compare(ra: &mut Region<'_>, rb: &mut Region<'_>, i: usize, j: usize) -> Sim {
    if codes_differ(ra, rb, i, j) {
        // Keys and seed keys differ: near-equal at best (only the spans are
        // needed, no key is hashed).
        return match (ra.span(i), rb.span(j)) {
            (Some(x), Some(y)) => near(ra, rb, (i, x), (j, y)),
            _ => Sim::Differ,
        };
    }
    match (ra.get(i), rb.get(j)) {
        (Some(x), Some(y)) if x.key == y.key => Sim::Equal,
        // Equal seed keys can differ in at most two mask bits (`c`/`e`).
        (Some(_), Some(_)) if !xdrop::masks_may_be_near(ra.mask(i), rb.mask(j)) => Sim::Differ,
        // Equal seed keys: the same word misread by OCR (`c0pyright`,
        // `perrmission`), scored and counted as equal.
        (Some(_), Some(_)) if ra.seed(i) == rb.seed(j) => Sim::Equal,
        (Some(x), Some(y)) => near(ra, rb, (i, x), (j, y)),
        _ => Sim::Differ,
    }
}

/// True when words of `lx` and `ly` bytes may be near-equal: each of 4 to
/// [`NEAR_MAX_BYTES`] bytes, differing by at most 8 (shorter words are too
/// short to tell an edit from another word).
fn near_lengths(lx: usize, ly: usize) -> bool {
    (4..=NEAR_MAX_BYTES).contains(&lx) && (4..=NEAR_MAX_BYTES).contains(&ly) && lx.abs_diff(ly) <= 8
}

/// False when two words of `lx` and `ly` bytes cannot be near-equal: by
/// their lengths first (most words are too short, and their letter masks,
/// which `masks` gives, are then never computed), then by their masks.
/// The first tests of [`near`], shared with alignment's tables
/// (`align::Known`), which read each word's mask once.
pub(super) fn may_be_near(lx: usize, ly: usize, masks: impl FnOnce() -> (u32, u32)) -> bool {
    if !near_lengths(lx, ly) {
        return false;
    }
    let (mx, my) = masks();
    xdrop::masks_may_be_near_for(mx, my, lx, ly)
}

/// [`Sim::Near`] when word `i` of `ra` (`x`) and word `j` of `rb` (`y`),
/// with different keys and seed keys, are near-equal, else
/// [`Sim::Differ`]. The cheap tests come first: lengths (most words are too
/// short, and then their letter masks are never computed), then the letter
/// masks, then the folded words themselves.
pub(super) fn near(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    (i, x): (usize, Word),
    (j, y): (usize, Word),
) -> Sim {
    let (lx, ly) = ((x.end - x.start) as usize, (y.end - y.start) as usize);
    if !may_be_near(lx, ly, || (ra.mask(i), rb.mask(j))) {
        return Sim::Differ;
    }
    let sx = &ra.text()[x.start as usize..x.end as usize];
    let sy = &rb.text()[y.start as usize..y.end as usize];
    if xdrop::near_equal_unmasked(sx, sy) {
        Sim::Near
    } else {
        Sim::Differ
    }
}

/// True when word `i` of `ra` and word `j` of `rb` count as equal (equal
/// keys, or equal seed keys): [`compare`] without the near-equal test.
pub(super) fn same_word(ra: &mut Region<'_>, rb: &mut Region<'_>, i: usize, j: usize) -> bool {
    if codes_differ(ra, rb, i, j) {
        return false;
    }
    match (ra.get(i), rb.get(j)) {
        (Some(x), Some(y)) if x.key == y.key => true,
        (Some(_), Some(_)) => {
            xdrop::masks_may_be_near(ra.mask(i), rb.mask(j)) && ra.seed(i) == rb.seed(j)
        }
        _ => false,
    }
}
