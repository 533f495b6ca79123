//! State tests: sequences of actions (and a few real key and mouse events)
//! give the expected screen, document, scroll position and selection. The
//! corpus and its clusters are built by hand here, so these tests do not move
//! when the engine's judgement changes.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use refrain::action::Action;
use refrain::app::{App, AppOptions, RowKind, Screen};
use refrain::corpus::{Corpus, Document};
use refrain::keymap::Keymap;
use refrain::reuse::{Analysis, Cluster, Params, Passage};
use refrain::ui::snapshot;
use std::sync::Arc;

const X: &str = "ONE two three four five six seven eight nine ten eleven twelve.";
const Y: &str = "three four five six";
const P: &str = "The long paragraph starts here and it goes on for a while so that it wraps over several rows in a narrow pane, with words that stay the same on both sides and a few that change between the copies.";
const P2: &str = "The long paragraph starts here and it goes on for quite a while so that it wraps over several rows in a narrow pane, with words that stay the same on both sides and some that differ between the copies.";

fn passage(docs: &[Document], d: usize, needle: &str, nth: usize) -> Passage {
    let start = docs[d]
        .text
        .match_indices(needle)
        .nth(nth)
        .expect("needle in document")
        .0;
    Passage {
        document: d,
        start,
        end: start + needle.len(),
    }
}

/// Two documents: X is shared by a and b; Y (inside X) occurs once in a and
/// twice in b (once on its own, once inside X); P and P2 are a near-duplicate.
fn analysis() -> Analysis {
    let mut a = String::from("Doc A\n\nintro line here\n");
    a += &format!("{X}\nmiddle text\n\n{P}\n\n");
    for i in 1..=40 {
        a += &format!("filler line {i} of document a\n");
    }
    a += "end.\n";
    let mut b = format!("Doc B\n{Y} appear alone.\n");
    for i in 1..=10 {
        b += &format!("Filler line {i} of document b\n");
    }
    b += &format!("{X}\n\n{P2}\n");
    let docs = vec![Document::new("a.txt", a), Document::new("b.txt", b)];
    let clusters = vec![
        Cluster {
            id: 0,
            words: 39,
            similarity: 0.9,
            occurrences: vec![passage(&docs, 0, P, 0), passage(&docs, 1, P2, 0)],
        },
        Cluster {
            id: 1,
            words: 12,
            similarity: 1.0,
            occurrences: vec![passage(&docs, 0, X, 0), passage(&docs, 1, X, 0)],
        },
        Cluster {
            id: 2,
            words: 4,
            similarity: 1.0,
            occurrences: vec![
                passage(&docs, 0, Y, 0),
                passage(&docs, 1, Y, 0),
                passage(&docs, 1, Y, 1),
            ],
        },
    ];
    Analysis {
        corpus: Corpus { documents: docs },
        clusters,
        params: Params::default(),
    }
}

