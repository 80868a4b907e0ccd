//! The orders of hits: by relevance, by name, by date, and the programme's order of a list
//! without text.

use std::cmp::Ordering;

use super::super::fold::fold;
use super::super::results::SortOrder;
use super::{Scored, SearchIndex};
use crate::model::{Dataset, EntityRef, Kind, schema};

impl SearchIndex {
    /// The order of a list without text to rank by: events in programme order (time, then
    /// room), before the other kinds in the file's order.
    pub(super) fn listing_order(&self, a: EntityRef, b: EntityRef) -> Ordering {
        match self.programme_places.get() {
            Some(places) if a.kind() == Kind::Event && b.kind() == Kind::Event => {
                places[a.index()].cmp(&places[b.index()])
            }
            _ => a.cmp(&b),
        }
    }

    /// Makes the events' programme places, once.
    pub(super) fn know_programme_places(&self, dataset: &Dataset) {
        self.programme_places
            .get_or_init(|| crate::schedule::Schedule::new(dataset).places());
    }

    /// Entities in the order a list without text shows them (bookmarks, for one).
    pub fn in_listing_order(&self, dataset: &Dataset, entities: &mut [EntityRef]) {
        self.know_programme_places(dataset);
        entities.sort_by(|&a, &b| self.listing_order(a, b));
    }

    /// How two hits rank in `sort` order (ties to the shorter name, then the entity).
    pub(super) fn compare(
        &self,
        dataset: &Dataset,
        sort: SortOrder,
        by_score: bool,
        a: &Scored,
        b: &Scored,
    ) -> Ordering {
        let tie_break = || {
            a.name_chars
                .cmp(&b.name_chars)
                .then(a.hit.entity.cmp(&b.hit.entity))
        };
        match sort {
            SortOrder::Relevance if by_score => b.hit.score.cmp(&a.hit.score).then_with(tie_break),
            SortOrder::Relevance => self.listing_order(a.hit.entity, b.hit.entity),
            SortOrder::Name => {
                compare_names(dataset.name(a.hit.entity), dataset.name(b.hit.entity))
                    .then(a.hit.entity.cmp(&b.hit.entity))
            }
            SortOrder::Date => match (
                start_date(dataset, a.hit.entity),
                start_date(dataset, b.hit.entity),
            ) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(|| b.hit.score.cmp(&a.hit.score))
            .then_with(tie_break),
        }
    }
}

/// The best `limit` of `scored`, sorted.
pub(super) fn best_in_order(
    scored: &mut Vec<Scored>,
    limit: usize,
    order: impl Fn(&Scored, &Scored) -> Ordering,
) {
    if scored.len() > limit {
        if limit == 0 {
            scored.clear();
        } else {
            scored.select_nth_unstable_by(limit - 1, &order);
            scored.truncate(limit);
        }
    }
    scored.sort_unstable_by(order);
}

/// Names compared letter by letter, ignoring case, diacritics and what opens a name before its
/// first letter or digit (quotes, the brackets of a devised title), as catalogues file titles.
fn compare_names(a: &str, b: &str) -> Ordering {
    let key = |s: &str| {
        fold(s)
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    key(a).cmp(&key(b))
}

/// The date an entity is sorted by: an event's start, a source's publication.
fn start_date(dataset: &Dataset, entity: EntityRef) -> Option<&str> {
    match entity.kind() {
        Kind::Event => dataset.text(entity, schema::event::START),
        Kind::Source => dataset.text(entity, schema::source::PUBLISHED),
        _ => None,
    }
}
