//! The fuzz campaign on the stable toolchain: runs every target of
//! `fuzz_targets` within a time budget and prints the cases run and the
//! failures found per target.
//!
//! ```text
//! cargo run --release --example fuzz -- --minutes 10
//! cargo run --release --example fuzz -- --minutes 1 --target app
//! cargo run --release --example fuzz -- --minutes 60 --cases 1000000 --jobs 2
//! cargo run --release --example fuzz -- --target app --seed 1234   # replay one case
//! ```
//!
//! `--minutes M` is the whole budget: each target gets an equal share of
//! what is left when it starts, so time a target did not need goes to the
//! next ones. `--cases N` stops a target after N cases. `--jobs J` runs J
//! threads on disjoint cases (default 1; the case seeds do not depend on it).
//!
//! Exit code 1 when any case failed (each failure prints its target and seed,
//! to be added to `fuzz_targets::REGRESSIONS`).

#[path = "fuzz_targets/mod.rs"]
mod fuzz_targets;

use fuzz_targets::{TARGETS, case_seed, run_case};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Cases a thread runs between two looks at the clock.
const BLOCK: u64 = 64;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let minutes: f64 = value("--minutes").map_or(1.0, |v| v.parse().expect("--minutes N"));
    let max_cases: u64 = value("--cases").map_or(u64::MAX, |v| v.parse().expect("--cases N"));
    let jobs: u64 = value("--jobs")
        .map_or(1, |v| v.parse().expect("--jobs N"))
        .max(1);
    let only = value("--target");
    let base: u64 = value("--base").map_or(0x5eed, |v| v.parse().expect("--base N"));
    if let Some(seed) = value("--seed") {
        let seed: u64 = seed.parse().expect("--seed N");
        let name = only.as_deref().unwrap_or("app");
        let Some(f) = fuzz_targets::target(name) else {
            eprintln!("fuzz: no target named {name}");
            std::process::exit(2);
        };
        match run_case(f, seed) {
            Ok(()) => println!("{name} seed {seed}: ok"),
            Err(e) => {
                println!("{name} seed {seed}: FAILED: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let targets: Vec<(usize, &(&str, fuzz_targets::Target))> = TARGETS
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| only.as_deref().is_none_or(|o| o == *name))
        .collect();
    if targets.is_empty() {
        eprintln!("fuzz: no target named {only:?}");
        std::process::exit(2);
    }
    // Panics are caught and counted; the default hook would print each one
    // (a replay with --seed keeps it, with its location and backtrace).
    std::panic::set_hook(Box::new(|_| {}));
    let budget = Duration::from_secs_f64(minutes * 60.0);
    let campaign = Instant::now();
    println!(
        "{:<10} {:>12} {:>9} {:>12} {:>9}  (base {base}, {jobs} job(s))",
        "target", "cases", "seconds", "cases/s", "failures"
    );
    let mut failed = false;
    let count = targets.len() as u32;
    for (k, (t, (name, f))) in targets.into_iter().enumerate() {
        let share = budget.saturating_sub(campaign.elapsed()) / (count - k as u32);
        let start = Instant::now();
        let cases = AtomicU64::new(0);
        let failures = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for job in 0..jobs {
                let (cases, failures) = (&cases, &failures);
                scope.spawn(move || {
                    // This thread's blocks of cases: job, job + jobs, …
                    let mut block = job;
                    while start.elapsed() < share && block * BLOCK < max_cases {
                        let first = block * BLOCK;
                        let last = (first + BLOCK).min(max_cases);
                        for i in first..last {
                            let seed = case_seed(base, t, i);
                            if let Err(e) = run_case(*f, seed) {
                                let mut v = failures.lock().unwrap();
                                if v.len() < 10 {
                                    v.push((seed, e));
                                }
                            }
                        }
                        cases.fetch_add(last - first, Ordering::Relaxed);
                        block += jobs;
                    }
                });
            }
        });
        let (cases, failures) = (cases.into_inner(), failures.into_inner().unwrap());
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
