//! frab and pretalx schedules (`schedule.json`, as published by frab, pretalx and the c3voc
//! tools, old and new versions) into a lotse document. The JSON is walked as loose values
//! rather than typed structs, because real files disagree on types (ids as numbers or strings,
//! `links` as strings or objects, `null` where a string should be).

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::builder::Builder;
use super::datetime;
use super::markup::to_plain_text;
use crate::model::{Document, Event, Problem, Source};

/// Where a value sits, for messages: `schedule.conference.days[0].rooms["Ada"][2]`.
type Path = String;

/// Why a schedule could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    pub path: String,
    pub message: String,
}

/// Imports a parsed frab/pretalx schedule; `file_name` is cited as the source.
pub fn import(root: &Value, file_name: &str) -> Result<(Document, Vec<Problem>), ScheduleError> {
    let schedule = root
        .get("schedule")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            error(
                "schedule",
                "missing; a frab schedule has a \"schedule\" object",
            )
        })?;
    let conference = schedule
        .get("conference")
        .and_then(Value::as_object)
        .ok_or_else(|| error("schedule.conference", "missing or not an object"))?;
    let days = conference
        .get("days")
        .filter(|d| d.is_array())
        .or_else(|| schedule.get("days"))
        .and_then(Value::as_array)
        .ok_or_else(|| error("schedule.conference.days", "missing or not a list of days"))?;

    let acronym = text(conference, "acronym");
    // The dataset is called what the file calls it, or nothing: a made-up title would name
    // every untitled schedule's bookmarks alike.
    let declared = text(conference, "title").or_else(|| acronym.clone());
    let title = declared.clone().unwrap_or_else(|| "Conference".to_owned());
    let base_url = text(schedule, "base_url");
    let source = Source {
        id: format!("{}-schedule", acronym.as_deref().unwrap_or("conference")),
        title: format!("{title}: schedule"),
        publisher: None,
        published: None,
        language: None,
        file: Some(file_name.to_owned()),
        url: base_url.clone(),
    };
    let mut builder = Builder::new(declared, source);
    let zone_name = text(conference, "time_zone_name");
    let zone = zone_name.as_deref().and_then(datetime::zone);
    if let (Some(name), None) = (&zone_name, &zone) {
        builder.repair(
            "schedule.conference.time_zone_name",
            format!("unknown time zone {name:?}; times keep the offsets the file gives"),
        );
    }

    builder.programme.acronym = acronym.clone();
    builder.programme.time_zone = zone.is_some().then(|| zone_name.clone()).flatten();
    read_rooms_and_tracks(conference, &mut builder);
    let conference_id = builder.unique_id(acronym.as_deref().unwrap_or(&title), "conference");
    let mut importer = Importer {
        builder,
        zone,
        conference_id: conference_id.clone(),
        acronym: acronym.clone().unwrap_or(conference_id.clone()),
        seen_event_ids: Default::default(),
        warned_rooms: Default::default(),
    };
    let (start, end) = conference_days(conference, &mut importer.builder);
    importer.builder.push_event(Event {
        id: conference_id,
        title,
        kind: Some("conference".to_owned()),
        start,
        end,
        series: acronym,
        url: base_url,
        ..Event::default()
    });
    for (d, day) in days.iter().enumerate() {
        importer.day(day, format!("schedule.conference.days[{d}]"));
    }
    Ok(importer.builder.finish())
}

/// The conference's first and last days; an end before the start (a typo) is left out and
/// said, as any other damage: the schedule itself is fine.
fn conference_days(
    conference: &Map<String, Value>,
    builder: &mut Builder,
) -> (Option<String>, Option<String>) {
    let start = text(conference, "start").and_then(|s| day_text(&s));
    let end = text(conference, "end").and_then(|s| day_text(&s));
    match (&start, &end) {
        (Some(first), Some(last)) if last < first => {
            builder.repair(
                "schedule.conference.end",
                format!("{last} is before the start {first}; the conference has no end"),
            );
            (start, None)
        }
        _ => (start, end),
    }
}

/// The rooms in the order the conference lists them (newer schedules have `rooms`; the days'
/// room lists fill in the rest as they are read) and the tracks with their colours.
fn read_rooms_and_tracks(conference: &Map<String, Value>, builder: &mut Builder) {
    let named = |item: &Value| match item {
        Value::String(name) => Some(name.trim().to_owned()),
        Value::Object(object) => text(object, "name"),
        _ => None,
    };
    let list = |key: &str| {
        conference
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    };
    for room in list("rooms").filter_map(named).filter(|r| !r.is_empty()) {
        builder.room(&room);
    }
    for track in list("tracks") {
        let Some(name) = named(track) else { continue };
        let color = track.as_object().and_then(|t| text(t, "color"));
        builder
            .programme
            .tracks
            .push(crate::model::Track { name, color });
    }
}

