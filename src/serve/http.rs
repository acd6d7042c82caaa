//! The HTTP side: files from the in-memory site, the live-reload script and socket. Only paths
//! the build produced are answered; nothing else on disk can be reached.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::guard;
use super::live::{self, SCRIPT, SCRIPT_PATH, SOCKET_PATH};
use super::{Shared, Snapshot};
use crate::pipeline::RenderOneError;

/// How long a client may take to send a request's headers: a connection that trickles them
/// (or sends nothing) is closed, so it cannot hold the server's resources.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

pub fn serve(listener: std::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?.ip();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route(SOCKET_PATH, get(socket))
            .route(SCRIPT_PATH, get(script))
            .fallback(file)
            .layer(axum::middleware::from_fn_with_state(bound, guard::check))
            .with_state(shared);
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let service = hyper_util::service::TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .with_upgrades();
                let _ = connection.await;
            });
        }
    })
}

async fn script() -> Response {
    let mut response = SCRIPT.into_response();
    set(
        &mut response,
        header::CONTENT_TYPE,
        "text/javascript; charset=utf-8",
    );
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

async fn socket(upgrade: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    upgrade.on_upgrade(move |socket| talk(socket, shared))
}

/// Sends a page every message after it connects; a page that connects while the build is broken
/// is told at once.
async fn talk(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut events = shared.events.subscribe();
    let snapshot = shared.snapshot();
    let hello = live::Message::hello(snapshot.generation);
    if socket.send(text(&hello)).await.is_err() {
        return;
    }
    if let Some(failure) = snapshot.failure.clone()
        && socket.send(text(&failure)).await.is_err()
    {
        return;
    }
    drop(snapshot);
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(message) => {
                    if socket.send(text(&message)).await.is_err() {
                        return;
                    }
                }
                // Messages were missed: whatever they said, a reload shows the current site.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let reload = r#"{"kind":"reload","all":true,"paths":[]}"#;
                    if socket.send(WsMessage::Text(reload.into())).await.is_err() {
                        return;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
        }
    }
}

fn text(message: &live::Message) -> WsMessage {
    WsMessage::Text(message.text().to_owned().into())
}

/// Where a request leads in the site.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

async fn file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        set(&mut response, header::ALLOW, "GET, HEAD");
        return response;
    }
    let snapshot = shared.snapshot();
    match resolve(&snapshot, request.uri().path()) {
        Resolved::File(rel) => respond(&shared, snapshot, &rel, StatusCode::OK).await,
        Resolved::Redirect(to) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            set(&mut response, header::LOCATION, &to);
            response
        }
        Resolved::NotFound => not_found(&shared, snapshot).await,
    }
}

/// Maps a request path to a file of the site. Anything that is not plainly a path inside the
/// site (`..`, `.`, backslashes, NUL, bad encoding) is not found, without looking further.
fn resolve(snapshot: &Snapshot, raw_path: &str) -> Resolved {
    let base = snapshot.base_path.as_str();
    let Some(rest) = raw_path.strip_prefix(base) else {
        if format!("{raw_path}/") == base {
            return Resolved::Redirect(base.to_owned());
        }
        return Resolved::NotFound;
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Resolved::NotFound;
    };
    let unsafe_segment = decoded
        .split('/')
        .any(|segment| segment == ".." || segment == "." || segment.contains(['\\', '\0']));
    if unsafe_segment || decoded.starts_with('/') {
        return Resolved::NotFound;
    }
    let rel = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    };
    if snapshot.site.files.contains(&rel) {
        Resolved::File(rel)
    } else if snapshot.site.files.contains(&format!("{rel}/index.html")) {
        Resolved::Redirect(format!("{raw_path}/"))
    } else {
        Resolved::NotFound
    }
}

async fn not_found(shared: &Shared, snapshot: Arc<Snapshot>) -> Response {
    if snapshot.site.files.contains("404.html") {
        return respond(shared, snapshot, "404.html", StatusCode::NOT_FOUND).await;
    }
    // No 404 page: before a first good build, or a site that turned it off. The script still
    // goes in, so that the page shows build errors and reloads once the site builds.
    notice(StatusCode::NOT_FOUND, "Not found", "Nothing here (yet).")
}

/// A small page of the server's own, with the live-reload script.
fn notice(status: StatusCode, title: &str, text: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{title}</title><body><p>{text}</p></body></html>"
    );
    // No generation: a notice is not a page of the site, and it reloads on the change message
    // of the build it waits for.
    let mut response = (status, live::inject(page.as_bytes(), None)).into_response();
    set(
        &mut response,
        header::CONTENT_TYPE,
        "text/html; charset=utf-8",
    );
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

