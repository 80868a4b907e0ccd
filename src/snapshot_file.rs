//! The copy of a schedule as it was last opened, kept in the data directory under the
//! conference's name (`schedules/schedule-36c3.json`, a lotse file), so that the explorer can
//! say what changed since: the next download of the same conference, under any file name.

use std::path::{Path, PathBuf};

use crate::model::{Dataset, Kind};

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
    /// The copy of a schedule opened from a file (not the built-in dataset) that names its
    /// conference; `None` for the others, and without a data directory.
    pub fn for_loaded(path: Option<&Path>, dataset: &Dataset) -> Option<Self> {
        path?;
        if dataset.count(Kind::Event) > MAX_EVENTS {
            return None;
        }
        let name = crate::user_dirs::schedule_bookmarks_file_name(dataset)?;
        let directory = crate::user_dirs::data_dir()?.join("schedules");
        Some(Self {
            path: directory.join(name),
        })
    }

    /// The copy kept last time, if there is one lotse can read.
    pub fn read(&self) -> Option<Previous> {
        let bytes = std::fs::read(&self.path).ok()?;
        let modified = std::fs::metadata(&self.path).ok()?.modified().ok()?;
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
            std::fs::create_dir_all(directory)?;
        }
        crate::files::write_atomically(&self.path, dataset.to_document().to_json().as_bytes())
    }
}
