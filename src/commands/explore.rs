//! Running lotse with no command on a terminal: the explorer, set up from the user's
//! configuration, loading the dataset behind its progress screen.

use std::io::Write;
use std::path::Path;

use super::{Outcome, Style, warnings_notice};
use crate::bookmark_file::BookmarkFile;
use crate::config::Config;

/// How the explorer starts: in the agenda (`--view agenda`), and with "now" fixed (`--now`).
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub agenda: bool,
    pub now: Option<String>,
}

/// Opens the explorer on the dataset; a dataset or config file that does not load is reported
/// before the terminal is touched.
pub fn run(
    path: Option<&Path>,
    style: Style,
    start: Start,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    Ok(open(path, style, None, start, err)?.0)
}

/// `lotse pick`: the explorer as a chooser, drawn on the terminal itself so that standard
/// output carries only what was picked: the ids, one a line, or with `json` the entity (an
/// array of them when several were marked). Exit 1 when nothing was picked, as fzf's Esc.
pub fn pick(
    path: Option<&Path>,
    query: String,
    json: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let report = Box::new(
        move |dataset: &crate::model::Dataset, picked: &[crate::model::EntityRef]| {
            if json {
                let mut entities: Vec<_> = picked
                    .iter()
                    .map(|&e| super::show::to_json(dataset, e))
                    .collect();
                let value = if entities.len() == 1 {
                    entities.remove(0)
                } else {
                    serde_json::Value::Array(entities)
                };
                format!("{value:#}\n")
            } else {
                picked
                    .iter()
                    .map(|&e| format!("{}\n", dataset.id(e)))
                    .collect()
            }
        },
    );
    let pick = crate::tui::Pick { query, report };
    match open(path, style, Some(pick), Start::default(), err)? {
        (Outcome::Success, Some(picked)) => {
            out.write_all(picked.as_bytes())?;
            Ok(Outcome::Success)
        }
        (Outcome::Success, None) => Ok(Outcome::NothingFound),
        (failure, _) => Ok(failure),
    }
}

/// The explorer (a chooser with `pick`), and what the chooser's report made of the picks.
fn open(
    path: Option<&Path>,
    style: Style,
    pick: Option<crate::tui::Pick>,
    start: Start,
    err: &mut dyn Write,
) -> std::io::Result<(Outcome, Option<String>)> {
    let config = match load_config() {
        Ok(config) => config,
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            return Ok((Outcome::Failure, None));
        }
    };
    let settings = crate::tui::Settings {
        theme: crate::ui::Theme::new(config.palette, style.color),
        keymap: config.keymap,
        mouse: config.mouse,
        bookmarks: BookmarkFile::for_dataset(path),
        pick,
        now: start.now,
        agenda: start.agenda,
        dataset_path: path.map(Path::to_path_buf),
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
        Ok(picked) => Ok((Outcome::Success, picked)),
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            Ok((Outcome::Failure, None))
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
