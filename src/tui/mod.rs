//! The terminal: nothing else in lotse touches it.
//!
//! - [`run`] (here) opens the explorer on the real terminal: the load behind a progress screen
//!   (`loading`), then the loop;
//! - `event_loop`: terminal events → actions → `update` → effects → draw, generic over the
//!   screen and the event source;
//! - `terminal`: the real terminal's set-up and its guaranteed restore (guard, panic hook,
//!   signals);
//! - `worker`: the search thread; `effects`: files, OSC 52, the browser;
//! - `input`: the terminal's bytes decoded into events.

use std::io;
use std::time::Duration;

use crate::app::InternalEvent;
use crate::bookmark_file::BookmarkFile;
use crate::config::Keymap;
use crate::model::{Dataset, EntityRef, LoadError};
use crate::ui::Theme;
use crate::user_dirs::Origin;

mod effects;
pub mod event_loop;
pub mod input;
mod loading;
mod reload;
pub mod terminal;
mod worker;

pub use event_loop::Session;
pub use input::EventSource;
pub use reload::{KeepCopy, Reloader};
pub use terminal::{Screen, restore};

/// How the explorer is set up: the user's configuration and where the dataset comes from.
pub struct Settings {
    pub theme: Theme,
    pub keymap: Keymap,
    pub mouse: bool,
    /// Where the dataset comes from, which names the user's files about it (its bookmarks,
    /// its copy as last opened); `None`: none are read or kept (a test's explorer).
    pub origin: Option<Origin>,
    /// `lotse pick`: the explorer chooses (see `app::pick`).
    pub pick: Option<Pick>,
    /// What "now" is for the agenda when `--now` (or `LOTSE_NOW`) fixes it, as given (it is
    /// read on the schedule's clock once the dataset is loaded); else the clock.
    pub now: Option<String>,
    /// Open in the agenda (`--view agenda`) rather than the search screen.
    pub agenda: bool,
    /// Where a dataset from the web comes from, to ask again on reload.
    pub source: Option<WebSource>,
}

/// A dataset's web address and how to ask for it.
pub struct WebSource {
    pub address: crate::web::WebAddress,
    pub settings: crate::web::Settings,
}

/// Compares the schedule with its copy as last opened (and keeps the new one): the app lists
/// what changed, and the status line says it. A copy that cannot be written is said too.
fn what_changed(app: &mut crate::app::App, origin: &Origin) -> Option<String> {
    let snapshot = crate::snapshot_file::SnapshotFile::for_loaded(origin, app.dataset())?;
    let previous = snapshot.read();
    let changes = previous
        .as_ref()
        .map(|previous| crate::schedule::diff::diff(&previous.dataset, app.dataset()));
    if let (Some(previous), Some(changes)) = (&previous, &changes) {
        app.set_changes(changes, &previous.kept);
    }
    let unchanged = changes.as_ref().is_some_and(|c| c.is_empty());
    if !unchanged && let Err(error) = snapshot.write(app.dataset()) {
        return Some(format!(
            "the copy to compare with next time was not kept: {error}"
        ));
    }
    app.change_log().map(|log| log.summary.clone())
}

/// What the status line says at start (every notice: one would hide another), with the
/// bookmarks read (their file, named after the conference now that it is known, is returned)
/// and what changed taken in.
fn start_notices(
    app: &mut crate::app::App,
    origin: Option<&Origin>,
    news: LoadNews,
) -> (Vec<String>, Option<BookmarkFile>) {
    let mut notices: Vec<String> = news.notice.into_iter().collect();
    let mut bookmarks = origin.and_then(|origin| BookmarkFile::for_loaded(origin, app.dataset()));
    if let Some(file) = &mut bookmarks {
        let loaded = file.load();
        app.set_bookmarks(&loaded.bookmarks);
        notices.extend(loaded.warning);
    }
    // Bookmarks gone from the schedule: what changed since it was last opened names them
    // (moved or cancelled); without such a copy, what a new body from the web changed; else
    // the app's own notice.
    let gone = app.message().map(str::to_owned);
    match origin.and_then(|origin| what_changed(app, origin)) {
        Some(changes) => notices.push(changes),
        None => match news.update {
            Some((changes, since)) if !changes.is_empty() => {
                app.set_changes(&changes, &since);
                notices.extend(app.change_log().map(|log| log.summary.clone()));
            }
            _ => notices.extend(gone),
        },
    }
    (notices, bookmarks)
}

/// A chooser's query to start with, and what it makes of the entities picked (the text
/// `lotse pick` prints once the terminal is the shell's again).
pub struct Pick {
    pub query: String,
    pub report: PickReport,
}

/// What `lotse pick` prints of the entities picked.
pub type PickReport = Box<dyn FnOnce(&Dataset, &[EntityRef]) -> String>;

/// A loaded dataset and the news of its load.
pub type LoadedData = (Dataset, LoadNews);

