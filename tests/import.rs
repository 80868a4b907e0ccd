//! Importing schedules: the real frab/pretalx files in `../shared/schedules/` with the counts
//! they really hold, and small fixtures of our own for every quirk real files have.

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

fn event<'a>(dataset: &'a Dataset, id: &str) -> &'a lotse::model::Event {
    dataset
        .events
        .iter()
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
    let sessions = dataset.events.iter().filter(|e| e.parent.is_some()).count();
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
        dataset.events[1..]
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
    for event in &dataset.events {
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
    let ids: std::collections::HashSet<&str> =
        dataset.speakers.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), dataset.speakers.len(), "speaker ids are unique");
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
fn every_quirk_of_real_schedules_is_repaired_with_a_warning() {
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
    let names: Vec<&str> = dataset.speakers.iter().map(|s| s.name.as_str()).collect();
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

#[test]
fn a_frab_xml_schedule_imports_like_its_json_twin() {
    let imported = open(&fixture("schedule.xml"));
    assert_eq!(imported.format, Format::FrabXml);
    let dataset = &imported.loaded.dataset;
    assert_eq!(dataset.title.as_deref(), Some("XML Conf & Friends 2024"));
    assert_eq!(sessions_and_speakers(dataset), (2, 2));
    let keynote = event(dataset, "xmlconf24-1");
    assert_eq!(keynote.title, "Keynote: Daten & Gesundheit");
    assert_eq!(keynote.start.as_deref(), Some("2024-11-26T09:30:00+01:00"));
    assert_eq!(keynote.end.as_deref(), Some("2024-11-26T10:15:00+01:00"));
    assert_eq!(
        keynote.summary.as_deref(),
        Some("Über <Daten> im Gesundheitswesen.\n\nMit Beispielen.")
    );
    assert_eq!(keynote.links, ["https://xml.example.org/slides/1"]);
    let workshop = event(dataset, "xmlconf24-2");
    assert_eq!(workshop.start.as_deref(), Some("2024-11-27T10:00:00+01:00"));
    assert_eq!(workshop.end.as_deref(), Some("2024-11-27T11:30:00+01:00"));
    assert_eq!(workshop.speakers, keynote.speakers[..1]);
}

#[test]
fn broken_xml_is_an_error_with_line_and_column() {
    let broken = "<?xml version=\"1.0\"?>\n<schedule>\n  <conference>\n</schedule>\n";
    let error = import::from_bytes(broken.as_bytes(), "broken.xml", "broken.xml").unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("broken.xml:4:"), "{message}");
}

#[test]
fn an_icalendar_file_imports_with_zones_folding_and_categories() {
    for line_ending in ["\r\n", "\n"] {
        let text = std::fs::read_to_string(fixture("calendar.ics"))
            .unwrap()
            .replace("\r\n", line_ending);
        let imported = import::from_bytes(text.as_bytes(), "calendar.ics", "calendar.ics")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(imported.format, Format::ICalendar);
        let dataset = &imported.loaded.dataset;
        let calendar = event(dataset, "fixture-calendar");
        assert_eq!(calendar.title, "Fixture Calendar");
        assert_eq!(calendar.start.as_deref(), Some("2025-02-27"));
        let talk = event(dataset, "talk-1");
        assert_eq!(talk.title, "Datenschutz, KI und Medizin");
        assert_eq!(talk.start.as_deref(), Some("2025-02-27T14:00:00+01:00"));
        assert_eq!(talk.end.as_deref(), Some("2025-02-27T15:30:00+01:00"));
        assert_eq!(talk.venue.as_deref(), Some("Hörsaal 1; Jena"));
        assert_eq!(talk.url.as_deref(), Some("https://fixture.example/talk-1"));
        assert_eq!(
            talk.summary.as_deref(),
            Some(
                "A description that is long enough to be folded over more than one line, \
                 with an escaped comma\nand a second line."
            )
        );
        assert_eq!(talk.topics, ["datenschutz", "ki"]);
        let utc = event(dataset, "talk-2");
        assert_eq!(utc.end.as_deref(), Some("2025-02-27T16:45:00+00:00"));
        assert_eq!(
            utc.topics,
            ["ki"],
            "categories differing in case are one topic"
        );
        let all_day = event(dataset, "day-3");
        assert_eq!(
            (all_day.start.as_deref(), all_day.end.as_deref()),
            (Some("2025-02-28"), Some("2025-03-01")),
            "an all-day DTEND is exclusive"
        );
        let floating = event(dataset, "floating-4");
        assert_eq!(floating.start.as_deref(), Some("2025-03-01T09:00:00+01:00"));
    }
}

