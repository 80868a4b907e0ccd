//! The query, the kind tabs and the order of the results: each change searches again,
//! keeping the selected entity selected where it can.

use super::line_input::Edit;
use super::searching::Selection;
use super::{Action, App, Route, SearchRoute, Tab};
use crate::model::EntityRef;

impl App {
    // ---- the query and the tabs ----------------------------------------------------------

    /// The selected hit, if the user moved the selection away from the top.
    pub(super) fn moved_selection(&self) -> Option<EntityRef> {
        match self.route() {
            Route::Search(search) if search.list.selected > 0 => self.selected_entity(),
            _ => None,
        }
    }

    pub(super) fn search_route_mut(&mut self) -> Option<&mut SearchRoute> {
        match self.history.last_mut() {
            Some(Route::Search(search)) => Some(search),
            _ => None,
        }
    }

    /// Changes the query, then ranks again. A selection the user moved stays on its entity;
    /// one still at the top stays at the top, on the new best match.
    /// Edits the query; a changed query searches again.
    pub(super) fn edit_query(&mut self, action: &Action) {
        let selected = self.moved_selection();
        let Some(search) = self.search_route_mut() else {
            return;
        };
        if search.query.apply(action) == Edit::Changed {
            self.refresh_hits(Selection::Follow(selected));
        }
    }

    pub(super) fn cycle_tab(&mut self, delta: isize) {
        if let Some(search) = self.search_route_mut() {
            let tab = search.tab.step(delta);
            self.pick_tab(tab);
        }
    }

    pub(super) fn pick_tab(&mut self, tab: Tab) {
        let selected = self.moved_selection();
        if let Some(search) = self.search_route_mut()
            && tab != search.tab
        {
            search.tab = tab;
            self.refresh_hits(Selection::Follow(selected));
        }
    }

    pub(super) fn cycle_sort(&mut self) {
        let selected = self.moved_selection();
        if let Some(search) = self.search_route_mut() {
            search.sort = search.sort.next();
            self.refresh_hits(Selection::Follow(selected));
        }
    }
}
