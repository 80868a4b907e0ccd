//! Importing schedules: the real frab/pretalx files in `../shared/schedules/` with the counts
//! they really hold, and small fixtures of our own for every quirk real files have.

mod identity;
mod xml_and_ical;

#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use common::fixture;
use lotse::import::{self, Format, Imported};
use lotse::model::{Dataset, Kind};

/// A real schedule beside the checkout (CI has `shared/` there too), or `None` after saying the
/// test skipped.
fn shared_schedule(name: &str, test: &str) -> Option<PathBuf> {
    common::shared(&format!("schedules/{name}"), test)
}

fn open(path: &Path) -> Imported {
    import::open(path).unwrap_or_else(|error| panic!("{error}"))
}

fn event(dataset: &Dataset, id: &str) -> lotse::model::Event {
    dataset
        .to_document()
        .events
        .into_iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn warnings(imported: &Imported) -> Vec<String> {
    imported
        .loaded
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn has_warning(imported: &Imported, path_part: &str, message_part: &str) -> bool {
    imported
        .loaded
        .warnings
        .iter()
        .any(|w| w.path.contains(path_part) && w.message.contains(message_part))
}

/// Sessions (events under the conference) and speakers of an imported schedule.
fn sessions_and_speakers(dataset: &Dataset) -> (usize, usize) {
    let events = dataset.to_document().events;
    let sessions = events.iter().filter(|e| e.parent.is_some()).count();
    (sessions, dataset.count(Kind::Speaker))
}

/// Each schedule keeps every talk and person it holds, all under the conference.
fn assert_whole(path: &Path, sessions: usize, persons: usize, acronym: &str) {
    let file = path.display();
    let imported = open(path);
    assert_eq!(imported.format, Format::FrabJson, "{file}");
    let dataset = &imported.loaded.dataset;
    assert_eq!(
        sessions_and_speakers(dataset),
        (sessions, persons),
        "{file}"
    );
    let conference = event(dataset, acronym);
    assert_eq!(conference.kind.as_deref(), Some("conference"));
    assert!(
        dataset.to_document().events[1..]
            .iter()
            .all(|e| e.parent.as_deref() == Some(acronym)),
        "{file}: every talk is a child of the conference"
    );
}

#[test]
fn the_fixture_schedules_import_with_the_events_and_persons_they_hold() {
    assert_whole(&fixture("frab-congress.json"), 10, 5, "fixcon19");
    assert_whole(&fixture("pretalx-stream.json"), 4, 3, "fixstream-2020");
}

#[test]
fn the_real_schedules_import_with_the_events_and_persons_they_hold() {
    for (file, sessions, persons, acronym) in [
        ("voc_frab-camp2019.json", 79, 90, "camp2019"),
        ("voc_pretalx-rc3.json", 48, 56, "rc3-channels-2020"),
        ("jgerstbe_36c3.json", 161, 233, "36c3"),
    ] {
        let Some(path) = shared_schedule(file, "the_real_schedules_import") else {
            return;
        };
        assert_whole(&path, sessions, persons, acronym);
    }
}

/// A frab talk keeps its time, room, language, track, people in order, and plain text.
fn assert_frab_talk(
    dataset: &Dataset,
    id: &str,
    start_end: (&str, &str),
    room: &str,
    people: &[&str],
    track: &str,
) {
    let talk = event(dataset, id);
    assert_eq!(talk.start.as_deref(), Some(start_end.0), "{id}");
    assert_eq!(talk.end.as_deref(), Some(start_end.1), "{id}");
    assert_eq!(talk.venue.as_deref(), Some(room), "{id}");
    let speakers: Vec<&str> = talk
        .speakers
        .iter()
        .map(|id| dataset.name(dataset.resolve(id).unwrap()))
        .collect();
    assert_eq!(speakers, people, "{id}");
    let topic = dataset.resolve(&talk.topics[0]).unwrap();
    assert_eq!(dataset.name(topic), track, "{id}");
    // Summaries are plain text: no HTML tags, CRLF or no-break spaces survive anywhere.
    let mut summaries = 0;
    for event in &dataset.to_document().events {
        let summary = event.summary.as_deref().unwrap_or_default();
        summaries += usize::from(!summary.is_empty());
        assert!(
            !summary.contains("<p>") && !summary.contains('\r') && !summary.contains('\u{a0}'),
            "{}: {summary:?}",
            event.id
        );
    }
    assert!(summaries > 0, "the schedule has summaries to check");
}

#[test]
fn a_frab_talk_keeps_its_time_room_track_people_and_text() {
    let imported = open(&fixture("frab-congress.json"));
    let dataset = &imported.loaded.dataset;
    assert_frab_talk(
        dataset,
        "fixcon19-1001",
        ("2019-12-27T11:00:00+01:00", "2019-12-27T11:30:00+01:00"),
        "Ada",
        &["Mira Kessel", "Jonas Brandt"],
        "CCC",
    );
    assert_eq!(
        event(dataset, "fixcon19-1001").language.as_deref(),
        Some("de")
    );
    // After midnight still belongs to the first day's programme, on the next date.
    assert_eq!(
        event(dataset, "fixcon19-1009").start.as_deref(),
        Some("2019-12-28T00:30:00+01:00")
    );
    assert_eq!(
        event(dataset, "fixcon19-1002").summary.as_deref(),
        Some(
            "How the badge\nboots, and how it does not.\n\nWe dump the flash, read the bootloader and patch it."
        )
    );
    assert_eq!(
        event(dataset, "fixcon19-1003").summary.as_deref(),
        Some(
            "Wie offen sind Praxisnetze?\n\nEine Bestandsaufnahme mit Bericht (https://fixture.example/report)."
        )
    );
    assert_eq!(
        event(dataset, "fixcon19-1002").links,
        ["https://fixture.example/badge-slides"]
    );
    assert!(
        imported.loaded.warnings.is_empty(),
        "{:#?}",
        warnings(&imported)
    );
}

#[test]
fn a_real_frab_talk_keeps_its_time_room_track_people_and_text() {
    let Some(path) = shared_schedule("jgerstbe_36c3.json", "a_real_frab_talk_keeps") else {
        return;
    };
    let imported = open(&path);
    let dataset = &imported.loaded.dataset;
    assert_frab_talk(
        dataset,
        "36c3-11223",
        ("2019-12-27T11:00:00+01:00", "2019-12-27T11:30:00+01:00"),
        "Ada",
        &["bleeptrack", "blinry"],
        "CCC",
    );
    let opening = event(dataset, "36c3-11223");
    assert_eq!(opening.title, "Opening Ceremony");
    assert_eq!(opening.language.as_deref(), Some("de"));
}

/// pretalx persons are one speaker per `code`, however many talks they give.
fn assert_pretalx_talk(
    dataset: &Dataset,
    id: &str,
    start_end: (&str, &str),
    room: &str,
    people: &[&str],
) {
    let talk = event(dataset, id);
    assert_eq!(talk.start.as_deref(), Some(start_end.0));
    assert_eq!(talk.end.as_deref(), Some(start_end.1));
    assert_eq!(talk.venue.as_deref(), Some(room));
    assert_eq!(talk.speakers, people);
    let speakers = dataset.to_document().speakers;
    let ids: std::collections::HashSet<&str> = speakers.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), speakers.len(), "speaker ids are unique");
}

