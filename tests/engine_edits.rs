//! Issue 9: alignment that survives real edits (bursts, edits at the ends,
//! near-equal words), one copy as one occurrence, and a text repeated inside
//! one document. Expected extents are found in the text, not by the engine.

use refrain::reuse::diff::{DiffKind, diff_passages};
use refrain::reuse::{Analysis, Cluster, Passage};

mod engine_support;
use engine_support::{filler, passage, run, span};

/// `a` and `b`, each ended by a full stop, in two documents between fillers of
/// 20 words (`b` on a new line).
fn two_docs(a: &[String], b: &[String]) -> Analysis {
    run(&[
        format!("{} {}. {}", filler("a", 20), a.join(" "), filler("b", 20)),
        format!("{}\n{}. {}", filler("c", 20), b.join(" "), filler("d", 20)),
    ])
}

/// The texts of two documents: `texts[0]` between fillers tagged `a` and `b`,
/// `texts[1]` between fillers tagged `c` and `d`, each filler of `n` words, as
/// filler, `before`, text, `after`, filler.
fn framed(n: usize, before: &str, after: &str, texts: [&str; 2]) -> [String; 2] {
    let [x, y] = texts;
    [
        format!("{}{before}{x}{after}{}", filler("a", n), filler("b", n)),
        format!("{}{before}{y}{after}{}", filler("c", n), filler("d", n)),
    ]
}

/// Asserts that `an` found exactly one cluster, with one occurrence in each
/// document running from `sides[d].0` to `sides[d].1` (see [`span`]), and
/// returns it.
#[track_caller]
fn one_cluster<'a>(an: &'a Analysis, sides: [(&str, &str); 2]) -> &'a Cluster {
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let [(a0, a1), (b0, b1)] = sides;
    assert_eq!(
        an.clusters[0].occurrences,
        [span(an, 0, a0, a1), span(an, 1, b0, b1)]
    );
    &an.clusters[0]
}

/// A copy of `p` with the `n` words from `from` on replaced by `burst{i}`.
fn burst(p: &[String], from: usize, n: usize) -> Vec<String> {
    let mut e = p.to_vec();
    for (i, w) in e.iter_mut().enumerate().skip(from).take(n) {
        *w = format!("burst{i}");
    }
    e
}

/// [`burst`] of `replaced.1` words from `replaced.0`, then `inserted.1`
/// words `ins{t}` inserted before word `inserted.0` of the result.
fn burst_then_insert(
    p: &[String],
    replaced: (usize, usize),
    inserted: (usize, usize),
) -> Vec<String> {
    let mut e = burst(p, replaced.0, replaced.1);
    for t in 0..inserted.1 {
        e.insert(inserted.0, format!("ins{t}"));
    }
    e
}

/// Word `i` of letters only tagged `tag`: `tag` then two letters counting `i`
/// (`aa`, `ab`, …), like prose (words holding digits would be template slots,
/// see the template test).
fn letter_word(tag: &str, i: usize) -> String {
    format!(
        "{tag}{}{}",
        char::from(b'a' + (i / 26) as u8),
        char::from(b'a' + (i % 26) as u8)
    )
}

/// `n` letter words tagged `tag`, and a copy with each word `i` for which
/// `edited(i)` replaced by the letter word tagged `edit`.
fn with_replaced(
    tag: &str,
    n: usize,
    edited: impl Fn(usize) -> bool,
) -> (Vec<String>, Vec<String>) {
    let p: Vec<String> = (0..n).map(|i| letter_word(tag, i)).collect();
    let e = (0..n)
        .map(|i| {
            if edited(i) {
                letter_word("edit", i)
            } else {
                p[i].clone()
            }
        })
        .collect();
    (p, e)
}

#[test]
fn bursts_of_replaced_and_inserted_words_are_bridged() {
    let p = passage("p", 60);
    // A burst of four replaced words, then a burst of five inserted words.
    let an = two_docs(&p, &burst_then_insert(&p, (15, 4), (40, 5)));
    let c = one_cluster(&an, [("pw0", "pw59."); 2]);
    // 56 of 60 and 56 of 65 words matched: Dice 112 / 125.
    assert!((c.similarity - 112.0 / 125.0).abs() < 1e-9);
}

#[test]
fn a_burst_of_replaced_and_inserted_words_near_the_end_is_bridged() {
    // Four words replaced and three inserted (−18, within the X-drop of 22)
    // six words before the copy's end: the six equal words after the burst
    // pay for it, so the copy is one passage to its last word. The band of
    // the extension followed the row's best cell, which inside a burst
    // skips words of one side only, and lost the copy's diagonal three
    // cells off: the copy ended before the burst.
    let p = passage("sv", 40);
    let an = two_docs(&p, &burst_then_insert(&p, (30, 4), (34, 3)));
    let c = one_cluster(&an, [("svw0", "svw39."); 2]);
    // 36 of 40 and of 43 words matched: Dice 72 / 83.
    assert!((c.similarity - 72.0 / 83.0).abs() < 1e-9);
}

#[test]
fn an_edit_at_the_first_and_last_word_keeps_the_rest_whole() {
    let p = passage("q", 40);
    let mut e = p.clone();
    e[0] = "first".into();
    e[39] = "last".into();
    let an = two_docs(&p, &e);
    // Everything between the edited words, as one occurrence on each side.
    let c = one_cluster(&an, [("qw1", "qw38"); 2]);
    assert_eq!(c.similarity, 1.0);
}

#[test]
fn a_passage_that_is_mostly_edits_is_not_reported() {
    // One run of seven shared words (enough for an anchor, too short to
    // report), the other 33 words changed two in three: the alignment must not
    // grow through them into a passage.
    let p = passage("r", 40);
    let e: Vec<String> = p
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if (15..22).contains(&i) || i % 3 == 0 {
                w.clone()
            } else {
                format!("x{i}")
            }
        })
        .collect();
    let an = two_docs(&p, &e);
    assert!(an.clusters.is_empty(), "{:#?}", an.clusters);
}

#[test]
fn ocr_noise_is_credited_as_near_equal_words() {
    // Every eighth word misread by OCR (rn for m, 1 for l).
    let words: Vec<String> = (0..48)
        .map(|i| {
            ["modern", "letters", "government", "parliament"][i % 4].to_string() + &format!("x{i}")
        })
        .collect();
    let noisy: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i % 8 == 4 {
                w.replacen('m', "rn", 1).replacen('l', "1", 1)
            } else {
                w.clone()
            }
        })
        .collect();
    let an = two_docs(&words, &noisy);
    let last = format!("{}.", words[47]);
    one_cluster(&an, [(&words[0], &last), (&noisy[0], &last)]);
}

