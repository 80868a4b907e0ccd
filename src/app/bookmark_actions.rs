//! Bookmarks in the explorer: toggled on the selected entity, shown as marks in lists, listed
//! by a search screen scoped to them. Saving is an effect; the app only holds the ids.

use std::sync::Arc;

use super::effect::Effect;
use super::route::{Scope, SearchRoute};
use super::searching::Selection;
use super::{App, Route};
use crate::bookmarks::Bookmark;
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
        if let Some(at) = self.bookmarks.iter().position(|&e| e == entity) {
            self.bookmarks.remove(at);
            self.message = Some(format!("bookmark removed: {name}"));
        } else {
            self.bookmarks.push(entity);
            self.message = Some(format!("bookmarked: {name}"));
        }
        self.find_clashes();
        if self.clashes_with_bookmarks(entity) {
            self.message = Some(format!(
                "bookmarked: {name} · ⚠ clashes with another bookmark"
            ));
        }
        self.save_bookmarks();
    }

    /// Bookmarks the marked rows (or, when all of them are bookmarked, removes their
    /// bookmarks), and unmarks them.
    fn toggle_marked_bookmarks(&mut self) {
        let marked = self.take_marked();
        let all_bookmarked = marked.iter().all(|e| self.bookmarks.contains(e));
        if all_bookmarked {
            self.bookmarks.retain(|e| !marked.contains(e));
        } else {
            for &entity in &marked {
                if !self.bookmarks.contains(&entity) {
                    self.bookmarks.push(entity);
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
        self.save_bookmarks();
    }

    /// Queues writing the bookmarks (those this dataset does not have first, as they were),
    /// and follows the change on the bookmarks screen.
    fn save_bookmarks(&mut self) {
        let marked = self.bookmarks_as_kept();
        self.effects.push(Effect::SaveBookmarks(marked));
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
