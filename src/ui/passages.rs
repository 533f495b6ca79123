//! The passages screen: every cluster (largest / most repeated first) with its
//! word count, number of occurrences, similarity, documents and an excerpt.

use super::theme::Theme;
use super::{excerpt, pad};
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the passages list into `area`.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let a = &app.analysis;
    let ps = &app.passages;
    let filter = if ps.filter.is_empty() {
        String::new()
    } else {
        format!(
            " · filter “{}”: {} shown",
            excerpt(&ps.filter, 30),
            ps.shown.len()
        )
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Passages", theme.title()),
            Span::styled(
                format!(" · {} clusters{filter}", a.clusters.len()),
                theme.muted(),
            ),
        ]),
        Line::from(Span::styled(
            "     #  words  occ  same  documents        excerpt",
            theme.muted(),
        )),
    ];
    let list_h = area.height.saturating_sub(2) as usize;
    let offset = ps.offset;
    let w = area.width as usize;
    let docs_w = 16;
    let fixed = 2 + 4 + 7 + 5 + 6 + docs_w + 1;
    let ex_w = w.saturating_sub(fixed).max(8);
    for (row, &ci) in ps.shown.iter().enumerate().skip(offset).take(list_h) {
        let c = &a.clusters[ci];
        let sel = row == ps.selected;
        let style = if sel {
            theme.list_selected()
        } else {
            Style::new()
        };
        let mut docs: Vec<&str> = c
            .occurrences
            .iter()
            .map(|p| app.doc_name(p.document))
            .collect();
        docs.dedup();
        let text = a.text(&c.occurrences[0]);
        lines.push(Line::from(vec![
            Span::styled(if sel { "▶ " } else { "  " }, style),
            Span::styled(format!("{:>4}", c.id), style.patch(theme.gutter(c.id, sel))),
            Span::styled(format!(" {:>6}", c.words), style),
            Span::styled(format!(" {:>3}×", c.occurrences.len()), style),
            Span::styled(
                format!(" {:>4.0}%", c.similarity * 100.0),
                style.patch(theme.muted()),
            ),
            Span::styled(
                format!("  {}", pad(&excerpt(&docs.join(" "), docs_w), docs_w)),
                style.patch(theme.muted()),
            ),
            Span::styled(format!(" {}", pad(&excerpt(text, ex_w), ex_w)), style),
        ]));
    }
    if ps.shown.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no cluster matches the filter",
            theme.muted(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
