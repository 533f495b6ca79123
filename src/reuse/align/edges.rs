//! A copy's edge grown to the line it was pasted at.
//!
//! The X-drop extension stops where the text beyond scores below zero: at
//! the edge of a copy, a burst of edits (a clause rewritten, five words
//! dropped) leaves a head or tail of a line or two that is the copy's own
//! text — "das Format Changelogs. Lesen die in installierte alternative
//! Formate." against "das Format des Changelogs. Lesen Sie
//! dpkg-parsechangelog(1) für Informationen über alternative Formate." —
//! yet scores a little below zero, and the passage began a line late. A
//! pasted copy starts and ends with its lines, so where the extension
//! stopped inside a line on both sides, the stretch up to a line edge within
//! [`REACH`] words is aligned in full (global alignment, the extension's
//! scores) and taken when:
//!
//! - it starts (or, at the tail, ends) where a line does on either side,
//!   on an equal word (only such starts are aligned, each with
//!   [`xdrop::global`], the alignment differences are shown with);
//! - two words in five of it are matched (`min_similarity` less [`SLACK`]):
//!   two unrelated stretches of prose of 24 words share a few common words
//!   in order, a fifth of them or less, and such a stretch must also open
//!   on an equal word exactly where a line starts;
//! - it does not cost more than the extension ever bridges (`X_DROP`), and
//!   the pair as a whole still passes every test of a reported pair.
//!
//! Of several such starts the best-scoring is taken (the farther on a tie).
//! Most edges grown are those of chance phrases (on harsh:100, 275 k
//! edges, of which about 3 k grow), so a start is first held to a bound
//! that needs no alignment: the longest common subsequence of the words
//! that may match at all (equal codes, or lengths and letters that allow
//! near-equality), bit-parallel; the table is filled only when a start
//! passes it (session 29; same reports).
//!
//! The reach is as much text on a CJK side as on a spaced one: a CJK
//! character counts as half a word ([`REACH`]; session 28). A line of
//! Chinese text in the rendered man pages holds 31 characters on average
//! (`examples/independent/linestat.py`), so a reach of 24 characters often
//! missed its edge. Independent check, Chinese pairs at
//! 15–30% edits found whole 75.3 → 77.4%, at ≤ 15% 93.7 → 94.5%; spaced
//! text, the seeds and every bench figure unchanged.
//!
//! One equal word at the line edge is enough (session 28; two before, as
//! the X-drop ends every passage on two). The X-drop stops two words short
//! of a copy's edge whenever the word before its last drew an edit
//! ("создания базы данных" against "создания данных", the copy's line
//! ending there), and that edge used to stay cut: the stretch closing on
//! the line's last word, equal on both sides, is what shows that the copy
//! ends with its line. Independent check, ten seeds, pairs at 15–30% edits
//! found whole: Russian 87.5 → 90.3%, German 89.8 → 93.2%, French 95.1 →
//! 97.4%, Polish 92.9 → 94.1%, Ukrainian 92.1 → 93.6%, Chinese 72.5 →
//! 75.3%; the bench's edited English pairs at 20–30% on harsh:100 93.1 →
//! 94.9%, precision unchanged on every shape. Growing across a paragraph
//! break still takes two: a heading line ("Page 3" against "Page 5") shares
//! its first word with every other, and would join every copy's passage.
//!
//! Independent check (rendered man pages of seven languages, copies planted
//! by `examples/independent/run.sh`), pairs at 15–30% edits found whole:
//! see session 22 in docs/performance-history.md.
//!
//! A copy that already starts (ends) with a line grows only across a
//! paragraph break: the paragraph before (after) the copied one may be a
//! line of the copy that drew a burst of edits ("possible d'utiliser À le
//! même la mémoire de" against "… possible d'utiliser le même
//! fichier/répertoire pour UID_POOL et GID_POOL."), and the breaks' rule
//! judges it (`fragments::Fragment::pasted_line`). Independent check, French
//! pairs at 15–30% found whole 82.6% → 87.0%; the bench's `paragraphs`
//! shape 1,177 → 1,179 of 1,244 edited English pairs (5–15%: 96.6 →
//! 97.1%), precision unchanged; the licences' shared sections take in the
//! identical line before or after a break they stopped at ("under
//! copyright law.", "received the program in object code …").

use super::*;

/// Most words on each side a copy's edge is grown over, to a line edge:
/// a line or two of prose, the distance the probe looks ahead too. A CJK
/// character counts as half a word (a Chinese word is one to two
/// characters), so as much CJK text is within reach as spaced text: up to
/// [`MAX_REACH`] characters.
pub(super) const REACH: usize = 24;

/// Most words within [`REACH`] (CJK characters, each half a word; one bit
/// each in [`line_edges`]).
const MAX_REACH: usize = 2 * REACH;

