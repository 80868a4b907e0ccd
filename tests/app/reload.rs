//! Reloading keeps the place: a new version of the schedule is taken in with the agenda, the
//! bookmarks and the marked rows as they were, each found again in the new version, and what
//! changed is said; a page whose entity is gone is gone.

use super::common;
use lotse::app::{Action, App, InternalEvent, NewVersion, Reloaded, Route};
use lotse::model::{Dataset, Kind};

fn congress(bytes: &[u8]) -> Dataset {
    lotse::import::from_bytes(bytes, "congress", "schedule.json")
        .expect("the schedule loads")
        .loaded
        .dataset
}

fn reload(app: &mut App, bytes: &[u8]) {
    let version = NewVersion::after(app.dataset(), congress(bytes), "12:00".to_owned());
    app.notify(InternalEvent::Reloaded(Reloaded {
        version: Some(version),
        message: None,
    }));
}

fn event(app: &App, name: &str) -> lotse::model::EntityRef {
    app.dataset()
        .entities_of(Kind::Event)
        .find(|&e| app.dataset().name(e) == name)
        .unwrap_or_else(|| panic!("no event {name:?}"))
}

/// The next version, less its first talk (`Opening Ceremony`), so that every entity after it
/// has another place in the new version: only what is found again by id stays right.
fn shifted_version() -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_slice(&common::next_congress_version()).unwrap();
    value["schedule"]["conference"]["days"][0]["rooms"]["Ada"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    serde_json::to_vec(&value).unwrap()
}

fn original() -> Vec<u8> {
    std::fs::read(common::fixture("frab-congress.json")).unwrap()
}

#[test]
fn the_agenda_bookmarks_and_marks_are_found_again_in_the_new_version() {
    let mut app = App::new(congress(&original()));
    app.notify(InternalEvent::Resize {
        width: 100,
        height: 30,
    });
    // Bookmark the talk, open the whole programme at it and mark it there.
    common::press(&mut app, "badge");
    common::press(&mut app, "<Enter>");
    app.update(Action::ToggleBookmark);
    app.update(Action::OpenAgenda);
    assert!(matches!(app.route(), Route::Agenda(_)));
    // Marking steps on; back up to the talk.
    app.update(Action::ToggleMark);
    app.update(Action::SelectPrevious);
    assert_eq!(
        app.dataset().name(app.marked()[0]),
        "Breaking Badge Firmware"
    );

    reload(&mut app, &shifted_version());

    let Route::Agenda(agenda) = app.route() else {
        panic!("no longer in the agenda: {:?}", app.message());
    };
    let badge = event(&app, "Breaking Badge Firmware");
    assert_eq!(agenda.selected_event(), Some(badge), "still at the talk");
    let revisited = event(&app, "Mesh Networks, Revisited");
    let in_agenda = agenda
        .programme
        .days
        .iter()
        .flat_map(|day| day.slots.iter().map(|s| s.event));
    assert!(
        in_agenda.clone().any(|e| e == revisited),
        "the new talk is in the agenda made again"
    );
    let said = app.message().unwrap_or_default();
    assert!(
        said.starts_with("since 12:00, 4 changes: 1 new, 2 cancelled, 1 moved")
            && said.contains("\"Breaking Badge Firmware\" moved"),
        "{said}"
    );
    assert_eq!(app.change_of(badge), Some("moved"));
    assert_eq!(app.change_of(revisited), Some("new"));
    // Rows say it: in the agenda beside the talk, in the search's list before the context.
    let agenda = common::text(&common::render(&app));
    assert!(
        agenda.contains("Breaking Badge Firmware · Ilse Vogt") && agenda.contains("  moved"),
        "{agenda}"
    );
    app.update(Action::Back);
    app.update(Action::Back);
    let list = common::text(&common::render(&app));
    assert!(
        list.contains("evt Breaking Badge Firmware  moved  2019-12"),
        "{list}"
    );
    assert!(app.is_bookmarked(badge), "the bookmark is found again");
    assert_eq!(app.marked(), [badge], "the mark is found again");
}

#[test]
fn a_page_whose_entity_is_gone_is_left_out_and_said() {
    let mut app = App::new(congress(&original()));
    common::press(&mut app, "mesh networks");
    common::press(&mut app, "<Enter>");
    let Route::Entity(page) = app.route() else {
        panic!("on the talk's page");
    };
    assert_eq!(
        app.dataset().name(page.entity),
        "Mesh Networks for Everyone"
    );
    // The agenda opened from the page goes with it.
    app.update(Action::OpenAgenda);
    assert!(matches!(app.route(), Route::Agenda(_)));

    reload(&mut app, &common::next_congress_version());

    let Route::Search(search) = app.route() else {
        panic!("back on the search: {:?}", app.route());
    };
    assert_eq!(search.query.to_string(), "mesh networks");
    let said = app.message().unwrap_or_default();
    assert!(
        said.ends_with(" · 2 page(s) gone from the schedule"),
        "{said}"
    );
    assert_eq!(app.breadcrumbs().len(), 1, "{:?}", app.breadcrumbs());
}

#[test]
fn a_reload_that_brings_nothing_new_keeps_everything_and_says_why() {
    let mut app = App::new(congress(&original()));
    app.update(Action::Reload);
    assert!(app.is_reloading());
    assert_eq!(app.take_effects(), [lotse::app::Effect::Reload]);
    app.notify(InternalEvent::Reloaded(Reloaded {
        version: None,
        message: Some("cannot reach http://x/: refused; using the copy last checked 11:00".into()),
    }));
    assert!(!app.is_reloading());
    assert_eq!(
        app.message(),
        Some("cannot reach http://x/: refused; using the copy last checked 11:00")
    );
}

#[test]
fn a_second_reload_while_one_runs_cancels_it_and_the_version_on_screen_stays() {
    let mut app = App::new(congress(&original()));
    app.update(Action::Reload);
    assert_eq!(app.take_effects(), [lotse::app::Effect::Reload]);
    assert_eq!(app.message(), Some("reloading… (Ctrl-r again cancels)"));
    app.update(Action::Reload);
    assert_eq!(app.take_effects(), [lotse::app::Effect::CancelReload]);
    assert!(!app.is_reloading());
    assert_eq!(
        app.message(),
        Some("reload cancelled: the version on screen stays")
    );
    // And a third starts a new one.
    app.update(Action::Reload);
    assert_eq!(app.take_effects(), [lotse::app::Effect::Reload]);
}

#[test]
fn an_open_export_prompt_writes_the_same_events_of_the_new_version() {
    let mut app = App::new(congress(&original()));
    common::press(&mut app, "kind:event badge");
    app.update(Action::Export);
    let before: Vec<String> = app
        .prompt()
        .expect("the export prompt")
        .selection
        .iter()
        .map(|&e| app.dataset().id(e).to_owned())
        .collect();
    assert_eq!(before, ["fixcon19-1002"]);

    reload(&mut app, &shifted_version());

    let prompt = app.prompt().expect("the prompt stays open");
    let after: Vec<&str> = prompt
        .selection
        .iter()
        .map(|&e| app.dataset().id(e))
        .collect();
    assert_eq!(
        after, before,
        "the same events, found again in the new version"
    );
}
