//! `inkstone serve` as a user runs it: the real binary on a free port, spoken to over plain TCP
//! (so that request paths reach the server exactly as written, `..` and all) and over its
//! live-reload WebSocket.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::server::{Server, serve, serve_dir, serve_with};

/// The next message after the greeting every socket gets first.
fn next_message(socket: &mut tungstenite::WebSocket<TcpStream>) -> serde_json::Value {
    loop {
        let message = any_message(socket);
        if message["kind"] != "hello" {
            return message;
        }
    }
}

fn any_message(socket: &mut tungstenite::WebSocket<TcpStream>) -> serde_json::Value {
    loop {
        match socket.read().unwrap() {
            tungstenite::Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            tungstenite::Message::Close(_) => panic!("the socket closed"),
            _ => {}
        }
    }
}

const LIVE_SCRIPT: &str = "<script src=\"/__inkstone/live.js\"";

/// A served page as `build` writes it: without the live-reload script tag.
fn without_live_script(page: &str) -> String {
    let Some(start) = page.find(LIVE_SCRIPT) else {
        return page.to_owned();
    };
    let end = page[start..].find("</script>").unwrap() + start + "</script>".len();
    format!("{}{}", &page[..start], &page[end..])
}

/// The rebuild a served page says it came from.
fn generation_of(page: &str) -> u64 {
    let at = page.find("data-generation=\"").unwrap() + "data-generation=\"".len();
    page[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn requests_outside_the_site_are_not_found_and_only_get_and_head_answer() {
    let server = serve("examples/blog");
    std::fs::write(server.dir.path().join("secret.txt"), "TOP SECRET").unwrap();
    for target in [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/posts/..%2f..%2f..%2fsecret.txt",
        "/assets/../../secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/hugo.toml",
        "/content/posts/code-tour.md",
        "/%00",
        "/C:/Windows/win.ini",
        "http://localhost/../secret.txt",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}");
        let body = r.text();
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{target}"
        );
    }
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = server.request(method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"), "{method}");
    }
    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains(LIVE_SCRIPT));
    let moved = server.get("/posts");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location").as_deref(), Some("/posts/"));
    let css = server.get("/assets/inkstone.css");
    assert_eq!(css.status, 200);
    assert!(!css.text().contains("live.js"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains(LIVE_SCRIPT),
        "the 404 page reloads too"
    );
    let script = server.get("/__inkstone/live.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("WebSocket"));
}

/// A page whose socket opens after a rebuild it was not served from must learn of it, or a save
/// made while the page loads is never shown.
#[test]
fn a_socket_is_told_which_rebuild_the_served_pages_come_from() {
    let server = serve("examples/blog");
    let url = "/2024/02/a-tour-of-code-blocks/";
    let first = generation_of(&server.get(url).text());
    let mut socket = server.socket();
    let hello = any_message(&mut socket);
    assert_eq!(hello["kind"], "hello", "{hello}");
    assert_eq!(hello["generation"], first, "{hello}");

    server.edit(
        "content/posts/code-tour.md",
        "Fenced code",
        "Fenced code, edited",
    );
    assert_eq!(next_message(&mut socket)["kind"], "reload");
    let second = generation_of(&server.get(url).text());
    assert!(second > first, "{first} then {second}");
    let mut late = server.socket();
    assert_eq!(any_message(&mut late)["generation"], second);
}

#[test]
fn a_saved_edit_is_served_and_announced_and_a_broken_file_shows_its_error() {
    let server = serve("examples/blog");
    let mut socket = server.socket();
    let post = "content/posts/code-tour.md";
    let url = "/2024/02/a-tour-of-code-blocks/";
    assert!(server.get(url).text().contains("Fenced code"));

    server.edit(post, "Fenced code", "Fenced code from a live edit");
    let message = next_message(&mut socket);
    assert_eq!(message["kind"], "reload", "{message}");
    let paths: Vec<&str> = message["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(paths.contains(&url), "{paths:?}");
    assert!(
        server
            .get(url)
            .text()
            .contains("Fenced code from a live edit")
    );
    let line = server.line_with("changed content/posts/code-tour.md");
    assert!(
        line.contains("re-rendered") && line.ends_with(" ms"),
        "{line}"
    );

    let good = std::fs::read_to_string(server.site.join(post)).unwrap();
    std::fs::write(
        server.site.join(post),
        good.replacen("title:", "title: [never closed", 1),
    )
    .unwrap();
    let message = next_message(&mut socket);
    assert_eq!(message["kind"], "errors", "{message}");
    let problem = &message["problems"][0];
    assert!(problem["file"].as_str().unwrap().ends_with("code-tour.md"));
    assert!(problem["line"].as_u64().is_some(), "{problem}");
    assert!(problem["text"].as_str().unwrap().contains("front matter"));
    // The last good site is still served (this two-language site keeps its pages in memory),
    // and a page opened now learns of the error at once.
    assert!(
        server
            .get(url)
            .text()
            .contains("Fenced code from a live edit")
    );
    let mut late = server.socket();
    assert_eq!(next_message(&mut late)["kind"], "errors");
    server.line_with("the build failed");

    std::fs::write(
        server.site.join(post),
        good.replacen("live edit", "fixed file", 1),
    )
    .unwrap();
    let message = next_message(&mut socket);
    assert_eq!(message["kind"], "reload", "{message}");
    assert!(
        server
            .get(url)
            .text()
            .contains("Fenced code from a fixed file")
    );

    let css = "static/assets/inkstone.css";
    std::fs::create_dir_all(server.site.join("static/assets")).unwrap();
    std::fs::write(server.site.join(css), "body { color: teal }\n").unwrap();
    let message = next_message(&mut socket);
    assert_eq!(message["kind"], "css", "{message}");
    assert_eq!(
        server.get("/assets/inkstone.css").text(),
        "body { color: teal }\n"
    );

    std::fs::remove_file(server.site.join(post)).unwrap();
    let message = next_message(&mut socket);
    assert!(message.to_string().contains(url), "{message}");
    assert_eq!(server.get(url).status, 404);
}

/// Every HTML and XML file a full `build` of the same files writes, as the server answers it.
fn differences(server: &Server) -> Vec<String> {
    let out = server.dir.path().join(format!("out-{}", rand_suffix()));
    let built = Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .args(["build", "--no-cache", "--quiet", "--source"])
        .arg(&server.site)
        .arg("--destination")
        .arg(&out)
        .arg("--baseURL")
        .arg(format!("http://localhost:{}/", server.port))
        .status()
        .unwrap();
    assert!(built.success());
    let mut differences = Vec::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !entry.file_type().is_file() || rel.starts_with(".inkstone") {
            continue;
        }
        let expected = std::fs::read(entry.path()).unwrap();
        let target = format!("/{}", encode(&rel));
        let served = server.get(&target);
        let body = if rel.ends_with(".html") {
            without_live_script(&served.text()).into_bytes()
        } else {
            served.body.clone()
        };
        if served.status != 200 || body != expected {
            differences.push(rel);
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    differences
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn encode(rel: &str) -> String {
    rel.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_burst_of_a_thousand_changes_ends_in_the_site_a_full_build_makes() {
    let mut server = serve("examples/blog");
    let site = server.site.clone();
    // Like a `git checkout` of another branch: files written, rewritten, moved and deleted in
    // one rush, some of them several times.
    for i in 0..400 {
        write(
            &site,
            &format!("content/posts/burst-{i}.md"),
            &format!(
                "---\ntitle: Burst {i}\ndate: 2021-01-{:02}\ntags: [burst, t{}]\n---\nBody {i}.\n",
                i % 28 + 1,
                i % 7
            ),
        );
    }
    for i in 0..300 {
        write(
            &site,
            &format!("content/posts/burst-{i}.md"),
            &format!(
                "---\ntitle: Burst {i} again\ndate: 2022-02-{:02}\n---\nRewritten {i}.\n",
                i % 28 + 1
            ),
        );
    }
    for i in 300..400 {
        std::fs::rename(
            site.join(format!("content/posts/burst-{i}.md")),
            site.join(format!("content/notes/moved-{i}.md")),
        )
        .unwrap();
    }
    for i in 0..100 {
        std::fs::remove_file(site.join(format!("content/posts/burst-{i}.md"))).unwrap();
    }
    std::fs::remove_file(site.join("content/posts/code-tour.md")).unwrap();
    write(&site, "static/burst.txt", "static too\n");

    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "the server exited during the burst"
        );
        // Wait for the rebuilds to settle: no terminal line for a while.
        while server
            .stdout
            .recv_timeout(Duration::from_millis(1500))
            .is_ok()
        {}
        let differences = differences(&server);
        if differences.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the served site never matched a full build: {} files differ, e.g. {:?}",
            differences.len(),
            &differences[..differences.len().min(5)]
        );
    }
    assert_eq!(server.get("/burst.txt").text(), "static too\n");
    assert_eq!(server.get("/2024/02/a-tour-of-code-blocks/").status, 404);
    server.child.kill().unwrap();
}

#[test]
fn a_taken_port_moves_to_the_next_and_listening_beyond_loopback_warns() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = serve_with("examples/blog", &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    let said = server.stderr.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(said.contains(&format!("port {port} is taken")), "{said}");
    assert_eq!(server.get("/").status, 200);

    let open = serve_with("examples/blog", &["--port", "0", "--bind", "0.0.0.0"]);
    let said = open.stderr.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(said.starts_with("warning: listening on 0.0.0.0"), "{said}");
    assert_eq!(open.get("/").status, 200);
}

#[test]
fn a_page_rendered_on_request_whose_file_is_broken_says_so() {
    // A site of one language renders pages on request, from their files: one whose file no
    // longer builds cannot be shown as it was, and the server says so rather than guess.
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        &dir.path().join("site"),
        &[
            ("content/posts/a.md", "---\ntitle: A\n---\nFirst text.\n"),
            ("content/posts/b.md", "---\ntitle: B\n---\nOther text.\n"),
        ],
    );
    let server = serve_dir(dir, &["--port", "0"]);
    let mut socket = server.socket();
    assert!(server.get("/posts/a/").text().contains("First text."));
    let file = server.site.join("content/posts/a.md");
    std::fs::write(&file, "---\ntitle: [A\n---\nBroken.\n").unwrap();
    assert_eq!(next_message(&mut socket)["kind"], "errors");
    let broken = server.get("/posts/a/");
    assert_eq!(broken.status, 503);
    assert!(broken.text().contains(LIVE_SCRIPT));
    assert!(server.get("/posts/b/").text().contains("Other text."));
    std::fs::write(&file, "---\ntitle: A\n---\nMended.\n").unwrap();
    assert_eq!(next_message(&mut socket)["kind"], "reload");
    assert!(server.get("/posts/a/").text().contains("Mended."));
}

#[test]
fn only_pages_of_this_machine_reach_the_server_and_its_socket() {
    let server = serve("examples/blog");
    let get = |host: &str, extra: &str| {
        server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
        ))
    };
    assert_eq!(get("localhost", "").status, 200);
    assert_eq!(get(&format!("127.0.0.1:{}", server.port), "").status, 200);
    // A name of someone else's that resolves here (DNS rebinding) is refused.
    assert_eq!(get("rebound.example.com", "").status, 403);
    // The status line of opening the live-reload socket from a page of `origin`.
    let socket = |origin: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /__inkstone/live HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: {origin}\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            port = server.port
        )
        .unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        String::from_utf8_lossy(&head).into_owned()
    };
    assert_eq!(socket("http://evil.example"), "HTTP/1.1 403");
    let own = format!("http://localhost:{}", server.port);
    assert_eq!(socket(&own), "HTTP/1.1 101");
}

