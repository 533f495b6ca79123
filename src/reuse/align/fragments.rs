//! Passage ends at paragraph breaks: a head or tail of an aligned pair
//! across a blank line is kept only when it is itself a copy ([`Bar`]): a
//! run of `k` equal words or `min_words` matched words of its own, and as
//! alike as a whole passage must be (the alignment's `min_similarity`).
//!
//! A stricter bar for the part across a break (0.8 alike and a `k`-word run,
//! until session 12) cut harshly edited copies of multi-paragraph text at
//! every break where the next paragraph drew more than its share of the
//! edits. On the `paragraphs` bench shape (every planted source spanning a
//! paragraph break), English pairs at 20–30% edits were found whole 66.5% of
//! the time with it and 86.8% with this bar; on rendered man pages in seven
//! languages with copies planted by an independent script
//! (`examples/independent/run.sh`), 60–72% and 70–100%. Precision and the
//! seeds are unchanged; shared licence sections come out longer.
//!
//! A copy that ends with its line on either side has what follows its
//! breaks judged as a whole as well, so that a run of short, edited
//! paragraphs (a list, a manual's options) is not cut item by item (see
//! `closes_line`); a copy that starts with its line, what precedes them
//! (`opens_line`). Judged so, the part need only be half alike
//! ([`Bar::at_line_edge`]): a paragraph at a copy's edge that drew a burst
//! of edits stays with the copy.
//!
//! And a stretch from a break to the copy's edge whose every word is equal,
//! at least a shingle less one word long, stays whatever its pieces
//! ([`VERBATIM_SHORT`]).

use super::*;

/// True when nothing but white space and punctuation precedes word `i` on
/// its line.
pub(super) fn line_start(r: &mut Region<'_>, i: usize) -> bool {
    r.span(i)
        .is_none_or(|w| crate::reuse::lines::starts_line(r.text(), w.start as usize))
}

/// True when nothing but white space and punctuation follows word `i - 1`
/// on its line (the end of a stretch ending before word `i`).
pub(super) fn line_end(r: &mut Region<'_>, i: usize) -> bool {
    r.span(i.wrapping_sub(1))
        .is_none_or(|w| crate::reuse::lines::ends_line(r.text(), w.end as usize))
}

/// True when an alignment ending before words `a1` and `b1` ends where a
/// line does on either side: the copied text stopped with its line, as a
/// pasted passage does. Then what follows its last paragraph breaks is
/// judged as a whole: a copy of several short paragraphs (a list, a heading
/// and a line under it, a man page's option and its description) edited
/// enough that none is a copy on its own ([`Bar`]) lost them one by one,
/// and an edited copy of 25–80 words lost a fifth of itself that way
/// (`examples/independent/run.sh`, rendered man pages of seven languages
/// with copies planted by an independent script: pairs at 15–30% edits
/// found whole in Russian 75% → 88%, German 70% → 77%, French 77% → 81%,
/// Polish 95% → 98%; every bench figure unchanged). Two paragraphs that
/// merely begin alike ("In the 14th article of the", `<p>`) run on into a
/// line that differs on both sides, and stay cut.
fn closes_line(ra: &mut Region<'_>, rb: &mut Region<'_>, a1: usize, b1: usize) -> bool {
    line_end(ra, a1) || line_end(rb, b1)
}

/// True when an alignment starting at words `a0` and `b0` starts where a
/// line does on either side: the mirror of [`closes_line`], for heads.
fn opens_line(ra: &mut Region<'_>, rb: &mut Region<'_>, a0: usize, b0: usize) -> bool {
    line_start(ra, a0) || line_start(rb, b0)
}

/// True when a blank line separates word `i - 1` from word `i`.
pub(super) fn paragraph_break_before(r: &mut Region<'_>, i: usize) -> bool {
    let (Some(p), Some(w)) = (r.span(i.wrapping_sub(1)), r.span(i)) else {
        return false;
    };
    crate::reuse::lines::has_blank_line(&r.text()[p.end as usize..w.start as usize])
}

