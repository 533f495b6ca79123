//! The side-by-side comparison: two passages (two occurrences of a cluster,
//! or a selection and a match found by "where else"), their collated
//! differences (counted, stepped through as "difference k/n"), the folds
//! and the scroll, and the compare screen's keys. How the two passages are
//! laid into level rows is [`super::compare_rows`].

use super::collate::{Collation, collate};
use super::compare_rows::{context_above, context_below, fold, lay_passages};
use super::{AlignedRow, App, ReaderState, Screen, SideRow};
use crate::action::Action;
use crate::reuse::diff::DiffRun;
use crate::reuse::{Analysis, Passage};
use std::sync::Arc;

/// Columns left of each pane's text (the passage mark).
pub const PANE_GUTTER: usize = 1;
/// Fewest rows of context above and below, however small the window.
const MIN_CONTEXT_ROWS: usize = 3;

/// The rows for one (width, height, folds) and where each difference starts.
#[derive(Debug, Clone, Default)]
struct Laid {
    key: (usize, usize, bool),
    rows: Arc<Vec<AlignedRow>>,
    diff_rows: Vec<usize>,
}

/// The comparison's state.
#[derive(Debug, Clone)]
pub struct CompareState {
    /// Index of the cluster compared (`None` for a "where else" match).
    pub cluster: Option<usize>,
    /// The passages that can be shown (a cluster's occurrences, or a
    /// selection and its match).
    pub passages: Arc<Vec<Passage>>,
    /// Passage (index in `passages`) on the left.
    pub left: usize,
    /// Passage on the right.
    pub right: usize,
    /// First row shown (both panes).
    pub scroll: usize,
    /// True when the right pane has the focus (`Back` and the editor go there).
    pub focus_right: bool,
    /// Collated runs of left against right (with `Variant` runs).
    pub diff: Arc<Vec<DiffRun>>,
    /// This pair's own similarity (Dice ratio of words equal by key).
    pub similarity: f64,
    /// Number of differences (non-equal runs), every kind counted.
    pub differences: usize,
    /// The difference last moved to with next / previous difference.
    pub current: Option<usize>,
    /// True when identical stretches are shown in full.
    pub unfolded: bool,
    laid: Option<Laid>,
    /// The reader to return to.
    pub return_to: Option<ReaderState>,
    /// The screen `Back` returns to instead of the reader (all occurrences, where else).
    pub return_screen: Option<Screen>,
}

impl CompareState {
    /// A comparison of occurrences `left` and `right` of cluster `cluster`.
    pub fn new(a: &Analysis, cluster: usize, left: usize, right: usize) -> Self {
        let passages = Arc::new(a.clusters[cluster].occurrences.clone());
        Self::between(a, Some(cluster), passages, left, right)
    }

    /// A comparison of `passages[left]` and `passages[right]`.
    pub fn between(
        a: &Analysis,
        cluster: Option<usize>,
        passages: Arc<Vec<Passage>>,
        left: usize,
        right: usize,
    ) -> Self {
        let col: Collation = collate(&a.corpus, &passages[left], &passages[right]);
        CompareState {
            cluster,
            passages,
            left,
            right,
            scroll: 0,
            focus_right: false,
            similarity: col.similarity(),
            differences: col.differences(),
            diff: Arc::new(col.runs),
            current: None,
            unfolded: false,
            laid: None,
            return_to: None,
            return_screen: None,
        }
    }

    /// The passage on the left.
    pub fn left_passage(&self) -> Passage {
        self.passages[self.left]
    }

    /// The passage on the right.
    pub fn right_passage(&self) -> Passage {
        self.passages[self.right]
    }

