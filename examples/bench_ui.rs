//! Reader benchmark: prints numbers, asserts nothing.
//!
//! 1. Start-up on the seeds, in process: load + analyse + `App::new` + first
//!    frame drawn into a ratatui `TestBackend` (80x24), best and median of 20.
//! 2. Start-up of the real binary: spawn `refrain` in an 80x24 pseudo-terminal
//!    and time until its first frame (the library header) has been written,
//!    median of 10 (needs `target/release/refrain` next to this example).
//! 3. Keystroke to frame on a generated 100,000-line document with many shared
//!    passages: each key event goes through `App::handle_event` (keymap and
//!    all) and a full `ui::draw` into a 120x40 `TestBackend`; p50 / p99 / max
//!    per kind of key.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-release cargo build --release &&
//!       CARGO_TARGET_DIR=/work/target-release cargo run --release --example bench_ui`

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use refrain::app::{App, AppOptions};
use refrain::corpus::{Corpus, Document};
use refrain::keymap::Keymap;
use refrain::reuse::{Analysis, Cluster, Params, Passage};
use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn startup_in_process() {
    let mut times = Vec::new();
    let mut analyse_times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let analysis = refrain::analyse(refrain::corpus::seeds(), &Params::default());
        analyse_times.push(t.elapsed());
        let mut app = App::new(
            Arc::new(analysis),
            Arc::new(Keymap::default()),
            AppOptions::default(),
        );
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        app.resize(80, 24);
        term.draw(|f| refrain::ui::draw(f, &app)).unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    analyse_times.sort();
    println!(
        "start-up, in process (seeds: analyse + App::new + first frame, 80x24): best {:.2} ms, median {:.2} ms (of which analyse: best {:.2} ms, median {:.2} ms)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(analyse_times[0]),
        ms(analyse_times[analyse_times.len() / 2])
    );
}

fn startup_binary() {
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("refrain"));
    let Some(bin) = bin.filter(|b| b.exists()) else {
        println!("start-up of the binary: skipped (build it first: cargo build --release)");
        return;
    };
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let mut first_times = Vec::new();
    let mut library_times = Vec::new();
    for _ in 0..10 {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(&bin);
        cmd.env("TERM", "xterm-256color");
        let t = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        let mut first = None;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&seen);
            if first.is_none() && text.contains("refrain") {
                first = Some(t.elapsed());
            }
            if text.contains("Library") {
                library_times.push(t.elapsed());
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        first_times.extend(first);
    }
    for (what, mut times) in [
        ("first frame (\"analysing 5 documents…\")", first_times),
        ("first library frame (analysis done)", library_times),
    ] {
        if times.is_empty() {
            println!("start-up of the binary: no {what} seen");
            continue;
        }
        times.sort();
        println!(
            "start-up, process spawn to {what} in an 80x24 pty: best {:.2} ms, median {:.2} ms",
            ms(times[0]),
            ms(times[times.len() / 2])
        );
    }
}

