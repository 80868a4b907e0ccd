//! Schedules from the web through the real binary, against a real HTTP server on 127.0.0.1
//! (`server.rs`): kept in the cache, not asked for while fresh, revalidated with a `304`,
//! used offline with its age said, replaced only by a schedule, and what a new body changed
//! said in one line. No test touches the internet.

mod kept;
mod server;

#[path = "../common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use server::{Reply, Request, Server, serving};

/// A user's home for one test: its own cache, config and data directories.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `[web]` in this user's config.toml.
    fn configure_web(&self, web: &str) {
        std::fs::create_dir_all(self.path("config")).unwrap();
        std::fs::write(self.path("config/config.toml"), format!("[web]\n{web}\n")).unwrap();
    }

    /// lotse with `args` in this home, not yet run.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
        command
            .args(args)
            .env_remove("LOTSE_DATASET")
            .env_remove("LOTSE_NOW")
            .env("NO_PROXY", "")
            .env("no_proxy", "");
        for proxy in ["http_proxy", "https_proxy", "all_proxy"] {
            command
                .env_remove(proxy)
                .env_remove(proxy.to_ascii_uppercase());
        }
        command
            .env("LOTSE_CACHE_DIR", self.path("cache"))
            .env("LOTSE_CONFIG_DIR", self.path("config"))
            .env("LOTSE_DATA_DIR", self.path("data"))
            .env("NO_COLOR", "1");
        command
    }

    fn lotse(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run lotse")
    }

    /// The one address's entry in the cache.
    fn entry(&self) -> PathBuf {
        let web = self.path("cache/web");
        let folders: Vec<_> = std::fs::read_dir(&web).unwrap().collect();
        assert_eq!(folders.len(), 1, "one address in {}", web.display());
        folders[0].as_ref().unwrap().path()
    }

    /// The copy in the cache: the body its record names, and the record.
    fn cached(&self) -> (Vec<u8>, Value) {
        let entry = self.entry();
        let record: Value =
            serde_json::from_slice(&std::fs::read(entry.join("record.json")).unwrap()).unwrap();
        let hash = record["hash"].as_str().unwrap();
        let body = std::fs::read_dir(entry.join(hash))
            .unwrap()
            .map(|e| e.unwrap().path())
            .next()
            .unwrap();
        (std::fs::read(body).unwrap(), record)
    }

    /// Changes the copy's record as a hand (or an older lotse) might.
    fn edit_record(&self, edit: impl FnOnce(&mut Value)) {
        let path = self.entry().join("record.json");
        let mut record: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        edit(&mut record);
        std::fs::write(path, serde_json::to_vec(&record).unwrap()).unwrap();
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn schedule() -> Vec<u8> {
    std::fs::read(common::fixture("frab-congress.json")).unwrap()
}

const STATS_HEAD: &str = "Fixture Congress 2019\n11 events, 5 speakers";

#[test]
fn a_schedule_from_the_web_is_kept_revalidated_and_used_offline() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");

    // First run: fetched and kept, with the server's validators.
    let first = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).starts_with(STATS_HEAD), "{}", stdout(&first));
    assert_eq!(stderr(&first), "", "a first download is quiet");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("if-none-match"), None);
    let (body, record) = home.cached();
    assert_eq!(body, schedule(), "the body is kept exactly as sent");
    assert_eq!(record["etag"], "\"v1\"");
    assert_eq!(record["url"], url);

    // Within the freshness age: no request at all.
    let second = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(stdout(&second), stdout(&first));
    assert_eq!(
        server.requests().len(),
        1,
        "a fresh copy is used without asking"
    );

    // Past it (the copy last confirmed long ago): a conditional request, and the 304 keeps
    // the copy and says from now on that it was confirmed now.
    home.edit_record(|record| record["checked"] = 1_000.into());
    let third = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert_eq!(stdout(&third), stdout(&first));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        requests[1].header("if-modified-since"),
        Some("Fri, 27 Dec 2019 10:00:00 GMT")
    );
    let checked = home.cached().1["checked"].as_i64().unwrap();
    assert!(
        checked >= record["checked"].as_i64().unwrap(),
        "the 304 moved the copy's confirmation to now, from 1970"
    );
    let fourth = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(stdout(&fourth), stdout(&first));
    assert_eq!(server.requests().len(), 2, "confirmed now: fresh again");

    // The server gone: the copy, and how old it is.
    home.configure_web("fresh_for = \"0s\"");
    server.stop();
    let offline = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(offline.status.code(), Some(0), "{}", stderr(&offline));
    assert_eq!(stdout(&offline), stdout(&first));
    let said = stderr(&offline);
    assert!(
        said.starts_with(&format!("lotse: cannot reach {url}: ")) && said.contains("refused"),
        "{said}"
    );
    assert!(said.contains("; using the copy last checked "), "{said}");
    assert!(said.trim_end().ends_with(" ago)"), "{said}");

    // --offline never asks, and says which copy it uses.
    let never = home.lotse(&["--offline", &url, "stats"]);
    assert_eq!(never.status.code(), Some(0));
    assert!(
        stderr(&never).starts_with("lotse: offline: using the copy last checked "),
        "{}",
        stderr(&never)
    );
}

