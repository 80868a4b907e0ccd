//! When an event takes place, read from its `start` and `end` as the schedule wrote them: the
//! wall clock is the one of the schedule's own time zone (an importer writes each time with
//! the offset it had there), so `16:10` is shown as `16:10` wherever lotse runs.

use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, ToSpan};

use super::{Dataset, EntityRef, When, schema};

/// An event's time: from its start to its end (a whole day when the dataset gives dates only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// The instant it begins; for a date alone, midnight UTC of that date.
    pub start: Timestamp,
    /// The instant it ends: its end, else its start (an end-less talk is a moment).
    pub end: Timestamp,
    /// The wall clock at the start and the end, where the schedule wrote them.
    pub local_start: DateTime,
    pub local_end: DateTime,
    /// Whether the dataset gives a time of day, not only a date.
    pub has_time: bool,
    /// Whether the dataset gives an end.
    pub has_end: bool,
}

impl Timing {
    /// The timing of an event with a valid `start`; `None` for one without.
    pub fn of(dataset: &Dataset, event: EntityRef) -> Option<Self> {
        let start = dataset.text(event, schema::event::START)?;
        let end = dataset.text(event, schema::event::END);
        Self::parse(start, end)
    }

    /// The timing of a `start` and an optional `end` as a lotse file holds them.
    pub fn parse(start: &str, end: Option<&str>) -> Option<Self> {
        let (start_at, local_start, has_time) = moment(start)?;
        let end = end.and_then(moment);
        let (end_at, local_end) = match end {
            // A day that ends on a date ends when that date is over.
            Some((_, local, false)) => after_day(local.date())?,
            Some((at, local, true)) => (at, local),
            None if !has_time => after_day(local_start.date())?,
            None => (start_at, local_start),
        };
        Some(Self {
            start: start_at,
            end: end_at.max(start_at),
            // Compared as instants: a talk that ends in the hour the clocks go back ends
            // before it began on the wall clock (02:30–02:15), and still ends.
            local_end: if end_at >= start_at {
                local_end
            } else {
                local_start
            },
            local_start,
            has_time,
            has_end: end.is_some(),
        })
    }

    /// The date it starts on, on the schedule's wall clock.
    pub fn date(&self) -> Date {
        self.local_start.date()
    }

    /// Whether it runs at `at`: started, not yet over.
    pub fn runs_at(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }

    /// Whether two events share some time (touching ends do not clash).
    pub fn overlaps(&self, other: &Timing) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// One consistent style everywhere: `2019-12-27 17:30–18:30`; past midnight `23:30–00:30`;
    /// longer than a day `2019-12-27 10:00 – 2019-12-29 18:00`; dates alone `2025-02-27` or
    /// `2024-11-20 – 2024-11-22`.
    pub fn label(&self) -> String {
        let date = self.local_start.date();
        if !self.has_time {
            let last = if self.has_end {
                self.local_end.date().yesterday().unwrap_or(date)
            } else {
                date
            };
            return if last > date {
                format!("{date} – {last}")
            } else {
                date.to_string()
            };
        }
        let clock = |at: DateTime| at.strftime("%H:%M").to_string();
        let start = clock(self.local_start);
        if !self.has_end || self.local_end == self.local_start {
            return format!("{date} {start}");
        }
        if self.local_end < self.local_start.saturating_add(1.day()) {
            format!("{date} {start}–{}", clock(self.local_end))
        } else {
            format!(
                "{date} {start} – {} {}",
                self.local_end.date(),
                clock(self.local_end)
            )
        }
    }

    /// The label with the weekday and the offset the times were written with, for a page:
    /// `Fri 2019-12-27 16:10–17:10 (UTC+01:00)`.
    pub fn long_label(&self) -> String {
        let weekday = self.local_start.strftime("%a");
        let minutes = self.offset().seconds() / 60;
        let sign = if minutes < 0 { '-' } else { '+' };
        let (hours, minutes) = (minutes.abs() / 60, minutes.abs() % 60);
        format!(
            "{weekday} {} (UTC{sign}{hours:02}:{minutes:02})",
            self.label()
        )
    }

    /// The offset the start was written with: how far the schedule's clock is from UTC then
    /// (a date alone: none).
    pub fn offset(&self) -> jiff::tz::Offset {
        let as_utc = self
            .local_start
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_or(self.start, |z| z.timestamp());
        let seconds = as_utc.duration_since(self.start).as_secs();
        i32::try_from(seconds)
            .ok()
            .and_then(|s| jiff::tz::Offset::from_seconds(s).ok())
            .unwrap_or(jiff::tz::Offset::UTC)
    }

