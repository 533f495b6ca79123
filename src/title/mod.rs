//! The title heuristic behind [`crate::corpus::Document::title`]: which line of
//! a document people would call its title, and how it reads.
//!
//! A Markdown level-1 heading (`# Title`, or a line underlined with `===`) wins
//! when the document is Markdown or starts with one. Otherwise the first line
//! that reads like a headline: section labels ("SOURCE / ECONOMY", "IN-DEPTH /
//! IN-DEPTH", "WORLD"), field lines ("Format: …", "Published: Nov 16, 2025"),
//! bylines ("By Cao Shumin"), dates and rules ("-----") are passed over. When
//! nothing qualifies, the first non-empty line. Only the start of a document is
//! looked at, so the cost does not grow with its size. Pure text in, text out.
//!
//! In a Markdown document the line is shown as it reads once rendered
//! ([`shown`]): `# [RustCrypto]: Argon2` is "RustCrypto: Argon2", `# Serde
//! &emsp; [![Build Status]][actions]` is "Serde", `<h1 align="center">simd-adler32</h1>`
//! is "simd-adler32", and lines that render to nothing (a row of badges, an
//! HTML comment or `<div>`) are passed over. The rendering is
//! `pulldown-cmark`'s inline parsing of the line as a heading's text.
//!
//! A manual page's roff source ([`roff`]) is named by its NAME section
//! as `man` shows it: `ls \\- list directory contents` is "ls - list
//! directory contents".
//!
//! In reStructuredText ([`rst`]) a line under or between adornments
//! (`=====`) is a section title and wins; comments, directives and field
//! lists are passed over, and the title reads without its inline markup
//! (`**To list findings**` is "To list findings").

pub mod roff;
pub mod rst;

use std::borrow::Cow;

/// Non-empty lines looked at before giving up on a headline.
const MAX_LINES: usize = 40;
/// Bytes looked at (a title is near the top).
const MAX_BYTES: usize = 64 * 1024;

/// The title of a document with display path `path` and text `text`: a
/// trimmed slice of `text` (empty only when the text has no visible line).
/// In a Markdown document, a line that renders to nothing ([`render`]) is
/// never the title.
pub fn title<'a>(path: &str, text: &'a str) -> &'a str {
    let head = prefix(text.trim_start_matches('\u{feff}'), MAX_BYTES);
    let all = || head.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = all().next() else {
        return "";
    };
    let markdown = is_markdown_doc(path, text);
    let rest = rst::is_rst(path);
    // Lines are rendered to see whether they show anything only as the
    // search reaches them: most Markdown files open with their heading.
    let mut source = all()
        .filter(|l| !markdown || shows_text(l))
        .filter(|l| !rest || !rst::is_markup_line(l));
    let mut lines: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < MAX_LINES {
        // Line `i` and the one after it (for a `===` underline).
        while lines.len() < (i + 2).min(MAX_LINES)
            && let Some(l) = source.next()
        {
            lines.push(l);
        }
        let Some(&line) = lines.get(i) else {
            break;
        };
        if let Some(h) = atx_heading(line)
            && (markdown || i == 0)
        {
            return h;
        }
        let underlined = lines.get(i + 1).is_some_and(|n| {
            if rest {
                rst::adorns(n, line)
            } else {
                n.len() >= 3 && n.bytes().all(|b| b == b'=')
            }
        });
        // An HTML heading in Markdown (`<h1 align="center">Name</h1>`),
        // shown as its text.
        let html_h1 = markdown && line.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("<h1"));
        if (underlined && (markdown || rest || i == 0)) || html_h1 {
            return line;
        }
        i += 1;
    }
    let Some(&first_shown) = lines.first() else {
        return first;
    };
    lines
        .iter()
        .copied()
        .find(|l| reads_like_headline(l))
        .unwrap_or(first_shown)
}

