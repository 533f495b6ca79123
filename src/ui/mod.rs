//! Drawing: pure functions from [`App`] state to a ratatui frame. No input
//! handling and no terminal I/O here.
//!
//! PLACEHOLDER until the reader issue lands.

use crate::app::App;
use ratatui::Frame;
use ratatui::widgets::{List, ListItem};

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
    let items: Vec<ListItem> = app
        .analysis
        .corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mark = if i == app.selected { "> " } else { "  " };
            ListItem::new(format!("{mark}{}", d.title()))
        })
        .collect();
    frame.render_widget(List::new(items), frame.area());
}
