//! Schedules from the web, offline first: an address is opened from its copy in the cache
//! while the copy is fresh, revalidated politely when it is not (a `304` keeps it), replaced
//! only by a body that is a schedule lotse reads, and used as it is, with its age said, when
//! the server cannot be reached. A new body is compared with the copy it replaces.
//!
//! This is the edge of lotse that talks to the network; the core never does. What comes
//! back is a file to load, as for any dataset, and what to tell the user.

mod address;
pub mod cache;
pub mod http;

use std::path::PathBuf;
use std::time::Duration;

pub use address::WebAddress;
pub use http::{Limits, size_text};

use crate::model::Dataset;
use crate::schedule::diff::Changes;
use cache::{Entry, Record};
use http::{Answer, Validators};

/// How lotse treats addresses (`[web]` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// A copy younger than this is used without asking the server.
    pub fresh_for: Duration,
    pub limits: Limits,
}

/// The values of `[web]` in `default.toml`, which is what lotse reads (`Config`); these stand
/// in only where no configuration is read at all.
impl Default for Settings {
    fn default() -> Self {
        Self {
            fresh_for: Duration::from_secs(10 * 60),
            limits: Limits {
                timeout: Duration::from_secs(15),
                max_bytes: 100_000_000,
                max_redirects: 5,
            },
        }
    }
}

/// Whether to ask the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Asking {
    /// When the copy is older than `fresh_for`, or there is none.
    #[default]
    WhenStale,
    /// Now (`--refresh`, the explorer's reload), politely still.
    Now,
    /// Never (`--offline`): the copy or an error.
    Never,
}

/// A schedule opened from the web.
#[derive(Debug)]
pub struct Opened {
    /// The copy in the cache: the file to load.
    pub body: PathBuf,
    /// What to tell the user about the copy (an old one used offline); `None`: nothing.
    pub notice: Option<String>,
    /// A new body that replaced a different one.
    pub update: Option<Update>,
}

/// What a new body changed against the copy it replaced.
#[derive(Debug)]
pub struct Update {
    pub changes: Changes,
    /// When the replaced copy was last known current: `14:05` today, else with its date.
    pub since: String,
    /// The schedule as it is now (to name the bookmarked talks that moved), and how many
    /// warnings its load had.
    pub dataset: Dataset,
    pub warnings: usize,
}

/// Why an address gave no schedule and there is no copy to fall back on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct WebError {
    pub message: String,
}

/// Where copies are kept: `LOTSE_CACHE_DIR`, else the platform's cache directory.
pub fn cache_dir() -> Option<PathBuf> {
    crate::user_dirs::cache_dir()
}

/// The file an address's copy is kept in (which need not exist yet).
pub fn body_path(address: &WebAddress) -> Option<PathBuf> {
    Some(Entry::new(&cache_dir()?, address).body_path().to_path_buf())
}

/// Opens `address` as `asking` says, at `now` (seconds since 1970).
pub fn open(
    address: &WebAddress,
    asking: Asking,
    settings: &Settings,
    now: i64,
) -> Result<Opened, WebError> {
    let directory = cache_dir().ok_or_else(|| WebError {
        message: format!(
            "{}: this system has no cache directory to keep schedules in; set LOTSE_CACHE_DIR",
            address.shown()
        ),
    })?;
    let entry = Entry::new(&directory, address);
    let copy = entry.read();
    let fresh = copy.as_ref().is_some_and(|copy| {
        let age = now.saturating_sub(copy.record.checked);
        (0..i64::try_from(settings.fresh_for.as_secs()).unwrap_or(i64::MAX)).contains(&age)
    });
    match (asking, copy) {
        (Asking::Never, Some(copy)) => {
            let notice = format!("offline: {}", copy_age(&copy.record, now));
            Ok(opened(&entry, Some(notice)))
        }
        (Asking::Never, None) => Err(WebError {
            message: format!(
                "{}: no copy is kept yet, and --offline forbids asking for one",
                address.shown()
            ),
        }),
        (Asking::WhenStale, Some(_)) if fresh => Ok(opened(&entry, None)),
        (_, copy) => ask(address, &entry, copy, settings, now),
    }
}

fn opened(entry: &Entry, notice: Option<String>) -> Opened {
    Opened {
        body: entry.body_path().to_path_buf(),
        notice,
        update: None,
    }
}

