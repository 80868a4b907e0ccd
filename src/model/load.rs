//! Reading a dataset file: bytes → typed structs (with unknown fields noted) → cleaned text →
//! validated, indexed `Dataset`. Every failure is a `LoadError` that says where.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::programme::Programme;
use super::records::{Event, Organization, Project, Source, Speaker, Topic};
use super::{Dataset, LoadError, Problem, validate};

/// The dataset format this lotse reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// A dataset and what the loader noticed without refusing it (unknown fields, cleaned text).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Problem>,
}

/// The top-level object exactly as it stands in a file: what the loader reads, and what
/// importers and exporters build and write.
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Document {
    pub lotse: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What a conference schedule knows beyond its events (days, rooms, time zone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<Programme>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sources: Vec<Source>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub events: Vec<Event>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub speakers: Vec<Speaker>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub topics: Vec<Topic>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub organizations: Vec<Organization>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub projects: Vec<Project>,
}

impl Document {
    /// An empty document of the current format version.
    pub fn new(title: Option<String>) -> Self {
        Self {
            lotse: Some(Value::from(FORMAT_VERSION)),
            title,
            ..Self::default()
        }
    }

    /// The document as a lotse file: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Plain structs of strings always serialize.
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}

fn nullable_list<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    /// A list or null, each element counted for the progress bar as it is parsed.
    struct CountedList<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for CountedList<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_some<D2: serde::Deserializer<'de>>(self, inner: D2) -> Result<Vec<T>, D2::Error> {
            inner.deserialize_seq(self)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(item) = seq.next_element()? {
                items.push(item);
                super::progress::parsed_one();
            }
            Ok(items)
        }
    }

    deserializer.deserialize_option(CountedList(std::marker::PhantomData))
}

/// Only the version, read when the full parse failed: a newer format explains that failure.
#[derive(Deserialize)]
struct VersionProbe {
    lotse: Option<Value>,
}

impl Dataset {
    /// Loads a dataset file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Loaded, LoadError> {
        let path = path.as_ref();
        let origin = super::error::origin_of(path);
        let bytes = read_file(path, &origin)?;
        let parsed = parse_document(utf8(&bytes, &origin)?, &origin)?;
        // The file's bytes go before the index is built: they are never in memory together.
        drop(bytes);
        parsed.check(&origin)
    }

    /// Loads a dataset from a reader; `origin` names it in messages.
    pub fn from_reader(reader: impl Read, origin: &str) -> Result<Loaded, LoadError> {
        let bytes = read_all(reader, origin)?;
        Self::from_bytes(&bytes, origin)
    }

    /// Loads a dataset from a string; messages name it `<string>`.
    // Not `FromStr`: loading returns warnings beside the dataset.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str) -> Result<Loaded, LoadError> {
        Self::from_text(text, "<string>")
    }

    /// Loads a dataset from raw bytes, which must be UTF-8 (a leading BOM is skipped).
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Loaded, LoadError> {
        Self::from_text(utf8(bytes, origin)?, origin)
    }

    /// Loads a dataset from text; `origin` names it in messages.
    pub fn from_text(text: &str, origin: &str) -> Result<Loaded, LoadError> {
        parse_document(text, origin)?.check(origin)
    }

    /// Cleans, validates and indexes a document built in memory (by an importer); `warnings`
    /// are what was noticed before, and come first. The document goes the way of a file, as
    /// JSON, so that there is one loader: an importer's document is small.
    pub fn from_document(
        document: Document,
        origin: &str,
        warnings: Vec<Problem>,
    ) -> Result<Loaded, LoadError> {
        let document = Document {
            lotse: Some(Value::from(FORMAT_VERSION)),
            ..document
        };
        // Plain structs of strings always serialize.
        let json = serde_json::to_string(&document).unwrap_or_default();
        drop(document);
        let mut parsed = parse_document(&json, origin)?;
        drop(json);
        let mut all = warnings;
        all.append(&mut parsed.warnings);
        parsed.warnings = all;
        parsed.check(origin)
    }
}

/// A lotse file read into compact records and cleaned, not yet validated or indexed: the
/// caller that owns the file's text can let it go before `check` builds the rest.
#[derive(Debug)]
pub struct ParsedDataset {
    title: Option<String>,
    programme: Option<Programme>,
    store: super::store::Store,
    /// Unknown fields and cleaned texts, in the file's order.
    pub warnings: Vec<Problem>,
}

