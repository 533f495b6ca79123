//! A deterministic corpus generator with planted reuse, for benchmarks and
//! recall/precision tests.
//!
//! Documents are paragraphs of sentences of English words drawn from the seed
//! articles' vocabulary with the seeds' own word frequencies (a unigram model:
//! realistic word statistics, but no accidental long repeats), or — with
//! [`SynthParams::prose`] — from a word-level Markov chain trained on real
//! text the caller supplies ([`Prose::train`]; the benchmark uses the licence
//! and documentation files on the machine), so common phrases recur as in real
//! text, plus a share of CJK documents from a character-level chain. The
//! harsher edit model ([`SynthParams::edit_rate_max`]) gives each copy its own
//! edit rate, bursts of 3–5 neighbouring edits, inserted words and whole-copy
//! case, punctuation and quote transforms; [`SynthParams::ocr_rate`] adds
//! OCR-like character noise to all text; [`SynthParams::boilerplate`] adds a
//! header pasted into hundreds of files and footers in tens, with HTML-ish
//! markup. [`score_pairs`] measures recall over every pair of copies. Into them the
//! generator plants known reuse: *source* passages (runs of whole sentences)
//! copied into other documents (or later in the same document) either
//! verbatim or lightly edited (about one word in ten replaced, dropped or
//! inserted, some case and punctuation changes, often re-wrapped), spliced
//! between sentences or as paragraphs of their own. Every planted copy is
//! recorded with the byte ranges of its source and of the copy.
//!
//! The random generator is a fixed splitmix64, so a seed gives the same corpus
//! on every platform and with every version of every crate.

use crate::corpus::{Corpus, Document};
use crate::reuse::Passage;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A small, fixed pseudo-random generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        crate::segment::mix64(self.0)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// Fewest words of a planted source passage (sources are runs of two to four
/// whole sentences, so usually 20 to 70 words).
pub const MIN_SOURCE_WORDS: usize = 20;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthParams {
    /// Seed of the random generator.
    pub seed: u64,
    /// Approximate total size in bytes.
    pub total_bytes: usize,
    /// Approximate mean document size in bytes.
    pub doc_bytes: usize,
    /// Source passages planted per megabyte of text.
    pub sources_per_mb: f64,
    /// Most copies of one source (at least one).
    pub max_copies: usize,
    /// Share of copies that are edited rather than verbatim.
    pub edited_share: f64,
    /// Share of words touched in an edited copy.
    pub edit_rate: f64,
    /// When above zero: the harsh edit model. Each edited copy draws its own
    /// rate in `0..=edit_rate_max`; half of the edit events are bursts of 3–5
    /// neighbouring words; copies also get case, punctuation and quote
    /// transforms.
    pub edit_rate_max: f64,
    /// OCR-like character noise per character, on copies and background alike.
    pub ocr_rate: f64,
    /// Adds a boilerplate header to hundreds of files, footers to tens, and
    /// HTML-ish markup.
    pub boilerplate: bool,
    /// Background text model (`None`: the seeds' unigram vocabulary).
    pub prose: Option<std::sync::Arc<Prose>>,
    /// Share of documents written in CJK (needs a `prose` with CJK text).
    pub cjk_share: f64,
}

impl Default for SynthParams {
    fn default() -> Self {
        SynthParams {
            seed: 1,
            total_bytes: 1 << 20,
            doc_bytes: 40_000,
            sources_per_mb: 30.0,
            max_copies: 3,
            edited_share: 0.5,
            edit_rate: 0.1,
            edit_rate_max: 0.0,
            ocr_rate: 0.0,
            boilerplate: false,
            prose: None,
            cjk_share: 0.0,
        }
    }
}

/// One planted copy: where its source is and where the copy is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Planted {
    /// Index of the source passage (copies of one source share it).
    pub group: usize,
    /// The source passage.
    pub source: Passage,
    /// The copy.
    pub copy: Passage,
    /// Whether the copy was edited (else verbatim).
    pub edited: bool,
    /// The copy's edit rate (0 for verbatim copies).
    pub rate: f64,
    /// Whether the passage is CJK text.
    pub cjk: bool,
    /// Whether the group is boilerplate or repeated text (a header in most
    /// files, a footer in tens, one article repeated): scored as a whole by
    /// [`score_whole`], not pair by pair by [`score_pairs`] (its hundreds of
    /// copies would outweigh the planted passages tens of thousands to one).
    pub boilerplate: bool,
}

