//! The six kinds of entity, and references to one entity of a dataset.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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

/// Every entity numbered once, the kinds one after another in `Kind::ALL` order, each in file
/// order: the positions of the relation table, the search index and filter bit sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Numbering {
    starts: [usize; 6],
    total: usize,
}

impl Numbering {
    /// The numbering of datasets with these counts of each kind (`Kind::ALL` order).
    pub fn new(counts: [usize; 6]) -> Self {
        let mut starts = [0; 6];
        let mut total = 0;
        for (start, count) in starts.iter_mut().zip(counts) {
            *start = total;
            total += count;
        }
        Self { starts, total }
    }

    /// How many entities are numbered.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The number of an entity.
    pub fn global(&self, entity: EntityRef) -> usize {
        self.starts[entity.kind.position()] + entity.index()
    }

    /// The entity with a number (below `total`). A kind with no entities shares its start with
    /// the next, so the last kind that starts at or before the number holds it.
    pub fn entity(&self, global: usize) -> EntityRef {
        let kind = self
            .starts
            .iter()
            .rposition(|&start| start <= global)
            .unwrap_or(0);
        EntityRef::new(Kind::ALL[kind], global - self.starts[kind])
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_entity_has_one_number_and_back_even_beside_empty_kinds() {
        // No speakers, no organizations, no sources.
        let numbering = super::Numbering::new([2, 0, 3, 0, 1, 0]);
        assert_eq!(numbering.total(), 6);
        let mut entities = Vec::new();
        for (kind, count) in Kind::ALL.into_iter().zip([2, 0, 3, 0, 1, 0]) {
            entities.extend((0..count).map(|i| super::EntityRef::new(kind, i)));
        }
        for (global, entity) in entities.into_iter().enumerate() {
            assert_eq!(numbering.global(entity), global);
            assert_eq!(numbering.entity(global), entity);
        }
    }

    #[test]
    fn a_kinds_position_is_its_place_in_all() {
        for (place, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.position(), place, "{kind:?}");
        }
    }
}
