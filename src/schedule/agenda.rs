//! A dataset's events as an agenda shows them: a day per tab (a conference day, or the date
//! of an event on none), each day's events in start order, then room order, and the rows a
//! day is drawn as (a heading per start time, the events, a line at now).

use jiff::Timestamp;
use jiff::civil::Date;

use super::Schedule;
use crate::model::{Dataset, EntityRef, Timing};

/// What an agenda shows, made once when it opens.
#[derive(Debug, PartialEq, Eq)]
pub struct Programme {
    /// What it is the agenda of, for the breadcrumbs: `Agenda`, `Agenda "security"`.
    pub title: String,
    pub days: Vec<AgendaDay>,
}

/// One tab: a conference day (or a date outside the conference's days) and its events in
/// start order, then the schedule's room order.
#[derive(Debug, PartialEq, Eq)]
pub struct AgendaDay {
    pub number: Option<usize>,
    pub date: Date,
    /// Whether the schedule names the day (see `ConferenceDay::declared`).
    pub declared: bool,
    pub slots: Vec<AgendaSlot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaSlot {
    pub event: EntityRef,
    pub timing: Timing,
}

impl AgendaDay {
    /// `Day 2 · Sat 28.12.`, or the date alone outside the conference's days.
    pub fn label(&self) -> String {
        match self.number {
            Some(number) if self.declared => {
                format!("Day {number} · {}", self.date.strftime("%a %d.%m."))
            }
            _ => self.date.strftime("%a %Y-%m-%d").to_string(),
        }
    }

    /// The day's rooms in the schedule's order, then the others by name: the grid's columns.
    pub fn rooms<'d>(&self, dataset: &'d Dataset) -> Vec<&'d str> {
        let mut rooms: Vec<&str> = self
            .slots
            .iter()
            .filter_map(|slot| dataset.text(slot.event, crate::model::schema::event::VENUE))
            .collect();
        let order = |room: &str| {
            dataset
                .programme
                .as_ref()
                .and_then(|p| p.rooms.iter().position(|r| r == room))
                .unwrap_or(usize::MAX)
        };
        rooms.sort_by(|a, b| order(a).cmp(&order(b)).then(a.cmp(b)));
        rooms.dedup();
        rooms
    }

    /// Whether the day can be drawn as a grid of rooms by time: talks with times, in two
    /// rooms or more.
    pub fn suits_a_grid(&self, dataset: &Dataset) -> bool {
        self.slots.iter().all(|slot| slot.timing.has_time) && self.rooms(dataset).len() >= 2
    }

    /// Whether `at` falls within the day's events: from the first start to the last end.
    pub fn holds(&self, at: Timestamp) -> bool {
        let first = self.slots.first().map(|s| s.timing.start);
        let last = self.slots.iter().map(|s| s.timing.end).max();
        matches!((first, last), (Some(first), Some(last)) if first <= at && at < last)
    }

    /// `at` on the day's wall clock (the schedule's: its events' offset).
    pub fn wall_clock(&self, at: Timestamp) -> Option<jiff::civil::DateTime> {
        let offset = self.slots.first()?.timing.offset();
        Some(
            at.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
                .datetime(),
        )
    }

    /// The slot to select at `at`: the first that has not ended.
    pub fn slot_at(&self, at: Timestamp) -> usize {
        self.slots
            .iter()
            .position(|slot| slot.timing.end > at)
            .unwrap_or(self.slots.len().saturating_sub(1))
    }
}

impl Programme {
    /// The events among `events` that have a time, as days of slots.
    pub fn new(
        dataset: &Dataset,
        title: String,
        events: impl IntoIterator<Item = EntityRef>,
    ) -> Self {
        let schedule = Schedule::new(dataset);
        let mut days: Vec<AgendaDay> = Vec::new();
        // Where each day's tab is, found by its number and date: a dataset of a million
        // events has thousands of dates.
        let mut tab_of: std::collections::HashMap<(Option<usize>, Date), usize> =
            std::collections::HashMap::new();
        for slot in schedule.programme(events) {
            let number = slot.day;
            let date = number.map_or(slot.timing.date(), |n| schedule.days()[n - 1].date);
            let agenda_slot = AgendaSlot {
                event: slot.event,
                timing: slot.timing,
            };
            match tab_of.get(&(number, date)) {
                Some(&tab) => days[tab].slots.push(agenda_slot),
                None => {
                    tab_of.insert((number, date), days.len());
                    days.push(AgendaDay {
                        number,
                        date,
                        declared: number.is_some_and(|n| schedule.days()[n - 1].declared),
                        slots: vec![agenda_slot],
                    });
                }
            }
        }
        days.sort_by_key(|day| day.date);
        Self { title, days }
    }

    /// The day to show at `at`: the one that holds it, else the next one after it, else the
    /// last.
    pub fn day_at(&self, at: Timestamp) -> usize {
        self.days
            .iter()
            .position(|day| day.holds(at))
            .or_else(|| {
                self.days
                    .iter()
                    .position(|day| day.slots.first().is_some_and(|s| s.timing.start > at))
            })
            .unwrap_or(self.days.len().saturating_sub(1))
    }
}

/// A row of a day as drawn: a time heading, an event, or the line at now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaRow {
    /// The start time the events below share.
    Time(jiff::civil::DateTime),
    /// The day's slot at this index.
    Event(usize),
    Now(Timestamp),
}

/// The rows of a day: a heading per start time, its events, and the line at `now` before the
/// first event that starts after it (when now falls within the day).
pub fn rows(day: &AgendaDay, now: Option<Timestamp>) -> Vec<AgendaRow> {
    let mut rows = Vec::new();
    let mut now_line = now.filter(|&at| day.holds(at));
    let mut last_start = None;
    for (index, slot) in day.slots.iter().enumerate() {
        if let Some(at) = now_line
            && slot.timing.start > at
        {
            rows.push(AgendaRow::Now(at));
            now_line = None;
        }
        if last_start != Some(slot.timing.local_start) {
            rows.push(AgendaRow::Time(slot.timing.local_start));
            last_start = Some(slot.timing.local_start);
        }
        rows.push(AgendaRow::Event(index));
    }
    rows
}
