//! The one-line prompts at the bottom of the screen (search, filters, go to
//! line, thresholds): the only place where keys are read as text, with
//! `ctrl-w` / `ctrl-u` editing and the search history on up / down.

use super::App;
use super::input::is_ctrl_c;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a prompt at the bottom of the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/` search in the open document (or every document, widened with tab).
    Search,
    /// The filter of the passages list (applied as you type).
    Filter,
    /// The filter of the library by name and title (applied as you type).
    LibraryFilter,
    /// `:` go to a line of the open document.
    GoToLine,
    /// `t`: new thresholds, "WORDS \[SIMILARITY\]".
    Thresholds,
}

/// A one-line text prompt (the only place where keys are read as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What the text is for.
    pub kind: PromptKind,
    /// The text typed so far.
    pub text: String,
}

impl App {
    /// Opens the search prompt (reader), the filter prompt (passages) or
    /// the thresholds prompt.
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
        let text = match kind {
            PromptKind::Filter => self.passages.filter.clone(),
            PromptKind::LibraryFilter => self.library.filter.clone(),
            PromptKind::Search | PromptKind::GoToLine => String::new(),
            PromptKind::Thresholds => self.thresholds_text(),
        };
        if kind == PromptKind::Search {
            self.prompt_origin = self.reader.clone();
            self.history_pos = None;
        }
        self.prompt = Some(Prompt { kind, text });
    }

    pub(super) fn prompt_key(&mut self, key: KeyEvent) {
        if is_ctrl_c(&key) {
            self.quit = true;
            return;
        }
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let kind = prompt.kind;
        match key.code {
            KeyCode::Esc => {
                self.prompt = None;
                match kind {
                    PromptKind::Filter => self.set_passages_filter(""),
                    PromptKind::LibraryFilter => self.library.set_filter(""),
                    PromptKind::Search => {
                        if let Some(origin) = self.prompt_origin.take() {
                            self.reader = Some(origin);
                        }
                        self.message = None;
                    }
                    PromptKind::GoToLine | PromptKind::Thresholds => {}
                }
                return;
            }
            KeyCode::Enter => {
                let text = std::mem::take(&mut prompt.text);
                self.prompt = None;
                self.history_pos = None;
                match kind {
                    PromptKind::Search => self.commit_search(&text),
                    PromptKind::Thresholds => self.set_thresholds_text(&text),
                    PromptKind::GoToLine => match text.trim().parse::<usize>() {
                        Ok(n) => self.go_to_line(n),
                        Err(_) if text.trim().is_empty() => {}
                        Err(_) => self.message = Some(format!("not a line number: {text}")),
                    },
                    PromptKind::Filter | PromptKind::LibraryFilter => {}
                }
                self.prompt_origin = None;
                return;
            }
            KeyCode::Backspace => {
                prompt.text.pop();
            }
            KeyCode::Char('u') if ctrl => prompt.text.clear(),
            KeyCode::Char('w') if ctrl => {
                let t = prompt.text.trim_end();
                let cut = t.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                prompt.text.truncate(cut);
            }
            KeyCode::Tab if kind == PromptKind::Search => self.search_all = !self.search_all,
            KeyCode::Up | KeyCode::Down if kind == PromptKind::Search => {
                let n = self.search_history.len();
                if n == 0 {
                    return;
                }
                let pos = match (self.history_pos, key.code) {
                    (None, KeyCode::Up) => Some(n - 1),
                    (None, _) => return,
                    (Some(0), KeyCode::Up) => Some(0),
                    (Some(p), KeyCode::Up) => Some(p - 1),
                    (Some(p), _) if p + 1 < n => Some(p + 1),
                    (Some(_), _) => None,
                };
                self.history_pos = pos;
                prompt.text = pos
                    .map(|p| self.search_history[p].clone())
                    .unwrap_or_default();
            }
            KeyCode::Char(c) if !ctrl => {
                if kind == PromptKind::GoToLine && !c.is_ascii_digit() {
                    self.message = Some("a line number: digits only".into());
                    return;
                }
                prompt.text.push(c);
            }
            _ => return,
        }
        let text = prompt.text.clone();
        match kind {
            PromptKind::Filter => self.set_passages_filter(&text),
            PromptKind::LibraryFilter => self.library.set_filter(&text),
            PromptKind::Search => {
                self.preview_search(&text);
            }
            PromptKind::GoToLine | PromptKind::Thresholds => self.message = None,
        }
    }
}
