use std::time::Instant;
use lotse::search::{self, SearchIndex, SortOrder};
fn main() {
    let json = lotse::synthetic::dataset_json(1_000_000);
    let d = lotse::model::Dataset::from_text(&json, "x").unwrap().dataset;
    let index = SearchIndex::new(&d);
    for typed in ["spreckelsen","mueller","datenschutz pflege","kind:speaker schmidt","digital health","topic:robotik year:2020..2025"] {
        let mut line = String::new();
        for (at, c) in typed.char_indices() {
            let k = &typed[..at + c.len_utf8()];
            let t = Instant::now();
            if let Ok(q) = search::parse(k) { let r = index.search(&d, &q, None, SortOrder::Relevance, 200); std::hint::black_box(r); }
            line.push_str(&format!("{}:{:.0} ", k.chars().last().unwrap(), t.elapsed().as_secs_f64()*1000.0));
        }
        println!("{typed}: {line}");
    }
}
