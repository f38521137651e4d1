//! The server's defences: one access token per role (in the printed address, then a cookie;
//! the candidates' one opens only the candidate pages), the `Host` check against DNS rebinding, uploads refused by their announced size before being
//! read, the bounded render queue, and the security headers of every answer.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Largest upload accepted: a workbook with its pictures, well beyond any real one.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// The cookie that carries the token once the address has been opened.
const COOKIE: &str = "sio_jeton";
/// Renders waiting for a slot, per slot, before the next request is told to come back.
const QUEUE_PER_SLOT: usize = 16;

/// Why a request gets no normal answer: each has its status and its French page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No valid token.
    NoToken,
    /// A teacher's page asked with the candidates' token.
    Forbidden,
    /// `Host` is not this server's address.
    WrongHost,
    /// The upload is larger than [`MAX_UPLOAD`].
    TooLarge,
    /// The form had no file.
    NoFile,
    /// The form could not be read.
    BadForm,
    /// Every render slot and the queue are taken.
    Busy,
    /// The documents asked for are no longer (or never were) here.
    Gone,
    /// `serve` was started without a class folder.
    NoClass,
    /// A bug, caught: this request only.
    Internal,
}

impl Refusal {
    /// The HTTP status of the refusal.
    pub(crate) fn status(self) -> StatusCode {
        match self {
            Refusal::NoToken => StatusCode::UNAUTHORIZED,
            Refusal::Forbidden => StatusCode::FORBIDDEN,
            Refusal::WrongHost => StatusCode::MISDIRECTED_REQUEST,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::NoFile | Refusal::BadForm => StatusCode::BAD_REQUEST,
            Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::Gone | Refusal::NoClass => StatusCode::NOT_FOUND,
            Refusal::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Title and explanation, in French.
    pub(crate) fn text(self) -> (&'static str, &'static str) {
        match self {
            Refusal::NoToken => (
                "Accès réservé",
                "Ouvrez l'adresse complète affichée dans le terminal au démarrage de « sio-dossier serve » \
                 (elle se termine par ?jeton=…) : votre navigateur sera ensuite reconnu.",
            ),
            Refusal::Forbidden => (
                "Page réservée au professeur",
                "Cette page est réservée au professeur. Avec l'adresse des candidats, vous pouvez \
                 télécharger un classeur vierge, vérifier votre dossier et le remettre.",
            ),
            Refusal::WrongHost => (
                "Adresse non reconnue",
                "Cette page ne répond qu'à l'adresse affichée au démarrage du serveur.",
            ),
            Refusal::TooLarge => (
                "Fichier trop volumineux",
                "Le classeur dépasse 20 Mio. Retirez les images ou pièces inutiles du classeur, puis \
                 envoyez-le de nouveau.",
            ),
            Refusal::NoFile => (
                "Aucun fichier reçu",
                "Choisissez votre classeur (.xlsx ou .ods) avant de cliquer sur « Vérifier ».",
            ),
            Refusal::BadForm => (
                "Envoi illisible",
                "Le formulaire reçu est incomplet ou mal formé. Rechargez la page et recommencez.",
            ),
            Refusal::Busy => (
                "Serveur occupé",
                "Trop de classeurs sont en cours de traitement. Réessayez dans quelques secondes.",
            ),
            Refusal::Gone => (
                "Document introuvable",
                "Ce document n'est plus disponible : les documents restent 15 minutes en mémoire. \
                 Envoyez de nouveau le classeur.",
            ),
            Refusal::NoClass => (
                "Pas de classe suivie",
                "Le serveur a été démarré sans dossier de classe : « sio-dossier serve classe/ ».",
            ),
            Refusal::Internal => (
                "Erreur interne",
                "Une erreur inattendue a interrompu le traitement de ce classeur ; le serveur continue. \
                 Signalez-la avec le fichier concerné.",
            ),
        }
    }
}

/// Who a request comes from, by the token it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A candidate: blank workbook, check, documents, hand-in.
    Candidat,
    /// The teacher: every page.
    Professeur,
}

/// The tokens of this start and the `Host` values this server answers to.
pub(crate) struct Guard {
    candidat: String,
    /// Only with a class folder: without one there is no teacher's page.
    professeur: Option<String>,
    address: SocketAddr,
}

fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("aléa du système indisponible : {e}"))?;
    Ok(crate::text::hex(&bytes))
}

impl Guard {
    /// New random tokens for a server listening on `address` (a teacher's one with a class).
    pub(crate) fn new(address: SocketAddr, teacher: bool) -> anyhow::Result<Guard> {
        Ok(Guard {
            candidat: random_token()?,
            professeur: if teacher { Some(random_token()?) } else { None },
            address,
        })
    }

    /// The address a role opens, with its token (listening on every interface, this
    /// machine's address on the school network, so that a phone can open it).
    pub(crate) fn url(&self, role: Role) -> Option<String> {
        let token = match role {
            Role::Candidat => &self.candidat,
            Role::Professeur => self.professeur.as_ref()?,
        };
        let host = if self.address.ip().is_unspecified() {
            SocketAddr::new(network_address(), self.address.port())
        } else {
            self.address
        };
        Some(format!("http://{host}/?jeton={token}"))
    }

