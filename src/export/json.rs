//! A lotse file holding a selection and everything it refers to (speakers, topics, parents,
//! organizations, sources, and what those refer to in turn), so that it is valid on its own.

use crate::model::{Dataset, Document, Entity, EntityRef, Kind};

/// The selection and its references, in the dataset's order, as a lotse document.
pub fn to_document(dataset: &Dataset, selection: &[EntityRef]) -> Document {
    let included = closure(dataset, selection);
    let mut document = Document::new(dataset.title.clone());
    for entity in dataset.entities() {
        if !included.contains(&entity) {
            continue;
        }
        let i = entity.index();
        match entity.kind {
            Kind::Event => document.events.push(dataset.events[i].clone()),
            Kind::Speaker => document.speakers.push(dataset.speakers[i].clone()),
            Kind::Topic => document.topics.push(dataset.topics[i].clone()),
            Kind::Organization => document
                .organizations
                .push(dataset.organizations[i].clone()),
            Kind::Project => document.projects.push(dataset.projects[i].clone()),
            Kind::Source => document.sources.push(dataset.sources[i].clone()),
        }
    }
    document
}

/// Every entity the selection reaches by following the references entities make.
fn closure(dataset: &Dataset, selection: &[EntityRef]) -> rustc_hash::FxHashSet<EntityRef> {
    let mut included: rustc_hash::FxHashSet<EntityRef> = selection.iter().copied().collect();
    let mut pending: Vec<EntityRef> = selection.to_vec();
    while let Some(entity) = pending.pop() {
        let targets: Vec<EntityRef> = dataset.with_entity(entity, |e: &dyn Entity| {
            e.references()
                .iter()
                .flat_map(|r| r.ids.iter())
                .filter_map(|id| dataset.resolve(id))
                .collect()
        });
        for target in targets {
            if included.insert(target) {
                pending.push(target);
            }
        }
    }
    included
}
