//! The rows of the side-by-side comparison and the passage previews.
//!
//! Layout: the two passages are collated word by word ([`super::collate`]:
//! the engine's diff plus `Variant` runs for case, punctuation and quote
//! style). Each pair of collated words is one unit, and a replaced or one-sided
//! run pairs its k-th words, so replaced lines sit beside their counterparts.
//! Units are laid into rows on both sides at once: a row ends when either side
//! is full or reaches the end of a source line, so where the text is level the
//! rows are level with no padding, and gaps appear only where one side has
//! more words. Long identical stretches fold into one row (toggled with the
//! fold keys); the context above and below fills what the window leaves.

use super::collate::word_spans;
use crate::reuse::diff::{DiffKind, DiffRun};
use crate::reuse::{Analysis, Passage};
use crate::text::wrap::{display_width, wrap_line};
use std::ops::Range;

/// Identical rows kept visible next to a difference or a passage edge.
const FOLD_KEEP: usize = 2;
/// Fewest identical rows worth folding.
const FOLD_MIN: usize = 3;

/// Whether a row is context or part of the compared passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Dimmed text around the passage.
    Context,
    /// Text of the passage.
    Passage,
}

/// One side of an aligned row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideRow {
    /// 0-based source line.
    pub line: usize,
    /// Absolute byte range in the document (within that line).
    pub bytes: Range<usize>,
    /// Context or passage.
    pub kind: RowKind,
}

/// One screen row of the comparison; a side is `None` where it has a gap.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlignedRow {
    /// The left pane's row.
    pub left: Option<SideRow>,
    /// The right pane's row.
    pub right: Option<SideRow>,
    /// True when the row shows a difference on either side.
    pub changed: bool,
    /// The differences (indices among the non-equal runs) the row shows.
    pub diffs: Range<usize>,
    /// For a fold row: how many identical rows it hides.
    pub fold: Option<usize>,
}

/// Wraps bytes `range` of document `doc` (which may span lines) into rows.
fn wrap_span(
    a: &Analysis,
    doc: usize,
    range: Range<usize>,
    width: usize,
    kind: RowKind,
) -> Vec<SideRow> {
    let d = &a.corpus.documents[doc];
    let mut out = Vec::new();
    if range.is_empty() {
        return out;
    }
    let first = d.line_index(range.start);
    let last = d.line_index(range.end.saturating_sub(1).max(range.start));
    for line in first..=last.min(d.line_count().saturating_sub(1)) {
        let ls = d.line_starts()[line];
        let text = d.line_text(line);
        let s = range.start.max(ls);
        let e = range.end.min(ls + text.len());
        if s > e || (s == e && s != ls) {
            continue;
        }
        for r in wrap_line(&d.text[s..e], width) {
            out.push(SideRow {
                line,
                bytes: s + r.start..s + r.end,
                kind,
            });
        }
    }
    out
}

/// The rows of passage `p` wrapped at `width`, with up to `above` rows of
/// context before it and `below` after it (for the views that show one
/// occurrence in a pane).
pub fn passage_rows(
    a: &Analysis,
    p: &Passage,
    width: usize,
    above: usize,
    below: usize,
) -> Vec<SideRow> {
    let mut rows = context_above(a, p, width, above);
    rows.extend(wrap_span(
        a,
        p.document,
        p.start..p.end,
        width,
        RowKind::Passage,
    ));
    rows.extend(context_below(a, p, width, below));
    rows
}

/// The last `rows` wrapped rows of context before passage `p`. When only
/// white space precedes the passage on its line (it starts the line, or
/// after its indentation), the context is the lines before it: a row of
/// nothing would tell the reader nothing.
pub(super) fn context_above(a: &Analysis, p: &Passage, width: usize, rows: usize) -> Vec<SideRow> {
    let d = &a.corpus.documents[p.document];
    let line = d.line_index(p.start);
    let line_start = d.line_starts()[line];
    let end = if d.text[line_start..p.start].trim().is_empty() {
        line_start
    } else {
        p.start
    };
    let l = line.saturating_sub(rows);
    let out = wrap_span(
        a,
        p.document,
        d.line_starts()[l]..end,
        width,
        RowKind::Context,
    );
    out[out.len().saturating_sub(rows)..].to_vec()
}

