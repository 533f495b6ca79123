//! Turning key presses into actions, one press at a time, with no timers: the
//! keys of a pending prefix wait until the next press completes a binding,
//! continues the prefix, or ends it (`esc`, or a key bound to `back`, cancels
//! it; any other key drops it).

use super::key::{Key, KeySeq};
use super::trie::Lookup;
use super::{Context, Keymap};
use crate::action::Action;
use ratatui::crossterm::event::KeyEvent;

/// The outcome of feeding one key to a [`KeyMatcher`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// A whole binding matched.
    Action(Action),
    /// The keys so far are a prefix of a binding; show it and wait.
    Pending,
    /// A pending prefix was cancelled (esc).
    Cancelled,
    /// The key is bound to nothing (or is a key release, which is ignored).
    Unbound,
}

/// Per-session matching state: the keys of a pending prefix.
#[derive(Debug, Clone, Default)]
pub struct KeyMatcher {
    pending: Vec<Key>,
    context: Option<Context>,
}

impl KeyMatcher {
    /// Feeds one key press in `ctx`; returns what it completed.
    ///
    /// A prefix pending in another context is dropped first. Key releases
    /// return [`Match::Unbound`] and leave the pending prefix alone.
    pub fn feed(&mut self, keymap: &Keymap, ctx: Context, event: KeyEvent) -> Match {
        let Some(key) = Key::from_event(event) else {
            return Match::Unbound;
        };
        if self.context != Some(ctx) {
            self.pending.clear();
            self.context = Some(ctx);
        }
        self.pending.push(key);
        let trie = keymap.trie(ctx);
        match trie.lookup(&self.pending) {
            Lookup::Action(action) => {
                self.pending.clear();
                Match::Action(action)
            }
            Lookup::Prefix => Match::Pending,
            Lookup::None => {
                let had_prefix = self.pending.len() > 1;
                self.pending.clear();
                let cancels =
                    key == Key::esc() || trie.lookup(&[key]) == Lookup::Action(Action::Back);
                if had_prefix && cancels {
                    Match::Cancelled
                } else {
                    Match::Unbound
                }
            }
        }
    }

    /// The pending prefix for the status bar ("g", "ctrl-x"), if any.
    pub fn pending(&self) -> Option<String> {
        if self.pending.is_empty() {
            None
        } else {
            Some(KeySeq(self.pending.clone()).to_string())
        }
    }

    /// Drops a pending prefix (for example when the app changes screen itself).
    pub fn reset(&mut self) {
        self.pending.clear();
    }
}
