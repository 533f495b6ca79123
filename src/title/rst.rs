//! reStructuredText, as far as a title needs it: which lines are markup
//! rather than text (comments, directives, targets, field lists, section
//! adornments), and a line's inline markup read as plain text.
//!
//! Docutils is the reference; this follows its inline-markup rules loosely
//! (a mark opens before a non-space and closes after one), which is enough
//! for a title: `**To apply an archive rule**` reads "To apply an archive
//! rule", ``The ``ls`` command`` reads "The ls command", `` `Archive
//! rules <https://…>`__ `` reads "Archive rules".

use std::borrow::Cow;

/// Whether `path` names a reStructuredText file (`.rst`, `.rest`).
pub fn is_rst(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".rst") || lower.ends_with(".rest")
}

/// Whether a trimmed line is markup that never shows as text: a comment,
/// directive or hyperlink target (`.. image:: x.png`, `.. _label:`, `..`)
/// or a field of a field list (`:orphan:`, `:tocdepth: 2`).
pub fn is_markup_line(line: &str) -> bool {
    if line == ".." || line.starts_with(".. ") {
        return true;
    }
    let Some(rest) = line.strip_prefix(':') else {
        return false;
    };
    rest.find(':').is_some_and(|end| {
        end > 0
            && !rest[..end].contains(char::is_whitespace)
            && rest[end + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    })
}

/// Whether a trimmed line is a section adornment: one punctuation
/// character repeated, at least three times (`=====`, `-----`, `~~~~`).
pub fn is_adornment(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    c.is_ascii_punctuation() && line.len() >= 3 && chars.all(|x| x == c)
}

/// Whether `under` (trimmed) underlines or overlines the section title
/// `title`: an adornment at least as long as the title, as docutils asks
/// (`...` under a line of a literal block is not one).
pub fn adorns(under: &str, title: &str) -> bool {
    is_adornment(under) && !is_adornment(title) && under.chars().count() >= title.chars().count()
}

/// `line` with its inline markup read as plain text: emphasis and strong
/// marks, literals, interpreted text and its role, hyperlink references
/// (their text; a bare `<url>` keeps the address), substitutions and
/// backslash escapes. White-space runs become one space. Borrowed when the
/// line holds none of the marks.
pub fn render(line: &str) -> Cow<'_, str> {
    const MARKS: &[char] = &['*', '`', '|', '\\', '_', ':'];
    let line = line.trim();
    if !line.contains(MARKS) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let opens = prev.is_none_or(|p| !p.is_alphanumeric());
        if let Some((text, len)) = opens.then(|| inline(rest)).flatten() {
            out.push_str(text);
            rest = &rest[len..];
            prev = text.chars().last();
            continue;
        }
        if c == '\\' {
            rest = &rest[1..];
            if let Some(n) = rest.chars().next() {
                out.push(n);
                rest = &rest[n.len_utf8()..];
                prev = Some(n);
            }
            continue;
        }
        // A reference name's trailing `_` or `__` (`Python_ bindings`).
        if c == '_'
            && prev.is_some_and(char::is_alphanumeric)
            && out
                .split_whitespace()
                .last()
                .is_none_or(|w| !w.contains('_'))
        {
            let marks = rest.len() - rest.trim_start_matches('_').len();
            let after = rest[marks..].chars().next();
            if marks <= 2 && after.is_none_or(|a| a.is_whitespace() || a.is_ascii_punctuation()) {
                rest = &rest[marks..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        prev = Some(c);
    }
    Cow::Owned(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The inline markup `s` starts with, if any: the text it shows and the
/// bytes it takes (a role before or after interpreted text, and a
/// reference's trailing underscores, included).
fn inline(s: &str) -> Option<(&str, usize)> {
    // `:role:` before interpreted text.
    let role = role_len(s).filter(|&n| s[n..].starts_with('`') && !s[n..].starts_with("``"));
    if let Some(n) = role {
        let (text, len) = interpreted(&s[n..])?;
        return Some((text, n + len));
    }
    for mark in ["``", "**", "*", "|"] {
        if let Some(found) = enclosed(s, mark) {
            return Some(found);
        }
    }
    interpreted(s)
}

/// Text between an opening `mark` at the start of `s` and its closing one:
/// the text must start and end with a non-space.
fn enclosed<'a>(s: &'a str, mark: &str) -> Option<(&'a str, usize)> {
    let body = s.strip_prefix(mark)?;
    if body.starts_with(char::is_whitespace) || body.starts_with(mark) {
        return None;
    }
    let mut from = 0;
    while let Some(i) = body[from..].find(mark) {
        let end = from + i;
        if end > 0 && !body[..end].ends_with(char::is_whitespace) {
            return Some((&body[..end], mark.len() + end + mark.len()));
        }
        from = end + mark.len();
    }
    None
}

/// Interpreted text or a hyperlink reference at the start of `s`
/// (`` `text` ``, `` `text <url>`_ ``, `` `text`__ ``, `` `text`:role: ``):
/// its text, without the target, and the bytes it takes.
fn interpreted(s: &str) -> Option<(&str, usize)> {
    let (inner, mut len) = enclosed(s, "`")?;
    let text = match inner.rfind('<') {
        Some(i) if inner.ends_with('>') && i > 0 => inner[..i].trim_end(),
        Some(0) if inner.ends_with('>') => &inner[1..inner.len() - 1],
        _ => inner,
    };
    let after = &s[len..];
    let marks = after.len() - after.trim_start_matches('_').len();
    if marks <= 2 {
        len += marks;
    }
    if marks == 0
        && let Some(n) = role_len(&s[len..])
    {
        len += n;
    }
    Some((text, len))
}

/// Length of a `:role:` name at the start of `s` (letters, digits, `-`,
/// `_`, `.`, `+`), with both colons.
fn role_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix(':')?;
    let end = body.find(':')?;
    let name = &body[..end];
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+')))
    .then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_reads_as_plain_text() {
        let cases = [
            (
                "**To apply an archive rule to existing findings**",
                "To apply an archive rule to existing findings",
            ),
            (
                "The following ``apply-archive-rule`` example",
                "The following apply-archive-rule example",
            ),
            (
                "see `Archive rules <https://docs.aws.amazon.com/x.html>`__ in the *IAM User Guide*.",
                "see Archive rules in the IAM User Guide.",
            ),
            (":ref:`Installing <install>` refrain", "Installing refrain"),
            (
                ":mod:`os.path` --- Common pathname manipulations",
                "os.path --- Common pathname manipulations",
            ),
            ("`title`:emphasis: and `Python`_", "title and Python"),
            (
                "Python_ bindings, and `<https://example.org>`_",
                "Python bindings, and https://example.org",
            ),
            (
                "Using *emphasis* and 2 * 3 and a*b*c",
                "Using emphasis and 2 * 3 and a*b*c",
            ),
            (
                "\\*not emphasis\\* |project| docs",
                "*not emphasis* project docs",
            ),
            (
                "snake_case_names stay, __init__ too",
                "snake_case_names stay, __init__ too",
            ),
            ("Time: 10:30 and C++", "Time: 10:30 and C++"),
        ];
        for (line, want) in cases {
            assert_eq!(render(line), want, "{line:?}");
        }
        assert!(matches!(
            render("Plain title"),
            Cow::Borrowed("Plain title")
        ));
    }

    #[test]
    fn markup_lines_and_adornments() {
        for l in [
            ".. _label:",
            ".. image:: logo.png",
            "..",
            ":orphan:",
            ":tocdepth: 2",
        ] {
            assert!(is_markup_line(l), "{l}");
        }
        for l in ["...and then", "Note: this", ":) smile", "::"] {
            assert!(!is_markup_line(l), "{l}");
        }
        assert!(is_adornment("====="));
        assert!(is_adornment("~~~"));
        assert!(!is_adornment("=="));
        assert!(!is_adornment("=-="));
        assert!(!is_adornment("aaaa"));
    }
}
