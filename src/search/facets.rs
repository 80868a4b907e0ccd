//! Facets: how the current results spread over kinds, topics, organizations, cities, years and,
//! for schedules, rooms, tracks, languages and days, each value with the filter that narrows
//! the query to it (VisiData's frequency view).

use std::collections::HashMap;

use super::filter::{Value, for_each_value};
use super::query::Field;
use super::results::Hit;
use crate::model::Dataset;

/// A dimension results are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Kind,
    Topic,
    Organization,
    City,
    Year,
    Room,
    Track,
    Language,
    Day,
}

impl Facet {
    pub const ALL: [Facet; 9] = [
        Facet::Kind,
        Facet::Topic,
        Facet::Organization,
        Facet::City,
        Facet::Year,
        Facet::Room,
        Facet::Track,
        Facet::Language,
        Facet::Day,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Facet::Kind => "Kind",
            Facet::Topic => "Topic",
            Facet::Organization => "Organization",
            Facet::City => "City",
            Facet::Year => "Year",
            Facet::Room => "Room",
            Facet::Track => "Track",
            Facet::Language => "Language",
            Facet::Day => "Day",
        }
    }

    fn field(self) -> Field {
        match self {
            Facet::Kind => Field::Kind,
            Facet::Topic => Field::Topic,
            Facet::Organization => Field::Org,
            Facet::City => Field::City,
            Facet::Year => Field::Year,
            Facet::Room => Field::Room,
            Facet::Track => Field::Track,
            Facet::Language => Field::Language,
            Facet::Day => Field::Day,
        }
    }
}

/// One value of a facet: how many results have it, and the filter that selects them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetRow {
    pub facet: Facet,
    pub label: String,
    /// A query term, such as `city:Jena` or `topic:"Künstliche Intelligenz"`.
    pub filter: String,
    pub count: usize,
}

/// Counts the hits by every facet; each facet keeps its `per_facet` most frequent values.
pub fn facets(dataset: &Dataset, hits: &[Hit], per_facet: usize) -> Vec<FacetRow> {
    let mut rows = Vec::new();
    for facet in Facet::ALL {
        if facet == Facet::Day {
            rows.extend(day_rows(dataset, hits, per_facet));
            continue;
        }
        let mut counts: HashMap<Value<'_>, usize> = HashMap::new();
        let mut seen: Vec<Value<'_>> = Vec::new();
        for hit in hits {
            seen.clear();
            for_each_value(dataset, hit.entity, facet.field(), &mut |value| {
                let value = normalize(value);
                if !seen.contains(&value) {
                    seen.push(value);
                }
            });
            for value in &seen {
                *counts.entry(*value).or_insert(0) += 1;
            }
        }
        let mut facet_rows: Vec<FacetRow> = counts
            .into_iter()
            .map(|(value, count)| row(dataset, facet, value, count))
            .collect();
        facet_rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        facet_rows.truncate(per_facet);
        rows.extend(facet_rows);
    }
    rows
}

/// The conference days of the events among the hits (days are counted from the events' own
/// starts, not through relations): `day:1`, `day:2`… with their dates.
fn day_rows(dataset: &Dataset, hits: &[Hit], per_facet: usize) -> Vec<FacetRow> {
    let schedule = crate::schedule::Schedule::new(dataset);
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for hit in hits {
        if let Some(day) = schedule.slot(hit.entity).and_then(|slot| slot.day) {
            *counts.entry(day).or_insert(0) += 1;
        }
    }
    let mut rows: Vec<FacetRow> = counts
        .into_iter()
        .map(|(day, count)| {
            let date = schedule.days()[day - 1].date;
            FacetRow {
                facet: Facet::Day,
                label: format!("{day} ({date})"),
                filter: format!("day:{day}"),
                count,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.filter.cmp(&b.filter)));
    rows.truncate(per_facet);
    rows
}

/// A date counts by its year.
fn normalize(value: Value<'_>) -> Value<'_> {
    match value {
        Value::Date(date) => Value::Date(date.get(..4).unwrap_or(date)),
        other => other,
    }
}

fn row(dataset: &Dataset, facet: Facet, value: Value<'_>, count: usize) -> FacetRow {
    let label = match value {
        Value::Entity(entity) => dataset.name(entity).to_owned(),
        Value::Text(text) | Value::Date(text) => text.to_owned(),
        Value::Kind(kind) => kind.name().to_owned(),
    };
    let filter = format!("{}:{}", facet.field().name(), quote(&label));
    FacetRow {
        facet,
        label,
        filter,
        count,
    }
}

/// A filter value as the query language reads it back: quoted when it holds spaces.
fn quote(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    if escaped.contains(char::is_whitespace) {
        format!("\"{escaped}\"")
    } else {
        escaped
    }
}
