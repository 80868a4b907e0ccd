//! `lotse pick`: the explorer as a chooser, as fzf is one. Enter on the search screen picks the
//! selected row (or the marked rows) and ends; Esc and Ctrl-C end with nothing picked. Tab marks
//! the selected row and moves down, Shift-Tab marks it and moves up, as in fzf (the kind tabs
//! stay on Alt-1…7 and F1…F7); Space cannot mark, as it types into the query.

use super::{Action, App, Route};
use crate::model::EntityRef;

/// What a picking explorer holds: the rows marked so far, in the order they were marked, and
/// what was picked once the user chose.
#[derive(Debug, Default)]
pub(super) struct Picking {
    marked: Vec<EntityRef>,
    picked: Option<Vec<EntityRef>>,
}

impl App {
    /// Makes this explorer a chooser (`lotse pick`).
    pub fn start_picking(&mut self) {
        self.picking = Some(Picking::default());
    }

    /// Whether this explorer is a chooser.
    pub fn is_picking(&self) -> bool {
        self.picking.is_some()
    }

    /// What the user picked, once they did (`None`: not yet, or cancelled).
    pub fn picked(&self) -> Option<&[EntityRef]> {
        self.picking.as_ref()?.picked.as_deref()
    }

    /// Whether a row is marked for picking.
    pub fn is_marked(&self, entity: EntityRef) -> bool {
        self.picking
            .as_ref()
            .is_some_and(|picking| picking.marked.contains(&entity))
    }

    /// Handles the actions a chooser gives their own meaning; false for the rest, which act
    /// as in the explorer.
    pub(super) fn update_picking(&mut self, action: &Action) -> bool {
        if self.picking.is_none() || !matches!(self.route(), Route::Search(_)) {
            return false;
        }
        match action {
            // Enter goes the explorer's way (it waits for a search still running) and ends in
            // `drill_in`, which picks.
            Action::ClearQueryOrQuit | Action::Quit => self.quit = true,
            Action::NextTab => self.mark_and_step(1),
            Action::PreviousTab => self.mark_and_step(-1),
            _ => return false,
        }
        true
    }

    /// Picks the marked rows, or the selected one when none is marked, and ends.
    pub(super) fn pick(&mut self) {
        let selected = self.selected_entity();
        let Some(picking) = self.picking.as_mut() else {
            return;
        };
        let picked = if picking.marked.is_empty() {
            selected.into_iter().collect()
        } else {
            picking.marked.clone()
        };
        if !picked.is_empty() {
            picking.picked = Some(picked);
            self.quit = true;
        }
    }

    /// Marks the selected row (or unmarks it) and moves on.
    fn mark_and_step(&mut self, step: isize) {
        let Some(entity) = self.selected_entity() else {
            return;
        };
        if let Some(picking) = self.picking.as_mut() {
            match picking.marked.iter().position(|&e| e == entity) {
                Some(at) => {
                    picking.marked.remove(at);
                }
                None => picking.marked.push(entity),
            }
        }
        self.step(step);
    }
}