#[test]
fn an_unknown_time_zone_is_a_warning_not_an_error() {
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nSUMMARY:X\n\
                DTSTART;TZID=Mars/Olympus:20250101T100000\nEND:VEVENT\nEND:VCALENDAR\n";
    let imported = import::from_bytes(text.as_bytes(), "mars.ics", "mars.ics").unwrap();
    assert!(has_warning(
        &imported,
        "DTSTART",
        "unknown time zone \"Mars/Olympus\""
    ));
    assert_eq!(
        event(&imported.loaded.dataset, "x").start.as_deref(),
        Some("2025-01-01T10:00:00+00:00")
    );
}

#[test]
fn a_frab_file_without_a_conference_is_refused_with_the_path() {
    let error = import::from_bytes(br#"{"schedule": {"version": "x"}}"#, "s.json", "s.json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("schedule.conference"), "{error}");
}

#[test]
fn a_lotse_file_that_merely_mentions_schedule_stays_a_lotse_file() {
    // "schedule" as a key, and "lotse" only after the first nested value.
    let text = r#"{"title": "x", "events": [{"id": "a", "title": "A talk",
        "schedule": "after lunch"}], "lotse": 1}"#;
    let imported = import::from_bytes(text.as_bytes(), "x.json", "x.json").unwrap();
    assert_eq!(imported.format, Format::Lotse);
    assert_eq!(imported.loaded.dataset.events[0].id, "a");
}

#[test]
fn icalendar_names_are_case_insensitive() {
    let text = "begin:vcalendar\r\nversion:2.0\r\nx-wr-calname:Lower\r\nBegin:VEvent\r\nuid:l-1\r\nsummary:Lower case\r\ndtstart:20250301T100000Z\r\nend:vevent\r\nend:vcalendar\r\n";
    let imported = import::from_bytes(text.as_bytes(), "lower.ics", "lower.ics")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.format, Format::ICalendar);
    let talk = event(&imported.loaded.dataset, "l-1");
    assert_eq!(talk.title, "Lower case");
    assert_eq!(talk.start.as_deref(), Some("2025-03-01T10:00:00+00:00"));
}

#[test]
fn an_older_pentabarf_file_with_events_under_days_imports_every_event() {
    let imported = open(&fixture("pentabarf-days.xml"));
    assert_eq!(imported.format, Format::FrabXml);
    let dataset = &imported.loaded.dataset;
    assert_eq!(
        sessions_and_speakers(dataset),
        (4, 4),
        "{:#?}",
        warnings(&imported)
    );
    let packaging = event(dataset, "fixture-devroom-days-2013-9002");
    assert_eq!(packaging.venue.as_deref(), Some("H.1301"));
    assert_eq!(
        packaging.start.as_deref(),
        Some("2013-02-02T11:00:00+00:00")
    );
    assert_eq!(packaging.links, ["https://fixture.example/packaging"]);
    // Person id 0 names three people: Vera twice (one person), Lars and Nadia kept apart.
    let names = |id: &str| -> Vec<&str> {
        event(dataset, id)
            .speakers
            .iter()
            .map(|s| dataset.name(dataset.resolve(s).unwrap()))
            .collect()
    };
    assert_eq!(names("fixture-devroom-days-2013-9001"), ["Vera Okafor"]);
    assert_eq!(
        names("fixture-devroom-days-2013-9002"),
        ["Lars Wendt", "Pia Sorensen"]
    );
    assert_eq!(names("fixture-devroom-days-2013-9003"), ["Vera Okafor"]);
    assert_eq!(names("fixture-devroom-days-2013-9004"), ["Nadia Brandt"]);
    assert!(has_warning(
        &imported,
        ".persons[0]",
        "\"Lars Wendt\" is kept as a person"
    ));
    assert!(has_warning(
        &imported,
        ".persons[0]",
        "\"Nadia Brandt\" is kept as a person"
    ));
}

#[test]
fn the_real_fosdem_schedule_imports_every_talk_and_person() {
    let Some(path) = shared_schedule("mttcrsp_fosdem2026.xml", "the_real_fosdem_schedule") else {
        return;
    };
    let imported = open(&path);
    assert_eq!(sessions_and_speakers(&imported.loaded.dataset), (883, 927));
}

#[test]
fn events_the_days_do_not_hold_are_counted_and_reported() {
    let xml = "<schedule><conference><title>T</title></conference>\
               <day date=\"2024-01-01\" index=\"1\"><room name=\"A\"><event id=\"1\"><title>In</title>\
               <start>10:00</start></event></room></day>\
               <tracks><event id=\"2\"><title>Out</title></event><event id=\"3\"/></tracks></schedule>";
    let imported = import::from_bytes(xml.as_bytes(), "t.xml", "t.xml").unwrap();
    assert_eq!(sessions_and_speakers(&imported.loaded.dataset).0, 1);
    assert!(
        has_warning(
            &imported,
            "schedule",
            "2 of 3 <event> elements are not in a <day>"
        ),
        "{:#?}",
        warnings(&imported)
    );
}

