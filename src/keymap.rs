//! Where a keypress goes: a pure lookup from (mode, key) to an `Action`. The help overlay is
//! generated from the same table, so it always shows the keys that really work.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, Mode};

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

/// One binding: in these modes, this key does this (`None`: nothing; a config unbound it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub key: Key,
    pub action: Option<Action>,
}

/// One line of the help overlay: the keys for an action, what it does, and the action's name
/// (what a config file binds keys to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub description: &'static str,
    pub name: String,
}

/// Keys to actions, per mode. The first binding of a key in a mode wins, so a config's
/// bindings go in front of the built-in ones.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

const EVERYWHERE: &[Mode] = &[Mode::Search, Mode::Entity, Mode::Help, Mode::Facets];
const SEARCH: &[Mode] = &[Mode::Search];
const ENTITY: &[Mode] = &[Mode::Entity];
const LISTS: &[Mode] = &[Mode::Search, Mode::Entity];
const HELP: &[Mode] = &[Mode::Help];
const FACETS: &[Mode] = &[Mode::Facets];
const PROMPT: &[Mode] = &[Mode::Prompt];

/// The one-mode slice for a mode, for bindings a config adds.
fn only(mode: Mode) -> &'static [Mode] {
    match mode {
        Mode::Search => SEARCH,
        Mode::Entity => ENTITY,
        Mode::Help => HELP,
        Mode::Facets => FACETS,
        Mode::Prompt => PROMPT,
    }
}

