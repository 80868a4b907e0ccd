//! The search keys of an entity, built once per dataset: its folded name (and German
//! transliteration), the folded context a user would type, and the mask of their letters.

use std::ops::Range;

use super::super::fold::{fold_german_into, fold_into};
use super::super::text_match::{initials_mask, letter_mask};
use super::Entry;
use crate::model::schema::{event, organization, source, topic};
use crate::model::{Dataset, EntityRef, Kind, Role};

impl Entry {
    /// Folds the keys of `entity` onto the ends of `keys` and says where they are; `scratch`
    /// is reused from one entity to the next, so that a million entities cost no million
    /// allocations. Keys are addressed in 32 bits: an entity whose keys would end past 4 GiB
    /// of keys (a dataset of many gigabytes of names) gets none, and is found by no search.
    pub(super) fn new(
        dataset: &Dataset,
        entity: EntityRef,
        keys: &mut Keys,
        scratch: &mut Scratch,
    ) -> Self {
        let name = dataset.name(entity);
        let (start, context_start) = (keys.names.len(), keys.contexts.len());
        fold_into(name, &mut keys.names);
        let name_len = keys.names.len() - start;
        add_other_names(dataset, entity, name, keys, scratch, start);
        scratch.context.clear();
        search_context(dataset, entity, &mut scratch.context);
        fold_into(&scratch.context, &mut keys.contexts);
        let offsets = u32::try_from(keys.names.len())
            .and(u32::try_from(keys.contexts.len()))
            .and(u32::try_from(start))
            .and(u32::try_from(context_start));
        if offsets.is_err() {
            keys.some_left_out = true;
            keys.names.truncate(start);
            keys.contexts.truncate(context_start);
            return Self::without_keys();
        }
        let names = &keys.names[start..];
        let context = &keys.contexts[context_start..];
        let length = |text_len: usize| u32::try_from(text_len).unwrap_or(u32::MAX);
        let entry = Self {
            start: length(start),
            context_start: length(context_start),
            name_len: length(name_len),
            others_len: length(names.len() - name_len),
            context_len: length(context.len()),
            name_letters: letter_mask(names)
                | initials_mask(names)
                | if names.is_ascii() { 0 } else { NOT_ASCII },
            context_letters: letter_mask(context)
                | initials_mask(context)
                | if context.is_ascii() { 0 } else { NOT_ASCII },
            name_chars: u16::try_from(name.chars().count()).unwrap_or(u16::MAX),
            name_lengths: names.split('\n').fold(0, |lengths, name| {
                lengths | 1 << name.len().min(NAME_LENGTHS_TOP)
            }),
        };
        // A separator after each entry's keys: no word runs on from one entry into the next,
        // and a byte's entry is the number of separators before it, so that the buffers can
        // be read whole (`typos`).
        keys.names.push(char::from(ENTRY_END));
        keys.contexts.push(char::from(ENTRY_END));
        entry
    }

    /// An entry with no keys: matched by nothing.
    fn without_keys() -> Self {
        Self {
            start: 0,
            context_start: 0,
            name_len: 0,
            others_len: 0,
            context_len: 0,
            name_letters: 0,
            context_letters: 0,
            name_chars: 0,
            name_lengths: 0,
        }
    }

    /// The folded name, then the German transliteration where it differs, then the aliases.
    pub(super) fn names<'k>(&self, keys: &'k Keys) -> impl Iterator<Item = &'k str> {
        let start = self.start as usize;
        let name_end = start + self.name_len as usize;
        let others_end = name_end + self.others_len as usize;
        // The others follow the name, each after a line break.
        let others =
            (self.others_len > 0).then(|| keys.names[name_end + 1..others_end].split('\n'));
        std::iter::once(&keys.names[start..name_end]).chain(others.into_iter().flatten())
    }

    /// The name, the transliteration and the aliases as one text, a line break between each
    /// (letters in order in none of them are in order in no single one either), as a range of
    /// the names' buffer; and whether it is all ASCII.
    pub(super) fn all_names<'k>(&self, keys: &'k Keys) -> ((&'k str, Range<usize>), bool) {
        let start = self.start as usize;
        let end = start + self.name_len as usize + self.others_len as usize;
        (
            (&keys.names, start..end),
            self.name_letters & NOT_ASCII == 0,
        )
    }

    /// The context as a range of the contexts' buffer, and whether it is all ASCII.
    pub(super) fn context_range<'k>(&self, keys: &'k Keys) -> ((&'k str, Range<usize>), bool) {
        let start = self.context_start as usize;
        let end = start + self.context_len as usize;
        (
            (&keys.contexts, start..end),
            self.context_letters & NOT_ASCII == 0,
        )
    }

    /// Whether a name or alias could equal a term of `term_len` bytes (folded, as the keys
    /// are): one has that length, or a name is not ASCII (lower case may change its length).
    pub(super) fn could_be_whole(&self, term_len: usize) -> bool {
        self.name_lengths & 1 << term_len.min(NAME_LENGTHS_TOP) != 0
            || self.name_letters & NOT_ASCII != 0
    }

    /// The folded context values, one per line.
    pub(super) fn context<'k>(&self, keys: &'k Keys) -> &'k str {
        let start = self.context_start as usize;
        &keys.contexts[start..start + self.context_len as usize]
    }
}

