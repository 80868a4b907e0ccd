//! Running lotse with no command on a terminal: the explorer, set up from the user's
//! configuration, loading the dataset behind its progress screen.

use std::io::Write;
use std::path::Path;

use super::{Outcome, Style, warnings_notice};
use crate::bookmark_file::BookmarkFile;
use crate::config::Config;

/// Opens the explorer on the dataset; a dataset or config file that does not load is reported
/// before the terminal is touched.
pub fn run(path: Option<&Path>, style: Style, err: &mut dyn Write) -> std::io::Result<Outcome> {
    let config = match load_config() {
        Ok(config) => config,
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            return Ok(Outcome::Failure);
        }
    };
    let settings = crate::tui::Settings {
        theme: crate::ui::Theme::new(config.palette, style.color),
        keymap: config.keymap,
        mouse: config.mouse,
        bookmarks: BookmarkFile::for_dataset(path),
    };
    // The explorer opens at once and shows how far the load is; it runs on a thread.
    let owned = path.map(Path::to_path_buf);
    let loading = crate::tui::Loading {
        name: path.map_or_else(
            || "the built-in dataset".to_owned(),
            crate::model::origin_of,
        ),
        size: path
            .and_then(|p| std::fs::metadata(p).ok())
            .map_or(0, |m| m.len()),
        load: Box::new(move || {
            let loaded = crate::import::load(owned.as_deref())?;
            let notice = warnings_notice(owned.as_deref(), loaded.warnings.len());
            Ok((loaded.dataset, notice))
        }),
    };
    match crate::tui::run(loading, settings)? {
        Ok(()) => Ok(Outcome::Success),
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            Ok(Outcome::Failure)
        }
    }
}

/// The user's configuration (the defaults when there is no config directory).
fn load_config() -> Result<Config, crate::config::ConfigError> {
    match crate::user_dirs::config_file() {
        Some(file) => Config::load(&file),
        None => Ok(Config::default_config()),
    }
}
