//! The most an entry can score for a query, from its letter masks alone. Once a scan keeps
//! enough hits, a match whose best possible score is below the worst kept cannot be shown: it
//! is counted (and remembered for the next keystroke) without being scored. At a million
//! entities most matches of a short query are such matches.

use super::super::query::{Atom, MatchMode, Query};
use super::super::text_match::{cheap_fuzzy_best, initial_bit, letter_mask, single_letter_best};
use super::Entry;
use super::relevance::{self, Class};

/// A query whose every clause is one positive fuzzy term or one filter (no `|`, no negated
/// or anchored terms): what the scan's scores (`relevance::single_letter`, `cheap_score_of`)
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
    /// Its length in bytes: a name of another length cannot be the term.
    bytes: usize,
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
                        first_initial: initial_bit(&term.text),
                        chars: i64::try_from(chars).ok()?,
                        bytes: term.text.len(),
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
    /// at most a contiguous match; at a word start (and so in a class above `Scattered`) only
    /// if a word of the names opens with its first letter, and as a whole name only if a name
    /// could have its length. In the context it scores at most a word start there.
    pub(super) fn best_possible(&self, entry: &Entry) -> i64 {
        self.terms
            .iter()
            .map(|term| {
                let best = |at_word_start| match term.chars {
                    1 => single_letter_best(at_word_start),
                    chars => cheap_fuzzy_best(chars, at_word_start),
                };
                let opens_a_word_in =
                    |mask: u64| term.first_initial.is_none_or(|bit| mask & bit != 0);
                let in_context = if entry.context_letters & term.letters == term.letters {
                    let opens = opens_a_word_in(entry.context_letters);
                    let class = if opens {
                        Class::ContextWord
                    } else {
                        Class::ContextScattered
                    };
                    relevance::score(class, best(opens))
                } else {
                    0
                };
                if entry.name_letters & term.letters != term.letters {
                    return in_context;
                }
                let opens_a_word = opens_a_word_in(entry.name_letters);
                let class = if !opens_a_word {
                    Class::Scattered
                } else if entry.could_be_whole(term.bytes) {
                    Class::Whole
                } else {
                    Class::Prefix
                };
                // A scattered match in the names leaves a better one in the context open.
                relevance::score(class, best(opens_a_word)).max(in_context)
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

    /// The bounds are what they say: no entry scores more (cheaply, as the scan scores, or
    /// by the matcher) than its best possible score, for queries whose best hits are whole
    /// names, aliases, word starts in names and in the context, and scattered letters.
    #[test]
    fn no_entry_scores_more_than_its_bound() {
        use super::super::Scoring;
        use super::Bounds;
        let json = crate::synthetic::dataset_json(4_000);
        let dataset = Dataset::from_text(&json, "synthetic")
            .expect("the generator writes valid datasets")
            .dataset;
        let index = SearchIndex::new(&dataset);
        let queries = [
            "jena", "ham", "ber", "di", "e", "2", "Di", "ki diag", "pflege", "ai", "ml", "e n",
            "ssen", "x", "privacy", "robotics",
        ];
        let mut compared = 0;
        for text in queries {
            let query = search::parse(text).expect("a query");
            let bounds = Bounds::of(&query).expect("plain terms have bounds");
            let prepared = index
                .prepare(&dataset, &query, None, &|| false)
                .expect("not cancelled");
            for (position, entry) in index.entries.iter().enumerate() {
                let best = bounds.best_possible(entry);
                for scoring in [Scoring::Cheap, Scoring::Full] {
                    if let Some(score) = index.evaluate(&prepared, position, entry, scoring) {
                        compared += 1;
                        assert!(
                            score <= best,
                            "{text:?} at {position}: {score} > {best} ({scoring:?})"
                        );
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared} scores compared");
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
            // Cities: in the context at a word start, scattered in many names.
            ("ham", None),
            ("ber", None),
            ("dres", None),
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
