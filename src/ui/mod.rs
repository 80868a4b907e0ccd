//! Drawing: one file per pane or overlay. Views read the app by reference and never change it;
//! only the rows on screen are built.

mod agenda;
mod agenda_grid;
mod crumbs;
mod entity;
mod facets;
mod help;
pub mod loading;
mod rows;
mod search;
mod status;
mod theme;

pub use theme::Theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{App, Mode, Route};
use crate::config::Keymap;
use crate::layout;
use crate::text;

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame<'_>, app: &App, keymap: &Keymap, theme: Theme) {
    let area = frame.area();
    if layout::too_small(area) {
        draw_too_small(frame, area);
        return;
    }
    let status_area = match app.route() {
        Route::Search(search_route) => {
            search::draw(frame, app, search_route, theme);
            layout::search(area, app.preview_window()).status
        }
        Route::Entity(page) => {
            entity::draw(frame, app, page, theme);
            app.page()
                .map_or(layout::search(area, app.preview_window()).status, |view| {
                    view.layout.status
                })
        }
        Route::Agenda(agenda_route) => {
            agenda::draw(frame, app, agenda_route, theme);
            layout::agenda(area).status
        }
    };
    let crumbs_area = Rect::new(area.x, area.y, area.width, 1);
    crumbs::draw(frame, crumbs_area, &app.breadcrumbs(), theme);
    // A mistake in the query matters most, then what just happened, then the title.
    let status = match (app.query_error(), app.message()) {
        (Some(error), _) => status::StatusText::Error(error),
        (None, Some(message)) => status::StatusText::Message(message),
        (None, None) => {
            status::StatusText::Title(app.dataset().title.as_deref().unwrap_or("lotse"))
        }
    };
    match app.prompt() {
        Some(prompt) => status::draw_prompt(frame, status_area, prompt, keymap, theme),
        None => {
            let mode = (app.mode(), app.is_picking());
            status::draw(frame, status_area, &status, keymap, mode, theme);
        }
    }
    // What does not fit the status line is shown whole above it: a mistake in the query, or
    // what just happened (what changed since the schedule was last opened can be long).
    match (app.query_error(), app.message(), app.prompt()) {
        (Some(error), _, _) => {
            draw_long_text(frame, status_area, &format!("⚠ {error}"), theme.error())
        }
        (None, Some(message), None) => draw_long_text(frame, status_area, message, theme.prompt()),
        _ => {}
    }
    match app.mode() {
        Mode::Help => help::draw(frame, keymap, help_of(app), app.help_scroll(), theme),
        Mode::Facets => facets::draw(frame, app, theme),
        Mode::Search | Mode::Entity | Mode::Agenda | Mode::Prompt => {}
    }
}

/// A text too long for the status line (a mistake in the query, a long message), wrapped
/// whole into the rows that end with the status line (over the last rows of the list), so the
/// key hints never cut it off.
fn draw_long_text(
    frame: &mut Frame<'_>,
    status_area: Rect,
    message: &str,
    style: ratatui::style::Style,
) {
    // One column of margin on each side, as the status line has.
    let width = usize::from(status_area.width.saturating_sub(2)).max(1);
    if text::width(message) <= width {
        return;
    }
    let lines = text::wrap(message, width);
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .min(status_area.y + 1);
    let area = Rect::new(
        status_area.x,
        status_area.y + 1 - height,
        status_area.width,
        height,
    );
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .map(|line| Line::styled(format!(" {line}"), style))
        .collect();
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(Paragraph::new(lines), area);
}

/// The keys the help shows are those of the screen (or overlay) under it.
/// Whose keys the help shows.
fn help_of(app: &App) -> help::HelpOf {
    help::HelpOf {
        mode: mode_under_help(app),
        picking: app.is_picking(),
    }
}

fn mode_under_help(app: &App) -> Mode {
    match app.route() {
        _ if app.facets().is_some() => Mode::Facets,
        Route::Search(_) => Mode::Search,
        Route::Entity(_) => Mode::Entity,
        Route::Agenda(_) => Mode::Agenda,
    }
}

/// Tells an app whose help is open how far the help can scroll, as it is laid out on the
/// app's screen: the loop calls it before a key reaches the help.
pub fn measure_help(app: &mut App, keymap: &Keymap) {
    if app.mode() == Mode::Help {
        let limit = help::scroll_limit(keymap, help_of(app), app.area());
        app.notify(crate::app::InternalEvent::HelpLimit(limit));
    }
}

fn draw_too_small(frame: &mut Frame<'_>, area: Rect) {
    let message = format!(
        "Too small: need {}x{} (now {}x{})",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    let lines: Vec<Line<'_>> = text::wrap(&message, usize::from(area.width))
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// What a mouse click at a cell lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A row of the list on screen, by its index in the whole list.
    ListRow(usize),
    /// A breadcrumb, by its depth in the history.
    Crumb(usize),
    /// An entity's fields pane.
    Fields,
}

/// The target under the mouse at (`column`, `row`) of a screen of size `area`.
pub fn hit_test(app: &App, area: Rect, column: u16, row: u16) -> Option<Target> {
    if layout::too_small(area) || matches!(app.mode(), Mode::Help | Mode::Facets | Mode::Prompt) {
        return None;
    }
    if row == area.y {
        return crumbs::hit(&app.breadcrumbs(), area.width, column).map(Target::Crumb);
    }
    let page = app.page();
    if let Some(view) = page
        && layout::contains(view.layout.fields, column, row)
    {
        return Some(Target::Fields);
    }
    let (list, offset) = match (app.route(), page) {
        (Route::Entity(route), Some(view)) => (view.layout.relations, route.list.offset),
        (Route::Search(search), _) => (
            layout::search(area, app.preview_window()).list,
            search.list.offset,
        ),
        (Route::Agenda(route), _) => {
            return agenda::event_at(app, route, area, row).map(Target::ListRow);
        }
        (Route::Entity(_), None) => return None,
    };
    layout::contains(list, column, row).then(|| Target::ListRow(offset + usize::from(row - list.y)))
}
