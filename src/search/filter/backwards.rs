//! Filters found backwards: from the values that match (topics, speakers, organizations,
//! events' own values) to every entity that has them, through the relations `for_each_value`
//! follows forwards. Work in proportion to what matches, not to the whole dataset.

use std::collections::HashMap;

use super::{PreparedFilter, Value, event_text_field};
use crate::model::{Dataset, EntityRef, Kind, Role, schema};
use crate::search::Cancelled;
use crate::search::query::{Field, FilterValue};

impl PreparedFilter<'_> {
    /// Marks every entity a `topic:`, `speaker:`, `org:`, `year:`, `date:` or `series:`
    /// filter matches (negation aside), found backwards from the matching topics, speakers,
    /// organizations or events through the relations `for_each_value` follows forwards: work
    /// in proportion to what matches, not to the whole dataset. An entity may be marked more
    /// than once. Returns false, marking nothing, for the other fields; `None` when `cancelled`
    /// said, between chunks, that the search is no longer wanted (what was marked is partial).
    pub fn mark_matching_entities(
        &self,
        dataset: &Dataset,
        mark: &mut dyn FnMut(EntityRef),
        cancelled: Cancelled<'_>,
    ) -> Option<bool> {
        let field = self.filter.field;
        if let FilterValue::Kind(kind) = self.filter.value {
            // Every entity of the kind, and nothing else.
            (0..dataset.count(kind)).for_each(|index| mark(EntityRef::new(kind, index)));
            return Some(true);
        }
        if field.is_of_events() {
            self.mark_by_event_values(dataset, mark, cancelled)?;
            return Some(true);
        }
        if !matches!(field, Field::Topic | Field::Speaker | Field::Org) {
            return Some(false);
        }
        self.mark_by_entities(dataset, mark, cancelled)?;
        Some(true)
    }

    /// `topic:`, `speaker:` and `org:` backwards: the matching entities, what they relate to,
    /// and everything around the events they take part in.
    fn mark_by_entities(
        &self,
        dataset: &Dataset,
        mark: &mut dyn FnMut(EntityRef),
        cancelled: Cancelled<'_>,
    ) -> Option<()> {
        let field = self.filter.field;
        let mut event_seen = vec![false; dataset.count(Kind::Event)];
        let mut add_events = |found: &[EntityRef]| {
            for &event in found {
                event_seen[event.index()] = true;
            }
        };
        let rel = |e: EntityRef, role: Role| dataset.related(e, role);
        let mut mark_all = |found: &[EntityRef]| found.iter().for_each(|&e| mark(e));
        for (step, &value) in self.entities.iter().enumerate() {
            if step % CANCEL_CHECK_EVERY == 0 && cancelled() {
                return None;
            }
            mark_all(&[value]);
            match field {
                Field::Topic => {
                    for role in [
                        Role::Broader,
                        Role::Narrower,
                        Role::Speakers,
                        Role::Projects,
                    ] {
                        mark_all(rel(value, role));
                    }
                    for &project in rel(value, Role::Projects) {
                        mark_all(rel(project, Role::Organizations));
                    }
                    add_events(rel(value, Role::Events));
                }
                Field::Speaker => {
                    for role in [Role::Topics, Role::Projects, Role::Affiliations] {
                        mark_all(rel(value, role));
                    }
                    add_events(rel(value, Role::Talks));
                }
                _ => {
                    mark_all(rel(value, Role::People));
                    mark_all(rel(value, Role::Projects));
                    add_events(rel(value, Role::Organized));
                    add_events(rel(value, Role::PartnerOf));
                    for &speaker in rel(value, Role::People) {
                        add_events(rel(speaker, Role::Talks));
                    }
                }
            }
        }
        // Entities of the filter's own kind match only themselves, not through events.
        let own_kind = match field {
            Field::Topic => Kind::Topic,
            Field::Speaker => Kind::Speaker,
            _ => Kind::Organization,
        };
        // In file order, not in the order found: walking the events' relations in the order
        // they are stored reads memory ahead of need instead of at random (at a million
        // entities, three times as fast).
        let events: Vec<EntityRef> = (0..event_seen.len())
            .filter(|&index| event_seen[index])
            .map(|index| EntityRef::new(Kind::Event, index))
            .collect();
        mark_through_events(dataset, &events, Some(own_kind), mark, cancelled)
    }

    /// `year:`, `date:`, `day:`, `time:` and the events' own texts (`series:`, `room:`,
    /// `track:`, `lang:`) backwards: the events whose own value matches, what relates to them,
    /// and (for years and dates) sources published then.
    fn mark_by_event_values(
        &self,
        dataset: &Dataset,
        mark: &mut dyn FnMut(EntityRef),
        cancelled: Cancelled<'_>,
    ) -> Option<()> {
        let mut memo = HashMap::new();
        let field = self.filter.field;
        let by_start = matches!(field, Field::Year | Field::Date | Field::Day | Field::Time);
        let events: Vec<EntityRef> = dataset
            .entities_of(Kind::Event)
            .filter(|&event| {
                let value = if by_start {
                    dataset.text(event, schema::event::START).map(Value::Date)
                } else {
                    dataset
                        .text(event, event_text_field(field))
                        .map(Value::Text)
                };
                value.is_some_and(|value| self.value_matches(value, &mut memo))
            })
            .collect();
        if matches!(field, Field::Year | Field::Date) {
            for source in dataset.entities_of(Kind::Source) {
                if let Some(published) = dataset.text(source, schema::source::PUBLISHED)
                    && self.value_matches(Value::Date(published), &mut memo)
                {
                    mark(source);
                }
            }
        }
        mark_through_events(dataset, &events, None, mark, cancelled)
    }
}

