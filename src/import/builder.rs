//! What every importer builds into: a lotse document with ids made from names and source ids,
//! speakers and topics made once however often they are named, and the repairs that needed.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{Document, Event, Problem, Programme, Source, Speaker, Topic, slugify};

/// A document under construction. Every entity it makes cites the one source: the schedule.
pub struct Builder {
    document: Document,
    taken: FxHashSet<String>,
    /// For each id base, the suffix to try next: `-2`, `-3`… are not probed again from the
    /// start, so ten thousand entities of one name cost ten thousand steps, not fifty million.
    next_suffix: FxHashMap<String, usize>,
    /// Speakers by the schedule's person key, and by key and name for the people who share a
    /// key under different names.
    speakers: FxHashMap<String, usize>,
    topics: FxHashMap<String, usize>,
    repairs: Vec<Problem>,
    source_id: String,
    /// What the schedule says beyond its events: days, rooms, time zone.
    pub programme: Programme,
}

impl Builder {
    /// Starts a document whose facts all come from `source`.
    pub fn new(title: Option<String>, mut source: Source) -> Self {
        let mut builder = Self {
            document: Document::new(title),
            taken: FxHashSet::default(),
            next_suffix: FxHashMap::default(),
            speakers: FxHashMap::default(),
            topics: FxHashMap::default(),
            repairs: Vec::new(),
            source_id: String::new(),
            programme: Programme::default(),
        };
        source.id = builder.unique_id(&source.id, "schedule");
        builder.source_id = source.id.clone();
        builder.document.sources.push(source);
        builder
    }

