//! The explorer's loop itself, on ratatui's `TestBackend`: a script of terminal events goes in,
//! searches run on the real worker thread, effects are carried out, frames are drawn. What the
//! app tests do by calling `update`, these do the way the terminal does.

mod common;

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use crossterm::event::Event;
use lotse::app::App;
use lotse::config::Keymap;
use lotse::tui::{EventSource, KeepCopy, Reloader, Screen, Session, event_loop};
use lotse::ui::Theme;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use ratatui::{Frame, Terminal};

/// A screen of cells, plus what went past ratatui (the clipboard sequence).
struct TestScreen {
    terminal: Terminal<TestBackend>,
    passthrough: Vec<u8>,
    frames: usize,
}

impl TestScreen {
    fn new(width: u16, height: u16) -> Self {
        Self {
            terminal: Terminal::new(TestBackend::new(width, height)).expect("a test terminal"),
            passthrough: Vec::new(),
            frames: 0,
        }
    }

    fn text(&self) -> String {
        common::text(self.terminal.backend().buffer())
    }
}

impl Screen for TestScreen {
    fn draw(&mut self, render: &mut dyn FnMut(&mut Frame)) -> io::Result<()> {
        self.frames += 1;
        let drawn = self.terminal.draw(|frame| render(frame));
        drawn.map(|_| ()).map_err(|never| match never {})
    }

    fn size(&mut self) -> io::Result<Size> {
        self.terminal.size().map_err(|never| match never {})
    }

    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn passthrough(&mut self) -> &mut dyn io::Write {
        &mut self.passthrough
    }
}

/// What the script holds: an event, or "wait until the app is idle" (nothing searching).
enum Step {
    Event(Event),
    Settle,
}

/// Terminal events from a script. `Settle` holds the script back while a search runs: the loop
/// polls a frame at a time while searching, and long (for seconds) only when idle, so a long
/// poll or a `read` passing it means the search is done. A script that runs out is an error, so a test whose keys never quit fails instead of
/// hanging.
struct Script {
    steps: VecDeque<Step>,
    polls_while_settling: usize,
}

impl Script {
    fn new() -> Self {
        Self {
            steps: VecDeque::new(),
            polls_while_settling: 0,
        }
    }

    fn keys(mut self, text: &str) -> Self {
        let events = common::keys(text).into_iter().map(Event::Key);
        self.steps.extend(events.map(Step::Event));
        self
    }

    fn settle(mut self) -> Self {
        self.steps.push_back(Step::Settle);
        self
    }
}

/// A poll at least this long is an idle loop's (a busy one polls a frame at a time).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// About ten seconds of 5 ms polls: a search of the seed dataset takes milliseconds.
const MAX_SETTLING_POLLS: usize = 2000;

impl EventSource for Script {
    fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
        match self.steps.front() {
            Some(Step::Event(_)) => Ok(true),
            Some(Step::Settle) if timeout >= IDLE_POLL => {
                // The loop has nothing to do: settled.
                self.steps.pop_front();
                self.poll(timeout)
            }
            Some(Step::Settle) => {
                self.polls_while_settling += 1;
                if self.polls_while_settling > MAX_SETTLING_POLLS {
                    return Err(io::Error::other(
                        "the app never settled: a search never ended",
                    ));
                }
                std::thread::sleep(timeout.min(Duration::from_millis(5)));
                Ok(false)
            }
            None => Err(io::Error::other(
                "the script ran out before the explorer quit",
            )),
        }
    }

    fn read(&mut self) -> io::Result<Event> {
        loop {
            match self.steps.pop_front() {
                Some(Step::Event(event)) => return Ok(event),
                Some(Step::Settle) => continue,
                None => {
                    return Err(io::Error::other(
                        "the script ran out before the explorer quit",
                    ));
                }
            }
        }
    }
}

fn explore(app: &mut App, screen: &mut TestScreen, script: &mut Script) -> io::Result<()> {
    explore_reloading(app, screen, script, None)
}

/// The loop, with a way to reload the dataset.
fn explore_reloading(
    app: &mut App,
    screen: &mut TestScreen,
    script: &mut Script,
    reloader: Option<&Reloader>,
) -> io::Result<()> {
    let keymap = Keymap::default();
    let session = Session {
        keymap: &keymap,
        theme: Theme::MONOCHROME,
        bookmarks: None,
        now: None,
        reloader,
        keep_copy: KeepCopy::No,
    };
    event_loop::run(app, &session, screen, script, Vec::new())
}

