//! Keys as keymap files write them and as the terminal sends them.
//!
//! A [`Key`] is a crossterm key code plus the ctrl/alt/shift modifiers,
//! normalised so that the same key press always compares equal: a typed `G`
//! (which may arrive as `Char('G')`, `Char('g') + SHIFT` or `Char('G') + SHIFT`)
//! is `Char('G')` with no SHIFT, `BackTab` is `shift-tab`, and keypad, lock and
//! event-kind flags are dropped. [`Key`] and [`KeySeq`] parse from and print to
//! the strings keymap files use (`j`, `G`, `ctrl-d`, `alt-<`, `shift-tab`,
//! `pgdown`, `f1`, `g g`, `ctrl-x ctrl-c`), and printing then parsing gives the
//! same value back.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::fmt;
use std::str::FromStr;

/// The modifiers a binding can name; every other modifier bit is dropped.
const KEPT: KeyModifiers = KeyModifiers::CONTROL
    .union(KeyModifiers::ALT)
    .union(KeyModifiers::SHIFT);

/// Named keys: (name used in files, code). The first name of a code is the one printed.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdown", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
];

/// Modifier prefixes accepted in files (case-insensitive).
const PREFIXES: &[(&str, KeyModifiers)] = &[
    ("ctrl-", KeyModifiers::CONTROL),
    ("alt-", KeyModifiers::ALT),
    ("shift-", KeyModifiers::SHIFT),
];

/// One normalised key press: what a binding names and what the matcher compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// The normalised key for `code` with `modifiers` (see the module doc).
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let mut modifiers = modifiers & KEPT;
        let code = match code {
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Char('\t') => KeyCode::Tab,
            KeyCode::Char('\r' | '\n') => KeyCode::Enter,
            KeyCode::Char(c) => {
                let shifted = modifiers.contains(KeyModifiers::SHIFT);
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if shifted { upper(c) } else { c })
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// The normalised key of a terminal event; `None` for key releases, which
    /// never trigger a binding.
    pub fn from_event(event: KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        Some(Key::new(event.code, event.modifiers))
    }

    /// The key code (after normalisation).
    pub fn code(self) -> KeyCode {
        self.code
    }

    /// The ctrl/alt/shift modifiers (after normalisation; never SHIFT on a character).
    pub fn modifiers(self) -> KeyModifiers {
        self.modifiers
    }

    /// The `esc` key, which cancels a pending prefix.
    pub fn esc() -> Key {
        Key::new(KeyCode::Esc, KeyModifiers::NONE)
    }
}

/// The upper-case form of `c` when it has a single-character one (`g` → `G`).
fn upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

impl From<KeyEvent> for Key {
    fn from(event: KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }
}

impl FromStr for Key {
    type Err = String;

    /// Parses one key (`G`, `ctrl-d`, `shift-tab`, `pgdown`); the error is a
    /// short phrase naming the problem.
    fn from_str(s: &str) -> Result<Key, String> {
        let mut rest = s;
        let mut modifiers = KeyModifiers::NONE;
        'strip: loop {
            for (prefix, m) in PREFIXES {
                let has_prefix = rest
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
                if has_prefix && rest.len() > prefix.len() {
                    modifiers |= *m;
                    rest = &rest[prefix.len()..];
                    continue 'strip;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err("empty key".into()),
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) && !c.is_alphabetic() {
                    return Err(format!(
                        "unknown key \"{s}\": shift- goes with letters and named keys; write the shifted character itself"
                    ));
                }
                KeyCode::Char(c)
            }
            _ => named(rest).ok_or_else(|| format!("unknown key \"{s}\""))?,
        };
        Ok(Key::new(code, modifiers))
    }
}

/// The code of a named key (`enter`, `pgdown`, `f5`, `backtab`), case-insensitive.
fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if lower == "backtab" {
        return Some(KeyCode::BackTab);
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
        && (1..=12).contains(&n)
        && !lower.starts_with("f0")
    {
        return Some(KeyCode::F(n));
    }
    NAMED.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c)
}

impl fmt::Display for Key {
    /// Prints the canonical form, which [`Key::from_str`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (prefix, m) in PREFIXES {
            if self.modifiers.contains(*m) {
                f.write_str(prefix)?;
            }
        }
        match self.code {
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Char(c) if c != ' ' => write!(f, "{c}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{}", format!("{code:?}").to_lowercase()),
            },
        }
    }
}

/// A sequence of keys bound as one (`g g`, `ctrl-x ctrl-c`, or a single key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeySeq(pub Vec<Key>);

