//! `lotse import`: a schedule (frab/pretalx JSON, frab XML, iCalendar) written out as a lotse
//! file, with what was made and what had to be repaired.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::import::{self, Imported};
use crate::model::Kind;

/// Imports `file` and writes the lotse file to `output` (`None` or `-`: standard output);
/// `name` is what the report calls the schedule (its address, for one from the web).
pub fn run(
    file: &Path,
    name: &str,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let imported = match import::open(file) {
        Ok(imported) => imported,
        Err(error) => {
            writeln!(err, "lotse: {error}")?;
            return Ok(Outcome::Failure);
        }
    };
    let json = imported.loaded.dataset.to_document().to_json();
    let Some(destination) = super::write_output(output, json.as_bytes(), out, err)? else {
        return Ok(Outcome::Failure);
    };
    report(name, &imported, &destination, err)?;
    Ok(Outcome::Success)
}

/// What was made and repaired, on stderr so that the lotse file can go to stdout.
fn report(
    name: &str,
    imported: &Imported,
    destination: &str,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let dataset = &imported.loaded.dataset;
    let count = |kind| dataset.count(kind);
    writeln!(
        err,
        "imported {name} ({}): {} events, {} speakers, {} topics → {destination}",
        imported.format.name(),
        count(Kind::Event),
        count(Kind::Speaker),
        count(Kind::Topic),
    )?;
    let warnings = &imported.loaded.warnings;
    if warnings.is_empty() {
        return writeln!(err, "nothing needed repair");
    }
    writeln!(err, "{} repair(s):", warnings.len())?;
    for warning in warnings {
        writeln!(err, "  {warning}")?;
    }
    Ok(())
}
