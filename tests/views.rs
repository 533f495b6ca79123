//! The reader's views of reuse on the seeds: every occurrence at once (the
//! N-way view), "where else does this appear?", and the compare view that
//! marks and counts every difference. Snapshots at 80x24 and 120x40 (with
//! styled runs where the marks are the point) and state tests.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use refrain::action::Action;
use refrain::app::{App, AppOptions, Pane, Screen};
use refrain::keymap::Keymap;
use refrain::reuse::diff::DiffKind;
use refrain::ui::ColorMode;
use refrain::ui::snapshot::{render, text, text_and_styles};
use std::sync::Arc;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn seeds_app(w: u16, h: u16) -> App {
    app_of(refrain::corpus::seeds(), w, h)
}

/// The app on `corpus`, analysed with the default parameters, at `w`x`h`.
fn app_of(corpus: refrain::corpus::Corpus, w: u16, h: u16) -> App {
    let analysis = refrain::analyse(corpus, &refrain::Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions {
            color: ColorMode::TrueColor,
            allow_editor: true,
            ..AppOptions::default()
        },
    );
    app.resize(w, h);
    app
}

/// The cluster whose first occurrence contains `needle`, preferring the one
/// with the most occurrences, then the shortest.
fn cluster_with(app: &App, needle: &str) -> usize {
    let a = &app.analysis;
    (0..a.clusters.len())
        .filter(|&c| a.text(&a.clusters[c].occurrences[0]).contains(needle))
        .max_by_key(|&c| {
            let cl = &a.clusters[c];
            (cl.occurrences.len(), std::cmp::Reverse(cl.words))
        })
        .unwrap_or_else(|| panic!("no cluster contains {needle:?}"))
}

/// Opens the passages list with the cluster of `needle` selected (see
/// [`cluster_with`]), and returns that cluster.
fn select_in_passages(app: &mut App, needle: &str) -> usize {
    app.update(Action::Passages);
    let c = cluster_with(app, needle);
    while app.passages.shown[app.passages.selected] != c {
        app.update(Action::ScrollDown);
    }
    c
}

fn each_size(name: &str, styles: bool, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = seeds_app(w, h);
        setup(&mut app);
        let buf = render(&mut app, w, h);
        let out = if styles {
            text_and_styles(&buf)
        } else {
            text(&buf)
        };
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), out);
    }
}

const QUOTATION: &str = "common space for human activities";
const THEME: &str = "Forging an Open, Cooperative, Secure";
const NOTE: &str = "In 2015, at the opening of the second World Internet";

#[test]
fn nway_view_of_the_four_place_quotation() {
    each_size("nway_quotation", true, |app| {
        let c = cluster_with(app, QUOTATION);
        assert_eq!(app.analysis.clusters[c].occurrences.len(), 4);
        app.open_occurrence(c, 0);
        app.update(Action::AllOccurrences);
        assert_eq!(app.screen, Screen::Nway);
    });
}

#[test]
fn compare_of_the_conference_theme_variant() {
    each_size("compare_theme_variant", true, |app| {
        let c = cluster_with(app, THEME);
        app.open_occurrence(c, 0);
        app.update(Action::AllOccurrences);
        app.update(Action::Bottom);
        app.update(Action::Compare);
        app.update(Action::NextDifference);
    });
}

#[test]
fn compare_folds_an_identical_passage() {
    each_size("compare_folded_note", false, |app| {
        let c = cluster_with(app, NOTE);
        app.open_occurrence(c, 0);
        app.open_compare();
    });
}

/// Puts the reader's cursor on 0-based line `line`.
fn cursor_to_line(app: &mut App, line: usize) {
    app.go_to_line(line + 1);
    assert_eq!(app.cursor_line().unwrap().1, line);
}

