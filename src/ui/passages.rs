//! The passages screen: every cluster (largest / most repeated first) with its
//! word count, number of occurrences, similarity, documents and an excerpt,
//! in a ratatui `Table` (only the rows on screen are built; the app keeps the
//! offset that shows the selection).

use super::excerpt;
use super::theme::Theme;
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

/// Least widths of the fixed columns: ★ and cluster id, words, occurrences,
/// similarity, documents (the excerpt fills the rest). The first three grow
/// to hold the largest number in the list (a file holding a text twice
/// makes a passage of millions of words; /usr/share/doc has 93 k clusters).
const WIDTHS: [u16; 5] = [5, 6, 4, 5, 16];

/// [`WIDTHS`] grown for the numbers of the list (`digits`, see
/// [`crate::app::PassagesState`]).
fn widths(digits: [u16; 3]) -> [u16; 5] {
    let [id, words, occ, same, docs] = WIDTHS;
    [
        id.max(1 + digits[0]),
        words.max(1 + digits[1]),
        occ.max(1 + digits[2]),
        same,
        docs,
    ]
}

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
    let hidden = match app.triage.hidden_count() {
        0 => String::new(),
        n if app.triage.show_hidden => format!(" · {n} hidden, shown dimmed"),
        n => format!(" · {n} hidden"),
    };
    let title = Line::from(vec![
        Span::styled(" Passages", theme.title()),
        Span::styled(
            format!(" · {} clusters{filter}{hidden}", a.clusters.len()),
            theme.muted(),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(title),
        Rect::new(area.x, area.y, area.width, 1.min(area.height)),
    );
    let table_area = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    let list_h = table_area.height.saturating_sub(1) as usize;
    let offset = ps.offset;
    // What the fixed columns and their gaps leave to the excerpt.
    let w = widths(ps.digits);
    let fixed: u16 = w.iter().sum::<u16>() + w.len() as u16 + 1;
    let ex_w = (area.width.saturating_sub(fixed) as usize).max(8);
    // Only the rows on screen are built (a corpus may have 100,000 clusters).
    let rows: Vec<Row> = ps
        .shown
        .iter()
        .enumerate()
        .skip(offset)
        .take(list_h)
        .map(|(row, &ci)| {
            let c = &a.clusters[ci];
            let sel = row == ps.selected;
            let hidden = app.triage.is_hidden(ci);
            let star = app.triage.mark(ci) == Some(crate::marks::Mark::Interesting);
            let mut docs: Vec<&str> = c
                .occurrences
                .iter()
                .map(|p| app.doc_name(p.document))
                .collect();
            docs.dedup();
            let id = Line::from(vec![
                Span::raw(if star { "★" } else { " " }),
                Span::styled(
                    format!("{:>1$}", c.id, w[0] as usize - 1),
                    if hidden {
                        Style::new()
                    } else {
                        theme.gutter(c.id, sel)
                    },
                ),
            ]);
            let row = Row::new(vec![
                Cell::from(id),
                Cell::from(format!("{:>1$}", c.words, w[1] as usize)),
                Cell::from(format!("{:>1$}×", c.occurrences.len(), w[2] as usize - 1)),
                Cell::from(Span::styled(
                    format!("{:>4}%", crate::text::percent(c.similarity)),
                    theme.muted(),
                )),
                Cell::from(Span::styled(
                    excerpt(&docs.join(" "), w[4] as usize),
                    theme.muted(),
                )),
                Cell::from(excerpt(a.text(&c.occurrences[0]), ex_w)),
            ]);
            if hidden {
                row.style(theme.hidden(false))
            } else {
                row
            }
        })
        .collect();
    let empty = rows.is_empty();
    let mut constraints: Vec<Constraint> = w.iter().map(|&w| Constraint::Length(w)).collect();
    constraints.push(Constraint::Fill(1));
    let table = Table::new(rows, constraints)
        .header(
            Row::new(vec![
                format!("{:>1$}", "#", w[0] as usize),
                format!("{:>1$}", "words", w[1] as usize),
                format!("{:>1$}", "occ", w[2] as usize),
                " same".to_string(),
                "documents".to_string(),
                "excerpt".to_string(),
            ])
            .style(theme.muted()),
        )
        .column_spacing(1)
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(theme.list_selected());
    let mut state = TableState::default()
        .with_offset(0)
        .with_selected((!empty).then(|| ps.selected - offset));
    frame.render_stateful_widget(table, table_area, &mut state);
    if ps.shown.is_empty() {
        let why = if ps.filter.is_empty() && app.triage.hidden_count() > 0 {
            "  every cluster is hidden (X shows them dimmed)"
        } else {
            "  no cluster matches the filter"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(why, theme.muted())),
            Rect::new(area.x, area.y + 2, area.width, 1.min(list_h as u16)),
        );
    }
}
