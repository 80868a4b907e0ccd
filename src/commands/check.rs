//! `lotse check`: validate a dataset, print its counts and warnings, or every error.

use std::io::Write;

use super::Outcome;
use crate::model::{Kind, LoadError, Loaded};

/// Reports a load result: `ok: …` and warnings, or every error with exit 2.
pub fn run(
    result: Result<Loaded, LoadError>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    match result {
        Ok(loaded) => {
            let dataset = &loaded.dataset;
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
