//! The fields of each kind of entity, as data: their names in the format's order and what they
//! hold. The loader, the store, validation and JSON output all walk these tables, so a field is
//! added in one place (and in `records.rs`, the owned form importers build).

use super::entity::Kind;
use super::role::Role;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The entity's id: validated, never cleaned.
    Id,
    /// One line of text (a name, a city, a date).
    Line,
    /// Text that may keep its line breaks (a summary).
    Block,
    /// A list of one-line texts (aliases, links).
    List,
    /// The id of one other entity (`parent`).
    Ref(Link),
    /// A list of ids of other entities (`speakers`).
    Refs(Link),
}

impl Shape {
    /// Whether the field holds a list rather than one text.
    pub fn is_list(self) -> bool {
        matches!(self, Shape::List | Shape::Refs(_))
    }

    /// The link a reference field makes, if it is one.
    pub fn link(self) -> Option<Link> {
        match self {
            Shape::Ref(link) | Shape::Refs(link) => Some(link),
            _ => None,
        }
    }
}

/// Where a reference points and the roles it plays both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub target: Kind,
    pub forward: Role,
    pub reverse: Role,
}

const fn link(target: Kind, forward: Role, reverse: Role) -> Link {
    Link {
        target,
        forward,
        reverse,
    }
}

/// One field of a kind: its name in the file and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub shape: Shape,
}

const fn spec(name: &'static str, shape: Shape) -> FieldSpec {
    FieldSpec { name, shape }
}

/// A field of one kind, as a position in that kind's table: what code names to read a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub kind: Kind,
    pub slot: u8,
}

impl Field {
    const fn new(kind: Kind, slot: u8) -> Self {
        Self { kind, slot }
    }

    pub fn spec(self) -> FieldSpec {
        fields(self.kind)[usize::from(self.slot)]
    }
}

use Shape::{Block, Id, Line, List, Ref, Refs};

const SOURCES: Shape = Refs(link(Kind::Source, Role::Sources, Role::CitedBy));

const EVENT_FIELDS: [FieldSpec; 22] = [
    spec("id", Id),
    spec("title", Line),
    spec("kind", Line),
    spec("start", Line),
    spec("end", Line),
    spec("venue", Line),
    spec("city", Line),
    spec("country", Line),
    spec("summary", Block),
    spec(
        "parent",
        Ref(link(Kind::Event, Role::PartOf, Role::Sessions)),
    ),
    spec("series", Line),
    spec(
        "organizers",
        Refs(link(Kind::Organization, Role::Organizers, Role::Organized)),
    ),
    spec(
        "partners",
        Refs(link(Kind::Organization, Role::Partners, Role::PartnerOf)),
    ),
    spec(
        "speakers",
        Refs(link(Kind::Speaker, Role::Speakers, Role::Talks)),
    ),
    spec(
        "topics",
        Refs(link(Kind::Topic, Role::Topics, Role::Events)),
    ),
    spec(
        "projects",
        Refs(link(Kind::Project, Role::Projects, Role::Events)),
    ),
    spec("sources", SOURCES),
    spec("url", Line),
    spec("language", Line),
    spec("links", List),
    spec("track", Line),
    spec("key", Line),
];

const SPEAKER_FIELDS: [FieldSpec; 8] = [
    spec("id", Id),
    spec("name", Line),
    spec("honorific", Line),
    spec("role", Line),
    spec(
        "affiliations",
        Refs(link(Kind::Organization, Role::Affiliations, Role::People)),
    ),
    spec(
        "topics",
        Refs(link(Kind::Topic, Role::Topics, Role::Speakers)),
    ),
    spec("url", Line),
    spec("sources", SOURCES),
];

const TOPIC_FIELDS: [FieldSpec; 6] = [
    spec("id", Id),
    spec("name", Line),
    spec("aliases", List),
    spec(
        "broader",
        Refs(link(Kind::Topic, Role::Broader, Role::Narrower)),
    ),
    spec("description", Block),
    spec("sources", SOURCES),
];

const ORGANIZATION_FIELDS: [FieldSpec; 8] = [
    spec("id", Id),
    spec("name", Line),
    spec("short", Line),
    spec("kind", Line),
    spec("city", Line),
    spec("country", Line),
    spec("url", Line),
    spec("sources", SOURCES),
];

const PROJECT_FIELDS: [FieldSpec; 8] = [
    spec("id", Id),
    spec("name", Line),
    spec("kind", Line),
    spec("summary", Block),
    spec(
        "organizations",
        Refs(link(
            Kind::Organization,
            Role::Organizations,
            Role::Projects,
        )),
    ),
    spec(
        "topics",
        Refs(link(Kind::Topic, Role::Topics, Role::Projects)),
    ),
    spec("url", Line),
    spec("sources", SOURCES),
];

const SOURCE_FIELDS: [FieldSpec; 7] = [
    spec("id", Id),
    spec("title", Line),
    spec("publisher", Line),
    spec("published", Line),
    spec("language", Line),
    spec("file", Line),
    spec("url", Line),
];

