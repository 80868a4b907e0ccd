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

/// Where word-opening letters sit in an entry's name mask: above the 36 bits of
/// `letter_mask`.
pub(super) const INITIALS_SHIFT: u32 = 36;

/// The letters a–z (case ignored) that open a word of `text` (its first byte, or one after a
/// byte that is not an ASCII letter or digit), at `INITIALS_SHIFT` and up: a one-letter term
/// scores its most only at a word start, so an entry without the letter here cannot score it.
/// (A letter after a non-ASCII letter counts as opening a word: more than the scorer says,
/// never less.)
pub(super) fn initials_mask(text: &str) -> u64 {
    let mut previous_alphanumeric = false;
    let mut mask = 0;
    for byte in text.bytes() {
        let lower = byte.to_ascii_lowercase();
        if !previous_alphanumeric && lower.is_ascii_lowercase() {
            mask |= 1 << (INITIALS_SHIFT + u32::from(lower - b'a'));
        }
        previous_alphanumeric = byte.is_ascii_alphanumeric();
    }
    mask
}

/// The bit of a term's first letter among the initials (`initials_mask`), or `None` when it
/// opens with no ASCII letter (a digit, say: it may open a word anywhere).
pub(super) fn initial_bit(term: &str) -> Option<u64> {
    let first = term.bytes().next()?.to_ascii_lowercase();
    first
        .is_ascii_lowercase()
        .then(|| 1 << (INITIALS_SHIFT + u32::from(first - b'a')))
}

/// What a one-letter term scores for a match, and on top for a match at a word start.
const MATCH: i64 = 16;
const WORD_START: i64 = 16;

/// The most `single_letter_match` can score: at a word start, or elsewhere.
pub(super) fn single_letter_best(at_word_start: bool) -> i64 {
    MATCH + if at_word_start { WORD_START } else { 0 }
}

/// The score of a one-letter term, without the matcher: a letter that opens the text or a word
/// ranks first, as the matcher would rank it, and the earlier the better. At a million
/// entities nearly every name holds any one letter, and the matcher would have to score them
/// all on the first keystroke.
pub(super) fn single_letter_score(text: &str, letter: char, case_sensitive: bool) -> i64 {
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

/// What a one-letter term scores at a character `position`: more at a word start, and the
/// earlier the better.
pub(super) fn single_letter_score_at(position: usize, word_start: bool) -> i64 {
    MATCH + if word_start { WORD_START } else { 0 } - (position.min(15) as i64) / 4
}

/// The score of a one-letter term in `text`, or `None` when the letter is not there: the same
/// as `in_order` followed by `single_letter_score`, in one pass over the bytes when both are
/// ASCII (nearly every name), since one-letter terms meet almost every entity.
pub(super) fn single_letter_match(text: &str, letter: char, case_sensitive: bool) -> Option<i64> {
    if !(letter.is_ascii() && text.is_ascii()) {
        let mut buffer = [0; 4];
        return in_order(text, letter.encode_utf8(&mut buffer), case_sensitive)
            .then(|| single_letter_score(text, letter, case_sensitive));
    }
    // An ASCII letter: a case-insensitive term is lowercase already. memchr finds each
    // occurrence (both cases) with SIMD; only those are looked at.
    let bytes = text.as_bytes();
    let wanted = letter as u8;
    let other_case = if case_sensitive {
        wanted
    } else {
        wanted.to_ascii_uppercase()
    };
    let mut best = None;
    for position in memchr::memchr2_iter(wanted, other_case, bytes) {
        let word_start = position == 0 || !bytes[position - 1].is_ascii_alphanumeric();
        let score = single_letter_score_at(position, word_start);
        // A word start outscores every other match, and a later one scores no more than this:
        // the first word start is the best.
        if word_start {
            return Some(score);
        }
        best = best.max(Some(score));
    }
    best
}

/// Where a contiguous occurrence of a term stands, for `cheap_score_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opening {
    /// Inside a word.
    Inside,
    /// At the start of a word.
    Word,
    /// At the start of the text (and so of a word): the matcher scores it higher still, so a
    /// name that starts with the term is picked before the many that hold it as a later word.
    Text,
}

