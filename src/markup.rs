//! Masking markup out of HTML and XML so only the prose is analysed.
//!
//! Tags, comments, processing instructions, doctype and CDATA delimiters,
//! the contents of `<script>` and `<style>`, and character entities are
//! replaced by spaces of the same length in bytes; line breaks are kept.
//! The masked text therefore has exactly the raw file's byte offsets and
//! lines, so positions in reports and the editor's `+line` stay exact.
//! Pure text in, text out: no I/O.

/// `text` with markup replaced by spaces byte for byte (newlines kept).
/// The result has the same length and line starts as `text`.
pub fn mask(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => match markup_end(b, i) {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            },
            b'&' => {
                let end = entity_end(b, i);
                if end > i {
                    blank(&mut out, i, end);
                    i = end;
                } else {
                    i += 1;
                }
            }
            b']' if b[i..].starts_with(b"]]>") => {
                blank(&mut out, i, i + 3);
                i += 3;
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were written and every masked run covers whole
    // characters (it starts and ends at ASCII bytes), so this cannot fail.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Replaces `out[start..end]` by spaces, keeping `\n` and `\r` (whole
/// characters only, so the text stays UTF-8): the masking of markup here
/// and of roff ([`crate::roff`]).
pub(crate) fn blank(out: &mut [u8], start: usize, end: usize) {
    for c in &mut out[start..end] {
        if *c != b'\n' && *c != b'\r' {
            *c = b' ';
        }
    }
}

fn starts_with_ci(b: &[u8], at: usize, pat: &[u8]) -> bool {
    b.len() >= at + pat.len() && b[at..at + pat.len()].eq_ignore_ascii_case(pat)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], pat).map(|p| p + from)
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    (from..b.len().saturating_sub(pat.len() - 1)).find(|&i| starts_with_ci(b, i, pat))
}

/// One past the end of the markup construct starting at `b[i] == b'<'`,
/// or `None` when that `<` is prose.
/// A `<` that does not start a tag (`a < b`: not followed by a letter,
/// `/`, `!` or `?`) is prose and covers just itself, unmasked.
fn markup_end(b: &[u8], i: usize) -> Option<usize> {
    let after = |pat: &[u8], from: usize| find(b, from, pat).map_or(b.len(), |p| p + pat.len());
    if starts_with_ci(b, i, b"<!--") {
        return Some(after(b"-->", i + 4));
    }
    if starts_with_ci(b, i, b"<![CDATA[") {
        // The contents of CDATA are text: mask only the opening delimiter
        // here; the closing `]]>` is masked when reached below.
        return Some(i + 9);
    }
    match b.get(i + 1) {
        Some(c) if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?') => {}
        _ => return None,
    }
    let end = tag_end(b, i);
    for raw in [&b"script"[..], &b"style"[..]] {
        if starts_with_ci(b, i + 1, raw)
            && b.get(i + 1 + raw.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'-')
        {
            let mut close = b"</".to_vec();
            close.extend_from_slice(raw);
            return Some(find_ci(b, end, &close).map_or(b.len(), |p| tag_end(b, p)));
        }
    }
    Some(end)
}

/// One past the `>` closing the tag that starts at `i`, skipping quoted
/// attribute values; the end of the text if it is never closed.
fn tag_end(b: &[u8], i: usize) -> usize {
    let mut quote = None;
    let mut j = i + 1;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return j + 1,
            None => {}
        }
        j += 1;
    }
    b.len()
}

/// One past the end of a character entity at `b[i] == b'&'` (`&amp;`,
/// `&#8217;`, `&#x2019;`), or `i` when there is none.
fn entity_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if b.get(j) == Some(&b'#') {
        j += 1;
        let hex = matches!(b.get(j), Some(b'x' | b'X'));
        if hex {
            j += 1;
        }
        let start = j;
        while j < b.len()
            && j - start < 8
            && (b[j].is_ascii_digit() || hex && b[j].is_ascii_hexdigit())
        {
            j += 1;
        }
        if j == start {
            return i;
        }
    } else {
        let start = j;
        while j < b.len() && j - start < 32 && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == start {
            return i;
        }
    }
    if b.get(j) == Some(&b';') { j + 1 } else { i }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_comments_scripts_styles_and_entities_are_blanked_in_place() {
        let html = "<html><head><title>A title</title>\n<style>p { color: red }</style>\
                    <script>var x = \"<p>\";</script></head>\n<!-- a\ncomment -->\
                    <p class=\"x > y\">Caf&eacute; &amp; bar&#8217;s text</p>\n</html>";
        let m = mask(html);
        assert_eq!(m.len(), html.len());
        let lines: Vec<&str> = m.lines().map(str::trim).collect();
        let prose = format!("Caf{}bar{}s text", " ".repeat(15), " ".repeat(7));
        assert_eq!(lines, ["A title", "", "", prose.as_str(), ""]);
        // Offsets are unchanged: the word is where it is in the raw file.
        assert_eq!(m.find("text"), html.find("text"));
        assert_eq!(m.matches('\n').count(), html.matches('\n').count());
    }

    #[test]
    fn a_less_than_sign_in_prose_is_kept_and_non_ascii_text_survives() {
        let s = "a < b and “中文” <b>bold</b> & more";
        let m = mask(s);
        assert_eq!(m, "a < b and “中文”    bold     & more");
    }

    #[test]
    fn unclosed_constructs_run_to_the_end_without_panicking() {
        for s in [
            "<p",
            "<!-- x",
            "<script>x",
            "&amp",
            "<![CDATA[x",
            "<",
            "&",
            "<a href='x",
        ] {
            let m = mask(s);
            assert_eq!(m.len(), s.len(), "{s}");
        }
        assert_eq!(mask("<script>x"), "         ");
    }
}
