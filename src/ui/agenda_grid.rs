//! The agenda as Giggity and EventFahrplan draw it, on a wide terminal: rooms as columns in the
//! schedule's order, time as rows of 15 minutes, a talk spanning the rows it lasts. It
//! scrolls both ways to keep the selected talk in view; the row at now is marked.

use jiff::SignedDuration;
use jiff::civil::DateTime;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::theme::Theme;
use crate::app::{AgendaRoute, App};
use crate::model::{Dataset, Role, schema};
use crate::schedule::agenda::{AgendaDay, AgendaSlot};
use crate::text;

/// Minutes a row stands for.
const STEP_MINUTES: i64 = 15;
/// The time column: ` 12:00 `.
const TIME_COLUMNS: u16 = 7;
/// The narrowest a room's column gets; fewer rooms are shown side by side then.
const MIN_ROOM_COLUMNS: u16 = 22;

/// The time axis: rows of `STEP_MINUTES` from the quarter hour of the day's first start.
struct Axis {
    start: DateTime,
    rows: usize,
}

impl Axis {
    fn of(day: &AgendaDay) -> Option<Self> {
        let first = day.slots.first()?.timing.local_start;
        let into_quarter = i64::from(first.minute()) % STEP_MINUTES;
        let start = first
            .checked_sub(SignedDuration::from_mins(into_quarter))
            .unwrap_or(first);
        let mut axis = Self { start, rows: 1 };
        axis.rows = day
            .slots
            .iter()
            .map(|slot| axis.rows_of(slot).end)
            .max()
            .unwrap_or(1);
        Some(axis)
    }

    /// The row a moment falls in.
    fn row(&self, at: DateTime) -> usize {
        let minutes = at.duration_since(self.start).as_secs() / 60;
        usize::try_from(minutes / STEP_MINUTES).unwrap_or(0)
    }

    /// The rows a talk covers: from its start's row to the row its end falls in, one at least.
    fn rows_of(&self, slot: &AgendaSlot) -> std::ops::Range<usize> {
        let first = self.row(slot.timing.local_start);
        let minutes = slot.timing.local_end.duration_since(self.start).as_secs() / 60;
        let last = usize::try_from((minutes + STEP_MINUTES - 1) / STEP_MINUTES).unwrap_or(0);
        first..last.max(first + 1)
    }

    fn time_at(&self, row: usize) -> DateTime {
        let minutes = i64::try_from(row).unwrap_or(0) * STEP_MINUTES;
        self.start
            .checked_add(SignedDuration::from_mins(minutes))
            .unwrap_or(self.start)
    }
}

/// What part of the grid is on screen: the rooms side by side and the first row.
struct View<'d> {
    area: Rect,
    rooms: Vec<&'d str>,
    first_room: usize,
    shown_rooms: usize,
    room_width: u16,
    first_row: usize,
    /// Rows of time on screen (below the room names).
    visible_rows: usize,
}

impl<'d> View<'d> {
    /// The view that keeps the selected talk in sight, with a few rows after its start.
    fn new(dataset: &'d Dataset, route: &AgendaRoute, axis: &Axis, area: Rect) -> Self {
        let rooms = route.day().rooms(dataset);
        let room_space = area.width.saturating_sub(TIME_COLUMNS);
        let shown_rooms = usize::from(room_space / MIN_ROOM_COLUMNS).clamp(1, rooms.len().max(1));
        let selected = route.day().slots.get(route.list.selected);
        let selected_room = selected
            .and_then(|slot| dataset.text(slot.event, schema::event::VENUE))
            .and_then(|room| rooms.iter().position(|&r| r == room))
            .unwrap_or(0);
        let first_room = (selected_room + 1)
            .saturating_sub(shown_rooms)
            .min(rooms.len().saturating_sub(shown_rooms));
        let visible_rows = usize::from(area.height.saturating_sub(1));
        let selected_row = selected.map_or(0, |slot| axis.row(slot.timing.local_start));
        let first_row = (selected_row + 4)
            .saturating_sub(visible_rows)
            .min(axis.rows.saturating_sub(visible_rows));
        Self {
            area,
            room_width: room_space / u16::try_from(shown_rooms).unwrap_or(1),
            rooms,
            first_room,
            shown_rooms,
            first_row,
            visible_rows,
        }
    }