fn app(w: u16, h: u16) -> App {
    let mut app = App::new(
        Arc::new(analysis()),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    app.resize(w, h);
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// (document, cluster, index in cluster) of the reader's selection.
fn selection(app: &App) -> Option<(usize, usize, usize)> {
    let r = app.reader.as_ref()?;
    let o = r.occs[r.selected?];
    Some((r.doc, o.cluster, o.index))
}

#[test]
fn enter_opens_the_document_and_next_passage_walks_passages_in_order() {
    let mut app = app(80, 24);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(selection(&app), None);
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(selection(&app), Some((0, 1, 0)), "X comes first");
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(selection(&app), Some((0, 2, 0)), "then Y, nested in X");
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(selection(&app), Some((0, 0, 0)), "then the paragraph");
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(selection(&app), Some((0, 1, 0)), "wraps around");
    assert_eq!(app.message.as_deref(), Some("wrapped to the first passage"));
    key(&mut app, KeyCode::Char('['));
    assert_eq!(selection(&app), Some((0, 0, 0)));
}

#[test]
fn status_bar_names_the_cluster_under_the_cursor() {
    let mut app = app(100, 24);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    app.update(Action::NextPassage);
    let text = snapshot::text(&snapshot::render(&mut app, 100, 24));
    let status = text.lines().last().unwrap();
    assert!(
        status.contains("a 1/49 0% │ passage 2/3 │ shared with b line 2 +1 · 4 words · 100%"),
        "{status}"
    );
}

#[test]
fn other_occurrence_jumps_across_and_within_documents_and_back_returns() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    app.update(Action::NextPassage);
    let before = app.reader.clone().unwrap();
    app.update(Action::OtherOccurrence);
    assert_eq!(selection(&app), Some((1, 2, 1)), "Y alone in b");
    app.update(Action::OtherOccurrence);
    assert_eq!(
        selection(&app),
        Some((1, 2, 2)),
        "Y inside X in the same document"
    );
    app.update(Action::OtherOccurrence);
    assert_eq!(selection(&app), Some((0, 2, 0)), "round to a again");
    app.update(Action::Back);
    app.update(Action::Back);
    assert_eq!(selection(&app), Some((1, 2, 1)));
    app.update(Action::Back);
    let after = app.reader.as_ref().unwrap();
    assert_eq!(selection(&app), Some((0, 2, 0)));
    assert_eq!(
        (after.top_line, after.top_row),
        (before.top_line, before.top_row)
    );
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Library);
}

#[test]
fn compare_cycles_occurrences_swaps_and_returns_to_the_same_place() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    app.update(Action::NextPassage);
    app.update(Action::ScrollDown);
    let before = app.reader.clone().unwrap();
    app.update(Action::Compare);
    assert_eq!(app.screen, Screen::Compare);
    let lr = |app: &App| {
        let c = app.compare.as_ref().unwrap();
        (c.cluster.unwrap(), c.left, c.right)
    };
    assert_eq!(lr(&app), (2, 0, 1));
    app.update(Action::OtherOccurrence);
    assert_eq!(lr(&app), (2, 0, 2));
    app.update(Action::OtherOccurrence);
    assert_eq!(lr(&app), (2, 0, 1), "skips the left occurrence");
    app.update(Action::SwapSides);
    assert_eq!(lr(&app), (2, 1, 0));
    app.update(Action::SwapSides);
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Reader);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        (r.doc, r.top_line, r.top_row, r.selected),
        (before.doc, before.top_line, before.top_row, before.selected)
    );
}

#[test]
fn compare_focus_on_the_right_returns_to_that_occurrence_then_back_again() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    app.update(Action::Compare);
    app.update(Action::NextPane);
    app.update(Action::Back);
    assert_eq!(selection(&app), Some((1, 1, 1)), "X in b");
    app.update(Action::Back);
    assert_eq!(selection(&app), Some((0, 1, 0)), "X in a");
}

#[test]
fn compare_aligns_passage_starts_and_keeps_matching_text_level() {
    let mut app = app(64, 12);
    app.update(Action::Select);
    for _ in 0..3 {
        app.update(Action::NextPassage);
    }
    assert_eq!(selection(&app), Some((0, 0, 0)));
    app.update(Action::Compare);
    let (w, h) = app.compare_text_size();
    assert_eq!((w, h), (30, 10));
    let a = app.analysis.clone();
    let c = app.compare.as_ref().unwrap();
    let rows = c.rows();
    let first = |left: bool| {
        rows.iter()
            .position(|r| {
                let side = if left { &r.left } else { &r.right };
                side.as_ref().is_some_and(|s| s.kind == RowKind::Passage)
            })
            .unwrap()
    };
    assert_eq!(first(true), first(false), "both passages start on one row");
    let text = |s: &refrain::app::SideRow, d: usize| {
        a.corpus.documents[d].text[s.bytes.clone()].to_string()
    };
    let mut level = 0;
    for r in rows.iter() {
        if let (Some(l), Some(rr)) = (&r.left, &r.right)
            && l.kind == RowKind::Passage
            && !r.changed
        {
            assert_eq!(
                text(l, 0).trim_end(),
                text(rr, 1).trim_end(),
                "unchanged rows show the same words"
            );
            level += 1;
        }
    }
    assert!(level >= 3, "{level} identical rows");
    assert!(rows.iter().any(|r| r.changed));
    // One scroll offset drives both panes; it stops at the end.
    app.update(Action::ScrollDown);
    app.update(Action::ScrollDown);
    assert_eq!(app.compare.as_ref().unwrap().scroll, 2);
    app.update(Action::Bottom);
    let max = rows.len() - h;
    assert_eq!(app.compare.as_ref().unwrap().scroll, max);
    app.update(Action::ScrollDown);
    assert_eq!(app.compare.as_ref().unwrap().scroll, max);
    // next / previous difference
    app.update(Action::Top);
    app.update(Action::NextDifference);
    let c = app.compare.as_ref().unwrap();
    assert_eq!(c.current, Some(0));
    let row = c.difference_row(0).unwrap();
    assert!(rows[row].changed);
    assert_eq!(c.scroll, row - h / 3, "the difference sits a third down");
}

