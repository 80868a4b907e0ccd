//! `lotse show`: one entity with every field and every relation, both directions, by name.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::Style;
use super::search::write_entity_rows;
use crate::cli::Outcome;
use crate::model::{Dataset, EntityRef};
use crate::search::SearchIndex;
use crate::text;

/// Long text is wrapped to fit this many columns in all.
const TEXT_COLUMNS: usize = 80;

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
        serde_json::to_writer_pretty(&mut *out, &to_json(dataset, entity))?;
        writeln!(out)?;
    } else {
        write_text(dataset, entity, style, out)?;
    }
    Ok(Outcome::Success)
}

fn report_unknown(dataset: &Dataset, id: &str, err: &mut dyn Write) -> std::io::Result<Outcome> {
    writeln!(err, "lotse: no entity with id {id:?}")?;
    let suggestions = SearchIndex::new(dataset).suggest(dataset, id, 5);
    if !suggestions.is_empty() {
        writeln!(err, "did you mean:")?;
        for entity in suggestions {
            writeln!(
                err,
                "  {}  ({} {})",
                dataset.id(entity),
                entity.kind,
                dataset.name(entity)
            )?;
        }
    }
    Ok(Outcome::Failure)
}

/// The entity's own fields: everything but its id and the ids it names (those are relations).
fn own_fields(dataset: &Dataset, entity: EntityRef) -> Map<String, Value> {
    dataset.with_entity(entity, |e| {
        let reference_fields: Vec<&str> = e.references().iter().map(|r| r.field).collect();
        let Value::Object(mut fields) = e.to_json() else {
            return Map::new();
        };
        fields.retain(|key, _| key != "id" && !reference_fields.contains(&key.as_str()));
        fields
    })
}

fn to_json(dataset: &Dataset, entity: EntityRef) -> Value {
    let relations: Map<String, Value> = dataset
        .relations(entity)
        .iter()
        .map(|relation| {
            let targets: Vec<Value> = relation
                .targets
                .iter()
                .map(|&target| {
                    json!({
                        "kind": target.kind,
                        "id": dataset.id(target),
                        "name": dataset.name(target),
                    })
                })
                .collect();
            (relation.role.key().to_owned(), Value::Array(targets))
        })
        .collect();
    json!({
        "kind": entity.kind,
        "id": dataset.id(entity),
        "name": dataset.name(entity),
        "fields": own_fields(dataset, entity),
        "relations": relations,
    })
}

fn write_text(
    dataset: &Dataset,
    entity: EntityRef,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", style.heading(dataset.name(entity)))?;
    writeln!(
        out,
        "{} {}",
        style.kind(entity.kind, entity.kind.name()),
        style.dim(dataset.id(entity))
    )?;
    writeln!(out)?;
    write_fields(&own_fields(dataset, entity), out)?;
    for relation in dataset.relations(entity) {
        writeln!(out)?;
        let heading = format!("{} ({})", relation.role.label(), relation.targets.len());
        writeln!(out, "{}", style.heading(&heading))?;
        write_entity_rows(dataset, &relation.targets, "  ", style, out)?;
    }
    Ok(())
}

/// Writes `Label  value` lines, long values wrapped under their first line.
fn write_fields(fields: &Map<String, Value>, out: &mut dyn Write) -> std::io::Result<()> {
    let labels: Vec<String> = fields.keys().map(|key| label(key)).collect();
    let label_columns = labels.iter().map(|l| text::width(l)).max().unwrap_or(0);
    let value_columns = TEXT_COLUMNS.saturating_sub(label_columns + 4).max(20);
    for (label, value) in labels.iter().zip(fields.values()) {
        let value = match value {
            Value::String(text) => text.clone(),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        let mut lines = text::wrap(&value, value_columns).into_iter();
        let first = lines.next().unwrap_or_default();
        writeln!(out, "  {}  {first}", text::fit(label, label_columns))?;
        for line in lines {
            writeln!(out, "  {}  {line}", " ".repeat(label_columns))?;
        }
    }
    Ok(())
}

/// `published` → `Published`.
fn label(key: &str) -> String {
    let mut chars = key.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