impl Planted {
    /// One line of a truth file (`bench_engine gen` writes one per copy):
    /// group, edited, source document/start/end, copy document/start/end,
    /// rate, cjk, boilerplate, space-separated.
    pub fn line(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {} {} {} {}",
            self.group,
            self.edited as u8,
            self.source.document,
            self.source.start,
            self.source.end,
            self.copy.document,
            self.copy.start,
            self.copy.end,
            self.rate,
            self.cjk as u8,
            self.boilerplate as u8
        )
    }

    /// Parses a [`Planted::line`]; `None` when it is not one.
    pub fn parse(line: &str) -> Option<Planted> {
        let v: Vec<&str> = line.split(' ').collect();
        if v.len() != 11 {
            return None;
        }
        let n = |i: usize| v[i].parse::<usize>().ok();
        let passage = |i: usize| {
            Some(Passage {
                document: n(i)?,
                start: n(i + 1)?,
                end: n(i + 2)?,
            })
        };
        Some(Planted {
            group: n(0)?,
            edited: n(1)? == 1,
            source: passage(2)?,
            copy: passage(5)?,
            rate: v[8].parse().ok()?,
            cjk: n(9)? == 1,
            boilerplate: n(10)? == 1,
        })
    }
}

/// A generated corpus and its ground truth.
#[derive(Debug, Clone)]
pub struct SynthCorpus {
    /// The documents.
    pub corpus: Corpus,
    /// Every planted copy.
    pub planted: Vec<Planted>,
}

