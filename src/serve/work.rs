//! The work behind the pages, run on blocking threads: a workbook checked from its bytes and,
//! when it has no error, its documents rendered through the same library calls as `build`;
//! the documents kept in memory a short while so that the page can link to them.

use super::guard::Refusal;
use crate::attachments::NoFiles;
use crate::check::{CheckOptions, FileReport};
use crate::diagnostic::{Diagnostic, Status};
use crate::model::{Dossier, InputKind};
use crate::referentiel::Referentiel;
use crate::render::world::Engine;
use crate::render::{self, Candidate};
use axum::extract::Multipart;
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long documents stay in memory after an answer.
pub(crate) const KEEP: Duration = Duration::from_secs(15 * 60);
/// Answers whose documents are kept at most (the oldest go first).
const KEPT: usize = 64;

/// An uploaded workbook.
pub(crate) struct Upload {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Reads the form's `classeur` file (the body size is bounded by the router).
pub(crate) async fn read_upload(mut multipart: Multipart) -> Result<Upload, Refusal> {
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(Refusal::NoFile),
            Err(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Refusal::TooLarge);
            }
            Err(_) => return Err(Refusal::BadForm),
        };
        if field.name() != Some("classeur") {
            continue;
        }
        let name = field
            .file_name()
            .map(base_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "classeur.xlsx".to_owned());
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes.to_vec(),
            Err(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Refusal::TooLarge);
            }
            Err(_) => return Err(Refusal::BadForm),
        };
        if bytes.is_empty() {
            return Err(Refusal::NoFile);
        }
        return Ok(Upload { name, bytes });
    }
}

/// The last component of a browser-given file name, for display only.
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect()
}

/// What the page shows of one checked workbook.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The file's name.
    pub(crate) file: String,
    /// « NOM Prénom », when read.
    pub(crate) candidate: Option<String>,
    /// Candidate number, when read.
    pub(crate) numero: Option<String>,
    /// Candidate workbook or official tableau.
    pub(crate) kind: Option<InputKind>,
    /// Every diagnostic, errors first.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Competences and sub-competences covered, when the dossier was read.
    pub(crate) coverage: Option<Coverage>,
    /// Where the documents are kept, when they were made.
    pub(crate) documents: Option<String>,
    /// The documents made, by file name.
    pub(crate) files: Vec<&'static str>,
    /// Documents that could not be made, with why.
    pub(crate) failures: Vec<String>,
}

impl Answer {
    /// The answer's status.
    pub(crate) fn status(&self) -> Status {
        Status::of(&self.diagnostics)
    }
}

/// Which competences and sub-competences the réalisations cover.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    /// The six competences, in official order.
    pub(crate) competences: Vec<Covered>,
}

/// A competence or a sub-competence, and whether a réalisation mobilises it.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Covered {
    /// `B1.4` or `B1.4.2`.
    pub(crate) code: String,
    /// Official name.
    pub(crate) libelle: String,
    /// Whether a réalisation mobilises it.
    pub(crate) couvert: bool,
    /// The sub-competences of a competence.
    pub(crate) sous: Vec<Covered>,
}

impl Coverage {
    fn of(dossier: &Dossier) -> Coverage {
        let competences: BTreeSet<&str> = dossier
            .realisations
            .iter()
            .flat_map(|r| r.competences.iter().map(String::as_str))
            .collect();
        let sous: BTreeSet<&str> = dossier
            .realisations
            .iter()
            .flat_map(|r| r.sous_competences.iter().map(String::as_str))
            .collect();
        let r = Referentiel::get();
        Coverage {
            competences: r
                .competences
                .iter()
                .map(|c| {
                    let subs = r
                        .sous_competences()
                        .filter(|s| s.competence == c.code)
                        .map(|s| Covered {
                            code: s.code.to_owned(),
                            libelle: s.libelle.to_owned(),
                            couvert: sous.contains(s.code),
                            sous: Vec::new(),
                        })
                        .collect();
                    Covered {
                        code: c.code.clone(),
                        libelle: c.libelle.clone(),
                        couvert: competences.contains(c.code.as_str()),
                        sous: subs,
                    }
                })
                .collect(),
        }
    }
}

/// Documents kept in memory for the page's links, never on disk.
#[derive(Default)]
pub(crate) struct Store {
    entries: Mutex<Vec<Kept>>,
}

struct Kept {
    id: String,
    made: Instant,
    files: Vec<(&'static str, &'static str, Vec<u8>)>,
}

