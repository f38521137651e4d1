//! The jury's evaluation sheet of a class (`evaluation-template`, and « Feuille du jury » on
//! the page): one row per candidate whose workbook can be read and names them.

use crate::check::CheckOptions;
use crate::pipeline::load::check_path;
use anyhow::Context as _;
use std::path::PathBuf;

/// The sheet made, and the workbooks left out with why.
#[derive(Debug)]
pub struct Sheet {
    /// The xlsx file.
    pub bytes: Vec<u8>,
    /// Candidates listed.
    pub rows: usize,
    /// Workbooks left out, with why.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// The sheet of these workbooks (the session: `options`', else the workbooks', else the next).
pub fn evaluation_sheet(files: &[PathBuf], options: &CheckOptions) -> anyhow::Result<Sheet> {
    let mut candidats = Vec::new();
    let mut skipped = Vec::new();
    let mut session = options.session;
    for file in files {
        let Some(parsed) = check_path(file, options).parsed else {
            skipped.push((file.clone(), "n'est pas un classeur de candidat lisible"));
            continue;
        };
        let c = parsed.dossier.candidat;
        if c.numero.is_none() && c.nom_complet().is_none() {
            skipped.push((
                file.clone(),
                "n'indique ni numéro ni nom de candidat : sa ligne ne pourrait pas être rapprochée",
            ));
            continue;
        }
        session = session.or(c.session);
        candidats.push(c);
    }
    let session = session.unwrap_or_else(|| crate::validate::next_session(options.today));
    let bytes = crate::render::evaluation_template::write(&candidats, session, options.today)
        .context("écriture du classeur d'évaluation impossible")?;
    Ok(Sheet {
        bytes,
        rows: candidats.len(),
        skipped,
    })
}