/// Ends each entry's keys in the buffers: a NUL, which no cleaned text holds (`model::clean`
/// drops control characters).
pub(super) const ENTRY_END: u8 = 0;

/// In an entry's `name_letters` (`context_letters`), above the letters and initials: its names
/// (its context) are not all ASCII.
const NOT_ASCII: u64 = 1 << 63;

/// The bit of `Entry::name_lengths` that stands for every length from this one up.
const NAME_LENGTHS_TOP: usize = 15;

/// The names an entity is also known by, after its name in `keys.names`, each after a line
/// break: the German transliteration of its name where it differs (`Mueller`), and its aliases
/// (a topic's aliases, an organization's short name). A match in these is a match in the name.
fn add_other_names(
    dataset: &Dataset,
    entity: EntityRef,
    name: &str,
    keys: &mut Keys,
    scratch: &mut Scratch,
    name_start: usize,
) {
    // An ASCII name has no transliteration of its own.
    if !name.is_ascii() {
        scratch.german.clear();
        fold_german_into(name, &mut scratch.german);
        if scratch.german != keys.names[name_start..] {
            keys.names.push('\n');
            keys.names.push_str(&scratch.german);
        }
    }
    let mut add = |alias: &str| {
        // A line break inside an alias would split it in two.
        if !alias.trim().is_empty() && !alias.contains('\n') {
            keys.names.push('\n');
            fold_into(alias, &mut keys.names);
        }
    };
    match entity.kind() {
        Kind::Topic => dataset.texts(entity, topic::ALIASES).for_each(&mut add),
        Kind::Organization => dataset
            .text(entity, organization::SHORT)
            .into_iter()
            .for_each(add),
        _ => {}
    }
}

/// Every entry's folded keys, in entry order, each followed by `ENTRY_END`: the names (and
/// transliterations) in one buffer, the contexts in another. A scan reads the names in order, densely, and a context only when
/// its letters could match.
#[derive(Default)]
pub(super) struct Keys {
    names: String,
    contexts: String,
    /// Whether some entry has no keys (past 4 GiB of them): then the entries' starts no
    /// longer rise with their positions.
    some_left_out: bool,
    /// How often each byte occurs (case ignored) in a sample of the keys.
    frequencies: Vec<u32>,
}

impl Keys {
    /// Every entry's names, end to end in entry order.
    pub(super) fn names(&self) -> &str {
        &self.names
    }

    /// Every entry's context, end to end in entry order.
    pub(super) fn contexts(&self) -> &str {
        &self.contexts
    }

    /// How often a byte (either case) occurs in a sample of the keys: the rarest byte of a
    /// text is the one to look for first.
    pub(super) fn frequency(&self, byte: u8) -> u32 {
        self.frequencies
            .get(usize::from(byte.to_ascii_lowercase()))
            .copied()
            .unwrap_or(0)
    }

    /// Counts the bytes of up to `SAMPLES` stretches spread over each buffer.
    fn sample_frequencies(&mut self) {
        let mut frequencies = vec![0u32; 256];
        for text in [&self.names, &self.contexts] {
            let text = text.as_bytes();
            let every = (text.len() / SAMPLES).max(SAMPLE_LEN);
            for start in (0..text.len()).step_by(every) {
                for &byte in &text[start..(start + SAMPLE_LEN).min(text.len())] {
                    frequencies[usize::from(byte.to_ascii_lowercase())] += 1;
                }
            }
        }
        self.frequencies = frequencies;
    }

