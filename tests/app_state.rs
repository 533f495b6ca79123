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
            boilerplate: None,
            occurrences: vec![passage(&docs, 0, P, 0), passage(&docs, 1, P2, 0)],
        },
        Cluster {
            id: 1,
            words: 12,
            similarity: 1.0,
            boilerplate: None,
            occurrences: vec![passage(&docs, 0, X, 0), passage(&docs, 1, X, 0)],
        },
        Cluster {
            id: 2,
            words: 4,
            similarity: 1.0,
            boilerplate: None,
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
        status.contains("a 4/49 6% │ passage 2/3 │ shared with b line 2 +1 · 4 words · 100%"),
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

/// (cursor line, cursor row, top line, top row) of the reader.
fn cursor_and_top(app: &mut App) -> (usize, usize, usize, usize) {
    let (w, _) = app.reader_text_size();
    let a = app.analysis.clone();
    let r = app.reader.as_ref().unwrap();
    let (l, row) = r.cursor_row(&a, &mut app.wrap, w);
    (l, row, r.top_line, r.top_row)
}

#[test]
fn the_cursor_moves_by_row_and_the_view_keeps_it_visible() {
    // 40x12: 10 text rows of 37 columns; the last 41 lines take one row each.
    let mut app = app(40, 12);
    app.update(Action::Select);
    assert_eq!(cursor_and_top(&mut app), (0, 0, 0, 0));
    app.update(Action::ScrollDown);
    assert_eq!(
        cursor_and_top(&mut app),
        (1, 0, 0, 0),
        "j moves the cursor, not the view"
    );
    app.update(Action::Bottom);
    assert_eq!(
        cursor_and_top(&mut app),
        (48, 0, 39, 0),
        "G: last line, at the bottom"
    );
    for _ in 0..7 {
        app.update(Action::ScrollUp);
    }
    assert_eq!(
        cursor_and_top(&mut app),
        (41, 0, 39, 0),
        "two rows from the top edge"
    );
    app.update(Action::ScrollUp);
    assert_eq!(
        cursor_and_top(&mut app),
        (40, 0, 38, 0),
        "the view follows, two rows of margin"
    );
    app.update(Action::Top);
    assert_eq!(cursor_and_top(&mut app), (0, 0, 0, 0));
    // X (line 4) wraps to two rows at 37 columns: the cursor visits both.
    for _ in 0..4 {
        app.update(Action::ScrollDown);
    }
    let (line, row, _, _) = cursor_and_top(&mut app);
    assert_eq!((line, row), (3, 1));
    // The wheel scrolls the view; the cursor stays on its text while visible.
    let wheel = |down: bool| {
        Event::Mouse(MouseEvent {
            kind: if down {
                MouseEventKind::ScrollDown
            } else {
                MouseEventKind::ScrollUp
            },
            column: 10,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.handle_event(&wheel(true));
    assert_eq!(cursor_and_top(&mut app), (3, 1, 3, 0));
    app.handle_event(&wheel(true));
    assert_eq!(
        cursor_and_top(&mut app),
        (5, 0, 5, 0),
        "pushed down to the first row shown"
    );
}

#[test]
fn the_passage_under_the_cursor_is_the_innermost_and_follows_the_cursor() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    for _ in 0..3 {
        app.update(Action::ScrollDown);
    }
    assert_eq!(
        selection(&app),
        Some((0, 2, 0)),
        "Y, nested in X, on line 4"
    );
    let o = app.cursor_occurrence().unwrap();
    assert_eq!((o.cluster, o.index), (2, 0));
    app.update(Action::ScrollDown);
    assert_eq!(selection(&app), None, "line 5 has no passage");
    app.update(Action::Compare);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(
        app.message.as_deref(),
        Some("no passage under the cursor (] goes to the next one)")
    );
    app.update(Action::ScrollDown);
    app.update(Action::ScrollDown);
    assert_eq!(selection(&app), Some((0, 0, 0)), "P on line 7");
    app.update(Action::ScrollDown);
    assert_eq!(
        selection(&app),
        Some((0, 0, 0)),
        "still P on its second row"
    );
    app.update(Action::Bottom);
    assert_eq!(selection(&app), None);
    assert_eq!(app.cursor_line(), Some((0, 48)));
    // ] moves the cursor to the passage it selects.
    app.update(Action::Top);
    app.update(Action::NextPassage);
    assert_eq!(selection(&app), Some((0, 1, 0)));
    assert_eq!(app.cursor_line(), Some((0, 3)));
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
    assert!(text.contains("Open the selected document"), "{text}");
    assert!(
        !text.contains("Go to the next shared passage"),
        "the library's help lists only what works there: {text}"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.help, None);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn help_scrolled_to_the_bottom_ends_on_its_last_row() {
    // As `less` stops at the last page: `G` leaves the last entry on the
    // box's last row, not alone above empty rows.
    let mut app = app(80, 24);
    key(&mut app, KeyCode::Char('?'));
    snapshot::render(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('G'));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    let lines: Vec<&str> = text.lines().collect();
    let bottom = lines.iter().position(|l| l.contains("closes ┘")).unwrap();
    let inside = |l: &str| l.trim_matches(|c: char| c == ' ' || c == '│').to_string();
    assert!(!inside(lines[bottom - 1]).is_empty(), "{text}");
    assert!(text.contains("Sort the library"), "{text}");
    let first_row = lines.iter().position(|l| l.contains("┌ Help")).unwrap() + 1;
    assert!(!inside(lines[first_row]).is_empty(), "{text}");
    // `k` moves back one entry: the bottom was a whole page, not more.
    let at_bottom = app.help.unwrap();
    assert!(at_bottom > 0);
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.help, Some(at_bottom - 1));
}

#[test]
fn help_descriptions_wrap_instead_of_being_cut() {
    // At 80 columns the reader's longer descriptions take two rows each;
    // none ends in "…", and scrolled to the bottom the last entry's last
    // row is the box's last.
    let mut app = app(80, 24);
    app.update(Action::Select);
    key(&mut app, KeyCode::Char('?'));
    let top = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(
        top.contains("Compare the current passage side by side with another │")
            && top.contains("│                    occurrence "),
        "{top}"
    );
    key(&mut app, KeyCode::Char('G'));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(!text.contains("…│"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let bottom = lines.iter().position(|l| l.contains("closes ┘")).unwrap();
    assert!(
        lines[bottom - 1].contains("selection of lines (for where else)"),
        "{text}"
    );
    // One entry back up from the bottom shows a two-row entry whole at
    // the top again.
    let at_bottom = app.help.unwrap();
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.help, Some(at_bottom - 1));
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
    // The fourth passage of document 000 is the first whose `o` leads to
    // another document (the third, the quoted title phrase, stays in 000).
    for _ in 0..4 {
        key(&mut app, KeyCode::Char(']'));
    }
    snapshot::render(&mut app, 80, 24);
    let before = app.reader.as_ref().unwrap().doc;
    let stale = app.layout.clone();
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
    // Even a layout of the previous document (as a frame drawn before the
    // switch had it) is checked against the open document, not trusted.
    let cursor = app.reader.as_ref().unwrap().cursor;
    app.layout = stale;
    app.click_at(9, 4);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        (r.doc, r.cursor),
        (doc, cursor),
        "the stale row was refused"
    );
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(text.contains(&format!("{} ", refrain::app::short_name(&d.path))));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

#[test]
fn go_to_line_with_colon_and_with_counts() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "3x");
    assert_eq!(app.message.as_deref(), Some("a line number: digits only"));
    typed(&mut app, "0");
    assert_eq!(app.prompt.as_ref().unwrap().text, "30");
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(
        text.lines().last().unwrap().starts_with("go to line: 30█"),
        "{text}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.cursor_line(), Some((0, 29)));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(
        text.lines().last().unwrap().starts_with(" a 30/49 "),
        "{text}"
    );
    let row = text
        .lines()
        .position(|l| l.contains("filler line 22 "))
        .unwrap();
    assert!(text.lines().nth(row).unwrap().starts_with(" ›"), "{text}");
    // A count before G or g goes to that line; the count shows while typed.
    typed(&mut app, "12");
    assert_eq!(app.count, Some(12));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    assert!(text.lines().last().unwrap().ends_with("12…"), "{text}");
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.cursor_line(), Some((0, 11)));
    assert_eq!(app.count, None);
    typed(&mut app, "5g");
    assert_eq!(app.cursor_line(), Some((0, 4)));
    typed(&mut app, "3j");
    assert_eq!(app.cursor_line(), Some((0, 6)), "a count repeats a move");
    typed(&mut app, "999G");
    assert_eq!(
        app.cursor_line(),
        Some((0, 48)),
        "past the end: the last line"
    );
    assert_eq!(
        app.message.as_deref(),
        Some("line 999 is past the end: 49 lines")
    );
    // vim: 15gg and 15G.
    let keymap = Keymap::load_with(Some("vim"), None).unwrap();
    let mut vim = App::new(
        Arc::new(analysis()),
        Arc::new(keymap),
        AppOptions::default(),
    );
    vim.resize(80, 24);
    vim.update(Action::Select);
    typed(&mut vim, "15gg");
    assert_eq!(vim.cursor_line(), Some((0, 14)));
    typed(&mut vim, "20G");
    assert_eq!(vim.cursor_line(), Some((0, 19)));
    key(&mut vim, KeyCode::Char(':'));
    typed(&mut vim, "2");
    key(&mut vim, KeyCode::Enter);
    assert_eq!(vim.cursor_line(), Some((0, 1)));
}

#[test]
fn search_as_you_type_history_repeat_and_all_documents() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "filler line 4");
    // As you type: the hit count, and the cursor on the first hit.
    assert_eq!(app.message.as_deref(), Some("2 hits"));
    assert_eq!(app.cursor_line(), Some((0, 11)), "filler line 4");
    let text = snapshot::text(&snapshot::render(&mut app, 80, 24));
    let status = text.lines().last().unwrap();
    assert!(status.starts_with("/filler line 4█"), "{status}");
    assert!(status.ends_with("2 hits · tab: all documents"), "{status}");
    // Esc goes back to where the prompt opened.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.cursor_line(), Some((0, 0)));
    assert!(app.reader.as_ref().unwrap().search.is_none());
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "filler line 4");
    ctrl(&mut app, 'w');
    assert_eq!(app.prompt.as_ref().unwrap().text, "filler line ");
    typed(&mut app, "40");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.cursor_line(), Some((0, 47)));
    // Empty Enter repeats the last search (next hit, wrapping round).
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.message.as_deref(), Some("hit 1/1 (wrapped around)"));
    // History: up brings back earlier searches, ctrl-u clears.
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "doc");
    ctrl(&mut app, 'u');
    assert_eq!(app.prompt.as_ref().unwrap().text, "");
    key(&mut app, KeyCode::Up);
    assert_eq!(app.prompt.as_ref().unwrap().text, "filler line 40");
    key(&mut app, KeyCode::Down);
    assert_eq!(app.prompt.as_ref().unwrap().text, "");
    // Tab widens the search to every document: n goes on into b.
    typed(&mut app, "filler line 1");
    key(&mut app, KeyCode::Tab);
    assert!(app.search_all);
    typed(&mut app, "0");
    assert_eq!(app.message.as_deref(), Some("1 hit · 1 in other documents"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.cursor_line(), Some((0, 17)));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.cursor_line(), Some((1, 11)), "Filler line 10 of b");
    assert_eq!(app.message.as_deref(), Some("hit 1/1 in b"));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.cursor_line(), Some((0, 17)), "round to a again");
    app.update(Action::Back);
    app.update(Action::Back);
    assert_eq!(
        app.cursor_line(),
        Some((0, 17)),
        "back returns through the documents"
    );
}

