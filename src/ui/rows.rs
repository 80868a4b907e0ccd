//! One entity as a list row: kind tag, name with matched characters highlighted, and context,
//! cut to the row's width with `…` and never wrapped.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::{Theme, kind_tag};
use crate::model::Kind;
use crate::text;

/// What a row shows.
pub struct EntityRow<'a> {
    pub kind: Kind,
    pub name: &'a str,
    pub context: &'a str,
    /// Character positions of `name` to highlight.
    pub matched: &'a [usize],
    pub selected: bool,
    /// Bookmarked: a mark in the first column.
    pub marked: bool,
    /// A bookmarked event that overlaps another bookmarked one: `!` in the first column.
    pub clash: bool,
    /// Marked to act on with others (bookmark, export, pick): `•` in the first column.
    pub chosen: bool,
    /// How the event changed since the schedule was last opened: `new`, `moved`, `changed`,
    /// said before the context.
    pub changed: Option<&'static str>,
}

/// The mark of a row marked to act on with others.
pub const CHOSEN_MARK: &str = "•";

/// The mark of a bookmarked event that clashes with another bookmark.
pub const CLASH_MARK: &str = "!";

/// The mark of a bookmarked entity: one column, visible without colour.
pub const MARK: &str = "┃";

/// Builds the row for a pane `width` columns wide, `indent` columns in.
pub fn entity_row(row: &EntityRow<'_>, width: usize, indent: usize, theme: Theme) -> Line<'static> {
    let tag = kind_tag(row.kind);
    let lead = indent + 1 + text::width(tag) + 1;
    let room = width.saturating_sub(lead);
    let name = text::truncate(row.name, room);
    let lead_space = if row.chosen {
        Span::styled(
            format!("{CHOSEN_MARK}{}", " ".repeat(indent)),
            theme.active(),
        )
    } else if row.marked && row.clash {
        Span::styled(format!("{CLASH_MARK}{}", " ".repeat(indent)), theme.error())
    } else if row.marked {
        Span::styled(format!("{MARK}{}", " ".repeat(indent)), theme.mark())
    } else {
        Span::raw(" ".repeat(indent + 1))
    };
    let mut spans = vec![
        lead_space,
        Span::styled(tag, theme.kind(row.kind)),
        Span::raw(" "),
    ];
    spans.extend(highlighted(&name, row.matched, theme));
    let mut room = room.saturating_sub(text::width(&name) + 2);
    if let Some(change) = row.changed.filter(|change| room > change.len()) {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(change, theme.active()));
        room = room.saturating_sub(change.len() + 2);
    }
    if room > 1 && !row.context.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(text::truncate(row.context, room), theme.dim()));
    }
    let mut line = Line::from(spans);
    if row.selected {
        let used = line.width();
        line.spans
            .push(Span::raw(" ".repeat(width.saturating_sub(used))));
        line = line.patch_style(theme.selection());
    }
    line
}

/// The name as spans, the matched characters in the match style.
fn highlighted(name: &str, matched: &[usize], theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (index, c) in name.chars().enumerate() {
        let is_matched = matched.binary_search(&index).is_ok();
        if is_matched != run_matched && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), run_matched, theme));
        }
        run_matched = is_matched;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(styled_run(run, run_matched, theme));
    }
    spans
}

fn styled_run(text: String, matched: bool, theme: Theme) -> Span<'static> {
    let style = if matched {
        theme.matched()
    } else {
        Style::new()
    };
    Span::styled(text, style)
}
