//! `lotse search`: ranked fuzzy matches as aligned text or JSON.

use std::io::Write;

use serde::Serialize;

use super::Outcome;
use super::Style;
use crate::model::{Dataset, Kind};
use crate::search::{Hit, SearchIndex};

/// What to search for and how to print it.
pub struct Request<'a> {
    pub query: &'a str,
    pub kind: Option<Kind>,
    /// At most this many hits; 0 for all.
    pub limit: usize,
    pub json: bool,
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

pub fn run(
    dataset: &Dataset,
    request: &Request<'_>,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let mut hits = SearchIndex::new(dataset).rank(request.query, request.kind);
    if request.limit > 0 {
        hits.truncate(request.limit);
    }
    if request.json {
        write_json(dataset, &hits, out)?;
    } else if hits.is_empty() {
        writeln!(
            err,
            "lotse: nothing matches {:?}; try fewer or shorter words",
            request.query
        )?;
    } else {
        write_text(dataset, &hits, style, out)?;
    }
    Ok(Outcome::Success)
}

fn write_json(dataset: &Dataset, hits: &[Hit], out: &mut dyn Write) -> std::io::Result<()> {
    let hits: Vec<JsonHit<'_>> = hits
        .iter()
        .map(|hit| JsonHit {
            kind: hit.entity.kind,
            id: dataset.id(hit.entity),
            name: dataset.name(hit.entity),
            score: hit.score,
            context: dataset.context_line(hit.entity),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &hits)?;
    writeln!(out)
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
