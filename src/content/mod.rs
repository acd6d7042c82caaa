//! The content stage: finds the files under `content/`, reads their front matter, builds pages.

pub mod cache;
mod cascade;
pub mod dates;
pub mod frontmatter;
mod git;
mod meta;
pub mod page;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::format::scalar_string;
use cache::FrontMatterCache;
pub use meta::at_key;
use meta::{Located, meta_from};
pub use page::{BodyFormat, Bundle, Meta, Page, PageKind};

/// Which pages a build includes besides the published ones (Hugo's `-D`, `-F`, `-E`).
#[derive(Debug, Clone, Copy)]
pub struct Include {
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
    pub now: Timestamp,
}

/// A content file found on disk, before it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub file: PathBuf,
    /// Below the content folder, without a language suffix: `about.zh.md` is `about.md`.
    pub rel_path: String,
    /// The code of the language the file is written in.
    pub lang: String,
    pub kind: PageKind,
    pub bundle: Option<Bundle>,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Arc<Page>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Pages left out as drafts, future or expired.
    pub skipped: usize,
}

/// A page with its warnings, or the problems that keep it out of the site.
pub type ReadResult = Result<(Arc<Page>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// What the last load read from each file, so that a rebuild reads again only the files that
/// changed. Only valid for the config it was read with.
#[derive(Default)]
pub struct ReadCache {
    files: HashMap<PathBuf, (Found, ReadResult)>,
}

impl ReadCache {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads again a file an earlier load read, where it was found then. Returns what it read
    /// now and what it read then; `None` for a file no load has read.
    pub fn reread(&mut self, file: &Path, config: &Config) -> Option<(ReadResult, ReadResult)> {
        let (found, was) = self.files.get_mut(file)?;
        let now = read_page(found.clone(), config, &FrontMatterCache::disabled());
        let was = std::mem::replace(was, now.clone());
        Some((now, was))
    }
}

/// Finds and reads every page under `content_dir`, in parallel, keeping every problem found.
pub fn load(
    content_dir: &Path,
    config: &Config,
    include: &Include,
    front_matter: &FrontMatterCache,
) -> Loaded {
    let (found, warnings) = discover(content_dir, config);
    let results: Vec<ReadResult> = found
        .into_par_iter()
        .map(|f| read_page(f, config, front_matter))
        .collect();
    let results = apply_cascades(results, config, front_matter);
    let results = apply_git_dates(results, content_dir, config);
    collect_loaded(&results, warnings, include)
}

/// With `enableGitInfo`, each page's `lastmod` is its file's last commit date, as in Hugo.
fn apply_git_dates(results: Vec<ReadResult>, source: &Path, config: &Config) -> Vec<ReadResult> {
    if !config.enable_git_info {
        return results;
    }
    let dates = git::last_commit_dates(source);
    if dates.is_empty() {
        return results;
    }
    results
        .into_iter()
        .map(|result| {
            result.map(|(mut page, warnings)| {
                if let Some(date) = dates.get(&page.file) {
                    let own = Arc::make_mut(&mut page);
                    own.meta.lastmod = Some(date.clone());
                    // A commit that changes no text still changes the page's date.
                    let stamp = date.timestamp().as_nanosecond();
                    own.outside_hash = crate::hash::hash_of(&(own.outside_hash, stamp));
                }
                (page, warnings)
            })
        })
        .collect()
}

/// Like [`load`], taking from `cache` what an earlier load read from a file that `is_stale` does
/// not name and that sits where it sat then (same bundle, same kind).
pub fn load_reusing(
    source: &Path,
    config: &Config,
    include: &Include,
    cache: &mut ReadCache,
    front_matter: &FrontMatterCache,
    is_stale: impl Fn(&Path) -> bool + Sync,
) -> Loaded {
    let (found, warnings) = discover(source, config);
    let previous = std::mem::take(&mut cache.files);
    let results: Vec<(Found, ReadResult)> = found
        .into_par_iter()
        .map(|f| {
            if !is_stale(&f.file)
                && let Some((was, result)) = previous.get(&f.file)
                && *was == f
            {
                return (f, result.clone());
            }
            let result = read_page(f.clone(), config, front_matter);
            (f, result)
        })
        .collect();
    // The cache keeps what each file says by itself: a changed cascade reaches every page below.
    let cascaded = apply_cascades(
        results.iter().map(|(_, r)| r.clone()).collect(),
        config,
        front_matter,
    );
    let cascaded = apply_git_dates(cascaded, source, config);
    let loaded = collect_loaded(&cascaded, warnings, include);
    for (found, result) in results {
        cache.files.insert(found.file.clone(), (found, result));
    }
    loaded
}

/// The published pages and every problem of what was read.
fn collect_loaded<'a>(
    results: impl IntoIterator<Item = &'a ReadResult>,
    warnings: Vec<Diagnostic>,
    include: &Include,
) -> Loaded {
    let mut loaded = Loaded {
        diagnostics: warnings,
        ..Loaded::default()
    };
    for result in results {
        match result {
            Ok((page, warnings)) => {
                loaded.diagnostics.extend(warnings.iter().cloned());
                if is_published(page, include) {
                    loaded.pages.push(Arc::clone(page));
                } else {
                    loaded.skipped += 1;
                }
            }
            Err(problems) => loaded.diagnostics.extend(problems.iter().cloned()),
        }
    }
    loaded
}

