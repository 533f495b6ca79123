//! Keymaps: TOML files that bind key sequences to [`Action`]s, per context,
//! parsed, validated and matched with a prefix tree.
//!
//! The shipped presets (`keymaps/default.toml`, `vim.toml`, `emacs.toml`) are
//! embedded in the binary and read by the same code as a user's file. A keymap
//! is loaded once, before the terminal enters raw mode: the preset or file
//! named by `--keymap`, then the user's `refrain/keymap.toml` in the config
//! directory merged over it, action by action. Every problem is a
//! [`KeymapError`] naming the file and the line. [`KeyMatcher`] then turns key
//! presses into actions. This module knows nothing of the app or the screen.

mod error;
mod key;
mod matcher;
mod merge;
mod parse;
mod table;
mod trie;

pub use error::{KeymapError, Origin};
pub use key::{Key, KeySeq};
pub use matcher::{KeyMatcher, Match};
pub use table::{check_report, keys_table, run_keys};

use crate::action::Action;
use merge::ContextBindings;
use parse::KeymapFile;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the reader is; a keymap may bind a key differently per context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// The list of documents.
    Library,
    /// Reading one document.
    Reader,
    /// Two occurrences side by side.
    Compare,
    /// The list of clusters.
    Passages,
    /// The help overlay.
    Help,
    /// Every occurrence of a cluster at once.
    AllOccurrences,
    /// The hits of "where else does this appear?".
    WhereElse,
}

impl Context {
    /// Every context, in the order `refrain keys` lists them.
    pub const ALL: [Context; 7] = [
        Context::Library,
        Context::Reader,
        Context::Compare,
        Context::Passages,
        Context::Help,
        Context::AllOccurrences,
        Context::WhereElse,
    ];

    /// The name of the context's table in keymap files (`reader`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Library => "library",
            Context::Reader => "reader",
            Context::Compare => "compare",
            Context::Passages => "passages",
            Context::Help => "help",
            Context::AllOccurrences => "all_occurrences",
            Context::WhereElse => "where_else",
        }
    }

    /// The context whose table is called `name`, if any.
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// The shipped presets: (name, file name used in messages, TOML text).
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "default",
        "keymaps/default.toml",
        include_str!("../../keymaps/default.toml"),
    ),
    (
        "vim",
        "keymaps/vim.toml",
        include_str!("../../keymaps/vim.toml"),
    ),
    (
        "emacs",
        "keymaps/emacs.toml",
        include_str!("../../keymaps/emacs.toml"),
    ),
];

/// The path of the user's keymap file: `refrain/keymap.toml` under
/// `$XDG_CONFIG_HOME` when it is set to an absolute path, else under the
/// platform config directory (`~/.config` on Linux). It may not exist.
pub fn user_keymap_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::config_dir)?;
    Some(base.join("refrain").join("keymap.toml"))
}

/// A loaded, validated keymap: for each context, the keys of every action.
#[derive(Debug, Clone)]
pub struct Keymap {
    sources: Vec<String>,
    contexts: Vec<ContextBindings>,
}

impl Default for Keymap {
    /// The embedded `keymaps/default.toml`.
    fn default() -> Self {
        Keymap::preset("default").expect("the default preset exists")
    }
}

impl Keymap {
    /// The keymap refrain runs with: `name_or_path` (a preset name or a file;
    /// `None` is the default preset), with the user's keymap file merged over
    /// it when that file exists.
    pub fn load(name_or_path: Option<&str>) -> Result<Keymap, KeymapError> {
        let user = user_keymap_path().filter(|p| p.exists());
        Keymap::load_with(name_or_path, user.as_deref())
    }