#[test]
fn typing_searches_on_the_worker_and_the_results_are_drawn() {
    let mut app = App::with_background_search(common::dataset());
    let mut screen = TestScreen::new(100, 30);
    let mut script = Script::new().keys("dazert").settle().keys("<C-c>");
    explore(&mut app, &mut screen, &mut script).expect("the loop runs");

    assert!(app.should_quit());
    assert!(!app.is_searching(), "the search finished before the quit");
    let first = app.hits().first().expect("a hit for dazert").entity;
    assert_eq!(app.dataset().id(first), "eike-dazert");
    assert!(
        screen.text().contains("Eike Dazert"),
        "the last frame shows the result:\n{}",
        screen.text()
    );
    // The loop waited on the worker (polled while the search ran), not on a search in `update`.
    assert!(
        script.polls_while_settling > 0,
        "no search ran in the background"
    );
}

#[test]
fn an_export_is_written_through_the_effects_and_reported() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("jena.ics");
    let mut app = App::with_background_search(common::dataset());
    let mut screen = TestScreen::new(100, 30);
    let mut script = Script::new()
        .keys("kind:event jena")
        .settle()
        .keys("<A-e><C-u>")
        .keys(&path.display().to_string())
        .keys("<Enter>")
        .keys("<C-c>");
    explore(&mut app, &mut screen, &mut script).expect("the loop runs");

    let written = std::fs::read_to_string(&path).expect("the export was written");
    let events = written.matches("BEGIN:VEVENT").count();
    assert!(events > 0, "no event in the export:\n{written}");
    // The report is on the status line of the last frame (the quit key clears it from the app).
    let report = format!("exported {events} events as ics to {}", path.display());
    assert!(
        screen.text().contains(&report),
        "no {report:?} in the last frame:\n{}",
        screen.text()
    );
}

#[test]
fn copying_goes_past_ratatui_as_osc_52() {
    let mut app = App::with_background_search(common::dataset());
    let mut screen = TestScreen::new(100, 30);
    let mut script = Script::new().keys("dazert").settle().keys("<A-y><C-c>");
    explore(&mut app, &mut screen, &mut script).expect("the loop runs");

    // base64("Eike Dazert")
    assert_eq!(
        String::from_utf8_lossy(&screen.passthrough),
        "\u{1b}]52;c;RWlrZSBEYXplcnQ=\u{7}"
    );
    assert!(
        screen.text().contains("copied: Eike Dazert"),
        "{}",
        screen.text()
    );
    assert!(screen.frames > 1);
}

#[test]
fn reload_takes_in_a_new_version_keeping_the_query_the_page_and_the_way_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schedule.json");
    std::fs::copy(common::fixture("frab-congress.json"), &path).unwrap();
    let dataset = lotse::import::load(Some(&path)).unwrap().dataset;
    let mut app = App::with_background_search(dataset);
    // The schedule changes on disk while the explorer is open on it.
    std::fs::write(&path, common::next_congress_version()).unwrap();
    let reloader = Reloader::new(lotse::user_dirs::Origin::File(path.clone()), None).unwrap();
    let mut screen = TestScreen::new(100, 30);
    let mut script = Script::new()
        .keys("badge")
        .settle()
        .keys("<Enter>")
        .settle()
        .keys("<C-r>")
        .settle()
        .keys("<C-c>");
    explore_reloading(&mut app, &mut screen, &mut script, Some(&reloader)).expect("the loop runs");

    // Still on the talk's page, now with its new time, and the change said.
    let lotse::app::Route::Entity(route) = app.route() else {
        panic!("no longer on the talk's page:\n{}", screen.text());
    };
    assert_eq!(app.dataset().name(route.entity), "Breaking Badge Firmware");
    let page = screen.text();
    assert!(page.contains("Breaking Badge Firmware"), "{page}");
    assert!(page.contains("2019-12-27 13:00"), "the new time:\n{page}");
    assert!(
        page.contains("3 changes: 1 new, 1 cancelled, 1 moved"),
        "what changed, on the status line:\n{page}"
    );
    let titles: Vec<&str> = app
        .dataset()
        .entities_of(lotse::model::Kind::Event)
        .map(|e| app.dataset().name(e))
        .collect();
    assert!(titles.contains(&"Mesh Networks, Revisited"), "{titles:?}");
    // The way back: the search for "badge", searched again in the new version.
    app.update(lotse::app::Action::Back);
    let lotse::app::Route::Search(search) = app.route() else {
        panic!("back to the search");
    };
    assert_eq!(search.query.to_string(), "badge");
}
