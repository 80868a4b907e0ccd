//! Ids resolved to positions, and every relation precomputed in both directions, so that
//! drill-down is a lookup and never a scan. Relations live in one flat table (grouped by
//! entity, then by role), not in millions of small vectors: that keeps loading fast and memory
//! small at a million entities.

use super::entity::{EntityRef, Kind, Numbering};
use super::ids::IdTable;
use super::role::Role;
use super::store::MAX_ENTITIES;

/// The entities one entity is related to in one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation<'a> {
    pub role: Role,
    pub targets: &'a [EntityRef],
}

/// Lookups built once at load time.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    ids: IdTable,
    numbering: Numbering,
    /// Per entity in `numbering`: its first group; one extra entry closes the last.
    first_group: Vec<u32>,
    /// Per group (one entity's relation in one role): its role.
    group_roles: Vec<Role>,
    /// Per group: its first target; one extra entry closes the last. (Apart from the roles,
    /// not beside them: a pair would be padded to 8 bytes, and there are millions of groups.)
    group_starts: Vec<u32>,
    targets: Vec<EntityRef>,
}

impl Index {
    /// The entity with this id; `text` is the arena the ids stand in.
    pub(super) fn resolve(&self, id: &str, text: &str) -> Option<EntityRef> {
        self.ids.get(id, text)
    }

    /// The relations of an entity, in the order of `Role`.
    pub(super) fn relations(&self, entity: EntityRef) -> impl Iterator<Item = Relation<'_>> {
        let global = self.numbering.global(entity);
        let groups = match (
            self.first_group.get(global),
            self.first_group.get(global + 1),
        ) {
            (Some(&first), Some(&end)) => first as usize..end as usize,
            _ => 0..0,
        };
        groups.map(move |group| {
            let start = self.group_starts[group] as usize;
            let end = self.group_starts[group + 1] as usize;
            Relation {
                role: self.group_roles[group],
                targets: &self.targets[start..end],
            }
        })
    }
}

/// One link from an entity to another in a role, in 8 bytes: both numbered globally, the
/// role in the low bits of the target. There are millions: every byte counts.
#[derive(Clone, Copy)]
struct Edge {
    from: u32,
    to_and_role: u32,
}

const ROLE_BITS: u32 = 5;

// Every entity the store holds is numbered in the bits a link leaves beside its role.
const _: () = assert!(MAX_ENTITIES <= 1 << (32 - ROLE_BITS));

impl Edge {
    fn role(self) -> Role {
        Role::ALL[(self.to_and_role & ((1 << ROLE_BITS) - 1)) as usize]
    }

    fn to(self) -> u32 {
        self.to_and_role >> ROLE_BITS
    }
}

/// Collects links and turns them into an `Index`.
pub(super) struct IndexBuilder {
    ids: IdTable,
    numbering: Numbering,
    edges: Vec<Edge>,
}

impl IndexBuilder {
    pub(super) fn new(ids: IdTable, numbering: Numbering) -> Self {
        Self {
            ids,
            numbering,
            edges: Vec::new(),
        }
    }

    /// The ids collected so far, to resolve references against.
    pub(super) fn ids(&self) -> &IdTable {
        &self.ids
    }

    fn global(&self, entity: EntityRef) -> u32 {
        // The store holds fewer than MAX_ENTITIES entities: every number fits.
        self.numbering.global(entity) as u32
    }

    /// Records `from --role--> to`. Repeats are removed in `build`.
    pub(super) fn link(&mut self, from: EntityRef, role: Role, to: EntityRef) {
        const _: () = assert!(Role::ALL.len() <= 1 << ROLE_BITS);
        let from = self.global(from);
        let to_and_role = (self.global(to) << ROLE_BITS) | role.position() as u32;
        self.edges.push(Edge { from, to_and_role });
    }