impl ParsedDataset {
    /// Validates the entities and builds the indexes.
    pub fn check(self, origin: &str) -> Result<Loaded, LoadError> {
        super::progress::stage(super::progress::Stage::Checking);
        let programme_problems = self
            .programme
            .as_ref()
            .map(Programme::problems)
            .unwrap_or_default();
        let mut dataset = Dataset {
            title: self.title,
            programme: self.programme.filter(|p| !p.is_empty()),
            store: self.store,
            index: Default::default(),
        };
        let invalid = |problems| LoadError::Invalid {
            origin: origin.to_owned(),
            problems,
        };
        let (links, targets) = match validate::check(&dataset) {
            Ok(_) if !programme_problems.is_empty() => return Err(invalid(programme_problems)),
            Ok(checked) => checked,
            Err(mut problems) => {
                problems.extend(programme_problems);
                return Err(invalid(problems));
            }
        };
        // The ids references named go before the relations are laid out: they are never in
        // memory together.
        dataset.store.resolve_references(targets);
        dataset.index = links.build();
        Ok(Loaded {
            dataset,
            warnings: self.warnings,
        })
    }
}

/// The bytes as text, past a leading BOM; not UTF-8 is an error with line and column.
pub fn utf8<'b>(bytes: &'b [u8], origin: &str) -> Result<&'b str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| LoadError::not_utf8(bytes, error, origin))
}

/// Parses a lotse file's text into compact records (version checked) with the warnings about
/// unknown fields and cleaned texts, without validating or indexing.
pub fn parse_document(text: &str, origin: &str) -> Result<ParsedDataset, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if super::progress::watched() {
        // Every entity has one `"id"` key: counting them (a fast scan, no allocation) gives
        // the progress bar a total to parse towards.
        let ids = memchr::memmem::find_iter(text.as_bytes(), b"\"id\"").count();
        super::progress::expect(u64::try_from(ids).unwrap_or(u64::MAX));
    }
    let mut warnings = Vec::new();
    let parsed = parse(text, origin, &mut warnings)?;
    check_version(parsed.lotse.as_ref(), text, origin)?;
    Ok(ParsedDataset {
        title: parsed.title,
        programme: parsed.programme,
        store: parsed.store,
        warnings,
    })
}

/// Reads a dataset file: a regular file only (a FIFO would block until someone writes to it,
/// a device may never end), read with `read_all`.
pub fn read_file(path: &Path, origin: &str) -> Result<Vec<u8>, LoadError> {
    let io_error = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound {
            origin: origin.to_owned(),
        },
        _ => LoadError::Io {
            origin: origin.to_owned(),
            source,
        },
    };
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    let kind = metadata.file_type();
    if kind.is_dir() {
        return Err(LoadError::IsDirectory {
            origin: origin.to_owned(),
        });
    }
    if !kind.is_file() {
        return Err(LoadError::NotAFile {
            origin: origin.to_owned(),
            found: special_file_kind(&kind),
        });
    }
    // Opened and read as one: a file that goes away now gives the error of its reading.
    let file = std::fs::File::open(path).map_err(io_error)?;
    read_all(file, origin)
}

#[cfg(unix)]
fn special_file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Reads everything, but keeps of the whitespace before the first other byte only its line
/// breaks (and the indentation of the line the content starts on): a file of a gigabyte of
/// spaces costs no memory, and every line and column in a message stays right.
pub fn read_all(mut reader: impl Read, origin: &str) -> Result<Vec<u8>, LoadError> {
    let io_error = |source| LoadError::Io {
        origin: origin.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    let mut indentation = Vec::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(io_error(error)),
        };
        let chunk = &chunk[..read];
        super::progress::read(read);
        let start = squeeze_whitespace(chunk, &mut bytes, &mut indentation);
        if start == chunk.len() {
            continue;
        }
        bytes.append(&mut indentation);
        bytes.extend_from_slice(&chunk[start..]);
        return read_rest(&mut reader, bytes).map_err(io_error);
    }
    Ok(bytes)
}

/// Reads to the end, 4 MB at a time so that the progress bar moves (`read_to_end` into the
/// spare capacity: nothing is zeroed first).
fn read_rest(reader: &mut impl Read, mut bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    const CHUNK: u64 = 4 << 20;
    loop {
        let read = reader.by_ref().take(CHUNK).read_to_end(&mut bytes)?;
        if read == 0 {
            return Ok(bytes);
        }
        super::progress::read(read);
    }
}

/// Goes over the whitespace at the start of `chunk`, keeping its line breaks and the last
/// line's indentation (up to a point); returns where the first other byte is (or the length).
fn squeeze_whitespace(chunk: &[u8], breaks: &mut Vec<u8>, indentation: &mut Vec<u8>) -> usize {
    const MAX_INDENTATION: usize = 4096;
    const SPACES: [u8; 64] = [b' '; 64];
    let mut at = 0;
    while at < chunk.len() {
        // Runs of spaces go by 64 at a time: a gigabyte of them is quick even unoptimized.
        if chunk[at..].starts_with(&SPACES) {
            let room = MAX_INDENTATION.saturating_sub(indentation.len()).min(64);
            indentation.extend_from_slice(&SPACES[..room]);
            at += 64;
            continue;
        }
        match chunk[at] {
            b'\n' => {
                breaks.push(b'\n');
                indentation.clear();
            }
            b'\r' => {}
            byte if byte.is_ascii_whitespace() => {
                if indentation.len() < MAX_INDENTATION {
                    indentation.push(byte);
                }
            }
            _ => return at,
        }
        at += 1;
    }
    at
}

