//! The compare screen: two panes with a header each, the aligned rows of the
//! comparison (one scroll offset for both), word differences styled inline
//! (one-sided text and replaced words in distinct styles), context dimmed.

use super::theme::Theme;
use super::wrap::{StyleRun, render_row};
use super::{excerpt, pad};
use crate::app::{App, CompareState, Pane, RowKind, SideRow};
use crate::reuse::diff::DiffKind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn side_line(
    app: &App,
    c: &CompareState,
    row: Option<&SideRow>,
    other: Option<&SideRow>,
    left: bool,
    theme: &Theme,
) -> Line<'static> {
    let a = &app.analysis;
    let cluster = &a.clusters[c.cluster];
    let Some(row) = row else {
        // A gap facing passage text keeps the passage's mark, so it reads as a gap.
        return match other {
            Some(o) if o.kind == RowKind::Passage => {
                Line::from(Span::styled("▌", theme.gutter(cluster.id, false)))
            }
            _ => Line::default(),
        };
    };
    let p = cluster.occurrences[if left { c.left } else { c.right }];
    let doc = &a.corpus.documents[p.document];
    let base = doc.line_starts()[row.line];
    let local = row.bytes.start - base..row.bytes.end - base;
    let (default, gutter) = match row.kind {
        RowKind::Context => (theme.context(), Span::raw(" ")),
        RowKind::Passage => (
            Style::new(),
            Span::styled("▌", theme.gutter(cluster.id, false)),
        ),
    };
    let mut runs = Vec::new();
    if row.kind == RowKind::Passage {
        for run in c.diff.iter() {
            let span = if left { &run.left } else { &run.right };
            if span.is_empty() || span.end <= row.bytes.start || span.start >= row.bytes.end {
                continue;
            }
            let style = match run.kind {
                DiffKind::Equal => continue,
                DiffKind::Replace | DiffKind::Variant => theme.replaced(),
                DiffKind::Delete | DiffKind::Insert => theme.one_sided(left),
            };
            runs.push(StyleRun {
                range: span.clone(),
                style,
            });
        }
    }
    let mut spans = vec![gutter];
    spans.extend(render_row(
        doc.line_text(row.line),
        base,
        local,
        &runs,
        default,
    ));
    Line::from(spans)
}

fn header(app: &App, c: &CompareState, left: bool, width: usize, theme: &Theme) -> Line<'static> {
    let a = &app.analysis;
    let cluster = &a.clusters[c.cluster];
    let i = if left { c.left } else { c.right };
    let p = cluster.occurrences[i];
    let doc = &a.corpus.documents[p.document];
    let (line, _) = doc.line_col(p.start);
    let focused = c.focus_right != left;
    let text = format!(
        "{} {} line {} · occurrence {}/{}",
        if focused { "▶" } else { " " },
        excerpt(app.doc_name(p.document), 24),
        line,
        i + 1,
        cluster.occurrences.len()
    );
    let style = if focused {
        theme.list_selected()
    } else {
        theme.title()
    };
    Line::from(Span::styled(pad(&text, width), style))
}

/// Draws the comparison into `area`, in the panes laid out by the app.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let (_, th) = app.compare_text_size();
    let Some(c) = app.compare.as_ref() else {
        return;
    };
    let (Some(left_area), Some(right_area)) = (
        app.layout.area(|p| p == Pane::CompareLeft),
        app.layout.area(|p| p == Pane::CompareRight),
    ) else {
        return;
    };
    let rows = c.cached_rows().unwrap_or_default();
    let sep_area = Rect::new(left_area.right(), area.y, 1, area.height);
    let shown = rows.iter().skip(c.scroll).take(th);
    let mut left = vec![header(app, c, true, left_area.width as usize, theme)];
    let mut right = vec![header(app, c, false, right_area.width as usize, theme)];
    for row in shown {
        left.push(side_line(
            app,
            c,
            row.left.as_ref(),
            row.right.as_ref(),
            true,
            theme,
        ));
        right.push(side_line(
            app,
            c,
            row.right.as_ref(),
            row.left.as_ref(),
            false,
            theme,
        ));
    }
    let sep: Vec<Line> = (0..area.height)
        .map(|_| Line::from(Span::styled("│", theme.muted())))
        .collect();
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(sep), sep_area);
    frame.render_widget(Paragraph::new(right), right_area);
}
