//! The vocabulary of user commands. Keymaps bind keys to these, the app's
//! `update` interprets them, and the help overlay and `refrain keys` list them
//! with their descriptions. Nothing else names a command.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident => $name:literal, $desc:literal;)*) => {
        /// A command the user can give the reader.
        // The descriptions are help text ("WORDS [SIMILARITY]"), not links.
        #[allow(rustdoc::broken_intra_doc_links)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $(#[doc = $desc] $variant,)*
        }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The snake_case name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            /// One line saying what the action does (help overlay, `refrain keys`).
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc,)* }
            }

            /// The action with this snake_case name, if any.
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Quit => "quit", "Quit refrain";
    Help => "help", "Show or hide this help";
    Back => "back", "Go back (close help, compare or list; cancel a prompt)";
    Select => "select", "Open the selected document or passage";
    ScrollDown => "scroll_down", "Scroll down one line (or move the selection down)";
    ScrollUp => "scroll_up", "Scroll up one line (or move the selection up)";
    HalfPageDown => "half_page_down", "Scroll down half a page";
    HalfPageUp => "half_page_up", "Scroll up half a page";
    PageDown => "page_down", "Scroll down one page";
    PageUp => "page_up", "Scroll up one page";
    Top => "top", "Go to the top";
    Bottom => "bottom", "Go to the bottom";
    Center => "center", "Centre the current passage on the screen";
    NextPane => "next_pane", "Move focus to the next pane";
    NextPassage => "next_passage", "Go to the next shared passage";
    PrevPassage => "prev_passage", "Go to the previous shared passage";
    Compare => "compare", "Compare the current passage side by side with another occurrence";
    OtherOccurrence => "other_occurrence", "Go to (or show) the next other occurrence of the current passage";
    SwapSides => "swap_sides", "Swap the left and right sides of the comparison";
    Passages => "passages", "List all clusters of shared passages";
    Library => "library", "Show the library of documents";
    Search => "search", "Search in the current document";
    SearchNext => "search_next", "Go to the next search hit";
    SearchPrev => "search_prev", "Go to the previous search hit";
    GoToLine => "go_to_line", "Go to a line: type its number, then enter (or a count before top / bottom)";
    OpenEditor => "open_editor", "Open the document in $EDITOR at the current line";
    MarkBoilerplate => "mark_boilerplate", "Put the current cluster aside as boilerplate (hidden); again to unmark";
    MarkInteresting => "mark_interesting", "Star the current cluster as interesting (listed first); again to unmark";
    ToggleHidden => "toggle_hidden", "Show the hidden clusters dimmed, or hide them again";
    HideCommon => "hide_common", "Hide clusters in more than 50%, 25%, 10% of documents, or none (cycles)";
    MinWordsUp => "min_words_up", "Raise min-words by one and re-analyse in the background";
    MinWordsDown => "min_words_down", "Lower min-words by one and re-analyse in the background";
    Thresholds => "thresholds", "Set min-words and min-similarity (WORDS [SIMILARITY]) and re-analyse";
    Sort => "sort", "Sort the library by path, size or shared passages (cycles)";
    SkippedFiles => "skipped_files", "List the files that were skipped while loading";
    AllOccurrences => "all_occurrences", "Show every occurrence of the passage (or cluster) at once, collated";
    WhereElse => "where_else", "Where else does this appear? Search the corpus for the cursor line or selected lines";
    SelectLines => "select_lines", "Start or cancel a selection of lines (for where else)";
    SetReference => "set_reference", "Make the selected occurrence the reference the others are collated against";
    NextDifference => "next_difference", "Go to the next difference between the two sides";
    PrevDifference => "prev_difference", "Go to the previous difference between the two sides";
    Unfold => "unfold", "Show the identical lines folded away in the comparison";
    Fold => "fold", "Fold long identical stretches of the comparison again";
}