#[test]
fn pretalx_people_are_one_speaker_per_code_across_talks() {
    let imported = open(&fixture("pretalx-stream.json"));
    let dataset = &imported.loaded.dataset;
    assert_pretalx_talk(
        dataset,
        "fixstream-2020-21",
        ("2020-12-27T11:30:00+01:00", "2020-12-27T12:10:00+01:00"),
        "Studio Nord - Kiel/Förde",
        &["ana-lindqvist", "bo-schulte"],
    );
    // Ana gives two talks and Bo two: still three people.
    assert_eq!(dataset.count(Kind::Speaker), 3);
    assert_eq!(
        event(dataset, "fixstream-2020-24").speakers,
        ["ana-lindqvist"]
    );
    assert_eq!(
        event(dataset, "fixstream-2020-21").summary.as_deref(),
        Some("Automatisierte Tests\nfür Router-Firmware (https://fixture.example/firmware).")
    );
    assert!(
        imported.loaded.warnings.is_empty(),
        "{:#?}",
        warnings(&imported)
    );
}

#[test]
fn two_pretalx_people_of_one_name_and_two_codes_are_two_speakers() {
    let mut schedule: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("pretalx-stream.json")).unwrap()).unwrap();
    let mut sams = ["SAM111", "SAM222"].into_iter();
    for day in schedule["schedule"]["conference"]["days"]
        .as_array_mut()
        .unwrap()
    {
        for talks in day["rooms"].as_object_mut().unwrap().values_mut() {
            for talk in talks.as_array_mut().unwrap() {
                if [22, 23].contains(&talk["id"].as_u64().unwrap()) {
                    let code = sams.next().unwrap();
                    talk["persons"] = serde_json::json!([{"code": code, "public_name": "Sam"}]);
                }
            }
        }
    }
    let text = schedule.to_string();
    let imported = import::from_bytes(text.as_bytes(), "s.json", "s.json").unwrap();
    let dataset = &imported.loaded.dataset;
    let sam = |talk: &str| event(dataset, talk).speakers;
    assert_eq!(sam("fixstream-2020-22").len(), 1);
    assert_ne!(
        sam("fixstream-2020-22"),
        sam("fixstream-2020-23"),
        "two people"
    );
    let named_sam = dataset
        .entities_of(Kind::Speaker)
        .filter(|&s| dataset.name(s) == "Sam")
        .count();
    assert_eq!(named_sam, 2);
}

