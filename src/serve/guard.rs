//! Who may talk to the dev server. A page of another site open in the same browser must not
//! read this one through DNS rebinding (a name of theirs that resolves to this machine), nor
//! open its live-reload socket: requests must name this machine as the host, and the socket
//! must be opened by a page of this server.

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a request whose `Host` is not this machine, and a WebSocket opened from another
/// origin. `bound` is the address the server listens on.
pub async fn check(State(bound): State<IpAddr>, request: Request, next: Next) -> Response {
    if let Err(why) = allowed(request.headers(), bound) {
        return (StatusCode::FORBIDDEN, why).into_response();
    }
    next.run(request).await
}

fn allowed(headers: &HeaderMap, bound: IpAddr) -> Result<(), &'static str> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    if let Some(host) = &host
        && !is_this_machine(host_name(host), bound)
    {
        return Err("this server answers requests for localhost or its own address only\n");
    }
    // Browsers send an Origin with every WebSocket and cross-origin request; a page of this
    // server has the host it was loaded from.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        let same = host
            .as_deref()
            .is_some_and(|h| h.eq_ignore_ascii_case(origin_host));
        if !same && is_socket(headers) {
            return Err("the live-reload socket is for pages of this server\n");
        }
    }
    Ok(())
}

fn is_socket(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|u| u.to_str().ok())
        .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
}

/// The name in a `Host` value, without its port: `[::1]:1313` → `::1`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// `localhost` (and names below it), the address the server listens on, and — when it listens
/// on every address — any address written as such: none of these can be rebound by a DNS name.
fn is_this_machine(name: &str, bound: IpAddr) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip == bound || ip.is_loopback() || bound.is_unspecified(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_this_machine_may_be_the_host() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        for host in [
            "localhost:1313",
            "127.0.0.1:1313",
            "[::1]:1313",
            "blog.localhost",
        ] {
            assert!(
                allowed(&headers(&[("host", host)]), local).is_ok(),
                "{host}"
            );
        }
        for host in [
            "evil.example:1313",
            "192.168.1.5:1313",
            "localhost.evil.example",
        ] {
            assert!(
                allowed(&headers(&[("host", host)]), local).is_err(),
                "{host}"
            );
        }
        let everywhere: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(allowed(&headers(&[("host", "192.168.1.5:1313")]), everywhere).is_ok());
        assert!(allowed(&headers(&[("host", "evil.example")]), everywhere).is_err());
    }

    #[test]
    fn the_socket_is_for_pages_of_this_server() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let socket = |origin: &str| {
            headers(&[
                ("host", "localhost:1313"),
                ("upgrade", "websocket"),
                ("origin", origin),
            ])
        };
        assert!(allowed(&socket("http://localhost:1313"), local).is_ok());
        assert!(allowed(&socket("http://evil.example"), local).is_err());
        assert!(allowed(&socket("http://localhost:9999"), local).is_err());
    }
}
