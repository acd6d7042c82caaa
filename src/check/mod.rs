//! Checking the built site: every internal link goes to a file the build made, every `#anchor`
//! to an element of that page, every image and stylesheet exists; with `--external`, links to
//! other sites answer too. `inkstone check` runs it over a build kept in memory, `build --check`
//! over the build it writes.
//!
//! A problem is reported where it can be fixed: in the content file whose text holds the link
//! (file, line, column), or — for a link a template, menu or the config puts on many pages —
//! once, with how many pages carry it.

mod collect;
mod external;
mod scan;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use collect::{Collector, Found};
use rayon::prelude::*;
use scan::{Link, LinkKind};
use url::Url;

use crate::diagnostics::Diagnostic;
use crate::site::{Site, urls};

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Also ask other sites for the pages the site links to.
    pub external: bool,
    /// External URLs not to ask for: prefixes, or globs when they hold `*`.
    pub skip: Vec<String>,
    pub timeout: Duration,
    /// How many external URLs are asked for at once.
    pub concurrency: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            external: false,
            skip: Vec::new(),
            timeout: Duration::from_secs(10),
            concurrency: 8,
        }
    }
}

/// Which content file made each output file, by output path: where a link in it is written.
pub fn sources(site: &Site) -> impl Iterator<Item = (String, PathBuf)> + '_ {
    site.pages
        .iter()
        .filter(|p| !p.page.file.as_os_str().is_empty())
        .map(|p| (urls::output_file(&p.path), p.page.file.clone()))
}

/// The file of every page the site renders. A page whose template failed has none in the build,
/// but links to it are not what is broken: its failure is reported by itself.
pub fn planned(site: &Site) -> impl Iterator<Item = String> + '_ {
    site.pages
        .iter()
        .filter(|p| p.page.meta.build.render == crate::content::page::Render::Always)
        .map(|p| urls::output_file(&p.path))
}

/// A link that leads nowhere: why, and what to do about it.
struct Broken<'a> {
    link: &'a Link,
    why: String,
    hint: String,
}

/// Every broken link, missing anchor and missing file of the site, as diagnostics.
/// `elsewhere` are the files a link on many pages may be written in: the config files (menus),
/// the site's templates.
pub fn problems(
    found: &Found,
    sources: &HashMap<String, PathBuf>,
    elsewhere: &[PathBuf],
    base_url: &str,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let Some(site) = SiteUrl::new(base_url) else {
        return Vec::new();
    };
    let mut pages: Vec<_> = found.pages.iter().collect();
    pages.sort_by(|a, b| a.0.cmp(b.0));
    // Pages are read in parallel; what they found is gathered in page order.
    let read: Vec<PageLinks<'_>> = pages
        .par_iter()
        .map(|(rel, scanned)| page_links(&site, found, rel, scanned))
        .collect();
    let mut by_page: Vec<(&String, Vec<Broken<'_>>)> = Vec::new();
    let mut external: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for page in read {
        for url in page.external {
            let pages = external.entry(url).or_default();
            // A page linking one URL twice is one page that links it.
            if pages.last() != Some(&page.rel.as_str()) {
                pages.push(page.rel);
            }
        }
        if !page.broken.is_empty() {
            by_page.push((page.rel, page.broken));
        }
    }
    let mut diagnostics = place(by_page, sources, elsewhere, site.base.path());
    if options.external {
        diagnostics.extend(external::check(external, options, sources));
    }
    diagnostics
}

/// What one page's links lead to: the broken ones, and the other sites it links to.
struct PageLinks<'a> {
    rel: &'a String,
    broken: Vec<Broken<'a>>,
    external: Vec<String>,
}

fn page_links<'a>(
    site: &SiteUrl,
    found: &'a Found,
    rel: &'a String,
    scanned: &'a scan::Scanned,
) -> PageLinks<'a> {
    let page_url = site.page_url(rel);
    let mut page = PageLinks {
        rel,
        broken: Vec::new(),
        external: Vec::new(),
    };
    for link in &scanned.links {
        match site.classify(&page_url, &link.url) {
            Target::Skip => {}
            Target::External(url) => page.external.push(url),
            Target::Outside(path) => page.broken.push(Broken {
                link,
                why: format!(
                    "{} {:?} is outside the site, whose address starts with {}",
                    noun(link.kind),
                    path,
                    site.base.path()
                ),
                hint: format!(
                    "write links from the site's root with its path ({}…), or relative ones",
                    site.base.path()
                ),
            }),
            Target::Internal { path, fragment } => {
                if let Some(b) = check_internal(found, link, rel, &path, fragment.as_deref()) {
                    page.broken.push(b);
                }
            }
        }
    }
    page
}

fn noun(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Link => "link",
        LinkKind::Image => "image",
        LinkKind::Resource => "file",
    }
}

