//! Reader memory against the number of documents: prints numbers, asserts
//! nothing.
//!
//! Builds N one-line documents in memory (every tenth carries the same
//! 140-word boilerplate, every seventh one of 200 shared 70-word notes, the
//! rest unique words), analyses them, then opens readers on the shared analysis
//! as the local reader and each SSH session do (`App::new` + a first 120x40
//! frame into a `TestBackend`, then the library sorted by size and filtered)
//! and reports resident memory (VmRSS / VmHWM from /proc/self/status): after
//! the analysis, after the first reader, and per further reader.
//!
//! Run: `cargo run --release --example mem_library -- 10000` (one size per
//! process, so each peak is its own).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use refrain::action::Action;
use refrain::app::{App, AppOptions};
use refrain::corpus::{Corpus, Document};
use refrain::keymap::Keymap;
use refrain::synth::Rng;
use std::sync::Arc;
use std::time::Instant;

/// (VmRSS, VmHWM) in MB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

const WORDS: [&str; 40] = [
    "river", "market", "station", "winter", "garden", "letter", "bridge", "council", "harbour",
    "engine", "archive", "window", "teacher", "village", "summit", "network", "island", "report",
    "season", "museum", "factory", "signal", "meadow", "journal", "forest", "canal", "theatre",
    "orchard", "ledger", "quarry", "lantern", "harvest", "chapel", "tunnel", "pasture", "beacon",
    "cottage", "furnace", "granary", "mill",
];

/// `len` random words from [`WORDS`].
fn words(rng: &mut Rng, len: usize) -> String {
    let w: Vec<&str> = (0..len).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    w.join(" ")
}

fn corpus(n: usize) -> Corpus {
    let mut rng = Rng::new(11);
    // Long enough to pass the banality filter at thousands of copies.
    let boiler = format!("Boilerplate: {}.", words(&mut rng, 140));
    let shared: Vec<String> = (0..200)
        .map(|g| format!("Shared note {g}: {}.", words(&mut rng, 70)))
        .collect();
    let documents = (0..n)
        .map(|i| {
            let mut line = format!("Entry {i}:");
            for _ in 0..8 {
                line.push(' ');
                line.push_str(WORDS[rng.below(WORDS.len())]);
                line.push_str(&rng.below(1000).to_string());
            }
            if i % 10 == 0 {
                line = format!("{line} {boiler}");
            } else if i % 7 == 0 {
                line = format!("{line} {}", shared[rng.below(shared.len())]);
            }
            Document::new(format!("notes/{:03}/entry{i}.txt", i % 1000), line + "\n")
        })
        .collect();
    Corpus { documents }
}

fn open_reader(analysis: &Arc<refrain::Analysis>, keymap: &Arc<Keymap>) -> App {
    let mut app = App::new(analysis.clone(), keymap.clone(), AppOptions::default());
    app.resize(120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| refrain::ui::draw(f, &app)).unwrap();
    app.update(Action::Sort);
    term.draw(|f| refrain::ui::draw(f, &app)).unwrap();
    app
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let readers = 10;
    let (base, _) = memory();
    let t = Instant::now();
    let analysis = Arc::new(refrain::analyse(corpus(n), &refrain::Params::default()));
    let analyse_s = t.elapsed().as_secs_f64();
    let occ: usize = analysis.clusters.iter().map(|c| c.occurrences.len()).sum();
    let (after_analysis, _) = memory();
    let keymap = Arc::new(Keymap::default());
    let t = Instant::now();
    let first = open_reader(&analysis, &keymap);
    let first_s = t.elapsed().as_secs_f64();
    let (after_first, _) = memory();
    let t = Instant::now();
    let more: Vec<App> = (1..readers)
        .map(|_| open_reader(&analysis, &keymap))
        .collect();
    let more_s = t.elapsed().as_secs_f64() / (readers - 1) as f64;
    let (after_all, peak) = memory();
    println!(
        "{n} documents, {} clusters, {occ} occurrences: analysis {:.0} MB in {analyse_s:.2} s; \
         first reader (index + library) +{:.1} MB in {:.0} ms; each further reader +{:.2} MB in {:.1} ms; \
         RSS with {readers} readers {:.0} MB, peak {:.0} MB",
        analysis.clusters.len(),
        after_analysis - base,
        after_first - after_analysis,
        first_s * 1000.0,
        (after_all - after_first) / (readers - 1) as f64,
        more_s * 1000.0,
        after_all,
        peak
    );
    drop(more);
    drop(first);
}
