//! A dataset read as a conference programme: its days, its rooms in order, each event's time,
//! day and room, what runs at a moment and what comes next, and which events clash. The core
//! of the agenda, `lotse agenda`, `lotse now` and the bookmarks' clashes; it knows nothing of
//! the terminal or the clock (the caller says what "now" is).

use std::cell::OnceCell;
use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;

pub mod agenda;
pub mod diff;

use crate::model::{Dataset, EntityRef, Kind, Role, Timing, schema};

/// One conference day: its number (from 1, in the schedule's order), its date, and when it
/// begins and ends where the schedule says (a day may end at 04:00 the next morning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConferenceDay {
    pub number: usize,
    pub date: Date,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// Whether the schedule names this day (else it is a date events start on: a dataset of
    /// several conferences has no "day 2").
    pub declared: bool,
}

impl ConferenceDay {
    /// `Day 2 · Sat 2019-12-28` for a schedule's day, `Wed 2024-11-20` for a date alone.
    pub fn heading(&self) -> String {
        let date = format!("{} {}", self.date.strftime("%a"), self.date);
        if self.declared {
            format!("Day {} · {date}", self.number)
        } else {
            date
        }
    }
}

/// An event placed in the programme.
#[derive(Debug, Clone, Copy)]
pub struct Slot<'d> {
    pub event: EntityRef,
    pub timing: Timing,
    pub room: Option<&'d str>,
    /// Its conference day, if it falls on one.
    pub day: Option<usize>,
}

/// What runs in one room at a moment, and what comes next there.
#[derive(Debug, Clone)]
pub struct RoomNow<'d> {
    pub room: Option<&'d str>,
    pub now: Vec<Slot<'d>>,
    pub next: Option<Slot<'d>>,
}

/// The programme of a dataset: its days and its rooms in order, each found when first asked
/// for (reading every event's start or room costs time at a million events, and most
/// questions need only one of them).
pub struct Schedule<'d> {
    dataset: &'d Dataset,
    days: OnceCell<Vec<ConferenceDay>>,
    rooms: OnceCell<Rooms<'d>>,
}

/// The rooms in the schedule's order, and where each stands.
struct Rooms<'d> {
    order: Vec<&'d str>,
    rank: HashMap<&'d str, usize>,
}

impl<'d> Schedule<'d> {
    pub fn new(dataset: &'d Dataset) -> Self {
        Self {
            dataset,
            days: OnceCell::new(),
            rooms: OnceCell::new(),
        }
    }

    /// The days the dataset's `programme` names, else the dates its events start on.
    pub fn days(&self) -> &[ConferenceDay] {
        self.days.get_or_init(|| {
            let declared = self.dataset.programme.as_ref().map(declared_days);
            match declared {
                Some(days) if !days.is_empty() => days,
                _ => dates_of_events(self.dataset),
            }
        })
    }

