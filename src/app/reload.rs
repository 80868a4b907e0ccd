//! Reloading without losing the place: the loop fetches or reads the dataset again (the
//! effect `Reload`) and hands a new version over; the app takes it in with the query, the
//! pages, the history, the bookmarks and the marks as they were, each entity found again by
//! its id (an event also by its schedule's key), and says what changed.

use std::sync::Arc;

use super::route::EntityRoute;
use super::searching::Selection;
use super::{App, Effect, Route};
use crate::model::{Dataset, EntityRef, Kind};
use crate::schedule::diff::Changes;
use crate::search::SearchIndex;

/// A new version of the dataset, with what the app needs of it made ahead (in the explorer,
/// on the reload's thread): its search index and what changed.
#[derive(Clone)]
pub struct NewVersion {
    pub dataset: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    /// What changed from the version on screen.
    pub changes: Changes,
    /// When the version on screen was current: `14:05`, or with its date.
    pub since: String,
}

impl NewVersion {
    /// `dataset` as the version after `old`, current since `since`.
    pub fn after(old: &Dataset, dataset: Dataset, since: String) -> Self {
        Self {
            index: Arc::new(SearchIndex::new(&dataset)),
            changes: crate::schedule::diff::diff(old, &dataset),
            dataset: Arc::new(dataset),
            since,
        }
    }
}

impl std::fmt::Debug for NewVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewVersion")
            .field("changes", &self.changes.summary())
            .field("since", &self.since)
            .finish_non_exhaustive()
    }
}

/// Two reports are the same when they carry the same dataset (it is never compared whole).
impl PartialEq for NewVersion {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.dataset, &other.dataset) && self.since == other.since
    }
}

impl Eq for NewVersion {}

/// How a reload ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reloaded {
    /// `None`: the version on screen stays (it is current, or none could be had).
    pub version: Option<NewVersion>,
    /// What to tell the user besides what changed (an old copy used offline, a failure).
    pub message: Option<String>,
}

impl App {
    /// `reload`: asks the loop for the dataset again; while it is asking, stops waiting for
    /// it (a server that answers a byte at a time): the version on screen stays.
    pub(super) fn reload(&mut self) {
        if self.reloading {
            self.reloading = false;
            self.message = Some("reload cancelled: the version on screen stays".to_owned());
            self.effects.push(Effect::CancelReload);
            return;
        }
        self.reloading = true;
        self.message = Some("reloading… (Ctrl-r again cancels)".to_owned());
        self.effects.push(Effect::Reload);
    }

    /// Whether a reload is under way (the loop then keeps looking for its end).
    pub fn is_reloading(&self) -> bool {
        self.reloading
    }

    /// Takes in how a reload ended (a cancelled one's end never comes).
    pub(super) fn finish_reload(&mut self, reloaded: Reloaded) {
        self.reloading = false;
        let Some(version) = reloaded.version else {
            let message = reloaded
                .message
                .unwrap_or_else(|| "the schedule is current".into());
            self.message = Some(crate::text::visible(&message).into_owned());
            return;
        };
        self.take_new_version(&version);
        if let Some(extra) = reloaded.message {
            let said = self.message.take().unwrap_or_default();
            let joined = [said, crate::text::visible(&extra).into_owned()].join(" · ");
            self.message = Some(joined.trim_start_matches(" · ").to_owned());
        }
    }

    /// Puts `version` in place of the dataset on screen, keeping the place.
    fn take_new_version(&mut self, version: &NewVersion) {
        let old = Arc::clone(&self.dataset);
        let dataset = Arc::clone(&version.dataset);
        let kept_bookmarks = self.bookmarks_as_kept();
        let marked: Vec<EntityRef> = self.marked.clone();
        // The first route is always a search, carried over as it is: the history is never
        // empty while the rest is found again.
        let history = std::mem::replace(&mut self.history, vec![Route::Search(Default::default())]);
        self.index = Arc::clone(&version.index);
        self.dataset = dataset;
        self.forget_hits();
        self.set_bookmarks(&kept_bookmarks);
        self.marked = marked
            .into_iter()
            .filter_map(|e| find_again(&old, &self.dataset, e))
            .collect();
        // What an open export prompt will write, found again; facets are counted anew.
        let dataset = &self.dataset;
        if let Some(prompt) = self.prompt.as_mut() {
            prompt.selection = (prompt.selection.iter())
                .filter_map(|&e| find_again(&old, dataset, e))
                .collect();
        }
        self.facets = None;
        self.change_log = None;
        self.set_changes(&version.changes, &version.since);
        if version.changes.is_empty() {
            self.message = Some(format!("reloaded: no changes since {}", version.since));
        }
        let mut gone = 0;
        self.history.clear();
        let mut below_gone = false;
        for route in history {
            let carried = self.carried_over(&old, route, below_gone);
            below_gone = carried.is_none();
            match carried {
                Some(route) => self.history.push(route),
                None => gone += 1,
            }
        }
        if gone > 0 {
            let said = self.message.take().unwrap_or_default();
            self.message = Some(format!("{said} · {gone} page(s) gone from the schedule"));
        }
        self.refresh_hits(Selection::Restore);
    }

    /// A route of the old version in the new one: a page of an entity that is gone is gone;
    /// an agenda is made again from what it was opened from (the route below it), and goes
    /// when that is gone (`below_gone`).
    fn carried_over(&mut self, old: &Dataset, route: Route, below_gone: bool) -> Option<Route> {
        match route {
            Route::Search(search) => Some(Route::Search(search)),
            Route::Entity(page) => {
                let entity = find_again(old, &self.dataset, page.entity)?;
                Some(Route::Entity(EntityRoute { entity, ..page }))
            }
            Route::Agenda(_) if below_gone => None,
            Route::Agenda(agenda) => {
                // What the route below shows: its query parsed, its page, now in the new version.
                self.refresh_hits(Selection::Restore);
                let (title, events, _) = self.agenda_contents()?;
                let at = agenda
                    .selected_event()
                    .and_then(|e| find_again(old, &self.dataset, e));
                let mut route = self.agenda_route(title, events, at)?;
                if at.is_none() {
                    route.day = agenda.day.min(route.programme.days.len() - 1);
                }
                Some(Route::Agenda(route))
            }
        }
    }
}

/// An entity of `old` in `new`: by its id, else (an event) by its schedule's key.
fn find_again(old: &Dataset, new: &Dataset, entity: EntityRef) -> Option<EntityRef> {
    if let Some(found) = new.resolve(old.id(entity))
        && found.kind() == entity.kind()
    {
        return Some(found);
    }
    if entity.kind() != Kind::Event {
        return None;
    }
    let key = crate::bookmarks::stable_key(old, entity);
    new.entities_of(Kind::Event)
        .find(|&e| crate::bookmarks::stable_key(new, e) == key)
}
