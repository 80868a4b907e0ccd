//! The prefilter of a pass for typos: which entries may hold a word one edit from a long term.
//! Reading every word of a million entities for one takes a fifth of a second; a term's two
//! halves, looked for in the keys' buffers read whole, rule out nearly all of them first.

use super::super::query::{Atom, Query, TextTerm};
use super::super::text_match::letter_mask;
use std::ops::Range;
use std::sync::Arc;

use super::keys::{ENTRY_END, Keys};
use super::{Cancelled, Entry, SearchIndex, in_parallel};

/// A long term split around its middle letter: `before` it and `after` it. A word (or a
/// word's start) one edit from the term holds `before` at its start when the edit is in the
/// middle letter or after it; when the edit comes before that letter (or swaps it with the one
/// before), `after` is intact and starts `before.len()` to `before.len() + 2` letters into the
/// word (a letter left out, changed or swapped, or one put in). So a text holding neither
/// there holds no such word.
struct Pieces {
    before: Piece,
    after: Piece,
    case_sensitive: bool,
    /// Whether the term is ASCII: only then are its pieces looked for (letters and bytes are
    /// one and the same); otherwise every entry is a candidate.
    ascii: bool,
}

/// A piece of a term, and where its rarest byte in the keys is.
struct Piece {
    bytes: Vec<u8>,
    anchor: usize,
}

impl Piece {
    fn new(bytes: &[u8], keys: &Keys) -> Self {
        let anchor = (0..bytes.len())
            .min_by_key(|&at| keys.frequency(bytes[at]))
            .unwrap_or(0);
        Self {
            bytes: bytes.to_vec(),
            anchor,
        }
    }
}

impl Pieces {
    /// The pieces of a term, each to be looked for by its rarest byte in `keys`.
    fn of(term: &TextTerm, keys: &Keys) -> Self {
        let bytes = term.text.as_bytes();
        let middle = bytes.len() / 2;
        let (before, after) = (&bytes[..middle], &bytes[(middle + 1).min(bytes.len())..]);
        Self {
            before: Piece::new(before, keys),
            after: Piece::new(after, keys),
            case_sensitive: term.case_sensitive,
            ascii: term.text.is_ascii() && !before.is_empty() && !after.is_empty(),
        }
    }

    /// Whether `after`, found at `at` in a side's keys, may sit where a word one edit from the
    /// term would hold it: `before.len()` to `before.len() + 2` letters into its word. Where a
    /// byte that is not ASCII comes first, letters and bytes part ways: there it may.
    fn after_fits(&self, text: &[u8], at: usize) -> bool {
        let least = self.before.bytes.len();
        let before = &text[at.saturating_sub(least + 3)..at];
        match before
            .iter()
            .rev()
            .position(|byte| !byte.is_ascii_alphanumeric())
        {
            Some(letters) => {
                !before[before.len() - 1 - letters].is_ascii()
                    || (least..=least + 2).contains(&letters)
            }
            // The keys open here, or the word holds too many letters before it.
            None => (least..=least + 2).contains(&at),
        }
    }

    /// Where `piece` occurs in `text`, starting within `starts` (case ignored unless the term
    /// is case-sensitive). Its rarest byte is looked for: most keys hold an `e` many times.
    fn occurrences<'t>(
        &'t self,
        text: &'t [u8],
        starts: Range<usize>,
        piece: &'t Piece,
    ) -> impl Iterator<Item = usize> + 't {
        let (anchor, piece) = (piece.anchor, piece.bytes.as_slice());
        let wanted = piece[anchor];
        let other_case = if self.case_sensitive {
            wanted
        } else {
            wanted.to_ascii_uppercase()
        };
        let from = starts.start + anchor;
        let to = (starts.end + anchor).min(text.len());
        let window = text.get(from..to).unwrap_or_default();
        memchr::memchr2_iter(wanted, other_case, window).filter_map(move |found| {
            let at = starts.start + found;
            let stretch = text.get(at..at + piece.len())?;
            self.same(stretch, piece).then_some(at)
        })
    }

    /// Whether a stretch of text is a piece (whose letters are lower case unless the term is
    /// case-sensitive).
    fn same(&self, stretch: &[u8], piece: &[u8]) -> bool {
        if self.case_sensitive {
            stretch == piece
        } else {
            stretch.eq_ignore_ascii_case(piece)
        }
    }
}

/// The keys a piece is looked for in: every entry's names, or every entry's context.
#[derive(Clone, Copy)]
enum Side {
    Names,
    Context,
}

impl Entry {
    /// Where the entry's keys of one side are in that side's buffer.
    fn span(&self, side: Side) -> Range<usize> {
        let (start, len) = match side {
            Side::Names => (self.start, self.name_len + self.others_len),
            Side::Context => (self.context_start, self.context_len),
        };
        start as usize..(start + len) as usize
    }
}

