//! The reader's state: which document, where it is scrolled (a line and a
//! wrapped row within it, so resizing keeps the place), the cursor (a wrapped
//! row, kept as the byte it starts at so it stays on the same text across
//! resizes and reloads), the passage under the cursor, and the jump stack.
//! Scrolling wraps only the lines it passes over (cached per width), never the
//! whole document.

use super::SearchState;
use crate::reuse::{Analysis, OccurrenceRef};
use crate::text::wrap::wrap_line;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// Columns left of the text for the passage mark.
pub const GUTTER: usize = 2;
/// Rows kept above a passage the reader jumps to.
pub(super) const JUMP_CONTEXT: usize = 2;
/// Rows kept between the cursor and the top or bottom edge while it moves.
const SCROLL_OFF: usize = 2;

/// A wrapped row of a document: (0-based line, row within the line).
pub type RowPos = (usize, usize);

/// Wrapped rows of lines, per (document, line), for one width at a time.
#[derive(Debug, Default)]
pub struct WrapCache {
    width: usize,
    lines: FxHashMap<(usize, usize), Vec<Range<usize>>>,
}

impl WrapCache {
    /// The rows (local byte ranges) of line `line` of document `doc` at `width`.
    pub fn rows(&mut self, a: &Analysis, doc: usize, line: usize, width: usize) -> &[Range<usize>] {
        if width != self.width || self.lines.len() > 100_000 {
            self.lines.clear();
            self.width = width;
        }
        self.lines.entry((doc, line)).or_insert_with(|| {
            let d = &a.corpus.documents[doc];
            if line < d.line_starts().len() {
                wrap_line(d.line_text(line), width)
            } else {
                wrap_line("", width)
            }
        })
    }
}

/// One wrapped row on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleRow {
    /// The 0-based source line.
    pub line: usize,
    /// The row's index within its line.
    pub row: usize,
    /// Absolute byte range of the row in the document.
    pub bytes: Range<usize>,
}

/// Where the reader is in one document.
#[derive(Debug, Clone)]
pub struct ReaderState {
    /// Index of the document.
    pub doc: usize,
    /// The document's occurrences, sorted by start.
    pub occs: Arc<Vec<OccurrenceRef>>,
    /// Prefix maximum of the occurrences' ends (to find those covering a byte).
    max_end: Arc<Vec<usize>>,
    /// First line shown (0-based).
    pub top_line: usize,
    /// First wrapped row of `top_line` shown.
    pub top_row: usize,
    /// Byte offset of the cursor: the row that contains it is the cursor row.
    pub cursor: usize,
    /// Index into `occs` of the passage under the cursor (innermost where
    /// passages nest, unless `]`/`[` or a click chose an outer one).
    pub selected: Option<usize>,
    /// The last search, with its hits.
    pub search: Option<SearchState>,
}

impl ReaderState {
    /// A reader at the top of document `doc`, nothing selected.
    pub fn new(a: &Analysis, doc: usize) -> Self {
        let occs = a.occurrences_in(doc);
        let mut max_end = Vec::with_capacity(occs.len());
        let mut m = 0;
        for o in &occs {
            m = m.max(o.passage.end);
            max_end.push(m);
        }
        ReaderState {
            doc,
            occs: Arc::new(occs),
            max_end: Arc::new(max_end),
            top_line: 0,
            top_row: 0,
            cursor: 0,
            selected: None,
            search: None,
        }
    }

    /// Keeps only the occurrences of the clusters `keep` accepts (triage
    /// leaves the others out), taken afresh from the analysis so clusters
    /// shown again come back; the selection stays on its passage, or moves to
    /// the next one kept.
    pub fn retain_clusters(&mut self, a: &Analysis, keep: impl Fn(usize) -> bool) {
        let sel = self.selected.map(|s| self.occs[s]);
        let occs: Vec<OccurrenceRef> = a
            .occurrences_in(self.doc)
            .into_iter()
            .filter(|o| keep(o.cluster))
            .collect();
        let mut m = 0;
        self.max_end = Arc::new(
            occs.iter()
                .map(|o| {
                    m = m.max(o.passage.end);
                    m
                })
                .collect(),
        );
        self.selected = sel.and_then(|s| {
            occs.iter().position(|o| *o == s).or_else(|| {
                let i = occs.partition_point(|o| o.passage.start < s.passage.start);
                (i < occs.len()).then_some(i)
            })
        });
        self.occs = Arc::new(occs);
    }