/// How much less alike than a passage (`min_similarity`) the stretch grown
/// may be. The edge of the German man-page copy above is 0.42 alike (4 of
/// its 12 and 7 words matched, after `dpkg-parsechangelog(1)` is cut into
/// four words). Measured against a slack of 0.2 (that of
/// [`super::fragments::EDGE_SLACK`]): the `paragraphs` bench shape's English pairs at 20–30% edits
/// found whole 88.9% → 90.2%, harsh:10's edited English pairs 1,194 →
/// 1,200 of 1,254, harsh:100's at 20–30% 92.3% → 93.2%, `sentences`'
/// 1,136 → 1,135 of 1,172, precision unchanged on every shape (98.1% on
/// harsh:100); the independent check's German
/// 76.8% → 84.1%, Russian 87.7% → 89.2%, Chinese 86.4% → 88.6% (at 0.2
/// nothing changed there: such edges are 0.4–0.5 alike). At 0.35 German
/// and Ukrainian gained a few pairs more and the bench nothing: not taken.
pub(super) const SLACK: f64 = 0.3;

/// The least a word on one side only costs (a CJK character's gap): the
/// bound a start's score is judged by before any alignment.
const GAP_LEAST: i32 = xdrop::GAP_CJK;

/// Which end of a pair is grown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    /// Before the pair's first words `(a0, b0)`, back to a line start.
    Head,
    /// After its last words (ending before `(a1, b1)`), on to a line end.
    Tail,
}

/// The stretch to add at `end` of a pair whose edge words are `(a, b)` (its
/// first words for [`End::Head`], one past its last for [`End::Tail`]):
/// how many words of each side, and the steps in text order; `None` when
/// the edge is at a line edge already or no stretch qualifies (see the
/// module doc). `room` is how many words each side may grow at most.
pub(super) fn grow(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    end: End,
    (a, b): (usize, usize),
    room: (usize, usize),
    min_similarity: f64,
) -> Option<(usize, usize, Vec<Op>)> {
    let head = end == End::Head;
    // The word `t` steps from the edge, outwards.
    let wa = |t: usize| if head { a - 1 - t } else { a + t };
    let wb = |u: usize| if head { b - 1 - u } else { b + u };
    // Already at a line edge on either side: nothing to grow.
    let at_edge = if head {
        fragments::line_start(ra, a) || fragments::line_start(rb, b)
    } else {
        fragments::line_end(ra, a) || fragments::line_end(rb, b)
    };
    // A copy that starts (ends) with a line of a paragraph may have drawn
    // its burst in the paragraph before (after) it, a line of its own; the
    // breaks' own rule then judges that paragraph (`fragments`).
    if at_edge
        && !(fragments::paragraph_break_before(ra, a) || fragments::paragraph_break_before(rb, b))
    {
        return None;
    }
    let m = room
        .0
        .min(ra.len().saturating_sub(if head { 0 } else { a }));
    let n = room
        .1
        .min(rb.len().saturating_sub(if head { 0 } else { b }));
    // How many equal words a stretch opens with at its line edge: one within
    // a line, two across a paragraph break (see the module doc).
    let need = if at_edge { 2 } else { 1 };
    if m < need || n < need {
        return None;
    }
    // The line edges within reach on each side, a bit per number of words
    // taken. Most edges have none.
    let (lines_a, m) = line_edges(ra, a, m, head);
    let (lines_b, n) = line_edges(rb, b, n, head);
    if lines_a == 0 && lines_b == 0 {
        return None;
    }
    // Starts within reach at a line edge on either side, opening on `need`
    // equal words (keys or seed keys, as the alignment's `Equal`; no word
    // is measured for near-equality here).
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut opens = |ra: &mut Region<'_>, rb: &mut Region<'_>, t: usize, u: usize| {
        if t >= need && u >= need && (1..=need).all(|e| same_word(ra, rb, wa(t - e), wb(u - e))) {
            starts.push((t, u));
        }
    };
    for t in bits(lines_a) {
        for u in 1..=n {
            opens(ra, rb, t, u);
        }
    }
    for u in bits(lines_b) {
        for t in (1..=m).filter(|&t| lines_a >> t & 1 == 0) {
            opens(ra, rb, t, u);
        }
    }
    // Each start's stretch aligned in full by the alignment the differences
    // are shown with (`xdrop::global`, the extension's scores; its steps run
    // outwards from the edge); the best-scoring one alike enough is taken,
    // the farther on a tie. One table holds every start's alignment, from
    // the edge to that start, so each costs a look-up, and only one that
    // passes is traced. For spaced text that is exactly `global`'s for the
    // start (the band covers the whole table); a CJK stretch's table may be
    // wider than 38 words, and its band then a little wider than the one
    // `global` would give one start.
    let bar = min_similarity - SLACK;
    // Starts that cannot pass whatever the alignment: fewer words on the
    // shorter side than the matches `bar` asks for, or more words on one
    // side only than a score above `-X_DROP` allows.
    starts.retain(|&(t, u)| {
        let (short, long) = (t.min(u), t.max(u));
        2.0 * short as f64 + 1e-9 >= bar * (t + u) as f64
            && xdrop::MATCH * short as i32 + GAP_LEAST * (long - short) as i32 > -xdrop::X_DROP
    });
    // One table up to the farthest start on each side.
    let len_a = starts.iter().map(|s| s.0).max()?;
    let len_b = starts.iter().map(|s| s.1).max().unwrap_or(0);
    let mut walk = Walk {
        ra: &mut *ra,
        rb: &mut *rb,
        a0: a,
        b0: b,
        len_a,
        len_b,
        forward: !head,
    };
    // Each cell compares two words; most pairs are ruled out by what
    // `Known` reads of each word once.
    let mut walk = Known::new(&mut walk);
    // Starts whose stretch cannot be alike enough whatever the alignment:
    // more matched words than the longest common subsequence of the words
    // that may match (most edges of chance phrases; the table is then not
    // filled). The table keeps the size the starts above asked for.
    let rows = walk.match_rows();
    starts.retain(|&(t, u)| 2.0 * most_matched(rows[t], u) as f64 + 1e-9 >= bar * (t + u) as f64);
    if starts.is_empty() {
        return None;
    }
    let table = xdrop::Prefixes::fill(&mut walk);
    let mut best: Option<(i32, usize, usize, Vec<Op>)> = None;
    for (t, u) in starts {
        let Some((score, matched)) = table.get(t, u) else {
            continue;
        };
        let alike = 2.0 * matched as f64 + 1e-9 >= bar * (t + u) as f64;
        let better = best
            .as_ref()
            .is_none_or(|&(s, bt, bu, _)| (score, t + u) > (s, bt + bu));
        if !(alike && score > -xdrop::X_DROP && better) {
            continue;
        }
        let ops = table.steps_to(&mut walk, t, u);
        let opens_equal = ops
            .iter()
            .rev()
            .take(need)
            .all(|o| *o == Op::Pair(Sim::Equal));
        if opens_equal {
            best = Some((score, t, u, ops));
        }
    }
    let (_, t, u, mut ops) = best?;
    if head {
        // Outwards from the edge is backwards in the text.
        ops.reverse();
    }
    Some((t, u, ops))
}

