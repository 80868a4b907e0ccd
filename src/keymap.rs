//! Where a keypress goes: a pure lookup from (mode, key) to an `Action`. The help overlay is
//! generated from the same table, so it always shows the keys that really work.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, Mode};

/// A key with its modifiers, as bound in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// One binding: in these modes, this key does this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub key: Key,
    pub action: Action,
}

/// One line of the help overlay: the keys for an action and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub description: &'static str,
}

pub struct Keymap {
    bindings: Vec<Binding>,
}

const EVERYWHERE: &[Mode] = &[Mode::Search, Mode::Entity, Mode::Help, Mode::Facets];
const SEARCH: &[Mode] = &[Mode::Search];
const ENTITY: &[Mode] = &[Mode::Entity];
const LISTS: &[Mode] = &[Mode::Search, Mode::Entity];
const HELP: &[Mode] = &[Mode::Help];
const FACETS: &[Mode] = &[Mode::Facets];

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
                    action: action.clone(),
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
        bind(EVERYWHERE, &[Key::ctrl('c')], A::Quit);
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
            .map(|binding| binding.action.clone());
        bound.or_else(|| match (mode, key.code) {
            // Any other key closes the help.
            (Mode::Help, _) => Some(Action::ToggleHelp),
            (Mode::Search, KeyCode::Char(c))
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::Insert(c))
            }
            _ => None,
        })
    }

    /// The label of the first key bound to an action in a mode, for hints.
    pub fn first_key(&self, mode: Mode, action: &Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| &b.action == action && b.modes.contains(&mode))
            .map(|b| b.key.label())
    }

    /// The help for a mode: one line per action, its keys in binding order.
    pub fn help(&self, mode: Mode) -> Vec<HelpLine> {
        let mut lines: Vec<(&'static str, Vec<String>)> = Vec::new();
        if mode == Mode::Search {
            lines.push((
                Action::Insert(' ').description(),
                vec!["letters".to_owned()],
            ));
        }
        for binding in self.bindings.iter().filter(|b| b.modes.contains(&mode)) {
            let description = binding.action.description();
            let label = binding.key.label();
            match lines.iter_mut().find(|(d, _)| *d == description) {
                Some((_, keys)) => keys.push(label),
                None => lines.push((description, vec![label])),
            }
        }
        lines
            .into_iter()
            .map(|(description, keys)| HelpLine {
                keys: summarize(&keys),
                description,
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
        assert_eq!(keymap.action(Mode::Search, ctrl('z')), None);
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