/// The words of `lo..hi` that a blank line precedes
/// ([`paragraph_break_before`]), in order. The text is scanned for blank
/// lines (a line break, white space only, another), and only the words
/// next to one are segmented, from the checkpoint before it: a copy of a
/// whole long document is not tokenised again word by word to find its
/// few paragraph breaks. Each word found is checked with
/// [`paragraph_break_before`] itself, and every blank line between two
/// words lies in the text scanned, so the answer is the same.
pub(super) fn breaks_in(r: &mut Region<'_>, lo: usize, hi: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if lo >= hi {
        return out;
    }
    let from = match lo.checked_sub(1).map(|p| r.span(p)) {
        Some(Some(p)) => p.end as usize,
        Some(None) => return out,
        None => match r.span(lo) {
            Some(w) => w.start as usize,
            None => return out,
        },
    };
    let Some(to) = r.span(hi - 1).map(|w| w.start as usize) else {
        return out;
    };
    let text = r.text();
    let bytes = text.as_bytes();
    let mut at = from;
    while at < to {
        let Some(p1) = memchr::memchr(b'\n', &bytes[at..to]).map(|p| at + p) else {
            break;
        };
        let Some(p2) = memchr::memchr(b'\n', &bytes[p1 + 1..to]).map(|q| p1 + 1 + q) else {
            break;
        };
        at = p2;
        if !text[p1 + 1..p2].trim().is_empty() {
            continue;
        }
        if let Some(w) = first_word_after(r, p2)
            && (lo..hi).contains(&w)
            && out.last() != Some(&w)
            && paragraph_break_before(r, w)
        {
            out.push(w);
        }
    }
    out
}

/// The first word of `r` starting after byte `at`: found from the
/// checkpoint at or before it.
fn first_word_after(r: &mut Region<'_>, at: usize) -> Option<usize> {
    let m = r.checkpoints().partition_point(|&c| c as usize <= at);
    let mut w = m.saturating_sub(1) * crate::reuse::words::CHECKPOINT;
    loop {
        if r.span(w)?.start as usize > at {
            return Some(w);
        }
        w += 1;
    }
}

/// What makes a stretch across a paragraph break a copy of its own: a run of
/// `k` equal words or `min_words` matched words, and `min_similarity` alike.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bar {
    pub(super) k: usize,
    pub(super) min_words: usize,
    pub(super) min_similarity: f64,
}

/// A stretch of an alignment's steps judged at a paragraph break: its
/// matched and total words (for the Dice ratio) and whether it holds a run
/// of `k` equal words (taken in either direction).
#[derive(Default, Clone)]
struct Fragment {
    matched: usize,
    words: usize,
    run: usize,
    solid: bool,
    /// Steps added so far, and whether the first two were equal words (the
    /// stretch opens, at its outer edge, on two equal words).
    steps: usize,
    opens_unequal: bool,
}

/// How much less alike than a passage the part of a copy between its edge
/// and a paragraph break may be when the copy starts or ends with its line
/// (see [`Bar::at_line_edge`]).
pub(super) const EDGE_SLACK: f64 = 0.2;

impl Bar {
    /// The bar for everything between a paragraph break and the start or
    /// end of a copy that starts or ends with its line (as pasted text
    /// does): still a run of `k` equal words or `min_words` matched, but
    /// [`EDGE_SLACK`] less alike than a passage — half its words matched at
    /// the default 0.7. The passage as a whole must still be as alike as a
    /// passage; a paragraph of it may be less so when edits come in bursts
    /// (three bursts of three words in a paragraph of 24 leave it 0.625
    /// alike in a copy 0.83 alike), and the X-drop extension takes in no
    /// stretch that scores below zero, so unrelated text never gets this
    /// far. Two paragraphs that merely begin alike go on differently within
    /// their lines on both sides, and keep the full bar.
    ///
    /// Measured with it (the seeds, every other bench shape and the harsh
    /// and boilerplate corpora at 100 MB unchanged): the `paragraphs` shape
    /// at 20–30% edits 86.9% → 89.7% of English pairs found whole, 93.7% →
    /// 100% of edited CJK pairs, precision 99.0 → 98.9%; rendered man pages
    /// with copies planted by an independent script
    /// (`examples/independent/run.sh`) French 81.2 → 82.6% and Ukrainian
    /// 87.9 → 89.4% of pairs at 15–30% edits, the other languages
    /// unchanged; the licences' GPL-2 / LGPL-2 / LGPL-2.1 section copies
    /// gain their rewritten first sentence ("Whether that is true depends on
    /// what the Program does."); `/usr/share/doc` 0.6% more bytes in
    /// occurrences.
    fn at_line_edge(self) -> Bar {
        Bar {
            min_similarity: self.min_similarity - EDGE_SLACK,
            ..self
        }
    }
}

