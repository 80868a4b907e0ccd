//! The six kinds of entity as they stand in a dataset file, and the `Entity` trait that lets the
//! loader, the index and the views treat them alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::role::Role;

/// What an entity is. The order is the order of kinds in lists and ranking ties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Event,
    Speaker,
    Topic,
    Organization,
    Project,
    Source,
}

impl Kind {
    /// The kind's place in `Kind::ALL` (the order of the enum).
    pub const fn position(self) -> usize {
        self as usize
    }

    pub const ALL: [Kind; 6] = [
        Kind::Event,
        Kind::Speaker,
        Kind::Topic,
        Kind::Organization,
        Kind::Project,
        Kind::Source,
    ];

    /// The singular name used in output, queries and JSON (`speaker`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Speaker => "speaker",
            Kind::Topic => "topic",
            Kind::Organization => "organization",
            Kind::Project => "project",
            Kind::Source => "source",
        }
    }

    /// The name of the list that holds this kind in a dataset file (`speakers`).
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Event => "events",
            Kind::Speaker => "speakers",
            Kind::Topic => "topics",
            Kind::Organization => "organizations",
            Kind::Project => "projects",
            Kind::Source => "sources",
        }
    }

    /// "a speaker", "an event": for messages.
    pub fn with_article(self) -> String {
        let article = if matches!(self, Kind::Event | Kind::Organization) {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.name())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|kind| kind.name() == lower || kind.plural() == lower)
            .ok_or_else(|| {
                let names: Vec<_> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown kind {s:?}; expected one of {}", names.join(", "))
            })
    }
}

/// A reference to one entity of a dataset: its kind and its position in that kind's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    pub kind: Kind,
    index: u32,
}

impl EntityRef {
    /// Panics past `u32::MAX` entities of one kind, far beyond any dataset that fits in memory.
    pub fn new(kind: Kind, index: usize) -> Self {
        let index = u32::try_from(index).expect("fewer than 2^32 entities of one kind");
        Self { kind, index }
    }

    pub fn index(self) -> usize {
        self.index as usize
    }
}

/// One list of ids in an entity that names other entities, with the role it plays both ways.
pub struct References<'a> {
    pub field: &'static str,
    pub target: Kind,
    pub forward: Role,
    pub reverse: Role,
    pub ids: &'a [String],
    /// Whether the field holds one id (`parent`) rather than a list.
    pub single: bool,
}

impl References<'_> {
    /// The JSON path of the `position`th id, below the entity's own path.
    pub fn path(&self, entity_path: &str, position: usize) -> String {
        if self.single {
            format!("{entity_path}.{}", self.field)
        } else {
            format!("{entity_path}.{}[{position}]", self.field)
        }
    }
}

/// A text field the loader cleans, with whether line breaks belong in it.
pub struct TextField<'a> {
    pub field: &'static str,
    /// The position in the list, for a list of texts (`aliases[2]`).
    pub item: Option<usize>,
    pub text: &'a mut String,
    pub multiline: bool,
}

/// What every kind of entity offers the loader, the index and the views.
pub trait Entity {
    fn kind(&self) -> Kind;
    fn id(&self) -> &str;
    /// The display name: a person's or organization's name, an event's or source's title.
    fn name(&self) -> &str;
    /// The name of the field that holds the display name, for error paths.
    fn name_field(&self) -> &'static str {
        "name"
    }
    /// The ids this entity names, field by field.
    fn references(&self) -> Vec<References<'_>>;
    /// The free-text fields, for cleaning. Ids are not among them: they are validated instead.
    fn text_fields(&mut self) -> Vec<TextField<'_>>;
    /// A serde view of the entity, for `--json` output and export.
    fn to_json(&self) -> serde_json::Value;
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn a_kinds_position_is_its_place_in_all() {
        for (place, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.position(), place, "{kind:?}");
        }
    }
}