/// How many values or events a filter marks between two questions whether it is still wanted.
const CANCEL_CHECK_EVERY: usize = 4096;

/// Marks the events and everything whose events include one of them (the inverse of
/// `context_events`), leaving out entities of `except`. At a million entities this is most of
/// a broad filter's time: the events are walked on every core, each into a bit set of its own
/// (an entity reached through many events costs a bit, not a call), and each marked entity is
/// handed to `mark` once.
fn mark_through_events(
    dataset: &Dataset,
    events: &[EntityRef],
    except: Option<Kind>,
    mark: &mut dyn FnMut(EntityRef),
    cancelled: Cancelled<'_>,
) -> Option<()> {
    const CONTEXT_ROLES: [Role; 6] = [
        Role::Speakers,
        Role::Topics,
        Role::Projects,
        Role::Organizers,
        Role::Partners,
        Role::Sources,
    ];
    let numbering = dataset.numbering();
    let mark_part = |part: &[EntityRef]| -> Option<Vec<u64>> {
        let mut bits = vec![0u64; numbering.total().div_ceil(64)];
        let mut set = |entity: EntityRef| {
            let at = numbering.global(entity);
            bits[at / 64] |= 1 << (at % 64);
        };
        for (step, &event) in part.iter().enumerate() {
            if step % CANCEL_CHECK_EVERY == 0 && cancelled() {
                return None;
            }
            set(event);
            // One pass over the event's relations, not one look-up per role.
            for relation in dataset.relations(event) {
                if CONTEXT_ROLES.contains(&relation.role) {
                    for &target in relation.targets {
                        if Some(target.kind()) != except {
                            set(target);
                        }
                    }
                }
            }
        }
        Some(bits)
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let bits = if events.len() < PARALLEL_EVENTS || threads == 1 {
        mark_part(events)?
    } else {
        let chunk = events.len().div_ceil(threads);
        let parts: Vec<Option<Vec<u64>>> = std::thread::scope(|scope| {
            let workers: Vec<_> = events
                .chunks(chunk)
                .map(|part| scope.spawn(|| mark_part(part)))
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("a marking thread does not panic"))
                .collect()
        });
        let mut parts = parts.into_iter();
        let mut bits = parts.next().flatten()?;
        for part in parts {
            for (word, other) in bits.iter_mut().zip(part?) {
                *word |= other;
            }
        }
        bits
    };
    for (index, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let at = index * 64 + word.trailing_zeros() as usize;
            word &= word - 1;
            mark(numbering.entity(at));
        }
    }
    Some(())
}

/// From this many events on, marking through them is shared among the cores.
pub(super) const PARALLEL_EVENTS: usize = 20_000;
