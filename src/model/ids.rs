//! Ids to entities without a copy of any id: an open-addressing table whose slots hold a tag
//! of the id's hash, the entity, and where its id stands in the store's arena. Resolving a
//! reference reads one slot and the id's text, two places in memory where a table of entities
//! alone needs four (its control bytes, the slot, the entity's id span, the text): at a million
//! entities and 2.5 million references, memory reads are most of a load's time.

use super::entity::EntityRef;
use super::store::Span;
use crate::memory::prefetch;

/// One slot: 16 bytes.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The high half of the id's hash: most slots that are not the id are told apart here.
    tag: u32,
    /// The entity's bits (`EntityRef::bits`); `EMPTY`, which names no entity, for a free slot.
    entity: u32,
    id: Span,
}

const EMPTY: u32 = u32::MAX;

fn pack(entity: EntityRef) -> u32 {
    entity.bits()
}

fn unpack(packed: u32) -> EntityRef {
    EntityRef::from_bits(packed)
}

#[derive(Debug, Clone)]
pub(super) struct IdTable {
    slots: Vec<Slot>,
}

impl Default for IdTable {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

fn hash(id: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl IdTable {
    /// A table for `capacity` ids, at most three quarters full: a look-up of an id that is
    /// there reads 2.5 slots on average, most often in one cache line (four slots), and the
    /// table is sized to the ids, not to the next power of two (which can double it).
    pub(super) fn with_capacity(capacity: usize) -> Self {
        let slots = (capacity + capacity / 3).max(16);
        let free = Slot {
            tag: 0,
            entity: EMPTY,
            id: Span::default(),
        };
        Self {
            slots: vec![free; slots],
        }
    }

    /// Where the search for `id` starts, and its tag: the low half of the hash mapped onto
    /// the slots by a multiplication (no power-of-two size needed), the high half the tag.
    fn start(&self, id: &str) -> (usize, u32) {
        let hash = hash(id);
        let at = (u64::from(hash as u32) * self.slots.len() as u64) >> 32;
        (at as usize, (hash >> 32) as u32)
    }

    /// The slot after `at`, round the end to the first.
    fn next(&self, at: usize) -> usize {
        if at + 1 == self.slots.len() {
            0
        } else {
            at + 1
        }
    }

    /// Asks for the slot where `id`'s search starts, ahead of an insert or look-up of it:
    /// filling the table reads a slot at random per id, and a million waits for memory one
    /// after another are most of the time it takes.
    pub(super) fn prefetch(&self, id: &str) {
        let (at, _) = self.start(id);
        prefetch(&self.slots[at]);
    }

    /// The entity with this id; `text` is the arena the ids' spans point into.
    pub(super) fn get(&self, id: &str, text: &str) -> Option<EntityRef> {
        let (at, tag) = self.start(id);
        self.find(id, at, tag, text)
    }

    /// The entities of many ids at once (`id_of` gives each item's id), in their order, put in
    /// `found` (emptied first: a caller that looks up block after block reuses one buffer
    /// rather than touching fresh memory each time). The memory a look-up will read is asked
    /// for a few look-ups ahead, so that the reads of several overlap instead of each waiting
    /// for the last: most of the time of resolving millions of references is waiting for
    /// memory.
    pub(super) fn get_many<T>(
        &self,
        items: &[T],
        id_of: impl Fn(&T) -> &str,
        text: &str,
        found: &mut Vec<Option<EntityRef>>,
    ) {
        const AHEAD: usize = 16;
        // Where the search for each of the next `AHEAD` items starts, item `i` at `i % AHEAD`.
        let mut starts = [(0, 0); AHEAD];
        for (i, item) in items.iter().enumerate().take(AHEAD) {
            starts[i] = self.start(id_of(item));
        }
        found.clear();
        found.reserve(items.len());
        for (i, item) in items.iter().enumerate() {
            let (at, tag) = starts[i % AHEAD];
            if let Some(ahead) = items.get(i + AHEAD) {
                let start = self.start(id_of(ahead));
                prefetch(&self.slots[start.0]);
                starts[i % AHEAD] = start;
            }
            // Half as far ahead, the slot is at hand: ask for the text it names.
            if i + AHEAD / 2 < items.len() {
                let (ahead, _) = starts[(i + AHEAD / 2) % AHEAD];
                if let Some(byte) = text.as_bytes().get(self.slots[ahead].id.range().start) {
                    prefetch(byte);
                }
            }
            found.push(self.find(id_of(item), at, tag, text));
        }
    }

    fn find(&self, id: &str, mut at: usize, tag: u32, text: &str) -> Option<EntityRef> {
        loop {
            let slot = self.slots[at];
            if slot.entity == EMPTY {
                return None;
            }
            if slot.tag == tag && text.get(slot.id.range()) == Some(id) {
                return Some(unpack(slot.entity));
            }
            at = self.next(at);
        }
    }

    /// Adds `entity` under its id (`span` in `text`), or says which entity has that id
    /// already. Panics past the capacity it was made for, which is a bug of the caller.
    pub(super) fn insert(
        &mut self,
        entity: EntityRef,
        span: Span,
        text: &str,
    ) -> Result<(), EntityRef> {
        let id = &text[span.range()];
        let (mut at, tag) = self.start(id);
        loop {
            let slot = self.slots[at];
            if slot.entity == EMPTY {
                self.slots[at] = Slot {
                    tag,
                    entity: pack(entity),
                    id: span,
                };
                return Ok(());
            }
            if slot.tag == tag && text.get(slot.id.range()) == Some(id) {
                return Err(unpack(slot.entity));
            }
            at = self.next(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::Kind;

    #[test]
    fn ids_are_found_duplicates_refused_and_strangers_not_found() {
        let text = "abcab-1zz";
        let span = |start: usize, len: usize| Span::new(start, len);
        let mut table = IdTable::with_capacity(3);
        let first = EntityRef::new(Kind::Topic, 5);
        let second = EntityRef::new(Kind::Source, 1 << 20);
        assert_eq!(table.insert(first, span(0, 3), text), Ok(()));
        assert_eq!(table.insert(second, span(3, 4), text), Ok(()));
        // "abc" again, from another place in the arena.
        let again = EntityRef::new(Kind::Event, 0);
        let text2 = "abcab-1zzabc";
        assert_eq!(table.insert(again, span(9, 3), text2), Err(first));
        assert_eq!(table.get("abc", text2), Some(first));
        assert_eq!(table.get("ab-1", text2), Some(second));
        assert_eq!(table.get("zz", text2), None);
        assert_eq!(table.get("", text2), None);
    }

    #[test]
    fn a_full_neighbourhood_is_probed_past() {
        // Many ids in a small table: every look-up must still find its own.
        let ids: Vec<String> = (0..1000).map(|i| format!("id-{i}")).collect();
        let text = ids.concat();
        let mut table = IdTable::with_capacity(ids.len());
        let mut at = 0;
        for (i, id) in ids.iter().enumerate() {
            let entity = EntityRef::new(Kind::Speaker, i);
            table
                .insert(entity, Span::new(at, id.len()), &text)
                .unwrap();
            at += id.len();
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.get(id, &text), Some(EntityRef::new(Kind::Speaker, i)));
        }
        assert_eq!(table.get("id-1000", &text), None);
        let mut asked: Vec<String> = ids.iter().rev().cloned().collect();
        asked.push("stranger".to_owned());
        let mut found = Vec::new();
        table.get_many(&asked, |id| id.as_str(), &text, &mut found);
        let expected: Vec<Option<EntityRef>> = (0..ids.len())
            .rev()
            .map(|i| Some(EntityRef::new(Kind::Speaker, i)))
            .chain([None])
            .collect();
        assert_eq!(found, expected);
    }
}
