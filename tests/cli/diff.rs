//! `lotse diff`: a schedule against a copy with known edits reports exactly those edits, on
//! the project's fixture and on the real 36C3 schedule; matched by the schedule's keys, so a
//! changed id is no cancellation; exit codes as `diff` has them.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{common, json, lotse, stderr, stdout};

/// Writes `schedule` edited by `edit` beside the test's other files, under `name`.
fn edited(schedule: &Path, name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let mut value: Value = serde_json::from_slice(&std::fs::read(schedule).unwrap()).unwrap();
    edit(&mut value);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    path
}

/// The events of a frab schedule's day and room.
fn events<'v>(schedule: &'v mut Value, day: usize, room: &str) -> &'v mut Vec<Value> {
    schedule["schedule"]["conference"]["days"][day]["rooms"][room]
        .as_array_mut()
        .unwrap()
}

fn by_guid<'v>(events: &'v mut [Value], guid: &str) -> &'v mut Value {
    events.iter_mut().find(|e| e["guid"] == guid).unwrap()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect()
}

#[test]
fn diff_reports_exactly_the_edits_of_a_copy() {
    let old = common::fixture("frab-congress.json");
    let new = edited(&old, "congress-edited.json", |schedule| {
        let ada = events(schedule, 0, "Ada");
        // Moved an hour and to another room is one move; its frab id changed too (same guid).
        let mut badge = ada.remove(1);
        badge["id"] = json!(2002);
        badge["date"] = json!("2019-12-27T13:00:00+01:00");
        badge["start"] = json!("13:00");
        badge["room"] = json!("Borg");
        events(schedule, 0, "Borg").push(badge);
        // Retitled and with another speaker.
        let ada = events(schedule, 0, "Ada");
        let clinic = by_guid(ada, "f1c0-1003");
        clinic["title"] = json!("Patientendaten im Netz, revisited");
        clinic["persons"] = json!([{ "id": 99, "public_name": "New Person" }]);
        // Cancelled.
        events(schedule, 1, "Ada").retain(|e| e["guid"] != "f1c0-1007");
        // New.
        let mut extra = by_guid(events(schedule, 1, "Borg"), "f1c0-1008").clone();
        extra["guid"] = json!("f1c0-1099");
        extra["id"] = json!(1099);
        extra["title"] = json!("A Late Addition");
        events(schedule, 1, "Borg").push(extra);
    });
    let output = lotse(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changes = json(&output);
    assert_eq!(ids(&changes["new"]), ["fixcon19-1099"]);
    assert_eq!(ids(&changes["cancelled"]), ["fixcon19-1007"]);
    assert_eq!(changes["cancelled"][0]["room"], "Ada");
    assert_eq!(
        changes["moved"],
        json!([{
            "id": "fixcon19-2002",
            "name": "Breaking Badge Firmware",
            "from": { "start": "2019-12-27T12:00:00+01:00", "end": "2019-12-27T13:00:00+01:00", "room": "Ada" },
            "to": { "start": "2019-12-27T13:00:00+01:00", "end": "2019-12-27T14:00:00+01:00", "room": "Borg" },
        }])
    );
    assert_eq!(
        changes["changed"],
        json!([{ "id": "fixcon19-1003", "name": "Patientendaten im Netz, revisited", "fields": ["title", "speakers"] }])
    );
    assert_eq!(
        stderr(&output).trim(),
        "4 changes: 1 new, 1 cancelled, 1 moved, 1 changed"
    );
    let text = stdout(&lotse(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]));
    assert!(
        text.contains("moved      fixcon19-2002  Breaking Badge Firmware  2019-12-27 12:00–13:00 · Ada → 2019-12-27 13:00–14:00 · Borg"),
        "{text}"
    );
}

#[test]
fn diff_of_a_schedule_with_itself_exits_1_and_a_missing_file_2() {
    let file = common::fixture("frab-congress.json");
    let file = file.to_str().unwrap();
    let same = lotse(&["diff", file, file]);
    assert_eq!(same.status.code(), Some(1));
    assert_eq!(stderr(&same).trim(), "no changes");
    let json_same = json(&lotse(&["diff", file, file, "--json"]));
    assert_eq!(
        json_same,
        json!({ "new": [], "cancelled": [], "moved": [], "changed": [] })
    );
    assert_eq!(
        lotse(&["diff", file, "no-such-file.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn diff_of_36c3_against_an_edited_copy() {
    let test = "diff_of_36c3_against_an_edited_copy";
    let Some(old) = common::shared("schedules/jgerstbe_36c3.json", test) else {
        return;
    };
    let new = edited(&old, "36c3-edited.json", |schedule| {
        let ada = events(schedule, 1, "Ada");
        // "Der Pfad von 4G zu 5G" moves by twenty minutes; "SigOver + alpha" is in English
        // no longer; "Der Deep Learning Hype" is gone.
        let pfad = by_guid(ada, "725733e7-b96f-400d-a2d5-769d967236c1");
        pfad["date"] = json!("2019-12-28T11:50:00+01:00");
        pfad["start"] = json!("11:50");
        by_guid(ada, "842d97a6-9b53-4f40-aaaf-4e447ad101e8")["language"] = json!("de");
        ada.retain(|e| e["guid"] != "3617ab07-b4ec-422e-a5df-a6ca16d8f3c1");
        // Lightning talks run forty minutes longer: a move (its end) and a changed duration.
        let borg = events(schedule, 1, "Borg");
        by_guid(borg, "10f3b750-aaca-4819-85e4-0a0ef4c7cccd")["duration"] = json!("03:00");
    });
    let output = lotse(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
    ]);
    let changes = json(&output);
    assert!(changes["new"].as_array().unwrap().is_empty(), "{changes}");
    assert_eq!(ids(&changes["cancelled"]), ["36c3-11006"]);
    assert_eq!(ids(&changes["moved"]), ["36c3-10524", "36c3-10542"]);
    let changed: Vec<(&str, &Value)> = changes["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), &c["fields"]))
        .collect();
    assert_eq!(
        changed,
        [
            ("36c3-10524", &json!(["duration"])),
            ("36c3-10801", &json!(["language"])),
        ]
    );
}

#[test]
fn a_room_alone_moves_a_talk_and_a_summary_alone_changes_one() {
    let old = common::fixture("frab-congress.json");
    let new = edited(&old, "congress-room-summary.json", |schedule| {
        // The same time in the other room: a move by its room alone.
        let mut badge = events(schedule, 0, "Ada").remove(1);
        badge["room"] = json!("Borg");
        events(schedule, 0, "Borg").push(badge);
        // Only the abstract reworded.
        let ada = events(schedule, 0, "Ada");
        by_guid(ada, "f1c0-1003")["abstract"] = json!("Ein neuer Text über Patientendaten.");
    });
    let output = lotse(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changes = json(&output);
    assert_eq!(ids(&changes["moved"]), ["fixcon19-1002"]);
    let moved = &changes["moved"][0];
    assert_eq!(
        moved["from"]["start"], moved["to"]["start"],
        "the time stays"
    );
    assert_eq!(
        (&moved["from"]["room"], &moved["to"]["room"]),
        (&json!("Ada"), &json!("Borg"))
    );
    assert_eq!(
        changes["changed"],
        json!([{ "id": "fixcon19-1003", "name": "Patientendaten im Netz", "fields": ["summary"] }])
    );
    assert!(changes["new"].as_array().unwrap().is_empty());
    assert!(changes["cancelled"].as_array().unwrap().is_empty());
    assert_eq!(
        stderr(&output).trim(),
        "2 changes: 0 new, 0 cancelled, 1 moved, 1 changed"
    );
}
