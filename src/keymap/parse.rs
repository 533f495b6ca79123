//! Reading one keymap file: TOML text → per table, per action, the key
//! sequences written, each with its line. Checks everything that one file can
//! get wrong on its own (TOML syntax, unknown table, unknown action, a value
//! that is not a list of keys, an unparsable key); conflicts between bindings
//! are checked after merging, in `mod.rs`.

use super::Context;
use super::error::{KeymapError, Origin, line_of};
use super::key::KeySeq;
use crate::action::Action;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

/// The name of the table that applies in every context.
pub const GLOBAL: &str = "global";

/// One key sequence as written, with where it was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// The keys.
    pub seq: KeySeq,
    /// The file and line of the string.
    pub origin: Origin,
    /// The table it was written in (`None` for `[global]`).
    pub table: Option<Context>,
}

/// The keys one table gives one action (possibly none: `action = []` unbinds).
pub type Entry = Vec<Written>;

/// One parsed keymap file, before merging.
#[derive(Debug, Clone, Default)]
pub struct KeymapFile {
    global: BTreeMap<Action, Entry>,
    contexts: BTreeMap<usize, BTreeMap<Action, Entry>>,
}

impl KeymapFile {
    /// The actions this file names for `ctx`: its `[ctx]` table over its `[global]` table.
    pub fn resolve(&self, ctx: Context) -> BTreeMap<Action, &Entry> {
        let mut out: BTreeMap<Action, &Entry> = self.global.iter().map(|(a, e)| (*a, e)).collect();
        if let Some(table) = self.contexts.get(&(ctx as usize)) {
            out.extend(table.iter().map(|(a, e)| (*a, e)));
        }
        out
    }
}

/// The table names a file may use, for error messages.
fn table_names() -> String {
    std::iter::once(GLOBAL)
        .chain(Context::ALL.iter().map(|c| c.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses the keymap in `src`; `file` names it in errors.
pub fn parse(src: &str, file: &str) -> Result<KeymapFile, KeymapError> {
    let file: Arc<str> = file.into();
    let at = |span: Range<usize>| Origin {
        file: file.clone(),
        line: line_of(src, span.start),
    };
    let doc = DeTable::parse(src).map_err(|e| match e.span() {
        Some(span) => KeymapError::at(&at(span), format!("invalid TOML: {}", e.message())),
        None => KeymapError::file(file.to_string(), format!("invalid TOML: {}", e.message())),
    })?;
    let mut out = KeymapFile::default();
    for (name, value) in doc.get_ref().iter() {
        let name_str: &str = name.get_ref();
        let origin = at(name.span());
        let DeValue::Table(table) = value.get_ref() else {
            let problem = if Action::from_name(name_str).is_some() {
                format!("\"{name_str}\" must be inside a table such as [global]")
            } else {
                format!(
                    "unknown top-level key \"{name_str}\"; a keymap has only the tables {}",
                    table_names()
                )
            };
            return Err(KeymapError::at(&origin, problem));
        };
        let ctx = if name_str == GLOBAL {
            None
        } else {
            match Context::from_name(name_str) {
                Some(ctx) => Some(ctx),
                None => {
                    return Err(KeymapError::at(
                        &origin,
                        format!(
                            "unknown table [{name_str}]; the tables are {}",
                            table_names()
                        ),
                    ));
                }
            }
        };
        let entries = parse_table(table, ctx, &at)?;
        match ctx {
            None => out.global = entries,
            Some(ctx) => {
                out.contexts.insert(ctx as usize, entries);
            }
        }
    }
    Ok(out)
}

/// Parses the `action = [keys]` lines of one table.
fn parse_table(
    table: &DeTable<'_>,
    ctx: Option<Context>,
    at: &impl Fn(Range<usize>) -> Origin,
) -> Result<BTreeMap<Action, Entry>, KeymapError> {
    let table_name = ctx.map_or(GLOBAL, Context::name);
    let mut out = BTreeMap::new();
    for (name, value) in table.iter() {
        let name_str: &str = name.get_ref();
        let Some(action) = Action::from_name(name_str) else {
            return Err(KeymapError::at(
                &at(name.span()),
                format!(
                    "unknown action \"{name_str}\" in [{table_name}] (`refrain keys` lists the actions)"
                ),
            ));
        };
        let not_keys = || {
            KeymapError::at(
                &at(value.span()),
                format!(
                    "{name_str} in [{table_name}] must be a list of keys, like [\"q\", \"ctrl-x ctrl-c\"]"
                ),
            )
        };
        let strings: Vec<(&str, Range<usize>)> = match value.get_ref() {
            DeValue::String(s) => vec![(s.as_ref(), value.span())],
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok((s.as_ref(), item.span())),
                    _ => Err(not_keys()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(not_keys()),
        };
        let mut entry = Entry::new();
        for (text, span) in strings {
            let origin = at(span);
            let seq: KeySeq = text.parse().map_err(|problem| {
                KeymapError::at(
                    &origin,
                    format!(
                        "bad key sequence \"{text}\" for {name_str} in [{table_name}]: {problem}"
                    ),
                )
            })?;
            entry.push(Written {
                seq,
                origin,
                table: ctx,
            });
        }
        out.insert(action, entry);
    }
    Ok(out)
}
