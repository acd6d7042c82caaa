//! Asking other sites for the pages the site links to: each URL once, several at a time, each
//! within a timeout. A HEAD request first; a server that refuses HEAD is asked with GET.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use globset::{Glob, GlobMatcher};

use super::CheckOptions;
use crate::diagnostics::Diagnostic;

/// What asking for a URL gave that is worth reporting.
enum Answer {
    Fine,
    Status(u16),
    Failed(String),
}

/// Checks every URL of `links` (URL → the output files linking to it) not skipped.
pub fn check(
    links: BTreeMap<String, Vec<&str>>,
    options: &CheckOptions,
    sources: &HashMap<String, PathBuf>,
) -> Vec<Diagnostic> {
    let skip = Skip::new(&options.skip);
    let urls: Vec<(String, Vec<&str>)> = links
        .into_iter()
        .filter(|(url, _)| !skip.skips(url))
        .collect();
    let agent = agent(options);
    let next = AtomicUsize::new(0);
    let answers = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.clamp(1, 64) {
            scope.spawn(|| {
                while let Some((url, _)) = urls.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let answer = ask(&agent, url);
                    answers
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((url.clone(), answer));
                }
            });
        }
    });
    let answers: HashMap<String, Answer> = answers
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .collect();
    let mut diagnostics = Vec::new();
    for (url, pages) in &urls {
        let why = match answers.get(url) {
            Some(Answer::Fine) | None => continue,
            Some(Answer::Status(429)) => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "{url} was not checked: the server asked to slow down (429)"
                    ))
                    .with_hint("run the check again later, or add the site to --skip"),
                );
                continue;
            }
            Some(Answer::Status(code)) => format!("external link answers {code}: {url}"),
            Some(Answer::Failed(e)) => format!("external link cannot be reached: {url} ({e})"),
        };
        diagnostics.push(located(why, url, pages, sources));
    }
    diagnostics
}

/// The diagnostic for a bad URL: at the first content file that holds it, with how many pages
/// link to it.
fn located(
    why: String,
    url: &str,
    pages: &[&str],
    sources: &HashMap<String, PathBuf>,
) -> Diagnostic {
    let hint = "fix or remove the link, or add it to --skip if the site refuses robots";
    for page in pages {
        let Some(file) = sources.get(*page) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if let Some(at) = text.find(url.trim_end_matches('/')) {
            return Diagnostic::error(why)
                .in_file(file)
                .at_offset(&text, at)
                .with_hint(hint);
        }
    }
    let first = pages.first().copied().unwrap_or_default();
    let on = match pages.len() {
        1 => format!("on {first}"),
        n => format!("on {n} pages, the first {first}"),
    };
    Diagnostic::error(format!("{why}, {on}")).with_hint(hint)
}

fn agent(options: &CheckOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("inkstone-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|response| response.status().as_u16())
    };
    let head = status(agent.head(url).call());
    // Some servers answer HEAD with an error their GET does not give.
    let answer = match head {
        Ok(code) if code < 400 => Ok(code),
        _ => status(agent.get(url).call()),
    };
    match answer {
        Ok(code) if code < 400 => Answer::Fine,
        Ok(code) => Answer::Status(code),
        Err(e) => Answer::Failed(e.to_string()),
    }
}

/// URLs not to ask for: each entry a prefix, or a glob when it holds `*`, `?` or `[`.
struct Skip {
    prefixes: Vec<String>,
    globs: Vec<GlobMatcher>,
}

impl Skip {
    fn new(entries: &[String]) -> Skip {
        let (globs, prefixes): (Vec<&String>, Vec<&String>) =
            entries.iter().partition(|e| e.contains(['*', '?', '[']));
        Skip {
            prefixes: prefixes.into_iter().cloned().collect(),
            globs: globs
                .into_iter()
                .filter_map(|g| Glob::new(g).ok())
                .map(|g| g.compile_matcher())
                .collect(),
        }
    }

    fn skips(&self, url: &str) -> bool {
        self.prefixes.iter().any(|p| url.starts_with(p.as_str()))
            || self.globs.iter().any(|g| g.is_match(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_entries_are_prefixes_or_globs() {
        let skip = Skip::new(&["https://twitter.com/".into(), "*://*.linkedin.com/*".into()]);
        assert!(skip.skips("https://twitter.com/someone"));
        assert!(skip.skips("https://www.linkedin.com/in/x"));
        assert!(!skip.skips("https://example.org/"));
    }
}
