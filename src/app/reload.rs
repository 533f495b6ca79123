//! Swapping a new [`Analysis`] into a running app, keeping the reader where
//! it was: after `$EDITOR` changed a document ([`App::reload_document`]) or
//! when the analysis is recomputed for any other reason
//! ([`App::replace_analysis`], e.g. new thresholds). Positions are carried
//! over by text, not by offset: the cursor stays on the same line of text when
//! lines were added or removed above it.

use super::{App, LibraryState, PassagesState, ReaderState, Screen, WrapCache};
use crate::corpus::{Corpus, Document};
use crate::job::Job;
use crate::reuse::Analysis;
use std::sync::Arc;

/// Corpora up to this many bytes are re-analysed at once on reload; larger
/// ones on a background [`Job`], the new text shown meanwhile (the default of
/// [`App::reload_inline_bytes`]).
pub const RELOAD_INLINE_BYTES: usize = 4 << 20;

/// How far from a changed line [`carry_offset`] looks for an unchanged one.
const ANCHOR_LINES: usize = 50;

/// A re-analysis running in the background.
pub struct Reanalysis {
    /// The job; `None` as its result means it was cancelled. (In a mutex so
    /// the app stays `Sync`: SSH sessions share it across await points.)
    pub job: std::sync::Mutex<Job<Option<Analysis>>>,
    /// What to say when it lands ("reloaded a.txt").
    pub done_message: String,
}

impl std::fmt::Debug for Reanalysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reanalysis")
            .field("done_message", &self.done_message)
            .finish()
    }
}

/// The byte in `new` that shows the same text as byte `at` of `old`: the
/// same column of the nearest line with the same text, else the same line
/// number (clamped).
pub fn carry_offset(old: &Document, new: &Document, at: usize) -> usize {
    if old.text == new.text {
        return at.min(new.len());
    }
    let n_old = old.line_count().max(1);
    let line = old.line_index(at.min(old.len())).min(n_old - 1);
    let text = if old.line_starts().len() > line {
        old.line_text(line)
    } else {
        ""
    };
    let col = at.saturating_sub(old.line_starts().get(line).copied().unwrap_or(0));
    let n_new = new.line_count();
    let old_line = |i: usize| {
        if i < old.line_starts().len() {
            old.line_text(i)
        } else {
            ""
        }
    };
    // The line of `new` nearest to `near` whose text is `t`.
    let nearest = |t: &str, near: usize| {
        (0..n_new.max(n_old))
            .flat_map(|d| [near.checked_add(d), near.checked_sub(d)])
            .flatten()
            .find(|&j| j < n_new && new.line_text(j) == t)
    };
    // The line itself, else the nearest distinctive line around it that is
    // still there, shifted by the same amount.
    let found = nearest(text, line).or_else(|| {
        (1..=ANCHOR_LINES).find_map(|d| {
            let above = line.checked_sub(d).and_then(|i| {
                let t = old_line(i);
                (t.trim().len() >= 8)
                    .then(|| nearest(t, i).map(|j| j + d))
                    .flatten()
            });
            above.or_else(|| {
                let i = line + d;
                let t = old_line(i);
                if i >= n_old || t.trim().len() < 8 {
                    return None;
                }
                nearest(t, i).and_then(|j| j.checked_sub(d))
            })
        })
    });
    let target = found.unwrap_or(line).min(n_new.saturating_sub(1));
    let start = new.line_starts().get(target).copied().unwrap_or(0);
    let len = if target < n_new {
        new.line_text(target).len()
    } else {
        0
    };
    let mut b = start + col.min(len);
    while b > 0 && !new.text.is_char_boundary(b) {
        b -= 1;
    }
    b.min(new.len())
}

impl App {
    /// Replaces the analysis the app shows by `analysis` (same documents in
    /// the same order, some possibly with new text), keeping every reader
    /// position on the same text: the open document, its cursor and its row
    /// on screen, the passage under the cursor when it is still there, the
    /// search, the jump stack, list selections and the passages filter. An
    /// open comparison is closed (its clusters may be gone).
    pub fn replace_analysis(&mut self, analysis: Arc<Analysis>) {
        let library = LibraryState::new(&analysis);
        let passages = PassagesState::new(&analysis);
        self.replace_analysis_with(analysis, library, passages);
    }

