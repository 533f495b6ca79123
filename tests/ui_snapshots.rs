//! Snapshots of every screen on the seeds, at 80x24 and 120x40, drawn into a
//! ratatui TestBackend. Where the style is the point (passage highlights, diff
//! marks, search hits, NO_COLOR) the snapshot lists the styled runs too.

use refrain::action::Action;
use refrain::app::{App, AppOptions};
use refrain::keymap::Keymap;
use refrain::ui::ColorMode;
use refrain::ui::snapshot::{render, text, text_and_styles};
use std::sync::Arc;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn seeds_app(color: ColorMode, w: u16, h: u16) -> App {
    let analysis = refrain::analyse(refrain::corpus::seeds(), &refrain::Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions {
            color,
            allow_editor: true,
            ..AppOptions::default()
        },
    );
    app.resize(w, h);
    app
}

fn open_doc(app: &mut App, doc: usize) {
    for _ in 0..doc {
        app.update(Action::ScrollDown);
    }
    app.update(Action::Select);
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
        let mut app = seeds_app(ColorMode::TrueColor, w, h);
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

#[test]
fn library() {
    each_size("library", false, |_| {});
}

#[test]
fn reader_with_highlighted_passages() {
    each_size("reader", true, |app| {
        open_doc(app, 0);
        app.update(Action::NextPassage);
    });
}

#[test]
fn compare_editors_note() {
    each_size("compare_editors_note", true, |app| {
        let c = cluster_with(app, "In 2015, at the opening of the second World Internet");
        app.open_occurrence(c, 0);
        app.open_compare();
    });
}

#[test]
fn compare_quotation() {
    each_size("compare_quotation", true, |app| {
        let c = cluster_with(app, "common space for human activities");
        app.open_occurrence(c, 0);
        app.open_compare();
    });
}

#[test]
fn compare_near_duplicate_shows_word_differences() {
    each_size("compare_near_duplicate", true, |app| {
        let c = cluster_with(app, "included in Volume II of the book series");
        assert!(app.analysis.clusters[c].similarity < 1.0);
        app.open_occurrence(c, 0);
        app.open_compare();
        // Cycle to an occurrence that differs in words.
        let differs = |app: &App| {
            let d = &app.compare.as_ref().unwrap().diff;
            d.iter()
                .any(|r| r.kind != refrain::reuse::diff::DiffKind::Equal)
        };
        for _ in 0..3 {
            if differs(app) {
                break;
            }
            app.update(Action::OtherOccurrence);
        }
        assert!(differs(app));
    });
}

#[test]
fn compare_quotation_cycled_and_swapped() {
    each_size("compare_quotation_cycled", false, |app| {
        let c = cluster_with(app, "common space for human activities");
        app.open_occurrence(c, 0);
        app.open_compare();
        app.update(Action::OtherOccurrence);
        app.update(Action::SwapSides);
    });
}

#[test]
fn passages_list() {
    each_size("passages", false, |app| {
        app.update(Action::Passages);
        app.update(Action::ScrollDown);
    });
}

#[test]
fn help_overlay() {
    each_size("help", false, |app| {
        open_doc(app, 0);
        app.update(Action::Help);
    });
}

#[test]
fn search_hits() {
    each_size("search", true, |app| {
        open_doc(app, 3);
        app.run_search("CYBERSPACE");
        app.update(Action::SearchNext);
    });
}

#[test]
fn cjk_document() {
    each_size("cjk", false, |app| open_doc(app, 2));
}

#[test]
fn long_line_document() {
    each_size("long_line", false, |app| {
        open_doc(app, 4);
        // Line 18 is 2,712 bytes long: show it from its first row.
        let r = app.reader.as_mut().unwrap();
        assert_eq!(app.analysis.corpus.documents[4].line_text(17).len(), 2712);
        r.top_line = 17;
        r.top_row = 0;
        let (w, h) = app.size;
        app.resize(w, h);
        assert_eq!(app.reader.as_ref().unwrap().top_line, 17);
    });
}

#[test]
fn no_color() {
    for (w, h) in SIZES {
        let mut app = seeds_app(ColorMode::None, w, h);
        open_doc(&mut app, 0);
        app.update(Action::NextPassage);
        app.update(Action::NextPassage);
        let buf = render(&mut app, w, h);
        insta::assert_snapshot!(format!("no_color_reader_{w}x{h}"), text_and_styles(&buf));
        let c = cluster_with(&app, "common space for human activities");
        app.open_occurrence(c, 0);
        app.open_compare();
        let buf = render(&mut app, w, h);
        insta::assert_snapshot!(format!("no_color_compare_{w}x{h}"), text_and_styles(&buf));
    }
}

#[test]
fn fallback_palettes() {
    for mode in [ColorMode::Ansi256, ColorMode::Ansi16] {
        let mut app = seeds_app(mode, 80, 24);
        open_doc(&mut app, 0);
        app.update(Action::NextPassage);
        let buf = render(&mut app, 80, 24);
        insta::assert_snapshot!(
            format!("reader_{mode:?}_80x24").to_lowercase(),
            text_and_styles(&buf)
        );
    }
}

#[test]
fn too_small() {
    let mut app = seeds_app(ColorMode::TrueColor, 39, 7);
    open_doc(&mut app, 0);
    insta::assert_snapshot!("too_small_39x7", text(&render(&mut app, 39, 7)));
}

fn keys(app: &mut App, s: &str) {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for c in s.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

#[test]
fn go_to_line_prompt_and_result() {
    // The header names the document; `:` asks for a line; the cursor row
    // (marked › and tinted) is that line, and the status bar says so.
    each_size("go_to_line_prompt", false, |app| {
        open_doc(app, 1);
        keys(app, ":41");
    });
    each_size("go_to_line", true, |app| {
        open_doc(app, 1);
        keys(app, ":41\n");
    });
}

#[test]
fn search_as_you_type_across_documents() {
    each_size("search_all_documents_prompt", false, |app| {
        open_doc(app, 0);
        keys(app, "/\tcommon space");
    });
}

/// The passages list widens its number columns for the largest numbers in
/// it: a file holding a text twice is one passage of millions of words
/// (3,261,412 showed as "326141" in a six-column field), and a thousand
/// occurrences or ten thousand clusters overflowed theirs too.
#[test]
fn the_passages_list_shows_large_numbers_whole() {
    use refrain::corpus::{Corpus, Document};
    use refrain::reuse::{Analysis, Cluster, Passage};
    let body = "one two three four five six seven eight nine ten\n".repeat(2);
    let half = body.len() / 2;
    let cluster = |id: usize, words: usize, n: usize| Cluster {
        id,
        words,
        similarity: 1.0,
        occurrences: (0..n)
            .map(|i| Passage {
                document: 0,
                start: if i % 2 == 0 { 0 } else { half },
                end: if i % 2 == 0 { half - 1 } else { body.len() - 1 },
            })
            .collect(),
        boilerplate: None,
    };
    let mut clusters = vec![cluster(0, 3_261_412, 2), cluster(1, 12, 1_024)];
    clusters.extend((2..10_001).map(|id| cluster(id, 10, 2)));
    let analysis = Analysis {
        corpus: Corpus {
            documents: vec![Document::new("big.txt", body.clone())],
        },
        clusters,
        params: refrain::Params::default(),
    };
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions::default(),
    );
    app.resize(80, 24);
    app.update(Action::Passages);
    let screen = text(&render(&mut app, 80, 24));
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[1].trim_end(),
        "      #    words   occ  same documents        excerpt"
    );
    assert!(
        lines[2].starts_with("▶     0  3261412    2×  100% big "),
        "{screen}"
    );
    assert!(
        lines[3].starts_with("      1       12 1024×  100% big "),
        "{screen}"
    );
}