fn is_published(page: &Page, include: &Include) -> bool {
    let meta = &page.meta;
    if meta.draft && !include.drafts {
        return false;
    }
    let now = include.now;
    if !include.future
        && meta
            .publish_date
            .as_ref()
            .is_some_and(|d| d.timestamp() > now)
    {
        return false;
    }
    if !include.expired
        && meta
            .expiry_date
            .as_ref()
            .is_some_and(|d| d.timestamp() <= now)
    {
        return false;
    }
    true
}

const CONTENT_EXTENSIONS: &[&str] = &["md", "markdown", "html", "htm"];

fn is_content_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| CONTENT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The content folders of a site, each with the language its files are in unless their names
/// say otherwise, and where below the content root its files go.
fn content_roots(source: &Path, config: &Config) -> Vec<(PathBuf, String, String)> {
    let default = config
        .languages
        .first()
        .map(|l| l.code.clone())
        .unwrap_or_default();
    config
        .content_mounts
        .iter()
        .map(|m| {
            let lang = m.lang.clone().unwrap_or_else(|| default.clone());
            (source.join(&m.source), lang, m.target.clone())
        })
        .collect()
}

/// Walks the content folders in name order, so that builds are reproducible whatever the file
/// system. Returns the files found, and a warning for each file name whose suffix looks like a
/// language the config does not define.
pub fn discover(source: &Path, config: &Config) -> (Vec<Found>, Vec<Diagnostic>) {
    let roots = content_roots(source, config);
    let mut walker = Walker {
        config,
        lang: String::new(),
        roots: roots.iter().map(|(d, _, _)| d.clone()).collect(),
        found: Vec::new(),
        warnings: Vec::new(),
    };
    for (dir, lang, target) in roots {
        if dir.is_dir() {
            walker.lang = lang;
            walker.walk(&dir, &target);
        }
    }
    (walker.found, walker.warnings)
}

struct Walker<'a> {
    config: &'a Config,
    /// The language of the folder being walked.
    lang: String,
    /// Every language's content folder: one inside another (`content/zh` in `content`) is
    /// walked as its own language's, not as part of the outer one.
    roots: Vec<PathBuf>,
    found: Vec<Found>,
    warnings: Vec<Diagnostic>,
}

/// A content file's name read for its language: `about.zh.md` is `about.md` in `zh` when the
/// site defines `zh`.
struct Named {
    name: String,
    logical: String,
    lang: Option<String>,
}

