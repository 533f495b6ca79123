//! The all-occurrences view: every occurrence of one cluster at once, listed
//! (document, line, similarity to the reference, excerpt) and stacked as
//! panes, each collated word by word against a reference occurrence so that a
//! word that differs in any copy is lit in that copy (and, in the reference,
//! every word some copy changes). Pure state; `ui::nway` draws it.

use super::collate::{Collation, collate};
use super::{App, ReaderState, Screen};
use crate::action::Action;
use crate::reuse::diff::DiffKind;
use crate::reuse::{Analysis, Passage};
use std::ops::Range;

/// Most occurrences listed above the panes before the list scrolls.
pub const NWAY_LIST_ROWS: usize = 6;
/// Fewest rows a pane gets (its header and three rows of text).
pub const NWAY_MIN_PANE: usize = 4;

/// A span of one occurrence that differs from the reference, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Absolute byte range in the occurrence's document.
    pub bytes: Range<usize>,
    /// How it differs (`Variant`: same word, other case or punctuation).
    pub kind: DiffKind,
}

/// The state of the all-occurrences view.
#[derive(Debug, Clone)]
pub struct NwayState {
    /// Index of the cluster shown.
    pub cluster: usize,
    /// The occurrence the others are collated against.
    pub reference: usize,
    /// The selected occurrence.
    pub selected: usize,
    /// First pane shown.
    pub top: usize,
    /// First occurrence shown in the table above the panes (kept by
    /// [`App::relayout`] so the selection stays in view).
    pub list_offset: usize,
    /// Each occurrence collated against the reference (the reference with itself).
    pub collations: Vec<Collation>,
    /// The reader to return to (and to remember when opening an occurrence).
    pub return_to: Option<ReaderState>,
    /// The screen `Back` returns to.
    pub return_screen: Screen,
}

/// Pane geometry for `n` occurrences in `rows` rows: (rows per pane, panes shown).
pub fn pane_layout(n: usize, rows: usize) -> (usize, usize) {
    let n = n.max(1);
    if n * NWAY_MIN_PANE <= rows {
        return (rows / n, n);
    }
    let fit = (rows / NWAY_MIN_PANE).max(1);
    ((rows / fit).max(1), fit)
}

impl NwayState {
    /// All occurrences of `cluster`, collated against occurrence `reference`.
    pub fn new(a: &Analysis, cluster: usize, reference: usize) -> Self {
        let mut s = NwayState {
            cluster,
            reference,
            selected: reference,
            top: 0,
            list_offset: 0,
            collations: Vec::new(),
            return_to: None,
            return_screen: Screen::Reader,
        };
        s.collate(a);
        s
    }

    fn collate(&mut self, a: &Analysis) {
        let occ = &a.clusters[self.cluster].occurrences;
        let r = occ[self.reference];
        self.collations = occ.iter().map(|p| collate(&a.corpus, &r, p)).collect();
    }

