//! Making untrusted text safe to print on a terminal. Document text, file
//! names and anything else that came from outside is data: C0/C1 controls,
//! DEL, escape sequences and bidi controls are replaced by visible symbols
//! (`␛`, `␦`, `⇆`, …) so they can never move the cursor, clear the screen,
//! set the title or write the clipboard. The reader, `refrain report`'s text
//! output and every message on stderr go through these functions. Nothing
//! here knows about layout or the terminal itself.

use std::borrow::Cow;

/// The visible replacement for a character that must not reach the terminal,
/// or `None` when the character is safe to print as is.
pub fn replacement(c: char) -> Option<&'static str> {
    const C0: [&str; 32] = [
        "␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏", "␐", "␑",
        "␒", "␓", "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
    ];
    match c {
        '\0'..='\x1f' => Some(C0[c as usize]),
        '\x7f' => Some("␡"),
        '\u{80}'..='\u{9f}' => Some("␦"),
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some("⇆"),
        '\u{2028}' | '\u{2029}' => Some("⏎"),
        '\u{feff}' => Some(""),
        _ => None,
    }
}

/// `s` made safe to print: every unsafe character replaced (see
/// [`replacement`]). Used per grapheme by the reader and on whole strings
/// (file names, excerpts, one-line messages) elsewhere; newlines and tabs are
/// replaced too, so the result is always a single line.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| replacement(c).is_none()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A multi-line message made safe to print: each line is [`sanitize`]d and
/// the line breaks between them are kept (for clap's usage errors).
pub fn sanitize_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&sanitize(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_symbols() {
        // OSC 52 clipboard write, OSC 0 title, clear screen, backspace, CSI (C1).
        let s = "a\x1b]52;c;SGVsbG8=\x07b\x1b]0;title\x07c\x1b[2Jd\x08e\u{9b}f";
        assert_eq!(sanitize(s), "a␛]52;c;SGVsbG8=␇b␛]0;title␇c␛[2Jd␈e␦f");
    }

    #[test]
    fn safe_text_is_borrowed_and_unchanged() {
        let s = "中文 text — “quoted” café";
        assert!(matches!(sanitize(s), Cow::Borrowed(_)));
        assert_eq!(sanitize(s), s);
    }

    #[test]
    fn newlines_tabs_and_bidi_controls_are_replaced() {
        assert_eq!(sanitize("a\nb\tc\r\u{202e}d\u{feff}"), "a␊b␉c␍⇆d");
        assert_eq!(sanitize_lines("x\x1b[2J\ny"), "x␛[2J\ny");
    }
}
