//! The terminal: set-up and guaranteed restore, and the event loop that turns terminal events
//! into actions, runs `update` and draws. Nothing else in lotse touches the terminal.

use std::io::{self, Stdout};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, App, Purpose, SearchRequest, SearchResult};
use crate::keymap::Keymap;
use crate::model::Dataset;
use crate::ui::{self, Target, Theme};

/// Two clicks on the same row within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Runs the explorer until the user quits. The terminal is restored however this ends: by
/// return, by error (the guard's `Drop`), by panic (the hook) or by a signal (the watcher).
pub fn run(dataset: Dataset, theme: Theme) -> io::Result<()> {
    install_panic_hook();
    let _signals = restore_on_signals()?;
    let mut app = App::with_background_search(dataset);
    let worker = SearchWorker::start(&app);
    let mut terminal = TerminalGuard::enter()?;
    let keymap = Keymap::default();
    let size = terminal.terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut clicks = ClickTracker::default();
    while !app.should_quit() {
        while let Some(request) = app.take_search_request() {
            worker.send(request);
        }
        terminal
            .terminal
            .draw(|frame| ui::draw(frame, &app, &keymap, theme))?;
        if app.is_searching() {
            // Keys stay live while a search runs; results and spinner ticks come in between.
            if event::poll(FRAME)? {
                handle(&mut app, &keymap, event::read()?, &mut clicks);
            }
            while let Some(result) = worker.result()? {
                app.update(Action::SearchDone(result));
            }
            app.update(Action::Tick);
        } else {
            // Blocks until something happens: an idle explorer uses no CPU.
            handle(&mut app, &keymap, event::read()?, &mut clicks);
        }
    }
    Ok(())
}

/// How long one frame lasts while a search runs (and the spinner turns).
const FRAME: Duration = Duration::from_millis(40);

fn handle(app: &mut App, keymap: &Keymap, event: Event, clicks: &mut ClickTracker) {
    if let Some(action) = to_action(app, keymap, event, clicks) {
        app.update(action);
    }
}

/// A thread that runs searches, always the newest asked for, so typing never waits on one.
struct SearchWorker {
    requests: mpsc::Sender<SearchRequest>,
    results: mpsc::Receiver<SearchResult>,
}

impl SearchWorker {
    fn start(app: &App) -> Self {
        let (dataset, index) = app.search_handles();
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(first) = inbox.recv() {
                // Requests that queued up while the last search ran are stale but the newest of
                // each purpose: results first, then facets.
                let mut newest = [None, None];
                for request in std::iter::once(first).chain(inbox.try_iter()) {
                    let slot = usize::from(request.purpose() == Purpose::Facets);
                    newest[slot] = Some(request);
                }
                for request in newest.into_iter().flatten() {
                    if outbox.send(request.run(&index, &dataset)).is_err() {
                        return;
                    }
                }
            }
        });
        Self { requests, results }
    }

    fn send(&self, request: SearchRequest) {
        // The worker only stops when the explorer does.
        let _ = self.requests.send(request);
    }

    /// A finished search, if one is waiting. A worker that is gone (it panicked, and the panic
    /// hook has already restored the terminal) ends the explorer with an error instead of a
    /// spinner that never stops.
    fn result(&self) -> io::Result<Option<SearchResult>> {
        match self.results.try_recv() {
            Ok(result) => Ok(Some(result)),
            Err(mpsc::TryRecvError::Empty) => Ok(None),
            Err(mpsc::TryRecvError::Disconnected) => {
                Err(io::Error::other("the search worker stopped"))
            }
        }
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
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::FocusGained | Event::FocusLost => None,
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

/// Owns the terminal while the explorer runs; dropping it restores the terminal.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        let entered = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        );
        if let Err(error) = entered {
            restore();
            return Err(error);
        }
        match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(terminal) => Ok(Self { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once and from any
/// thread; errors are ignored because there is nothing better to do while leaving.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal before the panic message is printed, so the message is readable and
/// the shell usable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Watches for the signals that end a process (terminal closed, `kill`, Ctrl-\) and restores
/// the terminal before ending the process the way the signal would have.
fn restore_on_signals() -> io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}
