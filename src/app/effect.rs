//! What the app asks the world to do. `update` stays pure: it queues effects, the terminal
//! loop carries them out (files, clipboard, browser) and reports back with `Action::Report`.

use crate::export::ExportFormat;
use crate::model::EntityRef;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Change the bookmarks file (a merge with what it holds then); the loop reports with
    /// `InternalEvent::Bookmarks`.
    ChangeBookmarks(Vec<crate::bookmarks::Change>),
    /// Write these entities to a file.
    Export {
        format: ExportFormat,
        path: String,
        selection: Vec<EntityRef>,
    },
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Open an http(s) URL in the browser.
    OpenUrl(String),
    /// Read or fetch the dataset again, off the UI thread; the loop reports with
    /// `InternalEvent::Reloaded`.
    Reload,
    /// Stop waiting for the reload under way: its end is not taken in, and it keeps nothing.
    CancelReload,
}
