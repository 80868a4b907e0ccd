//! Relevance classes: what kind of match a term makes. A user who types `ki` wants the topic
//! whose alias is "KI" before a name where a K and an I happen to occur; so a hit's score is
//! its class first and the matcher's score only within a class. Each term of a query adds its
//! class and score; whole words in any order add up the same. A match in the context ranks
//! below the same match in the entity's own name and aliases.

use super::super::text_match::{single_letter_best, single_letter_match, single_letter_score_at};

/// How a term matches one entity, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Class {
    /// Within one edit of a word (a typo), and no exact match anywhere: below every exact hit.
    Typo = 0,
    /// In the context (venue, city, a speaker's organization…), inside a word or scattered.
    ContextScattered = 1,
    /// In the name or an alias, inside a word or with its letters scattered.
    Scattered = 2,
    /// In the context at the start of a word: an event in Jena for `jena` ranks above a
    /// name where the letters j, e, n, a happen to occur in order.
    ContextWord = 3,
    /// In the name or an alias at the start of a word.
    WordStart = 4,
    /// The name or an alias starts with it, or holds it as a whole word.
    Prefix = 5,
    /// The whole name or a whole alias.
    Whole = 6,
}

/// One class is worth more than any score within a class: the matcher's scores of a term
/// stay far below (about 30 a letter).
pub(super) const STEP: i64 = 1 << 16;

/// A term's score: its class, then its score within the class.
pub(super) fn score(class: Class, within: i64) -> i64 {
    class as i64 * STEP + within.clamp(0, STEP - 1)
}

/// The best contiguous occurrence of a term in a text, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Occurrence {
    /// Not contiguous: the letters are there in order, scattered.
    Scattered,
    /// Inside a word.
    Inside,
    /// At the start of a word.
    WordStart,
    /// At the start of the text, or a whole word.
    PrefixOrWord,
    /// The whole text.
    Whole,
}

impl Occurrence {
    /// A contiguous occurrence at byte `at`, opening a word or not, closing one or not.
    fn at(at: usize, word_start: bool, word_end: bool) -> Self {
        match (word_start, word_end) {
            _ if at == 0 => Self::PrefixOrWord,
            (true, true) => Self::PrefixOrWord,
            (true, false) => Self::WordStart,
            (false, _) => Self::Inside,
        }
    }

    /// Its class in a name or alias.
    pub(super) fn in_name(self) -> Class {
        match self {
            Self::Whole => Class::Whole,
            Self::PrefixOrWord => Class::Prefix,
            Self::WordStart => Class::WordStart,
            Self::Inside | Self::Scattered => Class::Scattered,
        }
    }

    /// Its class in the context: a word start there, or anything else; always below the
    /// same match in a name.
    pub(super) fn in_context(self) -> Class {
        if self >= Self::WordStart {
            Class::ContextWord
        } else {
            Class::ContextScattered
        }
    }
}

/// How `term` occurs in one text (folded, as the keys are) that holds the term's letters in
/// order: as the whole text, at its start or as a whole word, at a word start, inside a word,
/// or only scattered. `term` is lowercase unless the match is case-sensitive.
pub(super) fn best_occurrence(text: &str, term: &str, case_sensitive: bool) -> Occurrence {
    best_occurrence_at(text, term, case_sensitive).0
}

/// `best_occurrence`, and the byte offset where it starts when it is contiguous.
pub(super) fn best_occurrence_at(
    text: &str,
    term: &str,
    case_sensitive: bool,
) -> (Occurrence, Option<usize>) {
    if text.len() == term.len() && same_text(text, term, case_sensitive) {
        return (Occurrence::Whole, Some(0));
    }
    let mut best = (Occurrence::Scattered, None);
    each_occurrence(text, term, case_sensitive, |at| {
        let end = at + term.len();
        let word_start = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let word_end = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        let found = Occurrence::at(at, word_start, word_end);
        if found > best.0 {
            best = (found, Some(at));
        }
        // Only the whole text is better, and that was ruled out above.
        best.0 == Occurrence::PrefixOrWord
    });
    best
}

