//! The named passages of the bundled seeds, asserted with byte ranges computed
//! independently of the engine (by finding the text in the files).

use refrain::corpus::seeds;
use refrain::reuse::{Analysis, Cluster, Params, Passage, analyse};

fn analysis() -> Analysis {
    analyse(seeds(), &Params::default())
}

fn doc_index(a: &Analysis, prefix: &str) -> usize {
    a.corpus
        .documents
        .iter()
        .position(|d| d.path.starts_with(&format!("seeds/{prefix}")))
        .unwrap()
}

/// The cluster that has an occurrence exactly at `p`.
fn cluster_with(a: &Analysis, p: Passage) -> &Cluster {
    a.clusters
        .iter()
        .find(|c| c.occurrences.contains(&p))
        .unwrap_or_else(|| {
            panic!(
                "no occurrence at {p:?} {:?}",
                &a.corpus.documents[p.document].text[p.start..p.end]
            )
        })
}

fn line_of(a: &Analysis, p: &Passage) -> usize {
    a.corpus.documents[p.document].line_col(p.start).0
}

#[test]
fn the_editors_note_is_one_cluster_of_two_whole_notes() {
    let a = analysis();
    let mut expected = Vec::new();
    for prefix in ["000", "003"] {
        let d = doc_index(&a, prefix);
        let text = &a.corpus.documents[d].text;
        let start = text.find("Editor's Note:").unwrap();
        let last = "exploring the important practical significance and value of this concept.";
        let end = text.find(last).unwrap() + last.len();
        expected.push(Passage {
            document: d,
            start,
            end,
        });
    }
    let c = cluster_with(&a, expected[0]);
    assert_eq!(c.occurrences, expected);
    assert_eq!(c.similarity, 1.0);
    // Eleven lines: 9 ..= 19.
    let doc = &a.corpus.documents[expected[0].document];
    assert_eq!(doc.line_col(expected[0].start).0, 9);
    assert_eq!(doc.line_col(expected[0].end).0, 19);
    // It is the longest passage, so it comes first.
    assert_eq!(c.id, 0);
}

#[test]
fn the_quotation_is_one_cluster_of_all_four_occurrences() {
    let a = analysis();
    let quote = "Cyberspace is a common space for human activities.";
    let lead_in = "pointed out that";
    let close = "shared future in cyberspace.\"";
    let mut expected = Vec::new();
    for prefix in ["000", "003"] {
        let d = doc_index(&a, prefix);
        let text = &a.corpus.documents[d].text;
        for (q, _) in text.match_indices(quote) {
            // All four copies share the lead-in "pointed out that" (the
            // passage's natural extent) and end with the closing quote.
            let start = text[..q].rfind(lead_in).unwrap();
            assert!(
                q - start <= lead_in.len() + 3,
                "lead-in right before the quote"
            );
            let end = q + text[q..].find(close).unwrap() + close.len();
            expected.push(Passage {
                document: d,
                start,
                end,
            });
        }
    }
    assert_eq!(expected.len(), 4);
    let c = cluster_with(&a, expected[0]);
    assert_eq!(c.occurrences, expected);
    let lines: Vec<usize> = c.occurrences.iter().map(|p| line_of(&a, p)).collect();
    assert_eq!(lines, [13, 31, 13, 25]);
    assert_eq!(c.similarity, 1.0);
}

#[test]
fn the_conference_theme_is_a_near_match() {
    let a = analysis();
    let d0 = doc_index(&a, "000");
    let d3 = doc_index(&a, "003");
    let t0 = &a.corpus.documents[d0].text;
    let t3 = &a.corpus.documents[d3].text;
    // "the theme" is shared too (before an inserted "of" at line 41).
    let start0 = t0
        .find("the theme \"Forging an Open, Cooperative, Secure, and Inclusive")
        .unwrap();
    let c = a
        .clusters
        .iter()
        .find(|c| {
            c.occurrences
                .iter()
                .any(|p| p.document == d0 && p.start == start0)
        })
        .expect("theme cluster");
    assert!(c.similarity < 1.0, "{}", c.similarity);
    assert!(c.similarity >= Params::default().min_similarity);
    let s41 = t3
        .find("the theme of \"Forging an Open, Cooperative, Secure and Inclusive")
        .unwrap();
    let with_community = "Jointly Building a Community with a Shared Future in Cyberspace.\"";
    let e41 = t3.find(with_community).unwrap() + with_community.len();
    assert!(c.occurrences.contains(&Passage {
        document: d3,
        start: s41,
        end: e41
    }));
    let lines: Vec<(usize, usize)> = c
        .occurrences
        .iter()
        .map(|p| (p.document, line_of(&a, p)))
        .collect();
    assert_eq!(lines, [(d0, 15), (d3, 15), (d3, 41)]);
}

