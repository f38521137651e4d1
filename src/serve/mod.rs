//! `sio-dossier serve`: a local web page in front of the same pipeline as the command line,
//! with two roles. Candidates get a blank or pre-filled workbook, check it with the files it
//! names, download their documents and hand their dossier in (with a receipt); the teacher
//! follows the class folder live (hand-ins and their versions), downloads the jury's sheet,
//! builds the class's documents and freezes the deposit. Local by default, one random token
//! per role and start, the `Host` checked, uploads, renders and connections bounded, nothing
//! from a request ever used as a path, every asset embedded.

mod candidate;
mod classe;
mod deposits;
mod guard;
mod listen;
mod pages;
mod production;
mod qr;
mod state;
mod store;
mod teacher;
mod upload;
mod work;

use crate::pipeline::clock::Clock;
use crate::render::templates;
use crate::render::world::Engine;
use anyhow::Context as _;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use state::{AppState, Shared, download};
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
    /// Where « Figer le dépôt » makes its dated deposits.
    pub depots: PathBuf,
    /// The hand-in deadline, when there is one.
    pub limite: Option<chrono::NaiveDateTime>,
}

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
    let guard = guard::Guard::new(address, config.classe.is_some())?;
    let candidats = guard.url(guard::Role::Candidat).unwrap_or_default();
    let state = Arc::new(AppState {
        engine: Engine::new(&templates::embedded(), cores),
        limiter: guard::Limiter::new(cores),
        store: store::Store::new(config.classe.as_deref()),
        clock,
        limite: config.limite,
        classe: config.classe.clone().map(|c| classe::Classe::new(c, clock)),
        production: config
            .classe
            .clone()
            .map(|c| production::Production::new(c, config.output.clone(), clock)),
        deposits: config
            .classe
            .clone()
            .map(|c| deposits::Deposits::new(c, config.depots.clone(), config.limite, clock)),
        qr: config.classe.as_ref().and_then(|_| qr::svg(&candidats)),
        pages: pages::Pages::new()?,
        guard,
    });
    crate::print::serving(
        &candidats,
        state.guard.url(guard::Role::Professeur).as_deref(),
        qr::terminal(&candidats).as_deref(),
        config.listen.is_unspecified(),
    );
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
        .route("/commencer", get(candidate::start))
        .route("/vierge", get(candidate::blank))
        .route("/pre-rempli", post(candidate::prefilled))
        .route(
            "/verifier",
            get(candidate::check_form).post(candidate::check_upload),
        )
        .route("/remettre", post(candidate::hand_in))
        .route("/documents/{id}/{file}", get(document))
        .route("/classe", get(teacher::class_page))
        .route("/classe/etat", get(teacher::class_state))
        .route("/classe/produire", post(teacher::class_build))
        .route("/classe/production", get(teacher::class_progress))
        .route("/classe/archive.zip", get(teacher::class_archive))
        .route("/classe/jury.xlsx", get(teacher::jury_sheet))
        .route(
            "/classe/depot",
            get(teacher::deposits).post(teacher::freeze),
        )
        .route("/classe/depot/verifier", post(teacher::verify))
        .route("/classe/depot/{depot}/{*file}", get(teacher::deposit_file))
        .route("/classe/{id}", get(teacher::class_candidate))
        .route("/classe/{id}/documents", post(teacher::class_documents))
        .route("/classe/{id}/accuse/{version}", get(teacher::receipt))
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
        guard::Admission::Pass(role) => {
            let mut request = request;
            request.extensions_mut().insert(role);
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

async fn home(Extension(role): Extension<guard::Role>) -> Response {
    match role {
        guard::Role::Professeur => Redirect::to("/classe").into_response(),
        guard::Role::Candidat => Redirect::to("/commencer").into_response(),
    }
}

async fn document(
    State(state): State<Shared>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    match state.store.get(&id, &file) {
        Some((mime, bytes)) => download(mime, &file, bytes, true),
        None => state.pages.refusal(guard::Refusal::Gone),
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    match pages::asset(&file) {
        Some((mime, text)) => ([(header::CONTENT_TYPE, mime)], text).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
