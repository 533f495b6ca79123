//! The reader screen's actions: opening a document or an occurrence in it,
//! go to line, the reader's keys (cursor, passages, search steps, jumps back),
//! scrolling the view and clicks on its text. The state they change is
//! [`super::ReaderState`].

use super::reader::JUMP_CONTEXT;
use super::{App, PromptKind, ReaderState, Screen, row_in_line};
use crate::action::Action;
use crate::reuse::OccurrenceRef;
use crate::text::wrap::byte_at_column;

impl App {
    /// Says in the status line when document `doc` (of a reopened saved
    /// analysis, read on demand) changed on disk since the analysis was saved.
    fn note_document_problem(&mut self, doc: usize) {
        let problem = self.analysis.corpus.documents[doc].problem();
        if let Some(p) = problem.map(str::to_string) {
            self.set_message(p);
        }
    }

    /// Opens document `doc` in the reader, at the top.
    pub fn open_document(&mut self, doc: usize) {
        self.open_document_now(doc);
        self.relayout();
    }

    fn open_document_now(&mut self, doc: usize) {
        self.reader = Some(ReaderState::new(&self.analysis, doc));
        self.screen = Screen::Reader;
        self.note_document_problem(doc);
        self.apply_triage_to_reader();
        let (w, h) = self.reader_text_size();
        let a = self.analysis.clone();
        // A document whose markup was masked (HTML's head, a manual page's
        // comments) opens at its first line of text, not on a screen of
        // blank lines.
        let d = &a.corpus.documents[doc];
        let first_line = d
            .markup
            .then(|| d.text.find(|c: char| !c.is_whitespace()))
            .flatten()
            .map(|at| d.line_index(at))
            .filter(|&line| line > 0);
        if let Some(r) = self.reader.as_mut() {
            if let Some(line) = first_line {
                r.open_at(&a, &mut self.wrap, (w, h), d.line_starts()[line], 0);
            }
            r.select_under_cursor(&a, &mut self.wrap, w, false);
        }
    }

    /// Opens occurrence `index` of cluster `cluster` in the reader, with the
    /// cursor on its first row and the passage selected.
    pub fn open_occurrence(&mut self, cluster: usize, index: usize) {
        self.open_occurrence_now(cluster, index);
        self.relayout();
    }

    fn open_occurrence_now(&mut self, cluster: usize, index: usize) {
        let p = self.analysis.clusters[cluster].occurrences[index];
        if self.reader.as_ref().map(|r| r.doc) != Some(p.document) {
            self.reader = Some(ReaderState::new(&self.analysis, p.document));
            self.apply_triage_to_reader();
            self.note_document_problem(p.document);
        }
        self.screen = Screen::Reader;
        let (w, h) = self.reader_text_size();
        let a = &self.analysis;
        if let Some(r) = self.reader.as_mut() {
            r.selected = r
                .occs
                .iter()
                .position(|o| o.cluster == cluster && o.index == index);
            r.open_at(a, &mut self.wrap, (w, h), p.start, JUMP_CONTEXT);
        }
    }

    /// The passage under the reader's cursor (innermost where passages nest),
    /// as an occurrence of its cluster; `None` when no document is open or no
    /// passage is on the cursor row. This is what `c`, `o`, the status bar and
    /// the views act on.
    pub fn cursor_occurrence(&self) -> Option<OccurrenceRef> {
        let r = self.reader.as_ref()?;
        r.selected.and_then(|s| r.occs.get(s).copied())
    }

    /// The open document and the cursor's 0-based line in it.
    pub fn cursor_line(&self) -> Option<(usize, usize)> {
        let r = self.reader.as_ref()?;
        Some((r.doc, r.cursor_line(&self.analysis)))
    }

