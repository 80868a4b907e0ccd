//! The explorer's reload, carried out: a schedule from the web is asked for at once (politely:
//! a `304` keeps it), a file is read again; on a thread, so the explorer stays live meanwhile.
//! A new version is kept as the copy to compare with next time.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc;

use crate::app::{NewVersion, Reloaded};
use crate::model::Dataset;
use crate::web::{Asking, WebAddress};

/// Where the dataset on screen came from, to have it again.
pub struct Reloader {
    source: Source,
    /// The file read: a schedule's copy in the cache, or the dataset's file.
    path: PathBuf,
    /// When the version on screen was read (seconds since 1970).
    read_at: Arc<AtomicI64>,
}

enum Source {
    Web {
        address: WebAddress,
        settings: crate::web::Settings,
    },
    File,
}

/// Whether a new version becomes the copy the next start compares with (the explorer's
/// does; a test's leaves the user's data directory alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepCopy {
    Yes,
    No,
}

impl Reloader {
    /// The reloader of a dataset read from `path` (`None`: the built-in one, which never
    /// changes), a copy of a schedule from the web when `web` says where it came from.
    pub fn new(path: Option<PathBuf>, web: Option<super::WebSource>) -> Option<Self> {
        let source = match web {
            Some(web) => Source::Web {
                address: web.address,
                settings: web.settings,
            },
            None => Source::File,
        };
        Some(Self {
            source,
            path: path?,
            read_at: Arc::new(AtomicI64::new(jiff::Timestamp::now().as_second())),
        })
    }

    /// Starts a reload on a thread; its end comes on the channel. The new version is indexed
    /// and compared with `on_screen` there too, so the explorer only takes it in.
    pub fn start(&self, keep: KeepCopy, on_screen: Arc<Dataset>) -> mpsc::Receiver<Reloaded> {
        let (done, end) = mpsc::channel();
        let asking = match &self.source {
            Source::Web { address, settings } => Some((address.clone(), *settings)),
            Source::File => None,
        };
        let (path, read_at) = (self.path.clone(), Arc::clone(&self.read_at));
        std::thread::spawn(move || {
            let reloaded = reload(asking.as_ref(), &path, &read_at, &on_screen);
            let reloaded = keep_for_next_time(keep, &path, reloaded);
            let _ = done.send(reloaded);
        });
        end
    }
}

/// Asks the server (for a schedule from the web), reads the file, and makes the new version.
/// From the web, a version no different from the one on screen is none: the server said the
/// copy is current, and no other lotse brought a newer one into the cache meanwhile.
fn reload(
    asking: Option<&(WebAddress, crate::web::Settings)>,
    path: &std::path::Path,
    read_at: &AtomicI64,
    on_screen: &Dataset,
) -> Reloaded {
    let now = jiff::Timestamp::now().as_second();
    let (update, notice) = match asking {
        Some((address, settings)) => match crate::web::open(address, Asking::Now, settings, now) {
            Ok(opened) => (opened.update, opened.notice),
            Err(error) => return nothing_new(error.message),
        },
        None => (None, None),
    };
    let since = || crate::web::when_text(read_at.load(Ordering::SeqCst), now);
    let (dataset, since) = match update {
        Some(update) => (update.dataset, update.since),
        None => match crate::import::load(Some(path)) {
            Ok(loaded) => (loaded.dataset, since()),
            Err(error) => return nothing_new(format!("not reloaded: {error}")),
        },
    };
    let version = NewVersion::after(on_screen, dataset, since);
    if asking.is_some() && version.changes.is_empty() {
        let current = format!(
            "the schedule is current (asked {})",
            crate::web::when_text(now, now)
        );
        return nothing_new(notice.unwrap_or(current));
    }
    read_at.store(now, Ordering::SeqCst);
    Reloaded {
        version: Some(version),
        message: notice,
    }
}

fn nothing_new(message: String) -> Reloaded {
    Reloaded {
        version: None,
        message: Some(message),
    }
}

/// A new version becomes the copy the next start compares with (what changed is said now);
/// a copy that cannot be written is said.
fn keep_for_next_time(keep: KeepCopy, path: &std::path::Path, reloaded: Reloaded) -> Reloaded {
    let Some(version) = reloaded.version.as_ref().filter(|_| keep == KeepCopy::Yes) else {
        return reloaded;
    };
    let dataset = &version.dataset;
    let Some(snapshot) = crate::snapshot_file::SnapshotFile::for_loaded(Some(path), dataset) else {
        return reloaded;
    };
    match snapshot.write(dataset) {
        Ok(()) => reloaded,
        Err(error) => {
            let not_kept = format!("the copy to compare with next time was not kept: {error}");
            let message = match &reloaded.message {
                Some(said) => format!("{said} · {not_kept}"),
                None => not_kept,
            };
            Reloaded {
                message: Some(message),
                ..reloaded
            }
        }
    }
}