    /// Whether every entry has its keys, so that the entries' starts rise with their
    /// positions and the entry of a byte of the keys can be looked up.
    pub(super) fn complete(&self) -> bool {
        !self.some_left_out
    }

    /// Asks for the memory of an entry's keys (names and context) ahead of reading them.
    pub(super) fn prefetch(&self, entry: &Entry) {
        if let Some(byte) = self.names.as_bytes().get(entry.start as usize) {
            crate::memory::prefetch(byte);
        }
        if let Some(byte) = self.contexts.as_bytes().get(entry.context_start as usize) {
            crate::memory::prefetch(byte);
        }
    }
}

/// Below this many entities one thread folds every key: starting more costs more.
const PARALLEL_FROM: usize = 50_000;

/// Runs per core: putting runs end to end copies one run's keys at a time beside the rest, so
/// shorter runs mean a lower peak of memory (an eighth of a core's share of the keys).
const RUNS_PER_CORE: usize = 8;

/// The entries and keys of every entity, in `Dataset::entities` order, folded on every core:
/// each folds a run of entities into keys of its own, which are then put end to end.
pub(super) fn build(dataset: &Dataset) -> (Vec<Entry>, Keys) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let runs = if dataset.len() < PARALLEL_FROM {
        1
    } else {
        threads * RUNS_PER_CORE
    };
    let (entries, mut keys) = build_in_runs(dataset, runs);
    keys.sample_frequencies();
    (entries, keys)
}

/// How many stretches of how many bytes of the keys are counted for their bytes' frequencies.
const SAMPLES: usize = 64;
const SAMPLE_LEN: usize = 1024;

/// The entries and keys, folded in `runs` runs at once. Each run writes its entries in their
/// places in the one table and folds its keys into buffers of its own, which are then put end
/// to end: the only copy is of the later runs' keys, one buffer at a time (at a million
/// entities a second copy of everything would be the load's peak of memory).
fn build_in_runs(dataset: &Dataset, runs: usize) -> (Vec<Entry>, Keys) {
    let numbering = dataset.numbering();
    let mut entries = vec![Entry::without_keys(); numbering.total()];
    let run = entries.len().div_ceil(runs.max(1)).max(1);
    let fold_run = |first: usize, entries: &mut [Entry]| {
        let mut keys = Keys::default();
        let mut scratch = Scratch::default();
        for (position, entry) in (first..).zip(entries.iter_mut()) {
            let entity = numbering.entity(position);
            *entry = Entry::new(dataset, entity, &mut keys, &mut scratch);
        }
        keys
    };
    let parts: Vec<Keys> = if runs <= 1 {
        vec![fold_run(0, &mut entries)]
    } else {
        std::thread::scope(|scope| {
            let fold_run = &fold_run;
            let workers: Vec<_> = entries
                .chunks_mut(run)
                .enumerate()
                .map(|(i, entries)| scope.spawn(move || fold_run(i * run, entries)))
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("a key-folding thread does not panic"))
                .collect()
        })
    };
    let keys = put_end_to_end(&mut entries, run, parts);
    (entries, keys)
}

/// The runs' keys as one, and each run's entries (`run` entries each) moved past the keys
/// before it.
fn put_end_to_end(entries: &mut [Entry], run: usize, parts: Vec<Keys>) -> Keys {
    let mut some_left_out = parts.iter().any(|keys| keys.some_left_out);
    let (names, contexts): (Vec<String>, Vec<String>) = parts
        .into_iter()
        .map(|keys| (keys.names, keys.contexts))
        .unzip();
    let (names, name_starts) = concatenate(names);
    let (contexts, context_starts) = concatenate(contexts);
    for ((entries, name_start), context_start) in
        entries.chunks_mut(run).zip(name_starts).zip(context_starts)
    {
        for entry in entries {
            *entry = match (name_start, context_start) {
                (Some(names_before), Some(contexts_before)) => Entry {
                    start: entry.start + names_before,
                    context_start: entry.context_start + contexts_before,
                    ..*entry
                },
                // Past 4 GiB of keys (see `Entry::new`): the run's entities get none.
                _ => {
                    some_left_out = true;
                    Entry::without_keys()
                }
            };
        }
    }
    Keys {
        names,
        contexts,
        some_left_out,
        frequencies: Vec::new(),
    }
}

