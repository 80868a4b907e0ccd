//! Suggestions for a mistyped id: ids within a few edits, then fuzzy matches of the text.

use super::rank::SearchIndex;
use crate::model::{Dataset, EntityRef};

impl SearchIndex {
    /// Entities a mistyped id probably meant: ids within a few edits first, then the best
    /// fuzzy matches of the text as a query.
    pub fn suggest(&self, dataset: &Dataset, text: &str, count: usize) -> Vec<EntityRef> {
        // However long the text (a pasted paragraph), only its start is compared: the work is
        // bounded by these limits, not by the input.
        let text: String = text.chars().take(MAX_ID_CHARS).collect();
        let length = text.chars().count();
        let max_edits = (length / 3).max(2);
        let mut close: Vec<(usize, EntityRef)> = dataset
            .entities()
            .filter_map(|entity| {
                let id = dataset.id(entity);
                // Ids whose length alone differs by more edits than allowed cannot be close.
                if id.len().abs_diff(length) > max_edits * 4 {
                    return None;
                }
                let edits = edit_distance(&text, id);
                (edits <= max_edits).then_some((edits, entity))
            })
            .collect();
        close.sort();
        let words: Vec<String> = text
            .split(['-', '_', '.', ' '])
            .filter(|w| !w.is_empty())
            .map(|w| w.replace(['\'', '^', '$', '!', '|', ':', '"', '\\'], ""))
            .filter(|w| !w.is_empty())
            .take(MAX_WORDS)
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

/// How much of a mistyped id is compared with the dataset's ids.
const MAX_ID_CHARS: usize = 200;
/// How many of its words are searched for.
const MAX_WORDS: usize = 8;

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
