//! The explorer and the command line changing one bookmarks file at once: every change of
//! either is kept, and the explorer shows the command line's within seconds.

use super::*;

/// `lotse bookmarks ARGS` in another "shell", on the built-in dataset, with `data` as the
/// data directory.
fn bookmarks(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("bookmarks")
        .args(args)
        .env("LOTSE_DATA_DIR", data)
        .env_remove("LOTSE_DATASET")
        .output()
        .unwrap()
}

fn bookmarked_ids(data: &Path) -> Vec<String> {
    let listed: serde_json::Value =
        serde_json::from_slice(&bookmarks(data, &["list", "--json"]).stdout).unwrap_or_default();
    let mut ids: Vec<String> = listed
        .as_array()
        .map(|a| {
            a.iter()
                .map(|b| b["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

#[test]
fn the_explorer_and_the_command_line_change_one_file_and_both_changes_stay() {
    let Some(tmux) = Tmux::start("bookmarks-both", 140, 30) else {
        return;
    };
    let data = scratch("bookmarks-both");
    tmux.start_lotse_with(&format!("LOTSE_DATA_DIR={}", data.display()), "");
    // Another shell bookmarks a project: the explorer, idle, shows it within seconds.
    assert!(bookmarks(&data, &["add", "avatar"]).status.success());
    tmux.wait_for("bookmarks changed in another lotse: 1 added, 0 removed");
    // The explorer bookmarks a speaker: the project stays.
    tmux.type_text("spreck");
    tmux.wait_for(" 1/81");
    tmux.send(&["C-x"]);
    tmux.wait_for("bookmarked: Cord Spreckelsen");
    assert_eq!(bookmarked_ids(&data), ["avatar", "cord-spreckelsen"]);
    // The bookmarks list shows both.
    tmux.send(&["Escape", "M-B"]);
    tmux.wait_for_all(&["AVATAR", "Cord Spreckelsen"]);
    // The other shell removes the project; the explorer's next change keeps that too.
    assert!(bookmarks(&data, &["remove", "avatar"]).status.success());
    tmux.wait_for("0 added, 1 removed");
    tmux.wait_for_absence("AVATAR");
    tmux.send(&["Escape"]);
    tmux.type_text("medways");
    tmux.wait_for("medways e.V.");
    tmux.send(&["C-x"]);
    tmux.wait_for("bookmarked: medways e.V.");
    assert_eq!(bookmarked_ids(&data), ["cord-spreckelsen", "medways"]);
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    std::fs::remove_dir_all(data).unwrap();
}
