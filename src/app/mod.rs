//! The explorer's state and the one place it changes: `App::update(Action)`. Pure: no terminal,
//! no I/O, so every behaviour can be tested by feeding actions and looking at the state.

mod action;
mod bookmark_actions;
mod effect;
mod facets;
mod line_input;
mod prompt;
mod route;
mod searching;

pub use action::{Action, InternalEvent};
pub use effect::Effect;
pub use facets::{FacetLine, FacetsView};
pub use line_input::{Edit, LineInput};
pub use prompt::ExportPrompt;
pub use route::{
    EntityRoute, ListPosition, RelationRow, Route, Scope, SearchRoute, Tab, relation_rows,
};
use searching::Selection;
pub use searching::{Purpose, SearchRequest, SearchResult};

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::model::{Dataset, EntityRef};
use crate::search::{Hit, KindCounts, Query, SearchIndex};
use crate::{entity_fields, layout};

/// Rows the mouse wheel scrolls per notch.
const WHEEL_ROWS: isize = 3;

/// The search screen lists at most this many hits; the count above it says how many matched.
pub const HIT_LIMIT: usize = 10_000;

/// Which keys apply: the keymap and the help overlay look this up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Search,
    Entity,
    Help,
    Facets,
    /// A question on the status line (the export prompt).
    Prompt,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Search,
        Mode::Entity,
        Mode::Help,
        Mode::Facets,
        Mode::Prompt,
    ];
}

/// The whole state of the explorer.
pub struct App {
    dataset: Arc<Dataset>,
    index: Arc<SearchIndex>,
    /// Never empty; the last route is the screen on display.
    history: Vec<Route>,
    /// The current search's hits in the current tab, best first.
    hits: Vec<Hit>,
    /// How many hits each kind (each tab) has for the current query.
    tab_counts: KindCounts,
    /// The current search as parsed: while the typed query has a mistake, the last good one.
    query: Query,
    /// What is wrong with the typed query, if anything.
    query_error: Option<String>,
    facets: Option<FacetsView>,
    /// Searches in flight: see `searching.rs`.
    search: searching::SearchState,
    help: bool,
    quit: bool,
    area: Rect,
    /// Bookmarked entities, oldest first.
    bookmarks: Vec<EntityRef>,
    /// Bookmarked ids this dataset does not have (kept when saving).
    foreign_bookmarks: Vec<String>,
    prompt: Option<ExportPrompt>,
    /// What the last action did, for the status line; cleared by the next key.
    message: Option<String>,
    /// What the terminal loop has to do: see `effect.rs`.
    effects: Vec<Effect>,
}

impl App {
    /// An app that searches as part of `update`: for tests and small datasets.
    pub fn new(dataset: Dataset) -> Self {
        Self::build(dataset, false)
    }

    /// An app that hands its searches out (`take_search_request`) to be run off the UI
    /// thread, and takes the results back as `Action::SearchDone`.
    pub fn with_background_search(dataset: Dataset) -> Self {
        Self::build(dataset, true)
    }

    fn build(dataset: Dataset, background: bool) -> Self {
        let index = Arc::new(SearchIndex::new(&dataset));
        let mut app = Self {
            dataset: Arc::new(dataset),
            index,
            history: vec![Route::Search(SearchRoute::default())],
            hits: Vec::new(),
            tab_counts: KindCounts::default(),
            query: Query::default(),
            query_error: None,
            facets: None,
            search: searching::SearchState::new(background),
            help: false,
            quit: false,
            area: Rect::new(0, 0, 80, 24),
            bookmarks: Vec::new(),
            foreign_bookmarks: Vec::new(),
            prompt: None,
            message: None,
            effects: Vec::new(),
        };
        app.refresh_hits(Selection::Restore);
        app
    }

