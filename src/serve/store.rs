//! What the page keeps a short while after a check: the documents it links to and, with a
//! class folder, the files ready to be handed in. Without a class folder everything stays in
//! memory; with one, on disk in the class folder's working area (`.sio-dossier/`, never read as
//! input), so that the server's memory stays flat however many dossiers are checked.
//! Entries are addressed by a random id of ours, never by a path from a request.

use crate::pipeline::handin::WORK;
use crate::remise::Remise;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long documents stay after an answer.
pub(crate) const KEEP: Duration = Duration::from_secs(15 * 60);
/// Answers kept at most (the oldest go first).
const KEPT: usize = 64;

/// A document made for an answer.
pub(crate) struct Made {
    /// File name.
    pub(crate) name: &'static str,
    /// Media type.
    pub(crate) mime: &'static str,
    /// Content.
    pub(crate) bytes: Vec<u8>,
}

/// A checked dossier ready to be handed in.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    /// `<numéro>_<NOM>_<Prénom>`, or why it cannot be handed in (a cell to fill).
    pub(crate) folder: Result<String, String>,
    /// The record, its date set at hand-in.
    pub(crate) remise: Remise,
    /// The session, for the receipt.
    pub(crate) session: u16,
    /// The staged files, or why they could not be written.
    pub(crate) staged: Result<PathBuf, String>,
}

struct Kept {
    id: String,
    made: Instant,
    files: Vec<(&'static str, &'static str)>,
    /// In memory when there is no class folder.
    memory: Vec<Vec<u8>>,
    pending: Option<Pending>,
}

/// The kept answers.
pub(crate) struct Store {
    /// `CLASSE/.sio-dossier`, when following a class.
    disk: Option<PathBuf>,
    entries: Mutex<Vec<Kept>>,
}

impl Store {
    /// A store in memory, or in the class folder's working area (emptied of a previous run's
    /// documents and unfinished hand-ins).
    pub(crate) fn new(classe: Option<&std::path::Path>) -> Store {
        let disk = classe.map(|c| c.join(WORK));
        if let Some(root) = &disk {
            let _ = std::fs::remove_dir_all(root.join("documents"));
            let _ = std::fs::remove_dir_all(root.join("attente"));
        }
        Store {
            disk,
            entries: Mutex::new(Vec::new()),
        }
    }

    /// A new id.
    pub(crate) fn new_id() -> Option<String> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).ok()?;
        Some(crate::text::hex(&bytes))
    }

    /// The class folder, when following one (hand-ins possible).
    pub(crate) fn classe(&self) -> Option<PathBuf> {
        self.disk
            .as_ref()
            .and_then(|d| d.parent().map(PathBuf::from))
    }

    /// Keeps an answer's documents (and its hand-in when pending) under `id`.
    pub(crate) fn keep(&self, id: &str, documents: Vec<Made>, pending: Option<Pending>) {
        let mut files = Vec::new();
        let mut memory = Vec::new();
        for document in documents {
            files.push((document.name, document.mime));
            let written = self.disk.as_ref().is_some_and(|root| {
                let dir = root.join("documents").join(id);
                std::fs::create_dir_all(&dir)
                    .and_then(|()| std::fs::write(dir.join(document.name), &document.bytes))
                    .is_ok()
            });
            // Empty: on disk. Without a class folder, or when it cannot be written: here.
            memory.push(if written { Vec::new() } else { document.bytes });
        }
        let mut entries = self.lock();
        let expired: Vec<Kept> = {
            let (old, fresh): (Vec<Kept>, Vec<Kept>) = std::mem::take(&mut *entries)
                .into_iter()
                .partition(|e| e.made.elapsed() >= KEEP);
            *entries = fresh;
            old
        };
        let mut gone = expired;
        if entries.len() >= KEPT {
            gone.push(entries.remove(0));
        }
        entries.push(Kept {
            id: id.to_owned(),
            made: Instant::now(),
            files,
            memory,
            pending,
        });
        drop(entries);
        for kept in gone {
            self.forget(&kept);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Kept>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Removes what an expired entry left on disk (documents, files never handed in).
    fn forget(&self, kept: &Kept) {
        if let Some(root) = &self.disk {
            let _ = std::fs::remove_dir_all(root.join("documents").join(&kept.id));
            if let Some(Pending {
                staged: Ok(dir), ..
            }) = &kept.pending
            {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    /// A kept document: its media type and bytes.
    pub(crate) fn get(&self, id: &str, file: &str) -> Option<(&'static str, Vec<u8>)> {
        let entries = self.lock();
        let entry = entries
            .iter()
            .find(|e| e.id == id && e.made.elapsed() < KEEP)?;
        let index = entry.files.iter().position(|(name, _)| *name == file)?;
        let (name, mime) = entry.files[index];
        match entry.memory.get(index).filter(|b| !b.is_empty()) {
            Some(bytes) => Some((mime, bytes.clone())),
            None => {
                let root = self.disk.as_ref()?;
                std::fs::read(root.join("documents").join(&entry.id).join(name))
                    .ok()
                    .map(|bytes| (mime, bytes))
            }
        }
    }

    /// The hand-in pending under `id`, taken (a second click finds nothing).
    pub(crate) fn take_pending(&self, id: &str) -> Option<Pending> {
        let mut entries = self.lock();
        entries
            .iter_mut()
            .find(|e| e.id == id && e.made.elapsed() < KEEP)?
            .pending
            .take()
    }
}
