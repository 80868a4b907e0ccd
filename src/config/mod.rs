//! The user's configuration: compiled-in defaults (`default.toml`) with the user's
//! `config.toml` over them, only what it names. Every mistake in the user's file is reported
//! with `FILE:LINE:COL` and the bad key; an unknown action lists the valid names.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::app::{Action, Mode};

mod key;
mod keymap;
mod palette;
mod web;

pub use key::Key;
pub use keymap::{Binding, HelpLine, Keymap};
pub use palette::Palette;

/// The default configuration, as `lotse --print-default-config` prints it.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// The configuration lotse runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub mouse: bool,
    pub palette: Palette,
    pub keymap: Keymap,
    /// How schedules from the web are kept and asked for (`[web]`).
    pub web: crate::web::Settings,
}

/// What a config file may hold; everything is optional, so a user's file names only what it
/// changes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    mouse: Option<bool>,
    #[serde(default)]
    theme: ThemeFile,
    #[serde(default)]
    keys: KeysFile,
    #[serde(default)]
    web: web::WebFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    selection: Option<Spanned<String>>,
    #[serde(rename = "match")]
    matched: Option<Spanned<String>>,
    border: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    error: Option<Spanned<String>>,
    event: Option<Spanned<String>>,
    speaker: Option<Spanned<String>>,
    topic: Option<Spanned<String>>,
    organization: Option<Spanned<String>>,
    project: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
}

type Bindings = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default)]
    search: Bindings,
    #[serde(default)]
    entity: Bindings,
    #[serde(default)]
    agenda: Bindings,
    #[serde(default)]
    facets: Bindings,
    #[serde(default)]
    help: Bindings,
    #[serde(default)]
    prompt: Bindings,
}

/// A mistake in a config file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Config {
    /// The built-in configuration alone.
    pub fn default_config() -> Self {
        // `default.toml` is compiled in and a test reads it; were it ever broken, Ctrl-C
        // still quits.
        Self::from_texts(None).unwrap_or_else(|_| {
            let mut keymap = Keymap::empty();
            for mode in Mode::ALL {
                keymap.bind_last(mode, Key::ctrl('c'), Action::Quit);
            }
            Self {
                mouse: true,
                palette: Palette::default(),
                keymap,
                web: crate::web::Settings::default(),
            }
        })
    }

    /// The built-in configuration with the user's file at `path` over it; no file there is
    /// no change.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_texts(Some((&text, &crate::model::origin_of(path)))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(Self::default_config())
            }
            Err(error) => Err(ConfigError {
                origin: crate::model::origin_of(path),
                line: 0,
                column: 0,
                message: format!("cannot read: {error}"),
            }),
        }
    }

    /// The defaults, then `user` (its text and name) over them.
    pub fn from_texts(user: Option<(&str, &str)>) -> Result<Self, ConfigError> {
        let mut config = Self {
            mouse: true,
            palette: Palette::default(),
            keymap: Keymap::empty(),
            web: crate::web::Settings::default(),
        };
        apply(
            &mut config,
            DEFAULT_TOML,
            "<default config>",
            Layer::Defaults,
        )?;
        if let Some((text, origin)) = user {
            apply(&mut config, text, origin, Layer::User)?;
        }
        Ok(config)
    }
}

/// Which file is applied: the defaults' bindings go in file order, the user's in front of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Defaults,
    User,
}

