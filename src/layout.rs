//! Screen geometry: where each pane goes at a given terminal size. Pure arithmetic on `Rect`,
//! shared by `app` (page size, scrolling), `ui` (drawing) and the event loop (mouse hits), so
//! the three always agree.

use ratatui::layout::Rect;

/// Below this size the explorer shows a one-line message instead of its panes.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 6;

/// From this width on, the search preview sits beside the list.
const SIDE_BY_SIDE_WIDTH: u16 = 80;
/// From this width on, an entity's fields sit beside its relations.
const ENTITY_SIDE_BY_SIDE_WIDTH: u16 = 100;
/// Under the side-by-side width, the preview goes below the list when the body has this many
/// rows, and is hidden otherwise.
const STACKED_PREVIEW_MIN_BODY: u16 = 16;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The preview beside (or below) the search results, as fzf's `--preview-window` sets it:
/// shown or hidden, and how much of the body the list takes, in twentieths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewWindow {
    pub shown: bool,
    pub list_share: u16,
}

/// The list's share of the body is counted in this many parts.
const SHARES: u16 = 20;

impl Default for PreviewWindow {
    fn default() -> Self {
        Self {
            shown: true,
            list_share: 9,
        }
    }
}

impl PreviewWindow {
    /// The list keeps at least this many twentieths, and leaves the preview at least as many.
    const MIN_SHARE: u16 = 4;

    /// The preview a twentieth wider (`wider`) or narrower, within bounds; shown again.
    pub fn resized(self, wider: bool) -> Self {
        let share = if wider {
            self.list_share.saturating_sub(1)
        } else {
            self.list_share + 1
        };
        Self {
            shown: true,
            list_share: share.clamp(Self::MIN_SHARE, SHARES - Self::MIN_SHARE),
        }
    }
}

/// The search screen: breadcrumbs, query line, kind tabs, results with a preview, status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLayout {
    pub crumbs: Rect,
    pub query: Rect,
    pub tabs: Rect,
    pub list: Rect,
    pub preview: Option<Rect>,
    pub status: Rect,
}

/// The agenda: breadcrumbs, the day tabs, the day's programme, status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaLayout {
    pub crumbs: Rect,
    pub days: Rect,
    pub list: Rect,
    pub status: Rect,
}

pub fn agenda(area: Rect) -> AgendaLayout {
    AgendaLayout {
        crumbs: row(area, 0),
        days: row(area, 1),
        list: body(area, 2),
        status: row(area, area.height.saturating_sub(1)),
    }
}

/// From this width on, the agenda draws a grid: rooms as columns, time as rows.
pub const AGENDA_GRID_WIDTH: u16 = 120;

/// Whether the agenda's day is drawn as a grid on a screen of `area`.
pub fn agenda_grid(
    area: Rect,
    day: &crate::schedule::agenda::AgendaDay,
    dataset: &crate::model::Dataset,
) -> bool {
    agenda(area).list.width >= AGENDA_GRID_WIDTH && day.suits_a_grid(dataset)
}

/// One entity's page: breadcrumbs, its fields, its relations, status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityLayout {
    pub crumbs: Rect,
    pub fields: Rect,
    pub relations: Rect,
    pub status: Rect,
}

fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, area.y + y, area.width, 1)
}

/// The rows between the top line and the status line, starting `top` rows down.
fn body(area: Rect, top: u16) -> Rect {
    let height = area.height.saturating_sub(top + 1);
    Rect::new(area.x, area.y + top, area.width, height)
}

/// The area cut in two side by side: the left `width` columns, and the rest.
fn split_columns(area: Rect, width: u16) -> (Rect, Rect) {
    let width = width.min(area.width);
    let left = Rect { width, ..area };
    let right = Rect {
        x: area.x + width,
        width: area.width - width,
        ..area
    };
    (left, right)
}

/// The area cut in two one above the other: the top `height` rows, and the rest.
fn split_rows(area: Rect, height: u16) -> (Rect, Rect) {
    let height = height.min(area.height);
    let top = Rect { height, ..area };
    let bottom = Rect {
        y: area.y + height,
        height: area.height - height,
        ..area
    };
    (top, bottom)
}

pub fn search(area: Rect, window: PreviewWindow) -> SearchLayout {
    let body = body(area, 3);
    let (list, preview) = if !window.shown {
        (body, None)
    } else if area.width >= SIDE_BY_SIDE_WIDTH {
        let (list, preview) = split_columns(body, body.width * window.list_share / SHARES);
        (list, Some(preview))
    } else if body.height >= STACKED_PREVIEW_MIN_BODY {
        let (list, preview) = split_rows(body, body.height * window.list_share / SHARES);
        (list, Some(preview))
    } else {
        (body, None)
    };
    SearchLayout {
        crumbs: row(area, 0),
        query: row(area, 1),
        tabs: row(area, 2),
        list,
        preview,
        status: row(area, area.height.saturating_sub(1)),
    }
}

/// The rows the relations keep at least when the fields are stacked above them.
const MIN_RELATION_ROWS: u16 = 3;

/// Whether an entity's fields sit beside its relations (else above them).
pub fn entity_side_by_side(area: Rect) -> bool {
    area.width >= ENTITY_SIDE_BY_SIDE_WIDTH
}

/// The relations beside an entity's fields take at least this many columns (a kind tag and a
/// name of some length).
const MIN_RELATION_COLUMNS: u16 = 44;