    /// The time of day alone: `17:30–18:30` on the schedule's clock (`17:30` without an
    /// end), `all day` for a date alone. What an agenda shows under a day's heading.
    pub fn clock_span(&self) -> String {
        if !self.has_time {
            return "all day".to_owned();
        }
        let start = self.local_start.strftime("%H:%M").to_string();
        if !self.has_end || self.local_end == self.local_start {
            return start;
        }
        format!("{start}–{}", self.local_end.strftime("%H:%M"))
    }

    /// The start as `YYYY-MM-DDTHH:MM` on the schedule's wall clock (a date alone stays one).
    pub fn start_text(&self) -> String {
        wall_text(self.local_start, self.has_time)
    }

    /// The end likewise; `None` when the dataset gives no end.
    pub fn end_text(&self) -> Option<String> {
        if !self.has_end {
            return None;
        }
        Some(if self.has_time {
            wall_text(self.local_end, true)
        } else {
            // A whole-day span ends on its last day, as the file says.
            self.local_end
                .date()
                .yesterday()
                .unwrap_or(self.local_end.date())
                .to_string()
        })
    }
}

/// The midnight that ends a whole day, as an instant (dates alone are taken as UTC) and a
/// wall clock.
fn after_day(date: Date) -> Option<(Timestamp, DateTime)> {
    let next = date
        .tomorrow()
        .ok()?
        .to_datetime(jiff::civil::Time::midnight());
    let at = next
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()?
        .timestamp();
    Some((at, next))
}

fn wall_text(at: DateTime, has_time: bool) -> String {
    if has_time {
        at.strftime("%Y-%m-%dT%H:%M").to_string()
    } else {
        at.date().to_string()
    }
}

/// An instant, its wall clock, and whether it has a time of day.
fn moment(text: &str) -> Option<(Timestamp, DateTime, bool)> {
    match When::parse(text).ok()? {
        When::Date(date) => {
            let local = date.to_datetime(jiff::civil::Time::midnight());
            let at = local
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .ok()?
                .timestamp();
            Some((at, local, false))
        }
        When::DateTime(at, _) => {
            // The text is a validated date-time: its first 19 characters are its wall clock.
            let local: DateTime = text.get(..19)?.parse().ok()?;
            Some((at, local, true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(start: &str, end: Option<&str>) -> String {
        Timing::parse(start, end).unwrap().label()
    }

    #[test]
    fn labels_keep_the_schedules_wall_clock() {
        let start = "2019-12-27T16:10:00+01:00";
        assert_eq!(
            label(start, Some("2019-12-27T17:10:00+01:00")),
            "2019-12-27 16:10–17:10"
        );
        assert_eq!(
            label(
                "2019-12-27T23:30:00+01:00",
                Some("2019-12-28T00:30:00+01:00")
            ),
            "2019-12-27 23:30–00:30"
        );
        assert_eq!(label(start, None), "2019-12-27 16:10");
        assert_eq!(
            label(start, Some("2019-12-29T18:00:00+01:00")),
            "2019-12-27 16:10 – 2019-12-29 18:00"
        );
        assert_eq!(label("2025-02-27", None), "2025-02-27");
        assert_eq!(label("2025-02-27", Some("2025-02-27")), "2025-02-27");
        assert_eq!(
            label("2024-11-20", Some("2024-11-22")),
            "2024-11-20 – 2024-11-22"
        );
    }

    #[test]
    fn overlaps_and_runs_at_treat_the_end_as_open() {
        let a = Timing::parse(
            "2019-12-27T16:00:00+01:00",
            Some("2019-12-27T17:00:00+01:00"),
        )
        .unwrap();
        let b = Timing::parse(
            "2019-12-27T17:00:00+01:00",
            Some("2019-12-27T18:00:00+01:00"),
        )
        .unwrap();
        let c = Timing::parse(
            "2019-12-27T16:30:00+01:00",
            Some("2019-12-27T17:30:00+01:00"),
        )
        .unwrap();
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c) && c.overlaps(&b));
        assert!(a.runs_at(a.start) && !a.runs_at(a.end));
        // A whole day runs until the next midnight.
        let day = Timing::parse("2025-02-27", None).unwrap();
        assert!(day.runs_at("2025-02-27T23:59:00Z".parse().unwrap()));
        assert!(!day.runs_at("2025-02-28T00:00:00Z".parse().unwrap()));
    }
}
