//! Bookmarks, export, clipboard and browser: what the app asks the terminal loop to do.

use super::*;

use lotse::app::{Effect, Scope};
use lotse::bookmarks::Change;
use lotse::export::ExportFormat;

fn bookmarked_ids(app: &App) -> Vec<String> {
    app.bookmarks()
        .iter()
        .map(|&e| app.dataset().id(e).to_owned())
        .collect()
}

/// The changes to the bookmarks file an effect asks for: `+id` added, `-id` removed.
fn changed_ids(effect: Option<&Effect>) -> Vec<String> {
    match effect {
        Some(Effect::ChangeBookmarks(changes)) => changes
            .iter()
            .map(|change| match change {
                Change::Add(b) => format!("+{}", b.id),
                Change::Remove(b) => format!("-{}", b.id),
            })
            .collect(),
        other => panic!("not a change of bookmarks: {other:?}"),
    }
}

#[test]
fn bookmarks_toggle_from_results_and_pages_and_are_saved_as_an_effect() {
    let mut app = app(100, 30);
    press(&mut app, "spreck<C-x>");
    assert_eq!(bookmarked_ids(&app), ["cord-spreckelsen"]);
    assert_eq!(app.message(), Some("bookmarked: Cord Spreckelsen"));
    let effects = app.take_effects();
    assert_eq!(effects.len(), 1);
    assert_eq!(changed_ids(effects.first()), ["+cord-spreckelsen"]);
    // What it was is kept beside the key, to show it should it be gone one day.
    let Effect::ChangeBookmarks(changes) = &effects[0] else {
        unreachable!()
    };
    let Change::Add(added) = &changes[0] else {
        unreachable!()
    };
    assert_eq!(added.name, "Cord Spreckelsen");
    assert_eq!(added.kind.as_deref(), Some("speaker"));
    // On a page, b marks the page's own entity; again removes it.
    press(&mut app, "<C-u>avatar<Enter>b");
    assert_eq!(bookmarked_ids(&app), ["cord-spreckelsen", "avatar"]);
    press(&mut app, "b");
    assert_eq!(bookmarked_ids(&app), ["cord-spreckelsen"]);
    assert_eq!(app.message(), Some("bookmark removed: AVATAR"));
    let effects = app.take_effects();
    assert_eq!(changed_ids(effects.last()), ["-avatar"]);
    // The message lasts until the next key.
    press(&mut app, "j");
    assert_eq!(app.message(), None);
}

#[test]
fn the_bookmarks_list_drills_in_like_any_other_and_filters_by_typing() {
    let mut app = app(100, 30);
    app.set_bookmarks(&[
        "avatar".into(),
        "cord-spreckelsen".into(),
        "gone-from-this-dataset".into(),
    ]);
    // The one this dataset does not have is said, and kept.
    let said = app.message().unwrap_or_default();
    assert!(said.contains("1 bookmark is not in this dataset"), "{said}");
    press(&mut app, "<A-B>");
    assert_eq!(app.scope(), Scope::Bookmarks);
    assert_eq!(app.breadcrumbs(), ["Search", "Bookmarks"]);
    // Newest first.
    let listed: Vec<&str> = app
        .hits()
        .iter()
        .map(|h| app.dataset().id(h.entity))
        .collect();
    assert_eq!(listed, ["cord-spreckelsen", "avatar"]);
    assert_eq!(app.tab_count(Tab::All), 2);
    press(&mut app, "ava");
    let listed: Vec<&str> = app
        .hits()
        .iter()
        .map(|h| app.dataset().id(h.entity))
        .collect();
    assert_eq!(listed, ["avatar"]);
    press(&mut app, "<Enter>");
    assert_eq!(page_id(&app), "avatar");
    press(&mut app, "h");
    assert_eq!(app.breadcrumbs(), ["Search", "Bookmarks \"ava\""]);
    // Removing a bookmark from the list takes it off the list; the change asks for that
    // removal alone, so the unknown id (and whatever another lotse added) stays in the file.
    press(&mut app, "<C-x>");
    assert!(app.hits().is_empty());
    let effects = app.take_effects();
    assert_eq!(effects.len(), 1);
    assert_eq!(changed_ids(effects.first()), ["-avatar"]);
}