/// Checks a link to `path` (below the site's root, decoded) from the page at `rel`.
fn check_internal<'a>(
    found: &Found,
    link: &'a Link,
    rel: &str,
    path: &str,
    fragment: Option<&str>,
) -> Option<Broken<'a>> {
    let Some(file) = resolve(found, path) else {
        let (why, hint) = match link.kind {
            LinkKind::Link => (
                format!("broken link: nothing at /{path}"),
                "fix the address, or add the page it points to (a draft or future page is left out unless built with -D or -F)",
            ),
            LinkKind::Image => (
                format!("missing image: nothing at /{path}"),
                "put the image beside the page in its bundle, in static/, or fix its name (names are case-sensitive)",
            ),
            LinkKind::Resource => (
                format!("missing file: nothing at /{path}"),
                "put the file in static/ or fix its name",
            ),
        };
        return Some(Broken {
            link,
            why,
            hint: hint.to_owned(),
        });
    };
    let fragment = fragment.filter(|f| is_checked_fragment(f))?;
    let target = found.pages.get(file)?;
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    if target.ids.contains(decoded.as_ref()) {
        return None;
    }
    let closest = target
        .ids
        .iter()
        .map(|id| (strsim::jaro_winkler(id, &decoded), id))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.to_string());
    let on = if file == rel {
        "this page".to_owned()
    } else {
        format!("/{}", file.trim_end_matches("index.html"))
    };
    Some(Broken {
        link,
        why: format!("missing anchor: {on} has no element with id {decoded:?}"),
        hint: match closest {
            Some(id) => format!("did you mean #{id}? Heading ids are made from the heading's text"),
            None => "link to a heading's id (made from its text), or give the element that id"
                .to_owned(),
        },
    })
}

/// `#top` and text fragments need no element; an empty fragment is the page itself.
fn is_checked_fragment(fragment: &str) -> bool {
    !fragment.is_empty() && !fragment.eq_ignore_ascii_case("top") && !fragment.starts_with(":~:")
}

/// The file a path below the site's root is served from, as a static host finds it: the
/// folder's index.html for a folder, and for a path without a slash too.
fn resolve<'f>(found: &'f Found, path: &str) -> Option<&'f String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| found.files.get(c.as_str()))
}

/// What a link is, seen from the built site.
enum Target {
    /// Another scheme (`mailto:`, `tel:`, `data:`), or an empty link.
    Skip,
    External(String),
    /// Below the site's own address, but not below its path.
    Outside(String),
    Internal {
        /// Decoded, relative to the site's root.
        path: String,
        fragment: Option<String>,
    },
}

/// The site's address, which links are resolved against.
struct SiteUrl {
    base: Url,
}

impl SiteUrl {
    /// `None` only if even `http://localhost/` would not parse.
    fn new(base_url: &str) -> Option<SiteUrl> {
        let localhost = Url::parse("http://localhost/").ok()?;
        // A site without a baseURL is still resolved as a browser would, from some host.
        let mut base = Url::parse(base_url)
            .ok()
            .filter(|u| u.has_host())
            .or_else(|| localhost.join(base_url).ok())
            .unwrap_or(localhost);
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Some(SiteUrl { base })
    }

    fn page_url(&self, rel: &str) -> Url {
        self.base.join(rel).unwrap_or_else(|_| self.base.clone())
    }

    fn classify(&self, page: &Url, link: &str) -> Target {
        let link = link.trim();
        if link.is_empty() {
            return Target::Skip;
        }
        let Ok(url) = page.join(link) else {
            return Target::Skip;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Target::Skip;
        }
        let same_origin = url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        if !same_origin {
            // One request per page, whatever part of it each link points to.
            let mut page = url;
            page.set_fragment(None);
            return Target::External(page.to_string());
        }
        let Some(below) = url.path().strip_prefix(self.base.path()) else {
            return Target::Outside(url.path().to_owned());
        };
        Target::Internal {
            path: percent_encoding::percent_decode_str(below)
                .decode_utf8_lossy()
                .into_owned(),
            fragment: url.fragment().map(str::to_owned),
        }
    }
}