/// Whether a document is read as Markdown: by its name, or because its
/// first non-empty line is a `#` heading.
fn is_markdown_doc(path: &str, text: &str) -> bool {
    is_markdown(path)
        || text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .is_some_and(|l| atx_heading(l).is_some())
}

/// Whether a line of Markdown shows any text once rendered: only images,
/// HTML and entities can render to nothing, so other lines are not parsed.
fn shows_text(line: &str) -> bool {
    if !(line.contains('<') || line.contains("![") || line.contains('&')) {
        return true;
    }
    !render(line).trim().is_empty()
}

/// The title as shown: [`title`]'s line, rendered ([`render`]) when the
/// document is Markdown (by its name, or because it opens with a `#`
/// heading), read without its inline markup ([`rst::render`]) when it is
/// reStructuredText; borrowed from `text` when rendering changes nothing.
pub fn shown<'a>(path: &str, text: &'a str) -> Cow<'a, str> {
    let t = title(path, text);
    let rendered = if rst::is_rst(path) {
        rst::render(t)
    } else if is_markdown_doc(path, text) {
        render(t)
    } else if crate::roff::is_roff(text) {
        // A manual page's source: its NAME line, as `man` shows it.
        return roff::title(text).map_or(Cow::Borrowed(t), Cow::Owned);
    } else {
        return Cow::Borrowed(t);
    };
    // A title that renders to nothing (a document of badges only) is
    // shown as written.
    match rendered {
        Cow::Owned(r) if r != t && !r.is_empty() => Cow::Owned(r),
        _ => Cow::Borrowed(t),
    }
}

/// A line of Markdown as it reads rendered, as plain text: the inline
/// content of a heading holding `line` (so `1. Intro` or `- x` stay text).
/// Links keep their text (reference links whose definition is elsewhere
/// too), images and inline HTML go, emphasis and code marks go, entities
/// and backslash escapes are decoded, and white space runs are one space.
/// Borrowed when the line holds none of Markdown's inline marks.
pub fn render(line: &str) -> Cow<'_, str> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    const MARKS: &[char] = &['[', ']', '*', '_', '`', '&', '<', '\\', '!', '~'];
    let line = line.trim();
    if !line.contains(MARKS) {
        return Cow::Borrowed(line);
    }
    let source = format!("# {line}");
    let mut any_link = |_: pulldown_cmark::BrokenLink<'_>| Some(("".into(), "".into()));
    let parser = Parser::new_with_broken_link_callback(
        &source,
        pulldown_cmark::Options::empty(),
        Some(&mut any_link),
    );
    let mut out = String::with_capacity(line.len());
    let mut in_image = 0usize;
    for event in parser {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    Cow::Owned(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".mdown", ".mkd"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The text of `# Heading` (closing `#`s removed), if `line` is one.
fn atx_heading(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('#')?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let h = rest.trim().trim_end_matches('#').trim_end();
    (!h.is_empty()).then_some(h)
}

/// Whether `line` (trimmed, non-empty) could be a headline rather than a
/// label, a field, a byline, a date or a rule.
pub fn reads_like_headline(line: &str) -> bool {
    !(is_rule(line)
        || is_section_label(line)
        || is_field(line)
        || is_byline(line)
        || is_date(line)
        || is_man_header(line))
}

/// The header line of a rendered manual page, `LS(1)  User Commands
/// LS(1)`: it ends with the page's name and section and starts with the
/// name (cut short when long: `GCLOUD_AI_HP-TUNING-JOBS_CANGeneral
/// CommandsGCLOUD_AI_HP-TUNING-JOBS_CANCEL(1)`). The title is the line
/// under `NAME` (a section label), "ls - list directory contents".
fn is_man_header(line: &str) -> bool {
    let Some(rest) = line.strip_suffix(')') else {
        return false;
    };
    let Some((body, section)) = rest.rsplit_once('(') else {
        return false;
    };
    if !section.starts_with(|c: char| c.is_ascii_digit())
        || !section.chars().all(char::is_alphanumeric)
    {
        return false;
    }
    // The name's first characters (at most eight) open the line and come
    // back before the closing section.
    let lead: String = line
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '(')
        .take(8)
        .collect();
    lead.chars().count() >= 2
        && body.len() > lead.len()
        && body[lead.len()..].contains(lead.as_str())
}

