//! The screen shown while a corpus is read and analysed: one row per stage
//! (reading, indexing, aligning, clustering) — finished stages ticked with
//! their counts, the current one with a bar and `done / total` — the time
//! spent and how to quit. A pure function of a [`ProgressView`].

use super::theme::Theme;
use super::{excerpt, fit};
use crate::app::thousands;
use crate::progress::{Snapshot, Stage};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::time::Duration;

/// The stages shown, in order.
pub const STAGES: [Stage; 4] = [
    Stage::Reading,
    Stage::Indexing,
    Stage::Aligning,
    Stage::Clustering,
];

/// What the progress screen shows.
#[derive(Debug, Clone, Default)]
pub struct ProgressView {
    /// What is being analysed ("/usr/share/doc", "the seed articles").
    pub what: String,
    /// The current stage and counts.
    pub now: Option<Snapshot>,
    /// The last counts seen of each stage of [`STAGES`] already passed.
    pub finished: [Option<Snapshot>; 4],
    /// Time since the start.
    pub elapsed: Duration,
    /// "q or ctrl-c to quit".
    pub hint: String,
}

impl ProgressView {
    /// Records a new snapshot: the stage it leaves is kept as finished.
    pub fn update(&mut self, snap: Snapshot, elapsed: Duration) {
        if let Some(prev) = self.now
            && prev.stage != snap.stage
            && let Some(i) = STAGES.iter().position(|s| *s == prev.stage)
        {
            self.finished[i] = Some(prev);
        }
        self.now = Some(snap);
        self.elapsed = elapsed;
    }
}

/// The unit a stage counts, for people.
pub fn unit(stage: Stage) -> &'static str {
    match stage {
        Stage::Reading => "files",
        Stage::Indexing => "documents",
        Stage::Aligning => "document pairs",
        Stage::Clustering => "aligned passages",
        Stage::Starting | Stage::Done => "",
    }
}

/// `done / total unit` (or `done unit` when the total is unknown).
pub fn counts(s: &Snapshot) -> String {
    if s.total > 0 {
        format!(
            "{} / {} {}",
            thousands(s.done.min(s.total) as usize),
            thousands(s.total as usize),
            unit(s.stage)
        )
    } else if s.done > 0 {
        format!("{} {}", thousands(s.done as usize), unit(s.stage))
    } else {
        String::new()
    }
}

/// A bar `width` cells wide, filled in proportion to `done / total`.
pub fn bar(done: u64, total: u64, width: usize) -> String {
    let filled = if total == 0 {
        0
    } else {
        (done.min(total) as u128 * width as u128 / total as u128) as usize
    };
    "█".repeat(filled) + &"░".repeat(width - filled)
}

/// Draws the progress screen for `view` over the whole frame.
pub fn draw(frame: &mut Frame, view: &ProgressView, theme: &Theme) {
    let area = frame.area();
    let w = area.width as usize;
    let bar_w = w.saturating_sub(48).clamp(8, 30);
    let current = view.now.map(|s| s.stage).unwrap_or(Stage::Starting);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" refrain", theme.title()),
            Span::styled(
                format!(" · analysing {}", excerpt(&view.what, w.saturating_sub(22))),
                theme.muted(),
            ),
        ]),
        Line::default(),
    ];
    for (i, stage) in STAGES.iter().enumerate() {
        let name = format!("{:<11}", stage.name());
        let line = if let Some(done) = view.finished[i].filter(|_| current > *stage) {
            let n = if done.total > 0 {
                done.total
            } else {
                done.done
            };
            let count = if n > 0 {
                format!("{} {}", thousands(n as usize), unit(*stage))
            } else {
                String::new()
            };
            Line::from(vec![
                Span::styled("  ✓ ", theme.key()),
                Span::raw(name),
                Span::styled(count, theme.muted()),
            ])
        } else if current > *stage {
            Line::from(vec![Span::styled("  ✓ ", theme.key()), Span::raw(name)])
        } else if current == *stage {
            let s = view.now.unwrap_or(Snapshot {
                stage: *stage,
                done: 0,
                total: 0,
            });
            Line::from(vec![
                Span::styled("  ▸ ", theme.key()),
                Span::styled(name, theme.title()),
                Span::styled(bar(s.done, s.total, bar_w), theme.key()),
                Span::raw(format!("  {}", counts(&s))),
            ])
        } else {
            Line::from(vec![Span::raw("    "), Span::styled(name, theme.muted())])
        };
        lines.push(line);
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(" {:.1} s · {}", view.elapsed.as_secs_f64(), view.hint),
        theme.muted(),
    )));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if unicode_width::UnicodeWidthStr::width(text.as_str()) > w {
                Line::from(fit(&text, w))
            } else {
                l
            }
        })
        .collect();
    let h = lines.len() as u16;
    let y = area.y + area.height.saturating_sub(h) / 2;
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, y, area.width, h.min(area.height)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_counts() {
        assert_eq!(bar(0, 0, 4), "░░░░");
        assert_eq!(bar(1, 2, 4), "██░░");
        assert_eq!(bar(9, 2, 4), "████");
        let s = Snapshot {
            stage: Stage::Reading,
            done: 1234,
            total: 2376,
        };
        assert_eq!(counts(&s), "1,234 / 2,376 files");
    }
}
