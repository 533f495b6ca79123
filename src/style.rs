//! How many colours the terminal shows ([`ColorMode`]): chosen once from the
//! environment, then carried by the app's options and read by the theme. It
//! sits below both `app` and `ui` so the state never depends on drawing code.

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// 24-bit colour.
    TrueColor,
    /// The 256-colour palette.
    Ansi256,
    /// The 16 basic colours.
    Ansi16,
    /// No colour at all (NO_COLOR): reverse, bold and underline only.
    None,
}

impl ColorMode {
    /// Picks a mode from `TERM`, `COLORTERM` and whether `NO_COLOR` is set.
    pub fn detect(term: Option<&str>, colorterm: Option<&str>, no_color: bool) -> ColorMode {
        if no_color {
            return ColorMode::None;
        }
        if matches!(colorterm, Some("truecolor") | Some("24bit")) {
            return ColorMode::TrueColor;
        }
        match term {
            Some(t) if t.contains("256color") => ColorMode::Ansi256,
            Some(t) if t.contains("color") => ColorMode::Ansi16,
            // Terminals without colour: dumb and the DEC VT family.
            Some(t) if t == "dumb" || t.starts_with("vt") => ColorMode::None,
            _ => ColorMode::Ansi16,
        }
    }
}
