//! The agenda as Giggity and EventFahrplan draw it, on a wide terminal: rooms as columns in the
//! schedule's order, time as rows of 15 minutes, a talk spanning the rows it lasts. It
//! scrolls both ways to keep the selected talk in view; the row at now is marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::theme::Theme;
use crate::app::{AgendaDay, AgendaRoute, App};
use crate::layout::AGENDA_GRID_WIDTH;
use crate::model::{Dataset, Role, schema};
use crate::text;

/// Minutes a row stands for.
const STEP_MINUTES: i64 = 15;
/// The time column: ` 12:00 `.
const TIME_COLUMNS: u16 = 7;
/// The narrowest a room's column gets; fewer rooms are shown side by side then.
const MIN_ROOM_COLUMNS: u16 = 22;

/// Whether the day is drawn as a grid: a wide terminal, and a day of timed talks in two rooms
/// or more.
pub fn fits(app: &App, route: &AgendaRoute, area: Rect) -> bool {
    let day = route.day();
    area.width >= AGENDA_GRID_WIDTH
        && day.slots.iter().all(|slot| slot.timing.has_time)
        && rooms_of(app.dataset(), day).len() >= 2
}

/// The day's rooms in the schedule's order, then the others by name.
fn rooms_of<'d>(dataset: &'d Dataset, day: &AgendaDay) -> Vec<&'d str> {
    let mut rooms: Vec<&str> = day
        .slots
        .iter()
        .filter_map(|slot| dataset.text(slot.event, schema::event::VENUE))
        .collect();
    let order = |room: &str| {
        dataset
            .programme
            .as_ref()
            .and_then(|p| p.rooms.iter().position(|r| r == room))
            .unwrap_or(usize::MAX)
    };
    rooms.sort_by(|a, b| order(a).cmp(&order(b)).then(a.cmp(b)));
    rooms.dedup();
    rooms
}

pub fn draw(frame: &mut Frame<'_>, app: &App, route: &AgendaRoute, area: Rect, theme: Theme) {
    let dataset = app.dataset();
    let day = route.day();
    let rooms = rooms_of(dataset, day);
    let Some(first) = day.slots.first() else {
        return;
    };
    // The axis starts at the first start, on a quarter hour.
    let minute = |at: jiff::civil::DateTime| {
        let from = first.timing.local_start;
        let spent = at.duration_since(from).as_secs() / 60;
        spent + i64::from(from.minute()) % STEP_MINUTES
    };
    let axis_start = first
        .timing
        .local_start
        .checked_sub(jiff::SignedDuration::from_mins(
            i64::from(first.timing.local_start.minute()) % STEP_MINUTES,
        ))
        .unwrap_or(first.timing.local_start);
    let row_of =
        |at: jiff::civil::DateTime| usize::try_from(minute(at) / STEP_MINUTES).unwrap_or(0);
    let end_row_of = |at: jiff::civil::DateTime| {
        usize::try_from((minute(at) + STEP_MINUTES - 1) / STEP_MINUTES).unwrap_or(0)
    };
    let total_rows = day
        .slots
        .iter()
        .map(|slot| end_row_of(slot.timing.local_end).max(row_of(slot.timing.local_start) + 1))
        .max()
        .unwrap_or(1);

    // Which rooms fit side by side, from the one that keeps the selected talk in view.
    let shown_rooms =
        usize::from((area.width - TIME_COLUMNS) / MIN_ROOM_COLUMNS).clamp(1, rooms.len());
    let selected = day.slots.get(route.list.selected);
    let selected_room = selected
        .and_then(|slot| dataset.text(slot.event, schema::event::VENUE))
        .and_then(|room| rooms.iter().position(|&r| r == room))
        .unwrap_or(0);
    let first_room = (selected_room + 1)
        .saturating_sub(shown_rooms)
        .min(rooms.len() - shown_rooms);
    let room_width = (area.width - TIME_COLUMNS) / u16::try_from(shown_rooms).unwrap_or(1);

    // Rows: the room names, then the time rows from the one that keeps the selection in view.
    let visible = usize::from(area.height.saturating_sub(1));
    let selected_row = selected.map_or(0, |slot| row_of(slot.timing.local_start));
    let offset = (selected_row + 4)
        .saturating_sub(visible)
        .min(total_rows.saturating_sub(visible));
    let now_row = app
        .now()
        .filter(|&at| day.holds(at))
        .and_then(|at| day.wall_clock(at))
        .map(row_of);

    let buffer = frame.buffer_mut();
    let put = |buffer: &mut ratatui::buffer::Buffer,
               x: u16,
               y: u16,
               text: &str,
               width: u16,
               style: Style| {
        buffer.set_stringn(x, y, text, usize::from(width), style);
    };
    for (column, room) in rooms.iter().skip(first_room).take(shown_rooms).enumerate() {
        let x = area.x + TIME_COLUMNS + room_width * u16::try_from(column).unwrap_or(0);
        put(
            buffer,
            x,
            area.y,
            &format!("▏{}", text::truncate(room, usize::from(room_width) - 2)),
            room_width,
            theme.heading(),
        );
    }
    for screen_row in 0..visible.min(total_rows - offset) {
        let row = offset + screen_row;
        let y = area.y + 1 + u16::try_from(screen_row).unwrap_or(0);
        let at = axis_start
            .checked_add(jiff::SignedDuration::from_mins(
                i64::try_from(row).unwrap_or(0) * STEP_MINUTES,
            ))
            .unwrap_or(axis_start);
        let label = if now_row == Some(row) {
            (" now ▶".to_owned(), theme.error())
        } else if at.minute() % 30 == 0 {
            (format!(" {}", at.strftime("%H:%M")), theme.dim())
        } else {
            (String::new(), theme.dim())
        };
        put(buffer, area.x, y, &label.0, TIME_COLUMNS, label.1);
    }
    for (index, slot) in day.slots.iter().enumerate() {
        let room = dataset.text(slot.event, schema::event::VENUE);
        let Some(column) = room
            .and_then(|room| rooms.iter().position(|&r| r == room))
            .and_then(|at| at.checked_sub(first_room))
            .filter(|&at| at < shown_rooms)
        else {
            continue;
        };
        let x = area.x + TIME_COLUMNS + room_width * u16::try_from(column).unwrap_or(0);
        let first_row = row_of(slot.timing.local_start);
        let last_row = end_row_of(slot.timing.local_end).max(first_row + 1);
        let selected = index == route.list.selected;
        let base = if selected {
            theme.selection()
        } else {
            Style::new()
        };
        let mut lines = vec![(
            format!(
                "{} {}",
                super::agenda::clock_span(slot),
                dataset.name(slot.event)
            ),
            base,
        )];
        let speakers = dataset
            .names(dataset.related(slot.event, Role::Speakers))
            .join(", ");
        if !speakers.is_empty() {
            lines.push((speakers, base.patch(theme.dim())));
        }
        for row in first_row..last_row {
            if row < offset || row >= offset + visible {
                continue;
            }
            let y = area.y + 1 + u16::try_from(row - offset).unwrap_or(0);
            let (text, style) = lines
                .get(row - first_row)
                .cloned()
                .unwrap_or_else(|| (String::new(), base));
            let mark = if app.is_bookmarked(slot.event) {
                "┃"
            } else {
                "▏"
            };
            let cell = format!("{mark}{text}");
            let cell = text::fit(&cell, usize::from(room_width) - 1);
            put(buffer, x, y, &cell, room_width - 1, style);
        }
    }
}
