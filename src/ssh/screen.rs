//! Turning frames into the few bytes that bring a remote terminal up to date.
//!
//! Ratatui draws each frame into [`ScreenBackend`], an in-memory backend that
//! keeps the whole screen. [`Painter`] remembers what the client's terminal
//! shows and writes the difference through ratatui's crossterm backend (so the
//! escape sequences are crossterm's, cell for cell like a local terminal). One
//! thing it adds to ratatui's own cell diff: when a band of rows moved up or
//! down (scrolling a document), it asks the terminal to scroll that band
//! (`DECSTBM` scroll region + `SU`/`SD`) and then sends only the rows that are
//! really new, instead of every cell that changed. Correctness does not depend
//! on the scroll guess: after the scroll the remembered screen is shifted the
//! same way and the cell diff repairs anything else.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use std::collections::hash_map::DefaultHasher;
use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};

/// A ratatui backend that only keeps the screen in memory.
#[derive(Debug)]
pub struct ScreenBackend {
    buffer: Buffer,
    cursor: Position,
    cursor_visible: bool,
}

impl ScreenBackend {
    /// A blank screen of `area`'s size.
    pub fn new(area: Rect) -> Self {
        ScreenBackend {
            buffer: Buffer::empty(area),
            cursor: Position::ORIGIN,
            cursor_visible: false,
        }
    }

    /// Changes the screen size (contents are cleared).
    pub fn resize(&mut self, area: Rect) {
        self.buffer = Buffer::empty(area);
    }

    /// The screen as drawn.
    pub fn buffer(&self) -> &Buffer {
        &self.buffer
    }

    /// Where the cursor should be shown, if the frame shows it.
    pub fn cursor(&self) -> Option<Position> {
        self.cursor_visible.then_some(self.cursor)
    }

    fn clear_cells(&mut self, from: usize, to: usize) {
        let to = to.min(self.buffer.content.len());
        for cell in &mut self.buffer.content[from.min(to)..to] {
            *cell = Cell::EMPTY;
        }
    }
}