/// How a one-letter term occurs in a text, and its score there (`single_letter_match`), or
/// `None` when the letter is not there: in one pass over an ASCII text (nearly every key),
/// as one-letter terms meet almost every entity.
pub(super) fn single_letter(
    text: &str,
    letter: char,
    case_sensitive: bool,
) -> Option<(Occurrence, i64)> {
    if !(letter.is_ascii() && text.is_ascii()) {
        let within = single_letter_match(text, letter, case_sensitive)?;
        let mut buffer = [0; 4];
        let term = letter.encode_utf8(&mut buffer);
        return Some((best_occurrence(text, term, case_sensitive), within));
    }
    let bytes = text.as_bytes();
    let wanted = letter as u8;
    let other_case = if case_sensitive {
        wanted
    } else {
        wanted.to_ascii_uppercase()
    };
    if bytes.len() == 1 && (bytes[0] == wanted || bytes[0] == other_case) {
        return Some((Occurrence::Whole, single_letter_best(true)));
    }
    let is_word = |at: Option<&u8>| at.is_some_and(u8::is_ascii_alphanumeric);
    let (mut best, mut within, mut at_word_start) = (Occurrence::Scattered, None, false);
    for at in memchr::memchr2_iter(wanted, other_case, bytes) {
        let word_start = at == 0 || !is_word(bytes.get(at - 1));
        let word_end = !is_word(bytes.get(at + 1));
        best = best.max(Occurrence::at(at, word_start, word_end));
        // As `single_letter_match` scores: the first word start, else the best of the rest.
        if !at_word_start {
            let score = single_letter_score_at(at, word_start);
            within = if word_start {
                Some(score)
            } else {
                within.max(Some(score))
            };
            at_word_start = word_start;
        }
        if at_word_start && best == Occurrence::PrefixOrWord {
            break;
        }
    }
    within.map(|within| (best, within))
}

/// Calls `found` with each byte offset where `term` occurs contiguously in `text` (case
/// ignored unless the match is case-sensitive), until it returns true. An ASCII term is
/// looked for byte by byte, as ASCII bytes occur in UTF-8 only as themselves; only the Kelvin
/// sign and İ lower-case into ASCII letters (`k`, `i`), so for terms with those a non-ASCII
/// text is compared by its lower case, where that has the same length.
fn each_occurrence(
    text: &str,
    term: &str,
    case_sensitive: bool,
    mut found: impl FnMut(usize) -> bool,
) {
    let (bytes, needle) = (text.as_bytes(), term.as_bytes());
    let Some(&first) = needle.first() else {
        return;
    };
    let Some(last_start) = bytes.len().checked_sub(needle.len()) else {
        return;
    };
    if case_sensitive {
        for at in memchr::memchr_iter(first, &bytes[..=last_start]) {
            if bytes[at..at + needle.len()] == *needle && found(at) {
                return;
            }
        }
        return;
    }
    let bytewise =
        term.is_ascii() && (text.is_ascii() || !term.bytes().any(|b| b == b'k' || b == b'i'));
    if bytewise {
        for at in memchr::memchr2_iter(first, first.to_ascii_uppercase(), &bytes[..=last_start]) {
            if bytes[at..at + needle.len()].eq_ignore_ascii_case(needle) && found(at) {
                return;
            }
        }
        return;
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return;
    }
    for (at, _) in lower.match_indices(term) {
        if text.is_char_boundary(at) && found(at) {
            return;
        }
    }
}

/// Whether two texts are the same, case ignored unless the match is case-sensitive.
fn same_text(text: &str, term: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        text == term
    } else if text.is_ascii() {
        text.eq_ignore_ascii_case(term)
    } else {
        text.to_lowercase() == term
    }
}

/// Whether `term` (lowercase unless case-sensitive) is within one edit (a letter inserted,
/// left out, changed, or two neighbours swapped) of a word of `text` or of a word's start, so
/// that `pattientenakte` finds "Patientenakte" and `pattienten` finds it while it is typed.
pub(super) fn within_one_edit_of_a_word(text: &str, term: &[char], case_sensitive: bool) -> bool {
    let mut found = false;
    each_word(text, case_sensitive, |_, _, word| {
        found = near_start(term, word).is_some();
        found
    });
    found
}

/// Where in `text` the word (or the start of a word) one edit from `term` is, as the range of
/// its characters, for lighting up a typo's match.
pub(super) fn near_word(
    text: &str,
    term: &[char],
    case_sensitive: bool,
) -> Option<std::ops::Range<usize>> {
    let mut range = None;
    each_word(text, case_sensitive, |at, chars, word| {
        // Only where lower case keeps the word's length can its characters be lit one by one.
        range = near_start(term, word)
            .filter(|_| word.len() == chars)
            .map(|length| at..at + length);
        range.is_some()
    });
    range
}

/// Calls `found` with each word of `text`: the index of its first character, its length in
/// characters and its characters (lower case unless the match is case-sensitive), until
/// `found` returns true. One buffer serves every word.
fn each_word(
    text: &str,
    case_sensitive: bool,
    mut found: impl FnMut(usize, usize, &[char]) -> bool,
) {
    let mut word: Vec<char> = Vec::with_capacity(32);
    let (mut start, mut chars) = (0, 0);
    for (at, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_alphanumeric() {
            if chars == 0 {
                start = at;
            }
            chars += 1;
            if case_sensitive {
                word.push(c);
            } else {
                word.extend(c.to_lowercase());
            }
            continue;
        }
        if chars > 0 && found(start, chars, &word) {
            return;
        }
        word.clear();
        chars = 0;
    }
}