    /// Number of lines (at least one, so an empty document shows one empty row).
    pub fn lines(&self, a: &Analysis) -> usize {
        a.corpus.documents[self.doc].line_count().max(1)
    }

    /// Indices of the occurrences overlapping bytes `r`, outermost first
    /// (so the innermost, then the most repeated, is applied last and wins).
    pub fn covering(&self, a: &Analysis, r: Range<usize>) -> Vec<usize> {
        let k = self
            .occs
            .partition_point(|o| o.passage.start < r.end.max(r.start + 1));
        let mut out = Vec::new();
        for i in (0..k).rev() {
            if self.max_end[i] <= r.start {
                break;
            }
            if self.occs[i].passage.end > r.start {
                out.push(i);
            }
        }
        out.sort_by_key(|&i| {
            let o = &self.occs[i];
            let n = a.clusters[o.cluster].occurrences.len();
            (
                std::cmp::Reverse(o.passage.end - o.passage.start),
                n,
                o.passage.start,
            )
        });
        out
    }

    /// The rows on screen for a text area `width` x `height`.
    pub fn visible(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        width: usize,
        height: usize,
    ) -> Vec<VisibleRow> {
        let d = &a.corpus.documents[self.doc];
        let mut out = Vec::with_capacity(height);
        let (mut line, mut row) = (self.top_line, self.top_row);
        let n = self.lines(a);
        while out.len() < height && line < n {
            let base = d.line_starts().get(line).copied().unwrap_or(0);
            let rows = wrap.rows(a, self.doc, line, width);
            if row < rows.len() {
                let r = &rows[row];
                out.push(VisibleRow {
                    line,
                    row,
                    bytes: base + r.start..base + r.end,
                });
            }
            row += 1;
            if row >= rows.len() {
                line += 1;
                row = 0;
            }
        }
        out
    }

    /// The row after `p`, if any.
    fn next_row(&self, a: &Analysis, wrap: &mut WrapCache, w: usize, p: RowPos) -> Option<RowPos> {
        if p.1 + 1 < wrap.rows(a, self.doc, p.0, w).len() {
            Some((p.0, p.1 + 1))
        } else if p.0 + 1 < self.lines(a) {
            Some((p.0 + 1, 0))
        } else {
            None
        }
    }

    /// The row before `p`, if any.
    fn prev_row(&self, a: &Analysis, wrap: &mut WrapCache, w: usize, p: RowPos) -> Option<RowPos> {
        if p.1 > 0 {
            Some((p.0, p.1 - 1))
        } else if p.0 > 0 {
            Some((p.0 - 1, wrap.rows(a, self.doc, p.0 - 1, w).len() - 1))
        } else {
            None
        }
    }

    /// `n` rows after (`n > 0`) or before `p`, stopping at either end.
    pub fn step_rows(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        p: RowPos,
        n: isize,
    ) -> RowPos {
        self.step(a, wrap, w, p, n)
    }

    fn step(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        mut p: RowPos,
        n: isize,
    ) -> RowPos {
        for _ in 0..n.unsigned_abs() {
            let q = if n > 0 {
                self.next_row(a, wrap, w, p)
            } else {
                self.prev_row(a, wrap, w, p)
            };
            match q {
                Some(q) => p = q,
                None => break,
            }
        }
        p
    }

    /// The last possible top position (the end of the document fills the last row).
    pub(super) fn bottom_top(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        width: usize,
        height: usize,
    ) -> RowPos {
        let mut need = height;
        let mut line = self.lines(a) - 1;
        loop {
            let r = wrap.rows(a, self.doc, line, width).len();
            if r >= need {
                return (line, r - need);
            }
            need -= r;
            if line == 0 {
                return (0, 0);
            }
            line -= 1;
        }
    }

    /// The last row of the document.
    pub(super) fn last_row(&self, a: &Analysis, wrap: &mut WrapCache, w: usize) -> RowPos {
        let line = self.lines(a) - 1;
        (line, wrap.rows(a, self.doc, line, w).len() - 1)
    }

    /// True when the last line is on screen.
    pub fn at_bottom(&self, a: &Analysis, wrap: &mut WrapCache, w: usize, h: usize) -> bool {
        (self.top_line, self.top_row) >= self.bottom_top(a, wrap, w, h)
    }

