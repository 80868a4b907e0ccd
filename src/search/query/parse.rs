//! Reading a query: words into atoms (text terms and field filters), `|` into alternatives.

use super::{
    Atom, Clause, Field, Filter, FilterValue, MatchMode, Query, QueryError, TextTerm, error,
};
use crate::model::Kind;
use crate::search::fold::fold;

/// The longest query lotse takes, in characters: far more than anyone types, and a bound on the
/// work a pasted text can ask for.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most terms (after duplicates are merged) a query may have: each costs a pass over the
/// candidates.
pub const MAX_TERMS: usize = 64;

/// Parses a query. Every mistake is an error, never silently ignored. A term that occurs
/// twice counts once (`a a` is `a`).
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let length = input.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(error(format!(
            "query too long: at most {MAX_QUERY_CHARS} characters (this one has {length})"
        )));
    }
    let mut clauses: Vec<Clause> = Vec::new();
    let mut join_next = false;
    for token in tokenize(input)? {
        if token == Token::Bar {
            if clauses.is_empty() || join_next {
                return Err(error("`|` needs a term on each side"));
            }
            join_next = true;
            continue;
        }
        let Token::Word(word) = token else { continue };
        let atom = parse_atom(&word)?;
        match clauses.last_mut() {
            Some(clause) if join_next => clause.atoms.push(atom),
            _ => clauses.push(Clause { atoms: vec![atom] }),
        }
        join_next = false;
    }
    if join_next {
        return Err(error("`|` needs a term on each side"));
    }
    let mut distinct: Vec<Clause> = Vec::with_capacity(clauses.len());
    for clause in clauses {
        if !distinct.contains(&clause) {
            distinct.push(clause);
        }
    }
    if distinct.len() > MAX_TERMS {
        return Err(error(format!(
            "too many terms: at most {MAX_TERMS} different ones (this query has {})",
            distinct.len()
        )));
    }
    Ok(Query { clauses: distinct })
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Bar,
}

/// Splits at unescaped spaces outside quotes; `\ ` is a space, `"…"` groups (for filter values).
fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut chars = input.chars();
    let finish = |word: &mut String, tokens: &mut Vec<Token>| {
        if word == "|" {
            tokens.push(Token::Bar);
        } else if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word)));
        }
        word.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => word.push(next),
                None => word.push('\\'),
            },
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => finish(&mut word, &mut tokens),
            c => word.push(c),
        }
    }
    if quoted {
        return Err(error("a quote `\"` is not closed"));
    }
    finish(&mut word, &mut tokens);
    Ok(tokens)
}

fn parse_atom(word: &str) -> Result<Atom, QueryError> {
    let (negated, rest) = match word.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    if let Some((name, value)) = rest.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic())
    {
        let field = Field::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            error(format!(
                "unknown field `{name}:`; fields are {}",
                names.join(", ")
            ))
        })?;
        let value = parse_filter_value(field, value)?;
        return Ok(Atom::Filter(Filter {
            field,
            value,
            negated,
        }));
    }
    parse_text(rest, negated, word).map(Atom::Text)
}

fn parse_text(rest: &str, negated: bool, word: &str) -> Result<TextTerm, QueryError> {
    let (exact, rest) = match rest.strip_prefix('\'') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (prefix, rest) = match rest.strip_prefix('^') {
        Some(rest) if !exact => (true, rest),
        _ => (false, rest),
    };
    let (suffix, rest) = match rest.strip_suffix('$') {
        Some(rest) if !exact && !rest.is_empty() => (true, rest),
        _ => (false, rest),
    };
    if rest.is_empty() {
        return Err(error(format!("`{word}` has nothing to look for")));
    }
    let mode = if prefix && suffix {
        MatchMode::Whole
    } else if prefix {
        MatchMode::Prefix
    } else if suffix {
        MatchMode::Suffix
    } else if exact || negated {
        // As in fzf, a negated term matches exactly, not fuzzily.
        MatchMode::Exact
    } else {
        MatchMode::Fuzzy
    };
    let case_sensitive = rest.chars().any(char::is_uppercase);
    let folded = fold(rest);
    // Only combining marks (which folding drops) is nothing to look for either.
    if folded.is_empty() {
        return Err(error(format!("`{word}` has nothing to look for")));
    }
    let text = if case_sensitive {
        folded
    } else {
        folded.to_lowercase()
    };
    Ok(TextTerm {
        text,
        mode,
        negated,
        case_sensitive,
    })
}

fn parse_filter_value(field: Field, value: &str) -> Result<FilterValue, QueryError> {
    if value.trim().is_empty() {
        return Err(error(format!("`{}:` needs a value", field.name())));
    }
    match field {
        Field::Kind => value
            .parse::<Kind>()
            .map(FilterValue::Kind)
            .map_err(|message| error(format!("kind: {message}"))),
        Field::Year => parse_years(value),
        Field::Date => parse_dates(value),
        Field::Day => parse_days(value),
        Field::Time => parse_times(value),
        _ => Ok(FilterValue::Text(fold(value).to_lowercase())),
    }
}

