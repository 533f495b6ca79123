//! Drawing: pure functions from [`App`] state to a ratatui frame. No input
//! handling and no terminal I/O here. The only state drawing touches is the
//! app's layout record (where panes and rows landed, for the mouse), list
//! offsets that keep a selection visible, and the wrap cache.

mod compare;
mod help;
mod library;
mod nway;
mod passages;
mod reader;
pub mod snapshot;
mod status;
pub mod theme;
mod where_else;
pub mod wrap;

use crate::app::{App, Layout, MIN_SIZE, Screen};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};
use theme::Theme;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// 24-bit colour.
    TrueColor,
    /// The 256-colour palette.
    Ansi256,
    /// The 16 basic colours.
    Ansi16,
    /// No colour at all (NO_COLOR): reverse, bold and underline only.
    None,
}

impl ColorMode {
    /// Picks a mode from `TERM`, `COLORTERM` and whether `NO_COLOR` is set.
    pub fn detect(term: Option<&str>, colorterm: Option<&str>, no_color: bool) -> ColorMode {
        if no_color {
            return ColorMode::None;
        }
        if matches!(colorterm, Some("truecolor") | Some("24bit")) {
            return ColorMode::TrueColor;
        }
        match term {
            Some(t) if t.contains("256color") => ColorMode::Ansi256,
            Some("dumb") => ColorMode::None,
            _ => ColorMode::Ansi16,
        }
    }
}

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    app.layout = Layout::default();
    if area.width != app.size.0 || area.height != app.size.1 {
        app.resize(area.width, area.height);
    }
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let msg = format!(
            "Terminal too small: {}x{} (needs {}x{})",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        );
        let y = area.height / 2;
        frame.render_widget(
            Paragraph::new(msg)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            Rect::new(
                area.x,
                area.y + y.saturating_sub(1),
                area.width,
                area.height - y.saturating_sub(1),
            ),
        );
        return;
    }
    let theme = Theme::new(app.options.color);
    let main = Rect::new(area.x, area.y, area.width, area.height - 1);
    let bar = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    match app.screen {
        Screen::Library => library::draw(frame, app, main, &theme),
        Screen::Reader => reader::draw(frame, app, main, &theme),
        Screen::Compare => compare::draw(frame, app, main, &theme),
        Screen::Passages => passages::draw(frame, app, main, &theme),
        Screen::Nway => nway::draw(frame, app, main, &theme),
        Screen::WhereElse => where_else::draw(frame, app, main, &theme),
    }
    if app.help.is_some() {
        help::draw(frame, app, main, &theme);
    }
    status::draw(frame, app, bar, &theme);
}

/// The frame shown while the corpus is being analysed: `what`, centred.
pub fn draw_loading(frame: &mut Frame, what: &str) {
    let area = frame.area();
    let y = area.y + area.height / 2;
    frame.render_widget(
        Paragraph::new(excerpt(what, area.width as usize)).alignment(Alignment::Center),
        Rect::new(area.x, y, area.width, 1.min(area.height)),
    );
}

/// `s` cut to at most `width` columns, with "…" when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` with control characters made visible and runs of whitespace collapsed,
/// cut to `width` columns: a one-line excerpt of document text.
pub fn excerpt(s: &str, width: usize) -> String {
    let mut flat = String::new();
    for word in s.split_whitespace() {
        if !flat.is_empty() {
            flat.push(' ');
        }
        for g in word.graphemes(true) {
            flat.push_str(&wrap::sanitize(g));
        }
        if flat.len() > width * 4 + 16 {
            break;
        }
    }
    fit(&flat, width)
}

/// A line padded with spaces (or cut) to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let w = s.width();
    s + &" ".repeat(width.saturating_sub(w))
}
