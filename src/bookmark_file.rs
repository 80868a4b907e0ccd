//! Bookmarks: what a user marked in one dataset, kept in a small JSON file in the data
//! directory. A schedule's bookmarks belong to the conference, not to a path: once the dataset
//! is loaded, the file is the one named after its acronym or title (`schedule-36c3.json`), so a
//! schedule downloaded again under another name keeps them (the files it had before, by path,
//! are read while the conference has none).
//!
//! They are never lost:
//! - every change is a merge: under the directory's lock, the file is read as it is at that
//!   moment, the change applied to it and the result written atomically, so changes made at
//!   once by several lotse (the explorer and the command line, or forty scripts) all survive;
//! - reading never moves or changes the file;
//! - a file lotse cannot read (no permission, not UTF-8, a newer version, a link) is never
//!   overwritten: changes are refused and say why;
//! - a corrupt file is set aside under a name no earlier copy has, by a change only.
//!
//! The file and its directory are private (0600, 0700) and never reached through a link.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bookmarks::Bookmark;
use crate::user_dirs::Origin;

/// The bookmarks file of one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkFile {
    path: PathBuf,
    /// The files bookmarks were kept in before this one (a schedule's file by its path), read
    /// while `path` does not exist yet; never written.
    earlier: Vec<PathBuf>,
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

/// What a change did: the bookmarks now kept (on disk, with every other lotse's changes),
/// and a warning when the file had to be set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed<R> {
    pub result: R,
    pub bookmarks: Vec<Bookmark>,
    pub warning: Option<String>,
}

