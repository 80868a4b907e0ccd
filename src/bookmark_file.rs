//! Bookmarks: what a user marked in one dataset, kept in a small JSON file in the data
//! directory. A schedule's bookmarks belong to the conference, not to a path: once the dataset
//! is loaded, the file is the one named after its acronym or title (`schedule-36c3.json`), so a
//! schedule downloaded again under another name keeps them (the file of the path, from before,
//! is read while the conference has none). They are never lost: writes are atomic; reading
//! never moves or changes the file;
//! a file lotse cannot read (no permission, not UTF-8, a newer version) makes the bookmarks
//! read-only for the session instead of being overwritten; and only the explorer, which will
//! write, sets a corrupt file aside, under a name no earlier copy has.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bookmarks::Bookmark;

/// The bookmarks file of one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkFile {
    path: PathBuf,
    /// The file bookmarks were kept in before this one (a schedule's file by its path), read
    /// while `path` does not exist yet; never written.
    earlier: Option<PathBuf>,
    /// Whether this is the built-in dataset's file (no conference to name it after).
    built_in: bool,
    /// Why saving is refused this session, when the file on disk could not be read.
    read_only: Option<String>,
}

/// The version this lotse writes: bookmarks with keys. Version 1 files (ids only) are read.
const VERSION: u64 = 2;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    lotse_bookmarks: u64,
    /// Version 1: the ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ids: Vec<String>,
    /// Version 2: each bookmark with its key and what it was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    bookmarks: Vec<Bookmark>,
}

/// What loading found: the bookmarks, and a warning when the file could not be used as it is.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub bookmarks: Vec<Bookmark>,
    pub warning: Option<String>,
}

/// What reading the file found.
enum Read {
    Missing,
    Bookmarks(Vec<Bookmark>),
    /// Never to be overwritten: lotse could not read it, or a newer lotse wrote it.
    Unreadable(String),
    /// Not a bookmarks file at all: it may be set aside.
    Corrupt(String),
}