#[test]
fn where_else_from_a_line_of_the_editors_note() {
    each_size("where_else_note", false, |app| {
        let c = cluster_with(app, NOTE);
        app.open_occurrence(c, 0);
        cursor_to_line(app, 10);
        app.update(Action::WhereElse);
        assert_eq!(app.screen, Screen::WhereElse);
        let s = app.where_else.as_ref().unwrap();
        let a = &app.analysis;
        assert!(a.text(&s.query).starts_with("In 2015, at the opening"));
        assert!(a.text(&s.query).ends_with("development and governance."));
        // The same line in the other article, whole and identical, comes first.
        let first = &s.hits[0];
        assert_eq!(
            a.corpus.documents[first.passage.document].path,
            "seeds/003_4a37616d70ecd5f6.txt"
        );
        assert_eq!(a.text(&first.passage), a.text(&s.query));
        assert_eq!(first.similarity, 1.0);
    });
}

#[test]
fn nway_navigation_reference_open_compare_and_back() {
    let mut app = seeds_app(80, 24);
    let c = cluster_with(&app, QUOTATION);
    app.open_occurrence(c, 1);
    let reader_before = app.reader.clone().unwrap();
    app.update(Action::AllOccurrences);
    assert_eq!(app.screen, Screen::Nway);
    let s = app.nway.as_ref().unwrap();
    // The occurrence under the cursor is the reference and is selected.
    assert_eq!((s.cluster, s.reference, s.selected), (c, 1, 1));
    // Copies with "that," differ from the reference ("that") in that word only.
    let a = app.analysis.clone();
    let occ = &a.clusters[c].occurrences;
    let lit = |i: usize| -> Vec<String> {
        let p = occ[i];
        let t = &a.corpus.documents[p.document].text;
        app.nway
            .as_ref()
            .unwrap()
            .marks(i)
            .iter()
            .map(|m| t[m.bytes.clone()].to_string())
            .collect()
    };
    assert_eq!(lit(0), ["that,"]);
    assert_eq!(lit(2), ["that,"]);
    assert_eq!(lit(3), Vec::<String>::new(), "identical to the reference");
    assert_eq!(
        lit(1),
        ["that"],
        "the reference lights what any copy changes"
    );
    // j / k / G / g move the selection, clamped.
    app.update(Action::ScrollDown);
    app.update(Action::ScrollDown);
    app.update(Action::ScrollDown);
    assert_eq!(app.nway.as_ref().unwrap().selected, 3);
    app.update(Action::ScrollDown);
    assert_eq!(app.nway.as_ref().unwrap().selected, 3, "stays on the last");
    app.update(Action::Top);
    assert_eq!(app.nway.as_ref().unwrap().selected, 0);
    // r makes the selection the reference; similarities follow.
    app.update(Action::SetReference);
    let s = app.nway.as_ref().unwrap();
    assert_eq!(s.reference, 0);
    assert_eq!(s.marks(2), vec![], "occurrence 3 reads exactly like 1");
    // c compares the selection with the reference; back returns to the view.
    app.update(Action::ScrollDown);
    app.update(Action::Compare);
    assert_eq!(app.screen, Screen::Compare);
    let cmp = app.compare.as_ref().unwrap();
    assert_eq!((cmp.cluster, cmp.left, cmp.right), (Some(c), 0, 1));
    assert_eq!(cmp.differences, 1);
    assert!(
        cmp.status().starts_with("1 difference │ 100% similar"),
        "{}",
        cmp.status()
    );
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Nway);
    // enter opens the selected occurrence; back returns to where the reader was.
    app.update(Action::Select);
    assert_eq!(app.screen, Screen::Reader);
    let r = app.reader.as_ref().unwrap();
    let sel = r.occs[r.selected.unwrap()];
    assert_eq!((sel.cluster, sel.index), (c, 1));
    app.update(Action::Back);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        (r.doc, r.top_line),
        (reader_before.doc, reader_before.top_line)
    );
}

