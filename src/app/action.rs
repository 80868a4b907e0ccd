//! Everything a user can do, as one enum. The keymap produces these, `App::update` consumes them
//! and the help overlay describes them, so the three cannot drift apart.

use serde::{Deserialize, Serialize};

use super::SearchResult;

/// One user intent. Variants with data come from typing, the mouse or the terminal; the others
/// are what keys are bound to, by their snake_case names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ToggleHelp,
    SelectNext,
    SelectPrevious,
    PageDown,
    PageUp,
    SelectFirst,
    SelectLast,
    /// Open the selected entity (or relation).
    DrillIn,
    /// Return to the previous screen, exactly as it was.
    Back,
    /// Start a new search from here; Back returns to here.
    NewSearch,
    /// Esc on the search screen: clear the query, or quit when it is already empty.
    ClearQueryOrQuit,
    ClearLine,
    DeleteWord,
    DeleteBackward,
    DeleteForward,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    /// Cycle the order of the results: relevance, name, date.
    CycleSort,
    /// Open the facets of the current results.
    OpenFacets,
    NextTab,
    PreviousTab,
    /// Pick a kind tab by its position (0 = All).
    PickTab(usize),
    /// Type a character into the query.
    Insert(char),
    /// Paste text into the query.
    Paste(String),
    /// Select the list row at this position (a mouse click).
    SelectRow(usize),
    /// Open the list row at this position (a double click).
    OpenRow(usize),
    /// Jump back to the screen at this depth of the history (a click on a breadcrumb).
    JumpBack(usize),
    ScrollUp,
    ScrollDown,
    /// Scroll an entity's fields (a long summary) down a line.
    ScrollFieldsDown,
    /// Scroll an entity's fields up a line.
    ScrollFieldsUp,
    /// The terminal has a new size.
    Resize {
        width: u16,
        height: u16,
    },
    /// A search run off the UI thread has finished.
    #[serde(skip)]
    SearchDone(SearchResult),
    /// Time passes while a search runs (the spinner turns).
    Tick,
}

impl Action {
    /// What the action does, as the help overlay says it.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "show or hide this help",
            Action::SelectNext => "next row",
            Action::SelectPrevious => "previous row",
            Action::PageDown => "one page down",
            Action::PageUp => "one page up",
            Action::SelectFirst => "first row",
            Action::SelectLast => "last row",
            Action::DrillIn => "open the selected row",
            Action::Back => "back to the previous screen",
            Action::NewSearch => "new search from here",
            Action::ClearQueryOrQuit => "clear the query; on empty, back or quit",
            Action::ClearLine => "clear the query",
            Action::DeleteWord => "delete the word before the cursor",
            Action::DeleteBackward => "delete the character before the cursor",
            Action::DeleteForward => "delete the character under the cursor",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorStart => "cursor to the start",
            Action::CursorEnd => "cursor to the end",
            Action::CycleSort => "order by relevance, name or date",
            Action::OpenFacets => "facets: count by kind, topic, org, city, year",
            Action::NextTab => "next kind tab",
            Action::PreviousTab => "previous kind tab",
            Action::PickTab(_) => "pick a kind tab",
            Action::Insert(_) => "type into the query",
            Action::Paste(_) => "paste into the query",
            Action::SelectRow(_) => "select a row (click)",
            Action::OpenRow(_) => "open a row (double click)",
            Action::JumpBack(_) => "jump back (click a breadcrumb)",
            Action::ScrollUp => "scroll up (wheel)",
            Action::ScrollDown => "scroll down (wheel)",
            Action::ScrollFieldsDown => "scroll the fields down",
            Action::ScrollFieldsUp => "scroll the fields up",
            Action::Resize { .. } => "redraw at the new size",
            Action::SearchDone(_) => "show the results of a search",
            Action::Tick => "turn the spinner",
        }
    }
}
