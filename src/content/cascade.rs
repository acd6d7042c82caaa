//! Hugo's `cascade`: front matter that the home page or a section's `_index.md` passes down to
//! itself and every page below it, unless the page sets the key itself or a nearer section
//! cascades it too. An entry may be limited to some pages with `target` (Hugo's older `_target`): a `path`
//! glob, a `kind`, a `lang` or an `environment`.

use globset::{Glob, GlobMatcher};
use serde_json::{Map, Value};

use super::{Page, PageKind};
use crate::config::Config;
use crate::format::{get_ci, scalar_string};

/// Every cascade of the site, nearest-first for any page below several.
#[derive(Default)]
pub struct Cascades {
    sources: Vec<Source>,
}

struct Source {
    lang: String,
    /// The folder of the `_index.md` that declares it, below the content root (`""` for home).
    dir: String,
    entries: Vec<Entry>,
}

struct Entry {
    values: Map<String, Value>,
    target: Target,
}

#[derive(Default)]
struct Target {
    path: Option<GlobMatcher>,
    kind: Option<String>,
    lang: Option<String>,
    environment: Option<String>,
}

impl Cascades {
    /// The cascades the home and section pages among `pages` declare.
    pub fn collect<'a>(pages: impl Iterator<Item = &'a Page>) -> Cascades {
        let mut sources: Vec<Source> = pages
            .filter(|p| p.kind != PageKind::Page)
            .filter_map(|p| {
                let entries = entries(get_ci(&p.params, "cascade")?);
                (!entries.is_empty()).then(|| Source {
                    lang: p.lang.clone(),
                    dir: p.dir().to_owned(),
                    entries,
                })
            })
            .collect();
        // Deepest first: a nearer section's value wins over a farther one's.
        sources.sort_by_key(|s| std::cmp::Reverse(depth(&s.dir)));
        Cascades { sources }
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The keys `page` inherits: those of the cascades above it that apply to it and that
    /// neither its own front matter nor a nearer cascade sets.
    pub fn inherited(&self, page: &Page, config: &Config) -> Map<String, Value> {
        let mut inherited = Map::new();
        let path = logical_path(page);
        for source in &self.sources {
            if source.lang != page.lang || !is_below(page, &source.dir) {
                continue;
            }
            for entry in &source.entries {
                if !entry.target.matches(page, &path, config) {
                    continue;
                }
                for (key, value) in &entry.values {
                    let set =
                        get_ci(&page.params, key).is_some() || get_ci(&inherited, key).is_some();
                    if !set {
                        inherited.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        inherited
    }
}

/// `cascade:` is one map, or a list of maps each with its own target.
fn entries(value: &Value) -> Vec<Entry> {
    let maps: Vec<&Map<String, Value>> = match value {
        Value::Object(map) => vec![map],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    maps.into_iter().map(entry).collect()
}

fn entry(map: &Map<String, Value>) -> Entry {
    let target = get_ci(map, "target")
        .or_else(|| get_ci(map, "_target"))
        .and_then(Value::as_object)
        .map(target)
        .unwrap_or_default();
    let mut values = Map::new();
    for (key, value) in map {
        let lower = key.to_ascii_lowercase();
        if lower == "target" || lower == "_target" {
            continue;
        }
        // Hugo's `params:` in a cascade are the page's params; inkstone keeps params at the top.
        if lower == "params"
            && let Value::Object(params) = value
        {
            for (k, v) in params {
                values.entry(k.clone()).or_insert_with(|| v.clone());
            }
            continue;
        }
        values.insert(key.clone(), value.clone());
    }
    Entry { values, target }
}

fn target(map: &Map<String, Value>) -> Target {
    let text = |key: &str| {
        get_ci(map, key)
            .and_then(scalar_string)
            .filter(|s| !s.is_empty())
    };
    Target {
        path: text("path")
            .and_then(|p| Glob::new(&p.to_lowercase()).ok())
            .map(|g| g.compile_matcher()),
        kind: text("kind").map(|k| k.to_ascii_lowercase()),
        lang: text("lang").map(|l| l.to_ascii_lowercase()),
        environment: text("environment").map(|e| e.to_ascii_lowercase()),
    }
}

impl Target {
    fn matches(&self, page: &Page, path: &str, config: &Config) -> bool {
        let kind = match page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        };
        self.path.as_ref().is_none_or(|glob| glob.is_match(path))
            && self.kind.as_deref().is_none_or(|k| k == kind)
            && self.lang.as_deref().is_none_or(|l| l == page.lang)
            && self
                .environment
                .as_deref()
                .is_none_or(|e| e == config.environment)
    }
}

/// Whether `page` is the page of folder `dir` or below it: Hugo 0.168 applies a cascade to
/// the page that declares it too (a section cascading `build.render: never` is not written).
fn is_below(page: &Page, dir: &str) -> bool {
    let own = page.dir();
    dir.is_empty() || own == dir || own.starts_with(&format!("{dir}/"))
}

fn depth(dir: &str) -> usize {
    if dir.is_empty() {
        0
    } else {
        dir.matches('/').count() + 1
    }
}

/// Hugo's `.Path` of a page, which `target.path` globs match: `/docs/install` for
/// `docs/install.md`, `/docs` for `docs/_index.md` and for `docs/index.md`'s bundle.
fn logical_path(page: &Page) -> String {
    let rel = page.rel_path.to_lowercase();
    let without_ext = rel.rsplit_once('.').map_or(rel.as_str(), |(stem, _)| stem);
    let path = without_ext
        .strip_suffix("/_index")
        .or_else(|| without_ext.strip_suffix("/index"))
        .unwrap_or(if without_ext == "_index" {
            ""
        } else {
            without_ext
        });
    format!("/{path}")
}
