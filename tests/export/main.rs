//! Exports: iCalendar checked by an independent parser (the icalendar crate) and by lotse's
//! own importer, CSV read back by the csv crate, JSON through `lotse check`.

mod safe;

#[path = "../common/mod.rs"]
mod common;

use std::process::{Command, Output};

use icalendar::{Component, EventLike};
use lotse::export::ExportFormat;
use lotse::model::{Dataset, EntityRef, Kind, When};
use lotse::search::{SearchIndex, SortOrder};

const STAMP: i64 = 1_700_000_000;

/// A frab schedule of the project's own, shaped like a congress's (two days, two rooms, talks
/// after midnight, several people per talk, HTML and CRLF in the text).
fn schedule() -> Dataset {
    lotse::import::open(&common::fixture("frab-congress.json"))
        .expect("the congress fixture imports")
        .loaded
        .dataset
}

fn matching(dataset: &Dataset, query: &str) -> Vec<EntityRef> {
    let query = lotse::search::parse(query).unwrap();
    SearchIndex::new(dataset)
        .search(
            dataset,
            &query,
            Some(Kind::Event),
            SortOrder::Date,
            usize::MAX,
        )
        .hits
        .into_iter()
        .map(|hit| hit.entity)
        .collect()
}

fn export(dataset: &Dataset, format: ExportFormat, selection: &[EntityRef]) -> String {
    let stamp = jiff::Timestamp::from_second(STAMP).unwrap();
    format.write(dataset, selection, &lotse::export::Options::at(stamp))
}

/// RFC 5545 TEXT unescaping, for comparing what the independent parser hands back raw.
fn unescape(text: &str) -> String {
    lotse::import::unescape_ics_text(text)
}

fn instant(text: &str) -> jiff::Timestamp {
    match When::parse(text).unwrap() {
        When::DateTime(instant, _) => instant,
        When::Date(_) => panic!("{text} is a date"),
    }
}

#[test]
fn an_exported_search_parses_unchanged_in_an_independent_icalendar_parser() {
    let dataset = schedule();
    let selection = matching(&dataset, "topic:security");
    assert!(
        selection.len() > 5,
        "the search finds talks: {}",
        selection.len()
    );
    let ics = export(&dataset, ExportFormat::Ics, &selection);

    // RFC 5545 framing: CRLF everywhere, no line over 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }

    let calendar: icalendar::Calendar = ics.parse().expect("the icalendar crate parses it");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), selection.len());
    let records = dataset.to_document().events;
    for (parsed, &entity) in events.iter().zip(&selection) {
        let event = &records[entity.index()];
        assert_eq!(
            parsed.get_uid(),
            Some(format!("{}@fixture-congress-2019.lotse", event.id).as_str())
        );
        assert_eq!(unescape(parsed.get_summary().unwrap()), event.title);
        assert_eq!(
            parsed.get_timestamp().map(|t| t.timestamp()),
            Some(STAMP),
            "DTSTAMP"
        );
        let start = match parsed.get_start() {
            Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t))) => t,
            other => panic!("{}: start {other:?}", event.id),
        };
        assert_eq!(
            start.timestamp(),
            instant(event.start.as_deref().unwrap()).as_second(),
            "{}",
            event.id
        );
        let end = match parsed.get_end() {
            Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t))) => t,
            other => panic!("{}: end {other:?}", event.id),
        };
        assert_eq!(
            end.timestamp(),
            instant(event.end.as_deref().unwrap()).as_second()
        );
        assert_eq!(
            parsed.get_location().map(unescape).as_deref(),
            event.venue.as_deref()
        );
        assert_eq!(parsed.get_url(), event.url.as_deref());
        let description = unescape(parsed.get_description().unwrap_or_default());
        for speaker in &event.speakers {
            let name = dataset.name(dataset.resolve(speaker).unwrap());
            assert!(
                description.contains(name),
                "{}: {name} in the description",
                event.id
            );
        }
    }
}

