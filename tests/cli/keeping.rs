//! What people keep, through the real binary: bookmarks changed by many lotse at once, files
//! half written when a signal or a kill came, a full disk, an export over its own input, a
//! hand-edited bookmarks file on the terminal.

use std::os::unix::process::CommandExt as _;
use std::process::{Command, Stdio};

use super::*;

/// A scratch directory of one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("keeping-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A lotse file of `talks` talks, `talk-0` … at one conference.
fn camp(dir: &Path, talks: usize) -> std::path::PathBuf {
    let events: Vec<Value> = (0..talks)
        .map(|n| {
            serde_json::json!({
                "id": format!("talk-{n}"),
                "title": format!("Talk {n}"),
                "start": format!("2025-08-0{}T{:02}:00:00+02:00", 1 + n % 5, 8 + n % 12),
            })
        })
        .collect();
    let path = dir.join("camp.json");
    let file = serde_json::json!({"lotse": 1, "title": "Concurrency Camp", "events": events});
    std::fs::write(&path, file.to_string()).unwrap();
    path
}

fn bookmarks_command(data: &Path, dataset: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
    command
        .args(["--dataset", dataset.to_str().unwrap(), "bookmarks"])
        .args(args)
        .env("LOTSE_DATA_DIR", data)
        .env_remove("LOTSE_DATASET");
    command
}

