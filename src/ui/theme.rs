//! The colours of the explorer by role, and the monochrome theme `NO_COLOR` asks for, in which
//! the selection still shows (reverse video) and matches stay visible (bold, underlined).

use ratatui::style::{Color, Modifier, Style};

use crate::config::Palette;
use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    palette: Palette,
}

impl Theme {
    pub const COLOR: Theme = Theme {
        color: true,
        palette: Palette::DEFAULT,
    };
    pub const MONOCHROME: Theme = Theme {
        color: false,
        palette: Palette::DEFAULT,
    };

    /// The theme to draw with: the configured colours, unless colour is off (`NO_COLOR`, no
    /// terminal).
    pub fn new(palette: Palette, color: bool) -> Self {
        Self { color, palette }
    }

    fn pick(self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// The selected row of a list.
    pub fn selection(self) -> Style {
        self.pick(
            Style::new()
                .bg(self.palette.selection)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Characters the query matched.
    pub fn matched(self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.matched)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn kind(self, kind: Kind) -> Style {
        self.pick(Style::new().fg(self.palette.kind(kind)), Style::new())
    }

    pub fn border(self) -> Style {
        self.pick(Style::new().fg(self.palette.border), Style::new())
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Context beside names, labels, hints.
    pub fn dim(self) -> Style {
        self.pick(
            Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
            Style::new(),
        )
    }

    /// The active tab and the current breadcrumb.
    pub fn active(self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(self.palette.accent)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn prompt(self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.accent)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A mistake in the query, on the status line.
    /// Results of an older query, kept while the typed one has a mistake: dimmed, in
    /// monochrome too (an attribute, not a colour).
    pub fn stale(self) -> Style {
        self.pick(
            Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn error(self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.error)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Status-line key names.
    pub fn key(self) -> Style {
        self.pick(
            Style::new().fg(self.palette.accent),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The mark before a bookmarked entity in lists.
    pub fn mark(self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.accent)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}

/// The short tag lists show before a name.
pub fn kind_tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Event => "evt",
        Kind::Speaker => "spk",
        Kind::Topic => "top",
        Kind::Organization => "org",
        Kind::Project => "prj",
        Kind::Source => "src",
    }
}
