//! CSV for spreadsheets: one row per event, its speakers, topics and organizers joined with
//! `; `, written by the csv crate (quoting and embedded line breaks done right). A cell that a
//! spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return: a title `=HYPERLINK(…)` from a schedule on a server) is written with a `'` before
//! it, as OWASP recommends: the spreadsheet shows the text, and runs nothing.

use crate::model::schema::event;
use crate::model::{Dataset, EntityRef, Role};

const HEADER: [&str; 16] = [
    "id",
    "title",
    "kind",
    "start",
    "end",
    "venue",
    "city",
    "country",
    "part_of",
    "series",
    "speakers",
    "topics",
    "organizers",
    "language",
    "url",
    "summary",
];

/// The events as CSV with a header row.
pub fn to_csv(dataset: &Dataset, events: &[EntityRef]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing records of strings into memory cannot fail.
    let _ = writer.write_record(HEADER);
    for &entity in events {
        let joined = |role| dataset.names(dataset.related(entity, role)).join("; ");
        let text = |field| dataset.text(entity, field).unwrap_or_default().to_owned();
        let record = [
            dataset.id(entity).to_owned(),
            dataset.name(entity).to_owned(),
            text(event::KIND),
            text(event::START),
            text(event::END),
            text(event::VENUE),
            text(event::CITY),
            text(event::COUNTRY),
            joined(Role::PartOf),
            text(event::SERIES),
            joined(Role::Speakers),
            joined(Role::Topics),
            joined(Role::Organizers),
            text(event::LANGUAGE),
            text(event::URL),
            text(event::SUMMARY),
        ];
        let cells = record.iter().map(|cell| as_text(cell));
        let _ = writer.write_record(cells.collect::<Vec<_>>().iter().map(|c| c.as_bytes()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A cell as text a spreadsheet shows and never evaluates.
fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_evaluate_is_text() {
        for formula in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(as_text(formula), format!("'{formula}"));
        }
        assert_eq!(as_text("Talk = fun"), "Talk = fun");
        assert_eq!(
            as_text("2025-02-27T10:00:00+01:00"),
            "2025-02-27T10:00:00+01:00"
        );
        assert_eq!(as_text(""), "");
    }
}
