//! The library screen: one row per document with its title, size, how many
//! shared passages it has and which documents it shares them with.

use super::theme::Theme;
use super::{excerpt, pad};
use crate::app::{App, short_name};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A size in bytes for people: "812 B", "11.1 KB", "2.4 MB".
pub fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Draws the library into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let a = &app.analysis;
    let lib = &app.library;
    let total_occ: usize = a.clusters.iter().map(|c| c.occurrences.len()).sum();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Library", theme.title()),
            Span::styled(
                format!(
                    " · {} documents · {} shared passages in {} clusters",
                    lib.docs.len(),
                    total_occ,
                    a.clusters.len()
                ),
                theme.muted(),
            ),
        ]),
        Line::default(),
    ];
    let list_h = area.height.saturating_sub(2) as usize;
    let offset = lib.offset;
    let w = area.width as usize;
    let shared_w = 22.min(w / 4);
    let fixed = 2 + 6 + 2 + 9 + 2 + 11 + 2 + shared_w;
    let title_w = w.saturating_sub(fixed).max(8);
    for (i, d) in lib.docs.iter().enumerate().skip(offset).take(list_h) {
        let sel = i == lib.selected;
        let name = excerpt(short_name(&a.corpus.documents[i].path), 6);
        let shared: Vec<&str> = d
            .shared_with
            .iter()
            .map(|&j| short_name(&a.corpus.documents[j].path))
            .collect();
        let shared = if shared.is_empty() && d.passages > 0 {
            "within itself".to_string()
        } else if shared.is_empty() {
            "—".to_string()
        } else {
            format!("with {}", shared.join(" "))
        };
        let row_style = if sel {
            theme.list_selected()
        } else {
            ratatui::style::Style::new()
        };
        let mut spans = vec![
            Span::styled(if sel { "▶ " } else { "  " }, row_style),
            Span::styled(pad(&name, 6), row_style.patch(theme.key())),
            Span::styled(
                format!("  {}", pad(&excerpt(&d.title, title_w), title_w)),
                row_style,
            ),
            Span::styled(
                format!("  {:>9}", human_size(d.bytes)),
                row_style.patch(theme.muted()),
            ),
        ];
        spans.push(Span::styled(
            format!("  {:>11}", format!("{} passages", d.passages)),
            row_style,
        ));
        spans.push(Span::styled(
            format!("  {}", pad(&excerpt(&shared, shared_w), shared_w)),
            row_style.patch(theme.muted()),
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
