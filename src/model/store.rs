//! Where a dataset's entities live: every text in one arena, every field a span into it, every
//! list a run of spans. An entity costs a presence mask, the place of its first value and one
//! span per field it has; a million entities cost a few allocations, not millions.

use super::entity::{EntityRef, Kind};
use super::schema::{self, MAX_FIELDS};

/// A run of the arena (a text) or of the item table (a list): where it starts and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    #[cfg(test)]
    pub(super) fn new(start: usize, len: usize) -> Self {
        Self {
            start: start as u32,
            len: len as u32,
        }
    }

    pub(super) fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// The most entities a dataset may hold (2^27, 134 million): the relation table numbers an
/// entity in the bits a link leaves beside its role, the id table in those its kind leaves.
pub(super) const MAX_ENTITIES: usize = 1 << 27;

/// The store would pass 4 GiB of text or 2^32 values: more than lotse is built to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TooLarge;

/// One kind's entities: their ids and names, which other fields each has, and where their
/// values start. Ids and names stand apart: every reference is resolved by reading ids, and
/// every list shows names, so they are one look-up away, not three.
#[derive(Debug, Clone, Default)]
struct Records {
    /// Per entity: bit `slot` is set when the field at `slot` has a value.
    present: Vec<u32>,
    id: Vec<Span>,
    name: Vec<Span>,
    /// Per entity: its first value in `Store::values` (one per bit in `present` past the id
    /// and the name).
    first_value: Vec<u32>,
}

/// The bits of the id and the name in a presence mask.
const ID_AND_NAME: u32 = (1 << schema::ID) | (1 << schema::NAME);

/// The entities of a dataset, compact.
#[derive(Debug, Clone)]
pub(super) struct Store {
    text: String,
    /// The values of the fields entities have, entity by entity in slot order: a text's span
    /// in `text`, a list's span in `items`, or a reference field's span in `targets`.
    values: Vec<Span>,
    /// The texts of every list, list by list.
    items: Vec<Span>,
    kinds: [Records; 6],
    /// The ids references name, while the file is read: once they are resolved to entities
    /// (`targets`), their text is let go.
    reference_ids: String,
    /// Where each reference's id starts in `reference_ids`, and one more entry where the last
    /// ends (until resolved): the ids are pushed one after another, each as its item, so a
    /// start is all an item needs (4 bytes, not a span's 8, for millions of references).
    reference_bounds: Vec<u32>,
    /// Per item of a reference field: the entity it names (once resolved).
    targets: Vec<EntityRef>,
}

/// Where a text being read goes: among the dataset's texts, or among the ids of references,
/// which are kept only until they are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arena {
    Texts,
    References,
}

impl Default for Store {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

/// One entity's values while it is read, in any order; committed in slot order.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Pending {
    present: u32,
    values: [Span; MAX_FIELDS],
}

impl Pending {
    pub(super) fn set(&mut self, slot: u8, value: Span) {
        self.present |= 1 << slot;
        self.values[usize::from(slot)] = value;
    }
}

impl Store {
    /// A store that expects about `text_bytes` of text (reserved, not touched).
    pub(super) fn with_capacity(text_bytes: usize) -> Self {
        Self {
            text: String::with_capacity(text_bytes),
            values: Vec::new(),
            items: Vec::new(),
            kinds: Default::default(),
            reference_ids: String::new(),
            reference_bounds: vec![0],
            targets: Vec::new(),
        }
    }

    /// Adds a text to an arena.
    pub(super) fn push_text(&mut self, arena: Arena, text: &str) -> Result<Span, TooLarge> {
        let texts = match arena {
            Arena::Texts => &mut self.text,
            Arena::References => &mut self.reference_ids,
        };
        let start = u32::try_from(texts.len()).map_err(|_| TooLarge)?;
        let len = u32::try_from(text.len()).map_err(|_| TooLarge)?;
        start.checked_add(len).ok_or(TooLarge)?;
        texts.push_str(text);
        Ok(Span { start, len })
    }

    /// How many items an arena's lists hold.
    fn item_count(&self, arena: Arena) -> usize {
        match arena {
            Arena::Texts => self.items.len(),
            Arena::References => self.reference_bounds.len() - 1,
        }
    }