#[test]
fn keys_without_meaning_say_so_and_help_lists_only_what_works() {
    let mut app = app(80, 24);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.message.as_deref(),
        Some("y does nothing in the library (? lists the keys)")
    );
    // In the library `s` sorts; swap sides is `S` there.
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(
        app.message.as_deref(),
        Some("swap sides: not available in the library")
    );
    app.update(Action::Select);
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        app.message.as_deref(),
        Some("next pane: not available in the reader")
    );
    key(&mut app, KeyCode::Char('?'));
    let text = snapshot::text(&snapshot::render(&mut app, 80, 40));
    assert!(text.contains("Go to a line"), "{text}");
    assert!(!text.contains("Swap the left and right"), "{text}");
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.message.as_deref(),
        Some("y does nothing in the help (? lists the keys)")
    );
}

#[test]
fn editor_opens_from_the_library_and_the_passages_list() {
    let mut app = app(80, 24);
    app.update(Action::ScrollDown);
    app.update(Action::OpenEditor);
    let req = app.take_editor_request().unwrap();
    assert_eq!((req.doc, req.path.as_str(), req.line), (1, "b.txt", 1));
    app.update(Action::Passages);
    app.update(Action::ScrollDown);
    app.update(Action::OpenEditor);
    let req = app.take_editor_request().unwrap();
    assert_eq!((req.path.as_str(), req.line), ("a.txt", 4), "X, first in a");
}