/// The first `rows` wrapped rows of context after passage `p`.
pub(super) fn context_below(a: &Analysis, p: &Passage, width: usize, rows: usize) -> Vec<SideRow> {
    let d = &a.corpus.documents[p.document];
    if d.line_count() == 0 {
        return Vec::new();
    }
    let l = (d.line_index(p.end.saturating_sub(1)) + rows).min(d.line_count() - 1);
    let end = d.line_starts()[l] + d.line_text(l).len();
    let mut out = wrap_span(
        a,
        p.document,
        p.end..end.max(p.end),
        width,
        RowKind::Context,
    );
    out.truncate(rows);
    out
}

/// One collated unit: a word on either side (or both), and the difference it belongs to.
struct Unit {
    left: Option<usize>,
    right: Option<usize>,
    diff: Option<usize>,
}

/// One side's words and text, for laying out units.
struct Side<'a> {
    text: &'a str,
    line_starts: &'a [usize],
    words: Vec<Range<usize>>,
    passage: Passage,
}

impl Side<'_> {
    /// (width up to the last visible character, width to advance, line ends
    /// before the next word) of word `i` with the text up to the next word.
    fn measure(&self, i: usize) -> (usize, usize, usize) {
        let end = self
            .words
            .get(i + 1)
            .map(|w| w.start)
            .unwrap_or(self.passage.end);
        let chunk = &self.text[self.words[i].start..end];
        let (vis, nl) = match chunk.find('\n') {
            Some(k) => (
                chunk[..k].trim_end_matches('\r'),
                chunk.matches('\n').count(),
            ),
            None => (chunk, 0),
        };
        (display_width(vis.trim_end()), display_width(vis), nl)
    }

    /// Source line and first byte of a row whose first word is word
    /// `from`: the start of its line (indentation included) when the word
    /// is the first of its line, else the word itself.
    fn row_start(&self, from: usize) -> (usize, usize) {
        let w = &self.words[from];
        let line = match self.line_starts.binary_search(&w.start) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let ls = self.line_starts[line];
        let prev = if from > 0 {
            self.words[from - 1].start
        } else {
            self.passage.start
        };
        let start = if from == 0 {
            self.passage.start.max(ls)
        } else if ls > prev {
            ls
        } else {
            w.start
        };
        (line, start)
    }

    /// Width of what a row starting at word `i` shows before it (the
    /// line's indentation).
    fn lead(&self, i: usize) -> usize {
        let (_, start) = self.row_start(i);
        display_width(&self.text[start..self.words[i].start])
    }

    /// The row of this side covering words `from..=to`.
    fn row(&self, from: usize, to: usize) -> SideRow {
        let (line, start) = self.row_start(from);
        let end = self
            .words
            .get(to + 1)
            .map(|x| x.start)
            .unwrap_or(self.passage.end);
        let chunk = &self.text[self.words[to].start..end];
        let vis = match chunk.find('\n') {
            Some(k) => chunk[..k].trim_end_matches('\r'),
            None => chunk,
        };
        let end = self.words[to].start + vis.trim_end().len();
        SideRow {
            line,
            bytes: start..end.max(start),
            kind: RowKind::Passage,
        }
    }
}

