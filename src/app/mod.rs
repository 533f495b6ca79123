//! Reader state and `update(Action)`. Pure state: no terminal I/O and no
//! environment here, so every screen can be driven by a sequence of actions and
//! drawn into a TestBackend, locally or over SSH.
//!
//! Input arrives as terminal events ([`App::handle_event`]); keys go through the
//! keymap (per [`Context`]) and become [`Action`]s applied by [`App::update`].
//! Only the text typed into a prompt (search, passages filter) is read directly.
//! Every public change ends with [`App::relayout`], so the [`Layout`] that
//! drawing reads and mouse events are resolved against always matches the state.

mod collate;
mod compare;
mod layout;
mod lists;
mod nway;
mod reader;
mod search;
mod where_else;

pub use collate::{Collation, collate};
pub use compare::{AlignedRow, CompareState, RowKind, SideRow, passage_rows};
pub use layout::{Layout, Pane, keep_visible};
pub use lists::{DocSummary, LibraryState, PassagesState};
pub use nway::{Mark, NWAY_LIST_ROWS, NwayState, pane_layout};
pub use reader::{GUTTER as READER_GUTTER, ReaderState, VisibleRow, WrapCache, row_in_line};
pub use search::SearchState;
pub use where_else::{WhereElseState, where_else_list_rows};

use crate::action::Action;
use crate::keymap::{Context, KeyMatcher, Keymap, Match};
use crate::reuse::Analysis;
use crate::style::ColorMode;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::sync::Arc;

/// Options fixed for the life of one app (one local run or one SSH session).
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// How many colours the terminal shows.
    pub color: ColorMode,
    /// Whether `open_editor` may run `$EDITOR` (false over SSH).
    pub allow_editor: bool,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            color: ColorMode::TrueColor,
            allow_editor: true,
        }
    }
}

/// A request for the event loop to open a file in `$EDITOR` at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
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

/// What a prompt at the bottom of the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/` search in the current document.
    Search,
    /// The filter of the passages list (applied as you type).
    Filter,
}

