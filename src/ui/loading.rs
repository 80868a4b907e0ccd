//! The screen while a dataset loads: what is loading, a bar of how far, what has been typed
//! meanwhile (it is kept, and searched when the load is done), and how to leave.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::model::progress::Stage;
use crate::text;

/// What the loading screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadingView<'a> {
    /// The file's name (or "the built-in dataset").
    pub name: &'a str,
    pub stage: Stage,
    pub bytes_read: u64,
    /// The file's size; 0 when it is not known.
    pub total_bytes: u64,
    pub entities_parsed: u64,
    /// About how many entities the file holds (0: not known).
    pub entities_expected: u64,
    /// Tenths of a second since the start.
    pub tenths: u64,
    /// What was typed so far, as it will stand in the query.
    pub typed: &'a str,
}

impl LoadingView<'_> {
    /// How far the load is, in percent: reading is the first tenth of it, then each later
    /// stage a share as measured on a large file (parsing about a third, checking and indexing
    /// the rest); within reading by the bytes read, within parsing by the entities parsed.
    fn percent(&self) -> u64 {
        let share = |done: u64, total: u64, width: u64| {
            (done.saturating_mul(width))
                .checked_div(total)
                .unwrap_or(0)
                .min(width)
        };
        match self.stage {
            Stage::Asking => 0,
            Stage::Reading => share(self.bytes_read, self.total_bytes, 10),
            Stage::Parsing => 10 + share(self.entities_parsed, self.entities_expected, 35),
            Stage::Checking => 45,
            Stage::Indexing => 80,
        }
    }

    fn what(&self) -> String {
        let megabytes = |bytes: u64| bytes.div_ceil(1_000_000);
        match self.stage {
            Stage::Reading if self.total_bytes > 0 => format!(
                "reading {} of {} MB",
                megabytes(self.bytes_read),
                megabytes(self.total_bytes)
            ),
            Stage::Parsing if self.entities_expected > 0 => format!(
                "parsing · {} of about {} entities",
                self.entities_parsed, self.entities_expected
            ),
            Stage::Parsing => format!("parsing · {} entities so far", self.entities_parsed),
            stage => stage.label().to_owned(),
        }
    }
}

/// Draws the loading screen into the whole frame.
pub fn draw(frame: &mut Frame<'_>, view: &LoadingView<'_>, theme: Theme) {
    let area = frame.area();
    let width = usize::from(area.width.saturating_sub(2));
    let percent = view.percent();
    let bar_width = width.saturating_sub(6).min(60);
    let filled = bar_width * usize::try_from(percent).unwrap_or(100) / 100;
    let bar = format!(
        "{}{} {percent:>3}%",
        "█".repeat(filled),
        "░".repeat(bar_width - filled)
    );
    let seconds = format!("{}.{} s", view.tenths / 10, view.tenths % 10);
    let mut lines = vec![
        Line::styled(
            text::truncate(&format!("Loading {}", view.name), width),
            theme.heading(),
        ),
        Line::default(),
        Line::from(bar),
        Line::styled(
            text::truncate(&format!("{} · {seconds}", view.what()), width),
            theme.dim(),
        ),
        Line::default(),
    ];
    if !view.typed.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Typed: ", theme.dim()),
            Span::raw(text::truncate(view.typed, width.saturating_sub(7))),
        ]));
        lines.push(Line::styled(
            text::truncate("searched as soon as the data is in", width),
            theme.dim(),
        ));
    }
    lines.push(Line::styled(
        text::truncate("Type to search · Ctrl-C quits", width),
        theme.dim(),
    ));
    let inner = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(2),
        area.height,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}
