//! iCalendar (RFC 5545) output: CRLF line ends, lines folded at 75 octets, TEXT escaped,
//! stable UIDs (the event's id), DTSTAMP; times with `TZID` and a `VTIMEZONE` when the dataset
//! knows its time zone (a calendar then keeps the talk at 16:10 in Berlin whatever it does
//! with its own zone), else in UTC; whole days stay dates; an alarm before each event when
//! asked.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::schema::{self, event};
use crate::model::{Dataset, EntityRef, Role, When, slugify};

/// The events as one VCALENDAR. Events without a start cannot be placed in a calendar and are
/// left out.
pub fn to_ics(dataset: &Dataset, events: &[EntityRef], options: &super::Options) -> String {
    let stamp = options.stamp;
    let zone = known_zone(dataset);
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(&fold_line(text));
        out.push_str("\r\n");
    };
    let title = dataset.title.as_deref().unwrap_or("lotse");
    for header in calendar_header(title) {
        line(&header);
    }
    // Stable across exports: the same event keeps its UID, so calendars update, not duplicate.
    let mut dataset_slug = slugify(title).replace('.', "-");
    dataset_slug.truncate(24);
    let domain = format!("{}.lotse", dataset_slug.trim_end_matches('-'));
    let stamp = utc(stamp);
    if let Some((name, tz)) = &zone
        && let Some((first, last)) = span(dataset, events)
    {
        for zone_line in super::ics_zone::vtimezone(name, tz, first, last) {
            line(&zone_line);
        }
    }
    let zone = zone.as_ref().map(|(name, tz)| (name.as_str(), tz));
    for &entity in events {
        let text = |field| dataset.text(entity, field);
        let Some(start) = text(event::START).and_then(|s| When::parse(s).ok()) else {
            continue;
        };
        let end = text(event::END).and_then(|s| When::parse(s).ok());
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@{domain}", dataset.id(entity)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART{}", moment(start, false, zone)));
        // DTEND must be of DTSTART's type: a whole-day start ends on a day.
        let end = match (start, end) {
            (When::Date(_), Some(When::DateTime(_, day))) => Some(When::Date(day)),
            (When::DateTime(..), Some(When::Date(_))) => None,
            (_, end) => end,
        };
        if let Some(end) = end {
            line(&format!("DTEND{}", moment(end, true, zone)));
        }
        line(&format!("SUMMARY:{}", escape(dataset.name(entity))));
        let place: Vec<&str> = [text(event::VENUE), text(event::CITY), text(event::COUNTRY)]
            .into_iter()
            .flatten()
            .collect();
        if !place.is_empty() {
            line(&format!("LOCATION:{}", escape(&place.join(", "))));
        }
        let description = description(dataset, entity);
        if !description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&description)));
        }
        let topics = dataset.names(dataset.related(entity, Role::Topics));
        if !topics.is_empty() {
            let list: Vec<String> = topics.iter().map(|t| escape(t)).collect();
            line(&format!("CATEGORIES:{}", list.join(",")));
        }
        // A web address only, encoded as a URI: nothing else reaches a calendar to open.
        if let Some(url) = text(event::URL).and_then(super::web_uri) {
            line(&format!("URL:{url}"));
        }
        if let Some(before) = options.alarm {
            for alarm in alarm_lines(dataset.name(entity), before) {
                line(&alarm);
            }
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn calendar_header(title: &str) -> [String; 6] {
    [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:-//lotse//lotse {}//EN", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(title)),
    ]
}

/// A reminder `before` the event, shown with its name: to the second as asked (`-PT10M`,
/// `-PT90S`).
fn alarm_lines(name: &str, before: jiff::SignedDuration) -> [String; 5] {
    let seconds = before.as_secs();
    let trigger = if seconds % 60 == 0 {
        format!("-PT{}M", seconds / 60)
    } else {
        format!("-PT{seconds}S")
    };
    [
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(name)),
        format!("TRIGGER:{trigger}"),
        "END:VALARM".to_owned(),
    ]
}