impl Walker<'_> {
    fn skip_links(&mut self, links: Vec<PathBuf>) {
        self.warnings
            .extend(links.iter().map(|link| crate::files::skipped_link(link)));
    }

    fn named(&mut self, dir: &Path, name: &str) -> Named {
        let parts: Vec<&str> = name.split('.').collect();
        let second_last = parts.len().checked_sub(2).filter(|_| parts.len() >= 3);
        if let Some(at) = second_last
            && let Some(suffix) = parts.get(at)
        {
            let suffix = suffix.to_ascii_lowercase();
            let logical = {
                let mut kept: Vec<&str> = parts.clone();
                kept.remove(at);
                kept.join(".")
            };
            if self.config.languages.iter().any(|l| l.code == suffix) {
                return Named {
                    name: name.to_owned(),
                    logical,
                    lang: Some(suffix),
                };
            }
            if self.config.multilingual && looks_like_language(&suffix) {
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "`{suffix}` in this file's name looks like a language, but the config defines no language `{suffix}`; it is read as part of the name"
                    ))
                    .in_file(dir.join(name))
                    .with_hint(format!(
                        "add [languages.{suffix}] to the config, or rename the file"
                    )),
                );
            }
        }
        Named {
            name: name.to_owned(),
            logical: name.to_owned(),
            lang: None,
        }
    }

    fn walk(&mut self, dir: &Path, rel: &str) {
        let Listed { files, dirs, links } = list_dir(dir);
        self.skip_links(links);
        let join = |name: &str| {
            if rel.is_empty() {
                name.to_owned()
            } else {
                format!("{rel}/{name}")
            }
        };
        let content: Vec<Named> = files
            .iter()
            .filter(|n| is_content_file(n))
            .map(|n| self.named(dir, n))
            .collect();
        let lang_of =
            |n: &Named, walker_lang: &str| n.lang.clone().unwrap_or_else(|| walker_lang.to_owned());
        let indexes: Vec<&Named> = content
            .iter()
            .filter(|n| stem(&n.logical) == "index")
            .collect();
        if !indexes.is_empty() && !rel.is_empty() {
            let mut resources: Vec<String> = files
                .iter()
                .filter(|n| !indexes.iter().any(|i| i.name == **n))
                .cloned()
                .collect();
            for sub in &dirs {
                let links = collect_files(&dir.join(sub), sub, &mut resources);
                self.skip_links(links);
            }
            for index in &indexes {
                self.found.push(Found {
                    file: dir.join(&index.name),
                    rel_path: join(&index.logical),
                    lang: lang_of(index, &self.lang),
                    kind: PageKind::Page,
                    bundle: Some(Bundle {
                        resources: resources.clone(),
                    }),
                });
            }
            return;
        }
        let mut resources: Vec<String> = files
            .iter()
            .filter(|n| !is_content_file(n))
            .cloned()
            .collect();
        // A folder without content below a section (`images/`) holds the section's files, as
        // in Hugo; it is no section of its own.
        let mut sections_below = Vec::with_capacity(dirs.len());
        for sub in &dirs {
            let inner = dir.join(sub);
            if !self.roots.contains(&inner) && !holds_content(&inner) {
                let links = collect_files(&inner, sub, &mut resources);
                self.skip_links(links);
            } else {
                sections_below.push(sub.clone());
            }
        }
        let dirs = sections_below;
        // The section's own page first, as a section is declared before what it holds.
        let mut content = content;
        content.sort_by_key(|n| stem(&n.logical) != "_index");
        for named in &content {
            let is_section_index = stem(&named.logical) == "_index";
            let (kind, bundle) = if is_section_index {
                let kind = if rel.is_empty() {
                    PageKind::Home
                } else {
                    PageKind::Section
                };
                let bundle = Bundle {
                    resources: resources.clone(),
                };
                (kind, Some(bundle))
            } else {
                (PageKind::Page, None)
            };
            self.found.push(Found {
                file: dir.join(&named.name),
                rel_path: join(&named.logical),
                lang: lang_of(named, &self.lang),
                kind,
                bundle,
            });
        }
        for sub in &dirs {
            let inner = dir.join(sub);
            if !self.roots.contains(&inner) {
                self.walk(&inner, &join(sub));
            }
        }
    }
}

