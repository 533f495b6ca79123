//! Masking roff out of manual pages' source so only their text is analysed,
//! as [`crate::markup`] does for HTML.
//!
//! A page in `/usr/share/man` is roff: `.SH NAME`, `\fBls\fR`, `\-`,
//! `.\" comments`. Read as it is, its words include `fBls`, `fR`, `SH`
//! and `TP`, the same text set in another font does not match, and the
//! reader shows the escapes. Masked, a request's name (`.SH`, `.TP`, `.B`)
//! is blanked and its arguments kept (`.SH SEE ALSO` reads "SEE ALSO");
//! requests that carry no text (comments, `.de` … `..` definitions,
//! `.ig` blocks, `.TH`, `.IX`, `.sp`, `.nr`, `.if`, …) are blanked whole;
//! inline escapes are blanked (`\fB`, `\s-1`, `\(em`, `\*(lq`, `\&`), a
//! hyphen keeps its `-` (`\-`). Whole characters are replaced by spaces,
//! as [`crate::markup`] does; line breaks are kept: offsets and lines stay
//! the file's. Pure text in, text out.
//!
//! A file is read as roff when its name is a manual page's (`ls.1`,
//! `CA.pl.1ssl`, `git.1.gz`, `foo.man`) and its first non-empty line a
//! comment or a request a page opens with ([`is_roff`]).

/// Whether a file name (without a `.gz` suffix) is a manual page's: a
/// section suffix (`.1` … `.9`, `.n`, `.l`, with a tail such as `ssl`,
/// `pm`, `posix`) or `.man`.
pub fn is_roff_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let Some((stem, ext)) = lower.rsplit_once('.') else {
        return false;
    };
    if stem.is_empty() {
        return false;
    }
    let mut chars = ext.chars();
    match chars.next() {
        Some('1'..='9' | 'n' | 'l') => {
            let tail = chars.as_str();
            tail.len() <= 8 && tail.chars().all(|c| c.is_ascii_alphanumeric())
                // `.n` and `.l` alone: `notes.n` is not `x.nfo`.
                && (ext.starts_with(|c: char| c.is_ascii_digit()) || tail.is_empty())
        }
        _ => ext == "man",
    }
}

/// Whether `text` is roff source: its first non-empty line is a comment
/// (`.\"`, `'\"`) or a request or macro pages open with (`.TH`, `.Dd`,
/// `.so`, …). A reStructuredText comment (`..`) or prose that starts with
/// a dot (".NET is …") is not.
pub fn is_roff(text: &str) -> bool {
    let Some(first) = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
    else {
        return false;
    };
    let Some(rest) = first.strip_prefix(['.', '\'']) else {
        return false;
    };
    if rest.starts_with("\\\"") {
        return true;
    }
    const OPENERS: [&str; 15] = [
        "TH", "Dd", "Dt", "so", "de", "ig", "ds", "nr", "nh", "ad", "tr", "if", "ie", "lf", "mso",
    ];
    let name = rest.split([' ', '\t']).next().unwrap_or("");
    OPENERS.contains(&name)
}

/// Requests and macros whose arguments are not text: their lines are
/// blanked whole.
const SILENT: [&str; 58] = [
    "TH", "Dd", "Dt", "Os", "IX", "so", "mso", "ds", "ds1", "as", "nr", "rr", "rm", "rn", "als",
    "if", "ie", "el", "ft", "ps", "vs", "in", "ti", "ll", "sp", "ne", "na", "ad", "hy", "nh", "fi",
    "nf", "br", "bp", "ce", "PD", "RS", "RE", "ta", "tr", "ev", "cc", "c2", "ec", "eo", "lf",
    "pso", "do", "nop", "TS", "TE", "EQ", "EN", "hw", "ss", "cu", "ul", "pl",
];

