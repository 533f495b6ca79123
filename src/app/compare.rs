//! The side-by-side comparison: two occurrences of one cluster, aligned row by
//! row so that matching text stays level while both panes scroll together.
//!
//! Alignment: the left passage is word-wrapped to the pane; each left row's
//! first word is mapped through the engine's word diff to a word on the right,
//! and the right text between two such words is wrapped on its own. A row
//! block is as tall as the taller side, so text one side lacks shows as a gap
//! on the other. A few rows of context sit above (bottom-aligned, so both
//! passages start on the same row) and below.

use super::{App, ReaderState, Screen};
use crate::action::Action;
use crate::reuse::Analysis;
use crate::reuse::diff::{DiffKind, DiffRun, diff_passages};
use crate::segment::tokenize;
use crate::text::wrap::wrap_line;
use std::ops::Range;
use std::sync::Arc;

/// Columns left of each pane's text (the passage mark).
pub const PANE_GUTTER: usize = 1;
/// Source lines of context looked at above and below the passages.
const CONTEXT_LINES: usize = 3;
/// Rows of context kept above and below.
const CONTEXT_ROWS: usize = 3;

/// Whether a row is context or part of the compared passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Dimmed text around the passage.
    Context,
    /// Text of the passage.
    Passage,
}

/// One side of an aligned row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideRow {
    /// 0-based source line.
    pub line: usize,
    /// Absolute byte range in the document.
    pub bytes: Range<usize>,
    /// Context or passage.
    pub kind: RowKind,
}

/// One screen row of the comparison; a side is `None` where it has a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignedRow {
    /// The left pane's row.
    pub left: Option<SideRow>,
    /// The right pane's row.
    pub right: Option<SideRow>,
    /// True when the row shows a word difference on either side.
    pub changed: bool,
}

/// The comparison's state.
#[derive(Debug, Clone)]
pub struct CompareState {
    /// Index of the cluster compared.
    pub cluster: usize,
    /// Occurrence (index in the cluster) on the left.
    pub left: usize,
    /// Occurrence on the right.
    pub right: usize,
    /// First aligned row shown (both panes).
    pub scroll: usize,
    /// True when the right pane has the focus (`Back` and the editor go there).
    pub focus_right: bool,
    /// Word diff of left against right.
    pub diff: Arc<Vec<DiffRun>>,
    rows: Option<(usize, Arc<Vec<AlignedRow>>)>,
    /// The reader to return to.
    pub return_to: Option<ReaderState>,
}

/// Wraps bytes `range` of document `doc` (which may span lines) into rows.
fn wrap_span(
    a: &Analysis,
    doc: usize,
    range: Range<usize>,
    width: usize,
    kind: RowKind,
) -> Vec<SideRow> {
    let d = &a.corpus.documents[doc];
    let mut out = Vec::new();
    if range.is_empty() {
        return out;
    }
    let first = d.line_index(range.start);
    let last = d.line_index(range.end.saturating_sub(1).max(range.start));
    for line in first..=last.min(d.line_count().saturating_sub(1)) {
        let ls = d.line_starts()[line];
        let text = d.line_text(line);
        let s = range.start.max(ls);
        let e = range.end.min(ls + text.len());
        if s > e || (s == e && s != ls) {
            continue;
        }
        for r in wrap_line(&d.text[s..e], width) {
            out.push(SideRow {
                line,
                bytes: s + r.start..s + r.end,
                kind,
            });
        }
    }
    out
}

/// For each left word of the passage, the index of the right word it lines up with.
fn word_map(runs: &[DiffRun], lw: &[usize], rw: &[usize]) -> Vec<usize> {
    let idx = |w: &[usize], b: usize| w.partition_point(|&s| s < b);
    let mut map = vec![0; lw.len()];
    for run in runs {
        let (ls, le) = (idx(lw, run.left.start), idx(lw, run.left.end));
        let (rs, re) = (idx(rw, run.right.start), idx(rw, run.right.end));
        for (i, m) in map.iter_mut().enumerate().take(le).skip(ls) {
            *m = match run.kind {
                DiffKind::Equal | DiffKind::Variant => rs + (i - ls),
                DiffKind::Replace => rs + (i - ls) * (re - rs) / (le - ls).max(1),
                _ => rs,
            };
        }
    }
    map
}

impl CompareState {
    /// A comparison of occurrences `left` and `right` of cluster `cluster`.
    pub fn new(a: &Analysis, cluster: usize, left: usize, right: usize) -> Self {
        let c = &a.clusters[cluster];
        let diff = diff_passages(&a.corpus, &c.occurrences[left], &c.occurrences[right]);
        CompareState {
            cluster,
            left,
            right,
            scroll: 0,
            focus_right: false,
            diff: Arc::new(diff),
            rows: None,
            return_to: None,
        }
    }

