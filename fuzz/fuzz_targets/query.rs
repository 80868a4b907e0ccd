//! Any text as a query: parsed, and when it parses, run against the built-in dataset, as the
//! explorer runs what is typed.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use lotse::model::Dataset;
use lotse::search::{SearchIndex, SortOrder};

static DATASET: LazyLock<(Dataset, SearchIndex)> = LazyLock::new(|| {
    let dataset = lotse::embedded::load()
        .expect("the built-in dataset loads")
        .dataset;
    let index = SearchIndex::new(&dataset);
    (dataset, index)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(query) = lotse::search::parse(text) {
        let (dataset, index) = &*DATASET;
        let ranking = index.search(dataset, &query, None, SortOrder::Relevance, 50);
        assert!(ranking.hits.len() <= 50);
        for hit in &ranking.hits {
            // Highlighting runs on every shown hit.
            let _ = index.match_positions(dataset.name(hit.entity), &query);
        }
    }
});
