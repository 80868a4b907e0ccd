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

/// How the explorer is set up: the user's configuration and where bookmarks go.
pub struct Settings {
    pub theme: Theme,
    pub keymap: Keymap,
    pub mouse: bool,
    /// `None` when the system has no data directory: bookmarks then last for the session.
    pub bookmarks: Option<BookmarkFile>,
    /// `lotse pick`: the explorer chooses (see `app::pick`).
    pub pick: Option<Pick>,
    /// What "now" is for the agenda when `--now` (or `LOTSE_NOW`) fixes it, as given (it is
    /// read on the schedule's clock once the dataset is loaded); else the clock.
    pub now: Option<String>,
    /// Open in the agenda (`--view agenda`) rather than the search screen.
    pub agenda: bool,
    /// The dataset's file (`None`: the built-in one): a schedule's copy as last opened is
    /// kept under its conference's name, to say what changed since.
    pub dataset_path: Option<std::path::PathBuf>,
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
fn what_changed(app: &mut crate::app::App, path: Option<&std::path::Path>) -> Option<String> {
    let snapshot = crate::snapshot_file::SnapshotFile::for_loaded(path, app.dataset())?;
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

/// A chooser's query to start with, and what it makes of the entities picked (the text
/// `lotse pick` prints once the terminal is the shell's again).
pub struct Pick {
    pub query: String,
    pub report: PickReport,
}

/// What `lotse pick` prints of the entities picked.
pub type PickReport = Box<dyn FnOnce(&Dataset, &[EntityRef]) -> String>;

/// A loaded dataset and what the status line should say first (its load warnings).
pub type LoadedData = (Dataset, Option<String>);

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
    let (mut app, load_notice, typed) = match waited {
        loading::Waited::Loaded(app, notice, typed) => (*app, notice, typed),
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
    // Both notices at the start share the status line: one would hide the other.
    let mut notices: Vec<String> = load_notice.into_iter().collect();
    if let Some(file) = &mut settings.bookmarks {
        // Named after the conference now that it is known: a schedule downloaded again under
        // another name keeps its bookmarks.
        file.identify(app.dataset());
        let loaded = file.load();
        app.set_bookmarks(&loaded.bookmarks);
        notices.extend(loaded.warning);
    }
    // Bookmarks gone from the schedule: what changed since it was last opened names them
    // (moved or cancelled); without such a copy, the app's own notice does.
    let gone = app.message().map(str::to_owned);
    match what_changed(&mut app, settings.dataset_path.as_deref()) {
        Some(changes) => notices.push(changes),
        None => notices.extend(gone),
    }
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
    let reloader = Reloader::new(settings.dataset_path.clone(), settings.source.take());
    let session = Session {
        keymap: &settings.keymap,
        theme: settings.theme,
        bookmarks: settings.bookmarks.as_ref(),
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
