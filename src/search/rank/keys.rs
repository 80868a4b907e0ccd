//! The search keys of an entity, built once per dataset: its folded name (and German
//! transliteration), the folded context a user would type, and the mask of their letters.

use super::super::fold::{fold, fold_german};
use super::super::text_match::letter_mask;
use super::Entry;
use crate::model::schema::{event, organization, source, topic};
use crate::model::{Dataset, EntityRef, Kind, Role};

impl Entry {
    /// Folds the keys of `entity` onto the ends of `keys` and says where they are.
    pub(super) fn new(dataset: &Dataset, entity: EntityRef, keys: &mut Keys) -> Self {
        let name = dataset.name(entity);
        let folded = fold(name);
        let german = fold_german(name);
        let context = fold(&search_context(dataset, entity));
        let name_letters = letter_mask(&folded) | letter_mask(&german);
        let context_letters = letter_mask(&context);
        let start = keys.names.len();
        keys.names.push_str(&folded);
        let german_len = if german == folded {
            0
        } else {
            keys.names.push_str(&german);
            german.len()
        };
        let context_start = keys.contexts.len();
        keys.contexts.push_str(&context);
        let length = |text_len: usize| u32::try_from(text_len).unwrap_or(u32::MAX);
        Self {
            entity,
            start,
            context_start,
            name_len: length(folded.len()),
            german_len: length(german_len),
            context_len: length(context.len()),
            name_letters,
            context_letters,
            name_chars: length(name.chars().count()),
        }
    }

    /// The folded name, then the German transliteration where it differs.
    pub(super) fn names<'k>(&self, keys: &'k Keys) -> impl Iterator<Item = &'k str> {
        let name_end = self.start + self.name_len as usize;
        let german_end = name_end + self.german_len as usize;
        std::iter::once(&keys.names[self.start..name_end])
            .chain((self.german_len > 0).then(|| &keys.names[name_end..german_end]))
    }

    /// The folded context values, one per line.
    pub(super) fn context<'k>(&self, keys: &'k Keys) -> &'k str {
        let start = self.context_start;
        &keys.contexts[start..start + self.context_len as usize]
    }
}

/// Every entry's folded keys, in entry order: the names (and transliterations) in one buffer,
/// the contexts in another. A scan reads the names in order, densely, and a context only when
/// its letters could match.
#[derive(Default)]
pub(super) struct Keys {
    names: String,
    contexts: String,
}

impl Keys {
    pub(super) fn shrink_to_fit(&mut self) {
        self.names.shrink_to_fit();
        self.contexts.shrink_to_fit();
    }
}

/// The context an entity is found by, beside its name: its values one per line.
fn search_context(dataset: &Dataset, entity: EntityRef) -> String {
    let mut lines = String::new();
    let mut add = |value: &str| {
        if !lines.is_empty() {
            lines.push('\n');
        }
        lines.push_str(value);
    };
    let text = |field| dataset.text(entity, field);
    match entity.kind {
        Kind::Event => {
            let year = dataset
                .event_year(entity.index())
                .map(|year| year.to_string());
            [text(event::VENUE), text(event::CITY), text(event::SERIES)]
                .into_iter()
                .chain([year.as_deref()])
                .flatten()
                .for_each(add);
        }
        Kind::Speaker => {
            for &org in dataset.related(entity, Role::Affiliations) {
                add(dataset.name(org));
                dataset.text(org, organization::SHORT).map(&mut add);
            }
        }
        Kind::Topic => dataset.texts(entity, topic::ALIASES).for_each(add),
        Kind::Organization => text(organization::SHORT).into_iter().for_each(add),
        Kind::Project => {}
        Kind::Source => [text(source::PUBLISHER), text(source::FILE)]
            .into_iter()
            .flatten()
            .for_each(add),
    }
    lines
}
