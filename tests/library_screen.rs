//! The library on a folder whose names differ only by a version or a parent
//! directory (`LGPL-2` / `LGPL-2.1`, `foo/copyright` / `bar/copyright`):
//! distinguishing names, titles, widths with ellipses, the full path, `/`
//! filter, `s` sort, the skipped-files line and its `!` list. Screens are
//! snapshots of a ratatui TestBackend.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use refrain::action::Action;
use refrain::app::{App, AppOptions, distinct_names};
use refrain::corpus::{Corpus, Document, SkipKind, Warning};
use refrain::keymap::Keymap;
use refrain::ui::ColorMode;
use refrain::ui::snapshot::{render, text};
use std::sync::Arc;

const LICENCE: &str = "Everyone is permitted to copy and distribute verbatim copies of this license document, but changing it is not allowed.";
const HEADER: &str = "This package was debianized by a volunteer and is distributed under the terms of the licence found in the common licenses folder of the system.";

fn corpus() -> Corpus {
    let docs = vec![
        Document::new(
            "docs/bar/copyright",
            format!(
                "Format: https://www.debian.org/copyright/1.0/\nUpstream-Name: bar\n\n{HEADER}\n"
            ),
        ),
        Document::new(
            "docs/foo/copyright",
            format!(
                "Format: https://www.debian.org/copyright/1.0/\nUpstream-Name: foo\n\n{HEADER}\nAnd one more line about foo alone.\n"
            ),
        ),
        Document::new(
            "licenses/LGPL-2",
            format!(
                "   GNU LIBRARY GENERAL PUBLIC LICENSE\n   Version 2, June 1991\n\n{LICENCE}\n"
            ),
        ),
        Document::new(
            "licenses/LGPL-2.1",
            format!(
                "   GNU LESSER GENERAL PUBLIC LICENSE\n   Version 2.1, February 1999\n\n{LICENCE}\nPreamble of the lesser licence, longer than the other one by a few words.\n"
            ),
        ),
        Document::new(
            "notes/intro.md",
            "---\nlayout: page\n---\nSome words first.\n\n# Reading shared passages\n\nNothing shared here.\n",
        ),
    ];
    Corpus { documents: docs }
}

fn app(w: u16, h: u16) -> App {
    app_of(corpus(), w, h)
}

/// The app on `corpus`, analysed with the default parameters, at `w`x`h`.
fn app_of(corpus: Corpus, w: u16, h: u16) -> App {
    let analysis = refrain::analyse(corpus, &refrain::Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions {
            color: ColorMode::TrueColor,
            allow_editor: false,
            ..Default::default()
        },
    );
    app.resize(w, h);
    app
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        let (code, m) = match c {
            '\r' => (KeyCode::Enter, KeyModifiers::NONE),
            '\x1b' => (KeyCode::Esc, KeyModifiers::NONE),
            '\x15' => (KeyCode::Char('u'), KeyModifiers::CONTROL),
            c => (KeyCode::Char(c), KeyModifiers::NONE),
        };
        app.handle_event(&Event::Key(KeyEvent::new(code, m)));
    }
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    text(&render(app, w, h))
}

#[test]
fn names_are_the_shortest_distinguishing_suffix() {
    assert_eq!(
        distinct_names(&[
            "docs/bar/copyright",
            "docs/foo/copyright",
            "licenses/LGPL-2",
            "licenses/LGPL-2.1",
            "a/x/README",
            "b/x/README",
            "notes/intro.md",
            "seeds/003_4a37616d70ecd5f6.txt",
            "GFDL-1.2",
            "other/GFDL-1.3",
        ]),
        [
            "bar/copyright",
            "foo/copyright",
            "LGPL-2",
            "LGPL-2.1",
            "a/x/README",
            "b/x/README",
            "intro",
            "003",
            "GFDL-1.2",
            "GFDL-1.3",
        ]
    );
    // Same stem, different extensions: the whole file name tells them apart.
    assert_eq!(
        distinct_names(&["x/notes.md", "x/notes.txt", "y/notes"]),
        ["notes.md", "notes.txt", "notes"]
    );
    // Same file name in several folders: the folder and the short name;
    // the whole file name only where that is not enough.
    assert_eq!(
        distinct_names(&[
            "ex/ec2/list-findings.rst",
            "ex/iam/list-findings.rst",
            "ex/iam/list-findings.txt",
            "ex/iam/list-findings-v2.rst",
        ]),
        [
            "ec2/list-findings",
            "iam/list-findings",
            "list-findings.txt",
            "list-findings-v2"
        ]
    );
    assert_eq!(
        distinct_names(&[
            "foo/notes.md",
            "foo/notes.txt",
            "bar/notes.md",
            "bar/notes.txt"
        ]),
        [
            "foo/notes.md",
            "foo/notes.txt",
            "bar/notes.md",
            "bar/notes.txt"
        ]
    );
}

