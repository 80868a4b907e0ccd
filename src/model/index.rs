//! Ids resolved to positions, and every relation precomputed in both directions, so that
//! drill-down is a lookup and never a scan. Relations live in one flat table (grouped by
//! entity, then by role), not in millions of small vectors: that keeps loading fast and memory
//! small at a million entities.

use std::collections::HashSet;

use hashbrown::HashTable;

use super::entity::{EntityRef, Kind};
use super::role::Role;

/// The entities one entity is related to in one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation<'a> {
    pub role: Role,
    pub targets: &'a [EntityRef],
}

/// Ids to entities without a copy of any id: a hash table of entity references, compared by
/// the ids the dataset holds. A million ids cost 8 bytes each here, not a string each.
#[derive(Debug, Clone, Default)]
pub(super) struct IdTable {
    table: HashTable<EntityRef>,
}

impl IdTable {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            table: HashTable::with_capacity(capacity),
        }
    }

    /// The entity with this id; `id_of` reads an entity's id from the dataset.
    pub(super) fn get<'a>(
        &self,
        id: &str,
        id_of: impl Fn(EntityRef) -> &'a str,
    ) -> Option<EntityRef> {
        self.table.find(hash(id), |&e| id_of(e) == id).copied()
    }

    /// Adds `entity` under its id, or says which entity has that id already.
    pub(super) fn insert<'a>(
        &mut self,
        id: &str,
        entity: EntityRef,
        id_of: impl Fn(EntityRef) -> &'a str,
    ) -> Result<(), EntityRef> {
        match self
            .table
            .entry(hash(id), |&e| id_of(e) == id, |&e| hash(id_of(e)))
        {
            hashbrown::hash_table::Entry::Occupied(first) => Err(*first.get()),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(entity);
                Ok(())
            }
        }
    }
}

fn hash(id: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// Lookups built once at load time.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    ids: IdTable,
    /// Where each kind's entities start in one numbering of all entities (`Kind::ALL` order).
    starts: [usize; 6],
    /// Per entity in that numbering: its first group; one extra entry closes the last.
    first_group: Vec<u32>,
    /// Per group (one entity's relation in one role): the role and its first target; one extra
    /// entry closes the last.
    groups: Vec<(Role, u32)>,
    targets: Vec<EntityRef>,
}

fn slot(kind: Kind) -> usize {
    kind.position()
}

impl Index {
    pub(super) fn resolve<'a>(
        &self,
        id: &str,
        id_of: impl Fn(EntityRef) -> &'a str,
    ) -> Option<EntityRef> {
        self.ids.get(id, id_of)
    }

    /// The relations of an entity, in the order of `Role`.
    pub(super) fn relations(&self, entity: EntityRef) -> impl Iterator<Item = Relation<'_>> {
        let global = self.starts[slot(entity.kind)] + entity.index();
        let groups = match (
            self.first_group.get(global),
            self.first_group.get(global + 1),
        ) {
            (Some(&first), Some(&end)) => first as usize..end as usize,
            _ => 0..0,
        };
        groups.map(move |group| {
            let (role, start) = self.groups[group];
            let end = self.groups[group + 1].1;
            Relation {
                role,
                targets: &self.targets[start as usize..end as usize],
            }
        })
    }
}

/// One link from an entity, numbered globally, to another in a role.
#[derive(Clone, Copy)]
struct Edge {
    from: u32,
    role: Role,
    to: EntityRef,
}

/// Collects links and turns them into an `Index`.
pub(super) struct IndexBuilder {
    ids: IdTable,
    starts: [usize; 6],
    total: usize,
    edges: Vec<Edge>,
}

impl IndexBuilder {
    pub(super) fn new(ids: IdTable, counts: [usize; 6]) -> Self {
        let mut starts = [0; 6];
        let mut total = 0;
        for (start, count) in starts.iter_mut().zip(counts) {
            *start = total;
            total += count;
        }
        Self {
            ids,
            starts,
            total,
            edges: Vec::new(),
        }
    }

    /// The ids collected so far, to resolve references against.
    pub(super) fn ids(&self) -> &IdTable {
        &self.ids
    }

    fn global(&self, entity: EntityRef) -> u32 {
        // Fewer than 2^32 entities in all: each kind's count already fits in u32.
        u32::try_from(self.starts[slot(entity.kind)] + entity.index()).unwrap_or(u32::MAX)
    }

    /// Records `from --role--> to`. Repeats are removed in `build`.
    pub(super) fn link(&mut self, from: EntityRef, role: Role, to: EntityRef) {
        let from = self.global(from);
        self.edges.push(Edge { from, role, to });
    }

    /// Groups the links by entity (counting sort: linear), then by role in the order of
    /// `Role`, keeping each role's targets in the order they were linked, without repeats.
    pub(super) fn build(self) -> Index {
        let mut first_edge = vec![0u32; self.total + 1];
        for edge in &self.edges {
            first_edge[edge.from as usize + 1] += 1;
        }
        for i in 1..first_edge.len() {
            first_edge[i] += first_edge[i - 1];
        }
        let mut next = first_edge.clone();
        let placeholder = Edge {
            from: 0,
            role: Role::Sources,
            to: EntityRef::new(Kind::Source, 0),
        };
        let mut sorted = vec![placeholder; self.edges.len()];
        for edge in self.edges {
            let at = &mut next[edge.from as usize];
            sorted[*at as usize] = edge;
            *at += 1;
        }
        let mut first_group = Vec::with_capacity(self.total + 1);
        let mut groups: Vec<(Role, u32)> = Vec::new();
        let mut targets: Vec<EntityRef> = Vec::with_capacity(sorted.len());
        for entity in 0..self.total {
            first_group.push(to_u32(groups.len()));
            let edges = &mut sorted[first_edge[entity] as usize..first_edge[entity + 1] as usize];
            // Stable: targets keep the order they were linked in.
            edges.sort_by_key(|edge| edge.role);
            for same_role in edges.chunk_by(|a, b| a.role == b.role) {
                groups.push((same_role[0].role, to_u32(targets.len())));
                push_without_repeats(&mut targets, same_role);
            }
        }
        first_group.push(to_u32(groups.len()));
        groups.push((Role::Sources, to_u32(targets.len())));
        targets.shrink_to_fit();
        Index {
            ids: self.ids,
            starts: self.starts,
            first_group,
            groups,
            targets,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 relations")
}

/// Appends the targets of one group, dropping repeats (the first of each stays).
fn push_without_repeats(targets: &mut Vec<EntityRef>, edges: &[Edge]) {
    let start = targets.len();
    if edges.len() <= 16 {
        for edge in edges {
            if !targets[start..].contains(&edge.to) {
                targets.push(edge.to);
            }
        }
    } else {
        let mut seen = HashSet::with_capacity(edges.len());
        targets.extend(edges.iter().map(|e| e.to).filter(|&to| seen.insert(to)));
    }
}