    /// The left edge of a room's column, if it is on screen.
    fn column_x(&self, room: Option<&str>) -> Option<u16> {
        let at = self.rooms.iter().position(|&r| Some(r) == room)?;
        let column = at
            .checked_sub(self.first_room)
            .filter(|&c| c < self.shown_rooms)?;
        Some(self.area.x + TIME_COLUMNS + self.room_width * u16::try_from(column).ok()?)
    }

    /// The screen line of a row of time, if it is on screen.
    fn row_y(&self, row: usize) -> Option<u16> {
        let on_screen = row
            .checked_sub(self.first_row)
            .filter(|&r| r < self.visible_rows)?;
        Some(self.area.y + 1 + u16::try_from(on_screen).ok()?)
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App, route: &AgendaRoute, area: Rect, theme: Theme) {
    let day = route.day();
    let Some(axis) = Axis::of(day) else {
        return;
    };
    let view = View::new(app.dataset(), route, &axis, area);
    let now_row = app
        .now()
        .filter(|&at| day.holds(at))
        .and_then(|at| day.wall_clock(at))
        .map(|at| axis.row(at));
    let buffer = frame.buffer_mut();
    draw_room_names(buffer, &view, theme);
    draw_times(buffer, &view, &axis, now_row, theme);
    for (index, slot) in day.slots.iter().enumerate() {
        let selected = index == route.list.selected;
        draw_talk(buffer, app, &view, &axis, slot, selected, theme);
    }
}

fn draw_room_names(buffer: &mut Buffer, view: &View<'_>, theme: Theme) {
    for &room in view
        .rooms
        .iter()
        .skip(view.first_room)
        .take(view.shown_rooms)
    {
        if let Some(x) = view.column_x(Some(room)) {
            let name = text::truncate(room, usize::from(view.room_width).saturating_sub(2));
            let width = usize::from(view.room_width);
            buffer.set_stringn(x, view.area.y, format!("▏{name}"), width, theme.heading());
        }
    }
}

/// The time column: every half hour labelled, the row at now marked.
fn draw_times(buffer: &mut Buffer, view: &View<'_>, axis: &Axis, now: Option<usize>, theme: Theme) {
    for row in view.first_row..axis.rows {
        let Some(y) = view.row_y(row) else {
            break;
        };
        let at = axis.time_at(row);
        let (label, style) = if now == Some(row) {
            (" now ▶".to_owned(), theme.error())
        } else if at.minute() % 30 == 0 {
            (format!(" {}", at.strftime("%H:%M")), theme.dim())
        } else {
            continue;
        };
        buffer.set_stringn(view.area.x, y, label, usize::from(TIME_COLUMNS), style);
    }
}

/// A talk in its room's column over the rows it lasts: its time and title, its speakers, then
/// the bar that shows it goes on. A bookmarked talk's bar is heavy.
fn draw_talk(
    buffer: &mut Buffer,
    app: &App,
    view: &View<'_>,
    axis: &Axis,
    slot: &AgendaSlot,
    selected: bool,
    theme: Theme,
) {
    let dataset = app.dataset();
    let Some(x) = view.column_x(dataset.text(slot.event, schema::event::VENUE)) else {
        return;
    };
    let base = if selected {
        theme.selection()
    } else {
        Style::new()
    };
    let title = format!("{} {}", slot.timing.clock_span(), dataset.name(slot.event));
    let speakers = dataset
        .names(dataset.related(slot.event, Role::Speakers))
        .join(", ");
    let lines = [(title, base), (speakers, base.patch(theme.dim()))];
    let bar = if app.is_bookmarked(slot.event) {
        "┃"
    } else {
        "▏"
    };
    let width = usize::from(view.room_width.saturating_sub(1));
    for (nth, row) in axis.rows_of(slot).enumerate() {
        let Some(y) = view.row_y(row) else {
            continue;
        };
        let (line, style) = lines
            .get(nth)
            .map_or((String::new(), base), |(l, s)| (l.clone(), *s));
        let cell = text::fit(&format!("{bar}{line}"), width);
        buffer.set_stringn(x, y, cell, width, style);
    }
}
