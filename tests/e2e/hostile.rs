//! Hostile text and hostile conditions in a real terminal: escape sequences in the data,
//! resize storms, colour, unreadable bookmarks.

use super::*;

fn hostile_fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile.json")
        .display()
        .to_string()
}

/// What hostile text would leave on a screen if it reached the terminal as text: the visible
/// remains of sequences a terminal did not take whole.
fn assert_no_stray_escapes(screen: &str) {
    for stray in [
        "pwned", "[2J", "[31m", "]0;", "]2;", "]52;", "]8;", "cHduZWQ",
    ] {
        assert!(!screen.contains(stray), "{stray:?} on screen:\n{screen}");
    }
}

/// What hostile text would leave in the terminal's cells if it reached the terminal as control:
/// colours. The explorer runs with `NO_COLOR`, so it sets none itself; `screen` is a capture
/// with attributes (`capture-pane -e`), where tmux writes each cell's style as SGR sequences.
fn assert_no_colour_in_cells(screen: &str) {
    for sequence in screen.split('\u{1b}').skip(1) {
        let parameters = sequence
            .strip_prefix('[')
            .and_then(|rest| rest.split_once('m'))
            .map(|(parameters, _)| parameters)
            .unwrap_or_else(|| panic!("not a style sequence: {sequence:?} in\n{screen}"));
        for parameter in parameters.split([';', ':']) {
            let colour = matches!(
                parameter.parse::<u16>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            );
            assert!(
                !colour,
                "a colour reached the terminal: {sequence:?} in\n{screen}"
            );
        }
    }
}

