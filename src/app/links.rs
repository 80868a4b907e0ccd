//! Leaving lotse with an entity: its name or URL to the clipboard, its URL to the browser.
//! The app only asks; the terminal loop carries out the effects.

use super::App;
use super::effect::Effect;

impl App {
    // ---- clipboard and browser ---------------------------------------------------------

    pub(super) fn copy_name(&mut self) {
        match self.focused_entity() {
            Some(entity) => {
                let name = self.dataset.name(entity).to_owned();
                self.effects.push(Effect::Copy(name));
            }
            None => self.message = Some("nothing selected to copy".to_owned()),
        }
    }

    /// Queues `effect` with the focused entity's URL, or says why there is none.
    pub(super) fn with_url(&mut self, effect: impl FnOnce(String) -> Effect) {
        let Some(entity) = self.focused_entity() else {
            self.message = Some("nothing selected".to_owned());
            return;
        };
        match self.dataset.url(entity) {
            Some(url) => {
                let url = url.to_owned();
                self.effects.push(effect(url));
            }
            None => {
                let name = self.dataset.name(entity);
                self.message = Some(format!("{name} has no URL"));
            }
        }
    }

    /// Opens the focused entity's URL: only http and https, so a dataset cannot make lotse
    /// open files or run handlers for other schemes.
    pub(super) fn open_url(&mut self) {
        let is_web = |url: &str| {
            let lower = url.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        };
        match self.focused_entity().and_then(|e| self.dataset.url(e)) {
            Some(url) if !is_web(url) => {
                self.message = Some(format!("not opened: only http and https URLs ({url})"));
            }
            _ => self.with_url(Effect::OpenUrl),
        }
    }
}
