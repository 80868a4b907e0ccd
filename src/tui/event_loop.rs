//! The explorer's loop: terminal events become actions (the keymap, the mouse), `update` runs,
//! search requests go to the worker and effects are carried out, then the frame is drawn. It
//! is generic over the [`Screen`] and the [`EventSource`], so tests run it on ratatui's
//! `TestBackend` with a script of events.

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};

use super::FRAME;
use super::effects::carry_out;
use super::input::EventSource;
use super::terminal::Screen;
use super::worker::SearchWorker;
use crate::app::{Action, App, Effect, InternalEvent, Reloaded};
use crate::bookmark_file::BookmarkFile;
use crate::config::Keymap;
use crate::ui::{self, Target, Theme};

/// What the loop needs besides the app: how keys map, how it looks, where bookmarks go.
pub struct Session<'a> {
    pub keymap: &'a Keymap,
    pub theme: Theme,
    /// `None` when the system has no data directory: bookmarks then last for the session.
    pub bookmarks: Option<&'a BookmarkFile>,
    /// "Now" as `--now` fixes it; `None`: the clock.
    pub now: Option<jiff::Timestamp>,
    /// How to have the dataset again; `None`: the built-in dataset, which never changes.
    pub reloader: Option<&'a super::Reloader>,
    /// Whether a reloaded version becomes the copy the next start compares with.
    pub keep_copy: super::reload::KeepCopy,
}

/// How often an idle explorer wakes: to look whether another lotse changed the bookmarks, and
/// at the clock, so that the agenda's line at now moves on.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Two clicks on the same row within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Runs the explorer on `app` until the user quits: first the events typed while the data
/// loaded, then what `input` brings.
pub fn run(
    app: &mut App,
    session: &Session<'_>,
    screen: &mut impl Screen,
    input: &mut dyn EventSource,
    typed: Vec<Event>,
) -> io::Result<()> {
    let mut worker = SearchWorker::start(app);
    let mut reload: Option<super::reload::Running> = None;
    let size = screen.size()?;
    app.notify(InternalEvent::Resize {
        width: size.width,
        height: size.height,
    });
    let mut clicks = ClickTracker::default();
    let mut watched = WatchedBookmarks::new(session.bookmarks);
    // The minute the app was last told it is: "now" only moves the agenda when it changes.
    let mut told_minute = None;
    for event in typed {
        handle(app, session.keymap, event, &mut clicks, screen)?;
    }
    while !app.should_quit() {
        while let Some(request) = app.take_search_request() {
            worker.send(request);
        }
        for effect in app.take_effects() {
            if effect == Effect::Reload {
                reload = start_reload(app, session);
                continue;
            }
            if effect == Effect::CancelReload {
                if let Some(running) = reload.take() {
                    running.cancel();
                }
                continue;
            }
            let bookmarks = matches!(effect, Effect::ChangeBookmarks(_));
            for event in carry_out(effect, app, session.bookmarks, screen.passthrough()) {
                app.notify(event);
            }
            if bookmarks {
                // What the file holds now, with this explorer's change, has been taken in.
                watched.seen();
            }
        }
        watched.take_in_changes(app);
        if session.now.is_none() {
            let now = jiff::Timestamp::now();
            let minute = now.as_second().div_euclid(60);
            if told_minute != Some(minute) {
                told_minute = Some(minute);
                app.notify(InternalEvent::Now(now));
            }
        }
        screen.draw(&mut |frame| ui::draw(frame, app, session.keymap, session.theme))?;
        if app.is_searching() || app.is_reloading() {
            // Keys stay live while a search or a reload runs; results and spinner ticks come
            // in between.
            if input.poll(FRAME)? {
                handle(app, session.keymap, input.read()?, &mut clicks, screen)?;
            }
            while let Some(result) = worker.result()? {
                app.notify(InternalEvent::SearchDone(result));
            }
            if let Some(reloaded) = reload.as_ref().and_then(super::reload::Running::end) {
                let new_version = reloaded.version.is_some();
                app.notify(InternalEvent::Reloaded(reloaded));
                reload = None;
                if new_version {
                    // The worker searches the dataset it was given; a new one needs a new
                    // worker (the old one ends with its channel, its results unread).
                    worker = SearchWorker::start(app);
                }
            }
            app.notify(InternalEvent::Tick);
        } else {
            // Wakes now and then with no key pressed: the agenda's line at now moves with the
            // clock, and bookmarks another lotse changed show (one look at the file's size
            // and time each time: an idle explorer uses next to no CPU).
            if input.poll(watched.next_look_in())? {
                handle(app, session.keymap, input.read()?, &mut clicks, screen)?;
            }
        }
    }
    Ok(())
}

/// The bookmarks file as this explorer last saw it, to tell when another lotse changed it.
struct WatchedBookmarks<'a> {
    file: Option<&'a BookmarkFile>,
    seen: Option<crate::bookmark_file::Signature>,
    /// When the file was last looked at: it is looked at once every `WATCH_EVERY` at most,
    /// however fast the loop turns (a frame at a time while a search runs).
    looked: Instant,
}