#[test]
fn punctuation_and_case_only_copies_show_each_difference_as_variant() {
    let a = "the summit drew an Open, Cooperative, Secure, and Inclusive response from \
             delegates who said that \"cyberspace is a common space\" for all";
    let b = "The summit drew an open, Cooperative, Secure and INCLUSIVE response from \
             delegates who said that “cyberspace is a common space” for all";
    let an = run(&framed(10, " ", ". ", [a, b]));
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let c = &an.clusters[0];
    assert_eq!(c.similarity, 1.0);
    let (x, y) = (&c.occurrences[0], &c.occurrences[1]);
    let (tx, ty) = (&an.corpus.documents[0].text, &an.corpus.documents[1].text);
    let variants: Vec<(&str, &str)> = diff_passages(&an.corpus, x, y)
        .into_iter()
        .inspect(|r| assert!(matches!(r.kind, DiffKind::Equal | DiffKind::Variant)))
        .filter(|r| r.kind == DiffKind::Variant)
        .map(|r| (&tx[r.left], &ty[r.right]))
        .collect();
    assert_eq!(
        variants,
        [
            ("the", "The"),
            ("Open,", "open,"),
            ("Secure,", "Secure"),
            ("Inclusive", "INCLUSIVE"),
            ("\"cyberspace", "“cyberspace"),
            ("space\"", "space”"),
        ]
    );
}

#[test]
fn an_article_ten_times_in_one_document_is_one_cluster_of_ten() {
    let seeds = refrain::corpus::seeds();
    let article = seeds
        .documents
        .iter()
        .find(|d| d.path.contains("004_"))
        .unwrap()
        .text
        .trim()
        .to_string();
    let mut text = String::from("A collection of reprints.\n\n");
    let mut expected = Vec::new();
    for _ in 0..10 {
        let start = text.len();
        text.push_str(&article);
        expected.push(Passage {
            document: 0,
            start,
            end: text.len(),
        });
        text.push_str("\n\n");
    }
    text.push_str("The end of the collection.\n");
    let an = run(&[text]);
    let c = an
        .clusters
        .iter()
        .find(|c| c.occurrences.len() == 10 && c.occurrences[0] == expected[0])
        .unwrap_or_else(|| panic!("{:#?}", &an.clusters[..an.clusters.len().min(3)]));
    assert_eq!(c.occurrences, expected);
    assert_eq!(c.similarity, 1.0);
    // It is the only cluster: the two sentences the article says twice
    // recur 20 times each, too often for their length. The index stores the
    // fingerprints of the copies past the first two only in part (text
    // repeated inside a document is thinned) but counts them all.
    assert_eq!(an.clusters.len(), 1, "{:#?}", &an.clusters[1..]);
}

#[test]
fn two_shared_phrases_bridged_by_other_words_are_not_a_passage() {
    // Two seven-word phrases (each sure to give an anchor: k = 5, w = 3)
    // shared by unrelated text, six different words between them: 14 equal
    // words of 20, similarity 0.70, but the evidence of less than two whole
    // shingles once the bridge is paid for (14·4 − 6·3 = 38 < 2·5·4 = 40).
    // Five different words are bridged: a burst of five replaced words in a
    // copy of 19 is an edit rate of 26%, which the engine must bridge.
    let one = "alpha beta gamma delta epsilon zeta eta";
    let two = "theta iota kappa lambda mu nu xi";
    let bridged = |x: &str, y: &str| {
        run(&framed(
            30,
            " ",
            " ",
            [&format!("{one} {x} {two}"), &format!("{one} {y} {two}")],
        ))
    };
    let a = bridged("xa xb xc xd xe xf", "ya yb yc yd ye yf");
    assert!(a.clusters.is_empty(), "{:?}", a.clusters);
    // The same two phrases with a single word between them are one passage.
    let a = bridged("xa", "ya");
    one_cluster(&a, [("alpha", " xi"); 2]);
}

/// Longest run of consecutive equal word keys between `a` and `b`.
fn longest_equal_run(a: &str, b: &str) -> usize {
    let ka: Vec<String> = refrain::segment::tokenize(a)
        .into_iter()
        .map(|t| t.key)
        .collect();
    let kb: Vec<String> = refrain::segment::tokenize(b)
        .into_iter()
        .map(|t| t.key)
        .collect();
    let mut best = 0;
    for i in 0..ka.len() {
        for j in 0..kb.len() {
            let n = (0..)
                .take_while(|&t| i + t < ka.len() && j + t < kb.len() && ka[i + t] == kb[j + t])
                .count();
            best = best.max(n);
        }
    }
    best
}

#[test]
fn a_copy_with_a_quarter_of_its_words_edited_in_bursts_is_found_whole() {
    // Two replaced words in every eight: 25% edits, equal runs of six words at
    // most (no run of seven, the length winnowing guarantees an anchor for),
    // Dice 0.75. Words of letters only, like prose.
    let (p, e) = with_replaced("sw", 64, |i| matches!(i % 8, 3 | 4));
    assert_eq!(longest_equal_run(&p.join(" "), &e.join(" ")), 6);
    let an = two_docs(&p, &e);
    let c = one_cluster(&an, [("swaa", "swcl."); 2]);
    assert!((c.similarity - 0.75).abs() < 1e-9);
}

#[test]
fn an_ocr_noised_copy_is_found_whole() {
    // One word in three misread (c/e, 0/o, 1/l, rn/m, a doubled letter): no
    // five consecutive words have equal keys, so only the OCR-folded seed
    // keys give anchors; alignment counts the misread words as equal.
    let clean = "Permission is hereby granted to any person obtaining a copy of this \
                 software and associated documentation files to deal in the software \
                 without restriction including the rights to use copy modify merge \
                 publish and distribute copies of the software";
    let noisy = "Perrnission is hercby granted to any pers0n obtaining a copy 0f this \
                 softwarc and associated documentati0n files t0 deal in thc software \
                 without restricti0n including the rights t0 use copy rnodify merge \
                 pub1ish and distribute copics of the softvvare";
    assert!(longest_equal_run(clean, noisy) < 5);
    let an = run(&framed(20, "\n", ".\n", [clean, noisy]));
    let c = one_cluster(
        &an,
        [
            ("Permission", "of the software."),
            ("Perrnission", "of the softvvare."),
        ],
    );
    // 36 of 39 words equal: misread words count as equal, except the three
    // two-character ones ("0f", "t0"), which are too short to fold.
    assert!((c.similarity - 72.0 / 78.0).abs() < 1e-9);
}

