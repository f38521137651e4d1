//! Parse stage: cells become the model. Recognises which kind of workbook it is given, reads
//! it into a [`Dossier`], and remembers in a [`SourceMap`] which cell every value came from so
//! that the validator can point at it.

mod dossier;
pub(crate) mod evaluation;
pub(crate) mod parsed;
pub(crate) mod periode;
mod tableau;
pub(crate) mod text;

use crate::diagnostic::{Code, Diagnostic};
use crate::read::Workbook;
use parsed::Parsed;

/// Reads a workbook into the model, or says why it cannot.
pub(crate) fn parse(workbook: &Workbook) -> Result<Parsed, Vec<Diagnostic>> {
    if workbook.sheet(crate::schema::SHEET_REALISATIONS).is_some()
        || workbook.sheet(crate::schema::SHEET_CANDIDAT).is_some()
    {
        return dossier::parse(workbook);
    }
    if let Some(sheet) = tableau::recognise(workbook) {
        return Ok(tableau::parse(workbook, sheet));
    }
    let names: Vec<String> = workbook
        .sheets
        .iter()
        .map(|s| format!("« {} »", s.name))
        .collect();
    Err(vec![
        Diagnostic::new(
            Code::UnknownLayout,
            format!(
                "classeur non reconnu : ni dossier candidat (feuilles « {} » et « {} ») ni tableau de \
                 synthèse officiel (« NOM et prénom », parties « Réalisations en cours de formation »…) ; \
                 feuilles trouvées : {}",
                crate::schema::SHEET_CANDIDAT,
                crate::schema::SHEET_REALISATIONS,
                if names.is_empty() { "aucune".into() } else { names.join(", ") }
            ),
        )
        .hint("créez un classeur avec « sio-dossier template », ou partez du modèle officiel du tableau de synthèse"),
    ])
}
