//! Tests of pairwise alignment: the code walk's bounds, the anchors
//! skipped on their codes, and paragraph breaks.

use super::*;
use crate::reuse::words;

/// Prose from seven words (five-word phrases shared by chance
/// everywhere) with two copies planted, one with edits, and its index.
fn chance_prose() -> (crate::corpus::Corpus, crate::reuse::index::Index) {
    use crate::corpus::{Corpus, Document};
    let vocab = [
        "river", "stone", "light", "green", "house", "after", "under",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    let mut docs: Vec<Vec<&str>> = (0..12)
        .map(|_| (0..600).map(|_| vocab[next(vocab.len())]).collect())
        .collect();
    let copy: Vec<&str> = docs[0][100..160].to_vec();
    docs[5].splice(200..200, copy.iter().copied());
    let mut edited = copy.clone();
    for i in (3..60).step_by(7) {
        edited[i] = "changed";
    }
    docs[9].splice(50..50, edited);
    let corpus = Corpus {
        documents: docs
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), t.join(" ")))
            .collect(),
    };
    let ix = crate::reuse::index::build(&corpus, 5, 3, 16);
    (corpus, ix)
}

/// A region over all of document `d`, with its sketch or without.
fn whole<'c>(
    corpus: &'c crate::corpus::Corpus,
    ix: &'c crate::reuse::index::Index,
    d: usize,
    sketched: bool,
) -> Region<'c> {
    let p = ix.profiles.get(d);
    let r = Region::new(
        &corpus.documents[d].text,
        p.checkpoints,
        p.words,
        0,
        p.words,
    );
    if sketched { r.with_sketch(p.sketch) } else { r }
}

