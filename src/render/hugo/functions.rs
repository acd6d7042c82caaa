//! The functions of Hugo's templates that need the site: URLs, translations, Markdown, pages,
//! resources, data, and `warnf` reporting to the build. Everything else comes from the engine's
//! own library (`inkstone_gotemplate::funcs::Hugo`).

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use inkstone_gotemplate::funcs::{Hugo, fmt::sprintf, text};
use inkstone_gotemplate::time::Time;
use inkstone_gotemplate::{Call, Functions, Map, Safe, Templates, Value};

use super::Shared;
use super::values::{Page, Resource, Site, from_json, glob, hugo, reference};
use crate::markdown::{CodeOptions, code_block_with, math};

/// Hugo's namespaces: `ns.Func` is read as one function name for each of these.
const NAMESPACES: &[&str] = &[
    "collections",
    "compare",
    "crypto",
    "css",
    "data",
    "debug",
    "diagrams",
    "encoding",
    "fmt",
    "hash",
    "hugo",
    "images",
    "inflect",
    "js",
    "lang",
    "math",
    "openapi3",
    "os",
    "page",
    "partials",
    "path",
    "reflect",
    "resources",
    "safe",
    "site",
    "strings",
    "templates",
    "time",
    "transform",
    "urls",
];

/// What inkstone answers for here, by Hugo's names and aliases.
const SITE_FUNCTIONS: &[&str] = &[
    "relURL",
    "urls.RelURL",
    "absURL",
    "urls.AbsURL",
    "relLangURL",
    "urls.RelLangURL",
    "absLangURL",
    "urls.AbsLangURL",
    "urlize",
    "urls.URLize",
    "anchorize",
    "urls.Anchorize",
    "ref",
    "urls.Ref",
    "relref",
    "urls.RelRef",
    "humanize",
    "inflect.Humanize",
    "pluralize",
    "inflect.Pluralize",
    "singularize",
    "inflect.Singularize",
    "T",
    "i18n",
    "lang.Translate",
    "markdownify",
    "transform.Markdownify",
    "emojify",
    "transform.Emojify",
    "highlight",
    "transform.Highlight",
    "transform.HighlightCodeBlock",
    "transform.CanHighlight",
    "transform.Unmarshal",
    "unmarshal",
    "openapi3.Unmarshal",
    "transform.ToMath",
    "site",
    "hugo",
    "page",
    "now",
    "time.Now",
    "resources.Get",
    "reflect.IsImageResource",
    "reflect.IsImageResourceProcessable",
    "resources.GetMatch",
    "resources.Match",
    "resources.Minify",
    "minify",
    "resources.Fingerprint",
    "fingerprint",
    "resources.GetRemote",
    "readFile",
    "os.ReadFile",
    "fileExists",
    "os.FileExists",
    "getenv",
    "os.Getenv",
    "resources.ExecuteAsTemplate",
    "resources.FromString",
    "warnf",
    "fmt.Warnf",
    "warnidf",
    "fmt.Warnidf",
    "urls.Parse",
    "urls.JoinPath",
];

pub fn known(name: &str) -> bool {
    if Hugo.has(name) || SITE_FUNCTIONS.contains(&name) {
        return true;
    }
    // `site.Params`, `hugo.Version`, `page.Title`: fields of what those functions give.
    if let Some((namespace, _)) = name.split_once('.') {
        return NAMESPACES.contains(&namespace);
    }
    // An unknown plain name parses, and says so only if a template that uses it runs: a
    // theme's partial that no shortcode calls never stops a build.
    true
}

/// The functions for one page's shortcodes and hooks.
pub struct SiteFunctions<'a> {
    pub shared: &'a Arc<Shared>,
    pub page: usize,
    pub page_value: Value,
    /// What `warnf` said, for the build's report.
    pub warnings: Mutex<Vec<String>>,
    /// The site's render hooks, for the Markdown templates convert.
    pub hooks: &'a dyn crate::markdown::hooks::Hooks,
    /// Set for a `{{% %}}` shortcode, whose output is read as Markdown: what `.RenderString`
    /// gives is kept here and marked in the output, so that it is not read twice (as Hugo
    /// keeps it).
    pub protected: Option<Mutex<Vec<String>>>,
}

