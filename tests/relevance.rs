//! The project's relevance test: for each (dataset, query) the entity a user means, and the
//! rank it must reach at most, over the built-in dataset and the project's fixtures (and the
//! real 36C3 schedule beside the checkout). A failure names every miss; the summary (how
//! many at rank 1, how many within 3) is printed with `cargo test --test relevance --
//! --nocapture` and quoted in the README.

mod common;

use lotse::model::Dataset;
use lotse::search::SearchIndex;

/// (dataset, query, expected entity id, rank at most).
const TABLE: &[(&str, &str, &str, usize)] = &[
    // Aliases and acronyms that match whole come before scattered letters.
    ("built-in", "ki", "ki", 1),
    ("built-in", "ai", "ki", 1),
    ("built-in", "KI", "ki", 1),
    ("built-in", "ict", "ikt", 1),
    ("built-in", "ikt", "ikt", 1),
    ("built-in", "twins", "digitale-zwillinge", 1),
    ("built-in", "digital twins", "digitale-zwillinge", 1),
    ("built-in", "eu", "eu", 1),
    ("built-in", "thcm", "thcm", 1),
    ("built-in", "medtech", "medizintechnik", 1),
    // Names, their starts, their words.
    ("built-in", "spreck", "cord-spreckelsen", 1),
    ("built-in", "spreckelsen", "cord-spreckelsen", 1),
    ("built-in", "dazert", "eike-dazert", 1),
    ("built-in", "datenschutz", "datenschutz", 1),
    ("built-in", "robotik", "robotik", 1),
    ("built-in", "avatar", "avatar", 1),
    ("built-in", "quantifisens", "quantifisens", 1),
    ("built-in", "luxinnovation", "luxinnovation", 1),
    ("built-in", "zollverein", "stiftung-zollverein", 3),
    ("built-in", "ki biennale", "ki-biennale-essen-2024", 2),
    ("built-in", "biennale ki", "ki-biennale-essen-2024", 2),
    ("built-in", "jena", "uk-jena", 3),
    ("built-in", "jena", "eah-jena", 3),
    ("built-in", "zwillinge", "digitale-zwillinge", 1),
    ("built-in", "präzisionsmedizin", "praezisionsmedizin", 1),
    ("built-in", "praezisionsmedizin", "praezisionsmedizin", 1),
    // Typos in long words.
    ("built-in", "datenschtuz", "datenschutz", 1),
    ("built-in", "spreckelson", "cord-spreckelsen", 1),
    ("built-in", "robotick", "robotik", 1),
    // Schedules: talks, speakers, tracks; words in any order.
    ("frab", "jahresrückblick", "fixcon19-1006", 1),
    ("frab", "patientendaten", "fixcon19-1003", 1),
    ("frab", "pattientendaten", "fixcon19-1003", 1),
    ("frab", "lockpicking", "fixcon19-1009", 1),
    ("frab", "kessel", "mira-kessel", 1),
    ("frab", "ccc", "ccc", 1),
    ("frab", "secure boot", "fixcon19-1010", 1),
    ("frab", "boot secure", "fixcon19-1010", 1),
    ("frab", "side channels clinic", "fixcon19-1007", 1),
    ("frab", "mesh", "fixcon19-1004", 1),
    ("xml", "dora", "dora-daten", 1),
    ("xml", "keynote gesundheit", "xmlconf24-1", 1),
    ("ics", "ki", "ki", 1),
    ("ics", "datenschutz ki", "talk-1", 1),
    ("pretalx", "firmware", "fixstream-2020-21", 1),
    ("pretalx", "shoestring", "fixstream-2020-23", 1),
    ("pretalx", "kiel", "fixstream-2020-21", 2),
    ("pretalx", "lindqvist", "ana-lindqvist", 1),
];

/// The real 36C3 schedule (`../shared/schedules`), when it is there.
const TABLE_36C3: &[(&str, &str, usize)] = &[
    ("patientenakte", "36c3-10595", 1),
    ("pattientenakte", "36c3-10595", 1),
    ("jahresrückblick ccc", "36c3-11225", 1),
    ("ccc jahresrückblick", "36c3-11225", 1),
];

fn dataset(name: &str) -> Dataset {
    let fixture = match name {
        "built-in" => return common::dataset(),
        "frab" => "frab-congress.json",
        "xml" => "schedule.xml",
        "ics" => "calendar.ics",
        "pretalx" => "pretalx-stream.json",
        other => panic!("no dataset {other:?} in the relevance table"),
    };
    lotse::import::open(&common::fixture(fixture))
        .expect("the fixtures load")
        .loaded
        .dataset
}

/// The rank (from 1) of `expected` among the hits of `query`, if it is found.
fn rank_of(dataset: &Dataset, index: &SearchIndex, query: &str, expected: &str) -> Option<usize> {
    let hits = index.rank(dataset, query, None).expect("the queries parse");
    hits.iter()
        .position(|hit| dataset.id(hit.entity) == expected)
        .map(|at| at + 1)
}

/// Checks each row; returns the misses and how many rows were at rank 1 and within 3.
fn check(
    rows: &[(&Dataset, &SearchIndex, &str, &str, &str, usize)],
) -> (Vec<String>, usize, usize) {
    let (mut misses, mut first, mut within_three) = (Vec::new(), 0, 0);
    for &(dataset, index, name, query, expected, at_most) in rows {
        let rank = rank_of(dataset, index, query, expected);
        first += usize::from(rank == Some(1));
        within_three += usize::from(rank.is_some_and(|rank| rank <= 3));
        if rank.is_none_or(|rank| rank > at_most) {
            let found = rank.map_or("not found".to_owned(), |rank| format!("rank {rank}"));
            misses.push(format!(
                "{name}: {query:?} → {expected}: {found}, wanted ≤ {at_most}"
            ));
        }
    }
    (misses, first, within_three)
}

#[test]
fn the_entity_a_user_means_ranks_where_the_table_says() {
    let names = ["built-in", "frab", "xml", "ics", "pretalx"];
    let datasets: Vec<(&str, Dataset)> = names.iter().map(|&n| (n, dataset(n))).collect();
    let indexes: Vec<SearchIndex> = datasets.iter().map(|(_, d)| SearchIndex::new(d)).collect();
    let rows: Vec<_> = TABLE
        .iter()
        .map(|&(name, query, expected, at_most)| {
            let at = names
                .iter()
                .position(|&n| n == name)
                .expect("a known dataset");
            (
                &datasets[at].1,
                &indexes[at],
                name,
                query,
                expected,
                at_most,
            )
        })
        .collect();
    let (misses, first, within_three) = check(&rows);
    println!(
        "relevance: {} queries, {first} at rank 1, {within_three} within 3, {} misses",
        rows.len(),
        misses.len()
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn the_talk_a_user_means_ranks_first_on_the_36c3_schedule() {
    let test = "the_talk_a_user_means_ranks_first_on_the_36c3_schedule";
    let Some(path) = common::shared("schedules/jgerstbe_36c3.json", test) else {
        return;
    };
    let dataset = lotse::import::open(&path)
        .expect("36C3 loads")
        .loaded
        .dataset;
    let index = SearchIndex::new(&dataset);
    let rows: Vec<_> = TABLE_36C3
        .iter()
        .map(|&(query, expected, at_most)| (&dataset, &index, "36C3", query, expected, at_most))
        .collect();
    let (misses, first, within_three) = check(&rows);
    println!(
        "relevance on 36C3: {} queries, {first} at rank 1, {within_three} within 3, {} misses",
        rows.len(),
        misses.len()
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
