//! Ranking: which entities match a query and in what order. Search keys are folded once at
//! load; a bit mask of the letters in each key rejects most entities before the matcher runs;
//! large datasets are scanned on every core; only the best `limit` hits are sorted.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use fuzzy_matcher::skim::SkimMatcherV2;

use super::query::{Atom, Filter, MatchMode, Query, TextTerm};
use super::results::{Hit, KindCounts, Ranking, SortOrder};
use super::text_match::{Compare, initial_bit, letter_mask};
use crate::model::{Dataset, EntityRef, Kind, Numbering};
use bounds::Bounds;
use order::best_in_order;
use typos::Typos;

mod bounds;
mod filters;
mod highlight;
mod keys;
mod order;
mod relevance;
mod scan;
mod typos;

pub use highlight::ShownName;

/// The folded text each entity is matched on, built once per dataset.
pub struct SearchIndex {
    /// One per entity, in the order of `Dataset::entities`.
    entries: Vec<Entry>,
    /// An entry's position is its entity's number.
    numbering: Numbering,
    /// Every entry's folded keys in two buffers (names, contexts), in entry order: a scan
    /// reads memory in order instead of chasing a million small strings.
    keys: keys::Keys,
    matcher: SkimMatcherV2,
    /// The entities recent filters matched (one bit per entry), so that typing after
    /// `topic:robotik` does not evaluate the filter on every entity at every keystroke.
    filter_cache: Mutex<Vec<(Filter, Arc<Vec<u64>>)>>,
    /// The last query and the positions of all its matches.
    last: Mutex<Option<(Query, Arc<Vec<u32>>)>>,
    /// The last query searched for typos too, and the positions of all its matches.
    last_typos: Mutex<Option<(Query, Arc<Vec<u32>>)>>,
    /// Each event's place in the programme (time, then room order), made when a search
    /// without text first lists events: reading every start costs time a typed search never
    /// needs.
    programme_places: std::sync::OnceLock<Vec<u32>>,
}

/// Up to this many entities, every search with a long term also looks for words one edit
/// from it: the pass takes 3–15 ms at 100,000 (`typos` rules out most entries from the
/// keys' bytes first). Beyond, it takes tens (10–60 ms at a million), so it is kept for
/// searches that find fewer than `TYPOS_BELOW_MATCHES` entities exactly. Neither depends on
/// the limit: a limit changes no count.
const TYPOS_ALWAYS_UP_TO: usize = 100_000;
const TYPOS_BELOW_MATCHES: usize = 10;

// A million entries cost 40 bytes each; a field more must find room in the padding.
const _: () = assert!(std::mem::size_of::<Entry>() == 40);

/// How many filters' matches are remembered.
const CACHED_FILTERS: usize = 8;

/// Where one entity's search keys are in the index's `keys`: the folded display name (case
/// kept: smart case decides per term) and after it its other names, one per line (the German
/// transliteration (`Mueller`) where it differs, a topic's aliases, an organization's short
/// name), among the names; the folded context values a user would type, one per line, among
/// the contexts: an event's venue, city, series and year, a speaker's affiliations. An entry's
/// entity is its position (`SearchIndex::entity_at`): a million entries cost 40 bytes each.
#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    context_start: u32,
    name_len: u32,
    /// The other names, after a line break (0: none).
    others_len: u32,
    context_len: u32,
    /// Which letters and digits occur in the names (name and transliteration), and in the
    /// context: the prefilter, and a term's quick "not in this text". The names' mask also
    /// holds, from `INITIALS_SHIFT` up, the letters that open a word (`initials_mask`), and
    /// in its top bit whether the names are not all ASCII; the context's mask holds its
    /// initials, and whether it is not all ASCII, likewise.
    name_letters: u64,
    context_letters: u64,
    /// The display name's length in characters (at most `u16::MAX`), for ranking ties.
    name_chars: u16,
    /// Which lengths (in bytes) its names and aliases have: bit `n` for `n` bytes, the top
    /// bit for 15 or more. A term can be a whole name only if one has its length.
    name_lengths: u16,
}

/// Below this many entities one thread is faster than starting more.
const PARALLEL_FROM: usize = 20_000;

/// Asked between chunks of a scan: whether the search is no longer wanted.
pub type Cancelled<'a> = &'a (dyn Fn() -> bool + Sync);

