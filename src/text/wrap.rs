//! Text layout for the terminal: neutralising control characters, measuring by
//! display width (unicode-width over grapheme clusters, exactly as ratatui's
//! buffer does), expanding tabs and word-wrapping one source line into rows.
//!
//! Document text is data: C0/C1 controls, DEL, escape sequences and bidi
//! controls are replaced by visible symbols here, so they never reach the
//! terminal. Everything works on byte ranges local to one line, so callers can
//! wrap only the lines they show.

use ratatui::style::Style;
use ratatui::text::Span;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns between tab stops.
pub const TAB_WIDTH: usize = 8;

pub use crate::sanitize::{replacement, sanitize};

/// Display width of grapheme `g` starting at column `col` (tabs reach the next stop).
fn grapheme_width(g: &str, col: usize) -> usize {
    if g == "\t" {
        TAB_WIDTH - col % TAB_WIDTH
    } else {
        sanitize(g).width()
    }
}

fn is_wide(g: &str) -> bool {
    g.width() >= 2
}

/// Display width of `text` laid out on one row from column 0.
pub fn display_width(text: &str) -> usize {
    let mut col = 0;
    for g in text.graphemes(true) {
        col += grapheme_width(g, col);
    }
    col
}

/// Word-wraps one line (without its line ending) into rows at most `width`
/// columns wide; returns the byte range of each row, local to `line`. An empty
/// line is one empty row. Rows break after whitespace or next to wide (CJK)
/// characters; a word longer than the row is cut.
pub fn wrap_line(line: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row_start = 0;
    let mut col = 0;
    // Byte offset where the current row may end, and the column there.
    let mut last_break: Option<usize> = None;
    let mut prev_wide = false;
    for (i, g) in line.grapheme_indices(true) {
        let wide = is_wide(g);
        if (wide || prev_wide) && i > row_start {
            last_break = Some(i);
        }
        let w = grapheme_width(g, col);
        if col + w > width && i > row_start {
            if g.chars().all(char::is_whitespace) {
                // Whitespace that does not fit hangs at the end of the row.
                rows.push(row_start..i + g.len());
                row_start = i + g.len();
                col = 0;
                last_break = None;
                prev_wide = false;
                continue;
            }
            let cut = match last_break {
                Some(b) if b > row_start => b,
                _ => i,
            };
            rows.push(row_start..cut);
            row_start = cut;
            last_break = None;
            col = display_width(&line[row_start..i]);
        }
        col += grapheme_width(g, col);
        if g.chars().all(char::is_whitespace) {
            last_break = Some(i + g.len());
        }
        prev_wide = wide;
    }
    rows.push(row_start..line.len());
    rows
}

/// A style that applies to a byte range (absolute offsets in the document).
#[derive(Debug, Clone, PartialEq)]
pub struct StyleRun {
    /// The bytes styled.
    pub range: Range<usize>,
    /// The style, patched over the base style.
    pub style: Style,
}

/// Renders one row of a line as spans: `line` is the whole line, `base` its
/// absolute byte offset in the document, `row` the local byte range to show.
/// `runs` (absolute, sorted by start, may overlap: later ones patch earlier
/// ones) style parts of the row. Tabs become spaces, controls become symbols.
pub fn render_row(
    line: &str,
    base: usize,
    row: Range<usize>,
    runs: &[StyleRun],
    default: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut cur = String::new();
    let mut cur_style = default;
    let mut col = 0;
    // Whitespace where a row breaks stays plain, so highlights end on a word.
    let text_end = line[row.clone()].trim_end().len();
    for (i, g) in line[row.clone()].grapheme_indices(true) {
        let abs = base + row.start + i;
        let mut style = default;
        for r in runs.iter().filter(|_| i < text_end) {
            if r.range.start <= abs && abs < r.range.end {
                style = style.patch(r.style);
            }
        }
        if style != cur_style && !cur.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut cur), cur_style));
        }
        cur_style = style;
        if g == "\t" {
            let w = grapheme_width(g, col);
            cur.extend(std::iter::repeat_n(' ', w));
            col += w;
        } else {
            let s = sanitize(g);
            col += s.width();
            cur.push_str(&s);
        }
    }
    if !cur.is_empty() {
        spans.push(Span::styled(cur, cur_style));
    }
    spans
}

/// The local byte offset in `line` shown at column `x` of row `row`
/// (clamped to the row), for mouse clicks.
pub fn byte_at_column(line: &str, row: Range<usize>, x: usize) -> usize {
    let mut col = 0;
    for (i, g) in line[row.clone()].grapheme_indices(true) {
        let w = grapheme_width(g, col);
        if x < col + w.max(1) {
            return row.start + i;
        }
        col += w;
    }
    row.end.saturating_sub(1).max(row.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(line: &str, width: usize) -> Vec<&str> {
        wrap_line(line, width)
            .into_iter()
            .map(|r| &line[r])
            .collect()
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            rows("the quick brown fox jumps", 10),
            ["the quick ", "brown fox ", "jumps"]
        );
    }

    #[test]
    fn cuts_long_words() {
        assert_eq!(rows("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn cjk_is_two_columns_and_breaks_anywhere() {
        assert_eq!(rows("中文字符测试", 5), ["中文", "字符", "测试"]);
        assert_eq!(display_width("中文"), 4);
    }

    #[test]
    fn combining_marks_take_no_column() {
        let s = "e\u{301}e\u{301}e\u{301}";
        assert_eq!(display_width(s), 3);
        assert_eq!(rows(s, 3).len(), 1);
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(display_width("a\tb"), 9);
    }

    #[test]
    fn every_row_fits_and_nothing_is_lost() {
        let line = "word ".repeat(540) + "end";
        let r = wrap_line(&line, 37);
        let mut at = 0;
        for row in &r {
            assert_eq!(row.start, at);
            assert!(display_width(line[row.clone()].trim_end()) <= 37);
            at = row.end;
        }
        assert_eq!(at, line.len());
    }

    #[test]
    fn controls_are_replaced() {
        let line = "a\x1b[31mb\u{9b}c\u{202e}d\x07";
        let spans = render_row(line, 0, 0..line.len(), &[], Style::default());
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "a␛[31mb␦c⇆d␇");
    }

    #[test]
    fn click_maps_to_bytes() {
        assert_eq!(byte_at_column("中文ab", 0..8, 2), 3);
        assert_eq!(byte_at_column("中文ab", 0..8, 4), 6);
    }
}
