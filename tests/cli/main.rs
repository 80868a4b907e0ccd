//! The command line through the real binary: output, exit codes, colour and the environment.

mod agenda;
mod bookmarks;
mod diff;
mod files;
mod keeping;
mod shell;

#[path = "../common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn lotse(args: &[&str]) -> Output {
    lotse_with_env(args, &[])
}

fn lotse_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
    command
        .args(args)
        .env_remove("LOTSE_DATASET")
        .env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run lotse")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 diagnostics")
}

/// The keys of a JSON object, sorted: the shape a command promises.
fn sorted_keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

#[test]
fn check_accepts_the_built_in_dataset() {
    let output = lotse(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line = stdout(&output);
    assert!(
        line.starts_with("ok: 10 events, 3 speakers, "),
        "unexpected: {line}"
    );
    assert!(line.trim_end().ends_with(" projects"));
}

#[test]
fn check_lists_every_error_and_exits_2() {
    let output = lotse(&["check", "tests/fixtures/broken.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    let errors = stderr(&output);
    for expected in [
        "tests/fixtures/broken.json: 9 errors",
        "tests/fixtures/broken.json: events[1].speakers[0]: no speaker \"ghost\"",
        "tests/fixtures/broken.json: events[1].speakers[1]: \"acme\" is an organization, not a speaker",
        "tests/fixtures/broken.json: speakers[0].id: \"conf\" also used at events[0].id",
        "tests/fixtures/broken.json: events[3].parent: cycle: \"loop-a\" → \"loop-b\" → \"loop-a\"",
        "tests/fixtures/broken.json: events[0].end: \"2025-02-26\" is before start \"2025-02-27\"",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in:\n{errors}"
        );
    }
}

#[test]
fn check_prints_warnings_on_stderr_and_still_succeeds() {
    let dir = tempdir("warnings");
    let file = dir.join("typo.json");
    std::fs::write(
        &file,
        r#"{"lotse": 1, "events": [{"id": "a", "title": "A", "spekers": []}]}"#,
    )
    .unwrap();
    let output = lotse(&["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "ok: 1 events, 0 speakers, 0 topics, 0 organizations, 0 projects\n"
    );
    assert_eq!(
        stderr(&output),
        "warning: events[0].spekers: unknown field, ignored\n"
    );
}

#[test]
fn check_of_a_missing_file_exits_2_with_one_sentence() {
    let output = lotse(&["check", "no/such/file.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "no/such/file.json: no such file\n");
}

#[test]
fn search_finds_a_speaker_by_surname() {
    let output = lotse(&["search", "spreckelsen"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    let columns: Vec<&str> = first.split("  ").filter(|c| !c.is_empty()).collect();
    assert_eq!(
        columns,
        [
            "speaker",
            "cord-spreckelsen",
            "Cord Spreckelsen",
            "Universitätsklinikum Jena"
        ]
    );
}

#[test]
fn search_json_is_an_array_of_hits_best_first() {
    let output = lotse(&["search", "datenschutz", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let hits = json(&output);
    let hits = hits.as_array().expect("an array");
    assert!(!hits.is_empty());
    assert_eq!(hits[0]["kind"], "topic");
    assert_eq!(hits[0]["id"], "datenschutz");
    assert_eq!(hits[0]["name"], "Datenschutz");
    assert!(hits[0]["context"].as_str().unwrap().contains("privacy"));
    let scores: Vec<i64> = hits.iter().map(|h| h["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for hit in hits {
        let keys: Vec<&str> = hit
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["kind", "id", "name", "score", "context"]);
    }
}

#[test]
fn search_by_english_alias_kind_and_limit() {
    let output = lotse(&["search", "privacy", "--kind", "topic", "--json"]);
    let hits = json(&output);
    assert_eq!(hits[0]["id"], "datenschutz");
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .all(|h| h["kind"] == "topic")
    );

    let output = lotse(&["search", "jena", "--limit", "2", "--json"]);
    assert_eq!(json(&output).as_array().unwrap().len(), 2);
}

#[test]
fn search_matches_events_by_city_and_year() {
    let ids = |query: &str| -> Vec<String> {
        let output = lotse(&["search", query, "--kind", "event", "--limit", "0", "--json"]);
        json(&output)
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let jena = ids("jena 2025");
    assert_eq!(jena.len(), 9, "{jena:?}");
    assert!(jena.iter().all(|id| id.starts_with("ikt-meets-2025")));
    assert!(ids("essen 2024").contains(&"ki-biennale-essen-2024".to_owned()));
    assert!(ids("zollverein 2025").is_empty());
}

#[test]
fn search_folds_umlauts_and_accents() {
    let dataset = "tests/fixtures/umlauts.json";
    let first_id = |query: &str| {
        let output = lotse(&["--dataset", dataset, "search", query, "--json"]);
        json(&output)[0]["id"].as_str().map(str::to_owned)
    };
    assert_eq!(first_id("muller").as_deref(), Some("anna-mueller"));
    assert_eq!(first_id("schie").as_deref(), Some("jose-schie"));
    assert_eq!(first_id("strasse").as_deref(), Some("tag-der-strasse"));
    assert_eq!(first_id("munchen").as_deref(), Some("tu-muenchen"));
}

#[test]
fn search_with_no_match_says_so_on_stderr() {
    let output = lotse(&["search", "zzzzqqq"]);
    assert_eq!(output.status.code(), Some(1), "as grep: nothing found");
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("nothing matches \"zzzzqqq\""));
}

#[test]
fn show_lists_fields_and_relations_by_name() {
    let output = lotse(&["show", "cord-spreckelsen"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("Cord Spreckelsen\nspeaker cord-spreckelsen\n"),
        "{text}"
    );
    assert!(text.contains("  Honorific  Prof."), "{text}");
    for heading in ["Talks (1)", "Affiliations (1)", "Sources (1)"] {
        assert!(
            text.lines().any(|l| l == heading),
            "no {heading} in:\n{text}"
        );
    }
    assert!(
        text.contains("uk-jena  Universitätsklinikum Jena"),
        "{text}"
    );
    assert!(text.contains("ikt-meets-2025-spreckelsen"), "{text}");
}

#[test]
fn show_json_resolves_relations_both_ways() {
    let output = lotse(&["show", "medways", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let org = json(&output);
    assert_eq!(org["kind"], "organization");
    assert_eq!(org["fields"]["name"], "medways e.V.");
    assert_eq!(
        org["relations"]["organized"][0]["id"],
        "ikt-meets-2025-jena"
    );
    assert_eq!(org["relations"]["people"][0]["name"], "Eike Dazert");

    let topic = json(&lotse(&["show", "datenschutz", "--json"]));
    let speakers: Vec<&str> = topic["relations"]["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(speakers, ["cord-spreckelsen"]);
    assert!(topic["relations"]["events"].as_array().unwrap().len() >= 3);
}

#[test]
fn show_of_an_unknown_id_exits_2_with_suggestions() {
    let output = lotse(&["show", "cord-spreckelson"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(errors.starts_with("lotse: no entity with id \"cord-spreckelson\"\ndid you mean:\n"));
    assert!(
        errors.contains("  cord-spreckelsen  (speaker Cord Spreckelsen)"),
        "{errors}"
    );

    let output = lotse(&["show", "dazert"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("eike-dazert"));
}

#[test]
fn stats_counts_kinds_years_and_topics() {
    let output = lotse(&["stats", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let stats = json(&output);
    assert_eq!(stats["counts"]["events"], 10);
    assert_eq!(stats["counts"]["speakers"], 3);
    assert_eq!(stats["events_per_year"]["2025"], 9);
    assert_eq!(stats["events_per_year"]["2024"], 1);
    assert_eq!(stats["events_without_date"], 0);
    assert_eq!(stats["top_topics"][0]["id"], "ki");
    assert!(stats["top_topics"].as_array().unwrap().len() <= 10);

    let text = stdout(&lotse(&["stats"]));
    assert!(
        text.contains("Events per year\n  2024      1\n  2025      9\n"),
        "{text}"
    );
}

#[test]
fn no_command_prints_the_stats_and_a_hint() {
    let output = lotse(&[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("Topics with most events"));
    assert!(stderr(&output).contains("lotse search QUERY"));
}

#[test]
fn the_dataset_comes_from_the_flag_or_the_environment() {
    let via_flag = lotse(&[
        "--dataset",
        "tests/fixtures/umlauts.json",
        "stats",
        "--json",
    ]);
    assert_eq!(json(&via_flag)["counts"]["speakers"], 3);
    assert_eq!(json(&via_flag)["title"], "Names with diacritics");

    let via_env = lotse_with_env(
        &["stats", "--json"],
        &[("LOTSE_DATASET", "tests/fixtures/umlauts.json")],
    );
    assert_eq!(json(&via_env)["title"], "Names with diacritics");

    let broken = lotse(&["--dataset", "tests/fixtures/broken.json", "search", "x"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).starts_with("lotse: tests/fixtures/broken.json: 9 errors"));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    use lotse::commands::Style;
    use std::ffi::OsStr;
    let set = Some(OsStr::new("1"));
    let empty = Some(OsStr::new(""));
    assert!(
        Style::detect(true, None).color,
        "a terminal without NO_COLOR"
    );
    assert!(
        Style::detect(true, empty).color,
        "an empty NO_COLOR is unset"
    );
    assert!(!Style::detect(true, set).color, "a terminal with NO_COLOR");
    assert!(!Style::detect(false, None).color, "a pipe");
    assert!(!Style::detect(false, set).color, "a pipe with NO_COLOR");
    // End to end through a pipe; on a terminal, tests/e2e.rs looks at the cells' colours.
    for args in [
        &["show", "eike-dazert"][..],
        &["search", "jena"],
        &["stats"],
    ] {
        let output = lotse(args);
        assert!(
            !output.stdout.contains(&0x1b),
            "escape in output of {args:?}"
        );
    }
}

#[test]
fn every_command_has_help() {
    for command in [&[][..], &["check"], &["search"], &["show"], &["stats"]] {
        let mut args = command.to_vec();
        args.push("--help");
        let output = lotse(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(stdout(&output).contains("Usage: lotse"), "{args:?}");
    }
    // The help states the exit codes the commands use (and the README gives).
    let help = stdout(&lotse(&["--help"]))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("1 when a search or an export matched nothing, 2 on every error"),
        "{help}"
    );
}

#[test]
fn command_line_mistakes_exit_2() {
    assert_eq!(lotse(&["search"]).status.code(), Some(2));
    assert_eq!(
        lotse(&["search", "x", "--kind", "person"]).status.code(),
        Some(2)
    );
    assert_eq!(lotse(&["frobnicate"]).status.code(), Some(2));
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn search_takes_the_query_language() {
    let output = lotse(&["search", "topic:datenschutz year:2025 !workshop", "--json"]);
    let ids: Vec<String> = json(&output)
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            "ikt-meets-2025-spreckelsen",
            "cord-spreckelsen",
            "datenschutz",
            "src-jena-ikt-meets-2025"
        ]
    );
}

#[test]
fn a_query_mistake_exits_2_and_says_what_is_wrong() {
    let output = lotse(&["search", "colour:red"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .starts_with("lotse: query: unknown field `colour:`; fields are kind, topic")
    );
    let output = lotse(&["search", "year:twenty"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn search_sorts_by_date_and_name() {
    let first = |sort: &str| {
        let output = lotse(&["search", "kind:event", "--sort", sort, "--json"]);
        json(&output)[0]["id"].as_str().unwrap().to_owned()
    };
    assert_eq!(first("date"), "ki-biennale-essen-2024");
    assert_eq!(first("name"), "ikt-meets-2025-datenraeume");
}

#[test]
fn search_facets_count_the_results() {
    let output = lotse(&["search", "kind:event", "--facets"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("City\n       9  Jena   "), "{text}");
    let output = lotse(&["search", "kind:event", "--facets", "--json"]);
    let rows = json(&output);
    let jena = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["value"] == "Jena")
        .unwrap();
    assert_eq!(jena["facet"], "city");
    assert_eq!(jena["filter"], "city:Jena");
    assert_eq!(jena["count"], 9);
}

#[test]
fn search_stats_prints_one_line_to_stderr() {
    let output = lotse(&["search", "jena", "--stats", "--limit", "1"]);
    let line = stderr(&output);
    let pattern = regex_lite_match(&line);
    assert!(pattern, "unexpected stats line: {line:?}");
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn check_stats_prints_the_load_and_the_search_keys_to_stderr() {
    let output = lotse(&["check", "--stats"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("ok: "), "{}", stdout(&output));
    let line = stderr(&output);
    let rest = line
        .strip_prefix("check: 81 entities, load ")
        .unwrap_or_else(|| panic!("unexpected stats line: {line:?}"));
    let parts: Vec<&str> = rest.trim_end().split(' ').collect();
    assert!(
        matches!(parts.as_slice(), [load, "ms,", "search", "keys", keys, "ms"]
            if [load, keys].iter().all(|n| n.parse::<f64>().is_ok())),
        "unexpected stats line: {line:?}"
    );
    assert_eq!(line.lines().count(), 1);
    // Without --stats, nothing on stderr.
    assert_eq!(stderr(&lotse(&["check"])), "");
}

/// `search: N entities, M matches, T ms (load T ms, index T ms)` followed by a newline.
fn regex_lite_match(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("search: 81 entities, 15 matches, ") else {
        return false;
    };
    let parts: Vec<&str> = rest.trim_end().split(' ').collect();
    matches!(parts.as_slice(), [t, "ms", "(load", l, "ms,", "index", i, "ms)"]
        if [t, l, i].iter().all(|n| n.parse::<f64>().is_ok()))
        && line.ends_with('\n')
        && line.lines().count() == 1
}
