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

/// A reference to one entity of a dataset: its kind and its position in that kind's list,
/// packed in four bytes (the kind in the top three bits), because relations and search
/// results hold millions of them. Ordered by kind, then position.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef(u32);

const INDEX_BITS: u32 = 29;

/// More entities of one kind than a reference can name; the store refuses far fewer.
pub const MAX_PER_KIND: usize = 1 << INDEX_BITS;

const _: () = assert!(Kind::ALL.len() <= 1 << (32 - INDEX_BITS));

impl EntityRef {
    /// Panics at `MAX_PER_KIND` entities of one kind, beyond what the store takes.
    pub fn new(kind: Kind, index: usize) -> Self {
        assert!(index < MAX_PER_KIND, "fewer than 2^29 entities of one kind");
        Self(((kind.position() as u32) << INDEX_BITS) | index as u32)
    }

    pub fn kind(self) -> Kind {
        Kind::ALL[(self.0 >> INDEX_BITS) as usize]
    }

    pub fn index(self) -> usize {
        (self.0 & (MAX_PER_KIND as u32 - 1)) as usize
    }

    /// The four bytes, for tables that pack entities beside other things.
    pub(crate) fn bits(self) -> u32 {
        self.0
    }

    /// The entity `bits` gave.
    pub(crate) fn from_bits(bits: u32) -> Self {
        debug_assert!(((bits >> INDEX_BITS) as usize) < Kind::ALL.len());
        Self(bits)
    }
}

impl fmt::Debug for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntityRef")
            .field("kind", &self.kind())
            .field("index", &self.index())
            .finish()
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

    /// The numbers of the entities of one kind.
    pub fn positions(&self, kind: Kind) -> std::ops::Range<usize> {
        let start = self.starts[kind.position()];
        let end = self
            .starts
            .get(kind.position() + 1)
            .copied()
            .unwrap_or(self.total);
        start..end
    }

    /// The number of an entity.
    pub fn global(&self, entity: EntityRef) -> usize {
        self.starts[entity.kind().position()] + entity.index()
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
            assert!(numbering.positions(entity.kind()).contains(&global));
        }
        assert_eq!(numbering.positions(Kind::Speaker), 2..2);
        assert_eq!(numbering.positions(Kind::Source), 6..6);
    }

    #[test]
    fn a_reference_keeps_its_kind_and_index_in_four_bytes_and_orders_by_kind_first() {
        use super::{EntityRef, MAX_PER_KIND};
        assert_eq!(std::mem::size_of::<EntityRef>(), 4);
        for kind in Kind::ALL {
            for index in [0, 1, 12_345, MAX_PER_KIND - 1] {
                let entity = EntityRef::new(kind, index);
                assert_eq!((entity.kind(), entity.index()), (kind, index));
                assert_eq!(EntityRef::from_bits(entity.bits()), entity);
            }
        }
        let last_event = EntityRef::new(Kind::Event, MAX_PER_KIND - 1);
        assert!(last_event < EntityRef::new(Kind::Speaker, 0));
        assert!(EntityRef::new(Kind::Topic, 2) < EntityRef::new(Kind::Topic, 3));
    }

    #[test]
    #[should_panic(expected = "fewer than 2^29")]
    fn a_reference_past_the_limit_of_its_kind_is_refused() {
        super::EntityRef::new(Kind::Source, super::MAX_PER_KIND);
    }

    #[test]
    fn a_kinds_position_is_its_place_in_all() {
        for (place, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.position(), place, "{kind:?}");
        }
    }
}
