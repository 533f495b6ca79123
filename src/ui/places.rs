//! What the all-occurrences and where-else tables share: the cells that name a
//! place in the corpus, and the table's header and selection styles.

use super::theme::Theme;
use crate::app::App;
use crate::reuse::Passage;
use ratatui::layout::Constraint;
use ratatui::widgets::{Row, Table};

/// Width of the document column.
pub const DOCUMENT: u16 = 14;

/// The names of the documents of `passages`, listed one under the other,
/// each by the name the library gives it ([`App::doc_name`], which tells
/// apart `bsdutils/copyright` and `mount/copyright`) cut to `width`
/// columns so that what tells it apart from the rows around it stays in
/// view ([`crate::text::fit_names`]).
pub fn document_names(app: &App, passages: &[Passage], width: u16) -> Vec<String> {
    let names: Vec<&str> = passages.iter().map(|p| app.doc_name(p.document)).collect();
    crate::text::fit_names(&names, width as usize)
}

/// The cells "document, line, same" for passage `p` at `similarity`, with
/// the document's name as [`document_names`] cut it.
pub fn place_cells(app: &App, p: &Passage, similarity: f64, document: String) -> [String; 3] {
    place_cells_with(
        app,
        p,
        format!("{}%", crate::text::percent(similarity)),
        document,
    )
}

/// [`place_cells`] with the "same" cell as given.
pub fn place_cells_with(app: &App, p: &Passage, same: String, document: String) -> [String; 3] {
    let d = &app.analysis.corpus.documents[p.document];
    [document, format!("{}", d.line_col(p.start).0), same]
}

/// Constraints of the place columns, to put after `lead` and before `tail`
/// fixed columns; the excerpt fills the rest.
pub fn widths(lead: &[u16], tail: &[u16]) -> Vec<Constraint> {
    lead.iter()
        .copied()
        .chain([DOCUMENT, 5, 5])
        .chain(tail.iter().copied())
        .map(Constraint::Length)
        .chain([Constraint::Fill(1)])
        .collect()
}

/// A table of places with its header row and the list's selection style.
pub fn table<'a>(
    rows: Vec<Row<'a>>,
    widths: Vec<Constraint>,
    header: &'a [&'a str],
    theme: &Theme,
) -> Table<'a> {
    Table::new(rows, widths)
        .header(Row::new(header.iter().copied()).style(theme.muted()))
        .row_highlight_style(theme.list_selected())
}
