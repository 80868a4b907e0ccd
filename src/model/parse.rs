//! A lotse file read by serde_json straight into the store: each text is cleaned and copied into
//! the arena as the parser meets it, with no owned record, no `Value` and no second pass. Unknown
//! fields are noted here, by the visitors that meet them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::clean;
use super::entity::Kind;
use super::programme::Programme;
use super::schema::{self, Shape};
use super::store::{Arena, Pending, Span, Store, TooLarge};
use super::{MAX_BLOCK_CHARS, MAX_LINE_CHARS, Problem};

/// What a lotse file holds, read and cleaned but not yet checked.
pub(super) struct ParsedFile {
    pub lotse: Option<Value>,
    pub title: Option<String>,
    pub programme: Option<Programme>,
    pub store: Store,
}

/// Parses `text` into the store; unknown fields and cleaned texts become `warnings`.
pub(super) fn parse(
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<ParsedFile, serde_json::Error> {
    let mut sink = Sink {
        // Texts are at most the file's size: reserved, the arena never moves while it grows,
        // and the pages it does not use are never touched.
        store: Store::with_capacity(text.len()),
        warnings,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = DocumentSeed { sink: &mut sink }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    let mut store = sink.store;
    store.shrink_to_fit();
    Ok(ParsedFile {
        lotse: top.lotse,
        title: top.title,
        programme: top.programme,
        store,
    })
}

/// Where the visitors put what they read.
struct Sink<'w> {
    store: Store,
    warnings: &'w mut Vec<Problem>,
}

fn too_large<E: de::Error>(_: TooLarge) -> E {
    E::custom(
        "the dataset holds more than 4 GiB of text, 2^32 values or 2^27 entities, \
         more than lotse can keep",
    )
}

/// Where a text stands in the file, for the path of a warning about it.
#[derive(Clone, Copy)]
struct Place {
    kind: Kind,
    index: usize,
    field: &'static str,
    item: Option<usize>,
}

impl Place {
    fn path(&self) -> String {
        let item = self.item.map(|i| format!("[{i}]")).unwrap_or_default();
        format!(
            "{}[{}].{}{item}",
            self.kind.plural(),
            self.index,
            self.field
        )
    }
}

/// How a text is kept: as it is (ids, and the ids references name until they are resolved),
/// on one line, or with its line breaks.
#[derive(Clone, Copy, PartialEq)]
enum Cleaning {
    None,
    Reference,
    Line,
    Block,
}

impl Cleaning {
    fn of(shape: Shape) -> Self {
        match shape {
            Shape::Id => Cleaning::None,
            Shape::Ref(_) | Shape::Refs(_) => Cleaning::Reference,
            Shape::Line | Shape::List => Cleaning::Line,
            Shape::Block => Cleaning::Block,
        }
    }

    fn arena(self) -> Arena {
        match self {
            Cleaning::Reference => Arena::References,
            _ => Arena::Texts,
        }
    }
}

/// Cleans a text of control characters and escape sequences and cuts it to its kind's length,
/// with a warning for each; the path is only worked out when there is something to say.
pub(super) fn clean_text<'t>(
    text: Cow<'t, str>,
    multiline: bool,
    path: impl Fn() -> String,
    warnings: &mut Vec<Problem>,
) -> Cow<'t, str> {
    let cleaned = if multiline {
        clean::clean_block(&text)
    } else {
        clean::clean_line(&text)
    };
    let mut text = match cleaned {
        Cow::Borrowed(_) => text,
        Cow::Owned(cleaned) => {
            if clean::has_hostile_characters(&text) {
                warnings.push(Problem::new(
                    path(),
                    "control characters or escape sequences removed",
                ));
            }
            Cow::Owned(cleaned)
        }
    };
    let limit = if multiline {
        MAX_BLOCK_CHARS
    } else {
        MAX_LINE_CHARS
    };
    // Bytes first: counting characters is only needed for the rare long text.
    if text.len() > limit
        && let Some((cut, _)) = text.char_indices().nth(limit)
    {
        let length = text.chars().count();
        text.to_mut().truncate(cut);
        warnings.push(Problem::new(
            path(),
            format!("{length} characters; cut to the first {limit}"),
        ));
    }
    text
}

