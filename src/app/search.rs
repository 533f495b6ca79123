//! Search within the current document: every hit of a case-insensitive query,
//! found once when the query is entered, then stepped through with next /
//! previous. Hits are byte ranges into the document, highlighted by the reader.

use super::App;
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

impl App {
    /// Searches the current document for `query` and goes to the first hit at
    /// or after the reader's position.
    pub fn run_search(&mut self, query: &str) {
        self.run_search_now(query);
        self.relayout();
    }

    fn run_search_now(&mut self, query: &str) {
        let a = self.analysis.clone();
        let (w, h) = self.reader_text_size();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if query.is_empty() {
            r.search = None;
            return;
        }
        let hits = find_all(&a.corpus.documents[r.doc].text, query);
        if hits.is_empty() {
            self.message = Some(format!("not found: {query}"));
            r.search = None;
            return;
        }
        let from = a.corpus.documents[r.doc]
            .line_starts()
            .get(r.top_line)
            .copied()
            .unwrap_or(0);
        let i = hits.partition_point(|h| h.start < from) % hits.len();
        let start = hits[i].start;
        self.message = Some(format!("{} hits for “{query}”", hits.len()));
        r.search = Some(SearchState {
            query: query.to_string(),
            hits: Arc::new(hits),
            current: Some(i),
        });
        r.ensure_visible(&a, &mut self.wrap, w, h, start);
        r.follow_selection(&a, &mut self.wrap, w, h);
    }

    /// Goes to the next (or previous) search hit, wrapping around.
    pub(super) fn search_step(&mut self, next: bool) {
        let a = self.analysis.clone();
        let (w, h) = self.reader_text_size();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let Some(s) = r.search.as_mut() else {
            self.message = Some("no search yet (/ searches)".into());
            return;
        };
        let n = s.hits.len();
        let cur = s.current.unwrap_or(0);
        let i = if next {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.message = Some(if (next && i < cur) || (!next && i > cur) {
            format!("hit {}/{n} (wrapped around)", i + 1)
        } else {
            format!("hit {}/{n}", i + 1)
        });
        s.current = Some(i);
        let start = s.hits[i].start;
        r.ensure_visible(&a, &mut self.wrap, w, h, start);
        r.follow_selection(&a, &mut self.wrap, w, h);
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
