//! The status line: the dataset's title, and the keys that matter on this screen, named from
//! the keymap so the hint cannot go stale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::{Action, Mode};
use crate::keymap::Keymap;
use crate::text;

/// The actions worth a hint on each screen, most important first (the last ones give way
/// when the line is short), with the word the hint uses.
fn hints(mode: Mode) -> &'static [(Action, &'static str)] {
    match mode {
        Mode::Search => &[
            (Action::ToggleHelp, "help"),
            (Action::DrillIn, "open"),
            (Action::NextTab, "kind"),
            (Action::OpenFacets, "facets"),
            (Action::CycleSort, "order"),
            (Action::ClearQueryOrQuit, "clear/quit"),
        ],
        Mode::Entity => &[
            (Action::ToggleHelp, "help"),
            (Action::DrillIn, "open"),
            (Action::Back, "back"),
            (Action::NewSearch, "search"),
            (Action::Quit, "quit"),
        ],
        Mode::Help => &[(Action::ToggleHelp, "close")],
        Mode::Facets => &[
            (Action::DrillIn, "add filter"),
            (Action::Back, "close"),
            (Action::SelectNext, "down"),
        ],
    }
}

/// Draws the status line: the title (or a mistake in the query, which matters more) and hints.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    error: Option<&str>,
    keymap: &Keymap,
    mode: Mode,
    theme: Theme,
) {
    let width = usize::from(area.width);
    let mut hints: Vec<(String, &str)> = hints(mode)
        .iter()
        .filter_map(|(action, word)| Some((keymap.first_key(mode, action)?, *word)))
        .collect();
    let hints_width = |hints: &[(String, &str)]| -> usize {
        hints
            .iter()
            .map(|(key, word)| text::width(key) + text::width(word) + 3)
            .sum()
    };
    // Keep room for a few letters of the title; drop hints from the end until they fit.
    while !hints.is_empty() && hints_width(&hints) + 12 > width {
        hints.pop();
    }
    if error.is_some() {
        // The mistake needs the room more than the hints do.
        while !hints.is_empty() && hints_width(&hints) + 40 > width {
            hints.pop();
        }
    }
    let keys_width = hints_width(&hints);
    let (title, style) = match error {
        Some(error) => (format!("⚠ {error}"), theme.error()),
        None => (title.to_owned(), theme.heading()),
    };
    let title = text::truncate(&title, width.saturating_sub(keys_width + 3));
    let gap = width.saturating_sub(text::width(&title) + 1 + keys_width);
    let mut spans = vec![
        Span::styled(format!(" {title}"), style),
        Span::raw(" ".repeat(gap)),
    ];
    for (key, word) in hints {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {word}  "), theme.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}
