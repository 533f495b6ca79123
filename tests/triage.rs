//! Triage and live thresholds, driven like a user: open the seeds, press `x`
//! on a passage, it is gone from the list and the reader; `X` shows it
//! dimmed; `i` stars a cluster and lists it first; the marks file keeps them
//! for the next run. `+` re-analyses in the background and the reader stays
//! on the same text.

use refrain::action::Action;
use refrain::app::{App, AppOptions, Screen};
use refrain::keymap::Keymap;
use refrain::marks::{Mark, Marks, MarksLocation};
use refrain::ui::ColorMode;
use refrain::ui::snapshot::{render, text, text_and_styles};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn seeds_app(marks: Option<&Path>) -> App {
    let analysis = refrain::analyse(refrain::corpus::seeds(), &refrain::Params::default());
    let mut app = App::new(
        Arc::new(analysis),
        Arc::new(Keymap::default()),
        AppOptions {
            color: ColorMode::TrueColor,
            marks: marks.map(|p| MarksLocation::file(p.to_path_buf())),
            ..AppOptions::default()
        },
    );
    app.resize(80, 24);
    app
}

/// Ids of the clusters the passages list shows, in order.
fn listed(app: &App) -> Vec<usize> {
    app.passages
        .shown
        .iter()
        .map(|&c| app.analysis.clusters[c].id)
        .collect()
}

#[test]
fn x_hides_a_cluster_everywhere_and_x_shows_it_dimmed() {
    let mut app = seeds_app(None);
    app.update(Action::Passages);
    assert_eq!(listed(&app), (0..14).collect::<Vec<_>>());
    // The largest cluster (the reprinted article) is put aside.
    app.update(Action::MarkBoilerplate);
    assert_eq!(listed(&app), (1..14).collect::<Vec<_>>());
    assert_eq!(app.passages.selected, 0, "the next cluster is selected");
    assert_eq!(app.triage.hidden_count(), 1);
    insta::assert_snapshot!("passages_one_hidden_80x24", text(&render(&mut app, 80, 24)));

    // In the reader, document 0's occurrence of cluster 0 is not highlighted.
    let a = app.analysis.clone();
    let p0 = a.clusters[0].occurrences[0];
    app.update(Action::Library);
    for _ in 0..p0.document {
        app.update(Action::ScrollDown);
    }
    app.update(Action::Select);
    let r = app.reader.as_ref().unwrap();
    assert!(r.occs.iter().all(|o| o.cluster != 0));
    assert!(!r.occs.is_empty());

    // X: shown again, dimmed, in the reader and the list.
    app.update(Action::ToggleHidden);
    let r = app.reader.as_ref().unwrap();
    assert!(r.occs.iter().any(|o| o.cluster == 0));
    insta::assert_snapshot!(
        "reader_hidden_shown_dimmed_80x24",
        text_and_styles(&render(&mut app, 80, 24))
    );
    app.update(Action::Passages);
    assert_eq!(listed(&app), (0..14).collect::<Vec<_>>());
    insta::assert_snapshot!(
        "passages_hidden_shown_dimmed_80x24",
        text_and_styles(&render(&mut app, 80, 24))
    );
    // x on a hidden cluster unmarks it.
    app.update(Action::Top);
    app.update(Action::MarkBoilerplate);
    assert_eq!(app.triage.hidden_count(), 0);
    assert_eq!(
        app.message.as_deref(),
        Some("cluster 0 unmarked · for this session")
    );
}

#[test]
fn i_stars_a_cluster_and_lists_it_first() {
    let mut app = seeds_app(None);
    app.update(Action::Passages);
    for _ in 0..3 {
        app.update(Action::ScrollDown);
    }
    app.update(Action::MarkInteresting);
    assert_eq!(listed(&app), [3, 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_eq!(listed(&app)[app.passages.selected], 3, "selection follows");
    insta::assert_snapshot!(
        "passages_starred_80x24",
        text_and_styles(&render(&mut app, 80, 24))
    );
}

#[test]
fn x_in_the_reader_marks_the_selected_passage_and_selects_the_next() {
    let mut app = seeds_app(None);
    app.update(Action::Select);
    app.update(Action::NextPassage);
    let first = app.reader.as_ref().unwrap().selected.unwrap();
    let o = app.reader.as_ref().unwrap().occs[first];
    let occs = app.reader.as_ref().unwrap().occs.clone();
    let same = occs.iter().filter(|x| x.cluster == o.cluster).count();
    app.update(Action::MarkBoilerplate);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.occs.len(), occs.len() - same);
    assert!(r.occs.iter().all(|x| x.cluster != o.cluster));
    let next = r.selected.map(|s| r.occs[s].passage.start);
    assert!(next.is_none_or(|s| s >= o.passage.start), "{next:?}");
    insta::assert_snapshot!(
        "reader_after_x_80x24",
        text_and_styles(&render(&mut app, 80, 24))
    );
}

#[test]
fn marks_survive_a_new_run_through_the_marks_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".refrain.toml");
    let mut app = seeds_app(Some(&file));
    app.update(Action::Passages);
    app.update(Action::MarkBoilerplate); // cluster 0
    app.update(Action::ScrollDown);
    app.update(Action::ScrollDown);
    app.update(Action::MarkInteresting); // cluster 3 (1 and 2 moved up)
    assert!(app.message.as_deref().unwrap().contains("saved in"));
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.starts_with("# refrain triage marks"), "{saved}");
    let marks = Marks::parse(&saved).unwrap();
    assert_eq!((marks.boilerplate.len(), marks.interesting.len()), (1, 1));

    // A new run (a fresh analysis and app) reads the file: still hidden, still first.
    let mut again = seeds_app(Some(&file));
    again.update(Action::Passages);
    assert_eq!(listed(&again), [3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_eq!(again.triage.mark(0), Some(Mark::Boilerplate));

    // `refrain report --ignore` honours the same file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(["report", "--ignore"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.ends_with("13 clusters in 5 documents\n"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .any(|l| l == "refrain: 1 clusters ignored (marked boilerplate)"),
        "{stderr}"
    );
}

