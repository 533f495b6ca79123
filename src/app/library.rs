//! The library: every document, with how much it shares and with whom;
//! filtered and sorted. What it shows is derived from the analysis once
//! ([`LibraryIndex`], shared between apps); per-app state is the selection,
//! the order and the filter. Also the skipped-files summary.

use super::lists::list_move;
use super::{App, PromptKind, Screen, short_name};
use crate::action::Action;
use crate::corpus::{SkipKind, Warning};
use crate::reuse::Analysis;
use rayon::prelude::*;
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// How the library is ordered (`s` cycles through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LibrarySort {
    /// By path, as loaded.
    #[default]
    Path,
    /// Largest first.
    Size,
    /// Most shared passages first.
    Shared,
}

impl LibrarySort {
    /// The next order in the cycle path → size → shared → path.
    pub fn next(self) -> LibrarySort {
        match self {
            LibrarySort::Path => LibrarySort::Size,
            LibrarySort::Size => LibrarySort::Shared,
            LibrarySort::Shared => LibrarySort::Path,
        }
    }

    /// A word for the header ("path", "size", "shared passages").
    pub fn name(self) -> &'static str {
        match self {
            LibrarySort::Path => "path",
            LibrarySort::Size => "size",
            LibrarySort::Shared => "shared passages",
        }
    }
}

/// What the library knows about the documents of one analysis: names, titles,
/// passage counts, each document's clusters and the sort orders. Derived from
/// the analysis alone, so it is computed once and shared ([`LibraryIndex::shared`])
/// by every app on that analysis (every SSH session). Its size is linear in
/// documents + occurrences.
#[derive(Debug)]
pub struct LibraryIndex {
    analysis: Arc<Analysis>,
    names: Vec<Box<str>>,
    passages: Vec<u32>,
    /// `clusters[cluster_start[d]..cluster_start[d + 1]]`: the clusters with an
    /// occurrence in document `d`, ascending.
    cluster_start: Vec<u32>,
    clusters: Vec<u32>,
    by_size: Vec<u32>,
    by_shared: Vec<u32>,
    haystacks: OnceLock<Vec<Box<str>>>,
}

/// One index per live analysis (weakly held: freed with the last app using it).
type IndexCache = Vec<(Weak<Analysis>, Weak<LibraryIndex>)>;
static SHARED: Mutex<IndexCache> = Mutex::new(Vec::new());

