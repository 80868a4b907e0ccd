//! The command line as the shell meets it: whole values through a pipe, grep's exit codes,
//! a mistyped command named.

use super::*;

/// A small dataset with a URL and a name far longer than any terminal column, in a directory
/// of its own.
fn long_values_dataset() -> (std::path::PathBuf, String, String) {
    let directory = std::env::temp_dir().join(format!("lotse-shell-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!(
        "https://example.org/{}/programme.html",
        "a-long-path".repeat(12)
    );
    let name = format!(
        "A talk whose title goes on {} and ends here",
        "and on ".repeat(12)
    );
    let json = serde_json::json!({
        "lotse": 1,
        "sources": [{ "id": "src", "title": "Source", "url": url }],
        "events": [{ "id": "talk", "title": name, "start": "2025-02-27", "city": "Jena",
                     "sources": ["src"] }],
    });
    let path = directory.join("long.json");
    std::fs::write(&path, json.to_string()).unwrap();
    (path, url, name)
}

#[test]
fn through_a_pipe_show_and_search_print_whole_values() {
    let (path, url, name) = long_values_dataset();
    let path = path.to_str().unwrap();
    let show = lotse(&["--dataset", path, "show", "src"]);
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    let url_line = stdout(&show)
        .lines()
        .find(|line| line.trim_start().starts_with("Url"))
        .map(str::to_owned);
    assert_eq!(
        url_line
            .as_deref()
            .map(str::split_whitespace)
            .and_then(|mut w| w.nth(1)),
        Some(url.as_str())
    );
    let search = lotse(&["--dataset", path, "search", "talk"]);
    assert!(stdout(&search).contains(&name), "{}", stdout(&search));
    assert!(
        !stdout(&search).contains('…'),
        "nothing cut: {}",
        stdout(&search)
    );
    let shown = lotse(&["--dataset", path, "show", "talk"]);
    assert!(
        stdout(&shown).contains(&name),
        "the title whole: {}",
        stdout(&shown)
    );
}

#[test]
fn exit_codes_are_greps_found_nothing_found_error() {
    let code = |args: &[&str]| lotse(args).status.code();
    assert_eq!(code(&["search", "spreck"]), Some(0), "found");
    assert_eq!(code(&["search", "spreck", "--json"]), Some(0));
    assert_eq!(code(&["search", "zzzzqqq"]), Some(1), "nothing found");
    assert_eq!(code(&["search", "zzzzqqq", "--json"]), Some(1));
    assert_eq!(code(&["search", "zzzzqqq", "--facets"]), Some(1));
    assert_eq!(
        code(&["export", "ics", "zzzzqqq"]),
        Some(1),
        "an export of nothing"
    );
    assert_eq!(code(&["export", "ics", "jena"]), Some(0));
    assert_eq!(code(&["search", "year:abc"]), Some(2), "a bad query");
    assert_eq!(code(&["show", "no-such-id"]), Some(2), "an unknown id");
    assert_eq!(code(&["--no-such-flag"]), Some(2), "usage");
    assert_eq!(
        code(&["--dataset", "/no/such/file.json", "stats"]),
        Some(2),
        "I/O"
    );
    assert_eq!(code(&["stats"]), Some(0), "done");
}

#[test]
fn a_write_that_fails_exits_2() {
    if !Path::new("/dev/full").exists() {
        common::skip_visibly("a_write_that_fails_exits_2", "no /dev/full on this system");
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["search", "ki"])
        .env_remove("LOTSE_DATASET")
        .stdout(full)
        .output()
        .expect("run lotse");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn a_mistyped_command_is_named() {
    let output = lotse(&["stat"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        "lotse: no such file or command \"stat\"; did you mean \"stats\"?"
    );
    let output = lotse(&["serch"]);
    assert!(
        stderr(&output).contains("did you mean \"search\"?"),
        "{}",
        stderr(&output)
    );
    // Far from every command: only the missing file is named.
    let output = lotse(&["elephant"]);
    assert_eq!(stderr(&output).trim(), "lotse: elephant: no such file");
}

#[test]
fn a_file_of_no_known_format_is_named_so_with_the_formats_lotse_reads() {
    let directory = std::env::temp_dir().join(format!("lotse-formats-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    for (name, content) in [
        ("notes.txt", "Just some notes.\n"),
        ("other.json", "{\"items\": [1, 2, 3]}"),
        ("page.yaml", "title: A schedule\n"),
    ] {
        let path = directory.join(name);
        std::fs::write(&path, content).unwrap();
        let output = lotse(&["import", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let message = stderr(&output);
        assert!(
            message.contains("not a format lotse reads"),
            "{name}: {message}"
        );
        for format in [
            "lotse dataset",
            "schedule.json",
            "schedule.xml",
            "iCalendar",
        ] {
            assert!(message.contains(format), "{name} lists {format}: {message}");
        }
        assert!(!message.contains("format version"), "{name}: {message}");
    }
    // A lotse file that lacks its version still gets the advice to add it.
    let path = directory.join("draft.json");
    std::fs::write(&path, "{\"events\": []}").unwrap();
    let message = stderr(&lotse(&["import", path.to_str().unwrap()]));
    assert!(message.contains("\"lotse\": 1"), "{message}");
    std::fs::remove_dir_all(&directory).unwrap();
}