#[test]
fn export_asks_for_format_and_path_on_the_status_line() {
    let mut app = app(100, 30);
    press(&mut app, "jena<A-e>");
    assert_eq!(app.mode(), Mode::Prompt);
    let prompt = app.prompt().expect("the prompt is open");
    assert_eq!(prompt.format, ExportFormat::Ics);
    assert_eq!(prompt.path, "jena.ics");
    let jena_hits = app.hits().len();
    assert_eq!(prompt.selection.len(), jena_hits);
    // Tab cycles the format and the extension with it; typing edits the path.
    press(&mut app, "<Tab>");
    assert_eq!(app.prompt().unwrap().path, "jena.csv");
    press(&mut app, "<BS><BS><BS><BS>-talks.csv");
    assert_eq!(app.prompt().unwrap().path, "jena-talks.csv");
    press(&mut app, "<Enter>");
    assert_eq!(app.mode(), Mode::Search);
    match app.take_effects().as_slice() {
        [
            Effect::Export {
                format,
                path,
                selection,
            },
        ] => {
            assert_eq!(*format, ExportFormat::Csv);
            assert_eq!(path, "jena-talks.csv");
            assert_eq!(selection.len(), jena_hits);
        }
        other => panic!("expected one export, got {other:?}"),
    }
    // Esc cancels without writing.
    press(&mut app, "<A-e><Esc>");
    assert!(app.prompt().is_none());
    assert!(app.take_effects().is_empty());
    assert_eq!(app.message(), Some("export cancelled"));
}

#[test]
fn export_on_a_page_takes_the_entity_and_the_events_around_it() {
    let mut app = app(100, 30);
    press(&mut app, "spreck<Enter>e");
    let prompt = app.prompt().expect("open");
    assert_eq!(prompt.path, "cord-spreckelsen.ics");
    let ids: Vec<&str> = prompt
        .selection
        .iter()
        .map(|&e| app.dataset().id(e))
        .collect();
    assert_eq!(ids[0], "cord-spreckelsen");
    assert_eq!(
        ids,
        ["cord-spreckelsen", "ikt-meets-2025-spreckelsen"],
        "he and his talk"
    );
    // A talk's page: the talk, not the conference it is part of.
    press(
        &mut app,
        "<Esc><Esc><Esc><C-u>kind:event quantifisens<Enter>e",
    );
    let prompt = app.prompt().expect("open");
    let ids: Vec<&str> = prompt
        .selection
        .iter()
        .map(|&e| app.dataset().id(e))
        .collect();
    assert_eq!(ids, ["ikt-meets-2025-quantifisens"]);
    // A conference's page: it and its sessions.
    press(
        &mut app,
        "<Esc><Esc><Esc><C-u>kind:event ikt meets auftakt<Enter>e",
    );
    let prompt = app.prompt().expect("open");
    assert_eq!(app.dataset().id(prompt.selection[0]), "ikt-meets-2025-jena");
    assert_eq!(
        prompt.selection.len(),
        9,
        "the conference and its 8 sessions"
    );
}

