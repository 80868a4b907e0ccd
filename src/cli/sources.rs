//! Dataset arguments that are web addresses: each is opened through `web` (its copy in the
//! cache, asked for as `--refresh`/`--offline` and config.toml's `[web]` say) and handed on
//! as the copy's file, so that every command reads a schedule from the web as it reads a file.
//! What the user should know (an old copy used offline, what a new body changed) goes to
//! stderr, one line each.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::bookmark_file::BookmarkFile;
use crate::web::{self, Asking, Update, WebAddress};

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

    /// The file to load for `--dataset`, `LOTSE_DATASET` or the file argument (`None`: the
    /// built-in dataset); `Ok(None)` after saying on `err` why there is none.
    #[allow(clippy::option_option)]
    pub fn dataset(
        &self,
        argument: Option<&Path>,
        err: &mut dyn Write,
    ) -> std::io::Result<Option<Option<PathBuf>>> {
        match argument {
            Some(argument) => Ok(self.local(argument, err)?.map(Some)),
            None => Ok(Some(None)),
        }
    }

    /// The file to load for a dataset argument: the argument itself, or an address's copy.
    /// `Ok(None)` after saying on `err` why there is none.
    pub fn local(&self, argument: &Path, err: &mut dyn Write) -> std::io::Result<Option<PathBuf>> {
        let Some(address) = WebAddress::from_path(argument) else {
            return Ok(Some(argument.to_path_buf()));
        };
        let settings = match web_settings() {
            Ok(settings) => settings,
            Err(error) => {
                writeln!(err, "lotse: {error}")?;
                return Ok(None);
            }
        };
        let now = jiff::Timestamp::now().as_second();
        match web::open(&address, self.asking, &settings, now) {
            Ok(opened) => {
                if let Some(notice) = &opened.notice {
                    writeln!(err, "lotse: {notice}")?;
                }
                if let Some(update) = &opened.update {
                    writeln!(err, "lotse: {}", update_line(update, &opened.body))?;
                }
                Ok(Some(opened.body))
            }
            Err(error) => {
                writeln!(err, "lotse: {error}")?;
                Ok(None)
            }
        }
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
pub fn update_line(update: &Update, body: &Path) -> String {
    let mut line = update.changes.summary_since(&update.since);
    let bookmarks = BookmarkFile::for_loaded(Some(body), &update.dataset)
        .map(|mut file| file.load().bookmarks)
        .unwrap_or_default();
    let named = bookmarked_changes(update, &bookmarks);
    if !named.is_empty() {
        line.push_str(&format!(" · ⚠ bookmarked: {}", named.join(", ")));
    }
    line
}

/// The bookmarked talks that moved or were cancelled, as `"Title" moved`.
fn bookmarked_changes(update: &Update, bookmarks: &[crate::bookmarks::Bookmark]) -> Vec<String> {
    let dataset = &update.dataset;
    let is_bookmarked = |id: &str, key: Option<&str>| {
        bookmarks
            .iter()
            .any(|b| b.id == id || key.is_some_and(|key| b.key == key))
    };
    let moved = update.changes.moved.iter().filter(|m| {
        let key = dataset
            .resolve(&m.id)
            .map(|entity| crate::bookmarks::stable_key(dataset, entity));
        is_bookmarked(&m.id, key)
    });
    let cancelled = update
        .changes
        .cancelled
        .iter()
        .filter(|v| is_bookmarked(&v.id, None));
    moved
        .map(|m| format!("{:?} moved", crate::text::visible(&m.name)))
        .chain(cancelled.map(|v| format!("{:?} cancelled", crate::text::visible(&v.name))))
        .collect()
}