/// The texts end to end, and where each starts, or `None` for a text that would end past
/// 4 GiB (left out). The first text's buffer grows to hold the rest (a larger block is
/// remapped, not copied), and each later text is let go as soon as it is copied.
fn concatenate(texts: Vec<String>) -> (String, Vec<Option<u32>>) {
    let total = texts.iter().map(String::len).sum::<usize>();
    let mut texts = texts.into_iter();
    let Some(mut joined) = texts.next() else {
        return (String::new(), Vec::new());
    };
    joined.reserve_exact(total - joined.len());
    let mut starts = vec![Some(0)];
    for text in texts {
        let before = u32::try_from(joined.len()).ok();
        let fits = before.filter(|&before| u32::try_from(before as usize + text.len()).is_ok());
        if fits.is_some() {
            joined.push_str(&text);
        }
        starts.push(fits);
    }
    joined.shrink_to_fit();
    (joined, starts)
}

/// Reused buffers for folding one entity's keys after another.
#[derive(Default)]
pub(super) struct Scratch {
    german: String,
    context: String,
}

/// The context an entity is found by, beside its name: its values one per line, appended to
/// `lines`.
fn search_context(dataset: &Dataset, entity: EntityRef, lines: &mut String) {
    let mut add = |value: &str| {
        if !lines.is_empty() {
            lines.push('\n');
        }
        lines.push_str(value);
    };
    let text = |field| dataset.text(entity, field);
    match entity.kind() {
        Kind::Event => {
            let year = dataset
                .event_year(entity.index())
                .map(|year| year.to_string());
            [text(event::VENUE), text(event::CITY), text(event::SERIES)]
                .into_iter()
                .chain([year.as_deref()])
                .flatten()
                .for_each(add);
        }
        Kind::Speaker => {
            for &org in dataset.related(entity, Role::Affiliations) {
                add(dataset.name(org));
                dataset.text(org, organization::SHORT).map(&mut add);
            }
        }
        // Their aliases are among their names.
        Kind::Topic | Kind::Organization | Kind::Project => {}
        Kind::Source => [text(source::PUBLISHER), text(source::FILE)]
            .into_iter()
            .flatten()
            .for_each(add),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything an entry says, to compare entries built apart.
    #[derive(Debug, PartialEq)]
    struct Described {
        position: usize,
        names: Vec<String>,
        context: String,
        masks: (u64, u64),
        name_chars: u16,
        name_lengths: u16,
    }

    fn described(entries: &[Entry], keys: &Keys) -> Vec<Described> {
        entries
            .iter()
            .enumerate()
            .map(|(position, e)| Described {
                position,
                names: e.names(keys).map(str::to_owned).collect(),
                context: e.context(keys).to_owned(),
                masks: (e.name_letters, e.context_letters),
                name_chars: e.name_chars,
                name_lengths: e.name_lengths,
            })
            .collect()
    }

    #[test]
    fn keys_folded_in_runs_on_several_threads_are_the_keys_folded_in_one() {
        let json = crate::synthetic::dataset_json(3_000);
        let dataset = Dataset::from_text(&json, "synthetic").unwrap().dataset;
        let (entries, keys) = build_in_runs(&dataset, 1);
        let one = described(&entries, &keys);
        assert_eq!(one.len(), dataset.len());
        for runs in [2, 3, 7] {
            let (entries, keys) = build_in_runs(&dataset, runs);
            assert_eq!(described(&entries, &keys), one, "{runs} runs");
        }
    }

    #[test]
    fn every_entry_is_the_entity_at_its_position() {
        let json = crate::synthetic::dataset_json(3_000);
        let dataset = Dataset::from_text(&json, "synthetic").unwrap().dataset;
        let index = super::super::SearchIndex::new(&dataset);
        for (position, entity) in dataset.entities().enumerate() {
            assert_eq!(index.entity_at(position), entity);
            assert_eq!(index.position_of(entity), position);
            let name = index.entries[position].names(&index.keys).next().unwrap();
            assert_eq!(
                name,
                crate::search::fold::fold(dataset.name(entity)),
                "{entity:?}"
            );
        }
    }
}
