//! What is done to a planted copy: the light edit model ([`edit`]), the
//! harsh one ([`harsh_edit`] and whole-copy [`transform`]s), re-wrapping and
//! OCR-like character noise ([`ocr_noise`], applied to all text).

use super::prose::Vocabulary;
use super::rng::Rng;

/// Applies light edits to a passage: replaced, dropped and inserted words,
/// case and punctuation changes.
pub(super) fn edit(text: &str, v: &Vocabulary, rng: &mut Rng, rate: f64) -> String {
    let mut out: Vec<String> = Vec::new();
    let words: Vec<&str> = text.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        // Never touch the first and last two words, so the copy's extent is
        // the source's.
        let inner = i >= 2 && i + 2 < words.len();
        if inner && rng.chance(rate) {
            match rng.below(3) {
                0 => out.push(v.word(rng).to_string()),
                1 => {}
                _ => {
                    out.push(w.to_string());
                    out.push(v.word(rng).to_string());
                }
            }
        } else if inner && rng.chance(0.03) {
            out.push(w.to_uppercase());
        } else if inner && rng.chance(0.03) {
            out.push(format!("{w};"));
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

/// Re-wraps text at about `width` columns.
pub(super) fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in text.split(' ') {
        if col > 0 && col + 1 + w.len() > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

/// Units of a passage for editing: words (split at spaces) or CJK characters.
fn units(text: &str, cjk: bool) -> Vec<String> {
    if cjk {
        text.chars().map(String::from).collect()
    } else {
        text.split(' ').map(String::from).collect()
    }
}

/// The harsh edit model: about `rate` of the units are edited (replaced,
/// dropped, or followed by an inserted unit); half of the edit events are
/// bursts of 3–5 neighbouring units. The first and last unit stay, so the
/// copy's extent is the source's.
pub(super) fn harsh_edit(
    text: &str,
    cjk: bool,
    rate: f64,
    filler: &mut dyn FnMut(&mut Rng) -> String,
    rng: &mut Rng,
) -> String {
    let u = units(text, cjk);
    let n = u.len();
    let mut out: Vec<String> = Vec::with_capacity(n + 8);
    let mut burst = 0usize;
    for (i, w) in u.iter().enumerate() {
        let inner = i >= 1 && i + 1 < n;
        // A burst of b edits starts with probability rate / (mean length) so
        // that about `rate` of the units are edited overall.
        if inner && burst == 0 && rng.chance(rate / 2.5) {
            burst = if rng.chance(0.5) { rng.range(3, 5) } else { 1 };
        }
        if inner && burst > 0 {
            burst -= 1;
            match rng.below(3) {
                0 => out.push(filler(rng)),
                1 => {}
                _ => {
                    out.push(w.clone());
                    out.push(filler(rng));
                }
            }
        } else {
            out.push(w.clone());
        }
    }
    out.join(if cjk { "" } else { " " })
}

/// Whole-copy transforms of the harsh model: lower or upper case, toggled
/// initial case, dropped or swapped punctuation, straight↔curly quotes.
pub(super) fn transform(text: &str, rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => text.to_lowercase(),
        1 => text.to_uppercase(),
        2 => text
            .split(' ')
            .map(|w| {
                if rng.chance(0.3) {
                    let mut c = w.chars();
                    match c.next() {
                        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
                        Some(f) => f.to_lowercase().chain(c).collect(),
                        None => String::new(),
                    }
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        3 => text.replace([',', ';'], ""),
        4 => text
            .replace(',', ";")
            .replace("。", "．")
            .replace('，', "、"),
        _ => {
            let mut open = true;
            text.chars()
                .map(|c| {
                    if c == '"' {
                        open = !open;
                        if open { '”' } else { '“' }
                    } else if c == '\'' {
                        '’'
                    } else {
                        c
                    }
                })
                .collect()
        }
    }
}

/// OCR-like character noise at `rate` per character: confusable letters
/// (rn↔m, l↔1, e↔c, o↔0), dropped or doubled letters, a word split by a
/// hyphen and a line break.
pub fn ocr_noise(text: &str, rate: f64, rng: &mut Rng) -> String {
    if rate <= 0.0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphanumeric() || !rng.chance(rate) {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        match (c, next, rng.below(4)) {
            ('r', 'n', _) => {
                out.push('m');
                i += 2;
                continue;
            }
            ('m', _, _) => out.push_str("rn"),
            ('l', _, _) => out.push('1'),
            ('e', _, _) => out.push('c'),
            ('o', _, _) => out.push('0'),
            (_, _, 0) => {}
            (_, _, 1) => {
                out.push(c);
                out.push(c);
            }
            (_, n, 2) if n.is_alphabetic() && c.is_alphabetic() => {
                out.push(c);
                out.push_str("-\n");
            }
            _ => {
                out.push(c);
                out.push(c);
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrap_breaks_before_the_word_that_would_pass_the_width() {
        assert_eq!(rewrap("aaa bbb ccc ddd", 7), "aaa bbb\nccc ddd");
        assert_eq!(rewrap("aaa bbb ccc ddd", 6), "aaa\nbbb\nccc\nddd");
        assert_eq!(rewrap("aaaaaaaaaa b", 4), "aaaaaaaaaa\nb");
    }

    #[test]
    fn units_are_words_or_cjk_characters() {
        assert_eq!(units("one two  three", false), ["one", "two", "", "three"]);
        assert_eq!(units("中文字", true), ["中", "文", "字"]);
    }

    #[test]
    fn ocr_noise_swaps_confusable_letters() {
        let mut rng = Rng::new(3);
        assert_eq!(ocr_noise("mole rn", 0.0, &mut rng), "mole rn");
        // At rate 1 every letter is misread; these have one misreading each.
        assert_eq!(ocr_noise("mole rn", 1.0, &mut rng), "rn01c m");
        assert_eq!(ocr_noise("-- !", 1.0, &mut rng), "-- !");
    }

    #[test]
    fn harsh_edits_keep_the_first_and_last_unit() {
        let text = "first a b c d e f g h i j last";
        let mut filler = |_: &mut Rng| "X".to_string();
        let mut changed = 0;
        for seed in 0..50 {
            let mut rng = Rng::new(seed);
            assert_eq!(harsh_edit(text, false, 0.0, &mut filler, &mut rng), text);
            let e = harsh_edit(text, false, 1.0, &mut filler, &mut rng);
            assert!(e.starts_with("first ") && e.ends_with(" last"), "{e}");
            changed += usize::from(e != text);
            let c = harsh_edit("中文字句", true, 1.0, &mut filler, &mut rng);
            assert!(c.starts_with('中') && c.ends_with('句'), "{c}");
        }
        assert!(changed > 40, "{changed}");
    }

    #[test]
    fn transforms_are_case_punctuation_or_quote_changes() {
        let text = "Say \"Hi\", it's";
        let fixed = [
            "say \"hi\", it's",
            "SAY \"HI\", IT'S",
            "Say \"Hi\" it's",
            "Say \"Hi\"; it's",
            "Say “Hi”, it’s",
        ];
        let mut seen = [false; 5];
        for seed in 0..200 {
            let t = transform(text, &mut Rng::new(seed));
            match fixed.iter().position(|f| *f == t) {
                Some(i) => seen[i] = true,
                // Else initial letters toggled, nothing more.
                None => assert_eq!(t.to_lowercase(), text.to_lowercase(), "{t}"),
            }
        }
        assert_eq!(seen, [true; 5]);
    }
}
