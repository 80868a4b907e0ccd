//! The explorer's state and the one place it changes: `App::update(Action)`. Pure: no terminal,
//! no I/O, so every behaviour can be tested by feeding actions and looking at the state.

mod action;
mod agenda;
mod bookmark_actions;
mod changes;
mod effect;
mod facets;
mod line_input;
mod links;
mod list;
mod navigation;
mod pick;
mod prompt;
mod query;
mod reload;
mod route;
mod searching;

pub use action::{Action, ChangedBy, InternalEvent};
pub use changes::ChangeLog;
pub use effect::Effect;
pub use facets::{FacetLine, FacetsView};
pub use line_input::{Edit, LineInput};
pub use prompt::ExportPrompt;
pub use reload::{NewVersion, Reloaded};
pub use route::{
    AgendaRoute, EntityRoute, ListPosition, RelationRow, Route, Scope, SearchRoute, Tab,
    relation_rows,
};
use searching::Selection;
pub use searching::{Purpose, SearchRequest, SearchResult};

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::entity_fields::EntityText;
use crate::layout;
use crate::model::{Dataset, EntityRef};
use crate::search::{Hit, KindCounts, Query, SearchIndex};

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
    Agenda,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Search,
        Mode::Entity,
        Mode::Agenda,
        Mode::Help,
        Mode::Facets,
        Mode::Prompt,
    ];
}

/// An entity page laid out for the screen: where its panes go, and its own text wrapped to the
/// fields pane. Sizing, scrolling, hit tests and drawing all read this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageView {
    pub entity: EntityRef,
    /// The screen it was laid out for.
    pub area: Rect,
    pub layout: layout::EntityLayout,
    pub text: EntityText,
}

impl PageView {
    pub(super) fn new(dataset: &Dataset, entity: EntityRef, area: Rect) -> Self {
        let relation_rows = route::relation_row_count(dataset, entity);
        let (layout, text) = if layout::entity_side_by_side(area) {
            // Beside the relations the fields take the width the relations leave, whatever
            // their length; a line on their right separates them.
            let fields = (0, field_columns(dataset, entity));
            let relations = (relation_rows, route::relation_columns(dataset, entity));
            let layout = layout::entity(area, fields, relations);
            let inside = layout.fields.width.saturating_sub(1);
            (layout, EntityText::for_pane(dataset, entity, inside))
        } else {
            // Stacked, the fields are as wide as the screen and get the rows they want, their
            // line below included, as far as the relations can spare.
            let text = EntityText::for_pane(dataset, entity, area.width);
            let fields = (text.lines() + 1, 0);
            (layout::entity(area, fields, (relation_rows, 0)), text)
        };
        Self {
            entity,
            area,
            layout,
            text,
        }
    }

    /// Lines of the fields pane on screen: the pane less its border (on the right beside the
    /// relations, at the bottom above them).
    pub fn fields_rows(&self) -> usize {
        let border = u16::from(!layout::entity_side_by_side(self.area));
        usize::from(self.layout.fields.height.saturating_sub(border))
    }
}

