//! A selection as a frab `schedule.json` (the c3voc schema's shape), so that EventFahrplan,
//! Giggity and every frab consumer open it: the conference's days with their bounds, each
//! day's rooms in the schedule's order, each talk with its guid, time, duration, room, track,
//! language, speakers and links. Talks keep their schedule's guid; others get a stable one.

use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::web_uri;
use crate::model::{Dataset, EntityRef, Role, schema};
use crate::schedule::{Schedule, Slot};

/// The events of the selection that take place at a time, as one frab schedule.
pub fn to_frab(dataset: &Dataset, selection: &[EntityRef]) -> String {
    let schedule = Schedule::new(dataset);
    let slots = schedule.programme(selection.iter().copied());
    let numbering = Numbering {
        events: event_numbers(dataset, &slots),
        persons: person_numbers(dataset, &slots),
    };
    let days = days_of(&schedule, &slots);
    let acronym = acronym(dataset);
    // Each talk under its day, in one pass: a dataset of a million events has thousands of
    // dates.
    let day_index: std::collections::HashMap<(Option<usize>, Date), usize> = days
        .iter()
        .enumerate()
        .map(|(index, day)| ((day.number, day.date), index))
        .collect();
    let mut by_day: Vec<Vec<&Slot<'_>>> = vec![Vec::new(); days.len()];
    for slot in &slots {
        if let Some(&index) = day_index.get(&(slot.day, export_date(&schedule, slot))) {
            by_day[index].push(slot);
        }
    }
    let mut day_values = Vec::new();
    for (index, day) in days.iter().enumerate() {
        let mut rooms = Map::new();
        for slot in &by_day[index] {
            let room = slot.room.unwrap_or_default().to_owned();
            let events = rooms
                .entry(room)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(events) = events {
                events.push(event(dataset, slot, &numbering, &acronym));
            }
        }
        day_values.push(json!({
            "index": index + 1,
            "date": day.date.to_string(),
            "day_start": day.start,
            "day_end": day.end,
            "rooms": rooms,
        }));
    }
    let mut conference = json!({
        "acronym": acronym,
        "title": dataset.title.as_deref().unwrap_or("lotse"),
        "start": days.first().map(|d| d.date.to_string()),
        "end": days.last().map(|d| d.date.to_string()),
        "daysCount": days.len(),
        "timeslot_duration": "00:05",
        "rooms": rooms_of(&schedule, &slots),
        "days": day_values,
    });
    if let Some(programme) = &dataset.programme {
        if let Some(zone) = &programme.time_zone {
            conference["time_zone_name"] = json!(zone);
        }
        if !programme.tracks.is_empty() {
            let tracks: Vec<Value> = programme
                .tracks
                .iter()
                .map(|t| match &t.color {
                    Some(color) => json!({ "name": t.name, "color": color }),
                    None => json!({ "name": t.name }),
                })
                .collect();
            conference["tracks"] = json!(tracks);
        }
    }
    let schedule = json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "lotse", "version": env!("CARGO_PKG_VERSION") },
        "schedule": { "version": "lotse", "conference": conference },
    });
    let mut text = serde_json::to_string_pretty(&schedule).unwrap_or_default();
    text.push('\n');
    text
}

/// The rooms the talks are in, in the schedule's order, each with a stable guid.
fn rooms_of(schedule: &Schedule<'_>, slots: &[Slot<'_>]) -> Vec<Value> {
    let used: std::collections::HashSet<&str> = slots.iter().filter_map(|s| s.room).collect();
    schedule
        .rooms()
        .iter()
        .filter(|&&room| used.contains(room))
        .map(|room| json!({ "name": room, "guid": stable_uuid(&format!("room:{room}")) }))
        .collect()
}

/// A day of the export: a conference day, or the date of a talk on none.
struct ExportDay {
    number: Option<usize>,
    date: Date,
    start: String,
    end: String,
}