#[test]
fn refresh_asks_though_the_copy_is_fresh_and_commands_that_need_no_dataset_never_ask() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");
    assert_eq!(home.lotse(&[&url, "stats"]).status.code(), Some(0));
    assert_eq!(
        home.lotse(&["--refresh", &url, "stats"]).status.code(),
        Some(0)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    for args in [
        vec!["--dataset", &url, "config", "path"],
        vec!["--dataset", &url, "--refresh", "completions", "bash"],
        vec!["--dataset", &url, "--refresh", "man"],
    ] {
        assert_eq!(home.lotse(&args).status.code(), Some(0), "{args:?}");
    }
    assert_eq!(
        server.requests().len(),
        2,
        "no command without a dataset asks"
    );
    let both = home.lotse(&["--refresh", "--offline", &url, "stats"]);
    assert_eq!(
        both.status.code(),
        Some(2),
        "--refresh and --offline conflict"
    );
}

#[test]
fn a_changed_body_says_what_changed_and_names_the_bookmarked_talks() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");
    for id in ["fixcon19-1002", "fixcon19-1004"] {
        let added = home.lotse(&["--dataset", &url, "bookmarks", "add", id]);
        assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    }
    server.answer(serving(common::next_congress_version(), "\"v2\""));
    let changed = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
    assert_eq!(changed.status.code(), Some(0), "{}", stderr(&changed));
    let said = stderr(&changed);
    let line = said
        .lines()
        .find(|l| l.contains("changes since"))
        .unwrap_or_else(|| panic!("no change summary in {said:?}"));
    assert!(
        line.starts_with("lotse: 3 changes since ")
            && line.contains(": 1 new, 1 cancelled, 1 moved · ⚠ bookmarked: "),
        "{line}"
    );
    assert!(
        line.ends_with(
            "\"Breaking Badge Firmware\" moved, \"Mesh Networks for Everyone\" cancelled"
        ),
        "{line}"
    );
    assert_eq!(
        home.cached().0,
        common::next_congress_version(),
        "the new body is kept"
    );
    // The same body again: nothing to say.
    let again = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
    assert!(!stderr(&again).contains("changes"), "{}", stderr(&again));
}

/// Each way a server can fail, and what lotse makes of it: without a copy, exit 2 and why;
/// with one, the copy (unchanged) and why.
#[test]
fn a_failing_server_falls_back_on_the_copy_or_exits_2() {
    let cases = [
        ("500", "the server answered 500 Internal Server Error"),
        ("reset", "the connection was reset"),
        ("a cut-off body", "the connection closed too early"),
        ("silence", "no answer within 1 s"),
        ("a redirect loop", "more than 3 redirects"),
        ("an endless body", "larger than 200 kB"),
        ("a trickle", "the download did not end within 2 s"),
        ("a login page", "sent no schedule lotse reads"),
    ];
    for (case, why) in cases {
        let home = Home::new();
        home.configure_web(
            "timeout = \"1s\"\ndeadline = \"2s\"\nmax_size = \"200 kB\"\nmax_redirects = 3",
        );
        let server = Server::start(move |request| failing(case, request));
        let url = server.url("/schedule.json");
        let none = home.lotse(&["--dataset", &url, "stats"]);
        assert_eq!(none.status.code(), Some(2), "{case}: {}", stderr(&none));
        let said = stderr(&none);
        assert!(said.contains(why), "{case}: {said}");
        assert!(
            said.trim_end().ends_with("no copy is kept to use instead"),
            "{case}: {said}"
        );
        assert!(stdout(&none).is_empty());

        // With a good copy: the copy is used and kept as it was.
        server.answer(serving(schedule(), "\"v1\""));
        assert_eq!(
            home.lotse(&["--dataset", &url, "stats"]).status.code(),
            Some(0)
        );
        let kept = home.cached();
        server.answer(move |request| failing(case, request));
        let fallback = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
        assert_eq!(
            fallback.status.code(),
            Some(0),
            "{case}: {}",
            stderr(&fallback)
        );
        assert!(stdout(&fallback).starts_with(STATS_HEAD), "{case}");
        let said = stderr(&fallback);
        assert!(
            said.contains(why) && said.contains("; using the copy last checked "),
            "{case}: {said}"
        );
        assert_eq!(
            home.cached().0,
            kept.0,
            "{case}: the copy is not overwritten"
        );
    }
}