impl Default for Keymap {
    fn default() -> Self {
        use Action as A;
        use KeyCode as K;
        let mut bindings = Vec::new();
        let mut bind = |modes, keys: &[Key], action: Action| {
            for &key in keys {
                bindings.push(Binding {
                    modes,
                    key,
                    action: Some(action.clone()),
                });
            }
        };
        bind(LISTS, &[Key::char('?')], A::ToggleHelp);
        bind(
            HELP,
            &[Key::char('?'), Key::plain(K::Esc), Key::char('q')],
            A::ToggleHelp,
        );

        let up = [Key::plain(K::Up), Key::ctrl('p'), Key::ctrl('k')];
        let down = [Key::plain(K::Down), Key::ctrl('n'), Key::ctrl('j')];
        bind(SEARCH, &up, A::SelectPrevious);
        bind(SEARCH, &down, A::SelectNext);
        bind(LISTS, &[Key::plain(K::PageUp)], A::PageUp);
        bind(LISTS, &[Key::plain(K::PageDown)], A::PageDown);
        bind(SEARCH, &[Key::plain(K::Enter)], A::DrillIn);
        bind(SEARCH, &[Key::plain(K::Esc)], A::ClearQueryOrQuit);
        bind(SEARCH, &[Key::ctrl('u')], A::ClearLine);
        bind(SEARCH, &[Key::ctrl('w')], A::DeleteWord);
        bind(
            SEARCH,
            &[Key::plain(K::Backspace), Key::ctrl('h')],
            A::DeleteBackward,
        );
        bind(SEARCH, &[Key::plain(K::Delete)], A::DeleteForward);
        bind(
            SEARCH,
            &[Key::plain(K::Left), Key::ctrl('b')],
            A::CursorLeft,
        );
        bind(
            SEARCH,
            &[Key::plain(K::Right), Key::ctrl('f')],
            A::CursorRight,
        );
        bind(
            SEARCH,
            &[Key::plain(K::Home), Key::ctrl('a')],
            A::CursorStart,
        );
        bind(SEARCH, &[Key::plain(K::End), Key::ctrl('e')], A::CursorEnd);
        bind(SEARCH, &[Key::ctrl('o')], A::CycleSort);
        bind(SEARCH, &[Key::ctrl('t')], A::OpenFacets);
        bind(SEARCH, &[Key::plain(K::Tab)], A::NextTab);
        bind(SEARCH, &[Key::plain(K::BackTab)], A::PreviousTab);
        for tab in 0..7u8 {
            let digit = char::from(b'1' + tab);
            let keys = [Key::alt(digit), Key::plain(K::F(tab + 1))];
            bind(SEARCH, &keys, A::PickTab(usize::from(tab)));
        }

        bind(
            ENTITY,
            &[Key::char('j'), Key::plain(K::Down), Key::ctrl('n')],
            A::SelectNext,
        );
        bind(
            ENTITY,
            &[Key::char('k'), Key::plain(K::Up), Key::ctrl('p')],
            A::SelectPrevious,
        );
        bind(
            ENTITY,
            &[Key::char('g'), Key::plain(K::Home)],
            A::SelectFirst,
        );
        bind(ENTITY, &[Key::char('G'), Key::plain(K::End)], A::SelectLast);
        bind(ENTITY, &[Key::char('J')], A::ScrollFieldsDown);
        bind(ENTITY, &[Key::char('K')], A::ScrollFieldsUp);
        let drill_in = [Key::plain(K::Enter), Key::char('l'), Key::plain(K::Right)];
        bind(ENTITY, &drill_in, A::DrillIn);
        let back = [
            Key::char('h'),
            Key::plain(K::Left),
            Key::plain(K::Backspace),
            Key::plain(K::Esc),
        ];
        bind(ENTITY, &back, A::Back);
        bind(ENTITY, &[Key::char('/')], A::NewSearch);
        bind(ENTITY, &[Key::char('q')], A::Quit);

        bind(
            FACETS,
            &[Key::char('j'), Key::plain(K::Down), Key::ctrl('n')],
            A::SelectNext,
        );
        bind(
            FACETS,
            &[Key::char('k'), Key::plain(K::Up), Key::ctrl('p')],
            A::SelectPrevious,
        );
        bind(FACETS, &[Key::plain(K::PageDown)], A::PageDown);
        bind(FACETS, &[Key::plain(K::PageUp)], A::PageUp);
        bind(
            FACETS,
            &[Key::char('g'), Key::plain(K::Home)],
            A::SelectFirst,
        );
        bind(FACETS, &[Key::char('G'), Key::plain(K::End)], A::SelectLast);
        bind(FACETS, &[Key::plain(K::Enter)], A::DrillIn);
        bind(
            FACETS,
            &[Key::plain(K::Esc), Key::char('q'), Key::ctrl('t')],
            A::Back,
        );
        bind(FACETS, &[Key::char('?')], A::ToggleHelp);

        // Bookmarks, export, clipboard and browser: plain letters on pages, Alt (and Ctrl-x)
        // on the search screen, where letters are typed into the query.
        bind(ENTITY, &[Key::char('b')], A::ToggleBookmark);
        bind(SEARCH, &[Key::ctrl('x'), Key::alt('b')], A::ToggleBookmark);
        bind(ENTITY, &[Key::char('B')], A::ShowBookmarks);
        bind(SEARCH, &[Key::alt('B')], A::ShowBookmarks);
        bind(ENTITY, &[Key::char('e')], A::Export);
        bind(SEARCH, &[Key::alt('e')], A::Export);
        bind(ENTITY, &[Key::char('y')], A::CopyName);
        bind(SEARCH, &[Key::alt('y')], A::CopyName);
        bind(ENTITY, &[Key::char('Y')], A::CopyUrl);
        bind(SEARCH, &[Key::alt('Y')], A::CopyUrl);
        bind(ENTITY, &[Key::char('o')], A::OpenUrl);
        bind(SEARCH, &[Key::alt('o')], A::OpenUrl);

        bind(PROMPT, &[Key::plain(K::Enter)], A::Confirm);
        bind(PROMPT, &[Key::plain(K::Esc), Key::ctrl('c')], A::Cancel);
        bind(PROMPT, &[Key::plain(K::Tab)], A::CycleExportFormat);
        bind(
            PROMPT,
            &[Key::plain(K::Backspace), Key::ctrl('h')],
            A::DeleteBackward,
        );
        bind(PROMPT, &[Key::plain(K::Delete)], A::DeleteForward);
        bind(PROMPT, &[Key::ctrl('u')], A::ClearLine);
        bind(PROMPT, &[Key::ctrl('w')], A::DeleteWord);
        bind(
            PROMPT,
            &[Key::plain(K::Left), Key::ctrl('b')],
            A::CursorLeft,
        );
        bind(
            PROMPT,
            &[Key::plain(K::Right), Key::ctrl('f')],
            A::CursorRight,
        );
        bind(
            PROMPT,
            &[Key::plain(K::Home), Key::ctrl('a')],
            A::CursorStart,
        );
        bind(PROMPT, &[Key::plain(K::End), Key::ctrl('e')], A::CursorEnd);
        bind(EVERYWHERE, &[Key::ctrl('c')], A::Quit);
        bind(EVERYWHERE, &[Key::ctrl('z')], A::Suspend);
        bind(PROMPT, &[Key::ctrl('z')], A::Suspend);
        Self { bindings }
    }
}