#[test]
fn an_exported_calendar_imports_back_into_lotse_with_the_same_events() {
    let dataset = schedule();
    let selection = matching(&dataset, "date:2019-12-28");
    assert!(!selection.is_empty());
    let ics = export(&dataset, ExportFormat::Ics, &selection);
    let imported = lotse::import::from_bytes(ics.as_bytes(), "out.ics", "out.ics")
        .unwrap_or_else(|e| panic!("{e}"));
    let back = imported.loaded.dataset.to_document();
    let records = dataset.to_document().events;
    // The calendar itself becomes the parent event; the rest are the exported events.
    assert_eq!(back.events.len(), selection.len() + 1);
    for (&entity, again) in selection.iter().zip(&back.events[1..]) {
        let event = &records[entity.index()];
        assert_eq!(again.id, event.id, "the UID keeps the id");
        assert_eq!(again.title, event.title);
        assert_eq!(
            instant(again.start.as_deref().unwrap()),
            instant(event.start.as_deref().unwrap())
        );
        assert_eq!(again.venue, event.venue);
    }
    assert!(
        imported.loaded.warnings.is_empty(),
        "{:?}",
        imported.loaded.warnings
    );
}

#[test]
fn whole_day_events_export_as_dates_with_an_exclusive_end() {
    let dataset = lotse::embedded::load().unwrap().dataset;
    let biennale = dataset.resolve("ikt-meets-2025-jena").unwrap();
    let ics = export(&dataset, ExportFormat::Ics, &[biennale]);
    assert!(ics.contains("\r\nDTSTART;VALUE=DATE:20250227\r\n"), "{ics}");
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    let event = calendar.components[0].as_event().unwrap();
    assert!(matches!(
        event.get_start(),
        Some(icalendar::DatePerhapsTime::Date(_))
    ));
}

#[test]
fn csv_has_one_row_per_event_with_speakers_and_topics_joined() {
    let dataset = schedule();
    let selection = matching(&dataset, "'opening ceremony");
    let csv_text = export(&dataset, ExportFormat::Csv, &selection);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), selection.len());
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let opening = rows.iter().find(|r| &r[0] == "fixcon19-1001").unwrap();
    assert_eq!(&opening[column("speakers")], "Mira Kessel; Jonas Brandt");
    assert_eq!(&opening[column("topics")], "CCC");
    assert_eq!(&opening[column("start")], "2019-12-27T11:00:00+01:00");
    assert_eq!(&opening[column("part_of")], "Fixture Congress 2019");
}

