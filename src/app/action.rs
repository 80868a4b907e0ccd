//! Everything a user can do, as one enum. The keymap produces these, `App::update` consumes them
//! and the help overlay describes them, so the three cannot drift apart.

use serde::{Deserialize, Serialize};

use super::{SearchResult, Tab};

/// One user intent: what a key, the mouse or typing asks for. Keys are bound to the variants
/// serde reads, by their snake_case names; a variant no key can be bound to (it carries typed
/// text or a position, or only the mouse makes it) is marked `#[serde(skip)]`. What happens
/// without the user (a search finishing, time passing, a report) is an [`InternalEvent`].
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
    /// Pick a kind tab. Bound by the names `pick_tab_1` (All) … `pick_tab_7`, which serde's
    /// one name per variant cannot give, so `from_name` reads them.
    #[serde(skip)]
    PickTab(Tab),
    /// Type a character into the query.
    #[serde(skip)]
    Insert(char),
    /// Paste text into the query.
    #[serde(skip)]
    Paste(String),
    /// Select the list row at this position (a mouse click).
    #[serde(skip)]
    SelectRow(usize),
    /// Open the list row at this position (a double click).
    #[serde(skip)]
    OpenRow(usize),
    /// Jump back to the screen at this depth of the history (a click on a breadcrumb).
    #[serde(skip)]
    JumpBack(usize),
    ScrollUp,
    ScrollDown,
    /// Scroll an entity's fields (a long summary) down a line.
    ScrollFieldsDown,
    /// Scroll an entity's fields up a line.
    ScrollFieldsUp,
    /// Show or hide the search screen's preview (the list takes the width).
    TogglePreview,
    /// The preview a twentieth wider.
    WiderPreview,
    /// The preview a twentieth narrower.
    NarrowerPreview,
    /// On an entity page, to the first row of the next relation section.
    NextSection,
    /// On an entity page, to the first row of this section, or of the one before.
    PreviousSection,
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
    /// Stop lotse and go back to the shell (Ctrl-Z); `fg` comes back. The terminal loop
    /// does this; the app's state does not change.
    Suspend,
    /// Open the agenda: the results (or a page's events) as a programme, day by day.
    OpenAgenda,
    /// In the agenda: the next day.
    NextDay,
    /// In the agenda: the day before.
    PreviousDay,
    /// In the agenda: to now (the day that holds it, what runs or comes next).
    JumpToNow,
    /// In the agenda's grid: the talk in the next room nearest in time (in the list: the next
    /// day).
    NextRoom,
    /// In the agenda's grid: the talk in the room before nearest in time (in the list: the day
    /// before).
    PreviousRoom,
    /// List what changed since the schedule was last opened.
    ShowChanges,
    /// Mark the selected row (or unmark it) and move down: bookmark and export act on the
    /// marked rows.
    ToggleMark,
    /// Read or fetch the dataset again, keeping the place (a schedule from the web is asked
    /// for at once, politely).
    Reload,
}

/// What happens to the explorer without a user asking in that moment: the terminal changes
/// size, a search run off the UI thread finishes, time passes while one runs, something done
/// outside the app (a file written, a URL opened) reports back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InternalEvent {
    Resize {
        width: u16,
        height: u16,
    },
    SearchDone(SearchResult),
    Tick,
    Report(String),
    /// How far the help overlay can scroll on this screen (its lines less those in view):
    /// measured by the UI, which lays the help out, before a key reaches the open help.
    HelpLimit(usize),
    /// What time it is (or what `--now` says it is): the agenda marks what runs then.
    Now(jiff::Timestamp),
    /// A reload ended (see `reload.rs`).
    Reloaded(super::Reloaded),
    /// The bookmarks as the file holds them now: after a change this explorer made (with
    /// whatever other lotse changed meanwhile), or because another lotse changed the file.
    Bookmarks {
        kept: Vec<crate::bookmarks::Bookmark>,
        by: ChangedBy,
    },
}

/// Who changed the bookmarks file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedBy {
    ThisExplorer,
    AnotherLotse,
}

/// The prefix of the names of the tab picks: `pick_tab_1` … `pick_tab_7`.
const PICK_TAB: &str = "pick_tab_";

