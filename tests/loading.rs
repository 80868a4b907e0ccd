//! Loading and validation: one test per class of error, each with the exact place in its
//! message, and the relations the index precomputes.

use lotse::model::{Dataset, EntityRef, Kind, LoadError, Loaded, Role};

fn load(json: &str) -> Result<Loaded, LoadError> {
    Dataset::from_text(json, "test.json")
}

/// The message of a load that must fail.
fn error(json: &str) -> String {
    match load(json) {
        Ok(_) => panic!("expected an error for {json}"),
        Err(error) => error.to_string(),
    }
}

/// The problems of a dataset that parses but does not validate, as `path: message` lines.
fn problems(json: &str) -> Vec<String> {
    match load(json) {
        Err(LoadError::Invalid { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems for {json}"),
    }
}

fn entity(dataset: &Dataset, id: &str) -> EntityRef {
    dataset.resolve(id).unwrap_or_else(|| panic!("no {id}"))
}

fn related_ids(dataset: &Dataset, id: &str, role: Role) -> Vec<String> {
    let entity = entity(dataset, id);
    dataset
        .related(entity, role)
        .iter()
        .map(|&e| dataset.id(e).to_owned())
        .collect()
}

#[test]
fn syntax_errors_give_file_line_and_column() {
    let message = error("{\n  \"lotse\": 1,\n  \"events\": [\n    {\"id\": \"a\",, }\n  ]\n}");
    assert!(
        message.starts_with("test.json:4:16: "),
        "unexpected message: {message}"
    );
}

#[test]
fn type_errors_give_the_json_path_and_position() {
    let message = error(r#"{"lotse": 1, "events": [{"id": "a", "title": 5}]}"#);
    assert!(
        message.starts_with("test.json:1:46: events[0].title: invalid type: integer `5`"),
        "unexpected message: {message}"
    );
}

#[test]
fn trailing_garbage_is_a_syntax_error() {
    let message = error(r#"{"lotse": 1} {"#);
    assert!(
        message.starts_with("test.json:1:14: trailing characters"),
        "{message}"
    );
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let bytes = b"\xEF\xBB\xBF{\"lotse\": 1}";
    assert!(Dataset::from_bytes(bytes, "bom.json").is_ok());
}

#[test]
fn bytes_that_are_not_utf8_give_their_offset() {
    let bytes = b"{\"lotse\": 1, \"title\": \"M\xFCller\"}";
    let message = Dataset::from_bytes(bytes, "latin1.json")
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "latin1.json:1:25: not valid UTF-8 (byte 24); save the file as UTF-8"
    );
}

#[test]
fn an_empty_file_says_so() {
    assert_eq!(
        error("  \n "),
        "test.json: the file is empty; a dataset is a JSON object such as {\"lotse\": 1}"
    );
}

#[test]
fn a_top_level_array_says_what_a_dataset_is() {
    let message = error(r#"[{"id": "a"}]"#);
    assert!(
        message.starts_with("test.json: the top level is an array; a dataset is one JSON object"),
        "{message}"
    );
    let message = error("\"lotse\"");
    assert!(
        message.starts_with("test.json: the top level is a string;"),
        "{message}"
    );
    let message = error("hello");
    assert!(
        message.starts_with("test.json:1:1: expected value"),
        "{message}"
    );
}

#[test]
fn a_directory_and_a_missing_file_each_get_one_sentence() {
    let dir = std::env::temp_dir();
    let message = Dataset::from_path(&dir).unwrap_err().to_string();
    assert!(
        message
            .ends_with(": is a directory; give the path of a dataset file (a .json file) instead"),
        "{message}"
    );

    let missing = dir.join("lotse-no-such-file.json");
    let message = Dataset::from_path(&missing).unwrap_err().to_string();
    assert_eq!(message, format!("{}: no such file", missing.display()));
}

#[test]
fn a_missing_version_says_what_to_add() {
    assert_eq!(
        error(r#"{"events": []}"#),
        "test.json: no format version; add \"lotse\": 1 as the first field of the top-level object"
    );
}

#[test]
fn a_newer_version_is_named_as_such_even_when_the_rest_does_not_parse() {
    let expected = "test.json: written by a newer lotse (format version 2); this lotse reads \
                    format version 1, so update lotse to open it";
    assert_eq!(error(r#"{"lotse": 2}"#), expected);
    assert_eq!(
        error(r#"{"events": {"new": "shape"}, "lotse": 2}"#),
        expected
    );
}

#[test]
fn a_version_that_is_not_a_number_is_rejected() {
    assert_eq!(
        error(r#"{"lotse": "1"}"#),
        "test.json: \"lotse\": \"1\" is not a format version; this lotse reads \"lotse\": 1"
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    let json = r#"{"lotse": 1,
        "events": [{"id": "x", "title": "E"}],
        "speakers": [{"id": "y", "name": "S"}, {"id": "x", "name": "T"}]}"#;
    assert_eq!(
        problems(json),
        ["speakers[1].id: \"x\" also used at events[0].id"]
    );
}

#[test]
fn invalid_and_missing_ids_are_errors_with_a_suggestion() {
    let json =
        r#"{"lotse": 1, "topics": [{"id": "Daten Schutz", "name": "D"}, {"name": "No id"}]}"#;
    assert_eq!(
        problems(json),
        [
            "topics[0].id: \"Daten Schutz\" is not a valid id; ids are lowercase ASCII slugs \
             ([a-z0-9][a-z0-9._-]*) such as \"daten-schutz\"",
            "topics[1].id: missing; a topic needs an id",
        ]
    );
}

#[test]
fn a_missing_name_or_title_is_an_error() {
    let json = r#"{"lotse": 1, "events": [{"id": "e"}], "speakers": [{"id": "s", "name": "  "}]}"#;
    assert_eq!(
        problems(json),
        [
            "events[0].title: missing; an event needs a title",
            "speakers[0].name: missing; a speaker needs a name",
        ]
    );
}

#[test]
fn dangling_references_give_the_exact_path() {
    let json = r#"{"lotse": 1,
        "speakers": [{"id": "x", "name": "X"}],
        "events": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"},
                   {"id": "c", "title": "C", "speakers": ["x", "y"]}]}"#;
    assert_eq!(problems(json), ["events[2].speakers[1]: no speaker \"y\""]);
}

#[test]
fn references_to_the_wrong_kind_say_what_the_id_is() {
    let json = r#"{"lotse": 1,
        "organizations": [{"id": "medways", "name": "medways e.V."}],
        "events": [{"id": "e", "title": "E", "speakers": ["medways"], "parent": "medways"}]}"#;
    assert_eq!(
        problems(json),
        [
            "events[0].parent: \"medways\" is an organization, not an event",
            "events[0].speakers[0]: \"medways\" is an organization, not a speaker",
        ]
    );
}

#[test]
fn cycles_in_parent_and_broader_are_errors() {
    let json = r#"{"lotse": 1,
        "events": [{"id": "a", "title": "A", "parent": "c"}, {"id": "b", "title": "B", "parent": "a"},
                   {"id": "c", "title": "C", "parent": "b"}, {"id": "d", "title": "D", "parent": "a"}],
        "topics": [{"id": "t", "name": "T", "broader": ["u"]}, {"id": "u", "name": "U", "broader": ["t"]}]}"#;
    assert_eq!(
        problems(json),
        [
            "events[1].parent: cycle: \"a\" → \"c\" → \"b\" → \"a\"",
            "topics[1].broader: cycle: \"t\" → \"u\" → \"t\"",
        ]
    );
}

#[test]
fn malformed_dates_and_an_end_before_the_start_are_errors() {
    let json = r#"{"lotse": 1,
        "events": [{"id": "a", "title": "A", "start": "2025-02-30"},
                   {"id": "b", "title": "B", "start": "2025-02-27T10:00:00+01:00", "end": "2025-02-27T09:30:00+01:00"},
                   {"id": "c", "title": "C", "start": "2025-02-27T10:00:00"}],
        "sources": [{"id": "s", "title": "S", "published": "Nov 2024"}]}"#;
    assert_eq!(
        problems(json),
        [
            "events[0].start: \"2025-02-30\" is not a valid date (expected YYYY-MM-DD)",
            "events[1].end: \"2025-02-27T09:30:00+01:00\" is before start \"2025-02-27T10:00:00+01:00\"",
            "events[2].start: \"2025-02-27T10:00:00\" is not an ISO 8601 date (YYYY-MM-DD) or \
             date-time with offset (YYYY-MM-DDTHH:MM:SS+01:00)",
            "sources[0].published: \"Nov 2024\" is not a valid date (expected YYYY-MM-DD)",
        ]
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = std::fs::read_to_string("tests/fixtures/broken.json").unwrap();
    let problems = problems(&text);
    assert_eq!(problems.len(), 9, "{problems:#?}");
}

#[test]
fn unknown_fields_are_warnings_with_their_path() {
    let json = r#"{"lotse": 1, "colour": "red",
        "events": [{"id": "a", "title": "A", "spekers": ["x"]}]}"#;
    let loaded = load(json).unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "colour: unknown field, ignored",
            "events[0].spekers: unknown field, ignored"
        ]
    );
}

#[test]
fn absent_and_null_fields_are_the_same_as_empty() {
    let json = r#"{"lotse": 1, "events": null,
        "speakers": [{"id": "s", "name": "S", "affiliations": null, "role": null}]}"#;
    let dataset = load(json).unwrap().dataset.to_document();
    assert_eq!(dataset.events.len(), 0);
    assert!(dataset.speakers[0].affiliations.is_empty());
    assert_eq!(dataset.speakers[0].role, None);
}

#[test]
fn control_characters_are_cleaned_at_load_with_a_warning() {
    let json = r#"{"lotse": 1, "events": [{"id": "a",
        "title": "Evil\u001b[2J\u001b]0;pwned\u0007 talk\u202e",
        "summary": "line one\r\nline\ttwo\u009b31m"}]}"#;
    let loaded = load(json).unwrap();
    let event = &loaded.dataset.to_document().events[0];
    assert_eq!(event.title, "Evil talk");
    assert_eq!(event.summary.as_deref(), Some("line one\nline two"));
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "events[0].title: control characters or escape sequences removed",
            "events[0].summary: control characters or escape sequences removed",
        ]
    );
}