/// The cheap score of a term of `letters` characters by how it occurs: a contiguous
/// occurrence as `cheap_fuzzy_best`, less inside a word; scattered letters less still.
pub(super) fn cheap_score_of(letters: i64, contiguous: Option<Opening>) -> i64 {
    const MATCH: i64 = 16;
    match contiguous {
        Some(Opening::Text) => cheap_fuzzy_best(letters, true),
        Some(Opening::Word) => cheap_fuzzy_best(letters, true) - MATCH / 2,
        Some(Opening::Inside) => cheap_fuzzy_best(letters, false),
        None => MATCH * letters,
    }
}

/// The most `cheap_score_of` gives a term of `letters` characters: for a contiguous
/// occurrence that may open a word (and the text), or one inside a word.
pub(super) fn cheap_fuzzy_best(letters: i64, at_word_start: bool) -> i64 {
    const MATCH: i64 = 16;
    MATCH * letters * 2
        + if at_word_start {
            MATCH * 2 + MATCH / 2
        } else {
            0
        }
}

/// Whether the characters of `term` occur in `text` in order, as a fuzzy match needs them.
/// `term` is already lowercase unless the match is case-sensitive.
pub(super) fn in_order(text: &str, term: &str, case_sensitive: bool) -> bool {
    match Compare::of(term, case_sensitive) {
        Compare::Bytes => in_order_ascii(text.as_bytes(), term.as_bytes(), case_sensitive),
        Compare::BytesInAscii if text.is_ascii() => {
            in_order_ascii(text.as_bytes(), term.as_bytes(), case_sensitive)
        }
        Compare::BytesInAscii | Compare::Chars => in_order_by_chars(text, term, case_sensitive),
    }
}

/// How a term's letters can be looked for in a text (`in_order_as`): byte by byte in any
/// text, byte by byte in an ASCII text only, or character by character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compare {
    Bytes,
    BytesInAscii,
    Chars,
}

impl Compare {
    /// How `in_order` compares `term` with a text: its test, worked out once for a search.
    pub(super) fn of(term: &str, case_sensitive: bool) -> Self {
        match (term.is_ascii(), case_sensitive || !lowers_into(term)) {
            (true, true) => Self::Bytes,
            (true, false) => Self::BytesInAscii,
            (false, _) => Self::Chars,
        }
    }
}

/// `in_order` for a text given as a range of a buffer, with whether it is all ASCII (known
/// from its entry): the bytes are read as they are, and the text is sliced (its ends checked
/// to be character boundaries) only when characters must be compared.
pub(super) fn in_order_as(
    compare: Compare,
    (buffer, range): (&str, std::ops::Range<usize>),
    text_is_ascii: bool,
    term: &str,
    case_sensitive: bool,
) -> bool {
    match compare {
        Compare::Bytes => {
            in_order_ascii(&buffer.as_bytes()[range], term.as_bytes(), case_sensitive)
        }
        Compare::BytesInAscii if text_is_ascii => {
            in_order_ascii(&buffer.as_bytes()[range], term.as_bytes(), case_sensitive)
        }
        Compare::BytesInAscii | Compare::Chars => {
            in_order_by_chars(&buffer[range], term, case_sensitive)
        }
    }
}

/// Whether a non-ASCII character of some text could lower-case into a letter of `term` (an
/// ASCII term): only the Kelvin sign (to `k`) and the capital I with a dot (to `i`) do. Any
/// other ASCII term can be looked for byte by byte in any text without a pass to see that the
/// text is ASCII, as ASCII bytes occur in UTF-8 only as themselves.
fn lowers_into(term: &str) -> bool {
    term.bytes().any(|byte| matches!(byte, b'k' | b'i'))
}

