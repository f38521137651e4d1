//! The class folder followed live: each request for the « Classe » page looks at the files'
//! sizes and dates and checks again only those that changed, once they have stopped changing
//! (a file being saved is read when complete). Candidates are addressed by an id derived from
//! their file name, never by a path taken from a request.

use super::work::{self, Answer};
use crate::diagnostic::{Severity, Status};
use crate::pipeline::clock::Clock;
use crate::pipeline::handin::{self, Version};
use crate::pipeline::load::check_path;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// A file changed more recently than this is still being written: it is read next time.
const SETTLE: Duration = Duration::from_millis(700);

/// The followed folder and what was last found in it.
pub(crate) struct Classe {
    folder: PathBuf,
    clock: Clock,
    rows: Mutex<Vec<Row>>,
}

struct Row {
    id: String,
    path: PathBuf,
    stamp: (u64, Option<SystemTime>),
    answer: Answer,
    /// Its hand-ins, the latest first, when it is in a candidate's sub-folder.
    versions: Vec<Version>,
}

/// One row of the class page.
#[derive(serde::Serialize)]
pub(crate) struct RowView {
    pub(crate) id: String,
    pub(crate) fichier: String,
    pub(crate) nom: String,
    pub(crate) numero: String,
    pub(crate) statut: &'static str,
    pub(crate) statut_classe: &'static str,
    pub(crate) erreurs: usize,
    pub(crate) avertissements: usize,
    pub(crate) competences: String,
    pub(crate) manquantes: String,
    /// Time of the latest hand-in, printed.
    pub(crate) remis_le: String,
    /// Hand-ins in all.
    pub(crate) versions: usize,
    /// The latest hand-in came after the deadline.
    pub(crate) hors_delai: bool,
}

/// The class page's content.
#[derive(serde::Serialize)]
pub(crate) struct View {
    pub(crate) dossier: String,
    pub(crate) version: String,
    pub(crate) lignes: Vec<RowView>,
    pub(crate) en_cours: usize,
    pub(crate) erreur: Option<String>,
}

impl Classe {
    /// Follows `folder`.
    pub(crate) fn new(folder: PathBuf, clock: Clock) -> Classe {
        Classe {
            folder,
            clock,
            rows: Mutex::new(Vec::new()),
        }
    }

    /// Looks at the folder again and returns the page's content (blocking: file system).
    pub(crate) fn refresh(&self) -> View {
        let mut rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut view = View {
            dossier: self.folder.display().to_string(),
            version: String::new(),
            lignes: Vec::new(),
            en_cours: 0,
            erreur: None,
        };
        let files = match crate::inputs::collect(std::slice::from_ref(&self.folder), false) {
            Ok(files) => files,
            Err(error) => {
                view.erreur = Some(error.to_string());
                Vec::new()
            }
        };
        let mut fresh = Vec::with_capacity(files.len());
        for path in files {
            let metadata = std::fs::metadata(&path).ok();
            let stamp = (
                metadata.as_ref().map_or(0, std::fs::Metadata::len),
                metadata.as_ref().and_then(|m| m.modified().ok()),
            );
            let old = rows.iter().position(|r| r.path == path);
            // A hand-in's folder is renamed into place whole: nothing in it is being written.
            let handed_in = path
                .parent()
                .is_some_and(|p| p.join(crate::remise::FILE).is_file());
            let settling = !handed_in
                && stamp
                    .1
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age < SETTLE);
            let row = match old {
                Some(i) if rows[i].stamp == stamp => rows.swap_remove(i),
                Some(i) if settling => {
                    view.en_cours += 1;
                    rows.swap_remove(i)
                }
                _ if settling => {
                    view.en_cours += 1;
                    continue;
                }
                _ => Row {
                    id: id_of(&path),
                    answer: work::summary(&check_path(&path, &work::options(&self.clock))),
                    versions: match path.parent() {
                        Some(parent) if parent != self.folder => handin::versions(parent),
                        _ => Vec::new(),
                    },
                    path,
                    stamp,
                },
            };
            fresh.push(row);
        }
        fresh.sort_by(|a, b| a.path.cmp(&b.path));
        *rows = fresh;
        let mut hasher = Sha256::new();
        for row in rows.iter() {
            hasher.update(row.id.as_bytes());
            hasher.update(row.stamp.0.to_le_bytes());
            if let Some(latest) = row.versions.first() {
                hasher.update(latest.remise.date.as_bytes());
            }
            if let Some(time) = row
                .stamp
                .1
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            {
                hasher.update(time.as_nanos().to_le_bytes());
            }
        }
        hasher.update(view.en_cours.to_le_bytes());
        view.version = crate::text::hex(&hasher.finalize()[..8]);
        view.lignes = rows.iter().map(row_view).collect();
        view
    }

    /// What was found for a candidate, by id, at the last look.
    pub(crate) fn candidate(&self, id: &str) -> Option<Answer> {
        let rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rows.iter().find(|r| r.id == id).map(|r| r.answer.clone())
    }

    /// A candidate's hand-ins at the last look, the latest first.
    pub(crate) fn versions(&self, id: &str) -> Vec<Version> {
        let rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rows.iter()
            .find(|r| r.id == id)
            .map(|r| r.versions.clone())
            .unwrap_or_default()
    }

    /// The file of a candidate, by id: only a path this folder's listing gave.
    pub(crate) fn path_of(&self, id: &str) -> Option<PathBuf> {
        let rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rows.iter().find(|r| r.id == id).map(|r| r.path.clone())
    }
}

fn id_of(path: &std::path::Path) -> String {
    crate::text::hex(&Sha256::digest(path.to_string_lossy().as_bytes())[..6])
}

fn row_view(row: &Row) -> RowView {
    let a = &row.answer;
    let count = |s| {
        a.diagnostics
            .iter()
            .filter(|d| d.code.severity() == s)
            .count()
    };
    let (covered, missing) = a.coverage.as_ref().map_or((0, Vec::new()), |c| {
        (
            c.competences.iter().filter(|c| c.couvert).count(),
            c.competences
                .iter()
                .filter(|c| !c.couvert)
                .map(|c| c.code.clone())
                .collect(),
        )
    });
    let (statut, statut_classe) = match a.status() {
        Status::Ok => ("conforme", "ok"),
        Status::Warnings => ("à revoir", "warn"),
        Status::Errors => ("à corriger", "err"),
    };
    let latest = row.versions.first();
    RowView {
        remis_le: latest.map(|v| v.remise.date_fr()).unwrap_or_default(),
        versions: row.versions.len(),
        hors_delai: latest.is_some_and(|v| v.remise.hors_delai),
        id: row.id.clone(),
        fichier: a.file.clone(),
        nom: a.candidate.clone().unwrap_or_default(),
        numero: a.numero.clone().unwrap_or_default(),
        statut,
        statut_classe,
        erreurs: count(Severity::Error),
        avertissements: count(Severity::Warning),
        competences: format!("{covered}/6"),
        manquantes: missing.join(", "),
    }
}