/// From this many hits on, the matcher scores them on every core: a score costs
/// microseconds (far more than a scan's look at an entry), so even the 2,000 hits a limited
/// search rescores take milliseconds on one.
const RESCORED_IN_PARALLEL_FROM: usize = 512;

/// How far ahead of the entry it looks at a scan asks for the names' memory.
const PREFETCH_AHEAD: usize = 16;

/// How many entries a scan looks at between two questions whether it is still wanted.
const CANCEL_CHECK_EVERY: usize = 4096;

impl SearchIndex {
    pub fn new(dataset: &Dataset) -> Self {
        let (entries, keys) = keys::build(dataset);
        Self {
            entries,
            numbering: dataset.numbering(),
            keys,
            matcher: SkimMatcherV2::default().smart_case(),
            filter_cache: Mutex::new(Vec::new()),
            last: Mutex::new(None),
            last_typos: Mutex::new(None),
            programme_places: std::sync::OnceLock::new(),
        }
    }

    /// The entity of the entry at `position`.
    fn entity_at(&self, position: usize) -> EntityRef {
        self.numbering.entity(position)
    }

    /// The entry of an entity.
    fn position_of(&self, entity: EntityRef) -> usize {
        self.numbering.global(entity)
    }

    /// Forgets the previous query and the cached filters, so that the next search starts from
    /// scratch (for measuring).
    pub fn forget(&self) {
        *lock(&self.last) = None;
        *lock(&self.last_typos) = None;
        lock(&self.filter_cache).clear();
    }

    /// Parses and runs a query over every kind (`kind` narrows the hits, not the counts).
    pub fn rank(
        &self,
        dataset: &Dataset,
        query: &str,
        kind: Option<Kind>,
    ) -> Result<Vec<Hit>, super::QueryError> {
        let query = super::parse(query)?;
        Ok(self
            .search(dataset, &query, kind, SortOrder::Relevance, usize::MAX)
            .hits)
    }

    /// Runs a query: every entity that matches is counted; the best `limit` of `kind` (or of
    /// all kinds) are returned in `sort` order. Ties go to the shorter name, then to the kind
    /// order, then to the file order, so the order never changes between runs.
    pub fn search(
        &self,
        dataset: &Dataset,
        query: &Query,
        kind: Option<Kind>,
        sort: SortOrder,
        limit: usize,
    ) -> Ranking {
        self.search_unless(dataset, query, kind, sort, limit, &|| false)
            .unwrap_or_default()
    }

    /// As [`search`](Self::search), but gives up (`None`) as soon as `cancelled` says so: it
    /// is asked between chunks of the scan, so a search nobody waits for any more (the user
    /// typed on) never delays the next one by more than a chunk.
    pub fn search_unless(
        &self,
        dataset: &Dataset,
        query: &Query,
        kind: Option<Kind>,
        sort: SortOrder,
        limit: usize,
        cancelled: Cancelled<'_>,
    ) -> Option<Ranking> {
        let search = Search {
            query,
            kind,
            sort,
            limit,
        };
        let (ranking, matched) = self.search_pass(dataset, &search, None, cancelled)?;
        // Only exact matches narrow the next keystroke's search (a typo of a longer term may
        // be no typo of this one).
        let matched = Arc::new(matched);
        *lock(&self.last) = Some((query.clone(), Arc::clone(&matched)));
        if !query.has_typo_terms()
            || (self.entries.len() > TYPOS_ALWAYS_UP_TO
                && ranking.count(None) >= TYPOS_BELOW_MATCHES)
        {
            return Some(ranking);
        }
        // Words one edit from the long terms match too (`pattienten` finds "Patientenakte",
        // though its letters also occur, scattered, in a title), ranked below every exact
        // match. Typing on, they are among the matches of the previous such pass.
        let typos = match self.typo_matches_typed_on(query) {
            Some(previous) => Typos::among(previous),
            None => self.typos(query, &matched, cancelled)?,
        };
        let (ranking, matched) = self.search_pass(dataset, &search, Some(&typos), cancelled)?;
        *lock(&self.last_typos) = Some((query.clone(), Arc::new(matched)));
        Some(ranking)
    }