    /// Applies what a user asked for. Reads like a table of contents: each arm names what
    /// happens.
    pub fn update(&mut self, action: Action) {
        // A message stays until the next key.
        self.message = None;
        if self.prompt.is_some() {
            self.update_prompt(action);
            return;
        }
        if self.help && !matches!(action, Action::ToggleHelp | Action::Quit) {
            // Any other key just closes the overlay, so no keypress does something unseen.
            self.help = false;
            return;
        }
        if self.facets.is_some() && action != Action::ToggleHelp {
            self.update_facets(action);
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help = !self.help,
            Action::SelectNext => self.step(1),
            Action::SelectPrevious => self.step(-1),
            Action::PageDown => self.step(self.page_rows()),
            Action::PageUp => self.step(-self.page_rows()),
            Action::SelectFirst => self.step(isize::MIN / 2),
            Action::SelectLast => self.step(isize::MAX / 2),
            Action::DrillIn => self.drill_in_when_ready(),
            Action::Back => self.back(),
            Action::NewSearch => self.open(Route::Search(SearchRoute::default())),
            Action::ClearQueryOrQuit => self.clear_query_or_quit(),
            Action::ClearLine
            | Action::DeleteWord
            | Action::DeleteBackward
            | Action::DeleteForward
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorStart
            | Action::CursorEnd
            | Action::Insert(_)
            | Action::Paste(_) => self.edit_query(&action),
            Action::CycleSort => self.cycle_sort(),
            Action::OpenFacets => self.open_facets(),
            Action::NextTab => self.cycle_tab(1),
            Action::PreviousTab => self.cycle_tab(-1),
            Action::PickTab(tab) => self.pick_tab(tab),
            Action::SelectRow(row) => self.select_row(row),
            Action::OpenRow(row) => self.open_row(row),
            Action::JumpBack(depth) => self.jump_back(depth),
            Action::ScrollFieldsDown => self.scroll_fields(1),
            Action::ScrollFieldsUp => self.scroll_fields(-1),
            Action::ScrollUp => self.scroll(-WHEEL_ROWS),
            Action::ScrollDown => self.scroll(WHEEL_ROWS),
            Action::ToggleBookmark => self.toggle_bookmark(),
            Action::ShowBookmarks => self.show_bookmarks(),
            Action::Export => self.open_export_prompt(),
            Action::CopyName => self.copy_name(),
            Action::CopyUrl => self.with_url(Effect::Copy),
            Action::OpenUrl => self.open_url(),
            Action::Suspend | Action::Confirm | Action::Cancel | Action::CycleExportFormat => {}
        }
    }

    /// Takes in what happened without the user: it arrives whatever screen is open, and
    /// leaves the status line's message alone (but for a report, which is one).
    pub fn notify(&mut self, event: InternalEvent) {
        match event {
            InternalEvent::SearchDone(result) => self.finish_search(result),
            InternalEvent::Tick => self.search.tick(),
            InternalEvent::Report(message) => {
                // Reports quote paths and system errors: nothing in them may act on the terminal.
                self.message = Some(crate::text::visible(&message).into_owned());
            }
            InternalEvent::Resize { width, height } => self.resize(width, height),
        }
    }

    // ---- what the views read -------------------------------------------------------------

    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    pub fn search_index(&self) -> &SearchIndex {
        &self.index
    }

    pub fn route(&self) -> &Route {
        self.history.last().expect("the history is never empty")
    }