    /// Scrolls the view down `n` rows, stopping at the bottom (the cursor stays).
    pub fn scroll_down(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        n: usize,
    ) {
        let bottom = self.bottom_top(a, wrap, w, h);
        let top = self.step(a, wrap, w, (self.top_line, self.top_row), n as isize);
        (self.top_line, self.top_row) = top.min(bottom).max((self.top_line, self.top_row));
    }

    /// Scrolls the view up `n` rows, stopping at the top (the cursor stays).
    pub fn scroll_up(&mut self, a: &Analysis, wrap: &mut WrapCache, w: usize, n: usize) {
        let top = (self.top_line, self.top_row);
        (self.top_line, self.top_row) = self.step(a, wrap, w, top, -(n as isize));
    }

    /// Keeps the position valid after a resize (rows of a line change with
    /// width) or a reload (lines change), and the cursor inside the document.
    pub fn clamp(&mut self, a: &Analysis, wrap: &mut WrapCache, w: usize, h: usize) {
        self.top_line = self.top_line.min(self.lines(a) - 1);
        let rows = wrap.rows(a, self.doc, self.top_line, w).len();
        self.top_row = self.top_row.min(rows - 1);
        let bottom = self.bottom_top(a, wrap, w, h);
        if (self.top_line, self.top_row) > bottom {
            (self.top_line, self.top_row) = bottom;
        }
        let d = &a.corpus.documents[self.doc];
        self.cursor = self.cursor.min(d.len());
        while !d.text.is_char_boundary(self.cursor) {
            self.cursor -= 1;
        }
        if self.selected.is_some_and(|s| s >= self.occs.len()) {
            self.selected = None;
        }
    }

    /// The (line, row) that shows byte `offset`.
    pub fn row_of(&self, a: &Analysis, wrap: &mut WrapCache, w: usize, offset: usize) -> RowPos {
        let d = &a.corpus.documents[self.doc];
        let line = d.line_index(offset.min(d.len())).min(self.lines(a) - 1);
        let local = offset.saturating_sub(d.line_starts().get(line).copied().unwrap_or(0));
        let rows = wrap.rows(a, self.doc, line, w);
        let row = rows
            .iter()
            .position(|r| local < r.end)
            .unwrap_or(rows.len() - 1);
        (line, row)
    }

    /// The absolute byte range of row `p`.
    pub fn row_bytes(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        p: RowPos,
    ) -> Range<usize> {
        let d = &a.corpus.documents[self.doc];
        let base = d.line_starts().get(p.0).copied().unwrap_or(0);
        let rows = wrap.rows(a, self.doc, p.0, w);
        let r = &rows[p.1.min(rows.len() - 1)];
        base + r.start..base + r.end
    }

    /// The cursor row.
    pub fn cursor_row(&self, a: &Analysis, wrap: &mut WrapCache, w: usize) -> RowPos {
        self.row_of(a, wrap, w, self.cursor)
    }

    /// The 0-based line of the cursor.
    pub fn cursor_line(&self, a: &Analysis) -> usize {
        let d = &a.corpus.documents[self.doc];
        d.line_index(self.cursor.min(d.len()))
            .min(self.lines(a) - 1)
    }

    /// Scrolls the view so byte `offset` shows `context` rows below the top.
    pub fn show_at(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        offset: usize,
        context: usize,
    ) {
        (self.top_line, self.top_row) = self.row_of(a, wrap, w, offset);
        self.scroll_up(a, wrap, w, context);
        self.clamp(a, wrap, w, h);
    }

    /// Shows byte `offset` `context` rows below the top ([`Self::show_at`])
    /// with the cursor on its row: where the reader opens at a passage or
    /// at a document's first line of text.
    pub fn open_at(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        (w, h): (usize, usize),
        offset: usize,
        context: usize,
    ) {
        self.show_at(a, wrap, w, h, offset, context);
        let row = self.row_of(a, wrap, w, offset);
        self.set_cursor_row(a, wrap, w, row);
    }

    /// Scrolls the view only if byte `offset` is not comfortably on screen.
    pub fn ensure_visible(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        offset: usize,
    ) {
        let rows = self.visible(a, wrap, w, h);
        let margin = if h > 8 { SCROLL_OFF } else { 0 };
        let keep = rows.len().saturating_sub(margin);
        let seen = rows[..keep].iter().any(|r| r.bytes.contains(&offset))
            || rows[..keep].last().is_some_and(|r| r.bytes.end == offset);
        if !seen {
            self.show_at(a, wrap, w, h, offset, JUMP_CONTEXT);
        }
    }

