//! The compare screen: two panes with a header each, the aligned rows of the
//! comparison (one scroll offset for both), every difference styled inline
//! (one-sided text, replaced words, and variants — the same word in another
//! case, punctuation or quote style — each in its own style), folded
//! identical stretches as one line, context dimmed; and its status text.

use super::pad;
use super::places;
use super::theme::Theme;
use super::wrap::{StyleRun, render_row};
use crate::action::Action;
use crate::app::{App, CompareState, Pane, RowKind, SideRow};
use crate::reuse::diff::DiffKind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The style of a difference of `kind` on the `left` (or right) side.
pub fn diff_style(theme: &Theme, kind: DiffKind, left: bool) -> Option<Style> {
    match kind {
        DiffKind::Equal => None,
        DiffKind::Replace => Some(theme.replaced()),
        DiffKind::Variant => Some(theme.replaced().add_modifier(Modifier::UNDERLINED)),
        DiffKind::Delete | DiffKind::Insert => Some(theme.one_sided(left)),
    }
}

/// The colour id of the compared passages' mark.
fn mark_id(app: &App, c: &CompareState) -> usize {
    c.cluster.map_or(0, |i| app.analysis.clusters[i].id)
}

fn side_line(
    app: &App,
    c: &CompareState,
    row: Option<&SideRow>,
    other: Option<&SideRow>,
    left: bool,
    theme: &Theme,
) -> Line<'static> {
    let a = &app.analysis;
    let id = mark_id(app, c);
    let Some(row) = row else {
        // A gap facing passage text keeps the passage's mark, so it reads as a gap.
        return match other {
            Some(o) if o.kind == RowKind::Passage => {
                Line::from(Span::styled("▌", theme.gutter(id, false)))
            }
            _ => Line::default(),
        };
    };
    let p = if left {
        c.left_passage()
    } else {
        c.right_passage()
    };
    let doc = &a.corpus.documents[p.document];
    let base = doc.line_starts()[row.line];
    let local = row.bytes.start - base..row.bytes.end - base;
    let (default, gutter) = match row.kind {
        RowKind::Context => (theme.context(), Span::raw(" ")),
        RowKind::Passage => (Style::new(), Span::styled("▌", theme.gutter(id, false))),
    };
    let mut runs = Vec::new();
    if row.kind == RowKind::Passage {
        for run in c.diff.iter() {
            let span = if left { &run.left } else { &run.right };
            if span.is_empty() || span.end <= row.bytes.start || span.start >= row.bytes.end {
                continue;
            }
            if let Some(style) = diff_style(theme, run.kind, left) {
                runs.push(StyleRun {
                    range: span.clone(),
                    style,
                });
            }
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
    let i = if left { c.left } else { c.right };
    let p = c.passages[i];
    let doc = &a.corpus.documents[p.document];
    let (line, _) = doc.line_col(p.start);
    let focused = c.focus_right != left;
    let what = match c.cluster {
        Some(_) => format!("occurrence {}/{}", i + 1, c.passages.len()),
        None if i == 0 => "selection".to_string(),
        None => "match".to_string(),
    };
    let text = format!(
        "{} {} line {} · {what}",
        if focused { "▶" } else { " " },
        pair_names(app, c, 24)[usize::from(!left)],
        line,
    );
    let style = if focused {
        theme.list_selected()
    } else {
        theme.title()
    };
    Line::from(Span::styled(pad(&text, width), style))
}

/// The names of the left and right documents, each cut to `width`
/// columns apart from the other ([`places::document_names`]).
fn pair_names(app: &App, c: &CompareState, width: u16) -> [String; 2] {
    let mut names = places::document_names(app, &[c.passages[c.left], c.passages[c.right]], width);
    let right = names.pop().unwrap_or_default();
    [names.pop().unwrap_or_default(), right]
}

/// The fold row: how many identical lines it hides and the key that opens it.
fn fold_line(app: &App, n: usize, width: usize, theme: &Theme) -> Line<'static> {
    let key = app
        .keymap
        .keys_for(app.context(), Action::Unfold)
        .first()
        .map(|k| format!(" · {k} unfolds"))
        .unwrap_or_default();
    let text = format!(
        "┄┄ {n} identical line{}{key} ┄┄",
        if n == 1 { "" } else { "s" }
    );
    Line::from(Span::styled(pad(&text, width), theme.muted()))
}

/// The compare part of the status bar: the two documents, the difference
/// moved to ("difference k/n") or the count, and this pair's own similarity.
pub fn status(app: &App) -> String {
    let a = &app.analysis;
    let Some(c) = app.compare.as_ref() else {
        return String::new();
    };
    let [left, right] = pair_names(app, c, 12);
    let what = match c.cluster {
        Some(i) => {
            let cl = &a.clusters[i];
            let boilerplate = cl
                .boilerplate
                .map(|b| format!(" · boilerplate {:.0}%", b * 100.0))
                .unwrap_or_default();
            format!("cluster {}{boilerplate}", cl.id)
        }
        None => "where else".to_string(),
    };
    format!(" {what} │ {} ↔ {} │ {}", left, right, c.status())
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
    let rows = c.rows();
    let sep_area = Rect::new(left_area.right(), area.y, 1, area.height);
    let (lw, rw) = (left_area.width as usize, right_area.width as usize);
    let mut left = vec![header(app, c, true, lw, theme)];
    let mut right = vec![header(app, c, false, rw, theme)];
    let mut sep = vec![Line::from(Span::styled("│", theme.muted()))];
    for row in rows.iter().skip(c.scroll).take(th) {
        if let Some(n) = row.fold {
            left.push(fold_line(app, n, lw, theme));
            right.push(fold_line(app, n, rw, theme));
            sep.push(Line::from(Span::styled("┄", theme.muted())));
            continue;
        }
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
        sep.push(Line::from(Span::styled("│", theme.muted())));
    }
    while sep.len() < area.height as usize {
        sep.push(Line::from(Span::styled("│", theme.muted())));
    }
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(sep), sep_area);
    frame.render_widget(Paragraph::new(right), right_area);
}
