//! The teacher's pages: the class live (hand-ins and their versions), a candidate's page and
//! receipts, the jury's sheet, the class's production and its zip, the deposit frozen and
//! verified. The candidates' token never reaches them (the guard answers 403).

use super::classe;
use super::guard::Refusal;
use super::production;
use super::state::{Shared, download};
use super::work;
use axum::Json;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The class folder looked at again, on a blocking thread.
async fn refresh(state: &Shared) -> Option<classe::View> {
    let job = state.clone();
    tokio::task::spawn_blocking(move || job.classe.as_ref().map(classe::Classe::refresh))
        .await
        .ok()
        .flatten()
}

pub(super) async fn class_page(State(state): State<Shared>) -> Response {
    match refresh(&state).await {
        Some(view) => {
            let progress = state
                .production
                .as_ref()
                .map(production::Production::progress);
            state
                .pages
                .class(&view, progress.as_ref(), state.qr.as_deref())
        }
        None if state.classe.is_none() => state.pages.refusal(Refusal::NoClass),
        None => state.pages.refusal(Refusal::Internal),
    }
}

pub(super) async fn class_state(State(state): State<Shared>) -> Response {
    let Some(view) = refresh(&state).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    Json(serde_json::json!({ "version": view.version })).into_response()
}

pub(super) async fn class_candidate(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Response {
    if state.classe.is_none() {
        return state.pages.refusal(Refusal::NoClass);
    }
    let job = state.clone();
    let found = tokio::task::spawn_blocking(move || {
        let classe = job.classe.as_ref()?;
        classe.refresh();
        let versions = classe.versions(&id);
        classe.candidate(&id).map(|answer| (answer, versions, id))
    })
    .await
    .ok()
    .flatten();
    match found {
        Some((answer, versions, id)) => state.pages.candidate(&answer, &id, &versions),
        None => state.pages.refusal(Refusal::Gone),
    }
}

pub(super) async fn class_documents(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Response {
    let Some(classe) = &state.classe else {
        return state.pages.refusal(Refusal::NoClass);
    };
    let Some(path) = classe.path_of(&id) else {
        return state.pages.refusal(Refusal::Gone);
    };
    let Some(_permit) = state.limiter.acquire().await else {
        return state.pages.refusal(Refusal::Busy);
    };
    let job = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let answer = work::check_class_file(&job.engine, &job.store, &job.clock, &path);
        let versions = job
            .classe
            .as_ref()
            .map(|c| c.versions(&id))
            .unwrap_or_default();
        (answer, versions, id)
    })
    .await;
    match answer {
        Ok((answer, versions, id)) => state.pages.candidate(&answer, &id, &versions),
        Err(_) => state.pages.refusal(Refusal::Internal),
    }
}

/// The receipt of one of a candidate's hand-ins (0: the latest).
pub(super) async fn receipt(
    State(state): State<Shared>,
    Path((id, version)): Path<(String, usize)>,
) -> Response {
    let Some(classe) = &state.classe else {
        return state.pages.refusal(Refusal::NoClass);
    };
    let Some(found) = classe.versions(&id).into_iter().nth(version) else {
        return state.pages.refusal(Refusal::Gone);
    };
    let path = found.folder.join(crate::pipeline::handin::RECEIPT);
    match std::fs::read(path) {
        Ok(bytes) => download(
            "application/pdf",
            crate::pipeline::handin::RECEIPT,
            bytes,
            true,
        ),
        Err(_) => state.pages.refusal(Refusal::Gone),
    }
}

/// « Feuille du jury »: the evaluation sheet of the class as it is.
pub(super) async fn jury_sheet(State(state): State<Shared>) -> Response {
    let Some(folder) = state.store.classe() else {
        return state.pages.refusal(Refusal::NoClass);
    };
    let job = state.clone();
    let sheet = tokio::task::spawn_blocking(move || {
        let files = crate::inputs::collect(&[folder], false).ok()?;
        crate::pipeline::jury::evaluation_sheet(&files, &work::options(&job.clock)).ok()
    })
    .await
    .ok()
    .flatten();
    match sheet {
        Some(sheet) => download(
            crate::pipeline::documents::XLSX,
            "evaluation-jury.xlsx",
            sheet.bytes,
            false,
        ),
        None => state.pages.refusal(Refusal::Gone),
    }
}