    /// [`App::replace_analysis`] with the library and passages lists of
    /// `analysis` already built (a background job builds them, so swapping
    /// in a large corpus's analysis does not stall a frame). Triage marks
    /// are applied to the new clusters.
    pub fn replace_analysis_with(
        &mut self,
        analysis: Arc<Analysis>,
        library: LibraryState,
        passages: PassagesState,
    ) {
        // The where-else index depends only on the text: keep it when the text
        // is the same (new thresholds), drop it when a document changed.
        let same_text = {
            let (old, new) = (&self.analysis.corpus.documents, &analysis.corpus.documents);
            old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.text == b.text)
        };
        if !same_text {
            // A new slot: other apps sharing the old one keep their index.
            self.query = Default::default();
            self.query_waiting = false;
        }
        let old = std::mem::replace(&mut self.analysis, analysis);
        let (w, h) = self.reader_text_size();
        // Rows between the top of the view and the cursor, measured before the
        // wrap cache forgets the old text.
        let offset = self.reader.as_ref().map_or(0, |r| {
            let cur = r.cursor_row(&old, &mut self.wrap, w);
            let mut p = (r.top_line, r.top_row);
            let mut k = 0;
            while p < cur && k < h {
                p = r.step_rows(&old, &mut self.wrap, w, p, 1);
                k += 1;
            }
            k
        });
        self.wrap = WrapCache::default();
        let new = self.analysis.clone();
        let carry = |r: &ReaderState, wrap: &mut WrapCache| carry_reader(&old, &new, r, wrap, w, h);
        self.reader = self.reader.take().and_then(|r| {
            let mut n = carry(&r, &mut self.wrap)?;
            let cur = n.cursor_row(&new, &mut self.wrap, w);
            (n.top_line, n.top_row) = n.step_rows(&new, &mut self.wrap, w, cur, -(offset as isize));
            n.clamp(&new, &mut self.wrap, w, h);
            Some(n)
        });
        let jumps = std::mem::take(&mut self.jumps);
        self.jumps = jumps
            .iter()
            .filter_map(|r| carry(r, &mut self.wrap))
            .collect();
        self.prompt_origin = None;
        if let Some(c) = self.compare.take()
            && let Some(r) = c.return_to.as_ref().and_then(|r| carry(r, &mut self.wrap))
        {
            self.reader = Some(r);
        }
        if self.screen == Screen::Compare {
            self.screen = if self.reader.is_some() {
                Screen::Reader
            } else {
                Screen::Library
            };
        }
        if self.reader.is_none() && self.screen == Screen::Reader {
            self.screen = Screen::Library;
        }
        // The library keeps its order, filter and selected document.
        let (sort, filter) = (self.library.sort, self.library.filter.clone());
        let doc = self.library.selected_doc();
        self.library = library;
        while self.library.sort != sort {
            self.library.cycle_sort();
        }
        if !filter.is_empty() {
            self.library.set_filter(&filter);
        }
        if let Some(d) = doc.filter(|&d| d < new.corpus.documents.len()) {
            self.library.select_doc(d);
        }
        let (filter, selected) = (self.passages.filter.clone(), self.passages.selected);
        self.passages = passages;
        if !filter.is_empty() {
            self.passages.set_filter(&new, &filter);
        }
        self.passages.selected = selected.min(self.passages.shown.len().saturating_sub(1));
        self.retriage();
        self.relayout();
    }

    /// Document `doc` now reads `text` (its file changed, e.g. in `$EDITOR`):
    /// re-analyses the corpus and swaps the result in with
    /// [`App::replace_analysis`]. Small corpora are re-analysed at once; for
    /// large ones the new text shows at once (with the passages of the other
    /// documents) while the analysis runs on a background [`Job`], which
    /// [`App::poll_background`] collects.
    pub fn reload_document(&mut self, doc: usize, text: String) {
        let Some(old) = self.analysis.corpus.documents.get(doc) else {
            return;
        };
        if old.text == text {
            return;
        }
        let path = old.path.clone();
        let mut documents = self.analysis.corpus.documents.clone();
        documents[doc] = Document::new(path.clone(), text);
        let corpus = Corpus { documents };
        let params = self.analysis.params.clone();
        let name = super::short_name(&path).to_string();
        if corpus.total_bytes() <= self.reload_inline_bytes {
            let analysis = crate::reuse::analyse(corpus, &params);
            self.replace_analysis(Arc::new(analysis));
            self.message = Some(format!("reloaded {name}: it changed on disk"));
            return;
        }
        // Meanwhile: the new text, and the clusters that do not touch it.
        let mut clusters = self.analysis.clusters.clone();
        for c in &mut clusters {
            c.occurrences.retain(|p| p.document != doc);
        }
        clusters.retain(|c| c.occurrences.len() >= 2);
        let interim = Analysis {
            corpus: corpus.clone(),
            clusters,
            params: params.clone(),
        };
        if let Some(running) = self.reanalysis.take()
            && let Ok(job) = running.job.lock()
        {
            job.cancel();
        }
        self.reanalysis = Some(Reanalysis {
            job: std::sync::Mutex::new(Job::spawn(move |p| {
                crate::reuse::analyse_progress(corpus, &params, p)
            })),
            done_message: format!("reloaded {name}: passages found again"),
        });
        self.replace_analysis(Arc::new(interim));
        self.message = Some(format!("reloaded {name}: finding its passages again…"));
    }

    /// Collects a finished background re-analysis, if any, and swaps it in;
    /// true when the screen changed. The event loop calls this between events.
    pub fn poll_background(&mut self) -> bool {
        let Some(running) = self.reanalysis.as_ref() else {
            return false;
        };
        let Some(result) = running.job.lock().ok().and_then(|job| job.try_finish()) else {
            return false;
        };
        let done = self.reanalysis.take().map(|r| r.done_message);
        match result {
            Ok(Some(analysis)) => {
                self.replace_analysis(Arc::new(analysis));
                self.message = done;
            }
            Ok(None) => {}
            Err(crate::job::WorkerDied) => {
                self.message = Some("re-analysis failed; showing the text only".into())
            }
        }
        true
    }

    /// True while a re-analysis runs in the background.
    pub fn reanalysing(&self) -> bool {
        self.reanalysis.is_some()
    }
}

