//! The server's own accept loop, so that a misbehaving client cannot take every connection:
//! the open-file limit raised to its hard limit, connections capped well below it (beyond, the
//! next ones wait in the system's queue), a request's headers due within a few seconds of the
//! connection's opening or of the previous answer (a half-open or idle connection is closed),
//! and a connection closed gracefully after a long life.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// A request's headers must arrive within this time.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// After this, a connection finishes its request and is closed (a slow upload of 20 MiB at
/// 1 Mbit/s takes under three minutes).
const LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Files kept free for the work itself (workbooks, class folder, outputs).
const RESERVED_FILES: u64 = 128;
/// Connections at once, whatever the file limit.
const MAX_CONNECTIONS: u64 = 4096;

/// Raises the open-file limit to the hard limit and returns how many connections to allow.
pub(crate) fn connection_cap() -> usize {
    #[cfg(unix)]
    let files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    #[cfg(not(unix))]
    let files = 8192_u64;
    usize::try_from(
        files
            .saturating_sub(RESERVED_FILES)
            .clamp(16, MAX_CONNECTIONS),
    )
    .unwrap_or(16)
}

/// Serves `app` on `listener` until `shutdown` completes, at most `cap` connections at once.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    cap: usize,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(cap));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut shutdown => return,
        };
        let Ok(slot) = slot else { return };
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let stream = match stream {
            Ok((stream, _)) => stream,
            // Out of files or a connection reset before it was taken: try again shortly.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .keep_alive(true);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = tokio::time::sleep(LIFETIME) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(LIFETIME, connection).await;
                }
            }
        });
    }
}
