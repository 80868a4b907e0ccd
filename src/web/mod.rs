//! Schedules from the web, offline first: an address is opened from its copy in the cache
//! while the copy is fresh, revalidated politely when it is not (a `304` keeps it), replaced
//! only by a body that is a schedule lotse reads, and used as it is, with its age said, when
//! the server cannot be reached in time. A new body is compared with the copy it replaces,
//! and is used even when the cache cannot keep it (a full disk): the copy before stays.
//!
//! This is the edge of lotse that talks to the network; the core never does. What comes
//! back is a file to load (or a schedule read already), and what to tell the user.

mod address;
pub mod cache;
pub mod http;
mod proxy;

use std::path::PathBuf;
use std::time::Duration;

pub use address::{AddressError, WebAddress};
pub use http::{Limits, size_text};

use crate::import::Imported;
use crate::schedule::diff::Changes;
use crate::user_dirs::Origin;
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
                deadline: Duration::from_secs(30),
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
    /// The copy in the cache: the file to load when no new body came (`None` when a new body
    /// came and neither it nor an earlier copy could be kept).
    pub copy: Option<PathBuf>,
    /// A new body, read already (it is never read twice), and what it changed.
    pub fresh: Option<Fresh>,
    /// What to tell the user (an old copy used offline, a body the cache could not keep).
    pub notice: Option<String>,
}

/// A new body from the server, read as a schedule.
#[derive(Debug)]
pub struct Fresh {
    pub imported: Imported,
    /// What it changed against the copy it replaced, and when that copy was last known
    /// current (`14:05` today, else with its date); `None`: there was none, or the same.
    pub changes: Option<(Changes, String)>,
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

/// Where a schedule from `address` comes from, as the user's files about it name it.
pub fn origin(address: &WebAddress) -> Origin {
    Origin::Web {
        address: address.shown(),
        name: address.file_name(),
        legacy: cache_dir().map(|dir| Entry::new(&dir, address).legacy_body_path()),
    }
}

/// The size of the copy kept of `address` (0: none), for the loading screen.
pub fn kept_size(address: &WebAddress) -> u64 {
    cache_dir().map_or(0, |dir| Entry::new(&dir, address).size())
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
            Ok(opened(copy.path, Some(notice)))
        }
        (Asking::Never, None) => Err(WebError {
            message: format!(
                "{}: no copy is kept yet, and --offline forbids asking for one",
                address.shown()
            ),
        }),
        (Asking::WhenStale, Some(copy)) if fresh => Ok(opened(copy.path, None)),
        (_, copy) => ask(address, &entry, copy, settings, now),
    }
}

fn opened(copy: PathBuf, notice: Option<String>) -> Opened {
    Opened {
        copy: Some(copy),
        fresh: None,
        notice,
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
        Ok(Answer::NotModified) => match copy {
            Some(copy) => return Ok(confirmed(entry, copy, now)),
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
            copy.path,
            Some(format!("{problem}; {}", copy_age(&copy.record, now))),
        )),
        None => Err(WebError {
            message: format!("{problem}; no copy is kept to use instead"),
        }),
    }
}

/// The server said the copy is current: its record says so from now on, unless another lotse
/// brought a newer copy meanwhile, which is then the one to read.
fn confirmed(entry: &Entry, copy: cache::Copy, now: i64) -> Opened {
    let written = entry.locked(|| match entry.current_record() {
        Some(current) if current.hash == copy.record.hash => entry
            .write_record(&Record {
                checked: now,
                ..current
            })
            .map(|()| false),
        _ => Ok(true),
    });
    let (newer_elsewhere, notice) = match written {
        Ok(newer) => (newer, None),
        Err(error) => (
            false,
            Some(format!("the copy's record was not updated: {error}")),
        ),
    };
    // Only a copy another lotse brought in is read (and checked) anew.
    let newest = if newer_elsewhere {
        entry.read().map_or(copy.path, |current| current.path)
    } else {
        copy.path
    };
    opened(newest, notice)
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
/// refused, and the copy stays. A body the cache cannot keep is used all the same, and said.
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
    let unchanged = copy.is_some_and(|copy| copy.body == bytes);
    let record = Record {
        url: shown.clone(),
        etag: validators.etag.clone(),
        last_modified: validators.last_modified.clone(),
        content_type: content_type.map(|kind| crate::text::visible(kind).into_owned()),
        fetched: copy.filter(|_| unchanged).map_or(now, |c| c.record.fetched),
        checked: now,
        length: bytes.len() as u64,
        hash: cache::hash_of(bytes),
    };
    let stored = entry.locked(|| entry.store(bytes, &record));
    let changes = copy.filter(|_| !unchanged).and_then(|copy| {
        let old = crate::import::from_bytes(&copy.body, &shown, &address.file_name()).ok()?;
        Some((
            crate::schedule::diff::diff(&old.loaded.dataset, &imported.loaded.dataset),
            when_text(copy.record.checked, now),
        ))
    });
    let (kept, notice) = match stored {
        Ok(path) => (Some(path), None),
        Err(error) => (
            copy.map(|copy| copy.path.clone()),
            Some(format!(
                "{shown}: the new copy could not be kept in {}: {error} (it is used now; {};                  LOTSE_CACHE_DIR moves the cache)",
                crate::model::origin_of(&cache_dir().unwrap_or_default()),
                if copy.is_some() {
                    "the one before stays"
                } else {
                    "no copy is kept for offline use"
                }
            )),
        ),
    };
    Ok(Opened {
        copy: kept,
        fresh: Some(Fresh { imported, changes }),
        notice,
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
