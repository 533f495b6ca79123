//! Builds the corpora: background documents with planted copies spliced in
//! and every byte range recorded ([`generate`]), and one article repeated
//! ([`repeated`]).

use super::edits::{edit, harsh_edit, ocr_noise, rewrap, transform};
use super::prose::{Prose, Vocabulary, is_cjk, sentence};
use super::rng::Rng;
use super::{MIN_SOURCE_WORDS, Planted, SynthCorpus, SynthParams};
use crate::corpus::{Corpus, Document};
use crate::reuse::Passage;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where a copy goes: before sentence `sentence` of paragraph `para`, or as a
/// paragraph of its own before paragraph `para` when `sentence` is `None`.
type Slot = (usize, usize, Option<usize>);

/// A planted copy waiting for assembly: group, text, edited, rate.
type Pending = (usize, String, bool, f64);

/// The byte ranges recorded while a corpus is assembled.
struct Placed {
    /// Where each group's source is (boilerplate groups: their first
    /// occurrence).
    source_at: Vec<Option<Passage>>,
    /// Every copy placed: group, where, edited, rate.
    copies: Vec<(usize, Passage, bool, f64)>,
    /// Groups from this one on are boilerplate.
    first_boilerplate: usize,
}

impl Placed {
    /// Appends `s` to `text`, document `d`, recording it as a copy of group
    /// `g` (edited or not, at `rate`) or, for the first occurrence of a
    /// boilerplate group, as its source.
    fn place(&mut self, text: &mut String, d: usize, g: usize, s: &str, edited: bool, rate: f64) {
        let start = text.len();
        text.push_str(s);
        let pass = Passage {
            document: d,
            start,
            end: text.len(),
        };
        if self.source_at[g].is_none() && g >= self.first_boilerplate {
            self.source_at[g] = Some(pass);
        } else {
            self.copies.push((g, pass, edited, rate));
        }
    }
}

/// Generates a corpus with planted reuse.
pub fn generate(p: &SynthParams) -> SynthCorpus {
    let w = Writer::new(p);
    let mut rng = Rng::new(p.seed);
    let (docs, doc_cjk) = base_documents(p, &w, &mut rng);
    let (sources, used) = pick_sources(p, &docs, &doc_cjk, &mut rng);
    let breaks = paragraph_breaks(p, &sources, &mut rng);
    let slots = plant_copies(p, &w, &docs, &doc_cjk, (&sources, &breaks), &used, &mut rng);
    let mut group_cjk: Vec<bool> = sources.iter().map(|s| doc_cjk[s.0]).collect();
    let Boilerplate {
        header,
        footers,
        in_header,
        nav: nav_group,
    } = boilerplate(p, &w, docs.len(), &mut group_cjk, &mut rng);
    // Assemble, recording byte ranges.
    let mut at = Placed {
        source_at: vec![None; group_cjk.len()],
        copies: Vec::new(),
        first_boilerplate: sources.len(),
    };
    let mut documents = Vec::new();
    for (d, paras) in docs.iter().enumerate() {
        let cjk = doc_cjk[d];
        let sep = if cjk { "" } else { " " };
        let mut text = String::new();
        let _ = writeln!(text, "Document {d}\n");
        if let Some(g) = nav_group {
            at.place(&mut text, d, g, NAV, false, 0.0);
            text.push_str("\n\n");
        }
        if let Some((g, h)) = &header
            && in_header[d]
        {
            text.push_str("<header>\n");
            at.place(&mut text, d, *g, h, false, 0.0);
            text.push_str("\n</header>\n\n");
        }
        for (q, para) in paras.iter().enumerate() {
            if p.boilerplate {
                text.push_str("<p class=\"text\">");
            }
            for (g, copy, edited, rate) in slots.get(&(d, q, None)).into_iter().flatten() {
                at.place(&mut text, d, *g, copy, *edited, *rate);
                text.push_str("\n\n");
            }
            let src = used.get(&(d, q)).copied();
            for (r, s) in para.iter().enumerate() {
                for (g, copy, edited, rate) in slots.get(&(d, q, Some(r))).into_iter().flatten() {
                    at.place(&mut text, d, *g, copy, *edited, *rate);
                    text.push_str(sep);
                }
                if let Some(g) = src
                    && breaks[g] == Some(r)
                {
                    // A source spanning a paragraph break (never a copy's
                    // slot: copies go before or after a source).
                    text.truncate(text.len() - sep.len());
                    text.push_str("\n\n");
                }
                if let Some(g) = src {
                    let (_, _, i, _) = sources[g];
                    if r == i {
                        at.source_at[g] = Some(Passage {
                            document: d,
                            start: text.len(),
                            end: text.len(),
                        });
                    }
                }
                text.push_str(&ocr_noise(s, p.ocr_rate, &mut rng));
                if let Some(g) = src
                    && r + 1 == sources[g].3
                    && let Some(sa) = at.source_at[g].as_mut()
                {
                    sa.end = text.len();
                }
                text.push_str(sep);
            }
            for (g, copy, edited, rate) in
                slots.get(&(d, q, Some(para.len()))).into_iter().flatten()
            {
                at.place(&mut text, d, *g, copy, *edited, *rate);
                text.push_str(sep);
            }
            if !sep.is_empty() {
                text.pop();
            }
            if p.boilerplate {
                text.push_str("</p>");
            }
            text.push_str("\n\n");
        }
        for (g, f, where_) in &footers {
            if where_.contains_key(&d) {
                text.push_str("<footer>");
                at.place(&mut text, d, *g, f, false, 0.0);
                text.push_str("</footer>\n");
            }
        }
        documents.push(Document::new(format!("synth/{d:05}.txt"), text));
    }
    let planted = at
        .copies
        .into_iter()
        .filter_map(|(group, copy, edited, rate)| {
            Some(Planted {
                group,
                source: at.source_at[group]?,
                copy,
                edited,
                rate,
                cjk: group_cjk[group],
                boilerplate: group >= sources.len(),
            })
        })
        .collect();
    SynthCorpus {
        corpus: Corpus { documents },
        planted,
    }
}

