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