/// How the server fails in each case.
fn failing(case: &str, request: &Request) -> Reply {
    match case {
        "500" => Reply::Status(500),
        "reset" => Reply::Reset,
        "a cut-off body" => Reply::CutOff,
        "silence" => Reply::Silent,
        "a redirect loop" => Reply::Redirect(format!("{}x", request.path)),
        "an endless body" => Reply::Endless,
        // A byte every 200 ms: no read waits long, the whole would take half an hour.
        "a trickle" => Reply::Trickle {
            length: 10_000,
            interval: std::time::Duration::from_millis(200),
        },
        _ => Reply::Body(
            b"<html>Log in</html>".to_vec(),
            vec![("Content-Type", "text/html".to_owned())],
        ),
    }
}

#[test]
fn a_login_page_is_named_as_such() {
    let home = Home::new();
    let server = Server::start(|_| {
        Reply::Body(
            b"<html>Log in</html>".to_vec(),
            vec![("Content-Type", "text/html".to_owned())],
        )
    });
    let output = home.lotse(&["--dataset", &server.url("/s.json"), "stats"]);
    assert!(
        stderr(&output).contains("the server sent a web page, text/html"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn redirects_are_followed_and_import_and_diff_take_addresses() {
    let home = Home::new();
    let (old, new) = (schedule(), common::next_congress_version());
    let server = Server::start(move |request| match request.path.as_str() {
        "/latest.json" => Reply::Redirect("/v2/schedule.json".to_owned()),
        "/v1/schedule.json" => serving(old.clone(), "\"v1\"")(request),
        _ => serving(new.clone(), "\"v2\"")(request),
    });
    let imported = home.path("imported.json");
    let import = home.lotse(&[
        "import",
        &server.url("/latest.json"),
        "-o",
        imported.to_str().unwrap(),
    ]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let said = stderr(&import);
    assert!(
        said.starts_with(&format!(
            "imported {} (frab/pretalx schedule.json): 11 events",
            server.url("/latest.json")
        )),
        "the report names the address, not the cache: {said}"
    );
    let document: Value = serde_json::from_slice(&std::fs::read(&imported).unwrap()).unwrap();
    let titles: Vec<&str> = document["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Mesh Networks, Revisited"), "{titles:?}");
    // The source is cited by the address's file name, not the cache's.
    assert_eq!(
        document["sources"][0]["file"], "latest.json",
        "{}",
        document["sources"]
    );

    let diff = home.lotse(&[
        "diff",
        &server.url("/v1/schedule.json"),
        &server.url("/latest.json"),
        "--json",
    ]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    let changes: Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(changes["new"].as_array().unwrap().len(), 1);
    assert_eq!(changes["cancelled"].as_array().unwrap().len(), 1);
    assert_eq!(changes["moved"].as_array().unwrap().len(), 1);
}

#[test]
fn no_copy_and_no_network_is_a_clear_error() {
    let home = Home::new();
    let server = Server::start(|_| Reply::Status(500));
    let url = server.url("/schedule.json");
    server.stop();
    let output = home.lotse(&["--dataset", &url, "search", "ada"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "lotse: cannot reach {url}: the connection was refused; no copy is kept to use \
             instead\n"
        )
    );
    let offline = home.lotse(&["--offline", "--dataset", &url, "stats"]);
    assert_eq!(offline.status.code(), Some(2));
    assert!(
        stderr(&offline).contains("no copy is kept yet, and --offline forbids asking for one"),
        "{}",
        stderr(&offline)
    );
}

#[test]
fn messages_show_no_credentials_and_no_control_characters() {
    let home = Home::new();
    let server = Server::start(|_| Reply::Status(404));
    let url = server.url("/s.json?token=hunter2&day=1");
    let with_user = url.replace("http://", "http://ada:hunter2@");
    let output = home.lotse(&["--dataset", &with_user, "stats"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(!said.contains("hunter2"), "{said}");
    assert!(
        said.contains("http://***@127.0.0.1:") && said.contains("token=***&day=1"),
        "{said}"
    );
    assert!(said.contains("the server answered 404 Not Found"), "{said}");
    assert!(!said.contains("cannot reach"), "it was reached: {said}");

    let hostile = server.url("/\u{1b}]52;c;aGk=\u{7}x.json");
    let output = home.lotse(&["--dataset", &hostile, "stats"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(!said.contains(['\u{1b}', '\u{7}']), "{said:?}");
}

#[test]
fn an_address_in_lotse_dataset_works_as_a_file_does() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let output = home
        .command(&["search", "badge", "--json"])
        .env("LOTSE_DATASET", server.url("/schedule.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hits[0]["id"], "fixcon19-1002", "{hits}");
}

#[test]
fn https_is_verified_tls_and_a_server_without_it_is_refused() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json").replace("http://", "https://");
    let output = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.starts_with(&format!(
            "lotse: cannot reach {url}: the secure connection failed: "
        )),
        "{said}"
    );
    assert!(server.requests().is_empty(), "no plain request was made");
}
