//! The explorer's reload, carried out: a schedule from the web is asked for at once (politely:
//! a `304` keeps it), a file is read again; on a thread, so the explorer stays live meanwhile.
//! A new version is kept as the copy to compare with next time.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::mpsc;

use crate::app::{NewVersion, Reloaded};
use crate::model::Dataset;
use crate::user_dirs::Origin;
use crate::web::{Asking, WebAddress};

/// Where the dataset on screen came from, to have it again.
pub struct Reloader {
    source: Source,
    /// What names the copy kept to compare with next time.
    origin: Origin,
    /// When the version on screen was read (seconds since 1970).
    read_at: Arc<AtomicI64>,
}

#[derive(Clone)]
enum Source {
    Web {
        address: WebAddress,
        settings: crate::web::Settings,
    },
    File(PathBuf),
}

/// Whether a new version becomes the copy the next start compares with (the explorer's
/// does; a test's leaves the user's data directory alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepCopy {
    Yes,
    No,
}

impl Reloader {
    /// The reloader of a dataset from `origin`, asked for as `web` says when it comes from
    /// the web; `None` for the built-in one, which never changes.
    pub fn new(origin: Origin, web: Option<super::WebSource>) -> Option<Self> {
        let source = match (web, &origin) {
            (Some(web), _) => Source::Web {
                address: web.address,
                settings: web.settings,
            },
            (None, Origin::File(path)) => Source::File(path.clone()),
            (None, _) => return None,
        };
        Some(Self {
            source,
            origin,
            read_at: Arc::new(AtomicI64::new(jiff::Timestamp::now().as_second())),
        })
    }

    /// Starts a reload on a thread; its end comes through the handle. The new version is
    /// indexed and compared with `on_screen` there too, so the explorer only takes it in.
    pub fn start(&self, keep: KeepCopy, on_screen: Arc<Dataset>) -> Running {
        let (done, end) = mpsc::channel();
        let (source, origin) = (self.source.clone(), self.origin.clone());
        let read_at = Arc::clone(&self.read_at);
        let cancelled = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancelled);
        std::thread::spawn(move || {
            let reloaded = reload(&source, &read_at, &on_screen);
            // A cancelled reload keeps no copy of a version nobody saw (a copy the web cache
            // took is kept: it is the server's, and the next reload finds it).
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let reloaded = keep_for_next_time(keep, &origin, reloaded);
            let _ = done.send(reloaded);
        });
        Running { end, cancelled }
    }
}

/// A reload under way.
pub struct Running {
    end: mpsc::Receiver<Reloaded>,
    cancelled: Arc<AtomicBool>,
}

impl Running {
    /// How it ended, once it has.
    pub fn end(&self) -> Option<Reloaded> {
        match self.end.try_recv() {
            Ok(reloaded) => Some(reloaded),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Reloaded {
                version: None,
                message: Some("the reload stopped before it ended".to_owned()),
            }),
        }
    }

    /// Stops waiting for it: the thread ends when its download does, and keeps nothing.
    pub fn cancel(self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }
}

/// Asks the server (for a schedule from the web), reads the file, and makes the new version.
/// From the web, a version no different from the one on screen is none: the server said the
/// copy is current, and no other lotse brought a newer one into the cache meanwhile.
fn reload(source: &Source, read_at: &AtomicI64, on_screen: &Dataset) -> Reloaded {
    let now = jiff::Timestamp::now().as_second();
    let (read, notice) = match source {
        Source::Web { address, settings } => {
            match crate::web::open(address, Asking::Now, settings, now) {
                Ok(opened) => match (opened.fresh, opened.copy) {
                    (Some(fresh), _) => (Ok(fresh.imported.loaded), opened.notice),
                    (None, Some(copy)) => (crate::import::load(Some(&copy)), opened.notice),
                    (None, None) => return nothing_new(opened.notice.unwrap_or_default()),
                },
                Err(error) => return nothing_new(error.message),
            }
        }
        Source::File(path) => (crate::import::load(Some(path)), None),
    };
    let dataset = match read {
        Ok(loaded) => loaded.dataset,
        Err(error) => return nothing_new(format!("not reloaded: {error}")),
    };
    let since = crate::web::when_text(read_at.load(Ordering::SeqCst), now);
    let version = NewVersion::after(on_screen, dataset, since);
    let from_web = matches!(source, Source::Web { .. });
    if from_web && version.changes.is_empty() {
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
fn keep_for_next_time(keep: KeepCopy, origin: &Origin, reloaded: Reloaded) -> Reloaded {
    let Some(version) = reloaded.version.as_ref().filter(|_| keep == KeepCopy::Yes) else {
        return reloaded;
    };
    let dataset = &version.dataset;
    let Some(snapshot) = crate::snapshot_file::SnapshotFile::for_loaded(origin, dataset) else {
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
