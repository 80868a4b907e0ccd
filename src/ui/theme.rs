//! The colours of the explorer by role, and the monochrome theme `NO_COLOR` asks for, in which
//! the selection still shows (reverse video) and matches stay visible (bold, underlined).

use ratatui::style::{Color, Modifier, Style};

use crate::model::Kind;

/// The colours of a theme by role, as `[theme]` in the config sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Background of the selected row.
    pub selection: Color,
    /// Characters the query matched.
    pub matched: Color,
    pub border: Color,
    /// The prompt, the active tab, key names, bookmark marks.
    pub accent: Color,
    pub error: Color,
    pub event: Color,
    pub speaker: Color,
    pub topic: Color,
    pub organization: Color,
    pub project: Color,
    pub source: Color,
}

impl Palette {
    /// The colours `default.toml` names (a test keeps the two the same).
    pub const DEFAULT: Palette = Palette {
        selection: Color::Rgb(45, 55, 80),
        matched: Color::Yellow,
        border: Color::DarkGray,
        accent: Color::Cyan,
        error: Color::Red,
        event: Color::Yellow,
        speaker: Color::Cyan,
        topic: Color::Magenta,
        organization: Color::Green,
        project: Color::Blue,
        source: Color::Gray,
    };
}

impl Default for Palette {
    fn default() -> Self {
        Self::DEFAULT
    }
}

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

    /// A coloured theme with these colours.
    pub fn with_palette(palette: Palette) -> Self {
        Self {
            color: true,
            palette,
        }
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
        let palette = &self.palette;
        let color = match kind {
            Kind::Event => palette.event,
            Kind::Speaker => palette.speaker,
            Kind::Topic => palette.topic,
            Kind::Organization => palette.organization,
            Kind::Project => palette.project,
            Kind::Source => palette.source,
        };
        self.pick(Style::new().fg(color), Style::new())
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