#[test]
fn common_phrases_shared_by_chance_are_not_passages() {
    // Three everyday eight-word phrases (each long enough for an anchor) in
    // two unrelated texts, a dozen different words between them: too short
    // to report alone, too far apart to bridge.
    let phrases = [
        "as a matter of fact it is the",
        "at the end of the day we have",
        "on the other hand there is no way",
    ];
    let text = |tag: &str| {
        phrases
            .iter()
            .enumerate()
            .map(|(i, ph)| format!("{} {ph}", filler(&format!("{tag}{i}x"), 12)))
            .collect::<Vec<_>>()
            .join(" ")
            + " "
            + &filler(&format!("{tag}end"), 12)
    };
    let an = run(&[text("u"), text("v")]);
    assert!(an.clusters.is_empty(), "{:#?}", an.clusters);
}

#[test]
fn a_template_filled_with_other_numbers_and_ids_is_not_an_edited_copy() {
    // The same frame with different slots, two at a time: 21 of 29 words
    // equal (similarity 0.72). When the slots are version numbers, dates,
    // commit ids and file names, the pair is a filled-in template (changelog
    // lines); when they are words, an edited copy.
    let frame = |slots: [&str; 8]| {
        format!(
            "the release notes of this version were written by {} {} the core team {} {} and published as {} {} with the tag {} {} in the archive",
            slots[0], slots[1], slots[2], slots[3], slots[4], slots[5], slots[6], slots[7]
        )
    };
    let ids = |n: u32| {
        [
            format!("{n}.2.3"),
            format!("20{n}.03.04"),
            format!("a{n}b2c3d4"),
            format!("fix_{n}"),
            format!("v{n}.1"),
            format!("build{n}"),
            format!("pr{n}7"),
            format!("tag_{n}"),
        ]
    };
    let lines = |s: &[String; 8]| frame(std::array::from_fn(|i| s[i].as_str()));
    let pair =
        |x: &[String; 8], y: &[String; 8]| run(&framed(20, "\n", ".\n", [&lines(x), &lines(y)]));
    let an = pair(&ids(11), &ids(42));
    assert!(an.clusters.is_empty(), "{:#?}", an.clusters);
    let words = |tag: &str| -> [String; 8] {
        std::array::from_fn(|i| format!("{tag}word{}", (b'a' + i as u8) as char))
    };
    let an = pair(&words("left"), &words("right"));
    let c = one_cluster(&an, [("the release", "the archive."); 2]);
    assert!((c.similarity - 42.0 / 58.0).abs() < 1e-9);
}

#[test]
fn a_burst_of_five_edits_near_the_end_is_bridged_when_four_words_follow() {
    // Five replaced words cost 5·3 = 15; the four equal words after them
    // earn 16, so the copy is found to its last word.
    let p = passage("t", 40);
    one_cluster(&two_docs(&p, &burst(&p, 31, 5)), [("tw0", "tw39."); 2]);
    // Two equal words after the burst earn 8 < 15: the passage ends before
    // the burst, on its last solid run (a local alignment never takes in a
    // stretch that scores below zero).
    one_cluster(&two_docs(&p, &burst(&p, 33, 5)), [("tw0", "tw32"); 2]);
}

#[test]
fn a_copy_with_thirty_percent_scattered_edits_is_found_whole() {
    // Twelve of forty words replaced, alone or in pairs, between runs of two
    // or three equal words (one run of seven gives the anchor): each run earns
    // more than the edits before it cost, and two equal words end a passage,
    // so the copy is found from its first word to its last. Dice 56 / 80.
    // Words of letters only (words with digits would be template slots).
    let edited = [2, 10, 11, 14, 17, 21, 22, 26, 30, 31, 34, 37];
    let (p, e) = with_replaced("sc", 40, |i| edited.contains(&i));
    assert_eq!(longest_equal_run(&p.join(" "), &e.join(" ")), 7);
    let an = two_docs(&p, &e);
    let c = one_cluster(&an, [("scaa", "scbn."); 2]);
    assert!((c.similarity - 0.7).abs() < 1e-9);
}

#[test]
fn a_weak_last_paragraph_is_dropped_without_the_copied_ones_before_it() {
    // The GPL-2 / LGPL-2.1 preambles: a short paragraph copied verbatim, one
    // edited (0.86 alike), then one rewritten in part, which the extension
    // runs into. Only that last one is cut: judged together with it, the
    // edited paragraph looked weak and was dropped too (it came out as the
    // first paragraph alone).
    let a = [
        "And you must show them these terms so they know their\nrights.",
        "We protect your rights with two steps: (1) copyright the software, and\n(2) offer you \
         this license which gives you legal permission to copy,\ndistribute and/or modify the \
         software.",
        "Also, for each author's protection and ours, we want to make certain\nthat everyone \
         understands that there is no warranty for this free\nsoftware.  If the software is \
         modified by someone else and passed on, we\nwant its recipients to know that what they \
         have is not the original, so\nthat any problems introduced by others will not reflect \
         on the original\nauthors' reputations.",
    ];
    let b = [
        "And you must show them these terms so they know their rights.",
        "We protect your rights with a two-step method: (1) we copyright the\nlibrary, and (2) \
         we offer you this license, which gives you legal\npermission to copy, distribute \
         and/or modify the library.",
        "To protect each distributor, we want to make it very clear that\nthere is no warranty \
         for the free library.  Also, if the library is\nmodified by someone else and passed \
         on, the recipients should know\nthat what they have is not the original version, so \
         that the original\nauthor's reputation will not be affected by problems that might \
         be\nintroduced by others.",
    ];
    let texts = framed(10, "\n\n", "\n\n", [&a.join("\n\n"), &b.join("\n\n")]);
    let an = run(&texts.map(|t| t + "\n"));
    one_cluster(&an, [("And you must", "modify the"); 2]);
}

/// Two documents holding a paragraph of 30 words and, after a blank line,
/// a list of settings in paragraphs of one to four words (a rendered
/// manual's `pwck`, `pwconv` and `su`), the list as `lists[d]`.
fn a_paragraph_and_a_list(lists: [&str; 2]) -> Analysis {
    let first = passage("pa", 30).join(" ");
    let [x, y] = lists.map(|l| format!("{first}.\n\n{l}"));
    run(&framed(20, "\n\n", "\n\n", [&x, &y]))
}

/// The list of [`a_paragraph_and_a_list`].
const SETTINGS: &str = "pwck\n   MAX_DAYS MIN_DAYS WARN_AGE\n\npwconv\n   MAX_DAYS MIN_DAYS\n\nsu";