/// What the file on disk is, for telling whether another lotse changed it: its length, when
/// it was modified and which file it is (a write replaces it by another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    length: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
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
            earlier: Vec::new(),
        }
    }

    /// The bookmarks file of a dataset in the data directory: named after its conference
    /// (its acronym, else its title) when it names one, else after where it comes from; the
    /// files it had before are read until this one exists.
    pub fn for_loaded(origin: &Origin, dataset: &crate::model::Dataset) -> Option<Self> {
        let directory = crate::user_dirs::data_dir()?.join("bookmarks");
        let by_origin = origin.file_name();
        let conference = match origin {
            Origin::BuiltIn => None,
            _ => crate::user_dirs::conference_file_name(dataset),
        };
        let mut earlier: Vec<PathBuf> = Vec::new();
        let untitled = conference.is_none();
        let name = match conference {
            Some(name) => {
                earlier.push(directory.join(&by_origin));
                name
            }
            None => by_origin,
        };
        earlier.extend(
            origin
                .earlier_file_names(untitled)
                .into_iter()
                .filter(|n| *n != name)
                .map(|n| directory.join(n)),
        );
        Some(Self {
            path: directory.join(name),
            earlier,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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

    /// The bookmarks for a session that will change them. A file lotse cannot read is said
    /// (each change is refused while it stays so: `change` reads it again every time); a
    /// corrupt file is set aside and the session starts afresh.
    pub fn load(&self) -> Loaded {
        match self.read_file() {
            Read::Missing => Loaded::default(),
            Read::Bookmarks(bookmarks) => Loaded {
                bookmarks,
                warning: None,
            },
            Read::Unreadable(why) => Self::read_only_because(format!("{} {why}", self.shown())),
            Read::Corrupt(_) => match self.set_aside_under_lock() {
                Ok(loaded) => loaded,
                Err(reason) => Self::read_only_because(reason),
            },
        }
    }

    /// No bookmarks, and why they cannot be changed while the file stays as it is.
    fn read_only_because(reason: String) -> Loaded {
        Loaded {
            bookmarks: Vec::new(),
            warning: Some(format!(
                "bookmarks are read-only: {reason}; the file is left as it is"
            )),
        }
    }

    /// Sets a corrupt file aside, under the lock: another lotse may have done so (and written
    /// anew) meanwhile, and then what is there now is read.
    fn set_aside_under_lock(&self) -> Result<Loaded, String> {
        let directory = self.directory();
        let _lock = crate::files::private_directory(directory, 1)
            .and_then(|()| crate::files::lock(directory))
            .map_err(|error| format!("{} cannot be set aside ({error})", self.shown()))?;
        match self.read_file() {
            Read::Corrupt(why) => Ok(Loaded {
                bookmarks: Vec::new(),
                warning: Some(self.set_aside(&why)?),
            }),
            _ => Ok(self.read()),
        }
    }

    /// Changes the bookmarks as they are on disk at this moment: under the lock, the file is
    /// read, `change` applied to what it holds, and the result written (when it differs).
    /// Refused, with the reason, while the file cannot be read; a corrupt one is set aside.
    pub fn change<R>(
        &self,
        change: impl FnOnce(&mut Vec<Bookmark>) -> R,
    ) -> std::io::Result<Changed<R>> {
        let directory = self.directory();
        crate::files::private_directory(directory, 1)?;
        let _lock = crate::files::lock(directory)?;
        let (mut bookmarks, warning) = match self.read_file() {
            Read::Missing => (Vec::new(), None),
            Read::Bookmarks(bookmarks) => (bookmarks, None),
            Read::Unreadable(why) => {
                return Err(std::io::Error::other(format!(
                    "{} {why}; the file is left as it is",
                    self.shown()
                )));
            }
            Read::Corrupt(why) => (
                Vec::new(),
                Some(self.set_aside(&why).map_err(std::io::Error::other)?),
            ),
        };
        let before = bookmarks.clone();
        let result = change(&mut bookmarks);
        // Written also when only an earlier file held them: from now on, this one does.
        if bookmarks != before || (!self.path.exists() && !bookmarks.is_empty()) {
            self.write(&bookmarks)?;
        }
        Ok(Changed {
            result,
            bookmarks,
            warning,
        })
    }

    /// What the file on disk is now (`None`: there is none), to tell a change made elsewhere.
    pub fn signature(&self) -> Option<Signature> {
        let meta = std::fs::symlink_metadata(&self.path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Signature {
            length: meta.len(),
            modified: meta.modified().ok(),
            inode,
        })
    }

    fn directory(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    fn shown(&self) -> String {
        crate::model::origin_of(&self.path)
    }

    fn read_file(&self) -> Read {
        match Self::read_path(&self.path) {
            // The conference's file does not exist yet: the bookmarks kept before it, by path.
            // A file there that cannot be used is left alone: it is not this file's to set aside.
            Read::Missing => self
                .earlier
                .iter()
                .find_map(|earlier| match Self::read_path(earlier) {
                    Read::Bookmarks(bookmarks) => Some(Read::Bookmarks(bookmarks)),
                    _ => None,
                })
                .unwrap_or(Read::Missing),
            read => read,
        }
    }

    fn read_path(path: &Path) -> Read {
        let bytes = match crate::files::read_private(path) {
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
    /// rename would replace it. Returns the warning to show, or why it could not be done.
    fn set_aside(&self, why: &str) -> Result<String, String> {
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
        match result {
            Ok(aside) => Ok(format!(
                "bookmarks: {shown} {why}; kept as {} and started afresh",
                crate::model::origin_of(&aside)
            )),
            Err(error) => Err(format!(
                "{shown} {why} and could not be set aside ({error})"
            )),
        }
    }

    /// Writes the whole file (the caller holds the lock).
    fn write(&self, bookmarks: &[Bookmark]) -> std::io::Result<()> {
        let stored = Stored {
            lotse_bookmarks: VERSION,
            ids: Vec::new(),
            bookmarks: bookmarks.to_vec(),
        };
        let mut json = serde_json::to_string_pretty(&stored).map_err(std::io::Error::other)?;
        json.push('\n');
        crate::files::write_private(&self.path, json.as_bytes())
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
        let marked = vec![Bookmark::from("b"), Bookmark::from("a")];
        let changed = file.change(|kept| kept.clone_from(&marked)).unwrap();
        assert_eq!(changed.bookmarks, marked);
        assert_eq!(file.load().bookmarks, marked);
        let mut left: Vec<String> = std::fs::read_dir(dir.join("b"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".lock", "x.json"],
            "no temporary file is left behind"
        );
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
            .filter(|name| name != ".lock")
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
            let file = BookmarkFile::new(path.clone());
            let loaded = file.load();
            let warning = loaded.warning.expect("a warning");
            assert!(
                warning.contains("bookmarks are read-only") && warning.contains(why),
                "{warning}"
            );
            let error = file
                .change(|kept| kept.push(Bookmark::from("b")))
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(why) && error.contains("left as it is"),
                "{error}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|name| name != ".lock")
            .collect();
        assert_eq!(
            names.len(),
            2,
            "nothing set aside, nothing added: {names:?}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_byte_order_mark_is_read_past() {
        let dir = temporary("bom");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.json");
        std::fs::write(&path, "\u{feff}{\"lotse_bookmarks\": 1, \"ids\": [\"a\"]}").unwrap();
        let file = BookmarkFile::new(path);
        assert_eq!(
            file.load(),
            Loaded {
                bookmarks: vec![Bookmark::from("a")],
                warning: None
            }
        );
        assert!(file.change(|_| ()).is_ok(), "changes are possible");
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
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with(".lock"))
            .map(|p| std::fs::read_to_string(p).unwrap())
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
        let file = BookmarkFile::new(path.clone());
        let warning = file.load().warning.expect("a warning");
        assert!(warning.contains("cannot be read"), "{warning}");
        assert!(warning.contains("bookmarks are read-only"), "{warning}");
        assert!(file.change(|kept| kept.push(Bookmark::from("a"))).is_err());
        assert!(path.is_dir(), "left as it was");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
