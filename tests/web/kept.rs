//! The offline copy is never lost and never leaks: a kill between the body and its record,
//! two lotse refreshing at once, a cache that cannot be written, links planted in a shared
//! cache, credentials, proxies, other successes than 200. Each a real process against the
//! real server.

use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::server::{Reply, Server, serving};
use super::{Home, STATS_HEAD, common, schedule, stderr, stdout};

/// The fixture with another conference title, to tell which version a command read.
fn renamed(title: &str) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(&schedule()).unwrap();
    value["schedule"]["conference"]["title"] = title.into();
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn a_kill_between_the_body_and_its_record_leaves_the_copy_before_whole() {
    if !common::has_test_pauses("a_kill_between_the_body_and_its_record") {
        return;
    }
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");
    assert_eq!(
        home.lotse(&["--dataset", &url, "stats"]).status.code(),
        Some(0)
    );
    server.answer(serving(renamed("Second Version"), "\"v2\""));
    let mut child = home
        .command(&["--refresh", "--dataset", &url, "stats"])
        .env("LOTSE_TEST_PAUSE", "cache-record")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    common::wait_for_the_pause(&mut child, "cache-record");
    child.kill().unwrap();
    child.wait().unwrap();
    // The new body is on disk, its record is not: the copy is the one before, whole.
    let offline = home.lotse(&["--offline", "--dataset", &url, "stats"]);
    assert_eq!(offline.status.code(), Some(0), "{}", stderr(&offline));
    assert!(
        stdout(&offline).starts_with(STATS_HEAD),
        "{}",
        stdout(&offline)
    );
    // And the next refresh takes the new one in as if nothing had happened.
    let again = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
    assert!(
        stdout(&again).starts_with("Second Version"),
        "{}",
        stdout(&again)
    );
    assert_eq!(home.cached().0, renamed("Second Version"));
}

#[test]
fn two_lotse_refreshing_one_address_at_once_both_leave_a_valid_copy() {
    let home = Home::new();
    let served = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&served);
    // Every answer another version: the two processes of a round get different bodies.
    let server = Server::start(move |_| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        Reply::Body(
            renamed(&format!("Version {n}")),
            vec![("ETag", format!("\"{n}\""))],
        )
    });
    let url = server.url("/schedule.json");
    for round in 0..30 {
        let spawn = || {
            home.command(&["--refresh", "--dataset", &url, "stats"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                stderr(&output)
            );
        }
        let offline = home.lotse(&["--offline", "--dataset", &url, "stats"]);
        assert_eq!(
            offline.status.code(),
            Some(0),
            "round {round}: {}",
            stderr(&offline)
        );
        let (body, record) = home.cached();
        assert_eq!(
            record["hash"].as_str().unwrap(),
            lotse::web::cache::hash_of(&body),
            "round {round}: the record names the body beside it"
        );
        assert!(stdout(&offline).starts_with("Version "), "round {round}");
    }
    assert_eq!(served.load(Ordering::SeqCst), 60);
}

#[test]
fn a_body_the_cache_cannot_keep_is_used_and_said_and_the_copy_before_stays() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");
    // No copy yet: the body came, so it is used (exit 0), and said not kept.
    let first = common::with_a_full_disk(&mut home.command(&["--dataset", &url, "stats"]), 64)
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).starts_with(STATS_HEAD));
    let said = stderr(&first);
    assert!(
        said.contains("the new copy could not be kept in ")
            && said.contains("no copy is kept for offline use"),
        "{said}"
    );
    // With a copy: the new body is what the command shows; the copy before stays.
    assert_eq!(
        home.lotse(&["--dataset", &url, "stats"]).status.code(),
        Some(0)
    );
    server.answer(serving(renamed("Second Version"), "\"v2\""));
    let refreshed = common::with_a_full_disk(&mut home.command(&["--refresh", &url, "stats"]), 64)
        .output()
        .unwrap();
    assert_eq!(refreshed.status.code(), Some(0), "{}", stderr(&refreshed));
    assert!(
        stdout(&refreshed).starts_with("Second Version"),
        "{}",
        stdout(&refreshed)
    );
    assert!(
        stderr(&refreshed).contains("the one before stays"),
        "{}",
        stderr(&refreshed)
    );
    assert_eq!(home.cached().0, schedule(), "the copy before is whole");
    let offline = home.lotse(&["--offline", &url, "stats"]);
    assert!(stdout(&offline).starts_with(STATS_HEAD));
}

/// Every path under `dir`, and every file's text.
fn everything_under(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let text = std::fs::read(&path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        found.push((path.display().to_string(), text));
        if entry.file_type().unwrap().is_dir() {
            found.extend(everything_under(&path));
        }
    }
    found
}

