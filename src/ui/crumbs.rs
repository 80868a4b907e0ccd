//! The breadcrumbs on the top line: one crumb per screen in the history, the oldest cut first
//! when they do not fit. The same placement serves drawing and mouse clicks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::text;

const SEPARATOR: &str = " › ";
const ELLIPSIS: &str = "… › ";
/// A crumb is never longer than this, so one long name cannot push the others out.
const MAX_CRUMB: usize = 32;

/// Where one crumb stands on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedCrumb {
    /// Its depth in the history (0 = the first search).
    pub depth: usize,
    pub x: u16,
    pub text: String,
}

/// Places the crumbs in `width` columns, dropping the oldest until the rest fit.
pub fn place(labels: &[String], width: u16) -> Vec<PlacedCrumb> {
    let width = usize::from(width);
    let labels: Vec<String> = labels
        .iter()
        .map(|l| text::truncate(l, MAX_CRUMB))
        .collect();
    let mut first = 0;
    loop {
        let prefix = if first > 0 { text::width(ELLIPSIS) } else { 0 };
        let total: usize = prefix
            + labels[first..]
                .iter()
                .map(|l| text::width(l))
                .sum::<usize>()
            + text::width(SEPARATOR) * labels.len().saturating_sub(first + 1);
        if total <= width || first + 1 >= labels.len() {
            let mut x = prefix;
            return labels
                .iter()
                .enumerate()
                .skip(first)
                .map(|(depth, label)| {
                    let text = text::truncate(label, width.saturating_sub(x));
                    let placed = PlacedCrumb {
                        depth,
                        x: u16::try_from(x).unwrap_or(u16::MAX),
                        text,
                    };
                    x += text::width(&placed.text) + text::width(SEPARATOR);
                    placed
                })
                .collect();
        }
        first += 1;
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, labels: &[String], theme: Theme) {
    let placed = place(labels, area.width);
    let mut spans = Vec::new();
    if placed.first().is_some_and(|c| c.depth > 0) {
        spans.push(Span::styled(ELLIPSIS, theme.dim()));
    }
    let last = labels.len().saturating_sub(1);
    for (i, crumb) in placed.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEPARATOR, theme.dim()));
        }
        let style = if crumb.depth == last {
            theme.heading()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(crumb.text.clone(), style));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The depth of the crumb at column `x` of the line, if any.
pub fn hit(labels: &[String], width: u16, x: u16) -> Option<usize> {
    place(labels, width).into_iter().find_map(|crumb| {
        let end = crumb.x + u16::try_from(text::width(&crumb.text)).unwrap_or(u16::MAX);
        (x >= crumb.x && x < end).then_some(crumb.depth)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn crumbs_that_fit_are_all_placed() {
        let placed = place(
            &labels(&["Search \"spreck\"", "Cord Spreckelsen", "Datenschutz"]),
            80,
        );
        let xs: Vec<u16> = placed.iter().map(|c| c.x).collect();
        assert_eq!(xs, [0, 18, 37]);
    }

    #[test]
    fn the_oldest_crumbs_go_first_when_space_runs_out() {
        let placed = place(&labels(&["Search", "Cord Spreckelsen", "Datenschutz"]), 36);
        let depths: Vec<usize> = placed.iter().map(|c| c.depth).collect();
        assert_eq!(depths, [1, 2]);
    }

    #[test]
    fn a_click_finds_its_crumb() {
        let names = labels(&["Search", "Cord Spreckelsen"]);
        assert_eq!(hit(&names, 80, 2), Some(0));
        assert_eq!(hit(&names, 80, 7), None);
        assert_eq!(hit(&names, 80, 9), Some(1));
    }
}
