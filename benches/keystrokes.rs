//! The figures of the README's speed table, measured in one run: per-keystroke search latency
//! (p50, p99) for typed query sequences, next to a naive one-thread SkimMatcherV2 scan of the
//! display names and to `fzf --filter` (when fzf is installed) on the same names, and the load
//! time next to a plain typed serde load of the same file.
//!
//! Run: `cargo bench --bench keystrokes` (sizes: `LOTSE_BENCH_SIZES=100000,1000000`).

mod common;

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use lotse::model::Dataset;
use lotse::search::{self, SearchIndex, SortOrder};

/// How many times each query sequence is typed.
const ROUNDS: usize = 3;
/// How many times the load and its anchor are each measured, taking turns.
const LOAD_ROUNDS: usize = 5;
/// The rows the explorer needs for one screen (and a little more).
const SHOWN: usize = 200;

fn main() {
    // The allocator as the binary sets it: the load is measured as lotse runs it.
    lotse::memory::return_big_blocks_when_freed();
    // `cargo bench` passes `--bench`; criterion-style filters are not used here.
    let sizes: Vec<usize> = std::env::var("LOTSE_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    println!("machine: {}", machine());
    println!();
    println!(
        "| entities | file | load (lotse) | load (plain serde) | ratio | keystrokes measured (failed parses left out) | keystroke p50 | keystroke p99 | from scratch p50 | from scratch p99 | naive scan p50 | fzf --filter p50 | five queries from scratch vs naive (median speed-up) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for size in sizes {
        measure(size);
    }
}

fn measure(size: usize) {
    let json = lotse::synthetic::dataset_json(size);
    // The anchor and lotse take turns, so that a slower minute of this shared machine weighs on
    // both alike; the median of each is kept.
    let mut plain_times = Vec::new();
    let mut load_times = Vec::new();
    let mut dataset = None;
    for _ in 0..LOAD_ROUNDS {
        let started = Instant::now();
        black_box(serde_json::from_str::<common::PlainDataset>(&json).expect("valid"));
        plain_times.push(started.elapsed());
        drop(dataset.take());
        let started = Instant::now();
        let loaded = Dataset::from_text(&json, "bench").expect("valid").dataset;
        let index = SearchIndex::new(&loaded);
        load_times.push(started.elapsed());
        dataset = Some((loaded, index));
    }
    let (plain, load) = (
        percentile(&mut plain_times, 50),
        percentile(&mut load_times, 50),
    );
    let (dataset, index) = dataset.expect("loaded at least once");
    let names: Vec<&str> = dataset.entities().map(|e| dataset.name(e)).collect();

    let mut lotse_times = Vec::new();
    let mut scratch_times = Vec::new();
    let mut naive_times = Vec::new();
    let mut failed = 0;
    let matcher = SkimMatcherV2::default().smart_case();
    for _ in 0..ROUNDS {
        for &typed in common::TYPED_QUERIES {
            for keystroke in common::keystrokes(typed) {
                // A keystroke whose query does not parse (`topic:` before its value) searches
                // nothing: it is counted, not timed, in every column alike.
                let Ok(query) = search::parse(keystroke) else {
                    failed += 1;
                    continue;
                };
                let started = Instant::now();
                black_box(index.search(&dataset, &query, None, SortOrder::Relevance, SHOWN));
                lotse_times.push(started.elapsed());
                // The same keystroke with nothing remembered from the ones before.
                index.forget();
                let started = Instant::now();
                black_box(index.search(&dataset, &query, None, SortOrder::Relevance, SHOWN));
                scratch_times.push(started.elapsed());
                let started = Instant::now();
                black_box(naive_scan(&matcher, &names, keystroke));
                naive_times.push(started.elapsed());
            }
        }
    }
    let (speed_up, each) = scratch_speed_up(&dataset, &index, &matcher, &names);
    let fzf = fzf_filter_p50(&names);
    let (p50, p99) = (
        percentile(&mut lotse_times, 50),
        percentile(&mut lotse_times, 99),
    );
    let scratch50 = percentile(&mut scratch_times, 50);
    let scratch99 = percentile(&mut scratch_times, 99);
    let naive = percentile(&mut naive_times, 50);
    println!(
        "| {size} | {:.0} MB | {} | {} | {:.2}× | {} ({} left out) | {} | {} | {} | {} | {} | {} | {:.1}× |",
        json.len() as f64 / 1e6,
        ms(load),
        ms(plain),
        load.as_secs_f64() / plain.as_secs_f64(),
        lotse_times.len(),
        failed,
        ms(p50),
        ms(p99),
        ms(scratch50),
        ms(scratch99),
        ms(naive),
        fzf.map_or_else(|| "fzf not installed".to_owned(), ms),
        speed_up,
    );
    // Below the table (each size's row is printed as it is measured): what the median is of.
    eprintln!("{size}: the five queries from scratch vs naive: {each}");
}

/// The median, over the five whole queries, of (naive scan time) / (lotse from scratch), each
/// time the median of `ROUNDS` runs; and each query's times and ratio, to print.
fn scratch_speed_up(
    dataset: &Dataset,
    index: &SearchIndex,
    matcher: &SkimMatcherV2,
    names: &[&str],
) -> (f64, String) {
    let mut each = Vec::new();
    let mut ratios: Vec<f64> = common::SCRATCH_QUERIES
        .iter()
        .map(|&text| {
            let query = search::parse(text).expect("the five queries parse");
            let lotse = median_of(ROUNDS, || {
                index.forget();
                let started = Instant::now();
                black_box(index.search(dataset, &query, None, SortOrder::Relevance, SHOWN));
                started.elapsed()
            });
            let naive = median_of(ROUNDS, || {
                let started = Instant::now();
                black_box(naive_scan(matcher, names, text));
                started.elapsed()
            });
            let ratio = naive.as_secs_f64() / lotse.as_secs_f64().max(1e-9);
            each.push(format!(
                "`{text}` {} vs {} ({ratio:.1}×)",
                ms(lotse),
                ms(naive)
            ));
            ratio
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    (ratios[ratios.len() / 2], each.join(", "))
}

/// What a fuzzy finder does without preparation: score every name on one thread, sort.
fn naive_scan<'a>(matcher: &SkimMatcherV2, names: &[&'a str], query: &str) -> Vec<(i64, &'a str)> {
    let mut hits: Vec<(i64, &str)> = names
        .iter()
        .filter_map(|name| matcher.fuzzy_match(name, query).map(|score| (score, *name)))
        .collect();
    hits.sort_by_key(|hit| std::cmp::Reverse(hit.0));
    hits
}

/// The median time of one `fzf --filter` process per keystroke of the plain-text queries.
fn fzf_filter_p50(names: &[&str]) -> Option<Duration> {
    Command::new("fzf").arg("--version").output().ok()?;
    let file = std::env::temp_dir().join(format!("lotse-bench-names-{}.txt", names.len()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).ok()?);
    for name in names {
        writeln!(out, "{name}").ok()?;
    }
    out.flush().ok()?;
    drop(out);
    let mut times = Vec::new();
    for &typed in common::TYPED_QUERIES.iter().filter(|q| !q.contains(':')) {
        for keystroke in common::keystrokes(typed) {
            let input = std::fs::File::open(&file).ok()?;
            let started = Instant::now();
            Command::new("fzf")
                .args(["--filter", keystroke])
                .stdin(input)
                .stdout(Stdio::null())
                .status()
                .ok()?;
            times.push(started.elapsed());
        }
    }
    let _ = std::fs::remove_file(&file);
    Some(percentile(&mut times, 50))
}

fn median_of(runs: usize, mut measure: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| measure()).collect();
    percentile(&mut times, 50)
}

fn percentile(times: &mut [Duration], percent: usize) -> Duration {
    times.sort_unstable();
    let rank = (times.len() * percent).div_ceil(100).max(1) - 1;
    times[rank.min(times.len() - 1)]
}

fn ms(duration: Duration) -> String {
    let millis = duration.as_secs_f64() * 1000.0;
    if millis >= 100.0 {
        format!("{millis:.0} ms")
    } else {
        format!("{millis:.1} ms")
    }
}

/// The processor and core count, for the table's caption.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown processor".to_owned());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    format!("{model}, {cores} cores")
}
