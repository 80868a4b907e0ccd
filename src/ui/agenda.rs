//! The agenda: day tabs, then the day as a list (a heading per start time, each event with its
//! end, room and speakers, a line at now) or, on a wide terminal, as a grid of rooms by time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::rows::{CHOSEN_MARK, MARK};
use super::theme::Theme;
use crate::app::{AgendaRoute, App};
use crate::layout;
use crate::model::{EntityRef, Role, schema};
use crate::schedule::agenda::{AgendaDay, AgendaRow, AgendaSlot, rows as agenda_rows};
use crate::text;

pub fn draw(frame: &mut Frame<'_>, app: &App, route: &AgendaRoute, theme: Theme) {
    let panes = layout::agenda(frame.area());
    draw_days(frame, route, panes.days, theme);
    if layout::agenda_grid(frame.area(), route.day(), app.dataset()) {
        super::agenda_grid::draw(frame, app, route, panes.list, theme);
    } else {
        draw_list(frame, app, route, panes.list, theme);
    }
}

/// The day tabs, the current one lit; when they do not fit, those around the current one.
fn draw_days(frame: &mut Frame<'_>, route: &AgendaRoute, area: Rect, theme: Theme) {
    let labels: Vec<String> = route
        .programme
        .days
        .iter()
        .map(|day| format!(" {} ({}) ", day.label(), day.slots.len()))
        .collect();
    let width = usize::from(area.width);
    // From the current tab back as far as the line holds them.
    let mut first = route.day;
    while first > 0
        && labels[first - 1..=route.day]
            .iter()
            .map(|l| text::width(l))
            .sum::<usize>()
            <= width
    {
        first -= 1;
    }
    let spans: Vec<Span<'_>> = labels
        .into_iter()
        .enumerate()
        .skip(first)
        .map(|(at, label)| {
            let style = if at == route.day {
                theme.active()
            } else {
                theme.dim()
            };
            Span::styled(label, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The day as a list, scrolled so that the selected event is in view.
fn draw_list(frame: &mut Frame<'_>, app: &App, route: &AgendaRoute, area: Rect, theme: Theme) {
    let day = route.day();
    let (rows, offset) = rows_on_screen(app, route, area);
    let visible = usize::from(area.height);
    let columns = RoomColumns::of(app, day);
    let width = usize::from(area.width);
    let lines: Vec<Line<'_>> = rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|&row| match row {
            AgendaRow::Time(at) => {
                Line::styled(format!(" {}", at.strftime("%H:%M")), theme.heading())
            }
            AgendaRow::Now(at) => now_line(day, at, width, theme),
            AgendaRow::Event(index) => {
                let selected = index == route.list.selected;
                event_line(app, &day.slots[index], columns, width, selected, theme)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The day's rows and the first of them on screen (the selected event kept in view).
fn rows_on_screen(app: &App, route: &AgendaRoute, area: Rect) -> (Vec<AgendaRow>, usize) {
    let rows = agenda_rows(route.day(), app.now());
    let selected_row = rows
        .iter()
        .position(|row| *row == AgendaRow::Event(route.list.selected))
        .unwrap_or(0);
    let offset = scroll_offset(selected_row, rows.len(), usize::from(area.height));
    (rows, offset)
}

/// The event (its place in the day) drawn on screen line `y` of the list, for a click; `None`
/// on a heading, the line at now, or in the grid.
pub fn event_at(app: &App, route: &AgendaRoute, screen: Rect, y: u16) -> Option<usize> {
    let area = layout::agenda(screen).list;
    if layout::agenda_grid(screen, route.day(), app.dataset())
        || !(area.y..area.y + area.height).contains(&y)
    {
        return None;
    }
    let (rows, offset) = rows_on_screen(app, route, area);
    match rows.get(offset + usize::from(y - area.y))? {
        AgendaRow::Event(index) => Some(*index),
        AgendaRow::Time(_) | AgendaRow::Now(_) => None,
    }
}

/// The first row on screen: none above while the selection fits, then enough that it stays
/// three rows from the bottom (the rows after it show what comes next).
fn scroll_offset(selected: usize, len: usize, visible: usize) -> usize {
    let keep_below = 3.min(visible.saturating_sub(1));
    (selected + keep_below + 1)
        .saturating_sub(visible)
        .min(len.saturating_sub(visible))
}

/// How wide the room column is for a day: its widest room, at most 24 columns.
#[derive(Clone, Copy)]
struct RoomColumns(usize);

impl RoomColumns {
    fn of(app: &App, day: &AgendaDay) -> Self {
        let widest = day
            .slots
            .iter()
            .filter_map(|slot| app.dataset().text(slot.event, schema::event::VENUE))
            .map(text::width)
            .max()
            .unwrap_or(0);
        Self(widest.min(24))
    }
}

/// `┃  12:00–13:00  Ada     Breaking Badge Firmware · Ilse Vogt   ● now ⚠ clash`.
fn event_line(
    app: &App,
    slot: &AgendaSlot,
    rooms: RoomColumns,
    width: usize,
    selected: bool,
    theme: Theme,
) -> Line<'static> {
    let dataset = app.dataset();
    let event = slot.event;
    let mark = if app.is_marked(event) {
        Span::styled(CHOSEN_MARK.to_owned(), theme.active())
    } else if app.is_bookmarked(event) {
        Span::styled(MARK.to_owned(), theme.mark())
    } else {
        Span::raw(" ")
    };
    let time = format!("  {:<11}  ", slot.timing.clock_span());
    let room = format!(
        "{} ",
        text::fit(
            dataset.text(event, schema::event::VENUE).unwrap_or(""),
            rooms.0
        )
    );
    let track = track_bar(app, event, theme);
    let mut flags = String::new();
    if app.now().is_some_and(|at| slot.timing.runs_at(at)) {
        flags.push_str("  ● now");
    }
    if app.clashes_with_bookmarks(event) {
        flags.push_str("  ⚠ clash");
    }
    if let Some(change) = app.change_of(event) {
        flags.push_str("  ");
        flags.push_str(change);
    }
    let speakers = dataset
        .names(dataset.related(event, Role::Speakers))
        .join(", ");
    let used = 2 + text::width(&time) + text::width(&room) + text::width(&flags);
    let room_left = width.saturating_sub(used);
    let title = text::truncate(dataset.name(event), room_left);
    let after_title = room_left.saturating_sub(text::width(&title) + 3);
    let mut spans = vec![
        mark,
        Span::styled(time, theme.dim()),
        Span::raw(room),
        track,
        Span::raw(title),
    ];
    if !speakers.is_empty() && after_title > 1 {
        spans.push(Span::styled(
            format!(" · {}", text::truncate(&speakers, after_title)),
            theme.dim(),
        ));
    }
    if !flags.is_empty() {
        let line_width: usize = spans.iter().map(Span::width).sum();
        let pad = width.saturating_sub(line_width + text::width(&flags));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(flags, theme.active()));
    }
    let mut line = Line::from(spans);
    if selected {
        let used = line.width();
        line.spans
            .push(Span::raw(" ".repeat(width.saturating_sub(used))));
        line = line.patch_style(theme.selection());
    }
    line
}

/// A bar in the colour the schedule gives the talk's track, in the column before its title (a
/// space without colours, or without a colour for the track).
fn track_bar(app: &App, event: EntityRef, theme: Theme) -> Span<'static> {
    let dataset = app.dataset();
    let color = dataset
        .text(event, schema::event::TRACK)
        .zip(dataset.programme.as_ref())
        .and_then(|(track, programme)| programme.tracks.iter().find(|t| t.name == track))
        .and_then(|track| track.color.as_deref())
        .and_then(|color| color.parse::<ratatui::style::Color>().ok());
    match color {
        Some(color) if theme.color => Span::styled("▍", ratatui::style::Style::new().fg(color)),
        _ => Span::raw(" "),
    }
}

/// `── now 12:15 ──────`, on the schedule's clock.
fn now_line(day: &AgendaDay, at: jiff::Timestamp, width: usize, theme: Theme) -> Line<'static> {
    let clock = day
        .wall_clock(at)
        .map_or(String::new(), |c| c.strftime("%H:%M").to_string());
    let label = format!(" ── now {clock} ");
    let rest = width.saturating_sub(text::width(&label));
    Line::styled(format!("{label}{}", "─".repeat(rest)), theme.error())
}
