//! Why a dataset could not be loaded, said with where (file, line, column or JSON path) and,
//! where it helps, what would fix it.

use std::fmt;

/// One thing wrong (or worth a warning) at one place in a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A JSON path such as `events[2].speakers[1]`.
    pub path: String,
    pub message: String,
}

impl Problem {
    /// A problem at `path`. Both may quote the file (keys, ids, values), so their control
    /// characters are made visible here, once, for every place that prints them.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        let visible = |text: String| match crate::text::visible(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(shown) => shown,
        };
        Self {
            path: visible(path.into()),
            message: visible(message.into()),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why loading failed. `origin` is the file name, or a stand-in such as `<embedded>`, with its
/// control characters made visible (see `origin_of`).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{origin}: cannot read: {source}")]
    Io {
        origin: String,
        source: std::io::Error,
    },
    #[error("{origin}: no such file")]
    NotFound { origin: String },
    /// A dataset from elsewhere (the web) that could not be had; the message says why.
    #[error("{message}")]
    Unavailable { message: String },
    #[error(
        "{origin}: not a format lotse reads; it reads a lotse dataset (\"lotse\": 1), a frab or \
         pretalx schedule.json, a frab or Pentabarf schedule.xml and an iCalendar (.ics) file"
    )]
    UnknownFormat { origin: String },
    #[error("{origin}: is a directory; give the path of a dataset file (a .json file) instead")]
    IsDirectory { origin: String },
    #[error("{origin}: the file is empty; a dataset is a JSON object such as {{\"lotse\": 1}}")]
    Empty { origin: String },
    #[error("{origin}:{line}:{column}: not valid UTF-8 (byte {offset}); save the file as UTF-8")]
    NotUtf8 {
        origin: String,
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error(
        "{origin}: is {found}, not a regular file; lotse reads datasets from files (save it to \
         a file first)"
    )]
    NotAFile { origin: String, found: &'static str },
    #[error(
        "{origin}: the top level is {found}; a dataset is one JSON object such as \
         {{\"lotse\": 1, \"events\": [...]}}"
    )]
    NotAnObject { origin: String, found: &'static str },
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{origin}: no format version; add \"lotse\": 1 as the first field of the top-level object"
    )]
    MissingVersion { origin: String },
    #[error("{origin}: \"lotse\": {found} is not a format version; this lotse reads \"lotse\": 1")]
    BadVersion { origin: String, found: String },
    #[error(
        "{origin}: written by a newer lotse (format version {found}); this lotse reads \
         format version 1, so update lotse to open it"
    )]
    NewerVersion { origin: String, found: String },
    #[error("{}", format_invalid(origin, problems))]
    Invalid {
        origin: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// The error for bytes that are not UTF-8, with the line and column of the first bad byte.
    pub fn not_utf8(bytes: &[u8], error: std::str::Utf8Error, origin: &str) -> Self {
        let offset = error.valid_up_to();
        // The bytes before the bad one are valid UTF-8.
        let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let (line, column) = crate::text::line_and_column(before, offset);
        LoadError::NotUtf8 {
            origin: origin.to_owned(),
            offset,
            line,
            column,
        }
    }
}

/// How a file is named in messages: its path with control characters made visible, since a
/// file name may hold anything but `/` and NUL.
pub fn origin_of(path: &std::path::Path) -> String {
    crate::text::visible(&path.display().to_string()).into_owned()
}

fn format_invalid(origin: &str, problems: &[Problem]) -> String {
    let count = problems.len();
    let noun = if count == 1 { "error" } else { "errors" };
    let mut text = format!("{origin}: {count} {noun}");
    for problem in problems {
        text.push_str(&format!("\n{origin}: {problem}"));
    }
    text
}