    /// The rooms in the programme's order, then the others by name.
    fn rooms_in_order(&self) -> &Rooms<'d> {
        self.rooms.get_or_init(|| {
            let dataset = self.dataset;
            let mut order: Vec<&'d str> = dataset
                .programme
                .as_ref()
                .map(|p| p.rooms.iter().map(String::as_str).collect())
                .unwrap_or_default();
            let declared: std::collections::HashSet<&str> = order.iter().copied().collect();
            let mut others: Vec<&'d str> = dataset
                .entities_of(Kind::Event)
                .filter_map(|event| dataset.text(event, schema::event::VENUE))
                .filter(|room| !declared.contains(room))
                .collect();
            others.sort_unstable();
            others.dedup();
            order.extend(others);
            let rank = order
                .iter()
                .enumerate()
                .map(|(i, &room)| (room, i))
                .collect();
            Rooms { order, rank }
        })
    }

    /// The zone the schedule's clock runs in: its `time_zone`, else the offset its first
    /// timed event was written with, else UTC.
    pub fn zone(&self) -> jiff::tz::TimeZone {
        let named = self
            .dataset
            .programme
            .as_ref()
            .and_then(|p| p.time_zone.as_deref());
        if let Some(zone) = named.and_then(|name| jiff::tz::TimeZone::get(name).ok()) {
            return zone;
        }
        self.dataset
            .entities_of(Kind::Event)
            .filter_map(|event| self.dataset.text(event, schema::event::START))
            .find_map(written_offset)
            .map_or(jiff::tz::TimeZone::UTC, jiff::tz::TimeZone::fixed)
    }

    /// A moment as a user gives it: with an offset (`2019-12-27T17:00+01:00`, `…Z`), or on the
    /// schedule's clock (`2019-12-27 17:00`, `2019-12-27T17:00`, a date alone at midnight).
    pub fn moment(&self, text: &str) -> Result<Timestamp, String> {
        let text = text.trim();
        if let Ok(at) = text.parse::<Timestamp>() {
            return Ok(at);
        }
        let local = text.replacen(' ', "T", 1);
        let civil = local
            .parse::<jiff::civil::DateTime>()
            .or_else(|_| {
                local
                    .parse::<Date>()
                    .map(|date| date.to_datetime(jiff::civil::Time::midnight()))
            })
            .map_err(|_| {
                format!(
                    "{text:?} is not a moment such as 2019-12-27T17:00, '2019-12-27 17:00' or \
                     2019-12-27T17:00:00+01:00"
                )
            })?;
        // The one way this fails is a moment past the range of times lotse knows.
        civil
            .to_zoned_datetime(self.zone())
            .map(|zoned| zoned.timestamp())
            .map_err(|_| {
                format!("{text:?} is too far from now: lotse knows the years -9999 to 9999")
            })
    }

    /// The rooms in the schedule's order.
    pub fn rooms(&self) -> &[&'d str] {
        &self.rooms_in_order().order
    }

    /// The day an event belongs to: the one whose bounds hold its start (a talk at 00:50 after
    /// a day that ends at 04:00 belongs to that day), else the one of its date.
    pub fn day_of(&self, timing: &Timing) -> Option<usize> {
        day_number(self.days(), timing)
    }

    /// Where a room stands in the schedule's order (no room last).
    pub fn room_rank(&self, room: Option<&str>) -> usize {
        room.and_then(|room| self.rooms_in_order().rank.get(room).copied())
            .unwrap_or(usize::MAX)
    }

    /// An event in the programme, if it has a start.
    pub fn slot(&self, event: EntityRef) -> Option<Slot<'d>> {
        if event.kind() != Kind::Event {
            return None;
        }
        let timing = Timing::of(self.dataset, event)?;
        Some(Slot {
            event,
            timing,
            room: self.dataset.text(event, schema::event::VENUE),
            day: self.day_of(&timing),
        })
    }

    /// The events among `entities` that take place at a time, as a programme lists them: an
    /// event with sessions is shown through its sessions (a conference is not a talk), in
    /// start order, then room order, then by name.
    pub fn programme(&self, entities: impl IntoIterator<Item = EntityRef>) -> Vec<Slot<'d>> {
        let mut slots: Vec<Slot<'d>> = entities
            .into_iter()
            .filter(|&event| self.is_session_or_alone(event))
            .filter_map(|event| self.slot(event))
            .collect();
        self.sort(&mut slots);
        slots
    }

    /// Start order, then room order, then name.
    pub fn sort(&self, slots: &mut [Slot<'d>]) {
        slots.sort_by(|a, b| {
            (a.timing.start, self.room_rank(a.room))
                .cmp(&(b.timing.start, self.room_rank(b.room)))
                .then_with(|| self.dataset.name(a.event).cmp(self.dataset.name(b.event)))
        });
    }

    fn is_session_or_alone(&self, event: EntityRef) -> bool {
        event.kind() == Kind::Event && self.dataset.related(event, Role::Sessions).is_empty()
    }

    /// Each event's place in the programme, by event number: the events with a time in
    /// start and room order (then the file's), then those without in the file's order.
    pub fn places(&self) -> Vec<u32> {
        let count = self.dataset.count(Kind::Event);
        let mut timed: Vec<(Timestamp, usize, u32)> = Vec::new();
        let mut untimed: Vec<u32> = Vec::new();
        for event in self.dataset.entities_of(Kind::Event) {
            let index = u32::try_from(event.index()).unwrap_or(u32::MAX);
            match Timing::of(self.dataset, event) {
                Some(timing) => {
                    let room = self.dataset.text(event, schema::event::VENUE);
                    timed.push((timing.start, self.room_rank(room), index));
                }
                None => untimed.push(index),
            }
        }
        timed.sort_unstable();
        let mut places = vec![0u32; count];
        let order = timed.iter().map(|&(_, _, index)| index).chain(untimed);
        for (place, index) in order.enumerate() {
            places[index as usize] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        places
    }

    /// Per room, in the schedule's order: what runs at `at` and what starts next; rooms with
    /// neither are left out.
    pub fn now(&self, at: Timestamp) -> Vec<RoomNow<'d>> {
        let slots = self.programme(self.dataset.entities_of(Kind::Event));
        let mut rooms: Vec<RoomNow<'d>> = Vec::new();
        for slot in slots {
            let index = match rooms.iter().position(|r| r.room == slot.room) {
                Some(index) => index,
                None => {
                    rooms.push(RoomNow {
                        room: slot.room,
                        now: Vec::new(),
                        next: None,
                    });
                    rooms.len() - 1
                }
            };
            let room = &mut rooms[index];
            if slot.timing.runs_at(at) {
                room.now.push(slot);
            } else if slot.timing.start > at && room.next.is_none() {
                // Slots come in start order: the first one after `at` is the next.
                room.next = Some(slot);
            }
        }
        rooms.retain(|room| !room.now.is_empty() || room.next.is_some());
        rooms.sort_by_key(|room| self.room_rank(room.room));
        rooms
    }

    /// For each of `events` that overlaps another of them in time, the ones it overlaps, in
    /// start order. Whole days clash with nothing: a conference's dates are not a talk.
    pub fn clashes(&self, events: &[EntityRef]) -> HashMap<EntityRef, Vec<EntityRef>> {
        clashes(self.dataset, events)
    }
}

