//! CSV for spreadsheets: one row per event, its speakers, topics and organizers joined with
//! `; `, written by the csv crate (quoting and embedded line breaks done right).

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
        let event = &dataset.events[entity.index()];
        let joined = |role| dataset.names(dataset.related(entity, role)).join("; ");
        let text = |field: &Option<String>| field.clone().unwrap_or_default();
        let _ = writer.write_record([
            event.id.clone(),
            event.title.clone(),
            text(&event.kind),
            text(&event.start),
            text(&event.end),
            text(&event.venue),
            text(&event.city),
            text(&event.country),
            joined(Role::PartOf),
            text(&event.series),
            joined(Role::Speakers),
            joined(Role::Topics),
            joined(Role::Organizers),
            text(&event.language),
            text(&event.url),
            text(&event.summary),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
