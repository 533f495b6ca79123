//! Reader state and `update(Action)`. Pure state: no terminal I/O and no
//! environment here, so every screen can be driven by a sequence of actions and
//! drawn into a TestBackend, locally or over SSH.
//!
//! Input arrives as terminal events ([`App::handle_event`], in `input`); keys
//! go through the keymap (per [`Context`]) and become [`Action`]s applied by
//! [`App::update`], which hands each to the module of the screen in front
//! (`library`, `reading`, `compare`, `passages`, `nway`, `where_else`). Only
//! the text typed into a prompt (`prompt`) is read directly. Every public
//! change ends with [`App::relayout`] (`layout`), so the [`Layout`] that
//! drawing reads and mouse events are resolved against always matches the state.
//! This file holds the [`App`] itself, the dispatch and the help overlay.

mod available;
mod collate;
mod compare;
mod compare_rows;
mod input;
mod layout;
mod library;
mod lists;
mod nway;
mod passages;
mod prompt;
mod reader;
mod reading;
mod reload;
mod search;
mod thresholds;
mod triage;
mod where_else;

pub use available::{applies, screen_name};
pub use collate::{Collation, collate};
pub use compare::CompareState;
pub use compare_rows::{AlignedRow, RowKind, SideRow, passage_rows};
pub use layout::{Layout, Pane, keep_visible};
pub use library::{
    LibraryIndex, LibrarySort, LibraryState, counted, distinct_names, skipped_summary, thousands,
};
pub use nway::{Mark, NWAY_LIST_ROWS, NwayState, pane_layout};
pub use passages::PassagesState;
pub use prompt::{Prompt, PromptKind};
pub use reader::{GUTTER as READER_GUTTER, ReaderState, VisibleRow, WrapCache, row_in_line};
pub use reload::{RELOAD_INLINE_BYTES, Reanalysis, carry_offset};
pub use search::{LastSearch, SearchState};
pub use thresholds::ThresholdJob;
pub use triage::{COMMON_STEPS, TriageState};
pub use where_else::{WhereElseState, where_else_list_rows};

use crate::action::Action;
use crate::corpus::Warning;
use crate::keymap::{Context, KeyMatcher, Keymap};
use crate::reuse::Analysis;
use crate::style::ColorMode;
use std::sync::Arc;

/// Options fixed for the life of one app (one local run or one SSH session).
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// How many colours the terminal shows.
    pub color: ColorMode,
    /// Whether `open_editor` may run `$EDITOR` (false over SSH).
    pub allow_editor: bool,
    /// Where triage marks are read from and saved to (`None`: marks last as
    /// long as the app).
    pub marks: Option<crate::marks::MarksLocation>,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            color: ColorMode::TrueColor,
            allow_editor: true,
            marks: None,
        }
    }
}

/// A request for the event loop to open a file in `$EDITOR` at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
    /// Index of the document in the corpus (to reload it afterwards).
    pub doc: usize,
    /// Path of the document on disk.
    pub path: String,
    /// 1-based line.
    pub line: usize,
}

/// The screen in front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The list of documents.
    Library,
    /// One document, with its shared passages highlighted.
    Reader,
    /// Two occurrences side by side.
    Compare,
    /// The list of clusters.
    Passages,
    /// Every occurrence of one cluster, listed and stacked.
    Nway,
    /// The hits of "where else does this appear?".
    WhereElse,
}