#[test]
fn scrolling_by_line_page_top_and_bottom() {
    let mut app = app(40, 12);
    app.update(Action::Select);
    let pos = |app: &App| {
        let r = app.reader.as_ref().unwrap();
        (r.top_line, r.top_row)
    };
    app.update(Action::ScrollDown);
    assert_eq!(pos(&app), (1, 0));
    app.update(Action::PageDown);
    // 11 text rows, a page is 9: rows of X (2) and P (6) are passed row by row.
    assert_eq!(pos(&app), (6, 3));
    app.update(Action::PageUp);
    assert_eq!(pos(&app), (1, 0));
    app.update(Action::Bottom);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.top_line, 49 - 11);
    app.update(Action::ScrollDown);
    assert_eq!(
        app.reader.as_ref().unwrap().top_line,
        49 - 11,
        "stops at the end"
    );
    app.update(Action::Top);
    assert_eq!(pos(&app), (0, 0));
}

#[test]
fn scrolling_selects_the_first_passage_left_on_screen() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    for _ in 0..3 {
        app.update(Action::ScrollDown);
    }
    assert_eq!(selection(&app), Some((0, 1, 0)), "X still on screen");
    app.update(Action::ScrollDown);
    assert_eq!(selection(&app), Some((0, 0, 0)), "X gone, P is first");
    app.update(Action::Bottom);
    assert_eq!(selection(&app), None);
}

#[test]
fn resize_keeps_the_line_in_view() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    for _ in 0..10 {
        app.update(Action::ScrollDown);
    }
    let line = app.reader.as_ref().unwrap().top_line;
    app.handle_event(&Event::Resize(50, 20));
    assert_eq!(app.reader.as_ref().unwrap().top_line, line);
}

#[test]
fn search_finds_hits_case_insensitively_and_steps_through_them() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "FILLER LINE 3");
    key(&mut app, KeyCode::Enter);
    let r = app.reader.as_ref().unwrap();
    let s = r.search.as_ref().unwrap();
    // "filler line 3" and "filler line 30".."39"
    assert_eq!(s.hits.len(), 11);
    assert_eq!(s.current, Some(0));
    let d = &app.analysis.corpus.documents[0];
    assert_eq!(&d.text[s.hits[0].clone()], "filler line 3");
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('n'));
    let s = app.reader.as_ref().unwrap().search.clone().unwrap();
    assert_eq!(s.current, Some(2));
    let top = app.reader.as_ref().unwrap().top_line;
    assert!(top > 0, "scrolled to show the hit");
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(
        app.reader
            .as_ref()
            .unwrap()
            .search
            .as_ref()
            .unwrap()
            .current,
        Some(1)
    );
}

#[test]
fn passages_filter_narrows_as_you_type_and_enter_jumps() {
    let mut app = app(80, 24);
    app.update(Action::Passages);
    assert_eq!(app.passages.shown, vec![0, 1, 2]);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "three");
    assert_eq!(app.passages.shown, vec![1, 2]);
    typed(&mut app, " four five six seven");
    assert_eq!(app.passages.shown, vec![1]);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    assert_eq!(app.passages.filter, "three four five six seve");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(selection(&app), Some((0, 1, 0)));
}

