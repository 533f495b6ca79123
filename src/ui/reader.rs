//! The reader screen: the visible rows of one document, each shared passage
//! highlighted in its cluster's colour (innermost passage on top), a gutter
//! mark on rows inside passages, and search hits. Only visible rows are laid
//! out and styled.

use super::theme::Theme;
use super::wrap::{StyleRun, render_row};
use super::{excerpt, fit_path};
use crate::app::{App, Pane, VisibleRow};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

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
    let t = &app.triage;
    for &i in &covering {
        let o = &r.occs[i];
        let id = a.clusters[o.cluster].id;
        runs.push(StyleRun {
            range: o.passage.start..o.passage.end,
            style: if t.is_hidden(o.cluster) {
                theme.hidden(false)
            } else {
                theme.passage_at(id, i, false)
            },
        });
    }
    if let Some(&inner) = covering.last() {
        let c = r.occs[inner].cluster;
        let id = a.clusters[c].id;
        let sel = selected_here.is_some();
        let star = t.mark(c) == Some(crate::marks::Mark::Interesting);
        // The bar alternates (▌/╏) between neighbouring passages so their
        // edges stay visible without colour; a star marks interesting ones.
        let bar = theme.gutter_mark(inner, sel);
        let mark = if star {
            match bar {
                "┃ " => "┃★",
                "╏ " => "╏★",
                _ => "▌★",
            }
        } else {
            bar
        };
        let style = if t.is_hidden(c) {
            theme.hidden(sel)
        } else {
            theme.gutter(id, sel)
        };
        gutter = Span::styled(mark, style);
    }
    if let Some(s) = selected_here {
        let p = r.occs[s].passage;
        let c = r.occs[s].cluster;
        let sel = if t.is_hidden(c) {
            theme.hidden(true)
        } else {
            theme.passage(a.clusters[c].id, true)
        };
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

/// The header row: the open document's path and title.
fn header(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    let Some(r) = app.reader.as_ref() else {
        return Line::default();
    };
    let doc = &app.analysis.corpus.documents[r.doc];
    let path = fit_path(&excerpt(&doc.path, 4096), width.saturating_sub(4) * 2 / 3);
    let title = excerpt(doc.title(), width.saturating_sub(path.width() + 4));
    Line::from(vec![
        Span::styled(format!(" {path}"), theme.title()),
        Span::styled(
            if title.is_empty() {
                String::new()
            } else {
                format!(" · {title}")
            },
            theme.muted(),
        ),
    ])
}

/// Draws the reader's header and rows, as laid out by the app, into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(r) = app.reader.as_ref() else {
        return;
    };
    let layout = &app.layout;
    frame.render_widget(
        Paragraph::new(header(app, area.width as usize, theme)),
        layout.reader_header,
    );
    let Some(text_area) = layout.area(|p| p == Pane::Reader) else {
        return;
    };
    let doc = &app.analysis.corpus.documents[r.doc];
    // Lines selected with `v` (for "where else"): from the anchor to the cursor line.
    let selected = app
        .visual
        .filter(|&(d, _)| d == r.doc)
        .and_then(|(_, anchor)| {
            let (_, c) = app.cursor_line()?;
            Some(anchor.min(c)..=anchor.max(c))
        });
    let mut lines = Vec::with_capacity(layout.reader_rows.len());
    for (i, (_, _, row)) in layout.reader_rows.iter().enumerate() {
        let Some(local) = crate::app::row_in_line(doc, row) else {
            lines.push(Line::default());
            continue;
        };
        let base = doc.line_starts()[row.line];
        let (runs, mut gutter) = row_styles(app, row, theme);
        let at_cursor = layout.reader_cursor == Some(i);
        let in_selection = selected.as_ref().is_some_and(|s| s.contains(&row.line));
        let default = if at_cursor || in_selection {
            theme.cursor_line()
        } else {
            Style::new()
        };
        let mut spans = vec![];
        if at_cursor {
            let mark: String = gutter.content.chars().take(1).collect();
            spans.push(Span::styled(mark, gutter.style));
            gutter = Span::styled("›", default.patch(theme.cursor_mark()));
        }
        spans.push(gutter);
        spans.extend(render_row(
            doc.line_text(row.line),
            base,
            local,
            &runs,
            default,
        ));
        if at_cursor || in_selection {
            let used: usize = spans.iter().map(|s| s.width()).sum();
            spans.push(Span::styled(
                " ".repeat((text_area.width as usize).saturating_sub(used)),
                default,
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), text_area);
}
