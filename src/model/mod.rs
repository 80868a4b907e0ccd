//! The dataset: plain serde types for the six kinds of entity, the loader that validates and
//! cleans them, and the indexes that make every relation a lookup. Knows nothing of terminals.

mod clean;
mod date;
mod entity;
mod error;
mod ids;
mod index;
mod load;
mod parse;
mod programme;
pub mod progress;
mod records;
mod role;
pub mod schema;
mod store;
mod timing;
mod validate;

pub use clean::{clean_block, clean_line};
pub use date::When;
pub use entity::{EntityRef, Kind, Numbering};
pub use error::{LoadError, Problem, origin_of};
pub use index::Relation;
pub use load::{
    Document, FORMAT_VERSION, Loaded, MAX_BLOCK_CHARS, MAX_LINE_CHARS, ParsedDataset,
    parse_document, read_all, read_file, utf8,
};
pub use programme::{Day, Programme, Track};
pub use records::{Event, Organization, Project, Source, Speaker, Topic};
pub use role::Role;
pub use store::Texts;
pub use timing::Timing;
pub use validate::{is_valid_id, slugify};

use index::Index;
pub use schema::Field;
use schema::{event, organization, project, source, speaker, topic};
use store::Store;

/// A loaded, validated dataset. Every string in it has been cleaned of control characters,
/// every reference resolves, and every relation is precomputed in both directions. Its
/// entities are kept compact (`store.rs`) and read field by field (`schema.rs` names them).
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub title: Option<String>,
    /// What a conference schedule knows beyond its events; `None` when the file says nothing.
    pub programme: Option<Programme>,
    store: Store,
    index: Index,
}

impl Dataset {
    /// The entity an id names, if any.
    pub fn resolve(&self, id: &str) -> Option<EntityRef> {
        self.index.resolve(id, self.store.arena())
    }

    /// The id of an entity.
    pub fn id(&self, entity: EntityRef) -> &str {
        self.store.id(entity)
    }

    /// The display name of an entity (a person's name, an event's title).
    pub fn name(&self, entity: EntityRef) -> &str {
        self.store.name(entity)
    }

    /// The text of one field of an entity (`schema::event::START`), if it has one. A field of
    /// another kind has none.
    pub fn text(&self, entity: EntityRef, field: Field) -> Option<&str> {
        if entity.kind() != field.kind {
            return None;
        }
        match field.spec().shape {
            // A reference reads as the id of the entity it names.
            schema::Shape::Ref(_) => {
                let target = self.store.targets(entity, field.slot).first()?;
                Some(self.id(*target))
            }
            schema::Shape::List | schema::Shape::Refs(_) => None,
            _ => self.store.text(entity, field.slot),
        }
    }

