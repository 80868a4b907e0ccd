//! The scan: one pass over the entries (or the candidates) of a search that matches each,
//! scores those that may be kept, counts every match by kind and keeps the best hits.

use std::cmp::Ordering;

use fuzzy_matcher::FuzzyMatcher;

use super::super::query::{MatchMode, TextTerm};
use super::super::results::{Hit, KindCounts};
use super::super::text_match::{Opening, cheap_score_of, find, in_order, in_order_as};
use super::relevance::{self, Class, Occurrence};
use super::typos::has_bit;
use super::{
    Bounds, CANCEL_CHECK_EVERY, Cancelled, Entry, PREFETCH_AHEAD, PlainClause, Prepared,
    PreparedAtom, Scored, Scoring, SearchIndex, TextAtom,
};
use crate::model::Kind;

impl SearchIndex {
    /// Matches the entries at `positions`: the hits of `kind`, counts for every kind, and the
    /// positions of all matches (for the next, narrower search).
    pub(super) fn scan(
        &self,
        prepared: &Prepared<'_>,
        positions: impl Iterator<Item = usize>,
        kind: Option<Kind>,
        scoring: Scoring,
        keep: usize,
        cancelled: Cancelled<'_>,
    ) -> Option<(Vec<Scored>, KindCounts, Vec<u32>)> {
        // The positions of the kind whose hits are kept (all kinds are counted).
        let kind_positions = kind.map(|kind| self.numbering.positions(kind));
        let mut hits = Vec::new();
        // Only the best `keep` hits can be shown: when far more pile up, the rest are dropped
        // as the scan goes, so a one-letter query at a million entities does not hold them all.
        // The order is `compare`'s by relevance (the listing order when nothing is scored).
        let order = |a: &Scored, b: &Scored| {
            if !prepared.by_score {
                return self.listing_order(a.hit.entity, b.hit.entity);
            }
            b.hit
                .score
                .cmp(&a.hit.score)
                .then(a.name_chars.cmp(&b.name_chars))
                .then(a.hit.entity.cmp(&b.hit.entity))
        };
        let mut matched = Vec::new();
        // Once `keep` hits are kept, the worst of them: a hit that ranks below it can never be
        // among the best `keep` (the order is total), so it is counted but not kept.
        let mut worst_kept: Option<Scored> = None;
        for (step, position) in positions.enumerate() {
            if step % CANCEL_CHECK_EVERY == 0 && cancelled() {
                return None;
            }
            // The keys of the entries a little ahead: asked for now, they are at hand when
            // their turn comes (reading them is most of a scan's time at a million).
            if let Some(ahead) = self.entries.get(position + PREFETCH_AHEAD) {
                self.keys.prefetch(ahead);
            }
            let entry = &self.entries[position];
            if (entry.name_letters | entry.context_letters) & prepared.letters != prepared.letters
                || prepared
                    .plain
                    .as_ref()
                    .is_some_and(|plain| !self.holds_every_term(plain, position, entry))
            {
                continue;
            }
            let Some(score) = self.judge(prepared, position, entry, scoring, worst_kept.as_ref())
            else {
                continue;
            };
            matched.push(u32::try_from(position).unwrap_or(u32::MAX));
            if let Some(score) = score
                && kind_positions
                    .as_ref()
                    .is_none_or(|of_kind| of_kind.contains(&position))
            {
                let entity = self.entity_at(position);
                let hit = Scored {
                    hit: Hit { entity, score },
                    name_chars: entry.name_chars,
                    position: u32::try_from(position).unwrap_or(u32::MAX),
                };
                if worst_kept
                    .as_ref()
                    .is_some_and(|worst| order(&hit, worst) == Ordering::Greater)
                {
                    continue;
                }
                hits.push(hit);
                if keep > 0 && hits.len() >= keep.saturating_mul(4).max(16_384) {
                    hits.select_nth_unstable_by(keep - 1, order);
                    hits.truncate(keep);
                    worst_kept = hits.last().copied();
                }
            }
        }
        let counts = self.count_kinds(&matched);
        Some((hits, counts, matched))
    }

