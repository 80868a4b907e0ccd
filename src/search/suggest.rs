//! Suggestions for a mistyped id: ids within a few edits, then fuzzy matches of the text.

use super::rank::SearchIndex;
use crate::model::{Dataset, EntityRef};

impl SearchIndex {
    /// Entities a mistyped id probably meant: ids within a few edits first, then the best
    /// fuzzy matches of the text as a query.
    pub fn suggest(&self, dataset: &Dataset, text: &str, count: usize) -> Vec<EntityRef> {
        let max_edits = (text.chars().count() / 3).max(2);
        let mut close: Vec<(usize, EntityRef)> = dataset
            .entities()
            .filter_map(|entity| {
                let edits = edit_distance(text, dataset.id(entity));
                (edits <= max_edits).then_some((edits, entity))
            })
            .collect();
        close.sort();
        let words: Vec<String> = text
            .split(['-', '_', '.', ' '])
            .filter(|w| !w.is_empty())
            .map(|w| w.replace(['\'', '^', '$', '!', '|', ':', '"', '\\'], ""))
            .filter(|w| !w.is_empty())
            .collect();
        let fuzzy = self
            .rank(dataset, &words.join(" "), None)
            .unwrap_or_default();
        let mut suggestions: Vec<EntityRef> = Vec::with_capacity(count);
        let candidates = close
            .into_iter()
            .map(|(_, entity)| entity)
            .chain(fuzzy.into_iter().map(|hit| hit.entity));
        for entity in candidates {
            if suggestions.len() == count {
                break;
            }
            if !suggestions.contains(&entity) {
                suggestions.push(entity);
            }
        }
        suggestions
    }
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
