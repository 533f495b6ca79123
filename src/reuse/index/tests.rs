//! Tests of the index: fingerprints, groups, stock runs and both waves of
//! anchors.

use super::anchors::CONSUME_BATCH;
use super::*;
use crate::corpus::Document;
use crate::reuse::twins::Twins;

pub(super) fn corpus(texts: &[&str]) -> Corpus {
    Corpus {
        documents: texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), *t))
            .collect(),
    }
}

#[test]
fn shared_run_gives_an_anchor_on_its_diagonal() {
    let c = corpus(&[
        "alpha beta gamma delta epsilon zeta eta theta iota kappa",
        "one two alpha beta gamma delta epsilon zeta eta three",
    ]);
    let mut ix = build(&c, 5, 3, 16);
    let anchors = ix.all_anchors();
    assert_eq!(ix.profiles.words(0), 10);
    assert_eq!(ix.profiles.words(1), 10);
    assert!(!anchors.is_empty());
    for a in &anchors {
        assert_eq!((a.da, a.db), (0, 1));
        assert_eq!(a.b, a.a + 2);
    }
}

#[test]
fn ocr_misreadings_share_shingles_through_seed_keys() {
    // No word of the shingle has equal keys on both sides.
    let c = corpus(&[
        "one the copyright permission notice appears two",
        "three thc c0pyright perrnission n0tice appcars four",
    ]);
    let anchors = build(&c, 5, 1, 16).all_anchors();
    assert_eq!(
        anchors,
        [Anchor {
            da: 0,
            db: 1,
            a: 1,
            b: 1
        }]
    );
}

#[test]
fn repeats_within_one_document_pair_without_overlap() {
    let c = corpus(&["x a b c d e f g y a b c d e f g z"]);
    let anchors = build(&c, 5, 3, 16).all_anchors();
    assert!(!anchors.is_empty());
    for a in &anchors {
        assert_eq!((a.da, a.db), (0, 0));
        assert_eq!(a.b, a.a + 8);
    }
}

#[test]
fn short_documents_still_get_a_fingerprint() {
    let c = corpus(&["a b c d e", "a b c d e"]);
    let anchors = build(&c, 5, 3, 16).all_anchors();
    assert_eq!(
        anchors,
        [Anchor {
            da: 0,
            db: 1,
            a: 0,
            b: 0
        }]
    );
}

#[test]
fn large_groups_pair_consecutively_one_anchor_per_run() {
    // Forty documents sharing eleven words: seven groups of forty
    // positions, each document pair's anchors on one diagonal run.
    let texts = vec!["p q r s t u v w x y z"; 40];
    let anchors = build(&corpus(&texts), 5, 1, 16).all_anchors();
    // A path of 39 consecutive pairs, not all 780 pairs, and one anchor
    // per run, not seven.
    assert_eq!(anchors.len(), 39);
    assert!(
        anchors
            .iter()
            .all(|x| x.a == 0 && x.b == 0 && x.db == x.da + 1)
    );
}

