//! iCalendar (`.ics`, RFC 5545) into a lotse document: the calendar becomes a top-level event,
//! each VEVENT a child with SUMMARY, DTSTART/DTEND (with TZID, UTC, floating or all-day),
//! DURATION, LOCATION, URL, DESCRIPTION and CATEGORIES (topics). The `ical` crate unfolds lines
//! and splits properties; the text unescaping and time zones are done here.

use ical::parser::ical::component::IcalEvent;
use ical::property::Property;
use jiff::tz::TimeZone;
use jiff::{Span, ZonedDateTime};

use super::builder::Builder;
use super::datetime;
use crate::model::{Document, Event, Problem, Source};

/// Imports an iCalendar text; `file_name` names the calendar when it has no name.
pub fn import(text: &str, file_name: &str) -> Result<(Document, Vec<Problem>), String> {
    let text = components_in_upper_case(text);
    let reader = std::io::BufReader::new(text.as_bytes());
    let mut calendars = Vec::new();
    for calendar in ical::IcalParser::new(reader) {
        calendars.push(calendar.map_err(|error| error.to_string())?);
    }
    if calendars.is_empty() {
        return Err("no BEGIN:VCALENDAR found".to_owned());
    }
    let property = |name: &str| {
        calendars
            .iter()
            .find_map(|c| find(&c.properties, name))
            .and_then(|p| p.value.as_deref())
            .map(unescape)
    };
    let stem = std::path::Path::new(file_name).file_stem().map_or_else(
        || "Calendar".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    // The dataset is called what the calendar calls itself, or nothing: named after its file,
    // two unrelated `basic.ics` would share their bookmarks.
    let declared = property("X-WR-CALNAME");
    let title = declared.clone().unwrap_or(stem);
    let zone_name = property("X-WR-TIMEZONE");
    let default_zone = zone_name.as_deref().and_then(datetime::zone);
    let source = Source {
        id: format!("{title}-calendar"),
        title: format!("{title}: calendar"),
        file: Some(file_name.to_owned()),
        ..Source::default()
    };
    let mut builder = Builder::new(declared, source);
    if default_zone.is_some() {
        builder.programme.time_zone = zone_name.map(|z| z.trim().to_owned());
    }
    let calendar_id = builder.unique_id(&title, "calendar");
    let mut importer = Importer {
        builder,
        default_zone,
        calendar_id: calendar_id.clone(),
        moments: Vec::new(),
    };
    let mut events = Vec::new();
    for (c, calendar) in calendars.iter().enumerate() {
        for (e, event) in calendar.events.iter().enumerate() {
            let path = format!("VCALENDAR[{c}].VEVENT[{e}]");
            events.push(importer.event(event, &path));
        }
    }
    let (first, last) = importer.span();
    importer.builder.push_event(Event {
        id: calendar_id,
        title,
        kind: Some("calendar".to_owned()),
        start: first,
        end: last,
        ..Event::default()
    });
    for event in events {
        importer.builder.push_event(event);
    }
    Ok(importer.builder.finish())
}

/// RFC 5545 names are case-insensitive, but the `ical` crate knows components only as
/// `BEGIN:VCALENDAR`, `BEGIN:VEVENT`…: the BEGIN and END lines are upper-cased for it (property
/// and parameter names are compared without case here).
fn components_in_upper_case(text: &str) -> std::borrow::Cow<'_, str> {
    let is_bound = |line: &str| {
        let head = line.get(..6).unwrap_or(line).to_ascii_uppercase();
        head.starts_with("BEGIN:") || head.starts_with("END:")
    };
    let lower = |line: &str| is_bound(line) && line.bytes().any(|b| b.is_ascii_lowercase());
    if !text.split('\n').any(lower) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            if is_bound(line) {
                line.to_ascii_uppercase()
            } else {
                line.to_owned()
            }
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

fn find<'a>(properties: &'a [Property], name: &str) -> Option<&'a Property> {
    properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

fn parameter<'a>(property: &'a Property, name: &str) -> Option<&'a str> {
    property
        .params
        .as_ref()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

/// RFC 5545 TEXT: `\n` is a line break, `\,` `\;` `\\` the characters themselves.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a multi-valued TEXT (CATEGORIES) at the commas that are not escaped.
fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(unescape(&std::mem::take(&mut current)));
        } else {
            current.push(c);
        }
    }
    items.push(unescape(&current));
    items
        .into_iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

struct Importer {
    builder: Builder,
    default_zone: Option<TimeZone>,
    calendar_id: String,
    /// Every start and end seen, for the calendar's own first and last day.
    moments: Vec<jiff::civil::Date>,
}

/// A DTSTART or DTEND: a moment, or a whole day.
enum Moment {
    At(ZonedDateTime),
    Day(jiff::civil::Date),
}

