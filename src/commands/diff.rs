//! `lotse diff OLD NEW`: what changed between two versions of a schedule, as `diff` says it:
//! exit 0 when they differ, 1 when they are the same, 2 when either cannot be read.

use std::io::Write;

use serde_json::{Value, json};

use super::{Outcome, Style};
use crate::model::Timing;
use crate::schedule::diff::{Changes, Placement, Version, diff};
use crate::text;

pub fn run(
    old: super::Input,
    new: super::Input,
    json: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let (old, new) = match (old.load(), new.load()) {
        (Ok(old), Ok(new)) => (old.dataset, new.dataset),
        (Err(error), _) | (_, Err(error)) => {
            writeln!(err, "lotse: {error}")?;
            return Ok(Outcome::Failure);
        }
    };
    let changes = diff(&old, &new);
    if json {
        writeln!(out, "{}", text::json(&changes_json(&changes)))?;
    } else {
        write_changes(&changes, style, out)?;
    }
    writeln!(err, "{}", changes.summary())?;
    Ok(if changes.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

fn placement_json(placement: &Placement) -> Value {
    json!({ "start": placement.start, "end": placement.end, "room": placement.room })
}

fn entry_json(version: &Version) -> Value {
    json!({
        "id": version.id,
        "name": version.name,
        "start": version.placement.start,
        "end": version.placement.end,
        "room": version.placement.room,
    })
}

/// `{"new":[ENTRY…],"cancelled":[ENTRY…],"moved":[{"id","name","from","to"}],
/// "changed":[{"id","name","fields"}]}`.
fn changes_json(changes: &Changes) -> Value {
    json!({
        "new": changes.new.iter().map(entry_json).collect::<Vec<_>>(),
        "cancelled": changes.cancelled.iter().map(entry_json).collect::<Vec<_>>(),
        "moved": changes.moved.iter().map(|m| json!({
            "id": m.id,
            "name": m.name,
            "from": placement_json(&m.from),
            "to": placement_json(&m.to),
        })).collect::<Vec<_>>(),
        "changed": changes.changed.iter().map(|c| json!({
            "id": c.id,
            "name": c.name,
            "fields": c.fields,
        })).collect::<Vec<_>>(),
    })
}

/// `2019-12-27 12:00–13:00 · Ada`.
fn shown(placement: &Placement) -> String {
    let when = placement
        .start
        .as_deref()
        .and_then(|start| Timing::parse(start, placement.end.as_deref()))
        .map_or_else(|| "no time".to_owned(), |t| t.label());
    match &placement.room {
        Some(room) => format!("{when} · {room}"),
        None => when,
    }
}

fn write_changes(changes: &Changes, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    let mut line = |what: &str, id: &str, name: &str, detail: String| {
        let what = style.heading(&text::fit(what, 9));
        writeln!(out, "{what}  {}  {name}  {detail}", style.dim(id))
    };
    for version in &changes.new {
        line("new", &version.id, &version.name, shown(&version.placement))?;
    }
    for version in &changes.cancelled {
        line(
            "cancelled",
            &version.id,
            &version.name,
            shown(&version.placement),
        )?;
    }
    for moved in &changes.moved {
        let detail = format!("{} → {}", shown(&moved.from), shown(&moved.to));
        line("moved", &moved.id, &moved.name, detail)?;
    }
    for changed in &changes.changed {
        line(
            "changed",
            &changed.id,
            &changed.name,
            changed.fields.join(", "),
        )?;
    }
    Ok(())
}