/// For each of `events` that overlaps another of them in time, the ones it overlaps, in start
/// order. Whole days clash with nothing: a conference's dates are not a talk. Only the events'
/// own times are read (not the days or rooms of the whole schedule): bookmarking calls it.
pub fn clashes(dataset: &Dataset, events: &[EntityRef]) -> HashMap<EntityRef, Vec<EntityRef>> {
    let mut timed: Vec<(Timing, EntityRef)> = events
        .iter()
        .filter(|e| e.kind() == Kind::Event)
        .filter_map(|&event| Some((Timing::of(dataset, event)?, event)))
        .filter(|(timing, _)| timing.has_time && timing.end > timing.start)
        .collect();
    timed.sort_by_key(|(timing, event)| (timing.start, *event));
    let mut clashes: HashMap<EntityRef, Vec<EntityRef>> = HashMap::new();
    for (i, (a, a_event)) in timed.iter().enumerate() {
        for (b, b_event) in timed[i + 1..].iter().take_while(|(b, _)| b.start < a.end) {
            if a.overlaps(b) {
                clashes.entry(*a_event).or_default().push(*b_event);
                clashes.entry(*b_event).or_default().push(*a_event);
            }
        }
    }
    // Each list in start order, as `timed` is.
    let order: HashMap<EntityRef, usize> = timed
        .iter()
        .enumerate()
        .map(|(i, (_, e))| (*e, i))
        .collect();
    for list in clashes.values_mut() {
        list.sort_by_key(|e| order.get(e).copied());
    }
    clashes
}

/// The offset a date-time with offset was written with (`+01:00`, `Z`).
fn written_offset(text: &str) -> Option<jiff::tz::Offset> {
    use jiff::fmt::temporal::{Pieces, PiecesOffset};
    match Pieces::parse(text).ok()?.offset()? {
        PiecesOffset::Zulu => Some(jiff::tz::Offset::UTC),
        PiecesOffset::Numeric(numeric) => Some(numeric.offset()),
        _ => None,
    }
}

/// The number of the day among `days` that an event belongs to: the one whose bounds hold
/// its start, else the one of its date.
pub fn day_number(days: &[ConferenceDay], timing: &Timing) -> Option<usize> {
    let within = days.iter().find(|day| match (day.start, day.end) {
        (Some(start), Some(end)) => start <= timing.start && timing.start < end,
        _ => false,
    });
    within
        .or_else(|| days.iter().find(|day| day.date == timing.date()))
        .map(|day| day.number)
}

/// The days a `programme` names, numbered in its order; a bound that does not parse is none.
fn declared_days(programme: &crate::model::Programme) -> Vec<ConferenceDay> {
    let instant = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| Timing::parse(t, None))
            .filter(|timing| timing.has_time)
            .map(|timing| timing.start)
    };
    programme
        .days
        .iter()
        .filter_map(|day| day.date.parse::<Date>().ok().map(|date| (date, day)))
        .enumerate()
        .map(|(i, (date, day))| ConferenceDay {
            number: i + 1,
            date,
            start: instant(&day.start),
            end: instant(&day.end),
            declared: true,
        })
        .collect()
}

/// Without a programme: every date an event that is not a container starts on.
fn dates_of_events(dataset: &Dataset) -> Vec<ConferenceDay> {
    let mut dates: Vec<Date> = dataset
        .entities_of(Kind::Event)
        .filter(|&event| dataset.related(event, Role::Sessions).is_empty())
        .filter_map(|event| Timing::of(dataset, event))
        .map(|timing| timing.date())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
        .into_iter()
        .enumerate()
        .map(|(i, date)| ConferenceDay {
            number: i + 1,
            date,
            start: None,
            end: None,
            declared: false,
        })
        .collect()
}
