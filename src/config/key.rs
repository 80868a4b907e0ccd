//! A key with its modifiers: as a terminal event brings it, as a config file spells it, as
//! the help overlay labels it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, as bound in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    pub const fn alt(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::ALT,
        }
    }

    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// The key of a terminal key event. Shift is part of the character already (`G`, `?`), so
    /// it is dropped for characters; BackTab comes as Shift-Tab from some terminals.
    pub fn from_event(event: KeyEvent) -> Self {
        let mut modifiers = event.modifiers;
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Self {
            code: event.code,
            modifiers,
        }
    }

    /// A key as a config file writes it: one character (`x`, `X`, `?`), or a name with
    /// modifiers: `ctrl-x`, `alt-b`, `enter`, `shift-tab`, `f5`, `pagedown`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // A lone character is the key itself, even `-`.
        while rest.chars().count() > 1 {
            let Some((modifier, after)) = rest.split_once('-') else {
                break;
            };
            match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "c" | "control" => modifiers |= KeyModifiers::CONTROL,
                "alt" | "a" | "m" | "meta" => modifiers |= KeyModifiers::ALT,
                "shift" | "s" => modifiers |= KeyModifiers::SHIFT,
                _ => return None,
            }
            rest = after;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase())?,
        };
        // As `from_event` sees them: Shift is part of a character, Shift-Tab is BackTab.
        let code = match code {
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                KeyCode::Char(c.to_ascii_uppercase())
            }
            code => code,
        };
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        // Control letters arrive lowercase.
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Some(Key { code, modifiers })
    }

    /// A letter or digit without Ctrl or Alt: on the search screen it is typed, not a command.
    pub fn types_into_the_query(self) -> bool {
        matches!(self.code, KeyCode::Char(c) if c.is_alphanumeric())
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// How a config file writes the key, as `parse` reads it back: `ctrl-p`, `alt-1`, `up`,
    /// `shift-tab`, `?`.
    pub fn spelling(self) -> String {
        let code = match self.code {
            KeyCode::Char(' ') => "space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => "shift-tab".to_owned(),
            KeyCode::PageUp => "pageup".to_owned(),
            KeyCode::PageDown => "pagedown".to_owned(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_ascii_lowercase(),
        };
        let mut spelled = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            spelled.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            spelled.push_str("alt-");
        }
        spelled + &code
    }

    /// How the help overlay writes the key: `Ctrl-p`, `Alt-1`, `↑`, `Enter`.
    pub fn label(self) -> String {
        let code = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        label + &code
    }
}

/// The keys a config file names without a modifier or as one character.
fn named_key(name: &str) -> Option<KeyCode> {
    let code = match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "minus" => KeyCode::Char('-'),
        other => {
            let number: u8 = other.strip_prefix('f')?.parse().ok()?;
            if !(1..=24).contains(&number) {
                return None;
            }
            KeyCode::F(number)
        }
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_as_config_files_write_them() {
        assert_eq!(Key::parse("x"), Some(Key::char('x')));
        assert_eq!(Key::parse("X"), Some(Key::char('X')));
        assert_eq!(Key::parse("-"), Some(Key::char('-')));
        assert_eq!(Key::parse("ctrl-x"), Some(Key::ctrl('x')));
        assert_eq!(Key::parse("Ctrl-X"), Some(Key::ctrl('x')));
        assert_eq!(Key::parse("alt-shift-b"), Some(Key::alt('B')));
        assert_eq!(Key::parse("shift-tab"), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("f5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("pagedown"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("space"), Some(Key::char(' ')));
        assert_eq!(Key::parse("hyper-x"), None);
        assert_eq!(Key::parse("f99"), None);
        assert_eq!(Key::parse("banana"), None);
    }

    #[test]
    fn every_default_key_is_spelled_as_it_parses() {
        for key in crate::config::Keymap::default().keys() {
            assert_eq!(Key::parse(&key.spelling()), Some(key), "{}", key.spelling());
        }
    }
}
