//! A page bundle's files and `assets/` as Hugo's templates see them: `.Resources` with
//! `.GetMatch`, `.Match` and `.ByType`, front matter's `resources` metadata, and the files a
//! template publishes by using their URL.

#![allow(
    clippy::indexing_slicing,
    reason = "pages refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use inkstone_gotemplate::{Map, Object, Value};
use serde_json::Value as Json;

use super::values::{from_json, ok, text_arg};
use crate::format::get_ci;

/// A page bundle's files: `.Resources`.
#[derive(Clone)]
pub struct Resources {
    ctx: crate::render::Context,
    index: usize,
}

impl std::fmt::Debug for Resources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("resources")
    }
}

impl Resources {
    pub fn value(ctx: &crate::render::Context, index: usize) -> Value {
        Value::object(Resources {
            ctx: ctx.clone(),
            index,
        })
    }

    fn all(&self) -> Vec<Resource> {
        let sp = &self.ctx.site.pages[self.index];
        let Some(bundle) = &sp.page.bundle else {
            return Vec::new();
        };
        let dir = sp
            .page
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // A file the translations share is published once, beside the page of the first
        // language (as Hugo does, and as the output stage copies it): its URL is there.
        let config = &self.ctx.config;
        let first = sp
            .translations
            .iter()
            .filter(|(language, _)| *language < config.language)
            .min_by_key(|(language, _)| *language)
            .map(|(_, path)| path.as_str());
        let own_language = |name: &str| {
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            stem.rsplit_once('.').is_some_and(|(_, code)| {
                config
                    .languages
                    .iter()
                    .any(|l| l.code.eq_ignore_ascii_case(code))
            })
        };
        let path_of = |name: &str| match first {
            Some(path) if !own_language(name) => {
                format!("{path}{}", crate::site::urls::encode_file_name(name))
            }
            _ => format!("{}{}", sp.path, crate::site::urls::encode_file_name(name)),
        };
        let mut counters = Vec::new();
        bundle
            .resources
            .iter()
            .map(|name| Resource {
                meta: resource_meta(&sp.page.params, name, &mut counters).map(Arc::new),
                name: name.clone(),
                file: dir.join(name),
                url: self.ctx.url(&path_of(name)),
                permalink: self.ctx.config.absolute_url(&path_of(name)),
                minified: false,
                content: None,
                publisher: None,
            })
            .collect()
    }
}

impl Object for Resources {
    fn type_name(&self) -> &str {
        "resource.Resources"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        ResourceList::lookup(self.all(), name, args)
    }

    fn items(&self) -> Option<Vec<Value>> {
        Some(self.all().into_iter().map(Value::object).collect())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Hugo's resource globs: `*` within a path segment, `**` across them, `?` one character,
/// case-insensitive.
pub fn glob(pattern: &str, name: &str) -> bool {
    fn rest(s: &[char], from: usize) -> &[char] {
        s.get(from..).unwrap_or(&[])
    }
    fn matches(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) if p.get(1) == Some(&'*') => {
                (0..=n.len()).any(|i| matches(rest(p, 2), rest(n, i)))
            }
            (Some('*'), _) => (0..=n.len())
                .take_while(|&i| i == 0 || n.get(i - 1) != Some(&'/'))
                .any(|i| matches(rest(p, 1), rest(n, i))),
            (Some('?'), Some(c)) if *c != '/' => matches(rest(p, 1), rest(n, 1)),
            (Some(a), Some(b)) => a == b && matches(rest(p, 1), rest(n, 1)),
            _ => false,
        }
    }
    let p: Vec<char> = pattern
        .trim_start_matches('/')
        .to_lowercase()
        .chars()
        .collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    p.len() <= 256 && matches(&p, &n)
}

/// Files templates made or reached in `assets/` whose URL they used: the output stage writes
/// them, as Hugo publishes a resource when its `.RelPermalink` is read.
#[derive(Debug, Default)]
pub struct Publisher(std::sync::Mutex<Vec<(String, Published)>>);