fn error(path: &str, message: &str) -> ScheduleError {
    ScheduleError {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

/// A string field, trimmed; numbers are written out; empty and `null` are absent.
fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `YYYY-MM-DD` of a date or date-time, if it is one.
fn day_text(text: &str) -> Option<String> {
    datetime::parse_date(text).map(|date| date.to_string())
}

struct Importer {
    builder: Builder,
    zone: Option<TimeZone>,
    conference_id: String,
    acronym: String,
    seen_event_ids: rustc_hash::FxHashSet<String>,
    warned_rooms: rustc_hash::FxHashSet<String>,
}

impl Importer {
    fn day(&mut self, day: &Value, path: Path) {
        let Some(day) = day.as_object() else {
            self.builder.repair(path, "not an object; day skipped");
            return;
        };
        let date = text(day, "date").and_then(|d| datetime::parse_date(&d));
        let bound = |key: &str| {
            text(day, key).and_then(|s| datetime::parse_instant(&s, self.zone.as_ref()))
        };
        let (start, end) = (bound("day_start"), bound("day_end"));
        let day_start = start.as_ref().map(|z| z.time());
        // Without a zone lotse knows, a time of day is at the offset the day's bounds give.
        let offset = start.as_ref().map(|z| z.offset());
        if let Some(date) = date {
            // Bounds that end before they begin are no bounds.
            let (start, end) = match (start.as_ref(), end.as_ref()) {
                (Some(s), Some(e)) if e < s => (None, None),
                _ => (start.as_ref(), end.as_ref()),
            };
            let day = crate::model::Day {
                date: date.to_string(),
                start: start.map(datetime::format),
                end: end.map(datetime::format),
            };
            self.builder.day(day, &path);
        }
        let Some(rooms) = day.get("rooms").and_then(Value::as_object) else {
            self.builder
                .repair(format!("{path}.rooms"), "missing; day skipped");
            return;
        };
        for (room, events) in rooms {
            if !room.trim().is_empty() {
                self.builder.room(room.trim());
            }
            let room_path = format!("{path}.rooms[{room:?}]");
            let Some(events) = events.as_array() else {
                self.builder
                    .repair(room_path, "not a list of events; skipped");
                continue;
            };
            for (e, event) in events.iter().enumerate() {
                let context = DayContext {
                    date,
                    day_start,
                    offset,
                    room: room.as_str(),
                };
                self.event(event, &context, format!("{room_path}[{e}]"));
            }
        }
    }

    fn event(&mut self, event: &Value, day: &DayContext<'_>, path: Path) {
        let Some(event) = event.as_object() else {
            self.builder.repair(path, "not an object; event skipped");
            return;
        };
        let title = text(event, "title").unwrap_or_else(|| {
            self.builder
                .repair(format!("{path}.title"), "missing; called \"Untitled\"");
            "Untitled".to_owned()
        });
        let source_id = text(event, "id")
            .or_else(|| text(event, "guid"))
            .unwrap_or_else(|| title.clone());
        if !self.seen_event_ids.insert(source_id.clone()) {
            self.builder.repair(
                format!("{path}.id"),
                format!("event id {source_id} appears twice; both kept"),
            );
        }
        let id = self
            .builder
            .unique_id(&format!("{}-{source_id}", self.acronym), "event");
        let (start, end) = self.times(event, day, &path);
        let venue = self.venue(event, day.room, &path);
        let track = text(event, "track");
        let topics = track
            .as_ref()
            .map(|track| vec![self.builder.topic(track)])
            .unwrap_or_default();
        let speakers = self.persons(event, &path);
        let links = self.links(event, &path);
        self.builder.push_event(Event {
            id,
            title,
            kind: text(event, "type"),
            start,
            end,
            venue,
            summary: summary(event),
            parent: Some(self.conference_id.clone()),
            speakers,
            topics,
            url: text(event, "url"),
            language: text(event, "language"),
            links,
            track,
            key: text(event, "guid").or_else(|| text(event, "code")),
            ..Event::default()
        });
    }

    /// Start and end: the event's own `date` when it is a full date-time, else its day and
    /// `start`; the end is the start plus `duration`.
    fn times(
        &mut self,
        event: &Map<String, Value>,
        day: &DayContext<'_>,
        path: &str,
    ) -> (Option<String>, Option<String>) {
        let own = text(event, "date");
        let start = own
            .as_deref()
            .and_then(|d| datetime::parse_instant(d, self.zone.as_ref()))
            .or_else(|| {
                let date = own.as_deref().and_then(datetime::parse_date).or(day.date)?;
                let clock = text(event, "start").and_then(|s| datetime::parse_clock(&s))?;
                // A talk at 01:00 on a day that starts at 10:00 is that night, the next date.
                let date = match day.day_start {
                    Some(day_start) if clock < day_start && own.is_none() => {
                        date.tomorrow().ok()?
                    }
                    _ => date,
                };
                let zone = match (&self.zone, day.offset) {
                    (Some(zone), _) => zone.clone(),
                    (None, Some(offset)) => {
                        self.builder.repair_once(
                            "schedule.conference.time_zone_name",
                            format!(
                                "no time zone lotse knows; times of day are taken at the \
                                 offset the day's bounds give ({offset})"
                            ),
                        );
                        TimeZone::fixed(offset)
                    }
                    (None, None) => {
                        self.builder.repair(
                            format!("{path}.start"),
                            "no time zone in the schedule; time taken as UTC",
                        );
                        TimeZone::UTC
                    }
                };
                datetime::local(date, clock, Some(&zone))
            });
        let Some(start) = start else {
            self.builder.repair(
                format!("{path}.date"),
                "no usable date and start; event has no time",
            );
            return (None, None);
        };
        let end = match text(event, "duration") {
            Some(duration) => match datetime::parse_duration(&duration) {
                Some(span) => datetime::after(&start, span),
                None => {
                    self.builder.repair(
                        format!("{path}.duration"),
                        format!("{duration:?} is not a duration (H:MM); event has no end"),
                    );
                    None
                }
            },
            None => None,
        };
        (
            Some(datetime::format(&start)),
            end.as_ref().map(datetime::format),
        )
    }

    /// The room, trimmed; an empty room is no venue. Each odd room name is reported once.
    fn venue(&mut self, event: &Map<String, Value>, day_room: &str, path: &str) -> Option<String> {
        let raw = match event.get("room") {
            Some(Value::String(room)) => room.as_str(),
            _ => day_room,
        };
        let room = raw.trim();
        if room != raw && self.warned_rooms.insert(raw.to_owned()) {
            self.builder.repair(
                format!("{path}.room"),
                format!("room name {raw:?} has spaces around it; trimmed"),
            );
        }
        if room.is_empty() {
            if self.warned_rooms.insert(String::new()) {
                self.builder.repair(
                    format!("{path}.room"),
                    "empty room name; events without a venue",
                );
            }
            return None;
        }
        Some(room.to_owned())
    }

    /// One speaker per person id (frab `id`, pretalx `code`, or `guid`), named by
    /// `public_name`, `full_public_name` or `name`.
    fn persons(&mut self, event: &Map<String, Value>, path: &str) -> Vec<String> {
        let Some(persons) = event.get("persons").and_then(Value::as_array) else {
            return Vec::new();
        };
        let mut speakers = Vec::new();
        for (p, person) in persons.iter().enumerate() {
            let person_path = format!("{path}.persons[{p}]");
            let (name, key) = match person {
                Value::String(name) => (Some(name.trim().to_owned()), None),
                Value::Object(person) => {
                    let name = ["public_name", "full_public_name", "name"]
                        .iter()
                        .find_map(|k| text(person, k));
                    let key = ["code", "guid", "id"].iter().find_map(|k| text(person, k));
                    (name, key)
                }
                _ => (None, None),
            };
            let Some(name) = name.filter(|n| !n.is_empty()) else {
                self.builder
                    .repair(person_path, "a person without a name; left out");
                continue;
            };
            let key = key.unwrap_or_else(|| format!("name:{name}"));
            let id = self.builder.speaker(&key, &name, &person_path);
            if !speakers.contains(&id) {
                speakers.push(id);
            }
        }
        speakers
    }

    /// Link addresses from `links` given as strings or as `{url, title}` objects.
    fn links(&mut self, event: &Map<String, Value>, path: &str) -> Vec<String> {
        let Some(links) = event.get("links").and_then(Value::as_array) else {
            return Vec::new();
        };
        let mut urls = Vec::new();
        for (l, link) in links.iter().enumerate() {
            let url = match link {
                Value::String(url) => Some(url.trim().to_owned()),
                Value::Object(link) => text(link, "url").or_else(|| text(link, "href")),
                _ => None,
            };
            match url.filter(|u| !u.is_empty()) {
                Some(url) if !urls.contains(&url) => urls.push(url),
                Some(_) => {}
                None => self.builder.repair(
                    format!("{path}.links[{l}]"),
                    "a link without an address; left out",
                ),
            }
        }
        urls
    }
}

/// What an event inherits from the day and room it is listed under.
struct DayContext<'a> {
    date: Option<jiff::civil::Date>,
    day_start: Option<jiff::civil::Time>,
    /// The offset of the day's start as the file writes it.
    offset: Option<jiff::tz::Offset>,
    room: &'a str,
}

/// Subtitle, abstract and description as plain text, each once.
fn summary(event: &Map<String, Value>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for key in ["subtitle", "abstract", "description"] {
        if let Some(part) = text(event, key).map(|t| to_plain_text(&t))
            && !part.is_empty()
            && !parts.iter().any(|p| p.contains(&part))
        {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
