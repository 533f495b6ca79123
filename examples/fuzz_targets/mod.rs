//! The fuzz targets, shared by `examples/fuzz.rs` (the long campaign) and
//! `tests/fuzz_short.rs` (a short run of each in `cargo test`).
//!
//! cargo-fuzz needs a nightly toolchain, so this is a seeded generator on
//! stable: every case is a pure function of a 64-bit seed, so any failure is
//! replayed with `cargo run --release --example fuzz -- --target NAME --seed S`
//! and kept as a regression case in [`REGRESSIONS`]. Inputs are built from
//! fragments that hit the hard paths (escape sequences split across packets,
//! CJK, combining marks, BOMs, NULs, markup, gzip, periodic and repeated text)
//! rather than from uniform bytes alone.

#![allow(dead_code)]

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use refrain::action::Action;
use refrain::app::{App, AppOptions};
use refrain::corpus::{Corpus, Document, LoadOptions};
use refrain::keymap::{Context, Keymap};
use refrain::reuse::{Analysis, Params};
use refrain::ui::ColorMode;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};

/// A small, fast, seeded generator (SplitMix64): the same seed always gives
/// the same case.
pub struct Gen(u64);

impl Gen {
    /// A generator for one case.
    pub fn new(seed: u64) -> Self {
        Gen(seed)
    }

