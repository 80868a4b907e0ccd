//! The colours of the explorer by role, and the monochrome theme `NO_COLOR` asks for, in which
//! the selection still shows (reverse video) and matches stay visible (bold, underlined).

use ratatui::style::{Color, Modifier, Style};

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub const COLOR: Theme = Theme { color: true };
    pub const MONOCHROME: Theme = Theme { color: false };

    fn pick(self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// The selected row of a list.
    pub fn selection(self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::Rgb(45, 55, 80))
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Characters the query matched.
    pub fn matched(self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn kind(self, kind: Kind) -> Style {
        let color = match kind {
            Kind::Event => Color::Yellow,
            Kind::Speaker => Color::Cyan,
            Kind::Topic => Color::Magenta,
            Kind::Organization => Color::Green,
            Kind::Project => Color::Blue,
            Kind::Source => Color::Gray,
        };
        self.pick(Style::new().fg(color), Style::new())
    }

    pub fn border(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
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
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn prompt(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A mistake in the query, on the status line.
    pub fn error(self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Status-line key names.
    pub fn key(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
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