    /// Groups the links by entity (a counting sort: linear, and stable, so targets keep the
    /// order they were linked in), then by role in the order of `Role`, without repeats. The
    /// links are sorted straight into the targets (8 bytes each) with a byte of role beside
    /// them: no second copy of the links is made.
    pub(super) fn build(self) -> Index {
        let IndexBuilder {
            ids,
            numbering,
            edges,
        } = self;
        let total = numbering.total();
        let first_edge = first_edge_of_each(&edges, total);
        let mut next = first_edge.clone();
        let mut targets = vec![EntityRef::new(Kind::Source, 0); edges.len()];
        let mut roles = vec![Role::Sources; edges.len()];
        for edge in edges {
            let at = &mut next[edge.from as usize];
            targets[*at as usize] = numbering.entity(edge.to() as usize);
            roles[*at as usize] = edge.role();
            *at += 1;
        }
        drop(next);
        let mut first_group = Vec::with_capacity(total + 1);
        let mut group_roles: Vec<Role> = Vec::new();
        let mut group_starts: Vec<u32> = Vec::new();
        // Kept targets move to the front; `kept` never passes the entity being read.
        let mut kept = 0;
        let mut scratch = Vec::new();
        for entity in 0..total {
            first_group.push(to_u32(group_roles.len()));
            let range = first_edge[entity] as usize..first_edge[entity + 1] as usize;
            sort_by_role(
                &mut roles[range.clone()],
                &mut targets[range.clone()],
                &mut scratch,
            );
            let mut at = range.start;
            while at < range.end {
                let role = roles[at];
                let group_end = (at..range.end)
                    .find(|&i| roles[i] != role)
                    .unwrap_or(range.end);
                group_roles.push(role);
                group_starts.push(to_u32(kept));
                kept = keep_first_of_each(&mut targets, at..group_end, kept);
                at = group_end;
            }
        }
        drop((first_edge, roles, scratch));
        first_group.push(to_u32(group_roles.len()));
        group_starts.push(to_u32(kept));
        group_roles.shrink_to_fit();
        group_starts.shrink_to_fit();
        targets.truncate(kept);
        targets.shrink_to_fit();
        Index {
            ids,
            numbering,
            first_group,
            group_roles,
            group_starts,
            targets,
        }
    }
}

/// Where each source's links start once sorted by source (one extra entry closes the last).
fn first_edge_of_each(edges: &[Edge], total: usize) -> Vec<u32> {
    let mut first_edge = vec![0u32; total + 1];
    for edge in edges {
        first_edge[edge.from as usize + 1] += 1;
    }
    for i in 1..first_edge.len() {
        first_edge[i] += first_edge[i - 1];
    }
    first_edge
}

/// Orders one entity's links by role, stably (the targets of a role keep their order).
fn sort_by_role(
    roles: &mut [Role],
    targets: &mut [EntityRef],
    scratch: &mut Vec<(Role, EntityRef)>,
) {
    if roles.is_sorted() {
        return;
    }
    scratch.clear();
    scratch.extend(roles.iter().copied().zip(targets.iter().copied()));
    scratch.sort_by_key(|&(role, _)| role);
    for (i, &(role, target)) in scratch.iter().enumerate() {
        roles[i] = role;
        targets[i] = target;
    }
}

/// Moves the targets of one group (`group`, of one entity and role) to `kept` onwards, the
/// first of each only; returns where the kept targets end. A short group is scanned, a long
/// one (a topic's many events) remembers what it has seen.
fn keep_first_of_each(
    targets: &mut [EntityRef],
    group: std::ops::Range<usize>,
    mut kept: usize,
) -> usize {
    let start = kept;
    if group.len() <= 16 {
        for i in group {
            let target = targets[i];
            if !targets[start..kept].contains(&target) {
                targets[kept] = target;
                kept += 1;
            }
        }
    } else {
        let mut seen = rustc_hash::FxHashSet::default();
        for i in group {
            let target = targets[i];
            if seen.insert(target) {
                targets[kept] = target;
                kept += 1;
            }
        }
    }
    kept
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 relations")
}
