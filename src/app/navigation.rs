//! Moving between screens: opening an entity or a search, back, a jump along the breadcrumbs.

use super::searching::Selection;
use super::{Action, App, EntityRoute, ListPosition, RelationRow, Route};
use crate::model::EntityRef;
use crate::search::KindCounts;

impl App {
    // ---- navigation ----------------------------------------------------------------------

    pub(super) fn open(&mut self, route: Route) {
        if matches!(route, Route::Search(_)) {
            self.forget_hits();
        }
        self.history.push(route);
        self.refresh_hits(Selection::Restore);
    }

    /// Drops the hits of the search screen being left: until the next screen's search is
    /// back, it shows none rather than another screen's.
    pub(super) fn forget_hits(&mut self) {
        self.hits.clear();
        self.tab_counts = KindCounts::default();
    }

    pub(super) fn drill_in(&mut self) {
        if self.is_picking() && matches!(self.route(), Route::Search(_)) {
            return self.pick();
        }
        if let Some(entity) = self.selected_entity() {
            self.open_entity(entity);
        }
    }

    /// Opens an entity's page on its first related entity (not on a heading).
    pub(super) fn open_entity(&mut self, entity: EntityRef) {
        let rows = self.relation_rows(entity);
        let mut list = ListPosition::default();
        if let Some(first) = rows
            .iter()
            .position(|row| matches!(row, RelationRow::Item { .. }))
        {
            list.selected = first;
        }
        self.open(Route::Entity(EntityRoute {
            entity,
            list,
            fields_offset: 0,
        }));
    }

    pub(super) fn back(&mut self) {
        if self.history.len() > 1 {
            if let Some(Route::Search(_)) = self.history.pop() {
                self.forget_hits();
            }
            self.refresh_hits(Selection::Restore);
        }
    }

    pub(super) fn jump_back(&mut self, depth: usize) {
        if depth < self.history.len() {
            let left = self.history.split_off(depth + 1);
            if left.iter().any(|route| matches!(route, Route::Search(_))) {
                self.forget_hits();
            }
            self.refresh_hits(Selection::Restore);
        }
    }

    pub(super) fn clear_query_or_quit(&mut self) {
        match self.route() {
            Route::Search(search) if search.query.is_empty() && self.history.len() == 1 => {
                self.quit = true;
            }
            Route::Search(search) if search.query.is_empty() => self.back(),
            Route::Search(_) => self.edit_query(&Action::ClearLine),
            Route::Entity(_) | Route::Agenda(_) => self.back(),
        }
    }
}