#[test]
fn a_common_shingle_needs_a_confirming_neighbour() {
    // Ten documents share one five-word phrase (a common group); only
    // documents 4 and 5 share more: a rare shingle nine words on.
    let texts: Vec<String> = (0..10)
        .map(|i| {
            let tail = if i == 4 || i == 5 {
                "m n o p q".to_string()
            } else {
                format!("m{i} n{i} o{i} p{i} q{i}")
            };
            format!("u{i} a b c d e f{i} g{i} h{i} i{i} {tail} z{i}")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut ix = build(&corpus(&refs), 5, 1, 16);
    let at = |da, a, db, b| Anchor { da, db, a, b };
    // The lone common anchors are dropped; 4–5's is confirmed by the
    // rare one on its diagonal.
    assert_eq!(ix.spanning_anchors(), [at(4, 1, 5, 1), at(4, 10, 5, 10)]);
}

#[test]
fn a_repeated_text_gives_one_anchor_per_run() {
    // One document: the same twelve words four times.
    let unit = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 ";
    let text = unit.repeat(4);
    let anchors = build(&corpus(&[&text]), 5, 1, 16).all_anchors();
    // Each copy with the next, on diagonal 12: one run from word 0.
    assert_eq!(
        anchors,
        [Anchor {
            da: 0,
            db: 0,
            a: 0,
            b: 12
        }]
    );
}

#[test]
fn taking_the_second_wave_gives_the_same_anchors_and_frees_the_fingerprints() {
    // 2,000 passages of 200 words, each in four of twelve documents:
    // about 1.6 M fingerprints, so the groups are read in several batches.
    let mut docs = vec![String::new(); 12];
    for j in 0..2000usize {
        let passage: String = (0..200).map(|i| format!("w{}x{} ", j, i % 97)).collect();
        for d in [j, j + 1, j + 3, j + 7] {
            docs[d % 12].push_str(&passage);
        }
    }
    let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
    let c = corpus(&texts);
    let needed = |x: &Anchor| (x.a + x.b + x.da).is_multiple_of(3);
    let mut ix = build(&c, 5, 1, 16);
    ix.spanning_anchors();
    assert!(ix.group_blocks().len() > 2 * CONSUME_BATCH);
    let expected = ix.extra_anchors(needed);
    assert!(expected.len() > 100_000);
    assert_eq!(ix.take_extra_anchors(needed), expected);
    assert_eq!(ix.shared.len(), 0);
    assert!(ix.extra_anchors(|_| true).is_empty());
}

#[test]
fn small_groups_pair_along_a_path_first_and_the_rest_on_demand() {
    // Four documents sharing one shingle, an empty document among them.
    let c = corpus(&["p q r s t", "", "p q r s t", "x p q r s t", "p q r s t"]);
    let mut ix = build(&c, 5, 1, 16);
    let at = |da, a, db, b| Anchor { da, db, a, b };
    assert_eq!(
        ix.spanning_anchors(),
        [at(0, 0, 2, 0), at(2, 0, 3, 1), at(3, 1, 4, 0)]
    );
    assert_eq!(
        ix.extra_anchors(|_| true),
        [at(0, 0, 3, 1), at(0, 0, 4, 0), at(2, 0, 4, 0)]
    );
    // The caller drops the pairs the path explains.
    // Groups of four give all their pairs whatever the caller says.
    assert_eq!(ix.extra_anchors(|_| false).len(), 3);
    // Larger groups only those the caller needs.
    let mut ix = build(&corpus(&["p q r s t"; 6]), 5, 1, 16);
    assert_eq!(ix.spanning_anchors().len(), 5);
    assert_eq!(
        ix.extra_anchors(|x| x.da == 0),
        [
            at(0, 0, 2, 0),
            at(0, 0, 3, 0),
            at(0, 0, 4, 0),
            at(0, 0, 5, 0)
        ]
    );
    assert_eq!(ix.all_anchors().len(), 15);
}

#[test]
fn only_shared_fingerprints_are_kept_and_stock_is_located() {
    // Six copies of one shingle (stock) in documents with other words.
    let texts: Vec<String> = (0..6)
        .map(|i| format!("u{i} v{i} w{i} a b c d e"))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut ix = build(&corpus(&refs), 5, 1, 16);
    assert_eq!(ix.shared.len(), 6);
    assert_eq!(ix.stock().len(), 6);
    for d in 0..6 {
        // Words 3..8 of each document, when the threshold is below six.
        assert_eq!(ix.stock().covered(d, 0, 8, 5), 5);
        assert_eq!(ix.stock().covered(d, 4, 6, 5), 2);
        assert_eq!(ix.stock().covered(d, 0, 3, 5), 0);
        assert_eq!(ix.stock().covered(d, 0, 8, 6), 0);
    }
    assert_eq!(std::mem::size_of::<Fingerprint>(), 8);
}

#[test]
fn the_stock_map_asked_for_after_the_groups_are_consumed_is_the_same() {
    // The stock map is made when first asked for; drawing the second wave
    // (or releasing the fingerprints) consumes the groups it is made from,
    // so each makes it first.
    let texts: Vec<String> = (0..8)
        .map(|i| format!("u{i} v{i} w{i} a b c d e f g x{i} y{i} h i j k l"))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = corpus(&refs);
    let mut at_once = build(&c, 5, 1, 16);
    let expected = at_once.stock().runs.clone();
    assert_eq!(expected.len(), 16, "{expected:?}");
    let mut drawn = build(&c, 5, 1, 16);
    let _ = drawn.spanning_anchors();
    drawn.take_extra_anchors(|_| true);
    assert_eq!(drawn.shared.len(), 0);
    assert_eq!(drawn.stock().runs, expected);
    let mut released = build(&c, 5, 1, 16);
    released.release_fingerprints();
    assert_eq!(released.stock().runs, expected);
}

#[test]
fn stock_runs_below_the_floor_change_no_coverage_above_it() {
    // Phrases recurring 6 to 12 times side by side (so runs of different
    // counts touch, and shingles across two phrases recur too).
    let texts: Vec<String> = (0..12)
        .map(|d| {
            (6..=12)
                .map(|c| {
                    let w = if d < c {
                        format!("p{c}")
                    } else {
                        format!("x{d}y{c}")
                    };
                    (0..5)
                        .map(|i| format!("{w}w{i}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut ix = build(&corpus(&refs), 5, 1, 16);
    let full = ix.stock_map_from(STOCK_MIN);
    for min in 7..=12 {
        let part = ix.stock_map_from(min);
        assert!(
            part.len() < full.len(),
            "{min}: {} of {}",
            part.len(),
            full.len()
        );
        for d in 0..12u32 {
            for w0 in 0..35 {
                for w1 in w0 + 1..=35 {
                    for above in min as u32 - 1..=13 {
                        assert_eq!(
                            part.covered(d, w0, w1, above),
                            full.covered(d, w0, w1, above),
                            "min {min} doc {d} words {w0}..{w1} above {above}"
                        );
                    }
                }
            }
        }
    }
    // The index keeps what the banality filter can ask for: all of it in
    // a corpus of fewer than a million words.
    assert_eq!(stock_floor(35 * 12), 0);
    assert_eq!(ix.stock().runs, full.runs);
}

/// The hash whose bucket is `b` and stored bits `h`.
fn hash_of(b: u32, h: u32) -> u64 {
    (u64::from(h) << 32) | 0x5432_1000 | u64::from(b)
}

#[test]
fn groups_are_runs_of_equal_hash_inside_one_bucket() {
    // (bucket, h, at), in any order. Bucket 3 ends and bucket 4 starts
    // with the same `h`: two groups, not one. Singletons are dropped.
    let v: Vec<[u32; 3]> = vec![
        [3, 9, 8],
        [0, 7, 1],
        [3, 5, 9],
        [4095, 1, 12],
        [3, 5, 2],
        [3, 9, 4],
        [4, 9, 5],
        [3, 9, 6],
        [4, 9, 3],
        [4, 11, 0],
        [4095, 1, 10],
    ];
    let mut per_bucket = vec![0usize; 1 << BUCKET_BITS];
    for e in &v {
        per_bucket[e[0] as usize] += 1;
    }
    // A region larger than what is written (unshared fingerprints).
    per_bucket[4] += 3;
    let mut fill = BucketFill::new(&per_bucket);
    for e in &v {
        fill.push(hash_of(e[0], e[1]), e[2]);
    }
    let mut g = fill.finish();
    // Word numbers only, by hash then word; a group's start is a bit
    // (equal stored bits in buckets 3 and 4 are two groups).
    assert_eq!(g.all(), &[2, 9, 4, 6, 8, 3, 5, 10, 12]);
    assert_eq!(g.heads, [0b1010_0101]);
    assert_eq!(g.group_starts(), vec![0, 2, 5, 7, 9]);
    assert!(g.same_group(3) && !g.same_group(4) && g.same_group(5) && !g.same_group(8));
    assert_eq!(g.group_at(2), &[4, 6, 8]);
    assert_eq!(g.group_at(7), &[10, 12]);
    let groups: Vec<Vec<u32>> = g.groups(0..9).map(<[u32]>::to_vec).collect();
    assert_eq!(
        groups,
        vec![vec![2, 9], vec![4, 6, 8], vec![3, 5], vec![10, 12]]
    );
    let tail: Vec<usize> = g.groups(5..9).map(<[_]>::len).collect();
    assert_eq!(tail, vec![2, 2]);
    // Keeping groups of three: the heads follow.
    g.retain(3);
    assert_eq!(g.all(), &[4, 6, 8]);
    assert_eq!(g.heads, [1]);
    assert_eq!(g.group_starts(), vec![0, 3]);
    // Cutting at a group boundary clears the bits past it.
    g.truncate(0);
    assert_eq!((g.len(), g.heads.len(), g.each_group().count()), (0, 0, 0));
}

#[test]
fn a_fingerprint_keeps_44_bits_of_the_hash() {
    let h = 0xABCD_EF01_2345_6789;
    // The top 32 bits stored, the low 12 choosing the bucket.
    assert_eq!((bucket(h, 12), stored_bits(h, 12)), (0x789, 0xABCD_EF01));
    // Fewer bucket bits on a small corpus: fewer low bits.
    assert_eq!((bucket(h, 5), stored_bits(h, 5)), (0x09, 0xABCD_EF01));
    assert_eq!(bucket_bits(0), 1);
    assert_eq!(bucket_bits(1_270_000), 5);
    assert_eq!(bucket_bits(130_000_000), 11);
    assert_eq!(bucket_bits(1 << 40), 12);
    let g = hash_of(0x789, 0xABCD_EF01);
    assert_eq!((bucket(g, 12), stored_bits(g, 12)), (0x789, 0xABCD_EF01));
}

#[test]
fn stock_shingles_of_equal_count_merge_into_runs() {
    // Eight documents of the same ten words: six stock fingerprints each,
    // all recurring eight times, one run per document.
    let texts = vec!["a b c d e f g h i j"; 8];
    let mut ix = build(&corpus(&texts), 5, 1, 16);
    assert_eq!(ix.shared.len(), 48);
    assert_eq!(ix.stock().len(), 8);
    assert_eq!(ix.stock().covered(3, 0, 10, 7), 10);
    assert_eq!(ix.stock().covered(3, 2, 5, 7), 3);
    assert_eq!(ix.stock().covered(7, 9, 10, 7), 1);
    assert_eq!(ix.stock().covered(3, 0, 10, 8), 0);
}

#[test]
fn rolling_hash_equals_shingle_hash() {
    let text = "one two three four five six seven";
    let mut keys = Vec::new();
    words::scan_seeds(text, |_, s, _| keys.push(s));
    let mut got = Vec::new();
    profile_doc(text, 5, 1, None, |pos, h| got.push((pos, h)));
    let want: Vec<(u32, u64)> = (0..3)
        .map(|p| (p as u32, shingle_hash(keys[p..p + 5].iter().copied())))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn locating_by_hint_agrees_with_a_binary_search() {
    // Documents of 0 to 3,000 words, empty ones among them.
    let sizes = [0u32, 5, 3000, 0, 0, 1024, 1, 2047, 0, 4096, 17];
    let mut first_word = vec![0u32];
    for s in sizes {
        first_word.push(first_word.last().unwrap() + s);
    }
    let hint = doc_hints(&first_word);
    let total = *first_word.last().unwrap();
    for at in 0..total {
        let d = first_word.partition_point(|&f| f <= at) - 1;
        assert_eq!(
            locate(&first_word, &hint, at),
            (d as u32, at - first_word[d]),
            "{at}"
        );
    }
}

#[test]
fn a_large_document_is_indexed_a_buffer_at_a_time_losing_nothing() {
    // One document of ~1.3 MB (a batch of its own): 400 distinct paragraphs,
    // each followed somewhere later by a copy of an earlier one.
    let mut text = String::new();
    for j in 0..400usize {
        let para: String = (0..300).map(|i| format!("p{j}w{} ", i % 89)).collect();
        text.push_str(&para);
        let back = j / 2;
        let copy: String = (0..40).map(|i| format!("p{back}w{} ", i % 89)).collect();
        text.push_str(&copy);
    }
    assert!(text.len() > 1_000_000);
    let (k, w) = (5, 3);
    // Every winnowed fingerprint of the document, and which recur.
    let mut all: Vec<(u32, u64)> = Vec::new();
    profile_doc(&text, k, w, None, |pos, hash| all.push((pos, hash)));
    assert!(
        all.len() > 3 * seen_buffer(text.len()),
        "several buffers are recorded"
    );
    // Those stored: past the thinning of long repeats within a document
    // (none here: each paragraph repeats with a period of 89 words, but
    // for 300 words only)…
    let mut repeats = super::repeats::Repeats::new(text.len());
    let kept: Vec<(u32, u64)> = all
        .iter()
        .copied()
        .filter(|&(p, h)| repeats.keep(p, h))
        .collect();
    assert_eq!(kept.len(), all.len());
    // …and shared.
    let mut count = std::collections::HashMap::new();
    for &(_, h) in &kept {
        *count.entry(h).or_insert(0usize) += 1;
    }
    let mut expected: Vec<u32> = kept
        .iter()
        .filter(|(_, h)| count[h] > 1)
        .map(|&(p, _)| p)
        .collect();
    expected.sort_unstable();
    let ix = build(&corpus(&[&text]), k, w, 16);
    let mut got: Vec<u32> = ix.shared.all().to_vec();
    got.sort_unstable();
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
}

#[test]
fn the_buffer_of_a_large_document_follows_its_size() {
    assert_eq!(seen_buffer(0), 1 << 14);
    assert_eq!(seen_buffer(5_000_000), 19_531);
    assert_eq!(seen_buffer(1 << 30), SEEN_BUFFER);
}

#[test]
fn the_index_is_the_same_with_or_without_the_first_pass() {
    // Passages shared two to five times among unique text, and a document
    // larger than a batch (hashed a buffer at a time).
    let mut texts: Vec<String> = (0..12)
        .map(|d| (0..400).map(|i| format!("u{d}x{i} ")).collect())
        .collect();
    for p in 0..40usize {
        let passage: String = (0..25).map(|i| format!("p{p}w{i} ")).collect();
        for c in 0..2 + p % 4 {
            texts[(p * 7 + c * 5) % 12].push_str(&passage);
        }
    }
    texts.push(
        (0..120_000)
            .map(|i| format!("big{} ", i % 50_000))
            .collect(),
    );
    // An article (holding a passage shared with other documents) thirty
    // times over: thinned in both passes.
    let article: String = (0..600).map(|i| format!("art{i} ")).collect::<String>()
        + &(0..25).map(|i| format!("p3w{i} ")).collect::<String>();
    texts.push(article.repeat(30));
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = corpus(&refs);
    let plan = |fingerprints, one_pass| passes::Plan {
        fingerprints,
        one_pass,
    };
    let build = |p, rounds: usize| build_with(&c, &Twins::default(), (5, 3), 16, p, |_, _| rounds);
    let mut two = build(plan(1 << 16, false), 1);
    assert!(two.shared.len() > 1000);
    assert!(!two.thinned.is_empty());
    // A plan of one fingerprint: every bucket's region overflows and the
    // spill is merged; a plan of plenty: none does. The second pass in
    // rounds of a share of the buckets each: the same again (one pass
    // has no rounds).
    let variants = [(plan(1, true), 1), (plan(1 << 20, true), 3)];
    let rounds = [2, 3, 7].map(|r| (plan(1 << 16, false), r));
    for (p, r) in variants.into_iter().chain(rounds) {
        let mut one = build(p, r);
        let fps = (p, r);
        assert_eq!(one.shared.at, two.shared.at, "plan {fps:?}");
        assert_eq!(one.shared.heads, two.shared.heads);
        assert_eq!(one.stock().runs, two.stock().runs);
        assert_eq!(one.first_word, two.first_word);
        assert_eq!(one.thinned, two.thinned);
        for (x, y) in one.profiles.iter().zip(two.profiles.iter()) {
            assert_eq!((x.words, x.checkpoints), (y.words, y.checkpoints));
            assert_eq!(x.sketch.len(), y.sketch.len());
        }
    }
}

#[test]
fn dominant_anchors_drop_only_those_overlapping_a_kept_one() {
    let at = |da, a, db, b| Anchor { da, db, a, b };
    // One diagonal of documents 1 and 2 (b = a + 10), shingles of 5 words:
    // 2 and 4 overlap the shingle at 0; 5 does not (a second hit for 0),
    // and 7 overlaps 5's. Another diagonal and another pair are apart.
    let v = vec![
        at(1, 7, 2, 17),
        at(1, 0, 2, 10),
        at(1, 4, 2, 14),
        at(1, 2, 2, 12),
        at(1, 5, 2, 15),
        at(1, 3, 2, 30),
        at(1, 0, 3, 10),
    ];
    let mut kept = super::anchors::drop_overlapping(v, 5);
    kept.sort_unstable();
    assert_eq!(
        kept,
        [
            at(1, 0, 2, 10),
            at(1, 3, 2, 30),
            at(1, 5, 2, 15),
            at(1, 0, 3, 10)
        ]
    );
}

#[test]
fn a_representative_is_paired_a_few_times_per_cluster_of_its_own_shape() {
    use super::anchors::{SAME_SHAPE_TRIES, Tries, worth_pairing};
    // Representative 0 of cluster root 9, its passages 4 words before the
    // shingle and 20 from it.
    let rep = (0, 9, (4, 20));
    let mut tries = Tries::default();
    // Positions at word 100 of passages 96..120 (the same shape) in
    // cluster 5: paired SAME_SHAPE_TRIES times, then no more.
    let same = [(5, 96, 120)];
    let paired = (0..10)
        .filter(|_| worth_pairing(100, &same, rep, &mut tries))
        .count();
    assert_eq!(paired, SAME_SHAPE_TRIES as usize);
    // Another cluster of that shape has tries of its own.
    assert!(worth_pairing(100, &[(6, 96, 120)], rep, &mut tries));
    // Another shape (a navigation line followed by a header: 4 words
    // before, 60 from it) is always paired: its alignment makes a new
    // passage of the representative's shape.
    let longer = [(5, 96, 160)];
    assert!((0..10).all(|_| worth_pairing(100, &longer, rep, &mut tries)));
    // Never when uncovered or already in the representative's cluster.
    assert!(!worth_pairing(100, &[], rep, &mut tries));
    assert!(!worth_pairing(
        100,
        &[(7, 90, 130), (9, 96, 120)],
        rep,
        &mut tries
    ));
}

#[test]
fn copies_left_out_of_the_index_count_in_the_stock_map_as_if_indexed() {
    // A sentence in three documents and in four copies of the first: seven
    // places, which is stock (at least STOCK_MIN) only if the copies count.
    let words = |tag: &str, n: usize| -> String {
        (0..n)
            .map(|i| format!("{tag}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let s = words("s", 12);
    let texts: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|t| format!("{} {s} {}", words(t, 30), words(&t.repeat(2), 30)))
        .collect();
    let all: Vec<&str> = [0, 1, 2, 0, 0, 0, 0]
        .iter()
        .map(|&i| texts[i].as_str())
        .collect();
    let c = corpus(&all);
    let twins = Twins::find(&c.documents);
    assert_eq!(twins.copies(), 4);
    let mut indexed = build(&c, 5, 3, 16);
    let mut left_out = build_except(&c, &twins, 5, 3, 16);
    assert_eq!(left_out.profiles.words(3), 0);
    assert_eq!(
        left_out.stock().corpus_words(),
        indexed.stock().corpus_words()
    );
    // Most of the sentence's words (30..42) are stock in every document,
    // copies included (its first and last shingles reach past it), and
    // nothing else is.
    for d in 0..all.len() as u32 {
        for (w0, w1) in [(0, 72), (30, 42), (0, 30), (35, 60)] {
            let want = indexed.stock().covered(d, w0, w1, 6);
            assert_eq!(
                left_out.stock().covered(d, w0, w1, 6),
                want,
                "doc {d} {w0}..{w1}"
            );
        }
        let stock = indexed.stock().covered(d, 30, 42, 6);
        assert!(stock >= 8, "doc {d}: {stock} stock words");
        assert_eq!(indexed.stock().covered(d, 0, 72, 6), stock);
    }
}

#[test]
fn profiles_keep_each_documents_checkpoints_and_sketch_apart() {
    // 70 words (three checkpoints), none, 33 words (two, an odd sketch), a
    // copy of the first (left out: no words), 5 words.
    let long: Vec<String> = (0..70).map(|i| format!("w{i}")).collect();
    let odd: Vec<String> = (0..33).map(|i| format!("x{i}")).collect();
    let (long, odd) = (long.join(" "), odd.join(" "));
    let c = corpus(&[&long, "", &odd, &long, "a b c d e"]);
    let twins = Twins::find(&c.documents);
    let mut ix = build_except(&c, &twins, 5, 3, 16);
    assert_eq!(ix.profiles.len(), 5);
    let words: Vec<usize> = ix.profiles.iter().map(|p| p.words).collect();
    assert_eq!(words, [70, 0, 33, 0, 5]);
    for (d, n) in [(0, 70), (2, 33), (4, 5)] {
        let p = ix.profiles.get(d);
        let text = &c.documents[d].text;
        assert_eq!(
            p.checkpoints,
            words::scan(text, |_, _| {}).as_slice(),
            "doc {d}"
        );
        assert_eq!(p.sketch.len(), n, "doc {d}");
        // Each code is the one of its own word's seed key.
        let mut seeds = Vec::new();
        words::scan_seeds(text, |_, seed, wild| {
            seeds.push(crate::reuse::chance::code(seed, wild))
        });
        let codes: Vec<u8> = (0..n).map(|i| p.sketch.get(i)).collect();
        assert_eq!(codes, seeds, "doc {d}");
    }
    assert_eq!(ix.profiles.get(0).checkpoints.len(), 3);
    assert!(ix.profiles.get(1).checkpoints.is_empty() && ix.profiles.get(1).sketch.is_empty());
    assert!(ix.profiles.get(3).checkpoints.is_empty() && ix.profiles.get(3).sketch.is_empty());
    ix.release_sketches();
    assert!(ix.profiles.iter().all(|p| p.sketch.is_empty()));
    assert_eq!(ix.profiles.get(2).checkpoints.len(), 2);
    assert_eq!(ix.profiles.words(2), 33);
}
