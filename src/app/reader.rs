//! The reader's state: which document, where it is scrolled (a line and a
//! wrapped row within it, so resizing keeps the place), which shared passage
//! is selected, and the jump stack. Scrolling wraps only the lines it passes
//! over (cached per width), never the whole document.

use super::{App, PromptKind, Screen, SearchState};
use crate::action::Action;
use crate::reuse::{Analysis, OccurrenceRef};
use crate::text::wrap::{byte_at_column, wrap_line};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// Columns left of the text for the passage mark.
pub const GUTTER: usize = 2;
/// Rows kept above a passage the reader jumps to.
const JUMP_CONTEXT: usize = 2;

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
    /// Index into `occs` of the selected passage.
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
            selected: None,
            search: None,
        }
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

    /// The last possible top position (the end of the document fills the last row).
    pub(super) fn bottom_top(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        width: usize,
        height: usize,
    ) -> (usize, usize) {
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

    /// True when the last line is on screen.
    pub fn at_bottom(&self, a: &Analysis, wrap: &mut WrapCache, w: usize, h: usize) -> bool {
        (self.top_line, self.top_row) >= self.bottom_top(a, wrap, w, h)
    }

    /// Scrolls down `n` rows, stopping at the bottom.
    pub fn scroll_down(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        n: usize,
    ) {
        let bottom = self.bottom_top(a, wrap, w, h);
        for _ in 0..n {
            if (self.top_line, self.top_row) >= bottom {
                break;
            }
            let rows = wrap.rows(a, self.doc, self.top_line, w).len();
            if self.top_row + 1 < rows {
                self.top_row += 1;
            } else {
                self.top_line += 1;
                self.top_row = 0;
            }
        }
    }

    /// Scrolls up `n` rows, stopping at the top.
    pub fn scroll_up(&mut self, a: &Analysis, wrap: &mut WrapCache, w: usize, n: usize) {
        for _ in 0..n {
            if self.top_row > 0 {
                self.top_row -= 1;
            } else if self.top_line > 0 {
                self.top_line -= 1;
                self.top_row = wrap.rows(a, self.doc, self.top_line, w).len() - 1;
            } else {
                break;
            }
        }
    }

    /// Keeps the position valid after a resize (rows of a line change with width).
    pub fn clamp(&mut self, a: &Analysis, wrap: &mut WrapCache, w: usize, h: usize) {
        self.top_line = self.top_line.min(self.lines(a) - 1);
        let rows = wrap.rows(a, self.doc, self.top_line, w).len();
        self.top_row = self.top_row.min(rows - 1);
        let bottom = self.bottom_top(a, wrap, w, h);
        if (self.top_line, self.top_row) > bottom {
            (self.top_line, self.top_row) = bottom;
        }
    }

    /// The (line, row) that shows byte `offset`.
    fn row_of(
        &self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        offset: usize,
    ) -> (usize, usize) {
        let d = &a.corpus.documents[self.doc];
        let line = d.line_index(offset.min(d.len())).min(self.lines(a) - 1);
        let local = offset.saturating_sub(d.line_starts()[line]);
        let rows = wrap.rows(a, self.doc, line, w);
        let row = rows
            .iter()
            .position(|r| local < r.end)
            .unwrap_or(rows.len() - 1);
        (line, row)
    }

    /// Scrolls so byte `offset` shows `context` rows below the top.
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

    /// Scrolls only if byte `offset` is not comfortably on screen.
    pub fn ensure_visible(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
        offset: usize,
    ) {
        let rows = self.visible(a, wrap, w, h);
        let margin = if h > 8 { 2 } else { 0 };
        let keep = rows.len().saturating_sub(margin);
        let seen = rows[..keep].iter().any(|r| r.bytes.contains(&offset))
            || rows[..keep].last().is_some_and(|r| r.bytes.end == offset);
        if !seen {
            self.show_at(a, wrap, w, h, offset, JUMP_CONTEXT);
        }
    }

    /// After scrolling: keep the selection if still on screen, else select the
    /// first passage on screen (or none).
    pub(super) fn follow_selection(
        &mut self,
        a: &Analysis,
        wrap: &mut WrapCache,
        w: usize,
        h: usize,
    ) {
        let rows = self.visible(a, wrap, w, h);
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return;
        };
        let view = first.bytes.start..last.bytes.end.max(first.bytes.start + 1);
        let on_screen =
            |o: &OccurrenceRef| o.passage.start < view.end && o.passage.end > view.start;
        if let Some(s) = self.selected
            && on_screen(&self.occs[s])
        {
            return;
        }
        let i = self.max_end.partition_point(|&e| e <= view.start);
        self.selected = (i < self.occs.len() && on_screen(&self.occs[i])).then_some(i);
    }

    /// The byte the reader is "at": the selected passage, else the top row.
    pub fn cursor_byte(&self, a: &Analysis) -> usize {
        match self.selected {
            Some(s) => self.occs[s].passage.start,
            None => {
                let d = &a.corpus.documents[self.doc];
                d.line_starts().get(self.top_line).copied().unwrap_or(0)
            }
        }
    }

    /// The occurrence at byte `offset` that a click there selects (innermost).
    pub fn occurrence_at(&self, a: &Analysis, offset: usize) -> Option<usize> {
        self.covering(a, offset..offset + 1).last().copied()
    }
}

impl App {
    /// Opens document `doc` in the reader, at the top.
    pub fn open_document(&mut self, doc: usize) {
        self.open_document_now(doc);
        self.relayout();
    }

    fn open_document_now(&mut self, doc: usize) {
        self.reader = Some(ReaderState::new(&self.analysis, doc));
        self.screen = Screen::Reader;
    }

