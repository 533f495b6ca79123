//! Merging parsed keymap files into the bindings of each context, and the
//! checks that need the merged result: the same key sequence bound to two
//! actions, and a sequence that is both a whole binding and the start of
//! another. A later file (the user's) replaces, per context and per action,
//! what an earlier file (the preset) bound.

use super::Context;
use super::error::KeymapError;
use super::key::KeySeq;
use super::parse::{GLOBAL, KeymapFile, Written};
use super::trie::Trie;
use crate::action::Action;
use std::collections::BTreeMap;

/// The merged, checked bindings of one context.
#[derive(Debug, Clone, Default)]
pub struct ContextBindings {
    /// The keys of every action, in help order (an action may have none).
    pub keys: BTreeMap<Action, Vec<KeySeq>>,
    /// The same bindings as a prefix tree.
    pub trie: Trie,
}

/// Merges `layers` (earliest first) for `ctx` and checks the result.
pub fn merge(layers: &[KeymapFile], ctx: Context) -> Result<ContextBindings, KeymapError> {
    let mut resolved: BTreeMap<Action, (usize, &Vec<Written>)> = BTreeMap::new();
    for (layer, file) in layers.iter().enumerate() {
        for (action, entry) in file.resolve(ctx) {
            resolved.insert(action, (layer, entry));
        }
    }
    // Every binding, in help order, without repeats of the same sequence for one action.
    let mut all: Vec<(Action, usize, &Written)> = Vec::new();
    for (action, (layer, entry)) in &resolved {
        for written in entry.iter() {
            if !all
                .iter()
                .any(|(a, _, w)| a == action && w.seq == written.seq)
            {
                all.push((*action, *layer, written));
            }
        }
    }
    for (j, later) in all.iter().enumerate() {
        for earlier in &all[..j] {
            check_pair(earlier, later, ctx)?;
        }
    }
    let mut out = ContextBindings::default();
    for action in Action::ALL {
        out.keys.insert(*action, Vec::new());
    }
    for (action, _, written) in all {
        out.trie.insert(&written.seq, action);
        out.keys
            .entry(action)
            .or_default()
            .push(written.seq.clone());
    }
    Ok(out)
}

/// Fails when two bindings of one context clash, blaming the one written
/// later (the user's file over a preset; a later line over an earlier one).
fn check_pair(
    a: &(Action, usize, &Written),
    b: &(Action, usize, &Written),
    ctx: Context,
) -> Result<(), KeymapError> {
    let (a_keys, b_keys) = (a.2.seq.keys(), b.2.seq.keys());
    let shorter = a_keys.len().min(b_keys.len());
    if a_keys[..shorter] != b_keys[..shorter] {
        return Ok(());
    }
    let (blamed, other) = if (b.1, b.2.origin.line) >= (a.1, a.2.origin.line) {
        (b, a)
    } else {
        (a, b)
    };
    let (action, _, written) = blamed;
    let (other_action, _, other_written) = other;
    let table = if written.table.is_none() && other_written.table.is_none() {
        GLOBAL
    } else {
        ctx.name()
    };
    let place = if other_written.origin.file == written.origin.file {
        format!("line {}", other_written.origin.line)
    } else {
        other_written.origin.to_string()
    };
    let (seq, other_seq) = (&written.seq, &other_written.seq);
    let problem = if a_keys.len() == b_keys.len() {
        format!(
            "\"{seq}\" for {} is already bound to {} in [{table}] ({place})",
            action.name(),
            other_action.name()
        )
    } else if seq.keys().len() < other_seq.keys().len() {
        format!(
            "\"{seq}\" for {} is also the start of \"{other_seq}\" for {} in [{table}] ({place})",
            action.name(),
            other_action.name()
        )
    } else {
        format!(
            "\"{seq}\" for {} starts with \"{other_seq}\", already bound to {} in [{table}] ({place})",
            action.name(),
            other_action.name()
        )
    };
    Err(KeymapError::at(&written.origin, problem))
}
