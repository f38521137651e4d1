//! The work behind the pages, run on blocking threads: a workbook checked from its bytes and,
//! when it has no error, its documents rendered through the same library calls as `build`;
//! the documents kept in memory a short while so that the page can link to them.

use super::guard::Refusal;
use crate::attachments::NoFiles;
use crate::check::{CheckOptions, FileReport};
use crate::coverage::Coverage;
use crate::diagnostic::{Diagnostic, Status};
use crate::model::InputKind;
use crate::pipeline::clock::Clock;
use crate::pipeline::documents::{self, DocumentKind, Request};
use crate::pipeline::load::check_path;
use crate::render::world::Engine;
use axum::extract::Multipart;
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
        let id = crate::text::hex(&bytes);
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

/// A page's check: the session from the workbook, today's date on the server's clock.
pub(crate) fn options(clock: &Clock) -> CheckOptions {
    CheckOptions {
        session: None,
        today: clock.today(),
    }
}

/// An uploaded workbook checked alone (the files it names were not sent) and, without error,
/// its documents made and kept.
pub(crate) fn check_upload(
    engine: &Engine,
    store: &Store,
    clock: &Clock,
    name: String,
    bytes: Vec<u8>,
) -> Answer {
    let options = options(clock);
    let file = crate::check::check(&name, bytes, &options, &NoFiles);
    with_documents(engine, store, &file, &options, &NoFiles)
}

/// A workbook of the class folder checked with the files beside it, its documents made.
pub(crate) fn check_class_file(
    engine: &Engine,
    store: &Store,
    clock: &Clock,
    path: &std::path::Path,
) -> Answer {
    let options = options(clock);
    let file = check_path(path, &options);
    let folder = crate::attachments::Folder(crate::pipeline::load::input_dir(path));
    with_documents(engine, store, &file, &options, &folder)
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
        coverage: file
            .parsed
            .as_ref()
            .map(|p| Coverage::of(&p.dossier.realisations)),
        documents: None,
        files: Vec::new(),
        failures: Vec::new(),
    }
}

/// The answer to a checked file and, when it has no error, its documents (the same as
/// `build` makes, through the same pipeline), kept in `store`.
fn with_documents(
    engine: &Engine,
    store: &Store,
    file: &FileReport,
    options: &CheckOptions,
    source: &dyn crate::attachments::Source,
) -> Answer {
    let mut answer = summary(file);
    let (Some(parsed), Some(session)) = (&file.parsed, file.session(options)) else {
        return answer;
    };
    if file.status() == Status::Errors {
        return answer;
    }
    let request = Request {
        kinds: &[
            DocumentKind::Portfolio,
            DocumentKind::Grille,
            DocumentKind::Tableau,
            DocumentKind::Site,
        ],
        date: options.today,
        evaluation: None,
        fiche: false,
        emit: None,
        source,
        site_templates: crate::render::site::embedded(),
    };
    let made = documents::render(engine, file, session, &request);
    let mut files: Vec<(&'static str, &'static str, Vec<u8>)> = made
        .documents
        .into_iter()
        .map(|d| (d.name, d.media_type, d.bytes))
        .collect();
    if let Some(site) = &made.site {
        let entries = site.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
        match crate::output::zip("site", entries) {
            Ok(bytes) => files.push(("site.zip", "application/zip", bytes)),
            Err(e) => answer.failures.push(format!("site.zip : {e}")),
        }
    }
    answer.failures = made
        .failures
        .into_iter()
        .map(|f| format!("{} : {}", f.name, f.messages.join(" ; ")))
        .collect();
    if parsed.kind == InputKind::TableauOfficiel {
        match documents::candidate_workbook(Some(&parsed.dossier), session, options.today) {
            Ok(bytes) => files.push(("classeur-pre-rempli.xlsx", documents::XLSX, bytes)),
            Err(e) => answer
                .failures
                .push(format!("classeur-pre-rempli.xlsx : {e}")),
        }
    }
    answer.files = files.iter().map(|(name, _, _)| *name).collect();
    answer.documents = store.keep(files);
    answer
}