    /// Whether the entry at `position` matches (`None` if not) and, if it may be kept, its
    /// score: a match whose best possible score cannot beat the worst hit kept is counted, not
    /// scored (`Some(None)`).
    fn judge(
        &self,
        prepared: &Prepared<'_>,
        position: usize,
        entry: &Entry,
        scoring: Scoring,
        worst_kept: Option<&Scored>,
    ) -> Option<Option<i64>> {
        let cannot_be_kept =
            worst_kept
                .zip(prepared.bounds.as_ref())
                .is_some_and(|(worst, bounds)| {
                    let best = bounds.best_possible(entry);
                    best < worst.hit.score
                        || (best == worst.hit.score && entry.name_chars >= worst.name_chars)
                });
        if !cannot_be_kept {
            return self.evaluate(prepared, position, entry, scoring).map(Some);
        }
        // The scan has checked a plain query's match already.
        let masks_decide = prepared.bounds.as_ref().is_some_and(Bounds::masks_decide);
        if masks_decide || prepared.plain.is_some() {
            return Some(None);
        }
        self.evaluate(prepared, position, entry, Scoring::MatchOnly)
            .map(|_| None)
    }

    /// Whether the entry at `position` matches a plain query (`Prepared::plain`): each term's
    /// letters in order in a name or alias or in the context, each filter as it says. This
    /// is what `evaluate` finds for such a query, without the scores: all the names are read
    /// as one text first, as most entries hold a term's letters in order in none of them.
    #[inline]
    fn holds_every_term(&self, plain: &[PlainClause<'_>], position: usize, entry: &Entry) -> bool {
        let keys = &self.keys;
        plain.iter().all(|clause| match clause {
            PlainClause::Term {
                term,
                letters,
                compare,
            } => {
                let (text, case_sensitive) = (term.text.as_str(), term.case_sensitive);
                let has = |(keys, ascii)| in_order_as(*compare, keys, ascii, text, case_sensitive);
                let could_be = |text_letters: u64| text_letters & letters == *letters;
                let in_names = could_be(entry.name_letters)
                    && has(entry.all_names(keys))
                    && (entry.others_len == 0
                        || entry
                            .names(keys)
                            .any(|name| in_order(name, text, case_sensitive)));
                in_names || (could_be(entry.context_letters) && has(entry.context_range(keys)))
            }
            PlainClause::Filter(bits, negated) => has_bit(bits, position) != *negated,
        })
    }

    /// How many of the matched positions (in ascending order) are of each kind: the kinds
    /// are ranges of positions, so a few binary searches count them, where working out the
    /// kind of each match cost a look-up per match.
    fn count_kinds(&self, matched: &[u32]) -> KindCounts {
        debug_assert!(matched.is_sorted());
        let before = |position: usize| matched.partition_point(|&at| (at as usize) < position);
        let mut counts = KindCounts::default();
        for kind in Kind::ALL {
            let positions = self.numbering.positions(kind);
            counts.add_many(kind, before(positions.end) - before(positions.start));
        }
        counts
    }

    /// The score of the entry at `position`, or `None` when a clause does not match.
    pub(super) fn evaluate(
        &self,
        prepared: &Prepared<'_>,
        position: usize,
        entry: &Entry,
        scoring: Scoring,
    ) -> Option<i64> {
        let mut total = 0;
        for clause in &prepared.clauses {
            let mut best = None;
            for atom in clause {
                let score = match atom {
                    PreparedAtom::Text(atom) => self.score_term(position, entry, atom, scoring),
                    PreparedAtom::Filter(bits, negated) => {
                        (has_bit(bits, position) != *negated).then_some(0)
                    }
                };
                best = best.max(score);
            }
            total += best?;
        }
        Some(total)
    }

    /// The score of one text term in an entry: its best in the names and aliases or, failing
    /// that, in the context, and failing both (when typos are looked for) a word one edit away.
    /// `letters` are the term's: a text that lacks one of them cannot match, whatever the mode.
    fn score_term(
        &self,
        position: usize,
        entry: &Entry,
        atom: &TextAtom<'_>,
        scoring: Scoring,
    ) -> Option<i64> {
        let (term, letters) = (atom.term, atom.letters);
        let could_be = |text_letters: u64| text_letters & letters == letters;
        let in_name = could_be(entry.name_letters)
            .then(|| self.best_in_names(entry, term, scoring))
            .flatten();
        // A match at a word start of the names beats any in the context; a scattered one may
        // not (`relevance::Class`), unless no word of the context opens with the term's first
        // letter; when only whether it matches counts, any will do.
        let context_has_initial = atom
            .first_initial
            .is_none_or(|bit| entry.context_letters & bit != 0);
        let name_decides = in_name.is_some_and(|score| {
            scoring == Scoring::MatchOnly
                || !context_has_initial
                || score >= relevance::score(Class::WordStart, 0)
        });
        let found = if name_decides || !could_be(entry.context_letters) {
            in_name
        } else {
            in_name.max(self.score_in_context(entry, term, scoring))
        };
        let found = found.or_else(|| self.typo_in(position, entry, atom));
        match (term.negated, found) {
            (false, found) => found,
            (true, Some(_)) => None,
            (true, None) => Some(0),
        }
    }

    /// The score of a term in the context: in all of it (fuzzy, exact), or in one value.
    fn score_in_context(&self, entry: &Entry, term: &TextTerm, scoring: Scoring) -> Option<i64> {
        let context = entry.context(&self.keys);
        match term.mode {
            MatchMode::Fuzzy | MatchMode::Exact => {
                self.score_in(context, term, scoring, Place::Context)
            }
            _ => context
                .lines()
                .find_map(|part| self.score_in(part, term, scoring, Place::Context)),
        }
    }

    /// The best score of a term in the names and aliases (any match, when only whether it
    /// matches counts).
    fn best_in_names(&self, entry: &Entry, term: &TextTerm, scoring: Scoring) -> Option<i64> {
        let mut names = entry.names(&self.keys);
        if scoring == Scoring::MatchOnly {
            return names.find_map(|name| self.score_in(name, term, scoring, Place::Name));
        }
        names
            .filter_map(|name| self.score_in(name, term, scoring, Place::Name))
            .max()
    }

    /// The score of a typo: a word of the names (or, below them, of the context) one edit
    /// from the term, when the search looks for typos and the term is long enough for them.
    fn typo_in(&self, position: usize, entry: &Entry, atom: &TextAtom<'_>) -> Option<i64> {
        let typo = atom.typo.as_ref()?;
        if typo
            .near
            .as_ref()
            .is_some_and(|near| !has_bit(near, position))
        {
            return None;
        }
        let chars = typo.chars.as_slice();
        // An edit brings in at most one letter the text lacks.
        let lacking = |text_letters: u64| (atom.letters & !text_letters).count_ones() <= 1;
        let case_sensitive = atom.term.case_sensitive;
        let near = |text: &str| relevance::within_one_edit_of_a_word(text, chars, case_sensitive);
        if lacking(entry.name_letters) && entry.names(&self.keys).any(near) {
            return Some(relevance::score(Class::Typo, 2));
        }
        (lacking(entry.context_letters) && near(entry.context(&self.keys)))
            .then(|| relevance::score(Class::Typo, 1))
    }

    /// The score of a term in one text, by the term's mode: its class (`relevance`) in the
    /// names, or the context's, and within it the matcher's score (or a cheap stand-in).
    fn score_in(&self, text: &str, term: &TextTerm, scoring: Scoring, place: Place) -> Option<i64> {
        let class = |found: Occurrence| match place {
            Place::Name => found.in_name(),
            Place::Context => found.in_context(),
        };
        let (case_sensitive, letters) = (term.case_sensitive, term.text.as_str());
        if term.mode != MatchMode::Fuzzy {
            let within = self.score_exact(text, term)?;
            let found = relevance::best_occurrence(text, letters, case_sensitive);
            return Some(relevance::score(class(found), within));
        }
        let mut chars = letters.chars();
        if let (Some(only), None) = (chars.next(), chars.next()) {
            let (found, within) = relevance::single_letter(text, only, case_sensitive)?;
            return Some(relevance::score(class(found), within));
        }
        // Most texts lack the term's letters in order; finding that out is far cheaper than
        // asking the matcher.
        if !in_order(text, letters, case_sensitive) {
            return None;
        }
        if scoring == Scoring::MatchOnly {
            return Some(0);
        }
        let (found, at) = relevance::best_occurrence_at(text, letters, case_sensitive);
        let cheap = || {
            let chars = i64::try_from(letters.chars().count()).unwrap_or(i64::MAX / 64);
            let contiguous = match found {
                Occurrence::Scattered => None,
                Occurrence::Inside => Some(Opening::Inside),
                _ if at == Some(0) => Some(Opening::Text),
                _ => Some(Opening::Word),
            };
            cheap_score_of(chars, contiguous)
        };
        let within = match scoring {
            // The matcher ignores the case of ASCII letters only: letters in order that it
            // does not see (`жpfl` in "ЖPflege") match all the same, at the cheap score, as
            // they do when the cheap score picks the hits.
            Scoring::Full => self
                .matcher
                .fuzzy_match(text, letters)
                .unwrap_or_else(cheap),
            _ => cheap(),
        };
        Some(relevance::score(class(found), within))
    }

    /// The matcher's score of an exact, prefix, suffix or whole term in one text, if it is
    /// there.
    fn score_exact(&self, text: &str, term: &TextTerm) -> Option<i64> {
        let found = match term.mode {
            MatchMode::Fuzzy | MatchMode::Exact => find(text, term, |t, n| t.contains(n)),
            MatchMode::Prefix => find(text, term, |t, n| t.starts_with(n)),
            MatchMode::Suffix => find(text, term, |t, n| t.ends_with(n)),
            MatchMode::Whole => find(text, term, |t, n| t == n),
        };
        // The exact match is there; the matcher scores it as the contiguous match it is.
        found.then(|| {
            self.matcher
                .fuzzy_match(text, &term.text)
                .unwrap_or(1)
                .max(1)
        })
    }
}

/// Where a term matched: in the entity's own names and aliases, or in its context.
#[derive(Clone, Copy)]
enum Place {
    Name,
    Context,
}

#[cfg(test)]
mod tests {
    use super::super::Scoring;
    use crate::model::Dataset;
    use crate::search::{self, SearchIndex};