/// Asks the server, and falls back on the copy when no usable answer comes.
fn ask(
    address: &WebAddress,
    entry: &Entry,
    copy: Option<cache::Copy>,
    settings: &Settings,
    now: i64,
) -> Result<Opened, WebError> {
    let validators = copy
        .as_ref()
        .map_or_else(Validators::default, |copy| Validators {
            etag: copy.record.etag.clone(),
            last_modified: copy.record.last_modified.clone(),
        });
    let problem = match http::get(address, &validators, settings.limits) {
        Ok(Answer::NotModified) => match &copy {
            Some(copy) => {
                let record = Record {
                    checked: now,
                    ..copy.record.clone()
                };
                let notice = entry
                    .write_record(&record)
                    .err()
                    .map(|error| format!("the copy's record was not updated: {error}"));
                return Ok(opened(entry, notice));
            }
            // Validators come only from a copy; a server that answers 304 to none is wrong.
            None => format!(
                "{} answered 304 Not Modified to a first request",
                address.shown()
            ),
        },
        Ok(Answer::Body {
            bytes,
            validators,
            content_type,
        }) => match take_body(
            address,
            entry,
            copy.as_ref(),
            &bytes,
            now,
            (&validators, content_type.as_deref()),
        ) {
            Ok(opened) => return Ok(opened),
            Err(problem) => explained_body_problem(problem, content_type.as_deref()),
        },
        Err(error) if error.answered => format!("{}: {}", address.shown(), error.message),
        Err(error) => format!("cannot reach {}: {}", address.shown(), error.message),
    };
    match copy {
        Some(copy) => Ok(opened(
            entry,
            Some(format!("{problem}; {}", copy_age(&copy.record, now))),
        )),
        None => Err(WebError {
            message: format!("{problem}; no copy is kept to use instead"),
        }),
    }
}

/// A body that is no schedule: with the server's own word for what it sent, when that helps
/// (a network's login page is HTML).
fn explained_body_problem(problem: String, content_type: Option<&str>) -> String {
    match content_type {
        Some(kind) if kind.to_ascii_lowercase().starts_with("text/html") => format!(
            "{problem} (the server sent a web page, {}: a network's login page?)",
            crate::text::visible(kind)
        ),
        _ => problem,
    }
}

/// Keeps a new body that is a schedule, and says what it changed; a body that is none is
/// refused, and the copy stays.
fn take_body(
    address: &WebAddress,
    entry: &Entry,
    copy: Option<&cache::Copy>,
    bytes: &[u8],
    now: i64,
    (validators, content_type): (&Validators, Option<&str>),
) -> Result<Opened, String> {
    let shown = address.shown();
    let imported = crate::import::from_bytes(bytes, &shown, &address.file_name())
        .map_err(|error| format!("{shown} sent no schedule lotse reads: {error}"))?;
    let record = Record {
        url: shown.clone(),
        etag: validators.etag.clone(),
        last_modified: validators.last_modified.clone(),
        content_type: content_type.map(|kind| crate::text::visible(kind).into_owned()),
        fetched: now,
        checked: now,
        length: bytes.len() as u64,
        hash: cache::hash_of(bytes),
    };
    let unchanged = copy.is_some_and(|copy| copy.body == bytes);
    let stored = if unchanged {
        entry.write_record(&Record {
            fetched: copy.map_or(now, |c| c.record.fetched),
            ..record
        })
    } else {
        entry.store(bytes, &record)
    };
    stored.map_err(|error| {
        format!(
            "{shown}: the copy cannot be kept in {}: {error} (LOTSE_CACHE_DIR moves it)",
            entry
                .body_path()
                .parent()
                .map_or_else(String::new, |d| d.display().to_string())
        )
    })?;
    let update = copy.filter(|_| !unchanged).and_then(|copy| {
        let old = crate::import::from_bytes(&copy.body, &shown, &address.file_name()).ok()?;
        let (dataset, warnings) = (imported.loaded.dataset, imported.loaded.warnings.len());
        Some(Update {
            changes: crate::schedule::diff::diff(&old.loaded.dataset, &dataset),
            since: when_text(copy.record.checked, now),
            dataset,
            warnings,
        })
    });
    Ok(Opened {
        body: entry.body_path().to_path_buf(),
        notice: None,
        update,
    })
}

/// `using the copy last checked 14:05 (2 h 5 min ago)`.
fn copy_age(record: &Record, now: i64) -> String {
    format!(
        "using the copy last checked {} ({} ago)",
        when_text(record.checked, now),
        age_text(now.saturating_sub(record.checked))
    )
}

/// A moment on this machine's clock: `14:05` when it is today, else `2026-11-29 14:05`.
pub fn when_text(at: i64, now: i64) -> String {
    let zone = jiff::tz::TimeZone::system();
    let local = |seconds: i64| {
        jiff::Timestamp::from_second(seconds)
            .unwrap_or_default()
            .to_zoned_datetime(zone.clone())
    };
    let (at, now) = (local(at), local(now));
    if at.date() == now.date() {
        at.strftime("%H:%M").to_string()
    } else {
        at.strftime("%Y-%m-%d %H:%M").to_string()
    }
}

/// `less than a minute`, `25 min`, `3 h 5 min`, `2 days`.
pub fn age_text(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    match minutes {
        0 => "less than a minute".to_owned(),
        1..60 => format!("{minutes} min"),
        60..2880 if minutes % 60 == 0 => format!("{} h", minutes / 60),
        60..2880 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ => format!("{} days", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_people_say_them() {
        assert_eq!(age_text(30), "less than a minute");
        assert_eq!(age_text(25 * 60 + 10), "25 min");
        assert_eq!(age_text(3 * 3600), "3 h");
        assert_eq!(age_text(3 * 3600 + 5 * 60), "3 h 5 min");
        assert_eq!(age_text(3 * 86_400), "3 days");
        assert_eq!(age_text(-5), "less than a minute");
    }
}