fn lotse(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
    command.args(args).env_remove("LOTSE_DATASET");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

#[test]
fn a_json_export_is_a_lotse_file_that_check_accepts() {
    let dir = std::env::temp_dir().join(format!("lotse-export-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("jena.json");
    let output = lotse(
        &["export", "json", "city:jena", "-o", out.to_str().unwrap()],
        &[],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let check = lotse(&["check", out.to_str().unwrap()], &[]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let events = document["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["id"] == "ikt-meets-2025-jena"));
    assert!(
        !events.iter().any(|e| e["city"] == "Essen"),
        "only Jena's events, and what they refer to"
    );
    // The speakers of the selected events came along.
    assert!(
        document["speakers"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_export_command_writes_ics_to_stdout_reproducibly_and_rejects_a_bad_query() {
    let env = [("SOURCE_DATE_EPOCH", "1700000000")];
    let first = lotse(&["export", "ics", "year:2025"], &env);
    let second = lotse(&["export", "ics", "year:2025"], &env);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(first.stdout, second.stdout, "same input, same bytes");
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.contains("DTSTAMP:20231114T221320Z\r\n"));
    assert!(String::from_utf8_lossy(&first.stderr).contains("as ics to standard output"));
    let bad = lotse(&["export", "csv", "year:soon"], &[]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn bookmarked_events_export_from_the_bookmarks_file() {
    let dir = std::env::temp_dir().join(format!("lotse-export-bm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = lotse::bookmark_file::BookmarkFile::new(dir.join("bookmarks/built-in.json"));
    file.change(|kept| {
        kept.extend(["ikt-meets-2025-jena".into(), "cord-spreckelsen".into()]);
    })
    .unwrap();
    let env = [("LOTSE_DATA_DIR", dir.to_str().unwrap())];
    let output = lotse(&["export", "csv", "--bookmarks"], &env);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["ikt-meets-2025-jena"],
        "events only, in a calendar format"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A selection of more speakers than there are events: ordering it for the export must not
/// read any speaker as if it were an event (it once looked events up by a speaker's position).
#[test]
fn a_selection_of_more_speakers_than_events_exports_as_json() {
    let json = r#"{"lotse": 1, "title": "t",
        "events": [{"id": "e", "title": "E", "speakers": ["s1"]}],
        "speakers": [{"id": "s1", "name": "One"}, {"id": "s2", "name": "Two"},
                     {"id": "s3", "name": "Three"}]}"#;
    let dataset = Dataset::from_str(json).unwrap().dataset;
    let selection: Vec<EntityRef> = dataset.entities_of(Kind::Speaker).collect();
    let stamp = jiff::Timestamp::from_second(STAMP).unwrap();
    let mut written = Vec::new();
    let options = lotse::export::Options::at(stamp);
    lotse::export::export(&dataset, ExportFormat::Json, selection, &options, |bytes| {
        written = bytes.to_vec();
        Ok(Some("memory".to_owned()))
    })
    .unwrap();
    let back = Dataset::from_bytes(&written, "export").unwrap().dataset;
    let names: Vec<&str> = back
        .entities_of(Kind::Speaker)
        .map(|s| back.name(s))
        .collect();
    assert_eq!(names, ["One", "Two", "Three"]);
}

#[test]
fn a_calendar_of_a_dataset_with_a_time_zone_keeps_its_wall_clock_and_carries_alarms() {
    let dir = std::env::temp_dir().join(format!("lotse-export-tz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("berlin.json");
    std::fs::write(
        &file,
        r#"{"lotse": 1, "title": "Berlin", "programme": {"time_zone": "Europe/Berlin"},
            "events": [{"id": "talk", "title": "Talk", "venue": "Ada",
                        "start": "2019-12-27T16:10:00+01:00", "end": "2019-12-27T17:10:00+01:00"}]}"#,
    )
    .unwrap();
    let env = [("SOURCE_DATE_EPOCH", "1700000000")];
    let output = lotse(
        &[
            "--dataset",
            file.to_str().unwrap(),
            "export",
            "ics",
            "--alarm",
            "10m",
        ],
        &env,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ics = String::from_utf8(output.stdout).unwrap();
    assert!(
        ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20191227T161000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=Europe/Berlin:20191227T171000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains(
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Talk\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\n"
        ),
        "{ics}"
    );
    // An independent parser reads the start as 16:10 in Berlin.
    let calendar: icalendar::Calendar = ics.parse().expect("the icalendar crate parses it");
    let event = calendar
        .components
        .iter()
        .find_map(|c| c.as_event())
        .unwrap();
    match event.get_start() {
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
            date_time,
            tzid,
        })) => {
            assert_eq!(tzid, "Europe/Berlin");
            assert_eq!(date_time.to_string(), "2019-12-27 16:10:00");
        }
        other => panic!("start {other:?}"),
    }
    // Without a time zone, times stay in UTC; a bad alarm is a usage error.
    let utc = lotse(&["export", "ics", "spreck"], &env);
    assert!(!String::from_utf8_lossy(&utc.stdout).contains("VTIMEZONE"));
    assert_eq!(
        lotse(&["export", "ics", "--alarm", "soon"], &env)
            .status
            .code(),
        Some(2)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
