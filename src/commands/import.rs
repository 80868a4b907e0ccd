//! `lotse import`: a schedule (frab/pretalx JSON, frab XML, iCalendar) written out as a lotse
//! file, with what was made and what had to be repaired.

use std::io::Write;
use std::path::Path;

use super::{Input, Outcome};
use crate::import::Imported;
use crate::model::Kind;

/// Imports `input` and writes the lotse file to `output` (`None` or `-`: standard output);
/// the report calls the schedule by its file or address.
pub fn run(
    input: Input,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let name = input.shown().unwrap_or_default();
    if super::refuse_overwriting_the_input(input.path(), output, err)? {
        return Ok(Outcome::Failure);
    }
    let imported = match input.import() {
        Some(Ok(imported)) => imported,
        Some(Err(error)) => {
            writeln!(err, "lotse: {error}")?;
            return Ok(Outcome::Failure);
        }
        None => {
            writeln!(err, "lotse: import needs a schedule file")?;
            return Ok(Outcome::Failure);
        }
    };
    let json = imported.loaded.dataset.to_document().to_json();
    let Some(destination) = super::write_output(output, json.as_bytes(), out, err)? else {
        return Ok(Outcome::Failure);
    };
    report(&name, &imported, &destination, err)?;
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
