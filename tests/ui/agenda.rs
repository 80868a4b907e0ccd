//! The agenda over the project's frab fixture, with "now" fixed at 12:15 on its first day:
//! what it draws as a list and, on a wide terminal, as a grid; how its keys move through days,
//! to now, into a talk and back; what it is opened on.

use insta::assert_snapshot;
use lotse::app::{App, InternalEvent, Mode, Route};

use ratatui::style::Modifier;

use super::common::{press, render, text};

fn congress(width: u16, height: u16) -> App {
    let path = super::common::fixture("frab-congress.json");
    let dataset = lotse::import::load(Some(&path)).unwrap().dataset;
    let mut app = App::new(dataset);
    app.notify(InternalEvent::Resize { width, height });
    app.notify(InternalEvent::Now(
        "2019-12-27T12:15:00+01:00".parse().unwrap(),
    ));
    app
}

fn selected_title(app: &App) -> String {
    let entity = app.selected_entity().expect("a selected event");
    app.dataset().name(entity).to_owned()
}

#[test]
fn the_agenda_lists_a_day_by_start_time_with_now_marked() {
    let mut app = congress(100, 20);
    press(&mut app, "<A-a>");
    assert_eq!(app.mode(), Mode::Agenda);
    // It opens at now: on the first day, at the first talk that has not ended.
    assert_eq!(selected_title(&app), "Breaking Badge Firmware");
    let buffer = render(&app);
    assert_snapshot!(text(&buffer));
    // The selected row is lit from its first column, and only it among the events.
    let screen = text(&buffer);
    let lit: Vec<&str> = screen
        .lines()
        .enumerate()
        .filter(|(y, line)| {
            let y = u16::try_from(*y).unwrap();
            line.starts_with("   ") && buffer[(1, y)].modifier.contains(Modifier::REVERSED)
        })
        .map(|(_, line)| line)
        .collect();
    assert_eq!(lit.len(), 1, "{lit:?}");
    assert!(lit[0].contains("Breaking Badge"), "{lit:?}");
}

#[test]
fn days_now_enter_and_back() {
    let mut app = congress(100, 20);
    press(&mut app, "<A-a>");
    press(&mut app, "<Tab>");
    assert_eq!(
        selected_title(&app),
        "Der Jahresrückblick",
        "the next day, from its start"
    );
    press(&mut app, "jj");
    assert_eq!(selected_title(&app), "Side Channels in the Clinic");
    press(&mut app, "<Enter>");
    assert_eq!(app.mode(), Mode::Entity);
    assert_eq!(
        app.breadcrumbs(),
        ["Search", "Agenda", "Side Channels in the Clinic"]
    );
    press(&mut app, "<Esc>");
    // Back where it was left: the second day, the same talk.
    assert_eq!(app.mode(), Mode::Agenda);
    assert_eq!(selected_title(&app), "Side Channels in the Clinic");
    press(&mut app, "n");
    assert_eq!(
        selected_title(&app),
        "Breaking Badge Firmware",
        "now is on day 1"
    );
    press(&mut app, "GG");
    assert_eq!(
        selected_title(&app),
        "Late Night Lockpicking",
        "after midnight, still day 1"
    );
    press(&mut app, "<S-Tab>");
    assert!(matches!(app.route(), Route::Agenda(agenda) if agenda.day == 0));
}

#[test]
fn the_agenda_of_a_query_and_of_a_page() {
    let mut app = congress(100, 20);
    press(&mut app, "room:borg<A-a>");
    let Route::Agenda(agenda) = app.route() else {
        panic!("no agenda")
    };
    let count: usize = agenda.programme.days.iter().map(|d| d.slots.len()).sum();
    assert_eq!(count, 4, "the four talks in Borg");
    assert_eq!(
        app.breadcrumbs(),
        ["Search \"room:borg\"", "Agenda \"room:borg\""]
    );
    // From a talk's page: the whole programme, at that talk.
    press(&mut app, "<Esc><C-u>side channels<Enter>a");
    assert_eq!(
        app.breadcrumbs(),
        [
            "Search \"side channels\"",
            "Side Channels in the Clinic",
            "Agenda"
        ],
        "{}",
        app.message().unwrap_or_default()
    );
    assert_eq!(selected_title(&app), "Side Channels in the Clinic");
    let Route::Agenda(agenda) = app.route() else {
        panic!("no agenda")
    };
    assert_eq!(
        agenda
            .programme
            .days
            .iter()
            .map(|d| d.slots.len())
            .sum::<usize>(),
        10
    );
    // From a speaker's page: their talks.
    press(&mut app, "<Esc><Esc><C-u>ilse vogt<Enter>a");
    let Route::Agenda(agenda) = app.route() else {
        panic!("no agenda")
    };
    assert_eq!(agenda.programme.title, "Agenda: Ilse Vogt");
    assert_eq!(
        agenda
            .programme
            .days
            .iter()
            .map(|d| d.slots.len())
            .sum::<usize>(),
        3
    );
}

