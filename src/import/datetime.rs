//! Times as schedules write them (a day, a local `H:MM`, a zone name, an offset, a duration)
//! into the ISO 8601 date-times with offset a lotse file holds.

use jiff::civil::{Date, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ZonedDateTime};

/// A lotse date-time: `2019-12-27T11:00:00+01:00`.
pub fn format(zoned: &ZonedDateTime) -> String {
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A zone by IANA name (`Europe/Berlin`), if this lotse knows it.
pub fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name.trim()).ok()
}

/// A date-time with offset (`2019-08-21T11:00:00+02:00`, `…Z`), seen in `zone` when one is
/// known (so that an end time after a daylight-saving change gets its own offset), else at
/// its own offset.
pub fn parse_instant(text: &str, zone: Option<&TimeZone>) -> Option<ZonedDateTime> {
    let text = text.trim();
    let timestamp: Timestamp = text.parse().ok()?;
    let zone = match zone {
        Some(zone) => zone.clone(),
        None => match Pieces::parse(text).ok()?.offset()? {
            PiecesOffset::Zulu => TimeZone::UTC,
            PiecesOffset::Numeric(numeric) => TimeZone::fixed(numeric.offset()),
            _ => TimeZone::UTC,
        },
    };
    Some(timestamp.to_zoned_datetime(zone))
}

/// An ISO date, alone or at the start of a date-time: `2019-12-27`, `2019-12-27T…`.
pub fn parse_date(text: &str) -> Option<Date> {
    text.trim().get(..10)?.parse().ok()
}

/// A wall-clock time `H:MM` or `HH:MM[:SS]`.
pub fn parse_clock(text: &str) -> Option<Time> {
    let mut parts = text.trim().split(':');
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next()?.parse().ok()?;
    let second: i8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    Time::new(hour, minute, second, 0).ok()
}

/// A duration `H:MM`, `HH:MM` or `HH:MM:SS` (`1:00` and `01:00` alike), or `D:HH:MM` for
/// the rare event of more than a day.
pub fn parse_duration(text: &str) -> Option<Span> {
    let parts: Vec<i64> = text
        .trim()
        .split(':')
        .map(|p| p.parse().ok().filter(|n| *n >= 0))
        .collect::<Option<_>>()?;
    let (days, hours, minutes) = match parts.as_slice() {
        [hours, minutes] => (0, *hours, *minutes),
        [hours, minutes, _seconds] if *hours < 24 => (0, *hours, *minutes),
        [days, hours, minutes] => (*days, *hours, *minutes),
        _ => return None,
    };
    if minutes >= 60 {
        return None;
    }
    Span::new()
        .try_days(days)
        .ok()?
        .try_hours(hours)
        .ok()?
        .try_minutes(minutes)
        .ok()
}

/// A local date and time in a zone; UTC when no zone is known.
pub fn local(date: Date, time: Time, zone: Option<&TimeZone>) -> Option<ZonedDateTime> {
    let zone = zone.cloned().unwrap_or(TimeZone::UTC);
    date.to_datetime(time).to_zoned_datetime(zone).ok()
}

/// The time a duration after `start`.
pub fn after(start: &ZonedDateTime, duration: Span) -> Option<ZonedDateTime> {
    start.checked_add(duration).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_with_and_without_leading_zeros_are_the_same() {
        let one = parse_duration("1:00").unwrap();
        let zero_one = parse_duration("01:00").unwrap();
        assert_eq!(one.fieldwise(), zero_one.fieldwise());
        assert_eq!(parse_duration("00:45").unwrap().get_minutes(), 45);
        assert!(parse_duration("1:75").is_none());
        assert!(parse_duration("soon").is_none());
    }

    #[test]
    fn an_end_after_a_daylight_saving_change_takes_the_new_offset() {
        let berlin = zone("Europe/Berlin").unwrap();
        let start = parse_instant("2019-10-27T01:30:00+02:00", Some(&berlin)).unwrap();
        let end = after(&start, parse_duration("2:00").unwrap()).unwrap();
        assert_eq!(format(&start), "2019-10-27T01:30:00+02:00");
        assert_eq!(format(&end), "2019-10-27T02:30:00+01:00");
    }

    #[test]
    fn an_instant_without_a_zone_keeps_its_own_offset() {
        let start = parse_instant("2020-12-27T11:30:00+01:00", None).unwrap();
        assert_eq!(format(&start), "2020-12-27T11:30:00+01:00");
        let utc = parse_instant("2020-12-27T10:30:00Z", None).unwrap();
        assert_eq!(format(&utc), "2020-12-27T10:30:00+00:00");
    }
}