/// The dataset's time zone, when it names one this lotse knows.
fn known_zone(dataset: &Dataset) -> Option<(String, TimeZone)> {
    let name = dataset.programme.as_ref()?.time_zone.as_deref()?;
    Some((name.to_owned(), TimeZone::get(name).ok()?))
}

/// The first and last instants of the events that have a time: what the VTIMEZONE covers.
fn span(dataset: &Dataset, events: &[EntityRef]) -> Option<(Timestamp, Timestamp)> {
    let instants: Vec<Timestamp> = events
        .iter()
        .flat_map(|&e| [event::START, event::END].map(|field| dataset.text(e, field)))
        .flatten()
        .filter_map(|text| match When::parse(text).ok()? {
            When::DateTime(at, _) => Some(at),
            When::Date(_) => None,
        })
        .collect();
    Some((*instants.iter().min()?, *instants.iter().max()?))
}

/// `;VALUE=DATE:20250227`, `;TZID=Europe/Berlin:20191227T161000` or `:20250227T130000Z`. A
/// date as DTEND is the day after, since an iCalendar end is exclusive and a lotse end
/// inclusive.
fn moment(when: When, is_end: bool, zone: Option<(&str, &TimeZone)>) -> String {
    match when {
        When::Date(date) => {
            let date = if is_end {
                date.tomorrow().unwrap_or(date)
            } else {
                date
            };
            format!(";VALUE=DATE:{}", date.strftime("%Y%m%d"))
        }
        When::DateTime(instant, _) => match zone {
            // A local time the zone has twice (the hour the clocks go back) is read by RFC 5545
            // as its first occurrence: one in the second is written in UTC, which means that
            // instant and no other.
            Some((name, tz)) if !is_repeated_local_time(instant, tz) => {
                let local = instant.to_zoned_datetime(tz.clone());
                format!(";TZID={name}:{}", local.strftime("%Y%m%dT%H%M%S"))
            }
            _ => format!(":{}", utc(instant)),
        },
    }
}

/// Whether the wall-clock time of `instant` in `zone` is one the zone shows twice.
fn is_repeated_local_time(instant: Timestamp, zone: &TimeZone) -> bool {
    let local = instant.to_zoned_datetime(zone.clone()).datetime();
    zone.to_ambiguous_zoned_datetime(local).is_ambiguous()
}

fn utc(instant: Timestamp) -> String {
    instant
        .to_zoned_datetime(TimeZone::UTC)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// The summary, then who speaks and who organizes: what a calendar entry should tell.
fn description(dataset: &Dataset, event: EntityRef) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = dataset.text(event, schema::event::SUMMARY) {
        parts.push(summary.to_owned());
    }
    for (label, role) in [
        ("Speakers", Role::Speakers),
        ("Organizers", Role::Organizers),
        ("Part of", Role::PartOf),
    ] {
        let names = dataset.names(dataset.related(event, role));
        if !names.is_empty() {
            parts.push(format!("{label}: {}", names.join(", ")));
        }
    }
    parts.join("\n\n")
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so that no line is longer than 75 octets, never inside a UTF-8
/// character: continuation lines start with one space.
pub fn fold_line(line: &str) -> String {
    const LIMIT: usize = 75;
    if line.len() <= LIMIT {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_are_at_most_75_octets_and_keep_characters_whole() {
        let long = format!("DESCRIPTION:{}", "äbc".repeat(60));
        let folded = fold_line(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn dtend_takes_the_type_of_dtstart() {
        let json = r#"{"lotse": 1, "events": [
            {"id": "a", "title": "A", "start": "2025-02-27", "end": "2025-02-28T10:00:00+01:00"},
            {"id": "b", "title": "B", "start": "2025-02-27T10:00:00+01:00", "end": "2025-02-28"}]}"#;
        let dataset = crate::model::Dataset::from_str(json).unwrap().dataset;
        let events: Vec<EntityRef> = dataset.entities().collect();
        let ics = to_ics(
            &dataset,
            &events,
            &crate::export::Options::at(Timestamp::UNIX_EPOCH),
        );
        assert!(
            ics.contains("DTSTART;VALUE=DATE:20250227\r\nDTEND;VALUE=DATE:20250301\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("DTSTART:20250227T090000Z\r\nSUMMARY:B"),
            "{ics}"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