impl Backend for ScreenBackend {
    type Error = Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Infallible>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            if x < self.buffer.area.width && y < self.buffer.area.height {
                self.buffer[(x, y)] = cell.clone();
            }
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> Result<(), Infallible> {
        self.cursor_visible = false;
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Infallible> {
        self.cursor_visible = true;
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Infallible> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Infallible> {
        self.cursor = position.into();
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Infallible> {
        self.buffer.reset();
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Infallible> {
        let w = usize::from(self.buffer.area.width);
        let len = self.buffer.content.len();
        let at = usize::from(self.cursor.y) * w + usize::from(self.cursor.x);
        let line = usize::from(self.cursor.y) * w;
        match clear_type {
            ClearType::All => self.buffer.reset(),
            ClearType::AfterCursor => self.clear_cells(at, len),
            ClearType::BeforeCursor => self.clear_cells(0, at + 1),
            ClearType::CurrentLine => self.clear_cells(line, line + w),
            ClearType::UntilNewLine => self.clear_cells(at, line + w),
        }
        Ok(())
    }

    fn size(&self) -> Result<Size, Infallible> {
        Ok(self.buffer.area.as_size())
    }

    fn window_size(&mut self) -> Result<WindowSize, Infallible> {
        Ok(WindowSize {
            columns_rows: self.buffer.area.as_size(),
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

/// A band of rows to scroll: rows `top..=bottom`, content moving up by
/// `shift` rows (down when negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    /// First row of the scroll region.
    pub top: u16,
    /// Last row of the scroll region.
    pub bottom: u16,
    /// Rows the content moves up (negative: down).
    pub shift: i32,
}

/// What the client's terminal shows, and the writer that updates it.
pub struct Painter<W: Write> {
    shown: Buffer,
    cursor: Option<Position>,
    clear_first: bool,
    out: CrosstermBackend<W>,
}

impl<W: Write> Painter<W> {
    /// A painter for a terminal that shows a blank `area`, cursor hidden.
    pub fn new(area: Rect, out: W) -> Self {
        Painter {
            shown: Buffer::empty(area),
            cursor: None,
            clear_first: false,
            out: CrosstermBackend::new(out),
        }
    }

    /// The terminal changed size: its contents are unknown, the next paint
    /// clears it and draws everything.
    pub fn resize(&mut self, area: Rect) {
        self.shown = Buffer::empty(area);
        self.clear_first = true;
    }

    /// Writes what turns the shown screen into `target` (same size), with the
    /// cursor at `cursor` or hidden.
    pub fn paint(&mut self, target: &Buffer, cursor: Option<Position>) -> io::Result<()> {
        debug_assert_eq!(self.shown.area, target.area);
        let mut moved = false;
        if self.clear_first {
            self.clear_first = false;
            self.out.write_all(b"\x1b[0m\x1b[2J")?;
            moved = true;
        }
        if let Some(scroll) = find_scroll(&self.shown, target) {
            write_scroll(&mut self.out, scroll)?;
            apply_scroll(&mut self.shown, scroll);
            moved = true;
        }
        let updates = self.shown.diff(target);
        if !updates.is_empty() {
            moved = true;
            self.out.draw(updates.into_iter())?;
        }
        self.shown.content.clone_from(&target.content);
        match (self.cursor, cursor) {
            (Some(_), None) => self.out.hide_cursor()?,
            (was, Some(p)) => {
                if moved || was != Some(p) {
                    self.out.set_cursor_position(p)?;
                }
                if was.is_none() {
                    self.out.show_cursor()?;
                }
            }
            (None, None) => {}
        }
        self.cursor = cursor;
        Ok(())
    }
}

fn row_hashes(buffer: &Buffer) -> Vec<u64> {
    let w = usize::from(buffer.area.width).max(1);
    buffer
        .content
        .chunks(w)
        .map(|row| {
            let mut h = DefaultHasher::new();
            row.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Finds the band of rows whose scrolling saves the most rows to redraw, if
/// any saves at least two. For each shift, a row of the band scores +1 when it
/// needs redrawing now but equals the shown row `shift` rows away (the scroll
/// brings it), -1 when it is right now but the scroll would break it, 0
/// otherwise; the best band is the best-scoring run of rows (so rows that
/// changed anyway, like a moving highlight, do not split it), less the rows the
/// scroll uncovers.
pub fn find_scroll(shown: &Buffer, target: &Buffer) -> Option<Scroll> {
    if shown.area != target.area || shown.area.height < 3 {
        return None;
    }
    let old = row_hashes(shown);
    let new = row_hashes(target);
    let h = new.len() as i32;
    let mut best: Option<(i32, Scroll)> = None;
    for shift in (-(h - 2)..=(h - 2)).filter(|s| *s != 0) {
        // Rows y whose source row y + shift exists.
        let (lo, hi) = (0.max(-shift), h.min(h - shift));
        let (mut run_start, mut run_score) = (lo, 0);
        for y in lo..hi {
            let (now, src) = (new[y as usize], old[(y + shift) as usize]);
            let score = match (now == src, now == old[y as usize]) {
                (true, false) => 1,
                (false, true) => -1,
                _ => 0,
            };
            if run_score <= 0 {
                run_start = y;
                run_score = 0;
            }
            run_score += score;
            let gain = run_score - shift.abs();
            if gain >= 2 && best.is_none_or(|(g, _)| gain > g) {
                let (top, bottom) = if shift > 0 {
                    (run_start, y + shift)
                } else {
                    (run_start + shift, y)
                };
                best = Some((
                    gain,
                    Scroll {
                        top: top as u16,
                        bottom: bottom as u16,
                        shift,
                    },
                ));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// Writes the escape sequences that scroll `scroll` on a terminal: attributes
/// reset (uncovered rows come out blank), scroll region set, scroll up (`SU`)
/// or down (`SD`), scroll region reset.
pub fn write_scroll(out: &mut impl Write, scroll: Scroll) -> io::Result<()> {
    let (top, bottom) = (scroll.top + 1, scroll.bottom + 1);
    let (n, code) = if scroll.shift > 0 {
        (scroll.shift, 'S')
    } else {
        (-scroll.shift, 'T')
    };
    write!(out, "\x1b[0m\x1b[{top};{bottom}r\x1b[{n}{code}\x1b[r")
}

/// Does to `buffer` what a terminal does when scrolling `scroll`: the rows of
/// the region move, the rows uncovered become blank.
pub fn apply_scroll(buffer: &mut Buffer, scroll: Scroll) {
    let w = usize::from(buffer.area.width);
    let top = usize::from(scroll.top) * w;
    let bottom = (usize::from(scroll.bottom) + 1) * w;
    let n = scroll.shift.unsigned_abs() as usize * w;
    let region = &mut buffer.content[top..bottom];
    if scroll.shift > 0 {
        region.rotate_left(n);
        let len = region.len();
        region[len - n..].fill(Cell::EMPTY);
    } else {
        region.rotate_right(n);
        region[..n].fill(Cell::EMPTY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Style};

    fn buffer(rows: &[(&str, Option<Color>)], width: u16) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, width, rows.len() as u16));
        for (y, (text, color)) in rows.iter().enumerate() {
            let style = color.map_or(Style::new(), |c| Style::new().fg(c));
            b.set_stringn(0, y as u16, text, width as usize, style);
        }
        b
    }

    /// What a vt100 terminal shows after `shown` was drawn and then `paint`ed
    /// to `target`, compared cell by cell (text and colour) with `target`.
    fn check_paint(shown: &Buffer, target: &Buffer) -> usize {
        let area = shown.area;
        let mut vt = vt100::Parser::new(area.height, area.width, 0);
        let mut first = Vec::new();
        let mut p = Painter::new(area, &mut first);
        p.paint(shown, None).unwrap();
        let mut second = Vec::new();
        p.out = CrosstermBackend::new(&mut second);
        p.paint(target, None).unwrap();
        vt.process(&first);
        vt.process(&second);
        for y in 0..area.height {
            for x in 0..area.width {
                let want = &target[(x, y)];
                let got = vt.screen().cell(y, x).unwrap();
                let got_text = if got.contents().is_empty() {
                    " ".to_string()
                } else {
                    got.contents().to_string()
                };
                assert_eq!(got_text, want.symbol(), "text at {x},{y}");
                let want_fg = match want.fg {
                    Color::Indexed(i) => vt100::Color::Idx(i),
                    Color::Reset => vt100::Color::Default,
                    other => panic!("test colour {other:?}"),
                };
                assert_eq!(got.fgcolor(), want_fg, "colour at {x},{y}");
            }
        }
        second.len()
    }

    #[test]
    fn a_one_line_scroll_sends_one_line() {
        let lines: Vec<String> = (0..40)
            .map(|i| format!("line {i} of a document that scrolls"))
            .collect();
        let rows = |from: usize| -> Vec<(String, Option<Color>)> {
            let mut v = vec![("title bar".to_string(), Some(Color::Indexed(4)))];
            v.extend(lines[from..from + 20].iter().map(|l| (l.clone(), None)));
            v.push((format!("status: line {from}"), Some(Color::Indexed(2))));
            v
        };
        let as_refs = |v: &Vec<(String, Option<Color>)>| -> Buffer {
            let r: Vec<(&str, Option<Color>)> = v.iter().map(|(s, c)| (s.as_str(), *c)).collect();
            buffer(&r, 60)
        };
        let before = as_refs(&rows(0));
        let after = as_refs(&rows(1));
        assert_eq!(
            find_scroll(&before, &after),
            Some(Scroll {
                top: 1,
                bottom: 20,
                shift: 1
            })
        );
        let bytes = check_paint(&before, &after);
        assert!(bytes < 200, "{bytes} bytes for a one-line scroll");
        // And back up.
        let back = check_paint(&after, &before);
        assert!(back < 200, "{back} bytes for a one-line scroll up");
    }

    #[test]
    fn a_row_that_changed_anyway_does_not_split_the_scroll() {
        let text: Vec<String> = (0..12).map(|i| format!("row {i}")).collect();
        let mut before: Vec<(&str, Option<Color>)> =
            text[0..10].iter().map(|t| (t.as_str(), None)).collect();
        let mut after: Vec<(&str, Option<Color>)> =
            text[1..11].iter().map(|t| (t.as_str(), None)).collect();
        // The selected row (highlighted) moves with the scroll, changing style.
        before[4].1 = Some(Color::Indexed(1));
        after[4].1 = Some(Color::Indexed(1));
        let before = buffer(&before, 10);
        let after = buffer(&after, 10);
        assert_eq!(
            find_scroll(&before, &after),
            Some(Scroll {
                top: 0,
                bottom: 9,
                shift: 1
            })
        );
        check_paint(&before, &after);
    }

    #[test]
    fn no_scroll_when_nothing_moved() {
        let a = buffer(&[("a", None), ("b", None), ("c", None), ("d", None)], 10);
        let b = buffer(&[("a", None), ("x", None), ("c", None), ("d", None)], 10);
        assert_eq!(find_scroll(&a, &b), None);
        check_paint(&a, &b);
    }

    #[test]
    fn apply_scroll_blanks_the_uncovered_rows() {
        let mut b = buffer(&[("0", None), ("1", None), ("2", None), ("3", None)], 3);
        apply_scroll(
            &mut b,
            Scroll {
                top: 1,
                bottom: 3,
                shift: 1,
            },
        );
        let text: Vec<&str> = (0..4).map(|y| b[(0, y)].symbol()).collect();
        assert_eq!(text, ["0", "2", "3", " "]);
        apply_scroll(
            &mut b,
            Scroll {
                top: 0,
                bottom: 2,
                shift: -2,
            },
        );
        let text: Vec<&str> = (0..4).map(|y| b[(0, y)].symbol()).collect();
        assert_eq!(text, [" ", " ", "0", " "]);
    }

    fn arb_rows() -> impl Strategy<Value = Vec<(String, Option<u8>)>> {
        prop::collection::vec(("[a-c ]{0,8}", prop::option::of(0u8..3)), 3..12)
    }

    fn vt_rows(vt: &vt100::Parser, width: u16) -> Vec<String> {
        vt.screen().rows(0, width).collect()
    }

    fn buffer_rows(b: &Buffer) -> Vec<String> {
        (0..b.area.height)
            .map(|y| {
                let row: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
                row.trim_end().to_string()
            })
            .collect()
    }

    proptest! {
        /// The model of a terminal scroll is what a terminal (vt100) does.
        #[test]
        fn apply_scroll_matches_a_terminal(
            rows in prop::collection::vec("[a-z]{1,6}", 3..10),
            top in 0usize..9,
            len in 2usize..10,
            shift in 1i32..4,
            down in any::<bool>(),
        ) {
            let h = rows.len();
            let top = top.min(h - 2);
            let bottom = (top + len - 1).min(h - 1);
            let shift = shift.min((bottom - top) as i32);
            prop_assume!(shift >= 1);
            let scroll = Scroll {
                top: top as u16,
                bottom: bottom as u16,
                shift: if down { -shift } else { shift },
            };
            let r: Vec<(&str, Option<Color>)> = rows.iter().map(|s| (s.as_str(), None)).collect();
            let mut model = buffer(&r, 6);
            let mut vt = vt100::Parser::new(h as u16, 6, 0);
            let mut bytes = Vec::new();
            Painter::new(model.area, &mut bytes).paint(&model, None).unwrap();
            write_scroll(&mut bytes, scroll).unwrap();
            vt.process(&bytes);
            apply_scroll(&mut model, scroll);
            prop_assert_eq!(vt_rows(&vt, 6), buffer_rows(&model));
        }

        /// Whatever the two screens, the client ends up showing the target:
        /// the scroll guess can only save bytes, never break the picture.
        #[test]
        fn any_paint_shows_the_target(
            before in arb_rows(),
            moved in -4i32..5,
            edits in prop::collection::vec((0usize..12, "[a-c]{0,8}"), 0..3),
        ) {
            let h = before.len();
            let mut after: Vec<(String, Option<u8>)> = (0..h)
                .map(|y| {
                    let src = y as i32 + moved;
                    if (0..h as i32).contains(&src) {
                        before[src as usize].clone()
                    } else {
                        ("new".to_string(), None)
                    }
                })
                .collect();
            for (y, text) in edits {
                if y < h {
                    after[y].0 = text;
                }
            }
            let to_buffer = |rows: &Vec<(String, Option<u8>)>| {
                let r: Vec<(&str, Option<Color>)> = rows
                    .iter()
                    .map(|(s, c)| (s.as_str(), c.map(Color::Indexed)))
                    .collect();
                buffer(&r, 8)
            };
            check_paint(&to_buffer(&before), &to_buffer(&after));
        }
    }
}