#[test]
fn short_paragraphs_copied_word_for_word_to_a_line_end_stay_with_the_copy() {
    // Each item is too short to be a copy of its own (no run of five equal
    // words): judged one by one from the end, they were all cut and the
    // copy ended with the paragraph. Equal word for word to the end of a
    // line, eight words in all, they are a copy.
    let an = a_paragraph_and_a_list([SETTINGS; 2]);
    one_cluster(&an, [("paw0", "\nsu"); 2]);
}

#[test]
fn short_paragraphs_copied_word_for_word_that_run_into_a_different_line_stay() {
    // The same list, whose last line goes on differently in each copy: the
    // equal words end inside a line, so the items are judged one by one —
    // and from the first break to the copy's end every word is equal,
    // eight of them: a copy, though no item is one alone (see the verbatim
    // tail tests below).
    let an = a_paragraph_and_a_list([
        &format!("{SETTINGS} root only"),
        &format!("{SETTINGS} any user"),
    ]);
    one_cluster(&an, [("paw0", "\nsu"); 2]);
}

#[test]
fn a_list_that_only_begins_alike_is_cut() {
    // Three equal words after the break, then lines that differ: two lists
    // that merely begin alike, judged one by one and cut.
    let an = a_paragraph_and_a_list([
        "pwck\n   MAX_DAYS MIN_DAYS root",
        "pwck\n   MAX_DAYS MIN_DAYS any",
    ]);
    one_cluster(&an, [("paw0", "paw29."); 2]);
}

/// [`SETTINGS`] with one word changed (`MIN_DAYS` → `MIN_AGE` in its first
/// item): no run of five equal words after the paragraph's break but
/// across the items' breaks.
const SETTINGS_EDITED: &str =
    "pwck\n   MAX_DAYS MIN_AGE WARN_AGE\n\npwconv\n   MAX_DAYS MIN_DAYS\n\nsu";

#[test]
fn short_edited_paragraphs_that_end_the_copy_with_its_line_stay_with_it() {
    // Each item alone is too short to be a copy, and one is edited, so the
    // list is not word for word either: judged one by one from the end, all
    // were cut. The copy ends with its line, so the list is judged as a
    // whole from the paragraph's break: eight words, seven equal, five in a
    // row. Found whole in both documents.
    let an = a_paragraph_and_a_list([SETTINGS_EDITED, SETTINGS]);
    one_cluster(&an, [("paw0", "\nsu"); 2]);
}

#[test]
fn short_edited_paragraphs_ending_a_line_on_one_side_only_stay_with_the_copy() {
    // The same, where one copy's last line goes on ("su root only"): the
    // other copy stopped with its line, which is where pasted text stops.
    let an = a_paragraph_and_a_list([SETTINGS_EDITED, &format!("{SETTINGS} root only")]);
    one_cluster(&an, [("paw0", "\nsu"); 2]);
}

#[test]
fn short_edited_paragraphs_running_into_a_different_line_on_both_sides_are_cut() {
    // Both copies' last lines go on differently, and no stretch from a
    // break to the copy's end is word for word (the last item differs too):
    // two paragraphs that merely begin alike look like this, so the items
    // are judged one by one and cut (the passage ends with the paragraph).
    let an = a_paragraph_and_a_list([
        &format!("{SETTINGS_EDITED} root only"),
        &format!("{} any user", SETTINGS.replace("su", "sg")),
    ]);
    one_cluster(&an, [("paw0", "paw29."); 2]);
}

/// Two documents holding a paragraph of 30 words, a blank line and one of
/// 24, the second paragraph edited in one of them where `edited` says (see
/// [`with_replaced`]); with the first and last words of the copy as
/// [`one_cluster`] takes them when the passage runs to the end of the
/// second paragraph (`whole`) or of the first (`first_only`).
fn two_paragraphs(edited: impl Fn(usize) -> bool) -> (Analysis, String, String) {
    two_paragraphs_then(edited, ["", ""])
}

/// [`two_paragraphs`] with the second paragraph's line going on with
/// `then[d]` in document `d` (nothing: the copy ends with its line).
fn two_paragraphs_then(
    edited: impl Fn(usize) -> bool,
    then: [&str; 2],
) -> (Analysis, String, String) {
    let first = passage("pa", 30);
    let (second, changed) = with_replaced("pb", 24, edited);
    let doc =
        |p2: &[String], then: &str| format!("{}.\n\n{}{then}.", first.join(" "), p2.join(" "));
    let texts = framed(
        20,
        "\n\n",
        "\n\n",
        [&doc(&second, then[0]), &doc(&changed, then[1])],
    );
    let an = run(&texts.map(|t| t + "\n"));
    let last = if then[0].is_empty() {
        format!("{}.", second[23])
    } else {
        second[23].clone()
    };
    (an, last, format!("{}.", first[29]))
}

/// Paragraph words replaced in bursts of three, every seventh word from the
/// second (`1..=3`, `8..=10`, `15..=17`): 9 of 24 (Dice 30 / 48, 0.625),
/// with runs of four equal words between the bursts and six after the
/// last.
fn bursts_of_three(i: usize) -> bool {
    i < 18 && i % 7 >= 1 && i % 7 <= 3
}

#[test]
fn a_paragraph_edited_as_much_as_a_copy_may_be_stays_with_the_one_before() {
    // A copy of two paragraphs whose second drew most of the edits: one word
    // in four replaced, never seven equal words in a row (no shingle of its
    // own), 75% alike. A passage may cross a blank line into a paragraph as
    // alike as a passage must be (0.7); with a stricter bar for the part
    // after a break (0.8) the copy came out as its first paragraph alone.
    let (second, edited) = with_replaced("pb", 24, |i| i % 4 == 1);
    assert_eq!(longest_equal_run(&second.join(" "), &edited.join(" ")), 3);
    let (an, whole, _) = two_paragraphs(|i| i % 4 == 1);
    let c = one_cluster(&an, [("paw0", &whole), ("paw0", &whole)]);
    // 48 matched words over 54 and 54: Dice 96 / 108.
    assert_eq!(c.similarity, 96.0 / 108.0);
}

#[test]
fn a_paragraph_less_alike_than_a_copy_is_cut_at_its_break() {
    // The same, with one word in three replaced in the second paragraph and
    // its last word too (9 of 24, 62.5% alike, below the 0.7 a passage
    // needs): the passage ends with the first paragraph. (The copy ends with
    // an edit, so nothing tells that it ends with its line.)
    let (an, _, first_only) = two_paragraphs(|i| i % 3 == 1 || i == 23);
    one_cluster(&an, [("paw0", &first_only), ("paw0", &first_only)]);
}

