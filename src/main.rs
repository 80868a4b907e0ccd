//! The `lotse` binary: parse the command line, run it, turn the outcome into an exit status.

use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;
use lotse::cli::{self, Cli, Environment};
use lotse::commands::Style;

fn main() -> ExitCode {
    lotse::memory::return_big_blocks_when_freed();
    // An empty `LOTSE_DATASET=` means "not set", as for NO_COLOR and the other variables; clap
    // would take it as an empty file name.
    if std::env::var_os("LOTSE_DATASET").is_some_and(|value| value.is_empty()) {
        // SAFETY: nothing else runs yet; no other thread can read the environment meanwhile.
        unsafe { std::env::remove_var("LOTSE_DATASET") };
    }
    let cli = Cli::from_arg_matches(&cli::command().get_matches()).unwrap_or_else(|e| e.exit());
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let environment = Environment {
        interactive: stdout_is_terminal && std::io::stdin().is_terminal(),
        style: Style::detect(stdout_is_terminal, std::env::var_os("NO_COLOR").as_deref())
            .fitting(stdout_is_terminal.then(terminal_columns).flatten()),
    };
    // Not locked: the explorer's signal watcher must be able to write to the terminal.
    let mut out = std::io::stdout();
    let mut err = VisibleControls(std::io::stderr());
    let result = cli::run(cli, environment, &mut out, &mut err).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        // A reader that stopped listening (`lotse search x | head -1`) is not an error.
        Err(error) if error.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // Every error exits 2, as every other failure of lotse does (and grep's do).
        Err(error) => {
            let _ = writeln!(err, "lotse: {error}");
            ExitCode::from(2)
        }
    }
}

/// The terminal's width in columns, if it says.
fn terminal_columns() -> Option<usize> {
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
        .filter(|&columns| columns > 0)
}

/// Standard error with every control character but the line break shown as its code. All that
/// lotse says there quotes the outside world (file names, keys, ids, values, system errors), so
/// nothing written there may act on the terminal, whatever a message forgot to clean.
struct VisibleControls<W>(W);

impl<W: Write> Write for VisibleControls<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        // Formatted output arrives in whole `str` pieces; anything else passes as it is lossily
        // decoded, which is still free of controls once shown.
        let text = String::from_utf8_lossy(bytes);
        self.0
            .write_all(lotse::text::visible_lines(&text).as_bytes())?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
