//! The all-occurrences screen: a table of every occurrence of the cluster
//! (reference marked ★, document, line, similarity to the reference, excerpt)
//! and, below it, the occurrences stacked as panes, each with a line of
//! context, every word that differs from the reference lit in that copy. The
//! table's offset and the panes' areas come from the app's layout.

use super::compare::diff_style;
use super::theme::Theme;
use super::wrap::{StyleRun, render_row};
use super::{excerpt, pad, places};
use crate::action::Action;
use crate::app::{App, NwayState, Pane, RowKind, passage_rows};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

/// " │ enter open": the first key of `action` on this screen and a label.
pub(super) fn hint(app: &App, action: Action, label: &str) -> String {
    match app.keymap.keys_for(app.context(), action).first() {
        Some(k) => format!(" │ {k} {label}"),
        None => String::new(),
    }
}

/// The all-occurrences part of the status bar.
pub fn status(app: &App) -> String {
    let Some(s) = app.nway.as_ref() else {
        return String::new();
    };
    let a = &app.analysis;
    let n = s.occurrences(a).len();
    format!(
        " cluster {} │ occurrence {}/{} │ {}{}{}{}",
        a.clusters[s.cluster].id,
        s.selected + 1,
        n,
        s.to_reference(s.selected),
        hint(app, Action::Select, "open"),
        hint(app, Action::Compare, "compare"),
        hint(app, Action::SetReference, "reference"),
    )
}

fn table(app: &App, s: &NwayState, theme: &Theme) -> (Table<'static>, TableState) {
    let a = &app.analysis;
    let occ = s.occurrences(a);
    let names = places::document_names(app, occ, places::DOCUMENT);
    let rows: Vec<Row> = occ
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut cells = vec![
                if i == s.reference { "★" } else { " " }.to_string(),
                format!("{}", i + 1),
            ];
            cells.extend(places::place_cells_with(
                app,
                p,
                s.same_cell(i),
                names[i].clone(),
            ));
            cells.push(excerpt(a.text(p), 200));
            Row::new(cells)
        })
        .collect();
    let t = places::table(
        rows,
        places::widths(&[1, 3], &[]),
        &["", "#", "document", "line", "same", "excerpt"],
        theme,
    );
    let state = TableState::default()
        .with_offset(s.list_offset)
        .with_selected(Some(s.selected));
    (t, state)
}

fn pane(app: &App, s: &NwayState, i: usize, area: Rect, theme: &Theme) -> Vec<Line<'static>> {
    let a = &app.analysis;
    let occ = s.occurrences(a);
    let p = occ[i];
    let d = &a.corpus.documents[p.document];
    let id = a.clusters[s.cluster].id;
    let sel = i == s.selected;
    let head = format!(
        "{} {}/{} {} line {} · {}",
        if sel { "▶" } else { " " },
        i + 1,
        s.occurrences(a).len(),
        // The name apart from the occurrences stacked above and below.
        places::document_names(app, &occ[i.saturating_sub(1)..(i + 2).min(occ.len())], 24)
            .swap_remove(usize::from(i > 0)),
        d.line_col(p.start).0,
        s.to_reference(i)
    );
    let style = if sel {
        theme.list_selected()
    } else {
        theme.title()
    };
    let mut lines = vec![Line::from(Span::styled(
        pad(&head, area.width as usize),
        style,
    ))];
    let body = (area.height as usize).saturating_sub(1);
    let width = (area.width as usize).saturating_sub(1).max(1);
    let runs: Vec<StyleRun> = s
        .marks(i)
        .into_iter()
        .filter_map(|m| {
            diff_style(theme, m.kind, false).map(|style| StyleRun {
                range: m.bytes,
                style,
            })
        })
        .collect();
    let above = usize::from(body > 3);
    for row in passage_rows(a, &p, width, above, body)
        .into_iter()
        .take(body)
    {
        let base = d.line_starts()[row.line];
        let local = row.bytes.start - base..row.bytes.end - base;
        let (default, gutter, runs) = match row.kind {
            RowKind::Context => (theme.context(), Span::raw(" "), &[][..]),
            RowKind::Passage => (
                Style::new(),
                Span::styled("▌", theme.gutter(id, sel)),
                &runs[..],
            ),
        };
        let mut spans = vec![gutter];
        spans.extend(render_row(
            d.line_text(row.line),
            base,
            local,
            runs,
            default,
        ));
        lines.push(Line::from(spans));
    }
    lines
}

/// Draws the all-occurrences view into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(s) = app.nway.as_ref() else {
        return;
    };
    let a = &app.analysis;
    let c = &a.clusters[s.cluster];
    let n = c.occurrences.len();
    let title = Line::from(vec![
        Span::styled(" All occurrences", theme.title()),
        Span::styled(
            format!(
                " · cluster {} · {} occurrences · {} words",
                c.id, n, c.words
            ),
            theme.muted(),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(title),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let (t, mut state) = table(app, s, theme);
    // The table: its column header above the rows the layout placed.
    let Some(rows) = app.layout.area(|p| matches!(p, Pane::List(_))) else {
        return;
    };
    let list = Rect::new(rows.x, rows.y - 1, rows.width, rows.height + 1).intersection(area);
    frame.render_stateful_widget(t, list, &mut state);
    // The panes, where the layout put them.
    for &(p, r) in &app.layout.panes {
        if let Pane::Occurrence(i) = p {
            let r = r.intersection(area);
            frame.render_widget(Paragraph::new(pane(app, s, i, r, theme)), r);
        }
    }
}