    /// The matches of the last pass for typos, when the query narrows its query so that
    /// nothing else can match it (`Query::narrows_with_typos`).
    fn typo_matches_typed_on(&self, query: &Query) -> Option<Arc<Vec<u32>>> {
        match &*lock(&self.last_typos) {
            Some((previous, matched)) if query.narrows_with_typos(previous) => {
                Some(Arc::clone(matched))
            }
            _ => None,
        }
    }

    /// One scan of a search, of exact matches or (given `typos`) of words one edit from the
    /// long terms as well: the ranking, and the positions of every match.
    fn search_pass(
        &self,
        dataset: &Dataset,
        search: &Search<'_>,
        typos: Option<&Typos>,
        cancelled: Cancelled<'_>,
    ) -> Option<(Ranking, Vec<u32>)> {
        let Search {
            query,
            kind,
            sort,
            limit,
        } = *search;
        let prepared = self.prepare(dataset, query, typos, cancelled)?;
        if !prepared.by_score {
            self.know_programme_places(dataset);
        }
        // For typos, the entries that may match so; typing on, the previous matches; else,
        // when a clause is a filter alone, the entries it matches (a scan of those only, not
        // of every entry).
        let candidates = typos
            .map(|typos| Arc::clone(&typos.candidates))
            .or_else(|| {
                self.candidates(query)
                    .or_else(|| filtered_positions(&prepared).map(Arc::new))
            });
        // With a limit, the matcher need only score the hits that can make it: a cheap score
        // picks those first.
        let scoring = if sort == SortOrder::Relevance && query.has_text() && limit < usize::MAX {
            Scoring::Cheap
        } else {
            Scoring::Full
        };
        // How many hits each scan keeps (0: all): by relevance, only the best can be shown;
        // without text, by relevance, the first in the file's order.
        let keep = match scoring {
            Scoring::Cheap => limit.saturating_mul(RESCORED_PER_SHOWN).max(MIN_RESCORED),
            Scoring::Full if sort == SortOrder::Relevance && !query.has_text() => limit,
            Scoring::Full | Scoring::MatchOnly => 0,
        };
        let keep = if keep == usize::MAX { 0 } else { keep };
        let parts = match &candidates {
            Some(positions) => self.in_parallel(positions.len(), |range| {
                let positions = positions[range].iter().map(|&p| p as usize);
                self.scan(&prepared, positions, kind, scoring, keep, cancelled)
            }),
            None => self.in_parallel(self.entries.len(), |range| {
                self.scan(&prepared, range, kind, scoring, keep, cancelled)
            }),
        };
        let parts: Vec<_> = parts.into_iter().collect::<Option<_>>()?;
        let mut counts = KindCounts::default();
        let mut scored = Vec::new();
        let mut matched = Vec::new();
        for (part, part_counts, part_matched) in parts {
            counts.merge(&part_counts);
            scored.extend(part);
            matched.extend(part_matched);
        }
        let order = |a: &Scored, b: &Scored| self.compare(dataset, sort, query.has_text(), a, b);
        if scoring == Scoring::Cheap {
            if scored.len() > keep {
                scored.select_nth_unstable_by(keep - 1, order);
                scored.truncate(keep);
            }
            self.rescore(&prepared, &mut scored);
        }
        best_in_order(&mut scored, limit, order);
        let hits = scored.into_iter().map(|s| s.hit).collect();
        Some((Ranking { hits, counts }, matched))
    }

    /// Runs `work` on parts of `0..count` entries, on every core when there are many.
    fn in_parallel<T: Send>(
        &self,
        count: usize,
        work: impl Fn(Range<usize>) -> T + Sync,
    ) -> Vec<T> {
        in_parallel(count, count >= PARALLEL_FROM, work)
    }

    /// The entities worth looking at: when the query only narrows the previous one (typing
    /// on), the previous matches; otherwise all (`None`).
    fn candidates(&self, query: &Query) -> Option<Arc<Vec<u32>>> {
        match &*lock(&self.last) {
            Some((previous, matched)) if query.narrows(previous) => Some(Arc::clone(matched)),
            _ => None,
        }
    }

