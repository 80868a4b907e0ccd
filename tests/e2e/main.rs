//! End to end: the real binary in a real terminal (tmux), driven by keys, read from the screen,
//! and the terminal checked afterwards. CI installs tmux; elsewhere the tests say they skipped.
//! Every test runs its own tmux server (`tmux -L`, no config file), so the user's server, its
//! options and its paste buffers are never touched.

mod agenda;
mod bookmarks;
mod data;
mod hostile;
mod web;

#[path = "../web/server.rs"]
mod server;

#[path = "../common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long to wait for the screen to show something before failing. Generous: once, in a
/// full run on a loaded two-core machine, a wait of 10 s ran out where a step takes well under
/// a second (not reproduced since, cause unknown); only a failing test waits this long.
const PATIENCE: Duration = Duration::from_secs(20);

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

    /// Waits until the screen contains every one of `texts` at once.
    fn wait_for_all(&self, texts: &[&str]) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if texts.iter().all(|text| screen.contains(text)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw all of {texts:?}; screen:\n{screen}"
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
    tmux.wait_for("› [Künstliche Intelligenz jenseit…");
    tmux.wait_for(" Diagnostik und Therapie");
    tmux.send(&["h"]);
    tmux.wait_for_absence("› [Künstliche Intelligenz jenseit");
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
    tmux.wait_for(" 15/81");
    tmux.send(&["Escape"]);
    tmux.wait_for("81/81");
    tmux.send(&["Escape"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();

    // Two Escapes in one write are still two: the query is cleared, then the explorer quits.
    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse("");
    tmux.type_text("jena");
    tmux.wait_for(" 15/81");
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
    // The whole screen is back, not only what changes next: its last line (the key hints)
    // is waited for, since a capture may come while the frame is still being written.
    let screen = tmux.wait_for("? help");
    assert!(screen.contains(" 1/81"), "{screen}");
    assert!(screen.contains("spk Cord Spreckelsen"), "{screen}");
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
    // Taller than the screen now: the help scrolls to its last line, and Esc closes it.
    tmux.send(&["?"]);
    tmux.wait_for("j/k scroll");
    tmux.send(&["G"]);
    tmux.wait_for("!year:… excludes");
    tmux.send(&["Escape"]);
    tmux.wait_for_absence("Keys · any key closes");
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
