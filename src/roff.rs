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
//! hyphen keeps its `-` (`\-`). Every byte replaced is an ASCII byte and
//! becomes a space; line breaks are kept: offsets and lines stay the
//! file's. Pure text in, text out.
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
    // Only ASCII bytes were replaced, by ASCII spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Replaces the ASCII bytes of `out[from..to]` by spaces.
fn blank(out: &mut [u8], from: usize, to: usize) {
    for b in &mut out[from..to] {
        if b.is_ascii() && *b != b'\n' {
            *b = b' ';
        }
    }
}

/// Blanks the escapes in `text[from..to]` (one line) in `out`.
fn escapes(text: &str, out: &mut [u8], from: usize, to: usize) {
    let b = text.as_bytes();
    let mut i = from;
    while i < to {
        if b[i] != b'\\' || i + 1 >= to {
            i += 1;
            continue;
        }
        let e = b[i + 1];
        let after = i + 2;
        // Where the escape ends.
        let named = |at: usize| -> usize {
            match b.get(at) {
                Some(b'(') => (at + 3).min(to),
                Some(b'[') => b[at..to]
                    .iter()
                    .position(|&c| c == b']')
                    .map_or(to, |p| at + p + 1),
                Some(c) if c.is_ascii() => at + 1,
                _ => at,
            }
        };
        let end = match e {
            b'"' | b'#' => to,
            // A hyphen or a printable dot keeps its character.
            b'-' | b'.' => {
                out[i] = b' ';
                i = after;
                continue;
            }
            b'f' | b'F' | b'*' | b'n' | b'$' | b'm' | b'M' | b'g' | b'k' | b'V' | b'Y' => {
                let at = if matches!(e, b'n') && matches!(b.get(after), Some(b'+' | b'-')) {
                    after + 1
                } else {
                    after
                };
                named(at)
            }
            b'(' | b'[' => {
                let end = named(i + 1);
                // A letter with an accent (`\(:a`, `\[u00E4]`) is written
                // at the escape's end, so the word it is part of stays one
                // (`\(:andert` is "  ändert").
                let inner = if e == b'(' {
                    i + 2..end
                } else {
                    i + 2..end.saturating_sub(1)
                };
                let letter = text
                    .get(inner)
                    .and_then(crate::title::roff::accented)
                    .filter(|c| c.is_alphabetic() && c.len_utf8() <= end - i);
                if let Some(c) = letter {
                    blank(out, i, end);
                    let mut buf = [0u8; 4];
                    let bytes = c.encode_utf8(&mut buf).as_bytes();
                    // Beside the letters before it (`caf\('e` is "café  "),
                    // else before those after it; inside a word one side
                    // is cut off (`f\(:ur` is "fü  r"): the offsets must
                    // stay the file's.
                    let after_word = i > 0 && out[i - 1].is_ascii_alphanumeric();
                    let at = if after_word { i } else { end - bytes.len() };
                    out[at..at + bytes.len()].copy_from_slice(bytes);
                    i = end;
                    continue;
                }
                end
            }
            b's' => {
                let mut at = after;
                if matches!(b.get(at), Some(b'+' | b'-')) {
                    at += 1;
                }
                match b.get(at) {
                    Some(b'(' | b'[') => named(at),
                    Some(c) if c.is_ascii_digit() => at + 1,
                    _ => at,
                }
            }
            b'h' | b'v' | b'l' | b'L' | b'w' | b'o' | b'x' | b'b' | b'D' | b'X' | b'Z' | b'R'
            | b'C' | b'N' => match b.get(after) {
                Some(&d) if d.is_ascii() && after < to => b[after + 1..to]
                    .iter()
                    .position(|&c| c == d)
                    .map_or(to, |p| after + 1 + p + 1),
                _ => after,
            },
            c if c.is_ascii() => after,
            // A backslash before a character of another script: only it goes.
            _ => i + 1,
        };
        blank(out, i, end.min(to));
        i = end.max(i + 1);
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
