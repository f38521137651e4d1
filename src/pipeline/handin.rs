//! A candidate's hand-in into the class folder: the files just checked are written into a
//! temporary folder inside the class folder (`.sio-dossier/attente/`), with their record
//! (`remise.json`) and receipt (`accuse-remise.pdf`), then renamed into place as
//! `CLASSE/<numéro>_<NOM>_<Prénom>/`. The earlier version is moved (never deleted) to that
//! folder's `.versions/<AAAA-MM-JJ_HHMMSS>/`. Every step is a rename inside the class folder;
//! hand-ins are made one at a time, so two at the same moment are both kept, never mixed.

use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::model::Candidat;
use crate::output::{DEFAULT_NAMES, NameFields, Namer};
use crate::remise::{FILE, Piece, Remise, VERSIONS};
use crate::render::world::Engine;
use crate::schema::CandidatField;
use crate::text::IoFr as _;
use anyhow::Context as _;
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The server's working folder inside the class folder (never read as input: it starts with
/// a dot).
pub const WORK: &str = ".sio-dossier";
/// The receipt's file name, beside `remise.json`.
pub const RECEIPT: &str = "accuse-remise.pdf";

/// One hand-in at a time in this process.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What a checked workbook needs to be handed in: its folder name, or what to fill first.
pub fn folder_name(file: &FileReport) -> Result<String, String> {
    let parsed = file
        .parsed
        .as_ref()
        .ok_or("le classeur n'a pas pu être lu : il ne peut pas être remis")?;
    let candidat: &Candidat = &parsed.dossier.candidat;
    let cell = |field: CandidatField, label: &str| {
        parsed.sources.candidat.get(&field).map_or_else(
            || format!("la ligne « {label} » de la feuille Candidat"),
            |c| format!("la cellule {c}"),
        )
    };
    let mut missing = Vec::new();
    if candidat.nom.is_none() && candidat.nom_prenom.is_none() {
        missing.push(format!("votre nom ({})", cell(CandidatField::Nom, "Nom")));
    }
    if candidat.numero.is_none() {
        missing.push(format!(
            "votre numéro de candidat ({})",
            cell(CandidatField::Numero, "N° candidat")
        ));
    }
    if !missing.is_empty() {
        return Err(format!(
            "Pour remettre le dossier, indiquez d'abord {} dans le classeur, puis vérifiez-le de nouveau.",
            missing.join(" et ")
        ));
    }
    let fields: NameFields = super::identity::name_fields(&file.input, Some(candidat), None);
    Namer::new(DEFAULT_NAMES)
        .and_then(|mut namer| namer.name(&fields))
        .map_err(|e| format!("{e:#}"))
}

/// The record of a hand-in received `now`, before its files are written.
pub fn record(
    file: &FileReport,
    workbook: &str,
    pieces: &[(String, Vec<u8>)],
    now: NaiveDateTime,
    late: bool,
) -> Remise {
    let candidat = file.parsed.as_ref().map(|p| &p.dossier.candidat);
    Remise {
        candidat: candidat.and_then(Candidat::nom_complet).unwrap_or_default(),
        numero: candidat.and_then(|c| c.numero.clone()).unwrap_or_default(),
        date: now.format(crate::remise::DATE).to_string(),
        classeur: workbook.to_owned(),
        fichiers: pieces
            .iter()
            .map(|(nom, bytes)| Piece {
                nom: nom.clone(),
                taille: bytes.len() as u64,
                sha256: crate::output::sha256(bytes),
            })
            .collect(),
        erreurs: file.count(Severity::Error),
        avertissements: file.count(Severity::Warning),
        hors_delai: late,
    }
}

