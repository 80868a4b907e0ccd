//! The query language: fzf's extended syntax plus field filters. One parser, used by the
//! explorer and `lotse search`.
//!
//! - `word` fuzzy; `'word` exact; `^word` prefix; `word$` suffix; `!word` (also `!^`, `!$`,
//!   `!'`) excludes; `a | b` either; `\ ` a literal space. Smart case per term.
//! - `field:value` filters (`kind:`, `topic:`, `speaker:`, `org:`, `city:`, `country:`, `year:`
//!   with `2024..2025` ranges, `date:` with `2025-02` prefixes, `series:"IKT meets"`, and for
//!   schedules `room:`, `track:`, `lang:`, `day:2` and `time:14:00..18:00`), negatable with `!`.

use std::fmt;

use crate::model::Kind;

mod parse;

pub use parse::{MAX_QUERY_CHARS, MAX_TERMS, parse};

/// A parsed query: every clause must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// Alternatives joined by `|`: one of them must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub atoms: Vec<Atom>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    Text(TextTerm),
    Filter(Filter),
}

/// A piece of text to find in an entity's name or context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTerm {
    /// Folded (diacritics removed); lowercased unless the term is case-sensitive.
    pub text: String,
    pub mode: MatchMode,
    pub negated: bool,
    /// Smart case: a term with a capital letter matches case-sensitively.
    pub case_sensitive: bool,
}

impl TextTerm {
    /// Terms this long or longer may match a word one edit away: shorter ones would match
    /// too much that is not what was meant.
    pub const TYPO_FROM_CHARS: usize = 5;

    /// Whether words one edit from this term match it when nothing matches exactly: a fuzzy
    /// term (not negated) of `TYPO_FROM_CHARS` characters or more.
    pub fn may_be_a_typo(&self) -> bool {
        !self.negated
            && self.mode == MatchMode::Fuzzy
            && self.text.chars().count() >= Self::TYPO_FROM_CHARS
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    Fuzzy,
    Exact,
    Prefix,
    Suffix,
    /// `^word$`: the whole name (or one context value).
    Whole,
}

/// A field filter such as `city:jena` or `!year:2024..2025`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: Field,
    pub value: FilterValue,
    pub negated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Kind,
    Topic,
    Speaker,
    Org,
    City,
    Country,
    Year,
    Date,
    Series,
    /// The room (an event's `venue`).
    Room,
    Track,
    /// The language an event is held in, by its code (`lang:de`).
    Language,
    /// The conference day, counted from 1 in the schedule's order.
    Day,
    /// The time of day an event starts, on the schedule's wall clock.
    Time,
}

impl Field {
    pub const ALL: [Field; 14] = [
        Field::Kind,
        Field::Topic,
        Field::Speaker,
        Field::Org,
        Field::City,
        Field::Country,
        Field::Year,
        Field::Date,
        Field::Series,
        Field::Room,
        Field::Track,
        Field::Language,
        Field::Day,
        Field::Time,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Topic => "topic",
            Field::Speaker => "speaker",
            Field::Org => "org",
            Field::City => "city",
            Field::Country => "country",
            Field::Year => "year",
            Field::Date => "date",
            Field::Series => "series",
            Field::Room => "room",
            Field::Track => "track",
            Field::Language => "lang",
            Field::Day => "day",
            Field::Time => "time",
        }
    }

    /// Whether the field reads an event's own value (its start, series, room, track,
    /// language), so that what matches it is found from the events.
    pub fn is_of_events(self) -> bool {
        matches!(
            self,
            Field::Year
                | Field::Date
                | Field::Series
                | Field::Room
                | Field::Track
                | Field::Language
                | Field::Day
                | Field::Time
        )
    }

    /// Whether a value must equal the field's value (a code), not be found in it.
    pub fn is_code(self) -> bool {
        matches!(self, Field::Country | Field::Language)
    }

    fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let alias = match name.as_str() {
            "organization" | "organisation" => "org",
            "speakers" | "person" => "speaker",
            "venue" => "room",
            "language" => "lang",
            other => other,
        };
        Field::ALL.into_iter().find(|field| field.name() == alias)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterValue {
    Kind(Kind),
    /// Folded, lowercase text found anywhere in a name (`topic:`, `speaker:`, `org:`, `city:`,
    /// `series:`) or equal to a code (`country:`).
    Text(String),
    /// An inclusive range of years.
    Years(i16, i16),
    /// An inclusive range of conference days, counted from 1.
    Days(u16, u16),
    /// An inclusive range of times of day `HH` or `HH:MM`, each bound at its own precision
    /// (`time:14` is 14:00 to 14:59).
    Times(String, String),
    /// An inclusive range of ISO dates, each bound a year, a month or a day (`2025`,
    /// `2025-02`, `2025-02-27`): a date matches when it is within at the bounds' precision
    /// (`date:2025-02` is February 2025).
    Dates(String, String),
}

/// Why a query could not be parsed, said so that the user can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

fn error(message: impl Into<String>) -> QueryError {
    QueryError {
        message: message.into(),
    }
}

impl Query {
    /// Whether the query asks for nothing: every entity matches.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Whether any positive text term takes part, so that ranking by score means something.
    pub fn has_text(&self) -> bool {
        self.clauses.iter().any(|clause| {
            clause
                .atoms
                .iter()
                .any(|atom| matches!(atom, Atom::Text(term) if !term.negated))
        })
    }

    /// Whether a term may match words one edit away, when nothing matches exactly.
    pub fn has_typo_terms(&self) -> bool {
        self.clauses
            .iter()
            .flat_map(|clause| &clause.atoms)
            .any(|atom| matches!(atom, Atom::Text(term) if term.may_be_a_typo()))
    }

