//! `sio-dossier serve`: a local web page in front of the same library API as the command line.
//! Candidates upload a workbook and get its diagnostics, its coverage and its documents;
//! teachers follow a class folder live. Local by default, one random token per start, the
//! `Host` checked, uploads and the render queue bounded, nothing from a request ever used as a
//! path, every asset embedded.

mod classe;
mod guard;
mod listen;
mod pages;
mod production;
mod work;

use crate::pipeline::clock::Clock;
use crate::render::templates;
use crate::render::world::Engine;
use anyhow::Context as _;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub use guard::MAX_UPLOAD;

/// What `serve` is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (127.0.0.1 unless the school network is wanted).
    pub listen: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// The class folder followed by the « Classe » page.
    pub classe: Option<PathBuf>,
    /// Where the « Classe » page builds the documents.
    pub output: PathBuf,
}

/// What every request shares.
pub(crate) struct AppState {
    guard: guard::Guard,
    engine: Engine,
    limiter: guard::Limiter,
    store: work::Store,
    clock: Clock,
    classe: Option<classe::Classe>,
    production: Option<production::Production>,
    pages: pages::Pages,
}

type Shared = Arc<AppState>;

/// Starts the server and serves until Ctrl-C.
pub fn run(config: Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("démarrage du serveur impossible")?;
    let result = runtime.block_on(serve(config));
    // Renders still running on blocking threads are not waited for long.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    result
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(config.listen, config.port))
        .await
        .with_context(|| {
            format!(
                "écoute sur {}:{} impossible (port déjà pris ? essayez --port 0)",
                config.listen, config.port
            )
        })?;
    let address = listener.local_addr().context("adresse d'écoute inconnue")?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let clock = Clock::new(None)?;
    let state = Arc::new(AppState {
        guard: guard::Guard::new(address)?,
        engine: Engine::new(&templates::embedded(), cores),
        limiter: guard::Limiter::new(cores),
        store: work::Store::default(),
        clock,
        classe: config.classe.clone().map(|c| classe::Classe::new(c, clock)),
        production: config
            .classe
            .clone()
            .map(|c| production::Production::new(c, config.output.clone(), clock)),
        pages: pages::Pages::new()?,
    });
    crate::print::serving(&state.guard.url(), config.listen.is_unspecified());
    let app = router(state.clone());
    listen::serve(listener, app, listen::connection_cap(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    crate::print::stopped();
    Ok(())
}

fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/verifier", get(check_form).post(check_upload))
        .route("/documents/{id}/{file}", get(document))
        .route("/classe", get(class_page))
        .route("/classe/etat", get(class_state))
        .route("/classe/produire", post(class_build))
        .route("/classe/production", get(class_progress))
        .route("/classe/archive.zip", get(class_archive))
        .route("/classe/{id}", get(class_candidate))
        .route("/classe/{id}/documents", post(class_documents))
        .route("/static/{file}", get(asset))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(axum::middleware::from_fn_with_state(state.clone(), protect))
        .with_state(state)
}

/// Every request through the guard; every answer with the security headers.
async fn protect(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let mut response = match state.guard.admit(&request) {
        guard::Admission::Refused(refusal) => state.pages.refusal(refusal),
        guard::Admission::Welcome(response) => response,
        guard::Admission::Pass => {
            let response = next.run(request).await;
            if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
                state.pages.refusal(guard::Refusal::TooLarge)
            } else {
                response
            }
        }
    };
    guard::secure(response.headers_mut());
    response
}

async fn home(State(state): State<Shared>) -> Response {
    if state.classe.is_some() {
        Redirect::to("/classe").into_response()
    } else {
        Redirect::to("/verifier").into_response()
    }
}

async fn check_form(State(state): State<Shared>) -> Response {
    state.pages.check(None, state.classe.is_some())
}

