//! Field filters and facets: the values an entity has for a field, itself or through what it is
//! related to (a speaker has the topics, cities and years of their talks), and whether a filter
//! matches them.

use std::collections::{HashMap, HashSet};

use crate::model::{Dataset, EntityRef, Kind, Role, Timing, schema};

mod backwards;

use super::fold::fold_into;
use super::query::{Field, Filter, FilterValue};

/// One value of an entity for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value<'a> {
    /// A topic, speaker or organization.
    Entity(EntityRef),
    /// A city, country or series.
    Text(&'a str),
    /// An ISO date or date-time (`start`, `published`).
    Date(&'a str),
    Kind(Kind),
}

/// The events that give an entity its places, dates and series: itself if it is an event, else
/// the events it is related to (a speaker's talks, a topic's events, an organization's events).
/// (An iterator, not a vector: filters run on every entity at every keystroke.)
fn context_events(dataset: &Dataset, entity: EntityRef) -> impl Iterator<Item = EntityRef> + '_ {
    let own = (entity.kind() == Kind::Event).then_some(entity);
    let roles: &'static [Role] = match entity.kind() {
        Kind::Event => &[],
        Kind::Speaker => &[Role::Talks],
        Kind::Topic | Kind::Project => &[Role::Events],
        Kind::Organization => &[Role::Organized, Role::PartnerOf],
        Kind::Source => &[Role::CitedBy],
    };
    let related = roles
        .iter()
        .flat_map(move |&role| dataset.related(entity, role))
        .copied()
        .filter(|e| e.kind() == Kind::Event);
    own.into_iter().chain(related)
}

/// The organizations an entity is directly tied to (not through its events).
fn direct_orgs(dataset: &Dataset, entity: EntityRef) -> impl Iterator<Item = EntityRef> + '_ {
    let own = (entity.kind() == Kind::Organization).then_some(entity);
    let roles = [
        Role::Affiliations,
        Role::Organizations,
        Role::Organizers,
        Role::Partners,
    ];
    own.into_iter().chain(
        roles
            .into_iter()
            .flat_map(move |role| dataset.related(entity, role).iter().copied()),
    )
}

/// Calls `visit` with every value `entity` has for `field` (repeats are possible).
pub fn for_each_value<'a>(
    dataset: &'a Dataset,
    entity: EntityRef,
    field: Field,
    visit: &mut dyn FnMut(Value<'a>),
) {
    match field {
        Field::Kind => visit(Value::Kind(entity.kind())),
        Field::Topic => related_entities(dataset, entity, Kind::Topic, &[Role::Topics], visit),
        Field::Speaker => {
            related_entities(
                dataset,
                entity,
                Kind::Speaker,
                &[Role::Speakers, Role::People],
                visit,
            );
        }
        Field::Org if entity.kind() == Kind::Organization => visit(Value::Entity(entity)),
        Field::Org => {
            for org in direct_orgs(dataset, entity) {
                visit(Value::Entity(org));
            }
            // An event's organizations: its organizers, partners and speakers' affiliations.
            for event in context_events(dataset, entity) {
                for role in [Role::Organizers, Role::Partners] {
                    for &org in dataset.related(event, role) {
                        visit(Value::Entity(org));
                    }
                }
                for &speaker in dataset.related(event, Role::Speakers) {
                    for &org in dataset.related(speaker, Role::Affiliations) {
                        visit(Value::Entity(org));
                    }
                }
            }
        }
        Field::City | Field::Country => place_values(dataset, entity, field, visit),
        Field::Year | Field::Date | Field::Day | Field::Time => {
            if matches!(field, Field::Year | Field::Date)
                && entity.kind() == Kind::Source
                && let Some(published) = dataset.text(entity, schema::source::PUBLISHED)
            {
                visit(Value::Date(published));
            }
            for event in context_events(dataset, entity) {
                if let Some(start) = dataset.text(event, schema::event::START) {
                    visit(Value::Date(start));
                }
            }
        }
        Field::Series | Field::Room | Field::Track | Field::Language => {
            let own = event_text_field(field);
            for event in context_events(dataset, entity) {
                if let Some(text) = dataset.text(event, own) {
                    visit(Value::Text(text));
                }
            }
        }
    }
}

/// The event field a text filter of events reads.
fn event_text_field(field: Field) -> schema::Field {
    match field {
        Field::Room => schema::event::VENUE,
        Field::Track => schema::event::TRACK,
        Field::Language => schema::event::LANGUAGE,
        _ => schema::event::SERIES,
    }
}