#[test]
fn library_of_same_named_files_at_three_widths() {
    for (w, h) in [(80, 12), (120, 12), (200, 12)] {
        let mut app = app(w, h);
        insta::assert_snapshot!(format!("library_names_{w}x{h}"), screen(&mut app, w, h));
    }
}

#[test]
fn slash_filters_by_name_and_title_and_esc_clears() {
    let mut app = app(100, 12);
    typed(&mut app, "/lesser");
    let s = screen(&mut app, 100, 12);
    assert!(s.contains("filter “lesser”: 1 shown"), "{s}");
    assert!(s.contains("▶ LGPL-2.1"), "{s}");
    assert!(!s.contains("LGPL-2 "), "{s}");
    typed(&mut app, "\r");
    // The filter stays after enter; enter again opens the document shown.
    assert_eq!(app.library.len(), 1);
    assert_eq!(app.library.selected_doc(), Some(3));
    // By name: "copyright" matches both copyright files.
    typed(&mut app, "/\x15copyright\r");
    assert_eq!(app.library.len(), 2);
    insta::assert_snapshot!("library_filtered", screen(&mut app, 100, 12));
    typed(&mut app, "\x1b");
    assert_eq!(app.library.len(), 5);
    assert!(app.library.filter.is_empty());
}

#[test]
fn s_cycles_the_sort_and_keeps_the_selected_document() {
    let mut app = app(100, 12);
    app.update(Action::ScrollDown);
    assert_eq!(app.library.selected_doc(), Some(1));
    typed(&mut app, "s");
    assert_eq!(app.library.sort.name(), "size");
    let by_size: Vec<usize> = (0..5).map(|r| app.library.doc_at(r).unwrap()).collect();
    let sizes: Vec<usize> = by_size
        .iter()
        .map(|&d| app.analysis.corpus.documents[d].len())
        .collect();
    assert!(sizes.windows(2).all(|p| p[0] >= p[1]), "{sizes:?}");
    assert_eq!(app.library.selected_doc(), Some(1));
    typed(&mut app, "s");
    assert_eq!(app.library.sort.name(), "shared passages");
    let shared: Vec<usize> = (0..5)
        .map(|r| app.library.index.passages(app.library.doc_at(r).unwrap()))
        .collect();
    assert!(shared.windows(2).all(|p| p[0] >= p[1]), "{shared:?}");
    assert_eq!(shared[4], 0, "the note shares nothing");
    assert_eq!(app.library.doc_at(4), Some(4));
    typed(&mut app, "s");
    assert_eq!(app.library.sort.name(), "path");
    assert_eq!(app.library.doc_at(0), Some(0));
    assert_eq!(app.library.selected_doc(), Some(1));
}

#[test]
fn titles_and_names_reach_the_status_bar() {
    let mut app = app(100, 12);
    assert_eq!(app.doc_name(0), "bar/copyright");
    assert_eq!(app.library.index.title(4), "Reading shared passages");
    assert_eq!(
        app.library.index.title(3),
        "GNU LESSER GENERAL PUBLIC LICENSE"
    );
    app.update(Action::Select);
    app.update(Action::NextPassage);
    app.resize(160, 12);
    let s = screen(&mut app, 160, 12);
    let status = s.lines().last().unwrap();
    assert!(status.contains("bar/copyright"), "{status}");
    assert!(status.contains("shared with foo/copyright"), "{status}");
}

fn warnings() -> Vec<Warning> {
    let mut w = Vec::new();
    for i in 0..1744 {
        w.push(Warning {
            path: format!("doc/pkg{i:04}/changelog.gz"),
            kind: SkipKind::Compressed,
            reason: "compressed file (gzip)".into(),
        });
    }
    for i in 0..6 {
        w.push(Warning {
            path: format!("doc/pkg{i}/logo.png"),
            kind: SkipKind::Binary,
            reason: "binary file (contains NUL bytes)".into(),
        });
    }
    w
}