#[test]
fn every_relation_is_precomputed_in_both_directions() {
    let json = r#"{"lotse": 1,
        "events": [
            {"id": "conf", "title": "Conf", "organizers": ["org"], "partners": ["partner"]},
            {"id": "talk", "title": "Talk", "parent": "conf", "speakers": ["ann"],
             "topics": ["privacy"], "projects": ["proj"]}],
        "speakers": [{"id": "ann", "name": "Ann", "affiliations": ["org"]}],
        "topics": [{"id": "privacy", "name": "Datenschutz", "broader": ["law"]},
                   {"id": "law", "name": "Recht"}],
        "organizations": [{"id": "org", "name": "Org"}, {"id": "partner", "name": "Partner"}],
        "projects": [{"id": "proj", "name": "Proj", "organizations": ["org"], "topics": ["privacy"]}]}"#;
    let d = load(json).unwrap().dataset;
    assert_eq!(related_ids(&d, "talk", Role::PartOf), ["conf"]);
    assert_eq!(related_ids(&d, "conf", Role::Sessions), ["talk"]);
    assert_eq!(related_ids(&d, "ann", Role::Talks), ["talk"]);
    assert_eq!(related_ids(&d, "org", Role::Organized), ["conf"]);
    assert_eq!(related_ids(&d, "partner", Role::PartnerOf), ["conf"]);
    assert_eq!(related_ids(&d, "org", Role::People), ["ann"]);
    assert_eq!(related_ids(&d, "org", Role::Projects), ["proj"]);
    assert_eq!(related_ids(&d, "privacy", Role::Events), ["talk"]);
    assert_eq!(related_ids(&d, "privacy", Role::Projects), ["proj"]);
    assert_eq!(related_ids(&d, "privacy", Role::Broader), ["law"]);
    assert_eq!(related_ids(&d, "law", Role::Narrower), ["privacy"]);
    // Through her talk, Ann speaks about privacy and on the project.
    assert_eq!(related_ids(&d, "privacy", Role::Speakers), ["ann"]);
    assert_eq!(related_ids(&d, "ann", Role::Topics), ["privacy"]);
    assert_eq!(related_ids(&d, "ann", Role::Projects), ["proj"]);
    assert_eq!(related_ids(&d, "proj", Role::Speakers), ["ann"]);
}

