//! `lotse agenda` (the matching events as a programme, day by day) and `lotse now` (per room,
//! what runs at a moment and what comes next).

use std::io::Write;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::{Outcome, Style};
use crate::model::{Dataset, EntityRef, Kind, Role, schema};
use crate::schedule::{RoomNow, Schedule, Slot};
use crate::search::{SearchIndex, SortOrder};
use crate::text;

/// What `lotse agenda` was asked for.
pub struct AgendaRequest<'a> {
    pub query: &'a str,
    pub day: Option<usize>,
    pub date: Option<&'a str>,
    pub room: Option<&'a str>,
    pub json: bool,
}

/// Prints the events the query matches (all without one) on the day, date and room asked
/// for, in start order, then room order.
pub fn agenda(
    dataset: &Dataset,
    request: &AgendaRequest<'_>,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let schedule = Schedule::new(dataset);
    let slots = match matching_slots(dataset, &schedule, request) {
        Ok(slots) => slots,
        Err(message) => {
            writeln!(err, "lotse: {message}")?;
            return Ok(Outcome::Failure);
        }
    };
    if request.json {
        let entries: Vec<Value> = slots
            .iter()
            .map(|slot| agenda_entry(dataset, slot))
            .collect();
        writeln!(out, "{}", crate::text::json(&Value::Array(entries)))?;
    } else {
        write_agenda(dataset, &schedule, &slots, style, out)?;
    }
    if slots.is_empty() {
        writeln!(err, "lotse: no event with a time matches")?;
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Success)
}

/// The slots of the events that match the query, day, date and room, in programme order.
fn matching_slots<'d>(
    dataset: &'d Dataset,
    schedule: &Schedule<'d>,
    request: &AgendaRequest<'_>,
) -> Result<Vec<Slot<'d>>, String> {
    let day = match (request.day, request.date) {
        (Some(day), _) => Some(checked_day(schedule, day)?),
        (None, Some(date)) => Some(date_wanted(schedule, date)?),
        (None, None) => None,
    };
    let room = request
        .room
        .map(|room| checked_room(schedule, room))
        .transpose()?;
    let events: Vec<EntityRef> = if request.query.trim().is_empty() {
        dataset.entities_of(Kind::Event).collect()
    } else {
        let index = SearchIndex::new(dataset);
        let query = crate::search::parse(request.query).map_err(|e| e.to_string())?;
        index
            .search(
                dataset,
                &query,
                Some(Kind::Event),
                SortOrder::Relevance,
                usize::MAX,
            )
            .hits
            .iter()
            .map(|hit| hit.entity)
            .collect()
    };
    Ok(schedule
        .programme(events)
        .into_iter()
        .filter(|slot| match day {
            Some(DayWanted::Number(number)) => slot.day == Some(number),
            Some(DayWanted::Date(date)) => slot.timing.date() == date,
            None => true,
        })
        .filter(|slot| room.is_none_or(|room| slot.room == Some(room)))
        .collect())
}

/// A day given by its number, or a date that is no conference day.
#[derive(Clone, Copy)]
enum DayWanted {
    Number(usize),
    Date(Date),
}

/// A date: the conference day on it (so that a talk after midnight still counts), else the
/// events that start on it.
fn date_wanted(schedule: &Schedule<'_>, date: &str) -> Result<DayWanted, String> {
    let date: Date = date
        .parse()
        .map_err(|_| format!("--date: {date:?} is not a date such as 2019-12-27"))?;
    Ok(schedule
        .days()
        .iter()
        .find(|day| day.date == date)
        .map_or(DayWanted::Date(date), |day| DayWanted::Number(day.number)))
}

fn checked_day(schedule: &Schedule<'_>, day: usize) -> Result<DayWanted, String> {
    let count = schedule.days().len();
    if (1..=count).contains(&day) {
        return Ok(DayWanted::Number(day));
    }
    Err(match count {
        0 => "--day: the dataset has no events with dates".to_owned(),
        1 => format!("--day {day}: the schedule has one day (--day 1)"),
        _ => format!("--day {day}: the schedule has {count} days (1 to {count})"),
    })
}

/// A room of the schedule, named with any case; an unknown one is an error naming the rooms.
fn checked_room<'d>(schedule: &Schedule<'d>, room: &str) -> Result<&'d str, String> {
    let wanted = room.trim();
    if let Some(&found) = schedule
        .rooms()
        .iter()
        .find(|r| r.eq_ignore_ascii_case(wanted))
    {
        return Ok(found);
    }
    let rooms = schedule.rooms();
    let shown: Vec<String> = rooms.iter().take(12).map(|r| format!("{r:?}")).collect();
    let more = rooms.len().saturating_sub(shown.len());
    let listed = match (rooms.is_empty(), more) {
        (true, _) => "the dataset names no rooms".to_owned(),
        (false, 0) => format!("rooms: {}", shown.join(", ")),
        (false, more) => format!("rooms: {}, and {more} more", shown.join(", ")),
    };
    Err(format!(
        "--room: no room {:?}; {listed}",
        text::visible(wanted)
    ))
}

