//! `lotse export frab`: a selection as a frab `schedule.json` that the c3voc schema accepts
//! (the built-in dataset, the project's fixtures and every real schedule beside the checkout),
//! and that lotse imports again with the same events, times, rooms and speakers.

#[path = "common/mod.rs"]
mod common;

use std::path::Path;

use lotse::export::{ExportFormat, Options};
use lotse::model::{Dataset, Kind, Role, Timing, schema};
use serde_json::Value;

/// The whole dataset at `path` (the built-in one for `None`) exported as frab.
fn export_frab(path: Option<&Path>) -> (Dataset, String) {
    let dataset = lotse::import::load(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    let events: Vec<_> = dataset.entities_of(Kind::Event).collect();
    let options = Options::at(jiff::Timestamp::UNIX_EPOCH);
    let text = ExportFormat::Frab.write(&dataset, &events, &options);
    (dataset, text)
}

/// Each talk as what a schedule app shows of it: title, start instant, end instant, room,
/// speakers; sorted.
fn talks(dataset: &Dataset) -> Vec<(String, i64, i64, String, Vec<String>)> {
    let schedule = lotse::schedule::Schedule::new(dataset);
    let mut talks: Vec<_> = schedule
        .programme(dataset.entities_of(Kind::Event))
        .into_iter()
        .map(|slot| {
            let timing: Timing = slot.timing;
            let mut speakers: Vec<String> = dataset
                .names(dataset.related(slot.event, Role::Speakers))
                .into_iter()
                .map(str::to_owned)
                .collect();
            speakers.sort();
            (
                dataset.name(slot.event).to_owned(),
                timing.start.as_second(),
                timing.end.as_second(),
                dataset
                    .text(slot.event, schema::event::VENUE)
                    .unwrap_or("")
                    .to_owned(),
                speakers,
            )
        })
        .collect();
    talks.sort();
    talks
}

/// Imports the exported text again and compares the talks.
fn assert_round_trip(name: &str, dataset: &Dataset, text: &str) {
    let again = lotse::import::from_bytes(text.as_bytes(), name, name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .loaded
        .dataset;
    let (before, after) = (talks(dataset), talks(&again));
    assert_eq!(before.len(), after.len(), "{name}: talks");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a, "{name}");
    }
}

#[test]
fn the_fixtures_survive_export_frab_and_import() {
    for name in [
        "frab-congress.json",
        "pretalx-stream.json",
        "schedule.xml",
        "pentabarf-days.xml",
    ] {
        let path = common::fixture(name);
        let (dataset, text) = export_frab(Some(&path));
        assert_round_trip(name, &dataset, &text);
    }
}

#[test]
fn talks_keep_their_schedules_guid_and_the_rest_get_a_stable_one() {
    let (_, first) = export_frab(Some(&common::fixture("frab-congress.json")));
    let (_, second) = export_frab(Some(&common::fixture("frab-congress.json")));
    assert_eq!(first, second, "the same export twice");
    let value: Value = serde_json::from_str(&first).unwrap();
    let talk = &value["schedule"]["conference"]["days"][0]["rooms"]["Ada"][0];
    let guid = talk["guid"].as_str().unwrap();
    assert_eq!(guid.len(), 36);
    assert_eq!(&guid[14..15], "8", "a version 8 UUID: {guid}");
    assert_eq!(talk["id"], 1001);
    assert_eq!(talk["date"], "2019-12-27T11:00:00+01:00");
    assert_eq!(talk["start"], "11:00");
    assert_eq!(talk["duration"], "00:30");
}

