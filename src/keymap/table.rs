//! `refrain keys`: the active bindings as a plain-text table (context, action,
//! keys, description), and `--check`, which lists the actions left unbound.

use super::{Context, Keymap};
use crate::action::Action;

/// The context column of an action bound the same way in every context.
const ALL_CONTEXTS: &str = "all";

/// What the keymap was built from, for headers ("vim + /home/u/.config/refrain/keymap.toml").
fn label(keymap: &Keymap) -> String {
    keymap.sources().join(" + ")
}

/// The active bindings as a table. An action bound the same way in every
/// context takes one row with context `all`; otherwise it takes one row per
/// context. An action with no keys in a context shows `(unbound)` there (a
/// bare `-` read as the minus key, which lowers min-words).
pub fn keys_table(keymap: &Keymap) -> String {
    let mut rows: Vec<[String; 4]> = vec![[
        "CONTEXT".into(),
        "ACTION".into(),
        "KEYS".into(),
        "DESCRIPTION".into(),
    ]];
    let keys = |ctx: Context, action: Action| {
        let keys = keymap.keys_for(ctx, action);
        if keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys.join(", ")
        }
    };
    for action in Action::ALL {
        let first = keymap.seqs_for(Context::ALL[0], *action);
        let same = Context::ALL
            .iter()
            .all(|c| keymap.seqs_for(*c, *action) == first);
        let contexts: Vec<(&str, Context)> = if same {
            vec![(ALL_CONTEXTS, Context::ALL[0])]
        } else {
            Context::ALL.iter().map(|c| (c.name(), *c)).collect()
        };
        for (name, ctx) in contexts {
            rows.push([
                name.into(),
                action.name().into(),
                keys(ctx, *action),
                action.description().into(),
            ]);
        }
    }
    let width = |col: usize| {
        rows.iter()
            .map(|r| r[col].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = format!("keymap: {}\n", label(keymap));
    for row in &rows {
        for (col, w) in widths.iter().enumerate() {
            out.push_str(&format!("{:<w$}  ", row[col]));
        }
        out.push_str(&row[3]);
        out.push('\n');
    }
    out
}

/// The `--check` report and its exit code: 0 when every action has a key
/// somewhere, 1 (with one line per unbound action) otherwise.
pub fn check_report(keymap: &Keymap) -> (String, i32) {
    let unbound = keymap.unbound();
    if unbound.is_empty() {
        let text = format!(
            "keymap {}: all {} actions are bound\n",
            label(keymap),
            Action::ALL.len()
        );
        return (text, 0);
    }
    let mut text = format!(
        "keymap {}: {} of {} actions are unbound:\n",
        label(keymap),
        unbound.len(),
        Action::ALL.len()
    );
    let w = unbound.iter().map(|a| a.name().len()).max().unwrap_or(0);
    for action in unbound {
        text.push_str(&format!(
            "  {:<w$}  {}\n",
            action.name(),
            action.description()
        ));
    }
    (text, 1)
}

/// Runs `refrain keys [--keymap NAME|PATH] [--check]`: loads the keymap the
/// reader would use, prints the table (or the check report), and returns the
/// exit code; `Err` is a one-line message for exit code 2.
pub fn run_keys(keymap: Option<&str>, check: bool) -> Result<i32, String> {
    let keymap = Keymap::load(keymap).map_err(|e| e.to_string())?;
    if check {
        let (text, code) = check_report(&keymap);
        print!("{text}");
        Ok(code)
    } else {
        print!("{}", keys_table(&keymap));
        Ok(0)
    }
}