/// One text: a string, or for a field (not a list item) also `null`.
struct TextSeed<'s, 'w> {
    sink: &'s mut Sink<'w>,
    place: Place,
    cleaning: Cleaning,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = Option<Span>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        if self.place.item.is_some() {
            deserializer.deserialize_str(self)
        } else {
            deserializer.deserialize_option(self)
        }
    }
}

impl<'de> Visitor<'de> for TextSeed<'_, '_> {
    type Value = Option<Span>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        let place = self.place;
        let arena = self.cleaning.arena();
        let text = match self.cleaning {
            Cleaning::None | Cleaning::Reference => Cow::Borrowed(text),
            cleaning => clean_text(
                Cow::Borrowed(text),
                cleaning == Cleaning::Block,
                || place.path(),
                self.sink.warnings,
            ),
        };
        self.sink
            .store
            .push_text(arena, &text)
            .map(Some)
            .map_err(too_large)
    }
}

/// A list of texts, or `null` (the same as an empty list).
struct ListSeed<'s, 'w> {
    sink: &'s mut Sink<'w>,
    place: Place,
    cleaning: Cleaning,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_> {
    type Value = Option<Span>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = Option<Span>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let arena = self.cleaning.arena();
        let start = self.sink.store.start_list(arena);
        let mut place = self.place;
        for position in 0.. {
            place.item = Some(position);
            let seed = TextSeed {
                sink: &mut *self.sink,
                place,
                cleaning: self.cleaning,
            };
            match seq.next_element_seed(seed)? {
                Some(Some(text)) => self.sink.store.push_item(arena, text),
                Some(None) => {}
                None => break,
            }
        }
        self.sink.store.end_list(arena, start).map_err(too_large)
    }
}

/// A key of an object: one of the fields `names` lists (its position), or another.
enum Key {
    Known(u8),
    Unknown(String),
}

struct KeySeed<'n> {
    names: &'n dyn Fn(&str) -> Option<u8>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match (self.names)(key) {
            Some(position) => Key::Known(position),
            None => Key::Unknown(key.to_owned()),
        })
    }
}

/// One entity of `kind`, the `index`th of its list.
struct EntitySeed<'s, 'w> {
    sink: &'s mut Sink<'w>,
    kind: Kind,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for EntitySeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntitySeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind.with_article())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let specs = schema::fields(self.kind);
        let names = |key: &str| {
            (0..specs.len())
                .find(|&slot| specs[slot].name == key)
                .and_then(|slot| u8::try_from(slot).ok())
        };
        let mut pending = Pending::default();
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed { names: &names })? {
            let slot = match key {
                Key::Known(slot) => slot,
                Key::Unknown(name) => {
                    let path = format!("{}[{}].{name}", self.kind.plural(), self.index);
                    self.sink
                        .warnings
                        .push(Problem::new(path, "unknown field, ignored"));
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let spec = specs[usize::from(slot)];
            if seen & (1 << slot) != 0 {
                return Err(de::Error::duplicate_field(spec.name));
            }
            seen |= 1 << slot;
            let place = Place {
                kind: self.kind,
                index: self.index,
                field: spec.name,
                item: None,
            };
            let sink = &mut *self.sink;
            let cleaning = Cleaning::of(spec.shape);
            let value = if spec.shape.is_list() {
                map.next_value_seed(ListSeed {
                    sink,
                    place,
                    cleaning,
                })?
            } else {
                let text = map.next_value_seed(TextSeed {
                    sink,
                    place,
                    cleaning,
                })?;
                match (spec.shape, text) {
                    // One id is a list of one: every reference is an item among `targets`.
                    (Shape::Ref(_), Some(id)) => {
                        let store = &mut self.sink.store;
                        let start = store.start_list(Arena::References);
                        store.push_item(Arena::References, id);
                        store
                            .end_list(Arena::References, start)
                            .map_err(too_large)?
                    }
                    _ => text,
                }
            };
            if let Some(value) = value {
                pending.set(slot, value);
            }
        }
        self.sink
            .store
            .push_entity(self.kind, &pending)
            .map_err(too_large)
    }
}

