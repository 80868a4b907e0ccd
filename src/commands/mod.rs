//! The runners behind each command-line command. Each writes its result to `out` and its
//! diagnostics to `err`, and returns how it ended.

pub mod check;
pub mod config;
pub mod explore;
pub mod export;
pub mod import;
mod rows;
pub mod search;
pub mod show;
pub mod stats;

use std::io::Write;
use std::path::Path;

use crate::model::{Dataset, Kind};

/// How a command ended, as the process's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Invalid dataset, unknown id: exit 2.
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Failure => 2,
        }
    }
}

/// Whether output may carry colour: only on a terminal, and never with `NO_COLOR` set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when `is_terminal` and the `NO_COLOR` convention (no-color.org) allows it.
    pub fn detect(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> Self {
        let no_color = no_color.is_some_and(|value| !value.is_empty());
        Self {
            color: is_terminal && !no_color,
        }
    }

    fn paint(self, sgr: &str, text: &str) -> String {
        if self.color {
            format!("\u{1b}[{sgr}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn heading(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// A kind tag, coloured by kind.
    pub fn kind(self, kind: Kind, text: &str) -> String {
        let sgr = match kind {
            Kind::Event => "33",
            Kind::Speaker => "36",
            Kind::Topic => "35",
            Kind::Organization => "32",
            Kind::Project => "34",
            Kind::Source => "37",
        };
        self.paint(sgr, text)
    }
}

/// Writes a command's result to `path` (atomically), or to `out` when there is none or it is
/// `-`; returns where it went, or `None` after saying on `err` why the file was not written.
pub fn write_output(
    path: Option<&std::path::Path>,
    bytes: &[u8],
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<Option<String>> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => match crate::files::write_atomically(path, bytes) {
            Ok(()) => Ok(Some(path.display().to_string())),
            Err(error) => {
                writeln!(err, "lotse: {}: cannot write: {error}", path.display())?;
                Ok(None)
            }
        },
        None => {
            out.write_all(bytes)?;
            Ok(Some("standard output".to_owned()))
        }
    }
}

/// `N warning(s); `lotse check FILE` lists them`, when there are any.
pub fn warnings_notice(path: Option<&Path>, count: usize) -> Option<String> {
    (count > 0).then(|| {
        let file = path.map_or(String::new(), |p| format!(" {}", p.display()));
        format!("{count} warning(s) while loading; `lotse check{file}` lists them")
    })
}

/// Loads the dataset and runs `f` on it; a dataset that does not load is reported and fails.
pub fn with_dataset(
    path: Option<&Path>,
    err: &mut dyn Write,
    f: impl FnOnce(&Dataset, &mut dyn Write) -> std::io::Result<Outcome>,
) -> std::io::Result<Outcome> {
    match crate::import::load(path) {
        Ok(loaded) => {
            if let Some(notice) = warnings_notice(path, loaded.warnings.len()) {
                writeln!(err, "lotse: {notice}")?;
            }
            f(&loaded.dataset, err)
        }
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            Ok(Outcome::Failure)
        }
    }
}
