//! The `lotse` binary: parse the command line, run it, turn the outcome into an exit status.

use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;
use lotse::cli::{self, Cli, Environment};
use lotse::commands::Style;
use lotse::text::{Passes, VisibleWriter};

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
    // Not locked: the explorer's signal watcher must be able to write to the terminal. Every
    // line goes through the one visible-text path: nothing read from outside acts on the
    // terminal, whatever a command forgot to clean.
    let mut out = VisibleWriter::new(std::io::stdout(), Passes::Results);
    let mut err = VisibleWriter::new(std::io::stderr(), Passes::LineBreaks);
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
