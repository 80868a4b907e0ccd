//! The dataset: plain serde types for the six kinds of entity, the loader that validates and
//! cleans them, and the indexes that make every relation a lookup. Knows nothing of terminals.

mod clean;
mod date;
mod entity;
mod error;
mod index;
mod load;
pub mod progress;
mod records;
mod role;
mod validate;

pub use clean::{clean_block, clean_line};
pub use date::When;
pub use entity::{Entity, EntityRef, Kind};
pub use error::{LoadError, Problem, origin_of};
pub use index::Relation;
pub use load::{
    Document, FORMAT_VERSION, Loaded, MAX_BLOCK_CHARS, MAX_LINE_CHARS, parse_document, read_all,
    read_file, utf8,
};
pub use records::{Event, Organization, Project, Source, Speaker, Topic};
pub use role::Role;
pub use validate::{is_valid_id, slugify};

use index::Index;

/// A loaded, validated dataset. Every string in it has been cleaned of control characters,
/// every reference resolves, and every relation is precomputed in both directions.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub title: Option<String>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
    pub speakers: Vec<Speaker>,
    pub topics: Vec<Topic>,
    pub organizations: Vec<Organization>,
    pub projects: Vec<Project>,
    index: Index,
}

impl Dataset {
    /// The entity an id names, if any.
    pub fn resolve(&self, id: &str) -> Option<EntityRef> {
        self.index.resolve(id, |entity| self.id(entity))
    }

    /// The id of an entity.
    pub fn id(&self, entity: EntityRef) -> &str {
        self.with_entity(entity, |e| e.id())
    }

    /// The display name of an entity (a person's name, an event's title).
    pub fn name(&self, entity: EntityRef) -> &str {
        self.with_entity(entity, |e| e.name())
    }

