//! Terminal events turned into changes of state: keys go through the keymap
//! (per [`super::Context`]) with a count typed before them (`50G`), text typed
//! into an open prompt goes to [`App::prompt_key`], and mouse events are
//! resolved against the [`super::Layout`] the last change recorded.

use super::{App, Pane, Screen, screen_name};
use crate::action::Action;
use crate::keymap::Match;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::time::{Duration, Instant};

/// Longest gap between the two clicks of a double-click.
const DOUBLE_CLICK: Duration = Duration::from_millis(500);

impl App {
    /// Handles one terminal event (key, mouse, resize) by turning it into actions.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Mouse(m) => self.handle_mouse(*m),
            Event::Resize(w, h) => self.resize(*w, *h),
            _ => {}
        }
        self.relayout();
    }

    fn handle_key(&mut self, key: KeyEvent) {
        self.opened_by_click = None;
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        self.message = None;
        let pending = self.matcher.pending().is_some();
        match self.matcher.feed(&self.keymap, self.context(), key) {
            Match::Action(a) => {
                let count = self.count.take();
                self.update_counted(a, count);
            }
            Match::Pending => {}
            Match::Cancelled => self.count = None,
            // ctrl-c quits unless the keymap gives it another meaning.
            Match::Unbound if is_ctrl_c(&key) => self.quit = true,
            Match::Unbound => {
                let digit = match key.code {
                    KeyCode::Char(c)
                        if key.modifiers.difference(KeyModifiers::SHIFT).is_empty() =>
                    {
                        c.to_digit(10)
                    }
                    _ => None,
                };
                match digit {
                    Some(d)
                        if !pending && self.help.is_none() && (d > 0 || self.count.is_some()) =>
                    {
                        let n = self.count.unwrap_or(0);
                        self.count = Some(
                            n.saturating_mul(10)
                                .saturating_add(d as usize)
                                .min(10_000_000),
                        );
                    }
                    _ => {
                        self.count = None;
                        if let Some(k) = crate::keymap::Key::from_event(key) {
                            let help = self.keymap.keys_for(self.context(), Action::Help);
                            let hint = help
                                .first()
                                .map(|h| format!(" ({h} lists the keys)"))
                                .unwrap_or_default();
                            self.message =
                                Some(format!("{k} does nothing in {}{hint}", self.where_name()));
                        }
                    }
                }
            }
        }
    }

    /// Where the keys go now, for messages ("the reader", "the help").
    fn where_name(&self) -> &'static str {
        if self.help.is_some() {
            "the help"
        } else {
            screen_name(self.screen)
        }
    }

    /// Applies `action` with the count typed before it: a line number for
    /// top / bottom in the reader, an item number in the lists, a repeat for
    /// moves and search steps.
    fn update_counted(&mut self, action: Action, count: Option<usize>) {
        let Some(n) = count.filter(|_| self.help.is_none()) else {
            self.update(action);
            return;
        };
        match (self.screen, action) {
            (Screen::Reader, Action::Top | Action::Bottom) => self.go_to_line(n),
            (Screen::Library, Action::Top | Action::Bottom) => {
                self.library.selected = n.clamp(1, self.library.len().max(1)) - 1;
                self.relayout();
            }
            (Screen::Passages, Action::Top | Action::Bottom) => {
                self.passages.selected = n.clamp(1, self.passages.shown.len().max(1)) - 1;
                self.relayout();
            }
            (Screen::Reader, Action::ScrollDown | Action::ScrollUp) => {
                let (w, h) = self.reader_text_size();
                let a = self.analysis.clone();
                if let Some(r) = self.reader.as_mut() {
                    let by = if action == Action::ScrollDown {
                        n as isize
                    } else {
                        -(n as isize)
                    };
                    r.move_cursor(&a, &mut self.wrap, w, h, by);
                }
                self.relayout();
            }
            (
                _,
                Action::ScrollDown
                | Action::ScrollUp
                | Action::NextPassage
                | Action::PrevPassage
                | Action::SearchNext
                | Action::SearchPrev,
            ) => {
                for _ in 0..n.min(1000) {
                    self.apply(action);
                }
                self.relayout();
            }
            _ => self.update(action),
        }
    }

    /// A left click at screen cell (`x`, `y`), resolved against
    /// [`App::layout`] as it is (without laying out again first).
    pub fn click_at(&mut self, x: u16, y: u16) {
        self.handle_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        });
    }

    fn pane_at(&self, x: u16, y: u16) -> Option<(Pane, Rect)> {
        self.layout
            .panes
            .iter()
            .rev()
            .find(|(_, r)| r.contains(Position::new(x, y)))
            .copied()
    }

    fn handle_mouse(&mut self, m: MouseEvent) {
        let Some((pane, rect)) = self.pane_at(m.column, m.row) else {
            return;
        };
        if m.kind == MouseEventKind::Down(MouseButton::Left) {
            // The second click of a double-click that opened something lands
            // on the new screen: it is part of the double-click, not a click there.
            let here = (m.column, m.row);
            if let Some((at, when)) = self.opened_by_click.take()
                && at == here
                && when.elapsed() < DOUBLE_CLICK
            {
                return;
            }
            let before = self.screen;
            self.mouse_over(m, pane, rect);
            if self.screen != before {
                self.opened_by_click = Some((here, Instant::now()));
            }
            return;
        }
        self.mouse_over(m, pane, rect);
    }

    /// Applies mouse event `m` (a click or the wheel) over `pane` (at `rect`).
    fn mouse_over(&mut self, m: MouseEvent, pane: Pane, rect: Rect) {
        if matches!(m.kind, MouseEventKind::Down(_)) {
            // A click may change the screen: a half-typed key sequence is
            // void, and the last message is old news (as after a key).
            self.matcher.reset();
            self.message = None;
        }
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                match pane {
                    Pane::Help => self.scroll_help(if down { 3 } else { -3 }),
                    Pane::List(_) => self.update(if down {
                        Action::ScrollDown
                    } else {
                        Action::ScrollUp
                    }),
                    Pane::Reader => self.scroll_reader_view(if down { 3 } else { -3 }),
                    Pane::Occurrence(_) => self.scroll_nway_panes(if down { 1 } else { -1 }),
                    Pane::Preview => self.update(if down {
                        Action::ScrollDown
                    } else {
                        Action::ScrollUp
                    }),
                    Pane::CompareLeft | Pane::CompareRight => {
                        for _ in 0..3 {
                            self.update(if down {
                                Action::ScrollDown
                            } else {
                                Action::ScrollUp
                            });
                        }
                    }
                }
            }
            MouseEventKind::Down(MouseButton::Left) => match pane {
                Pane::Reader => self.click_reader(m.column, m.row),
                Pane::List(first) => {
                    let index = first + (m.row - rect.y) as usize;
                    self.click_list(index);
                }
                Pane::Occurrence(i) => self.click_occurrence(i),
                Pane::Preview => self.update(Action::Select),
                Pane::CompareLeft => self.compare_focus(false),
                Pane::CompareRight => self.compare_focus(true),
                Pane::Help => {}
            },
            _ => {}
        }
    }
}

/// True for ctrl-c, which quits wherever the keymap does not bind it.
pub(super) fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}
