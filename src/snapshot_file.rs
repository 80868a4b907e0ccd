//! The copy of a schedule as it was last opened, kept in the data directory under the
//! conference's name (`schedules/schedule-36c3.json`, a lotse file), so that the explorer can
//! say what changed since: the next download of the same conference, under any file name. A
//! schedule that names no conference is kept under where it comes from (its path, its
//! address), so two unrelated calendars are never compared. Private, never through a link.

use std::path::PathBuf;

use crate::model::{Dataset, Kind};
use crate::user_dirs::Origin;

/// Schedules with more events than this are not kept: a copy costs its size on every change.
const MAX_EVENTS: usize = 50_000;

pub struct SnapshotFile {
    path: PathBuf,
}

/// The copy last kept: the schedule, and when it was kept.
pub struct Previous {
    pub dataset: Dataset,
    /// `2026-11-30 14:05`, local time of this machine.
    pub kept: String,
}

impl SnapshotFile {
    /// The copy of a schedule opened from a file or an address (not the built-in dataset);
    /// `None` for the built-in one, and without a data directory.
    pub fn for_loaded(origin: &Origin, dataset: &Dataset) -> Option<Self> {
        if *origin == Origin::BuiltIn || dataset.count(Kind::Event) > MAX_EVENTS {
            return None;
        }
        let name =
            crate::user_dirs::conference_file_name(dataset).unwrap_or_else(|| origin.file_name());
        let directory = crate::user_dirs::data_dir()?.join("schedules");
        Some(Self {
            path: directory.join(name),
        })
    }

    /// The copy kept last time, if there is one lotse can read.
    pub fn read(&self) -> Option<Previous> {
        let bytes = crate::files::read_private(&self.path).ok()?;
        let modified = std::fs::symlink_metadata(&self.path)
            .ok()?
            .modified()
            .ok()?;
        let dataset = Dataset::from_bytes(&bytes, "snapshot").ok()?.dataset;
        let kept = jiff::Timestamp::try_from(modified)
            .ok()?
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        Some(Previous { dataset, kept })
    }

    /// Keeps the schedule as it is now, atomically.
    pub fn write(&self, dataset: &Dataset) -> std::io::Result<()> {
        if let Some(directory) = self.path.parent() {
            crate::files::private_directory(directory, 1)?;
        }
        crate::files::write_private(&self.path, dataset.to_document().to_json().as_bytes())
    }
}
