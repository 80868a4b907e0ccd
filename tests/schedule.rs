//! A dataset read as a conference programme: the `programme` object of the format (days,
//! rooms, time zone) as imported and loaded, and the schedule core over the project's frab
//! fixture (two days that run to 04:00, two rooms, a talk after midnight, a clash) and the
//! real schedules beside the checkout.

#[path = "common/mod.rs"]
mod common;

use lotse::model::{Dataset, EntityRef, Kind, LoadError, Loaded, Timing};
use lotse::schedule::Schedule;

fn fixture_congress() -> Dataset {
    lotse::import::load(Some(&common::fixture("frab-congress.json")))
        .unwrap_or_else(|error| panic!("{error}"))
        .dataset
}

fn event(dataset: &Dataset, title: &str) -> EntityRef {
    dataset
        .entities_of(Kind::Event)
        .find(|&e| dataset.name(e) == title)
        .unwrap_or_else(|| panic!("no event {title:?}"))
}

fn titles(dataset: &Dataset, events: impl IntoIterator<Item = EntityRef>) -> Vec<&str> {
    events.into_iter().map(|e| dataset.name(e)).collect()
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

#[test]
fn a_frab_import_keeps_days_rooms_tracks_and_stable_keys() {
    let dataset = fixture_congress();
    let programme = dataset.programme.as_ref().expect("a programme");
    assert_eq!(programme.acronym.as_deref(), Some("fixcon19"));
    let days: Vec<_> = programme
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.start.as_deref(), d.end.as_deref()))
        .collect();
    assert_eq!(
        days,
        [
            (
                "2019-12-27",
                Some("2019-12-27T11:00:00+01:00"),
                Some("2019-12-28T04:00:00+01:00")
            ),
            (
                "2019-12-28",
                Some("2019-12-28T11:00:00+01:00"),
                Some("2019-12-29T04:00:00+01:00")
            ),
        ]
    );
    assert_eq!(programme.rooms, ["Ada", "Borg"]);
    let talk = event(&dataset, "Breaking Badge Firmware");
    let fields = dataset.to_json(talk);
    assert_eq!(fields["track"], "Security");
    assert_eq!(fields["key"], "f1c0-1002");
}

