//! `lotse bookmarks list|add|remove`: the explorer's bookmarks (`b`) from the shell, events in
//! time order with the bookmarked events each one clashes with, and the bookmarks whose talks
//! are gone from the schedule, kept and shown as cancelled.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::{Outcome, Style};
use crate::bookmark_file::BookmarkFile;
use crate::bookmarks::{self, Bookmark};
use crate::model::{Dataset, EntityRef, Kind, Timing, schema};
use crate::schedule::Schedule;
use crate::text;

pub enum Action {
    List,
    Add(Vec<String>),
    Remove(Vec<String>),
}

pub fn run(
    dataset: &Dataset,
    file: &BookmarkFile,
    action: Action,
    json: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let (ids, add) = match action {
        Action::List => {
            let loaded = file.read();
            if let Some(warning) = loaded.warning {
                writeln!(err, "lotse: {warning}")?;
            }
            return list(dataset, &loaded.bookmarks, json, style, out, err);
        }
        Action::Add(ids) => (ids, true),
        Action::Remove(ids) => (ids, false),
    };
    // Every id to add must be known before anything changes.
    if add && let Some(unknown) = ids.iter().find(|id| dataset.resolve(id).is_none()) {
        let shown = text::visible(unknown);
        writeln!(err, "lotse: no entity {shown:?}; `lotse search` finds ids")?;
        return Ok(Outcome::Failure);
    }
    // A merge with the file as it is now: what another lotse changed meanwhile stays.
    let changed = match file.change(|marked| apply(dataset, marked, &ids, add)) {
        Ok(changed) => changed,
        Err(error) => {
            writeln!(err, "lotse: bookmarks not saved: {error}")?;
            return Ok(Outcome::Failure);
        }
    };
    if let Some(warning) = &changed.warning {
        writeln!(err, "lotse: {warning}")?;
    }
    // Said once the file holds it: never "bookmarked" and then "not saved".
    for line in &changed.result.lines {
        writeln!(err, "{line}")?;
    }
    let outcome = if changed.result.changed > 0 || add {
        Outcome::Success
    } else {
        Outcome::NothingFound
    };
    if json {
        list(dataset, &changed.bookmarks, true, style, out, err)?;
    }
    Ok(outcome)
}

/// What a change did: how many bookmarks it added or removed, and what to say of each id.
struct Applied {
    changed: usize,
    lines: Vec<String>,
}

/// Adds or removes bookmarks of `ids` in `marked` (the file's bookmarks as they are now).
fn apply(dataset: &Dataset, marked: &mut Vec<Bookmark>, ids: &[String], add: bool) -> Applied {
    let mut entities = bookmarks::resolve_each(dataset, marked);
    let mut applied = Applied {
        changed: 0,
        lines: Vec::new(),
    };
    for id in ids {
        let entity = dataset.resolve(id);
        // By the id or key it was kept under, or by the entity it stands for now.
        let at = marked.iter().zip(&entities).position(|(b, found)| {
            &b.id == id || &b.key == id || (entity.is_some() && *found == entity)
        });
        let line = match (add, entity, at) {
            (true, None, _) => continue,
            (true, Some(entity), None) => {
                marked.push(Bookmark::of(dataset, entity));
                entities.push(Some(entity));
                applied.changed += 1;
                format!("bookmarked: {}", dataset.name(entity))
            }
            (true, Some(entity), Some(_)) => {
                format!("already bookmarked: {}", dataset.name(entity))
            }
            (false, _, Some(at)) => {
                let gone = marked.remove(at);
                entities.remove(at);
                applied.changed += 1;
                format!("bookmark removed: {}", text::visible(gone.shown_name()))
            }
            (false, _, None) => format!("lotse: {:?} is not bookmarked", text::visible(id)),
        };
        applied.lines.push(line);
    }
    applied
}

/// A bookmarked entity or one that is gone, as listed.
struct Listed<'d> {
    bookmark: Bookmark,
    entity: Option<EntityRef>,
    clashes: Vec<&'d str>,
}

/// The bookmarks: events in time order (then room order), the other kinds after them in the
/// order bookmarked, then those this dataset does not have, as cancelled.
fn listed<'d>(dataset: &'d Dataset, marked: &[Bookmark]) -> Vec<Listed<'d>> {
    let resolved = bookmarks::resolve(dataset, marked);
    let schedule = Schedule::new(dataset);
    let clashes = schedule.clashes(&resolved.found);
    let sort_key = |entity: &EntityRef| {
        let slot = schedule.slot(*entity);
        (
            entity.kind() != Kind::Event,
            slot.map(|s| s.timing.start),
            slot.map_or(usize::MAX, |s| schedule.room_rank(s.room)),
        )
    };
    let mut found = resolved.found.clone();
    found.sort_by_key(sort_key);
    let mut rows: Vec<Listed<'d>> = found
        .into_iter()
        .map(|entity| Listed {
            bookmark: Bookmark::of(dataset, entity),
            entity: Some(entity),
            clashes: clashes
                .get(&entity)
                .map(|others| others.iter().map(|&o| dataset.id(o)).collect())
                .unwrap_or_default(),
        })
        .collect();
    rows.extend(resolved.missing.into_iter().map(|bookmark| Listed {
        bookmark,
        entity: None,
        clashes: Vec::new(),
    }));
    rows
}