impl Keymap {
    /// The action a key event asks for in a mode. On the search screen, a character that no
    /// binding claims is typed into the query.
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        let bound = self
            .bindings
            .iter()
            .find(|binding| binding.key == key && binding.modes.contains(&mode))
            .and_then(|binding| binding.action.clone());
        bound.or_else(|| match (mode, key.code) {
            // Any other key closes the help.
            (Mode::Help, _) => Some(Action::ToggleHelp),
            (Mode::Search | Mode::Prompt, KeyCode::Char(c))
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::Insert(c))
            }
            _ => None,
        })
    }

    /// Binds a key in one mode ahead of every other binding of it (a config's binding).
    pub fn bind_first(&mut self, mode: Mode, key: Key, action: Action) {
        self.bindings.insert(
            0,
            Binding {
                modes: only(mode),
                key,
                action: Some(action),
            },
        );
    }

    /// Takes a key's binding away in one mode (on the search screen, a character then types).
    pub fn unbind(&mut self, mode: Mode, key: Key) {
        self.bindings.insert(
            0,
            Binding {
                modes: only(mode),
                key,
                action: None,
            },
        );
    }

    /// The bindings in effect in a mode: a key's first binding, if it binds an action.
    fn effective(&self, mode: Mode) -> impl Iterator<Item = (Key, &Action)> + '_ {
        let mut seen: Vec<Key> = Vec::new();
        self.bindings
            .iter()
            .filter(move |b| b.modes.contains(&mode))
            .filter_map(move |b| {
                if seen.contains(&b.key) {
                    return None;
                }
                seen.push(b.key);
                b.action.as_ref().map(|action| (b.key, action))
            })
    }

    /// Whether the explorer can be left: from its first screen (search), some key quits, or
    /// clears the query and then quits.
    pub fn can_quit(&self) -> bool {
        self.effective(Mode::Search)
            .any(|(_, action)| matches!(action, Action::Quit | Action::ClearQueryOrQuit))
    }

    /// The label of the first key bound to an action in a mode, for hints.
    pub fn first_key(&self, mode: Mode, action: &Action) -> Option<String> {
        self.effective(mode)
            .find(|(_, a)| *a == action)
            .map(|(key, _)| key.label())
    }

    /// The help for a mode: one line per action, its keys in binding order, with the action's
    /// name.
    pub fn help(&self, mode: Mode) -> Vec<HelpLine> {
        let mut lines: Vec<(&'static str, String, Vec<String>)> = Vec::new();
        if matches!(mode, Mode::Search | Mode::Prompt) {
            let typing = Action::Insert(' ').description();
            lines.push((typing, String::new(), vec!["letters".to_owned()]));
        }
        for (key, action) in self.effective(mode) {
            let description = action.description();
            let label = key.label();
            let name = match action {
                Action::PickTab(_) => "pick_tab_N".to_owned(),
                other => other.name().unwrap_or_default(),
            };
            match lines.iter_mut().find(|(d, _, _)| *d == description) {
                Some((_, _, keys)) => keys.push(label),
                None => lines.push((description, name, vec![label])),
            }
        }
        lines
            .into_iter()
            .map(|(description, name, keys)| HelpLine {
                keys: summarize(&keys),
                description,
                name,
            })
            .collect()
    }
}

