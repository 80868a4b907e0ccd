//! How far the cheap pick of a limited search by relevance strays from the full ranking: for
//! each query, how many of the top 200 of a search limited to 200 are among the top 200 of an
//! unlimited one (which the matcher scores in full), and the first row where they differ.
//!
//! Run: `cargo run --release --example cheap_pick -- 1000000 dtspc müller 'ki diag'`; with
//! `SHOW=1` it prints the first rows of both and the 200th scores.

use lotse::model::Dataset;
use lotse::search::{self, Hit, SearchIndex, SortOrder};

const LIMIT: usize = 200;

fn main() {
    let mut args = std::env::args().skip(1);
    let size: usize = args
        .next()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let json = lotse::synthetic::dataset_json(size);
    let dataset = Dataset::from_text(&json, "synthetic")
        .expect("the generator writes valid datasets")
        .dataset;
    let index = SearchIndex::new(&dataset);
    for text in args {
        let query = search::parse(&text).expect("a query that parses");
        index.forget();
        let limited = index.search(&dataset, &query, None, SortOrder::Relevance, LIMIT);
        index.forget();
        let full = index.search(&dataset, &query, None, SortOrder::Relevance, usize::MAX);
        let top = &full.hits[..LIMIT.min(full.hits.len())];
        if std::env::var_os("SHOW").is_some() {
            show(&dataset, &limited.hits, top);
        }
        let shared = limited
            .hits
            .iter()
            .filter(|hit| top.iter().any(|t| t.entity == hit.entity))
            .count();
        let first_difference = limited
            .hits
            .iter()
            .zip(top)
            .position(|(a, b)| a.entity != b.entity);
        println!(
            "{text:20} {:7} matches; of the top {}, {shared} the same; first row that differs: {}",
            full.count(None),
            top.len(),
            first_difference.map_or_else(|| "none".to_owned(), |row| row.to_string())
        );
    }
}

fn show(dataset: &Dataset, limited: &[Hit], full: &[Hit]) {
    for (a, b) in limited.iter().zip(full).take(4) {
        println!(
            "   limited {:>6} {:40} | full {:>6} {}",
            a.score,
            dataset.name(a.entity),
            b.score,
            dataset.name(b.entity)
        );
    }
    println!(
        "   the last score kept: limited {:?}, full {:?}",
        limited.last().map(|h| h.score),
        full.last().map(|h| h.score)
    );
}
