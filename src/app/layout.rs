//! Where each thing goes on screen for the current state and terminal size:
//! the pane areas, the reader's visible rows, the list offsets that keep a
//! selection in view, the comparison's aligned rows. Computed by
//! [`App::relayout`] at the end of every state change, so drawing only reads
//! it and the mouse is always resolved against what the state now shows, never
//! against a frame drawn before the last key.

use super::{App, MIN_SIZE, Screen, VisibleRow};
use ratatui::layout::Rect;

/// A pane the pointer can be over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The reader's text.
    Reader,
    /// Left side of the comparison.
    CompareLeft,
    /// Right side of the comparison.
    CompareRight,
    /// A list (library, passages, occurrences, where-else hits): the rows of
    /// its items, below any header; its first shown item index.
    List(usize),
    /// The pane of occurrence `i` in the all-occurrences view (its header
    /// row and text).
    Occurrence(usize),
    /// The preview of the selected hit in the where-else view.
    Preview,
    /// The help overlay.
    Help,
}

/// Where things go for the current state: read by drawing and by the mouse.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// True when the terminal is below [`MIN_SIZE`]: only a message is shown.
    pub too_small: bool,
    /// The area above the status bar.
    pub main: Rect,
    /// The status bar (last row).
    pub status: Rect,
    /// Panes and their screen areas, topmost last.
    pub panes: Vec<(Pane, Rect)>,
    /// The reader rows on screen: (screen y, text x, the row).
    pub reader_rows: Vec<(u16, u16, VisibleRow)>,
    /// True when the reader shows the last line of its document.
    pub reader_at_bottom: bool,
    /// The reader's header row (path and title of the open document).
    pub reader_header: Rect,
    /// Index in `reader_rows` of the cursor row, when it is on screen.
    pub reader_cursor: Option<usize>,
}

impl Layout {
    /// The area of the topmost pane that `is` accepts.
    pub fn area(&self, is: impl Fn(Pane) -> bool) -> Option<Rect> {
        self.panes
            .iter()
            .rev()
            .find(|(p, _)| is(*p))
            .map(|(_, r)| *r)
    }
}