/// Where each file of an upload goes in the hand-in folder: a file the workbook names, at the
/// path it names it by when that path stays inside the folder; any other file, at its name.
pub fn placed(
    file: &FileReport,
    workbook: (&str, &[u8]),
    pieces: &[(String, Vec<u8>)],
) -> Vec<(String, Vec<u8>)> {
    let given = crate::attachments::Given(pieces.to_vec());
    let mut paths: Vec<Option<String>> = vec![None; pieces.len()];
    if let Some(parsed) = &file.parsed {
        let dossier = &parsed.dossier;
        let entries = dossier
            .realisations
            .iter()
            .flat_map(|r| {
                r.documents
                    .iter()
                    .map(|d| crate::attachments::document_entry(d).0)
            })
            .chain(
                dossier
                    .stages
                    .iter()
                    .filter_map(|s| s.attestation.as_deref()),
            );
        for entry in entries {
            if let Some(index) = given.find(entry)
                && paths[index].is_none()
                && let Some(path) = inside(entry)
            {
                paths[index] = Some(path);
            }
        }
    }
    let mut placed = vec![(workbook.0.to_owned(), workbook.1.to_vec())];
    for ((name, bytes), path) in pieces.iter().zip(paths) {
        let path = path.unwrap_or_else(|| name.clone());
        if !placed.iter().any(|(p, _)| p.eq_ignore_ascii_case(&path)) {
            placed.push((path, bytes.clone()));
        }
    }
    placed
}

/// A workbook entry as a relative `/` path staying inside the folder, when it is one whose
/// every part is a usable name everywhere (accents and spaces allowed: the workbook names it so).
fn inside(entry: &str) -> Option<String> {
    let parts: Vec<&str> = entry
        .trim()
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    (!parts.is_empty()
        && parts
            .iter()
            .all(|p| crate::output::given_name_problem(p).is_none()))
    .then(|| parts.join("/"))
}

/// Writes an upload's files into a new temporary folder of the class folder's working area;
/// the hand-in renames it into place later.
pub fn stage(classe: &Path, id: &str, files: &[(String, Vec<u8>)]) -> anyhow::Result<PathBuf> {
    let dir = classe.join(WORK).join("attente").join(id);
    std::fs::create_dir_all(&dir).fr_context(|| {
        format!(
            "écriture impossible dans le dossier de la classe ({})",
            classe.display()
        )
    })?;
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .fr_context(|| format!("création de {} impossible", parent.display()))?;
        }
        std::fs::write(&target, bytes).fr_context(|| format!("écriture de {path} impossible"))?;
    }
    Ok(dir)
}

/// The receipt PDF of a hand-in (PDF/A-2a and UA, like every document).
pub fn receipt(
    engine: &Engine,
    remise: &Remise,
    session: u16,
    now: NaiveDateTime,
) -> anyhow::Result<Vec<u8>> {
    let prepared = crate::render::remise::receipt_sources(remise, session)?;
    let ident = format!(
        "sio-dossier/{}/{}/{RECEIPT}/{}",
        remise.numero, remise.candidat, remise.date
    );
    Ok(crate::render::pdf(engine, prepared, &ident, now.date())?)
}

/// Hands in a staged folder as `classe/<folder>`: its record and receipt written into it, the
/// earlier version moved under `.versions/`, then the staged folder renamed into place.
/// Returns the hand-in folder. On failure the earlier version is where it was.
pub fn hand_in(
    classe: &Path,
    staged: &Path,
    folder: &str,
    remise: &Remise,
    receipt: &[u8],
) -> anyhow::Result<PathBuf> {
    let json = serde_json::to_vec_pretty(remise).context("enregistrement de la remise")?;
    std::fs::write(staged.join(FILE), json)
        .fr_context(|| "écriture de remise.json impossible".to_owned())?;
    std::fs::write(staged.join(RECEIPT), receipt)
        .fr_context(|| "écriture de l'accusé de remise impossible".to_owned())?;
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let target = classe.join(folder);
    let aside = if target.exists() {
        Some(move_aside(classe, &target, staged)?)
    } else {
        None
    };
    if let Err(error) = std::fs::rename(staged, &target) {
        if let Some(aside) = aside {
            aside.undo(&target, staged);
        }
        return Err(error)
            .fr_context(|| format!("mise en place de {} impossible", target.display()));
    }
    Ok(target)
}