#[test]
fn percent_filter_hides_clusters_in_many_documents() {
    let mut app = seeds_app(None);
    app.update(Action::Passages);
    let a = app.analysis.clone();
    let docs_of = |c: usize| {
        let mut d: Vec<_> = a.clusters[c]
            .occurrences
            .iter()
            .map(|p| p.document)
            .collect();
        d.dedup();
        d.len()
    };
    let all = a.clusters.len();
    for pct in [50, 25, 10] {
        app.update(Action::HideCommon);
        // More than pct% of the 5 seed documents.
        let many: Vec<usize> = (0..all).filter(|&c| docs_of(c) * 100 > pct * 5).collect();
        assert_eq!(app.triage.hidden_count(), many.len(), "{pct}%");
        assert!(listed(&app).iter().all(|c| !many.contains(c)));
        assert_eq!(
            app.message.as_deref(),
            Some(
                format!(
                    "hiding clusters in more than {pct}% of documents ({} hidden)",
                    many.len()
                )
                .as_str()
            )
        );
    }
    // At 25% a cluster in two of five documents is too common: all of them here.
    assert_eq!(app.triage.hidden_count(), all);
    insta::assert_snapshot!(
        "passages_all_too_common_80x24",
        text(&render(&mut app, 80, 24))
    );
    app.update(Action::HideCommon);
    assert_eq!(app.triage.hidden_count(), 0);
    assert_eq!(listed(&app).len(), all);
}

/// Ticks the app until its background job is done.
fn finish(app: &mut App) {
    let t = Instant::now();
    while app.busy() {
        app.tick();
        std::thread::sleep(Duration::from_millis(2));
        assert!(t.elapsed() < Duration::from_secs(30), "re-analysis hangs");
    }
}

#[test]
fn live_thresholds_keep_the_reader_on_the_same_text() {
    let mut app = seeds_app(None);
    let a = app.analysis.clone();
    // A passage that survives min-words 12: cluster 2 (43 words, 4 occurrences).
    let c = (0..a.clusters.len())
        .find(|&c| a.clusters[c].id == 2)
        .unwrap();
    app.open_occurrence(c, 1);
    let before = app.reader.clone().unwrap();
    let was = before.occs[before.selected.unwrap()].passage;
    let top = (before.top_line, before.top_row);
    let n_before = app.analysis.clusters.len();

    app.update(Action::MinWordsUp);
    app.update(Action::MinWordsUp);
    assert!(app.busy());
    assert_eq!(app.target_params().min_words, 12);
    let status = text(&render(&mut app, 80, 24));
    assert!(
        status.contains("re-analysing (min-words 12, similarity 70%)"),
        "{status}"
    );
    finish(&mut app);

    assert_eq!(app.analysis.params.min_words, 12);
    assert!(app.analysis.clusters.len() < n_before);
    assert_eq!(app.screen, Screen::Reader);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.doc, was.document);
    assert_eq!((r.top_line, r.top_row), top);
    let now = r.occs[r.selected.expect("a passage stays selected")].passage;
    assert_eq!(app.analysis.text(&now), a.text(&was));
    assert_eq!(
        app.message.as_deref(),
        Some(
            format!(
                "min-words 12, similarity 70%: {} clusters",
                app.analysis.clusters.len()
            )
            .as_str()
        )
    );
}

#[test]
fn thresholds_prompt_sets_both_and_rejects_nonsense() {
    let mut app = seeds_app(None);
    app.update(Action::Thresholds);
    assert_eq!(app.prompt.as_ref().unwrap().text, "10 0.7");
    let key =
        |c| ratatui::crossterm::event::Event::Key(ratatui::crossterm::event::KeyEvent::from(c));
    use ratatui::crossterm::event::KeyCode;
    for _ in 0..6 {
        app.handle_event(&key(KeyCode::Backspace));
    }
    for ch in "8 90%".chars() {
        app.handle_event(&key(KeyCode::Char(ch)));
    }
    app.handle_event(&key(KeyCode::Enter));
    assert_eq!(app.target_params().min_words, 8);
    assert_eq!(app.target_params().min_similarity, 0.9);
    finish(&mut app);
    assert_eq!(app.analysis.params.min_similarity, 0.9);

    app.update(Action::Thresholds);
    app.handle_event(&key(KeyCode::Char('x')));
    app.handle_event(&key(KeyCode::Enter));
    assert!(!app.busy());
    assert_eq!(
        app.message.as_deref(),
        Some("min-similarity must be between 0 and 1 (or 0% and 100%), not \"0.9x\"")
    );
}
