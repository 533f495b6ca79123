//! Tests of the X-drop extension: bursts, chance matches at the ends,
//! near-equal words and the global alignment behind the diffs.

use super::*;

struct Toks<'a>(Vec<&'a str>, Vec<&'a str>);

impl Words2 for Toks<'_> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        let (x, y) = (self.0[i], self.1[j]);
        if x == y {
            Sim::Equal
        } else if near_equal(x, y) {
            Sim::Near
        } else {
            Sim::Differ
        }
    }
    fn len_a(&self) -> usize {
        self.0.len()
    }
    fn len_b(&self) -> usize {
        self.1.len()
    }
    fn gap_a(&mut self, i: usize) -> i32 {
        gap_of(self.0[i])
    }
    fn gap_b(&mut self, j: usize) -> i32 {
        gap_of(self.1[j])
    }
}

fn toks<'a>(a: &'a str, b: &'a str) -> Toks<'a> {
    Toks(a.split(' ').collect(), b.split(' ').collect())
}

#[test]
fn extension_bridges_a_burst_and_stops_at_unrelated_text() {
    let a = "a b c d e f g h i j k l m n o p q r s t u v w x y z";
    let b = "a b c d e X Y Z W V k l m n o p q r s t u v 1 2 3 4 5 6 7 8";
    let e = extend(&mut toks(a, b), 5);
    // Through the burst of five, up to "v": 22 words each side.
    assert_eq!((e.a, e.b), (22, 22));
}

#[test]
fn extension_does_not_end_on_a_chance_match() {
    let a = "a b c d e the f g h i j";
    let b = "a b c d e the x y z w q";
    let e = extend(&mut toks(a, b), 5);
    assert_eq!((e.a, e.b), (6, 6));
    // A lone "the" after an edit closes no run of two: the passage ends at "e".
    let a = "a b c d e z the q r s t";
    let b = "a b c d e y the u v w x";
    let e = extend(&mut toks(a, b), 5);
    assert_eq!((e.a, e.b), (5, 5));
    // Two equal words after an edit do end it: two words in a row shared
    // by chance at the same place are rare (see the module doc).
    let a = "a b c d e z of the q r s";
    let b = "a b c d e y of the u v w";
    let e = extend(&mut toks(a, b), 5);
    assert_eq!((e.a, e.b), (8, 8));
}

#[test]
fn one_table_holds_the_global_alignment_of_every_pair_of_prefixes() {
    // What a copy's edge growth relies on (`align::edges`): the table's cell
    // (i, j) is the alignment `global` gives A's first i words and B's first
    // j, score, matches and steps alike.
    let (a, b) = ("a b c d e f 的 g h", "a x c d 的 的 e g modem h");
    let table = Prefixes::fill(&mut toks(a, b));
    let (na, nb) = (a.split(' ').count(), b.split(' ').count());
    for i in 0..=na {
        for j in 0..=nb {
            let (x, y): (Vec<_>, Vec<_>) = (
                a.split(' ').take(i).collect(),
                b.split(' ').take(j).collect(),
            );
            let mut prefix = Toks(x, y);
            let ops = global(&mut prefix);
            let matched = ops
                .iter()
                .filter(|o| matches!(o, Op::Pair(Sim::Equal | Sim::Near)))
                .count();
            let score = score_in(&mut prefix, &ops);
            assert_eq!(table.get(i, j), Some((score, matched)), "cell {i} {j}");
            assert_eq!(table.steps_to(&mut prefix, i, j), ops, "cell {i} {j}");
        }
    }
    // The whole: "a", "c d", one "的", "g", "h" equal, "b"/"x" replaced,
    // "modem" near nothing (B only), "e" on both sides but not in order.
    assert_eq!(table.get(na, nb).map(|(_, m)| m), Some(6));
}

#[test]
fn near_equal_words_are_ocr_errors_not_short_words() {
    assert!(near_equal("modern", "rnodern"));
    assert!(near_equal("letter", "1etter"));
    assert!(near_equal("Secure", "secur"));
    assert!(near_equal("government", "governrnent"));
    assert!(!near_equal("the", "she"));
    assert!(!near_equal("modern", "western"));
}

#[test]
fn global_alignment_lines_up_inserts_and_deletes() {
    let ops = global(&mut toks("a b c d e f", "a b x c d f"));
    use Op::*;
    assert_eq!(
        ops,
        [
            Pair(Sim::Equal),
            Pair(Sim::Equal),
            OnlyB,
            Pair(Sim::Equal),
            Pair(Sim::Equal),
            OnlyA,
            Pair(Sim::Equal)
        ]
    );
}

#[test]
fn a_burst_as_long_as_the_x_drop_allows_is_bridged() {
    // Seven replaced words (−21, within X_DROP): the band used to follow the
    // row's best cell, which inside a burst is the one that skips every
    // word of A, and lost the copy's diagonal after six rows.
    let ends = |a: &str, b: &str| {
        let e = extend(&mut toks(a, b), 5);
        (e.a, e.b)
    };
    assert_eq!(
        ends(
            "a b c d e 1 2 3 4 5 6 7 k l m n o p",
            "a b c d e X Y Z W V U T k l m n o p"
        ),
        (18, 18)
    );
    // Four replaced and three inserted (−18): the copy's path lies three
    // cells off the diagonal at the end of the burst.
    assert_eq!(
        ends(
            "a b c d e 1 2 3 4 k l m n o p q",
            "a b c d e X Y Z W V U T k l m n o p q"
        ),
        (16, 19)
    );
    // Six replaced and two inserted (−44) followed by two equal words
    // (+16) never score above the passage's end before the burst: it ends
    // there.
    assert_eq!(
        ends(
            "a b c d e 1 2 3 4 5 6 k l",
            "a b c d e X Y Z W V U T S R k l"
        ),
        (5, 5)
    );
}

