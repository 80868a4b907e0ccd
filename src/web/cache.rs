//! The copies of schedules from the web, one entry per address, in the user's cache directory
//! (`LOTSE_CACHE_DIR` moves it): `web/HOST-HASH/`, named by the address as messages show it
//! (no credentials, no secret values: none can be read back from the name).
//!
//! An entry holds `record.json`, what lotse needs to ask again politely (the `ETag`, the
//! `Last-Modified`) and when the copy was fetched and last confirmed, and the bodies, exactly as
//! the server sent them, each in a directory named by its hash (`HASH/schedule.json`, the
//! address's own file name, which an imported dataset cites as its source). The record is the
//! one place a copy changes: a new body is written first, under a name no other body has, then
//! the record that names it, atomically; so a crash at any moment leaves the old copy or the
//! new one, whole. The record and the body it names change together for every reader.
//! Changes hold the entry's lock, so two lotse refreshing one address at once both leave a
//! valid copy; the body before the current one is kept, so a reader that had just found it
//! still can read it.
//!
//! Everything here is private (0700, 0600) and never written or read through a link
//! (`files::private`). Copies kept by earlier versions of lotse (`.record.json` beside the
//! body, in a directory named by the whole address) are read until the address has a copy
//! of its own, which then replaces them.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::WebAddress;
use super::http::is_header_value;

/// What the cache knows of one address's copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The address as messages show it (no credentials).
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// When this body came (seconds since 1970).
    pub fetched: i64,
    /// When the server last said it is current (a `200` or a `304`), or when it came.
    pub checked: i64,
    pub length: u64,
    /// `text::stable_hash` of the body, in hex: also the name of its directory.
    pub hash: String,
}

/// The place of one address's copy.
#[derive(Debug, Clone)]
pub struct Entry {
    directory: PathBuf,
    /// The body's file name, the same in every version.
    name: String,
    /// Where earlier versions of lotse kept this address's copy.
    legacy: PathBuf,
}

/// A copy that is there and whole: its record, its body, and the body's file.
#[derive(Debug, Clone)]
pub struct Copy {
    pub record: Record,
    pub body: Vec<u8>,
    pub path: PathBuf,
}