fn list(
    dataset: &Dataset,
    marked: &[Bookmark],
    json: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let rows = listed(dataset, marked);
    if json {
        let entries: Vec<Value> = rows.iter().map(entry_json).collect();
        writeln!(out, "{}", text::json(&Value::Array(entries)))?;
    } else {
        write_rows(dataset, &rows, style, out)?;
    }
    if rows.is_empty() {
        writeln!(
            err,
            "lotse: no bookmarks; `b` in the explorer or `lotse bookmarks add ID` adds one"
        )?;
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Success)
}

/// `{"kind","id","name","start","end","room","clashes":[ids],"cancelled"}`.
fn entry_json(row: &Listed<'_>) -> Value {
    let b = &row.bookmark;
    json!({
        "kind": b.kind,
        "id": b.id,
        "name": b.shown_name(),
        "start": b.start,
        "end": b.end,
        "room": b.room,
        "clashes": row.clashes,
        "cancelled": row.entity.is_none(),
    })
}

fn write_rows(
    dataset: &Dataset,
    rows: &[Listed<'_>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let kinds = rows.iter().map(|r| kind_label(r).len()).max().unwrap_or(0);
    // A bookmark whose entity is gone is shown as the file has it, and the file may have been
    // edited by hand: its texts are made visible.
    let ids = rows
        .iter()
        .map(|r| text::width(&text::visible(&r.bookmark.id)))
        .max()
        .unwrap_or(0);
    let names: HashMap<&str, &str> = rows
        .iter()
        .filter_map(|r| Some((dataset.id(r.entity?), dataset.name(r.entity?))))
        .collect();
    for row in rows {
        let b = &row.bookmark;
        let when = match (row.entity, &b.start) {
            (Some(entity), _) => dataset.context_line(entity),
            (None, Some(start)) => {
                let was = Timing::parse(start, b.end.as_deref())
                    .map(|t| t.label())
                    .unwrap_or_default();
                let room = b
                    .room
                    .as_deref()
                    .map(|r| format!(" · {}", text::visible(r)))
                    .unwrap_or_default();
                format!("was {was}{room}")
            }
            (None, None) => "not in this dataset".to_owned(),
        };
        let kind = text::fit(&kind_label(row), kinds);
        let id = style.dim(&text::fit(&text::visible(&b.id), ids));
        let line = format!("{kind}  {id}  {}  {when}", text::visible(b.shown_name()));
        writeln!(out, "{}", line.trim_end())?;
        if !row.clashes.is_empty() {
            let with: Vec<String> = row
                .clashes
                .iter()
                .map(|id| format!("{} ({id})", names.get(id).unwrap_or(id)))
                .collect();
            writeln!(
                out,
                "{}  ⚠ clashes with {}",
                " ".repeat(kinds),
                with.join(", ")
            )?;
        }
    }
    Ok(())
}

fn kind_label(row: &Listed<'_>) -> String {
    match row.entity {
        Some(entity) => entity.kind().name().to_owned(),
        None => "cancelled".to_owned(),
    }
}

/// The clashes among bookmarked events, one line each (`export ics --bookmarks` says them).
pub fn clash_lines(dataset: &Dataset, events: &[EntityRef]) -> Vec<String> {
    let schedule = Schedule::new(dataset);
    let clashes = schedule.clashes(events);
    let mut pairs: Vec<(EntityRef, EntityRef)> = clashes
        .iter()
        .flat_map(|(&a, others)| others.iter().filter(move |&&b| a < b).map(move |&b| (a, b)))
        .collect();
    pairs.sort_by_key(|&(a, b)| {
        let start = |e| Timing::of(dataset, e).map(|t| t.start);
        (start(a), start(b))
    });
    let shown = |e: EntityRef| {
        let when = Timing::of(dataset, e)
            .map(|t| t.label())
            .unwrap_or_default();
        let room = dataset
            .text(e, schema::event::VENUE)
            .map(|r| format!(" · {r}"))
            .unwrap_or_default();
        format!("{} ({when}{room})", dataset.name(e))
    };
    pairs
        .into_iter()
        .map(|(a, b)| format!("clash: {} and {}", shown(a), shown(b)))
        .collect()
}