#[test]
fn a_million_nested_elements_are_refused_with_the_place_not_a_crash() {
    let depth = 1_000_000;
    let xml = format!(
        "<schedule>\n{}{}</schedule>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let error = import::from_bytes(xml.as_bytes(), "deep.xml", "deep.xml")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("deep.xml:2:") && error.contains("nested more than 64 deep"),
        "{error}"
    );
}

/// Imports `text` and says how long it took, for inputs that once took quadratic time.
fn import_timed(text: &str, name: &str) -> (Imported, std::time::Duration) {
    let started = std::time::Instant::now();
    let imported =
        import::from_bytes(text.as_bytes(), name, name).unwrap_or_else(|e| panic!("{e}"));
    (imported, started.elapsed())
}

#[test]
fn imports_stay_linear_in_repeated_ids_names_and_attributes() {
    // Generous limits on purpose: the quadratic versions took 10 to 60 seconds here.
    let limit = std::time::Duration::from_secs(5);
    let talk = |i: usize| {
        format!(
            "{{\"id\": 1, \"title\": \"Same {i}\", \"start\": \"10:00\", \"date\": \"2024-01-01\", \
             \"room\": \"A\", \"persons\": [{{\"id\": {i}, \"public_name\": \"Same Name\"}}]}}"
        )
    };
    let talks: Vec<String> = (0..10_000).map(talk).collect();
    let json = format!(
        "{{\"schedule\": {{\"conference\": {{\"acronym\": \"x\", \"title\": \"X\", \"days\": \
         [{{\"index\": 1, \"date\": \"2024-01-01\", \"rooms\": {{\"A\": [{}]}}}}]}}}}}}",
        talks.join(",")
    );
    let (imported, took) = import_timed(&json, "same.json");
    assert_eq!(
        sessions_and_speakers(&imported.loaded.dataset),
        (10_000, 10_000)
    );
    assert!(
        took < limit,
        "10,000 events of one id and people of one name took {took:?}"
    );

    let attributes: String = (0..200_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let xml = format!("<schedule{attributes}><conference><title>T</title></conference></schedule>");
    let (_, took) = import_timed(&xml, "wide.xml");
    assert!(took < limit, "200,000 attributes took {took:?}");
    let twice = import::from_bytes(b"<schedule a=\"1\" a=\"2\"/>", "twice.xml", "twice.xml")
        .unwrap_err()
        .to_string();
    assert!(twice.contains("attribute \"a\" appears twice"), "{twice}");
}

#[test]
fn icalendar_oddities_are_repaired_per_event_never_failing_the_calendar() {
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\n\
        BEGIN:VEVENT\nUID:weekly\nSUMMARY:Weekly\nDTSTART:20250303T100000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=10\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:backwards\nSUMMARY:Backwards\nDTSTART:20250303T100000Z\nDTEND:20250303T090000Z\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:backwards-day\nSUMMARY:Backwards day\nDTSTART;VALUE=DATE:20250305\nDTEND;VALUE=DATE:20250301\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:vague\nSUMMARY:Vague\nDTSTART:20250303T100000Z\nDURATION:a while\nEND:VEVENT\n\
        END:VCALENDAR\n";
    let imported =
        import::from_bytes(text.as_bytes(), "odd.ics", "odd.ics").unwrap_or_else(|e| panic!("{e}"));
    let dataset = &imported.loaded.dataset;
    assert_eq!(dataset.events.len(), 5, "the calendar and its four events");
    assert!(has_warning(
        &imported,
        "VEVENT[0].RRULE",
        "only its first occurrence"
    ));
    assert_eq!(
        event(dataset, "weekly").end.as_deref(),
        Some("2025-03-03T11:00:00+00:00")
    );
    assert!(has_warning(
        &imported,
        "VEVENT[1].DTEND",
        "ends before it starts"
    ));
    assert_eq!(event(dataset, "backwards").end, None);
    assert!(has_warning(
        &imported,
        "VEVENT[2].DTEND",
        "ends before it starts"
    ));
    assert_eq!(event(dataset, "backwards-day").end, None);
    assert!(has_warning(
        &imported,
        "VEVENT[3].DURATION",
        "\"a while\" is not a duration"
    ));
    assert_eq!(event(dataset, "vague").end, None);
}
