//! How far a load has come, for a progress bar: the thread that loads counts, the thread that
//! draws reads. Loading code reports through the thread's current `LoadProgress` (set with
//! [`reporting`]), so the loader's signatures stay as they are and a load nobody watches pays
//! one thread-local look-up per entity.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// What a load is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Parsing,
    Checking,
    Indexing,
    /// Asking a server for a schedule from the web (before it is read).
    Asking,
}

impl Stage {
    const ALL: [Stage; 5] = [
        Stage::Reading,
        Stage::Parsing,
        Stage::Checking,
        Stage::Indexing,
        Stage::Asking,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Parsing => "parsing",
            Stage::Checking => "checking",
            Stage::Indexing => "indexing",
            Stage::Asking => "asking the server",
        }
    }
}

/// The counters of one load.
#[derive(Debug)]
pub struct LoadProgress {
    /// The file's size (0 when unknown, as for the built-in dataset).
    pub total_bytes: u64,
    bytes_read: AtomicU64,
    entities_parsed: AtomicU64,
    /// About how many entities the file holds (0: not known yet), for the parsing share.
    entities_expected: AtomicU64,
    stage: AtomicU8,
}

impl LoadProgress {
    pub fn new(total_bytes: u64) -> Self {
        Self {
            total_bytes,
            bytes_read: AtomicU64::new(0),
            entities_parsed: AtomicU64::new(0),
            entities_expected: AtomicU64::new(0),
            stage: AtomicU8::new(0),
        }
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }

    pub fn entities_parsed(&self) -> u64 {
        self.entities_parsed.load(Ordering::Relaxed)
    }

    pub fn entities_expected(&self) -> u64 {
        self.entities_expected.load(Ordering::Relaxed)
    }

    pub fn stage(&self) -> Stage {
        Stage::ALL[usize::from(self.stage.load(Ordering::Relaxed)).min(Stage::ALL.len() - 1)]
    }

    pub fn set_stage(&self, stage: Stage) {
        let number = Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0);
        self.stage
            .store(u8::try_from(number).unwrap_or(0), Ordering::Relaxed);
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<LoadProgress>>> = const { RefCell::new(None) };
}

/// Runs `load` with `progress` as this thread's current progress.
pub fn reporting<T>(progress: Arc<LoadProgress>, load: impl FnOnce() -> T) -> T {
    CURRENT.with(|current| *current.borrow_mut() = Some(progress));
    let result = load();
    CURRENT.with(|current| *current.borrow_mut() = None);
    result
}

fn with_current(report: impl FnOnce(&LoadProgress)) {
    CURRENT.with(|current| {
        if let Some(progress) = current.borrow().as_deref() {
            report(progress);
        }
    });
}

/// `bytes` more of the file were read.
pub(crate) fn read(bytes: usize) {
    with_current(|p| {
        p.bytes_read
            .fetch_add(u64::try_from(bytes).unwrap_or(u64::MAX), Ordering::Relaxed);
    });
}

/// One more entity was parsed.
pub(crate) fn parsed_one() {
    with_current(|p| {
        p.entities_parsed.fetch_add(1, Ordering::Relaxed);
    });
}

/// Whether anyone watches this thread's load: only then is it worth estimating its size.
pub(crate) fn watched() -> bool {
    CURRENT.with(|current| current.borrow().is_some())
}

/// The file holds about `entities` entities.
pub(crate) fn expect(entities: u64) {
    with_current(|p| p.entities_expected.store(entities, Ordering::Relaxed));
}

/// The load moved on to `stage`.
pub fn stage(stage: Stage) {
    with_current(|p| p.set_stage(stage));
}
