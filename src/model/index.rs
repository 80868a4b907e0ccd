//! Ids resolved to positions, and every relation precomputed in both directions, so that
//! drill-down is a lookup and never a scan.

use std::collections::{HashMap, HashSet};

use super::entity::{EntityRef, Kind};
use super::role::Role;

/// The entities one entity is related to in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub role: Role,
    pub targets: Vec<EntityRef>,
}

/// Lookups built once at load time.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    by_id: HashMap<String, EntityRef>,
    /// Per kind (in `Kind::ALL` order), per entity: its relations in display order.
    relations: [Vec<Vec<Relation>>; 6],
}

fn slot(kind: Kind) -> usize {
    Kind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or_default()
}

impl Index {
    pub(super) fn resolve(&self, id: &str) -> Option<EntityRef> {
        self.by_id.get(id).copied()
    }

    pub(super) fn relations(&self, entity: EntityRef) -> &[Relation] {
        self.relations[slot(entity.kind)]
            .get(entity.index())
            .map_or(&[], Vec::as_slice)
    }
}

/// Collects links and turns them into an `Index`.
pub(super) struct IndexBuilder {
    by_id: HashMap<String, EntityRef>,
    relations: [Vec<Vec<Relation>>; 6],
}

impl IndexBuilder {
    pub(super) fn new(by_id: HashMap<String, EntityRef>, counts: [usize; 6]) -> Self {
        Self {
            by_id,
            relations: counts.map(|count| vec![Vec::new(); count]),
        }
    }

    pub(super) fn resolve(&self, id: &str) -> Option<EntityRef> {
        self.by_id.get(id).copied()
    }

    /// Records `from --role--> to`. Repeats are removed in `build`.
    pub(super) fn link(&mut self, from: EntityRef, role: Role, to: EntityRef) {
        let relations = &mut self.relations[slot(from.kind)][from.index()];
        match relations.iter_mut().find(|relation| relation.role == role) {
            Some(relation) => relation.targets.push(to),
            None => relations.push(Relation {
                role,
                targets: vec![to],
            }),
        }
    }

    /// The targets recorded so far for one entity and role.
    pub(super) fn targets(&self, from: EntityRef, role: Role) -> Vec<EntityRef> {
        self.relations[slot(from.kind)][from.index()]
            .iter()
            .find(|relation| relation.role == role)
            .map(|relation| relation.targets.clone())
            .unwrap_or_default()
    }

    /// Puts each entity's relations in display order (the order of `Role`), drops repeated
    /// links (keeping the first) and finishes.
    pub(super) fn build(mut self) -> Index {
        for relations in self.relations.iter_mut().flatten() {
            relations.sort_by_key(|relation| relation.role);
            for relation in relations.iter_mut() {
                dedup_in_order(&mut relation.targets);
            }
            relations.shrink_to_fit();
        }
        Index {
            by_id: self.by_id,
            relations: self.relations,
        }
    }
}

/// Removes repeated entries, keeping the first of each, in linear time.
fn dedup_in_order(targets: &mut Vec<EntityRef>) {
    if targets.len() > 1 {
        let mut seen = HashSet::with_capacity(targets.len());
        targets.retain(|&target| seen.insert(target));
    }
}
