//! One checked candidate's documents, rendered to named bytes: the one place a portfolio, a
//! grid or a tableau is made, whichever door asks (`build`, `depot`, the web page). Nothing
//! here depends on where the bytes go: the PDF identifiers come from the candidate and the
//! document, the date from the run's clock.

use super::identity::document_ident;
use crate::check::FileReport;
use crate::model::{Dossier, Evaluation};
use crate::render::grille::GridEntry;
use crate::render::pdf::RenderError;
use crate::render::sources::{self, Candidate, Prepared};
use crate::render::templates::TemplateFile;
use crate::render::world::Engine;
use chrono::NaiveDate;
use std::path::Path;

/// The documents of a candidate that `build` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocumentKind {
    /// Le portfolio PDF.
    Portfolio,
    /// La grille d'aide à l'évaluation (et grilles.pdf pour la classe).
    Grille,
    /// Le tableau de synthèse officiel (xlsx).
    Tableau,
}

impl DocumentKind {
    /// What `build` makes when not told otherwise.
    pub const DEFAULT: [DocumentKind; 3] = [
        DocumentKind::Portfolio,
        DocumentKind::Grille,
        DocumentKind::Tableau,
    ];

    /// The document's file name in the candidate's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            DocumentKind::Portfolio => "portfolio.pdf",
            DocumentKind::Grille => "grille-evaluation.pdf",
            DocumentKind::Tableau => "tableau-synthese.xlsx",
        }
    }
}

/// Media type of a PDF.
pub const PDF: &str = "application/pdf";
/// Media type of an xlsx workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One document made.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its file name (`portfolio.pdf`).
    pub name: &'static str,
    /// Its media type.
    pub media_type: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A document that could not be made, and why (Typst errors with file, line and column).
#[derive(Debug, Clone)]
pub struct Failure {
    /// Its file name.
    pub name: String,
    /// One line per problem.
    pub messages: Vec<String>,
}

/// What to make for a candidate.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    /// The documents asked for, in this order.
    pub kinds: &'a [DocumentKind],
    /// The documents' date.
    pub date: NaiveDate,
    /// The jury's evaluation, which fills the grid.
    pub evaluation: Option<&'a Evaluation>,
    /// Whether the grid gets the fiche d'appréciation.
    pub fiche: bool,
    /// Where to write each document's Typst sources too (`--emit-typst`).
    pub emit: Option<Emit<'a>>,
}

/// `--emit-typst`: the root folder, the candidate's folder name in it, and the templates.
#[derive(Clone, Copy)]
pub struct Emit<'a> {
    /// The folder given with `--emit-typst`.
    pub root: &'a Path,
    /// The candidate's folder name.
    pub folder: &'a str,
    /// The templates in use.
    pub templates: &'a [TemplateFile],
}

/// The documents made, those that failed, and the grid's entry for the class's grids.
#[derive(Debug, Default)]
pub struct Made {
    /// Documents made, in the order asked.
    pub documents: Vec<Document>,
    /// Documents that could not be made.
    pub failures: Vec<Failure>,
    /// The grid's entry, when the grid was made.
    pub grid: Option<GridEntry>,
}

/// Renders the documents asked for of a checked candidate without error; `session` is the one
/// its documents are for. A failed document costs only itself.
pub fn render(engine: &Engine, report: &FileReport, session: u16, request: &Request<'_>) -> Made {
    let mut made = Made::default();
    let Some(parsed) = &report.parsed else {
        return made;
    };
    let candidat = &parsed.dossier.candidat;
    for &kind in request.kinds {
        let name = kind.file_name();
        let result = match kind {
            DocumentKind::Portfolio => {
                let candidate = Candidate {
                    kind: parsed.kind,
                    dossier: &parsed.dossier,
                    attachments: &report.attachments,
                    session,
                };
                sources::portfolio_sources(candidate, request.date)
                    .and_then(|prepared| pdf(engine, candidat, name, prepared, request))
                    .map(|bytes| (PDF, bytes))
                    .map_err(|e| e.messages)
            }
            DocumentKind::Grille => {
                let entry = crate::render::grille::entry(
                    candidat,
                    session,
                    request.evaluation,
                    request.fiche,
                );
                let bytes = sources::grid_sources(&entry)
                    .and_then(|prepared| pdf(engine, candidat, name, prepared, request));
                if bytes.is_ok() {
                    made.grid = Some(entry);
                }
                bytes.map(|bytes| (PDF, bytes)).map_err(|e| e.messages)
            }
            DocumentKind::Tableau => {
                crate::render::tableau::write(&parsed.dossier, session, request.date)
                    .map(|bytes| (XLSX, bytes))
                    .map_err(|e| vec![e.to_string()])
            }
        };
        match result {
            Ok((media_type, bytes)) => made.documents.push(Document {
                name,
                media_type,
                bytes,
            }),
            Err(messages) => made.failures.push(Failure {
                name: name.to_owned(),
                messages,
            }),
        }
    }
    made
}

/// Compiles a candidate's PDF, writing its Typst sources first when asked.
fn pdf(
    engine: &Engine,
    candidat: &crate::model::Candidat,
    name: &str,
    prepared: Prepared,
    request: &Request<'_>,
) -> Result<Vec<u8>, RenderError> {
    if let Some(emit) = &request.emit {
        let stem = name.trim_end_matches(".pdf");
        let dir = emit.root.join(emit.folder).join(stem);
        super::emit::write(emit.root, &dir, emit.templates, &prepared).map_err(|e| {
            RenderError {
                messages: vec![format!("--emit-typst : {e:#}")],
            }
        })?;
    }
    sources::pdf(
        engine,
        prepared,
        &document_ident(candidat, name),
        request.date,
    )
}

/// A candidate workbook pre-filled from a dossier read elsewhere (an official tableau, an
/// older workbook): the name typed in one cell split into family name (upper-case words) and
/// given names.
pub fn prefilled_workbook(
    dossier: &Dossier,
    session: u16,
    date: NaiveDate,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut dossier = dossier.clone();
    if let Some(full) = dossier.candidat.nom_prenom.take() {
        let (upper, rest): (Vec<&str>, Vec<&str>) = full.split_whitespace().partition(|w| {
            w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
        });
        if upper.is_empty() || rest.is_empty() {
            dossier.candidat.nom = Some(full.split_whitespace().collect::<Vec<_>>().join(" "));
        } else {
            dossier.candidat.nom = Some(upper.join(" "));
            dossier.candidat.prenom = Some(rest.join(" "));
        }
    }
    crate::render::dossier_template::write(session, Some(&dossier), date)
}