/// No letter or digit at all: `-----`, `***`, `---`.
fn is_rule(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// "SOURCE / ECONOMY", "News / World", "IN-DEPTH", "WORLD NEWS": a short
/// slash-separated label, or one or two words in capitals.
fn is_section_label(line: &str) -> bool {
    if line.len() > 240 {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().filter(|w| *w != "/").collect();
    let has_lower = line.chars().any(char::is_lowercase);
    let has_upper = line.chars().any(char::is_uppercase);
    let slashed = line.contains('/') && !line.contains("://");
    (slashed && words.len() <= 5 && line.chars().count() <= 60)
        || (has_upper && !has_lower && words.len() <= 2)
}

/// "Format: https://…", "Published: Nov 16, 2025 11:49 PM", "Upstream-Name:
/// foo": a label of one or two plain words before a colon (with a short value
/// when two words, so "Scholars' Perspectives: Future of …" stays a headline).
fn is_field(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':') else {
        return false;
    };
    let label_words: Vec<&str> = label.split_whitespace().collect();
    let plain = !label_words.is_empty()
        && label_words.len() <= 2
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == ' ');
    plain && (label_words.len() == 1 || value.split_whitespace().nth(6).is_none())
}

/// "By Cao Shumin", "by Jane Doe and John Roe": a short line starting with "By".
fn is_byline(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    (first == "By" || first == "by") && line.split_whitespace().nth(8).is_none()
}