/// Joins key labels, collapsing runs that differ only in a last digit: `Alt-1…7`.
fn summarize(keys: &[String]) -> String {
    let mut families: Vec<(String, Vec<char>)> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for key in keys {
        let (stem, last) = key.split_at(key.len() - key.chars().last().map_or(0, char::len_utf8));
        let digit = last.chars().next().filter(char::is_ascii_digit);
        match (digit, families.iter_mut().find(|(s, _)| s == stem)) {
            (Some(d), Some((_, digits))) => digits.push(d),
            (Some(d), None) => {
                families.push((stem.to_owned(), vec![d]));
                parts.push(String::new());
            }
            (None, _) => parts.push(key.clone()),
        }
    }
    let mut family_labels = families
        .into_iter()
        .map(|(stem, digits)| match digits.as_slice() {
            [single] => format!("{stem}{single}"),
            [first, .., last] => format!("{stem}{first}…{last}"),
            [] => stem,
        });
    parts
        .into_iter()
        .map(|part| {
            if part.is_empty() {
                family_labels.next().unwrap_or_default()
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn characters_type_into_the_query_on_the_search_screen() {
        let keymap = Keymap::default();
        let event = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Mode::Search, event),
            Some(Action::Insert('q'))
        );
        assert_eq!(keymap.action(Mode::Entity, event), Some(Action::Quit));
        let shifted = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.action(Mode::Search, shifted),
            Some(Action::Insert('G'))
        );
        assert_eq!(
            keymap.action(Mode::Entity, shifted),
            Some(Action::SelectLast)
        );
    }

    #[test]
    fn control_keys_are_bound_not_typed() {
        let keymap = Keymap::default();
        let ctrl = |c| key(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action(Mode::Search, ctrl('n')),
            Some(Action::SelectNext)
        );
        assert_eq!(
            keymap.action(Mode::Search, ctrl('w')),
            Some(Action::DeleteWord)
        );
        assert_eq!(keymap.action(Mode::Help, ctrl('c')), Some(Action::Quit));
        assert_eq!(
            keymap.action(Mode::Search, ctrl('z')),
            Some(Action::Suspend)
        );
        assert_eq!(keymap.action(Mode::Search, ctrl('g')), None);
    }

    #[test]
    fn tabs_are_picked_with_alt_digits_and_function_keys() {
        let keymap = Keymap::default();
        let alt3 = key(KeyCode::Char('3'), KeyModifiers::ALT);
        assert_eq!(keymap.action(Mode::Search, alt3), Some(Action::PickTab(2)));
        let f1 = key(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(keymap.action(Mode::Search, f1), Some(Action::PickTab(0)));
    }

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
    fn a_key_bound_first_wins_and_shows_in_help_with_its_action_name() {
        let mut keymap = Keymap::default();
        keymap.bind_first(Mode::Entity, Key::char('x'), Action::ToggleBookmark);
        keymap.bind_first(Mode::Entity, Key::char('b'), Action::Back);
        let press = |c| key(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Mode::Entity, press('x')),
            Some(Action::ToggleBookmark)
        );
        assert_eq!(keymap.action(Mode::Entity, press('b')), Some(Action::Back));
        let help = keymap.help(Mode::Entity);
        let bookmark = help
            .iter()
            .find(|l| l.name == "toggle_bookmark")
            .expect("listed");
        assert_eq!(
            bookmark.keys, "x",
            "b now goes back, so it is not listed here"
        );
        let back = help.iter().find(|l| l.name == "back").unwrap();
        assert_eq!(back.keys, "b h ← Backspace Esc");
    }

    #[test]
    fn an_unbound_character_types_on_the_search_screen() {
        let mut keymap = Keymap::default();
        keymap.unbind(Mode::Search, Key::char('?'));
        let question = key(KeyCode::Char('?'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Mode::Search, question),
            Some(Action::Insert('?'))
        );
        assert!(
            !keymap
                .help(Mode::Search)
                .iter()
                .any(|l| l.name == "toggle_help")
        );
    }

    #[test]
    fn help_lists_every_bound_action_with_its_keys() {
        let help = Keymap::default().help(Mode::Entity);
        let line = |d: &str| {
            help.iter()
                .find(|l| l.description == d)
                .map(|l| l.keys.clone())
        };
        assert_eq!(
            line("back to the previous screen").as_deref(),
            Some("h ← Backspace Esc")
        );
        assert_eq!(line("open the selected row").as_deref(), Some("Enter l →"));
        let search = Keymap::default().help(Mode::Search);
        let tabs = search
            .iter()
            .find(|l| l.description.starts_with("pick a kind tab"));
        assert_eq!(tabs.map(|l| l.keys.as_str()), Some("Alt-1…7 F1…7"));
    }
}
