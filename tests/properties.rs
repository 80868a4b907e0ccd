//! Property test: random sequences of keys, mouse events and resizes through the real keymap,
//! `App::update` and `ui::draw`. Whatever the sequence: no panic, the selection stays inside
//! its list (and on an entity, not a heading), back returns to a screen that existed, and the
//! breadcrumbs match the history.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lotse::app::{Action, App, InternalEvent, RelationRow, Route};
use lotse::config::Keymap;
use lotse::ui::{self, Target, Theme};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One thing a user does.
#[derive(Debug, Clone)]
enum Input {
    Key(KeyEvent),
    Click { column: u16, row: u16, double: bool },
    Wheel { column: u16, row: u16, up: bool },
    Resize { width: u16, height: u16 },
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let plain = prop_oneof![
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        (1u8..=8).prop_map(KeyCode::F),
        // Letters that mean something on pages, and a few that search well.
        prop::sample::select(vec![
            'j', 'k', 'g', 'G', 'h', 'l', 'J', 'K', 'b', 'B', 'e', 'y', 'Y', 'o', '/', '?', 'q',
            'i', 'a', 'e', 'n', ' ', ':', '!', '|', '\'', '^', '$', 'ü',
        ])
        .prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        6 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
    ];
    (plain, modifiers).prop_map(|(code, modifiers)| match (code, modifiers) {
        // Ctrl-C quits and Ctrl-Z suspends: both end a sequence's interest.
        (KeyCode::Char('c' | 'z'), KeyModifiers::CONTROL) => {
            KeyEvent::new(code, KeyModifiers::NONE)
        }
        _ => KeyEvent::new(code, modifiers),
    })
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        12 => key().prop_map(Input::Key),
        2 => (0u16..130, 0u16..50, any::<bool>())
            .prop_map(|(column, row, double)| Input::Click { column, row, double }),
        1 => (0u16..130, 0u16..50, any::<bool>())
            .prop_map(|(column, row, up)| Input::Wheel { column, row, up }),
        1 => (1u16..130, 1u16..50).prop_map(|(width, height)| Input::Resize { width, height }),
    ]
}

/// The action an input asks for, as the terminal loop maps it.
fn action(app: &App, keymap: &Keymap, input: &Input) -> Option<Action> {
    match *input {
        Input::Key(event) => keymap.action(app.mode(), event),
        Input::Click {
            column,
            row,
            double,
        } => match ui::hit_test(app, app.area(), column, row)? {
            Target::Crumb(depth) => Some(Action::JumpBack(depth)),
            Target::ListRow(row) if double => Some(Action::OpenRow(row)),
            Target::ListRow(row) => Some(Action::SelectRow(row)),
            Target::Fields => None,
        },
        Input::Wheel { column, row, up } => {
            match (ui::hit_test(app, app.area(), column, row), up) {
                (Some(Target::Fields), true) => Some(Action::ScrollFieldsUp),
                (Some(Target::Fields), false) => Some(Action::ScrollFieldsDown),
                (_, true) => Some(Action::ScrollUp),
                (_, false) => Some(Action::ScrollDown),
            }
        }
        // A new size is news for the app, not a user's action: the test loop passes it on.
        Input::Resize { .. } => None,
    }
}

/// What identifies a screen, whatever its scroll position.
fn screen_of(route: &Route) -> String {
    match route {
        Route::Search(search) => format!(
            "search {:?} {:?} {:?} {:?}",
            search.scope, search.query, search.tab, search.sort
        ),
        Route::Entity(page) => format!("entity {:?}", page.entity),
        Route::Agenda(agenda) => format!("agenda {:?}", agenda.programme.title),
    }
}

fn check_invariants(app: &App, before: &[String], input: &Input) -> Result<(), TestCaseError> {
    let history: Vec<String> = app.history().iter().map(screen_of).collect();
    prop_assert!(!history.is_empty());
    // Going back (or jumping to a crumb) lands on a screen that existed at that depth.
    if history.len() < before.len() {
        prop_assert_eq!(&history[..], &before[..history.len()], "after {:?}", input);
    }
    // The breadcrumbs are the history.
    let crumbs = app.breadcrumbs();
    prop_assert_eq!(crumbs.len(), history.len());
    for (crumb, route) in crumbs.iter().zip(app.history()) {
        if let Route::Entity(page) = route {
            prop_assert_eq!(crumb.as_str(), app.dataset().name(page.entity));
        }
    }
    // The selection is inside its list, and on an entity page on an entity.
    match app.route() {
        Route::Search(search) => {
            let len = app.hits().len();
            prop_assert!(
                search.list.selected < len.max(1),
                "selected {} of {len}",
                search.list.selected
            );
            prop_assert!(search.list.offset <= search.list.selected || len == 0);
        }
        Route::Entity(page) => {
            let rows = app.relation_rows(page.entity);
            prop_assert!(page.list.selected < rows.len().max(1));
            if rows.iter().any(|r| matches!(r, RelationRow::Item { .. })) {
                prop_assert!(
                    matches!(rows[page.list.selected], RelationRow::Item { .. }),
                    "the selection is on a heading"
                );
            }
        }
        Route::Agenda(agenda) => {
            // Always on one of the day's events: an agenda never opens empty.
            prop_assert!(agenda.day < agenda.programme.days.len());
            prop_assert!(agenda.list.selected < agenda.day().slots.len());
            prop_assert!(app.selected_entity().is_some());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        // A failing case is saved beside this file (properties.proptest-regressions: commit
        // it) and tried first ever after.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::SourceParallel("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_sequence_of_inputs_keeps_the_explorer_whole(
        size in (1u16..130, 1u16..50),
        inputs in prop::collection::vec(input(), 1..25),
    ) {
        let keymap = Keymap::default();
        let mut app = common::app(size.0, size.1);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        for input in &inputs {
            let before: Vec<String> = app.history().iter().map(screen_of).collect();
            if let Input::Resize { width, height } = *input {
                terminal.backend_mut().resize(width, height);
                app.notify(InternalEvent::Resize { width, height });
            } else if let Some(action) = action(&app, &keymap, input) {
                app.update(action);
            } else {
                continue;
            }
            // What the terminal loop would carry out is not this test's business.
            app.take_effects();
            if app.should_quit() {
                break;
            }
            terminal.draw(|frame| ui::draw(frame, &app, &keymap, Theme::COLOR)).unwrap();
            check_invariants(&app, &before, input)?;
        }
    }
}
