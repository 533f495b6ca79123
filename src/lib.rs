//! refrain: find the passages a set of documents share, and read them side by side.
//!
//! Data flows one way:
//! [`corpus`] (load files, raw bytes, byte offsets, bad-input errors) →
//! [`segment`] (words with byte spans and normalised keys) →
//! [`reuse`] (index, candidates, alignment into passages, clusters, banality, diffs) →
//! [`report`] (JSON and text). None of these know about the terminal.
//! [`store`] saves and reopens an analysis (its documents then read on
//! demand: [`doctext`]); [`passim`] writes passim's input and reads its
//! clusters back as an analysis.
//!
//! On top of that core: [`action`] (the vocabulary of user commands), [`keymap`]
//! (TOML → key sequences → actions), [`app`] (reader state and `update(Action)`),
//! [`ui`] (pure draw functions of the state; [`style`] and [`text`] sit below
//! both), [`tui`] (the local event loop) and
//! [`ssh`] (the same app served over SSH). [`cli`] parses the command line.
//!
//! Vocabulary used everywhere (code, JSON, help, README): a **passage** is a span of
//! one document; an **occurrence** is a passage that belongs to a **cluster** of
//! passages judged to be the same text.

pub mod action;
pub mod allocator;
pub mod app;
pub mod baseline;
pub mod cli;
pub mod corpus;
pub mod doctext;
pub mod job;
pub mod keymap;
pub mod marks;
pub mod markup;
pub mod passim;
pub mod progress;
pub mod readfile;
pub mod report;
pub mod reuse;
pub mod roff;
pub mod sanitize;
pub mod segment;
pub mod ssh;
pub mod store;
pub mod style;
pub mod synth;
pub mod text;
pub mod title;
pub mod tui;
pub mod ui;

pub use corpus::{Corpus, Document};
pub use reuse::{Analysis, Cluster, Params, Passage, analyse};
