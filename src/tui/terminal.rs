//! The terminal while the explorer owns it: raw mode, the alternate screen, bracketed paste and
//! the mouse, and their restore however lotse ends: by return or error (the guard's `Drop`), by
//! panic (the hook) or by a signal (the watcher).

use std::io::{self, IsTerminal, Write};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;
use ratatui::{Frame, Terminal};

/// What the event loop draws on: a ratatui terminal, and what only a real terminal does.
pub trait Screen {
    /// Draws one frame.
    fn draw(&mut self, render: &mut dyn FnMut(&mut Frame)) -> io::Result<()>;

    /// The screen's size in cells.
    fn size(&mut self) -> io::Result<Size>;

    /// Ctrl-Z: hands the terminal to the shell until the user brings lotse back.
    fn suspend(&mut self) -> io::Result<()>;

    /// Where bytes go that bypass ratatui (the OSC 52 clipboard sequence).
    fn passthrough(&mut self) -> &mut dyn Write;
}

/// Where the explorer draws: standard output when it is the terminal, else the terminal
/// itself (`/dev/tty`): `lotse pick`'s standard output is for what was picked.
pub enum Output {
    Stdout(io::Stdout),
    Tty(std::fs::File),
}

impl Output {
    pub fn open() -> io::Result<Self> {
        if io::stdout().is_terminal() {
            return Ok(Self::Stdout(io::stdout()));
        }
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .map(Self::Tty)
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Self::Stdout(out) => out.write(bytes),
            Self::Tty(out) => out.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Stdout(out) => out.flush(),
            Self::Tty(out) => out.flush(),
        }
    }
}

/// Owns the real terminal while the explorer runs; dropping it restores the terminal.
pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Output>>,
    mouse: bool,
    passthrough: Output,
}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<Self> {
        set_up(mouse)?;
        let opened = Output::open().and_then(|output| {
            let passthrough = Output::open()?;
            Ok((Terminal::new(CrosstermBackend::new(output))?, passthrough))
        });
        match opened {
            Ok((terminal, passthrough)) => Ok(Self {
                terminal,
                mouse,
                passthrough,
            }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

impl Screen for TerminalGuard {
    fn draw(&mut self, render: &mut dyn FnMut(&mut Frame)) -> io::Result<()> {
        self.terminal.draw(|frame| render(frame)).map(|_| ())
    }

    fn size(&mut self) -> io::Result<Size> {
        self.terminal.size()
    }

    /// Gives the terminal back to the shell and stops, as the shell's job control expects;
    /// after `fg`, takes the terminal again and draws the whole screen anew.
    fn suspend(&mut self) -> io::Result<()> {
        restore();
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Stopped here until `fg` (SIGCONT).
        set_up(self.mouse)?;
        self.terminal.clear()
    }

    fn passthrough(&mut self) -> &mut dyn Write {
        &mut self.passthrough
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, the alternate screen, bracketed paste and (if wanted) the mouse; undone on error.
fn set_up(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let entered = Output::open().and_then(|mut out| {
        execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
        if mouse {
            execute!(out, EnableMouseCapture)
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

/// Puts the terminal back as the shell expects it. Safe to call more than once and from any
/// thread; errors are ignored because there is nothing better to do while leaving.
pub fn restore() {
    let _ = disable_raw_mode();
    if let Ok(mut out) = Output::open() {
        let _ = execute!(
            out,
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
    }
}

/// Restores the terminal before the panic message is printed, so the message is readable and
/// the shell usable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Watches for the signals that end a process (terminal closed, `kill`, Ctrl-\) and restores
/// the terminal, and removes the files half written, before ending the process the way the
/// signal would have.
pub fn restore_on_signals() -> io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            crate::files::remove_unfinished();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}
