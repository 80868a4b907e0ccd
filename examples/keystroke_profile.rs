//! The slowest keystrokes of the keystroke benchmark at one size, typed on and from scratch:
//! where to look when the p99 of `cargo bench --bench keystrokes` is too high.
//!
//! Run: `cargo run --release --example keystroke_profile -- 1000000`; with a query after the
//! size (`-- 1000000 'topic:r'`) it searches for that query 300 times from scratch instead, for
//! `perf record`.

use std::time::{Duration, Instant};

use lotse::model::Dataset;
use lotse::search::{self, SearchIndex, SortOrder};

#[path = "../benches/common.rs"]
mod common;

fn main() {
    let size: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let json = lotse::synthetic::dataset_json(size);
    let dataset = Dataset::from_text(&json, "synthetic")
        .expect("the generator writes valid datasets")
        .dataset;
    let index = SearchIndex::new(&dataset);
    if let Some(query) = std::env::args().nth(2) {
        return repeat_from_scratch(&dataset, &index, &query);
    }
    let mut rows: Vec<(String, Duration, Duration, usize)> = Vec::new();
    for &typed in common::TYPED_QUERIES {
        for keystroke in common::keystrokes(typed) {
            let Ok(query) = search::parse(keystroke) else {
                continue;
            };
            let started = Instant::now();
            let ranking = index.search(&dataset, &query, None, SortOrder::Relevance, 200);
            let typed_on = started.elapsed();
            index.forget();
            let started = Instant::now();
            index.search(&dataset, &query, None, SortOrder::Relevance, 200);
            let scratch = started.elapsed();
            rows.push((keystroke.to_owned(), typed_on, scratch, ranking.count(None)));
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.max(row.2)));
    println!("{size} entities, the 20 slowest keystrokes:");
    for (keystroke, typed_on, scratch, matches) in rows.iter().take(20) {
        println!(
            "{keystroke:32} typed on {:7.1} ms  from scratch {:7.1} ms  {matches} matches",
            typed_on.as_secs_f64() * 1e3,
            scratch.as_secs_f64() * 1e3
        );
    }
}

/// How often `repeat_from_scratch` searches.
const REPEATS: usize = 300;

/// Searches for `query` from scratch `REPEATS` times and prints the median.
fn repeat_from_scratch(dataset: &Dataset, index: &SearchIndex, query: &str) {
    let parsed = search::parse(query).expect("a query that parses");
    let mut times: Vec<Duration> = (0..REPEATS)
        .map(|_| {
            index.forget();
            let started = Instant::now();
            index.search(dataset, &parsed, None, SortOrder::Relevance, 200);
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{query}: median {:.1} ms from scratch",
        times[REPEATS / 2].as_secs_f64() * 1e3
    );
}