    /// Keys where a byte-wise check could go wrong: the Kelvin sign and the capital I with a
    /// dot (they lower-case into `k` and `i`), letters that are not ASCII, transliterations
    /// and aliases (several names in one text), capitals, contexts over several lines.
    const AWKWARD: &str = r#"{
      "lotse": 1,
      "events": [
        { "id": "e1", "title": "Die elektronische Patientenakte", "city": "Jena", "venue": "Klinikum" },
        { "id": "e2", "title": "\u212Aelvin und İstanbul", "venue": "Ærø Haus", "city": "Łódź" },
        { "id": "e3", "title": "Datωnschutz ЖPflegedienst", "city": "Straße" },
        { "id": "e4", "title": "KI-Diagnostik 2025", "city": "Essen" }
      ],
      "speakers": [
        { "id": "s1", "name": "Mia Spreckelsen" },
        { "id": "s2", "name": "Jörg Müller-Lüdenscheidt" },
        { "id": "s3", "name": "MedTech DTSPC" },
        { "id": "s4", "name": "Ida Kelvin", "affiliations": ["o1"] }
      ],
      "organizations": [
        { "id": "o1", "name": "İnnovation Kliniken AG", "city": "Düsseldorf" }
      ],
      "topics": [
        { "id": "t1", "name": "Künstliche Intelligenz", "aliases": ["KI", "Artificial Intelligence"] }
      ]
    }"#;

