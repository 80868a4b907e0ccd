//! The wait for the data: the load runs on a thread while the loading screen shows how far it
//! is, and what is typed meanwhile is kept for the explorer.

use std::io;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyModifiers};

use super::input::EventSource;
use super::terminal::Screen;
use super::{FRAME, Loading};
use crate::app::App;
use crate::model::LoadError;
use crate::model::progress::{self, LoadProgress, Stage};
use crate::ui::{self, Theme};

/// How the wait for the data ended.
pub enum Waited {
    /// The explorer over the data, the load's news, and the events typed meanwhile.
    Loaded(Box<App>, super::LoadNews, Vec<Event>),
    Failed(LoadError),
    Quit,
}

/// A load this quick shows no loading screen: the explorer's first screen comes instead.
const QUICK_LOAD: Duration = Duration::from_millis(60);

/// Loads (and indexes) on a thread while the loading screen shows how far it is and keeps
/// what is typed. Ctrl-C leaves.
pub fn wait_for_load(
    loading: Loading,
    input: &mut dyn EventSource,
    screen: &mut impl Screen,
    theme: Theme,
) -> io::Result<Waited> {
    let progress = Arc::new(LoadProgress::new(loading.size));
    let (done, finished) = mpsc::channel();
    let shared = Arc::clone(&progress);
    let load = loading.load;
    std::thread::spawn(move || {
        let loaded = progress::reporting(Arc::clone(&shared), load).map(|(dataset, news)| {
            shared.set_stage(Stage::Indexing);
            (App::with_background_search(dataset), news)
        });
        let _ = done.send(loaded);
    });
    let started = Instant::now();
    let mut typed: Vec<Event> = Vec::new();
    // The first look waits a little, so a quick load goes straight to the explorer.
    let mut wait = QUICK_LOAD;
    loop {
        match finished.recv_timeout(wait) {
            Ok(Ok((app, news))) => return Ok(Waited::Loaded(Box::new(app), news, typed)),
            Ok(Err(error)) => return Ok(Waited::Failed(error)),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("loading stopped"));
            }
        }
        wait = Duration::ZERO;
        let shown = typed_text(&typed);
        let view = ui::loading::LoadingView {
            name: &loading.name,
            stage: progress.stage(),
            bytes_read: progress.bytes_read(),
            total_bytes: progress.total_bytes,
            entities_parsed: progress.entities_parsed(),
            entities_expected: progress.entities_expected(),
            tenths: u64::try_from(started.elapsed().as_millis() / 100).unwrap_or(u64::MAX),
            typed: &shown,
        };
        screen.draw(&mut |frame| ui::loading::draw(frame, &view, theme))?;
        if input.poll(FRAME)? {
            let event = input.read()?;
            if is_ctrl_c(&event) {
                return Ok(Waited::Quit);
            }
            // Sizes and clicks of the loading screen mean nothing to the explorer.
            if matches!(event, Event::Key(_) | Event::Paste(_)) {
                typed.push(event);
            }
        }
    }
}

fn is_ctrl_c(event: &Event) -> bool {
    matches!(event, Event::Key(key)
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
}

/// What the keys typed during the load will have put in the query, for the loading screen:
/// characters and pastes, less what Backspace took back. (They run through the keymap when the
/// data is in; this is only what the screen shows meanwhile.)
fn typed_text(typed: &[Event]) -> String {
    let mut text = String::new();
    for event in typed {
        match event {
            Event::Key(key) if key.code == KeyCode::Backspace => {
                text.pop();
            }
            Event::Key(key)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                if let KeyCode::Char(c) = key.code {
                    text.push(c);
                }
            }
            Event::Paste(pasted) => text.push_str(&crate::model::clean_line(pasted)),
            _ => {}
        }
    }
    text
}