/// `{"id","name","start","end","room","day"}`: times as the dataset holds them (ISO 8601 with
/// the offset they were written with), `null` for what it does not know.
fn agenda_entry(dataset: &Dataset, slot: &Slot<'_>) -> Value {
    let mut entry = times_entry(dataset, slot);
    entry["room"] = json!(slot.room);
    entry["day"] = json!(slot.day);
    entry
}

/// `{"id","name","start","end"}`: an event and its times, as both commands print it.
fn times_entry(dataset: &Dataset, slot: &Slot<'_>) -> Value {
    json!({
        "id": dataset.id(slot.event),
        "name": dataset.name(slot.event),
        "start": dataset.text(slot.event, schema::event::START),
        "end": dataset.text(slot.event, schema::event::END),
    })
}

/// Day by day: a heading per day, then a line per event (time, room, title, speakers, id).
fn write_agenda(
    dataset: &Dataset,
    schedule: &Schedule<'_>,
    slots: &[Slot<'_>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let room_columns = slots
        .iter()
        .map(|s| text::width(s.room.unwrap_or("")))
        .max()
        .unwrap_or(0);
    let mut heading: Option<String> = None;
    for slot in slots {
        let this = day_heading(schedule, slot);
        if heading.as_ref() != Some(&this) {
            if heading.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", style.heading(&this))?;
            heading = Some(this);
        }
        let time = text::fit(&slot.timing.clock_span(), 11);
        let room = text::fit(slot.room.unwrap_or(""), room_columns);
        writeln!(
            out,
            "{}",
            event_line(dataset, slot.event, &format!("  {time}  {room}  "), style)
        )?;
    }
    Ok(())
}

/// `Day 2 · Sat 2019-12-28` for a schedule's day; the date alone for a date events start on
/// or an event on no conference day.
fn day_heading(schedule: &Schedule<'_>, slot: &Slot<'_>) -> String {
    match slot.day {
        Some(day) => schedule.days()[day - 1].heading(),
        None => {
            let date = slot.timing.date();
            format!("{} {date}", date.strftime("%a"))
        }
    }
}

/// The title, the speakers and the id after `lead`, cut to the terminal (ids never).
fn event_line(dataset: &Dataset, event: EntityRef, lead: &str, style: Style) -> String {
    let speakers = dataset
        .names(dataset.related(event, Role::Speakers))
        .join(", ");
    let id = dataset.id(event);
    let mut title = dataset.name(event).to_owned();
    if !speakers.is_empty() {
        title = format!("{title} · {speakers}");
    }
    if let Some(width) = style.width {
        let room = width.saturating_sub(text::width(lead) + text::width(id) + 2);
        title = text::truncate(&title, room.max(12));
    }
    format!("{lead}{title}  {}", style.dim(id))
}

/// `lotse now`: per room in the schedule's order, what runs at `at` and what comes next.
pub fn now(
    dataset: &Dataset,
    at: &str,
    json: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let schedule = Schedule::new(dataset);
    let at = match schedule.moment(at) {
        Ok(at) => at,
        Err(message) => {
            writeln!(err, "lotse: --at: {message}")?;
            return Ok(Outcome::Failure);
        }
    };
    let rooms = schedule.now(at);
    if json {
        let rooms: Vec<Value> = rooms.iter().map(|room| room_json(dataset, room)).collect();
        writeln!(out, "{}", crate::text::json(&Value::Array(rooms)))?;
    } else {
        write_now(dataset, &rooms, style, out)?;
    }
    if rooms.is_empty() {
        let local = at
            .to_zoned_datetime(schedule.zone())
            .strftime("%Y-%m-%d %H:%M");
        writeln!(
            err,
            "lotse: nothing runs at {local}, and nothing comes after it"
        )?;
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Success)
}

/// `{"room", "now": [ENTRY…], "next": ENTRY or null}`, ENTRY `{"id","name","start","end"}`.
fn room_json(dataset: &Dataset, room: &RoomNow<'_>) -> Value {
    let entry = |slot: &Slot<'_>| times_entry(dataset, slot);
    json!({
        "room": room.room,
        "now": room.now.iter().map(entry).collect::<Vec<_>>(),
        "next": room.next.as_ref().map(entry),
    })
}

fn write_now(
    dataset: &Dataset,
    rooms: &[RoomNow<'_>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let room_columns = rooms
        .iter()
        .map(|r| text::width(r.room.unwrap_or("(no room)")))
        .max()
        .unwrap_or(0);
    for room in rooms {
        let mut name = room.room.unwrap_or("(no room)").to_owned();
        let lines = room
            .now
            .iter()
            .map(|slot| ("now ", slot))
            .chain(room.next.iter().map(|slot| ("next", slot)));
        for (when, slot) in lines {
            let time = text::fit(&slot.timing.clock_span(), 11);
            let lead = format!("{}  {when}  {time}  ", text::fit(&name, room_columns));
            writeln!(out, "{}", event_line(dataset, slot.event, &lead, style))?;
            // The room's name once; its further lines stand under it.
            name.clear();
        }
    }
    Ok(())
}

/// The moment `lotse now` and the agenda take as "now": `--at`, else `LOTSE_NOW`, else the
/// clock (as a date-time with offset).
pub fn now_text(at: Option<&str>) -> String {
    at.map(str::to_owned)
        .or_else(|| {
            std::env::var("LOTSE_NOW")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| Timestamp::now().to_string())
}
