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
pub enum Reloader {
    Web {
        address: WebAddress,
        settings: crate::web::Settings,
        /// The copy's file (for the copy to compare with next time).
        body: PathBuf,
    },
    File {
        path: PathBuf,
        /// When it was last read (seconds since 1970).
        read_at: Arc<AtomicI64>,
    },
}

/// Whether a new version becomes the copy the next start compares with (the explorer's
/// does; a test's leaves the user's data directory alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepCopy {
    Yes,
    No,
}

impl Reloader {
    /// The reloader of a dataset opened from `path` (`None`: the built-in one, which never
    /// changes) or from the web.
    pub fn new(path: Option<PathBuf>, web: Option<super::WebSource>) -> Option<Self> {
        match (web, path) {
            (Some(web), Some(body)) => Some(Self::Web {
                address: web.address,
                settings: web.settings,
                body,
            }),
            (None, Some(path)) => Some(Self::File {
                path,
                read_at: Arc::new(AtomicI64::new(jiff::Timestamp::now().as_second())),
            }),
            _ => None,
        }
    }

    /// Starts a reload on a thread; its end comes on the channel. The new version is indexed
    /// and compared with `on_screen` there too, so the explorer only takes it in.
    pub fn start(&self, keep: KeepCopy, on_screen: Arc<Dataset>) -> mpsc::Receiver<Reloaded> {
        let (done, end) = mpsc::channel();
        let job = self.job(keep, on_screen);
        std::thread::spawn(move || {
            let _ = done.send(job());
        });
        end
    }

    fn job(&self, keep: KeepCopy, on_screen: Arc<Dataset>) -> Box<dyn FnOnce() -> Reloaded + Send> {
        match self {
            Reloader::Web {
                address,
                settings,
                body,
            } => {
                let (address, settings, body) = (address.clone(), *settings, body.clone());
                Box::new(move || from_web(&address, &settings, body, keep, &on_screen))
            }
            Reloader::File { path, read_at } => {
                let (path, read_at) = (path.clone(), Arc::clone(read_at));
                Box::new(move || from_file(path, &read_at, keep, &on_screen))
            }
        }
    }
}

fn from_web(
    address: &WebAddress,
    settings: &crate::web::Settings,
    body: PathBuf,
    keep: KeepCopy,
    on_screen: &Dataset,
) -> Reloaded {
    let now = jiff::Timestamp::now().as_second();
    match crate::web::open(address, Asking::Now, settings, now) {
        Err(error) => Reloaded {
            version: None,
            message: Some(error.message),
        },
        Ok(opened) => match opened.update {
            Some(update) => {
                let not_kept = keep_for_next_time(keep, Some(&body), &update.dataset);
                Reloaded {
                    version: Some(NewVersion::after(on_screen, update.dataset, update.since)),
                    message: opened.notice.or(not_kept),
                }
            }
            None => Reloaded {
                version: None,
                message: Some(opened.notice.unwrap_or_else(|| {
                    format!(
                        "the schedule is current (asked {})",
                        crate::web::when_text(now, now)
                    )
                })),
            },
        },
    }
}

fn from_file(path: PathBuf, read_at: &AtomicI64, keep: KeepCopy, on_screen: &Dataset) -> Reloaded {
    let now = jiff::Timestamp::now().as_second();
    match crate::import::load(Some(&path)) {
        Err(error) => Reloaded {
            version: None,
            message: Some(format!("not reloaded: {error}")),
        },
        Ok(loaded) => {
            let not_kept = keep_for_next_time(keep, Some(&path), &loaded.dataset);
            let since = crate::web::when_text(read_at.swap(now, Ordering::SeqCst), now);
            Reloaded {
                version: Some(NewVersion::after(on_screen, loaded.dataset, since)),
                message: not_kept,
            }
        }
    }
}

/// The new version becomes the copy the next start compares with (what changed is said now);
/// a copy that cannot be written is said.
fn keep_for_next_time(
    keep: KeepCopy,
    path: Option<&std::path::Path>,
    dataset: &crate::model::Dataset,
) -> Option<String> {
    if keep == KeepCopy::No {
        return None;
    }
    let snapshot = crate::snapshot_file::SnapshotFile::for_loaded(path, dataset)?;
    let error = snapshot.write(dataset).err()?;
    Some(format!(
        "the copy to compare with next time was not kept: {error}"
    ))
}
