//! Text for the terminal, below both `app` and `ui`: [`wrap`] lays document
//! lines out in rows (display width, tabs, controls made visible), and the
//! helpers here cut, pad and flatten strings to a number of columns.

pub mod wrap;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A similarity (0..=1) as a whole percentage, rounded to the nearest but
/// never up to 100 unless it is 1 (copies 99.6% alike are not "100%
/// similar") nor down to 0 unless it is 0.
pub fn percent(similarity: f64) -> u32 {
    let p = (similarity.clamp(0.0, 1.0) * 100.0).round() as u32;
    if similarity < 1.0 {
        p.clamp(u32::from(similarity > 0.0), 99)
    } else {
        100
    }
}

/// `s` cut to at most `width` columns, with "…" when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` with control characters made visible and runs of whitespace collapsed,
/// cut to `width` columns: a one-line excerpt of document text.
pub fn excerpt(s: &str, width: usize) -> String {
    let mut flat = String::new();
    for word in s.split_whitespace() {
        if !flat.is_empty() {
            flat.push(' ');
        }
        for g in word.graphemes(true) {
            flat.push_str(&wrap::sanitize(g));
        }
        if flat.len() > width * 4 + 16 {
            break;
        }
    }
    fit(&flat, width)
}

/// A line padded with spaces (or cut) to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let w = s.width();
    s + &" ".repeat(width.saturating_sub(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_reach_100_and_0_only_when_exact() {
        assert_eq!(percent(1.0), 100);
        assert_eq!(percent(0.996), 99);
        assert_eq!(percent(0.994), 99);
        assert_eq!(percent(0.876), 88);
        assert_eq!(percent(0.004), 1);
        assert_eq!(percent(0.0), 0);
    }
}
