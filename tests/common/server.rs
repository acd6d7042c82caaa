//! A running `inkstone serve`, spoken to over plain TCP (so that request paths reach it exactly
//! as written, `..` and all) and over its live-reload WebSocket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::{copy_dir, repo_path};

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub site: PathBuf,
    pub dir: tempfile::TempDir,
    pub stdout: Receiver<String>,
    pub stderr: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serves a copy of `example` on a port the system picks, once its first build is done.
pub fn serve(example: &str) -> Server {
    serve_with(example, &["--port", "0"])
}

/// Lines of a child's output, as they come.
fn lines_of(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// Serves a copy of `example` with `args`, once its first build is done.
pub fn serve_with(example: &str, args: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path(example), &dir.path().join("site"));
    serve_dir(dir, args)
}

/// Serves the site in `dir`/site with `args`, once its first build is done.
pub fn serve_dir(dir: tempfile::TempDir, args: &[&str]) -> Server {
    let site = dir.path().join("site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .arg("serve")
        .args(args)
        .arg("--source")
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    let first = stdout.recv_timeout(Duration::from_secs(60)).unwrap();
    let url = first
        .split("serving at ")
        .nth(1)
        .unwrap_or_else(|| panic!("no URL in {first:?}"));
    let port = url
        .trim_start_matches("http://localhost:")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Server {
        child,
        port,
        site,
        dir,
        stdout,
        stderr,
    }
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

impl Server {
    pub fn request(&self, method: &str, target: &str) -> Response {
        self.raw(&format!(
            "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    /// Sends `request` as it is written and reads the whole response.
    pub fn raw(&self, request: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete response");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        Response {
            status,
            head,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    pub fn socket(&self) -> tungstenite::WebSocket<TcpStream> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let url = format!("ws://localhost:{}/__inkstone/live", self.port);
        let (socket, _) = tungstenite::client(url.as_str(), stream).unwrap();
        socket
    }

    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// The next terminal line that contains `needle`.
    pub fn line_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no terminal line with {needle:?}");
    }
}
