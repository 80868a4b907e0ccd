//! Pages and screens under stress: ten thousand relations, resize storms, a pasted megabyte,
//! and the loading screen of a large file.

use super::*;

#[test]
fn ten_thousand_relations_page_and_scroll() {
    let mut app = fixture_app("hostile.json", 100, 24);
    press(&mut app, "'ten\\ thousand<Enter>G");
    let screen = text(&render(&app));
    assert!(screen.contains("top Topic 9999"), "{screen}");
    press(&mut app, "g");
    let screen = text(&render(&app));
    assert!(screen.contains(" Topics (10000)"), "{screen}");
    assert!(screen.contains("top Topic 0\n"), "{screen}");
}

#[test]
fn a_resize_storm_on_every_screen_never_panics() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let keymap = lotse::config::Keymap::default();
    let screens = [
        "",
        "ki<Down><Down>",
        "spreck<Enter>",
        "spreck<Enter>?",
        "kind:event<C-t>",
        "jena<A-e>",
        "<C-x><A-B>",
    ];
    // Each screen through its own storm of 300 sizes (1x1, 500x200, then pseudo-random sizes in
    // between), drawn in one terminal that is resized in between.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |bound: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % bound
    };
    let mut terminal = Terminal::new(TestBackend::new(1, 1)).unwrap();
    for keys in screens {
        let mut app = app(80, 24);
        press(&mut app, keys);
        let mode = app.mode();
        for step in 0..300 {
            let (width, height) = match step {
                0 => (1, 1),
                1 => (500, 200),
                _ => (1 + next(500) as u16, 1 + next(200) as u16),
            };
            app.notify(lotse::app::InternalEvent::Resize { width, height });
            terminal.backend_mut().resize(width, height);
            terminal
                .draw(|frame| lotse::ui::draw(frame, &app, &keymap, lotse::ui::Theme::COLOR))
                .unwrap_or_else(|e| panic!("{keys:?} at {width}x{height}: {e}"));
            assert_eq!(app.mode(), mode, "a resize changes no screen");
            assert_drawn_for_its_size(terminal.backend().buffer(), keys);
        }
    }
}

#[test]
fn a_pasted_megabyte_is_refused_at_once_and_typing_stays_quick() {
    // Generous on purpose (a frame takes milliseconds): before the query was capped, the paste
    // took seconds to appear and each key after it seconds more.
    let started = std::time::Instant::now();
    let mut app = app(100, 30);
    app.update(lotse::app::Action::Paste("jena ".repeat(200_000)));
    let mut screen = text(&render(&app));
    for _ in 0..5 {
        press(&mut app, "x");
        screen = text(&render(&app));
    }
    assert!(
        screen.contains("query too long: at most 1000"),
        "the status line says the limit:\n{screen}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_loading_screen_shows_the_file_the_bar_the_stage_and_what_was_typed() {
    use lotse::model::progress::Stage;
    use lotse::ui::loading::{LoadingView, draw};
    let view = LoadingView {
        name: "big.json",
        stage: Stage::Reading,
        bytes_read: 68_000_000,
        total_bytes: 136_000_000,
        entities_parsed: 0,
        entities_expected: 0,
        tenths: 3,
        typed: "spreck",
    };
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 10)).unwrap();
    terminal
        .draw(|frame| draw(frame, &view, lotse::ui::Theme::MONOCHROME))
        .unwrap();
    assert_snapshot!(text(terminal.backend().buffer()));
    let parsing = LoadingView {
        stage: Stage::Parsing,
        entities_parsed: 412_000,
        entities_expected: 1_030_000,
        typed: "",
        ..view
    };
    terminal
        .draw(|frame| draw(frame, &parsing, lotse::ui::Theme::MONOCHROME))
        .unwrap();
    let screen = text(terminal.backend().buffer());
    assert!(
        screen.contains("parsing · 412000 of about 1030000 entities"),
        "{screen}"
    );
    assert!(
        screen.contains(" 24%"),
        "10 % read, then 35 % × 0.4 parsed:\n{screen}"
    );
    assert!(!screen.contains("Typed"), "{screen}");
}