/// Turns each page's broken links into diagnostics: in the content file that holds the link
/// (with its line), or once for a link on many pages that no content file holds.
fn place(
    by_page: Vec<(&String, Vec<Broken<'_>>)>,
    sources: &HashMap<String, PathBuf>,
    elsewhere: &[PathBuf],
    base_path: &str,
) -> Vec<Diagnostic> {
    let mut placed = Vec::new();
    // Links not written in any content file: url → why, what to do, and the pages they are on.
    // A relative link breaks differently on each page; it is one problem where it is written.
    let mut shared: BTreeMap<String, (String, String, Vec<&String>)> = BTreeMap::new();
    let mut texts: HashMap<&Path, Option<String>> = HashMap::new();
    for (rel, broken) in by_page {
        let source = sources.get(rel.as_str());
        for b in broken {
            let text = source.and_then(|file| {
                texts
                    .entry(file.as_path())
                    .or_insert_with(|| std::fs::read_to_string(file).ok())
                    .as_deref()
            });
            match (
                source,
                text.and_then(|t| written_at(t, &b.link.url).map(|at| (t, at))),
            ) {
                (Some(file), Some((text, at))) => placed.push(
                    Diagnostic::error(b.why)
                        .in_file(file)
                        .at_offset(text, at)
                        .with_hint(b.hint),
                ),
                _ => shared
                    .entry(b.link.url.clone())
                    .or_insert_with(|| (b.why, b.hint, Vec::new()))
                    .2
                    .push(rel),
            }
        }
    }
    // A link in a page's summary breaks on the lists showing it too: it is reported once, in
    // the content file.
    let in_content: std::collections::HashSet<String> =
        placed.iter().map(|d| d.message.clone()).collect();
    let mut elsewhere_texts: Option<Vec<(&Path, String)>> = None;
    for (url, (why, hint, pages)) in shared {
        if in_content.contains(&why) {
            continue;
        }
        let first = pages.first().map_or(String::new(), |p| p.to_string());
        let on = match pages.len() {
            1 => format!("on {first}"),
            n => format!("on {n} pages, the first {first}"),
        };
        let message = format!("{why} (link {url:?} {on})");
        // Read once, and only when some link needs placing there.
        let texts = elsewhere_texts.get_or_insert_with(|| {
            elsewhere
                .iter()
                .filter_map(|f| Some((f.as_path(), std::fs::read_to_string(f).ok()?)))
                .collect()
        });
        match written_elsewhere(texts, &url, base_path) {
            Some((file, text, at, prefixed)) => {
                let hint = if prefixed {
                    format!(
                        "a menu URL that starts with / gets the site's path ({base_path}) in front, as in Hugo: write it without {base_path}"
                    )
                } else {
                    hint
                };
                placed.push(
                    Diagnostic::error(message)
                        .in_file(file)
                        .at_offset(text, at)
                        .with_hint(hint),
                );
            }
            None => placed.push(Diagnostic::error(message).with_hint(format!(
                "{hint}; no content file holds this link, so it comes from a template, a menu or the config"
            ))),
        }
    }
    placed.dedup_by(|a, b| a.render(false) == b.render(false));
    placed
}

/// The config file or template where a link on many pages is written: its address as it is,
/// or — for a menu entry, to which Hugo adds the site's path — without that path (then `true`).
fn written_elsewhere<'t>(
    files: &'t [(&Path, String)],
    url: &str,
    base_path: &str,
) -> Option<(&'t Path, &'t str, usize, bool)> {
    let unprefixed = url
        .strip_prefix(base_path.trim_end_matches('/'))
        .filter(|rest| rest.starts_with('/') && base_path != "/");
    files.iter().find_map(|(file, text)| {
        let quoted = |needle: &str| {
            ["\"", "'"]
                .iter()
                .find_map(|q| text.find(&format!("{q}{needle}{q}")).map(|at| at + 1))
        };
        match (quoted(url), unprefixed.and_then(quoted)) {
            (Some(at), _) => Some((*file, text.as_str(), at, false)),
            (None, Some(at)) => {
                let doubled = unprefixed.is_some_and(|u| u.starts_with(base_path));
                Some((*file, text.as_str(), at, doubled))
            }
            (None, None) => None,
        }
    })
}

/// Where a link's address is written in a content file: as it is, then without its fragment,
/// then the fragment alone (a link made by a shortcode from parts).
fn written_at(text: &str, url: &str) -> Option<usize> {
    let without_fragment = url.split('#').next().filter(|s| !s.is_empty());
    let fragment = url.find('#').map(|at| &url[at..]).filter(|f| f.len() > 1);
    [Some(url), without_fragment, fragment]
        .into_iter()
        .flatten()
        .find_map(|needle| text.find(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(site: &SiteUrl, page: &str, link: &str) -> Option<(String, Option<String>)> {
        match site.classify(&site.page_url(page), link) {
            Target::Internal { path, fragment } => Some((path, fragment)),
            _ => None,
        }
    }

    #[test]
    fn links_resolve_against_the_page_and_the_site_path() {
        let site = SiteUrl::new("https://example.org/blog/").unwrap();
        let page = "posts/a/index.html";
        assert_eq!(
            internal(&site, page, "cat.png"),
            Some(("posts/a/cat.png".into(), None))
        );
        assert_eq!(
            internal(&site, page, "../b/#intro"),
            Some(("posts/b/".into(), Some("intro".into())))
        );
        assert_eq!(
            internal(&site, page, "https://example.org/blog/tags/x/"),
            Some(("tags/x/".into(), None))
        );
        assert_eq!(
            internal(&site, page, "/blog/a%20b/"),
            Some(("a b/".into(), None))
        );
        assert!(matches!(
            site.classify(&site.page_url(page), "/elsewhere/"),
            Target::Outside(_)
        ));
        assert!(matches!(
            site.classify(&site.page_url(page), "https://other.org/x"),
            Target::External(_)
        ));
        for skipped in [
            "mailto:a@b.c",
            "tel:123",
            "data:image/png;base64,AA",
            "javascript:void(0)",
            "",
        ] {
            assert!(
                matches!(site.classify(&site.page_url(page), skipped), Target::Skip),
                "{skipped}"
            );
        }
    }

    #[test]
    fn a_site_without_base_url_resolves_from_its_root() {
        let site = SiteUrl::new("/").unwrap();
        assert_eq!(
            internal(&site, "index.html", "/posts/"),
            Some(("posts/".into(), None))
        );
    }
}