#[test]
fn a_last_word_alone_after_an_edit_shows_that_the_copy_ends_with_its_line() {
    // One word in three replaced in the second paragraph (8 of 24, 67%
    // alike), its last word not: the extension stops two words short (a
    // passage ends on two equal words), and the line's last word, equal on
    // both sides, is taken by the edges' rule, so the copy ends with its
    // line and the paragraph needs only half its words matched. Until
    // session 28 the edge had to close on two equal words, and the copy
    // came out as its first paragraph. 46 words matched over 54 and 54:
    // Dice 92 / 108.
    let (an, whole, _) = two_paragraphs(|i| i % 3 == 1);
    let c = one_cluster(&an, [("paw0", &whole), ("paw0", &whole)]);
    assert_eq!(c.similarity, 92.0 / 108.0);
}

#[test]
fn a_last_paragraph_that_drew_a_burst_of_edits_stays_when_the_copy_ends_with_its_line() {
    // A copy of two paragraphs whose edits came in bursts, all in the
    // second: 0.625 alike on its own, below the 0.7 a passage needs, so it
    // was cut at the break. The copy ends with its line, as pasted text
    // does, so the paragraph needs only half its words matched: the copy is
    // found whole (Dice 90 / 108 in all).
    let (second, edited) = with_replaced("pb", 24, bursts_of_three);
    assert_eq!(longest_equal_run(&second.join(" "), &edited.join(" ")), 6);
    let (an, whole, _) = two_paragraphs(bursts_of_three);
    let c = one_cluster(&an, [("paw0", &whole), ("paw0", &whole)]);
    assert_eq!(c.similarity, 90.0 / 108.0);
}

#[test]
fn a_paragraph_that_drew_a_burst_of_edits_is_cut_when_its_line_goes_on_differently() {
    // The same paragraph, whose line goes on differently in each document
    // after its last word: two paragraphs that begin alike and part look
    // like this, so the paragraph must be as alike as a passage, and is cut.
    let (an, _, first_only) =
        two_paragraphs_then(bursts_of_three, [" and then it rained", " but nobody came"]);
    one_cluster(&an, [("paw0", &first_only), ("paw0", &first_only)]);
}

#[test]
fn a_first_paragraph_that_drew_a_burst_of_edits_stays_when_the_copy_starts_a_line() {
    // The mirror: the same bursts, last first, in the first of two
    // paragraphs, the copy pasted at a line start in one document and after
    // other words of a line in the other. The head before the break is
    // 0.625 alike; it stays, because the copy starts with its line on one
    // side.
    let (head, changed) = with_replaced("ph", 24, |i| bursts_of_three(23 - i));
    let second = passage("pt", 30).join(" ");
    let texts = framed(
        20,
        "",
        "\n\n",
        [
            &format!("\n\n{}.\n\n{second}.", head.join(" ")),
            &format!(" so we wrote {}.\n\n{second}.", changed.join(" ")),
        ],
    );
    let an = run(&texts.map(|t| t + "\n"));
    one_cluster(&an, [("phaa", "ptw29."); 2]);
    // Started inside a line on both sides, the head is cut.
    let texts = framed(
        20,
        "",
        "\n\n",
        [
            &format!(" and so {}.\n\n{second}.", head.join(" ")),
            &format!(" so we wrote {}.\n\n{second}.", changed.join(" ")),
        ],
    );
    let an = run(&texts.map(|t| t + "\n"));
    one_cluster(&an, [("ptw0", "ptw29."); 2]);
}

#[test]
fn a_copy_set_with_words_broken_at_its_line_ends_is_the_same_text() {
    // The same sentence typeset at another width: four words broken by a
    // hyphen at a line end (as scanned books and rendered manuals are). Each
    // broken word is one word, equal to the whole one: the copy is found
    // whole, word for word (each break used to cost two mismatched words).
    let a = "Distribution of unmodified copies is permitted provided that the \
             documentation accompanies every redistributed package, including \
             translations, derivative compilations and accompanying materials.";
    let b = "Distribution of unmodified copies is permitted pro-\nvided that the \
             documen-\n  tation accompanies every redistri-\r\nbuted package, \
             including trans-\nlations, derivative compilations and accompanying materials.";
    let texts = framed(20, "\n\n", "\n\n", [a, b]);
    let an = run(&texts);
    let c = one_cluster(&an, [("Distribution", "materials."); 2]);
    assert_eq!(c.similarity, 1.0);
    assert_eq!(c.words, 21);
}

#[test]
fn an_inserted_sentence_does_not_cut_a_copy_in_two() {
    // Sixteen words inserted mid-passage: too long a burst for the gapped
    // extension, so the copy is aligned in two pieces, chained into one.
    let p = passage("s", 80);
    let mut e = p.clone();
    for t in 0..16 {
        e.insert(40, format!("ins{}", 15 - t));
    }
    let an = two_docs(&p, &e);
    let c = one_cluster(&an, [("sw0", "sw79."); 2]);
    // 80 matched words over 80 and 96: Dice 160 / 176.
    assert!(
        (c.similarity - 160.0 / 176.0).abs() < 1e-9,
        "{}",
        c.similarity
    );
    // The same sentence dropped from the copy instead.
    let mut d = p.clone();
    d.drain(40..56);
    let an = two_docs(&p, &d);
    one_cluster(&an, [("sw0", "sw79."); 2]);
}

#[test]
fn a_rewritten_sentence_does_not_cut_a_copy_in_two() {
    // Twelve words replaced in a row (the gapped extension bridges about
    // seven): two exact pieces of 40 and 28 words, one occurrence each side.
    let (p, e) = with_replaced("rw", 80, |i| (40..52).contains(&i));
    let an = two_docs(&p, &e);
    let c = one_cluster(&an, [("rwaa", "rwdb."); 2]);
    // 68 matched words over 80 and 80: Dice 136 / 160.
    assert!(
        (c.similarity - 136.0 / 160.0).abs() < 1e-9,
        "{}",
        c.similarity
    );
}

#[test]
fn transposed_halves_stay_two_passages() {
    let p = passage("t", 80);
    let mut e = p[40..].to_vec();
    e.extend_from_slice(&p[..40]);
    let an = two_docs(&p, &e);
    let mut got: Vec<_> = an.clusters.iter().map(|c| c.occurrences.clone()).collect();
    got.sort();
    assert_eq!(
        got,
        [
            vec![span(&an, 0, "tw0", "tw39"), span(&an, 1, "tw0", "tw39.")],
            vec![span(&an, 0, "tw40", "tw79."), span(&an, 1, "tw40", "tw79")],
        ]
    );
}