/// Writes the background text: the trained model when there is one, else
/// the seeds' vocabulary.
struct Writer<'a> {
    /// The seeds' vocabulary (also the filler of edited English copies).
    vocabulary: Vocabulary,
    /// The trained model, if any.
    prose: Option<&'a Prose>,
    /// Whether the model can write CJK.
    cjk_ok: bool,
}

impl<'a> Writer<'a> {
    /// The writer `p` asks for.
    fn new(p: &'a SynthParams) -> Self {
        let prose = p.prose.as_deref();
        Writer {
            vocabulary: Vocabulary::from_seeds(),
            prose,
            cjk_ok: prose.is_some_and(Prose::has_cjk),
        }
    }

    /// A sentence, in CJK when `cjk` and the model can write it.
    fn sentence(&self, rng: &mut Rng, cjk: bool) -> String {
        match self.prose {
            Some(m) if cjk && self.cjk_ok => m.cjk_sentence(rng),
            Some(m) if m.vocabulary() > 0 => m.sentence(rng),
            _ => sentence(&self.vocabulary, rng),
        }
    }
}

/// The base documents (paragraphs of sentences) of about `p.total_bytes`,
/// and which of them are CJK.
fn base_documents(
    p: &SynthParams,
    w: &Writer,
    rng: &mut Rng,
) -> (Vec<Vec<Vec<String>>>, Vec<bool>) {
    let mut docs: Vec<Vec<Vec<String>>> = Vec::new();
    let mut doc_cjk: Vec<bool> = Vec::new();
    let mut total = 0;
    while total < p.total_bytes.max(1) {
        let target = rng.range(p.doc_bytes / 2, p.doc_bytes * 3 / 2).max(200);
        let cjk = w.cjk_ok && rng.chance(p.cjk_share);
        let mut paras = Vec::new();
        let mut size = 0;
        while size < target {
            let mut para = Vec::new();
            for _ in 0..rng.range(3, 7) {
                let s = w.sentence(rng, cjk);
                size += s.len() + 1;
                para.push(s);
            }
            size += 1;
            paras.push(para);
        }
        total += size;
        docs.push(paras);
        doc_cjk.push(cjk);
    }
    (docs, doc_cjk)
}

