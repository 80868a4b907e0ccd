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
            let (unplaced, addresses) = frab::left_out(dataset, &events);
            let mut line = format!(
                "exported {} events as frab to {destination}",
                events.len() - unplaced
            );
            if unplaced > 0 || addresses > 0 {
                line.push_str(&format!(
                    " (left out: {unplaced} events without a time or shown through their \
                     sessions, {addresses} links that are no web address)"
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
        let addresses = events
            .iter()
            .filter_map(|&e| dataset.text(e, schema::event::URL))
            .filter(|url| web_uri(url).is_none())
            .count();
        let left_out: Vec<String> = [
            (undated > 0).then(|| format!("{undated} without a start")),
            (addresses > 0).then(|| format!("{addresses} URLs that are no web address")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !left_out.is_empty() {
            line.push_str(&format!(" ({} left out)", left_out.join(", ")));
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

/// A web address as calendars and schedule apps may be handed it: `http` or `https` only (a
/// `javascript:` or `file:` link in a schedule from a server must not reach an app that opens
/// it), as an RFC 3986 URI: characters a URI may not have where they stand percent-encoded (a
/// space, a line break, a second `#`, `[` outside the host, non-ASCII), as a browser sends
/// them. `None` for anything else (real schedules hold `www.example.org` and plain titles
/// there): left out, and counted.
pub fn web_uri(text: &str) -> Option<String> {
    let (scheme, rest) = text.trim().split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.strip_prefix("//").filter(|r| !r.trim().is_empty())?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // The host may be an IPv6 literal in brackets; nothing else may hold them.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let mut uri = format!("{scheme}://");
    let mut in_fragment = false;
    for (at, c) in rest.char_indices() {
        let allowed = c.is_ascii_alphanumeric()
            || "-._~!$&'()*+,;=:@/?%".contains(c)
            || (c == '#' && !in_fragment)
            || ((c == '[' || c == ']') && at < authority_end);
        in_fragment |= c == '#';
        if allowed {
            uri.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    Some(uri)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_pass_and_they_pass_as_uris() {
        assert_eq!(
            web_uri("https://example.org/a?b=c#d").as_deref(),
            Some("https://example.org/a?b=c#d")
        );
        assert_eq!(
            web_uri("https://chat.fosdem.org/#/room/#2026-main:fosdem.org").as_deref(),
            Some("https://chat.fosdem.org/#/room/%232026-main:fosdem.org")
        );
        assert_eq!(
            web_uri("https://matrix.to/#/x?web-instance[element.io]=y").as_deref(),
            Some("https://matrix.to/#/x?web-instance%5Belement.io%5D=y")
        );
        assert_eq!(
            web_uri("HTTP://[::1]:8080/ä b").as_deref(),
            Some("http://[::1]:8080/%C3%A4%20b")
        );
        assert_eq!(
            web_uri("https://example.org/a b\r\nX-Evil: 1").as_deref(),
            Some("https://example.org/a%20b%0D%0AX-Evil:%201")
        );
        for no in [
            "www.cadus.org",
            "Hack_Curio, Decoding the Cultures of Hacking",
            "javascript:alert(document.cookie)",
            "JavaScript://%0Aalert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>x</script>",
            "mailto:a@example.org",
            "https:",
            "https:// ",
        ] {
            assert_eq!(web_uri(no), None, "{no}");
        }
    }
}