#[test]
fn credentials_reach_the_server_and_nothing_else() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server
        .url("/schedule.json?api_token=t0k3nValue&day=1")
        .replace("http://", "http://ada:pw4!@");
    for args in [
        vec!["--dataset", &url, "stats"],
        vec!["--dataset", &url, "bookmarks", "add", "fixcon19-1002"],
        vec!["--refresh", "--dataset", &url, "export", "ics"],
        vec!["--dataset", &url, "export", "frab"],
        vec!["--dataset", &url, "export", "json"],
    ] {
        let output = home.lotse(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        for said in [stdout(&output), stderr(&output)] {
            assert!(
                !said.contains("pw4!") && !said.contains("t0k3nValue"),
                "{args:?}: {said}"
            );
        }
    }
    // The server was asked with them.
    let request = &server.requests()[0];
    assert!(request.path.contains("api_token=t0k3nValue"));
    assert_eq!(request.header("authorization"), Some("Basic YWRhOnB3NCE="));
    // Nothing the user keeps names them: not a file name, not a record, not a snapshot.
    for dir in ["cache", "data"] {
        for (path, text) in everything_under(&home.path(dir)) {
            for secret in ["pw4!", "t0k3nValue", "YWRhOnB3NCE"] {
                assert!(!path.contains(secret), "{path}");
                assert!(!text.contains(secret), "{path} holds {secret}");
            }
        }
    }
    // Which a 4-letter password would give away in seconds: the entry is named as the
    // address shows, the same whatever the secrets are.
    let other = url.replace("pw4!", "zzzz").replace("t0k3nValue", "other");
    home.lotse(&["--dataset", &other, "stats"]);
    assert_eq!(
        std::fs::read_dir(home.path("cache/web")).unwrap().count(),
        1,
        "one entry for both"
    );
}

#[test]
fn the_cache_and_the_data_are_private_and_missing_parents_are_made_so() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json?api_token=t");
    // A new account: no ~/.cache, no ~/.local/share yet.
    let output = home
        .command(&["--dataset", &url, "bookmarks", "add", "fixcon19-1002"])
        .env_remove("LOTSE_CACHE_DIR")
        .env_remove("LOTSE_DATA_DIR")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", home.path("account"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let account = home.path("account");
    for made in [
        ".cache",
        ".cache/lotse",
        ".local",
        ".local/share",
        ".local/share/lotse",
    ] {
        assert_eq!(mode(&account.join(made)), 0o700, "{made}");
    }
    for dir in [".cache/lotse", ".local/share/lotse"] {
        for (path, _) in everything_under(&account.join(dir)) {
            let path = Path::new(&path);
            let expected = if path.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode(path), expected, "{}", path.display());
        }
    }
}

#[test]
fn links_planted_in_a_shared_cache_are_never_written_through() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");
    assert_eq!(
        home.lotse(&["--dataset", &url, "stats"]).status.code(),
        Some(0)
    );
    let entry = home.entry();
    let victim = home.path("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("authorized_keys"), "keep").unwrap();

    // Another user's link in place of the entry's record: refused, the target untouched.
    std::fs::remove_file(entry.join("record.json")).unwrap();
    symlink(victim.join("authorized_keys"), entry.join("record.json")).unwrap();
    server.answer(serving(renamed("Second Version"), "\"v2\""));
    let output = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("Second Version"));
    assert!(
        stderr(&output).contains("is a symbolic link"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(victim.join("authorized_keys")).unwrap(),
        "keep"
    );

    // A link in place of the whole entry (its name is predictable): refused, nothing
    // written where it points.
    std::fs::remove_dir_all(&entry).unwrap();
    symlink(&victim, &entry).unwrap();
    let output = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is a symbolic link"),
        "{}",
        stderr(&output)
    );
    let names: Vec<_> = std::fs::read_dir(&victim)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        ["authorized_keys"],
        "nothing written through the link"
    );
}

#[test]
fn a_proxy_lotse_cannot_use_is_refused_and_never_connected_around() {
    let home = Home::new();
    let server = Server::start(serving(schedule(), "\"v1\""));
    let url = server.url("/schedule.json");
    // Nothing listens where the SOCKS proxy should be: no connection, and none around it.
    let closed = Server::start(|_| Reply::Status(500));
    let dead = closed.url("").replace("http://", "socks5://");
    closed.stop();
    for (value, why) in [
        (dead.as_str(), "cannot reach"),
        ("ftp://proxy.example:21", "is not a proxy lotse can use"),
        ("http://[::1", "is not a proxy lotse can use"),
    ] {
        let output = home
            .command(&["--dataset", &url, "stats"])
            .env("HTTP_PROXY", value)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{value}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(why),
            "{value}: {}",
            stderr(&output)
        );
    }
    assert!(
        server.requests().is_empty(),
        "lotse never went around the proxy"
    );
    // NO_PROXY names the host: directly, as asked.
    let direct = home
        .command(&["--dataset", &url, "stats"])
        .env("HTTP_PROXY", "ftp://proxy.example:21")
        .env("NO_PROXY", "localhost,127.0.0.1")
        .output()
        .unwrap();
    assert_eq!(direct.status.code(), Some(0), "{}", stderr(&direct));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn any_success_with_a_body_is_a_schedule_and_a_bad_validator_is_dropped() {
    let home = Home::new();
    let server = Server::start(|_| Reply::Success(203, schedule()));
    let url = server.url("/schedule.json");
    let output = home.lotse(&["--dataset", &url, "stats"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with(STATS_HEAD));
    // A record whose ETag holds a line break (edited by hand): the next refresh still asks,
    // without it, and does not call the server unreachable.
    server.answer(serving(schedule(), "\"v1\""));
    home.edit_record(|record| record["etag"] = "\"v1\"\r\nX-Evil: 1".into());
    let refreshed = home.lotse(&["--refresh", "--dataset", &url, "stats"]);
    assert_eq!(refreshed.status.code(), Some(0), "{}", stderr(&refreshed));
    assert_eq!(stderr(&refreshed), "", "a plain refresh, nothing to say");
    let asked = server.requests().last().unwrap().clone();
    assert_eq!(asked.header("if-none-match"), None);
    assert_eq!(asked.header("x-evil"), None);
    assert_eq!(home.cached().1["etag"], "\"v1\"");
}
