//! A VTIMEZONE for a calendar whose dataset knows its time zone: the offset in force when
//! the events begin, and every change of offset from a year before the first event to a year
//! after the last, as explicit observances (no recurrence rules to get wrong).

use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// How far before the first event and after the last the observances reach.
const MARGIN: SignedDuration = SignedDuration::from_hours(24 * 366);

/// The VTIMEZONE lines of `zone` (named `name`) for events from `first` to `last`.
pub fn vtimezone(name: &str, zone: &TimeZone, first: Timestamp, last: Timestamp) -> Vec<String> {
    let from = first.checked_sub(MARGIN).unwrap_or(first);
    let to = last.checked_add(MARGIN).unwrap_or(last);
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{name}")];
    let start_offset = zone.to_offset(from);
    let info = zone.to_offset_info(from);
    lines.extend(observance(
        info.dst().is_dst(),
        local(from, start_offset),
        start_offset,
        start_offset,
        info.abbreviation(),
    ));
    for transition in zone.following(from).take_while(|t| t.timestamp() <= to) {
        let at = transition.timestamp();
        let before = zone.to_offset(at.checked_sub(SignedDuration::from_secs(1)).unwrap_or(at));
        lines.extend(observance(
            transition.dst().is_dst(),
            local(at, before),
            before,
            transition.offset(),
            transition.abbreviation(),
        ));
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// One STANDARD or DAYLIGHT block: it begins at `start` (local time, in the offset before it).
fn observance(dst: bool, start: String, from: Offset, to: Offset, name: &str) -> Vec<String> {
    let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
    let mut lines = vec![
        format!("BEGIN:{kind}"),
        format!("DTSTART:{start}"),
        format!("TZOFFSETFROM:{}", offset_text(from)),
        format!("TZOFFSETTO:{}", offset_text(to)),
    ];
    if !name.is_empty() {
        lines.push(format!("TZNAME:{name}"));
    }
    lines.push(format!("END:{kind}"));
    lines
}

/// An instant as local time at an offset: `20191027T030000`.
fn local(at: Timestamp, offset: Offset) -> String {
    at.to_zoned_datetime(TimeZone::fixed(offset))
        .strftime("%Y%m%dT%H%M%S")
        .to_string()
}

/// `+0100`, `-0330`.
fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_in_2019_changes_in_march_and_october() {
        let zone = TimeZone::get("Europe/Berlin").unwrap();
        let first: Timestamp = "2019-12-27T10:00:00Z".parse().unwrap();
        let lines = vtimezone("Europe/Berlin", &zone, first, first);
        let text = lines.join("\n");
        assert!(
            text.starts_with("BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nBEGIN:STANDARD"),
            "{text}"
        );
        // The change to summer time in March 2019, from the year before, in the old offset.
        assert!(
            text.contains("BEGIN:DAYLIGHT\nDTSTART:20190331T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST"),
            "{text}"
        );
        assert!(
            text.contains(
                "BEGIN:STANDARD\nDTSTART:20191027T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100"
            ),
            "{text}"
        );
        assert!(text.ends_with("END:VTIMEZONE"));
    }
}
