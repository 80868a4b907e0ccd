//! What names a schedule and its talks: one time zone lotse does not know, one typo in the
//! conference's dates, one key given to several talks, no name at all. None of them may move
//! a talk, refuse the schedule, or make two talks (or two schedules) one.

use super::*;

/// A frab schedule.json around `conference` (its fields besides `days`) and `days`.
fn frab(conference: serde_json::Value, days: serde_json::Value) -> Imported {
    let mut conference = conference;
    conference["days"] = days;
    let text =
        serde_json::json!({"schedule": {"version": "1", "conference": conference}}).to_string();
    import::from_bytes(text.as_bytes(), "s.json", "s.json").unwrap_or_else(|e| panic!("{e}"))
}

fn talk(id: u64, guid: &str, start: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "guid": guid, "title": format!("Talk {id}"),
                       "start": start, "duration": "00:30", "room": "Ada"})
}

#[test]
fn an_unknown_time_zone_takes_the_offset_of_the_days_bounds_said_once() {
    let imported = frab(
        serde_json::json!({"acronym": "mars", "title": "Mars", "time_zone_name": "Mars/Olympus"}),
        serde_json::json!([{"index": 1, "date": "2025-07-01",
            "day_start": "2025-07-01T10:00:00+02:00", "day_end": "2025-07-01T20:00:00+02:00",
            "rooms": {"Ada": [talk(1, "a", "11:00"), talk(2, "b", "12:00")]}}]),
    );
    let dataset = &imported.loaded.dataset;
    assert_eq!(
        event(dataset, "mars-1").start.as_deref(),
        Some("2025-07-01T11:00:00+02:00"),
        "11:00 on the day's clock, not 11:00 UTC"
    );
    assert_eq!(
        event(dataset, "mars-2").end.as_deref(),
        Some("2025-07-01T12:30:00+02:00")
    );
    let said: Vec<String> = warnings(&imported)
        .into_iter()
        .filter(|w| w.contains("offset the day's bounds give (+02)"))
        .collect();
    assert_eq!(said.len(), 1, "said once: {:?}", warnings(&imported));
}

#[test]
fn a_conference_that_ends_before_it_starts_is_repaired_not_refused() {
    let imported = frab(
        serde_json::json!({"acronym": "typo", "title": "Typo", "start": "2025-07-03", "end": "2025-07-01"}),
        serde_json::json!([{"index": 1, "date": "2025-07-03",
            "rooms": {"Ada": [{"id": 1, "guid": "a", "title": "T", "date": "2025-07-03T11:00:00+02:00", "start": "11:00", "duration": "00:30"}]}}]),
    );
    let conference = event(&imported.loaded.dataset, "typo");
    assert_eq!(conference.start.as_deref(), Some("2025-07-03"));
    assert_eq!(conference.end, None);
    assert!(
        has_warning(&imported, "schedule.conference.end", "is before the start"),
        "{:?}",
        warnings(&imported)
    );
}

#[test]
fn a_key_given_to_several_talks_is_told_apart_and_said_once() {
    let imported = frab(
        serde_json::json!({"acronym": "dup", "title": "Dup"}),
        serde_json::json!([{"index": 1, "date": "2025-07-01", "rooms": {"Ada": [
            talk(1, "same", "11:00"), talk(2, "same", "12:00"), talk(3, "same", "12:00"),
            talk(4, "other", "13:00")]}}]),
    );
    let dataset = &imported.loaded.dataset;
    let keys: Vec<Option<String>> = (1..=4)
        .map(|n| event(dataset, &format!("dup-{n}")).key)
        .collect();
    assert_eq!(keys[0].as_deref(), Some("same"), "the first keeps it");
    assert_eq!(keys[3].as_deref(), Some("other"));
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{keys:?}");
    assert!(keys[1].as_deref().unwrap().starts_with("same@"), "{keys:?}");
    let said = warnings(&imported)
        .into_iter()
        .filter(|w| w.contains("is given to 3 events"))
        .count();
    assert_eq!(said, 1, "{:?}", warnings(&imported));
    // The same for a calendar's repeated UID.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Camp\r\n\
        BEGIN:VEVENT\r\nUID:u\r\nSUMMARY:One\r\nDTSTART:20250701T100000Z\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:u\r\nSUMMARY:Two\r\nDTSTART:20250701T110000Z\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";
    let calendar = import::from_bytes(ics.as_bytes(), "c.ics", "c.ics").unwrap();
    let keys: Vec<String> = calendar
        .loaded
        .dataset
        .to_document()
        .events
        .into_iter()
        .filter_map(|e| e.key)
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "{keys:?}");
}

#[test]
fn a_schedule_that_names_itself_nothing_gets_no_made_up_name() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
        BEGIN:VEVENT\r\nUID:u\r\nSUMMARY:One\r\nDTSTART:20250701T100000Z\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";
    let calendar = import::from_bytes(ics.as_bytes(), "basic.ics", "basic.ics").unwrap();
    let dataset = &calendar.loaded.dataset;
    assert_eq!(dataset.title, None);
    assert_eq!(lotse::user_dirs::conference_file_name(dataset), None);
    // The calendar itself is still called after its file, to show.
    assert_eq!(event(dataset, "basic").title, "basic");
    let untitled = frab(serde_json::json!({}), serde_json::json!([]));
    assert_eq!(untitled.loaded.dataset.title, None);
}
