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
/// screen is wide enough. Where it is taller than the screen it scrolls from line `scroll`,
/// and its border says there is more above or below.
pub fn draw(frame: &mut Frame<'_>, keymap: &Keymap, of: HelpOf, scroll: usize, theme: Theme) {
    let screen = frame.area();
    let lines = laid_out(keymap, of, theme, screen);
    let total = lines.len();
    let area = centered(screen, &lines);
    let visible = usize::from(area.height.saturating_sub(2));
    let first = scroll.min(total.saturating_sub(visible));
    frame.render_widget(Clear, area);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys · any key closes ");
    if total > visible {
        let last = (first + visible).min(total);
        let more = match (first > 0, last < total) {
            (true, true) => "↑↓",
            (true, false) => "↑",
            (false, _) => "↓",
        };
        block = block.title_bottom(
            Line::from(format!(
                " {more} {}–{last} of {total} · j/k scroll ",
                first + 1
            ))
            .right_aligned(),
        );
    }
    let scroll_rows = u16::try_from(first).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll_rows, 0)),
        area,
    );
}

/// How far the help can scroll on a screen of `area`: its lines less those in view.
pub fn scroll_limit(keymap: &Keymap, of: HelpOf, area: Rect) -> usize {
    let lines = laid_out(keymap, of, Theme::MONOCHROME, area);
    let visible = usize::from(centered(area, &lines).height.saturating_sub(2));
    lines.len().saturating_sub(visible)
}

/// The help's lines in the first layout that fits the screen: with the action names (what
/// config.toml binds) or without, the mouse and query beside the keys or below them; where
/// none fits, the shortest that is narrow enough, which scrolls.
fn laid_out(keymap: &Keymap, of: HelpOf, theme: Theme, screen: Rect) -> Vec<Line<'static>> {
    let layouts = [(true, true), (true, false), (false, true), (false, false)];
    let fits = |lines: &[Line<'_>]| {
        let width = lines.iter().map(Line::width).max().unwrap_or(0) + 4;
        width <= usize::from(screen.width) && lines.len() + 2 <= usize::from(screen.height)
    };
    let candidates: Vec<Vec<Line<'static>>> = layouts
        .iter()
        .map(|&(with_names, side)| help_lines(keymap, of, theme, with_names, side))
        .collect();
    if let Some(at) = candidates.iter().position(|lines| fits(lines)) {
        return candidates.into_iter().nth(at).unwrap_or_default();
    }
    // Too tall in every layout: the shortest that is narrow enough scrolls least.
    let narrow_enough = |lines: &Vec<Line<'_>>| {
        lines.iter().map(Line::width).max().unwrap_or(0) + 4 <= usize::from(screen.width)
    };
    let shortest = candidates
        .iter()
        .enumerate()
        .filter(|(_, lines)| narrow_enough(lines))
        .min_by_key(|(_, lines)| lines.len())
        .map_or(candidates.len() - 1, |(at, _)| at);
    candidates.into_iter().nth(shortest).unwrap_or_default()
}

/// The help's lines: the screen's keys (with their action names), then the mouse and, on the
/// search screen, the query language, beside them or below.
fn help_lines(
    keymap: &Keymap,
    of: HelpOf,
    theme: Theme,
    with_names: bool,
    side: bool,
) -> Vec<Line<'static>> {
    let mode = of.mode;
    let mut help = keymap.help(mode);
    // `lotse pick`'s search screen gives some keys the chooser's meaning (`app::pick`).
    let picking = of.picking && mode == Mode::Search;
    if picking {
        for line in &mut help {
            line.description = chooser_meaning(&line.name).unwrap_or(line.description);
        }
    }
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
    let name = if picking {
        "Pick (lotse pick)"
    } else {
        screen_name(mode)
    };
    let heading = if with_names {
        format!("{name}  (action names for config.toml)")
    } else {
        name.to_owned()
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

/// Whose keys the help shows: the screen under it, and whether the explorer is `lotse
/// pick`'s chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpOf {
    pub mode: Mode,
    pub picking: bool,
}

/// What an action does in `lotse pick`'s chooser, where that differs (`app::pick`).
fn chooser_meaning(action: &str) -> Option<&'static str> {
    Some(match action {
        "drill_in" => "pick the selected row, or the marked rows",
        "next_tab" => "mark the row and move down (to pick several)",
        "previous_tab" => "mark the row and move up",
        "clear_query_or_quit" | "quit" => "pick nothing (exit 1)",
        _ => return None,
    })
}

fn screen_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Search => "Search screen",
        Mode::Entity => "Entity page",
        Mode::Agenda => "Agenda",
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