/// The seeds' English vocabulary with cumulative frequencies.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Vocabulary {
    fn from_seeds() -> Self {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for d in crate::corpus::seeds().documents {
            for t in crate::segment::tokenize(&d.text) {
                let w = &d.text[t.start..t.end];
                if w.bytes().all(|b| b.is_ascii_alphabetic()) {
                    *counts.entry(w.to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
        let mut words = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0;
        for (w, c) in counts {
            total += c;
            words.push(w);
            cumulative.push(total);
        }
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.next_u64() % total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(v: &Vocabulary, rng: &mut Rng) -> String {
    let n = rng.range(8, 24);
    let mut s = String::new();
    for i in 0..n {
        let w = v.word(rng);
        if i == 0 {
            s.push_str(&capitalise(w));
        } else {
            s.push(' ');
            s.push_str(w);
            if i + 1 < n && rng.chance(0.08) {
                s.push(',');
            }
        }
    }
    s.push('.');
    s
}

/// Applies light edits to a passage: replaced, dropped and inserted words,
/// case and punctuation changes.
fn edit(text: &str, v: &Vocabulary, rng: &mut Rng, rate: f64) -> String {
    let mut out: Vec<String> = Vec::new();
    let words: Vec<&str> = text.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        // Never touch the first and last two words, so the copy's extent is
        // the source's.
        let inner = i >= 2 && i + 2 < words.len();
        if inner && rng.chance(rate) {
            match rng.below(3) {
                0 => out.push(v.word(rng).to_string()),
                1 => {}
                _ => {
                    out.push(w.to_string());
                    out.push(v.word(rng).to_string());
                }
            }
        } else if inner && rng.chance(0.03) {
            out.push(w.to_uppercase());
        } else if inner && rng.chance(0.03) {
            out.push(format!("{w};"));
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

/// Re-wraps text at about `width` columns.
fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in text.split(' ') {
        if col > 0 && col + 1 + w.len() > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

/// A background text model trained on real text: a word-level Markov chain
/// (order 1: each word followed by a word that followed it in the training
/// text, with the training frequencies) and a character-level chain for CJK.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    words: Vec<String>,
    next: Vec<Vec<u32>>,
    starts: Vec<u32>,
    chars: Vec<char>,
    char_next: Vec<Vec<u32>>,
}

/// Fewest training successors of a word for the chain to follow it.
const MIN_SUCCESSORS: usize = 4;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF)
}

impl Prose {
    /// Trains on English `texts` (words are letter runs, lower-cased; a word
    /// after a full stop may start a sentence) and on the CJK characters of
    /// `cjk` texts. Identical paragraphs are used once, so text pasted into
    /// many training files does not dominate.
    pub fn train(texts: &[String], cjk: &[String]) -> Prose {
        let mut p = Prose::default();
        let mut ids: BTreeMap<String, u32> = BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        for t in texts {
            for para in t.split("\n\n") {
                if !seen.insert(crate::segment::mix64(para.len() as u64 ^ hash_str(para))) {
                    continue;
                }
                let mut prev: Option<u32> = None;
                let mut sentence_start = true;
                for tok in para.split_whitespace() {
                    let w: String = tok
                        .chars()
                        .filter(|c| c.is_ascii_alphabetic())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if w.is_empty() || w.len() > 20 {
                        prev = None;
                        continue;
                    }
                    let n = ids.len() as u32;
                    let id = *ids.entry(w.clone()).or_insert(n);
                    if id as usize == p.words.len() {
                        p.words.push(w);
                        p.next.push(Vec::new());
                    }
                    if let Some(q) = prev {
                        p.next[q as usize].push(id);
                    }
                    if sentence_start {
                        p.starts.push(id);
                    }
                    sentence_start = tok.ends_with('.');
                    prev = Some(id);
                }
            }
        }
        let mut cids: BTreeMap<char, u32> = BTreeMap::new();
        for t in cjk {
            let mut prev: Option<u32> = None;
            for c in t.chars() {
                if !is_cjk(c) {
                    prev = None;
                    continue;
                }
                let n = cids.len() as u32;
                let id = *cids.entry(c).or_insert(n);
                if id as usize == p.chars.len() {
                    p.chars.push(c);
                    p.char_next.push(Vec::new());
                }
                if let Some(q) = prev {
                    p.char_next[q as usize].push(id);
                }
                prev = Some(id);
            }
        }
        p
    }

    /// Distinct English words learnt.
    pub fn vocabulary(&self) -> usize {
        self.words.len()
    }

    /// True when the model can write CJK text.
    pub fn has_cjk(&self) -> bool {
        !self.chars.is_empty()
    }

    /// The next word: a successor of `prev` seen in training; a word seen
    /// followed by fewer than [`MIN_SUCCESSORS`] words (rare words, whose
    /// chains would copy the training text verbatim) or, 5% of the time, any
    /// word restarts at a sentence start.
    fn word(&self, prev: Option<u32>, rng: &mut Rng) -> u32 {
        match prev.map(|q| &self.next[q as usize]) {
            Some(v) if v.len() >= MIN_SUCCESSORS && !rng.chance(0.05) => v[rng.below(v.len())],
            _ if !self.starts.is_empty() => self.starts[rng.below(self.starts.len())],
            _ => rng.below(self.words.len()) as u32,
        }
    }

    fn sentence(&self, rng: &mut Rng) -> String {
        let n = rng.range(8, 24);
        let mut s = String::new();
        let mut prev = None;
        let quote = if rng.chance(0.1) {
            rng.range(1, n.saturating_sub(5).max(1))
        } else {
            usize::MAX
        };
        for i in 0..n {
            let id = self.word(prev, rng);
            prev = Some(id);
            let w = &self.words[id as usize];
            if i > 0 {
                s.push(' ');
            }
            if i == quote {
                s.push('"');
            }
            if i == 0 {
                s.push_str(&capitalise(w));
            } else {
                s.push_str(w);
            }
            if i == quote + 4 {
                s.push('"');
            }
            if i + 1 < n && rng.chance(0.08) {
                s.push(',');
            }
        }
        s.push('.');
        s
    }

    fn cjk_sentence(&self, rng: &mut Rng) -> String {
        let n = rng.range(15, 40);
        let mut s = String::new();
        let mut prev: Option<u32> = None;
        for i in 0..n {
            let id = match prev.map(|q| &self.char_next[q as usize]) {
                Some(v) if v.len() >= MIN_SUCCESSORS && !rng.chance(0.05) => v[rng.below(v.len())],
                _ => rng.below(self.chars.len()) as u32,
            };
            prev = Some(id);
            s.push(self.chars[id as usize]);
            if i + 1 < n && i > 3 && rng.chance(0.06) {
                s.push('，');
            }
        }
        s.push('。');
        s
    }
}

fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Units of a passage for editing: words (split at spaces) or CJK characters.
fn units(text: &str, cjk: bool) -> Vec<String> {
    if cjk {
        text.chars().map(String::from).collect()
    } else {
        text.split(' ').map(String::from).collect()
    }
}

/// The harsh edit model: about `rate` of the units are edited (replaced,
/// dropped, or followed by an inserted unit); half of the edit events are
/// bursts of 3–5 neighbouring units. The first and last unit stay, so the
/// copy's extent is the source's.
fn harsh_edit(
    text: &str,
    cjk: bool,
    rate: f64,
    filler: &mut dyn FnMut(&mut Rng) -> String,
    rng: &mut Rng,
) -> String {
    let u = units(text, cjk);
    let n = u.len();
    let mut out: Vec<String> = Vec::with_capacity(n + 8);
    let mut burst = 0usize;
    for (i, w) in u.iter().enumerate() {
        let inner = i >= 1 && i + 1 < n;
        // A burst of b edits starts with probability rate / (mean length) so
        // that about `rate` of the units are edited overall.
        if inner && burst == 0 && rng.chance(rate / 2.5) {
            burst = if rng.chance(0.5) { rng.range(3, 5) } else { 1 };
        }
        if inner && burst > 0 {
            burst -= 1;
            match rng.below(3) {
                0 => out.push(filler(rng)),
                1 => {}
                _ => {
                    out.push(w.clone());
                    out.push(filler(rng));
                }
            }
        } else {
            out.push(w.clone());
        }
    }
    out.join(if cjk { "" } else { " " })
}

/// Whole-copy transforms of the harsh model: lower or upper case, toggled
/// initial case, dropped or swapped punctuation, straight↔curly quotes.
fn transform(text: &str, rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => text.to_lowercase(),
        1 => text.to_uppercase(),
        2 => text
            .split(' ')
            .map(|w| {
                if rng.chance(0.3) {
                    let mut c = w.chars();
                    match c.next() {
                        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
                        Some(f) => f.to_lowercase().chain(c).collect(),
                        None => String::new(),
                    }
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        3 => text.replace([',', ';'], ""),
        4 => text
            .replace(',', ";")
            .replace("。", "．")
            .replace('，', "、"),
        _ => {
            let mut open = true;
            text.chars()
                .map(|c| {
                    if c == '"' {
                        open = !open;
                        if open { '”' } else { '“' }
                    } else if c == '\'' {
                        '’'
                    } else {
                        c
                    }
                })
                .collect()
        }
    }
}

/// OCR-like character noise at `rate` per character: confusable letters
/// (rn↔m, l↔1, e↔c, o↔0), dropped or doubled letters, a word split by a
/// hyphen and a line break.
pub fn ocr_noise(text: &str, rate: f64, rng: &mut Rng) -> String {
    if rate <= 0.0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphanumeric() || !rng.chance(rate) {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        match (c, next, rng.below(4)) {
            ('r', 'n', _) => {
                out.push('m');
                i += 2;
                continue;
            }
            ('m', _, _) => out.push_str("rn"),
            ('l', _, _) => out.push('1'),
            ('e', _, _) => out.push('c'),
            ('o', _, _) => out.push('0'),
            (_, _, 0) => {}
            (_, _, 1) => {
                out.push(c);
                out.push(c);
            }
            (_, n, 2) if n.is_alphabetic() && c.is_alphabetic() => {
                out.push(c);
                out.push_str("-\n");
            }
            _ => {
                out.push(c);
                out.push(c);
            }
        }
        i += 1;
    }
    out
}

/// Where a copy goes: before sentence `sentence` of paragraph `para`, or as a
/// paragraph of its own before paragraph `para` when `sentence` is `None`.
type Slot = (usize, usize, Option<usize>);

/// A planted copy waiting for assembly: group, text, edited, rate.
type Pending = (usize, String, bool, f64);

/// Generates a corpus with planted reuse.
pub fn generate(p: &SynthParams) -> SynthCorpus {
    let v = Vocabulary::from_seeds();
    let prose = p.prose.as_deref();
    let cjk_ok = prose.is_some_and(Prose::has_cjk);
    let mut rng = Rng::new(p.seed);
    let sentence = |rng: &mut Rng, cjk: bool| -> String {
        match prose {
            Some(m) if cjk && cjk_ok => m.cjk_sentence(rng),
            Some(m) if m.vocabulary() > 0 => m.sentence(rng),
            _ => sentence(&v, rng),
        }
    };
    // Base documents: paragraphs of sentences.
    let mut docs: Vec<Vec<Vec<String>>> = Vec::new();
    let mut doc_cjk: Vec<bool> = Vec::new();
    let mut total = 0;
    while total < p.total_bytes.max(1) {
        let target = rng.range(p.doc_bytes / 2, p.doc_bytes * 3 / 2).max(200);
        let cjk = cjk_ok && rng.chance(p.cjk_share);
        let mut paras = Vec::new();
        let mut size = 0;
        while size < target {
            let mut para = Vec::new();
            for _ in 0..rng.range(3, 7) {
                let s = sentence(&mut rng, cjk);
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
    let count = |s: &str, cjk: bool| {
        if cjk {
            s.chars().filter(|c| is_cjk(*c)).count()
        } else {
            s.split(' ').count()
        }
    };
    // Sources: a run of sentences inside one paragraph, at most one per paragraph.
    let n_sources = ((p.total_bytes as f64 / 1e6) * p.sources_per_mb)
        .round()
        .max(1.0) as usize;
    let mut sources: Vec<(usize, usize, usize, usize)> = Vec::new(); // doc, para, i, j
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
        let j = (i + rng.range(2, 4)).min(len);
        let words: usize = docs[d][q][i..j].iter().map(|s| count(s, doc_cjk[d])).sum();
        if words < MIN_SOURCE_WORDS {
            continue;
        }
        used.insert((d, q), sources.len());
        sources.push((d, q, i, j));
    }
    // Copies.
    let harsh = p.edit_rate_max > 0.0;
    let mut slots: BTreeMap<Slot, Vec<Pending>> = BTreeMap::new();
    for (g, &(d, q, i, j)) in sources.iter().enumerate() {
        let cjk = doc_cjk[d];
        let text = docs[d][q][i..j].join(if cjk { "" } else { " " });
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
            let mut copy = if edited && harsh {
                rate = p.edit_rate_max * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let mut filler = |rng: &mut Rng| -> String {
                    if cjk {
                        let s = sentence(rng, true);
                        s.chars().next().map(String::from).unwrap_or_default()
                    } else {
                        v.word(rng).to_string()
                    }
                };
                let mut c = harsh_edit(&text, cjk, rate, &mut filler, &mut rng);
                if rng.chance(0.4) {
                    c = transform(&c, &mut rng);
                }
                c
            } else if edited {
                rate = p.edit_rate;
                edit(&text, &v, &mut rng, p.edit_rate)
            } else {
                text.clone()
            };
            if edited && !cjk && rng.chance(0.5) {
                copy = rewrap(&copy, 60 + rng.below(20));
            }
            copy = ocr_noise(&copy, p.ocr_rate, &mut rng);
            slots.entry(slot).or_default().push((g, copy, edited, rate));
        }
    }
    // Boilerplate: a header in most files, a few footers in tens of files,
    // a navigation line and markup everywhere.
    let mut header: Option<(usize, String)> = None;
    let mut footers: Vec<(usize, String, BTreeMap<usize, ()>)> = Vec::new();
    let mut in_header: Vec<bool> = vec![false; docs.len()];
    let nav = "<div class=\"nav\"><a href=\"index.html\">Home</a> | <a href=\"news.html\">News</a> | <a href=\"archive.html\">Archive</a> | <a href=\"about.html\">About us</a></div>";
    let mut nav_group = None;
    let mut group_cjk: Vec<bool> = sources.iter().map(|s| doc_cjk[s.0]).collect();
    if p.boilerplate {
        let h: Vec<String> = (0..rng.range(4, 6))
            .map(|_| sentence(&mut rng, false))
            .collect();
        header = Some((group_cjk.len(), h.join(" ")));
        group_cjk.push(false);
        for x in in_header.iter_mut() {
            *x = rng.chance(0.7);
        }
        for _ in 0..5 {
            let f: Vec<String> = (0..rng.range(2, 4))
                .map(|_| sentence(&mut rng, false))
                .collect();
            let n = rng.range(15, 60).min(docs.len());
            let mut where_ = BTreeMap::new();
            while where_.len() < n {
                where_.insert(rng.below(docs.len()), ());
            }
            footers.push((group_cjk.len(), f.join(" "), where_));
            group_cjk.push(false);
        }
        nav_group = Some(group_cjk.len());
        group_cjk.push(false);
    }
    // Assemble, recording byte ranges.
    let mut source_at: Vec<Option<Passage>> = vec![None; group_cjk.len()];
    let mut copies: Vec<(usize, Passage, bool, f64)> = Vec::new();
    let mut documents = Vec::new();
    let record = |copies: &mut Vec<(usize, Passage, bool, f64)>,
                  source_at: &mut Vec<Option<Passage>>,
                  g: usize,
                  pass: Passage,
                  edited: bool,
                  rate: f64| {
        // Boilerplate groups: the first occurrence stands as the source.
        if source_at[g].is_none() && g >= sources.len() {
            source_at[g] = Some(pass);
        } else {
            copies.push((g, pass, edited, rate));
        }
    };
    for (d, paras) in docs.iter().enumerate() {
        let cjk = doc_cjk[d];
        let sep = if cjk { "" } else { " " };
        let mut text = String::new();
        let _ = writeln!(text, "Document {d}\n");
        if let Some(g) = nav_group {
            let start = text.len();
            text.push_str(nav);
            let pass = Passage {
                document: d,
                start,
                end: text.len(),
            };
            record(&mut copies, &mut source_at, g, pass, false, 0.0);
            text.push_str("\n\n");
        }
        if let Some((g, h)) = &header
            && in_header[d]
        {
            text.push_str("<header>\n");
            let start = text.len();
            text.push_str(h);
            let pass = Passage {
                document: d,
                start,
                end: text.len(),
            };
            record(&mut copies, &mut source_at, *g, pass, false, 0.0);
            text.push_str("\n</header>\n\n");
        }
        for (q, para) in paras.iter().enumerate() {
            if p.boilerplate {
                text.push_str("<p class=\"text\">");
            }
            for (g, copy, edited, rate) in slots.get(&(d, q, None)).into_iter().flatten() {
                let start = text.len();
                text.push_str(copy);
                let pass = Passage {
                    document: d,
                    start,
                    end: text.len(),
                };
                record(&mut copies, &mut source_at, *g, pass, *edited, *rate);
                text.push_str("\n\n");
            }
            let src = used.get(&(d, q)).copied();
            for (r, s) in para.iter().enumerate() {
                for (g, copy, edited, rate) in slots.get(&(d, q, Some(r))).into_iter().flatten() {
                    let start = text.len();
                    text.push_str(copy);
                    let pass = Passage {
                        document: d,
                        start,
                        end: text.len(),
                    };
                    record(&mut copies, &mut source_at, *g, pass, *edited, *rate);
                    text.push_str(sep);
                }
                if let Some(g) = src {
                    let (_, _, i, _) = sources[g];
                    if r == i {
                        source_at[g] = Some(Passage {
                            document: d,
                            start: text.len(),
                            end: text.len(),
                        });
                    }
                }
                text.push_str(&ocr_noise(s, p.ocr_rate, &mut rng));
                if let Some(g) = src
                    && r + 1 == sources[g].3
                    && let Some(sa) = source_at[g].as_mut()
                {
                    sa.end = text.len();
                }
                text.push_str(sep);
            }
            for (g, copy, edited, rate) in
                slots.get(&(d, q, Some(para.len()))).into_iter().flatten()
            {
                let start = text.len();
                text.push_str(copy);
                let pass = Passage {
                    document: d,
                    start,
                    end: text.len(),
                };
                record(&mut copies, &mut source_at, *g, pass, *edited, *rate);
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
                let start = text.len();
                text.push_str(f);
                let pass = Passage {
                    document: d,
                    start,
                    end: text.len(),
                };
                record(&mut copies, &mut source_at, *g, pass, false, 0.0);
                text.push_str("</footer>\n");
            }
        }
        documents.push(Document::new(format!("synth/{d:05}.txt"), text));
    }
    let planted = copies
        .into_iter()
        .filter_map(|(group, copy, edited, rate)| {
            Some(Planted {
                group,
                source: source_at[group]?,
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

/// Recall and precision of clusters against the planted copies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Planted copies.
    pub copies: usize,
    /// Planted copies found: some cluster has an occurrence on the copy and
    /// one on its source (each overlapping at least half of it).
    pub recovered: usize,
    /// Of them, verbatim / edited copies planted and found.
    pub verbatim: (usize, usize),
    /// Edited copies planted and found.
    pub edited: (usize, usize),
    /// Occurrences reported.
    pub occurrences: usize,
    /// Occurrences lying (at least half) on a planted source or copy.
    pub true_occurrences: usize,
}

impl Score {
    /// Share of planted copies recovered.
    pub fn recall(&self) -> f64 {
        self.recovered as f64 / self.copies.max(1) as f64
    }

    /// Share of reported occurrences that are planted text.
    pub fn precision(&self) -> f64 {
        if self.occurrences == 0 {
            1.0
        } else {
            self.true_occurrences as f64 / self.occurrences as f64
        }
    }
}

fn overlaps_half(x: &Passage, y: &Passage) -> bool {
    if x.document != y.document {
        return false;
    }
    let ov = x.end.min(y.end).saturating_sub(x.start.max(y.start));
    let shorter = (x.end - x.start).min(y.end - y.start).max(1);
    ov * 2 >= shorter
}

/// Scores clusters against the ground truth.
pub fn score(clusters: &[crate::reuse::Cluster], planted: &[Planted]) -> Score {
    let mut s = Score {
        copies: planted.len(),
        recovered: 0,
        verbatim: (0, 0),
        edited: (0, 0),
        occurrences: 0,
        true_occurrences: 0,
    };
    // Index occurrences by document for the recall check.
    let mut by_doc: BTreeMap<usize, Vec<(usize, Passage)>> = BTreeMap::new();
    for (ci, c) in clusters.iter().enumerate() {
        for o in &c.occurrences {
            by_doc.entry(o.document).or_default().push((ci, *o));
        }
    }
    let clusters_on = |p: &Passage| -> Vec<usize> {
        by_doc
            .get(&p.document)
            .map(|v| {
                v.iter()
                    .filter(|(_, o)| overlaps_half(o, p))
                    .map(|(c, _)| *c)
                    .collect()
            })
            .unwrap_or_default()
    };
    for pl in planted {
        let a = clusters_on(&pl.copy);
        let b = clusters_on(&pl.source);
        let found = a.iter().any(|c| b.contains(c));
        let bucket = if pl.edited {
            &mut s.edited
        } else {
            &mut s.verbatim
        };
        bucket.0 += 1;
        if found {
            bucket.1 += 1;
            s.recovered += 1;
        }
    }
    let mut truth: BTreeMap<usize, Vec<Passage>> = BTreeMap::new();
    for pl in planted {
        truth.entry(pl.copy.document).or_default().push(pl.copy);
        truth.entry(pl.source.document).or_default().push(pl.source);
    }
    for c in clusters {
        for o in &c.occurrences {
            s.occurrences += 1;
            if truth
                .get(&o.document)
                .is_some_and(|v| v.iter().any(|t| overlaps_half(o, t)))
            {
                s.true_occurrences += 1;
            }
        }
    }
    s
}

/// Edit-rate bands of [`PairScore::bands`] (upper bounds, inclusive): a
/// pair falls in the band of the larger edit rate of its two copies.
pub const BANDS: [(f64, &str); 5] = [
    (0.0, "0%"),
    (0.05, "≤5%"),
    (0.15, "5–15%"),
    (0.20, "15–20%"),
    (0.30, "20–30%"),
];

/// Recall over every pair of copies of each planted passage (its source and
/// all its copies, edited↔edited included): a pair counts when the clusters
/// that have occurrences on both cover at least 80% of each (in bytes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairScore {
    /// (pairs, pairs found) per category: `[verbatim, edited]` × `[English, CJK]`.
    pub category: [[(usize, usize); 2]; 2],
    /// (pairs, pairs found) per band of [`BANDS`].
    pub bands: [(usize, usize); 5],
}

impl PairScore {
    /// Share found of a (pairs, found) count.
    pub fn share(x: (usize, usize)) -> f64 {
        if x.0 == 0 {
            1.0
        } else {
            x.1 as f64 / x.0 as f64
        }
    }
}

/// Boilerplate groups of at least this many words are scored by
/// [`score_whole`] (shorter ones, such as a navigation line in every file,
/// are banal by design and expected to be filtered out).
pub const WHOLE_MIN_WORDS: usize = 20;

/// How many boilerplate groups (of at least [`WHOLE_MIN_WORDS`] words) came
/// out whole: one cluster has an occurrence covering at least 80% of each of
/// at least 95% of the group's copies (the source included). Returns
/// (groups, groups found whole, copies in them).
pub fn score_whole(
    clusters: &[crate::reuse::Cluster],
    planted: &[Planted],
    corpus: &Corpus,
) -> (usize, usize, usize) {
    let mut groups: BTreeMap<usize, Vec<Passage>> = BTreeMap::new();
    for pl in planted.iter().filter(|p| p.boilerplate) {
        let g = groups.entry(pl.group).or_default();
        if g.is_empty() {
            g.push(pl.source);
        }
        g.push(pl.copy);
    }
    let mut out = (0, 0, 0);
    for members in groups.values() {
        let p = members[0];
        let text = &corpus.documents[p.document].text[p.start..p.end];
        if crate::segment::word_count(text) < WHOLE_MIN_WORDS {
            continue;
        }
        out.0 += 1;
        out.2 += members.len();
        let need = (members.len() * 19).div_ceil(20);
        let whole = clusters
            .iter()
            .filter(|c| c.occurrences.len() >= need)
            .any(|c| {
                // Occurrences are sorted by (document, start).
                let occ = &c.occurrences;
                let found = members
                    .iter()
                    .filter(|m| {
                        let lo = occ
                            .partition_point(|o| (o.document, o.start) < (m.document, m.start))
                            .saturating_sub(1);
                        occ[lo..]
                            .iter()
                            .take_while(|o| o.document <= m.document && o.start < m.end)
                            .any(|o| {
                                let ov = o.end.min(m.end).saturating_sub(o.start.max(m.start));
                                ov * 5 >= (m.end - m.start) * 4
                            })
                    })
                    .count();
                found >= need
            });
        out.1 += usize::from(whole);
    }
    out
}

/// Scores clusters over all pairs of copies (see [`PairScore`]).
pub fn score_pairs(clusters: &[crate::reuse::Cluster], planted: &[Planted]) -> PairScore {
    // Occurrences per document, sorted by start.
    let mut by_doc: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (ci, c) in clusters.iter().enumerate() {
        for o in &c.occurrences {
            by_doc
                .entry(o.document)
                .or_default()
                .push((o.start, o.end, ci));
        }
    }
    for v in by_doc.values_mut() {
        v.sort_unstable();
    }
    // Per copy: the clusters on it with the byte ranges they cover.
    let on = |p: &Passage| -> BTreeMap<usize, Vec<(usize, usize)>> {
        let mut m: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        if let Some(v) = by_doc.get(&p.document) {
            let lo = v.partition_point(|o| o.0 < p.start.saturating_sub(1 << 20));
            for &(s, e, c) in &v[lo..] {
                if s >= p.end {
                    break;
                }
                let (a, b) = (s.max(p.start), e.min(p.end));
                if a < b {
                    m.entry(c).or_default().push((a, b));
                }
            }
        }
        m
    };
    let covered =
        |m: &BTreeMap<usize, Vec<(usize, usize)>>, keep: &dyn Fn(usize) -> bool| -> usize {
            let mut iv: Vec<(usize, usize)> = m
                .iter()
                .filter(|(c, _)| keep(**c))
                .flat_map(|(_, v)| v.iter().copied())
                .collect();
            iv.sort_unstable();
            let (mut total, mut reach) = (0usize, 0usize);
            for (a, b) in iv {
                let a = a.max(reach);
                if b > a {
                    total += b - a;
                    reach = b;
                }
            }
            total
        };
    // Members of each group: the source (verbatim) and every copy.
    let mut groups: BTreeMap<usize, Vec<(Passage, bool, f64, bool)>> = BTreeMap::new();
    for pl in planted.iter().filter(|p| !p.boilerplate) {
        let g = groups.entry(pl.group).or_default();
        if g.is_empty() {
            g.push((pl.source, false, 0.0, pl.cjk));
        }
        g.push((pl.copy, pl.edited, pl.rate, pl.cjk));
    }
    let mut out = PairScore::default();
    for members in groups.values() {
        let maps: Vec<_> = members.iter().map(|m| on(&m.0)).collect();
        for x in 0..members.len() {
            for y in x + 1..members.len() {
                let (px, ex, rx, cjk) = members[x];
                let (py, ey, ry, _) = members[y];
                let (mx, my) = (&maps[x], &maps[y]);
                let linking = |c: usize| mx.contains_key(&c) && my.contains_key(&c);
                let found = covered(mx, &linking) * 5 >= (px.end - px.start) * 4
                    && covered(my, &linking) * 5 >= (py.end - py.start) * 4;
                let cat = &mut out.category[usize::from(ex || ey)][usize::from(cjk)];
                cat.0 += 1;
                cat.1 += usize::from(found);
                let rate = rx.max(ry);
                let band = if ex || ey {
                    BANDS
                        .iter()
                        .position(|(hi, _)| rate <= *hi + 1e-12 && *hi > 0.0)
                        .unwrap_or(BANDS.len() - 1)
                } else {
                    0
                };
                out.bands[band].0 += 1;
                out.bands[band].1 += usize::from(found);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truth_line_reads_back_as_the_planted_copy() {
        let p = Planted {
            group: 3,
            source: Passage {
                document: 1,
                start: 10,
                end: 90,
            },
            copy: Passage {
                document: 7,
                start: 5,
                end: 77,
            },
            edited: true,
            rate: 0.25,
            cjk: false,
            boilerplate: true,
        };
        assert_eq!(p.line(), "3 1 1 10 90 7 5 77 0.25 0 1");
        assert_eq!(Planted::parse(&p.line()), Some(p));
        assert_eq!(Planted::parse("3 1 1 10"), None);
    }

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
    fn repeated_text_is_one_group_scored_whole() {
        let g = repeated(
            "  one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.\n",
            1000,
        );
        let doc = &g.corpus.documents[0];
        assert_eq!(g.planted.len() + 1, doc.text.len().div_ceil(132 + 2));
        assert!(g.planted.iter().all(|p| p.boilerplate && p.group == 0));
        let whole = crate::reuse::Cluster {
            id: 0,
            words: 20,
            similarity: 1.0,
            occurrences: std::iter::once(g.planted[0].source)
                .chain(g.planted.iter().map(|p| p.copy))
                .collect(),
            boilerplate: None,
        };
        let n = g.planted.len() + 1;
        assert_eq!(
            score_whole(std::slice::from_ref(&whole), &g.planted, &g.corpus),
            (1, 1, n)
        );
        // Missing more than one copy in twenty: not whole.
        let mut part = whole;
        part.occurrences.truncate(n - 2);
        assert_eq!(score_whole(&[part], &g.planted, &g.corpus), (1, 0, n));
        assert_eq!(score_pairs(&[], &g.planted), PairScore::default());
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
}