/// A planted source: document, paragraph, and its sentences `i..j`.
type Source = (usize, usize, usize, usize);

/// The sources: a run of sentences inside one paragraph, at most one per
/// paragraph, of at least [`MIN_SOURCE_WORDS`] words; and for each
/// (document, paragraph) holding one, its index.
fn pick_sources(
    p: &SynthParams,
    docs: &[Vec<Vec<String>>],
    doc_cjk: &[bool],
    rng: &mut Rng,
) -> (Vec<Source>, BTreeMap<(usize, usize), usize>) {
    let count = |s: &str, cjk: bool| {
        if cjk {
            s.chars().filter(|c| is_cjk(*c)).count()
        } else {
            s.split(' ').count()
        }
    };
    let n_sources = ((p.total_bytes as f64 / 1e6) * p.sources_per_mb)
        .round()
        .max(1.0) as usize;
    let mut sources: Vec<Source> = Vec::new();
    let mut used: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for _ in 0..n_sources * 4 {
        if sources.len() >= n_sources {
            break;
        }
        let d = rng.below(docs.len());
        let q = rng.below(docs[d].len());
        if used.contains_key(&(d, q)) {
            continue;
        }
        let len = docs[d][q].len();
        let i = rng.below(len);
        let (lo, hi) = p.source_sentences;
        let j = (i + rng.range(lo, hi)).min(len);
        let words: usize = docs[d][q][i..j].iter().map(|s| count(s, doc_cjk[d])).sum();
        if words < MIN_SOURCE_WORDS {
            continue;
        }
        used.insert((d, q), sources.len());
        sources.push((d, q, i, j));
    }
    (sources, used)
}

/// For each source, the sentence before which it has a paragraph break
/// (see [`SynthParams::paragraph_sources`]): never its first. No draw at all
/// when the option is off, so the other shapes' corpora stay as they were.
fn paragraph_breaks(p: &SynthParams, sources: &[Source], rng: &mut Rng) -> Vec<Option<usize>> {
    sources
        .iter()
        .map(|&(_, _, i, j)| {
            (p.paragraph_sources > 0.0 && j - i >= 2 && rng.chance(p.paragraph_sources))
                .then(|| i + 1 + rng.below(j - i - 1))
        })
        .collect()
}