impl Fragment {
    /// Adds one step (runs of `k` equal words make the fragment solid).
    fn add(&mut self, o: Op, k: usize) {
        if self.steps < 2 && o != Op::Pair(Sim::Equal) {
            self.opens_unequal = true;
        }
        self.steps += 1;
        match o {
            Op::Pair(Sim::Differ) => self.words += 2,
            Op::Pair(_) => {
                self.matched += 2;
                self.words += 2;
            }
            _ => self.words += 1,
        }
        if o == Op::Pair(Sim::Equal) {
            self.run += 1;
            self.solid |= self.run >= k;
        } else {
            self.run = 0;
        }
    }

    /// Every word equal (the run of equal words is every step), at least
    /// `k - 1` and at most `2k` of them: see [`VERBATIM_SHORT`].
    fn verbatim(&self, k: usize) -> bool {
        self.run == self.steps && self.run + VERBATIM_SHORT >= k && self.run <= 2 * k
    }

    /// A copy's own lines, as [`super::edges`] grows them: the stretch
    /// opens on two equal words (at the copy's edge, a line edge), two words
    /// in five of it are matched (`min_similarity` less
    /// [`super::edges::SLACK`]), and it holds three shingles' worth of words
    /// over both sides (seven or eight a side), though no run of `k` equal
    /// words: a stanza header shared by format ("Files: debian/*",
    /// "License: GPL-2+") is two or three words a side, and stays out.
    /// See [`trim_leading_fragment`].
    fn pasted_line(&self, bar: Bar) -> bool {
        self.steps >= 2
            && !self.opens_unequal
            && self.words >= 3 * bar.k
            && self.matched as f64 >= (bar.min_similarity - super::edges::SLACK) * self.words as f64
    }

    /// Whether everything from a break to the copy's edge stays whatever
    /// its pieces: a copy together at [`Bar::at_line_edge`] or a pasted
    /// line, when the copy starts (ends) with its line (`at_line`), or
    /// verbatim and short in any case.
    fn stays(&self, at_line: bool, bar: Bar) -> bool {
        at_line && (!self.weak(bar.at_line_edge()) || self.pasted_line(bar)) || self.verbatim(bar.k)
    }

    /// Not a copy of its own (see [`Bar`]).
    fn weak(&self, bar: Bar) -> bool {
        let long = self.matched >= 2 * bar.min_words;
        !(self.solid || long) || (self.matched as f64) < bar.min_similarity * self.words as f64
    }
}

/// How many words shorter than a shingle a stretch from a paragraph break
/// to the pair's edge may be and still stay, when every word of it is
/// equal (and it is at most two shingles long: a longer stretch is judged
/// piece by piece as before, so a long copied paragraph does not carry a
/// list marker after it, `b)`, into the passage).
///
/// Each piece between breaks is judged on its own ([`Bar`]), so the last
/// words of a copy spread over short paragraphs — a rendered man page's
/// "LD_LIBRARY_PATH\n\nLD_PRELOAD\n\tfakeroot wurde" — were cut one by one
/// even from a verbatim copy, and so was the end of the sentence before a
/// copied paragraph ("pasujących do podanej nazwy.\n\n"). Four equal words
/// in a row are a shingle less one; three ("Files: debian/*", "License:
/// GPL-2+") still stay out, as stanza headers shared by format.
/// Independent check (`examples/independent/run.sh`), pairs found whole:
/// German verbatim 96.9% → 100%, Polish 98.2% → 100% in both edited bands,
/// Ukrainian 15–30% 89.4% → 93.9%; the bench's `paragraphs` shape 1,176 →
/// 1,177 of 1,244 edited English pairs, precision unchanged on every shape;
/// the licences gain one cluster (MPL-1.1 / MPL-2.0's "(b) under Patent
/// Claims").
pub(super) const VERBATIM_SHORT: usize = 1;

/// The words a paragraph break precedes in an alignment's two stretches
/// (see [`breaks_in`]): found once, before its ends are trimmed
/// ([`trim_leading_fragment`], [`trim_trailing_fragment`]).
pub(super) struct Breaks {
    a: Vec<usize>,
    b: Vec<usize>,
}