    /// Like [`Keymap::load`], with the user's file given explicitly (`None`: no user file).
    pub fn load_with(
        name_or_path: Option<&str>,
        user_file: Option<&Path>,
    ) -> Result<Keymap, KeymapError> {
        let name = name_or_path.unwrap_or("default");
        let (mut sources, mut layers) = (Vec::new(), Vec::new());
        if let Some((_, file, text)) = PRESETS.iter().find(|(n, _, _)| *n == name) {
            sources.push(name.to_string());
            layers.push(parse::parse(text, file)?);
        } else if looks_like_path(name) {
            sources.push(name.to_string());
            layers.push(read_file(Path::new(name))?);
        } else {
            return Err(KeymapError::file(
                name,
                "no such keymap; the presets are default, vim and emacs, or give the path of a .toml file",
            ));
        }
        if let Some(user) = user_file {
            sources.push(user.display().to_string());
            layers.push(read_file(user)?);
        }
        Keymap::build(sources, &layers)
    }

    /// A shipped preset by name (`default`, `vim`, `emacs`), without the user's file.
    pub fn preset(name: &str) -> Option<Keymap> {
        static CACHE: OnceLock<Vec<Keymap>> = OnceLock::new();
        let all = CACHE.get_or_init(|| {
            PRESETS
                .iter()
                .map(|(name, file, text)| {
                    parse::parse(text, file)
                        .and_then(|f| Keymap::build(vec![name.to_string()], &[f]))
                        .unwrap_or_else(|e| panic!("shipped keymap is invalid: {e}"))
                })
                .collect()
        });
        let i = PRESETS.iter().position(|(n, _, _)| *n == name)?;
        Some(all[i].clone())
    }

    /// Parses and validates one keymap given as text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Keymap, KeymapError> {
        Keymap::build(vec![file.to_string()], &[parse::parse(text, file)?])
    }

    /// Merges parsed files (earliest first) into a checked keymap.
    fn build(sources: Vec<String>, layers: &[KeymapFile]) -> Result<Keymap, KeymapError> {
        let contexts = Context::ALL
            .iter()
            .map(|ctx| merge::merge(layers, *ctx))
            .collect::<Result<_, _>>()?;
        Ok(Keymap { sources, contexts })
    }

    /// What the keymap was built from, in merge order (`["vim", "/home/u/.config/refrain/keymap.toml"]`).
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The key sequences bound to `action` in `ctx`, in file order.
    pub fn seqs_for(&self, ctx: Context, action: Action) -> &[KeySeq] {
        self.contexts[ctx as usize]
            .keys
            .get(&action)
            .map_or(&[], Vec::as_slice)
    }

    /// Key sequences bound to `action` in `ctx`, formatted for people ("g g", "ctrl-d").
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<String> {
        self.seqs_for(ctx, action)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Every action with its key sequences in `ctx`, in help order (for the
    /// help overlay); actions without keys are included with an empty slice.
    pub fn bindings(&self, ctx: Context) -> impl Iterator<Item = (Action, &[KeySeq])> + '_ {
        Action::ALL
            .iter()
            .map(move |a| (*a, self.seqs_for(ctx, *a)))
    }

    /// The actions bound to no key in any context (what `refrain keys --check` reports).
    pub fn unbound(&self) -> Vec<Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| {
                Context::ALL
                    .iter()
                    .all(|c| self.seqs_for(*c, *a).is_empty())
            })
            .collect()
    }

    /// The prefix tree of `ctx`, for the matcher.
    fn trie(&self, ctx: Context) -> &trie::Trie {
        &self.contexts[ctx as usize].trie
    }
}

/// Whether a `--keymap` value that is not a preset name is meant as a file.
fn looks_like_path(name: &str) -> bool {
    name.contains(std::path::MAIN_SEPARATOR)
        || name.contains('/')
        || name.ends_with(".toml")
        || Path::new(name).exists()
}

/// Reads and parses a keymap file from disk.
fn read_file(path: &Path) -> Result<KeymapFile, KeymapError> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| KeymapError::file(&label, format!("cannot read keymap: {e}")))?;
    parse::parse(&text, &label)
}
