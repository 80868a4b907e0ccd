//! The explorer as a user sees it: key sequences rendered into a test terminal and compared
//! with reviewed snapshots (`tests/snapshots/`).

mod agenda;
mod stress;
mod views;

#[path = "../common/mod.rs"]
mod common;

use ratatui::buffer::Buffer;

use common::{app, press, render, reversed_rows, screen, text};
use insta::assert_snapshot;

#[test]
fn start_screen() {
    assert_snapshot!(screen("", 100, 30));
}

#[test]
fn query_spreck() {
    assert_snapshot!(screen("spreck", 100, 30));
}

#[test]
fn drill_into_the_speaker() {
    assert_snapshot!(screen("spreck<Enter>", 100, 30));
}

#[test]
fn and_on_to_a_topic() {
    // The speaker's rows: talk, affiliation, then the topics; the fourth is Kliniklogistik.
    let screen = screen("spreck<Enter>jjj<Enter>", 100, 30);
    assert!(
        screen.starts_with("Search \"spreck\" › Cord Spreckelsen › Kliniklogistik"),
        "{screen}"
    );
    assert_snapshot!(screen);
}

#[test]
fn back_twice_restores_query_and_selection() {
    let mut app = app(100, 30);
    press(&mut app, "jena<Down>");
    let before = render(&app);
    press(&mut app, "<Enter>j<Enter><Esc><Esc>");
    let after = render(&app);
    assert_eq!(text(&before), text(&after));
    assert_eq!(reversed_rows(&after), reversed_rows(&before));
    assert_snapshot!(text(&after));
}

#[test]
fn help_overlay() {
    assert_snapshot!(screen("spreck<Enter>?", 100, 30));
}

#[test]
fn help_on_the_search_screen_lists_the_editing_keys() {
    let screen = screen("?", 100, 40);
    for expected in ["Ctrl-w", "Ctrl-u", "Alt-1…7", "Tab", "Shift-Tab", "letters"] {
        assert!(
            screen.contains(expected),
            "{expected} missing from help:\n{screen}"
        );
    }
}

#[test]
fn terminal_80x24() {
    assert_snapshot!(screen("ki", 80, 24));
}

#[test]
fn terminal_80x24_entity_page() {
    assert_snapshot!(screen("transformation<Enter>", 80, 24));
}

#[test]
fn terminal_50x15() {
    assert_snapshot!(screen("jena", 50, 15));
}

#[test]
fn terminal_12x4() {
    assert_snapshot!(screen("jena", 12, 4));
}

#[test]
fn no_results() {
    assert_snapshot!(screen("zzqx", 80, 24));
}

#[test]
fn the_selection_is_visible_in_monochrome() {
    let mut app = app(80, 24);
    press(&mut app, "jena<Down>");
    let buffer = render(&app);
    // Row 3 is the first result; the second is selected.
    assert_eq!(reversed_rows(&buffer), [2, 4]);
}

#[test]
fn tabs_filter_the_results_and_show_counts() {
    let screen = screen("jena<Tab><Tab>", 100, 30);
    let tabs = screen.lines().nth(2).unwrap();
    assert!(tabs.contains("Speakers 2"), "{tabs}");
    let results: Vec<&str> = screen.lines().skip(3).take(3).collect();
    assert!(results[0].starts_with(" spk Iwan Schie"), "{results:?}");
    assert!(
        results[1].starts_with(" spk Cord Spreckelsen"),
        "{results:?}"
    );
    assert!(!results[2].contains("spk"), "{results:?}");
}

/// An app over a fixture file.
fn fixture_app(file: &str, width: u16, height: u16) -> lotse::app::App {
    let dataset = lotse::model::Dataset::from_path(format!("tests/fixtures/{file}"))
        .expect("fixture loads")
        .dataset;
    let mut app = lotse::app::App::new(dataset);
    app.notify(lotse::app::InternalEvent::Resize { width, height });
    app
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let mut app = fixture_app("unicode.json", 60, 12);
    let start = text(&render(&app));
    press(&mut app, "<Enter>");
    let page = text(&render(&app));
    for screen in [&start, &page] {
        for line in screen.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(
                width <= 60,
                "line wider than the terminal ({width}): {line}"
            );
        }
    }
    assert_snapshot!(format!("{start}\n\n{page}"));
}

