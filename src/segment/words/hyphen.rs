//! Words broken by a hyphen at a line end, taken whole (`Words::joined`).

use super::Words;

/// True for white space between the halves of a word broken by a hyphen:
/// spaces, tabs and carriage returns around one line break.
fn line_break_gap(gap: &str) -> bool {
    let rest = gap.trim_start_matches([' ', '\t', '\r']);
    rest.strip_prefix('\n')
        .is_some_and(|r| r.trim_start_matches([' ', '\t']).is_empty())
}

/// True when `second` can continue `first` across a hyphen at a line end:
/// it starts with a letter of the case `first` ends with — lower case after
/// lower case (`docu-⏎mented`), upper case after upper case (`DOCU-⏎MENTED`,
/// the same text in capitals) — so `Jean-⏎Paul` stays two words.
fn continues(first: &str, second: &str) -> bool {
    match (first.chars().next_back(), second.chars().next()) {
        (Some(a), Some(b)) => {
            (a.is_lowercase() && b.is_lowercase()) || (a.is_uppercase() && b.is_uppercase())
        }
        _ => false,
    }
}

/// True for a hyphen that breaks a word at a line end: `-` or U+2010.
pub(in crate::segment) fn line_end_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
}

impl<'a> Words<'a> {
    /// `w`, or `w` joined with the next word when `w` is the first half of
    /// a word broken by a hyphen at the end of its line: `w` ends in a
    /// cased letter, a hyphen (`-` or U+2010) follows it, then white space
    /// holding one line break (not a blank line), and the next word starts
    /// there with a letter of the same case (see [`continues`]: `docu-\n
    /// mented`, `DOCU-\nMENTED`, `Überset-\n
    /// zung`). The joined word spans both halves; its key is the word
    /// without the hyphen and the line break (`keys::dehyphenated`).
    /// Typeset, scanned and rendered text breaks words so wherever its lines
    /// end, and the same text set at another width breaks others: taken as
    /// two words, each break cost a copy two mismatched words. A hyphen
    /// between letters of different case (`Jean-\nPaul`), next to a digit
    /// (`ISO-\n8859`), or before a blank line is a real hyphen or an end,
    /// and the words stay apart.
    #[cold]
    pub(super) fn joined(&mut self, w: (usize, &'a str)) -> (usize, &'a str) {
        let text = self.text;
        let e = w.0 + w.1.len();
        let cased = |c: char| c.is_lowercase() || c.is_uppercase();
        let Some(h) = text[e..].chars().next().filter(|&c| line_end_hyphen(c)) else {
            return w;
        };
        if !w.1.chars().next_back().is_some_and(cased) {
            return w;
        }
        let Some(next) = self.next_word() else {
            return w;
        };
        let after = e + h.len_utf8();
        if next.0 > after && line_break_gap(&text[after..next.0]) && continues(w.1, next.1) {
            return (w.0, &text[w.0..next.0 + next.1.len()]);
        }
        self.pending = Some(next);
        w
    }
}