/// Lays the collated passages `lp` and `rp` into rows `width` columns wide.
pub(super) fn lay_passages(
    a: &Analysis,
    lp: &Passage,
    rp: &Passage,
    runs: &[DiffRun],
    width: usize,
) -> Vec<AlignedRow> {
    let side = |p: &Passage| {
        let d = &a.corpus.documents[p.document];
        Side {
            text: &d.text,
            line_starts: d.line_starts(),
            words: word_spans(&a.corpus, p),
            passage: *p,
        }
    };
    let (ls, rs) = (side(lp), side(rp));
    let idx = |w: &[Range<usize>], r: &Range<usize>| {
        (
            w.partition_point(|s| s.start < r.start),
            w.partition_point(|s| s.start < r.end),
        )
    };
    let mut units = Vec::new();
    let mut ordinal = 0;
    for run in runs {
        let (la, lb) = idx(&ls.words, &run.left);
        let (ra, rb) = idx(&rs.words, &run.right);
        let diff = (run.kind != DiffKind::Equal).then_some(ordinal);
        if diff.is_some() {
            ordinal += 1;
        }
        for k in 0..(lb - la).max(rb - ra) {
            units.push(Unit {
                left: (la + k < lb).then_some(la + k),
                right: (ra + k < rb).then_some(ra + k),
                diff,
            });
        }
    }
    let mut out = Vec::new();
    let mut row: Vec<&Unit> = Vec::new();
    let flush = |row: &mut Vec<&Unit>, out: &mut Vec<AlignedRow>| {
        if row.is_empty() {
            return;
        }
        let span = |f: fn(&Unit) -> Option<usize>| {
            let first = row.iter().find_map(|u| f(u))?;
            let last = row.iter().rev().find_map(|u| f(u)).unwrap_or(first);
            Some((first, last))
        };
        let diffs: Vec<usize> = row.iter().filter_map(|u| u.diff).collect();
        let diffs = match (diffs.first(), diffs.last()) {
            (Some(&f), Some(&l)) => f..l + 1,
            _ => 0..0,
        };
        out.push(AlignedRow {
            left: span(|u| u.left).map(|(f, t)| ls.row(f, t)),
            right: span(|u| u.right).map(|(f, t)| rs.row(f, t)),
            changed: !diffs.is_empty(),
            diffs,
            fold: None,
        });
        row.clear();
    };
    // Columns used on each side; `None` until the side has a word in the
    // row, when the row's first word brings its line's indentation along.
    let (mut lx, mut rx): (Option<usize>, Option<usize>) = (None, None);
    let at = |x: Option<usize>, s: &Side, i: usize| x.unwrap_or_else(|| s.lead(i));
    for u in &units {
        let (lfit, ladv, lnl) = u.left.map(|i| ls.measure(i)).unwrap_or((0, 0, 0));
        let (rfit, radv, rnl) = u.right.map(|i| rs.measure(i)).unwrap_or((0, 0, 0));
        let over = |x: Option<usize>, s: &Side, w: Option<usize>, fit: usize| {
            w.is_some_and(|i| at(x, s, i) + fit > width)
        };
        if !row.is_empty() && (over(lx, &ls, u.left, lfit) || over(rx, &rs, u.right, rfit)) {
            flush(&mut row, &mut out);
            (lx, rx) = (None, None);
        }
        row.push(u);
        if let Some(i) = u.left {
            lx = Some(at(lx, &ls, i) + ladv);
        }
        if let Some(i) = u.right {
            rx = Some(at(rx, &rs, i) + radv);
        }
        if lnl > 0 || rnl > 0 {
            flush(&mut row, &mut out);
            (lx, rx) = (None, None);
            // Blank lines both sides have (paragraph breaks) stay level.
            for _ in 1..lnl.min(rnl) {
                out.push(AlignedRow::default());
            }
        }
    }
    flush(&mut row, &mut out);
    out
}

/// Folds stretches of identical passage rows longer than `2·FOLD_KEEP + FOLD_MIN`.
pub(super) fn fold(rows: Vec<AlignedRow>) -> Vec<AlignedRow> {
    let mut out = Vec::with_capacity(rows.len());
    let mut i = 0;
    while i < rows.len() {
        if rows[i].changed {
            out.push(rows[i].clone());
            i += 1;
            continue;
        }
        let mut j = i;
        while j < rows.len() && !rows[j].changed {
            j += 1;
        }
        if j - i >= 2 * FOLD_KEEP + FOLD_MIN {
            out.extend(rows[i..i + FOLD_KEEP].iter().cloned());
            out.push(AlignedRow {
                fold: Some(j - i - 2 * FOLD_KEEP),
                ..AlignedRow::default()
            });
            out.extend(rows[j - FOLD_KEEP..j].iter().cloned());
        } else {
            out.extend(rows[i..j].iter().cloned());
        }
        i = j;
    }
    out
}
