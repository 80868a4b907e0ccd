//! What changed in a schedule since it was last opened: said on the status line at start
//! (bookmarked talks that moved or were cancelled by name), and listed one key away as a
//! search screen of the new, moved and changed events.

use std::sync::Arc;

use super::route::{Scope, SearchRoute};
use super::{App, Route};
use crate::model::EntityRef;
use crate::schedule::diff::Changes;

/// The changes the explorer knows of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLog {
    /// The new, moved and changed events, in the schedule's time order.
    pub entities: Arc<Vec<EntityRef>>,
    /// How each changed: `new`, `moved` or `changed` (moved wins over changed).
    pub kinds: std::collections::HashMap<EntityRef, &'static str>,
    /// What the status line said at start.
    pub summary: String,
}

impl App {
    /// Takes in what changed since the schedule was kept at `since`, and says it: the count by
    /// kind, and the bookmarked talks that moved or were cancelled.
    pub fn set_changes(&mut self, changes: &Changes, since: &str) {
        if changes.is_empty() {
            return;
        }
        let ids = (changes.new.iter().map(|v| (v.id.as_str(), "new")))
            .chain(changes.moved.iter().map(|m| (m.id.as_str(), "moved")))
            .chain(changes.changed.iter().map(|c| (c.id.as_str(), "changed")));
        let mut entities: Vec<EntityRef> = Vec::new();
        let mut kinds = std::collections::HashMap::new();
        for (id, kind) in ids {
            if let Some(entity) = self.dataset.resolve(id)
                && !kinds.contains_key(&entity)
            {
                kinds.insert(entity, kind);
                entities.push(entity);
            }
        }
        self.index.in_listing_order(&self.dataset, &mut entities);
        let mut summary = format!("since {since}, {}", changes.summary());
        let moved: Vec<String> = changes
            .moved
            .iter()
            .filter_map(|m| self.dataset.resolve(&m.id))
            .filter(|&e| self.is_bookmarked(e))
            .map(|e| format!("{:?} moved", self.dataset.name(e)))
            .collect();
        let cancelled: Vec<String> = changes
            .cancelled
            .iter()
            .filter(|v| self.missing_bookmarks().iter().any(|b| b.id == v.id))
            .map(|v| format!("{:?} cancelled", v.name))
            .collect();
        let bookmarked: Vec<String> = moved.into_iter().chain(cancelled).collect();
        if !bookmarked.is_empty() {
            summary.push_str(&format!(" · ⚠ bookmarked: {}", bookmarked.join(", ")));
        }
        self.message = Some(summary.clone());
        self.change_log = Some(ChangeLog {
            entities: Arc::new(entities),
            kinds,
            summary,
        });
    }

    /// How an event changed since the schedule was last opened (or reloaded): `new`,
    /// `moved` or `changed`; rows say it.
    pub fn change_of(&self, entity: EntityRef) -> Option<&'static str> {
        self.change_log.as_ref()?.kinds.get(&entity).copied()
    }

    pub fn change_log(&self) -> Option<&ChangeLog> {
        self.change_log.as_ref()
    }

    /// The changed events as a search screen (typing filters them).
    pub(super) fn show_changes(&mut self) {
        if self.change_log.is_none() {
            self.message = Some("nothing changed since this schedule was last opened".to_owned());
            return;
        }
        if self.scope() == Scope::Changes {
            return;
        }
        self.open(Route::Search(SearchRoute {
            scope: Scope::Changes,
            ..SearchRoute::default()
        }));
    }

    /// The changed entities, as a search scope.
    pub(super) fn changes_scope(&self) -> Arc<Vec<EntityRef>> {
        self.change_log
            .as_ref()
            .map_or_else(Default::default, |log| Arc::clone(&log.entities))
    }
}