/// `f` applied to each paragraph of `text` (split at blank lines), joined
/// again by a blank line.
fn per_paragraph(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    text.split("\n\n")
        .map(&mut f)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The copies of every source, verbatim or edited, each in the slot it goes
/// to (never inside a source). A source with a paragraph break keeps it in
/// every copy.
fn plant_copies(
    p: &SynthParams,
    w: &Writer,
    docs: &[Vec<Vec<String>>],
    doc_cjk: &[bool],
    (sources, breaks): (&[Source], &[Option<usize>]),
    used: &BTreeMap<(usize, usize), usize>,
    rng: &mut Rng,
) -> BTreeMap<Slot, Vec<Pending>> {
    let harsh = p.edit_rate_max > 0.0;
    let mut slots: BTreeMap<Slot, Vec<Pending>> = BTreeMap::new();
    for (g, &(d, q, i, j)) in sources.iter().enumerate() {
        let cjk = doc_cjk[d];
        let sep = if cjk { "" } else { " " };
        let source = &docs[d][q][i..j];
        let text = match breaks[g] {
            Some(m) => [source[..m - i].join(sep), source[m - i..].join(sep)].join("\n\n"),
            None => source.join(sep),
        };
        for _ in 0..rng.range(1, p.max_copies.max(1)) {
            let t = if rng.chance(0.1) {
                d
            } else {
                rng.below(docs.len())
            };
            let para = rng.below(docs[t].len());
            let slot = if rng.chance(0.5) {
                (t, para, None)
            } else {
                let len = docs[t][para].len();
                let mut r = rng.range(0, len);
                if let Some(&s) = used.get(&(t, para)) {
                    let (_, _, si, sj) = sources[s];
                    if r > si && r < sj {
                        r = sj;
                    }
                }
                (t, para, Some(r))
            };
            let edited = rng.chance(p.edited_share);
            let mut rate = 0.0;
            // One long edit first (inner sentences only, so the copy's
            // extent is still the source's), then the word-level edits.
            // (No draw at all when the option is off: the other shapes'
            // corpora stay as they were.)
            let text = if p.sentence_edits > 0.0
                && breaks[g].is_none()
                && edited
                && source.len() >= 3
                && rng.chance(p.sentence_edits)
            {
                let new = w.sentence(rng, cjk);
                sentence_edit(source, sep, new, rng)
            } else {
                text.clone()
            };
            let mut copy = if edited && harsh {
                rate = p.edit_rate_max * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let mut filler = |rng: &mut Rng| -> String {
                    if cjk {
                        let s = w.sentence(rng, true);
                        s.chars().next().map(String::from).unwrap_or_default()
                    } else {
                        w.vocabulary.word(rng).to_string()
                    }
                };
                let mut c = per_paragraph(&text, |t| harsh_edit(t, cjk, rate, &mut filler, rng));
                if rng.chance(0.4) {
                    c = transform(&c, rng);
                }
                c
            } else if edited {
                rate = p.edit_rate;
                edit(&text, &w.vocabulary, rng, p.edit_rate)
            } else {
                text.clone()
            };
            if edited && !cjk && rng.chance(0.5) {
                let width = 60 + rng.below(20);
                copy = per_paragraph(&copy, |t| rewrap(t, width));
            }
            copy = ocr_noise(&copy, p.ocr_rate, rng);
            slots.entry(slot).or_default().push((g, copy, edited, rate));
        }
    }
    slots
}

/// `sentences` (three or more) joined by `sep` with one long edit: `new`
/// inserted between two of them, or an inner one dropped or replaced by
/// `new`. The first and last sentences stay. An edit touching more than a
/// fifth of the words (a copy that different is not one a reader would call
/// a copy with one sentence changed) is not made: the sentences come back
/// as they are.
fn sentence_edit(sentences: &[String], sep: &str, new: String, rng: &mut Rng) -> String {
    let mut v: Vec<String> = sentences.to_vec();
    // Words, or characters of CJK text (no spaces).
    let words = |s: &str| {
        if sep.is_empty() {
            s.chars().count()
        } else {
            s.split(' ').count()
        }
    };
    let total: usize = v.iter().map(|s| words(s)).sum();
    let inner = 1 + rng.below(v.len() - 2);
    let touched = match rng.below(3) {
        0 => {
            let n = words(&new);
            v.insert(1 + rng.below(v.len() - 1), new);
            n
        }
        1 => words(&v.remove(inner)),
        _ => words(&std::mem::replace(&mut v[inner], new)),
    };
    if touched * 5 > total {
        return sentences.join(sep);
    }
    v.join(sep)
}

/// The navigation line pasted into every file of the boilerplate shape.
const NAV: &str = "<div class=\"nav\"><a href=\"index.html\">Home</a> | <a href=\"news.html\">News</a> | <a href=\"archive.html\">Archive</a> | <a href=\"about.html\">About us</a></div>";

/// The boilerplate groups, each with its group index.
#[derive(Default)]
struct Boilerplate {
    /// The header and its group.
    header: Option<(usize, String)>,
    /// The footers: group, text, the documents that have it.
    footers: Vec<(usize, String, BTreeMap<usize, ()>)>,
    /// Which documents have the header.
    in_header: Vec<bool>,
    /// The navigation line's group.
    nav: Option<usize>,
}

/// Boilerplate when `p.boilerplate`: a header in most files, a few footers
/// in tens of files, a navigation line (and markup) everywhere; their groups
/// are added to `group_cjk`.
fn boilerplate(
    p: &SynthParams,
    w: &Writer,
    n_docs: usize,
    group_cjk: &mut Vec<bool>,
    rng: &mut Rng,
) -> Boilerplate {
    let mut b = Boilerplate {
        in_header: vec![false; n_docs],
        ..Boilerplate::default()
    };
    if p.boilerplate {
        let h: Vec<String> = (0..rng.range(4, 6))
            .map(|_| w.sentence(rng, false))
            .collect();
        b.header = Some((group_cjk.len(), h.join(" ")));
        group_cjk.push(false);
        for x in b.in_header.iter_mut() {
            *x = rng.chance(0.7);
        }
        for _ in 0..5 {
            let f: Vec<String> = (0..rng.range(2, 4))
                .map(|_| w.sentence(rng, false))
                .collect();
            let n = rng.range(15, 60).min(n_docs);
            let mut where_ = BTreeMap::new();
            while where_.len() < n {
                where_.insert(rng.below(n_docs), ());
            }
            b.footers.push((group_cjk.len(), f.join(" "), where_));
            group_cjk.push(false);
        }
        b.nav = Some(group_cjk.len());
        group_cjk.push(false);
    }
    b
}

/// One document made of `article` (trimmed) repeated, blank line between
/// copies, until it holds at least `total_bytes`: the repeated-text shape.
/// Every copy is planted in one boilerplate group, the first standing as the
/// source.
pub fn repeated(article: &str, total_bytes: usize) -> SynthCorpus {
    let article = article.trim();
    let mut text = String::with_capacity(total_bytes + article.len() + 2);
    let mut spans = Vec::new();
    while text.len() < total_bytes.max(1) {
        let start = text.len();
        text.push_str(article);
        spans.push(Passage {
            document: 0,
            start,
            end: text.len(),
        });
        text.push_str("\n\n");
    }
    let planted = spans[1..]
        .iter()
        .map(|&copy| Planted {
            group: 0,
            source: spans[0],
            copy,
            edited: false,
            rate: 0.0,
            cjk: false,
            boilerplate: true,
        })
        .collect();
    SynthCorpus {
        corpus: Corpus {
            documents: vec![Document::new("synth/repeated.txt", text)],
        },
        planted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let p = SynthParams {
            total_bytes: 200_000,
            ..SynthParams::default()
        };
        let a = generate(&p);
        let b = generate(&p);
        assert_eq!(a.planted, b.planted);
        assert_eq!(a.corpus.documents.len(), b.corpus.documents.len());
        let total = a.corpus.total_bytes();
        assert!((200_000..300_000).contains(&total), "{total}");
        assert!(!a.planted.is_empty());
    }

    #[test]
    fn planted_ranges_hold_the_source_text() {
        let g = generate(&SynthParams {
            total_bytes: 200_000,
            ..SynthParams::default()
        });
        for pl in &g.planted {
            let src = &g.corpus.documents[pl.source.document].text[pl.source.start..pl.source.end];
            let copy = &g.corpus.documents[pl.copy.document].text[pl.copy.start..pl.copy.end];
            assert!(src.ends_with('.'), "{src}");
            if !pl.edited {
                assert_eq!(src, copy);
            }
        }
    }

    #[test]
    fn paragraph_sources_keep_their_break_in_every_copy() {
        let p = SynthParams {
            total_bytes: 200_000,
            paragraph_sources: 1.0,
            edit_rate_max: 0.3,
            edited_share: 0.75,
            ..SynthParams::default()
        };
        let g = generate(&p);
        let text = |x: &Passage| &g.corpus.documents[x.document].text[x.start..x.end];
        let mut with_break = 0;
        for pl in &g.planted {
            let (src, copy) = (text(&pl.source), text(&pl.copy));
            // Two sentences or more: one blank line, never at either end,
            // in the source and in the copy alike.
            assert_eq!(src.matches("\n\n").count(), copy.matches("\n\n").count());
            assert!(src.matches("\n\n").count() <= 1, "{src:?}");
            assert!(!src.starts_with('\n') && !src.ends_with('\n'), "{src:?}");
            if !pl.edited {
                assert_eq!(src, copy);
            }
            with_break += usize::from(src.contains("\n\n"));
        }
        assert!(
            with_break * 2 > g.planted.len(),
            "{with_break} of {}",
            g.planted.len()
        );
        // Off (the default): no source has one.
        let plain = generate(&SynthParams {
            paragraph_sources: 0.0,
            ..p
        });
        assert!(
            plain
                .planted
                .iter()
                .all(|pl| !text_of(&plain, &pl.source).contains("\n\n"))
        );
    }

    fn text_of<'a>(g: &'a SynthCorpus, x: &Passage) -> &'a str {
        &g.corpus.documents[x.document].text[x.start..x.end]
    }
}
