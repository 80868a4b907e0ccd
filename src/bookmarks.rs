//! Bookmarks: the ids a user marked in one dataset, kept in a small JSON file in the data
//! directory. Written atomically (a crash never leaves half a file); a file that cannot be
//! read as bookmarks is set aside under a new name with a warning, never overwritten.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The bookmarks file of one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkFile {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    lotse_bookmarks: u64,
    ids: Vec<String>,
}

/// What loading found: the ids, and a warning when the file had to be set aside.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub ids: Vec<String>,
    pub warning: Option<String>,
}

impl BookmarkFile {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    /// The bookmarks file for a dataset (`None`: the built-in one) in the data directory.
    pub fn for_dataset(dataset: Option<&Path>) -> Option<Self> {
        let directory = crate::paths::data_dir()?;
        let name = crate::paths::bookmarks_file_name(dataset);
        Some(Self::new(directory.join("bookmarks").join(name)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bookmarked ids, oldest first. No file is no bookmarks; a corrupt file is renamed
    /// to `NAME.corrupt-SECONDS` and reported, so the next save cannot destroy it.
    pub fn load(&self) -> Loaded {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Loaded::default();
            }
            Err(error) => {
                return Loaded {
                    ids: Vec::new(),
                    warning: Some(format!(
                        "bookmarks: cannot read {}: {error}; bookmarks will not be saved",
                        self.path.display()
                    )),
                };
            }
        };
        match serde_json::from_str::<Stored>(&text) {
            Ok(stored) if stored.lotse_bookmarks == 1 => Loaded {
                ids: stored.ids,
                warning: None,
            },
            Ok(_) => self.set_aside("an unknown bookmarks version"),
            Err(error) => self.set_aside(&format!("not a bookmarks file ({error})")),
        }
    }

    fn set_aside(&self, why: &str) -> Loaded {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut aside = self.path.clone().into_os_string();
        aside.push(format!(".corrupt-{seconds}"));
        let aside = PathBuf::from(aside);
        let warning = match std::fs::rename(&self.path, &aside) {
            Ok(()) => format!(
                "bookmarks: {} is {why}; kept as {} and started afresh",
                self.path.display(),
                aside.display()
            ),
            Err(error) => format!(
                "bookmarks: {} is {why} and could not be set aside ({error})",
                self.path.display()
            ),
        };
        Loaded {
            ids: Vec::new(),
            warning: Some(warning),
        }
    }

    /// Writes the ids: to a temporary file beside the bookmarks file, then renamed over it.
    pub fn save(&self, ids: &[String]) -> std::io::Result<()> {
        if let Some(directory) = self.path.parent() {
            std::fs::create_dir_all(directory)?;
        }
        let stored = Stored {
            lotse_bookmarks: 1,
            ids: ids.to_vec(),
        };
        let mut json = serde_json::to_string_pretty(&stored).map_err(std::io::Error::other)?;
        json.push('\n');
        crate::files::write_atomically(&self.path, json.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lotse-bm-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn saved_bookmarks_load_again_in_order() {
        let dir = temporary("roundtrip");
        let file = BookmarkFile::new(dir.join("b/x.json"));
        assert_eq!(file.load(), Loaded::default());
        let ids = vec!["b".to_owned(), "a".to_owned()];
        file.save(&ids).unwrap();
        assert_eq!(file.load().ids, ids);
        let leftovers: Vec<_> = std::fs::read_dir(dir.join("b")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_set_aside_with_a_warning_never_replaced() {
        let dir = temporary("corrupt");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.json");
        std::fs::write(&path, "{ not json").unwrap();
        let file = BookmarkFile::new(path.clone());
        let loaded = file.load();
        assert!(loaded.ids.is_empty());
        let warning = loaded.warning.expect("a warning");
        assert!(warning.contains("kept as"), "{warning}");
        assert!(
            !path.exists(),
            "the corrupt file was moved, not left to be overwritten"
        );
        let aside: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(aside.len(), 1);
        assert!(aside[0].starts_with("x.json.corrupt-"), "{aside:?}");
        let kept = std::fs::read_to_string(dir.join(&aside[0])).unwrap();
        assert_eq!(kept, "{ not json");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
