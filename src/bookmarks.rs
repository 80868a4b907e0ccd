//! Bookmarks as the user's file keeps them: each by the entity's stable key (an event's own key
//! from its schedule, frab `guid`, pretalx `code`, iCalendar `UID`, else the lotse id), with
//! what it was when bookmarked (name, time, room), so that a schedule downloaded again finds
//! its talks though their ids changed, and a talk that is gone is still shown, as cancelled.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{Dataset, EntityRef, Kind, schema};

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// The event's key in its schedule, else the lotse id.
    pub key: String,
    pub id: String,
    /// The entity's kind (`event`, `speaker`…), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The name when it was last seen, to show a bookmark whose entity is gone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

impl From<&str> for Bookmark {
    /// A bookmark of an id alone (as the first bookmarks files kept them).
    fn from(id: &str) -> Self {
        Self {
            key: id.to_owned(),
            id: id.to_owned(),
            kind: None,
            name: String::new(),
            start: None,
            end: None,
            room: None,
        }
    }
}

impl Bookmark {
    /// The bookmark of an entity as it is now.
    pub fn of(dataset: &Dataset, entity: EntityRef) -> Self {
        let event_text = |field| {
            (entity.kind() == Kind::Event)
                .then(|| dataset.text(entity, field))
                .flatten()
                .map(str::to_owned)
        };
        Self {
            key: stable_key(dataset, entity).to_owned(),
            id: dataset.id(entity).to_owned(),
            kind: Some(entity.kind().name().to_owned()),
            name: dataset.name(entity).to_owned(),
            start: event_text(schema::event::START),
            end: event_text(schema::event::END),
            room: event_text(schema::event::VENUE),
        }
    }

    /// The name to show: the one last seen, else the id.
    pub fn shown_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// An entity's stable key: an event's `key` from its schedule, else its id.
pub fn stable_key(dataset: &Dataset, entity: EntityRef) -> &str {
    (entity.kind() == Kind::Event)
        .then(|| dataset.text(entity, schema::event::KEY))
        .flatten()
        .unwrap_or_else(|| dataset.id(entity))
}

/// Bookmarks read against a dataset: the entities found, in the bookmarks' order (each once),
/// and the bookmarks this dataset does not have (kept, shown as cancelled).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub found: Vec<EntityRef>,
    pub missing: Vec<Bookmark>,
}

/// Finds each bookmark by its key among the events' keys, else by its id, else by its key as
/// an id (a bookmark of the first files, or of an entity without a key).
pub fn resolve(dataset: &Dataset, bookmarks: &[Bookmark]) -> Resolved {
    let mut resolved = Resolved::default();
    for (bookmark, found) in bookmarks.iter().zip(resolve_each(dataset, bookmarks)) {
        match found {
            Some(entity) if !resolved.found.contains(&entity) => resolved.found.push(entity),
            Some(_) => {}
            None => resolved.missing.push(bookmark.clone()),
        }
    }
    resolved
}

/// The entity of each bookmark, where this dataset has it (see [`Keys::entity_of`]).
pub fn resolve_each(dataset: &Dataset, bookmarks: &[Bookmark]) -> Vec<Option<EntityRef>> {
    let keys = Keys::new(dataset);
    bookmarks.iter().map(|b| keys.entity_of(b)).collect()
}

/// The events of a dataset by their keys, gathered once (a scan of every event) for every
/// bookmark looked up after.
pub struct Keys<'d> {
    dataset: &'d Dataset,
    events: HashMap<&'d str, EntityRef>,
}

impl<'d> Keys<'d> {
    pub fn new(dataset: &'d Dataset) -> Self {
        let mut events = HashMap::new();
        for event in dataset.entities_of(Kind::Event) {
            if let Some(key) = dataset.text(event, schema::event::KEY) {
                events.entry(key).or_insert(event);
            }
        }
        Self { dataset, events }
    }

    /// The entity a bookmark stands for: the entity of its id when that one still has its key
    /// (an id always means the same talk, also in a file that gives two talks one key), else
    /// the first event with its key (the schedule renumbered its talks), else the entity of
    /// its id, else of its key as an id.
    pub fn entity_of(&self, bookmark: &Bookmark) -> Option<EntityRef> {
        let by_id = self.dataset.resolve(&bookmark.id);
        by_id
            .filter(|&e| stable_key(self.dataset, e) == bookmark.key)
            .or_else(|| self.events.get(bookmark.key.as_str()).copied())
            .or(by_id)
            .or_else(|| self.dataset.resolve(&bookmark.key))
    }
}