/// Applies one file's settings over `config`.
fn apply(config: &mut Config, text: &str, origin: &str, layer: Layer) -> Result<(), ConfigError> {
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = crate::text::line_and_column(text, span.start);
        ConfigError {
            origin: origin.to_owned(),
            line,
            column,
            message,
        }
    };
    let file: ConfigFile = toml::from_str(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        at(span, error.message().trim_end().to_owned())
    })?;
    if let Some(mouse) = file.mouse {
        config.mouse = mouse;
    }
    apply_theme(&mut config.palette, &file.theme, &at)?;
    web::apply_web(&mut config.web, &file.web, &at)?;
    let screens = [
        (Mode::Search, "search", &file.keys.search),
        (Mode::Entity, "entity", &file.keys.entity),
        (Mode::Agenda, "agenda", &file.keys.agenda),
        (Mode::Facets, "facets", &file.keys.facets),
        (Mode::Help, "help", &file.keys.help),
        (Mode::Prompt, "prompt", &file.keys.prompt),
    ];
    for (mode, screen, bindings) in screens {
        apply_bindings(&mut config.keymap, mode, screen, bindings, layer, text, &at)?;
    }
    if !config.keymap.can_quit() {
        return Err(at(
            0..0,
            "no key quits lotse any more; bind one to \"quit\" (ctrl-c and q do by default)"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Applies one screen's `[keys.SCREEN]` table: each key once, a letter or digit never a
/// command on the search screen, `"none"` unbinding.
fn apply_bindings(
    keymap: &mut Keymap,
    mode: Mode,
    screen: &str,
    bindings: &Bindings,
    layer: Layer,
    text: &str,
    at: &impl Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<(), ConfigError> {
    // Each key once per screen, however it is spelled ("ctrl-x", "Ctrl-X", "C-x").
    let mut seen: rustc_hash::FxHashMap<Key, &Spanned<String>> = Default::default();
    // In the order of the file (the map is sorted by name), so messages point forward.
    let mut in_file_order: Vec<_> = bindings.iter().collect();
    in_file_order.sort_by_key(|(key, _)| key.span().start);
    for (key, action) in in_file_order {
        let parsed_key = Key::parse(key.get_ref()).ok_or_else(|| {
            at(
                key.span(),
                format!(
                    "keys.{screen}: {:?} is not a key (try \"ctrl-x\", \"alt-b\", \"f5\", \
                     \"enter\" or one character)",
                    key.get_ref()
                ),
            )
        })?;
        if let Some(first) = seen.insert(parsed_key, key) {
            let (line, _) = crate::text::line_and_column(text, first.span().start);
            return Err(at(
                key.span(),
                format!(
                    "keys.{screen}: {:?} is the same key as {:?} on line {line}; bind \
                     it once",
                    key.get_ref(),
                    first.get_ref()
                ),
            ));
        }
        let name = action.get_ref().trim();
        if mode == Mode::Search && parsed_key.types_into_the_query() && name != "none" {
            return Err(at(
                key.span(),
                format!(
                    "keys.search.{:?}: a letter or digit types into the query on the \
                     search screen; bind it with a modifier (\"alt-{}\", \"ctrl-{}\")",
                    key.get_ref(),
                    key.get_ref(),
                    key.get_ref()
                ),
            ));
        }
        if name == "none" {
            keymap.unbind(mode, parsed_key);
            continue;
        }
        let parsed_action = Action::from_name(name).ok_or_else(|| {
            at(
                action.span(),
                format!(
                    "keys.{screen}.{:?}: unknown action {name:?}; the actions are: {}",
                    key.get_ref(),
                    Action::bindable_names().join(", ")
                ),
            )
        })?;
        match layer {
            Layer::Defaults => keymap.bind_last(mode, parsed_key, parsed_action),
            Layer::User => keymap.bind_first(mode, parsed_key, parsed_action),
        }
    }
    Ok(())
}

fn apply_theme(
    palette: &mut Palette,
    theme: &ThemeFile,
    at: &impl Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<(), ConfigError> {
    let roles: [(&str, &Option<Spanned<String>>, &mut Color); 11] = [
        ("selection", &theme.selection, &mut palette.selection),
        ("match", &theme.matched, &mut palette.matched),
        ("border", &theme.border, &mut palette.border),
        ("accent", &theme.accent, &mut palette.accent),
        ("error", &theme.error, &mut palette.error),
        ("event", &theme.event, &mut palette.event),
        ("speaker", &theme.speaker, &mut palette.speaker),
        ("topic", &theme.topic, &mut palette.topic),
        (
            "organization",
            &theme.organization,
            &mut palette.organization,
        ),
        ("project", &theme.project, &mut palette.project),
        ("source", &theme.source, &mut palette.source),
    ];
    for (role, value, slot) in roles {
        let Some(value) = value else { continue };
        *slot = value.get_ref().trim().parse::<Color>().map_err(|_| {
            at(
                value.span(),
                format!(
                    "theme.{role}: {:?} is not a colour (a name such as \"cyan\", \
                     \"#rrggbb\" or a number 0-255)",
                    value.get_ref()
                ),
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_toml_that_repeats_the_defaults_changes_nothing() {
        // `lotse config init` writes the defaults as the user's file: the help must list the
        // same keys in the same order, and the hints name the same first key.
        let copied = Config::from_texts(Some((DEFAULT_TOML, "config.toml"))).unwrap();
        let default = Keymap::default();
        for mode in Mode::ALL {
            assert_eq!(copied.keymap.help(mode), default.help(mode), "{mode:?}");
        }
    }

    #[test]
    fn every_default_binding_is_a_line_of_default_toml() {
        let file: toml::Table = toml::from_str(DEFAULT_TOML).expect("default.toml parses");
        let keys = file["keys"].as_table().expect("a [keys] table");
        let lines: usize = keys
            .values()
            .map(|screen| screen.as_table().map_or(0, toml::Table::len))
            .sum();
        assert!(lines > 100, "only {lines} bindings in default.toml");
        // The default keymap starts empty and takes every binding from the file, so the file
        // is the whole of it: `lotse --print-default-config` shows every key.
        assert_eq!(Keymap::default().keys().count(), lines);
        assert_eq!(
            Keymap::default().action(
                Mode::Entity,
                crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('q'))
            ),
            Some(Action::Quit)
        );
    }
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn user(text: &str) -> Result<Config, ConfigError> {
        Config::from_texts(Some((text, "config.toml")))
    }

    #[test]
    fn the_default_config_parses_and_matches_the_built_in_keymap() {
        let config = Config::from_texts(None).expect("default.toml is valid");
        assert!(config.mouse);
        assert_eq!(config.palette, Palette::default());
        assert_eq!(
            config.keymap.help(Mode::Entity),
            Keymap::default().help(Mode::Entity)
        );
    }

    #[test]
    fn a_user_file_overrides_only_what_it_names() {
        let config = user("mouse = false\n[theme]\nmatch = \"#ff8800\"\n").unwrap();
        assert!(!config.mouse);
        assert_eq!(config.palette.matched, Color::Rgb(0xff, 0x88, 0x00));
        assert_eq!(config.palette.border, Palette::default().border);
    }

    #[test]
    fn a_remapped_key_works_and_the_old_keys_still_do() {
        let config = user("[keys.entity]\n\"x\" = \"back\"\n\"q\" = \"none\"\n").unwrap();
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            config.keymap.action(Mode::Entity, press('x')),
            Some(Action::Back)
        );
        assert_eq!(
            config.keymap.action(Mode::Entity, press('h')),
            Some(Action::Back)
        );
        assert_eq!(config.keymap.action(Mode::Entity, press('q')), None);
    }

    #[test]
    fn an_unknown_action_says_where_and_lists_the_valid_names() {
        let error = user("\n[keys.search]\n\"ctrl-x\" = \"explode\"\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 12), "{error}");
        assert!(
            error.message.contains("unknown action \"explode\""),
            "{error}"
        );
        assert!(error.message.contains("toggle_bookmark"), "{error}");
        assert!(
            error.to_string().starts_with("config.toml:3:12: "),
            "{error}"
        );
    }

    #[test]
    fn one_key_spelled_twice_in_a_screen_names_both_lines() {
        let error = user("[keys.entity]\n\"ctrl-x\" = \"back\"\n\"C-X\" = \"quit\"\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 1), "{error}");
        assert!(
            error
                .message
                .contains("\"C-X\" is the same key as \"ctrl-x\" on line 2"),
            "{error}"
        );
        // The same key in two screens is two bindings.
        user("[keys.entity]\n\"x\" = \"back\"\n[keys.facets]\n\"x\" = \"back\"\n").unwrap();
    }

    #[test]
    fn a_letter_or_digit_cannot_be_a_command_on_the_search_screen() {
        for key in ["a", "Z", "7", "ä"] {
            let error = user(&format!("[keys.search]\n\"{key}\" = \"quit\"\n")).unwrap_err();
            assert!(
                error.message.contains("types into the query"),
                "{key}: {error}"
            );
        }
        // With a modifier, on another screen, or unbinding: fine.
        user("[keys.search]\n\"alt-a\" = \"quit\"\n\"?\" = \"none\"\n").unwrap();
        user("[keys.entity]\n\"a\" = \"quit\"\n").unwrap();
    }

    #[test]
    fn a_config_that_leaves_no_way_to_quit_is_refused() {
        let error = user("[keys.search]\n\"esc\" = \"none\"\n\"ctrl-c\" = \"none\"\n").unwrap_err();
        assert!(error.message.contains("no key quits lotse"), "{error}");
        user("[keys.search]\n\"esc\" = \"none\"\n").unwrap();
        user("[keys.search]\n\"esc\" = \"none\"\n\"ctrl-c\" = \"none\"\n\"f10\" = \"quit\"\n")
            .unwrap();
    }

    #[test]
    fn the_readme_example_is_a_valid_config() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("```toml\n")
            .expect("a toml block in the README")
            + 8;
        let length = readme[start..].find("```").expect("the block ends");
        let config = user(&readme[start..start + length]).unwrap_or_else(|e| panic!("{e}"));
        assert!(!config.mouse);
        let ctrl_b = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL);
        assert_eq!(
            config.keymap.action(Mode::Search, ctrl_b),
            Some(Action::ShowBookmarks)
        );
        assert_eq!(config.palette.selection, Color::Indexed(237));
    }

    #[test]
    fn bad_keys_colours_fields_and_syntax_say_where() {
        let error = user("[keys.entity]\n\"hyper-x\" = \"back\"\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error.message.contains("\"hyper-x\" is not a key"),
            "{error}"
        );
        let error = user("[theme]\nborder = \"plaid\"\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 10));
        assert!(error.message.contains("theme.border"), "{error}");
        let error = user("mouse = true\nmousse = false\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("mousse"), "{error}");
        let error = user("mouse = \n").unwrap_err();
        assert_eq!(error.line, 1);
    }
}
