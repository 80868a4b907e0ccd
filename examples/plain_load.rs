//! The baseline the load is measured against: the same file read by serde into the same record
//! types, without lotse's checks, cleaning or indexes. For peak memory:
//! `/usr/bin/time -f %M target/release/examples/plain_load big.json`.

#[path = "../benches/common.rs"]
#[allow(dead_code)] // Only the plain dataset is used here.
mod common;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: plain_load FILE");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("plain_load: {path}: {error}");
            std::process::exit(1);
        }
    };
    match serde_json::from_str::<common::PlainDataset>(&text) {
        Ok(dataset) => {
            std::hint::black_box(&dataset);
            eprintln!(
                "plain serde load: {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Err(error) => {
            eprintln!("plain_load: {path}: {error}");
            std::process::exit(1);
        }
    }
}
