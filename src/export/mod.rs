//! Taking a selection out again: as an iCalendar file for calendars, CSV for spreadsheets, or
//! a lotse file holding the selection and everything it refers to. Pure functions of the
//! dataset and the selection; where the bytes go is the caller's business.

mod csv;
mod frab;
mod ics;
mod ics_zone;
mod json;

use crate::model::{Dataset, EntityRef, Kind, When, schema};

pub use self::csv::to_csv;
pub use self::frab::to_frab;
pub use self::ics::{fold_line, to_ics};
pub use self::json::to_document;

/// How an export is written: the moment it records (iCalendar's DTSTAMP) and, for a calendar,
/// how long before each event an alarm goes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub stamp: jiff::Timestamp,
    pub alarm: Option<jiff::SignedDuration>,
}

impl Options {
    /// An export at `stamp`, with no alarms.
    pub fn at(stamp: jiff::Timestamp) -> Self {
        Self { stamp, alarm: None }
    }
}

/// The formats `lotse export` and the explorer's export write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Ics,
    Csv,
    Json,
    /// A frab `schedule.json`, as EventFahrplan, Giggity and other schedule apps read it.
    Frab,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Ics,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Frab,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Ics => "ics",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Frab => "frab",
        }
    }

    /// The file name extension of the format: frab schedules are JSON files.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Frab => "schedule.json",
            other => other.name(),
        }
    }

    /// The format a name or file extension stands for: `ics`, `.csv`, `JSON`.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().trim_start_matches('.').to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name || (name == "ical" && *f == ExportFormat::Ics))
    }

    /// Whether the format holds events only (calendars and their spreadsheets do).
    pub fn events_only(self) -> bool {
        self != ExportFormat::Json
    }

    /// Writes the selection in this format.
    pub fn write(self, dataset: &Dataset, selection: &[EntityRef], options: &Options) -> String {
        match self {
            ExportFormat::Ics => to_ics(dataset, &events(selection), options),
            ExportFormat::Csv => to_csv(dataset, &events(selection)),
            ExportFormat::Json => to_document(dataset, selection).to_json(),
            ExportFormat::Frab => to_frab(dataset, &events(selection)),
        }
    }
}

/// Exports a selection: orders it as calendars are read, writes it in `format` through `write`
/// (which returns where the bytes went, or `None` after reporting why they went nowhere) and
/// says what was exported: `exported 12 events as ics to FILE`. The command line and the
/// explorer both export through here.
pub fn export(
    dataset: &Dataset,
    format: ExportFormat,
    mut selection: Vec<EntityRef>,
    options: &Options,
    write: impl FnOnce(&[u8]) -> std::io::Result<Option<String>>,
) -> std::io::Result<Option<String>> {
    sort_chronologically(dataset, &mut selection);
    let text = format.write(dataset, &selection, options);
    let destination = write(text.as_bytes())?;
    Ok(destination.map(|to| summary(dataset, format, &selection, &to)))
}

/// `exported 12 events as ics to FILE (2 without a start left out)`.
fn summary(
    dataset: &Dataset,
    format: ExportFormat,
    selection: &[EntityRef],
    destination: &str,
) -> String {
    let events = events(selection);
    let mut line = match format {
        ExportFormat::Json => format!(
            "exported {} entities ({} events) with everything they refer to as json to \
             {destination}",
            selection.len(),
            events.len()
        ),
        ExportFormat::Frab => {
            let (unplaced, links) = frab::left_out(dataset, &events);
            let mut line = format!(
                "exported {} events as frab to {destination}",
                events.len() - unplaced
            );
            if unplaced > 0 || links > 0 {
                line.push_str(&format!(
                    " (left out: {unplaced} events without a time or shown through their \
                     sessions, {links} links that are no URL)"
                ));
            }
            line
        }
        _ => format!(
            "exported {} events as {} to {destination}",
            events.len(),
            format.name()
        ),
    };
    if format == ExportFormat::Ics {
        let undated = events
            .iter()
            .filter(|&&e| dataset.text(e, schema::event::START).is_none())
            .count();
        if undated > 0 {
            line.push_str(&format!(" ({undated} without a start left out)"));
        }
    }
    line
}

/// The moment an export records (iCalendar's DTSTAMP): now, or `SOURCE_DATE_EPOCH` when set,
/// the reproducible-builds convention for output that must not change between runs.
pub fn stamp() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// The events of a selection, in its order.
pub fn events(selection: &[EntityRef]) -> Vec<EntityRef> {
    selection
        .iter()
        .copied()
        .filter(|e| e.kind() == Kind::Event)
        .collect()
}

/// Orders events by start (undated last), then title: the order calendars and spreadsheets
/// are read in.
fn sort_chronologically(dataset: &Dataset, events: &mut [EntityRef]) {
    let key = |e: &EntityRef| {
        let start = dataset
            .text(*e, schema::event::START)
            .and_then(|s| When::parse(s).ok());
        let instant = start.map(|w| match w {
            When::DateTime(t, _) => t,
            When::Date(d) => d
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .unwrap_or_default(),
        });
        (instant.is_none(), instant, dataset.name(*e).to_owned())
    };
    events.sort_by_cached_key(key);
}
