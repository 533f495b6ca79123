//! Word-level differences between two occurrences, from the same alignment
//! (scores, near-equal rule) that judged them ([`super::xdrop::global`]),
//! with byte spans on both sides for every equal / variant / inserted /
//! deleted / replaced run (the reader highlights exactly these).
//!
//! A *variant* is a word whose key is equal on both sides but whose raw text
//! differs: case, quote or dash style, or punctuation glued to it ("Secure,"
//! vs "secure"). A variant run spans its words with their glued punctuation;
//! neighbouring variant words make one run, so the reader can show and count
//! every difference.
use super::Passage;
use super::xdrop::{Op, Sim, Words2, gap_of, global, near_equal};
use crate::corpus::Corpus;
use crate::segment::{Token, tokenize};
use serde::Serialize;
use std::ops::Range;

/// What happened to a run of words between the left and the right passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The same words on both sides.
    Equal,
    /// Words present only on the right.
    Insert,
    /// Words present only on the left.
    Delete,
    /// Words on the left replaced by other words on the right.
    Replace,
    /// The same words (equal keys) whose raw text differs: case, punctuation
    /// attached to them, quote or dash style ("Secure," vs "secure").
    Variant,
}

/// One run of a word diff: byte ranges into the left and right documents
/// (an empty range on the side that has no words for this run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRun {
    /// What kind of run this is.
    pub kind: DiffKind,
    /// Byte range in the left passage's document.
    pub left: Range<usize>,
    /// Byte range in the right passage's document.
    pub right: Range<usize>,
}

/// Word-level diff of passage `a` (left) against passage `b` (right).
pub fn diff_passages(corpus: &Corpus, a: &Passage, b: &Passage) -> Vec<DiffRun> {
    let ta = &corpus.documents[a.document].text;
    let tb = &corpus.documents[b.document].text;
    let wa: Vec<Token> = tokenize(&ta[a.start..a.end]);
    let wb: Vec<Token> = tokenize(&tb[b.start..b.end]);
    let ops = global(&mut Tokens {
        a: &wa,
        b: &wb,
        ta: &ta[a.start..a.end],
        tb: &tb[b.start..b.end],
    });
    let sa = Side {
        text: &ta[a.start..a.end],
        words: &wa,
        base: a.start,
    };
    let sb = Side {
        text: &tb[b.start..b.end],
        words: &wb,
        base: b.start,
    };
    let mut out: Vec<DiffRun> = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    let mut k = 0usize;
    while k < ops.len() {
        if ops[k] == Op::Pair(Sim::Equal) {
            if sa.raw(i) != sb.raw(j) {
                // Neighbouring variant words make one run ("said, \"We" vs
                // "said “we"): one difference to show and count.
                let (i0, j0) = (i, j);
                while k < ops.len() && ops[k] == Op::Pair(Sim::Equal) && sa.raw(i) != sb.raw(j) {
                    i += 1;
                    j += 1;
                    k += 1;
                }
                out.push(DiffRun {
                    kind: DiffKind::Variant,
                    left: sa.raw_span(i0).start..sa.raw_span(i - 1).end,
                    right: sb.raw_span(j0).start..sb.raw_span(j - 1).end,
                });
                continue;
            }
            let (i0, j0) = (i, j);
            while k < ops.len() && ops[k] == Op::Pair(Sim::Equal) && sa.raw(i) == sb.raw(j) {
                i += 1;
                j += 1;
                k += 1;
            }
            out.push(DiffRun {
                kind: DiffKind::Equal,
                left: sa.span(i0..i),
                right: sb.span(j0..j),
            });
            continue;
        }
        let (i0, j0) = (i, j);
        while k < ops.len() && ops[k] != Op::Pair(Sim::Equal) {
            match ops[k] {
                Op::Pair(_) => {
                    i += 1;
                    j += 1;
                }
                Op::OnlyA => i += 1,
                Op::OnlyB => j += 1,
            }
            k += 1;
        }
        let kind = match (i > i0, j > j0) {
            (true, true) => DiffKind::Replace,
            (true, false) => DiffKind::Delete,
            _ => DiffKind::Insert,
        };
        out.push(DiffRun {
            kind,
            left: sa.span(i0..i),
            right: sb.span(j0..j),
        });
    }
    out
}

