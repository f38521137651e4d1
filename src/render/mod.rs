//! Render stage: the model becomes documents, as bytes. The Typst engine (`world`,
//! `templates`, `pdf`) turns each document's data (`portfolio`, `grille`) into a PDF;
//! `tableau`, `classe` and the two workbook writers use rust_xlsxwriter. Nothing here touches
//! the file system: callers write the bytes where they like.

mod attestation;
pub(crate) mod classe;
pub mod depot;
pub mod dossier_template;
pub(crate) mod evaluation_template;
pub mod grille;
mod memo;
pub mod pdf;
pub mod portfolio;
pub mod tableau;
pub mod templates;
pub mod world;

/// A date as rust_xlsxwriter wants it (creation dates, date cells).
pub fn excel_date(
    date: chrono::NaiveDate,
) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).unwrap_or(2000);
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

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
}

/// The portfolio's sources: data and attestation pages.
pub fn portfolio_sources(candidate: Candidate<'_>, date: chrono::NaiveDate) -> Prepared {
    let embedded = portfolio::embed(candidate.attachments);
    let data = portfolio::data(
        candidate.kind,
        candidate.dossier,
        candidate.session,
        date,
        &embedded,
    );
    Prepared {
        template: "portfolio.typ",
        data: serde_json::to_vec_pretty(&data).unwrap_or_default(),
        files: embedded.into_iter().flat_map(|a| a.pages).collect(),
    }
}

/// The evaluation grid's sources, filled from the jury's evaluation when there is one.
pub fn grille_sources(
    candidat: &crate::model::Candidat,
    session: u16,
    evaluation: Option<&crate::model::Evaluation>,
    fiche: bool,
) -> Prepared {
    grid_sources(grille::entry(candidat, session, evaluation, fiche))
}

/// A grid's sources from its entry.
pub fn grid_sources(entry: grille::GridEntry) -> Prepared {
    Prepared {
        template: "grille.typ",
        data: serde_json::to_vec_pretty(&entry.data()).unwrap_or_default(),
        files: Vec::new(),
    }
}

/// The sources of a class's grids in one document (`grilles.typ`), each candidate starting on
/// an odd page; `part` is this file's number and the number of files when there are several.
pub fn class_grids_sources(
    entries: &[grille::GridEntry],
    part: Option<(usize, usize)>,
) -> Prepared {
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
    Prepared {
        template: "grilles.typ",
        data: serde_json::to_vec(&ClassGrids { titre, grilles }).unwrap_or_default(),
        files: Vec::new(),
    }
}

/// Compiles prepared sources into an archival PDF. `ident` names the document stably (hashed
/// into the PDF's identifier), `date` is its date: same inputs, same bytes.
pub fn pdf(
    engine: &world::Engine,
    prepared: Prepared,
    ident: &str,
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, pdf::RenderError> {
    pdf::render(
        engine,
        pdf::PdfJob {
            template: prepared.template,
            data: prepared.data,
            attachments: prepared.files,
            ident: ident.to_owned(),
            date,
        },
    )
}