#[test]
fn matched_characters_are_highlighted() {
    let mut app = app(80, 24);
    press(&mut app, "spreck");
    let buffer = render(&app);
    // Row 3 holds the hit " spk Cord Spreckelsen"; "Spreck" starts at column 10.
    let styled: Vec<bool> = (5..21)
        .map(|x| {
            buffer[(x, 3)]
                .modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        })
        .collect();
    let expected: Vec<bool> = " Cord Spreckelsen"
        .chars()
        .skip(1)
        .enumerate()
        .map(|(i, _)| (5..11).contains(&i))
        .collect();
    assert_eq!(styled, expected);
}

#[test]
fn the_monochrome_theme_uses_no_colour_and_the_colour_theme_does() {
    let app = app(80, 24);
    let buffer = render(&app);
    let colored = buffer.content().iter().any(|cell| {
        cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset
    });
    assert!(!colored, "NO_COLOR must give a monochrome screen");

    let keymap = lotse::config::Keymap::default();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| lotse::ui::draw(frame, &app, &keymap, lotse::ui::Theme::COLOR))
        .unwrap();
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .any(|cell| cell.bg != ratatui::style::Color::Reset)
    );
}

/// What every frame of any size shows. Below the smallest usable size, as much of the "too
/// small" message as fits (nothing else; below 4 columns only ellipses); from it on, the screen itself: a breadcrumb or query on
/// the first row and the status line on the last.
fn assert_drawn_for_its_size(buffer: &Buffer, what: &str) {
    let (width, height) = (buffer.area.width, buffer.area.height);
    let screen = text(buffer);
    let lines: Vec<&str> = screen.split('\n').collect();
    assert_eq!(lines.len(), usize::from(height), "{what}");
    let message = format!("Too small: need 30x6 (now {width}x{height})");
    if width < 30 || height < 6 {
        // Word by word, each word whole or cut short with an ellipsis where it does not fit.
        let shown: Vec<&str> = screen.split_whitespace().collect();
        let fits = shown.len() <= message.split_whitespace().count()
            && shown
                .iter()
                .zip(message.split_whitespace())
                .all(|(shown, word)| word.starts_with(shown.trim_end_matches('…')));
        assert!(
            fits && (!shown.is_empty() || width < 4),
            "{what} at {width}x{height}:\n{screen}"
        );
    } else {
        assert!(!screen.contains("Too small"), "{what}:\n{screen}");
        assert!(
            !lines[0].trim().is_empty() && !lines[lines.len() - 1].trim().is_empty(),
            "{what} at {width}x{height}: first and last rows drawn:\n{screen}"
        );
    }
}

#[test]
fn every_size_from_tiny_to_huge_renders() {
    for (width, height) in [
        (1, 1),
        (29, 6),
        (30, 5),
        (30, 6),
        (45, 9),
        (79, 30),
        (300, 100),
    ] {
        let mut app = app(width, height);
        press(&mut app, "ki<Down><Down><Enter>j");
        let buffer = render(&app);
        assert_drawn_for_its_size(&buffer, "a topic page");
        if width >= 30 && height >= 6 {
            let screen = text(&buffer);
            assert!(screen.contains("› KI-gestützte"), "{screen}");
            assert!(screen.contains("evt KI als Schlüssel"), "{screen}");
            assert!(
                screen.lines().last().unwrap().contains("? help"),
                "{screen}"
            );
        }
    }
}

#[test]
fn facets_overlay() {
    assert_snapshot!(screen("kind:event<C-t>", 80, 30));
}

#[test]
fn a_query_mistake_is_on_the_status_line() {
    let screen = screen("colour:red", 100, 20);
    // The message wraps whole at the bottom: its first line, then the rest of it.
    let bottom: Vec<&str> = screen.lines().rev().take(2).collect();
    assert!(
        bottom[1].starts_with(" ⚠ unknown field `colour:`"),
        "{screen}"
    );
    assert!(bottom[0].trim_end().ends_with("time"), "{screen}");
}