/// `in_order` one character at a time, for any text.
fn in_order_by_chars(text: &str, term: &str, case_sensitive: bool) -> bool {
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

/// `in_order` for ASCII text and term: each letter found with memchr (both cases when the
/// match ignores case), the next one searched from there on; in a short text, in one pass
/// byte by byte (a call to memchr costs more than it saves there).
fn in_order_ascii(text: &[u8], term: &[u8], case_sensitive: bool) -> bool {
    if text.len() <= SHORT_TEXT {
        return in_order_in_short(text, term, case_sensitive);
    }
    let mut from = 0;
    for &wanted in term {
        let other_case = if case_sensitive {
            wanted
        } else {
            wanted.to_ascii_uppercase()
        };
        match memchr::memchr2(wanted, other_case, &text[from..]) {
            Some(at) => from += at + 1,
            None => return false,
        }
    }
    true
}

/// Texts up to this many bytes are read byte by byte (`in_order_in_short`): most keys are.
const SHORT_TEXT: usize = 48;

/// `in_order_ascii` in one pass: a byte matches the letter wanted next if it is that letter
/// or, when case is ignored, its capital (`b'D' | 0x20 == b'd'`; only capitals turn into a
/// lowercase letter so, and a term's other bytes are compared as they are).
fn in_order_in_short(text: &[u8], term: &[u8], case_sensitive: bool) -> bool {
    let ignoring_case = |byte: u8| {
        if !case_sensitive && byte.is_ascii_lowercase() {
            0x20
        } else {
            0
        }
    };
    let mut wanted = term.iter();
    let Some(&first) = wanted.next() else {
        return true;
    };
    let (mut next, mut or) = (first, ignoring_case(first));
    for &byte in text {
        if byte | or == next {
            match wanted.next() {
                Some(&following) => (next, or) = (following, ignoring_case(following)),
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn initials_are_the_letters_that_open_a_word_in_either_case() {
        let initials = initials_mask("Digital health-Jena 2025 x1");
        let has = |letter: u8| initials & 1 << (INITIALS_SHIFT + u32::from(letter - b'a')) != 0;
        for letter in [b'd', b'h', b'j', b'x'] {
            assert!(has(letter), "{}", letter as char);
        }
        for letter in [b'i', b'g', b'e', b'a', b'n'] {
            assert!(!has(letter), "{}", letter as char);
        }
        assert_eq!(
            initials & ((1 << INITIALS_SHIFT) - 1),
            0,
            "above the letter mask"
        );
        assert_eq!(initials_mask("2025"), 0, "digits have none");
    }

    // A small alphabet, so that letters repeat, meet word starts and differ in case often.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::string::string_regex("[abAB1 .\\-]{0,12}").unwrap(),
            proptest::string::string_regex("[abAB1 .\\-äÄß]{0,16}").unwrap(),
            // Two characters lower-case into ASCII letters: the Kelvin sign and İ.
            proptest::string::string_regex("[ikIK1 \u{212A}\u{130}ä]{0,12}").unwrap(),
            // Longer than `SHORT_TEXT`, where the letters are found with memchr, and with
            // the keys' line breaks and separators.
            proptest::string::string_regex("[abAB1 .\\-\n\u{0}]{40,90}").unwrap(),
            proptest::string::string_regex("[ikIKab \u{212A}\u{130}\n]{40,70}").unwrap(),
        ]
    }

    fn term() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::string::string_regex("[abAB1.*\\-]{1,3}").unwrap(),
            proptest::string::string_regex("[abAB1ä]{1,3}").unwrap(),
            proptest::string::string_regex("[ikIKa]{1,3}").unwrap(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn the_fast_paths_score_and_match_as_the_character_paths_do(
            text in text(),
            term in term(),
            case_sensitive in any::<bool>(),
        ) {
            let term = if case_sensitive { term } else { term.to_lowercase() };
            let expected = in_order_by_chars(&text, &term, case_sensitive);
            prop_assert_eq!(in_order(&text, &term, case_sensitive), expected);
            let compare = Compare::of(&term, case_sensitive);
            let keys = format!("x{text}y");
            let range = 1..keys.len() - 1;
            prop_assert_eq!(
                in_order_as(compare, (&keys, range), text.is_ascii(), &term, case_sensitive),
                expected
            );
            let letter = term.chars().next().unwrap();
            let single = in_order_by_chars(&text, &letter.to_string(), case_sensitive)
                .then(|| single_letter_score(&text, letter, case_sensitive));
            prop_assert_eq!(single_letter_match(&text, letter, case_sensitive), single);
        }
    }
}