/// What lotse promises of a frab export (`tests/fixtures/frab-export-shape.json`, in the
/// project's own words), with formats checked: a fresh clone alone checks every export's
/// shape against it.
fn shape_validator() -> jsonschema::Validator {
    let text = std::fs::read(common::fixture("frab-export-shape.json")).unwrap();
    let schema: Value = serde_json::from_slice(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the shape compiles")
}

#[test]
fn every_export_has_the_shape_lotse_promises_without_the_c3voc_schema() {
    let shape = shape_validator();
    let (_, built_in) = export_frab(None);
    assert_valid(&shape, "built-in", &built_in);
    for name in [
        "frab-congress.json",
        "pretalx-stream.json",
        "schedule.xml",
        "pentabarf-days.xml",
        "calendar.ics",
        "schedule-quirks.json",
    ] {
        let (_, text) = export_frab(Some(&common::fixture(name)));
        assert_valid(&shape, name, &text);
    }
    // And the shape can fail: an export with a talk's id as text is refused.
    let (_, text) = export_frab(Some(&common::fixture("frab-congress.json")));
    let mut broken: Value = serde_json::from_str(&text).unwrap();
    broken["schedule"]["conference"]["days"][0]["rooms"]["Ada"][0]["id"] = "1001".into();
    assert!(!shape.is_valid(&broken), "the shape checks types");
    broken["schedule"]["conference"]["days"][0]["rooms"]["Ada"][0]["id"] = 1001.into();
    broken["schedule"]["conference"]["days"][0]["rooms"]["Ada"][0]["start"] = "9:00".into();
    assert!(!shape.is_valid(&broken), "the shape checks patterns");
}

#[test]
fn a_schedules_uuid_guids_survive_the_export() {
    let mut schedule: Value =
        serde_json::from_slice(&std::fs::read(common::fixture("frab-congress.json")).unwrap())
            .unwrap();
    let uuid = "7A1B3C4D-0000-4000-8000-123456789ABC";
    schedule["schedule"]["conference"]["days"][0]["rooms"]["Ada"][0]["guid"] = uuid.into();
    let dataset = lotse::import::from_bytes(schedule.to_string().as_bytes(), "s.json", "s.json")
        .unwrap()
        .loaded
        .dataset;
    let events: Vec<_> = dataset.entities_of(Kind::Event).collect();
    let text =
        ExportFormat::Frab.write(&dataset, &events, &Options::at(jiff::Timestamp::UNIX_EPOCH));
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value["schedule"]["conference"]["days"][0]["rooms"]["Ada"][0]["guid"],
        uuid.to_ascii_lowercase()
    );
    // Every talk of a real congress keeps its own.
    let Some(path) = common::shared("schedules/jgerstbe_36c3.json", "a_schedules_uuid_guids")
    else {
        return;
    };
    let original: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let (_, text) = export_frab(Some(&path));
    let exported: Value = serde_json::from_str(&text).unwrap();
    let guids = |schedule: &Value| {
        let mut guids: Vec<String> = schedule["schedule"]["conference"]["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|day| day["rooms"].as_object().unwrap().values())
            .flat_map(|talks| talks.as_array().unwrap())
            .map(|talk| talk["guid"].as_str().unwrap().to_ascii_lowercase())
            .collect();
        guids.sort();
        guids
    };
    let kept = guids(&original);
    assert!(kept.len() > 100, "{} talks", kept.len());
    assert_eq!(guids(&exported), kept);
}

/// The c3voc schema, with formats (date-time, uuid, uri) checked.
fn voc_validator(test: &str) -> Option<jsonschema::Validator> {
    let path = common::shared("schedules/voc_schema.json", test)?;
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the c3voc schema compiles"),
    )
}

fn assert_valid(validator: &jsonschema::Validator, name: &str, text: &str) {
    let instance: Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .take(5)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn exports_validate_against_the_c3voc_schema_and_real_schedules_round_trip() {
    let test = "exports_validate_against_the_c3voc_schema";
    let Some(validator) = voc_validator(test) else {
        return;
    };
    let (_, built_in) = export_frab(None);
    assert_valid(&validator, "built-in", &built_in);
    for name in [
        "frab-congress.json",
        "pretalx-stream.json",
        "schedule.xml",
        "calendar.ics",
    ] {
        let (_, text) = export_frab(Some(&common::fixture(name)));
        assert_valid(&validator, name, &text);
    }
    for name in [
        "jgerstbe_36c3.json",
        "voc_frab-camp2019.json",
        "voc_pretalx-rc3.json",
        "mttcrsp_fosdem2026.xml",
    ] {
        let Some(path) = common::shared(&format!("schedules/{name}"), test) else {
            return;
        };
        let (dataset, text) = export_frab(Some(&path));
        assert_valid(&validator, name, &text);
        assert_round_trip(name, &dataset, &text);
    }
}
