//! Writes a synthetic dataset for benchmarks and load tests:
//! `cargo run --release --example generate -- 1000000 > big.json`.

use std::io::Write;

fn main() {
    let entities = std::env::args()
        .nth(1)
        .and_then(|n| n.replace('_', "").parse::<usize>().ok())
        .unwrap_or(10_000);
    let json = lotse::synthetic::dataset_json(entities);
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(json.as_bytes()) {
        eprintln!("generate: {error}");
        std::process::exit(1);
    }
}