impl BookmarkFile {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            earlier: None,
            built_in: false,
            read_only: None,
        }
    }

    /// The bookmarks file for a dataset file (`None`: the built-in one) in the data directory,
    /// named by its path until [`identify`](Self::identify) names it after its conference.
    pub fn for_dataset(dataset: Option<&Path>) -> Option<Self> {
        let directory = crate::user_dirs::data_dir()?;
        let name = crate::user_dirs::bookmarks_file_name(dataset);
        let mut file = Self::new(directory.join("bookmarks").join(name));
        file.built_in = dataset.is_none();
        Some(file)
    }

    /// The file for a dataset file once it is loaded: named after the conference (its acronym,
    /// else its title) when it has one, with the path's file read until that one exists.
    pub fn for_loaded(path: Option<&Path>, dataset: &crate::model::Dataset) -> Option<Self> {
        let mut file = Self::for_dataset(path)?;
        file.identify(dataset);
        Some(file)
    }

    /// Names the file after the dataset's conference (its acronym, else its title); the file
    /// of the path stays where it is and is read while the conference's does not exist.
    pub fn identify(&mut self, dataset: &crate::model::Dataset) {
        if self.built_in {
            return;
        }
        let Some(name) = crate::user_dirs::schedule_bookmarks_file_name(dataset) else {
            return;
        };
        let path = self.path.with_file_name(name);
        if path != self.path {
            self.earlier = Some(std::mem::replace(&mut self.path, path));
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why bookmarks cannot be saved this session, if they cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The bookmarks, oldest first, for a command that only reads them: the file is left
    /// exactly as it is, whatever it holds.
    pub fn read(&self) -> Loaded {
        match self.read_file() {
            Read::Missing => Loaded::default(),
            Read::Bookmarks(bookmarks) => Loaded {
                bookmarks,
                warning: None,
            },
            Read::Unreadable(why) | Read::Corrupt(why) => Loaded {
                bookmarks: Vec::new(),
                warning: Some(format!("bookmarks: {} {why}", self.shown())),
            },
        }
    }

    /// The bookmarked ids for a session that will save them. A file lotse cannot read makes
    /// the bookmarks read-only (`save` refuses); a corrupt file is set aside and the session
    /// starts afresh.
    pub fn load(&mut self) -> Loaded {
        match self.read_file() {
            Read::Missing => Loaded::default(),
            Read::Bookmarks(bookmarks) => Loaded {
                bookmarks,
                warning: None,
            },
            Read::Unreadable(why) => {
                let reason = format!("{} {why}", self.shown());
                self.read_only = Some(reason.clone());
                Loaded {
                    bookmarks: Vec::new(),
                    warning: Some(format!("bookmarks are read-only this session: {reason}")),
                }
            }
            Read::Corrupt(why) => self.set_aside(&why),
        }
    }

    fn shown(&self) -> String {
        crate::model::origin_of(&self.path)
    }

    fn read_file(&self) -> Read {
        match Self::read_path(&self.path) {
            // The conference's file does not exist yet: the bookmarks kept by path before it.
            // A file there that cannot be used is left alone: it is not this file's to set aside.
            Read::Missing => match self.earlier.as_deref().map(Self::read_path) {
                Some(Read::Bookmarks(bookmarks)) => Read::Bookmarks(bookmarks),
                _ => Read::Missing,
            },
            read => read,
        }
    }

    fn read_path(path: &Path) -> Read {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
            Err(error) => return Read::Unreadable(format!("cannot be read ({error})")),
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Read::Unreadable("is not UTF-8".to_owned());
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match serde_json::from_str::<Stored>(text) {
            Ok(stored) if stored.lotse_bookmarks == 1 => Read::Bookmarks(
                stored
                    .ids
                    .iter()
                    .map(|id| Bookmark::from(id.as_str()))
                    .collect(),
            ),
            Ok(stored) if stored.lotse_bookmarks == VERSION => Read::Bookmarks(stored.bookmarks),
            Ok(stored) => Read::Unreadable(format!(
                "was written by a newer lotse (bookmarks version {})",
                stored.lotse_bookmarks
            )),
            Err(error) => Read::Corrupt(format!("is not a bookmarks file ({error})")),
        }
    }

    /// Moves a corrupt file to `NAME.corrupt-SECONDS` (then `-2`, `-3`, … when that name is
    /// taken), never over an earlier copy: a hard link fails where the name exists, where a
    /// rename would replace it.
    fn set_aside(&mut self, why: &str) -> Loaded {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut result = Err(std::io::Error::other("no free name"));
        for attempt in 1..=100 {
            let mut aside = self.path.clone().into_os_string();
            aside.push(format!(".corrupt-{seconds}"));
            if attempt > 1 {
                aside.push(format!("-{attempt}"));
            }
            let aside = PathBuf::from(aside);
            match std::fs::hard_link(&self.path, &aside) {
                Ok(()) => {
                    result = std::fs::remove_file(&self.path).map(|()| aside);
                    break;
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => {
                    result = Err(error);
                    break;
                }
            }
        }
        let shown = self.shown();
        let warning = match result {
            Ok(aside) => format!(
                "bookmarks: {shown} {why}; kept as {} and started afresh",
                crate::model::origin_of(&aside)
            ),
            Err(error) => {
                let reason = format!("{shown} {why} and could not be set aside ({error})");
                self.read_only = Some(reason.clone());
                format!("bookmarks are read-only this session: {reason}")
            }
        };
        Loaded {
            bookmarks: Vec::new(),
            warning: Some(warning),
        }
    }

    /// Writes the bookmarks: to a temporary file beside the bookmarks file, then renamed over
    /// it. Refused when the file on disk could not be read this session.
    pub fn save(&self, bookmarks: &[Bookmark]) -> std::io::Result<()> {
        if let Some(reason) = &self.read_only {
            return Err(std::io::Error::other(format!(
                "read-only this session: {reason}"
            )));
        }
        if let Some(directory) = self.path.parent() {
            std::fs::create_dir_all(directory)?;
        }
        let stored = Stored {
            lotse_bookmarks: VERSION,
            ids: Vec::new(),
            bookmarks: bookmarks.to_vec(),
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
        let mut file = BookmarkFile::new(dir.join("b/x.json"));
        assert_eq!(file.load(), Loaded::default());
        let marked = vec![Bookmark::from("b"), Bookmark::from("a")];
        file.save(&marked).unwrap();
        assert_eq!(file.load().bookmarks, marked);
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
        let mut file = BookmarkFile::new(path.clone());
        let loaded = file.load();
        assert!(loaded.bookmarks.is_empty());
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

    #[test]
    fn a_file_lotse_cannot_read_is_never_overwritten_and_makes_the_session_read_only() {
        let dir = temporary("unreadable");
        std::fs::create_dir_all(&dir).unwrap();
        let cases: [(&str, &[u8], &str); 2] = [
            (
                "latin1.json",
                b"{\"lotse_bookmarks\": 1, \"ids\": [\"caf\xe9\"]}",
                "is not UTF-8",
            ),
            (
                "newer.json",
                b"{\"lotse_bookmarks\": 3, \"ids\": [\"a\"]}",
                "newer lotse",
            ),
        ];
        for (name, bytes, why) in cases {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let mut file = BookmarkFile::new(path.clone());
            let loaded = file.load();
            let warning = loaded.warning.expect("a warning");
            assert!(
                warning.contains("read-only this session") && warning.contains(why),
                "{warning}"
            );
            let error = file.save(&[Bookmark::from("b")]).unwrap_err().to_string();
            assert!(error.contains("read-only this session"), "{error}");
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
        }
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 2, "nothing set aside, nothing added");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_byte_order_mark_is_read_past() {
        let dir = temporary("bom");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.json");
        std::fs::write(&path, "\u{feff}{\"lotse_bookmarks\": 1, \"ids\": [\"a\"]}").unwrap();
        let mut file = BookmarkFile::new(path);
        assert_eq!(
            file.load(),
            Loaded {
                bookmarks: vec![Bookmark::from("a")],
                warning: None
            }
        );
        assert_eq!(file.read_only(), None);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn reading_only_leaves_a_corrupt_file_in_place() {
        let dir = temporary("read-only");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.json");
        std::fs::write(&path, "{ not json").unwrap();
        let loaded = BookmarkFile::new(path.clone()).read();
        assert!(
            loaded
                .warning
                .is_some_and(|w| w.contains("not a bookmarks file"))
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn two_corrupt_files_set_aside_in_one_second_keep_both() {
        let dir = temporary("twice");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.json");
        for text in ["first", "second", "third"] {
            std::fs::write(&path, text).unwrap();
            BookmarkFile::new(path.clone()).load();
        }
        let mut kept: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        kept.sort();
        assert_eq!(kept, ["first", "second", "third"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_read_at_all_makes_the_session_read_only() {
        // A directory where the file should be: reading fails as it would without permission
        // (which root, running the tests here, always has).
        let dir = temporary("no-read");
        let path = dir.join("x.json");
        std::fs::create_dir_all(&path).unwrap();
        let mut file = BookmarkFile::new(path.clone());
        let warning = file.load().warning.expect("a warning");
        assert!(warning.contains("cannot be read"), "{warning}");
        assert!(file.read_only().is_some());
        assert!(file.save(&[Bookmark::from("a")]).is_err());
        assert!(path.is_dir(), "left as it was");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