impl Functions for SiteFunctions<'_> {
    fn has(&self, name: &str) -> bool {
        known(name)
    }

    fn call(&self, name: &str, args: &[Value], call: &mut Call<'_>) -> Result<Value, String> {
        match self.site_function(name, args) {
            Some(result) => result,
            None if Hugo.has(name) => Hugo.call(name, args, call),
            None => Err(unsupported(name)),
        }
    }
}

fn unsupported(name: &str) -> String {
    format!(
        "inkstone has no function {name:?}; write this shortcode or hook as a minijinja template in templates/ (templates/shortcodes/NAME.html, templates/_markup/render-KIND.html), which inkstone uses first"
    )
}

fn arg(args: &[Value], i: usize) -> String {
    args.get(i).map(text).unwrap_or_default()
}

impl SiteFunctions<'_> {
    fn site_function(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let shared = self.shared;
        let ctx = &shared.ctx;
        let config = &ctx.config;
        let s = |v: String| Some(Ok(Value::from(v)));
        match name {
            "relURL" | "urls.RelURL" => s(site_url(ctx, &arg(args, 0), false, false)),
            "absURL" | "urls.AbsURL" => s(site_url(ctx, &arg(args, 0), true, false)),
            "relLangURL" | "urls.RelLangURL" => s(site_url(ctx, &arg(args, 0), false, true)),
            "absLangURL" | "urls.AbsLangURL" => s(site_url(ctx, &arg(args, 0), true, true)),
            "urlize" | "urls.URLize" => s(crate::text::urlize(&arg(args, 0))),
            "anchorize" | "urls.Anchorize" => s(crate::text::anchor(&arg(args, 0))),
            "ref" | "urls.Ref" | "relref" | "urls.RelRef" => {
                let from = args.first().and_then(|p| p.downcast::<Page>()).map_or(self.page, |p| p.index);
                let wanted = match args.get(1) {
                    Some(Value::Map(m)) => m.get("path").map(text).unwrap_or_default(),
                    other => other.map(text).unwrap_or_default(),
                };
                Some(reference(ctx, from, &wanted, name == "ref" || name == "urls.Ref").map(Value::from))
            }
            "humanize" | "inflect.Humanize" => {
                let input = arg(args, 0);
                s(match input.parse::<i64>() {
                    Ok(n) => ordinal(n),
                    Err(_) => crate::text::humanize(&input),
                })
            }
            "pluralize" | "inflect.Pluralize" => s(cruet::to_plural(&arg(args, 0))),
            "singularize" | "inflect.Singularize" => s(cruet::to_singular(&arg(args, 0))),
            "T" | "i18n" | "lang.Translate" => Some(self.translate(args)),
            "markdownify" | "transform.Markdownify" => Some(Ok(Value::safe(
                Safe::Html,
                crate::markdown::fragment(&arg(args, 0), config.unsafe_html, self.hooks, false),
            ))),
            // A page's `.RenderString [options] text`.
            "inkstone.RenderString" => {
                let (options, text) = match args {
                    [Value::Map(options), text] => (Some(options), text),
                    [text, ..] => (None, text),
                    [] => return Some(Err("RenderString needs a text".into())),
                };
                let block = options
                    .and_then(|o| o.get("display"))
                    .is_some_and(|d| d.as_str() == Some("block"));
let html = crate::markdown::fragment(
                    &inkstone_gotemplate::funcs::text(text),
                    config.unsafe_html,
                    self.hooks,
                    block,
                );
                if let Some(Ok(mut kept)) = self.protected.as_ref().map(Mutex::lock) {
                    kept.push(html);
                    let marker = format!(
                        "{}{}{}",
                        crate::markdown::shortcodes::PROTECTED_START,
                        kept.len() - 1,
                        crate::markdown::shortcodes::PROTECTED_END
                    );
                    return Some(Ok(Value::safe(Safe::Html, marker)));
                }
                Some(Ok(Value::safe(Safe::Html, html)))
            }
            "emojify" | "transform.Emojify" => Some(Ok(Value::safe(Safe::Html, crate::markdown::emojify(&arg(args, 0))))),
            "highlight" | "transform.Highlight" | "transform.HighlightCodeBlock" => {
                let (code, lang) = match args.first() {
                    Some(Value::Map(m)) => (m.get("Inner").map(text).unwrap_or_default(), m.get("Type").map(text).unwrap_or_default()),
                    _ => (arg(args, 0), arg(args, 1)),
                };
                let options = match args.get(2) {
                    Some(Value::Map(m)) => m.iter().map(|(k, v)| format!("{k}={}", text(v))).collect::<Vec<_>>().join(","),
                    other => other.map(text).unwrap_or_default(),
                };
                let mut html = String::new();
                code_block_with(&mut html, code.trim_end_matches('\n'), &lang, &CodeOptions::parse(&options));
                if name == "transform.HighlightCodeBlock" {
                    let mut map = Map::new();
                    map.insert("Wrapped".into(), Value::safe(Safe::Html, &html));
                    map.insert("Inner".into(), Value::safe(Safe::Html, &html));
                    return Some(Ok(Value::map(map)));
                }
                Some(Ok(Value::safe(Safe::Html, html)))
            }
            "transform.CanHighlight" => Some(Ok(Value::Bool(!arg(args, 0).is_empty()))),
            "transform.ToMath" => {
                let display = matches!(args.get(1), Some(Value::Map(m)) if m.get("displayMode").is_some_and(Value::truthy));
                Some(math::to_mathml(&arg(args, 0), display).map(|html| Value::safe(Safe::Html, html)))
            }
            "transform.Unmarshal" | "unmarshal" => Some(unmarshal(args.last())),
            // The document as data: Go templates reach `.Info.Title` in it as in Hugo's
            // struct, since fields match keys whatever their case.
            "openapi3.Unmarshal" => Some(unmarshal(args.first())),
            "site" => Some(Ok(Site::value(shared))),
            "hugo" => Some(Ok(hugo(shared))),
            "page" => Some(Ok(self.page_value.clone())),
            "now" | "time.Now" => Some(Ok(Time::value(jiff::Zoned::now()))),
            "resources.Get" => Some(Ok(asset(shared, &arg(args, 0)).map_or(Value::Nil, Value::object))),
            "resources.GetMatch" => Some(Ok(assets(shared, &arg(args, 0)).into_iter().next().map_or(Value::Nil, Value::object))),
            "resources.Match" => Some(Ok(Value::list(assets(shared, &arg(args, 0)).into_iter().map(Value::object).collect()))),
            "resources.Minify" | "minify" => Some(Ok(match args.last().and_then(|a| a.downcast::<Resource>()) {
                // As Hugo's: `a/b.css` becomes `a/b.min.css`.
                Some(resource) => {
                    let name = match resource.name.rsplit_once('.') {
                        Some((stem, ext)) if !stem.ends_with(".min") => format!("{stem}.min.{ext}"),
                        _ => resource.name.clone(),
                    };
                    let ctx = &self.shared.ctx;
                    let (url, permalink) = if resource.publisher.is_some() {
                        (ctx.url(&format!("/{name}")), ctx.permalink(&format!("/{name}")))
                    } else {
                        (resource.url.clone(), resource.permalink.clone())
                    };
                    Value::object(Resource { minified: true, name, url, permalink, ..resource.clone() })
                }
                None => args.last().cloned().unwrap_or_default(),
            })),
            // A resource stands for its fingerprinted form.
            "resources.Fingerprint" | "fingerprint" => Some(Ok(args.last().cloned().unwrap_or_default())),
            // GoAT diagrams are not drawn: the template gets nothing, and the build says so.
            "diagrams.Goat" => {
                if let Ok(mut warnings) = self.warnings.lock() {
                    warnings.push("diagrams.Goat: inkstone does not draw GoAT (ASCII art) diagrams; this one is left out".to_owned());
                }
                Some(Ok(Value::Nil))
            }
            "reflect.IsImageResource" | "reflect.IsImageResourceProcessable" => Some(Ok(Value::Bool(
                args.first().and_then(|a| a.downcast::<Resource>()).is_some_and(|r| {
                    let processable = !r.name.ends_with(".svg") || name == "reflect.IsImageResource";
                    mime_guess::from_path(&r.name).first_raw().is_some_and(|m| m.starts_with("image/")) && processable
                }),
            ))),
            "resources.GetRemote" => Some(Err(
                "resources.GetRemote fetches from the network, which inkstone never does while building; save the file in assets/ and use resources.Get"
                    .into(),
            )),
            "resources.ExecuteAsTemplate" => Some(self.execute_as_template(args)),
            "resources.FromString" => {
                let name = arg(args, 0).trim_start_matches('/').to_owned();
                Some(Ok(self.made_resource(name, arg(args, 1))))
            }
            "readFile" | "os.ReadFile" => Some(read_site_file(shared, &arg(args, 0)).map(Value::from)),
            "fileExists" | "os.FileExists" => Some(Ok(Value::Bool(site_file(shared, &arg(args, 0)).is_some_and(|p| p.exists())))),
            // As Hugo's default security policy: only `HUGO_` variables are readable.
            "getenv" | "os.Getenv" => {
                let key = arg(args, 0);
                s(if key.starts_with("HUGO_") { std::env::var(&key).unwrap_or_default() } else { String::new() })
            }
            "warnf" | "fmt.Warnf" | "warnidf" | "fmt.Warnidf" => {
                let args = if name.contains("id") { args.get(1..).unwrap_or_default() } else { args };
                let (format, rest) = args.split_first()?;
                if let Ok(mut warnings) = self.warnings.lock() {
                    warnings.push(sprintf(&text(format), rest));
                }
                s(String::new())
            }
            "urls.Parse" => Some(Ok(parse_url(&arg(args, 0)))),
            "urls.JoinPath" => {
                let parts: Vec<String> = args.iter().flat_map(|a| a.items().unwrap_or_else(|| vec![a.clone()])).map(|a| text(&a)).collect();
                s(join_path(&parts))
            }
            _ => {
                if let Some((namespace, field)) = name.split_once('.') {
                    let owner = match namespace {
                        "site" => Site::value(shared),
                        "hugo" => hugo(shared),
                        "page" => self.page_value.clone(),
                        _ => return None,
                    };
                    return Some(match owner.field(field, args) {
                        Some(result) => result,
                        None => Err(unsupported(name)),
                    });
                }
                None
            }
        }
    }

    fn made_resource(&self, name: String, content: String) -> Value {
        let ctx = &self.shared.ctx;
        Value::object(Resource {
            url: ctx.url(&format!("/{name}")),
            permalink: ctx.permalink(&format!("/{name}")),
            file: PathBuf::new(),
            name,
            minified: false,
            meta: None,
            content: Some(Arc::from(content)),
            publisher: Some(self.shared.publisher.clone()),
        })
    }

    /// `resources.ExecuteAsTemplate TARGET DATA RESOURCE`: the resource's text run as a
    /// template, as a resource published at TARGET.
    fn execute_as_template(&self, args: &[Value]) -> Result<Value, String> {
        let target = arg(args, 0).trim_start_matches('/').to_owned();
        let data = args.get(1).cloned().unwrap_or_default();
        let resource = args
            .get(2)
            .and_then(|r| r.downcast::<Resource>())
            .ok_or("ExecuteAsTemplate needs a resource")?;
        let source = match &resource.content {
            Some(text) => text.to_string(),
            None => std::fs::read_to_string(&resource.file)
                .map_err(|e| format!("cannot read {}: {e}", resource.name))?,
        };
        let mut templates = Templates::text();
        templates
            .add(&resource.name, &source, self)
            .map_err(|e| e.to_string())?;
        let text = templates
            .execute(&resource.name, &data, self)
            .map_err(|e| e.to_string())?;
        Ok(self.made_resource(target, text))
    }

    /// `T "key"`, `T "key" 3`, `T "key" (dict "Count" 3 "Name" "x")`: the site's or the theme's
    /// string, its plural form chosen by the count, run as a template over the context.
    fn translate(&self, args: &[Value]) -> Result<Value, String> {
        let key = arg(args, 0).to_lowercase();
        let context = args.get(1).cloned().unwrap_or_default();
        let count = match &context {
            Value::Int(n) => Some(*n),
            Value::Float(f) => Some(*f as i64),
            Value::Map(m) => m.get("Count").and_then(Value::as_int),
            _ => None,
        };
        let Some(entry) = crate::format::get_ci(&self.shared.ctx.config.i18n, &key) else {
            return Ok(Value::str(""));
        };
        let form = |name: &str| entry.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        let Some(string) = (if count == Some(1) {
            form("one").or_else(|| form("other"))
        } else {
            form("other")
        }) else {
            return Ok(Value::str(""));
        };
        if !string.contains("{{") {
            return Ok(Value::from(string));
        }
        let data = match context {
            Value::Int(_) | Value::Float(_) => {
                let mut map = Map::new();
                map.insert("Count".into(), context);
                Value::map(map)
            }
            other => other,
        };
        let mut templates = Templates::text();
        templates
            .add("i18n", &string, &inkstone_gotemplate::NoFunctions)
            .map_err(|e| e.message)?;
        templates
            .execute("i18n", &data, &inkstone_gotemplate::NoFunctions)
            .map(Value::from)
            .map_err(|e| e.message)
    }
}

