//! Alignment, clustering and banality on small hand-made corpora, with
//! expected extents found in the text independently of the engine.

use refrain::corpus::{Corpus, Document};
use refrain::reuse::{Params, Passage, analyse};

mod engine_support;
use engine_support::{filler, passage, run, span};

#[test]
fn inserted_dropped_and_replaced_words_still_join() {
    let p = passage("p", 40);
    let mut edited = p.clone();
    edited[10] = "REPLACED".into(); // replaced
    edited.remove(20); // dropped
    edited.insert(30, "inserted".into()); // inserted
    let a = format!("{} {}. {}", filler("a", 30), p.join(" "), filler("b", 30));
    let b = format!(
        "{}\n{}. {}",
        filler("c", 25),
        edited.join(" "),
        filler("d", 30)
    );
    let an = run(&[a, b]);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let c = &an.clusters[0];
    assert_eq!(
        c.occurrences,
        [span(&an, 0, "pw0", "pw39."), span(&an, 1, "pw0", "pw39.")]
    );
    assert!(c.similarity < 1.0 && c.similarity > 0.9, "{}", c.similarity);
    assert_eq!(c.words, 40);
}

#[test]
fn rewrapping_case_and_punctuation_do_not_matter() {
    let p = passage("q", 30);
    let a = format!("{} {}. {}", filler("a", 20), p.join(" "), filler("b", 20));
    let wrapped: String = p
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = if i % 4 == 0 {
                w.to_uppercase()
            } else {
                w.clone()
            };
            if i % 6 == 5 {
                format!("{w},\n")
            } else {
                format!("{w} ")
            }
        })
        .collect();
    let b = format!(
        "{}\n\n“{}” {}",
        filler("c", 20),
        wrapped.trim_end(),
        filler("d", 20)
    );
    let an = run(&[a, b]);
    assert_eq!(an.clusters.len(), 1);
    assert_eq!(an.clusters[0].similarity, 1.0);
    // The closing quote glued to the last word belongs to the passage.
    assert_eq!(an.clusters[0].occurrences[1], span(&an, 1, "QW0", "qw29,”"));
}

#[test]
fn heavily_rewritten_text_is_not_a_match() {
    let p = passage("r", 40);
    let rewritten: Vec<String> = p
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i % 3 == 1 {
                format!("x{i}")
            } else {
                w.clone()
            }
        })
        .collect();
    let a = format!("{} {}", filler("a", 10), p.join(" "));
    let b = format!("{} {}", filler("b", 10), rewritten.join(" "));
    assert!(run(&[a, b]).clusters.is_empty());
}

#[test]
fn a_chain_of_edited_copies_is_one_cluster() {
    // A ~ B and B ~ C through different edits: one cluster of three.
    let p = passage("s", 40);
    let mut b = p.clone();
    b[5] = "edit1".into();
    let mut c = b.clone();
    c[33] = "edit2".into();
    let docs: Vec<String> = [p, b, c]
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "{} {} {}",
                filler(&format!("f{i}x"), 15),
                w.join(" "),
                filler(&format!("g{i}x"), 15)
            )
        })
        .collect();
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let docs_in: Vec<usize> = an.clusters[0]
        .occurrences
        .iter()
        .map(|o| o.document)
        .collect();
    assert_eq!(docs_in, [0, 1, 2]);
}

#[test]
fn a_short_passage_nested_in_a_long_one_is_its_own_cluster() {
    let long = passage("l", 60);
    let short = long[20..35].join(" ");
    let docs = vec![
        format!("{} {} {}", filler("a", 10), long.join(" "), filler("b", 10)),
        format!("{} {} {}", filler("c", 10), long.join(" "), filler("d", 10)),
        format!("{} {} {}", filler("e", 10), short, filler("f", 10)),
        format!("{} {} {}", filler("g", 10), short, filler("h", 10)),
    ];
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 2, "{:#?}", an.clusters);
    let l = &an.clusters[0];
    assert_eq!(
        l.occurrences,
        [span(&an, 0, "lw0", "lw59"), span(&an, 1, "lw0", "lw59")]
    );
    let s = &an.clusters[1];
    let want: Vec<Passage> = (0..4).map(|d| span(&an, d, "lw20", "lw34")).collect();
    assert_eq!(s.occurrences, want);
}

#[test]
fn a_repeat_within_one_document_is_found() {
    let p = passage("t", 12).join(" ");
    let doc = format!(
        "{}\n\n{}\n\n{}\n\n{}\n",
        filler("a", 5),
        p,
        filler("b", 40),
        p
    );
    let an = run(&[doc]);
    assert_eq!(an.clusters.len(), 1);
    let t = &an.corpus.documents[0].text;
    let first = t.find("tw0").unwrap();
    let second = t.rfind("tw0").unwrap();
    let ends = |s: usize| s + t[s..].find("tw11").unwrap() + 4;
    assert_eq!(
        an.clusters[0].occurrences,
        [
            Passage {
                document: 0,
                start: first,
                end: ends(first)
            },
            Passage {
                document: 0,
                start: second,
                end: ends(second)
            }
        ]
    );
}