#[test]
fn the_programme_survives_a_lotse_file_and_is_checked() {
    let dataset = fixture_congress();
    let written = dataset.to_document().to_json();
    let again = Dataset::from_str(&written)
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    assert_eq!(again.programme, dataset.programme);

    let with = |programme: &str| {
        Dataset::from_str(&format!(
            r#"{{"lotse": 1, "programme": {programme}, "events": [{{"id": "a", "title": "A"}}]}}"#
        ))
    };
    let problems = |result: Result<Loaded, LoadError>| match result {
        Err(LoadError::Invalid { problems, .. }) => problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect::<Vec<_>>(),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("accepted"),
    };
    let bad_day = problems(with(r#"{"days": [{"date": "2019-02-30"}]}"#));
    assert!(
        bad_day[0].starts_with("programme.days[0].date:"),
        "{bad_day:?}"
    );
    let out_of_order = problems(with(
        r#"{"days": [{"date": "2019-12-28"}, {"date": "2019-12-27"}]}"#,
    ));
    assert!(out_of_order[0].contains("in order"), "{out_of_order:?}");
    let twice = problems(with(r#"{"rooms": ["Ada", "Ada"]}"#));
    assert!(twice[0].starts_with("programme.rooms[1]"), "{twice:?}");
    let zone = problems(with(r#"{"time_zone": "Mars/Olympus"}"#));
    assert!(zone[0].starts_with("programme.time_zone"), "{zone:?}");

    // A field this lotse does not know is a warning, `null` is absent, and room names are
    // cleaned like every other text.
    let loaded = with(r#"{"colour": "red", "days": null, "rooms": ["Ad\u001b[31ma"]}"#).unwrap();
    let paths: Vec<&str> = loaded.warnings.iter().map(|w| w.path.as_str()).collect();
    assert!(paths.contains(&"programme.colour"), "{paths:?}");
    assert_eq!(loaded.dataset.programme.unwrap().rooms, ["Ada"]);
}

#[test]
fn a_talk_after_midnight_belongs_to_the_day_that_runs_past_it() {
    let dataset = fixture_congress();
    let schedule = Schedule::new(&dataset);
    let day_of = |title: &str| schedule.slot(event(&dataset, title)).unwrap().day;
    assert_eq!(day_of("Late Night Lockpicking"), Some(1));
    assert_eq!(day_of("Opening Ceremony"), Some(1));
    assert_eq!(day_of("Der Jahresrückblick"), Some(2));
    assert_eq!(schedule.rooms(), ["Ada", "Borg"]);
}

#[test]
fn the_programme_is_in_time_then_room_order_without_the_conference_itself() {
    let dataset = fixture_congress();
    let schedule = Schedule::new(&dataset);
    let slots = schedule.programme(dataset.entities_of(Kind::Event));
    let day_one: Vec<&str> = slots
        .iter()
        .filter(|s| s.day == Some(1))
        .map(|s| dataset.name(s.event))
        .collect();
    assert_eq!(
        day_one,
        [
            "Opening Ceremony",
            "Breaking Badge Firmware",
            "Mesh Networks for Everyone",
            "Patientendaten im Netz",
            "Fuzzing the Parser You Trust",
            "Late Night Lockpicking",
        ]
    );
    assert_eq!(slots.len(), 10, "every talk, and not the conference");
}

#[test]
fn now_says_per_room_what_runs_and_what_comes_next() {
    let dataset = fixture_congress();
    let schedule = Schedule::new(&dataset);
    let now = schedule.now(at("2019-12-27T12:15:00+01:00"));
    let rooms: Vec<_> = now
        .iter()
        .map(|r| {
            (
                r.room.unwrap(),
                titles(&dataset, r.now.iter().map(|s| s.event)),
                r.next.map(|s| dataset.name(s.event)),
            )
        })
        .collect();
    assert_eq!(
        rooms,
        [
            (
                "Ada",
                vec!["Breaking Badge Firmware"],
                Some("Patientendaten im Netz")
            ),
            (
                "Borg",
                vec!["Mesh Networks for Everyone"],
                Some("Fuzzing the Parser You Trust")
            ),
        ]
    );
    // At the end of a talk it is over; a room with nothing left is left out.
    let late = schedule.now(at("2019-12-28T16:30:00+01:00"));
    assert_eq!(late.len(), 0, "{late:?}");
}

#[test]
fn clashes_are_the_events_that_share_time() {
    let dataset = fixture_congress();
    let schedule = Schedule::new(&dataset);
    let chosen = [
        event(&dataset, "Breaking Badge Firmware"),
        event(&dataset, "Mesh Networks for Everyone"),
        event(&dataset, "Patientendaten im Netz"),
        event(&dataset, "Opening Ceremony"),
    ];
    let clashes = schedule.clashes(&chosen);
    assert_eq!(
        titles(&dataset, clashes[&chosen[0]].clone()),
        ["Mesh Networks for Everyone"]
    );
    assert_eq!(
        titles(&dataset, clashes[&chosen[1]].clone()),
        ["Breaking Badge Firmware"]
    );
    // Opening (11:00–11:30) ends before the badge talk (12:00): no clash.
    assert!(!clashes.contains_key(&chosen[2]) && !clashes.contains_key(&chosen[3]));
}

#[test]
fn timings_read_the_wall_clock_the_schedule_wrote() {
    let dataset = fixture_congress();
    let late = Timing::of(&dataset, event(&dataset, "Late Night Lockpicking")).unwrap();
    assert_eq!(late.label(), "2019-12-28 00:30–01:15");
    assert_eq!(late.start_text(), "2019-12-28T00:30");
}

#[test]
fn fosdem_days_change_at_nine_in_brussels() {
    let test = "fosdem_days_change_at_nine_in_brussels";
    let Some(path) = common::shared("schedules/mttcrsp_fosdem2026.xml", test) else {
        return;
    };
    let dataset = lotse::import::load(Some(&path)).unwrap().dataset;
    let programme = dataset.programme.as_ref().unwrap();
    assert_eq!(programme.time_zone.as_deref(), Some("Europe/Brussels"));
    let schedule = Schedule::new(&dataset);
    let slots = schedule.programme(dataset.entities_of(Kind::Event));
    let per_day = |n| slots.iter().filter(|s| s.day == Some(n)).count();
    assert!(
        per_day(1) > 100 && per_day(2) > 100,
        "{} {}",
        per_day(1),
        per_day(2)
    );
    assert_eq!(per_day(1) + per_day(2), slots.len());
    assert!(
        slots
            .windows(2)
            .all(|w| w[0].timing.start <= w[1].timing.start)
    );
}

#[test]
fn an_empty_query_lists_events_in_time_then_room_order() {
    use lotse::search::{Query, SearchIndex, SortOrder};
    let dataset = fixture_congress();
    let index = SearchIndex::new(&dataset);
    let listed = index.search(
        &dataset,
        &Query::default(),
        Some(Kind::Event),
        SortOrder::Relevance,
        5,
    );
    let hits = listed.hits.iter().map(|hit| hit.entity);
    assert_eq!(
        titles(&dataset, hits),
        [
            // The conference starts on its first day at midnight (a date alone).
            "Fixture Congress 2019",
            "Opening Ceremony",
            "Breaking Badge Firmware",
            "Mesh Networks for Everyone",
            "Patientendaten im Netz",
        ]
    );
    // The same order when only a few are kept as the scan goes (a limit of 2 at a time).
    let first_two = index.search(&dataset, &Query::default(), None, SortOrder::Relevance, 2);
    assert_eq!(
        titles(&dataset, first_two.hits.iter().map(|hit| hit.entity)),
        ["Fixture Congress 2019", "Opening Ceremony"]
    );
}

/// The titles of the events a query finds, by title.
fn events_found(dataset: &Dataset, query: &str) -> Vec<String> {
    let index = lotse::search::SearchIndex::new(dataset);
    let mut found: Vec<String> = index
        .rank(dataset, query, Some(Kind::Event))
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .iter()
        .map(|hit| dataset.name(hit.entity).to_owned())
        .collect();
    found.sort();
    found
}

#[test]
fn schedule_fields_filter_by_room_day_time_track_and_language() {
    let dataset = fixture_congress();
    let found = |query| events_found(&dataset, query);
    assert_eq!(
        found("room:borg"),
        [
            "Datenschutz für Vereine",
            "Fuzzing the Parser You Trust",
            "Mesh Networks for Everyone",
            "Secure Boot, Explained"
        ]
    );
    assert_eq!(found("venue:borg"), found("room:borg"));
    // The talk at 00:30 on the 28th is on day 1, whose programme runs until 04:00.
    assert_eq!(found("day:1 lockpicking"), ["Late Night Lockpicking"]);
    assert!(found("day:2 lockpicking").is_empty());
    assert_eq!(found("day:2").len(), 4, "four talks");
    assert_eq!(found("day:1..2").len(), found("kind:event").len());
    assert_eq!(
        found("time:12"),
        [
            "Breaking Badge Firmware",
            "Datenschutz für Vereine",
            "Mesh Networks for Everyone"
        ]
    );
    assert_eq!(
        found("time:15..16:00"),
        ["Fuzzing the Parser You Trust", "Secure Boot, Explained"]
    );
    // A range past midnight holds both sides of it; dates alone have no time of day.
    assert_eq!(found("time:23..01"), ["Late Night Lockpicking"]);
    assert_eq!(found("track:hardware"), ["Mesh Networks for Everyone"]);
    assert_eq!(found("lang:de").len(), 4);
    assert!(
        found("lang:d").is_empty(),
        "a language is a code, not a piece of one"
    );
    assert_eq!(found("!lang:de kind:event").len(), 6 + 1);
}

#[test]
fn schedule_field_mistakes_are_query_errors() {
    for (query, says) in [
        ("day:0", "not a conference day"),
        ("day:2..1", "runs backwards"),
        ("time:25", "not a time"),
        ("time:14:61", "not a time"),
        ("time:1400", "not a time"),
    ] {
        let error = lotse::search::parse(query).expect_err(query);
        assert!(error.message.contains(says), "{query}: {}", error.message);
    }
}

#[test]
fn facets_count_rooms_tracks_languages_and_days() {
    let dataset = fixture_congress();
    let index = lotse::search::SearchIndex::new(&dataset);
    let hits = index.rank(&dataset, "kind:event", None).unwrap();
    let rows = lotse::search::facets(&dataset, &hits, 10);
    let row = |label: &str| {
        rows.iter()
            .find(|r| r.label == label)
            .map(|r| (r.filter.clone(), r.count))
            .unwrap_or_else(|| panic!("no facet {label:?} in {rows:?}"))
    };
    assert_eq!(row("Borg"), ("room:Borg".to_owned(), 4));
    // Six talks and the conference, which begins that day.
    assert_eq!(row("1 (2019-12-27)"), ("day:1".to_owned(), 7));
    assert_eq!(row("2 (2019-12-28)"), ("day:2".to_owned(), 4));
    assert_eq!(row("de"), ("lang:de".to_owned(), 4));
}

#[test]
fn simultaneous_talks_follow_the_schedules_room_order_not_names() {
    let json = r#"{"lotse": 1, "programme": {"rooms": ["Zeta", "Alpha"]}, "events": [
        {"id": "aa", "title": "Aa", "venue": "Alpha", "start": "2025-08-01T10:00:00+02:00"},
        {"id": "zz", "title": "Zz", "venue": "Zeta", "start": "2025-08-01T10:00:00+02:00"}]}"#;
    let dataset = Dataset::from_str(json).unwrap().dataset;
    let schedule = Schedule::new(&dataset);
    assert_eq!(schedule.rooms(), ["Zeta", "Alpha"]);
    let slots = schedule.programme(dataset.entities_of(Kind::Event));
    // Neither by title (Aa first) nor by room name (Alpha first): Zeta is the first room.
    assert_eq!(
        titles(&dataset, slots.iter().map(|s| s.event)),
        ["Zz", "Aa"]
    );
}

#[test]
fn whole_day_events_never_clash() {
    let json = r#"{"lotse": 1, "events": [
        {"id": "camp", "title": "Camp", "start": "2025-08-01", "end": "2025-08-03"},
        {"id": "day", "title": "Day trip", "start": "2025-08-02"},
        {"id": "talk", "title": "Talk", "start": "2025-08-02T10:00:00+02:00", "end": "2025-08-02T11:00:00+02:00"},
        {"id": "other", "title": "Other", "start": "2025-08-02T10:30:00+02:00", "end": "2025-08-02T11:30:00+02:00"}]}"#;
    let dataset = Dataset::from_str(json).unwrap().dataset;
    let schedule = Schedule::new(&dataset);
    let all: Vec<EntityRef> = dataset.entities_of(Kind::Event).collect();
    let clashes = schedule.clashes(&all);
    let clashing: Vec<&str> = titles(&dataset, clashes.keys().copied());
    let mut clashing = clashing;
    clashing.sort_unstable();
    assert_eq!(
        clashing,
        ["Other", "Talk"],
        "the timed talks, and no whole day"
    );
}
