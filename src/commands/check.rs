//! `lotse check`: validate a dataset, print its counts and warnings, or every error.

use std::io::Write;

use std::time::{Duration, Instant};

use super::Outcome;
use crate::model::{Kind, LoadError, Loaded};
use crate::search::SearchIndex;

/// Reports a load result: `ok: …` and warnings, or every error with exit 2. With the time the
/// load took (`--stats`), also builds the search keys and says how long both took.
pub fn run(
    result: Result<Loaded, LoadError>,
    load_time: Option<Duration>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    match result {
        Ok(loaded) => {
            let dataset = &loaded.dataset;
            if let Some(load_time) = load_time {
                let started = Instant::now();
                let index = SearchIndex::new(dataset);
                let keys_time = started.elapsed();
                drop(index);
                writeln!(
                    err,
                    "check: {} entities, load {:.1} ms, search keys {:.1} ms",
                    dataset.len(),
                    load_time.as_secs_f64() * 1000.0,
                    keys_time.as_secs_f64() * 1000.0,
                )?;
            }
            let count = |kind| dataset.count(kind);
            writeln!(
                out,
                "ok: {} events, {} speakers, {} topics, {} organizations, {} projects",
                count(Kind::Event),
                count(Kind::Speaker),
                count(Kind::Topic),
                count(Kind::Organization),
                count(Kind::Project),
            )?;
            for warning in &loaded.warnings {
                writeln!(err, "warning: {warning}")?;
            }
            Ok(Outcome::Success)
        }
        Err(error) => {
            writeln!(err, "{error}")?;
            Ok(Outcome::Failure)
        }
    }
}