    /// The next 64 random bits.
    pub fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.u64() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` uniformly random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.u64() as u8).collect()
    }

    /// Text made of `n` fragments of `pieces`.
    pub fn text(&mut self, pieces: &[&str], n: usize) -> String {
        (0..n).map(|_| *self.pick(pieces)).collect()
    }
}

/// Fragments of awkward text: scripts, marks, controls, quotes, markup.
pub const TEXT: &[&str] = &[
    "word",
    "the",
    "of",
    "and",
    " ",
    " ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "中文",
    "漢字かな",
    "한국어",
    "“",
    "”",
    "’",
    "'",
    "—",
    "-",
    ".",
    ",",
    "é",
    "e\u{301}",
    "\u{feff}",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\x08",
    "\0",
    "\u{202e}",
    "\u{9b}",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "a.b",
    "don't",
    "...",
    "<p>",
    "</p>",
    "&amp;",
    "&#x2019;",
    "&",
    "<",
    ">",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<![CDATA[",
    "]]>",
    "Ⅻ",
    "ß",
    "İ",
    "ﬁ",
    "\u{200b}",
    "123",
    "x-y",
    "ALL CAPS",
    "\u{2028}",
    "\r",
];

/// One fuzz target: runs one case from a seeded generator.
pub type Target = fn(&mut Gen);

/// The fuzz targets: name and one case from a seed.
pub const TARGETS: [(&str, Target); 6] = [
    ("loader", loader),
    ("segmenter", segmenter),
    ("engine", engine),
    ("keymap", keymap),
    ("ssh_input", ssh_input),
    ("app", app),
];

/// Generators that are not campaign targets any more but still replay the
/// seeds of [`REGRESSIONS`] that name them.
pub const RETIRED: [(&str, Target); 1] = [("app_v1", app_v1)];

/// The generator called `name`: a target or a retired one.
pub fn target(name: &str) -> Option<Target> {
    TARGETS
        .iter()
        .chain(RETIRED.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

/// Failures found by the campaign, replayed by `tests/fuzz_short.rs`:
/// (target, seed, what it found). A seed names a case of the generator as
/// it is: when a target's generator changes, re-check its seeds still hit
/// the same path (or keep the old generator for them).
pub const REGRESSIONS: &[(&str, u64, &str)] = &[
    // Found before the wrap fix on main (9d378a7): a document switch and a
    // click in the same read panicked in text/wrap.rs (issue 13 item 1).
    // Cases of the first app generator (sequences of up to 40 frames).
    (
        "app_v1",
        16303865190456008711,
        "wrap: start byte index 18446744073709551566 out of bounds",
    ),
    (
        "app_v1",
        7836166144114546090,
        "wrap: end byte index 73 out of bounds",
    ),
    (
        "app_v1",
        13486641849049135805,
        "wrap: end byte index 113 out of bounds",
    ),
    (
        "app_v1",
        5162031260135672,
        "wrap: start byte index 89 out of bounds",
    ),
    (
        "app_v1",
        15782050475216442326,
        "wrap: end byte index 139 out of bounds",
    ),
    (
        "app_v1",
        12649115381903869710,
        "wrap: start byte index 89 out of bounds",
    ),
    (
        "app_v1",
        8996009153960701417,
        "wrap: start byte index 6961 out of bounds",
    ),
];

/// The seed of case `i` of `target` in a run started from `base`.
pub fn case_seed(base: u64, target: usize, i: u64) -> u64 {
    let mut g = Gen::new(
        base ^ (target as u64).wrapping_mul(0x2545_f491_4f6c_dd1d) ^ i.wrapping_mul(0x9e37_79b9),
    );
    g.u64()
}

/// Runs one case, turning a panic into `Err(message)`.
pub fn run_case(f: Target, seed: u64) -> Result<(), String> {
    std::panic::catch_unwind(AssertUnwindSafe(|| f(&mut Gen::new(seed)))).map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

/// Raw file contents of one of several kinds: random bytes, text, UTF-16 with
/// a BOM (sometimes broken), gzip (sometimes truncated), markup.
fn file_bytes(g: &mut Gen) -> Vec<u8> {
    let n = g.range(0, 40);
    let text = g.text(TEXT, n);
    match g.below(7) {
        0 => {
            let n = g.range(0, 200);
            g.bytes(n)
        }
        6 => {
            // Roff: requests, comments, definitions and escapes, cut
            // anywhere, among the text's words and other scripts.
            const ROFF: &[&str] = &[
                ".\\\" ",
                ".TH X 1\n",
                ".SH ",
                "\"NAME\"",
                ".de XX\n",
                "..\n",
                ".ig\n",
                ".B ",
                ".BR ",
                ".Nm ",
                ".Nd ",
                "\\fB",
                "\\f(CW",
                "\\f[",
                "]",
                "\\s-1",
                "\\s",
                "\\(",
                "\\(:a",
                "\\[u00E4]",
                "\\[",
                "\\*(lq",
                "\\*",
                "\\h'|0'",
                "\\h'",
                "\\-",
                "\\&",
                "\\",
                "\\\"",
                "\n",
                "'",
                ".",
                "é",
                "名",
            ];
            let n = g.range(0, 40);
            let mut t = String::from(".\\\" generated\n");
            for _ in 0..n {
                let piece: &str = if g.chance(50) {
                    g.pick::<&str>(ROFF)
                } else {
                    g.pick::<&str>(TEXT)
                };
                t.push_str(piece);
            }
            t.into_bytes()
        }
        1 | 2 => text.into_bytes(),
        3 => {
            let be = g.chance(50);
            let mut b = if be {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for u in text.encode_utf16() {
                b.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            if g.chance(20) {
                let cut = g.below(b.len() + 1);
                b.truncate(cut);
            }
            b
        }
        4 => {
            use std::io::Write;
            let inner = if g.chance(50) {
                text.into_bytes()
            } else {
                file_bytes(g)
            };
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&inner).unwrap();
            let mut b = e.finish().unwrap();
            if g.chance(20) {
                let cut = g.below(b.len() + 1);
                b.truncate(cut);
            }
            if g.chance(10) && !b.is_empty() {
                let i = g.below(b.len());
                b[i] ^= 1 << g.below(8);
            }
            b
        }
        _ => format!("<html><!-- {text} --><p a=\"{text}\">{text}</p><script>{text}").into_bytes(),
    }
}

/// The loader on arbitrary bytes and names: never panics; masked markup
/// keeps every offset; the document maps every char boundary to a line.
fn loader(g: &mut Gen) {
    let name = *g.pick(&[
        "a.txt",
        "a.html",
        "a.HTM",
        "a.xml",
        "a.gz",
        "a.html.gz",
        "a.md",
        "a",
        "a.1",
        "a.3pm.gz",
        "a.svg",
    ]);
    let bytes = file_bytes(g);
    let opts = LoadOptions {
        max_file_bytes: *g.pick(&[0, 1, 10, 100, 1 << 20]),
        markup: g.chance(70),
        decompress: g.chance(70),
        ..LoadOptions::default()
    };
    if let Ok(t) = refrain::readfile::read_bytes(name, bytes.clone(), &opts) {
        if t.decoded.is_empty() {
            assert_eq!(t.text.len(), bytes.len(), "masking changed the length");
            assert!(t.text.len() as u64 <= opts.max_file_bytes);
        }
        let d = Document::new(name, t.text);
        for _ in 0..4 {
            let mut at = g.below(d.len() + 1);
            while !d.text.is_char_boundary(at) {
                at -= 1;
            }
            let (line, col) = d.line_col(at);
            assert!(line >= 1 && col >= 1 && line <= d.line_starts().len());
        }
        let _ = d.title();
    }
}

/// The segmenter: tokens are in bounds, on character boundaries, in order.
fn segmenter(g: &mut Gen) {
    let n = g.range(0, 60);
    let text = g.text(TEXT, n);
    let mut last = 0;
    for t in refrain::segment::tokenize(&text) {
        assert!(
            t.start >= last && t.start <= t.end && t.end <= text.len(),
            "{t:?}"
        );
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        last = t.end;
    }
    let _ = refrain::segment::word_count(&text);
}

/// A document for the engine: random, periodic, or copied from another
/// document with a few changes.
fn engine_doc(g: &mut Gen, vocab: &[&str], others: &[String]) -> String {
    let n = g.range(0, 120);
    match g.below(4) {
        0 => (0..n).map(|_| format!("{} ", g.pick(vocab))).collect(),
        1 => {
            let period: Vec<&str> = (0..g.range(1, 6)).map(|_| *g.pick(vocab)).collect();
            (0..n)
                .map(|i| format!("{} ", period[i % period.len()]))
                .collect()
        }
        2 if !others.is_empty() => {
            let src = g.pick(others).clone();
            let mut words: Vec<String> = src.split(' ').map(str::to_string).collect();
            for _ in 0..g.range(0, 4) {
                let i = g.below(words.len());
                words[i] = g.pick(vocab).to_string();
            }
            words.join(" ")
        }
        _ => g.text(TEXT, n),
    }
}

/// The engine on small corpora: every occurrence lies inside its document,
/// on character boundaries, and every cluster has at least two.
fn engine(g: &mut Gen) {
    let vocab_all = [
        "alpha", "beta", "gamma", "delta", "中文", "“q”", "e\u{301}", "x", "the", "a",
    ];
    let vocab = &vocab_all[..g.range(1, vocab_all.len())];
    let mut docs: Vec<String> = Vec::new();
    for _ in 0..g.range(1, 4) {
        let d = engine_doc(g, vocab, &docs);
        docs.push(d);
    }
    let corpus = Corpus {
        documents: docs
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}.txt"), t.clone()))
            .collect(),
    };
    let params = Params {
        min_words: g.range(1, 8),
        min_similarity: *g.pick(&[0.0, 0.5, 0.8, 1.0]),
        ..Params::default()
    };
    let a = refrain::reuse::analyse(corpus, &params);
    for c in &a.clusters {
        assert!(
            c.occurrences.len() >= 2,
            "cluster with {} occurrence",
            c.occurrences.len()
        );
        for p in &c.occurrences {
            let t = &a.corpus.documents[p.document].text;
            assert!(p.start < p.end && p.end <= t.len(), "{p:?}");
            assert!(
                t.is_char_boundary(p.start) && t.is_char_boundary(p.end),
                "{p:?}"
            );
        }
    }
}

fn keymap_pieces() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        let mut p: Vec<String> = Action::ALL.iter().map(|a| a.name().to_string()).collect();
        p.extend(
            [
                "[global]\n",
                "[reader]\n",
                "[library]\n",
                "[compare]\n",
                "[passages]\n",
                "[help]\n",
                "[nope]\n",
                " = [",
                "]\n",
                "\"",
                "\", \"",
                "\"j\"",
                "\"g g\"",
                "\"ctrl-x ctrl-c\"",
                "\"ctrl-\"",
                "\"shift-tab\"",
                "\"alt-中\"",
                "\"f13\"",
                "\"f1\"",
                "\"esc\"",
                "\"\"",
                "\" \"",
                "\"a b c d e f\"",
                "\"ctrl-shift-alt-x\"",
                "[]",
                "\n",
                "# comment\n",
                "=",
                "quit",
                "\"q\"",
                "\"\\u0000\"",
                "\"\\t\"",
                "\"space\"",
                "\"shift-A\"",
                "'x'",
            ]
            .map(String::from),
        );
        p
    })
}

/// The keymap parser on TOML-ish text: an error or a keymap, never a panic;
/// a keymap answers every question about every context.
fn keymap(g: &mut Gen) {
    let pieces = keymap_pieces();
    let n = g.range(0, 40);
    let mut src = String::from(if g.chance(80) { "[global]\n" } else { "" });
    for _ in 0..n {
        src.push_str(g.pick::<String>(pieces));
    }
    if let Ok(k) = Keymap::from_toml(&src, "fuzz.toml") {
        for ctx in Context::ALL {
            for (a, _) in k.bindings(ctx) {
                let _ = k.keys_for(ctx, a);
            }
        }
        let _ = k.unbound();
    }
}

/// Client bytes: escape-sequence fragments (SGR mouse, CSI keys, bracketed
/// paste, SS3), split UTF-8 and random bytes.
const SSH_PIECES: &[&[u8]] = &[
    b"\x1b",
    b"\x1b[",
    b"\x1b[<",
    b"0;10;5M",
    b"0;10;5m",
    b"65;1;1M",
    b"35;200;90M",
    b"M",
    b"m",
    b";",
    b"1",
    b"99999999999",
    b"A",
    b"B",
    b"~",
    b"5~",
    b"\x1bO",
    b"P",
    b"\x1b[200~",
    b"\x1b[201~",
    b"\xe4\xb8",
    b"\xad",
    b"\xff",
    b"q",
    b"o",
    b"]",
    b"\r",
    b"\x03",
    b"\x7f",
    b"\x1b[1;5C",
    b"\x1b[M",
    b" !!",
    b"\x1b[?",
    b"\x1b]",
    b"\x07",
];

/// The SSH input decoder on arbitrary chunked bytes: never panics.
fn ssh_input(g: &mut Gen) {
    let mut d = refrain::ssh::input::InputDecoder::new();
    let n = g.range(0, 60);
    let mut bytes = Vec::new();
    for _ in 0..n {
        if g.chance(10) {
            let k = g.range(1, 8);
            bytes.extend(g.bytes(k));
        } else {
            bytes.extend_from_slice(g.pick::<&[u8]>(SSH_PIECES));
        }
    }
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + g.range(1, 16)).min(bytes.len());
        let _ = d.feed(&bytes[at..end]);
        at = end;
    }
}

/// The analyses the app target runs on: the seeds, awkward documents, and a
/// corpus of nested and neighbouring passages from periodic text.
fn analyses() -> &'static [Arc<Analysis>; 3] {
    static A: OnceLock<[Arc<Analysis>; 3]> = OnceLock::new();
    A.get_or_init(|| {
        let p = Params::default();
        let seeds = refrain::analyse(refrain::corpus::seeds(), &p);
        let shared = "a passage that is repeated in every awkward document below, long enough to count as shared text";
        let odd = vec![
            Document::new("empty.txt", ""),
            Document::new("one_line.txt", format!("{shared} {}", "word ".repeat(3000))),
            Document::new(
                "controls.txt",
                format!("\x1b[2J\tTab\x07\r\n{shared}\r\n\u{202e}x\u{9b}y\n\n中文字符{shared}"),
            ),
            Document::new("cjk.txt", format!("漢字かな交じり文{shared}\n한국어 텍스트\n")),
        ];
        let odd = refrain::analyse(Corpus { documents: odd }, &p);
        let a = "the quick brown fox jumps over the lazy dog near the river bank today";
        let b = "seven silver swans swam silently southward across the still grey lake";
        let nested = vec![
            Document::new("n1.txt", format!("{a} {b}\n{a}\n{b} {a}")),
            Document::new("n2.txt", format!("{b}\n{a} {b} {a}")),
            Document::new("n3.txt", format!("intro {a} middle {b} end\n\n{a} {a}")),
        ];
        let nested = refrain::analyse(Corpus { documents: nested }, &p);
        [Arc::new(seeds), Arc::new(odd), Arc::new(nested)]
    })
}

fn key_event(g: &mut Gen) -> Event {
    let code = match g.below(10) {
        0..=4 => KeyCode::Char(*g.pick(&[
            'q', 'j', 'k', 'o', ']', '[', 'n', 'N', '/', 'c', 'p', 'l', 'x', 'g', 'G', '?', 'e',
            ' ', 'a', '中', 'd', 'u', 'b', 's', 'i', 'X', '+', '-', 't', '!', '0', '9',
        ])),
        5 => KeyCode::Enter,
        6 => KeyCode::Esc,
        7 => *g.pick(&[
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
        ]),
        8 => *g.pick(&[
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
        _ => KeyCode::F(g.range(1, 12) as u8),
    };
    let mods = *g.pick(&[
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::SHIFT,
        KeyModifiers::ALT,
    ]);
    Event::Key(KeyEvent::new(code, mods))
}

fn mouse_event(g: &mut Gen, w: u16, h: u16) -> Event {
    let kind = match g.below(8) {
        0..=2 => MouseEventKind::Down(MouseButton::Left),
        3 => MouseEventKind::Up(MouseButton::Left),
        4 => MouseEventKind::Drag(MouseButton::Left),
        5 => MouseEventKind::ScrollDown,
        6 => MouseEventKind::ScrollUp,
        _ => *g.pick(&[
            MouseEventKind::Moved,
            MouseEventKind::Down(MouseButton::Right),
            MouseEventKind::Down(MouseButton::Middle),
        ]),
    };
    // Mostly on screen, sometimes beyond it (a click from before a resize).
    let column = g.below(w as usize + 4) as u16;
    let row = g.below(h as usize + 4) as u16;
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Draws frames of one app case into one reused `TestBackend` (a fresh
/// terminal per frame cost three times the drawing itself).
struct Screen {
    terminal: ratatui::Terminal<ratatui::backend::TestBackend>,
}

impl Screen {
    fn new(w: u16, h: u16) -> Self {
        Screen {
            terminal: ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h))
                .expect("test backend"),
        }
    }

    /// What `refrain::ui::snapshot::render` does, on the same terminal: the
    /// app takes the size, then one frame is drawn.
    fn frame(&mut self, app: &mut App, w: u16, h: u16) {
        if app.size != (w, h) {
            app.resize(w, h);
        }
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        if self.terminal.backend().buffer().area != area {
            self.terminal.backend_mut().resize(w, h);
            self.terminal.resize(area).expect("resize a test backend");
        }
        self.terminal
            .draw(|f| refrain::ui::draw(f, app))
            .expect("drawing into a test backend");
    }
}

/// Longest event sequence of one `app` case, in frames (batches of events).
pub const APP_FRAMES: usize = 12;

/// `App::handle_event` on interleavings of keys, mouse events, resizes and
/// actions at random sizes, from a fresh app on one of three analyses, in
/// every colour mode, on every screen; 1–4 events arrive between two frames
/// (as in one read) and every frame is drawn. One case is one such sequence
/// of 1–[`APP_FRAMES`] frames (after an optional opening that switches
/// document and clicks in the same read).
fn app(g: &mut Gen) {
    app_sequence(g, APP_FRAMES);
}

/// The first generator of the app target (sequences of up to 40 frames),
/// kept because the seeds in [`REGRESSIONS`] name its cases.
fn app_v1(g: &mut Gen) {
    app_sequence(g, 40);
}

fn app_sequence(g: &mut Gen, max_frames: usize) {
    let which = g.below(3);
    let color = *g.pick(&[
        ColorMode::TrueColor,
        ColorMode::Ansi256,
        ColorMode::Ansi16,
        ColorMode::None,
    ]);
    let options = AppOptions {
        color,
        allow_editor: g.chance(50),
        ..AppOptions::default()
    };
    let mut app = App::new(
        analyses()[which].clone(),
        Arc::new(Keymap::default()),
        options,
    );
    let (mut w, mut h) = (g.range(20, 200) as u16, g.range(5, 70) as u16);
    app.handle_event(&Event::Resize(w, h));
    let mut screen = Screen::new(w, h);
    screen.frame(&mut app, w, h);
    if g.chance(40) {
        // Open a document, move through its passages, then a key that
        // switches document and clicks arriving in the same read.
        let key = |c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
        app.handle_event(&key(KeyCode::Enter));
        screen.frame(&mut app, w, h);
        for _ in 0..g.below(5) {
            app.handle_event(&key(KeyCode::Char(']')));
            screen.frame(&mut app, w, h);
        }
        app.handle_event(&key(KeyCode::Char(
            *g.pick(&['o', ']', '[', 'n', 'c', 'j']),
        )));
        let (x, y) = (g.below(w as usize) as u16, g.below(h as usize) as u16);
        for kind in [
            MouseEventKind::Down(MouseButton::Left),
            MouseEventKind::Up(MouseButton::Left),
        ] {
            let m = MouseEvent {
                kind,
                column: x,
                row: y,
                modifiers: KeyModifiers::NONE,
            };
            app.handle_event(&Event::Mouse(m));
        }
        screen.frame(&mut app, w, h);
    }
    for _ in 0..g.range(1, max_frames) {
        for _ in 0..g.range(1, 4) {
            match g.below(12) {
                0..=5 => {
                    let e = key_event(g);
                    if !matches!(e, Event::Key(k) if k.code == KeyCode::Char('q') || k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL)
                    {
                        app.handle_event(&e);
                    }
                }
                6..=8 => {
                    let e = mouse_event(g, w, h);
                    app.handle_event(&e);
                }
                9 => {
                    (w, h) = (g.range(0, 220) as u16, g.range(0, 80) as u16);
                    app.handle_event(&Event::Resize(w, h));
                }
                _ => {
                    let a = *g.pick(Action::ALL);
                    if a != Action::Quit {
                        app.update(a);
                    }
                }
            }
            let _ = app.take_editor_request();
        }
        screen.frame(&mut app, w, h);
    }
}