/// Where the earlier version went, to put it back if the hand-in cannot finish.
struct Aside {
    version: PathBuf,
    /// The earlier `.versions/` was moved into the new folder.
    versions_moved: bool,
}

impl Aside {
    fn undo(&self, target: &Path, staged: &Path) {
        if std::fs::rename(&self.version, target).is_ok() && self.versions_moved {
            let _ = std::fs::rename(staged.join(VERSIONS), target.join(VERSIONS));
        }
    }
}

/// The current version moved into the new one's `.versions/<date>/`, with the earlier ones.
/// On failure it is put back where it was.
fn move_aside(classe: &Path, target: &Path, staged: &Path) -> anyhow::Result<Aside> {
    let parked_root = classe.join(WORK).join("echange");
    std::fs::create_dir_all(&parked_root)
        .fr_context(|| "écriture impossible dans le dossier de la classe".to_owned())?;
    let parked = unique(&parked_root, &std::process::id().to_string());
    std::fs::rename(target, &parked).fr_context(|| {
        format!(
            "déplacement de la version précédente ({}) impossible",
            target.display()
        )
    })?;
    let back = |error: std::io::Error, what: &str| {
        let _ = std::fs::rename(&parked, target);
        anyhow::anyhow!("{what} impossible : {}", crate::text::io_fr(&error))
    };
    let versions = staged.join(VERSIONS);
    let earlier = parked.join(VERSIONS);
    let versions_moved = earlier.is_dir();
    if versions_moved {
        std::fs::rename(&earlier, &versions).map_err(|e| back(e, "déplacement des versions"))?;
    } else {
        std::fs::create_dir(&versions).map_err(|e| back(e, "création de .versions"))?;
    }
    let name = Remise::read(&parked).and_then(|r| r.time()).map_or_else(
        || "version".to_owned(),
        |t| t.format("%Y-%m-%d_%H%M%S").to_string(),
    );
    let version = unique(&versions, &name);
    if let Err(error) = std::fs::rename(&parked, &version) {
        if versions_moved {
            let _ = std::fs::rename(&versions, &earlier);
        }
        return Err(back(error, "archivage de la version précédente"));
    }
    Ok(Aside {
        version,
        versions_moved,
    })
}

/// `dir/name`, or `dir/name_2`, `_3`… when taken.
fn unique(dir: &Path, name: &str) -> PathBuf {
    let mut path = dir.join(name);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{name}_{n}"));
        n += 1;
    }
    path
}

/// One hand-in of a candidate folder: where it is and its record.
#[derive(Debug, Clone)]
pub struct Version {
    /// `None` for the current one, else its folder name under `.versions/`.
    pub name: Option<String>,
    /// The folder holding it.
    pub folder: PathBuf,
    /// Its record.
    pub remise: Remise,
}

/// A candidate folder's hand-ins, the latest first.
pub fn versions(folder: &Path) -> Vec<Version> {
    let mut found = Vec::new();
    if let Some(remise) = Remise::read(folder) {
        found.push(Version {
            name: None,
            folder: folder.to_owned(),
            remise,
        });
    }
    let mut earlier: Vec<Version> = std::fs::read_dir(folder.join(VERSIONS))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let path = e.path();
            Some(Version {
                name: Some(e.file_name().to_string_lossy().into_owned()),
                remise: Remise::read(&path)?,
                folder: path,
            })
        })
        .collect();
    earlier.sort_by(|a, b| b.remise.date.cmp(&a.remise.date).then(b.name.cmp(&a.name)));
    found.extend(earlier);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_entries_stay_inside_the_folder() {
        assert_eq!(
            inside("attestations/Attestation de stage.pdf").as_deref(),
            Some("attestations/Attestation de stage.pdf")
        );
        assert_eq!(
            inside("preuves\\capture été.png").as_deref(),
            Some("preuves/capture été.png")
        );
        for bad in [
            "../x.pdf",
            ".cache/x.pdf",
            "CON.pdf",
            "a:b.pdf",
            "",
            "x/../../y.pdf",
        ] {
            assert_eq!(inside(bad), None, "{bad}");
        }
    }
}
