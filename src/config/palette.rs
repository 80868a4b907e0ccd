//! The colours of the explorer by role: configuration data, as `[theme]` in config.toml sets
//! them. The UI builds its `Theme` from a palette; the command line colours kinds by it too.

use ratatui::style::Color;

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
    /// The colour of a kind's tag: the one table of kind colours, for the explorer and the
    /// command line alike.
    pub fn kind(&self, kind: Kind) -> Color {
        match kind {
            Kind::Event => self.event,
            Kind::Speaker => self.speaker,
            Kind::Topic => self.topic,
            Kind::Organization => self.organization,
            Kind::Project => self.project,
            Kind::Source => self.source,
        }
    }

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
