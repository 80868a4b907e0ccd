//! frab XML (Pentabarf) and iCalendar schedules, and what any importer must survive: broken,
//! deeply nested, huge and odd files.

use super::*;

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
    assert_eq!(imported.loaded.dataset.to_document().events[0].id, "a");
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
    assert_eq!(
        dataset.count(lotse::Kind::Event),
        5,
        "the calendar and its four events"
    );
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

#[test]
fn xml_in_latin_1_or_utf_16_reads_as_the_same_schedule_in_utf_8() {
    let utf8 = std::fs::read_to_string(fixture("schedule.xml"))
        .unwrap()
        .replace("Keynote: Daten", "Keynote: Grüße aus der Straße, Daten");
    let read = |bytes: &[u8]| {
        let imported =
            import::from_bytes(bytes, "s.xml", "s.xml").unwrap_or_else(|e| panic!("{e}"));
        let mut document = imported.loaded.dataset.to_document();
        document.sources.clear();
        (document.to_json(), imported.loaded.warnings)
    };
    let (expected, _) = read(utf8.as_bytes());
    assert!(expected.contains("Grüße aus der Straße"));
    let latin: Vec<u8> = utf8
        .replacen("encoding=\"utf-8\"", "encoding=\"ISO-8859-1\"", 1)
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            utf8.replacen("encoding=\"utf-8\"", "encoding=\"UTF-16\"", 1)
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    for (name, bytes) in [("ISO-8859-1", latin), ("UTF-16", utf16)] {
        let (json, warnings) = read(&bytes);
        assert_eq!(json, expected, "{name}");
        assert!(
            warnings
                .iter()
                .any(|w| w.message.starts_with("not UTF-8: read as")),
            "{name}: said: {warnings:?}"
        );
    }
}