#[test]
fn relations_come_in_display_order_without_repeats() {
    let json = r#"{"lotse": 1,
        "events": [{"id": "e", "title": "E", "topics": ["t", "t"], "speakers": ["s"]}],
        "speakers": [{"id": "s", "name": "S", "topics": ["t"]}],
        "topics": [{"id": "t", "name": "T"}]}"#;
    let d = load(json).unwrap().dataset;
    let speaker = entity(&d, "s");
    let roles: Vec<Role> = d.relations(speaker).map(|r| r.role).collect();
    assert_eq!(roles, [Role::Talks, Role::Topics]);
    assert_eq!(related_ids(&d, "t", Role::Speakers), ["s"]);
    assert_eq!(related_ids(&d, "e", Role::Topics), ["t"]);
}

#[test]
fn the_example_in_the_format_document_is_a_valid_dataset() {
    let doc = std::fs::read_to_string("docs/dataset-format.md").unwrap();
    let start = doc.find("```json\n").expect("a ```json block") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let loaded = Dataset::from_text(&doc[start..end], "docs/dataset-format.md").unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    for kind in Kind::ALL {
        assert!(loaded.dataset.count(kind) > 0, "the example has no {kind}");
    }
}

// ---- hostile text -------------------------------------------------------------------------

/// Whether a character could act on a terminal or reorder text: C0 controls (other than the
/// line break of multi-line text), DEL, C1 controls, bidi embeddings, overrides and isolates,
/// and the bidi marks (LRM, RLM, ALM): the same set the cleaner removes.
fn is_control(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && c == '\n'))
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[test]
fn the_hostile_dataset_loads_clean_with_warnings_and_capped_sizes() {
    let loaded = Dataset::from_path("tests/fixtures/hostile.json").expect("it loads");
    let dataset = &loaded.dataset;
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    for path in [
        "title",
        "events[0].title",
        "events[1].summary",
        "events[2].title",
        "events[3].summary",
        "events[4].title",
        "speakers[0].name",
        "speakers[0].role",
    ] {
        let expected = format!("{path}: control characters or escape sequences removed");
        assert!(warnings.contains(&expected), "{expected} in {warnings:#?}");
    }
    assert!(
        warnings.contains(&"events[6].title: 100006 characters; cut to the first 1000".to_owned())
    );
    assert!(
        warnings
            .contains(&"events[7].summary: 1008900 characters; cut to the first 100000".to_owned())
    );
    let events = dataset.to_document().events;
    let event = |id: &str| &events[dataset.resolve(id).unwrap().index()];
    assert_eq!(
        event("giant-name").title.chars().count(),
        lotse::model::MAX_LINE_CHARS
    );
    assert_eq!(
        event("giant-summary")
            .summary
            .as_deref()
            .unwrap()
            .chars()
            .count(),
        lotse::model::MAX_BLOCK_CHARS
    );
    assert_eq!(event("escape-codes").title, "Clear screen red moved");
    assert_eq!(event("osc-title").title, "Title change zero");
    assert_eq!(event("c1-controls").title, "C1  CSI and  OSC");
    let many = dataset.resolve("many-relations").unwrap();
    assert_eq!(dataset.related(many, Role::Topics).len(), 10_000);
    // No text anywhere holds a control character any more.
    for entity in dataset.entities() {
        for (label, text) in dataset.field_texts(entity) {
            let multiline = label == "Summary";
            assert!(
                !text.chars().any(|c| is_control(c, multiline)),
                "{}: {label}: {text:?}",
                dataset.id(entity)
            );
        }
        assert!(!dataset.name(entity).chars().any(|c| is_control(c, false)));
    }
}

