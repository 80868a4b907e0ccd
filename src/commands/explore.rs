//! Running lotse with no command on a terminal: the explorer, set up from the user's
//! configuration, loading the dataset behind its progress screen.

use std::io::Write;
use std::path::Path;

use super::{Outcome, Style, warnings_notice};
use crate::config::Config;

/// How the explorer starts: in the agenda (`--view agenda`), with "now" fixed (`--now`), and
/// how a dataset from the web is asked for (`--refresh`, `--offline`).
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub agenda: bool,
    pub now: Option<String>,
    pub asking: crate::web::Asking,
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
    if let Err(error) = crate::tui::terminal::Output::open() {
        writeln!(
            err,
            "lotse: pick needs a terminal to draw the chooser on, and there is none ({error}); \
             `lotse search QUERY --json` finds without one"
        )?;
        return Ok(Outcome::Failure);
    }
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
                format!("{}\n", crate::text::json_pretty(&value))
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
    let address = match path.and_then(crate::web::WebAddress::from_path) {
        Some(Ok(address)) => Some(address),
        Some(Err(error)) => {
            writeln!(err, "lotse: {error}")?;
            return Ok((Outcome::Failure, None));
        }
        None => None,
    };
    // A schedule from the web is known by its address: its bookmarks and the copy to compare
    // with next time are named after it (a file's, after its path).
    let origin = match &address {
        Some(address) => crate::web::origin(address),
        None => crate::user_dirs::Origin::file(path),
    };
    let settings = crate::tui::Settings {
        theme: crate::ui::Theme::new(config.palette, style.color),
        keymap: config.keymap,
        mouse: config.mouse,
        origin: Some(origin),
        pick,
        now: start.now,
        agenda: start.agenda,
        source: address.as_ref().map(|address| crate::tui::WebSource {
            address: address.clone(),
            settings: config.web,
        }),
    };
    // The explorer opens at once and shows how far the load is; it runs on a thread.
    let local = path.map(Path::to_path_buf);
    let loading = crate::tui::Loading {
        name: match &address {
            Some(address) => address.shown(),
            None => path.map_or_else(
                || "the built-in dataset".to_owned(),
                crate::model::origin_of,
            ),
        },
        size: match &address {
            Some(address) => crate::web::kept_size(address),
            None => path
                .and_then(|p| std::fs::metadata(p).ok())
                .map_or(0, |m| m.len()),
        },
        load: match address {
            Some(address) => {
                let web = config.web;
                Box::new(move || load_from_web(&address, start.asking, &web))
            }
            None => Box::new(move || {
                let loaded = crate::import::load(local.as_deref())?;
                let shown = local.as_deref().map(|p| p.display().to_string());
                let notice = warnings_notice(shown.as_deref(), loaded.warnings.len());
                Ok((
                    loaded.dataset,
                    crate::tui::LoadNews {
                        notice,
                        update: None,
                    },
                ))
            }),
        },
    };
    match crate::tui::run(loading, settings)? {
        Ok(picked) => Ok((Outcome::Success, picked)),
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            Ok((Outcome::Failure, None))
        }
    }
}

/// Opens an address behind the loading screen: its copy, asked for as `asking` says, and
/// what the status line should say of it (an old copy used offline, load warnings).
fn load_from_web(
    address: &crate::web::WebAddress,
    asking: crate::web::Asking,
    settings: &crate::web::Settings,
) -> Result<crate::tui::LoadedData, crate::model::LoadError> {
    let now = jiff::Timestamp::now().as_second();
    crate::model::progress::stage(crate::model::progress::Stage::Asking);
    let opened = crate::web::open(address, asking, settings, now).map_err(|error| {
        crate::model::LoadError::Unavailable {
            message: error.message,
        }
    })?;
    crate::model::progress::stage(crate::model::progress::Stage::Reading);
    // A new body was read already, to check it; a copy is read as any file.
    let (loaded, update) = match (opened.fresh, &opened.copy) {
        (Some(fresh), _) => (fresh.imported.loaded, fresh.changes),
        (None, Some(copy)) => (crate::import::load(Some(copy))?, None),
        (None, None) => {
            return Err(crate::model::LoadError::Unavailable {
                message: opened.notice.unwrap_or_default(),
            });
        }
    };
    let shown = address.shown();
    let notices: Vec<String> = opened
        .notice
        .into_iter()
        .chain(warnings_notice(Some(&shown), loaded.warnings.len()))
        .collect();
    let news = crate::tui::LoadNews {
        notice: (!notices.is_empty()).then(|| notices.join(" · ")),
        update,
    };
    Ok((loaded.dataset, news))
}

/// The user's configuration (the defaults when there is no config directory).
fn load_config() -> Result<Config, crate::config::ConfigError> {
    match crate::user_dirs::config_file() {
        Some(file) => Config::load(&file),
        None => Ok(Config::default_config()),
    }
}