#[test]
fn reload_after_an_edit_keeps_the_cursor_on_the_same_text() {
    let mut app = app(80, 24);
    app.update(Action::Select);
    // Cursor on P (line 7), the passage under it.
    for _ in 0..6 {
        app.update(Action::ScrollDown);
    }
    assert_eq!(selection(&app), Some((0, 0, 0)));
    let screen_row = |app: &App| app.layout.reader_cursor;
    let row_before = screen_row(&app);
    // The editor adds two lines at the top and changes a word of P.
    let old = app.analysis.corpus.documents[0].text.clone();
    let new = format!(
        "New first line\nand a second\n{}",
        old.replace("narrow pane", "small pane")
    );
    app.reload_document(0, new.clone());
    assert_eq!(app.analysis.corpus.documents[0].text, new);
    assert_eq!(
        app.message.as_deref(),
        Some("reloaded a: it changed on disk")
    );
    assert_eq!(
        app.cursor_line(),
        Some((0, 8)),
        "the same text, two lines lower"
    );
    assert_eq!(screen_row(&app), row_before, "at the same place on screen");
    // The engine re-analysed the corpus: the passage under the cursor is
    // whatever it found on the cursor's line now.
    let line_start = new.find("The long paragraph").unwrap();
    let o = app.cursor_occurrence().expect("a passage on P's line");
    assert!(o.passage.start <= line_start + 80 && o.passage.end > line_start);
    // The next `e` opens the new line.
    app.update(Action::OpenEditor);
    assert_eq!(app.take_editor_request().unwrap().line, 9);
    // A large corpus is re-analysed in the background; the text shows at once.
    app.reload_inline_bytes = 0;
    let newer = format!("One more\n{new}");
    app.reload_document(0, newer.clone());
    assert_eq!(app.analysis.corpus.documents[0].text, newer);
    assert_eq!(app.cursor_line(), Some((0, 9)));
    assert!(app.reanalysing());
    let start = std::time::Instant::now();
    while !app.poll_background() {
        assert!(
            start.elapsed().as_secs() < 30,
            "the re-analysis never landed"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!app.reanalysing());
    assert_eq!(
        app.message.as_deref(),
        Some("reloaded a: passages found again")
    );
    assert_eq!(app.cursor_line(), Some((0, 9)));
    assert!(app.cursor_occurrence().is_some());
}

#[test]
fn compare_rows_of_indented_lines_fit_their_pane() {
    // A passage whose continuation lines are indented (as in the GPL's
    // "Everyone is permitted … verbatim copies\n of this license document"):
    // a row that starts a line shows its indentation, which must count.
    let text = "Title\n\nEveryone is permitted to copy and distribute verbatim copies\n    of this license document, but changing it is not allowed at all.\n    Further indented words follow here to make the passage longer still.\n\nEnd.\n";
    let needle = "Everyone is permitted to copy and distribute verbatim copies\n    of this license document, but changing it is not allowed at all.\n    Further indented words follow here to make the passage longer still.";
    let docs = vec![Document::new("a.txt", text), Document::new("b.txt", text)];
    let clusters = vec![Cluster {
        id: 0,
        words: 32,
        similarity: 1.0,
        boilerplate: None,
        occurrences: vec![passage(&docs, 0, needle, 0), passage(&docs, 1, needle, 0)],
    }];
    let analysis = Arc::new(Analysis {
        corpus: Corpus { documents: docs },
        clusters,
        params: Params::default(),
    });
    let mut checked = 0;
    for width in 50..=90u16 {
        let mut app = App::new(
            analysis.clone(),
            Arc::new(Keymap::default()),
            AppOptions::default(),
        );
        app.resize(width, 30);
        app.update(Action::Select);
        app.update(Action::NextPassage);
        app.update(Action::Compare);
        let (w, _) = app.compare_text_size();
        let c = app.compare.as_ref().expect("compare open");
        for r in c.rows().iter() {
            for (side, d) in [(&r.left, 0), (&r.right, 1)] {
                if let Some(s) = side {
                    let shown = &analysis.corpus.documents[d].text[s.bytes.clone()];
                    assert!(
                        shown.trim_end().chars().count() <= w,
                        "width {w}: row {shown:?} is wider than its pane"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 200, "{checked} rows checked");
}

#[test]
fn the_row_above_a_passage_is_the_line_before_when_nothing_precedes_it_on_its_line() {
    let text = "A heading\n\nfirst words then the passage\n    indented passage here\nlast\n";
    let analysis = Analysis {
        corpus: Corpus {
            documents: vec![Document::new("a.txt", text)],
        },
        clusters: Vec::new(),
        params: Params::default(),
    };
    let docs = &analysis.corpus.documents;
    let rows = |needle: &str| {
        let p = passage(docs, 0, needle, 0);
        refrain::app::passage_rows(&analysis, &p, 80, 1, 0)
            .into_iter()
            .map(|r| (r.kind, text[r.bytes].to_string()))
            .collect::<Vec<_>>()
    };
    // A context row above a passage row.
    let above = |context: &str, passage: &str| {
        vec![
            (RowKind::Context, context.to_string()),
            (RowKind::Passage, passage.to_string()),
        ]
    };
    // Mid-line: the words before it on its line.
    assert_eq!(
        rows("the passage"),
        above("first words then ", "the passage")
    );
    // At the start of its line, or after its indentation only: the line
    // before (here blank), not a row of nothing or of spaces.
    assert_eq!(rows("first words"), above("", "first words"));
    assert_eq!(
        rows("indented passage"),
        above("first words then the passage", "indented passage")
    );
    // The first line of the document has nothing above it.
    assert_eq!(
        rows("A heading"),
        [(RowKind::Passage, "A heading".to_string())]
    );
}