#[test]
fn a_short_phrase_everywhere_is_banal_but_a_long_one_is_not() {
    let slogan = passage("slogan", 11).join(" ");
    let article = passage("article", 60).join(" ");
    let docs: Vec<String> = (0..20)
        .map(|i| {
            format!(
                "{} {} {}\n\n{}\n\n{}",
                filler(&format!("a{i}x"), 10),
                slogan,
                filler(&format!("b{i}x"), 10),
                article,
                filler(&format!("c{i}x"), 10)
            )
        })
        .collect();
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    assert_eq!(an.clusters[0].occurrences.len(), 20);
    assert_eq!(an.clusters[0].words, 60);
    // The same short phrase in only two places is reuse, not banality.
    let an = run(&docs[..2]);
    assert_eq!(an.clusters.len(), 2);
    assert_eq!(an.clusters[1].words, 11);
}

#[test]
fn min_words_and_min_similarity_are_respected() {
    let p = passage("u", 14);
    let mut e = p.clone();
    e[7] = "changed".into();
    let docs = [
        format!("{} {} {}", filler("a", 10), p.join(" "), filler("b", 10)),
        format!("{} {} {}", filler("c", 10), e.join(" "), filler("d", 10)),
    ];
    let corpus = Corpus {
        documents: docs.iter().map(|t| Document::new("x", t.clone())).collect(),
    };
    let strict = Params {
        min_similarity: 0.99,
        ..Params::default()
    };
    assert!(analyse(corpus.clone(), &strict).clusters.is_empty());
    assert_eq!(
        analyse(corpus.clone(), &Params::default()).clusters.len(),
        1
    );
    let long = Params {
        min_words: 20,
        ..Params::default()
    };
    assert!(analyse(corpus, &long).clusters.is_empty());
}

#[test]
fn cjk_passages_are_found_with_exact_extents() {
    let p = "网络空间是人类共同的活动空间网络空间前途命运应由世界各国共同掌握";
    let docs = vec![
        format!("甲乙丙丁戊己庚辛。{p}。壬癸子丑寅卯"),
        format!("天地玄黄宇宙洪荒，{p}！日月盈昃辰宿列张"),
    ];
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1);
    let c = &an.clusters[0];
    assert_eq!(c.words, p.chars().count());
    // A closing full stop or exclamation mark belongs to the passage.
    assert_spans(&an, c, &[(p, "。"), (p, "！")]);
}

/// Asserts that occurrence `d` of `c` is document `d`'s first copy of
/// `spans[d].0` with the mark `spans[d].1` after it.
fn assert_spans(
    an: &refrain::reuse::Analysis,
    c: &refrain::reuse::Cluster,
    spans: &[(&str, &str)],
) {
    for (d, (text, close)) in spans.iter().enumerate() {
        let start = an.corpus.documents[d].text.find(text).unwrap();
        assert_eq!(
            c.occurrences[d],
            Passage {
                document: d,
                start,
                end: start + text.len() + close.len()
            }
        );
    }
}

#[test]
fn hangul_and_katakana_copies_with_edits_are_found_whole() {
    // Korean and Japanese written without spaces: UAX #29 would make each
    // Hangul or katakana run one word, so one changed syllable would make a
    // whole run differ; taken a character at a time, the copy with two
    // changed syllables and a dropped mark comes out whole.
    let p = "프로그래밍언어를배우는것은새로운세계를여는것과같습니다。\
             コンピュータープログラミングの基本を学びましょう";
    let copy = p
        .replace("배우는", "배우던")
        .replace("세계를", "세상을")
        .replace("コンピューター", "コンピュータ");
    let docs = vec![
        format!("甲乙丙丁戊己庚辛。{p}。壬癸子丑寅卯"),
        format!("天地玄黄宇宙洪荒，{copy}！日月盈昃辰宿列张"),
    ];
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let c = &an.clusters[0];
    assert!(c.similarity < 1.0);
    assert_spans(&an, c, &[(p, "。"), (&copy, "！")]);
}

#[test]
fn a_passage_does_not_end_on_the_first_words_of_the_next_paragraph() {
    let p = passage("v", 20).join(" ");
    let docs = vec![
        format!(
            "{}\n\n{}.\n\nIn the first {}",
            filler("a", 10),
            p,
            filler("b", 10)
        ),
        format!(
            "{}\n\n{}.\n\nIn the second {}",
            filler("c", 10),
            p,
            filler("d", 10)
        ),
    ];
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1);
    assert_eq!(an.clusters[0].occurrences[0], span(&an, 0, "vw0", "vw19."));
}

#[test]
fn other_scripts_match_across_case_and_compatibility_forms() {
    // Russian and Greek with case changes; the copy also uses full-width digits.
    let p = "Право на свободу мысли и совести принадлежит каждому человеку 2025 года, \
             και η ελευθερία της σκέψης είναι δικαίωμα όλων των ανθρώπων";
    let copy = p.to_uppercase().replace("2025", "２０２５");
    let docs = vec![
        format!("{} {p}. {}", filler("a", 10), filler("b", 10)),
        format!("{}\n{copy}. {}", filler("c", 10), filler("d", 10)),
    ];
    let an = run(&docs);
    assert_eq!(an.clusters.len(), 1, "{:#?}", an.clusters);
    let c = &an.clusters[0];
    assert_eq!(c.similarity, 1.0);
    assert_eq!(c.words, refrain::segment::word_count(p));
    let t1 = &an.corpus.documents[1].text;
    let s1 = t1.find("ПРАВО").unwrap();
    assert_eq!(
        c.occurrences[1],
        Passage {
            document: 1,
            start: s1,
            end: s1 + copy.len() + 1
        }
    );
}