/// For an entity of `kind` itself: the entity (a topic also with its broader and narrower
/// topics, so that `topic:medizintechnik` finds the topics filed under it). For others: the
/// entities of `roles`, and those of its events.
fn related_entities<'a>(
    dataset: &'a Dataset,
    entity: EntityRef,
    kind: Kind,
    roles: &[Role],
    visit: &mut dyn FnMut(Value<'a>),
) {
    if entity.kind() == kind {
        visit(Value::Entity(entity));
        for role in [Role::Broader, Role::Narrower] {
            for &topic in dataset.related(entity, role) {
                visit(Value::Entity(topic));
            }
        }
        return;
    }
    for &role in roles {
        for &related in dataset.related(entity, role) {
            visit(Value::Entity(related));
        }
    }
    if entity.kind() == Kind::Organization && kind == Kind::Topic {
        for &project in dataset.related(entity, Role::Projects) {
            for &topic in dataset.related(project, Role::Topics) {
                visit(Value::Entity(topic));
            }
        }
    }
    if entity.kind() != Kind::Event {
        for event in context_events(dataset, entity) {
            for &role in roles {
                for &related in dataset.related(event, role) {
                    visit(Value::Entity(related));
                }
            }
        }
    }
}

/// Cities or countries: of the entity's events and of the organizations it is tied to.
fn place_values<'a>(
    dataset: &'a Dataset,
    entity: EntityRef,
    field: Field,
    visit: &mut dyn FnMut(Value<'a>),
) {
    let city = field == Field::City;
    for event in context_events(dataset, entity) {
        let field = if city {
            schema::event::CITY
        } else {
            schema::event::COUNTRY
        };
        if let Some(place) = dataset.text(event, field) {
            visit(Value::Text(place));
        }
    }
    for org in direct_orgs(dataset, entity) {
        let field = if city {
            schema::organization::CITY
        } else {
            schema::organization::COUNTRY
        };
        if let Some(place) = dataset.text(org, field) {
            visit(Value::Text(place));
        }
    }
}

/// A filter made ready for one search: names resolved to the entities they match, once.
pub struct PreparedFilter<'q> {
    filter: &'q Filter,
    /// For `topic:`, `speaker:` and `org:`: the entities whose names match.
    entities: HashSet<EntityRef>,
    /// For `day:`: the conference's days.
    days: Vec<crate::schedule::ConferenceDay>,
}

impl<'q> PreparedFilter<'q> {
    pub fn new(dataset: &Dataset, filter: &'q Filter) -> Self {
        let kind = match filter.field {
            Field::Topic => Some(Kind::Topic),
            Field::Speaker => Some(Kind::Speaker),
            Field::Org => Some(Kind::Organization),
            _ => None,
        };
        let entities = match (kind, &filter.value) {
            (Some(kind), FilterValue::Text(wanted)) => {
                // One buffer for every name folded: a filter typed at a million entities
                // folds tens of thousands of names, and each keystroke types one.
                let mut folded = String::new();
                (0..dataset.count(kind))
                    .map(|i| EntityRef::new(kind, i))
                    .filter(|&e| {
                        names_of(dataset, e).any(|name| folded_contains(name, wanted, &mut folded))
                    })
                    .collect()
            }
            _ => HashSet::new(),
        };
        let days = match filter.field {
            Field::Day => crate::schedule::Schedule::new(dataset).days().to_vec(),
            _ => Vec::new(),
        };
        Self {
            filter,
            entities,
            days,
        }
    }

    /// Whether the entity passes the filter (negation included). `memo` remembers, for this
    /// filter, the text values already folded and compared during this search.
    pub fn matches<'a>(
        &self,
        dataset: &'a Dataset,
        entity: EntityRef,
        memo: &mut HashMap<&'a str, bool>,
    ) -> bool {
        let mut found = false;
        for_each_value(dataset, entity, self.filter.field, &mut |value| {
            found = found || self.value_matches(value, memo);
        });
        found != self.filter.negated
    }

    fn value_matches<'a>(&self, value: Value<'a>, memo: &mut HashMap<&'a str, bool>) -> bool {
        match (&self.filter.value, value) {
            (FilterValue::Kind(kind), Value::Kind(actual)) => *kind == actual,
            (FilterValue::Text(_), Value::Entity(entity)) => self.entities.contains(&entity),
            (FilterValue::Text(wanted), Value::Text(text)) => {
                *memo.entry(text).or_insert_with(|| {
                    if self.filter.field.is_code() {
                        text.eq_ignore_ascii_case(wanted)
                    } else {
                        contains_folded(text, wanted)
                    }
                })
            }
            (FilterValue::Years(from, to), Value::Date(date)) => date
                .get(..4)
                .and_then(|year| year.parse::<i16>().ok())
                .is_some_and(|year| (*from..=*to).contains(&year)),
            (FilterValue::Days(from, to), Value::Date(start)) => Timing::parse(start, None)
                .and_then(|timing| crate::schedule::day_number(&self.days, &timing))
                .is_some_and(|day| (usize::from(*from)..=usize::from(*to)).contains(&day)),
            (FilterValue::Times(from, to), Value::Date(start)) => {
                // A date alone has no time of day; a date-time's clock is characters 11–16.
                let Some(clock) = start.get(11..16) else {
                    return false;
                };
                let at = |bound: &str| clock.get(..bound.len()).unwrap_or(clock);
                let (after, before) = (at(from) >= from.as_str(), at(to) <= to.as_str());
                // A range that runs past midnight (`22..02`) holds the times on either side.
                if from <= to {
                    after && before
                } else {
                    after || before
                }
            }
            (FilterValue::Dates(from, to), Value::Date(date)) => {
                // ISO dates compare as text; each bound at its own precision.
                let at = |bound: &str| date.get(..bound.len()).unwrap_or(date);
                at(from) >= from.as_str() && at(to) <= to.as_str()
            }
            _ => false,
        }
    }
}