#[test]
fn nway_from_the_passages_list_and_panes_scroll_into_view() {
    let mut app = seeds_app(80, 16);
    let c = select_in_passages(&mut app, QUOTATION);
    app.update(Action::AllOccurrences);
    assert_eq!(app.screen, Screen::Nway);
    let s = app.nway.as_ref().unwrap();
    assert_eq!((s.cluster, s.reference, s.selected, s.top), (c, 0, 0, 0));
    // 15 rows: a list of 2 + 4 = 6 rows leaves 9 for panes, 2 panes of 4.
    assert_eq!(app.nway_heights(), (6, 9));
    assert_eq!(refrain::app::pane_layout(4, 9), (4, 2));
    app.update(Action::Bottom);
    let s = app.nway.as_ref().unwrap();
    assert_eq!(
        (s.selected, s.top),
        (3, 2),
        "the last pane is scrolled into view"
    );
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Passages);
}

#[test]
fn compare_from_the_passages_list_and_back() {
    let mut app = seeds_app(80, 24);
    let c = select_in_passages(&mut app, THEME);
    app.update(Action::Compare);
    assert_eq!(app.screen, Screen::Compare, "{:?}", app.message);
    let cmp = app.compare.as_ref().unwrap();
    let occ = &app.analysis.clusters[c].occurrences;
    assert_eq!((cmp.cluster, cmp.left), (Some(c), 0));
    assert_ne!(occ[cmp.right].document, occ[0].document);
    assert_eq!(
        (cmp.passages[cmp.left], cmp.passages[cmp.right]),
        (occ[0], occ[cmp.right])
    );
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Passages);
    assert_eq!(app.passages.shown[app.passages.selected], c);
}

