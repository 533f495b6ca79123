//! The library screen: one row per document (distinguishing name, title, size,
//! how many shared passages it has and which documents it shares them with),
//! in a ratatui `Table` whose columns share the width, each cell cut with an
//! ellipsis. Below the table: the full path of the selected document and, when
//! files were skipped, one summary line; `!` swaps the table for a table of them.
//! Only the rows on screen are built, so a frame costs the same for 10 or
//! 100,000 documents.

use super::theme::Theme;
use super::{excerpt, fit, fit_list, fit_names, fit_path, name_excerpt};
use crate::action::Action;
use crate::app::{App, counted, skipped_summary, thousands};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

/// A size in bytes for people: "812 B", "11.1 KB", "2.4 MB".
pub fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Space between columns.
const GAP: u16 = 2;
/// Width of the selection marker.
const MARK: u16 = 2;

/// Column widths for a table `width` columns wide: name, title, size,
/// passages, with. The name gets what the widest name needs, up to a quarter
/// of the width; "with" a quarter (10 to 40 columns); the title the rest.
fn widths(width: u16, widest_name: usize, passages_w: u16) -> [u16; 5] {
    let name = (widest_name as u16).clamp(4, (width / 4).max(6));
    let size = 8;
    let with = (width / 4).clamp(10, 40);
    let fixed = MARK + name + size + passages_w + with + 4 * GAP;
    let title = width.saturating_sub(fixed).max(8);
    [name, title, size, passages_w, with]
}

/// Draws the library into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    if let Some(offset) = app.library.skipped_list {
        draw_skipped(frame, app, area, theme, offset);
        return;
    }
    let a = &app.analysis;
    let lib = &app.library;
    let ix = &lib.index;
    let total_occ: usize = a.clusters.iter().map(|c| c.occurrences.len()).sum();
    let filter = if lib.filter.is_empty() {
        String::new()
    } else {
        format!(
            " · filter “{}”: {} shown",
            excerpt(&lib.filter, 30),
            thousands(lib.len())
        )
    };
    // The counts said as fully as the width allows (a corpus of 17,633
    // manual pages ran past 80 columns, cutting "by path" to "by pa").
    let (docs, shared, occ, clusters) = (
        counted(ix.len(), "document"),
        counted(total_occ, "shared passage"),
        counted(total_occ, "passage"),
        counted(a.clusters.len(), "cluster"),
    );
    let by = lib.sort.name();
    let room = (area.width as usize).saturating_sub(" Library".len());
    let candidates = [
        format!(" · {docs} · {shared} in {clusters} · by {by}{filter}"),
        format!(" · {docs} · {occ} in {clusters} · by {by}{filter}"),
        format!(" · {docs} · {occ} in {clusters}{filter}"),
        format!(" · {docs}{filter}"),
    ];
    let head = candidates
        .iter()
        .find(|c| c.width() <= room)
        .cloned()
        .unwrap_or_else(|| fit(&candidates[3], room));
    let header = Line::from(vec![
        Span::styled(" Library", theme.title()),
        Span::styled(head, theme.muted()),
    ]);
    frame.render_widget(
        Paragraph::new(header),
        Rect::new(area.x, area.y, area.width, 1.min(area.height)),
    );

    // Footer: the selected document's full path, and the skipped files.
    let summary = skipped_summary(&app.skipped).map(|s| {
        let key = app
            .keymap
            .keys_for(app.context(), Action::SkippedFiles)
            .first()
            .map(|k| format!(" — {k} to list"))
            .unwrap_or_default();
        s + &key
    });
    let footer_h = app.library_footer_rows();
    let table_h = area.height.saturating_sub(1 + footer_h);
    let list_h = table_h.saturating_sub(1) as usize;
    let offset = lib.offset;
    let w = area.width;

    let rows_docs: Vec<usize> = (offset..offset + list_h)
        .map_while(|r| lib.doc_at(r))
        .collect();
    let passages_text = |d: usize| {
        let n = ix.passages(d);
        format!("{} passage{}", thousands(n), if n == 1 { "" } else { "s" })
    };
    let passages_w = rows_docs
        .iter()
        .map(|&d| passages_text(d).width())
        .max()
        .unwrap_or(0)
        .max(6) as u16;
    let [name_w, title_w, size_w, pass_w, with_w] = widths(w, ix.widest_name(), passages_w);
    // Names and titles cut to their columns keep in view what tells them
    // apart from those above and below (`fit_list`), the rows just off
    // screen included.
    let before = offset.checked_sub(1).and_then(|r| lib.doc_at(r));
    let after = lib.doc_at(offset + rows_docs.len());
    let around: Vec<usize> = before
        .into_iter()
        .chain(rows_docs.iter().copied())
        .chain(after)
        .collect();
    let shown = |cut: Vec<String>| -> Vec<String> {
        cut.into_iter()
            .skip(usize::from(before.is_some()))
            .take(rows_docs.len())
            .collect()
    };
    let names: Vec<&str> = around.iter().map(|&d| ix.name(d)).collect();
    let names = shown(fit_names(&names, name_w as usize));
    let titles: Vec<&str> = around.iter().map(|&d| ix.title(d)).collect();
    let titles = shown(fit_list(&titles, title_w as usize));
    let rows: Vec<Row> = rows_docs
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let (others, more) = ix.shared_with(a, d, (with_w as usize / 2).max(1));
            let with = if others.is_empty() && ix.passages(d) > 0 {
                "within itself".to_string()
            } else if others.is_empty() {
                "—".to_string()
            } else {
                let names: Vec<&str> = others.iter().map(|&o| ix.name(o)).collect();
                with_cell(&names, more, with_w as usize)
            };
            Row::new(vec![
                Cell::from(Span::styled(names[i].clone(), theme.key())),
                Cell::from(titles[i].clone()),
                Cell::from(Span::styled(
                    format!(
                        "{:>width$}",
                        human_size(a.corpus.documents[d].len()),
                        width = size_w as usize
                    ),
                    theme.muted(),
                )),
                Cell::from(format!(
                    "{:>width$}",
                    passages_text(d),
                    width = pass_w as usize
                )),
                Cell::from(Span::styled(fit(&with, with_w as usize), theme.muted())),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(name_w),
            Constraint::Length(title_w),
            Constraint::Length(size_w),
            Constraint::Length(pass_w),
            Constraint::Length(with_w),
        ],
    )
    .header(
        Row::new(vec![
            Cell::from("NAME"),
            Cell::from("TITLE"),
            Cell::from(format!("{:>width$}", "SIZE", width = size_w as usize)),
            Cell::from(format!("{:>width$}", "SHARED", width = pass_w as usize)),
            Cell::from("WITH"),
        ])
        .style(theme.muted()),
    )
    .column_spacing(GAP)
    .highlight_symbol("▶ ")
    .row_highlight_style(theme.list_selected());
    let mut state = TableState::default()
        .with_offset(0)
        .with_selected((!rows_docs.is_empty()).then(|| lib.selected - offset));
    let table_area = Rect::new(area.x, area.y + 1, area.width, table_h);
    frame.render_stateful_widget(table, table_area, &mut state);
    if rows_docs.is_empty() {
        let msg = if lib.filter.is_empty() {
            "  no documents"
        } else {
            "  no document matches the filter"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, theme.muted())),
            Rect::new(area.x, area.y + 2, area.width, 1.min(table_h)),
        );
    }

    let mut footer = Vec::new();
    if let Some(d) = lib.selected_doc() {
        let doc = &a.corpus.documents[d];
        // The line count stays in view; a long path keeps its end.
        let lines = format!(" · {} lines", thousands(doc.line_count()));
        let room = (w as usize).saturating_sub(lines.width() + 1);
        footer.push(Line::from(Span::styled(
            fit(
                &format!(" {}{lines}", fit_path(&excerpt(&doc.path, 4096), room)),
                w as usize,
            ),
            theme.muted(),
        )));
    } else {
        footer.push(Line::default());
    }
    if let Some(s) = summary {
        footer.push(Line::from(Span::styled(
            fit(&format!(" {s}"), w as usize),
            theme.message(),
        )));
    }
    let fy = area.y + area.height.saturating_sub(footer_h);
    frame.render_widget(
        Paragraph::new(footer),
        Rect::new(area.x, fy, area.width, footer_h.min(area.height)),
    );
}