#[test]
fn skipped_files_summary_and_list_one_key_away() {
    let mut app = app(100, 14);
    app.set_skipped(warnings());
    let s = screen(&mut app, 100, 14);
    assert!(
        s.contains(" 1,750 files skipped: 1,744 compressed, 6 binary — ! to list"),
        "{s}"
    );
    insta::assert_snapshot!("library_with_skipped", s);
    typed(&mut app, "!");
    insta::assert_snapshot!("skipped_list", screen(&mut app, 100, 14));
    typed(&mut app, "G");
    let s = screen(&mut app, 100, 14);
    assert!(s.contains("doc/pkg5/logo.png — binary file"), "{s}");
    typed(&mut app, "\x1b");
    let s = screen(&mut app, 100, 14);
    assert!(s.contains("▶ bar/copyright"), "{s}");
}

#[test]
fn no_skipped_files_no_summary_line() {
    let mut app = app(100, 12);
    assert!(!screen(&mut app, 100, 12).contains("skipped"));
    typed(&mut app, "!");
    assert_eq!(app.message.as_deref(), Some("no file was skipped"));
}

#[test]
fn ctrl_c_quits_from_the_library_and_from_a_prompt() {
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let mut app = app(100, 12);
    app.handle_event(&ctrl_c);
    assert!(app.should_quit());
    let mut app = self::app(100, 12);
    typed(&mut app, "/abc");
    app.handle_event(&ctrl_c);
    assert!(app.should_quit());
}

#[test]
fn progress_screen_by_stage_with_counts() {
    use refrain::progress::{Snapshot, Stage};
    use refrain::ui::progress::ProgressView;
    use std::time::Duration;
    let mut view = ProgressView {
        what: "/usr/share/doc".into(),
        hint: "q or ctrl-c to quit".into(),
        ..ProgressView::default()
    };
    let snap = |stage, done, total| Snapshot { stage, done, total };
    view.update(snap(Stage::Reading, 2376, 2376), Duration::from_millis(900));
    view.update(
        snap(Stage::Indexing, 2376, 2376),
        Duration::from_millis(2100),
    );
    view.update(
        snap(Stage::Aligning, 5120, 20480),
        Duration::from_millis(4250),
    );
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 14)).unwrap();
    terminal
        .draw(|f| refrain::ui::draw_progress(f, &view, ColorMode::TrueColor))
        .unwrap();
    let out = text(terminal.backend().buffer());
    assert!(out.contains("✓ reading    2,376 files"), "{out}");
    assert!(out.contains("5,120 / 20,480 document pairs"), "{out}");
    insta::assert_snapshot!("progress_aligning", out);
}

#[test]
fn a_click_on_a_library_row_selects_that_document() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = app(100, 14);
    app.set_skipped(warnings());
    typed(&mut app, "s");
    let click = |row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Rows start under the header and the column titles.
    app.handle_event(&click(4));
    assert_eq!(app.library.selected, 2);
    assert_eq!(app.library.selected_doc(), app.library.doc_at(2));
    // The footer (path, skipped files) is not a row.
    app.handle_event(&click(12));
    assert_eq!(app.library.selected, 2);
}

/// Manual pages rendered to text whose names share a long start
/// (`gcloud_ai_index-endpoints_…`), as a folder of generated reference
/// pages has: each name keeps its end in view, each title is its NAME line.
#[test]
fn long_shared_name_starts_keep_their_ends_in_view() {
    let page = |name: &str, what: &str| {
        let upper = name.to_uppercase();
        Document::new(
            format!("man/{name}.txt"),
            format!(
                "{upper}(1)                                                  {upper}(1)\n\nNAME\n       {} - {what}\n\nSYNOPSIS\n       {}\n",
                name.replace('_', " "),
                name.replace('_', " ")
            ),
        )
    };
    let docs = vec![
        page(
            "gcloud_ai_index-endpoints_create",
            "create a new index endpoint",
        ),
        page(
            "gcloud_ai_index-endpoints_delete",
            "delete an existing index endpoint",
        ),
        page(
            "gcloud_ai_index-endpoints_deploy-index",
            "deploy an index to an endpoint",
        ),
        page(
            "gcloud_ai_index-endpoints_describe",
            "describe an existing endpoint",
        ),
        page("gcloud_ai_indexes", "manage indexes"),
        page("ls", "list directory contents"),
    ];
    let mut app = app_of(Corpus { documents: docs }, 80, 10);
    insta::assert_snapshot!("library_long_shared_starts_80x10", screen(&mut app, 80, 10));
}