/// The names a filter value is looked for in: the name, a topic's aliases, an organization's
/// short name.
fn names_of(dataset: &Dataset, entity: EntityRef) -> impl Iterator<Item = &str> {
    let aliases = match entity.kind() {
        Kind::Topic => Some(dataset.texts(entity, schema::topic::ALIASES)),
        _ => None,
    };
    let short = match entity.kind() {
        Kind::Organization => dataset.text(entity, schema::organization::SHORT),
        _ => None,
    };
    std::iter::once(dataset.name(entity))
        .chain(aliases.into_iter().flatten())
        .chain(short)
}

/// Whether `text`, folded and lowercased, contains `wanted` (already folded and lowercased).
fn contains_folded(text: &str, wanted: &str) -> bool {
    folded_contains(text, wanted, &mut String::new())
}

/// `contains_folded`, folding into `folded` (reused from one text to the next).
fn folded_contains(text: &str, wanted: &str, folded: &mut String) -> bool {
    folded.clear();
    fold_into(text, folded);
    if folded.is_ascii() {
        folded.make_ascii_lowercase();
        folded.contains(wanted)
    } else {
        folded.to_lowercase().contains(wanted)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::{Field, Filter, FilterValue, PreparedFilter};
    use crate::model::{Dataset, EntityRef};

    /// The backwards search finds exactly what evaluating the filter on every entity finds.
    fn assert_backwards_equals_forwards(dataset: &Dataset, field: Field, value: &str) {
        let value = match field {
            Field::Year | Field::Date | Field::Kind => {
                let query = crate::search::parse(&format!("{}:{value}", field.name())).unwrap();
                let crate::search::query::Atom::Filter(filter) = &query.clauses[0].atoms[0] else {
                    panic!("a filter");
                };
                filter.value.clone()
            }
            _ => FilterValue::Text(value.to_owned()),
        };
        let filter = Filter {
            field,
            value: value.clone(),
            negated: false,
        };
        let prepared = PreparedFilter::new(dataset, &filter);
        let mut backwards = HashSet::new();
        let marked = prepared.mark_matching_entities(
            dataset,
            &mut |e| {
                backwards.insert(e);
            },
            &|| false,
        );
        assert_eq!(marked, Some(true), "an entity field");
        let mut memo = HashMap::new();
        let forwards: HashSet<EntityRef> = dataset
            .entities()
            .filter(|&e| prepared.matches(dataset, e, &mut memo))
            .collect();
        assert_eq!(backwards, forwards, "{}:{value:?}", field.name());
    }

    #[test]
    fn broad_filters_marked_on_every_core_match_the_forward_definition() {
        // Enough events for the marking to be shared among threads.
        let synthetic = Dataset::from_text(&crate::synthetic::dataset_json(40_000), "synthetic")
            .unwrap()
            .dataset;
        assert!(synthetic.count(crate::model::Kind::Event) >= super::backwards::PARALLEL_EVENTS);
        for field in [Field::Topic, Field::Speaker, Field::Org] {
            assert_backwards_equals_forwards(&synthetic, field, "a");
        }
        assert_backwards_equals_forwards(&synthetic, Field::Year, "2000..2030");
        for kind in ["speaker", "event", "source"] {
            assert_backwards_equals_forwards(&synthetic, Field::Kind, kind);
        }
    }

    #[test]
    fn entity_filters_found_backwards_match_the_forward_definition() {
        let seed = crate::embedded::load().unwrap().dataset;
        let synthetic = Dataset::from_text(&crate::synthetic::dataset_json(3_000), "synthetic")
            .unwrap()
            .dataset;
        for dataset in [&seed, &synthetic] {
            for field in [Field::Topic, Field::Speaker, Field::Org] {
                for value in [
                    "a", "e", "ki", "jena", "schmidt", "daten", "medways", "pflege",
                ] {
                    assert_backwards_equals_forwards(dataset, field, value);
                }
            }
        }
    }
}
