//! The search screen: query line with match count, kind tabs with counts, the results list and
//! a preview of the selected entity.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::entity::{clip, field_lines, relation_summary};
use super::rows::{EntityRow, entity_row};
use super::theme::Theme;
use crate::app::{App, Scope, SearchRoute, Tab};
use crate::entity_fields::EntityText;
use crate::layout;
use crate::search::SortOrder;
use crate::text;

const PROMPT: &str = "❯ ";

/// Shown beside the count while a search takes longer than a frame.
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn draw(frame: &mut Frame<'_>, app: &App, search: &SearchRoute, theme: Theme) {
    let panes = layout::search(frame.area(), app.preview_window());
    draw_query(frame, app, search, panes.query, theme);
    draw_tabs(frame, app, search, panes.tabs, theme);
    draw_results(frame, app, search, panes.list, theme);
    if let Some(preview) = panes.preview {
        draw_preview(frame, app, preview, theme);
    }
}

fn draw_query(frame: &mut Frame<'_>, app: &App, search: &SearchRoute, area: Rect, theme: Theme) {
    let total = match (search.scope, search.tab.kind()) {
        (Scope::Bookmarks, tab) => app
            .bookmarks()
            .iter()
            .filter(|e| tab.is_none_or(|kind| e.kind() == kind))
            .count(),
        (Scope::Changes, tab) => app.change_log().map_or(0, |log| {
            log.entities
                .iter()
                .filter(|e| tab.is_none_or(|kind| e.kind() == kind))
                .count()
        }),
        (Scope::Everything, None) => app.dataset().len(),
        (Scope::Everything, Some(kind)) => app.dataset().count(kind),
    };
    let matched = app.tab_count(search.tab);
    let order = match search.sort {
        SortOrder::Relevance => String::new(),
        other => format!(" · by {}", other.name()),
    };
    let spinner = app.spinner().map_or(String::new(), |frame| {
        format!("{} ", SPINNER[frame % SPINNER.len()])
    });
    // While the typed query has a mistake, the results are the last good query's.
    let stale = if app.query_error().is_some() {
        " · stale"
    } else {
        ""
    };
    let count = format!(" {spinner}{matched}/{total}{order}{stale} ");
    let prompt_width = text::width(PROMPT);
    let room = usize::from(area.width).saturating_sub(prompt_width + text::width(&count));
    // When the query is longer than the line, show its end, where the typing happens.
    let before_cursor: String = search.query.chars().take(search.query.cursor()).collect();
    let skip = text::width(&before_cursor).saturating_sub(room.saturating_sub(1));
    let shown: String = skip_columns(&search.query, skip);
    let shown = text::truncate(&shown, room);
    let padding = room.saturating_sub(text::width(&shown));
    let line = Line::from(vec![
        Span::styled(PROMPT, theme.prompt()),
        Span::raw(shown),
        Span::raw(" ".repeat(padding)),
        Span::styled(count, theme.dim()),
    ]);
    frame.render_widget(line, area);
    let cursor_x = prompt_width + text::width(&before_cursor) - skip;
    let cursor_x = u16::try_from(cursor_x)
        .unwrap_or(u16::MAX)
        .min(area.width.saturating_sub(1));
    frame.set_cursor_position(Position::new(area.x + cursor_x, area.y));
}

/// The text without its first `columns` columns.
fn skip_columns(text: &str, columns: usize) -> String {
    let mut skipped = 0;
    text.chars()
        .skip_while(|&c| {
            let skip = skipped < columns;
            skipped += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            skip
        })
        .collect()
}

/// Tab labels from long to short; the longest set that fits is used.
const TAB_LABELS: [[&str; Tab::ALL.len()]; 3] = [
    [
        "All",
        "Events",
        "Speakers",
        "Topics",
        "Organizations",
        "Projects",
        "Sources",
    ],
    [
        "All", "Events", "Speakers", "Topics", "Orgs", "Projects", "Sources",
    ],
    ["All", "Ev", "Sp", "To", "Or", "Pr", "So"],
];

fn draw_tabs(frame: &mut Frame<'_>, app: &App, search: &SearchRoute, area: Rect, theme: Theme) {
    let labels_of = |names: &[&str; Tab::ALL.len()]| -> Vec<String> {
        Tab::ALL
            .iter()
            .zip(names)
            .map(|(&tab, name)| format!(" {name} {} ", app.tab_count(tab)))
            .collect()
    };
    let fits = |labels: &Vec<String>| {
        labels.iter().map(|l| text::width(l)).sum::<usize>() <= usize::from(area.width)
    };
    let labels = TAB_LABELS
        .iter()
        .map(labels_of)
        .find(fits)
        .unwrap_or_else(|| labels_of(&TAB_LABELS[2]));
    let spans: Vec<Span<'_>> = labels
        .into_iter()
        .enumerate()
        .map(|(tab, label)| {
            let style = if tab == search.tab.position() {
                theme.active()
            } else {
                theme.dim()
            };
            Span::styled(label, style)
        })
        .collect();
    frame.render_widget(Line::from(spans), area);
}