#[test]
fn sixty_changes_made_at_once_by_sixty_lotse_all_survive() {
    let dir = scratch("sixty");
    let dataset = camp(&dir, 60);
    let data = dir.join("data");
    let to_remove: Vec<String> = (40..60).map(|n| format!("talk-{n}")).collect();
    let mut args = vec!["add"];
    args.extend(to_remove.iter().map(String::as_str));
    assert!(
        bookmarks_command(&data, &dataset, &args)
            .status()
            .unwrap()
            .success()
    );

    // Forty adds of different talks and twenty removals, all started at once.
    let children: Vec<_> = (0..60)
        .map(|n| {
            let id = format!("talk-{n}");
            let verb = if n < 40 { "add" } else { "remove" };
            bookmarks_command(&data, &dataset, &[verb, &id])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let listed = bookmarks_command(&data, &dataset, &["list", "--json"])
        .output()
        .unwrap();
    let mut ids: Vec<String> = json(&listed)
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    let mut expected: Vec<String> = (0..40).map(|n| format!("talk-{n}")).collect();
    expected.sort();
    assert_eq!(ids, expected, "every add kept, every removal done");
}

fn temporaries(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp"))
        .collect()
}

/// `lotse export json -o target` of `dataset`, started; with `paused`, held before its rename
/// until it says so.
fn export_json(dataset: &Path, target: &Path, paused: bool) -> std::process::Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
    command
        .arg("--dataset")
        .arg(dataset)
        .args(["export", "json", "-o"])
        .arg(target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if paused {
        command.env("LOTSE_TEST_PAUSE", "rename");
    }
    let mut child = command.spawn().unwrap();
    if paused {
        common::wait_for_the_pause(&mut child, "rename");
    }
    child
}

#[test]
fn a_signal_mid_write_leaves_no_temporary_file_and_a_kill_one_the_next_write_sweeps() {
    if !common::has_test_pauses("a_signal_mid_write_leaves_no_temporary_file") {
        return;
    }
    let dir = scratch("signals");
    let dataset = camp(&dir, 200);
    let target = dir.join("out.json");
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP, libc::SIGKILL] {
        std::fs::write(&target, "old").unwrap();
        let mut child = export_json(&dataset, &target, true);
        let written = temporaries(&dir);
        assert_eq!(written.len(), 1, "the bytes wait in a temporary file");
        // SAFETY: a plain kill(2) of the child this test started.
        unsafe { libc::kill(i32::try_from(child.id()).unwrap(), signal) };
        let status = child.wait().unwrap();
        assert!(!status.success(), "signal {signal}: ended by it");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        if signal == libc::SIGKILL {
            // Nothing runs on a SIGKILL: the file stays until the next write beside it.
            assert_eq!(temporaries(&dir), written);
            let next = export_json(&dataset, &target, false)
                .wait_with_output()
                .unwrap();
            assert!(next.status.success(), "{}", stderr(&next));
            assert!(std::fs::read_to_string(&target).unwrap().starts_with('{'));
        }
        assert_eq!(
            temporaries(&dir),
            Vec::<std::path::PathBuf>::new(),
            "signal {signal}"
        );
    }
}

#[test]
fn a_full_disk_is_said_with_the_file_the_user_asked_for_and_leaves_the_old_one() {
    let dir = scratch("full");
    let dataset = camp(&dir, 50);
    let target = dir.join("talks.csv");
    std::fs::write(&target, "old").unwrap();
    let output = common::with_a_full_disk(
        Command::new(env!("CARGO_BIN_EXE_lotse"))
            .args([
                "--dataset",
                dataset.to_str().unwrap(),
                "export",
                "csv",
                "-o",
            ])
            .arg(&target),
        512,
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(
        said.starts_with(&format!("lotse: {}: cannot write: ", target.display())),
        "{said}"
    );
    assert!(
        !said.contains(".tmp") && !said.contains(".talks.csv."),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    assert_eq!(temporaries(&dir), Vec::<std::path::PathBuf>::new());
}

#[test]
fn an_export_or_import_over_the_file_it_reads_is_refused() {
    let dir = scratch("over-input");
    let schedule = dir.join("s.json");
    std::fs::copy(common::fixture("frab-congress.json"), &schedule).unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&schedule, &link).unwrap();
    let original = std::fs::read(&schedule).unwrap();
    let s = schedule.to_str().unwrap();
    for args in [
        vec!["--dataset", s, "export", "csv", "-o", s],
        vec![
            "--dataset",
            s,
            "export",
            "ics",
            "-o",
            link.to_str().unwrap(),
        ],
        vec!["import", s, "-o", s],
    ] {
        let output = lotse(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("is the dataset being read"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(std::fs::read(&schedule).unwrap(), original, "{args:?}");
    }
    // Another file is written as ever.
    let other = dir.join("talks.csv");
    let output = lotse(&[
        "--dataset",
        s,
        "export",
        "csv",
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_hand_edited_bookmarks_file_reaches_the_terminal_only_as_codes() {
    let dir = scratch("hostile-bookmarks");
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("bookmarks")).unwrap();
    let hostile = "Talk\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}]0;pwned\u{7}\u{202e}evil\u{9b}2J";
    let file = serde_json::json!({
        "lotse_bookmarks": 2,
        "bookmarks": [{"key": "gone", "id": "gone\u{1b}[31m", "name": hostile, "room": "R\u{1b}[2J"}],
    });
    std::fs::write(data.join("bookmarks/built-in.json"), file.to_string()).unwrap();
    for args in [vec!["list"], vec!["list", "--json"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_lotse"))
            .arg("bookmarks")
            .args(&args)
            .env("LOTSE_DATA_DIR", &data)
            .env_remove("LOTSE_DATASET")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let shown = stdout(&output);
        assert!(
            !shown.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}']),
            "{args:?}: {shown:?}"
        );
        assert!(shown.contains("cancelled") || shown.contains("\"cancelled\":true"));
        if args.len() == 2 {
            // The value itself is kept exact for a program.
            let listed: Value = serde_json::from_str(&shown).unwrap();
            assert_eq!(listed[0]["name"], hostile);
        }
    }
}

#[test]
fn pick_without_a_terminal_and_a_moment_out_of_range_say_so_plainly() {
    // A process of its own session has no controlling terminal: no /dev/tty to draw on.
    let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
    command.args(["pick", "spreck"]).env_remove("LOTSE_DATASET");
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(said.starts_with("lotse: pick needs a terminal"), "{said}");
    assert!(stdout(&output).is_empty());

    let fixture = common::fixture("frab-congress.json");
    for at in ["9999-12-31T23:00", "-009999-01-01T00:00"] {
        let output = lotse(&[
            "--dataset",
            fixture.to_str().unwrap(),
            "now",
            &format!("--at={at}"),
        ]);
        assert_eq!(output.status.code(), Some(2), "{at}");
        let said = stderr(&output);
        assert!(
            said.contains("lotse knows the years -9999 to 9999"),
            "{at}: {said}"
        );
        assert!(
            !said.contains("overflow") && !said.contains("parameter"),
            "{said}"
        );
    }
}

#[test]
fn temporary_files_are_unpredictable_and_a_link_planted_at_one_is_never_written_through() {
    if !common::has_test_pauses("temporary_files_are_unpredictable") {
        return;
    }
    let dir = scratch("planted");
    let dataset = camp(&dir, 20);
    let target = dir.join("out.json");
    // Two writes at once: two names no one could have guessed.
    let mut one = export_json(&dataset, &target, true);
    let mut two = export_json(&dataset, &target, true);
    let names = temporaries(&dir);
    assert_eq!(names.len(), 2, "{names:?}");
    for child in [&mut one, &mut two] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    // Another user plants links where those files were, and at the names one might guess.
    let victim = dir.join("victim");
    std::fs::write(&victim, "keep").unwrap();
    for planted in names
        .iter()
        .cloned()
        .chain([dir.join(".out.json.tmp"), dir.join(".out.json.000000.tmp")])
    {
        let _ = std::fs::remove_file(&planted);
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
    }
    let output = export_json(&dataset, &target, false)
        .wait_with_output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(std::fs::read_to_string(&target).unwrap().starts_with('{'));
    assert!(
        !std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_refused_change_says_only_that_it_was_not_saved() {
    let dir = scratch("refused");
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("bookmarks")).unwrap();
    let newer = r#"{"lotse_bookmarks": 9, "ids": ["avatar"]}"#;
    std::fs::write(data.join("bookmarks/built-in.json"), newer).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["bookmarks", "add", "cord-spreckelsen"])
        .env("LOTSE_DATA_DIR", &data)
        .env_remove("LOTSE_DATASET")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(!said.contains("bookmarked:"), "{said}");
    assert!(
        said.starts_with("lotse: bookmarks not saved: ") && said.contains("newer lotse"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(data.join("bookmarks/built-in.json")).unwrap(),
        newer
    );
}

#[test]
fn an_address_with_a_password_holding_reserved_characters_is_refused_without_it() {
    for address in [
        "https://ada:p#ss@example.org/s.json",
        "https://ada:p?ss@example.org/s.json",
        "https://ada:p/ss@example.org/s.json",
    ] {
        let output = lotse(&["--dataset", address, "stats"]);
        assert_eq!(output.status.code(), Some(2), "{address}");
        let said = stderr(&output);
        assert!(said.contains("is not an address lotse can use"), "{said}");
        assert!(
            !said.contains("p#ss") && !said.contains("p?ss") && !said.contains("p/ss"),
            "{said}"
        );
        assert!(!said.contains("ada") && said.contains("%23"), "{said}");
    }
}