/// The columns an entity's fields want unwrapped: its title, its kind and id, its labelled
/// values, with the pane's margins and the line on its right.
fn field_columns(dataset: &Dataset, entity: EntityRef) -> usize {
    let (label_width, rows) = crate::entity_fields::printed_field_rows(dataset, entity, None);
    let widest_value = rows.iter().map(|row| crate::text::width(&row.value)).max();
    // `speaker · cord-spreckelsen · bookmarked`: room for the mark whether it is there or not.
    let kind_and_id = entity.kind().name().len() + 3 + crate::text::width(dataset.id(entity)) + 13;
    let own = [
        crate::text::width(dataset.name(entity)),
        kind_and_id,
        widest_value.map_or(0, |value| label_width + 2 + value),
    ];
    own.into_iter().max().unwrap_or(0) + 2 * crate::entity_fields::MARGIN + 1
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
    /// The first line of the help shown, and the most it can be (`InternalEvent::HelpLimit`).
    help_scroll: usize,
    help_limit: usize,
    quit: bool,
    area: Rect,
    /// The entity page on screen laid out, when one is.
    page: Option<PageView>,
    /// Bookmarked entities, oldest first.
    bookmarks: Vec<EntityRef>,
    /// What changed since the schedule was last opened, when it was opened before.
    change_log: Option<ChangeLog>,
    /// Bookmarked events that overlap another bookmarked event.
    clashing: std::collections::HashSet<EntityRef>,
    /// Bookmarks this dataset does not have (a talk cancelled since): kept when saving.
    foreign_bookmarks: Vec<crate::bookmarks::Bookmark>,
    prompt: Option<ExportPrompt>,
    /// What the last action did, for the status line; cleared by the next key.
    message: Option<String>,
    /// What the terminal loop has to do: see `effect.rs`.
    effects: Vec<Effect>,
    /// `lotse pick`: the rows marked and what was picked (see `pick.rs`).
    picking: Option<pick::Picking>,
    /// The rows marked to act on together (bookmark, export, pick), in the order marked.
    marked: Vec<EntityRef>,
    /// What time it is, as the loop last said (`--now` fixes it): the agenda's "now".
    now: Option<jiff::Timestamp>,
    /// The search screen's preview: shown or not, and its size.
    preview: layout::PreviewWindow,
    /// Whether a reload is under way (`reload.rs`).
    reloading: bool,
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
            help_scroll: 0,
            help_limit: 0,
            quit: false,
            area: Rect::new(0, 0, 80, 24),
            page: None,
            bookmarks: Vec::new(),
            foreign_bookmarks: Vec::new(),
            prompt: None,
            message: None,
            effects: Vec::new(),
            picking: None,
            now: None,
            marked: Vec::new(),
            clashing: Default::default(),
            change_log: None,
            preview: layout::PreviewWindow::default(),
            reloading: false,
        };
        app.refresh_hits(Selection::Restore);
        app
    }

    /// Applies what a user asked for. Reads like a table of contents: each arm names what
    /// happens.
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        self.lay_out_page();
    }

    fn apply(&mut self, action: Action) {
        // A message stays until the next key.
        self.message = None;
        let Some(action) = self.taken_by_what_is_open(action) else {
            return;
        };
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::SelectNext => self.step(1),
            Action::SelectPrevious => self.step(-1),
            Action::PageDown => self.step(self.page_rows()),
            Action::PageUp => self.step(-self.page_rows()),
            Action::SelectFirst => self.step(isize::MIN / 2),
            Action::SelectLast => self.step(isize::MAX / 2),
            Action::TogglePreview => self.preview.shown = !self.preview.shown,
            Action::WiderPreview => self.preview = self.preview.resized(true),
            Action::NarrowerPreview => self.preview = self.preview.resized(false),
            Action::NextSection => self.jump_section(true),
            Action::PreviousSection => self.jump_section(false),
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
            Action::OpenAgenda => self.open_agenda(),
            Action::ShowChanges => self.show_changes(),
            Action::ToggleMark => self.mark_and_step(1),
            Action::Reload => self.reload(),
            Action::Suspend
            | Action::Confirm
            | Action::Cancel
            | Action::CycleExportFormat
            | Action::NextDay
            | Action::PreviousDay
            | Action::JumpToNow
            | Action::NextRoom
            | Action::PreviousRoom => {}
        }
    }

    /// Gives an action to what is open over the screen (the prompt, the help, the facets) or
    /// gives it its own meaning there (a chooser, the agenda); the action back when they
    /// leave it to the common handling.
    fn taken_by_what_is_open(&mut self, action: Action) -> Option<Action> {
        if self.prompt.is_some() {
            self.update_prompt(action);
            return None;
        }
        if self.help && !matches!(action, Action::ToggleHelp | Action::Quit) {
            self.update_help(action);
            return None;
        }
        if self.facets.is_some() && action != Action::ToggleHelp {
            self.update_facets(action);
            return None;
        }
        let taken = self.update_picking(&action)
            || (matches!(self.route(), Route::Agenda(_)) && self.update_agenda(&action));
        (!taken).then_some(action)
    }

    /// Takes in what happened without the user: it arrives whatever screen is open, and
    /// leaves the status line's message alone (but for a report, which is one).
    pub fn notify(&mut self, event: InternalEvent) {
        self.take_in(event);
        self.lay_out_page();
    }

    fn take_in(&mut self, event: InternalEvent) {
        match event {
            InternalEvent::SearchDone(result) => self.finish_search(result),
            InternalEvent::Tick => self.search.tick(),
            InternalEvent::Report(message) => {
                // Reports quote paths and system errors: nothing in them may act on the terminal.
                self.message = Some(crate::text::visible(&message).into_owned());
            }
            InternalEvent::Resize { width, height } => self.resize(width, height),
            InternalEvent::Now(at) => self.now = Some(at),
            InternalEvent::Reloaded(reloaded) => self.finish_reload(reloaded),
            InternalEvent::Bookmarks { kept, by } => self.take_in_bookmarks(&kept, by),
            InternalEvent::HelpLimit(limit) => {
                self.help_limit = limit;
                self.help_scroll = self.help_scroll.min(limit);
            }
        }
    }

    /// In the help: where it is taller than the screen the moves scroll it (keys, wheel);
    /// any other key closes it, so that no keypress does something unseen.
    fn update_help(&mut self, action: Action) {
        let page = usize::from(self.area.height.saturating_sub(3)).max(1);
        let scroll = self.help_scroll;
        let wheel = matches!(
            action,
            Action::ScrollUp
                | Action::ScrollDown
                | Action::ScrollFieldsUp
                | Action::ScrollFieldsDown
        );
        if self.help_limit == 0 && !wheel {
            self.help = false;
            return;
        }
        self.help_scroll = match action {
            Action::SelectNext | Action::ScrollDown | Action::ScrollFieldsDown => scroll + 1,
            Action::SelectPrevious | Action::ScrollUp | Action::ScrollFieldsUp => {
                scroll.saturating_sub(1)
            }
            Action::PageDown => scroll + page,
            Action::PageUp => scroll.saturating_sub(page),
            Action::SelectFirst => 0,
            Action::SelectLast => self.help_limit,
            _ => {
                self.help = false;
                0
            }
        }
        .min(self.help_limit);
    }

    /// The search screen's preview: shown or hidden, and its size.
    pub fn preview_window(&self) -> layout::PreviewWindow {
        self.preview
    }

    /// The first line of the help overlay shown.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
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
            (false, Route::Agenda(_)) => Mode::Agenda,
        }
    }

    /// What time it is for the agenda (`None` until the loop says).
    pub fn now(&self) -> Option<jiff::Timestamp> {
        self.now
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
            Route::Agenda(agenda) => agenda.selected_event(),
        }
    }

    /// Where the panes of an entity's page go at the current size: stacked, the fields get
    /// as many rows as they have (title, kind, fields, border).
    pub fn page(&self) -> Option<&PageView> {
        self.page.as_ref()
    }

    /// Lays out the entity page on screen, if one is: its panes, and its fields wrapped to the
    /// fields pane. Runs after every change, so a frame draws what was laid out once.
    fn lay_out_page(&mut self) {
        self.page = match self.route() {
            Route::Entity(page) => Some(PageView::new(&self.dataset, page.entity, self.area)),
            Route::Search(_) | Route::Agenda(_) => None,
        };
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
                        Scope::Changes => "Changes",
                    };
                    if search.query.is_empty() {
                        what.to_owned()
                    } else {
                        format!("{what} \"{}\"", search.query)
                    }
                }
                Route::Entity(page) => self.dataset.name(page.entity).to_owned(),
                Route::Agenda(agenda) => agenda.programme.title.clone(),
            })
            .collect()
    }
}
