//! A short run of every fuzz target (seconds, not minutes) with fixed seeds,
//! and every failure the long campaign found replayed as a regression case.
//! The campaign itself: `cargo run --release --example fuzz -- --minutes N`.

#[path = "../examples/fuzz_targets/mod.rs"]
mod fuzz_targets;

use fuzz_targets::{REGRESSIONS, TARGETS, case_seed, run_case, target};

/// Runs `cases` cases of target `name` from a fixed base seed.
fn short_run(name: &str, cases: u64) {
    let (t, (_, f)) = TARGETS
        .iter()
        .enumerate()
        .find(|(_, (n, _))| *n == name)
        .expect("target");
    let failures: Vec<String> = (0..cases)
        .map(|i| case_seed(0x7e57, t, i))
        .filter_map(|seed| {
            run_case(*f, seed)
                .err()
                .map(|e| format!("--seed {seed}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{name}: {failures:#?}");
}

#[test]
fn loader() {
    short_run("loader", 20_000);
}

#[test]
fn segmenter() {
    short_run("segmenter", 20_000);
}

#[test]
fn engine() {
    short_run("engine", 1_000);
}

#[test]
fn keymap() {
    short_run("keymap", 20_000);
}

#[test]
fn ssh_input() {
    short_run("ssh_input", 20_000);
}

#[test]
fn app() {
    short_run("app", 1_000);
}

#[test]
fn regressions() {
    for (name, seed, what) in REGRESSIONS {
        let f = target(name).expect("target");
        assert_eq!(run_case(f, *seed), Ok(()), "{name} --seed {seed} ({what})");
    }
}
