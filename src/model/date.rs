//! The two shapes a point in time may have in a dataset: an ISO 8601 date (`2025-02-27`) or a
//! date-time with an offset (`2025-02-27T14:00:00+01:00`).

use std::cmp::Ordering;

use jiff::Timestamp;
use jiff::civil::Date;

/// A validated `start`, `end` or `published` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(Date),
    /// An instant, with the calendar date it falls on where it was written.
    DateTime(Timestamp, Date),
}

impl When {
    /// Parses a date or a date-time with offset; the error says which form was expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() == 10 {
            return text
                .parse::<Date>()
                .map(When::Date)
                .map_err(|_| format!("{text:?} is not a valid date (expected YYYY-MM-DD)"));
        }
        let instant = text.parse::<Timestamp>().map_err(|_| {
            format!(
                "{text:?} is not an ISO 8601 date (YYYY-MM-DD) or date-time with offset \
                 (YYYY-MM-DDTHH:MM:SS+01:00)"
            )
        })?;
        // A timestamp that parsed begins with its local date.
        let local_date = text
            .get(..10)
            .and_then(|date| date.parse::<Date>().ok())
            .ok_or_else(|| format!("{text:?} does not begin with a date (YYYY-MM-DD)"))?;
        Ok(When::DateTime(instant, local_date))
    }

    /// Parses a date alone (no time), as `published` wants.
    pub fn parse_date(text: &str) -> Result<Date, String> {
        text.parse::<Date>()
            .map_err(|_| format!("{text:?} is not a valid date (expected YYYY-MM-DD)"))
    }

    /// The calendar date, where the value was written.
    pub fn date(self) -> Date {
        match self {
            When::Date(date) | When::DateTime(_, date) => date,
        }
    }

    /// Whether `self` lies strictly before `other`. Two instants compare as instants; when
    /// either side is a whole day, the comparison is by calendar date.
    pub fn is_before(self, other: When) -> bool {
        match (self, other) {
            (When::DateTime(a, _), When::DateTime(b, _)) => a < b,
            _ => self.date().cmp(&other.date()) == Ordering::Less,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_with_offsets_parse() {
        assert!(matches!(When::parse("2025-02-27"), Ok(When::Date(_))));
        assert!(matches!(
            When::parse("2025-02-27T14:00:00+01:00"),
            Ok(When::DateTime(..))
        ));
        assert!(matches!(
            When::parse("2025-02-27T13:00Z"),
            Ok(When::DateTime(..))
        ));
    }

    #[test]
    fn malformed_and_offsetless_values_are_rejected() {
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "27.02.2025",
            "2025-02-27T14:00:00",
            "",
        ] {
            assert!(When::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn instants_compare_across_offsets() {
        let early = When::parse("2025-02-27T14:00:00+02:00").unwrap();
        let late = When::parse("2025-02-27T13:30:00+01:00").unwrap();
        assert!(early.is_before(late));
        assert!(!late.is_before(early));
    }

    #[test]
    fn a_day_is_not_before_a_time_on_that_day() {
        let day = When::parse("2025-02-27").unwrap();
        let time = When::parse("2025-02-27T09:00:00+01:00").unwrap();
        assert!(!day.is_before(time));
        assert!(!time.is_before(day));
    }
}