/// The fields of a kind in the format's order: the id first, the display name second.
pub fn fields(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::Event => &EVENT_FIELDS,
        Kind::Speaker => &SPEAKER_FIELDS,
        Kind::Topic => &TOPIC_FIELDS,
        Kind::Organization => &ORGANIZATION_FIELDS,
        Kind::Project => &PROJECT_FIELDS,
        Kind::Source => &SOURCE_FIELDS,
    }
}

/// The most fields any kind has: a presence mask of 32 bits holds every kind.
pub const MAX_FIELDS: usize = 22;

/// The reference fields of a kind in the order validation resolves them (and reports their
/// problems): the parent first, then the lists of the entity's own facts, sources last.
pub fn reference_order(kind: Kind) -> &'static [u8] {
    match kind {
        Kind::Event => &[9, 13, 14, 11, 12, 15, 16],
        Kind::Speaker => &[4, 5, 7],
        Kind::Topic => &[3, 5],
        Kind::Organization => &[7],
        Kind::Project => &[4, 5, 7],
        Kind::Source => &[],
    }
}

/// The slot of the id; the same for every kind.
pub const ID: u8 = 0;
/// The slot of the display name (`title` or `name`); the same for every kind.
pub const NAME: u8 = 1;

/// Fields code reads by name, one module per kind.
pub mod event {
    use super::{Field, Kind};
    const fn f(slot: u8) -> Field {
        Field::new(Kind::Event, slot)
    }
    pub const KIND: Field = f(2);
    pub const START: Field = f(3);
    pub const END: Field = f(4);
    pub const VENUE: Field = f(5);
    pub const CITY: Field = f(6);
    pub const COUNTRY: Field = f(7);
    pub const SUMMARY: Field = f(8);
    pub const SERIES: Field = f(10);
    pub const URL: Field = f(17);
    pub const LANGUAGE: Field = f(18);
    pub const LINKS: Field = f(19);
    pub const TRACK: Field = f(20);
    pub const KEY: Field = f(21);
}

pub mod speaker {
    use super::{Field, Kind};
    pub const ROLE: Field = Field::new(Kind::Speaker, 3);
    pub const URL: Field = Field::new(Kind::Speaker, 6);
}

pub mod topic {
    use super::{Field, Kind};
    pub const ALIASES: Field = Field::new(Kind::Topic, 2);
}

pub mod organization {
    use super::{Field, Kind};
    pub const SHORT: Field = Field::new(Kind::Organization, 2);
    pub const KIND: Field = Field::new(Kind::Organization, 3);
    pub const CITY: Field = Field::new(Kind::Organization, 4);
    pub const COUNTRY: Field = Field::new(Kind::Organization, 5);
    pub const URL: Field = Field::new(Kind::Organization, 6);
}

pub mod project {
    use super::{Field, Kind};
    pub const KIND: Field = Field::new(Kind::Project, 2);
    pub const URL: Field = Field::new(Kind::Project, 6);
}

pub mod source {
    use super::{Field, Kind};
    pub const PUBLISHER: Field = Field::new(Kind::Source, 2);
    pub const PUBLISHED: Field = Field::new(Kind::Source, 3);
    pub const FILE: Field = Field::new(Kind::Source, 5);
    pub const URL: Field = Field::new(Kind::Source, 6);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_fields_point_at_the_fields_they_are_named_after() {
        let named = [
            (event::KIND, "kind"),
            (event::START, "start"),
            (event::END, "end"),
            (event::VENUE, "venue"),
            (event::CITY, "city"),
            (event::COUNTRY, "country"),
            (event::SUMMARY, "summary"),
            (event::SERIES, "series"),
            (event::URL, "url"),
            (event::LANGUAGE, "language"),
            (event::LINKS, "links"),
            (event::TRACK, "track"),
            (event::KEY, "key"),
            (speaker::ROLE, "role"),
            (speaker::URL, "url"),
            (topic::ALIASES, "aliases"),
            (organization::SHORT, "short"),
            (organization::KIND, "kind"),
            (organization::CITY, "city"),
            (organization::COUNTRY, "country"),
            (organization::URL, "url"),
            (project::KIND, "kind"),
            (project::URL, "url"),
            (source::PUBLISHER, "publisher"),
            (source::PUBLISHED, "published"),
            (source::FILE, "file"),
            (source::URL, "url"),
        ];
        for (field, name) in named {
            assert_eq!(field.spec().name, name, "{field:?}");
        }
    }

    #[test]
    fn every_kind_starts_with_its_id_and_name_and_lists_each_reference_once() {
        for kind in Kind::ALL {
            let specs = fields(kind);
            assert!(specs.len() <= MAX_FIELDS);
            assert_eq!(specs[usize::from(ID)].shape, Shape::Id, "{kind}");
            assert_eq!(specs[usize::from(NAME)].shape, Shape::Line, "{kind}");
            let mut order: Vec<u8> = reference_order(kind).to_vec();
            order.sort_unstable();
            let references: Vec<u8> = (0..specs.len())
                .filter(|&slot| specs[slot].shape.link().is_some())
                .map(|slot| u8::try_from(slot).unwrap())
                .collect();
            assert_eq!(order, references, "{kind}");
        }
    }
}
