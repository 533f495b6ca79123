//! Tests of word iteration: against UAX #29 plus the CJK cut and the
//! hyphen join, on fixed cases and random text.

use super::*;

#[test]
fn a_bom_is_not_part_of_the_first_word() {
    let v: Vec<(usize, &str)> = words("\u{feff}Hello world\r\nx").collect();
    assert_eq!(v, [(3, "Hello"), (9, "world"), (16, "x")]);
}

#[test]
fn ascii_scanner_follows_uax29() {
    for text in [
        "S:t a.b.c e.g. 1,000.5 3;4 don't 'quoted' x_y __ _a a_ 1a a1 a1.b",
        "end. Next,word: (paren) [x]--y a..b 1..2 a'' ''a 'a' 1'2 a:1 1:a",
        "tabs\tand\nnew\r\nlines  café naïve «x» 中文 mixed-ASCII",
        // Plain words closed by white space, the end or one mark.
        "end. word, x' y\" __ _, a.\tb;\n1. 2,\r\nz) q\x01 w: e.é f,’ g.",
    ] {
        assert_eq!(words(text).collect::<Vec<_>>(), uax_words(text), "{text}");
    }
}

#[test]
fn a_word_broken_by_a_hyphen_at_a_line_end_is_one_word() {
    let text = "the docu-\n   mented way, pack-\r\n\taging.\nwell-known Jean-\nPaul ISO-\n8859 end-\n\nnext (par-\nen) x-\ny Überset‐\n zung 7-\nb DOCU-\nMENTED Ab-\nC";
    let v: Vec<&str> = words(text).map(|w| w.1).collect();
    assert_eq!(
        v,
        [
            "the",
            "docu-\n   mented",
            "way",
            "pack-\r\n\taging",
            "well",
            "known",
            "Jean",
            "Paul",
            "ISO",
            "8859",
            "end",
            "next",
            "par-\nen",
            "x-\ny",
            "Überset‐\n zung",
            "7",
            "b",
            "DOCU-\nMENTED",
            "Ab",
            "C"
        ]
    );
    assert_eq!(v, uax_words(text).iter().map(|w| w.1).collect::<Vec<_>>());
    let key = |w: &str| crate::segment::normalize(w);
    assert_eq!(key("docu-\n   mented"), "documented");
    assert_eq!(key("Pack-\r\n\tAging"), "packaging");
    assert_eq!(key("Überset‐\n zung"), "übersetzung");
    assert_eq!(key("DOCU-\nMENTED"), key("docu-\n mented"));
    let mut s = String::new();
    let hash = |w: &str, s: &mut String| crate::segment::key_hash(w, s);
    assert_eq!(hash("docu-\n   mented", &mut s), hash("documented", &mut s));
    let seed = |w: &str, s: &mut String| crate::segment::seed_hash(w, s);
    assert_eq!(
        seed("docu-\n   rnented", &mut s),
        seed("documented", &mut s)
    );
}

#[test]
fn a_segment_longer_than_the_first_window_is_found_whole() {
    // 1,500 bytes of accented Latin letters (one segment), then 600 of
    // Cyrillic (another), between ideographs: the window grows twice.
    let text = format!("日{}本{}語", "é".repeat(750), "ж".repeat(300));
    let v: Vec<(usize, &str)> = words(&text).collect();
    let uax = uax_words(&text);
    assert_eq!(v, uax);
    assert_eq!(v.len(), 5);
    assert_eq!(v[1].1.len(), 1500);
}

#[test]
fn hangul_and_katakana_are_taken_a_character_at_a_time() {
    let text = "대상에서 CPU를 カード、ｶｰﾄﾞ 가.나 한국abc어 ガ";
    let v: Vec<&str> = words(text).map(|w| w.1).collect();
    assert_eq!(
        v,
        [
            "대", "상", "에", "서", "CPU", "를", "カ", "ー", "ド", "ｶ", "ｰ", "ﾄﾞ", "가", "나", "한",
            "국", "abc", "어", "ガ"
        ]
    );
    assert_eq!(v, uax_words(text).iter().map(|w| w.1).collect::<Vec<_>>());
    // A long run, as in a line of text with no white space.
    let long = "ア".repeat(500);
    assert_eq!(words(&long).count(), 500);
    assert!(words(&long).all(|(at, w)| w == "ア" && at % 3 == 0));
}

#[test]
fn a_long_ascii_piece_gives_the_same_words() {
    // 6 kB without white space (minified markup, a list in one line):
    // past `LONG_PIECE` it is segmented as non-ASCII text is.
    let piece: String = (0..800).map(|i| format!("w{i},x.y;{i}:")).collect();
    let text = format!("start {piece} end");
    assert!(piece.len() > 4 * LONG_PIECE);
    let v: Vec<(usize, &str)> = words(&text).collect();
    let uax = uax_words(&text);
    assert_eq!(v, uax);
    // A search index of minified JSON, as an mdBook writes it: read in
    // parts, each ending after a `{`, `}` or `[` whatever the words.
    let json: String = (0..300)
        .map(|i| format!("\"w{i}\":{{\"df\":{i},\"docs\":{{\"{i}\":{{\"tf\":1.0}}}}}},"))
        .collect();
    let text = format!("window.search = JSON.parse('{{{json}}}');");
    assert!(text.len() > 4 * LONG_PIECE);
    assert_eq!(words(&text).collect::<Vec<_>>(), uax_words(&text));
    assert_eq!(ascii_cut(b"ab{cd"), Some(3));
    assert_eq!(ascii_cut(b"ab.cd:e,f"), None);
    assert_eq!(ascii_cut(b"ab-cd"), None);
    assert_eq!(ascii_cut(b"ab{"), None);
}

