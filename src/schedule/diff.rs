//! What changed between two versions of a schedule: events matched by their stable key (frab
//! `guid`, pretalx `code`, iCalendar `UID`, else the lotse id), each reported once as new,
//! cancelled, moved (start, end or room) and changed (title, speakers, language, track,
//! duration, summary), in the new version's time order.

use crate::model::{Dataset, EntityRef, Kind, Role, Timing, schema};

/// Where and when an event takes place, as a version of the schedule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub start: Option<String>,
    pub end: Option<String>,
    pub room: Option<String>,
}

/// An event as one version has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: String,
    pub name: String,
    pub placement: Placement,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub id: String,
    pub name: String,
    pub from: Placement,
    pub to: Placement,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub id: String,
    pub name: String,
    /// The fields that differ, in a fixed order: `title`, `speakers`, `language`, `track`,
    /// `duration`, `summary`.
    pub fields: Vec<&'static str>,
}

/// Everything that differs; empty when the versions agree on every event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub new: Vec<Version>,
    pub cancelled: Vec<Version>,
    pub moved: Vec<Moved>,
    pub changed: Vec<Changed>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty()
            && self.cancelled.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }

    /// `12 changes: 2 new, 1 cancelled, 9 moved, 0 changed`, or that there are none.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no changes".to_owned();
        }
        let count = self.count();
        let plural = if count == 1 { "" } else { "s" };
        format!(
            "{count} change{plural}: {} new, {} cancelled, {} moved, {} changed",
            self.new.len(),
            self.cancelled.len(),
            self.moved.len(),
            self.changed.len()
        )
    }

    /// `12 changes since 14:05: 2 new, 1 cancelled, 9 moved`: the kinds of change there are.
    pub fn summary_since(&self, since: &str) -> String {
        if self.is_empty() {
            return format!("no changes since {since}");
        }
        let count = self.count();
        let plural = if count == 1 { "" } else { "s" };
        let kinds: Vec<String> = [
            (self.new.len(), "new"),
            (self.cancelled.len(), "cancelled"),
            (self.moved.len(), "moved"),
            (self.changed.len(), "changed"),
        ]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, kind)| format!("{n} {kind}"))
        .collect();
        format!("{count} change{plural} since {since}: {}", kinds.join(", "))
    }

    /// How many events changed in any way (an event moved and changed counts once).
    pub fn count(&self) -> usize {
        let changed: std::collections::HashSet<&str> =
            self.changed.iter().map(|c| c.id.as_str()).collect();
        let both = self
            .moved
            .iter()
            .filter(|m| changed.contains(m.id.as_str()))
            .count();
        self.new.len() + self.cancelled.len() + self.moved.len() + self.changed.len() - both
    }
}

/// The events of `old` and `new` compared by their stable keys.
pub fn diff(old: &Dataset, new: &Dataset) -> Changes {
    let old_events = keyed(old);
    let new_events = keyed(new);
    let old_keys: std::collections::HashMap<&str, EntityRef> = old_events
        .iter()
        .map(|&(key, event)| (key, event))
        .collect();
    let new_keys: std::collections::HashSet<&str> =
        new_events.iter().map(|&(key, _)| key).collect();
    let mut changes = Changes::default();
    for &(key, event) in &new_events {
        let Some(&before) = old_keys.get(key) else {
            changes.new.push(version(new, event));
            continue;
        };
        let (from, to) = (placement(old, before), placement(new, event));
        if !same_placement(&from, &to) {
            changes.moved.push(Moved {
                id: new.id(event).to_owned(),
                name: new.name(event).to_owned(),
                from,
                to,
            });
        }
        let fields = changed_fields(old, before, new, event);
        if !fields.is_empty() {
            changes.changed.push(Changed {
                id: new.id(event).to_owned(),
                name: new.name(event).to_owned(),
                fields,
            });
        }
    }
    changes.cancelled = old_events
        .iter()
        .filter(|(key, _)| !new_keys.contains(key))
        .map(|&(_, event)| version(old, event))
        .collect();
    changes
}

/// The events that take place at a time (a conference is not one of its talks), each with
/// its stable key, in time order.
fn keyed(dataset: &Dataset) -> Vec<(&str, EntityRef)> {
    let schedule = super::Schedule::new(dataset);
    let mut events: Vec<(&str, EntityRef)> = schedule
        .programme(dataset.entities_of(Kind::Event))
        .into_iter()
        .map(|slot| {
            (
                crate::bookmarks::stable_key(dataset, slot.event),
                slot.event,
            )
        })
        .collect();
    // Events without a time have no place in the programme, but may still change.
    for event in dataset.entities_of(Kind::Event) {
        let alone = dataset.related(event, Role::Sessions).is_empty();
        if alone && Timing::of(dataset, event).is_none() {
            events.push((crate::bookmarks::stable_key(dataset, event), event));
        }
    }
    events
}

fn version(dataset: &Dataset, event: EntityRef) -> Version {
    Version {
        id: dataset.id(event).to_owned(),
        name: dataset.name(event).to_owned(),
        placement: placement(dataset, event),
    }
}

fn placement(dataset: &Dataset, event: EntityRef) -> Placement {
    let text = |field| dataset.text(event, field).map(str::to_owned);
    Placement {
        start: text(schema::event::START),
        end: text(schema::event::END),
        room: text(schema::event::VENUE),
    }
}

/// Whether two placements agree: the same instants (whatever offset they were written with)
/// and the same room.
fn same_placement(a: &Placement, b: &Placement) -> bool {
    let instant = |start: &Option<String>| {
        start
            .as_deref()
            .and_then(|s| Timing::parse(s, None))
            .map(|t| t.start)
    };
    instant(&a.start) == instant(&b.start) && instant(&a.end) == instant(&b.end) && a.room == b.room
}

fn changed_fields(old: &Dataset, a: EntityRef, new: &Dataset, b: EntityRef) -> Vec<&'static str> {
    let text = |dataset: &Dataset, event, field| dataset.text(event, field).map(str::to_owned);
    let speakers = |dataset: &Dataset, event| {
        let mut names = dataset.names(dataset.related(event, Role::Speakers));
        names.sort_unstable();
        names.join("\n")
    };
    let duration = |dataset: &Dataset, event| {
        Timing::of(dataset, event)
            .filter(|t| t.has_end)
            .map(|t| t.end.duration_since(t.start))
    };
    let mut fields = Vec::new();
    if old.name(a) != new.name(b) {
        fields.push("title");
    }
    if speakers(old, a) != speakers(new, b) {
        fields.push("speakers");
    }
    for (name, field) in [
        ("language", schema::event::LANGUAGE),
        ("track", schema::event::TRACK),
    ] {
        if text(old, a, field) != text(new, b, field) {
            fields.push(name);
        }
    }
    if duration(old, a) != duration(new, b) {
        fields.push("duration");
    }
    if text(old, a, schema::event::SUMMARY) != text(new, b, schema::event::SUMMARY) {
        fields.push("summary");
    }
    fields
}
