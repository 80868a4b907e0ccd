//! The runners behind each command-line command. Each writes its result to `out` and its
//! diagnostics to `err`, and returns how it ended.

pub mod agenda;
pub mod bookmarks;
pub mod check;
pub mod config;
pub mod diff;
pub mod explore;
pub mod export;
pub mod import;
mod input;
mod rows;
pub mod search;
pub mod show;
pub mod stats;

use std::io::Write;
use std::path::Path;

use ratatui::style::Color;

pub use input::{Content, Input};

use crate::config::Palette;
use crate::model::{Dataset, Kind};
use crate::user_dirs::Origin;

/// How a command ended, as the process's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found or done: exit 0.
    Success,
    /// A search or an export matched nothing: exit 1, as grep and `fzf --filter` do.
    NothingFound,
    /// Invalid dataset, bad query, unknown id: exit 2.
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Failure => 2,
        }
    }
}

/// How text output looks: colour only on a terminal, and never with `NO_COLOR` set; cut or
/// wrapped to the terminal's width on one, whole everywhere else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// The terminal's columns, when output goes to one; `None` (a pipe, a file): nothing is
    /// cut, so that `lotse search Q | cat` and `grep` see whole names and URLs.
    pub width: Option<usize>,
}

impl Style {
    /// Colour when `is_terminal` and the `NO_COLOR` convention (no-color.org) allows it.
    pub fn detect(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> Self {
        let no_color = no_color.is_some_and(|value| !value.is_empty());
        Self {
            color: is_terminal && !no_color,
            width: None,
        }
    }

    /// The same style, fitted to a terminal of `width` columns.
    pub fn fitting(self, width: Option<usize>) -> Self {
        Self { width, ..self }
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

    /// A kind tag, coloured by kind as the explorer colours it by default.
    pub fn kind(self, kind: Kind, text: &str) -> String {
        self.paint(&foreground(Palette::DEFAULT.kind(kind)), text)
    }
}

/// The SGR parameters that set a colour as the text's colour.
fn foreground(color: Color) -> String {
    let basic = |code: u8| code.to_string();
    match color {
        Color::Reset => basic(39),
        Color::Black => basic(30),
        Color::Red => basic(31),
        Color::Green => basic(32),
        Color::Yellow => basic(33),
        Color::Blue => basic(34),
        Color::Magenta => basic(35),
        Color::Cyan => basic(36),
        Color::Gray => basic(37),
        Color::DarkGray => basic(90),
        Color::LightRed => basic(91),
        Color::LightGreen => basic(92),
        Color::LightYellow => basic(93),
        Color::LightBlue => basic(94),
        Color::LightMagenta => basic(95),
        Color::LightCyan => basic(96),
        Color::White => basic(97),
        Color::Indexed(index) => format!("38;5;{index}"),
        Color::Rgb(r, g, b) => format!("38;2;{r};{g};{b}"),
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

/// Says so on `err` and returns `true` when `output` is the file `input` (also through links
/// or another name for it): writing there would replace what is being read.
pub fn refuse_overwriting_the_input(
    input: Option<&Path>,
    output: Option<&Path>,
    err: &mut dyn std::io::Write,
) -> std::io::Result<bool> {
    let (Some(input), Some(output)) = (input, output.filter(|p| p.as_os_str() != "-")) else {
        return Ok(false);
    };
    if !is_same_file(input, output) {
        return Ok(false);
    }
    writeln!(
        err,
        "lotse: {} is the dataset being read: writing there would replace it; choose another \
         file with -o",
        crate::model::origin_of(output)
    )?;
    Ok(true)
}

/// Whether two paths lead to one file (links followed).
fn is_same_file(a: &Path, b: &Path) -> bool {
    let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// `N warning(s); `lotse check FILE` lists them`, when there are any; `shown` names the
/// dataset (`None`: the built-in one).
pub fn warnings_notice(shown: Option<&str>, count: usize) -> Option<String> {
    (count > 0).then(|| {
        let file = shown.map_or(String::new(), |s| format!(" {s}"));
        format!("{count} warning(s) while loading; `lotse check{file}` lists them")
    })
}

/// Loads the dataset and runs `f` on it and where it comes from; a dataset that does not load
/// is reported and fails.
pub fn with_dataset(
    input: Input,
    err: &mut dyn Write,
    f: impl FnOnce(&Dataset, &Origin, &mut dyn Write) -> std::io::Result<Outcome>,
) -> std::io::Result<Outcome> {
    let shown = input.shown();
    let origin = input.origin.clone();
    match input.load() {
        Ok(loaded) => {
            if let Some(notice) = warnings_notice(shown.as_deref(), loaded.warnings.len()) {
                writeln!(err, "lotse: {notice}")?;
            }
            f(&loaded.dataset, &origin, err)
        }
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            Ok(Outcome::Failure)
        }
    }
}
