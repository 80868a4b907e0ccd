//! What both benchmarks share: typed query sequences and the plain typed load they are
//! compared with.

use lotse::model::{Event, Organization, Project, Source, Speaker, Topic};
use serde::Deserialize;

/// Queries as a user types them: every prefix is one keystroke.
pub const TYPED_QUERIES: &[&str] = &[
    "spreckelsen",
    "mueller",
    "datenschutz pflege",
    "kind:speaker schmidt",
    "digital health",
    "topic:robotik year:2020..2025",
    "ki diag",
    "jena 2025",
    "e n",
    "a",
];

/// Whole queries searched from scratch beside the naive scan (issue 12's five).
#[allow(dead_code)] // Only the keystroke benchmark uses them.
pub const SCRATCH_QUERIES: &[&str] = &["spreck", "ki diag", "jena 2025", "dtspc", "müller"];

/// Every prefix of a query, in the order they are typed.
pub fn keystrokes(query: &str) -> Vec<&str> {
    query
        .char_indices()
        .map(|(at, c)| &query[..at + c.len_utf8()])
        .collect()
}

/// The same file read by serde into the same record types, without lotse's checks, cleaning
/// or indexes: the baseline the load is measured against.
#[derive(Deserialize)]
#[allow(dead_code)] // Only read to be measured.
pub struct PlainDataset {
    lotse: u64,
    title: Option<String>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    events: Vec<Event>,
    #[serde(default)]
    speakers: Vec<Speaker>,
    #[serde(default)]
    topics: Vec<Topic>,
    #[serde(default)]
    organizations: Vec<Organization>,
    #[serde(default)]
    projects: Vec<Project>,
}
