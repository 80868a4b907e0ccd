//! What a conference schedule knows beyond its events, kept so that an agenda can be drawn as
//! the conference draws it: the conference's short name, its time zone, its days with their
//! bounds (a day may run past midnight), the order of its rooms and the colours of its tracks.
//! The top-level `programme` object of a lotse file; every part of it may be absent.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Problem;
use super::date::When;

/// The top-level `programme` object.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Programme {
    /// The conference's short name (`36c3`): with the title, what bookmarks are kept under, so
    /// that a schedule downloaded again under another file name keeps them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    /// The IANA name of the zone the schedule's times are given in (`Europe/Berlin`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The conference days in order; `day:2` is the second of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Day>,
    /// The rooms in the schedule's order: the agenda's columns and its order within a slot.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<Track>,
}

/// One conference day: its date and, where the schedule gives them, when it begins and ends.
/// A talk at 00:50 after a day that ends at 04:00 belongs to that day.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Day {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Track {
    pub name: String,
    /// A colour as the schedule gives it (`#d1ae26`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

impl Programme {
    /// Whether the object says nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Reads the object of a file. Its shape is checked as the entities' are: a value of the
    /// wrong type is an error; a field this lotse does not know is a warning.
    pub(super) fn from_json(mut value: Value, warnings: &mut Vec<Problem>) -> Result<Self, String> {
        note_unknown_fields(&mut value, warnings);
        serde_json::from_value(value).map_err(|error| format!("programme: {error}"))
    }

    /// Every text of the object, with the path a warning about it names: for cleaning.
    pub(super) fn texts_mut(&mut self) -> Vec<(String, &mut String)> {
        let mut texts: Vec<(String, &mut String)> = Vec::new();
        texts.extend(
            self.acronym
                .as_mut()
                .map(|t| ("programme.acronym".to_owned(), t)),
        );
        texts.extend(
            self.time_zone
                .as_mut()
                .map(|t| ("programme.time_zone".to_owned(), t)),
        );
        for (d, day) in self.days.iter_mut().enumerate() {
            texts.push((format!("programme.days[{d}].date"), &mut day.date));
            texts.extend(
                day.start
                    .as_mut()
                    .map(|t| (format!("programme.days[{d}].start"), t)),
            );
            texts.extend(
                day.end
                    .as_mut()
                    .map(|t| (format!("programme.days[{d}].end"), t)),
            );
        }
        for (r, room) in self.rooms.iter_mut().enumerate() {
            texts.push((format!("programme.rooms[{r}]"), room));
        }
        for (t, track) in self.tracks.iter_mut().enumerate() {
            texts.push((format!("programme.tracks[{t}].name"), &mut track.name));
            texts.extend(
                track
                    .color
                    .as_mut()
                    .map(|c| (format!("programme.tracks[{t}].color"), c)),
            );
        }
        texts
    }

    /// The problems that make the object invalid: days that are no dates or out of order,
    /// bounds that are no date-times or end before they begin, a room named twice.
    pub(super) fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut previous: Option<jiff::civil::Date> = None;
        for (d, day) in self.days.iter().enumerate() {
            let path = format!("programme.days[{d}]");
            match When::parse_date(&day.date) {
                Ok(date) if previous.is_some_and(|p| p >= date) => problems.push(Problem::new(
                    format!("{path}.date"),
                    "days must be in order, each on its own date",
                )),
                Ok(date) => previous = Some(date),
                Err(message) => problems.push(Problem::new(format!("{path}.date"), message)),
            }
            let bound = |text: &Option<String>, name: &str, problems: &mut Vec<Problem>| {
                let parsed = text.as_deref().map(When::parse)?;
                parsed
                    .map_err(|m| problems.push(Problem::new(format!("{path}.{name}"), m)))
                    .ok()
            };
            let start = bound(&day.start, "start", &mut problems);
            let end = bound(&day.end, "end", &mut problems);
            if let (Some(start), Some(end)) = (start, end)
                && end.is_before(start)
            {
                problems.push(Problem::new(
                    format!("{path}.end"),
                    "the day ends before it begins",
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (r, room) in self.rooms.iter().enumerate() {
            if !seen.insert(room) {
                problems.push(Problem::new(
                    format!("programme.rooms[{r}]"),
                    format!("room {room:?} is named twice"),
                ));
            }
        }
        if let Some(zone) = &self.time_zone
            && jiff::tz::TimeZone::get(zone).is_err()
        {
            problems.push(Problem::new(
                "programme.time_zone",
                format!("{zone:?} is not a time zone this lotse knows (an IANA name such as Europe/Berlin)"),
            ));
        }
        problems
    }
}

/// Removes and reports the keys of the object and its days and tracks that no field names.
fn note_unknown_fields(value: &mut Value, warnings: &mut Vec<Problem>) {
    const TOP: [&str; 5] = ["acronym", "time_zone", "days", "rooms", "tracks"];
    prune(value, &TOP, "programme", warnings);
    for (list, known) in [
        ("days", &["date", "start", "end"][..]),
        ("tracks", &["name", "color"]),
    ] {
        if let Some(Value::Array(items)) = value.get_mut(list) {
            for (i, item) in items.iter_mut().enumerate() {
                prune(item, known, &format!("programme.{list}[{i}]"), warnings);
            }
        }
    }
}

/// Keeps the known keys of an object; `null` is the same as absent, as everywhere.
fn prune(value: &mut Value, known: &[&str], path: &str, warnings: &mut Vec<Problem>) {
    if let Value::Object(map) = value {
        map.retain(|key, value| {
            if value.is_null() {
                return false;
            }
            let keep = known.contains(&key.as_str());
            if !keep {
                warnings.push(Problem::new(
                    format!("{path}.{key}"),
                    "unknown field, ignored",
                ));
            }
            keep
        });
    }
}