/// What a pass for typos looks at: the entries that can match in it, and for each long term
/// (in the query's order) the entries that may hold a word one edit from it.
pub(super) struct Typos {
    pub(super) candidates: Arc<Vec<u32>>,
    /// One bit per entry; `None`: any entry may (a term that is not ASCII).
    near: Vec<Option<Arc<Vec<u64>>>>,
}

impl Typos {
    /// A pass for typos among the matches of an earlier one whose query the search narrows.
    pub(super) fn among(candidates: Arc<Vec<u32>>) -> Self {
        Self {
            candidates,
            near: Vec::new(),
        }
    }

    /// The entries that may hold a word one edit from the `nth` long term of the query.
    pub(super) fn near(&self, nth: usize) -> Option<Arc<Vec<u64>>> {
        self.near.get(nth).cloned().flatten()
    }
}

/// The letters each clause of one text term (not negated) needs, and how many of them a word
/// one edit away may lack: one for a long term, none for another.
fn must_hold(query: &Query) -> Vec<(u64, u32)> {
    query
        .clauses
        .iter()
        .filter_map(|clause| match clause.atoms.as_slice() {
            [Atom::Text(term)] if !term.negated => {
                Some((letter_mask(&term.text), u32::from(term.may_be_a_typo())))
            }
            _ => None,
        })
        .collect()
}

/// Whether the bit of `position` is set.
pub(super) fn has_bit(bits: &[u64], position: usize) -> bool {
    bits[position / 64] & (1 << (position % 64)) != 0
}

impl SearchIndex {
    /// Makes ready a pass for typos: the entries that can match in it, in order (those that
    /// matched exactly, `matched`, in order, and those whose words may be one edit from a long
    /// term), and each long term's own. `None` when the search was cancelled.
    pub(super) fn typos(
        &self,
        query: &Query,
        matched: &[u32],
        cancelled: Cancelled<'_>,
    ) -> Option<Typos> {
        let pieces = query
            .clauses
            .iter()
            .flat_map(|clause| &clause.atoms)
            .filter_map(|atom| match atom {
                Atom::Text(term) if term.may_be_a_typo() => Some(Pieces::of(term, &self.keys)),
                _ => None,
            });
        let mut near = Vec::new();
        let mut every_near = Vec::new();
        for pieces in pieces {
            // Pieces that are not ASCII, or keys whose entries cannot be told by their bytes:
            // no prefilter, every entry is looked at.
            if !self.keys.complete() || !pieces.ascii {
                near.push(None);
                let every = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
                every_near = (0..every).collect();
                continue;
            }
            let mut found = Vec::new();
            for side in [Side::Names, Side::Context] {
                found.extend(self.holding(&pieces, side, cancelled)?);
            }
            let mut bits = vec![0u64; self.entries.len().div_ceil(64)];
            for &position in &found {
                bits[position as usize / 64] |= 1 << (position % 64);
            }
            near.push(Some(Arc::new(bits)));
            if every_near.len() < self.entries.len() {
                every_near.extend(found);
            }
        }
        every_near.sort_unstable();
        every_near.dedup();
        // A find must also hold (all but one of) the letters of every other term it must
        // match: far fewer are left to look at.
        let must = must_hold(query);
        every_near.retain(|&position| {
            let entry = &self.entries[position as usize];
            let letters = entry.name_letters | entry.context_letters;
            must.iter()
                .all(|&(wanted, spare)| (wanted & !letters).count_ones() <= spare)
        });
        Some(Typos {
            candidates: Arc::new(merge_in_order(matched, &every_near)),
            near,
        })
    }

    /// The entries whose keys of one side hold one of the pieces where a word one edit from
    /// the term would: each side's buffer is read once for each piece, in order, on every
    /// core, and a find's entry is told by counting the entries that end before it.
    fn holding(&self, pieces: &Pieces, side: Side, cancelled: Cancelled<'_>) -> Option<Vec<u32>> {
        let text = match side {
            Side::Names => self.keys.names(),
            Side::Context => self.keys.contexts(),
        }
        .as_bytes();
        let windows = text.len().div_ceil(WINDOW);
        let parts = in_parallel(windows, text.len() >= PARALLEL_FROM_BYTES, |windows| {
            let mut found = Vec::new();
            for window in windows {
                if cancelled() {
                    return None;
                }
                let starts = window * WINDOW..((window + 1) * WINDOW).min(text.len());
                // The entry of the window's first byte; each find's is counted on from there.
                let first = self
                    .entries
                    .partition_point(|entry| entry.span(side).end < starts.start);
                for (piece, at_word_start) in [(&pieces.before, true), (&pieces.after, false)] {
                    let (mut entry, mut counted_to) = (first, starts.start);
                    for at in pieces.occurrences(text, starts.clone(), piece) {
                        // Entries end in a separator: the buffer's words are the entries'.
                        let fits = if at_word_start {
                            opens_word(text, at)
                        } else {
                            pieces.after_fits(text, at)
                        };
                        if fits {
                            entry += entries_ending_in(&text[counted_to..at]);
                            counted_to = at;
                            found.push(u32::try_from(entry).unwrap_or(u32::MAX));
                        }
                    }
                }
            }
            Some(found)
        });
        Some(parts.into_iter().collect::<Option<Vec<_>>>()?.concat())
    }
}