/// A page's terms of one taxonomy, as written: Hugo trims no space (`"it's, ok "` is the term
/// `its-ok-`), and a lone string is one term.
fn term_names(value: Option<&Value>) -> Vec<String> {
    let names = match value {
        Some(Value::Array(items)) => items.iter().filter_map(scalar_string).collect(),
        Some(other) => scalar_string(other).into_iter().collect(),
        None => Vec::new(),
    };
    names.into_iter().filter(|n| !n.trim().is_empty()).collect()
}

/// `fr`, `pt-br`, `zh-hans`: two or three letters, then optional subtags.
fn looks_like_language(suffix: &str) -> bool {
    let mut parts = suffix.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The name without its extension: `_index.zh-cn.md`, where `zh-cn` is no language of the
/// site, is the page `_index.zh-cn`, as in Hugo, not a section's own page.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// What a folder of content holds, by name; links are not followed, as in Hugo.
#[derive(Default)]
struct Listed {
    files: Vec<String>,
    dirs: Vec<String>,
    links: Vec<PathBuf>,
}

fn list_dir(dir: &Path) -> Listed {
    let mut listed = Listed::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return listed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if crate::files::is_hidden_or_temp(&name) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            listed.links.push(entry.path());
        } else if kind.is_dir() {
            listed.dirs.push(name);
        } else if kind.is_file() {
            listed.files.push(name);
        }
    }
    listed.files.sort();
    listed.dirs.sort();
    listed.links.sort();
    listed
}

/// Whether a content file is anywhere below `dir`; stops at the first.
fn holds_content(dir: &Path) -> bool {
    let Listed { files, dirs, .. } = list_dir(dir);
    files.iter().any(|n| is_content_file(n)) || dirs.iter().any(|d| holds_content(&dir.join(d)))
}

/// Adds the files below `dir` to `out`; returns the links skipped on the way.
fn collect_files(dir: &Path, rel: &str, out: &mut Vec<String>) -> Vec<PathBuf> {
    let Listed {
        files,
        dirs,
        mut links,
    } = list_dir(dir);
    out.extend(files.into_iter().map(|f| format!("{rel}/{f}")));
    for sub in dirs {
        links.extend(collect_files(&dir.join(&sub), &format!("{rel}/{sub}"), out));
    }
    links
}

/// Gives each page the front matter the cascades above it pass down: a page that inherits keys
/// is read again with them, its `outside_hash` marked with what it inherited so that cached
/// outputs of it see the change.
fn apply_cascades(
    results: Vec<ReadResult>,
    config: &Config,
    front_matter: &FrontMatterCache,
) -> Vec<ReadResult> {
    let cascades = cascade::Cascades::collect(
        results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|(p, _)| &**p),
    );
    if cascades.is_empty() {
        return results;
    }
    results
        .into_par_iter()
        .map(|result| {
            let Ok((page, _)) = &result else {
                return result;
            };
            let inherited = cascades.inherited(page, config);
            if inherited.is_empty() {
                return result;
            }
            let found = Found {
                file: page.file.clone(),
                rel_path: page.rel_path.clone(),
                lang: page.lang.clone(),
                kind: page.kind,
                bundle: page.bundle.clone(),
            };
            let marker = crate::hash::hash_serialized(&inherited);
            read_page_inheriting(found, config, front_matter, inherited).map(|(mut page, w)| {
                let own = Arc::make_mut(&mut page);
                own.outside_hash = crate::hash::hash_of(&(own.outside_hash, marker));
                (page, w)
            })
        })
        .collect()
}

/// Reads one file: its front matter now; its body is read again when the page is rendered, so
/// the whole site's text is never held in memory at once.
fn read_page(found: Found, config: &Config, front_matter: &FrontMatterCache) -> ReadResult {
    read_page_inheriting(found, config, front_matter, Map::new())
}

/// [`read_page`], with keys a cascade passes down added to what the front matter sets.
fn read_page_inheriting(
    found: Found,
    config: &Config,
    front_matter: &FrontMatterCache,
    inherited: Map<String, Value>,
) -> ReadResult {
    let bytes = std::fs::read(&found.file).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read this file: {e}")).in_file(&found.file)]
    })?;
    page_from_bytes(found, &bytes, config, front_matter, inherited)
}