    /// Whether every entity this query matches also matches `previous`, so that a search for
    /// it need only look among the previous matches. True when the query was typed on: a term
    /// grew, or a term was added; never when something may widen it (an `|`, a negation, a
    /// changed year).
    pub fn narrows(&self, previous: &Query) -> bool {
        previous.clauses.len() <= self.clauses.len()
            && previous
                .clauses
                .iter()
                .zip(&self.clauses)
                .all(
                    |(old, new)| match (old.atoms.as_slice(), new.atoms.as_slice()) {
                        ([old], [new]) => atom_narrows(new, old),
                        (old, new) => old == new,
                    },
                )
            && self.clauses[previous.clauses.len()..]
                .iter()
                .all(|clause| clause.atoms.len() == 1)
    }

    /// As [`narrows`](Self::narrows), for searches that also match words one edit from
    /// the long terms: a long term narrows only a term it extends at the end that was long
    /// too. A word one edit from `pflege` is `pfleg` or one edit from it; a word one edit from
    /// `pfleg` need not hold `pfle`, which matched nothing but itself.
    pub fn narrows_with_typos(&self, previous: &Query) -> bool {
        self.narrows(previous)
            && previous
                .clauses
                .iter()
                .zip(&self.clauses)
                .all(
                    |(old, new)| match (old.atoms.as_slice(), new.atoms.as_slice()) {
                        ([Atom::Text(old)], [Atom::Text(new)]) if new.may_be_a_typo() => {
                            old.may_be_a_typo()
                                && comparable(new, old).starts_with(old.text.as_str())
                        }
                        _ => true,
                    },
                )
    }

    /// The filters of the query, for display.
    pub fn filters(&self) -> impl Iterator<Item = &Filter> {
        self.clauses
            .iter()
            .flat_map(|c| &c.atoms)
            .filter_map(|atom| match atom {
                Atom::Filter(filter) => Some(filter),
                Atom::Text(_) => None,
            })
    }
}

impl Atom {
    /// Whether everything this atom matches is matched by `old`.
    pub fn narrows_atom(&self, old: &Atom) -> bool {
        atom_narrows(self, old)
    }
}

/// Whether everything `new` matches is matched by `old`.
fn atom_narrows(new: &Atom, old: &Atom) -> bool {
    match (new, old) {
        _ if new == old => true,
        (Atom::Text(new), Atom::Text(old)) => {
            !new.negated
                && !old.negated
                && new.mode == old.mode
                && (new.case_sensitive || !old.case_sensitive)
                && text_narrows(new, old)
        }
        (Atom::Filter(new), Atom::Filter(old)) => match (&new.value, &old.value) {
            (FilterValue::Text(new_text), FilterValue::Text(old_text)) => {
                !new.negated
                    && !old.negated
                    && new.field == old.field
                    && !new.field.is_code()
                    && new_text.contains(old_text.as_str())
            }
            _ => false,
        },
        _ => false,
    }
}

/// The new term's text, to compare with the old one's: a case-insensitive old term holds
/// lowercase letters, so the new one is compared likewise.
fn comparable(new: &TextTerm, old: &TextTerm) -> String {
    if new.case_sensitive && !old.case_sensitive {
        new.text.to_lowercase()
    } else {
        new.text.clone()
    }
}

fn text_narrows(new: &TextTerm, old: &TextTerm) -> bool {
    let new_text = comparable(new, old);
    let old_text = old.text.as_str();
    match new.mode {
        MatchMode::Fuzzy => is_subsequence(old_text, &new_text),
        MatchMode::Exact => new_text.contains(old_text),
        MatchMode::Prefix => new_text.starts_with(old_text),
        MatchMode::Suffix => new_text.ends_with(old_text),
        MatchMode::Whole => new_text == old_text,
    }
}

/// Whether the characters of `short` occur in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut long = long.chars();
    short.chars().all(|c| long.any(|l| l == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_on_narrows_and_widening_does_not() {
        let narrows = |new: &str, old: &str| parse(new).unwrap().narrows(&parse(old).unwrap());
        assert!(narrows("spre", "spr"));
        assert!(narrows("spr ki", "spr"));
        assert!(narrows("'jena", "'jen"));
        assert!(narrows("topic:robo", "topic:rob"));
        assert!(narrows("Jena", "jena"));
        assert!(narrows("kind:event", "kind:event"));
        assert!(!narrows("jena", "Jena"));
        assert!(!narrows("!jena", "!jen"));
        assert!(!narrows("jena | essen", "jena"));
        assert!(!narrows("year:2025", "year:2"));
        assert!(!narrows("sp", "spr"));
        assert!(!narrows("country:lux", "country:lu"));
        assert!(narrows("ki", ""));
    }

    #[test]
    fn with_typos_only_a_long_term_typed_on_at_its_end_narrows() {
        let narrows =
            |new: &str, old: &str| parse(new).unwrap().narrows_with_typos(&parse(old).unwrap());
        assert!(narrows("pflege", "pfleg"));
        assert!(narrows("Pflege", "pfleg"));
        assert!(narrows("pfleg ki", "pfleg"));
        assert!(narrows("datenschutz pfl", "datenschutz pf"));
        // `pfle` matched only itself; `pfleg` may match words one edit away.
        assert!(!narrows("pfleg", "pfle"));
        // A letter typed inside a long term: a word one edit from it may be two from the old.
        assert!(!narrows("pflxeg", "pfleg"));
        assert!(!narrows("pfl", "pfleg"));
    }
}