impl Action {
    /// The name keys are bound to in the config and the help overlay shows: `cycle_sort`,
    /// `pick_tab_3`. Actions that carry typed text or a position have no name.
    pub fn name(&self) -> Option<String> {
        match self {
            Action::PickTab(tab) => Some(format!("{PICK_TAB}{}", tab.position() + 1)),
            _ => match serde_json::to_value(self) {
                Ok(serde_json::Value::String(name)) => Some(name),
                _ => None,
            },
        }
    }

    /// The action a config file names.
    pub fn from_name(name: &str) -> Option<Action> {
        if let Some(position) = name.strip_prefix(PICK_TAB) {
            let position: usize = position.parse().ok()?;
            return Tab::at(position.checked_sub(1)?).map(Action::PickTab);
        }
        use serde::de::IntoDeserializer as _;
        let name: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.into_deserializer();
        Action::deserialize(name).ok()
    }

    /// Every name a key can be bound to, in the order of the enum: what serde reads (the
    /// variants not marked `#[serde(skip)]`), and the tab picks.
    pub fn bindable_names() -> Vec<String> {
        let mut names: Vec<String> = variant_names::<Action>()
            .iter()
            .map(|&name| name.to_owned())
            .collect();
        names.push(format!("{PICK_TAB}1…{}", Tab::ALL.len()));
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
            Action::TogglePreview => "show or hide the preview",
            Action::WiderPreview => "widen the preview",
            Action::NarrowerPreview => "narrow the preview",
            Action::NextSection => "next section (Speakers, Events, …)",
            Action::PreviousSection => "previous section",
            Action::ToggleBookmark => "bookmark it, or remove the bookmark",
            Action::ShowBookmarks => "list the bookmarks",
            Action::Export => "export these events: ics, csv or json",
            Action::CopyName => "copy its name (OSC 52)",
            Action::CopyUrl => "copy its URL (OSC 52)",
            Action::OpenUrl => "open its URL in the browser",
            Action::Confirm => "accept",
            Action::Cancel => "cancel",
            Action::CycleExportFormat => "next format: ics, csv, json",
            Action::Suspend => "suspend to the shell (fg comes back)",
            Action::OpenAgenda => "agenda: these events by day",
            Action::NextDay => "next day",
            Action::PreviousDay => "previous day",
            Action::JumpToNow => "jump to now",
            Action::NextRoom => "next room (grid), next day (list)",
            Action::PreviousRoom => "room before (grid), day before (list)",
            Action::ShowChanges => "what changed since last opened",
            Action::ToggleMark => "mark the row (b, e act on marked rows)",
            Action::Reload => "reload in place (again: cancels it)",
        }
    }
}

/// The variant names serde reads an enum from (the ones not marked `#[serde(skip)]`), as its
/// derived `Deserialize` hands them to the deserializer.
fn variant_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    /// A deserializer that only notes the variants it is offered, then gives up.
    struct Names<'a>(&'a std::cell::Cell<&'static [&'static str]>);

    impl<'de> de::Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not an enum"))
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            variants: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(variants);
            Err(de::Error::custom("only the names were wanted"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
            identifier ignored_any
        }
    }

    let names = std::cell::Cell::new(&[][..]);
    let _ = T::deserialize(Names(&names));
    names.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bindable_name_reads_back_as_its_action_and_skipped_variants_are_not_named() {
        let names = Action::bindable_names();
        assert!(names.contains(&"quit".to_owned()));
        assert!(names.contains(&"cycle_export_format".to_owned()));
        for skipped in [
            "insert",
            "paste",
            "select_row",
            "open_row",
            "jump_back",
            "pick_tab",
        ] {
            assert!(!names.contains(&skipped.to_owned()), "{skipped} is listed");
        }
        for name in names.iter().filter(|n| !n.starts_with(PICK_TAB)) {
            let action = Action::from_name(name).expect("a listed name reads");
            assert_eq!(action.name().as_deref(), Some(name.as_str()));
        }
        assert_eq!(Action::from_name("insert"), None);
        assert_eq!(
            Action::from_name("pick_tab_3"),
            Some(Action::PickTab(Tab::Only(crate::model::Kind::Speaker)))
        );
        assert_eq!(Action::from_name("pick_tab_8"), None);
        assert_eq!(Action::from_name("pick_tab_0"), None);
    }
}
