//! The status bar (last row): where you are and what is under the cursor on
//! the left, the help hint or a pending key prefix on the right; the search /
//! filter prompt and one-off messages replace parts of it.

use super::theme::Theme;
use super::{excerpt, fit, name_excerpt, pad};
use crate::action::Action;
use crate::app::{App, PromptKind, Screen, counted, thousands};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The "where am I" text of the reader: document, line / total, %, passage i / n,
/// and the cluster under the cursor.
pub fn reader_status(app: &App) -> String {
    let a = &app.analysis;
    let Some(r) = app.reader.as_ref() else {
        return String::new();
    };
    let doc = &a.corpus.documents[r.doc];
    let total = doc.line_count().max(1);
    let line = r.cursor_line(a);
    let pct = if line + 1 >= total {
        100
    } else {
        line * 100 / total
    };
    let mut s = format!(
        " {} {}/{} {}% │ ",
        name_excerpt(app.doc_name(r.doc), 16),
        line + 1,
        total,
        pct
    );
    match r.selected {
        Some(i) => {
            let o = r.occs[i];
            let c = &a.clusters[o.cluster];
            s += &format!("passage {}/{}", i + 1, r.occs.len());
            // Other documents first: that is what "shared with" means to a reader.
            let mut others: Vec<_> = c
                .occurrences
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != o.index)
                .map(|(_, p)| p)
                .collect();
            others.sort_by_key(|p| (p.document == r.doc, p.document, p.start));
            if let Some(p) = others.first() {
                let od = &a.corpus.documents[p.document];
                let line = od.line_col(p.start).0;
                // Only copies within this document: say so, not its name.
                if p.document == r.doc {
                    s += &format!(" │ also at line {line}");
                } else {
                    s += &format!(
                        " │ shared with {} line {line}",
                        name_excerpt(app.doc_name(p.document), 16)
                    );
                }
                if others.len() > 1 {
                    s += &format!(" +{}", others.len() - 1);
                }
            }
            s += &format!(
                " · {} words · {}%",
                c.words,
                crate::text::percent(c.similarity)
            );
            if let Some(b) = c.boilerplate {
                s += &format!(" · boilerplate {:.0}%", b * 100.0);
            }
        }
        None => s += &counted(r.occs.len(), "passage"),
    }
    s
}

/// " │ enter open": the first key of `action` in the current context and a label.
fn hint(app: &App, action: Action, label: &str) -> String {
    match app.keymap.keys_for(app.context(), action).first() {
        Some(k) => format!(" │ {k} {label}"),
        None => String::new(),
    }
}

fn compare_status(app: &App) -> String {
    super::compare::status(app)
}

/// The left text with the background job's progress in front and the
/// triage note ("3 hidden") after it, on the screens that show clusters.
fn with_triage(app: &App, left: String) -> String {
    let mut s = match &app.thresholds_job {
        Some(r) => format!(" {} │{left}", r.status()),
        None => left,
    };
    if app.screen != Screen::Library
        && let Some(note) = app.triage.status_note()
    {
        s += &format!(" │ {note}");
    }
    s
}

/// Draws the status bar into `area` (one row).
pub fn draw(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let width = area.width as usize;
    if let Some(p) = &app.prompt {
        let label = match p.kind {
            PromptKind::Search if app.search_all => "/ (all documents) ",
            PromptKind::Search => "/",
            PromptKind::Filter | PromptKind::LibraryFilter => "filter: ",
            PromptKind::Thresholds => "min-words [similarity]: ",
            PromptKind::GoToLine => "go to line: ",
        };
        let mut right = app.message.clone().unwrap_or_default();
        if p.kind == PromptKind::Search {
            let widen = if app.search_all {
                "tab: this document"
            } else {
                "tab: all documents"
            };
            if !right.is_empty() {
                right += " · ";
            }
            right += widen;
        }
        // The text typed comes first; what is said about it gets the rest.
        let text = format!(
            "{label}{}",
            excerpt(&p.text, width.saturating_sub(label.width() + 2))
        );
        let right_room = width.saturating_sub(text.width() + 2);
        let right = if right_room > 4 {
            format!(" {} ", excerpt(&right, right_room - 2))
        } else {
            String::new()
        };
        let room = width.saturating_sub(text.width() + 1 + right.width());
        let line = Line::from(vec![
            Span::styled(text, theme.status()),
            Span::styled("█", theme.status()),
            Span::styled(" ".repeat(room), theme.status()),
            Span::styled(right, theme.status().patch(theme.muted())),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let left = match app.screen {
        Screen::Library => format!(
            " refrain │ {} documents{}{}",
            thousands(app.library.len()),
            hint(app, Action::Select, "open"),
            hint(app, Action::Passages, "all passages")
        ),
        Screen::Reader => reader_status(app),
        Screen::Compare => compare_status(app),
        Screen::Nway => super::nway::status(app),
        Screen::WhereElse => super::where_else::status(app),
        Screen::Passages => format!(
            " passages │ {}/{}",
            (app.passages.selected + 1).min(app.passages.shown.len()),
            app.passages.shown.len()
        ),
    };
    let left = with_triage(app, left);
    let ctx = app.context();
    let pending = match (app.count, app.pending_keys()) {
        (Some(n), Some(p)) => Some(format!("{n} {p}")),
        (Some(n), None) => Some(n.to_string()),
        (None, p) => p,
    };
    let right = match pending {
        Some(p) => format!(" {p}… "),
        None => match app.keymap.keys_for(ctx, Action::Help).first() {
            Some(k) => format!(" {k} help"),
            None => String::new(),
        },
    };
    let mut spans = Vec::new();
    let room = width.saturating_sub(right.width());
    match &app.message {
        Some(m) => {
            let left_w = room.saturating_sub(m.width() + 3).min(left.width());
            let l = fit(&left, left_w);
            let lw = l.width();
            spans.push(Span::styled(l, theme.status()));
            spans.push(Span::styled(
                pad(&format!(" │ {}", excerpt(m, room)), room.saturating_sub(lw)),
                theme.message(),
            ));
        }
        None => spans.push(Span::styled(pad(&left, room), theme.status())),
    }
    spans.push(Span::styled(right, theme.status().patch(theme.key())));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
