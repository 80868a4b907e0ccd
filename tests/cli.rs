//! The command line through the real binary: output, exit codes, colour and the environment.

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

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

#[test]
fn check_accepts_the_built_in_dataset() {
    let output = lotse(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line = stdout(&output);
    assert!(
        line.starts_with("ok: 11 events, 3 speakers, "),
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
    assert!(ids("essen 2024").contains(&"ki-biennale-2024-ki-als-schluessel".to_owned()));
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
    assert_eq!(output.status.code(), Some(0));
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
    assert_eq!(stats["counts"]["events"], 11);
    assert_eq!(stats["counts"]["speakers"], 3);
    assert_eq!(stats["events_per_year"]["2025"], 9);
    assert_eq!(stats["events_per_year"]["2024"], 1);
    assert_eq!(stats["events_without_date"], 1);
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
    assert_eq!(first("date"), "ki-biennale-2024-ki-als-schluessel");
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

/// `search: N entities, M matches, T ms (load T ms, index T ms)` followed by a newline.
fn regex_lite_match(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("search: 81 entities, 14 matches, ") else {
        return false;
    };
    let parts: Vec<&str> = rest.trim_end().split(' ').collect();
    matches!(parts.as_slice(), [t, "ms", "(load", l, "ms,", "index", i, "ms)"]
        if [t, l, i].iter().all(|n| n.parse::<f64>().is_ok()))
        && line.ends_with('\n')
        && line.lines().count() == 1
}

#[test]
fn import_writes_a_lotse_file_that_check_accepts_and_reports_repairs() {
    let directory = std::env::temp_dir().join(format!("lotse-import-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let out = directory.join("quirks.json");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedule-quirks.json");
    let output = lotse(&[
        "import",
        fixture.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stderr(&output);
    assert!(
        report.contains("(frab/pretalx schedule.json): 7 events, 4 speakers, 2 topics"),
        "{report}"
    );
    assert!(report.contains("event id 101 appears twice"), "{report}");
    let check = lotse(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        stdout(&check).trim(),
        "ok: 7 events, 4 speakers, 2 topics, 0 organizations, 0 projects"
    );
    assert_eq!(stderr(&check), "", "a written import needs no more repairs");
    std::fs::remove_dir_all(&directory).unwrap();
}

#[test]
fn import_without_output_writes_to_stdout_and_any_command_opens_a_schedule() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedule.xml");
    let output = lotse(&["import", fixture.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json(&output)["lotse"], 1);
    let search = lotse(&[
        "--dataset",
        fixture.to_str().unwrap(),
        "search",
        "keynote",
        "--json",
    ]);
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    assert_eq!(json(&search)[0]["id"], "xmlconf24-1");
}

#[test]
fn import_of_a_missing_file_fails_with_exit_2() {
    let output = lotse(&["import", "/nonexistent/schedule.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no such file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_default_config_prints_and_the_config_path_follows_the_environment() {
    let output = lotse(&["--print-default-config"]);
    assert_eq!(output.status.code(), Some(0));
    let printed = stdout(&output);
    assert!(printed.contains("[theme]") && printed.contains("[keys.entity]"));
    lotse::config::Config::from_texts(Some((&printed, "printed")))
        .expect("the printed default is a valid config.toml");

    let dir = std::env::temp_dir().join(format!("lotse-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let env = [("LOTSE_CONFIG_DIR", dir.to_str().unwrap())];
    let path = lotse_with_env(&["config", "path"], &env);
    assert_eq!(
        stdout(&path).trim(),
        dir.join("config.toml").display().to_string()
    );
    let help = lotse_with_env(&["--help"], &env);
    assert!(
        stdout(&help).contains(&format!(
            "Configuration: {}",
            dir.join("config.toml").display()
        )),
        "{}",
        stdout(&help)
    );
    let check = lotse_with_env(&["config", "check"], &env);
    assert_eq!(check.status.code(), Some(0));
    assert!(stdout(&check).contains("the defaults apply"));
    // `config init` writes the defaults to edit, once.
    let init = lotse_with_env(&["config", "init"], &env);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let written = std::fs::read_to_string(dir.join("config.toml")).unwrap();
    assert_eq!(written, printed);
    let again = lotse_with_env(&["config", "init"], &env);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("does not overwrite it"));
    // The printed defaults, every key binding included, are a config.toml lotse accepts.
    let check = lotse_with_env(&["config", "check"], &env);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stdout(&check).starts_with("ok: "), "{}", stdout(&check));

    std::fs::write(dir.join("config.toml"), "[theme]\nborder = \"plaid\"\n").unwrap();
    let check = lotse_with_env(&["config", "check"], &env);
    assert_eq!(check.status.code(), Some(2));
    let message = stderr(&check);
    assert!(
        message.contains("config.toml:2:10: theme.border: \"plaid\" is not a colour"),
        "{message}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for (shell, marker) in [
        ("bash", "_lotse()"),
        ("zsh", "#compdef lotse"),
        ("fish", "complete -c lotse"),
    ] {
        let output = lotse(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("export") && script.contains("import"),
            "{shell}"
        );
    }
    let man = lotse(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(page.contains(".TH lotse 1"), "{page}");
    assert!(page.contains("print\\-default\\-config"), "{page}");
}

#[test]
fn commands_on_a_schedule_with_repairs_say_how_many_and_where_to_see_them() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedule-quirks.json");
    let fixture = fixture.to_str().unwrap();
    let output = lotse(&["--dataset", fixture, "search", "opening"]);
    assert_eq!(output.status.code(), Some(0));
    let expected = format!("warning(s) while loading; `lotse check {fixture}` lists them");
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    let check = lotse(&["check", fixture]);
    assert!(stderr(&check).contains("warning: schedule.conference.days[1]"));
}

#[test]
fn json_output_of_hostile_text_is_clean_and_valid() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.json");
    let fixture = fixture.to_str().unwrap();
    for args in [
        vec![
            "--dataset",
            fixture,
            "search",
            "kind:event",
            "--limit",
            "0",
            "--json",
        ],
        vec!["--dataset", fixture, "show", "hostile-speaker", "--json"],
        vec!["--dataset", fixture, "show", "c1-controls", "--json"],
    ] {
        let output = lotse(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let raw = &output.stdout;
        assert!(
            !raw.iter()
                .any(|&b| b == 0x1b || b == 0x7f || (b < 0x20 && b != b'\n')),
            "{args:?}: raw control bytes"
        );
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(
            !text.contains('\u{9b}') && !text.contains('\u{202e}'),
            "{args:?}"
        );
        let _: Value = serde_json::from_str(&text).expect("valid JSON");
    }
}

#[test]
fn a_kill_at_any_moment_of_a_write_leaves_the_old_file_or_the_new_one_never_half() {
    if !cfg!(debug_assertions) {
        // The pause that lets the test kill lotse mid-write exists only in debug builds.
        common::skip_visibly(
            "a_kill_at_any_moment_of_a_write",
            "the write pause exists only in debug builds (this is a release build)",
        );
        return;
    }
    let dir = scratch("kill");
    let fixture = dir.join("synthetic.json");
    std::fs::write(&fixture, lotse::synthetic::dataset_json(5_000)).unwrap();
    let target = dir.join("export.json");
    let spawn = |out: &Path, pause: &str| {
        Command::new(env!("CARGO_BIN_EXE_lotse"))
            .args([
                "--dataset",
                fixture.to_str().unwrap(),
                "export",
                "json",
                "-o",
            ])
            .arg(out)
            .env("LOTSE_TEST_WRITE_PAUSE_MS", pause)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // The complete new file, written once without interruption.
    let reference = dir.join("reference.json");
    assert!(spawn(&reference, "0").wait().unwrap().success());
    let new = std::fs::read(&reference).unwrap();
    let old = b"{\"lotse\": 1}\n".to_vec();
    let temporaries = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.to_string_lossy().contains(".export.json."))
            .collect()
    };

    // Killed while the bytes sit written in the temporary file and the rename has not come:
    // every time, the target is the old file.
    let mut killed_mid_write = 0;
    for attempt in 0..6 {
        std::fs::write(&target, &old).unwrap();
        let mut child = spawn(&target, "60000");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let temporary = loop {
            let written = temporaries()
                .into_iter()
                .find(|t| std::fs::metadata(t).is_ok_and(|m| m.len() == new.len() as u64));
            if let Some(temporary) = written {
                break temporary;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "attempt {attempt}: no write began"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), old, "attempt {attempt}");
        killed_mid_write += 1;
        std::fs::remove_file(temporary).unwrap();
    }
    assert_eq!(killed_mid_write, 6);

    // Killed at any moment of a whole run (load, export, write, rename): old or new, never half.
    let run = {
        let started = std::time::Instant::now();
        assert!(spawn(&reference, "0").wait().unwrap().success());
        started.elapsed()
    };
    for attempt in 0..20u32 {
        std::fs::write(&target, &old).unwrap();
        let mut child = spawn(&target, "0");
        std::thread::sleep(run.mul_f64(f64::from(attempt) / 20.0 * 1.2));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == old || now == new,
            "attempt {attempt}: {} bytes, neither the old file nor the new one",
            now.len()
        );
        for temporary in temporaries() {
            std::fs::remove_file(temporary).unwrap();
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// A scratch directory of one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lotse-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn escape_sequences_in_file_names_keys_and_ids_reach_stderr_only_as_codes() {
    let dir = scratch("escapes");
    let name = "evil\u{1b}]0;pwned\u{7}\u{1b}[31m.json";
    let file = dir.join(name);
    let arg = file.to_str().unwrap();
    let shown_name = "evil\\u{1b}]0;pwned\\u{7}\\u{1b}[31m.json";
    let assert_clean = |output: &Output, expected: &[&str]| {
        let text = stderr(output);
        assert!(
            !output.stderr.iter().any(|&b| b == 0x1b || b == 0x07),
            "a raw control byte on stderr: {text:?}"
        );
        for part in expected {
            assert!(text.contains(part), "{part:?} not in {text:?}");
        }
    };

    // Warnings: an unknown key with OSC 52 and CSI in it.
    std::fs::write(
        &file,
        "{\"lotse\": 1, \"x\\u001b]52;c;cHduZWQ=\\u0007\": 1,\n \"events\": [{\"id\": \"a\", \"title\": \"A\", \"y\\u001b[2J\": 2}]}",
    )
    .unwrap();
    let output = lotse(&["check", arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_clean(
        &output,
        &["x\\u{1b}]52;c;cHduZWQ=\\u{7}", "events[0].y\\u{1b}[2J"],
    );

    // Validation errors quoting an id and a reference.
    std::fs::write(
        &file,
        "{\"lotse\": 1, \"events\": [{\"id\": \"a\\u001b[31m\", \"title\": \"A\", \"speakers\": [\"s\\u001b]0;t\\u0007\"]}]}",
    )
    .unwrap();
    let output = lotse(&["check", arg]);
    assert_eq!(output.status.code(), Some(2));
    assert_clean(&output, &[shown_name, "a\\u{1b}[31m", "s\\u{1b}]0;t\\u{7}"]);

    // A syntax error, and a file that is not there.
    std::fs::write(&file, "{\"lotse\": 1,").unwrap();
    assert_clean(&lotse(&["check", arg]), &[shown_name]);
    std::fs::remove_file(&file).unwrap();
    let output = lotse(&["--dataset", arg, "stats"]);
    assert_eq!(output.status.code(), Some(2));
    assert_clean(&output, &[shown_name]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn dash_o_follows_a_link_writes_devices_in_place_and_keeps_permissions() {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let dir = scratch("dash-o");
    let export = |out: &Path| lotse(&["export", "csv", "year:2025", "-o", out.to_str().unwrap()]);

    // A link: the file it points to gets the export; the link stays a link.
    std::fs::write(dir.join("real.csv"), "old").unwrap();
    symlink("real.csv", dir.join("link.csv")).unwrap();
    assert_eq!(export(&dir.join("link.csv")).status.code(), Some(0));
    let meta = std::fs::symlink_metadata(dir.join("link.csv")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(
        std::fs::read_to_string(dir.join("real.csv"))
            .unwrap()
            .starts_with("id,")
    );

    // An existing file keeps its mode.
    std::fs::set_permissions(dir.join("real.csv"), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(export(&dir.join("real.csv")).status.code(), Some(0));
    let mode = std::fs::metadata(dir.join("real.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // `-o /dev/stdout` writes to standard output (a pipe here) and replaces nothing.
    let output = lotse(&["export", "csv", "year:2025", "-o", "/dev/stdout"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("id,"), "{}", stdout(&output));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn config_init_replaces_no_link_and_no_file() {
    use std::os::unix::fs::symlink;
    let dir = scratch("config-init");
    let env = [("LOTSE_CONFIG_DIR", dir.to_str().unwrap())];
    let elsewhere = dir.join("elsewhere.toml");
    symlink(&elsewhere, dir.join("config.toml")).unwrap();
    let init = lotse_with_env(&["config", "init"], &env);
    assert_eq!(init.status.code(), Some(2));
    assert!(
        stderr(&init).contains("does not overwrite it"),
        "{}",
        stderr(&init)
    );
    assert!(!elsewhere.exists(), "the write followed a dangling link");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn export_of_bookmarks_only_reads_the_bookmarks_file() {
    let dir = scratch("export-bookmarks");
    let file = dir.join("bookmarks/built-in.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{ not json").unwrap();
    let env = [("LOTSE_DATA_DIR", dir.to_str().unwrap())];
    let output = lotse_with_env(&["export", "csv", "--bookmarks"], &env);
    assert!(
        stderr(&output).contains("not a bookmarks file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{ not json");
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing set aside");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_empty_lotse_dataset_is_the_same_as_unset() {
    for args in [
        &["stats", "--json"][..],
        &["check"],
        &["search", "jena", "--json"],
    ] {
        let unset = lotse(args);
        let empty = lotse_with_env(args, &[("LOTSE_DATASET", "")]);
        assert_eq!(empty.status.code(), Some(0), "{args:?}: {}", stderr(&empty));
        assert_eq!(empty.stdout, unset.stdout, "{args:?}");
    }
}

#[test]
fn an_unknown_id_of_any_length_is_answered_at_once() {
    // 120 KB: the old unbounded edit distance took over a minute. The limit is generous; the
    // work is bounded by the id's first 200 characters and 8 words.
    for id in ["x".repeat(120_000), "ab-".repeat(40_000)] {
        let started = std::time::Instant::now();
        let output = lotse(&["show", &id]);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(output.status.code(), Some(2));
        let message = stderr(&output);
        assert!(message.len() < 1_000, "the id is not echoed whole");
        assert!(
            message.contains("characters)"),
            "{}",
            &message[..200.min(message.len())]
        );
    }
}

#[test]
fn every_error_exits_2_writes_included() {
    let missing_dir = lotse(&["export", "csv", "-o", "/nonexistent-lotse-dir/x.csv"]);
    assert_eq!(missing_dir.status.code(), Some(2));
    assert_eq!(
        stderr(&missing_dir),
        "lotse: /nonexistent-lotse-dir/x.csv: cannot write: No such file or directory (os error 2)\n"
    );
    let full = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["search", "jena"])
        .env_remove("LOTSE_DATASET")
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(full.status.code(), Some(2), "{}", stderr(&full));
    assert!(stderr(&full).contains("No space left on device"));
}