    /// Moves the reader's cursor to 1-based `line` (clamped to the document),
    /// centring it when it was off screen.
    pub fn go_to_line(&mut self, line: usize) {
        let (w, h) = self.reader_text_size();
        let a = self.analysis.clone();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let d = &a.corpus.documents[r.doc];
        let n = r.lines(&a);
        let target = line.clamp(1, n) - 1;
        if line > n {
            self.message = Some(format!("line {line} is past the end: {n} lines"));
        }
        let byte = d.line_starts().get(target).copied().unwrap_or(0);
        let wrap = &mut self.wrap;
        let visible = r.visible(&a, wrap, w, h);
        if !visible.iter().any(|v| v.line == target) {
            r.show_at(&a, wrap, w, h, byte, h / 2);
        }
        r.cursor = byte;
        r.keep_cursor_visible(&a, wrap, w, h);
        r.select_under_cursor(&a, wrap, w, false);
        self.relayout();
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
            Action::ScrollDown => r.move_cursor(&a, wrap, w, h, 1),
            Action::ScrollUp => r.move_cursor(&a, wrap, w, h, -1),
            Action::HalfPageDown | Action::PageDown | Action::HalfPageUp | Action::PageUp => {
                let n = if matches!(action, Action::HalfPageDown | Action::HalfPageUp) {
                    half
                } else {
                    page
                };
                if matches!(action, Action::HalfPageDown | Action::PageDown) {
                    r.scroll_down(&a, wrap, w, h, n);
                    r.move_cursor(&a, wrap, w, h, n as isize);
                } else {
                    r.scroll_up(&a, wrap, w, n);
                    r.move_cursor(&a, wrap, w, h, -(n as isize));
                }
            }
            Action::Top => {
                (r.top_line, r.top_row) = (0, 0);
                r.cursor = 0;
                r.select_under_cursor(&a, wrap, w, false);
            }
            Action::Bottom => {
                (r.top_line, r.top_row) = r.bottom_top(&a, wrap, w, h);
                let last = r.last_row(&a, wrap, w);
                r.set_cursor_row(&a, wrap, w, last);
                r.select_under_cursor(&a, wrap, w, false);
            }
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
                        let at = r.cursor;
                        let i = r.occs.partition_point(|o| o.passage.start < at);
                        if next { i % n } else { (i + n - 1) % n }
                    }
                };
                r.selected = Some(target);
                let start = r.occs[target].passage.start;
                r.cursor_to_byte(&a, wrap, w, h, start);
            }
            Action::Center => {
                let cur = r.cursor;
                r.show_at(&a, wrap, w, h, cur, h / 2);
            }
            Action::Compare | Action::Select => self.open_compare_now(),
            Action::OtherOccurrence => self.jump_to_other_occurrence(),
            Action::Back => match self.jumps.pop() {
                Some(prev) => self.reader = Some(prev),
                None => self.show_library(),
            },
            Action::Passages => self.show_passages(),
            Action::Library => self.show_library(),
            Action::Search => self.open_prompt(PromptKind::Search),
            Action::GoToLine => self.open_prompt(PromptKind::GoToLine),
            Action::SearchNext | Action::SearchPrev => {
                self.search_step(action == Action::SearchNext)
            }
            Action::OpenEditor => {
                let (doc, line) = (r.doc, r.cursor_line(&a) + 1);
                self.request_editor(doc, line);
            }
            _ => {}
        }
    }

    /// Scrolls the reader's view by `n` rows (down when positive) without
    /// moving the text under the cursor unless it would leave the screen.
    pub(super) fn scroll_reader_view(&mut self, n: isize) {
        let (w, h) = self.reader_text_size();
        let a = self.analysis.clone();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if n > 0 {
            r.scroll_down(&a, &mut self.wrap, w, h, n as usize);
        } else {
            r.scroll_up(&a, &mut self.wrap, w, n.unsigned_abs());
        }
        r.cursor_into_view(&a, &mut self.wrap, w, h);
    }

    /// Jumps to the next other occurrence of the passage under the cursor,
    /// remembering where the reader was (`Back` returns there).
    fn jump_to_other_occurrence(&mut self) {
        let Some((r, o)) = self.selected_occurrence() else {
            return;
        };
        let n = self.analysis.clusters[o.cluster].occurrences.len();
        self.jumps.push(r);
        self.open_occurrence_now(o.cluster, (o.index + 1) % n);
    }

    /// A copy of the reader and the passage under its cursor; with none,
    /// `None` and a hint in the status bar.
    pub(super) fn selected_occurrence(&mut self) -> Option<(ReaderState, OccurrenceRef)> {
        let r = self.reader.as_ref()?;
        match r.selected {
            Some(s) => Some((r.clone(), r.occs[s])),
            None => {
                self.message = Some("no passage under the cursor (] goes to the next one)".into());
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
        let (w, _) = self.reader_text_size();
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
        r.cursor = row.bytes.start;
        match r.occurrence_at(&a, byte) {
            Some(i) => r.selected = Some(i),
            None => r.select_under_cursor(&a, &mut self.wrap, w, false),
        }
    }
}
