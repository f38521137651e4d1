//! A candidate's identity as the outputs name it: the fields of a folder-name pattern, and the
//! stable identifier of each of its documents (hashed into the PDF's /ID), which depends on
//! the candidate and the document only, never on the door or the output path.

use crate::model::{Candidat, Choice};
use crate::output::NameFields;
use std::path::Path;

/// The fields a folder-name pattern can use, for a candidate read from `input` (`candidat` is
/// `None` for an unreadable workbook: its name is then the file's).
pub(crate) fn name_fields(
    input: &Path,
    candidat: Option<&Candidat>,
    session: Option<u16>,
) -> NameFields {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    NameFields {
        numero: candidat.and_then(|c| c.numero.clone()).unwrap_or_default(),
        nom: candidat
            .and_then(|c| c.nom.clone().or_else(|| c.nom_prenom.clone()))
            .unwrap_or_else(|| stem.clone()),
        prenom: candidat.and_then(|c| c.prenom.clone()).unwrap_or_default(),
        option: candidat
            .and_then(|c| c.option)
            .map(|o| o.label().to_owned())
            .unwrap_or_default(),
        session: session.map(|s| s.to_string()).unwrap_or_default(),
        fichier: stem,
    }
}

/// The identifier of one of a candidate's documents: `sio-dossier/<numéro>/<NOM Prénom>/<file>`.
pub fn document_ident(candidat: &Candidat, document: &str) -> String {
    format!(
        "sio-dossier/{}/{}/{document}",
        candidat.numero.as_deref().unwrap_or(""),
        candidat.nom_complet().unwrap_or_default()
    )
}

/// The identifier of a class document (`grilles.pdf`, `bordereau.pdf`).
pub fn class_ident(document: &str) -> String {
    format!("sio-dossier/classe/{document}")
}