/// How long a request for a page whose file changed waits for the rebuild that follows.
const REBUILD_WAIT: Duration = Duration::from_secs(3);

enum Read {
    Bytes(Vec<u8>),
    Missing,
    /// Its file changed and the site has not been rebuilt from it (the build failed).
    Unbuilt,
}

/// The bytes at `rel`. Pages and lists are rendered on request; when a page's file changed
/// since the site was built, the rebuild on its way is awaited and the page taken from it.
async fn bytes_of(shared: &Shared, mut snapshot: Arc<Snapshot>, rel: &str) -> Read {
    let deadline = Instant::now() + REBUILD_WAIT;
    loop {
        let view = snapshot.site.clone();
        let owned = rel.to_owned();
        let Ok(result) = tokio::task::spawn_blocking(move || view.read(&owned)).await else {
            return Read::Missing;
        };
        match result {
            Ok(Some(bytes)) => return Read::Bytes(bytes),
            Ok(None) | Err(RenderOneError::Failed(_)) => return Read::Missing,
            Err(RenderOneError::SourceChanged) if Instant::now() >= deadline => {
                return Read::Unbuilt;
            }
            Err(RenderOneError::SourceChanged) => {
                tokio::time::sleep(Duration::from_millis(15)).await;
                snapshot = shared.snapshot();
            }
        }
    }
}

async fn respond(
    shared: &Shared,
    snapshot: Arc<Snapshot>,
    rel: &str,
    status: StatusCode,
) -> Response {
    let generation = snapshot.generation;
    let bytes = match bytes_of(shared, snapshot, rel).await {
        Read::Bytes(bytes) => bytes,
        Read::Missing => return StatusCode::NOT_FOUND.into_response(),
        Read::Unbuilt => {
            return notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "Not rebuilt",
                "This page's file has changed, and the site could not be built from it yet.",
            );
        }
    };
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html && shared.live_reload {
        live::inject(&bytes, Some(generation))
    } else {
        bytes
    };
    let textual = mime.type_() == "text"
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        );
    let content_type = if textual {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    let mut response = (status, Body::from(body)).into_response();
    set(&mut response, header::CONTENT_TYPE, &content_type);
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

fn set(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Sink;
    use crate::output::sink::memory::{MemoryBuild, MemorySite};

    fn snapshot(base: &str) -> Snapshot {
        let build = MemoryBuild::new(Arc::new(MemorySite::default()));
        for rel in [
            "index.html",
            "posts/a/index.html",
            "posts/%/index.html",
            "云原生/index.html",
        ] {
            assert!(build.write(rel, b"<p>x</p>").is_ok());
        }
        Snapshot {
            site: crate::pipeline::SiteView {
                files: Arc::new(build.finish().0),
                renderer: None,
            },
            base_path: base.to_owned(),
            failure: None,
            generation: 0,
        }
    }

    #[test]
    fn paths_resolve_to_files_of_the_site_only() {
        let s = snapshot("/");
        assert_eq!(resolve(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&s, "/posts/a/"),
            Resolved::File("posts/a/index.html".into())
        );
        assert_eq!(
            resolve(&s, "/posts/a"),
            Resolved::Redirect("/posts/a/".into())
        );
        assert_eq!(
            resolve(&s, "/posts/%25/"),
            Resolved::File("posts/%/index.html".into())
        );
        assert_eq!(
            resolve(&s, "/%E4%BA%91%E5%8E%9F%E7%94%9F/"),
            Resolved::File("云原生/index.html".into())
        );
        for bad in [
            "/../etc/passwd",
            "/posts/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/posts/%2e%2e%2f%2e%2e%2fetc/passwd",
            "//etc/passwd",
            "/..%5c..%5cetc/passwd",
            "/index.html%00",
            "/./index.html",
            "/%ff/",
        ] {
            assert_eq!(resolve(&s, bad), Resolved::NotFound, "{bad}");
        }
    }

    #[test]
    fn a_base_path_is_required_and_stripped() {
        let s = snapshot("/blog/");
        assert_eq!(resolve(&s, "/blog/"), Resolved::File("index.html".into()));
        assert_eq!(resolve(&s, "/blog"), Resolved::Redirect("/blog/".into()));
        assert_eq!(resolve(&s, "/posts/a/"), Resolved::NotFound);
    }
}
