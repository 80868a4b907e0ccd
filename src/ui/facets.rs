//! The facets overlay: counts of the current results by kind, topic, organization, city and
//! year, each value with the filter Enter adds to the query.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::theme::Theme;
use crate::app::{App, FacetLine};
use crate::text;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: Theme) {
    let Some(view) = app.facets() else {
        return;
    };
    let screen = frame.area();
    let width = screen.width.saturating_sub(4).min(72);
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + 1,
        width,
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Facets · Enter adds the filter · Esc closes ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if view.counting {
        frame.render_widget(Line::styled(" Counting…", theme.dim()), inner);
        return;
    }
    if view.lines.is_empty() {
        frame.render_widget(Line::styled(" No results to count.", theme.dim()), inner);
        return;
    }
    let columns = usize::from(inner.width);
    let visible = view
        .lines
        .iter()
        .enumerate()
        .skip(view.list.offset)
        .take(usize::from(inner.height));
    for (y, (index, line)) in (inner.y..).zip(visible) {
        let line = match line {
            FacetLine::Heading(facet) => {
                Line::styled(format!(" {}", facet.label()), theme.heading())
            }
            FacetLine::Value(row) => {
                let count = format!("  {:>6}  ", row.count);
                let room = columns.saturating_sub(text::width(&count));
                let filter = text::truncate(&row.filter, room / 2);
                let label =
                    text::truncate(&row.label, room.saturating_sub(text::width(&filter) + 2));
                let gap = room.saturating_sub(text::width(&label) + text::width(&filter));
                let mut line = Line::from(vec![
                    Span::raw(count),
                    Span::raw(label),
                    Span::raw(" ".repeat(gap)),
                    Span::styled(filter, theme.dim()),
                ]);
                if index == view.list.selected {
                    line = line.patch_style(theme.selection());
                }
                line
            }
        };
        frame.render_widget(line, Rect::new(inner.x, y, inner.width, 1));
    }
}