/// A folder of reStructuredText examples deep in a site-packages tree (the
/// AWS CLI's): file names that recur in other folders keep their file name
/// and the start of their folder, the full path keeps its end, the titles
/// read without their `**` marks, and the reader's header keeps the file.
#[test]
fn deep_paths_keep_their_file_names_and_rst_titles_read_plain() {
    let root = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/awscli/examples";
    let note = "For more information, see `Findings <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html>`__ in the *AWS IAM User Guide*.";
    let doc = |path: &str, title: &str, command: &str| {
        Document::new(
            format!("{root}/{path}"),
            format!(
                "**{title}**\n\nThe following ``{command}`` example runs the command.\n\n    aws {command}\n\n{note}\n"
            ),
        )
    };
    let docs = vec![
        doc(
            "accessanalyzer/apply-archive-rule.rst",
            "To apply an archive rule to existing findings",
            "apply-archive-rule",
        ),
        doc(
            "accessanalyzer/list-findings.rst",
            "To retrieve a list of findings",
            "list-findings",
        ),
        doc(
            "accessanalyzer/list-findings-v2.rst",
            "To retrieve a list of findings (version 2)",
            "list-findings-v2",
        ),
        doc(
            "guardduty/list-findings.rst",
            "To list all findings for the current region",
            "list-findings",
        ),
    ];
    let mut app = app_of(Corpus { documents: docs }, 80, 10);
    typed(&mut app, "j");
    insta::assert_snapshot!("library_deep_paths_80x10", screen(&mut app, 80, 10));
    typed(&mut app, "\r");
    let reader = screen(&mut app, 80, 10);
    insta::assert_snapshot!("reader_deep_path_80x10", reader);
}

#[test]
fn the_header_says_what_fits_and_keeps_the_sort() {
    // " Library · 5 documents · 4 shared passages in 2 clusters · by path"
    // is 66 columns: narrower, "shared" goes first, then the sort.
    let head = |w: u16| {
        let mut app = app(w, 10);
        text(&render(&mut app, w, 10))
            .lines()
            .next()
            .unwrap()
            .trim_end()
            .to_string()
    };
    assert_eq!(
        head(66),
        " Library · 5 documents · 4 shared passages in 2 clusters · by path"
    );
    assert_eq!(
        head(65),
        " Library · 5 documents · 4 passages in 2 clusters · by path"
    );
    assert_eq!(
        head(58),
        " Library · 5 documents · 4 passages in 2 clusters"
    );
    assert_eq!(head(48), " Library · 5 documents");
}

#[test]
fn a_document_with_one_passage_says_one_passage() {
    // Each document shares one passage, after a line of its own: with
    // the cursor on that first line, the status bar counts it in the
    // singular.
    let corpus = Corpus {
        documents: vec![
            Document::new("one.txt", format!("A first line of one.\n\n{HEADER}\n")),
            Document::new("two.txt", format!("Two starts here.\n\n{HEADER}\n")),
        ],
    };
    let mut app = app_of(corpus, 80, 12);
    typed(&mut app, "\r");
    let s = screen(&mut app, 80, 12);
    let status = s.lines().last().unwrap();
    assert!(status.contains("│ 1 passage "), "{s}");
    assert!(!status.contains("1 passages"), "{s}");
}

#[test]
fn a_masked_document_opens_at_its_first_line_of_text() {
    // An HTML page's head is masked to blank lines: the reader opens on its
    // first line of text (line 7), not on a blank screen; a plain text
    // file's blank lines are its own and it opens at line 1.
    let blank_head = "\n".repeat(6);
    let body: String = (1..=20)
        .map(|i| format!("Line {i} of the body.\n"))
        .collect();
    let mut page = Document::new(
        "page.html",
        format!("{blank_head}   The page's heading\n\n{HEADER}\n{body}"),
    );
    page.markup = true;
    let plain = Document::new(
        "plain.txt",
        format!("{blank_head}Plain text.\n\n{HEADER}\n{body}"),
    );
    let corpus = Corpus {
        documents: vec![page, plain],
    };
    let mut app = app_of(corpus, 80, 12);
    typed(&mut app, "\r");
    let s = screen(&mut app, 80, 12);
    assert!(
        s.lines().nth(1).unwrap().contains("›   The page's heading"),
        "{s}"
    );
    assert!(s.lines().last().unwrap().contains(" 7/"), "{s}");
    typed(&mut app, "\x1bj\r");
    let s = screen(&mut app, 80, 12);
    assert!(s.lines().last().unwrap().contains(" 1/"), "{s}");
}
