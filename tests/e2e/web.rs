//! A schedule from the web in the explorer, against a real HTTP server on 127.0.0.1: opened
//! from its address, reloaded with Ctrl-r after the server's copy changed (what changed on
//! the status line, the page kept), and opened again with the server gone (the copy, and how
//! old it is, on the status line).

use super::server::{Reply, Server, serving};
use super::{Tmux, common};

#[test]
fn a_schedule_from_the_web_reloads_in_place_and_opens_offline() {
    let Some(tmux) = Tmux::start("web", 200, 30) else {
        return;
    };
    let first = std::fs::read(common::fixture("frab-congress.json")).unwrap();
    let server = Server::start(serving(first, "\"v1\""));
    let url = server.url("/schedule.json");
    tmux.start_lotse(&url);
    tmux.type_text("badge");
    tmux.wait_for_all(&["evt Breaking Badge Firmware", " 1/21"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("12:00–13:00");

    // The server's schedule changes; Ctrl-r asks at once and the page stays.
    server.answer(serving(common::next_congress_version(), "\"v2\""));
    tmux.send(&["C-r"]);
    let screen = tmux.wait_for("3 changes: 1 new, 1 cancelled, 1 moved");
    assert!(screen.contains("Breaking Badge Firmware"), "{screen}");
    tmux.wait_for("13:00–14:00");
    // Nothing new the second time: the server answers 304.
    tmux.send(&["C-r"]);
    tmux.wait_for("the schedule is current");
    let requests = server.requests();
    assert_eq!(
        requests.last().unwrap().header("if-none-match"),
        Some("\"v2\"")
    );

    // Another lotse (a command in another terminal) brings a newer copy into the cache: the
    // server then answers the explorer's Ctrl-r with a 304, and the copy is still newer than
    // the screen.
    let first = std::fs::read(common::fixture("frab-congress.json")).unwrap();
    server.answer(serving(first, "\"v3\""));
    let home = std::env::temp_dir().join(format!("lotse-e2e-web-{}-home", std::process::id()));
    let other = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["--refresh", "--dataset", &url, "stats"])
        .env_clear()
        .env("HOME", &home)
        .env("LOTSE_DATA_DIR", home.join("data"))
        .env("LOTSE_CONFIG_DIR", home.join("config"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&other.stderr).contains("3 changes since"),
        "{other:?}"
    );
    tmux.send(&["C-r"]);
    tmux.wait_for("12:00–13:00");
    tmux.wait_for("3 changes: 1 new, 1 cancelled, 1 moved");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");

    // The server gone: the copy, with its age on the status line.
    server.stop();
    tmux.send(&["clear", "Enter"]);
    tmux.start_lotse(&format!("--refresh {url}"));
    let screen = tmux.wait_for("; using the copy last checked ");
    assert!(screen.contains("cannot reach"), "{screen}");
    tmux.type_text("everyone");
    tmux.wait_for("evt Mesh Networks for Everyone");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
}

#[test]
fn a_server_that_never_answers_shows_asking_then_the_error_on_a_restored_terminal() {
    let Some(tmux) = Tmux::start("web-silent", 200, 24) else {
        return;
    };
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("config.toml"),
        "[web]\ntimeout = \"2s\"\n",
    )
    .unwrap();
    let server = Server::start(|_| Reply::Silent);
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_lotse"));
    tmux.type_text(&format!(
        "LOTSE_CONFIG_DIR={} {} {}; echo exit=$?",
        config.path().display(),
        binary.display(),
        server.url("/schedule.json")
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("asking the server");
    let screen = tmux.wait_for("exit=2");
    assert!(
        screen.contains("no answer within 2 s (the network may be down); no copy is kept"),
        "{screen}"
    );
    tmux.assert_restored();
}

#[test]
fn a_trickling_server_is_given_up_at_the_deadline_and_a_second_ctrl_r_cancels_a_reload() {
    let Some(tmux) = Tmux::start("web-trickle", 200, 24) else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[web]\ntimeout = \"5s\"\ndeadline = \"2s\"\n",
    )
    .unwrap();
    let first = std::fs::read(common::fixture("frab-congress.json")).unwrap();
    let server = Server::start(serving(first, "\"v1\""));
    let url = server.url("/schedule.json");
    let env = ["cache", "config", "data"]
        .map(|dir| {
            format!(
                "LOTSE_{}_DIR={}",
                dir.to_ascii_uppercase(),
                home.path().join(dir).display()
            )
        })
        .join(" ");
    // A first visit keeps a copy; then the server sends a byte every 200 ms.
    tmux.start_lotse_with(&env, &url);
    tmux.wait_for("21/21");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    server.answer(|_| Reply::Trickle {
        length: 100_000,
        interval: std::time::Duration::from_millis(200),
    });
    tmux.send(&["clear", "Enter"]);
    // Opening: the whole download is given up after the deadline, and the copy opens.
    tmux.start_lotse_with(&env, &format!("--refresh {url}"));
    let screen = tmux.wait_for("; using the copy last checked ");
    assert!(
        screen.contains("the download did not end within 2 s"),
        "{screen}"
    );
    // Reloading: a second Ctrl-r stops waiting, and the explorer goes on.
    tmux.send(&["C-r"]);
    tmux.wait_for("reloading… (Ctrl-r again cancels)");
    tmux.send(&["C-r"]);
    tmux.wait_for("reload cancelled: the version on screen stays");
    tmux.type_text("badge");
    tmux.wait_for("evt Breaking Badge Firmware");
    tmux.send(&["C-c"]);
    tmux.wait_for("exit=0");
    tmux.assert_restored();
}
