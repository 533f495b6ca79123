//! Decoding the raw bytes an SSH client types into crossterm [`Event`](ratatui::crossterm::event::Event)s.
//!
//! Over SSH there is no local TTY for crossterm to read: the client's keystrokes
//! arrive as the bytes its terminal would write (UTF-8 text, control bytes,
//! `ESC [ …` sequences, SGR mouse reports). Parsing those is done by
//! [`termina::Parser`], the streaming input parser of the helix editor's terminal
//! crate (adapted from crossterm's own Unix parser, so keys decode exactly as they
//! do locally). It was chosen over the alternatives because it is *streaming*:
//! one SSH `data` packet may hold several events or end in the middle of a
//! sequence, and termina keeps the incomplete tail for the next packet, while
//! `terminput::Event::parse_from` decodes one event from one buffer, and
//! `termwiz` pulls in a whole terminal-emulator stack. This module only maps
//! termina's event types onto crossterm's (a plain table, no parsing).
//!
//! A lone `ESC` at the end of a packet is the Escape key (terminals send a
//! whole escape sequence in one write, so an `ESC` with nothing after it was
//! typed on its own); an incomplete `ESC [` sequence is kept for the next packet.
//! Nothing a client sends can make the decoder wait forever: `ESC ]` and the
//! other control-string introducers are alt-keys, and a sequence (a bracketed
//! paste) that goes on for [`MAX_PENDING`] bytes without ending is given up.

use ratatui::crossterm::event as ct;
use termina::event as tm;

/// Turns the byte stream of one SSH channel into terminal events.
#[derive(Debug, Default)]
pub struct InputDecoder {
    parser: termina::Parser,
    /// Bytes fed since the last packet that decoded to an event.
    pending: usize,
    /// Bytes given up on (see [`MAX_PENDING`]).
    discarded: u64,
}

/// Bytes a decoder takes without decoding a single event before it gives up
/// on the sequence they continue (a bracketed paste or a control string that
/// never ends): they are discarded, counted, and decoding starts afresh. A
/// client cannot make the server buffer its input without bound, nor leave
/// its own session deaf to `q`. A real paste ends well within this.
pub const MAX_PENDING: usize = 1 << 20;

impl InputDecoder {
    /// A decoder with nothing buffered.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes one packet of client bytes; an incomplete escape sequence at the
    /// end is kept until the next call, a lone trailing `ESC` is the Escape key.
    /// `ESC` followed by a string introducer (`]` OSC, `P` DCS, `_` APC, `^`
    /// PM, `X` SOS) is that key with alt, as crossterm reads it locally: a
    /// client's terminal sends such strings only in reply to queries the
    /// reader never makes, and read as a string they would swallow every key
    /// until a terminator that a typist never sends (`esc` then `]` typed
    /// quickly arrive as `ESC ]`; the session then ignored even `q`).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<ct::Event> {
        let mut events = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] == 0x1b && STRING_INTRODUCERS.contains(&bytes[i + 1]) {
                self.parse(&bytes[start..i], &mut events);
                events.push(ct::Event::Key(alt_key(bytes[i + 1])));
                i += 2;
                start = i;
            } else {
                i += 1;
            }
        }
        self.parse(&bytes[start..], &mut events);
        if events.is_empty() {
            self.pending += bytes.len();
            if self.pending > MAX_PENDING {
                self.parser = termina::Parser::default();
                self.discarded += self.pending as u64;
                self.pending = 0;
            }
        } else {
            self.pending = 0;
        }
        events
    }

    /// Bytes discarded as an unending sequence since the decoder started.
    pub fn discarded(&self) -> u64 {
        self.discarded
    }

    /// Runs `bytes` through termina and converts what it decodes.
    fn parse(&mut self, bytes: &[u8], events: &mut Vec<ct::Event>) {
        if bytes.is_empty() {
            return;
        }
        self.parser.parse(bytes, false);
        while let Some(event) = self.parser.pop() {
            if let Some(e) = convert_event(event) {
                events.push(e);
            }
        }
    }
}

/// The bytes that, after `ESC`, open a control string (OSC, DCS, APC, PM, SOS).
const STRING_INTRODUCERS: &[u8] = b"]P_^X";

