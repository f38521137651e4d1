//! The work behind the pages, run on blocking threads: a workbook checked from its bytes with
//! the files sent with it and, when it has no error, its documents rendered through the same
//! pipeline as `build`; the documents kept a short while so that the page can link to them,
//! and, following a class, the files staged for the hand-in.

use super::store::{Made, Pending, Store};
use super::upload::Upload;
use crate::attachments::Given;
use crate::check::{CheckOptions, FileReport};
use crate::coverage::Coverage;
use crate::diagnostic::{Diagnostic, Status};
use crate::model::InputKind;
use crate::pipeline::clock::Clock;
use crate::pipeline::documents::{self, DocumentKind, Request};
use crate::pipeline::handin;
use crate::pipeline::load::check_path;
use crate::render::world::Engine;

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
    /// The files sent with the workbook, by name.
    pub(crate) pieces: Vec<String>,
    /// Hand-in: the id to send back to « Remettre mon dossier », or why it is not possible.
    pub(crate) remise: Option<Result<String, String>>,
}

impl Answer {
    /// The answer's status.
    pub(crate) fn status(&self) -> Status {
        Status::of(&self.diagnostics)
    }
}

/// A page's check: the session from the workbook, today's date on the server's clock.
pub(crate) fn options(clock: &Clock) -> CheckOptions {
    CheckOptions {
        session: None,
        today: clock.today(),
    }
}

/// An uploaded workbook checked with the files sent with it and, without error, its
/// documents made and kept; following a class, its files staged for the hand-in.
pub(crate) fn check_upload(
    engine: &Engine,
    store: &Store,
    clock: &Clock,
    upload: Upload,
) -> Answer {
    let options = options(clock);
    let given = Given(upload.pieces);
    let (name, bytes) = upload.workbook;
    let file = crate::check::check(&name, bytes.clone(), &options, &given);
    let Some(id) = Store::new_id() else {
        return summary(&file);
    };
    let (mut answer, made) = with_documents(engine, &file, &options, &given);
    answer.pieces = given.0.iter().map(|(n, _)| n.clone()).collect();
    let pending = store.classe().map(|classe| {
        let placed = handin::placed(&file, (&name, &bytes), &given.0);
        let session = file
            .session(&options)
            .unwrap_or_else(|| crate::validate::next_session(options.today));
        Pending {
            folder: handin::folder_name(&file),
            remise: handin::record(&file, &name, &placed, clock.now(), false),
            session,
            staged: handin::stage(&classe, &id, &placed).map_err(|e| format!("{e:#}")),
        }
    });
    answer.remise = pending
        .as_ref()
        .map(|p| p.folder.clone().map(|_| id.clone()));
    answer.documents = Some(id.clone());
    store.keep(&id, made, pending);
    answer
}

/// An official tableau read, and the candidate's workbook pre-filled from it (as `template
/// --from`); the check's summary when it cannot be made.
pub(crate) fn prefilled(clock: &Clock, upload: Upload) -> (Option<Vec<u8>>, Answer) {
    let options = options(clock);
    let (name, bytes) = upload.workbook;
    let file = crate::check::check(&name, bytes, &options, &crate::attachments::NoFiles);
    let made = file.parsed.as_ref().and_then(|parsed| {
        let session = file.session(&options)?;
        documents::candidate_workbook(Some(&parsed.dossier), session, options.today).ok()
    });
    (made, summary(&file))
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
    let (mut answer, made) = with_documents(engine, &file, &options, &folder);
    if let Some(id) = Store::new_id() {
        store.keep(&id, made, None);
        answer.documents = Some(id);
    }
    answer
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
        pieces: Vec::new(),
        remise: None,
    }
}

/// The answer to a checked file and, when it has no error, its documents (the same as
/// `build` makes, through the same pipeline).
fn with_documents(
    engine: &Engine,
    file: &FileReport,
    options: &CheckOptions,
    source: &dyn crate::attachments::Source,
) -> (Answer, Vec<Made>) {
    let mut answer = summary(file);
    let (Some(parsed), Some(session)) = (&file.parsed, file.session(options)) else {
        return (answer, Vec::new());
    };
    if file.status() == Status::Errors {
        return (answer, Vec::new());
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
    let made = files
        .into_iter()
        .map(|(name, mime, bytes)| Made { name, mime, bytes })
        .collect();
    (answer, made)
}

/// A hand-in made: its record and where its receipt can be downloaded.
pub(crate) struct Handed {
    /// The record written beside the files.
    pub(crate) remise: crate::remise::Remise,
    /// The receipt's link on this server.
    pub(crate) receipt: Option<String>,
}

/// Hands in the dossier checked under `id`: its staged files, record and receipt renamed into
/// the class folder. The French message says why not (already handed in, nothing to hand
/// in, unwritable folder).
pub(crate) fn hand_in(
    engine: &Engine,
    store: &Store,
    clock: &Clock,
    limite: Option<chrono::NaiveDateTime>,
    id: &str,
) -> Result<Handed, String> {
    let pending = store.take_pending(id).ok_or(
        "Ce dossier a déjà été remis, ou sa vérification date de plus de 15 minutes : \
         vérifiez-le de nouveau, puis remettez-le.",
    )?;
    let folder = pending.folder?;
    let staged = pending.staged.map_err(|e| {
        format!("Le dossier de la classe n'accepte pas d'écriture : {e}. Votre remise précédente, s'il y en a une, est intacte.")
    })?;
    let classe = store
        .classe()
        .ok_or("Pas de dossier de classe : rien ne peut être remis.")?;
    let now = clock.now();
    let mut remise = pending.remise;
    remise.date = now.format(crate::remise::DATE).to_string();
    remise.hors_delai = crate::conformite::late(now, limite);
    let failed = |e: anyhow::Error| {
        if !staged.join(crate::remise::VERSIONS).exists() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        format!(
            "La remise n'a pas pu être enregistrée : {e:#}. Votre remise précédente, s'il y en a une, est intacte."
        )
    };
    let receipt = handin::receipt(engine, &remise, pending.session, now).map_err(failed)?;
    handin::hand_in(&classe, &staged, &folder, &remise, &receipt).map_err(failed)?;
    let link = Store::new_id().map(|kept| {
        store.keep(
            &kept,
            vec![Made {
                name: handin::RECEIPT,
                mime: "application/pdf",
                bytes: receipt,
            }],
            None,
        );
        format!("/documents/{kept}/{}", handin::RECEIPT)
    });
    Ok(Handed {
        remise,
        receipt: link,
    })
}