#[test]
fn clashing_bookmarks_are_marked() {
    let mut app = congress(100, 20);
    press(&mut app, "<A-a>b");
    assert_eq!(app.message(), Some("bookmarked: Breaking Badge Firmware"));
    press(&mut app, "jb");
    let said = app.message().unwrap_or_default().to_owned();
    assert!(said.contains("clashes with another bookmark"), "{said}");
    let screen = text(&render(&app));
    let flagged = screen
        .lines()
        .filter(|line| line.ends_with("⚠ clash"))
        .count();
    assert_eq!(flagged, 2, "{screen}");
    // In the search's list too: `!` where a bookmark's `┃` stands.
    press(&mut app, "<Esc>");
    let screen = text(&render(&app));
    let marked: Vec<&str> = screen
        .lines()
        .filter(|line| line.starts_with("!evt"))
        .collect();
    assert_eq!(marked.len(), 2, "{screen}");
}

#[test]
fn a_wide_terminal_draws_rooms_as_columns() {
    let mut app = congress(150, 24);
    press(&mut app, "<A-a>");
    assert_snapshot!(text(&render(&app)));
}

#[test]
fn marked_rows_are_bookmarked_and_exported_together() {
    let mut app = congress(100, 20);
    // In the agenda Space marks a talk and moves on.
    press(&mut app, "<A-a>  ");
    assert_eq!(app.marked().len(), 2);
    assert_eq!(
        app.message(),
        Some("2 rows marked: b bookmarks them, e exports them")
    );
    let screen = text(&render(&app));
    assert_eq!(
        screen.lines().filter(|l| l.starts_with("•")).count(),
        2,
        "{screen}"
    );
    press(&mut app, "b");
    assert_eq!(app.marked().len(), 0, "the marks are used up");
    let bookmarked: Vec<&str> = app
        .bookmarks()
        .iter()
        .map(|&e| app.dataset().name(e))
        .collect();
    assert_eq!(
        bookmarked,
        ["Breaking Badge Firmware", "Mesh Networks for Everyone"]
    );
    assert!(
        app.message()
            .unwrap()
            .starts_with("2 marked rows bookmarked · ⚠ 2 clash")
    );
    // On the search screen, where Space types, Ctrl-Space marks; e exports the marked rows.
    press(&mut app, "<Esc><C-u>kind:event<C- ><C- ><C- ><A-e>");
    let prompt = app.prompt().expect("the export prompt");
    assert_eq!(prompt.selection.len(), 3);
    assert_eq!(prompt.path, "marked.ics");
}

#[test]
fn a_click_selects_a_talk_and_a_double_click_opens_it() {
    use lotse::app::Action;
    use lotse::ui::{Target, hit_test};
    let mut app = congress(100, 20);
    press(&mut app, "<A-a>");
    let screen = text(&render(&app));
    let line = |needle: &str| {
        let y = screen.lines().position(|l| l.contains(needle)).unwrap();
        u16::try_from(y).unwrap()
    };
    let area = app.area();
    let target = hit_test(&app, area, 20, line("Patientendaten im Netz"));
    assert_eq!(target, Some(Target::ListRow(3)));
    assert_eq!(hit_test(&app, area, 2, line(" 14:00")), None, "a heading");
    assert_eq!(
        hit_test(&app, area, 2, line("── now")),
        None,
        "the line at now"
    );
    app.update(Action::SelectRow(3));
    assert_eq!(selected_title(&app), "Patientendaten im Netz");
    app.update(Action::OpenRow(3));
    assert_eq!(app.mode(), Mode::Entity);
    assert_eq!(app.breadcrumbs().last().unwrap(), "Patientendaten im Netz");
}

