//! `lotse agenda` and `lotse now`: their JSON shapes and exit codes on the project's frab
//! fixture, and on the real schedules beside the checkout, checked against the files
//! themselves (each day's events as the file lists them, each talk's minute and length).

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use super::{common, json, lotse, lotse_with_env, stderr, stdout};

const CONGRESS: &str = "tests/fixtures/frab-congress.json";

fn ids(entries: &Value) -> Vec<&str> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect()
}

#[test]
fn agenda_lists_a_day_in_start_then_room_order() {
    let output = lotse(&["--dataset", CONGRESS, "agenda", "--day", "1", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let entries = json(&output);
    assert_eq!(
        ids(&entries),
        [
            "fixcon19-1001",
            "fixcon19-1002",
            "fixcon19-1004",
            "fixcon19-1003",
            "fixcon19-1005",
            "fixcon19-1009",
        ]
    );
    let keys = super::sorted_keys(&entries[0]);
    assert_eq!(keys, ["day", "end", "id", "name", "room", "start"]);
    assert_eq!(entries[5]["start"], "2019-12-28T00:30:00+01:00");
    assert_eq!(entries[5]["day"], 1);
    assert_eq!(entries[5]["room"], "Ada");

    // The same day by its date; a room and a query narrow it.
    let by_date = lotse(&[
        "--dataset",
        CONGRESS,
        "agenda",
        "--date",
        "2019-12-27",
        "--json",
    ]);
    assert_eq!(json(&by_date), entries);
    let borg = lotse(&[
        "--dataset",
        CONGRESS,
        "agenda",
        "--day",
        "1",
        "--room",
        "BORG",
        "--json",
    ]);
    assert_eq!(ids(&json(&borg)), ["fixcon19-1004", "fixcon19-1005"]);
    let queried = lotse(&[
        "--dataset",
        CONGRESS,
        "agenda",
        "track:security",
        "time:12..16",
        "--json",
    ]);
    // Security talks that start from 12:00 to 16:59, on either day.
    assert_eq!(
        ids(&json(&queried)),
        [
            "fixcon19-1002",
            "fixcon19-1003",
            "fixcon19-1005",
            "fixcon19-1007",
            "fixcon19-1010"
        ]
    );
}

#[test]
fn agenda_text_groups_by_day_with_times_rooms_and_speakers() {
    let output = lotse(&["--dataset", CONGRESS, "agenda", "--day", "2"]);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Day 2 · Sat 2019-12-28");
    assert_eq!(
        lines[1],
        "  11:00–12:00  Ada   Der Jahresrückblick · Mira Kessel, Jonas Brandt, Kofi Mensah  fixcon19-1006"
    );
    assert_eq!(lines.len(), 5, "{text}");
}

#[test]
fn agenda_exit_codes() {
    let code = |args: &[&str]| {
        let mut all = vec!["--dataset", CONGRESS, "agenda"];
        all.extend_from_slice(args);
        lotse(&all).status.code()
    };
    assert_eq!(code(&["nothing-like-this"]), Some(1));
    assert_eq!(code(&["--date", "2020-01-01"]), Some(1));
    assert_eq!(code(&["--day", "3"]), Some(2));
    assert_eq!(code(&["--day", "0"]), Some(2));
    assert_eq!(code(&["--date", "2019-02-30"]), Some(2));
    assert_eq!(code(&["--room", "Clarke"]), Some(2));
    assert_eq!(code(&["day:x"]), Some(2));
    let unknown_room = lotse(&["--dataset", CONGRESS, "agenda", "--room", "Clarke"]);
    assert!(stderr(&unknown_room).contains(r#"no room "Clarke"; rooms: "Ada", "Borg""#));
}

#[test]
fn now_says_per_room_what_runs_and_what_is_next() {
    let output = lotse(&[
        "--dataset",
        CONGRESS,
        "now",
        "--at",
        "2019-12-27 12:15",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rooms = json(&output);
    assert_eq!(rooms[0]["room"], "Ada");
    assert_eq!(ids(&rooms[0]["now"]), ["fixcon19-1002"]);
    assert_eq!(rooms[0]["next"]["id"], "fixcon19-1003");
    let keys = super::sorted_keys(&rooms[0]["next"]);
    assert_eq!(keys, ["end", "id", "name", "start"]);
    assert_eq!(rooms[1]["room"], "Borg");
    assert_eq!(rooms.as_array().unwrap().len(), 2);

    // LOTSE_NOW fixes "now"; an offset may be given; past the end nothing is left (exit 1).
    let env = [("LOTSE_NOW", "2019-12-28T15:30:00+01:00")];
    let late = lotse_with_env(&["--dataset", CONGRESS, "now", "--json"], &env);
    let late = json(&late);
    assert_eq!(late[0]["room"], "Borg");
    assert_eq!(ids(&late[0]["now"]), ["fixcon19-1010"]);
    assert_eq!(late[0]["next"], Value::Null);
    let over = lotse(&["--dataset", CONGRESS, "now", "--at", "2019-12-29T12:00"]);
    assert_eq!(over.status.code(), Some(1));
    assert!(stderr(&over).contains("nothing runs at 2019-12-29 12:00"));
    let bad = lotse(&["--dataset", CONGRESS, "now", "--at", "teatime"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Each day of a real frab schedule as the file lists it: the instants its talks start at.
fn starts_per_day(path: &std::path::Path) -> Vec<Vec<Timestamp>> {
    let file: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    file["schedule"]["conference"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| {
            let mut starts: Vec<Timestamp> = day["rooms"]
                .as_object()
                .unwrap()
                .values()
                .flat_map(|events| events.as_array().unwrap())
                .map(|event| event["date"].as_str().unwrap().parse().unwrap())
                .collect();
            starts.sort();
            starts
        })
        .collect()
}

fn start_of(entry: &Value) -> Timestamp {
    entry["start"].as_str().unwrap().parse().unwrap()
}

#[test]
fn agenda_days_of_real_schedules_are_the_days_the_files_list() {
    for name in [
        "jgerstbe_36c3.json",
        "voc_frab-camp2019.json",
        "voc_pretalx-rc3.json",
    ] {
        let test = "agenda_days_of_real_schedules_are_the_days_the_files_list";
        let Some(path) = common::shared(&format!("schedules/{name}"), test) else {
            return;
        };
        let path_text = path.to_str().unwrap();
        for (d, expected) in starts_per_day(&path).iter().enumerate() {
            let day = (d + 1).to_string();
            let output = lotse(&["--dataset", path_text, "agenda", "--day", &day, "--json"]);
            let entries = json(&output);
            let starts: Vec<Timestamp> = entries.as_array().unwrap().iter().map(start_of).collect();
            assert!(
                starts.windows(2).all(|w| w[0] <= w[1]),
                "{name} day {day}: not in time order"
            );
            let mut sorted = starts.clone();
            sorted.sort();
            assert_eq!(&sorted, expected, "{name} day {day}");
        }
    }
}

#[test]
fn now_on_36c3_agrees_with_the_files_times() {
    let test = "now_on_36c3_agrees_with_the_files_times";
    let Some(path) = common::shared("schedules/jgerstbe_36c3.json", test) else {
        return;
    };
    let at: Timestamp = "2019-12-28T16:30:00+01:00".parse().unwrap();
    let output = lotse(&[
        "--dataset",
        path.to_str().unwrap(),
        "now",
        "--at",
        "2019-12-28T16:30:00+01:00",
        "--json",
    ]);
    let rooms = json(&output);
    // Independently from the file: per room, the talks that run at `at` and the next one.
    let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut talks: Vec<(String, Timestamp, Timestamp)> = Vec::new();
    for day in file["schedule"]["conference"]["days"].as_array().unwrap() {
        for (room, events) in day["rooms"].as_object().unwrap() {
            for event in events.as_array().unwrap() {
                let start: Timestamp = event["date"].as_str().unwrap().parse().unwrap();
                let (h, m) = event["duration"].as_str().unwrap().split_once(':').unwrap();
                let minutes = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap();
                let end = start + SignedDuration::from_mins(minutes);
                talks.push((room.trim().to_owned(), start, end));
            }
        }
    }
    assert!(!rooms.as_array().unwrap().is_empty());
    for room in rooms.as_array().unwrap() {
        let name = room["room"].as_str().unwrap();
        let running = talks
            .iter()
            .filter(|(r, s, e)| r == name && *s <= at && at < *e)
            .count();
        assert_eq!(room["now"].as_array().unwrap().len(), running, "{name}");
        for entry in room["now"].as_array().unwrap() {
            assert!(start_of(entry) <= at, "{name}");
        }
        let next = talks
            .iter()
            .filter(|(r, s, _)| r == name && *s > at)
            .map(|(_, s, _)| *s)
            .min();
        let next_shown = (!room["next"].is_null()).then(|| start_of(&room["next"]));
        assert_eq!(next_shown, next, "{name}");
    }
}

#[test]
fn a_talks_page_says_when_on_the_schedules_clock_and_json_keeps_the_data() {
    let text = stdout(&lotse(&["--dataset", CONGRESS, "show", "fixcon19-1009"]));
    assert!(
        text.contains("When      Sat 2019-12-28 00:30–01:15 (UTC+01:00)"),
        "{text}"
    );
    assert!(!text.contains("2019-12-28T00:30:00+01:00"), "{text}");
    let fields = json(&lotse(&[
        "--dataset",
        CONGRESS,
        "show",
        "fixcon19-1009",
        "--json",
    ]));
    assert_eq!(fields["fields"]["start"], "2019-12-28T00:30:00+01:00");
    assert_eq!(fields["fields"]["end"], "2019-12-28T01:15:00+01:00");
}

#[test]
fn days_no_schedule_names_are_headed_by_their_date() {
    // The built-in dataset names no conference days: its events' dates head the agenda, and
    // `--day` still counts them.
    let text = stdout(&lotse(&["agenda"]));
    assert!(text.starts_with("Wed 2024-11-20\n"), "{text}");
    assert!(text.contains("\nThu 2025-02-27\n"), "{text}");
    assert!(!text.contains("Day "), "{text}");
    let second = json(&lotse(&["agenda", "--day", "2", "--json"]));
    assert!(
        second
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["day"] == 2 && e["start"] == "2025-02-27")
    );
}