/// Hugo's `relURL`/`absURL` (and the `Lang` ones, with the language's prefix): a path with a
/// leading `/` is from the host, one without from the base URL's path; a URL with a scheme is
/// left alone. Checked against Hugo 0.168 with a base URL that has a path.
fn site_url(
    ctx: &crate::render::Context,
    input: &str,
    absolute: bool,
    with_language: bool,
) -> String {
    if input.contains("://") || input.starts_with("//") {
        return input.to_owned();
    }
    let config = &ctx.config;
    let prefix = if with_language {
        config.lang().prefix.as_str()
    } else {
        ""
    };
    let base_path = config.base_path();
    let host = config
        .base_url
        .strip_suffix(base_path)
        .unwrap_or(&config.base_url);
    let path = match input.strip_prefix('/') {
        Some(rest) => format!("{prefix}/{rest}"),
        // The base path ends with `/`; the language's prefix (`/fr`) joins it as `fr/`.
        None if prefix.is_empty() => format!("{base_path}{input}"),
        None => format!("{base_path}{}/{input}", prefix.trim_start_matches('/')),
    };
    if absolute {
        format!("{host}{path}")
    } else {
        path
    }
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `transform.Unmarshal`: JSON, TOML or YAML text (or a resource's) as data.
fn unmarshal(input: Option<&Value>) -> Result<Value, String> {
    let (text, ext) = match input {
        Some(v) => match v.downcast::<Resource>() {
            Some(r) => (
                std::fs::read_to_string(&r.file).map_err(|e| e.to_string())?,
                r.name.rsplit('.').next().unwrap_or("").to_owned(),
            ),
            None => (text(v), String::new()),
        },
        None => return Err("unmarshal needs something to read".into()),
    };
    let trimmed = text.trim_start();
    if ext == "json" || trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str::<serde_json::Value>(&text)
            .map(|j| from_json(&j))
            .map_err(|e| e.to_string());
    }
    let format = match ext.as_str() {
        "toml" => crate::format::Format::Toml,
        "yaml" | "yml" => crate::format::Format::Yaml,
        _ if trimmed
            .lines()
            .next()
            .is_some_and(|l| l.contains(" = ") || l.starts_with('[')) =>
        {
            crate::format::Format::Toml
        }
        _ => crate::format::Format::Yaml,
    };
    crate::format::parse(format, &text)
        .map(|doc| from_json(&serde_json::Value::Object(doc.map)))
        .map_err(|e| e.message)
}

/// A path inside the site's folder, or none for one that leaves it.
fn site_file(shared: &Shared, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    Some(shared.source.join(relative))
}

fn read_site_file(shared: &Shared, path: &str) -> Result<String, String> {
    let file = site_file(shared, path)
        .ok_or_else(|| format!("readFile: {path:?} is outside the site's folder"))?;
    std::fs::read_to_string(&file).map_err(|e| format!("readFile: cannot read {path}: {e}"))
}

/// A file of `assets/` (the site's, then each theme's).
fn asset(shared: &Shared, path: &str) -> Option<Resource> {
    let relative = path.trim_start_matches('/');
    if Path::new(relative)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    shared
        .asset_dirs
        .iter()
        .map(|dir| dir.join(relative))
        .find(|f| f.is_file())
        .map(|file| Resource {
            name: relative.to_owned(),
            file,
            url: shared.ctx.url(&format!("/{relative}")),
            permalink: shared.ctx.permalink(&format!("/{relative}")),
            minified: false,
            meta: None,
            content: None,
            publisher: Some(shared.publisher.clone()),
        })
}

fn assets(shared: &Shared, pattern: &str) -> Vec<Resource> {
    let mut found: Vec<Resource> = Vec::new();
    for dir in &shared.asset_dirs {
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let Ok(relative) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let name = relative.to_string_lossy().replace('\\', "/");
            if glob(pattern, &name) && !found.iter().any(|r| r.name == name) {
                found.extend(asset(shared, &name));
            }
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// Go's `url.Parse`, as `urls.Parse` gives it: the parts of a URL.
fn parse_url(input: &str) -> Value {
    let (rest, fragment) = input.split_once('#').map_or((input, ""), |(a, b)| (a, b));
    let (rest, query) = rest.split_once('?').map_or((rest, ""), |(a, b)| (a, b));
    let scheme_end = rest.find(':').filter(|&i| {
        i > 0
            && rest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && rest[..i].starts_with(|c: char| c.is_ascii_alphabetic())
    });
    let (scheme, rest) = match scheme_end {
        Some(i) => (rest[..i].to_ascii_lowercase(), &rest[i + 1..]),
        None => (String::new(), rest),
    };
    let (host, path) = match rest.strip_prefix("//") {
        Some(after) => after
            .find('/')
            .map_or((after, ""), |i| (&after[..i], &after[i..])),
        None => ("", rest),
    };
    let hostname = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let (hostname, port) = hostname
        .rsplit_once(':')
        .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or((hostname, ""));
    let mut map = Map::new();
    let mut put = |k: &str, v: &str| {
        map.insert(Arc::from(k), Value::str(v));
    };
    put("Scheme", &scheme);
    put("Host", host);
    put("Path", path);
    put("RawQuery", query);
    put("Fragment", fragment);
    put("String", input);
    let mut map2 = map;
    map2.insert("IsAbs".into(), Value::Bool(!scheme.is_empty()));
    map2.insert("Hostname".into(), Value::str(hostname));
    map2.insert("Port".into(), Value::str(port));
    let mut query_map: std::collections::BTreeMap<Arc<str>, Vec<Value>> =
        std::collections::BTreeMap::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        query_map
            .entry(Arc::from(k))
            .or_default()
            .push(Value::str(v));
    }
    map2.insert(
        "Query".into(),
        Value::map(
            query_map
                .into_iter()
                .map(|(k, v)| (k, Value::list(v)))
                .collect(),
        ),
    );
    Value::map(map2)
}

/// Go's `url.JoinPath`: the first part a URL, the rest path segments, cleaned.
fn join_path(parts: &[String]) -> String {
    let Some((base, rest)) = parts.split_first() else {
        return String::new();
    };
    let mut out = base.trim_end_matches('/').to_owned();
    for part in rest {
        let part = part.trim_matches('/');
        if part.is_empty() || part == "." {
            continue;
        }
        out.push('/');
        out.push_str(part);
    }
    if parts.last().is_some_and(|p| p.ends_with('/')) && !out.ends_with('/') {
        out.push('/');
    }
    out
}