    /// The relations of an entity, grouped by role, in display order. Empty groups are left out.
    pub fn relations(&self, entity: EntityRef) -> impl Iterator<Item = Relation<'_>> {
        self.index.relations(entity)
    }

    /// The entities of one relation of an entity (empty when there are none).
    pub fn related(&self, entity: EntityRef, role: Role) -> &[EntityRef] {
        self.relations(entity)
            .find(|relation| relation.role == role)
            .map_or(&[], |relation| relation.targets)
    }

    /// How many entities of a kind there are.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Event => self.events.len(),
            Kind::Speaker => self.speakers.len(),
            Kind::Topic => self.topics.len(),
            Kind::Organization => self.organizations.len(),
            Kind::Project => self.projects.len(),
            Kind::Source => self.sources.len(),
        }
    }

    /// How many entities there are, of all kinds.
    pub fn len(&self) -> usize {
        Kind::ALL.into_iter().map(|kind| self.count(kind)).sum()
    }

    /// Whether the dataset holds no entity at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entity, kind by kind in `Kind::ALL` order, each kind in file order.
    pub fn entities(&self) -> impl Iterator<Item = EntityRef> + '_ {
        Kind::ALL.into_iter().flat_map(move |kind| {
            (0..self.count(kind)).map(move |index| EntityRef::new(kind, index))
        })
    }

    /// Calls `f` with the entity behind a reference, seen through the `Entity` trait.
    ///
    /// Panics only on a reference that did not come from this dataset, which is a bug in the
    /// caller, not something a user's file can cause.
    pub fn with_entity<'a, T>(
        &'a self,
        entity: EntityRef,
        f: impl FnOnce(&'a dyn Entity) -> T,
    ) -> T {
        let i = entity.index();
        match entity.kind {
            Kind::Event => f(&self.events[i]),
            Kind::Speaker => f(&self.speakers[i]),
            Kind::Topic => f(&self.topics[i]),
            Kind::Organization => f(&self.organizations[i]),
            Kind::Project => f(&self.projects[i]),
            Kind::Source => f(&self.sources[i]),
        }
    }

    /// One line that tells entities of the same name apart: an event's date and place, a
    /// speaker's affiliations, a topic's aliases. Used by search results and lists.
    pub fn context_line(&self, entity: EntityRef) -> String {
        let names = |role| self.names(self.related(entity, role)).join(", ");
        let parts: Vec<String> = match entity.kind {
            Kind::Event => {
                let event = &self.events[entity.index()];
                let place = [event.venue.as_deref(), event.city.as_deref()];
                vec![
                    event
                        .start
                        .as_deref()
                        .map(date_part)
                        .unwrap_or_default()
                        .to_owned(),
                    join_present(&place),
                ]
            }
            Kind::Speaker => {
                let speaker = &self.speakers[entity.index()];
                vec![
                    speaker.role.clone().unwrap_or_default(),
                    names(Role::Affiliations),
                ]
            }
            Kind::Topic => vec![self.topics[entity.index()].aliases.join(", ")],
            Kind::Organization => {
                let org = &self.organizations[entity.index()];
                let fields = [
                    org.short.as_deref(),
                    org.kind.as_deref(),
                    org.city.as_deref(),
                ];
                vec![join_present(&fields)]
            }
            Kind::Project => {
                let project = &self.projects[entity.index()];
                vec![
                    project.kind.clone().unwrap_or_default(),
                    names(Role::Organizations),
                ]
            }
            Kind::Source => {
                let source = &self.sources[entity.index()];
                let fields = [source.published.as_deref(), source.file.as_deref()];
                vec![join_present(&fields)]
            }
        };
        parts
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The entity's own fields as JSON: everything but its id and the ids it names (those are
    /// its relations), in the order of the format.
    pub fn own_fields(&self, entity: EntityRef) -> serde_json::Map<String, serde_json::Value> {
        self.with_entity(entity, |e| {
            let reference_fields: Vec<&str> = e.references().iter().map(|r| r.field).collect();
            let serde_json::Value::Object(mut fields) = e.to_json() else {
                return serde_json::Map::new();
            };
            fields.retain(|key, _| key != "id" && !reference_fields.contains(&key.as_str()));
            fields
        })
    }

    /// The own fields as labels and text, `("Published", "2024-11-26")`, lists joined; the
    /// name is left out, since every view shows it as the heading.
    pub fn field_texts(&self, entity: EntityRef) -> Vec<(String, String)> {
        let name_field = self.with_entity(entity, |e| e.name_field());
        self.own_fields(entity)
            .into_iter()
            .filter(|(key, _)| key != name_field)
            .map(|(key, value)| {
                let text = match value {
                    serde_json::Value::String(text) => text,
                    serde_json::Value::Array(items) => items
                        .iter()
                        .filter_map(serde_json::Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                (capitalize(&key), text)
            })
            .collect()
    }

    /// The entity's web address, if it has one (topics have none).
    pub fn url(&self, entity: EntityRef) -> Option<&str> {
        let i = entity.index();
        match entity.kind {
            Kind::Event => self.events[i].url.as_deref(),
            Kind::Speaker => self.speakers[i].url.as_deref(),
            Kind::Topic => None,
            Kind::Organization => self.organizations[i].url.as_deref(),
            Kind::Project => self.projects[i].url.as_deref(),
            Kind::Source => self.sources[i].url.as_deref(),
        }
    }

    /// The dataset as a lotse file would hold it.
    pub fn to_document(&self) -> Document {
        Document {
            title: self.title.clone(),
            sources: self.sources.clone(),
            events: self.events.clone(),
            speakers: self.speakers.clone(),
            topics: self.topics.clone(),
            organizations: self.organizations.clone(),
            projects: self.projects.clone(),
            ..Document::new(None)
        }
    }

    /// The names of a list of entities.
    pub fn names(&self, entities: &[EntityRef]) -> Vec<&str> {
        entities.iter().map(|&e| self.name(e)).collect()
    }

    /// The year an event starts in, if it has a start.
    pub fn event_year(&self, event: usize) -> Option<i16> {
        let start = self.events[event].start.as_deref()?;
        When::parse(start).ok().map(|when| when.date().year())
    }
}

/// The `YYYY-MM-DD` part of a validated date or date-time.
fn date_part(when: &str) -> &str {
    when.get(..10).unwrap_or(when)
}

/// `published` → `Published`.
fn capitalize(key: &str) -> String {
    let mut chars = key.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn join_present(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}