pub(super) async fn class_build(State(state): State<Shared>, mut multipart: Multipart) -> Response {
    let Some(production) = &state.production else {
        return state.pages.refusal(Refusal::NoClass);
    };
    let mut jury = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("jury") => {
                let extension = field
                    .file_name()
                    .and_then(|n| n.rsplit_once('.'))
                    .map(|(_, e)| e.to_ascii_lowercase())
                    .filter(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.as_str()))
                    .unwrap_or_else(|| "xlsx".to_owned());
                match field.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => jury = Some((extension, bytes.to_vec())),
                    Ok(_) => {}
                    Err(_) => return state.pages.refusal(Refusal::BadForm),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return state.pages.refusal(Refusal::BadForm),
        }
    }
    match production.start(jury) {
        Ok(_) => Redirect::to("/classe").into_response(),
        Err(_) => state.pages.refusal(Refusal::Internal),
    }
}

pub(super) async fn class_progress(State(state): State<Shared>) -> Response {
    match &state.production {
        Some(production) => Json(production.progress()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(super) async fn class_archive(State(state): State<Shared>) -> Response {
    if state.production.is_none() {
        return state.pages.refusal(Refusal::NoClass);
    }
    let job = state.clone();
    let zip = tokio::task::spawn_blocking(move || {
        job.production
            .as_ref()
            .and_then(production::Production::archive)
    })
    .await
    .ok()
    .flatten();
    match zip {
        Some(bytes) => download("application/zip", "sortie.zip", bytes, false),
        None => state.pages.refusal(Refusal::Gone),
    }
}

/// « Dépôt »: the deposits made, the buttons to freeze and verify.
pub(super) async fn deposits(State(state): State<Shared>) -> Response {
    let Some(deposits) = &state.deposits else {
        return state.pages.refusal(Refusal::NoClass);
    };
    state.pages.deposit(deposits, None, None)
}

/// « Figer le dépôt »: the class folder deposited as it is, its receipt's rows shown.
pub(super) async fn freeze(State(state): State<Shared>) -> Response {
    if state.deposits.is_none() {
        return state.pages.refusal(Refusal::NoClass);
    }
    let job = state.clone();
    let frozen = tokio::task::spawn_blocking(move || {
        job.deposits
            .as_ref()
            .map(|d| d.freeze(&job.engine).map_err(|e| format!("{e:#}")))
    })
    .await
    .ok()
    .flatten();
    match (frozen, &state.deposits) {
        (Some(result), Some(deposits)) => state.pages.deposit(deposits, Some(result), None),
        _ => state.pages.refusal(Refusal::Internal),
    }
}

#[derive(Deserialize)]
pub(super) struct Chosen {
    depot: String,
}

/// « Vérifier »: the deposit chosen checked against its seal.
pub(super) async fn verify(State(state): State<Shared>, Form(chosen): Form<Chosen>) -> Response {
    if state.deposits.is_none() {
        return state.pages.refusal(Refusal::NoClass);
    }
    let job = state.clone();
    let name = chosen.depot.clone();
    let checked =
        tokio::task::spawn_blocking(move || job.deposits.as_ref().and_then(|d| d.verify(&name)))
            .await
            .ok()
            .flatten();
    match (checked, &state.deposits) {
        (Some(checks), Some(deposits)) => {
            state
                .pages
                .deposit(deposits, None, Some((chosen.depot.as_str(), &checks)))
        }
        _ => state.pages.refusal(Refusal::Gone),
    }
}

/// A file of a deposit (receipt, conformity pages).
pub(super) async fn deposit_file(
    State(state): State<Shared>,
    Path((depot, file)): Path<(String, String)>,
) -> Response {
    let Some(deposits) = &state.deposits else {
        return state.pages.refusal(Refusal::NoClass);
    };
    let name = file.rsplit('/').next().unwrap_or("fichier").to_owned();
    match deposits.file(&depot, &file) {
        Some((mime, bytes)) => download(mime, &name, bytes, true),
        None => state.pages.refusal(Refusal::Gone),
    }
}