    /// Lays the rows out for a pane `width` x `height` (kept until either changes).
    pub fn lay_out(&mut self, a: &Analysis, width: usize, height: usize) {
        let key = (width, height, self.unfolded);
        if self.laid.as_ref().is_some_and(|l| l.key == key) {
            return;
        }
        let (lp, rp) = (self.left_passage(), self.right_passage());
        let mut body = lay_passages(a, &lp, &rp, &self.diff, width);
        if !self.unfolded {
            body = fold(body);
        }
        let ctx = MIN_CONTEXT_ROWS.max(height.saturating_sub(body.len()) / 2);
        let mut rows = Vec::new();
        let (la, ra) = (
            context_above(a, &lp, width, ctx),
            context_above(a, &rp, width, ctx),
        );
        let h = la.len().max(ra.len());
        for i in 0..h {
            let pick =
                |v: &Vec<SideRow>| (i + v.len()).checked_sub(h).and_then(|j| v.get(j).cloned());
            rows.push(AlignedRow {
                left: pick(&la),
                right: pick(&ra),
                ..AlignedRow::default()
            });
        }
        rows.extend(body);
        let (lb, rb) = (
            context_below(a, &lp, width, ctx),
            context_below(a, &rp, width, ctx),
        );
        for i in 0..lb.len().max(rb.len()) {
            rows.push(AlignedRow {
                left: lb.get(i).cloned(),
                right: rb.get(i).cloned(),
                ..AlignedRow::default()
            });
        }
        let mut diff_rows = vec![usize::MAX; self.differences];
        for (i, r) in rows.iter().enumerate() {
            for d in r.diffs.clone() {
                if let Some(slot) = diff_rows.get_mut(d) {
                    *slot = (*slot).min(i);
                }
            }
        }
        self.laid = Some(Laid {
            key,
            rows: Arc::new(rows),
            diff_rows,
        });
        self.scroll = self.scroll.min(self.max_scroll(height));
    }

    /// The rows as last laid out (empty before [`CompareState::lay_out`]).
    pub fn rows(&self) -> Arc<Vec<AlignedRow>> {
        self.laid
            .as_ref()
            .map(|l| l.rows.clone())
            .unwrap_or_default()
    }

    /// The row where difference `k` (0-based) starts.
    pub fn difference_row(&self, k: usize) -> Option<usize> {
        self.laid.as_ref()?.diff_rows.get(k).copied()
    }

    fn max_scroll(&self, height: usize) -> usize {
        self.laid
            .as_ref()
            .map_or(0, |l| l.rows.len().saturating_sub(height))
    }

    /// Lays out again for a new pane size and keeps the scroll inside the rows.
    pub fn clamp(&mut self, a: &Analysis, width: usize, height: usize) {
        self.lay_out(a, width, height);
        self.scroll = self.scroll.min(self.max_scroll(height));
    }

    /// "difference k/n" (after moving to one) or "n differences", and the similarity.
    pub fn status(&self) -> String {
        let n = self.differences;
        let d = match self.current {
            Some(k) => format!("difference {}/{}", k + 1, n),
            None if n == 1 => "1 difference".to_string(),
            None => format!("{n} differences"),
        };
        format!("{d} │ {}% similar", crate::text::percent(self.similarity))
    }
}

impl App {
    /// Opens the comparison of the reader's selected passage with the next
    /// occurrence of its cluster.
    pub fn open_compare(&mut self) {
        self.open_compare_now();
        self.relayout();
    }

    pub(super) fn open_compare_now(&mut self) {
        let Some((r, o)) = self.selected_occurrence() else {
            return;
        };
        let occ = &self.analysis.clusters[o.cluster].occurrences;
        let n = occ.len();
        // Start with the next occurrence in another document, if there is one.
        let right = (1..n)
            .map(|k| (o.index + k) % n)
            .find(|&j| occ[j].document != o.passage.document)
            .unwrap_or((o.index + 1) % n);
        let mut c = CompareState::new(&self.analysis, o.cluster, o.index, right);
        c.return_to = Some(r);
        self.show_compare(c);
    }

    /// Opens the comparison of a cluster's first occurrence with the next
    /// one in another document (from a list: back returns to `from`).
    pub(super) fn open_compare_of_cluster(&mut self, cluster: usize, from: Screen) {
        let Some(occ) = self.analysis.clusters.get(cluster).map(|c| &c.occurrences) else {
            return;
        };
        if occ.len() < 2 {
            return;
        }
        let right = (1..occ.len())
            .find(|&j| occ[j].document != occ[0].document)
            .unwrap_or(1);
        let mut c = CompareState::new(&self.analysis, cluster, 0, right);
        c.return_screen = Some(from);
        self.show_compare(c);
    }

    /// Puts comparison `c` in front, laid out for the current window.
    pub(super) fn show_compare(&mut self, mut c: CompareState) {
        let (w, h) = self.compare_text_size();
        c.lay_out(&self.analysis, w, h);
        self.compare = Some(c);
        self.screen = Screen::Compare;
    }

    fn set_compare(&mut self, left: usize, right: usize) {
        if let Some(old) = self.compare.take() {
            let mut c =
                CompareState::between(&self.analysis, old.cluster, old.passages, left, right);
            c.return_to = old.return_to;
            c.return_screen = old.return_screen;
            c.focus_right = old.focus_right;
            c.unfolded = old.unfolded;
            self.show_compare(c);
        }
    }