    /// Scrolls the view as little as possible so the cursor row is on screen,
    /// `SCROLL_OFF` rows from either edge where the document allows.
    pub fn keep_cursor_visible(&mut self, a: &Analysis, wrap: &mut WrapCache, w: usize, h: usize) {
        let cur = self.cursor_row(a, wrap, w);
        let margin = if h > 8 { SCROLL_OFF } else { 0 };
        let lowest = self.step(a, wrap, w, cur, -(h.saturating_sub(1 + margin) as isize));
        let highest = self.step(a, wrap, w, cur, -(margin as isize));
        let top = (self.top_line, self.top_row).max(lowest).min(highest);
        (self.top_line, self.top_row) = top;
        self.clamp(a, wrap, w, h);
    }

    /// Puts the cursor on row `p`.
    pub(super) fn set_cursor_row(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        p: RowPos,
    ) {
        self.cursor = self.row_bytes(a, wrap, w, p).start;
    }

    /// Moves the cursor `n` rows down (`n > 0`) or up and scrolls to keep it
    /// visible; the passage under it follows.
    pub fn move_cursor(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        n: isize,
    ) {
        let cur = self.cursor_row(a, wrap, w);
        let to = self.step(a, wrap, w, cur, n);
        self.set_cursor_row(a, wrap, w, to);
        self.keep_cursor_visible(a, wrap, w, h);
        self.select_under_cursor(a, wrap, w, true);
    }

    /// After the view scrolled on its own (wheel, page keys): brings the
    /// cursor back inside the view, onto the nearest row.
    pub fn cursor_into_view(&mut self, a: &Analysis, wrap: &mut WrapCache, w: usize, h: usize) {
        let rows = self.visible(a, wrap, w, h);
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return;
        };
        let cur = self.cursor_row(a, wrap, w);
        if cur < (first.line, first.row) {
            self.cursor = first.bytes.start;
        } else if cur > (last.line, last.row) {
            self.cursor = last.bytes.start;
        } else {
            return;
        }
        self.select_under_cursor(a, wrap, w, true);
    }

    /// Makes the passage under the cursor the selection: with `sticky`, the
    /// current one stays if it is still on the cursor row; otherwise the
    /// innermost passage on the row (or none).
    pub fn select_under_cursor(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        sticky: bool,
    ) {
        let cur = self.cursor_row(a, wrap, w);
        let row = self.row_bytes(a, wrap, w, cur);
        let row = row.start..row.end.max(row.start + 1);
        if sticky
            && let Some(s) = self.selected
            && let Some(o) = self.occs.get(s)
            && o.passage.start < row.end
            && o.passage.end > row.start
        {
            return;
        }
        self.selected = self.covering(a, row).last().copied();
    }

    /// Puts the cursor on the row showing byte `offset`, scrolling (with a
    /// little context above) only if that row is not comfortably on screen.
    pub fn cursor_to_byte(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        offset: usize,
    ) {
        let p = self.row_of(a, wrap, w, offset);
        self.set_cursor_row(a, wrap, w, p);
        self.ensure_visible(a, wrap, w, h, self.cursor);
    }

    /// The byte the reader is "at": the cursor.
    pub fn cursor_byte(&self, _a: &Analysis) -> usize {
        self.cursor
    }

    /// The occurrence at byte `offset` that a click there selects (innermost).
    pub fn occurrence_at(&self, a: &Analysis, offset: usize) -> Option<usize> {
        self.covering(a, offset..offset + 1).last().copied()
    }
}

/// The local byte range of `row` in its line of `d`, or `None` when the row
/// does not lie inside that line (a row of another document or another width).
pub fn row_in_line(d: &crate::corpus::Document, row: &VisibleRow) -> Option<Range<usize>> {
    let base = *d.line_starts().get(row.line)?;
    let text = d.line_text(row.line);
    let local = row.bytes.start.checked_sub(base)?..row.bytes.end.checked_sub(base)?;
    (local.start <= local.end
        && local.end <= text.len()
        && text.is_char_boundary(local.start)
        && text.is_char_boundary(local.end))
    .then_some(local)
}
