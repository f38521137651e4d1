//! When Typst's process-wide memo cache is cleared, so that memory stays flat over a class
//! without a document losing its cache halfway.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// When Typst's memo cache is cleared. The cache is global to the process: clearing it while
/// another document compiles would make that one start over. Documents being compiled hold a
/// read guard; every `every` documents, the one finishing takes the write guard (waiting for
/// those in flight, blocking new ones) and clears the cache.
#[derive(Debug)]
pub(crate) struct MemoTrim {
    lock: RwLock<()>,
    done: AtomicUsize,
    every: usize,
}

impl MemoTrim {
    /// A policy for `workers` documents compiled at once. Alone, a worker clears the cache after
    /// every document (nothing to wait for, least memory); several clear it every 4 documents
    /// each, so that the wait for the documents in flight is paid rarely.
    pub(crate) fn new(workers: usize) -> MemoTrim {
        MemoTrim {
            lock: RwLock::new(()),
            done: AtomicUsize::new(0),
            every: if workers <= 1 { 1 } else { 4 * workers },
        }
    }

    /// Held while a document compiles: the cache is not cleared under it.
    pub(super) fn compiling(&self) -> RwLockReadGuard<'_, ()> {
        self.lock.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Clears the cache now, once the documents in flight are done: before and after a large
    /// document (a class's grids), whose cache alone weighs as much as dozens of portfolios'.
    pub(crate) fn clear(&self) {
        let _alone = self.lock.write().unwrap_or_else(PoisonError::into_inner);
        typst::comemo::evict(0);
    }

    /// Counts a finished document; clears the cache when its turn has come.
    pub(super) fn document_done(&self) {
        if self.done.fetch_add(1, Ordering::Relaxed) % self.every == self.every - 1 {
            let _alone = self.lock.write().unwrap_or_else(PoisonError::into_inner);
            typst::comemo::evict(0);
        }
    }
}
