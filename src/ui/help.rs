//! The help overlay, generated from the keymap, so it shows exactly the keys that work.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::app::Mode;
use crate::keymap::Keymap;
use crate::text;

/// What the mouse does; fixed, since the mouse is not remapped.
const MOUSE: [(&str, &str); 4] = [
    ("click", "select a row"),
    ("double click", "open a row"),
    ("wheel", "scroll"),
    ("click a crumb", "jump back to it"),
];

/// Draws the help for the screen under the overlay (`mode` is that screen's mode).
pub fn draw(frame: &mut Frame<'_>, keymap: &Keymap, mode: Mode, theme: Theme) {
    let sections = [(screen_name(mode), keymap.help(mode))];
    let key_width = sections
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|l| text::width(&l.keys)))
        .chain(MOUSE.iter().map(|(k, _)| text::width(k)))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, help) in &sections {
        lines.push(Line::styled(*title, theme.heading()));
        for line in help {
            lines.push(help_line(&line.keys, line.description, key_width, theme));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Mouse", theme.heading()));
    for (keys, description) in MOUSE {
        lines.push(help_line(keys, description, key_width, theme));
    }
    let area = centered(frame.area(), &lines);
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys · any key closes ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn screen_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Search => "Search screen",
        Mode::Entity => "Entity page",
        Mode::Help => "Help",
        Mode::Facets => "Facets",
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