    pub fn history(&self) -> &[Route] {
        &self.history
    }

    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// How many hits a tab has for the current query.
    pub fn tab_count(&self, tab: Tab) -> usize {
        self.tab_counts.get(tab.kind())
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn mode(&self) -> Mode {
        match (self.help, self.route()) {
            (true, _) => Mode::Help,
            (false, _) if self.prompt.is_some() => Mode::Prompt,
            (false, _) if self.facets.is_some() => Mode::Facets,
            (false, Route::Search(_)) => Mode::Search,
            (false, Route::Entity(_)) => Mode::Entity,
        }
    }

    /// What the last action did, for the status line.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The effects queued since the last call, for the terminal loop to carry out.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The query the hits belong to (the last one that parsed).
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// What is wrong with the query being typed, to show on the status line.
    pub fn query_error(&self) -> Option<&str> {
        self.query_error.as_deref()
    }

    /// The facets overlay, when it is open.
    pub fn facets(&self) -> Option<&FacetsView> {
        self.facets.as_ref()
    }

    /// The entity the selection is on: a search hit, or a relation row.
    pub fn selected_entity(&self) -> Option<EntityRef> {
        match self.route() {
            Route::Search(search) => self.hits.get(search.list.selected).map(|hit| hit.entity),
            Route::Entity(page) => match self.relation_rows(page.entity).get(page.list.selected) {
                Some(RelationRow::Item { entity, .. }) => Some(*entity),
                _ => None,
            },
        }
    }

    /// Where the panes of an entity's page go at the current size: stacked, the fields get
    /// as many rows as they have (title, kind, fields, border).
    pub fn entity_layout(&self, entity: EntityRef) -> layout::EntityLayout {
        // As `ui::entity::field_lines` lays them out: a column of margin on each side.
        let width = usize::from(self.area.width).saturating_sub(2);
        let title_rows = entity_fields::title_rows(&self.dataset, entity, width).len();
        let field_rows = entity_fields::field_rows(&self.dataset, entity, width)
            .1
            .len();
        let field_rows = title_rows + 1 + field_rows + 1;
        let relation_rows = route::relation_row_count(&self.dataset, entity);
        layout::entity(self.area, field_rows, relation_rows)
    }

    /// The relation rows of an entity's page.
    pub fn relation_rows(&self, entity: EntityRef) -> Vec<RelationRow> {
        relation_rows(&self.dataset, entity)
    }

    /// One label per screen in the history: `Search "spreck"`, then entity names.
    pub fn breadcrumbs(&self) -> Vec<String> {
        self.history
            .iter()
            .map(|route| match route {
                Route::Search(search) => {
                    let what = match search.scope {
                        Scope::Everything => "Search",
                        Scope::Bookmarks => "Bookmarks",
                    };
                    if search.query.is_empty() {
                        what.to_owned()
                    } else {
                        format!("{what} \"{}\"", search.query)
                    }
                }
                Route::Entity(page) => self.dataset.name(page.entity).to_owned(),
            })
            .collect()
    }

    // ---- navigation ----------------------------------------------------------------------

    fn open(&mut self, route: Route) {
        if matches!(route, Route::Search(_)) {
            self.forget_hits();
        }
        self.history.push(route);
        self.refresh_hits(Selection::Restore);
    }

    /// Drops the hits of the search screen being left: until the next screen's search is
    /// back, it shows none rather than another screen's.
    fn forget_hits(&mut self) {
        self.hits.clear();
        self.tab_counts = KindCounts::default();
    }

    fn drill_in(&mut self) {
        let Some(entity) = self.selected_entity() else {
            return;
        };
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

    fn back(&mut self) {
        if self.history.len() > 1 {
            if let Some(Route::Search(_)) = self.history.pop() {
                self.forget_hits();
            }
            self.refresh_hits(Selection::Restore);
        }
    }

    fn jump_back(&mut self, depth: usize) {
        if depth < self.history.len() {
            let left = self.history.split_off(depth + 1);
            if left.iter().any(|route| matches!(route, Route::Search(_))) {
                self.forget_hits();
            }
            self.refresh_hits(Selection::Restore);
        }
    }

    fn clear_query_or_quit(&mut self) {
        match self.route() {
            Route::Search(search) if search.query.is_empty() && self.history.len() == 1 => {
                self.quit = true;
            }
            Route::Search(search) if search.query.is_empty() => self.back(),
            Route::Search(_) => self.edit_query(&Action::ClearLine),
            Route::Entity(_) => self.back(),
        }
    }

    // ---- the selection -------------------------------------------------------------------

    /// The number of list rows on screen, as a signed step.
    fn page_rows(&self) -> isize {
        isize::try_from(self.visible_rows()).unwrap_or(1).max(1)
    }

    fn visible_rows(&self) -> usize {
        match self.route() {
            Route::Search(_) if self.facets.is_some() => self.facet_rows_visible(),
            Route::Search(_) => layout::list_rows(layout::search(self.area).list),
            Route::Entity(page) => layout::list_rows(self.entity_layout(page.entity).relations),
        }
    }

    /// Runs `f` on the position of the list on screen, with what moving it needs.
    fn with_current_list(&mut self, f: impl FnOnce(&mut ListPosition, &CurrentList)) {
        let current = CurrentList {
            visible: self.visible_rows(),
            rows: match self.route() {
                Route::Entity(page) => Some(self.relation_rows(page.entity)),
                Route::Search(_) => None,
            },
            hit_count: self.hits.len(),
        };
        match self.history.last_mut() {
            Some(Route::Search(search)) => f(&mut search.list, &current),
            Some(Route::Entity(page)) => f(&mut page.list, &current),
            None => {}
        }
    }

    /// Moves the selection by `delta` rows; on an entity's page, headings are skipped.
    fn step(&mut self, delta: isize) {
        self.with_current_list(|list, current| match &current.rows {
            None => list.step(delta, current.hit_count, current.visible),
            Some(rows) => {
                let is_item = is_relation_item(rows);
                step_over_headings(list, rows.len(), is_item, delta, current.visible);
            }
        });
    }

    fn select_row(&mut self, row: usize) {
        self.with_current_list(|list, current| {
            if current.is_item(row) {
                list.select(row, current.len(), current.visible);
            }
        });
    }

    fn open_row(&mut self, row: usize) {
        self.select_row(row);
        let selected = match self.route() {
            Route::Search(search) => search.list.selected,
            Route::Entity(page) => page.list.selected,
        };
        if selected == row {
            self.drill_in();
        }
    }

    fn scroll(&mut self, delta: isize) {
        self.with_current_list(|list, current| {
            list.scroll(delta, current.len(), current.visible);
            if let Some(rows) = &current.rows {
                // Land on an entity, not on a heading.
                step_over_headings(list, rows.len(), is_relation_item(rows), 0, current.visible);
            }
        });
    }

    /// Scrolls an entity's fields pane, as far as it has lines below the pane.
    fn scroll_fields(&mut self, delta: isize) {
        let Route::Entity(page) = self.route() else {
            return;
        };
        let hidden = self
            .field_lines(page.entity)
            .saturating_sub(self.fields_rows(page.entity));
        if let Some(Route::Entity(page)) = self.history.last_mut() {
            page.fields_offset = page.fields_offset.saturating_add_signed(delta).min(hidden);
        }
    }

    /// How many lines an entity's fields pane holds: title, kind and id, fields. As
    /// `ui::entity::field_lines` lays them out: a column of margin on each side.
    fn field_lines(&self, entity: EntityRef) -> usize {
        let panes = self.entity_layout(entity);
        let border = u16::from(layout::entity_side_by_side(self.area));
        let width = usize::from(panes.fields.width.saturating_sub(border)).saturating_sub(2);
        let title_rows = entity_fields::title_rows(&self.dataset, entity, width).len();
        title_rows
            + 1
            + entity_fields::field_rows(&self.dataset, entity, width)
                .1
                .len()
    }

    /// How many lines of the fields pane are on screen: the pane less its border, which is on
    /// the right beside the relations and at the bottom above them.
    pub fn fields_rows(&self, entity: EntityRef) -> usize {
        let fields = self.entity_layout(entity).fields;
        let border = u16::from(!layout::entity_side_by_side(self.area));
        usize::from(fields.height.saturating_sub(border))
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.with_current_list(|list, current| {
            list.scroll_into_view(current.len(), current.visible)
        });
    }

    // ---- the query and the tabs ----------------------------------------------------------

    /// The selected hit, if the user moved the selection away from the top.
    fn moved_selection(&self) -> Option<EntityRef> {
        match self.route() {
            Route::Search(search) if search.list.selected > 0 => self.selected_entity(),
            _ => None,
        }
    }

    fn search_route_mut(&mut self) -> Option<&mut SearchRoute> {
        match self.history.last_mut() {
            Some(Route::Search(search)) => Some(search),
            _ => None,
        }
    }

    /// Changes the query, then ranks again. A selection the user moved stays on its entity;
    /// one still at the top stays at the top, on the new best match.
    /// Edits the query; a changed query searches again.
    fn edit_query(&mut self, action: &Action) {
        let selected = self.moved_selection();
        let Some(search) = self.search_route_mut() else {
            return;
        };
        if search.query.apply(action) == Edit::Changed {
            self.refresh_hits(Selection::Follow(selected));
        }
    }

    fn cycle_tab(&mut self, delta: isize) {
        if let Some(search) = self.search_route_mut() {
            let tab = search.tab.step(delta);
            self.pick_tab(tab);
        }
    }

    fn pick_tab(&mut self, tab: Tab) {
        let selected = self.moved_selection();
        if let Some(search) = self.search_route_mut()
            && tab != search.tab
        {
            search.tab = tab;
            self.refresh_hits(Selection::Follow(selected));
        }
    }

    // ---- clipboard and browser ---------------------------------------------------------

    fn copy_name(&mut self) {
        match self.focused_entity() {
            Some(entity) => {
                let name = self.dataset.name(entity).to_owned();
                self.effects.push(Effect::Copy(name));
            }
            None => self.message = Some("nothing selected to copy".to_owned()),
        }
    }

    /// Queues `effect` with the focused entity's URL, or says why there is none.
    fn with_url(&mut self, effect: impl FnOnce(String) -> Effect) {
        let Some(entity) = self.focused_entity() else {
            self.message = Some("nothing selected".to_owned());
            return;
        };
        match self.dataset.url(entity) {
            Some(url) => {
                let url = url.to_owned();
                self.effects.push(effect(url));
            }
            None => {
                let name = self.dataset.name(entity);
                self.message = Some(format!("{name} has no URL"));
            }
        }
    }

    /// Opens the focused entity's URL: only http and https, so a dataset cannot make lotse
    /// open files or run handlers for other schemes.
    fn open_url(&mut self) {
        let is_web = |url: &str| {
            let lower = url.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        };
        match self.focused_entity().and_then(|e| self.dataset.url(e)) {
            Some(url) if !is_web(url) => {
                self.message = Some(format!("not opened: only http and https URLs ({url})"));
            }
            _ => self.with_url(Effect::OpenUrl),
        }
    }

    fn cycle_sort(&mut self) {
        let selected = self.moved_selection();
        if let Some(search) = self.search_route_mut() {
            search.sort = search.sort.next();
            self.refresh_hits(Selection::Follow(selected));
        }
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
    fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.hit_count, Vec::len)
    }

    /// Whether the row can be selected (a hit, or a related entity rather than a heading).
    fn is_item(&self, row: usize) -> bool {
        match &self.rows {
            None => row < self.hit_count,
            Some(rows) => is_relation_item(rows)(row),
        }
    }
}

/// Moves a list's selection by `delta`, then on past headings to the nearest selectable row
/// (onwards in the direction of travel first, then back).
fn step_over_headings(
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
