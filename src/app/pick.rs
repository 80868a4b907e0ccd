//! Marked rows and `lotse pick`. Anywhere in the explorer, `toggle_mark` (Ctrl-Space on the
//! search screen, Space on pages and in the agenda) marks the selected row and moves down;
//! bookmarking and export then act on the marked rows. `lotse pick` is the explorer as a
//! chooser, as fzf is one: Enter on the search screen picks the selected row (or the marked
//! rows) and ends; Esc and Ctrl-C end with nothing picked; Tab and Shift-Tab mark too, as in
//! fzf (the kind tabs stay on Alt-1…7 and F1…F7).

use super::{Action, App, Route};
use crate::model::EntityRef;

/// What a picking explorer holds: what was picked once the user chose.
#[derive(Debug, Default)]
pub(super) struct Picking {
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

    /// Whether a row is marked (to pick, bookmark or export together).
    pub fn is_marked(&self, entity: EntityRef) -> bool {
        self.marked.contains(&entity)
    }

    /// The marked rows, in the order they were marked.
    pub fn marked(&self) -> &[EntityRef] {
        &self.marked
    }

    /// The marked rows for an action on several, emptied: the action takes them.
    pub(super) fn take_marked(&mut self) -> Vec<EntityRef> {
        std::mem::take(&mut self.marked)
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
        let picked = if self.marked.is_empty() {
            selected.into_iter().collect()
        } else {
            self.marked.clone()
        };
        let Some(picking) = self.picking.as_mut() else {
            return;
        };
        if !picked.is_empty() {
            picking.picked = Some(picked);
            self.quit = true;
        }
    }

    /// Marks the selected row (or unmarks it) and moves on.
    pub(super) fn mark_and_step(&mut self, step: isize) {
        let Some(entity) = self.selected_entity() else {
            return;
        };
        match self.marked.iter().position(|&e| e == entity) {
            Some(at) => {
                self.marked.remove(at);
            }
            None => self.marked.push(entity),
        }
        let count = self.marked.len();
        self.message = Some(match (count, self.is_picking()) {
            (0, _) => "no row marked".to_owned(),
            (n, true) => format!("{n} marked: Enter picks them"),
            (1, false) => "1 row marked: b bookmarks it, e exports it".to_owned(),
            (n, false) => format!("{n} rows marked: b bookmarks them, e exports them"),
        });
        if matches!(self.route(), Route::Agenda(_)) {
            self.update_agenda(&if step < 0 {
                Action::SelectPrevious
            } else {
                Action::SelectNext
            });
        } else {
            self.step(step);
        }
    }
}