fn parse_years(value: &str) -> Result<FilterValue, QueryError> {
    let (from, to) = number_range(
        value,
        "year",
        "a year (1 to 9999) or a range such as 2024..2025",
        |text| {
            text.parse::<i16>()
                .ok()
                .filter(|year| (1..=9999).contains(year))
        },
    )?;
    Ok(FilterValue::Years(from, to))
}

/// `day:2` or `day:1..2`: conference days, counted from 1.
fn parse_days(value: &str) -> Result<FilterValue, QueryError> {
    let (from, to) = number_range(
        value,
        "day",
        "a conference day (1, 2, …) or a range such as 1..2",
        |text| text.parse::<u16>().ok().filter(|&day| day >= 1),
    )?;
    Ok(FilterValue::Days(from, to))
}

/// A number or an inclusive range of them (`2024..2025`) for the field `name`, each bound read
/// by `number`; `expected` says what the field takes when a bound does not read.
fn number_range<N: PartialOrd>(
    value: &str,
    name: &str,
    expected: &str,
    number: impl Fn(&str) -> Option<N>,
) -> Result<(N, N), QueryError> {
    let bound = |text: &str| {
        number(text).ok_or_else(|| error(format!("{name}: `{value}` is not {expected}")))
    };
    let (from, to) = match value.split_once("..") {
        Some((from, to)) => (bound(from)?, bound(to)?),
        None => (bound(value)?, bound(value)?),
    };
    if from > to {
        return Err(error(format!("{name}: the range `{value}` runs backwards")));
    }
    Ok((from, to))
}

/// `time:14`, `time:14:30` or a range of such (`time:14:00..18:00`): when an event starts, on
/// the schedule's clock. A range may run past midnight (`time:22..02`).
fn parse_times(value: &str) -> Result<FilterValue, QueryError> {
    let bound = |text: &str| {
        let valid = match text.split_once(':') {
            Some((hour, minute)) => two_digits(hour, 23) && two_digits(minute, 59),
            None => two_digits(text, 23),
        };
        valid.then(|| text.to_owned()).ok_or_else(|| {
            error(format!(
                "time: `{value}` is not a time such as 14, 14:30 or a range such as 14:00..18:00"
            ))
        })
    };
    let (from, to) = match value.split_once("..") {
        Some((from, to)) => (bound(from)?, bound(to)?),
        None => (bound(value)?, bound(value)?),
    };
    Ok(FilterValue::Times(from, to))
}

/// Two ASCII digits no greater than `max`.
fn two_digits(text: &str, max: u8) -> bool {
    text.len() == 2
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u8>().is_ok_and(|n| n <= max)
}

/// `date:2025`, `date:2025-02`, `date:2025-02-27`, or a range of such (`date:2024-12-27..
/// 2024-12-28`, `date:2024-12..2025-01`). A day that no calendar has (`2025-02-30`) is an
/// error, not a filter that matches nothing.
fn parse_dates(value: &str) -> Result<FilterValue, QueryError> {
    let (from, to) = match value.split_once("..") {
        Some((from, to)) => (date_bound(from, value)?, date_bound(to, value)?),
        None => (date_bound(value, value)?, date_bound(value, value)?),
    };
    // Compared at the shorter bound's precision: `2025-02..2025` runs forwards.
    let common = from.len().min(to.len());
    if from[..common] > to[..common] {
        return Err(error(format!("date: the range `{value}` runs backwards")));
    }
    Ok(FilterValue::Dates(from.to_owned(), to.to_owned()))
}

/// One bound of a date filter, checked: a year, a year and month, or a day that exists.
fn date_bound<'v>(bound: &'v str, value: &str) -> Result<&'v str, QueryError> {
    let parts: Vec<&str> = bound.split('-').collect();
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u16>().ok())
            .flatten()
    };
    let not_a_date = || {
        error(format!(
            "date: `{value}` is not a date such as 2025, 2025-02, 2025-02-27 or a range \
             such as 2024-12-27..2024-12-28"
        ))
    };
    let impossible = || error(format!("date: `{bound}` is no day of any calendar"));
    let year = parts
        .first()
        .and_then(|part| number(part, 4))
        .ok_or_else(not_a_date)?;
    if year == 0 {
        return Err(impossible());
    }
    if let Some(month) = parts.get(1) {
        let month = number(month, 2).ok_or_else(not_a_date)?;
        if !(1..=12).contains(&month) {
            return Err(impossible());
        }
        if let Some(day) = parts.get(2) {
            let day = number(day, 2).ok_or_else(not_a_date)?;
            if day == 0 || day > days_in_month(year, month) {
                return Err(impossible());
            }
        }
    }
    if parts.len() > 3 {
        return Err(not_a_date());
    }
    Ok(bound)
}