/// The conference days the talks fall on (with their bounds, else the whole date at the talks'
/// offset), and the dates of talks on no conference day, in date order.
fn days_of(schedule: &Schedule<'_>, slots: &[Slot<'_>]) -> Vec<ExportDay> {
    let mut days: Vec<ExportDay> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for slot in slots {
        let number = slot.day;
        let date = export_date(schedule, slot);
        if !seen.insert((number, date)) {
            continue;
        }
        let declared = number.map(|n| schedule.days()[n - 1]);
        let bound = |at: Option<jiff::Timestamp>, fallback: Date| match at {
            Some(at) => at_offset_of(at, slot),
            None => midnight_at_offset_of(fallback, slot),
        };
        days.push(ExportDay {
            number,
            date,
            start: bound(declared.and_then(|d| d.start), date),
            end: bound(
                declared.and_then(|d| d.end),
                date.tomorrow().unwrap_or(date),
            ),
        });
    }
    days.sort_by_key(|d| d.date);
    days
}

/// The date a talk is listed under: its conference day's, else its own.
fn export_date(schedule: &Schedule<'_>, slot: &Slot<'_>) -> Date {
    slot.day
        .map_or(slot.timing.date(), |n| schedule.days()[n - 1].date)
}

/// An instant written at the offset of a talk's own start (the schedule's clock).
fn at_offset_of(at: jiff::Timestamp, slot: &Slot<'_>) -> String {
    let offset = slot.timing.offset();
    at.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn midnight_at_offset_of(date: Date, slot: &Slot<'_>) -> String {
    let offset = slot.timing.offset();
    let local = date.to_datetime(jiff::civil::Time::midnight());
    local
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_else(|_| format!("{date}T00:00:00+00:00"))
}

fn event(dataset: &Dataset, slot: &Slot<'_>, numbering: &Numbering, acronym: &str) -> Value {
    let event = slot.event;
    let text = |field| dataset.text(event, field);
    let timing = &slot.timing;
    let minutes = timing.end.duration_since(timing.start).as_secs() / 60;
    let minutes = if timing.has_end || !timing.has_time {
        minutes
    } else {
        0
    };
    let speakers: Vec<Value> = dataset
        .related(event, Role::Speakers)
        .iter()
        .map(|&speaker| {
            let id = numbering.persons.get(&speaker).copied().unwrap_or_default();
            json!({ "id": id, "public_name": dataset.name(speaker) })
        })
        .collect();
    let links: Vec<Value> = dataset
        .texts(event, schema::event::LINKS)
        .filter_map(|url| Some((web_uri(url)?, url)))
        .map(|(uri, url)| json!({ "url": uri, "title": url }))
        .collect();
    let track = text(schema::event::TRACK).map(str::to_owned).or_else(|| {
        dataset
            .related(event, Role::Topics)
            .first()
            .map(|&t| dataset.name(t).to_owned())
    });
    let id = dataset.id(event);
    let mut value = json!({
        "guid": guid(dataset, event),
        "id": numbering.events.get(&event).copied().unwrap_or_default(),
        "date": at_offset_of(timing.start, slot),
        "start": timing.local_start.strftime("%H:%M").to_string(),
        "duration": format!("{:02}:{:02}", minutes / 60, minutes % 60),
        "room": slot.room.unwrap_or_default(),
        "slug": slug(id),
        "url": text(schema::event::URL)
            .and_then(web_uri)
            .unwrap_or_else(|| format!("urn:lotse:{acronym}:{id}")),
        "title": dataset.name(event),
        "subtitle": Value::Null,
        "track": track,
        "type": text(schema::event::KIND).unwrap_or("other"),
        "language": text(schema::event::LANGUAGE),
        "abstract": text(schema::event::SUMMARY),
        "description": Value::Null,
        "persons": speakers,
        "links": links,
    });
    if timing.has_end {
        value["end"] = json!(at_offset_of(timing.end, slot));
    }
    value
}

/// How much of a selection a frab schedule cannot hold: events with no time (or that are a
/// conference shown through its sessions), and addresses (an event's `url`, its links) that
/// are no web address.
pub fn left_out(dataset: &Dataset, events: &[EntityRef]) -> (usize, usize) {
    let placed = Schedule::new(dataset).programme(events.iter().copied());
    let addresses = placed
        .iter()
        .flat_map(|slot| {
            let url = dataset.text(slot.event, schema::event::URL);
            url.into_iter()
                .chain(dataset.texts(slot.event, schema::event::LINKS))
        })
        .filter(|url| web_uri(url).is_none())
        .count();
    (events.len() - placed.len(), addresses)
}

/// The event's own guid when its key is one, else a stable UUID (version 8, RFC 9562: made
/// by lotse) from its id, so that a consumer keeps its favourites across exports.
fn guid(dataset: &Dataset, event: EntityRef) -> String {
    let key = dataset.text(event, schema::event::KEY).unwrap_or_default();
    if is_uuid(key) {
        return key.to_ascii_lowercase();
    }
    stable_uuid(dataset.id(event))
}

/// A UUID made from `text`, the same for the same text: version 8 (RFC 9562: a vendor's own).
fn stable_uuid(text: &str) -> String {
    let high = crate::text::stable_hash(format!("lotse:{text}").as_bytes());
    let low = crate::text::stable_hash(format!("{text}:lotse").as_bytes());
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_8000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// frab's integer ids of the talks, never two alike in one export: the number a talk's lotse id
/// ends with (`36c3-10595`), for the first talk (in programme order) that has it; else the
/// talk's place in the dataset counted past a million (no clash with real frab ids), or the
/// next number free after it. `talk-1`, `workshop-1` and `panel-1` are three talks.
fn event_numbers(dataset: &Dataset, slots: &[Slot<'_>]) -> Numbers {
    let mut taken = rustc_hash::FxHashSet::default();
    let mut numbers = Numbers::default();
    for slot in slots {
        let own = dataset
            .id(slot.event)
            .rsplit('-')
            .next()
            .and_then(|tail| tail.parse::<u64>().ok())
            .filter(|&n| n >= 1);
        if let Some(number) = own.filter(|&n| taken.insert(n)) {
            numbers.insert(slot.event, number);
        }
    }
    for slot in slots {
        numbers.entry(slot.event).or_insert_with(|| {
            let mut number = 1_000_000 + slot.event.index() as u64;
            while !taken.insert(number) {
                number += 1;
            }
            number
        });
    }
    numbers
}

type Numbers = rustc_hash::FxHashMap<EntityRef, u64>;

/// A slug frab accepts: `[a-z0-9_-]`, ending in a letter or digit.
fn slug(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_end_matches(['-', '_']).to_owned();
    if slug.is_empty() {
        "event".to_owned()
    } else {
        slug
    }
}

/// The conference's acronym as the schema wants it (`[a-z0-9_]`, four at least): the
/// programme's, else the title's, with what it does not allow as `_`.
fn acronym(dataset: &Dataset) -> String {
    let source = dataset
        .programme
        .as_ref()
        .and_then(|p| p.acronym.as_deref())
        .or(dataset.title.as_deref())
        .unwrap_or("lotse");
    let mut acronym: String = crate::model::slugify(source)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    acronym.truncate(40);
    while acronym.len() < 4 {
        acronym.push('_');
    }
    acronym
}

/// frab's integer ids of the talks and of the people, each unique in the export.
struct Numbering {
    events: Numbers,
    persons: Persons,
}

/// frab's integer person ids, from 1 in the order the talks name their speakers.
type Persons = rustc_hash::FxHashMap<EntityRef, usize>;

fn person_numbers(dataset: &Dataset, slots: &[Slot<'_>]) -> Persons {
    let mut persons = Persons::default();
    for slot in slots {
        for &speaker in dataset.related(slot.event, Role::Speakers) {
            let next = persons.len() + 1;
            persons.entry(speaker).or_insert(next);
        }
    }
    persons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ids_are_unique_in_an_export() {
        let json = r#"{"lotse": 1, "title": "Camp", "events": [
            {"id": "talk-1", "title": "T", "start": "2025-08-01T10:00:00+02:00"},
            {"id": "workshop-1", "title": "W", "start": "2025-08-01T11:00:00+02:00"},
            {"id": "panel-1", "title": "P", "start": "2025-08-01T12:00:00+02:00"},
            {"id": "camp-2", "title": "C", "start": "2025-08-01T13:00:00+02:00"},
            {"id": "camp-2-2", "title": "C2", "start": "2025-08-01T14:00:00+02:00"}]}"#;
        let dataset = Dataset::from_str(json).unwrap().dataset;
        let events: Vec<EntityRef> = dataset.entities().collect();
        let schedule: Value = serde_json::from_str(&to_frab(&dataset, &events)).unwrap();
        let mut ids: Vec<u64> = schedule["schedule"]["conference"]["days"][0]["rooms"][""]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids[0], 1, "the first talk keeps its number");
        assert_eq!(ids[3], 2);
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5, "no two alike: {ids:?}");
    }
}
