//! The search worker: a thread that runs searches, always the newest asked for, so typing never
//! waits on one. A search still running when a newer one of its purpose is asked for gives up
//! between chunks.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use crate::app::{App, Purpose, SearchRequest, SearchResult};

pub struct SearchWorker {
    requests: mpsc::Sender<SearchRequest>,
    results: mpsc::Receiver<SearchResult>,
    /// The generation of the newest request of each purpose (results, facets).
    newest: Arc<[AtomicU64; 2]>,
}

fn slot(purpose: Purpose) -> usize {
    usize::from(purpose == Purpose::Facets)
}

impl SearchWorker {
    pub fn start(app: &App) -> Self {
        let (dataset, index) = app.search_handles();
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        let newest = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
        let wanted = Arc::clone(&newest);
        std::thread::spawn(move || {
            while let Ok(first) = inbox.recv() {
                // Requests that queued up while the last search ran are stale but the newest of
                // each purpose: results first, then facets.
                let mut queued = [None, None];
                for request in std::iter::once(first).chain(inbox.try_iter()) {
                    let purpose = slot(request.purpose());
                    queued[purpose] = Some(request);
                }
                for request in queued.into_iter().flatten() {
                    let (purpose, generation) = (slot(request.purpose()), request.generation());
                    let superseded = || wanted[purpose].load(Ordering::Relaxed) > generation;
                    let Some(result) = request.run_unless(&index, &dataset, &superseded) else {
                        continue;
                    };
                    if outbox.send(result).is_err() {
                        return;
                    }
                }
            }
        });
        Self {
            requests,
            results,
            newest,
        }
    }

    pub fn send(&self, request: SearchRequest) {
        self.newest[slot(request.purpose())].fetch_max(request.generation(), Ordering::Relaxed);
        // The worker only stops when the explorer does.
        let _ = self.requests.send(request);
    }

    /// A finished search, if one is waiting. A worker that is gone (it panicked, and the panic
    /// hook has already restored the terminal) ends the explorer with an error instead of a
    /// spinner that never stops.
    pub fn result(&self) -> io::Result<Option<SearchResult>> {
        match self.results.try_recv() {
            Ok(result) => Ok(Some(result)),
            Err(mpsc::TryRecvError::Empty) => Ok(None),
            Err(mpsc::TryRecvError::Disconnected) => {
                Err(io::Error::other("the search worker stopped"))
            }
        }
    }
}
