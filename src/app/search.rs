//! Search: every hit of a case-insensitive query in the open document (or,
//! widened, in every document), found as you type and stepped through with
//! next / previous. Hits are byte ranges into the document, highlighted by
//! the reader; the cursor goes to the hit and the passage there is selected.

use super::{App, ReaderState, WrapCache};
use crate::reuse::Analysis;
use std::ops::Range;
use std::sync::Arc;

/// A search and its hits in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    /// The query as typed.
    pub query: String,
    /// Byte ranges of every hit, in order.
    pub hits: Arc<Vec<Range<usize>>>,
    /// Index of the current hit.
    pub current: Option<usize>,
}

impl SearchState {
    /// Indices of the hits overlapping bytes `r`.
    pub fn hits_in(&self, r: Range<usize>) -> Range<usize> {
        let from = self.hits.partition_point(|h| h.end <= r.start);
        let to = self.hits.partition_point(|h| h.start < r.end);
        from..to.max(from)
    }
}

/// Every non-overlapping hit of `query` in `text`, ignoring case.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let q = query.to_lowercase();
    let mut out = Vec::new();
    if q.is_empty() {
        return out;
    }
    if q.is_ascii() {
        let (tb, qb) = (text.as_bytes(), q.as_bytes());
        let mut i = 0;
        while i + qb.len() <= tb.len() {
            if tb[i].eq_ignore_ascii_case(&qb[0]) && tb[i..i + qb.len()].eq_ignore_ascii_case(qb) {
                out.push(i..i + qb.len());
                i += qb.len();
            } else {
                i += 1;
            }
        }
        return out;
    }
    // Fold case char by char, remembering where each folded byte came from.
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for lc in c.to_lowercase() {
            let before = folded.len();
            folded.push(lc);
            origin.extend(std::iter::repeat_n(i, folded.len() - before));
        }
    }
    origin.push(text.len());
    for (fi, m) in folded.match_indices(&q) {
        let start = origin[fi];
        let end = origin[fi + m.len()];
        let end = if end == start {
            start + text[start..].chars().next().map_or(0, char::len_utf8)
        } else {
            end
        };
        out.push(start..end);
    }
    out
}

/// The search last entered: what `n`/`N` and an empty Enter repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSearch {
    /// The query.
    pub query: String,
    /// True when it looks in every document, not just the open one.
    pub all_documents: bool,
}

/// How many searches the prompt's history keeps.
const HISTORY: usize = 100;

impl App {
    /// Searches for `query` (in the open document, or in every document when
    /// the prompt was widened) and puts the cursor on the first hit at or
    /// after it, as Enter in the search prompt does.
    pub fn run_search(&mut self, query: &str) {
        self.commit_search(query);
        self.relayout();
    }

    /// Enter in the search prompt: an empty query repeats the last search.
    pub(super) fn commit_search(&mut self, query: &str) {
        if query.is_empty() {
            match self.last_search.clone() {
                Some(last) => {
                    self.search_all = last.all_documents;
                    self.search_step(true);
                }
                None => self.message = Some("no search yet: type what to look for".into()),
            }
            return;
        }
        if self.search_history.last().map(String::as_str) != Some(query) {
            self.search_history.push(query.to_string());
            if self.search_history.len() > HISTORY {
                self.search_history.remove(0);
            }
        }
        self.last_search = Some(LastSearch {
            query: query.to_string(),
            all_documents: self.search_all,
        });
        if !self.preview_search(query) {
            if self.search_all && self.search_other_document(query, true) {
                return;
            }
            self.message = Some(format!("not found: {query}"));
        }
    }

    /// Search as you type: highlights the hits of `query` in the open
    /// document and puts the cursor on the first one at or after where the
    /// prompt was opened; says how many there are. False when the open
    /// document has none (the reader then stays where it was).
    pub(super) fn preview_search(&mut self, query: &str) -> bool {
        let a = self.analysis.clone();
        let (w, h) = self.reader_text_size();
        if let Some(origin) = self.prompt_origin.clone() {
            self.reader = Some(origin);
        }
        let Some(r) = self.reader.as_mut() else {
            return false;
        };
        if query.is_empty() {
            r.search = None;
            self.message = None;
            return false;
        }
        let hits = find_all(&a.corpus.documents[r.doc].text, query);
        let elsewhere = if self.search_all {
            let n: usize = (0..a.corpus.documents.len())
                .filter(|&d| d != r.doc)
                .map(|d| find_all(&a.corpus.documents[d].text, query).len())
                .sum();
            format!(" · {n} in other documents")
        } else {
            String::new()
        };
        if hits.is_empty() {
            r.search = None;
            self.message = Some(format!("no hits in this document{elsewhere}"));
            return false;
        }
        let i = hits.partition_point(|h| h.start < r.cursor) % hits.len();
        let start = hits[i].start;
        self.message = Some(format!(
            "{} hit{}{elsewhere}",
            hits.len(),
            if hits.len() == 1 { "" } else { "s" }
        ));
        r.search = Some(SearchState {
            query: query.to_string(),
            hits: Arc::new(hits),
            current: Some(i),
        });
        go_to_hit(r, &a, &mut self.wrap, w, h, start);
        true
    }

