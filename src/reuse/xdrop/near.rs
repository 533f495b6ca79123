//! Near-equal words: two words with different keys that are the same word
//! misread or mistyped (OCR confusions, a dropped or doubled letter), which
//! alignment credits [`super::NEAR`] instead of a mismatch.

/// True when two words with different keys are near-equal: both at least four
/// characters, and at most one edit apart (two for words of eight characters
/// or more), comparing case-insensitively after folding the characters OCR
/// confuses (`rn`→`m`, `vv`→`w`, `cl`→`d`, `1`/`|`→`l`, `0`→`o`, `5`→`s`).
/// Short words are never near-equal ("the" and "she" are different words,
/// not a typing error), nor are words of fewer than three letters (numbers
/// and codes: "2015" and "2016" are different facts).
pub fn near_equal(x: &str, y: &str) -> bool {
    masks_may_be_near_for(letter_mask(x), letter_mask(y), x.len(), y.len())
        && near_equal_unmasked(x, y)
}

/// [`near_equal`] for two words whose [`letter_mask`]s already passed
/// [`masks_may_be_near`] (alignment caches the masks per word).
pub fn near_equal_unmasked(x: &str, y: &str) -> bool {
    if x.is_ascii() && y.is_ascii() {
        // Most words: folded byte by byte, into arrays a quarter the size.
        let (mut a, mut b) = ([0u8; MAX], [0u8; MAX]);
        let (Some(nx), Some(ny)) = (
            ocr_fold_ascii(x.as_bytes(), &mut a),
            ocr_fold_ascii(y.as_bytes(), &mut b),
        ) else {
            return false;
        };
        return near_lengths(nx, ny)
            .is_some_and(|max| bounded_levenshtein(&a[..nx], &b[..ny], max));
    }
    near_equal_chars(x, y)
}

/// [`near_equal_unmasked`] character by character (any text).
fn near_equal_chars(x: &str, y: &str) -> bool {
    let (mut a, mut b) = ([0 as char; MAX], [0 as char; MAX]);
    let (Some(nx), Some(ny)) = (ocr_fold(x, &mut a), ocr_fold(y, &mut b)) else {
        return false;
    };
    near_lengths(nx, ny).is_some_and(|max| bounded_levenshtein(&a[..nx], &b[..ny], max))
}

/// Folded words longer than this are never near-equal (such words are rare:
/// codes, hashes, URLs).
const MAX: usize = 48;

/// The edits allowed between folded words of `nx` and `ny` characters, or
/// `None` when their lengths already rule them out (see [`near_equal`]).
fn near_lengths(nx: usize, ny: usize) -> Option<usize> {
    if nx.min(ny) < 4 {
        return None;
    }
    let max = if nx.min(ny) >= 8 { 2 } else { 1 };
    (nx.abs_diff(ny) <= max).then_some(max)
}

/// The mask of a word that is not ASCII: compatible with every mask.
pub const ANY_LETTERS: u32 = u32::MAX;

/// The mask of an ASCII word of fewer than three letters (a number, a date,
/// a version, a code): never near-equal to anything (see [`near_equal`]).
/// Such words have no letter bits to tell them apart, so without it every
/// two numbers were folded and measured (a sixth of the CPU on
/// /usr/share/doc, whose copyright files list years by the hundred).
pub const FEW_LETTERS: u32 = 1 << 30;

/// False when two words with these [`letter_mask`]s cannot be near-equal:
/// each edit adds or removes at most one letter of the set on either side,
/// so two edits change at most four; a word of [`FEW_LETTERS`] is never
/// near-equal.
pub fn masks_may_be_near(x: u32, y: u32) -> bool {
    masks_within(x, y, 4)
}

/// [`masks_may_be_near`] for words of `lx` and `ly` bytes: when either is
/// shorter than eight bytes its folded form is too, so at most one edit is
/// allowed and the masks may differ in at most two letters. The mask of a
/// word is that of its folded form (the fold maps letters within the
/// mask's shared bits), and one edit adds a letter, removes one, or both.
/// On documentation folders most short words ("name", "users") passed the
/// four-letter test and were folded and measured for nothing.
pub fn masks_may_be_near_for(x: u32, y: u32, lx: usize, ly: usize) -> bool {
    masks_within(x, y, if lx.min(ly) < 8 { 2 } else { 4 })
}

