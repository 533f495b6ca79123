//! The fuzz campaign on the stable toolchain: runs every target of
//! `fuzz_targets` for a share of a time budget and prints the cases run and
//! the failures found per target.
//!
//! ```text
//! cargo run --release --example fuzz -- --minutes 10
//! cargo run --release --example fuzz -- --minutes 1 --target app
//! cargo run --release --example fuzz -- --target app --seed 1234   # replay one case
//! ```
//!
//! Exit code 1 when any case failed (each failure prints its target and seed,
//! to be added to `fuzz_targets::REGRESSIONS`).

#[path = "fuzz_targets/mod.rs"]
mod fuzz_targets;

use fuzz_targets::{TARGETS, case_seed, run_case};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let minutes: f64 = value("--minutes").map_or(1.0, |v| v.parse().expect("--minutes N"));
    let only = value("--target");
    let base: u64 = value("--base").map_or(0x5eed, |v| v.parse().expect("--base N"));
    let targets: Vec<(usize, &(&str, fuzz_targets::Target))> = TARGETS
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| only.as_deref().is_none_or(|o| o == *name))
        .collect();
    if targets.is_empty() {
        eprintln!("fuzz: no target named {only:?}");
        std::process::exit(2);
    }
    if let Some(seed) = value("--seed") {
        let seed: u64 = seed.parse().expect("--seed N");
        let (_, (name, f)) = targets[0];
        match run_case(*f, seed) {
            Ok(()) => println!("{name} seed {seed}: ok"),
            Err(e) => {
                println!("{name} seed {seed}: FAILED: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    // Panics are caught and counted; the default hook would print each one
    // (a replay with --seed keeps it, with its location and backtrace).
    std::panic::set_hook(Box::new(|_| {}));
    let share = Duration::from_secs_f64(minutes * 60.0 / targets.len() as f64);
    println!(
        "{:<10} {:>12} {:>9} {:>12} {:>9}",
        "target", "cases", "seconds", "cases/s", "failures"
    );
    let mut failed = false;
    for (t, (name, f)) in targets {
        let start = Instant::now();
        let (mut cases, mut failures) = (0u64, Vec::new());
        while start.elapsed() < share {
            for _ in 0..64 {
                let seed = case_seed(base, t, cases);
                if let Err(e) = run_case(*f, seed)
                    && failures.len() < 10
                {
                    failures.push((seed, e));
                }
                cases += 1;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<10} {cases:>12} {secs:>9.1} {:>12.0} {:>9}",
            cases as f64 / secs,
            failures.len()
        );
        for (seed, e) in &failures {
            println!(
                "  FAILED {name} --seed {seed}: {}",
                e.lines().next().unwrap_or("")
            );
        }
        failed |= !failures.is_empty();
    }
    if failed {
        std::process::exit(1);
    }
}
