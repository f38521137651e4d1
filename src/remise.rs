//! The record of one hand-in (`remise.json`): who handed in, when, which files with their size
//! and SHA-256, and the dossier's status at that moment. Written beside the files by the
//! hand-in, read back by the class listing (which file is the workbook) and the class page.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// The record's file name, beside the handed-in files.
pub const FILE: &str = "remise.json";
/// How [`Remise::date`] is written.
pub const DATE: &str = "%Y-%m-%dT%H:%M:%S";
/// Where earlier versions of a hand-in folder are kept.
pub const VERSIONS: &str = ".versions";

/// One handed-in file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// Path inside the hand-in folder, `/`-separated.
    pub nom: String,
    /// Size in bytes.
    pub taille: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// One hand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remise {
    /// « NOM Prénom ».
    pub candidat: String,
    /// Candidate number.
    pub numero: String,
    /// When it was received, `AAAA-MM-JJTHH:MM:SS` ([`DATE`], the server's clock).
    pub date: String,
    /// The workbook, among [`Remise::fichiers`].
    pub classeur: String,
    /// Every file handed in, the workbook first.
    pub fichiers: Vec<Piece>,
    /// Errors found at hand-in.
    pub erreurs: usize,
    /// Warnings found at hand-in.
    pub avertissements: usize,
    /// Received after the deadline given to `serve --limite`.
    pub hors_delai: bool,
}

impl Remise {
    /// The record of a hand-in folder, when it has a readable one.
    pub fn read(folder: &Path) -> Option<Remise> {
        let bytes = std::fs::read(folder.join(FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// When it was received, when the record's date is readable.
    pub fn time(&self) -> Option<chrono::NaiveDateTime> {
        chrono::NaiveDateTime::parse_from_str(&self.date, DATE).ok()
    }

    /// The time as read: `03/12/2026 à 10:26:29`.
    pub fn date_fr(&self) -> String {
        self.time().map_or_else(
            || self.date.clone(),
            |t| t.format("%d/%m/%Y à %H:%M:%S").to_string(),
        )
    }

    /// « conforme », « avertissements » or « n erreurs ».
    pub fn statut(&self) -> String {
        match (self.erreurs, self.avertissements) {
            (0, 0) => "conforme".to_owned(),
            (0, _) => "avertissements".to_owned(),
            (n, _) => crate::text::plural(n, "erreur", "erreurs"),
        }
    }
}