/// True when neither mask rules the pair out and they differ in at most
/// `bits` letters.
fn masks_within(x: u32, y: u32, bits: u32) -> bool {
    if x == FEW_LETTERS || y == FEW_LETTERS {
        return false;
    }
    x == ANY_LETTERS || y == ANY_LETTERS || (x ^ y).count_ones() <= bits
}

/// The set of letters of an ASCII word, with the letters OCR confuses
/// sharing a bit (`r`, `n`, `m`; `v`, `w`; `c`, `d`, `l`, `1`, `|`, `!`; `o`,
/// `0`; `s`, `5`), as a bit mask ([`ANY_LETTERS`] for other words,
/// [`FEW_LETTERS`] for an ASCII word of fewer than three letters). Cheap:
/// rules out most word pairs before they are folded and measured.
pub fn letter_mask(x: &str) -> u32 {
    let mut mask = 0u32;
    let mut letters = 0usize;
    for &c in x.as_bytes() {
        let Some(&bit) = LETTER_BITS.get(c as usize) else {
            return ANY_LETTERS;
        };
        mask |= bit;
        letters += usize::from(c.is_ascii_alphabetic());
    }
    if letters < 3 { FEW_LETTERS } else { mask }
}

/// The bit of each ASCII byte in [`letter_mask`] (0 for a byte that is no
/// letter and is not read as one), a table: masks are taken of most words
/// alignment compares with differing keys.
static LETTER_BITS: [u32; 128] = {
    let mut t = [0u32; 128];
    let mut i = 0;
    while i < 128 {
        let c = match (i as u8).to_ascii_lowercase() {
            b'n' | b'm' => b'r',
            b'w' => b'v',
            b'd' | b'l' | b'1' | b'|' | b'!' => b'c',
            b'0' => b'o',
            b'5' => b's',
            c => c,
        };
        if c.is_ascii_lowercase() {
            t[i] = 1 << (c - b'a');
        }
        i += 1;
    }
    t
};

/// Lower case with OCR confusions folded (see [`near_equal`]) into `out`:
/// the folded length, or `None` when the word has fewer than three letters
/// or does not fit.
fn ocr_fold(x: &str, out: &mut [char]) -> Option<usize> {
    let mut n = 0usize;
    let mut letters = 0usize;
    let mut push = |c: char, n: &mut usize| -> Option<()> {
        *out.get_mut(*n)? = c;
        *n += 1;
        Some(())
    };
    let mut chars = x.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            letters += 1;
        }
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        };
        let next = chars.peek().map(|d| d.to_ascii_lowercase());
        let folded = match (c, next) {
            ('r', Some('n')) | ('v', Some('v')) | ('c', Some('l')) => {
                let f = match c {
                    'r' => 'm',
                    'v' => 'w',
                    _ => 'd',
                };
                chars.next();
                f
            }
            ('1' | '|' | '!', _) => 'l',
            ('0', _) => 'o',
            ('5', _) => 's',
            (c, _) => c,
        };
        push(folded, &mut n)?;
    }
    (letters >= 3).then_some(n)
}

/// [`ocr_fold`] of an ASCII word, byte by byte (the same fold: ASCII letters
/// are the only alphabetic ASCII characters, and lower-case the same way).
fn ocr_fold_ascii(x: &[u8], out: &mut [u8]) -> Option<usize> {
    let (mut n, mut letters, mut i) = (0usize, 0usize, 0usize);
    while i < x.len() {
        let c = x[i].to_ascii_lowercase();
        letters += usize::from(c.is_ascii_alphabetic());
        let next = x.get(i + 1).map(u8::to_ascii_lowercase);
        let folded = match (c, next) {
            (b'r', Some(b'n')) | (b'v', Some(b'v')) | (b'c', Some(b'l')) => {
                i += 1;
                match c {
                    b'r' => b'm',
                    b'v' => b'w',
                    _ => b'd',
                }
            }
            (b'1' | b'|' | b'!', _) => b'l',
            (b'0', _) => b'o',
            (b'5', _) => b's',
            (c, _) => c,
        };
        *out.get_mut(n)? = folded;
        n += 1;
        i += 1;
    }
    (letters >= 3).then_some(n)
}