#[test]
fn a_footer_after_the_same_closing_words_starts_on_its_own_line() {
    // Each paragraph before the footer is different but ends with the same
    // two words: the passage must not start with them, across the blank
    // line, but at the footer's first word (a whole line, as boilerplate).
    let footer = passage("foot", 14).join(" ");
    let docs: Vec<String> = (0..3)
        .map(|i| {
            format!(
                "{} the end.\n\n{footer}\n{}",
                filler(&format!("p{i}x"), 30),
                filler(&format!("q{i}x"), 10)
            )
        })
        .collect();
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let expected: Vec<Passage> = (0..3).map(|d| span(&an, d, "footw0", "footw13")).collect();
    assert_eq!(an.clusters[0].occurrences, expected);
    // A heading of its own line stays with the paragraph it heads.
    let heading = |i: usize| {
        format!(
            "{}\n\nEditor's note:\n\n{footer}\n{}",
            filler(&format!("r{i}x"), 20),
            filler(&format!("s{i}x"), 10)
        )
    };
    let an = run(&[heading(0), heading(1)]);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    assert_eq!(
        an.clusters[0].occurrences,
        [
            span(&an, 0, "Editor's", "footw13"),
            span(&an, 1, "Editor's", "footw13")
        ]
    );
}

#[test]
fn a_strong_head_keeps_the_lines_before_it() {
    // The openings of GPL-3 and LGPL-3: the title (inside a line after
    // "GNU" / "GNU LESSER"), the copyright notice, then text that differs
    // but that the extension walks into ("Preamble" / "This version of the
    // GNU …"). The weak last head must not take the title and the notice
    // along: they are one passage. It starts with its line, "GNU" on both
    // sides (since session 28 an edge grows to a line over one equal word:
    // "LESSER" is a word of one side only).
    let notice = "Version 3, 29 June 2007\n\n Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>\n Everyone is permitted to copy and distribute verbatim copies\n of this license document, but changing it is not allowed.";
    let gpl = format!(
        "                    GNU GENERAL PUBLIC LICENSE\n                       {notice}\n\n                            Preamble\n\n  The GNU General Public License is a free, copyleft license for\nsoftware and other kinds of works.\n"
    );
    let lgpl = format!(
        "                   GNU LESSER GENERAL PUBLIC LICENSE\n                       {notice}\n\n\n  This version of the GNU Lesser General Public License incorporates\nthe terms and conditions of version 3 of the GNU General Public\nLicense, supplemented by the additional permissions listed below.\n"
    );
    let an = run(&[gpl, lgpl]);
    one_cluster(&an, [("GNU", "not allowed."); 2]);
}

#[test]
fn a_chain_does_not_take_a_header_away_from_its_other_copies() {
    // A header in five documents; in two of them a quotation follows it,
    // with a sentence inserted between the two in the second. The header
    // keeps its cluster of five; the two documents' header and quotation
    // are one chained passage; the quotation alone is not reported twice.
    let header = passage("head", 30).join(" ");
    let quote = passage("quote", 30).join(" ");
    let extra = passage("extra", 15).join(" ");
    let mut docs: Vec<String> = (0..5)
        .map(|i| {
            format!(
                "{} {header} {}",
                filler(&format!("a{i}x"), 20),
                filler(&format!("b{i}x"), 20)
            )
        })
        .collect();
    docs[0] = format!(
        "{} {header} {quote} {}",
        filler("c0x", 20),
        filler("d0x", 20)
    );
    docs[1] = format!(
        "{} {header} {extra} {quote} {}",
        filler("c1x", 20),
        filler("d1x", 20)
    );
    let an = run(&docs);
    let mut got: Vec<Vec<Passage>> = an.clusters.iter().map(|c| c.occurrences.clone()).collect();
    got.sort();
    let mut expected = vec![
        (0..5)
            .map(|d| span(&an, d, "headw0", "headw29"))
            .collect::<Vec<_>>(),
        vec![
            span(&an, 0, "headw0", "quotew29"),
            span(&an, 1, "headw0", "quotew29"),
        ],
    ];
    expected.sort();
    assert_eq!(got, expected);
}

/// Two documents sharing `head`, then the passage `p` of 40 words, then
/// `tail`, the three joined by `sep` (a space: in one paragraph; a blank
/// line: paragraphs of their own): in the first inside its lines, in the
/// second as a pasted copy on lines of its own with `copy_head` and
/// `copy_tail` for them.
fn pasted_with_edges(
    sep: &str,
    (head, copy_head): (&[String], &[String]),
    (tail, copy_tail): (&[String], &[String]),
) -> Analysis {
    let p = passage("p", 40);
    let joined = |h: &[String], t: &[String]| {
        [h, &p, t]
            .iter()
            .filter(|w| !w.is_empty())
            .map(|w| w.join(" "))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let (source, copy) = (joined(head, tail), joined(copy_head, copy_tail));
    run(&[
        format!("{} {source} {}", filler("a", 20), filler("b", 20)),
        format!("{}\n{copy}\n{}", filler("c", 20), filler("d", 20)),
    ])
}

/// The head of 12 words as a copy whose first line drew a burst: words 0,
/// 1, 3 and 4 kept (2 dropped), three others for the last seven — 4 of 12
/// and 7 words matched (0.42 alike), which scores below zero.
fn burst_head(head: &[String]) -> Vec<String> {
    let mut copy: Vec<String> = [0, 1, 3, 4].iter().map(|&i| head[i].clone()).collect();
    copy.extend(replacements(3));
    copy
}

/// The mirror of [`burst_head`]: the tail's first seven words become three,
/// its word 9 is dropped.
fn burst_tail(tail: &[String]) -> Vec<String> {
    let mut copy = replacements(3);
    copy.extend([7, 8, 10, 11].iter().map(|&i| tail[i].clone()));
    copy
}

/// A head of 12 words that only begins like `head`: its first two words
/// kept, the other ten become five (2 of 12 and 7 words matched, 0.21
/// alike).
fn head_beginning_alike(head: &[String]) -> Vec<String> {
    let mut copy = vec![head[0].clone(), head[1].clone()];
    copy.extend(replacements(5));
    copy
}

/// Words `x{i}` standing for replaced ones.
fn replacements(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("x{i}")).collect()
}

#[test]
fn a_copy_whose_first_line_drew_a_burst_of_edits_starts_with_its_line() {
    // The head scores below zero (see `burst_head`), so the extension alone
    // started the passage at `pw0`. The copy starts its line, and the head
    // opens on two equal words: the passage starts with it.
    let head = passage("h", 12);
    let an = pasted_with_edges(" ", (&head, &burst_head(&head)), (&[], &[]));
    one_cluster(&an, [("hw0", "pw39"), ("hw0", "pw39")]);
}

