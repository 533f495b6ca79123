//! What the all-occurrences and where-else tables share: the cells that name a
//! place in the corpus, and the table's header and selection styles.

use super::excerpt;
use super::theme::Theme;
use crate::app::App;
use crate::reuse::Passage;
use ratatui::layout::Constraint;
use ratatui::widgets::{Row, Table};

/// Width of the document column.
const DOCUMENT: u16 = 14;

/// The cells "document, line, same" for passage `p` at `similarity`; the
/// document by the name the library gives it ([`App::doc_name`]), which
/// tells apart `bsdutils/copyright` and `mount/copyright`, cut so that what
/// tells it apart from the documents of the rows around it (`beside`)
/// stays in view ([`document_cell`]).
pub fn place_cells(app: &App, p: &Passage, similarity: f64, beside: Beside) -> [String; 3] {
    place_cells_with(
        app,
        p,
        format!("{}%", crate::text::percent(similarity)),
        beside,
    )
}

/// [`place_cells`] with the "same" cell as given.
pub fn place_cells_with(app: &App, p: &Passage, same: String, beside: Beside) -> [String; 3] {
    let d = &app.analysis.corpus.documents[p.document];
    [
        document_cell(app, p.document, beside),
        format!("{}", d.line_col(p.start).0),
        same,
    ]
}

/// The documents of the rows before and after a row, when there are.
pub type Beside = (Option<usize>, Option<usize>);

/// The rows around row `i` of a list of `n` rows whose documents `doc_of`
/// gives.
pub fn beside(i: usize, n: usize, doc_of: impl Fn(usize) -> usize) -> Beside {
    (
        i.checked_sub(1).map(&doc_of),
        (i + 1 < n).then(|| doc_of(i + 1)),
    )
}

/// Document `d`'s name cut to the document column, keeping in view what
/// tells it apart from the names of the documents `beside` it (of
/// `gcloud_ai_indexes_create` and `gcloud_ai_indexes_delete`, the ends:
/// see [`crate::text::fit_apart`]).
pub fn document_cell(app: &App, d: usize, beside: Beside) -> String {
    document_in(app, d, beside, DOCUMENT as usize)
}

/// [`document_cell`] cut to `width` columns.
pub fn document_in(app: &App, d: usize, (before, after): Beside, width: usize) -> String {
    let name = excerpt(app.doc_name(d), 512);
    let shared = |o: Option<usize>| {
        o.map_or(0, |o| {
            crate::text::shared_start(&name, &excerpt(app.doc_name(o), 512))
        })
    };
    crate::text::fit_apart(&name, width, shared(before).max(shared(after)))
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
