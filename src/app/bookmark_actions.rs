//! Bookmarks in the explorer: toggled on the selected entity, shown as marks in lists, listed
//! by a search screen scoped to them. A toggle shows at once and is queued as a change (an
//! effect), which the loop merges into the file as it is then; what the file holds afterwards,
//! or after another lotse changed it, comes back and is shown.

use std::sync::Arc;

use super::action::ChangedBy;
use super::effect::Effect;
use super::route::{Scope, SearchRoute};
use super::searching::Selection;
use super::{App, Route};
use crate::bookmarks::{Bookmark, Change};
use crate::model::EntityRef;

/// `2 bookmarked talks are not in this schedule (cancelled?): "A", "B"; kept`.
fn gone_notice(missing: &[Bookmark]) -> Option<String> {
    let first = missing.first()?;
    let named = match missing.len() {
        1 => format!("{:?}", first.shown_name()),
        n => format!("{:?} and {} more", first.shown_name(), n - 1),
    };
    let count = match missing.len() {
        1 => "1 bookmark is".to_owned(),
        n => format!("{n} bookmarks are"),
    };
    Some(format!(
        "{count} not in this dataset (cancelled?): {named}; kept"
    ))
}

impl App {
    /// Sets the bookmarks loaded from the file, found by their keys (a schedule downloaded
    /// again keeps them). Those this dataset does not have are kept, so that saving does not
    /// lose them, and said on the status line.
    pub fn set_bookmarks(&mut self, marked: &[Bookmark]) {
        let resolved = crate::bookmarks::resolve(&self.dataset, marked);
        self.bookmarks = resolved.found;
        self.foreign_bookmarks = resolved.missing;
        self.find_clashes();
        if let Some(gone) = gone_notice(&self.foreign_bookmarks) {
            self.message = Some(gone);
        }
        if self.scope() == Scope::Bookmarks {
            self.refresh_hits(Selection::Restore);
        }
    }

    /// Takes in the bookmarks as the file holds them now. A change another lotse made is said
    /// on the status line (this explorer's own toggle has said its piece already).
    pub(super) fn take_in_bookmarks(&mut self, kept: &[Bookmark], by: ChangedBy) {
        let before: Vec<EntityRef> = self.bookmarks.clone();
        let message = self.message.take();
        self.set_bookmarks(kept);
        self.message = message;
        if by == ChangedBy::AnotherLotse {
            let added = self
                .bookmarks
                .iter()
                .filter(|e| !before.contains(e))
                .count();
            let removed = before
                .iter()
                .filter(|e| !self.bookmarks.contains(e))
                .count();
            if added + removed > 0 {
                self.message = Some(format!(
                    "bookmarks changed in another lotse: {added} added, {removed} removed"
                ));
            }
        }
    }

    /// Whether a bookmarked event overlaps another bookmarked event.
    pub fn clashes_with_bookmarks(&self, entity: EntityRef) -> bool {
        self.clashing.contains(&entity)
    }

    /// Finds the bookmarked events that overlap each other, after the bookmarks changed.
    fn find_clashes(&mut self) {
        let events: Vec<EntityRef> = self
            .bookmarks
            .iter()
            .copied()
            .filter(|e| e.kind() == crate::model::Kind::Event)
            .collect();
        self.clashing = crate::schedule::clashes(&self.dataset, &events)
            .into_keys()
            .collect();
    }

    /// The bookmarks this dataset does not have (shown as cancelled; kept).
    pub fn missing_bookmarks(&self) -> &[Bookmark] {
        &self.foreign_bookmarks
    }

    /// The bookmarked entities, oldest first.
    pub fn bookmarks(&self) -> &[EntityRef] {
        &self.bookmarks
    }

    pub fn is_bookmarked(&self, entity: EntityRef) -> bool {
        self.bookmarks.contains(&entity)
    }

    /// The entity the bookmark, copy and open keys act on: the selected hit on the search
    /// screen, the page's own entity on an entity page.
    pub fn focused_entity(&self) -> Option<EntityRef> {
        match self.route() {
            Route::Search(_) | Route::Agenda(_) => self.selected_entity(),
            Route::Entity(page) => Some(page.entity),
        }
    }

