//! The candidates' pages: start (a blank workbook, or one pre-filled from an official
//! tableau), check with the attached files, and hand the dossier in with a receipt.

use super::guard::Refusal;
use super::state::{Shared, download};
use super::upload::{self, Rejection};
use super::work;
use crate::pipeline::documents::{XLSX, candidate_workbook};
use axum::extract::{Form, Multipart, Query, State};
use axum::response::Response;
use serde::Deserialize;

/// « Commencer »: the blank workbook and the official tableau's door.
pub(super) async fn start(State(state): State<Shared>) -> Response {
    let next = crate::validate::next_session(state.clock.today());
    state.pages.start(next, state.classe.is_some())
}

#[derive(Deserialize)]
pub(super) struct Blank {
    session: Option<u16>,
}

/// The blank workbook of a session (the next one by default).
pub(super) async fn blank(State(state): State<Shared>, Query(blank): Query<Blank>) -> Response {
    let today = state.clock.today();
    let session = blank
        .session
        .filter(|s| crate::model::SESSIONS.contains(s))
        .unwrap_or_else(|| crate::validate::next_session(today));
    match candidate_workbook(None, session, today) {
        Ok(bytes) => download(XLSX, &format!("dossier-e5-{session}.xlsx"), bytes, false),
        Err(_) => state.pages.refusal(Refusal::Internal),
    }
}

/// « J'ai déjà un tableau de synthèse officiel »: the workbook pre-filled from it, or its
/// diagnostics when it cannot be read.
pub(super) async fn prefilled(State(state): State<Shared>, multipart: Multipart) -> Response {
    let upload = match upload::read_one(multipart, "tableau").await {
        Ok(upload) => upload,
        Err(rejection) => return rejected(&state, rejection),
    };
    let job = state.clone();
    let answer = tokio::task::spawn_blocking(move || work::prefilled(&job.clock, upload)).await;
    match answer {
        Ok((Some(bytes), _)) => download(XLSX, "classeur-pre-rempli.xlsx", bytes, false),
        Ok((None, summary)) => state.pages.check(Some(&summary), state.classe.is_some()),
        Err(_) => state.pages.refusal(Refusal::Internal),
    }
}

pub(super) async fn check_form(State(state): State<Shared>) -> Response {
    state.pages.check(None, state.classe.is_some())
}

/// The workbook and its files checked; following a class, ready to be handed in.
pub(super) async fn check_upload(State(state): State<Shared>, multipart: Multipart) -> Response {
    let upload = match upload::read(multipart).await {
        Ok(upload) => upload,
        Err(rejection) => return rejected(&state, rejection),
    };
    let Some(_permit) = state.limiter.acquire().await else {
        return state.pages.refusal(Refusal::Busy);
    };
    let job = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        work::check_upload(&job.engine, &job.store, &job.clock, upload)
    })
    .await;
    match answer {
        Ok(result) => state.pages.check(Some(&result), state.classe.is_some()),
        Err(_) => state.pages.refusal(Refusal::Internal),
    }
}

fn rejected(state: &Shared, rejection: Rejection) -> Response {
    match rejection {
        Rejection::Refused(refusal) => state.pages.refusal(refusal),
        Rejection::Files(reasons) => state.pages.rejected(&reasons),
    }
}

#[derive(Deserialize)]
pub(super) struct HandIn {
    depot: String,
}

/// « Remettre mon dossier »: the files just checked written into the class folder.
pub(super) async fn hand_in(State(state): State<Shared>, Form(form): Form<HandIn>) -> Response {
    if state.classe.is_none() {
        return state.pages.refusal(Refusal::NoClass);
    }
    let job = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        work::hand_in(&job.engine, &job.store, &job.clock, job.limite, &form.depot)
    })
    .await;
    match answer {
        Ok(Ok(handed)) => state.pages.handed(&handed),
        Ok(Err(message)) => state.pages.handin_failed(&message),
        Err(_) => state.pages.refusal(Refusal::Internal),
    }
}