#[test]
fn the_order_is_shown_beside_the_count() {
    let screen = screen("kind:event<C-o><C-o>", 100, 20);
    assert!(
        screen.lines().nth(1).unwrap().ends_with("10/81 · by date"),
        "{screen}"
    );
}

#[test]
fn help_on_the_search_screen_explains_the_query_language() {
    let screen = screen("?", 120, 40);
    for expected in [
        "Query",
        "'word",
        "a | b",
        "year:2024..2025",
        "Ctrl-t",
        "facets",
    ] {
        assert!(
            screen.contains(expected),
            "{expected} missing from help:\n{screen}"
        );
    }
}

#[test]
fn the_fields_pane_scrolls_to_the_end_of_a_long_summary() {
    let before = screen("transformation<Enter>", 80, 24);
    assert!(
        !before.contains("Vortragenden."),
        "the summary's end is cut at 80x24"
    );
    let after = screen("transformation<Enter>JJJJJJJJJJJJJJJJJJJJ", 80, 24);
    assert!(after.contains("Vortragenden."), "{after}");
    assert!(
        !after.lines().nth(1).unwrap().contains("KI als Schlüssel"),
        "{after}"
    );
}

#[test]
fn bookmarks_list_with_marks() {
    let mut app = app(100, 20);
    app.set_bookmarks(&["avatar".into(), "cord-spreckelsen".into()]);
    press(&mut app, "<A-B>");
    assert_snapshot!(text(&render(&app)));
}

#[test]
fn bookmarked_results_and_relations_carry_a_mark() {
    let mut app = app(100, 30);
    app.set_bookmarks(&["ikt-meets-2025-spreckelsen".into()]);
    press(&mut app, "spreck");
    let screen = text(&render(&app));
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not on screen:\n{screen}"))
            .to_owned()
    };
    assert!(row("spk Cord Spreckelsen").starts_with(" spk"), "{screen}");
    press(&mut app, "<Enter>");
    let page = text(&render(&app));
    let talk = page
        .lines()
        .find(|l| l.contains("evt [Künstliche Intelligenz jenseits"))
        .expect("his talk is listed");
    assert!(
        talk.contains("┃  evt"),
        "the bookmarked talk is marked:\n{page}"
    );
    press(&mut app, "<Enter>");
    let talk_page = text(&render(&app));
    assert!(
        talk_page.contains("┃event · ikt-meets-2025-spreckelsen · book"),
        "{talk_page}"
    );
}

#[test]
fn export_prompt_on_the_status_line() {
    assert_snapshot!(screen("jena<A-e><Tab>", 100, 20));
}

#[test]
fn a_remapped_key_works_and_shows_in_help() {
    let config = lotse::config::Config::from_texts(Some((
        "[keys.entity]\n\"x\" = \"toggle_bookmark\"\n",
        "config.toml",
    )))
    .unwrap();
    let mut app = app(110, 40);
    let press_with = |app: &mut lotse::app::App, keys: &str| {
        for event in common::keys(keys) {
            if let Some(action) = config.keymap.action(app.mode(), event) {
                app.update(action);
            }
        }
    };
    press_with(&mut app, "spreck<Enter>x");
    assert_eq!(app.message(), Some("bookmarked: Cord Spreckelsen"));
    press_with(&mut app, "?");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(110, 40)).unwrap();
    terminal
        .draw(|frame| lotse::ui::draw(frame, &app, &config.keymap, lotse::ui::Theme::MONOCHROME))
        .unwrap();
    let screen = text(terminal.backend().buffer());
    let line = screen
        .lines()
        .find(|l| l.contains("toggle_bookmark"))
        .unwrap_or_else(|| panic!("no toggle_bookmark line:\n{screen}"));
    assert!(line.contains("x b"), "{line}");
}

/// The columns where a screen has its pane border `│`, row by row (by cell, not by character).
fn border_columns(buffer: &ratatui::buffer::Buffer) -> Vec<Vec<u16>> {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .filter(|&x| buffer[(x, y)].symbol() == "│")
                .collect()
        })
        .collect()
}

