//! A document's sources (template, data, files) and their compilation into PDF bytes: what
//! every document of the tool goes through.

use super::grille;
use super::pdf::RenderError;
use super::world;

/// A document ready to compile: its template, its data (`/data.json`) and its files (vetted
/// attachments, by path in the Typst world). What `--emit-typst` writes, what [`pdf`] compiles.
#[derive(Debug)]
pub struct Prepared {
    /// The template compiled (`portfolio.typ`).
    pub template: &'static str,
    /// The JSON the template reads.
    pub data: Vec<u8>,
    /// Attachments: path in the Typst world → bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A candidate's checked dossier, as the portfolio needs it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// Which kind of workbook it was read from.
    pub kind: crate::model::InputKind,
    /// The dossier.
    pub dossier: &'a crate::model::Dossier,
    /// Its accepted attestations (vetted at check time).
    pub attachments: &'a [crate::attachments::Attachment],
    /// The session its documents are for.
    pub session: u16,
    /// Its screenshots, ready to embed.
    pub figures: &'a [super::figures::Figure],
}

/// The portfolio's sources: data and attestation pages.
pub fn portfolio_sources(
    candidate: Candidate<'_>,
    date: chrono::NaiveDate,
) -> Result<Prepared, RenderError> {
    let embedded = super::portfolio::embed(candidate.attachments);
    let mut data = super::portfolio::data(
        candidate.kind,
        candidate.dossier,
        candidate.session,
        date,
        &embedded,
    );
    for figure in candidate.figures {
        if let Some(r) = data
            .realisations
            .get_mut(figure.realisation.wrapping_sub(1))
        {
            r.captures.push(super::portfolio::CaptureData {
                chemin: figure.chemin.clone(),
                legende: figure.legende.clone(),
            });
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = embedded.into_iter().flat_map(|a| a.pages).collect();
    files.extend(
        candidate
            .figures
            .iter()
            .map(|f| (f.chemin.clone(), f.bytes.clone())),
    );
    Ok(Prepared {
        template: "portfolio.typ",
        data: json(&data)?,
        files,
    })
}

/// A grid's sources from its entry.
pub fn grid_sources(entry: &grille::GridEntry) -> Result<Prepared, RenderError> {
    Ok(Prepared {
        template: "grille.typ",
        data: json(&entry.clone().data())?,
        files: Vec::new(),
    })
}

/// The sources of a class's grids in one document (`grilles.typ`), each candidate starting on
/// an odd page; `part` is this file's number and the number of files when there are several.
pub fn class_grids_sources(
    entries: &[grille::GridEntry],
    part: Option<(usize, usize)>,
) -> Result<Prepared, RenderError> {
    #[derive(serde::Serialize)]
    struct ClassGrids {
        titre: String,
        grilles: Vec<grille::GrilleData>,
    }
    let grilles: Vec<grille::GrilleData> = entries
        .iter()
        .cloned()
        .map(grille::GridEntry::data)
        .collect();
    let mut titre = match grilles.first() {
        Some(g) => format!(
            "Grilles d'aide à l'évaluation — BTS SIO, épreuve {}, session {}",
            g.epreuve, g.session
        ),
        None => "Grilles d'aide à l'évaluation — BTS SIO".to_owned(),
    };
    if let Some((number, count)) = part {
        titre.push_str(&format!(" — fichier {number} sur {count}"));
    }
    Ok(Prepared {
        template: "grilles.typ",
        data: json(&ClassGrids { titre, grilles })?,
        files: Vec::new(),
    })
}

/// Compiles prepared sources into an archival PDF. `ident` names the document stably (hashed
/// into the PDF's identifier), `date` is its date: same inputs, same bytes.
pub fn pdf(
    engine: &world::Engine,
    prepared: Prepared,
    ident: &str,
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, RenderError> {
    super::pdf::render(
        engine,
        super::pdf::PdfJob {
            template: prepared.template,
            data: prepared.data,
            attachments: prepared.files,
            ident: ident.to_owned(),
            date,
        },
    )
}

/// A document's data as the template reads it; a value serde cannot write is an error of
/// this document, said as such.
pub(crate) fn json(data: &impl serde::Serialize) -> Result<Vec<u8>, RenderError> {
    serde_json::to_vec_pretty(data).map_err(|e| RenderError {
        messages: vec![format!("données du document impossibles à écrire : {e}")],
    })
}
