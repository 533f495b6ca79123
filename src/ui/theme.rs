//! Colours and text styles for each [`ColorMode`]: one stable colour per
//! cluster, diff marks, dimmed context, bars. With `ColorMode::None` every
//! distinction is carried by reverse, underline and bold instead, and
//! neighbouring or nested passages alternate their emphasis and gutter mark
//! (by their order in the document) so their edges stay visible. In 16
//! colours the text on a tint is black or bright white, whichever reads on
//! that background.

use super::ColorMode;
use ratatui::style::{Color, Modifier, Style};

/// Background tints for clusters, as (truecolor, 256-colour index, 16-colour).
const PALETTE: [((u8, u8, u8), u8, Color); 8] = [
    ((38, 79, 120), 24, Color::Blue),
    ((110, 62, 20), 94, Color::Yellow),
    ((32, 96, 72), 29, Color::Green),
    ((102, 40, 92), 90, Color::Magenta),
    ((26, 92, 104), 30, Color::Cyan),
    ((120, 45, 45), 88, Color::Red),
    ((80, 80, 30), 58, Color::LightYellow),
    ((60, 60, 120), 61, Color::LightBlue),
];

/// Black or bright white, whichever reads on basic colour `bg`: the dark
/// basic colours (blue, red, magenta, grey, black) take white.
fn on_basic(bg: Color) -> Color {
    match bg {
        Color::Black
        | Color::Blue
        | Color::Red
        | Color::Magenta
        | Color::DarkGray
        | Color::Reset => Color::White,
        _ => Color::Black,
    }
}

/// All the styles the screens use, resolved for one colour mode.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// The colour mode these styles are for.
    pub mode: ColorMode,
}

impl Theme {
    /// The theme for `mode`.
    pub fn new(mode: ColorMode) -> Self {
        Theme { mode }
    }

    fn color(&self, rgb: (u8, u8, u8), idx: u8, basic: Color) -> Option<Color> {
        match self.mode {
            ColorMode::TrueColor => Some(Color::Rgb(rgb.0, rgb.1, rgb.2)),
            ColorMode::Ansi256 => Some(Color::Indexed(idx)),
            ColorMode::Ansi16 => Some(basic),
            ColorMode::None => None,
        }
    }

    fn cluster_color(&self, cluster_id: usize) -> Option<Color> {
        let (rgb, idx, basic) = PALETTE[cluster_id % PALETTE.len()];
        self.color(rgb, idx, basic)
    }

    /// Highlight of text inside a passage of cluster `cluster_id`.
    pub fn passage(&self, cluster_id: usize, selected: bool) -> Style {
        self.passage_at(cluster_id, 0, selected)
    }