#[derive(Debug, Clone)]
pub enum Published {
    Bytes(Arc<str>),
    File(std::path::PathBuf),
}

impl Publisher {
    pub fn take(&self) -> Vec<(String, Published)> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }

    fn publish(&self, path: &str, what: Published) {
        if let Ok(mut published) = self.0.lock()
            && !published.iter().any(|(p, _)| p == path)
        {
            published.push((path.to_owned(), what));
        }
    }
}

/// One file: of a bundle, of `assets/` (`resources.Get`), or made by a template
/// (`resources.ExecuteAsTemplate`, `resources.FromString`).
#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub file: std::path::PathBuf,
    /// What a template made, instead of a file's bytes.
    pub content: Option<Arc<str>>,
    /// Where to say its URL was used; none for a bundle's files, which are always published.
    pub publisher: Option<Arc<Publisher>>,
    pub url: String,
    pub permalink: String,
    /// Through `minify`: JSON loses its spaces (what else Hugo's minifier does to CSS, JS and
    /// HTML is not done).
    pub minified: bool,
    /// What front matter's `resources` list gives it: a `name`, a `title`, `params`.
    pub meta: Option<Arc<ResourceMeta>>,
}

#[derive(Debug, Clone, Default)]
pub struct ResourceMeta {
    pub name: Option<String>,
    pub title: Option<String>,
    pub params: Option<Value>,
}

/// Hugo's front matter `resources: [{src, name, title, params}]` for the file `path` (the
/// `index`-th of those `src` matches): each of name, title and params from the first entry
/// that matches and has it; `:counter` in them counts the files an entry matched.
pub fn resource_meta(
    params: &serde_json::Map<String, Json>,
    path: &str,
    counters: &mut Vec<usize>,
) -> Option<ResourceMeta> {
    let Some(Json::Array(entries)) = get_ci(params, "resources") else {
        return None;
    };
    counters.resize(entries.len(), 0);
    let mut meta = ResourceMeta::default();
    let mut found = false;
    for (i, entry) in entries.iter().enumerate() {
        let Some(entry) = entry.as_object() else {
            continue;
        };
        let Some(src) = get_ci(entry, "src").and_then(Json::as_str) else {
            continue;
        };
        if !glob(src, path) {
            continue;
        }
        found = true;
        let counter = counters.get_mut(i).map_or(1, |c| {
            *c += 1;
            *c
        });
        let text = |key: &str| {
            get_ci(entry, key)
                .and_then(Json::as_str)
                .map(|t| t.replace(":counter", &counter.to_string()))
        };
        if meta.name.is_none() {
            meta.name = text("name");
        }
        if meta.title.is_none() {
            meta.title = text("title");
        }
        if meta.params.is_none() {
            meta.params = get_ci(entry, "params").map(from_json);
        }
    }
    found.then_some(meta)
}

impl Resource {
    /// Its name as templates match it: front matter's `name`, else its path in the bundle.
    fn display_name(&self) -> &str {
        self.meta
            .as_ref()
            .and_then(|m| m.name.as_deref())
            .unwrap_or(&self.name)
    }

    fn kind(&self) -> &'static str {
        let mime = mime_guess::from_path(&self.name)
            .first_raw()
            .unwrap_or("application/octet-stream");
        match mime.split('/').next() {
            Some("image") => "image",
            Some("text") => "text",
            Some("video") => "video",
            Some("audio") => "audio",
            _ if self.name.ends_with(".md") => "page",
            _ => "application",
        }
    }
}