#[test]
fn a_copy_whose_last_line_drew_a_burst_of_edits_ends_with_its_line() {
    // The mirror image, the copy ending its line.
    let tail = passage("t", 12);
    let an = pasted_with_edges(" ", (&[], &[]), (&tail, &burst_tail(&tail)));
    one_cluster(&an, [("pw0", "tw11"), ("pw0", "tw11")]);
}

#[test]
fn a_line_less_alike_than_two_words_in_five_stays_out_of_the_copy() {
    // A line that begins like the source's, not a copy of it.
    let head = passage("h", 12);
    let an = pasted_with_edges(" ", (&head, &head_beginning_alike(&head)), (&[], &[]));
    one_cluster(&an, [("pw0", "pw39"), ("pw0", "pw39")]);
}

#[test]
fn a_cjk_copy_whose_first_line_drew_a_burst_of_edits_starts_with_its_line() {
    // The head test in CJK text, one word per character: 12 characters of
    // head, of which the copy keeps 0, 1, 3 and 4 and has three others for
    // the last seven, then 40 characters copied as they are.
    let chars = |from: u32, n: u32| -> Vec<String> {
        (from..from + n)
            .map(|c| char::from_u32(c).unwrap().to_string())
            .collect()
    };
    let head = chars(0x4E00, 12);
    let body = chars(0x4E80, 40);
    let mut copy_head: Vec<String> = [0, 1, 3, 4].iter().map(|&i| head[i].clone()).collect();
    copy_head.extend(chars(0x5100, 3));
    let source = [head.clone(), body.clone()].concat().concat();
    let copy = [copy_head, body.clone()].concat().concat();
    let an = run(&[
        format!("{} {source} {}", filler("a", 20), filler("b", 20)),
        format!("{}\n{copy}\n{}", filler("c", 20), filler("d", 20)),
    ]);
    one_cluster(&an, [(&head[0], &body[39]), (&head[0], &body[39])]);
}

/// Two documents sharing the passage `p` of 30 words with `head` before a
/// paragraph break and `tail` after one, the first inside its lines (the
/// source goes on with other words), the second pasted on lines of its own.
fn verbatim_across_breaks(head: &str, tail: &str) -> Analysis {
    let p = passage("p", 30).join(" ");
    run(&[
        format!("{} {head}{p}.{tail} {}", filler("a", 20), filler("b", 20)),
        format!("{}\n{head}{p}.{tail}\n{}", filler("c", 20), filler("d", 20)),
    ])
}

#[test]
fn a_verbatim_tail_of_four_words_across_paragraph_breaks_stays_with_the_copy() {
    // A man page's "LD_LIBRARY_PATH\n\nLD_PRELOAD\n\tfakeroot wurde" after
    // a copied paragraph: each piece between breaks is too short to be a
    // copy on its own, but the four words from the first break to the
    // copy's end are all equal — a shingle less one word.
    let an = verbatim_across_breaks("", "\n\nlw0\n\nlw1 lw2 lw3");
    one_cluster(&an, [("pw0", "lw3"), ("pw0", "lw3")]);
}

#[test]
fn a_verbatim_tail_of_three_words_across_a_paragraph_break_stays_out() {
    // "Files: debian/*" or "License: GPL-2+" after a shared licence text:
    // three equal words begin the next stanza by chance of its format.
    let an = verbatim_across_breaks("", "\n\nlw0 lw1 lw2");
    one_cluster(&an, [("pw0", "pw29."), ("pw0", "pw29.")]);
}

#[test]
fn a_verbatim_head_of_four_words_before_a_paragraph_break_stays_with_the_copy() {
    // "pasujących do podanej nazwy.\n\n" — the end of the sentence before
    // the copied paragraph, copied with it.
    let an = verbatim_across_breaks("hw0 hw1 hw2 hw3.\n\n", "");
    one_cluster(&an, [("hw0", "pw29."), ("hw0", "pw29.")]);
}

#[test]
fn a_verbatim_head_of_three_words_before_a_paragraph_break_stays_out() {
    let an = verbatim_across_breaks("hw1 hw2 hw3.\n\n", "");
    one_cluster(&an, [("pw0", "pw29."), ("pw0", "pw29.")]);
}

#[test]
fn a_copy_whose_first_paragraph_drew_a_burst_of_edits_starts_with_it() {
    // A French man page's "possible d'utiliser À le même la mémoire de"
    // against "… possible d'utiliser le même fichier/répertoire pour
    // UID_POOL et GID_POOL.", a blank line before the copied paragraph:
    // the passage started with that paragraph's line, a line edge on both
    // sides, and grew no further. The head (see `burst_head`) opens the
    // copy's line on two equal words.
    let head = passage("h", 12);
    let an = pasted_with_edges("\n\n", (&head, &burst_head(&head)), (&[], &[]));
    one_cluster(&an, [("hw0", "pw39"), ("hw0", "pw39")]);
}

#[test]
fn a_copy_whose_last_paragraph_drew_a_burst_of_edits_ends_with_it() {
    let tail = passage("t", 12);
    let an = pasted_with_edges("\n\n", (&[], &[]), (&tail, &burst_tail(&tail)));
    one_cluster(&an, [("pw0", "tw11"), ("pw0", "tw11")]);
}

#[test]
fn a_paragraph_before_the_copy_that_only_begins_alike_stays_out() {
    let head = passage("h", 12);
    let an = pasted_with_edges("\n\n", (&head, &head_beginning_alike(&head)), (&[], &[]));
    one_cluster(&an, [("pw0", "pw39"), ("pw0", "pw39")]);
}

/// A 33-word passage in nine documents, and a tenth copy whose first and
/// last six words drew bursts of edits: the tenth is found only through
/// its 21-word middle, whose cluster of ten is too short for how often it
/// recurs (the banality filter asks 10 · (log2 10 − 1) ≈ 23 words). The
/// copy joins the passage's cluster instead of being lost with it.
#[test]
fn a_copy_found_only_at_its_middle_joins_the_passage_it_copies() {
    let p = passage("p", 33);
    let edited = burst(&burst(&p, 0, 6), 27, 6);
    let doc = |i: usize, words: &[String]| {
        format!(
            "{} {}. {}",
            filler(&format!("x{i}n"), 20),
            words.join(" "),
            filler(&format!("y{i}n"), 20)
        )
    };
    let mut texts: Vec<String> = (0..9).map(|i| doc(i, &p)).collect();
    texts.push(doc(9, &edited));
    let an = run(&texts);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let mut want: Vec<Passage> = (0..9).map(|d| span(&an, d, "pw0 ", "pw32.")).collect();
    want.push(span(&an, 9, "pw6 ", "pw26"));
    assert_eq!(an.clusters[0].occurrences, want);
    assert_eq!(an.clusters[0].words, 33);
}