impl Breaks {
    /// The breaks of the pair of `ops` starting at words `(a0, b0)`.
    pub(super) fn of(
        ra: &mut Region<'_>,
        rb: &mut Region<'_>,
        ops: &[Op],
        (a0, b0): (usize, usize),
    ) -> Self {
        let (na, nb) = ops.iter().fold((0, 0), |(x, y), o| {
            let (sx, sy) = o.step();
            (x + sx, y + sy)
        });
        Breaks {
            a: breaks_in(ra, a0, a0 + na),
            b: breaks_in(rb, b0, b0 + nb),
        }
    }
}

/// Whether a paragraph break precedes the word each of `ops` takes (on
/// either side; never before the first), the pair starting at `(a0, b0)`
/// and lying within the stretches `found` was found on.
fn paragraph_breaks(found: &Breaks, ops: &[Op], (a0, b0): (usize, usize)) -> OpBits {
    let from = |v: &[usize], x: usize| v.partition_point(|&w| w < x);
    let mut next_a = found.a[from(&found.a, a0)..].iter().peekable();
    let mut next_b = found.b[from(&found.b, b0)..].iter().peekable();
    let mut breaks = OpBits::new(ops.len());
    let (mut x, mut y) = (a0, b0);
    for (i, o) in ops.iter().enumerate() {
        let (sx, sy) = o.step();
        let before_a = sx == 1 && next_a.next_if(|&&w| w == x).is_some();
        let before_b = sy == 1 && next_b.next_if(|&&w| w == y).is_some();
        if i > 0 && (before_a || before_b) {
            breaks.set(i);
        }
        x += sx;
        y += sy;
    }
    breaks
}

/// One bit per operation of an alignment: whether a paragraph break
/// precedes it. A bit, not a `bool`: the copy of a whole long document is
/// one alignment of millions of operations, and its breaks were a byte
/// each beside the operations' own byte.
struct OpBits {
    bits: Vec<u64>,
    any: bool,
}

impl OpBits {
    /// No operation of `n` marked.
    fn new(n: usize) -> Self {
        OpBits {
            bits: vec![0; n.div_ceil(64)],
            any: false,
        }
    }

    /// Marks operation `i`.
    fn set(&mut self, i: usize) {
        self.bits[i / 64] |= 1 << (i % 64);
        self.any = true;
    }

