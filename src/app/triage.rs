//! Triage in the reader: `x` puts the current cluster aside as boilerplate
//! (no highlight, not listed, counted in the status bar), `i` stars it as
//! interesting (listed first), `X` shows the hidden ones dimmed, `%` hides
//! clusters present in more than N% of the documents. The marks model and
//! its file are [`crate::marks`]; this module holds the per-app state and
//! applies it to the passages list and the reader. Saving goes through the
//! marks location given at start (none over SSH without `--marks`: the marks
//! then last as long as the session).

use super::{App, PromptKind, Screen};
use crate::action::Action;
use crate::marks::{KeyIndex, Mark, Marks, MarksLocation, TextKey, cluster_keys, cluster_mark};
use crate::reuse::Analysis;

/// The thresholds `%` cycles through (percent of documents), then off.
pub const COMMON_STEPS: [u8; 3] = [50, 25, 10];

/// Triage state of one app.
#[derive(Debug, Default)]
pub struct TriageState {
    /// The marks (as in the file, plus this session's changes).
    pub marks: Marks,
    /// Where changes are saved (`None`: kept in memory only).
    pub location: Option<MarksLocation>,
    /// Show hidden clusters (dimmed) instead of leaving them out.
    pub show_hidden: bool,
    /// Hide clusters present in more than this percentage of documents.
    pub common: Option<u8>,
    index: KeyIndex<Mark>,
    /// Per cluster: its mark.
    cluster_marks: Vec<Option<Mark>>,
    /// Per cluster: hidden (by a mark or by the `%` filter).
    hidden: Vec<bool>,
    /// Per cluster: its occurrences' text keys, computed when first needed.
    keys: Vec<Option<Vec<TextKey>>>,
}

impl TriageState {
    /// Triage of `a` with `marks` (saved to `location` when given).
    pub fn new(a: &Analysis, marks: Marks, location: Option<MarksLocation>) -> Self {
        let mut t = TriageState {
            marks,
            location,
            ..TriageState::default()
        };
        t.rebuild(a);
        t
    }

    /// Recomputes every cluster's mark and visibility (after a change of
    /// marks, filter or analysis).
    pub fn rebuild(&mut self, a: &Analysis) {
        let n = a.clusters.len();
        if self.keys.len() != n {
            self.keys = vec![None; n];
        }
        self.index = self.marks.index();
        self.cluster_marks = vec![None; n];
        if !self.index.is_empty() {
            for ci in 0..n {
                let keys = self.keys_of(a, ci).to_vec();
                self.cluster_marks[ci] = cluster_mark(&self.index, &keys);
            }
        }
        let docs = a.corpus.documents.len().max(1);
        self.hidden = (0..n)
            .map(|ci| {
                if self.cluster_marks[ci] == Some(Mark::Boilerplate) {
                    return true;
                }
                let Some(pct) = self.common else {
                    return false;
                };
                let mut d: Vec<usize> = a.clusters[ci]
                    .occurrences
                    .iter()
                    .map(|p| p.document)
                    .collect();
                d.dedup();
                d.len() * 100 > pct as usize * docs
            })
            .collect();
    }

    /// The text keys of cluster `ci`'s occurrences.
    fn keys_of(&mut self, a: &Analysis, ci: usize) -> &[TextKey] {
        self.keys[ci].get_or_insert_with(|| cluster_keys(a, &a.clusters[ci]))
    }

    /// The mark of cluster `ci`.
    pub fn mark(&self, ci: usize) -> Option<Mark> {
        self.cluster_marks.get(ci).copied().flatten()
    }

    /// True when cluster `ci` is hidden (boilerplate, or too common).
    pub fn is_hidden(&self, ci: usize) -> bool {
        self.hidden.get(ci).copied().unwrap_or(false)
    }

    /// True when cluster `ci` is left out of the list and the highlights.
    pub fn is_left_out(&self, ci: usize) -> bool {
        !self.show_hidden && self.is_hidden(ci)
    }

