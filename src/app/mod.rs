//! Reader state and `update(Action)`. Pure state: no terminal I/O here, so every
//! screen can be driven by a sequence of actions and drawn into a TestBackend.
//!
//! PLACEHOLDER until the reader issue lands; the public API (`App::new`,
//! `handle_event`, `update`, `should_quit`, `take_editor_request`) is what the
//! local event loop (`tui`) and the SSH server (`ssh`) use.

use crate::action::Action;
use crate::keymap::{Context, KeyMatcher, Keymap, Match};
use crate::reuse::Analysis;
use crate::ui::ColorMode;
use ratatui::crossterm::event::{Event, KeyEventKind};
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

/// The whole state of one reader.
pub struct App {
    /// The shared, read-only analysis.
    pub analysis: Arc<Analysis>,
    /// The active keymap.
    pub keymap: Arc<Keymap>,
    /// Options for this app.
    pub options: AppOptions,
    /// Selected document in the library.
    pub selected: usize,
    matcher: KeyMatcher,
    quit: bool,
    editor_request: Option<EditorRequest>,
}

impl App {
    /// A new reader on `analysis`, opening on the library.
    pub fn new(analysis: Arc<Analysis>, keymap: Arc<Keymap>, options: AppOptions) -> Self {
        App {
            analysis,
            keymap,
            options,
            selected: 0,
            matcher: KeyMatcher::default(),
            quit: false,
            editor_request: None,
        }
    }

    /// Handles one terminal event (key, mouse, resize) by turning it into actions.
    pub fn handle_event(&mut self, event: &Event) {
        if let Event::Key(key) = event {
            if key.kind == KeyEventKind::Release {
                return;
            }
            if let Match::Action(a) = self.matcher.feed(&self.keymap, Context::Library, *key) {
                self.update(a);
            }
        }
    }

    /// Applies one action to the state.
    pub fn update(&mut self, action: Action) {
        let n = self.analysis.corpus.documents.len();
        match action {
            Action::Quit => self.quit = true,
            Action::ScrollDown => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::ScrollUp => self.selected = self.selected.saturating_sub(1),
            _ => {}
        }
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Takes a pending request to open `$EDITOR`, if any.
    pub fn take_editor_request(&mut self) -> Option<EditorRequest> {
        self.editor_request.take()
    }
}