impl<'a> WatchedBookmarks<'a> {
    fn new(file: Option<&'a BookmarkFile>) -> Self {
        Self {
            file,
            seen: file.and_then(BookmarkFile::signature),
            looked: Instant::now(),
        }
    }

    /// The file as it is now has been taken in.
    fn seen(&mut self) {
        self.seen = self.file.and_then(BookmarkFile::signature);
        self.looked = Instant::now();
    }

    /// How long until the file is to be looked at again (at least a moment, at most
    /// `WATCH_EVERY`): how long an idle loop may wait for a key.
    fn next_look_in(&self) -> Duration {
        WATCH_EVERY
            .saturating_sub(self.looked.elapsed())
            .max(Duration::from_millis(10))
    }

    /// Reads the file again when another lotse changed it, and hands the app what it holds.
    fn take_in_changes(&mut self, app: &mut App) {
        if self.looked.elapsed() < WATCH_EVERY {
            return;
        }
        self.looked = Instant::now();
        let Some(file) = self.file else { return };
        let now = file.signature();
        if now == self.seen {
            return;
        }
        self.seen = now;
        let read = file.read();
        if read.warning.is_none() {
            app.notify(InternalEvent::Bookmarks {
                kept: read.bookmarks,
                by: crate::app::ChangedBy::AnotherLotse,
            });
        }
    }
}

/// Starts the reload the app asked for; the built-in dataset has none to do.
fn start_reload(app: &mut App, session: &Session<'_>) -> Option<super::reload::Running> {
    match session.reloader {
        Some(reloader) => Some(reloader.start(session.keep_copy, app.search_handles().0)),
        None => {
            app.notify(InternalEvent::Reloaded(Reloaded {
                version: None,
                message: Some("the built-in dataset has nothing to reload".to_owned()),
            }));
            None
        }
    }
}

/// Turns one terminal event into an action and applies it (a new size is no user action, but
/// news for the app); suspending is the terminal's business, not the app's.
fn handle(
    app: &mut App,
    keymap: &Keymap,
    event: Event,
    clicks: &mut ClickTracker,
    screen: &mut impl Screen,
) -> io::Result<()> {
    #[cfg(debug_assertions)]
    panic_on_request(&event);
    if let Event::Resize(width, height) = event {
        app.notify(InternalEvent::Resize { width, height });
        return Ok(());
    }
    match to_action(app, keymap, event, clicks) {
        Some(Action::Suspend) => screen.suspend(),
        Some(action) => {
            ui::measure_help(app, keymap);
            app.update(action);
            Ok(())
        }
        None => Ok(()),
    }
}

/// In debug builds only (the tests' binary), a key named by `LOTSE_PANIC_ON` panics, so that
/// the tests can check the terminal is restored and the message printed after it. A release
/// build has no such path.
#[cfg(debug_assertions)]
fn panic_on_request(event: &Event) {
    if let Event::Key(key) = event
        && let crossterm::event::KeyCode::Char(c) = key.code
        && std::env::var("LOTSE_PANIC_ON").is_ok_and(|wanted| wanted == c.to_string())
    {
        panic!("test panic: LOTSE_PANIC_ON={c} was pressed");
    }
}

/// The action a terminal event asks for, if any.
fn to_action(
    app: &App,
    keymap: &Keymap,
    event: Event,
    clicks: &mut ClickTracker,
) -> Option<Action> {
    match event {
        Event::Key(key) => keymap.action(app.mode(), key),
        Event::Mouse(mouse) => mouse_action(app, mouse, clicks),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(..) | Event::FocusGained | Event::FocusLost => None,
    }
}

fn mouse_action(app: &App, mouse: MouseEvent, clicks: &mut ClickTracker) -> Option<Action> {
    let target = ui::hit_test(app, app.area(), mouse.column, mouse.row);
    match (mouse.kind, target) {
        (MouseEventKind::ScrollUp, Some(Target::Fields)) => Some(Action::ScrollFieldsUp),
        (MouseEventKind::ScrollDown, Some(Target::Fields)) => Some(Action::ScrollFieldsDown),
        (MouseEventKind::ScrollUp, _) => Some(Action::ScrollUp),
        (MouseEventKind::ScrollDown, _) => Some(Action::ScrollDown),
        (MouseEventKind::Down(MouseButton::Left), Some(target)) => match target {
            Target::Crumb(depth) => Some(Action::JumpBack(depth)),
            Target::ListRow(row) if clicks.is_double(row) => Some(Action::OpenRow(row)),
            Target::ListRow(row) => Some(Action::SelectRow(row)),
            Target::Fields => None,
        },
        _ => None,
    }
}

/// Remembers the last click, to tell a double click from two single ones.
#[derive(Default)]
struct ClickTracker {
    last: Option<(usize, Instant)>,
}

impl ClickTracker {
    fn is_double(&mut self, row: usize) -> bool {
        let now = Instant::now();
        let double = self
            .last
            .is_some_and(|(last_row, at)| last_row == row && now.duration_since(at) < DOUBLE_CLICK);
        self.last = if double { None } else { Some((row, now)) };
        double
    }
}