#[test]
fn copy_and_open_act_on_the_focused_entity_and_open_only_web_urls() {
    let mut app = app(100, 30);
    press(&mut app, "spreck<A-y>");
    assert_eq!(
        app.take_effects(),
        [Effect::Copy("Cord Spreckelsen".to_owned())]
    );
    press(&mut app, "<Enter>o");
    assert!(app.take_effects().is_empty(), "he has no URL");
    assert_eq!(app.message(), Some("Cord Spreckelsen has no URL"));

    let json = r#"{"lotse": 1, "events": [
        {"id": "web", "title": "Web talk", "url": "https://example.org/web"},
        {"id": "local", "title": "Local file", "url": "file:///etc/passwd"}]}"#;
    let dataset = lotse::Dataset::from_str(json).unwrap().dataset;
    let mut app = App::new(dataset);
    app.notify(InternalEvent::Resize {
        width: 100,
        height: 30,
    });
    press(&mut app, "web<Enter>o");
    assert_eq!(
        app.take_effects(),
        [Effect::OpenUrl("https://example.org/web".to_owned())]
    );
    press(&mut app, "Y");
    assert_eq!(
        app.take_effects(),
        [Effect::Copy("https://example.org/web".to_owned())]
    );
    press(&mut app, "/local<Enter>o");
    assert!(app.take_effects().is_empty(), "a file: URL is never opened");
    assert!(
        app.message()
            .unwrap()
            .starts_with("not opened: only http and https")
    );
}

#[test]
fn a_new_search_screen_shows_no_hits_of_the_last_one_while_its_search_runs() {
    let (mut app, dataset, index) = background_app();
    app.set_bookmarks(&["avatar".into()]);
    assert_eq!(app.hits().len(), 81);
    press(&mut app, "<A-B>");
    assert!(app.hits().is_empty(), "not the 81 of the screen below");
    assert_eq!(app.tab_count(Tab::All), 0);
    let request = app.take_search_request().unwrap();
    app.notify(InternalEvent::SearchDone(request.run(&index, &dataset)));
    assert_eq!(app.hits().len(), 1);
    // Back on the first screen, its results come back the same way.
    press(&mut app, "<Esc>");
    assert!(app.hits().is_empty());
    let request = app.take_search_request().unwrap();
    app.notify(InternalEvent::SearchDone(request.run(&index, &dataset)));
    assert_eq!(app.hits().len(), 81);
}

/// Found by tests/properties.rs: with a mistake in the query, Tab changed the tab but kept
/// the other tab's results, and going back restored a selection past the end of the list.
#[test]
fn a_tab_change_during_a_query_mistake_shows_that_tabs_results() {
    let mut app = app(1, 28);
    press(&mut app, "!<PgDn>");
    assert!(app.query_error().is_some());
    press(&mut app, "<Tab>");
    assert_eq!(
        app.hits().len(),
        app.dataset().count(lotse::model::Kind::Event)
    );
    assert!(
        app.hits()
            .iter()
            .all(|h| h.entity.kind() == lotse::model::Kind::Event)
    );
    press(&mut app, "<Enter><Left>");
    match app.route() {
        Route::Search(search) => assert!(search.list.selected < app.hits().len()),
        Route::Entity(_) | Route::Agenda(_) => panic!("back on the search screen"),
    }
}

#[test]
fn a_report_quoting_the_outside_world_shows_its_controls_as_codes() {
    let mut app = app(80, 24);
    app.notify(InternalEvent::Report(
        "export failed: out\u{1b}]0;pwned\u{7}.ics: denied".to_owned(),
    ));
    assert_eq!(
        app.message(),
        Some("export failed: out\\u{1b}]0;pwned\\u{7}.ics: denied")
    );
}

/// Found by the property test: coming back to a list that had become shorter restored a
/// selection past its end.
#[test]
fn back_to_a_shorter_list_keeps_the_selection_inside_it() {
    let mut app = app(100, 30);
    press(&mut app, "jena<C-x><Down><C-x><Down><C-x><C-u><A-B>");
    assert_eq!(app.hits().len(), 3, "three bookmarks listed");
    press(&mut app, "<Down><Down><Enter>");
    let last = app.focused_entity().expect("the third bookmark's page");
    // Unmark it on its page, then back to the bookmarks, which are two now.
    press(&mut app, "bh");
    assert_eq!(app.hits().len(), 2);
    let selected = app.selected_entity().expect("a selection inside the list");
    assert_ne!(selected, last);
    assert!(app.hits().iter().any(|hit| hit.entity == selected));
}