    /// Adds an item to the list being read; `start_list` said where it begins. A reference's
    /// item is the id pushed last (`push_text`), which is where the ids end so far.
    pub(super) fn push_item(&mut self, arena: Arena, text: Span) {
        match arena {
            Arena::Texts => self.items.push(text),
            Arena::References => {
                let end = text.start + text.len;
                debug_assert_eq!(self.reference_bounds.last(), Some(&text.start));
                debug_assert_eq!(end as usize, self.reference_ids.len());
                self.reference_bounds.push(end);
            }
        }
    }

    /// Where the next list begins.
    pub(super) fn start_list(&mut self, arena: Arena) -> usize {
        self.item_count(arena)
    }

    /// The list of the items pushed since `start`, or `None` when it is empty (an empty list
    /// is the same as an absent one).
    pub(super) fn end_list(
        &mut self,
        arena: Arena,
        start: usize,
    ) -> Result<Option<Span>, TooLarge> {
        let len = self.item_count(arena) - start;
        if len == 0 {
            return Ok(None);
        }
        Ok(Some(Span {
            start: u32::try_from(start).map_err(|_| TooLarge)?,
            len: u32::try_from(len).map_err(|_| TooLarge)?,
        }))
    }

    /// Adds an entity of `kind` with the values read for it.
    pub(super) fn push_entity(&mut self, kind: Kind, pending: &Pending) -> Result<(), TooLarge> {
        let entities: usize = self.kinds.iter().map(|r| r.present.len()).sum();
        if entities >= MAX_ENTITIES {
            return Err(TooLarge);
        }
        let first = u32::try_from(self.values.len()).map_err(|_| TooLarge)?;
        let mut present = pending.present & !ID_AND_NAME;
        while present != 0 {
            let slot = present.trailing_zeros() as usize;
            self.values.push(pending.values[slot]);
            present &= present - 1;
        }
        u32::try_from(self.values.len()).map_err(|_| TooLarge)?;
        let records = &mut self.kinds[kind.position()];
        records.present.push(pending.present);
        records.id.push(pending.values[usize::from(schema::ID)]);
        records.name.push(pending.values[usize::from(schema::NAME)]);
        records.first_value.push(first);
        Ok(())
    }