    pub(super) fn compare_focus(&mut self, right: bool) {
        if let Some(c) = self.compare.as_mut() {
            c.focus_right = right;
        }
    }

    /// Leaves the comparison: for the view it was opened from, or for the
    /// reader at the focused passage (the reader is restored exactly when that
    /// is where it came from).
    fn close_compare(&mut self) {
        let Some(c) = self.compare.take() else {
            self.screen = Screen::Reader;
            return;
        };
        if let Some(s) = c.return_screen {
            self.screen = s;
            return;
        }
        let index = if c.focus_right { c.right } else { c.left };
        let Some(cluster) = c.cluster else {
            let p = c.passages[index];
            if let Some(r) = c.return_to {
                self.jumps.push(r);
            }
            self.open_passage(p);
            return;
        };
        if let Some(r) = c.return_to {
            let same = r
                .selected
                .map(|s| r.occs[s])
                .is_some_and(|o| o.cluster == cluster && o.index == index);
            if same {
                self.reader = Some(r);
                self.screen = Screen::Reader;
                return;
            }
            self.jumps.push(r);
        }
        self.open_occurrence(cluster, index);
    }

    pub(super) fn update_compare(&mut self, action: Action) {
        let (w, h) = self.compare_text_size();
        let a = self.analysis.clone();
        let Some(c) = self.compare.as_mut() else {
            self.screen = Screen::Reader;
            return;
        };
        c.lay_out(&a, w, h);
        let max = c.max_scroll(h);
        let half = (h / 2).max(1);
        let page = h.saturating_sub(2).max(1);
        let n = c.passages.len();
        match action {
            Action::ScrollDown => c.scroll = (c.scroll + 1).min(max),
            Action::ScrollUp => c.scroll = c.scroll.saturating_sub(1),
            Action::HalfPageDown => c.scroll = (c.scroll + half).min(max),
            Action::HalfPageUp => c.scroll = c.scroll.saturating_sub(half),
            Action::PageDown => c.scroll = (c.scroll + page).min(max),
            Action::PageUp => c.scroll = c.scroll.saturating_sub(page),
            Action::Top => c.scroll = 0,
            Action::Bottom => c.scroll = max,
            Action::NextDifference
            | Action::PrevDifference
            | Action::NextPassage
            | Action::PrevPassage => {
                let next = matches!(action, Action::NextDifference | Action::NextPassage);
                let target = match (c.current, next) {
                    _ if c.differences == 0 => None,
                    (None, true) => Some(0),
                    (None, false) => Some(c.differences - 1),
                    (Some(k), true) => (k + 1 < c.differences).then_some(k + 1),
                    (Some(k), false) => k.checked_sub(1),
                };
                match target {
                    Some(k) => {
                        c.current = Some(k);
                        if let Some(row) = c.difference_row(k) {
                            c.scroll = row.saturating_sub(h / 3).min(max);
                        }
                    }
                    None if c.differences == 0 => {
                        self.message = Some("no differences: the texts are identical".into())
                    }
                    None => self.message = Some("no more differences".into()),
                }
            }
            Action::Unfold | Action::Fold => {
                let open = action == Action::Unfold;
                if c.unfolded == open {
                    self.message = Some(
                        if open {
                            "nothing is folded"
                        } else {
                            "already folded"
                        }
                        .into(),
                    );
                    return;
                }
                c.unfolded = open;
                c.lay_out(&a, w, h);
                if let Some(row) = c.current.and_then(|k| c.difference_row(k)) {
                    c.scroll = row.saturating_sub(h / 3).min(c.max_scroll(h));
                }
            }
            Action::OtherOccurrence if n == 2 => {
                self.message = Some("only these two passages are compared".into());
            }
            Action::OtherOccurrence => {
                let mut right = (c.right + 1) % n;
                if right == c.left {
                    right = (right + 1) % n;
                }
                let l = c.left;
                self.set_compare(l, right);
            }
            Action::SwapSides => {
                let (l, r) = (c.left, c.right);
                self.set_compare(r, l);
            }
            Action::NextPane => c.focus_right = !c.focus_right,
            Action::Back | Action::Compare | Action::Select => self.close_compare(),
            Action::Passages => self.show_passages(),
            Action::Library => self.show_library(),
            Action::OpenEditor => {
                let p = c.passages[if c.focus_right { c.right } else { c.left }];
                let line = a.corpus.documents[p.document].line_col(p.start).0;
                self.request_editor(p.document, line);
            }
            _ => {}
        }
    }
}