#[test]
fn compare_counts_every_difference_and_folds_toggle() {
    let mut app = seeds_app(80, 24);
    let c = cluster_with(&app, THEME);
    app.open_occurrence(c, 0);
    app.update(Action::AllOccurrences);
    app.update(Action::Bottom);
    app.update(Action::Compare);
    let a = app.analysis.clone();
    let cmp = app.compare.as_ref().unwrap();
    let (lt, rt) = (
        &a.corpus.documents[cmp.left_passage().document].text,
        &a.corpus.documents[cmp.right_passage().document].text,
    );
    let runs: Vec<(DiffKind, &str, &str)> = cmp
        .diff
        .iter()
        .filter(|r| r.kind != DiffKind::Equal)
        .map(|r| (r.kind, &lt[r.left.clone()], &rt[r.right.clone()]))
        .collect();
    assert_eq!(
        runs,
        [
            (DiffKind::Insert, "", "of"),
            (DiffKind::Variant, "Secure,", "Secure"),
            (DiffKind::Insert, "", "Community with a"),
            (DiffKind::Variant, "Cyberspace,\"", "Cyberspace.\""),
        ]
    );
    assert_eq!(cmp.differences, 4);
    app.update(Action::NextDifference);
    app.update(Action::NextDifference);
    assert!(
        app.compare
            .as_ref()
            .unwrap()
            .status()
            .starts_with("difference 2/4")
    );
    app.update(Action::PrevDifference);
    app.update(Action::PrevDifference);
    assert_eq!(app.message.as_deref(), Some("no more differences"));
    // `n` / `N` step through the differences too (nothing to search here).
    let key = |app: &mut App, c: char| {
        app.handle_event(&Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    };
    // From difference 1 (where `PrevDifference` stopped).
    for (c, want) in [
        ('n', "difference 2/4"),
        ('n', "difference 3/4"),
        ('N', "difference 2/4"),
    ] {
        key(&mut app, c);
        let status = app.compare.as_ref().unwrap().status();
        assert!(status.starts_with(want), "{c}: {status}");
    }
    // The editor's note: identical, folded, and unfolded on request.
    let c = cluster_with(&app, NOTE);
    app.update(Action::Back);
    app.update(Action::Back);
    app.open_occurrence(c, 0);
    app.open_compare();
    let folded = app.compare.as_ref().unwrap().rows();
    let fold: Vec<usize> = folded.iter().filter_map(|r| r.fold).collect();
    assert_eq!(fold.len(), 1);
    app.update(Action::Unfold);
    let open = app.compare.as_ref().unwrap().rows();
    assert!(open.iter().all(|r| r.fold.is_none()));
    let body = |rows: &[refrain::app::AlignedRow]| {
        let ctx = |s: &Option<refrain::app::SideRow>| {
            s.as_ref()
                .is_some_and(|s| s.kind == refrain::app::RowKind::Context)
        };
        rows.iter()
            .filter(|r| r.fold.is_none() && !ctx(&r.left) && !ctx(&r.right))
            .count()
    };
    assert_eq!(body(&open), body(&folded) + fold[0]);
    app.update(Action::Fold);
    assert_eq!(app.compare.as_ref().unwrap().rows().len(), folded.len());
}

#[test]
fn a_selection_of_lines_is_searched_as_one_text() {
    let mut app = seeds_app(80, 24);
    app.update(Action::Select);
    // 000 lines 4 to 6 (0-based 3..=5): the byline, a blank line, the byline again.
    cursor_to_line(&mut app, 3);
    app.update(Action::SelectLines);
    assert_eq!(app.visual, Some((0, 3)));
    // j moves the cursor row by row (the byline wraps) down to line 6.
    for _ in 0..6 {
        if app.cursor_line() == Some((0, 5)) {
            break;
        }
        app.update(Action::ScrollDown);
    }
    assert_eq!(app.cursor_line(), Some((0, 5)));
    let span = app.where_else_span().unwrap();
    let d = &app.analysis.corpus.documents[0];
    let text = app.analysis.text(&span);
    assert_eq!(
        text,
        format!("{}\n\n{}", d.line_text(3), d.line_text(5)).trim()
    );
    app.update(Action::WhereElse);
    assert_eq!(app.screen, Screen::WhereElse);
    assert_eq!(app.visual, None, "the search ends the selection");
    let s = app.where_else.as_ref().unwrap();
    assert_eq!(s.query, span);
    // A blank line alone is too short to search: a message, no screen change.
    app.update(Action::Back);
    cursor_to_line(&mut app, 4);
    app.update(Action::WhereElse);
    assert_eq!(app.screen, Screen::Reader);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("where else: select at least 5 words")
    );
}

#[test]
fn selected_lines_are_tinted_from_the_anchor_to_the_cursor() {
    // 000 lines 4 to 6 (0-based 3..=5) selected with `v`: every row of those
    // lines carries the cursor-line tint, full width; rows outside do not.
    each_size("selected_lines", true, |app| {
        app.update(Action::Select);
        cursor_to_line(app, 3);
        app.update(Action::SelectLines);
        while app.cursor_line() != Some((0, 5)) {
            app.update(Action::ScrollDown);
        }
    });
}

#[test]
fn on_a_large_corpus_the_first_where_else_indexes_in_the_background() {
    // The same search as on a small corpus, but with the index built off the
    // UI thread: the reader stays in front with a message, then the hits come.
    let search = |app: &mut App| {
        let c = cluster_with(app, NOTE);
        app.open_occurrence(c, 0);
        cursor_to_line(app, 10);
        app.update(Action::WhereElse);
    };
    let mut inline = seeds_app(80, 24);
    search(&mut inline);
    let expected = inline.where_else.as_ref().unwrap().hits.clone();

    let mut app = seeds_app(80, 24);
    app.query_inline_bytes = 0;
    search(&mut app);
    assert_eq!(app.screen, Screen::Reader);
    assert!(app.busy());
    assert!(app.message.as_deref().unwrap().contains("indexing"));
    let start = std::time::Instant::now();
    while app.screen != Screen::WhereElse {
        assert!(start.elapsed().as_secs() < 30, "the index never arrived");
        app.tick();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!app.busy());
    assert_eq!(app.where_else.as_ref().unwrap().hits, expected);
    // The index is kept: the next search runs at once.
    app.update(Action::Back);
    app.update(Action::WhereElse);
    assert_eq!(app.screen, Screen::WhereElse);
}