#[test]
fn messages_show_control_characters_from_the_file_as_codes() {
    let text = "{\"lotse\": 1, \"k\\u001b]0;t\\u0007\": 1, \"events\": [{\"id\": \"e\\u001b[31m\", \"title\": \"E\"}]}";
    let error = Dataset::from_text(text, "x.json").unwrap_err().to_string();
    assert!(!error.contains('\u{1b}'), "{error:?}");
    assert!(error.contains("e\\u{1b}[31m"), "{error:?}");
    let warnings = Dataset::from_text("{\"lotse\": 1, \"k\\u001b]0;t\\u0007\": 1}", "x.json")
        .unwrap()
        .warnings;
    assert_eq!(
        warnings[0].to_string(),
        "k\\u{1b}]0;t\\u{7}: unknown field, ignored"
    );
    let missing = Dataset::from_path("gone\u{1b}[2J.json")
        .unwrap_err()
        .to_string();
    assert_eq!(missing, "gone\\u{1b}[2J.json: no such file");
}

#[test]
fn a_version_too_big_for_any_integer_is_reported_as_written() {
    let error = Dataset::from_text("{\"lotse\": 18446744073709551616}", "big.json")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("newer lotse (format version 18446744073709551616)"),
        "{error}"
    );
    let error = Dataset::from_text("{\"lotse\": 1.5e3}", "odd.json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("\"lotse\": 1.5e3 is not"), "{error}");
}

