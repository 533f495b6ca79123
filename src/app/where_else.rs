//! "Where else does this appear?": the text of the reader's cursor line (or of
//! a selected range of lines) searched in the whole corpus through the query
//! index ([`crate::reuse::query`], built on first use), and the list of hits
//! with document, line and similarity. Pure state; `ui::where_else` draws it.

use super::{App, CompareState, ReaderState, Screen};
use crate::action::Action;
use crate::reuse::Passage;
use crate::reuse::query::{Hit, IndexState, MIN_WORDS, QueryIndex, SharedQueryIndex};
use std::sync::Arc;
use std::time::Instant;

/// Corpora up to this size build the where-else index at once (well under a
/// second); larger ones build it on a background job.
pub const QUERY_INLINE_BYTES: usize = 8 << 20;

/// The state of the where-else view.
#[derive(Debug, Clone)]
pub struct WhereElseState {
    /// The text searched for: a span of the reader's document.
    pub query: Passage,
    /// The places found, best first.
    pub hits: Vec<Hit>,
    /// The selected hit.
    pub selected: usize,
    /// First hit shown in the list.
    pub offset: usize,
    /// How long the query took, in milliseconds (index build not counted).
    pub millis: f64,
    /// The reader to return to.
    pub return_to: Option<ReaderState>,
}

/// Rows of the hit list (the rest of the screen previews the selected hit).
pub fn where_else_list_rows(main_rows: usize, hits: usize) -> usize {
    (hits.max(1)).min((main_rows.saturating_sub(2)) / 2).max(1)
}

impl App {
    /// The where-else index, when it is built.
    pub fn query_index(&self) -> Option<Arc<QueryIndex>> {
        self.query.get()
    }

    /// Makes this app use `query`, the where-else index slot of its text
    /// shared with other apps over the same analysis (every `refrain serve`
    /// session gets the server's), so the index is built once for them all.
    pub fn share_query_index(&mut self, query: SharedQueryIndex) {
        self.query = query;
        self.query_waiting = false;
    }

    /// The span the where-else search starts from: the selected lines (`v`)
    /// or the cursor line, without its leading and trailing blanks.
    pub fn where_else_span(&self) -> Option<Passage> {
        let (doc, cursor) = self.cursor_line()?;
        let d = &self.analysis.corpus.documents[doc];
        if d.line_count() == 0 {
            return None;
        }
        let (a, b) = match self.visual {
            Some((vd, anchor)) if vd == doc => (anchor.min(cursor), anchor.max(cursor)),
            _ => (cursor, cursor),
        };
        let b = b.min(d.line_count() - 1);
        let start = d.line_starts()[a];
        let end = d.line_starts()[b] + d.line_text(b).len();
        let text = &d.text[start..end];
        let lead = text.len() - text.trim_start().len();
        let trail = text.trim_end().len();
        Some(Passage {
            document: doc,
            start: start + lead,
            end: start + trail.max(lead),
        })
    }

    /// Runs the where-else search that waited for the index once it is
    /// built (by this app or another sharing it). True when the state
    /// changed (draw again).
    pub fn poll_query_index(&mut self) -> bool {
        if !self.query_waiting {
            return false;
        }
        match self.query.state() {
            IndexState::Building => return false,
            IndexState::Ready(_) => {
                self.query_waiting = false;
                self.message = None;
                if self.screen == Screen::Reader {
                    self.open_where_else_now();
                }
            }
            IndexState::Failed | IndexState::Missing => {
                self.query_waiting = false;
                self.message = Some("where else: building the index failed".into());
            }
        }
        self.relayout();
        true
    }

    /// Searches the corpus for the cursor line (or the selected lines) and
    /// shows the hits.
    pub fn open_where_else(&mut self) {
        self.open_where_else_now();
        self.relayout();
    }