    /// Opens the next (or previous) document after the open one, in corpus
    /// order and round, that has a hit of `query`, with the cursor on its first
    /// (or last) hit. False when no other document has one.
    fn search_other_document(&mut self, query: &str, next: bool) -> bool {
        let a = self.analysis.clone();
        let (w, h) = self.reader_text_size();
        let n = a.corpus.documents.len();
        let Some(cur) = self.reader.as_ref().map(|r| r.doc) else {
            return false;
        };
        for k in 1..n {
            let d = if next {
                (cur + k) % n
            } else {
                (cur + n - k) % n
            };
            let hits = find_all(&a.corpus.documents[d].text, query);
            if hits.is_empty() {
                continue;
            }
            if let Some(r) = self.reader.take() {
                self.jumps.push(r);
            }
            let mut r = ReaderState::new(&a, d);
            let i = if next { 0 } else { hits.len() - 1 };
            let start = hits[i].start;
            self.message = Some(format!(
                "hit {}/{} in {}",
                i + 1,
                hits.len(),
                self.doc_name(d)
            ));
            r.search = Some(SearchState {
                query: query.to_string(),
                hits: Arc::new(hits),
                current: Some(i),
            });
            go_to_hit(&mut r, &a, &mut self.wrap, w, h, start);
            self.reader = Some(r);
            return true;
        }
        false
    }

    /// Goes to the next (or previous) hit of the last search, wrapping around
    /// the document, or on to the next document with a hit when the search
    /// covers every document.
    pub(super) fn search_step(&mut self, next: bool) {
        let a = self.analysis.clone();
        let (w, h) = self.reader_text_size();
        let Some(last) = self.last_search.clone() else {
            self.message = Some("no search yet (/ searches)".into());
            return;
        };
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if r.search.as_ref().is_none_or(|s| s.query != last.query) {
            // A document opened since the search: find its hits first.
            let hits = find_all(&a.corpus.documents[r.doc].text, &last.query);
            r.search = (!hits.is_empty()).then(|| SearchState {
                query: last.query.clone(),
                hits: Arc::new(hits),
                current: None,
            });
        }
        let Some(s) = r.search.as_mut() else {
            if !(last.all_documents && self.search_other_document(&last.query, next)) {
                self.message = Some(format!("not found: {}", last.query));
            }
            return;
        };
        let n = s.hits.len();
        let i = match s.current {
            Some(cur) if next => cur + 1,
            Some(cur) => cur.wrapping_sub(1),
            None if next => s.hits.partition_point(|h| h.start <= r.cursor),
            None => s
                .hits
                .partition_point(|h| h.start < r.cursor)
                .wrapping_sub(1),
        };
        if i >= n && last.all_documents && self.search_other_document(&last.query, next) {
            return;
        }
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let Some(s) = r.search.as_mut() else {
            return;
        };
        let wrapped = i >= n;
        let i = if !wrapped {
            i
        } else if next {
            0
        } else {
            n - 1
        };
        self.message = Some(if wrapped {
            format!("hit {}/{n} (wrapped around)", i + 1)
        } else {
            format!("hit {}/{n}", i + 1)
        });
        s.current = Some(i);
        let start = s.hits[i].start;
        go_to_hit(r, &a, &mut self.wrap, w, h, start);
    }
}

/// Puts the cursor on the hit at byte `start` and selects the passage there.
fn go_to_hit(
    r: &mut ReaderState,
    a: &Analysis,
    wrap: &mut WrapCache,
    w: usize,
    h: usize,
    start: usize,
) {
    r.cursor_to_byte(a, wrap, w, h, start);
    match r.occurrence_at(a, start) {
        Some(i) => r.selected = Some(i),
        None => r.select_under_cursor(a, wrap, w, false),
    }
}

#[cfg(test)]
mod tests {
    use super::find_all;

    #[test]
    fn ascii_ignores_case() {
        assert_eq!(
            find_all("Cyber cyber CYBER", "cyber"),
            vec![0..5, 6..11, 12..17]
        );
    }

    #[test]
    fn unicode_keeps_original_offsets() {
        let t = "Ärger und ärger, 中文";
        assert_eq!(find_all(t, "ärger"), vec![0..6, 11..17]);
        assert_eq!(find_all(t, "中"), vec![19..22]);
    }
}