#[test]
fn a_load_reports_the_bytes_it_read_and_the_entities_it_parsed() {
    use lotse::model::progress::{self, LoadProgress, Stage};
    use std::sync::Arc;
    let text = r#"{"lotse": 1, "events": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
        "speakers": [{"id": "s", "name": "S"}]}"#;
    let progress = Arc::new(LoadProgress::new(text.len() as u64));
    let loaded = progress::reporting(Arc::clone(&progress), || {
        Dataset::from_reader(text.as_bytes(), "p.json")
    })
    .unwrap();
    assert_eq!(loaded.dataset.len(), 3);
    assert_eq!(progress.bytes_read(), text.len() as u64);
    assert_eq!(progress.entities_parsed(), 3);
    assert_eq!(progress.entities_expected(), 3, "one \"id\" per entity");
    assert_eq!(
        progress.stage(),
        Stage::Checking,
        "the last stage the model reports"
    );
    // Outside `reporting`, a load counts nowhere.
    Dataset::from_reader(text.as_bytes(), "p.json").unwrap();
    assert_eq!(progress.entities_parsed(), 3);
}

/// The compact records keep every field of the file: the built-in dataset written back as a
/// lotse document is the file it was read from (as JSON values: every field, list and
/// reference, whatever order the keys were written in).
#[test]
fn the_built_in_dataset_written_back_is_the_file_it_was_read_from() {
    let text = include_str!("../data/health-tech.json");
    let dataset = load(text).unwrap().dataset;
    let written: serde_json::Value =
        serde_json::from_str(&dataset.to_document().to_json()).unwrap();
    let read: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(written, read);
}
