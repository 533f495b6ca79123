//! The background text models: the seeds' unigram [`Vocabulary`] (realistic
//! word frequencies, no accidental long repeats) and [`Prose`], a word-level
//! Markov chain trained on real text plus a character-level chain for CJK.

use super::rng::Rng;
use std::collections::BTreeMap;

/// The seeds' English vocabulary with cumulative frequencies.
pub(super) struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Vocabulary {
    /// The ASCII-letter words of the seed articles, lower-cased, counted.
    pub(super) fn from_seeds() -> Self {
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

    /// A word drawn with the seeds' frequencies.
    pub(super) fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.next_u64() % total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

/// `w` with its first letter upper-cased.
fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A sentence of 8 to 24 words from the unigram vocabulary, capitalised,
/// with a comma now and then and a full stop.
pub(super) fn sentence(v: &Vocabulary, rng: &mut Rng) -> String {
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

/// True for a kana, CJK ideograph or hangul character.
pub(super) fn is_cjk(c: char) -> bool {
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

    /// An English sentence of 8 to 24 words along the chain, sometimes with
    /// a four-word quotation and commas.
    pub(super) fn sentence(&self, rng: &mut Rng) -> String {
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
            // Without a quotation (`quote` is `usize::MAX`) this wraps to
            // word 3: a stray closing quote after the fourth word, which
            // every release build has written into the generated corpora
            // (scraped text has such marks). Kept, written out, so that the
            // bench's corpora stay the same and a debug build agrees.
            if i == quote.wrapping_add(4) {
                s.push('"');
            }
            if i + 1 < n && rng.chance(0.08) {
                s.push(',');
            }
        }
        s.push('.');
        s
    }

    /// A CJK sentence of 15 to 40 characters along the character chain.
    pub(super) fn cjk_sentence(&self, rng: &mut Rng) -> String {
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

/// FNV-1a of `s`: tells training paragraphs apart.
fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_links_each_word_to_its_successors() {
        let p = Prose::train(
            &["The cat sat. The dog, ran!\n\nThe cat sat. The dog, ran!".to_string()],
            &["中文，中字".to_string()],
        );
        assert_eq!(p.words, ["the", "cat", "sat", "dog", "ran"]);
        // The repeated paragraph is read once.
        assert_eq!(p.starts, [0, 0]);
        assert_eq!(p.next, [vec![1, 3], vec![2], vec![0], vec![4], vec![]]);
        assert_eq!(p.vocabulary(), 5);
        // Characters chain within a CJK run, not across the comma.
        assert_eq!(p.chars, ['中', '文', '字']);
        assert_eq!(p.char_next, [vec![1, 2], vec![], vec![]]);
        assert!(p.has_cjk());
        assert!(!Prose::train(&[], &[]).has_cjk());
    }

    #[test]
    fn sentences_are_capitalised_and_end_with_a_full_stop() {
        let v = Vocabulary::from_seeds();
        let p = Prose::train(
            &[crate::corpus::seeds().documents[0].text.to_string()],
            &["中文字句子".to_string()],
        );
        let mut rng = Rng::new(5);
        for _ in 0..20 {
            for s in [sentence(&v, &mut rng), p.sentence(&mut rng)] {
                let words = s.split(' ').count();
                assert!((8..=24).contains(&words), "{s}");
                assert!(s.ends_with('.'), "{s}");
                let first = s.trim_start_matches('"').chars().next().unwrap();
                assert!(first.is_uppercase(), "{s}");
            }
            let c = p.cjk_sentence(&mut rng);
            assert!(c.ends_with('。'), "{c}");
            assert!(c.chars().filter(|&c| is_cjk(c)).count() >= 15, "{c}");
        }
    }
}