    /// Makes a query ready: filters become bit sets of the entities they match. `None` when
    /// the search was cancelled while a filter was worked out.
    fn prepare<'q>(
        &self,
        dataset: &Dataset,
        query: &'q Query,
        typos: Option<&Typos>,
        cancelled: Cancelled<'_>,
    ) -> Option<Prepared<'q>> {
        let mut long_terms = 0;
        let mut letters = 0;
        let mut clauses = Vec::with_capacity(query.clauses.len());
        for clause in &query.clauses {
            if let [Atom::Text(term)] = clause.atoms.as_slice()
                && !term.negated
                && !(typos.is_some() && term.may_be_a_typo())
            {
                letters |= letter_mask(&term.text);
            }
            let mut atoms = Vec::with_capacity(clause.atoms.len());
            for atom in &clause.atoms {
                atoms.push(match atom {
                    Atom::Text(term) => PreparedAtom::Text(TextAtom {
                        term,
                        letters: letter_mask(&term.text),
                        first_initial: initial_bit(&term.text),
                        typo: typos.filter(|_| term.may_be_a_typo()).map(|typos| {
                            long_terms += 1;
                            TypoTerm {
                                chars: term.text.chars().collect(),
                                near: typos.near(long_terms - 1),
                            }
                        }),
                    }),
                    Atom::Filter(filter) => PreparedAtom::Filter(
                        self.filter_matches(dataset, filter, cancelled)?,
                        filter.negated,
                    ),
                });
            }
            clauses.push(atoms);
        }
        Some(Prepared {
            letters,
            by_score: query.has_text(),
            // Typos score by no letter mask.
            bounds: if typos.is_some() {
                None
            } else {
                Bounds::of(query)
            },
            plain: typos.is_none().then(|| plain_clauses(&clauses)).flatten(),
            clauses,
        })
    }

    /// Scores hits with the matcher, on every core when there are many.
    fn rescore(&self, prepared: &Prepared<'_>, scored: &mut [Scored]) {
        let rescore = |part: &mut [Scored]| {
            for s in part {
                let entry = &self.entries[s.position as usize];
                if let Some(score) =
                    self.evaluate(prepared, s.position as usize, entry, Scoring::Full)
                {
                    s.hit.score = score;
                }
            }
        };
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        if scored.len() < RESCORED_IN_PARALLEL_FROM || threads == 1 {
            return rescore(scored);
        }
        let chunk = scored.len().div_ceil(threads);
        std::thread::scope(|scope| {
            for part in scored.chunks_mut(chunk) {
                scope.spawn(|| rescore(part));
            }
        });
    }
}

/// Runs `work` on parts of `0..count`, on every core when `worth_it`.
fn in_parallel<T: Send>(
    count: usize,
    worth_it: bool,
    work: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let threads = if worth_it {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        1
    };
    if threads == 1 {
        return vec![work(0..count)];
    }
    let chunk = count.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let work = &work;
        let workers: Vec<_> = (0..count)
            .step_by(chunk)
            .map(|start| scope.spawn(move || work(start..(start + chunk).min(count))))
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a search thread does not panic"))
            .collect()
    })
}

/// The mutex's value: a search that panicked while holding it left nothing half-done that
/// matters (each holds a whole value), so a poisoned lock is taken as it is.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A hit with what ranking ties need.
#[derive(Clone, Copy)]
struct Scored {
    hit: Hit,
    name_chars: u16,
    /// The entry's position, to score it again.
    position: u32,
}

/// Whether the matcher scores every hit, or a cheap score picks the hits worth its time, or
/// (for a match that cannot make the best) only whether it matches counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scoring {
    Full,
    Cheap,
    MatchOnly,
}

/// With a limit of N, the best `N × RESCORED_PER_SHOWN` hits by the cheap score (at least
/// `MIN_RESCORED`) are scored by the matcher; the rest can only rank below them.
const RESCORED_PER_SHOWN: usize = 4;
const MIN_RESCORED: usize = 2_000;

/// A query made ready for one search.
struct Prepared<'q> {
    clauses: Vec<Vec<PreparedAtom<'q>>>,
    /// Letters every matching entity must contain (from the terms that must match).
    letters: u64,
    /// Whether hits are ranked by score (the query has text), or by entity alone.
    by_score: bool,
    /// The most an entry can score, when the query's shape lets the masks say it.
    bounds: Option<Bounds>,
    /// When every clause is one fuzzy term of two characters or more (not negated) or one
    /// filter, the clauses in the order `scan` checks them: whether an entry matches is then
    /// whether each term's letters come in order in one of its texts, asked before anything
    /// is scored (most entries that pass the masks do not match).
    plain: Option<Vec<PlainClause<'q>>>,
}