    /// Number of hidden clusters.
    pub fn hidden_count(&self) -> usize {
        self.hidden.iter().filter(|&&h| h).count()
    }

    /// The clusters `shown` in list order: starred first, hidden ones left
    /// out (or, when shown, kept in place); otherwise the given order.
    pub fn order(&self, shown: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = shown
            .iter()
            .copied()
            .filter(|&c| !self.is_left_out(c))
            .collect();
        out.sort_by_key(|&c| self.mark(c) != Some(Mark::Interesting));
        out
    }

    /// The status-bar note: "3 hidden", "3 hidden (shown)", or nothing.
    pub fn status_note(&self) -> Option<String> {
        let n = self.hidden_count();
        (n > 0 || self.common.is_some()).then(|| {
            let mut s = format!("{n} hidden");
            if let Some(p) = self.common {
                s += &format!(" (>{p}% of documents)");
            }
            if self.show_hidden {
                s += ", shown";
            }
            s
        })
    }
}

impl App {
    /// Gives the app the marks stored at `location` (and saves changes there).
    /// A file that cannot be read leaves the marks empty with a message.
    pub fn set_marks_location(&mut self, location: MarksLocation) {
        let marks = match location.load() {
            Ok(m) => m,
            Err(e) => {
                self.set_message(e);
                Marks::default()
            }
        };
        self.triage = TriageState::new(&self.analysis, marks, Some(location));
        self.apply_triage();
        self.relayout();
    }

    /// Applies the triage and threshold actions (on any screen but the
    /// library for marks); false when `action` is not one of them.
    pub(super) fn update_triage(&mut self, action: Action) -> bool {
        match action {
            Action::MarkBoilerplate => self.toggle_mark(Mark::Boilerplate),
            Action::MarkInteresting => self.toggle_mark(Mark::Interesting),
            Action::ToggleHidden => self.toggle_show_hidden(),
            Action::HideCommon => self.cycle_common_filter(),
            Action::MinWordsUp => self.step_min_words(1),
            Action::MinWordsDown => self.step_min_words(-1),
            Action::Thresholds => self.open_prompt(PromptKind::Thresholds),
            _ => return false,
        }
        true
    }

    /// Recomputes the triage for a new analysis (same marks, filters and
    /// file) and applies it to the lists and the readers.
    pub(super) fn retriage(&mut self) {
        let t = std::mem::take(&mut self.triage);
        self.triage = TriageState {
            show_hidden: t.show_hidden,
            common: t.common,
            ..TriageState::new(&self.analysis, t.marks, t.location)
        };
        self.triage.rebuild(&self.analysis);
        self.apply_triage();
    }

    /// The cluster triage keys act on: the selected passage's (reader), the
    /// selected row's (passages) or the compared one; its key comes first.
    fn triage_target(&mut self) -> Option<(usize, TextKey)> {
        match self.screen {
            Screen::Reader => {
                let (_, o) = self.selected_occurrence()?;
                Some((o.cluster, TextKey::of(self.analysis.text(&o.passage))))
            }
            Screen::Passages => {
                let &c = self.passages.shown.get(self.passages.selected)?;
                let p = self.analysis.clusters[c].occurrences[0];
                Some((c, TextKey::of(self.analysis.text(&p))))
            }
            Screen::Compare => {
                let c = self.compare.as_ref()?;
                // A comparison opened from "where else" has no cluster to mark.
                let cluster = c.cluster?;
                let p = c.left_passage();
                Some((cluster, TextKey::of(self.analysis.text(&p))))
            }
            Screen::Nway => {
                let n = self.nway.as_ref()?;
                let p = self.analysis.clusters[n.cluster].occurrences[n.reference];
                Some((n.cluster, TextKey::of(self.analysis.text(&p))))
            }
            Screen::Library | Screen::WhereElse => None,
        }
    }

