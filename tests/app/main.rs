//! The explorer's behaviour through its pure core: keys go through the real keymap into
//! `App::update`, and the tests look at the state that results.

mod effects;
mod reload;

#[path = "../common/mod.rs"]
mod common;

use common::{app, press};
use lotse::app::{Action, App, InternalEvent, Mode, Route, Tab};
use lotse::model::Kind;

fn query(app: &App) -> &str {
    match app.route() {
        Route::Search(search) => &search.query,
        Route::Entity(_) | Route::Agenda(_) => panic!("not on the search screen"),
    }
}

fn selected_id(app: &App) -> String {
    let entity = app.selected_entity().expect("a selection");
    app.dataset().id(entity).to_owned()
}

fn page_id(app: &App) -> String {
    match app.route() {
        Route::Entity(page) => app.dataset().id(page.entity).to_owned(),
        Route::Search(_) | Route::Agenda(_) => panic!("not on an entity page"),
    }
}

#[test]
fn find_eike_dazert_open_avatar_go_back_and_quit() {
    let mut app = app(100, 30);
    press(&mut app, "dazert");
    assert_eq!(selected_id(&app), "eike-dazert");
    press(&mut app, "<Enter>");
    assert_eq!(page_id(&app), "eike-dazert");
    // Her page lists her talk, affiliation, topic, then the project: step down to AVATAR.
    while app
        .selected_entity()
        .map(|e| app.dataset().id(e).to_owned())
        .as_deref()
        != Some("avatar")
    {
        let before = app.selected_entity();
        press(&mut app, "j");
        assert_ne!(before, app.selected_entity(), "AVATAR is not on her page");
    }
    press(&mut app, "<Enter>");
    assert_eq!(page_id(&app), "avatar");
    assert_eq!(
        app.breadcrumbs(),
        ["Search \"dazert\"", "Eike Dazert", "AVATAR"]
    );
    press(&mut app, "h");
    assert_eq!(page_id(&app), "eike-dazert");
    assert_eq!(selected_id(&app), "avatar");
    press(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn esc_clears_the_query_then_quits() {
    let mut app = app(80, 24);
    press(&mut app, "jena<Esc>");
    assert_eq!(query(&app), "");
    assert!(!app.should_quit());
    press(&mut app, "<Esc>");
    assert!(app.should_quit());
}

#[test]
fn line_editing_works_like_readline() {
    let mut app = app(80, 24);
    press(&mut app, "ikt meets jena<C-w>");
    assert_eq!(query(&app), "ikt meets ");
    press(&mut app, "<Home><Del><Right>x<End>y");
    assert_eq!(query(&app), "kxt meets y");
    press(&mut app, "<Left><BS>");
    assert_eq!(query(&app), "kxt meetsy");
    press(&mut app, "<C-u>");
    assert_eq!(query(&app), "");
}

#[test]
fn a_moved_selection_stays_on_its_entity_while_typing() {
    let mut app = app(80, 24);
    press(&mut app, "je<Down>");
    let chosen = selected_id(&app);
    press(&mut app, "na");
    assert_eq!(selected_id(&app), chosen);
}

#[test]
fn an_unmoved_selection_stays_on_the_best_match() {
    let mut app = app(80, 24);
    press(&mut app, "s");
    press(&mut app, "preck");
    assert_eq!(selected_id(&app), "cord-spreckelsen");
}

#[test]
fn tabs_cycle_and_can_be_picked_directly() {
    let mut app = app(80, 24);
    press(&mut app, "jena<Tab>");
    assert!(!app.hits().is_empty());
    assert!(
        app.hits()
            .iter()
            .all(|h| h.entity.kind() == lotse::Kind::Event)
    );
    press(&mut app, "<S-Tab><S-Tab>");
    assert!(!app.hits().is_empty());
    assert!(
        app.hits()
            .iter()
            .all(|h| h.entity.kind() == lotse::Kind::Source)
    );
    press(&mut app, "<A-3>");
    assert!(!app.hits().is_empty());
    assert!(
        app.hits()
            .iter()
            .all(|h| h.entity.kind() == lotse::Kind::Speaker)
    );
    assert_eq!(app.hits().len(), app.tab_count(Tab::Only(Kind::Speaker)));
    press(&mut app, "<F1>");
    assert_eq!(app.hits().len(), app.tab_count(Tab::All));
    assert_eq!(
        app.tab_count(Tab::All),
        Tab::ALL[1..]
            .iter()
            .map(|&tab| app.tab_count(tab))
            .sum::<usize>()
    );
}

#[test]
fn paging_and_first_last_stay_inside_the_list() {
    let mut app = app(80, 12);
    press(&mut app, "<PgDn><PgDn><PgDn>");
    let Route::Search(search) = app.route() else {
        panic!()
    };
    assert!(search.list.selected > 0 && search.list.selected < app.hits().len());
    assert!(search.list.offset <= search.list.selected);
    for _ in 0..50 {
        press(&mut app, "<PgDn>");
    }
    let Route::Search(search) = app.route() else {
        panic!()
    };
    assert_eq!(search.list.selected, app.hits().len() - 1);
    press(&mut app, "<Enter>G");
    let Route::Entity(page) = app.route() else {
        panic!()
    };
    let rows = app.relation_rows(page.entity);
    assert_eq!(page.list.selected, rows.len() - 1);
    press(&mut app, "g");
    let Route::Entity(page) = app.route() else {
        panic!()
    };
    assert_eq!(page.list.selected, 1, "the first entity, under its heading");
}

#[test]
fn back_restores_query_tab_selection_and_scroll() {
    let mut app = app(80, 12);
    press(&mut app, "e<Tab><Tab><Tab>");
    for _ in 0..12 {
        press(&mut app, "<Down>");
    }
    let before = app.route().clone();
    let Route::Search(search) = &before else {
        panic!()
    };
    assert!(search.list.offset > 0, "the list should have scrolled");
    press(&mut app, "<Enter>j<Enter>/privacy<Enter>");
    assert_eq!(app.history().len(), 5);
    // Back to the new search, clear its query, back to both pages, back to the first search.
    press(&mut app, "<Esc><Esc><Esc><Esc><Esc>");
    assert_eq!(app.route(), &before);
}

#[test]
fn a_new_search_from_an_entity_page_comes_back_to_it() {
    let mut app = app(80, 24);
    press(&mut app, "dazert<Enter>j/");
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(query(&app), "");
    press(&mut app, "<Esc>");
    assert_eq!(page_id(&app), "eike-dazert");
}

#[test]
fn help_opens_and_any_key_closes_it_without_acting() {
    let mut app = app(80, 24);
    press(&mut app, "dazert<Enter>?");
    assert_eq!(app.mode(), Mode::Help);
    // `h` goes back on the page; here it only closes the help.
    press(&mut app, "h");
    assert_eq!(app.mode(), Mode::Entity);
    assert_eq!(app.history().len(), 2);
    // Where the help fits the screen, even its scrolling keys close it.
    let mut app = common::app(120, 60);
    press(&mut app, "dazert<Enter>?j");
    assert_eq!(app.mode(), Mode::Entity);
    assert_eq!(app.history().len(), 2);
}

#[test]
fn mouse_selects_opens_scrolls_and_jumps_back() {
    let mut app = app(80, 24);
    app.update(Action::SelectRow(3));
    let third = app.hits()[3].entity;
    assert_eq!(app.selected_entity(), Some(third));
    app.update(Action::OpenRow(3));
    assert_eq!(app.history().len(), 2);
    app.update(Action::ScrollDown);
    app.update(Action::JumpBack(0));
    assert_eq!(app.history().len(), 1);
    assert_eq!(app.selected_entity(), Some(third));
    app.update(Action::ScrollDown);
    let Route::Search(search) = app.route() else {
        panic!()
    };
    assert_eq!(search.list.offset, 3);
    assert!(search.list.selected >= 3);
}

#[test]
fn a_click_on_a_heading_selects_nothing() {
    let mut app = app(80, 24);
    press(&mut app, "dazert<Enter>");
    let before = app.selected_entity();
    app.update(Action::SelectRow(0));
    assert_eq!(app.selected_entity(), before);
}

#[test]
fn shrinking_the_terminal_keeps_the_selection_in_view() {
    let mut app = app(80, 40);
    for _ in 0..30 {
        press(&mut app, "<Down>");
    }
    app.notify(InternalEvent::Resize {
        width: 80,
        height: 10,
    });
    let Route::Search(search) = app.route() else {
        panic!()
    };
    let visible = lotse::layout::search(app.area(), app.preview_window())
        .list
        .height as usize;
    assert!(search.list.selected >= search.list.offset);
    assert!(search.list.selected < search.list.offset + visible);
}

#[test]
fn pasted_text_is_cleaned_before_it_reaches_the_query() {
    let mut app = app(80, 24);
    app.update(Action::Paste("jena\u{1b}[2J\n".to_owned()));
    assert_eq!(query(&app), "jena ");
}

#[test]
fn ctrl_o_cycles_the_order_and_back_restores_it() {
    let mut app = app(80, 24);
    press(&mut app, "kind:event<C-o><C-o>");
    let Route::Search(search) = app.route() else {
        panic!()
    };
    assert_eq!(search.sort, lotse::search::SortOrder::Date);
    assert_eq!(selected_id(&app), "ki-biennale-essen-2024");
    press(&mut app, "<Enter><Esc>");
    let Route::Search(search) = app.route() else {
        panic!()
    };
    assert_eq!(search.sort, lotse::search::SortOrder::Date);
    press(&mut app, "<C-o>");
    let Route::Search(search) = app.route() else {
        panic!()
    };
    assert_eq!(search.sort, lotse::search::SortOrder::Relevance);
}

#[test]
fn facets_add_a_filter_to_the_query() {
    let mut app = app(80, 24);
    press(&mut app, "kind:event<C-t>");
    assert_eq!(app.mode(), Mode::Facets);
    // Down from "event" (the only kind) to the first topic, then Enter.
    press(&mut app, "j<Enter>");
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(query(&app), "kind:event topic:\"Künstliche Intelligenz\"");
    // The four events on AI (the KI-Biennale is one event since the seed fix).
    assert_eq!(app.tab_count(Tab::All), 4);
    press(&mut app, "<C-t><Esc>");
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(app.history().len(), 1);
}

#[test]
fn a_mistake_in_the_query_shows_and_keeps_the_last_results() {
    let mut app = app(80, 24);
    press(&mut app, "jena");
    let before = app.hits().to_vec();
    // Pasted, so that no half-typed word comes in between.
    app.update(Action::Paste(" year:".to_owned()));
    assert_eq!(app.query_error(), Some("`year:` needs a value"));
    assert_eq!(app.hits(), before.as_slice());
    app.update(Action::Paste("2025x".to_owned()));
    assert!(
        app.query_error()
            .unwrap()
            .starts_with("year: `2025x` is not a year")
    );
    assert_eq!(app.hits(), before.as_slice());
    press(&mut app, "<BS>");
    assert_eq!(app.query_error(), None);
    assert_eq!(app.hits().len(), 13, "jena entities with a 2025 date");
}

#[test]
fn background_searches_hand_out_requests_and_drop_stale_results() {
    let mut app = App::with_background_search(common::dataset());
    app.notify(InternalEvent::Resize {
        width: 80,
        height: 24,
    });
    // The first search, of the empty query, was asked for at start.
    let first = app
        .take_search_request()
        .expect("the start screen asks for results");
    assert!(app.is_searching());
    press(&mut app, "sp");
    let stale = app.take_search_request().expect("typing asks again");
    press(&mut app, "reck");
    let newest = app.take_search_request().expect("and again");
    assert_eq!(
        app.take_search_request(),
        None,
        "each request is handed out once"
    );
    let (dataset, index) = app.search_handles();
    // Results of older requests arrive late and are dropped.
    app.notify(InternalEvent::SearchDone(first.run(&index, &dataset)));
    app.notify(InternalEvent::SearchDone(stale.run(&index, &dataset)));
    assert!(app.is_searching());
    assert!(app.hits().is_empty());
    app.notify(InternalEvent::Tick);
    assert_eq!(app.spinner(), Some(1));
    app.notify(InternalEvent::SearchDone(newest.run(&index, &dataset)));
    assert!(!app.is_searching());
    assert_eq!(app.spinner(), None);
    assert_eq!(selected_id(&app), "cord-spreckelsen");
}

/// An app that searches in the background, its first search (the start screen) done, with
/// what it takes to run its next requests by hand.
fn background_app() -> (
    App,
    std::sync::Arc<lotse::model::Dataset>,
    std::sync::Arc<lotse::search::SearchIndex>,
) {
    let mut app = App::with_background_search(common::dataset());
    app.notify(InternalEvent::Resize {
        width: 80,
        height: 24,
    });
    let (dataset, index) = app.search_handles();
    let first = app.take_search_request().unwrap();
    app.notify(InternalEvent::SearchDone(first.run(&index, &dataset)));
    (app, dataset, index)
}

#[test]
fn enter_before_the_results_arrive_opens_the_top_result_when_they_do() {
    let (mut app, dataset, index) = background_app();
    press(&mut app, "spreck<Enter>");
    assert_eq!(app.history().len(), 1, "nothing opens on stale results");
    let request = app.take_search_request().unwrap();
    app.notify(InternalEvent::SearchDone(request.run(&index, &dataset)));
    assert_eq!(page_id(&app), "cord-spreckelsen");
}

#[test]
fn the_query_of_issue_5_does_what_it_says_in_the_explorer() {
    let mut app = app(100, 30);
    press(&mut app, "topic:datenschutz year:2025 !workshop");
    let ids: Vec<&str> = app
        .hits()
        .iter()
        .map(|h| app.dataset().id(h.entity))
        .collect();
    assert_eq!(
        ids,
        [
            "ikt-meets-2025-spreckelsen",
            "cord-spreckelsen",
            "datenschutz",
            "src-jena-ikt-meets-2025"
        ]
    );
    assert_eq!(app.query_error(), None);
}

#[test]
fn shift_j_and_k_scroll_a_long_entity_page_and_back_keeps_the_place() {
    let mut app = app(80, 24);
    press(&mut app, "transformation<Enter>");
    let offset = |app: &App| match app.route() {
        Route::Entity(page) => page.fields_offset,
        Route::Search(_) | Route::Agenda(_) => panic!("not on an entity page"),
    };
    press(&mut app, "K");
    assert_eq!(offset(&app), 0, "nothing above the top");
    for _ in 0..50 {
        press(&mut app, "J");
    }
    let bottom = offset(&app);
    assert!(bottom > 0, "the summary does not fit at 80x24");
    press(&mut app, "J");
    assert_eq!(offset(&app), bottom, "nothing below the last line");
    press(&mut app, "j<Enter><Esc>");
    assert_eq!(
        offset(&app),
        bottom,
        "back restores the scroll of the fields"
    );
    press(&mut app, "KK");
    assert_eq!(offset(&app), bottom - 2);
}

#[test]
fn facets_are_counted_off_the_ui_thread_too() {
    let (mut app, dataset, index) = background_app();
    press(&mut app, "<C-t>");
    assert_eq!(app.mode(), Mode::Facets);
    assert!(app.facets().unwrap().counting);
    assert!(app.is_searching());
    let request = app.take_search_request().unwrap();
    assert_eq!(request.purpose(), lotse::app::Purpose::Facets);
    app.notify(InternalEvent::SearchDone(request.run(&index, &dataset)));
    let view = app.facets().unwrap();
    assert!(!view.counting);
    assert!(!view.lines.is_empty());
    assert!(!app.is_searching());
    // The most frequent kind comes first: the dataset holds more topics than anything else.
    press(&mut app, "<Enter>");
    assert_eq!(query(&app), "kind:topic");
}

#[test]
fn a_chooser_picks_the_selected_or_the_marked_rows_and_esc_picks_nothing() {
    let picked = |keys: &str| {
        let mut app = app(80, 24);
        app.start_picking();
        press(&mut app, keys);
        assert!(app.should_quit(), "{keys}: the chooser ends");
        app.picked().map(|picked| {
            picked
                .iter()
                .map(|&e| app.dataset().id(e).to_owned())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        picked("spreck<Enter>"),
        Some(vec!["cord-spreckelsen".to_owned()])
    );
    assert_eq!(
        picked("jena<Tab><Tab><Enter>"),
        Some(vec!["uk-jena".to_owned(), "eah-jena".to_owned()])
    );
    // Marking twice unmarks; Shift-Tab marks and moves up.
    assert_eq!(
        picked("jena<Tab><S-Tab><Tab><Enter>"),
        Some(vec!["eah-jena".to_owned()])
    );
    assert_eq!(
        picked("spreck<Esc>"),
        None,
        "Esc cancels, even with a query"
    );
    assert_eq!(picked("<C-c>"), None);
    // Outside a chooser, Enter opens the row as ever.
    let mut app = app(80, 24);
    press(&mut app, "spreck<Enter>");
    assert!(!app.should_quit());
    assert_eq!(app.picked(), None);
}

#[test]
fn on_a_page_tab_and_brackets_jump_between_relation_sections() {
    let mut app = app(100, 40);
    // The topic KI: Events (4), Speakers (2), Narrower topics (1), Projects (2), Sources (3).
    press(&mut app, "ki<Enter>");
    assert_eq!(page_id(&app), "ki");
    assert_eq!(
        selected_id(&app),
        "ki-biennale-essen-2024",
        "events first, in time order"
    );
    press(&mut app, "<Tab>");
    assert_eq!(selected_id(&app), "cord-spreckelsen", "the first speaker");
    press(&mut app, "]]");
    assert_eq!(
        selected_id(&app),
        "eah-medizintechnik-studiengaenge",
        "the first project"
    );
    press(&mut app, "]]]");
    assert_eq!(
        selected_id(&app),
        "src-jena-ikt-meets-2025",
        "the last section stays"
    );
    press(&mut app, "j[");
    assert_eq!(
        selected_id(&app),
        "src-jena-ikt-meets-2025",
        "back to this section's start"
    );
    press(&mut app, "[<S-Tab>");
    assert_eq!(selected_id(&app), "entscheidungsunterstuetzung");
}

#[test]
fn topic_and_organization_pages_list_their_events_first_in_time_order() {
    let dataset = common::dataset();
    for id in ["ki", "datenschutz", "stiftung-zollverein", "medways"] {
        let entity = dataset.resolve(id).unwrap();
        let relations = dataset.relations_in_reading_order(entity);
        let (_, first) = relations.first().expect("relations");
        assert!(
            first.iter().all(|e| e.kind() == Kind::Event),
            "{id}: events first"
        );
        let starts: Vec<&str> = first
            .iter()
            .filter_map(|&e| dataset.text(e, lotse::model::schema::event::START))
            .collect();
        assert!(starts.is_sorted(), "{id}: {starts:?}");
    }
    // Elsewhere the sections keep their order; the events in them are in time order too.
    let dazert = dataset.resolve("eike-dazert").unwrap();
    let roles: Vec<_> = dataset
        .relations_in_reading_order(dazert)
        .into_iter()
        .map(|(role, _)| role)
        .collect();
    let file_order: Vec<_> = dataset
        .relations(dazert)
        .map(|relation| relation.role)
        .collect();
    assert_eq!(roles, file_order);
}
