//! Files in the explorer: every schedule format, bookmarks across restarts, export, a
//! remapped key, the browser, a large file loading, a file that fails to load.

use super::*;

/// Opens each file in the explorer, searches, drills into the top hit and sees `expected`.
fn open_search_and_drill_in(tmux: &Tmux, files: &[(std::path::PathBuf, &str, &str)]) {
    for (file, query, expected) in files {
        tmux.send(&["clear", "Enter"]);
        tmux.start_lotse(&file.display().to_string());
        tmux.type_text(query);
        tmux.send(&["Enter"]);
        tmux.wait_for(&format!("Search \"{query}\" › "));
        tmux.wait_for(expected);
        tmux.send(&["q"]);
        tmux.wait_for("exit=0");
    }
}

#[test]
fn every_schedule_format_opens_in_the_explorer() {
    let Some(tmux) = Tmux::start("formats", 110, 30) else {
        return;
    };
    let fixture = common::fixture;
    open_search_and_drill_in(
        &tmux,
        &[
            (fixture("frab-congress.json"), "opening", "Mira Kessel"),
            (fixture("pretalx-stream.json"), "firmware", "Ana Lindqvist"),
            (fixture("schedule.xml"), "keynote", "Dora Daten"),
            (fixture("calendar.ics"), "medizin", "Hörsaal 1; Jena"),
        ],
    );
}

#[test]
fn the_real_schedules_open_in_the_explorer() {
    let mut files = Vec::new();
    for (file, query, expected) in [
        ("jgerstbe_36c3.json", "opening", "bleeptrack"),
        (
            "voc_frab-camp2019.json",
            "opening",
            "Chaos Communication Camp 2019",
        ),
        ("voc_pretalx-rc3.json", "gluon", "Chris Fiege"),
    ] {
        let Some(path) = common::shared(&format!("schedules/{file}"), "the_real_schedules_open")
        else {
            return;
        };
        files.push((path, query, expected));
    }
    let Some(tmux) = Tmux::start("schedules", 110, 30) else {
        return;
    };
    open_search_and_drill_in(&tmux, &files);
}

