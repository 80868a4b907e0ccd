//! Fuzzy search over every entity of a dataset: folded search keys built once, ranked with
//! SkimMatcherV2 (smart case), deterministic order. Pure: no terminal, no I/O.

pub mod fold;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{Dataset, EntityRef, Kind, Role};
use fold::fold;

/// One search result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entity: EntityRef,
    pub score: i64,
}

/// The folded text each entity is matched on, built once per dataset.
pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

struct Entry {
    entity: EntityRef,
    /// The folded display name.
    name: String,
    /// The folded context a user would type: an event's venue, city and year, a speaker's
    /// affiliations, a topic's aliases, an organization's short name.
    context: String,
    /// The display name's length in characters, for ranking ties.
    name_chars: usize,
}

/// A match in the name counts this many times a match in the context, so that "jena" ranks the
/// organizations named after Jena above the events that merely take place there.
const NAME_WEIGHT: i64 = 2;

impl SearchIndex {
    pub fn new(dataset: &Dataset) -> Self {
        let entries = dataset
            .entities()
            .map(|entity| {
                let name = dataset.name(entity);
                Entry {
                    entity,
                    name: fold(name),
                    context: fold(&search_context(dataset, entity)),
                    name_chars: name.chars().count(),
                }
            })
            .collect();
        Self {
            entries,
            matcher: SkimMatcherV2::default().smart_case(),
        }
    }

    /// Ranks every entity (of one kind, if given) against the query: each whitespace-separated
    /// term must match the name or the context. Best first; ties go to the shorter name, then
    /// to the kind order, then to the file order, so the order never changes between runs.
    pub fn rank(&self, query: &str, kind: Option<Kind>) -> Vec<Hit> {
        let terms: Vec<String> = query.split_whitespace().map(fold).collect();
        let mut scored: Vec<(Hit, usize)> = self
            .entries
            .iter()
            .filter(|entry| kind.is_none_or(|kind| entry.entity.kind == kind))
            .filter_map(|entry| {
                let score = self.score(entry, &terms)?;
                Some((
                    Hit {
                        entity: entry.entity,
                        score,
                    },
                    entry.name_chars,
                ))
            })
            .collect();
        if terms.is_empty() {
            // Nothing typed: everything, in dataset order, as a browsable list.
            return scored.into_iter().map(|(hit, _)| hit).collect();
        }
        scored.sort_by(|(a, a_len), (b, b_len)| {
            b.score
                .cmp(&a.score)
                .then(a_len.cmp(b_len))
                .then(a.entity.cmp(&b.entity))
        });
        scored.into_iter().map(|(hit, _)| hit).collect()
    }

    /// The positions (in characters) of `name` that the query's terms matched, for
    /// highlighting. Computed only for the rows on screen.
    pub fn match_positions(&self, name: &str, query: &str) -> Vec<usize> {
        let (folded, origins) = fold::fold_with_origins(name);
        let mut positions: Vec<usize> = query
            .split_whitespace()
            .filter_map(|term| self.matcher.fuzzy_indices(&folded, &fold(term)))
            .flat_map(|(_, indices)| indices)
            .filter_map(|i| origins.get(i).copied())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }

    /// Entities a mistyped id probably meant: ids within a few edits first, then the best
    /// fuzzy matches of the text as a query.
    pub fn suggest(&self, dataset: &Dataset, text: &str, count: usize) -> Vec<EntityRef> {
        let max_edits = (text.chars().count() / 3).max(2);
        let mut close: Vec<(usize, EntityRef)> = dataset
            .entities()
            .filter_map(|entity| {
                let edits = edit_distance(text, dataset.id(entity));
                (edits <= max_edits).then_some((edits, entity))
            })
            .collect();
        close.sort();
        let as_query = text.replace(['-', '_', '.'], " ");
        let mut suggestions: Vec<EntityRef> = Vec::with_capacity(count);
        let candidates = close
            .into_iter()
            .map(|(_, entity)| entity)
            .chain(self.rank(&as_query, None).into_iter().map(|hit| hit.entity));
        for entity in candidates {
            if suggestions.len() == count {
                break;
            }
            if !suggestions.contains(&entity) {
                suggestions.push(entity);
            }
        }
        suggestions
    }

    /// The sum of the terms' scores, or `None` when a term matches nothing. An empty query
    /// matches everything with score 0.
    fn score(&self, entry: &Entry, terms: &[String]) -> Option<i64> {
        terms.iter().try_fold(0, |total, term| {
            let in_name = self.matcher.fuzzy_match(&entry.name, term);
            let in_context = self.matcher.fuzzy_match(&entry.context, term);
            let best = match (in_name, in_context) {
                (Some(name), Some(context)) => (name * NAME_WEIGHT).max(context),
                (Some(name), None) => name * NAME_WEIGHT,
                (None, Some(context)) => context,
                (None, None) => return None,
            };
            Some(total + best)
        })
    }
}

/// The context an entity is found by, beside its name.
fn search_context(dataset: &Dataset, entity: EntityRef) -> String {
    let i = entity.index();
    let parts: Vec<String> = match entity.kind {
        Kind::Event => {
            let event = &dataset.events[i];
            let year = dataset.event_year(i).map(|year| year.to_string());
            [&event.venue, &event.city, &event.series, &year]
                .into_iter()
                .flatten()
                .cloned()
                .collect()
        }
        Kind::Speaker => dataset
            .related(entity, Role::Affiliations)
            .iter()
            .flat_map(|&org| {
                let org = &dataset.organizations[org.index()];
                std::iter::once(org.name.clone()).chain(org.short.clone())
            })
            .collect(),
        Kind::Topic => dataset.topics[i].aliases.clone(),
        Kind::Organization => dataset.organizations[i].short.iter().cloned().collect(),
        Kind::Project => Vec::new(),
        Kind::Source => {
            let source = &dataset.sources[i];
            [&source.publisher, &source.file]
                .into_iter()
                .flatten()
                .cloned()
                .collect()
        }
    };
    parts.join(" ")
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
