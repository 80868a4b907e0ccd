//! The query language against the built-in dataset: every operator and filter does what the
//! README says, one parser serves the explorer and the command line.

use lotse::Kind;
use lotse::model::Dataset;
use lotse::search::{self, SearchIndex, SortOrder};

fn ids(query: &str) -> Vec<String> {
    ids_of_kind(query, None)
}

fn ids_of_kind(query: &str, kind: Option<Kind>) -> Vec<String> {
    let dataset = lotse::embedded::load().unwrap().dataset;
    ids_in(&dataset, query, kind)
}

fn ids_in(dataset: &Dataset, query: &str, kind: Option<Kind>) -> Vec<String> {
    let index = SearchIndex::new(dataset);
    index
        .rank(dataset, query, kind)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .iter()
        .map(|hit| dataset.id(hit.entity).to_owned())
        .collect()
}

fn contains_all(found: &[String], expected: &[&str]) -> bool {
    expected.iter().all(|id| found.iter().any(|f| f == id))
}

#[test]
fn the_example_of_the_issue_does_what_it_says() {
    let found = ids("topic:datenschutz year:2025 !workshop");
    assert_eq!(
        found,
        [
            "ikt-meets-2025-spreckelsen",
            "cord-spreckelsen",
            "datenschutz",
            "src-jena-ikt-meets-2025"
        ]
    );
}

#[test]
fn terms_are_anded_and_bars_or_them() {
    let both = ids_of_kind("essen 2024", Some(Kind::Event));
    assert!(!both.is_empty(), "the KI-Biennale matches both terms");
    assert!(
        both.iter().all(|id| id.starts_with("ki-biennale")),
        "{both:?}"
    );
    let either = ids_of_kind("'zollverein | 'quantifisens", Some(Kind::Event));
    assert!(contains_all(
        &either,
        &["ki-biennale-essen-2024", "ikt-meets-2025-quantifisens"]
    ));
}

#[test]
fn exact_prefix_suffix_and_negation() {
    assert_eq!(ids_of_kind("'avatar", Some(Kind::Project)), ["avatar"]);
    let prefix = ids_of_kind("^fachvortrag", Some(Kind::Event));
    assert_eq!(prefix.len(), 3, "{prefix:?}");
    let suffix = ids_of_kind("gesundheit$", Some(Kind::Topic));
    assert!(
        contains_all(&suffix, &["psychische-gesundheit"]),
        "{suffix:?}"
    );
    assert!(!suffix.contains(&"gesundheitsdaten".to_owned()));
    let whole = ids_of_kind("^robotik$", Some(Kind::Topic));
    assert_eq!(whole, ["robotik"]);
    let without = ids_of_kind("jena !fachvortrag !'workshop", Some(Kind::Event));
    assert!(
        without
            .iter()
            .all(|id| !id.contains("workshop") && !id.contains("datenraeume"))
    );
    assert!(without.contains(&"ikt-meets-2025-jena".to_owned()));
}

#[test]
fn smart_case() {
    assert!(ids("KI").iter().any(|id| id == "ki"));
    // A capital letter makes the term case-sensitive: "Ki" is in no name or context.
    assert!(!ids("'Ki").iter().any(|id| id == "ki"));
}

#[test]
fn diacritics_fold_both_ways() {
    let dataset = Dataset::from_path("tests/fixtures/umlauts.json")
        .unwrap()
        .dataset;
    for query in ["muller", "mueller", "Müller", "Mueller"] {
        assert_eq!(
            ids_in(&dataset, query, Some(Kind::Speaker))
                .first()
                .map(String::as_str),
            Some("anna-mueller"),
            "{query}"
        );
    }
    assert_eq!(ids_in(&dataset, "strasse", None), ["tag-der-strasse"]);
    assert_eq!(ids_in(&dataset, "jose", None), ["jose-schie"]);
    assert_eq!(ids_in(&dataset, "José", None), ["jose-schie"]);
}

#[test]
fn a_literal_space_joins_words_into_one_term() {
    assert!(ids(r"'ikt\ meets").contains(&"ikt-meets-2025-jena".to_owned()));
    assert!(ids(r"'meets\ ikt").is_empty());
}

