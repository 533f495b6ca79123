//! The reader's views of reuse on the seeds: every occurrence at once (the
//! N-way view), "where else does this appear?", and the compare view that
//! marks and counts every difference. Snapshots at 80x24 and 120x40 (with
//! styled runs where the marks are the point) and state tests.

use refrain::action::Action;
use refrain::app::{App, AppOptions, Screen};
use refrain::keymap::Keymap;
use refrain::reuse::diff::DiffKind;
use refrain::ui::ColorMode;
use refrain::ui::snapshot::{render, text, text_and_styles};
use std::sync::Arc;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn seeds_app(w: u16, h: u16) -> App {
    let analysis = refrain::analyse(refrain::corpus::seeds(), &refrain::Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions {
            color: ColorMode::TrueColor,
            allow_editor: true,
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
    let r = app.reader.as_mut().unwrap();
    r.selected = None;
    r.top_line = line;
    r.top_row = 0;
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