impl Importer {
    fn event(&mut self, event: &IcalEvent, path: &str) -> Event {
        let props = &event.properties;
        let value = |name: &str| {
            find(props, name)
                .and_then(|p| p.value.as_deref())
                .map(unescape)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let title = value("SUMMARY").unwrap_or_else(|| {
            self.builder
                .repair(format!("{path}.SUMMARY"), "missing; called \"Untitled\"");
            "Untitled".to_owned()
        });
        let uid = value("UID").unwrap_or_else(|| title.clone());
        let id = self.builder.unique_id(&uid_stem(&uid), "event");
        let start = find(props, "DTSTART").and_then(|p| self.moment(p, path));
        let end = find(props, "DTEND").and_then(|p| self.moment(p, path));
        let duration = value("DURATION").and_then(|text| {
            let span = text.parse::<Span>().ok();
            if span.is_none() {
                self.builder.repair(
                    format!("{path}.DURATION"),
                    format!("{text:?} is not a duration; the event has no end"),
                );
            }
            span
        });
        if find(props, "RRULE").is_some() || find(props, "RDATE").is_some() {
            self.builder.repair(
                format!("{path}.RRULE"),
                "a repeating event: only its first occurrence is imported",
            );
        }
        let (start, end) = self.start_and_end(start, end, duration, path);
        let topics = props
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("CATEGORIES"))
            .filter_map(|p| p.value.as_deref())
            .flat_map(split_list)
            .map(|name| self.builder.topic(&name))
            .fold(Vec::new(), |mut topics, id| {
                if !topics.contains(&id) {
                    topics.push(id);
                }
                topics
            });
        Event {
            id,
            title,
            kind: None,
            start,
            end,
            venue: value("LOCATION"),
            summary: value("DESCRIPTION"),
            parent: Some(self.calendar_id.clone()),
            topics,
            url: value("URL"),
            key: Some(uid),
            ..Event::default()
        }
    }

    /// A date-time in its TZID, in UTC (`Z`), floating (the calendar's zone, else UTC), or a
    /// date (`VALUE=DATE`).
    fn moment(&mut self, property: &Property, path: &str) -> Option<Moment> {
        let value = property.value.as_deref()?.trim();
        let name = &property.name;
        if value.len() == 8 || parameter(property, "VALUE").is_some_and(|v| v == "DATE") {
            let date = jiff::civil::Date::strptime("%Y%m%d", value).ok();
            if date.is_none() {
                self.builder
                    .repair(format!("{path}.{name}"), format!("{value:?} is not a date"));
            }
            return date.map(Moment::Day);
        }
        let (local, utc) = match value.strip_suffix('Z') {
            Some(local) => (local, true),
            None => (value, false),
        };
        let Ok(datetime) = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", local) else {
            self.builder.repair(
                format!("{path}.{name}"),
                format!("{value:?} is not a date-time"),
            );
            return None;
        };
        let zone = if utc {
            TimeZone::UTC
        } else if let Some(tzid) = parameter(property, "TZID") {
            match datetime::zone(tzid.trim_matches('"').trim_start_matches('/')) {
                Some(zone) => zone,
                None => {
                    self.builder.repair(
                        format!("{path}.{name}"),
                        format!("unknown time zone {tzid:?}; time taken as UTC"),
                    );
                    TimeZone::UTC
                }
            }
        } else if let Some(zone) = &self.default_zone {
            zone.clone()
        } else {
            self.builder.repair(
                format!("{path}.{name}"),
                "a floating time (no zone); taken as UTC",
            );
            TimeZone::UTC
        };
        datetime.to_zoned_datetime(zone).ok().map(Moment::At)
    }

    /// The lotse start and end. An all-day DTEND is exclusive, lotse's end inclusive. An end
    /// before the start is dropped with a repair line: one bad event never fails the calendar.
    fn start_and_end(
        &mut self,
        start: Option<Moment>,
        end: Option<Moment>,
        duration: Option<Span>,
        path: &str,
    ) -> (Option<String>, Option<String>) {
        match start {
            Some(Moment::At(start)) => {
                let end = match end {
                    Some(Moment::At(end)) => Some(end),
                    _ => duration.and_then(|d| datetime::after(&start, d)),
                };
                let end = end.filter(|end| {
                    let in_order = end.timestamp() >= start.timestamp();
                    if !in_order {
                        self.builder.repair(
                            format!("{path}.DTEND"),
                            "ends before it starts; the event has no end",
                        );
                    }
                    in_order
                });
                self.moments.push(start.date());
                if let Some(end) = &end {
                    self.moments.push(end.date());
                }
                (
                    Some(datetime::format(&start)),
                    end.as_ref().map(datetime::format),
                )
            }
            Some(Moment::Day(day)) => {
                let last = match end {
                    Some(Moment::Day(end)) if end < day => {
                        self.builder.repair(
                            format!("{path}.DTEND"),
                            "ends before it starts; the event has no end",
                        );
                        None
                    }
                    Some(Moment::Day(end)) => end.yesterday().ok().filter(|e| *e > day),
                    _ => None,
                };
                self.moments.extend([Some(day), last].into_iter().flatten());
                (Some(day.to_string()), last.map(|d| d.to_string()))
            }
            None => (None, None),
        }
    }

    /// The calendar's first and last day.
    fn span(&self) -> (Option<String>, Option<String>) {
        let first = self.moments.iter().min();
        let last = self.moments.iter().max();
        (first.map(|d| d.to_string()), last.map(|d| d.to_string()))
    }
}

/// The part of a UID worth an id: `talk-42@lotse.example` → `talk-42`.
fn uid_stem(uid: &str) -> String {
    uid.split('@').next().unwrap_or(uid).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_and_category_lists() {
        assert_eq!(unescape(r"a\, b\; c\\d\nnext"), "a, b; c\\d\nnext");
        assert_eq!(
            split_list(r"KI,Daten\, offen , "),
            vec!["KI", "Daten, offen"]
        );
    }
}