#[test]
fn browsing_hostile_text_changes_no_title_sets_no_clipboard_and_leaves_no_stray_text() {
    let Some(tmux) = Tmux::start("hostile", 110, 30) else {
        return;
    };
    // Let any OSC 52 from the pane land in tmux's buffers, so that one would show.
    tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    let before = tmux.pane_title();
    tmux.start_lotse_with("NO_COLOR=1", &hostile_fixture());
    tmux.type_text("kind:event");
    tmux.wait_for("9/10010");
    for row in 0..9 {
        for _ in 0..row {
            tmux.send(&["Down"]);
        }
        tmux.send(&["Enter"]);
        tmux.wait_for("Search \"kind:event\" › ");
        assert_no_stray_escapes(&tmux.screen());
        assert_no_colour_in_cells(&tmux.screen_with_attributes());
        tmux.send(&["Escape"]);
        tmux.wait_for_absence("Search \"kind:event\" › ");
        tmux.send(&["Home"]);
        tmux.send(&["C-e"]);
        // Back at the top of the list for the next row.
        tmux.send(&["PageUp"]);
    }
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    assert_eq!(tmux.pane_title(), before, "the pane title changed");
    let buffers = tmux.run(&["list-buffers"]);
    assert!(
        buffers.stdout.is_empty(),
        "a clipboard write got through: {buffers:?}"
    );

    // The commands print the same text cleaned on a terminal (without colour of their own, so
    // that any colour in the cells came from the text).
    tmux.send(&["clear", "Enter"]);
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    for id in [
        "osc-title",
        "osc-clipboard",
        "escape-codes",
        "c1-controls",
        "hostile-speaker",
    ] {
        tmux.send(&["clear", "Enter"]);
        tmux.type_text(&format!(
            "NO_COLOR=1 {} --dataset {} show {id}; echo shown-{id}",
            binary.display(),
            hostile_fixture()
        ));
        tmux.send(&["Enter"]);
        let screen = tmux.wait_for(&format!("\nshown-{id}"));
        assert_no_stray_escapes(&screen);
        assert_no_colour_in_cells(&tmux.screen_with_attributes());
    }
    tmux.send(&["clear", "Enter"]);
    tmux.type_text(&format!(
        "NO_COLOR=1 {} --dataset {} search kind:event --limit 0; echo searched",
        binary.display(),
        hostile_fixture()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("\nsearched");
    assert_no_stray_escapes(&screen);
    assert_no_colour_in_cells(&tmux.screen_with_attributes());
    assert_eq!(tmux.pane_title(), before, "the pane title changed");
    assert!(tmux.run(&["list-buffers"]).stdout.is_empty());
}

#[test]
fn a_resize_storm_in_a_real_terminal_leaves_a_working_explorer() {
    let Some(tmux) = Tmux::start("storm", 100, 30) else {
        return;
    };
    tmux.start_lotse("");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["Enter"]);
    tmux.wait_for("speaker · cord-spreckelsen");
    let mut seed: u32 = 12345;
    for _ in 0..120 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let width = 1 + (seed >> 16) % 220;
        let height = 1 + (seed >> 8) % 70;
        tmux.run(&[
            "resize-window",
            "-t",
            &tmux.session,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }
    tmux.run(&["resize-window", "-t", &tmux.session, "-x", "90", "-y", "25"]);
    tmux.wait_for("Search \"spreck\" › Cord Spreckelsen");
    tmux.send(&["h"]);
    tmux.wait_for(" 1/81");
    tmux.send_at_once(&["Escape", "Escape"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
}

#[test]
fn commands_colour_a_terminal_unless_no_color_is_set() {
    let Some(tmux) = Tmux::start("colour", 100, 30) else {
        return;
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    let mut coloured = Vec::new();
    for env in ["", "NO_COLOR=1"] {
        tmux.send(&["clear", "Enter"]);
        tmux.type_text(&format!(
            "{env} {} show eike-dazert; echo done",
            binary.display()
        ));
        tmux.send(&["Enter"]);
        tmux.wait_for("\ndone");
        let cells = tmux.screen_with_attributes();
        coloured.push(cells.contains("\u{1b}[36m"));
    }
    assert_eq!(
        coloured,
        [true, false],
        "the speaker tag is cyan on a terminal, plain with NO_COLOR"
    );
}

#[test]
fn unreadable_bookmarks_are_read_only_for_the_session_and_left_as_they_are() {
    let Some(tmux) = Tmux::start("bookmarks-ro", 160, 30) else {
        return;
    };
    let data = scratch("bookmarks-ro");
    let file = data.join("bookmarks/built-in.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let newer = "{\"lotse_bookmarks\": 7, \"ids\": [\"eike-dazert\"]}";
    std::fs::write(&file, newer).unwrap();
    tmux.start_lotse_with(&format!("LOTSE_DATA_DIR={}", data.display()), "");
    tmux.wait_for("bookmarks are read-only");
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["C-x"]);
    tmux.wait_for("bookmarks not saved:");
    tmux.wait_for("newer lotse");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), newer);
    std::fs::remove_dir_all(data).unwrap();
}

#[test]
fn a_large_file_opens_at_once_with_progress_and_keys_typed_meanwhile_are_searched() {
    let Some(tmux) = Tmux::start("loading", 100, 30) else {
        return;
    };
    let dir = scratch("loading");
    // Big enough that loading takes a moment even in an optimised build; named with a title
    // change and a bidi override, which the loading screen shows as codes.
    let file = dir.join("big\u{202e}\u{1b}]0;pwned\u{7}.json");
    std::fs::write(&file, lotse::synthetic::dataset_json(600_000)).unwrap();
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    let run = format!("{} big*.json; echo exit=$?", binary.display());
    tmux.type_text(&format!("cd {}", dir.display()));
    tmux.send(&["Enter"]);
    let title = tmux.pane_title();

    tmux.type_text(&run);
    tmux.send(&["Enter"]);
    tmux.wait_for("Loading ");
    tmux.wait_for("%");
    // Typed while it loads (about 3 s for this file in the tests' build): shown, and kept.
    tmux.type_text("spreck");
    let screen = tmux.wait_for("Typed: spreck");
    assert!(
        screen.contains("Loading big\\u{202e}\\u{1b}]0;pwned\\u{7}.json"),
        "{screen}"
    );
    assert!(!screen.contains('\u{202e}'), "{screen}");
    assert_eq!(tmux.pane_title(), title, "the pane title changed");
    tmux.wait_for_absence("Loading ");
    // The query line is below the breadcrumbs: waited for, both are on screen.
    let screen = tmux.wait_for("❯ spreck");
    assert!(screen.contains("Search \"spreck\""), "{screen}");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();

    // Ctrl-C while loading leaves at once, the terminal restored.
    tmux.send(&["clear", "Enter"]);
    tmux.type_text(&run);
    tmux.send(&["Enter"]);
    tmux.wait_for("Loading ");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_fails_to_load_is_reported_on_the_restored_terminal() {
    let Some(tmux) = Tmux::start("load-error", 100, 30) else {
        return;
    };
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken.json");
    let binary = Path::new(env!("CARGO_BIN_EXE_lotse"));
    tmux.type_text(&format!(
        "{} {}; echo exit=$?",
        binary.display(),
        broken.display()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("exit=2");
    assert!(screen.contains("broken.json: 9 errors"), "{screen}");
    tmux.assert_restored();
}
