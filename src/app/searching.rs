//! Searches as requests and results, so that they can run off the UI thread: the app asks
//! (`SearchRequest`), something runs it (`SearchRequest::run`), the app takes the answer
//! (`Action::SearchDone`) unless a newer request has been made since. The facets overlay's
//! counts are asked for the same way. In tests and with background search off, `update` runs
//! each request at once.

use std::sync::Arc;

use super::{App, HIT_LIMIT, ListPosition, Route, Scope};
use crate::model::{Dataset, EntityRef, Kind};
use crate::search::{self, FacetRow, Hit, Query, Ranking, SearchIndex, SortOrder};

/// How many values each facet lists.
const FACET_ROWS: usize = 12;

/// What a search is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The results list.
    Results,
    /// The counts of the facets overlay (over every match, not only the listed ones).
    Facets,
}

/// Where the selection goes when the hits are ranked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Selection {
    /// Keep the route's saved position: coming back to a screen.
    Restore,
    /// Stay on this entity if it is still a hit, else go to the top: the query changed.
    Follow(Option<EntityRef>),
}

/// A search to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    generation: u64,
    purpose: Purpose,
    query: Query,
    kind: Option<Kind>,
    sort: SortOrder,
    selection: Selection,
    /// Search only these (the bookmarks), in this order when nothing is typed.
    within: Option<Arc<Vec<EntityRef>>>,
}

/// A search that ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResult {
    generation: u64,
    purpose: Purpose,
    ranking: Ranking,
    selection: Selection,
    facets: Vec<FacetRow>,
}

impl SearchRequest {
    /// What the search is for.
    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    /// The request's number among those of its purpose: a higher one is newer.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Runs the search (on any thread).
    pub fn run(self, index: &SearchIndex, dataset: &Dataset) -> SearchResult {
        self.run_unless(index, dataset, &|| false)
            .expect("a search that is never cancelled finishes")
    }

    /// Runs the search unless `cancelled` says, between chunks, that it is no longer wanted.
    pub fn run_unless(
        self,
        index: &SearchIndex,
        dataset: &Dataset,
        cancelled: search::Cancelled<'_>,
    ) -> Option<SearchResult> {
        let (ranking, facets) = match self.purpose {
            Purpose::Results => {
                let ranking = match &self.within {
                    None => index.search_unless(
                        dataset,
                        &self.query,
                        self.kind,
                        self.sort,
                        HIT_LIMIT,
                        cancelled,
                    )?,
                    Some(within) => {
                        self.rank_within(index, dataset, within, HIT_LIMIT, cancelled)?
                    }
                };
                (ranking, Vec::new())
            }
            Purpose::Facets => {
                let all = match &self.within {
                    None => index.search_unless(
                        dataset,
                        &self.query,
                        self.kind,
                        self.sort,
                        usize::MAX,
                        cancelled,
                    )?,
                    Some(within) => {
                        self.rank_within(index, dataset, within, usize::MAX, cancelled)?
                    }
                };
                (
                    Ranking::default(),
                    search::facets(dataset, &all.hits, FACET_ROWS),
                )
            }
        };
        Some(SearchResult {
            generation: self.generation,
            purpose: self.purpose,
            ranking,
            selection: self.selection,
            facets,
        })
    }
}

impl SearchRequest {
    /// The search among a few entities (the bookmarks): events in programme order (time,
    /// then room) and the rest in their own order when nothing is typed, else the matches
    /// among them in the order asked for.
    fn rank_within(
        &self,
        index: &SearchIndex,
        dataset: &Dataset,
        within: &[EntityRef],
        limit: usize,
        cancelled: search::Cancelled<'_>,
    ) -> Option<Ranking> {
        let matches: Vec<Hit> = if self.query.is_empty() && self.sort == SortOrder::Relevance {
            let (mut events, others): (Vec<EntityRef>, Vec<EntityRef>) =
                within.iter().partition(|e| e.kind() == Kind::Event);
            index.in_listing_order(dataset, &mut events);
            events
                .into_iter()
                .chain(others)
                .map(|entity| Hit { entity, score: 0 })
                .collect()
        } else {
            let wanted: rustc_hash::FxHashSet<EntityRef> = within.iter().copied().collect();
            index
                .search_unless(dataset, &self.query, None, self.sort, usize::MAX, cancelled)?
                .hits
                .into_iter()
                .filter(|hit| wanted.contains(&hit.entity))
                .collect()
        };
        let mut counts = search::KindCounts::default();
        for hit in &matches {
            counts.add(hit.entity.kind());
        }
        let hits = matches
            .into_iter()
            .filter(|hit| self.kind.is_none_or(|kind| hit.entity.kind() == kind))
            .take(limit)
            .collect();
        Some(Ranking { hits, counts })
    }
}

/// The app's side of searching.
#[derive(Debug)]
pub(super) struct SearchState {
    background: bool,
    /// The number of the latest request; results of older ones are dropped.
    generation: u64,
    /// A request not yet handed out.
    pending: Option<SearchRequest>,
    /// The number of the latest facets request.
    facets_generation: u64,
    /// A facets request not yet handed out.
    pending_facets: Option<SearchRequest>,
    /// Whether a facets request is out and its counts not back.
    counting: bool,
    /// Whether a request is out and its result not back.
    running: bool,
    /// Ticks since the running search started.
    ticks: usize,
    /// Enter was pressed before the results it was meant for arrived: open the top hit then.
    drill_in_when_done: bool,
}