/// Parses the JSON into the store, noting unknown fields and cleaned texts as warnings.
fn parse(
    text: &str,
    origin: &str,
    warnings: &mut Vec<Problem>,
) -> Result<super::parse::ParsedFile, LoadError> {
    super::progress::stage(super::progress::Stage::Parsing);
    let first = text.trim_start().chars().next();
    let Some(first) = first else {
        return Err(LoadError::Empty {
            origin: origin.to_owned(),
        });
    };
    if first != '{' {
        return Err(not_an_object(text, origin));
    }
    super::parse::parse(text, warnings).map_err(|error| explain_failed_parse(text, origin, &error))
}

/// Explains a file the loader could not read. The owned records are the format's reference:
/// parsed again into them while tracking the JSON path, the error says where and what, worded
/// as serde words it; a file they read (which the loader refused: too large) keeps the
/// loader's error.
fn explain_failed_parse(text: &str, origin: &str, error: &serde_json::Error) -> LoadError {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Document>(&mut deserializer) {
        Err(reference) => {
            let path = reference.path().to_string();
            explain_parse_error(text, origin, &path, reference.inner())
        }
        Ok(_) => match deserializer.end() {
            Err(trailing) => explain_parse_error(text, origin, "", &trailing),
            Ok(()) => explain_parse_error(text, origin, "", error),
        },
    }
}

/// Turns a serde error into the most helpful `LoadError`.
fn explain_parse_error(
    text: &str,
    origin: &str,
    path: &str,
    inner: &serde_json::Error,
) -> LoadError {
    let origin = origin.to_owned();
    if let Ok(VersionProbe { lotse: Some(found) }) = serde_json::from_str(text)
        && let Err(version_error) = check_version(Some(&found), text, &origin)
    {
        return version_error;
    }
    let message = strip_position(&inner.to_string());
    let message = if path.is_empty() || path == "." {
        message
    } else {
        format!("{path}: {message}")
    };
    LoadError::Syntax {
        origin,
        line: inner.line(),
        column: inner.column(),
        message,
    }
}

/// serde_json ends its messages with " at line L column C"; the error shows that up front.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The error for a file whose top level is not an object: what it is instead, or where its
/// JSON goes wrong.
fn not_an_object(text: &str, origin: &str) -> LoadError {
    let found = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(_)) => "an array",
        Ok(Value::String(_)) => "a string",
        Ok(Value::Number(_)) => "a number",
        Ok(Value::Bool(_)) => "a boolean",
        Ok(Value::Null) => "null",
        Ok(Value::Object(_)) => "an object",
        Err(error) => return explain_parse_error(text, origin, "", &error),
    };
    LoadError::NotAnObject {
        origin: origin.to_owned(),
        found,
    }
}

fn check_version(version: Option<&Value>, text: &str, origin: &str) -> Result<(), LoadError> {
    let origin = origin.to_owned();
    match version {
        None | Some(Value::Null) => Err(LoadError::MissingVersion { origin }),
        Some(Value::Number(number)) => match number.as_u64() {
            Some(FORMAT_VERSION) => Ok(()),
            Some(found) if found > FORMAT_VERSION => Err(LoadError::NewerVersion {
                origin,
                found: found.to_string(),
            }),
            Some(_) => Err(LoadError::BadVersion {
                origin,
                found: number.to_string(),
            }),
            // Too big for u64 (or a fraction): serde_json keeps only a float, which would print
            // as 1.8446744073709552e19; say what the file says.
            None => {
                let found = version_as_written(text).unwrap_or_else(|| number.to_string());
                if found.bytes().all(|b| b.is_ascii_digit()) {
                    Err(LoadError::NewerVersion { origin, found })
                } else {
                    Err(LoadError::BadVersion { origin, found })
                }
            }
        },
        Some(other) => Err(LoadError::BadVersion {
            origin,
            found: other.to_string(),
        }),
    }
}

/// The top-level `lotse` value exactly as the file writes it.
fn version_as_written(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct RawVersion<'a> {
        #[serde(borrow)]
        lotse: Option<&'a serde_json::value::RawValue>,
    }
    let raw: RawVersion<'_> = serde_json::from_str(text).ok()?;
    raw.lotse.map(|value| value.get().to_owned())
}

/// The longest a one-line text (a name, a title, a city, an item of a list) may be, in
/// characters. Longer ones are cut at load, with a warning: no real name is this long, and a
/// hostile one must not make every frame slow.
pub const MAX_LINE_CHARS: usize = 1_000;

/// The longest a text with line breaks (a summary, a description) may be, in characters.
pub const MAX_BLOCK_CHARS: usize = 100_000;
