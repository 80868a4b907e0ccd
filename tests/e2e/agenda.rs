//! The agenda in a real terminal: started with `--view agenda` and "now" fixed, its day tabs,
//! the line at now, into a talk and back, the grid of rooms on a wide terminal, and opened
//! from a search with Alt-a.

use super::*;

const NOW: &str = "--now '2019-12-27 12:15'";

fn congress() -> String {
    common::fixture("frab-congress.json").display().to_string()
}

#[test]
fn the_agenda_shows_days_now_and_goes_into_a_talk_and_back() {
    let Some(tmux) = Tmux::start("agenda-list", 100, 30) else {
        return;
    };
    tmux.start_lotse(&format!("{} --view agenda {NOW}", congress()));
    let screen = tmux.wait_for("── now 12:15 ──");
    assert!(screen.contains("Day 1 · Fri 27.12. (6)"), "{screen}");
    assert!(
        screen.contains("12:00–13:00  Ada   Breaking Badge Firmware"),
        "{screen}"
    );
    assert!(screen.contains("● now"), "{screen}");
    // The next day: its talks, and no line at now.
    tmux.send(&["Tab"]);
    let screen = tmux.wait_for("Der Jahresrückblick");
    assert!(
        !screen.contains("Opening Ceremony") && !screen.contains("── now"),
        "{screen}"
    );
    // Back to now, two talks on, into it, and back to the same place.
    tmux.send(&["n", "j", "j", "Enter"]);
    tmux.wait_for("Search › Agenda › Patientendaten im Netz");
    tmux.send(&["Escape"]);
    let screen = tmux.wait_for_absence("› Patientendaten im Netz");
    assert!(screen.contains("── now 12:15 ──"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Search › Agenda › Patientendaten im Netz");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
}

#[test]
fn a_wide_terminal_shows_rooms_as_columns() {
    let Some(tmux) = Tmux::start("agenda-grid", 150, 30) else {
        return;
    };
    tmux.start_lotse(&format!("{} --view agenda {NOW}", congress()));
    let screen = tmux.wait_for("▏Borg");
    assert!(screen.contains("▏Ada"), "{screen}");
    assert!(screen.contains(" now ▶"), "{screen}");
    assert!(
        screen.contains("12:00–12:30 Mesh Networks for Everyone"),
        "{screen}"
    );
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
}

#[test]
fn alt_a_opens_the_agenda_of_a_search() {
    let Some(tmux) = Tmux::start("agenda-search", 100, 30) else {
        return;
    };
    tmux.start_lotse(&format!("{} {NOW}", congress()));
    tmux.type_text("room:borg");
    tmux.wait_for("Events 4");
    tmux.send(&["M-a"]);
    let screen = tmux.wait_for("Search \"room:borg\" › Agenda \"room:borg\"");
    assert!(
        !screen.contains("Opening Ceremony"),
        "only Borg's talks: {screen}"
    );
    assert!(screen.contains("Mesh Networks for Everyone"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("exit=0");
}

#[test]
fn a_schedule_opened_again_says_what_changed_since() {
    let Some(tmux) = Tmux::start("changes", 200, 30) else {
        return;
    };
    // The first download, with two talks bookmarked; then the next one, under another name:
    // the badge talk an hour later, the clinic talk cancelled.
    tmux.start_lotse(&congress());
    tmux.type_text("badge");
    tmux.wait_for(" 1/21");
    tmux.send(&["M-b"]);
    tmux.wait_for("bookmarked: Breaking Badge Firmware");
    tmux.send(&["C-u"]);
    tmux.type_text("side channels");
    // Its own result, not the last search's (which also found one of 21).
    tmux.wait_for_all(&["evt Side Channels in the Clinic", " 1/21"]);
    tmux.send(&["M-b"]);
    tmux.wait_for("bookmarked: Side Channels in the Clinic");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    let mut schedule: serde_json::Value =
        serde_json::from_slice(&std::fs::read(congress()).unwrap()).unwrap();
    let days = schedule["schedule"]["conference"]["days"]
        .as_array_mut()
        .unwrap();
    for event in days[0]["rooms"]["Ada"].as_array_mut().unwrap() {
        if event["guid"] == "f1c0-1002" {
            event["date"] = "2019-12-27T13:00:00+01:00".into();
            event["start"] = "13:00".into();
        }
    }
    days[1]["rooms"]["Ada"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["guid"] != "f1c0-1007");
    let copy = std::env::temp_dir().join(format!("lotse-changes-{}.json", std::process::id()));
    std::fs::write(&copy, serde_json::to_vec(&schedule).unwrap()).unwrap();

    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse(&copy.display().to_string());
    let screen = tmux.wait_for("2 changes: 0 new, 1 cancelled, 1 moved, 0 changed");
    let bookmarked = "⚠ bookmarked: \"Breaking Badge Firmware\" moved, \"Side Channels in the \
                      Clinic\" cancelled";
    assert!(screen.contains(bookmarked), "{screen}");
    tmux.send(&["M-c"]);
    tmux.wait_for("Search › Changes");
    tmux.wait_for("Breaking Badge Firmware  moved  2019-12-27 13:00–14:00 · Ada");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    // Opened once more, nothing changed since.
    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse(&copy.display().to_string());
    tmux.send(&["M-c"]);
    tmux.wait_for("nothing changed since this schedule was last opened");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    let _ = std::fs::remove_file(copy);
}