/// The list of one kind's entities, or `null`.
struct KindSeed<'s, 'w> {
    sink: &'s mut Sink<'w>,
    kind: Kind,
}

impl<'de> DeserializeSeed<'de> for KindSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for KindSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = self.sink.store.count(self.kind);
        loop {
            let seed = EntitySeed {
                sink: &mut *self.sink,
                kind: self.kind,
                index,
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
            index += 1;
            super::progress::parsed_one();
        }
    }
}

/// The top-level object: the version, the title, the programme and the six lists.
struct DocumentSeed<'s, 'w> {
    sink: &'s mut Sink<'w>,
}

/// What the top-level object holds besides the entities the store took.
#[derive(Default)]
struct TopLevel {
    lotse: Option<Value>,
    title: Option<String>,
    programme: Option<Programme>,
}

/// The position of the `programme` key; the kinds' lists come before it.
const PROGRAMME_KEY: u8 = 2 + Kind::ALL.len() as u8;

/// Top-level keys: `lotse`, `title`, the kinds' lists in `Kind::ALL` order, `programme`.
fn document_key(key: &str) -> Option<u8> {
    let position = match key {
        "lotse" => 0,
        "title" => 1,
        "programme" => usize::from(PROGRAMME_KEY),
        _ => 2 + Kind::ALL.iter().position(|kind| kind.plural() == key)?,
    };
    u8::try_from(position).ok()
}

fn document_key_name(position: u8) -> &'static str {
    match position {
        0 => "lotse",
        1 => "title",
        PROGRAMME_KEY => "programme",
        _ => Kind::ALL[usize::from(position) - 2].plural(),
    }
}

/// The `programme` object, checked for its shape and with its texts cleaned.
fn read_programme(
    value: Option<Value>,
    warnings: &mut Vec<Problem>,
) -> Result<Option<Programme>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    let mut programme = Programme::from_json(value, warnings)?;
    for (path, text) in programme.texts_mut() {
        let cleaned = clean_text(
            Cow::Borrowed(text.as_str()),
            false,
            || path.clone(),
            warnings,
        );
        if let Cow::Owned(cleaned) = cleaned {
            *text = cleaned;
        }
    }
    Ok(Some(programme))
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = TopLevel;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a lotse dataset")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = TopLevel::default();
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed {
            names: &document_key,
        })? {
            let position = match key {
                Key::Known(position) => position,
                Key::Unknown(name) => {
                    self.sink
                        .warnings
                        .push(Problem::new(name, "unknown field, ignored"));
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if seen & (1 << position) != 0 {
                return Err(de::Error::duplicate_field(document_key_name(position)));
            }
            seen |= 1 << position;
            match position {
                0 => top.lotse = map.next_value::<Option<Value>>()?,
                1 => {
                    top.title = map.next_value::<Option<String>>()?.map(|text| {
                        let warnings = &mut *self.sink.warnings;
                        clean_text(Cow::Owned(text), false, || "title".to_owned(), warnings)
                            .into_owned()
                    });
                }
                PROGRAMME_KEY => {
                    let value = map.next_value::<Option<Value>>()?;
                    top.programme =
                        read_programme(value, self.sink.warnings).map_err(de::Error::custom)?;
                }
                _ => {
                    let kind = Kind::ALL[usize::from(position) - 2];
                    map.next_value_seed(KindSeed {
                        sink: &mut *self.sink,
                        kind,
                    })?;
                }
            }
        }
        Ok(top)
    }
}