/// The fields beside the relations take at least this many columns (a readable line of prose
/// with its label), or 9 twentieths of the width when that is more.
const MIN_FIELD_COLUMNS: u16 = 76;

/// An entity's page. Side by side, the fields take at least what their lines want unwrapped
/// (`field_columns`) up to a readable measure, and the relations the columns their rows want
/// (`relation_columns`) of what is left, at least `MIN_RELATION_COLUMNS`; the fields take
/// the rest. Stacked, the fields get the rows they want
/// (`field_rows`, border included) as far as the relations (`relation_rows` of them) can
/// spare: the relations keep a third of the body, or all they need if less, and never fewer
/// than three rows.
pub fn entity(
    area: Rect,
    (field_rows, field_columns): (usize, usize),
    (relation_rows, relation_columns): (usize, usize),
) -> EntityLayout {
    let body = body(area, 1);
    let (fields, relations) = if entity_side_by_side(area) {
        let least_relations = MIN_RELATION_COLUMNS.min(body.width);
        let measure = MIN_FIELD_COLUMNS.max(body.width * 9 / 20);
        let least_fields = u16::try_from(field_columns)
            .unwrap_or(u16::MAX)
            .min(measure)
            .min(body.width - least_relations);
        let wanted = u16::try_from(relation_columns).unwrap_or(u16::MAX);
        let relations = wanted.clamp(least_relations, body.width - least_fields);
        split_columns(body, body.width - relations)
    } else {
        let relations_keep = u16::try_from(relation_rows)
            .unwrap_or(u16::MAX)
            .min(body.height / 3)
            .max(MIN_RELATION_ROWS);
        let wanted = u16::try_from(field_rows).unwrap_or(u16::MAX);
        split_rows(body, wanted.min(body.height.saturating_sub(relations_keep)))
    };
    EntityLayout {
        crumbs: row(area, 0),
        fields,
        relations,
        status: row(area, area.height.saturating_sub(1)),
    }
}

/// How many entries a list pane shows at once.
pub fn list_rows(pane: Rect) -> usize {
    usize::from(pane.height)
}

/// Whether a point lies in a rectangle.
pub fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.right() && row >= area.y && row < area.bottom()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_sits_beside_below_or_nowhere() {
        let window = PreviewWindow::default();
        assert!(search(Rect::new(0, 0, 120, 40), window).preview.unwrap().x > 0);
        let stacked = search(Rect::new(0, 0, 60, 30), window);
        assert!(stacked.preview.unwrap().y > stacked.list.y);
        assert_eq!(search(Rect::new(0, 0, 50, 15), window).preview, None);
        let hidden = PreviewWindow {
            shown: false,
            ..window
        };
        assert_eq!(search(Rect::new(0, 0, 120, 40), hidden).list.width, 120);
    }

    #[test]
    fn the_preview_resizes_within_bounds() {
        let mut window = PreviewWindow::default();
        for _ in 0..30 {
            window = window.resized(true);
        }
        assert_eq!(window.list_share, PreviewWindow::MIN_SHARE);
        for _ in 0..30 {
            window = window.resized(false);
        }
        assert_eq!(window.list_share, SHARES - PreviewWindow::MIN_SHARE);
        let hidden = PreviewWindow {
            shown: false,
            ..window
        };
        assert!(hidden.resized(true).shown, "resizing shows it");
    }

    #[test]
    fn stacked_fields_take_what_they_need_and_leave_the_relations_a_third() {
        let area = Rect::new(0, 0, 80, 24);
        assert_eq!(entity(area, (5, 80), (40, 60)).fields.height, 5);
        assert_eq!(entity(area, (30, 80), (40, 60)).relations.height, 7);
        assert_eq!(entity(area, (30, 80), (4, 60)).relations.height, 4);
        assert_eq!(entity(area, (30, 80), (0, 60)).relations.height, 3);
    }

    #[test]
    fn beside_the_fields_the_relations_take_what_their_rows_want_within_bounds() {
        let at = |width, wanted| entity(Rect::new(0, 0, width, 40), (0, 300), (6, wanted));
        // At 120 columns the fields keep a readable measure; the relations get the rest.
        assert_eq!(at(120, 93).fields.width, 76);
        assert_eq!(at(120, 93).relations.width, 44);
        assert_eq!(
            at(200, 60).relations.width,
            60,
            "no more than the relations want"
        );
        assert_eq!(at(120, 10).relations.width, MIN_RELATION_COLUMNS);
        // Wide, the relations take what they want; at 100, both keep their least.
        assert_eq!(at(200, 93).relations.width, 93);
        assert_eq!(at(100, 93).relations.width, MIN_RELATION_COLUMNS);
        assert_eq!(at(100, 93).fields.width, 56);
        // Fields of a few short lines leave the relations the width they want.
        let short = entity(Rect::new(0, 0, 120, 40), (0, 30), (6, 93));
        assert_eq!(short.relations.width, 90);
    }

    #[test]
    fn panes_never_leave_the_screen() {
        for (width, height) in [(30, 6), (80, 24), (50, 15), (200, 60), (99, 7)] {
            let area = Rect::new(0, 0, width, height);
            let s = search(area, PreviewWindow::default());
            let e = entity(area, (12, 80), (12, 60));
            for pane in [
                s.crumbs,
                s.query,
                s.tabs,
                s.list,
                s.status,
                e.fields,
                e.relations,
            ]
            .into_iter()
            .chain(s.preview)
            {
                assert!(area.union(pane) == area, "{pane:?} outside {area:?}");
            }
        }
    }
}