/// `text` with roff requests and escapes replaced by spaces (see the
/// module doc). The result has the same length and line starts as `text`.
pub fn mask(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    // The end of a macro definition or ignored block (`..`, or `.END`
    // after `.de NAME END` / `.ig END`), while one is open.
    let mut block: Option<String> = None;
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        if let Some(close) = &block {
            if line
                .strip_prefix(['.', '\''])
                .is_some_and(|l| l.trim_end() == close)
            {
                block = None;
            }
            blank(&mut out, start, end);
        } else if let Some(rest) = line.strip_prefix(['.', '\'']) {
            let lead = line.len() - rest.trim_start().len();
            let rest = rest.trim_start();
            let name_len = rest.find([' ', '\t']).unwrap_or(rest.len());
            let name = &rest[..name_len];
            if name.starts_with("\\\"") || name.starts_with("\\#") || name.is_empty() {
                blank(&mut out, start, end);
            } else if matches!(name, "de" | "de1" | "am" | "am1" | "ig") {
                let args: Vec<&str> = rest[name_len..].split_whitespace().collect();
                let close = if name == "ig" {
                    args.first()
                } else {
                    args.get(1)
                };
                block = Some(close.map_or(".".to_string(), |c| c.to_string()));
                blank(&mut out, start, end);
            } else if SILENT.contains(&name) {
                blank(&mut out, start, end);
            } else {
                blank(&mut out, start, start + lead + name_len);
                escapes(text, &mut out, start + lead + name_len, end);
                // The quotes around arguments are syntax (`.SH "SEE ALSO"`).
                for b in &mut out[start + lead + name_len..end] {
                    if *b == b'"' {
                        *b = b' ';
                    }
                }
            }
        } else {
            escapes(text, &mut out, start, end);
        }
        start = end + 1;
    }
    // Whole characters were replaced, by spaces or by whole characters:
    // still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

use crate::markup::blank;

