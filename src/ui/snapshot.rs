//! Rendering the app into an in-memory buffer and turning a buffer into plain
//! text plus a summary of its styled runs: what the snapshot tests and the UI
//! benchmark look at.

use crate::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use std::fmt::Write;

/// Draws `app` into a fresh `width` x `height` test terminal and returns the
/// buffer (resizing the app first, as the event loop does, if its size differs).
pub fn render(app: &mut App, width: u16, height: u16) -> Buffer {
    if app.size != (width, height) {
        app.resize(width, height);
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| super::draw(f, app))
        .expect("drawing into a test backend");
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn color(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("@{i}"),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// A short description of a style: "bg=#264f78 fg=#ebebeb bold underlined".
pub fn describe(style: Style) -> String {
    let mut parts = Vec::new();
    if let Some(bg) = style.bg.filter(|c| *c != Color::Reset) {
        parts.push(format!("bg={}", color(bg)));
    }
    if let Some(fg) = style.fg.filter(|c| *c != Color::Reset) {
        parts.push(format!("fg={}", color(fg)));
    }
    for (m, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
        (Modifier::CROSSED_OUT, "crossed"),
    ] {
        if style.add_modifier.contains(m) {
            parts.push(name.to_string());
        }
    }
    parts.join(" ")
}

/// Every run of equally styled, non-plain cells: "row 3 cols 2-40: bg=… bold".
pub fn style_runs(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let d = describe(buf[(x, y)].style());
            let start = x;
            while x < buf.area.width && describe(buf[(x, y)].style()) == d {
                x += 1;
            }
            if !d.is_empty() {
                let _ = writeln!(out, "row {y:>2} cols {start:>3}-{:<3} {d}", x - 1);
            }
        }
    }
    out
}

/// Text and style runs together, for snapshots where the style is the point.
pub fn text_and_styles(buf: &Buffer) -> String {
    format!("{}\n--- styles ---\n{}", text(buf), style_runs(buf))
}
