//! The status line: the dataset's title, and the keys that matter on this screen, named from
//! the keymap so the hint cannot go stale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use ratatui::layout::Position;

use crate::app::{Action, ExportPrompt, Mode};
use crate::config::Keymap;
use crate::text;

/// The actions worth a hint on each screen, most important first (the last ones give way
/// when the line is short), with the word the hint uses.
fn hints(mode: Mode, picking: bool) -> &'static [(Action, &'static str)] {
    match mode {
        // `lotse pick`: Enter picks, Tab marks, Esc cancels.
        Mode::Search if picking => &[
            (Action::ToggleHelp, "help"),
            (Action::DrillIn, "pick"),
            (Action::NextTab, "mark"),
            (Action::ClearQueryOrQuit, "cancel"),
        ],
        Mode::Search => &[
            (Action::ToggleHelp, "help"),
            (Action::DrillIn, "open"),
            (Action::NextTab, "kind"),
            (Action::OpenFacets, "facets"),
            (Action::CycleSort, "order"),
            (Action::ClearQueryOrQuit, "clear/quit"),
            (Action::OpenAgenda, "agenda"),
        ],
        Mode::Entity => &[
            (Action::ToggleHelp, "help"),
            (Action::DrillIn, "open"),
            (Action::Back, "back"),
            (Action::OpenAgenda, "agenda"),
            (Action::NewSearch, "search"),
            (Action::Quit, "quit"),
        ],
        Mode::Agenda => &[
            (Action::ToggleHelp, "help"),
            (Action::DrillIn, "open"),
            (Action::NextDay, "day"),
            (Action::JumpToNow, "now"),
            (Action::Back, "back"),
        ],
        Mode::Help => &[(Action::ToggleHelp, "close")],
        Mode::Facets => &[
            (Action::DrillIn, "add filter"),
            (Action::Back, "close"),
            (Action::SelectNext, "down"),
        ],
        Mode::Prompt => &[
            (Action::Confirm, "write"),
            (Action::CycleExportFormat, "format"),
            (Action::Cancel, "cancel"),
        ],
    }
}

/// What the status line says on its left.
pub enum StatusText<'a> {
    /// The dataset's title: it gives way to the hints.
    Title(&'a str),
    /// What the last action did: the hints give way to it.
    Message(&'a str),
    /// A mistake in the query: the hints give way to it.
    Error(&'a str),
}

/// Draws the status line: the title, a message or a mistake in the query, and hints.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    status: &StatusText<'_>,
    keymap: &Keymap,
    (mode, picking): (Mode, bool),
    theme: Theme,
) {
    let width = usize::from(area.width);
    let mut hints: Vec<(String, &str)> = hints(mode, picking)
        .iter()
        .filter_map(|(action, word)| Some((keymap.first_key(mode, action)?, *word)))
        .collect();
    let hints_width = |hints: &[(String, &str)]| -> usize {
        hints
            .iter()
            .map(|(key, word)| text::width(key) + text::width(word) + 3)
            .sum()
    };
    let (text, style, needs) = match status {
        StatusText::Title(title) => ((*title).to_owned(), theme.heading(), 12),
        StatusText::Message(message) => (
            (*message).to_owned(),
            theme.prompt(),
            text::width(message) + 2,
        ),
        StatusText::Error(error) => (format!("⚠ {error}"), theme.error(), 40),
    };
    // Keep room for what the left side needs; drop hints from the end until they fit.
    while !hints.is_empty() && hints_width(&hints) + needs > width {
        hints.pop();
    }
    let keys_width = hints_width(&hints);
    let shown = text::truncate(&text, width.saturating_sub(keys_width + 3));
    let gap = width.saturating_sub(text::width(&shown) + 1 + keys_width);
    let mut spans = vec![
        Span::styled(format!(" {shown}"), style),
        Span::raw(" ".repeat(gap)),
    ];
    for (key, word) in hints {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {word}  "), theme.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}

/// Draws the export prompt in place of the status line: what will be written, the format,
/// and the file name being typed, with the cursor in it.
pub fn draw_prompt(
    frame: &mut Frame<'_>,
    area: Rect,
    prompt: &ExportPrompt,
    keymap: &Keymap,
    theme: Theme,
) {
    let width = usize::from(area.width);
    let noun = match (prompt.format.events_only(), prompt.count()) {
        (true, 1) => "event",
        (true, _) => "events",
        (false, 1) => "entity",
        (false, _) => "entities",
    };
    let question = format!(
        " Export {} {noun} as {} to: ",
        prompt.count(),
        prompt.format.name()
    );
    let hints: Vec<(String, &str)> = hints(Mode::Prompt, false)
        .iter()
        .filter_map(|(action, word)| Some((keymap.first_key(Mode::Prompt, action)?, *word)))
        .collect();
    let hint_text: String = hints
        .iter()
        .map(|(key, word)| format!("{key} {word}  "))
        .collect();
    let room = width.saturating_sub(text::width(&question) + text::width(&hint_text) + 1);
    let path = text::truncate(&prompt.path, room.max(1));
    let gap = room.saturating_sub(text::width(&path));
    let mut spans = vec![
        Span::styled(question.clone(), theme.prompt()),
        Span::raw(path),
        Span::raw(" ".repeat(gap + 1)),
    ];
    for (key, word) in hints {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {word}  "), theme.dim()));
    }
    frame.render_widget(Line::from(spans), area);
    let before: String = prompt.path.chars().take(prompt.path.cursor()).collect();
    let x = (text::width(&question) + text::width(&before)).min(width.saturating_sub(1));
    let x = u16::try_from(x).unwrap_or(0);
    frame.set_cursor_position(Position::new(area.x + x, area.y));
}
