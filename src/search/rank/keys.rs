//! The search keys of an entity, built once per dataset: its folded name (and German
//! transliteration), the folded context a user would type, and the mask of their letters.

use super::super::fold::{fold, fold_german};
use super::super::text_match::letter_mask;
use super::Entry;
use crate::model::{Dataset, EntityRef, Kind, Role};

impl Entry {
    pub(super) fn new(dataset: &Dataset, entity: EntityRef) -> Self {
        let name = dataset.name(entity);
        let folded = fold(name);
        let german = fold_german(name);
        let context = fold(&search_context(dataset, entity).join("\n"));
        let letters = letter_mask(&folded) | letter_mask(&german) | letter_mask(&context);
        Self {
            entity,
            german: (german != folded).then(|| german.into_boxed_str()),
            name: folded.into_boxed_str(),
            context: context.into_boxed_str(),
            letters,
            name_chars: u32::try_from(name.chars().count()).unwrap_or(u32::MAX),
        }
    }
}

pub(super) fn entry_names(entry: &Entry) -> impl Iterator<Item = &str> {
    std::iter::once(&*entry.name).chain(entry.german.as_deref())
}

/// The context an entity is found by, beside its name.
fn search_context(dataset: &Dataset, entity: EntityRef) -> Vec<String> {
    let i = entity.index();
    match entity.kind {
        Kind::Event => {
            let event = &dataset.events[i];
            let year = dataset.event_year(i).map(|year| year.to_string());
            [&event.venue, &event.city, &event.series, &year]
                .into_iter()
                .flatten()
                .cloned()
                .collect()
        }
        Kind::Speaker => dataset
            .related(entity, Role::Affiliations)
            .iter()
            .flat_map(|&org| {
                let org = &dataset.organizations[org.index()];
                std::iter::once(org.name.clone()).chain(org.short.clone())
            })
            .collect(),
        Kind::Topic => dataset.topics[i].aliases.clone(),
        Kind::Organization => dataset.organizations[i].short.iter().cloned().collect(),
        Kind::Project => Vec::new(),
        Kind::Source => {
            let source = &dataset.sources[i];
            [&source.publisher, &source.file]
                .into_iter()
                .flatten()
                .cloned()
                .collect()
        }
    }
}