/// Blanks the escapes in `text[from..to]` (one line) in `out`.
fn escapes(text: &str, out: &mut [u8], from: usize, to: usize) {
    let line = &text[from..to];
    // A run of escaped ASCII characters next to each other (`\-\-` of
    // `\-\-decode`): where it starts and how many, written together after
    // their backslashes' room ("  --decode", not " - -decode").
    let mut run: Option<(usize, usize)> = None;
    let flush = |out: &mut [u8], run: &mut Option<(usize, usize)>| {
        if let Some((start, k)) = run.take() {
            let chars: Vec<u8> = (0..k).map(|n| out[start + 2 * n + 1]).collect();
            out[start..start + k].fill(b' ');
            out[start + k..start + 2 * k].copy_from_slice(&chars);
        }
    };
    let mut i = 0;
    while let Some(at) = line[i..].find('\\') {
        let at = i + at;
        let (end, meaning) = escape(line, at);
        let (a, e) = (from + at, from + end);
        match meaning {
            Meaning::Itself(c) if c.is_ascii() => match &mut run {
                Some((start, k)) if *start + 2 * *k == a => *k += 1,
                _ => {
                    flush(out, &mut run);
                    run = Some((a, 1));
                }
            },
            _ => flush(out, &mut run),
        }
        match meaning {
            Meaning::Comment => {
                blank(out, a, from + line.len());
                return;
            }
            // An escaped ASCII character joins its run (above); one of
            // another script: only the backslash goes.
            Meaning::Itself(c) if c.is_ascii() => {}
            Meaning::Itself(_) => blank(out, a, a + 1),
            Meaning::Letter(c) if c.len_utf8() <= e - a => {
                blank(out, a, e);
                let mut buf = [0u8; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                // Beside the letters before it (`caf\('e` is "café  "),
                // else before those after it; inside a word one side is
                // cut off (`f\(:ur` is "fü  r"): the offsets must stay the
                // file's.
                let after_word = a > 0 && out[a - 1].is_ascii_alphanumeric();
                let put = if after_word { a } else { e - bytes.len() };
                out[put..put + bytes.len()].copy_from_slice(bytes);
            }
            Meaning::Letter(_) | Meaning::Nothing | Meaning::Symbol(_) => blank(out, a, e),
        }
        i = end.max(at + 1);
    }
    flush(out, &mut run);
}

/// What a roff escape stands for ([`escape`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A comment (`\"`, `\#`): the rest of the line is not text.
    Comment,
    /// Nothing shown: a font or size change, a mark, a motion, a register.
    Nothing,
    /// The character escaped, shown as it is (`\-` is `-`, `\.` `.`).
    Itself(char),
    /// A letter with an accent or a ligature (`\(:a` is ä, `\(ss` ß).
    Letter(char),
    /// A symbol (`\(em` is —, `\*(lq` “, `\e` a backslash).
    Symbol(&'static str),
}

/// The escape whose backslash is at byte `at` of `line`: the byte where it
/// ends and what it stands for (groff(7), groff_char(7)). One reading of
/// roff's escapes for the masking here and the titles of
/// [`crate::title::roff`].
pub fn escape(line: &str, at: usize) -> (usize, Meaning) {
    let rest = &line[at + 1..];
    let Some(e) = rest.chars().next() else {
        return (line.len(), Meaning::Nothing);
    };
    let after = at + 1 + e.len_utf8();
    // A name: `(xx`, `[name]` or one character, from byte `from`.
    let named = |from: usize| -> (usize, &str) {
        let r = &line[from.min(line.len())..];
        match r.chars().next() {
            Some('(') => {
                let n: usize = r[1..].chars().take(2).map(char::len_utf8).sum();
                (from + 1 + n, &r[1..1 + n])
            }
            Some('[') => match r.find(']') {
                Some(close) => (from + close + 1, &r[1..close]),
                None => (line.len(), &r[1..]),
            },
            Some(c) => (from + c.len_utf8(), &r[..c.len_utf8()]),
            None => (from, ""),
        }
    };
    match e {
        '"' | '#' => (line.len(), Meaning::Comment),
        '-' | '.' => (after, Meaning::Itself(e)),
        'e' | '\\' => (after, Meaning::Symbol("\\")),
        ' ' | '~' | '0' => (after, Meaning::Symbol(" ")),
        '\'' => (after, Meaning::Symbol("´")),
        '`' => (after, Meaning::Symbol("`")),
        '&' | '|' | '^' | 'c' | ')' | '/' | ',' | ':' | '%' | '{' | '}' => {
            (after, Meaning::Nothing)
        }
        // Fonts, registers, arguments, colours, environments: a name.
        'f' | 'F' | 'n' | '$' | 'm' | 'M' | 'g' | 'k' | 'V' | 'Y' => {
            let sign = e == 'n' && matches!(line.as_bytes().get(after), Some(b'+' | b'-'));
            (named(after + usize::from(sign)).0, Meaning::Nothing)
        }
        's' => {
            let mut from = after;
            if matches!(line.as_bytes().get(from), Some(b'+' | b'-')) {
                from += 1;
            }
            let end = match line.as_bytes().get(from) {
                Some(b'(' | b'[') => named(from).0,
                Some(d) if d.is_ascii_digit() => from + 1,
                _ => from,
            };
            (end, Meaning::Nothing)
        }
        // Motions, lines, widths, overstrikes, …: a delimited argument.
        'h' | 'v' | 'l' | 'L' | 'w' | 'o' | 'x' | 'b' | 'D' | 'X' | 'Z' | 'R' | 'C' | 'N' => {
            match line[after..].chars().next() {
                Some(d) => {
                    let from = after + d.len_utf8();
                    let end = line[from..]
                        .find(d)
                        .map_or(line.len(), |p| from + p + d.len_utf8());
                    (end, Meaning::Nothing)
                }
                None => (after, Meaning::Nothing),
            }
        }
        '*' => {
            let (end, name) = named(after);
            let s = match name {
                "lq" | "L\"" => "“",
                "rq" | "R\"" => "”",
                "Aq" | "aq" => "'",
                "R" => "®",
                "Tm" | "tm" => "™",
                _ => return (end, Meaning::Nothing),
            };
            (end, Meaning::Symbol(s))
        }
        '(' | '[' => {
            let (end, name) = named(at + 1);
            if let Some(c) = accented(name) {
                return (end, Meaning::Letter(c));
            }
            let s = match name {
                "em" => "—",
                "en" => "–",
                "hy" | "mi" | "-" => "-",
                "aq" => "'",
                "dq" => "\"",
                "lq" => "“",
                "rq" => "”",
                "oq" => "‘",
                "cq" => "’",
                "bu" => "•",
                "co" => "©",
                "rg" => "®",
                "tm" => "™",
                "ti" => "~",
                "ha" => "^",
                "rs" => "\\",
                "lB" => "[",
                "rB" => "]",
                _ => return (end, Meaning::Nothing),
            };
            (end, Meaning::Symbol(s))
        }
        't' => (after, Meaning::Symbol(" ")),
        // Other letters: motions and marks with no argument (`\d`, `\u`
        // half-line motions, `\p` a break, `\z` zero width).
        other if other.is_ascii_alphanumeric() => (after, Meaning::Nothing),
        other => (after, Meaning::Itself(other)),
    }
}

/// A named character that is a letter with an accent or a ligature:
/// `\(:a` is ä, `\('e` é, `\(,c` ç, `\(ss` ß, `\[u00E4]` ä (groff_char(7)).
fn accented(name: &str) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    if let Some(hex) = name.strip_prefix('u') {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .filter(|c| c.is_alphabetic());
    }
    let fixed = match name {
        "ss" => Some('ß'),
        "ae" => Some('æ'),
        "AE" => Some('Æ'),
        "oe" => Some('œ'),
        "OE" => Some('Œ'),
        "/o" | "o/" => Some('ø'),
        "/O" | "O/" => Some('Ø'),
        "oa" => Some('å'),
        "oA" => Some('Å'),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let mut chars = name.chars();
    let (Some(mark), Some(letter), None) = (chars.next(), chars.next(), chars.next()) else {
        return None;
    };
    let combining = match mark {
        ':' => '\u{308}',
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '~' => '\u{303}',
        ',' => '\u{327}',
        'v' => '\u{30C}',
        _ => return None,
    };
    if !letter.is_ascii_alphabetic() {
        return None;
    }
    let mut composed = [letter, combining].into_iter().nfc();
    match (composed.next(), composed.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_page_names() {
        for (name, roff) in [
            ("ls.1", true),
            ("ls.1.gz", true),
            ("CA.pl.1ssl.gz", true),
            ("File::Spec.3pm.gz", true),
            ("tclsh.n", true),
            ("groff.7", true),
            ("foo.man", true),
            ("notes.txt", false),
            // A name alone can be a version; the first line decides.
            ("v1.2", true),
            ("README", false),
            (".1", false),
            ("photo.nef", false),
        ] {
            assert_eq!(is_roff_name(name), roff, "{name}");
        }
    }

    #[test]
    fn requests_and_escapes_are_blanked_byte_for_byte() {
        let page = ".\\\" Automatically generated\n.TH LS \"1\" \"March 2024\"\n.SH NAME\nls \\- list directory contents\n.SH SYNOPSIS\n.B ls\n[\\fI\\,OPTION\\/\\fR]...\n.IX Header \"SYNOPSIS\"\n.SH \"SEE ALSO\"\n\\&\\fB\\s-1CA\\s0.pl\\fR \\(em caf\\(:e \\*(lqq\\*(rq\n.de SO\n.SH \"STANDARD OPTIONS\"\n..\n'\\\" t\nend \\\" comment\n";
        let masked = mask(page);
        assert_eq!(masked.len(), page.len());
        let lines: Vec<&str> = masked.lines().map(str::trim_end).collect();
        let raw: Vec<&str> = page.lines().collect();
        assert_eq!(lines.len(), raw.len());
        assert_eq!(
            lines,
            [
                "",
                "",
                "    NAME",
                "ls  - list directory contents",
                "    SYNOPSIS",
                "   ls",
                "[     OPTION     ]...",
                "",
                "     SEE ALSO",
                "         CA   .pl         cafë        q",
                "",
                "",
                "",
                "",
                "end",
            ]
        );
        let words: Vec<&str> = masked.split_whitespace().collect();
        assert!(!words.iter().any(|w| w.contains('\\')), "{words:?}");
        // Other scripts stay whole; an accented letter joins its word.
        assert_eq!(mask("\\fB名前\\fR 説明\\名"), "   名前    説明 名");
        assert_eq!(
            mask("\\(:andert \\[u00E4]b f\\(:ur"),
            "  ändert       äb fü  r"
        );
        // Escaped characters in a row are written together.
        assert_eq!(
            mask("\\-\\-decode non\\-alphabet a\\.b"),
            "  --decode non -alphabet a .b"
        );
        // Half-line motions are not text (`c\\d1\\u` is c₁).
        assert_eq!(mask("c\\d1\\u c\\d2\\u"), "c  1   c  2  ");
        // A comment goes whole, whatever its script; CRLF line ends stay.
        assert_eq!(
            mask(".\\\" Übersetzung\r\nText\r\n"),
            "                \r\nText\r\n"
        );
    }

    #[test]
    fn roff_source_is_told_by_its_first_line() {
        for (text, roff) in [
            (
                ".\\\" Automatically generated by Pod::Man 4.14\n.TH CA.PL 1SSL",
                true,
            ),
            ("'\\\" t\n.\\\"     Title: apt", true),
            (".TH LS \"1\" \"March 2024\"\n.SH NAME", true),
            ("\n\n.Dd $Mdocdate$\n.Dt SSH 1", true),
            (".so man1/bzdiff.1\n", true),
            (".. comment in reStructuredText\n", false),
            ("...and so it began.\n", false),
            (".NET is a framework\n", false),
            ("# Title\n", false),
            ("LS(1)   User Commands   LS(1)\n\nNAME\n", false),
        ] {
            assert_eq!(is_roff(text), roff, "{text:?}");
        }
    }
}