/// The whole state of one reader.
pub struct App {
    /// The shared, read-only analysis.
    pub analysis: Arc<Analysis>,
    /// The active keymap.
    pub keymap: Arc<Keymap>,
    /// Options for this app.
    pub options: AppOptions,
    /// The screen in front.
    pub screen: Screen,
    /// The help overlay, when shown: its scroll offset.
    pub help: Option<usize>,
    /// The library screen.
    pub library: LibraryState,
    /// Files skipped while loading (listed from the library with `!`).
    pub skipped: Arc<[Warning]>,
    /// The reader (the document being read), once one was opened.
    pub reader: Option<ReaderState>,
    /// The comparison, while one is open.
    pub compare: Option<CompareState>,
    /// The passages list.
    pub passages: PassagesState,
    /// The all-occurrences view, once opened.
    pub nway: Option<NwayState>,
    /// The where-else view, once a search ran.
    pub where_else: Option<WhereElseState>,
    /// The query index behind where-else, built on first use and shared by
    /// every app over the same text (see [`App::share_query_index`]).
    pub query: crate::reuse::query::SharedQueryIndex,
    /// True while a where-else search waits for the index to be built.
    query_waiting: bool,
    /// Corpora larger than this build the where-else index in the background.
    pub query_inline_bytes: usize,
    /// A selection of lines in the reader: (document, anchor line, 0-based).
    pub visual: Option<(usize, usize)>,
    /// The open prompt, if any.
    pub prompt: Option<Prompt>,
    /// A one-off message for the status bar (cleared by the next key or click).
    pub message: Option<String>,
    /// Reader positions to come back to after jumping to another occurrence.
    pub jumps: Vec<ReaderState>,
    /// Wrapped lines, cached per width.
    pub wrap: WrapCache,
    /// Terminal size as last seen (columns, rows).
    pub size: (u16, u16),
    /// Where things go on screen for the current state (see [`App::relayout`]).
    pub layout: Layout,
    /// A count typed before a key (`50G`), while one is being typed.
    pub count: Option<usize>,
    /// Searches entered, oldest first (up / down in the prompt).
    pub search_history: Vec<String>,
    /// The last search entered (`n`, `N` and an empty Enter repeat it).
    pub last_search: Option<LastSearch>,
    /// True when the search prompt looks in every document (tab toggles it).
    pub search_all: bool,
    /// The reader as it was when the search prompt opened (Esc returns there).
    prompt_origin: Option<ReaderState>,
    /// Position in `search_history` while browsing it with up / down.
    history_pos: Option<usize>,
    /// A re-analysis running in the background (after a reload).
    reanalysis: Option<Reanalysis>,
    /// Corpora up to this many bytes are re-analysed at once on reload.
    pub reload_inline_bytes: usize,
    /// Triage marks and filters (boilerplate, interesting, too common).
    pub triage: TriageState,
    /// A re-analysis with new thresholds running in the background.
    pub thresholds_job: Option<ThresholdJob>,
    /// The screen `Back` returns to from the passages list.
    passages_return: Screen,
    /// Where and when the last click opened another screen (the second click
    /// of a double-click there is swallowed).
    opened_by_click: Option<((u16, u16), std::time::Instant)>,
    matcher: KeyMatcher,
    quit: bool,
    editor_request: Option<EditorRequest>,
}

/// Smallest terminal the layout works in.
pub const MIN_SIZE: (u16, u16) = (40, 8);

impl App {
    /// A new reader on `analysis`, opening on the library.
    pub fn new(analysis: Arc<Analysis>, keymap: Arc<Keymap>, options: AppOptions) -> Self {
        let library = LibraryState::new(&analysis);
        let passages = PassagesState::new(&analysis);
        let marks = options.marks.clone();
        let triage = TriageState::new(&analysis, Default::default(), None);
        let mut app = App {
            analysis,
            keymap,
            options,
            screen: Screen::Library,
            help: None,
            library,
            skipped: Arc::from(Vec::new()),
            reader: None,
            compare: None,
            passages,
            nway: None,
            where_else: None,
            query: Default::default(),
            query_waiting: false,
            query_inline_bytes: where_else::QUERY_INLINE_BYTES,
            visual: None,
            prompt: None,
            message: None,
            jumps: Vec::new(),
            wrap: WrapCache::default(),
            size: (80, 24),
            layout: Layout::default(),
            count: None,
            search_history: Vec::new(),
            last_search: None,
            search_all: false,
            prompt_origin: None,
            history_pos: None,
            reanalysis: None,
            reload_inline_bytes: RELOAD_INLINE_BYTES,
            triage,
            thresholds_job: None,
            passages_return: Screen::Library,
            opened_by_click: None,
            matcher: KeyMatcher::default(),
            quit: false,
            editor_request: None,
        };
        if let Some(location) = marks {
            app.set_marks_location(location);
        }
        app.relayout();
        app
    }

