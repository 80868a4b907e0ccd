//! Test helpers: turn a key sequence into a rendered screen, so each UI test reads like a user
//! story: `screen("spreck<Enter>", 80, 24)`.
#![allow(dead_code)] // Each test binary uses its own part of these helpers.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lotse::app::{App, InternalEvent};
use lotse::config::Keymap;
use lotse::model::Dataset;
use lotse::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// The built-in dataset.
pub fn dataset() -> Dataset {
    lotse::embedded::load().expect("built-in dataset").dataset
}

/// An app over the built-in dataset on a terminal of the given size.
pub fn app(width: u16, height: u16) -> App {
    let mut app = App::new(dataset());
    app.notify(InternalEvent::Resize { width, height });
    app
}

/// Parses keys written as text: plain characters type themselves; `<Enter>`, `<Esc>`, `<Tab>`,
/// `<S-Tab>`, `<BS>`, `<Del>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<Home>`, `<End>`,
/// `<PgUp>`, `<PgDn>`, `<F1>`, `<C-x>` (Ctrl) and `<A-x>` (Alt) name the others.
pub fn keys(text: &str) -> Vec<KeyEvent> {
    let mut events = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '<' {
            events.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            continue;
        }
        let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
        events.push(named_key(&name));
    }
    events
}

fn named_key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match name {
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Tab" => plain(KeyCode::Tab),
        "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "BS" => plain(KeyCode::Backspace),
        "Del" => plain(KeyCode::Delete),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "PgUp" => plain(KeyCode::PageUp),
        "PgDn" => plain(KeyCode::PageDown),
        "lt" => plain(KeyCode::Char('<')),
        _ if name.starts_with("C-") => KeyEvent::new(key_char(name), KeyModifiers::CONTROL),
        _ if name.starts_with("A-") => KeyEvent::new(key_char(name), KeyModifiers::ALT),
        _ if name.starts_with('F') => plain(KeyCode::F(name[1..].parse().expect("F-key number"))),
        _ => panic!("unknown key <{name}>"),
    }
}

fn key_char(name: &str) -> KeyCode {
    KeyCode::Char(
        name[2..]
            .chars()
            .next()
            .expect("a character after the modifier"),
    )
}

/// Feeds keys to the app through the real keymap.
pub fn press(app: &mut App, text: &str) {
    let keymap = Keymap::default();
    for event in keys(text) {
        if let Some(action) = keymap.action(app.mode(), event) {
            // As the explorer's loop does: the open help learns how far it can scroll.
            ui::measure_help(app, &keymap);
            app.update(action);
        }
    }
}

/// Draws the app into a test terminal of its size and returns the buffer.
pub fn render(app: &App) -> Buffer {
    let area = app.area();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    let keymap = Keymap::default();
    terminal
        .draw(|frame| ui::draw(frame, app, &keymap, Theme::MONOCHROME))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer as text, one line per row, wide characters counted once.
pub fn text(buffer: &Buffer) -> String {
    let mut lines = Vec::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        lines.push(line.trim_end().to_owned());
    }
    lines.join("\n")
}

/// Types `keys` into a fresh app of the given size and returns the screen as text.
pub fn screen(keys: &str, width: u16, height: u16) -> String {
    let mut app = app(width, height);
    press(&mut app, keys);
    text(&render(&app))
}

/// The rows drawn in reverse video (the selection, in the monochrome theme).
pub fn reversed_rows(buffer: &Buffer) -> Vec<u16> {
    (0..buffer.area.height)
        .filter(|&y| {
            (0..buffer.area.width).any(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
        })
        .collect()
}

/// Whether this run is CI's (`CI` set to anything but empty, `0` or `false`): there, whatever a
/// test needs from outside the project must be present, and a missing piece is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// Says that a test did not run and why, on the process's real standard error, so the line shows
/// even while the test harness captures output. Under CI a skip is a failure instead.
pub fn skip(test: &str, why: &str) {
    assert!(!in_ci(), "{test}: {why}, and CI must have it");
    skip_visibly(test, why);
}

/// Says that a test did not run and why, even under CI: for what no machine can change, such as
/// the build profile. Shown even while the harness captures output.
pub fn skip_visibly(test: &str, why: &str) {
    use std::io::Write as _;
    // Written to the file descriptor itself: `eprintln!` would be captured and hidden.
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
}

/// A path under `../shared/` (the real schedules and the seed documents, which live beside the
/// checkout, not in it), or `None` after saying the test skipped.
pub fn shared(relative: &str, test: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    skip(test, &format!("{} is missing", path.display()));
    None
}

/// A file of the project's own test fixtures.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The fixture schedule `frab-congress.json` as a next version of it: `Breaking Badge
/// Firmware` moved an hour later, `Mesh Networks for Everyone` cancelled and a new talk, `Mesh
/// Networks, Revisited`, in its place: 3 changes, 1 new, 1 cancelled, 1 moved.
pub fn next_congress_version() -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("frab-congress.json")).expect("the fixture");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let rooms = &mut value["schedule"]["conference"]["days"][0]["rooms"];
    let badge = rooms["Ada"]
        .as_array_mut()
        .expect("room Ada")
        .iter_mut()
        .find(|e| e["id"] == 1002)
        .expect("talk 1002");
    badge["date"] = "2019-12-27T13:00:00+01:00".into();
    badge["start"] = "13:00".into();
    let mesh = &mut rooms["Borg"][0];
    mesh["id"] = 1099.into();
    mesh["guid"] = "f1c0-1099".into();
    mesh["title"] = "Mesh Networks, Revisited".into();
    serde_json::to_vec(&value).expect("JSON")
}

/// `command` with file writes past `bytes` refused by the system, as a full disk refuses them:
/// `RLIMIT_FSIZE`, which holds for root too (a read-only directory does not).
pub fn with_a_full_disk(
    command: &mut std::process::Command,
    bytes: u64,
) -> &mut std::process::Command {
    use std::os::unix::process::CommandExt as _;
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // A write past the limit fails with EFBIG instead of ending the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        })
    }
}

/// Whether this build has the debug-only pauses that let a test kill lotse at a chosen point
/// of a write (`LOTSE_TEST_PAUSE`); says `SKIPPED` when it has not (a release build).
pub fn has_test_pauses(test: &str) -> bool {
    if !cfg!(debug_assertions) {
        skip_visibly(
            test,
            "the write pauses exist only in debug builds (this is a release build)",
        );
    }
    cfg!(debug_assertions)
}

/// Waits until lotse, run with `LOTSE_TEST_PAUSE=POINT` and its stderr piped, says it is paused
/// there; the child's stderr is taken.
pub fn wait_for_the_pause(child: &mut std::process::Child, point: &str) {
    use std::io::BufRead as _;
    let stderr = child.stderr.take().expect("stderr piped");
    let said = format!("lotse-test: paused at {point}");
    let paused = std::io::BufReader::new(stderr)
        .lines()
        .any(|line| line.is_ok_and(|line| line == said));
    assert!(paused, "lotse never paused at {point}");
}
