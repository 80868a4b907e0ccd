//! The screens of the explorer as plain data. The history is a stack of these; each keeps what
//! it needs to come back exactly as it was left.

use super::line_input::LineInput;
use crate::model::{Dataset, EntityRef, Kind, Role};
use crate::search::SortOrder;

/// A kind tab of the search screen: all kinds, or one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Tab {
    #[default]
    All,
    Only(Kind),
}

impl Tab {
    /// The tabs in screen order: All, then one per kind in `Kind::ALL` order.
    pub const ALL: [Tab; 1 + Kind::ALL.len()] = [
        Tab::All,
        Tab::Only(Kind::Event),
        Tab::Only(Kind::Speaker),
        Tab::Only(Kind::Topic),
        Tab::Only(Kind::Organization),
        Tab::Only(Kind::Project),
        Tab::Only(Kind::Source),
    ];

    /// The kind the tab shows (`None`: all).
    pub fn kind(self) -> Option<Kind> {
        match self {
            Tab::All => None,
            Tab::Only(kind) => Some(kind),
        }
    }

    /// The tab's place on screen, from 0; what `pick_tab_N` counts from 1.
    pub fn position(self) -> usize {
        Self::ALL
            .iter()
            .position(|&t| t == self)
            .unwrap_or_default()
    }

    /// The tab at a place on screen, if there is one.
    pub fn at(position: usize) -> Option<Tab> {
        Self::ALL.get(position).copied()
    }

    /// The tab `delta` places on, wrapping around.
    pub fn step(self, delta: isize) -> Tab {
        let count = Self::ALL.len().cast_signed();
        let position = (self.position().cast_signed() + delta).rem_euclid(count);
        Self::ALL[position.cast_unsigned()]
    }
}

/// One screen in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Search(SearchRoute),
    Entity(EntityRoute),
    Agenda(AgendaRoute),
}

/// The agenda: its programme (made when it opened), the day tab and the selected event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaRoute {
    pub programme: std::sync::Arc<crate::schedule::agenda::Programme>,
    /// The day tab, from 0.
    pub day: usize,
    /// `selected`: the event among the day's, in order.
    pub list: ListPosition,
}

/// What a search screen searches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Everything,
    /// Only the bookmarked entities.
    Bookmarks,
    /// Only the events that changed since the schedule was last opened.
    Changes,
}

/// The search screen: the query being typed, the tab, and where the list stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRoute {
    pub scope: Scope,
    /// The query being typed, and the cursor in it.
    pub query: LineInput,
    pub tab: Tab,
    pub sort: SortOrder,
    pub list: ListPosition,
}

/// One entity's page: which relation row is selected, and the scroll position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRoute {
    pub entity: EntityRef,
    pub list: ListPosition,
    /// The first line of the fields pane on screen (long summaries scroll).
    pub fields_offset: usize,
}

/// The selected row of a list and the first row on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListPosition {
    pub selected: usize,
    pub offset: usize,
}

impl ListPosition {
    /// Moves the selection by `delta` within `len` rows and scrolls so it stays among the
    /// `visible` rows on screen.
    pub fn step(&mut self, delta: isize, len: usize, visible: usize) {
        if len == 0 {
            *self = Self::default();
            return;
        }
        let target = self.selected.saturating_add_signed(delta).min(len - 1);
        self.select(target, len, visible);
    }

    /// Selects row `row` (clamped) and scrolls so it is on screen.
    pub fn select(&mut self, row: usize, len: usize, visible: usize) {
        self.selected = row.min(len.saturating_sub(1));
        self.scroll_into_view(len, visible);
    }

    /// Adjusts the offset so the selection is visible and no space is wasted past the end.
    pub fn scroll_into_view(&mut self, len: usize, visible: usize) {
        let visible = visible.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        self.offset = self.offset.min(len.saturating_sub(visible));
    }

    /// Scrolls the view by `delta` rows, dragging the selection along when it would leave it.
    pub fn scroll(&mut self, delta: isize, len: usize, visible: usize) {
        let max_offset = len.saturating_sub(visible.max(1));
        self.offset = self.offset.saturating_add_signed(delta).min(max_offset);
        let last_visible = self.offset + visible.max(1) - 1;
        self.selected = self
            .selected
            .clamp(self.offset, last_visible)
            .min(len.saturating_sub(1));
    }
}

/// A row of an entity's relation list: a heading, or one related entity under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationRow {
    Heading { role: Role, count: usize },
    Item { role: Role, entity: EntityRef },
}

/// How many relation rows an entity has (headings included), without building them: the
/// layout asks on every frame.
pub fn relation_row_count(dataset: &Dataset, entity: EntityRef) -> usize {
    dataset.relations(entity).map(|r| 1 + r.targets.len()).sum()
}

/// The relation rows of an entity: each relation's heading followed by its entities.
/// The columns an entity's relation rows want, as the page draws them (two columns of indent,
/// the kind tag, the name, the context), judged by the first rows of each relation: an entity
/// with a hundred thousand events is laid out as fast as one with two.
pub fn relation_columns(dataset: &Dataset, entity: EntityRef) -> usize {
    const LOOKED_AT: usize = 50;
    // Indent, a space, the kind tag, a space; two spaces between name and context; the mark.
    const AROUND: usize = 2 + 1 + 3 + 1 + 2 + 1;
    dataset
        .relations(entity)
        .flat_map(|relation| {
            let heading = 2 + crate::text::width(relation.role.label()) + 8;
            let rows = relation.targets.iter().take(LOOKED_AT).map(|&target| {
                AROUND
                    + crate::text::width(dataset.name(target))
                    + crate::text::width(&dataset.context_line(target))
            });
            std::iter::once(heading).chain(rows)
        })
        .max()
        .unwrap_or(0)
}

pub fn relation_rows(dataset: &Dataset, entity: EntityRef) -> Vec<RelationRow> {
    let mut rows = Vec::new();
    for (role, targets) in dataset.relations_in_reading_order(entity) {
        rows.push(RelationRow::Heading {
            role,
            count: targets.len(),
        });
        rows.extend(targets.iter().map(|&target| RelationRow::Item {
            role,
            entity: target,
        }));
    }
    rows
}
