//! What a result row shows of a hit: its name, or its name with the alias that matched
//! (`Künstliche Intelligenz (KI)`), and which characters to highlight: the words where the
//! query's words occur whole, the matcher's letters where they are scattered.

use std::borrow::Cow;

use fuzzy_matcher::FuzzyMatcher;

use super::super::fold::{fold_german_with_origins, fold_with_origins};
use super::super::query::{Atom, MatchMode, Query, TextTerm};
use super::SearchIndex;
use super::relevance::{self, Occurrence};
use crate::model::schema::{organization, topic};
use crate::model::{Dataset, EntityRef, Kind};

/// A hit's name as a row shows it, and the positions (in characters) to highlight.
pub struct ShownName<'d> {
    pub text: Cow<'d, str>,
    pub matched: Vec<usize>,
}

impl SearchIndex {
    /// The name of `entity` to show for `query`: the name, or, when one of its aliases matches
    /// the query better than the name does, the name with that alias after it in brackets.
    /// Computed only for the rows on screen.
    pub fn shown_name<'d>(
        &self,
        dataset: &'d Dataset,
        entity: EntityRef,
        query: &Query,
    ) -> ShownName<'d> {
        let name = dataset.name(entity);
        let terms = positive_terms(query);
        if terms.is_empty() {
            return ShownName {
                text: Cow::Borrowed(name),
                matched: Vec::new(),
            };
        }
        let name_score = self.text_score(name, &terms);
        let best_alias = aliases(dataset, entity)
            .map(|alias| (self.text_score(alias, &terms), alias))
            .filter(|&(score, _)| score > name_score)
            .max_by_key(|&(score, _)| score);
        match best_alias {
            Some((_, alias)) => {
                let before = name.chars().count() + 2;
                let matched = self.match_positions(alias, query);
                ShownName {
                    text: Cow::Owned(format!("{name} ({alias})")),
                    matched: matched.into_iter().map(|at| at + before).collect(),
                }
            }
            None => ShownName {
                text: Cow::Borrowed(name),
                matched: self.match_positions(name, query),
            },
        }
    }

    /// How well the terms match one text (0: some does not), by class and matcher score.
    fn text_score(&self, text: &str, terms: &[&TextTerm]) -> i64 {
        let variants = [fold_with_origins(text).0, fold_german_with_origins(text).0];
        let mut total = 0;
        for term in terms {
            let best = variants.iter().filter_map(|folded| {
                let within = self.matcher.fuzzy_match(folded, &term.text)?;
                let found = relevance::best_occurrence(folded, &term.text, term.case_sensitive);
                Some(relevance::score(found.in_name(), within))
            });
            match best.max() {
                Some(score) => total += score,
                None => return 0,
            }
        }
        total
    }

    /// The positions (in characters) of `name` that the query's terms matched, for
    /// highlighting: a term that occurs whole (at a word start or inside a word) lights up
    /// there, one whose letters are scattered where the matcher found them.
    pub fn match_positions(&self, name: &str, query: &Query) -> Vec<usize> {
        let variants = [fold_with_origins(name), fold_german_with_origins(name)];
        let mut positions: Vec<usize> = positive_terms(query)
            .into_iter()
            .filter_map(|term| {
                variants
                    .iter()
                    .find_map(|(folded, origins)| self.term_positions(folded, origins, term))
            })
            .flatten()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }

    /// Where one term matched in a folded text, as positions of the original's characters.
    fn term_positions(
        &self,
        folded: &str,
        origins: &[usize],
        term: &TextTerm,
    ) -> Option<Vec<usize>> {
        let (found, at) = relevance::best_occurrence_at(folded, &term.text, term.case_sensitive);
        let indices: Vec<usize> = match (found, at) {
            (found, Some(at)) if found > Occurrence::Scattered => {
                let first = folded[..at].chars().count();
                (first..first + term.text.chars().count()).collect()
            }
            _ => match self.matcher.fuzzy_indices(folded, &term.text) {
                Some((_, indices)) => indices,
                // A typo's match: the word one edit away.
                None if term.may_be_a_typo() => {
                    let chars: Vec<char> = term.text.chars().collect();
                    relevance::near_word(folded, &chars, term.case_sensitive)?.collect()
                }
                None => return None,
            },
        };
        Some(
            indices
                .into_iter()
                .filter_map(|i| origins.get(i).copied())
                .collect(),
        )
    }
}