/// What the status line should say first (load warnings, an old copy used offline), and what
/// a new body from the web changed against the copy it replaced.
#[derive(Debug, Default)]
pub struct LoadNews {
    pub notice: Option<String>,
    /// The changes, and since when (`14:05`).
    pub update: Option<(crate::schedule::diff::Changes, String)>,
}

/// A dataset to load on a thread of its own while the explorer shows how far it has come.
pub struct Loading {
    /// How the loading screen names it (control characters already made visible).
    pub name: String,
    /// The file's size in bytes (0: not known).
    pub size: u64,
    /// Loads the dataset and says what the status line should report after (load warnings).
    pub load: Box<dyn FnOnce() -> Result<LoadedData, LoadError> + Send>,
}

/// How long one frame lasts while something runs (a search, the load) and a spinner turns.
const FRAME: Duration = Duration::from_millis(40);

/// Runs the explorer on the terminal until the user quits. It opens at once and loads behind a
/// progress screen; keys typed meanwhile are kept and run when the data is in, and Ctrl-C
/// leaves. A load that fails restores the terminal and hands back its error (the outer result
/// is the terminal's). The terminal is restored however this ends. A chooser (`settings.pick`)
/// returns what its report made of the entities picked (`None`: nothing was).
pub fn run(
    loading: Loading,
    mut settings: Settings,
) -> io::Result<Result<Option<String>, LoadError>> {
    terminal::install_panic_hook();
    let _signals = terminal::restore_on_signals()?;
    let mut input = input::TerminalInput::open()?;
    let mut screen = terminal::TerminalGuard::enter(settings.mouse)?;
    let waited = loading::wait_for_load(loading, &mut input, &mut screen, settings.theme)?;
    let (mut app, news, typed) = match waited {
        loading::Waited::Loaded(app, news, typed) => (*app, news, typed),
        loading::Waited::Failed(error) => {
            drop(screen);
            return Ok(Err(error));
        }
        loading::Waited::Quit => return Ok(Ok(None)),
    };
    let pick = settings.pick.take();
    if let Some(pick) = &pick {
        app.start_picking();
        app.update(crate::app::Action::Paste(pick.query.clone()));
    }
    let (mut notices, bookmarks) = start_notices(&mut app, settings.origin.as_ref(), news);
    let fixed_now = match settings.now.as_deref() {
        Some(text) => match crate::schedule::Schedule::new(app.dataset()).moment(text) {
            Ok(at) => Some(at),
            Err(message) => {
                notices.push(format!("--now: {message}; the clock's time is used"));
                None
            }
        },
        None => None,
    };
    app.notify(InternalEvent::Now(
        fixed_now.unwrap_or_else(jiff::Timestamp::now),
    ));
    if settings.agenda {
        app.update(crate::app::Action::OpenAgenda);
        notices.extend(app.message().map(str::to_owned));
    }
    if !notices.is_empty() {
        app.notify(InternalEvent::Report(notices.join(" · ")));
    }
    let reloader = settings
        .origin
        .clone()
        .and_then(|origin| Reloader::new(origin, settings.source.take()));
    let session = Session {
        keymap: &settings.keymap,
        theme: settings.theme,
        bookmarks: bookmarks.as_ref(),
        now: fixed_now,
        reloader: reloader.as_ref(),
        keep_copy: KeepCopy::Yes,
    };
    event_loop::run(&mut app, &session, &mut screen, &mut input, typed)?;
    drop(screen);
    let report = pick
        .zip(app.picked())
        .map(|(pick, picked)| (pick.report)(app.dataset(), picked));
    Ok(Ok(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(bytes: &[u8]) -> Dataset {
        crate::import::from_bytes(bytes, "schedule", "schedule.json")
            .expect("the schedule loads")
            .loaded
            .dataset
    }

    /// A schedule from the web whose copy was replaced by a new body, with no copy of it as last
    /// opened to compare with (`dataset_path` is none here): what the new body changed is said
    /// and marked.
    #[test]
    fn a_new_body_marks_what_changed_when_no_copy_as_last_opened_says_it() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/frab-congress.json");
        let bytes = std::fs::read(fixture).unwrap();
        let old = schedule(&bytes);
        let mut edited: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        edited["schedule"]["conference"]["days"][0]["rooms"]["Ada"][1]["start"] = "13:00".into();
        edited["schedule"]["conference"]["days"][0]["rooms"]["Ada"][1]["date"] =
            "2019-12-27T13:00:00+01:00".into();
        let new = schedule(&serde_json::to_vec(&edited).unwrap());
        let changes = crate::schedule::diff::diff(&old, &new);
        let mut app = crate::app::App::new(new);
        let news = LoadNews {
            notice: Some("offline: using the copy".to_owned()),
            update: Some((changes, "14:05".to_owned())),
        };
        let (notices, _) = start_notices(&mut app, None, news);
        assert_eq!(
            notices,
            [
                "offline: using the copy",
                "since 14:05, 1 change: 0 new, 0 cancelled, 1 moved, 0 changed"
            ]
        );
        let badge = app.dataset().resolve("fixcon19-1002").unwrap();
        assert_eq!(app.change_of(badge), Some("moved"));
    }
}
