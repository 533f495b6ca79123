//! The one error type of keymap loading: a file, a line and a problem, printed
//! on one line (`keymap.toml:12: unknown action "scroll_dwn" in [reader]`).

use std::fmt;
use std::sync::Arc;

/// Where a binding was written: a file (path or preset name) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user knows it (a path, or `keymaps/vim.toml` for a preset).
    pub file: Arc<str>,
    /// The 1-based line.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Why a keymap could not be loaded. Its Display is one line naming the file,
/// the line when there is one, and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    file: String,
    line: Option<usize>,
    message: String,
}

impl KeymapError {
    /// An error about `file` as a whole (it cannot be read, there is no such preset).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> KeymapError {
        KeymapError {
            file: file.into(),
            line: None,
            message: one_line(message.into()),
        }
    }

    /// An error at a place in a file.
    pub fn at(origin: &Origin, message: impl Into<String>) -> KeymapError {
        KeymapError {
            file: origin.file.to_string(),
            line: Some(origin.line),
            message: one_line(message.into()),
        }
    }

    /// The file named by the error.
    pub fn path(&self) -> &str {
        &self.file
    }

    /// The 1-based line, when the problem is at one place.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The problem, without the file and line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Joins the lines of a message so the error stays on one line.
fn one_line(message: String) -> String {
    if message.contains('\n') {
        message.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        message
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for KeymapError {}

/// The 1-based line of byte `offset` in `src`.
pub fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