/// How many entries' keys end in `keys`.
fn entries_ending_in(keys: &[u8]) -> usize {
    // memchr counts many bytes at a time.
    memchr::memchr_iter(ENTRY_END, keys).count()
}

/// From this many bytes of keys on, a side is read on every core.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// How many bytes of keys a scan for typos reads between two questions whether it is still
/// wanted.
const WINDOW: usize = 1 << 20;

/// Whether the byte at `at` opens a word: every word that opens with ASCII opens after a byte
/// that is no ASCII letter or digit.
fn opens_word(text: &[u8], at: usize) -> bool {
    at == 0 || !text[at - 1].is_ascii_alphanumeric()
}

/// Two ascending lists of positions as one, each position once.
fn merge_in_order(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let next = a[i].min(b[j]);
        merged.push(next);
        i += usize::from(a[i] == next);
        j += usize::from(b[j] == next);
    }
    merged.extend_from_slice(&a[i..]);
    merged.extend_from_slice(&b[j..]);
    merged
}

#[cfg(test)]
mod tests {
    use super::super::relevance::within_one_edit_of_a_word;
    use super::*;
    use crate::model::Dataset;

    /// Keys that are awkward for the prefilter: capitals inside words, letters that are not
    /// ASCII before and inside words (Greek and Cyrillic, which folding keeps), digits, a word at the very start of an entry's keys
    /// (where the entry before ends), aliases and contexts.
    const AWKWARD: &str = r#"{
      "lotse": 1,
      "events": [
        { "id": "e1", "title": "Die elektronische Patientenakte kommt!", "city": "Jena" },
        { "id": "e2", "title": "PATIENTENAKTE", "venue": "Ærø–Pflegedienst Haus" },
        { "id": "e3", "title": "ØPatientenakte und Ωdatenschutz, Datωnschutz, ЖPflegedienst", "city": "Łódź" },
        { "id": "e4", "title": "covid19 Studie 2025", "venue": "Klinikum" },
        { "id": "e5", "title": "Datenschutz—Pflege·Robotik", "city": "Straße" }
      ],
      "speakers": [
        { "id": "s1", "name": "Mia Spreckelsen" },
        { "id": "s2", "name": "Jörg Müller-Lüdenscheidt" },
        { "id": "s3", "name": "MedTech DTSPC" }
      ],
      "topics": [
        { "id": "t1", "name": "Künstliche Intelligenz", "aliases": ["KI", "Artificial Intelligence"] }
      ]
    }"#;

    fn index_of(json: &str) -> (Dataset, SearchIndex) {
        let dataset = Dataset::from_text(json, "test").unwrap().dataset;
        let index = SearchIndex::new(&dataset);
        (dataset, index)
    }

    /// Every text one edit from `word`: each letter left out, changed, doubled or swapped
    /// with the next, and one put in at each place.
    fn misspellings(word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut all = Vec::new();
        for at in 0..=chars.len() {
            let (head, tail) = (&chars[..at], &chars[at..]);
            let text = |middle: &[char], rest: &[char]| -> String {
                head.iter().chain(middle).chain(rest).collect()
            };
            all.push(text(&['q'], tail));
            if let Some((&first, rest)) = tail.split_first() {
                all.push(text(&[], rest));
                all.push(text(&['x'], rest));
                all.push(text(&[first, first], rest));
                if let Some((&second, rest)) = rest.split_first() {
                    all.push(text(&[second, first], rest));
                }
            }
        }
        all
    }

    /// Every word of five letters or more in the keys.
    fn long_words(index: &SearchIndex) -> Vec<String> {
        let mut words: Vec<String> = [index.keys.names(), index.keys.contexts()]
            .iter()
            .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
            .filter(|word| word.chars().count() >= 5)
            .map(str::to_owned)
            .collect();
        words.sort();
        words.dedup();
        words
    }

    /// Whether an entry holds a word one edit from `term`, as a pass for typos tells it.
    fn truly_near(index: &SearchIndex, position: usize, term: &TextTerm) -> bool {
        let entry = &index.entries[position];
        let chars: Vec<char> = term.text.chars().collect();
        let near = |text: &str| within_one_edit_of_a_word(text, &chars, term.case_sensitive);
        entry.names(&index.keys).any(near) || near(entry.context(&index.keys))
    }

    /// The one long term of a query of one word.
    fn term_of(query: &Query) -> &TextTerm {
        match query.clauses[0].atoms.as_slice() {
            [Atom::Text(term)] => term,
            _ => panic!("one text term"),
        }
    }

    /// Looks for every misspelling of every long word (`every`-th word, for time) in lower
    /// case and as typed with a capital, and checks that no entry with a word one edit away is
    /// left out by the prefilter; says how many entries the prefilter kept in all.
    fn check_every_misspelling(index: &SearchIndex, every: usize) -> (usize, usize) {
        let (mut kept, mut looked_at) = (0, 0);
        for word in long_words(index).iter().step_by(every) {
            for typo in misspellings(&word.to_lowercase()) {
                let mut letters = typo.chars();
                let capital: String = letters
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(letters)
                    .collect();
                for typed in [typo.clone(), capital] {
                    let Ok(query) = crate::search::parse(&typed) else {
                        continue;
                    };
                    let term = term_of(&query);
                    if !term.may_be_a_typo() {
                        continue;
                    }
                    let typos = index.typos(&query, &[], &|| false).unwrap();
                    let near = typos.near(0);
                    for position in 0..index.entries.len() {
                        let kept_here = near.as_ref().is_none_or(|bits| has_bit(bits, position));
                        assert!(
                            kept_here || !truly_near(index, position, term),
                            "{typed:?} (from {word:?}) left out entry {position}: {:?} / {:?}",
                            index.entries[position]
                                .names(&index.keys)
                                .collect::<Vec<_>>(),
                            index.entries[position].context(&index.keys),
                        );
                        kept += usize::from(kept_here);
                        looked_at += 1;
                    }
                }
            }
        }
        (kept, looked_at)
    }

    #[test]
    fn no_entry_with_a_word_one_edit_away_is_left_out_of_awkward_keys() {
        let (_, index) = index_of(AWKWARD);
        let (kept, looked_at) = check_every_misspelling(&index, 1);
        assert!(looked_at > 10_000, "{looked_at} entries looked at");
        // Even among so few (and so awkward) entries, the prefilter leaves out most.
        assert!(kept * 2 < looked_at, "kept {kept} of {looked_at}");
    }

    #[test]
    fn no_entry_with_a_word_one_edit_away_is_left_out_of_synthetic_keys() {
        let json = crate::synthetic::dataset_json(2_000);
        let (_, index) = index_of(&json);
        let (kept, looked_at) = check_every_misspelling(&index, 7);
        assert!(looked_at > 100_000, "{looked_at} entries looked at");
        // The prefilter is worth its while: it keeps few.
        assert!(kept * 4 < looked_at, "kept {kept} of {looked_at}");
    }

    #[test]
    fn each_find_is_told_its_entry_by_the_entries_that_end_before_it() {
        let json = crate::synthetic::dataset_json(2_000);
        let (_, index) = index_of(&json);
        for side in [Side::Names, Side::Context] {
            let text = match side {
                Side::Names => index.keys.names(),
                Side::Context => index.keys.contexts(),
            }
            .as_bytes();
            for (position, entry) in index.entries.iter().enumerate() {
                let span = entry.span(side);
                assert_eq!(entries_ending_in(&text[..span.start]), position);
                assert_eq!(
                    text[span.end], ENTRY_END,
                    "entry {position} ends in a separator"
                );
            }
        }
    }

    /// Many exact matches, scattered, and one word one edit away: below them, it is found too
    /// (a dataset this small is always searched for typos).
    #[test]
    fn a_word_one_edit_away_is_found_below_many_exact_matches() {
        let speakers: Vec<String> = (1..=12)
            .map(|n| format!(r#"{{ "id": "s{n}", "name": "Pat Tien Ten {n}" }}"#))
            .collect();
        let json = format!(
            r#"{{ "lotse": 1,
                 "events": [{{ "id": "akte", "title": "Die Patientenakte" }}],
                 "speakers": [{}] }}"#,
            speakers.join(",")
        );
        let (dataset, index) = index_of(&json);
        let hits = index.rank(&dataset, "pattienten", None).unwrap();
        let names: Vec<&str> = hits.iter().map(|hit| dataset.name(hit.entity)).collect();
        assert_eq!(names.len(), 13, "{names:?}");
        assert_eq!(
            names[12], "Die Patientenakte",
            "below every exact match: {names:?}"
        );
    }

    #[test]
    fn lists_of_positions_merge_in_order_once_each() {
        assert_eq!(
            merge_in_order(&[1, 4, 9], &[2, 4, 10, 11]),
            [1, 2, 4, 9, 10, 11]
        );
        assert_eq!(merge_in_order(&[], &[3]), [3]);
        assert_eq!(merge_in_order(&[5], &[]), [5]);
    }
}