/// The key alt + `c` (an ASCII character), with shift for a capital letter as
/// termina reports other alt-letters.
fn alt_key(c: u8) -> ct::KeyEvent {
    let mut modifiers = ct::KeyModifiers::ALT;
    if c.is_ascii_uppercase() {
        modifiers |= ct::KeyModifiers::SHIFT;
    }
    ct::KeyEvent::new(ct::KeyCode::Char(char::from(c)), modifiers)
}

/// Maps one termina event to crossterm's type; `None` for events the reader has
/// no use for (terminal replies, focus, resize reports).
fn convert_event(event: termina::Event) -> Option<ct::Event> {
    match event {
        termina::Event::Key(key) => convert_key(key).map(ct::Event::Key),
        termina::Event::Mouse(mouse) => convert_mouse(mouse).map(ct::Event::Mouse),
        termina::Event::Paste(text) => Some(ct::Event::Paste(text)),
        termina::Event::FocusIn => Some(ct::Event::FocusGained),
        termina::Event::FocusOut => Some(ct::Event::FocusLost),
        _ => None,
    }
}

fn convert_modifiers(m: tm::Modifiers) -> ct::KeyModifiers {
    let mut out = ct::KeyModifiers::NONE;
    for (from, to) in [
        (tm::Modifiers::SHIFT, ct::KeyModifiers::SHIFT),
        (tm::Modifiers::ALT, ct::KeyModifiers::ALT),
        (tm::Modifiers::CONTROL, ct::KeyModifiers::CONTROL),
        (tm::Modifiers::SUPER, ct::KeyModifiers::SUPER),
        (tm::Modifiers::HYPER, ct::KeyModifiers::HYPER),
        (tm::Modifiers::META, ct::KeyModifiers::META),
    ] {
        if m.contains(from) {
            out |= to;
        }
    }
    out
}

fn convert_code(code: tm::KeyCode) -> Option<ct::KeyCode> {
    use ct::KeyCode as C;
    use tm::KeyCode as T;
    Some(match code {
        T::Char(c) => C::Char(c),
        T::Enter => C::Enter,
        T::Backspace => C::Backspace,
        T::Tab => C::Tab,
        T::Escape => C::Esc,
        T::Left => C::Left,
        T::Right => C::Right,
        T::Up => C::Up,
        T::Down => C::Down,
        T::Home => C::Home,
        T::End => C::End,
        T::BackTab => C::BackTab,
        T::PageUp => C::PageUp,
        T::PageDown => C::PageDown,
        T::Insert => C::Insert,
        T::Delete => C::Delete,
        T::KeypadBegin => C::KeypadBegin,
        T::CapsLock => C::CapsLock,
        T::ScrollLock => C::ScrollLock,
        T::NumLock => C::NumLock,
        T::PrintScreen => C::PrintScreen,
        T::Pause => C::Pause,
        T::Menu => C::Menu,
        T::Null => C::Null,
        T::Function(n) => C::F(n),
        T::Modifier(_) | T::Media(_) => return None,
    })
}

fn convert_key(key: tm::KeyEvent) -> Option<ct::KeyEvent> {
    let kind = match key.kind {
        tm::KeyEventKind::Press => ct::KeyEventKind::Press,
        tm::KeyEventKind::Release => ct::KeyEventKind::Release,
        tm::KeyEventKind::Repeat => ct::KeyEventKind::Repeat,
    };
    let mut state = ct::KeyEventState::NONE;
    if key.state.contains(tm::KeyEventState::KEYPAD) {
        state |= ct::KeyEventState::KEYPAD;
    }
    if key.state.contains(tm::KeyEventState::CAPS_LOCK) {
        state |= ct::KeyEventState::CAPS_LOCK;
    }
    if key.state.contains(tm::KeyEventState::NUM_LOCK) {
        state |= ct::KeyEventState::NUM_LOCK;
    }
    Some(ct::KeyEvent::new_with_kind_and_state(
        convert_code(key.code)?,
        convert_modifiers(key.modifiers),
        kind,
        state,
    ))
}