#[test]
fn the_where_else_index_survives_new_thresholds_but_not_new_text() {
    let mut app = seeds_app(80, 24);
    let c = cluster_with(&app, NOTE);
    app.open_occurrence(c, 0);
    cursor_to_line(&mut app, 10);
    app.update(Action::WhereElse);
    let built = app.query_index().expect("the search built the index");
    // Same text, other clusters (as after `+`): the same index is kept.
    let same = (*app.analysis).clone();
    app.replace_analysis(Arc::new(same));
    assert!(Arc::ptr_eq(&built, &app.query_index().unwrap()));
    // A document's text changed (as after the editor): the index goes.
    let mut edited = (*app.analysis).clone();
    let d = &mut edited.corpus.documents[1];
    *d = refrain::Document::new(d.path.clone(), format!("{}\nA new last line.\n", d.text));
    app.replace_analysis(Arc::new(edited));
    assert!(app.query_index().is_none());
}

/// Two apps over one analysis, sharing its where-else slot as every
/// `refrain serve` session does.
fn two_apps_sharing() -> (App, App) {
    let first = seeds_app(80, 24);
    let mut second = App::new(
        Arc::clone(&first.analysis),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    second.resize(80, 24);
    second.share_query_index(first.query.clone());
    (first, second)
}

fn where_else_on_the_note(app: &mut App) {
    let c = cluster_with(app, NOTE);
    app.open_occurrence(c, 0);
    cursor_to_line(app, 10);
    app.update(Action::WhereElse);
}

#[test]
fn apps_over_one_shared_analysis_build_the_where_else_index_once() {
    let (mut first, mut second) = two_apps_sharing();
    where_else_on_the_note(&mut first);
    let built = first.query_index().expect("the first search built it");
    // The second app finds it built: the very same index, not a copy.
    assert!(second.query_index().is_some());
    where_else_on_the_note(&mut second);
    assert_eq!(second.screen, Screen::WhereElse);
    assert!(Arc::ptr_eq(&built, &second.query_index().unwrap()));
    assert_eq!(
        first.where_else.as_ref().unwrap().hits,
        second.where_else.as_ref().unwrap().hits
    );
    // One app re-analysed with changed text: it gets a new slot, and the
    // other keeps the shared index.
    let mut edited = (*second.analysis).clone();
    let d = &mut edited.corpus.documents[1];
    *d = refrain::Document::new(d.path.clone(), format!("{}\nA new last line.\n", d.text));
    second.replace_analysis(Arc::new(edited));
    assert!(second.query_index().is_none());
    assert!(!second.query.same_as(&first.query));
    assert!(Arc::ptr_eq(&built, &first.query_index().unwrap()));
    // Its next search builds an index of the new text.
    where_else_on_the_note(&mut second);
    assert!(!Arc::ptr_eq(&built, &second.query_index().unwrap()));
}

#[test]
fn a_background_build_started_by_one_app_serves_the_other() {
    let (mut first, mut second) = two_apps_sharing();
    first.query_inline_bytes = 0;
    second.query_inline_bytes = 0;
    where_else_on_the_note(&mut first);
    where_else_on_the_note(&mut second);
    // Both wait for the one build the first app started.
    assert!(first.busy() && second.busy());
    let start = std::time::Instant::now();
    while first.screen != Screen::WhereElse || second.screen != Screen::WhereElse {
        assert!(start.elapsed().as_secs() < 30, "the index never arrived");
        first.tick();
        second.tick();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(Arc::ptr_eq(
        &first.query_index().unwrap(),
        &second.query_index().unwrap()
    ));
}

/// The screen area of the topmost pane `is` accepts, as laid out now.
fn pane_area(app: &App, is: impl Fn(Pane) -> bool) -> ratatui::layout::Rect {
    app.layout.area(is).expect("the pane is on screen")
}

fn mouse(app: &mut App, kind: MouseEventKind, x: u16, y: u16) {
    app.handle_event(&Event::Mouse(MouseEvent {
        kind,
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    }));
}

fn click(app: &mut App, x: u16, y: u16) {
    mouse(app, MouseEventKind::Down(MouseButton::Left), x, y);
}

#[test]
fn clicks_in_the_nway_view_select_and_open_occurrences() {
    let mut app = seeds_app(80, 24);
    let c = cluster_with(&app, QUOTATION);
    app.open_occurrence(c, 0);
    app.update(Action::AllOccurrences);
    let selected = |app: &App| app.nway.as_ref().unwrap().selected;
    // The table's rows start below its column header: row 3 is occurrence 3.
    let rows = pane_area(&app, |p| p == Pane::List(0));
    assert_eq!(rows, ratatui::layout::Rect::new(0, 2, 80, 4));
    click(&mut app, 20, rows.y + 2);
    assert_eq!((app.screen, selected(&app)), (Screen::Nway, 2));
    // A click in the pane of occurrence 4 (here on its text) selects it...
    let pane = pane_area(&app, |p| p == Pane::Occurrence(3));
    assert_eq!(pane, ratatui::layout::Rect::new(0, 18, 80, 5));
    click(&mut app, 30, pane.y + 2);
    assert_eq!((app.screen, selected(&app)), (Screen::Nway, 3));
    // ...and a second click there (a double-click) opens it in the reader.
    click(&mut app, 30, pane.y + 2);
    assert_eq!(app.screen, Screen::Reader);
    let p = app.analysis.clusters[c].occurrences[3];
    let line = app.analysis.corpus.documents[p.document]
        .line_col(p.start)
        .0;
    assert_eq!(app.cursor_line(), Some((p.document, line - 1)));
    // Back in the view, a click on the selected row opens it too.
    app.update(Action::AllOccurrences);
    let rows = pane_area(&app, |p| matches!(p, Pane::List(_)));
    click(&mut app, 5, rows.y + 1);
    assert_eq!(selected(&app), 1);
    click(&mut app, 5, rows.y + 1);
    let p = app.analysis.clusters[c].occurrences[1];
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.reader.as_ref().unwrap().doc, p.document);
    // The row below the table is the first pane's header.
    app.update(Action::AllOccurrences);
    click(&mut app, 5, rows.y + rows.height);
    assert_eq!((app.screen, selected(&app)), (Screen::Nway, 0));
}

#[test]
fn the_wheel_scrolls_the_nway_panes_and_the_selection_follows() {
    // 80x16: two panes fit, the other two a scroll away.
    let mut app = seeds_app(80, 16);
    let c = cluster_with(&app, QUOTATION);
    app.open_occurrence(c, 0);
    app.update(Action::AllOccurrences);
    let state = |app: &App| {
        let s = app.nway.as_ref().unwrap();
        (s.top, s.selected)
    };
    let shown = |app: &App| -> Vec<usize> {
        app.layout
            .panes
            .iter()
            .filter_map(|(p, _)| match p {
                Pane::Occurrence(i) => Some(*i),
                _ => None,
            })
            .collect()
    };
    assert_eq!((state(&app), shown(&app)), ((0, 0), vec![0, 1]));
    let pane = pane_area(&app, |p| p == Pane::Occurrence(0));
    mouse(&mut app, MouseEventKind::ScrollDown, 10, pane.y + 1);
    assert_eq!((state(&app), shown(&app)), ((1, 1), vec![1, 2]));
    // The wheel stops at the last pane.
    for _ in 0..3 {
        mouse(&mut app, MouseEventKind::ScrollDown, 10, pane.y + 1);
    }
    assert_eq!((state(&app), shown(&app)), ((2, 2), vec![2, 3]));
    let buf = render(&mut app, 80, 16);
    insta::assert_snapshot!("nway_wheel_scrolled_80x16", text(&buf));
    // Over the table the wheel moves the selection, the panes follow it.
    let rows = pane_area(&app, |p| matches!(p, Pane::List(_)));
    mouse(&mut app, MouseEventKind::ScrollUp, 10, rows.y);
    mouse(&mut app, MouseEventKind::ScrollUp, 10, rows.y);
    assert_eq!((state(&app), shown(&app)), ((0, 0), vec![0, 1]));
    mouse(&mut app, MouseEventKind::ScrollUp, 10, pane.y + 1);
    assert_eq!(state(&app), (0, 0));
}

#[test]
fn clicks_and_the_wheel_in_the_where_else_view() {
    let mut app = seeds_app(80, 24);
    let c = cluster_with(&app, NOTE);
    app.open_occurrence(c, 0);
    cursor_to_line(&mut app, 10);
    app.update(Action::WhereElse);
    let selected = |app: &App| app.where_else.as_ref().unwrap().selected;
    let rows = pane_area(&app, |p| p == Pane::List(0));
    assert_eq!(rows, ratatui::layout::Rect::new(0, 2, 80, 9));
    // A click selects a hit; the preview below shows it.
    click(&mut app, 3, rows.y + 1);
    assert_eq!((app.screen, selected(&app)), (Screen::WhereElse, 1));
    // The wheel over the list, or over the preview, steps through the hits;
    // the list scrolls to keep the selection in view.
    let preview = pane_area(&app, |p| p == Pane::Preview);
    assert_eq!(preview, ratatui::layout::Rect::new(0, 11, 80, 12));
    for _ in 0..9 {
        mouse(&mut app, MouseEventKind::ScrollDown, 3, preview.y + 3);
    }
    assert_eq!(selected(&app), 10);
    assert_eq!(app.where_else.as_ref().unwrap().offset, 2);
    assert_eq!(pane_area(&app, |p| matches!(p, Pane::List(2))), rows);
    mouse(&mut app, MouseEventKind::ScrollUp, 3, rows.y);
    assert_eq!(selected(&app), 9);
    // The row on screen at y is item offset + (y - rows.y): a click on the
    // selected row opens that hit in the reader.
    click(&mut app, 3, rows.y + 6);
    assert_eq!((app.screen, selected(&app)), (Screen::WhereElse, 8));
    click(&mut app, 3, rows.y + 7);
    assert_eq!((app.screen, selected(&app)), (Screen::WhereElse, 9));
    let hit = app.where_else.as_ref().unwrap().hits[9].passage;
    click(&mut app, 3, rows.y + 7);
    assert_eq!(app.screen, Screen::Reader);
    let line = app.analysis.corpus.documents[hit.document]
        .line_col(hit.start)
        .0;
    assert_eq!(app.cursor_line(), Some((hit.document, line - 1)));
    // A click on the preview opens the selected hit.
    app.update(Action::Back);
    app.set_message("an old message");
    click(&mut app, 3, 5);
    assert_eq!(app.message, None, "a click clears the last message");
    cursor_to_line(&mut app, 10);
    app.update(Action::WhereElse);
    let hit = app.where_else.as_ref().unwrap().hits[0].passage;
    let preview = pane_area(&app, |p| p == Pane::Preview);
    click(&mut app, 3, preview.y + 4);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.reader.as_ref().unwrap().doc, hit.document);
}

