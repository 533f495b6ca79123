//! Benchmark of "where else does this appear?" (`refrain::reuse::query`):
//! builds the query index of a generated corpus with planted copies
//! (`refrain::synth`, default 100 MB) and times queries from the source
//! passages (which must find their copies) and from random lines; then
//! fifty handles on one shared slot, as `refrain serve` gives its sessions.
//!
//! Run: `cargo run --release --example bench_query [-- MB]`

use refrain::reuse::query::{QueryIndex, SharedQueryIndex};
use refrain::synth::{self, Rng, SynthParams};
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let t = Instant::now();
    let g = synth::generate(&SynthParams {
        seed: 42,
        total_bytes: mb * 1_000_000,
        ..SynthParams::default()
    });
    let c = &g.corpus;
    println!(
        "generated {} documents, {:.1} MB, {} planted copies in {:.1} s",
        c.documents.len(),
        c.total_bytes() as f64 / 1e6,
        g.planted.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let ix = QueryIndex::build(c);
    println!(
        "query index: built in {:.2} s, {:.1} MB",
        t.elapsed().as_secs_f64(),
        ix.memory() as f64 / 1e6
    );
    // Queries from planted sources: each must find its copy.
    let mut times = Vec::new();
    let mut found = 0;
    let n = g.planted.len().min(300);
    for p in g.planted.iter().take(n) {
        let text = &c.documents[p.source.document].text[p.source.start..p.source.end];
        let t = Instant::now();
        let hits = ix.find(c, text, Some(p.source));
        times.push(t.elapsed());
        if hits.iter().any(|h| {
            h.passage.document == p.copy.document
                && h.passage.start < p.copy.end
                && p.copy.start < h.passage.end
        }) {
            found += 1;
        }
    }
    report("planted sources", &mut times);
    println!("  copies found: {found}/{n}");
    // Queries from random lines (what `w` on a cursor line does).
    let mut rng = Rng::new(7);
    let mut times = Vec::new();
    let mut hits_total = 0;
    for _ in 0..300 {
        let d = &c.documents[rng.below(c.documents.len())];
        if d.line_count() == 0 {
            continue;
        }
        let line = d.line_text(rng.below(d.line_count()));
        let t = Instant::now();
        hits_total += ix.find(c, line, None).len();
        times.push(t.elapsed());
    }
    report("random lines", &mut times);
    println!(
        "  hits per line: {:.1}",
        hits_total as f64 / times.len() as f64
    );
    // Fifty sessions of `refrain serve` over one analysis: one shared slot.
    let shared = SharedQueryIndex::new();
    let mut times = Vec::new();
    let mut first = None;
    let mut same = 0;
    for _ in 0..50 {
        let session = shared.clone();
        let t = Instant::now();
        let ix = session.get_or_build(c);
        times.push(t.elapsed());
        let first = first.get_or_insert_with(|| ix.clone());
        same += usize::from(std::sync::Arc::ptr_eq(first, &ix));
    }
    println!(
        "50 sessions sharing one index: first {:.0} ms, the other 49 at most {:.3} ms, {same}/50 the same index",
        ms(times[0]),
        ms(*times[1..].iter().max().unwrap())
    );
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let pct = |p: f64| ms(times[((times.len() - 1) as f64 * p) as usize]);
    println!(
        "{what}: n={} p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        times.len(),
        pct(0.5),
        pct(0.99),
        ms(*times.last().unwrap())
    );
}
