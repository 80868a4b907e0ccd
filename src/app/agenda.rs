//! The agenda: events as a programme, a tab per conference day, grouped by start time, with
//! what runs "now" marked and a line where now is. Opened from the search screen (its results)
//! or from a page (a talk: the whole programme at that talk; anything else: its events).

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use super::route::{AgendaRoute, Scope};
use super::{Action, App, ListPosition, Route};
use crate::model::{Dataset, EntityRef, Kind, Role, Timing};
use crate::schedule::Schedule;
use crate::search::SortOrder;

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
        let date = self.date.strftime("%a %d.%m.");
        match self.number {
            Some(number) => format!("Day {number} · {date}"),
            None => date.to_string(),
        }
    }

    /// Whether `at` falls within the day's events: from the first start to the last end.
    pub fn holds(&self, at: Timestamp) -> bool {
        let first = self.slots.first().map(|s| s.timing.start);
        let last = self.slots.iter().map(|s| s.timing.end).max();
        matches!((first, last), (Some(first), Some(last)) if first <= at && at < last)
    }

    /// `at` on the day's wall clock (the schedule's: its events' offset).
    pub fn wall_clock(&self, at: Timestamp) -> Option<jiff::civil::DateTime> {
        let timing = self.slots.first()?.timing;
        let as_utc = timing
            .local_start
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()?;
        let offset = as_utc.timestamp().duration_since(timing.start);
        let shifted = at.checked_add(offset).ok()?;
        Some(
            shifted
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .datetime(),
        )
    }

    /// The slot to select at `at`: the first that has not ended.
    fn slot_at(&self, at: Timestamp) -> usize {
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
        for slot in schedule.programme(events) {
            let number = slot.day;
            let date = number.map_or(slot.timing.date(), |n| schedule.days()[n - 1].date);
            let agenda_slot = AgendaSlot {
                event: slot.event,
                timing: slot.timing,
            };
            match days
                .iter_mut()
                .find(|d| d.number == number && d.date == date)
            {
                Some(day) => day.slots.push(agenda_slot),
                None => days.push(AgendaDay {
                    number,
                    date,
                    slots: vec![agenda_slot],
                }),
            }
        }
        days.sort_by_key(|day| day.date);
        Self { title, days }
    }

    /// The day to show at `at`: the one that holds it, else the next one after it, else the
    /// last.
    fn day_at(&self, at: Timestamp) -> usize {
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

impl App {
    /// Opens the agenda of what is on screen: the search's events (the bookmarked ones on the
    /// bookmarks screen), or from a page, the page's events (a talk: the whole programme,
    /// at that talk).
    pub(super) fn open_agenda(&mut self) {
        let (title, events, at) = match self.route() {
            Route::Search(search) => {
                let title = match (search.scope, search.query.is_empty()) {
                    (Scope::Bookmarks, _) => "Agenda of bookmarks".to_owned(),
                    (Scope::Changes, _) => "Agenda of changes".to_owned(),
                    (_, true) => "Agenda".to_owned(),
                    (_, false) => format!("Agenda \"{}\"", search.query),
                };
                (title, self.events_of_search(search.scope), None)
            }
            Route::Entity(page) => self.events_of_page(page.entity),
            Route::Agenda(_) => return,
        };
        let programme = Programme::new(&self.dataset, title, events);
        if programme.days.is_empty() {
            self.message = Some("no event here has a time: nothing for an agenda".to_owned());
            return;
        }
        let mut route = AgendaRoute {
            programme: Arc::new(programme),
            day: 0,
            list: ListPosition::default(),
        };
        match at {
            Some(event) => route.select_event(event),
            None => route.go_to(self.now),
        }
        self.open(Route::Agenda(route));
    }

    /// The events the search screen's query finds (among the bookmarks on their screen).
    fn events_of_search(&self, scope: Scope) -> Vec<EntityRef> {
        let found = self
            .index
            .search(
                &self.dataset,
                &self.query,
                Some(Kind::Event),
                SortOrder::Relevance,
                usize::MAX,
            )
            .hits
            .into_iter()
            .map(|hit| hit.entity);
        match scope {
            Scope::Everything => found.collect(),
            Scope::Bookmarks => found.filter(|e| self.bookmarks.contains(e)).collect(),
            Scope::Changes => {
                let changed = self.changes_scope();
                found.filter(|e| changed.contains(e)).collect()
            }
        }
    }

    /// A talk: the whole programme, at the talk. Anything else: the events it relates to.
    fn events_of_page(&self, entity: EntityRef) -> (String, Vec<EntityRef>, Option<EntityRef>) {
        let dataset = &self.dataset;
        if entity.kind() == Kind::Event && dataset.related(entity, Role::Sessions).is_empty() {
            let all = dataset.entities_of(Kind::Event).collect();
            return ("Agenda".to_owned(), all, Some(entity));
        }
        let mut events: Vec<EntityRef> = dataset
            .relations(entity)
            .flat_map(|relation| relation.targets.iter().copied())
            .filter(|e| e.kind() == Kind::Event)
            .collect();
        events.sort_unstable();
        events.dedup();
        (format!("Agenda: {}", dataset.name(entity)), events, None)
    }

    /// Keys on the agenda; false for those it leaves to the common handling.
    pub(super) fn update_agenda(&mut self, action: &Action) -> bool {
        let now = self.now;
        let visible = self.page_rows().unsigned_abs();
        let Some(Route::Agenda(route)) = self.history.last_mut() else {
            return false;
        };
        match action {
            Action::SelectNext => route.step(1),
            Action::SelectPrevious => route.step(-1),
            Action::PageDown => route.step(visible.cast_signed()),
            Action::PageUp => route.step(-visible.cast_signed()),
            Action::ScrollDown => route.step(3),
            Action::ScrollUp => route.step(-3),
            Action::SelectFirst => route.list.selected = 0,
            Action::SelectLast => route.step(isize::MAX / 2),
            Action::NextDay | Action::NextSection | Action::NextTab => route.turn_day(1, now),
            Action::PreviousDay | Action::PreviousSection | Action::PreviousTab => {
                route.turn_day(-1, now);
            }
            Action::JumpToNow => route.go_to(now),
            Action::DrillIn => {
                if let Some(event) = route.selected_event() {
                    self.open_entity(event);
                }
            }
            _ => return false,
        }
        true
    }
}

impl AgendaRoute {
    pub fn day(&self) -> &AgendaDay {
        &self.programme.days[self.day.min(self.programme.days.len() - 1)]
    }

    /// The selected event.
    pub fn selected_event(&self) -> Option<EntityRef> {
        self.day()
            .slots
            .get(self.list.selected)
            .map(|slot| slot.event)
    }

    fn step(&mut self, delta: isize) {
        let last = self.day().slots.len().saturating_sub(1);
        self.list.selected = self.list.selected.saturating_add_signed(delta).min(last);
    }

    /// To the next or previous day; at now when that day holds it, else at its start.
    fn turn_day(&mut self, delta: isize, now: Option<Timestamp>) {
        let last = self.programme.days.len().saturating_sub(1);
        self.day = self.day.saturating_add_signed(delta).min(last);
        self.list.selected = match now {
            Some(at) if self.day().holds(at) => self.day().slot_at(at),
            _ => 0,
        };
    }

    /// To now: the day that holds it (else the next one with events), at what runs or comes
    /// next; the first day's start without a now.
    pub(super) fn go_to(&mut self, now: Option<Timestamp>) {
        let Some(at) = now else {
            self.day = 0;
            self.list.selected = 0;
            return;
        };
        self.day = self.programme.day_at(at);
        self.list.selected = self.day().slot_at(at);
    }

    fn select_event(&mut self, event: EntityRef) {
        for (d, day) in self.programme.days.iter().enumerate() {
            if let Some(index) = day.slots.iter().position(|slot| slot.event == event) {
                self.day = d;
                self.list.selected = index;
                return;
            }
        }
    }
}