    /// A new id made from `text` (an entity's name or its id in the schedule), unique in the
    /// document: `opening-ceremony`, then `opening-ceremony-2`.
    pub fn unique_id(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = fallback.to_owned();
        }
        // Long ids help nobody; cut at a character boundary (a slug is ASCII).
        base.truncate(64);
        let base = base.trim_end_matches(['-', '.', '_']).to_owned();
        let mut id = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.taken.insert(id.clone());
        id
    }

    /// Notes something the importer had to repair or leave out.
    pub fn repair(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.repairs.push(Problem::new(path, message));
    }

    /// Notes a repair that holds for the whole file, once however often it is met.
    pub fn repair_once(&mut self, path: impl Into<String>, message: impl Into<String>) {
        let problem = Problem::new(path, message);
        if !self.repairs.contains(&problem) {
            self.repairs.push(problem);
        }
    }

    /// Adds a conference day to the programme. A day whose date is not after the last one's
    /// (merged or repeated days) keeps its events but is left out of the programme's days,
    /// and said so: `day:N` counts the days in order.
    pub fn day(&mut self, day: crate::model::Day, path: &str) {
        if let Some(last) = self.programme.days.last()
            && last.date >= day.date
        {
            let message = format!(
                "day {} is not after day {}; its events are kept, the day is not counted",
                day.date, last.date
            );
            self.repair(path, message);
            return;
        }
        self.programme.days.push(day);
    }

    /// Adds a room to the programme's order unless it is there.
    pub fn room(&mut self, name: &str) {
        if !self.programme.rooms.iter().any(|room| room == name) {
            self.programme.rooms.push(name.to_owned());
        }
    }

    /// Adds an event (its id must come from `unique_id`), citing the source. An end before
    /// the start (a typo in the file) is left out and said: one bad time never refuses a
    /// schedule.
    pub fn push_event(&mut self, mut event: Event) {
        event.sources = vec![self.source_id.clone()];
        let parse = |text: &Option<String>| {
            text.as_deref()
                .and_then(|t| crate::model::When::parse(t).ok())
        };
        if let (Some(start), Some(end)) = (parse(&event.start), parse(&event.end))
            && end.is_before(start)
        {
            self.repair(
                format!("event {:?}", event.id),
                format!(
                    "ends ({}) before it starts ({}); it has no end",
                    event.end.take().unwrap_or_default(),
                    event.start.as_deref().unwrap_or_default()
                ),
            );
        }
        self.document.events.push(event);
    }

    /// The id of the speaker a schedule knows as `key`, made on first sight. One key with
    /// different names is different people (merged schedules give hundreds of people the id
    /// `0`): each name is a speaker of its own, with a repair line at `path`.
    pub fn speaker(&mut self, key: &str, name: &str, path: &str) -> String {
        if let Some(&index) = self.speakers.get(key) {
            let known = &self.document.speakers[index];
            if known.name == name {
                return known.id.clone();
            }
            let first = known.name.clone();
            let apart = format!("{key}\u{0}{name}");
            if let Some(&index) = self.speakers.get(&apart) {
                return self.document.speakers[index].id.clone();
            }
            self.repair(
                path,
                format!(
                    "person id {key:?} is also {first:?}; {name:?} is kept as a person of \
                     their own"
                ),
            );
            return self.new_speaker(apart, name);
        }
        self.new_speaker(key.to_owned(), name)
    }

    fn new_speaker(&mut self, key: String, name: &str) -> String {
        let id = self.unique_id(name, "speaker");
        self.speakers.insert(key, self.document.speakers.len());
        self.document.speakers.push(Speaker {
            id: id.clone(),
            name: name.to_owned(),
            sources: vec![self.source_id.clone()],
            ..Speaker::default()
        });
        id
    }

    /// The id of the topic of this name (tracks and categories), made on first sight; names
    /// that differ only in case are one topic.
    pub fn topic(&mut self, name: &str) -> String {
        let key = name.to_lowercase();
        if let Some(&index) = self.topics.get(&key) {
            return self.document.topics[index].id.clone();
        }
        let id = self.unique_id(name, "topic");
        self.topics.insert(key, self.document.topics.len());
        self.document.topics.push(Topic {
            id: id.clone(),
            name: name.to_owned(),
            sources: vec![self.source_id.clone()],
            ..Topic::default()
        });
        id
    }

    /// Lets a speaker's topics follow their talks: a speaker is about the tracks they talk in.
    fn link_speaker_topics(&mut self) {
        let index: FxHashMap<String, usize> = self
            .document
            .speakers
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        for event in &self.document.events {
            for speaker in &event.speakers {
                let Some(&i) = index.get(speaker) else {
                    continue;
                };
                let topics = &mut self.document.speakers[i].topics;
                for topic in &event.topics {
                    if !topics.contains(topic) {
                        topics.push(topic.clone());
                    }
                }
            }
        }
    }

    /// The finished document and the repairs it needed.
    pub fn finish(mut self) -> (Document, Vec<Problem>) {
        self.link_speaker_topics();
        self.tell_repeated_keys_apart();
        if !self.programme.is_empty() {
            self.document.programme = Some(self.programme);
        }
        (self.document, self.repairs)
    }

    /// Makes every event's key unique in the schedule, so that a key (and a bookmark kept by
    /// it, and `diff`) always means one talk: where a schedule gives several events one key
    /// (a camp's calendar gives 67 one UID), the first keeps it and each other is told apart
    /// by its start (`KEY@2019-12-27T11:00:00+01:00`), else by its place (`KEY#2`); said once
    /// per key.
    fn tell_repeated_keys_apart(&mut self) {
        let mut count: FxHashMap<String, usize> = FxHashMap::default();
        for event in &self.document.events {
            if let Some(key) = &event.key {
                *count.entry(key.clone()).or_default() += 1;
            }
        }
        let mut taken: FxHashSet<String> = count.keys().cloned().collect();
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        let mut repairs = Vec::new();
        for event in &mut self.document.events {
            let Some(key) = event.key.clone().filter(|k| count[k] > 1) else {
                continue;
            };
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            if *n == 1 {
                repairs.push(Problem::new(
                    format!("event {:?}", event.id),
                    format!(
                        "the key {key:?} is given to {} events; the first keeps it, each other \
                         is told apart by its start (else its place): {key}@START",
                        count[&key]
                    ),
                ));
                continue;
            }
            let by_start = event.start.as_ref().map(|start| format!("{key}@{start}"));
            let apart = by_start.filter(|k| !taken.contains(k)).unwrap_or_else(|| {
                (*n..)
                    .map(|m| format!("{key}#{m}"))
                    .find(|k| !taken.contains(k))
                    .unwrap_or_default()
            });
            taken.insert(apart.clone());
            event.key = Some(apart);
        }
        self.repairs.extend(repairs);
    }
}
