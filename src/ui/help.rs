//! The help overlay: every action that means something on the screen under it
//! ([`crate::app::applies`]), with its keys in that context and its
//! description, generated from `Action::ALL` and the active keymap.

use super::theme::Theme;
use super::{fit, pad};
use crate::action::Action;
use crate::app::{App, Screen, applies};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// The context whose keys the help shows (the screen under the overlay).
fn screen_context(screen: Screen) -> Context {
    match screen {
        Screen::Library => Context::Library,
        Screen::Reader => Context::Reader,
        Screen::Compare => Context::Compare,
        Screen::Passages => Context::Passages,
        Screen::Nway => Context::AllOccurrences,
        Screen::WhereElse => Context::WhereElse,
    }
}

/// Draws the help overlay into `rect` (its box, as laid out by the app).
pub fn draw(frame: &mut Frame, app: &App, rect: Rect, theme: &Theme) {
    let w = rect.width;
    let ctx = screen_context(app.screen);
    let inner_w = w.saturating_sub(2) as usize;
    let keys_w = 18.min(inner_w / 3);
    let scroll = app.help.unwrap_or(0);
    let lines: Vec<Line> = Action::ALL
        .iter()
        .filter(|&&a| applies(app.screen, a))
        .skip(scroll)
        .map(|&action| {
            let keys = app.keymap.keys_for(ctx, action);
            let keys = if keys.is_empty() {
                "—".to_string()
            } else {
                keys.join(", ")
            };
            Line::from(vec![
                Span::styled(format!(" {}", pad(&keys, keys_w)), theme.key()),
                Span::raw(" "),
                Span::raw(fit(
                    action.description(),
                    inner_w.saturating_sub(keys_w + 2),
                )),
            ])
        })
        .collect();
    let title = format!(" Help · keys in {} ", ctx.name());
    let close = app.keymap.keys_for(Context::Help, Action::Back);
    let bottom = match close.first() {
        Some(k) => format!(" {k} closes "),
        None => String::new(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(bottom, theme.muted())).right_aligned());
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