#[test]
fn kind_city_country_and_series_filters() {
    assert_eq!(ids("kind:speaker").len(), 3);
    let essen = ids_of_kind("city:essen", Some(Kind::Event));
    assert_eq!(essen, ["ki-biennale-essen-2024"]);
    let lu = ids("country:lu kind:organization");
    assert_eq!(lu, ["luxinnovation", "wirtschaftsministerium-lu"]);
    let series = ids_of_kind(r#"series:"IKT meets""#, Some(Kind::Event));
    assert_eq!(series.len(), 9);
    let not_essen = ids_of_kind("!city:essen", Some(Kind::Event));
    assert_eq!(not_essen.len(), 9);
}

#[test]
fn year_and_date_filters() {
    assert_eq!(
        ids_of_kind("year:2024", Some(Kind::Event)),
        ["ki-biennale-essen-2024"]
    );
    assert_eq!(ids_of_kind("year:2024..2025", Some(Kind::Event)).len(), 10);
    assert_eq!(ids_of_kind("date:2025-02", Some(Kind::Event)).len(), 9);
    assert!(ids_of_kind("date:2025-03", Some(Kind::Event)).is_empty());
    // Ranges, like year's, at each bound's precision.
    assert_eq!(
        ids_of_kind("date:2024-11-20..2024-11-20", Some(Kind::Event)),
        ["ki-biennale-essen-2024"]
    );
    assert_eq!(
        ids_of_kind("date:2024-11..2025-02-27", Some(Kind::Event)).len(),
        10
    );
    assert_eq!(
        ids_of_kind("date:2024-11-21..2025-02", Some(Kind::Event)).len(),
        9
    );
    assert!(ids_of_kind("date:2024-11-21..2025-02-26", Some(Kind::Event)).is_empty());
    // A day no calendar has is a mistake to say, not a filter that finds nothing.
    for impossible in [
        "date:2025-02-30",
        "date:2025-00",
        "year:-5",
        "date:2024-12-27..2025-13",
    ] {
        assert!(lotse::search::parse(impossible).is_err(), "{impossible}");
    }
    assert_eq!(
        ids_of_kind("year:2024", Some(Kind::Source)),
        ["src-essen-ki-biennale-2024"]
    );
}

#[test]
fn filters_match_through_relations() {
    // A speaker matches a topic when one of their talks does.
    assert_eq!(
        ids_of_kind("topic:ki", Some(Kind::Speaker)),
        ["cord-spreckelsen", "iwan-schie"]
    );
    // A topic matches a speaker who spoke about it.
    let schie = ids_of_kind("speaker:schie", Some(Kind::Topic));
    assert_eq!(schie, ["ki", "medizintechnik", "robotik", "digital-health"]);
    // An organization's events count as its own; a speaker's affiliations too.
    let medways = ids_of_kind("org:medways", Some(Kind::Event));
    assert_eq!(medways, ["ikt-meets-2025-jena", "ikt-meets-2025-dazert"]);
    let uk = ids_of_kind("org:universitatsklinikum", Some(Kind::Speaker));
    assert_eq!(uk, ["cord-spreckelsen"]);
    // A topic finds the topics filed under it; aliases count.
    assert_eq!(
        ids_of_kind("topic:privacy", Some(Kind::Topic)),
        ["datenschutz"]
    );
    let healthtech = ids_of_kind("topic:healthtech", Some(Kind::Topic));
    assert!(contains_all(
        &healthtech,
        &["healthtech", "digital-health", "medizinprodukte"]
    ));
}

#[test]
fn filters_combine_with_or_and_negation() {
    let found = ids_of_kind("city:essen | city:jena", Some(Kind::Event));
    assert_eq!(found.len(), 10);
    let found = ids_of_kind("kind:event !year:2025", None);
    assert_eq!(found, ["ki-biennale-essen-2024"]);
}

#[test]
fn ranking_is_deterministic_and_ties_go_to_shorter_names() {
    let first = ids("e");
    for _ in 0..5 {
        assert_eq!(ids("e"), first);
    }
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = SearchIndex::new(&dataset);
    let hits = index.rank(&dataset, "jena", None).unwrap();
    for pair in hits.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(a.score >= b.score);
        if a.score == b.score {
            let len = |h: search::Hit| dataset.name(h.entity).chars().count();
            assert!(len(a) <= len(b));
        }
    }
}

#[test]
fn sorting_by_name_and_date() {
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = SearchIndex::new(&dataset);
    let query = search::parse("kind:event").unwrap();
    let by_date = index.search(&dataset, &query, None, SortOrder::Date, usize::MAX);
    let dates: Vec<Option<&str>> = by_date
        .hits
        .iter()
        .map(|h| dataset.text(h.entity, lotse::model::schema::event::START))
        .collect();
    assert_eq!(dates.first(), Some(&Some("2024-11-20")));
    // Every event of the built-in dataset has a date.
    assert_eq!(dates.last(), Some(&Some("2025-02-27")));
    let by_name = index.search(&dataset, &query, None, SortOrder::Name, usize::MAX);
    let names: Vec<&str> = by_name
        .hits
        .iter()
        .map(|h| dataset.name(h.entity))
        .collect();
    assert_eq!(names.first(), Some(&"Fachvortrag: Innovative Datenräume"));
    assert_eq!(
        names.last(),
        Some(&"Workshop: Kooperation in Digitalisierung und Automatisierung")
    );
}