#[test]
fn real_pretalx_people_are_one_speaker_per_code_across_talks() {
    let Some(path) = shared_schedule("voc_pretalx-rc3.json", "real_pretalx_people") else {
        return;
    };
    let imported = open(&path);
    assert_pretalx_talk(
        &imported.loaded.dataset,
        "rc3-channels-2020-15",
        ("2020-12-27T11:30:00+01:00", "2020-12-27T12:10:00+01:00"),
        "r3s - Monheim/Rhein",
        &["chris-fiege", "kasa"],
    );
}

#[test]
fn quirks_of_ids_rooms_durations_and_times_are_repaired_with_a_warning() {
    let imported = open(&fixture("schedule-quirks.json"));
    let dataset = &imported.loaded.dataset;
    assert_eq!(
        sessions_and_speakers(dataset),
        (6, 4),
        "{:#?}",
        warnings(&imported)
    );

    // Duplicate event ids: both kept, the second renamed, with a warning.
    assert!(has_warning(
        &imported,
        "[0].id",
        "event id 101 appears twice"
    ));
    assert_eq!(
        event(dataset, "quirkcon25-101-2").title,
        "Opening, repeated"
    );
    // Leading space in a room name: trimmed, reported once.
    assert!(has_warning(&imported, ".room", "has spaces around it"));
    assert_eq!(
        event(dataset, "quirkcon25-101").venue.as_deref(),
        Some("Hall A")
    );
    // Empty room name: no venue.
    assert!(has_warning(&imported, ".room", "empty room name"));
    assert_eq!(event(dataset, "quirkcon25-103").venue, None);
    // `1:00`, `01:00` and `0:45` are the same kind of duration; "soon" is none.
    assert_eq!(
        event(dataset, "quirkcon25-101").end.as_deref(),
        Some("2025-03-14T11:00:00+01:00")
    );
    assert_eq!(
        event(dataset, "quirkcon25-102").end.as_deref(),
        Some("2025-03-14T12:00:00+01:00")
    );
    assert!(has_warning(
        &imported,
        ".duration",
        "\"soon\" is not a duration"
    ));
    // pretalx `start` as HH:MM with the day in `date`; after midnight is the next date.
    assert_eq!(
        event(dataset, "quirkcon25-101-2").start.as_deref(),
        Some("2025-03-15T10:30:00+01:00")
    );
    assert_eq!(
        event(dataset, "quirkcon25-104").start.as_deref(),
        Some("2025-03-16T01:30:00+01:00")
    );
    assert_eq!(
        event(dataset, "quirkcon25-105").start.as_deref(),
        Some("2025-03-15T12:00:00+01:00")
    );
}

#[test]
fn quirks_of_links_people_text_and_tracks_are_repaired_with_a_warning() {
    let imported = open(&fixture("schedule-quirks.json"));
    let dataset = &imported.loaded.dataset;
    // `links` as strings and as objects; a link without an address is left out.
    assert_eq!(
        event(dataset, "quirkcon25-102").links,
        [
            "https://example.org/recording-102",
            "https://example.org/extra-102"
        ]
    );
    assert!(has_warning(&imported, ".links[0]", "without an address"));
    // `full_public_name`, `code` persons across talks, `guid` and `name`, a person without a
    // name.
    let speakers = dataset.to_document().speakers;
    let names: Vec<&str> = speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Ada Example", "Ben Beispiel", "Cara Code", "Dora Guid"]
    );
    assert!(has_warning(&imported, ".persons[1]", "without a name"));
    // Bidi controls removed; HTML, Markdown, CRLF and no-break spaces become plain text.
    assert_eq!(
        event(dataset, "quirkcon25-102").title,
        "Tools with a bidi override"
    );
    assert_eq!(
        event(dataset, "quirkcon25-101").summary.as_deref(),
        Some(
            "Welcome.\nDoors open at ten.\n\nWe say hello & show the map (https://example.org/map)."
        )
    );
    assert_eq!(
        event(dataset, "quirkcon25-102").summary.as_deref(),
        Some("A subtitle\n\nMarkdown\n\nSome bold and a link (https://example.org/tools).")
    );
    // Tracks differing only in case are one topic; a null track is none.
    assert_eq!(dataset.count(Kind::Topic), 2);
    assert!(event(dataset, "quirkcon25-103").topics.is_empty());
    // Events without persons, `logo: ""`, `biography: null`, missing `url`, extra keys
    // (`timestamp`, `answers`) are fine and need no warning.
    assert!(event(dataset, "quirkcon25-103").speakers.is_empty());
    assert_eq!(event(dataset, "quirkcon25-102").url, None);
    assert!(
        !warnings(&imported)
            .iter()
            .any(|w| w.contains("timestamp") || w.contains("logo") || w.contains("biography"))
    );
}
