//! The selection in the list on screen: stepping, paging, clicking, scrolling, and the
//! scroll of an entity's fields.

use std::borrow::Cow;

use super::{App, ListPosition, PageView, RelationRow, Route};
use ratatui::layout::Rect;

use crate::layout;
use crate::model::EntityRef;

impl App {
    // ---- the selection -------------------------------------------------------------------

    /// The number of list rows on screen, as a signed step.
    pub(super) fn page_rows(&self) -> isize {
        isize::try_from(self.visible_rows()).unwrap_or(1).max(1)
    }

    pub(super) fn visible_rows(&self) -> usize {
        match self.route() {
            Route::Search(_) if self.facets.is_some() => self.facet_rows_visible(),
            Route::Search(_) => layout::list_rows(layout::search(self.area, self.preview).list),
            Route::Entity(page) => layout::list_rows(self.page_of(page.entity).layout.relations),
            Route::Agenda(_) => layout::list_rows(layout::agenda(self.area).list),
        }
    }

    /// Runs `f` on the position of the list on screen, with what moving it needs.
    fn with_current_list(&mut self, f: impl FnOnce(&mut ListPosition, &CurrentList)) {
        let current = CurrentList {
            visible: self.visible_rows(),
            rows: match self.route() {
                Route::Entity(page) => Some(self.relation_rows(page.entity)),
                Route::Search(_) | Route::Agenda(_) => None,
            },
            hit_count: self.hits.len(),
        };
        match self.history.last_mut() {
            Some(Route::Search(search)) => f(&mut search.list, &current),
            Some(Route::Entity(page)) => f(&mut page.list, &current),
            Some(Route::Agenda(_)) | None => {}
        }
    }

    /// Moves the selection by `delta` rows; on an entity's page, headings are skipped.
    pub(super) fn step(&mut self, delta: isize) {
        self.with_current_list(|list, current| match &current.rows {
            None => list.step(delta, current.hit_count, current.visible),
            Some(rows) => {
                let is_item = is_relation_item(rows);
                step_over_headings(list, rows.len(), is_item, delta, current.visible);
            }
        });
    }

    pub(super) fn select_row(&mut self, row: usize) {
        self.with_current_list(|list, current| {
            if current.is_item(row) {
                list.select(row, current.len(), current.visible);
            }
        });
    }

    /// On an entity page: to the first row of the next relation section (`forward`), or of
    /// this one (when past its first row) or the one before.
    pub(super) fn jump_section(&mut self, forward: bool) {
        let Route::Entity(page) = self.route() else {
            return;
        };
        let rows = self.relation_rows(page.entity);
        let selected = page.list.selected;
        let firsts: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row, RelationRow::Heading { .. }))
            .map(|(at, _)| at + 1)
            .filter(|&first| first < rows.len())
            .collect();
        let target = if forward {
            firsts.iter().copied().find(|&first| first > selected)
        } else {
            firsts.iter().copied().rev().find(|&first| first < selected)
        };
        if let Some(row) = target {
            self.select_row(row);
        }
    }

    pub(super) fn open_row(&mut self, row: usize) {
        self.select_row(row);
        let selected = match self.route() {
            Route::Search(search) => search.list.selected,
            Route::Entity(page) => page.list.selected,
            Route::Agenda(agenda) => agenda.list.selected,
        };
        if selected == row {
            self.drill_in();
        }
    }

    pub(super) fn scroll(&mut self, delta: isize) {
        self.with_current_list(|list, current| {
            list.scroll(delta, current.len(), current.visible);
            if let Some(rows) = &current.rows {
                // Land on an entity, not on a heading.
                step_over_headings(list, rows.len(), is_relation_item(rows), 0, current.visible);
            }
        });
    }

    /// Scrolls an entity's fields pane, as far as it has lines below the pane.
    pub(super) fn scroll_fields(&mut self, delta: isize) {
        let Route::Entity(page) = self.route() else {
            return;
        };
        let view = self.page_of(page.entity);
        let hidden = view.text.lines().saturating_sub(view.fields_rows());
        if let Some(Route::Entity(page)) = self.history.last_mut() {
            page.fields_offset = page.fields_offset.saturating_add_signed(delta).min(hidden);
        }
    }

    /// The page of `entity` laid out: the one `lay_out_page` made, or, in the middle of a
    /// change that opened another page or size, a fresh one.
    pub(super) fn page_of(&self, entity: EntityRef) -> Cow<'_, PageView> {
        match &self.page {
            Some(page) if page.entity == entity && page.area == self.area => Cow::Borrowed(page),
            _ => Cow::Owned(PageView::new(&self.dataset, entity, self.area)),
        }
    }

    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.with_current_list(|list, current| {
            list.scroll_into_view(current.len(), current.visible)
        });
    }
}

/// What moving the list on screen needs to know about it.
struct CurrentList {
    /// Rows on screen.
    visible: usize,
    /// On an entity's page, its relation rows (headings included); on the search screen, none.
    rows: Option<Vec<RelationRow>>,
    hit_count: usize,
}

impl CurrentList {
    pub(super) fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.hit_count, Vec::len)
    }

    /// Whether the row can be selected (a hit, or a related entity rather than a heading).
    pub(super) fn is_item(&self, row: usize) -> bool {
        match &self.rows {
            None => row < self.hit_count,
            Some(rows) => is_relation_item(rows)(row),
        }
    }
}

/// Moves a list's selection by `delta`, then on past headings to the nearest selectable row
/// (onwards in the direction of travel first, then back).
pub(super) fn step_over_headings(
    list: &mut ListPosition,
    len: usize,
    is_item: impl Fn(usize) -> bool,
    delta: isize,
    visible: usize,
) {
    let last = len.saturating_sub(1);
    let target = list.selected.saturating_add_signed(delta).min(last);
    let onwards = if delta < 0 {
        (0..=target).rev().find(|&row| is_item(row))
    } else {
        (target..len).find(|&row| is_item(row))
    };
    let back = || {
        if delta < 0 {
            (target..len).find(|&row| is_item(row))
        } else {
            (0..=target).rev().find(|&row| is_item(row))
        }
    };
    let Some(target) = onwards.or_else(back) else {
        return;
    };
    list.select(target, len, visible);
    // Keep a group's heading in view above its first entry.
    if list.offset == target && target > 0 && !is_item(target - 1) {
        list.offset -= 1;
    }
}

/// Whether a relation row is an entity (not a heading).
fn is_relation_item(rows: &[RelationRow]) -> impl Fn(usize) -> bool + '_ {
    |row| matches!(rows.get(row), Some(RelationRow::Item { .. }))
}