#[test]
fn bookmarks_survive_a_restart_and_list_with_their_marks() {
    let Some(tmux) = Tmux::start("bookmarks", 100, 30) else {
        return;
    };
    let data = scratch("bookmarks");
    let env = format!("LOTSE_DATA_DIR={}", data.display());
    tmux.start_lotse_with(&env, "");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["C-x"]);
    tmux.wait_for("bookmarked: Cord Spreckelsen");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    let saved = std::fs::read_to_string(data.join("bookmarks/built-in.json")).unwrap();
    assert!(saved.contains("\"cord-spreckelsen\""), "{saved}");

    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse_with(&env, "");
    tmux.send(&["M-B"]);
    tmux.wait_for("Search › Bookmarks");
    // The row is below the count: waited for, the count is on screen too.
    let screen = tmux.wait_for("┃spk Cord Spreckelsen");
    assert!(screen.contains(" 1/1"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("speaker · cord-spreckelsen · bookmarked");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
    std::fs::remove_dir_all(data).unwrap();
}

#[test]
fn e_exports_the_results_to_the_file_named_on_the_status_line() {
    let Some(tmux) = Tmux::start("export", 100, 30) else {
        return;
    };
    let dir = scratch("export");
    tmux.type_text(&format!("cd {}", dir.display()));
    tmux.send(&["Enter"]);
    tmux.start_lotse("");
    tmux.type_text("jena");
    tmux.wait_for(" 15/81");
    tmux.send(&["M-e"]);
    tmux.wait_for("Export 9 events as ics to: jena.ics");
    tmux.send(&["Enter"]);
    tmux.wait_for("exported 9 events as ics to jena.ics");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    let ics = std::fs::read_to_string(dir.join("jena.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 9);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_remapped_key_from_config_toml_works_and_shows_in_help() {
    let Some(tmux) = Tmux::start("config", 120, 45) else {
        return;
    };
    let config = scratch("config");
    std::fs::write(
        config.join("config.toml"),
        "[keys.entity]\n\"x\" = \"toggle_bookmark\"\n",
    )
    .unwrap();
    let env = format!("LOTSE_CONFIG_DIR={}", config.display());
    tmux.start_lotse_with(&env, "");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["Enter"]);
    tmux.wait_for("speaker · cord-spreckelsen");
    tmux.send(&["x"]);
    tmux.wait_for("bookmarked: Cord Spreckelsen");
    tmux.send(&["?"]);
    let screen = tmux.wait_for("toggle_bookmark");
    let line = screen
        .lines()
        .find(|l| l.contains("toggle_bookmark"))
        .unwrap();
    assert!(line.contains(" x b "), "{line}");
    // The help closed before `q`: an Esc and a `q` read together are Alt-q.
    tmux.send(&["Escape"]);
    tmux.wait_for_absence("toggle_bookmark");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");

    // A mistake is reported with its place, before the terminal is touched.
    std::fs::write(
        config.join("config.toml"),
        "[keys.entity]\n\"x\" = \"teleport\"\n",
    )
    .unwrap();
    tmux.send(&["clear", "Enter"]);
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    tmux.type_text(&format!("{env} {}; echo exit=$?", binary.display()));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("exit=2");
    assert!(
        screen.contains("config.toml:2:7: keys.entity.\"x\": unknown action \"teleport\""),
        "{screen}"
    );
    std::fs::remove_dir_all(config).unwrap();
}

#[test]
fn o_opens_the_url_with_the_browser_and_no_shell() {
    let Some(tmux) = Tmux::start("browser", 100, 30) else {
        return;
    };
    let dir = scratch("browser");
    let log = dir.join("opened.txt");
    let browser = dir.join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let schedule = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedule.xml");
    tmux.start_lotse_with(
        &format!("BROWSER={}", browser.display()),
        &schedule.display().to_string(),
    );
    tmux.type_text("keynote");
    tmux.send(&["Enter"]);
    tmux.wait_for("event · xmlconf24-1");
    tmux.send(&["o"]);
    tmux.wait_for("opening https://xml.example.org/events/1");
    // The script writes one line; wait until the whole line is there.
    let deadline = Instant::now() + PATIENCE;
    let opened = loop {
        let opened = std::fs::read_to_string(&log).unwrap_or_default();
        if opened.ends_with('\n') {
            break opened;
        }
        assert!(
            Instant::now() < deadline,
            "the browser never wrote: {opened:?}"
        );
        sleep(Duration::from_millis(20));
    };
    assert_eq!(opened, "https://xml.example.org/events/1\n");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn on_a_terminal_search_and_show_fit_its_width() {
    const WIDTH: usize = 60;
    let Some(tmux) = Tmux::start("width", WIDTH as u16, 80) else {
        return;
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse")).display().to_string();
    for args in ["search ki --limit 8", "show ikt-meets-2025-spreckelsen"] {
        tmux.send(&["clear", "Enter"]);
        tmux.type_text(&format!("{binary} {args}; echo done=$?"));
        tmux.send(&["Enter"]);
        tmux.wait_for("done=0");
        // Joined: a line longer than the terminal would come back whole, not wrapped.
        let joined = tmux.run(&["capture-pane", "-p", "-J", "-t", &tmux.session]);
        let screen = String::from_utf8_lossy(&joined.stdout).into_owned();
        let output: Vec<&str> = screen
            .lines()
            .skip_while(|line| !line.contains(args))
            .skip(1)
            .take_while(|line| !line.starts_with("done="))
            .collect();
        assert!(output.len() > 3, "{args}: {screen}");
        for line in &output {
            assert!(
                line.chars().count() <= WIDTH,
                "{args}: {line:?} is wider than {WIDTH}"
            );
        }
        if args.starts_with("search") {
            assert!(screen.contains('…'), "long names are cut to fit: {screen}");
        }
    }
}

#[test]
fn pick_prints_the_chosen_ids_for_the_shell_and_esc_picks_nothing() {
    let Some(tmux) = Tmux::start("pick", 100, 30) else {
        return;
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse")).display().to_string();
    let out = scratch("pick").join("picked.txt");
    let run = |args: &str| {
        tmux.send(&["clear", "Enter"]);
        tmux.type_text(&format!(
            "{binary} pick {args} > {}; echo rc=$?",
            out.display()
        ));
        tmux.send(&["Enter"]);
        tmux.wait_for("Enter pick");
    };
    // The query given, Enter: the selected row's id, on standard output only.
    run("spreck");
    tmux.wait_for("Cord Spreckelsen");
    tmux.send(&["Enter"]);
    tmux.wait_for("rc=0");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "cord-spreckelsen\n");
    // Tab marks rows (and moves down); Enter prints every marked id, in the order marked.
    run("jena");
    tmux.wait_for("15/81");
    tmux.send(&["Tab", "Tab"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("rc=0");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "uk-jena\neah-jena\n"
    );
    // Esc: nothing picked, exit 1, nothing printed; the terminal is the shell's again.
    run("");
    tmux.send(&["Escape"]);
    tmux.wait_for("rc=1");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "");
    tmux.assert_restored();
    // --json: the entity itself; and as the README says, straight into show.
    run("dazert --json");
    tmux.send(&["Enter"]);
    tmux.wait_for("rc=0");
    let picked: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(picked["id"], "eike-dazert");
    tmux.send(&["clear", "Enter"]);
    tmux.type_text(&format!("{binary} show $({binary} pick spreck) | head -1"));
    tmux.send(&["Enter"]);
    tmux.wait_for("Enter pick");
    tmux.send(&["Enter"]);
    tmux.wait_for("\nCord Spreckelsen");
}