#[test]
fn a_double_click_on_the_selected_row_opens_it_once() {
    let mut app = seeds_app(80, 24);
    let c = cluster_with(&app, QUOTATION);
    app.open_occurrence(c, 0);
    app.update(Action::AllOccurrences);
    // Occurrence 1 is selected: the first click opens it, the second click
    // of the double-click lands on the reader and is part of the double-click.
    let rows = pane_area(&app, |p| matches!(p, Pane::List(_)));
    let p = app.analysis.clusters[c].occurrences[0];
    let line = app.analysis.corpus.documents[p.document]
        .line_col(p.start)
        .0;
    click(&mut app, 20, rows.y);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.cursor_line(), Some((p.document, line - 1)));
    click(&mut app, 20, rows.y);
    assert_eq!(app.cursor_line(), Some((p.document, line - 1)));
    // A later click there is a click in the reader: the cursor goes to that row.
    cursor_to_line(&mut app, 40);
    let row = app
        .layout
        .reader_rows
        .iter()
        .find(|(y, _, _)| *y == rows.y)
        .map(|(_, _, r)| r.line)
        .unwrap();
    assert_ne!(row, 40);
    click(&mut app, 20, rows.y);
    assert_eq!(app.cursor_line(), Some((p.document, row)));
}

#[test]
fn the_all_occurrences_table_names_documents_as_the_library_does() {
    // Two folders, each with a file called `copyright`, share a paragraph:
    // the table must not call both places "copyright".
    let para = "This package is free software; you can redistribute it and/or modify it \
                under the terms of the GNU General Public License as published by the \
                Free Software Foundation.";
    let doc = |path: &str, intro: &str| {
        refrain::corpus::Document::new(path, format!("{intro}\n\n{para}\n"))
    };
    let corpus = refrain::corpus::Corpus {
        documents: vec![
            doc("doc/bsdutils/copyright", "Files: bsdutils"),
            doc("doc/mount/copyright", "Files: mount and friends"),
        ],
    };
    let analysis = refrain::analyse(corpus, &refrain::Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    app.resize(80, 24);
    app.open_occurrence(0, 0);
    app.update(Action::AllOccurrences);
    assert_eq!(app.screen, Screen::Nway);
    let screen = text(&render(&mut app, 80, 24));
    let rows: Vec<&str> = screen.lines().skip(2).take(2).collect();
    assert!(rows[0].contains("bsdutils/cop"), "{screen}");
    assert!(rows[1].contains("mount/copyri"), "{screen}");
}

/// Every occurrence of a passage pasted into generated reference pages
/// whose names share a long start: the document column and each pane's
/// header keep the ends of the names, which differ, in view.
#[test]
fn nway_view_keeps_the_ends_of_names_that_share_a_long_start() {
    let note = "This command can fail for the following reasons: the specified domain does not exist, the active account does not have permission to access the given domain, or the request was made while another operation was in progress.";
    let docs: Vec<refrain::corpus::Document> = ["create", "delete", "describe", "list"]
        .iter()
        .map(|verb| {
            refrain::corpus::Document::new(
                format!("man/gcloud_active-directory_domains_backups_{verb}.txt"),
                format!("NAME\n    gcloud active-directory domains backups {verb}\n\nDESCRIPTION\n    {note}\n\nSee the {verb} manual for more.\n"),
            )
        })
        .collect();
    let mut app = app_of(refrain::corpus::Corpus { documents: docs }, 80, 16);
    let c = cluster_with(&app, "This command can fail");
    assert_eq!(app.analysis.clusters[c].occurrences.len(), 4);
    app.open_occurrence(c, 0);
    app.update(Action::AllOccurrences);
    insta::assert_snapshot!(
        "nway_long_shared_names_80x16",
        text(&render(&mut app, 80, 16))
    );
    // Compared with the next one: each pane's header and the status bar
    // keep the ends of the two names.
    app.update(Action::ScrollDown);
    app.update(Action::Compare);
    assert_eq!(app.screen, Screen::Compare);
    insta::assert_snapshot!(
        "compare_long_shared_names_80x16",
        text(&render(&mut app, 80, 16))
    );
}