    /// The keymap context of what is in front.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        match self.screen {
            Screen::Library => Context::Library,
            Screen::Reader => Context::Reader,
            Screen::Compare => Context::Compare,
            Screen::Passages => Context::Passages,
            Screen::Nway => Context::AllOccurrences,
            Screen::WhereElse => Context::WhereElse,
        }
    }

    /// The keys of a pending multi-key binding, for the status bar.
    pub fn pending_keys(&self) -> Option<String> {
        self.matcher.pending()
    }

    /// Records a new terminal size and keeps every view inside its bounds.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.clamp_views();
        self.relayout();
    }

    /// Applies one action to the state.
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        self.relayout();
    }

    fn apply(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if self.help.is_some() {
            self.update_help(action);
            return;
        }
        if action == Action::Help {
            self.help = Some(0);
            return;
        }
        if !applies(self.screen, action) {
            self.message = Some(format!(
                "{}: not available in {}",
                action.name().replace('_', " "),
                screen_name(self.screen)
            ));
            return;
        }
        if self.update_triage(action) {
            return;
        }
        match (self.screen, action) {
            (Screen::Reader, Action::AllOccurrences) => return self.open_nway_from_reader(),
            (Screen::Reader, Action::WhereElse) => return self.open_where_else(),
            (Screen::Reader, Action::SelectLines) => return self.toggle_visual(),
            (Screen::Passages, Action::AllOccurrences) => {
                if let Some(&c) = self.passages.shown.get(self.passages.selected) {
                    self.open_nway(c, Screen::Passages);
                }
                return;
            }
            (Screen::Passages, Action::Compare) => {
                if let Some(&c) = self.passages.shown.get(self.passages.selected) {
                    self.open_compare_of_cluster(c, Screen::Passages);
                }
                return;
            }
            _ => {}
        }
        match self.screen {
            Screen::Library => self.update_library(action),
            Screen::Reader => self.update_reader(action),
            Screen::Compare => self.update_compare(action),
            Screen::Passages => self.update_passages(action),
            Screen::Nway => self.update_nway(action),
            Screen::WhereElse => self.update_where_else(action),
        }
    }

    fn update_help(&mut self, action: Action) {
        let page = self.size.1.saturating_sub(6).max(1) as isize;
        match action {
            Action::Help | Action::Back => self.help = None,
            Action::ScrollDown => self.scroll_help(1),
            Action::ScrollUp => self.scroll_help(-1),
            Action::PageDown | Action::HalfPageDown => self.scroll_help(page),
            Action::PageUp | Action::HalfPageUp => self.scroll_help(-page),
            Action::Top => self.help = Some(0),
            Action::Bottom => self.scroll_help(isize::MAX / 2),
            _ => {}
        }
    }

    /// Scrolls the help by `by` entries, at most until its last entry's last
    /// row is on the box's last row (as `less` stops at the last page):
    /// scrolling on showed the last entry alone above empty rows.
    fn scroll_help(&mut self, by: isize) {
        let screen = self.screen;
        let area = self.layout.area(|p| p == Pane::Help);
        let shown = area.map_or(1, |r| r.height.saturating_sub(2).max(1) as usize);
        let (_, desc_w) = help_columns(area.map_or(0, |r| r.width));
        let heights: Vec<usize> = Action::ALL
            .iter()
            .filter(|&&a| applies(screen, a))
            .map(|a| help_rows(a.description(), desc_w).len())
            .collect();
        // The first entry from which every entry after it fits.
        let mut max = heights.len();
        let mut rows = 0;
        while max > 0 && rows + heights[max - 1] <= shown {
            max -= 1;
            rows += heights[max];
        }
        let cur = self.help.unwrap_or(0) as isize;
        self.help = Some((cur + by).clamp(0, max as isize) as usize);
    }

    /// Shows the passages list, remembering where `Back` returns.
    fn show_passages(&mut self) {
        if self.screen != Screen::Passages {
            self.passages_return = self.screen;
        }
        self.screen = Screen::Passages;
    }

    fn show_library(&mut self) {
        if let Some(r) = &self.reader {
            self.library.select_doc(r.doc);
        }
        self.screen = Screen::Library;
    }

    /// Asks the event loop to open `$EDITOR` on document `doc` at 1-based `line`.
    fn request_editor(&mut self, doc: usize, line: usize) {
        if !self.options.allow_editor {
            self.message = Some("the editor is not available here".into());
            return;
        }
        self.editor_request = Some(EditorRequest {
            doc,
            path: self.analysis.corpus.documents[doc].path.clone(),
            line,
        });
    }

    /// The name that tells document `doc` apart from the others
    /// (`LGPL-2.1`, `foo/copyright`); the same everywhere in the UI.
    pub fn doc_name(&self, doc: usize) -> &str {
        self.library.index.name(doc)
    }

    /// Records the files skipped while loading (summarised in the library,
    /// listed with `!`).
    pub fn set_skipped(&mut self, warnings: Vec<Warning>) {
        self.skipped = Arc::from(warnings);
        self.relayout();
    }

    /// Shows `message` in the status bar until the next key.
    pub fn set_message(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Takes a pending request to open `$EDITOR`, if any.
    pub fn take_editor_request(&mut self) -> Option<EditorRequest> {
        self.editor_request.take()
    }

    /// The size of the text area of the reader: (columns for text, rows),
    /// below its header row and above the status bar.
    pub fn reader_text_size(&self) -> (usize, usize) {
        let (w, h) = self.size;
        (
            (w as usize).saturating_sub(reader::GUTTER + 1).max(1),
            (h as usize).saturating_sub(2).max(1),
        )
    }

    /// The size of each compare pane's text: (columns, rows).
    pub fn compare_text_size(&self) -> (usize, usize) {
        let (w, h) = self.size;
        (
            ((w as usize).saturating_sub(1) / 2)
                .saturating_sub(compare::PANE_GUTTER)
                .max(1),
            (h as usize).saturating_sub(2).max(1),
        )
    }

    fn clamp_views(&mut self) {
        let (tw, th) = self.reader_text_size();
        if let Some(r) = self.reader.as_mut() {
            r.clamp(&self.analysis, &mut self.wrap, tw, th);
        }
        let (cw, ch) = self.compare_text_size();
        if let Some(c) = self.compare.as_mut() {
            c.clamp(&self.analysis, cw, ch);
        }
        self.clamp_nway();
    }
}

/// A short name for a document: "003" for `seeds/003_4a37….txt`, else the
/// file stem (an ending without a letter, as in `LGPL-2.1`, is not an extension).
pub fn short_name(path: &str) -> &str {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match file.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && ext.chars().any(char::is_alphabetic) => s,
        _ => file,
    };
    match stem.split_once('_') {
        Some((num, _)) if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num,
        _ => stem,
    }
}

/// The help box's columns for a box `width` wide (borders included): the
/// keys' width and the descriptions' (a space between them and one of
/// padding at the left).
pub fn help_columns(width: u16) -> (usize, usize) {
    let inner = width.saturating_sub(2) as usize;
    let keys = 18.min(inner / 3);
    (keys, inner.saturating_sub(keys + 2).max(1))
}

/// An action's description in the help, word-wrapped into rows of at most
/// `width` columns (a narrow terminal showed most descriptions cut).
pub fn help_rows(description: &str, width: usize) -> Vec<String> {
    crate::text::wrap::wrap_line(description, width)
        .into_iter()
        .map(|r| description[r].trim_end().to_string())
        .collect()
}
