//! What the list screens share: moving a selection with the scrolling
//! keys (by line, half page, page, to either end), the page size, and a
//! click on a row (select it, or open it when it is already selected). The
//! lists themselves are [`super::library`], [`super::passages`], the
//! all-occurrences table ([`super::nway`]) and the where-else hits.

use super::{App, Screen};
use crate::action::Action;

/// Moves a list selection for a scrolling action; `None` if the action is not one.
pub(super) fn list_move(action: Action, selected: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::ScrollDown => (selected + 1).min(last),
        Action::ScrollUp => selected.saturating_sub(1),
        Action::HalfPageDown => (selected + page / 2).min(last),
        Action::HalfPageUp => selected.saturating_sub(page / 2),
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

impl App {
    pub(super) fn list_page(&self) -> usize {
        self.size.1.saturating_sub(4).max(1) as usize
    }

    pub(super) fn click_list(&mut self, index: usize) {
        match self.screen {
            Screen::Library if self.library.skipped_list.is_some() => {}
            Screen::Library if index < self.library.len() => {
                if self.library.selected == index {
                    self.update_library(Action::Select);
                } else {
                    self.library.selected = index;
                }
            }
            Screen::Passages if index < self.passages.shown.len() => {
                if self.passages.selected == index {
                    self.open_selected_cluster();
                } else {
                    self.passages.selected = index;
                }
            }
            Screen::Nway => self.click_occurrence(index),
            Screen::WhereElse => {
                let Some(s) = self.where_else.as_mut() else {
                    return;
                };
                if index >= s.hits.len() {
                } else if s.selected == index {
                    self.update(Action::Select);
                } else {
                    s.selected = index;
                }
            }
            _ => {}
        }
    }
}