#[test]
fn a_request_that_never_finishes_its_headers_is_closed() {
    let server = serve("examples/blog");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    // The server ends the connection (with a 408 or without a word); it never waits for ever.
    let _ = stream.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(15), "waited {waited:?}");
    let text = String::from_utf8_lossy(&rest);
    assert!(
        rest.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}

#[test]
fn hugos_server_flags_turn_off_reload_navigate_poll_and_write_to_disk() {
    let server = serve_with(
        "examples/blog",
        &[
            "--port",
            "0",
            "--disableLiveReload",
            "--navigateToChanged",
            "--poll",
            "50ms",
            "--renderToDisk",
        ],
    );
    let url = "/2024/02/a-tour-of-code-blocks/";
    let page = server.get(url).text();
    assert!(!page.contains(LIVE_SCRIPT), "no live-reload script");
    // --renderToDisk: the first build is on disk too.
    let on_disk = server
        .site
        .join("public/2024/02/a-tour-of-code-blocks/index.html");
    assert!(on_disk.is_file());
    let mut socket = server.socket();
    // Polling compares modification times in whole seconds (as Hugo's poller does): an edit in
    // the second the site was copied in would look like no change.
    std::thread::sleep(Duration::from_millis(1100));
    // --poll: the edit is seen by looking at the files; --navigateToChanged: pages are sent to it.
    server.edit(
        "content/posts/code-tour.md",
        "Fenced code",
        "Fenced code, polled",
    );
    let message = next_message(&mut socket);
    assert_eq!(message["navigate"], url, "{message}");
    assert!(server.get(url).text().contains("Fenced code, polled"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&on_disk)
        .unwrap_or_default()
        .contains("Fenced code, polled")
    {
        assert!(Instant::now() < deadline, "the edit never reached the disk");
        std::thread::sleep(Duration::from_millis(50));
    }
}