#[test]
fn repeats_within_one_document_are_found() {
    let a = analysis();
    for (prefix, line) in [
        (
            "000",
            "Hong Yu, Associate Dean of the School of Media and International Culture and the Director of the Institute of Communication Research at Zhejiang University",
        ),
        (
            "001",
            "The 2025 World Internet Conference (WIC) Wuzhen Summit is held in the ancient water town of Wuzhen in East China’s Zhejiang Province. Photo: Chi Jingyi/GT",
        ),
        ("003", "David Gosset Photo: Courtesy of David Gosset"),
    ] {
        let d = doc_index(&a, prefix);
        let text = &a.corpus.documents[d].text;
        let starts: Vec<usize> = text
            .match_indices(&format!("{line}\n"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(starts.len(), 2, "{prefix}");
        let occ: Vec<Passage> = starts
            .iter()
            .map(|&start| Passage {
                document: d,
                start,
                end: start + line.len(),
            })
            .collect();
        let c = cluster_with(&a, occ[0]);
        assert!(
            c.occurrences.contains(&occ[1]),
            "{prefix}: {:?}",
            c.occurrences
        );
        let lines: Vec<usize> = occ.iter().map(|p| line_of(&a, p)).collect();
        assert_eq!(lines, [4, 6], "{prefix}");
    }
    // 002: the lead paragraph copied (truncated) into the summary line.
    let d = doc_index(&a, "002");
    let text = &a.corpus.documents[d].text;
    let lead = "Lead: China's push for a shared future online is reshaping the global conversation on tech governance, putting digital inclusion";
    let starts: Vec<usize> = text.match_indices(lead).map(|(i, _)| i).collect();
    assert_eq!(starts.len(), 2);
    let c = cluster_with(
        &a,
        Passage {
            document: d,
            start: starts[0],
            end: starts[0] + lead.len(),
        },
    );
    assert!(c.occurrences.contains(&Passage {
        document: d,
        start: starts[1],
        end: starts[1] + lead.len()
    }));
}

#[test]
fn no_cluster_is_only_the_slogan() {
    let a = analysis();
    let slogan_words =
        refrain::segment::word_count("a community with a shared future in cyberspace");
    for c in &a.clusters {
        let only_slogan = c.occurrences.iter().all(|p| {
            let t = a.text(p).to_lowercase();
            t.contains("shared future in cyberspace")
                && refrain::segment::word_count(&t) <= slogan_words + 3
        });
        assert!(
            !only_slogan,
            "cluster {} is the slogan: {:?}",
            c.id,
            a.text(&c.occurrences[0])
        );
    }
    // And the list stays short.
    assert!(a.clusters.len() <= 15, "{} clusters", a.clusters.len());
}

#[test]
fn output_is_deterministic_and_ordered() {
    let a = analysis();
    let b = analysis();
    assert_eq!(a.clusters, b.clusters);
    for (i, c) in a.clusters.iter().enumerate() {
        assert_eq!(c.id, i);
        assert!(c.occurrences.len() >= 2);
        assert!(c.occurrences.windows(2).all(|w| w[0] < w[1]));
    }
    let size = |c: &Cluster| c.words * c.occurrences.len();
    assert!(a.clusters.windows(2).all(|w| size(&w[0]) >= size(&w[1])));
}

#[test]
fn occurrences_in_lists_a_document_sorted_by_start() {
    let a = analysis();
    let d = doc_index(&a, "000");
    let occ = a.occurrences_in(d);
    assert!(occ.len() >= 5);
    assert!(
        occ.windows(2)
            .all(|w| w[0].passage.start <= w[1].passage.start)
    );
    for o in &occ {
        assert_eq!(a.clusters[o.cluster].occurrences[o.index], o.passage);
    }
}
