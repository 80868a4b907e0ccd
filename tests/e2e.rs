//! End to end: the real binary in a real terminal (tmux), driven by keys, read from the screen,
//! and the terminal checked afterwards. CI installs tmux; elsewhere the tests say they skipped.
//! Every test runs its own tmux server (`tmux -L`, no config file), so the user's server, its
//! options and its paste buffers are never touched.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long to wait for the screen to show something before failing.
const PATIENCE: Duration = Duration::from_secs(10);

/// A tmux server of its own running one session with a plain shell, killed when dropped.
struct Tmux {
    /// The server's socket name (`tmux -L`), unique to this test and process.
    socket: String,
    session: String,
}

impl Tmux {
    /// Starts a shell in a new detached session of the given size, or `None` without tmux.
    fn start(name: &str, width: u16, height: u16) -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            common::skip(&format!("e2e {name}"), "tmux is not installed");
            return None;
        }
        let session = format!("lotse-e2e-{name}-{}", std::process::id());
        // The user's own bookmarks and config stay out of it, and untouched.
        let home = std::env::temp_dir().join(format!("{session}-home"));
        let _ = std::fs::remove_dir_all(&home);
        let tmux = Self {
            socket: session.clone(),
            session,
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &format!(
                "env -i PATH=/usr/bin:/bin TERM=xterm-256color PS1='shell> ' \
                 LOTSE_DATA_DIR={home}/data LOTSE_CONFIG_DIR={home}/config HOME={home} \
                 bash --norc --noprofile",
                home = home.display()
            ),
        ]);
        tmux.wait_for("shell>");
        Some(tmux)
    }

    /// A tmux command for this test's own server, which reads no configuration file.
    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket, "-f", "/dev/null"]);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        let output = self.command().args(args).output().expect("run tmux");
        assert!(output.status.success(), "tmux {args:?}: {output:?}");
        output
    }

    /// Presses the named keys (tmux key names such as `Enter`, `Escape`), one call each.
    fn send(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", &self.session, key]);
        }
    }

    /// Presses the named keys in one call, so that they reach the program in one write, as
    /// keys typed fast or over a slow link do.
    fn send_at_once(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.session, "-l", text]);
    }

    fn screen(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-t", &self.session]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The pane's title, as programs in it may set it (OSC 0 and 2).
    fn pane_title(&self) -> String {
        let output = self.run(&[
            "display-message",
            "-p",
            "-t",
            &self.session,
            "#{pane_title}",
        ]);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// The screen with its attributes as escape sequences (`capture-pane -e`): what colours and
    /// styles the terminal holds in each cell.
    fn screen_with_attributes(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-e", "-t", &self.session]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen contains `text`; fails with the screen when it does not.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?}; screen:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer contains `text`.
    fn wait_for_absence(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "{text:?} stayed; screen:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// The terminal is as the shell needs it: the pane left the alternate screen, no mouse
    /// reporting, a visible cursor (tmux's own view of the pane), and `stty -a` in the shell
    /// shows canonical input and echo.
    fn assert_restored(&self) {
        let flags = self.run(&[
            "display-message",
            "-p",
            "-t",
            &self.session,
            "#{alternate_on} #{mouse_any_flag} #{mouse_button_flag} #{mouse_sgr_flag} #{cursor_flag}",
        ]);
        let flags = String::from_utf8_lossy(&flags.stdout).trim().to_owned();
        assert_eq!(
            flags, "0 0 0 0 1",
            "alternate screen, mouse any/button/sgr, cursor shown"
        );
        assert_sane(&self.stty());
    }

    /// Runs `stty -a` in the shell and returns what it printed.
    fn stty(&self) -> String {
        self.send(&["clear", "Enter"]);
        self.type_text("stty -a; echo stty-done");
        self.send(&["Enter"]);
        self.wait_for("\nstty-done");
        self.screen()
    }

    /// Starts lotse in the shell and waits for its first screen.
    fn start_lotse(&self, args: &str) {
        self.start_lotse_with("", args);
    }

    /// Starts lotse with environment assignments (`NAME=value …`) before it.
    fn start_lotse_with(&self, env: &str, args: &str) {
        let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
        self.type_text(&format!("{env} {} {args}; echo exit=$?", binary.display()));
        self.send(&["Enter"]);
        self.wait_for("Search");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
    }
}

/// The terminal is back in the mode a shell needs: canonical input and echo.
fn assert_sane(stty: &str) {
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig"] {
        assert!(flags.contains(&flag), "{flag} is off after lotse:\n{stty}");
    }
}

#[test]
fn search_drill_in_go_back_and_quit_leaves_the_terminal_sane() {
    let Some(tmux) = Tmux::start("story", 100, 30) else {
        return;
    };
    tmux.start_lotse("");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["Enter"]);
    tmux.wait_for("Universitätsklinikum Jena");
    tmux.wait_for("Search \"spreck\" › Cord Spreckelsen");
    // Into his talk, then back to his page, then quit.
    tmux.send(&["Enter"]);
    tmux.wait_for("› Künstliche Intelligenz jenseits…");
    tmux.wait_for(" Diagnostik und Therapie");
    tmux.send(&["h"]);
    tmux.wait_for_absence("› Künstliche Intelligenz jenseits");
    tmux.wait_for("Search \"spreck\" › Cord Spreckelsen");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("exit=0");
    assert!(
        !screen.contains("Cord Spreckelsen"),
        "the explorer's screen stayed:\n{screen}"
    );
    tmux.assert_restored();
}

#[test]
fn esc_twice_and_ctrl_c_both_quit_cleanly() {
    let Some(tmux) = Tmux::start("quit", 80, 24) else {
        return;
    };
    tmux.start_lotse("");
    tmux.type_text("jena");
    tmux.wait_for(" 14/81");
    tmux.send(&["Escape"]);
    tmux.wait_for("81/81");
    tmux.send(&["Escape"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();

    // Two Escapes in one write are still two: the query is cleared, then the explorer quits.
    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse("");
    tmux.type_text("jena");
    tmux.wait_for(" 14/81");
    tmux.send_at_once(&["Escape", "Escape"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();

    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse("");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
}

/// The pid of the lotse running in the session's shell.
fn lotse_pid(tmux: &Tmux) -> String {
    let shell = tmux.run(&["display-message", "-p", "-t", &tmux.session, "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_owned();
    let children = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    let children = String::from_utf8_lossy(&children.stdout).trim().to_owned();
    assert!(
        !children.is_empty() && !children.contains(char::is_whitespace),
        "not one lotse under {shell}: {children:?}"
    );
    children
}

#[test]
fn every_ending_signal_restores_the_terminal() {
    let Some(tmux) = Tmux::start("signals", 80, 24) else {
        return;
    };
    for (signal, number) in [("TERM", 15), ("INT", 2), ("HUP", 1), ("QUIT", 3)] {
        tmux.send(&["clear", "Enter"]);
        tmux.start_lotse("");
        tmux.wait_for("81/81");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &lotse_pid(&tmux)])
            .status()
            .expect("kill");
        assert!(killed.success());
        let screen = tmux.wait_for_absence("81/81");
        // A shell drops the rest of a command line whose command died of SIGINT, as if the
        // user had pressed Ctrl-C: lotse dies of the signal, so there is no `echo` for INT.
        if signal != "INT" {
            let screen = tmux.wait_for(&format!("exit={}", 128 + number));
            assert!(!screen.contains("81/81"), "SIG{signal}:\n{screen}");
        }
        assert!(
            !screen.contains("Search"),
            "SIG{signal}: the explorer stayed:\n{screen}"
        );
        tmux.assert_restored();
    }
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws_everything() {
    let Some(tmux) = Tmux::start("suspend", 90, 24) else {
        return;
    };
    tmux.start_lotse("");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["C-z"]);
    let screen = tmux.wait_for("Stopped");
    assert!(
        !screen.contains("1/81"),
        "the explorer stayed on screen:\n{screen}"
    );
    tmux.assert_restored();
    tmux.send(&["clear", "Enter"]);
    tmux.type_text("fg");
    tmux.send(&["Enter"]);
    // The whole screen is back, not only what changes next.
    let screen = tmux.wait_for(" 1/81");
    assert!(screen.contains("spk Cord Spreckelsen"), "{screen}");
    assert!(screen.contains("? help"), "{screen}");
    tmux.send(&["C-u"]);
    tmux.wait_for("81/81");
    tmux.send(&["C-c"]);
    // The `; echo` of the command line ran when lotse stopped; ask the shell again.
    tmux.wait_for_absence("81/81");
    tmux.type_text("echo after-fg=$?");
    tmux.send(&["Enter"]);
    tmux.wait_for("after-fg=0");
    tmux.assert_restored();
}

#[test]
fn a_panic_restores_the_terminal_before_its_message() {
    if !cfg!(debug_assertions) {
        // The panic key exists only in debug builds: a release binary has no way to panic on
        // purpose, and this test has nothing to press.
        common::skip_visibly(
            "a_panic_restores_the_terminal",
            "the panic key exists only in debug builds (this is a release build)",
        );
        return;
    }
    let Some(tmux) = Tmux::start("panic", 100, 24) else {
        return;
    };
    tmux.start_lotse_with("LOTSE_PANIC_ON=%", "");
    tmux.wait_for("81/81");
    tmux.type_text("%");
    let screen = tmux.wait_for("exit=101");
    assert!(
        screen.contains("test panic: LOTSE_PANIC_ON=% was pressed"),
        "the message is readable on the restored screen:\n{screen}"
    );
    assert!(!screen.contains("81/81"), "{screen}");
    tmux.assert_restored();
}

#[test]
fn help_and_resize_redraw_in_a_real_terminal() {
    let Some(tmux) = Tmux::start("resize", 100, 30) else {
        return;
    };
    tmux.start_lotse("");
    tmux.send(&["?"]);
    tmux.wait_for("Keys · any key closes");
    tmux.send(&["Escape"]);
    tmux.wait_for_absence("Keys · any key closes");
    tmux.run(&["resize-window", "-t", &tmux.session, "-x", "20", "-y", "5"]);
    tmux.wait_for("Too small");
    tmux.run(&["resize-window", "-t", &tmux.session, "-x", "90", "-y", "25"]);
    tmux.wait_for("All 81");
    tmux.send(&["Escape"]);
    tmux.wait_for("exit=0");
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lotse-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Opens each file in the explorer, searches, drills into the top hit and sees `expected`.
fn open_search_and_drill_in(tmux: &Tmux, files: &[(std::path::PathBuf, &str, &str)]) {
    for (file, query, expected) in files {
        tmux.send(&["clear", "Enter"]);
        tmux.start_lotse(&file.display().to_string());
        tmux.type_text(query);
        tmux.send(&["Enter"]);
        tmux.wait_for(&format!("Search \"{query}\" › "));
        tmux.wait_for(expected);
        tmux.send(&["q"]);
        tmux.wait_for("exit=0");
    }
}

#[test]
fn every_schedule_format_opens_in_the_explorer() {
    let Some(tmux) = Tmux::start("formats", 110, 30) else {
        return;
    };
    let fixture = common::fixture;
    open_search_and_drill_in(
        &tmux,
        &[
            (fixture("frab-congress.json"), "opening", "Mira Kessel"),
            (fixture("pretalx-stream.json"), "firmware", "Ana Lindqvist"),
            (fixture("schedule.xml"), "keynote", "Dora Daten"),
            (fixture("calendar.ics"), "medizin", "Hörsaal 1; Jena"),
        ],
    );
}

#[test]
fn the_real_schedules_open_in_the_explorer() {
    let mut files = Vec::new();
    for (file, query, expected) in [
        ("jgerstbe_36c3.json", "opening", "bleeptrack"),
        (
            "voc_frab-camp2019.json",
            "opening",
            "Chaos Communication Camp 2019",
        ),
        ("voc_pretalx-rc3.json", "gluon", "Chris Fiege"),
    ] {
        let Some(path) = common::shared(&format!("schedules/{file}"), "the_real_schedules_open")
        else {
            return;
        };
        files.push((path, query, expected));
    }
    let Some(tmux) = Tmux::start("schedules", 110, 30) else {
        return;
    };
    open_search_and_drill_in(&tmux, &files);
}

#[test]
fn bookmarks_survive_a_restart_and_list_with_their_marks() {
    let Some(tmux) = Tmux::start("bookmarks", 100, 30) else {
        return;
    };
    let data = scratch("bookmarks");
    let env = format!("LOTSE_DATA_DIR={}", data.display());
    tmux.start_lotse_with(&env, "");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["C-x"]);
    tmux.wait_for("bookmarked: Cord Spreckelsen");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    let saved = std::fs::read_to_string(data.join("bookmarks/built-in.json")).unwrap();
    assert!(saved.contains("\"cord-spreckelsen\""), "{saved}");

    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse_with(&env, "");
    tmux.send(&["M-B"]);
    tmux.wait_for("Search › Bookmarks");
    let screen = tmux.wait_for(" 1/1");
    assert!(screen.contains("┃spk Cord Spreckelsen"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("speaker · cord-spreckelsen · bookmarked");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
    std::fs::remove_dir_all(data).unwrap();
}

#[test]
fn e_exports_the_results_to_the_file_named_on_the_status_line() {
    let Some(tmux) = Tmux::start("export", 100, 30) else {
        return;
    };
    let dir = scratch("export");
    tmux.type_text(&format!("cd {}", dir.display()));
    tmux.send(&["Enter"]);
    tmux.start_lotse("");
    tmux.type_text("jena");
    tmux.wait_for(" 14/81");
    tmux.send(&["M-e"]);
    tmux.wait_for("Export 9 events as ics to: jena.ics");
    tmux.send(&["Enter"]);
    tmux.wait_for("exported 9 events as ics to jena.ics");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    let ics = std::fs::read_to_string(dir.join("jena.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 9);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_remapped_key_from_config_toml_works_and_shows_in_help() {
    let Some(tmux) = Tmux::start("config", 120, 45) else {
        return;
    };
    let config = scratch("config");
    std::fs::write(
        config.join("config.toml"),
        "[keys.entity]\n\"x\" = \"toggle_bookmark\"\n",
    )
    .unwrap();
    let env = format!("LOTSE_CONFIG_DIR={}", config.display());
    tmux.start_lotse_with(&env, "");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["Enter"]);
    tmux.wait_for("speaker · cord-spreckelsen");
    tmux.send(&["x"]);
    tmux.wait_for("bookmarked: Cord Spreckelsen");
    tmux.send(&["?"]);
    let screen = tmux.wait_for("toggle_bookmark");
    let line = screen
        .lines()
        .find(|l| l.contains("toggle_bookmark"))
        .unwrap();
    assert!(line.contains(" x b "), "{line}");
    tmux.send(&["Escape", "q"]);
    tmux.wait_for("exit=0");

    // A mistake is reported with its place, before the terminal is touched.
    std::fs::write(
        config.join("config.toml"),
        "[keys.entity]\n\"x\" = \"teleport\"\n",
    )
    .unwrap();
    tmux.send(&["clear", "Enter"]);
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    tmux.type_text(&format!("{env} {}; echo exit=$?", binary.display()));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("exit=2");
    assert!(
        screen.contains("config.toml:2:7: keys.entity.\"x\": unknown action \"teleport\""),
        "{screen}"
    );
    std::fs::remove_dir_all(config).unwrap();
}

#[test]
fn o_opens_the_url_with_the_browser_and_no_shell() {
    let Some(tmux) = Tmux::start("browser", 100, 30) else {
        return;
    };
    let dir = scratch("browser");
    let log = dir.join("opened.txt");
    let browser = dir.join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let schedule = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedule.xml");
    tmux.start_lotse_with(
        &format!("BROWSER={}", browser.display()),
        &schedule.display().to_string(),
    );
    tmux.type_text("keynote");
    tmux.send(&["Enter"]);
    tmux.wait_for("event · xmlconf24-1");
    tmux.send(&["o"]);
    tmux.wait_for("opening https://xml.example.org/events/1");
    // The script writes one line; wait until the whole line is there.
    let deadline = Instant::now() + PATIENCE;
    let opened = loop {
        let opened = std::fs::read_to_string(&log).unwrap_or_default();
        if opened.ends_with('\n') {
            break opened;
        }
        assert!(
            Instant::now() < deadline,
            "the browser never wrote: {opened:?}"
        );
        sleep(Duration::from_millis(20));
    };
    assert_eq!(opened, "https://xml.example.org/events/1\n");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
    std::fs::remove_dir_all(dir).unwrap();
}

fn hostile_fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile.json")
        .display()
        .to_string()
}

/// What hostile text would leave on a screen if it reached the terminal as text: the visible
/// remains of sequences a terminal did not take whole.
fn assert_no_stray_escapes(screen: &str) {
    for stray in [
        "pwned", "[2J", "[31m", "]0;", "]2;", "]52;", "]8;", "cHduZWQ",
    ] {
        assert!(!screen.contains(stray), "{stray:?} on screen:\n{screen}");
    }
}

/// What hostile text would leave in the terminal's cells if it reached the terminal as control:
/// colours. The explorer runs with `NO_COLOR`, so it sets none itself; `screen` is a capture
/// with attributes (`capture-pane -e`), where tmux writes each cell's style as SGR sequences.
fn assert_no_colour_in_cells(screen: &str) {
    for sequence in screen.split('\u{1b}').skip(1) {
        let parameters = sequence
            .strip_prefix('[')
            .and_then(|rest| rest.split_once('m'))
            .map(|(parameters, _)| parameters)
            .unwrap_or_else(|| panic!("not a style sequence: {sequence:?} in\n{screen}"));
        for parameter in parameters.split([';', ':']) {
            let colour = matches!(
                parameter.parse::<u16>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            );
            assert!(
                !colour,
                "a colour reached the terminal: {sequence:?} in\n{screen}"
            );
        }
    }
}

#[test]
fn browsing_hostile_text_changes_no_title_sets_no_clipboard_and_leaves_no_stray_text() {
    let Some(tmux) = Tmux::start("hostile", 110, 30) else {
        return;
    };
    // Let any OSC 52 from the pane land in tmux's buffers, so that one would show.
    tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    let before = tmux.pane_title();
    tmux.start_lotse_with("NO_COLOR=1", &hostile_fixture());
    tmux.type_text("kind:event");
    tmux.wait_for("9/10010");
    for row in 0..9 {
        for _ in 0..row {
            tmux.send(&["Down"]);
        }
        tmux.send(&["Enter"]);
        tmux.wait_for("Search \"kind:event\" › ");
        assert_no_stray_escapes(&tmux.screen());
        assert_no_colour_in_cells(&tmux.screen_with_attributes());
        tmux.send(&["Escape"]);
        tmux.wait_for_absence("Search \"kind:event\" › ");
        tmux.send(&["Home"]);
        tmux.send(&["C-e"]);
        // Back at the top of the list for the next row.
        tmux.send(&["PageUp"]);
    }
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    assert_eq!(tmux.pane_title(), before, "the pane title changed");
    let buffers = tmux.run(&["list-buffers"]);
    assert!(
        buffers.stdout.is_empty(),
        "a clipboard write got through: {buffers:?}"
    );

    // The commands print the same text cleaned on a terminal (without colour of their own, so
    // that any colour in the cells came from the text).
    tmux.send(&["clear", "Enter"]);
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    for id in [
        "osc-title",
        "osc-clipboard",
        "escape-codes",
        "c1-controls",
        "hostile-speaker",
    ] {
        tmux.send(&["clear", "Enter"]);
        tmux.type_text(&format!(
            "NO_COLOR=1 {} --dataset {} show {id}; echo shown-{id}",
            binary.display(),
            hostile_fixture()
        ));
        tmux.send(&["Enter"]);
        let screen = tmux.wait_for(&format!("\nshown-{id}"));
        assert_no_stray_escapes(&screen);
        assert_no_colour_in_cells(&tmux.screen_with_attributes());
    }
    tmux.send(&["clear", "Enter"]);
    tmux.type_text(&format!(
        "NO_COLOR=1 {} --dataset {} search kind:event --limit 0; echo searched",
        binary.display(),
        hostile_fixture()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("\nsearched");
    assert_no_stray_escapes(&screen);
    assert_no_colour_in_cells(&tmux.screen_with_attributes());
    assert_eq!(tmux.pane_title(), before, "the pane title changed");
    assert!(tmux.run(&["list-buffers"]).stdout.is_empty());
}

#[test]
fn a_resize_storm_in_a_real_terminal_leaves_a_working_explorer() {
    let Some(tmux) = Tmux::start("storm", 100, 30) else {
        return;
    };
    tmux.start_lotse("");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["Enter"]);
    tmux.wait_for("speaker · cord-spreckelsen");
    let mut seed: u32 = 12345;
    for _ in 0..120 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let width = 1 + (seed >> 16) % 220;
        let height = 1 + (seed >> 8) % 70;
        tmux.run(&[
            "resize-window",
            "-t",
            &tmux.session,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }
    tmux.run(&["resize-window", "-t", &tmux.session, "-x", "90", "-y", "25"]);
    tmux.wait_for("Search \"spreck\" › Cord Spreckelsen");
    tmux.send(&["h"]);
    tmux.wait_for(" 1/81");
    tmux.send_at_once(&["Escape", "Escape"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
}

#[test]
fn commands_colour_a_terminal_unless_no_color_is_set() {
    let Some(tmux) = Tmux::start("colour", 100, 30) else {
        return;
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    let mut coloured = Vec::new();
    for env in ["", "NO_COLOR=1"] {
        tmux.send(&["clear", "Enter"]);
        tmux.type_text(&format!(
            "{env} {} show eike-dazert; echo done",
            binary.display()
        ));
        tmux.send(&["Enter"]);
        tmux.wait_for("\ndone");
        let cells = tmux.screen_with_attributes();
        coloured.push(cells.contains("\u{1b}[36m"));
    }
    assert_eq!(
        coloured,
        [true, false],
        "the speaker tag is cyan on a terminal, plain with NO_COLOR"
    );
}

#[test]
fn unreadable_bookmarks_are_read_only_for_the_session_and_left_as_they_are() {
    let Some(tmux) = Tmux::start("bookmarks-ro", 160, 30) else {
        return;
    };
    let data = scratch("bookmarks-ro");
    let file = data.join("bookmarks/built-in.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let newer = "{\"lotse_bookmarks\": 7, \"ids\": [\"eike-dazert\"]}";
    std::fs::write(&file, newer).unwrap();
    tmux.start_lotse_with(&format!("LOTSE_DATA_DIR={}", data.display()), "");
    tmux.wait_for("read-only this session");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["C-x"]);
    tmux.wait_for("bookmarks not saved: read-only this session");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), newer);
    std::fs::remove_dir_all(data).unwrap();
}

#[test]
fn a_large_file_opens_at_once_with_progress_and_keys_typed_meanwhile_are_searched() {
    let Some(tmux) = Tmux::start("loading", 100, 30) else {
        return;
    };
    let dir = scratch("loading");
    // Big enough that loading takes a moment even in an optimised build; named with a title
    // change and a bidi override, which the loading screen shows as codes.
    let file = dir.join("big\u{202e}\u{1b}]0;pwned\u{7}.json");
    std::fs::write(&file, lotse::synthetic::dataset_json(600_000)).unwrap();
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    let run = format!("{} big*.json; echo exit=$?", binary.display());
    tmux.type_text(&format!("cd {}", dir.display()));
    tmux.send(&["Enter"]);
    let title = tmux.pane_title();

    tmux.type_text(&run);
    tmux.send(&["Enter"]);
    tmux.wait_for("Loading ");
    tmux.wait_for("%");
    // Typed while it loads (about 3 s for this file in the tests' build): shown, and kept.
    tmux.type_text("spreck");
    let screen = tmux.wait_for("Typed: spreck");
    assert!(
        screen.contains("Loading big\\u{202e}\\u{1b}]0;pwned\\u{7}.json"),
        "{screen}"
    );
    assert!(!screen.contains('\u{202e}'), "{screen}");
    assert_eq!(tmux.pane_title(), title, "the pane title changed");
    tmux.wait_for_absence("Loading ");
    let screen = tmux.wait_for("Search \"spreck\"");
    assert!(screen.contains("❯ spreck"), "{screen}");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();

    // Ctrl-C while loading leaves at once, the terminal restored.
    tmux.send(&["clear", "Enter"]);
    tmux.type_text(&run);
    tmux.send(&["Enter"]);
    tmux.wait_for("Loading ");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_fails_to_load_is_reported_on_the_restored_terminal() {
    let Some(tmux) = Tmux::start("load-error", 100, 30) else {
        return;
    };
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken.json");
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    tmux.type_text(&format!(
        "{} {}; echo exit=$?",
        binary.display(),
        broken.display()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("exit=2");
    assert!(screen.contains("broken.json: 9 errors"), "{screen}");
    tmux.assert_restored();
}