    pub(super) fn toggle_bookmark(&mut self) {
        if !self.marked.is_empty() {
            return self.toggle_marked_bookmarks();
        }
        let Some(entity) = self.focused_entity() else {
            self.message = Some("nothing selected to bookmark".to_owned());
            return;
        };
        let name = self.dataset.name(entity).to_owned();
        let bookmark = Bookmark::of(&self.dataset, entity);
        let change = if let Some(at) = self.bookmarks.iter().position(|&e| e == entity) {
            self.bookmarks.remove(at);
            self.message = Some(format!("bookmark removed: {name}"));
            Change::Remove(bookmark)
        } else {
            self.bookmarks.push(entity);
            self.message = Some(format!("bookmarked: {name}"));
            Change::Add(bookmark)
        };
        self.find_clashes();
        if self.clashes_with_bookmarks(entity) {
            self.message = Some(format!(
                "bookmarked: {name} · ⚠ clashes with another bookmark"
            ));
        }
        self.save_bookmarks(vec![change]);
    }

    /// Bookmarks the marked rows (or, when all of them are bookmarked, removes their
    /// bookmarks), and unmarks them.
    fn toggle_marked_bookmarks(&mut self) {
        let marked = self.take_marked();
        let all_bookmarked = marked.iter().all(|e| self.bookmarks.contains(e));
        let mut changes = Vec::new();
        if all_bookmarked {
            self.bookmarks.retain(|e| !marked.contains(e));
            changes.extend(
                marked
                    .iter()
                    .map(|&e| Change::Remove(Bookmark::of(&self.dataset, e))),
            );
        } else {
            for &entity in &marked {
                if !self.bookmarks.contains(&entity) {
                    self.bookmarks.push(entity);
                    changes.push(Change::Add(Bookmark::of(&self.dataset, entity)));
                }
            }
        }
        self.find_clashes();
        let count = marked.len();
        let clashing = marked
            .iter()
            .filter(|&&e| self.clashes_with_bookmarks(e))
            .count();
        let mut message = if all_bookmarked {
            format!("{count} bookmarks removed")
        } else {
            format!("{count} marked rows bookmarked")
        };
        if clashing > 0 && !all_bookmarked {
            message.push_str(&format!(" · ⚠ {clashing} clash with other bookmarks"));
        }
        self.message = Some(message);
        self.save_bookmarks(changes);
    }

    /// Queues the changes to the bookmarks file, and follows them on the bookmarks screen.
    fn save_bookmarks(&mut self, changes: Vec<Change>) {
        self.effects.push(Effect::ChangeBookmarks(changes));
        if self.scope() == Scope::Bookmarks {
            let selected = self.selected_entity();
            self.refresh_hits(Selection::Follow(selected));
        }
    }

    /// The bookmarks as the file keeps them: those this dataset does not have first, as they
    /// were, then the others as they are now.
    pub(super) fn bookmarks_as_kept(&self) -> Vec<Bookmark> {
        let mut kept: Vec<Bookmark> = self.foreign_bookmarks.clone();
        kept.extend(
            self.bookmarks
                .iter()
                .map(|&e| Bookmark::of(&self.dataset, e)),
        );
        kept
    }

    pub(super) fn show_bookmarks(&mut self) {
        if self.scope() == Scope::Bookmarks && self.history.len() > 1 {
            return;
        }
        self.open(Route::Search(SearchRoute {
            scope: Scope::Bookmarks,
            ..SearchRoute::default()
        }));
    }

    /// What the current search screen searches.
    pub fn scope(&self) -> Scope {
        match self.route() {
            Route::Search(search) => search.scope,
            Route::Entity(_) | Route::Agenda(_) => Scope::Everything,
        }
    }

    /// The bookmarks as a search scope, newest first.
    pub(super) fn bookmark_scope(&self) -> Arc<Vec<EntityRef>> {
        Arc::new(self.bookmarks.iter().rev().copied().collect())
    }
}
