//! The help overlay: every action that means something on the screen under it
//! ([`crate::app::applies`]), with its keys in that context and its
//! description, generated from `Action::ALL` and the active keymap, in a
//! ratatui `Table`.

use super::fit;
use super::theme::Theme;
use crate::action::Action;
use crate::app::{App, Screen, applies, help_columns, help_rows};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Clear, Padding, Row, Table};

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

/// Draws the help overlay into `rect` (its box, as laid out by the app): a
/// `Table` of keys and descriptions, from the help's scroll offset.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect, theme: &Theme) {
    let ctx = screen_context(app.screen);
    let (keys_w, desc_w) = help_columns(rect.width);
    let scroll = app.help.unwrap_or(0);
    let mut room = rect.height.saturating_sub(2) as usize;
    let rows: Vec<Row> = Action::ALL
        .iter()
        .filter(|&&a| applies(app.screen, a))
        .skip(scroll)
        .map_while(|&action| {
            if room == 0 {
                return None;
            }
            let keys = app.keymap.keys_for(ctx, action);
            let keys = if keys.is_empty() {
                "—".to_string()
            } else {
                keys.join(", ")
            };
            let desc = help_rows(action.description(), desc_w);
            let height = desc.len().clamp(1, room);
            room -= height;
            Some(
                Row::new(vec![
                    Cell::from(Span::styled(fit(&keys, keys_w), theme.key())),
                    Cell::from(Text::from(
                        desc.into_iter().map(Line::from).collect::<Vec<_>>(),
                    )),
                ])
                .height(height as u16),
            )
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
        .padding(Padding::left(1))
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(bottom, theme.muted())).right_aligned());
    let table = Table::new(
        rows,
        [Constraint::Length(keys_w as u16), Constraint::Fill(1)],
    )
    .column_spacing(1)
    .block(block);
    frame.render_widget(Clear, rect);
    frame.render_widget(table, rect);
}