impl LibraryIndex {
    /// Builds the index of `a` (see [`LibraryIndex::shared`] to reuse one).
    pub fn new(a: &Arc<Analysis>) -> Self {
        let docs = &a.corpus.documents;
        let n = docs.len();
        let mut passages = vec![0u32; n];
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (ci, c) in a.clusters.iter().enumerate() {
            let mut last = usize::MAX;
            for p in &c.occurrences {
                passages[p.document] += 1;
                if p.document != last {
                    pairs.push((p.document as u32, ci as u32));
                    last = p.document;
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut cluster_start = vec![0u32; n + 1];
        for &(d, _) in &pairs {
            cluster_start[d as usize + 1] += 1;
        }
        for i in 0..n {
            cluster_start[i + 1] += cluster_start[i];
        }
        let clusters = pairs.into_iter().map(|(_, c)| c).collect();
        let mut by_size: Vec<u32> = (0..n as u32).collect();
        by_size.sort_by_key(|&d| std::cmp::Reverse(docs[d as usize].len()));
        let mut by_shared: Vec<u32> = (0..n as u32).collect();
        by_shared.sort_by_key(|&d| std::cmp::Reverse(passages[d as usize]));
        let paths: Vec<&str> = docs.iter().map(|d| d.path.as_str()).collect();
        // Titles are kept by each document (no copies; a reopened saved
        // analysis knows them without reading the documents).
        docs.par_iter().for_each(|d| {
            d.title();
        });
        LibraryIndex {
            names: distinct_names(&paths).into_iter().map(Into::into).collect(),
            analysis: Arc::clone(a),
            passages,
            cluster_start,
            clusters,
            by_size,
            by_shared,
            haystacks: OnceLock::new(),
        }
    }

    /// The index of `a`, built on first use and shared with every other app on
    /// the same analysis while any of them is alive.
    pub fn shared(a: &Arc<Analysis>) -> Arc<LibraryIndex> {
        let mut cache = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(an, ix)| an.strong_count() > 0 && ix.strong_count() > 0);
        for (an, ix) in cache.iter() {
            if an.upgrade().is_some_and(|x| Arc::ptr_eq(&x, a))
                && let Some(ix) = ix.upgrade()
            {
                return ix;
            }
        }
        let ix = Arc::new(LibraryIndex::new(a));
        cache.push((Arc::downgrade(a), Arc::downgrade(&ix)));
        ix
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The name that tells document `doc` apart from the others (see [`distinct_names`]).
    pub fn name(&self, doc: usize) -> &str {
        &self.names[doc]
    }

    /// The title of document `doc` ([`crate::corpus::Document::title`]).
    pub fn title(&self, doc: usize) -> &str {
        self.analysis.corpus.documents[doc].title()
    }

    /// Number of shared passages (occurrences) in document `doc`.
    pub fn passages(&self, doc: usize) -> usize {
        self.passages[doc] as usize
    }

    /// The clusters with an occurrence in document `doc`, ascending.
    pub fn clusters_of(&self, doc: usize) -> &[u32] {
        let (s, e) = (self.cluster_start[doc], self.cluster_start[doc + 1]);
        &self.clusters[s as usize..e as usize]
    }

    /// The widest name, in columns.
    pub fn widest_name(&self) -> usize {
        use unicode_width::UnicodeWidthStr;
        self.names.iter().map(|n| n.width()).max().unwrap_or(0)
    }

    /// Up to `limit` other documents `doc` shares passages with, in corpus
    /// order, and whether there are more. Costs `limit` steps per cluster of
    /// `doc`, whatever the size of the clusters: call it for rows on screen.
    pub fn shared_with(&self, a: &Analysis, doc: usize, limit: usize) -> (Vec<usize>, bool) {
        let mut out: Vec<usize> = Vec::new();
        for &c in self.clusters_of(doc) {
            let mut taken = 0;
            let mut last = usize::MAX;
            for p in &a.clusters[c as usize].occurrences {
                if p.document == doc || p.document == last {
                    continue;
                }
                last = p.document;
                out.push(p.document);
                taken += 1;
                if taken > limit {
                    break;
                }
            }
            out.sort_unstable();
            out.dedup();
            out.truncate(limit + 1);
        }
        let more = out.len() > limit;
        out.truncate(limit);
        (out, more)
    }

    /// Documents in `sort` order.
    fn order(&self, sort: LibrarySort) -> Order<'_> {
        match sort {
            LibrarySort::Path => Order::Identity(self.len()),
            LibrarySort::Size => Order::Listed(&self.by_size),
            LibrarySort::Shared => Order::Listed(&self.by_shared),
        }
    }

    /// Whether document `doc`'s name or title contains `needle` (lower case).
    fn matches(&self, doc: usize, needle: &str) -> bool {
        let hay = self.haystacks.get_or_init(|| {
            (0..self.len())
                .map(|d| {
                    let title: String = self.title(d).chars().take(MAX_TITLE_CHARS).collect();
                    format!("{}\n{title}", self.names[d]).to_lowercase().into()
                })
                .collect()
        });
        hay[doc].contains(needle)
    }
}

/// Characters of a title the filter looks at.
const MAX_TITLE_CHARS: usize = 200;

/// A sort order without materialising the identity.
enum Order<'a> {
    Identity(usize),
    Listed(&'a [u32]),
}

impl Order<'_> {
    fn len(&self) -> usize {
        match self {
            Order::Identity(n) => *n,
            Order::Listed(v) => v.len(),
        }
    }

    fn get(&self, row: usize) -> Option<usize> {
        match self {
            Order::Identity(n) => (row < *n).then_some(row),
            Order::Listed(v) => v.get(row).map(|&d| d as usize),
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter_map(|r| self.get(r))
    }
}

/// For each path, the shortest ending that no other path shares: the file's
/// short name (`003` for `seeds/003_4a37….txt`, `notes` for `notes.txt`),
/// else its whole file name (`LGPL-2.1` next to `LGPL-2`; a dotted suffix with
/// no letter is never taken for an extension), else as many parent folders as
/// it takes, before the short name (`ec2/list-findings` next to
/// `iam/list-findings`) or, when that is not enough, the whole file name
/// (`foo/notes.md` next to `foo/notes.txt`, `bar/notes.md` and
/// `bar/notes.txt`).
pub fn distinct_names(paths: &[&str]) -> Vec<String> {
    let parts: Vec<Vec<&str>> = paths
        .iter()
        .map(|p| p.split(['/', '\\']).filter(|s| !s.is_empty()).collect())
        .collect();
    // Level 2f: f parent folders and the short name; level 2f + 1: f
    // parent folders and the whole file name.
    let name_at = |i: usize, level: usize| -> String {
        let c = &parts[i];
        if c.is_empty() {
            return paths[i].to_string();
        }
        let (folders, whole) = (level / 2, level % 2 == 1);
        let file = c[c.len() - 1];
        let file = if whole { file } else { short_name(file) };
        let from = c.len() - 1 - folders.min(c.len() - 1);
        c[from..c.len() - 1]
            .iter()
            .copied()
            .chain(std::iter::once(file))
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut level = vec![0usize; paths.len()];
    let mut names: Vec<String> = (0..paths.len()).map(|i| name_at(i, 0)).collect();
    let mut order: Vec<usize> = (0..paths.len()).collect();
    loop {
        order.sort_unstable_by(|&x, &y| names[x].cmp(&names[y]));
        let mut clashing = Vec::new();
        for run in order.chunk_by(|&x, &y| names[x] == names[y]) {
            if run.len() > 1 {
                clashing.extend(
                    run.iter()
                        .copied()
                        .filter(|&i| level[i] + 1 < 2 * parts[i].len()),
                );
            }
        }
        if clashing.is_empty() {
            return names;
        }
        for i in clashing {
            level[i] += 1;
            names[i] = name_at(i, level[i]);
        }
    }
}

/// The library screen's state (per app): the shared index, the order, the
/// filter and the selection. Its own size is at most one `u32` per document
/// (the filtered rows), none without a filter.
#[derive(Debug, Clone)]
pub struct LibraryState {
    /// What is known about every document (shared between apps).
    pub index: Arc<LibraryIndex>,
    /// The order of the rows.
    pub sort: LibrarySort,
    /// The filter text (`/`): rows whose name or title contain it, ignoring case.
    pub filter: String,
    filtered: Option<Vec<u32>>,
    /// Row of the selected document.
    pub selected: usize,
    /// First row shown (kept by the last draw so the selection is visible).
    pub offset: usize,
    /// The list of skipped files (`!`), when shown: its scroll offset.
    pub skipped_list: Option<usize>,
}

impl LibraryState {
    /// The library of `a`, sorted by path, unfiltered.
    pub fn new(a: &Arc<Analysis>) -> Self {
        LibraryState {
            index: LibraryIndex::shared(a),
            sort: LibrarySort::Path,
            filter: String::new(),
            filtered: None,
            selected: 0,
            offset: 0,
            skipped_list: None,
        }
    }

    /// Number of rows shown.
    pub fn len(&self) -> usize {
        match &self.filtered {
            Some(v) => v.len(),
            None => self.index.len(),
        }
    }

    /// True when no row is shown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The document on row `row`.
    pub fn doc_at(&self, row: usize) -> Option<usize> {
        match &self.filtered {
            Some(v) => v.get(row).map(|&d| d as usize),
            None => self.index.order(self.sort).get(row),
        }
    }

    /// The selected document, if any row is shown.
    pub fn selected_doc(&self) -> Option<usize> {
        self.doc_at(self.selected)
    }

    /// The row showing document `doc`, if it is shown.
    pub fn row_of(&self, doc: usize) -> Option<usize> {
        match &self.filtered {
            Some(v) => v.iter().position(|&d| d as usize == doc),
            None => self.index.order(self.sort).iter().position(|d| d == doc),
        }
    }

    /// Selects the row of `doc` when it is shown.
    pub fn select_doc(&mut self, doc: usize) {
        if let Some(r) = self.row_of(doc) {
            self.selected = r;
        }
    }

    /// Shows only the documents whose name or title contains `filter`
    /// (ignoring case); the selection stays on its document when still shown,
    /// else goes to the first row.
    pub fn set_filter(&mut self, filter: &str) {
        let keep = self.selected_doc();
        self.filter = filter.to_string();
        self.refilter();
        self.selected = keep.and_then(|d| self.row_of(d)).unwrap_or(0);
        self.offset = 0;
    }

    /// Moves to the next sort order, keeping the selected document selected.
    pub fn cycle_sort(&mut self) {
        let keep = self.selected_doc();
        self.sort = self.sort.next();
        self.refilter();
        self.selected = keep.and_then(|d| self.row_of(d)).unwrap_or(0);
    }

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.filtered = (!needle.is_empty()).then(|| {
            self.index
                .order(self.sort)
                .iter()
                .filter(|&d| self.index.matches(d, &needle))
                .map(|d| d as u32)
                .collect()
        });
    }
}

/// "1,750": `n` with thousands separators.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "1 document", "1,750 documents": `n` with thousands separators and
/// `what`, plural unless `n` is 1.
pub fn counted(n: usize, what: &str) -> String {
    format!("{} {what}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// "1,750 files skipped: 1,744 compressed, 6 binary" (None when nothing was
/// skipped): counts by [`SkipKind`], largest first.
pub fn skipped_summary(warnings: &[Warning]) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let mut counts: Vec<(SkipKind, usize)> = Vec::new();
    for w in warnings {
        match counts.iter_mut().find(|(k, _)| *k == w.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((w.kind, 1)),
        }
    }
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{} {}", thousands(*n), k.name()))
        .collect();
    Some(format!(
        "{} file{} skipped: {}",
        thousands(warnings.len()),
        if warnings.len() == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

impl App {
    /// Rows under the library's table: the selected document's path, and the
    /// skipped-files summary when files were skipped.
    pub fn library_footer_rows(&self) -> u16 {
        1 + u16::from(!self.skipped.is_empty())
    }

    pub(super) fn update_library(&mut self, action: Action) {
        if let Some(offset) = self.library.skipped_list {
            let last = self.skipped.len().saturating_sub(1);
            let page = self.list_page();
            self.library.skipped_list = match action {
                Action::Back | Action::SkippedFiles | Action::Select => None,
                a => Some(list_move(a, offset, last + 1, page).unwrap_or(offset)),
            };
            return;
        }
        let n = self.library.len();
        if let Some(s) = list_move(action, self.library.selected, n, self.list_page()) {
            self.library.selected = s;
            return;
        }
        match action {
            Action::Select => {
                let Some(doc) = self.library.selected_doc() else {
                    return;
                };
                if self.reader.as_ref().map(|r| r.doc) == Some(doc) {
                    self.screen = Screen::Reader;
                } else {
                    self.jumps.clear();
                    self.open_document(doc);
                }
            }
            Action::Passages => self.show_passages(),
            Action::Search => self.open_prompt(PromptKind::LibraryFilter),
            Action::Sort => self.library.cycle_sort(),
            Action::SkippedFiles if !self.skipped.is_empty() => {
                self.library.skipped_list = Some(0);
            }
            Action::SkippedFiles => self.set_message("no file was skipped"),
            Action::Back if !self.library.filter.is_empty() => self.library.set_filter(""),
            Action::Back if self.reader.is_some() => self.screen = Screen::Reader,
            Action::OpenEditor if n > 0 => self.request_editor(self.library.selected, 1),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_plural_unless_one() {
        assert_eq!(counted(1, "document"), "1 document");
        assert_eq!(counted(0, "cluster"), "0 clusters");
        assert_eq!(counted(1750, "shared passage"), "1,750 shared passages");
    }
}