#[test]
fn a_limit_keeps_the_best_and_counts_all() {
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = SearchIndex::new(&dataset);
    let query = search::parse("e").unwrap();
    let all = index.search(&dataset, &query, None, SortOrder::Relevance, usize::MAX);
    let top = index.search(&dataset, &query, None, SortOrder::Relevance, 5);
    assert_eq!(top.hits, all.hits[..5]);
    assert_eq!(top.counts, all.counts);
    assert_eq!(all.count(None), all.hits.len());
}

#[test]
fn facets_count_the_results_and_their_filters_select_them() {
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = SearchIndex::new(&dataset);
    let query = search::parse("kind:event").unwrap();
    let hits = index
        .search(&dataset, &query, None, SortOrder::Relevance, usize::MAX)
        .hits;
    let rows = search::facets(&dataset, &hits, 10);
    let city = rows.iter().find(|r| r.label == "Jena").unwrap();
    assert_eq!((city.count, city.filter.as_str()), (9, "city:Jena"));
    let ki = rows
        .iter()
        .find(|r| r.label == "Künstliche Intelligenz")
        .unwrap();
    assert_eq!(ki.filter, "topic:\"Künstliche Intelligenz\"");
    // Each filter, added to the query, selects exactly the counted results.
    for row in rows.iter().filter(|r| r.count < hits.len()) {
        let narrowed = ids_in(&dataset, &format!("kind:event {}", row.filter), None);
        assert_eq!(narrowed.len(), row.count, "{}", row.filter);
    }
}

/// Found by `cargo fuzz run query`: a term of combining marks only folds to nothing, and an
/// empty term made the cheap scorer panic (`windows(0)`).
#[test]
fn a_term_of_combining_marks_only_is_a_mistake_not_a_panic() {
    let error = lotse::search::parse("\u{65a}").unwrap_err();
    assert_eq!(error.message, "`\u{65a}` has nothing to look for");
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = lotse::search::SearchIndex::new(&dataset);
    for query in ["\u{65a}\u{c}\u{c}\u{c}v ", "a\u{301}", "'\u{301}"] {
        if let Ok(query) = lotse::search::parse(query) {
            index.search(
                &dataset,
                &query,
                None,
                lotse::search::SortOrder::Relevance,
                50,
            );
        }
    }
}

#[test]
fn a_query_is_capped_and_its_repeated_terms_count_once() {
    let pasted = "jena ".repeat(200_000);
    let error = search::parse(&pasted).unwrap_err().to_string();
    assert!(
        error.contains("query too long: at most 1000 characters (this one has 1000000)"),
        "{error}"
    );
    assert_eq!(
        search::parse("jena jena 'essen jena 'essen"),
        search::parse("jena 'essen")
    );
    let many: Vec<String> = (0..65).map(|i| format!("t{i}")).collect();
    let error = search::parse(&many.join(" ")).unwrap_err().to_string();
    assert!(
        error.contains("too many terms: at most 64 different ones (this query has 65)"),
        "{error}"
    );
    assert!(search::parse(&many[..64].join(" ")).is_ok());
}

#[test]
fn a_search_nobody_wants_any_more_gives_up_and_leaves_no_trace() {
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = SearchIndex::new(&dataset);
    let query = search::parse("jena").unwrap();
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let cancelled = || {
        asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    };
    let given_up =
        index.search_unless(&dataset, &query, None, SortOrder::Relevance, 50, &cancelled);
    assert!(given_up.is_none());
    assert!(asked.into_inner() > 0, "the scan asked");
    // A narrower search after it is as a fresh index finds it: nothing of the cancelled one
    // was kept to narrow from.
    let narrower = search::parse("jena uni").unwrap();
    let after = index.search(&dataset, &narrower, None, SortOrder::Relevance, 50);
    let fresh =
        SearchIndex::new(&dataset).search(&dataset, &narrower, None, SortOrder::Relevance, 50);
    assert!(!fresh.hits.is_empty());
    assert_eq!(after.hits, fresh.hits);
}

#[test]
fn a_search_cancelled_while_its_filters_are_worked_out_caches_no_partial_filter() {
    let dataset = lotse::embedded::load().unwrap().dataset;
    let index = SearchIndex::new(&dataset);
    for text in ["topic:ki", "year:2025", "city:jena", "topic:ki jena"] {
        let query = search::parse(text).unwrap();
        let given_up =
            index.search_unless(&dataset, &query, None, SortOrder::Relevance, 50, &|| true);
        assert!(given_up.is_none(), "{text}");
        let after = index.search(&dataset, &query, None, SortOrder::Relevance, 50);
        let fresh =
            SearchIndex::new(&dataset).search(&dataset, &query, None, SortOrder::Relevance, 50);
        assert!(!fresh.hits.is_empty(), "{text}");
        assert_eq!(after, fresh, "{text}");
    }
}
