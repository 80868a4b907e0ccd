//! Opening what people have: a lotse file, a frab/pretalx `schedule.json`, a frab
//! `schedule.xml` or an iCalendar file, told apart by content rather than by file name. Every
//! importer builds a lotse `Document`, which then goes through the same cleaning, validation
//! and indexing as a lotse file, so an imported dataset is as trustworthy as a written one.

mod builder;
mod datetime;
mod encoding;
mod frab;
mod frab_xml;
mod ics;
mod markup;

use std::path::Path;

use crate::model::{Dataset, Document, LoadError, Loaded, ParsedDataset, Problem};

pub use ics::unescape as unescape_ics_text;
pub use markup::to_plain_text;

/// The formats lotse opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Lotse,
    FrabJson,
    FrabXml,
    ICalendar,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Lotse => "lotse dataset",
            Format::FrabJson => "frab/pretalx schedule.json",
            Format::FrabXml => "frab schedule.xml",
            Format::ICalendar => "iCalendar file",
        }
    }

    /// The format of a text, by its first significant characters and keys.
    pub fn detect(text: &str) -> Format {
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with('<') {
            return Format::FrabXml;
        }
        if start
            .get(..15)
            .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
        {
            return Format::ICalendar;
        }
        if start.starts_with('{') && !has_top_level_key(start, "lotse") && has_schedule_key(start) {
            return Format::FrabJson;
        }
        Format::Lotse
    }
}

/// Whether a text that is no schedule could be meant as a lotse dataset: a JSON object that
/// names its version or one of its lists. Anything else (a text file, someone else's JSON)
/// is no format lotse reads, and advice on the lotse format would mislead.
fn looks_like_lotse(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('{')
        && [
            "lotse",
            "events",
            "speakers",
            "topics",
            "organizations",
            "projects",
            "sources",
        ]
        .iter()
        .any(|key| start.contains(&format!("\"{key}\"")))
}

/// Whether a JSON object mentions `"schedule"` as a key (cheap: the whole file need not be
/// parsed twice; the importer checks properly).
fn has_schedule_key(json: &str) -> bool {
    json.contains("\"schedule\"")
}

/// Whether `"key"` appears before any nested object: lotse files start with `"lotse": 1`.
fn has_top_level_key(json: &str, key: &str) -> bool {
    let head = &json[1..];
    let first_nested = head.find(['{', '[']).unwrap_or(head.len());
    head[..first_nested].contains(&format!("\"{key}\""))
}

/// A dataset and the format it came in; `loaded.warnings` begins with the importer's repairs.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    pub loaded: Loaded,
    /// The document as imported, before cleaning; `None` for a lotse file.
    pub document: Option<Document>,
    /// How many of the warnings are the importer's repairs (they come first).
    pub repairs: usize,
}

/// The dataset at `path` (in any format lotse reads), or the built-in one: what every command
/// and the explorer open.
pub fn load(path: Option<&Path>) -> Result<Loaded, LoadError> {
    match path {
        Some(path) => open(path).map(|imported| imported.loaded),
        None => crate::embedded::load(),
    }
}

/// Opens a file of any format lotse reads.
pub fn open(path: &Path) -> Result<Imported, LoadError> {
    let origin = crate::model::origin_of(path);
    let bytes = crate::model::read_file(path, &origin)?;
    let file_name = path
        .file_name()
        .map_or_else(|| origin.clone(), |n| n.to_string_lossy().into_owned());
    let parsed = read_document(&bytes, &origin, &file_name)?;
    // The file's bytes go before the dataset is checked and indexed: they are never in memory
    // together with the index.
    drop(bytes);
    parsed.finish(&origin)
}

/// Opens bytes of any format lotse reads; `origin` names them in messages, `file_name` is
/// what an imported dataset cites as its source.
pub fn from_bytes(bytes: &[u8], origin: &str, file_name: &str) -> Result<Imported, LoadError> {
    read_document(bytes, origin, file_name)?.finish(origin)
}

/// A file read, before it is checked and indexed: a lotse file straight into the dataset's
/// records, any other format into a document.
// One per load, moved once: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Parsed {
    Lotse(ParsedDataset),
    Imported {
        format: Format,
        document: Document,
        /// The importer's repairs.
        warnings: Vec<Problem>,
    },
}