/// Characters around the CJK fast path: ideographs, kana, Hangul, CJK
/// and full-width punctuation (some of them joining letters or digits),
/// combining marks, format characters, joiners, emoji, regional
/// indicators, Latin, digits, spaces and ASCII marks.
const MIXED: &[char] = &[
    '日', '本', '语', '中', '㐀', '龥', 'あ', 'ゖ', 'ぁ', 'ア', 'ン', 'ー', 'ｱ', '한', '국', '、',
    '。', '「', '」', '『', '』', '【', '】', '（', '）', '！', '？', '，', '：', '；', '．', '＇',
    '・', '々', '〃', '〆', 'ゝ', '゛', '\u{3099}', '\u{309A}', '\u{0301}', '\u{200D}', '\u{200B}',
    '\u{FE0F}', '\u{00AD}', '\u{2060}', '😀', '🇯', '🇵', 'é', 'ß', 'Ａ', '１', '٣', 'a', 'Z', '7',
    '’', '“', '”', '《', '》', '—', '…', '_', '.', ',', '\'', ':', '-',
    // The last ten may be left out (a long piece has no white space).
    ' ', '\n', '_', '.', ',', '\'', ':', '-', ' ', '\n',
];

/// Mostly ASCII prose: letters and digits (often, so that words run past
/// the eight bytes the tokenizer reads at once), `_`, the marks that join
/// or close words, white space, and a few non-ASCII characters (a letter,
/// an ideograph, a combining mark, a soft hyphen, DEL and a control).
const PROSE: &[char] = &[
    'a', 'e', 'n', 't', 'x', 'Q', 'Z', '0', '9', 'a', 'e', 'n', 't', 'r', 's', 'o', 'i', 'l', '_',
    '.', ',', ';', ':', '\'', '"', '-', '!', '(', ')', '@', '`', '{', '[', '/', ' ', ' ', ' ',
    '\n', '\t', 'é', '日', '\u{0301}', '\u{00AD}', '\u{7F}', '\u{1}',
];

/// Minified JSON and markup: letters, digits and every ASCII mark, no
/// white space (pieces longer than `LONG_PIECE` are read in parts).
const MINIFIED: &[char] = &[
    'a', 'e', 'n', 't', 'Q', 'Z', '0', '1', '9', 'a', 'e', 'n', 't', '0', '1', '_', '.', ',', ';',
    ':', '\'', '"', '-', '!', '#', '$', '%', '&', '(', ')', '*', '+', '/', '<', '=', '>', '?', '@',
    '[', '\\', ']', '^', '`', '{', '|', '}', '~',
];

/// Non-ASCII characters met among minified ASCII: letters, an ideograph,
/// kana, dashes and quotes, a combining mark, joiners, a format
/// character, an emoji and a regional indicator.
const MARKED: &[char] = &[
    'é', '日', 'ア', '—', '’', '“', '\u{0301}', '\u{200D}', '\u{200B}', '\u{00AD}', '😀', '🇯',
];

/// Characters around words broken by a hyphen at a line end.
const HYPHENS: &[char] = &[
    'a', 'b', 'Z', 'é', 'Ü', 'ß', '7', '日', 'ア', '-', '-', '\u{2010}', '\u{2011}', ' ', ' ',
    '\n', '\n', '\t', '\r', '.', '\'', '\u{00AD}', '\u{0301}',
];

/// The words of `text` as UAX #29 and [`is_word`] give them, each
/// segment holding a [`syllabic`] character cut into its graphemes,
/// with the other graphemes between them kept together.
fn uax_words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (at, seg) in text.split_word_bound_indices() {
        if !seg.chars().any(syllabic) {
            out.push((at, seg));
            continue;
        }
        let mut run: Option<usize> = None;
        for (i, g) in seg.grapheme_indices(true) {
            if g.chars().next().is_some_and(syllabic) {
                if let Some(r) = run.take() {
                    out.push((at + r, &seg[r..i]));
                }
                out.push((at + i, g));
            } else {
                run.get_or_insert(i);
            }
        }
        if let Some(r) = run {
            out.push((at + r, &seg[r..]));
        }
    }
    out.retain(|(_, w)| is_word(w));
    join_hyphenated(text, out)
}