/// A deterministic 100,000-line document (lines of 0 to 30 words, some long
/// paragraphs, some CJK) and a second one sharing many of its passages.
fn big_analysis() -> Analysis {
    let words = [
        "cyberspace",
        "community",
        "shared",
        "future",
        "internet",
        "governance",
        "digital",
        "cooperation",
        "the",
        "of",
        "and",
        "a",
        "in",
        "to",
        "is",
        "world",
        "conference",
        "网络",
        "空间",
        "命运共同体",
    ];
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut rnd = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut text = String::new();
    for i in 0..100_000 {
        let n = if i % 97 == 0 { 400 } else { rnd(30) };
        for k in 0..n {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(words[rnd(words.len())]);
        }
        text.push('\n');
    }
    let doc = Document::new("big.txt", text);
    // A passage every 40 lines, 2 to 6 lines long; every 5th contains a nested one.
    let mut other = String::new();
    let mut clusters = Vec::new();
    let starts = doc.line_starts().to_vec();
    let mut line = 3;
    while line + 8 < 100_000 {
        let len = 2 + rnd(5);
        let (s, e) = (starts[line], starts[line + len] - 1);
        let o = other.len();
        other.push_str(&doc.text[s..e]);
        other.push_str("\n\n");
        let words = doc.text[s..e].split_whitespace().count();
        clusters.push(Cluster {
            id: 0,
            words,
            similarity: 1.0,
            boilerplate: None,
            occurrences: vec![
                Passage {
                    document: 0,
                    start: s,
                    end: e,
                },
                Passage {
                    document: 1,
                    start: o,
                    end: o + (e - s),
                },
            ],
        });
        if clusters.len() % 5 == 0 && e - s > 40 {
            let (ns, ne) = (s + 10, s + 30);
            let (ns, ne) = (
                (ns..).find(|&b| doc.text.is_char_boundary(b)).unwrap(),
                (ne..).find(|&b| doc.text.is_char_boundary(b)).unwrap(),
            );
            clusters.push(Cluster {
                id: 0,
                words: 3,
                similarity: 1.0,
                boilerplate: None,
                occurrences: vec![
                    Passage {
                        document: 0,
                        start: ns,
                        end: ne,
                    },
                    Passage {
                        document: 1,
                        start: o + (ns - s),
                        end: o + (ne - s),
                    },
                ],
            });
        }
        line += 40;
    }
    for (i, c) in clusters.iter_mut().enumerate() {
        c.id = i;
    }
    Analysis {
        corpus: Corpus {
            documents: vec![doc, Document::new("other.txt", other)],
        },
        clusters,
        params: Params::default(),
    }
}

fn keystrokes() {
    let t = Instant::now();
    let analysis = big_analysis();
    let lines = analysis.corpus.documents[0].line_count();
    let n_clusters = analysis.clusters.len();
    println!(
        "generated: {} lines, {:.1} MB, {} clusters ({} passages in the big document) in {:.0} ms",
        lines,
        analysis.corpus.documents[0].len() as f64 / 1e6,
        n_clusters,
        analysis.occurrences_in(0).len(),
        ms(t.elapsed())
    );
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.resize(120, 40);
    let t = Instant::now();
    app.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    term.draw(|f| refrain::ui::draw(f, &app)).unwrap();
    println!(
        "open the 100,000-line document + first frame: {:.2} ms",
        ms(t.elapsed())
    );
    let key = |c: KeyCode| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let ch = |c: char| key(KeyCode::Char(c));
    let plan: Vec<(&str, Vec<Event>, usize)> = vec![
        ("j (line down)", vec![ch('j')], 2000),
        ("space (page down)", vec![ch(' ')], 2000),
        ("] (next passage)", vec![ch(']')], 2000),
        ("[ (previous passage)", vec![ch('[')], 500),
        ("G / g (bottom, top)", vec![ch('G'), ch('g')], 200),
        (
            "o (other occurrence) + esc",
            vec![ch('o'), key(KeyCode::Esc)],
            200,
        ),
        (
            "c (compare) + j + esc",
            vec![ch('c'), ch('j'), key(KeyCode::Esc)],
            200,
        ),
        ("n (next search hit)", vec![ch('n')], 1000),
    ];
    // A search to step through.
    for e in "/community shared\n".chars().map(|c| {
        if c == '\n' {
            key(KeyCode::Enter)
        } else {
            ch(c)
        }
    }) {
        app.handle_event(&e);
    }
    println!("keystroke → frame (handle_event + full draw, 120x40):");
    let mut all = Vec::new();
    for (name, events, reps) in plan {
        let mut times = Vec::with_capacity(reps * events.len());
        for _ in 0..reps {
            for e in &events {
                let t = Instant::now();
                app.handle_event(e);
                term.draw(|f| refrain::ui::draw(f, &app)).unwrap();
                times.push(t.elapsed());
            }
        }
        all.extend_from_slice(&times);
        times.sort();
        println!(
            "  {name:<28} n={:<5} p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap())
        );
    }
    all.sort();
    println!(
        "  {:<28} n={:<5} p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        "all keys",
        all.len(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap())
    );
}

fn main() {
    startup_in_process();
    startup_binary();
    keystrokes();
}