    const PLAIN: &[&str] = &[
        "ki",
        "KI",
        "kelvin",
        "istanbul",
        "innovation",
        "muller",
        "mueller",
        "müller",
        "Müller",
        "dtspc",
        "DTSPC",
        "ki diag",
        "spreck",
        "jena 2025",
        "datωn",
        "жpfl",
        "pat akte",
        "kind:speaker mu",
        "kind:event ki",
        "jena klinikum",
        "art intel",
        "ae",
        "lodz",
        "kiart",
    ];

    /// What the plain check says of each entry is what `evaluate` finds, whatever it
    /// scores with: it is the only test of a match the scan makes for such queries.
    #[test]
    fn the_plain_check_matches_what_evaluate_matches() {
        let synthetic = crate::synthetic::dataset_json(3_000);
        for json in [AWKWARD, synthetic.as_str()] {
            let dataset = Dataset::from_text(json, "test").unwrap().dataset;
            let index = SearchIndex::new(&dataset);
            let mut matched = 0;
            for text in PLAIN {
                let query = search::parse(text).expect("a query");
                let prepared = index.prepare(&dataset, &query, None, &|| false).unwrap();
                let plain = prepared.plain.as_ref().expect("a plain query");
                for (position, entry) in index.entries.iter().enumerate() {
                    let evaluated = |scoring| {
                        index
                            .evaluate(&prepared, position, entry, scoring)
                            .is_some()
                    };
                    let expected = evaluated(Scoring::MatchOnly);
                    assert_eq!(
                        index.holds_every_term(plain, position, entry),
                        expected,
                        "{text:?} at {position}"
                    );
                    assert_eq!(
                        evaluated(Scoring::Cheap),
                        expected,
                        "{text:?} at {position}"
                    );
                    assert_eq!(evaluated(Scoring::Full), expected, "{text:?} at {position}");
                    matched += usize::from(expected);
                }
            }
            assert!(
                matched > 20,
                "only {matched} matches: the test would say little"
            );
        }
    }

