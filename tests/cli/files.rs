//! Commands that read and write files: import, config, export, and what lotse does with
//! hostile file names, links, devices and kills mid-write.

use super::*;

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

/// The temporary files a write of `export.json` in `dir` made (and a kill left).
fn temporaries_of_export_json(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".export.json."))
        .collect()
}

/// Waits (up to 30 s) until a temporary file of `export.json` other than those `before` holds
/// `len` bytes: the write is done and the rename not yet.
fn wait_for_a_temporary_of(
    dir: &Path,
    len: usize,
    before: &[std::path::PathBuf],
) -> Option<std::path::PathBuf> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        let written = temporaries_of_export_json(dir)
            .into_iter()
            .filter(|t| !before.contains(t))
            .find(|t| std::fs::metadata(t).is_ok_and(|m| m.len() == len as u64));
        if written.is_some() {
            return written;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    None
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
            .env("LOTSE_TEST_PAUSE", if pause == "0" { "" } else { "rename" })
            .env("LOTSE_TEST_PAUSE_MS", pause)
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
    let temporaries = || temporaries_of_export_json(&dir);

    // Killed while the bytes sit written in the temporary file and the rename has not come:
    // every time, the target is the old file. The temporary file a kill leaves is swept away
    // by the next write beside it: never more than one is there.
    let mut killed_mid_write = 0;
    for attempt in 0..6 {
        std::fs::write(&target, &old).unwrap();
        let before = temporaries();
        let mut child = spawn(&target, "60000");
        let Some(temporary) = wait_for_a_temporary_of(&dir, new.len(), &before) else {
            panic!("attempt {attempt}: no write began");
        };
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), old, "attempt {attempt}");
        assert_eq!(
            temporaries(),
            [temporary],
            "attempt {attempt}: the one before was swept"
        );
        killed_mid_write += 1;
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
        assert!(
            temporaries().len() <= 1,
            "attempt {attempt}: {:?}",
            temporaries()
        );
    }
    // A write that runs to its end leaves nothing beside the file.
    assert!(spawn(&target, "0").wait().unwrap().success());
    assert_eq!(std::fs::read(&target).unwrap(), new);
    assert_eq!(temporaries(), Vec::<std::path::PathBuf>::new());
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
