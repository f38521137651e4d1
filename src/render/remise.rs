//! A hand-in's receipt (`accuse-remise.typ`): the candidate, the time, each file with its size
//! and SHA-256, the status at hand-in and whether it came after the deadline.

use super::sources::Prepared;
use crate::referentiel::Referentiel;
use crate::remise::Remise;
use serde::Serialize;

#[derive(Serialize)]
struct Data<'a> {
    session: u16,
    epreuve: String,
    remise: &'a Remise,
    date: String,
    statut: String,
    tailles: Vec<String>,
}

/// The sources of a hand-in's receipt.
pub fn receipt_sources(remise: &Remise, session: u16) -> Result<Prepared, super::pdf::RenderError> {
    let date = remise.date_fr();
    let data = Data {
        session,
        epreuve: Referentiel::get().labels(session).epreuve.clone(),
        remise,
        date,
        statut: remise.statut(),
        tailles: remise.fichiers.iter().map(|f| size_fr(f.taille)).collect(),
    };
    Ok(Prepared {
        template: "accuse-remise.typ",
        data: super::sources::json(&data)?,
        files: Vec::new(),
    })
}

/// A size as read in French: `512 octets`, `12,3 Ko`, `4,8 Mo`.
pub fn size_fr(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} octets");
    }
    let (value, unit) = if bytes < 1024 * 1024 {
        (bytes as f64 / 1024.0, "Ko")
    } else {
        (bytes as f64 / 1024.0 / 1024.0, "Mo")
    };
    format!("{value:.1} {unit}").replace('.', ",")
}
