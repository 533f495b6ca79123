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
    masks_may_be_near(letter_mask(x), letter_mask(y)) && near_equal_unmasked(x, y)
}

/// [`near_equal`] for two words whose [`letter_mask`]s already passed
/// [`masks_may_be_near`] (alignment caches the masks per word).
pub fn near_equal_unmasked(x: &str, y: &str) -> bool {
    // Folded words longer than this are compared in full only when their
    // lengths already allow it (never in practice: such words are rare).
    const MAX: usize = 48;
    let (mut a, mut b) = ([0 as char; MAX], [0 as char; MAX]);
    let (Some(nx), Some(ny)) = (ocr_fold(x, &mut a), ocr_fold(y, &mut b)) else {
        return false;
    };
    if nx.min(ny) < 4 {
        return false;
    }
    let max = if nx.min(ny) >= 8 { 2 } else { 1 };
    if nx.abs_diff(ny) > max {
        return false;
    }
    bounded_levenshtein(&a[..nx], &b[..ny], max)
}

/// The mask of a word that is not ASCII: compatible with every mask.
pub const ANY_LETTERS: u32 = u32::MAX;

/// False when two words with these [`letter_mask`]s cannot be near-equal:
/// each edit adds or removes at most one letter of the set on either side,
/// so two edits change at most four.
pub fn masks_may_be_near(x: u32, y: u32) -> bool {
    x == ANY_LETTERS || y == ANY_LETTERS || (x ^ y).count_ones() <= 4
}

/// The set of letters of an ASCII word, with the letters OCR confuses
/// sharing a bit (`r`, `n`, `m`; `v`, `w`; `c`, `d`, `l`, `1`, `|`, `!`; `o`,
/// `0`; `s`, `5`), as a bit mask ([`ANY_LETTERS`] for other words). Cheap:
/// rules out most word pairs before they are folded and measured.
pub fn letter_mask(x: &str) -> u32 {
    if !x.is_ascii() {
        return ANY_LETTERS;
    }
    x.bytes().fold(0u32, |m, c| {
        let c = match c.to_ascii_lowercase() {
            b'n' | b'm' => b'r',
            b'w' => b'v',
            b'd' | b'l' | b'1' | b'|' | b'!' => b'c',
            b'0' => b'o',
            b'5' => b's',
            c => c,
        };
        if c.is_ascii_lowercase() {
            m | 1 << (c - b'a')
        } else {
            m
        }
    })
}

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

/// Levenshtein distance `<= max` (adjacent transpositions count as one edit),
/// without allocating (words longer than 48 characters are never near-equal).
fn bounded_levenshtein(a: &[char], b: &[char], max: usize) -> bool {
    const W: usize = 49;
    let (n, m) = (a.len(), b.len());
    if m >= W {
        return false;
    }
    let mut prev2 = [usize::MAX / 2; W];
    let mut prev = [0usize; W];
    for (j, p) in prev.iter_mut().enumerate().take(m + 1) {
        *p = j;
    }
    let mut cur = [0usize; W];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
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
