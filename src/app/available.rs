//! Which actions mean something on which screen: the one table behind both
//! the help overlay (it lists only these) and the status-bar message for a
//! key pressed where its action has no meaning. A screen's `update` must
//! handle every action this table allows it.

use super::Screen;
use crate::action::Action;

/// True when `action` does something on `screen`.
pub fn applies(screen: Screen, action: Action) -> bool {
    use Action::*;
    match action {
        Quit | Help | Back => true,
        Select | ScrollDown | ScrollUp | HalfPageDown | HalfPageUp | PageDown | PageUp | Top
        | Bottom | OpenEditor => true,
        Passages => true,
        Library => screen != Screen::Library,
        NextPane => matches!(screen, Screen::Compare | Screen::Nway),
        SwapSides => screen == Screen::Compare,
        NextPassage | PrevPassage | OtherOccurrence => {
            matches!(screen, Screen::Reader | Screen::Compare)
        }
        Compare => matches!(
            screen,
            Screen::Reader | Screen::Compare | Screen::Nway | Screen::WhereElse | Screen::Passages
        ),
        AllOccurrences => matches!(screen, Screen::Reader | Screen::Passages | Screen::Nway),
        WhereElse => matches!(screen, Screen::Reader | Screen::WhereElse),
        SelectLines => screen == Screen::Reader,
        SetReference => screen == Screen::Nway,
        NextDifference | PrevDifference | Unfold | Fold => screen == Screen::Compare,
        Center | SearchNext | SearchPrev | GoToLine => screen == Screen::Reader,
        Search => matches!(screen, Screen::Reader | Screen::Passages | Screen::Library),
        Sort | SkippedFiles => screen == Screen::Library,
        MarkBoilerplate | MarkInteresting | ToggleHidden | HideCommon => screen != Screen::Library,
        MinWordsUp | MinWordsDown | Thresholds => true,
    }
}

/// Where `screen` is named in messages ("in the library").
pub fn screen_name(screen: Screen) -> &'static str {
    match screen {
        Screen::Library => "the library",
        Screen::Reader => "the reader",
        Screen::Compare => "the comparison",
        Screen::Passages => "the passages list",
        Screen::Nway => "all occurrences",
        Screen::WhereElse => "where else",
    }
}