#[test]
fn a_talk_shows_its_tracks_colour_when_colours_are_on() {
    use lotse::ui::Theme;
    use ratatui::style::Color;
    let json = r##"{"lotse": 1, "title": "Tracks",
        "programme": {"tracks": [{"name": "Security", "color": "#d1ae26"}]},
        "events": [
          {"id": "a", "title": "Locks", "start": "2019-12-27T12:00:00+01:00",
           "end": "2019-12-27T13:00:00+01:00", "venue": "Ada", "track": "Security"},
          {"id": "b", "title": "Music", "start": "2019-12-27T14:00:00+01:00",
           "end": "2019-12-27T15:00:00+01:00", "venue": "Ada", "track": "Art"}]}"##;
    let dataset = lotse::Dataset::from_str(json).unwrap().dataset;
    let mut app = App::new(dataset);
    app.notify(InternalEvent::Resize {
        width: 80,
        height: 12,
    });
    press(&mut app, "<A-a>");
    let draw = |theme: Theme| {
        let backend = ratatui::backend::TestBackend::new(80, 12);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        let keymap = lotse::config::Keymap::default();
        terminal
            .draw(|frame| lotse::ui::draw(frame, &app, &keymap, theme))
            .unwrap();
        terminal.backend().buffer().clone()
    };
    let buffer = draw(Theme::COLOR);
    let screen = text(&buffer);
    let bar_of = |title: &str| {
        let y = screen.lines().position(|l| l.contains(title)).unwrap();
        let line = screen.lines().nth(y).unwrap();
        // The column before the title (every character before it is one column wide).
        let x = line[..line.find(title).unwrap()].chars().count();
        buffer[(u16::try_from(x - 1).unwrap(), u16::try_from(y).unwrap())].clone()
    };
    let locks = bar_of("Locks");
    assert_eq!(locks.symbol(), "▍");
    assert_eq!(locks.fg, Color::Rgb(0xd1, 0xae, 0x26));
    assert_eq!(bar_of("Music").symbol(), " ", "a track without a colour");
    // Without colours there is no bar, and the columns stay where they are.
    let plain = text(&draw(Theme::MONOCHROME));
    assert!(!plain.contains('▍'));
    let column = |screen: &str| {
        let line = screen.lines().find(|l| l.contains("Locks")).unwrap();
        line[..line.find("Locks").unwrap()].chars().count()
    };
    assert_eq!(column(&plain), column(&screen));
}

#[test]
fn a_bookmarked_talk_that_is_gone_is_listed_as_cancelled() {
    use lotse::bookmarks::Bookmark;
    let mut app = congress(100, 20);
    let gone = Bookmark {
        key: "f1c0-9999".to_owned(),
        id: "fixcon19-9999".to_owned(),
        kind: Some("event".to_owned()),
        name: "A Talk That Was".to_owned(),
        start: Some("2019-12-28T13:00:00+01:00".to_owned()),
        end: Some("2019-12-28T13:30:00+01:00".to_owned()),
        room: Some("Ada".to_owned()),
    };
    app.set_bookmarks(&["fixcon19-1002".into(), gone]);
    // Without the preview, the list has the width.
    press(&mut app, "<A-B><A-p>");
    let screen = text(&render(&app));
    assert!(screen.contains("Breaking Badge Firmware"), "{screen}");
    assert!(
        screen.contains(" cancelled  A Talk That Was  was 2019-12-28 13:00–13:30 · Ada"),
        "{screen}"
    );
    // Typing filters the bookmarks; the cancelled ones stay out of a filtered list.
    press(&mut app, "badge");
    assert!(!text(&render(&app)).contains("cancelled"));
}

#[test]
fn left_and_right_move_between_rooms_in_the_grid_and_between_days_in_the_list() {
    let mut wide = congress(150, 24);
    press(&mut wide, "<A-a>");
    assert_eq!(
        selected_title(&wide),
        "Breaking Badge Firmware",
        "Ada, 12:00"
    );
    press(&mut wide, "l");
    assert_eq!(
        selected_title(&wide),
        "Mesh Networks for Everyone",
        "Borg, 12:00"
    );
    press(&mut wide, "<Right>");
    assert_eq!(
        selected_title(&wide),
        "Mesh Networks for Everyone",
        "no room after Borg"
    );
    press(&mut wide, "jjh");
    // From Fuzzing (Borg, 16:00) to Ada's talk nearest in time: Patientendaten (14:00).
    assert_eq!(selected_title(&wide), "Patientendaten im Netz");
    let mut narrow = congress(100, 24);
    press(&mut narrow, "<A-a>l");
    assert_eq!(
        selected_title(&narrow),
        "Der Jahresrückblick",
        "the next day"
    );
}
