//! The scan: one pass over the entries (or the candidates) of a search that matches each,
//! scores those that may be kept, counts every match by kind and keeps the best hits.

use std::cmp::Ordering;

use fuzzy_matcher::FuzzyMatcher;

use super::super::query::{MatchMode, TextTerm};
use super::super::results::{Hit, KindCounts};
use super::super::text_match::{cheap_fuzzy_score, find, in_order, single_letter_match};
use super::{
    Bounds, CANCEL_CHECK_EVERY, Cancelled, Entry, NAME_WEIGHT, PREFETCH_AHEAD, Prepared,
    PreparedAtom, Scored, Scoring, SearchIndex,
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
        // The order is `compare`'s by relevance (by entity alone when nothing is scored).
        let order = |a: &Scored, b: &Scored| {
            if !prepared.by_score {
                return a.hit.entity.cmp(&b.hit.entity);
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
            if (entry.name_letters | entry.context_letters) & prepared.letters != prepared.letters {
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
        let masks_decide = prepared.bounds.as_ref().is_some_and(Bounds::masks_decide);
        if masks_decide {
            return Some(None);
        }
        self.evaluate(prepared, position, entry, Scoring::MatchOnly)
            .map(|_| None)
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
                    PreparedAtom::Text(term, letters) => {
                        self.score_term(entry, term, *letters, scoring)
                    }
                    PreparedAtom::Filter(bits, negated) => {
                        let matched = bits[position / 64] & (1 << (position % 64)) != 0;
                        (matched != *negated).then_some(0)
                    }
                };
                best = best.max(score);
            }
            total += best?;
        }
        Some(total)
    }

    /// The score of one text term in an entry's name (weighted) or, failing that, its context.
    /// `letters` are the term's: a text that lacks one of them cannot match, whatever the mode.
    fn score_term(
        &self,
        entry: &Entry,
        term: &TextTerm,
        letters: u64,
        scoring: Scoring,
    ) -> Option<i64> {
        let could_be = |text_letters: u64| text_letters & letters == letters;
        let in_name = could_be(entry.name_letters)
            .then(|| {
                entry
                    .names(&self.keys)
                    .find_map(|name| self.score_in(name, term, scoring))
            })
            .flatten();
        let found = match in_name {
            Some(score) => Some(score * NAME_WEIGHT),
            None if !could_be(entry.context_letters) => None,
            None => match term.mode {
                MatchMode::Fuzzy | MatchMode::Exact => {
                    self.score_in(entry.context(&self.keys), term, scoring)
                }
                _ => entry
                    .context(&self.keys)
                    .lines()
                    .find_map(|part| self.score_in(part, term, scoring)),
            },
        };
        match (term.negated, found) {
            (false, found) => found,
            (true, Some(_)) => None,
            (true, None) => Some(0),
        }
    }

    /// The score of a term in one text, by the term's mode.
    fn score_in(&self, text: &str, term: &TextTerm, scoring: Scoring) -> Option<i64> {
        let found = match term.mode {
            MatchMode::Fuzzy => {
                let mut chars = term.text.chars();
                if let (Some(only), None) = (chars.next(), chars.next()) {
                    return single_letter_match(text, only, term.case_sensitive);
                }
                // Most texts lack the term's letters in order; finding that out is far
                // cheaper than asking the matcher.
                if !in_order(text, &term.text, term.case_sensitive) {
                    return None;
                }
                match scoring {
                    Scoring::Cheap => return Some(cheap_fuzzy_score(text, term)),
                    Scoring::MatchOnly => return Some(0),
                    Scoring::Full => {}
                }
                return self.matcher.fuzzy_match(text, &term.text);
            }
            MatchMode::Exact => find(text, term, |t, n| t.contains(n)),
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