/// The query's text terms that must match (not negated).
fn positive_terms(query: &Query) -> Vec<&TextTerm> {
    query
        .clauses
        .iter()
        .flat_map(|clause| &clause.atoms)
        .filter_map(|atom| match atom {
            Atom::Text(term) if !term.negated => Some(term),
            _ => None,
        })
        .filter(|term| term.mode == MatchMode::Fuzzy || !term.text.is_empty())
        .collect()
}

/// The names an entity is also known by: a topic's aliases, an organization's short name.
fn aliases<'d>(dataset: &'d Dataset, entity: EntityRef) -> Box<dyn Iterator<Item = &'d str> + 'd> {
    match entity.kind() {
        Kind::Topic => Box::new(dataset.texts(entity, topic::ALIASES)),
        Kind::Organization => Box::new(dataset.text(entity, organization::SHORT).into_iter()),
        _ => Box::new(std::iter::empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search;

    fn shown(query: &str, id: &str) -> (String, String) {
        let dataset = crate::embedded::load().expect("built-in").dataset;
        let index = SearchIndex::new(&dataset);
        let entity = dataset
            .resolve(id)
            .expect("an entity of the built-in dataset");
        let query = search::parse(query).expect("a query");
        let shown = index.shown_name(&dataset, entity, &query);
        let lit: String = shown
            .text
            .chars()
            .enumerate()
            .map(|(at, c)| if shown.matched.contains(&at) { c } else { '·' })
            .collect();
        (shown.text.into_owned(), lit)
    }

    #[test]
    fn the_alias_that_matched_is_shown_and_lit() {
        let (text, lit) = shown("ki", "ki");
        assert_eq!(text, "Künstliche Intelligenz (KI)");
        assert_eq!(lit, "························KI·");
        let (text, lit) = shown("ict", "ikt");
        assert_eq!(text, "Informations- und Kommunikationstechnologien (ICT)");
        assert!(lit.ends_with("ICT·"), "{lit}");
    }

    #[test]
    fn a_name_that_matches_as_well_as_an_alias_is_shown_alone() {
        let (text, _) = shown("intelligenz", "ki");
        assert_eq!(text, "Künstliche Intelligenz");
        let (text, lit) = shown("twins", "digitale-zwillinge");
        assert_eq!(text, "Digitale Zwillinge und Triplets (digital twins)");
        assert!(lit.ends_with("twins·"), "{lit}");
    }

    #[test]
    fn a_typo_lights_up_the_word_it_found() {
        let (text, lit) = shown("datenschtuz", "datenschutz");
        assert_eq!(text, "Datenschutz");
        assert_eq!(lit, "Datenschutz");
        let (_, lit) = shown("spreckelson", "cord-spreckelsen");
        assert_eq!(lit, "·····Spreckelsen");
    }

    #[test]
    fn words_light_up_whole_not_as_scattered_letters() {
        let (text, lit) = shown("spreck", "cord-spreckelsen");
        assert_eq!(text, "Cord Spreckelsen");
        assert_eq!(lit, "·····Spreck·····");
        // The matcher would light the E of Eike and the R of Dazert.
        let (_, lit) = shown("er", "eike-dazert");
        assert_eq!(lit, "········er·");
        let (_, lit) = shown("diagnostik jenseits", "ikt-meets-2025-spreckelsen");
        assert_eq!(
            lit,
            "························jenseits·····Diagnostik··············"
        );
    }
}