    /// Gives back the memory reserved and not used.
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.values.shrink_to_fit();
        self.items.shrink_to_fit();
        self.reference_ids.shrink_to_fit();
        self.reference_bounds.shrink_to_fit();
        for records in &mut self.kinds {
            records.present.shrink_to_fit();
            records.id.shrink_to_fit();
            records.name.shrink_to_fit();
            records.first_value.shrink_to_fit();
        }
    }

    pub(super) fn count(&self, kind: Kind) -> usize {
        self.kinds[kind.position()].present.len()
    }

    /// The value of one field of an entity, if it has one.
    fn value(&self, entity: EntityRef, slot: u8) -> Option<Span> {
        let records = &self.kinds[entity.kind().position()];
        let i = entity.index();
        let present = records.present[i];
        let bit = 1u32 << slot;
        if present & bit == 0 {
            return None;
        }
        match slot {
            schema::ID => return Some(records.id[i]),
            schema::NAME => return Some(records.name[i]),
            _ => {}
        }
        let before = (present & !ID_AND_NAME & (bit - 1)).count_ones() as usize;
        Some(self.values[records.first_value[i] as usize + before])
    }

    /// An entity's id; empty when it has none (which validation reports).
    pub(super) fn id(&self, entity: EntityRef) -> &str {
        self.str(self.kinds[entity.kind().position()].id[entity.index()])
    }

    /// Where an entity's id stands in `arena`.
    pub(super) fn id_span(&self, entity: EntityRef) -> Span {
        self.kinds[entity.kind().position()].id[entity.index()]
    }

    /// The text every span of a value points into (ids, names, texts).
    pub(super) fn arena(&self) -> &str {
        &self.text
    }

    /// An entity's display name; empty when it has none (which validation reports).
    pub(super) fn name(&self, entity: EntityRef) -> &str {
        self.str(self.kinds[entity.kind().position()].name[entity.index()])
    }

    fn str(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The text of a one-text field (`title`, `parent`), if the entity has it.
    pub(super) fn text(&self, entity: EntityRef, slot: u8) -> Option<&str> {
        let shape = schema::fields(entity.kind())[usize::from(slot)].shape;
        debug_assert!(!shape.is_list() && shape.link().is_none(), "{shape:?}");
        self.value(entity, slot).map(|span| self.str(span))
    }

    /// The texts of a list field (`aliases`, `speakers`); empty when the entity has none.
    pub(super) fn list(&self, entity: EntityRef, slot: u8) -> Texts<'_> {
        let shape = schema::fields(entity.kind())[usize::from(slot)].shape;
        debug_assert!(shape == schema::Shape::List, "{shape:?}");
        let items = self
            .value(entity, slot)
            .map_or(&[][..], |span| &self.items[span.range()]);
        Texts {
            text: &self.text,
            items,
        }
    }

    /// How many items reference fields hold in all.
    pub(super) fn reference_count(&self) -> usize {
        self.item_count(Arena::References)
    }

    /// Where a reference field's items stand among all references (empty when it has none).
    fn reference_span(&self, entity: EntityRef, slot: u8) -> Span {
        let shape = schema::fields(entity.kind())[usize::from(slot)].shape;
        debug_assert!(shape.link().is_some(), "{shape:?}");
        self.value(entity, slot).unwrap_or_default()
    }

    /// The ids a reference field names, and the position of the first among all references;
    /// empty once the references are resolved.
    pub(super) fn reference_ids(
        &self,
        entity: EntityRef,
        slot: u8,
    ) -> (usize, impl Iterator<Item = &str> + Clone) {
        let span = self.reference_span(entity, slot);
        // The bounds of `len` items: from the first's start to the last's end.
        let bounds = span.start as usize..=(span.start + span.len) as usize;
        let bounds = self.reference_bounds.get(bounds).unwrap_or_default();
        let ids = bounds
            .windows(2)
            .map(|bound| &self.reference_ids[bound[0] as usize..bound[1] as usize]);
        (span.start as usize, ids)
    }

    /// Keeps the entities the references name (one per reference, in the order of
    /// `reference_ids`) and lets their ids go.
    pub(super) fn resolve_references(&mut self, targets: Vec<EntityRef>) {
        debug_assert_eq!(targets.len(), self.reference_count());
        self.targets = targets;
        self.reference_ids = String::new();
        self.reference_bounds = vec![0];
    }

    /// The entities a reference field names, in the file's order (once resolved).
    pub(super) fn targets(&self, entity: EntityRef, slot: u8) -> &[EntityRef] {
        let span = self.reference_span(entity, slot);
        self.targets.get(span.range()).unwrap_or_default()
    }

    /// An empty list of texts.
    pub(super) fn no_texts(&self) -> Texts<'_> {
        Texts {
            text: &self.text,
            items: &[],
        }
    }
}

/// The texts of a list field, in the file's order (or the ids of a reference field, before
/// they are resolved).
#[derive(Debug, Clone)]
pub struct Texts<'a> {
    /// The arena the spans point into.
    text: &'a str,
    items: &'a [Span],
}

impl<'a> Texts<'a> {
    /// The texts with `separator` between them.
    pub fn join(&self, separator: &str) -> String {
        self.clone().collect::<Vec<_>>().join(separator)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<'a> Iterator for Texts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let (first, rest) = self.items.split_first()?;
        self.items = rest;
        Some(&self.text[first.range()])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.items.len(), Some(self.items.len()))
    }
}

