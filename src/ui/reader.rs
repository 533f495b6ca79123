//! The reader screen: the visible rows of one document, each shared passage
//! highlighted in its cluster's colour (innermost passage on top), a gutter
//! mark on rows inside passages, and search hits. Only visible rows are laid
//! out and styled.

use super::theme::Theme;
use super::wrap::{StyleRun, render_row};
use crate::app::{App, VisibleRow};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Style runs and the gutter mark for one visible row.
pub fn row_styles(app: &App, row: &VisibleRow, theme: &Theme) -> (Vec<StyleRun>, Span<'static>) {
    let Some(r) = app.reader.as_ref() else {
        return (Vec::new(), Span::raw("  "));
    };
    let a = &app.analysis;
    let mut runs = Vec::new();
    let covering = r.covering(a, row.bytes.clone());
    let mut gutter = Span::raw("  ");
    let selected_here = r.selected.filter(|s| covering.contains(s));
    for &i in &covering {
        let o = &r.occs[i];
        let id = a.clusters[o.cluster].id;
        runs.push(StyleRun {
            range: o.passage.start..o.passage.end,
            style: theme.passage(id, false),
        });
    }
    if let Some(&inner) = covering.last() {
        let id = a.clusters[r.occs[inner].cluster].id;
        let mark = if selected_here.is_some() {
            "┃ "
        } else {
            "▌ "
        };
        gutter = Span::styled(mark, theme.gutter(id, selected_here.is_some()));
    }
    if let Some(s) = selected_here {
        let p = r.occs[s].passage;
        let sel = theme.passage(a.clusters[r.occs[s].cluster].id, true);
        runs.push(StyleRun {
            range: p.start..p.end,
            style: Style::new().add_modifier(sel.add_modifier),
        });
    }
    if let Some(search) = &r.search {
        for i in search.hits_in(row.bytes.clone()) {
            let mut style = theme.search_hit();
            if search.current == Some(i) {
                style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            }
            runs.push(StyleRun {
                range: search.hits[i].clone(),
                style,
            });
        }
    }
    (runs, gutter)
}

/// Draws the reader's rows, as laid out by the app, into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(r) = app.reader.as_ref() else {
        return;
    };
    let doc = &app.analysis.corpus.documents[r.doc];
    let mut lines = Vec::with_capacity(app.layout.reader_rows.len());
    for (_, _, row) in &app.layout.reader_rows {
        let Some(local) = crate::app::row_in_line(doc, row) else {
            lines.push(Line::default());
            continue;
        };
        let base = doc.line_starts()[row.line];
        let (runs, gutter) = row_styles(app, row, theme);
        let mut spans = vec![gutter];
        spans.extend(render_row(
            doc.line_text(row.line),
            base,
            local,
            &runs,
            Style::new(),
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