async fn check_upload(State(state): State<Shared>, multipart: Multipart) -> Response {
    let upload = match work::read_upload(multipart).await {
        Ok(upload) => upload,
        Err(refusal) => return state.pages.refusal(refusal),
    };
    let Some(_permit) = state.limiter.acquire().await else {
        return state.pages.refusal(guard::Refusal::Busy);
    };
    let job = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        work::check_upload(
            &job.engine,
            &job.store,
            &job.clock,
            upload.name,
            upload.bytes,
        )
    })
    .await;
    match answer {
        Ok(result) => state.pages.check(Some(&result), state.classe.is_some()),
        Err(_) => state.pages.refusal(guard::Refusal::Internal),
    }
}

async fn document(
    State(state): State<Shared>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    match state.store.get(&id, &file) {
        Some((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("inline; filename=\"{file}\""))
                        .unwrap_or(HeaderValue::from_static("inline")),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => state.pages.refusal(guard::Refusal::Gone),
    }
}

/// The class folder looked at again, on a blocking thread.
async fn refresh(state: &Shared) -> Option<classe::View> {
    let job = state.clone();
    tokio::task::spawn_blocking(move || job.classe.as_ref().map(classe::Classe::refresh))
        .await
        .ok()
        .flatten()
}

async fn class_page(State(state): State<Shared>) -> Response {
    match refresh(&state).await {
        Some(view) => {
            let progress = state
                .production
                .as_ref()
                .map(production::Production::progress);
            state.pages.class(&view, progress.as_ref())
        }
        None if state.classe.is_none() => state.pages.refusal(guard::Refusal::NoClass),
        None => state.pages.refusal(guard::Refusal::Internal),
    }
}

async fn class_state(State(state): State<Shared>) -> Response {
    let Some(view) = refresh(&state).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    axum::Json(serde_json::json!({ "version": view.version })).into_response()
}

async fn class_candidate(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    if state.classe.is_none() {
        return state.pages.refusal(guard::Refusal::NoClass);
    }
    let job = state.clone();
    let found = tokio::task::spawn_blocking(move || {
        let classe = job.classe.as_ref()?;
        classe.refresh();
        classe.candidate(&id).map(|answer| (answer, id))
    })
    .await
    .ok()
    .flatten();
    match found {
        Some((answer, id)) => state.pages.candidate(&answer, &id),
        None => state.pages.refusal(guard::Refusal::Gone),
    }
}

async fn class_documents(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(classe) = &state.classe else {
        return state.pages.refusal(guard::Refusal::NoClass);
    };
    let Some(path) = classe.path_of(&id) else {
        return state.pages.refusal(guard::Refusal::Gone);
    };
    let Some(_permit) = state.limiter.acquire().await else {
        return state.pages.refusal(guard::Refusal::Busy);
    };
    let job = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        work::check_class_file(&job.engine, &job.store, &job.clock, &path)
    })
    .await;
    match answer {
        Ok(answer) => state.pages.candidate(&answer, &id),
        Err(_) => state.pages.refusal(guard::Refusal::Internal),
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    match pages::asset(&file) {
        Some((mime, text)) => ([(header::CONTENT_TYPE, mime)], text).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn class_build(State(state): State<Shared>, mut multipart: Multipart) -> Response {
    let Some(production) = &state.production else {
        return state.pages.refusal(guard::Refusal::NoClass);
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
                    Err(_) => return state.pages.refusal(guard::Refusal::BadForm),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return state.pages.refusal(guard::Refusal::BadForm),
        }
    }
    match production.start(jury) {
        Ok(_) => Redirect::to("/classe").into_response(),
        Err(_) => state.pages.refusal(guard::Refusal::Internal),
    }
}

async fn class_progress(State(state): State<Shared>) -> Response {
    match &state.production {
        Some(production) => axum::Json(production.progress()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn class_archive(State(state): State<Shared>) -> Response {
    if state.production.is_none() {
        return state.pages.refusal(guard::Refusal::NoClass);
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
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "application/zip"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"sortie.zip\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        None => state.pages.refusal(guard::Refusal::Gone),
    }
}