    /// The texts of one list field of an entity (`schema::topic::ALIASES`); none for a field
    /// of another kind.
    pub fn texts(&self, entity: EntityRef, field: Field) -> Texts<'_> {
        if entity.kind() != field.kind || field.spec().shape != schema::Shape::List {
            return self.store.no_texts();
        }
        self.store.list(entity, field.slot)
    }

    /// The entities an entity names, field by field (in the order validation resolves them),
    /// each field's in the file's order.
    pub fn references(&self, entity: EntityRef) -> impl Iterator<Item = Reference<'_>> {
        let specs = schema::fields(entity.kind());
        schema::reference_order(entity.kind())
            .iter()
            .filter_map(move |&slot| {
                let spec = specs[usize::from(slot)];
                Some(Reference {
                    field: spec.name,
                    link: spec.shape.link()?,
                    targets: self.store.targets(entity, slot),
                })
            })
    }

    /// The text of one field of the `index`th event.
    pub fn event_text(&self, index: usize, field: Field) -> Option<&str> {
        self.text(EntityRef::new(Kind::Event, index), field)
    }

    /// The relations of an entity, grouped by role, in display order. Empty groups are left out.
    pub fn relations(&self, entity: EntityRef) -> impl Iterator<Item = Relation<'_>> {
        self.index.relations(entity)
    }

    /// An entity's relations as a reader meets them: the events of every relation in time
    /// order (undated last, then file order); on a topic's or an organization's page, the
    /// relations that list events first.
    pub fn relations_in_reading_order(
        &self,
        entity: EntityRef,
    ) -> Vec<(Role, std::borrow::Cow<'_, [EntityRef]>)> {
        let start = |e: &EntityRef| self.text(*e, event::START);
        let mut relations: Vec<_> = self
            .relations(entity)
            .map(|relation| {
                let targets = if relation.targets.iter().any(|t| t.kind() == Kind::Event) {
                    let mut sorted = relation.targets.to_vec();
                    sorted.sort_by(|a, b| match (start(a), start(b)) {
                        (Some(x), Some(y)) => x.cmp(y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    });
                    std::borrow::Cow::Owned(sorted)
                } else {
                    std::borrow::Cow::Borrowed(relation.targets)
                };
                (relation.role, targets)
            })
            .collect();
        if matches!(entity.kind(), Kind::Topic | Kind::Organization) {
            let of_events = |targets: &[EntityRef]| targets.iter().all(|t| t.kind() == Kind::Event);
            relations.sort_by_key(|(_, targets)| !of_events(targets));
        }
        relations
    }

    /// The entities of one relation of an entity (empty when there are none).
    pub fn related(&self, entity: EntityRef, role: Role) -> &[EntityRef] {
        self.relations(entity)
            .find(|relation| relation.role == role)
            .map_or(&[], |relation| relation.targets)
    }

    /// How many entities of a kind there are.
    pub fn count(&self, kind: Kind) -> usize {
        self.store.count(kind)
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
        Kind::ALL
            .into_iter()
            .flat_map(move |kind| self.entities_of(kind))
    }

    /// One number for every entity: kinds in `Kind::ALL` order, each in file order.
    pub fn numbering(&self) -> Numbering {
        Numbering::new(Kind::ALL.map(|kind| self.count(kind)))
    }

    /// Every entity of one kind, in file order.
    pub fn entities_of(&self, kind: Kind) -> impl Iterator<Item = EntityRef> + use<> {
        (0..self.count(kind)).map(move |index| EntityRef::new(kind, index))
    }

    /// The name of the field that holds an entity's display name (`title` or `name`).
    pub fn name_field(kind: Kind) -> &'static str {
        schema::fields(kind)[usize::from(schema::NAME)].name
    }

    /// One line that tells entities of the same name apart: an event's date and place, a
    /// speaker's affiliations, a topic's aliases. Used by search results and lists.
    pub fn context_line(&self, entity: EntityRef) -> String {
        let names = |role| self.names(self.related(entity, role)).join(", ");
        let text = |field| self.text(entity, field);
        let parts: Vec<String> = match entity.kind() {
            Kind::Event => vec![
                Timing::of(self, entity)
                    .map(|timing| timing.label())
                    .unwrap_or_default(),
                join_present(&[text(event::VENUE), text(event::CITY)]),
            ],
            Kind::Speaker => vec![
                text(speaker::ROLE).unwrap_or_default().to_owned(),
                names(Role::Affiliations),
            ],
            Kind::Topic => vec![self.texts(entity, topic::ALIASES).join(", ")],
            Kind::Organization => vec![join_present(&[
                text(organization::SHORT),
                text(organization::KIND),
                text(organization::CITY),
            ])],
            Kind::Project => vec![
                text(project::KIND).unwrap_or_default().to_owned(),
                names(Role::Organizations),
            ],
            Kind::Source => vec![join_present(&[text(source::PUBLISHED), text(source::FILE)])],
        };
        parts
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The entity as a lotse file holds it: every field it has, in the order of the format.
    pub fn to_json(&self, entity: EntityRef) -> serde_json::Map<String, serde_json::Value> {
        self.fields_as_json(entity, |_| true)
    }

    /// The entity's own fields as JSON: everything but its id and the ids it names (those are
    /// its relations), in the order of the format.
    pub fn own_fields(&self, entity: EntityRef) -> serde_json::Map<String, serde_json::Value> {
        self.fields_as_json(entity, |shape| {
            shape != schema::Shape::Id && shape.link().is_none()
        })
    }

    /// The fields of `entity` whose shape `keep` accepts, as JSON in the format's order. The
    /// id and the name are always written (even empty); other fields only when present.
    fn fields_as_json(
        &self,
        entity: EntityRef,
        keep: impl Fn(schema::Shape) -> bool,
    ) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::Value;
        let mut json = serde_json::Map::new();
        for (slot, spec) in schema::fields(entity.kind()).iter().enumerate() {
            if !keep(spec.shape) {
                continue;
            }
            let slot = u8::try_from(slot).unwrap_or(u8::MAX);
            let value = if spec.shape.link().is_some() {
                let ids: Vec<&str> = self
                    .store
                    .targets(entity, slot)
                    .iter()
                    .map(|&target| self.id(target))
                    .collect();
                match (spec.shape, ids.as_slice()) {
                    (_, []) => None,
                    (schema::Shape::Ref(_), [id]) => Some(Value::from(*id)),
                    _ => Some(Value::from(ids)),
                }
            } else if spec.shape.is_list() {
                let items = self.store.list(entity, slot);
                (!items.is_empty()).then(|| Value::from(items.collect::<Vec<_>>()))
            } else {
                match self.store.text(entity, slot) {
                    None if slot <= schema::NAME => Some(Value::from("")),
                    text => text.map(Value::from),
                }
            };
            if let Some(value) = value {
                json.insert(spec.name.to_owned(), value);
            }
        }
        json
    }

    /// The own fields as labels and text, `("Published", "2024-11-26")`, lists joined; the
    /// name is left out, since every view shows it as the heading.
    pub fn field_texts(&self, entity: EntityRef) -> Vec<(String, String)> {
        let name_field = Self::name_field(entity.kind());
        // A title in square brackets was devised by the dataset (as catalogues mark one): the
        // source gives none, and the reader should know.
        let devised = is_devised_title(self.name(entity)).then(|| {
            (
                "Title".to_owned(),
                "devised by the dataset; the source gives none".to_owned(),
            )
        });
        // A talk's start and end read as one time on the schedule's clock, with its weekday
        // and offset; dates alone read well as they are.
        let when = (entity.kind() == Kind::Event)
            .then(|| Timing::of(self, entity))
            .flatten()
            .filter(|timing| timing.has_time)
            .map(|timing| ("When".to_owned(), timing.long_label()));
        let timed = when.is_some();
        let fields = self
            .own_fields(entity)
            .into_iter()
            .filter(|(key, _)| key != name_field)
            .filter(|(key, _)| !timed || (key != "start" && key != "end"))
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
            });
        devised.into_iter().chain(when).chain(fields).collect()
    }

    /// The entity's web address, if it has one (topics have none).
    pub fn url(&self, entity: EntityRef) -> Option<&str> {
        let field = match entity.kind() {
            Kind::Event => event::URL,
            Kind::Speaker => speaker::URL,
            Kind::Topic => return None,
            Kind::Organization => organization::URL,
            Kind::Project => project::URL,
            Kind::Source => source::URL,
        };
        self.text(entity, field)
    }

    /// The dataset as a lotse file would hold it.
    pub fn to_document(&self) -> Document {
        let everything: Vec<EntityRef> = self.entities().collect();
        self.document_of(&everything)
    }

    /// Some of the dataset's entities as a lotse document, in the order given.
    pub fn document_of(&self, entities: &[EntityRef]) -> Document {
        fn record<T: serde::de::DeserializeOwned + Default>(
            json: serde_json::Map<String, serde_json::Value>,
        ) -> T {
            // The map was made from the same fields the record has: it always fits.
            serde_json::from_value(serde_json::Value::Object(json)).unwrap_or_default()
        }
        let mut document = Document::new(self.title.clone());
        document.programme = self.programme.clone();
        for &entity in entities {
            let json = self.to_json(entity);
            match entity.kind() {
                Kind::Event => document.events.push(record(json)),
                Kind::Speaker => document.speakers.push(record(json)),
                Kind::Topic => document.topics.push(record(json)),
                Kind::Organization => document.organizations.push(record(json)),
                Kind::Project => document.projects.push(record(json)),
                Kind::Source => document.sources.push(record(json)),
            }
        }
        document
    }

    /// The names of a list of entities.
    pub fn names(&self, entities: &[EntityRef]) -> Vec<&str> {
        entities.iter().map(|&e| self.name(e)).collect()
    }

    /// The year an event starts in, if it has a start.
    pub fn event_year(&self, event: usize) -> Option<i16> {
        let start = self.event_text(event, event::START)?;
        When::parse(start).ok().map(|when| when.date().year())
    }
}

/// The entities one reference field of an entity names.
pub struct Reference<'a> {
    pub field: &'static str,
    pub link: schema::Link,
    pub targets: &'a [EntityRef],
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

/// Whether a title is one the dataset devised: in square brackets, as library catalogues
/// enclose a title the cataloguer supplied where the work gives none.
pub fn is_devised_title(title: &str) -> bool {
    title.len() > 2 && title.starts_with('[') && title.ends_with(']')
}
