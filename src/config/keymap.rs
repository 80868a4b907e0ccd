//! Where a keypress goes: a pure lookup from (mode, key) to an `Action`. The bindings are data:
//! every default is in `default.toml`, and the help overlay is generated from the same table,
//! so it always shows the keys that really work.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::key::Key;
use crate::app::{Action, Mode};

/// One binding: in this mode, this key does this (`None`: nothing; a config unbound it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub mode: Mode,
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

/// Keys to actions, per mode, built from `default.toml` with the user's config over it. The
/// first binding of a key in a mode wins, so a user's bindings go in front of the defaults.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    /// How many bindings at the front are the user's: theirs stay in the order of their file,
    /// ahead of the defaults.
    user_bindings: usize,
}

impl Default for Keymap {
    /// The bindings of `default.toml`.
    fn default() -> Self {
        super::Config::default_config().keymap
    }
}

impl Keymap {
    /// No binding at all: where the defaults start from.
    pub fn empty() -> Self {
        Self {
            bindings: Vec::new(),
            user_bindings: 0,
        }
    }

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
            .find(|binding| binding.key == key && binding.mode == mode)
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

    /// Binds a key in one mode ahead of every other binding of it (a user's binding).
    pub fn bind_first(&mut self, mode: Mode, key: Key, action: Action) {
        let binding = Binding {
            mode,
            key,
            action: Some(action),
        };
        self.bind_before_the_defaults(binding);
    }

    /// Puts a user's binding after the user's earlier ones and before every default.
    fn bind_before_the_defaults(&mut self, binding: Binding) {
        self.bindings.insert(self.user_bindings, binding);
        self.user_bindings += 1;
    }

    /// Binds a key in one mode after every binding there is (the defaults, in file order, so
    /// that the help lists an action's keys in the order the file gives them).
    pub fn bind_last(&mut self, mode: Mode, key: Key, action: Action) {
        let binding = Binding {
            mode,
            key,
            action: Some(action),
        };
        self.bindings.push(binding);
    }

    /// Every key bound (or unbound) in any mode.
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.bindings.iter().map(|binding| binding.key)
    }

    /// Takes a key's binding away in one mode (on the search screen, a character then types).
    pub fn unbind(&mut self, mode: Mode, key: Key) {
        self.bind_before_the_defaults(Binding {
            mode,
            key,
            action: None,
        });
    }

    /// The bindings in effect in a mode: a key's first binding, if it binds an action.
    fn effective(&self, mode: Mode) -> impl Iterator<Item = (Key, &Action)> + '_ {
        let mut seen: Vec<Key> = Vec::new();
        self.bindings
            .iter()
            .filter(move |b| b.mode == mode)
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
    use crate::app::Tab;
    use crate::model::Kind;

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
        assert_eq!(
            keymap.action(Mode::Search, alt3),
            Some(Action::PickTab(Tab::Only(Kind::Speaker)))
        );
        let f1 = key(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Mode::Search, f1),
            Some(Action::PickTab(Tab::All))
        );
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
