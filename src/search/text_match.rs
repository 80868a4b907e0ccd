//! Fast tests and scores on folded text, run on every entity at every keystroke before (or
//! instead of) the fuzzy matcher: which letters a text holds, whether a term's letters occur in
//! order, cheap stand-ins for the matcher's score.

use super::query::TextTerm;

/// One bit per ASCII letter (case-insensitive) and digit present in the text.
pub(super) fn letter_mask(text: &str) -> u64 {
    text.bytes()
        .fold(0, |mask, byte| match byte.to_ascii_lowercase() {
            b @ b'a'..=b'z' => mask | 1 << (b - b'a'),
            b @ b'0'..=b'9' => mask | 1 << (26 + b - b'0'),
            _ => mask,
        })
}

/// The score of a one-letter term, without the matcher: a letter that opens the text or a word
/// ranks first, as the matcher would rank it, and the earlier the better. At a million
/// entities nearly every name holds any one letter, and the matcher would have to score them
/// all on the first keystroke.
pub(super) fn single_letter_score(text: &str, letter: char, case_sensitive: bool) -> i64 {
    const MATCH: i64 = 16;
    const WORD_START: i64 = 16;
    let same = |c: char| {
        if case_sensitive || c.is_ascii() {
            c == letter || (!case_sensitive && c.to_ascii_lowercase() == letter)
        } else {
            c.to_lowercase().eq(std::iter::once(letter))
        }
    };
    let mut previous: Option<char> = None;
    let mut best = 0;
    for (position, c) in text.chars().enumerate() {
        if same(c) {
            let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
            let score =
                MATCH + if word_start { WORD_START } else { 0 } - (position.min(15) as i64) / 4;
            best = best.max(score);
            if word_start && position == 0 {
                break;
            }
        }
        previous = Some(c);
    }
    best.max(1)
}

/// A cheap stand-in for the matcher's score of a term whose letters `text` holds in order: a
/// contiguous occurrence scores like the matcher's (higher at the start of a word), scattered
/// letters score less. Only used to choose which hits the matcher scores.
pub(super) fn cheap_fuzzy_score(text: &str, term: &TextTerm) -> i64 {
    const MATCH: i64 = 16;
    let letters = i64::try_from(term.text.chars().count()).unwrap_or(i64::MAX / 64);
    let found = if term.case_sensitive || !text.is_ascii() {
        text.find(term.text.as_str())
    } else {
        text.as_bytes()
            .windows(term.text.len())
            .position(|window| window.eq_ignore_ascii_case(term.text.as_bytes()))
    };
    match found {
        Some(at) => {
            let word_start = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            MATCH * letters * 2 + if word_start { MATCH * 2 } else { 0 }
        }
        None => MATCH * letters,
    }
}

/// Whether the characters of `term` occur in `text` in order, as a fuzzy match needs them.
/// `term` is already lowercase unless the match is case-sensitive.
pub(super) fn in_order(text: &str, term: &str, case_sensitive: bool) -> bool {
    let mut wanted = term.chars();
    let Some(mut next) = wanted.next() else {
        return true;
    };
    for c in text.chars() {
        let c = if case_sensitive {
            c
        } else if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        if c == next {
            match wanted.next() {
                Some(following) => next = following,
                None => return true,
            }
        }
    }
    false
}

/// Applies a comparison to text and term, case-insensitively unless the term is case-sensitive.
pub(super) fn find(text: &str, term: &TextTerm, test: impl Fn(&str, &str) -> bool) -> bool {
    if term.case_sensitive {
        test(text, &term.text)
    } else if text.is_ascii() {
        test(&text.to_ascii_lowercase(), &term.text)
    } else {
        test(&text.to_lowercase(), &term.text)
    }
}