/// A document holding a long text twice (a book concatenated with itself):
/// the second copy's fingerprints past its first stretch are thinned, yet
/// a passage of the text also copied into another document has all three
/// occurrences, the second copy's included, beside the pair of the copies.
#[test]
fn a_text_held_twice_gives_its_second_copy_the_passages_of_the_first() {
    // 44,000 distinct words (about 290 kB a copy): the far repeat runs
    // past the 16 k fingerprints kept at its start.
    let text: String = (0..44_000)
        .map(|i| letter_word("t", i % 676) + &i.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let doc = format!("{text}\n\n{text}\n");
    // The shared passage: 40 words past the 16 k fingerprints kept.
    let words: Vec<&str> = text.split(' ').collect();
    let quoted = words[40_000..40_040].join(" ");
    let other = format!("{}\n{quoted}\n{}", filler("o", 30), filler("p", 30));
    let an = run(&[doc.clone(), other]);
    let second = text.len() + 2;
    let copies = Passage {
        document: 0,
        start: 0,
        end: text.len(),
    };
    let whole = an
        .clusters
        .iter()
        .find(|c| c.occurrences[0] == copies)
        .unwrap_or_else(|| panic!("{:#?}", an.clusters));
    assert_eq!(
        whole.occurrences[1],
        Passage {
            document: 0,
            start: second,
            end: second + text.len(),
        }
    );
    let at = text.find(&quoted).unwrap();
    let quote = an
        .clusters
        .iter()
        .find(|c| c.occurrences.iter().any(|o| o.document == 1))
        .unwrap_or_else(|| panic!("{:#?}", an.clusters));
    let start1 = an.corpus.documents[1].text.find(&quoted).unwrap();
    assert_eq!(
        quote.occurrences,
        [
            Passage {
                document: 0,
                start: at,
                end: at + quoted.len(),
            },
            Passage {
                document: 0,
                start: second + at,
                end: second + at + quoted.len(),
            },
            Passage {
                document: 1,
                start: start1,
                end: start1 + quoted.len(),
            },
        ]
    );
    assert_eq!(an.clusters.len(), 2, "{:#?}", an.clusters);
}

#[test]
fn a_copy_past_an_insertion_too_long_for_the_x_drop_stays_one_passage() {
    // A 40-word passage; its copy has 14 CJK characters (14 words) pasted
    // after word 24, and every fifth word after it misspelt (its last
    // letter dropped): the rest of the copy has no run of five equal words,
    // so nothing anchors it alone, and the X-drop cannot follow a shift of
    // 14 words. The bridge carries the copy across the insertion.
    let p: Vec<String> = (0..40).map(|i| letter_word("quote", i)).collect();
    let mut e = p.clone();
    for (i, w) in e.iter_mut().enumerate().skip(24) {
        if i % 5 == 1 {
            w.pop();
        }
    }
    e.insert(24, "在此处插入了十四个汉字的句子".to_string());
    let an = two_docs(&p, &e);
    let last = format!("{}.", p[39]);
    let c = one_cluster(&an, [("quoteaa", &last), ("quoteaa", &last)]);
    // 37 equal and 3 near-equal words of 40 and 54: Dice 80 / 94.
    assert!(
        (c.similarity - 80.0 / 94.0).abs() < 1e-9,
        "{}",
        c.similarity
    );
}

/// `n` distinct CJK ideographs from code point `from`.
fn ideographs(from: u32, n: u32) -> String {
    (from..from + n)
        .map(|c| char::from_u32(c).unwrap())
        .collect()
}

/// Runs a Chinese sentence `p`, inside a line of one document, and its copy
/// `e`, at a line start in another (`then` after its full stop: `"\n"` when
/// the copy's line ends there), and asserts that they are one cluster from
/// `p`'s first character to its full stop on both sides (the copy ends with
/// `p`'s last character), `dice` alike.
fn a_chinese_sentence_and_its_copy_are_one_cluster(p: &str, e: &str, then: &str, dice: f64) {
    let an = run(&[
        format!("{} {p}。{}", filler("a", 20), filler("b", 20)),
        format!("{}\n{e}。{then}{}", filler("c", 20), filler("d", 20)),
    ]);
    // The full stop after it is the passage's own.
    let (first, last) = (&p[..3], format!("{}。", &p[p.len() - 3..]));
    let c = one_cluster(&an, [(first, &last), (first, &last)]);
    assert!((c.similarity - dice).abs() < 1e-9, "{}", c.similarity);
}

#[test]
fn a_chinese_copy_keeps_its_short_tail_past_a_burst_of_pasted_characters() {
    // A 42-character sentence; in its copy characters 30–33 are replaced by
    // ten others (four replaced, six pasted in), and eight equal characters
    // follow: too few for a bridge (ten), so only the X-drop can take them.
    // Costed as six words on one side the burst drops 48 > X_DROP; costed
    // as characters (a Chinese word is one to three of them) 42.
    let (head, tail) = (ideographs(0x4E00, 30), ideographs(0x4E30, 8));
    let p = format!("{head}{}{tail}", ideographs(0x4E20, 4));
    let e = format!("{head}{}{tail}", ideographs(0x7E00, 10));
    // 38 equal characters of 42 and 48: Dice 76 / 90.
    a_chinese_sentence_and_its_copy_are_one_cluster(&p, &e, "", 76.0 / 90.0);
}

#[test]
fn a_chinese_copy_reaches_its_line_end_as_far_as_spaced_text_does() {
    // Forty equal characters, then thirty of which every other one is
    // replaced in the copy (no two equal in a row, so the extension ends
    // with the forty), the last one equal and the copy's line ending there.
    // Its line end is thirty characters on: out of reach at 24 characters,
    // within it since a CJK character counts as half a word (24 words'
    // worth of text, as in spaced text). Grown to it, the copy is whole.
    let head = ideographs(0x4E00, 40);
    let tail = ideographs(0x5000, 30);
    let edited: String = tail
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                char::from_u32(0x7E00 + i as u32).unwrap()
            } else {
                c
            }
        })
        .collect();
    // 55 equal characters of 70 on each side: Dice 110 / 140.
    let (p, e) = (format!("{head}{tail}"), format!("{head}{edited}"));
    a_chinese_sentence_and_its_copy_are_one_cluster(&p, &e, "\n", 110.0 / 140.0);
}