/// `n` words `{tag}0 {tag}1 …` joined by spaces.
fn words(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{tag}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_bridge_crosses_an_insertion_too_long_for_the_x_drop_when_a_copy_follows() {
    // Twelve words, fourteen inserted on side B, then twelve more words.
    let a = format!("{} {}", words("p", 12), words("q", 12));
    let b = format!("{} {} {}", words("p", 12), words("ins", 14), words("q", 12));
    let mut w = toks(&a, &b);
    let mut e = extend(&mut w, 5);
    // The X-drop stops before the insertion (shift 14 > MAX_SHIFT).
    assert_eq!((e.a, e.b), (12, 12));
    assert_eq!(bridge(&mut w, &mut e, (0, 0), 10), 1);
    assert_eq!((e.a, e.b), (24, 38));
    assert_eq!(score_in(&mut w, &e.ops), 24 * MATCH + 14 * GAP);
    assert_eq!(e.ops.iter().filter(|o| **o == Op::OnlyB).count(), 14);
}

#[test]
fn a_bridge_needs_a_continuation_of_ten_equal_words_that_pays_for_the_edit() {
    // Nine words after the insertion: a common phrase, not a copy.
    let a = format!("{} {} x y z", words("p", 12), words("q", 9));
    let b = format!(
        "{} {} {} u v w",
        words("p", 12),
        words("ins", 8),
        words("q", 9)
    );
    let mut w = toks(&a, &b);
    let mut e = extend(&mut w, 5);
    assert_eq!(bridge(&mut w, &mut e, (0, 0), 10), 0);
    assert_eq!((e.a, e.b), (12, 12));
    // Ten words after thirty inserted: they do not pay for the insertion.
    let a = format!("{} {}", words("p", 12), words("q", 10));
    let b = format!("{} {} {}", words("p", 12), words("ins", 30), words("q", 10));
    let mut w = toks(&a, &b);
    let mut e = extend(&mut w, 5);
    assert_eq!(bridge(&mut w, &mut e, (0, 0), 10), 0);
    // Twenty-one words pay for them (84 > 60).
    let a = format!("{} {}", words("p", 12), words("q", 21));
    let b = format!("{} {} {}", words("p", 12), words("ins", 30), words("q", 21));
    let mut w = toks(&a, &b);
    let mut e = extend(&mut w, 5);
    assert_eq!(bridge(&mut w, &mut e, (0, 0), 10), 1);
    assert_eq!((e.a, e.b), (33, 63));
}

#[test]
fn a_rewritten_stretch_is_crossed_only_between_pieces_of_min_words() {
    // Eight words replaced by eight others, between pieces of 12 and 12.
    let a = format!("{} {} {}", words("p", 12), words("old", 8), words("q", 12));
    let b = format!("{} {} {}", words("p", 12), words("new", 8), words("q", 12));
    let mut w = toks(&a, &b);
    let mut e = extend(&mut w, 5);
    assert_eq!((e.a, e.b), (12, 12));
    // A first piece of 12 words is not one of 13.
    assert_eq!(bridge(&mut w, &mut e, (0, 0), 13), 0);
    assert_eq!(bridge(&mut w, &mut e, (0, 0), 12), 1);
    assert_eq!((e.a, e.b), (32, 32));
    assert_eq!(score_in(&mut w, &e.ops), 24 * MATCH + 8 * MISMATCH);
}

/// `n` distinct CJK characters from `from`, as words.
fn cjk_chars(from: u32, n: u32) -> Vec<String> {
    (from..from + n)
        .map(|c| char::from_u32(c).unwrap().to_string())
        .collect()
}

#[test]
fn a_cjk_burst_costs_characters_not_words() {
    // Ten equal characters, a burst of four replaced and six inserted, then
    // eight equal: costing 4·6 + 6·3 = 42 ≤ X_DROP, the burst is crossed and
    // the tail pays for it.
    let head = cjk_chars(0x4E00, 10);
    let tail = cjk_chars(0x4E20, 8);
    let a = [head.clone(), cjk_chars(0x4E10, 4), tail.clone()].concat();
    let b = [head, cjk_chars(0x5E00, 10), tail].concat();
    let refs = |v: &[String]| v.iter().map(String::as_str).collect::<Vec<_>>().join(" ");
    let (a, b) = (refs(&a), refs(&b));
    let mut w = toks(&a, &b);
    let e = extend(&mut w, 10);
    assert_eq!((e.a, e.b), (22, 28));
    assert_eq!(
        score_in(&mut w, &e.ops),
        18 * MATCH + 4 * MISMATCH + 6 * GAP_CJK
    );
    // The same burst of Latin words (six words' gaps: 4·6 + 6·4 = 48)
    // ends the extension where it starts.
    let latin = |v: &str| {
        v.chars()
            .map(|c| format!("w{}", c as u32))
            .collect::<Vec<_>>()
    };
    let (la, lb) = (latin(&a.replace(' ', "")), latin(&b.replace(' ', "")));
    let e = extend(
        &mut Toks(
            la.iter().map(String::as_str).collect(),
            lb.iter().map(String::as_str).collect(),
        ),
        10,
    );
    assert_eq!((e.a, e.b), (10, 10));
}
