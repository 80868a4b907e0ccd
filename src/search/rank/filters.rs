//! The entities a field filter matches, one bit per search entry: worked out once and kept for
//! the next keystrokes (a filter typed on narrows the one before it).

use std::collections::HashMap;
use std::sync::Arc;

use super::super::filter::PreparedFilter;
use super::super::query::{Atom, Filter};
use super::{CACHED_FILTERS, CANCEL_CHECK_EVERY, Cancelled, SearchIndex, lock};
use crate::model::{Dataset, EntityRef};

impl SearchIndex {
    /// The entities a filter matches (negation aside), from the cache or worked out once.
    /// `None` when cancelled meanwhile: a partial set is never cached.
    pub(super) fn filter_matches(
        &self,
        dataset: &Dataset,
        filter: &Filter,
        cancelled: Cancelled<'_>,
    ) -> Option<Arc<Vec<u64>>> {
        let positive = Filter {
            negated: false,
            ..filter.clone()
        };
        let mut cache = lock(&self.filter_cache);
        if let Some(at) = cache.iter().position(|(cached, _)| *cached == positive) {
            let found = cache.remove(at);
            let bits = Arc::clone(&found.1);
            cache.insert(0, found);
            return Some(bits);
        }
        // A filter typed on (`topic:rob` to `topic:robo`) matches a subset of the shorter one:
        // only that one's matches need a look.
        let narrower_than = cache
            .iter()
            .find(|(cached, _)| {
                Atom::Filter(positive.clone()).narrows_atom(&Atom::Filter(cached.clone()))
            })
            .map(|(_, bits)| Arc::clone(bits));
        drop(cache);
        let prepared = PreparedFilter::new(dataset, &positive);
        let mut bits = vec![0u64; self.entries.len().div_ceil(64)];
        let mut mark = |entity: EntityRef| {
            let position = self.position_of(entity);
            bits[position / 64] |= 1 << (position % 64);
        };
        if prepared.mark_matching_entities(dataset, &mut mark, cancelled)? {
            return Some(self.remember_filter(positive, bits));
        }
        let is_candidate = |position: usize| {
            narrower_than
                .as_ref()
                .is_none_or(|bits| bits[position / 64] & (1 << (position % 64)) != 0)
        };
        let parts = self.in_parallel(self.entries.len(), |range| {
            let mut memo = HashMap::new();
            let mut matching = Vec::new();
            for (step, position) in range.enumerate() {
                if step % CANCEL_CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                if is_candidate(position)
                    && prepared.matches(dataset, self.entity_at(position), &mut memo)
                {
                    matching.push(position);
                }
            }
            Some(matching)
        });
        for part in parts {
            for position in part? {
                bits[position / 64] |= 1 << (position % 64);
            }
        }
        Some(self.remember_filter(positive, bits))
    }

    fn remember_filter(&self, filter: Filter, bits: Vec<u64>) -> Arc<Vec<u64>> {
        let bits = Arc::new(bits);
        let mut cache = lock(&self.filter_cache);
        cache.insert(0, (filter, Arc::clone(&bits)));
        cache.truncate(CACHED_FILTERS);
        bits
    }
}
