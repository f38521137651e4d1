//! One checked candidate's documents, rendered to named bytes: the one place a portfolio, a
//! grid or a tableau is made, whichever door asks (`build`, `depot`, the web page). Nothing
//! here depends on where the bytes go: the PDF identifiers come from the candidate and the
//! document, the date from the run's clock.

use super::identity::document_ident;
use crate::attachments::Source;
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
    /// Le site du portfolio en ligne (dossier site/ à publier).
    Site,
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
            DocumentKind::Site => "site",
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
    /// Where the files the workbook names are read, to publish them with the site.
    pub source: &'a dyn Source,
    /// The site's templates (embedded, or overridden by name).
    pub site_templates: &'a [(String, String)],
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
    /// The site's files (path inside `site/` → bytes), when the site was made.
    pub site: Option<crate::render::site::SiteFiles>,
}

/// Renders the documents asked for of a checked candidate without error; `session` is the one
/// its documents are for. A failed document costs only itself.
pub fn render(engine: &Engine, report: &FileReport, session: u16, request: &Request<'_>) -> Made {
    let mut made = Made::default();
    let Some(parsed) = &report.parsed else {
        return made;
    };
    let candidat = &parsed.dossier.candidat;
    let with_site = request.kinds.contains(&DocumentKind::Site);
    let published = published(&parsed.dossier, request.source, with_site);
    let figures = crate::render::figures::figures(&published);
    for &kind in request.kinds.iter().filter(|k| **k != DocumentKind::Site) {
        let name = kind.file_name();
        let result = match kind {
            DocumentKind::Portfolio => {
                let candidate = Candidate {
                    kind: parsed.kind,
                    dossier: &parsed.dossier,
                    attachments: &report.attachments,
                    session,
                    figures: &figures,
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
            DocumentKind::Tableau | DocumentKind::Site => {
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
    if request.kinds.contains(&DocumentKind::Site) {
        match site(engine, report, session, request, &made, &published) {
            Ok(files) => made.site = Some(files),
            Err(messages) => made.failures.push(Failure {
                name: "site".into(),
                messages,
            }),
        }
    }
    made
}

/// The candidate's site: the portfolio's data without attestations, the portfolio and the
/// tableau (made for it when they were not asked for), and the files the réalisations name
/// that are PDF, PNG or JPEG.
fn site(
    engine: &Engine,
    report: &FileReport,
    session: u16,
    request: &Request<'_>,
    made: &Made,
    published: &[crate::render::figures::Published],
) -> Result<crate::render::site::SiteFiles, Vec<String>> {
    let Some(parsed) = &report.parsed else {
        return Err(vec!["classeur illisible".into()]);
    };
    let existing = |name: &str| {
        made.documents
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.bytes.clone())
    };
    let other = |kind: DocumentKind| -> Result<Vec<u8>, Vec<String>> {
        match existing(kind.file_name()) {
            Some(bytes) => Ok(bytes),
            None => {
                let alone = Request {
                    kinds: &[kind],
                    emit: None,
                    ..*request
                };
                let mut again = render(engine, report, session, &alone);
                match again.documents.pop() {
                    Some(document) => Ok(document.bytes),
                    None => Err(again
                        .failures
                        .into_iter()
                        .flat_map(|f| f.messages)
                        .collect()),
                }
            }
        }
    };
    let portfolio_pdf = other(DocumentKind::Portfolio)?;
    let tableau = other(DocumentKind::Tableau)?;
    let data =
        crate::render::portfolio::data(parsed.kind, &parsed.dossier, session, request.date, &[]);
    let publier_courriel =
        parsed.dossier.candidat.publier_courriel == Some(crate::model::OuiNon::Oui);
    crate::render::site::build(&crate::render::site::SiteInput {
        data: &data,
        published,
        portfolio_pdf: &portfolio_pdf,
        tableau: &tableau,
        publier_courriel,
        templates: request.site_templates,
    })
}

/// The files the réalisations name that can be shown or published: PNG or JPEG (and PDF when
/// `with_pdfs`, for the site) by content, never an internship's attestation. Pictures are
/// recognised by their name first, so that a PDF is not read for the portfolio alone.
fn published(
    dossier: &Dossier,
    source: &dyn Source,
    with_pdfs: bool,
) -> Vec<crate::render::figures::Published> {
    let attestations: Vec<&str> = dossier
        .stages
        .iter()
        .filter_map(|s| s.attestation.as_deref())
        .map(str::trim)
        .collect();
    let mut out = Vec::new();
    for (i, r) in dossier.realisations.iter().enumerate() {
        for entry in &r.documents {
            let (name, caption) = crate::attachments::document_entry(entry);
            let picture = crate::attachments::is_picture_name(name);
            if crate::attachments::looks_like_url(name)
                || attestations.contains(&name)
                || !(picture || with_pdfs)
            {
                continue;
            }
            let Ok(bytes) = source.read(name) else {
                continue;
            };
            let Some(kind) = crate::attachments::file_kind(&bytes) else {
                continue;
            };
            out.push(crate::render::figures::Published {
                realisation: i + 1,
                nom: name.to_owned(),
                legende: caption.map(str::to_owned),
                kind,
                bytes,
            });
        }
    }
    out
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

/// The candidate workbook: blank, or pre-filled from a dossier read elsewhere (an official
/// tableau, an older workbook), the name typed in one cell split into family name (upper-case
/// words) and given names.
pub fn candidate_workbook(
    dossier: Option<&Dossier>,
    session: u16,
    date: NaiveDate,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let Some(dossier) = dossier else {
        return crate::render::dossier_template::write(session, None, date);
    };
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