/// Two token lists compared as the engine compares words.
struct Tokens<'t> {
    a: &'t [Token],
    b: &'t [Token],
    ta: &'t str,
    tb: &'t str,
}

impl Words2 for Tokens<'_> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        let (x, y) = (&self.a[i], &self.b[j]);
        if x.key == y.key {
            Sim::Equal
        } else if near_equal(&self.ta[x.start..x.end], &self.tb[y.start..y.end]) {
            Sim::Near
        } else {
            Sim::Differ
        }
    }
    fn len_a(&self) -> usize {
        self.a.len()
    }
    fn len_b(&self) -> usize {
        self.b.len()
    }
    fn gap_a(&mut self, i: usize) -> i32 {
        gap_of(&self.ta[self.a[i].start..self.a[i].end])
    }
    fn gap_b(&mut self, j: usize) -> i32 {
        gap_of(&self.tb[self.b[j].start..self.b[j].end])
    }
}

/// One passage's text and words, with its offset in the document.
struct Side<'t> {
    text: &'t str,
    words: &'t [Token],
    base: usize,
}

impl Side<'_> {
    /// Document byte range of words `r` (empty: where the next word starts).
    fn span(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let pos = self.words.get(r.start).map_or(self.text.len(), |t| t.start);
            self.base + pos..self.base + pos
        } else {
            self.base + self.words[r.start].start..self.base + self.words[r.end - 1].end
        }
    }

    /// Passage byte range of word `i` with the punctuation glued to it: what
    /// follows it up to white space, and what precedes it back to white space.
    fn raw_local(&self, i: usize) -> Range<usize> {
        let w = &self.words[i];
        let glue = |c: char| !c.is_whitespace() && !c.is_alphanumeric();
        let mut start = w.start;
        let before = &self.text[..w.start];
        let lead: usize = before
            .chars()
            .rev()
            .take_while(|&c| glue(c))
            .map(char::len_utf8)
            .sum();
        // Leading punctuation is the word's own only after white space (or at
        // the start); otherwise it is the previous word's trailing glue.
        let lead_start = w.start - lead;
        if lead_start == 0 || before[..lead_start].ends_with(char::is_whitespace) {
            start = lead_start;
        }
        let trail: usize = self.text[w.end..]
            .chars()
            .take_while(|&c| glue(c))
            .map(char::len_utf8)
            .sum();
        start..w.end + trail
    }

    fn raw(&self, i: usize) -> &str {
        &self.text[self.raw_local(i)]
    }

    fn raw_span(&self, i: usize) -> Range<usize> {
        let r = self.raw_local(i);
        self.base + r.start..self.base + r.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn corpus(a: &str, b: &str) -> Corpus {
        Corpus {
            documents: vec![Document::new("a", a), Document::new("b", b)],
        }
    }

    fn whole(c: &Corpus, d: usize) -> Passage {
        Passage {
            document: d,
            start: 0,
            end: c.documents[d].len(),
        }
    }

    /// The runs as (kind, left text, right text).
    fn runs(a: &str, b: &str) -> Vec<(DiffKind, String, String)> {
        let c = corpus(a, b);
        diff_passages(&c, &whole(&c, 0), &whole(&c, 1))
            .into_iter()
            .map(|r| (r.kind, a[r.left].to_string(), b[r.right].to_string()))
            .collect()
    }

    #[test]
    fn identical_passages_are_one_equal_run() {
        assert_eq!(
            runs("One two, three.", "One two, three."),
            [(
                DiffKind::Equal,
                "One two, three".into(),
                "One two, three".into()
            )]
        );
    }

    #[test]
    fn punctuation_and_case_only_copies_show_every_difference_as_variant() {
        use DiffKind::*;
        assert_eq!(
            runs(
                "an Open, Cooperative, Secure, and \"Inclusive\" future",
                "an open, Cooperative, Secure and “Inclusive” future"
            ),
            [
                (Equal, "an".into(), "an".into()),
                (Variant, "Open,".into(), "open,".into()),
                (Equal, "Cooperative".into(), "Cooperative".into()),
                (Variant, "Secure,".into(), "Secure".into()),
                (Equal, "and".into(), "and".into()),
                (Variant, "\"Inclusive\"".into(), "“Inclusive”".into()),
                (Equal, "future".into(), "future".into()),
            ]
        );
    }

    #[test]
    fn cjk_characters_on_one_side_cost_what_the_engine_charges() {
        use DiffKind::*;
        // A CJK character on one side only costs three quarters of a word
        // here, as in the alignment that judged the pair, so "中" dropped
        // and "文" inserted (2 × −3) tie with "中" replaced by "文" (−6),
        // and the gaps win the tie as they do there. At a word's gap each
        // (−8) the diff would show "中" replaced and "文字中中" equal.
        assert_eq!(
            runs("中文字中中文文本文", "文文字中中"),
            [
                (Delete, "中".into(), "".into()),
                (Equal, "文".into(), "文".into()),
                (Insert, "".into(), "文".into()),
                (Equal, "字中中".into(), "字中中".into()),
                (Delete, "文文本文".into(), "".into()),
            ]
        );
    }

    #[test]
    fn near_equal_words_are_replacements_in_the_same_alignment() {
        use DiffKind::*;
        assert_eq!(
            runs(
                "the modern government of letters",
                "the rnodern governrnent of 1etters"
            ),
            [
                (Equal, "the".into(), "the".into()),
                (
                    Replace,
                    "modern government".into(),
                    "rnodern governrnent".into()
                ),
                (Equal, "of".into(), "of".into()),
                (Replace, "letters".into(), "1etters".into()),
            ]
        );
    }

    #[test]
    fn inserted_dropped_and_replaced_words_have_exact_spans() {
        use DiffKind::*;
        assert_eq!(
            runs(
                "the quick fox jumps over the dog",
                "the quick brown fox leaps over the dog"
            ),
            [
                (Equal, "the quick".into(), "the quick".into()),
                (Insert, "".into(), "brown".into()),
                (Equal, "fox".into(), "fox".into()),
                (Replace, "jumps".into(), "leaps".into()),
                (Equal, "over the dog".into(), "over the dog".into()),
            ]
        );
        assert_eq!(
            runs("a b c d e", "a b d e"),
            [
                (Equal, "a b".into(), "a b".into()),
                (Delete, "c".into(), "".into()),
                (Equal, "d e".into(), "d e".into()),
            ]
        );
    }

    #[test]
    fn empty_sides_sit_at_the_right_place() {
        let c = corpus("x y z", "x y z w");
        let d = diff_passages(&c, &whole(&c, 0), &whole(&c, 1));
        assert_eq!(d.last().unwrap().kind, DiffKind::Insert);
        assert_eq!(d.last().unwrap().left, 5..5);
        assert_eq!(d.last().unwrap().right, 6..7);
    }

    #[test]
    fn spans_are_offsets_into_the_documents() {
        // Passages in the middle of their documents: spans are absolute.
        let c = corpus("intro. alpha beta gamma", "other text: alpha delta gamma!");
        let pa = Passage {
            document: 0,
            start: 7,
            end: 23,
        };
        let pb = Passage {
            document: 1,
            start: 12,
            end: 29,
        };
        let d = diff_passages(&c, &pa, &pb);
        let ta = &c.documents[0].text;
        let tb = &c.documents[1].text;
        assert_eq!(d[1].kind, DiffKind::Replace);
        assert_eq!(&ta[d[1].left.clone()], "beta");
        assert_eq!(&tb[d[1].right.clone()], "delta");
    }
}
