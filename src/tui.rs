//! The terminal: set-up and guaranteed restore, and the event loop that turns terminal events
//! into actions, runs `update` and draws. Nothing else in lotse touches the terminal.

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, App, Effect, Purpose, SearchRequest, SearchResult};
use crate::bookmark_file::BookmarkFile;
use crate::keymap::Keymap;
use crate::model::{Dataset, LoadError};
use crate::ui::{self, Target, Theme};

mod input;

/// How the explorer is set up: the user's configuration and where bookmarks go.
pub struct Settings {
    pub theme: Theme,
    pub keymap: Keymap,
    pub mouse: bool,
    /// `None` when the system has no data directory: bookmarks then last for the session.
    pub bookmarks: Option<BookmarkFile>,
}

/// Two clicks on the same row within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

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

/// Runs the explorer until the user quits. It opens at once and loads behind a progress
/// screen; keys typed meanwhile are kept and run when the data is in, and Ctrl-C leaves. A
/// load that fails restores the terminal and hands back its error (the outer result is the
/// terminal's). The terminal is restored however this ends: by return, by error (the guard's
/// `Drop`), by panic (the hook) or by a signal (the watcher).
pub fn run(loading: Loading, mut settings: Settings) -> io::Result<Result<(), LoadError>> {
    install_panic_hook();
    let _signals = restore_on_signals()?;
    let mut input = Input::open()?;
    let mut terminal = TerminalGuard::enter(settings.mouse)?;
    let (mut app, load_notice, typed) =
        match wait_for_load(loading, &mut input, &mut terminal, settings.theme)? {
            Waited::Loaded(app, notice, typed) => (*app, notice, typed),
            Waited::Failed(error) => {
                drop(terminal);
                return Ok(Err(error));
            }
            Waited::Quit => return Ok(Ok(())),
        };
    // Both notices at the start share the status line: one would hide the other.
    let mut notices: Vec<String> = load_notice.into_iter().collect();
    if let Some(file) = &mut settings.bookmarks {
        let loaded = file.load();
        app.set_bookmarks(&loaded.ids);
        notices.extend(loaded.warning);
    }
    if !notices.is_empty() {
        app.update(Action::Report(notices.join(" · ")));
    }
    let worker = SearchWorker::start(&app);
    let Settings {
        theme,
        keymap,
        bookmarks,
        ..
    } = settings;
    let size = terminal.terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut clicks = ClickTracker::default();
    for event in typed {
        handle(&mut app, &keymap, event, &mut clicks, &mut terminal)?;
    }
    while !app.should_quit() {
        while let Some(request) = app.take_search_request() {
            worker.send(request);
        }
        for effect in app.take_effects() {
            let report = carry_out(effect, &app, bookmarks.as_ref());
            app.update(Action::Report(report));
        }
        terminal
            .terminal
            .draw(|frame| ui::draw(frame, &app, &keymap, theme))?;
        if app.is_searching() {
            // Keys stay live while a search runs; results and spinner ticks come in between.
            if input.poll(FRAME)? {
                handle(&mut app, &keymap, input.read()?, &mut clicks, &mut terminal)?;
            }
            while let Some(result) = worker.result()? {
                app.update(Action::SearchDone(result));
            }
            app.update(Action::Tick);
        } else {
            // Blocks until something happens: an idle explorer uses no CPU.
            handle(&mut app, &keymap, input.read()?, &mut clicks, &mut terminal)?;
        }
    }
    Ok(Ok(()))
}

/// How the wait for the data ended.
enum Waited {
    /// The explorer over the data, the load's notice, and the events typed meanwhile.
    Loaded(Box<App>, Option<String>, Vec<Event>),
    Failed(LoadError),
    Quit,
}

/// A load this quick shows no loading screen: the explorer's first screen comes instead.
const QUICK_LOAD: Duration = Duration::from_millis(60);

