//! Live thresholds benchmark: prints numbers, asserts nothing.
//!
//! Generates a 100 MB planted corpus (`refrain::synth`, seed 42), analyses
//! it, opens its first document in an `App` at 120x40, then presses `+`
//! (min-words 10 → 11: a background re-analysis of the whole corpus) and,
//! while the job runs, sends `j` / `]` / `k` keys one after the other: each
//! goes through `App::handle_event` (keymap and all), `App::tick` and a full
//! `ui::draw` into a `TestBackend`. Prints the re-analysis wall time and the
//! keystroke → frame p50 / p99 / max measured while it ran, then the time of
//! the frame that swaps the new analysis in.
//!
//! Run: `cargo run --release --example bench_live [MB]` (default 100).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use refrain::app::{App, AppOptions};
use refrain::keymap::Keymap;
use refrain::synth::{self, SynthParams};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let t = Instant::now();
    let g = synth::generate(&SynthParams {
        seed: 42,
        total_bytes: mb * 1_000_000,
        ..SynthParams::default()
    });
    let bytes = g.corpus.total_bytes();
    let docs = g.corpus.documents.len();
    let analysis = refrain::analyse(g.corpus, &refrain::Params::default());
    println!(
        "corpus: {:.1} MB, {docs} documents, {} clusters (generated and analysed in {:.1} s)",
        bytes as f64 / 1e6,
        analysis.clusters.len(),
        t.elapsed().as_secs_f64()
    );
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.resize(120, 40);
    let key = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    app.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    term.draw(|f| refrain::ui::draw(f, &app)).unwrap();

    let started = Instant::now();
    app.handle_event(&key('+'));
    let mut times = Vec::new();
    let keys = ['j', ']', 'k', 'j', '[', 'j'];
    let mut i = 0;
    let swap = loop {
        let t = Instant::now();
        app.handle_event(&key(keys[i % keys.len()]));
        let busy = app.busy();
        app.tick();
        term.draw(|f| refrain::ui::draw(f, &app)).unwrap();
        let d = t.elapsed();
        if busy && !app.busy() {
            break d;
        }
        times.push(d);
        i += 1;
        // A fast typist: a key every 10 ms.
        std::thread::sleep(Duration::from_millis(10));
    };
    let job = started.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "re-analysis (min-words 11) in the background: {:.2} s; {} keystrokes meanwhile: \
         keystroke → frame p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; the frame that swapped \
         the new analysis in: {:.1} ms ({} clusters)",
        job.as_secs_f64(),
        times.len(),
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO)),
        ms(swap),
        app.analysis.clusters.len()
    );
}