#[test]
fn the_codes_walk_bounds_the_ungapped_score_and_its_stretch() {
    let (corpus, mut ix) = chance_prose();
    let k = 5;
    let anchors = ix.all_anchors();
    let mut checked = 0;
    for x in anchors.iter().filter(|x| x.da != x.db) {
        let (da, db, a, b) = (x.da as usize, x.db as usize, x.a as usize, x.b as usize);
        let (mut ra, mut rb) = (
            whole(&corpus, &ix, da, false),
            whole(&corpus, &ix, db, false),
        );
        let real = ungapped(&mut ra, &mut rb, a, b, false, k);
        let reach = chance::ungapped_reach(
            &ix.profiles.get(da).sketch,
            &ix.profiles.get(db).sketch,
            a,
            b,
            k,
        );
        match (real, reach) {
            (None, _) => {}
            (Some(_), None) => panic!("{x:?}: the codes lost an equal shingle"),
            (Some(u), Some(r)) => {
                assert!(u.score <= r.score, "{x:?}");
                assert!(
                    u.cover.a0 >= a - r.left && u.cover.b0 >= b - r.left,
                    "{x:?}"
                );
                assert!(u.cover.a1 <= a + k + r.right && u.cover.b1 <= b + k + r.right);
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn anchors_skipped_on_their_codes_change_no_result() {
    let (corpus, mut ix) = chance_prose();
    // No similarity floor, so that every pair the alignment makes is
    // compared: in text of seven words, where a word matches one time in
    // seven on every diagonal, the copies' extensions run on into the text
    // around them, below the usual floor.
    let cfg = AlignCfg {
        k: 5,
        min_words: 7,
        min_piece: 10,
        min_similarity: 0.0,
    };
    let anchors = ix.all_anchors();
    let (mut skipped, mut skipped_within, mut found) = (0, 0, 0);
    for g in anchors.chunk_by(|x, y| (x.da, x.db) == (y.da, y.db)) {
        let (da, db) = (g[0].da as usize, g[0].db as usize);
        let plain = align_pair(
            &mut whole(&corpus, &ix, da, false),
            &mut whole(&corpus, &ix, db, false),
            g,
            &cfg,
        );
        let (mut ra, mut rb) = (whole(&corpus, &ix, da, true), whole(&corpus, &ix, db, true));
        assert!(ra.sketch().is_some() && rb.sketch().is_some());
        assert_eq!(align_pair(&mut ra, &mut rb, g, &cfg), plain, "{da} {db}");
        if da == db {
            // Within one document: each skipped anchor's ungapped walk would
            // have been found wanting.
            let mut r = whole(&corpus, &ix, da, true);
            for i in (0..g.len()).filter(|&i| cannot_trigger_within(&ra, g, i, cfg.k)) {
                skipped_within += 1;
                let (a, b) = (g[i].a as usize, g[i].b as usize);
                let mut r2 = whole(&corpus, &ix, da, false);
                if let Some(u) = ungapped(&mut r, &mut r2, a, b, true, cfg.k) {
                    assert!(u.score < trigger(cfg.k) && !second_hit(g, i, true, cfg.k));
                }
            }
            continue;
        }
        // What each skipped anchor would have done: nothing that counts.
        let skip: Vec<usize> = (0..g.len())
            .filter(|&i| cannot_matter(&ra, &rb, g, i, cfg.k))
            .collect();
        for i in skip {
            skipped += 1;
            let (a, b) = (g[i].a as usize, g[i].b as usize);
            let Some(u) = ungapped(&mut ra, &mut rb, a, b, false, cfg.k) else {
                continue;
            };
            assert!(u.score < trigger(cfg.k) && !second_hit(g, i, false, cfg.k));
            let c = u.cover;
            assert!(!g[i + 1..].iter().any(|y| {
                let (ya, yb) = (y.a as usize, y.b as usize);
                ya >= c.a0 && ya < c.a1 && yb >= c.b0 && yb < c.b1
            }));
        }
        found += plain.len();
    }
    // The skip does happen, and the planted copies are found.
    assert!(skipped > 10, "{skipped}");
    assert!(skipped_within > 10, "{skipped_within}");
    assert!(found >= 2, "{found}");
}

#[test]
fn a_paragraph_break_is_a_blank_line_between_two_words() {
    let text = "one two\n\nthree\n \t\nfour\nfive - six\r\n\r\nseven";
    let mut n = 0;
    let cp = words::scan(text, |_, _| n += 1);
    let mut r = Region::new(text, &cp, n, 0, n);
    let breaks: Vec<usize> = (0..n)
        .filter(|&i| paragraph_break_before(&mut r, i))
        .collect();
    // Before "three" (empty line), "four" (a line of white space) and
    // "seven" (CRLF); not before "two" (same line) or "five" (one newline).
    assert_eq!(breaks, [2, 3, 6]);
}

#[test]
fn paragraph_breaks_found_by_scanning_the_text_are_those_of_every_word() {
    // Blank lines of every kind among 3,000 words, a word broken by a
    // hyphen at a line end, CJK words (a character each), lines ending in
    // spaces, and a long stretch without a break (several checkpoints).
    let mut text = String::new();
    for i in 0..3000usize {
        text.push_str(&format!("w{i}"));
        text.push_str(match i % 97 {
            0 | 50 => "\n\n",
            13 => " \n \t \n",
            20 => "\r\n\r\n\r\n",
            31 => "\n",
            40 => " exam-\nple ",
            60 => " 漢字仮名\n\n交じり ",
            _ if i % 997 == 5 => "  \n\u{3000}\n",
            _ => " ",
        });
    }
    let mut n = 0;
    let cp = words::scan(&text, |_, _| n += 1);
    let mut r = Region::new(&text, &cp, n, 0, n);
    let every: Vec<usize> = (0..n)
        .filter(|&i| paragraph_break_before(&mut r, i))
        .collect();
    assert!(every.len() > 80, "{}", every.len());
    for (lo, hi) in [(0, n), (1, n - 1), (37, 2100), (500, 501), (700, 700)] {
        let mut r = Region::new(&text, &cp, n, 0, 0);
        let scanned = breaks_in(&mut r, lo, hi);
        let expected: Vec<usize> = every
            .iter()
            .copied()
            .filter(|w| (lo..hi).contains(w))
            .collect();
        assert_eq!(scanned, expected, "{lo}..{hi}");
    }
}

/// Side A and B of a forward walk from `(a, b)`, comparing word by word
/// only (no stretch of identical text taken at once).
struct WordByWord<'r, 'a, 'b>(Walk<'r, 'a, 'b>);

impl xdrop::Words2 for WordByWord<'_, '_, '_> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        self.0.cmp(i, j)
    }
    fn len_a(&self) -> usize {
        self.0.len_a()
    }
    fn len_b(&self) -> usize {
        self.0.len_b()
    }
}

#[test]
fn identical_text_is_taken_at_once_with_the_same_alignment() {
    // 5,000 words; the copy has three words replaced, one inserted, its
    // case changed over a stretch (equal words, not identical text) and
    // its line breaks moved in another (the same words at other bytes).
    let words_a: Vec<String> = (0..5000).map(|i| format!("w{}", i % 1777)).collect();
    let mut words_b = words_a.clone();
    words_b[900] = "changed".into();
    words_b[2400] = "altered".into();
    words_b.insert(3100, "extra".into());
    for w in &mut words_b[1200..1300] {
        *w = w.to_uppercase();
    }
    words_b[4990] = "last".into();
    let a = words_a.join(" ");
    let mut b = words_b.join(" ");
    let cut = b.find(" w1700 ").unwrap();
    b.replace_range(cut..cut + 1, "\n");
    let (corpus, ix) = two_docs(&a, &b);
    let (pa, pb) = (ix.profiles.get(0), ix.profiles.get(1));
    let region = |d: usize| {
        let p = ix.profiles.get(d);
        Region::new(&corpus.documents[d].text, p.checkpoints, p.words, 0, 0)
    };
    // Identical bytes from word 10: up to the last checkpoint before the
    // first difference (word 900), where the copy starts a word too.
    let (mut ra, mut rb) = (region(0), region(1));
    assert_eq!(identical_ahead(&mut ra, &mut rb, 10, 10), 896 - 10);
    // Past the inserted word the copy's words are one further on: up to
    // the checkpoint before the replaced word 4989 (4990 in the copy).
    assert_eq!(identical_ahead(&mut ra, &mut rb, 3200, 3201), 4960 - 3200);
    // Equal words in other bytes (the line break moved before word 1700,
    // the case changed from 1200): a stretch ending at the checkpoint
    // before them, or none.
    assert_eq!(identical_ahead(&mut ra, &mut rb, 1690, 1690), 1696 - 1690);
    assert_eq!(identical_ahead(&mut ra, &mut rb, 1697, 1697), 0);
    assert_eq!(identical_ahead(&mut ra, &mut rb, 1150, 1150), 1184 - 1150);
    // Side B out of step with side A (its word 40 is A's 41): the copy
    // does not start a word where A's checkpoint is.
    assert_eq!(identical_ahead(&mut ra, &mut rb, 41, 40), 0);
    let mut walks = Vec::new();
    for skip in [true, false] {
        let (mut ra, mut rb) = (region(0), region(1));
        let walk = Walk {
            ra: &mut ra,
            rb: &mut rb,
            a0: 5,
            b0: 5,
            len_a: pa.words - 5,
            len_b: pb.words - 5,
            forward: true,
        };
        walks.push(if skip {
            xdrop::extend(&mut { walk }, 5)
        } else {
            xdrop::extend(&mut WordByWord(walk), 5)
        });
    }
    assert_eq!(walks[0], walks[1]);
    assert!(walks[0].a > 4900, "{}", walks[0].a);
}

/// Two documents made of the given words, their index and the two
/// sketched regions' owner.
fn two_docs(a: &str, b: &str) -> (crate::corpus::Corpus, crate::reuse::index::Index) {
    use crate::corpus::{Corpus, Document};
    let corpus = Corpus {
        documents: vec![Document::new("a", a), Document::new("b", b)],
    };
    let ix = crate::reuse::index::build(&corpus, 5, 3, 16);
    (corpus, ix)
}

/// `n` words nobody else uses, tagged `tag`.
fn own(tag: &str, n: usize) -> String {
    (0..n).map(|i| format!("{tag}{i} ")).collect()
}

#[test]
fn the_probe_sees_a_solid_run_past_a_burst_and_none_past_unrelated_text() {
    let phrase = "in the middle of the night ";
    let tail = "when the rain came down ";
    // After the shared phrase: unrelated words on both sides.
    let (c, ix) = two_docs(
        &format!("{}{phrase}{}", own("a", 30), own("x", 40)),
        &format!("{}{phrase}{}", own("b", 20), own("y", 40)),
    );
    let (mut ra, mut rb) = (whole(&c, &ix, 0, true), whole(&c, &ix, 1, true));
    // The phrase is words 30..36 of A and 20..26 of B.
    assert!(!probe::solid_ahead(
        &mut ra,
        &mut rb,
        (36, 26),
        true,
        25..usize::MAX
    ));
    assert!(!probe::solid_ahead(
        &mut ra,
        &mut rb,
        (30, 20),
        false,
        0..20
    ));
    // Seven replaced words, then the copy goes on; six inserted words on
    // side B, then the copy goes on; and before the phrase, four words
    // dropped from side B.
    for (mid_a, mid_b) in [(own("r", 7), own("s", 7)), (String::new(), own("t", 6))] {
        let (c, ix) = two_docs(
            &format!("{}{phrase}{mid_a}{tail}{}", own("a", 30), own("x", 10)),
            &format!("{}{phrase}{mid_b}{tail}{}", own("b", 20), own("y", 10)),
        );
        let (mut ra, mut rb) = (whole(&c, &ix, 0, true), whole(&c, &ix, 1, true));
        assert!(probe::solid_ahead(
            &mut ra,
            &mut rb,
            (36, 26),
            true,
            25..usize::MAX
        ));
    }
    let shared = own("c", 10);
    let (c, ix) = two_docs(
        &format!("{shared}k1 k2 k3 k4 {phrase}{}", own("x", 10)),
        &format!("{shared}{phrase}{}", own("y", 10)),
    );
    let (mut ra, mut rb) = (whole(&c, &ix, 0, true), whole(&c, &ix, 1, true));
    assert!(probe::solid_ahead(&mut ra, &mut rb, (14, 10), false, 0..10));
    // A run further out than the probe looks: not seen.
    let (c, ix) = two_docs(
        &format!("{phrase}{}{tail}", own("x", probe::AHEAD + 2)),
        &format!("{phrase}{}{tail}", own("y", probe::AHEAD + 2)),
    );
    let (mut ra, mut rb) = (whole(&c, &ix, 0, true), whole(&c, &ix, 1, true));
    assert!(!probe::solid_ahead(
        &mut ra,
        &mut rb,
        (6, 6),
        true,
        5..usize::MAX
    ));
    // Without sketches nothing is ruled out.
    let (mut ra, mut rb) = (whole(&c, &ix, 0, false), whole(&c, &ix, 1, false));
    assert!(probe::solid_ahead(
        &mut ra,
        &mut rb,
        (6, 6),
        true,
        5..usize::MAX
    ));
}

#[test]
fn parts_of_one_document_share_the_long_stretches_they_align() {
    // A text of 2 000 words, 100 other words, the same text again: one
    // anchor every 50 words on the copy's diagonal, aligned as two parts
    // (the first anchor alone, then the rest) as a large document is.
    let words_of = |tag: &str, n: usize| (0..n).map(|i| format!("{tag}{i}")).collect::<Vec<_>>();
    let text = words_of("tq", 2000).join(" ");
    let doc = format!("{text} {} {text}", words_of("gap", 100).join(" "));
    let mut n = 0;
    let cp = words::scan(&doc, |_, _| n += 1);
    assert_eq!(n, 4100);
    let anchors: Vec<Anchor> = (0..1995)
        .step_by(50)
        .map(|a| Anchor {
            da: 0,
            db: 0,
            a: a as u32,
            b: (a + 2100) as u32,
        })
        .collect();
    let cfg = AlignCfg {
        k: 5,
        min_words: 7,
        min_piece: 10,
        min_similarity: 0.7,
    };
    let run = |shared: Option<&SharedCovers>, range: std::ops::Range<usize>| {
        let mut ra = Region::new(&doc, &cp, n, 0, n);
        let mut rb = Region::new(&doc, &cp, n, 0, n);
        align_pair_part(&mut ra, &mut rb, &anchors, range, &cfg, shared)
    };
    let shared = SharedCovers::new();
    let first = run(Some(&shared), 0..1);
    assert_eq!(first.len(), 1);
    assert_eq!((first[0].a.w0, first[0].a.w1), (0, 2000));
    assert_eq!((first[0].b.w0, first[0].b.w1), (2100, 4100));
    // Until sealed (the next wave of parts), the stretch is not seen…
    assert_eq!(run(Some(&shared), 1..anchors.len()), first);
    // …then the second part skips every anchor it holds…
    shared.seal();
    assert!(run(Some(&shared), 1..anchors.len()).is_empty());
    // …which, not knowing it, it aligned over again.
    assert_eq!(run(None, 1..anchors.len()), first);
}

proptest::proptest! {
    /// The bit-parallel bound is the longest common subsequence of every
    /// pair of prefixes, as the textbook table gives it, on any relation
    /// of which words may match.
    #[test]
    fn the_match_bound_is_the_longest_common_subsequence_of_every_pair_of_prefixes(
        nb in 0usize..=48,
        raw in proptest::collection::vec(proptest::num::u64::ANY, 0..=48),
        sparse in 0u32..4,
    ) {
        use proptest::prelude::*;
        // Some relations dense, some sparse (bits kept one time in 2^sparse).
        let all = if nb == 0 { 0 } else { u64::MAX >> (64 - nb) };
        let masks: Vec<u64> = raw
            .chunks(1)
            .enumerate()
            .map(|(i, r)| (0..sparse).fold(r[0], |m, s| m & r[0].rotate_left(7 * (s + 1) + i as u32)) & all)
            .collect();
        let rows = lcs_rows(&masks);
        let na = masks.len();
        let mut lcs = vec![vec![0usize; nb + 1]; na + 1];
        for i in 1..=na {
            for j in 1..=nb {
                lcs[i][j] = if masks[i - 1] >> (j - 1) & 1 == 1 {
                    lcs[i - 1][j - 1] + 1
                } else {
                    lcs[i - 1][j].max(lcs[i][j - 1])
                };
            }
        }
        for (t, (row, want)) in rows.iter().zip(&lcs).enumerate() {
            for (u, &w) in want.iter().enumerate() {
                prop_assert_eq!(most_matched(*row, u), w, "t {} u {}", t, u);
            }
        }
    }
}