/// The WITH cell: "with" and the names of the documents shared with. The
/// first is cut as a name is ([`name_excerpt`]: a file name in several
/// folders keeps its file name) rather than the list cut at the end; the
/// others are listed while they fit whole, then "…" (also when `more`
/// were not listed).
fn with_cell(names: &[&str], more: bool, width: usize) -> String {
    let Some((first, rest)) = names.split_first() else {
        return String::new();
    };
    let mut out = format!("with {}", name_excerpt(first, width.saturating_sub(5)));
    if out.width() < 5 + first.width() || (rest.is_empty() && !more) {
        return out;
    }
    for (i, name) in rest.iter().enumerate() {
        let last = i + 1 == rest.len() && !more;
        let need = out.width() + 1 + name.width() + if last { 0 } else { 2 };
        if need > width {
            break;
        }
        out.push(' ');
        out.push_str(name);
        if last {
            return out;
        }
    }
    if out.width() + 2 <= width {
        out.push_str(" …");
    }
    out
}

/// Draws the list of skipped files (kind, path, reason) from row `offset`,
/// as a `Table` of the rows on screen.
fn draw_skipped(frame: &mut Frame, app: &App, area: Rect, theme: &Theme, offset: usize) {
    let w = area.width as usize;
    let summary = skipped_summary(&app.skipped).unwrap_or_default();
    let title = Line::from(vec![
        Span::styled(" Skipped files", theme.title()),
        Span::styled(
            fit(&format!(" · {summary}"), w.saturating_sub(14)),
            theme.muted(),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(title),
        Rect::new(area.x, area.y, area.width, 1.min(area.height)),
    );
    const KIND: u16 = 10;
    let table_area = Rect::new(
        area.x + 2,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(1),
    );
    let text_w = (table_area.width.saturating_sub(KIND + GAP)) as usize;
    let list_h = table_area.height.saturating_sub(1) as usize;
    let rows: Vec<Row> = app
        .skipped
        .iter()
        .skip(offset)
        .take(list_h)
        .map(|warning| {
            let text = format!("{} — {}", warning.path, warning.reason);
            Row::new(vec![
                Cell::from(Span::styled(warning.kind.name(), theme.key())),
                Cell::from(excerpt(&text, text_w)),
            ])
        })
        .collect();
    let table = Table::new(rows, [Constraint::Length(KIND), Constraint::Fill(1)])
        .header(Row::new(["KIND", "FILE — WHY"]).style(theme.muted()))
        .column_spacing(GAP);
    frame.render_widget(table, table_area);
}