impl Parsed {
    fn finish(self, origin: &str) -> Result<Imported, LoadError> {
        let (format, document, warnings) = match self {
            Parsed::Lotse(parsed) => {
                return Ok(Imported {
                    format: Format::Lotse,
                    loaded: parsed.check(origin)?,
                    document: None,
                    repairs: 0,
                });
            }
            Parsed::Imported {
                format,
                document,
                warnings,
            } => (format, document, warnings),
        };
        let repairs = warnings.len();
        let loaded = Dataset::from_document(document.clone(), origin, warnings)?;
        Ok(Imported {
            format,
            loaded,
            document: Some(document),
            repairs,
        })
    }
}

fn read_document(bytes: &[u8], origin: &str, file_name: &str) -> Result<Parsed, LoadError> {
    let decoded = match encoding::decoded_xml(bytes) {
        None => None,
        Some(Ok(decoded)) => Some(decoded),
        Some(Err(message)) => {
            let problem = Problem::new("<?xml encoding?>", message);
            return Err(invalid(origin, Format::FrabXml, problem));
        }
    };
    let text = match &decoded {
        Some((text, _)) => text.as_str(),
        None => crate::model::utf8(bytes, origin)?,
    };
    let format = Format::detect(text);
    let lotse = |text| crate::model::parse_document(text, origin).map(Parsed::Lotse);
    let (document, warnings) = match format {
        // An empty file has an error of its own.
        Format::Lotse if !text.trim().is_empty() && !looks_like_lotse(text) => {
            return Err(LoadError::UnknownFormat {
                origin: origin.to_owned(),
            });
        }
        Format::Lotse => return lotse(text),
        Format::FrabJson => {
            let root: serde_json::Value =
                serde_json::from_str(text).map_err(|error| LoadError::Syntax {
                    origin: origin.to_owned(),
                    line: error.line(),
                    column: error.column(),
                    message: error.to_string(),
                })?;
            if !root
                .get("schedule")
                .is_some_and(serde_json::Value::is_object)
            {
                // Only mentions "schedule": a lotse file (or neither), which says what is wrong.
                return lotse(text);
            }
            frab::import(&root, file_name)
                .map_err(|e| invalid(origin, format, Problem::new(e.path, e.message)))?
        }
        Format::FrabXml => {
            let (root, placing) = frab_xml::to_schedule_json(text).map_err(|error| {
                let (line, column) = crate::text::line_and_column(text, error.offset);
                LoadError::Syntax {
                    origin: origin.to_owned(),
                    line,
                    column,
                    message: error.message,
                }
            })?;
            let (document, mut repairs) = frab::import(&root, file_name)
                .map_err(|e| invalid(origin, format, Problem::new(e.path, e.message)))?;
            repairs.splice(0..0, placing);
            if let Some((_, name)) = &decoded {
                let read = format!("not UTF-8: read as {name}, as the file says it is written");
                repairs.insert(0, Problem::new("<?xml encoding?>", read));
            }
            (document, repairs)
        }
        Format::ICalendar => ics::import(text, file_name)
            .map_err(|message| invalid(origin, format, Problem::new("VCALENDAR", message)))?,
    };
    Ok(Parsed::Imported {
        format,
        document,
        warnings,
    })
}

fn invalid(origin: &str, format: Format, problem: Problem) -> LoadError {
    LoadError::Invalid {
        origin: format!("{origin} ({})", format.name()),
        problems: vec![problem],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_content() {
        assert_eq!(
            Format::detect("{\"lotse\": 1, \"events\": []}"),
            Format::Lotse
        );
        assert_eq!(
            Format::detect("\u{feff} {\"$schema\": \"x\", \"schedule\": {}}"),
            Format::FrabJson
        );
        assert_eq!(Format::detect("<?xml version=\"1.0\"?>"), Format::FrabXml);
        assert_eq!(Format::detect("begin:vcalendar\r\n"), Format::ICalendar);
        // A lotse file that merely mentions "schedule" somewhere stays a lotse file.
        assert_eq!(
            Format::detect("{\"lotse\": 1, \"title\": \"schedule\"}"),
            Format::Lotse
        );
        assert_eq!(Format::detect("[1, 2]"), Format::Lotse);
    }
}
