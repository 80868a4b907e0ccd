//! The facets overlay: the current results counted by kind, topic, organization, city and
//! year. Enter adds the chosen value's filter to the query and returns to the results.

use super::list::step_over_headings;
use super::{Action, App, ListPosition, Route, Selection};
use crate::search::{Facet, FacetRow};

/// One line of the overlay: a facet's heading, or one of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FacetLine {
    Heading(Facet),
    Value(FacetRow),
}

/// The open overlay: its lines and where the selection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetsView {
    pub lines: Vec<FacetLine>,
    pub list: ListPosition,
    /// Whether the counts are still being made (off the UI thread).
    pub counting: bool,
}

impl FacetsView {
    fn is_value(&self, line: usize) -> bool {
        matches!(self.lines.get(line), Some(FacetLine::Value(_)))
    }
}

impl App {
    /// Opens the overlay and asks for the counts of every result of the current search (not
    /// only those listed) by each facet.
    pub(super) fn open_facets(&mut self) {
        let Route::Search(search) = self.route() else {
            return;
        };
        let kind = search.tab.kind();
        self.facets = Some(FacetsView {
            lines: Vec::new(),
            list: ListPosition::default(),
            counting: true,
        });
        if let Some(rows) = self.request_facets(kind) {
            self.show_facets(rows);
        }
    }

    /// Fills the open overlay with counted facets.
    pub(super) fn show_facets(&mut self, rows: Vec<FacetRow>) {
        let Some(view) = &mut self.facets else {
            return;
        };
        view.lines.clear();
        for row in rows {
            let new_facet = !matches!(view.lines.last(), Some(FacetLine::Value(last)) if last.facet == row.facet);
            if new_facet {
                view.lines.push(FacetLine::Heading(row.facet));
            }
            view.lines.push(FacetLine::Value(row));
        }
        view.counting = false;
        // Onto the first value, past the first heading.
        self.step_facets(0);
    }

    /// What the keys do while the overlay is open.
    pub(super) fn update_facets(&mut self, action: Action) {
        let page = isize::try_from(self.facet_rows_visible()).unwrap_or(1);
        match action {
            Action::Quit => self.quit = true,
            Action::SelectNext => self.step_facets(1),
            Action::SelectPrevious => self.step_facets(-1),
            Action::PageDown => self.step_facets(page),
            Action::PageUp => self.step_facets(-page),
            Action::SelectFirst => self.step_facets(isize::MIN / 2),
            Action::SelectLast => self.step_facets(isize::MAX / 2),
            Action::ScrollDown => self.step_facets(3),
            Action::ScrollUp => self.step_facets(-3),
            Action::DrillIn => self.apply_facet(),
            Action::Back | Action::ClearQueryOrQuit | Action::OpenFacets => self.facets = None,
            _ => {}
        }
    }

    /// The overlay's rows on screen: the screen less its frame and a margin.
    pub(super) fn facet_rows_visible(&self) -> usize {
        usize::from(self.area.height.saturating_sub(4)).max(1)
    }

    fn step_facets(&mut self, delta: isize) {
        let visible = self.facet_rows_visible();
        if let Some(view) = &mut self.facets {
            let mut list = view.list;
            step_over_headings(
                &mut list,
                view.lines.len(),
                |line| view.is_value(line),
                delta,
                visible,
            );
            view.list = list;
        }
    }

    /// Adds the selected value's filter to the query and closes the overlay.
    fn apply_facet(&mut self) {
        let Some(view) = self.facets.take() else {
            return;
        };
        let Some(FacetLine::Value(row)) = view.lines.get(view.list.selected) else {
            return;
        };
        let Some(search) = self.search_route_mut() else {
            return;
        };
        let query = search.query.trim_end();
        let narrowed = if query.is_empty() {
            row.filter.clone()
        } else {
            format!("{query} {}", row.filter)
        };
        search.query.set(narrowed);
        self.refresh_hits(Selection::Follow(None));
    }
}
