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
