//! The prefix tree of one context: key sequences → actions. A lookup of the
//! keys pressed so far answers a whole binding, a prefix of one, or nothing.
//! Conflicts (same sequence twice, a binding that is a prefix of another) are
//! rejected before insertion, so the tree never has to choose.

use super::key::{Key, KeySeq};
use crate::action::Action;
use std::collections::HashMap;

/// A node: a whole binding, or the keys that may follow a prefix.
#[derive(Debug, Clone)]
enum Node {
    Leaf(Action),
    Branch(HashMap<Key, Node>),
}

/// What the keys pressed so far are in a [`Trie`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A whole binding.
    Action(Action),
    /// A proper prefix of at least one binding.
    Prefix,
    /// Neither.
    None,
}

/// The bindings of one context as a prefix tree.
#[derive(Debug, Clone, Default)]
pub struct Trie {
    root: HashMap<Key, Node>,
}

impl Trie {
    /// Adds `seq` → `action`. The caller has checked for conflicts; should
    /// one slip through, the earlier binding is kept.
    pub fn insert(&mut self, seq: &KeySeq, action: Action) {
        let Some((last, init)) = seq.keys().split_last() else {
            return;
        };
        let mut level = &mut self.root;
        for key in init {
            let node = level
                .entry(*key)
                .or_insert_with(|| Node::Branch(HashMap::new()));
            match node {
                Node::Branch(next) => level = next,
                Node::Leaf(_) => return,
            }
        }
        level.entry(*last).or_insert(Node::Leaf(action));
    }

    /// What `keys` are in this tree.
    pub fn lookup(&self, keys: &[Key]) -> Lookup {
        let Some((last, init)) = keys.split_last() else {
            return Lookup::None;
        };
        let mut level = &self.root;
        for key in init {
            match level.get(key) {
                Some(Node::Branch(next)) => level = next,
                _ => return Lookup::None,
            }
        }
        match level.get(last) {
            Some(Node::Leaf(action)) => Lookup::Action(*action),
            Some(Node::Branch(_)) => Lookup::Prefix,
            None => Lookup::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> KeySeq {
        s.parse().unwrap()
    }

    #[test]
    fn whole_prefix_and_none() {
        let mut t = Trie::default();
        t.insert(&seq("g g"), Action::Top);
        t.insert(&seq("G"), Action::Bottom);
        t.insert(&seq("ctrl-x ctrl-c"), Action::Quit);
        assert_eq!(t.lookup(seq("g").keys()), Lookup::Prefix);
        assert_eq!(t.lookup(seq("g g").keys()), Lookup::Action(Action::Top));
        assert_eq!(t.lookup(seq("g g g").keys()), Lookup::None);
        assert_eq!(t.lookup(seq("G").keys()), Lookup::Action(Action::Bottom));
        assert_eq!(t.lookup(seq("G G").keys()), Lookup::None);
        assert_eq!(t.lookup(seq("ctrl-x").keys()), Lookup::Prefix);
        assert_eq!(t.lookup(seq("ctrl-x c").keys()), Lookup::None);
        assert_eq!(
            t.lookup(seq("ctrl-x ctrl-c").keys()),
            Lookup::Action(Action::Quit)
        );
        assert_eq!(t.lookup(seq("x").keys()), Lookup::None);
        assert_eq!(t.lookup(&[]), Lookup::None);
    }
}
