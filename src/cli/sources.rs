//! Dataset arguments: a file is read as it is; an address is opened through `web` (its copy
//! in the cache, asked for as `--refresh`/`--offline` and config.toml's `[web]` say) and
//! handed on as the copy's file, or as the new body read already, so that every command reads
//! a schedule from the web as it reads a file. What the user should know (an old copy used
//! offline, what a new body changed) goes to stderr, one line each.

use std::io::Write;
use std::path::Path;

use crate::bookmark_file::BookmarkFile;
use crate::commands::{Content, Input};
use crate::model::Dataset;
use crate::schedule::diff::Changes;
use crate::web::{self, Asking, WebAddress};

/// How addresses are opened in this run.
pub struct Fetching {
    pub asking: Asking,
}

impl Fetching {
    /// As `--refresh` and `--offline` say (clap lets only one of them be given).
    pub fn new(refresh: bool, offline: bool) -> Self {
        let asking = if offline {
            Asking::Never
        } else if refresh {
            Asking::Now
        } else {
            Asking::WhenStale
        };
        Self { asking }
    }

    /// The dataset of `--dataset`, `LOTSE_DATASET` or the file argument (`None`: the built-in
    /// one); `Ok(None)` after saying on `err` why there is none.
    pub fn dataset(
        &self,
        argument: Option<&Path>,
        err: &mut dyn Write,
    ) -> std::io::Result<Option<Input>> {
        match argument {
            Some(argument) => self.local(argument, err),
            None => Ok(Some(Input::file(None))),
        }
    }

    /// The dataset of one argument: the file itself, or what an address gives. `Ok(None)`
    /// after saying on `err` why there is none.
    pub fn local(&self, argument: &Path, err: &mut dyn Write) -> std::io::Result<Option<Input>> {
        let address = match WebAddress::from_path(argument) {
            None => return Ok(Some(Input::file(Some(argument)))),
            Some(Ok(address)) => address,
            Some(Err(error)) => {
                writeln!(err, "lotse: {error}")?;
                return Ok(None);
            }
        };
        let settings = match web_settings() {
            Ok(settings) => settings,
            Err(error) => {
                writeln!(err, "lotse: {error}")?;
                return Ok(None);
            }
        };
        let now = jiff::Timestamp::now().as_second();
        let opened = match web::open(&address, self.asking, &settings, now) {
            Ok(opened) => opened,
            Err(error) => {
                writeln!(err, "lotse: {error}")?;
                return Ok(None);
            }
        };
        if let Some(notice) = &opened.notice {
            writeln!(err, "lotse: {notice}")?;
        }
        let origin = web::origin(&address);
        let content = match (opened.fresh, opened.copy) {
            (Some(fresh), _) => {
                if let Some((changes, since)) = &fresh.changes {
                    let dataset = &fresh.imported.loaded.dataset;
                    writeln!(
                        err,
                        "lotse: {}",
                        update_line(changes, since, dataset, &origin)
                    )?;
                }
                Content::Read(Box::new(fresh.imported))
            }
            (None, Some(copy)) => Content::File(copy),
            (None, None) => return Ok(None),
        };
        Ok(Some(Input { content, origin }))
    }
}

/// The user's `[web]` settings (the defaults without a config directory).
fn web_settings() -> Result<web::Settings, crate::config::ConfigError> {
    match crate::user_dirs::config_file() {
        Some(file) => crate::config::Config::load(&file).map(|config| config.web),
        None => Ok(crate::config::Config::default_config().web),
    }
}

/// `12 changes since 14:05: 2 new, 1 cancelled, 9 moved · ⚠ bookmarked: "Talk" moved`.
pub fn update_line(
    changes: &Changes,
    since: &str,
    dataset: &Dataset,
    origin: &crate::user_dirs::Origin,
) -> String {
    let mut line = changes.summary_since(since);
    let bookmarks = BookmarkFile::for_loaded(origin, dataset)
        .map(|file| file.read().bookmarks)
        .unwrap_or_default();
    let named = bookmarked_changes(changes, dataset, &bookmarks);
    if !named.is_empty() {
        line.push_str(&format!(" · ⚠ bookmarked: {}", named.join(", ")));
    }
    line
}

/// The bookmarked talks that moved or were cancelled, as `"Title" moved`.
fn bookmarked_changes(
    changes: &Changes,
    dataset: &Dataset,
    bookmarks: &[crate::bookmarks::Bookmark],
) -> Vec<String> {
    let is_bookmarked = |id: &str, key: Option<&str>| {
        bookmarks
            .iter()
            .any(|b| b.id == id || key.is_some_and(|key| b.key == key))
    };
    let moved = changes.moved.iter().filter(|m| {
        let key = dataset
            .resolve(&m.id)
            .map(|entity| crate::bookmarks::stable_key(dataset, entity));
        is_bookmarked(&m.id, key)
    });
    let cancelled = changes
        .cancelled
        .iter()
        .filter(|v| is_bookmarked(&v.id, None));
    moved
        .map(|m| format!("{:?} moved", crate::text::visible(&m.name)))
        .chain(cancelled.map(|v| format!("{:?} cancelled", crate::text::visible(&v.name))))
        .collect()
}
