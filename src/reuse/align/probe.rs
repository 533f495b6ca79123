//! A look past the ends of an anchor's ungapped stretch before the gapped
//! extension runs there.
//!
//! The gapped extension ([`xdrop::extend`]) moves a passage's end only to a
//! cell that closes a solid run ([`xdrop::SOLID`] equal words in a row). Past
//! the ungapped stretch of a chance anchor (a phrase of the language that
//! two unrelated documents share) there is none: the texts part, and the
//! extension only pays to find that out, filling its band for the eight or
//! so rows the X-drop takes to give up. On Markov prose trained on real text
//! (the harsh bench corpus) four anchors in five that reach the gapped
//! extension are such phrases, and that search was most of the alignment
//! time at 100 MB.
//!
//! [`solid_ahead`] asks first whether any solid run lies within [`AHEAD`]
//! words past an end, on a diagonal at most [`xdrop::MAX_SHIFT`] off the
//! stretch's own: the documents' sketches (`reuse::chance`) rule out most
//! cells without reading a word, and the few left are checked on the words.
//! Where none lies, the extension is held to the stretch on that side. Within
//! `AHEAD` words the X-drop reaches a solid run after any burst it bridges (a
//! burst of seven replaced words costs `−21`, six inserted ones `−12`, then
//! the run): a copy's edits do not hide the next run of equal words further
//! away. Only text that matches one word in two over more than `AHEAD` words
//! without two equal words in a row could carry the extension further, and
//! that is not a copy at the similarities reported.

use super::{Region, same_word};
use crate::reuse::chance;
use crate::reuse::xdrop;

/// Words looked at past an end of the stretch.
pub const AHEAD: usize = 24;

/// True when a solid run of two equal words may lie within [`AHEAD`] words
/// past word `a` of `ra` and `b` of `rb` (forward: at and after them; else
/// before them), on a diagonal at most [`xdrop::MAX_SHIFT`] from theirs,
/// with side B's words inside `range_b` (the gapped extension's own reach on
/// that side). True also when the regions carry no sketches (nothing is
/// ruled out then).
///
/// Each side's codes are read once into a small array, two neighbours'
/// codes to a byte; a cell is a candidate when its byte on A equals the
/// byte on B (or a code is [`chance::WILD`]), and only candidates are
/// checked on the words.
pub fn solid_ahead(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    (a, b): (usize, usize),
    forward: bool,
    range_b: std::ops::Range<usize>,
) -> bool {
    let (Some(sa), Some(sb)) = (ra.sketch(), rb.sketch()) else {
        return true;
    };
    let na = sa.len().min(ra.len()) as isize;
    let (lo_b, hi_b) = (
        range_b.start as isize,
        range_b.end.min(sb.len()).min(rb.len()) as isize,
    );
    let step: isize = if forward { 1 } else { -1 };
    // Word t steps out on side A, and word u − SHIFT steps out on side B
    // (a cell's B word is t + s steps out, s in −SHIFT..=SHIFT).
    let (a0, b0) = if forward {
        (a as isize, b as isize)
    } else {
        (a as isize - 1, b as isize - 1)
    };
    // Two neighbours' codes as one number; out of reach, a number no code
    // pair makes (a different one on each side, so they never match).
    let pairs =
        |s: &chance::Sketch, from: isize, lo: isize, hi: isize, none: u16, out: &mut [u16]| {
            let mut wild = false;
            for (n, slot) in out.iter_mut().enumerate() {
                let x = from + step * n as isize;
                let y = x + step;
                *slot = if x.min(y) >= lo && x.max(y) < hi {
                    let (cx, cy) = (s.get(x as usize), s.get(y as usize));
                    wild |= cx == chance::WILD || cy == chance::WILD;
                    u16::from(cx) | u16::from(cy) << 4
                } else {
                    none
                };
            }
            wild
        };
    const OUT_A: u16 = 0x100;
    const OUT_B: u16 = 0x200;
    let mut pa = [OUT_A; AHEAD];
    let mut pb = [OUT_B; AHEAD + 2 * SHIFT];
    let wild = pairs(&sa, a0, 0, na, OUT_A, &mut pa)
        | pairs(&sb, b0 - step * SHIFT as isize, lo_b, hi_b, OUT_B, &mut pb);
    for (t, &x) in pa.iter().enumerate() {
        if x == OUT_A {
            break;
        }
        for (u, &y) in pb[t..t + 2 * SHIFT + 1].iter().enumerate() {
            if x != y && !(wild && y != OUT_B) {
                continue;
            }
            let i = (a0 + step * t as isize) as usize;
            let j = (b0 + step * (t as isize + u as isize - SHIFT as isize)) as usize;
            let (i2, j2) = ((i as isize + step) as usize, (j as isize + step) as usize);
            if chance::may_be_same(&sa, &sb, i, j)
                && chance::may_be_same(&sa, &sb, i2, j2)
                && same_word(ra, rb, i, j)
                && same_word(ra, rb, i2, j2)
            {
                return true;
            }
        }
    }
    false
}

/// The widest shift between the sides that the gapped extension follows.
const SHIFT: usize = xdrop::MAX_SHIFT;