    /// Whether operation `i` is marked.
    fn get(&self, i: usize) -> bool {
        self.bits
            .get(i / 64)
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
}

/// The mirror of [`trim_trailing_fragment`]: drops a head that ends a
/// paragraph (before a blank line on either side) when that head is not
/// itself a copy — no run of `k` equal words of its own, or words less than
/// `min_similarity` alike — and starts inside a line on either side.
/// A footer pasted after the closing words of whatever paragraph precedes
/// it (`</p>`, "files.") then starts at its own line, as a whole-line
/// passage, instead of one or two words into the paragraph before; a
/// heading of its own lines ("Editor's Note:") stays with the paragraph it
/// heads. The breaks are judged from the first one on, each head from the
/// last cut (so a strong head keeps what precedes it); the pair's start
/// `(a0, b0)` moves with the cut.
///
/// Unless the copy starts with its line ([`opens_line`]): then everything
/// from the start to a break that is a copy together, at the bar of
/// [`Bar::at_line_edge`], stays, and so does a head that is a pasted line
/// ([`Fragment::pasted_line`]: the paragraph before a copied one that drew
/// a burst of edits, grown by [`super::edges`]).
pub(super) fn trim_leading_fragment(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    ops: &mut Vec<Op>,
    (a0, b0): (&mut usize, &mut usize),
    found: &Breaks,
    bar: Bar,
) {
    let breaks = paragraph_breaks(found, ops, (*a0, *b0));
    if !breaks.any {
        return;
    }
    let mut start = 0;
    let (mut x, mut y) = (*a0, *b0);
    // Whether the current head starts a line on both sides.
    let whole_from_start = line_start(ra, x) && line_start(rb, y);
    let mut whole = whole_from_start;
    let mut head = Fragment::default();
    // Everything from the pair's start up to the current break, judged as a
    // whole when the copy starts with its line on either side.
    let mut prefix = Fragment::default();
    let opened = opens_line(ra, rb, *a0, *b0);
    for (i, &o) in ops.iter().enumerate() {
        // The head from the last cut up to this break (a strong head keeps
        // everything before it, as a strong tail does).
        if breaks.get(i) && prefix.stays(opened, bar) {
            // The cuts before this break are undone.
            start = 0;
            head = prefix.clone();
            whole = whole_from_start;
        } else if breaks.get(i) && !whole && head.weak(bar) {
            start = i;
            head = Fragment::default();
            whole = line_start(ra, x) && line_start(rb, y);
        }
        let (sx, sy) = o.step();
        x += sx;
        y += sy;
        head.add(o, bar.k);
        prefix.add(o, bar.k);
    }
    // Never start on a word that is not equal.
    while ops.get(start).is_some_and(|o| *o != Op::Pair(Sim::Equal)) {
        start += 1;
    }
    if start == 0 || start == ops.len() {
        return;
    }
    let (dx, dy) = ops.drain(..start).fold((0, 0), |(x, y), o| {
        let (sx, sy) = o.step();
        (x + sx, y + sy)
    });
    *a0 += dx;
    *b0 += dy;
}

/// Drops a tail that begins a new paragraph (after a blank line on either
/// side) when that tail is not itself a copy: it holds no run of `k` equal
/// words of its own ("In the 14th article of the" against "In the 16th
/// article of the"), or its words are less than `min_similarity` alike (a
/// paraphrase that follows a copied byline). A passage crosses a
/// paragraph break only into a paragraph that is copied too. The breaks are
/// judged from the last one back, each tail up to the cut after it, so a
/// weak last paragraph is dropped without taking the copied paragraphs
/// before it along (the GPL-2 / LGPL-2.1 preamble: "We protect your rights
/// …", 0.86 alike, followed by a paragraph rewritten in part).
///
/// Unless the copy ends with its line ([`closes_line`]): then short
/// paragraphs that are each too short or too edited to be a copy of their
/// own stay when everything from a break to the end is one together, at the
/// bar of [`Bar::at_line_edge`], or a pasted line ([`Fragment::pasted_line`]).
/// The
/// pair starts at words `(a0, b0)`; its ends `a1`, `b1`
/// move back with the cut.
pub(super) fn trim_trailing_fragment(
    ra: &mut Region<'_>,
    rb: &mut Region<'_>,
    ops: &mut Vec<Op>,
    (a0, b0): (usize, usize),
    (a1, b1): (&mut usize, &mut usize),
    found: &Breaks,
    bar: Bar,
) {
    let breaks = paragraph_breaks(found, ops, (a0, b0));
    if !breaks.any {
        return;
    }
    // From the end back: the tail from a break up to the current cut, and
    // everything from that break to the alignment's end.
    let mut end = ops.len();
    let mut tail = Fragment::default();
    let mut rest = Fragment::default();
    let closed = closes_line(ra, rb, *a1, *b1);
    for i in (1..ops.len()).rev() {
        tail.add(ops[i], bar.k);
        rest.add(ops[i], bar.k);
        if breaks.get(i) && rest.stays(closed, bar) {
            // The cuts after this break are undone.
            end = ops.len();
            tail = rest.clone();
        } else if breaks.get(i) && tail.weak(bar) {
            end = i;
            tail = Fragment::default();
        }
    }
    if end == ops.len() {
        return;
    }
    ops.truncate(end);
    // Never end on a word that is not equal.
    while ops.last().is_some_and(|o| *o != Op::Pair(Sim::Equal)) {
        ops.pop();
    }
    let (dx, dy) = ops.iter().fold((0, 0), |(x, y), o| {
        let (sx, sy) = o.step();
        (x + sx, y + sy)
    });
    *a1 = a0 + dx;
    *b1 = b0 + dy;
}

#[cfg(test)]
mod op_bits_tests {
    use super::OpBits;

    #[test]
    fn op_bits_hold_each_mark_across_word_edges() {
        let n = 131;
        let marked = [1, 63, 64, 127, 128, 130];
        let mut bits = OpBits::new(n);
        assert!(!bits.any);
        assert!((0..n + 70).all(|i| !bits.get(i)));
        for &i in &marked {
            bits.set(i);
        }
        assert!(bits.any);
        let got: Vec<usize> = (0..n + 70).filter(|&i| bits.get(i)).collect();
        assert_eq!(got, marked);
    }
}
