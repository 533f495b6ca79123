//! Line and paragraph tests on text around passages, shared by alignment
//! (where a passage may end), chaining (where it may be bridged) and
//! clustering (whole-line passages). Byte offsets in, no allocation: they
//! run for words of every aligned passage.

/// True when `between` (the text between two words) holds a blank line:
/// a line break, then a line of white space only, ended by another.
pub(super) fn has_blank_line(between: &str) -> bool {
    let Some(first) = between.find('\n') else {
        return false;
    };
    between[first + 1..]
        .split_inclusive('\n')
        .any(|l| l.ends_with('\n') && l.trim().is_empty())
}

/// True when nothing alphanumeric precedes byte `at` on its line. Walks
/// back from `at` and stops at the first alphanumeric character or line
/// break, so a word in the middle of a long line costs one step, not the
/// line.
pub(super) fn starts_line(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .any(char::is_alphanumeric)
}

/// True when nothing alphanumeric follows byte `at` on its line (walking
/// forward, as [`starts_line`] walks back).
pub(super) fn ends_line(text: &str, at: usize) -> bool {
    !text[at..]
        .chars()
        .take_while(|&c| c != '\n')
        .any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_line_is_a_line_of_white_space_between_two_line_breaks() {
        for (text, blank) in [
            (" ", false),
            ("\n", false),
            (" x \n y ", false),
            ("\n\n", true),
            (" .\n \t\n (", true),
            ("\r\n\r\n", true),
            ("\n x \n", false),
        ] {
            assert_eq!(has_blank_line(text), blank, "{text:?}");
        }
    }

    #[test]
    fn a_line_starts_and_ends_where_nothing_alphanumeric_is_beside_it() {
        let t = "one two\n  (three four.)\n<p>five";
        let four_end = t.find("four").unwrap() + 4;
        assert!(starts_line(t, t.find("three").unwrap()));
        assert!(ends_line(t, four_end));
        assert!(!starts_line(t, t.find("two").unwrap()));
        assert!(!ends_line(t, t.find("one").unwrap() + 3));
        // The `p` of `<p>` is a letter on the line.
        assert!(!starts_line(t, t.find("five").unwrap()));
        assert!(starts_line(t, 0) && ends_line(t, t.len()));
    }
}