/// `words` with each word broken by a hyphen at a line end joined to
/// its second half (see `Words::joined`): a first word ending in a
/// cased letter, closed by `-` or U+2010, white space with one line
/// break (spaces, tabs and carriage returns before it, spaces and tabs
/// after), and a next word starting there with a letter of the case
/// the first ends with.
fn join_hyphenated<'t>(text: &'t str, words: Vec<(usize, &'t str)>) -> Vec<(usize, &'t str)> {
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    let gap_ok = |gap: &str| {
        let (before, after) = gap.split_once('\n').unwrap_or((gap, "\n"));
        before.chars().all(|c| matches!(c, ' ' | '\t' | '\r'))
            && after.chars().all(|c| matches!(c, ' ' | '\t'))
    };
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (s1, w1) = words[i];
        let e1 = s1 + w1.len();
        if let Some(&(s2, w2)) = words.get(i + 1) {
            let hyphen = text[e1..]
                .chars()
                .next()
                .filter(|&c| c == '-' || c == '\u{2010}');
            let joined = hyphen.is_some_and(|h| {
                let (a, b) = (w1.chars().next_back(), w2.chars().next());
                e1 + h.len_utf8() < s2
                    && gap_ok(&text[e1 + h.len_utf8()..s2])
                    && a.is_some_and(cased)
                    && b.is_some_and(cased)
                    && a.is_some_and(char::is_uppercase) == b.is_some_and(char::is_uppercase)
            });
            if joined {
                out.push((s1, &text[s1..s2 + w2.len()]));
                i += 2;
                continue;
            }
        }
        out.push((s1, w1));
        i += 1;
    }
    out
}

/// The text of `picks` (indices into [`MIXED`]), and whether [`words`]
/// gives the same words as UAX #29 on it.
fn same_words(picks: &[usize]) -> (String, bool) {
    same_words_of(MIXED, picks)
}

/// The text of `picks` (indices into `alphabet`), and whether [`words`]
/// gives the same words as UAX #29 on it.
fn same_words_of(alphabet: &[char], picks: &[usize]) -> (String, bool) {
    let text: String = picks.iter().map(|&i| alphabet[i]).collect();
    let same = words(&text).collect::<Vec<_>>() == uax_words(&text);
    (text, same)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
    #[test]
    fn words_follow_uax29_on_mixed_cjk_text(
        picks in proptest::collection::vec(0..MIXED.len(), 0..24)
    ) {
        let (text, same) = same_words(&picks);
        proptest::prop_assert!(same, "{:?}", text);
    }

    /// Words broken by a hyphen at a line end, among cased and uncased
    /// letters, digits, marks and every kind of white space.
    #[test]
    fn hyphen_joins_follow_the_reference(
        picks in proptest::collection::vec(0..HYPHENS.len(), 0..20)
    ) {
        let (text, same) = same_words_of(HYPHENS, &picks);
        proptest::prop_assert!(same, "{:?}", text);
    }

    /// Mostly ASCII prose, words of every length (the eight-byte scan of
    /// `swar` and the byte-at-a-time end of a text).
    #[test]
    fn words_follow_uax29_on_ascii_prose(
        picks in proptest::collection::vec(0..PROSE.len(), 0..80)
    ) {
        let (text, same) = same_words_of(PROSE, &picks);
        proptest::prop_assert!(same, "{:?}", text);
    }

    /// Long ASCII pieces (minified JSON or markup, 1–5 kB): read in
    /// parts cut after marks that part words, with the same words.
    #[test]
    fn words_follow_uax29_on_long_ascii_pieces(
        picks in proptest::collection::vec(0..MINIFIED.len(), 1000..5000),
        tail in proptest::collection::vec(0..MIXED.len(), 0..8)
    ) {
        let mut text: String = picks.iter().map(|&i| MINIFIED[i]).collect();
        text.extend(tail.iter().map(|&i| MIXED[i]));
        let same = words(&text).collect::<Vec<_>>() == uax_words(&text);
        proptest::prop_assert!(same, "{:?}", text);
    }

    /// The same with non-ASCII characters among the marks (an index's
    /// `"—"` and `"’"` terms; a combining mark or a joiner after `{`): the
    /// general segmenter hands back to the ASCII scanner at the next mark
    /// that parts words, with the same words.
    #[test]
    fn words_follow_uax29_on_long_pieces_with_some_unicode(
        picks in proptest::collection::vec(0..MINIFIED.len() + MARKED.len() / 4, 1000..3000),
        marked in proptest::collection::vec(0..MARKED.len(), 3000)
    ) {
        let text: String = picks
            .iter()
            .zip(&marked)
            .map(|(&i, &m)| MINIFIED.get(i).copied().unwrap_or(MARKED[m]))
            .collect();
        let same = words(&text).collect::<Vec<_>>() == uax_words(&text);
        proptest::prop_assert!(same, "{:?}", text);
    }

    /// Long pieces (no white space, up to 2 kB): segments found in
    /// windows that grow, as in a line of CJK text.
    #[test]
    fn words_follow_uax29_on_long_pieces(
        picks in proptest::collection::vec(0..MIXED.len() - 10, 100..700)
    ) {
        let (text, same) = same_words(&picks);
        proptest::prop_assert!(same, "{:?}", text);
    }
}