/// A page from its file's bytes: front matter split, parsed and read for what Hugo's keys mean.
/// Nothing a file holds makes this panic; it is fuzzed (`fuzz/`).
pub fn page_from_bytes(
    found: Found,
    bytes: &[u8],
    config: &Config,
    front_matter: &FrontMatterCache,
    inherited: Map<String, Value>,
) -> ReadResult {
    let text = decode(bytes).map_err(|d| vec![d.in_file(&found.file)])?;
    let split = frontmatter::split(text).map_err(|e| {
        vec![
            Diagnostic::error(format!(
                "the front matter opened with `{}` on line 1 is never closed",
                e.delimiter
            ))
            .in_file(&found.file)
            .at(text, 1, 1)
            .with_hint(format!(
                "add a line with only `{}` after the last front matter key",
                e.delimiter
            )),
        ]
    })?;
    let mut warnings = Vec::new();
    if split.format.is_none() && has_lone_cr_front_matter(text) {
        warnings.push(
            Diagnostic::warning(
                "this file's lines end in a lone carriage return (old Mac style): its front matter is read as text, as Hugo reads it",
            )
            .in_file(&found.file)
            .with_hint("save the file with Unix (LF) or Windows (CRLF) line endings"),
        );
    }
    let params = match split.format {
        None => Map::new(),
        Some(format) => match front_matter.parse(format, split.front) {
            Ok(doc) => {
                for tolerated in doc.tolerated {
                    let mut d = Diagnostic::warning(tolerated.message)
                        .in_file(&found.file)
                        .with_hint(tolerated.hint);
                    if let Some(at) = tolerated.at {
                        d = d.at(text, at.line + split.front_line - 1, at.column);
                    }
                    warnings.push(d);
                }
                doc.map
            }
            Err(e) => {
                let mut d = Diagnostic::error(format!(
                    "invalid {} front matter: {}",
                    format.name(),
                    e.message
                ))
                .in_file(&found.file)
                .with_hint(format!(
                    "fix the {} syntax here; the page is left out until then",
                    format.name()
                ));
                if let Some(at) = e.at {
                    d = d.at(text, at.line + split.front_line - 1, at.column);
                }
                return Err(vec![d]);
            }
        },
    };
    let mut params = params;
    for (key, value) in inherited {
        params.entry(key).or_insert(value);
    }
    let located = Located {
        file: &found.file,
        text,
        front: split.front,
        front_line: split.front_line,
    };
    warnings.extend(meta::check_types(&params, config, &located));
    let meta = meta_from(&params, &found, config, &located)?;
    let body_line = text[..split.body_offset].matches('\n').count() + 1;
    let format = if found.rel_path.ends_with(".html") || found.rel_path.ends_with(".htm") {
        BodyFormat::Html
    } else {
        BodyFormat::Markdown
    };
    Ok((
        Arc::new(Page {
            file: found.file,
            rel_path: found.rel_path,
            lang: found.lang,
            kind: found.kind,
            format,
            body_offset: split.body_offset,
            body_line,
            meta,
            params,
            bundle: found.bundle,
            source_hash: crate::hash::hash_of(&bytes),
            outside_hash: 0,
        }),
        warnings,
    ))
}

/// A file that opens with `---` or `+++` followed by a carriage return that is not part of a
/// CRLF: front matter whose lines no Markdown reader splits.
fn has_lone_cr_front_matter(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    ["---\r", "+++\r"].iter().any(|open| {
        text.strip_prefix(open)
            .is_some_and(|rest| !rest.starts_with('\n'))
    })
}

/// Content must be UTF-8; say where it is not, so the author can find the stray byte.
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let (valid, invalid) = bytes.split_at(e.valid_up_to());
        // The valid prefix is UTF-8 by definition of `valid_up_to`.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = crate::diagnostics::line_column(prefix, prefix.len());
        let byte = invalid.first().copied().unwrap_or_default();
        let mut d = Diagnostic::error(format!(
            "this file is not UTF-8 text (invalid byte 0x{byte:02x} at line {line}, column {column})"
        ))
        .with_hint("save the file as UTF-8 in your editor");
        d.position = Some(crate::diagnostics::Position { line, column });
        d
    })
}