/// The days of a month in the Gregorian calendar.
fn days_in_month(year: u16, month: u16) -> u16 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(term: &str, mode: MatchMode, negated: bool) -> Atom {
        Atom::Text(TextTerm {
            text: term.to_owned(),
            mode,
            negated,
            case_sensitive: term.chars().any(char::is_uppercase),
        })
    }

    fn atoms(query: &str) -> Vec<Vec<Atom>> {
        parse(query)
            .unwrap()
            .clauses
            .into_iter()
            .map(|c| c.atoms)
            .collect()
    }

    #[test]
    fn fzf_extended_syntax() {
        use MatchMode::*;
        assert_eq!(
            atoms("ki 'exact ^pre suf$ ^whole$"),
            [
                vec![text("ki", Fuzzy, false)],
                vec![text("exact", Exact, false)],
                vec![text("pre", Prefix, false)],
                vec![text("suf", Suffix, false)],
                vec![text("whole", Whole, false)],
            ]
        );
        assert_eq!(
            atoms("!word !^pre !suf$ !'ex"),
            [
                vec![text("word", Exact, true)],
                vec![text("pre", Prefix, true)],
                vec![text("suf", Suffix, true)],
                vec![text("ex", Exact, true)],
            ]
        );
    }

    #[test]
    fn bars_join_alternatives_and_backslash_escapes_a_space() {
        use MatchMode::*;
        assert_eq!(
            atoms("jena | essen ki"),
            [
                vec![text("jena", Fuzzy, false), text("essen", Fuzzy, false)],
                vec![text("ki", Fuzzy, false)],
            ]
        );
        assert_eq!(
            atoms(r"ikt\ meets"),
            [vec![text("ikt meets", Fuzzy, false)]]
        );
    }

    #[test]
    fn smart_case_and_folding() {
        let Atom::Text(term) = &atoms("Müller")[0][0] else {
            panic!()
        };
        assert_eq!((term.text.as_str(), term.case_sensitive), ("Muller", true));
        let Atom::Text(term) = &atoms("straße")[0][0] else {
            panic!()
        };
        assert_eq!(
            (term.text.as_str(), term.case_sensitive),
            ("strasse", false)
        );
    }

    #[test]
    fn field_filters_with_ranges_prefixes_quotes_and_negation() {
        let filter = |field, value, negated| {
            Atom::Filter(Filter {
                field,
                value,
                negated,
            })
        };
        assert_eq!(
            atoms(r#"kind:speaker year:2024..2025 date:2025-02 !city:Essen series:"IKT meets""#),
            [
                vec![filter(Field::Kind, FilterValue::Kind(Kind::Speaker), false)],
                vec![filter(Field::Year, FilterValue::Years(2024, 2025), false)],
                vec![filter(
                    Field::Date,
                    FilterValue::Dates("2025-02".into(), "2025-02".into()),
                    false
                )],
                vec![filter(Field::City, FilterValue::Text("essen".into()), true)],
                vec![filter(
                    Field::Series,
                    FilterValue::Text("ikt meets".into()),
                    false
                )],
            ]
        );
    }

    #[test]
    fn mistakes_are_errors_that_say_what_is_wrong() {
        let message = |q: &str| parse(q).unwrap_err().message;
        assert!(
            message("colour:red").starts_with("unknown field `colour:`; fields are kind, topic")
        );
        assert_eq!(
            message("year:20x5"),
            "year: `20x5` is not a year (1 to 9999) or a range such as 2024..2025"
        );
        assert_eq!(
            message("year:2025..2024"),
            "year: the range `2025..2024` runs backwards"
        );
        assert_eq!(
            message("date:02-2025"),
            "date: `02-2025` is not a date such as 2025, 2025-02, 2025-02-27 or a range such as \
             2024-12-27..2024-12-28"
        );
        assert_eq!(
            message("date:2025-02-30"),
            "date: `2025-02-30` is no day of any calendar"
        );
        assert_eq!(
            message("date:2024-13"),
            "date: `2024-13` is no day of any calendar"
        );
        assert_eq!(
            message("date:2023-02-29..2023-03-01"),
            "date: `2023-02-29` is no day of any calendar"
        );
        assert_eq!(
            message("date:2025-03..2025-02-10"),
            "date: the range `2025-03..2025-02-10` runs backwards"
        );
        assert!(message("year:-5").starts_with("year: `-5` is not a year (1 to 9999)"));
        assert!(message("year:0").starts_with("year: `0` is not a year"));
        assert!(parse("date:2024-02-29").is_ok(), "a leap day");
        assert!(message("kind:person").starts_with("kind: unknown kind \"person\""));
        assert_eq!(message("city:"), "`city:` needs a value");
        assert_eq!(message(r#"series:"IKT"#), "a quote `\"` is not closed");
        assert_eq!(message("| ki"), "`|` needs a term on each side");
        assert_eq!(message("ki |"), "`|` needs a term on each side");
        assert_eq!(message("!"), "`!` has nothing to look for");
    }

    #[test]
    fn a_colon_after_something_other_than_a_word_is_text() {
        assert!(matches!(atoms("10:00")[0][0], Atom::Text(_)));
        assert!(parse("").unwrap().is_empty());
    }
}