    /// With a limit, a cheap score picks the hits the matcher scores (at least 2,000). When
    /// far more hits share a class (here 2,400 people called Müller, whose names are
    /// shorter), the few whose names start with the term, which the matcher puts first, must
    /// be among those picked: the top of a limited search is the top of an unlimited one.
    #[test]
    fn names_that_start_with_the_term_are_not_lost_to_the_cheap_pick() {
        use crate::search::SortOrder;
        let people: Vec<String> = (0..2_400)
            .map(|n| format!(r#"{{ "id": "s{n}", "name": "Al {n} Müller" }}"#))
            .collect();
        let json = format!(
            r#"{{ "lotse": 1, "speakers": [{}], "organizations": [
                {{ "id": "o1", "name": "Müller & Partner Kliniken" }},
                {{ "id": "o2", "name": "Müller Medizintechnik GmbH" }}
            ] }}"#,
            people.join(",")
        );
        let dataset = Dataset::from_text(&json, "test").unwrap().dataset;
        let index = SearchIndex::new(&dataset);
        let query = search::parse("müller").unwrap();
        let limited = index.search(&dataset, &query, None, SortOrder::Relevance, 10);
        let unlimited = index.search(&dataset, &query, None, SortOrder::Relevance, usize::MAX);
        let names = |hits: &[crate::search::Hit]| -> Vec<String> {
            hits.iter()
                .take(2)
                .map(|hit| dataset.name(hit.entity).to_owned())
                .collect()
        };
        assert_eq!(
            names(&unlimited.hits),
            ["Müller & Partner Kliniken", "Müller Medizintechnik GmbH"],
            "the matcher puts the names that start with the term first"
        );
        assert_eq!(names(&limited.hits), names(&unlimited.hits));
    }

    /// Negated, anchored, exact and one-letter terms and `|` are scored as before, with
    /// no plain check.
    #[test]
    fn other_queries_have_no_plain_check() {
        let dataset = Dataset::from_text(AWKWARD, "test").unwrap().dataset;
        let index = SearchIndex::new(&dataset);
        for text in [
            "k",
            "ki !diag",
            "'kelvin",
            "^ki",
            "jena$",
            "ki | jena",
            "e n",
        ] {
            let query = search::parse(text).expect("a query");
            let prepared = index.prepare(&dataset, &query, None, &|| false).unwrap();
            assert!(prepared.plain.is_none(), "{text:?}");
        }
    }
}
