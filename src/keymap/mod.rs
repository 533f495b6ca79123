//! Keymaps: TOML files that bind key sequences to [`Action`]s, parsed,
//! validated and matched with a prefix tree. The shipped presets live in
//! `keymaps/` and are embedded in the binary.
//!
//! PLACEHOLDER: a fixed table until the keymap issue lands; the public API
//! (`Keymap`, `KeyMatcher`, `Match`, `Context`) is what the app uses.

use crate::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the reader is; a keymap may bind a key differently per context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The list of documents.
    Library,
    /// Reading one document.
    Reader,
    /// Two occurrences side by side.
    Compare,
    /// The list of clusters.
    Passages,
    /// The help overlay.
    Help,
}

/// A loaded, validated keymap.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Vec<KeyEvent>, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let k = |c: char| vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)];
        let n = |c: KeyCode| vec![KeyEvent::new(c, KeyModifiers::NONE)];
        Keymap {
            bindings: vec![
                (k('q'), Action::Quit),
                (k('?'), Action::Help),
                (n(KeyCode::Esc), Action::Back),
                (n(KeyCode::Enter), Action::Select),
                (k('j'), Action::ScrollDown),
                (n(KeyCode::Down), Action::ScrollDown),
                (k('k'), Action::ScrollUp),
                (n(KeyCode::Up), Action::ScrollUp),
                (k(' '), Action::PageDown),
                (n(KeyCode::PageDown), Action::PageDown),
                (k('b'), Action::PageUp),
                (n(KeyCode::PageUp), Action::PageUp),
                (k('g'), Action::Top),
                (k('G'), Action::Bottom),
                (n(KeyCode::Tab), Action::NextPane),
                (k(']'), Action::NextPassage),
                (k('['), Action::PrevPassage),
                (k('c'), Action::Compare),
                (k('o'), Action::OtherOccurrence),
                (k('s'), Action::SwapSides),
                (k('p'), Action::Passages),
                (k('l'), Action::Library),
                (k('/'), Action::Search),
                (k('n'), Action::SearchNext),
                (k('N'), Action::SearchPrev),
                (k('e'), Action::OpenEditor),
            ],
        }
    }
}

impl Keymap {
    /// Key sequences bound to `action` in `ctx`, formatted for people ("g g", "ctrl-d").
    pub fn keys_for(&self, _ctx: Context, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(keys, _)| format!("{:?}", keys[0].code))
            .collect()
    }
}

/// The outcome of feeding one key to a [`KeyMatcher`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// A whole binding matched.
    Action(Action),
    /// The keys so far are a prefix of a binding; show it and wait.
    Pending,
    /// A pending prefix was cancelled (esc).
    Cancelled,
    /// The key is bound to nothing.
    Unbound,
}

/// Per-session matching state: the keys of a pending prefix.
#[derive(Debug, Clone, Default)]
pub struct KeyMatcher {
    pending: Vec<KeyEvent>,
}

impl KeyMatcher {
    /// Feeds one key press; returns what it completed.
    pub fn feed(&mut self, keymap: &Keymap, _ctx: Context, key: KeyEvent) -> Match {
        let key = KeyEvent::new(key.code, key.modifiers - KeyModifiers::SHIFT);
        for (keys, action) in &keymap.bindings {
            if keys[0] == key {
                self.pending.clear();
                return Match::Action(*action);
            }
        }
        Match::Unbound
    }

    /// The pending prefix for the status bar ("g", "ctrl-x"), if any.
    pub fn pending(&self) -> Option<String> {
        None
    }
}