impl Object for Resource {
    fn type_name(&self) -> &str {
        "resource.Resource"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let value = match name {
            "Name" => Value::str(
                self.meta
                    .as_ref()
                    .and_then(|m| m.name.as_deref())
                    .unwrap_or(&self.name),
            ),
            "Title" => Value::str(
                self.meta
                    .as_ref()
                    .and_then(|m| m.title.as_deref().or(m.name.as_deref()))
                    .unwrap_or(&self.name),
            ),
            "RelPermalink" | "Permalink" => {
                if let Some(publisher) = &self.publisher {
                    let what = match &self.content {
                        Some(text) => Published::Bytes(text.clone()),
                        None => Published::File(self.file.clone()),
                    };
                    publisher.publish(&self.name, what);
                }
                Value::str(if name == "RelPermalink" {
                    &self.url
                } else {
                    &self.permalink
                })
            }
            "ResourceType" => Value::str(self.kind()),
            "MediaType" => {
                let mime = mime_guess::from_path(&self.name)
                    .first_raw()
                    .unwrap_or("application/octet-stream");
                let (main, sub) = mime.split_once('/').unwrap_or((mime, ""));
                let mut map = Map::new();
                map.insert("Type".into(), Value::str(mime));
                map.insert("MainType".into(), Value::str(main));
                map.insert("SubType".into(), Value::str(sub));
                Value::map(map)
            }
            "Content" if self.content.is_some() => {
                Value::str(self.content.as_deref().unwrap_or(""))
            }
            "Content" => match std::fs::read_to_string(&self.file) {
                Ok(text) if self.minified && self.name.ends_with(".json") => {
                    let compact = serde_json::from_str::<Json>(&text)
                        .ok()
                        .and_then(|j| serde_json::to_string(&j).ok());
                    Value::str(compact.unwrap_or(text))
                }
                Ok(text) => Value::str(text),
                Err(e) => return Some(Err(format!("cannot read {}: {e}", self.name))),
            },
            "Width" | "Height" => {
                let size = imagesize::size(&self.file).ok();
                Value::Int(
                    size.map_or(0, |s| if name == "Width" { s.width } else { s.height }) as i64,
                )
            }
            "Params" => self
                .meta
                .as_ref()
                .and_then(|m| m.params.clone())
                .unwrap_or_else(|| Value::map(Map::new())),
            "Data" | "Exif" => Value::map(Map::new()),
            // Image processing is not done: the image itself stands for its resized forms.
            "Resize" | "Fit" | "Fill" | "Crop" | "Process" | "Filter" => {
                Value::object(self.clone())
            }
            "Key" => Value::str(&self.name),
            _ => {
                let _ = args;
                return None;
            }
        };
        ok(value)
    }

    fn to_text(&self) -> String {
        self.name.clone()
    }

    fn identity(&self) -> Option<String> {
        Some(self.file.display().to_string())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A list of resources, with `.GetMatch`, `.Match` and `.ByType` of its own.
#[derive(Debug, Clone)]
pub struct ResourceList(pub Vec<Resource>);

impl ResourceList {
    pub fn lookup(all: Vec<Resource>, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let pattern = text_arg(args, 0);
        let value = match name {
            "GetMatch" | "Get" => all
                .into_iter()
                .find(|r| {
                    if name == "Get" {
                        r.name == pattern
                    } else {
                        glob(&pattern, r.display_name())
                    }
                })
                .map_or(Value::Nil, Value::object),
            "Match" => Value::object(ResourceList(
                all.into_iter()
                    .filter(|r| glob(&pattern, r.display_name()))
                    .collect(),
            )),
            "ByType" => Value::object(ResourceList(
                all.into_iter().filter(|r| r.kind() == pattern).collect(),
            )),
            "Len" => Value::Int(all.len() as i64),
            _ => return None,
        };
        ok(value)
    }
}

impl Object for ResourceList {
    fn type_name(&self) -> &str {
        "resource.Resources"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        ResourceList::lookup(self.0.clone(), name, args)
    }

    fn items(&self) -> Option<Vec<Value>> {
        Some(self.0.iter().cloned().map(Value::object).collect())
    }

    fn like(&self, items: Vec<Value>) -> Option<Value> {
        let resources = items
            .iter()
            .filter_map(|v| v.downcast::<Resource>().cloned())
            .collect();
        Some(Value::object(ResourceList(resources)))
    }

    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