/// Keeps `selected` inside a window of `height` rows starting at `offset`.
pub fn keep_visible(offset: usize, selected: usize, height: usize) -> usize {
    if selected < offset {
        selected
    } else if height > 0 && selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

/// The rows of a list below its two header rows.
fn list_area(main: Rect) -> Rect {
    Rect::new(
        main.x,
        main.y + 2,
        main.width,
        main.height.saturating_sub(2),
    )
}

impl App {
    /// Recomputes [`App::layout`] for the current state and size. Called at
    /// the end of every public state change; cheap (it wraps only the rows on
    /// screen, from a cache).
    pub fn relayout(&mut self) {
        let (w, h) = self.size;
        let mut layout = Layout::default();
        if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
            layout.too_small = true;
            self.layout = layout;
            return;
        }
        let main = Rect::new(0, 0, w, h - 1);
        layout.main = main;
        layout.status = Rect::new(0, h - 1, w, 1);
        let list = list_area(main);
        match self.screen {
            Screen::Library => {
                // Below the table: the selected path and the skipped-files line.
                let footer = self.library_footer_rows();
                let skipped = self.skipped.len();
                let lib = &mut self.library;
                if let Some(off) = lib.skipped_list.as_mut() {
                    *off = (*off).min(skipped.saturating_sub(list.height as usize));
                    layout.panes.push((Pane::List(*off), list));
                } else {
                    let rows = Rect {
                        height: list.height.saturating_sub(footer),
                        ..list
                    };
                    lib.offset = keep_visible(lib.offset, lib.selected, rows.height as usize);
                    layout.panes.push((Pane::List(lib.offset), rows));
                }
            }
            Screen::Passages => {
                let ps = &mut self.passages;
                ps.offset = keep_visible(ps.offset, ps.selected, list.height as usize);
                layout.panes.push((Pane::List(ps.offset), list));
            }
            Screen::Reader => self.layout_reader(main, &mut layout),
            Screen::Nway => self.layout_nway(main, &mut layout),
            Screen::WhereElse => self.layout_where_else(main, &mut layout),
            Screen::Compare => {
                let (tw, th) = self.compare_text_size();
                if let Some(c) = self.compare.as_mut() {
                    c.lay_out(&self.analysis, tw, th);
                }
                let pw = (main.width.saturating_sub(1) / 2).max(1);
                let left = Rect::new(main.x, main.y, pw, main.height);
                let right = Rect::new(main.x + pw + 1, main.y, main.width - pw - 1, main.height);
                layout.panes.push((Pane::CompareLeft, left));
                layout.panes.push((Pane::CompareRight, right));
            }
        }
        if self.help.is_some() {
            let hw = main.width.saturating_sub(4).min(96);
            let hh = main.height.saturating_sub(2);
            let rect = Rect::new(main.x + (main.width - hw) / 2, main.y + 1, hw, hh);
            layout.panes.push((Pane::Help, rect));
        }
        self.layout = layout;
    }

    fn layout_reader(&mut self, main: Rect, layout: &mut Layout) {
        let (tw, th) = self.reader_text_size();
        let a = &self.analysis;
        let Some(r) = self.reader.as_ref() else {
            return;
        };
        layout.reader_header = Rect::new(main.x, main.y, main.width, 1);
        let text = Rect::new(
            main.x,
            main.y + 1,
            main.width,
            main.height.saturating_sub(1),
        );
        let rows = r.visible(a, &mut self.wrap, tw, th.min(text.height as usize));
        layout.reader_at_bottom = r.at_bottom(a, &mut self.wrap, tw, th);
        let cursor = r.cursor_row(a, &mut self.wrap, tw);
        layout.reader_cursor = rows.iter().position(|v| (v.line, v.row) == cursor);
        for (y, row) in rows.into_iter().enumerate() {
            layout
                .reader_rows
                .push((text.y + y as u16, text.x + super::READER_GUTTER as u16, row));
        }
        layout.panes.push((Pane::Reader, text));
    }

    /// The all-occurrences view: a title row, the table of occurrences (its
    /// column header, then up to [`super::NWAY_LIST_ROWS`] rows), and the
    /// stacked panes from [`super::NwayState::top`].
    fn layout_nway(&mut self, main: Rect, layout: &mut Layout) {
        let (list_h, panes_h) = self.nway_heights();
        let n = match &self.nway {
            Some(s) => s.occurrences(&self.analysis).len(),
            None => return,
        };
        let Some(s) = self.nway.as_mut() else {
            return;
        };
        let rows = Rect::new(
            main.x,
            main.y + 2,
            main.width,
            (list_h as u16).saturating_sub(2),
        );
        s.list_offset = keep_visible(s.list_offset, s.selected, rows.height as usize)
            .min(n.saturating_sub(rows.height as usize));
        layout.panes.push((Pane::List(s.list_offset), rows));
        let (ph, shown) = super::pane_layout(n, panes_h);
        let bottom = main.y + main.height;
        for k in 0..shown {
            let i = s.top + k;
            if i >= n {
                break;
            }
            let y = main.y + (list_h + k * ph) as u16;
            let h = if k + 1 == shown {
                bottom.saturating_sub(y)
            } else {
                (ph as u16).min(bottom.saturating_sub(y))
            };
            layout
                .panes
                .push((Pane::Occurrence(i), Rect::new(main.x, y, main.width, h)));
        }
    }

    /// The where-else view: a title row, the table of hits (its column
    /// header, then [`super::where_else_list_rows`] rows) and the preview of
    /// the selected hit below.
    fn layout_where_else(&mut self, main: Rect, layout: &mut Layout) {
        let Some(s) = self.where_else.as_mut() else {
            return;
        };
        let n = s.hits.len();
        if n == 0 {
            return;
        }
        let rows_h = super::where_else_list_rows((main.height as usize).saturating_sub(2), n);
        s.offset = keep_visible(s.offset, s.selected, rows_h).min(n.saturating_sub(rows_h));
        let rows = Rect::new(main.x, main.y + 2, main.width, rows_h as u16);
        layout.panes.push((Pane::List(s.offset), rows));
        let top = rows.y + rows.height;
        let h = (main.y + main.height).saturating_sub(top);
        if h >= 2 {
            layout
                .panes
                .push((Pane::Preview, Rect::new(main.x, top, main.width, h)));
        }
    }
}
