//! The two list screens: the library (documents, with how much they share and
//! with whom) and the passages list (every cluster, largest first, filtered as
//! you type). Both are computed once from the analysis.

use super::{App, PromptKind, Screen, short_name};
use crate::action::Action;
use crate::reuse::Analysis;

/// What the library shows about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSummary {
    /// First non-empty line.
    pub title: String,
    /// Size in bytes.
    pub bytes: usize,
    /// Number of lines.
    pub lines: usize,
    /// Number of shared passages (occurrences) in the document.
    pub passages: usize,
    /// Other documents it shares passages with, in corpus order.
    pub shared_with: Vec<usize>,
}

/// The library screen's state.
#[derive(Debug, Clone)]
pub struct LibraryState {
    /// One summary per document.
    pub docs: Vec<DocSummary>,
    /// Index of the selected document.
    pub selected: usize,
    /// First row shown (kept by the last draw so the selection is visible).
    pub offset: usize,
}

impl LibraryState {
    /// Summarises every document of `a`.
    pub fn new(a: &Analysis) -> Self {
        let n = a.corpus.documents.len();
        let mut passages = vec![0; n];
        let mut shared = vec![vec![false; n]; n];
        for c in &a.clusters {
            let mut docs: Vec<usize> = c.occurrences.iter().map(|p| p.document).collect();
            for &d in &docs {
                passages[d] += 1;
            }
            docs.dedup();
            for &x in &docs {
                for &y in &docs {
                    if x != y {
                        shared[x][y] = true;
                    }
                }
            }
        }
        let docs = a
            .corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| DocSummary {
                title: d.title().to_string(),
                bytes: d.len(),
                lines: d.line_count(),
                passages: passages[i],
                shared_with: (0..n).filter(|&j| shared[i][j]).collect(),
            })
            .collect();
        LibraryState {
            docs,
            selected: 0,
            offset: 0,
        }
    }
}

/// The passages list's state.
#[derive(Debug, Clone)]
pub struct PassagesState {
    /// Indices of the clusters shown (all, or those matching the filter).
    pub shown: Vec<usize>,
    /// Index into `shown` of the selected row.
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    /// The filter text.
    pub filter: String,
    /// Lower-cased text and document names of each cluster (built on first filter).
    haystacks: Option<Vec<String>>,
}

impl PassagesState {
    /// All clusters of `a`, unfiltered.
    pub fn new(a: &Analysis) -> Self {
        PassagesState {
            shown: (0..a.clusters.len()).collect(),
            selected: 0,
            offset: 0,
            filter: String::new(),
            haystacks: None,
        }
    }

    /// Narrows the list to clusters whose text or documents contain `filter`
    /// (ignoring case); the selection goes to the first match.
    pub fn set_filter(&mut self, a: &Analysis, filter: &str) {
        self.filter = filter.to_string();
        let hay = self.haystacks.get_or_insert_with(|| {
            a.clusters
                .iter()
                .map(|c| {
                    let mut s = a.text(&c.occurrences[0]).to_lowercase();
                    for p in &c.occurrences {
                        s.push(' ');
                        s.push_str(
                            &short_name(&a.corpus.documents[p.document].path).to_lowercase(),
                        );
                    }
                    s
                })
                .collect()
        });
        let f = filter.to_lowercase();
        self.shown = (0..a.clusters.len())
            .filter(|&i| f.is_empty() || hay[i].contains(&f))
            .collect();
        self.selected = 0;
        self.offset = 0;
    }
}

/// Moves a list selection for a scrolling action; `None` if the action is not one.
fn list_move(action: Action, selected: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::ScrollDown => (selected + 1).min(last),
        Action::ScrollUp => selected.saturating_sub(1),
        Action::HalfPageDown => (selected + page / 2).min(last),
        Action::HalfPageUp => selected.saturating_sub(page / 2),
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

impl App {
    fn list_page(&self) -> usize {
        self.size.1.saturating_sub(4).max(1) as usize
    }

    pub(super) fn update_library(&mut self, action: Action) {
        let n = self.library.docs.len();
        if let Some(s) = list_move(action, self.library.selected, n, self.list_page()) {
            self.library.selected = s;
            return;
        }
        match action {
            Action::Select if n > 0 => {
                let doc = self.library.selected;
                if self.reader.as_ref().map(|r| r.doc) == Some(doc) {
                    self.screen = Screen::Reader;
                } else {
                    self.jumps.clear();
                    self.open_document(doc);
                }
            }
            Action::Passages => self.show_passages(),
            Action::Back if self.reader.is_some() => self.screen = Screen::Reader,
            Action::OpenEditor if n > 0 => self.request_editor(self.library.selected, 1),
            _ => {}
        }
    }

    pub(super) fn update_passages(&mut self, action: Action) {
        let n = self.passages.shown.len();
        if let Some(s) = list_move(action, self.passages.selected, n, self.list_page()) {
            self.passages.selected = s;
            return;
        }
        match action {
            Action::Select => self.open_selected_cluster(),
            Action::Search => self.open_prompt(PromptKind::Filter),
            Action::Back | Action::Passages => {
                self.screen = match self.passages_return {
                    Screen::Reader | Screen::Compare if self.reader.is_some() => Screen::Reader,
                    _ => Screen::Library,
                };
            }
            Action::Library => self.show_library(),
            Action::OpenEditor => {
                if let Some((c, i)) = self.selected_cluster_occurrence() {
                    let p = self.analysis.clusters[c].occurrences[i];
                    let line = self.analysis.corpus.documents[p.document]
                        .line_col(p.start)
                        .0;
                    self.request_editor(p.document, line);
                }
            }
            _ => {}
        }
    }

    /// The selected cluster of the passages list and the occurrence of it
    /// that opening goes to: the one in the open document, else the first.
    fn selected_cluster_occurrence(&self) -> Option<(usize, usize)> {
        let &c = self.passages.shown.get(self.passages.selected)?;
        let current = self.reader.as_ref().map(|r| r.doc);
        let index = self.analysis.clusters[c]
            .occurrences
            .iter()
            .position(|p| Some(p.document) == current)
            .unwrap_or(0);
        Some((c, index))
    }

    /// Opens the selected cluster in the reader: its occurrence in the current
    /// document if it has one, else its first occurrence.
    pub fn open_selected_cluster(&mut self) {
        self.open_selected_cluster_now();
        self.relayout();
    }

    fn open_selected_cluster_now(&mut self) {
        let Some(&c) = self.passages.shown.get(self.passages.selected) else {
            return;
        };
        let current = self.reader.as_ref().map(|r| r.doc);
        let occ = &self.analysis.clusters[c].occurrences;
        let index = occ
            .iter()
            .position(|p| Some(p.document) == current)
            .unwrap_or(0);
        if let Some(r) = &self.reader {
            self.jumps.push(r.clone());
        }
        self.open_occurrence(c, index);
    }

    pub(super) fn click_list(&mut self, index: usize) {
        match self.screen {
            Screen::Library if index < self.library.docs.len() => {
                if self.library.selected == index {
                    self.update_library(Action::Select);
                } else {
                    self.library.selected = index;
                }
            }
            Screen::Passages if index < self.passages.shown.len() => {
                if self.passages.selected == index {
                    self.open_selected_cluster();
                } else {
                    self.passages.selected = index;
                }
            }
            _ => {}
        }
    }
}