impl SearchState {
    pub(super) fn new(background: bool) -> Self {
        Self {
            background,
            generation: 0,
            pending: None,
            facets_generation: 0,
            pending_facets: None,
            counting: false,
            running: false,
            ticks: 0,
            drill_in_when_done: false,
        }
    }

    pub(super) fn tick(&mut self) {
        if self.running {
            self.ticks += 1;
        }
    }
}

impl App {
    /// The next request to run off the UI thread, if one is waiting.
    pub fn take_search_request(&mut self) -> Option<SearchRequest> {
        self.search
            .pending
            .take()
            .or_else(|| self.search.pending_facets.take())
    }

    /// Whether a search (or a count of facets) is running.
    pub fn is_searching(&self) -> bool {
        self.search.running || self.search.counting
    }

    /// Asks for the facets of the current search: at once, or off the UI thread, in which
    /// case the overlay shows that it is counting until `Action::SearchDone` brings them.
    pub(super) fn request_facets(&mut self, kind: Option<Kind>) -> Option<Vec<FacetRow>> {
        self.search.facets_generation += 1;
        let request = SearchRequest {
            generation: self.search.facets_generation,
            purpose: Purpose::Facets,
            query: self.query.clone(),
            kind,
            sort: SortOrder::Relevance,
            selection: Selection::Restore,
            within: self.search_scope(),
        };
        if self.search.background {
            self.search.pending_facets = Some(request);
            self.search.counting = true;
            None
        } else {
            Some(request.run(&self.index, &self.dataset).facets)
        }
    }

    /// What the current search searches within: the bookmarks, or everything (`None`).
    fn search_scope(&self) -> Option<Arc<Vec<EntityRef>>> {
        self.scope_entities(self.scope())
    }

    /// The entities a scope holds: the bookmarks, the changed events, or everything (`None`).
    fn scope_entities(&self, scope: Scope) -> Option<Arc<Vec<EntityRef>>> {
        match scope {
            Scope::Everything => None,
            Scope::Bookmarks => Some(self.bookmark_scope()),
            Scope::Changes => Some(self.changes_scope()),
        }
    }

    /// The spinner's frame while a search takes longer than a frame, else `None`.
    pub fn spinner(&self) -> Option<usize> {
        (self.search.running && self.search.ticks > 0).then_some(self.search.ticks)
    }

    /// Enter on the search screen: open the selection, or, while the results for what was
    /// typed are still coming, open it as soon as they are there (typing `spreck⏎` fast opens
    /// Spreckelsen, not what was selected before).
    pub(super) fn drill_in_when_ready(&mut self) {
        if self.search.running && matches!(self.route(), Route::Search(_)) {
            self.search.drill_in_when_done = true;
        } else {
            self.drill_in();
        }
    }

    /// What a search worker needs: the dataset and its index, shared.
    pub fn search_handles(&self) -> (std::sync::Arc<Dataset>, std::sync::Arc<SearchIndex>) {
        (
            std::sync::Arc::clone(&self.dataset),
            std::sync::Arc::clone(&self.index),
        )
    }

    /// Ranks the current search route's query again and places the selection. A query with a
    /// mistake keeps the last results on screen, with the mistake on the status line.
    pub(super) fn refresh_hits(&mut self, selection: Selection) {
        let Some(Route::Search(search)) = self.history.last() else {
            return;
        };
        let (tab, sort, scope) = (search.tab, search.sort, search.scope);
        match search::parse(&search.query) {
            Ok(query) => {
                self.query = query;
                self.query_error = None;
            }
            Err(error) => {
                self.query_error = Some(error.message);
                if selection == Selection::Restore {
                    // Coming back to a screen: its results are not the ones on screen.
                    self.query = Query::default();
                }
                // Otherwise the last good query runs again, on the tab and in the order now
                // chosen: the results must always be those of the tab on screen.
            }
        }
        self.search.generation += 1;
        self.search.drill_in_when_done = false;
        let request = SearchRequest {
            generation: self.search.generation,
            purpose: Purpose::Results,
            query: self.query.clone(),
            kind: tab.kind(),
            sort,
            selection,
            within: self.scope_entities(scope),
        };
        if self.search.background {
            self.search.pending = Some(request);
            self.search.running = true;
            self.search.ticks = 0;
        } else {
            let result = request.run(&self.index, &self.dataset);
            self.finish_search(result);
        }
    }

    /// Shows a search's results, unless a newer search has been asked for since.
    pub(super) fn finish_search(&mut self, result: SearchResult) {
        if result.purpose == Purpose::Facets {
            if result.generation == self.search.facets_generation {
                self.search.counting = false;
                self.show_facets(result.facets);
            }
            return;
        }
        if result.generation != self.search.generation {
            return;
        }
        self.search.running = false;
        let visible = self.visible_rows();
        self.tab_counts = result.ranking.counts;
        self.hits = result.ranking.hits;
        let hit_count = self.hits.len();
        let followed = match result.selection {
            Selection::Follow(Some(entity)) => {
                self.hits.iter().position(|hit| hit.entity == entity)
            }
            _ => None,
        };
        if let Some(search) = self.search_route_mut() {
            match (result.selection, followed) {
                // The saved position, inside the list as it is now.
                (Selection::Restore, _) => {
                    let selected = search.list.selected;
                    search.list.select(selected, hit_count, visible);
                }
                (Selection::Follow(_), Some(row)) => search.list.select(row, hit_count, visible),
                (Selection::Follow(_), None) => search.list = ListPosition::default(),
            }
        }
        if std::mem::take(&mut self.search.drill_in_when_done) {
            self.drill_in();
        }
    }
}
