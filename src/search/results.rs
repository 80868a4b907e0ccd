//! What a search gives back: the hits, how many matched of each kind, and the orders results
//! can be listed in.

use crate::model::{EntityRef, Kind};

/// One search result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entity: EntityRef,
    pub score: i64,
}

/// How many entities matched: of each kind, and of all kinds together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts {
    all: usize,
    per_kind: [usize; Kind::ALL.len()],
}

impl KindCounts {
    /// Counts one more match of `kind`.
    pub fn add(&mut self, kind: Kind) {
        self.all += 1;
        self.per_kind[kind_slot(kind)] += 1;
    }

    /// Counts `count` more matches of `kind`.
    pub(super) fn add_many(&mut self, kind: Kind, count: usize) {
        self.all += count;
        self.per_kind[kind_slot(kind)] += count;
    }

    /// How many matched, of one kind or (`None`) of all.
    pub fn get(&self, kind: Option<Kind>) -> usize {
        kind.map_or(self.all, |kind| self.per_kind[kind_slot(kind)])
    }

    /// Adds the counts of another part of the same search.
    pub(super) fn merge(&mut self, other: &KindCounts) {
        self.all += other.all;
        for (total, count) in self.per_kind.iter_mut().zip(other.per_kind) {
            *total += count;
        }
    }
}

/// The best hits of a search, and how many entities matched in each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ranking {
    pub hits: Vec<Hit>,
    pub counts: KindCounts,
}

impl Ranking {
    /// How many entities matched, of one kind or of all.
    pub fn count(&self, kind: Option<Kind>) -> usize {
        self.counts.get(kind)
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Best match first (dataset order when nothing is typed).
    #[default]
    Relevance,
    /// By name, A to Z.
    Name,
    /// By date, earliest first; entities without a date last.
    Date,
}

impl SortOrder {
    pub fn next(self) -> Self {
        match self {
            SortOrder::Relevance => SortOrder::Name,
            SortOrder::Name => SortOrder::Date,
            SortOrder::Date => SortOrder::Relevance,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Name => "name",
            SortOrder::Date => "date",
        }
    }
}

/// The place of a kind in `Kind::ALL`.
pub(super) fn kind_slot(kind: Kind) -> usize {
    kind.position()
}
