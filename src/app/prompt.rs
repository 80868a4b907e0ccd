//! The export prompt on the status line: which format, which file. `e` opens it with the
//! events of the screen (the results, the bookmarks, or a page's events); Enter writes.

use super::effect::Effect;
use super::line_input::{Edit, LineInput};
use super::route::Scope;
use super::{App, Route};
use crate::export::{self, ExportFormat};
use crate::model::{EntityRef, Kind, Role, slugify};

/// The open prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPrompt {
    pub format: ExportFormat,
    /// The file to write, as typed.
    pub path: LineInput,
    /// What will be written.
    pub selection: Vec<EntityRef>,
}

impl ExportPrompt {
    /// How many of the selection the format will hold: events, or (json) everything.
    pub fn count(&self) -> usize {
        if self.format.events_only() {
            export::events(&self.selection).len()
        } else {
            self.selection.len()
        }
    }
}

impl App {
    /// The export prompt, when it is open.
    pub fn prompt(&self) -> Option<&ExportPrompt> {
        self.prompt.as_ref()
    }

    pub(super) fn open_export_prompt(&mut self) {
        let (selection, stem) = if self.marked.is_empty() {
            self.export_selection()
        } else {
            (self.take_marked(), "marked".to_owned())
        };
        if selection.is_empty() {
            self.message = Some("nothing to export here".to_owned());
            return;
        }
        let format = ExportFormat::Ics;
        self.prompt = Some(ExportPrompt {
            format,
            path: LineInput::new(format!("{stem}.{}", format.extension())),
            selection,
        });
    }

    /// What `e` exports, and a file name for it: the results of a search (or the bookmarks),
    /// or an entity's page: the entity and the events around it.
    fn export_selection(&self) -> (Vec<EntityRef>, String) {
        match self.route() {
            Route::Search(search) => {
                let selection: Vec<EntityRef> = self.hits.iter().map(|h| h.entity).collect();
                let stem = match search.scope {
                    Scope::Bookmarks if search.query.trim().is_empty() => "bookmarks".to_owned(),
                    Scope::Changes if search.query.trim().is_empty() => "changes".to_owned(),
                    _ => slugify(&search.query),
                };
                let stem = if stem.is_empty() {
                    "lotse-export".to_owned()
                } else {
                    stem
                };
                (selection, stem)
            }
            Route::Agenda(agenda) => {
                // The day on screen, as a calendar of that day.
                let day = agenda.day();
                let selection = day.slots.iter().map(|slot| slot.event).collect();
                (selection, format!("agenda-{}", day.date))
            }
            Route::Entity(page) => {
                let mut selection = vec![page.entity];
                for row in self.relation_rows(page.entity) {
                    // A talk's page exports the talk (with its sessions, if it has any), not
                    // the conference it is part of.
                    if let super::RelationRow::Item { entity, role } = row
                        && entity.kind() == Kind::Event
                        && (page.entity.kind() != Kind::Event || role == Role::Sessions)
                        && !selection.contains(&entity)
                    {
                        selection.push(entity);
                    }
                }
                let stem = slugify(self.dataset.name(page.entity));
                (
                    selection,
                    if stem.is_empty() {
                        "lotse-export".to_owned()
                    } else {
                        stem
                    },
                )
            }
        }
    }

    /// Handles a key while the prompt is open.
    pub(super) fn update_prompt(&mut self, action: super::Action) {
        use super::Action as A;
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        if prompt.path.apply(&action) != Edit::NotAnEdit {
            return;
        }
        match action {
            A::CycleExportFormat => cycle_format(prompt),
            A::Confirm => self.confirm_export(),
            A::Cancel => {
                self.prompt = None;
                self.message = Some("export cancelled".to_owned());
            }
            A::Quit => self.quit = true,
            _ => {}
        }
    }

    fn confirm_export(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        let path = prompt.path.trim().to_owned();
        if path.is_empty() {
            self.message = Some("export: no file name given".to_owned());
            self.prompt = Some(prompt);
            return;
        }
        self.message = Some(format!("exporting to {path}…"));
        self.effects.push(Effect::Export {
            format: prompt.format,
            path,
            selection: prompt.selection,
        });
    }
}

/// The next format; a path that ends in the old format's extension takes the new one.
fn cycle_format(prompt: &mut ExportPrompt) {
    let formats = ExportFormat::ALL;
    let at = formats
        .iter()
        .position(|f| *f == prompt.format)
        .unwrap_or(0);
    let next = formats[(at + 1) % formats.len()];
    let old_extension = format!(".{}", prompt.format.extension());
    if let Some(stem) = prompt.path.strip_suffix(&old_extension) {
        let renamed = format!("{stem}.{}", next.extension());
        prompt.path.set(renamed);
    }
    prompt.format = next;
}