    /// The occurrences, in cluster order.
    pub fn occurrences<'a>(&self, a: &'a Analysis) -> &'a [Passage] {
        &a.clusters[self.cluster].occurrences
    }

    /// Similarity of occurrence `i` to the reference.
    pub fn similarity(&self, i: usize) -> f64 {
        self.collations[i].similarity()
    }

    /// Occurrence `i`'s likeness to the reference as the "same" column
    /// shows it: a percentage of words equal by key, and `≈100%` for a
    /// copy whose words are all equal by key but whose raw text differs
    /// (case, punctuation, quote style: the comma of the quotation copied
    /// into four places), which a bare 100% hid.
    pub fn same_cell(&self, i: usize) -> String {
        let c = &self.collations[i];
        match crate::text::percent(c.similarity()) {
            100 if c.differences() > 0 => "≈100%".to_string(),
            p => format!("{p}%"),
        }
    }

    /// Occurrence `i` against the reference, in words: `reference`,
    /// `identical to reference`, or its likeness and how many differences
    /// (`≈100% to reference, 1 difference`).
    pub fn to_reference(&self, i: usize) -> String {
        let n = self.collations[i].differences();
        if i == self.reference {
            "reference".to_string()
        } else if n == 0 {
            "identical to reference".to_string()
        } else {
            let s = if n == 1 { "" } else { "s" };
            format!("{} to reference, {n} difference{s}", self.same_cell(i))
        }
    }

    /// The spans of occurrence `i` lit as different: for a copy, what differs
    /// from the reference; for the reference, what any copy changes.
    pub fn marks(&self, i: usize) -> Vec<Mark> {
        let mut out: Vec<Mark> = if i == self.reference {
            self.collations
                .iter()
                .flat_map(|c| c.runs.iter())
                .filter(|r| r.kind != DiffKind::Equal && !r.left.is_empty())
                .map(|r| Mark {
                    bytes: r.left.clone(),
                    kind: r.kind,
                })
                .collect()
        } else {
            self.collations[i]
                .runs
                .iter()
                .filter(|r| r.kind != DiffKind::Equal && !r.right.is_empty())
                .map(|r| Mark {
                    bytes: r.right.clone(),
                    kind: r.kind,
                })
                .collect()
        };
        out.sort_by_key(|m| (m.bytes.start, m.bytes.end));
        out.dedup();
        out
    }

    /// Makes the selected occurrence the reference and collates again.
    pub fn set_reference(&mut self, a: &Analysis) {
        self.reference = self.selected;
        self.collate(a);
    }

    /// Moves the selection to `i` (clamped) and keeps its pane among the `shown`.
    pub fn select(&mut self, i: usize, n: usize, shown: usize) {
        self.selected = i.min(n.saturating_sub(1));
        let shown = shown.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + shown {
            self.top = self.selected + 1 - shown;
        }
        self.top = self.top.min(n.saturating_sub(shown));
    }
}

impl App {
    /// Rows of the list part of the all-occurrences view (title, column
    /// header, up to [`NWAY_LIST_ROWS`] occurrences) and of the panes below.
    pub fn nway_heights(&self) -> (usize, usize) {
        let n = self
            .nway
            .as_ref()
            .map_or(1, |s| s.occurrences(&self.analysis).len());
        self.nway_heights_for(n)
    }

    /// Opens the all-occurrences view on the cluster under the reader's cursor
    /// (the innermost passage there), that occurrence as the reference.
    pub fn open_nway_from_reader(&mut self) {
        self.open_nway_from_reader_now();
        self.relayout();
    }

    fn open_nway_from_reader_now(&mut self) {
        let Some((r, o)) = self.selected_occurrence() else {
            return;
        };
        let mut s = NwayState::new(&self.analysis, o.cluster, o.index);
        s.return_to = Some(r);
        s.return_screen = Screen::Reader;
        self.show_nway(s);
    }

    /// Opens the all-occurrences view on cluster `cluster`, the first occurrence
    /// as the reference; `Back` returns to `from`.
    pub fn open_nway(&mut self, cluster: usize, from: Screen) {
        let mut s = NwayState::new(&self.analysis, cluster, 0);
        s.return_screen = from;
        s.return_to = self.reader.clone();
        self.show_nway(s);
        self.relayout();
    }

    fn show_nway(&mut self, mut s: NwayState) {
        self.nway = None;
        let n = s.occurrences(&self.analysis).len();
        let (_, panes) = self.nway_heights_for(n);
        let shown = pane_layout(n, panes).1;
        s.select(s.selected, n, shown);
        self.nway = Some(s);
        self.screen = Screen::Nway;
    }

    fn nway_heights_for(&self, n: usize) -> (usize, usize) {
        let main = (self.size.1 as usize).saturating_sub(1);
        let list = (2 + n.min(NWAY_LIST_ROWS)).min(main / 2);
        (list, main.saturating_sub(list))
    }