/// Levenshtein distance `<= max` (adjacent transpositions count as one edit),
/// without allocating (words longer than 48 characters are never
/// near-equal). Distances fit in a byte (at most 48 + 48).
fn bounded_levenshtein<T: PartialEq>(a: &[T], b: &[T], max: usize) -> bool {
    const W: usize = MAX + 1;
    let (n, m) = (a.len(), b.len());
    if m >= W || n >= W {
        return false;
    }
    let max = max.min(200) as u8;
    let mut prev2 = [200u8; W];
    let mut prev = [0u8; W];
    for (j, p) in prev.iter_mut().enumerate().take(m + 1) {
        *p = j as u8;
    }
    let mut cur = [0u8; W];
    for i in 1..=n {
        cur[0] = i as u8;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_are_judged_as_character_by_character() {
        // Words and their OCR-like and typing variants: every pair of them,
        // both orders, through the byte path and the character path.
        let base = [
            "modern",
            "government",
            "permission",
            "license",
            "Secure",
            "letter",
            "the",
            "clause",
            "warranty",
            "5ection",
            "c0pyright",
            "rnodern",
            "vvhich",
            "which",
            "1icense",
            "licence",
            "licenses",
            "licnese",
            "governrnent",
            "gov3rnment",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
            "2015",
            "2016",
            "form",
            "from",
            "clear",
            "dear",
            "|etter",
            "!etter",
            "GOVERNMENT",
            "mod-ern",
        ];
        let mut checked = 0;
        for x in base {
            for y in base {
                assert_eq!(
                    near_equal_unmasked(x, y),
                    near_equal_chars(x, y),
                    "{x} / {y}"
                );
                checked += usize::from(near_equal_chars(x, y));
                // The masks never rule out a near pair.
                if near_equal_chars(x, y) {
                    let (mx, my) = (letter_mask(x), letter_mask(y));
                    assert!(masks_may_be_near_for(mx, my, x.len(), y.len()), "{x} / {y}");
                }
            }
        }
        assert!(checked > 20, "{checked} near pairs");
    }

    #[test]
    fn a_mask_holds_each_letter_read_with_its_confusions() {
        // W reads as v, d and | as c, 5 as s; the digit and the bar are no
        // letters, but W, o, r, d are four.
        let bit = |c: u8| 1u32 << (c - b'a');
        assert_eq!(
            letter_mask("Word|5"),
            bit(b'v') | bit(b'o') | bit(b'r') | bit(b'c') | bit(b's')
        );
        assert_eq!(letter_mask("rnn"), bit(b'r'));
        assert_eq!(letter_mask("naïve"), ANY_LETTERS);
        assert_eq!(letter_mask("a-b"), FEW_LETTERS);
    }

    #[test]
    fn masks_rule_out_short_words_two_letters_apart_and_numbers() {
        let m = letter_mask;
        // "name" {a, e, r (n, m)} and "users" {e, r, s, u}: three letters
        // apart, one edit allowed at this length.
        assert!(masks_may_be_near(m("name"), m("users")));
        assert!(!masks_may_be_near_for(m("name"), m("users"), 4, 5));
        // Eight bytes or more: two edits, four letters.
        assert!(masks_may_be_near_for(
            m("governments"),
            m("government"),
            11,
            10
        ));
        // Fewer than three letters: never near-equal.
        assert_eq!(m("2015"), FEW_LETTERS);
        assert_eq!(m("v2"), FEW_LETTERS);
        assert!(!masks_may_be_near(m("2015"), m("2016")));
        assert!(!masks_may_be_near(m("2015"), ANY_LETTERS));
        assert_ne!(m("c0pyright"), FEW_LETTERS);
    }
}