/// One change the explorer makes to the bookmarks, applied to the file as it is when written
/// (another lotse may have changed it since it was read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Add(Bookmark),
    Remove(Bookmark),
}

/// Applies `changes` to `marked`, the bookmarks as the file holds them now: a bookmark is
/// added unless one of the same key, or of the same entity, is there already; a removal takes
/// every bookmark of that key or entity. Returns whether anything changed.
pub fn apply(dataset: &Dataset, marked: &mut Vec<Bookmark>, changes: &[Change]) -> bool {
    let keys = Keys::new(dataset);
    let mut kept: Vec<(Bookmark, Option<EntityRef>)> = marked
        .drain(..)
        .map(|bookmark| {
            let entity = keys.entity_of(&bookmark);
            (bookmark, entity)
        })
        .collect();
    let mut changed = false;
    for change in changes {
        let (Change::Add(bookmark) | Change::Remove(bookmark)) = change;
        let entity = keys.entity_of(bookmark);
        let same = |(kept, found): &(Bookmark, Option<EntityRef>)| {
            kept.key == bookmark.key || (entity.is_some() && *found == entity)
        };
        match change {
            Change::Add(_) if kept.iter().any(same) => {}
            Change::Add(_) => {
                kept.push((bookmark.clone(), entity));
                changed = true;
            }
            Change::Remove(_) => {
                let before = kept.len();
                kept.retain(|pair| !same(pair));
                changed |= kept.len() != before;
            }
        }
    }
    marked.extend(kept.into_iter().map(|(bookmark, _)| bookmark));
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> Dataset {
        crate::embedded::load().unwrap().dataset
    }

    #[test]
    fn an_id_means_its_talk_in_a_file_that_gives_two_talks_one_key() {
        let json = r#"{"lotse": 1, "events": [
            {"id": "first", "title": "First", "key": "k"},
            {"id": "second", "title": "Second", "key": "k"}]}"#;
        let dataset = Dataset::from_str(json).unwrap().dataset;
        let second = dataset.resolve("second").unwrap();
        let bookmark = Bookmark::of(&dataset, second);
        assert_eq!(resolve_each(&dataset, &[bookmark]), [Some(second)]);
        // A bookmark of a renumbered talk is found by its key: the first that has it.
        let renumbered = Bookmark {
            id: "gone-id".to_owned(),
            ..Bookmark::from("k")
        };
        assert_eq!(
            resolve_each(&dataset, &[renumbered]),
            [dataset.resolve("first")]
        );
    }

    #[test]
    fn changes_merge_with_what_another_lotse_kept_meanwhile() {
        let dataset = dataset();
        let of = |id: &str| Bookmark::of(&dataset, dataset.resolve(id).unwrap());
        // On disk: one added elsewhere, and one whose entity this dataset does not have.
        let mut marked = vec![of("avatar"), Bookmark::from("gone-elsewhere")];
        let changes = [
            Change::Add(of("cord-spreckelsen")),
            Change::Add(of("avatar")),
            Change::Remove(of("medways")),
        ];
        assert!(apply(&dataset, &mut marked, &changes));
        let ids: Vec<&str> = marked.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["avatar", "gone-elsewhere", "cord-spreckelsen"]);
        // A removal takes the bookmark kept under the id alone (an old file's) too.
        let mut marked = vec![Bookmark::from("avatar"), of("avatar")];
        assert!(apply(
            &dataset,
            &mut marked,
            &[Change::Remove(of("avatar"))]
        ));
        assert!(marked.is_empty());
        assert!(!apply(
            &dataset,
            &mut marked,
            &[Change::Remove(of("avatar"))]
        ));
        // One this dataset does not have is the same bookmark by its key.
        let gone = Bookmark::from("gone-elsewhere");
        assert!(apply(&dataset, &mut marked, &[Change::Add(gone.clone())]));
        assert!(!apply(&dataset, &mut marked, &[Change::Add(gone.clone())]));
        assert!(apply(&dataset, &mut marked, &[Change::Remove(gone)]));
        assert!(marked.is_empty());
    }
}