/// How long the start of `word` is that is one edit from `term`: the term's length, or one
/// letter shorter or longer (a word typed so far, or with a letter too many or too few).
fn near_start(term: &[char], word: &[char]) -> Option<usize> {
    (term.len().saturating_sub(1)..=term.len() + 1)
        .filter(|&length| length <= word.len())
        .find(|&length| at_most_one_edit(term, &word[..length]))
}

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or
/// transposition of neighbours: the common start and end are skipped, and what is left must
/// be one of those edits.
fn at_most_one_edit(a: &[char], b: &[char]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - end], &b[..b.len() - end]);
    match (a.len(), b.len()) {
        (0 | 1, 0 | 1) => true,
        (2, 2) => a[0] == b[1] && a[1] == b[0],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn the_class_says_how_the_term_sits_in_the_name() {
        let class = |text, term| best_occurrence(text, term, false).in_name();
        assert_eq!(class("KI", "ki"), Class::Whole);
        assert_eq!(class("Kliniklogistik", "kli"), Class::Prefix);
        assert_eq!(class("digital twins", "twins"), Class::Prefix, "whole word");
        assert_eq!(class("Der CCC-Jahresrueckblick", "ccc"), Class::Prefix);
        assert_eq!(class("Digitale Zwillinge", "zwill"), Class::WordStart);
        assert_eq!(class("Kuenstliche Intelligenz", "tell"), Class::Scattered);
        assert_eq!(class("Kuenstliche Intelligenz", "ki"), Class::Scattered);
        // A later occurrence can be better than the first.
        assert_eq!(class("Wikis und ki", "ki"), Class::Prefix);
        assert_eq!(
            best_occurrence("KI", "ki", true),
            Occurrence::Scattered,
            "case kept"
        );
        assert_eq!(class("Über KI", "ki"), Class::Prefix);
        assert_eq!(class("Wiki", "ki"), Class::Scattered, "inside a word");
        assert_eq!(best_occurrence("Wiki", "ki", false), Occurrence::Inside);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// The one pass for a letter finds what the two (the class, the score) find.
        #[test]
        fn one_letter_in_one_pass_is_one_letter_in_two(
            text in "[abAB1 .\\-]{0,12}",
            letter in "[abAB1]",
            case_sensitive in proptest::prelude::any::<bool>(),
        ) {
            let letter = letter.chars().next().unwrap();
            let letter = if case_sensitive { letter } else { letter.to_ascii_lowercase() };
            let two_passes = single_letter_match(&text, letter, case_sensitive).map(|within| {
                (best_occurrence(&text, &letter.to_string(), case_sensitive), within)
            });
            proptest::prop_assert_eq!(single_letter(&text, letter, case_sensitive), two_passes);
        }
    }

    #[test]
    fn a_typo_is_one_edit_from_a_word_or_the_start_of_one() {
        let near = |text, term| within_one_edit_of_a_word(text, &chars(term), false);
        let text = "Die elektronische Patientenakte kommt!";
        assert!(near(text, "pattientenakte"), "a letter too many");
        assert!(near(text, "patientenake"), "a letter left out");
        assert!(near(text, "patientanakte"), "a letter changed");
        assert!(near(text, "patinetenakte"), "two letters swapped");
        assert!(near(text, "elektornische"));
        assert!(
            near(text, "pattienten"),
            "the start of a word, typed so far"
        );
        assert!(!near(text, "pattientenackte"), "two edits");
        assert!(!near(text, "kommen"), "two edits");
        assert!(
            !near(text, "tientenakte"),
            "the middle of a word is no word's start"
        );
    }

    #[test]
    fn the_near_word_is_found_where_it_is() {
        let text = "Die elektronische Patientenakte kommt!";
        let at = near_word(text, &chars("pattientenakte"), false).unwrap();
        let lit: String = text.chars().skip(at.start).take(at.len()).collect();
        assert_eq!(lit, "Patientenakte");
        let at = near_word(text, &chars("pattienten"), false).unwrap();
        let lit: String = text.chars().skip(at.start).take(at.len()).collect();
        assert_eq!(lit, "Patienten", "the start of the word");
        assert_eq!(near_word(text, &chars("zzzzzz"), false), None);
    }

    #[test]
    fn one_edit_means_one() {
        let one = |a: &str, b: &str| at_most_one_edit(&chars(a), &chars(b));
        assert!(one("abc", "abc"));
        assert!(one("abc", "abd"));
        assert!(one("abc", "ab"));
        assert!(one("abc", "xabc"));
        assert!(one("abc", "bac"));
        assert!(!one("abc", "cba"));
        assert!(!one("abcd", "ab"));
        assert!(!one("abc", "axy"));
    }
}