/// A one-line text prompt (the only place where keys are read as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What the text is for.
    pub kind: PromptKind,
    /// The text typed so far.
    pub text: String,
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
    /// The query index behind where-else, built on first use.
    pub query_index: Option<Arc<crate::reuse::query::QueryIndex>>,
    /// A selection of lines in the reader: (document, anchor line, 0-based).
    pub visual: Option<(usize, usize)>,
    /// The open prompt, if any.
    pub prompt: Option<Prompt>,
    /// A one-off message for the status bar (cleared by the next key).
    pub message: Option<String>,
    /// Reader positions to come back to after jumping to another occurrence.
    pub jumps: Vec<ReaderState>,
    /// Wrapped lines, cached per width.
    pub wrap: WrapCache,
    /// Terminal size as last seen (columns, rows).
    pub size: (u16, u16),
    /// Where things go on screen for the current state (see [`App::relayout`]).
    pub layout: Layout,
    /// The screen `Back` returns to from the passages list.
    passages_return: Screen,
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
        let mut app = App {
            analysis,
            keymap,
            options,
            screen: Screen::Library,
            help: None,
            library,
            reader: None,
            compare: None,
            passages,
            nway: None,
            where_else: None,
            query_index: None,
            visual: None,
            prompt: None,
            message: None,
            jumps: Vec::new(),
            wrap: WrapCache::default(),
            size: (80, 24),
            layout: Layout::default(),
            passages_return: Screen::Library,
            matcher: KeyMatcher::default(),
            quit: false,
            editor_request: None,
        };
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

    /// Handles one terminal event (key, mouse, resize) by turning it into actions.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Mouse(m) => self.handle_mouse(*m),
            Event::Resize(w, h) => self.resize(*w, *h),
            _ => {}
        }
        self.relayout();
    }

    /// Records a new terminal size and keeps every view inside its bounds.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.clamp_views();
        self.relayout();
    }

    fn handle_key(&mut self, key: KeyEvent) {
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        self.message = None;
        match self.matcher.feed(&self.keymap, self.context(), key) {
            Match::Action(a) => self.update(a),
            Match::Pending | Match::Cancelled => {}
            Match::Unbound => {}
        }
    }

    fn prompt_key(&mut self, key: KeyEvent) {
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                let kind = prompt.kind;
                self.prompt = None;
                if kind == PromptKind::Filter {
                    self.passages.set_filter(&self.analysis, "");
                }
                return;
            }
            KeyCode::Enter => {
                let p = self.prompt.take().unwrap_or(Prompt {
                    kind: PromptKind::Search,
                    text: String::new(),
                });
                if p.kind == PromptKind::Search {
                    self.run_search(&p.text);
                }
                return;
            }
            KeyCode::Backspace => {
                prompt.text.pop();
            }
            KeyCode::Char('u') if ctrl => prompt.text.clear(),
            KeyCode::Char(c) if !ctrl => prompt.text.push(c),
            _ => return,
        }
        if prompt.kind == PromptKind::Filter {
            let text = prompt.text.clone();
            self.passages.set_filter(&self.analysis, &text);
        }
    }

    fn pane_at(&self, x: u16, y: u16) -> Option<(Pane, Rect)> {
        self.layout
            .panes
            .iter()
            .rev()
            .find(|(_, r)| r.contains(Position::new(x, y)))
            .copied()
    }

    fn handle_mouse(&mut self, m: MouseEvent) {
        let Some((pane, rect)) = self.pane_at(m.column, m.row) else {
            return;
        };
        if matches!(m.kind, MouseEventKind::Down(_)) {
            // A click may change the screen: a half-typed key sequence is void.
            self.matcher.reset();
        }
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                match pane {
                    Pane::Help => self.scroll_help(if down { 3 } else { -3 }),
                    Pane::List(_) => self.update(if down {
                        Action::ScrollDown
                    } else {
                        Action::ScrollUp
                    }),
                    Pane::Reader | Pane::CompareLeft | Pane::CompareRight => {
                        for _ in 0..3 {
                            self.update(if down {
                                Action::ScrollDown
                            } else {
                                Action::ScrollUp
                            });
                        }
                    }
                }
            }
            MouseEventKind::Down(MouseButton::Left) => match pane {
                Pane::Reader => self.click_reader(m.column, m.row),
                Pane::List(first) => {
                    let index = first + (m.row - rect.y) as usize;
                    self.click_list(index);
                }
                Pane::CompareLeft => self.compare_focus(false),
                Pane::CompareRight => self.compare_focus(true),
                Pane::Help => {}
            },
            _ => {}
        }
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

    fn scroll_help(&mut self, by: isize) {
        let max = crate::action::Action::ALL.len().saturating_sub(1);
        let cur = self.help.unwrap_or(0) as isize;
        self.help = Some((cur + by).clamp(0, max as isize) as usize);
    }

    /// Opens the search prompt (reader) or the filter prompt (passages).
    fn open_prompt(&mut self, kind: PromptKind) {
        let text = match kind {
            PromptKind::Filter => self.passages.filter.clone(),
            PromptKind::Search => String::new(),
        };
        self.prompt = Some(Prompt { kind, text });
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
            self.library.selected = r.doc;
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
            path: self.analysis.corpus.documents[doc].path.clone(),
            line,
        });
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

    /// The size of the text area of the reader: (columns for text, rows).
    pub fn reader_text_size(&self) -> (usize, usize) {
        let (w, h) = self.size;
        (
            (w as usize).saturating_sub(reader::GUTTER + 1).max(1),
            (h as usize).saturating_sub(1).max(1),
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

/// A short name for a document: "003" for `seeds/003_4a37….txt`, else the file stem.
pub fn short_name(path: &str) -> &str {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    match stem.split_once('_') {
        Some((num, _)) if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num,
        _ => stem,
    }
}
