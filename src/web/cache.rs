//! The copies of schedules from the web, one per address, in the user's cache directory
//! (`LOTSE_CACHE_DIR` moves it), a directory each, `web/HOST-HASH/`: the body, exactly as the
//! server sent it, under the address's own file name (`schedule.json`, which an imported
//! dataset cites as its source), and `.record.json`, what lotse needs to ask again politely
//! (the `ETag`, the `Last-Modified`) and when the copy was fetched and last confirmed. Both are written
//! atomically, the body first; the record names the body's length and hash, so a body left
//! without its record (a crash between the two writes) is never taken for the one it names.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::WebAddress;

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
    /// `text::stable_hash` of the body, in hex.
    pub hash: String,
}

/// The place of one address's copy.
#[derive(Debug, Clone)]
pub struct Entry {
    body: PathBuf,
    record: PathBuf,
}

/// A copy that is there and whole: its record and its body.
#[derive(Debug, Clone)]
pub struct Copy {
    pub record: Record,
    pub body: Vec<u8>,
}

impl Entry {
    /// The entry of `address` in the cache directory `directory`.
    pub fn new(directory: &Path, address: &WebAddress) -> Self {
        let host = crate::model::slugify(address.host());
        let host = if host.is_empty() {
            "web".to_owned()
        } else {
            host
        };
        let hash = crate::text::stable_hash(address.as_str().as_bytes());
        let directory = directory.join("web").join(format!("{host}-{hash:016x}"));
        Self {
            body: directory.join(file_name(&address.file_name())),
            record: directory.join(".record.json"),
        }
    }

    /// The body's file: what the dataset is loaded from.
    pub fn body_path(&self) -> &Path {
        &self.body
    }

    /// The copy, when both files are there and agree; `None` otherwise (no copy, or one that
    /// cannot be trusted, which is then fetched anew).
    pub fn read(&self) -> Option<Copy> {
        let record: Record = serde_json::from_slice(&std::fs::read(&self.record).ok()?).ok()?;
        let body = std::fs::read(&self.body).ok()?;
        let whole = body.len() as u64 == record.length && hash_of(&body) == record.hash;
        whole.then_some(Copy { record, body })
    }

    /// Keeps a new body and its record: the body first, each atomically.
    pub fn store(&self, body: &[u8], record: &Record) -> io::Result<()> {
        if let Some(directory) = self.body.parent() {
            std::fs::create_dir_all(directory)?;
        }
        crate::files::write_atomically(&self.body, body)?;
        self.write_record(record)
    }

    /// Rewrites the record alone (the server said the copy is current).
    pub fn write_record(&self, record: &Record) -> io::Result<()> {
        let mut json = serde_json::to_string_pretty(record).map_err(io::Error::other)?;
        json.push('\n');
        crate::files::write_atomically(&self.record, json.as_bytes())
    }
}

/// A file name made of the address's: letters, digits, `.`, `-` and `_`, never hidden, never
/// the record's.
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
    if safe.is_empty() || safe.starts_with('.') {
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

    #[test]
    fn a_copy_is_kept_and_a_body_without_its_record_is_not_trusted() {
        let directory = tempfile::tempdir().unwrap();
        let address = WebAddress::parse("http://Example.org:8080/s.json").unwrap();
        let entry = Entry::new(directory.path(), &address);
        assert!(entry.read().is_none());
        entry.store(b"{}", &record(b"{}")).unwrap();
        let copy = entry.read().unwrap();
        assert_eq!(copy.body, b"{}");
        assert_eq!(copy.record.etag.as_deref(), Some("\"v1\""));
        let name = entry.body_path().file_name().unwrap().to_string_lossy();
        assert_eq!(name, "s.json");
        let folder = entry.body_path().parent().unwrap().file_name().unwrap();
        assert!(
            folder.to_string_lossy().starts_with("example.org-"),
            "{folder:?}"
        );
        // A crash after the new body and before its record: the old record does not vouch
        // for it.
        crate::files::write_atomically(entry.body_path(), b"{\"other\": 1}").unwrap();
        assert!(entry.read().is_none());
    }

    #[test]
    fn file_names_stay_inside_their_folder() {
        assert_eq!(file_name("schedule.json"), "schedule.json");
        assert_eq!(file_name(".."), "_..");
        assert_eq!(file_name(".record.json"), "_.record.json");
        assert_eq!(file_name("a b/c"), "a_b_c");
        assert_eq!(file_name(""), "_");
    }
}
