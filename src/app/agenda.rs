//! The agenda: events as a programme, a tab per conference day, grouped by start time, with
//! what runs "now" marked and a line where now is. Opened from the search screen (its results)
//! or from a page (a talk: the whole programme at that talk; anything else: its events).

use std::sync::Arc;

use jiff::Timestamp;

use super::route::{AgendaRoute, Scope};
use super::{Action, App, ListPosition, Route};
use crate::model::{EntityRef, Kind, Role};
use crate::schedule::agenda::{AgendaDay, Programme};
use crate::search::SortOrder;

impl App {
    /// Opens the agenda of what is on screen: the search's events (the bookmarked ones on the
    /// bookmarks screen), or from a page, the page's events (a talk: the whole programme,
    /// at that talk).
    pub(super) fn open_agenda(&mut self) {
        let Some((title, events, at)) = self.agenda_contents() else {
            return;
        };
        match self.agenda_route(title, events, at) {
            Some(route) => self.open(Route::Agenda(route)),
            None => {
                self.message = Some("no event here has a time: nothing for an agenda".to_owned());
            }
        }
    }

    /// What an agenda opened here shows: its title, its events and the event to start at.
    pub(super) fn agenda_contents(&self) -> Option<(String, Vec<EntityRef>, Option<EntityRef>)> {
        match self.route() {
            Route::Search(search) => {
                let title = match (search.scope, search.query.is_empty()) {
                    (Scope::Bookmarks, _) => "Agenda of bookmarks".to_owned(),
                    (Scope::Changes, _) => "Agenda of changes".to_owned(),
                    (_, true) => "Agenda".to_owned(),
                    (_, false) => format!("Agenda \"{}\"", search.query),
                };
                Some((title, self.events_of_search(search.scope), None))
            }
            Route::Entity(page) => Some(self.events_of_page(page.entity)),
            Route::Agenda(_) => None,
        }
    }

    /// The agenda of `events`, at `at` (else at now); `None` when none has a time.
    pub(super) fn agenda_route(
        &self,
        title: String,
        events: Vec<EntityRef>,
        at: Option<EntityRef>,
    ) -> Option<AgendaRoute> {
        let programme = Programme::new(&self.dataset, title, events);
        if programme.days.is_empty() {
            return None;
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
        Some(route)
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
        let grid = match self.route() {
            Route::Agenda(route) => {
                crate::layout::agenda_grid(self.area, route.day(), &self.dataset)
            }
            _ => false,
        };
        let dataset = std::sync::Arc::clone(&self.dataset);
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
            Action::NextRoom if grid => route.step_room(&dataset, 1),
            Action::PreviousRoom if grid => route.step_room(&dataset, -1),
            Action::NextRoom => route.turn_day(1, now),
            Action::PreviousRoom => route.turn_day(-1, now),
            Action::SelectRow(index) => route.step_to(*index),
            Action::OpenRow(index) => {
                // A click on the selected talk (a double click) opens it.
                if route.list.selected == *index {
                    return self.update_agenda(&Action::DrillIn);
                }
                route.step_to(*index);
            }
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

    /// To the talk in the room `delta` columns on whose start is nearest the selected one's.
    fn step_room(&mut self, dataset: &crate::model::Dataset, delta: isize) {
        let day = self.day();
        let rooms = day.rooms(dataset);
        let Some(selected) = day.slots.get(self.list.selected) else {
            return;
        };
        let room_of = |event| dataset.text(event, crate::model::schema::event::VENUE);
        let Some(column) = rooms
            .iter()
            .position(|&r| Some(r) == room_of(selected.event))
        else {
            return;
        };
        let Some(&target) = column.checked_add_signed(delta).and_then(|c| rooms.get(c)) else {
            return;
        };
        let at = selected.timing.start;
        let nearest = day
            .slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| room_of(slot.event) == Some(target))
            .min_by_key(|(_, slot)| slot.timing.start.duration_since(at).abs());
        if let Some((index, _)) = nearest {
            self.list.selected = index;
        }
    }

    /// Selects the day's event at `index`, if it has one.
    fn step_to(&mut self, index: usize) {
        if index < self.day().slots.len() {
            self.list.selected = index;
        }
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