/// "Nov 16, 2025", "2025-11-14 14:13", "Monday, 3 March 2025": only numbers,
/// month and day names and a few joining words.
fn is_date(line: &str) -> bool {
    const NAMES: [&str; 31] = [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "am",
        "pm",
        "utc",
        "gmt",
        "at",
        "on",
        "updated",
        "published",
        "posted",
        "of",
        "the",
    ];
    const LONG: [&str; 19] = [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "st",
    ];
    let mut digits = false;
    for token in line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if token.chars().all(|c| c.is_ascii_digit()) {
            digits = true;
            continue;
        }
        let t = token.to_lowercase();
        let ordinal = ["st", "nd", "rd", "th"].iter().any(|s| {
            t.strip_suffix(s)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        });
        if !(ordinal || NAMES.contains(&t.as_str()) || LONG.contains(&t.as_str())) {
            return false;
        }
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_get_their_headline_not_their_section_label() {
        let c = crate::corpus::seeds();
        let titles: Vec<&str> = c.documents.iter().map(|d| d.title()).collect();
        assert_eq!(
            titles,
            [
                "Scholars' Perspectives: Future of cyberspace should be in the hands of all countries",
                "10 years on, building a community with a shared future in cyberspace reshapes global internet governance landscape: academy",
                "China leads call for shared future in cyberspace",
                "Reader's Reflections: Concept of ‘jointly building a community of shared future in cyberspace’ offers a constructive solution for resolving obstacles to global cooperation: French scholar",
                "Jointly Build a Community with a Shared Future in Cyberspace and Create a Brighter Future in the Digital Era",
            ]
        );
    }

    #[test]
    fn markdown_headings_win() {
        let md = "---\nlayout: post\n---\nSome intro words here.\n\n# The Real Title #\n\nBody.\n";
        assert_eq!(title("notes/post.md", md), "The Real Title");
        // Setext underline.
        assert_eq!(
            title(
                "doc/bugs.md",
                "BUG REPORTS\n===========\n\nThe following is…\n"
            ),
            "BUG REPORTS"
        );
        // A `#` line deep in a plain-text file is a comment, not a heading.
        assert_eq!(
            title(
                "conf.txt",
                "Settings for the daemon\n# listen port\nport = 80\n"
            ),
            "Settings for the daemon"
        );
        // …but a text file that opens with one is Markdown enough.
        assert_eq!(title("README", "# refrain\n\nA reader.\n"), "refrain");
        // `#hashtag` and `#!/bin/sh` are not headings.
        assert_eq!(title("a.md", "#!/bin/sh\nRun me now\n"), "Run me now");
    }

    #[test]
    fn labels_fields_bylines_and_dates_are_skipped() {
        let man = "LS(1)                     User Commands                    LS(1)\n\nNAME\n       ls - list directory contents\n\nSYNOPSIS\n       ls [OPTION]... [FILE]...\n";
        let cases = [
            (
                "x.txt",
                "WORLD\nNews / World\nFormat: 1.0\nPublished: Nov 16, 2025 11:49 PM\nMonday, 3rd March 2025\nBy Jane Doe\n=====\nThe headline at last\nBody",
                "The headline at last",
            ),
            // A long all-caps line is a title (licences), not a label.
            (
                "LGPL-2.1",
                "   GNU LESSER GENERAL PUBLIC LICENSE\n   Version 2.1, February 1999\n",
                "GNU LESSER GENERAL PUBLIC LICENSE",
            ),
            // A manual page: its NAME line, not its header.
            ("man/ls.txt", man, "ls - list directory contents"),
            (
                "x.txt",
                "OPENSSL-CMDS(1SSL)  OpenSSL  OPENSSL-CMDS(1SSL)\n\nNAME\n  asn1parse, ca - OpenSSL commands\n",
                "asn1parse, ca - OpenSSL commands",
            ),
            // A long name cut short at the start of the header.
            (
                "g.txt",
                "\nGCLOUD_AI_HP-TUNING-JOBS_CANGeneral CommandsGCLOUD_AI_HP-TUNING-JOBS_CANCEL(1)\n\nNAME\n       gcloud ai hp-tuning-jobs cancel - cancel a running job\n",
                "gcloud ai hp-tuning-jobs cancel - cancel a running job",
            ),
            // A line that only opens with a name and section is a headline.
            ("y.txt", "printf(3) in practice\n", "printf(3) in practice"),
            // Nothing reads like a headline: the first line.
            (
                "copyright",
                "Format: https://example.org/1.0/\nUpstream-Name: foo\n",
                "Format: https://example.org/1.0/",
            ),
            ("e", "\u{feff} \n\n", ""),
            ("e", "\u{feff}Title line\nsecond", "Title line"),
        ];
        for (path, text, want) in cases {
            assert_eq!(title(path, text), want, "{text:?}");
        }
    }

    #[test]
    fn manual_page_sources_are_named_by_their_name_section() {
        let page = ".\\\" DO NOT MODIFY THIS FILE!  It was generated by help2man.\n.TH LS \"1\" \"March 2024\" \"GNU coreutils 9.4\" \"User Commands\"\n.SH NAME\nls \\- list directory contents\n.SH SYNOPSIS\n";
        assert_eq!(
            shown("/usr/share/man/man1/ls.1.gz", page),
            "ls - list directory contents"
        );
        // Before: the first line, a comment.
        assert_eq!(
            title("/usr/share/man/man1/ls.1.gz", page),
            page.lines().next().unwrap()
        );
        // A Markdown file is read as Markdown whatever its first line.
        let md = ".TH is how a manual page starts\n\nSome text.\n";
        assert_eq!(shown("notes.md", md), ".TH is how a manual page starts");
    }

    #[test]
    fn restructuredtext_titles_read_as_plain_text() {
        // The AWS CLI's examples open with a strong paragraph.
        let aws = "**To apply an archive rule to existing findings**\n\nThe following ``apply-archive-rule`` example applies a rule.\n";
        assert_eq!(
            shown("examples/accessanalyzer/apply-archive-rule.rst", aws),
            "To apply an archive rule to existing findings"
        );
        // A section title under or between adornments wins, after
        // targets, comments and fields.
        let guide = ":orphan:\n\n.. _guide:\n\n.. This comment is not a title\n\n=====================\nThe ``refrain`` guide\n=====================\n\nIntro text.\n";
        assert_eq!(shown("docs/guide.rst", guide), "The refrain guide");
        let sub = "Some opening words.\n\nInstallation\n------------\n\nRun it.\n";
        assert_eq!(title("docs/install.rst", sub), "Installation");
        // An adornment shorter than the line above it is not an underline:
        // `...` closing a list in a literal block (the AWS CLI's guardduty
        // example) leaves the opening strong line the title.
        let listing = "**Example 1: To list all findings**\n\nOutput::\n\n    {\n        \"FindingIds\": [\n            \"90b93de7aba69107f05bbe60bexample\",\n            ...\n        ]\n    }\n";
        assert_eq!(
            shown("guardduty/list-findings.rst", listing),
            "Example 1: To list all findings"
        );
        assert_eq!(
            shown(
                "lib/os.path.rst",
                &format!(
                    "Opening words.\n\n:mod:`os.path` --- Common pathname manipulations\n{}\n",
                    "*".repeat(48)
                )
            ),
            "os.path --- Common pathname manipulations"
        );
        // The same text not named .rst is not read as reStructuredText.
        assert_eq!(
            shown("notes.txt", aws),
            "**To apply an archive rule to existing findings**"
        );
    }

    #[test]
    fn markdown_titles_read_as_rendered() {
        // Lines from the READMEs of crates on crates.io.
        let cases = [
            ("# [RustCrypto]: Argon2\n", "RustCrypto: Argon2"),
            (
                "# Serde &emsp; [![Build Status]][actions] [![Latest Version]][crates.io]\n",
                "Serde",
            ),
            (
                "# MD5 [![Package][package-img]][package-url] [![Documentation][documentation-img]][documentation-url]\n",
                "MD5",
            ),
            (
                "# **heck** is a case conversion library\n",
                "heck is a case conversion library",
            ),
            (
                "# A more convenient `#[target_feature]` replacement\n",
                "A more convenient #[target_feature] replacement",
            ),
            (
                "Anyhow&ensp;¯\\\\\\_(°ペ)\\_/¯\n==========\n",
                "Anyhow ¯\\_(°ペ)_/¯",
            ),
            (
                "# Rust bindings to *nix APIs\n",
                "Rust bindings to *nix APIs",
            ),
            ("# parking_lot\n", "parking_lot"),
            ("# 1. Not a list\n", "1. Not a list"),
        ];
        for (text, want) in cases {
            assert_eq!(shown("crate/README.md", text), want, "{text:?}");
        }
        // Lines that render to nothing are passed over: badges, comments,
        // layout tags; an HTML heading reads as its text.
        let text = "<!-- cargo-sync-readme start -->\n<div align=\"center\">\n[![crates.io](https://img.shields.io/crates/v/x.svg)](https://crates.io/crates/x)\n<h1 align=\"center\">simd-adler32</h1>\n\nA SIMD-accelerated Adler-32 hash.\n";
        assert_eq!(shown("simd-adler32/README.md", text), "simd-adler32");
        // Plain text is never rendered, and a title needing no rendering
        // is a slice of the text.
        assert_eq!(shown("notes.txt", "**Draft** [1]\n"), "**Draft** [1]");
        assert!(matches!(
            shown("a.md", "# Plain title\n"),
            Cow::Borrowed("Plain title")
        ));
        // A document of badges only keeps its line as written.
        let badges = "[![CI](https://ci/x.svg)](https://ci)\n";
        assert_eq!(shown("b.md", badges), badges.trim());
    }
}