    /// The aligned rows as last laid out (see [`CompareState::rows`]), if any.
    pub fn cached_rows(&self) -> Option<Arc<Vec<AlignedRow>>> {
        self.rows.as_ref().map(|(_, rows)| rows.clone())
    }

    /// The aligned rows at pane text width `width` (cached per width).
    pub fn rows(&mut self, a: &Analysis, width: usize) -> Arc<Vec<AlignedRow>> {
        if let Some((w, rows)) = &self.rows
            && *w == width
        {
            return rows.clone();
        }
        let rows = Arc::new(self.align(a, width));
        self.rows = Some((width, rows.clone()));
        rows
    }

    fn align(&self, a: &Analysis, width: usize) -> Vec<AlignedRow> {
        let c = &a.clusters[self.cluster];
        let (lp, rp) = (c.occurrences[self.left], c.occurrences[self.right]);
        let mut out = Vec::new();
        // Context above, bottom-aligned.
        let above = |p: crate::reuse::Passage| {
            let d = &a.corpus.documents[p.document];
            let l = d.line_index(p.start).saturating_sub(CONTEXT_LINES);
            let rows = wrap_span(
                a,
                p.document,
                d.line_starts()[l]..p.start,
                width,
                RowKind::Context,
            );
            rows[rows.len().saturating_sub(CONTEXT_ROWS)..].to_vec()
        };
        let (la, ra) = (above(lp), above(rp));
        let h = la.len().max(ra.len());
        for i in 0..h {
            let pick =
                |v: &Vec<SideRow>| (i + v.len()).checked_sub(h).and_then(|j| v.get(j).cloned());
            out.push(AlignedRow {
                left: pick(&la),
                right: pick(&ra),
                changed: false,
            });
        }
        // The passages, row by row.
        let lt = &a.corpus.documents[lp.document].text;
        let rt = &a.corpus.documents[rp.document].text;
        let lw: Vec<usize> = tokenize(&lt[lp.start..lp.end])
            .iter()
            .map(|t| lp.start + t.start)
            .collect();
        let rw: Vec<usize> = tokenize(&rt[rp.start..rp.end])
            .iter()
            .map(|t| rp.start + t.start)
            .collect();
        let map = word_map(&self.diff, &lw, &rw);
        let right_at = |b: usize| -> usize {
            let i = lw.partition_point(|&s| s < b);
            match map.get(i) {
                Some(&j) => rw.get(j).copied().unwrap_or(rp.end),
                None => rp.end,
            }
        };
        let left_rows = wrap_span(a, lp.document, lp.start..lp.end, width, RowKind::Passage);
        let mut rstart = rp.start;
        for (k, lrow) in left_rows.iter().enumerate() {
            let rend = match left_rows.get(k + 1) {
                Some(next) => right_at(next.bytes.start).max(rstart),
                None => rp.end,
            };
            let chunk = &rt[rstart..rend];
            let trimmed = rstart + chunk.trim_end().len();
            let rrows = wrap_span(a, rp.document, rstart..trimmed, width, RowKind::Passage);
            for i in 0..rrows.len().max(1) {
                out.push(AlignedRow {
                    left: (i == 0).then(|| lrow.clone()),
                    right: rrows.get(i).cloned(),
                    changed: false,
                });
            }
            rstart = rend;
        }
        // Context below.
        let below = |p: crate::reuse::Passage| {
            let d = &a.corpus.documents[p.document];
            let l = (d.line_index(p.end.saturating_sub(1)) + CONTEXT_LINES)
                .min(d.line_count().saturating_sub(1));
            let end = d.line_starts()[l] + d.line_text(l).len();
            let mut rows = wrap_span(
                a,
                p.document,
                p.end..end.max(p.end),
                width,
                RowKind::Context,
            );
            rows.truncate(CONTEXT_ROWS);
            rows
        };
        let (lb, rb) = (below(lp), below(rp));
        for i in 0..lb.len().max(rb.len()) {
            out.push(AlignedRow {
                left: lb.get(i).cloned(),
                right: rb.get(i).cloned(),
                changed: false,
            });
        }
        // Mark rows that show a difference.
        let changes: Vec<&DiffRun> = self
            .diff
            .iter()
            .filter(|r| r.kind != DiffKind::Equal)
            .collect();
        let touches = |row: &Option<SideRow>, left: bool| {
            row.as_ref().is_some_and(|r| {
                r.kind == RowKind::Passage
                    && changes.iter().any(|c| {
                        let span = if left { &c.left } else { &c.right };
                        !span.is_empty() && span.start < r.bytes.end && span.end > r.bytes.start
                    })
            })
        };
        for row in &mut out {
            row.changed = touches(&row.left, true) || touches(&row.right, false);
        }
        out
    }