fn draw_results(frame: &mut Frame<'_>, app: &App, search: &SearchRoute, area: Rect, theme: Theme) {
    let dataset = app.dataset();
    if app.hits().is_empty() {
        let lines = if app.is_searching() {
            vec![Line::styled(" Searching…", theme.dim())]
        } else if search.scope == Scope::Bookmarks && !app.missing_bookmarks().is_empty() {
            cancelled_lines(app, theme)
        } else if search.scope == Scope::Bookmarks && app.bookmarks().is_empty() {
            vec![
                Line::from(" No bookmarks yet."),
                Line::styled(
                    " Bookmark the selected result or an open page; ? shows the key.",
                    theme.dim(),
                ),
            ]
        } else if search.query.trim().is_empty() {
            vec![Line::styled(" Nothing here.", theme.dim())]
        } else {
            vec![
                Line::from(format!(" No matches for \"{}\".", search.query)),
                Line::styled(" Try removing a word.", theme.dim()),
            ]
        };
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let visible = app
        .hits()
        .iter()
        .enumerate()
        .skip(search.list.offset)
        .take(usize::from(area.height));
    for (y, (index, hit)) in (area.y..).zip(visible) {
        let shown = app
            .search_index()
            .shown_name(dataset, hit.entity, app.query());
        let context = dataset.context_line(hit.entity);
        let row = EntityRow {
            kind: hit.entity.kind(),
            name: &shown.text,
            context: &context,
            matched: &shown.matched,
            selected: index == search.list.selected,
            // A chooser shows the rows marked to pick; the explorer, its bookmarks too.
            marked: !app.is_picking() && app.is_bookmarked(hit.entity),
            clash: !app.is_picking() && app.clashes_with_bookmarks(hit.entity),
            chosen: app.is_marked(hit.entity),
            changed: app.change_of(hit.entity),
        };
        let mut line = entity_row(&row, usize::from(area.width), 0, theme);
        if app.query_error().is_some() {
            line = line.patch_style(theme.stale());
        }
        frame.render_widget(line, Rect::new(area.x, y, area.width, 1));
    }
    // Below the bookmarks, those this dataset does not have: kept, and shown as cancelled.
    let drawn = app.hits().len().saturating_sub(search.list.offset);
    let below = usize::from(area.height).saturating_sub(drawn);
    if search.scope == Scope::Bookmarks && search.query.trim().is_empty() && below > 1 {
        let lines: Vec<Line<'_>> = cancelled_lines(app, theme)
            .into_iter()
            .take(below - 1)
            .collect();
        let height = u16::try_from(lines.len()).unwrap_or(0);
        let y = area.y + u16::try_from(drawn + 1).unwrap_or(0);
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(area.x, y, area.width, height),
        );
    }
}

/// `cancelled  Side Channels in the Clinic  was 2019-12-28 13:00–13:30 · Ada`: a bookmark whose
/// talk is gone from the schedule (kept, in case it comes back).
fn cancelled_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    app.missing_bookmarks()
        .iter()
        .map(|bookmark| {
            let was = bookmark
                .start
                .as_deref()
                .and_then(|start| crate::model::Timing::parse(start, bookmark.end.as_deref()))
                .map(|timing| timing.label())
                .map(|label| match &bookmark.room {
                    Some(room) => format!("  was {label} · {room}"),
                    None => format!("  was {label}"),
                })
                .unwrap_or_default();
            Line::styled(
                format!(" cancelled  {}{was}", bookmark.shown_name()),
                theme.dim(),
            )
        })
        .collect()
}

fn draw_preview(frame: &mut Frame<'_>, app: &App, area: Rect, theme: Theme) {
    // Beside the list a line on the left separates them; below it, a line on top.
    let border = if area.x > 0 {
        Borders::LEFT
    } else {
        Borders::TOP
    };
    let block = Block::new().borders(border).border_style(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(entity) = app.selected_entity() else {
        return;
    };
    let dataset = app.dataset();
    let marked = app.is_bookmarked(entity);
    let laid_out = EntityText::for_pane(dataset, entity, inner.width);
    let mut lines = field_lines(dataset, entity, &laid_out, marked, theme);
    lines.extend(relation_summary(dataset, entity, inner.width, theme));
    frame.render_widget(Paragraph::new(clip(lines, inner.height)), inner);
}
