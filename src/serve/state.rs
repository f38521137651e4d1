//! What every request shares: the server's state, and the answer that sends a file.

use super::classe::Classe;
use super::deposits::Deposits;
use super::guard::{Guard, Limiter};
use super::pages::Pages;
use super::production::Production;
use super::store::Store;
use crate::pipeline::clock::Clock;
use crate::render::world::Engine;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// What every request shares.
pub(crate) struct AppState {
    pub(super) guard: Guard,
    pub(super) engine: Engine,
    pub(super) limiter: Limiter,
    pub(super) store: Store,
    pub(super) clock: Clock,
    pub(super) limite: Option<chrono::NaiveDateTime>,
    pub(super) classe: Option<Classe>,
    pub(super) production: Option<Production>,
    pub(super) deposits: Option<Deposits>,
    /// The candidates' address as a QR code, for the class page.
    pub(super) qr: Option<String>,
    pub(super) pages: Pages,
}

pub(crate) type Shared = Arc<AppState>;

/// A file to download, with its name.
pub(crate) fn download(mime: &'static str, name: &str, bytes: Vec<u8>, inline: bool) -> Response {
    let disposition = format!(
        "{}; filename=\"{name}\"",
        if inline { "inline" } else { "attachment" }
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}