    fn open_where_else_now(&mut self) {
        let Some(span) = self.where_else_span() else {
            return;
        };
        let text = self.analysis.text(&span).to_string();
        if crate::segment::word_count(&text) < MIN_WORDS {
            self.message = Some(format!(
                "where else: select at least {MIN_WORDS} words (v then j extends the selection)"
            ));
            return;
        }
        let index = match self.query.state() {
            IndexState::Ready(index) => index,
            IndexState::Missing | IndexState::Failed
                if self.analysis.corpus.total_bytes() <= self.query_inline_bytes =>
            {
                self.query.get_or_build(&self.analysis.corpus)
            }
            _ => {
                // Build the index off the UI thread; the search runs when it is ready.
                self.query.build_in_background(Arc::clone(&self.analysis));
                self.query_waiting = true;
                self.message = Some("where else: indexing the corpus for the first search…".into());
                return;
            }
        };
        let t = Instant::now();
        let hits = index.find(&self.analysis.corpus, &text, Some(span));
        let millis = t.elapsed().as_secs_f64() * 1000.0;
        self.visual = None;
        self.where_else = Some(WhereElseState {
            query: span,
            hits,
            selected: 0,
            offset: 0,
            millis,
            return_to: self.reader.clone(),
        });
        self.screen = Screen::WhereElse;
    }

    /// Opens document `p.document` in the reader at the start of `p`,
    /// selecting the innermost shared passage there, if any.
    pub fn open_passage(&mut self, p: Passage) {
        if self.reader.as_ref().map(|r| r.doc) != Some(p.document) {
            self.reader = Some(ReaderState::new(&self.analysis, p.document));
        }
        self.screen = Screen::Reader;
        let (w, h) = self.reader_text_size();
        let a = &self.analysis;
        if let Some(r) = self.reader.as_mut() {
            r.show_at(a, &mut self.wrap, w, h, p.start, 2);
            r.cursor_to_byte(a, &mut self.wrap, w, h, p.start);
            r.select_under_cursor(a, &mut self.wrap, w, false);
        }
        self.relayout();
    }

    /// Toggles a selection of lines from the cursor line (extended by moving).
    pub fn toggle_visual(&mut self) {
        self.toggle_visual_now();
        self.relayout();
    }

    fn toggle_visual_now(&mut self) {
        if self.visual.take().is_some() {
            return;
        }
        let Some((doc, line)) = self.cursor_line() else {
            return;
        };
        self.visual = Some((doc, line));
        self.message = Some("selecting lines: move, then w searches where else they appear".into());
    }

    pub(super) fn update_where_else(&mut self, action: Action) {
        let main = (self.size.1 as usize).saturating_sub(1);
        let Some(s) = self.where_else.as_mut() else {
            self.screen = Screen::Reader;
            return;
        };
        let n = s.hits.len();
        let rows = where_else_list_rows(main.saturating_sub(2), n);
        let sel = s.selected;
        let go = |s: &mut WhereElseState, i: usize| {
            s.selected = i.min(n.saturating_sub(1));
            if s.selected < s.offset {
                s.offset = s.selected;
            } else if s.selected >= s.offset + rows {
                s.offset = s.selected + 1 - rows;
            }
        };
        match action {
            Action::ScrollDown => go(s, sel + 1),
            Action::ScrollUp => go(s, sel.saturating_sub(1)),
            Action::PageDown | Action::HalfPageDown => go(s, sel + rows),
            Action::PageUp | Action::HalfPageUp => go(s, sel.saturating_sub(rows)),
            Action::Top => go(s, 0),
            Action::Bottom => go(s, n.saturating_sub(1)),
            Action::Select if n > 0 => {
                let p = s.hits[sel].passage;
                if let Some(r) = s.return_to.clone() {
                    self.jumps.push(r);
                }
                self.open_passage(p);
            }
            Action::Compare if n > 0 => {
                let passages = Arc::new(vec![s.query, s.hits[sel].passage]);
                let mut c = CompareState::between(&self.analysis, None, passages, 0, 1);
                c.return_to = s.return_to.clone();
                c.return_screen = Some(Screen::WhereElse);
                self.show_compare(c);
            }
            Action::Select | Action::Compare => {
                self.message = Some("nothing found to open".into());
            }
            Action::Back | Action::WhereElse => {
                self.screen = if self.reader.is_some() {
                    Screen::Reader
                } else {
                    Screen::Library
                };
            }
            Action::Passages => self.show_passages(),
            Action::Library => self.show_library(),
            Action::OpenEditor if n > 0 => {
                let p = s.hits[sel].passage;
                let line = self.analysis.corpus.documents[p.document]
                    .line_col(p.start)
                    .0;
                self.request_editor(p.document, line);
            }
            _ => {}
        }
    }
}
