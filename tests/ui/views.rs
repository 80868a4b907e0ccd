//! Screens that read at any size: the help scrolls, a query mistake keeps stale results and
//! its whole message, the preview toggles and resizes, a wide page shares its width.

use super::*;

/// At 80x24 the search screen's help is taller than the screen: it says so, scrolls with
/// j/k, PgDn/PgUp, g/G (and the wheel), and its last line can be reached.
#[test]
fn the_help_scrolls_to_its_last_line_at_80x24() {
    let top = screen("?", 80, 24);
    assert!(
        top.contains("↓ 1–"),
        "the help says there is more below:\n{top}"
    );
    assert!(
        !top.contains("!year:… excludes"),
        "the last line is below:\n{top}"
    );
    let bottom = screen("?G", 80, 24);
    assert!(
        bottom.contains("!year:… excludes"),
        "the last line:\n{bottom}"
    );
    assert!(bottom.contains(" ↑ "), "and there is more above:\n{bottom}");
    assert_snapshot!(bottom);
    // One line at a time, a page at a time, back to the top; any other key closes it.
    let first_row = |text: &str| text.lines().nth(1).unwrap_or_default().to_owned();
    assert_ne!(first_row(&screen("?j", 80, 24)), first_row(&top));
    assert_eq!(first_row(&screen("?jk", 80, 24)), first_row(&top));
    assert_eq!(
        screen("?<PgDn><PgDn><PgDn><PgDn>", 80, 24),
        bottom,
        "pages stop at the end"
    );
    assert_eq!(screen("?G<Home>", 80, 24), top);
    assert!(
        !screen("?jx", 80, 24).contains("any key closes"),
        "x closes it"
    );
}

/// A query with a mistake keeps the last results, visibly stale (dimmed, the count says so),
/// and its whole message is readable however long, never cut off by the key hints.
#[test]
fn a_query_mistake_keeps_stale_results_and_its_whole_message() {
    let mut app = app(60, 16);
    press(&mut app, "jena colour:red");
    let buffer = render(&app);
    let screen = text(&buffer);
    assert!(
        screen.lines().nth(1).unwrap().contains("/81 · stale"),
        "{screen}"
    );
    let error = app.query_error().expect("a mistake").to_owned();
    let shown: String = screen
        .lines()
        .rev()
        .take_while(|line| !line.contains('│'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains(&format!("⚠ {error}")), "{shown:?}\n{screen}");
    // The kept rows are dimmed, in monochrome too.
    let row = (0..buffer.area.width)
        .map(|x| &buffer[(x, 3)])
        .find(|cell| cell.symbol() != " ")
        .expect("a result row");
    assert!(
        row.modifier.contains(ratatui::style::Modifier::DIM),
        "{screen}"
    );
    assert_snapshot!(screen);
    // Mended, the results are live again.
    press(&mut app, "<C-w><C-w>");
    let screen = text(&render(&app));
    assert!(!screen.contains("stale"), "{screen}");
}

/// The preview can be hidden (the list takes the whole width at 80 columns) and resized, as
/// fzf's --preview-window; resizing shows it again.
#[test]
fn the_preview_toggles_and_resizes() {
    let with_preview = screen("ki", 80, 24);
    let divider = |screen: &str| {
        screen
            .lines()
            .nth(4)
            .and_then(|line| line.chars().position(|c| c == '│'))
    };
    let at = divider(&with_preview).expect("a preview beside the list");
    let hidden = screen("ki<A-p>", 80, 24);
    assert_eq!(divider(&hidden), None, "{hidden}");
    assert!(
        hidden.contains("Künstliche Intelligenz (KI)  KI, AI, artificial intelligence"),
        "{hidden}"
    );
    let wider = screen("ki<A-h><A-h>", 80, 24);
    assert!(divider(&wider).unwrap() < at, "{wider}");
    let narrower = screen("ki<A-l>", 80, 24);
    assert!(divider(&narrower).unwrap() > at, "{narrower}");
    assert_eq!(
        divider(&screen("ki<A-p><A-l>", 80, 24)),
        divider(&narrower),
        "shown again"
    );
}

/// On a wide terminal a page uses the width: at 120 columns a talk's summary wraps at a
/// readable measure (it wrapped at about 41 characters while the relations stood half empty).
#[test]
fn a_wide_page_gives_the_summary_a_readable_measure() {
    let screen = screen("spreckelsen<Enter><Enter>", 120, 30);
    let summary = screen
        .lines()
        .find(|line| line.contains("Summary"))
        .unwrap_or_else(|| panic!("a summary:\n{screen}"));
    let text = summary.split('│').next().unwrap().trim_end();
    let words = text.split("Summary").nth(1).unwrap().trim();
    assert!(
        words.chars().count() >= 60,
        "{words:?} ({})\n{screen}",
        words.chars().count()
    );
}