/// Loads (and indexes) on a thread while the loading screen shows how far it is and keeps
/// what is typed.
fn wait_for_load(
    loading: Loading,
    input: &mut Input,
    terminal: &mut TerminalGuard,
    theme: Theme,
) -> io::Result<Waited> {
    use crate::model::progress::{self, LoadProgress, Stage};
    let progress = Arc::new(LoadProgress::new(loading.size));
    let (done, finished) = mpsc::channel();
    let shared = Arc::clone(&progress);
    let load = loading.load;
    std::thread::spawn(move || {
        let loaded = progress::reporting(Arc::clone(&shared), load).map(|(dataset, notice)| {
            shared.set_stage(Stage::Indexing);
            (App::with_background_search(dataset), notice)
        });
        let _ = done.send(loaded);
    });
    let started = Instant::now();
    let mut typed: Vec<Event> = Vec::new();
    // The first look waits a little, so a quick load goes straight to the explorer.
    let mut wait = QUICK_LOAD;
    loop {
        match finished.recv_timeout(wait) {
            Ok(Ok((app, notice))) => return Ok(Waited::Loaded(Box::new(app), notice, typed)),
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
        terminal
            .terminal
            .draw(|frame| ui::loading::draw(frame, &view, theme))?;
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
    use crossterm::event::{KeyCode, KeyModifiers};
    matches!(event, Event::Key(key)
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
}

/// What the keys typed during the load will have put in the query, for the loading screen:
/// characters and pastes, less what Backspace took back. (They run through the keymap when the
/// data is in; this is only what the screen shows meanwhile.)
fn typed_text(typed: &[Event]) -> String {
    use crossterm::event::{KeyCode, KeyModifiers};
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

/// Where terminal events come from: lotse's own decoder on Unix (see `input`), crossterm's
/// reader elsewhere.
#[cfg(unix)]
use input::TerminalInput as Input;

#[cfg(not(unix))]
struct Input;

#[cfg(not(unix))]
impl Input {
    fn open() -> io::Result<Self> {
        Ok(Self)
    }

    fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
        crossterm::event::poll(timeout)
    }

    fn read(&mut self) -> io::Result<Event> {
        crossterm::event::read()
    }
}

/// Does what the app asked for and says how it went, for the status line.
fn carry_out(effect: Effect, app: &App, bookmarks: Option<&BookmarkFile>) -> String {
    match effect {
        Effect::SaveBookmarks(ids) => {
            let done = app.message().unwrap_or("bookmarks saved").to_owned();
            match bookmarks.map(|file| file.save(&ids)) {
                Some(Ok(())) => done,
                Some(Err(error)) => format!("bookmarks not saved: {error}"),
                None => format!("{done} (not saved: this system has no data directory)"),
            }
        }
        Effect::Export {
            format,
            path,
            selection,
        } => {
            let dataset = app.dataset();
            let mut selection = selection;
            crate::export::sort_chronologically(dataset, &mut selection);
            let text = format.write(dataset, &selection, crate::export::stamp());
            match crate::files::write_atomically(std::path::Path::new(&path), text.as_bytes()) {
                Ok(()) => crate::commands::export::summary(dataset, format, &selection, &path),
                Err(error) => format!("export failed: {path}: {error}"),
            }
        }
        Effect::Copy(text) => match copy_with_osc52(&text) {
            Ok(()) => format!("copied: {text}"),
            Err(error) => format!("not copied: {error}"),
        },
        Effect::OpenUrl(url) => match open_in_browser(&url) {
            Ok(program) => format!("opening {url} with {program}"),
            Err(error) => format!("could not open {url}: {error}"),
        },
    }
}

/// Puts text on the clipboard of the terminal (and of the machine it runs on, over ssh too)
/// with the OSC 52 sequence. The text is base64-encoded, so nothing in it reaches the
/// terminal as a control sequence.
fn copy_with_osc52(text: &str) -> io::Result<()> {
    use base64::Engine as _;
    use std::io::Write as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut stdout = io::stdout();
    write!(stdout, "\x1b]52;c;{encoded}\x07")?;
    stdout.flush()
}

/// Starts the browser on an http(s) URL (the app checked the scheme): `$BROWSER` if set, else
/// the platform's opener. The URL is one argument to the program; no shell is involved.
fn open_in_browser(url: &str) -> io::Result<String> {
    let program = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open".to_owned()
            } else if cfg!(windows) {
                "explorer".to_owned()
            } else {
                "xdg-open".to_owned()
            }
        });
    let mut child = std::process::Command::new(&program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reaped in the background, so no zombie is left while the explorer runs on.
    std::thread::spawn(move || child.wait());
    Ok(program)
}

/// How long one frame lasts while a search runs (and the spinner turns).
const FRAME: Duration = Duration::from_millis(40);

/// Turns one terminal event into an action and applies it; suspending is the terminal's
/// business, not the app's.
fn handle(
    app: &mut App,
    keymap: &Keymap,
    event: Event,
    clicks: &mut ClickTracker,
    terminal: &mut TerminalGuard,
) -> io::Result<()> {
    #[cfg(debug_assertions)]
    panic_on_request(&event);
    match to_action(app, keymap, event, clicks) {
        Some(Action::Suspend) => terminal.suspend(),
        Some(action) => {
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

/// A thread that runs searches, always the newest asked for, so typing never waits on one: a
/// search still running when a newer one of its purpose is asked for gives up between chunks.
struct SearchWorker {
    requests: mpsc::Sender<SearchRequest>,
    results: mpsc::Receiver<SearchResult>,
    /// The generation of the newest request of each purpose (results, facets).
    newest: Arc<[AtomicU64; 2]>,
}

fn slot(purpose: Purpose) -> usize {
    usize::from(purpose == Purpose::Facets)
}

impl SearchWorker {
    fn start(app: &App) -> Self {
        let (dataset, index) = app.search_handles();
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        let newest = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
        let wanted = Arc::clone(&newest);
        std::thread::spawn(move || {
            while let Ok(first) = inbox.recv() {
                // Requests that queued up while the last search ran are stale but the newest of
                // each purpose: results first, then facets.
                let mut queued = [None, None];
                for request in std::iter::once(first).chain(inbox.try_iter()) {
                    let purpose = slot(request.purpose());
                    queued[purpose] = Some(request);
                }
                for request in queued.into_iter().flatten() {
                    let (purpose, generation) = (slot(request.purpose()), request.generation());
                    let superseded = || wanted[purpose].load(Ordering::Relaxed) > generation;
                    let Some(result) = request.run_unless(&index, &dataset, &superseded) else {
                        continue;
                    };
                    if outbox.send(result).is_err() {
                        return;
                    }
                }
            }
        });
        Self {
            requests,
            results,
            newest,
        }
    }

    fn send(&self, request: SearchRequest) {
        self.newest[slot(request.purpose())].fetch_max(request.generation(), Ordering::Relaxed);
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
    mouse: bool,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<Self> {
        set_up(mouse)?;
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(Self { terminal, mouse }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Ctrl-Z: gives the terminal back to the shell and stops, as the shell's job control
    /// expects; after `fg`, takes the terminal again and draws the whole screen anew.
    fn suspend(&mut self) -> io::Result<()> {
        restore();
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Stopped here until `fg` (SIGCONT).
        set_up(self.mouse)?;
        self.terminal.clear()
    }
}

/// Raw mode, the alternate screen, bracketed paste and (if wanted) the mouse; undone on error.
fn set_up(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    let entered = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste).and_then(|()| {
        if mouse {
            execute!(stdout, EnableMouseCapture)
        } else {
            Ok(())
        }
    });
    if let Err(error) = entered {
        restore();
        return Err(error);
    }
    Ok(())
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
