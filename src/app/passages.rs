//! The passages list: every cluster, largest first, filtered as you type;
//! `enter` opens the selected cluster in the reader (its occurrence in the
//! open document when it has one).

use super::lists::list_move;
use super::{App, PromptKind, Screen, short_name};
use crate::action::Action;
use crate::reuse::Analysis;

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
    /// Decimal digits of the largest cluster id, word count and number of
    /// occurrences: the list's number columns are sized for them once, not
    /// at every frame.
    pub digits: [u16; 3],
}

/// Decimal digits of `n`.
fn digits(n: usize) -> u16 {
    n.checked_ilog10().map_or(1, |d| d as u16 + 1)
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
            digits: [
                digits(a.clusters.len().saturating_sub(1)),
                digits(a.clusters.iter().map(|c| c.words).max().unwrap_or(0)),
                digits(
                    a.clusters
                        .iter()
                        .map(|c| c.occurrences.len())
                        .max()
                        .unwrap_or(0),
                ),
            ],
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

impl App {
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
}
