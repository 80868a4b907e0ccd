//! Criterion benchmarks: load (parse, validate, index), search index build, and searches for
//! typed query sequences, on synthetic datasets of 10 k and 100 k entities.
//! Run: `cargo bench --bench search`.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lotse::model::Dataset;
use lotse::search::{self, SearchIndex, SortOrder};

const SIZES: [usize; 2] = [10_000, 100_000];

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for size in SIZES {
        let json = lotse::synthetic::dataset_json(size);
        group.bench_with_input(BenchmarkId::new("lotse", size), &json, |b, json| {
            b.iter(|| Dataset::from_text(black_box(json), "bench").expect("valid"));
        });
        group.bench_with_input(BenchmarkId::new("plain serde", size), &json, |b, json| {
            b.iter(|| {
                serde_json::from_str::<common::PlainDataset>(black_box(json)).expect("valid")
            });
        });
        let dataset = Dataset::from_text(&json, "bench").expect("valid").dataset;
        group.bench_with_input(
            BenchmarkId::new("search index", size),
            &dataset,
            |b, dataset| {
                b.iter(|| SearchIndex::new(black_box(dataset)));
            },
        );
    }
    group.finish();
}

fn typing(c: &mut Criterion) {
    let mut group = c.benchmark_group("typing");
    group.sample_size(10);
    for size in SIZES {
        let dataset = Dataset::from_text(&lotse::synthetic::dataset_json(size), "bench")
            .expect("valid")
            .dataset;
        let index = SearchIndex::new(&dataset);
        for &typed in common::TYPED_QUERIES {
            // A keystroke whose query does not parse (`topic:` before its value) searches
            // nothing and is left out of the time: said, as the keystroke bench counts them.
            let keystrokes = common::keystrokes(typed);
            let failed = keystrokes
                .iter()
                .filter(|k| search::parse(k).is_err())
                .count();
            if failed > 0 {
                eprintln!(
                    "typing {typed:?}: {failed} of {} keystrokes do not parse and search nothing",
                    keystrokes.len()
                );
            }
            let id = BenchmarkId::new(typed, size);
            group.bench_with_input(id, &typed, |b, typed| {
                b.iter(|| {
                    for keystroke in common::keystrokes(typed) {
                        if let Ok(query) = search::parse(keystroke) {
                            black_box(index.search(
                                &dataset,
                                &query,
                                None,
                                SortOrder::Relevance,
                                200,
                            ));
                        }
                    }
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, load, typing);
criterion_main!(benches);