impl Entry {
    /// The entry of `address` in the cache directory `directory`.
    pub fn new(directory: &Path, address: &WebAddress) -> Self {
        let host = Some(crate::model::slugify(address.host()))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "web".to_owned());
        let web = directory.join("web");
        let named = |key: &str| {
            web.join(format!(
                "{host}-{:016x}",
                crate::text::stable_hash(key.as_bytes())
            ))
        };
        Self {
            directory: named(&address.shown()),
            name: file_name(&address.file_name()),
            legacy: named(address.as_given()),
        }
    }

    /// The file earlier versions of lotse kept the copy in (what their bookmarks were named
    /// after).
    pub fn legacy_body_path(&self) -> PathBuf {
        self.legacy.join(&self.name)
    }

    /// The copy, when its record and body are there and agree; `None` otherwise (no copy, or
    /// one that cannot be trusted, which is then fetched anew).
    pub fn read(&self) -> Option<Copy> {
        self.read_current().or_else(|| self.read_legacy())
    }

    fn read_current(&self) -> Option<Copy> {
        let record = read_record(&self.directory.join("record.json"))?;
        let path = self.directory.join(&record.hash).join(&self.name);
        whole(record, path)
    }

    /// A copy of an earlier lotse: its record beside the body (in the same directory as this
    /// entry's when the address holds no secrets).
    fn read_legacy(&self) -> Option<Copy> {
        let record = read_record(&self.legacy.join(".record.json"))?;
        whole(record, self.legacy_body_path())
    }

    /// The size of the copy's body as its record says (0: none), for the loading screen.
    pub fn size(&self) -> u64 {
        read_record(&self.directory.join("record.json")).map_or(0, |r| r.length)
    }

    /// Holds the entry's lock while `change` runs, in the entry's directory made private.
    pub fn locked<R>(&self, change: impl FnOnce() -> io::Result<R>) -> io::Result<R> {
        crate::files::private_directory(&self.directory, 2)?;
        let _lock = crate::files::lock(&self.directory)?;
        change()
    }

    /// Keeps a new body and its record (the caller holds the lock): the body under its own
    /// name, then the record that names it; then the bodies before the one replaced, and the
    /// copy of an earlier lotse, go. Returns the body's file.
    pub fn store(&self, body: &[u8], record: &Record) -> io::Result<PathBuf> {
        let before = read_record(&self.directory.join("record.json")).map(|r| r.hash);
        let version = self.directory.join(&record.hash);
        let path = version.join(&self.name);
        if whole(record.clone(), path.clone()).is_none() {
            crate::files::private_directory(&version, 3)?;
            crate::files::write_private(&path, body)?;
        }
        crate::files::pause_for_tests("cache-record");
        self.write_record(record)?;
        self.prune(&[Some(&record.hash), before.as_ref()]);
        self.remove_legacy();
        Ok(path)
    }

    /// Removes the copy an earlier lotse kept, now that there is a copy of this lotse's; a
    /// directory of its own goes whole (its name was made of the address, secrets and all).
    fn remove_legacy(&self) {
        if self.legacy == self.directory {
            let _ = std::fs::remove_file(self.legacy.join(".record.json"));
            let _ = std::fs::remove_file(self.legacy_body_path());
        } else {
            let _ = std::fs::remove_dir_all(&self.legacy);
        }
    }

    /// Rewrites the record (the caller holds the lock).
    pub fn write_record(&self, record: &Record) -> io::Result<()> {
        let mut json = serde_json::to_string_pretty(record).map_err(io::Error::other)?;
        json.push('\n');
        crate::files::write_private(&self.directory.join("record.json"), json.as_bytes())
    }

    /// The record as it is on disk now (the caller holds the lock).
    pub fn current_record(&self) -> Option<Record> {
        read_record(&self.directory.join("record.json"))
    }

    /// Removes the bodies not in `keep`: directories named as bodies are, nothing else.
    fn prune(&self, keep: &[Option<&String>]) {
        let Ok(entries) = std::fs::read_dir(&self.directory) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_body = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
            if is_body && !keep.iter().flatten().any(|k| **k == name) {
                // Never follows a link: one is removed as the link it is.
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A record read back, its validators checked: one that could not be sent again (a line
/// break in an `ETag`) is dropped, so the next request is only less polite, never refused.
fn read_record(path: &Path) -> Option<Record> {
    let mut record: Record =
        serde_json::from_slice(&crate::files::read_private(path).ok()?).ok()?;
    record.etag = record.etag.filter(|v| is_header_value(v));
    record.last_modified = record.last_modified.filter(|v| is_header_value(v));
    let named = record.hash.len() == 16 && record.hash.bytes().all(|b| b.is_ascii_hexdigit());
    named.then_some(record)
}

/// The copy at `path`, when it is the body `record` vouches for (its length and hash).
fn whole(record: Record, path: PathBuf) -> Option<Copy> {
    let body = crate::files::read_private(&path).ok()?;
    let whole = body.len() as u64 == record.length && hash_of(&body) == record.hash;
    whole.then_some(Copy { record, body, path })
}

/// A file name made of the address's: letters, digits, `.`, `-` and `_`, never hidden, never
/// one of the entry's own names.
fn file_name(name: &str) -> String {
    let mut safe: String = name
        .chars()
        .take(100)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() || safe.starts_with('.') || safe == "record.json" {
        safe.insert(0, '_');
    }
    safe
}

/// The hash a record keeps of its body.
pub fn hash_of(body: &[u8]) -> String {
    format!("{:016x}", crate::text::stable_hash(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &[u8]) -> Record {
        Record {
            url: "http://example.org/s.json".to_owned(),
            etag: Some("\"v1\"".to_owned()),
            last_modified: None,
            content_type: None,
            fetched: 1,
            checked: 2,
            length: body.len() as u64,
            hash: hash_of(body),
        }
    }

    fn address(text: &str) -> WebAddress {
        WebAddress::parse(text).unwrap().unwrap()
    }

    #[test]
    fn a_copy_is_kept_and_a_body_its_record_does_not_name_is_not_trusted() {
        let directory = tempfile::tempdir().unwrap();
        let entry = Entry::new(directory.path(), &address("http://Example.org:8080/s.json"));
        assert!(entry.read().is_none());
        let path = entry.locked(|| entry.store(b"{}", &record(b"{}"))).unwrap();
        let copy = entry.read().unwrap();
        assert_eq!((copy.body.as_slice(), &copy.path), (&b"{}"[..], &path));
        assert_eq!(copy.record.etag.as_deref(), Some("\"v1\""));
        assert_eq!(path.file_name().unwrap(), "s.json");
        let folder = path
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .file_name()
            .unwrap();
        assert!(
            folder.to_string_lossy().starts_with("example.org-"),
            "{folder:?}"
        );
        // A body of the same length that is not the one the record names: not trusted.
        std::fs::write(&path, b"[]").unwrap();
        assert!(entry.read().is_none());
    }

    #[test]
    fn the_body_before_is_kept_for_readers_and_older_ones_go() {
        let directory = tempfile::tempdir().unwrap();
        let entry = Entry::new(directory.path(), &address("http://example.org/s.json"));
        let mut paths = Vec::new();
        for body in [&b"one"[..], b"two", b"three"] {
            paths.push(entry.locked(|| entry.store(body, &record(body))).unwrap());
        }
        assert!(!paths[0].exists(), "two versions back: gone");
        assert!(paths[1].exists(), "the one before: kept");
        assert_eq!(entry.read().unwrap().body, b"three");
    }

    #[test]
    fn no_credential_enters_a_name() {
        let directory = tempfile::tempdir().unwrap();
        let with = Entry::new(
            directory.path(),
            &address("https://ada:pw12@example.org/s.json?api_token=t0ken"),
        );
        let without = Entry::new(directory.path(), &address("https://example.org/s.json"));
        let other_secrets = Entry::new(
            directory.path(),
            &address("https://bob:other@example.org/s.json?api_token=zzz"),
        );
        // The name is made of what messages show: the same whatever the secrets are.
        assert_eq!(with.directory, other_secrets.directory);
        assert_ne!(
            with.directory, without.directory,
            "a query is part of the address"
        );
        assert!(!with.directory.to_string_lossy().contains("pw12"));
    }

    #[test]
    fn a_validator_with_a_line_break_is_dropped_when_read_back() {
        let directory = tempfile::tempdir().unwrap();
        let entry = Entry::new(directory.path(), &address("http://example.org/s.json"));
        let mut bad = record(b"{}");
        bad.etag = Some("\"v1\"\r\nX-Injected: 1".to_owned());
        entry.locked(|| entry.store(b"{}", &bad)).unwrap();
        let copy = entry.read().expect("the copy itself is good");
        assert_eq!(copy.record.etag, None);
    }

    /// A copy as an earlier lotse kept it: its record beside its body.
    fn keep_as_earlier_versions_did(entry: &Entry, body: &[u8]) {
        std::fs::create_dir_all(&entry.legacy).unwrap();
        std::fs::write(entry.legacy_body_path(), body).unwrap();
        let json = serde_json::to_vec(&record(body)).unwrap();
        std::fs::write(entry.legacy.join(".record.json"), json).unwrap();
    }

    #[test]
    fn a_copy_an_earlier_lotse_kept_is_read_then_replaced() {
        let directory = tempfile::tempdir().unwrap();
        for text in [
            "http://example.org/s.json",
            // One whose directory's name was made of a password goes whole.
            "http://ada:pw@example.org/s.json",
        ] {
            let entry = Entry::new(directory.path(), &address(text));
            keep_as_earlier_versions_did(&entry, b"old");
            assert_eq!(entry.read().unwrap().body, b"old", "{text}");
            entry
                .locked(|| entry.store(b"new", &record(b"new")))
                .unwrap();
            assert_eq!(entry.read().unwrap().body, b"new");
            assert!(!entry.legacy_body_path().exists(), "{text}");
            assert!(!entry.legacy.join(".record.json").exists(), "{text}");
            if entry.legacy != entry.directory {
                assert!(!entry.legacy.exists(), "{text}");
            }
        }
    }

    #[test]
    fn file_names_stay_inside_their_folder() {
        assert_eq!(file_name("schedule.json"), "schedule.json");
        assert_eq!(file_name(".."), "_..");
        assert_eq!(file_name("record.json"), "_record.json");
        assert_eq!(file_name("a b/c"), "a_b_c");
        assert_eq!(file_name(""), "_");
    }
}
