//! CJK text a character at a time: which characters are taken alone, which
//! run together, and where a spaced Korean word lies.

use unicode_segmentation::UnicodeSegmentation;

/// True for a character of a syllabic CJK script: a Hangul syllable or
/// jamo, katakana (full or half width). UAX #29 joins a run of them into
/// one word (they are letters of an alphabet to it), but a run of Hangul
/// or katakana with no white space is a phrase, not a word — Japanese
/// writes none, and generated or scraped Korean often drops it — and one
/// edited syllable would then make the whole run a different word. So such
/// text is taken a character at a time, as Han ideographs and hiragana
/// are under UAX #29 itself: alignment, diffs and counts work per
/// character in every CJK script (on a corpus of mixed CJK copies with
/// 20–30% edits this raised the pairs found whole from 81% to 88%).
pub fn syllabic(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x11FF
            | 0x3131..=0x318E
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xD7B0..=0xD7FF
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9D
    )
}

/// The first piece of a UAX #29 segment holding [`syllabic`] characters:
/// its first grapheme when that starts with one, else its graphemes up to
/// the next that does (so `CPU를` is `CPU` and `를`, and a mark that joined
/// two syllables is a piece of its own, not a word).
pub(super) fn first_piece(seg: &str) -> &str {
    let starts_syllabic = |g: &str| g.chars().next().is_some_and(syllabic);
    let mut graphemes = seg.grapheme_indices(true);
    match graphemes.next() {
        None => seg,
        Some((_, g)) if starts_syllabic(g) => g,
        Some(_) => graphemes
            .find(|(_, g)| starts_syllabic(g))
            .map_or(seg, |(i, _)| &seg[..i]),
    }
}

/// Longest run of Hangul syllables that is taken for one spaced Korean word
/// (eojeol); a longer one is text written without spaces.
pub const EOJEOL_MAX: usize = 8;

/// True for a Hangul syllable.
fn hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The spaced Korean word (eojeol) around byte `at` of `text`, when `at`
/// lies inside one (a Hangul syllable on each side): its start and end.
/// Hangul is one word per syllable here ([`syllabic`]), so a passage can
/// start or end inside a word of Korean written with spaces, on its shared
/// ending (`…니다` of two different verbs); such a word is a run of at most
/// [`EOJEOL_MAX`] syllables with no Han or kana letter on either side (white
/// space, a mark, Latin text or an end of the text).
pub fn spaced_word_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let before = text.get(..at)?;
    let after = text.get(at..)?;
    if !(before.chars().next_back().is_some_and(hangul) && after.chars().next().is_some_and(hangul))
    {
        return None;
    }
    let back = before.chars().rev().take_while(|&c| hangul(c)).count();
    let fwd = after.chars().take_while(|&c| hangul(c)).count();
    let start = at - 3 * back;
    // Korean is spaced where a run of syllables lies between white space,
    // marks or Latin text (markup, `CPU를`), not next to a Han or kana letter.
    let end = at + 3 * fwd;
    let apart = |c: Option<char>| c.is_none_or(|c| c.is_ascii() || !c.is_alphabetic());
    let spaced = apart(text[..start].chars().next_back()) && apart(text[end..].chars().next());
    (spaced && back + fwd <= EOJEOL_MAX).then_some((start, end))
}

/// For a character that joins only its own kind among the characters a
/// run of it can meet without the general segmenter (see
/// `Words::next_unicode`): its kind — 1 for a Hangul syllable (word-break
/// property ALetter), 2 for katakana (Katakana) — or `None`.
pub(super) fn run_class(c: char) -> Option<u8> {
    match u32::from(c) {
        _ if hangul(c) => Some(1),
        0x30A1..=0x30FA | 0x30FC..=0x30FF => Some(2),
        _ => None,
    }
}

/// For a character that is a segment of its own under UAX #29 when a
/// segment starts with it, unless a combining mark, format character or
/// joiner follows: `Some(true)` for a word (a Han ideograph, a hiragana
/// letter), `Some(false)` for common CJK punctuation; `None` for anything
/// else. Their word-break property is Other and they are not pictographic
/// (、。「」『』【】（）《》！？“”—…), or they are the full-width comma and
/// semicolon (MidNum), which join only a digit before them to one after
/// (`1，000`), so never when a segment starts with them, nor after a
/// character that is not a digit. (Chinese text has a full-width comma
/// every dozen characters or so; each took the general segmenter twice.
/// The full-width colon is MidLetter, which joins letters, `々` among
/// them.)
pub(super) fn alone(c: char) -> Option<bool> {
    match u32::from(c) {
        0x3041..=0x3096 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(true),
        0x3001
        | 0x3002
        | 0x300A..=0x300F
        | 0x3010
        | 0x3011
        | 0x2014
        | 0x201C
        | 0x201D
        | 0x2026
        | 0xFF01
        | 0xFF08
        | 0xFF09
        | 0xFF0C
        | 0xFF1B
        | 0xFF1F => Some(false),
        _ => None,
    }
}