/// The positions of the bits set in `x`, lowest first.
fn bits(mut x: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (x != 0).then(|| {
            let t = x.trailing_zeros() as usize;
            x &= x - 1;
            t
        })
    })
}

/// The numbers of words `t` within reach of edge word `w` of `r` whose
/// taking (outwards: before it for a head, after it for a tail) reaches a
/// line edge, as bits, and how many words are within reach: at most `most`,
/// and no more text than [`REACH`] words (a CJK character is half a word,
/// see [`REACH`]). A line edge is a line break in the white space and
/// punctuation between the last word taken and the next one out (or no
/// next word). Gaps between words hold nothing alphanumeric, so this is
/// where a line starts or ends ([`super::fragments::line_start`]), found by
/// looking for a line break in the gap's bytes instead of walking through
/// its characters.
fn line_edges(r: &mut Region<'_>, w: usize, most: usize, head: bool) -> (u64, usize) {
    let mut bits = 0u64;
    // The word `t` steps out from the edge (None past the document's edge).
    let index = |t: usize| {
        if head {
            w.checked_sub(t + 1)
        } else {
            Some(w + t)
        }
    };
    let word = |r: &mut Region<'_>, t: usize| index(t).and_then(|i| r.span(i));
    // Text taken so far, in half words.
    let mut taken = 0;
    let mut reach = 0;
    let mut inner = word(r, 0);
    for t in 1..=most.min(MAX_REACH) {
        let Some(x) = inner else { break };
        taken += if x.is_cjk_in(r.text()) { 1 } else { 2 };
        if taken > 2 * REACH {
            break;
        }
        reach = t;
        let outer = word(r, t);
        let edge = match outer {
            None => true,
            Some(y) => {
                let (lo, hi) = if head {
                    (y.end, x.start)
                } else {
                    (x.end, y.start)
                };
                // Most gaps are a space or two: no `memchr` call for those.
                r.text().as_bytes()[lo as usize..hi as usize].contains(&b'\n')
            }
        };
        if edge {
            bits |= 1 << t;
        }
        inner = outer;
    }
    (bits, reach)
}
