//! `lotse show`: one entity with every field and every relation, both directions, by name.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::Outcome;
use super::Style;
use super::rows::write_entity_rows;
use crate::model::{Dataset, EntityRef};
use crate::search::SearchIndex;
use crate::{entity_fields, text};

pub fn run(
    dataset: &Dataset,
    id: &str,
    json: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(entity) = dataset.resolve(id) else {
        return report_unknown(dataset, id, err);
    };
    if json {
        writeln!(
            out,
            "{}",
            crate::text::json_pretty(&to_json(dataset, entity))
        )?;
    } else {
        write_text(dataset, entity, style, out)?;
    }
    Ok(Outcome::Success)
}

fn report_unknown(dataset: &Dataset, id: &str, err: &mut dyn Write) -> std::io::Result<Outcome> {
    // A pasted paragraph is not echoed whole: its start and its length say enough.
    let length = id.chars().count();
    if length > 100 {
        let start: String = id.chars().take(60).collect();
        writeln!(
            err,
            "lotse: no entity with id {start:?}… ({length} characters)"
        )?;
    } else {
        writeln!(err, "lotse: no entity with id {id:?}")?;
    }
    let suggestions = SearchIndex::new(dataset).suggest(dataset, id, 5);
    if !suggestions.is_empty() {
        writeln!(err, "did you mean:")?;
        for entity in suggestions {
            writeln!(
                err,
                "  {}  ({} {})",
                dataset.id(entity),
                entity.kind(),
                dataset.name(entity)
            )?;
        }
    }
    Ok(Outcome::Failure)
}

pub(super) fn to_json(dataset: &Dataset, entity: EntityRef) -> Value {
    let relations: Map<String, Value> = dataset
        .relations(entity)
        .map(|relation| {
            let targets: Vec<Value> = relation
                .targets
                .iter()
                .map(|&target| {
                    json!({
                        "kind": target.kind(),
                        "id": dataset.id(target),
                        "name": dataset.name(target),
                    })
                })
                .collect();
            (relation.role.key().to_owned(), Value::Array(targets))
        })
        .collect();
    json!({
        "kind": entity.kind(),
        "id": dataset.id(entity),
        "name": dataset.name(entity),
        "fields": dataset.own_fields(entity),
        "relations": relations,
    })
}

fn write_text(
    dataset: &Dataset,
    entity: EntityRef,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // On a terminal a long title wraps to its width; elsewhere it stays on one line.
    let name = dataset.name(entity);
    let title = match style.width {
        Some(width) => text::wrap_keeping_words(name, width),
        None => vec![name.to_owned()],
    };
    for line in title {
        writeln!(out, "{}", style.heading(&line))?;
    }
    writeln!(
        out,
        "{} {}",
        style.kind(entity.kind(), entity.kind().name()),
        style.dim(dataset.id(entity))
    )?;
    writeln!(out)?;
    write_fields(dataset, entity, style, out)?;
    for (role, targets) in dataset.relations_in_reading_order(entity) {
        writeln!(out)?;
        let heading = format!("{} ({})", role.label(), targets.len());
        writeln!(out, "{}", style.heading(&heading))?;
        write_entity_rows(dataset, &targets, "  ", style, out)?;
    }
    Ok(())
}

/// Writes `Label  value` lines; on a terminal, long values wrapped to its width under their
/// first line.
fn write_fields(
    dataset: &Dataset,
    entity: EntityRef,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (label_width, rows) = entity_fields::printed_field_rows(dataset, entity, style.width);
    for row in rows {
        writeln!(
            out,
            "  {}  {}",
            text::fit(&row.label, label_width),
            row.value
        )?;
    }
    Ok(())
}