/// `r` carried from `old` to `new`: the same document, the cursor on the same
/// text, the same passage under it when it is still a passage, the search
/// redone. `None` when the document is gone.
fn carry_reader(
    old: &Analysis,
    new: &Analysis,
    r: &ReaderState,
    wrap: &mut WrapCache,
    w: usize,
    h: usize,
) -> Option<ReaderState> {
    let (od, nd) = (
        old.corpus.documents.get(r.doc)?,
        new.corpus.documents.get(r.doc)?,
    );
    let mut n = ReaderState::new(new, r.doc);
    n.cursor = carry_offset(od, nd, r.cursor);
    let top_byte = od.line_starts().get(r.top_line).copied().unwrap_or(0);
    let top = carry_offset(od, nd, top_byte);
    n.top_line = nd.line_index(top.min(nd.len()));
    let was = r.selected.and_then(|s| r.occs.get(s));
    n.selected = was.and_then(|o| {
        let (s, e) = (
            carry_offset(od, nd, o.passage.start),
            carry_offset(od, nd, o.passage.end),
        );
        n.occs
            .iter()
            .position(|p| p.passage.start == s && p.passage.end == e)
    });
    if n.selected.is_none() {
        n.select_under_cursor(new, wrap, w, false);
    }
    if let Some(s) = &r.search {
        let hits = super::search::find_all(&nd.text, &s.query);
        let current = hits.partition_point(|h| h.start < n.cursor);
        n.search = (!hits.is_empty()).then(|| super::SearchState {
            query: s.query.clone(),
            current: Some(current.min(hits.len() - 1)),
            hits: Arc::new(hits),
        });
    }
    n.clamp(new, wrap, w, h);
    Some(n)
}
