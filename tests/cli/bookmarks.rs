//! `lotse bookmarks`: list, add and remove from the shell; events in time order with their
//! clashes; bookmarks kept by the conference and each talk's key, so that a schedule
//! downloaded again under another name, with changed ids, keeps them, and a talk that is gone
//! is shown as cancelled.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{json, lotse, lotse_with_env, stderr, stdout};

const CONGRESS: &str = "tests/fixtures/frab-congress.json";

/// A data directory of the test's own.
fn data_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bookmarks-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &Path, dataset: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--dataset", dataset, "bookmarks"];
    all.extend_from_slice(args);
    lotse_with_env(&all, &[("LOTSE_DATA_DIR", dir.to_str().unwrap())])
}

fn field<'v>(entries: &'v Value, name: &str) -> Vec<&'v Value> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e[name])
        .collect()
}

#[test]
fn bookmarks_list_in_time_order_with_clashes() {
    let dir = data_dir("list");
    let empty = run(&dir, CONGRESS, &["list"]);
    assert_eq!(empty.status.code(), Some(1));
    let added = run(
        &dir,
        CONGRESS,
        &["add", "fixcon19-1003", "fixcon19-1004", "fixcon19-1002"],
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert!(stderr(&added).contains("bookmarked: Patientendaten im Netz"));

    let listed = json(&run(&dir, CONGRESS, &["list", "--json"]));
    assert_eq!(
        field(&listed, "id"),
        ["fixcon19-1002", "fixcon19-1004", "fixcon19-1003"],
        "12:00 Ada, 12:00 Borg, 14:00 Ada"
    );
    let keys = super::sorted_keys(&listed[0]);
    assert_eq!(
        keys,
        [
            "cancelled",
            "clashes",
            "end",
            "id",
            "kind",
            "name",
            "room",
            "start"
        ]
    );
    assert_eq!(listed[0]["clashes"], serde_json::json!(["fixcon19-1004"]));
    assert_eq!(listed[1]["clashes"], serde_json::json!(["fixcon19-1002"]));
    assert_eq!(listed[2]["clashes"], serde_json::json!([]));
    let text = stdout(&run(&dir, CONGRESS, &["list"]));
    assert!(
        text.contains("⚠ clashes with Mesh Networks for Everyone (fixcon19-1004)"),
        "{text}"
    );

    // The calendar of bookmarks says the clash on stderr.
    let export = lotse_with_env(
        &["--dataset", CONGRESS, "export", "ics", "--bookmarks"],
        &[("LOTSE_DATA_DIR", dir.to_str().unwrap())],
    );
    assert!(
        stderr(&export).contains("clash: Breaking Badge Firmware (2019-12-27 12:00–13:00 · Ada) and Mesh Networks for Everyone"),
        "{}",
        stderr(&export)
    );

    let removed = run(&dir, CONGRESS, &["remove", "fixcon19-1004", "--json"]);
    assert_eq!(removed.status.code(), Some(0));
    assert_eq!(
        field(&json(&removed), "id"),
        ["fixcon19-1002", "fixcon19-1003"]
    );
    let not_there = run(&dir, CONGRESS, &["remove", "fixcon19-1004"]);
    assert_eq!(not_there.status.code(), Some(1));
}

#[test]
fn an_unknown_id_changes_nothing() {
    let dir = data_dir("unknown");
    let added = run(&dir, CONGRESS, &["add", "fixcon19-1002", "no-such-talk"]);
    assert_eq!(added.status.code(), Some(2));
    assert!(
        !stderr(&added).contains("bookmarked:"),
        "{}",
        stderr(&added)
    );
    assert_eq!(run(&dir, CONGRESS, &["list"]).status.code(), Some(1));
}

#[test]
fn a_schedule_downloaded_again_under_another_name_keeps_its_bookmarks() {
    let dir = data_dir("renamed");
    run(&dir, CONGRESS, &["add", "fixcon19-1002", "fixcon19-1007"]);

    // The next download: another file name, the badge talk's frab id changed (its guid kept),
    // the clinic talk cancelled.
    let mut schedule: Value = serde_json::from_slice(&std::fs::read(CONGRESS).unwrap()).unwrap();
    let days = schedule["schedule"]["conference"]["days"]
        .as_array_mut()
        .unwrap();
    let ada = days[0]["rooms"]["Ada"].as_array_mut().unwrap();
    let badge = ada.iter_mut().find(|e| e["guid"] == "f1c0-1002").unwrap();
    badge["id"] = Value::from(2002);
    let ada2 = days[1]["rooms"]["Ada"].as_array_mut().unwrap();
    ada2.retain(|e| e["guid"] != "f1c0-1007");
    let copy = dir.join("schedule (1).json");
    std::fs::write(&copy, serde_json::to_vec(&schedule).unwrap()).unwrap();

    let listed = run(&dir, copy.to_str().unwrap(), &["list", "--json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let listed = json(&listed);
    assert_eq!(field(&listed, "id"), ["fixcon19-2002", "fixcon19-1007"]);
    assert_eq!(field(&listed, "cancelled"), [false, true]);
    assert_eq!(listed[1]["name"], "Side Channels in the Clinic");
    assert_eq!(listed[1]["start"], "2019-12-28T13:00:00+01:00");
    let text = stdout(&run(&dir, copy.to_str().unwrap(), &["list"]));
    assert!(
        text.contains("cancelled  fixcon19-1007  Side Channels in the Clinic  was 2019-12-28 13:00–13:30 · Ada"),
        "{text}"
    );
    // One file, named after the conference, however many copies of it were opened (and the
    // lock that changes to it take).
    let files: Vec<String> = std::fs::read_dir(dir.join("bookmarks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".lock")
        .collect();
    assert_eq!(files, ["schedule-fixcon19.json"]);
}

#[test]
fn bookmarks_kept_by_path_before_are_read_until_the_conference_has_its_own_file() {
    let dir = data_dir("earlier");
    // A bookmarks file of the first kind (ids only), named after the dataset's path.
    let name = lotse::user_dirs::Origin::file(Some(Path::new(CONGRESS))).file_name();
    std::fs::create_dir_all(dir.join("bookmarks")).unwrap();
    let earlier = dir.join("bookmarks").join(name);
    std::fs::write(
        &earlier,
        r#"{"lotse_bookmarks": 1, "ids": ["fixcon19-1005"]}"#,
    )
    .unwrap();
    let listed = json(&run(&dir, CONGRESS, &["list", "--json"]));
    assert_eq!(field(&listed, "id"), ["fixcon19-1005"]);
    run(&dir, CONGRESS, &["add", "fixcon19-1001"]);
    let listed = json(&run(&dir, CONGRESS, &["list", "--json"]));
    assert_eq!(field(&listed, "id"), ["fixcon19-1001", "fixcon19-1005"]);
    // The earlier file is left as it was.
    let kept = std::fs::read_to_string(&earlier).unwrap();
    assert!(kept.contains(r#"["fixcon19-1005"]"#), "{kept}");
}

#[test]
fn two_calendars_that_name_themselves_nothing_keep_bookmarks_apart() {
    let dir = data_dir("untitled");
    let calendar = |name: &str, uid: &str| {
        let folder = dir.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("basic.ics");
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Talk {uid}\r\n\
             DTSTART:20250701T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let (one, two) = (calendar("one", "a"), calendar("two", "b"));
    let added = run(&dir, &one, &["add", "a"]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    let other = run(&dir, &two, &["list", "--json"]);
    assert_eq!(
        other.status.code(),
        Some(1),
        "none, not a's as cancelled: {}",
        stdout(&other)
    );
    assert_eq!(
        field(&json(&run(&dir, &one, &["list", "--json"])), "id"),
        ["a"]
    );
}

#[test]
fn an_id_always_means_the_same_talk_though_the_schedule_repeats_a_guid() {
    let dir = data_dir("repeated-guid");
    let mut schedule: Value = serde_json::from_slice(&std::fs::read(CONGRESS).unwrap()).unwrap();
    let ada = schedule["schedule"]["conference"]["days"][0]["rooms"]["Ada"]
        .as_array_mut()
        .unwrap();
    // Two talks with one guid, as a real congress's schedule has.
    ada[1]["guid"] = ada[0]["guid"].clone();
    let (first, second) = (
        format!("fixcon19-{}", ada[0]["id"]),
        format!("fixcon19-{}", ada[1]["id"]),
    );
    let file = dir.join("repeated.json");
    std::fs::write(&file, serde_json::to_vec(&schedule).unwrap()).unwrap();
    let file = file.to_str().unwrap();
    for id in [&second, &first] {
        let added = run(&dir, file, &["add", id]);
        assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    }
    let listed = json(&run(&dir, file, &["list", "--json"]));
    let mut ids: Vec<&str> = field(&listed, "id")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut expected = [first.as_str(), second.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected, "each id lists its own talk");
    // One file against itself: nothing changed, however the guids repeat.
    let diff = lotse(&["diff", file, file]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
}

#[test]
fn an_untitled_calendars_bookmarks_from_before_are_read_until_it_has_its_own_file() {
    let dir = data_dir("untitled-before");
    let path = dir.join("basic.ics");
    std::fs::write(
        &path,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Talk a\r\n\
         DTSTART:20250701T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Talk b\r\n\
         DTSTART:20250701T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    // Earlier versions named the calendar, and its bookmarks, after the file.
    std::fs::create_dir_all(dir.join("bookmarks")).unwrap();
    let earlier = dir.join("bookmarks/schedule-basic.json");
    std::fs::write(&earlier, r#"{"lotse_bookmarks": 1, "ids": ["a"]}"#).unwrap();
    let path = path.to_str().unwrap();
    assert_eq!(
        field(&json(&run(&dir, path, &["list", "--json"])), "id"),
        ["a"]
    );
    assert_eq!(run(&dir, path, &["add", "b"]).status.code(), Some(0));
    assert_eq!(
        field(&json(&run(&dir, path, &["list", "--json"])), "id"),
        ["a", "b"]
    );
    assert!(
        std::fs::read_to_string(&earlier)
            .unwrap()
            .contains(r#"["a"]"#),
        "the earlier file is left as it was"
    );
}
