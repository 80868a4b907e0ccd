//! A selection as a frab `schedule.json` (the c3voc schema's shape), so that EventFahrplan,
//! Giggity and every frab consumer open it: the conference's days with their bounds, each
//! day's rooms in the schedule's order, each talk with its guid, time, duration, room, track,
//! language, speakers and links. Talks keep their schedule's guid; others get a stable one.

use jiff::civil::Date;
use serde_json::{Map, Value, json};

use crate::model::{Dataset, EntityRef, Role, schema};
use crate::schedule::{Schedule, Slot};

/// The events of the selection that take place at a time, as one frab schedule.
pub fn to_frab(dataset: &Dataset, selection: &[EntityRef]) -> String {
    let schedule = Schedule::new(dataset);
    let slots = schedule.programme(selection.iter().copied());
    let persons = person_numbers(dataset, &slots);
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
                events.push(event(dataset, slot, &persons, &acronym));
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

fn event(dataset: &Dataset, slot: &Slot<'_>, persons: &Persons, acronym: &str) -> Value {
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
            let id = persons.get(&speaker).copied().unwrap_or_default();
            json!({ "id": id, "public_name": dataset.name(speaker) })
        })
        .collect();
    let links: Vec<Value> = dataset
        .texts(event, schema::event::LINKS)
        .filter_map(|url| Some((as_uri(url)?, url)))
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
        "id": number_of(dataset, event),
        "date": at_offset_of(timing.start, slot),
        "start": timing.local_start.strftime("%H:%M").to_string(),
        "duration": format!("{:02}:{:02}", minutes / 60, minutes % 60),
        "room": slot.room.unwrap_or_default(),
        "slug": slug(id),
        "url": text(schema::event::URL).map_or_else(|| format!("urn:lotse:{acronym}:{id}"), str::to_owned),
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

/// A link as the absolute URI frab's `links` must hold: characters a URI may not have where
/// they stand percent-encoded (a second `#`, `[` outside the host, spaces, non-ASCII), as a
/// browser sends them. `None` for what has no scheme (real schedules hold `www.example.org`
/// and plain titles there): left out, and counted.
fn as_uri(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !scheme_ok || rest.trim().is_empty() {
        return None;
    }
    // The host of `//host/…` may be an IPv6 literal in brackets; nothing else may hold them.
    let authority_end = rest.strip_prefix("//").map_or(0, |after| {
        2 + after.find(['/', '?', '#']).unwrap_or(after.len())
    });
    let mut uri = format!("{scheme}:");
    let mut in_fragment = false;
    for (at, c) in rest.char_indices() {
        let allowed = c.is_ascii_alphanumeric()
            || "-._~!$&'()*+,;=:@/?%".contains(c)
            || (c == '#' && !in_fragment)
            || ((c == '[' || c == ']') && at < authority_end);
        in_fragment |= c == '#';
        if allowed {
            uri.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    Some(uri)
}

/// How much of a selection a frab schedule cannot hold: events with no time (or that are a
/// conference shown through its sessions), and links that are no URI.
pub fn left_out(dataset: &Dataset, events: &[EntityRef]) -> (usize, usize) {
    let placed = Schedule::new(dataset).programme(events.iter().copied());
    let links = placed
        .iter()
        .flat_map(|slot| dataset.texts(slot.event, schema::event::LINKS))
        .filter(|url| as_uri(url).is_none())
        .count();
    (events.len() - placed.len(), links)
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

/// frab's integer id: the number the lotse id ends with (`36c3-10595`), else the event's
/// place in the dataset counted past a million (no clash with real frab ids).
fn number_of(dataset: &Dataset, event: EntityRef) -> u64 {
    let id = dataset.id(event);
    id.rsplit('-')
        .next()
        .and_then(|tail| tail.parse::<u64>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1_000_000 + event.index() as u64)
}

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
    fn links_become_uris_or_are_left_out() {
        assert_eq!(
            as_uri("https://example.org/a?b=c#d").as_deref(),
            Some("https://example.org/a?b=c#d")
        );
        assert_eq!(
            as_uri("https://chat.fosdem.org/#/room/#2026-main:fosdem.org").as_deref(),
            Some("https://chat.fosdem.org/#/room/%232026-main:fosdem.org")
        );
        assert_eq!(
            as_uri("https://matrix.to/#/x?web-instance[element.io]=y").as_deref(),
            Some("https://matrix.to/#/x?web-instance%5Belement.io%5D=y")
        );
        assert_eq!(
            as_uri("http://[::1]:8080/ä b").as_deref(),
            Some("http://[::1]:8080/%C3%A4%20b")
        );
        assert_eq!(as_uri("www.cadus.org"), None);
        assert_eq!(as_uri("Hack_Curio, Decoding the Cultures of Hacking"), None);
    }
}
