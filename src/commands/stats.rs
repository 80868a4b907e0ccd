//! `lotse stats`: counts per kind, events per year, the topics with most events.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Map, Value, json};

use super::Style;
use crate::model::{Dataset, EntityRef, Kind, Role};
use crate::text;

/// How many topics the ranking lists.
const TOP_TOPICS: usize = 10;

/// The figures `stats` prints.
struct Stats {
    counts: Vec<(Kind, usize)>,
    events_per_year: BTreeMap<i16, usize>,
    events_without_date: usize,
    /// Topics by number of events, most first, ties by name.
    top_topics: Vec<(EntityRef, usize)>,
}

impl Stats {
    fn of(dataset: &Dataset) -> Self {
        let counts = Kind::ALL.map(|kind| (kind, dataset.count(kind))).to_vec();
        let mut events_per_year = BTreeMap::new();
        let mut events_without_date = 0;
        for event in 0..dataset.count(Kind::Event) {
            match dataset.event_year(event) {
                Some(year) => *events_per_year.entry(year).or_insert(0) += 1,
                None => events_without_date += 1,
            }
        }
        let mut top_topics: Vec<(EntityRef, usize)> = dataset
            .entities_of(Kind::Topic)
            .map(|topic| (topic, dataset.related(topic, Role::Events).len()))
            .filter(|&(_, events)| events > 0)
            .collect();
        top_topics.sort_by(|(a, a_events), (b, b_events)| {
            b_events
                .cmp(a_events)
                .then_with(|| dataset.name(*a).cmp(dataset.name(*b)))
        });
        top_topics.truncate(TOP_TOPICS);
        Self {
            counts,
            events_per_year,
            events_without_date,
            top_topics,
        }
    }
}

pub fn run(
    dataset: &Dataset,
    json: bool,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let stats = Stats::of(dataset);
    if json {
        writeln!(
            out,
            "{}",
            crate::text::json_pretty(&to_json(dataset, &stats))
        )
    } else {
        write_text(dataset, &stats, style, out)
    }
}

fn to_json(dataset: &Dataset, stats: &Stats) -> Value {
    let counts: Map<String, Value> = stats
        .counts
        .iter()
        .map(|&(kind, count)| (kind.plural().to_owned(), json!(count)))
        .collect();
    let per_year: Map<String, Value> = stats
        .events_per_year
        .iter()
        .map(|(year, count)| (year.to_string(), json!(count)))
        .collect();
    let top_topics: Vec<Value> = stats
        .top_topics
        .iter()
        .map(|&(topic, events)| {
            json!({"id": dataset.id(topic), "name": dataset.name(topic), "events": events})
        })
        .collect();
    json!({
        "title": dataset.title,
        "counts": counts,
        "events_per_year": per_year,
        "events_without_date": stats.events_without_date,
        "top_topics": top_topics,
    })
}

fn write_text(
    dataset: &Dataset,
    stats: &Stats,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(title) = &dataset.title {
        writeln!(out, "{}", style.heading(title))?;
    }
    let counts: Vec<String> = stats
        .counts
        .iter()
        .map(|&(kind, count)| format!("{count} {}", kind.plural()))
        .collect();
    writeln!(out, "{}", counts.join(", "))?;
    writeln!(out)?;
    writeln!(out, "{}", style.heading("Events per year"))?;
    for (year, count) in &stats.events_per_year {
        writeln!(out, "  {year}  {count:>5}")?;
    }
    if stats.events_without_date > 0 {
        writeln!(out, "  none  {:>5}", stats.events_without_date)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", style.heading("Topics with most events"))?;
    let name_columns = stats
        .top_topics
        .iter()
        .map(|&(topic, _)| text::width(dataset.name(topic)))
        .max()
        .unwrap_or(0)
        // Cut on a terminal only: through a pipe, names stay whole.
        .min(if style.width.is_some() {
            48
        } else {
            usize::MAX
        });
    for &(topic, events) in &stats.top_topics {
        let name = text::fit(dataset.name(topic), name_columns);
        writeln!(
            out,
            "  {name}  {events:>5}  {}",
            style.dim(dataset.id(topic))
        )?;
    }
    Ok(())
}