    /// Highlight of text inside the `order`-th passage of a document (in
    /// document order), of cluster `cluster_id`. Colours depend on the
    /// cluster only; without colour, consecutive passages alternate between
    /// underline and bold underline so that neighbours and nested passages
    /// keep visible edges.
    pub fn passage_at(&self, cluster_id: usize, order: usize, selected: bool) -> Style {
        match self.cluster_color(cluster_id) {
            Some(bg) if self.mode == ColorMode::Ansi16 => {
                let s = Style::new().bg(bg).fg(on_basic(bg));
                if selected {
                    s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                } else {
                    s
                }
            }
            Some(bg) => {
                let s = Style::new().bg(bg).fg(self.text_on_tint());
                if selected {
                    s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                } else {
                    s
                }
            }
            None if selected => Style::new().add_modifier(Modifier::REVERSED),
            None if order % 2 == 1 => {
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
            }
            None => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The gutter mark (two columns) of a row inside the `order`-th passage
    /// of a document: `┃` on the selected passage, else `▌`; without colour,
    /// every other passage gets `╏` so adjacent passages are told apart.
    pub fn gutter_mark(&self, order: usize, selected: bool) -> &'static str {
        if selected {
            "┃ "
        } else if self.mode == ColorMode::None && order % 2 == 1 {
            "╏ "
        } else {
            "▌ "
        }
    }

    fn text_on_tint(&self) -> Color {
        match self.mode {
            ColorMode::TrueColor => Color::Rgb(235, 235, 235),
            ColorMode::Ansi256 => Color::Indexed(255),
            _ => Color::White,
        }
    }

    /// Text colour on background `bg` (any mode): readable contrast in 16
    /// colours, the light text of the tints otherwise.
    fn on(&self, bg: Color) -> Color {
        if self.mode == ColorMode::Ansi16 {
            on_basic(bg)
        } else {
            self.text_on_tint()
        }
    }

    /// The gutter mark of a row inside a passage of cluster `cluster_id`: the
    /// cluster's colour, brighter than its tint in truecolor.
    pub fn gutter(&self, cluster_id: usize, selected: bool) -> Style {
        let (rgb, _, _) = PALETTE[cluster_id % PALETTE.len()];
        let bright = |v: u8| v.saturating_mul(2);
        let base = match self.mode {
            ColorMode::TrueColor => {
                Style::new().fg(Color::Rgb(bright(rgb.0), bright(rgb.1), bright(rgb.2)))
            }
            _ => match self.cluster_color(cluster_id) {
                Some(c) => Style::new().fg(c),
                None => Style::new(),
            },
        };
        if selected {
            base.add_modifier(Modifier::BOLD)
        } else {
            base
        }
    }

    /// A search hit.
    pub fn search_hit(&self) -> Style {
        match self.color((220, 200, 60), 220, Color::LightYellow) {
            Some(c) => Style::new().bg(c).fg(Color::Black),
            None => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// Words present on one side of a comparison only (`left` says which side).
    pub fn one_sided(&self, left: bool) -> Style {
        let c = if left {
            self.color((130, 40, 40), 88, Color::Red)
        } else {
            self.color((30, 110, 50), 28, Color::Green)
        };
        match c {
            Some(c) => Style::new().bg(c).fg(self.on(c)),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Words replaced by other words on the other side.
    pub fn replaced(&self) -> Style {
        match self.color((150, 110, 20), 136, Color::Yellow) {
            Some(c) => Style::new()
                .bg(c)
                .fg(self.on(c))
                .add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        }
    }

    /// Text that is the same on both sides of a comparison.
    pub fn equal(&self) -> Style {
        Style::new()
    }

    /// Context around a compared passage.
    pub fn context(&self) -> Style {
        match self.color((120, 120, 120), 244, Color::DarkGray) {
            Some(c) => Style::new().fg(c),
            None => Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// The reader's cursor row (passage tints and search hits show over it).
    pub fn cursor_line(&self) -> Style {
        match self.color((44, 48, 58), 235, Color::DarkGray) {
            Some(c) => Style::new().bg(c),
            None => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// The cursor mark in the reader's gutter.
    pub fn cursor_mark(&self) -> Style {
        self.key()
    }

    /// Titles and pane headers.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list.
    pub fn list_selected(&self) -> Style {
        match self.color((50, 56, 66), 237, Color::DarkGray) {
            Some(c) => Style::new().bg(c).add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// A hidden (boilerplate or too common) passage or list row, shown
    /// dimmed with `X`: grey text (faint without colour; no modifier that a
    /// passage nested in it would inherit), underlined when selected.
    pub fn hidden(&self, selected: bool) -> Style {
        let s = match self.mode {
            ColorMode::None => Style::new().add_modifier(Modifier::DIM),
            _ => self.muted(),
        };
        if selected {
            s.add_modifier(Modifier::UNDERLINED)
        } else {
            s
        }
    }

    /// Secondary text (sizes, counts, hints).
    pub fn muted(&self) -> Style {
        match self.color((140, 140, 140), 245, Color::DarkGray) {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        }
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        match self.color((45, 50, 60), 236, Color::DarkGray) {
            Some(c) => Style::new().bg(c).fg(self.on(c)),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Keys in the help overlay and hints.
    pub fn key(&self) -> Style {
        match self.color((130, 190, 250), 111, Color::LightCyan) {
            Some(c) => Style::new().fg(c).add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// A message or error in the status bar.
    pub fn message(&self) -> Style {
        match self.color((240, 200, 90), 221, Color::Yellow) {
            Some(c) => self.status().fg(c).add_modifier(Modifier::BOLD),
            None => self.status().add_modifier(Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_colours_never_put_black_on_a_dark_background() {
        let t = Theme::new(ColorMode::Ansi16);
        for id in 0..PALETTE.len() {
            let s = t.passage(id, false);
            let (bg, fg) = (s.bg.unwrap(), s.fg.unwrap());
            let dark = matches!(bg, Color::Blue | Color::Red | Color::Magenta);
            assert_eq!(
                fg,
                if dark { Color::White } else { Color::Black },
                "cluster {id} on {bg:?}"
            );
        }
        // Cluster 0 is blue: white text, not black.
        assert_eq!(t.passage(0, false).fg, Some(Color::White));
        assert_eq!(t.replaced().fg, Some(Color::Black));
        assert_eq!(t.one_sided(true).fg, Some(Color::White));
        assert_eq!(t.one_sided(false).fg, Some(Color::Black));
    }

    #[test]
    fn colour_detection_from_term() {
        let d = |t: &str| ColorMode::detect(Some(t), None, false);
        assert_eq!(d("xterm"), ColorMode::Ansi16);
        assert_eq!(d("xterm-256color"), ColorMode::Ansi256);
        assert_eq!(d("vt100"), ColorMode::None);
        assert_eq!(d("vt220"), ColorMode::None);
        assert_eq!(d("dumb"), ColorMode::None);
        assert_eq!(d("linux"), ColorMode::Ansi16);
        assert_eq!(
            ColorMode::detect(Some("xterm-256color"), None, true),
            ColorMode::None
        );
    }

    #[test]
    fn without_colour_neighbouring_passages_alternate_emphasis_and_mark() {
        let t = Theme::new(ColorMode::None);
        let (a, b) = (t.passage_at(3, 0, false), t.passage_at(3, 1, false));
        assert_ne!(a, b);
        assert!(a.add_modifier.contains(Modifier::UNDERLINED));
        assert!(
            b.add_modifier
                .contains(Modifier::UNDERLINED | Modifier::BOLD)
        );
        assert_ne!(t.gutter_mark(0, false), t.gutter_mark(1, false));
        assert_eq!(t.gutter_mark(1, true), "┃ ");
        // With colour the cluster's tint says it all; marks do not alternate.
        let c = Theme::new(ColorMode::Ansi256);
        assert_eq!(c.passage_at(3, 0, false), c.passage_at(3, 1, false));
        assert_eq!(c.gutter_mark(0, false), c.gutter_mark(1, false));
    }
}