impl Store {
    fn keep(&self, files: Vec<(&'static str, &'static str, Vec<u8>)>) -> Option<String> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).ok()?;
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.retain(|e| e.made.elapsed() < KEEP);
        if entries.len() >= KEPT {
            entries.remove(0);
        }
        entries.push(Kept {
            id: id.clone(),
            made: Instant::now(),
            files,
        });
        Some(id)
    }

    /// A kept document: its media type and bytes.
    pub(crate) fn get(&self, id: &str, file: &str) -> Option<(&'static str, Vec<u8>)> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = entries
            .iter()
            .find(|e| e.id == id && e.made.elapsed() < KEEP)?;
        entry
            .files
            .iter()
            .find(|(name, _, _)| *name == file)
            .map(|(_, mime, bytes)| (*mime, bytes.clone()))
    }
}

const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A page's check: the session from the workbook, today's date.
pub(crate) fn options() -> CheckOptions {
    CheckOptions {
        session: None,
        today: chrono::Local::now().date_naive(),
    }
}

/// An uploaded workbook checked alone (the files it names were not sent) and, without error,
/// its documents made and kept.
pub(crate) fn check_upload(engine: &Engine, store: &Store, name: String, bytes: Vec<u8>) -> Answer {
    let options = options();
    let file = crate::check::check(&name, bytes, &options, &NoFiles);
    with_documents(engine, store, &file, &options)
}

/// A workbook of the class folder checked with the files beside it, its documents made.
pub(crate) fn check_class_file(engine: &Engine, store: &Store, path: &std::path::Path) -> Answer {
    let options = options();
    let file = check_only(path, &options);
    with_documents(engine, store, &file, &options)
}

/// A workbook checked with the files beside it, as `check` does (the class page's rows).
pub(crate) fn check_only(path: &std::path::Path, options: &CheckOptions) -> FileReport {
    crate::commands::check_path(path, options)
}

/// What the page shows of a checked file, without documents.
pub(crate) fn summary(file: &FileReport) -> Answer {
    Answer {
        file: file
            .input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        candidate: file
            .parsed
            .as_ref()
            .and_then(|p| p.dossier.candidat.nom_complet()),
        numero: file
            .parsed
            .as_ref()
            .and_then(|p| p.dossier.candidat.numero.clone()),
        kind: file.parsed.as_ref().map(|p| p.kind),
        diagnostics: file.diagnostics.clone(),
        coverage: file.parsed.as_ref().map(|p| Coverage::of(&p.dossier)),
        documents: None,
        files: Vec::new(),
        failures: Vec::new(),
    }
}

/// The answer to a checked file and, when it has no error, its documents, kept in `store`.
fn with_documents(
    engine: &Engine,
    store: &Store,
    file: &FileReport,
    options: &CheckOptions,
) -> Answer {
    let mut answer = summary(file);
    let (Some(parsed), Some(session)) = (&file.parsed, file.session(options)) else {
        return answer;
    };
    if file.status() == Status::Errors {
        return answer;
    }
    let today = options.today;
    let mut files: Vec<(&'static str, &'static str, Vec<u8>)> = Vec::new();
    let candidate = Candidate {
        kind: parsed.kind,
        dossier: &parsed.dossier,
        attachments: &file.attachments,
        session,
    };
    let ident = |document: &str| format!("sio-dossier/serve/{document}");
    match render::pdf(
        engine,
        render::portfolio_sources(candidate, today),
        &ident("portfolio.pdf"),
        today,
    ) {
        Ok(bytes) => files.push(("portfolio.pdf", PDF, bytes)),
        Err(e) => answer
            .failures
            .push(format!("portfolio.pdf : {}", e.messages.join(" ; "))),
    }
    match render::pdf(
        engine,
        render::grille_sources(&parsed.dossier.candidat, session, None, false),
        &ident("grille-evaluation.pdf"),
        today,
    ) {
        Ok(bytes) => files.push(("grille-evaluation.pdf", PDF, bytes)),
        Err(e) => answer.failures.push(format!(
            "grille-evaluation.pdf : {}",
            e.messages.join(" ; ")
        )),
    }
    match render::tableau::write(&parsed.dossier, session, today) {
        Ok(bytes) => files.push(("tableau-synthese.xlsx", XLSX, bytes)),
        Err(e) => answer.failures.push(format!("tableau-synthese.xlsx : {e}")),
    }
    if parsed.kind == InputKind::TableauOfficiel {
        match render::dossier_template::write(session, Some(&parsed.dossier), today) {
            Ok(bytes) => files.push(("classeur-pre-rempli.xlsx", XLSX, bytes)),
            Err(e) => answer
                .failures
                .push(format!("classeur-pre-rempli.xlsx : {e}")),
        }
    }
    answer.files = files.iter().map(|(name, _, _)| *name).collect();
    answer.documents = store.keep(files);
    answer
}
