//! Live reload: the messages the server sends to open pages, and the script that acts on them.

use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::output::sink::memory::Changes;

/// Injected into every HTML page the server answers (never into what `build` writes).
pub const SCRIPT: &str = include_str!("live.js");
pub const SCRIPT_PATH: &str = "/__inkstone/live.js";
pub const SOCKET_PATH: &str = "/__inkstone/live";

/// More changed paths than this and pages are simply told to reload.
const MAX_PATHS: usize = 500;

/// One message, as the JSON text sent over the socket.
#[derive(Debug, Clone)]
pub struct Message(Arc<str>);

impl Message {
    pub fn text(&self) -> &str {
        &self.0
    }

    fn of(value: &impl Serialize) -> Message {
        // Plain strings and numbers always serialize.
        Message(serde_json::to_string(value).unwrap_or_default().into())
    }

    /// What a successful rebuild changed, as URL paths. Only stylesheets changed: pages swap
    /// them in place. A page changed: pages showing it reload. Anything else a page may use
    /// (an image, a script): every page reloads.
    pub fn changes(changes: &Changes, base_path: &str, navigate: Option<String>) -> Message {
        // The search index is read by the search box when a query is typed, not by any page
        // as it loads: no page needs reloading for it.
        let index_dir = crate::site::SEARCH_PATH.trim_start_matches('/');
        let all: Vec<&String> = changes
            .changed
            .iter()
            .chain(&changes.removed)
            .filter(|rel| !rel.contains(index_dir))
            .collect();
        let css_only = !all.is_empty() && all.iter().all(|rel| rel.ends_with(".css"));
        let url = |rel: &str| {
            let path = rel.strip_suffix("index.html").unwrap_or(rel);
            format!("{base_path}{path}")
        };
        let is_document = |rel: &str| {
            rel.ends_with(".html")
                || rel.ends_with(".xml")
                || rel.ends_with(".txt")
                || rel.ends_with(".json")
        };
        let reload_all = all.len() > MAX_PATHS || all.iter().any(|rel| !is_document(rel));
        let paths: Vec<String> = if reload_all && !css_only {
            Vec::new()
        } else {
            all.iter().map(|rel| url(rel)).collect()
        };
        Message::of(&Changed {
            kind: if css_only { "css" } else { "reload" },
            all: reload_all && !css_only,
            paths,
            navigate,
        })
    }

    /// The first message on a socket: which rebuild the server is at.
    pub fn hello(generation: u64) -> Message {
        Message::of(&Hello {
            kind: "hello",
            generation,
        })
    }

    /// A failed build: its problems, for the overlay, with files named from the site's folder
    /// (`source`): the page needs no more of the machine's paths than that.
    pub fn failure(diagnostics: &[Diagnostic], source: &std::path::Path) -> Message {
        let relative: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let mut d = d.clone();
                if let Some(file) = &d.file
                    && let Ok(inside) = file.strip_prefix(source)
                {
                    d.file = Some(inside.to_path_buf());
                }
                d
            })
            .collect();
        let problems = relative
            .iter()
            .map(|d| Problem {
                file: d.file.as_ref().map(|f| f.display().to_string()),
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                message: &d.message,
                // Without colour codes: the overlay shows it as plain text.
                text: d.render(false),
            })
            .collect();
        Message::of(&Failure {
            kind: "errors",
            problems,
        })
    }
}

#[derive(Serialize)]
struct Changed {
    kind: &'static str,
    all: bool,
    paths: Vec<String>,
    /// `--navigateToChanged`: the URL path of the page whose file was edited.
    #[serde(skip_serializing_if = "Option::is_none")]
    navigate: Option<String>,
}

#[derive(Serialize)]
struct Hello {
    kind: &'static str,
    generation: u64,
}

#[derive(Serialize)]
struct Failure<'a> {
    kind: &'static str,
    problems: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Problem<'a> {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    text: String,
}

/// Adds the live-reload script to an HTML page, before its closing `</body>` when it has one,
/// with the rebuild the page was served from (none for the server's own notices).
pub fn inject(html: &[u8], generation: Option<u64>) -> Vec<u8> {
    let served = generation.map_or_else(String::new, |g| format!(" data-generation=\"{g}\""));
    let tag = format!("<script src=\"{SCRIPT_PATH}\"{served}></script>");
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let (before, after) = html.split_at_checked(at).unwrap_or((html, &[]));
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(before);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(after);
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", None);
        let page = String::from_utf8(page).unwrap_or_default();
        assert_eq!(
            page,
            "<html><body><p>x</p><script src=\"/__inkstone/live.js\"></script></BODY></html>"
        );
        let fragment = String::from_utf8(inject(b"<p>x</p>", Some(7))).unwrap_or_default();
        assert!(
            fragment
                .ends_with("<script src=\"/__inkstone/live.js\" data-generation=\"7\"></script>")
        );
    }

    #[test]
    fn stylesheets_alone_are_swapped_and_pages_are_named() {
        let css = Changes {
            changed: vec!["assets/inkstone.css".into()],
            ..Changes::default()
        };
        let text = Message::changes(&css, "/", None).text().to_owned();
        assert!(text.contains("\"kind\":\"css\""), "{text}");
        let page = Changes {
            changed: vec!["posts/a/index.html".into(), "index.xml".into()],
            removed: vec!["old/index.html".into()],
            ..Changes::default()
        };
        let text = Message::changes(&page, "/blog/", None).text().to_owned();
        assert!(text.contains("\"all\":false"), "{text}");
        assert!(text.contains("\"/blog/posts/a/\""), "{text}");
        assert!(text.contains("\"/blog/old/\""), "{text}");
        let image = Changes {
            changed: vec!["images/a.png".into()],
            ..Changes::default()
        };
        let text = Message::changes(&image, "/", None).text().to_owned();
        assert!(text.contains("\"all\":true"), "{text}");
    }
}
