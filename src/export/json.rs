//! A lotse file holding a selection and everything it refers to (speakers, topics, parents,
//! organizations, sources, and what those refer to in turn), so that it is valid on its own.

use crate::model::{Dataset, Document, EntityRef};

/// The selection and its references, in the dataset's order, as a lotse document.
pub fn to_document(dataset: &Dataset, selection: &[EntityRef]) -> Document {
    let included = closure(dataset, selection);
    let in_order: Vec<EntityRef> = dataset
        .entities()
        .filter(|entity| included.contains(entity))
        .collect();
    dataset.document_of(&in_order)
}

/// Every entity the selection reaches by following the references entities make.
fn closure(dataset: &Dataset, selection: &[EntityRef]) -> rustc_hash::FxHashSet<EntityRef> {
    let mut included: rustc_hash::FxHashSet<EntityRef> = selection.iter().copied().collect();
    let mut pending: Vec<EntityRef> = selection.to_vec();
    while let Some(entity) = pending.pop() {
        let targets: Vec<EntityRef> = dataset
            .references(entity)
            .flat_map(|reference| reference.targets.iter().copied())
            .collect();
        for target in targets {
            if included.insert(target) {
                pending.push(target);
            }
        }
    }
    included
}
