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
    /// Bookmark the selected entity, or remove its bookmark.
    ToggleBookmark,
    /// Open the bookmarks as a list (typing filters it).
    ShowBookmarks,
    /// Export the current results (or bookmarks, or a page's events): asks for format and path.
    Export,
    /// Copy the selected entity's name to the clipboard (OSC 52).
    CopyName,
    /// Copy the selected entity's URL to the clipboard (OSC 52).
    CopyUrl,
    /// Open the selected entity's URL in the browser.
    OpenUrl,
    /// Accept what the prompt asks.
    Confirm,
    /// Close the prompt without doing anything.
    Cancel,
    /// In the export prompt: the next format (ics, csv, json).
    CycleExportFormat,
    /// Something done outside the app (a file written, a URL opened) reports back.
    Report(String),
    /// Stop lotse and go back to the shell (Ctrl-Z); `fg` comes back. The terminal loop
    /// does this; the app's state does not change.
    Suspend,
}

/// The actions a key can be bound to, in the order the config file's error lists them.
const BINDABLE: [Action; 39] = [
    Action::Quit,
    Action::ToggleHelp,
    Action::SelectNext,
    Action::SelectPrevious,
    Action::PageDown,
    Action::PageUp,
    Action::SelectFirst,
    Action::SelectLast,
    Action::DrillIn,
    Action::Back,
    Action::NewSearch,
    Action::ClearQueryOrQuit,
    Action::ClearLine,
    Action::DeleteWord,
    Action::DeleteBackward,
    Action::DeleteForward,
    Action::CursorLeft,
    Action::CursorRight,
    Action::CursorStart,
    Action::CursorEnd,
    Action::CycleSort,
    Action::OpenFacets,
    Action::NextTab,
    Action::PreviousTab,
    Action::PickTab(0),
    Action::ScrollUp,
    Action::ScrollDown,
    Action::ScrollFieldsDown,
    Action::ScrollFieldsUp,
    Action::ToggleBookmark,
    Action::ShowBookmarks,
    Action::Export,
    Action::CopyName,
    Action::CopyUrl,
    Action::OpenUrl,
    Action::Confirm,
    Action::Cancel,
    Action::CycleExportFormat,
    Action::Suspend,
];

impl Action {
    /// The name keys are bound to in the config and the help overlay shows: `cycle_sort`,
    /// `pick_tab_3`. Actions that carry typed text or a position have no name.
    pub fn name(&self) -> Option<String> {
        match self {
            Action::PickTab(tab) => Some(format!("pick_tab_{}", tab + 1)),
            _ => match serde_json::to_value(self) {
                Ok(serde_json::Value::String(name)) => Some(name),
                _ => None,
            },
        }
    }

    /// The action a config file names.
    pub fn from_name(name: &str) -> Option<Action> {
        if let Some(tab) = name.strip_prefix("pick_tab_") {
            let tab: usize = tab.parse().ok()?;
            return (1..=super::TABS.len())
                .contains(&tab)
                .then(|| Action::PickTab(tab - 1));
        }
        let action: Action = serde_json::from_value(serde_json::Value::String(name.into())).ok()?;
        BINDABLE.contains(&action).then_some(action)
    }

    /// Every name a key can be bound to.
    pub fn bindable_names() -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for action in &BINDABLE {
            let name = match action {
                Action::PickTab(_) => format!("pick_tab_1…{}", super::TABS.len()),
                other => other.name().unwrap_or_default(),
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

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
            Action::ToggleBookmark => "bookmark it, or remove the bookmark",
            Action::ShowBookmarks => "list the bookmarks",
            Action::Export => "export these events: ics, csv or json",
            Action::CopyName => "copy its name (OSC 52)",
            Action::CopyUrl => "copy its URL (OSC 52)",
            Action::OpenUrl => "open its URL in the browser",
            Action::Confirm => "accept",
            Action::Cancel => "cancel",
            Action::CycleExportFormat => "next format: ics, csv, json",
            Action::Report(_) => "show what happened",
            Action::Suspend => "suspend to the shell (fg comes back)",
        }
    }
}
