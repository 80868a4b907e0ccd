//! An entity's page: its fields on one side, its relations on the other as selectable rows
//! under their headings. The field lines also make the search screen's preview.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::rows::{EntityRow, entity_row};
use super::theme::Theme;
use crate::app::{App, EntityRoute, RelationRow};
use crate::entity_fields::{EntityText, MARGIN};
use crate::model::{Dataset, EntityRef};
use crate::text;

pub fn draw(frame: &mut Frame<'_>, app: &App, page: &EntityRoute, theme: Theme) {
    let Some(view) = app.page() else {
        return;
    };
    let panes = view.layout;
    // Beside the relations a line on the right separates them; above them, a line below.
    let border = if panes.relations.x > panes.fields.x {
        Borders::RIGHT
    } else {
        Borders::BOTTOM
    };
    let fields = Block::new().borders(border).border_style(theme.border());
    let inner = fields.inner(panes.fields);
    frame.render_widget(fields, panes.fields);
    let marked = app.is_bookmarked(page.entity);
    let mut lines = field_lines(app.dataset(), page.entity, &view.text, marked, theme);
    lines.drain(..page.fields_offset.min(lines.len()));
    frame.render_widget(Paragraph::new(clip(lines, inner.height)), inner);
    draw_relations(frame, app, page, panes.relations, theme);
}

/// The lines that present an entity's own fields as the text laid them out: name, kind and
/// id, then `Label value` rows, each after the margin.
pub fn field_lines(
    dataset: &Dataset,
    entity: EntityRef,
    laid_out: &EntityText,
    marked: bool,
    theme: Theme,
) -> Vec<Line<'static>> {
    let width = laid_out.width;
    let margin = " ".repeat(MARGIN);
    let mut lines: Vec<Line<'static>> = laid_out
        .title
        .iter()
        .map(|row| Line::styled(format!("{margin}{row}"), theme.heading()))
        .collect();
    let lead = if marked {
        Span::styled(super::rows::MARK, theme.mark())
    } else {
        Span::raw(" ")
    };
    let bookmarked = if marked { " · bookmarked" } else { "" };
    lines.push(Line::from(vec![
        lead,
        Span::styled(entity.kind().name(), theme.kind(entity.kind())),
        Span::styled(
            text::truncate(
                &format!(" · {}{bookmarked}", dataset.id(entity)),
                width.saturating_sub(text::width(entity.kind().name())),
            ),
            theme.dim(),
        ),
    ]));
    for row in &laid_out.rows {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{margin}{}  ", text::fit(&row.label, laid_out.label_width)),
                theme.dim(),
            ),
            Span::raw(row.value.clone()),
        ]));
    }
    lines
}

/// Cuts lines to `height`, the last one saying that more follows.
pub fn clip(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let height = usize::from(height);
    if lines.len() > height && height > 0 {
        lines.truncate(height - 1);
        lines.push(Line::from(" …"));
    }
    lines
}

fn draw_relations(frame: &mut Frame<'_>, app: &App, page: &EntityRoute, area: Rect, theme: Theme) {
    let dataset = app.dataset();
    let rows = app.relation_rows(page.entity);
    if rows.is_empty() {
        let line = Line::styled(" No relations.", theme.dim());
        frame.render_widget(line, area);
        return;
    }
    let visible = rows
        .iter()
        .enumerate()
        .skip(page.list.offset)
        .take(usize::from(area.height));
    for (y, (index, row)) in (area.y..).zip(visible) {
        let line = match *row {
            RelationRow::Heading { role, count } => Line::from(Span::styled(
                text::truncate(
                    &format!(" {} ({count})", role.label()),
                    usize::from(area.width),
                ),
                theme.heading(),
            )),
            RelationRow::Item { entity, .. } => {
                let context = dataset.context_line(entity);
                let row = EntityRow {
                    kind: entity.kind(),
                    name: dataset.name(entity),
                    context: &context,
                    matched: &[],
                    selected: index == page.list.selected,
                    marked: app.is_bookmarked(entity),
                    clash: app.clashes_with_bookmarks(entity),
                    chosen: app.is_marked(entity),
                    changed: app.change_of(entity),
                };
                entity_row(&row, usize::from(area.width), 2, theme)
            }
        };
        frame.render_widget(line, Rect::new(area.x, y, area.width, 1));
    }
}

/// The relations of an entity in brief, for the preview: each heading with its first names.
pub fn relation_summary(
    dataset: &Dataset,
    entity: EntityRef,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    const SHOWN: usize = 4;
    let width = usize::from(width);
    let mut lines = Vec::new();
    for (role, targets) in dataset.relations_in_reading_order(entity) {
        lines.push(Line::default());
        let heading = format!(" {} ({})", role.label(), targets.len());
        lines.push(Line::styled(
            text::truncate(&heading, width),
            theme.heading(),
        ));
        for &target in targets.iter().take(SHOWN) {
            let row = EntityRow {
                kind: target.kind(),
                name: dataset.name(target),
                context: "",
                matched: &[],
                selected: false,
                marked: false,
                clash: false,
                chosen: false,
                changed: None,
            };
            lines.push(entity_row(&row, width, 1, theme));
        }
        if targets.len() > SHOWN {
            let more = format!("   … {} more", targets.len() - SHOWN);
            lines.push(Line::styled(more, theme.dim()));
        }
    }
    lines
}
