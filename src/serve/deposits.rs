//! « Figer le dépôt » and « Vérifier »: the class folder deposited by the same pipeline as
//! `sio-dossier depot` into the deposits' folder, the receipt's rows shown, and the deposits of
//! that folder listed and verified. A deposit and its files are addressed by names this
//! folder's listing gave, never by a path from a request.

use crate::pipeline::clock::Clock;
use crate::pipeline::deposit::{self, Plan, Verified};
use crate::render::world::Engine;
use chrono::NaiveDateTime;
use serde::Serialize;
use std::path::PathBuf;

/// The class's deposits.
pub(crate) struct Deposits {
    classe: PathBuf,
    root: PathBuf,
    limite: Option<NaiveDateTime>,
    clock: Clock,
}

/// One candidate of a deposit, as the page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub(crate) nom: String,
    pub(crate) numero: String,
    pub(crate) conforme: bool,
    pub(crate) raisons: Vec<String>,
    pub(crate) hors_delai: bool,
    /// Its `conformite.pdf`, relative to the deposit.
    pub(crate) conformite: Option<String>,
    /// Why it could not be deposited.
    pub(crate) echec: Option<String>,
}

/// A deposit just made.
#[derive(Debug, Serialize)]
pub(crate) struct Frozen {
    /// The dated folder's name.
    pub(crate) nom: String,
    pub(crate) lignes: Vec<Row>,
}

/// One deposit's verification, as the page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Check {
    pub(crate) nom: String,
    pub(crate) intact: bool,
    pub(crate) etat: &'static str,
    pub(crate) details: Vec<String>,
}

impl Deposits {
    /// Deposits of `classe` into `root`, against `limite`.
    pub(crate) fn new(
        classe: PathBuf,
        root: PathBuf,
        limite: Option<NaiveDateTime>,
        clock: Clock,
    ) -> Deposits {
        Deposits {
            classe,
            root,
            limite,
            clock,
        }
    }

    /// Where the deposits go.
    pub(crate) fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// Freezes the class folder as it is (blocking).
    pub(crate) fn freeze(&self, engine: &Engine) -> anyhow::Result<Frozen> {
        let plan = Plan {
            inputs: crate::inputs::collect(std::slice::from_ref(&self.classe), false)?,
            output: self.root.clone(),
            limite: self.limite,
            session: None,
            clock: self.clock,
        };
        let deposited = deposit::deposit(&plan, engine)?;
        let nom = deposited
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lignes = deposited
            .candidates
            .iter()
            .map(|(folder, result)| match result {
                Ok(d) => Row {
                    nom: d.nom.clone(),
                    numero: d.numero.clone().unwrap_or_default(),
                    conforme: d.conformite.conforme,
                    raisons: d.conformite.reasons(),
                    hors_delai: d.hors_delai,
                    conformite: Some(format!("{folder}/conformite.pdf")),
                    echec: None,
                },
                Err(error) => Row {
                    nom: folder.clone(),
                    numero: String::new(),
                    conforme: false,
                    raisons: Vec::new(),
                    hors_delai: false,
                    conformite: None,
                    echec: Some(format!("{error:#}")),
                },
            })
            .collect();
        Ok(Frozen { nom, lignes })
    }

    /// The deposits made in the folder, newest first.
    pub(crate) fn list(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort_by(|a, b| b.cmp(a));
        names
    }

    /// Verifies the deposit of that name, when it is one of [`Deposits::list`] (blocking).
    pub(crate) fn verify(&self, name: &str) -> Option<Vec<Check>> {
        let name = self.list().into_iter().find(|n| n == name)?;
        let results = deposit::verify(&self.root.join(&name)).ok()?;
        Some(results.iter().map(check_of).collect())
    }

    /// A file of a deposit, when both are in the listings: its media type and bytes.
    pub(crate) fn file(&self, depot: &str, file: &str) -> Option<(&'static str, Vec<u8>)> {
        let depot = self.list().into_iter().find(|n| n == depot)?;
        let dir = self.root.join(depot);
        let relative = crate::folder::files_under(&dir)
            .ok()?
            .into_iter()
            .find(|f| f == file)?;
        let mime = match relative.rsplit_once('.').map(|(_, e)| e) {
            Some("pdf") => "application/pdf",
            Some("xlsx") => crate::pipeline::documents::XLSX,
            Some("json") => "application/json",
            _ => "application/octet-stream",
        };
        std::fs::read(dir.join(relative)).ok().map(|b| (mime, b))
    }
}

fn check_of(v: &Verified) -> Check {
    let mut details = Vec::new();
    details.extend(v.changed.iter().map(|f| format!("modifié : {f}")));
    details.extend(v.removed.iter().map(|f| format!("disparu : {f}")));
    details.extend(v.added.iter().map(|f| format!("ajouté : {f}")));
    Check {
        nom: v.name.clone(),
        intact: v.intact(),
        etat: if v.incomplete {
            "incomplet"
        } else if v.intact() {
            "intact"
        } else {
            "modifié"
        },
        details,
    }
}