impl KeySeq {
    /// The keys, first pressed first.
    pub fn keys(&self) -> &[Key] {
        &self.0
    }
}

impl FromStr for KeySeq {
    type Err = String;

    /// Parses keys separated by spaces; the error is a short phrase naming the problem.
    fn from_str(s: &str) -> Result<KeySeq, String> {
        let keys = s
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<Vec<Key>, String>>()?;
        if keys.is_empty() {
            return Err("empty key sequence (write \"space\" for the space bar)".into());
        }
        Ok(KeySeq(keys))
    }
}

impl fmt::Display for KeySeq {
    /// Prints the keys separated by single spaces, as files write them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn shifted_letters_are_one_key() {
        let typed = [
            KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
            KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT),
        ];
        for ev in typed {
            assert_eq!(Key::from(ev), key("G"));
            assert_eq!(Key::from(ev), key("shift-g"));
            assert_eq!(Key::from(ev), key("SHIFT-G"));
        }
        assert_eq!(key("shift-g").to_string(), "G");
        assert_ne!(key("g"), key("G"));
    }

    #[test]
    fn backtab_is_shift_tab() {
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from(ev), key("shift-tab"));
        assert_eq!(key("backtab"), key("shift-tab"));
        assert_eq!(key("backtab").to_string(), "shift-tab");
    }

    #[test]
    fn flags_and_releases_are_ignored() {
        let mut ev = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        ev.state = KeyEventState::KEYPAD | KeyEventState::NUM_LOCK;
        ev.kind = KeyEventKind::Repeat;
        assert_eq!(Key::from_event(ev), Some(key("j")));
        ev.kind = KeyEventKind::Release;
        assert_eq!(Key::from_event(ev), None);
        let sup = KeyEvent::new(
            KeyCode::Char('d'),
            KeyModifiers::CONTROL | KeyModifiers::SUPER,
        );
        assert_eq!(Key::from(sup), key("ctrl-d"));
        // a shifted symbol keeps its character and loses SHIFT
        let lt = KeyEvent::new(KeyCode::Char('<'), KeyModifiers::ALT | KeyModifiers::SHIFT);
        assert_eq!(Key::from(lt), key("alt-<"));
    }

    #[test]
    fn parse_print_round_trip() {
        for s in [
            "j",
            "G",
            "?",
            "]",
            "-",
            "ctrl--",
            "ctrl-d",
            "alt-v",
            "alt-<",
            "alt->",
            "shift-tab",
            "ctrl-alt-x",
            "enter",
            "esc",
            "tab",
            "backspace",
            "space",
            "ctrl-space",
            "up",
            "down",
            "left",
            "right",
            "home",
            "end",
            "pgup",
            "pgdown",
            "insert",
            "delete",
            "f1",
            "f12",
            "shift-up",
            "é",
            "É",
        ] {
            assert_eq!(key(s).to_string(), s, "printing {s}");
            assert_eq!(key(&key(s).to_string()), key(s));
        }
        for s in ["g g", "ctrl-x ctrl-c", "] c", "z z", "ctrl-w x"] {
            let seq: KeySeq = s.parse().unwrap();
            assert_eq!(seq.to_string(), s);
        }
    }

    #[test]
    fn aliases_print_canonically() {
        for (alias, canon) in [
            ("Enter", "enter"),
            ("ESCAPE", "esc"),
            ("PageDown", "pgdown"),
            ("pageup", "pgup"),
            ("del", "delete"),
            ("F5", "f5"),
            ("CTRL-d", "ctrl-d"),
            ("Ctrl-D", "ctrl-D"),
            ("shift-alt-ctrl-a", "ctrl-alt-A"),
            (" g   g ", "g g"),
        ] {
            let seq: KeySeq = alias.parse().unwrap();
            assert_eq!(seq.to_string(), canon);
        }
    }

    #[test]
    fn bad_keys_are_named() {
        assert_eq!("ctl-d".parse::<Key>(), Err("unknown key \"ctl-d\"".into()));
        assert_eq!("f13".parse::<Key>(), Err("unknown key \"f13\"".into()));
        assert_eq!("f0".parse::<Key>(), Err("unknown key \"f0\"".into()));
        assert!(
            "shift-1"
                .parse::<Key>()
                .unwrap_err()
                .contains("shifted character")
        );
        assert!(
            "".parse::<KeySeq>()
                .unwrap_err()
                .starts_with("empty key sequence")
        );
        assert_eq!(
            "g ctrl-".parse::<KeySeq>(),
            Err("unknown key \"ctrl-\"".into())
        );
    }
}