#[test]
fn click_on_a_highlighted_passage_selects_it_and_wheel_scrolls() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    snapshot::render(&mut app, 80, 24);
    // Y starts at column 14 of line 4 ("ONE two three …") in document a.
    let (y, x0, _) = app
        .layout
        .reader_rows
        .iter()
        .find(|(_, _, r)| r.line == 3)
        .cloned()
        .unwrap();
    let click = |col: u16| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.handle_event(&click(x0 + 15));
    assert_eq!(selection(&app), Some((0, 2, 0)), "the innermost passage");
    app.handle_event(&click(x0 + 1));
    assert_eq!(selection(&app), Some((0, 1, 0)));
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.reader.as_ref().unwrap().top_line, 3);
}

#[test]
fn too_small_a_terminal_gets_a_message() {
    let mut app = app(30, 6);
    app.update(Action::Select);
    let text = snapshot::text(&snapshot::render(&mut app, 30, 6));
    assert!(text.contains("Terminal too small"), "{text}");
}

#[test]
fn help_overlay_opens_and_closes_and_quit_quits() {
    let mut app = app(80, 24);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.help, Some(0));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(text.contains("Go to the next shared passage"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.help, None);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn editor_request_names_the_file_and_line() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    app.update(Action::OpenEditor);
    let req = app.take_editor_request().unwrap();
    assert_eq!((req.path.as_str(), req.line), ("a.txt", 4));
    let mut ssh = App::new(
        Arc::new(analysis()),
        Arc::new(Keymap::default()),
        AppOptions {
            allow_editor: false,
            ..AppOptions::default()
        },
    );
    ssh.update(Action::Select);
    ssh.update(Action::OpenEditor);
    assert_eq!(ssh.take_editor_request(), None);
}

#[test]
fn vim_keymap_shows_a_pending_prefix_and_completes_it() {
    let keymap = Keymap::load_with(Some("vim"), None).unwrap();
    let mut app = App::new(
        Arc::new(analysis()),
        Arc::new(keymap),
        AppOptions::default(),
    );
    app.resize(80, 24);
    app.update(Action::Select);
    for _ in 0..5 {
        app.update(Action::ScrollDown);
    }
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.pending_keys().as_deref(), Some("g"));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(text.lines().last().unwrap().ends_with("g…"), "{text}");
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.pending_keys(), None);
    assert_eq!(app.reader.as_ref().unwrap().top_line, 0);
}

/// Issue 13 item 1: a key that switches document and a click arriving in the
/// same read (no frame drawn between them) must hit the new document's rows,
/// not the previous frame's (that subtracted offsets of two documents and
/// panicked in the wrap code).
#[test]
fn a_click_right_after_a_document_switch_uses_the_new_document() {
    let analysis = refrain::analyse(refrain::corpus::seeds(), &Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    app.resize(80, 24);
    key(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        key(&mut app, KeyCode::Char(']'));
    }
    snapshot::render(&mut app, 80, 24);
    let before = app.reader.as_ref().unwrap().doc;
    // `o` + ESC[<0;10;5M + ESC[<0;10;5m, as one read delivers them.
    key(&mut app, KeyCode::Char('o'));
    let doc = app.reader.as_ref().unwrap().doc;
    assert_ne!(doc, before, "o jumped to another document");
    for kind in [
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Up(MouseButton::Left),
    ] {
        app.handle_event(&Event::Mouse(MouseEvent {
            kind,
            column: 9,
            row: 4,
            modifiers: KeyModifiers::NONE,
        }));
    }
    // The rows the mouse is resolved against belong to the open document.
    let a = app.analysis.clone();
    let d = &a.corpus.documents[doc];
    for (_, _, row) in &app.layout.reader_rows {
        let base = d.line_starts()[row.line];
        assert!(row.bytes.start >= base && row.bytes.end <= base + d.line_text(row.line).len());
    }
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(text.contains(&format!("{} ", refrain::app::short_name(&d.path))));
}
