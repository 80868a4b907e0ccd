//! CSV for spreadsheets: one row per event, its speakers, topics and organizers joined with
//! `; `, written by the csv crate (quoting and embedded line breaks done right).

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
        let _ = writer.write_record([
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
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
