//! The most an entry can score for a query, from its letter masks alone. Once a scan keeps
//! enough hits, a match whose best possible score is below the worst kept cannot be shown: it
//! is counted (and remembered for the next keystroke) without being scored. At a million
//! entities most matches of a short query are such matches.

use super::super::query::{Atom, MatchMode, Query};
use super::super::text_match::{INITIALS_SHIFT, cheap_fuzzy_best, letter_mask, single_letter_best};
use super::{Entry, NAME_WEIGHT};

/// A query whose every clause is one positive fuzzy term or one filter (no `|`, no negated
/// or anchored terms): what the scan's scores (`single_letter_match`, `cheap_fuzzy_score`)
/// can reach in an entry is known from the letters its names and context hold.
pub(super) struct Bounds {
    terms: Vec<Bounded>,
    /// Every clause is one ASCII letter or digit, case ignored: an entry the masks let
    /// through matches, and nothing needs to be looked at to count it.
    masks_decide: bool,
}

/// One term: its letters, its first letter's bit among the initials (`None` when its first
/// character is no ASCII letter: it may open a word anywhere), and its length.
struct Bounded {
    letters: u64,
    first_initial: Option<u64>,
    chars: i64,
}

impl Bounds {
    pub(super) fn of(query: &Query) -> Option<Self> {
        #[cfg(test)]
        if tests::WITHOUT_BOUNDS.get() {
            return None;
        }
        let mut terms = Vec::new();
        let mut masks_decide = true;
        for clause in &query.clauses {
            match clause.atoms.as_slice() {
                [Atom::Text(term)] if !term.negated && term.mode == MatchMode::Fuzzy => {
                    let first = term.text.bytes().next()?.to_ascii_lowercase();
                    let chars = term.text.chars().count();
                    masks_decide &=
                        chars == 1 && first.is_ascii_alphanumeric() && !term.case_sensitive;
                    terms.push(Bounded {
                        letters: letter_mask(&term.text),
                        first_initial: first
                            .is_ascii_lowercase()
                            .then(|| 1 << (INITIALS_SHIFT + u32::from(first - b'a'))),
                        chars: i64::try_from(chars).ok()?,
                    });
                }
                [Atom::Filter(_)] => masks_decide = false,
                _ => return None,
            }
        }
        (!terms.is_empty()).then_some(Self {
            terms,
            masks_decide,
        })
    }

    /// Whether an entry that passed the letter masks matches for sure.
    pub(super) fn masks_decide(&self) -> bool {
        self.masks_decide
    }

    /// The most an entry can score: a term whose letters are all in the names scores there
    /// (weighted) at most a contiguous match, at a word start only if a word of the names
    /// opens with its first letter; otherwise it can only match in the context.
    pub(super) fn best_possible(&self, entry: &Entry) -> i64 {
        self.terms
            .iter()
            .map(|term| {
                let best = |at_word_start| match term.chars {
                    1 => single_letter_best(at_word_start),
                    chars => cheap_fuzzy_best(chars, at_word_start),
                };
                if entry.name_letters & term.letters == term.letters {
                    let opens_a_word = term
                        .first_initial
                        .is_none_or(|initial| entry.name_letters & initial != 0);
                    best(opens_a_word) * NAME_WEIGHT
                } else {
                    best(true)
                }
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use crate::model::{Dataset, Kind};
    use crate::search::{self, SearchIndex, SortOrder};

    thread_local! {
        /// Set: searches on this thread score every match (no bounds).
        pub(super) static WITHOUT_BOUNDS: Cell<bool> = const { Cell::new(false) };
    }

    /// Each of the two scans of these queries holds more hits than it keeps before it drops
    /// the worst (16,384), so the bounds are used; with and without them, a search finds the
    /// same best hits and counts the same matches.
    #[test]
    fn bounds_never_change_what_a_limited_search_finds() {
        let json = crate::synthetic::dataset_json(150_000);
        let dataset = Dataset::from_text(&json, "synthetic")
            .expect("the generator writes valid datasets")
            .dataset;
        let index = SearchIndex::new(&dataset);
        let queries = [
            ("di", None),
            ("to", None),
            ("da 2", None),
            ("Di", None),
            ("mü", None),
            ("spre", None),
            ("e n", None),
            ("2", None),
            ("e", Some(Kind::Speaker)),
            ("topic:r di", None),
            ("kind:event s", None),
        ];
        let search = |query: &search::Query, kind, without_bounds| {
            index.forget();
            WITHOUT_BOUNDS.set(without_bounds);
            let ranking = index.search(&dataset, query, kind, SortOrder::Relevance, 50);
            WITHOUT_BOUNDS.set(false);
            ranking
        };
        for (text, kind) in queries {
            let query = search::parse(text).expect("a query");
            let bounded = search(&query, kind, false);
            let unbounded = search(&query, kind, true);
            if text == "di" {
                assert!(bounded.count(None) > 2 * 16_384, "{text:?} uses the bounds");
            }
            assert_eq!(bounded.hits.len(), 50, "{text:?}");
            assert_eq!(bounded.hits, unbounded.hits, "hits of {text:?}");
            assert_eq!(bounded.counts, unbounded.counts, "counts of {text:?}");
        }
    }
}