impl ExactSizeIterator for Texts<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(store: &mut Store, kind: Kind, fields: &[(u8, &str)], list: (u8, &[&str])) {
        let mut pending = Pending::default();
        for &(slot, text) in fields {
            pending.set(slot, store.push_text(Arena::Texts, text).unwrap());
        }
        let start = store.start_list(Arena::Texts);
        for item in list.1 {
            let span = store.push_text(Arena::Texts, item).unwrap();
            store.push_item(Arena::Texts, span);
        }
        if let Some(span) = store.end_list(Arena::Texts, start).unwrap() {
            pending.set(list.0, span);
        }
        store.push_entity(kind, &pending).unwrap();
    }

    #[test]
    fn values_come_back_by_field_whatever_the_order_they_were_read_in() {
        let mut store = Store::default();
        // Topic: 0 id, 1 name, 2 aliases, 4 description.
        entity(
            &mut store,
            Kind::Topic,
            &[(4, "about"), (0, "ki"), (1, "KI")],
            (2, &["AI", "Künstliche Intelligenz"]),
        );
        entity(
            &mut store,
            Kind::Topic,
            &[(1, "Pflege"), (0, "pflege")],
            (2, &[]),
        );
        let first = EntityRef::new(Kind::Topic, 0);
        let second = EntityRef::new(Kind::Topic, 1);
        assert_eq!(store.text(first, 0), Some("ki"));
        assert_eq!(store.text(first, 1), Some("KI"));
        assert_eq!(store.text(first, 4), Some("about"));
        let aliases: Vec<&str> = store.list(first, 2).collect();
        assert_eq!(aliases, ["AI", "Künstliche Intelligenz"]);
        assert_eq!(store.text(second, 0), Some("pflege"));
        assert_eq!(store.text(second, 4), None);
        assert!(store.list(second, 2).is_empty());
        assert_eq!(store.count(Kind::Topic), 2);
        assert_eq!(store.count(Kind::Event), 0);
    }

    #[test]
    fn kinds_read_in_turns_keep_their_values_apart() {
        let mut store = Store::default();
        entity(&mut store, Kind::Source, &[(0, "s1"), (1, "S1")], (6, &[]));
        entity(
            &mut store,
            Kind::Topic,
            &[(0, "t1"), (1, "T1")],
            (2, &["x"]),
        );
        entity(&mut store, Kind::Source, &[(0, "s2"), (1, "S2")], (6, &[]));
        entity(
            &mut store,
            Kind::Topic,
            &[(0, "t2"), (1, "T2")],
            (2, &["y"]),
        );
        for (kind, ids) in [(Kind::Source, ["s1", "s2"]), (Kind::Topic, ["t1", "t2"])] {
            for (index, id) in ids.into_iter().enumerate() {
                let entity = EntityRef::new(kind, index);
                assert_eq!(store.text(entity, 0), Some(id));
                assert_eq!(store.text(entity, 1), Some(id.to_uppercase().as_str()));
            }
        }
        let aliases = |i| store.list(EntityRef::new(Kind::Topic, i), 2).join(",");
        assert_eq!((aliases(0), aliases(1)), ("x".to_owned(), "y".to_owned()));
    }

    #[test]
    fn references_are_read_as_ids_and_kept_as_the_entities_they_name() {
        let mut store = Store::default();
        // Topic: 0 id, 1 name, 3 broader (references to topics).
        let mut pending = Pending::default();
        pending.set(0, store.push_text(Arena::Texts, "child").unwrap());
        pending.set(1, store.push_text(Arena::Texts, "Child").unwrap());
        let start = store.start_list(Arena::References);
        for id in ["parent", "other"] {
            let span = store.push_text(Arena::References, id).unwrap();
            store.push_item(Arena::References, span);
        }
        let broader = store.end_list(Arena::References, start).unwrap().unwrap();
        pending.set(3, broader);
        store.push_entity(Kind::Topic, &pending).unwrap();
        let child = EntityRef::new(Kind::Topic, 0);
        let (first, ids) = store.reference_ids(child, 3);
        assert_eq!(
            (first, ids.collect::<Vec<_>>()),
            (0, vec!["parent", "other"])
        );
        let targets = vec![
            EntityRef::new(Kind::Topic, 7),
            EntityRef::new(Kind::Topic, 9),
        ];
        store.resolve_references(targets.clone());
        assert_eq!(store.targets(child, 3), targets);
        assert_eq!(
            store.reference_ids(child, 3).1.count(),
            0,
            "the ids are let go"
        );
        assert_eq!(store.text(child, 0), Some("child"));
    }

    #[test]
    fn an_empty_text_is_a_value_and_an_absent_one_is_not() {
        let mut store = Store::default();
        entity(&mut store, Kind::Source, &[(0, "s"), (2, "")], (6, &[]));
        let source = EntityRef::new(Kind::Source, 0);
        assert_eq!(store.text(source, 2), Some(""));
        assert_eq!(store.text(source, 3), None);
    }
}
