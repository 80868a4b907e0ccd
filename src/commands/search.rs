//! `lotse search`: ranked matches of a query as aligned text or JSON, or their facets.

use std::io::Write;

use serde::Serialize;

use std::time::{Duration, Instant};

use super::Outcome;
use super::Style;
use crate::model::{Dataset, Kind};
use crate::search::{self, FacetRow, Hit, SearchIndex, SortOrder};
use crate::text;

/// What to search for and how to print it.
pub struct Request<'a> {
    pub query: &'a str,
    pub kind: Option<Kind>,
    /// At most this many hits; 0 for all.
    pub limit: usize,
    pub sort: SortOrder,
    pub json: bool,
    /// Print the facets of the results instead of the results.
    pub facets: bool,
    /// Print timings to stderr; the load took `load_time`.
    pub stats: Option<Duration>,
}

/// One hit as `--json` prints it.
#[derive(Serialize)]
struct JsonHit<'a> {
    kind: Kind,
    id: &'a str,
    name: &'a str,
    score: i64,
    context: String,
}

/// How many values each facet lists.
const FACET_ROWS: usize = 10;

pub fn run(
    dataset: &Dataset,
    request: &Request<'_>,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let query = match search::parse(request.query) {
        Ok(query) => query,
        Err(error) => {
            writeln!(err, "lotse: query: {error}")?;
            return Ok(Outcome::Failure);
        }
    };
    let indexing = Instant::now();
    let index = SearchIndex::new(dataset);
    let index_time = indexing.elapsed();
    let searching = Instant::now();
    let limit = if request.limit == 0 || request.facets {
        usize::MAX
    } else {
        request.limit
    };
    let ranking = index.search(dataset, &query, request.kind, request.sort, limit);
    let search_time = searching.elapsed();
    if let Some(load_time) = request.stats {
        writeln!(
            err,
            "search: {} entities, {} matches, {:.1} ms (load {:.1} ms, index {:.1} ms)",
            dataset.len(),
            ranking.count(request.kind),
            millis(search_time),
            millis(load_time),
            millis(index_time),
        )?;
    }
    let hits = &ranking.hits;
    if request.facets {
        let rows = search::facets(dataset, hits, FACET_ROWS);
        write_facets(&rows, request.json, style, out)?;
    } else if request.json {
        write_json(dataset, hits, out)?;
    } else if hits.is_empty() {
        writeln!(
            err,
            "lotse: nothing matches {:?}; try fewer or shorter words",
            request.query
        )?;
    } else {
        write_text(dataset, hits, style, out)?;
    }
    Ok(if ranking.count(request.kind) == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Facets as text (a section per facet: count, value, the filter to add) or as JSON.
fn write_facets(
    rows: &[FacetRow],
    json: bool,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if json {
        let rows: Vec<_> = rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "facet": row.facet.label().to_lowercase(),
                    "value": row.label,
                    "filter": row.filter,
                    "count": row.count,
                })
            })
            .collect();
        let rows = serde_json::to_value(&rows).map_err(std::io::Error::other)?;
        return writeln!(out, "{}", crate::text::json_pretty(&rows));
    }
    let label_columns = rows
        .iter()
        .map(|r| text::width(&r.label))
        .max()
        .unwrap_or(0)
        // Cut on a terminal only: through a pipe, labels stay whole.
        .min(if style.width.is_some() {
            40
        } else {
            usize::MAX
        });
    let mut current = None;
    for row in rows {
        if current != Some(row.facet) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", style.heading(row.facet.label()))?;
            current = Some(row.facet);
        }
        let label = text::fit(&row.label, label_columns);
        writeln!(
            out,
            "  {:>6}  {label}  {}",
            row.count,
            style.dim(&row.filter)
        )?;
    }
    Ok(())
}

fn write_json(dataset: &Dataset, hits: &[Hit], out: &mut dyn Write) -> std::io::Result<()> {
    let hits: Vec<JsonHit<'_>> = hits
        .iter()
        .map(|hit| JsonHit {
            kind: hit.entity.kind(),
            id: dataset.id(hit.entity),
            name: dataset.name(hit.entity),
            score: hit.score,
            context: dataset.context_line(hit.entity),
        })
        .collect();
    let hits = serde_json::to_value(&hits).map_err(std::io::Error::other)?;
    writeln!(out, "{}", crate::text::json_pretty(&hits))
}

fn write_text(
    dataset: &Dataset,
    hits: &[Hit],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let entities: Vec<_> = hits.iter().map(|hit| hit.entity).collect();
    super::rows::write_entity_rows(dataset, &entities, "", style, out)
}