fn convert_button(b: tm::MouseButton) -> ct::MouseButton {
    match b {
        tm::MouseButton::Left => ct::MouseButton::Left,
        tm::MouseButton::Right => ct::MouseButton::Right,
        tm::MouseButton::Middle => ct::MouseButton::Middle,
    }
}

fn convert_mouse(m: tm::MouseEvent) -> Option<ct::MouseEvent> {
    let kind = match m.kind {
        tm::MouseEventKind::Down(b) => ct::MouseEventKind::Down(convert_button(b)),
        tm::MouseEventKind::Up(b) => ct::MouseEventKind::Up(convert_button(b)),
        tm::MouseEventKind::Drag(b) => ct::MouseEventKind::Drag(convert_button(b)),
        tm::MouseEventKind::Moved => ct::MouseEventKind::Moved,
        tm::MouseEventKind::ScrollDown => ct::MouseEventKind::ScrollDown,
        tm::MouseEventKind::ScrollUp => ct::MouseEventKind::ScrollUp,
        tm::MouseEventKind::ScrollLeft => ct::MouseEventKind::ScrollLeft,
        tm::MouseEventKind::ScrollRight => ct::MouseEventKind::ScrollRight,
    };
    Some(ct::MouseEvent {
        kind,
        column: m.column,
        row: m.row,
        modifiers: convert_modifiers(m.modifiers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ct::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEventKind};

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        InputDecoder::new()
            .feed(bytes)
            .into_iter()
            .map(|e| match e {
                Event::Key(KeyEvent {
                    code, modifiers, ..
                }) => (code, modifiers),
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn plain_and_utf8_characters() {
        assert_eq!(
            keys("jé€🙂".as_bytes()),
            vec![
                (KeyCode::Char('j'), NONE),
                (KeyCode::Char('é'), NONE),
                (KeyCode::Char('€'), NONE),
                (KeyCode::Char('🙂'), NONE),
            ]
        );
        assert_eq!(keys(b"G"), vec![(KeyCode::Char('G'), KeyModifiers::SHIFT)]);
    }

    #[test]
    fn control_and_named_keys() {
        assert_eq!(
            keys(b"\x04\r\t\x7f"),
            vec![
                (KeyCode::Char('d'), KeyModifiers::CONTROL),
                (KeyCode::Enter, NONE),
                (KeyCode::Tab, NONE),
                (KeyCode::Backspace, NONE),
            ]
        );
    }

    #[test]
    fn arrows_and_navigation_keys_in_one_packet() {
        assert_eq!(
            keys(b"\x1b[A\x1b[B\x1bOC\x1b[D\x1b[H\x1b[F\x1b[5~\x1b[6~\x1b[1~\x1b[4~\x1b[Z"),
            vec![
                (KeyCode::Up, NONE),
                (KeyCode::Down, NONE),
                (KeyCode::Right, NONE),
                (KeyCode::Left, NONE),
                (KeyCode::Home, NONE),
                (KeyCode::End, NONE),
                (KeyCode::PageUp, NONE),
                (KeyCode::PageDown, NONE),
                (KeyCode::Home, NONE),
                (KeyCode::End, NONE),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
            ]
        );
    }

    #[test]
    fn function_keys() {
        assert_eq!(
            keys(b"\x1bOP\x1b[15~\x1b[24~"),
            vec![
                (KeyCode::F(1), NONE),
                (KeyCode::F(5), NONE),
                (KeyCode::F(12), NONE),
            ]
        );
    }

    #[test]
    fn alt_and_modified_arrows() {
        assert_eq!(
            keys(b"\x1bv\x1b<\x1b[1;5C"),
            vec![
                (KeyCode::Char('v'), KeyModifiers::ALT),
                (KeyCode::Char('<'), KeyModifiers::ALT),
                (KeyCode::Right, KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn lone_escape_is_escape_but_split_sequence_waits() {
        let mut d = InputDecoder::new();
        let events = d.feed(b"\x1b");
        assert_eq!(events, vec![Event::Key(KeyEvent::from(KeyCode::Esc))]);
        // A sequence cut between two packets is joined, not read as Esc + '['.
        assert!(d.feed(b"\x1b[").is_empty());
        assert_eq!(
            d.feed(b"B"),
            vec![Event::Key(KeyEvent::from(KeyCode::Down))]
        );
    }

    #[test]
    fn sgr_mouse_wheel_and_click() {
        let events = InputDecoder::new().feed(b"\x1b[<65;10;5M\x1b[<0;3;4M\x1b[<0;3;4m");
        let kinds: Vec<_> = events
            .iter()
            .map(|e| match e {
                Event::Mouse(m) => (m.kind, m.column, m.row),
                other => panic!("not a mouse event: {other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (MouseEventKind::ScrollDown, 9, 4),
                (MouseEventKind::Down(ct::MouseButton::Left), 2, 3),
                (MouseEventKind::Up(ct::MouseButton::Left), 2, 3),
            ]
        );
    }

    #[test]
    fn utf8_split_across_packets() {
        let mut d = InputDecoder::new();
        let bytes = "é".as_bytes();
        assert!(d.feed(&bytes[..1]).is_empty());
        assert_eq!(
            d.feed(&bytes[1..]),
            vec![Event::Key(KeyEvent::from(KeyCode::Char('é')))]
        );
    }

    #[test]
    fn alt_bracket_and_other_string_introducers_are_keys_and_never_swallow_input() {
        // `ESC ]` is OSC, `ESC P` DCS, `ESC _` APC, `ESC ^` PM, `ESC X` SOS: a
        // terminal sends them only as replies to queries the reader never
        // makes, and a user typing esc then `]` quickly sends `ESC ]`. Read as
        // alt-keys (as crossterm reads them locally); before, the decoder
        // waited for a string terminator that never came, swallowing every
        // key after it, `q` included (found by the SSH soak).
        let (alt, alt_shift) = (KeyModifiers::ALT, KeyModifiers::ALT | KeyModifiers::SHIFT);
        for (bytes, c, m) in [
            (b"\x1b]", ']', alt),
            (b"\x1bP", 'P', alt_shift),
            (b"\x1b_", '_', alt),
            (b"\x1b^", '^', alt),
            (b"\x1bX", 'X', alt_shift),
        ] {
            let mut d = InputDecoder::new();
            let mut got = d.feed(bytes);
            got.extend(d.feed(b"jq"));
            let got: Vec<_> = got
                .iter()
                .map(|e| match e {
                    Event::Key(k) => (k.code, k.modifiers),
                    other => panic!("not a key: {other:?}"),
                })
                .collect();
            assert_eq!(
                got,
                vec![
                    (KeyCode::Char(c), m),
                    (KeyCode::Char('j'), NONE),
                    (KeyCode::Char('q'), NONE),
                ],
                "{bytes:?}"
            );
        }
        // Capitals carry shift, as termina reports alt + a capital letter.
        assert_eq!(
            keys(b"\x1bV"),
            vec![(KeyCode::Char('V'), KeyModifiers::ALT | KeyModifiers::SHIFT)]
        );
        // In one packet with what follows, and between other keys.
        assert_eq!(
            keys(b"k\x1b]jq"),
            vec![
                (KeyCode::Char('k'), NONE),
                (KeyCode::Char(']'), KeyModifiers::ALT),
                (KeyCode::Char('j'), NONE),
                (KeyCode::Char('q'), NONE),
            ]
        );
    }

    #[test]
    fn an_endless_paste_is_given_up_after_a_bound_and_keys_work_again() {
        let mut d = InputDecoder::new();
        assert!(d.feed(b"\x1b[200~start of a paste").is_empty());
        let chunk = vec![b'x'; 32 << 10];
        // 32 chunks take it past the bound: all swallowed, then given up.
        for i in 0..32 {
            assert!(d.feed(&chunk).is_empty(), "chunk {i} is inside the paste");
        }
        assert_eq!(d.discarded(), 22 + 32 * (32 << 10));
        // What comes next is typed keys again, `q` included.
        assert_eq!(d.feed(b"xq").len(), 2);
        // An ordinary paste is one event, and keys after it are keys.
        let mut d = InputDecoder::new();
        let events = d.feed(b"\x1b[200~pasted\x1b[201~q");
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(d.discarded(), 0);
    }
}