/// A clause of a plain query (`Prepared::plain`).
enum PlainClause<'q> {
    Term {
        term: &'q TextTerm,
        letters: u64,
        compare: Compare,
    },
    /// The entities a filter matches, one bit per entry, and whether the filter is negated.
    Filter(Arc<Vec<u64>>, bool),
}

enum PreparedAtom<'q> {
    Text(TextAtom<'q>),
    /// The entities a filter matches, one bit per entry, and whether the filter is negated.
    Filter(Arc<Vec<u64>>, bool),
}

/// A text term made ready.
struct TextAtom<'q> {
    term: &'q TextTerm,
    /// The letters it holds.
    letters: u64,
    /// Its first letter's bit among the initials (`text_match::initial_bit`).
    first_initial: Option<u64>,
    /// Its characters, when words one edit from it match too.
    typo: Option<TypoTerm>,
}

/// A long term in a pass for typos.
struct TypoTerm {
    chars: Vec<char>,
    /// The entries that may hold a word one edit from it, one bit per entry (`None`: any).
    near: Option<Arc<Vec<u64>>>,
}

/// The positions of the entries that every clause made of one filter (not negated) matches:
/// such a clause must hold for an entry to match, so only these need a look. `None` when no
/// clause is a filter alone, or when they match more than half the entries (a list of
/// nearly every position costs more to make than a scan of all).
fn filtered_positions(prepared: &Prepared<'_>) -> Option<Vec<u32>> {
    let mut lone_filters = prepared
        .clauses
        .iter()
        .filter_map(|clause| match clause.as_slice() {
            [PreparedAtom::Filter(bits, false)] => Some(bits),
            _ => None,
        });
    let first = lone_filters.next()?;
    let rest: Vec<&Arc<Vec<u64>>> = lone_filters.collect();
    let word_at = |at: usize| rest.iter().fold(first[at], |word, bits| word & bits[at]);
    let count: usize = (0..first.len())
        .map(|at| word_at(at).count_ones() as usize)
        .sum();
    if count > first.len() * 64 / 2 {
        return None;
    }
    let mut positions = Vec::with_capacity(count);
    for at in 0..first.len() {
        let mut word = word_at(at);
        while word != 0 {
            // Fewer than 2^32 entries: the store holds at most 2^27.
            positions.push((at * 64 + word.trailing_zeros() as usize) as u32);
            word &= word - 1;
        }
    }
    Some(positions)
}

/// The clauses of a plain query (`Prepared::plain`), or `None` when a clause is not one
/// filter or one fuzzy term of two characters or more, not negated (one-letter terms are
/// scored by `relevance::single_letter`, and the masks count them already). Filters come
/// first (a bit to test), then the longer terms (more letters, so more often out of order).
fn plain_clauses<'q>(clauses: &[Vec<PreparedAtom<'q>>]) -> Option<Vec<PlainClause<'q>>> {
    let mut plain = clauses
        .iter()
        .map(|clause| match clause.as_slice() {
            [PreparedAtom::Text(atom)]
                if !atom.term.negated
                    && atom.term.mode == MatchMode::Fuzzy
                    && atom.term.text.chars().nth(1).is_some() =>
            {
                Some(PlainClause::Term {
                    term: atom.term,
                    letters: atom.letters,
                    compare: Compare::of(&atom.term.text, atom.term.case_sensitive),
                })
            }
            [PreparedAtom::Filter(bits, negated)] => {
                Some(PlainClause::Filter(Arc::clone(bits), *negated))
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    plain.sort_by_key(|clause| match clause {
        PlainClause::Filter(..) => 0,
        PlainClause::Term { term, .. } => usize::MAX - term.text.len(),
    });
    Some(plain)
}

/// What one search asks for.
#[derive(Clone, Copy)]
struct Search<'q> {
    query: &'q Query,
    kind: Option<Kind>,
    sort: SortOrder,
    limit: usize,
}