/// A writer whose bytes can be read after the backend that owns it has written them.
#[derive(Clone, Default)]
struct Recorder(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Recorder {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes a real terminal would receive for one frame of the app: what crossterm writes.
fn terminal_bytes(app: &lotse::app::App, theme: lotse::ui::Theme) -> Vec<u8> {
    use ratatui::backend::CrosstermBackend;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let recorder = Recorder::default();
    let backend = CrosstermBackend::new(recorder.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(app.area()),
    };
    let mut terminal = Terminal::with_options(backend, options).expect("terminal");
    let keymap = lotse::config::Keymap::default();
    terminal
        .draw(|frame| lotse::ui::draw(frame, app, &keymap, theme))
        .expect("draw");
    drop(terminal);
    recorder.0.take()
}

/// Bytes written to a terminal hold no control but the CSI sequences the backend itself writes
/// (cursor moves and styles): no other escape, no C0 or C1 control, no bidi control.
fn assert_only_csi_sequences(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("UTF-8 to the terminal");
    let mut rest = text;
    let mut sequences = 0;
    while let Some(at) = rest.find('\u{1b}') {
        let (before, from_escape) = rest.split_at(at);
        assert_plain(before);
        let body = from_escape.strip_prefix("\u{1b}[").unwrap_or_else(|| {
            let shown: String = from_escape.chars().take(20).collect();
            panic!("an escape that is no CSI: {shown:?}")
        });
        let end = body
            .find(|c: char| ('\u{40}'..='\u{7e}').contains(&c))
            .expect("a CSI sequence ends");
        assert!(
            body[..end]
                .chars()
                .all(|c| c.is_ascii_digit() || ";:?".contains(c)),
            "a CSI sequence with odd parameters: {:?}",
            &body[..=end]
        );
        sequences += 1;
        rest = &body[end + 1..];
    }
    assert_plain(rest);
    assert!(sequences > 0, "the frame moved the cursor and set styles");
}

fn assert_plain(text: &str) {
    let bad = text.chars().find(|&c| {
        c.is_control()
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
    });
    assert_eq!(
        bad, None,
        "a control character reached the terminal in {text:?}"
    );
}

#[test]
fn hostile_text_renders_clean_and_aligned() {
    let mut app = fixture_app("hostile.json", 100, 24);
    press(&mut app, "kind:event");
    assert_only_csi_sequences(&terminal_bytes(&app, lotse::ui::Theme::COLOR));
    let results = render(&app);
    assert_snapshot!("hostile_results", text(&results));
    // The list and the preview meet at the same column on every row.
    let columns: Vec<Vec<u16>> = border_columns(&results)
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    assert!(
        columns.len() > 15 && columns.iter().all(|c| c == &columns[0]),
        "{columns:?}"
    );
    // Each hostile entity's page, too.
    for row in 0..9 {
        let mut app = fixture_app("hostile.json", 100, 24);
        press(&mut app, "kind:event");
        for _ in 0..row {
            press(&mut app, "<Down>");
        }
        press(&mut app, "<Enter>");
        for theme in [lotse::ui::Theme::MONOCHROME, lotse::ui::Theme::COLOR] {
            assert_only_csi_sequences(&terminal_bytes(&app, theme));
        }
        let page = render(&app);
        let screen = text(&page);
        for line in screen.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{line}");
        }
        let columns: Vec<Vec<u16>> = border_columns(&page)
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect();
        assert!(
            columns.len() > 10 && columns.iter().all(|c| c == &columns[0]),
            "row {row}:\n{screen}"
        );
        if row == 5 {
            assert_snapshot!("hostile_wide_page", screen);
        }
    }
}

#[test]
fn the_help_of_lotse_pick_says_what_its_keys_do_there() {
    let mut app = common::app(120, 48);
    app.start_picking();
    common::press(&mut app, "?");
    let help = common::text(&common::render(&app));
    for expected in [
        "Pick (lotse pick)",
        "Enter             pick the selected row, or the marked rows",
        "Tab               mark the row and move down (to pick several)",
        "Esc               pick nothing (exit 1)",
    ] {
        assert!(help.contains(expected), "{expected:?} missing:\n{help}");
    }
    assert!(!help.contains("next kind tab"), "{help}");
}