    /// Whether `Host` names this server: its address and port, or `localhost` with the port;
    /// listening on every interface, any IP address with the port (a DNS name is what a
    /// rebinding attack uses, never an address).
    fn host_ok(&self, host: &str) -> bool {
        let port = self.address.port();
        let Some((name, given_port)) = host.rsplit_once(':') else {
            return false;
        };
        if given_port.parse::<u16>() != Ok(port) {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        if name.eq_ignore_ascii_case("localhost") {
            return self.address.ip().is_loopback() || self.address.ip().is_unspecified();
        }
        match name.parse::<std::net::IpAddr>() {
            // Listening everywhere: whichever of this machine's addresses was used.
            Ok(_) if self.address.ip().is_unspecified() => true,
            Ok(ip) => ip == self.address.ip(),
            Err(_) => false,
        }
    }

    fn role_of(&self, given: &str) -> Option<Role> {
        if same(given, &self.candidat) {
            return Some(Role::Candidat);
        }
        self.professeur
            .as_ref()
            .filter(|token| same(given, token))
            .map(|_| Role::Professeur)
    }

    fn cookie_role(&self, headers: &HeaderMap) -> Option<Role> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(name, _)| *name == COOKIE)
            .find_map(|(_, value)| self.role_of(value))
    }
}

/// Constant-time comparison of a given token with the right one.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// This machine's address on its network: the interface a packet to the outside would leave
/// by (a UDP "connection" sends nothing), else 127.0.0.1.
fn network_address() -> std::net::IpAddr {
    let localhost = std::net::Ipv4Addr::LOCALHOST.into();
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| {
            socket.connect("192.0.2.1:9")?;
            socket.local_addr()
        })
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_unspecified())
        .unwrap_or(localhost)
}

/// The pages a candidate's token opens; every other page is the teacher's.
fn candidate_page(path: &str) -> bool {
    const PAGES: &[&str] = &[
        "/",
        "/commencer",
        "/verifier",
        "/vierge",
        "/pre-rempli",
        "/remettre",
    ];
    const UNDER: &[&str] = &["/documents/", "/remise/", "/static/"];
    PAGES.contains(&path) || UNDER.iter().any(|prefix| path.starts_with(prefix))
}

/// What the guard decides of a request before it reaches a page.
pub(crate) enum Admission {
    /// Refused, with this page.
    Refused(Refusal),
    /// The address with the token was opened: back to the home page, the cookie set.
    Welcome(Response),
    /// Let through, for this role.
    Pass(Role),
}

impl Guard {
    /// `Host`, then the token (the address's `?jeton=` sets the cookie), then the announced
    /// size of an upload.
    pub(crate) fn admit(&self, request: &Request) -> Admission {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !self.host_ok(host) {
            return Admission::Refused(Refusal::WrongHost);
        }
        if let Some(token) = query_token(request.uri().query()) {
            if self.role_of(&token).is_none() {
                return Admission::Refused(Refusal::NoToken);
            }
            let mut response = Redirect::to("/").into_response();
            if let Ok(cookie) = HeaderValue::from_str(&format!(
                "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
            )) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            return Admission::Welcome(response);
        }
        let path = request.uri().path();
        let role = match self.cookie_role(request.headers()) {
            Some(role) => role,
            None if path.starts_with("/static/") => Role::Candidat,
            None => return Admission::Refused(Refusal::NoToken),
        };
        if role == Role::Candidat && !candidate_page(path) {
            return Admission::Refused(Refusal::Forbidden);
        }
        if announced_size(request.headers()).is_some_and(|n| n > MAX_UPLOAD as u64) {
            return Admission::Refused(Refusal::TooLarge);
        }
        Admission::Pass(role)
    }
}

/// The security headers every answer carries.
pub(crate) fn secure(headers: &mut HeaderMap) {
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "jeton")
        .map(|(_, value)| value.to_owned())
}

fn announced_size(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// At most one render per core at once, a bounded number waiting; beyond, « come back ».
pub(crate) struct Limiter {
    slots: Semaphore,
    taken: AtomicUsize,
    capacity: usize,
}

impl Limiter {
    /// A limiter for `cores` renders at once.
    pub(crate) fn new(cores: usize) -> Limiter {
        let cores = cores.max(1);
        Limiter {
            slots: Semaphore::new(cores),
            taken: AtomicUsize::new(0),
            capacity: cores * (1 + QUEUE_PER_SLOT),
        }
    }

    /// A render slot, after waiting in the queue; `None` when the queue is full.
    pub(crate) async fn acquire(&self) -> Option<Slot<'_>> {
        if self.taken.fetch_add(1, Ordering::SeqCst) >= self.capacity {
            self.taken.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        // Counted from here: a request dropped while waiting gives its place back.
        let reserved = Reserved(&self.taken);
        let permit = self.slots.acquire().await.ok();
        Some(Slot {
            _permit: permit,
            _reserved: reserved,
        })
    }
}

/// A place counted in the limiter, given back when dropped.
struct Reserved<'a>(&'a AtomicUsize);

impl Drop for Reserved<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A render slot, given back when dropped.
pub(crate) struct Slot<'a> {
    _permit: Option<SemaphorePermit<'a>>,
    _reserved: Reserved<'a>,
}