    /// Opens occurrence `index` of cluster `cluster` in the reader, selected.
    pub fn open_occurrence(&mut self, cluster: usize, index: usize) {
        self.open_occurrence_now(cluster, index);
        self.relayout();
    }

    fn open_occurrence_now(&mut self, cluster: usize, index: usize) {
        let p = self.analysis.clusters[cluster].occurrences[index];
        if self.reader.as_ref().map(|r| r.doc) != Some(p.document) {
            self.reader = Some(ReaderState::new(&self.analysis, p.document));
        }
        self.screen = Screen::Reader;
        let (w, h) = self.reader_text_size();
        let a = &self.analysis;
        if let Some(r) = self.reader.as_mut() {
            r.selected = r
                .occs
                .iter()
                .position(|o| o.cluster == cluster && o.index == index);
            r.show_at(a, &mut self.wrap, w, h, p.start, JUMP_CONTEXT);
        }
    }

    pub(super) fn update_reader(&mut self, action: Action) {
        let (w, h) = self.reader_text_size();
        let a = self.analysis.clone();
        let Some(r) = self.reader.as_mut() else {
            self.screen = Screen::Library;
            return;
        };
        let wrap = &mut self.wrap;
        let half = (h / 2).max(1);
        let page = h.saturating_sub(2).max(1);
        match action {
            Action::ScrollDown => r.scroll_down(&a, wrap, w, h, 1),
            Action::ScrollUp => r.scroll_up(&a, wrap, w, 1),
            Action::HalfPageDown => r.scroll_down(&a, wrap, w, h, half),
            Action::HalfPageUp => r.scroll_up(&a, wrap, w, half),
            Action::PageDown => r.scroll_down(&a, wrap, w, h, page),
            Action::PageUp => r.scroll_up(&a, wrap, w, page),
            Action::Top => (r.top_line, r.top_row) = (0, 0),
            Action::Bottom => (r.top_line, r.top_row) = r.bottom_top(&a, wrap, w, h),
            Action::NextPassage | Action::PrevPassage => {
                let n = r.occs.len();
                if n == 0 {
                    self.message = Some("no shared passages in this document".into());
                    return;
                }
                let next = action == Action::NextPassage;
                let target = match r.selected {
                    Some(s) if next => {
                        if s + 1 == n {
                            self.message = Some("wrapped to the first passage".into());
                        }
                        (s + 1) % n
                    }
                    Some(s) => {
                        if s == 0 {
                            self.message = Some("wrapped to the last passage".into());
                        }
                        (s + n - 1) % n
                    }
                    None => {
                        let at = r.cursor_byte(&a);
                        let i = r.occs.partition_point(|o| o.passage.start < at);
                        if next { i % n } else { (i + n - 1) % n }
                    }
                };
                r.selected = Some(target);
                let start = r.occs[target].passage.start;
                r.ensure_visible(&a, wrap, w, h, start);
                return;
            }
            Action::Center => {
                if let Some(s) = r.selected {
                    let start = r.occs[s].passage.start;
                    r.show_at(&a, wrap, w, h, start, h / 2);
                }
                return;
            }
            Action::Compare | Action::Select => {
                self.open_compare();
                return;
            }
            Action::OtherOccurrence => {
                self.jump_to_other_occurrence();
                return;
            }
            Action::Back => {
                match self.jumps.pop() {
                    Some(prev) => self.reader = Some(prev),
                    None => self.show_library(),
                }
                return;
            }
            Action::Passages => {
                self.show_passages();
                return;
            }
            Action::Library => {
                self.show_library();
                return;
            }
            Action::Search => {
                self.open_prompt(PromptKind::Search);
                return;
            }
            Action::SearchNext | Action::SearchPrev => {
                self.search_step(action == Action::SearchNext);
                return;
            }
            Action::OpenEditor => {
                let (doc, byte) = (r.doc, r.cursor_byte(&a));
                let line = a.corpus.documents[doc].line_col(byte).0;
                let line = if r.selected.is_some() {
                    line
                } else {
                    r.top_line + 1
                };
                self.request_editor(doc, line);
                return;
            }
            _ => return,
        }
        r.follow_selection(&a, wrap, w, h);
    }

    /// Jumps to the next other occurrence of the selected passage, remembering
    /// where the reader was (`Back` returns there).
    fn jump_to_other_occurrence(&mut self) {
        let Some((r, o)) = self.selected_occurrence() else {
            return;
        };
        let n = self.analysis.clusters[o.cluster].occurrences.len();
        self.jumps.push(r);
        self.open_occurrence(o.cluster, (o.index + 1) % n);
    }

    /// A copy of the reader and its selected occurrence; with no passage
    /// selected, `None` and a hint in the status bar.
    pub(super) fn selected_occurrence(&mut self) -> Option<(ReaderState, OccurrenceRef)> {
        let r = self.reader.as_ref()?;
        match r.selected {
            Some(s) => Some((r.clone(), r.occs[s])),
            None => {
                self.message = Some("no passage selected (] selects the next one)".into());
                None
            }
        }
    }

    pub(super) fn click_reader(&mut self, x: u16, y: u16) {
        let Some((_, x0, row)) = self
            .layout
            .reader_rows
            .iter()
            .find(|(ry, _, _)| *ry == y)
            .cloned()
        else {
            return;
        };
        let a = self.analysis.clone();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let d = &a.corpus.documents[r.doc];
        // The layout is recomputed after every change, but a row is checked
        // against the open document before any offset arithmetic all the same.
        let Some(local) = row_in_line(d, &row) else {
            return;
        };
        let base = d.line_starts()[row.line];
        let col = x.saturating_sub(x0) as usize;
        let byte = base + byte_at_column(d.line_text(row.line), local, col);
        if let Some(i) = r.occurrence_at(&a, byte) {
            r.selected = Some(i);
        }
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
