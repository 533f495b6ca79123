//! The where-else screen: what was searched for, a table of the places it
//! recurs (document, line, similarity, words, excerpt), and a preview of the
//! selected place with its context.

use super::nway::hint;
use super::theme::Theme;
use super::wrap::{StyleRun, render_row};
use super::{excerpt, name_excerpt, pad, places};
use crate::action::Action;
use crate::app::{App, Pane, RowKind, passage_rows};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, TableState};

/// The where-else part of the status bar.
pub fn status(app: &App) -> String {
    let Some(s) = app.where_else.as_ref() else {
        return String::new();
    };
    let d = &app.analysis.corpus.documents[s.query.document];
    format!(
        " where else │ {} line {} │ {} found{}{}",
        name_excerpt(app.doc_name(s.query.document), 12),
        d.line_col(s.query.start).0,
        s.hits.len(),
        hint(app, Action::Select, "open"),
        hint(app, Action::Compare, "compare"),
    )
}

/// Draws the where-else view into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(s) = app.where_else.as_ref() else {
        return;
    };
    let a = &app.analysis;
    let w = area.width as usize;
    let qtext = a.text(&s.query);
    let title = Line::from(vec![
        Span::styled(" Where else", theme.title()),
        Span::styled(
            format!(
                " · {} place{} · “{}”",
                s.hits.len(),
                if s.hits.len() == 1 { "" } else { "s" },
                excerpt(qtext, w.saturating_sub(30))
            ),
            theme.muted(),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(title),
        Rect::new(area.x, area.y, area.width, 1),
    );
    if s.hits.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                " Nowhere else: no other place shares 5 or more of these words at 60% similarity.",
                theme.muted(),
            )),
            Rect::new(area.x, area.y + 2, area.width, 1),
        );
        return;
    }
    let passages: Vec<_> = s.hits.iter().map(|h| h.passage).collect();
    let names = places::document_names(app, &passages, places::DOCUMENT);
    let rows: Vec<Row> = s
        .hits
        .iter()
        .zip(names)
        .map(|(h, name)| {
            let mut cells = places::place_cells(app, &h.passage, h.similarity, name).to_vec();
            cells.push(format!("{}", h.words));
            cells.push(excerpt(a.text(&h.passage), 200));
            Row::new(cells)
        })
        .collect();
    let t = places::table(
        rows,
        places::widths(&[], &[5]),
        &["document", "line", "same", "words", "excerpt"],
        theme,
    );
    let mut state = TableState::default()
        .with_offset(s.offset)
        .with_selected(Some(s.selected));
    // The table: its column header above the rows the layout placed.
    let Some(rows) = app.layout.area(|p| matches!(p, Pane::List(_))) else {
        return;
    };
    let list = Rect::new(rows.x, rows.y - 1, rows.width, rows.height + 1).intersection(area);
    frame.render_stateful_widget(t, list, &mut state);
    // Preview of the selected place, where the layout put it.
    let Some(preview) = app.layout.area(|p| p == Pane::Preview) else {
        return;
    };
    let (top, h) = (preview.y, preview.height);
    let hit = &s.hits[s.selected];
    let p = hit.passage;
    let d = &a.corpus.documents[p.document];
    let head = format!(
        " {} line {} · {}% · {} of {} words matched",
        name_excerpt(app.doc_name(p.document), 24),
        d.line_col(p.start).0,
        crate::text::percent(hit.similarity),
        hit.matched,
        crate::segment::word_count(qtext)
    );
    let mut lines = vec![Line::from(Span::styled(pad(&head, w), theme.title()))];
    let body = (h - 1) as usize;
    let runs = [StyleRun {
        range: p.start..p.end,
        style: theme.search_hit(),
    }];
    for row in passage_rows(a, &p, w.saturating_sub(1).max(1), body.min(2), body)
        .into_iter()
        .take(body)
    {
        let base = d.line_starts()[row.line];
        let local = row.bytes.start - base..row.bytes.end - base;
        let (default, gutter, runs) = match row.kind {
            RowKind::Context => (theme.context(), " ", &[][..]),
            RowKind::Passage => (Style::new(), "▌", &runs[..]),
        };
        let mut spans = vec![Span::raw(gutter)];
        spans.extend(render_row(
            d.line_text(row.line),
            base,
            local,
            runs,
            default,
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), Rect::new(area.x, top, area.width, h));
}