    /// Keeps the selected pane on screen after a resize.
    pub(super) fn clamp_nway(&mut self) {
        let Some(n) = self
            .nway
            .as_ref()
            .map(|s| s.occurrences(&self.analysis).len())
        else {
            return;
        };
        let shown = pane_layout(n, self.nway_heights_for(n).1).1;
        if let Some(s) = self.nway.as_mut() {
            let sel = s.selected;
            s.select(sel, n, shown);
        }
    }

    /// Number of occurrences shown and panes that fit, for the open view.
    fn nway_counts(&self) -> Option<(usize, usize)> {
        let n = self.nway.as_ref()?.occurrences(&self.analysis).len();
        Some((n, pane_layout(n, self.nway_heights_for(n).1).1))
    }

    /// A click on occurrence `i` (its row in the table or its pane): selects
    /// it, or opens it in the reader when it is already selected (so a
    /// double-click opens).
    pub(super) fn click_occurrence(&mut self, i: usize) {
        let Some((n, shown)) = self.nway_counts() else {
            return;
        };
        let Some(s) = self.nway.as_mut() else {
            return;
        };
        if i >= n {
        } else if s.selected == i {
            self.update(Action::Select);
        } else {
            s.select(i, n, shown);
        }
    }

    /// Scrolls the stacked panes by `by` occurrences (the mouse wheel), the
    /// selection following when it would leave the screen.
    pub(super) fn scroll_nway_panes(&mut self, by: isize) {
        let Some((n, shown)) = self.nway_counts() else {
            return;
        };
        let Some(s) = self.nway.as_mut() else {
            return;
        };
        let max = n.saturating_sub(shown);
        s.top = s.top.saturating_add_signed(by).min(max);
        s.selected = s.selected.clamp(s.top, (s.top + shown).min(n) - 1);
    }

    pub(super) fn update_nway(&mut self, action: Action) {
        let a = self.analysis.clone();
        let Some(s) = self.nway.as_mut() else {
            self.screen = Screen::Reader;
            return;
        };
        let n = s.occurrences(&a).len();
        let shown = pane_layout(n, self.nway_heights_for(n).1).1;
        let Some(s) = self.nway.as_mut() else {
            return;
        };
        let sel = s.selected;
        match action {
            Action::ScrollDown | Action::NextPane => s.select(sel + 1, n, shown),
            Action::ScrollUp => s.select(sel.saturating_sub(1), n, shown),
            Action::PageDown | Action::HalfPageDown => s.select(sel + shown, n, shown),
            Action::PageUp | Action::HalfPageUp => s.select(sel.saturating_sub(shown), n, shown),
            Action::Top => s.select(0, n, shown),
            Action::Bottom => s.select(n - 1, n, shown),
            Action::SetReference => {
                if sel == s.reference {
                    self.message = Some("this occurrence is already the reference".into());
                } else {
                    s.set_reference(&a);
                }
            }
            Action::Select => {
                let cluster = s.cluster;
                if let Some(r) = s.return_to.clone() {
                    self.jumps.push(r);
                }
                self.open_occurrence(cluster, sel);
            }
            Action::Compare => {
                if sel == s.reference {
                    self.message =
                        Some("this is the reference: select another occurrence to compare".into());
                    return;
                }
                let mut c = super::CompareState::new(&a, s.cluster, s.reference, sel);
                c.focus_right = true;
                c.return_to = s.return_to.clone();
                c.return_screen = Some(Screen::Nway);
                self.show_compare(c);
            }
            Action::Back | Action::AllOccurrences => {
                let to = s.return_screen;
                self.screen = if to == Screen::Reader && self.reader.is_none() {
                    Screen::Library
                } else {
                    to
                };
            }
            Action::Passages => self.show_passages(),
            Action::Library => self.show_library(),
            Action::OpenEditor => {
                let p = a.clusters[s.cluster].occurrences[sel];
                let line = a.corpus.documents[p.document].line_col(p.start).0;
                self.request_editor(p.document, line);
            }
            _ => {}
        }
    }
}
