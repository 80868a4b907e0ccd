//! `lotse export`: the events a query matches (or the bookmarked ones) as iCalendar, CSV or a
//! lotse file.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::bookmark_file::BookmarkFile;
use crate::export::{self, ExportFormat};
use crate::model::{Dataset, EntityRef, Kind};
use crate::search::{self, SearchIndex, SortOrder};

pub struct Request<'a> {
    pub format: ExportFormat,
    /// The query (empty: every event).
    pub query: &'a str,
    /// Export the bookmarked entities (narrowed by the query, if any) instead.
    pub bookmarks: Option<&'a BookmarkFile>,
    /// Where to write (`None` or `-`: standard output).
    pub output: Option<&'a Path>,
    /// The dataset's file, which the output must not be.
    pub input: Option<&'a Path>,
    /// The moment of the export (iCalendar's DTSTAMP) and the calendar's alarms.
    pub options: export::Options,
}

pub fn run(
    dataset: &Dataset,
    request: &Request<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    if super::refuse_overwriting_the_input(request.input, request.output, err)? {
        return Ok(Outcome::Failure);
    }
    let query = match search::parse(request.query) {
        Ok(query) => query,
        Err(error) => {
            writeln!(err, "lotse: query: {error}")?;
            return Ok(Outcome::Failure);
        }
    };
    let format = request.format;
    // Calendars and spreadsheets hold events; a lotse file may hold bookmarked anything.
    let kind = (format.events_only() || request.bookmarks.is_none()).then_some(Kind::Event);
    let matching = || {
        SearchIndex::new(dataset)
            .search(dataset, &query, kind, SortOrder::Relevance, usize::MAX)
            .hits
            .into_iter()
            .map(|hit| hit.entity)
    };
    let selection: Vec<EntityRef> = match request.bookmarks {
        None => matching().collect(),
        Some(file) => {
            // Only read: an export leaves the bookmarks file as it is, whatever it holds.
            let loaded = file.read();
            if let Some(warning) = loaded.warning {
                writeln!(err, "lotse: {warning}")?;
            }
            let resolved = crate::bookmarks::resolve(dataset, &loaded.bookmarks);
            let marked = resolved
                .found
                .into_iter()
                .filter(|e| kind.is_none_or(|k| e.kind() == k));
            if query.is_empty() {
                marked.collect()
            } else {
                let matching: rustc_hash::FxHashSet<EntityRef> = matching().collect();
                marked.filter(|e| matching.contains(e)).collect()
            }
        }
    };
    if request.bookmarks.is_some() {
        // Bookmarked talks that overlap: said, not left for the calendar to show later.
        let events: Vec<EntityRef> = selection
            .iter()
            .copied()
            .filter(|e| e.kind() == Kind::Event)
            .collect();
        for line in super::bookmarks::clash_lines(dataset, &events) {
            writeln!(err, "lotse: {line}")?;
        }
    }
    let nothing = selection.is_empty();
    let written = export::export(
        dataset,
        request.format,
        selection,
        &request.options,
        |bytes| super::write_output(request.output, bytes, out, err),
    )?;
    match written {
        Some(summary) => writeln!(err, "{summary}")?,
        None => return Ok(Outcome::Failure),
    }
    // The (empty) file is written all the same: a calendar of nothing is still a calendar.
    Ok(if nothing {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}
