//! Drawing: pure functions from [`App`] state to a ratatui frame. Drawing only
//! reads: the app computes its layout (visible rows, list offsets, pane areas)
//! in `update`, and each screen draws into the areas recorded there, so the
//! mouse hits exactly what is shown. No input handling and no terminal I/O here.

mod compare;
mod help;
mod library;
mod nway;
mod passages;
mod places;
pub mod progress;
mod reader;
pub mod snapshot;
mod status;
pub mod theme;
mod where_else;

pub use crate::style::ColorMode;
pub use crate::text::wrap;
pub use crate::text::{excerpt, fit, fit_list, fit_names, fit_path, name_excerpt, pad};

use crate::app::{App, MIN_SIZE, Pane, Screen};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};
use theme::Theme;

/// Draws the whole screen for `app`, as laid out for `app.size` (the caller
/// keeps that equal to the frame's size through [`App::resize`]).
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if app.layout.too_small {
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
    let main = app.layout.main.intersection(area);
    let bar = app.layout.status.intersection(area);
    match app.screen {
        Screen::Library => library::draw(frame, app, main, &theme),
        Screen::Reader => reader::draw(frame, app, main, &theme),
        Screen::Compare => compare::draw(frame, app, main, &theme),
        Screen::Passages => passages::draw(frame, app, main, &theme),
        Screen::Nway => nway::draw(frame, app, main, &theme),
        Screen::WhereElse => where_else::draw(frame, app, main, &theme),
    }
    if let Some(rect) = app.layout.area(|p| p == Pane::Help) {
        help::draw(frame, app, rect.intersection(area), &theme);
    }
    status::draw(frame, app, bar, &theme);
}

/// The progress screen shown while the corpus is read and analysed.
pub fn draw_progress(frame: &mut Frame, view: &progress::ProgressView, color: ColorMode) {
    progress::draw(frame, view, &Theme::new(color));
}