    /// `x` / `i`: toggles `mark` on the current cluster, saves it, and hides
    /// or reorders at once.
    pub(super) fn toggle_mark(&mut self, mark: Mark) {
        let Some((ci, key)) = self.triage_target() else {
            return;
        };
        let a = self.analysis.clone();
        let t = &mut self.triage;
        let new = (t.mark(ci) != Some(mark)).then_some(mark);
        let mut keys = vec![key];
        keys.extend(t.keys_of(&a, ci).iter().cloned());
        t.marks.set(&keys, new);
        let saved = match &t.location {
            Some(loc) => match loc.save_change(&keys, new) {
                Ok(p) => format!(" · saved in {}", p.display()),
                Err(e) => format!(" · not saved: {e}"),
            },
            None => " · for this session".into(),
        };
        t.rebuild(&a);
        let what = match new {
            Some(Mark::Boilerplate) => "put aside as boilerplate",
            Some(Mark::Interesting) => "starred as interesting",
            None => "unmarked",
        };
        let show_hidden = t.show_hidden;
        let id = a.clusters[ci].id;
        self.set_message(format!("cluster {id} {what}{saved}"));
        if new == Some(Mark::Boilerplate) && self.screen == Screen::Compare && !show_hidden {
            self.compare = None;
            self.screen = Screen::Reader;
        }
        self.apply_triage();
    }

    /// `X`: shows the hidden clusters dimmed, or leaves them out again.
    pub(super) fn toggle_show_hidden(&mut self) {
        self.triage.show_hidden = !self.triage.show_hidden;
        let n = self.triage.hidden_count();
        self.set_message(if self.triage.show_hidden {
            format!("showing {n} hidden clusters, dimmed")
        } else {
            format!("{n} clusters hidden")
        });
        self.apply_triage();
    }

    /// `%`: cycles the "present in more than N% of documents" filter.
    pub(super) fn cycle_common_filter(&mut self) {
        let t = &mut self.triage;
        t.common = match t.common {
            None => Some(COMMON_STEPS[0]),
            Some(p) => COMMON_STEPS
                .iter()
                .position(|&s| s == p)
                .and_then(|i| COMMON_STEPS.get(i + 1))
                .copied(),
        };
        t.rebuild(&self.analysis);
        let msg = match t.common {
            Some(p) => format!(
                "hiding clusters in more than {p}% of documents ({} hidden)",
                t.hidden_count()
            ),
            None => "showing clusters however common".into(),
        };
        self.set_message(msg);
        self.apply_triage();
    }

    /// Applies the triage to the passages list and the reader (and the
    /// positions `Back` returns to), keeping the selections where they were.
    pub(super) fn apply_triage(&mut self) {
        let filter = self.passages.filter.clone();
        self.set_passages_filter(&filter);
        let a = self.analysis.clone();
        let t = &self.triage;
        for r in self.reader.iter_mut().chain(self.jumps.iter_mut()) {
            r.retain_clusters(&a, |c| !t.is_left_out(c));
        }
    }

    /// Leaves the hidden clusters out of the reader just opened.
    pub(super) fn apply_triage_to_reader(&mut self) {
        let t = &self.triage;
        if t.hidden_count() == 0 || t.show_hidden {
            return;
        }
        if let Some(r) = self.reader.as_mut() {
            r.retain_clusters(&self.analysis, |c| !t.is_left_out(c));
        }
    }

    /// Filters the passages list by `text` and orders it by triage, keeping
    /// the selected cluster selected when it is still listed.
    pub(super) fn set_passages_filter(&mut self, text: &str) {
        let (old, before) = (
            self.passages.selected,
            self.passages.shown.get(self.passages.selected).copied(),
        );
        let same = self.passages.filter == text;
        self.passages.set_filter(&self.analysis, text);
        self.passages.shown = self.triage.order(&self.passages.shown);
        if same && let Some(c) = before {
            let i = self.passages.shown.iter().position(|&x| x == c);
            self.passages.selected =
                i.unwrap_or(old.min(self.passages.shown.len().saturating_sub(1)));
        }
    }
}
