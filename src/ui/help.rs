//! The help overlay, generated from the keymap, so it shows exactly the keys that work.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::app::Mode;
use crate::config::Keymap;
use crate::text;

/// What the mouse does; fixed, since the mouse is not remapped.
const MOUSE: [(&str, &str); 4] = [
    ("click", "select a row"),
    ("double click", "open a row"),
    ("wheel", "scroll what is under it"),
    ("click a crumb", "jump back to it"),
];

/// The query language in brief, for the search screen's help (the README has it in full).
const QUERY: [(&str, &str); 8] = [
    ("word", "fuzzy, smart case"),
    ("'word", "exact"),
    ("^word  word$", "prefix, suffix"),
    ("!word", "exclude"),
    ("a | b", "either"),
    ("kind: topic:", "speaker: org:"),
    ("city: country:", "series:\"…\" date:"),
    ("year:2024..2025", "!year:… excludes"),
];

/// Draws the help for the screen under the overlay (`mode` is that screen's mode): its keys,
/// the mouse, and on the search screen the query language, in a second column where the
/// screen is wide enough.
pub fn draw(frame: &mut Frame<'_>, keymap: &Keymap, mode: Mode, theme: Theme) {
    let screen = frame.area();
    // The action names (what config.toml binds) show wherever they fit; the keys always do.
    let layouts = [(true, true), (true, false), (false, true), (false, false)];
    let fits = |lines: &[Line<'_>]| {
        let width = lines.iter().map(Line::width).max().unwrap_or(0) + 4;
        width <= usize::from(screen.width) && lines.len() + 2 <= usize::from(screen.height)
    };
    let mut lines = Vec::new();
    for (with_names, side) in layouts {
        lines = help_lines(keymap, mode, theme, with_names, side);
        if fits(&lines) {
            break;
        }
    }
    let area = centered(screen, &lines);
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys · any key closes ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The help's lines: the screen's keys (with their action names), then the mouse and, on the
/// search screen, the query language, beside them or below.
fn help_lines(
    keymap: &Keymap,
    mode: Mode,
    theme: Theme,
    with_names: bool,
    side: bool,
) -> Vec<Line<'static>> {
    let help = keymap.help(mode);
    let key_width = help
        .iter()
        .map(|l| text::width(&l.keys))
        .chain(MOUSE.iter().map(|(k, _)| text::width(k)))
        .max()
        .unwrap_or(0);
    let description_width = help
        .iter()
        .map(|l| text::width(l.description))
        .max()
        .unwrap_or(0);
    let heading = if with_names {
        format!("{}  (action names for config.toml)", screen_name(mode))
    } else {
        screen_name(mode).to_owned()
    };
    let mut keys = vec![Line::styled(heading, theme.heading())];
    keys.extend(help.iter().map(|line| {
        let mut row = help_line(&line.keys, line.description, key_width, theme);
        if with_names && !line.name.is_empty() {
            let pad = description_width - text::width(line.description) + 2;
            row.spans.push(Span::raw(" ".repeat(pad)));
            row.spans.push(Span::styled(line.name.clone(), theme.dim()));
        }
        row
    }));
    let mut more = vec![Line::styled("Mouse", theme.heading())];
    more.extend(MOUSE.iter().map(|(k, d)| help_line(k, d, key_width, theme)));
    if mode == Mode::Search {
        let query_width = QUERY.iter().map(|(q, _)| text::width(q)).max().unwrap_or(0);
        more.push(Line::default());
        more.push(Line::styled("Query", theme.heading()));
        more.extend(
            QUERY
                .iter()
                .map(|(q, d)| help_line(q, d, query_width, theme)),
        );
    }
    if side {
        let keys_width = keys.iter().map(Line::width).max().unwrap_or(0);
        side_by_side(keys, more, keys_width + 2)
    } else {
        keys.push(Line::default());
        keys.extend(more);
        keys
    }
}

/// Two columns of lines as one: the left padded to `left_width`.
fn side_by_side(
    left: Vec<Line<'static>>,
    right: Vec<Line<'static>>,
    left_width: usize,
) -> Vec<Line<'static>> {
    let rows = left.len().max(right.len());
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    (0..rows)
        .map(|_| {
            let mut line = left.next().unwrap_or_default();
            let pad = left_width.saturating_sub(line.width());
            line.spans.push(Span::raw(" ".repeat(pad)));
            if let Some(more) = right.next() {
                line.spans.extend(
                    more.spans
                        .into_iter()
                        .map(|span| span.patch_style(more.style)),
                );
            }
            line
        })
        .collect()
}

fn screen_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Search => "Search screen",
        Mode::Entity => "Entity page",
        Mode::Help => "Help",
        Mode::Facets => "Facets",
        Mode::Prompt => "Export prompt",
    }
}

fn help_line(keys: &str, description: &str, key_width: usize, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {}  ", text::fit(keys, key_width)), theme.key()),
        Span::raw(description.to_owned()),
    ])
}

/// A box around the lines, centred, no larger than the screen.
fn centered(screen: Rect, lines: &[Line<'_>]) -> Rect {
    let width = lines.iter().map(Line::width).max().unwrap_or(0) + 4;
    let width = u16::try_from(width).unwrap_or(u16::MAX).min(screen.width);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height);
    Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - height) / 2,
        width,
        height,
    )
}