    /// Keeps the scroll inside the rows after a resize.
    pub fn clamp(&mut self, a: &Analysis, width: usize, height: usize) {
        let n = self.rows(a, width).len();
        self.scroll = self.scroll.min(n.saturating_sub(height));
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
        self.compare = Some(c);
        self.screen = Screen::Compare;
    }

    fn set_compare(&mut self, cluster: usize, left: usize, right: usize) {
        if let Some(old) = self.compare.take() {
            let mut c = CompareState::new(&self.analysis, cluster, left, right);
            c.return_to = old.return_to;
            c.focus_right = old.focus_right;
            self.compare = Some(c);
        }
    }

    pub(super) fn compare_focus(&mut self, right: bool) {
        if let Some(c) = self.compare.as_mut() {
            c.focus_right = right;
        }
    }

    /// Leaves the comparison for the reader, at the focused occurrence (the
    /// reader is restored exactly when that is where it came from).
    fn close_compare(&mut self) {
        let Some(c) = self.compare.take() else {
            self.screen = Screen::Reader;
            return;
        };
        let index = if c.focus_right { c.right } else { c.left };
        if let Some(r) = c.return_to {
            let same = r
                .selected
                .map(|s| r.occs[s])
                .is_some_and(|o| o.cluster == c.cluster && o.index == index);
            if same {
                self.reader = Some(r);
                self.screen = Screen::Reader;
                return;
            }
            self.jumps.push(r);
        }
        self.open_occurrence(c.cluster, index);
    }

    pub(super) fn update_compare(&mut self, action: Action) {
        let (w, h) = self.compare_text_size();
        let a = self.analysis.clone();
        let Some(c) = self.compare.as_mut() else {
            self.screen = Screen::Reader;
            return;
        };
        let rows = c.rows(&a, w);
        let max = rows.len().saturating_sub(h);
        let half = (h / 2).max(1);
        let page = h.saturating_sub(2).max(1);
        let n = a.clusters[c.cluster].occurrences.len();
        match action {
            Action::ScrollDown => c.scroll = (c.scroll + 1).min(max),
            Action::ScrollUp => c.scroll = c.scroll.saturating_sub(1),
            Action::HalfPageDown => c.scroll = (c.scroll + half).min(max),
            Action::HalfPageUp => c.scroll = c.scroll.saturating_sub(half),
            Action::PageDown => c.scroll = (c.scroll + page).min(max),
            Action::PageUp => c.scroll = c.scroll.saturating_sub(page),
            Action::Top => c.scroll = 0,
            Action::Bottom => c.scroll = max,
            Action::NextPassage | Action::PrevPassage => {
                let starts: Vec<usize> = (0..rows.len())
                    .filter(|&i| rows[i].changed && (i == 0 || !rows[i - 1].changed))
                    .collect();
                let at = c.scroll + 2;
                let target = if action == Action::NextPassage {
                    starts.iter().find(|&&i| i > at).copied()
                } else {
                    starts.iter().rev().find(|&&i| i < at).copied()
                };
                match target {
                    Some(i) => c.scroll = i.saturating_sub(2).min(max),
                    None => self.message = Some("no more differences".into()),
                }
            }
            Action::OtherOccurrence if n == 2 => {
                self.message = Some("this cluster has only these two occurrences".into());
            }
            Action::OtherOccurrence => {
                let mut right = (c.right + 1) % n;
                if right == c.left {
                    right = (right + 1) % n;
                }
                let (cl, l) = (c.cluster, c.left);
                self.set_compare(cl, l, right);
            }
            Action::SwapSides => {
                let (cl, l, r) = (c.cluster, c.left, c.right);
                self.set_compare(cl, r, l);
            }
            Action::NextPane => c.focus_right = !c.focus_right,
            Action::Back | Action::Compare | Action::Select => self.close_compare(),
            Action::Passages => self.show_passages(),
            Action::Library => self.show_library(),
            Action::OpenEditor => {
                let p =
                    a.clusters[c.cluster].occurrences[if c.focus_right { c.right } else { c.left }];
                let line = a.corpus.documents[p.document].line_col(p.start).0;
                self.request_editor(p.document, line);
            }
            _ => {}
        }
    }
}
